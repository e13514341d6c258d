#include "rpc_codec.h"

#include "pb_check.h"
#include "xalloc.h"

#include <grpc/byte_buffer_reader.h>

grpc_byte_buffer *rpc_codec_pack(const ProtobufCMessage *msg)
{
    size_t n = protobuf_c_message_get_packed_size(msg);
    grpc_slice slice = grpc_slice_malloc(n);
    protobuf_c_message_pack(msg, GRPC_SLICE_START_PTR(slice));
    grpc_byte_buffer *bb = grpc_raw_byte_buffer_create(&slice, 1);
    grpc_slice_unref(slice);
    return bb;
}

/* st NULL: no string check and no status (the client's responses). */
static ProtobufCMessage *unpack_with(const ProtobufCMessageDescriptor *desc, grpc_byte_buffer *bb,
                                     ProtobufCAllocator *mem, tc_status_t *st)
{
    grpc_byte_buffer_reader reader;
    if (!grpc_byte_buffer_reader_init(&reader, bb)) {
        tc_status_set(st, TC_EINVAL, "request: unreadable message");
        return NULL;
    }
    grpc_slice slice = grpc_byte_buffer_reader_readall(&reader);
    grpc_byte_buffer_reader_destroy(&reader);
    const uint8_t *data = GRPC_SLICE_START_PTR(slice);
    size_t len = GRPC_SLICE_LENGTH(slice);
    ProtobufCMessage *msg = NULL;
    char err[256];
    if (st && tc_pb_check_strings(desc, data, len, err, sizeof err) != TC_OK) {
        tc_status_set(st, TC_EINVAL, "%s", err);
    } else {
        msg = protobuf_c_message_unpack(desc, mem ? mem : &tc_protobuf_allocator, len, data);
        if (!msg)
            tc_status_set(st, TC_EINVAL, "request: not a valid protobuf message");
    }
    grpc_slice_unref(slice);
    return msg;
}

ProtobufCMessage *rpc_codec_unpack_checked(const ProtobufCMessageDescriptor *desc,
                                           grpc_byte_buffer *bb, tc_status_t *st)
{
    return unpack_with(desc, bb, NULL, st);
}

ProtobufCMessage *rpc_codec_unpack(const ProtobufCMessageDescriptor *desc, grpc_byte_buffer *bb,
                                   ProtobufCAllocator *mem)
{
    return unpack_with(desc, bb, mem, NULL);
}
