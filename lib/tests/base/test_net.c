/* net: listen addresses parse and print back, and a wildcard host is
 * dialled on loopback by the probes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include "net.h"
#include "tc_err.h"

static void test_net(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(tc_net_probe_target("0.0.0.0:50051", out, sizeof out), 0);
    assert_string_equal(out, "127.0.0.1:50051");
    assert_int_equal(tc_net_probe_target("[::]:1", out, sizeof out), 0);
    assert_string_equal(out, "[::1]:1");
    assert_int_equal(tc_net_probe_target("10.1.2.3:9", out, sizeof out), 0);
    assert_string_equal(out, "10.1.2.3:9");
    struct sockaddr_storage ss;
    socklen_t len;
    assert_int_equal(tc_net_parse_listen("127.0.0.1:8080", &ss, &len), 0);
    tc_net_format_addr((struct sockaddr *)&ss, out, sizeof out);
    assert_string_equal(out, "127.0.0.1:8080");
    assert_int_equal(tc_net_parse_listen("nonsense", &ss, &len), TC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_net),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
