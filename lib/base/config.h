/* config: command-line flags with environment fallbacks (the flag wins),
 * --help and --version. All values are strings; callers convert. */
#ifndef TC_CONFIG_H
#define TC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tc_config_flag {
    const char *name;   /* "listen" for --listen */
    const char *env;    /* "TODO_LISTEN", or NULL */
    const char *def;    /* default value, or NULL */
    const char *help;   /* one line */
    const char **value; /* out: points into argv, environ or def; never freed */
    bool is_switch;     /* a boolean flag taking no value ("1" when given) */
} tc_config_flag_t;

enum { TC_CONFIG_OK = 0, TC_CONFIG_EXIT = 1 };

/* Parses argv against flags (both --name VALUE and --name=VALUE).
 * Returns TC_CONFIG_OK; TC_CONFIG_EXIT after printing --help/--version to stdout
 * (the caller exits 0); or TC_EINVAL with one line in err (unknown flag,
 * missing value) for the caller to print and exit 2. */
int tc_config_parse(const char *prog, const char *summary, tc_config_flag_t *flags, size_t n_flags,
                    int argc, char **argv, char *err, size_t err_len);

/* Parses "HOST:PORT" (or "[v6]:PORT") as given to --listen; port 0 allowed.
 * Returns 0 or TC_EINVAL. */
int tc_config_check_listen(const char *hostport);

/* Parses a non-negative integer; TC_EINVAL when s is not one or exceeds max. */
int tc_config_parse_int(const char *s, long max, long *out);

#endif
