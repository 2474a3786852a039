/*
 * rate.h — rates and rounding.
 *
 * A rate (a discount, a penalty per day, a share) is an integer count of
 * parts per million (ppm): 1 % = 10 000 ppm, 100 % = 1 000 000 ppm,
 * 0.01 % = 100 ppm. Six decimals of a fraction are exact, so "12.5 %",
 * "33.3333 %" or the 37.24 % annual cost of "2/10 net 30" never drift the way
 * two-decimal percentages do. Rates may be negative (a surcharge) and larger
 * than 100 %.
 *
 * Every operation that must round takes a clm_rounding and names it; nothing
 * rounds implicitly.
 */
#ifndef CLM_RATE_H
#define CLM_RATE_H

#include "common.h"

CLM_BEGIN_DECLS

/** A rate in parts per million. */
typedef int64_t clm_rate;

#define CLM_RATE_ONE       INT64_C(1000000) /**< 100 % */
#define CLM_RATE_PERCENT   INT64_C(10000)   /**< 1 % */
#define CLM_RATE_BP        INT64_C(100)     /**< one basis point, 0.01 % */
/** Largest rate magnitude accepted by parsers: 1 000 000 % . */
#define CLM_RATE_MAX       (INT64_C(10000) * CLM_RATE_ONE)

/**
 * Rounding modes. "Up" and "down" are about magnitude (away from / towards
 * zero); "ceiling" and "floor" about the sign (towards +inf / -inf). The
 * "half" modes differ only on an exact tie.
 *
 *                 2.5  3.5 -2.5  2.6  2.4 -2.6
 *   HALF_EVEN       2    4   -2    3    2   -3   banker's rounding
 *   HALF_UP         3    4   -3    3    2   -3   ties away from zero
 *   HALF_DOWN       2    3   -2    3    2   -3   ties towards zero
 *   UP              3    4   -3    3    3   -3   away from zero
 *   DOWN            2    3   -2    2    2   -2   towards zero (truncate)
 *   CEILING         3    4   -2    3    3   -2   towards +infinity
 *   FLOOR           2    3   -3    2    2   -3   towards -infinity
 */
typedef enum clm_rounding {
    CLM_ROUND_HALF_EVEN = 0,
    CLM_ROUND_HALF_UP   = 1,
    CLM_ROUND_HALF_DOWN = 2,
    CLM_ROUND_UP        = 3,
    CLM_ROUND_DOWN      = 4,
    CLM_ROUND_CEILING   = 5,
    CLM_ROUND_FLOOR     = 6
} clm_rounding;

/**
 * *out = num / den rounded by `mode`, computed exactly (no intermediate
 * overflow, no float).
 *
 * Errors: CLM_EINVAL if out is NULL, den is 0 or mode is unknown;
 * CLM_EOVERFLOW if the quotient does not fit (INT64_MIN / -1). *out is
 * untouched on error. Thread-safe.
 */
CLM_API int clm_div_round(int64_t *out, int64_t num, int64_t den,
                          clm_rounding mode);

/**
 * *out = a * num / den rounded by `mode`, with a 128-bit intermediate so
 * a * num never overflows; only a final result outside int64 is an error.
 *
 * Errors: CLM_EINVAL (NULL out, den 0, unknown mode); CLM_EOVERFLOW.
 * *out is untouched on error. Thread-safe.
 */
CLM_API int clm_muldiv_round(int64_t *out, int64_t a, int64_t num, int64_t den,
                             clm_rounding mode);

/**
 * *out = value * rate / 1 000 000 rounded by `mode`: the part of `value`
 * that `rate` represents (10 % of 1 999 minor units, HALF_EVEN, is 200).
 * Same errors and guarantees as clm_muldiv_round().
 */
CLM_API int clm_rate_apply(int64_t *out, int64_t value, clm_rate rate,
                           clm_rounding mode);

/**
 * Parses a rate written as a percentage: "12.5", "12.5%", "-3 %", "0.0001%".
 * At most 4 decimals (a percentage with 4 decimals is exactly a ppm count);
 * magnitude at most CLM_RATE_MAX. Leading/trailing spaces are not allowed
 * except one optional space before '%'.
 *
 * Errors: CLM_EINVAL (NULL), CLM_EPARSE (not a number, too many decimals;
 * the message says which and at what character), CLM_EOVERFLOW (too large).
 * *out is untouched on error. Thread-safe.
 */
CLM_API int clm_rate_parse(clm_rate *out, const char *text);

/** Buffer size that always holds a formatted rate with its NUL. */
#define CLM_RATE_FORMAT_MAX 32

/**
 * Formats `rate` as a percentage with the shortest exact decimals and a '%'
 * sign: 125000 -> "12.5%", 10000 -> "1%", -1 -> "-0.0001%".
 * Returns the length written (without the NUL) on success.
 *
 * Errors: CLM_EINVAL (NULL buf), CLM_EBUFSIZE (size too small; buf
 * untouched). Thread-safe.
 */
CLM_API int clm_rate_format(char *buf, size_t size, clm_rate rate);

/**
 * The rounding mode named `name`: "half-even", "half-up", "half-down", "up",
 * "down", "ceiling", "floor". Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND
 * (unknown name; *out untouched). Thread-safe.
 */
CLM_API int clm_rounding_from_name(clm_rounding *out, const char *name);

/** The name of a rounding mode ("half-even"), or NULL for an unknown one. */
CLM_API const char *clm_rounding_name(clm_rounding mode);

CLM_END_DECLS

#endif /* CLM_RATE_H */
