/* gw_static: which URL paths map to files, what types and validators they get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "gw_static.h"
#include "tc_err.h"

static void test_clean_path(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(gw_static_clean_path("/", out, sizeof(out)), 0);
    assert_string_equal(out, "index.html");
    assert_int_equal(gw_static_clean_path("/app.js", out, sizeof(out)), 0);
    assert_string_equal(out, "app.js");
    assert_int_equal(gw_static_clean_path("//js///list.js", out, sizeof(out)), 0);
    assert_string_equal(out, "js/list.js");
    assert_int_equal(gw_static_clean_path("/sub/", out, sizeof(out)), 0);
    assert_string_equal(out, "sub/index.html");
    assert_int_equal(gw_static_clean_path("/../etc/passwd", out, sizeof(out)), TC_ENOTFOUND);
    assert_int_equal(gw_static_clean_path("/a/../../b", out, sizeof(out)), TC_ENOTFOUND);
    assert_int_equal(gw_static_clean_path("/./index.html", out, sizeof(out)), TC_ENOTFOUND);
    assert_int_equal(gw_static_clean_path("/.git/config", out, sizeof(out)), TC_ENOTFOUND);
    assert_int_equal(gw_static_clean_path("/a\\..\\b", out, sizeof(out)), TC_ENOTFOUND);
    assert_int_equal(gw_static_clean_path("/a\nb", out, sizeof(out)), TC_ENOTFOUND);
    assert_int_equal(gw_static_clean_path("relative", out, sizeof(out)), TC_ENOTFOUND);
    char tiny[16];
    assert_int_equal(gw_static_clean_path("/averyveryverylongname.js", tiny, sizeof(tiny)),
                     TC_ENOTFOUND);
}

static void test_types(void **state)
{
    (void)state;
    assert_string_equal(gw_static_content_type("index.html"), "text/html; charset=utf-8");
    assert_string_equal(gw_static_content_type("js/app.js"), "text/javascript; charset=utf-8");
    assert_string_equal(gw_static_content_type("app.css"), "text/css; charset=utf-8");
    assert_string_equal(gw_static_content_type("icon.svg"), "image/svg+xml");
    assert_string_equal(gw_static_content_type("x.png"), "image/png");
    assert_string_equal(gw_static_content_type("README"), "application/octet-stream");
}

static void test_etag_matching(void **state)
{
    (void)state;
    assert_true(gw_static_etag_matches("\"abc\"", "\"abc\""));
    assert_true(gw_static_etag_matches("\"x\", \"abc\"", "\"abc\""));
    assert_true(gw_static_etag_matches("W/\"abc\"", "\"abc\""));
    assert_true(gw_static_etag_matches("*", "\"abc\""));
    assert_false(gw_static_etag_matches("\"abcd\"", "\"abc\""));
    assert_false(gw_static_etag_matches(NULL, "\"abc\""));
}

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
}

static void test_get_serves_and_gzips(void **state)
{
    (void)state;
    char dir[] = "/tmp/gw-static-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], big[4096];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    snprintf(path, sizeof(path), "%s/index.html", dir);
    write_file(path, big);
    gw_static_t *s = gw_static_create(dir);
    gw_static_file_t f;
    assert_int_equal(gw_static_get(s, "/", false, &f), 0);
    assert_int_equal(f.len, strlen(big));
    assert_memory_equal(f.body, big, f.len);
    assert_false(f.gzipped);
    assert_string_equal(f.content_type, "text/html; charset=utf-8");
    char etag[40];
    strcpy(etag, f.etag);
    free(f.body);

    assert_int_equal(gw_static_get(s, "/index.html", true, &f), 0);
    assert_true(f.gzipped);
    assert_true(f.len < 200);
    assert_string_not_equal(f.etag, etag); /* each encoding has its own validator */
    char plain[4096];
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(inflateInit2(&z, 31), Z_OK);
    z.next_in = (Bytef *)f.body;
    z.avail_in = (uInt)f.len;
    z.next_out = (Bytef *)plain;
    z.avail_out = sizeof(plain);
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, strlen(big));
    inflateEnd(&z);
    free(f.body);

    /* a changed file gets a new ETag (content hash) */
    write_file(path, "<p>changed</p>");
    assert_int_equal(gw_static_get(s, "/", false, &f), 0);
    assert_string_equal(f.body[0] == '<' ? "ok" : "stale", "ok");
    assert_string_not_equal(f.etag, etag);
    free(f.body);

    assert_int_equal(gw_static_get(s, "/missing.js", false, &f), TC_ENOTFOUND);
    assert_int_equal(gw_static_get(s, "/../index.html", false, &f), TC_ENOTFOUND);
    gw_static_destroy(s);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_path),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_etag_matching),
        cmocka_unit_test(test_get_serves_and_gzips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
