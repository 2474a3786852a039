/*
 * money.h — amounts of money.
 *
 * An amount is an int64 count of the currency's minor units (kopecks, cents;
 * whole yen; fils for KWD) with its ISO 4217 alphabetic code. Never a float.
 * Every add, subtract and multiply is overflow-checked; two currencies never
 * mix silently (CLM_ECURRENCY).
 *
 * clm_money is a transparent value type: callers may fill it in, copy it and
 * compare it. Functions that take one validate the currency code.
 */
#ifndef CLM_MONEY_H
#define CLM_MONEY_H

#include "common.h"
#include "rate.h"

CLM_BEGIN_DECLS

/** An ISO 4217 currency known to the library. */
typedef struct clm_currency {
    char code[4];          /**< alphabetic code, NUL-terminated ("RUB") */
    uint16_t numeric;      /**< numeric code (643) */
    uint8_t exponent;      /**< minor-unit digits (2; 0 for JPY, 3 for KWD) */
} clm_currency;

/** An amount: `amount` minor units of `currency` (a 3-letter code + NUL). */
typedef struct clm_money {
    int64_t amount;
    char currency[4];
} clm_money;

/**
 * Looks up a currency by alphabetic code (upper case, exactly 3 letters).
 * The built-in table holds ISO 4217's active currencies (list one), among
 * them RUB, USD, EUR, GBP, CNY, JPY, KZT, BYN, IRR, KWD; it leaves out the
 * funds codes (CLF, UYW, UYI, BOV, CHE, CHW, COU, MXV, USN), precious metals,
 * SDR and the testing codes, which are not prices a client is charged in.
 *
 * Errors: CLM_EINVAL (NULL), CLM_ECURRENCY (unknown code). *out untouched on
 * error. Thread-safe (the table is constant).
 */
CLM_API int clm_currency_find(clm_currency *out, const char *code);

/**
 * Sets *out to `minor` units of `currency`, after checking the currency.
 * Errors: CLM_EINVAL (NULL), CLM_ECURRENCY. *out untouched on error.
 */
CLM_API int clm_money_make(clm_money *out, int64_t minor, const char *currency);

/** *out = a + b. Errors: CLM_EINVAL (NULL), CLM_ECURRENCY (unknown or
 *  different currencies), CLM_EOVERFLOW. *out untouched on error; out may
 *  alias a or b. Thread-safe. */
CLM_API int clm_money_add(clm_money *out, const clm_money *a, const clm_money *b);

/** *out = a - b. Same errors and guarantees as clm_money_add(). */
CLM_API int clm_money_sub(clm_money *out, const clm_money *a, const clm_money *b);

/** *out = -a. Errors: CLM_EINVAL, CLM_ECURRENCY, CLM_EOVERFLOW (INT64_MIN). */
CLM_API int clm_money_neg(clm_money *out, const clm_money *a);

/**
 * *out = a * qty, exact (a unit price times a whole quantity).
 * Errors: CLM_EINVAL, CLM_ECURRENCY, CLM_EOVERFLOW. *out untouched on error.
 */
CLM_API int clm_money_mul(clm_money *out, const clm_money *a, int64_t qty);

/**
 * *out = a * qty / scale rounded by `mode`: a price times a fractional
 * quantity given as an integer over a scale (2.5 kg = 2500 / 1000).
 * Errors: CLM_EINVAL (also scale <= 0), CLM_ECURRENCY, CLM_EOVERFLOW.
 */
CLM_API int clm_money_mul_frac(clm_money *out, const clm_money *a, int64_t qty,
                               int64_t scale, clm_rounding mode);

/**
 * *out = the part `rate` of `a`, rounded to a minor unit by `mode`
 * (10 % of 19.99 RUB, HALF_EVEN, is 2.00 RUB).
 * Errors: CLM_EINVAL, CLM_ECURRENCY, CLM_EOVERFLOW. *out untouched on error.
 */
CLM_API int clm_money_mul_rate(clm_money *out, const clm_money *a, clm_rate rate,
                               clm_rounding mode);

/**
 * Compares two amounts of the same currency: *out = -1, 0 or 1.
 * Errors: CLM_EINVAL, CLM_ECURRENCY (unknown or different currencies).
 */
CLM_API int clm_money_cmp(int *out, const clm_money *a, const clm_money *b);

/**
 * Splits `total` over `n` parts in proportion to `weights` so that the parts
 * add up exactly to the total (largest-remainder method): each part first
 * gets its share rounded towards zero; the minor units left over go, one
 * each, to the parts with the largest remainders; equal remainders go to
 * the lower index first, so the result is deterministic. A part with weight
 * 0 gets 0. A negative total is split as its magnitude, then negated.
 *
 * `parts` is an array of n amounts the caller owns; on success each is set.
 * `total` may point into `parts`.
 * Errors: CLM_EINVAL (NULL, n == 0, a negative weight, all weights 0),
 * CLM_ECURRENCY, CLM_EOVERFLOW (sum of weights overflows). `parts` untouched
 * on error. Thread-safe.
 */
CLM_API int clm_money_allocate(clm_money *parts, const clm_money *total,
                               const int64_t *weights, size_t n);

/**
 * Parses "<amount> <CODE>": "1234.50 RUB", "-0.5 USD", "1000 JPY". The
 * amount is a decimal with a '.' separator, an optional leading '-', at most
 * the currency's exponent in decimals (no rounding), no grouping; exactly one
 * space before the code.
 *
 * Errors: CLM_EINVAL (NULL), CLM_EPARSE (bad shape, too many decimals, a
 * code that is not three upper-case letters such as "rub": the message says
 * which and at what character), CLM_ECURRENCY (a well-formed code that is
 * not in the table),
 * CLM_EOVERFLOW (does not fit int64 minor units). *out untouched on error.
 * Thread-safe.
 */
CLM_API int clm_money_parse(clm_money *out, const char *text);

/** Buffer size that always holds a formatted amount with its NUL. */
#define CLM_MONEY_FORMAT_MAX 32

/**
 * Formats `m` as clm_money_parse() reads it: "1234.50 RUB", "-0.05 USD",
 * "1000 JPY", always with exactly the currency's exponent in decimals.
 * Returns the length written (without the NUL).
 * Errors: CLM_EINVAL (NULL), CLM_ECURRENCY, CLM_EBUFSIZE (buf untouched).
 */
CLM_API int clm_money_format(char *buf, size_t size, const clm_money *m);

CLM_END_DECLS

#endif /* CLM_MONEY_H */
