/* test_alloc: a todo_alloc_t for tests that frees everything at once. */
#ifndef TODO_TEST_ALLOC_H
#define TODO_TEST_ALLOC_H

#include <pthread.h>
#include <stdlib.h>
#include "store.h"

typedef struct test_block {
    struct test_block *next;
    max_align_t data[];
} test_block_t;

typedef struct test_pool {
    test_block_t *head;
    pthread_mutex_t mu;
    todo_alloc_t alloc;
} test_pool_t;

static void *test_pool_alloc(void *ctx, size_t n)
{
    test_pool_t *p = ctx;
    test_block_t *b = calloc(1, sizeof *b + n);
    if (!b)
        abort();
    pthread_mutex_lock(&p->mu);
    b->next = p->head;
    p->head = b;
    pthread_mutex_unlock(&p->mu);
    return b->data;
}

static inline void test_pool_init(test_pool_t *p)
{
    p->head = NULL;
    pthread_mutex_init(&p->mu, NULL);
    p->alloc.alloc = test_pool_alloc;
    p->alloc.ctx = p;
}

static inline void test_pool_free(test_pool_t *p)
{
    while (p->head) {
        test_block_t *n = p->head->next;
        free(p->head);
        p->head = n;
    }
    pthread_mutex_destroy(&p->mu);
}

#endif
