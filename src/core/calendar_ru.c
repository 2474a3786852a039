/* calendar_ru.c — the Russian production calendar built into the library.
 *
 * The data is data/calendars/ru.xml, the one copy: Labour Code of the
 * Russian Federation art. 112 (public holidays; a holiday on a weekend moves
 * to the next working day, except the January ones) and the Government
 * decrees on the transfer of days off: No. 1314 of 10.08.2023 (2024),
 * No. 1335 of 04.10.2024 (2025) and No. 1466 of 24.09.2025 (2026); see
 * docs/rules.md, "Calendars and terms". Core sits below the xml layer and
 * cannot parse XML, so tools/gen_calendar.py turns the file into the table
 * included below at build time (src/core/meson.build). */
#include <stddef.h>

#include "clm/calendar.h"
#include "core/core.h"

typedef struct ru_day {
    int y, m, d;
    clm_day_kind kind;
    const char *note;
} ru_day;

#include "core/calendar_ru_data.h" /* generated: ru_name, ru_weekend, ru_from, ru_to, ru_days */

int clm_calendar_new_ru(clm_calendar **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_new_ru: out is NULL");
    clm_calendar *cal = NULL;
    int rc = clm_calendar_new(&cal, ru_name);
    clm_date first, last;
    if (rc == 0)
        rc = clm_calendar_set_weekend(cal, ru_weekend);
    if (rc == 0)
        rc = clm_date_from_ymd(&first, ru_from[0], ru_from[1], ru_from[2]);
    if (rc == 0)
        rc = clm_date_from_ymd(&last, ru_to[0], ru_to[1], ru_to[2]);
    if (rc == 0)
        rc = clm_calendar_set_coverage(cal, first, last);
    for (size_t i = 0; rc == 0 && i < sizeof ru_days / sizeof ru_days[0]; i++) {
        clm_date d;
        rc = clm_date_from_ymd(&d, ru_days[i].y, ru_days[i].m, ru_days[i].d);
        if (rc == 0)
            rc = clm_calendar_add_day(cal, d, ru_days[i].kind, ru_days[i].note);
    }
    if (rc != 0) {
        clm_calendar_free(cal);
        return rc;
    }
    *out = cal;
    return 0;
}
