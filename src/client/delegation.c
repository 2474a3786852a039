/*
 * delegation.c — deputies acting for absent managers (delegation.h).
 */
#include <string.h>

#include "client_internal.h"
#include "clm/delegation.h"

typedef struct deleg {
    char *manager;
    char *deputy;
    clm_date first, last;
} deleg;

struct clm_delegations {
    deleg *items;       /* sorted by (manager, first) */
    size_t n, cap;
};

int clm_delegations_new(clm_delegations **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "delegations_new: NULL out");
    clm_delegations *d = clm_core__calloc(1, sizeof(*d));
    if (d == NULL)
        return clm_core__oom("delegations");
    *out = d;
    return 0;
}

void clm_delegations_free(clm_delegations *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n; i++) {
        clm_core__free(d->items[i].manager);
        clm_core__free(d->items[i].deputy);
    }
    clm_core__free(d->items);
    clm_core__free(d);
}

static int date_ok(clm_date x)
{
    return x >= CLM_DATE_MIN && x <= CLM_DATE_MAX;
}

static int cmp(const deleg *e, const char *manager, clm_date first)
{
    int r = strcmp(e->manager, manager);
    if (r != 0)
        return r;
    return e->first < first ? -1 : e->first > first;
}

int clm_delegations_add(clm_delegations *d, const char *manager, const char *deputy,
                        clm_date first, clm_date last)
{
    if (d == NULL)
        return clm_core__fail(CLM_EINVAL, "delegations_add: NULL set");
    int rc = clm_core__check_text(manager, CLM_CORE__TEXT_ID, "manager");
    if (rc < 0 || (rc = clm_core__check_text(deputy, CLM_CORE__TEXT_ID, "deputy")) < 0)
        return rc;
    if (strcmp(manager, deputy) == 0)
        return clm_core__fail_at(CLM_EINVAL, "deputy", "", 0,
                            "delegations_add: %s cannot be his own deputy", manager);
    if (!date_ok(first) || !date_ok(last))
        return clm_core__fail_at(CLM_ERANGE, !date_ok(first) ? "first" : "last", "", 0,
                            "delegations_add: date out of range");
    if (first > last)
        return clm_core__fail_at(CLM_ERANGE, "last", "", 0,
                            "delegations_add: the period ends before it starts");
    size_t at = 0;
    for (size_t i = 0; i < d->n; i++) {
        const deleg *e = &d->items[i];
        if (cmp(e, manager, first) < 0)
            at = i + 1;
        if (strcmp(e->manager, manager) == 0 && e->first <= last && first <= e->last) {
            char a[CLM_DATE_FORMAT_MAX] = "", b[CLM_DATE_FORMAT_MAX] = "";
            clm_date_format(a, sizeof(a), e->first);
            clm_date_format(b, sizeof(b), e->last);
            return clm_core__fail_at(CLM_EEXISTS, "first", "", 0,
                                "delegations_add: %s is already replaced by %s from %s to %s",
                                manager, e->deputy, a, b);
        }
    }
    deleg ne = { clm_core__strdup(manager), clm_core__strdup(deputy), first, last };
    if (ne.manager == NULL || ne.deputy == NULL ||
        clm_core__grow((void **)&d->items, &d->cap, d->n + 1, sizeof(deleg), "delegation") < 0) {
        clm_core__free(ne.manager);
        clm_core__free(ne.deputy);
        return clm_core__oom("delegation");
    }
    memmove(&d->items[at + 1], &d->items[at], (d->n - at) * sizeof(deleg));
    d->items[at] = ne;
    d->n++;
    return 0;
}

int clm_delegations_remove(clm_delegations *d, const char *manager, clm_date first)
{
    if (d == NULL || manager == NULL)
        return clm_core__fail(CLM_EINVAL, "delegations_remove: NULL argument");
    for (size_t i = 0; i < d->n; i++) {
        if (cmp(&d->items[i], manager, first) == 0) {
            clm_core__free(d->items[i].manager);
            clm_core__free(d->items[i].deputy);
            memmove(&d->items[i], &d->items[i + 1], (d->n - i - 1) * sizeof(deleg));
            d->n--;
            return 0;
        }
    }
    return clm_core__fail(CLM_ENOTFOUND, "delegations_remove: %s has no period starting then",
                     manager);
}

size_t clm_delegations_count(const clm_delegations *d)
{
    return d != NULL ? d->n : 0;
}

int clm_delegations_at(const char **manager, const char **deputy, clm_date *first,
                       clm_date *last, const clm_delegations *d, size_t i)
{
    if (d == NULL)
        return clm_core__fail(CLM_EINVAL, "delegations_at: NULL set");
    if (i >= d->n)
        return clm_core__fail(CLM_ERANGE, "delegations_at: index %zu, set has %zu", i, d->n);
    const deleg *e = &d->items[i];
    if (manager != NULL)
        *manager = e->manager;
    if (deputy != NULL)
        *deputy = e->deputy;
    if (first != NULL)
        *first = e->first;
    if (last != NULL)
        *last = e->last;
    return 0;
}

/* The period of `manager` covering `on`, or NULL. */
static const deleg *covering(const clm_delegations *d, const char *manager, clm_date on)
{
    if (d == NULL)
        return NULL;
    for (size_t i = 0; i < d->n; i++) {
        const deleg *e = &d->items[i];
        if (strcmp(e->manager, manager) == 0 && e->first <= on && on <= e->last)
            return e;
    }
    return NULL;
}

int clm_delegations_may_act(int *out, const clm_delegations *d, const char *user,
                            const char *manager, clm_date on)
{
    if (out == NULL || user == NULL || manager == NULL)
        return clm_core__fail(CLM_EINVAL, "delegations_may_act: NULL argument");
    if (!date_ok(on))
        return clm_core__fail_at(CLM_ERANGE, "on", "", 0, "delegations_may_act: date out of range");
    if (strcmp(user, manager) == 0) {
        *out = 1;
        return 0;
    }
    const deleg *e = covering(d, manager, on);
    *out = e != NULL && strcmp(e->deputy, user) == 0;
    return 0;
}

int clm_delegations_acting(const char **out, const clm_delegations *d,
                           const char *manager, clm_date on)
{
    if (out == NULL || manager == NULL)
        return clm_core__fail(CLM_EINVAL, "delegations_acting: NULL argument");
    if (!date_ok(on))
        return clm_core__fail_at(CLM_ERANGE, "on", "", 0, "delegations_acting: date out of range");
    const deleg *e = covering(d, manager, on);
    *out = e != NULL ? e->deputy : manager;
    return 0;
}
