/* chat_service: chat.v1.ChatService/Converse on the RPC layer. Validates the
 * request (field-naming INVALID_ARGUMENT), runs one engine turn in the
 * call's memory, and maps results to the response. The only place where
 * chat-svc logs request outcomes. */
#ifndef CHAT_SERVICE_H
#define CHAT_SERVICE_H

#include "chat_engine.h"
#include "rpc_server.h"

#define CHAT_MESSAGE_MAX 2000
#define CHAT_USER_ID_MAX 256
#define CHAT_CONTEXT_MAX 32768

typedef struct chat_service chat_service_t;

/* New service over engine (borrowed; must outlive the service). Never NULL. */
chat_service_t *chat_service_create(chat_engine_t *engine);
/* Frees the service; accepts NULL. */
void chat_service_destroy(chat_service_t *svc);
/* Registers chat.v1.ChatService on server. Returns 0 or TC_EINVAL. */
int chat_service_register(chat_service_t *svc, rpc_server_t *server);

#endif
