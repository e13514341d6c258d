/* lifecycle: process start-up and shutdown plumbing shared by the binaries. */
#ifndef TC_LIFECYCLE_H
#define TC_LIFECYCLE_H

/* Blocks SIGTERM/SIGINT in the calling thread (call in main before creating
 * any thread so every thread inherits the mask) and ignores SIGPIPE. */
void tc_lifecycle_block_signals(void);
/* Waits for SIGTERM or SIGINT; returns the signal number. */
int tc_lifecycle_wait_for_signal(void);
/* Grace period for draining, in ms: env SHUTDOWN_GRACE_MS or 10000. */
int tc_lifecycle_grace_ms(void);

#endif
