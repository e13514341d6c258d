#include "gw_head.h"

#include <string.h>
#include <strings.h>

static bool refuse(gw_head_verdict_t *v, int status, const char *code, const char *message)
{
    v->status = status;
    v->code = code;
    v->message = message;
    return false;
}

static bool bad_request(gw_head_verdict_t *v, const char *message)
{
    return refuse(v, 400, "bad_request", message);
}

/* RFC 9110 token characters (method and field names). */
static bool is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims optional white space from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_ows(**s))
        (*s)++, (*n)--;
    while (*n > 0 && is_ows((*s)[*n - 1]))
        (*n)--;
}

static bool name_is(const char *name, size_t n, const char *want)
{
    return n == strlen(want) && strncasecmp(name, want, n) == 0;
}

/* One comma-separated element of a Content-Length value. */
static void add_content_length(gw_head_framing_t *f, const char *s, size_t n)
{
    trim(&s, &n);
    uint64_t v = 0;
    if (n == 0 || n > 18) {
        f->cl_bad = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            f->cl_bad = true;
            return;
        }
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (f->content_lengths++ > 0 && v != f->cl)
        f->cl_conflict = true;
    f->cl = v;
}

static void add_coding(gw_head_framing_t *f, const char *s, size_t n)
{
    trim(&s, &n);
    if (n == 0)
        return;
    if (f->codings > 0 && !f->unknown_coding)
        f->chunked_not_last = true; /* something follows an earlier "chunked" */
    f->codings++;
    if (!name_is(s, n, "chunked"))
        f->unknown_coding = true;
}

/* Calls add for each comma-separated element of value. */
static void each_element(gw_head_framing_t *f, const char *value, size_t n,
                         void (*add)(gw_head_framing_t *, const char *, size_t))
{
    const char *end = value + n;
    while (value <= end) {
        const char *comma = memchr(value, ',', (size_t)(end - value));
        const char *stop = comma ? comma : end;
        add(f, value, (size_t)(stop - value));
        if (!comma)
            break;
        value = comma + 1;
    }
}

void gw_head_framing_add(gw_head_framing_t *f, const char *name, size_t name_len, const char *value,
                         size_t value_len)
{
    if (name_is(name, name_len, "Content-Length"))
        each_element(f, value, value_len, add_content_length);
    else if (name_is(name, name_len, "Transfer-Encoding"))
        each_element(f, value, value_len, add_coding);
    else if (name_is(name, name_len, "Expect"))
        f->expect_continue = true; /* whatever it expects, the body waits for an answer */
}

bool gw_head_framing_judge(const gw_head_framing_t *f, gw_head_verdict_t *v)
{
    v->status = 0;
    v->body_len = f->content_lengths ? f->cl : 0;
    v->chunked = f->codings > 0;
    v->expect_continue = f->expect_continue;
    if (f->cl_bad)
        return bad_request(v, "Content-Length is not a decimal number");
    if (f->cl_conflict)
        return bad_request(v, "conflicting Content-Length fields");
    if (f->content_lengths && f->codings)
        return bad_request(v, "both Content-Length and Transfer-Encoding");
    if (f->unknown_coding)
        return refuse(v, 501, "not_implemented", "only Transfer-Encoding: chunked is supported");
    if (f->chunked_not_last)
        return bad_request(v, "chunked must be the one final transfer coding");
    return true;
}

/* "METHOD SP TARGET SP HTTP/1.x" in [line, line + n). */
static bool judge_request_line(const char *line, size_t n, gw_head_verdict_t *v)
{
    size_t m = 0;
    while (m < n && is_tchar((unsigned char)line[m]))
        m++;
    const char *target = line + m + 1;
    const char *sp =
        m > 0 && m < n && line[m] == ' ' ? memchr(target, ' ', (size_t)(line + n - target)) : NULL;
    if (!sp || sp == target)
        return bad_request(v, "malformed request line");
    if ((size_t)(sp - target) > GW_HEAD_MAX_TARGET)
        return refuse(v, 414, "uri_too_long", "request target over 8 KiB");
    const char *version = sp + 1;
    size_t vn = (size_t)(line + n - version);
    if (vn != 8 || strncmp(version, "HTTP/1.", 7) != 0 || version[7] < '0' || version[7] > '9')
        return bad_request(v, "malformed request line");
    return true;
}

/* "name: value" in [line, line + n); adds it to f. */
static bool judge_field(const char *line, size_t n, gw_head_framing_t *f, gw_head_verdict_t *v)
{
    if (n > 0 && is_ows(line[0]))
        return bad_request(v, "folded header lines are not accepted");
    size_t m = 0;
    while (m < n && is_tchar((unsigned char)line[m]))
        m++;
    if (m == 0 || m == n || line[m] != ':')
        return bad_request(v, "malformed header field");
    gw_head_framing_add(f, line, m, line + m + 1, n - m - 1);
    return true;
}

/* The line at [*p, end) without its LF (and CR before it); advances *p. */
static bool next_line(const char **p, const char *end, const char **line, size_t *n)
{
    const char *lf = memchr(*p, '\n', (size_t)(end - *p));
    if (!lf)
        return false;
    *line = *p;
    *n = (size_t)(lf - *p);
    if (*n > 0 && (*line)[*n - 1] == '\r')
        (*n)--;
    *p = lf + 1;
    return true;
}

/* Every line of a complete head of len bytes. */
static bool judge_lines(const char *buf, size_t len, gw_head_verdict_t *v)
{
    if (memchr(buf, '\0', len))
        return bad_request(v, "NUL in the request head");
    const char *p = buf, *end = buf + len, *line = NULL;
    size_t n = 0;
    if (!next_line(&p, end, &line, &n)) /* cannot happen: a head ends in a blank line */
        return bad_request(v, "malformed request line");
    if (memchr(line, '\r', n) || !judge_request_line(line, n, v))
        return v->status ? false : bad_request(v, "bare CR in the request line");
    gw_head_framing_t f = {0};
    while (next_line(&p, end, &line, &n) && n > 0) {
        if (memchr(line, '\r', n))
            return bad_request(v, "bare CR in a header field");
        if (!judge_field(line, n, &f, v))
            return false;
    }
    return gw_head_framing_judge(&f, v);
}

/* Length of the head up to and including its blank line, or 0. */
static size_t head_length(const char *buf, size_t n)
{
    for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))) != NULL; p++) {
        const char *q = p + 1;
        if (q < buf + n && *q == '\r')
            q++;
        if (q < buf + n && *q == '\n')
            return (size_t)(q + 1 - buf);
    }
    return 0;
}

static gw_head_state_t refused(gw_head_verdict_t *v, int status, const char *code,
                               const char *message)
{
    refuse(v, status, code, message);
    return GW_HEAD_REFUSE;
}

gw_head_state_t gw_head_judge(const char *buf, size_t n, gw_head_verdict_t *v)
{
    memset(v, 0, sizeof *v);
    while (n > 0 && (buf[0] == '\r' || buf[0] == '\n')) /* RFC 9112 2.2: leading CRLFs */
        buf++, n--, v->head_len++;
    const char *lf = memchr(buf, '\n', n);
    if ((lf ? (size_t)(lf - buf) : n) > GW_HEAD_MAX_TARGET + 32) /* + method and version */
        return refused(v, 414, "uri_too_long", "request target over 8 KiB");
    size_t len = head_length(buf, n);
    if (len == 0) {
        if (n >= GW_HEAD_MAX)
            return refused(v, 431, "headers_too_large", "request head over 64 KiB");
        return GW_HEAD_MORE;
    }
    if (len > GW_HEAD_MAX)
        return refused(v, 431, "headers_too_large", "request head over 64 KiB");
    v->head_len += len;
    return judge_lines(buf, len, v) ? GW_HEAD_OK : GW_HEAD_REFUSE;
}
