/* chat_intent: a small learned intent classifier, the rules' second opinion
 * (issue 12 item 3; measured in tests/chat/HELDOUT.md, "Learned intent
 * classifier").
 *
 * Features. The message is lower-cased (ASCII) and split into words: runs of
 * letters, digits and non-ASCII bytes; apostrophes (' and ’) are dropped
 * inside words ("don't" = "dont"); '?', '#' and '@' are words of their own;
 * anything else separates. Features are the words, the word bigrams with
 * <s> and </s> at the ends, and the character 3-, 4- and 5-grams of each
 * word inside "<" word ">". Each is hashed (32-bit FNV-1a over a kind
 * prefix and the text) into CHAT_INTENT_BUCKETS buckets; the vector of
 * bucket counts is scaled to unit length, plus a bias feature.
 *
 * Model. Multinomial logistic regression over all chat_intent_t classes,
 * trained by plain SGD (fixed seed, fixed order, CHAT_INTENT_EPOCHS
 * epochs), weights quantised to int16 and kept only for buckets the
 * training data touched (sorted, looked up by binary search).
 *
 * Training data. At build time, tools/chat_intent_train reads
 * tests/chat/corpus.jsonl: every case with an "intent" and no "before"
 * turns (follow-ups depend on the conversation, which the rules read), its
 * "say" as the message. It writes chat_intent_model.c into the build tree
 * (chat_intent_builtin), compiled into chat_engine. Same corpus, same
 * compiler: the same bytes.
 *
 * Safety. chat_intent_guess() answers only CHAT_ADD, CHAT_LIST, CHAT_HELP,
 * CHAT_GREETING or CHAT_UNKNOWN: a class that would change or remove
 * existing todos is never returned, whatever the weights say. chat_nlu
 * asks it only where the rules did not understand the message, read it as
 * a bare item, or named a todo that may not exist (see chat_nlu.c).
 *
 * Thread-safety: models are immutable; every function may be called from
 * any thread at once. */
#ifndef CHAT_INTENT_H
#define CHAT_INTENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chat_nlu.h"

#define CHAT_INTENT_BITS    18
#define CHAT_INTENT_BUCKETS (1u << CHAT_INTENT_BITS)
#define CHAT_INTENT_EPOCHS  20
#define CHAT_INTENT_SEED    12u
/* chat_intent_guess answers CHAT_UNKNOWN when less than this share of the
 * message's features occurs in the training data. */
#define CHAT_INTENT_MIN_SEEN 0.5

/* A trained model: n rows, keys ascending, row r's weight for class k is
 * w[r * CHAT_INTENT_COUNT + k] * scale; bias the bias feature's row. */
typedef struct chat_intent_model {
    size_t n;
    const uint32_t *keys;
    const int16_t *w;
    const int16_t *bias; /* CHAT_INTENT_COUNT values */
    float scale;
} chat_intent_model_t;

/* The model trained from the corpus at build time (chat_intent_model.c in
 * the build tree). */
extern const chat_intent_model_t chat_intent_builtin;

/* The classifier's best class for msg[0..len) (any bytes) and, when p is
 * not NULL, its probability in *p. Any class, destructive ones included:
 * for measuring, not for acting. */
chat_intent_t chat_intent_top(const chat_intent_model_t *m, const char *msg, size_t len, double *p);

/* The classifier's best class when that is one that changes nothing
 * existing (CHAT_ADD, CHAT_LIST, CHAT_HELP, CHAT_GREETING), else
 * CHAT_UNKNOWN; also CHAT_UNKNOWN when the message is mostly features the
 * training never saw (CHAT_INTENT_MIN_SEEN). This is what chat_nlu acts on. */
chat_intent_t chat_intent_guess(const chat_intent_model_t *m, const char *msg, size_t len);

/* A model built by chat_intent_train: owns its arrays. */
typedef struct chat_intent_trained {
    chat_intent_model_t model;
    uint32_t *keys;
    int16_t *w;
    int16_t bias[CHAT_INTENT_COUNT];
} chat_intent_trained_t;

/* Trains on n messages msgs[i] labelled labels[i] (each < CHAT_INTENT_COUNT),
 * deterministically: the same input gives the same model, bit for bit.
 * Returns a model the caller frees with chat_intent_trained_free, or NULL
 * when n is 0 or a label is out of range. Allocation failure aborts
 * (xmalloc). */
chat_intent_trained_t *chat_intent_train(const char *const *msgs, const chat_intent_t *labels,
                                         size_t n);

/* Frees a trained model; NULL is fine. */
void chat_intent_trained_free(chat_intent_trained_t *t);

/* Writes m as C source defining `const chat_intent_model_t <name>` to f.
 * Returns 0, or -1 when a write failed. */
int chat_intent_write_c(const chat_intent_model_t *m, const char *name, FILE *f);

#endif
