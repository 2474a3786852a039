/*
 * error_test.c — the contract of error.h: stable codes, clm_strerror, and
 * the per-thread last error with its message, field, source and line.
 */
#include "core_check.h"

#include <limits.h>
#include <stdio.h>
#include <pthread.h>

#include "clm/actor.h"
#include "clm/calendar.h"
#include "clm/date.h"
#include "clm/money.h"
#include "clm/xml.h"

static void test_codes_are_stable(void **state)
{
    (void)state;
    /* values are ABI: bindings and stored logs depend on them */
    assert_int_equal(CLM_OK, 0);
    assert_int_equal(CLM_EINVAL, -1);
    assert_int_equal(CLM_ENOMEM, -2);
    assert_int_equal(CLM_EOVERFLOW, -3);
    assert_int_equal(CLM_ECURRENCY, -4);
    assert_int_equal(CLM_EPARSE, -5);
    assert_int_equal(CLM_ESCHEMA, -6);
    assert_int_equal(CLM_ERANGE, -7);
    assert_int_equal(CLM_ENOTFOUND, -8);
    assert_int_equal(CLM_EEXISTS, -9);
    assert_int_equal(CLM_ECONFLICT, -10);
    assert_int_equal(CLM_ESTATE, -11);
    assert_int_equal(CLM_EPERM, -12);
    assert_int_equal(CLM_EIO, -13);
    assert_int_equal(CLM_EVERSION, -14);
    assert_int_equal(CLM_ENOTSUP, -15);
    assert_int_equal(CLM_ELIMIT, -16);
    assert_int_equal(CLM_EBUFSIZE, -17);
    assert_int_equal(CLM_EBUSY, -18);
}

static void test_strerror(void **state)
{
    (void)state;
    const char *seen[19];
    for (int code = 0; code >= -18; code--) {
        const char *s = clm_strerror(code);
        if (s == NULL || s[0] == '\0')
            fail_msg("clm_strerror(%d) is empty", code);
        if (strcmp(s, "unknown error") == 0)
            fail_msg("clm_strerror(%d) does not know its own code", code);
        for (int k = 0; k < -code; k++)
            if (strcmp(seen[k], s) == 0)
                fail_msg("clm_strerror(%d) and clm_strerror(%d) are both \"%s\"", code, -k, s);
        seen[-code] = s;
        /* a static string: the same pointer every time */
        assert_ptr_equal(clm_strerror(code), s);
    }
    CHECK_STR(clm_strerror(CLM_ENOMEM), "out of memory");
    static const int unknown[] = {1, 2, -19, -100, INT_MIN, INT_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        CHECK_STR(clm_strerror(unknown[i]), "unknown error");
}

static void check_clear(const clm_error *e)
{
    assert_non_null(e);
    assert_int_equal(e->code, CLM_OK);
    assert_non_null(e->message);
    assert_non_null(e->field);
    assert_non_null(e->source);
    CHECK_STR(e->message, "");
    CHECK_STR(e->field, "");
    CHECK_STR(e->source, "");
    assert_int_equal(e->line, 0);
}

static void test_last_error_basics(void **state)
{
    (void)state;
    clm_error_clear();
    check_clear(clm_error_last());

    clm_date d = 0;
    assert_int_equal(clm_date_parse(&d, "2025-02-30"), CLM_ERANGE);
    const clm_error *e = clm_error_last();
    assert_int_equal(e->code, CLM_ERANGE);
    assert_true(e->message[0] != '\0');
    /* successful calls do not clear it */
    char saved[512];
    snprintf(saved, sizeof saved, "%s", e->message);
    CHECK_OK(clm_date_parse(&d, "2025-03-01"));
    clm_money m;
    CHECK_OK(clm_money_parse(&m, "1.00 RUB"));
    e = clm_error_last();
    assert_int_equal(e->code, CLM_ERANGE);
    CHECK_STR(e->message, saved);

    /* the next failure replaces it */
    assert_int_equal(clm_money_parse(&m, "1.5 JPY"), CLM_EPARSE);
    e = clm_error_last();
    assert_int_equal(e->code, CLM_EPARSE);
    if (strcmp(e->message, saved) == 0)
        fail_msg("the message was not replaced: %s", e->message);

    clm_error_clear();
    check_clear(clm_error_last());
}

static void test_parser_sets_field_line_source(void **state)
{
    (void)state;
    const char *xml =
        "<?xml version=\"1.0\"?>\n"
        "<calendar xmlns=\"urn:libclm:calendar:1\" name=\"E\">\n"
        "  <holiday date=\"2025-13-40\"/>\n"
        "</calendar>\n";
    clm_calendar *cal = NULL;
    clm_error_clear();
    assert_int_equal(clm_calendar_load_xml(&cal, xml, strlen(xml), "err.xml", NULL),
                     CLM_ESCHEMA);
    assert_null(cal);
    const clm_error *e = clm_error_last();
    assert_int_equal(e->code, CLM_ESCHEMA);
    assert_int_equal(e->line, 3);
    CHECK_STR(e->source, "err.xml");
    if (strcmp(e->field, "date") != 0 && strcmp(e->field, "holiday") != 0)
        fail_msg("field \"%s\" names neither the attribute nor the element", e->field);
    assert_non_null(strstr(e->message, "2025-13-40"));

    /* a later failure without a location resets the location */
    clm_actor a = {"u", "", 0};
    assert_int_equal(clm_actor_check(&a), CLM_EINVAL);
    e = clm_error_last();
    assert_int_equal(e->code, CLM_EINVAL);
    assert_int_equal(e->line, 0);
    CHECK_STR(e->source, "");
    CHECK_STR(e->field, "role");

    /* source defaults to "<memory>" */
    assert_int_equal(clm_calendar_load_xml(&cal, xml, strlen(xml), NULL, NULL), CLM_ESCHEMA);
    CHECK_STR(clm_error_last()->source, "<memory>");
    assert_int_equal(clm_error_last()->line, 3);
}

/* ---- threads ---------------------------------------------------------------- */

typedef struct thread_result {
    int saw_code_at_start;
    int own_code;
    int own_after_loop;
    int mismatches;
} thread_result;

static void *second_thread(void *p)
{
    thread_result *r = p;
    r->saw_code_at_start = clm_error_last()->code;
    clm_date d;
    r->own_code = clm_date_from_ymd(&d, 2025, 2, 29); /* CLM_ERANGE */
    r->own_after_loop = clm_error_last()->code;
    return NULL;
}

static void test_second_thread_does_not_see_first(void **state)
{
    (void)state;
    clm_money m;
    assert_int_equal(clm_money_parse(&m, "1,5 RUB"), CLM_EPARSE);
    char mine[512];
    snprintf(mine, sizeof mine, "%s", clm_error_last()->message);

    thread_result r = {-99, -99, -99, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, second_thread, &r), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(r.saw_code_at_start, CLM_OK);
    assert_int_equal(r.own_code, CLM_ERANGE);
    assert_int_equal(r.own_after_loop, CLM_ERANGE);
    /* this thread still has its own error */
    assert_int_equal(clm_error_last()->code, CLM_EPARSE);
    CHECK_STR(clm_error_last()->message, mine);
}

typedef struct racer {
    int which;
    int mismatches;
} racer;

static void *race(void *p)
{
    racer *r = p;
    for (int i = 0; i < 20000; i++) {
        int want;
        if (r->which == 0) {
            clm_date d;
            want = clm_date_parse(&d, "2025-2-01");           /* EPARSE */
        } else if (r->which == 1) {
            clm_money m;
            want = clm_money_parse(&m, "1.00 XYZ");           /* ECURRENCY */
        } else {
            clm_date d;
            want = clm_date_from_ymd(&d, 2025, 13, 1);        /* ERANGE */
        }
        const clm_error *e = clm_error_last();
        if (e->code != want || e->message[0] == '\0')
            r->mismatches++;
        if (i % 100 == 0)
            clm_error_clear();
        if (i % 100 == 0 && clm_error_last()->code != CLM_OK)
            r->mismatches++;
    }
    return NULL;
}

static void test_threads_race(void **state)
{
    (void)state;
    racer r[3] = {{0, 0}, {1, 0}, {2, 0}};
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(r[i].mismatches, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_are_stable),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_last_error_basics),
        cmocka_unit_test(test_parser_sets_field_line_source),
        cmocka_unit_test(test_second_thread_does_not_see_first),
        cmocka_unit_test(test_threads_race),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
