/* chat_intent_train: build-time trainer of chat_intent (see chat_intent.h).
 * Reads the corpus (tests/chat/corpus.jsonl format: one JSON case a line,
 * other lines comments), trains on every case with an "intent" and no
 * "before" turns, and writes the model as C source.
 *
 * usage: chat_intent_train CORPUS.jsonl OUT.c
 *        chat_intent_train CORPUS.jsonl --eval CASES.jsonl
 * The second form prints, for each case of CASES, "line<TAB>want<TAB>top
 * <TAB>probability<TAB>guess" (how tests/chat/HELDOUT.md measured it).
 * Exits 0, or 1 with one line on stderr. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "chat_intent.h"
#include "xalloc.h"

typedef struct set {
    char **msgs;
    chat_intent_t *labels;
    int *lines;
    size_t n, cap;
} set_t;

static int intent_of(const char *name)
{
    for (int i = 0; i < CHAT_INTENT_COUNT; i++)
        if (!strcmp(name, chat_intent_name(i)))
            return i;
    return -1;
}

/* Appends the case on line lineno of a corpus when it is one to train on. */
static void take_case(set_t *s, const cJSON *c, int lineno)
{
    const cJSON *say = cJSON_GetObjectItemCaseSensitive(c, "say");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(c, "intent");
    if (!cJSON_IsString(say) || !cJSON_IsString(in) || intent_of(in->valuestring) < 0 ||
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "before")) > 0)
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->msgs = xrealloc(s->msgs, s->cap * sizeof *s->msgs);
        s->labels = xrealloc(s->labels, s->cap * sizeof *s->labels);
        s->lines = xrealloc(s->lines, s->cap * sizeof *s->lines);
    }
    s->msgs[s->n] = xstrdup(say->valuestring);
    s->labels[s->n] = (chat_intent_t)intent_of(in->valuestring);
    s->lines[s->n++] = lineno;
}

static int read_set(const char *path, set_t *s)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "chat_intent_train: cannot open %s\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        lineno++;
        if (line[0] != '{')
            continue;
        cJSON *c = cJSON_ParseWithOpts(line, NULL, true); /* nothing after the object */
        if (!c) {
            fprintf(stderr, "chat_intent_train: %s:%d: bad JSON\n", path, lineno);
            rc = -1;
        }
        take_case(s, c, lineno);
        cJSON_Delete(c);
    }
    free(line);
    fclose(f);
    return rc;
}

static void free_set(set_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->msgs[i]);
    free(s->msgs);
    free(s->labels);
    free(s->lines);
}

static void eval(const chat_intent_model_t *m, const set_t *e)
{
    for (size_t i = 0; i < e->n; i++) {
        double p;
        size_t len = strlen(e->msgs[i]);
        chat_intent_t top = chat_intent_top(m, e->msgs[i], len, &p);
        printf("%d\t%s\t%s\t%.3f\t%s\n", e->lines[i], chat_intent_name(e->labels[i]),
               chat_intent_name(top), p, chat_intent_name(chat_intent_guess(m, e->msgs[i], len)));
    }
}

int main(int argc, char **argv)
{
    bool eval_mode = argc == 4 && !strcmp(argv[2], "--eval");
    if (argc != 3 && !eval_mode) {
        fprintf(stderr, "usage: chat_intent_train CORPUS.jsonl OUT.c | --eval CASES.jsonl\n");
        return 1;
    }
    set_t s = {0}, e = {0};
    int rc = read_set(argv[1], &s) || (eval_mode && read_set(argv[3], &e)) ? 1 : 0;
    chat_intent_trained_t *t =
        rc ? NULL : chat_intent_train((const char *const *)s.msgs, s.labels, s.n);
    if (!rc && !t) {
        fprintf(stderr, "chat_intent_train: no cases to train on in %s\n", argv[1]);
        rc = 1;
    } else if (!rc && eval_mode) {
        eval(&t->model, &e);
    } else if (!rc) {
        FILE *out = fopen(argv[2], "w");
        int wr = out ? chat_intent_write_c(&t->model, "chat_intent_builtin", out) : -1;
        if (!out || fclose(out) != 0 || wr != 0) {
            fprintf(stderr, "chat_intent_train: cannot write %s\n", argv[2]);
            rc = 1;
        }
    }
    chat_intent_trained_free(t);
    free_set(&s);
    free_set(&e);
    return rc;
}
