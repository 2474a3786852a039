/*
 * abc.c — ABC (Pareto) classification of clients by amount.
 *
 * Rule (docs/rules.md, Segmentation; the Pareto principle as ABC inventory and
 * customer analysis apply it, e.g. H. F. Dickie, "ABC Inventory Analysis
 * Shoots for Dollars, not Pennies", Factory Management and Maintenance,
 * 1951): sorted descending, cumulative share; A up to
 * 80 %, B up to 95 %, C the rest; the client crossing a boundary belongs to
 * the upper class. Only the two boundary positions depend on the order, so
 * instead of sorting we find them by radix selection weighted by amount
 * (radix.h), with exact 128-bit sums, and then give each client its class
 * in one pass in index order: equal amounts at a boundary are handed out to
 * the lowest indices first, which is the documented tie order.
 */
#include "clm/segment.h"

#include <string.h>

#include "clm/rate.h"
#include "abc_select.h"
#include "checks.h"
#include "core/core.h"
#include "radix.h"

int clm_abc_options_init(clm_abc_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "abc options: NULL");
    *opts = (clm_abc_options)CLM_ABC_OPTIONS_INIT;
    return CLM_OK;
}

const char *clm_abc_class_name(clm_abc_class c)
{
    switch (c) {
    case CLM_ABC_NONE: return "-";
    case CLM_ABC_A: return "A";
    case CLM_ABC_B: return "B";
    case CLM_ABC_C: return "C";
    }
    return "?";
}

/*
 * Finds the A and B boundaries over the positive amounts (m of them, sum
 * `total`, largest maxv, smallest minv), level by level from the top digit
 * of max - min. Invariant: before * 10^6 < limit (the group's first client
 * is inside) and (before + group sum) * 10^6 >= limit (its last position
 * is outside or the last inside). At the end the group is one value v with
 * `count` clients, of which the first k with (before + k' v) * 10^6 < limit
 * for k' < k are inside.
 */
static int find_boundaries(clm_segment__abc_bound out[2], const int64_t *amounts, size_t n, size_t m,
                           clm_core__u128 total, uint64_t maxv, uint64_t minv, const clm_rate cut[2])
{
    clm_segment__abc_hist *h = clm_core__malloc(2 * sizeof *h);
    if (h == NULL)
        return clm_core__oom("abc: histograms");
    clm_segment__abc_target t[2];
    for (int j = 0; j < 2; j++)
        t[j] = clm_segment__abc_start(total, cut[j], m);
    const unsigned bits = clm_segment__bit_width(maxv - minv);
    unsigned done = 0;
    while (done < bits) {
        unsigned width = bits - done < CLM__DIGIT_BITS ? bits - done : CLM__DIGIT_BITS;
        unsigned shift = bits - done - width;
        const bool shared = t[0].prefix == t[1].prefix;
        clm_segment__abc_histogram(h, amounts, n, maxv, t[0].prefix, t[1].prefix, shift, width);
        clm_segment__abc_descend(&t[0], &h[0], width);
        clm_segment__abc_descend(&t[1], shared ? &h[0] : &h[1], width);
        done += width;
    }
    clm_core__free(h);
    for (int j = 0; j < 2; j++)
        out[j] = clm_segment__abc_boundary(&t[j], maxv);
    return CLM_OK;
}

int clm_segment__check_abc_options(const clm_abc_options *opts)
{
    if (clm_core__check_version(opts->version, CLM_ABC_OPTIONS_VERSION, "abc options") < 0)
        return CLM_EVERSION;
    if (opts->a_cut < 0 || opts->a_cut > opts->b_cut || opts->b_cut > CLM_RATE_ONE) {
        char a[CLM_CORE__RATE_TEXT_MAX], b[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "a_cut", "", 0,
                            "abc: cut-offs must satisfy 0 <= a_cut <= b_cut <= 100%%"
                            " (got %s and %s)", clm_core__rate_text(a, sizeof a, opts->a_cut),
                            clm_core__rate_text(b, sizeof b, opts->b_cut));
    }
    return CLM_OK;
}

int clm_abc_classify(clm_abc_class *out, const int64_t *amounts, size_t n,
                     const clm_abc_options *opts)
{
    clm_abc_options def = CLM_ABC_OPTIONS_INIT;
    if (opts == NULL)
        opts = &def;
    int rc = clm_segment__check_abc_options(opts);
    if (rc < 0)
        return rc;
    if (n == 0)
        return CLM_OK;
    if (out == NULL || amounts == NULL)
        return clm_core__fail(CLM_EINVAL, "abc: %s is NULL", out == NULL ? "out" : "amounts");
    if (n > CLM_SEGMENT_MAX_CLIENTS)
        return clm_core__fail(CLM_ELIMIT, "abc: %zu clients, at most %zu per call", n,
                         CLM_SEGMENT_MAX_CLIENTS);

    size_t m = 0;
    clm_core__u128 total = 0;
    uint64_t maxv = 0, minv = UINT64_MAX;
    for (size_t i = 0; i < n; i++) {
        int64_t a = amounts[i];
        if (a > 0) {
            m++;
            total += (uint64_t)a;
            maxv = (uint64_t)a > maxv ? (uint64_t)a : maxv;
            minv = (uint64_t)a < minv ? (uint64_t)a : minv;
        } else if (a < 0 && opts->reject_negative) {
            return clm_core__fail_at(CLM_EINVAL, "amounts", "", 0,
                                "abc: client %zu has a negative amount (%lld) and"
                                " reject_negative is set", i, (long long)a);
        }
    }
    if (m == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = CLM_ABC_C;
        return CLM_OK;
    }

    clm_segment__abc_bound b[2];
    const clm_rate cuts[2] = { opts->a_cut, opts->b_cut };
    rc = find_boundaries(b, amounts, n, m, total, maxv, minv, cuts);
    if (rc < 0)
        return rc;
    const clm_segment__abc_bound ba = b[0], bb = b[1];
    uint64_t seen_a = 0, seen_b = 0;
    for (size_t i = 0; i < n; i++)
        out[i] = clm_segment__abc_class(amounts[i], &ba, &bb, &seen_a, &seen_b);
    return CLM_OK;
}
