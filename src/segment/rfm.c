/*
 * rfm.c — RFM scores by quintiles of the client base.
 *
 * Rule (docs/rules.md, Segmentation; A. M. Hughes, "Strategic Database Marketing",
 * 1994, quintile scoring): recency, frequency, monetary each scored 1-5
 * by quintiles, 5 best, recency inverted (the most recent is best).
 *
 * The score 1 + floor(5 L / m) (L = clients strictly worse, m = scored
 * clients) is at least s exactly when L >= k_s = ceil((s - 1) m / 5), that
 * is when the value exceeds the k_s-th smallest value (rank k_s - 1). So
 * each measure needs four order statistics, found by radix selection
 * (radix.h) without copying or sorting, and then four comparisons per
 * client.
 */
#include "clm/segment.h"

#include <string.h>

#include "core/core.h"
#include "radix.h"

/* The values of one measure: exactly one of v32 / v64 is set. Only
 * clients with freq[i] > 0 take part. */
typedef struct measure {
    const int32_t *v32;
    const int64_t *v64;
    const int64_t *freq;
    size_t n;
} measure;

/* One pass: for each of the nu distinct prefixes pre[u], histograms digit
 * (shift, width) of key - base over the keys whose higher bits equal
 * pre[u], into h[u * CLM__BUCKETS ...]. */
static inline void histogram_of(uint64_t *h, const int32_t *v32, const int64_t *v64,
                                const int64_t *freq, size_t n, uint64_t base,
                                const uint64_t *pre, unsigned nu, unsigned shift,
                                unsigned width)
{
    const unsigned hi = shift + width;
    const uint64_t mask = (UINT64_C(1) << width) - 1;
    for (size_t i = 0; i < n; i++) {
        if (freq[i] <= 0)
            continue;
        uint64_t k = clm_segment__radix_key(v32 != NULL ? (int64_t)v32[i] : v64[i]) - base;
        uint64_t top = hi < 64 ? k >> hi : 0;
        for (unsigned u = 0; u < nu; u++) {
            if (top == pre[u]) {
                h[u * CLM__BUCKETS + ((k >> shift) & mask)]++;
                break;
            }
        }
    }
}

static void histogram(uint64_t *h, const measure *ms, uint64_t base, const uint64_t *pre,
                      unsigned nu, unsigned shift, unsigned width)
{
    memset(h, 0, nu * CLM__BUCKETS * sizeof *h);
    /* Spelled out per input type and for the common single prefix, so the
     * compiler emits tight loops without per-element tests of either. */
    if (ms->v32 != NULL && nu == 1)
        histogram_of(h, ms->v32, NULL, ms->freq, ms->n, base, pre, 1, shift, width);
    else if (ms->v32 != NULL)
        histogram_of(h, ms->v32, NULL, ms->freq, ms->n, base, pre, nu, shift, width);
    else if (nu == 1)
        histogram_of(h, NULL, ms->v64, ms->freq, ms->n, base, pre, 1, shift, width);
    else
        histogram_of(h, NULL, ms->v64, ms->freq, ms->n, base, pre, nu, shift, width);
}

/*
 * th[s - 2] = the key of rank k_s - 1 (0-based, ascending) among the m
 * scored clients, k_s = ceil((s - 1) m / 5), s = 2..5: radix selection of
 * the four ranks at once, from the top digit of hi - lo (the smallest and
 * largest key) down. `h` is scratch of 4 * CLM__BUCKETS counters.
 */
static void thresholds(uint64_t th[4], const measure *ms, size_t m, uint64_t lo, uint64_t hi,
                       uint64_t *h)
{
    uint64_t rank[4], prefix[4] = { 0, 0, 0, 0 };
    for (unsigned s = 2; s <= 5; s++)
        rank[s - 2] = ((uint64_t)(s - 1) * m + 4) / 5 - 1; /* m >= 1 */
    const unsigned bits = clm_segment__bit_width(hi - lo);
    unsigned done = 0;
    while (done < bits) {
        unsigned width = bits - done < CLM__DIGIT_BITS ? bits - done : CLM__DIGIT_BITS;
        unsigned shift = bits - done - width;
        /* The distinct prefixes of the four targets, and which is whose. */
        uint64_t pre[4];
        unsigned nu = 0, of[4];
        for (unsigned t = 0; t < 4; t++) {
            unsigned u = 0;
            while (u < nu && pre[u] != prefix[t])
                u++;
            if (u == nu)
                pre[nu++] = prefix[t];
            of[t] = u;
        }
        histogram(h, ms, lo, pre, nu, shift, width);
        for (unsigned t = 0; t < 4; t++) {
            const uint64_t *ht = h + of[t] * CLM__BUCKETS;
            unsigned d = 0;
            while (d + 1 < (1u << width) && rank[t] >= ht[d]) {
                rank[t] -= ht[d];
                d++;
            }
            prefix[t] = (prefix[t] << width) | d;
        }
        done += width;
    }
    for (unsigned t = 0; t < 4; t++)
        th[t] = lo + prefix[t];
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
        return clm_core__fail(CLM_EINVAL, "rfm: %s is NULL",
                         out == NULL ? "out" : last == NULL ? "last"
                         : frequency == NULL ? "frequency" : "monetary");
    if (n > CLM_SEGMENT_MAX_CLIENTS)
        return clm_core__fail(CLM_ELIMIT, "rfm: %zu clients, at most %zu per call", n,
                         CLM_SEGMENT_MAX_CLIENTS);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (frequency[i] < 0)
            return clm_core__fail_at(CLM_EINVAL, "frequency", "", 0,
                                "rfm: client %zu has a negative frequency (%lld)", i,
                                (long long)frequency[i]);
        if (frequency[i] > 0) {
            if (last[i] == CLM_RFM_NEVER)
                return clm_core__fail_at(CLM_EINVAL, "last", "", 0,
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
    uint64_t *h = clm_core__calloc(4 * CLM__BUCKETS, sizeof *h);
    if (h == NULL)
        return clm_core__oom("rfm: histograms");
    uint64_t tr[4], tf[4], tm[4];
    const measure mr = { last, NULL, frequency, n };
    const measure mf = { NULL, frequency, frequency, n };
    const measure mm = { NULL, monetary, frequency, n };
    /* The key range of each measure, in one pass. */
    uint64_t lo[3] = { UINT64_MAX, UINT64_MAX, UINT64_MAX }, hi[3] = { 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        if (frequency[i] <= 0)
            continue;
        const uint64_t k[3] = { clm_segment__radix_key(last[i]), clm_segment__radix_key(frequency[i]),
                                clm_segment__radix_key(monetary[i]) };
        for (int j = 0; j < 3; j++) {
            lo[j] = k[j] < lo[j] ? k[j] : lo[j];
            hi[j] = k[j] > hi[j] ? k[j] : hi[j];
        }
    }
    thresholds(tr, &mr, m, lo[0], hi[0], h);
    thresholds(tf, &mf, m, lo[1], hi[1], h);
    thresholds(tm, &mm, m, lo[2], hi[2], h);
    clm_core__free(h);

    for (size_t i = 0; i < n; i++) {
        if (frequency[i] <= 0) {
            out[i] = (clm_rfm_score){ 0, 0, 0 };
            continue;
        }
        out[i].r = score_of(clm_segment__radix_key(last[i]), tr);
        out[i].f = score_of(clm_segment__radix_key(frequency[i]), tf);
        out[i].m = score_of(clm_segment__radix_key(monetary[i]), tm);
    }
    return CLM_OK;
}
