/* test_pg: the real PostgreSQL server of the store tests (test_store.c's
 * `--pg` suite, test_copy.c), started once per test binary with
 * tests/lib/pg-temp.sh (never a mock), or $TODO_TEST_PG_URI's server when
 * that is set. One place, so every test starts and skips it the same way.
 * Tests run one at a time (cmocka): nothing here is thread-safe. */
#ifndef TODO_TEST_PG_H
#define TODO_TEST_PG_H

#include <stddef.h>

extern char test_pg_uri[256]; /* the server's maintenance database */
extern char test_pg_dir[128]; /* the pg-temp.sh folder; "" for $TODO_TEST_PG_URI */

/* Starts the server (or takes $TODO_TEST_PG_URI). Returns 0; 77 (ctest's
 * skip) after printing why when PostgreSQL is not installed; 1 after
 * printing the failure otherwise. */
int test_pg_start(void);

/* Stops the server this binary started (nothing for $TODO_TEST_PG_URI). */
void test_pg_stop(void);

/* Runs sql on the database at uri; fails the current test on an error. */
void test_pg_sql(const char *uri, const char *sql);

/* The URI of database name on the test server, in out (cap bytes). */
void test_pg_db_uri(const char *name, char *out, size_t cap);

/* Runs `pg-temp.sh cmd DIR` on the test server (pause, resume, freeze,
 * thaw); fails the current test when it fails. */
void test_pg_temp(const char *cmd);

#endif
