/* gw_err: TC codes -> HTTP statuses and the contract's error bodies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "gw_err.h"
#include "tc_err.h"

static void test_status_mapping(void **state)
{
    (void)state;
    const char *name;
    assert_int_equal(gw_err_status(TC_EINVAL, &name), 400);
    assert_string_equal(name, "invalid_argument");
    assert_int_equal(gw_err_status(TC_ENOTFOUND, &name), 404);
    assert_string_equal(name, "not_found");
    assert_int_equal(gw_err_status(TC_EUNAUTH, &name), 401);
    assert_string_equal(name, "unauthenticated");
    assert_int_equal(gw_err_status(TC_EUNAVAIL, &name), 503);
    assert_string_equal(name, "unavailable");
    assert_int_equal(gw_err_status(TC_EDEADLINE, &name), 504);
    assert_string_equal(name, "deadline_exceeded");
    assert_int_equal(gw_err_status(TC_EINTERNAL, &name), 500);
    assert_string_equal(name, "internal");
    assert_int_equal(gw_err_status(TC_EIO, &name), 500);
    assert_int_equal(gw_err_status(-999, &name), 500);
    assert_string_equal(name, "internal");
}

static void test_codes_for_status(void **state)
{
    (void)state;
    assert_string_equal(gw_err_code_for_status(405), "method_not_allowed");
    assert_string_equal(gw_err_code_for_status(413), "payload_too_large");
    assert_string_equal(gw_err_code_for_status(415), "unsupported_media_type");
    assert_string_equal(gw_err_code_for_status(401), "unauthenticated");
    assert_string_equal(gw_err_code_for_status(500), "internal");
}

static void test_body_shape(void **state)
{
    (void)state;
    size_t len;
    char *b = gw_err_body("not_found", "todo \"x\" not found", &len);
    assert_int_equal(len, strlen(b));
    cJSON *o = cJSON_Parse(b);
    assert_non_null(o);
    cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
    assert_true(cJSON_IsObject(e));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "code")->valuestring, "not_found");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "message")->valuestring,
                        "todo \"x\" not found");
    assert_int_equal(cJSON_GetArraySize(o), 1);
    cJSON_Delete(o);
    free(b);
    b = gw_err_body("internal", NULL, NULL);
    o = cJSON_Parse(b);
    e = cJSON_GetObjectItemCaseSensitive(o, "error");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "message")->valuestring, "internal");
    cJSON_Delete(o);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_mapping),
        cmocka_unit_test(test_codes_for_status),
        cmocka_unit_test(test_body_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
