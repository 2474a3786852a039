/*
 * check.c — the credit check of a new offer or order (credit_policy.h,
 * "Check"): exposure against the limit, where reaching the limit exactly
 * is allowed (a check fails only when limit < exposure), and overdue debt.
 */
#include "policy_internal.h"

int clm_credit_check_input_init(clm_credit_check_input *in)
{
    if (in == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_check_input_init: NULL");
    clm_credit_check_input init = CLM_CREDIT_CHECK_INPUT_INIT;
    *in = init;
    return 0;
}

int clm_credit_check_compute(clm_credit_check *out, const clm_credit_policy *p,
                             const clm_credit_check_input *in)
{
    if (out == NULL || p == NULL || in == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_check_compute: NULL argument");
    int rc = clm_core__check_version(in->version, CLM_CREDIT_CHECK_INPUT_VERSION,
                                     "credit check input");
    if (rc < 0)
        return rc;
    const char *bad = in->receivables < 0 ? "receivables" : in->orders < 0 ? "orders"
                    : in->document < 0 ? "document" : in->limit < 0 ? "limit"
                    : in->max_days_overdue < 0 ? "max_days_overdue" : NULL;
    if (bad != NULL)
        return clm_core__fail_at(CLM_EINVAL, bad, NULL, 0, "credit check: %s may not be negative",
                                 bad);
    const clm_credit_check_rules *k = &p->check;
    clm_credit_check r = { 0 };
    r.receivables = (k->counts & CLM_CREDIT_COUNT_RECEIVABLES) ? in->receivables : 0;
    r.orders = (k->counts & CLM_CREDIT_COUNT_ORDERS) ? in->orders : 0;
    r.document = (k->counts & CLM_CREDIT_COUNT_DOCUMENT) ? in->document : 0;
    if (clm_core__add_ovf(r.receivables, r.orders, &r.exposure) ||
        clm_core__add_ovf(r.exposure, r.document, &r.exposure) ||
        clm_core__sub_ovf(in->limit, r.exposure, &r.headroom))
        return clm_core__fail(CLM_EOVERFLOW, "credit check: exposure does not fit in 64 bits");
    r.limit = in->limit;
    r.max_days_overdue = in->max_days_overdue;
    if (in->limit < r.exposure)
        r.reasons |= CLM_CREDIT_REASON_OVER_LIMIT;
    else if (r.exposure > 0 && (clm_core__i128)r.exposure * CLM_RATE_ONE >= (clm_core__i128)in->limit * k->warn_at)
        r.reasons |= CLM_CREDIT_REASON_NEAR_LIMIT;
    if (k->block_overdue_days >= 0 && in->max_days_overdue > k->block_overdue_days)
        r.reasons |= CLM_CREDIT_REASON_OVERDUE;
    else if (k->warn_overdue_days >= 0 && in->max_days_overdue > k->warn_overdue_days)
        r.reasons |= CLM_CREDIT_REASON_LATE;
    if (r.reasons & (CLM_CREDIT_REASON_OVER_LIMIT | CLM_CREDIT_REASON_OVERDUE))
        r.decision = CLM_CREDIT_BLOCK;
    else if (r.reasons != 0)
        r.decision = CLM_CREDIT_WARN;
    else
        r.decision = CLM_CREDIT_ALLOW;
    *out = r;
    return 0;
}
