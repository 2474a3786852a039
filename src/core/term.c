/* term.c — the end of a legal term (Russian Civil Code art. 191-194). */
#include "calendar_impl.h"
#include "core/core.h"

int clm_term_end(clm_date *out, const clm_calendar *cal, clm_date event, int32_t n, clm_term_unit unit)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_term_end: NULL argument");
    if (n < 0)
        return clm_core__fail_at(CLM_EINVAL, "n", NULL, 0, "clm_term_end: a term of %ld units is negative", (long)n);
    clm_date last;
    int rc;
    switch (unit) {
    case CLM_TERM_DAYS:
        /* Art. 191: the term starts on the day after the event, so its n-th
         * day is event + n. */
        rc = clm_date_add_days(&last, event, n);
        break;
    case CLM_TERM_MONTHS:
        /* Art. 192 p. 3: the same-numbered day of the last month, or that
         * month's last day (clm_date_add_months clamps). */
        rc = clm_date_add_months(&last, event, n);
        break;
    case CLM_TERM_WORKING_DAYS:
        return clm_calendar_add_working_days(out, cal, event, n);
    default:
        return clm_core__fail_at(CLM_EINVAL, "unit", NULL, 0, "clm_term_end: unknown term unit %d", (int)unit);
    }
    if (rc != 0)
        return rc;
    /* Art. 193: a last day that is not a working day moves to the next
     * working day. Art. 194: the term runs until 24:00 of that day. */
    return clm_calendar_roll_forward(out, cal, last);
}
