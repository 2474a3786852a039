/*
 * coverage_store_keys_test.c — prefix lookups of keys whose values hold
 * 3- and 4-byte UTF-8 characters, on the memory store and on SQLite (which
 * bounds a prefix range by the next code point after the prefix's last):
 * every shipped backend finds the same keys, a prefix ending in the last
 * code point (U+10FFFF) raises the one before it, and a prefix of nothing
 * but U+10FFFF has no upper bound. Also the name normaliser on such text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clm/clm.h"
#include "core_check.h"

#define MAXC "\xF4\x8F\xBF\xBF" /* U+10FFFF */

typedef struct found {
    char ids[16][16];
    int n;
} found;

static int collect(const char *id, const char *name, const char *value, void *payload)
{
    (void)name;
    (void)value;
    found *f = payload;
    if (f->n < 16)
        snprintf(f->ids[f->n++], sizeof f->ids[0], "%s", id);
    return 0;
}

static void put(clm_store *st, const char *id, const char *value)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = id;
    CHECK_OK(clm_store_put(NULL, st, &r));
    clm_record_key k = { "city", value };
    CHECK_OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, id, &k, 1));
}

/* The ids found by prefix `p`, joined by spaces. */
static void expect(clm_store *st, const char *p, const char *want)
{
    found f = { .n = 0 };
    CHECK_OK(clm_store_keys_find(st, CLM_RECORD_CLIENT, "city", p, CLM_KEY_PREFIX, collect, &f));
    char got[256] = "";
    for (int i = 0; i < f.n; i++) {
        if (i > 0)
            strcat(got, " ");
        strcat(got, f.ids[i]);
    }
    if (strcmp(got, want) != 0)
        fail_msg("prefix '%s': found '%s', expected '%s'", p, got, want);
}

static void walk(clm_store *st)
{
    put(st, "c1", "東京 Tokyo");          /* 3-byte characters */
    put(st, "c2", "東京都");
    put(st, "c3", "東亜");
    put(st, "c4", "a" MAXC "z");          /* 4-byte, the last code point */
    put(st, "c5", "b");
    put(st, "c6", MAXC MAXC);
    put(st, "c7", "\xF0\x9F\x98\x80 smile"); /* U+1F600 */
    put(st, "c8", "\xF0\x9F\x98\x81");       /* U+1F601 */
    expect(st, "東京", "c1 c2");
    expect(st, "東", "c3 c1 c2"); /* byte order of value: 亜 E4 BA 9C before 京 E4 BA AC */
    expect(st, "a" MAXC, "c4");
    expect(st, MAXC, "c6");
    expect(st, MAXC MAXC, "c6");
    expect(st, "\xF0\x9F\x98\x80", "c7");
}

static void test_memory(void **state)
{
    (void)state;
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    walk(st);
    clm_store_free(st);
}

static void test_sqlite(void **state)
{
    (void)state;
    char path[] = "/tmp/clm-keys-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    clm_store *st = NULL;
    int rc = clm_store_open_sqlite(&st, path, NULL);
    if (rc == CLM_ENOTSUP) {
        skip();
        return;
    }
    CHECK_RC(rc, 0);
    walk(st);
    clm_store_free(st);
    unlink(path);
}

static void test_name_normalize_wide(void **state)
{
    (void)state;
    char *n = NULL;
    CHECK_OK(clm_client_name_normalize(&n, "ООО «東京 Trading» \xF0\x9F\x98\x80"));
    assert_non_null(strstr(n, "東京"));
    assert_non_null(strstr(n, "\xF0\x9F\x98\x80"));
    assert_null(strstr(n, "ооо")); /* the legal form is dropped */
    clm_free(n);
    CHECK_FAIL(clm_client_phone_normalize(NULL, "+7 495 000-00-00"), CLM_EINVAL);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_name_normalize_wide),
    };
    return core_run("coverage_store_keys", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
