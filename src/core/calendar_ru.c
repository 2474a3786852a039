/* calendar_ru.c — the Russian production calendar built into the library.
 *
 * Public holidays: Labour Code of the Russian Federation, art. 112 (1-6 and
 * 8 January New Year holidays, 7 January Christmas, 23 February, 8 March,
 * 1 May, 9 May, 12 June, 4 November; a holiday on a weekend moves to the next
 * working day, except the January ones, which government decrees move).
 * Transfers: Government decree No. 1335 of 04.10.2024 (2025) and No. 1466
 * of 24.09.2025 (2026). The same data is data/calendars/ru.xml; the tests
 * compare the two day by day. */
#include "clm/calendar.h"
#include "core/core.h"

static const struct {
    int y, m, d;
    clm_day_kind kind;
    const char *note;
} ru_days[] = {
    { 2025, 1, 1, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2025, 1, 2, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2025, 1, 3, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2025, 1, 4, CLM_DAY_HOLIDAY, "New Year holidays, a Saturday: day off moved to 2 May by decree No. 1335" },
    { 2025, 1, 5, CLM_DAY_HOLIDAY, "New Year holidays, a Sunday: day off moved to 31 December by decree No. 1335" },
    { 2025, 1, 6, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2025, 1, 7, CLM_DAY_HOLIDAY, "Christmas (Labour Code art. 112)" },
    { 2025, 1, 8, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2025, 2, 23, CLM_DAY_HOLIDAY, "Defender of the Fatherland Day, a Sunday: day off moved to 8 May by decree No. 1335" },
    { 2025, 3, 8, CLM_DAY_HOLIDAY, "International Women's Day, a Saturday: day off moved to 13 June by decree No. 1335" },
    { 2025, 5, 1, CLM_DAY_HOLIDAY, "Spring and Labour Day (Labour Code art. 112)" },
    { 2025, 5, 2, CLM_DAY_HOLIDAY, "day off moved from 4 January by decree No. 1335" },
    { 2025, 5, 8, CLM_DAY_HOLIDAY, "day off moved from 23 February by decree No. 1335" },
    { 2025, 5, 9, CLM_DAY_HOLIDAY, "Victory Day (Labour Code art. 112)" },
    { 2025, 6, 12, CLM_DAY_HOLIDAY, "Russia Day (Labour Code art. 112)" },
    { 2025, 6, 13, CLM_DAY_HOLIDAY, "day off moved from 8 March by decree No. 1335" },
    { 2025, 11, 1, CLM_DAY_WORKING, "working Saturday; its day off moved to 3 November by decree No. 1335" },
    { 2025, 11, 3, CLM_DAY_HOLIDAY, "day off moved from Saturday 1 November by decree No. 1335" },
    { 2025, 11, 4, CLM_DAY_HOLIDAY, "National Unity Day (Labour Code art. 112)" },
    { 2025, 12, 31, CLM_DAY_HOLIDAY, "day off moved from 5 January by decree No. 1335" },
    { 2026, 1, 1, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2026, 1, 2, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2026, 1, 3, CLM_DAY_HOLIDAY, "New Year holidays, a Saturday: day off moved to 9 January by decree No. 1466" },
    { 2026, 1, 4, CLM_DAY_HOLIDAY, "New Year holidays, a Sunday: day off moved to 31 December by decree No. 1466" },
    { 2026, 1, 5, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2026, 1, 6, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2026, 1, 7, CLM_DAY_HOLIDAY, "Christmas (Labour Code art. 112)" },
    { 2026, 1, 8, CLM_DAY_HOLIDAY, "New Year holidays (Labour Code art. 112)" },
    { 2026, 1, 9, CLM_DAY_HOLIDAY, "day off moved from 3 January by decree No. 1466" },
    { 2026, 2, 23, CLM_DAY_HOLIDAY, "Defender of the Fatherland Day (Labour Code art. 112)" },
    { 2026, 3, 8, CLM_DAY_HOLIDAY, "International Women's Day, a Sunday: moves to 9 March (Labour Code art. 112)" },
    { 2026, 3, 9, CLM_DAY_HOLIDAY, "day off moved from Sunday 8 March (Labour Code art. 112)" },
    { 2026, 5, 1, CLM_DAY_HOLIDAY, "Spring and Labour Day (Labour Code art. 112)" },
    { 2026, 5, 9, CLM_DAY_HOLIDAY, "Victory Day, a Saturday: moves to 11 May (Labour Code art. 112)" },
    { 2026, 5, 11, CLM_DAY_HOLIDAY, "day off moved from Saturday 9 May (Labour Code art. 112)" },
    { 2026, 6, 12, CLM_DAY_HOLIDAY, "Russia Day (Labour Code art. 112)" },
    { 2026, 11, 4, CLM_DAY_HOLIDAY, "National Unity Day (Labour Code art. 112)" },
    { 2026, 12, 31, CLM_DAY_HOLIDAY, "day off moved from 4 January by decree No. 1466" },
};

int clm_calendar_new_ru(clm_calendar **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_new_ru: out is NULL");
    clm_calendar *cal = NULL;
    int rc = clm_calendar_new(&cal, "RU");
    clm_date first, last;
    if (rc == 0)
        rc = clm_date_from_ymd(&first, 2025, 1, 1);
    if (rc == 0)
        rc = clm_date_from_ymd(&last, 2026, 12, 31);
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
