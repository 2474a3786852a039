/* calendar_impl.h — the calendar's representation, shared by calendar.c and
 * term.c. Not installed. */
#ifndef CLM_CALENDAR_IMPL_H
#define CLM_CALENDAR_IMPL_H

#include "clm/calendar.h"

typedef struct calendar_day {
    clm_date date;
    clm_day_kind kind;
    char *note; /* owned, may be NULL */
} calendar_day;

struct clm_calendar {
    char *name;              /* owned, never NULL */
    unsigned int weekend;    /* CLM_WEEKDAY_BIT mask */
    int has_coverage;
    clm_date first, last;    /* inclusive, when has_coverage */
    calendar_day *days;      /* sorted by date, unique */
    size_t count, cap;
};

/* *working = 1/0 for day d; CLM_ERANGE (recorded) outside coverage or for an
 * invalid date. */
int clm_core__calendar_day_status(const clm_calendar *cal, clm_date d, int *working);

#endif
