/*
 * calendar.h — working-day calendars and legal terms.
 *
 * A calendar says which days are working days: a weekly pattern of weekend
 * days, plus dated exceptions — holidays (non-working days that fall on a
 * weekday, including days off moved there by decree) and transferred
 * working days (a Saturday made a working day by decree).
 *
 * A calendar may declare the period its data covers (clm_calendar_set_coverage).
 * Outside a declared coverage the holidays are unknown, so every function
 * that would need a day outside it fails with CLM_ERANGE instead of
 * silently treating holidays as working days: a deadline that decides
 * money is never computed on a guess. A calendar without a declared
 * coverage trusts its data for every date.
 *
 * Calendars are built in code (below) or loaded from XML (xml.h,
 * schema calendar.xsd). libclm ships the Russian production calendar
 * (clm_calendar_new_ru()).
 *
 * Thread safety: functions taking `const clm_calendar *` may run
 * concurrently; the others need exclusive access.
 */
#ifndef CLM_CALENDAR_H
#define CLM_CALENDAR_H

#include "common.h"
#include "date.h"

CLM_BEGIN_DECLS

typedef struct clm_calendar clm_calendar;

/** Weekend masks: bit (weekday - 1) set means that weekday is a day off. */
#define CLM_WEEKDAY_BIT(wd) (1u << ((wd) - 1))
#define CLM_WEEKEND_SAT_SUN (CLM_WEEKDAY_BIT(CLM_SATURDAY) | CLM_WEEKDAY_BIT(CLM_SUNDAY))
#define CLM_WEEKEND_FRI     (CLM_WEEKDAY_BIT(CLM_FRIDAY))

/** What a dated exception says about its day. */
typedef enum clm_day_kind {
    CLM_DAY_HOLIDAY = 1,  /**< non-working (public holiday or day off by decree) */
    CLM_DAY_WORKING = 2   /**< working, even if its weekday is a weekend day */
} clm_day_kind;

/**
 * Creates an empty calendar named `name` (copied; may be NULL for "") with
 * a Saturday-Sunday weekend, no exceptions and no declared coverage.
 * Errors: CLM_EINVAL (NULL out; a name that is not valid UTF-8 or holds a
 * control character other than tab, LF, CR), CLM_ENOMEM. *out untouched on error.
 * Free with clm_calendar_free().
 */
CLM_API int clm_calendar_new(clm_calendar **out, const char *name);

/**
 * Creates the Russian production calendar built into the library: weekends
 * Saturday-Sunday, public holidays of Labour Code art. 112 and the transfers
 * of Government decrees No. 1314 of 10.08.2023 (for 2024), No. 1335 of
 * 04.10.2024 (for 2025) and No. 1466 of 24.09.2025 (for 2026); coverage
 * 2024-01-01 .. 2026-12-31 (248, 247 and 247 working days). It is built
 * from the file installed as calendars/ru.xml (docs/rules.md, "Calendars and
 * terms"); a later year or another country is a file of the same format
 * read with clm_calendar_load_file() (xml.h). Errors: CLM_EINVAL, CLM_ENOMEM.
 */
CLM_API int clm_calendar_new_ru(clm_calendar **out);

/** Frees a calendar; NULL is a no-op. */
CLM_API void clm_calendar_free(clm_calendar *cal);

/** A deep copy. Errors: CLM_EINVAL, CLM_ENOMEM (*out untouched). */
CLM_API int clm_calendar_dup(clm_calendar **out, const clm_calendar *cal);

/** The calendar's name; owned by the calendar. "" if none. */
CLM_API const char *clm_calendar_name(const clm_calendar *cal);

/**
 * Sets the weekend (a mask of CLM_WEEKDAY_BIT values).
 * Errors: CLM_EINVAL (NULL, bits beyond Sunday, or all seven days off).
 */
CLM_API int clm_calendar_set_weekend(clm_calendar *cal, unsigned int mask);

/** The weekend mask. */
CLM_API unsigned int clm_calendar_weekend(const clm_calendar *cal);

/**
 * Declares that the calendar's exceptions are complete for first..last
 * (inclusive). Errors: CLM_EINVAL (NULL, first > last), CLM_ERANGE (invalid
 * date, or an existing exception outside the range). Unchanged on error.
 */
CLM_API int clm_calendar_set_coverage(clm_calendar *cal, clm_date first,
                                      clm_date last);

/**
 * The declared coverage: 1 and *first, *last set if one is declared, 0 (and
 * outputs untouched) if none. Either output may be NULL.
 */
CLM_API int clm_calendar_coverage(const clm_calendar *cal, clm_date *first,
                                  clm_date *last);

/**
 * Adds a dated exception. `note` (copied, may be NULL) records its reason
 * ("New Year holidays", "decree No. 1335: 4 Jan moved to 2 May").
 * `note` must be valid UTF-8 without control characters other than tab,
 * LF and CR (so every calendar can be saved as XML and read back).
 * Adding in date order costs O(1); out of order, O(number of exceptions).
 * Errors: CLM_EINVAL (NULL cal, bad kind, bad note text), CLM_ERANGE (invalid date or
 * outside the declared coverage), CLM_EEXISTS (the date already has an
 * exception), CLM_ENOMEM. The calendar is unchanged on error.
 */
CLM_API int clm_calendar_add_day(clm_calendar *cal, clm_date d,
                                 clm_day_kind kind, const char *note);

/** Number of dated exceptions. */
CLM_API size_t clm_calendar_day_count(const clm_calendar *cal);

/**
 * The i-th exception in date order (0 <= i < count). Outputs may be NULL;
 * *note is owned by the calendar. Errors: CLM_EINVAL, CLM_ERANGE (i too large).
 */
CLM_API int clm_calendar_day_at(clm_date *d, clm_day_kind *kind, const char **note,
                                const clm_calendar *cal, size_t i);

/**
 * *out = 1 if `d` is a working day, 0 if not.
 * Errors: CLM_EINVAL (NULL), CLM_ERANGE (invalid date or outside the
 * declared coverage). *out untouched on error.
 */
CLM_API int clm_calendar_is_working(int *out, const clm_calendar *cal, clm_date d);

/**
 * *out = d if d is a working day, else the first working day after it.
 * Errors: CLM_EINVAL, CLM_ERANGE (a day needed lies outside the coverage).
 */
CLM_API int clm_calendar_roll_forward(clm_date *out, const clm_calendar *cal,
                                      clm_date d);

/**
 * *out = the n-th working day after d (n >= 0; n = 0 gives d rolled
 * forward). d itself is never counted: 5 working days after a Friday is the
 * next Friday on a plain Saturday-Sunday calendar.
 * Errors: CLM_EINVAL (NULL, n < 0), CLM_ERANGE (outside coverage).
 */
CLM_API int clm_calendar_add_working_days(clm_date *out, const clm_calendar *cal,
                                          clm_date d, int32_t n);

/**
 * *out = number of working days in first..last, both included (0 if
 * first > last). Errors: CLM_EINVAL, CLM_ERANGE.
 */
CLM_API int clm_calendar_count_working_days(int32_t *out, const clm_calendar *cal,
                                            clm_date first, clm_date last);

/** How a legal term is counted. */
typedef enum clm_term_unit {
    CLM_TERM_DAYS = 1,          /**< calendar days (art. 191, 193) */
    CLM_TERM_WORKING_DAYS = 2,  /**< working days of the calendar */
    CLM_TERM_MONTHS = 3         /**< calendar months (art. 192, 193) */
} clm_term_unit;

/**
 * The last day of a term of `n` units that starts with the event on `event`.
 *
 * Russian Civil Code:
 *  - art. 191: a term counted in days or months starts on the day after the
 *    event, so n days after 4 March ends on 4 March + n;
 *  - art. 192 p. 3: a term in months ends on the same-numbered day of the
 *    last month, or on that month's last day if it has no such day;
 *  - art. 193: if the last day is a non-working day, the term ends on the
 *    next working day (applied to every unit);
 *  - art. 194: the term runs to 24:00 of that day, so whole dates suffice.
 * For CLM_TERM_WORKING_DAYS the result is clm_calendar_add_working_days().
 *
 * Example (docs/rules.md, "Calendars and terms"): event Fri 1 Mar 2024,
 * 7 days -> 8 Mar (holiday), 9-10 Mar weekend -> Mon 11 Mar 2024.
 *
 * Errors: CLM_EINVAL (NULL, n < 0, unknown unit), CLM_ERANGE (a day needed
 * lies outside the calendar's coverage or outside valid dates).
 * *out untouched on error. Thread-safe for a const calendar.
 */
CLM_API int clm_term_end(clm_date *out, const clm_calendar *cal, clm_date event,
                         int32_t n, clm_term_unit unit);

CLM_END_DECLS

#endif /* CLM_CALENDAR_H */
