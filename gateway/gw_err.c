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

const char *gw_err_code_for_status(int http_status)
{
    switch (http_status) {
    case 400:
        return "invalid_argument";
    case 401:
        return "unauthenticated";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 413:
        return "payload_too_large";
    case 415:
        return "unsupported_media_type";
    case 503:
        return "unavailable";
    case 504:
        return "deadline_exceeded";
    default:
        return "internal";
    }
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
