/*
 * calendar_test.c — the contract of calendar.h: working days, coverage,
 * legal terms (Civil Code art. 191-193), and the built-in Russian
 * production calendar for 2024, 2025 and 2026.
 *
 * Figures: docs/rules.md, "Calendars and terms". The Russian days below are
 * typed in by hand from Labour Code art. 112 and the Government decrees on
 * the transfer of days off (No. 1314 of 10.08.2023 for 2024, No. 1335 of
 * 04.10.2024 for 2025, No. 1466 of 24.09.2025 for 2026), independently of
 * data/calendars/ru.xml; each year's count of working days is the figure
 * published with that year's calendar (248, 247, 247), and every deadline
 * is derived from the list by hand (the derivation is in the comment next
 * to it).
 */
#include "core_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "clm/calendar.h"
#include "oom.h"

static clm_date D(int y, int m, int d)
{
    clm_date out = 0;
    if (clm_date_from_ymd(&out, y, m, d) != 0)
        fail_msg("bad test date %04d-%02d-%02d", y, m, d);
    return out;
}

static const char *fmt(clm_date d, char buf[CLM_DATE_FORMAT_MAX])
{
    if (clm_date_format(buf, CLM_DATE_FORMAT_MAX, d) != 10)
        snprintf(buf, CLM_DATE_FORMAT_MAX, "#%" PRId32, d);
    return buf;
}

#define CHECK_DATE(actual, y, m, d)                                             \
    do {                                                                        \
        clm_date check_got_ = (actual);                                         \
        clm_date check_want_ = D((y), (m), (d));                                \
        if (check_got_ != check_want_) {                                        \
            char b1_[CLM_DATE_FORMAT_MAX], b2_[CLM_DATE_FORMAT_MAX];            \
            fail_msg("%s = %s, expected %s", #actual, fmt(check_got_, b1_),     \
                     fmt(check_want_, b2_));                                    \
        }                                                                       \
    } while (0)

/* A term's end, failing the test if the call fails. */
static clm_date term(const clm_calendar *cal, clm_date event, int32_t n, clm_term_unit unit)
{
    clm_date out = 0;
    if (clm_term_end(&out, cal, event, n, unit) != 0)
        fail_msg("term_end(+%d, unit %d) failed: %s", n, unit, clm_error_last()->message);
    return out;
}

static int working(const clm_calendar *cal, clm_date d)
{
    int w = -1;
    if (clm_calendar_is_working(&w, cal, d) != 0) {
        char b[CLM_DATE_FORMAT_MAX];
        fail_msg("is_working(%s) failed: %s", fmt(d, b), clm_error_last()->message);
    }
    return w;
}

/* ---- snapshots: "a failed call changes nothing" --------------------------- */

typedef struct snap {
    char name[64];
    unsigned weekend;
    int has_cov;
    clm_date first, last;
    size_t n;
    clm_date days[64];
    clm_day_kind kinds[64];
    char notes[64][48];
} snap;

static void take(snap *s, const clm_calendar *cal)
{
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", clm_calendar_name(cal));
    s->weekend = clm_calendar_weekend(cal);
    s->first = s->last = -1;
    s->has_cov = clm_calendar_coverage(cal, &s->first, &s->last);
    s->n = clm_calendar_day_count(cal);
    assert_true(s->n <= 64);
    for (size_t i = 0; i < s->n; i++) {
        const char *note = NULL;
        CHECK_OK(clm_calendar_day_at(&s->days[i], &s->kinds[i], &note, cal, i));
        snprintf(s->notes[i], sizeof s->notes[i], "%s", note != NULL ? note : "(null)");
    }
}

static bool same(const snap *a, const snap *b)
{
    if (strcmp(a->name, b->name) != 0 || a->weekend != b->weekend ||
        a->has_cov != b->has_cov || a->n != b->n)
        return false;
    if (a->has_cov && (a->first != b->first || a->last != b->last))
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (a->days[i] != b->days[i] || a->kinds[i] != b->kinds[i] ||
            strcmp(a->notes[i], b->notes[i]) != 0)
            return false;
    return true;
}

static void check_unchanged(const snap *before, const clm_calendar *cal, const char *what)
{
    snap after;
    take(&after, cal);
    if (!same(before, &after))
        fail_msg("the calendar changed after a failed %s", what);
}

/* ---- a hand-built 2024 calendar: only 8 March 2024 a holiday ------------- */

static clm_calendar *cal2024(void)
{
    clm_calendar *cal = NULL;
    CHECK_OK(clm_calendar_new(&cal, "2024"));
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 3, 8), CLM_DAY_HOLIDAY,
                                  "International Women's Day"));
    return cal;
}

static void test_new_defaults(void **state)
{
    (void)state;
    clm_calendar *cal = NULL;
    CHECK_OK(clm_calendar_new(&cal, "test"));
    assert_non_null(cal);
    CHECK_STR(clm_calendar_name(cal), "test");
    assert_int_equal(clm_calendar_weekend(cal), CLM_WEEKEND_SAT_SUN);
    assert_int_equal(clm_calendar_weekend(cal), 0x60u);
    clm_date f = 11, l = 22;
    assert_int_equal(clm_calendar_coverage(cal, &f, &l), 0);
    CHECK_I64(f, 11);
    CHECK_I64(l, 22);
    assert_int_equal(clm_calendar_day_count(cal), 0);
    /* without a declared coverage every date is trusted */
    assert_int_equal(working(cal, D(1, 1, 1)), 1);      /* a Monday */
    assert_int_equal(working(cal, D(9999, 12, 31)), 1); /* a Friday */
    clm_calendar_free(cal);

    cal = NULL;
    CHECK_OK(clm_calendar_new(&cal, NULL));
    CHECK_STR(clm_calendar_name(cal), "");
    clm_calendar_free(cal);

    /* the name is copied */
    char name[8] = "RU";
    CHECK_OK(clm_calendar_new(&cal, name));
    name[0] = 'X';
    CHECK_STR(clm_calendar_name(cal), "RU");
    clm_calendar_free(cal);

    CHECK_FAIL(clm_calendar_new(NULL, "x"), CLM_EINVAL);
    clm_calendar_free(NULL);
}

static void test_civil_code_vectors_2024(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    const clm_date claim = D(2024, 3, 4);
    assert_int_equal(clm_date_weekday(claim), CLM_MONDAY);
    /* art. 191: the term starts the day after the event */
    CHECK_DATE(term(cal, claim, 7, CLM_TERM_DAYS), 2024, 3, 11);
    CHECK_DATE(term(cal, claim, 10, CLM_TERM_DAYS), 2024, 3, 14);
    /* 24 March is a Sunday; art. 193 moves it to Monday 25 March */
    CHECK_DATE(term(cal, claim, 20, CLM_TERM_DAYS), 2024, 3, 25);
    CHECK_DATE(term(cal, claim, 30, CLM_TERM_DAYS), 2024, 4, 3);
    CHECK_DATE(term(cal, claim, 45, CLM_TERM_DAYS), 2024, 4, 18);
    /* 1 March + 7 = 8 March, a holiday; 9-10 March the weekend */
    CHECK_DATE(term(cal, D(2024, 3, 1), 7, CLM_TERM_DAYS), 2024, 3, 11);
    /* 0 days: the event day itself, rolled forward if it is off */
    CHECK_DATE(term(cal, D(2024, 3, 6), 0, CLM_TERM_DAYS), 2024, 3, 6);
    CHECK_DATE(term(cal, D(2024, 3, 9), 0, CLM_TERM_DAYS), 2024, 3, 11);
    /* the same calendar without the holiday ends on 8 March */
    clm_calendar *plain = NULL;
    CHECK_OK(clm_calendar_new(&plain, "plain"));
    CHECK_DATE(term(plain, D(2024, 3, 1), 7, CLM_TERM_DAYS), 2024, 3, 8);
    clm_calendar_free(plain);
    clm_calendar_free(cal);
}

static void test_term_months(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    /* art. 192 p. 3: 31 Jan + 1 month = 29 Feb 2024 (Thursday) */
    CHECK_DATE(term(cal, D(2024, 1, 31), 1, CLM_TERM_MONTHS), 2024, 2, 29);
    /* 31 Mar + 1 month = 30 Apr 2024 (Tuesday) */
    CHECK_DATE(term(cal, D(2024, 3, 31), 1, CLM_TERM_MONTHS), 2024, 4, 30);
    /* 8 Feb + 1 month = 8 Mar, the holiday; 9-10 weekend -> 11 Mar */
    CHECK_DATE(term(cal, D(2024, 2, 8), 1, CLM_TERM_MONTHS), 2024, 3, 11);
    /* 30 Sep 2023 + 6 months = 30 Mar 2024, a Saturday -> Mon 1 Apr */
    CHECK_DATE(term(cal, D(2023, 9, 30), 6, CLM_TERM_MONTHS), 2024, 4, 1);
    /* 31 Jan 2025 + 1 month = 28 Feb 2025 (Friday) */
    CHECK_DATE(term(cal, D(2025, 1, 31), 1, CLM_TERM_MONTHS), 2025, 2, 28);
    /* 12 months from 29 Feb 2024 = 28 Feb 2025 */
    CHECK_DATE(term(cal, D(2024, 2, 29), 12, CLM_TERM_MONTHS), 2025, 2, 28);
    clm_calendar_free(cal);
}

static void test_working_days(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    clm_date out = 0;
    /* from Fri 1 Mar: 4, 5, 6, 7, (8 holiday, 9-10 weekend) 11 */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 1), 5));
    CHECK_DATE(out, 2024, 3, 11);
    CHECK_DATE(term(cal, D(2024, 3, 1), 5, CLM_TERM_WORKING_DAYS), 2024, 3, 11);
    /* calendar.h's example: 5 working days after a Friday is the next Friday */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 15), 5));
    CHECK_DATE(out, 2024, 3, 22);
    /* from Mon 4 Mar: 5, 6, 7, 11, 12 */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 4), 5));
    CHECK_DATE(out, 2024, 3, 12);
    /* the day itself never counts, even when it is off */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 9), 1));
    CHECK_DATE(out, 2024, 3, 11);
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 7), 1));
    CHECK_DATE(out, 2024, 3, 11);
    /* n = 0: the day rolled forward */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 8), 0));
    CHECK_DATE(out, 2024, 3, 11);
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 6), 0));
    CHECK_DATE(out, 2024, 3, 6);
    /* 20 working days from Fri 1 Mar 2024: March has 21 weekdays, 8 Mar off,
     * so 4..29 Mar hold 19 working days; the 20th is Mon 1 Apr */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 1), 20));
    CHECK_DATE(out, 2024, 4, 1);
    CHECK_DATE(term(cal, D(2024, 3, 1), 20, CLM_TERM_WORKING_DAYS), 2024, 4, 1);

    /* far ahead: 1 000 000 working days are 200 000 weeks of five, so from a
     * Monday they end on a Monday 1 400 000 days later on a plain calendar,
     * and one working day later (a Tuesday) with 8 March 2024 off */
    clm_calendar *plain = NULL;
    CHECK_OK(clm_calendar_new(&plain, NULL));
    CHECK_OK(clm_calendar_add_working_days(&out, plain, D(2024, 3, 4), 1000000));
    CHECK_I64(out, D(2024, 3, 4) + 1400000);
    assert_int_equal(clm_date_weekday(out), CLM_MONDAY);
    clm_calendar_free(plain);
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 4), 1000000));
    CHECK_I64(out, D(2024, 3, 4) + 1400001);
    /* ... and from Saturday 2 March the first working day is Monday 4 */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 2), 1000001));
    CHECK_I64(out, D(2024, 3, 4) + 1400001);

    out = 5;
    CHECK_FAIL(clm_calendar_add_working_days(&out, cal, D(2024, 3, 1), -1), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_add_working_days(&out, NULL, D(2024, 3, 1), 1), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_add_working_days(NULL, cal, D(2024, 3, 1), 1), CLM_EINVAL);
    /* running off the end of valid dates */
    CHECK_FAIL(clm_calendar_add_working_days(&out, cal, CLM_DATE_MAX, 1), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_add_working_days(&out, cal, CLM_DATE_MAX + 1, 0), CLM_ERANGE);
    CHECK_I64(out, 5);

    /* roll forward */
    CHECK_OK(clm_calendar_roll_forward(&out, cal, D(2024, 3, 8)));
    CHECK_DATE(out, 2024, 3, 11);
    CHECK_OK(clm_calendar_roll_forward(&out, cal, D(2024, 3, 10)));
    CHECK_DATE(out, 2024, 3, 11);
    CHECK_OK(clm_calendar_roll_forward(&out, cal, D(2024, 3, 7)));
    CHECK_DATE(out, 2024, 3, 7);
    out = 5;
    CHECK_FAIL(clm_calendar_roll_forward(&out, NULL, 0), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_roll_forward(NULL, cal, 0), CLM_EINVAL);
    /* 9999-12-31 is a Friday; make it a holiday: nothing after it */
    CHECK_OK(clm_calendar_add_day(cal, CLM_DATE_MAX, CLM_DAY_HOLIDAY, NULL));
    CHECK_FAIL(clm_calendar_roll_forward(&out, cal, CLM_DATE_MAX), CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, CLM_DATE_MAX - 1, 1, CLM_TERM_DAYS), CLM_ERANGE);
    CHECK_I64(out, 5);

    int w = 7;
    CHECK_FAIL(clm_calendar_is_working(&w, cal, CLM_DATE_MAX + 1), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_is_working(&w, NULL, 0), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_is_working(NULL, cal, 0), CLM_EINVAL);
    assert_int_equal(w, 7);
    clm_calendar_free(cal);
}

static void test_is_working(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    assert_int_equal(working(cal, D(2024, 3, 7)), 1);  /* Thursday */
    assert_int_equal(working(cal, D(2024, 3, 8)), 0);  /* holiday */
    assert_int_equal(working(cal, D(2024, 3, 9)), 0);  /* Saturday */
    assert_int_equal(working(cal, D(2024, 3, 10)), 0); /* Sunday */
    assert_int_equal(working(cal, D(2024, 3, 11)), 1); /* Monday */
    assert_int_equal(working(cal, D(2023, 3, 8)), 1);  /* a holiday is dated, not yearly */
    clm_calendar_free(cal);
}

static void test_transferred_working_saturday(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    /* Saturday 27 April 2024 was a working day in Russia (decree No. 1496
     * of 10.08.2023); here it stands for any transferred working day */
    const clm_date sat = D(2024, 4, 27);
    assert_int_equal(clm_date_weekday(sat), CLM_SATURDAY);
    assert_int_equal(working(cal, sat), 0);
    CHECK_OK(clm_calendar_add_day(cal, sat, CLM_DAY_WORKING, "working Saturday"));
    assert_int_equal(working(cal, sat), 1);
    assert_int_equal(working(cal, D(2024, 4, 28)), 0);
    clm_date out = 0;
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 4, 26), 1));
    CHECK_DATE(out, 2024, 4, 27);
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 4, 26), 2));
    CHECK_DATE(out, 2024, 4, 29);
    /* 19 Apr + 8 days = Sat 27 Apr, a working day: the term ends there */
    CHECK_DATE(term(cal, D(2024, 4, 19), 8, CLM_TERM_DAYS), 2024, 4, 27);
    CHECK_OK(clm_calendar_roll_forward(&out, cal, sat));
    CHECK_DATE(out, 2024, 4, 27);
    int32_t n = 0;
    /* 22-26 April (5) + Saturday 27 */
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 4, 22), D(2024, 4, 28)));
    assert_int_equal(n, 6);
    clm_calendar_free(cal);
}

static void test_count_working_days(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    int32_t n = -1;
    /* March 2024: 21 weekdays, less 8 March */
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 3, 1), D(2024, 3, 31)));
    assert_int_equal(n, 20);
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 3, 8), D(2024, 3, 8)));
    assert_int_equal(n, 0);
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 3, 11), D(2024, 3, 11)));
    assert_int_equal(n, 1);
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 3, 11), D(2024, 3, 10)));
    assert_int_equal(n, 0);
    /* 2024 is a leap year starting on Monday: 366 days = 52 weeks + Mon, Tue;
     * 262 weekdays, less 8 March */
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 1, 1), D(2024, 12, 31)));
    assert_int_equal(n, 261);
    /* the whole valid range on a plain calendar: 3652059 days from a Monday
     * = 521722 weeks + 5 days (Mon-Fri): 521722 * 5 + 5 */
    clm_calendar *plain = NULL;
    CHECK_OK(clm_calendar_new(&plain, NULL));
    CHECK_OK(clm_calendar_count_working_days(&n, plain, CLM_DATE_MIN, CLM_DATE_MAX));
    assert_int_equal(n, 521722 * 5 + 5);
    clm_calendar_free(plain);
    n = -1;
    CHECK_FAIL(clm_calendar_count_working_days(&n, cal, CLM_DATE_MIN - 1, 0), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_count_working_days(&n, NULL, 0, 1), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_count_working_days(NULL, cal, 0, 1), CLM_EINVAL);
    assert_int_equal(n, -1);
    clm_calendar_free(cal);
}

static void test_friday_weekend(void **state)
{
    (void)state;
    /* Iran: Friday is the weekly day off */
    clm_calendar *cal = NULL;
    CHECK_OK(clm_calendar_new(&cal, "IR"));
    CHECK_OK(clm_calendar_set_weekend(cal, CLM_WEEKEND_FRI));
    assert_int_equal(clm_calendar_weekend(cal), 0x10u);
    assert_int_equal(working(cal, D(2024, 3, 8)), 0);  /* Friday */
    assert_int_equal(working(cal, D(2024, 3, 9)), 1);  /* Saturday */
    assert_int_equal(working(cal, D(2024, 3, 10)), 1); /* Sunday */
    clm_date out = 0;
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 7), 1));
    CHECK_DATE(out, 2024, 3, 9);
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 3, 7), 6));
    CHECK_DATE(out, 2024, 3, 14);
    /* 29 Feb 2024 + 8 days = Fri 8 Mar -> Sat 9 Mar */
    CHECK_DATE(term(cal, D(2024, 2, 29), 8, CLM_TERM_DAYS), 2024, 3, 9);
    int32_t n = 0;
    /* March 2024 has five Fridays (1, 8, 15, 22, 29) */
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 3, 1), D(2024, 3, 31)));
    assert_int_equal(n, 26);
    /* no weekend at all is allowed; all seven days off is not */
    CHECK_OK(clm_calendar_set_weekend(cal, 0));
    assert_int_equal(working(cal, D(2024, 3, 8)), 1);
    snap before;
    take(&before, cal);
    CHECK_FAIL(clm_calendar_set_weekend(cal, 0x7Fu), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_set_weekend(cal, 0x80u), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_set_weekend(cal, 0x61u | 0x100u), CLM_EINVAL);
    check_unchanged(&before, cal, "set_weekend");
    CHECK_FAIL(clm_calendar_set_weekend(NULL, CLM_WEEKEND_FRI), CLM_EINVAL);
    clm_calendar_free(cal);
}

static void test_coverage(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    CHECK_OK(clm_calendar_set_coverage(cal, D(2024, 1, 1), D(2024, 12, 31)));
    clm_date f = 0, l = 0;
    assert_int_equal(clm_calendar_coverage(cal, &f, &l), 1);
    CHECK_DATE(f, 2024, 1, 1);
    CHECK_DATE(l, 2024, 12, 31);
    assert_int_equal(clm_calendar_coverage(cal, NULL, &l), 1);
    assert_int_equal(clm_calendar_coverage(cal, NULL, NULL), 1);

    int w = 9;
    clm_date out = 9;
    int32_t n = 9;
    CHECK_FAIL(clm_calendar_is_working(&w, cal, D(2025, 1, 1)), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_is_working(&w, cal, D(2023, 12, 31)), CLM_ERANGE);
    assert_int_equal(w, 9);
    assert_int_equal(working(cal, D(2024, 1, 1)), 1);
    assert_int_equal(working(cal, D(2024, 12, 31)), 1);

    /* a day outside the coverage is rejected */
    snap before;
    take(&before, cal);
    CHECK_FAIL(clm_calendar_add_day(cal, D(2025, 1, 1), CLM_DAY_HOLIDAY, "x"), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_add_day(cal, D(2023, 12, 31), CLM_DAY_HOLIDAY, "x"), CLM_ERANGE);
    check_unchanged(&before, cal, "add_day outside coverage");

    /* 20 Dec + 30 days = 19 Jan 2025: unknown */
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 12, 20), 30, CLM_TERM_DAYS), CLM_ERANGE);
    /* 24 Dec + 7 = Tue 31 Dec, a working day inside: fine */
    CHECK_DATE(term(cal, D(2024, 12, 24), 7, CLM_TERM_DAYS), 2024, 12, 31);
    /* 27 Dec 2024 (Fri) + 1 working day = Mon 30 Dec; + 3 would be 2025 */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2024, 12, 27), 1));
    CHECK_DATE(out, 2024, 12, 30);
    out = 9;
    CHECK_FAIL(clm_calendar_add_working_days(&out, cal, D(2024, 12, 27), 3), CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 12, 27), 3, CLM_TERM_WORKING_DAYS), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_count_working_days(&n, cal, D(2024, 12, 1), D(2025, 1, 31)),
               CLM_ERANGE);
    CHECK_FAIL(clm_calendar_count_working_days(&n, cal, D(2023, 12, 1), D(2024, 1, 31)),
               CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 11, 30), 2, CLM_TERM_MONTHS), CLM_ERANGE);
    assert_int_equal(n, 9);
    CHECK_I64(out, 9);

    /* with 31 Dec a holiday, a term ending on it needs 2025: unknown */
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 12, 31), CLM_DAY_HOLIDAY, "New Year's Eve"));
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 12, 24), 7, CLM_TERM_DAYS), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_roll_forward(&out, cal, D(2024, 12, 31)), CLM_ERANGE);
    CHECK_I64(out, 9);

    /* coverage that would leave an exception outside it is refused */
    take(&before, cal);
    CHECK_FAIL(clm_calendar_set_coverage(cal, D(2024, 4, 1), D(2024, 12, 31)), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_set_coverage(cal, D(2024, 1, 1), D(2024, 12, 30)), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_set_coverage(cal, D(2024, 12, 31), D(2024, 1, 1)), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_set_coverage(cal, D(2024, 1, 1), CLM_DATE_MAX + 1), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_set_coverage(cal, CLM_DATE_MIN - 1, D(2024, 12, 31)), CLM_ERANGE);
    check_unchanged(&before, cal, "set_coverage");
    CHECK_FAIL(clm_calendar_set_coverage(NULL, 0, 1), CLM_EINVAL);

    /* widening is fine, and a one-day coverage is allowed */
    CHECK_OK(clm_calendar_set_coverage(cal, D(2020, 1, 1), D(2030, 12, 31)));
    assert_int_equal(working(cal, D(2025, 1, 1)), 1);
    clm_calendar *one = NULL;
    CHECK_OK(clm_calendar_new(&one, NULL));
    CHECK_OK(clm_calendar_set_coverage(one, D(2024, 3, 4), D(2024, 3, 4)));
    assert_int_equal(working(one, D(2024, 3, 4)), 1);
    CHECK_FAIL(clm_calendar_is_working(&w, one, D(2024, 3, 5)), CLM_ERANGE);
    clm_calendar_free(one);
    clm_calendar_free(cal);
}

static void test_add_day_errors_and_order(void **state)
{
    (void)state;
    clm_calendar *cal = NULL;
    CHECK_OK(clm_calendar_new(&cal, "order"));
    /* added out of order, listed in date order */
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 5, 9), CLM_DAY_HOLIDAY, "Victory Day"));
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 1, 1), CLM_DAY_HOLIDAY, "New Year"));
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 4, 27), CLM_DAY_WORKING, NULL));
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 3, 8), CLM_DAY_HOLIDAY, "8 March"));
    assert_int_equal(clm_calendar_day_count(cal), 4);
    static const int want[4][3] = {{2024, 1, 1}, {2024, 3, 8}, {2024, 4, 27}, {2024, 5, 9}};
    static const clm_day_kind kinds[4] = {CLM_DAY_HOLIDAY, CLM_DAY_HOLIDAY, CLM_DAY_WORKING,
                                          CLM_DAY_HOLIDAY};
    for (size_t i = 0; i < 4; i++) {
        clm_date d = 0;
        clm_day_kind k = 0;
        const char *note = "unset";
        CHECK_OK(clm_calendar_day_at(&d, &k, &note, cal, i));
        CHECK_DATE(d, want[i][0], want[i][1], want[i][2]);
        assert_int_equal(k, kinds[i]);
        if (i == 0)
            CHECK_STR(note, "New Year");
        if (i == 3)
            CHECK_STR(note, "Victory Day");
        CHECK_OK(clm_calendar_day_at(NULL, NULL, NULL, cal, i));
    }
    clm_date d = 3;
    CHECK_FAIL(clm_calendar_day_at(&d, NULL, NULL, cal, 4), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_day_at(&d, NULL, NULL, cal, SIZE_MAX), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_day_at(&d, NULL, NULL, NULL, 0), CLM_EINVAL);
    CHECK_I64(d, 3);

    /* the note is copied */
    char note[16] = "copied";
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 6, 12), CLM_DAY_HOLIDAY, note));
    memset(note, 'Z', sizeof note - 1);
    const char *got = NULL;
    CHECK_OK(clm_calendar_day_at(NULL, NULL, &got, cal, 4));
    CHECK_STR(got, "copied");

    snap before;
    take(&before, cal);
    /* EEXISTS for the same date, whatever the kind */
    CHECK_FAIL(clm_calendar_add_day(cal, D(2024, 3, 8), CLM_DAY_HOLIDAY, "again"), CLM_EEXISTS);
    CHECK_FAIL(clm_calendar_add_day(cal, D(2024, 3, 8), CLM_DAY_WORKING, NULL), CLM_EEXISTS);
    CHECK_FAIL(clm_calendar_add_day(cal, D(2024, 4, 27), CLM_DAY_WORKING, NULL), CLM_EEXISTS);
    CHECK_FAIL(clm_calendar_add_day(cal, D(2024, 7, 1), (clm_day_kind)0, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_add_day(cal, D(2024, 7, 1), (clm_day_kind)3, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_calendar_add_day(cal, CLM_DATE_MAX + 1, CLM_DAY_HOLIDAY, NULL), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_add_day(cal, CLM_DATE_MIN - 1, CLM_DAY_HOLIDAY, NULL), CLM_ERANGE);
    check_unchanged(&before, cal, "add_day");
    CHECK_FAIL(clm_calendar_add_day(NULL, D(2024, 7, 1), CLM_DAY_HOLIDAY, NULL), CLM_EINVAL);
    clm_calendar_free(cal);
}

static void test_term_errors(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    clm_date out = 17;
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 3, 4), -1, CLM_TERM_DAYS), CLM_EINVAL);
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 3, 4), 1, (clm_term_unit)0), CLM_EINVAL);
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 3, 4), 1, (clm_term_unit)4), CLM_EINVAL);
    CHECK_FAIL(clm_term_end(&out, NULL, D(2024, 3, 4), 1, CLM_TERM_DAYS), CLM_EINVAL);
    CHECK_FAIL(clm_term_end(NULL, cal, D(2024, 3, 4), 1, CLM_TERM_DAYS), CLM_EINVAL);
    /* beyond 9999-12-31 */
    CHECK_FAIL(clm_term_end(&out, cal, D(9999, 12, 1), 31, CLM_TERM_DAYS), CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 3, 4), INT32_MAX, CLM_TERM_DAYS), CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, D(9999, 12, 1), 1, CLM_TERM_MONTHS), CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, D(2024, 3, 4), INT32_MAX, CLM_TERM_MONTHS), CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, CLM_DATE_MAX + 1, 0, CLM_TERM_DAYS), CLM_ERANGE);
    CHECK_I64(out, 17);
    clm_calendar_free(cal);
}

static void test_dup_is_deep(void **state)
{
    (void)state;
    clm_calendar *cal = cal2024();
    CHECK_OK(clm_calendar_set_weekend(cal, CLM_WEEKEND_FRI));
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 4, 27), CLM_DAY_WORKING, "note two"));
    CHECK_OK(clm_calendar_set_coverage(cal, D(2024, 1, 1), D(2024, 12, 31)));
    snap orig;
    take(&orig, cal);
    clm_calendar *copy = NULL;
    CHECK_OK(clm_calendar_dup(&copy, cal));
    assert_ptr_not_equal(copy, cal);
    snap c;
    take(&c, copy);
    assert_true(same(&orig, &c));
    /* changing the copy leaves the original alone, and the other way round */
    CHECK_OK(clm_calendar_add_day(copy, D(2024, 6, 12), CLM_DAY_HOLIDAY, "Russia Day"));
    CHECK_OK(clm_calendar_set_weekend(copy, CLM_WEEKEND_SAT_SUN));
    check_unchanged(&orig, cal, "(not failed) change of the copy");
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 11, 4), CLM_DAY_HOLIDAY, "Unity Day"));
    assert_int_equal(clm_calendar_day_count(copy), 3);
    /* the copy outlives the original: names and notes are its own */
    clm_calendar_free(cal);
    CHECK_STR(clm_calendar_name(copy), "2024");
    const char *note = NULL;
    CHECK_OK(clm_calendar_day_at(NULL, NULL, &note, copy, 0));
    CHECK_STR(note, "International Women's Day");
    CHECK_OK(clm_calendar_day_at(NULL, NULL, &note, copy, 1));
    CHECK_STR(note, "note two");
    clm_calendar_free(copy);

    static char marker;
    copy = (clm_calendar *)(void *)&marker;
    CHECK_FAIL(clm_calendar_dup(&copy, NULL), CLM_EINVAL);
    assert_ptr_equal(copy, (clm_calendar *)(void *)&marker);
}

/* ---- OOM walks ---------------------------------------------------------------- */

typedef struct oom_state {
    clm_calendar *cal;
    clm_calendar *out;
    snap before;
} oom_state;

static void *oom_setup_empty(void)
{
    oom_state *s = calloc(1, sizeof *s);
    assert_non_null(s);
    return s;
}

/* How many days oom_setup_cal puts in the calendar. */
static int oom_days = 40;

static void *oom_setup_cal(void)
{
    oom_state *s = calloc(1, sizeof *s);
    assert_non_null(s);
    CHECK_OK(clm_calendar_new(&s->cal, "oom"));
    for (int i = 0; i < oom_days; i++)
        CHECK_OK(clm_calendar_add_day(s->cal, D(2024, 1, 1) + 7 * i,
                                      i % 2 ? CLM_DAY_HOLIDAY : CLM_DAY_WORKING,
                                      i % 3 ? "a note long enough to be allocated" : NULL));
    take(&s->before, s->cal);
    return s;
}

static void oom_teardown(void *p)
{
    oom_state *s = p;
    clm_calendar_free(s->out);
    clm_calendar_free(s->cal);
    free(s);
}

static bool oom_out_unset(void *p)
{
    oom_state *s = p;
    return s->out == NULL;
}

static bool oom_cal_unchanged(void *p)
{
    oom_state *s = p;
    snap now;
    take(&now, s->cal);
    return s->out == NULL && same(&s->before, &now);
}

static int op_new(void *p)
{
    oom_state *s = p;
    return clm_calendar_new(&s->out, "a calendar name");
}

static int op_new_ru(void *p)
{
    oom_state *s = p;
    return clm_calendar_new_ru(&s->out);
}

static int op_dup(void *p)
{
    oom_state *s = p;
    return clm_calendar_dup(&s->out, s->cal);
}

static int op_add_day(void *p)
{
    oom_state *s = p;
    int rc = clm_calendar_add_day(s->cal, D(2024, 1, 2), CLM_DAY_HOLIDAY, "a new note");
    if (rc == 0)
        assert_int_equal(clm_calendar_day_count(s->cal), (size_t)oom_days + 1);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    const oom_case c_new = {oom_setup_empty, op_new, oom_out_unset, oom_teardown};
    assert_true(oom_check(&c_new) >= 1);
    const oom_case c_ru = {oom_setup_empty, op_new_ru, oom_out_unset, oom_teardown};
    assert_true(oom_check(&c_ru) >= 1);
    const oom_case c_dup = {oom_setup_cal, op_dup, oom_cal_unchanged, oom_teardown};
    assert_true(oom_check(&c_dup) >= 1);
    /* add_day at every size from 0 to 40 days, so each growth step of the
     * day array meets a failing allocation */
    const oom_case c_add = {oom_setup_cal, op_add_day, oom_cal_unchanged, oom_teardown};
    for (oom_days = 0; oom_days <= 40; oom_days++)
        assert_true(oom_check(&c_add) >= 1);
    oom_days = 40;
}

/* ---- the Russian production calendar 2024-2026 -------------------------------- */

typedef struct ymd { int y, m, d; } ymd;

/* Non-working days (weekend days included where a decree names them). */
static const ymd ru_off[] = {
    /* 2024: Labour Code art. 112 + decree No. 1314 of 10.08.2023 */
    {2024, 1, 1}, {2024, 1, 2}, {2024, 1, 3}, {2024, 1, 4}, {2024, 1, 5}, {2024, 1, 6},
    {2024, 1, 7}, {2024, 1, 8}, {2024, 2, 23}, {2024, 3, 8},
    {2024, 4, 29},  /* for the working Saturday 27 Apr */
    {2024, 4, 30},  /* for the working Saturday 2 Nov */
    {2024, 5, 1}, {2024, 5, 9},
    {2024, 5, 10},  /* 6 Jan moved here */
    {2024, 6, 12}, {2024, 11, 4},
    {2024, 12, 30}, /* for the working Saturday 28 Dec */
    {2024, 12, 31}, /* 7 Jan moved here */
    /* 2025: Labour Code art. 112 + decree No. 1335 of 04.10.2024 */
    {2025, 1, 1}, {2025, 1, 2}, {2025, 1, 3}, {2025, 1, 4}, {2025, 1, 5}, {2025, 1, 6},
    {2025, 1, 7}, {2025, 1, 8}, {2025, 2, 23}, {2025, 3, 8}, {2025, 5, 1},
    {2025, 5, 2},   /* 4 Jan moved here */
    {2025, 5, 8},   /* 23 Feb moved here */
    {2025, 5, 9}, {2025, 6, 12},
    {2025, 6, 13},  /* 8 Mar moved here */
    {2025, 11, 3},  /* for the working Saturday 1 Nov */
    {2025, 11, 4},
    {2025, 12, 31}, /* 5 Jan moved here */
    /* 2026: decree No. 1466 of 24.09.2025 */
    {2026, 1, 1}, {2026, 1, 2}, {2026, 1, 3}, {2026, 1, 4}, {2026, 1, 5}, {2026, 1, 6},
    {2026, 1, 7}, {2026, 1, 8}, {2026, 1, 9}, {2026, 1, 10}, {2026, 1, 11},
    {2026, 2, 21}, {2026, 2, 22}, {2026, 2, 23}, {2026, 3, 7}, {2026, 3, 8}, {2026, 3, 9},
    {2026, 5, 1}, {2026, 5, 2}, {2026, 5, 3}, {2026, 5, 9}, {2026, 5, 10}, {2026, 5, 11},
    {2026, 6, 12}, {2026, 6, 13}, {2026, 6, 14}, {2026, 11, 4}, {2026, 12, 31},
};
static const ymd ru_working_weekend[] = {
    {2024, 4, 27}, {2024, 11, 2}, {2024, 12, 28}, {2025, 11, 1},
};

/* Expected status from the list above and the Saturday-Sunday weekend. */
static int ru_expected(clm_date d)
{
    for (size_t i = 0; i < sizeof ru_working_weekend / sizeof ru_working_weekend[0]; i++)
        if (d == D(ru_working_weekend[i].y, ru_working_weekend[i].m, ru_working_weekend[i].d))
            return 1;
    for (size_t i = 0; i < sizeof ru_off / sizeof ru_off[0]; i++)
        if (d == D(ru_off[i].y, ru_off[i].m, ru_off[i].d))
            return 0;
    int wd = clm_date_weekday(d);
    return wd != CLM_SATURDAY && wd != CLM_SUNDAY;
}

static clm_calendar *ru(void)
{
    clm_calendar *cal = NULL;
    CHECK_OK(clm_calendar_new_ru(&cal));
    assert_non_null(cal);
    return cal;
}

static void test_ru_every_day(void **state)
{
    (void)state;
    clm_calendar *cal = ru();
    assert_int_equal(clm_calendar_weekend(cal), CLM_WEEKEND_SAT_SUN);
    clm_date f = 0, l = 0;
    assert_int_equal(clm_calendar_coverage(cal, &f, &l), 1);
    CHECK_DATE(f, 2024, 1, 1);
    CHECK_DATE(l, 2026, 12, 31);
    for (clm_date d = D(2024, 1, 1); d <= D(2026, 12, 31); d++) {
        int want = ru_expected(d), got = working(cal, d);
        if (got != want) {
            char b[CLM_DATE_FORMAT_MAX];
            fail_msg("RU %s: is_working = %d, expected %d", fmt(d, b), got, want);
        }
    }
    clm_calendar_free(cal);
}

static void test_ru_counts(void **state)
{
    (void)state;
    clm_calendar *cal = ru();
    int32_t n = 0;
    /* 2024: 262 weekdays (a leap year starting on Monday: 52 weeks and Mon
     * 30, Tue 31 Dec); 17 weekday days off (1-5, 8 Jan; 23 Feb; 8 Mar; 29,
     * 30 Apr; 1, 9, 10 May; 12 Jun; 4 Nov; 30, 31 Dec); plus the working
     * Saturdays 27 Apr, 2 Nov, 28 Dec: 262 - 17 + 3 = 248, the published
     * figure */
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 1, 1), D(2024, 12, 31)));
    assert_int_equal(n, 248);
    /* 2025: 261 weekdays (starts on Wednesday, 365 days); 15 weekday days off
     * (1-3, 6-8 Jan; 1, 2, 8, 9 May; 12, 13 Jun; 3, 4 Nov; 31 Dec); plus the
     * working Saturday 1 Nov: 261 - 15 + 1 = 247 */
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2025, 1, 1), D(2025, 12, 31)));
    assert_int_equal(n, 247);
    /* 2026: 261 weekdays (starts on Thursday); 14 weekday days off (1, 2,
     * 5-9 Jan; 23 Feb; 9 Mar; 1, 11 May; 12 Jun; 4 Nov; 31 Dec): 247 */
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2026, 1, 1), D(2026, 12, 31)));
    assert_int_equal(n, 247);
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2025, 1, 1), D(2026, 12, 31)));
    assert_int_equal(n, 494);
    CHECK_OK(clm_calendar_count_working_days(&n, cal, D(2024, 1, 1), D(2026, 12, 31)));
    assert_int_equal(n, 742);
    /* month by month, derived from the same list */
    static const int m2024[12] = {17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21};
    static const int m2025[12] = {17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22};
    static const int m2026[12] = {15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22};
    for (int y = 2024; y <= 2026; y++)
        for (int m = 1; m <= 12; m++) {
            clm_date first = D(y, m, 1), last = 0;
            CHECK_OK(clm_date_add_months(&last, first, 1));
            CHECK_OK(clm_calendar_count_working_days(&n, cal, first, last - 1));
            int want = (y == 2024 ? m2024 : y == 2025 ? m2025 : m2026)[m - 1];
            if (n != want)
                fail_msg("RU %04d-%02d: %d working days, expected %d", y, m, n, want);
        }
    clm_calendar_free(cal);
}

static void test_ru_deadlines(void **state)
{
    (void)state;
    clm_calendar *cal = ru();
    /* 2024, Civil Code art. 191 and 193 on the shipped calendar: a claim
     * received on Mon 4 Mar 2024 */
    CHECK_DATE(term(cal, D(2024, 3, 4), 7, CLM_TERM_DAYS), 2024, 3, 11);
    CHECK_DATE(term(cal, D(2024, 3, 4), 10, CLM_TERM_DAYS), 2024, 3, 14);
    /* + 20 = Sun 24 Mar -> Mon 25 Mar */
    CHECK_DATE(term(cal, D(2024, 3, 4), 20, CLM_TERM_DAYS), 2024, 3, 25);
    CHECK_DATE(term(cal, D(2024, 3, 4), 30, CLM_TERM_DAYS), 2024, 4, 3);
    CHECK_DATE(term(cal, D(2024, 3, 4), 45, CLM_TERM_DAYS), 2024, 4, 18);
    /* 1 Mar 2024 + 7 = Fri 8 Mar, a holiday; 9-10 Mar weekend -> Mon 11 Mar */
    CHECK_DATE(term(cal, D(2024, 3, 1), 7, CLM_TERM_DAYS), 2024, 3, 11);
    /* 20 Apr 2024 + 7 = Sat 27 Apr, a working Saturday (decree No. 1314) */
    CHECK_DATE(term(cal, D(2024, 4, 20), 7, CLM_TERM_DAYS), 2024, 4, 27);
    /* 21 Apr 2024 + 7 = Sun 28 Apr; 29, 30 Apr moved days off, 1 May -> Thu 2 May */
    CHECK_DATE(term(cal, D(2024, 4, 21), 7, CLM_TERM_DAYS), 2024, 5, 2);
    /* 2 May 2024 + 7 = Thu 9 May; 10 May (from 6 Jan), 11-12 weekend -> 13 May */
    CHECK_DATE(term(cal, D(2024, 5, 2), 7, CLM_TERM_DAYS), 2024, 5, 13);
    /* 26 Oct 2024 + 7 = Sat 2 Nov, a working Saturday */
    CHECK_DATE(term(cal, D(2024, 10, 26), 7, CLM_TERM_DAYS), 2024, 11, 2);
    /* 20 Dec 2024 + 10 = Mon 30 Dec (from 28 Dec); 31 Dec (from 7 Jan),
     * 1-8 Jan 2025 off -> Thu 9 Jan 2025 */
    CHECK_DATE(term(cal, D(2024, 12, 20), 10, CLM_TERM_DAYS), 2025, 1, 9);
    /* from Fri 27 Dec 2024, the working Saturday 28 Dec is the next working day */
    clm_date wd = 0;
    CHECK_OK(clm_calendar_add_working_days(&wd, cal, D(2024, 12, 27), 1));
    CHECK_DATE(wd, 2024, 12, 28);
    CHECK_OK(clm_calendar_add_working_days(&wd, cal, D(2024, 12, 27), 2));
    CHECK_DATE(wd, 2025, 1, 9);
    /* 25 Dec 2025 + 7 days = 1 Jan 2026; 1-11 Jan are off -> Mon 12 Jan */
    CHECK_DATE(term(cal, D(2025, 12, 25), 7, CLM_TERM_DAYS), 2026, 1, 12);
    /* 24 Dec 2025 + 7 = 31 Dec 2025 (off, from 5 Jan) -> 12 Jan 2026 */
    CHECK_DATE(term(cal, D(2025, 12, 24), 7, CLM_TERM_DAYS), 2026, 1, 12);
    /* 22 Dec 2025 + 10 = 1 Jan 2026 -> 12 Jan */
    CHECK_DATE(term(cal, D(2025, 12, 22), 10, CLM_TERM_DAYS), 2026, 1, 12);
    /* 29 Dec 2025 + 14 = 12 Jan 2026, a working Monday */
    CHECK_DATE(term(cal, D(2025, 12, 29), 14, CLM_TERM_DAYS), 2026, 1, 12);
    /* 23 Dec 2025 + 7 = Tue 30 Dec 2025, working */
    CHECK_DATE(term(cal, D(2025, 12, 23), 7, CLM_TERM_DAYS), 2025, 12, 30);
    /* 1 Jan 2025 + 5 = 6 Jan (off) -> Thu 9 Jan 2025 */
    CHECK_DATE(term(cal, D(2025, 1, 1), 5, CLM_TERM_DAYS), 2025, 1, 9);
    /* 28 Apr 2025 + 4 = Fri 2 May (moved from 4 Jan), 3-4 weekend -> Mon 5 May */
    CHECK_DATE(term(cal, D(2025, 4, 28), 4, CLM_TERM_DAYS), 2025, 5, 5);
    /* 1 May 2025 + 7 = Thu 8 May (moved from 23 Feb), 9 May, weekend -> 12 May */
    CHECK_DATE(term(cal, D(2025, 5, 1), 7, CLM_TERM_DAYS), 2025, 5, 12);
    /* 25 Oct 2025 + 7 = Sat 1 Nov 2025, a working Saturday */
    CHECK_DATE(term(cal, D(2025, 10, 25), 7, CLM_TERM_DAYS), 2025, 11, 1);
    /* 27 Oct 2025 + 7 = Mon 3 Nov (off), Tue 4 Nov (holiday) -> Wed 5 Nov */
    CHECK_DATE(term(cal, D(2025, 10, 27), 7, CLM_TERM_DAYS), 2025, 11, 5);
    /* 5 Mar 2025 + 3 = Sat 8 Mar; 8 March on a Saturday is moved, not
     * doubled: Mon 10 Mar is a working day */
    CHECK_DATE(term(cal, D(2025, 3, 5), 3, CLM_TERM_DAYS), 2025, 3, 10);
    /* 18 Feb 2026 + 5 = Mon 23 Feb (holiday) -> Tue 24 Feb */
    CHECK_DATE(term(cal, D(2026, 2, 18), 5, CLM_TERM_DAYS), 2026, 2, 24);
    /* 8 May 2026 + 1 = Sat 9 May; 10 Sun; 11 Mon off -> Tue 12 May */
    CHECK_DATE(term(cal, D(2026, 5, 8), 1, CLM_TERM_DAYS), 2026, 5, 12);
    /* 20 Dec 2026 + 10 = Wed 30 Dec 2026, working */
    CHECK_DATE(term(cal, D(2026, 12, 20), 10, CLM_TERM_DAYS), 2026, 12, 30);
    /* months: 30 Nov 2025 + 1 month = 30 Dec 2025 (Tuesday) */
    CHECK_DATE(term(cal, D(2025, 11, 30), 1, CLM_TERM_MONTHS), 2025, 12, 30);
    /* 31 Oct 2025 + 2 months = 31 Dec 2025 (off) -> 12 Jan 2026 */
    CHECK_DATE(term(cal, D(2025, 10, 31), 2, CLM_TERM_MONTHS), 2026, 1, 12);

    /* across a year boundary: 25 Dec 2024 + 10 = Sat 4 Jan 2025; 4-8 Jan
     * are off -> Thu 9 Jan 2025 */
    CHECK_DATE(term(cal, D(2024, 12, 25), 10, CLM_TERM_DAYS), 2025, 1, 9);
    /* an event just before the coverage: only the last day and the days
     * after it are needed. 25 Dec 2023 + 10 = Thu 4 Jan 2024; 4-8 Jan are
     * off -> Tue 9 Jan 2024 */
    CHECK_DATE(term(cal, D(2023, 12, 25), 10, CLM_TERM_DAYS), 2024, 1, 9);

    /* working days across the New Year: from Fri 26 Dec 2025, 29 Dec (1),
     * 30 Dec (2), 31 Dec and 1-11 Jan off, 12 Jan (3) */
    clm_date out = 0;
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2025, 12, 26), 3));
    CHECK_DATE(out, 2026, 1, 12);
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2025, 12, 30), 1));
    CHECK_DATE(out, 2026, 1, 12);
    /* 12-16 Jan (5), 19-23 Jan (10) */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2025, 12, 30), 10));
    CHECK_DATE(out, 2026, 1, 23);
    /* from Fri 31 Oct 2025, the working Saturday is the next working day */
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2025, 10, 31), 1));
    CHECK_DATE(out, 2025, 11, 1);
    CHECK_OK(clm_calendar_roll_forward(&out, cal, D(2025, 12, 31)));
    CHECK_DATE(out, 2026, 1, 12);
    clm_calendar_free(cal);
}

/* add_working_days and count_working_days agree over the whole coverage:
 * the n-th working day after d is a working day, and d+1 .. it holds
 * exactly n working days. */
static void test_ru_working_days_consistent(void **state)
{
    (void)state;
    clm_calendar *cal = ru();
    const clm_date first = D(2024, 1, 1), last = D(2026, 12, 31);
    for (clm_date d = first; d <= last; d++)
        for (int32_t n = 1; n <= 25; n += 3) {
            clm_date end = 0;
            int rc = clm_calendar_add_working_days(&end, cal, d, n);
            if (rc == CLM_ERANGE)
                break; /* runs past 2026: larger n will too */
            CHECK_RC(rc, 0);
            int32_t count = -1;
            CHECK_OK(clm_calendar_count_working_days(&count, cal, d + 1, end));
            assert_int_equal(working(cal, end), 1);
            if (count != n) {
                char b[CLM_DATE_FORMAT_MAX];
                fail_msg("%s + %d working days: %d working days in between", fmt(d, b), n,
                         count);
            }
        }
    clm_calendar_free(cal);
}

static void test_ru_out_of_coverage(void **state)
{
    (void)state;
    clm_calendar *cal = ru();
    int w = 5;
    clm_date out = 5;
    int32_t n = 5;
    CHECK_FAIL(clm_calendar_is_working(&w, cal, D(2027, 1, 1)), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_is_working(&w, cal, D(2027, 6, 15)), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_is_working(&w, cal, D(2023, 12, 31)), CLM_ERANGE);
    /* 24 Dec 2026 + 7 = 31 Dec 2026 (off): the next working day is in 2027 */
    CHECK_FAIL(clm_term_end(&out, cal, D(2026, 12, 24), 7, CLM_TERM_DAYS), CLM_ERANGE);
    CHECK_FAIL(clm_term_end(&out, cal, D(2026, 12, 20), 30, CLM_TERM_DAYS), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_roll_forward(&out, cal, D(2026, 12, 31)), CLM_ERANGE);
    /* 30 Dec 2026 is the last working day covered */
    CHECK_FAIL(clm_calendar_add_working_days(&out, cal, D(2026, 12, 30), 1), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_count_working_days(&n, cal, D(2026, 1, 1), D(2027, 12, 31)),
               CLM_ERANGE);
    assert_int_equal(w, 5);
    CHECK_I64(out, 5);
    assert_int_equal(n, 5);
    CHECK_OK(clm_calendar_add_working_days(&out, cal, D(2026, 12, 29), 1));
    CHECK_DATE(out, 2026, 12, 30);
    /* working days counted from before the coverage need 30 Dec 2023 */
    CHECK_FAIL(clm_calendar_add_working_days(&out, cal, D(2023, 12, 29), 1), CLM_ERANGE);
    CHECK_I64(out, D(2026, 12, 30));
    /* and 2027 data cannot be slipped in */
    CHECK_FAIL(clm_calendar_add_day(cal, D(2027, 1, 1), CLM_DAY_HOLIDAY, NULL), CLM_ERANGE);
    CHECK_FAIL(clm_calendar_new_ru(NULL), CLM_EINVAL);
    clm_calendar_free(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_defaults),
        cmocka_unit_test(test_civil_code_vectors_2024),
        cmocka_unit_test(test_term_months),
        cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_is_working),
        cmocka_unit_test(test_transferred_working_saturday),
        cmocka_unit_test(test_count_working_days),
        cmocka_unit_test(test_friday_weekend),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_add_day_errors_and_order),
        cmocka_unit_test(test_term_errors),
        cmocka_unit_test(test_dup_is_deep),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_ru_every_day),
        cmocka_unit_test(test_ru_counts),
        cmocka_unit_test(test_ru_deadlines),
        cmocka_unit_test(test_ru_working_days_consistent),
        cmocka_unit_test(test_ru_out_of_coverage),
    };
    /* the counting allocator must be in place before any other libclm call */
    oom_install();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
