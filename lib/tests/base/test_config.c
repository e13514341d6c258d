/* config: a flag wins over its environment variable, which wins over the
 * default; unknown flags and missing values are errors that name the flag;
 * listen addresses and integers are checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tc_err.h"

static void test_config_flags_env_and_errors(void **state)
{
    (void)state;
    const char *listen = NULL, *db = NULL, *probe = NULL;
    tc_config_flag_t flags[] = {
        {"listen", "TCT_LISTEN", "0.0.0.0:1", "addr", &listen, false},
        {"db", "TCT_DB", "x.db", "db", &db, false},
        {"probe", NULL, NULL, "probe", &probe, true},
    };
    char err[256];
    char *argv1[] = {"prog", NULL};
    setenv("TCT_DB", "env.db", 1);
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 1, argv1, err, sizeof err),
                     TC_CONFIG_OK);
    assert_string_equal(listen, "0.0.0.0:1");
    assert_string_equal(db, "env.db"); /* env over default */
    assert_null(probe);
    char *argv2[] = {"prog", "--db", "flag.db", "--listen=1.2.3.4:5", "--probe", NULL};
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 5, argv2, err, sizeof err),
                     TC_CONFIG_OK);
    assert_string_equal(db, "flag.db"); /* flag over env */
    assert_string_equal(listen, "1.2.3.4:5");
    assert_string_equal(probe, "1");
    char *argv3[] = {"prog", "--nope", NULL};
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 2, argv3, err, sizeof err), TC_EINVAL);
    assert_non_null(strstr(err, "--nope"));
    char *argv4[] = {"prog", "--db", NULL};
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 2, argv4, err, sizeof err), TC_EINVAL);
    assert_non_null(strstr(err, "needs a value"));
    unsetenv("TCT_DB");
    assert_int_equal(tc_config_check_listen("0.0.0.0:0"), 0);
    assert_int_equal(tc_config_check_listen("[::]:8080"), 0);
    assert_int_equal(tc_config_check_listen("localhost"), TC_EINVAL);
    assert_int_equal(tc_config_check_listen("a:70000"), TC_EINVAL);
    long v;
    assert_int_equal(tc_config_parse_int("12", 100, &v), 0);
    assert_int_equal(v, 12);
    assert_int_equal(tc_config_parse_int("-1", 100, &v), TC_EINVAL);
    assert_int_equal(tc_config_parse_int("12x", 100, &v), TC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_flags_env_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
