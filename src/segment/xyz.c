/*
 * xyz.c — XYZ classification by the coefficient of variation of per-period
 * purchases.
 *
 * Rule (docs/rules.md, Segmentation: the usual XYZ bands of demand-variability
 * analysis): CV = sigma / mu, X <= 10 %, Y <= 25 %, Z above;
 * a period without a purchase is 0; population standard deviation.
 *
 * With S = sum x, Q = sum x^2 over P periods, mu = S/P and
 * sigma^2 = Q/P - S^2/P^2, so CV^2 = (P*Q - S^2) / S^2 exactly. "CV <= c"
 * (c in ppm) is D * 10^12 <= S^2 * c^2 with D = P*Q - S^2 >= 0
 * (Cauchy-Schwarz). Those products exceed 128 bits, so the comparison uses
 * a small unsigned 256-bit type. Rows whose amounts all fit 40 bits (11
 * billion roubles a period in kopecks) take a path whose S, Q and D fit
 * 128 bits; other rows accumulate Q in 256 bits.
 */
#include "clm/segment.h"

#include <math.h>

#include "clm/rate.h"
#include "core/core.h"
#include "radix.h"

#define FAST_BITS 40

typedef clm_core__u128 u128;

/* Little-endian 64-bit limbs. */
typedef struct u256 {
    uint64_t w[4];
} u256;

static u256 u256_from128(u128 v)
{
    u256 r = { { (uint64_t)v, (uint64_t)(v >> 64), 0, 0 } };
    return r;
}

static u256 u256_add(u256 a, u256 b)
{
    u256 r;
    u128 carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)a.w[i] + b.w[i] + carry;
        r.w[i] = (uint64_t)s;
        carry = s >> 64;
    }
    return r;
}

/* a - b for a >= b. */
static u256 u256_sub(u256 a, u256 b)
{
    u256 r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t bi = b.w[i] + borrow;
        uint64_t nb = (bi < borrow) || (a.w[i] < bi);
        r.w[i] = a.w[i] - bi;
        borrow = nb;
    }
    return r;
}

/* a * m; the callers' bounds keep the product below 2^256. */
static u256 u256_mul64(u256 a, uint64_t m)
{
    u256 r;
    u128 carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 p = (u128)a.w[i] * m + carry;
        r.w[i] = (uint64_t)p;
        carry = p >> 64;
    }
    return r;
}

/* a * b for two 128-bit values: the full 256-bit product. */
static u256 u256_mul128(u128 a, u128 b)
{
    u256 r = u256_mul64(u256_from128(a), (uint64_t)b);
    u256 hi = u256_mul64(u256_from128(a), (uint64_t)(b >> 64));
    /* shift hi left by one limb */
    hi.w[3] = hi.w[2];
    hi.w[2] = hi.w[1];
    hi.w[1] = hi.w[0];
    hi.w[0] = 0;
    return u256_add(r, hi);
}

static int u256_cmp(u256 a, u256 b)
{
    for (int i = 3; i >= 0; i--)
        if (a.w[i] != b.w[i])
            return a.w[i] < b.w[i] ? -1 : 1;
    return 0;
}

/* Within 2 ulp (two roundings); the callers allow for far more (1e-9). A
 * plain (double) of a 128-bit value is a slow library call. */
static double u128_to_double(u128 v)
{
    return (double)(uint64_t)(v >> 64) * 18446744073709551616.0 + (double)(uint64_t)v;
}

static double u256_to_double(u256 a)
{
    if ((a.w[3] | a.w[2]) == 0)
        return u128_to_double(((u128)a.w[1] << 64) | a.w[0]);
    return ldexp((double)a.w[3], 192) + ldexp((double)a.w[2], 128) +
           ldexp((double)a.w[1], 64) + (double)a.w[0];
}

/*
 * Decides "CV <= c", that is D * 10^12 <= S^2 * c2 with c2 = c^2 (ppm^2).
 * dd and ds2 are D and S^2 as doubles. The double products err by a few
 * units of 2^-53 relative, so any case more than 10^-9 (relative) from
 * equality is settled by them; the rest, exactly in 256 bits (D * 10^12 <
 * 2^206 and S^2 * c2 < 2^166 * 2^60: both fit).
 */
static int cv_within(const u256 *d, const u256 *s2, double dd, double ds2, uint64_t c2)
{
    double l = dd * 1e12, r = ds2 * (double)c2;
    if (l < r * (1 - 1e-9))
        return 1;
    if (l > r * (1 + 1e-9))
        return 0;
    return u256_cmp(u256_mul64(*d, (uint64_t)CLM_RATE_ONE * CLM_RATE_ONE), u256_mul64(*s2, c2)) <= 0;
}

int clm_xyz_options_init(clm_xyz_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "xyz options: NULL");
    *opts = (clm_xyz_options)CLM_XYZ_OPTIONS_INIT;
    return CLM_OK;
}

const char *clm_xyz_class_name(clm_xyz_class c)
{
    switch (c) {
    case CLM_XYZ_NONE: return "-";
    case CLM_XYZ_X: return "X";
    case CLM_XYZ_Y: return "Y";
    case CLM_XYZ_Z: return "Z";
    }
    return "?";
}

/* Checks the matrix arguments shared with clm_periods_summarize(). */
static int check_matrix(const char *fn, const int64_t *amounts, size_t n, size_t periods)
{
    if (n > CLM_SEGMENT_MAX_CLIENTS)
        return clm_core__fail(CLM_ELIMIT, "%s: %zu clients, at most %zu per call", fn, n,
                         CLM_SEGMENT_MAX_CLIENTS);
    if (periods > CLM_SEGMENT_MAX_PERIODS)
        return clm_core__fail(CLM_ELIMIT, "%s: %zu periods, at most %zu", fn, periods,
                         CLM_SEGMENT_MAX_PERIODS);
    if (periods != 0 && n > SIZE_MAX / periods)
        return clm_core__fail(CLM_ELIMIT, "%s: %zu x %zu amounts overflow the address space",
                         fn, n, periods);
    if (n > 0 && amounts == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: amounts is NULL", fn);
    return CLM_OK;
}

int clm_xyz_classify(clm_xyz_class *out, double *cv, const int64_t *amounts, size_t n,
                     size_t periods, const clm_xyz_options *opts)
{
    clm_xyz_options def = CLM_XYZ_OPTIONS_INIT;
    if (opts == NULL)
        opts = &def;
    if (clm_core__check_version(opts->version, CLM_XYZ_OPTIONS_VERSION, "xyz options") < 0)
        return CLM_EVERSION;
    /* c^2 must fit 64 bits for u256_mul64: 10^18 < 2^60. */
    if (opts->x_cut < 0 || opts->x_cut > opts->y_cut || opts->y_cut > CLM_XYZ_MAX_CUT) {
        char mx[CLM_CORE__RATE_TEXT_MAX], x[CLM_CORE__RATE_TEXT_MAX], y[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "x_cut", "", 0,
                            "xyz: cut-offs must satisfy 0 <= x_cut <= y_cut <= %s"
                            " (got %s and %s)", clm_core__rate_text(mx, sizeof mx, CLM_XYZ_MAX_CUT),
                            clm_core__rate_text(x, sizeof x, opts->x_cut),
                            clm_core__rate_text(y, sizeof y, opts->y_cut));
    }
    if (periods < 2)
        return clm_core__fail_at(CLM_EINVAL, "periods", "", 0,
                            "xyz: %zu period(s); the variation needs at least 2", periods);
    int rc = check_matrix("xyz", amounts, n, periods);
    if (rc < 0)
        return rc;
    if (n == 0)
        return CLM_OK;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "xyz: out is NULL");
    if (opts->reject_negative) {
        for (size_t i = 0; i < n; i++)
            for (size_t p = 0; p < periods; p++)
                if (amounts[i * periods + p] < 0)
                    return clm_core__fail_at(CLM_EINVAL, "amounts", "", 0,
                                        "xyz: client %zu, period %zu: negative amount %lld"
                                        " and reject_negative is set",
                                        i, p, (long long)amounts[i * periods + p]);
    }

    const uint64_t x2 = (uint64_t)opts->x_cut * (uint64_t)opts->x_cut;
    const uint64_t y2 = (uint64_t)opts->y_cut * (uint64_t)opts->y_cut;
    const u128 P = periods;

    for (size_t i = 0; i < n; i++) {
        const int64_t *row = amounts + i * periods;
        /* First a 64-bit pass; it is exact when every |x| < 2^30 and there
         * are at most 16 periods (Q < 16 * 2^60, |S| < 2^34), the common
         * case. Otherwise the row is summed again in 128 bits. */
        uint64_t s64 = 0, q64 = 0, big = 0;
        for (size_t p = 0; p < periods; p++) {
            uint64_t x = (uint64_t)row[p];
            uint64_t ax = row[p] < 0 ? 0 - x : x;
            big |= ax;
            s64 += x;
            q64 += ax * ax;
        }
        clm_core__i128 s;
        u128 q;
        if ((big >> 30) == 0 && periods <= 16) {
            s = (int64_t)s64;
            q = q64;
        } else {
            s = 0;
            q = 0;
            for (size_t p = 0; p < periods; p++) {
                int64_t x = row[p];
                uint64_t ax = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
                s += x;
                q += (u128)ax * ax; /* may wrap when big >= 2^40: then unused */
            }
        }
        if (s <= 0) {
            out[i] = CLM_XYZ_NONE;
            if (cv != NULL)
                cv[i] = NAN;
            continue;
        }
        u256 d, s2;
        double dd, ds2;
        if ((big >> FAST_BITS) == 0) {
            /* |x| < 2^40, P <= 2^20: Q < 2^100, P*Q < 2^120, S < 2^60. */
            u128 us = (u128)s, d128 = P * q - us * us, s128 = us * us;
            dd = u128_to_double(d128);
            ds2 = u128_to_double(s128);
            d = u256_from128(d128);
            s2 = u256_from128(s128);
        } else {
            /* |x| < 2^63: x^2 < 2^126, Q < 2^146, P*Q < 2^166, S < 2^83. */
            u256 qq = { { 0, 0, 0, 0 } };
            for (size_t p = 0; p < periods; p++) {
                int64_t x = row[p];
                uint64_t ax = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
                qq = u256_add(qq, u256_from128((u128)ax * ax));
            }
            s2 = u256_mul128((u128)s, (u128)s);
            d = u256_sub(u256_mul64(qq, (uint64_t)periods), s2);
            dd = u256_to_double(d);
            ds2 = u256_to_double(s2);
        }
        if (cv_within(&d, &s2, dd, ds2, x2))
            out[i] = CLM_XYZ_X;
        else if (cv_within(&d, &s2, dd, ds2, y2))
            out[i] = CLM_XYZ_Y;
        else
            out[i] = CLM_XYZ_Z;
        if (cv != NULL)
            cv[i] = sqrt(dd / ds2);
    }
    return CLM_OK;
}

int clm_periods_summarize(int64_t *total, int64_t *frequency, int32_t *last,
                          const int64_t *amounts, size_t n, size_t periods)
{
    if (periods == 0)
        return clm_core__fail_at(CLM_EINVAL, "periods", "", 0, "periods: no periods");
    int rc = check_matrix("periods", amounts, n, periods);
    if (rc < 0)
        return rc;
    if (periods > INT32_MAX)
        return clm_core__fail(CLM_ELIMIT, "periods: %zu periods do not fit a period index",
                         periods);
    /* Check every total first, so that nothing is written on failure. No
     * sum can overflow when the largest magnitude times the number of
     * periods stays below 2^63: one vectorisable pass tells; only then is
     * each row checked exactly. */
    uint64_t mag = 0;
    if (total != NULL)
        for (size_t i = 0; i < n * periods; i++)
            mag |= (uint64_t)(amounts[i] ^ (amounts[i] >> 63)); /* >= |x| - 1 */
    if (total != NULL && clm_segment__bit_width(mag) + 1 + clm_segment__bit_width(periods) > 63) {
        for (size_t i = 0; i < n; i++) {
            int64_t t = 0;
            for (size_t p = 0; p < periods; p++)
                if (clm_core__add_ovf(t, amounts[i * periods + p], &t))
                    return clm_core__fail_at(CLM_EOVERFLOW, "amounts", "", 0,
                                        "periods: the total of client %zu does not fit"
                                        " 64 bits", i);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const int64_t *row = amounts + i * periods;
        uint64_t t = 0; /* wraps only when total is not wanted (checked above) */
        int64_t f = 0;
        int32_t l = CLM_RFM_NEVER;
        for (size_t p = 0; p < periods; p++) {
            int64_t x = row[p];
            t += (uint64_t)x;
            /* Branch-free: whether a month had a purchase is random. */
            f += x > 0;
            l = x > 0 ? (int32_t)p : l;
        }
        if (total != NULL)
            total[i] = (int64_t)t;
        if (frequency != NULL)
            frequency[i] = f;
        if (last != NULL)
            last[i] = l;
    }
    return CLM_OK;
}
