/* chat_tok: spans keep the user's text, shorthands are normalised, quotes
 * and tags are tokens of their own, binary junk never breaks it. */
#include <string.h>

#include "test_util.h"

#include "chat_tok.h"

static size_t split(ProtobufCAllocator *m, const char *s, chat_tok_t **t)
{
    return chat_tok_split(s, strlen(s), m, 256, t);
}

static void test_words_and_spans(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    const char *s = "Remind me tmrw: call Mom's dentist @ 5pm, pls!";
    chat_tok_t *t;
    size_t n = split(&m, s, &t);
    const char *norms[] = {"remind",  "me", "tomorrow", ":", "call",   "moms",
                           "dentist", "@",  "5pm",      ",", "please", "!"};
    assert_int_equal(n, sizeof norms / sizeof *norms);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(t[i].norm, norms[i]);
    /* the span is the user's own spelling */
    assert_int_equal(t[5].len, 5);
    assert_memory_equal(s + t[5].off, "Mom's", 5);
    assert_int_equal(t[2].kind, CHAT_TOK_WORD);
    assert_int_equal(t[3].kind, CHAT_TOK_PUNCT);
    /* an abbreviation keeps its closing dot; a date and a sentence do not */
    n = split(&m, "pay Novák s.r.o. by 14.12. ok.", &t);
    assert_int_equal(n, 8);
    assert_int_equal(t[2].len, 6); /* "s.r.o." */
    assert_int_equal(t[4].len, 5); /* "14.12" */
    assert_int_equal(t[5].kind, CHAT_TOK_PUNCT);
    assert_int_equal(t[7].kind, CHAT_TOK_PUNCT);
    /* an em or en dash is a dash, not a word */
    n = split(&m, "palings \xE2\x80\x94 put it\xE2\x80\x93now", &t);
    assert_int_equal(n, 6);
    assert_int_equal(t[1].kind, CHAT_TOK_PUNCT);
    assert_string_equal(t[1].norm, "-");
    assert_int_equal(t[4].kind, CHAT_TOK_PUNCT);
    test_mem_done(&m);
}

static void test_numbers_quotes_tags(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    const char *s = "add \"Review PR 42\" #Work #2 17:30 2026-12-24 it\u2019s \u201cfoo bar\u201d";
    chat_tok_t *t;
    size_t n = split(&m, s, &t);
    assert_int_equal(n, 8);
    assert_int_equal(t[1].kind, CHAT_TOK_QUOTED);
    assert_memory_equal(s + t[1].off, "Review PR 42", t[1].len);
    assert_int_equal(t[2].kind, CHAT_TOK_TAG);
    assert_string_equal(t[2].norm, "work");
    assert_int_equal(t[3].kind, CHAT_TOK_TAG);
    assert_string_equal(t[3].norm, "2");
    assert_string_equal(t[4].norm, "17:30");
    assert_string_equal(t[5].norm, "2026-12-24");
    assert_string_equal(t[6].norm, "its"); /* curly apostrophe dropped */
    assert_int_equal(t[7].kind, CHAT_TOK_QUOTED);
    assert_memory_equal(s + t[7].off, "foo bar", 7);
    chat_tok_t *u;
    assert_int_equal(split(&m, "buy 12 eggs", &u), 3);
    assert_int_equal(u[1].kind, CHAT_TOK_NUM);
    assert_int_equal(u[1].num, 12);
    /* what reads as quoted names a todo; apostrophes, dashes and emoji not */
    assert_true(chat_tok_has_quote(s));
    assert_true(chat_tok_has_quote("remove 'buy beans' pls"));
    assert_false(chat_tok_has_quote("delete old emails \u2014 done it, it\u2019s clean \u2728"));
    assert_false(chat_tok_has_quote("don't remove mum's 'gift"));
    test_mem_done(&m);
}

static void test_junk(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    unsigned char junk[512];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 37 + 11);
    chat_tok_t *t;
    size_t n = chat_tok_split((const char *)junk, sizeof junk, &m, 1000, &t);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++)
        assert_true(t[i].off + t[i].len <= sizeof junk);
    /* an unterminated quote is punctuation plus words, not a runaway token */
    assert_int_equal(split(&m, "add \"buy milk", &t), 4);
    /* at most max tokens */
    assert_int_equal(chat_tok_split("a b c d e f", 11, &m, 3, &t), 3);
    assert_int_equal(chat_tok_split("", 0, &m, 10, &t), 0);
    test_mem_done(&m);
}

/* Emoji are punctuation (kept out of titles), except a check mark (done) and
 * a thumbs up (ok); an emoji glued to a word does not join it. */
static void test_emoji(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    chat_tok_t *t;
    size_t n = split(&m,
                     "gift\xF0\x9F\x8E\x81 \xE2\x9C\x94 milk \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
                     "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",
                     &t);
    assert_int_equal(n, 6);
    assert_string_equal(t[0].norm, "gift");
    assert_int_equal(t[1].kind, CHAT_TOK_PUNCT);
    assert_string_equal(t[2].norm, "done");
    assert_string_equal(t[3].norm, "milk");
    assert_string_equal(t[4].norm, "ok");
    assert_int_equal(t[4].len, 8); /* with its skin tone */
    assert_int_equal(t[5].kind, CHAT_TOK_PUNCT);
    assert_int_equal(t[5].len, 11); /* one ZWJ sequence */
    test_mem_done(&m);
}

static void test_fuzzy_and_stem(void **state)
{
    (void)state;
    chat_tok_t t = {.kind = CHAT_TOK_WORD};
    strcpy(t.norm, "delte");
    assert_true(chat_tok_is(&t, "delete"));
    strcpy(t.norm, "compelte");
    assert_true(chat_tok_is(&t, "complete"));
    strcpy(t.norm, "remote"); /* a substitution is a different word */
    assert_false(chat_tok_is(&t, "remove"));
    strcpy(t.norm, "add");
    assert_false(chat_tok_is(&t, "and")); /* short words are exact only */
    strcpy(t.norm, "stuck"); /* a word of its own: "stuck in Dubai airport" struck nothing */
    assert_false(chat_tok_is(&t, "struck"));
    assert_int_equal(chat_tok_distance("milk", "mlik", 2), 1);
    assert_int_equal(chat_tok_distance("kitten", "sitting", 5), 3);
    assert_true(chat_tok_distance("abc", "xyzuvw", 1) > 1);
    char s[32];
    chat_tok_stem("calling", s, sizeof s);
    assert_string_equal(s, "call");
    chat_tok_stem("groceries", s, sizeof s);
    char g[32];
    chat_tok_stem("grocery", g, sizeof g);
    assert_string_equal(s, g);
    chat_tok_stem("shopping", s, sizeof s);
    assert_string_equal(s, "shop");
    chat_tok_stem("boxes", s, sizeof s);
    assert_string_equal(s, "box");
    chat_tok_stem("reply", s, sizeof s); /* no adverb "-ly": "rep" would match "report" */
    assert_string_equal(s, "repli");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_spans),
        cmocka_unit_test(test_numbers_quotes_tags),
        cmocka_unit_test(test_junk),
        cmocka_unit_test(test_emoji),
        cmocka_unit_test(test_fuzzy_and_stem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
