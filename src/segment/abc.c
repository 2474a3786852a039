/*
 * abc.c — ABC (Pareto) classification of clients by amount.
 *
 * Rule (DOMAIN.md 2 and 7.6): sorted descending, cumulative share; A up to
 * 80 %, B up to 95 %, C the rest; the client crossing a boundary belongs to
 * the upper class. Only the two boundary positions depend on the order, so
 * we sort the positive amounts alone (radix, no indices), find the first
 * position past each cut-off with exact 128-bit arithmetic, and then give
 * each client its class in one pass in index order: equal amounts at a
 * boundary are handed out to the lowest indices first, which is the
 * documented tie order.
 */
#include "clm/segment.h"

#include "internal.h"
#include "radix.h"

#define PPM_ONE 1000000

int clm_abc_options_init(clm_abc_options *opts)
{
    if (opts == NULL)
        return clm__fail(CLM_EINVAL, "abc options: NULL");
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

/* One class boundary: clients with amount > value, and the first `ties`
 * clients (by index) with amount == value, are inside it. */
typedef struct boundary {
    int64_t value;
    size_t ties;
} boundary;

/*
 * sorted[0..m) ascending positive amounts with sum `total`. Finds the first
 * position (descending order) whose `before` sum is >= cut * total, and
 * describes it as a boundary. If every position is inside, value is 0 (so
 * every positive amount is inside).
 */
static boundary find_boundary(const uint64_t *sorted, size_t m, clm__u128 total,
                              clm_rate cut)
{
    /* before * 10^6 < cut * total  <=>  inside. Both sides fit 128 bits:
     * total < 2^63 * 2^32 and the factors are <= 10^6 < 2^20. */
    clm__u128 limit = total * (clm__u128)(uint64_t)cut;
    clm__u128 before = 0;
    size_t p = 0;
    while (p < m && before * PPM_ONE < limit) {
        before += (uint64_t)clm__radix_unkey(sorted[m - 1 - p]);
        p++;
    }
    /* Each position was tested before its amount was added: p is the first
     * position outside, or m when all are inside. */
    boundary b = { 0, 0 };
    if (p == m)
        return b;
    b.value = clm__radix_unkey(sorted[m - 1 - p]);
    size_t start = p;
    while (start > 0 && clm__radix_unkey(sorted[m - start]) == b.value)
        start--;
    b.ties = p - start;
    return b;
}

int clm_abc_classify(clm_abc_class *out, const int64_t *amounts, size_t n,
                     const clm_abc_options *opts)
{
    clm_abc_options def = CLM_ABC_OPTIONS_INIT;
    if (opts == NULL)
        opts = &def;
    if (opts->version != CLM_ABC_OPTIONS_VERSION)
        return clm__fail(CLM_EVERSION, "abc: options version %u, expected %u",
                         opts->version, (unsigned)CLM_ABC_OPTIONS_VERSION);
    if (opts->a_cut < 0 || opts->a_cut > opts->b_cut || opts->b_cut > PPM_ONE)
        return clm__fail_at(CLM_EINVAL, "a_cut", "", 0,
                            "abc: cut-offs must satisfy 0 <= a_cut <= b_cut <= 100 %%"
                            " (got %lld and %lld ppm)",
                            (long long)opts->a_cut, (long long)opts->b_cut);
    if (n == 0)
        return CLM_OK;
    if (out == NULL || amounts == NULL)
        return clm__fail(CLM_EINVAL, "abc: %s is NULL", out == NULL ? "out" : "amounts");
    if (n > CLM_SEGMENT_MAX_CLIENTS)
        return clm__fail(CLM_ELIMIT, "abc: %zu clients, at most %zu per call", n,
                         CLM_SEGMENT_MAX_CLIENTS);

    size_t m = 0;
    clm__u128 total = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t a = amounts[i];
        if (a > 0) {
            m++;
            total += (uint64_t)a;
        } else if (a < 0 && opts->reject_negative) {
            return clm__fail_at(CLM_EINVAL, "amounts", "", 0,
                                "abc: client %zu has a negative amount (%lld) and"
                                " reject_negative is set", i, (long long)a);
        }
    }
    if (m == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = CLM_ABC_C;
        return CLM_OK;
    }

    uint64_t *keys = clm__calloc(2 * m, sizeof *keys);
    size_t *hist = clm__calloc(CLM__RADIX_HIST, sizeof *hist);
    if (keys == NULL || hist == NULL) {
        clm__free(keys);
        clm__free(hist);
        return clm__oom("abc: sort scratch");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (amounts[i] > 0)
            keys[k++] = clm__radix_key(amounts[i]);
    clm__radix_sort_u64(keys, keys + m, hist, m);

    boundary ba = find_boundary(keys, m, total, opts->a_cut);
    boundary bb = find_boundary(keys, m, total, opts->b_cut);
    clm__free(keys);
    clm__free(hist);

    /* When both boundaries fall in the same block of equal amounts, the
     * clients of that block are counted once, in index order: the first
     * ba.ties are A, up to bb.ties are B. */
    size_t seen_a = 0, seen_b = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t a = amounts[i];
        if (a <= 0) {
            out[i] = CLM_ABC_C;
            continue;
        }
        size_t ord = 0;
        if (a == ba.value)
            ord = seen_a++;
        else if (a == bb.value)
            ord = seen_b++;
        if (a > ba.value || (a == ba.value && ord < ba.ties))
            out[i] = CLM_ABC_A;
        else if (a > bb.value || (a == bb.value && ord < bb.ties))
            out[i] = CLM_ABC_B;
        else
            out[i] = CLM_ABC_C;
    }
    return CLM_OK;
}
