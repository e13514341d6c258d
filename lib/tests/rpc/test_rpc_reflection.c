/* rpc_reflection: grpc.reflection.v1 and v1alpha ServerReflectionInfo over
 * the descriptor set a server is given (here todo.proto with health and
 * reflection, built by tc_descriptor_set), as grpcurl uses them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "google/protobuf/descriptor.pb-c.h"
#include "grpc/reflection/v1/reflection.pb-c.h"
#include "grpc/reflection/v1alpha/reflection.pb-c.h"
#include "rpc_client.h"
#include "rpc_fixture.h"
#include "rpc_server.h"

extern const unsigned char rpc_test_descriptor[];
extern const size_t rpc_test_descriptor_len;

typedef Grpc__Reflection__V1__ServerReflectionRequest request_t;
typedef Grpc__Reflection__V1__ServerReflectionResponse response_t;
#define RESPONSE_DESC grpc__reflection__v1__server_reflection_response__descriptor

static char addr[128];

static int setup(void **state)
{
    (void)state;
    rpc_server_options_t opts = {.threads = 2,
                                 .descriptor_set = rpc_test_descriptor,
                                 .descriptor_set_len = rpc_test_descriptor_len};
    rpc_fixture_start_with(&opts, NULL, rpc_fixture_todo_methods, addr, sizeof addr);
    return 0;
}

/* Asks one question over service (v1 or v1alpha; the messages are the same
 * on the wire) and returns the one answer; the stream ends OK. The caller
 * frees it with protobuf_c_message_free_unpacked(r, NULL). */
static response_t *ask_over(const ProtobufCServiceDescriptor *service, request_t *req)
{
    tc_status_t st;
    rpc_client_t *c = rpc_client_create(addr, service, NULL, &st);
    rpc_fixture_got_t got;
    rpc_fixture_got_init(&got);
    /* The request as the service's own input type (v1alpha's or v1's). */
    const ProtobufCMessageDescriptor *in = service->methods[0].input;
    uint8_t buf[512];
    size_t n = protobuf_c_message_pack(&req->base, buf);
    ProtobufCMessage *typed = protobuf_c_message_unpack(in, NULL, n, buf);
    assert_non_null(typed);
    rpc_client_stream_t *s = rpc_fixture_stream(c, "ServerReflectionInfo", typed, &got);
    protobuf_c_message_free_unpacked(typed, NULL);
    rpc_fixture_wait(&got, 1, 1);
    assert_int_equal(got.ended, 1);
    assert_int_equal(got.end_code, TC_OK);
    assert_int_equal(got.n, 1);
    response_t *r = (void *)rpc_fixture_got_msg(&got, 0, &RESPONSE_DESC);
    rpc_client_stream_release(s);
    rpc_client_destroy(c);
    rpc_fixture_got_free(&got);
    return r;
}

static response_t *ask(request_t *req)
{
    return ask_over(&grpc__reflection__v1__server_reflection__descriptor, req);
}

static bool lists(const response_t *r, const char *service)
{
    for (size_t i = 0; i < r->list_services_response->n_service; i++)
        if (strcmp(r->list_services_response->service[i]->name, service) == 0)
            return true;
    return false;
}

/* list_services names every service the server serves, over v1 and v1alpha. */
static void test_list_services(void **state)
{
    (void)state;
    request_t req = GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
    req.message_request_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_LIST_SERVICES;
    req.list_services = "";
    const ProtobufCServiceDescriptor *both[] = {
        &grpc__reflection__v1__server_reflection__descriptor,
        &grpc__reflection__v1alpha__server_reflection__descriptor};
    for (int v = 0; v < 2; v++) {
        response_t *r = ask_over(both[v], &req);
        assert_int_equal(
            r->message_response_case,
            GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_LIST_SERVICES_RESPONSE);
        assert_true(lists(r, "todo.v1.TodoService"));
        assert_true(lists(r, "grpc.health.v1.Health"));
        assert_true(lists(r, "grpc.reflection.v1.ServerReflection"));
        assert_true(lists(r, "grpc.reflection.v1alpha.ServerReflection"));
        assert_false(lists(r, "chat.v1.ChatService"));
        protobuf_c_message_free_unpacked(&r->base, NULL);
    }
}

/* The file names in a file descriptor answer, in order, comma-separated. */
static void file_names(const response_t *r, char *out, size_t cap)
{
    out[0] = '\0';
    const Grpc__Reflection__V1__FileDescriptorResponse *f = r->file_descriptor_response;
    assert_non_null(f);
    for (size_t i = 0; i < f->n_file_descriptor_proto; i++) {
        Google__Protobuf__FileDescriptorProto *p = google__protobuf__file_descriptor_proto__unpack(
            NULL, f->file_descriptor_proto[i].len, f->file_descriptor_proto[i].data);
        assert_non_null(p);
        strncat(out, i ? "," : "", cap - strlen(out) - 1);
        strncat(out, p->name, cap - strlen(out) - 1);
        google__protobuf__file_descriptor_proto__free_unpacked(p, NULL);
    }
}

/* A service, a method or a nested name finds its file first, then the
 * files it imports (so a client can build every type it needs). */
static void test_file_containing_symbol(void **state)
{
    (void)state;
    static const char *const symbols[] = {"todo.v1.TodoService", "todo.v1.TodoService.GetTodo",
                                          "todo.v1.Todo", "todo.v1.Priority"};
    for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++) {
        request_t req = GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
        req.message_request_case =
            GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL;
        req.file_containing_symbol = (char *)symbols[i];
        response_t *r = ask(&req);
        char names[512];
        file_names(r, names, sizeof names);
        assert_non_null(strstr(names, "todo/v1/todo.proto"));
        assert_int_equal(strncmp(names, "todo/v1/todo.proto", 18), 0);
        assert_non_null(strstr(names, "google/protobuf/timestamp.proto"));
        protobuf_c_message_free_unpacked(&r->base, NULL);
    }
    request_t req = GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
    req.message_request_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_BY_FILENAME;
    req.file_by_filename = "grpc/health/v1/health.proto";
    response_t *r = ask(&req);
    char names[512];
    file_names(r, names, sizeof names);
    assert_string_equal(names, "grpc/health/v1/health.proto");
    protobuf_c_message_free_unpacked(&r->base, NULL);
}

/* What is not there is an error_response NOT_FOUND (5), and a request with
 * no question INVALID_ARGUMENT (3); the stream itself still ends OK. */
static void test_errors(void **state)
{
    (void)state;
    request_t req = GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
    req.message_request_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL;
    req.file_containing_symbol = "nope.v1.Nothing";
    response_t *r = ask(&req);
    assert_non_null(r->error_response);
    assert_int_equal(r->error_response->error_code, 5);
    assert_string_equal(r->error_response->error_message, "symbol not found");
    protobuf_c_message_free_unpacked(&r->base, NULL);

    req.message_request_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_BY_FILENAME;
    req.file_by_filename = "nope.proto";
    r = ask(&req);
    assert_non_null(r->error_response);
    assert_int_equal(r->error_response->error_code, 5);
    protobuf_c_message_free_unpacked(&r->base, NULL);

    request_t empty = GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
    r = ask(&empty);
    assert_non_null(r->error_response);
    assert_int_equal(r->error_response->error_code, 3);
    protobuf_c_message_free_unpacked(&r->base, NULL);
}

/* A descriptor set that does not decode is refused when the server is
 * created, saying so. */
static void test_bad_descriptor_set(void **state)
{
    (void)state;
    static const unsigned char junk[] = {0x0a, 0x7f, 0x01};
    rpc_server_options_t opts = {
        .listen = "127.0.0.1:0", .descriptor_set = junk, .descriptor_set_len = sizeof junk};
    tc_status_t st;
    assert_null(rpc_server_create(&opts, &st));
    assert_int_equal(st.code, TC_EINVAL);
    assert_string_equal(st.message, "reflection: descriptor set does not decode");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_services),
        cmocka_unit_test(test_file_containing_symbol),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_bad_descriptor_set),
    };
    return cmocka_run_group_tests(tests, setup, rpc_fixture_teardown);
}
