/* validate: request checks and normalisation for todo.v1 (see validate.h). */
#include "validate.h"
#include "utf8.h"
#include "recur.h"
#include "page_token.h"

#include <stdint.h>
#include <string.h>

#include "google/protobuf/field_mask.pb-c.h"
#include "google/protobuf/timestamp.pb-c.h"

/* Timestamp's valid range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
#define TS_MIN_SECONDS (-62135596800LL)
#define TS_MAX_SECONDS 253402300799LL

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* Unicode White_Space. */
static bool is_space(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

void todo_validate_trim(const char *str, size_t n, size_t *start, size_t *len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, first = n, end = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = tc_utf8_decode(s, i, &cp);
        if (!is_space(cp)) {
            if (first == n)
                first = i;
            end = i + l;
        }
        i += l;
    }
    if (first == n) {
        *start = 0;
        *len = 0;
    } else {
        *start = first;
        *len = end - first;
    }
}

int todo_validate_user_id(const char *user_id, tc_status_t *st)
{
    size_t n = strlen(nz(user_id));
    if (n == 0)
        return tc_status_set(st, TC_EINVAL, "user_id: required");
    if (n > TODO_USER_ID_MAX)
        return tc_status_set(st, TC_EINVAL, "user_id: must be at most %d bytes", TODO_USER_ID_MAX);
    return 0;
}

int todo_validate_id(const char *id, const char *field, tc_status_t *st)
{
    if (!*nz(id))
        return tc_status_set(st, TC_EINVAL, "%s: required", field);
    return 0;
}

static char *copy_n(const todo_alloc_t *a, const char *s, size_t n)
{
    char *p = a->alloc(a->ctx, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static int check_title(const char *in, const todo_alloc_t *a, char **out, tc_status_t *st)
{
    const char *s = nz(in);
    size_t n = strlen(s), start, len;
    if (!tc_utf8_valid(s, n))
        return tc_status_set(st, TC_EINVAL, "title: must be valid UTF-8");
    todo_validate_trim(s, n, &start, &len);
    if (len == 0)
        return tc_status_set(st, TC_EINVAL, "title: must not be empty");
    if (len > TODO_TITLE_MAX)
        return tc_status_set(st, TC_EINVAL, "title: must be at most %d bytes (got %zu)",
                             TODO_TITLE_MAX, len);
    *out = copy_n(a, s + start, len);
    return 0;
}

static int check_notes(const char *in, const todo_alloc_t *a, char **out, tc_status_t *st)
{
    const char *s = nz(in);
    size_t n = strlen(s);
    if (n > TODO_NOTES_MAX)
        return tc_status_set(st, TC_EINVAL, "notes: must be at most %d bytes (got %zu)",
                             TODO_NOTES_MAX, n);
    if (!tc_utf8_valid(s, n))
        return tc_status_set(st, TC_EINVAL, "notes: must be valid UTF-8");
    *out = copy_n(a, s, n);
    return 0;
}

static int check_tags(char *const *tags, size_t n_tags, const todo_alloc_t *a, char ***out,
                      size_t *n_out, tc_status_t *st)
{
    *out = NULL;
    *n_out = 0;
    if (n_tags == 0)
        return 0;
    /* Never more than TODO_TAGS_MAX + 1 kept: one past the limit is enough
     * to report it. */
    size_t cap = n_tags < TODO_TAGS_MAX + 1 ? n_tags : TODO_TAGS_MAX + 1;
    char **kept = a->alloc(a->ctx, cap * sizeof *kept);
    size_t k = 0;
    for (size_t i = 0; i < n_tags; i++) {
        const char *s = nz(tags[i]);
        size_t n = strlen(s), start, len;
        if (!tc_utf8_valid(s, n))
            return tc_status_set(st, TC_EINVAL, "tags[%zu]: must be valid UTF-8", i);
        todo_validate_trim(s, n, &start, &len);
        if (len == 0)
            return tc_status_set(st, TC_EINVAL, "tags[%zu]: must not be empty", i);
        if (len > TODO_TAG_MAX)
            return tc_status_set(st, TC_EINVAL, "tags[%zu]: must be at most %d bytes (got %zu)", i,
                                 TODO_TAG_MAX, len);
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++)
            dup = strlen(kept[j]) == len && memcmp(kept[j], s + start, len) == 0;
        if (dup)
            continue;
        if (k == TODO_TAGS_MAX)
            return tc_status_set(st, TC_EINVAL, "tags: at most %d distinct tags", TODO_TAGS_MAX);
        kept[k++] = copy_n(a, s + start, len);
    }
    *out = kept;
    *n_out = k;
    return 0;
}

static int check_priority(Todo__V1__Priority p, tc_status_t *st)
{
    if ((int)p < TODO__V1__PRIORITY__PRIORITY_UNSPECIFIED ||
        (int)p > TODO__V1__PRIORITY__PRIORITY_HIGH)
        return tc_status_set(st, TC_EINVAL, "priority: unknown value %d", (int)p);
    return 0;
}

static int check_ts(const char *field, const Google__Protobuf__Timestamp *due,
                    const todo_alloc_t *a, Google__Protobuf__Timestamp **out, tc_status_t *st)
{
    *out = NULL;
    if (!due)
        return 0;
    if (due->seconds < TS_MIN_SECONDS || due->seconds > TS_MAX_SECONDS || due->nanos < 0 ||
        due->nanos > 999999999)
        return tc_status_set(st, TC_EINVAL,
                             "%s: must be a valid timestamp between years 1 and 9999", field);
    Google__Protobuf__Timestamp *ts = a->alloc(a->ctx, sizeof *ts);
    google__protobuf__timestamp__init(ts);
    ts->seconds = due->seconds;
    ts->nanos = due->nanos;
    *out = ts;
    return 0;
}

static int check_due(const Google__Protobuf__Timestamp *due, const todo_alloc_t *a,
                     Google__Protobuf__Timestamp **out, tc_status_t *st)
{
    return check_ts("due", due, a, out, st);
}

/* recurrence ("" = none), time_zone ("" = UTC) and remind_at of in, named by
 * fields, into t. */
static int check_recurrence(const Todo__V1__Todo *in, unsigned fields, const todo_alloc_t *a,
                            Todo__V1__Todo *t, tc_status_t *st)
{
    int ret;
    if (fields & TODO_FIELD_RECURRENCE) {
        const char *r = nz(in->recurrence);
        if (*r && (ret = todo_recur_check_rule(r, st)) != 0)
            return ret;
        t->recurrence = copy_n(a, r, strlen(r));
    }
    if (fields & TODO_FIELD_TIME_ZONE) {
        const char *z = nz(in->time_zone);
        if ((ret = todo_recur_check_zone(z, st)) != 0)
            return ret;
        t->time_zone = copy_n(a, z, strlen(z));
    }
    if ((fields & TODO_FIELD_REMIND_AT) &&
        (ret = check_ts("remind_at", in->remind_at, a, &t->remind_at, st)) != 0)
        return ret;
    return 0;
}

/* Validates and copies the fields of in named by fields into t. */
static int check_fields(const Todo__V1__Todo *in, unsigned fields, const todo_alloc_t *a,
                        Todo__V1__Todo *t, tc_status_t *st)
{
    int ret;
    if ((fields & TODO_FIELD_TITLE) && (ret = check_title(in->title, a, &t->title, st)) != 0)
        return ret;
    if ((fields & TODO_FIELD_NOTES) && (ret = check_notes(in->notes, a, &t->notes, st)) != 0)
        return ret;
    if ((fields & TODO_FIELD_PRIORITY) && (ret = check_priority(in->priority, st)) != 0)
        return ret;
    if ((fields & TODO_FIELD_DUE) && (ret = check_due(in->due, a, &t->due, st)) != 0)
        return ret;
    if ((fields & TODO_FIELD_TAGS) &&
        (ret = check_tags(in->tags, in->n_tags, a, &t->tags, &t->n_tags, st)) != 0)
        return ret;
    if ((ret = check_recurrence(in, fields, a, t, st)) != 0)
        return ret;
    if (fields & TODO_FIELD_PRIORITY)
        t->priority = in->priority;
    if (fields & TODO_FIELD_DONE)
        t->done = in->done;
    return 0;
}

int todo_validate_create(const Todo__V1__CreateTodoRequest *req, const todo_alloc_t *a,
                         Todo__V1__Todo **out, tc_status_t *st)
{
    *out = NULL;
    int ret = todo_validate_user_id(req->user_id, st);
    if (ret != 0)
        return ret;
    if (!req->todo)
        return tc_status_set(st, TC_EINVAL, "todo: required");
    if (strlen(nz(req->request_id)) > TODO_REQUEST_ID_MAX)
        return tc_status_set(st, TC_EINVAL, "request_id: must be at most %d bytes",
                             TODO_REQUEST_ID_MAX);
    Todo__V1__Todo *t = a->alloc(a->ctx, sizeof *t);
    todo__v1__todo__init(t);
    if ((ret = check_fields(req->todo, TODO_FIELD_ALL, a, t, st)) != 0)
        return ret;
    if (t->recurrence[0] && !t->due)
        return tc_status_set(st, TC_EINVAL, "recurrence: a recurring todo needs a due date");
    *out = t;
    return 0;
}

static const struct {
    const char *path;
    unsigned field;
} mask_paths[] = {
    {"title", TODO_FIELD_TITLE},
    {"notes", TODO_FIELD_NOTES},
    {"done", TODO_FIELD_DONE},
    {"priority", TODO_FIELD_PRIORITY},
    {"due", TODO_FIELD_DUE},
    {"tags", TODO_FIELD_TAGS},
    {"recurrence", TODO_FIELD_RECURRENCE},
    {"time_zone", TODO_FIELD_TIME_ZONE},
    {"remind_at", TODO_FIELD_REMIND_AT},
    {"*", TODO_FIELD_ALL},
};

int todo_validate_update(const Todo__V1__UpdateTodoRequest *req, const todo_alloc_t *a,
                         Todo__V1__Todo **patch, unsigned *fields, tc_status_t *st)
{
    *patch = NULL;
    *fields = 0;
    int ret = todo_validate_user_id(req->user_id, st);
    if (ret != 0)
        return ret;
    if (!req->todo)
        return tc_status_set(st, TC_EINVAL, "todo: required");
    if ((ret = todo_validate_id(req->todo->id, "todo.id", st)) != 0)
        return ret;
    if (!req->update_mask || req->update_mask->n_paths == 0)
        return tc_status_set(st, TC_EINVAL, "update_mask: must name at least one field");
    unsigned f = 0;
    for (size_t i = 0; i < req->update_mask->n_paths; i++) {
        const char *p = nz(req->update_mask->paths[i]);
        unsigned bit = 0;
        for (size_t k = 0; k < sizeof mask_paths / sizeof mask_paths[0] && !bit; k++)
            if (strcmp(p, mask_paths[k].path) == 0)
                bit = mask_paths[k].field;
        if (!bit)
            return tc_status_set(st, TC_EINVAL,
                                 "update_mask: unknown field \"%.64s\" (allowed: title, notes, "
                                 "done, priority, due, tags, recurrence, time_zone, remind_at)",
                                 p);
        f |= bit;
    }
    Todo__V1__Todo *t = a->alloc(a->ctx, sizeof *t);
    todo__v1__todo__init(t);
    t->id = copy_n(a, req->todo->id, strlen(req->todo->id));
    if ((ret = check_fields(req->todo, f, a, t, st)) != 0)
        return ret;
    *patch = t;
    *fields = f;
    return 0;
}

static const char *const sort_names[] = {
    [TODO_SORT_DUE] = "due",
    [TODO_SORT_PRIORITY] = "priority",
    [TODO_SORT_TITLE] = "title",
    [TODO_SORT_CREATED] = "created_at",
    [TODO_SORT_UPDATED] = "updated_at",
};

/* One order_by item, s[0..n) trimmed of spaces: "field" or "field desc". */
static int parse_sort_item(const char *s, size_t n, todo_sort_t *out, tc_status_t *st)
{
    while (n && s[0] == ' ')
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    out->desc = n > 5 && memcmp(s + n - 5, " desc", 5) == 0;
    size_t fn = out->desc ? n - 5 : n;
    while (fn && s[fn - 1] == ' ')
        fn--;
    for (size_t k = 0; k < sizeof sort_names / sizeof sort_names[0]; k++)
        if (strlen(sort_names[k]) == fn && memcmp(s, sort_names[k], fn) == 0) {
            out->key = (todo_sort_key_t)k;
            return 0;
        }
    return tc_status_set(st, TC_EINVAL,
                         "order_by: unknown field \"%.*s\" (allowed: due, priority, title, "
                         "created_at, updated_at, each optionally followed by \" desc\")",
                         (int)(fn > 64 ? 64 : fn), s);
}

static int parse_order_by(const char *order_by, todo_query_t *q, tc_status_t *st)
{
    q->n_sort = 0;
    if (strlen(order_by) > 200)
        return tc_status_set(st, TC_EINVAL, "order_by: must be at most 200 bytes");
    for (const char *p = order_by; *order_by;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (q->n_sort == TODO_SORT_MAX)
            return tc_status_set(st, TC_EINVAL, "order_by: at most %d fields", TODO_SORT_MAX);
        int ret = parse_sort_item(p, n, &q->sort[q->n_sort], st);
        if (ret != 0)
            return ret;
        for (size_t i = 0; i < q->n_sort; i++)
            if (q->sort[i].key == q->sort[q->n_sort].key)
                return tc_status_set(st, TC_EINVAL, "order_by: \"%s\" given twice",
                                     sort_names[q->sort[i].key]);
        q->n_sort++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

/* order_by, due_before, due_after and priorities into q. */
static int check_list_filters(const Todo__V1__ListTodosRequest *req, todo_query_t *q,
                              tc_status_t *st)
{
    int ret = parse_order_by(nz(req->order_by), q, st);
    if (ret != 0)
        return ret;
    const Google__Protobuf__Timestamp *range[2] = {req->due_before, req->due_after};
    const char *names[2] = {"due_before", "due_after"};
    for (int i = 0; i < 2; i++)
        if (range[i] && (range[i]->seconds < TS_MIN_SECONDS || range[i]->seconds > TS_MAX_SECONDS ||
                         range[i]->nanos < 0 || range[i]->nanos > 999999999))
            return tc_status_set(
                st, TC_EINVAL, "%s: must be a valid timestamp between years 1 and 9999", names[i]);
    q->due_before = req->due_before;
    q->due_after = req->due_after;
    q->priorities = 0;
    for (size_t i = 0; i < req->n_priorities; i++) {
        int p = (int)req->priorities[i];
        if (p < TODO__V1__PRIORITY__PRIORITY_UNSPECIFIED || p > TODO__V1__PRIORITY__PRIORITY_HIGH)
            return tc_status_set(st, TC_EINVAL, "priorities[%zu]: unknown value %d", i, p);
        q->priorities |= 1u << p;
    }
    return 0;
}

int todo_validate_list(const Todo__V1__ListTodosRequest *req, todo_query_t *q, tc_status_t *st)
{
    memset(q, 0, sizeof *q);
    int ret = todo_validate_user_id(req->user_id, st);
    if (ret != 0)
        return ret;
    if (req->page_size < 0 || req->page_size > TODO_PAGE_SIZE_MAX)
        return tc_status_set(st, TC_EINVAL, "page_size: must be 0-%d (got %d)", TODO_PAGE_SIZE_MAX,
                             (int)req->page_size);
    if ((int)req->status < TODO__V1__STATUS_FILTER__STATUS_ANY ||
        (int)req->status > TODO__V1__STATUS_FILTER__STATUS_DONE)
        return tc_status_set(st, TC_EINVAL, "status: unknown value %d", (int)req->status);
    const char *query = nz(req->query), *tag = nz(req->tag);
    size_t qn = strlen(query), tn = strlen(tag);
    if (qn > TODO_QUERY_MAX)
        return tc_status_set(st, TC_EINVAL, "query: must be at most %d bytes", TODO_QUERY_MAX);
    if (!tc_utf8_valid(query, qn))
        return tc_status_set(st, TC_EINVAL, "query: must be valid UTF-8");
    if (tn > TODO_TAG_MAX)
        return tc_status_set(st, TC_EINVAL, "tag: must be at most %d bytes", TODO_TAG_MAX);
    if (!tc_utf8_valid(tag, tn))
        return tc_status_set(st, TC_EINVAL, "tag: must be valid UTF-8");
    if (strlen(nz(req->page_token)) > PAGE_TOKEN_MAX_LEN)
        return tc_status_set(st, TC_EINVAL, "page_token: not a token from ListTodos");
    if ((ret = check_list_filters(req, q, st)) != 0)
        return ret;
    q->page_size = req->page_size == 0 ? TODO_PAGE_SIZE_DEFAULT : req->page_size;
    q->status = req->status;
    q->query = query;
    q->tag = tag;
    q->page_token = nz(req->page_token);
    return 0;
}
