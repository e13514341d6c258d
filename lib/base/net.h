/* net: listen-address helpers shared by the HTTP listeners (gateway,
 * metrics) and the --probe modes. */
#ifndef TC_NET_H
#define TC_NET_H

#include <stddef.h>
#include <sys/socket.h>

/* Resolves "HOST:PORT" / "[v6]:PORT" (numeric or a name such as localhost)
 * into addr. Returns 0 or TC_EINVAL. */
int tc_net_parse_listen(const char *hostport, struct sockaddr_storage *addr, socklen_t *len);

/* The address a local probe should dial for a listen address: a wildcard
 * host (0.0.0.0, ::, empty) becomes 127.0.0.1 / [::1]. Writes "HOST:PORT"
 * into out. Returns 0 or TC_EINVAL. */
int tc_net_probe_target(const char *listen, char *out, size_t n);

/* Formats addr as "HOST:PORT" ("[v6]:PORT" for IPv6) into out. */
void tc_net_format_addr(const struct sockaddr *addr, char *out, size_t n);

#endif
