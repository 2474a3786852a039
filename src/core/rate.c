/* rate.c — exact integer division with named rounding; rates in ppm. */
#include <stdio.h>
#include <string.h>

#include "clm/rate.h"
#include "clm/lang.h"
#include "core/core.h"

__extension__ typedef __int128 i128;

static int valid_mode(clm_rounding mode)
{
    return (int)mode >= (int)CLM_ROUND_HALF_EVEN && (int)mode <= (int)CLM_ROUND_FLOOR;
}

/* Whether to move the truncated quotient one step away from zero, given
 * the sign of the exact quotient, how the remainder compares with half the
 * divisor (cmp: -1 below, 0 exactly half, 1 above) and the quotient's
 * parity. The single place where the rounding modes are defined. */
static int round_away(int sign, int cmp, int q_odd, clm_rounding mode)
{
    switch (mode) {
    case CLM_ROUND_DOWN:
        return 0;
    case CLM_ROUND_UP:
        return 1;
    case CLM_ROUND_CEILING:
        return sign > 0;
    case CLM_ROUND_FLOOR:
        return sign < 0;
    case CLM_ROUND_HALF_UP:
        return cmp >= 0;
    case CLM_ROUND_HALF_DOWN:
        return cmp > 0;
    case CLM_ROUND_HALF_EVEN:
    default:
        return cmp > 0 || (cmp == 0 && q_odd);
    }
}

/* Rounds the exact quotient n / d (d != 0) by `mode` on 128 bits, so that
 * callers can pass products of two int64 values. */
static i128 div_round128(i128 n, i128 d, clm_rounding mode)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    i128 q = n / d;
    i128 r = n % d;
    if (r == 0)
        return q;
    int sign = n < 0 ? -1 : 1;
    i128 ar = r < 0 ? -r : r;
    /* the remainder against half the divisor, without overflow */
    int cmp = ar > d - ar ? 1 : (ar == d - ar ? 0 : -1);
    return round_away(sign, cmp, (int)(q % 2 != 0), mode) ? q + sign : q;
}

/* The same on 64 bits, for the common case where n and d fit and d is not
 * -1 (so neither the negation nor the quotient can overflow): 128-bit
 * division is several times slower. */
static int64_t div_round64(int64_t n, int64_t d, clm_rounding mode)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    int64_t q = n / d;
    int64_t r = n % d;
    if (r == 0)
        return q;
    int sign = n < 0 ? -1 : 1;
    int64_t ar = r < 0 ? -r : r;
    int cmp = ar > d - ar ? 1 : (ar == d - ar ? 0 : -1);
    return round_away(sign, cmp, (int)(q % 2 != 0), mode) ? q + sign : q;
}

static int fits64(int64_t n, int64_t d)
{
    return n != INT64_MIN && d != INT64_MIN && d != -1;
}

static int store_result(int64_t *out, i128 v, const char *what)
{
    if (v > INT64_MAX || v < INT64_MIN)
        return clm_core__fail(CLM_EOVERFLOW, "%s: result does not fit a 64-bit integer", what);
    *out = (int64_t)v;
    return 0;
}

int clm_div_round(int64_t *out, int64_t num, int64_t den, clm_rounding mode)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_div_round: out is NULL");
    if (den == 0)
        return clm_core__fail_at(CLM_EINVAL, "den", NULL, 0, "clm_div_round: division by zero");
    if (!valid_mode(mode))
        return clm_core__fail_at(CLM_EINVAL, "mode", NULL, 0, "clm_div_round: unknown rounding mode %d", (int)mode);
    if (fits64(num, den)) {
        *out = div_round64(num, den, mode);
        return 0;
    }
    return store_result(out, div_round128(num, den, mode), "clm_div_round");
}

int clm_muldiv_round(int64_t *out, int64_t a, int64_t num, int64_t den, clm_rounding mode)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_muldiv_round: out is NULL");
    if (den == 0)
        return clm_core__fail_at(CLM_EINVAL, "den", NULL, 0, "clm_muldiv_round: division by zero");
    if (!valid_mode(mode))
        return clm_core__fail_at(CLM_EINVAL, "mode", NULL, 0, "clm_muldiv_round: unknown rounding mode %d", (int)mode);
    int64_t product;
    if (!__builtin_mul_overflow(a, num, &product) && fits64(product, den)) {
        *out = div_round64(product, den, mode);
        return 0;
    }
    return store_result(out, div_round128((i128)a * num, den, mode), "clm_muldiv_round");
}

int clm_rate_apply(int64_t *out, int64_t value, clm_rate rate, clm_rounding mode)
{
    return clm_muldiv_round(out, value, rate, CLM_RATE_ONE, mode);
}

int clm_rate_parse(clm_rate *out, const char *text)
{
    if (out == NULL || text == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_rate_parse: %s is NULL", out == NULL ? "out" : "text");
    const char *p = text;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p < '0' || *p > '9')
        return clm_core__fail_at(CLM_EPARSE, "rate", NULL, 0,
                            "rate '%s': expected a digit at character %d", text, (int)(p - text) + 1);
    int64_t whole = 0;
    while (*p >= '0' && *p <= '9') {
        if (whole > CLM_RATE_MAX / CLM_RATE_PERCENT)
            return clm_core__fail_at(CLM_EOVERFLOW, "rate", NULL, 0, "rate '%s': larger than 1000000 %%", text);
        whole = whole * 10 + (*p++ - '0');
    }
    int64_t frac = 0;
    int digits = 0;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return clm_core__fail_at(CLM_EPARSE, "rate", NULL, 0,
                                "rate '%s': expected a digit after '.' at character %d", text, (int)(p - text) + 1);
        while (*p >= '0' && *p <= '9') {
            if (++digits > 4)
                return clm_core__fail_at(CLM_EPARSE, "rate", NULL, 0,
                                    "rate '%s': more than 4 decimals of a percent (finer than 1 ppm)", text);
            frac = frac * 10 + (*p++ - '0');
        }
    }
    for (int i = digits; i < 4; i++)
        frac *= 10;
    if (*p == ' ' && p[1] == '%')
        p++;
    if (*p == '%')
        p++;
    if (*p != '\0')
        return clm_core__fail_at(CLM_EPARSE, "rate", NULL, 0,
                            "rate '%s': unexpected '%c' at character %d", text, *p, (int)(p - text) + 1);
    int64_t v = whole * CLM_RATE_PERCENT + frac;
    if (v > CLM_RATE_MAX)
        return clm_core__fail_at(CLM_EOVERFLOW, "rate", NULL, 0, "rate '%s': larger than 1000000 %%", text);
    *out = neg ? -v : v;
    return 0;
}

const char *clm_core__rate_text(char *buf, size_t size, int64_t rate)
{
    /* the widest rate, INT64_MIN, is 22 bytes: any CLM_CORE__RATE_TEXT_MAX
     * buffer holds it, so this call cannot fail and records nothing */
    char tmp[CLM_CORE__RATE_TEXT_MAX];
    int ru = clm_lang_get() == CLM_LANG_RU;
    uint64_t mag = rate < 0 ? (uint64_t)0 - (uint64_t)rate : (uint64_t)rate;
    int n = snprintf(tmp, sizeof tmp, "%s%llu", rate < 0 ? "-" : "", (unsigned long long)(mag / 10000));
    unsigned frac = (unsigned)(mag % 10000);
    if (frac != 0) {
        int digits = 4;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        /* the decimal mark of the thread's language (clm/lang.h) */
        n += snprintf(tmp + n, sizeof tmp - (size_t)n, "%s%0*u", ru ? "," : ".", digits, frac);
    }
    snprintf(buf, size, ru ? "%s\xc2\xa0%%" : "%s%%", tmp);
    return buf;
}

int clm_rate_format(char *buf, size_t size, clm_rate rate)
{
    if (buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_rate_format: buf is NULL");
    char tmp[CLM_RATE_FORMAT_MAX + 8];
    /* Magnitude as unsigned so INT64_MIN formats too. */
    uint64_t mag = rate < 0 ? (uint64_t)0 - (uint64_t)rate : (uint64_t)rate;
    uint64_t whole = mag / (uint64_t)CLM_RATE_PERCENT;
    unsigned frac = (unsigned)(mag % (uint64_t)CLM_RATE_PERCENT);
    int n;
    if (frac == 0) {
        n = snprintf(tmp, sizeof tmp, "%s%llu%%", rate < 0 ? "-" : "", (unsigned long long)whole);
    } else {
        char fd[5];
        snprintf(fd, sizeof fd, "%04u", frac);
        int k = 4;
        while (k > 0 && fd[k - 1] == '0')
            k--;
        fd[k] = '\0';
        n = snprintf(tmp, sizeof tmp, "%s%llu.%s%%", rate < 0 ? "-" : "", (unsigned long long)whole, fd);
    }
    if ((size_t)n + 1 > size)
        return clm_core__fail(CLM_EBUFSIZE, "clm_rate_format: buffer of %zu bytes is too small (needs %d)", size, n + 1);
    memcpy(buf, tmp, (size_t)n + 1);
    return n;
}

static const char *const rounding_names[] = {
    "half-even", "half-up", "half-down", "up", "down", "ceiling", "floor"
};

int clm_rounding_from_name(clm_rounding *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_rounding_from_name: %s is NULL", out == NULL ? "out" : "name");
    for (int i = 0; i < 7; i++) {
        if (strcmp(rounding_names[i], name) == 0) {
            *out = (clm_rounding)i;
            return 0;
        }
    }
    return clm_core__fail_at(CLM_ENOTFOUND, "rounding", NULL, 0,
                        "unknown rounding mode '%s' (expected half-even, half-up, half-down, up, down, ceiling or floor)",
                        name);
}

const char *clm_rounding_name(clm_rounding mode)
{
    return valid_mode(mode) ? rounding_names[mode] : NULL;
}
