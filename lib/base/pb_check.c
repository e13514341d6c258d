#include "pb_check.h"
#include "tc_err.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

static bool read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        r |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return true;
        }
    }
    return false;
}

static int walk(const ProtobufCMessageDescriptor *desc, const uint8_t *p, const uint8_t *end,
                char *path, size_t path_len, size_t path_cap, int depth, char *err, size_t err_len)
{
    if (depth > 32)
        return TC_OK; /* protobuf-c's own recursion limit decides */
    while (p < end) {
        uint64_t key, len;
        if (!read_varint(&p, end, &key))
            return TC_OK;
        switch (key & 7) {
        case 0:
            if (!read_varint(&p, end, &len))
                return TC_OK;
            continue;
        case 1:
            if ((size_t)(end - p) < 8)
                return TC_OK;
            p += 8;
            continue;
        case 5:
            if ((size_t)(end - p) < 4)
                return TC_OK;
            p += 4;
            continue;
        case 2:
            break;
        default:
            return TC_OK;
        }
        if (!read_varint(&p, end, &len) || len > (uint64_t)(end - p))
            return TC_OK;
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field(desc, (unsigned)(key >> 3));
        if (f && (f->type == PROTOBUF_C_TYPE_STRING || f->type == PROTOBUF_C_TYPE_MESSAGE)) {
            int n = snprintf(path + path_len, path_cap - path_len, "%s%s", path_len ? "." : "",
                             f->name);
            size_t sub_len =
                n > 0 && (size_t)n < path_cap - path_len ? path_len + (size_t)n : path_len;
            if (f->type == PROTOBUF_C_TYPE_STRING) {
                const char *problem = NULL;
                if (memchr(p, 0, (size_t)len))
                    problem = "contains a NUL byte";
                else if (!tc_utf8_valid((const char *)p, (size_t)len))
                    problem = "is not valid UTF-8";
                if (problem) {
                    snprintf(err, err_len, "%s: %s", path, problem);
                    return TC_EINVAL;
                }
            } else {
                int rc = walk(f->descriptor, p, p + len, path, sub_len, path_cap, depth + 1, err,
                              err_len);
                if (rc)
                    return rc;
            }
            path[path_len] = '\0';
        }
        p += len;
    }
    return TC_OK;
}

int tc_pb_check_strings(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len,
                        char *err, size_t err_len)
{
    char path[256] = "";
    return walk(desc, data, data + len, path, 0, sizeof path, 0, err, err_len);
}
