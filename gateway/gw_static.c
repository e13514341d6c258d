#include "gw_static.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "hash.h"
#include "tc_err.h"
#include "xalloc.h"

#define GW_STATIC_MAX_FILE    (8u << 20)
#define GW_STATIC_MAX_ENTRIES 256
#define GW_STATIC_MIN_GZIP    256

typedef struct entry {
    char *rel;
    off_t size;
    struct timespec mtime;
    char *body;
    size_t len;
    char *gz;
    size_t gz_len;
    const char *type;
    bool compressible;
    char etag[40];
    char etag_gz[40];
    struct entry *next;
} entry_t;

struct gw_static {
    char *root;
    pthread_mutex_t mu;
    entry_t *entries;
    size_t n_entries;
};

gw_static_t *gw_static_create(const char *root)
{
    gw_static_t *s = xcalloc(1, sizeof(*s));
    s->root = xstrdup(root);
    pthread_mutex_init(&s->mu, NULL);
    return s;
}

static void entry_free(entry_t *e)
{
    if (!e)
        return;
    free(e->rel);
    free(e->body);
    free(e->gz);
    free(e);
}

void gw_static_destroy(gw_static_t *s)
{
    if (!s)
        return;
    for (entry_t *e = s->entries, *next; e; e = next) {
        next = e->next;
        entry_free(e);
    }
    pthread_mutex_destroy(&s->mu);
    free(s->root);
    free(s);
}

int gw_static_clean_path(const char *url_path, char *out, size_t n)
{
    size_t o = 0;
    const char *p = url_path;
    if (!p || *p != '/' || n < 12)
        return TC_ENOTFOUND;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *seg = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - seg);
        if (seg[0] == '.')
            return TC_ENOTFOUND; /* ".", "..", and hidden files */
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)seg[i];
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':')
                return TC_ENOTFOUND;
        }
        if (o + len + 2 > n)
            return TC_ENOTFOUND;
        if (o)
            out[o++] = '/';
        memcpy(out + o, seg, len);
        o += len;
    }
    size_t tail = strlen(url_path);
    if (o == 0 || url_path[tail - 1] == '/') {
        const char *idx = "index.html";
        if (o + strlen(idx) + 2 > n)
            return TC_ENOTFOUND;
        if (o)
            out[o++] = '/';
        memcpy(out + o, idx, strlen(idx));
        o += strlen(idx);
    }
    out[o] = '\0';
    return 0;
}

static const struct {
    const char *ext;
    const char *type;
    bool text;
} types[] = {
    {".html", "text/html; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".json", "application/json", true},
    {".webmanifest", "application/manifest+json", true},
    {".svg", "image/svg+xml", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".map", "application/json", true},
    {".png", "image/png", false},
    {".ico", "image/x-icon", false},
    {".jpg", "image/jpeg", false},
    {".webp", "image/webp", false},
    {".woff2", "font/woff2", false},
};

static int type_index(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && strcmp(name + n - e, types[i].ext) == 0)
            return (int)i;
    }
    return -1;
}

const char *gw_static_content_type(const char *name)
{
    int i = type_index(name);
    return i < 0 ? "application/octet-stream" : types[i].type;
}

/* gzip of body, or NULL when it does not shrink. */
static char *gzip_of(const char *body, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, len) + 32;
    char *out = xmalloc(cap);
    z.next_in = (Bytef *)body;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t got = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || got >= len) {
        free(out);
        return NULL;
    }
    *out_len = got;
    return out;
}

static int read_file(int fd, size_t size, char **out)
{
    char *buf = xmalloc(size ? size : 1);
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(buf);
            return TC_EIO;
        }
        got += (size_t)r;
    }
    *out = buf;
    return 0;
}

static entry_t *load(const char *path, const char *rel, const struct stat *sb, int *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno == ENOENT || errno == ENOTDIR ? TC_ENOTFOUND : TC_EIO;
        return NULL;
    }
    entry_t *e = xcalloc(1, sizeof(*e));
    if (read_file(fd, (size_t)sb->st_size, &e->body) != 0) {
        close(fd);
        free(e);
        *err = TC_EIO;
        return NULL;
    }
    close(fd);
    e->rel = xstrdup(rel);
    e->size = sb->st_size;
    e->mtime = sb->st_mtim;
    e->len = (size_t)sb->st_size;
    int ti = type_index(rel);
    e->type = ti < 0 ? "application/octet-stream" : types[ti].type;
    e->compressible = ti >= 0 && types[ti].text;
    uint64_t h = tc_fnv1a(TC_FNV1A_INIT, e->body, e->len);
    snprintf(e->etag, sizeof(e->etag), "\"%016llx\"", (unsigned long long)h);
    snprintf(e->etag_gz, sizeof(e->etag_gz), "\"%016llx-gz\"", (unsigned long long)h);
    if (e->compressible && e->len >= GW_STATIC_MIN_GZIP)
        e->gz = gzip_of(e->body, e->len, &e->gz_len);
    return e;
}

static void fill(const entry_t *e, bool want_gzip, gw_static_file_t *f)
{
    bool gz = want_gzip && e->gz;
    const char *src = gz ? e->gz : e->body;
    f->len = gz ? e->gz_len : e->len;
    f->body = xmalloc(f->len ? f->len : 1);
    memcpy(f->body, src, f->len);
    f->gzipped = gz;
    f->compressible = e->compressible;
    f->content_type = e->type;
    memcpy(f->etag, gz ? e->etag_gz : e->etag, sizeof(f->etag));
}

int gw_static_get(gw_static_t *s, const char *url_path, bool want_gzip, gw_static_file_t *f)
{
    char rel[512];
    memset(f, 0, sizeof(*f));
    if (gw_static_clean_path(url_path, rel, sizeof(rel)) != 0)
        return TC_ENOTFOUND;
    char *path = xasprintf("%s/%s", s->root, rel);
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > GW_STATIC_MAX_FILE) {
        free(path);
        return TC_ENOTFOUND;
    }
    pthread_mutex_lock(&s->mu);
    entry_t **pp = &s->entries;
    for (; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->rel, rel) == 0)
            break;
    }
    entry_t *e = *pp;
    if (e && e->size == sb.st_size && e->mtime.tv_sec == sb.st_mtim.tv_sec &&
        e->mtime.tv_nsec == sb.st_mtim.tv_nsec) {
        fill(e, want_gzip, f);
        pthread_mutex_unlock(&s->mu);
        free(path);
        return 0;
    }
    int err = 0;
    entry_t *fresh = load(path, rel, &sb, &err);
    free(path);
    if (!fresh) {
        pthread_mutex_unlock(&s->mu);
        return err;
    }
    fill(fresh, want_gzip, f);
    if (e) { /* replace the stale entry in place */
        fresh->next = e->next;
        *pp = fresh;
        entry_free(e);
    } else if (s->n_entries < GW_STATIC_MAX_ENTRIES) {
        fresh->next = s->entries;
        s->entries = fresh;
        s->n_entries++;
    } else {
        entry_free(fresh);
    }
    pthread_mutex_unlock(&s->mu);
    return 0;
}

bool gw_static_etag_matches(const char *inm, const char *etag)
{
    if (!inm || !*etag)
        return false;
    size_t n = strlen(etag);
    const char *p = inm;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return true;
        while (*p && *p != ',')
            p++;
    }
    return false;
}
