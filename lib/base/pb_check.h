/* pb_check: wire-level checks protobuf-c does not make. protobuf-c hands
 * strings over as NUL-terminated char*, so a string with an embedded NUL
 * would silently lose its tail (and slip past length limits), and it does
 * not check that strings are UTF-8 as proto3 requires. */
#ifndef TC_PB_CHECK_H
#define TC_PB_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

/* Walks the encoded message data[0..len) of type desc, recursing into
 * sub-messages, and checks every string field: no NUL byte, valid UTF-8.
 * Returns 0, or TC_EINVAL with err set to "<field.path>: <problem>"
 * (e.g. "todo.title: contains a NUL byte"). Malformed wire data is left for
 * the unpacker to reject and returns 0 here. */
int tc_pb_check_strings(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len,
                        char *err, size_t err_len);

#endif
