/* Unit tests for page_token: round trips, what a token shows (nothing), and
 * every way a token must fail to open: tampered, truncated, another user,
 * another query, another key, garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_token.h"

typedef struct fixture {
    page_token_codec_t *codec;
    unsigned char key[PAGE_TOKEN_KEY_LEN];
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    tc_status_t st = {0};
    if (page_token_new_key(f->key) != 0 || !(f->codec = page_token_codec_create(f->key, &st)))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    page_token_codec_destroy(f->codec);
    free(f);
    return 0;
}

/* A bind list as the store makes one: user, status, query, tag. */
typedef struct bind {
    tc_bytes_t part[4];
} bind_t;

static bind_t bind(const char *user, const char *status, const char *query, const char *tag)
{
    const char *s[] = {user, status, query, tag};
    bind_t b;
    for (int i = 0; i < 4; i++)
        b.part[i] = (tc_bytes_t){s[i], strlen(s[i])};
    return b;
}

static page_token_pos_t seq_pos(int64_t seq)
{
    page_token_pos_t pos = {.n = 1, .key = {{.type = PAGE_TOKEN_INT, .i = seq}}};
    return pos;
}

static void seal(fixture_t *f, const bind_t *b, const page_token_pos_t *pos, char *out)
{
    tc_status_t st = {0};
    if (page_token_seal(f->codec, b->part, 4, pos, out, &st) != 0)
        fail_msg("seal: %s", st.message);
}

/* Opening must fail with TC_EINVAL naming page_token. */
static void assert_refused(fixture_t *f, const bind_t *b, const char *tok)
{
    page_token_pos_t pos;
    tc_status_t st = {0};
    int rc = page_token_open(f->codec, b->part, 4, tok, &pos, &st);
    if (rc != TC_EINVAL)
        fail_msg("token %s: got %d, want TC_EINVAL", tok ? tok : "(null)", rc);
    assert_non_null(strstr(st.message, "page_token"));
}

static void test_round_trip_seq(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "", "");
    const int64_t seqs[] = {0, 1, 50, 123456789, INT64_MAX};
    for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
        char tok[PAGE_TOKEN_MAX_LEN + 1];
        page_token_pos_t in = seq_pos(seqs[i]), out;
        seal(f, &b, &in, tok);
        tc_status_t st = {0};
        assert_int_equal(page_token_open(f->codec, b.part, 4, tok, &out, &st), 0);
        assert_int_equal(out.n, 1);
        assert_int_equal(out.key[0].type, PAGE_TOKEN_INT);
        assert_true(out.key[0].i == seqs[i]);
    }
}

/* What order_by will need: a sort key (text, or NULL for "no due date")
 * before the row key. */
static void test_round_trip_sort_keys(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "1", "milk", "home");
    page_token_pos_t in = {.n = 4,
                           .key = {{.type = PAGE_TOKEN_TEXT, .s = "buy milk", .len = 8},
                                   {.type = PAGE_TOKEN_NULL},
                                   {.type = PAGE_TOKEN_INT, .i = -5},
                                   {.type = PAGE_TOKEN_INT, .i = 42}}};
    page_token_pos_t out;
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &b, &in, tok);
    tc_status_t st = {0};
    assert_int_equal(page_token_open(f->codec, b.part, 4, tok, &out, &st), 0);
    assert_int_equal(out.n, 4);
    assert_int_equal(out.key[0].type, PAGE_TOKEN_TEXT);
    assert_int_equal(out.key[0].len, 8);
    assert_memory_equal(out.key[0].s, "buy milk", 8);
    assert_int_equal(out.key[1].type, PAGE_TOKEN_NULL);
    assert_true(out.key[2].i == -5);
    assert_true(out.key[3].i == 42);
}

static void test_largest_position_fits_the_limit(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "", "");
    static char text[PAGE_TOKEN_MAX_TEXT];
    memset(text, 'x', sizeof text);
    page_token_pos_t in = {.n = 4,
                           .key = {{.type = PAGE_TOKEN_TEXT, .s = text, .len = sizeof text},
                                   {.type = PAGE_TOKEN_INT, .i = 1},
                                   {.type = PAGE_TOKEN_INT, .i = 2},
                                   {.type = PAGE_TOKEN_INT, .i = 3}}};
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &b, &in, tok);
    assert_true(strlen(tok) <= PAGE_TOKEN_MAX_LEN);
    assert_true(PAGE_TOKEN_MAX_LEN < 1024); /* the gateway's limit for a cursor */
    page_token_pos_t out;
    tc_status_t st = {0};
    assert_int_equal(page_token_open(f->codec, b.part, 4, tok, &out, &st), 0);
    assert_int_equal(out.key[0].len, sizeof text);

    /* One byte more, or no key at all, is the caller's bug. */
    in.key[0].len = sizeof text + 1;
    assert_int_equal(page_token_seal(f->codec, b.part, 4, &in, tok, &st), TC_EINTERNAL);
    in.n = 0;
    assert_int_equal(page_token_seal(f->codec, b.part, 4, &in, tok, &st), TC_EINTERNAL);
    in.n = PAGE_TOKEN_MAX_KEYS + 1;
    assert_int_equal(page_token_seal(f->codec, b.part, 4, &in, tok, &st), TC_EINTERNAL);
}

/* base64url only; no run of hex digits that could hold a counter; the same
 * position sealed twice gives two different tokens (random nonce). */
static void test_token_shows_nothing(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "", "");
    page_token_pos_t pos = seq_pos(0x0102030405060708LL);
    char t1[PAGE_TOKEN_MAX_LEN + 1], t2[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &b, &pos, t1);
    seal(f, &b, &pos, t2);
    assert_string_not_equal(t1, t2);
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assert_int_equal(strspn(t1, alphabet), strlen(t1));
    assert_null(strstr(t1, "alice"));
    int run = 0, longest = 0;
    for (const char *p = t1; *p; p++) {
        run = strchr("0123456789abcdef", *p) ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    assert_true(longest < 12); /* the old token was 24 hex digits; chance: 2e-6 */
}

static void test_tampered_token_refused(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "", "");
    page_token_pos_t pos = seq_pos(77);
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &b, &pos, tok);
    size_t n = strlen(tok);
    for (size_t i = 0; i < n; i++) {
        char t[PAGE_TOKEN_MAX_LEN + 1];
        strcpy(t, tok);
        t[i] = t[i] == 'A' ? 'B' : 'A'; /* every position: version, nonce, body, tag */
        assert_refused(f, &b, t);
    }
}

static void test_truncated_or_extended_token_refused(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "", "");
    page_token_pos_t pos = seq_pos(77);
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &b, &pos, tok);
    size_t n = strlen(tok);
    for (size_t len = 0; len < n; len++) {
        char t[PAGE_TOKEN_MAX_LEN + 1];
        memcpy(t, tok, len);
        t[len] = '\0';
        assert_refused(f, &b, t);
    }
    char longer[PAGE_TOKEN_MAX_LEN + 8];
    snprintf(longer, sizeof longer, "%sAAAA", tok);
    assert_refused(f, &b, longer);
}

static void test_other_user_refused(void **state)
{
    fixture_t *f = *state;
    bind_t alice = bind("alice", "0", "", ""), bob = bind("bob", "0", "", "");
    page_token_pos_t pos = seq_pos(5);
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &alice, &pos, tok);
    assert_refused(f, &bob, tok);
}

static void test_other_query_refused(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "milk", "home");
    page_token_pos_t pos = seq_pos(5);
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &b, &pos, tok);
    bind_t others[] = {bind("alice", "1", "milk", "home"), bind("alice", "0", "mil", "home"),
                       bind("alice", "0", "milk", ""),
                       /* the same bytes split differently */
                       bind("alice", "0", "milkh", "ome")};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_refused(f, &others[i], tok);
    /* Fewer parts is another query too. */
    page_token_pos_t out;
    tc_status_t st = {0};
    assert_int_equal(page_token_open(f->codec, b.part, 3, tok, &out, &st), TC_EINVAL);
}

/* A token of another database (another key) does not open here. */
static void test_other_key_refused(void **state)
{
    fixture_t *f = *state;
    fixture_t other = {0};
    tc_status_t st = {0};
    assert_int_equal(page_token_new_key(other.key), 0);
    assert_memory_not_equal(other.key, f->key, PAGE_TOKEN_KEY_LEN);
    other.codec = page_token_codec_create(other.key, &st);
    assert_non_null(other.codec);
    bind_t b = bind("alice", "0", "", "");
    page_token_pos_t pos = seq_pos(5);
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(&other, &b, &pos, tok);
    assert_refused(f, &b, tok);
    /* The same key in another codec (another replica) opens it. */
    page_token_codec_t *same = page_token_codec_create(other.key, &st);
    page_token_pos_t out;
    assert_int_equal(page_token_open(same, b.part, 4, tok, &out, &st), 0);
    assert_true(out.key[0].i == 5);
    page_token_codec_destroy(same);
    page_token_codec_destroy(other.codec);
}

static void test_garbage_refused(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "", "");
    static char huge[4096];
    memset(huge, 'A', sizeof huge - 1);
    const char *junk[] = {
        NULL,
        "",
        "garbage",
        "!!!!",
        "AAAA",
        "a b c d",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "00000000000000050123abcd", /* the old format: seq and query hash in hex */
        "AQ==",
        "AQ",
        huge,
    };
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
        assert_refused(f, &b, junk[i]);
}

/* Base64url has one spelling per token: the last character may not carry
 * stray low bits (else two strings would be one token). */
static void test_noncanonical_spelling_refused(void **state)
{
    fixture_t *f = *state;
    bind_t b = bind("alice", "0", "", "");
    /* 5 bytes of position: 34 raw bytes, so the last of 46 characters
     * carries 2 bits and 4 spare ones. */
    page_token_pos_t pos = {.n = 1, .key = {{.type = PAGE_TOKEN_TEXT, .s = "x", .len = 1}}};
    char tok[PAGE_TOKEN_MAX_LEN + 1];
    seal(f, &b, &pos, tok);
    size_t n = strlen(tok);
    assert_int_equal(n, 46);
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int v = (int)(strchr(alphabet, tok[n - 1]) - alphabet);
    assert_int_equal(v & 15, 0);
    tok[n - 1] = alphabet[v | 1];
    assert_refused(f, &b, tok);
}

static void test_new_keys_differ(void **state)
{
    (void)state;
    unsigned char a[PAGE_TOKEN_KEY_LEN], b[PAGE_TOKEN_KEY_LEN];
    assert_int_equal(page_token_new_key(a), 0);
    assert_int_equal(page_token_new_key(b), 0);
    assert_memory_not_equal(a, b, PAGE_TOKEN_KEY_LEN);
    page_token_codec_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_seq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip_sort_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_largest_position_fits_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_shows_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tampered_token_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_or_extended_token_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_user_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_query_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_key_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_noncanonical_spelling_refused, setup, teardown),
        cmocka_unit_test(test_new_keys_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
