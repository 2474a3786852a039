/*
 * date_test.c — the contract of date.h: day numbers, the proleptic
 * Gregorian calendar over 0001-01-01 .. 9999-12-31, weekdays, ISO 8601
 * parse/format, day and month arithmetic (Civil Code art. 192 p. 3).
 *
 * The whole range is walked with a calendar kept here by hand (month
 * lengths, the 4/100/400 leap rule), so every day number is checked against
 * an independent count.
 */
#include "core_check.h"

#include <stdio.h>

#include "clm/date.h"

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : len[m - 1];
}

static clm_date D(int y, int m, int d)
{
    clm_date out = 0;
    if (clm_date_from_ymd(&out, y, m, d) != 0)
        fail_msg("%04d-%02d-%02d rejected: %s", y, m, d, clm_error_last()->message);
    return out;
}

static void test_known_day_numbers(void **state)
{
    (void)state;
    CHECK_I64(D(1970, 1, 1), 0);
    CHECK_I64(D(1969, 12, 31), -1);
    CHECK_I64(D(1970, 1, 2), 1);
    CHECK_I64(D(1, 1, 1), CLM_DATE_MIN);
    CHECK_I64(D(9999, 12, 31), CLM_DATE_MAX);
    CHECK_I64(CLM_DATE_MIN, -719162);
    CHECK_I64(CLM_DATE_MAX, 2932896);
    /* 30 years of 365 days + 7 leap days (1972 .. 1996) */
    CHECK_I64(D(2000, 1, 1), 30 * 365 + 7);
    /* 2000 is a leap year: 31 + 29 days to 1 March */
    CHECK_I64(D(2000, 3, 1), 30 * 365 + 7 + 60);
    CHECK_I64(D(2024, 3, 4), 19786);
    CHECK_I64(D(2000, 2, 29) + 1, D(2000, 3, 1));
    CHECK_I64(D(2024, 2, 29) + 1, D(2024, 3, 1));
    CHECK_I64(D(1900, 2, 28) + 1, D(1900, 3, 1));
}

/* Walks every valid day in order, keeping y-m-d by hand. */
static void test_whole_range(void **state)
{
    (void)state;
    int y = 1, m = 1, d = 1;
    int wd = CLM_MONDAY; /* 0001-01-01 is a Monday in the proleptic Gregorian calendar */
    for (clm_date n = CLM_DATE_MIN; n <= CLM_DATE_MAX; n++) {
        clm_date got = 0;
        if (clm_date_from_ymd(&got, y, m, d) != 0 || got != n)
            fail_msg("from_ymd(%04d-%02d-%02d) = %" PRId32 ", expected %" PRId32, y, m, d,
                     got, n);
        int gy = 0, gm = 0, gd = 0;
        if (clm_date_to_ymd(n, &gy, &gm, &gd) != 0 || gy != y || gm != m || gd != d)
            fail_msg("to_ymd(%" PRId32 ") = %04d-%02d-%02d, expected %04d-%02d-%02d", n, gy,
                     gm, gd, y, m, d);
        if (clm_date_weekday(n) != wd)
            fail_msg("weekday(%04d-%02d-%02d) = %d, expected %d", y, m, d,
                     clm_date_weekday(n), wd);
        wd = wd == CLM_SUNDAY ? CLM_MONDAY : wd + 1;
        if (++d > month_days(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 10000);
}

static void test_from_ymd_errors(void **state)
{
    (void)state;
    static const int bad[][3] = {
        {2025, 2, 29}, {1900, 2, 29}, {2100, 2, 29}, {2024, 2, 30}, {2025, 4, 31},
        {2025, 6, 31}, {2025, 9, 31}, {2025, 11, 31}, {2025, 1, 32}, {2025, 1, 0},
        {2025, 0, 1},  {2025, 13, 1}, {2025, -1, 1}, {0, 12, 31},   {10000, 1, 1},
        {-1, 1, 1},    {2025, 12, -5},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clm_date out = 12345;
        clm_error_clear();
        int rc = clm_date_from_ymd(&out, bad[i][0], bad[i][1], bad[i][2]);
        if (rc != CLM_ERANGE)
            fail_msg("from_ymd(%d, %d, %d) returned %d, expected CLM_ERANGE", bad[i][0],
                     bad[i][1], bad[i][2], rc);
        CHECK_I64(out, 12345);
        assert_int_equal(clm_error_last()->code, CLM_ERANGE);
    }
    /* the message names the field at fault */
    static const struct { int y, m, d; const char *word; } named[] = {
        {0, 1, 1, "year"}, {10000, 1, 1, "year"}, {2025, 13, 1, "month"},
        {2025, 0, 1, "month"}, {2025, 2, 29, "day"}, {2025, 4, 31, "day"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        clm_date out = 1;
        clm_error_clear();
        CHECK_RC(clm_date_from_ymd(&out, named[i].y, named[i].m, named[i].d), CLM_ERANGE);
        const clm_error *e = clm_error_last();
        if (strstr(e->message, named[i].word) == NULL && strcmp(e->field, named[i].word) != 0)
            fail_msg("from_ymd(%d, %d, %d): neither the message nor the field names the %s: %s",
                     named[i].y, named[i].m, named[i].d, named[i].word, e->message);
    }
    CHECK_FAIL(clm_date_from_ymd(NULL, 2025, 1, 1), CLM_EINVAL);
    /* leap days that exist */
    clm_date out;
    CHECK_OK(clm_date_from_ymd(&out, 2000, 2, 29));
    CHECK_OK(clm_date_from_ymd(&out, 2024, 2, 29));
    CHECK_OK(clm_date_from_ymd(&out, 1600, 2, 29));
    CHECK_OK(clm_date_from_ymd(&out, 4, 2, 29));
}

static void test_to_ymd(void **state)
{
    (void)state;
    int y = -1, m = -1, d = -1;
    CHECK_FAIL(clm_date_to_ymd(CLM_DATE_MIN - 1, &y, &m, &d), CLM_ERANGE);
    CHECK_FAIL(clm_date_to_ymd(CLM_DATE_MAX + 1, &y, &m, &d), CLM_ERANGE);
    CHECK_FAIL(clm_date_to_ymd(INT32_MAX, &y, &m, &d), CLM_ERANGE);
    CHECK_FAIL(clm_date_to_ymd(INT32_MIN, &y, &m, &d), CLM_ERANGE);
    assert_int_equal(y, -1);
    assert_int_equal(m, -1);
    assert_int_equal(d, -1);
    /* any output may be NULL */
    CHECK_OK(clm_date_to_ymd(D(2024, 3, 4), NULL, &m, NULL));
    assert_int_equal(m, 3);
    CHECK_OK(clm_date_to_ymd(D(2024, 3, 4), &y, NULL, NULL));
    assert_int_equal(y, 2024);
    CHECK_OK(clm_date_to_ymd(D(2024, 3, 4), NULL, NULL, &d));
    assert_int_equal(d, 4);
    CHECK_OK(clm_date_to_ymd(D(2024, 3, 4), NULL, NULL, NULL));
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(clm_date_weekday(D(2024, 3, 4)), CLM_MONDAY);
    assert_int_equal(clm_date_weekday(D(1970, 1, 1)), CLM_THURSDAY);
    assert_int_equal(clm_date_weekday(D(1969, 12, 31)), CLM_WEDNESDAY);
    assert_int_equal(clm_date_weekday(D(2024, 3, 8)), CLM_FRIDAY);
    assert_int_equal(clm_date_weekday(D(2024, 3, 10)), CLM_SUNDAY);
    assert_int_equal(clm_date_weekday(D(2025, 11, 1)), CLM_SATURDAY);
    assert_int_equal(clm_date_weekday(D(2026, 1, 1)), CLM_THURSDAY);
    assert_int_equal(clm_date_weekday(D(1, 1, 1)), CLM_MONDAY);
    assert_int_equal(clm_date_weekday(D(9999, 12, 31)), CLM_FRIDAY);
    assert_int_equal(clm_date_weekday(CLM_DATE_MIN - 1), 0);
    assert_int_equal(clm_date_weekday(CLM_DATE_MAX + 1), 0);
    assert_int_equal(clm_date_weekday(INT32_MIN), 0);
    assert_int_equal(clm_date_weekday(INT32_MAX), 0);
    assert_int_equal(CLM_MONDAY, 1);
    assert_int_equal(CLM_SUNDAY, 7);
}

static void test_parse(void **state)
{
    (void)state;
    clm_date d = 0;
    CHECK_OK(clm_date_parse(&d, "2024-03-04"));
    CHECK_I64(d, 19786);
    CHECK_OK(clm_date_parse(&d, "0001-01-01"));
    CHECK_I64(d, CLM_DATE_MIN);
    CHECK_OK(clm_date_parse(&d, "9999-12-31"));
    CHECK_I64(d, CLM_DATE_MAX);
    CHECK_OK(clm_date_parse(&d, "1970-01-01"));
    CHECK_I64(d, 0);
    CHECK_OK(clm_date_parse(&d, "2000-02-29"));
    CHECK_I64(d, D(2000, 2, 29));

    static const struct { const char *text; int code; } bad[] = {
        {"2025-02-29", CLM_ERANGE}, {"2025-02-30", CLM_ERANGE}, {"1900-02-29", CLM_ERANGE},
        {"2025-13-01", CLM_ERANGE}, {"2025-00-10", CLM_ERANGE}, {"2025-01-00", CLM_ERANGE},
        {"2025-04-31", CLM_ERANGE}, {"0000-01-01", CLM_ERANGE}, {"2025-01-32", CLM_ERANGE},
        {"2025-2-01", CLM_EPARSE},  {"2025-01-1", CLM_EPARSE},  {"2025-01-01x", CLM_EPARSE},
        {"", CLM_EPARSE},           {"2025/01/01", CLM_EPARSE}, {"20250101", CLM_EPARSE},
        {" 2025-01-01", CLM_EPARSE}, {"2025-01-01 ", CLM_EPARSE}, {"+2025-01-01", CLM_EPARSE},
        {"-001-01-01", CLM_EPARSE}, {"2025-0a-01", CLM_EPARSE}, {"12025-01-01", CLM_EPARSE},
        {"2025-01-01T00:00", CLM_EPARSE}, {"25-01-01", CLM_EPARSE}, {"2025-01", CLM_EPARSE},
        {"2025--1-01", CLM_EPARSE}, {"2025-+1-01", CLM_EPARSE}, {"２０２５-01-01", CLM_EPARSE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clm_date out = 777;
        clm_error_clear();
        int rc = clm_date_parse(&out, bad[i].text);
        if (rc != bad[i].code)
            fail_msg("date_parse(\"%s\") returned %d (%s), expected %d", bad[i].text, rc,
                     clm_error_last()->message, bad[i].code);
        CHECK_I64(out, 777);
        assert_int_equal(clm_error_last()->code, bad[i].code);
        assert_true(clm_error_last()->message[0] != '\0');
    }
    CHECK_FAIL(clm_date_parse(&d, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_date_parse(NULL, "2025-01-01"), CLM_EINVAL);
}

static void test_format(void **state)
{
    (void)state;
    static const struct { int y, m, d; const char *text; } cases[] = {
        {1, 1, 1, "0001-01-01"}, {9999, 12, 31, "9999-12-31"}, {1970, 1, 1, "1970-01-01"},
        {2024, 2, 29, "2024-02-29"}, {999, 9, 9, "0999-09-09"}, {2026, 12, 31, "2026-12-31"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[CLM_DATE_FORMAT_MAX];
        CHECK_RC(clm_date_format(buf, sizeof buf, D(cases[i].y, cases[i].m, cases[i].d)), 10);
        CHECK_STR(buf, cases[i].text);
    }
    char buf[CLM_DATE_FORMAT_MAX + 4];
    memset(buf, '#', sizeof buf);
    CHECK_FAIL(clm_date_format(buf, 10, 0), CLM_EBUFSIZE);
    CHECK_FAIL(clm_date_format(buf, 0, 0), CLM_EBUFSIZE);
    CHECK_FAIL(clm_date_format(buf, sizeof buf, CLM_DATE_MAX + 1), CLM_ERANGE);
    CHECK_FAIL(clm_date_format(buf, sizeof buf, CLM_DATE_MIN - 1), CLM_ERANGE);
    for (size_t k = 0; k < sizeof buf; k++)
        if (buf[k] != '#')
            fail_msg("date_format wrote on error (byte %zu)", k);
    CHECK_FAIL(clm_date_format(NULL, 11, 0), CLM_EINVAL);
    assert_int_equal(CLM_DATE_FORMAT_MAX, 11);
}

static void test_parse_format_round_trip(void **state)
{
    (void)state;
    for (clm_date d = CLM_DATE_MIN; d <= CLM_DATE_MAX; d += 997) {
        char buf[CLM_DATE_FORMAT_MAX];
        CHECK_RC(clm_date_format(buf, sizeof buf, d), 10);
        clm_date back = 0;
        CHECK_OK(clm_date_parse(&back, buf));
        CHECK_I64(back, d);
    }
}

static void test_add_days(void **state)
{
    (void)state;
    clm_date out = 0;
    CHECK_OK(clm_date_add_days(&out, D(2024, 2, 28), 1));
    CHECK_I64(out, D(2024, 2, 29));
    CHECK_OK(clm_date_add_days(&out, D(2025, 2, 28), 1));
    CHECK_I64(out, D(2025, 3, 1));
    CHECK_OK(clm_date_add_days(&out, D(2024, 3, 4), 45));
    CHECK_I64(out, D(2024, 4, 18));
    CHECK_OK(clm_date_add_days(&out, D(2025, 1, 1), -1));
    CHECK_I64(out, D(2024, 12, 31));
    CHECK_OK(clm_date_add_days(&out, CLM_DATE_MAX, 0));
    CHECK_I64(out, CLM_DATE_MAX);
    CHECK_OK(clm_date_add_days(&out, CLM_DATE_MIN, CLM_DATE_MAX - CLM_DATE_MIN));
    CHECK_I64(out, CLM_DATE_MAX);
    CHECK_OK(clm_date_add_days(&out, CLM_DATE_MAX, CLM_DATE_MIN - CLM_DATE_MAX));
    CHECK_I64(out, CLM_DATE_MIN);

    out = 4242;
    CHECK_FAIL(clm_date_add_days(&out, CLM_DATE_MAX, 1), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_days(&out, CLM_DATE_MIN, -1), CLM_ERANGE);
    /* must not overflow int32 on the way */
    CHECK_FAIL(clm_date_add_days(&out, CLM_DATE_MAX, INT32_MAX), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_days(&out, CLM_DATE_MIN, INT32_MIN), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_days(&out, 0, INT32_MAX), CLM_ERANGE);
    /* an invalid starting date is an error even if the sum is valid */
    CHECK_FAIL(clm_date_add_days(&out, CLM_DATE_MAX + 1, -1), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_days(&out, CLM_DATE_MIN - 1, 1), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_days(&out, INT32_MAX, -INT32_MAX), CLM_ERANGE);
    CHECK_I64(out, 4242);
    CHECK_FAIL(clm_date_add_days(NULL, 0, 1), CLM_EINVAL);
}

static void test_add_months(void **state)
{
    (void)state;
    static const struct { int y, m, d, months, ey, em, ed; } cases[] = {
        /* Civil Code art. 192 p. 3: no such day -> the month's last day */
        {2024, 1, 31, 1, 2024, 2, 29},  {2025, 1, 31, 1, 2025, 2, 28},
        {2024, 3, 31, -1, 2024, 2, 29}, {2024, 2, 29, 12, 2025, 2, 28},
        {2023, 10, 31, 4, 2024, 2, 29}, {2024, 5, 31, 1, 2024, 6, 30},
        {2024, 12, 15, 1, 2025, 1, 15}, {2025, 1, 15, -1, 2024, 12, 15},
        {2024, 3, 4, 0, 2024, 3, 4},    {2000, 2, 29, 1200, 2100, 2, 28},
        {2000, 2, 29, 48, 2004, 2, 29}, {2024, 8, 31, 1, 2024, 9, 30},
        {2024, 1, 30, 1, 2024, 2, 29},  {2024, 3, 30, -1, 2024, 2, 29},
        {2025, 12, 31, -10, 2025, 2, 28}, {2025, 3, 15, -27, 2022, 12, 15},
        {1, 1, 31, 1, 1, 2, 28},        {9999, 11, 30, 1, 9999, 12, 30},
        {9999, 12, 31, -119987, 1, 1, 31}, {1, 1, 1, 119987, 9999, 12, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clm_date out = 0;
        CHECK_OK(clm_date_add_months(&out, D(cases[i].y, cases[i].m, cases[i].d),
                                     cases[i].months));
        clm_date want = D(cases[i].ey, cases[i].em, cases[i].ed);
        if (out != want) {
            char got[CLM_DATE_FORMAT_MAX] = "?";
            (void)clm_date_format(got, sizeof got, out);
            fail_msg("%04d-%02d-%02d %+d months = %s, expected %04d-%02d-%02d", cases[i].y,
                     cases[i].m, cases[i].d, cases[i].months, got, cases[i].ey, cases[i].em,
                     cases[i].ed);
        }
    }
    clm_date out = 99;
    CHECK_FAIL(clm_date_add_months(&out, D(9999, 12, 1), 1), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_months(&out, D(1, 1, 31), -1), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_months(&out, D(2024, 1, 1), INT32_MAX), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_months(&out, D(2024, 1, 1), INT32_MIN), CLM_ERANGE);
    CHECK_FAIL(clm_date_add_months(&out, CLM_DATE_MAX + 1, -1), CLM_ERANGE);
    CHECK_I64(out, 99);
    CHECK_FAIL(clm_date_add_months(NULL, 0, 1), CLM_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_day_numbers),
        cmocka_unit_test(test_whole_range),
        cmocka_unit_test(test_from_ymd_errors),
        cmocka_unit_test(test_to_ymd),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_parse_format_round_trip),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_add_months),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
