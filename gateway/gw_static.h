/* gw_static: serves the UI files under one directory: safe path mapping (no
 * traversal, no hidden files), content types, content-hash ETags and a
 * precompressed gzip copy of text files. Files are cached in memory and
 * re-read when their size or mtime changes (skaffold sync). Thread-safe. */
#ifndef GW_STATIC_H
#define GW_STATIC_H

#include <stdbool.h>
#include <stddef.h>

typedef struct gw_static gw_static_t;

typedef struct gw_static_file {
    char *body; /* xmalloc'd copy; the caller frees it */
    size_t len;
    const char *content_type; /* static storage */
    char etag[40];            /* quoted strong validator */
    bool gzipped;             /* body is the gzip encoding */
    bool compressible;        /* a text type: responses Vary on Accept-Encoding */
} gw_static_file_t;

/* New file server for directory root (kept as given; need not exist yet).
 * Never NULL. Free with gw_static_destroy. */
gw_static_t *gw_static_create(const char *root);
/* Frees the cache. Accepts NULL. */
void gw_static_destroy(gw_static_t *s);

/* Maps a decoded URL path to a relative file path in out: "/" and paths ending
 * in "/" get "index.html"; empty segments are skipped. Returns 0, or
 * TC_ENOTFOUND for "." / ".." / hidden segments, backslashes, control bytes
 * or a path longer than n. */
int gw_static_clean_path(const char *url_path, char *out, size_t n);

/* Content type for a file name by extension ("text/html; charset=utf-8");
 * "application/octet-stream" when unknown. Static storage. */
const char *gw_static_content_type(const char *name);

/* Looks up url_path. want_gzip: the client accepts gzip. On success returns
 * 0 and fills f (f->body owned by the caller); TC_ENOTFOUND when there is no
 * such regular file; TC_EIO when it cannot be read. */
int gw_static_get(gw_static_t *s, const char *url_path, bool want_gzip, gw_static_file_t *f);

/* True when the If-None-Match header value (may be NULL) matches etag. */
bool gw_static_etag_matches(const char *if_none_match, const char *etag);

#endif
