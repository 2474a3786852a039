/*
 * segment_test.c — ABC, XYZ, RFM (segment.h) against docs/rules.md, Segmentation:
 * ABC A up to 80 %, B up to 95 %, the crossing client in the upper class;
 * XYZ X <= 10 %, Y <= 25 % on the population CV; RFM quintiles 1-5, 5 best,
 * recency inverted, 125 cells.
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

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

/* ---- ABC ------------------------------------------------------------------ */

static void abc_expect(const int64_t *amounts, size_t n, const clm_abc_options *opts,
                       const char *expected)
{
    clm_abc_class out[64];
    assert_true(n <= 64);
    assert_int_equal(clm_abc_classify(out, amounts, n, opts), 0);
    for (size_t i = 0; i < n; i++) {
        char want[2] = { expected[i], 0 };
        if (strcmp(clm_abc_class_name(out[i]), want) != 0)
            fail_msg("client %zu: got %s, want %s", i, clm_abc_class_name(out[i]), want);
    }
}

/* docs/rules.md, Segmentation: A up to 80 % cumulative, B up to 95 %, C the rest. A client
 * whose cumulative share lands exactly on 80 % is A; the next one starts at
 * 80 % and is B. */
static void abc_domain_cutoffs(void **state)
{
    (void)state;
    const int64_t a[] = { 50, 30, 15, 5 };
    abc_expect(a, N_(a), NULL, "AABC");
    /* Input order does not matter. */
    const int64_t b[] = { 5, 15, 30, 50 };
    abc_expect(b, N_(b), NULL, "CBAA");
}

/* The client that crosses a boundary belongs to the upper class. */
static void abc_crossing_client_is_upper(void **state)
{
    (void)state;
    const int64_t a[] = { 70, 20, 10 }; /* 70 -> 90 crosses 80; 90 -> 100 crosses 95 */
    abc_expect(a, N_(a), NULL, "AAB");
    const int64_t b[] = { 50, 31, 14, 5 }; /* 81 %, 95 %, 100 % */
    abc_expect(b, N_(b), NULL, "AABC");
    const int64_t c[] = { 1000 }; /* one client holds everything */
    abc_expect(c, N_(c), NULL, "A");
}

/* Equal amounts across a boundary: the lower index comes first. */
static void abc_ties_by_index(void **state)
{
    (void)state;
    /* Five clients of 20 %: before = 0, 20, 40, 60 -> A; 80 -> B. */
    const int64_t a[] = { 20, 20, 20, 20, 20 };
    abc_expect(a, N_(a), NULL, "AAAAB");
    /* Twenty clients of 5 %: 16 A (before < 80 %), 3 B (80, 85, 90), 1 C. */
    int64_t b[20];
    for (size_t i = 0; i < 20; i++)
        b[i] = 7;
    abc_expect(b, 20, NULL, "AAAAAAAAAAAAAAAABBBC");
    /* The tie block straddles both boundaries, interleaved with others. */
    const int64_t c[] = { 10, 60, 10, 10, 10 }; /* T=100; 60 A; 10s: before 60,70 A; 80,90 B */
    abc_expect(c, N_(c), NULL, "AAABB");
    const int64_t d[] = { 5, 5, 85, 5 }; /* 85 A; 5s: before 85 B, 90 B, 95 C */
    abc_expect(d, N_(d), NULL, "BBAC");
}

/* No sales and returns: class C, outside the total. */
static void abc_zero_and_negative(void **state)
{
    (void)state;
    const int64_t a[] = { 0, 80, -500, 15, 5 }; /* total 100 over the positives */
    abc_expect(a, N_(a), NULL, "CACBC");
    const int64_t z[] = { 0, 0, 0 };
    abc_expect(z, N_(z), NULL, "CCC");
    const int64_t neg[] = { -1, -2 };
    abc_expect(neg, N_(neg), NULL, "CC");

    clm_abc_options o = CLM_ABC_OPTIONS_INIT;
    o.reject_negative = 1;
    clm_abc_class out[5] = { 9, 9, 9, 9, 9 };
    assert_int_equal(clm_abc_classify(out, a, N_(a), &o), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "client 2"));
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(out[i], 9); /* untouched */
    /* Zero is not negative. */
    abc_expect(z, N_(z), &o, "CCC");
}

static void abc_options(void **state)
{
    (void)state;
    const int64_t a[] = { 50, 30, 15, 5 };
    clm_abc_options o;
    assert_int_equal(clm_abc_options_init(&o), 0);
    assert_int_equal(o.version, CLM_ABC_OPTIONS_VERSION);
    assert_int_equal(o.a_cut, 800000);
    assert_int_equal(o.b_cut, 950000);
    assert_int_equal(clm_abc_options_init(NULL), CLM_EINVAL);

    o.a_cut = 500000; /* A up to 50 % */
    o.b_cut = 900000;
    abc_expect(a, N_(a), &o, "ABBC");
    o.a_cut = o.b_cut = 800000; /* no B */
    abc_expect(a, N_(a), &o, "AACC");
    o.a_cut = 0; /* no A */
    abc_expect(a, N_(a), &o, "BBCC");
    o.a_cut = 0;
    o.b_cut = 1000000; /* everything positive is B */
    abc_expect(a, N_(a), &o, "BBBB");

    clm_abc_class out[4] = { 9, 9, 9, 9 };
    o.a_cut = 900000;
    o.b_cut = 800000;
    assert_int_equal(clm_abc_classify(out, a, 4, &o), CLM_EINVAL);
    /* rates in messages are percents, not ppm */
    assert_non_null(strstr(clm_error_last()->message, "(got 90% and 80%)"));
    o.a_cut = -1;
    o.b_cut = 800000;
    assert_int_equal(clm_abc_classify(out, a, 4, &o), CLM_EINVAL);
    o.a_cut = 800000;
    o.b_cut = 1000001;
    assert_int_equal(clm_abc_classify(out, a, 4, &o), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "(got 80% and 100.0001%)"));
    o = (clm_abc_options)CLM_ABC_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(clm_abc_classify(out, a, 4, &o), CLM_EVERSION);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(out[i], 9);

    assert_int_equal(clm_abc_classify(NULL, a, 4, NULL), CLM_EINVAL);
    assert_int_equal(clm_abc_classify(out, NULL, 4, NULL), CLM_EINVAL);
    assert_int_equal(clm_abc_classify(NULL, NULL, 0, NULL), 0);
    assert_string_equal(clm_abc_class_name(CLM_ABC_NONE), "-");
    assert_string_equal(clm_abc_class_name((clm_abc_class)7), "?");
}

/* Amounts near INT64_MAX: the total and the shares are exact. */
static void abc_huge_amounts(void **state)
{
    (void)state;
    const int64_t a[] = { INT64_MAX, INT64_MAX, INT64_MAX, 1 };
    /* before: 0, 1/3, 2/3 of T -> A; the last starts at ~100 % -> C. */
    abc_expect(a, N_(a), NULL, "AAAC");
    /* 80 % exactly with large values: 4e18 + 1e18 + ... */
    const int64_t b[] = { 4000000000000000000, 4000000000000000000,
                          1500000000000000000, 500000000000000000 };
    abc_expect(b, N_(b), NULL, "AABC");
    /* max - min spans 63 bits: six selection levels. */
    int64_t c[40];
    for (size_t i = 0; i < 40; i++)
        c[i] = i == 7 ? INT64_MAX : 1 + (int64_t)i;
    char want[41];
    for (size_t i = 0; i < 40; i++)
        want[i] = i == 7 ? 'A' : 'C'; /* before >= 99.99 % for all but the giant */
    want[40] = 0;
    abc_expect(c, 40, NULL, want);
}

/* Reference: sort indices by (amount desc, index asc), then the rule. */
static const int64_t *ref_amounts;
static int ref_cmp(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    if (ref_amounts[i] != ref_amounts[j])
        return ref_amounts[i] > ref_amounts[j] ? -1 : 1;
    return i < j ? -1 : 1;
}

static void abc_reference(clm_abc_class *out, const int64_t *a, size_t n, int64_t acut,
                          int64_t bcut)
{
    size_t *idx = malloc(n * sizeof *idx);
    assert_non_null(idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    ref_amounts = a;
    qsort(idx, n, sizeof *idx, ref_cmp);
    __extension__ __int128 total = 0, before = 0;
    for (size_t i = 0; i < n; i++)
        if (a[i] > 0)
            total += a[i];
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        if (a[i] <= 0)
            out[i] = CLM_ABC_C;
        else if (before * 1000000 < total * acut)
            out[i] = CLM_ABC_A;
        else if (before * 1000000 < total * bcut)
            out[i] = CLM_ABC_B;
        else
            out[i] = CLM_ABC_C;
        if (a[i] > 0)
            before += a[i];
    }
    free(idx);
}

/* Random bases with many ties and a wide range, against the reference. */
static void abc_matches_reference(void **state)
{
    (void)state;
    enum { N = 3000 };
    static int64_t a[N];
    static clm_abc_class got[N], want[N];
    for (int round = 0; round < 40; round++) {
        size_t n = 1 + rng() % N;
        unsigned kind = round % 4;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rng();
            switch (kind) {
            case 0: a[i] = (int64_t)(r % 7); break;                   /* heavy ties */
            case 1: a[i] = (int64_t)(r % 1000000) - 100000; break;    /* some returns */
            case 2: a[i] = (int64_t)(r >> 2); break;                  /* huge */
            default: a[i] = (int64_t)(r % 3) * 1000000007; break;     /* blocks */
            }
        }
        int64_t acut = (int64_t)(rng() % 1000001);
        int64_t bcut = acut + (int64_t)(rng() % (1000001 - (uint64_t)acut));
        clm_abc_options o = CLM_ABC_OPTIONS_INIT;
        o.a_cut = acut;
        o.b_cut = bcut;
        assert_int_equal(clm_abc_classify(got, a, n, &o), 0);
        abc_reference(want, a, n, acut, bcut);
        for (size_t i = 0; i < n; i++)
            if (got[i] != want[i])
                fail_msg("round %d, client %zu (amount %lld): got %d, want %d", round, i,
                         (long long)a[i], got[i], want[i]);
    }
}

static int64_t oom_amounts[] = { 10, 20, 30, 40, 0, -5 };
static clm_abc_class oom_abc_out[6];
static bool abc_unchanged(void *st)
{
    (void)st;
    for (size_t i = 0; i < 6; i++)
        if (oom_abc_out[i] != 9)
            return false;
    return true;
}
static void *abc_setup(void)
{
    for (size_t i = 0; i < 6; i++)
        oom_abc_out[i] = 9;
    return NULL;
}
static int abc_op(void *st)
{
    (void)st;
    return clm_abc_classify(oom_abc_out, oom_amounts, 6, NULL);
}

static void abc_oom(void **state)
{
    (void)state;
    oom_case c = { abc_setup, abc_op, abc_unchanged, NULL };
    assert_true(oom_check(&c) >= 1);
    assert_int_equal(oom_abc_out[3], CLM_ABC_A);
}

/* ---- XYZ ------------------------------------------------------------------ */

static clm_xyz_class xyz_one(const int64_t *row, size_t periods, double *cv)
{
    clm_xyz_class c = (clm_xyz_class)9;
    assert_int_equal(clm_xyz_classify(&c, cv, row, 1, periods, NULL), 0);
    return c;
}

/* docs/rules.md, Segmentation: CV = sigma / mu, X <= 10 %, Y <= 25 %, Z above; the limits
 * are inclusive and decided exactly. */
static void xyz_domain_boundaries(void **state)
{
    (void)state;
    double cv;
    const int64_t flat[12] = { 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100 };
    assert_int_equal(xyz_one(flat, 12, &cv), CLM_XYZ_X);
    assert_true(cv == 0.0);
    const int64_t x10[] = { 90, 110 }; /* mean 100, sigma 10: CV exactly 10 % */
    assert_int_equal(xyz_one(x10, 2, &cv), CLM_XYZ_X);
    assert_true(fabs(cv - 0.10) < 1e-12);
    const int64_t y11[] = { 89, 111 };
    assert_int_equal(xyz_one(y11, 2, NULL), CLM_XYZ_Y);
    const int64_t y25[] = { 75, 125 }; /* CV exactly 25 % */
    assert_int_equal(xyz_one(y25, 2, NULL), CLM_XYZ_Y);
    const int64_t z26[] = { 74, 126 };
    assert_int_equal(xyz_one(z26, 2, NULL), CLM_XYZ_Z);
    /* One minor unit past 10 % over 12 periods: sigma^2 = 100.01... */
    const int64_t x12[12] = { 90, 110, 90, 110, 90, 110, 90, 110, 90, 110, 90, 110 };
    assert_int_equal(xyz_one(x12, 12, NULL), CLM_XYZ_X);
    const int64_t y12[12] = { 90, 110, 90, 110, 90, 110, 90, 110, 90, 110, 90, 111 };
    assert_int_equal(xyz_one(y12, 12, NULL), CLM_XYZ_Y);
    /* 5.5e-12 above 10 %: closer than a double can tell, decided exactly. */
    const int64_t near_x[] = { INT64_C(900000000000), INT64_C(1100000000000) };
    assert_int_equal(xyz_one(near_x, 2, NULL), CLM_XYZ_X);
    const int64_t near_y[] = { INT64_C(899999999999), INT64_C(1100000000000) };
    assert_int_equal(xyz_one(near_y, 2, NULL), CLM_XYZ_Y);
    const int64_t near_z[] = { INT64_C(749999999999), INT64_C(1250000000000) };
    assert_int_equal(xyz_one(near_z, 2, NULL), CLM_XYZ_Z);
}

/* The population standard deviation, not the sample one: over 4 periods
 * {90, 110, 90, 110} sigma = 10 (CV 10 %, X); the sample deviation would be
 * 11.5 (Y). */
static void xyz_population_sigma(void **state)
{
    (void)state;
    double cv;
    const int64_t a[] = { 90, 110, 90, 110 };
    assert_int_equal(xyz_one(a, 4, &cv), CLM_XYZ_X);
    assert_true(fabs(cv - 0.1) < 1e-12);
}

/* A period without a purchase is 0 and counts. */
static void xyz_empty_periods_count(void **state)
{
    (void)state;
    double cv;
    const int64_t a[] = { 100, 0 }; /* mean 50, sigma 50 */
    assert_int_equal(xyz_one(a, 2, &cv), CLM_XYZ_Z);
    assert_true(fabs(cv - 1.0) < 1e-12);
    const int64_t b[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1200 }; /* CV sqrt(11) */
    assert_int_equal(xyz_one(b, 12, &cv), CLM_XYZ_Z);
    assert_true(fabs(cv - sqrt(11.0)) < 1e-12);
}

static void xyz_no_purchases_and_returns(void **state)
{
    (void)state;
    double cv = 0;
    const int64_t zero[3] = { 0, 0, 0 };
    assert_int_equal(xyz_one(zero, 3, &cv), CLM_XYZ_NONE);
    assert_true(isnan(cv));
    const int64_t net_neg[] = { 100, -150 };
    assert_int_equal(xyz_one(net_neg, 2, &cv), CLM_XYZ_NONE);
    const int64_t net_zero[] = { 100, -100 };
    assert_int_equal(xyz_one(net_zero, 2, NULL), CLM_XYZ_NONE);
    /* A return in one period counts with its sign: mean 50, sigma 60. */
    const int64_t ret[] = { -10, 110 };
    assert_int_equal(xyz_one(ret, 2, &cv), CLM_XYZ_Z);
    assert_true(fabs(cv - 1.2) < 1e-12);

    clm_xyz_options o = CLM_XYZ_OPTIONS_INIT;
    o.reject_negative = 1;
    const int64_t m[2][3] = { { 1, 2, 3 }, { 4, -5, 6 } };
    clm_xyz_class out[2] = { 9, 9 };
    double cvs[2] = { 7, 7 };
    assert_int_equal(clm_xyz_classify(out, cvs, &m[0][0], 2, 3, &o), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "client 1, period 1"));
    assert_int_equal(out[0], 9);
    assert_int_equal(out[1], 9);
    assert_true(cvs[0] == 7 && cvs[1] == 7);
}

static void xyz_bad_input(void **state)
{
    (void)state;
    const int64_t a[4] = { 1, 2, 3, 4 };
    clm_xyz_class out[4] = { 9, 9, 9, 9 };
    assert_int_equal(clm_xyz_classify(out, NULL, a, 4, 1, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "periods");
    assert_int_equal(clm_xyz_classify(out, NULL, a, 4, 0, NULL), CLM_EINVAL);
    assert_int_equal(clm_xyz_classify(NULL, NULL, a, 2, 2, NULL), CLM_EINVAL);
    assert_int_equal(clm_xyz_classify(out, NULL, NULL, 2, 2, NULL), CLM_EINVAL);
    assert_int_equal(clm_xyz_classify(out, NULL, a, 2, CLM_SEGMENT_MAX_PERIODS + 1, NULL),
                     CLM_ELIMIT);
    clm_xyz_options o;
    assert_int_equal(clm_xyz_options_init(&o), 0);
    assert_int_equal(o.x_cut, 100000);
    assert_int_equal(o.y_cut, 250000);
    o.x_cut = 300000;
    assert_int_equal(clm_xyz_classify(out, NULL, a, 2, 2, &o), CLM_EINVAL);
    o.x_cut = 0;
    o.y_cut = CLM_XYZ_MAX_CUT + 1;
    assert_int_equal(clm_xyz_classify(out, NULL, a, 2, 2, &o), CLM_EINVAL);
    o = (clm_xyz_options)CLM_XYZ_OPTIONS_INIT;
    o.version = 0;
    assert_int_equal(clm_xyz_classify(out, NULL, a, 2, 2, &o), CLM_EVERSION);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(out[i], 9);
    assert_int_equal(clm_xyz_classify(NULL, NULL, NULL, 0, 12, NULL), 0);
    assert_string_equal(clm_xyz_class_name(CLM_XYZ_Z), "Z");
    assert_string_equal(clm_xyz_class_name(CLM_XYZ_NONE), "-");

    /* Custom cut-offs: x_cut 0 means only a flat series is X. */
    o = (clm_xyz_options)CLM_XYZ_OPTIONS_INIT;
    o.x_cut = 0;
    o.y_cut = 100000;
    const int64_t b[2][2] = { { 5, 5 }, { 90, 110 } };
    assert_int_equal(clm_xyz_classify(out, NULL, &b[0][0], 2, 2, &o), 0);
    assert_int_equal(out[0], CLM_XYZ_X);
    assert_int_equal(out[1], CLM_XYZ_Y);
}

/* Amounts beyond 2^40 take the 256-bit path and stay exact. */
static void xyz_huge_amounts(void **state)
{
    (void)state;
    const int64_t u = INT64_C(1) << 52;
    const int64_t x[] = { 90 * u / 64, 110 * u / 64 };
    assert_int_equal(xyz_one(x, 2, NULL), CLM_XYZ_X);
    const int64_t y[] = { 90 * u / 64 - 1, 110 * u / 64 + 1 };
    assert_int_equal(xyz_one(y, 2, NULL), CLM_XYZ_Y);
    const int64_t m[3] = { INT64_MAX, INT64_MAX, INT64_MAX };
    assert_int_equal(xyz_one(m, 3, NULL), CLM_XYZ_X);
    const int64_t z[3] = { INT64_MAX, 0, INT64_MAX };
    double cv;
    assert_int_equal(xyz_one(z, 3, &cv), CLM_XYZ_Z);
    assert_true(fabs(cv - sqrt(0.5)) < 1e-9);
}

/* Each arithmetic path decides the same: 64-bit (|x| < 2^30, <= 16
 * periods), 128-bit (|x| < 2^40 or more periods), 256-bit. */
static void xyz_paths_agree(void **state)
{
    (void)state;
    static const int64_t scales[] = { 1, INT64_C(1) << 31, INT64_C(1) << 45 };
    for (size_t k = 0; k < N_(scales); k++) {
        for (size_t periods = 2; periods <= 40; periods += 19) {
            int64_t x[40], y[40];
            for (size_t p = 0; p < periods; p++) {
                x[p] = (p % 2 ? 110 : 90) * scales[k];
                y[p] = x[p];
            }
            if (periods % 2) { /* odd count: pad to a mean of 100 */
                x[periods - 1] = 100 * scales[k];
                y[periods - 1] = 100 * scales[k];
            }
            y[0] -= 1; /* a hair more spread */
            y[1] += 1;
            clm_xyz_class cx = xyz_one(x, periods, NULL), cy = xyz_one(y, periods, NULL);
            if (periods % 2 == 0) {
                assert_int_equal(cx, CLM_XYZ_X); /* exactly 10 % */
                assert_int_equal(cy, CLM_XYZ_Y);
            } else {
                assert_int_equal(cx, CLM_XYZ_X); /* below 10 % */
            }
        }
    }
}

/* Random rows against a long-double computation, away from the limits. */
static void xyz_matches_float_reference(void **state)
{
    (void)state;
    enum { N = 2000, P = 12 };
    static int64_t a[N * P];
    static clm_xyz_class out[N];
    static double cv[N];
    for (size_t i = 0; i < N * P; i++) {
        uint64_t r = rng();
        a[i] = (r & 3) == 0 ? 0 : 100000 + (int64_t)(r >> 40) % (1 + (int64_t)(i % 7) * 20000);
    }
    assert_int_equal(clm_xyz_classify(out, cv, a, N, P, NULL), 0);
    size_t checked = 0;
    for (size_t i = 0; i < N; i++) {
        long double s = 0, q = 0;
        for (size_t p = 0; p < P; p++) {
            s += a[i * P + p];
            q += (long double)a[i * P + p] * a[i * P + p];
        }
        long double mu = s / P, var = q / P - mu * mu;
        long double c = sqrtl(var < 0 ? 0 : var) / mu;
        assert_true(fabsl(c - cv[i]) < 1e-9);
        if (fabsl(c - 0.1L) < 1e-9 || fabsl(c - 0.25L) < 1e-9)
            continue;
        clm_xyz_class want = c <= 0.1L ? CLM_XYZ_X : c <= 0.25L ? CLM_XYZ_Y : CLM_XYZ_Z;
        assert_int_equal(out[i], want);
        checked++;
    }
    assert_true(checked > N / 2);
}

static void periods_summarize(void **state)
{
    (void)state;
    const int64_t m[3][4] = { { 0, 5, 0, 7 }, { 0, 0, 0, 0 }, { 3, -1, 2, 0 } };
    int64_t total[3], freq[3];
    int32_t last[3];
    assert_int_equal(clm_periods_summarize(total, freq, last, &m[0][0], 3, 4), 0);
    assert_int_equal(total[0], 12);
    assert_int_equal(freq[0], 2);
    assert_int_equal(last[0], 3);
    assert_int_equal(total[1], 0);
    assert_int_equal(freq[1], 0);
    assert_int_equal(last[1], CLM_RFM_NEVER);
    assert_int_equal(total[2], 4);
    assert_int_equal(freq[2], 2); /* the return is not a purchase */
    assert_int_equal(last[2], 2);
    assert_int_equal(clm_periods_summarize(NULL, freq, NULL, &m[0][0], 3, 4), 0);

    const int64_t big[2] = { INT64_MAX, 1 };
    total[0] = 42;
    assert_int_equal(clm_periods_summarize(total, NULL, NULL, big, 1, 2), CLM_EOVERFLOW);
    assert_int_equal(total[0], 42);
    const int64_t half[2] = { INT64_MAX / 2, INT64_MAX / 2 + 1 }; /* = INT64_MAX */
    assert_int_equal(clm_periods_summarize(total, NULL, NULL, half, 1, 2), 0);
    assert_int_equal(total[0], INT64_MAX);
    const int64_t over[2] = { INT64_MAX / 2 + 1, INT64_MAX / 2 + 1 };
    assert_int_equal(clm_periods_summarize(total, NULL, NULL, over, 1, 2), CLM_EOVERFLOW);
    const int64_t low[2] = { INT64_MIN, 1 };
    assert_int_equal(clm_periods_summarize(total, NULL, NULL, low, 1, 2), 0);
    assert_int_equal(total[0], INT64_MIN + 1);
    const int64_t under[2] = { INT64_MIN, -1 };
    assert_int_equal(clm_periods_summarize(total, NULL, NULL, under, 1, 2), CLM_EOVERFLOW);
    assert_int_equal(total[0], INT64_MIN + 1);
    /* Without totals the overflow is harmless. */
    assert_int_equal(clm_periods_summarize(NULL, freq, last, big, 1, 2), 0);
    assert_int_equal(freq[0], 2);
    assert_int_equal(clm_periods_summarize(total, NULL, NULL, big, 1, 0), CLM_EINVAL);
    assert_int_equal(clm_periods_summarize(total, NULL, NULL, NULL, 1, 2), CLM_EINVAL);
}

/* XYZ and the summary allocate nothing (their headers say so). */
static int xyz_alloc_op(void *st)
{
    (void)st;
    static const int64_t m[2][3] = { { 1, 2, 3 }, { 0, 0, 9 } };
    clm_xyz_class out[2];
    double cv[2];
    int64_t t[2], f[2];
    int32_t l[2];
    int rc = clm_xyz_classify(out, cv, &m[0][0], 2, 3, NULL);
    return rc != 0 ? rc : clm_periods_summarize(t, f, l, &m[0][0], 2, 3);
}

static void xyz_allocates_nothing(void **state)
{
    (void)state;
    oom_case c = { NULL, xyz_alloc_op, NULL, NULL };
    assert_int_equal(oom_check(&c), 0);
}

/* ---- RFM ------------------------------------------------------------------ */

static void rfm_distinct_quintiles(void **state)
{
    (void)state;
    /* Five clients, distinct values: scores 1..5, recency by date. */
    const int32_t last[] = { 20100, 20500, 20300, 20400, 20200 };
    const int64_t freq[] = { 5, 4, 3, 2, 1 };
    const int64_t mon[] = { 300, 100, 500, 200, 400 };
    clm_rfm_score s[5];
    assert_int_equal(clm_rfm_score_batch(s, last, freq, mon, 5), 0);
    const uint8_t r[] = { 1, 5, 3, 4, 2 }, f[] = { 5, 4, 3, 2, 1 }, m[] = { 3, 1, 5, 2, 4 };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(s[i].r, r[i]);
        assert_int_equal(s[i].f, f[i]);
        assert_int_equal(s[i].m, m[i]);
    }
    /* Ten distinct values: exactly two clients per score. */
    int32_t l10[10];
    int64_t f10[10], m10[10];
    for (int i = 0; i < 10; i++) {
        l10[i] = 1000 + i;
        f10[i] = 10 - i;
        m10[i] = (i * 7) % 10;
    }
    clm_rfm_score s10[10];
    assert_int_equal(clm_rfm_score_batch(s10, l10, f10, m10, 10), 0);
    int count[6] = { 0 };
    for (int i = 0; i < 10; i++) {
        assert_int_equal(s10[i].r, 1 + i / 2);
        assert_int_equal(s10[i].f, 1 + (9 - i) / 2);
        count[s10[i].m]++;
    }
    for (int k = 1; k <= 5; k++)
        assert_int_equal(count[k], 2);
}

/* Equal values get equal scores: the score of the tie block's lowest rank. */
static void rfm_ties(void **state)
{
    (void)state;
    const int32_t last[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    const int64_t freq[10] = { 1, 1, 1, 1, 1, 1, 2, 3, 4, 5 };
    const int64_t mon[10] = { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
    clm_rfm_score s[10];
    assert_int_equal(clm_rfm_score_batch(s, last, freq, mon, 10), 0);
    /* freq: L = 0 for the six 1s -> 1; 2: L=6 -> 1+3 = 4; 3: L=7 -> 4;
     * 4: L=8 -> 5; 5: L=9 -> 5. All equal recency / monetary -> 1. */
    const uint8_t f[] = { 1, 1, 1, 1, 1, 1, 4, 4, 5, 5 };
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(s[i].f, f[i]);
        assert_int_equal(s[i].r, 1);
        assert_int_equal(s[i].m, 1);
    }
    /* A single client scores 1 on every measure. */
    assert_int_equal(clm_rfm_score_batch(s, last, freq, mon, 1), 0);
    assert_true(s[0].r == 1 && s[0].f == 1 && s[0].m == 1);
}

/* The full int64 / int32 ranges: the selection uses all 64 key bits. */
static void rfm_extreme_values(void **state)
{
    (void)state;
    const int32_t last[] = { INT32_MAX, INT32_MIN + 1, 0, -1, 1 };
    const int64_t freq[] = { INT64_MAX, 1, 2, 3, 4 };
    const int64_t mon[] = { 0, INT64_MIN, INT64_MAX, -1, 1 };
    clm_rfm_score s[5];
    assert_int_equal(clm_rfm_score_batch(s, last, freq, mon, 5), 0);
    const uint8_t r[] = { 5, 1, 3, 2, 4 }, f[] = { 5, 1, 2, 3, 4 }, m[] = { 3, 1, 5, 2, 4 };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(s[i].r, r[i]);
        assert_int_equal(s[i].f, f[i]);
        assert_int_equal(s[i].m, m[i]);
    }
}

/* Clients without purchases are not scored and not in the base. */
static void rfm_no_purchase_excluded(void **state)
{
    (void)state;
    const int32_t last[] = { 10, CLM_RFM_NEVER, 20, 30, 99999, 40, 50 };
    const int64_t freq[] = { 1, 0, 2, 3, 0, 4, 5 };
    const int64_t mon[] = { -50, 0, 20, 30, 1000000, 40, 50 }; /* -50: net returns */
    clm_rfm_score s[7];
    assert_int_equal(clm_rfm_score_batch(s, last, freq, mon, 7), 0);
    const size_t buyers[] = { 0, 2, 3, 5, 6 };
    for (size_t k = 0; k < 5; k++) {
        size_t i = buyers[k];
        assert_int_equal(s[i].r, k + 1);
        assert_int_equal(s[i].f, k + 1);
        assert_int_equal(s[i].m, k + 1);
    }
    assert_true(s[1].r == 0 && s[1].f == 0 && s[1].m == 0);
    assert_true(s[4].r == 0 && s[4].f == 0 && s[4].m == 0);

    const int64_t none[2] = { 0, 0 };
    assert_int_equal(clm_rfm_score_batch(s, last, none, mon, 2), 0);
    assert_true(s[0].r == 0 && s[1].m == 0);
}

static void rfm_bad_input(void **state)
{
    (void)state;
    const int32_t last[] = { 1, CLM_RFM_NEVER };
    const int64_t freq[] = { 1, 1 };
    const int64_t negf[] = { 1, -1 };
    const int64_t mon[] = { 1, 1 };
    clm_rfm_score s[2] = { { 9, 9, 9 }, { 9, 9, 9 } };
    assert_int_equal(clm_rfm_score_batch(s, last, freq, mon, 2), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "last");
    assert_int_equal(clm_rfm_score_batch(s, last, negf, mon, 2), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "frequency");
    assert_int_equal(clm_rfm_score_batch(NULL, last, freq, mon, 2), CLM_EINVAL);
    assert_int_equal(clm_rfm_score_batch(s, NULL, freq, mon, 2), CLM_EINVAL);
    assert_int_equal(clm_rfm_score_batch(s, last, NULL, mon, 2), CLM_EINVAL);
    assert_int_equal(clm_rfm_score_batch(s, last, freq, NULL, 2), CLM_EINVAL);
    assert_true(s[0].r == 9 && s[1].m == 9);
    assert_int_equal(clm_rfm_score_batch(NULL, NULL, NULL, NULL, 0), 0);
}

/* Random bases against the definition 1 + floor(5 L / m), computed O(n^2). */
static void rfm_matches_definition(void **state)
{
    (void)state;
    enum { N = 700 };
    static int32_t last[N];
    static int64_t freq[N], mon[N];
    static clm_rfm_score s[N];
    for (int round = 0; round < 12; round++) {
        size_t n = 1 + rng() % N;
        for (size_t i = 0; i < n; i++) {
            last[i] = (int32_t)(rng() % (round % 2 ? 5 : 400)) - 200;
            freq[i] = (int64_t)(rng() % 13);
            mon[i] = (int64_t)(rng() % (round % 3 ? 50 : 1000000000)) - 10;
        }
        assert_int_equal(clm_rfm_score_batch(s, last, freq, mon, n), 0);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            m += freq[i] > 0;
        for (size_t i = 0; i < n; i++) {
            if (freq[i] == 0) {
                assert_true(s[i].r == 0 && s[i].f == 0 && s[i].m == 0);
                continue;
            }
            size_t lr = 0, lf = 0, lm = 0;
            for (size_t j = 0; j < n; j++) {
                if (freq[j] == 0)
                    continue;
                lr += last[j] < last[i];
                lf += freq[j] < freq[i];
                lm += mon[j] < mon[i];
            }
            assert_int_equal(s[i].r, 1 + 5 * lr / m);
            assert_int_equal(s[i].f, 1 + 5 * lf / m);
            assert_int_equal(s[i].m, 1 + 5 * lm / m);
        }
    }
}

static clm_rfm_score oom_rfm_out[4];
static void *rfm_setup(void)
{
    memset(oom_rfm_out, 9, sizeof oom_rfm_out);
    return NULL;
}
static int rfm_op(void *st)
{
    (void)st;
    static const int32_t last[] = { 1, 2, 3, 4 };
    static const int64_t f[] = { 1, 2, 0, 4 }, m[] = { 4, 3, 2, 1 };
    return clm_rfm_score_batch(oom_rfm_out, last, f, m, 4);
}
static bool rfm_unchanged(void *st)
{
    (void)st;
    const uint8_t *b = (const uint8_t *)oom_rfm_out;
    for (size_t i = 0; i < sizeof oom_rfm_out; i++)
        if (b[i] != 9)
            return false;
    return true;
}

static void rfm_oom(void **state)
{
    (void)state;
    oom_case c = { rfm_setup, rfm_op, rfm_unchanged, NULL };
    assert_true(oom_check(&c) >= 1);
    assert_int_equal(oom_rfm_out[3].f, 4); /* 3 buyers: L = 2 -> 1 + 10/3 */
}

/* ---- RFM segment names ---------------------------------------------------- */

static void rfm_default_segments(void **state)
{
    (void)state;
    clm_rfm_segments *t = NULL;
    assert_int_equal(clm_rfm_segments_new_default(&t), 0);
    struct {
        uint8_t r, f, m;
        const char *name;
    } cases[] = {
        { 5, 5, 5, "champions" }, { 4, 4, 4, "champions" }, { 3, 5, 3, "loyal" },
        { 5, 1, 1, "new" }, { 4, 1, 5, "potential_loyalist" }, { 5, 3, 2, "potential_loyalist" },
        { 1, 5, 5, "cant_lose" }, { 2, 5, 5, "at_risk" }, { 1, 3, 1, "at_risk" },
        { 1, 1, 1, "hibernating" }, { 2, 2, 5, "hibernating" }, { 3, 1, 1, "need_attention" },
        { 3, 2, 5, "need_attention" },
    };
    for (size_t i = 0; i < N_(cases); i++) {
        clm_rfm_score s = { cases[i].r, cases[i].f, cases[i].m };
        const char *n = clm_rfm_segments_name(t, s);
        assert_non_null(n);
        if (strcmp(n, cases[i].name) != 0)
            fail_msg("%u%u%u: got %s, want %s", s.r, s.f, s.m, n, cases[i].name);
    }
    /* All 125 cells are named; an unscored client is not. */
    for (uint8_t r = 1; r <= 5; r++)
        for (uint8_t f = 1; f <= 5; f++)
            for (uint8_t m = 1; m <= 5; m++)
                assert_non_null(clm_rfm_segments_name(t, (clm_rfm_score){ r, f, m }));
    assert_null(clm_rfm_segments_name(t, (clm_rfm_score){ 0, 0, 0 }));
    assert_null(clm_rfm_segments_name(t, (clm_rfm_score){ 6, 1, 1 }));
    assert_null(clm_rfm_segments_name(NULL, (clm_rfm_score){ 1, 1, 1 }));
    clm_rfm_segments_free(t);
}

static void rfm_custom_segments(void **state)
{
    (void)state;
    clm_rfm_segments *t = NULL;
    assert_int_equal(clm_rfm_segments_new(&t), 0);
    assert_null(clm_rfm_segments_name(t, (clm_rfm_score){ 5, 5, 5 }));
    assert_int_equal(clm_rfm_segments_add(t, "vip", 5, 5, 5, 5, 5, 5), 0);
    assert_int_equal(clm_rfm_segments_add(t, "recent", 4, 5, 1, 5, 1, 5), 0);
    assert_string_equal(clm_rfm_segments_name(t, (clm_rfm_score){ 5, 5, 5 }), "vip");
    assert_string_equal(clm_rfm_segments_name(t, (clm_rfm_score){ 5, 5, 4 }), "recent");
    assert_null(clm_rfm_segments_name(t, (clm_rfm_score){ 3, 5, 5 }));
    /* Bad rules change nothing. */
    assert_int_equal(clm_rfm_segments_add(t, "x", 0, 5, 1, 5, 1, 5), CLM_EINVAL);
    assert_int_equal(clm_rfm_segments_add(t, "x", 3, 2, 1, 5, 1, 5), CLM_EINVAL);
    assert_int_equal(clm_rfm_segments_add(t, "x", 1, 5, 1, 6, 1, 5), CLM_EINVAL);
    assert_int_equal(clm_rfm_segments_add(t, "", 1, 5, 1, 5, 1, 5), CLM_EINVAL);
    assert_int_equal(clm_rfm_segments_add(t, NULL, 1, 5, 1, 5, 1, 5), CLM_EINVAL);
    char longname[80];
    memset(longname, 'a', sizeof longname - 1);
    longname[79] = 0;
    assert_int_equal(clm_rfm_segments_add(t, longname, 1, 5, 1, 5, 1, 5), CLM_EINVAL);
    assert_null(clm_rfm_segments_name(t, (clm_rfm_score){ 3, 5, 5 }));
    assert_int_equal(clm_rfm_segments_new(NULL), CLM_EINVAL);
    clm_rfm_segments_free(t);
    clm_rfm_segments_free(NULL);
}

static clm_rfm_segments *oom_table;
static void *seg_setup(void)
{
    assert_int_equal(clm_rfm_segments_new(&oom_table), 0);
    assert_int_equal(clm_rfm_segments_add(oom_table, "a", 5, 5, 5, 5, 5, 5), 0);
    return oom_table;
}
static int seg_op(void *st)
{
    return clm_rfm_segments_add(st, "b", 1, 5, 1, 5, 1, 5);
}
static bool seg_unchanged(void *st)
{
    return clm_rfm_segments_name(st, (clm_rfm_score){ 1, 1, 1 }) == NULL &&
           strcmp(clm_rfm_segments_name(st, (clm_rfm_score){ 5, 5, 5 }), "a") == 0;
}
static void seg_teardown(void *st)
{
    clm_rfm_segments_free(st);
}
static int seg_default_op(void *st)
{
    (void)st;
    clm_rfm_segments *t = NULL;
    int rc = clm_rfm_segments_new_default(&t);
    clm_rfm_segments_free(t);
    return rc;
}

static void rfm_segments_oom(void **state)
{
    (void)state;
    oom_case c = { seg_setup, seg_op, seg_unchanged, seg_teardown };
    assert_true(oom_check(&c) >= 1);
    oom_case d = { NULL, seg_default_op, NULL, NULL };
    assert_true(oom_check(&d) >= 9);
}

/* ---- RFM tie policies on a tie-heavy base -------------------------------- */

/* Ten clients over twelve monthly periods (0..11), each with one purchase:
 * four bought in the last month, so 40 % tie at the top of recency, and
 * every frequency ties; the amounts are all distinct. */
static const int32_t tie_last[10] = {11, 11, 11, 11, 10, 9, 9, 8, 5, 3};
static const int64_t tie_freq[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const int64_t tie_mon[10] = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};

static void expect_scores(const clm_rfm_score *got, const uint8_t r[10], const uint8_t f[10],
                          const uint8_t m[10])
{
    for (size_t i = 0; i < 10; i++)
        if (got[i].r != r[i] || got[i].f != f[i] || got[i].m != m[i])
            fail_msg("client %zu: %u%u%u, expected %u%u%u", i, got[i].r, got[i].f, got[i].m, r[i], f[i], m[i]);
}

static void rfm_ties_equal(void **state)
{
    (void)state;
    clm_rfm_score out[10], base[10];
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, NULL), 0);
    /* R for 11: L = 6 clients strictly worse, 1 + floor(30 / 10) = 4: the
     * 40 % top block holds no 5; F: all equal, all 1 */
    static const uint8_t r[10] = {4, 4, 4, 4, 3, 2, 2, 2, 1, 1};
    static const uint8_t f[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    static const uint8_t m[10] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    expect_scores(out, r, f, m);
    clm_rfm_options o = CLM_RFM_OPTIONS_INIT;
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o), 0);
    assert_int_equal(clm_rfm_score_batch(base, tie_last, tie_freq, tie_mon, 10), 0);
    assert_memory_equal(out, base, sizeof out);
}

static void rfm_ties_by_key(void **state)
{
    (void)state;
    clm_rfm_score out[10];
    clm_rfm_options o = CLM_RFM_OPTIONS_INIT;
    o.ties = CLM_RFM_TIES_BY_KEY;
    /* no key: equal values ranked by index, the lower index higher. Ranks
     * (worst first): 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 -> 1 + floor(5 r / 10) */
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o), 0);
    static const uint8_t r[10] = {5, 5, 4, 4, 3, 3, 2, 2, 1, 1};
    static const uint8_t f[10] = {5, 5, 4, 4, 3, 3, 2, 2, 1, 1};
    static const uint8_t m[10] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    expect_scores(out, r, f, m);
    /* each score goes to exactly m / 5 = 2 clients */
    int count[6] = {0};
    for (int i = 0; i < 10; i++)
        count[out[i].r]++;
    for (int s = 1; s <= 5; s++)
        assert_int_equal(count[s], 2);
    /* a key (say the first purchase day: the newer client ranks higher)
     * decides among the four of the last month */
    static const int64_t key[10] = {100, 400, 300, 200, 0, 0, 0, 0, 0, 0};
    o.key = key;
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o), 0);
    assert_int_equal(out[1].r, 5);
    assert_int_equal(out[2].r, 5);
    assert_int_equal(out[3].r, 4);
    assert_int_equal(out[0].r, 4);
    /* F: keys order the all-equal frequencies: 400 > 300 > 200 > 100 > 0s */
    assert_int_equal(out[1].f, 5);
    assert_int_equal(out[2].f, 5);
    assert_int_equal(out[3].f, 4);
    assert_int_equal(out[0].f, 4);
    /* unscored clients stay 0 and are not counted */
    int64_t freq2[10];
    memcpy(freq2, tie_freq, sizeof freq2);
    freq2[9] = 0;
    freq2[8] = 0;
    o.key = NULL;
    assert_int_equal(clm_rfm_score_opts(out, tie_last, freq2, tie_mon, 10, &o), 0);
    assert_int_equal(out[9].r, 0);
    assert_int_equal(out[8].m, 0);
    /* m = 8: ranks 0..7 of values 8, 9, 9, 10, 11 x4 -> client 0 has rank 7,
     * 1 + floor(35 / 8) = 5 */
    assert_int_equal(out[0].r, 5);
    assert_int_equal(out[7].r, 1);
}

static void rfm_ties_fixed(void **state)
{
    (void)state;
    clm_rfm_score out[10];
    clm_rfm_options o = CLM_RFM_OPTIONS_INIT;
    o.ties = CLM_RFM_TIES_FIXED;
    /* R 5 = bought in the last month (11), 4 = the month before, 3 = within
     * four months, 2 = within seven */
    const int64_t rf[4] = {5, 8, 10, 11}, ff[4] = {2, 3, 4, 5}, mf[4] = {200, 400, 400, 900};
    memcpy(o.r_from, rf, sizeof rf);
    memcpy(o.f_from, ff, sizeof ff);
    memcpy(o.m_from, mf, sizeof mf);
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o), 0);
    static const uint8_t r[10] = {5, 5, 5, 5, 4, 3, 3, 3, 2, 1};
    static const uint8_t f[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    /* equal thresholds for 3 and 4 (400): nobody scores 3 */
    static const uint8_t m[10] = {1, 2, 2, 4, 4, 4, 4, 4, 5, 5};
    expect_scores(out, r, f, m);
    /* the scores do not depend on the rest of the base */
    assert_int_equal(clm_rfm_score_opts(out, tie_last + 4, tie_freq, tie_mon + 4, 1, &o), 0);
    assert_int_equal(out[0].r, 4);
    assert_int_equal(out[0].m, 4);
}

static void rfm_ties_bad_options(void **state)
{
    (void)state;
    clm_rfm_score out[10];
    memset(out, 0x5a, sizeof out);
    clm_rfm_options o = CLM_RFM_OPTIONS_INIT;
    o.ties = CLM_RFM_TIES_FIXED;
    o.f_from[0] = 3;
    o.f_from[1] = 2; /* decreasing */
    o.f_from[2] = 4;
    o.f_from[3] = 5;
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "f_from");
    o.ties = (clm_rfm_ties)7;
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o), CLM_EINVAL);
    o = (clm_rfm_options)CLM_RFM_OPTIONS_INIT;
    o.version = 2;
    assert_int_equal(clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o), CLM_EVERSION);
    o.version = CLM_RFM_OPTIONS_VERSION;
    o.ties = CLM_RFM_TIES_BY_KEY;
    int64_t neg[10];
    memcpy(neg, tie_freq, sizeof neg);
    neg[3] = -1;
    assert_int_equal(clm_rfm_score_opts(out, tie_last, neg, tie_mon, 10, &o), CLM_EINVAL);
    int32_t never[10];
    memcpy(never, tie_last, sizeof never);
    never[2] = CLM_RFM_NEVER;
    o.ties = CLM_RFM_TIES_FIXED;
    memset(o.f_from, 0, sizeof o.f_from);
    assert_int_equal(clm_rfm_score_opts(out, never, tie_freq, tie_mon, 10, &o), CLM_EINVAL);
    assert_int_equal(clm_rfm_score_opts(NULL, tie_last, tie_freq, tie_mon, 10, &o), CLM_EINVAL);
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(out[i].r, 0x5a);
    clm_rfm_ties t = CLM_RFM_TIES_EQUAL;
    assert_int_equal(clm_rfm_ties_from_name(&t, "by-key"), 0);
    assert_int_equal(t, CLM_RFM_TIES_BY_KEY);
    assert_int_equal(clm_rfm_ties_from_name(&t, "rank"), CLM_ENOTFOUND);
    assert_string_equal(clm_rfm_ties_name(CLM_RFM_TIES_FIXED), "fixed");
    assert_null(clm_rfm_ties_name((clm_rfm_ties)3));
}

static int rfm_by_key_op(void *state)
{
    (void)state;
    clm_rfm_score out[10];
    clm_rfm_options o = CLM_RFM_OPTIONS_INIT;
    o.ties = CLM_RFM_TIES_BY_KEY;
    return clm_rfm_score_opts(out, tie_last, tie_freq, tie_mon, 10, &o);
}

static void rfm_ties_oom(void **state)
{
    (void)state;
    oom_case c = {NULL, rfm_by_key_op, NULL, NULL};
    assert_true(oom_check(&c) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abc_domain_cutoffs),
        cmocka_unit_test(abc_crossing_client_is_upper),
        cmocka_unit_test(abc_ties_by_index),
        cmocka_unit_test(abc_zero_and_negative),
        cmocka_unit_test(abc_options),
        cmocka_unit_test(abc_huge_amounts),
        cmocka_unit_test(abc_matches_reference),
        cmocka_unit_test(abc_oom),
        cmocka_unit_test(xyz_domain_boundaries),
        cmocka_unit_test(xyz_population_sigma),
        cmocka_unit_test(xyz_empty_periods_count),
        cmocka_unit_test(xyz_no_purchases_and_returns),
        cmocka_unit_test(xyz_bad_input),
        cmocka_unit_test(xyz_huge_amounts),
        cmocka_unit_test(xyz_paths_agree),
        cmocka_unit_test(xyz_matches_float_reference),
        cmocka_unit_test(periods_summarize),
        cmocka_unit_test(xyz_allocates_nothing),
        cmocka_unit_test(rfm_distinct_quintiles),
        cmocka_unit_test(rfm_ties),
        cmocka_unit_test(rfm_extreme_values),
        cmocka_unit_test(rfm_no_purchase_excluded),
        cmocka_unit_test(rfm_bad_input),
        cmocka_unit_test(rfm_matches_definition),
        cmocka_unit_test(rfm_oom),
        cmocka_unit_test(rfm_default_segments),
        cmocka_unit_test(rfm_custom_segments),
        cmocka_unit_test(rfm_segments_oom),
        cmocka_unit_test(rfm_ties_equal),
        cmocka_unit_test(rfm_ties_by_key),
        cmocka_unit_test(rfm_ties_fixed),
        cmocka_unit_test(rfm_ties_bad_options),
        cmocka_unit_test(rfm_ties_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
