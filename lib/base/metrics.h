/* metrics: a process-wide Prometheus registry (counters, gauges, histograms
 * keyed by name + label set) and its text exposition. Thread-safe. */
#ifndef TC_METRICS_H
#define TC_METRICS_H

#include <stddef.h>

/* Declares a family once (before or after first use): type is "counter",
 * "gauge" or "histogram". Families never described are rendered untyped. */
void tc_metrics_describe(const char *name, const char *type, const char *help);

/* labels: the inside of {...} already formatted, e.g.
 * "method=\"GetTodo\",code=\"OK\"", or NULL/"" for none. Escape label values
 * with tc_metrics_escape_label. */
void tc_metrics_counter_add(const char *name, const char *labels, double v);
void tc_metrics_gauge_set(const char *name, const char *labels, double v);
void tc_metrics_gauge_add(const char *name, const char *labels, double delta);
/* Observes seconds into the default latency buckets (0.5 ms .. 10 s). */
void tc_metrics_histogram_observe(const char *name, const char *labels, double seconds);

/* Sets the one function tc_metrics_render calls first (NULL: none), for gauges
 * best read at scrape time (queue lengths, cache sizes). fn runs on the
 * scraping thread and may call the setters above. Set it before serving. */
void tc_metrics_set_collector(void (*fn)(void *data), void *data);

/* The whole registry in text format 0.0.4; caller frees. Sets *len. */
char *tc_metrics_render(size_t *len);

/* Writes value with \\, \" and \n escaped into out (size n, always terminated). */
void tc_metrics_escape_label(const char *value, char *out, size_t n);

/* Sets build_info{version=...,service=...} 1 and process start time. */
void tc_metrics_set_build_info(const char *service, const char *version);

/* Serves GET /metrics (and 404 otherwise) on listen ("HOST:PORT", port 0 =
 * free port) with libmicrohttpd. Returns 0 and fills bound ("HOST:PORT") or
 * TC_EINVAL/TC_EIO with st set. */
typedef struct tc_metrics_http tc_metrics_http_t;
struct tc_status;
int tc_metrics_http_start(const char *listen, tc_metrics_http_t **out, char *bound,
                          size_t bound_len, struct tc_status *st);
/* Stops and frees; accepts NULL. */
void tc_metrics_http_stop(tc_metrics_http_t *m);

#endif
