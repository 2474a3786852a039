/*
 * deadline.c — a claim's deadlines on a working-day calendar, where it
 * stands against them, and the penalty for a delay (docs/rules.md
 * "Claims").
 */
#include <string.h>

#include "claim_internal.h"

static int term_end(clm_date *out, const clm_calendar *cal, clm_date start,
                    const clm_claim_term *t)
{
    return clm_term_end(out, cal, start, t->n, t->unit);
}

int clm_claim_deadlines_get(clm_claim_deadlines *out, const clm_claim *c,
                            const clm_calendar *cal, clm_date on)
{
    if (out == NULL || c == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_deadlines_get: NULL argument");
    if (clm_date_to_ymd(on, NULL, NULL, NULL) < 0)
        return clm_core__fail_at(CLM_ERANGE, "on", NULL, 0, "claim deadlines: invalid day");
    clm_claim_deadlines d;
    d.term_start = c->term_start;
    d.paused_days = c->paused_days;
    if (c->paused_since != CLM_CLAIM_NO_DATE && on > c->paused_since)
        d.paused_days += on - c->paused_since;
    /* Paused days move the start of the terms (the clock stops while the
     * client owes an answer); art. 191 then counts from the day after. */
    clm_date start;
    int rc = clm_date_add_days(&start, c->term_start, d.paused_days);
    if (rc < 0 || (rc = term_end(&d.acknowledgement, cal, c->info.received, &c->ack)) < 0 ||
        (rc = term_end(&d.response, cal, start, &c->response)) < 0 ||
        (rc = term_end(&d.resolution, cal, start, &c->resolution)) < 0)
        return rc;
    switch (c->state) {
    case CLM_CLAIM_RECEIVED:
        d.next = d.acknowledgement;
        break;
    case CLM_CLAIM_ACKNOWLEDGED: case CLM_CLAIM_UNDER_ASSESSMENT:
    case CLM_CLAIM_UNDER_INVESTIGATION: case CLM_CLAIM_REOPENED:
        d.next = d.response < d.resolution ? d.response : d.resolution;
        break;
    case CLM_CLAIM_DECIDED: case CLM_CLAIM_REMEDY_IN_PROGRESS:
        d.next = d.resolution;
        break;
    default:
        d.next = CLM_CLAIM_NO_DATE;
        break;
    }
    *out = d;
    return 0;
}

int clm_claim_urgency_of(clm_claim_urgency *out, clm_date next, clm_date on,
                         const clm_calendar *cal, const clm_claim_policy *policy)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_urgency_of: NULL argument");
    clm_claim_policy pol;
    int rc = clm_claim__policy(&pol, policy);
    if (rc < 0)
        return rc;
    if (next == CLM_CLAIM_NO_DATE) {
        *out = CLM_CLAIM_NOT_DUE;
        return 0;
    }
    if (next < on) {
        *out = CLM_CLAIM_OVERDUE;
        return 0;
    }
    if (next == on) {
        *out = CLM_CLAIM_DUE_TODAY;
        return 0;
    }
    clm_date horizon;
    if ((rc = clm_calendar_add_working_days(&horizon, cal, on, pol.warn_days)) < 0)
        return rc;
    *out = next <= horizon ? CLM_CLAIM_WARNING : CLM_CLAIM_NOT_DUE;
    return 0;
}

int clm_claim_escalation_due(int *out, const clm_claim *c, const clm_calendar *cal, clm_date on,
                             const clm_claim_policy *policy)
{
    if (out == NULL || c == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_escalation_due: NULL argument");
    clm_claim_policy pol;
    int rc = clm_claim__policy(&pol, policy);
    if (rc < 0)
        return rc;
    clm_claim_deadlines d;
    if ((rc = clm_claim_deadlines_get(&d, c, cal, on)) < 0)
        return rc;
    if (pol.auto_escalate_days < 0 || d.next == CLM_CLAIM_NO_DATE ||
        c->state == CLM_CLAIM_RECEIVED ||
        (size_t)c->level + 1 >= clm_claim__role_count(&pol)) {
        *out = 0;
        return 0;
    }
    clm_date horizon;
    if ((rc = clm_calendar_add_working_days(&horizon, cal, on, pol.auto_escalate_days)) < 0)
        return rc;
    *out = d.next <= horizon;
    return 0;
}

/* ---- penalties ----------------------------------------------------------- */

/* num / den rounded by `mode`, for num >= 0 and den > 0. */
static int div_round(int64_t *out, clm_core__i128 num, clm_core__i128 den, clm_rounding mode)
{
    clm_core__i128 q = num / den, r = num % den;
    int up = 0;
    switch (mode) {
    case CLM_ROUND_DOWN: case CLM_ROUND_FLOOR: up = 0; break;
    case CLM_ROUND_UP: case CLM_ROUND_CEILING: up = r != 0; break;
    case CLM_ROUND_HALF_UP: up = 2 * r >= den; break;
    case CLM_ROUND_HALF_DOWN: up = 2 * r > den; break;
    case CLM_ROUND_HALF_EVEN: up = 2 * r > den || (2 * r == den && (q & 1) != 0); break;
    default: return clm_core__fail(CLM_EINVAL, "claim penalty: unknown rounding %d", (int)mode);
    }
    q += up;
    if (q > INT64_MAX)
        return clm_core__fail(CLM_EOVERFLOW, "claim penalty: the amount does not fit 64 bits");
    *out = (int64_t)q;
    return 0;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Civil Code art. 395 p. 1: interest at the key rate in force on each day,
 * a day's interest being amount x rate / (days in that year). Summed over
 * periods of one rate and one year with the common denominator
 * 10^6 x 365 x 366, so nothing is rounded before the end. */
static int key_rate_interest(int64_t *out, int64_t amount, clm_date first, clm_date last,
                             const clm_claim_key_rate *rates, size_t n, clm_rounding mode)
{
    if (rates == NULL || n == 0 || rates[0].from > first)
        return clm_core__fail_at(CLM_ERANGE, "rates", NULL, 0,
                                 "claim penalty: the key-rate table does not cover the first "
                                 "day of delay (Civil Code art. 395 needs the rate of every day)");
    clm_core__i128 sum = 0;
    size_t i = 0;
    for (clm_date d = first; d <= last;) {
        while (i + 1 < n && rates[i + 1].from <= d)
            i++;
        int y;
        clm_date_to_ymd(d, &y, NULL, NULL);
        clm_date year_end;
        int rc = clm_date_from_ymd(&year_end, y, 12, 31);
        if (rc < 0)
            return rc;
        clm_date end = last;
        if (year_end < end)
            end = year_end;
        if (i + 1 < n && rates[i + 1].from - 1 < end)
            end = rates[i + 1].from - 1;
        int64_t days = (int64_t)end - d + 1;
        sum += (clm_core__i128)rates[i].rate * days * (is_leap(y) ? 365 : 366);
        d = end + 1;
    }
    return div_round(out, (clm_core__i128)amount * sum, (clm_core__i128)1000000 * 365 * 366, mode);
}

int clm_claim_penalty(clm_claim_penalty_result *out, const clm_claim *c, const clm_calendar *cal,
                      clm_date satisfied_on, const clm_claim_key_rate *rates, size_t nrates,
                      const clm_claim_policy *policy)
{
    if (out == NULL || c == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_penalty: NULL argument");
    clm_claim_policy pol;
    int rc = clm_claim__policy(&pol, policy);
    if (rc < 0)
        return rc;
    if (clm_date_to_ymd(satisfied_on, NULL, NULL, NULL) < 0)
        return clm_core__fail_at(CLM_EINVAL, "satisfied_on", NULL, 0,
                                 "claim penalty: satisfied_on is not a valid date");
    for (size_t i = 0; i < nrates; i++) {
        if (rates == NULL || rates[i].rate < 0 || (i > 0 && rates[i].from <= rates[i - 1].from))
            return clm_core__fail_at(CLM_EINVAL, "rates", NULL, 0,
                                     "claim penalty: key rates must be >= 0 and in strictly "
                                     "ascending order of their first day (entry %zu)", i);
    }
    /* An obligation's own due day needs no deadline (nor a calendar that
     * covers the claim's terms). */
    clm_date deadline = c->info.obligation_due;
    if (deadline == CLM_CLAIM_NO_DATE) {
        clm_claim_deadlines d;
        if ((rc = clm_claim_deadlines_get(&d, c, cal, satisfied_on)) < 0)
            return rc;
        deadline = d.resolution;
    }
    clm_claim_penalty_result res;
    memset(&res, 0, sizeof res);
    memcpy(res.amount.currency, c->info.claimed.currency, 4);
    res.first_day = res.last_day = CLM_CLAIM_NO_DATE;
    res.basis = "none";
    /* The delay runs from the day after the deadline (or after the day the
     * client's obligation fell due) to the day of satisfaction inclusive. */
    clm_date from = deadline + 1;
    if (c->penalty == CLM_CLAIM_PENALTY_NONE || satisfied_on < from) {
        *out = res;
        return 0;
    }
    res.first_day = from;
    res.last_day = satisfied_on;
    res.days = satisfied_on - from + 1;
    int64_t amount = 0;
    if (c->penalty == CLM_CLAIM_PENALTY_CONSUMER) {
        /* Consumer protection law art. 23 p. 1: 1 % of the price a day. */
        rc = div_round(&amount, (clm_core__i128)c->info.price.amount * c->penalty_rate * res.days,
                       1000000, pol.rounding);
        res.basis = "consumer-art23";
    } else if (c->info.contract_rate > 0) {
        rc = div_round(&amount,
                       (clm_core__i128)c->info.claimed.amount * c->info.contract_rate * res.days,
                       1000000, pol.rounding);
        res.basis = "contractual";
        if (rc == 0 && c->info.contract_cap.currency[0] != '\0' &&
            amount > c->info.contract_cap.amount) {
            amount = c->info.contract_cap.amount;
            res.basis = "contractual-capped";
        }
    } else {
        rc = key_rate_interest(&amount, c->info.claimed.amount, from, satisfied_on, rates, nrates,
                               pol.rounding);
        res.basis = "key-rate-art395";
    }
    if (rc < 0)
        return rc;
    res.amount.amount = amount;
    *out = res;
    return 0;
}
