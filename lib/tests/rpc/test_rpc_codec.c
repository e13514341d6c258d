/* rpc_codec: messages to gRPC byte buffers and back, and the request checks
 * a server makes before any handler sees a request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <grpc/grpc.h>
#include <grpc/slice.h>
#include <string.h>

#include "arena.h"
#include "rpc_codec.h"
#include "todo/v1/todo.pb-c.h"

static int setup(void **state)
{
    (void)state;
    grpc_init();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    grpc_shutdown();
    return 0;
}

/* A byte buffer holding exactly bytes[0..n). */
static grpc_byte_buffer *raw(const void *bytes, size_t n)
{
    grpc_slice s = grpc_slice_from_copied_buffer(bytes, n);
    grpc_byte_buffer *bb = grpc_raw_byte_buffer_create(&s, 1);
    grpc_slice_unref(s);
    return bb;
}

static grpc_byte_buffer *get_request(const char *user, const char *id)
{
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    req.user_id = (char *)user;
    req.id = (char *)id;
    return rpc_codec_pack(&req.base);
}

static void test_round_trip(void **state)
{
    (void)state;
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    char *tags[] = {"home", "\xc3\xa9t\xc3\xa9"};
    t.id = "t1";
    t.title = "buy milk";
    t.done = 1;
    t.n_tags = 2;
    t.tags = tags;
    grpc_byte_buffer *bb = rpc_codec_pack(&t.base);
    assert_int_equal(grpc_byte_buffer_length(bb), protobuf_c_message_get_packed_size(&t.base));
    Todo__V1__Todo *back = (void *)rpc_codec_unpack(&todo__v1__todo__descriptor, bb, NULL);
    assert_non_null(back);
    assert_string_equal(back->id, "t1");
    assert_string_equal(back->title, "buy milk");
    assert_true(back->done);
    assert_int_equal(back->n_tags, 2);
    assert_string_equal(back->tags[1], "\xc3\xa9t\xc3\xa9");
    protobuf_c_message_free_unpacked(&back->base, NULL);
    grpc_byte_buffer_destroy(bb);
}

/* An empty message packs to zero bytes and unpacks to its defaults. */
static void test_empty_message(void **state)
{
    (void)state;
    Todo__V1__GetTodoRequest req = TODO__V1__GET_TODO_REQUEST__INIT;
    grpc_byte_buffer *bb = rpc_codec_pack(&req.base);
    assert_int_equal(grpc_byte_buffer_length(bb), 0);
    tc_status_t st;
    tc_status_clear(&st);
    Todo__V1__GetTodoRequest *back =
        (void *)rpc_codec_unpack_checked(&todo__v1__get_todo_request__descriptor, bb, &st);
    assert_non_null(back);
    assert_string_equal(back->id, "");
    protobuf_c_message_free_unpacked(&back->base, NULL);
    grpc_byte_buffer_destroy(bb);
}

/* With an arena's allocator the message lives as long as the arena. */
static void test_unpack_into_arena(void **state)
{
    (void)state;
    grpc_byte_buffer *bb = get_request("u", "abc");
    tc_arena_t *a = tc_arena_create();
    ProtobufCAllocator mem = tc_arena_pb_allocator(a);
    Todo__V1__GetTodoRequest *r =
        (void *)rpc_codec_unpack(&todo__v1__get_todo_request__descriptor, bb, &mem);
    grpc_byte_buffer_destroy(bb);
    assert_non_null(r);
    assert_string_equal(r->id, "abc");
    tc_arena_destroy(a); /* and with it the message */
}

/* Bytes that are not a message: NULL, and for a request, INVALID_ARGUMENT
 * saying so. (0x0a 0x05 'a': field 1 says 5 bytes, 1 follows.) */
static void test_not_a_message(void **state)
{
    (void)state;
    static const unsigned char truncated[] = {0x0a, 0x05, 'a'};
    grpc_byte_buffer *bb = raw(truncated, sizeof truncated);
    assert_null(rpc_codec_unpack(&todo__v1__get_todo_request__descriptor, bb, NULL));
    tc_status_t st;
    tc_status_clear(&st);
    assert_null(rpc_codec_unpack_checked(&todo__v1__get_todo_request__descriptor, bb, &st));
    assert_int_equal(st.code, TC_EINVAL);
    assert_string_equal(st.message, "request: not a valid protobuf message");
    grpc_byte_buffer_destroy(bb);
}

/* A request string with invalid UTF-8 or a NUL byte is refused, naming the
 * field; the unchecked unpack (responses) takes it as it is. */
static void test_bad_strings_refused(void **state)
{
    (void)state;
    tc_status_t st;
    grpc_byte_buffer *bb = get_request("u", "\xc3\x28");
    tc_status_clear(&st);
    assert_null(rpc_codec_unpack_checked(&todo__v1__get_todo_request__descriptor, bb, &st));
    assert_int_equal(st.code, TC_EINVAL);
    assert_string_equal(st.message, "id: is not valid UTF-8");
    ProtobufCMessage *lax = rpc_codec_unpack(&todo__v1__get_todo_request__descriptor, bb, NULL);
    assert_non_null(lax);
    protobuf_c_message_free_unpacked(lax, NULL);
    grpc_byte_buffer_destroy(bb);

    /* user_id (field 1) = "a\0b" */
    static const unsigned char nul[] = {0x0a, 0x03, 'a', 0x00, 'b'};
    bb = raw(nul, sizeof nul);
    tc_status_clear(&st);
    assert_null(rpc_codec_unpack_checked(&todo__v1__get_todo_request__descriptor, bb, &st));
    assert_int_equal(st.code, TC_EINVAL);
    assert_string_equal(st.message, "user_id: contains a NUL byte");
    grpc_byte_buffer_destroy(bb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),          cmocka_unit_test(test_empty_message),
        cmocka_unit_test(test_unpack_into_arena),   cmocka_unit_test(test_not_a_message),
        cmocka_unit_test(test_bad_strings_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
