/* store_fixture: what the store tests (test_store.c, test_search.c,
 * test_copy.c) share to set a store up and take it down: a temporary
 * folder for a SQLite file, its removal, and opening a store from a setup
 * function. Everything here runs on the test's own thread. */
#ifndef TODO_TEST_STORE_FIXTURE_H
#define TODO_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store.h"

/* Makes a new folder /tmp/<prefix>-XXXXXX into dir (dir_cap bytes) and
 * writes the path of todos.db inside it into path (path_cap bytes).
 * Returns 0, or -1 when no folder could be made. */
static inline int test_dir_make(const char *prefix, char *dir, size_t dir_cap, char *path,
                                size_t path_cap)
{
    snprintf(dir, dir_cap, "/tmp/%s-XXXXXX", prefix);
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, path_cap, "%s/todos.db", dir);
    return 0;
}

/* Removes dir and all in it; says so on stderr when it could not. */
static inline void test_dir_remove(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* The store at db (a SQLite path or a PostgreSQL URI; free with
 * todo_store_destroy), or NULL after printing why on stderr: for setup
 * functions, which report failure by returning -1. */
static inline todo_store_t *test_store_try(const char *db)
{
    tc_status_t st = {0};
    todo_store_t *s = todo_store_create(db, &st);
    if (!s)
        fprintf(stderr, "%s\n", st.message);
    return s;
}

#endif
