/*
 * date.h — whole-day civil dates.
 *
 * A clm_date is a count of days since 1970-01-01 in the proleptic Gregorian
 * calendar (1970-01-01 is 0, 1969-12-31 is -1). Business rules work in whole
 * days: a term "ends at 24:00 of its last day" (Civil Code art. 194), so a
 * time of day never enters a deadline. Valid dates run from 0001-01-01 to
 * 9999-12-31 (CLM_DATE_MIN .. CLM_DATE_MAX); functions reject anything else.
 */
#ifndef CLM_DATE_H
#define CLM_DATE_H

#include "common.h"

CLM_BEGIN_DECLS

typedef int32_t clm_date;

#define CLM_DATE_MIN (-719162)   /**< 0001-01-01 */
#define CLM_DATE_MAX 2932896     /**< 9999-12-31 */

/** ISO 8601 weekdays. */
typedef enum clm_weekday {
    CLM_MONDAY = 1, CLM_TUESDAY, CLM_WEDNESDAY, CLM_THURSDAY,
    CLM_FRIDAY, CLM_SATURDAY, CLM_SUNDAY
} clm_weekday;

/**
 * *out = the date year-month-day.
 * Errors: CLM_EINVAL (NULL out), CLM_ERANGE (year outside 1..9999, month
 * outside 1..12, day outside the month: 2025-02-29 is an error; the
 * message names the field). *out untouched on error. Thread-safe.
 */
CLM_API int clm_date_from_ymd(clm_date *out, int year, int month, int day);

/**
 * Splits `d` into year, month (1-12) and day (1-31); any output may be NULL.
 * Errors: CLM_ERANGE if d is outside CLM_DATE_MIN..CLM_DATE_MAX (outputs
 * untouched). Thread-safe.
 */
CLM_API int clm_date_to_ymd(clm_date d, int *year, int *month, int *day);

/** The ISO weekday of a valid date (Monday = 1 .. Sunday = 7); 0 if the date
 *  is out of range. Thread-safe. */
CLM_API int clm_date_weekday(clm_date d);

/**
 * Parses an ISO 8601 calendar date in extended form, exactly "YYYY-MM-DD".
 * Errors: CLM_EINVAL (NULL), CLM_EPARSE (wrong shape: the message gives the
 * offending character), CLM_ERANGE (no such date, e.g. "2025-02-30").
 * *out untouched on error. Thread-safe.
 */
CLM_API int clm_date_parse(clm_date *out, const char *text);

/** Buffer size that holds "YYYY-MM-DD" and its NUL. */
#define CLM_DATE_FORMAT_MAX 11

/**
 * Writes `d` as "YYYY-MM-DD". Returns 10 on success.
 * Errors: CLM_EINVAL (NULL buf), CLM_ERANGE (invalid date), CLM_EBUFSIZE
 * (size < CLM_DATE_FORMAT_MAX; buf untouched). Thread-safe.
 */
CLM_API int clm_date_format(char *buf, size_t size, clm_date d);

/**
 * *out = d + days (days may be negative).
 * Errors: CLM_EINVAL (NULL), CLM_ERANGE (d invalid or the result outside
 * CLM_DATE_MIN..CLM_DATE_MAX). *out untouched on error. Thread-safe.
 */
CLM_API int clm_date_add_days(clm_date *out, clm_date d, int32_t days);

/**
 * *out = d plus `months` calendar months (may be negative). Where the
 * target month is shorter, the result is its last day (31 Jan + 1 month =
 * 28/29 Feb), as Civil Code art. 192 p. 3 reads a term in months.
 * Errors: CLM_EINVAL, CLM_ERANGE. *out untouched on error. Thread-safe.
 */
CLM_API int clm_date_add_months(clm_date *out, clm_date d, int32_t months);

CLM_END_DECLS

#endif /* CLM_DATE_H */
