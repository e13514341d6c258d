/* arena: copies and allocations stay valid and aligned until the arena
 * is destroyed; destroy accepts NULL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"

static void test_arena(void **state)
{
    (void)state;
    tc_arena_t *a = tc_arena_create();
    char *s = tc_arena_strdup(a, "hello");
    assert_string_equal(s, "hello");
    void *big = tc_arena_alloc(a, 100000);
    memset(big, 1, 100000);
    char *p = tc_arena_printf(a, "%d-%s", 42, "x");
    assert_string_equal(p, "42-x");
    for (int i = 0; i < 1000; i++) {
        unsigned char *z = tc_arena_alloc(a, 33);
        for (int j = 0; j < 33; j++)
            assert_int_equal(z[j], 0);
        assert_true(((uintptr_t)z % _Alignof(max_align_t)) == 0);
        memset(z, 0xff, 33);
    }
    assert_string_equal(s, "hello");
    assert_null(tc_arena_strdup(a, NULL));
    tc_arena_destroy(a);
    tc_arena_destroy(NULL);
}

/* A formatted string longer than a block is whole, and what the arena held
 * before it is untouched. */
static void test_arena_printf_long(void **state)
{
    (void)state;
    tc_arena_t *a = tc_arena_create();
    char *before = tc_arena_printf(a, "%s", "");
    assert_string_equal(before, "");
    char *small = tc_arena_strdup(a, "kept");
    char word[10001];
    memset(word, 'b', 10000);
    word[10000] = '\0';
    char *big = tc_arena_printf(a, "[%s]", word);
    assert_int_equal(strlen(big), 10002);
    assert_int_equal(big[0], '[');
    assert_int_equal(big[10001], ']');
    assert_memory_equal(big + 1, word, 10000);
    assert_string_equal(small, "kept");
    tc_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_arena_printf_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
