/*
 * rfm.c — RFM scores by quintiles of the client base.
 *
 * Rule (DOMAIN.md 2 and 7.6): recency, frequency, monetary each scored 1-5
 * by quintiles, 5 best, recency inverted (the most recent is best).
 *
 * The score 1 + floor(5 L / m) (L = clients strictly worse, m = scored
 * clients) is at least s exactly when L >= k_s = ceil((s - 1) m / 5), that
 * is when the value exceeds the k_s-th smallest value (a[k_s - 1] in the
 * sorted array). So each measure needs one sort of its values (radix, no
 * indices) and then four comparisons per client.
 */
#include "clm/segment.h"

#include "internal.h"
#include "radix.h"

/* Sorts vals[0..m) (keys) and sets th[0..3] to the keys a[k_s - 1] for
 * s = 2..5. m >= 1. */
static void thresholds(uint64_t th[4], uint64_t *vals, uint64_t *tmp, size_t *hist,
                       size_t m)
{
    clm__radix_sort_u64(vals, tmp, hist, m);
    for (unsigned s = 2; s <= 5; s++) {
        /* k = ceil((s-1) m / 5) >= 1 for m >= 1; computed without overflow
         * since m <= 2^32. */
        uint64_t k = ((uint64_t)(s - 1) * m + 4) / 5;
        th[s - 2] = vals[k - 1];
    }
}

static uint8_t score_of(uint64_t key, const uint64_t th[4])
{
    return (uint8_t)(1 + (key > th[0]) + (key > th[1]) + (key > th[2]) + (key > th[3]));
}

int clm_rfm_score_batch(clm_rfm_score *out, const int32_t *last, const int64_t *frequency,
                        const int64_t *monetary, size_t n)
{
    if (n == 0)
        return CLM_OK;
    if (out == NULL || last == NULL || frequency == NULL || monetary == NULL)
        return clm__fail(CLM_EINVAL, "rfm: %s is NULL",
                         out == NULL ? "out" : last == NULL ? "last"
                         : frequency == NULL ? "frequency" : "monetary");
    if (n > CLM_SEGMENT_MAX_CLIENTS)
        return clm__fail(CLM_ELIMIT, "rfm: %zu clients, at most %zu per call", n,
                         CLM_SEGMENT_MAX_CLIENTS);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (frequency[i] < 0)
            return clm__fail_at(CLM_EINVAL, "frequency", "", 0,
                                "rfm: client %zu has a negative frequency (%lld)", i,
                                (long long)frequency[i]);
        if (frequency[i] > 0) {
            if (last[i] == CLM_RFM_NEVER)
                return clm__fail_at(CLM_EINVAL, "last", "", 0,
                                    "rfm: client %zu has %lld purchase(s) but no last"
                                    " purchase (CLM_RFM_NEVER)", i,
                                    (long long)frequency[i]);
            m++;
        }
    }
    if (m == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = (clm_rfm_score){ 0, 0, 0 };
        return CLM_OK;
    }
    uint64_t *vals = clm__calloc(2 * m, sizeof *vals);
    size_t *hist = clm__calloc(CLM__RADIX_HIST, sizeof *hist);
    if (vals == NULL || hist == NULL) {
        clm__free(vals);
        clm__free(hist);
        return clm__oom("rfm: sort scratch");
    }
    uint64_t tr[4], tf[4], tm[4];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (frequency[i] > 0)
            vals[k++] = clm__radix_key(last[i]);
    thresholds(tr, vals, vals + m, hist, m);
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (frequency[i] > 0)
            vals[k++] = clm__radix_key(frequency[i]);
    thresholds(tf, vals, vals + m, hist, m);
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (frequency[i] > 0)
            vals[k++] = clm__radix_key(monetary[i]);
    thresholds(tm, vals, vals + m, hist, m);
    clm__free(vals);
    clm__free(hist);

    for (size_t i = 0; i < n; i++) {
        if (frequency[i] <= 0) {
            out[i] = (clm_rfm_score){ 0, 0, 0 };
            continue;
        }
        out[i].r = score_of(clm__radix_key(last[i]), tr);
        out[i].f = score_of(clm__radix_key(frequency[i]), tf);
        out[i].m = score_of(clm__radix_key(monetary[i]), tm);
    }
    return CLM_OK;
}
