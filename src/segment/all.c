/*
 * all.c — ABC, XYZ and RFM of a client base in one reading of its months
 * (segment.h, clm_segment_all()).
 *
 * The rules are those of abc.c, xyz.c and rfm.c (docs/rules.md,
 * Segmentation), and the results must equal theirs bit for bit; what
 * changes is how often the data is read. The separate calls read the
 * n x periods matrix three times (clm_periods_summarize() twice: its
 * overflow pre-check and its sums; clm_xyz_classify() once) and the n
 * totals about a dozen times (ABC's extremes, levels and classes; RFM's
 * extremes, the levels of each of its three measures and the scores).
 * Here:
 *
 *  1. One pass over the matrix gives each client's sum S, sum of squares
 *     Q, frequency, last period and XYZ class (cv.h decides it exactly as
 *     clm_xyz_classify() does), checks the totals for overflow row by row,
 *     and gathers what the other two need: ABC's count, exact sum and
 *     extremes of the positive totals; RFM's count of buyers, the number of
 *     buyers per last period and per frequency, and the extremes of their
 *     totals. Results go to scratch, so a refusal found at the last client
 *     leaves the caller's arrays untouched.
 *  2. Recency and frequency take only `periods` (+ 1) values, so their
 *     quintile thresholds come straight from those counts.
 *  3. The two ABC boundaries (abc_select.h) and the four monetary
 *     thresholds are selected together, one pass over the totals per radix
 *     level for both.
 *  4. One pass writes every result.
 */
#include "clm/segment.h"

#include <string.h>

#include "abc_select.h"
#include "checks.h"
#include "core/core.h"
#include "cv.h"
#include "radix.h"

typedef clm_core__u128 u128;

int clm_segment_options_init(clm_segment_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "segment options: NULL");
    *opts = (clm_segment_options)CLM_SEGMENT_OPTIONS_INIT;
    return CLM_OK;
}

/* A client's scratch word besides its total: last period + 1 (0: never),
 * frequency, XYZ class. periods <= 2^20, so each count fits 21 bits. */
#define AUX_BITS 21
#define AUX_MASK ((UINT64_C(1) << AUX_BITS) - 1)
#define AUX_FREQ_SHIFT AUX_BITS
#define AUX_XYZ_SHIFT (2 * AUX_BITS)

/* What the matrix pass learns about the base. */
typedef struct base_stats {
    size_t abc_m;          /* clients with a positive total */
    u128 abc_total;        /* their sum */
    uint64_t abc_max, abc_min;
    size_t rfm_m;          /* clients with a purchase (frequency > 0) */
    uint64_t m_lo, m_hi;   /* extremes of their totals' radix keys */
} base_stats;

/* One client between the passes: its total and the word above. */
typedef struct client_sums {
    int64_t total;
    uint64_t aux;
} client_sums;

/* The scratch of a run, kept by a clm_segmenter from one run to the next.
 * The clients' sums are one block: the first pass writes it, the
 * selection and the last pass read it. */
typedef struct scratch {
    client_sums *row;
    size_t row_cap;
    double *cv;            /* only when the caller wants the CV */
    size_t cv_cap;
    uint32_t *by_last;     /* buyers per last period (periods) */
    uint32_t *by_freq;     /* buyers per frequency (periods + 1) */
    size_t count_cap;      /* of by_last and by_freq */
} scratch;

static void scratch_free(scratch *s)
{
    clm_core__free(s->row);
    clm_core__free(s->cv);
    clm_core__free(s->by_last);
    clm_core__free(s->by_freq);
    memset(s, 0, sizeof *s);
}

/* Replaces *p by a block of n elements of `size` bytes when it holds fewer
 * (the contents are not kept: every run writes before it reads). On
 * failure *p and *cap are unchanged. */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return CLM_OK;
    void *q = clm_core__reallocarray(NULL, n, size);
    if (q == NULL)
        return clm_core__oom("segment: scratch");
    clm_core__free(*p);
    *p = q;
    *cap = n;
    return CLM_OK;
}

/* Makes room for n clients over `periods` and clears the counts. On
 * failure the scratch keeps what it had. */
static int scratch_reserve(scratch *s, size_t n, size_t periods, bool want_cv)
{
    void *p;
    int rc;
    p = s->row;
    rc = grow(&p, &s->row_cap, n, sizeof *s->row);
    s->row = p;
    if (rc == CLM_OK && want_cv) {
        p = s->cv;
        rc = grow(&p, &s->cv_cap, n, sizeof *s->cv);
        s->cv = p;
    }
    if (rc == CLM_OK && periods + 1 > s->count_cap) {
        uint32_t *l = clm_core__reallocarray(NULL, periods + 1, sizeof *l);
        uint32_t *f = clm_core__reallocarray(NULL, periods + 1, sizeof *f);
        if (l == NULL || f == NULL) {
            clm_core__free(l);
            clm_core__free(f);
            return clm_core__oom("segment: scratch");
        }
        clm_core__free(s->by_last);
        clm_core__free(s->by_freq);
        s->by_last = l;
        s->by_freq = f;
        s->count_cap = periods + 1;
    }
    if (rc < 0)
        return rc;
    memset(s->by_last, 0, periods * sizeof *s->by_last);
    memset(s->by_freq, 0, (periods + 1) * sizeof *s->by_freq);
    return CLM_OK;
}

/*
 * Step 1: the matrix pass. Fails on the first client at fault (see the
 * header for the order within one client); writes only scratch. Always
 * inlined, so that read_months() can give it a constant period count.
 */
__attribute__((always_inline)) static inline int
read_months_of(scratch *sc, base_stats *st, const int64_t *amounts, size_t n, size_t periods,
               const clm_segment_options *o, bool want_cv)
{
    const uint64_t x2 = (uint64_t)o->xyz.x_cut * (uint64_t)o->xyz.x_cut;
    const uint64_t y2 = (uint64_t)o->xyz.y_cut * (uint64_t)o->xyz.y_cut;
    /* A row whose magnitudes all stay below 2^(62 - bit_width(periods))
     * sums to less than 2^62 in magnitude: its total cannot overflow. */
    const unsigned safe_bits = 62 - clm_segment__bit_width(periods);
    const bool abc_neg = o->abc.reject_negative != 0, xyz_neg = o->xyz.reject_negative != 0;
    client_sums *rows = sc->row;
    double *cvs = want_cv ? sc->cv : NULL;
    uint32_t *by_last = sc->by_last, *by_freq = sc->by_freq;
    base_stats s = { 0, 0, 0, UINT64_MAX, 0, UINT64_MAX, 0 };

    for (size_t i = 0; i < n; i++) {
        const int64_t *row = amounts + i * periods;
        uint64_t s64 = 0, q64 = 0, big = 0;
        uint32_t f = 0;
        int32_t l = -1;
        if (periods <= 64) {
            /* The months with a purchase as bits: no dependency from one
             * month's test to the next. */
            uint64_t bought = 0;
            for (size_t p = 0; p < periods; p++) {
                int64_t v = row[p];
                uint64_t x = (uint64_t)v;
                uint64_t ax = v < 0 ? 0 - x : x;
                big |= ax;
                s64 += x;
                q64 += ax * ax;
                bought |= (uint64_t)(v > 0) << p;
            }
            f = (uint32_t)__builtin_popcountll(bought);
            l = (int32_t)clm_segment__bit_width(bought) - 1;
        } else {
            for (size_t p = 0; p < periods; p++) {
                int64_t v = row[p];
                uint64_t x = (uint64_t)v;
                uint64_t ax = v < 0 ? 0 - x : x;
                big |= ax;
                s64 += x;
                q64 += ax * ax;
                /* Branch-free: whether a month had a purchase is random. */
                f += v > 0;
                l = v > 0 ? (int32_t)p : l;
            }
        }
        if ((big >> safe_bits) != 0) {
            int64_t t = 0;
            for (size_t p = 0; p < periods; p++)
                if (clm_core__add_ovf(t, row[p], &t))
                    return clm_core__fail_at(CLM_EOVERFLOW, "amounts", "", 0,
                                             "segment: the total of client %zu does not fit"
                                             " 64 bits", i);
        }
        const int64_t t = (int64_t)s64; /* exact: checked above */
        if (t < 0 && abc_neg)
            return clm_core__fail_at(CLM_EINVAL, "amounts", "", 0,
                                     "segment: client %zu has a negative total (%lld) and"
                                     " abc.reject_negative is set", i, (long long)t);
        size_t neg_at = xyz_neg ? 0 : periods; /* the first negative period */
        while (neg_at < periods && row[neg_at] >= 0)
            neg_at++;
        if (neg_at < periods) {
            const size_t p = neg_at;
            return clm_core__fail_at(CLM_EINVAL, "amounts", "", 0,
                                     "segment: client %zu, period %zu: negative amount %lld"
                                     " and xyz.reject_negative is set",
                                     i, p, (long long)row[p]);
        }
        clm_xyz_class z = clm_segment__xyz_row(row, periods, s64, q64, big, x2, y2,
                                               cvs != NULL ? &cvs[i] : NULL);
        if (t > 0) {
            s.abc_m++;
            s.abc_total += (uint64_t)t;
            s.abc_max = (uint64_t)t > s.abc_max ? (uint64_t)t : s.abc_max;
            s.abc_min = (uint64_t)t < s.abc_min ? (uint64_t)t : s.abc_min;
        }
        if (f > 0) {
            s.rfm_m++;
            by_last[l]++;
            by_freq[f]++;
            uint64_t k = clm_segment__radix_key(t);
            s.m_lo = k < s.m_lo ? k : s.m_lo;
            s.m_hi = k > s.m_hi ? k : s.m_hi;
        }
        rows[i].total = t;
        rows[i].aux = (uint64_t)(l + 1) | (uint64_t)f << AUX_FREQ_SHIFT |
                      (uint64_t)z << AUX_XYZ_SHIFT;
    }
    *st = s;
    return CLM_OK;
}

/* Twelve periods (a year of months) is the common case: with the count
 * known the compiler unrolls the row. */
static int read_months(scratch *sc, base_stats *st, const int64_t *amounts, size_t n,
                       size_t periods, const clm_segment_options *o, bool want_cv)
{
    if (periods == 12)
        return read_months_of(sc, st, amounts, n, 12, o, want_cv);
    return read_months_of(sc, st, amounts, n, periods, o, want_cv);
}

/* The 0-based ascending rank whose value is the threshold of score s
 * (2..5) among m scored clients: k_s - 1 with k_s = ceil((s - 1) m / 5)
 * (rfm.c: a client scores at least s when its value exceeds it). */
static uint64_t quintile_rank(unsigned s, size_t m)
{
    return ((uint64_t)(s - 1) * m + 4) / 5 - 1;
}

/* Step 2: th[s - 2] = the value of that rank, from counts per value
 * 0 .. len - 1 (m >= 1 clients in all). */
static void count_thresholds(int64_t th[4], const uint32_t *count, size_t len, size_t m)
{
    uint64_t below = 0; /* clients with a value < v */
    size_t v = 0;
    for (unsigned s = 2; s <= 5; s++) {
        uint64_t r = quintile_rank(s, m);
        while (v < len && below + count[v] <= r) {
            below += count[v];
            v++;
        }
        th[s - 2] = (int64_t)v;
    }
}

/* The search for the four monetary thresholds, in keys radix_key(total) -
 * lo of the clients with a purchase (as rfm.c's thresholds()). */
typedef struct mon_select {
    uint64_t rank[4], prefix[4];
    uint64_t count[4];     /* clients in each target's candidate group */
    uint64_t lo;
    unsigned bits, done;
} mon_select;

/* The digit width and shift of the next level of a `bits`-bit key of
 * which `done` bits are decided. */
static unsigned level_width(unsigned bits, unsigned done)
{
    return bits - done < CLM__DIGIT_BITS ? bits - done : CLM__DIGIT_BITS;
}

/* The distinct prefixes of the four monetary targets into pre[0..*nu),
 * and which is whose into of[]. */
static void mon_prefixes(const mon_select *ms, uint64_t pre[4], unsigned *nu, unsigned of[4])
{
    *nu = 0;
    for (unsigned k = 0; k < 4; k++) {
        unsigned u = 0;
        while (u < *nu && pre[u] != ms->prefix[k])
            u++;
        if (u == *nu)
            pre[(*nu)++] = ms->prefix[k];
        of[k] = u;
    }
}

/* Narrows each monetary target to the bucket of its rank (hm: nu
 * histograms of 2^width buckets, `of` as mon_prefixes() gave it). */
static void mon_descend(mon_select *ms, const uint64_t *hm, const unsigned of[4], unsigned width)
{
    for (unsigned k = 0; k < 4; k++) {
        const uint64_t *hk = hm + of[k] * CLM__BUCKETS;
        unsigned d = 0;
        while (d + 1 < (1u << width) && ms->rank[k] >= hk[d]) {
            ms->rank[k] -= hk[d];
            d++;
        }
        ms->prefix[k] = (ms->prefix[k] << width) | d;
        ms->count[k] = hk[d];
    }
    ms->done += width;
}

/* One monetary level over candidate keys (all scored, already relative
 * to lo). */
static void mon_level_keys(mon_select *ms, uint64_t *hm, const uint64_t *keys, size_t nk)
{
    const unsigned width = level_width(ms->bits, ms->done);
    const unsigned shift = ms->bits - ms->done - width, hi = shift + width; /* hi < 64 */
    const uint64_t mask = (UINT64_C(1) << width) - 1;
    uint64_t pre[4];
    unsigned nu, of[4];
    mon_prefixes(ms, pre, &nu, of);
    memset(hm, 0, nu * CLM__BUCKETS * sizeof *hm);
    for (size_t i = 0; i < nk; i++) {
        const uint64_t k = keys[i], top = k >> hi;
        for (unsigned u = 0; u < nu; u++)
            if (top == pre[u]) {
                hm[u * CLM__BUCKETS + ((k >> shift) & mask)]++;
                break;
            }
    }
    mon_descend(ms, hm, of, width);
}

/*
 * Step 3: the ABC boundaries and the monetary thresholds. Each side walks
 * the digits of its own key range from the top, as abc.c's and rfm.c's
 * selections do, with the same histograms and the same descent, so each
 * lands on the same boundary and threshold. Only the first level reads
 * every client (both sides in one pass); one more pass then copies out
 * the clients inside the buckets the targets narrowed to (a small part of
 * the base, unless it is made of nearly equal totals), and the remaining
 * levels read only those.
 */
static int select_both(clm_segment__abc_bound ab[2], uint64_t th_m[4], const scratch *sc,
                       const base_stats *st, size_t n, const clm_abc_options *ao)
{
    clm_segment__abc_hist *h = clm_core__malloc(2 * sizeof *h);
    uint64_t *hm = clm_core__malloc(4 * CLM__BUCKETS * sizeof *hm);
    int64_t *cand_a = NULL;
    uint64_t *cand_m = NULL;
    int rc = CLM_OK;
    if (h == NULL || hm == NULL) {
        rc = clm_core__oom("segment: histograms");
        goto done;
    }
    const client_sums *rows = sc->row;

    clm_segment__abc_target t[2];
    const clm_rate cut[2] = { ao->a_cut, ao->b_cut };
    for (int j = 0; j < 2; j++)
        t[j] = clm_segment__abc_start(st->abc_total, cut[j], st->abc_m);
    const uint64_t maxv = st->abc_max;
    const unsigned abc_bits = st->abc_m > 0 ? clm_segment__bit_width(st->abc_max - st->abc_min) : 0;
    unsigned abc_done = 0;

    mon_select ms;
    ms.lo = st->m_lo;
    ms.bits = st->rfm_m > 0 ? clm_segment__bit_width(st->m_hi - st->m_lo) : 0;
    ms.done = 0;
    for (unsigned s = 2; s <= 5; s++) {
        ms.rank[s - 2] = st->rfm_m > 0 ? quintile_rank(s, st->rfm_m) : 0;
        ms.prefix[s - 2] = 0;
        ms.count[s - 2] = st->rfm_m;
    }

    /* Level 1, every client, both sides. At the top level every target's
     * prefix is the empty one: one histogram per side. */
    const bool abc_on = abc_done < abc_bits, mon_on = ms.done < ms.bits;
    if (abc_on || mon_on) {
        const unsigned aw = abc_on ? level_width(abc_bits, 0) : 0;
        const unsigned ashift = abc_bits - aw; /* aw + ashift <= 63 */
        const unsigned mw = mon_on ? level_width(ms.bits, 0) : 0;
        const unsigned mshift = ms.bits - mw;
        memset(&h[0], 0, sizeof h[0]);
        memset(hm, 0, CLM__BUCKETS * sizeof *hm);
        for (size_t i = 0; i < n; i++) {
            const int64_t a = rows[i].total;
            if (abc_on && a > 0) {
                const unsigned d = (unsigned)((maxv - (uint64_t)a) >> ashift);
                h[0].count[d]++;
                h[0].sum[d] += (uint64_t)a;
            }
            if (mon_on && ((rows[i].aux >> AUX_FREQ_SHIFT) & AUX_MASK) != 0)
                hm[(clm_segment__radix_key(a) - ms.lo) >> mshift]++;
        }
        if (abc_on) {
            clm_segment__abc_descend(&t[0], &h[0], aw);
            clm_segment__abc_descend(&t[1], &h[0], aw);
            abc_done = aw;
        }
        if (mon_on) {
            const unsigned of[4] = { 0, 0, 0, 0 };
            mon_descend(&ms, hm, of, mw);
        }
    }

    /* The candidates of the remaining levels. */
    const bool abc_more = abc_done < abc_bits, mon_more = ms.done < ms.bits;
    if (abc_more || mon_more) {
        const unsigned ar = abc_bits - abc_done, mr = ms.bits - ms.done; /* < 64 */
        const uint64_t ap0 = t[0].prefix, ap1 = t[1].prefix;
        size_t na = 0, nm = 0;
        if (abc_more)
            na = (size_t)(t[0].count + (ap1 != ap0 ? t[1].count : 0));
        uint64_t pre[4];
        unsigned nu = 0, of[4];
        if (mon_more) {
            mon_prefixes(&ms, pre, &nu, of);
            for (unsigned u = 0; u < nu; u++)
                for (unsigned k = 0; k < 4; k++)
                    if (of[k] == u) {
                        nm += (size_t)ms.count[k];
                        break;
                    }
        }
        cand_a = clm_core__reallocarray(NULL, na > 0 ? na : 1, sizeof *cand_a);
        cand_m = clm_core__reallocarray(NULL, nm > 0 ? nm : 1, sizeof *cand_m);
        if (cand_a == NULL || cand_m == NULL) {
            rc = clm_core__oom("segment: selection candidates");
            goto done;
        }
        size_t ia = 0, im = 0;
        for (size_t i = 0; i < n; i++) {
            const int64_t a = rows[i].total;
            if (abc_more && a > 0) {
                const uint64_t top = (maxv - (uint64_t)a) >> ar;
                if (top == ap0 || top == ap1)
                    cand_a[ia++] = a;
            }
            if (mon_more && ((rows[i].aux >> AUX_FREQ_SHIFT) & AUX_MASK) != 0) {
                const uint64_t k = clm_segment__radix_key(a) - ms.lo, top = k >> mr;
                for (unsigned u = 0; u < nu; u++)
                    if (top == pre[u]) {
                        cand_m[im++] = k;
                        break;
                    }
            }
        }
        /* The remaining levels, as abc.c's and rfm.c's over the candidates. */
        while (abc_done < abc_bits) {
            const unsigned width = level_width(abc_bits, abc_done);
            const unsigned shift = abc_bits - abc_done - width;
            const bool shared = t[0].prefix == t[1].prefix;
            clm_segment__abc_histogram(h, cand_a, ia, maxv, t[0].prefix, t[1].prefix, shift, width);
            clm_segment__abc_descend(&t[0], &h[0], width);
            clm_segment__abc_descend(&t[1], shared ? &h[0] : &h[1], width);
            abc_done += width;
        }
        while (ms.done < ms.bits)
            mon_level_keys(&ms, hm, cand_m, im);
    }

    if (st->abc_m > 0) {
        for (int j = 0; j < 2; j++)
            ab[j] = clm_segment__abc_boundary(&t[j], maxv);
    } else { /* every total <= 0: every client is C whatever the boundaries */
        ab[0].value = ab[1].value = INT64_MAX;
        ab[0].ties = ab[1].ties = 0;
    }
    for (unsigned k = 0; k < 4; k++)
        th_m[k] = ms.lo + ms.prefix[k];
done:
    clm_core__free(h);
    clm_core__free(hm);
    clm_core__free(cand_a);
    clm_core__free(cand_m);
    return rc;
}

static uint8_t score_of(int64_t v, const int64_t th[4])
{
    return (uint8_t)(1 + (v > th[0]) + (v > th[1]) + (v > th[2]) + (v > th[3]));
}

static uint8_t score_of_key(uint64_t k, const uint64_t th[4])
{
    return (uint8_t)(1 + (k > th[0]) + (k > th[1]) + (k > th[2]) + (k > th[3]));
}

/* clm_segment_all() and clm_segmenter_run() with the scratch `sc`. */
static int segment_run(scratch *sc, const clm_segment_result *out, const int64_t *amounts,
                       size_t n, size_t periods, const clm_segment_options *opts)
{
    clm_segment_options def = CLM_SEGMENT_OPTIONS_INIT;
    if (opts == NULL)
        opts = &def;
    if (clm_core__check_version(opts->version, CLM_SEGMENT_OPTIONS_VERSION, "segment options") < 0)
        return CLM_EVERSION;
    int rc = clm_segment__check_abc_options(&opts->abc);
    if (rc < 0)
        return rc;
    if ((rc = clm_segment__check_xyz_options(&opts->xyz)) < 0)
        return rc;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "segment: out is NULL");
    if (periods < 2)
        return clm_core__fail_at(CLM_EINVAL, "periods", "", 0,
                                 "segment: %zu period(s); XYZ's variation needs at least 2",
                                 periods);
    if ((rc = clm_segment__check_matrix("segment", amounts, n, periods)) < 0)
        return rc;
    if (n == 0)
        return CLM_OK;
    if (out->abc == NULL || out->xyz == NULL || out->rfm == NULL)
        return clm_core__fail(CLM_EINVAL, "segment: out->%s is NULL",
                              out->abc == NULL ? "abc" : out->xyz == NULL ? "xyz" : "rfm");

    if ((rc = scratch_reserve(sc, n, periods, out->cv != NULL)) < 0)
        return rc;
    base_stats st = { 0 };
    clm_segment__abc_bound ab[2];
    uint64_t th_m[4];
    if ((rc = read_months(sc, &st, amounts, n, periods, opts, out->cv != NULL)) < 0 ||
        (rc = select_both(ab, th_m, sc, &st, n, &opts->abc)) < 0)
        return rc;
    int64_t th_r[4] = { 0, 0, 0, 0 }, th_f[4] = { 0, 0, 0, 0 };
    if (st.rfm_m > 0) {
        count_thresholds(th_r, sc->by_last, periods, st.rfm_m);
        count_thresholds(th_f, sc->by_freq, periods + 1, st.rfm_m);
    }

    /* Step 4: every result. A total equal to neither boundary amount
     * (nearly all) has its class from two comparisons, without a branch
     * that the order of the clients would make unpredictable: the A
     * boundary amount is at least the B one, and both are positive, so a
     * total <= 0 is C. */
    const int64_t bav = ab[0].value, bbv = ab[1].value;
    uint64_t seen_a = 0, seen_b = 0;
    int64_t *o_total = out->total, *o_freq = out->frequency;
    int32_t *o_last = out->last;
    for (size_t i = 0; i < n; i++) {
        const int64_t t = sc->row[i].total;
        const uint64_t x = sc->row[i].aux;
        const int64_t l1 = (int64_t)(x & AUX_MASK), f = (int64_t)((x >> AUX_FREQ_SHIFT) & AUX_MASK);
        out->abc[i] = t == bav || t == bbv
                          ? clm_segment__abc_class(t, &ab[0], &ab[1], &seen_a, &seen_b)
                          : (clm_abc_class)(CLM_ABC_C - (t > bbv) - (t > bav));
        out->xyz[i] = (clm_xyz_class)(x >> AUX_XYZ_SHIFT);
        out->rfm[i] = f == 0 ? (clm_rfm_score){ 0, 0, 0 }
                             : (clm_rfm_score){ score_of(l1 - 1, th_r), score_of(f, th_f),
                                                score_of_key(clm_segment__radix_key(t), th_m) };
        if (o_total != NULL)
            o_total[i] = t;
        if (o_freq != NULL)
            o_freq[i] = f;
        if (o_last != NULL)
            o_last[i] = l1 == 0 ? CLM_RFM_NEVER : (int32_t)(l1 - 1);
    }
    if (out->cv != NULL)
        memcpy(out->cv, sc->cv, n * sizeof *out->cv);
    return CLM_OK;
}

int clm_segment_all(const clm_segment_result *out, const int64_t *amounts, size_t n,
                    size_t periods, const clm_segment_options *opts)
{
    scratch sc;
    memset(&sc, 0, sizeof sc);
    int rc = segment_run(&sc, out, amounts, n, periods, opts);
    scratch_free(&sc);
    return rc;
}

struct clm_segmenter {
    scratch sc;
};

int clm_segmenter_new(clm_segmenter **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "segmenter: out is NULL");
    clm_segmenter *s = clm_core__calloc(1, sizeof *s);
    if (s == NULL)
        return clm_core__oom("segmenter");
    *out = s;
    return CLM_OK;
}

void clm_segmenter_free(clm_segmenter *s)
{
    if (s == NULL)
        return;
    scratch_free(&s->sc);
    clm_core__free(s);
}

int clm_segmenter_run(clm_segmenter *s, const clm_segment_result *out, const int64_t *amounts,
                      size_t n, size_t periods, const clm_segment_options *opts)
{
    if (s == NULL)
        return clm_core__fail(CLM_EINVAL, "segmenter: NULL");
    return segment_run(&s->sc, out, amounts, n, periods, opts);
}
