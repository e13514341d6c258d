#include "tc_err.h"

#include <stdio.h>
#include <string.h>

const char *tc_strerror(int code)
{
    switch (code) {
#define TC_ERR_DESC(name, value, grpc, desc)                                                       \
    case value:                                                                                    \
        return desc;
        TC_ERRORS(TC_ERR_DESC)
#undef TC_ERR_DESC
    }
    return "unknown error";
}

const char *tc_errname(int code)
{
    switch (code) {
#define TC_ERR_NAME(name, value, grpc, desc)                                                       \
    case value:                                                                                    \
        return #name;
        TC_ERRORS(TC_ERR_NAME)
#undef TC_ERR_NAME
    }
    return "EUNKNOWN";
}

int tc_err_to_grpc(int code)
{
    switch (code) {
#define TC_ERR_GRPC(name, value, grpc, desc)                                                       \
    case value:                                                                                    \
        return grpc;
        TC_ERRORS(TC_ERR_GRPC)
#undef TC_ERR_GRPC
    }
    return 2;
}

int tc_err_from_grpc(int grpc_code)
{
    switch (grpc_code) {
    case 0:
        return TC_OK;
    case 1:
        return TC_ECANCELLED;
    case 3:
    case 11: /* OUT_OF_RANGE */
        return TC_EINVAL;
    case 4:
        return TC_EDEADLINE;
    case 5:
        return TC_ENOTFOUND;
    case 6:
        return TC_EEXISTS;
    case 8:
        return TC_ERESOURCE;
    case 9:
        return TC_EPRECOND;
    case 12:
        return TC_EUNIMPL;
    case 14:
        return TC_EUNAVAIL;
    case 16:
        return TC_EUNAUTH;
    }
    return TC_EINTERNAL;
}

int tc_status_set(tc_status_t *st, int code, const char *fmt, ...)
{
    if (st) {
        st->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(st->message, sizeof st->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void tc_status_clear(tc_status_t *st)
{
    if (st) {
        st->code = TC_OK;
        st->message[0] = '\0';
    }
}
