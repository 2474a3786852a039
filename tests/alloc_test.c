/*
 * alloc_test.c — the contract of alloc.h: a custom allocator receives every
 * allocation with its payload; a bad allocator (wrong version, a NULL
 * function) is refused and the previous one stays; NULL restores the C
 * library's.
 *
 * The counting allocator tracks every live block, so a block freed through
 * it that it never handed out (or handed out by someone else) fails.
 */
#include "core_check.h"

#include <stdio.h>
#include <stdlib.h>

#include "clm/alloc.h"
#include "clm/calendar.h"
#include "clm/xml.h"

#define MAX_LIVE 4096

typedef struct counter {
    long mallocs, reallocs, frees;
    long foreign_frees; /* blocks this allocator did not hand out */
    void *live[MAX_LIVE];
    size_t nlive;
} counter;

static void track(counter *c, void *p)
{
    if (c->nlive == MAX_LIVE)
        fail_msg("too many live blocks for the test allocator");
    c->live[c->nlive++] = p;
}

static int untrack(counter *c, void *p)
{
    for (size_t i = 0; i < c->nlive; i++)
        if (c->live[i] == p) {
            c->live[i] = c->live[--c->nlive];
            return 1;
        }
    return 0;
}

static void *c_malloc(size_t size, void *payload)
{
    counter *c = payload;
    assert_true(size > 0); /* libclm never asks for 0 bytes */
    c->mallocs++;
    void *p = malloc(size);
    if (p != NULL)
        track(c, p);
    return p;
}

static void *c_realloc(void *ptr, size_t size, void *payload)
{
    counter *c = payload;
    assert_non_null(ptr);
    assert_true(size > 0);
    c->reallocs++;
    if (!untrack(c, ptr))
        c->foreign_frees++;
    void *p = realloc(ptr, size);
    track(c, p != NULL ? p : ptr);
    return p;
}

static void c_free(void *ptr, void *payload)
{
    counter *c = payload;
    assert_non_null(ptr); /* libclm never frees NULL through the hook */
    c->frees++;
    if (!untrack(c, ptr))
        c->foreign_frees++;
    free(ptr);
}

static counter cnt_a, cnt_b;

static clm_allocator make(counter *c)
{
    clm_allocator a = CLM_ALLOCATOR_INIT;
    a.malloc_fn = c_malloc;
    a.realloc_fn = c_realloc;
    a.free_fn = c_free;
    a.payload = c;
    return a;
}

/* Builds and frees a calendar with enough days to grow its storage. */
static void exercise(void)
{
    clm_calendar *cal = NULL;
    CHECK_OK(clm_calendar_new(&cal, "alloc"));
    clm_date d0 = 0;
    CHECK_OK(clm_date_from_ymd(&d0, 2024, 1, 1));
    for (int i = 0; i < 50; i++)
        CHECK_OK(clm_calendar_add_day(cal, d0 + i, CLM_DAY_HOLIDAY, "a note"));
    clm_calendar *copy = NULL;
    CHECK_OK(clm_calendar_dup(&copy, cal));
    char *xml = NULL;
    CHECK_OK(clm_calendar_save_xml(&xml, NULL, copy));
    clm_free(xml);
    clm_calendar_free(copy);
    clm_calendar_free(cal);
    /* the built-in calendar and an XML file take other paths */
    CHECK_OK(clm_calendar_new_ru(&cal));
    clm_calendar_free(cal);
    const char *root = getenv("CLM_SOURCE_ROOT");
    assert_non_null(root);
    char path[4096];
    snprintf(path, sizeof path, "%s/data/calendars/ru.xml", root);
    CHECK_OK(clm_calendar_load_file(&cal, path, NULL));
    CHECK_OK(clm_calendar_save_xml(&xml, NULL, cal));
    clm_free(xml);
    clm_calendar_free(cal);
    /* failures record their last error, which may allocate */
    clm_date d;
    assert_int_equal(clm_date_parse(&d, "2025-02-30"), CLM_ERANGE);
    assert_int_equal(clm_calendar_load_file(&cal, "/nonexistent/x.xml", NULL), CLM_EIO);
}

static void test_init(void **state)
{
    (void)state;
    clm_allocator a;
    memset(&a, 0x5A, sizeof a);
    CHECK_OK(clm_allocator_init(&a));
    assert_int_equal(a.version, CLM_ALLOCATOR_VERSION);
    assert_null(a.malloc_fn);
    assert_null(a.realloc_fn);
    assert_null(a.free_fn);
    assert_null(a.payload);
    const clm_allocator init = CLM_ALLOCATOR_INIT;
    assert_int_equal(init.version, CLM_ALLOCATOR_VERSION);
    assert_null(init.malloc_fn);
    CHECK_FAIL(clm_allocator_init(NULL), CLM_EINVAL);
}

static void test_custom_allocator_is_used(void **state)
{
    (void)state;
    memset(&cnt_a, 0, sizeof cnt_a);
    clm_allocator a = make(&cnt_a);
    CHECK_OK(clm_allocator_set(&a));
    exercise();
    assert_true(cnt_a.mallocs > 0);
    /* everything handed out came back, through this allocator */
    assert_int_equal(cnt_a.nlive, 0);
    assert_int_equal(cnt_a.foreign_frees, 0);
    assert_int_equal(cnt_a.frees, cnt_a.mallocs);

    /* clm_malloc / clm_free go through it too */
    long before = cnt_a.mallocs;
    void *p = clm_malloc(24);
    assert_non_null(p);
    assert_int_equal(cnt_a.mallocs, before + 1);
    assert_int_equal(cnt_a.nlive, 1);
    clm_free(p);
    assert_int_equal(cnt_a.nlive, 0);
    assert_null(clm_malloc(0));
    assert_int_equal(cnt_a.mallocs, before + 1);
    long frees = cnt_a.frees;
    clm_free(NULL);
    assert_int_equal(cnt_a.frees, frees);

    /* the struct is copied: changing the caller's copy has no effect */
    a.payload = &cnt_b;
    memset(&cnt_b, 0, sizeof cnt_b);
    p = clm_malloc(8);
    clm_free(p);
    assert_int_equal(cnt_b.mallocs, 0);
    assert_int_equal(cnt_a.mallocs, before + 2);
    CHECK_OK(clm_allocator_set(NULL));
}

static void test_bad_allocator_keeps_previous(void **state)
{
    (void)state;
    memset(&cnt_a, 0, sizeof cnt_a);
    memset(&cnt_b, 0, sizeof cnt_b);
    clm_allocator a = make(&cnt_a);
    CHECK_OK(clm_allocator_set(&a));

    clm_allocator bad = make(&cnt_b);
    bad.version = CLM_ALLOCATOR_VERSION + 1;
    CHECK_FAIL(clm_allocator_set(&bad), CLM_EVERSION);
    bad.version = 0;
    CHECK_FAIL(clm_allocator_set(&bad), CLM_EVERSION);
    bad = make(&cnt_b);
    bad.malloc_fn = NULL;
    CHECK_FAIL(clm_allocator_set(&bad), CLM_EINVAL);
    bad = make(&cnt_b);
    bad.realloc_fn = NULL;
    CHECK_FAIL(clm_allocator_set(&bad), CLM_EINVAL);
    bad = make(&cnt_b);
    bad.free_fn = NULL;
    CHECK_FAIL(clm_allocator_set(&bad), CLM_EINVAL);

    /* still the first allocator */
    exercise();
    assert_true(cnt_a.mallocs > 0);
    assert_int_equal(cnt_a.nlive, 0);
    assert_int_equal(cnt_a.foreign_frees, 0);
    assert_int_equal(cnt_b.mallocs + cnt_b.reallocs + cnt_b.frees, 0);

    /* a valid second allocator replaces it */
    long a_calls = cnt_a.mallocs + cnt_a.reallocs + cnt_a.frees;
    clm_allocator b = make(&cnt_b);
    CHECK_OK(clm_allocator_set(&b));
    exercise();
    assert_true(cnt_b.mallocs > 0);
    assert_int_equal(cnt_b.nlive, 0);
    assert_int_equal(cnt_b.foreign_frees, 0);
    assert_int_equal(cnt_a.mallocs + cnt_a.reallocs + cnt_a.frees, a_calls);
    CHECK_OK(clm_allocator_set(NULL));
}

static void test_null_restores_default(void **state)
{
    (void)state;
    memset(&cnt_a, 0, sizeof cnt_a);
    clm_allocator a = make(&cnt_a);
    CHECK_OK(clm_allocator_set(&a));
    CHECK_OK(clm_allocator_set(NULL));
    exercise();
    void *p = clm_malloc(16);
    assert_non_null(p);
    clm_free(p);
    assert_int_equal(cnt_a.mallocs + cnt_a.reallocs + cnt_a.frees, 0);
}

/* A failing allocator: every allocation fails. */
static void *fail_malloc(size_t size, void *payload)
{
    (void)size;
    (*(long *)payload)++;
    return NULL;
}

static void *fail_realloc(void *ptr, size_t size, void *payload)
{
    (void)ptr;
    (void)size;
    (*(long *)payload)++;
    return NULL;
}

static void never_free(void *ptr, void *payload)
{
    (void)ptr;
    (void)payload;
    fail_msg("free called on an allocator that never allocated");
}

static void test_failing_allocator_gives_enomem(void **state)
{
    (void)state;
    long calls = 0;
    clm_allocator a = CLM_ALLOCATOR_INIT;
    a.malloc_fn = fail_malloc;
    a.realloc_fn = fail_realloc;
    a.free_fn = never_free;
    a.payload = &calls;
    CHECK_OK(clm_allocator_set(&a));
    clm_calendar *cal = NULL;
    int rc = clm_calendar_new(&cal, "x");
    const int code = clm_error_last()->code;
    CHECK_OK(clm_allocator_set(NULL));
    assert_int_equal(rc, CLM_ENOMEM);
    assert_int_equal(code, CLM_ENOMEM);
    assert_null(cal);
    assert_true(calls >= 1);
    CHECK_STR(clm_strerror(CLM_ENOMEM), "out of memory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_custom_allocator_is_used),
        cmocka_unit_test(test_bad_allocator_keeps_previous),
        cmocka_unit_test(test_null_restores_default),
        cmocka_unit_test(test_failing_allocator_gives_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
