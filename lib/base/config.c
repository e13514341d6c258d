#include "config.h"
#include "tc_err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static tc_config_flag_t *find_flag(tc_config_flag_t *flags, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(flags[i].name) == len && strncmp(flags[i].name, name, len) == 0)
            return &flags[i];
    return NULL;
}

static void print_help(const char *prog, const char *summary, const tc_config_flag_t *flags,
                       size_t n)
{
    printf("Usage: %s [flags]\n\n%s\n\nFlags (each also read from its environment variable; the "
           "flag wins):\n",
           prog, summary);
    for (size_t i = 0; i < n; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s", flags[i].name, flags[i].is_switch ? "" : " VALUE");
        printf("  %-26s %s", left, flags[i].help);
        if (flags[i].env)
            printf(" [env %s]", flags[i].env);
        if (flags[i].def)
            printf(" (default \"%s\")", flags[i].def);
        printf("\n");
    }
    printf("  %-26s %s\n  %-26s %s\n", "--help", "show this help and exit", "--version",
           "print the version and exit");
}

int tc_config_parse(const char *prog, const char *summary, tc_config_flag_t *flags, size_t n_flags,
                    int argc, char **argv, char *err, size_t err_len)
{
    for (size_t i = 0; i < n_flags; i++) {
        const char *env = flags[i].env ? getenv(flags[i].env) : NULL;
        *flags[i].value = (env && *env) ? env : flags[i].def;
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help(prog, summary, flags, n_flags);
            return TC_CONFIG_EXIT;
        }
        if (strcmp(arg, "--version") == 0) {
            printf("%s %s\n", prog, TC_VERSION);
            return TC_CONFIG_EXIT;
        }
        if (strncmp(arg, "--", 2) != 0) {
            snprintf(err, err_len, "%s: unexpected argument \"%s\" (see --help)", prog, arg);
            return TC_EINVAL;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        tc_config_flag_t *f = find_flag(flags, n_flags, name, len);
        if (!f) {
            snprintf(err, err_len, "%s: unknown flag --%.*s (see --help)", prog, (int)len, name);
            return TC_EINVAL;
        }
        if (f->is_switch) {
            if (eq) {
                snprintf(err, err_len, "%s: --%s takes no value", prog, f->name);
                return TC_EINVAL;
            }
            *f->value = "1";
        } else if (eq) {
            *f->value = eq + 1;
        } else if (i + 1 < argc) {
            *f->value = argv[++i];
        } else {
            snprintf(err, err_len, "%s: --%s needs a value", prog, f->name);
            return TC_EINVAL;
        }
    }
    return TC_CONFIG_OK;
}

int tc_config_parse_int(const char *s, long max, long *out)
{
    if (!s || !*s)
        return TC_EINVAL;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > max)
        return TC_EINVAL;
    *out = v;
    return TC_OK;
}

int tc_config_check_listen(const char *hostport)
{
    if (!hostport || !*hostport)
        return TC_EINVAL;
    const char *colon;
    if (hostport[0] == '[') {
        const char *close = strchr(hostport, ']');
        if (!close || close[1] != ':')
            return TC_EINVAL;
        colon = close + 1;
    } else {
        colon = strrchr(hostport, ':');
        if (!colon || colon == hostport)
            return TC_EINVAL;
    }
    long port;
    return tc_config_parse_int(colon + 1, 65535, &port);
}
