/* Unit tests for ListTodos' query on the SQLite store: a case-insensitive
 * substring of title or notes, served from the trigram search index
 * (todos_fts) for queries of 3 characters or more and by a scan below that;
 * kept right by creates, updates and deletes, combined with the other
 * filters and paging, and present after an upgrade from older files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_fixture.h"
#include "test_alloc.h"

#define NOW 1795000000000LL /* 2026-11-18 */

typedef struct fixture {
    todo_store_t *s;
    test_pool_t pool;
    char dir[64];
    char path[128];
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    test_pool_init(&f->pool);
    *state = f;
    return test_dir_make("todo-search-test", f->dir, sizeof f->dir, f->path, sizeof f->path);
}

/* setup, then the store open on a new file at the latest version. */
static int setup_open(void **state)
{
    if (setup(state) != 0)
        return -1;
    fixture_t *f = *state;
    f->s = test_store_try(f->path);
    return f->s ? 0 : -1;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    todo_store_destroy(f->s);
    test_pool_free(&f->pool);
    test_dir_remove(f->dir);
    free(f);
    return 0;
}

static Todo__V1__Todo *mk_tagged(fixture_t *f, const char *user, const char *title,
                                 const char *notes, bool done, const char *tag)
{
    Todo__V1__Todo in = TODO__V1__TODO__INIT, *out = NULL;
    char *tags[] = {(char *)tag};
    in.title = (char *)title;
    in.notes = (char *)(notes ? notes : "");
    in.done = done;
    in.tags = tag ? tags : NULL;
    in.n_tags = tag ? 1 : 0;
    tc_status_t st = {0};
    if (todo_store_create_todo(f->s, user, &in, NULL, NOW, &f->pool.alloc, &out, NULL, &st) != 0)
        fail_msg("create %s: %s", title, st.message);
    return out;
}

static Todo__V1__Todo *mk(fixture_t *f, const char *user, const char *title, const char *notes)
{
    return mk_tagged(f, user, title, notes, false, NULL);
}

static todo_page_t search_q(fixture_t *f, const char *user, todo_query_t *q)
{
    todo_page_t page;
    tc_status_t st = {0};
    if (q->page_size == 0)
        q->page_size = 50;
    if (todo_store_list_todos(f->s, user, q, &f->pool.alloc, &page, &st) != 0)
        fail_msg("list %s: %s", q->query, st.message);
    return page;
}

static todo_page_t search(fixture_t *f, const char *user, const char *query)
{
    todo_query_t q = {.query = query};
    return search_q(f, user, &q);
}

/* The titles of a page, sorted and joined with '|', for comparisons. */
static const char *titles(fixture_t *f, todo_page_t p)
{
    const char **v = calloc(p.n + 1, sizeof *v);
    for (size_t i = 0; i < p.n; i++)
        v[i] = p.todos[i]->title;
    for (size_t i = 1; i < p.n; i++)
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            const char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    size_t len = 1;
    for (size_t i = 0; i < p.n; i++)
        len += strlen(v[i]) + 1;
    char *out = f->pool.alloc.alloc(f->pool.alloc.ctx, len);
    for (size_t i = 0; i < p.n; i++) {
        if (i)
            strcat(out, "|");
        strcat(out, v[i]);
    }
    free(v);
    return out;
}

static void test_substring_of_title_or_notes(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "Buy MILK and bread", NULL);
    mk(f, "alice", "call mom", "ask about buttermilk prices");
    mk(f, "alice", "milkshake", NULL);
    mk(f, "alice", "walk the dog", NULL);
    assert_string_equal(titles(f, search(f, "alice", "milk")),
                        "Buy MILK and bread|call mom|milkshake");
    assert_string_equal(titles(f, search(f, "alice", "K AND B")), "Buy MILK and bread");
    assert_string_equal(titles(f, search(f, "alice", "ttermilk pr")), "call mom");
    assert_string_equal(titles(f, search(f, "alice", "the dog")), "walk the dog");
}

static void test_non_ascii_case_both_ways(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "äpfel kaufen", NULL);
    mk(f, "alice", "Ärzte anrufen", NULL);
    mk(f, "alice", "καφές", "ΛΟΓΟΣ ΣΟΦΙΑΣ");
    mk(f, "alice", "позвонить", "ЁЛКА купить");
    mk(f, "alice", "ılık su", NULL);
    mk(f, "alice", "İstanbul", NULL);
    assert_string_equal(titles(f, search(f, "alice", "ÄPFEL")), "äpfel kaufen");
    assert_string_equal(titles(f, search(f, "alice", "ärzte")), "Ärzte anrufen");
    assert_string_equal(titles(f, search(f, "alice", "ΚΑΦ")), "καφές");
    /* Final sigma matches sigma, in the todo or in the query. */
    assert_string_equal(titles(f, search(f, "alice", "φέσ")), "καφές");
    assert_string_equal(titles(f, search(f, "alice", "λογος σοφ")), "καφές");
    assert_string_equal(titles(f, search(f, "alice", "ПОЗВОН")), "позвонить");
    assert_string_equal(titles(f, search(f, "alice", "ёлка")), "позвонить");
    /* Our folding maps U+0130 to U+0131 where SQLite's own leaves it: the
     * index holds our folding, so this is still found. */
    assert_string_equal(titles(f, search(f, "alice", "İlık")), "ılık su");
    assert_string_equal(titles(f, search(f, "alice", "ıstan")), "İstanbul");
}

static void test_no_match(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "abcd bcde", "milk");
    mk(f, "bob", "qwerty", NULL);
    assert_int_equal(search(f, "alice", "zzzqqq").n, 0);
    /* Every trigram of the query is there, but not in a row. */
    assert_int_equal(search(f, "alice", "abcde").n, 0);
    /* Another user's todo is never a result. */
    assert_int_equal(search(f, "alice", "qwerty").n, 0);
    assert_int_equal(search(f, "bob", "qwerty").n, 1);
    /* Search syntax and LIKE wildcards are plain characters. */
    assert_int_equal(search(f, "alice", "milk OR abcd").n, 0);
    assert_int_equal(search(f, "alice", "mil*").n, 0);
    assert_int_equal(search(f, "alice", "m%k").n, 0);
}

static void test_quotes_and_syntax_characters_are_literal(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "say \"hi\" now", NULL);
    mk(f, "alice", "title: NEAR(a b) * ^x", NULL);
    assert_int_equal(search(f, "alice", "\"hi\"").n, 1);
    assert_int_equal(search(f, "alice", "\"\"\"").n, 0);
    assert_int_equal(search(f, "alice", "near(a b)").n, 1);
    assert_int_equal(search(f, "alice", ": near").n, 1);
    assert_int_equal(search(f, "alice", "* ^x").n, 1);
}

static void test_short_queries_scan(void **state)
{
    fixture_t *f = *state;
    mk(f, "alice", "buy milk", NULL);
    mk(f, "alice", "äpfel", NULL);
    mk(f, "alice", "other", "Mi");
    assert_string_equal(titles(f, search(f, "alice", "MI")), "buy milk|other");
    assert_string_equal(titles(f, search(f, "alice", "K")), "buy milk");
    /* Two characters, three bytes. */
    assert_string_equal(titles(f, search(f, "alice", "ÄP")), "äpfel");
    assert_string_equal(titles(f, search(f, "alice", "Ä")), "äpfel");
}

static void test_combines_with_filters_order_and_pages(void **state)
{
    fixture_t *f = *state;
    char title[64];
    int want = 0;
    for (int i = 0; i < 40; i++) {
        bool match = i % 2 == 0, done = i % 3 == 0;
        const char *tag = i % 4 < 2 ? "work" : "home";
        snprintf(title, sizeof title, "%s %02d", match ? "Report" : "other", 39 - i);
        mk_tagged(f, "alice", title, NULL, done, tag);
        mk_tagged(f, "bob", title, NULL, done, tag);
        want += match && !done && tag[0] == 'w';
    }
    todo_query_t q = {.query = "REPORT",
                      .tag = "work",
                      .status = TODO__V1__STATUS_FILTER__STATUS_OPEN,
                      .page_size = 3,
                      .sort = {{TODO_SORT_TITLE, false}},
                      .n_sort = 1};
    int got = 0;
    char prev[64] = "";
    do {
        todo_page_t p = search_q(f, "alice", &q);
        for (size_t i = 0; i < p.n; i++) {
            Todo__V1__Todo *t = p.todos[i];
            assert_non_null(strstr(t->title, "Report"));
            assert_false(t->done);
            assert_string_equal(t->tags[0], "work");
            assert_true(strcmp(prev, t->title) < 0);
            snprintf(prev, sizeof prev, "%s", t->title);
            got++;
        }
        q.page_token = p.next_page_token;
    } while (*q.page_token);
    assert_int_equal(got, want);
}

static void test_updates_and_deletes_keep_the_index(void **state)
{
    fixture_t *f = *state;
    Todo__V1__Todo *t = mk(f, "alice", "old title", "first notes");
    assert_int_equal(search(f, "alice", "old ti").n, 1);

    Todo__V1__Todo patch = TODO__V1__TODO__INIT, *out = NULL;
    tc_status_t st = {0};
    patch.id = t->id;
    patch.title = "new title";
    assert_int_equal(todo_store_update_todo(f->s, "alice", &patch, TODO_FIELD_TITLE, NOW,
                                            &f->pool.alloc, &out, &st),
                     0);
    assert_int_equal(search(f, "alice", "old ti").n, 0);
    assert_int_equal(search(f, "alice", "new ti").n, 1);
    assert_int_equal(search(f, "alice", "first").n, 1);

    patch.notes = "second notes";
    assert_int_equal(todo_store_update_todo(f->s, "alice", &patch, TODO_FIELD_NOTES, NOW,
                                            &f->pool.alloc, &out, &st),
                     0);
    assert_int_equal(search(f, "alice", "first").n, 0);
    assert_int_equal(search(f, "alice", "second").n, 1);

    /* A change that leaves title and notes alone keeps the todo findable. */
    patch.done = true;
    assert_int_equal(todo_store_update_todo(f->s, "alice", &patch, TODO_FIELD_DONE, NOW,
                                            &f->pool.alloc, &out, &st),
                     0);
    assert_int_equal(search(f, "alice", "new ti").n, 1);

    assert_int_equal(todo_store_delete_todo(f->s, "alice", t->id, &f->pool.alloc, NULL, &st), 0);
    assert_int_equal(search(f, "alice", "new ti").n, 0);
    assert_int_equal(search(f, "alice", "second").n, 0);
    /* A new todo after the delete is found, and only it. */
    mk(f, "alice", "newer title", NULL);
    assert_string_equal(titles(f, search(f, "alice", "title")), "newer title");
}

/* Opens f->path with the current code and checks the schema is the latest. */
static void reopen_latest(fixture_t *f)
{
    tc_status_t st = {0};
    f->s = todo_store_create(f->path, &st);
    if (!f->s)
        fail_msg("reopen: %s", st.message);
    assert_int_equal(todo_store_schema_version(f->s), todo_store_latest_version(f->s));
}

static void test_upgrade_from_version_7_indexes_existing_todos(void **state)
{
    fixture_t *f = *state;
    tc_status_t st = {0};
    f->s = todo_store__create_version(f->path, 7, &st);
    assert_non_null(f->s);
    mk(f, "alice", "Äpfel kaufen", "beim Bauern");
    mk(f, "alice", "call mum", "about ΣΟΦΙΑ");
    mk(f, "bob", "Äpfel kaufen", NULL);
    todo_store_destroy(f->s);

    reopen_latest(f);
    assert_string_equal(titles(f, search(f, "alice", "äpfel")), "Äpfel kaufen");
    assert_string_equal(titles(f, search(f, "alice", "BAUER")), "Äpfel kaufen");
    assert_string_equal(titles(f, search(f, "alice", "σοφια")), "call mum");
    assert_string_equal(titles(f, search(f, "alice", "mu")), "call mum");
    assert_int_equal(search(f, "alice", "nothing like it").n, 0);
    /* And the index follows writes after the upgrade. */
    mk(f, "alice", "äpfel schälen", NULL);
    assert_string_equal(titles(f, search(f, "alice", "ÄPFEL")), "Äpfel kaufen|äpfel schälen");
}

/* tests/todo/data/legacy-v5.db: a todos.db of an earlier release,
 * committed, next to this source tree. */
static void test_upgrade_of_the_committed_v5_file(void **state)
{
    fixture_t *f = *state;
    char src[4096], cmd[4400];
    snprintf(src, sizeof src, "%s", __FILE__);
    snprintf(cmd, sizeof cmd, "cp '%s/../../tests/todo/data/legacy-v5.db' '%s'", dirname(src),
             f->path);
    if (system(cmd) != 0)
        fail_msg("cannot copy legacy-v5.db: %s", cmd);
    reopen_latest(f);
    assert_string_equal(titles(f, search(f, "legacy-alice", "MILK")), "buy milk");
    assert_string_equal(titles(f, search(f, "legacy-alice", "SKIMMED")), "buy milk");
    assert_string_equal(titles(f, search(f, "legacy-alice", "ÉVENING")), "call mum");
    assert_string_equal(titles(f, search(f, "legacy-bob", "ünïcode")), "Ünïcode title");
    assert_int_equal(search(f, "legacy-bob", "milk").n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_substring_of_title_or_notes, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_non_ascii_case_both_ways, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_no_match, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_and_syntax_characters_are_literal, setup_open,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_short_queries_scan, setup_open, teardown),
        cmocka_unit_test_setup_teardown(test_combines_with_filters_order_and_pages, setup_open,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_updates_and_deletes_keep_the_index, setup_open,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_from_version_7_indexes_existing_todos, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_of_the_committed_v5_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
