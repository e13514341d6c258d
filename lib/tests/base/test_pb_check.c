/* pb_check: a NUL byte or invalid UTF-8 in any string field of wire data
 * is refused with the field's path; valid and malformed data pass (unpack
 * judges the latter). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pb_check.h"
#include "tc_err.h"
#include "todo/v1/todo.pb-c.h"

static void test_pb_check_strings(void **state)
{
    (void)state;
    char err[256];
    /* CreateTodoRequest{user_id:"u", todo:{title:"a\0b"}} by hand: protobuf-c
     * itself cannot encode an embedded NUL. */
    const uint8_t nul_in_title[] = {0x0a, 0x01, 'u', 0x12, 0x05, 0x12, 0x03, 'a', 0x00, 'b'};
    assert_int_equal(tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, nul_in_title,
                                         sizeof nul_in_title, err, sizeof err),
                     TC_EINVAL);
    assert_string_equal(err, "todo.title: contains a NUL byte");
    /* A repeated string (tags) with bad UTF-8. */
    const uint8_t bad_tag[] = {0x12, 0x06, 0x3a, 0x01, 'x', 0x3a, 0x01, 0xff};
    assert_int_equal(tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, bad_tag,
                                         sizeof bad_tag, err, sizeof err),
                     TC_EINVAL);
    assert_string_equal(err, "todo.tags: is not valid UTF-8");
    /* Valid messages pass; so does malformed wire data (unpack rejects it). */
    Todo__V1__CreateTodoRequest req = TODO__V1__CREATE_TODO_REQUEST__INIT;
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    char *tags[] = {"home", "caf\xc3\xa9"};
    t.title = "buy milk";
    t.tags = tags;
    t.n_tags = 2;
    req.user_id = "u";
    req.todo = &t;
    uint8_t buf[256];
    size_t n = todo__v1__create_todo_request__pack(&req, buf);
    assert_int_equal(
        tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, buf, n, err, sizeof err),
        0);
    const uint8_t truncated[] = {0x0a, 0x09, 'u'};
    assert_int_equal(tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, truncated,
                                         sizeof truncated, err, sizeof err),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pb_check_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
