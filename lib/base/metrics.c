#include "metrics.h"
#include "hash.h"
#include "net.h"
#include "tc_err.h"
#include "timeutil.h"
#include "xalloc.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 0.2 is the latency target's own bound (200 ms), for its SLO alert. */
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                 0.2,    0.25,  0.5,    1,     2.5,  5,     10};
#define N_BUCKETS (sizeof buckets / sizeof buckets[0])

enum kind { K_UNTYPED, K_COUNTER, K_GAUGE, K_HISTOGRAM };

struct family {
    char *name, *help;
    enum kind kind;
    struct series *first, *last;
    struct family *next;
};

struct series {
    struct family *fam;
    char *labels;
    uint64_t hash;
    double value; /* counter/gauge value, histogram sum */
    uint64_t count;
    uint64_t bucket_counts[N_BUCKETS];
    struct series *next_in_family;
    struct series *next_in_slot;
};

#define N_SLOTS 1024
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct family *families, *families_last;
static struct series *slots[N_SLOTS];

static struct family *family_get(const char *name)
{
    for (struct family *f = families; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            return f;
    struct family *f = xcalloc(1, sizeof *f);
    f->name = xstrdup(name);
    if (families_last)
        families_last->next = f;
    else
        families = f;
    families_last = f;
    return f;
}

/* Caller holds mu. */
static struct series *series_get(const char *name, const char *labels, enum kind kind)
{
    if (!labels)
        labels = "";
    uint64_t h = tc_fnv1a_str(tc_fnv1a_str(TC_FNV1A_INIT, name), labels);
    struct series **slot = &slots[h % N_SLOTS];
    for (struct series *s = *slot; s; s = s->next_in_slot)
        if (s->hash == h && strcmp(s->fam->name, name) == 0 && strcmp(s->labels, labels) == 0)
            return s;
    struct family *f = family_get(name);
    if (f->kind == K_UNTYPED)
        f->kind = kind;
    struct series *s = xcalloc(1, sizeof *s);
    s->fam = f;
    s->labels = xstrdup(labels);
    s->hash = h;
    s->next_in_slot = *slot;
    *slot = s;
    if (f->last)
        f->last->next_in_family = s;
    else
        f->first = s;
    f->last = s;
    return s;
}

void tc_metrics_describe(const char *name, const char *type, const char *help)
{
    pthread_mutex_lock(&mu);
    struct family *f = family_get(name);
    f->kind = strcmp(type, "counter") == 0     ? K_COUNTER
              : strcmp(type, "gauge") == 0     ? K_GAUGE
              : strcmp(type, "histogram") == 0 ? K_HISTOGRAM
                                               : K_UNTYPED;
    free(f->help);
    f->help = xstrdup(help);
    pthread_mutex_unlock(&mu);
}

/* How a setter changes one series; called with mu held. */
typedef void (*series_op)(struct series *s, double v);

static void op_add(struct series *s, double v)
{
    s->value += v;
}

static void op_set(struct series *s, double v)
{
    s->value = v;
}

static void op_observe(struct series *s, double seconds)
{
    s->value += seconds;
    s->count++;
    for (size_t i = 0; i < N_BUCKETS; i++)
        if (seconds <= buckets[i])
            s->bucket_counts[i]++;
}

/* The one locked update every setter is: under mu, finds or creates the
 * series (an untyped family takes kind) and applies op with v. */
static void series_update(const char *name, const char *labels, enum kind kind, series_op op,
                          double v)
{
    pthread_mutex_lock(&mu);
    op(series_get(name, labels, kind), v);
    pthread_mutex_unlock(&mu);
}

void tc_metrics_counter_add(const char *name, const char *labels, double v)
{
    series_update(name, labels, K_COUNTER, op_add, v);
}

void tc_metrics_gauge_set(const char *name, const char *labels, double v)
{
    series_update(name, labels, K_GAUGE, op_set, v);
}

void tc_metrics_gauge_add(const char *name, const char *labels, double delta)
{
    series_update(name, labels, K_GAUGE, op_add, delta);
}

void tc_metrics_histogram_observe(const char *name, const char *labels, double seconds)
{
    series_update(name, labels, K_HISTOGRAM, op_observe, seconds);
}

void tc_metrics_escape_label(const char *value, char *out, size_t n)
{
    size_t j = 0;
    for (const char *p = value; *p && j + 3 < n; p++) {
        if (*p == '\\' || *p == '"') {
            out[j++] = '\\';
            out[j++] = *p;
        } else if (*p == '\n') {
            out[j++] = '\\';
            out[j++] = 'n';
        } else {
            out[j++] = *p;
        }
    }
    if (n)
        out[j < n ? j : n - 1] = '\0';
}

struct sb {
    char *d;
    size_t len, cap;
};

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->d + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        b->cap = b->cap * 2 + (size_t)(n > 0 ? n : 0) + 64;
        b->d = xrealloc(b->d, b->cap);
    }
}

static const char *kind_name(enum kind k)
{
    switch (k) {
    case K_COUNTER:
        return "counter";
    case K_GAUGE:
        return "gauge";
    case K_HISTOGRAM:
        return "histogram";
    default:
        return "untyped";
    }
}

static void (*collector)(void *);
static void *collector_data;

void tc_metrics_set_collector(void (*fn)(void *data), void *data)
{
    collector = fn;
    collector_data = data;
}

char *tc_metrics_render(size_t *len)
{
    if (collector)
        collector(collector_data);
    struct sb b = {xmalloc(4096), 0, 4096};
    b.d[0] = '\0';
    pthread_mutex_lock(&mu);
    for (struct family *f = families; f; f = f->next) {
        if (f->help)
            sb_printf(&b, "# HELP %s %s\n", f->name, f->help);
        sb_printf(&b, "# TYPE %s %s\n", f->name, kind_name(f->kind));
        for (struct series *s = f->first; s; s = s->next_in_family) {
            const char *sep = s->labels[0] ? "," : "";
            if (f->kind == K_HISTOGRAM) {
                for (size_t i = 0; i < N_BUCKETS; i++)
                    sb_printf(&b, "%s_bucket{%s%sle=\"%g\"} %llu\n", f->name, s->labels, sep,
                              buckets[i], (unsigned long long)s->bucket_counts[i]);
                sb_printf(&b, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", f->name, s->labels, sep,
                          (unsigned long long)s->count);
                if (s->labels[0]) {
                    sb_printf(&b, "%s_sum{%s} %.9g\n", f->name, s->labels, s->value);
                    sb_printf(&b, "%s_count{%s} %llu\n", f->name, s->labels,
                              (unsigned long long)s->count);
                } else {
                    sb_printf(&b, "%s_sum %.9g\n", f->name, s->value);
                    sb_printf(&b, "%s_count %llu\n", f->name, (unsigned long long)s->count);
                }
            } else if (s->labels[0]) {
                sb_printf(&b, "%s{%s} %.17g\n", f->name, s->labels, s->value);
            } else {
                sb_printf(&b, "%s %.17g\n", f->name, s->value);
            }
        }
    }
    pthread_mutex_unlock(&mu);
    *len = b.len;
    return b.d;
}

void tc_metrics_set_build_info(const char *service, const char *version)
{
    char labels[256];
    snprintf(labels, sizeof labels, "service=\"%s\",version=\"%s\"", service, version);
    tc_metrics_describe("build_info", "gauge", "Build information; always 1.");
    tc_metrics_gauge_set("build_info", labels, 1);
    tc_metrics_describe("process_start_time_seconds", "gauge",
                        "Start time of the process since the Unix epoch in seconds.");
    tc_metrics_gauge_set("process_start_time_seconds", NULL, (double)tc_now_ms() / 1000.0);
}

/* ---- /metrics over HTTP ---- */

struct tc_metrics_http {
    struct MHD_Daemon *d;
};

static enum MHD_Result serve(void *cls, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, const char *upload_data,
                             size_t *upload_data_size, void **con_cls)
{
    (void)cls, (void)version, (void)upload_data, (void)upload_data_size, (void)con_cls;
    struct MHD_Response *r;
    unsigned code;
    if (strcmp(url, "/metrics") == 0 &&
        (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)) {
        size_t len;
        char *text = tc_metrics_render(&len);
        r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        code = MHD_HTTP_OK;
    } else {
        static const char nf[] = "not found\n";
        r = MHD_create_response_from_buffer(sizeof nf - 1, (void *)nf, MHD_RESPMEM_PERSISTENT);
        code = MHD_HTTP_NOT_FOUND;
    }
    enum MHD_Result ret = MHD_queue_response(conn, code, r);
    MHD_destroy_response(r);
    return ret;
}

int tc_metrics_http_start(const char *listen, tc_metrics_http_t **out, char *bound,
                          size_t bound_len, tc_status_t *st)
{
    struct sockaddr_storage addr;
    socklen_t alen;
    *out = NULL;
    if (tc_net_parse_listen(listen, &addr, &alen))
        return tc_status_set(st, TC_EINVAL, "metrics-listen: \"%s\" is not HOST:PORT", listen);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, serve, NULL, MHD_OPTION_SOCK_ADDR,
                                            &addr, MHD_OPTION_CONNECTION_LIMIT, 64u,
                                            MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
    if (!d)
        return tc_status_set(st, TC_EIO, "metrics-listen: cannot listen on %s", listen);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
    struct sockaddr_storage real;
    socklen_t rlen = sizeof real;
    if (info && getsockname(info->listen_fd, (struct sockaddr *)&real, &rlen) == 0)
        tc_net_format_addr((struct sockaddr *)&real, bound, bound_len);
    else
        snprintf(bound, bound_len, "%s", listen);
    tc_metrics_http_t *m = xcalloc(1, sizeof *m);
    m->d = d;
    *out = m;
    return TC_OK;
}

void tc_metrics_http_stop(tc_metrics_http_t *m)
{
    if (!m)
        return;
    MHD_stop_daemon(m->d);
    free(m);
}
