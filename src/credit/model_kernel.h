/*
 * model_kernel.h — the arithmetic of a score, on its own: no other libclm
 * header, so tests/credit_fp_test.py can compile model_kernel.c with gcc
 * and clang at -O0 and -O2 and check that every band decision on a
 * boundary comes out the same (docs/rules.md, "Financial-standing models",
 * "Order of computation"). Not installed.
 */
#ifndef CLM_CREDIT_MODEL_KERNEL_H
#define CLM_CREDIT_MODEL_KERNEL_H

#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 clm_credit__i128;

/* A ratio from two exact sums (each twice the sum, so an averaged item
 * needs no halving): num2 / den2, one correctly rounded conversion each and
 * one division. */
double clm_credit__quotient(clm_credit__i128 num2, clm_credit__i128 den2);

/* score = constant + c[0]*r[0] + ... + c[n-1]*r[n-1], added left to right,
 * each product rounded on its own (no fused multiply-add); terms[i] gets
 * c[i]*r[i] when terms is not NULL. */
double clm_credit__score(double constant, const double *c, const double *r, size_t n,
                         double *terms);

/* Phi(x), the standard normal CDF, as 0.5 * erfc(-x / sqrt 2). */
double clm_credit__probit(double x);
/* 1 / (1 + exp(-x)). */
double clm_credit__logit(double x);

/* x rounded to a whole number of 1e-9 (half away from zero); values
 * beyond +-9e9 saturate (they are beyond every band boundary the library
 * accepts, which is checked against the same limit). */
int64_t clm_credit__nano(double x);
#define CLM_CREDIT__BOUND_MAX 9.0e9

/* The band of `v` (in nano units): the first i with v < upper[i], or
 * v <= upper[i] when inclusive[i]; the last band (index n-1) is open. */
size_t clm_credit__band_of(int64_t v, const int64_t *upper, const unsigned char *inclusive,
                           size_t n);

#endif
