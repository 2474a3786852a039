/* date.c — civil dates as day numbers (proleptic Gregorian). */
#include <stdio.h>
#include <string.h>

#include "clm/date.h"
#include "core/core.h"

/* Day number from a civil date and back: the era-based algorithms of Howard
 * Hinnant, "chrono-Compatible Low-Level Date Algorithms" (public domain),
 * exact for every date in 0001..9999. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp + (mp < 10 ? 3 : -9);
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

static int valid(clm_date d)
{
    return d >= CLM_DATE_MIN && d <= CLM_DATE_MAX;
}

int clm_date_from_ymd(clm_date *out, int year, int month, int day)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_date_from_ymd: out is NULL");
    if (year < 1 || year > 9999)
        return clm_core__fail_at(CLM_ERANGE, "year", NULL, 0, "date: year %d is outside 1..9999", year);
    if (month < 1 || month > 12)
        return clm_core__fail_at(CLM_ERANGE, "month", NULL, 0, "date: month %d is outside 1..12", month);
    if (day < 1 || day > month_days(year, month))
        return clm_core__fail_at(CLM_ERANGE, "day", NULL, 0, "date: %04d-%02d has no day %d", year, month, day);
    *out = (clm_date)days_from_civil(year, month, day);
    return 0;
}

int clm_date_to_ymd(clm_date d, int *year, int *month, int *day)
{
    if (!valid(d))
        return clm_core__fail(CLM_ERANGE, "date: day number %ld is outside 0001-01-01..9999-12-31", (long)d);
    int y, m, dd;
    civil_from_days(d, &y, &m, &dd);
    if (year != NULL)
        *year = y;
    if (month != NULL)
        *month = m;
    if (day != NULL)
        *day = dd;
    return 0;
}

int clm_date_weekday(clm_date d)
{
    if (!valid(d))
        return 0;
    /* 1970-01-01 (day 0) was a Thursday (ISO 4). */
    int64_t w = ((int64_t)d + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return i;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return -1;
}

int clm_date_parse(clm_date *out, const char *text)
{
    if (out == NULL || text == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_date_parse: %s is NULL", out == NULL ? "out" : "text");
    int y = 0, m = 0, d = 0, bad;
    if ((bad = digits(text, 4, &y)) >= 0)
        return clm_core__fail_at(CLM_EPARSE, "date", NULL, 0,
                            "date '%s': expected YYYY-MM-DD, a digit at character %d", text, bad + 1);
    if (text[4] != '-')
        return clm_core__fail_at(CLM_EPARSE, "date", NULL, 0, "date '%s': expected '-' at character 5", text);
    if ((bad = digits(text + 5, 2, &m)) >= 0)
        return clm_core__fail_at(CLM_EPARSE, "date", NULL, 0,
                            "date '%s': expected YYYY-MM-DD, a digit at character %d", text, bad + 6);
    if (text[7] != '-')
        return clm_core__fail_at(CLM_EPARSE, "date", NULL, 0, "date '%s': expected '-' at character 8", text);
    if ((bad = digits(text + 8, 2, &d)) >= 0)
        return clm_core__fail_at(CLM_EPARSE, "date", NULL, 0,
                            "date '%s': expected YYYY-MM-DD, a digit at character %d", text, bad + 9);
    if (text[10] != '\0')
        return clm_core__fail_at(CLM_EPARSE, "date", NULL, 0,
                            "date '%s': unexpected text after YYYY-MM-DD at character 11", text);
    clm_date r;
    int rc = clm_date_from_ymd(&r, y, m, d);
    if (rc != 0)
        return clm_core__fail_at(rc, "date", NULL, 0, "date '%s': no such day (%s)", text, clm_error_last()->message);
    *out = r;
    return 0;
}

int clm_date_format(char *buf, size_t size, clm_date d)
{
    if (buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_date_format: buf is NULL");
    int y, m, dd;
    if (clm_date_to_ymd(d, &y, &m, &dd) != 0)
        return CLM_ERANGE;
    if (size < CLM_DATE_FORMAT_MAX)
        return clm_core__fail(CLM_EBUFSIZE, "clm_date_format: buffer of %zu bytes is too small (needs 11)", size);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, dd);
    return 10;
}

int clm_date_add_days(clm_date *out, clm_date d, int32_t days)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_date_add_days: out is NULL");
    if (!valid(d))
        return clm_core__fail(CLM_ERANGE, "clm_date_add_days: day number %ld is not a valid date", (long)d);
    int64_t r = (int64_t)d + days;
    if (r < CLM_DATE_MIN || r > CLM_DATE_MAX)
        return clm_core__fail(CLM_ERANGE, "clm_date_add_days: the result falls outside 0001-01-01..9999-12-31");
    *out = (clm_date)r;
    return 0;
}

int clm_date_add_months(clm_date *out, clm_date d, int32_t months)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_date_add_months: out is NULL");
    int y, m, dd;
    if (clm_date_to_ymd(d, &y, &m, &dd) != 0)
        return CLM_ERANGE;
    int64_t idx = (int64_t)y * 12 + (m - 1) + months;
    int64_t ny = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
    int nm = (int)(idx - ny * 12) + 1;
    if (ny < 1 || ny > 9999)
        return clm_core__fail(CLM_ERANGE, "clm_date_add_months: the result falls outside 0001-01-01..9999-12-31");
    int last = month_days((int)ny, nm);
    *out = (clm_date)days_from_civil(ny, nm, dd > last ? last : dd);
    return 0;
}
