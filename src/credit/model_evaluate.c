/*
 * model_evaluate.c — scoring statements with a model (clm/credit_model.h):
 * each ratio from the lines (or given directly), then the score, the
 * probability and the band in the order model_kernel.c states.
 */
#include <math.h>
#include <string.h>

#include "model_internal.h"

/* The slot holding `slot`'s value in `period`: itself, or for 1600 and 1700
 * (the two sides of one balance) the other when only that one is given;
 * -1 when absent. */
static int present_slot(const clm_credit_statements *st, int period, int slot)
{
    if (st->present[period][slot])
        return slot;
    if (slot == CLM_CREDIT__SLOT_1600 && st->present[period][CLM_CREDIT__SLOT_1700])
        return CLM_CREDIT__SLOT_1700;
    if (slot == CLM_CREDIT__SLOT_1700 && st->present[period][CLM_CREDIT__SLOT_1600])
        return CLM_CREDIT__SLOT_1600;
    return -1;
}

/* Twice the item's value (so an average needs no halving), in minor units. */
static int read_item(clm_core__i128 *out, clm_credit__eval *ev, const clm_credit_model *m,
                     const clm_credit__ratio *r, const clm_credit_statements *st,
                     const clm_credit_item *it, int slot, int explain)
{
    clm_core__i128 v;
    if (slot == CLM_CREDIT__SLOT_MVE) {
        if (!st->has_mve)
            return clm_core__fail(CLM_ENOTFOUND, "credit model '%s', ratio '%s': needs the"
                                  " market value of equity, which the statements do not give",
                                  m->name, r->name);
        v = (clm_core__i128)st->mve * 2;
        if (explain) {
            ev->used[0][slot] = 1;
            ev->read[0][slot] = st->mve;
        }
    } else {
        int cs = present_slot(st, CLM_CREDIT_CURRENT, slot);
        if (cs < 0)
            return clm_core__fail(CLM_ENOTFOUND, "credit model '%s', ratio '%s': needs line %d,"
                                  " which the statements do not give", m->name, r->name,
                                  it->line);
        int ps = it->average ? present_slot(st, CLM_CREDIT_PRIOR, slot) : -1;
        clm_core__i128 c = st->amount[CLM_CREDIT_CURRENT][cs];
        v = ps >= 0 ? c + st->amount[CLM_CREDIT_PRIOR][ps] : c * 2;
        if (explain) {
            ev->used[CLM_CREDIT_CURRENT][cs] = 1;
            ev->read[CLM_CREDIT_CURRENT][cs] = st->amount[CLM_CREDIT_CURRENT][cs];
            if (ps >= 0) {
                ev->used[CLM_CREDIT_PRIOR][ps] = 1;
                ev->read[CLM_CREDIT_PRIOR][ps] = st->amount[CLM_CREDIT_PRIOR][ps];
            }
        }
    }
    *out = it->negate ? -v : v;
    return CLM_OK;
}

static int sum_items(clm_core__i128 *out, clm_credit__eval *ev, const clm_credit_model *m,
                     const clm_credit__ratio *r, const clm_credit_statements *st,
                     const clm_credit_item *items, const signed char *slots, size_t n,
                     int explain)
{
    clm_core__i128 s = 0;
    for (size_t i = 0; i < n; i++) {
        clm_core__i128 v = 0;
        int rc = read_item(&v, ev, m, r, st, &items[i], slots[i], explain);
        if (rc != CLM_OK)
            return rc;
        s += v; /* at most 16 items of 2^64: far inside 128 bits */
    }
    *out = s;
    return CLM_OK;
}

static double major(clm_core__i128 twice, uint8_t exponent)
{
    double scale = 2.0;
    for (uint8_t i = 0; i < exponent; i++)
        scale *= 10.0;
    return (double)twice / scale;
}

int clm_credit__evaluate(clm_credit__eval *ev, const clm_credit_model *m,
                         const clm_credit_statements *st, int explain)
{
    if (m->nratios == 0 || !m->closed)
        return clm_core__fail(CLM_EINVAL, "credit model '%s' is incomplete: it needs at least"
                              " one ratio and a last band open upwards", m->name);
    const int s16 = CLM_CREDIT__SLOT_1600, s17 = CLM_CREDIT__SLOT_1700;
    for (int p = 0; p < 2; p++)
        if (st->present[p][s16] && st->present[p][s17] && st->amount[p][s16] != st->amount[p][s17])
            return clm_core__fail(CLM_EINVAL, "credit statements: line 1600 (total assets) and"
                                  " line 1700 (total equity and liabilities) of the %s period"
                                  " differ: the balance does not balance",
                                  p == 0 ? "current" : "prior");
    if (explain)
        memset(ev, 0, sizeof *ev);
    for (size_t i = 0; i < m->nratios; i++) {
        const clm_credit__ratio *r = &m->ratios[i];
        const clm_credit__given *g = st->ngiven > 0 ? clm_credit__given_find(st, r->name) : NULL;
        double value;
        if (g != NULL) {
            value = g->value;
            if (explain)
                ev->given[i] = 1;
        } else {
            clm_core__i128 num, den = 0;
            int rc = sum_items(&num, ev, m, r, st, r->num, r->num_slot, r->nnum, explain);
            if (rc == CLM_OK && r->nden > 0)
                rc = sum_items(&den, ev, m, r, st, r->den, r->den_slot, r->nden, explain);
            if (rc != CLM_OK)
                return rc;
            if (r->nden > 0) {
                if (den == 0)
                    return clm_core__fail(CLM_ERANGE, "credit model '%s', ratio '%s': the"
                                          " denominator is zero", m->name, r->name);
                value = clm_credit__quotient(num, den);
            } else {
                value = major(num, st->exponent);
            }
            if (explain) {
                ev->num[i] = major(num, st->exponent);
                ev->den[i] = r->nden > 0 ? major(den, st->exponent) : 0.0;
            }
        }
        if (!isfinite(value))
            return clm_core__fail(CLM_ERANGE, "credit model '%s', ratio '%s' is not a finite"
                                  " number", m->name, r->name);
        ev->values[i] = value;
    }
    double score = clm_credit__score(m->constant, m->coefs, ev->values, m->nratios, ev->terms);
    if (!isfinite(score))
        return clm_core__fail(CLM_ERANGE, "credit model '%s': the score is not a finite number",
                              m->name);
    double p = 0.0;
    if (m->kind == CLM_CREDIT_PROBIT)
        p = clm_credit__probit(score);
    else if (m->kind == CLM_CREDIT_LOGIT)
        p = clm_credit__logit(score);
    double banded = m->band_on == CLM_CREDIT_BAND_PROBABILITY ? p
                    : m->band_on == CLM_CREDIT_BAND_SCORE_NO_CONSTANT
                        ? clm_credit__score(0.0, m->coefs, ev->values, m->nratios, NULL)
                        : score;
    ev->score = score;
    ev->probability = p;
    ev->banded = banded;
    ev->band = clm_credit__band_of(clm_credit__nano(banded), m->upper_nano, m->inclusive,
                                   m->nbands);
    return CLM_OK;
}

int clm_credit_model_evaluate(double *score_out, clm_credit_band *level_out,
                              const clm_credit_model *m, const clm_credit_statements *st)
{
    if (m == NULL || st == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_evaluate: %s is NULL",
                              m == NULL ? "model" : "statements");
    clm_credit__eval ev;
    int rc = clm_credit__evaluate(&ev, m, st, 0);
    if (rc != CLM_OK)
        return rc;
    if (score_out != NULL)
        *score_out = ev.score;
    if (level_out != NULL)
        *level_out = m->bands[ev.band].level;
    return CLM_OK;
}
