/*
 * paydex.c — a PAYDEX-style payment index (credit.h; docs/rules.md,
 * "Payment behaviour and limits"). The key is Dun & Bradstreet's PAYDEX
 * table: 100 anticipates, 90 discounts, 80 prompt, 70 = 15 days beyond
 * terms, 60 = 22, 50 = 30, 40 = 60, 30 = 90, 20 = 120, under 20 = more than
 * 120 days beyond; at least three payment experiences, else "unavailable".
 * D&B publishes the key, not a formula between its points: libclm
 * interpolates linearly, takes "anticipates" as 30 days early, and extends
 * the last slope to 0 at 180 days.
 */
#include <math.h>

#include "clm/credit.h"
#include "core/core.h"

static const struct {
    double days;
    double index;
} key[] = {
    { -30, 100 }, { 0, 80 }, { 15, 70 }, { 22, 60 }, { 30, 50 },
    { 60, 40 }, { 90, 30 }, { 120, 20 }, { 180, 0 },
};

double clm_credit_paydex_of_days(double days)
{
    size_t n = sizeof key / sizeof key[0];
    if (isnan(days))
        return days;
    if (days <= key[0].days)
        return key[0].index;
    if (days >= key[n - 1].days)
        return key[n - 1].index;
    size_t i = 1;
    while (days > key[i].days)
        i++;
    /* key[i-1].days < days <= key[i].days */
    double span = key[i].days - key[i - 1].days;
    return key[i - 1].index + (key[i].index - key[i - 1].index) * ((days - key[i - 1].days) / span);
}

int clm_credit_paydex_options_init(clm_credit_paydex_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_paydex_options_init: NULL");
    clm_credit_paydex_options init = CLM_CREDIT_PAYDEX_OPTIONS_INIT;
    *o = init;
    return 0;
}

int clm_credit_paydex_compute(clm_credit_paydex *out, const clm_credit_position *positions,
                              size_t n, const clm_credit_paydex_options *opts)
{
    if (out == NULL || (positions == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "credit_paydex_compute: NULL argument");
    clm_credit_paydex_options o = CLM_CREDIT_PAYDEX_OPTIONS_INIT;
    if (opts != NULL) {
        int rc = clm_core__check_version(opts->version, CLM_CREDIT_PAYDEX_OPTIONS_VERSION,
                                         "credit paydex options");
        if (rc < 0)
            return rc;
        o = *opts;
    }
    if (o.min_experiences == 0)
        return clm_core__fail_at(CLM_EINVAL, "min_experiences", NULL, 0,
                                 "credit paydex: min_experiences must be at least 1");
    clm_credit_paydex r = { 0 };
    double wdays = 0, windex = 0;
    for (size_t i = 0; i < n; i++) {
        const clm_credit_position *q = &positions[i];
        if (!q->has_experience)
            continue;
        if (q->experience_weight < 0)
            return clm_core__fail_at(CLM_EINVAL, "experience_weight", NULL, 0,
                                     "credit paydex: position %zu ('%s') has a negative weight",
                                     i, q->invoice_id != NULL ? q->invoice_id : "");
        if (clm_core__add_ovf(r.weight, q->experience_weight, &r.weight))
            return clm_core__fail(CLM_EOVERFLOW, "credit paydex: the weights overflow");
        r.experiences++;
        double w = (double)q->experience_weight;
        wdays += w * q->days_beyond;
        windex += w * clm_credit_paydex_of_days(q->days_beyond);
    }
    if (r.weight > 0) {
        r.days_beyond = wdays / (double)r.weight;
        if (r.experiences >= o.min_experiences) {
            r.available = 1;
            r.index = windex / (double)r.weight;
            r.index_rounded = (int)floor(r.index + 0.5);
        }
    }
    *out = r;
    return 0;
}
