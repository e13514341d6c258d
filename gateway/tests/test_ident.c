/* gw_ident: which requests carry an identity and what user id they get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
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
    assert_int_equal(gw_ident_user(b, "Bearer abcdefghijklmnop", NULL, u3), 0);
    assert_string_not_equal(u1, u3); /* keyed */
    assert_int_equal(gw_ident_user(a, "Bearer abcdefghijklmnoq", NULL, u3), 0);
    assert_string_not_equal(u1, u3);
    assert_int_equal(gw_ident_user(a, NULL, TOK, u2), TC_EUNAUTH); /* a cookie must be signed */
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
    assert_int_equal(gw_ident_user(a, "Bearer abcdefghijklmnop", NULL, u1), 0);
    assert_int_equal(gw_ident_user(b, "Bearer abcdefghijklmnop", NULL, u2), 0);
    assert_string_not_equal(u1, u2);
    char s1[GW_IDENT_SID_LEN + 1], s2[GW_IDENT_SID_LEN + 1];
    assert_int_equal(gw_ident_new_sid(a, s1), 0);
    assert_int_equal(gw_ident_new_sid(a, s2), 0);
    assert_int_equal(strlen(s1), GW_IDENT_SID_LEN);
    assert_true(gw_ident_token_valid(s1));
    assert_string_not_equal(s1, s2);
    gw_ident_destroy(a);
    gw_ident_destroy(b);
    gw_ident_destroy(NULL);
}

static void test_sid_is_signed(void **state)
{
    (void)state;
    gw_ident_t *a = gw_ident_create("key-one", NULL);
    gw_ident_t *b = gw_ident_create("key-two", NULL);
    char sid[GW_IDENT_SID_LEN + 1], u1[GW_IDENT_USER_LEN + 1], u2[GW_IDENT_USER_LEN + 1];
    assert_int_equal(gw_ident_new_sid(a, sid), 0);
    assert_true(gw_ident_sid_valid(a, sid));
    assert_false(gw_ident_sid_valid(b, sid)); /* another key did not issue it */
    assert_int_equal(gw_ident_user(a, NULL, sid, u1), 0);
    assert_int_equal(gw_ident_user(b, NULL, sid, u2), TC_EUNAUTH);
    /* sent as a bearer token, the sid is the same user as the cookie */
    char auth[GW_IDENT_SID_LEN + 8];
    snprintf(auth, sizeof auth, "Bearer %s", sid);
    assert_int_equal(gw_ident_user(a, auth, NULL, u2), 0);
    assert_string_equal(u1, u2);
    /* any change of R or of the MAC is refused */
    for (size_t i = 0; i < GW_IDENT_SID_LEN; i++) {
        if (sid[i] == '.')
            continue;
        char bad[GW_IDENT_SID_LEN + 1];
        memcpy(bad, sid, sizeof bad);
        bad[i] = bad[i] == '0' ? '1' : '0';
        assert_false(gw_ident_sid_valid(a, bad));
    }
    assert_false(gw_ident_sid_valid(a, "0123456789abcdef0123456789abcdef")); /* made up */
    assert_false(gw_ident_sid_valid(a, NULL));
    gw_ident_destroy(a);
    gw_ident_destroy(b);
}

static void test_legacy_sid_keeps_its_user(void **state)
{
    (void)state;
    gw_ident_t *a = gw_ident_create("key-one", NULL);
    const char *old = "0123456789abcdef0123456789abcdef"; /* what earlier releases issued */
    char sid[GW_IDENT_SID_LEN + 1], u1[GW_IDENT_USER_LEN + 1], u2[GW_IDENT_USER_LEN + 1];
    assert_true(gw_ident_upgrade_sid(a, old, sid));
    assert_true(gw_ident_sid_valid(a, sid));
    assert_int_equal(gw_ident_user(a, NULL, sid, u1), 0);
    /* earlier releases: HMAC(key, old) for the cookie old */
    char auth[64];
    snprintf(auth, sizeof auth, "Bearer %s", old);
    assert_int_equal(gw_ident_user(a, auth, NULL, u2), 0);
    assert_string_equal(u1, u2);
    assert_false(gw_ident_upgrade_sid(a, "not-a-legacy-sid-at-all", sid));
    assert_false(gw_ident_upgrade_sid(a, NULL, sid));
    gw_ident_destroy(a);
}

/* A create without an Idempotency-Key gets a fresh request id: 128 random
 * bits in hex, never the same twice. */
static void test_request_ids_are_fresh(void **state)
{
    (void)state;
    char a[GW_IDENT_REQUEST_ID_LEN + 1], b[GW_IDENT_REQUEST_ID_LEN + 1];
    assert_int_equal(gw_ident_request_id(a), 0);
    assert_int_equal(gw_ident_request_id(b), 0);
    assert_int_equal(strlen(a), GW_IDENT_REQUEST_ID_LEN);
    assert_int_equal(strspn(a, "0123456789abcdef"), GW_IDENT_REQUEST_ID_LEN);
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_syntax),
        cmocka_unit_test(test_user_id_is_keyed_hash),
        cmocka_unit_test(test_missing_or_bad),
        cmocka_unit_test(test_random_key_and_sid),
        cmocka_unit_test(test_sid_is_signed),
        cmocka_unit_test(test_legacy_sid_keeps_its_user),
        cmocka_unit_test(test_request_ids_are_fresh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
