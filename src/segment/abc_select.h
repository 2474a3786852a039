/*
 * abc_select.h — the pieces of the ABC boundary search (abc.c) that
 * clm_segment_all() (all.c) shares, so both decide every boundary the same
 * way. Not installed.
 *
 * Order: amounts descending, i.e. ascending key = max - amount. A boundary
 * is searched by radix selection weighted by amount: each pass histograms
 * one digit of the keys within the current candidate prefix (counts and
 * exact 128-bit sums), and descend() narrows the clm_segment__abc_target to the bucket where
 * the cumulative sum reaches cut * T.
 */
#ifndef CLM_SEGMENT_ABC_SELECT_H
#define CLM_SEGMENT_ABC_SELECT_H

#include <stdint.h>
#include <string.h>

#include "clm/rate.h"
#include "clm/segment.h"
#include "core/core.h"
#include "radix.h"

/* One class boundary: clients with amount > value, and the first `ties`
 * clients (by index) with amount == value, are inside it. */
typedef struct clm_segment__abc_bound {
    int64_t value;
    uint64_t ties;
} clm_segment__abc_bound;

/* The search for one boundary. Order: amounts descending, i.e. ascending
 * key = max - amount. `prefix` is the high bits of the key found so far,
 * `before` the sum of the amounts ranked before the candidate group. */
typedef struct clm_segment__abc_target {
    clm_core__u128 limit;  /* cut * T: inside while before * 10^6 < limit */
    uint64_t prefix;
    clm_core__u128 before;
    uint64_t count;   /* clients in the candidate group */
} clm_segment__abc_target;

typedef struct clm_segment__abc_hist {
    uint64_t count[CLM__BUCKETS];
    clm_core__u128 sum[CLM__BUCKETS];
} clm_segment__abc_hist;

/* A search for the boundary at `cut` (ppm) of m positive amounts summing
 * to total, before its first pass. */
static inline clm_segment__abc_target clm_segment__abc_start(clm_core__u128 total, clm_rate cut, uint64_t m)
{
    clm_segment__abc_target t;
    t.limit = total * (uint64_t)cut;
    t.prefix = 0;
    t.before = 0;
    t.count = m;
    return t;
}

/* One pass: histograms the digit at `shift` of the keys whose bits above
 * shift+width equal p0 (into h[0]) or p1 (into h[1]); with p0 == p1 only
 * h[0] is filled. */
static inline void clm_segment__abc_histogram(clm_segment__abc_hist *h, const int64_t *amounts,
                                              size_t n, uint64_t maxv, uint64_t p0, uint64_t p1,
                                              unsigned shift, unsigned width)
{
    memset(&h[0], 0, sizeof h[0]);
    if (p1 != p0)
        memset(&h[1], 0, sizeof h[1]);
    const unsigned hi = shift + width; /* <= 63 */
    const uint64_t mask = (UINT64_C(1) << width) - 1;
    for (size_t i = 0; i < n; i++) {
        int64_t a = amounts[i];
        if (a <= 0)
            continue;
        uint64_t key = maxv - (uint64_t)a;
        uint64_t top = key >> hi;
        clm_segment__abc_hist *t = top == p0 ? &h[0] : top == p1 ? &h[1] : NULL;
        if (t == NULL)
            continue;
        unsigned d = (unsigned)((key >> shift) & mask);
        t->count[d]++;
        t->sum[d] += (uint64_t)a;
    }
}

/* Narrows t to the bucket holding its first outside position: the first
 * bucket after which the cumulative sum reaches the limit. */
static inline void clm_segment__abc_descend(clm_segment__abc_target *t, const clm_segment__abc_hist *h, unsigned width)
{
    for (unsigned d = 0; d < (1u << width); d++) {
        if ((t->before + h->sum[d]) * CLM_RATE_ONE >= t->limit || d + 1 == (1u << width)) {
            t->prefix = (t->prefix << width) | d;
            t->count = h->count[d];
            return;
        }
        t->before += h->sum[d];
    }
}

/* The boundary a finished search found (every digit of the key narrowed;
 * maxv the largest amount): its value, and how many of the clients with
 * that amount, first by index, are inside. */
static inline clm_segment__abc_bound clm_segment__abc_boundary(const clm_segment__abc_target *t, uint64_t maxv)
{
    clm_segment__abc_bound b;
    if (t->limit == 0) { /* a cut of 0 %: nobody is inside */
        b.value = INT64_MAX;
        b.ties = 0;
        return b;
    }
    uint64_t v = maxv - t->prefix;
    clm_core__u128 num = t->limit - t->before * CLM_RATE_ONE; /* > 0 by the invariant */
    clm_core__u128 den = (clm_core__u128)v * CLM_RATE_ONE;
    clm_core__u128 k = (num + den - 1) / den;
    b.value = (int64_t)v;
    b.ties = k < t->count ? (uint64_t)k : t->count;
    return b;
}

/* The class of amount a, the clients taken in index order; seen_a and
 * seen_b count the clients met so far with the A and B boundary amounts.
 * When both boundaries fall in the same block of equal amounts, the clients
 * of that block are counted once, in index order: the first ba->ties are A,
 * up to bb->ties are B. */
static inline clm_abc_class clm_segment__abc_class(int64_t a, const clm_segment__abc_bound *ba,
                                                   const clm_segment__abc_bound *bb, uint64_t *seen_a,
                                                   uint64_t *seen_b)
{
    if (a <= 0)
        return CLM_ABC_C;
    uint64_t ord = 0;
    if (a == ba->value)
        ord = (*seen_a)++;
    else if (a == bb->value)
        ord = (*seen_b)++;
    if (a > ba->value || (a == ba->value && ord < ba->ties))
        return CLM_ABC_A;
    if (a > bb->value || (a == bb->value && ord < bb->ties))
        return CLM_ABC_B;
    return CLM_ABC_C;
}

#endif
