#include "lifecycle.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

static sigset_t stop_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

void tc_lifecycle_block_signals(void)
{
    sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int tc_lifecycle_wait_for_signal(void)
{
    sigset_t set = stop_signals();
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    return sig;
}

int tc_lifecycle_grace_ms(void)
{
    const char *s = getenv("SHUTDOWN_GRACE_MS");
    if (s && *s) {
        long v = strtol(s, NULL, 10);
        if (v >= 0 && v < 600000)
            return (int)v;
    }
    return 10000;
}
