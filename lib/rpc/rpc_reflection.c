/* grpc.reflection.v1 / v1alpha ServerReflection over a FileDescriptorSet
 * embedded at build time: what `grpcurl list` and `describe` need. */
#include "rpc_internal.h"

#include "google/protobuf/descriptor.pb-c.h"
#include "grpc/reflection/v1/reflection.pb-c.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct file {
    char *name;
    unsigned char *bytes;
    size_t len;
    char **deps;
    size_t n_deps;
};

struct symbol {
    char *name; /* fully qualified, no leading dot */
    size_t file;
};

struct rpc__reflection {
    struct file *files;
    size_t n_files;
    struct symbol *symbols;
    size_t n_symbols, cap_symbols;
    char **services;
    size_t n_services;
};

static void add_symbol(rpc__reflection_t *r, const char *prefix, const char *name, size_t file)
{
    if (r->n_symbols == r->cap_symbols) {
        r->cap_symbols = r->cap_symbols ? r->cap_symbols * 2 : 64;
        r->symbols = xrealloc(r->symbols, r->cap_symbols * sizeof *r->symbols);
    }
    r->symbols[r->n_symbols].name =
        prefix && *prefix ? xasprintf("%s.%s", prefix, name) : xstrdup(name);
    r->symbols[r->n_symbols++].file = file;
}

static void add_message_symbols(rpc__reflection_t *r, const char *prefix,
                                const Google__Protobuf__DescriptorProto *m, size_t file)
{
    add_symbol(r, prefix, m->name, file);
    char *full = r->symbols[r->n_symbols - 1].name;
    char *scope = xstrdup(full);
    for (size_t i = 0; i < m->n_nested_type; i++)
        add_message_symbols(r, scope, m->nested_type[i], file);
    for (size_t i = 0; i < m->n_enum_type; i++)
        add_symbol(r, scope, m->enum_type[i]->name, file);
    for (size_t i = 0; i < m->n_field; i++)
        add_symbol(r, scope, m->field[i]->name, file);
    free(scope);
}

rpc__reflection_t *rpc__reflection_create(const unsigned char *set, size_t len, tc_status_t *st)
{
    Google__Protobuf__FileDescriptorSet *fds =
        google__protobuf__file_descriptor_set__unpack(&tc_protobuf_allocator, len, set);
    if (!fds) {
        tc_status_set(st, TC_EINVAL, "reflection: descriptor set does not decode");
        return NULL;
    }
    rpc__reflection_t *r = xcalloc(1, sizeof *r);
    r->n_files = fds->n_file;
    r->files = xcalloc(fds->n_file ? fds->n_file : 1, sizeof *r->files);
    for (size_t i = 0; i < fds->n_file; i++) {
        Google__Protobuf__FileDescriptorProto *f = fds->file[i];
        struct file *out = &r->files[i];
        out->name = xstrdup(f->name);
        out->len = google__protobuf__file_descriptor_proto__get_packed_size(f);
        out->bytes = xmalloc(out->len);
        google__protobuf__file_descriptor_proto__pack(f, out->bytes);
        out->n_deps = f->n_dependency;
        out->deps = xcalloc(f->n_dependency ? f->n_dependency : 1, sizeof(char *));
        for (size_t d = 0; d < f->n_dependency; d++)
            out->deps[d] = xstrdup(f->dependency[d]);
        const char *pkg = f->package ? f->package : "";
        for (size_t m = 0; m < f->n_message_type; m++)
            add_message_symbols(r, pkg, f->message_type[m], i);
        for (size_t e = 0; e < f->n_enum_type; e++) {
            add_symbol(r, pkg, f->enum_type[e]->name, i);
            for (size_t v = 0; v < f->enum_type[e]->n_value; v++)
                add_symbol(r, pkg, f->enum_type[e]->value[v]->name, i);
        }
        for (size_t s = 0; s < f->n_service; s++) {
            add_symbol(r, pkg, f->service[s]->name, i);
            char *scope = xstrdup(r->symbols[r->n_symbols - 1].name);
            for (size_t m = 0; m < f->service[s]->n_method; m++)
                add_symbol(r, scope, f->service[s]->method[m]->name, i);
            free(scope);
        }
    }
    google__protobuf__file_descriptor_set__free_unpacked(fds, &tc_protobuf_allocator);
    return r;
}

void rpc__reflection_destroy(rpc__reflection_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_files; i++) {
        free(r->files[i].name);
        free(r->files[i].bytes);
        for (size_t d = 0; d < r->files[i].n_deps; d++)
            free(r->files[i].deps[d]);
        free(r->files[i].deps);
    }
    free(r->files);
    for (size_t i = 0; i < r->n_symbols; i++)
        free(r->symbols[i].name);
    free(r->symbols);
    for (size_t i = 0; i < r->n_services; i++)
        free(r->services[i]);
    free(r->services);
    free(r);
}

void rpc__reflection_add_service_name(rpc__reflection_t *r, const char *name)
{
    r->services = xrealloc(r->services, (r->n_services + 1) * sizeof *r->services);
    r->services[r->n_services++] = xstrdup(name);
}

static long find_file(const rpc__reflection_t *r, const char *name)
{
    for (size_t i = 0; i < r->n_files; i++)
        if (strcmp(r->files[i].name, name) == 0)
            return (long)i;
    return -1;
}

static long find_symbol(const rpc__reflection_t *r, const char *name)
{
    if (name[0] == '.')
        name++;
    for (size_t i = 0; i < r->n_symbols; i++)
        if (strcmp(r->symbols[i].name, name) == 0)
            return (long)r->symbols[i].file;
    return -1;
}

/* Appends file idx and, depth first, its transitive dependencies (once each). */
static void collect(const rpc__reflection_t *r, size_t idx, bool *seen, size_t *order, size_t *n)
{
    if (seen[idx])
        return;
    seen[idx] = true;
    order[(*n)++] = idx;
    for (size_t d = 0; d < r->files[idx].n_deps; d++) {
        long dep = find_file(r, r->files[idx].deps[d]);
        if (dep >= 0)
            collect(r, (size_t)dep, seen, order, n);
    }
}

/* One response and the parts it may point at. */
typedef struct reply {
    Grpc__Reflection__V1__ServerReflectionResponse resp;
    Grpc__Reflection__V1__ErrorResponse err;
    Grpc__Reflection__V1__FileDescriptorResponse fdr;
    Grpc__Reflection__V1__ListServiceResponse lsr;
    Grpc__Reflection__V1__ExtensionNumberResponse enr;
} reply_t;

enum { REFLECT_INVALID_ARGUMENT = 3, REFLECT_NOT_FOUND = 5 }; /* gRPC status codes */

static void reply_error(reply_t *o, int32_t code, const char *message)
{
    o->err.error_code = code;
    o->err.error_message = (char *)message;
    o->resp.message_response_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ERROR_RESPONSE;
    o->resp.error_response = &o->err;
}

/* list_services: every service name added. */
static void reply_services(const rpc__reflection_t *r, rpc_call_t *call, reply_t *o)
{
    o->lsr.n_service = r->n_services;
    o->lsr.service = rpc_call_alloc(call, r->n_services * sizeof *o->lsr.service + 1);
    for (size_t i = 0; i < r->n_services; i++) {
        Grpc__Reflection__V1__ServiceResponse *s = rpc_call_alloc(call, sizeof *s);
        grpc__reflection__v1__service_response__init(s);
        s->name = r->services[i];
        o->lsr.service[i] = s;
    }
    o->resp.message_response_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_LIST_SERVICES_RESPONSE;
    o->resp.list_services_response = &o->lsr;
}

/* file_by_filename, file_containing_symbol: file (an index, or -1 when the
 * lookup found none: NOT_FOUND with missing) and, depth first, its
 * transitive dependencies. */
static void reply_files(const rpc__reflection_t *r, rpc_call_t *call, long file,
                        const char *missing, reply_t *o)
{
    if (file < 0) {
        reply_error(o, REFLECT_NOT_FOUND, missing);
        return;
    }
    bool *seen = rpc_call_alloc(call, r->n_files * sizeof *seen);
    size_t *order = rpc_call_alloc(call, r->n_files * sizeof *order);
    size_t n = 0;
    collect(r, (size_t)file, seen, order, &n);
    o->fdr.n_file_descriptor_proto = n;
    o->fdr.file_descriptor_proto = rpc_call_alloc(call, n * sizeof(ProtobufCBinaryData));
    for (size_t i = 0; i < n; i++) {
        o->fdr.file_descriptor_proto[i].data = r->files[order[i]].bytes;
        o->fdr.file_descriptor_proto[i].len = r->files[order[i]].len;
    }
    o->resp.message_response_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_FILE_DESCRIPTOR_RESPONSE;
    o->resp.file_descriptor_response = &o->fdr;
}

/* all_extension_numbers_of_type: none (we declare no extensions) for a known
 * type. */
static void reply_extensions(const rpc__reflection_t *r, char *type, reply_t *o)
{
    if (find_symbol(r, type) < 0) {
        reply_error(o, REFLECT_NOT_FOUND, "type not found");
        return;
    }
    o->enr.base_type_name = type;
    o->resp.message_response_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ALL_EXTENSION_NUMBERS_RESPONSE;
    o->resp.all_extension_numbers_response = &o->enr;
}

static int reflect(void *ctx, rpc_call_t *call, const ProtobufCMessage *reqmsg,
                   rpc_stream_t *stream, tc_status_t *st)
{
    (void)st;
    const rpc__reflection_t *r = ctx;
    const Grpc__Reflection__V1__ServerReflectionRequest *req = (const void *)reqmsg;
    reply_t o = {
        GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__INIT,
        GRPC__REFLECTION__V1__ERROR_RESPONSE__INIT,
        GRPC__REFLECTION__V1__FILE_DESCRIPTOR_RESPONSE__INIT,
        GRPC__REFLECTION__V1__LIST_SERVICE_RESPONSE__INIT,
        GRPC__REFLECTION__V1__EXTENSION_NUMBER_RESPONSE__INIT,
    };
    o.resp.valid_host = req->host ? req->host : "";
    o.resp.original_request = (Grpc__Reflection__V1__ServerReflectionRequest *)req;

    switch (req->message_request_case) {
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_LIST_SERVICES:
        reply_services(r, call, &o);
        break;
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_BY_FILENAME:
        reply_files(r, call, find_file(r, req->file_by_filename), "file not found", &o);
        break;
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL:
        reply_files(r, call, find_symbol(r, req->file_containing_symbol), "symbol not found", &o);
        break;
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_ALL_EXTENSION_NUMBERS_OF_TYPE:
        reply_extensions(r, req->all_extension_numbers_of_type, &o);
        break;
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_EXTENSION:
        reply_error(&o, REFLECT_NOT_FOUND, "extension not found");
        break;
    default:
        reply_error(&o, REFLECT_INVALID_ARGUMENT, "request has no message_request");
        break;
    }
    rpc_stream_send(stream, &o.resp.base);
    return TC_OK;
}

const rpc_method_t rpc__reflection_methods[] = {
    {.kind = RPC_BIDI_STREAMING, .stream = reflect},
};

/* v1alpha is wire-identical to v1: serve it with the v1 message types under
 * the v1alpha service name. */
static const ProtobufCMethodDescriptor v1alpha_methods[] = {
    {"ServerReflectionInfo", &grpc__reflection__v1__server_reflection_request__descriptor,
     &grpc__reflection__v1__server_reflection_response__descriptor},
};
static const unsigned v1alpha_method_indices[] = {0};

const ProtobufCServiceDescriptor rpc__reflection_v1alpha_descriptor = {
    .magic = PROTOBUF_C__SERVICE_DESCRIPTOR_MAGIC,
    .name = "grpc.reflection.v1alpha.ServerReflection",
    .short_name = "ServerReflection",
    .c_name = "Grpc__Reflection__V1alpha__ServerReflection",
    .package = "grpc.reflection.v1alpha",
    .n_methods = 1,
    .methods = v1alpha_methods,
    .method_indices_by_name = v1alpha_method_indices,
};
