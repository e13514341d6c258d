#include "rpc_service.h"

#include "config.h"
#include "lifecycle.h"
#include "log.h"
#include "metrics.h"
#include "net.h"
#include "rpc_client.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

int rpc_service_probe(const char *prog, const char *listen)
{
    char target[300];
    if (tc_net_probe_target(listen, target, sizeof target) != 0) {
        fprintf(stderr, "%s: --listen: \"%s\" is not HOST:PORT\n", prog, listen);
        return 2;
    }
    tc_status_t st = {0};
    if (rpc_health_check(target, "", 2000, &st) != 0) {
        fprintf(stderr, "%s: probe %s: %s\n", prog, target,
                st.message[0] ? st.message : "not serving");
        return 1;
    }
    return 0;
}

int rpc_service_check_listen_flags(const char *prog, const char *listen, const char *metrics_listen)
{
    if (tc_config_check_listen(listen) != 0) {
        fprintf(stderr, "%s: --listen: \"%s\" is not HOST:PORT with a port 0-65535\n", prog,
                listen);
        return 2;
    }
    if (strcmp(metrics_listen, "off") != 0 && tc_config_check_listen(metrics_listen) != 0) {
        fprintf(stderr, "%s: --metrics-listen: \"%s\" is not HOST:PORT or off\n", prog,
                metrics_listen);
        return 2;
    }
    return 0;
}

int rpc_service_int_flag(const char *prog, const char *name, const char *v, long max, int *out)
{
    long n;
    if (tc_config_parse_int(v, max, &n) != 0) {
        fprintf(stderr, "%s: --%s %s: not an integer from 0 to %ld\n", prog, name, v, max);
        return 2;
    }
    *out = (int)n;
    return 0;
}

int rpc_service_run(const rpc_service_spec_t *spec)
{
    tc_status_t st = {0};
    tc_metrics_http_t *metrics = NULL;
    char metrics_bound[300] = "off";
    if (strcmp(spec->metrics_listen, "off") != 0) {
        tc_metrics_set_build_info(spec->prog, TC_VERSION);
        if (tc_metrics_http_start(spec->metrics_listen, &metrics, metrics_bound,
                                  sizeof metrics_bound, &st) != 0) {
            fprintf(stderr, "%s: --metrics-listen %s: %s\n", spec->prog, spec->metrics_listen,
                    st.message);
            return 1;
        }
    }
    rpc_server_options_t opts = {
        .listen = spec->listen,
        .descriptor_set = spec->descriptor_set,
        .descriptor_set_len = spec->descriptor_set_len,
        .threads = spec->threads,
    };
    char bound[300];
    rpc_server_t *server = rpc_server_create(&opts, &st);
    int rc = server ? spec->register_services(spec->ctx, server) : st.code;
    if (server && rc != 0)
        tc_status_set(&st, rc, "cannot register the service: %s", tc_strerror(rc));
    if (rc == 0)
        rc = rpc_server_start(server, bound, sizeof bound, &st);
    if (rc != 0) {
        fprintf(stderr, "%s: --listen %s: %s\n", spec->prog, spec->listen, st.message);
        rpc_server_destroy(server);
        tc_metrics_http_stop(metrics);
        return 1;
    }
    fprintf(stderr, "listening on %s\n", bound);
    fflush(stderr);
    const char *const *f = spec->started_fields;
    const char *kv[8] = {0};
    for (int i = 0; f && f[i] && i < 8; i++)
        kv[i] = f[i];
    LOG(LOG_INFO, "started", "listen", bound, "metrics", metrics_bound, kv[0], kv[1], kv[2], kv[3],
        kv[4], kv[5], kv[6], kv[7]);

    int sig = tc_lifecycle_wait_for_signal();
    LOG(LOG_INFO, "shutting down", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM");
    rpc_server_shutdown(server, tc_lifecycle_grace_ms());
    rpc_server_destroy(server);
    tc_metrics_http_stop(metrics);
    return 0;
}
