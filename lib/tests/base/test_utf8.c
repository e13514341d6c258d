/* utf8: well-formed UTF-8 passes; truncated, overlong, surrogate and
 * out-of-range sequences do not. Case folding lowers the scripts it covers,
 * keeps lengths, and leaves everything else as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

static void test_utf8(void **state)
{
    (void)state;
    struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"", true},
        {"plain ascii", true},
        {"caf\xc3\xa9", true},
        {"\xe2\x82\xac", true},
        {"\xf0\x9f\x98\x80", true},
        {"\xc3", false},
        {"\xc3\x28", false},
        {"\xc0\xaf", false},
        {"\xe0\x80\xaf", false},
        {"\xed\xa0\x80", false},
        {"\xf4\x90\x80\x80", false},
        {"\xff", false},
        {"\xf0\x9f\x98", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(tc_utf8_valid(cases[i].s, strlen(cases[i].s)), cases[i].ok);
}

static void test_utf8_fold(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Buy MILK 42!", "buy milk 42!"},
        {"ÄPFEL Ärzte ÖL ÜBER ÇA Ø", "äpfel ärzte öl über ça ø"},
        {"× ß ÿ", "× ß ÿ"}, /* U+00D7 is not a letter; ß has no capital here */
        {"ŁÓDŹ ŽLUŤOUČKÝ ŐSZ Ÿ", "łódź žluťoučký ősz ÿ"},
        {"İ", "ı"},
        {"ΣΟΦΙΑ λόγος ΑΩ", "σοφια λόγοσ αω"}, /* final sigma as sigma */
        {"ЁЛКА ПОЗВОНИТЬ Є", "ёлка позвонить є"},
        {"日本 😀 ẞ", "日本 😀 ẞ"}, /* outside the covered scripts: as is */
        {"\xc3", "\xc3"},         /* a cut sequence is copied */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].in);
        char out[64] = {0};
        tc_utf8_fold((const unsigned char *)cases[i].in, n, (unsigned char *)out);
        assert_string_equal(out, cases[i].want);
        /* In place gives the same. */
        char buf[64];
        memcpy(buf, cases[i].in, n + 1);
        tc_utf8_fold((unsigned char *)buf, n, (unsigned char *)buf);
        assert_string_equal(buf, cases[i].want);
    }
}

static void test_utf8_count(void **state)
{
    (void)state;
    assert_int_equal(tc_utf8_count("", 0), 0);
    assert_int_equal(tc_utf8_count("abc", 3), 3);
    assert_int_equal(tc_utf8_count("äp", strlen("äp")), 2);
    assert_int_equal(tc_utf8_count("€😀", strlen("€😀")), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf8_fold),
        cmocka_unit_test(test_utf8_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
