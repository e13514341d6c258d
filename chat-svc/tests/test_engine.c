/* chat_engine: whole conversations on the in-memory backend, checking what
 * the user would see (reply, intent, todos) and what really changed. */
#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"
#include "chat_tz.h"
#include "timeutil.h"

/* One turn for user "u" carrying the context along; returns the rc. */
static int say_as(fixture_t *f, const char *user, const char *msg)
{
    chat_turn_t in = turn_at(user, msg, f->ctx, NOW_MS);
    int rc = chat_engine_turn(f->engine, &in, &f->mem, &f->res, &f->st);
    if (rc == 0)
        f->ctx = f->res.context;
    return rc;
}

static void say(fixture_t *f, const char *msg, const char *want_intent)
{
    assert_int_equal(say_as(f, "u", msg), 0);
    if (strcmp(f->res.intent, want_intent) != 0)
        fail_msg("\"%s\": intent %s, want %s (reply: %s)", msg, f->res.intent, want_intent,
                 f->res.reply);
    assert_true(f->res.reply && f->res.reply[0]);
}

static size_t count(fixture_t *f)
{
    return chat_backend_mem_count(f->store, "u");
}

static bool has_title(fixture_t *f, const char *title, bool *done)
{
    for (size_t i = 0; i < count(f); i++) {
        Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", i);
        bool hit = strcmp(t->title, title) == 0;
        if (hit && done)
            *done = t->done;
        todo__v1__todo__free_unpacked(t, NULL);
        if (hit)
            return true;
    }
    return false;
}

static void test_add_then_undo(void **state)
{
    fixture_t *f = *state;
    say(f, "remind me to call mom tomorrow at 5pm", "add_todo");
    assert_int_equal(count(f), 1);
    assert_int_equal(f->res.n_todos, 1);
    assert_string_equal(f->res.todos[0]->title, "call mom");
    assert_non_null(strstr(f->res.reply, "tomorrow at 5 PM"));
    say(f, "undo", "undo");
    assert_int_equal(count(f), 0);
    say(f, "undo", "undo"); /* nothing left to undo: says so, changes nothing */
    assert_non_null(strstr(f->res.reply, "nothing to undo"));
}

/* The i-th todo of "u" (test memory; free with todo__v1__todo__free_unpacked). */
static Todo__V1__Todo *nth(fixture_t *f, size_t i)
{
    Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", i);
    assert_non_null(t);
    return t;
}

/* "did i buy stamps?" names one todo and asks whether it is done: the
 * answer says which, open or done. */
static void test_did_i_question(void **state)
{
    fixture_t *f = *state;
    say(f, "add buy stamps", "add_todo");
    say(f, "did i buy stamps?", "list_todos");
    assert_non_null(strstr(f->res.reply, "still open"));
    say(f, "mark buy stamps done", "complete_todo");
    say(f, "is buy stamps still on my list or did i already do it?", "list_todos");
    assert_non_null(strstr(f->res.reply, "is done"));
    /* "not marked as done" asks for the open ones */
    say(f, "add post the parcel", "add_todo");
    say(f, "which tasks are not marked as done?", "list_todos");
    assert_non_null(strstr(f->res.reply, "post the parcel"));
    assert_null(strstr(f->res.reply, "buy stamps"));
}

/* "remind me the night before" rings at 20:00 (Berlin) on the day before the
 * due day; "30 minutes before" that much before the due time. */
static void test_reminder_before_due(void **state)
{
    fixture_t *f = *state;
    say(f, "add dentist friday 9am, remind me the night before", "add_todo");
    Todo__V1__Todo *t = nth(f, 0);
    assert_non_null(t->remind_at);
    /* friday 2026-12-04 09:00 CET = 08:00Z; thursday 20:00 CET = 19:00Z */
    assert_int_equal(t->due->seconds, 1796371200);
    assert_int_equal(t->remind_at->seconds, 1796324400);
    todo__v1__todo__free_unpacked(t, NULL);
    say(f, "add call the bank monday 10am, remind me 30 minutes before", "add_todo");
    t = nth(f, 1);
    assert_int_equal(t->remind_at->seconds, t->due->seconds - 1800);
    todo__v1__todo__free_unpacked(t, NULL);
}

/* A daily "water plants", completed: the completed one and its next. */
static void add_and_complete_daily(fixture_t *f)
{
    say(f, "add water plants every day", "add_todo");
    say(f, "done with water plants", "complete_todo");
    assert_int_equal(count(f), 2);
    Todo__V1__Todo *done = nth(f, 0), *next = nth(f, 1);
    assert_true(done->done);
    assert_string_equal(done->next_occurrence_id, next->id);
    assert_false(next->done);
    assert_string_equal(next->title, "water plants");
    assert_int_equal(next->due->seconds - done->due->seconds, 86400);
    todo__v1__todo__free_unpacked(done, NULL);
    todo__v1__todo__free_unpacked(next, NULL);
}

/* Undoing a completion also removes the next occurrence it made (issue 13);
 * a replayed undo changes nothing more. */
static void test_undo_complete_removes_next_occurrence(void **state)
{
    fixture_t *f = *state;
    add_and_complete_daily(f);
    char *ctx = f->ctx;
    say(f, "undo", "undo");
    assert_non_null(strstr(f->res.reply, "removed the next occurrence"));
    assert_int_equal(count(f), 1);
    Todo__V1__Todo *t = nth(f, 0);
    assert_false(t->done);
    assert_string_equal(t->title, "water plants");
    todo__v1__todo__free_unpacked(t, NULL);
    f->ctx = ctx; /* the same undo again */
    say(f, "undo", "undo");
    assert_int_equal(count(f), 1);
    /* Completed again, it makes a next occurrence again. */
    say(f, "done with water plants", "complete_todo");
    assert_int_equal(count(f), 2);
}

/* A next occurrence edited since it was made stays, and the reply says so. */
static void test_undo_complete_keeps_edited_next_occurrence(void **state)
{
    fixture_t *f = *state;
    add_and_complete_daily(f);
    Todo__V1__Todo *next = nth(f, 1);
    chat_backend_mem_set_clock(f->store, NOW_MS + 60000);
    chat_backend_t b = chat_backend_mem_backend(f->store);
    chat_call_t call = {"u", &f->mem, INT64_MAX};
    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    patch.id = next->id;
    patch.notes = "the ferns too";
    const char *paths[] = {"notes"};
    assert_int_equal(b.update(b.self, &call, &patch, paths, 1, &out, &f->st), 0);
    todo__v1__todo__free_unpacked(next, NULL);
    say(f, "undo", "undo");
    assert_non_null(strstr(f->res.reply, "changed since, so I left it"));
    assert_int_equal(count(f), 2);
    Todo__V1__Todo *first = nth(f, 0);
    next = nth(f, 1);
    assert_false(first->done);
    assert_string_equal(next->notes, "the ferns too");
    todo__v1__todo__free_unpacked(first, NULL);
    todo__v1__todo__free_unpacked(next, NULL);
}

static void test_delete_it_and_undo(void **state)
{
    fixture_t *f = *state;
    say(f, "add pay rent friday #home", "add_todo");
    say(f, "delete it", "delete_todo");
    assert_int_equal(count(f), 0);
    say(f, "undo", "undo");
    assert_int_equal(count(f), 1);
    Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", 0);
    assert_string_equal(t->title, "pay rent");
    assert_non_null(t->due); /* restored with its due date and tag */
    assert_int_equal(t->n_tags, 1);
    todo__v1__todo__free_unpacked(t, NULL);
}

static void test_bulk_delete_asks_first(void **state)
{
    fixture_t *f = *state;
    say(f, "add a", "add_todo");
    say(f, "add b", "add_todo");
    say(f, "add c", "add_todo");
    say(f, "delete everything", "delete_todo");
    assert_int_equal(count(f), 3); /* nothing changes before the answer */
    assert_int_equal(f->res.n_suggestions, 2);
    char *asked = f->ctx;
    say(f, "no", "cancel");
    assert_int_equal(count(f), 3);
    /* a refusal with talk, heard as the answer it is */
    f->ctx = asked;
    say(f, "wait no actually dont, jess might drag me back to netball", "cancel");
    f->ctx = asked;
    say(f, "abeg leave am, i change my mind", "cancel");
    f->ctx = asked;
    say(f, "no wait dont, jake still has stuff due", "cancel");
    f->ctx = asked;
    say(f, "on second thought dont delete them", "cancel");
    assert_int_equal(count(f), 3);
    f->ctx = asked;
    say(f, "yes", "confirm");
    assert_int_equal(count(f), 0);
    say(f, "undo", "undo");
    assert_int_equal(count(f), 3);
    /* a pending question is dropped by any other request */
    say(f, "delete everything", "delete_todo");
    say(f, "add d", "add_todo");
    say(f, "yes", "confirm");
    assert_int_equal(count(f), 4);
    /* a yes with an exception is no plain yes; a yes with a fresh start is */
    say(f, "delete everything", "delete_todo");
    asked = f->ctx;
    assert_int_equal(say_as(f, "u", "yes, except the milk"), 0);
    assert_true(count(f) >= 4);
    f->ctx = asked;
    say(f, "yep, fresh start", "confirm");
    assert_int_equal(count(f), 0);
}

/* "yes" to a question asked long ago does nothing; undo lapses after a day. */
static void test_questions_lapse(void **state)
{
    fixture_t *f = *state;
    say(f, "add a", "add_todo");
    say(f, "add b", "add_todo");
    say(f, "delete everything", "delete_todo");
    chat_turn_t in = turn_at("u", "yes", f->ctx, NOW_MS + 11 * 60 * 1000);
    assert_int_equal(chat_engine_turn(f->engine, &in, &f->mem, &f->res, &f->st), 0);
    assert_int_equal(count(f), 2);
    in.now_ms = NOW_MS + 9 * 60 * 1000; /* within ten minutes it still counts */
    assert_int_equal(chat_engine_turn(f->engine, &in, &f->mem, &f->res, &f->st), 0);
    assert_int_equal(count(f), 0);
    chat_turn_t undo = turn_at("u", "undo", f->res.context, NOW_MS + 25LL * 3600 * 1000);
    assert_int_equal(chat_engine_turn(f->engine, &undo, &f->mem, &f->res, &f->st), 0);
    assert_int_equal(count(f), 0);
    assert_non_null(strstr(f->res.reply, "nothing to undo"));
}

static void test_forged_and_foreign_context(void **state)
{
    fixture_t *f = *state;
    say(f, "add a", "add_todo");
    say(f, "add b", "add_todo");
    say(f, "delete everything", "delete_todo");
    size_t n = strlen(f->ctx);
    char *forged = f->mem.alloc(f->mem.allocator_data, n + 1);
    memcpy(forged, f->ctx, n + 1);
    forged[n / 2] = forged[n / 2] == 'x' ? 'y' : 'x';
    char *good = f->ctx;
    f->ctx = forged;
    say(f, "yes", "confirm"); /* a forged context is a fresh conversation */
    assert_int_equal(count(f), 2);
    f->ctx = good;
    assert_int_equal(say_as(f, "mallory", "yes"), 0); /* someone else's context */
    assert_int_equal(chat_backend_mem_count(f->store, "u"), 2);
    f->ctx = "not a context at all";
    say(f, "what's on my list?", "list_todos");
    assert_int_equal(f->res.n_todos, 2);
}

static void test_other_replica_same_key(void **state)
{
    fixture_t *f = *state;
    say(f, "add a", "add_todo");
    say(f, "add b", "add_todo");
    say(f, "delete everything", "delete_todo");
    /* a second engine (another replica) with the same key serves the answer */
    chat_engine_config_t cfg = {chat_backend_mem_backend(f->store), key, sizeof key - 1};
    chat_engine_t *other = chat_engine_create(&cfg);
    chat_turn_t in = turn_at("u", "yes", f->ctx, NOW_MS);
    assert_int_equal(chat_engine_turn(other, &in, &f->mem, &f->res, &f->st), 0);
    assert_string_equal(f->res.intent, "confirm");
    assert_int_equal(count(f), 0);
    chat_engine_destroy(other);
    /* with a different key the context is not trusted */
    say(f, "add c", "add_todo");
    say(f, "add d", "add_todo");
    say(f, "delete everything", "delete_todo");
    chat_engine_config_t cfg2 = {chat_backend_mem_backend(f->store),
                                 (const unsigned char *)"another-key-9876543210", 22};
    other = chat_engine_create(&cfg2);
    chat_turn_t in2 = turn_at("u", "yes", f->ctx, NOW_MS);
    assert_int_equal(chat_engine_turn(other, &in2, &f->mem, &f->res, &f->st), 0);
    assert_int_equal(count(f), 2);
    chat_engine_destroy(other);
}

static void test_ambiguous_then_choose(void **state)
{
    fixture_t *f = *state;
    say(f, "add buy milk", "add_todo");
    say(f, "add buy oat milk", "add_todo");
    say(f, "mark milk done", "complete_todo");
    assert_int_equal(f->res.n_suggestions, 2); /* the candidates, to tap */
    bool done = true;
    assert_true(has_title(f, "buy milk", &done));
    assert_false(done);
    say(f, "the second one", "complete_todo");
    assert_true(has_title(f, "buy oat milk", &done));
    assert_true(done);
    assert_true(has_title(f, "buy milk", &done));
    assert_false(done);
}

static void test_reference_to_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add buy milk", "add_todo");
    say(f, "delete walk the cat", "delete_todo");
    assert_int_equal(count(f), 1);
    assert_non_null(strstr(f->res.reply, "couldn't find"));
    say(f, "mark the 7th one done", "complete_todo");
    bool done = true;
    assert_true(has_title(f, "buy milk", &done));
    assert_false(done);
}

/* A todo that shares one word with what a delete or a completion names is
 * not it: the second reading against the user's todos must not act on it. */
static void test_one_shared_word_is_not_a_name(void **state)
{
    fixture_t *f = *state;
    say(f, "add pay phone bill", "add_todo");
    /* the learned classifier may read it as a task to add; nothing goes */
    assert_int_equal(say_as(f, "u", "delete old photos off my phone"), 0);
    assert_true(has_title(f, "pay phone bill", NULL));
    say(f, "finished backing up my phone", "complete_todo");
    bool done = true;
    assert_true(has_title(f, "pay phone bill", &done));
    assert_false(done);
    say(f, "phone bill's paid", "complete_todo"); /* named by its own words, it is done */
    assert_true(has_title(f, "pay phone bill", &done));
    assert_true(done);
    /* one phrase is one thing: "hair appt" is neither todo, each named by a word */
    say(f, "add buy hair dryer", "add_todo");
    say(f, "add book nail appointment", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "cross off the hair appt, went this morning"), 0);
    assert_true(has_title(f, "buy hair dryer", &done));
    assert_false(done);
    assert_true(has_title(f, "book nail appointment", &done));
    assert_false(done);
}

/* Talk around a retraction keeps it one: an undo amid talk undoes, and a
 * first clause that points back ("picked it up") means the todo just added,
 * even when its words name another too. */
static void test_talk_around_undo_and_it(void **state)
{
    fixture_t *f = *state;
    say(f, "add buy flowers", "add_todo");
    say(f, "delete buy flowers", "delete_todo");
    assert_false(has_title(f, "buy flowers", NULL));
    say(f, "oops undo pls, still need them for mom's bday", "undo");
    assert_true(has_title(f, "buy flowers", NULL));
    bool done = true;
    say(f, "add email the accountant about the invoice", "add_todo");
    say(f, "add buy milk", "add_todo");
    assert_int_equal(say_as(f, "u", "rang him about the gutters, mark it done"), 0);
    assert_true(has_title(f, "buy milk", &done));
    assert_false(done); /* the first clause names its own topic: not "it" */
    say(f, "add pick up prescription", "add_todo");
    say(f, "add pick up cake from bakery tomorrow 2pm", "add_todo");
    say(f, "oh wait mom already picked it up, mark it done", "complete_todo");
    assert_true(has_title(f, "pick up cake from bakery", &done));
    assert_true(done);
    assert_true(has_title(f, "pick up prescription", &done));
    assert_false(done);
}

/* News of a deed that names no todo adds none and moves none; parts that
 * each surely name a todo complete both. */
static void test_news_of_nothing_changes_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add pay electricity bill", "add_todo");
    f->ctx = "";
    say(f, "paid the gas bill today, finally", "complete_todo");
    Todo__V1__Todo *t = nth(f, 0);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
    assert_int_equal(chat_backend_mem_count(f->store, "u"), 1); /* nothing added */
    bool done = true;
    assert_true(has_title(f, "pay electricity bill", &done));
    assert_false(done);
    say(f, "add make the slides", "add_todo");
    say(f, "add email to prof. Kim", "add_todo");
    f->ctx = "";
    say(f, "finished the slides and the email to prof. Kim", "complete_todo");
    assert_true(has_title(f, "make the slides", &done));
    assert_true(done);
    assert_true(has_title(f, "email to prof. Kim", &done));
    assert_true(done);
}

/* A change verb before a title's own delete verb changes the todo; a task
 * said with a closing request to schedule it deletes nothing; news of
 * someone else's thing completes nothing. */
static void test_change_words_around_delete_titles(void **state)
{
    fixture_t *f = *state;
    say(f, "add delete old emails", "add_todo");
    say(f, "add remove wallpaper", "add_todo");
    say(f, "add old photos backup", "add_todo");
    say(f, "add finish monthly report", "add_todo");
    say(f, "move delete old emails to tomorrow morning, no time today", "update_todo");
    assert_true(has_title(f, "delete old emails", NULL));
    say(f, "rename remove wallpaper to: Remove wallpaper in kids room", "update_todo");
    assert_true(has_title(f, "Remove wallpaper in kids room", NULL));
    /* the title's own verb as the only command: asked first */
    say(f, "remove wallpaper in kids room", "delete_todo");
    assert_non_null(strstr(f->res.reply, "Do you mean"));
    assert_true(has_title(f, "Remove wallpaper in kids room", NULL));
    say(f, "yes", "delete_todo");
    assert_false(has_title(f, "Remove wallpaper in kids room", NULL));
    f->ctx = "";
    assert_int_equal(
        say_as(f, "u", "delete old photos from the phone so i have space, put it for sunday"), 0);
    assert_true(has_title(f, "old photos backup", NULL));
    /* two todos named by two words of one phrase are no two todos named */
    say(f, "add email sarah re invoice", "add_todo");
    say(f, "add call tom about lunch", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "mark the invoice for tom as done"), 0);
    bool one = true;
    assert_true(has_title(f, "email sarah re invoice", &one));
    assert_false(one);
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "my coworker already finished his report and i didnt start"),
                     0);
    bool done = true;
    assert_true(has_title(f, "finish monthly report", &done));
    assert_false(done);
}

/* "all of these" after a list is the list shown, not every todo; "all
 * done" with no list shown asks before completing everything. */
static void test_all_of_these_is_the_list_shown(void **state)
{
    fixture_t *f = *state;
    say(f, "add pay the hydro bill today at 6pm", "add_todo");
    say(f, "add call mum today at 7pm", "add_todo");
    say(f, "add buy milk", "add_todo");
    say(f, "what's due today?", "list_todos");
    say(f, "all of these are done", "complete_todo");
    bool done = true;
    assert_true(has_title(f, "buy milk", &done));
    assert_false(done);
    assert_true(has_title(f, "call mum", &done));
    assert_true(done);
    say(f, "add water the plants", "add_todo");
    f->ctx = "";
    say(f, "all done", "complete_todo");
    assert_non_null(strstr(f->res.reply, "Are you sure?"));
    assert_true(has_title(f, "buy milk", &done));
    assert_false(done);
    say(f, "yes", "confirm");
    assert_true(has_title(f, "buy milk", &done));
    assert_true(done);
}

/* A name of another thing changes nothing: a quoted name no todo has, a
 * different number, a new item said as such; a date is cleared when asked
 * after the todo's name. */
static void test_other_names_change_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add buy rice for the party", "add_todo");
    say(f, "add finish skripsi chapter 3", "add_todo");
    say(f, "add ring sky about the router friday", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "remove 'buy beans' from my list, my wife don buy am already"),
                     0);
    assert_true(has_title(f, "buy rice for the party", NULL));
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "is the skripsi chapter 3 done or not, i forgot"), 0);
    bool asked_done = true;
    assert_true(has_title(f, "finish skripsi chapter 3", &asked_done));
    assert_false(asked_done); /* a question completes nothing */
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "done with chapter 2 finally!!"), 0);
    bool done = true;
    assert_true(has_title(f, "finish skripsi chapter 3", &done));
    assert_false(done);
    say(f, "add ring nana", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "i rang him this morning"), 0);
    assert_true(has_title(f, "ring nana", &asked_done));
    assert_false(asked_done); /* rang someone else */
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "ugh the ring nana thing is so annoying this month"), 0);
    Todo__V1__Todo *t = nth(f, 3);
    assert_null(t->due); /* talk with a date moves nothing */
    todo__v1__todo__free_unpacked(t, NULL);
    f->ctx = "";
    say(f, "new one: cancel the sky subscription by the 5th", "add_todo");
    assert_true(has_title(f, "cancel the sky subscription", NULL));
    t = nth(f, 2);
    assert_int_equal(t->due->seconds, 1796371200); /* "ring sky ..." keeps its Friday 09:00 */
    todo__v1__todo__free_unpacked(t, NULL);
    f->ctx = "";
    say(f, "for ring sky about the router, remove the due date, no rush", "update_todo");
    t = nth(f, 2);
    assert_null(t->due);
    assert_int_equal(t->priority, 0);
    todo__v1__todo__free_unpacked(t, NULL);
}

/* News of a deed completes no todo it names only by a qualifying word or
 * by undoing it: it asks first. */
static void test_news_names_what_a_todo_is_about(void **state)
{
    fixture_t *f = *state;
    say(f, "add car insurance renewal", "add_todo");
    say(f, "add buy school shoes", "add_todo");
    bool done = true;
    f->ctx = "";
    say(f, "I've washed the car today, it was so dusty", "complete_todo");
    assert_non_null(strstr(f->res.reply, "Do you mean"));
    assert_true(has_title(f, "car insurance renewal", &done));
    assert_false(done);
    f->ctx = "";
    say(f, "returned the shoes, refund in 5 days", "complete_todo");
    assert_true(has_title(f, "buy school shoes", &done));
    assert_false(done);
    f->ctx = "";
    say(f, "bought the school shoes", "complete_todo");
    assert_true(has_title(f, "buy school shoes", &done));
    assert_true(done);
    /* news that a booking was cancelled deletes nothing and completes nothing */
    say(f, "add book hotel in lisbon", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "cancelled the hotel"), 0);
    assert_true(has_title(f, "book hotel in lisbon", &done));
    assert_false(done);
}

/* A task whose own verb deletes ("Cancel gym membership") is done when the
 * message says that verb in the past or a complete command names it, not
 * deleted; asked outright, it goes. */
static void test_deed_done_is_no_delete(void **state)
{
    fixture_t *f = *state;
    say(f, "add cancel gym membership", "add_todo");
    say(f, "add remove old wallpaper in hallway", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "cancelled the gym membership finally, done"), 0);
    bool done = false;
    assert_true(has_title(f, "cancel gym membership", &done));
    assert_true(done);
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "wallpaper's all removed, took 6 hours"), 0);
    assert_true(has_title(f, "remove old wallpaper in hallway", &done));
    assert_true(done);
    say(f, "add cancel hulu", "add_todo");
    say(f, "cancel hulu is done, finally free", "complete_todo");
    assert_true(has_title(f, "cancel hulu", &done));
    assert_true(done);
    say(f, "add delete the spam emails", "add_todo");
    say(f, "add remove the old shelf", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "delete the spam emails is finished, inbox zero!"), 0);
    assert_true(has_title(f, "delete the spam emails", &done));
    assert_true(done);
    f->ctx = ""; /* another title's verb, read right after: no cached word */
    assert_int_equal(say_as(f, "u", "remove the old shelf is finished, finally!"), 0);
    assert_true(has_title(f, "remove the old shelf", &done));
    assert_true(done);
    say(f, "delete the gym membership one, already cancelled it", "delete_todo");
    assert_false(has_title(f, "cancel gym membership", NULL));
    /* a complete command before the title's own delete verb completes it */
    say(f, "add remove wallpaper in the hall", "add_todo");
    say(f, "tick off remove wallpaper, finally done", "complete_todo");
    assert_true(has_title(f, "remove wallpaper in the hall", &done));
    assert_true(done);
    /* the title said with its own verb, then news that it is done; a dash
       and an emoji are no quotes that would name it */
    say(f, "add delete old emails", "add_todo");
    f->ctx = "";
    say(f, "delete old emails \xE2\x80\x94 done it, inbox clean now \xE2\x9C\xA8", "complete_todo");
    assert_true(has_title(f, "delete old emails", &done));
    assert_true(done);
}

/* Words that only look like another todo's change nothing of it: a Spanish
 * "la del" (the ... one) is no delete, a place names no todo somewhere
 * else, a clause asking to add moves nothing, and a move in a closing
 * clause takes its own date, not the talk's. */
static void test_lookalikes_change_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add call the plumber", "add_todo");
    say(f, "add finish switchboard upgrade at Bondi job", "add_todo");
    say(f, "add bin the old offcuts", "add_todo");
    say(f, "add check panel at Kits job", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "la del plumber ya est\xC3\xA1 hecha"), 0);
    bool done = false;
    assert_true(has_title(f, "call the plumber", &done));
    assert_true(done);
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "finished the switchboard at the Manly job"), 0);
    assert_true(has_title(f, "finish switchboard upgrade at Bondi job", &done));
    assert_false(done);
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "bin night's wednesday, add put the bins out wed night"), 0);
    Todo__V1__Todo *t = nth(f, 2);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
    say(f, "site's closed today, bump the kits panel check to monday morning", "update_todo");
    t = nth(f, 3);
    assert_non_null(t->due);
    assert_int_equal(t->due->seconds, 1796025600); /* Monday 2026-11-30 09:00 CET */
    todo__v1__todo__free_unpacked(t, NULL);
    /* a date in talk is not the one a closing change gives */
    say(f, "add pick up the samples at the showroom saturday", "add_todo");
    say(f, "ah no, saturday the showroom is closed, put it tuesday", "update_todo");
    t = nth(f, 5);                                 /* after "put the bins out" */
    assert_int_equal(t->due->seconds, 1796112000); /* Tuesday 2026-12-01 09:00 CET */
    todo__v1__todo__free_unpacked(t, NULL);
    /* "both" with no two todos shown is asked, not all of them done */
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "the switchboard and the panel are sorted, tick both off"), 0);
    assert_non_null(strstr(f->res.reply, "Are you sure?"));
    assert_true(has_title(f, "finish switchboard upgrade at Bondi job", &done));
    assert_false(done);
}

/* News with a date of its own moves no todo it shares a word with. */
static void test_news_date_moves_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add sell sofa cushions", "add_todo");
    f->ctx = "";
    assert_int_equal(
        say_as(f, "u", "finalmente got rid of the old sofa!! guy from OLX picked it up today"), 0);
    Todo__V1__Todo *t = nth(f, 0);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
    /* "done now" tells when it was done: the date after it moves no todo
       named by one word of the talk */
    say(f, "add call pak rt", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "actually its done now, Pak Joko help me today"), 0);
    t = nth(f, 1);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
}

static void test_list_then_position(void **state)
{
    fixture_t *f = *state;
    say(f, "add a one", "add_todo");
    say(f, "add b two", "add_todo");
    say(f, "add c three", "add_todo");
    say(f, "what's on my list?", "list_todos");
    assert_int_equal(f->res.n_todos, 3);
    assert_non_null(strstr(f->res.reply, "3 open todos"));
    say(f, "done with the second one", "complete_todo");
    bool done = false;
    assert_true(has_title(f, "b two", &done));
    assert_true(done);
    say(f, "move it to monday 10am", "update_todo");
    assert_non_null(strstr(f->res.reply, "Monday at 10 AM"));
}

static void test_several_positions_and_names(void **state)
{
    fixture_t *f = *state;
    say(f, "add buy milk", "add_todo");
    say(f, "add call mom", "add_todo");
    say(f, "add pay rent", "add_todo");
    say(f, "list", "list_todos");
    say(f, "check off the first two", "complete_todo");
    bool done = false;
    assert_true(has_title(f, "buy milk", &done) && done);
    assert_true(has_title(f, "call mom", &done) && done);
    assert_true(has_title(f, "pay rent", &done) && !done);
    say(f, "delete the milk and pay rent", "delete_todo");
    assert_int_equal(count(f), 3); /* two at once: asks first */
    say(f, "yes", "confirm");
    assert_int_equal(count(f), 1);
    assert_true(has_title(f, "call mom", NULL));
}

static void test_bad_input_is_polite(void **state)
{
    fixture_t *f = *state;
    const char *junk[] = {"\xF0\x9F\x99\x82\xF0\x9F\x99\x82\xF0\x9F\x99\x82",
                          "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D",
                          "\x01\x02\x03\xff\xfe", "zzzz qqqq"};
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++)
        say(f, junk[i], "unknown");
    char runon[2001];
    for (int i = 0; i < 2000; i++)
        runon[i] = "buy milk and eggs "[i % 18];
    runon[2000] = '\0';
    say(f, runon, "unknown");
    assert_int_equal(count(f), 0);
}

static void test_errors(void **state)
{
    fixture_t *f = *state;
    chat_turn_t in = turn_at("u", "hi", "", NOW_MS);
    in.timezone = "Mars/Base";
    assert_int_equal(chat_engine_turn(f->engine, &in, &f->mem, &f->res, &f->st), TC_EINVAL);
    assert_true(strncmp(f->st.message, "timezone", 8) == 0);
    chat_backend_mem_set_down(f->store, true);
    in.timezone = "UTC";
    in.message = "what's on my list?";
    in.message_len = strlen(in.message);
    assert_int_equal(chat_engine_turn(f->engine, &in, &f->mem, &f->res, &f->st), TC_EUNAVAIL);
    assert_non_null(strstr(f->st.message, "todo-svc"));
    /* turns that need no todos still work */
    in.message = "hello";
    in.message_len = 5;
    assert_int_equal(chat_engine_turn(f->engine, &in, &f->mem, &f->res, &f->st), 0);
    chat_backend_mem_set_down(f->store, false);
}

/* Adding what is already there but done puts it back instead of a twin. */
static void test_add_reopens_done_twin(void **state)
{
    fixture_t *f = *state;
    say(f, "add do the laundry", "add_todo");
    say(f, "done with the laundry", "complete_todo");
    say(f, "I still need to do the laundry tomorrow", "reopen_todo");
    assert_int_equal(count(f), 1);
    Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", 0);
    assert_false(t->done);
    assert_non_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
    say(f, "undo", "undo"); /* done again, and no due date, as before */
    t = chat_backend_mem_get(f->store, "u", 0);
    assert_true(t->done);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
}

/* round 109: of look-alike todos, news of a deed names the one that opens
 * with the deed's verb; the other stays open */
static void test_deed_verb_picks_lookalike(void **state)
{
    fixture_t *f = *state;
    say(f, "add finish deposit spreadsheet", "add_todo");
    say(f, "add send deposit spreadsheet to landlord", "add_todo");
    say(f, "add pay my share of internet", "add_todo");
    say(f, "add remind tom to pay internet share", "add_todo");
    bool done = false;
    f->ctx = "";
    say(f, "finished the deposit spreadsheet finally!!", "complete_todo");
    assert_true(has_title(f, "finish deposit spreadsheet", &done));
    assert_true(done);
    assert_true(has_title(f, "send deposit spreadsheet to landlord", &done));
    assert_false(done);
    f->ctx = "";
    say(f, "just paid my share of the internet from tokyo lol", "complete_todo");
    assert_true(has_title(f, "pay my share of internet", &done));
    assert_true(done);
    assert_true(has_title(f, "remind tom to pay internet share", &done));
    assert_false(done);
}

/* round 110: a question about one named todo answers that todo only (not
 * a look-alike named loosely), says whether it is done, and a following
 * "mark it done" completes it */
static void test_named_question_then_it(void **state)
{
    fixture_t *f = *state;
    say(f, "add clean oven", "add_todo");
    say(f, "add buy oven cleaner", "add_todo");
    bool done = true;
    say(f, "is clean oven still on the list?", "list_todos");
    assert_null(strstr(f->res.reply, "buy oven cleaner"));
    say(f, "ok mark it done then, priya did it last night", "complete_todo");
    assert_true(has_title(f, "clean oven", &done));
    assert_true(done);
    assert_true(has_title(f, "buy oven cleaner", &done));
    assert_false(done);
    say(f, "add car service at the garage", "add_todo");
    f->ctx = "";
    say(f, "is the car service done?", "list_todos");
    assert_non_null(strstr(f->res.reply, "still open"));
    say(f, "yes i did it yesterday actually, mark it done pls", "complete_todo");
    assert_true(has_title(f, "car service at the garage", &done));
    assert_true(done);
}

/* review mend: news by a past verb no lexicon knows completes only a todo
 * opening with that verb, and asks otherwise; "keep X" after "delete all"
 * spares X; "is X done?" of two open look-alikes says both are open */
static void test_loose_news_and_spared(void **state)
{
    fixture_t *f = *state;
    say(f, "add finish the tax return", "add_todo");
    bool done = true;
    f->ctx = "";
    say(f, "started the tax return", "complete_todo");
    assert_non_null(strstr(f->res.reply, "Do you mean"));
    assert_true(has_title(f, "finish the tax return", &done));
    assert_false(done);
    /* round 116: someone else finished the work the todo pays for */
    say(f, "add pay ortiz roofing for the office roof repair", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "ortiz roofing finished the office roof repair today"), 0);
    assert_true(has_title(f, "pay ortiz roofing for the office roof repair", &done));
    assert_false(done);
    /* round 119: "from storage" is part of what goes, so it names no "Put up
       christmas lights" (it had been deleted) */
    say(f, "add put up christmas lights", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "remove the christmas lights from storage this weekend"), 0);
    assert_true(has_title(f, "put up christmas lights", &done));
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "gotta remove the christmas lights from storage"), 0);
    assert_true(has_title(f, "put up christmas lights", &done));
    say(f, "add swap the shower head", "add_todo");
    f->ctx = "";
    say(f, "swapped the shower head", "complete_todo");
    assert_true(has_title(f, "swap the shower head", &done));
    assert_true(done);
    say(f, "add car service", "add_todo");
    say(f, "add book car service", "add_todo");
    f->ctx = "";
    say(f, "is the car service done?", "list_todos");
    assert_non_null(strstr(f->res.reply, "are still open"));
    f->ctx = "";
    say(f, "delete all of them, keep the tax return", "delete_todo");
    assert_int_equal(say_as(f, "u", "yes"), 0);
    assert_true(has_title(f, "finish the tax return", &done));
}

/* Round 121 (tf's wrong changes): a plan of one's own changes no todo it
 * shares words with, and talk after a comma names no todo. */
static void test_plans_and_talk_change_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add shared drive - move 2025 claims folder", "add_todo");
    say(f, "add autoclave spore test friday", "add_todo");
    say(f, "add order spore test strips saturday", "add_todo");
    f->ctx = "";
    assert_int_equal(
        say_as(f, "u",
               "thinking i should delete the old recall list off the shared drive eventually"),
        0);
    Todo__V1__Todo *t = nth(f, 0);
    assert_int_equal(t->priority, 0); /* it had been set low ("eventually") */
    todo__v1__todo__free_unpacked(t, NULL);
    f->ctx = "";
    say(f, "take the date off the autoclave spore test, well do it whenever the strips show up",
        "update_todo");
    t = nth(f, 1);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
    t = nth(f, 2);
    assert_non_null(t->due); /* its date had been taken off */
    todo__v1__todo__free_unpacked(t, NULL);
    /* what a delete verb takes is another thing than "clean the shed" */
    say(f, "add clean the shed", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "remove the wasp nest from the shed roof, tag garden"), 0);
    t = nth(f, 3);
    assert_int_equal(t->n_tags, 0); /* it had been tagged garden */
    todo__v1__todo__free_unpacked(t, NULL);
}

/* Round 123 (fq): after sentences of talk, the sentence that asks the
 * assistant to act says what to do, and its "that one" is the todo the
 * talk names; a second reading never acts on a todo the request's own name
 * does not touch. */
static void test_request_sentence_after_talk(void **state)
{
    fixture_t *f = *state;
    say(f, "add pay the window cleaner", "add_todo");
    say(f, "add fix the smoke alarm", "add_todo");
    f->ctx = "";
    say(f,
        "The window cleaner says there's no rush whatsoever, he knows where I live! Would you drop "
        "that one down to low priority, please?",
        "update_todo");
    Todo__V1__Todo *t = nth(f, 0);
    assert_int_equal(t->priority, 1);
    todo__v1__todo__free_unpacked(t, NULL);
    say(f, "add pay the milkman", "add_todo");
    say(f, "add pay the paper bill", "add_todo");
    say(f, "mark pay the milkman done", "complete_todo");
    say(f, "mark pay the paper bill done", "complete_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u",
                            "It was the paper bill I settled, not the milk. Would you put the "
                            "milkman money back as not done, please?"),
                     0);
    bool done = false;
    assert_true(has_title(f, "pay the paper bill", &done));
    assert_true(done); /* the second reading had reopened it */
    f->ctx = "";
    say(f,
        "Oh dear, I've ticked off 'pay the milkman' by mistake. It was the paper bill I settled, "
        "not the milk. Would you put the milkman back as not done, please?",
        "reopen_todo");
    assert_true(has_title(f, "pay the paper bill", &done));
    assert_true(done); /* it had been reopened */
    assert_true(has_title(f, "pay the milkman", &done));
    assert_false(done);
}

/* Round 125 (tg's wrong completion): an invoice number no todo holds
 * names none of its look-alikes (it had completed both). */
static void test_number_names_no_lookalike(void **state)
{
    fixture_t *f = *state;
    say(f, "add pay lafleur invoice #1142", "add_todo");
    say(f, "add pay lafleur invoice #1124", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "paid lafleur #1241 this morning"), 0);
    bool done = true;
    assert_true(has_title(f, "pay lafleur invoice #1142", &done));
    assert_false(done);
    assert_true(has_title(f, "pay lafleur invoice #1124", &done));
    assert_false(done);
    say(f, "paid lafleur #1142 this morning", "complete_todo");
    assert_true(has_title(f, "pay lafleur invoice #1142", &done));
    assert_true(done);
}

/* Round 128 (th's wrong actions): when the rules' name of one todo names
 * none, a second reading neither widens it to several look-alikes nor picks
 * a todo the name points at no more than at another. */
static void test_second_reading_keeps_to_the_name(void **state)
{
    fixture_t *f = *state;
    say(f, "add move-out inspection 4B", "add_todo");
    say(f, "add move-out inspection 4D", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "unit 4 move out inspection is done"), 0);
    bool done = true;
    assert_true(has_title(f, "move-out inspection 4B", &done));
    assert_false(done); /* both had been completed */
    assert_true(has_title(f, "move-out inspection 4D", &done));
    assert_false(done);
    say(f, "add fix dryer in 3C", "add_todo");
    say(f, "add fix dishwasher in 3D", "add_todo");
    say(f, "mark fix dryer in 3C done", "complete_todo");
    say(f, "mark fix dishwasher in 3D done", "complete_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "reopen the 3C dishwasher one"), 0);
    assert_true(has_title(f, "fix dryer in 3C", &done));
    assert_true(done); /* it had been reopened */
}

/* Round 129 (review of rounds 120-126): a request sentence's "that one"
 * is never the todo last touched; a clear that spares one deletes nothing;
 * "be nice to X" and "put the heating back on" change no todo; a price is
 * no time. */
static void test_review_mend_changes_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add turn the heating off", "add_todo");
    say(f, "mark turn the heating off done", "complete_todo");
    say(f, "add call mark about the party", "add_todo");
    say(f, "add sell the raffle tickets", "add_todo");
    say(f, "add call the plumber", "add_todo");
    assert_int_equal(
        say_as(f, "u", "Someone rang earlier. Could you push that one back to Sunday morning?"), 0);
    Todo__V1__Todo *t = nth(f, 3);
    assert_null(t->due); /* the todo just added had been moved */
    todo__v1__todo__free_unpacked(t, NULL);
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "clean up the checked off junk, well not the heating one"), 0);
    bool done = false;
    assert_true(has_title(f, "turn the heating off", &done)); /* it had been deleted */
    assert_int_equal(say_as(f, "u", "put the heating back on, it's freezing"), 0);
    assert_true(has_title(f, "turn the heating off", &done));
    assert_true(done); /* it had been reopened */
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "be nice to mark at the party"), 0);
    assert_true(has_title(f, "call mark about the party", &done));
    assert_false(done); /* it had been completed */
    assert_int_equal(say_as(f, "u", "the raffle tickets are going at two each now"), 0);
    t = nth(f, 2);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
}

/* Round 131 (fx, fy, ti's wrong actions): a day's label moves nothing; a
 * negated "urgent" is low; "7a name tags" names 7A only; a plan with
 * "might have to" moves nothing. */
static void test_labels_negations_and_plans(void **state)
{
    fixture_t *f = *state;
    say(f, "add pick up Maya from skating", "add_todo");
    say(f, "add check the CCTV camera", "add_todo");
    say(f, "add print 7A name tags", "add_todo");
    say(f, "add print 7B name tags", "add_todo");
    say(f, "add confirm 7B bus with Sunlander", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "monday: pick up Maya's consent form from daycare"), 0);
    Todo__V1__Todo *t = nth(f, 0);
    assert_null(t->due); /* it had been moved to Monday */
    todo__v1__todo__free_unpacked(t, NULL);
    say(f, "make the CCTV one low priority, sio urgent tena", "update_todo");
    t = nth(f, 1);
    assert_int_equal(t->priority, 1); /* it had been set high */
    todo__v1__todo__free_unpacked(t, NULL);
    say(f, "check off 7a name tags", "complete_todo");
    bool done = true;
    assert_true(has_title(f, "print 7B name tags", &done));
    assert_false(done); /* both had been completed */
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "we might have to cancel the 7B bus if it storms monday"), 0);
    t = nth(f, 4);
    assert_null(t->due);
    todo__v1__todo__free_unpacked(t, NULL);
    /* round 132 (second review): a todo spared by "not the X one" is not the
       one a second reading completes or deletes */
    say(f, "add do the tax return", "add_todo");
    say(f, "add file the tax form", "add_todo");
    say(f, "mark file the tax form done", "complete_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "clean up the finished stuff, well not the tax return one"), 0);
    assert_true(has_title(f, "do the tax return", &done));
    assert_false(done); /* it had been completed */
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "get rid of the finished stuff, but not the tax form"), 0);
    assert_true(has_title(f, "file the tax form", &done)); /* it had been deleted */
}

/* Rounds 134 and 143 (gb, gc, a review): things said together are a todo
 * each, with the date said once; one undo takes all back. A task and its
 * objects, a possessive, fixed pairs, names, numbers and talk stay one
 * todo; a done twin of the whole is reopened. */
static void test_list_of_things_adds_each(void **state)
{
    fixture_t *f = *state;
    say(f, "add milk, bread and eggs tomorrow", "add_todo");
    assert_int_equal(count(f), 3);
    assert_int_equal(f->res.n_todos, 3);
    assert_true(has_title(f, "milk", NULL) && has_title(f, "bread", NULL));
    assert_true(has_title(f, "eggs", NULL));
    assert_non_null(f->res.todos[2]->due);
    assert_non_null(strstr(f->res.reply, "(each due tomorrow")); /* the date, said once */
    say(f, "undo", "undo");
    assert_int_equal(count(f), 0);
    say(f, "add 2 things: call the bank, pay rent", "add_todo");
    assert_true(has_title(f, "call the bank", NULL) && has_title(f, "pay rent", NULL));
    say(f, "add 3 things: call the bank, pick up dry cleaning, book MOT", "add_todo");
    assert_true(has_title(f, "pick up dry cleaning", NULL)); /* round 143: "up" is a task's */
    static const char *const one[] = {"buy eggs and flour",      "mum and dad's anniversary gift",
                                      "salt and vinegar crisps", "fish and chips", /* round 143 */
                                      "Marks and Spencer",       "chapters 3 and 4",
                                      "paint from B&Q",          "change oil and filter",
                                      "busy, work and kids",     "fish & chips", /* round 148 */
                                      "peanut butter and jelly", "marks and spencer",
                                      "chapter three and four",  "cut grass and hedges"};
    for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
        say(f, one[i], "add_todo");
        assert_true(has_title(f, one[i], NULL));
    }
    assert_int_equal(count(f), 19);
    say(f, "tick off fish and chips", "complete_todo");
    say(f, "fish and chips", "reopen_todo"); /* the done twin comes back, no new todos */
    assert_int_equal(count(f), 19);
    say(f, "fish and chips, high priority", "update_todo"); /* the open twin of the whole */
    assert_int_equal(count(f), 19);
}

/* Round 141 (gg): "which jobs have I done?" names no todo: the done ones,
 * not every todo; "is the X done?" of an open todo still answers it. */
static void test_done_question_naming_nothing(void **state)
{
    fixture_t *f = *state;
    say(f, "add phone the surgery", "add_todo");
    say(f, "add buy stamps", "add_todo");
    say(f, "mark phone the surgery done", "complete_todo");
    say(f, "Which jobs have I already done? I can't remember.", "list_todos");
    assert_int_equal(f->res.n_todos, 1);
    assert_string_equal(f->res.todos[0]->title, "phone the surgery");
    say(f, "are the stamps done?", "list_todos");
    assert_int_equal(f->res.n_todos, 1);
    assert_string_equal(f->res.todos[0]->title, "buy stamps");
}

/* Round 146 (gh): a note that opens a later clause is the new todo's note,
 * not its title. */
static void test_clause_note_is_a_note(void **state)
{
    fixture_t *f = *state;
    say(f, "renew passport - note: photos are in the desk drawer", "add_todo");
    assert_int_equal(f->res.n_todos, 1);
    assert_string_equal(f->res.todos[0]->title, "renew passport");
    assert_string_equal(f->res.todos[0]->notes, "photos are in the desk drawer");
}

/* Round 150 (tj, tl): news passed on and a plan told change nothing, and
 * the reply says so. */
static void test_news_and_plans_are_noted(void **state)
{
    fixture_t *f = *state;
    say(f, "add Bello recheck", "add_todo");
    say(f, "heads up, the Millars are bringing Bello in Monday for a recheck", "unknown");
    assert_non_null(strstr(f->res.reply, "haven't changed"));
    say(f, "we'll probably delete the Bello recheck once they confirm", "unknown");
    assert_int_equal(count(f), 1);
    bool done = true;
    assert_true(has_title(f, "Bello recheck", &done));
    assert_false(done);
}

/* Round 151 (fz's wrong change, after the last pair was scored): "!!!" in
 * news of a deed raises no todo's priority. */
static void test_bang_changes_no_priority(void **state)
{
    fixture_t *f = *state;
    say(f, "add physics assignment", "add_todo");
    say(f, "add chemistry lab report", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "u", "finished my physics assignment finallyyy!!!"), 0);
    Todo__V1__Todo *t = chat_backend_mem_get(f->store, "u", 0);
    assert_int_equal(t->priority, 0);
    todo__v1__todo__free_unpacked(t, NULL);
}

static void test_users_are_separate(void **state)
{
    fixture_t *f = *state;
    say(f, "add secret plan", "add_todo");
    f->ctx = "";
    assert_int_equal(say_as(f, "v", "what's on my list?"), 0);
    assert_int_equal(f->res.n_todos, 0);
    assert_int_equal(say_as(f, "v", "delete secret plan"), 0);
    assert_int_equal(count(f), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_then_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reminder_before_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_did_i_question, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_it_and_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_delete_asks_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_questions_lapse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forged_and_foreign_context, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_replica_same_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ambiguous_then_choose, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reference_to_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_shared_word_is_not_a_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_news_date_moves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookalikes_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deed_done_is_no_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_news_names_what_a_todo_is_about, setup, teardown),
        cmocka_unit_test_setup_teardown(test_talk_around_undo_and_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_news_of_nothing_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_names_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_of_these_is_the_list_shown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_words_around_delete_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_then_position, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_positions_and_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_is_polite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_reopens_done_twin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users_are_separate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_of_things_adds_each, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_question_naming_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clause_note_is_a_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_news_and_plans_are_noted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bang_changes_no_priority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loose_news_and_spared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plans_and_talk_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_sentence_after_talk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_names_no_lookalike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_reading_keeps_to_the_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_mend_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_negations_and_plans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_named_question_then_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deed_verb_picks_lookalike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_complete_removes_next_occurrence, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_undo_complete_keeps_edited_next_occurrence, setup,
                                        teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    chat_tz_cache_clear();
    return rc;
}
