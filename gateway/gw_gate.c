#include "gw_gate.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "gw_err.h"
#include "gw_head.h"
#include "timeutil.h"
#include "xalloc.h"

#define CLOSE_LINGER_MS 1000 /* reading what a refused client still sends */

typedef enum pend_state {
    PEND_WAITING, /* the first request is still arriving */
    PEND_CLOSING, /* answered; reading the rest so the answer is not reset */
} pend_state_t;

typedef struct pending {
    int fd;
    pend_state_t state;
    int64_t deadline_ms; /* monotonic: the sooner of the request's and the idle one */
    int64_t request_deadline_ms;
    size_t seen; /* bytes received so far */
    struct sockaddr_storage addr;
    socklen_t addr_len;
    struct pending *prev, *next;
} pending_t;

struct gw_gate {
    gw_gate_config_t cfg;
    int epfd;
    int wake_fd;
    int listen_fd; /* -1 once closed; gate thread only, after start */
    atomic_bool stop_accepting;
    atomic_bool stop;
    pthread_t thread;
    pending_t list; /* sentinel of a circular list, oldest first */
    int n_pending;
    char *buf; /* MSG_PEEK buffer */
    size_t cap;
};

/* epoll_data.ptr markers for the two descriptors that are not connections. */
static char LISTEN_MARK, WAKE_MARK;

static void unlink_pending(gw_gate_t *g, pending_t *p)
{
    p->prev->next = p->next;
    p->next->prev = p->prev;
    g->n_pending--;
    epoll_ctl(g->epfd, EPOLL_CTL_DEL, p->fd, NULL);
}

static void close_pending(gw_gate_t *g, pending_t *p)
{
    unlink_pending(g, p);
    close(p->fd);
    free(p);
}

static void hand_over(gw_gate_t *g, pending_t *p)
{
    unlink_pending(g, p);
    g->cfg.handoff(g->cfg.data, p->fd, (struct sockaddr *)&p->addr, p->addr_len);
    free(p);
}

/* Reads and drops what the client sends; closes at its end of stream. */
static void drain(gw_gate_t *g, pending_t *p)
{
    for (;;) {
        ssize_t r = recv(p->fd, g->buf, g->cap, 0);
        if (r > 0)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return;
        close_pending(g, p);
        return;
    }
}

/* Sends the contract's JSON error and closes the connection gracefully. */
static void answer(gw_gate_t *g, pending_t *p, int status, const char *code, const char *message)
{
    size_t len;
    char *body = gw_err_body(code, message, &len);
    char head[256];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                     "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
                     "Connection: close\r\n\r\n",
                     status, MHD_get_reason_phrase_for((unsigned)status), len);
    /* A few hundred bytes always fit a fresh socket's send buffer. */
    if (send(p->fd, head, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) == n)
        send(p->fd, body, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    free(body);
    shutdown(p->fd, SHUT_WR);
    p->state = PEND_CLOSING;
    p->deadline_ms = tc_mono_ms() + CLOSE_LINGER_MS;
    drain(g, p);
}

/* True when the body the head announces is to be waited for and not all here. */
static bool body_pending(const gw_gate_t *g, const gw_head_verdict_t *v, size_t have)
{
    if (v->expect_continue || v->body_len == 0 || v->body_len > g->cfg.max_body)
        return false; /* nothing to wait for, or the server refuses it (413) */
    return have < v->head_len + v->body_len;
}

static void on_readable(gw_gate_t *g, pending_t *p)
{
    if (p->state == PEND_CLOSING) {
        drain(g, p);
        return;
    }
    ssize_t r = recv(p->fd, g->buf, g->cap, MSG_PEEK);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (r <= 0) {
        close_pending(g, p); /* gone before asking anything */
        return;
    }
    if ((size_t)r > p->seen) { /* new bytes: the idle clock starts again */
        int64_t idle = tc_mono_ms() + g->cfg.idle_ms;
        p->deadline_ms = idle < p->request_deadline_ms ? idle : p->request_deadline_ms;
    }
    p->seen = (size_t)r;
    gw_head_verdict_t v;
    switch (gw_head_judge(g->buf, (size_t)r, &v)) {
    case GW_HEAD_MORE:
        return;
    case GW_HEAD_REFUSE:
        answer(g, p, v.status, v.code, v.message);
        return;
    case GW_HEAD_OK:
        if (!body_pending(g, &v, (size_t)r))
            hand_over(g, p);
        return;
    }
}

static void add_pending(gw_gate_t *g, int fd, const struct sockaddr_storage *addr, socklen_t len)
{
    if (g->n_pending >= g->cfg.max_pending) {
        close(fd); /* full: as a full listen backlog would */
        return;
    }
    pending_t *p = xcalloc(1, sizeof *p);
    p->fd = fd;
    p->state = PEND_WAITING;
    int64_t now = tc_mono_ms();
    int first = g->cfg.idle_ms < g->cfg.deadline_ms ? g->cfg.idle_ms : g->cfg.deadline_ms;
    p->request_deadline_ms = now + g->cfg.deadline_ms;
    p->deadline_ms = now + first;
    p->addr = *addr;
    p->addr_len = len;
    p->prev = g->list.prev;
    p->next = &g->list;
    g->list.prev->next = p;
    g->list.prev = p;
    g->n_pending++;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = p};
    if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
        close_pending(g, p);
}

static void accept_all(gw_gate_t *g)
{
    while (g->listen_fd >= 0) {
        struct sockaddr_storage addr;
        socklen_t len = sizeof addr;
        int fd =
            accept4(g->listen_fd, (struct sockaddr *)&addr, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN, or out of descriptors: the next event retries */
        add_pending(g, fd, &addr, len);
    }
}

/* Deadlines passed: a silent connection is closed, a slow request is
 * answered 408; a lingering close ends. */
static void expire(gw_gate_t *g, int64_t now)
{
    pending_t *p = g->list.next;
    while (p != &g->list) {
        pending_t *next = p->next;
        if (p->deadline_ms <= now) {
            if (p->state == PEND_WAITING && p->seen > 0)
                answer(g, p, 408, "request_timeout", "the request did not arrive in time");
            else
                close_pending(g, p);
        }
        p = next;
    }
}

static int next_timeout_ms(const gw_gate_t *g, int64_t now)
{
    int64_t soonest = now + 1000;
    for (const pending_t *p = g->list.next; p != &g->list; p = p->next)
        if (p->deadline_ms < soonest)
            soonest = p->deadline_ms;
    return soonest > now ? (int)(soonest - now) : 0;
}

static void close_listener(gw_gate_t *g)
{
    if (g->listen_fd < 0)
        return;
    epoll_ctl(g->epfd, EPOLL_CTL_DEL, g->listen_fd, NULL);
    close(g->listen_fd);
    g->listen_fd = -1;
}

static void *gate_main(void *arg)
{
    gw_gate_t *g = arg;
    struct epoll_event evs[64];
    while (!atomic_load(&g->stop)) {
        if (atomic_load(&g->stop_accepting))
            close_listener(g);
        int n = epoll_wait(g->epfd, evs, 64, next_timeout_ms(g, tc_mono_ms()));
        for (int i = 0; i < n; i++) {
            if (evs[i].data.ptr == &LISTEN_MARK) {
                accept_all(g);
            } else if (evs[i].data.ptr == &WAKE_MARK) {
                uint64_t v;
                (void)!read(g->wake_fd, &v, sizeof v);
            } else {
                on_readable(g, evs[i].data.ptr);
            }
        }
        expire(g, tc_mono_ms());
    }
    return NULL;
}

static int watch(gw_gate_t *g, int fd, void *mark)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = mark};
    return epoll_ctl(g->epfd, EPOLL_CTL_ADD, fd, &ev);
}

gw_gate_t *gw_gate_start(const gw_gate_config_t *cfg, tc_status_t *st)
{
    gw_gate_t *g = xcalloc(1, sizeof *g);
    g->cfg = *cfg;
    g->listen_fd = cfg->listen_fd;
    g->list.next = g->list.prev = &g->list;
    g->cap = GW_HEAD_MAX + cfg->max_body + 1;
    g->buf = xmalloc(g->cap);
    g->epfd = epoll_create1(EPOLL_CLOEXEC);
    g->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    int fl = fcntl(g->listen_fd, F_GETFL);
    if (g->epfd < 0 || g->wake_fd < 0 || fl < 0 ||
        fcntl(g->listen_fd, F_SETFL, fl | O_NONBLOCK) != 0 ||
        watch(g, g->listen_fd, &LISTEN_MARK) != 0 || watch(g, g->wake_fd, &WAKE_MARK) != 0 ||
        pthread_create(&g->thread, NULL, gate_main, g) != 0) {
        tc_status_set(st, TC_EIO, "cannot start the connection gate: %s", strerror(errno));
        g->listen_fd = -1; /* the caller still owns it */
        if (g->epfd >= 0)
            close(g->epfd);
        if (g->wake_fd >= 0)
            close(g->wake_fd);
        free(g->buf);
        free(g);
        return NULL;
    }
    return g;
}

static void wake(gw_gate_t *g)
{
    uint64_t one = 1;
    (void)!write(g->wake_fd, &one, sizeof one);
}

void gw_gate_stop_accepting(gw_gate_t *g)
{
    if (!g)
        return;
    atomic_store(&g->stop_accepting, true);
    wake(g);
}

void gw_gate_destroy(gw_gate_t *g)
{
    if (!g)
        return;
    atomic_store(&g->stop, true);
    wake(g);
    pthread_join(g->thread, NULL);
    close_listener(g);
    while (g->list.next != &g->list)
        close_pending(g, g->list.next);
    close(g->epfd);
    close(g->wake_fd);
    free(g->buf);
    free(g);
}
