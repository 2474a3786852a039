/*
 * ageing.c — receivables ageing by days past due (credit.h). The default
 * buckets are the usual current, 1-30, 31-60, 61-90 and over 90 days;
 * docs/rules.md, "Payment behaviour and limits".
 */
#include "policy_internal.h"

int clm_credit_buckets_init(clm_credit_buckets *b)
{
    if (b == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_buckets_init: NULL");
    clm_credit_buckets init = CLM_CREDIT_BUCKETS_INIT;
    *b = init;
    return 0;
}

int clm_credit__check_buckets(const clm_credit_buckets *b, const char *what)
{
    if (b->count < 1 || b->count > CLM_CREDIT_BUCKETS_MAX)
        return clm_core__fail_at(CLM_EINVAL, "count", NULL, 0,
                                 "%s: %zu bucket limits; 1 to %d are allowed", what, b->count,
                                 CLM_CREDIT_BUCKETS_MAX);
    for (size_t i = 1; i < b->count; i++)
        if (b->limit[i] <= b->limit[i - 1])
            return clm_core__fail_at(CLM_EINVAL, "limit", NULL, 0,
                                     "%s: limit[%zu] = %ld is not above limit[%zu] = %ld", what, i,
                                     (long)b->limit[i], i - 1, (long)b->limit[i - 1]);
    if (b->limit[b->count - 1] == INT32_MAX)
        return clm_core__fail_at(CLM_EINVAL, "limit", NULL, 0,
                                 "%s: the last limit leaves no room for the last bucket", what);
    return 0;
}

int clm_credit_ageing_compute(clm_credit_ageing *out, const clm_credit_position *positions,
                              size_t n, clm_date as_of, const clm_credit_buckets *buckets)
{
    if (out == NULL || (positions == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "credit_ageing_compute: NULL argument");
    if (as_of < CLM_DATE_MIN || as_of > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "as_of", NULL, 0,
                                 "credit ageing: as_of %ld is not a valid date", (long)as_of);
    clm_credit_buckets b = CLM_CREDIT_BUCKETS_INIT;
    if (buckets != NULL) {
        int rc = clm_core__check_version(buckets->version, CLM_CREDIT_BUCKETS_VERSION,
                                         "credit buckets");
        if (rc < 0)
            return rc;
        b = *buckets;
    }
    int rc = clm_credit__check_buckets(&b, "credit ageing");
    if (rc < 0)
        return rc;
    clm_credit_ageing r = { 0 };
    r.count = b.count + 1;
    for (size_t i = 0; i < r.count; i++) {
        r.bucket[i].from_days = i == 0 ? INT32_MIN : b.limit[i - 1] + 1;
        r.bucket[i].to_days = i < b.count ? b.limit[i] : INT32_MAX;
    }
    for (size_t i = 0; i < n; i++) {
        const clm_credit_position *q = &positions[i];
        if (q->open == 0)
            continue;
        int64_t days = (int64_t)as_of - (int64_t)q->due;
        size_t k = 0;
        while (k < b.count && days > b.limit[k])
            k++;
        if (clm_core__add_ovf(r.bucket[k].amount, q->open, &r.bucket[k].amount) ||
            clm_core__add_ovf(r.total, q->open, &r.total))
            return clm_core__fail(CLM_EOVERFLOW, "credit ageing: a bucket overflows");
        r.bucket[k].invoices++;
    }
    *out = r;
    return 0;
}
