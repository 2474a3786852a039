/*
 * threads_test.c — common.h's thread-safety promise for the core: functions
 * that take only const objects run concurrently on the same objects, and
 * independent objects (a new Russian calendar, a calendar loaded from XML)
 * are built concurrently without shared state. Every thread checks its
 * figures (docs/rules.md, Calendars and terms) and its own last error. Run under ASan and, where
 * available, ThreadSanitizer.
 */
#include "core_check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "clm/calendar.h"
#include "clm/money.h"
#include "clm/xml.h"

#define N_THREADS 4
#define ROUNDS 40

static const clm_calendar *shared_ru;
static char *ru_text;
static size_t ru_len;

typedef struct result {
    int failures;
    char first[256];
} result;

static void note(result *r, const char *what)
{
    if (r->failures++ == 0)
        snprintf(r->first, sizeof r->first, "%s (last error: %s)", what,
                 clm_error_last()->message);
}

static clm_date ymd(int y, int m, int d)
{
    clm_date out = 0;
    (void)clm_date_from_ymd(&out, y, m, d);
    return out;
}

static void *worker(void *p)
{
    result *r = p;
    const clm_date dec25 = ymd(2025, 12, 25), jan12 = ymd(2026, 1, 12);
    for (int i = 0; i < ROUNDS; i++) {
        clm_date out = 0;
        /* the shared const calendar */
        if (clm_term_end(&out, shared_ru, dec25, 7, CLM_TERM_DAYS) != 0 || out != jan12)
            note(r, "shared: 25 Dec 2025 + 7 days != 12 Jan 2026");
        int32_t n = 0;
        if (clm_calendar_count_working_days(&n, shared_ru, ymd(2025, 1, 1), ymd(2025, 12, 31)) != 0 ||
            n != 247)
            note(r, "shared: 2025 does not have 247 working days");
        /* a private built-in calendar */
        clm_calendar *mine = NULL;
        if (clm_calendar_new_ru(&mine) != 0) {
            note(r, "new_ru failed");
            continue;
        }
        if (clm_calendar_add_working_days(&out, mine, ymd(2025, 12, 30), 1) != 0 || out != jan12)
            note(r, "private: 30 Dec 2025 + 1 working day != 12 Jan 2026");
        clm_calendar_free(mine);
        /* a calendar parsed from XML */
        clm_calendar *loaded = NULL;
        if (clm_calendar_load_xml(&loaded, ru_text, ru_len, "ru.xml", NULL) != 0) {
            note(r, "load_xml failed");
            continue;
        }
        if (clm_calendar_count_working_days(&n, loaded, ymd(2026, 1, 1), ymd(2026, 12, 31)) != 0 ||
            n != 247)
            note(r, "loaded: 2026 does not have 247 working days");
        clm_calendar_free(loaded);
        /* a bad document: this thread's error, with its own line */
        const char *bad = "<calendar xmlns=\"urn:libclm:calendar:1\" name=\"x\">\n\n"
                          "<holiday date=\"2025-02-29\"/></calendar>";
        clm_calendar *none = NULL;
        if (clm_calendar_load_xml(&none, bad, strlen(bad), "bad.xml", NULL) != CLM_ESCHEMA ||
            clm_error_last()->line != 3 || strcmp(clm_error_last()->source, "bad.xml") != 0)
            note(r, "bad document: wrong code, line or source");
        /* money parsing and formatting share only constant tables */
        clm_money m;
        char buf[CLM_MONEY_FORMAT_MAX];
        if (clm_money_parse(&m, "-1234.56 RUB") != 0 ||
            clm_money_format(buf, sizeof buf, &m) < 0 || strcmp(buf, "-1234.56 RUB") != 0)
            note(r, "money round trip");
    }
    return NULL;
}

static void test_concurrent_calendars(void **state)
{
    (void)state;
    const char *root = getenv("CLM_SOURCE_ROOT");
    assert_non_null(root);
    char path[4096];
    snprintf(path, sizeof path, "%s/data/calendars/ru.xml", root);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    ru_text = malloc(1 << 20);
    assert_non_null(ru_text);
    ru_len = fread(ru_text, 1, (1 << 20) - 1, f);
    fclose(f);
    ru_text[ru_len] = '\0';

    clm_calendar *ru = NULL;
    CHECK_OK(clm_calendar_new_ru(&ru));
    shared_ru = ru;
    pthread_t t[N_THREADS];
    result res[N_THREADS];
    memset(res, 0, sizeof res);
    for (int i = 0; i < N_THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &res[i]), 0);
    for (int i = 0; i < N_THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < N_THREADS; i++)
        if (res[i].failures != 0)
            fail_msg("thread %d: %d failure(s), first: %s", i, res[i].failures, res[i].first);
    clm_calendar_free(ru);
    free(ru_text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_calendars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
