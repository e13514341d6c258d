/* chat_reply: how dates and todos are worded relative to now. */
#include <string.h>

#include "test_util.h"

#include "chat_reply.h"
#include "timeutil.h"

static void when_is(const char *zone, const char *utc, const char *want)
{
    chat_date_ctx_t c = test_ctx(zone);
    ProtobufCAllocator m = test_mem();
    chat_reply_t r;
    chat_reply_init(&r, &m);
    int64_t ms;
    tc_rfc3339_parse(utc, &ms);
    chat_reply_when(&r, ms / 1000, &c);
    assert_string_equal(r.s, want);
    test_mem_done(&m);
}

static void test_when(void **state)
{
    (void)state;
    when_is("Europe/Berlin", "2026-11-27T16:00:00Z", "today at 5 PM");
    when_is("Europe/Berlin", "2026-11-28T08:30:00Z", "tomorrow at 9:30 AM");
    when_is("Europe/Berlin", "2026-11-26T11:00:00Z", "yesterday at noon");
    when_is("Europe/Berlin", "2026-12-02T08:00:00Z", "Wednesday at 9 AM");
    when_is("Europe/Berlin", "2026-12-24T17:00:00Z", "Thursday, Dec 24 at 6 PM");
    when_is("Europe/Berlin", "2027-01-15T08:00:00Z", "Jan 15, 2027 at 9 AM");
    when_is("Europe/Berlin", "2026-11-27T22:59:00Z", "today (end of day)");
    when_is("Europe/Berlin", "2026-11-27T23:00:00Z", "tomorrow at 12 AM");
    /* the same instant reads differently in New York */
    when_is("America/New_York", "2026-11-28T08:30:00Z", "tomorrow at 3:30 AM");
}

static void test_todo_and_titles(void **state)
{
    (void)state;
    chat_date_ctx_t c = test_ctx("Europe/Berlin");
    ProtobufCAllocator m = test_mem();
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    Google__Protobuf__Timestamp due = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    int64_t ms;
    tc_rfc3339_parse("2026-11-28T09:00:00Z", &ms); /* 10 AM in Berlin */
    due.seconds = ms / 1000;
    char *tags[] = {"work"};
    t.title = "buy milk";
    t.due = &due;
    t.priority = TODO__V1__PRIORITY__PRIORITY_HIGH;
    t.tags = tags;
    t.n_tags = 1;
    chat_reply_t r;
    chat_reply_init(&r, &m);
    chat_reply_todo(&r, &t, &c);
    assert_string_equal(r.s, "\u201cbuy milk\u201d (due tomorrow at 10 AM, high priority, #work)");
    Todo__V1__Todo a = TODO__V1__TODO__INIT, b = a, d = a;
    a.title = "a";
    b.title = "b";
    d.title = "c";
    Todo__V1__Todo *v[] = {&a, &b, &d};
    chat_reply_init(&r, &m);
    chat_reply_titles(&r, v, 3, 5);
    assert_string_equal(r.s, "\u201ca\u201d, \u201cb\u201d and \u201cc\u201d");
    chat_reply_init(&r, &m);
    chat_reply_titles(&r, v, 3, 2);
    assert_string_equal(r.s, "\u201ca\u201d, \u201cb\u201d and 1 more");
    /* growing past the first buffer keeps everything */
    chat_reply_init(&r, &m);
    for (int i = 0; i < 200; i++)
        chat_reply_add(&r, "%d,", i);
    assert_int_equal(strlen(r.s), r.n);
    assert_true(strstr(r.s, "199,") != NULL);
    test_mem_done(&m);
}

static void test_fix_utf8(void **state)
{
    (void)state;
    char a[] = "ok \xC3\xA9 \xF0\x9F\x99\x82 end";
    chat_reply_fix_utf8(a);
    assert_string_equal(a, "ok \xC3\xA9 \xF0\x9F\x99\x82 end"); /* valid stays */
    char b[] = "cut \xE2\x80 \xFF\xC0\xAF x\xF0\x9F";
    chat_reply_fix_utf8(b);
    assert_string_equal(b, "cut ?? ??? x??");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_when),
        cmocka_unit_test(test_todo_and_titles),
        cmocka_unit_test(test_fix_utf8),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    chat_tz_cache_clear();
    return rc;
}
