/* log: one JSON object per line on stderr: {"ts","level","svc","msg",...fields}.
 * Never pass tokens or user text at info level. Thread-safe. */
#ifndef TC_LOG_H
#define TC_LOG_H

enum tc_log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

extern int tc_log_min_level;

/* Sets the service name written in every line and the minimum level.
 * level_name: "debug", "info", "warn", "error" or NULL (info; env LOG_LEVEL wins). */
void tc_log_init(const char *service, const char *level_name);

/* LOG(level, "message", "key1", "value1", "key2", "value2"): values are
 * strings (NULL values are written as null); the level check happens before
 * any formatting. */
#define LOG(lvl, ...)                                                                              \
    do {                                                                                           \
        if ((lvl) >= tc_log_min_level)                                                             \
            tc_log_write((lvl), __VA_ARGS__, (const char *)0);                                     \
    } while (0)

/* msg followed by key/value string pairs, terminated by a NULL key. */
void tc_log_write(int level, const char *msg, ...);

#endif
