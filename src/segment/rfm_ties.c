/*
 * rfm_ties.c — RFM scoring under a stated tie policy (segment.h,
 * clm_rfm_ties): equal values equal scores (rfm.c), ties broken by a key
 * (the ranking by row of the NTILE window function, ISO/IEC 9075-2:2003,
 * "SQL:2003"), or the user's fixed thresholds.
 */
#include "clm/segment.h"

#include <string.h>

#include "core/core.h"

int clm_rfm_options_init(clm_rfm_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_rfm_options_init: NULL options");
    *o = (clm_rfm_options)CLM_RFM_OPTIONS_INIT;
    return CLM_OK;
}

static const char *const tie_names[] = {"equal", "by-key", "fixed"};

const char *clm_rfm_ties_name(clm_rfm_ties t)
{
    return (unsigned)t < 3 ? tie_names[t] : NULL;
}

int clm_rfm_ties_from_name(clm_rfm_ties *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_rfm_ties_from_name: NULL argument");
    for (int i = 0; i < 3; i++)
        if (strcmp(tie_names[i], name) == 0) {
            *out = (clm_rfm_ties)i;
            return CLM_OK;
        }
    return clm_core__fail_at(CLM_ENOTFOUND, "ties", "", 0,
                             "rfm: unknown tie policy \"%s\" (equal, by-key, fixed)", name);
}

typedef struct ranked {
    int64_t value;
    int64_t key;
    uint32_t index;
} ranked;

/* Ascending: worst first. Equal values: the smaller key is worse; equal
 * keys: the higher index is worse (the lower index ranks higher). */
static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index > y->index ? -1 : x->index < y->index ? 1 : 0;
}

/* Scores one measure by rank: which = 0 (r), 1 (f), 2 (m). */
static void by_key(clm_rfm_score *tmp, ranked *rk, size_t m, const int32_t *last, const int64_t *freq,
                   const int64_t *mon, const int64_t *key, size_t n, int which)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (freq[i] <= 0)
            continue;
        int64_t v = which == 0 ? (int64_t)last[i] : which == 1 ? freq[i] : mon[i];
        rk[j++] = (ranked){v, key != NULL ? key[i] : 0, (uint32_t)i};
    }
    clm_core__qsort(rk, m, sizeof *rk, cmp_ranked);
    for (size_t r = 0; r < m; r++) {
        /* 1 + floor(5 r / m), exact: 5 r < 5 * 2^32 fits 64 bits */
        uint8_t s = (uint8_t)(1 + (uint64_t)r * 5 / m);
        clm_rfm_score *o = &tmp[rk[r].index];
        if (which == 0)
            o->r = s;
        else if (which == 1)
            o->f = s;
        else
            o->m = s;
    }
}

static uint8_t fixed_score(int64_t v, const int64_t from[4])
{
    return (uint8_t)(1 + (v >= from[0]) + (v >= from[1]) + (v >= from[2]) + (v >= from[3]));
}

static int check_fixed(const int64_t from[4], const char *measure)
{
    for (int s = 1; s < 4; s++)
        if (from[s] < from[s - 1])
            return clm_core__fail_at(CLM_EINVAL, measure, "", 0,
                                     "rfm: fixed thresholds for %s decrease: score %d starts at %lld, "
                                     "below score %d's %lld",
                                     measure, s + 2, (long long)from[s], s + 1, (long long)from[s - 1]);
    return CLM_OK;
}

int clm_rfm_score_opts(clm_rfm_score *out, const int32_t *last, const int64_t *frequency,
                       const int64_t *monetary, size_t n, const clm_rfm_options *opts)
{
    if (opts != NULL) {
        int rc = clm_core__check_version(opts->version, CLM_RFM_OPTIONS_VERSION, "clm_rfm_options");
        if (rc < 0)
            return rc;
        if (clm_rfm_ties_name(opts->ties) == NULL)
            return clm_core__fail_at(CLM_EINVAL, "ties", "", 0, "rfm: unknown tie policy %d", (int)opts->ties);
        if (opts->ties == CLM_RFM_TIES_FIXED &&
            ((rc = check_fixed(opts->r_from, "r_from")) < 0 || (rc = check_fixed(opts->f_from, "f_from")) < 0 ||
             (rc = check_fixed(opts->m_from, "m_from")) < 0))
            return rc;
    }
    if (opts == NULL || opts->ties == CLM_RFM_TIES_EQUAL)
        return clm_rfm_score_batch(out, last, frequency, monetary, n);
    if (n == 0)
        return CLM_OK;
    /* The input checks of clm_rfm_score_batch(), in the same words. */
    if (out == NULL || last == NULL || frequency == NULL || monetary == NULL)
        return clm_core__fail(CLM_EINVAL, "rfm: %s is NULL",
                              out == NULL ? "out" : last == NULL ? "last" : frequency == NULL ? "frequency" : "monetary");
    if (n > CLM_SEGMENT_MAX_CLIENTS)
        return clm_core__fail(CLM_ELIMIT, "rfm: %zu clients, at most %zu per call", n, CLM_SEGMENT_MAX_CLIENTS);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (frequency[i] < 0)
            return clm_core__fail_at(CLM_EINVAL, "frequency", "", 0, "rfm: client %zu has a negative frequency (%lld)",
                                     i, (long long)frequency[i]);
        if (frequency[i] > 0) {
            if (last[i] == CLM_RFM_NEVER)
                return clm_core__fail_at(CLM_EINVAL, "last", "", 0,
                                         "rfm: client %zu has %lld purchase(s) but no last purchase (CLM_RFM_NEVER)", i,
                                         (long long)frequency[i]);
            m++;
        }
    }
    if (opts->ties == CLM_RFM_TIES_FIXED) {
        for (size_t i = 0; i < n; i++)
            out[i] = frequency[i] <= 0 ? (clm_rfm_score){0, 0, 0}
                                       : (clm_rfm_score){fixed_score(last[i], opts->r_from),
                                                         fixed_score(frequency[i], opts->f_from),
                                                         fixed_score(monetary[i], opts->m_from)};
        return CLM_OK;
    }
    /* by key: score into a scratch copy so `out` is untouched on failure */
    ranked *rk = m > 0 ? clm_core__calloc(m, sizeof *rk) : NULL;
    clm_rfm_score *tmp = clm_core__calloc(n, sizeof *tmp);
    if ((m > 0 && rk == NULL) || tmp == NULL) {
        clm_core__free(rk);
        clm_core__free(tmp);
        return clm_core__oom("rfm: ranking");
    }
    for (int which = 0; which < 3 && m > 0; which++)
        by_key(tmp, rk, m, last, frequency, monetary, opts->key, n, which);
    memcpy(out, tmp, n * sizeof *out);
    clm_core__free(rk);
    clm_core__free(tmp);
    return CLM_OK;
}
