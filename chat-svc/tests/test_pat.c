/* chat_pat: each construct of the pattern language (chat_pat.h) and its
 * edges: sequences, alternatives, optional words, typo tolerance, number
 * words, tokens that never match, used tokens, the end of the view, and
 * the compiled-pattern cache (many patterns, many threads). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#include "chat_pat.h"

/* A message as chat_nlu shows it to patterns: punctuation left out of the
 * view, nothing used. */
typedef struct msg {
    ProtobufCAllocator m;
    chat_tok_t *t;
    size_t view[64];
    bool used[64];
    chat_pat_seq_t s;
} msg_t;

static void msg_init(msg_t *g, const char *text)
{
    g->m = test_mem();
    size_t n = chat_tok_split(text, strlen(text), &g->m, 64, &g->t);
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) {
        g->used[i] = false;
        if (g->t[i].kind != CHAT_TOK_PUNCT)
            g->view[nv++] = i;
    }
    g->s = (chat_pat_seq_t){g->t, g->view, nv, g->used};
}

static size_t match(const char *text, size_t vi, const char *pat)
{
    msg_t g;
    msg_init(&g, text);
    size_t k = chat_pat_match(&g.s, vi, pat);
    test_mem_done(&g.m);
    return k;
}

static void test_words_in_a_row(void **state)
{
    (void)state;
    assert_int_equal(match("get rid of the milk", 0, "get rid of"), 3);
    assert_int_equal(match("please get rid of it", 1, "get rid of"), 3);
    assert_int_equal(match("get the milk", 0, "get rid of"), 0); /* a required word fails all */
    assert_int_equal(match("Get RID, of it!", 0, "get rid of"),
                     3); /* norms; punctuation is out of view */
    assert_int_equal(match("get  rid", 0, "  get   rid  "), 2); /* runs of spaces are one */
}

static void test_alternatives(void **state)
{
    (void)state;
    assert_int_equal(match("we dont need milk", 0, "i|we dont need"), 3);
    assert_int_equal(match("I don't need milk", 0, "i|we dont need"), 3);
    assert_int_equal(match("they dont need milk", 0, "i|we dont need"), 0);
    assert_int_equal(match("add milk", 0, "|add"), 1); /* an empty alternative first */
    assert_int_equal(match("add milk", 0, "add|"), 1); /* a trailing '|' adds nothing */
    assert_int_equal(match("add milk", 0, "x||add"), 1);
    assert_int_equal(match("add milk", 0, "|"), 0); /* only an empty alternative */
}

/* Alternatives are spelled as typed but compared as chat_tok spells the
 * message ("things" is "item", "u" is "you"), so no alternative is dead. */
static void test_alternatives_are_normalised(void **state)
{
    (void)state;
    assert_int_equal(match("delete things", 0, "delete stuff|things"), 2);
    assert_int_equal(match("delete items", 0, "delete stuff|things"), 2);
    assert_int_equal(match("can u", 0, "can u"), 2);
    assert_int_equal(match("can you", 0, "can u"), 2);
    assert_int_equal(match("delete stuff", 0, "delete things"), 0);
}

static void test_optional_words(void **state)
{
    (void)state;
    assert_int_equal(match("i need milk", 0, "i|we ?dont need"), 2);
    assert_int_equal(match("i dont need milk", 0, "i|we ?dont need"), 3);
    assert_int_equal(match("add milk", 0, "?please add"), 1);
    assert_int_equal(match("please add milk", 0, "?please add"), 2);
    assert_int_equal(match("add", 0, "add ?it ?please"), 1);
    /* a missed optional word is skipped, the next is tried at the same token */
    assert_int_equal(match("kindly add", 0, "?please ?kindly add"), 2);
}

static void test_empty_and_all_optional(void **state)
{
    (void)state;
    assert_int_equal(match("add milk", 0, ""), 0);
    assert_int_equal(match("add milk", 0, "   "), 0);
    assert_int_equal(match("add milk", 0, "?"), 0); /* an optional word without alternatives */
    assert_int_equal(match("add milk", 0, "?please ?kindly"), 0); /* nothing matched is 0 */
    assert_int_equal(match("kindly add", 0, "?please ?kindly"), 1);
    assert_int_equal(match("", 0, "add"), 0);
    assert_int_equal(match("add", 5, "add"), 0); /* past the end */
}

static void test_typos_and_long_words(void **state)
{
    (void)state;
    assert_int_equal(match("delte it", 0, "delete"), 1);   /* a dropped letter */
    assert_int_equal(match("deelte it", 0, "delete"), 1);  /* a swap */
    assert_int_equal(match("deletee it", 0, "delete"), 1); /* an extra letter */
    assert_int_equal(match("remote it", 0, "remove"), 0);  /* never a changed letter */
    assert_int_equal(match("elete it", 0, "delete"), 0);   /* never the first letter */
    assert_int_equal(match("ad milk", 0, "add"), 0);       /* short words must be exact */
    assert_int_equal(match("ad milk", 0, "ad"), 1);
    /* "=": a word matched exactly, no slip ("tundes" is a name, not "tunes") */
    assert_int_equal(match("tundes call", 0, "tunes"), 1);
    assert_int_equal(match("tundes call", 0, "=tunes|music"), 0);
    assert_int_equal(match("tunes please", 0, "=tunes|music"), 1);
    assert_int_equal(match("play tundes", 0, "play ?=tunes"), 1);
    /* alternatives and norms are both cut at 31 bytes */
    const char *w40 = "abcdefghijabcdefghijabcdefghijabcdefghij";
    assert_int_equal(match(w40, 0, "abcdefghijabcdefghijabcdefghijaXXXXXXXX"), 1);
    assert_int_equal(match(w40, 0, "abcdefghijabcdefghijabcdefghijabcdefghij"), 1);
    /* the 31st byte changed: no longer the same word (and not a slip) */
    assert_int_equal(match(w40, 0, "abcdefghijabcdefghijabcdefghijX"), 0);
}

static void test_numbers(void **state)
{
    (void)state;
    assert_int_equal(match("remind me 2 call mom", 0, "remind me to call"), 4);
    assert_int_equal(match("4 the team", 0, "for the"), 2);
    assert_int_equal(match("02 call", 0, "to call"), 0); /* only the one-digit 2 */
    assert_int_equal(match("3 call", 0, "to call"), 0);
    assert_int_equal(match("review pr 42", 2, "42"), 1);
    assert_int_equal(match("2 call", 0, "2 call"), 2);
}

static void test_tags_and_quotes_never_match(void **state)
{
    (void)state;
    assert_int_equal(match("add #work", 0, "add work"), 0);
    assert_int_equal(match("add #work", 0, "add ?work"), 1);
    assert_int_equal(match("add \"milk\"", 0, "add milk"), 0);
    assert_int_equal(match("\"add\" milk", 0, "?add milk"), 0); /* nothing matches at a quote */
}

static void test_used_tokens_and_end(void **state)
{
    (void)state;
    msg_t g;
    msg_init(&g, "get rid of milk");
    g.used[g.view[1]] = true; /* "rid" consumed by an earlier rule */
    assert_int_equal(chat_pat_match(&g.s, 0, "get rid of"), 0);
    assert_int_equal(chat_pat_match(&g.s, 0, "get ?rid ?of"), 1); /* a used token stops it */
    assert_int_equal(chat_pat_match(&g.s, 1, "rid"), 0);
    assert_int_equal(chat_pat_match(&g.s, 2, "of milk"), 2);
    g.used[g.view[1]] = false;
    g.s.end = 2; /* the active range ends before "of" */
    assert_int_equal(chat_pat_match(&g.s, 0, "get rid of"), 0);
    assert_int_equal(chat_pat_match(&g.s, 0, "get rid ?of"), 2);
    g.s.used = NULL; /* no marks at all */
    assert_int_equal(chat_pat_match(&g.s, 0, "get rid"), 2);
    test_mem_done(&g.m);
}

static void test_match_any_and_words(void **state)
{
    (void)state;
    msg_t g;
    msg_init(&g, "tick off the milk");
    static const char *const pats[] = {"mark", "tick|check off", "tick", NULL};
    size_t which = 99;
    assert_int_equal(chat_pat_match_any(&g.s, 0, pats, &which), 2);
    assert_int_equal(which, 1); /* the first that matches, not the longest */
    which = 99;
    assert_int_equal(chat_pat_match_any(&g.s, 2, pats, &which), 0);
    assert_int_equal(which, 99);
    assert_int_equal(chat_pat_match_any(&g.s, 0, pats, NULL), 2);
    assert_true(chat_pat_word(&g.t[0], "tick"));
    assert_false(chat_pat_word(&g.t[0], "tock"));
    assert_false(chat_pat_word(NULL, "tick"));
    test_mem_done(&g.m);
    assert_true(chat_pat_alt_has("add|new|remind", "new"));
    assert_false(chat_pat_alt_has("add|new|remind", "ne"));
    assert_false(chat_pat_alt_has("add|new|remind", "remin"));
    assert_true(chat_pat_alt_has("add||new", ""));
}

/* More distinct patterns than the cache holds: each still matches right
 * (the overflow is compiled per call; words under 5 letters, so no typo
 * tolerance blurs them). Patterns live in a static pool that
 * is filled once and never rewritten, as the address rule requires. */
#define MANY 6000
static char many[MANY][16];

static void *match_many(void *arg)
{
    size_t *bad = arg;
    msg_t g;
    msg_init(&g, "w17 w471");
    for (size_t i = 0; i < MANY; i++) {
        size_t want = i == 17 ? 1 : 0;
        *bad += chat_pat_match(&g.s, 0, many[i]) != want;
        *bad += chat_pat_match(&g.s, 1, many[i]) != (i == 471 ? 1u : 0u);
    }
    test_mem_done(&g.m);
    return NULL;
}

static void test_many_patterns_many_threads(void **state)
{
    (void)state;
    for (size_t i = 0; i < MANY; i++)
        snprintf(many[i], sizeof many[i], "x|w%zu", i);
    pthread_t th[4];
    size_t bad[4] = {0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, match_many, &bad[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(bad[i], 0);
    }
    size_t again = 0; /* and again from the filled cache */
    match_many(&again);
    assert_int_equal(again, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_in_a_row),
        cmocka_unit_test(test_alternatives),
        cmocka_unit_test(test_alternatives_are_normalised),
        cmocka_unit_test(test_optional_words),
        cmocka_unit_test(test_empty_and_all_optional),
        cmocka_unit_test(test_typos_and_long_words),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_tags_and_quotes_never_match),
        cmocka_unit_test(test_used_tokens_and_end),
        cmocka_unit_test(test_match_any_and_words),
        cmocka_unit_test(test_many_patterns_many_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
