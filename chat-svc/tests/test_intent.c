/* chat_intent: the learned intent classifier trains deterministically, learns
 * what it is shown, and never answers with an intent that changes or
 * removes existing todos; chat_nlu uses it only towards harmless readings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "chat_intent.h"
#include "chat_nlu.h"
#include "timeutil.h"

static const char *const msgs[] = {"add buy milk",
                                   "buy eggs tomorrow",
                                   "oat milk",
                                   "what's on my list",
                                   "show my todos",
                                   "anything due today?",
                                   "delete the milk",
                                   "remove the eggs one",
                                   "mark the milk done",
                                   "done with the eggs",
                                   "hi there",
                                   "hello",
                                   "help",
                                   "what can you do",
                                   "how does this work",
                                   "reopen the milk",
                                   "clear completed todos",
                                   "move the milk to friday"};
static const chat_intent_t labels[] = {
    CHAT_ADD,    CHAT_ADD,    CHAT_ADD,      CHAT_LIST,     CHAT_LIST,     CHAT_LIST,
    CHAT_DELETE, CHAT_DELETE, CHAT_COMPLETE, CHAT_COMPLETE, CHAT_GREETING, CHAT_GREETING,
    CHAT_HELP,   CHAT_HELP,   CHAT_HELP,     CHAT_REOPEN,   CHAT_CLEAR,    CHAT_UPDATE};
#define N_MSGS (sizeof msgs / sizeof *msgs)

static char *as_c(const chat_intent_model_t *m)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    assert_int_equal(chat_intent_write_c(m, "model", f), 0);
    fclose(f);
    return buf;
}

static void test_training_is_deterministic(void **state)
{
    (void)state;
    chat_intent_trained_t *a = chat_intent_train(msgs, labels, N_MSGS);
    chat_intent_trained_t *b = chat_intent_train(msgs, labels, N_MSGS);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a->model.n > 0);
    assert_int_equal(a->model.n, b->model.n);
    assert_memory_equal(a->keys, b->keys, a->model.n * sizeof *a->keys);
    assert_memory_equal(a->w, b->w, a->model.n * CHAT_INTENT_COUNT * sizeof *a->w);
    char *ca = as_c(&a->model), *cb = as_c(&b->model);
    assert_string_equal(ca, cb); /* the generated source, byte for byte */
    assert_non_null(strstr(ca, "const chat_intent_model_t model ="));
    free(ca);
    free(cb);
    chat_intent_trained_free(a);
    chat_intent_trained_free(b);
}

static void test_learns_its_examples(void **state)
{
    (void)state;
    chat_intent_trained_t *t = chat_intent_train(msgs, labels, N_MSGS);
    for (size_t i = 0; i < N_MSGS; i++) {
        double p;
        chat_intent_t got = chat_intent_top(&t->model, msgs[i], strlen(msgs[i]), &p);
        if (got != labels[i])
            fail_msg("\"%s\": %s, want %s", msgs[i], chat_intent_name(got),
                     chat_intent_name(labels[i]));
        assert_true(p > 0 && p <= 1);
    }
    chat_intent_trained_free(t);
}

static void test_bad_input_is_refused(void **state)
{
    (void)state;
    chat_intent_t bad[] = {CHAT_ADD, (chat_intent_t)CHAT_INTENT_COUNT};
    assert_null(chat_intent_train(msgs, labels, 0));
    assert_null(chat_intent_train(msgs, bad, 2));
    chat_intent_trained_free(NULL);
}

static bool harmless(chat_intent_t in)
{
    return in == CHAT_ADD || in == CHAT_LIST || in == CHAT_HELP || in == CHAT_GREETING ||
           in == CHAT_UNKNOWN;
}

/* The model knows a delete when it sees one, and still never answers it. */
static void test_guess_is_never_destructive(void **state)
{
    (void)state;
    static const char *const destructive[] = {
        "delete buy milk",         "remove the dentist appointment",
        "mark everything as done", "clear all completed",
        "reopen the gas bill",     "undo",
        "yes delete them all",     "move the dentist to friday",
        "wipe my whole list"};
    const chat_intent_model_t *m = &chat_intent_builtin;
    for (size_t i = 0; i < sizeof destructive / sizeof *destructive; i++)
        assert_true(harmless(chat_intent_guess(m, destructive[i], strlen(destructive[i]))));
    assert_int_equal(chat_intent_top(m, "delete buy milk", 15, NULL), CHAT_DELETE);
    assert_int_equal(chat_intent_guess(m, "delete buy milk", 15), CHAT_UNKNOWN);
    chat_intent_trained_t *t = chat_intent_train(msgs, labels, N_MSGS);
    uint64_t s = 7;
    char buf[64];
    for (int n = 0; n < 2000; n++) { /* any bytes */
        size_t len = (size_t)(n % 63);
        for (size_t k = 0; k < len; k++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            buf[k] = (char)(s >> 56);
        }
        assert_true(harmless(chat_intent_guess(m, buf, len)));
        assert_true(harmless(chat_intent_guess(&t->model, buf, len)));
    }
    chat_intent_trained_free(t);
}

static chat_date_ctx_t ctx(void)
{
    return test_ctx("Europe/Berlin");
}

/* In chat_nlu: a bare item the rules cannot read is added with its words as
 * the title; a delete of a named todo stays a delete (the add is only the
 * fallback for when nothing matches). */
static void test_nlu_second_opinion(void **state)
{
    (void)state;
    ProtobufCAllocator mem = test_mem();
    chat_date_ctx_t c = ctx();
    chat_nlu_t o;
    const char *item = "AA batteries x4";
    chat_nlu_parse(item, strlen(item), &c, &mem, &o);
    assert_int_equal(o.intent, CHAT_ADD);
    assert_string_equal(o.title, "AA batteries x4");
    const char *del = "delete the milk";
    chat_nlu_parse(del, strlen(del), &c, &mem, &o);
    assert_int_equal(o.intent, CHAT_DELETE);
    assert_string_equal(o.ref_text, "milk");
    const char *all = "delete everything";
    chat_nlu_parse(all, strlen(all), &c, &mem, &o);
    assert_int_equal(o.intent, CHAT_DELETE);
    assert_null(o.alt_add);
    test_mem_done(&mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_training_is_deterministic),
        cmocka_unit_test(test_learns_its_examples),
        cmocka_unit_test(test_bad_input_is_refused),
        cmocka_unit_test(test_guess_is_never_destructive),
        cmocka_unit_test(test_nlu_second_opinion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
