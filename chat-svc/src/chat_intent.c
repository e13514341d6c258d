/* chat_intent: hashed word and character n-gram features, a multinomial
 * logistic regression trained by SGD, and its model written as C. The
 * feature definition is in chat_intent.h. */
#include "chat_intent.h"

#include "hash.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define K         CHAT_INTENT_COUNT
#define MAX_BYTES 1000 /* longer messages: only the first bytes are read */
#define MAX_WORDS 256
#define MAX_FEATS 4096
#define BIAS      CHAT_INTENT_BUCKETS
#define ETA0      0.5
#define ETA_DECAY 1e-4
#define L2        1e-5

/* ---- names ---- */

static const char *const intent_names[CHAT_INTENT_COUNT] = {
    "unknown",     "add_todo",    "list_todos",      "complete_todo", "reopen_todo",
    "delete_todo", "update_todo", "clear_completed", "undo",          "confirm",
    "cancel",      "help",        "greeting"};

const char *chat_intent_name(chat_intent_t intent)
{
    return (int)intent >= 0 && intent < CHAT_INTENT_COUNT ? intent_names[intent] : "unknown";
}

/* ---- features ---- */

typedef struct feat {
    uint32_t bucket;
    float value;
} feat_t;

typedef struct words {
    char buf[MAX_BYTES + MAX_WORDS];
    size_t off[MAX_WORDS], len[MAX_WORDS], n;
} words_t;

/* Features hash with the one FNV-1a (lib hash.h), folded to 32 bits. */
static uint32_t fold32(uint64_t h)
{
    return (uint32_t)(h ^ (h >> 32));
}

static void word_end(words_t *w, size_t *at, size_t start)
{
    if (*at > start && w->n < MAX_WORDS) {
        w->off[w->n] = start;
        w->len[w->n++] = *at - start;
        w->buf[(*at)++] = 0;
    } else {
        *at = start;
    }
}

/* Splits msg into lower-cased words as chat_intent.h describes. */
static void split_words(const char *msg, size_t len, words_t *w)
{
    size_t at = 0, start = 0;
    w->n = 0;
    len = len < MAX_BYTES ? len : MAX_BYTES;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)msg[i];
        if (c == '\'')
            continue;
        if (c == 0xE2 && i + 2 < len && (unsigned char)msg[i + 1] == 0x80 &&
            (unsigned char)msg[i + 2] == 0x99) {
            i += 2; /* ’ */
            continue;
        }
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
            (c >= 'A' && c <= 'Z')) {
            w->buf[at++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        word_end(w, &at, start);
        start = at;
        if (c == '?' || c == '#' || c == '@') {
            w->buf[at++] = (char)c;
            word_end(w, &at, start);
            start = at;
        }
    }
    word_end(w, &at, start);
}

static void add_feat(uint32_t *out, size_t *n, uint32_t h)
{
    if (*n < MAX_FEATS)
        out[(*n)++] = h & (CHAT_INTENT_BUCKETS - 1);
}

static void word_grams(const char *s, size_t len, uint32_t *out, size_t *n)
{
    char p[MAX_BYTES + 3];
    p[0] = '<';
    memcpy(p + 1, s, len);
    p[len + 1] = '>';
    for (size_t g = 3; g <= 5; g++)
        for (size_t i = 0; i + g <= len + 2; i++)
            add_feat(out, n, fold32(tc_fnv1a(tc_fnv1a(TC_FNV1A_INIT, "c:", 2), p + i, g)));
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The message's features, buckets ascending, unit length, then the bias:
 * returns how many were written to f (at most MAX_FEATS + 1). */
static size_t features(const char *msg, size_t len, feat_t *f)
{
    words_t w;
    split_words(msg, len, &w);
    uint32_t b[MAX_FEATS];
    size_t nb = 0;
    static const char bos[] = "<s>", eos[] = "</s>";
    for (size_t i = 0; i <= w.n; i++) {
        const char *x = i ? w.buf + w.off[i - 1] : bos, *y = i < w.n ? w.buf + w.off[i] : eos;
        uint64_t h = tc_fnv1a_str(tc_fnv1a_str(tc_fnv1a(TC_FNV1A_INIT, "b:", 2), x), " ");
        add_feat(b, &nb, fold32(tc_fnv1a_str(h, y)));
        if (i < w.n) {
            add_feat(b, &nb, fold32(tc_fnv1a(tc_fnv1a(TC_FNV1A_INIT, "w:", 2), y, w.len[i])));
            word_grams(y, w.len[i], b, &nb);
        }
    }
    qsort(b, nb, sizeof *b, cmp_u32);
    size_t n = 0;
    double sq = 0;
    for (size_t i = 0; i < nb; i++) {
        if (n && f[n - 1].bucket == b[i])
            f[n - 1].value += 1;
        else
            f[n++] = (feat_t){b[i], 1};
    }
    for (size_t i = 0; i < n; i++)
        sq += (double)f[i].value * f[i].value;
    for (size_t i = 0; i < n; i++)
        f[i].value = (float)(f[i].value / sqrt(sq));
    f[n++] = (feat_t){BIAS, 1};
    return n;
}

/* ---- scoring ---- */

static const int16_t *row_of(const chat_intent_model_t *m, uint32_t bucket)
{
    if (bucket == BIAS)
        return m->bias;
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->keys[mid] < bucket)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->keys[lo] == bucket ? m->w + lo * K : NULL;
}

/* Class scores of msg into s[K]; returns the share (0..1) of the message's
 * features the training data has seen. */
static double class_scores(const chat_intent_model_t *m, const char *msg, size_t len, double *s)
{
    feat_t f[MAX_FEATS + 1];
    size_t n = features(msg, len, f), known = 0;
    for (size_t i = 0; i < n; i++) {
        const int16_t *r = row_of(m, f[i].bucket);
        known += r && f[i].bucket != BIAS;
        for (size_t k = 0; r && k < K; k++)
            s[k] += (double)f[i].value * r[k] * m->scale;
    }
    return n > 1 ? (double)known / (double)(n - 1) : 0;
}

static chat_intent_t top_class(const chat_intent_model_t *m, const char *msg, size_t len, double *p,
                               double *seen)
{
    double s[K] = {0};
    *seen = class_scores(m, msg, len, s);
    size_t best = 0;
    for (size_t k = 1; k < K; k++)
        best = s[k] > s[best] ? k : best;
    if (p) {
        double z = 0;
        for (size_t k = 0; k < K; k++)
            z += exp(s[k] - s[best]);
        *p = 1 / z;
    }
    return (chat_intent_t)best;
}

chat_intent_t chat_intent_top(const chat_intent_model_t *m, const char *msg, size_t len, double *p)
{
    double seen;
    return top_class(m, msg, len, p, &seen);
}

chat_intent_t chat_intent_guess(const chat_intent_model_t *m, const char *msg, size_t len)
{
    double seen;
    chat_intent_t top = top_class(m, msg, len, NULL, &seen);
    /* A message made mostly of what training never saw (another script,
       a language the corpus lacks, noise) is no evidence for any class. */
    if (seen < CHAT_INTENT_MIN_SEEN)
        return CHAT_UNKNOWN;
    switch (top) {
    case CHAT_ADD:
    case CHAT_LIST:
    case CHAT_HELP:
    case CHAT_GREETING:
        return top;
    default:
        return CHAT_UNKNOWN; /* nothing that changes what exists */
    }
}

/* ---- training ---- */

/* The shuffle's generator: Knuth's MMIX LCG, so the order is the same on
 * every platform. */
static uint64_t lcg_next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* One SGD step of the softmax loss on example (f, nf) with label y. */
static void sgd_step(float *W, bool *seen, const feat_t *f, size_t nf, size_t y, double eta)
{
    double s[K] = {0}, g[K], z = 0, mx;
    for (size_t i = 0; i < nf; i++)
        for (size_t k = 0; k < K; k++)
            s[k] += (double)W[(size_t)f[i].bucket * K + k] * f[i].value;
    mx = s[0];
    for (size_t k = 1; k < K; k++)
        mx = s[k] > mx ? s[k] : mx;
    for (size_t k = 0; k < K; k++)
        z += g[k] = exp(s[k] - mx);
    for (size_t k = 0; k < K; k++)
        g[k] = g[k] / z - (k == y);
    for (size_t i = 0; i < nf; i++) {
        float *w = W + (size_t)f[i].bucket * K;
        seen[f[i].bucket] = true;
        for (size_t k = 0; k < K; k++)
            w[k] -= (float)(eta * (g[k] * f[i].value + L2 * w[k]));
    }
}

/* Keeps the rows training touched, quantised to int16. */
static chat_intent_trained_t *quantise(const float *W, const bool *seen)
{
    chat_intent_trained_t *t = xcalloc(1, sizeof *t);
    double mx = 0;
    size_t rows = 0;
    for (size_t b = 0; b <= BIAS; b++)
        for (size_t k = 0; seen[b] && k < K; k++)
            mx = fabs(W[b * K + k]) > mx ? fabs(W[b * K + k]) : mx;
    for (size_t b = 0; b < BIAS; b++)
        rows += seen[b];
    double scale = mx > 0 ? mx / 32767 : 1;
    t->keys = xmalloc((rows ? rows : 1) * sizeof *t->keys);
    t->w = xmalloc((rows ? rows : 1) * K * sizeof *t->w);
    size_t r = 0;
    for (size_t b = 0; b < BIAS; b++) {
        if (!seen[b])
            continue;
        t->keys[r] = (uint32_t)b;
        for (size_t k = 0; k < K; k++)
            t->w[r * K + k] = (int16_t)lround(W[b * K + k] / scale);
        r++;
    }
    for (size_t k = 0; k < K; k++)
        t->bias[k] = (int16_t)lround(W[(size_t)BIAS * K + k] / scale);
    t->model = (chat_intent_model_t){rows, t->keys, t->w, t->bias, (float)scale};
    return t;
}

chat_intent_trained_t *chat_intent_train(const char *const *msgs, const chat_intent_t *labels,
                                         size_t n)
{
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if ((int)labels[i] < 0 || (int)labels[i] >= K)
            return NULL;
    feat_t **X = xmalloc(n * sizeof *X);
    size_t *nx = xmalloc(n * sizeof *nx), *order = xmalloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++) {
        feat_t f[MAX_FEATS + 1];
        nx[i] = features(msgs[i], strlen(msgs[i]), f);
        X[i] = xmalloc(nx[i] * sizeof *f);
        memcpy(X[i], f, nx[i] * sizeof *f);
        order[i] = i;
    }
    float *W = xcalloc(((size_t)BIAS + 1) * K, sizeof *W);
    bool *seen = xcalloc((size_t)BIAS + 1, sizeof *seen);
    uint64_t rng = CHAT_INTENT_SEED;
    size_t step = 0;
    for (int ep = 0; ep < CHAT_INTENT_EPOCHS; ep++) {
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = lcg_next(&rng) % (i + 1), tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (size_t i = 0; i < n; i++) {
            double eta = ETA0 / (1 + (double)++step * ETA_DECAY);
            sgd_step(W, seen, X[order[i]], nx[order[i]], (size_t)labels[order[i]], eta);
        }
    }
    chat_intent_trained_t *t = quantise(W, seen);
    for (size_t i = 0; i < n; i++)
        free(X[i]);
    free(X);
    free(nx);
    free(order);
    free(W);
    free(seen);
    return t;
}

void chat_intent_trained_free(chat_intent_trained_t *t)
{
    if (!t)
        return;
    free(t->keys);
    free(t->w);
    free(t);
}

/* ---- the model as C ---- */

static void write_i16s(FILE *f, const int16_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%d,%s", v[i], i % 13 == 12 ? "\n" : "");
}

int chat_intent_write_c(const chat_intent_model_t *m, const char *name, FILE *f)
{
    fprintf(f, "/* Generated by chat-svc/tools/chat_intent_train from tests/chat/corpus.jsonl;\n"
               " * do not edit. See chat_intent.h. */\n#include \"chat_intent.h\"\n\n");
    fprintf(f, "static const uint32_t keys[] = {\n");
    for (size_t i = 0; i < m->n; i++)
        fprintf(f, "%uu,%s", m->keys[i], i % 8 == 7 ? "\n" : "");
    fprintf(f, "0};\nstatic const int16_t w[] = {\n");
    write_i16s(f, m->w, m->n * K);
    fprintf(f, "0};\nstatic const int16_t bias[] = {");
    write_i16s(f, m->bias, K);
    fprintf(f, "};\n\nconst chat_intent_model_t %s = {%zuu, keys, w, bias, %.9gf};\n", name, m->n,
            (double)m->scale);
    return ferror(f) ? -1 : 0;
}
