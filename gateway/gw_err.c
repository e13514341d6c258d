#include "gw_err.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "tc_err.h"
#include "xalloc.h"

int gw_err_status(int tc_code, const char **code_name)
{
    int status;
    const char *name;
    switch (tc_code) {
    case TC_OK:
        status = 200, name = "ok";
        break;
    case TC_EINVAL:
    case TC_EPRECOND:
        status = 400, name = "invalid_argument";
        break;
    case TC_EUNAUTH:
        status = 401, name = "unauthenticated";
        break;
    case TC_ENOTFOUND:
        status = 404, name = "not_found";
        break;
    case TC_EUNAVAIL:
    case TC_ERESOURCE:
    case TC_ECANCELLED:
        status = 503, name = "unavailable";
        break;
    case TC_EDEADLINE:
        status = 504, name = "deadline_exceeded";
        break;
    default:
        status = 500, name = "internal";
        break;
    }
    if (code_name)
        *code_name = name;
    return status;
}

/* The contract's error codes by HTTP status. 400 is "invalid_argument" (bad
 * input); framing errors name "bad_request" themselves. */
static const struct {
    int status;
    const char *code;
} CODE_FOR_STATUS[] = {
    {400, "invalid_argument"},  {401, "unauthenticated"},
    {404, "not_found"},         {405, "method_not_allowed"},
    {408, "request_timeout"},   {413, "payload_too_large"},
    {414, "uri_too_long"},      {415, "unsupported_media_type"},
    {431, "headers_too_large"}, {501, "not_implemented"},
    {503, "unavailable"},       {504, "deadline_exceeded"},
};

const char *gw_err_code_for_status(int http_status)
{
    for (size_t i = 0; i < sizeof CODE_FOR_STATUS / sizeof CODE_FOR_STATUS[0]; i++)
        if (CODE_FOR_STATUS[i].status == http_status)
            return CODE_FOR_STATUS[i].code;
    return "internal";
}

char *gw_err_body(const char *code_name, const char *message, size_t *len)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *err = cJSON_AddObjectToObject(root, "error");
    cJSON_AddStringToObject(err, "code", code_name ? code_name : "internal");
    cJSON_AddStringToObject(err, "message",
                            message && *message ? message : (code_name ? code_name : "internal"));
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!out)
        out = xstrdup("{\"error\":{\"code\":\"internal\",\"message\":\"internal\"}}");
    if (len)
        *len = strlen(out);
    return out;
}
