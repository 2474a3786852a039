/*
 * model_kernel.c — the arithmetic of a score (model_kernel.h), in the one
 * stated order (docs/rules.md, "Financial-standing models", "Order of
 * computation").
 *
 * Why the rounding before banding: a score that is exactly a boundary in
 * decimals (Z' = 2.9) is rarely exactly the double nearest 2.9, and which
 * neighbour it lands on depends on the order of operations and on whether
 * the compiler fuses a multiply and an add. Rounding both sides to 1e-9
 * puts every such score on its boundary; a real difference below 1e-9 is
 * far below the precision of any published coefficient.
 */
#include "model_kernel.h"

#include <math.h>

/* C11 7.12.2: no contraction of a*b + c into one fused operation. GCC
 * already does not contract in ISO C mode (-std=c11) and ignores this
 * pragma with a warning, hence only for clang. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* The double nearest x. Both conversions round to nearest, so the int64
 * one (a single instruction) gives exactly what the 128-bit one (a library
 * call) gives; it is only faster. */
static double to_double(clm_credit__i128 x)
{
    if (x >= INT64_MIN && x <= INT64_MAX)
        return (double)(int64_t)x;
    return (double)x;
}

double clm_credit__quotient(clm_credit__i128 num2, clm_credit__i128 den2)
{
    double n = to_double(num2);
    double d = to_double(den2);
    return n / d;
}

double clm_credit__score(double constant, const double *c, const double *r, size_t n,
                         double *terms)
{
    double s = constant;
    for (size_t i = 0; i < n; i++) {
        double t = c[i] * r[i];
        if (terms != NULL)
            terms[i] = t;
        s = s + t;
    }
    return s;
}

double clm_credit__probit(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

double clm_credit__logit(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

int64_t clm_credit__nano(double x)
{
    if (x >= CLM_CREDIT__BOUND_MAX)
        return (int64_t)(CLM_CREDIT__BOUND_MAX * 1e9) + 1;
    if (x <= -CLM_CREDIT__BOUND_MAX)
        return -(int64_t)(CLM_CREDIT__BOUND_MAX * 1e9) - 1;
    return (int64_t)llround(x * 1e9);
}

size_t clm_credit__band_of(int64_t v, const int64_t *upper, const unsigned char *inclusive,
                           size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (v < upper[i] || (inclusive[i] && v == upper[i]))
            return i;
    return n - 1;
}
