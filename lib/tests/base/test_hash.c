/* hash: the one FNV-1a gives the published 64-bit FNV-1a values, and the
 * string forms agree with the byte form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hash.h"

static void test_known_values(void **state)
{
    (void)state;
    assert_true(tc_fnv1a(TC_FNV1A_INIT, "", 0) == 0xcbf29ce484222325ULL);
    assert_true(tc_fnv1a(TC_FNV1A_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(tc_fnv1a(TC_FNV1A_INIT, "foobar", 6) == 0x85944171f73967e8ULL);
}

static void test_string_forms(void **state)
{
    (void)state;
    uint64_t whole = tc_fnv1a(TC_FNV1A_INIT, "foobar", 6);
    assert_true(tc_fnv1a_str(tc_fnv1a_str(TC_FNV1A_INIT, "foo"), "bar") == whole);
    assert_true(tc_fnv1a_str(TC_FNV1A_INIT, NULL) == TC_FNV1A_INIT);
    assert_int_equal(tc_hash_str("foobar"), (uint32_t)(whole ^ (whole >> 32)));
    assert_int_equal(tc_hash_str(NULL), tc_hash_str(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_string_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
