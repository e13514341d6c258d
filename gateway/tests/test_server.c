/* gw_server with gw_pool over real loopback sockets, against a todo-svc that
 * accepts TCP connections but never answers: the event loop stays free
 * (/healthz fast), a pool of one worker with a queue of four refuses the rest
 * at once with 503 "gateway overloaded", no client waits much beyond the
 * deadline (queueing counts against it), and a drain while a call hangs
 * answers the queued requests, resumes every connection and returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "gw_server.h"
#include "log.h"
#include "timeutil.h"

#define DEADLINE_MS 1000

static int hole_fd = -1;
static char hole_addr[64];

/* A TCP listener that never accepts: connections complete in the kernel's
 * backlog and then hear nothing, like a hung backend. */
static void hole_open(void)
{
    hole_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(hole_fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(hole_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(hole_fd, 64), 0);
    socklen_t len = sizeof(a);
    getsockname(hole_fd, (struct sockaddr *)&a, &len);
    snprintf(hole_addr, sizeof(hole_addr), "ipv4:127.0.0.1:%d", ntohs(a.sin_port));
}

static int port_of(const char *bound)
{
    const char *colon = strrchr(bound, ':');
    assert_non_null(colon);
    return atoi(colon + 1);
}

/* Connects and sends one request (Connection: close). */
static int send_req(int port, const char *path)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    char req[256];
    int n = snprintf(req, sizeof(req),
                     "GET %s HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer abcdefghijklmnop0123\r\n"
                     "Connection: close\r\n\r\n",
                     path);
    assert_int_equal(write(fd, req, (size_t)n), n);
    return fd;
}

/* Reads the whole answer (until EOF); returns the status, body in out. */
static int read_resp(int fd, char *out, size_t n)
{
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, out + got, n - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    out[got] = '\0';
    close(fd);
    int status = 0;
    if (sscanf(out, "HTTP/1.%*d %d", &status) != 1)
        return -1;
    return status;
}

static void test_hung_backend_pool_overload_and_drain(void **state)
{
    (void)state;
    hole_open();
    gw_config_t cfg = {.listen = "127.0.0.1:0",
                       .todo_addr = hole_addr,
                       .chat_addr = hole_addr,
                       .ui_dir = "../ui",
                       .id_key = "test-key",
                       .deadline_ms = DEADLINE_MS,
                       .threads = 2,
                       .workers = 1};
    tc_status_t st;
    tc_status_clear(&st);
    gw_server_t *s = gw_server_create(&cfg, &st);
    assert_non_null(s);
    char bound[64];
    assert_int_equal(gw_server_start(s, bound, sizeof(bound), NULL, 0, &st), 0);
    int port = port_of(bound);

    /* 1 running + 4 queued fit; the other 3 are refused at once. */
    enum { N = 8 };
    int fds[N];
    double t0 = tc_mono_seconds();
    for (int i = 0; i < N; i++) {
        fds[i] = send_req(port, "/api/todos");
        usleep(20 * 1000); /* in order, well inside the deadline */
    }
    double th = tc_mono_seconds();
    char buf[8192];
    int hfd = send_req(port, "/healthz");
    assert_int_equal(read_resp(hfd, buf, sizeof(buf)), 200);
    double health_ms = (tc_mono_seconds() - th) * 1000.0;
    assert_true(health_ms < 1000);

    int overloaded = 0, late = 0;
    for (int i = 0; i < N; i++) {
        int status = read_resp(fds[i], buf, sizeof(buf));
        double ms = (tc_mono_seconds() - t0) * 1000.0;
        assert_true(status == 503 || status == 504);
        assert_non_null(strstr(buf, "application/json"));
        if (strstr(buf, "gateway overloaded")) {
            overloaded++;
            assert_int_equal(status, 503);
            assert_non_null(strstr(buf, "\"code\":\"unavailable\""));
            assert_true(i >= 5); /* the refused are the last ones */
        }
        /* sent at i * 20 ms; answered within the deadline plus slack */
        if (ms > i * 20 + DEADLINE_MS + 700)
            late++;
    }
    assert_int_equal(overloaded, N - 5);
    assert_int_equal(late, 0);

    /* Drain while one call hangs and two wait: the waiting ones get 503
     * "shutting down" (or, if the worker frees up first, 503/504 from the
     * hung backend); drain returns once all are resumed. */
    int d[3];
    for (int i = 0; i < 3; i++)
        d[i] = send_req(port, "/api/todos");
    usleep(200 * 1000); /* accepted and queued */
    double td = tc_mono_seconds();
    gw_server_drain(s, 0);
    double drain_ms = (tc_mono_seconds() - td) * 1000.0;
    assert_true(drain_ms < DEADLINE_MS + 1500);
    int shutting = 0;
    for (int i = 0; i < 3; i++) {
        int status = read_resp(d[i], buf, sizeof(buf));
        assert_true(status == 503 || status == 504);
        if (strstr(buf, "shutting down"))
            shutting++;
    }
    assert_true(shutting >= 1);
    gw_server_destroy(s);
    close(hole_fd);
}

int main(void)
{
    tc_log_init("gateway-test", "error");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hung_backend_pool_overload_and_drain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
