/* tc_err: every code maps to a gRPC status and back, has a name and a
 * message, and tc_status_set formats into the status it returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tc_err.h"

static void test_error_mapping(void **state)
{
    (void)state;
    assert_int_equal(tc_err_to_grpc(TC_OK), 0);
    assert_int_equal(tc_err_to_grpc(TC_EINVAL), 3);
    assert_int_equal(tc_err_to_grpc(TC_ENOTFOUND), 5);
    assert_int_equal(tc_err_to_grpc(TC_EUNAVAIL), 14);
    assert_int_equal(tc_err_to_grpc(TC_EDEADLINE), 4);
    assert_int_equal(tc_err_to_grpc(-999), 2);
    /* Round trip for every mapped code. */
    int codes[] = {TC_EINVAL,     TC_ENOTFOUND, TC_EUNAVAIL, TC_EDEADLINE, TC_EEXISTS,
                   TC_ECANCELLED, TC_ERESOURCE, TC_EUNAUTH,  TC_EUNIMPL,   TC_EPRECOND};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_int_equal(tc_err_from_grpc(tc_err_to_grpc(codes[i])), codes[i]);
    assert_int_equal(tc_err_from_grpc(13), TC_EINTERNAL);
    assert_string_equal(tc_strerror(TC_ENOTFOUND), "not found");
    assert_string_equal(tc_errname(TC_EINVAL), "EINVAL");
    tc_status_t st;
    assert_int_equal(tc_status_set(&st, TC_EINVAL, "title: %s", "too long"), TC_EINVAL);
    assert_string_equal(st.message, "title: too long");
    tc_status_clear(&st);
    assert_int_equal(st.code, TC_OK);
    assert_string_equal(st.message, "");
    assert_int_equal(tc_status_set(NULL, TC_EIO, "x"), TC_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_mapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
