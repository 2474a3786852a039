/*
 * model_missing.c — the inputs a model needs that statements lack
 * (clm_credit_model_missing(), clm/credit_model.h): all of them at once,
 * where scoring names only the first it meets.
 */
#include "model_internal.h"

/* Marks each slot in `slots` whose line `st` does not give in the current
 * period (1600 and 1700 stand for each other, as scoring reads them). */
static void mark(unsigned char *missing, const clm_credit_statements *st,
                 const signed char *slots, size_t n)
{
    const unsigned char *cur = st->present[CLM_CREDIT_CURRENT];
    for (size_t i = 0; i < n; i++) {
        int s = slots[i];
        if (s == CLM_CREDIT__SLOT_MVE) {
            if (!st->has_mve)
                missing[s] = 1;
        } else if (!cur[s] && !(s == CLM_CREDIT__SLOT_1600 && cur[CLM_CREDIT__SLOT_1700]) &&
                   !(s == CLM_CREDIT__SLOT_1700 && cur[CLM_CREDIT__SLOT_1600])) {
            missing[s] = 1;
        }
    }
}

int clm_credit_model_missing(int *out, size_t cap, size_t *count, const clm_credit_model *m,
                             const clm_credit_statements *st)
{
    if (m == NULL || st == NULL || count == NULL || (out == NULL && cap > 0))
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_missing: %s is NULL",
                              m == NULL ? "model" : st == NULL ? "statements"
                                                  : count == NULL ? "count" : "out");
    unsigned char missing[CLM_CREDIT__NLINES + 1] = { 0 }; /* by slot; the last: MVE */
    for (size_t i = 0; i < m->nratios; i++) {
        const clm_credit__ratio *r = &m->ratios[i];
        if (st->ngiven > 0 && clm_credit__given_find(st, r->name) != NULL)
            continue;
        mark(missing, st, r->num_slot, r->nnum);
        mark(missing, st, r->den_slot, r->nden);
    }
    size_t n = 0;
    for (int s = 0; s <= CLM_CREDIT__NLINES; s++)
        n += missing[s];
    if (out == NULL) { /* the size query */
        *count = n;
        return CLM_OK;
    }
    if (n > cap)
        return clm_core__fail(CLM_EBUFSIZE, "clm_credit_model_missing: model '%s' lacks %zu"
                              " inputs, room for %zu", m->name, n, cap);
    size_t k = 0;
    /* slots ascend with the line codes; the market value's slot is last */
    for (int s = 0; s <= CLM_CREDIT__NLINES; s++)
        if (missing[s])
            out[k++] = s == CLM_CREDIT__SLOT_MVE ? CLM_CREDIT_LINE_MVE : clm_credit__codes[s];
    *count = n;
    return CLM_OK;
}
