/* store_copy: one store into another (see store_copy.h). */
#include "store_copy.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "store_rec.h"
#include "xalloc.h"

/* ---- the distinct owners seen (an open-addressing set of strings) ---- */

typedef struct user_set {
    char **slot;
    size_t cap, n;
} user_set_t;

static void users_add(user_set_t *u, const char *user_id);

static void users_grow(user_set_t *u)
{
    user_set_t old = *u;
    u->cap = old.cap ? 2 * old.cap : 64;
    u->slot = xcalloc(u->cap, sizeof *u->slot);
    u->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slot[i]) {
            users_add(u, old.slot[i]);
            free(old.slot[i]);
        }
    free(old.slot);
}

static void users_add(user_set_t *u, const char *user_id)
{
    if (2 * (u->n + 1) > u->cap)
        users_grow(u);
    size_t i = tc_hash_str(user_id) & (u->cap - 1);
    while (u->slot[i] && strcmp(u->slot[i], user_id) != 0)
        i = (i + 1) & (u->cap - 1);
    if (!u->slot[i]) {
        u->slot[i] = xstrdup(user_id);
        u->n++;
    }
}

static void users_free(user_set_t *u)
{
    for (size_t i = 0; i < u->cap; i++)
        free(u->slot[i]);
    free(u->slot);
}

/* ---- the copy ---- */

typedef struct copy {
    todo_store_t *from, *to;
    todo_copy_stats_t *stats;
    user_set_t users;
    tc_status_t first_conflict;
} copy_t;

/* Counts a put's outcome; a conflict is kept (the first one's message) and
 * is not an error of the run. */
static int count(copy_t *c, int ret, bool skipped, size_t *written, size_t *skips,
                 const tc_status_t *st)
{
    if (ret == TC_EEXISTS) {
        if (c->stats->conflicts++ == 0)
            c->first_conflict = *st;
        return 0;
    }
    if (ret == 0)
        (*(skipped ? skips : written))++;
    return ret;
}

/* Puts one batch of todos; *n == 0 when the scan is over. */
static int copy_todo_batch(copy_t *c, int64_t *after, size_t *n, tc_status_t *st)
{
    todo_rec_heap_t h = {0};
    todo_alloc_t a = todo_rec_heap_alloc(&h);
    todo_store_record_t *recs = NULL;
    int ret = todo_store_scan_todos(c->from, *after, TODO_COPY_BATCH, &a, &recs, n, st);
    for (size_t i = 0; ret == 0 && i < *n; i++) {
        bool skipped = false;
        tc_status_t put = {0};
        int r = todo_store_put_todo(c->to, &recs[i], &a, &skipped, &put);
        ret = count(c, r, skipped, &c->stats->todos, &c->stats->todos_skipped, &put);
        if (ret != 0 && st)
            *st = put;
        users_add(&c->users, recs[i].user_id);
        *after = recs[i].pos;
    }
    todo_rec_heap_free(&h);
    return ret;
}

/* Puts one batch of idempotency records after *last (NULL: the first);
 * *last then points to a copy of the batch's last key (in keep). */
static int copy_request_batch(copy_t *c, todo_rec_heap_t *keep, todo_store_request_t **last,
                              size_t *n, tc_status_t *st)
{
    todo_rec_heap_t h = {0};
    todo_alloc_t a = todo_rec_heap_alloc(&h), ka = todo_rec_heap_alloc(keep);
    todo_store_request_t *reqs = NULL;
    int ret = todo_store_scan_requests(c->from, *last, TODO_COPY_BATCH, &a, &reqs, n, st);
    for (size_t i = 0; ret == 0 && i < *n; i++) {
        bool skipped = false;
        tc_status_t put = {0};
        int r = todo_store_put_request(c->to, &reqs[i], &a, &skipped, &put);
        ret = count(c, r, skipped, &c->stats->requests, &c->stats->requests_skipped, &put);
        if (ret != 0 && st)
            *st = put;
        users_add(&c->users, reqs[i].user_id);
    }
    if (ret == 0 && *n) {
        todo_store_request_t *k = ka.alloc(ka.ctx, sizeof *k);
        k->user_id = todo_rec_strdup(&ka, reqs[*n - 1].user_id);
        k->request_id = todo_rec_strdup(&ka, reqs[*n - 1].request_id);
        *last = k;
    }
    todo_rec_heap_free(&h);
    return ret;
}

int todo_copy_run(todo_store_t *from, todo_store_t *to, todo_copy_stats_t *stats, tc_status_t *st)
{
    *stats = (todo_copy_stats_t){0};
    copy_t c = {.from = from, .to = to, .stats = stats};
    int64_t after = 0;
    size_t n = 0;
    int ret;
    do
        ret = copy_todo_batch(&c, &after, &n, st);
    while (ret == 0 && n);
    /* The request keys of a batch are kept until the next one has read. */
    todo_rec_heap_t keep[2] = {{0}, {0}};
    todo_store_request_t *last = NULL;
    for (int i = 0; ret == 0; i ^= 1) {
        todo_rec_heap_free(&keep[i]);
        ret = copy_request_batch(&c, &keep[i], &last, &n, st);
        if (n == 0)
            break;
    }
    todo_rec_heap_free(&keep[0]);
    todo_rec_heap_free(&keep[1]);
    stats->users = c.users.n;
    users_free(&c.users);
    if (ret == 0 && stats->conflicts) {
        if (st)
            *st = c.first_conflict;
        ret = TC_EEXISTS;
    }
    return ret;
}

/* ---- the source: a SQLite file through a private snapshot ---- */

/* "file:" URI of path with immutable=1 (characters a URI path cannot hold
 * as they are percent-encoded), in out of cap bytes. */
static void immutable_uri(const char *path, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < cap; p++) {
        if (strchr("?#%", *p) || *p <= ' ' || *p >= 0x7f)
            n += (size_t)snprintf(out + n, cap - n, "%%%02X", *p);
        else
            out[n++] = (char)*p;
    }
    snprintf(out + n, cap - n, "?immutable=1");
}

/* Opens path for reading only. A file without a write-ahead log beside it
 * is opened immutable, which needs no -shm file: that works in a folder
 * nobody may write (a read-only volume). With a log, a normal read-only
 * open reads what it holds. */
static int open_read_only(const char *path, sqlite3 **db)
{
    char wal[4096], uri[3 * 4096];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", path);
    if (access(path, F_OK) != 0)
        return SQLITE_CANTOPEN;
    if (stat(wal, &sb) == 0 && sb.st_size > 0)
        return sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL);
    immutable_uri(path, uri, sizeof uri);
    return sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
}

/* Copies the SQLite file at path into the new file snap. */
static int snapshot(const char *path, const char *snap, tc_status_t *st)
{
    sqlite3 *src = NULL, *dst = NULL;
    int rc = open_read_only(path, &src);
    if (rc == SQLITE_OK)
        rc = sqlite3_open_v2(snap, &dst, SQLITE_OPEN_READWRITE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", src, "main") : NULL;
    if (b) {
        rc = sqlite3_backup_step(b, -1);
        rc = rc == SQLITE_DONE ? sqlite3_backup_finish(b) : (sqlite3_backup_finish(b), rc);
    } else if (rc == SQLITE_OK) {
        rc = sqlite3_errcode(dst);
    }
    int ret = 0;
    if (rc != SQLITE_OK)
        ret = tc_status_set(st, rc == SQLITE_NOTADB ? TC_EINVAL : TC_EIO,
                            "copy-from: cannot read %s: %s", path,
                            src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
    sqlite3_close(src);
    sqlite3_close(dst);
    return ret;
}

todo_store_t *todo_copy_open_source(const char *db, char *snap, size_t cap, tc_status_t *st)
{
    snap[0] = '\0';
    if (!todo_store_is_sqlite_file(db))
        return todo_store_create(db, st);
    const char *tmp = getenv("TMPDIR");
    snprintf(snap, cap, "%s/todo-copy-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(snap);
    if (fd < 0) {
        tc_status_set(st, TC_EIO, "copy-from: cannot make a snapshot file %s: %s", snap,
                      strerror(errno));
        snap[0] = '\0';
        return NULL;
    }
    close(fd);
    todo_store_t *s = snapshot(db, snap, st) == 0 ? todo_store_create(snap, st) : NULL;
    if (!s)
        todo_copy_close_source(NULL, snap);
    return s;
}

void todo_copy_close_source(todo_store_t *s, const char *snap)
{
    todo_store_destroy(s);
    if (!snap || !*snap)
        return;
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char path[4096];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(path, sizeof path, "%s%s", snap, suffix[i]);
        unlink(path);
    }
}
