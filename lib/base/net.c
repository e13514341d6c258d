#include "net.h"
#include "tc_err.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

static int split_hostport(const char *hostport, char *host, size_t hn, const char **port)
{
    if (!hostport || !*hostport)
        return TC_EINVAL;
    const char *colon;
    const char *h = hostport;
    size_t len;
    if (hostport[0] == '[') {
        const char *close = strchr(hostport, ']');
        if (!close || close[1] != ':')
            return TC_EINVAL;
        h = hostport + 1;
        len = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(hostport, ':');
        if (!colon)
            return TC_EINVAL;
        len = (size_t)(colon - hostport);
    }
    if (len >= hn)
        return TC_EINVAL;
    memcpy(host, h, len);
    host[len] = '\0';
    *port = colon + 1;
    return TC_OK;
}

int tc_net_parse_listen(const char *hostport, struct sockaddr_storage *addr, socklen_t *len)
{
    char host[256];
    const char *port;
    if (split_hostport(hostport, host, sizeof host, &port))
        return TC_EINVAL;
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host[0] ? host : NULL, port, &hints, &res) != 0 || !res)
        return TC_EINVAL;
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return TC_OK;
}

int tc_net_probe_target(const char *listen, char *out, size_t n)
{
    char host[256];
    const char *port;
    if (split_hostport(listen, host, sizeof host, &port))
        return TC_EINVAL;
    if (!host[0] || strcmp(host, "0.0.0.0") == 0)
        snprintf(out, n, "127.0.0.1:%s", port);
    else if (strcmp(host, "::") == 0)
        snprintf(out, n, "[::1]:%s", port);
    else if (strchr(host, ':'))
        snprintf(out, n, "[%s]:%s", host, port);
    else
        snprintf(out, n, "%s:%s", host, port);
    return TC_OK;
}

void tc_net_format_addr(const struct sockaddr *addr, char *out, size_t n)
{
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
        snprintf(out, n, "%s:%d", host, port);
    } else if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
        snprintf(out, n, "[%s]:%d", host, port);
    } else {
        snprintf(out, n, "?:0");
    }
}
