/* test_pg: the store tests' PostgreSQL server (see test_pg.h). */
#include "test_pg.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char test_pg_uri[256];
char test_pg_dir[128];

void test_pg_sql(const char *uri, const char *sql)
{
    PGconn *pg = PQconnectdb(uri);
    PGresult *r = PQexec(pg, sql);
    ExecStatusType es = PQresultStatus(r);
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(pg));
    PQclear(r);
    PQfinish(pg);
}

void test_pg_db_uri(const char *name, char *out, size_t cap)
{
    const char *slash = strrchr(test_pg_uri, '/');
    snprintf(out, cap, "%.*s/%s", (int)(slash - test_pg_uri), test_pg_uri, name);
}

void test_pg_temp(const char *cmd)
{
    char line[512];
    snprintf(line, sizeof line, "bash '%s' %s '%s'", PG_TEMP, cmd, test_pg_dir);
    if (system(line) != 0)
        fail_msg("%s failed", line);
}

int test_pg_start(void)
{
    const char *env = getenv("TODO_TEST_PG_URI");
    if (env && *env) {
        snprintf(test_pg_uri, sizeof test_pg_uri, "%s", env);
        return 0;
    }
    snprintf(test_pg_dir, sizeof test_pg_dir, "/tmp/todo-store-pg-%d", (int)getpid());
    char cmd[512];
    snprintf(cmd, sizeof cmd, "bash '%s' start '%s'", PG_TEMP, test_pg_dir);
    FILE *p = popen(cmd, "r");
    if (!p || !fgets(test_pg_uri, sizeof test_pg_uri, p))
        test_pg_uri[0] = '\0';
    int rc = p ? pclose(p) : -1;
    test_pg_uri[strcspn(test_pg_uri, "\n")] = '\0';
    if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77) {
        printf("SKIP: PostgreSQL is not installed on this machine (apt-get install postgresql)\n");
        return 77;
    }
    if (rc != 0 || !test_pg_uri[0]) {
        fprintf(stderr, "%s failed (%d)\n", cmd, rc);
        return 1;
    }
    return 0;
}

void test_pg_stop(void)
{
    char cmd[512];
    if (!test_pg_dir[0])
        return;
    snprintf(cmd, sizeof cmd, "bash '%s' stop '%s'", PG_TEMP, test_pg_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "%s failed\n", cmd);
}
