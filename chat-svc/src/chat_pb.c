/* chat_pb: protobuf-c helpers. */
#include "chat_pb.h"

#include <string.h>

ProtobufCBinaryData chat_pb_pack(const ProtobufCMessage *msg, ProtobufCAllocator *mem)
{
    ProtobufCBinaryData b;
    b.len = protobuf_c_message_get_packed_size(msg);
    b.data = mem->alloc(mem->allocator_data, b.len ? b.len : 1);
    protobuf_c_message_pack(msg, b.data);
    return b;
}

ProtobufCMessage *chat_pb_copy(const ProtobufCMessage *msg, ProtobufCAllocator *mem)
{
    ProtobufCBinaryData b = chat_pb_pack(msg, mem);
    return protobuf_c_message_unpack(msg->descriptor, mem, b.len, b.data);
}

char *chat_pb_strdup(ProtobufCAllocator *mem, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *d = mem->alloc(mem->allocator_data, n + 1);
    memcpy(d, s, n + 1);
    return d;
}
