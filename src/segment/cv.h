/*
 * cv.h — the exact XYZ decision of one client's row, shared by
 * clm_xyz_classify() (xyz.c) and clm_segment_all() (all.c) so both give the
 * same class and CV bit for bit. Not installed.
 *
 * With S = sum x, Q = sum x^2 over P periods, mu = S/P and the population
 * variance sigma^2 = Q/P - S^2/P^2 (the identity Var X = E[X^2] - (E X)^2
 * over the P periods as the whole population), CV^2 = (P*Q - S^2) / S^2
 * exactly. "CV <= c" (c in ppm) is D * 10^12 <= S^2 * c^2 with
 * D = P*Q - S^2 >= 0 (Cauchy-Schwarz). Those products exceed 128 bits, so
 * the comparison uses a small unsigned 256-bit type. Rows whose amounts all
 * fit 40 bits (11 billion roubles a period in kopecks) take a path whose S,
 * Q and D fit 128 bits; other rows accumulate Q in 256 bits.
 */
#ifndef CLM_SEGMENT_CV_H
#define CLM_SEGMENT_CV_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "clm/rate.h"
#include "clm/segment.h"
#include "core/core.h"

#define FAST_BITS 40

typedef clm_core__u128 u128;

/* Little-endian 64-bit limbs. */
typedef struct u256 {
    uint64_t w[4];
} u256;

static inline u256 u256_from128(u128 v)
{
    u256 r = { { (uint64_t)v, (uint64_t)(v >> 64), 0, 0 } };
    return r;
}

static inline u256 u256_add(u256 a, u256 b)
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
static inline u256 u256_sub(u256 a, u256 b)
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
static inline u256 u256_mul64(u256 a, uint64_t m)
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
static inline u256 u256_mul128(u128 a, u128 b)
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

static inline int u256_cmp(u256 a, u256 b)
{
    for (int i = 3; i >= 0; i--)
        if (a.w[i] != b.w[i])
            return a.w[i] < b.w[i] ? -1 : 1;
    return 0;
}

/* Within 2 ulp (two roundings); the callers allow for far more (1e-9). A
 * plain (double) of a 128-bit value is a slow library call. */
static inline double u128_to_double(u128 v)
{
    return (double)(uint64_t)(v >> 64) * 18446744073709551616.0 + (double)(uint64_t)v;
}

static inline double u256_to_double(u256 a)
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
static inline int cv_within(const u256 *d, const u256 *s2, double dd, double ds2, uint64_t c2)
{
    double l = dd * 1e12, r = ds2 * (double)c2;
    if (l < r * (1 - 1e-9))
        return 1;
    if (l > r * (1 + 1e-9))
        return 0;
    return u256_cmp(u256_mul64(*d, (uint64_t)CLM_RATE_ONE * CLM_RATE_ONE), u256_mul64(*s2, c2)) <= 0;
}

/*
 * The class of one row (and its CV in *cv unless cv is NULL), given the
 * row's 64-bit first pass: s64 and q64 the wrapping sums of x and x^2 (|x|
 * squared), big the OR of the magnitudes |x|. That pass is exact when every
 * |x| < 2^30 and there are at most 16 periods (Q < 16 * 2^60, |S| < 2^34),
 * the common case; otherwise the row is summed again in 128 bits.
 */
static inline clm_xyz_class clm_segment__xyz_row(const int64_t *row, size_t periods, uint64_t s64,
                                                 uint64_t q64, uint64_t big, uint64_t x2,
                                                 uint64_t y2, double *cv)
{
    const u128 P = periods;
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
        if (cv != NULL)
            *cv = NAN;
        return CLM_XYZ_NONE;
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
    if (cv != NULL)
        *cv = sqrt(dd / ds2);
    if (cv_within(&d, &s2, dd, ds2, x2))
        return CLM_XYZ_X;
    if (cv_within(&d, &s2, dd, ds2, y2))
        return CLM_XYZ_Y;
    return CLM_XYZ_Z;
}

#endif
