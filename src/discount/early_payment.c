/*
 * early_payment.c — early-payment terms on a document, "2/10 net 30":
 * 2 % off if paid within 10 days, the full amount due in 30 (docs/rules.md,
 * Discounts: the nominal annual cost of trade credit). The terms never change a line's price; they are offered on
 * the total, with the annual cost of not taking them.
 */
#include <inttypes.h>
#include <stdio.h>

#include "discount_internal.h"

int clm_discount_early_payment_cost(clm_rate *out, clm_rate d, int32_t days, int32_t net_days,
                                    clm_rounding mode)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "early-payment cost: out is NULL");
    if (d <= 0 || d >= CLM_RATE_ONE) {
        char t[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "rate", "", 0,
                            "early-payment cost: the discount must be above 0 and below "
                            "100%% (got %s)", clm_core__rate_text(t, sizeof t, d));
    }
    if (days < 0 || net_days <= days)
        return clm_core__fail_at(CLM_EINVAL, "days", "", 0,
                            "early-payment cost: need 0 <= days < net days (got %" PRId32
                            "/%" PRId32 ")", days, net_days);
    /* d/(1-d) x 365/(N-D) in ppm = d x 365 x 10^6 / ((10^6 - d) x (N - D)),
     * one exact division (the formula as Brealey & Myers, "Principles of
     * Corporate Finance", give the cost of trade credit, 365-day year). */
    int64_t den = (CLM_RATE_ONE - d) * (int64_t)(net_days - days);
    return clm_muldiv_round(out, d, 365 * CLM_RATE_ONE, den, mode);
}

int clm_discount__early(const clm_discount_engine *e, const clm_discount__doc *d, clm_discount_totals *tot,
                clm_discount__trace *t)
{
    clm_discount__early_none(tot);
    size_t best = CLM_DISCOUNT_NONE;
    for (size_t k = 0; k < e->ndoc_rules; k++) {
        const clm_discount__crule *cr = &e->rules[e->doc_rules[k]];
        int f = clm_discount__cond_match(cr, e->doc_rules[k], d, NULL, NULL);
        if (f >= 0) {
            if (t)
                clm_discount__trace_not_matched(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_STAGE_DOCUMENT,
                                                e->doc_rules[k], tot->net, 256, &cr->conds[f], d,
                                                NULL, e);
            continue;
        }
        size_t i = e->doc_rules[k];
        if (best == CLM_DISCOUNT_NONE) {
            best = i;
            continue;
        }
        const clm_discount_rule *a = &e->rules[i].r->pub, *b = &e->rules[best].r->pub;
        bool better = a->action.rate > b->action.rate ||
                      (a->action.rate == b->action.rate && a->priority > b->priority);
        size_t loser = better ? best : i;
        if (better)
            best = i;
        if (t)
            clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_EXCLUDED,
                            CLM_DISCOUNT_STAGE_DOCUMENT, loser, e->rules[loser].r->pub.id,
                            tot->net, tot->net,
                            "early-payment terms: another matching rule offers more");
    }
    if (best == CLM_DISCOUNT_NONE)
        return 0;
    const clm_discount_action *a = &e->rules[best].r->pub.action;
    clm_rate cost;
    int rc = clm_discount_early_payment_cost(&cost, a->rate, a->days, a->net_days,
                                             CLM_ROUND_HALF_EVEN);
    if (rc < 0)
        return rc;
    tot->has_early_payment = 1;
    tot->early_payment_rule = best;
    tot->early_payment_rate = a->rate;
    tot->early_payment_days = a->days;
    tot->early_payment_net_days = a->net_days;
    tot->early_payment_amount = (int64_t)clm_discount__muldiv(tot->net, a->rate, CLM_RATE_ONE,
                                                      e->policy->rounding);
    tot->early_payment_annual_cost = cost;
    if (t) {
        char r[CLM_RATE_FORMAT_MAX], c[CLM_RATE_FORMAT_MAX], m[64], pay[64];
        clm_discount__fmt_rate(r, sizeof r, a->rate);
        clm_discount__fmt_rate(c, sizeof c, cost);
        clm_discount__fmt_money(m, sizeof m, tot->early_payment_amount, e->exponent,
                        e->policy->currency);
        clm_discount__fmt_money(pay, sizeof pay, tot->net - tot->early_payment_amount, e->exponent,
                        e->policy->currency);
        clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_ADJUSTED,
                        CLM_DISCOUNT_STAGE_DOCUMENT, best, "early-payment", tot->net, tot->net,
                        "rule '%s': %s off (%s, pay %s) if paid within %" PRId32
                        " days, the full total due in %" PRId32 " days; not taking it costs "
                        "%s a year", e->rules[best].r->pub.id, r, m, pay, a->days, a->net_days,
                        c);
    }
    return 0;
}
