/*
 * segment_all_test.c — clm_segment_all() (segment.h): ABC, XYZ and RFM in
 * one reading of the months give, client by client and bit for bit, what
 * the four separate calls give (clm_periods_summarize, clm_abc_classify,
 * clm_xyz_classify, clm_rfm_score_batch), on large random bases shaped to
 * hit ties, empty months, exact boundary shares, returns and the wide
 * arithmetic paths; the figures of docs/rules.md, Segmentation, through the
 * combined call; and every refusal leaves the caller's arrays untouched.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/error.h"
#include "clm/segment.h"
#include "oom.h"

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

/* Every output of one run, in arrays of n. */
typedef struct results {
    size_t n;
    clm_abc_class *abc;
    clm_xyz_class *xyz;
    clm_rfm_score *rfm;
    double *cv;
    int64_t *total, *freq;
    int32_t *last;
} results;

static void results_new(results *r, size_t n)
{
    r->n = n;
    size_t k = n > 0 ? n : 1;
    r->abc = malloc(k * sizeof *r->abc);
    r->xyz = malloc(k * sizeof *r->xyz);
    r->rfm = malloc(k * sizeof *r->rfm);
    r->cv = malloc(k * sizeof *r->cv);
    r->total = malloc(k * sizeof *r->total);
    r->freq = malloc(k * sizeof *r->freq);
    r->last = malloc(k * sizeof *r->last);
    assert_non_null(r->abc);
    assert_non_null(r->xyz);
    assert_non_null(r->rfm);
    assert_non_null(r->cv);
    assert_non_null(r->total);
    assert_non_null(r->freq);
    assert_non_null(r->last);
    /* A pattern no result has, so an unwritten element shows. */
    memset(r->abc, 0x5a, k * sizeof *r->abc);
    memset(r->xyz, 0x5a, k * sizeof *r->xyz);
    memset(r->rfm, 0x5a, k * sizeof *r->rfm);
    memset(r->cv, 0x5a, k * sizeof *r->cv);
    memset(r->total, 0x5a, k * sizeof *r->total);
    memset(r->freq, 0x5a, k * sizeof *r->freq);
    memset(r->last, 0x5a, k * sizeof *r->last);
}

static void results_free(results *r)
{
    free(r->abc);
    free(r->xyz);
    free(r->rfm);
    free(r->cv);
    free(r->total);
    free(r->freq);
    free(r->last);
}

static clm_segment_result as_out(const results *r)
{
    clm_segment_result o = { r->abc, r->xyz, r->rfm, r->cv, r->total, r->freq, r->last };
    return o;
}

/* True if every byte of r is still the pattern results_new() wrote. */
static bool untouched(const results *r)
{
    const struct {
        const void *p;
        size_t size;
    } a[] = {
        { r->abc, sizeof *r->abc }, { r->xyz, sizeof *r->xyz }, { r->rfm, sizeof *r->rfm },
        { r->cv, sizeof *r->cv },   { r->total, sizeof *r->total },
        { r->freq, sizeof *r->freq }, { r->last, sizeof *r->last },
    };
    for (size_t j = 0; j < sizeof a / sizeof a[0]; j++) {
        const unsigned char *b = a[j].p;
        for (size_t i = 0; i < r->n * a[j].size; i++)
            if (b[i] != 0x5a)
                return false;
    }
    return true;
}

/* Today's path: the four separate calls. */
static int run_separate(results *r, const int64_t *m, size_t n, size_t periods,
                        const clm_segment_options *o)
{
    int rc = clm_periods_summarize(r->total, r->freq, r->last, m, n, periods);
    if (rc == 0)
        rc = clm_abc_classify(r->abc, r->total, n, &o->abc);
    if (rc == 0)
        rc = clm_xyz_classify(r->xyz, r->cv, m, n, periods, &o->xyz);
    if (rc == 0)
        rc = clm_rfm_score_batch(r->rfm, r->last, r->freq, r->total, n);
    return rc;
}

/* Every client's classes and figures through both paths; the CV compared
 * as bits (NaN for no mean included). */
static void expect_same(const int64_t *m, size_t n, size_t periods, const clm_segment_options *o)
{
    results a, b;
    results_new(&a, n);
    results_new(&b, n);
    assert_int_equal(run_separate(&a, m, n, periods, o), 0);
    clm_segment_result out = as_out(&b);
    assert_int_equal(clm_segment_all(&out, m, n, periods, o), 0);
    for (size_t i = 0; i < n; i++) {
        if (a.abc[i] != b.abc[i] || a.xyz[i] != b.xyz[i] || a.rfm[i].r != b.rfm[i].r ||
            a.rfm[i].f != b.rfm[i].f || a.rfm[i].m != b.rfm[i].m || a.total[i] != b.total[i] ||
            a.freq[i] != b.freq[i] || a.last[i] != b.last[i] ||
            memcmp(&a.cv[i], &b.cv[i], sizeof a.cv[i]) != 0)
            fail_msg("client %zu of %zu (%zu periods): separate %s %s %u%u%u total %lld f %lld"
                     " last %d cv %.17g; combined %s %s %u%u%u total %lld f %lld last %d"
                     " cv %.17g", i, n, periods, clm_abc_class_name(a.abc[i]),
                     clm_xyz_class_name(a.xyz[i]), a.rfm[i].r, a.rfm[i].f, a.rfm[i].m,
                     (long long)a.total[i], (long long)a.freq[i], a.last[i], a.cv[i],
                     clm_abc_class_name(b.abc[i]), clm_xyz_class_name(b.xyz[i]), b.rfm[i].r,
                     b.rfm[i].f, b.rfm[i].m, (long long)b.total[i], (long long)b.freq[i],
                     b.last[i], b.cv[i]);
    }
    /* Only the classes wanted: the same classes. */
    results c;
    results_new(&c, n);
    clm_segment_result only = { c.abc, c.xyz, c.rfm, NULL, NULL, NULL, NULL };
    assert_int_equal(clm_segment_all(&only, m, n, periods, o), 0);
    assert_memory_equal(c.abc, a.abc, n * sizeof *c.abc);
    assert_memory_equal(c.xyz, a.xyz, n * sizeof *c.xyz);
    assert_memory_equal(c.rfm, a.rfm, n * sizeof *c.rfm);
    results_free(&a);
    results_free(&b);
    results_free(&c);
}

/* Shapes of a random base. */
enum shape {
    SKEWED,     /* sizes over four orders of magnitude, empty months, returns */
    TIES,       /* amounts from a handful of values: equal totals everywhere */
    EQUAL,      /* every client the same: boundaries land on exact shares */
    SPARSE,     /* most clients never buy; some only return goods */
    WIDE,       /* amounts past 2^30, 2^40 and near 2^59: the wide paths */
};

static void generate(int64_t *m, size_t n, size_t periods, enum shape s)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rng();
        int64_t base = (int64_t)(1 + r % 1000) * (int64_t)(1 + (r >> 10) % 1000) * 100;
        unsigned activity = (unsigned)((r >> 20) % 4);
        for (size_t p = 0; p < periods; p++) {
            uint64_t q = rng();
            int64_t x = 0;
            switch (s) {
            case SKEWED:
                if ((q & 3) <= activity)
                    x = base + (int64_t)((q >> 8) % (uint64_t)base) - base / 2;
                if ((q >> 60) == 0)
                    x = -(base / 10);
                break;
            case TIES:
                x = (int64_t)((q >> 8) % 4) * 100 * (int64_t)(1 + (r & 1));
                if ((q >> 59) == 0)
                    x = -100;
                break;
            case EQUAL:
                x = p % 3 == 0 ? 0 : 500;
                break;
            case SPARSE:
                if ((r & 7) == 0)
                    x = (int64_t)((q >> 8) % 50000);
                else if ((r & 7) == 1 && (q & 3) == 0)
                    x = -(int64_t)((q >> 8) % 1000);
                break;
            case WIDE: {
                static const unsigned bits[] = { 29, 31, 39, 41, 50, 55 };
                unsigned b = bits[(r >> 30) % 6];
                x = (int64_t)(q >> (64 - b));
                if ((q & 15) == 0)
                    x = -x / 4;
                if ((q & 48) == 0)
                    x = 0;
                break;
            }
            }
            m[i * periods + p] = x;
        }
    }
}

static void check_shape(size_t n, size_t periods, enum shape s, const clm_segment_options *o)
{
    int64_t *m = malloc(n * periods * sizeof *m);
    assert_non_null(m);
    generate(m, n, periods, s);
    expect_same(m, n, periods, o);
    free(m);
}

/* The comparison on large bases of every shape, at the default options. */
static void same_as_separate_calls(void **state)
{
    (void)state;
    const clm_segment_options def = CLM_SEGMENT_OPTIONS_INIT;
    check_shape(200000, 12, SKEWED, &def);
    check_shape(100000, 12, TIES, &def);
    check_shape(100000, 12, SPARSE, &def);
    check_shape(20000, 12, WIDE, &def);
    check_shape(20000, 17, WIDE, &def); /* more than 16 periods: the 128-bit sums */
    check_shape(30000, 24, SKEWED, &def);
    check_shape(5000, 2, TIES, &def);
    /* Equal clients: with 100 and 20 of them the cumulative shares land
     * exactly on 80 % and 95 %; with 7 nowhere near. */
    check_shape(100, 12, EQUAL, &def);
    check_shape(20, 12, EQUAL, &def);
    check_shape(7, 12, EQUAL, &def);
    check_shape(1, 12, SKEWED, &def);
    check_shape(3, 5, SPARSE, &def);
}

/* Cut-offs at their limits and in between, through both paths. */
static void same_with_options(void **state)
{
    (void)state;
    static const clm_rate abc_cuts[][2] = {
        { 0, 0 }, { 0, 1000000 }, { 800000, 800000 }, { 1000000, 1000000 }, { 500000, 990000 },
    };
    static const clm_rate xyz_cuts[][2] = {
        { 0, 0 }, { 0, CLM_XYZ_MAX_CUT }, { 100000, 100000 }, { 300000, 600000 },
    };
    for (size_t a = 0; a < sizeof abc_cuts / sizeof abc_cuts[0]; a++) {
        clm_segment_options o;
        assert_int_equal(clm_segment_options_init(&o), 0);
        o.abc.a_cut = abc_cuts[a][0];
        o.abc.b_cut = abc_cuts[a][1];
        o.xyz.x_cut = xyz_cuts[a % 4][0];
        o.xyz.y_cut = xyz_cuts[a % 4][1];
        check_shape(20000, 12, a % 2 == 0 ? TIES : SKEWED, &o);
        check_shape(100, 12, EQUAL, &o);
    }
    /* reject_negative set on data without negatives changes nothing. */
    clm_segment_options o = CLM_SEGMENT_OPTIONS_INIT;
    o.abc.reject_negative = 1;
    o.xyz.reject_negative = 1;
    int64_t *m = malloc(5000 * 12 * sizeof *m);
    assert_non_null(m);
    generate(m, 5000, 12, SKEWED);
    for (size_t i = 0; i < 5000 * 12; i++)
        m[i] = m[i] < 0 ? 0 : m[i];
    expect_same(m, 5000, 12, &o);
    free(m);
}

/* docs/rules.md, Segmentation, through the combined call: totals 50, 30,
 * 15, 5 are A, A, B, C; the periods 90, 110 (CV exactly 10 %) are X, 89,
 * 111 Y, 75, 125 (exactly 25 %) Y, 74, 126 Z; a client with no purchase is
 * not scored and has no XYZ class. */
static void rules_figures(void **state)
{
    (void)state;
    const int64_t m[][2] = {
        { 25, 25 }, { 15, 15 }, { 7, 8 }, { 2, 3 },
        { 90, 110 }, { 89, 111 }, { 75, 125 }, { 74, 126 }, { 0, 0 },
    };
    /* ABC on the first four alone. */
    results r;
    results_new(&r, 4);
    clm_segment_result out = as_out(&r);
    assert_int_equal(clm_segment_all(&out, &m[0][0], 4, 2, NULL), 0);
    assert_int_equal(r.abc[0], CLM_ABC_A);
    assert_int_equal(r.abc[1], CLM_ABC_A);
    assert_int_equal(r.abc[2], CLM_ABC_B);
    assert_int_equal(r.abc[3], CLM_ABC_C);
    assert_int_equal(r.total[2], 15);
    results_free(&r);

    results_new(&r, 9);
    out = as_out(&r);
    assert_int_equal(clm_segment_all(&out, &m[0][0], 9, 2, NULL), 0);
    assert_int_equal(r.xyz[4], CLM_XYZ_X);
    assert_true(fabs(r.cv[4] - 0.1) < 1e-12);
    assert_int_equal(r.xyz[5], CLM_XYZ_Y);
    assert_int_equal(r.xyz[6], CLM_XYZ_Y);
    assert_true(fabs(r.cv[6] - 0.25) < 1e-12);
    assert_int_equal(r.xyz[7], CLM_XYZ_Z);
    assert_int_equal(r.xyz[8], CLM_XYZ_NONE);
    assert_true(isnan(r.cv[8]));
    assert_int_equal(r.rfm[8].r, 0);
    assert_int_equal(r.rfm[8].f, 0);
    assert_int_equal(r.rfm[8].m, 0);
    assert_int_equal(r.last[8], CLM_RFM_NEVER);
    assert_int_equal(r.freq[8], 0);
    /* Eight buyers, all of them in both periods: equal recency and
     * frequency score 1 for all (SQL RANK()); monetary by quintiles of the
     * totals 50, 30, 15, 5, 200 x 4: L = 3, 2, 1, 0, 4 -> 1 + 5L/8. */
    static const uint8_t want_m[8] = { 2, 2, 1, 1, 3, 3, 3, 3 };
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(r.rfm[i].r, 1);
        assert_int_equal(r.rfm[i].f, 1);
        assert_int_equal(r.rfm[i].m, want_m[i]);
    }
    results_free(&r);
}

/* Quintiles of recency and frequency from the per-period counts: five
 * buyers whose last purchases are in periods 0..4 score R 1..5; their
 * frequencies 1..5 score F 1..5. */
static void rfm_from_counts(void **state)
{
    (void)state;
    int64_t m[5][5];
    /* client i buys in periods 0..i: last = i, frequency = i + 1 */
    memset(m, 0, sizeof m);
    for (int i = 0; i < 5; i++)
        for (int p = 0; p <= i; p++)
            m[i][p] = 10 * (5 - i);
    results r;
    results_new(&r, 5);
    clm_segment_result out = as_out(&r);
    assert_int_equal(clm_segment_all(&out, &m[0][0], 5, 5, NULL), 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(r.last[i], i);
        assert_int_equal(r.freq[i], i + 1);
        assert_int_equal(r.rfm[i].r, i + 1);
        assert_int_equal(r.rfm[i].f, i + 1);
    }
    results_free(&r);
}

/* Every refusal, the last client at fault included, writes nothing. */
static void refusals_write_nothing(void **state)
{
    (void)state;
    enum { N = 1000, P = 12 };
    int64_t *m = malloc(N * P * sizeof *m);
    assert_non_null(m);
    results r;
    results_new(&r, N);
    clm_segment_result out = as_out(&r);
    clm_segment_options o = CLM_SEGMENT_OPTIONS_INIT;

    /* A total past int64 at the very last client. */
    generate(m, N, P, SPARSE);
    m[(N - 1) * P + 0] = INT64_MAX;
    m[(N - 1) * P + 5] = 1;
    assert_int_equal(clm_segment_all(&out, m, N, P, NULL), CLM_EOVERFLOW);
    assert_non_null(strstr(clm_error_last()->message, "999"));
    assert_true(untouched(&r));
    /* INT64_MAX with returns that bring it back is fine. */
    m[(N - 1) * P + 5] = -1;
    for (size_t p = 1; p < P; p++)
        if (p != 5)
            m[(N - 1) * P + p] = 0;
    results ok;
    results_new(&ok, N);
    clm_segment_result okout = as_out(&ok);
    assert_int_equal(clm_segment_all(&okout, m, N, P, NULL), 0);
    assert_int_equal(ok.total[N - 1], INT64_MAX - 1);
    results_free(&ok);
    /* Below INT64_MIN. */
    m[(N - 1) * P + 0] = INT64_MIN;
    assert_int_equal(clm_segment_all(&out, m, N, P, NULL), CLM_EOVERFLOW);
    assert_true(untouched(&r));

    /* A negative total at the last client, with abc.reject_negative. */
    generate(m, N, P, SKEWED);
    for (size_t i = 0; i < N * P; i++)
        m[i] = m[i] < 0 ? 0 : m[i];
    for (size_t p = 0; p < P; p++)
        m[(N - 1) * P + p] = p == 3 ? -70 : p == 4 ? 20 : 0;
    o.abc.reject_negative = 1;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "client 999"));
    assert_true(untouched(&r));
    /* ... and with xyz.reject_negative too: the total is named first. */
    o.xyz.reject_negative = 1;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "negative total"));
    assert_true(untouched(&r));
    /* A negative period whose total stays positive: XYZ's refusal, which
     * names the period. */
    m[(N - 1) * P + 4] = 200;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "period 3"));
    assert_true(untouched(&r));
    /* ABC alone accepts it. */
    o.xyz.reject_negative = 0;
    results_new(&ok, N);
    okout = as_out(&ok);
    assert_int_equal(clm_segment_all(&okout, m, N, P, &o), 0);
    assert_int_equal(ok.total[N - 1], 130);
    results_free(&ok);

    /* Arguments. */
    assert_int_equal(clm_segment_all(NULL, m, N, P, NULL), CLM_EINVAL);
    assert_int_equal(clm_segment_all(&out, m, N, 1, NULL), CLM_EINVAL);
    assert_int_equal(clm_segment_all(&out, m, N, 0, NULL), CLM_EINVAL);
    assert_int_equal(clm_segment_all(&out, NULL, N, P, NULL), CLM_EINVAL);
    clm_segment_result bad = out;
    bad.abc = NULL;
    assert_int_equal(clm_segment_all(&bad, m, N, P, NULL), CLM_EINVAL);
    bad = out;
    bad.xyz = NULL;
    assert_int_equal(clm_segment_all(&bad, m, N, P, NULL), CLM_EINVAL);
    bad = out;
    bad.rfm = NULL;
    assert_int_equal(clm_segment_all(&bad, m, N, P, NULL), CLM_EINVAL);
    assert_int_equal(clm_segment_all(&out, m, N, CLM_SEGMENT_MAX_PERIODS + 1, NULL), CLM_ELIMIT);
    o = (clm_segment_options)CLM_SEGMENT_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EVERSION);
    o = (clm_segment_options)CLM_SEGMENT_OPTIONS_INIT;
    o.abc.version = 99;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EVERSION);
    o = (clm_segment_options)CLM_SEGMENT_OPTIONS_INIT;
    o.xyz.version = 99;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EVERSION);
    o = (clm_segment_options)CLM_SEGMENT_OPTIONS_INIT;
    o.abc.a_cut = 960000;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EINVAL);
    o = (clm_segment_options)CLM_SEGMENT_OPTIONS_INIT;
    o.xyz.y_cut = CLM_XYZ_MAX_CUT + 1;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EINVAL);
    o = (clm_segment_options)CLM_SEGMENT_OPTIONS_INIT;
    o.xyz.x_cut = -1;
    assert_int_equal(clm_segment_all(&out, m, N, P, &o), CLM_EINVAL);
    assert_true(untouched(&r));
    assert_int_equal(clm_segment_options_init(NULL), CLM_EINVAL);

    /* No clients: nothing to do, NULL arrays allowed. */
    clm_segment_result none = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
    assert_int_equal(clm_segment_all(&none, NULL, 0, P, NULL), 0);
    results_free(&r);
    free(m);
}

/* A segmenter's run equals clm_segment_all() (and so the separate calls),
 * run after run, as its scratch grows, with and without the CV. */
static void segmenter_reuse(void **state)
{
    (void)state;
    clm_segmenter *sg = NULL;
    assert_int_equal(clm_segmenter_new(&sg), 0);
    static const struct {
        size_t n, periods;
        enum shape shape;
        bool cv;
    } runs[] = {
        { 3000, 12, SKEWED, true }, { 50000, 12, TIES, false }, { 800, 30, WIDE, true },
        { 60000, 12, SKEWED, true }, { 10, 2, EQUAL, false }, { 60000, 7, SPARSE, true },
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        const size_t n = runs[k].n, periods = runs[k].periods;
        int64_t *m = malloc(n * periods * sizeof *m);
        assert_non_null(m);
        generate(m, n, periods, runs[k].shape);
        results a, b;
        results_new(&a, n);
        results_new(&b, n);
        clm_segment_result oa = as_out(&a), ob = as_out(&b);
        if (!runs[k].cv)
            oa.cv = ob.cv = NULL;
        assert_int_equal(clm_segment_all(&oa, m, n, periods, NULL), 0);
        assert_int_equal(clm_segmenter_run(sg, &ob, m, n, periods, NULL), 0);
        assert_memory_equal(a.abc, b.abc, n * sizeof *a.abc);
        assert_memory_equal(a.xyz, b.xyz, n * sizeof *a.xyz);
        assert_memory_equal(a.rfm, b.rfm, n * sizeof *a.rfm);
        assert_memory_equal(a.total, b.total, n * sizeof *a.total);
        assert_memory_equal(a.freq, b.freq, n * sizeof *a.freq);
        assert_memory_equal(a.last, b.last, n * sizeof *a.last);
        assert_memory_equal(a.cv, b.cv, n * sizeof *a.cv); /* both untouched without cv */
        /* A refusal in a segmenter writes nothing either. */
        results c;
        results_new(&c, n);
        clm_segment_result oc = as_out(&c);
        m[(n - 1) * periods] = INT64_MAX;
        m[(n - 1) * periods + 1] = INT64_MAX;
        assert_int_equal(clm_segmenter_run(sg, &oc, m, n, periods, NULL), CLM_EOVERFLOW);
        assert_true(untouched(&c));
        results_free(&a);
        results_free(&b);
        results_free(&c);
        free(m);
    }
    assert_int_equal(clm_segmenter_run(NULL, NULL, NULL, 0, 12, NULL), CLM_EINVAL);
    assert_int_equal(clm_segmenter_new(NULL), CLM_EINVAL);
    clm_segmenter_free(sg);
    clm_segmenter_free(NULL);
}

/* Out of memory at each of its allocations: CLM_ENOMEM, nothing written,
 * nothing leaked. */
static results oom_r;
static int64_t oom_m[6 * 4];
static void *oom_setup(void)
{
    for (size_t i = 0; i < 6 * 4; i++)
        oom_m[i] = (int64_t)(i * 37 % 11) - 2;
    results_new(&oom_r, 6);
    return NULL;
}
static int oom_op(void *st)
{
    (void)st;
    clm_segment_result out = as_out(&oom_r);
    return clm_segment_all(&out, oom_m, 6, 4, NULL);
}
static bool oom_unchanged(void *st)
{
    (void)st;
    return untouched(&oom_r);
}
static void oom_teardown(void *st)
{
    (void)st;
    results_free(&oom_r);
}

static void out_of_memory(void **state)
{
    (void)state;
    oom_case c = { oom_setup, oom_op, oom_unchanged, oom_teardown };
    assert_true(oom_check(&c) >= 1);
}

/* Out of memory while a segmenter grows: CLM_ENOMEM, nothing written, and
 * the segmenter still runs with the scratch it kept. */
static clm_segmenter *oom_sg;
static int64_t oom_big[40 * 4];
static void *oom_grow_setup(void)
{
    assert_int_equal(clm_segmenter_new(&oom_sg), 0);
    for (size_t i = 0; i < 40 * 4; i++)
        oom_big[i] = (int64_t)(i * 53 % 17) - 3;
    clm_segment_result out = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
    results small;
    results_new(&small, 6);
    out = as_out(&small);
    for (size_t i = 0; i < 6 * 4; i++)
        oom_m[i] = (int64_t)(i * 37 % 11) - 2;
    assert_int_equal(clm_segmenter_run(oom_sg, &out, oom_m, 6, 4, NULL), 0);
    results_free(&small);
    results_new(&oom_r, 40);
    return NULL;
}
static int oom_grow_op(void *st)
{
    (void)st;
    clm_segment_result out = as_out(&oom_r);
    return clm_segmenter_run(oom_sg, &out, oom_big, 40, 4, NULL);
}
static void oom_grow_teardown(void *st)
{
    (void)st;
    /* The segmenter still works with what it kept. */
    results again;
    results_new(&again, 6);
    clm_segment_result out = as_out(&again);
    assert_int_equal(clm_segmenter_run(oom_sg, &out, oom_m, 6, 4, NULL), 0);
    results_free(&again);
    clm_segmenter_free(oom_sg);
    oom_sg = NULL;
    results_free(&oom_r);
}

static void segmenter_out_of_memory(void **state)
{
    (void)state;
    oom_case c = { oom_grow_setup, oom_grow_op, oom_unchanged, oom_grow_teardown };
    assert_true(oom_check(&c) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_separate_calls),
        cmocka_unit_test(same_with_options),
        cmocka_unit_test(rules_figures),
        cmocka_unit_test(rfm_from_counts),
        cmocka_unit_test(refusals_write_nothing),
        cmocka_unit_test(out_of_memory),
        cmocka_unit_test(segmenter_reuse),
        cmocka_unit_test(segmenter_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
