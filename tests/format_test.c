/*
 * format_test.c — the contract of format.h: money with its currency, a rate
 * as a percent to N decimals, a date in three styles; the buffer contract
 * (exact fit, one byte short leaves the buffer untouched), and bad options.
 *
 * Expected texts are written by hand from the definitions in format.h.
 */
#include "core_check.h"

#include <stdio.h>

#include "clm/format.h"

static void money_case(int64_t minor, const char *cur, const clm_format_options *o, const char *want)
{
    clm_money m;
    CHECK_OK(clm_money_make(&m, minor, cur));
    char buf[CLM_FORMAT_MAX];
    int n = clm_format_money(buf, sizeof buf, &m, o);
    if (n < 0)
        fail_msg("format_money(%" PRId64 " %s) failed: %s", minor, cur, clm_error_last()->message);
    CHECK_STR(buf, want);
    assert_int_equal(n, (int)strlen(want));
    /* exactly big enough, then one byte short: the buffer stays as it was */
    char small[CLM_FORMAT_MAX];
    size_t need = strlen(want) + 1;
    CHECK_RC(clm_format_money(small, need, &m, o), (int)need - 1);
    CHECK_STR(small, want);
    memset(small, '#', sizeof small);
    CHECK_FAIL(clm_format_money(small, need - 1, &m, o), CLM_EBUFSIZE);
    for (size_t k = 0; k < sizeof small; k++)
        if (small[k] != '#')
            fail_msg("format_money wrote into a too-small buffer (byte %zu)", k);
}

static void test_money(void **state)
{
    (void)state;
    money_case(123456750, "RUB", NULL, "1 234 567.50 RUB");
    money_case(-5, "USD", NULL, "-0.05 USD");
    money_case(1000, "JPY", NULL, "1 000 JPY");
    money_case(999, "JPY", NULL, "999 JPY");
    money_case(0, "RUB", NULL, "0.00 RUB");
    money_case(1234567, "KWD", NULL, "1 234.567 KWD");
    money_case(100000, "RUB", NULL, "1 000.00 RUB");
    money_case(INT64_MAX, "RUB", NULL, "92 233 720 368 547 758.07 RUB");
    money_case(INT64_MIN, "RUB", NULL, "-92 233 720 368 547 758.08 RUB");
    clm_format_options ru = CLM_FORMAT_OPTIONS_INIT;
    ru.group = "\xc2\xa0"; /* U+00A0 no-break space */
    ru.decimal = ",";
    money_case(123456750, "RUB", &ru, "1\xc2\xa0" "234\xc2\xa0" "567,50 RUB");
    clm_format_options en = CLM_FORMAT_OPTIONS_INIT;
    en.group = ",";
    money_case(-123456750, "USD", &en, "-1,234,567.50 USD");
    clm_format_options plain = CLM_FORMAT_OPTIONS_INIT;
    plain.group = NULL;
    money_case(123456750, "RUB", &plain, "1234567.50 RUB");
    plain.group = "";
    money_case(123456750, "RUB", &plain, "1234567.50 RUB");
}

static void rate_case(clm_rate ppm, unsigned dec, clm_rounding mode, const clm_format_options *o,
                      const char *want)
{
    char buf[CLM_FORMAT_MAX];
    int n = clm_format_rate(buf, sizeof buf, ppm, dec, mode, o);
    if (n < 0)
        fail_msg("format_rate(%" PRId64 ", %u) failed: %s", ppm, dec, clm_error_last()->message);
    CHECK_STR(buf, want);
    assert_int_equal(n, (int)strlen(want));
    char small[CLM_FORMAT_MAX];
    memset(small, '#', sizeof small);
    CHECK_FAIL(clm_format_rate(small, strlen(want), ppm, dec, mode, o), CLM_EBUFSIZE);
    assert_int_equal(small[0], '#');
}

static void test_rate(void **state)
{
    (void)state;
    rate_case(125000, 2, CLM_ROUND_HALF_EVEN, NULL, "12.50%");
    rate_case(125000, 0, CLM_ROUND_HALF_EVEN, NULL, "12%");     /* 12.5 -> even 12 */
    rate_case(125000, 0, CLM_ROUND_HALF_UP, NULL, "13%");
    rate_case(135000, 0, CLM_ROUND_HALF_EVEN, NULL, "14%");     /* 13.5 -> even 14 */
    rate_case(333333, 1, CLM_ROUND_HALF_EVEN, NULL, "33.3%");
    rate_case(333333, 4, CLM_ROUND_DOWN, NULL, "33.3333%");     /* exact: no rounding */
    rate_case(5, 2, CLM_ROUND_HALF_UP, NULL, "0.00%");          /* 0.0005 % */
    rate_case(50, 2, CLM_ROUND_HALF_UP, NULL, "0.01%");         /* 0.005 % */
    rate_case(-125, 2, CLM_ROUND_HALF_EVEN, NULL, "-0.01%");    /* -0.0125 % */
    rate_case(-5, 2, CLM_ROUND_HALF_EVEN, NULL, "0.00%");       /* no "-0.00" */
    rate_case(-5, 2, CLM_ROUND_FLOOR, NULL, "-0.01%");
    rate_case(372400, 2, CLM_ROUND_HALF_EVEN, NULL, "37.24%");  /* 2/10 net 30 */
    rate_case(1000000, 1, CLM_ROUND_HALF_EVEN, NULL, "100.0%");
    rate_case(CLM_RATE_MAX, 0, CLM_ROUND_HALF_EVEN, NULL, "1 000 000%");
    rate_case(INT64_MIN, 4, CLM_ROUND_HALF_EVEN, NULL, "-922 337 203 685 477.5808%");
    clm_format_options ru = CLM_FORMAT_OPTIONS_INIT;
    ru.decimal = ",";
    ru.percent = " %";
    rate_case(125000, 1, CLM_ROUND_HALF_EVEN, &ru, "12,5 %");
}

static void date_case(int y, int m, int d, clm_date_style style, const char *want)
{
    clm_date day;
    CHECK_OK(clm_date_from_ymd(&day, y, m, d));
    clm_format_options o = CLM_FORMAT_OPTIONS_INIT;
    o.date_style = style;
    char buf[CLM_FORMAT_MAX];
    CHECK_RC(clm_format_date(buf, sizeof buf, day, &o), (int)strlen(want));
    CHECK_STR(buf, want);
    char small[16];
    memset(small, '#', sizeof small);
    CHECK_FAIL(clm_format_date(small, strlen(want), day, &o), CLM_EBUFSIZE);
    assert_int_equal(small[0], '#');
}

static void test_date(void **state)
{
    (void)state;
    date_case(2026, 12, 5, CLM_DATE_STYLE_ISO, "2026-12-05");
    date_case(2026, 12, 5, CLM_DATE_STYLE_DMY, "05.12.2026");
    date_case(2026, 12, 5, CLM_DATE_STYLE_MDY, "12/05/2026");
    date_case(1, 1, 1, CLM_DATE_STYLE_DMY, "01.01.0001");
    date_case(9999, 12, 31, CLM_DATE_STYLE_MDY, "12/31/9999");
    char buf[CLM_FORMAT_MAX];
    clm_date d;
    CHECK_OK(clm_date_from_ymd(&d, 2024, 2, 29));
    CHECK_RC(clm_format_date(buf, sizeof buf, d, NULL), 10);
    CHECK_STR(buf, "2024-02-29");
    strcpy(buf, "keep");
    CHECK_FAIL(clm_format_date(buf, sizeof buf, CLM_DATE_MAX + 1, NULL), CLM_ERANGE);
    CHECK_FAIL(clm_format_date(buf, sizeof buf, CLM_DATE_MIN - 1, NULL), CLM_ERANGE);
    CHECK_STR(buf, "keep");
}

static void test_bad_input(void **state)
{
    (void)state;
    char buf[CLM_FORMAT_MAX];
    strcpy(buf, "keep");
    clm_money m = {.amount = 100, .currency = "RUB"};
    CHECK_FAIL(clm_format_money(NULL, 10, &m, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_format_money(buf, sizeof buf, NULL, NULL), CLM_EINVAL);
    clm_money bad = {.amount = 1, .currency = "XXQ"};
    CHECK_FAIL(clm_format_money(buf, sizeof buf, &bad, NULL), CLM_ECURRENCY);
    clm_money unterminated;
    unterminated.amount = 1;
    memcpy(unterminated.currency, "RUBX", 4);
    CHECK_FAIL(clm_format_money(buf, sizeof buf, &unterminated, NULL), CLM_ECURRENCY);
    CHECK_FAIL(clm_format_rate(NULL, 10, 1, 2, CLM_ROUND_HALF_EVEN, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_format_rate(buf, sizeof buf, 1, 5, CLM_ROUND_HALF_EVEN, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "decimals");
    CHECK_FAIL(clm_format_rate(buf, sizeof buf, 1, 2, (clm_rounding)99, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_format_date(NULL, 10, 0, NULL), CLM_EINVAL);

    clm_format_options o = CLM_FORMAT_OPTIONS_INIT;
    o.version = 0;
    CHECK_FAIL(clm_format_money(buf, sizeof buf, &m, &o), CLM_EVERSION);
    o.version = CLM_FORMAT_OPTIONS_VERSION + 1;
    CHECK_FAIL(clm_format_date(buf, sizeof buf, 0, &o), CLM_EVERSION);
    o = (clm_format_options)CLM_FORMAT_OPTIONS_INIT;
    o.decimal = "";
    CHECK_FAIL(clm_format_money(buf, sizeof buf, &m, &o), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "decimal");
    o = (clm_format_options)CLM_FORMAT_OPTIONS_INIT;
    o.group = "123456789"; /* 9 bytes */
    CHECK_FAIL(clm_format_money(buf, sizeof buf, &m, &o), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "group");
    o = (clm_format_options)CLM_FORMAT_OPTIONS_INIT;
    o.percent = "\n%";
    CHECK_FAIL(clm_format_rate(buf, sizeof buf, 1, 2, CLM_ROUND_HALF_EVEN, &o), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "percent");
    o = (clm_format_options)CLM_FORMAT_OPTIONS_INIT;
    o.group = "\xff";
    CHECK_FAIL(clm_format_money(buf, sizeof buf, &m, &o), CLM_EINVAL);
    o = (clm_format_options)CLM_FORMAT_OPTIONS_INIT;
    o.date_style = (clm_date_style)7;
    CHECK_FAIL(clm_format_date(buf, sizeof buf, 0, &o), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "date_style");
    CHECK_STR(buf, "keep");

    CHECK_FAIL(clm_format_options_init(NULL), CLM_EINVAL);
    clm_format_options z;
    memset(&z, 0xab, sizeof z);
    CHECK_OK(clm_format_options_init(&z));
    assert_int_equal(z.version, CLM_FORMAT_OPTIONS_VERSION);
    CHECK_STR(z.group, " ");
    CHECK_STR(z.decimal, ".");
    CHECK_STR(z.percent, "%");
    assert_int_equal(z.date_style, CLM_DATE_STYLE_ISO);
}

/* The widest value with the widest separators fits CLM_FORMAT_MAX. */
static void test_format_max(void **state)
{
    (void)state;
    clm_format_options o = CLM_FORMAT_OPTIONS_INIT;
    o.group = "12345678";
    o.decimal = "12345678";
    o.percent = "12345678";
    char buf[CLM_FORMAT_MAX];
    clm_money m = {.amount = INT64_MIN, .currency = "KWD"};
    int n = clm_format_money(buf, sizeof buf, &m, &o);
    assert_true(n > 0 && n < CLM_FORMAT_MAX);
    n = clm_format_rate(buf, sizeof buf, INT64_MIN, 0, CLM_ROUND_HALF_EVEN, &o);
    assert_true(n > 0 && n < CLM_FORMAT_MAX);
    /* 922337203685477 is 15 digits: 4 separators of 8 bytes */
    assert_int_equal(n, 1 + 15 + 4 * 8 + 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_format_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
