/* calendar.c — working-day calendars: weekend pattern plus dated exceptions. */
#include <assert.h>
#include <string.h>

#include "calendar_impl.h"
#include "core/core.h"

#define ALL_DAYS 0x7Fu

int clm_calendar_new(clm_calendar **out, const char *name)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_new: out is NULL");
    int rc = clm_core__check_text(name, CLM_CORE__TEXT_LINE, "name");
    if (rc < 0)
        return rc;
    clm_calendar *cal = clm_core__calloc(1, sizeof *cal);
    if (cal == NULL)
        return clm_core__oom("calendar");
    cal->name = clm_core__strdup(name != NULL ? name : "");
    if (cal->name == NULL) {
        clm_core__free(cal);
        return clm_core__oom("calendar name");
    }
    cal->weekend = CLM_WEEKEND_SAT_SUN;
    *out = cal;
    return 0;
}

void clm_calendar_free(clm_calendar *cal)
{
    if (cal == NULL)
        return;
    for (size_t i = 0; i < cal->count; i++)
        clm_core__free(cal->days[i].note);
    clm_core__free(cal->days);
    clm_core__free(cal->name);
    clm_core__free(cal);
}

int clm_calendar_dup(clm_calendar **out, const clm_calendar *cal)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_dup: NULL argument");
    clm_calendar *c;
    int rc = clm_calendar_new(&c, cal->name);
    if (rc != 0)
        return rc;
    c->weekend = cal->weekend;
    c->has_coverage = cal->has_coverage;
    c->first = cal->first;
    c->last = cal->last;
    if (cal->count > 0) {
        c->days = clm_core__calloc(cal->count, sizeof *c->days);
        if (c->days == NULL) {
            clm_calendar_free(c);
            return clm_core__oom("calendar days");
        }
        c->cap = cal->count;
        for (size_t i = 0; i < cal->count; i++) {
            c->days[i] = cal->days[i];
            c->days[i].note = NULL;
            c->count = i + 1;
            if (cal->days[i].note != NULL && (c->days[i].note = clm_core__strdup(cal->days[i].note)) == NULL) {
                clm_calendar_free(c);
                return clm_core__oom("calendar note");
            }
        }
    }
    *out = c;
    return 0;
}

const char *clm_calendar_name(const clm_calendar *cal)
{
    return cal != NULL ? cal->name : "";
}

int clm_calendar_set_weekend(clm_calendar *cal, unsigned int mask)
{
    if (cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_set_weekend: calendar is NULL");
    if ((mask & ~ALL_DAYS) != 0)
        return clm_core__fail_at(CLM_EINVAL, "weekend", NULL, 0,
                            "calendar: weekend mask 0x%x has bits beyond Sunday", mask);
    if (mask == ALL_DAYS)
        return clm_core__fail_at(CLM_EINVAL, "weekend", NULL, 0, "calendar: a weekend of all seven days leaves no working day");
    cal->weekend = mask;
    return 0;
}

unsigned int clm_calendar_weekend(const clm_calendar *cal)
{
    return cal != NULL ? cal->weekend : 0;
}

static int valid_date(clm_date d)
{
    return d >= CLM_DATE_MIN && d <= CLM_DATE_MAX;
}

/* `why` is a CLM_N_ text, translated here with the message; the days in
 * the thread's language's form (clm/lang.h). */
static int fail_date(int code, const clm_calendar *cal, clm_date d, const char *why)
{
    char a[CLM_CORE__TEXT_VALUE_MAX] = "?", f[CLM_CORE__TEXT_VALUE_MAX], l[CLM_CORE__TEXT_VALUE_MAX];
    if (valid_date(d))
        clm_core__date_text(a, sizeof a, d);
    if (cal->has_coverage) {
        clm_core__date_text(f, sizeof f, cal->first);
        clm_core__date_text(l, sizeof l, cal->last);
        return clm_core__fail_at(code, "date", NULL, 0, "calendar '%s': %s %s; its data covers %s..%s", cal->name,
                            clm_core__tr(why), a, f, l);
    }
    return clm_core__fail_at(code, "date", NULL, 0, "calendar '%s': %s %s", cal->name, clm_core__tr(why), a);
}

int clm_calendar_set_coverage(clm_calendar *cal, clm_date first, clm_date last)
{
    if (cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_set_coverage: calendar is NULL");
    if (!valid_date(first) || !valid_date(last))
        return clm_core__fail(CLM_ERANGE, "clm_calendar_set_coverage: invalid date");
    if (first > last)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_set_coverage: first is after last");
    if (cal->count > 0 && (cal->days[0].date < first || cal->days[cal->count - 1].date > last)) {
        clm_date bad = cal->days[0].date < first ? cal->days[0].date : cal->days[cal->count - 1].date;
        char b[CLM_DATE_FORMAT_MAX];
        clm_date_format(b, sizeof b, bad);
        return clm_core__fail_at(CLM_ERANGE, "date", NULL, 0,
                            "calendar '%s': the exception on %s lies outside the new coverage", cal->name, b);
    }
    cal->has_coverage = 1;
    cal->first = first;
    cal->last = last;
    return 0;
}

int clm_calendar_coverage(const clm_calendar *cal, clm_date *first, clm_date *last)
{
    if (cal == NULL || !cal->has_coverage)
        return 0;
    if (first != NULL)
        *first = cal->first;
    if (last != NULL)
        *last = cal->last;
    return 1;
}

/* Index of the first entry with date >= d. */
static int cmp_day(const void *key, const void *elem)
{
    clm_date d = *(const clm_date *)key, e = ((const calendar_day *)elem)->date;
    return (d > e) - (d < e);
}

static size_t lower_bound(const clm_calendar *cal, clm_date d)
{
    return clm_core__lower_bound(&d, cal->days, cal->count, sizeof cal->days[0], cmp_day);
}

int clm_calendar_add_day(clm_calendar *cal, clm_date d, clm_day_kind kind, const char *note)
{
    if (cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_add_day: calendar is NULL");
    if (kind != CLM_DAY_HOLIDAY && kind != CLM_DAY_WORKING)
        return clm_core__fail_at(CLM_EINVAL, "kind", NULL, 0, "clm_calendar_add_day: unknown day kind %d", (int)kind);
    if (!valid_date(d))
        return clm_core__fail_at(CLM_ERANGE, "date", NULL, 0, "clm_calendar_add_day: invalid date");
    if (cal->has_coverage && (d < cal->first || d > cal->last))
        return fail_date(CLM_ERANGE, cal, d, CLM_N_("cannot add an exception outside the coverage:"));
    int rc = clm_core__check_text(note, CLM_CORE__TEXT_NOTE, "note");
    if (rc < 0)
        return rc;
    /* Appending in date order (the common case: loaders sort first) is O(1). */
    size_t at = cal->count > 0 && cal->days[cal->count - 1].date < d ? cal->count : lower_bound(cal, d);
    if (at < cal->count && cal->days[at].date == d)
        return fail_date(CLM_EEXISTS, cal, d, CLM_N_("already has an exception on"));
    char *copy = NULL;
    if (note != NULL && (copy = clm_core__strdup(note)) == NULL)
        return clm_core__oom("calendar note");
    if (clm_core__grow((void **)&cal->days, &cal->cap, cal->count + 1, sizeof *cal->days,
                       "calendar days") < 0) {
        clm_core__free(copy);
        return CLM_ENOMEM;
    }
    assert(at == 0 || cal->days[at - 1].date < d); /* days sorted by date, unique */
    assert(at == cal->count || cal->days[at].date > d);
    memmove(&cal->days[at + 1], &cal->days[at], (cal->count - at) * sizeof *cal->days);
    cal->days[at].date = d;
    cal->days[at].kind = kind;
    cal->days[at].note = copy;
    cal->count++;
    return 0;
}

size_t clm_calendar_day_count(const clm_calendar *cal)
{
    return cal != NULL ? cal->count : 0;
}

int clm_calendar_day_at(clm_date *d, clm_day_kind *kind, const char **note,
                        const clm_calendar *cal, size_t i)
{
    if (cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_day_at: calendar is NULL");
    if (i >= cal->count)
        return clm_core__fail(CLM_ERANGE, "clm_calendar_day_at: index %zu, the calendar has %zu exceptions", i,
                         cal->count);
    if (d != NULL)
        *d = cal->days[i].date;
    if (kind != NULL)
        *kind = cal->days[i].kind;
    if (note != NULL)
        *note = cal->days[i].note != NULL ? cal->days[i].note : "";
    return 0;
}

int clm_core__calendar_day_status(const clm_calendar *cal, clm_date d, int *working)
{
    if (!valid_date(d))
        return clm_core__fail_at(CLM_ERANGE, "date", NULL, 0, "calendar '%s': a day beyond 0001-01-01..9999-12-31 is needed",
                            cal->name);
    if (cal->has_coverage && (d < cal->first || d > cal->last))
        return fail_date(CLM_ERANGE, cal, d, CLM_N_("has no data for"));
    size_t at = lower_bound(cal, d);
    if (at < cal->count && cal->days[at].date == d) {
        *working = cal->days[at].kind == CLM_DAY_WORKING;
        return 0;
    }
    *working = (cal->weekend & CLM_WEEKDAY_BIT(clm_date_weekday(d))) == 0;
    return 0;
}

int clm_calendar_is_working(int *out, const clm_calendar *cal, clm_date d)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_is_working: NULL argument");
    int w = 0;
    int rc = clm_core__calendar_day_status(cal, d, &w);
    if (rc != 0)
        return rc;
    *out = w;
    return 0;
}

int clm_calendar_roll_forward(clm_date *out, const clm_calendar *cal, clm_date d)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_roll_forward: NULL argument");
    for (;; d++) {
        int w = 0;
        int rc = clm_core__calendar_day_status(cal, d, &w);
        if (rc != 0)
            return rc;
        if (w) {
            *out = d;
            return 0;
        }
    }
}

int clm_calendar_add_working_days(clm_date *out, const clm_calendar *cal, clm_date d, int32_t n)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_add_working_days: NULL argument");
    if (n < 0)
        return clm_core__fail_at(CLM_EINVAL, "n", NULL, 0, "clm_calendar_add_working_days: n = %ld is negative", (long)n);
    if (n == 0)
        return clm_calendar_roll_forward(out, cal, d);
    if (!valid_date(d))
        return clm_core__fail_at(CLM_ERANGE, "date", NULL, 0, "clm_calendar_add_working_days: invalid date");
    while (n > 0) {
        d++;
        int w = 0;
        int rc = clm_core__calendar_day_status(cal, d, &w);
        if (rc != 0)
            return rc;
        n -= w;
    }
    *out = d;
    return 0;
}

int clm_calendar_count_working_days(int32_t *out, const clm_calendar *cal, clm_date first, clm_date last)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_count_working_days: NULL argument");
    int32_t n = 0;
    for (clm_date d = first; d <= last; d++) {
        int w = 0;
        int rc = clm_core__calendar_day_status(cal, d, &w);
        if (rc != 0)
            return rc;
        n += w;
        if (d == CLM_DATE_MAX)
            break;
    }
    *out = n;
    return 0;
}
