/* chat_pb: protobuf-c helpers over a turn allocator. */
#ifndef CHAT_PB_H
#define CHAT_PB_H

#include <protobuf-c/protobuf-c.h>

/* Deep copy of msg allocated from mem (pack + unpack). NULL only when msg
 * cannot be unpacked again (never for well-formed messages). */
ProtobufCMessage *chat_pb_copy(const ProtobufCMessage *msg, ProtobufCAllocator *mem);

/* Packed bytes of msg allocated from mem. */
ProtobufCBinaryData chat_pb_pack(const ProtobufCMessage *msg, ProtobufCAllocator *mem);

/* Copy of s (NULL gives NULL) allocated from mem. */
char *chat_pb_strdup(ProtobufCAllocator *mem, const char *s);

#endif
