#include "gw_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

/* True when a string in body holds the escape \u0000: cJSON would end the
 * string there and the rest of the text would be silently lost. */
static bool has_nul_escape(const char *body, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (body[i] != '\\')
            continue;
        if (body[i + 1] == 'u' && i + 6 <= n && memcmp(body + i + 2, "0000", 4) == 0)
            return true;
        i++; /* skip the escaped character: in \\u0000 the backslash is escaped */
    }
    return false;
}

int gw_json_parse_object(const char *body, size_t n, cJSON **out, tc_status_t *st)
{
    *out = NULL;
    if (!tc_utf8_valid(body, n))
        return tc_status_set(st, TC_EINVAL, "body: not valid UTF-8");
    if (memchr(body, '\0', n))
        return tc_status_set(st, TC_EINVAL, "body: contains a NUL byte");
    if (has_nul_escape(body, n))
        return tc_status_set(st, TC_EINVAL, "body: a string holds \\u0000, which is not allowed");
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, n, &end, 0);
    if (!root)
        return tc_status_set(st, TC_EINVAL, "body: malformed JSON");
    while (end && end < body + n && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
        end++;
    if (end && end < body + n && *end) {
        cJSON_Delete(root);
        return tc_status_set(st, TC_EINVAL, "body: trailing data after the JSON value");
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return tc_status_set(st, TC_EINVAL, "body: must be a JSON object");
    }
    *out = root;
    return 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Arena copy of s without leading/trailing ASCII whitespace. */
static char *trimmed(tc_arena_t *a, const char *s)
{
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    return tc_arena_strndup(a, s, n);
}

static int get_string(const cJSON *item, const char *field, tc_status_t *st, const char **out)
{
    if (!cJSON_IsString(item) || !item->valuestring)
        return tc_status_set(st, TC_EINVAL, "%s: must be a string", field);
    if (!tc_utf8_valid(item->valuestring, strlen(item->valuestring)))
        return tc_status_set(st, TC_EINVAL, "%s: not valid UTF-8", field);
    *out = item->valuestring;
    return 0;
}

static int set_title(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    const char *s = NULL;
    int rc = get_string(item, "title", st, &s);
    if (rc)
        return rc;
    char *t = trimmed(a, s);
    size_t n = strlen(t);
    if (n == 0 || n > GW_JSON_TITLE_MAX)
        return tc_status_set(st, TC_EINVAL, "title: must be 1-%d bytes after trimming",
                             GW_JSON_TITLE_MAX);
    todo->title = t;
    return 0;
}

static int set_notes(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    const char *s = NULL;
    int rc = get_string(item, "notes", st, &s);
    if (rc)
        return rc;
    if (strlen(s) > GW_JSON_NOTES_MAX)
        return tc_status_set(st, TC_EINVAL, "notes: must be at most %d bytes", GW_JSON_NOTES_MAX);
    todo->notes = tc_arena_strdup(a, s);
    return 0;
}

static int parse_priority(const char *s, Todo__V1__Priority *out)
{
    static const struct {
        const char *name;
        Todo__V1__Priority p;
    } names[] = {
        {"none", TODO__V1__PRIORITY__PRIORITY_UNSPECIFIED},
        {"low", TODO__V1__PRIORITY__PRIORITY_LOW},
        {"medium", TODO__V1__PRIORITY__PRIORITY_MEDIUM},
        {"high", TODO__V1__PRIORITY__PRIORITY_HIGH},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].p;
            return 0;
        }
    }
    return TC_EINVAL;
}

static int set_priority(const cJSON *item, Todo__V1__Todo *todo, tc_status_t *st)
{
    if (!cJSON_IsString(item) || parse_priority(item->valuestring, &todo->priority) != 0)
        return tc_status_set(st, TC_EINVAL, "priority: must be one of none, low, medium, high");
    return 0;
}

static Google__Protobuf__Timestamp *new_ts(tc_arena_t *a, int64_t ms)
{
    Google__Protobuf__Timestamp *ts = tc_arena_alloc(a, sizeof(*ts));
    google__protobuf__timestamp__init(ts);
    tc_ts_from_ms(ts, ms);
    return ts;
}

static int parse_time(const cJSON *item, const char *field, tc_arena_t *a,
                      Google__Protobuf__Timestamp **out, tc_status_t *st)
{
    int64_t ms;
    if (!cJSON_IsString(item) || tc_rfc3339_parse(item->valuestring, &ms) != 0)
        return tc_status_set(st, TC_EINVAL, "%s: must be an RFC 3339 time or null", field);
    *out = new_ts(a, ms);
    return 0;
}

static int set_due(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    if (cJSON_IsNull(item)) {
        todo->due = NULL;
        return 0;
    }
    return parse_time(item, "due", a, &todo->due, st);
}

static int set_tags(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    if (!cJSON_IsArray(item))
        return tc_status_set(st, TC_EINVAL, "tags: must be an array of strings");
    int n = cJSON_GetArraySize(item);
    if (n > GW_JSON_TAGS_MAX)
        return tc_status_set(st, TC_EINVAL, "tags: at most %d tags", GW_JSON_TAGS_MAX);
    char **tags = tc_arena_alloc(a, sizeof(char *) * (size_t)(n > 0 ? n : 1));
    size_t k = 0;
    const cJSON *el;
    cJSON_ArrayForEach(el, item)
    {
        const char *s = NULL;
        if (get_string(el, "tags", st, &s))
            return TC_EINVAL;
        char *t = trimmed(a, s);
        size_t len = strlen(t);
        if (len == 0 || len > GW_JSON_TAG_MAX)
            return tc_status_set(st, TC_EINVAL, "tags: each tag must be 1-%d bytes",
                                 GW_JSON_TAG_MAX);
        tags[k++] = t;
    }
    todo->tags = tags;
    todo->n_tags = k;
    return 0;
}

static int set_done(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    (void)a;
    if (!cJSON_IsBool(item))
        return tc_status_set(st, TC_EINVAL, "done: must be true or false");
    todo->done = cJSON_IsTrue(item);
    return 0;
}

static int set_priority_field(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo,
                              tc_status_t *st)
{
    (void)a;
    return set_priority(item, todo, st);
}

/* A string field that null sets to "" (unset); its content (an RRULE, an
 * IANA zone) is todo-svc's to judge. */
static int set_opt_string(const cJSON *item, const char *field, tc_arena_t *a, char **out,
                          tc_status_t *st)
{
    if (cJSON_IsNull(item)) {
        *out = "";
        return 0;
    }
    const char *s = NULL;
    if (!cJSON_IsString(item))
        return tc_status_set(st, TC_EINVAL, "%s: must be a string or null", field);
    int rc = get_string(item, field, st, &s);
    if (rc)
        return rc;
    *out = trimmed(a, s);
    return 0;
}

static int set_recurrence(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    return set_opt_string(item, "recurrence", a, &todo->recurrence, st);
}

static int set_time_zone(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    return set_opt_string(item, "time_zone", a, &todo->time_zone, st);
}

static int set_remind_at(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    if (cJSON_IsNull(item)) {
        todo->remind_at = NULL;
        return 0;
    }
    return parse_time(item, "remind_at", a, &todo->remind_at, st);
}

typedef int (*field_setter_t)(const cJSON *item, tc_arena_t *a, Todo__V1__Todo *todo,
                              tc_status_t *st);

/* The todo fields a body may name: the name is also the update_mask path;
 * on_create says whether POST takes it (done is PATCH only). */
static const struct {
    const char *name;
    field_setter_t set;
    bool on_create;
} todo_fields[] = {
    {"title", set_title, true},
    {"notes", set_notes, true},
    {"done", set_done, false},
    {"priority", set_priority_field, true},
    {"due", set_due, true},
    {"tags", set_tags, true},
    {"recurrence", set_recurrence, true},
    {"time_zone", set_time_zone, true},
    {"remind_at", set_remind_at, true},
};
#define N_TODO_FIELDS (sizeof(todo_fields) / sizeof(todo_fields[0]))

/* Index of key in todo_fields usable here, or TC_EINVAL naming it. */
static int find_field(const char *k, bool create, size_t *f, tc_status_t *st)
{
    for (size_t i = 0; i < N_TODO_FIELDS; i++) {
        if (strcmp(k, todo_fields[i].name) == 0 && (!create || todo_fields[i].on_create)) {
            *f = i;
            return 0;
        }
    }
    return tc_status_set(st, TC_EINVAL, "%s: unknown field",
                         tc_utf8_valid(k, strlen(k)) ? k : "(invalid)");
}

int gw_json_to_create(const cJSON *obj, tc_arena_t *a, Todo__V1__Todo *todo, tc_status_t *st)
{
    bool have_title = false;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        size_t f = N_TODO_FIELDS;
        int rc = find_field(item->string, true, &f, st);
        if (rc == 0)
            rc = todo_fields[f].set(item, a, todo, st);
        if (rc)
            return rc;
        have_title |= f == 0;
    }
    if (!have_title)
        return tc_status_set(st, TC_EINVAL, "title: is required");
    return 0;
}

int gw_json_to_patch(const cJSON *obj, tc_arena_t *a, Todo__V1__Todo *todo,
                     Google__Protobuf__FieldMask *mask, tc_status_t *st)
{
    char **paths = tc_arena_alloc(a, sizeof(char *) * N_TODO_FIELDS);
    size_t n = 0;
    unsigned seen = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        size_t f = N_TODO_FIELDS;
        int rc = find_field(item->string, false, &f, st);
        if (rc == 0)
            rc = todo_fields[f].set(item, a, todo, st);
        if (rc)
            return rc;
        if (!(seen & (1u << f))) {
            seen |= 1u << f;
            paths[n++] = (char *)todo_fields[f].name;
        }
    }
    if (n == 0)
        return tc_status_set(st, TC_EINVAL,
                             "body: name at least one of title, notes, done, priority, due, "
                             "tags, recurrence, time_zone, remind_at");
    mask->paths = paths;
    mask->n_paths = n;
    return 0;
}

static bool valid_tz(const char *s)
{
    size_t n = strlen(s);
    if (n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+'))
            return false;
    }
    return strstr(s, "..") == NULL;
}

int gw_json_to_chat(const cJSON *obj, tc_arena_t *a, Chat__V1__ConverseRequest *req,
                    tc_status_t *st)
{
    bool have_message = false;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        const char *k = item->string;
        const char *s = NULL;
        if (strcmp(k, "message") == 0) {
            if (get_string(item, "message", st, &s))
                return TC_EINVAL;
            char *t = trimmed(a, s);
            size_t n = strlen(t);
            if (n == 0 || n > GW_JSON_MESSAGE_MAX)
                return tc_status_set(st, TC_EINVAL, "message: must be 1-%d bytes",
                                     GW_JSON_MESSAGE_MAX);
            req->message = t;
            have_message = true;
        } else if (strcmp(k, "context") == 0) {
            if (cJSON_IsNull(item))
                continue;
            if (get_string(item, "context", st, &s))
                return TC_EINVAL;
            if (strlen(s) > GW_JSON_CONTEXT_MAX)
                return tc_status_set(st, TC_EINVAL, "context: must be at most %d bytes",
                                     GW_JSON_CONTEXT_MAX);
            req->context = tc_arena_strdup(a, s);
        } else if (strcmp(k, "timezone") == 0) {
            if (cJSON_IsNull(item))
                continue;
            if (get_string(item, "timezone", st, &s))
                return TC_EINVAL;
            if (!valid_tz(s))
                return tc_status_set(st, TC_EINVAL, "timezone: must be an IANA time zone name");
            req->timezone = tc_arena_strdup(a, s);
        } else if (strcmp(k, "now") == 0) {
            if (cJSON_IsNull(item))
                continue;
            if (parse_time(item, "now", a, &req->now, st))
                return TC_EINVAL;
        } else {
            return tc_status_set(st, TC_EINVAL, "%s: unknown field",
                                 tc_utf8_valid(k, strlen(k)) ? k : "(invalid)");
        }
    }
    if (!have_message)
        return tc_status_set(st, TC_EINVAL, "message: is required");
    return 0;
}

const char *const gw_json_query_names[GW_JSON_Q_COUNT] = {
    [GW_JSON_Q_STATUS] = "status",
    [GW_JSON_Q_Q] = "q",
    [GW_JSON_Q_TAG] = "tag",
    [GW_JSON_Q_LIMIT] = "limit",
    [GW_JSON_Q_CURSOR] = "cursor",
    [GW_JSON_Q_SORT] = "sort",
    [GW_JSON_Q_DUE_BEFORE] = "due_before",
    [GW_JSON_Q_DUE_AFTER] = "due_after",
    [GW_JSON_Q_PRIORITY] = "priority",
};

/* The longest value each parameter may have (all must be valid UTF-8). */
static const size_t query_max[GW_JSON_Q_COUNT] = {
    [GW_JSON_Q_STATUS] = 16,     [GW_JSON_Q_Q] = 500,        [GW_JSON_Q_TAG] = GW_JSON_TAG_MAX,
    [GW_JSON_Q_LIMIT] = 16,      [GW_JSON_Q_CURSOR] = 1024,  [GW_JSON_Q_SORT] = 200,
    [GW_JSON_Q_DUE_BEFORE] = 64, [GW_JSON_Q_DUE_AFTER] = 64, [GW_JSON_Q_PRIORITY] = 100,
};

/* The API's sort keys and the order_by fields they stand for. */
static const struct {
    const char *key, *field;
} sort_keys[] = {
    {"due", "due"},
    {"priority", "priority"},
    {"title", "title"},
    {"created", "created_at"},
    {"updated", "updated_at"},
};

static bool given(const char *s)
{
    return s && *s;
}

static int list_status(const char *s, Todo__V1__ListTodosRequest *req, tc_status_t *st)
{
    static const struct {
        const char *name;
        Todo__V1__StatusFilter f;
    } names[] = {
        {"open", TODO__V1__STATUS_FILTER__STATUS_OPEN},
        {"done", TODO__V1__STATUS_FILTER__STATUS_DONE},
        {"all", TODO__V1__STATUS_FILTER__STATUS_ANY},
    };
    if (!given(s))
        return 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i].name) == 0) {
            req->status = names[i].f;
            return 0;
        }
    }
    return tc_status_set(st, TC_EINVAL, "status: must be open, done or all");
}

static int list_limit(const char *s, Todo__V1__ListTodosRequest *req, tc_status_t *st)
{
    if (!given(s))
        return 0;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || *end || v < 1 || v > 500 || s[0] == '+' || s[0] == ' ')
        return tc_status_set(st, TC_EINVAL, "limit: must be an integer from 1 to 500");
    req->page_size = (int32_t)v;
    return 0;
}

/* Calls fn on each item of a comma list (items may be empty); stops at the
 * first error. */
static int each_item(const char *list, int (*fn)(const char *s, size_t n, void *ctx), void *ctx)
{
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        int rc = fn(p, comma ? (size_t)(comma - p) : strlen(p), ctx);
        if (rc || !comma)
            return rc;
        p = comma + 1;
    }
}

typedef struct {
    char order_by[GW_JSON_SORT_MAX * sizeof("updated_at desc,")];
    size_t len, n;
    unsigned seen;
    tc_status_t *st;
} sort_acc_t;

static int add_sort_item(const char *s, size_t n, void *ctx)
{
    sort_acc_t *acc = ctx;
    bool desc = n > 0 && s[0] == '-';
    const char *key = s + desc;
    size_t kn = n - desc, k;
    for (k = 0; k < sizeof(sort_keys) / sizeof(sort_keys[0]); k++)
        if (strlen(sort_keys[k].key) == kn && memcmp(key, sort_keys[k].key, kn) == 0)
            break;
    if (k == sizeof(sort_keys) / sizeof(sort_keys[0]))
        return tc_status_set(acc->st, TC_EINVAL,
                             "sort: unknown key \"%.*s\" (allowed: due, priority, title, created, "
                             "updated, each optionally prefixed with - for descending)",
                             (int)(kn > 64 ? 64 : kn), key);
    if (acc->seen & (1u << k))
        return tc_status_set(acc->st, TC_EINVAL, "sort: \"%s\" given twice", sort_keys[k].key);
    if (acc->n == GW_JSON_SORT_MAX)
        return tc_status_set(acc->st, TC_EINVAL, "sort: at most %d keys", GW_JSON_SORT_MAX);
    acc->seen |= 1u << k;
    acc->len +=
        (size_t)snprintf(acc->order_by + acc->len, sizeof(acc->order_by) - acc->len, "%s%s%s",
                         acc->n ? "," : "", sort_keys[k].field, desc ? " desc" : "");
    acc->n++;
    return 0;
}

static int list_sort(const char *s, tc_arena_t *a, Todo__V1__ListTodosRequest *req, tc_status_t *st)
{
    if (!given(s))
        return 0;
    sort_acc_t acc = {.st = st};
    int rc = each_item(s, add_sort_item, &acc);
    if (rc == 0)
        req->order_by = tc_arena_strdup(a, acc.order_by);
    return rc;
}

typedef struct {
    Todo__V1__Priority *p;
    size_t n;
    unsigned seen;
    tc_status_t *st;
} prio_acc_t;

static int add_priority_item(const char *s, size_t n, void *ctx)
{
    prio_acc_t *acc = ctx;
    char name[8];
    Todo__V1__Priority p;
    if (n >= sizeof(name) || (memcpy(name, s, n), name[n] = '\0', parse_priority(name, &p) != 0))
        return tc_status_set(acc->st, TC_EINVAL,
                             "priority: unknown value \"%.*s\" (allowed: none, low, medium, high)",
                             (int)(n > 64 ? 64 : n), s);
    if (!(acc->seen & (1u << p))) {
        acc->seen |= 1u << p;
        acc->p[acc->n++] = p;
    }
    return 0;
}

static int list_priorities(const char *s, tc_arena_t *a, Todo__V1__ListTodosRequest *req,
                           tc_status_t *st)
{
    if (!given(s))
        return 0;
    prio_acc_t acc = {.p = tc_arena_alloc(a, 4 * sizeof(Todo__V1__Priority)), .st = st};
    int rc = each_item(s, add_priority_item, &acc);
    if (rc == 0) {
        req->priorities = acc.p;
        req->n_priorities = acc.n;
    }
    return rc;
}

static int list_time(const char *s, const char *name, tc_arena_t *a,
                     Google__Protobuf__Timestamp **out, tc_status_t *st)
{
    int64_t ms;
    if (!given(s))
        return 0;
    if (tc_rfc3339_parse(s, &ms) != 0)
        return tc_status_set(st, TC_EINVAL,
                             "%s: must be an RFC 3339 time such as 2026-11-28T17:00:00Z", name);
    *out = new_ts(a, ms);
    return 0;
}

int gw_json_list_query(const gw_json_query_t *query, tc_arena_t *a, Todo__V1__ListTodosRequest *req,
                       tc_status_t *st)
{
    const char *const *v = query->v;
    for (size_t i = 0; i < GW_JSON_Q_COUNT; i++) {
        if (v[i] && (strlen(v[i]) > query_max[i] || !tc_utf8_valid(v[i], strlen(v[i]))))
            return tc_status_set(st, TC_EINVAL, "%s: must be valid UTF-8 of at most %zu bytes",
                                 gw_json_query_names[i], query_max[i]);
    }
    int rc;
    if ((rc = list_status(v[GW_JSON_Q_STATUS], req, st)) ||
        (rc = list_limit(v[GW_JSON_Q_LIMIT], req, st)) ||
        (rc = list_sort(v[GW_JSON_Q_SORT], a, req, st)) ||
        (rc = list_time(v[GW_JSON_Q_DUE_BEFORE], "due_before", a, &req->due_before, st)) ||
        (rc = list_time(v[GW_JSON_Q_DUE_AFTER], "due_after", a, &req->due_after, st)) ||
        (rc = list_priorities(v[GW_JSON_Q_PRIORITY], a, req, st)))
        return rc;
    if (given(v[GW_JSON_Q_Q]))
        req->query = (char *)v[GW_JSON_Q_Q];
    if (given(v[GW_JSON_Q_TAG]))
        req->tag = (char *)v[GW_JSON_Q_TAG];
    if (given(v[GW_JSON_Q_CURSOR]))
        req->page_token = (char *)v[GW_JSON_Q_CURSOR];
    return 0;
}

int gw_json_list_request(const char *status, const char *q, const char *tag, const char *limit,
                         const char *cursor, Todo__V1__ListTodosRequest *req, tc_status_t *st)
{
    gw_json_query_t query = {{status, q, tag, limit, cursor}};
    return gw_json_list_query(&query, NULL, req, st);
}

const char *gw_json_priority_name(Todo__V1__Priority p)
{
    switch (p) {
    case TODO__V1__PRIORITY__PRIORITY_LOW:
        return "low";
    case TODO__V1__PRIORITY__PRIORITY_MEDIUM:
        return "medium";
    case TODO__V1__PRIORITY__PRIORITY_HIGH:
        return "high";
    default:
        return "none";
    }
}

static void add_time(cJSON *o, const char *name, const Google__Protobuf__Timestamp *ts)
{
    if (!ts) {
        cJSON_AddNullToObject(o, name);
        return;
    }
    char buf[40];
    cJSON_AddStringToObject(o, name, tc_rfc3339_format(tc_ts_to_ms(ts), buf, sizeof(buf)));
}

static const char *str_or_empty(const char *s)
{
    return s ? s : "";
}

cJSON *gw_json_todo(const Todo__V1__Todo *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", str_or_empty(t->id));
    cJSON_AddStringToObject(o, "title", str_or_empty(t->title));
    cJSON_AddStringToObject(o, "notes", str_or_empty(t->notes));
    cJSON_AddBoolToObject(o, "done", t->done);
    cJSON_AddStringToObject(o, "priority", gw_json_priority_name(t->priority));
    add_time(o, "due", t->due);
    cJSON *tags = cJSON_AddArrayToObject(o, "tags");
    for (size_t i = 0; i < t->n_tags; i++)
        cJSON_AddItemToArray(tags, cJSON_CreateString(str_or_empty(t->tags[i])));
    add_time(o, "created_at", t->created_at);
    add_time(o, "updated_at", t->updated_at);
    add_time(o, "completed_at", t->completed_at);
    if (t->recurrence && *t->recurrence)
        cJSON_AddStringToObject(o, "recurrence", t->recurrence);
    else
        cJSON_AddNullToObject(o, "recurrence");
    if (t->time_zone && *t->time_zone)
        cJSON_AddStringToObject(o, "time_zone", t->time_zone);
    else
        cJSON_AddNullToObject(o, "time_zone");
    add_time(o, "remind_at", t->remind_at);
    add_time(o, "reminded_at", t->reminded_at);
    return o;
}

cJSON *gw_json_list(const Todo__V1__ListTodosResponse *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "todos");
    for (size_t i = 0; i < r->n_todos; i++)
        cJSON_AddItemToArray(arr, gw_json_todo(r->todos[i]));
    if (r->next_page_token && *r->next_page_token)
        cJSON_AddStringToObject(o, "next_cursor", r->next_page_token);
    else
        cJSON_AddNullToObject(o, "next_cursor");
    return o;
}

/* ---- direct writer for the hot responses ----
 * GET /api/todos built a cJSON tree (one node and one or two allocations per
 * field, 50 todos a page) only to print and free it: ~30 % of the gateway's
 * CPU per list request. The writer below appends the same bytes
 * cJSON_PrintUnformatted would produce to one growing buffer. */

typedef struct {
    char *p;
    size_t len, cap;
} jbuf_t;

static void jb_reserve(jbuf_t *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

static void jb_put(jbuf_t *b, const char *s, size_t n)
{
    jb_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

#define JB_LIT(b, lit) jb_put((b), (lit), sizeof(lit) - 1)

/* A JSON string with cJSON's escaping: quote, backslash and the C0 controls
 * are escaped (\b \f \n \r \t short, the rest \u00xx); every other byte,
 * UTF-8 included, passes through. NULL is written as "". */
static void jb_string(jbuf_t *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s)
        s = "";
    size_t n = strlen(s);
    /* Worst case 6 bytes per input byte plus the quotes: reserve once. */
    jb_reserve(b, n * 6 + 2);
    char *o = b->p + b->len;
    *o++ = '"';
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        unsigned char c = *u;
        if (c >= 32 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '\b':
            *o++ = 'b';
            break;
        case '\f':
            *o++ = 'f';
            break;
        case '\n':
            *o++ = 'n';
            break;
        case '\r':
            *o++ = 'r';
            break;
        case '\t':
            *o++ = 't';
            break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o++ = '"';
    b->len = (size_t)(o - b->p);
}

static void jb_time(jbuf_t *b, const Google__Protobuf__Timestamp *ts)
{
    if (!ts) {
        JB_LIT(b, "null");
        return;
    }
    char buf[40];
    tc_rfc3339_format(tc_ts_to_ms(ts), buf, sizeof(buf));
    jb_reserve(b, strlen(buf) + 2);
    b->p[b->len++] = '"';
    jb_put(b, buf, strlen(buf));
    b->p[b->len++] = '"';
}

/* A string, or null when it is NULL or empty. */
static void jb_opt_string(jbuf_t *b, const char *s)
{
    if (s && *s)
        jb_string(b, s);
    else
        JB_LIT(b, "null");
}

static void jb_todo(jbuf_t *b, const Todo__V1__Todo *t)
{
    JB_LIT(b, "{\"id\":");
    jb_string(b, t->id);
    JB_LIT(b, ",\"title\":");
    jb_string(b, t->title);
    JB_LIT(b, ",\"notes\":");
    jb_string(b, t->notes);
    if (t->done)
        JB_LIT(b, ",\"done\":true,\"priority\":");
    else
        JB_LIT(b, ",\"done\":false,\"priority\":");
    jb_string(b, gw_json_priority_name(t->priority));
    JB_LIT(b, ",\"due\":");
    jb_time(b, t->due);
    JB_LIT(b, ",\"tags\":[");
    for (size_t i = 0; i < t->n_tags; i++) {
        if (i)
            JB_LIT(b, ",");
        jb_string(b, t->tags[i]);
    }
    JB_LIT(b, "],\"created_at\":");
    jb_time(b, t->created_at);
    JB_LIT(b, ",\"updated_at\":");
    jb_time(b, t->updated_at);
    JB_LIT(b, ",\"completed_at\":");
    jb_time(b, t->completed_at);
    JB_LIT(b, ",\"recurrence\":");
    jb_opt_string(b, t->recurrence);
    JB_LIT(b, ",\"time_zone\":");
    jb_opt_string(b, t->time_zone);
    JB_LIT(b, ",\"remind_at\":");
    jb_time(b, t->remind_at);
    JB_LIT(b, ",\"reminded_at\":");
    jb_time(b, t->reminded_at);
    JB_LIT(b, "}");
}

static char *jb_finish(jbuf_t *b, size_t *len)
{
    jb_reserve(b, 0);
    b->p[b->len] = '\0';
    if (len)
        *len = b->len;
    return b->p;
}

char *gw_json_todo_string(const Todo__V1__Todo *t, size_t *len)
{
    jbuf_t b = {0};
    jb_reserve(&b, 512);
    jb_todo(&b, t);
    return jb_finish(&b, len);
}

char *gw_json_list_string(const Todo__V1__ListTodosResponse *r, size_t *len)
{
    jbuf_t b = {0};
    /* Most todos print in under 400 bytes: one allocation for a typical page. */
    jb_reserve(&b, 64 + r->n_todos * 400);
    JB_LIT(&b, "{\"todos\":[");
    for (size_t i = 0; i < r->n_todos; i++) {
        if (i)
            JB_LIT(&b, ",");
        jb_todo(&b, r->todos[i]);
    }
    JB_LIT(&b, "],\"next_cursor\":");
    if (r->next_page_token && *r->next_page_token)
        jb_string(&b, r->next_page_token);
    else
        JB_LIT(&b, "null");
    JB_LIT(&b, "}");
    return jb_finish(&b, len);
}

char *gw_json_chat_reply_string(const Chat__V1__ConverseResponse *r, size_t *len)
{
    jbuf_t b = {0};
    /* The reply, the signed context (a few hundred bytes) and the todos the
     * turn touched or listed: one allocation for a typical turn. */
    jb_reserve(&b, 1024 + r->n_todos * 400);
    JB_LIT(&b, "{\"reply\":");
    jb_string(&b, r->reply);
    JB_LIT(&b, ",\"intent\":");
    jb_string(&b, r->intent && *r->intent ? r->intent : "unknown");
    JB_LIT(&b, ",\"todos\":[");
    for (size_t i = 0; i < r->n_todos; i++) {
        if (i)
            JB_LIT(&b, ",");
        jb_todo(&b, r->todos[i]);
    }
    JB_LIT(&b, "],\"context\":");
    jb_string(&b, r->context);
    JB_LIT(&b, ",\"suggestions\":[");
    for (size_t i = 0; i < r->n_suggestions; i++) {
        if (i)
            JB_LIT(&b, ",");
        jb_string(&b, r->suggestions[i]);
    }
    JB_LIT(&b, "]}");
    return jb_finish(&b, len);
}

cJSON *gw_json_chat_reply(const Chat__V1__ConverseResponse *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "reply", str_or_empty(r->reply));
    cJSON_AddStringToObject(o, "intent", r->intent && *r->intent ? r->intent : "unknown");
    cJSON *arr = cJSON_AddArrayToObject(o, "todos");
    for (size_t i = 0; i < r->n_todos; i++)
        cJSON_AddItemToArray(arr, gw_json_todo(r->todos[i]));
    cJSON_AddStringToObject(o, "context", str_or_empty(r->context));
    cJSON *sug = cJSON_AddArrayToObject(o, "suggestions");
    for (size_t i = 0; i < r->n_suggestions; i++)
        cJSON_AddItemToArray(sug, cJSON_CreateString(str_or_empty(r->suggestions[i])));
    return o;
}

char *gw_json_event(const Todo__V1__TodoEvent *ev)
{
    const char *type;
    switch (ev->type) {
    case TODO__V1__EVENT_TYPE__EVENT_CREATED:
        type = "created";
        break;
    case TODO__V1__EVENT_TYPE__EVENT_UPDATED:
        type = "updated";
        break;
    case TODO__V1__EVENT_TYPE__EVENT_DELETED:
        type = "deleted";
        break;
    case TODO__V1__EVENT_TYPE__EVENT_REMINDER:
        type = NULL; /* event: reminder, data: {"todo": ...} */
        break;
    default:
        return NULL;
    }
    if (!ev->todo)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    if (type)
        cJSON_AddStringToObject(o, "type", type);
    cJSON_AddItemToObject(o, "todo", gw_json_todo(ev->todo));
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}
