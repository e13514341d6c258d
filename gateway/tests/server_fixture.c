/* server_fixture: see server_fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "metrics.h"
#include "server_fixture.h"

static void hole_open(fixture_t *f)
{
    f->hole_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(f->hole_fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(f->hole_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(f->hole_fd, 64), 0);
    socklen_t len = sizeof(a);
    assert_int_equal(getsockname(f->hole_fd, (struct sockaddr *)&a, &len), 0);
    snprintf(f->hole_addr, sizeof(f->hole_addr), "ipv4:127.0.0.1:%d", ntohs(a.sin_port));
}

void fixture_start(fixture_t *f, int deadline_ms)
{
    hole_open(f);
    gw_config_t cfg = {
        .listen = "127.0.0.1:0",
        .todo_addr = f->hole_addr,
        .chat_addr = f->hole_addr,
        .ui_dir = "../ui",
        .id_key = "test-key",
        .metrics_listen = "127.0.0.1:0",
        .deadline_ms = deadline_ms,
        .threads = 2,
        .workers = 1,
    };
    tc_status_t st;
    tc_status_clear(&st);
    f->server = gw_server_create(&cfg, &st);
    assert_non_null(f->server);
    char bound[64];
    assert_int_equal(gw_server_start(f->server, bound, sizeof(bound), NULL, 0, &st), 0);
    const char *colon = strrchr(bound, ':');
    assert_non_null(colon);
    f->port = atoi(colon + 1);
}

void fixture_close_hole(fixture_t *f)
{
    if (f->hole_fd >= 0)
        close(f->hole_fd);
    f->hole_fd = -1;
}

void fixture_stop(fixture_t *f)
{
    fixture_close_hole(f);
    gw_server_destroy(f->server);
    f->server = NULL;
}

int fixture_pool(const char *state)
{
    size_t len;
    char *text = tc_metrics_render(&len);
    char key[64];
    snprintf(key, sizeof(key), "gateway_upstream_work{state=\"%s\"} ", state);
    const char *at = strstr(text, key);
    int v = at ? atoi(at + strlen(key)) : -1;
    free(text);
    return v;
}

void fixture_wait_pool(int running, int queued)
{
    for (int i = 0; i < 4000; i++) {
        if (fixture_pool("running") == running && fixture_pool("queued") == queued)
            return;
        usleep(5 * 1000);
    }
    fail_msg("the pool never had %d running and %d queued (it has %d and %d)", running, queued,
             fixture_pool("running"), fixture_pool("queued"));
}

int fixture_send(const fixture_t *f, const char *path)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {.tv_sec = 30};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)f->port),
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

int fixture_unanswered(int fd)
{
    char c;
    ssize_t r = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

int fixture_read(int fd, char *out, size_t n)
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
