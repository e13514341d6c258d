/* gw_ident: which requests carry an identity and what user id they get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "gw_ident.h"
#include "tc_err.h"

static const char TOK[] = "abcdefghijklmnop"; /* 16 chars */

static void test_token_syntax(void **state)
{
    (void)state;
    assert_true(gw_ident_token_valid(TOK));
    assert_true(gw_ident_token_valid("A-Za_z0.9~aaaaaaaaaa"));
    assert_false(gw_ident_token_valid("abcdefghijklmno")); /* 15 */
    assert_false(gw_ident_token_valid(NULL));
    assert_false(gw_ident_token_valid(""));
    assert_false(gw_ident_token_valid("abcdefghijklmnop+"));
    assert_false(gw_ident_token_valid("abcdefgh ijklmnop"));
    char big[130];
    memset(big, 'a', 129);
    big[129] = '\0';
    assert_false(gw_ident_token_valid(big));
    big[128] = '\0';
    assert_true(gw_ident_token_valid(big));
}

static void test_user_id_is_keyed_hash(void **state)
{
    (void)state;
    gw_ident_t *a = gw_ident_create("key-one", NULL);
    gw_ident_t *b = gw_ident_create("key-two", NULL);
    char u1[GW_IDENT_USER_LEN + 1], u2[GW_IDENT_USER_LEN + 1], u3[GW_IDENT_USER_LEN + 1];
    assert_int_equal(gw_ident_user(a, "Bearer abcdefghijklmnop", NULL, u1), 0);
    assert_int_equal(strlen(u1), GW_IDENT_USER_LEN);
    assert_null(strstr(u1, TOK)); /* never the token itself */
    assert_int_equal(gw_ident_user(a, NULL, TOK, u2), 0);
    assert_string_equal(u1, u2); /* cookie and bearer with one token: one user */
    assert_int_equal(gw_ident_user(b, NULL, TOK, u3), 0);
    assert_string_not_equal(u1, u3); /* keyed */
    assert_int_equal(gw_ident_user(a, NULL, "abcdefghijklmnoq", u3), 0);
    assert_string_not_equal(u1, u3);
    /* HMAC-SHA256("key-one", "abcdefghijklmnop") */
    assert_string_equal(u1, "38d7bf3a012ede48769070814b53a9e14e36d11ef15fad200c52542a1de55160");
    gw_ident_destroy(a);
    gw_ident_destroy(b);
}

static void test_missing_or_bad(void **state)
{
    (void)state;
    gw_ident_t *a = gw_ident_create("k", NULL);
    char u[GW_IDENT_USER_LEN + 1];
    assert_int_equal(gw_ident_user(a, NULL, NULL, u), TC_EUNAUTH);
    assert_int_equal(gw_ident_user(a, "Basic abcdefghijklmnop", NULL, u), TC_EUNAUTH);
    assert_int_equal(gw_ident_user(a, "Bearer short", NULL, u), TC_EUNAUTH);
    assert_int_equal(gw_ident_user(a, "Bearer ", NULL, u), TC_EUNAUTH);
    assert_int_equal(gw_ident_user(a, NULL, "bad cookie value!", u), TC_EUNAUTH);
    /* a broken Authorization header is not rescued by a cookie */
    assert_int_equal(gw_ident_user(a, "Bearer x", TOK, u), TC_EUNAUTH);
    assert_int_equal(gw_ident_user(a, "bearer abcdefghijklmnop", NULL, u), 0);
    gw_ident_destroy(a);
}

static void test_random_key_and_sid(void **state)
{
    (void)state;
    bool random_key = false;
    gw_ident_t *a = gw_ident_create(NULL, &random_key);
    assert_true(random_key);
    gw_ident_t *b = gw_ident_create("", NULL);
    char u1[GW_IDENT_USER_LEN + 1], u2[GW_IDENT_USER_LEN + 1];
    assert_int_equal(gw_ident_user(a, NULL, TOK, u1), 0);
    assert_int_equal(gw_ident_user(b, NULL, TOK, u2), 0);
    assert_string_not_equal(u1, u2);
    char s1[GW_IDENT_SID_LEN + 1], s2[GW_IDENT_SID_LEN + 1];
    assert_int_equal(gw_ident_new_sid(s1), 0);
    assert_int_equal(gw_ident_new_sid(s2), 0);
    assert_int_equal(strlen(s1), 32);
    assert_true(gw_ident_token_valid(s1));
    assert_string_not_equal(s1, s2);
    gw_ident_destroy(a);
    gw_ident_destroy(b);
    gw_ident_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_syntax),
        cmocka_unit_test(test_user_id_is_keyed_hash),
        cmocka_unit_test(test_missing_or_bad),
        cmocka_unit_test(test_random_key_and_sid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
