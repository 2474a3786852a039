/*
 * reserve.c — the reserve for doubtful debts of the Tax Code of the Russian
 * Federation, part II, art. 266 p. 4: debt more than 90 calendar days past
 * due enters in full; 45 to 90 days inclusive, 50 %; under 45 days, none.
 * The reserve may not exceed 10 % of the revenue of the previous tax period
 * or of the current reporting period, whichever is larger (the wording since
 * Federal Law No. 401-FZ of 30.11.2016). docs/rules.md, "Payment behaviour
 * and limits".
 */
#include "clm/credit.h"
#include "core/core.h"

int clm_credit_reserve_options_init(clm_credit_reserve_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_reserve_options_init: NULL");
    clm_credit_reserve_options init = CLM_CREDIT_RESERVE_OPTIONS_INIT;
    *o = init;
    return 0;
}

int clm_credit_reserve_compute(clm_credit_reserve *out, const clm_credit_position *positions,
                               size_t n, clm_date as_of, const clm_credit_reserve_options *opts)
{
    if (out == NULL || opts == NULL || (positions == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "credit_reserve_compute: NULL argument");
    int rc = clm_core__check_version(opts->version, CLM_CREDIT_RESERVE_OPTIONS_VERSION,
                                     "credit reserve options");
    if (rc < 0)
        return rc;
    if (as_of < CLM_DATE_MIN || as_of > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "as_of", NULL, 0,
                                 "credit reserve: as_of %ld is not a valid date", (long)as_of);
    if (opts->revenue_current < 0 || opts->revenue_previous < 0)
        return clm_core__fail_at(CLM_EINVAL, opts->revenue_current < 0 ? "revenue_current"
                                                                        : "revenue_previous",
                                 NULL, 0, "credit reserve: revenue may not be negative");
    if (clm_rounding_name(opts->rounding) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rounding", NULL, 0,
                                 "credit reserve: unknown rounding mode %d", (int)opts->rounding);
    clm_credit_reserve r = { 0 };
    for (size_t i = 0; i < n; i++) {
        const clm_credit_position *q = &positions[i];
        if (q->open <= 0)
            continue;
        int64_t days = (int64_t)as_of - (int64_t)q->due;
        int64_t *group = days > 90 ? &r.over_90 : days >= 45 ? &r.from_45
                                                : days >= 1 ? &r.under_45 : NULL;
        if (group != NULL && clm_core__add_ovf(*group, q->open, group))
            return clm_core__fail(CLM_EOVERFLOW, "credit reserve: a group overflows");
    }
    int64_t half;
    if ((rc = clm_div_round(&half, r.from_45, 2, opts->rounding)) < 0)
        return rc;
    if (clm_core__add_ovf(r.over_90, half, &r.uncapped))
        return clm_core__fail(CLM_EOVERFLOW, "credit reserve: the reserve overflows");
    int64_t base = opts->revenue_current > opts->revenue_previous ? opts->revenue_current
                                                                  : opts->revenue_previous;
    if ((rc = clm_div_round(&r.cap, base, 10, CLM_ROUND_DOWN)) < 0)
        return rc;
    r.capped = r.uncapped > r.cap;
    r.reserve = r.capped ? r.cap : r.uncapped;
    *out = r;
    return 0;
}
