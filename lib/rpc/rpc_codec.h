/* rpc_codec: protobuf-c messages to and from gRPC C-core byte buffers.
 *
 * The one place where the RPC layer turns messages into bytes and back; used
 * by rpc_client (requests out, responses in) and rpc_server (requests in,
 * responses and stream messages out).
 *
 * Ownership: every function returns something new that the caller owns and
 * borrows its arguments only for the duration of the call.
 * Errors: pack cannot fail (allocation failure aborts, as xalloc);
 * unpack returns NULL for bytes that are not a valid message.
 * Threads: all functions are reentrant and may run on any thread. */
#ifndef TC_RPC_CODEC_H
#define TC_RPC_CODEC_H

#include <grpc/grpc.h>
#include <protobuf-c/protobuf-c.h>

#include "tc_err.h"

/* Packs msg into a new byte buffer; the caller destroys it with
 * grpc_byte_buffer_destroy. */
grpc_byte_buffer *rpc_codec_pack(const ProtobufCMessage *msg);

/* Unpacks bb with desc, allocating from mem. mem NULL means
 * tc_protobuf_allocator: free the result with
 * protobuf_c_message_free_unpacked(msg, &tc_protobuf_allocator) (or NULL,
 * which is the same allocator). An arena's allocator makes the message live
 * as long as the arena. Returns NULL when bb is not a valid desc message. */
ProtobufCMessage *rpc_codec_unpack(const ProtobufCMessageDescriptor *desc, grpc_byte_buffer *bb,
                                   ProtobufCAllocator *mem);

/* Unpacks a request (tc_protobuf_allocator, as above) and also refuses
 * string fields with NUL bytes or invalid UTF-8. On failure returns NULL and
 * sets st to TC_EINVAL with a message naming the field, meant for the
 * client. */
ProtobufCMessage *rpc_codec_unpack_checked(const ProtobufCMessageDescriptor *desc,
                                           grpc_byte_buffer *bb, tc_status_t *st);

#endif
