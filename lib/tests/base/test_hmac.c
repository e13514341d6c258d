/* hmac: HMAC-SHA256 gives the RFC 4231 values whole and in parts, while
 * the thread's cached context switches keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "hmac.h"

static void hex32(const unsigned char m[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", m[i]);
}

/* RFC 4231 cases 2 and 6 (a key longer than the remembered 128 bytes), in
 * one part and in several, with the thread's context switching keys. */
static void test_hmac_sha256_vectors_and_key_changes(void **state)
{
    (void)state;
    static const char data2[] = "what do ya want for nothing?";
    static const char want2[] = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    static const char data6[] = "Test Using Larger Than Block-Size Key - Hash Key First";
    static const char want6[] = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
    unsigned char key6[131];
    memset(key6, 0xaa, sizeof key6);
    unsigned char m[32];
    char hex[65];
    for (int round = 0; round < 3; round++) {
        tc_bytes_t whole = {data2, strlen(data2)};
        assert_int_equal(tc_hmac_sha256((const unsigned char *)"Jefe", 4, &whole, 1, m), 0);
        hex32(m, hex);
        assert_string_equal(hex, want2);
        tc_bytes_t split[] = {{data2, 4}, {data2 + 4, 0}, {data2 + 4, strlen(data2) - 4}};
        assert_int_equal(tc_hmac_sha256((const unsigned char *)"Jefe", 4, split, 3, m), 0);
        hex32(m, hex);
        assert_string_equal(hex, want2);
        tc_bytes_t d6 = {data6, strlen(data6)};
        assert_int_equal(tc_hmac_sha256(key6, sizeof key6, &d6, 1, m), 0);
        hex32(m, hex);
        assert_string_equal(hex, want6);
    }
    /* A key that is a prefix of the remembered one is another key. */
    tc_bytes_t whole = {data2, strlen(data2)};
    assert_int_equal(tc_hmac_sha256((const unsigned char *)"Jef", 3, &whole, 1, m), 0);
    hex32(m, hex);
    assert_string_not_equal(hex, want2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmac_sha256_vectors_and_key_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
