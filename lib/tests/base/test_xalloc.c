/* xalloc: copies and formatted strings are whole, NUL-terminated and owned by
 * the caller (free with free()), however long the result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void test_xasprintf(void **state)
{
    (void)state;
    char *s = xasprintf("%d-%s-%.2f", 42, "x", 1.5);
    assert_string_equal(s, "42-x-1.50");
    free(s);
    char *empty = xasprintf("%s", "");
    assert_string_equal(empty, "");
    free(empty);
    /* Longer than any first guess: the length is measured, not assumed. */
    char *word = xmalloc(10001);
    memset(word, 'a', 10000);
    word[10000] = '\0';
    char *big = xasprintf("<%s>", word);
    assert_int_equal(strlen(big), 10002);
    assert_int_equal(big[0], '<');
    assert_int_equal(big[10001], '>');
    assert_memory_equal(big + 1, word, 10000);
    free(big);
    free(word);
}

static void test_xstrndup(void **state)
{
    (void)state;
    char *s = xstrndup("hello", 3);
    assert_string_equal(s, "hel");
    free(s);
    char *t = xstrndup("hi", 10);
    assert_string_equal(t, "hi");
    free(t);
    char *u = xstrdup("");
    assert_string_equal(u, "");
    free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xasprintf),
        cmocka_unit_test(test_xstrndup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
