/* money.c — amounts as int64 minor units; every operation overflow-checked. */
#include <stdio.h>
#include <string.h>

#include "clm/money.h"
#include "currency.h"
#include "core/core.h"

__extension__ typedef __int128 i128;

static const clm_currency *check_one(const clm_money *m, const char *fn, const char *arg)
{
    const clm_currency *c = clm_core__currency_get(m->currency);
    if (c == NULL) {
        /* currency[] may not be NUL-terminated: print at most 3 bytes. */
        clm_core__fail_at(CLM_ECURRENCY, arg, NULL, 0, "%s: %s has an unknown currency '%.3s'", fn, arg,
                     m->currency);
    }
    return c;
}

/* Both amounts valid and of one currency. */
static int check_two(const clm_money *a, const clm_money *b, const char *fn)
{
    /* Equal codes need one table look-up, not two. */
    int same = memcmp(a->currency, b->currency, 4) == 0;
    if (check_one(a, fn, "a") == NULL || (!same && check_one(b, fn, "b") == NULL))
        return CLM_ECURRENCY;
    if (!same)
        return clm_core__fail(CLM_ECURRENCY, "%s: cannot mix %s and %s", fn, a->currency, b->currency);
    return 0;
}

int clm_money_make(clm_money *out, int64_t minor, const char *currency)
{
    if (out == NULL || currency == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_make: %s is NULL", out == NULL ? "out" : "currency");
    const clm_currency *c = clm_core__currency_get(currency);
    if (c == NULL)
        return clm_core__fail_at(CLM_ECURRENCY, "currency", NULL, 0,
                            "clm_money_make: currency '%.8s' is not an ISO 4217 code known to libclm", currency);
    out->amount = minor;
    memcpy(out->currency, c->code, 4);
    return 0;
}

int clm_money_add(clm_money *out, const clm_money *a, const clm_money *b)
{
    if (out == NULL || a == NULL || b == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_add: NULL argument");
    int rc = check_two(a, b, "clm_money_add");
    if (rc != 0)
        return rc;
    int64_t r;
    if (clm_core__add_ovf(a->amount, b->amount, &r))
        return clm_core__fail(CLM_EOVERFLOW, "clm_money_add: %lld + %lld minor units of %s overflows",
                         (long long)a->amount, (long long)b->amount, a->currency);
    out->amount = r;
    memmove(out->currency, a->currency, 4);
    return 0;
}

int clm_money_sub(clm_money *out, const clm_money *a, const clm_money *b)
{
    if (out == NULL || a == NULL || b == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_sub: NULL argument");
    int rc = check_two(a, b, "clm_money_sub");
    if (rc != 0)
        return rc;
    int64_t r;
    if (clm_core__sub_ovf(a->amount, b->amount, &r))
        return clm_core__fail(CLM_EOVERFLOW, "clm_money_sub: %lld - %lld minor units of %s overflows",
                         (long long)a->amount, (long long)b->amount, a->currency);
    out->amount = r;
    memmove(out->currency, a->currency, 4);
    return 0;
}

int clm_money_neg(clm_money *out, const clm_money *a)
{
    if (out == NULL || a == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_neg: NULL argument");
    if (check_one(a, "clm_money_neg", "a") == NULL)
        return CLM_ECURRENCY;
    if (a->amount == INT64_MIN)
        return clm_core__fail(CLM_EOVERFLOW, "clm_money_neg: the negation of %lld overflows", (long long)a->amount);
    out->amount = -a->amount;
    memmove(out->currency, a->currency, 4);
    return 0;
}

int clm_money_mul(clm_money *out, const clm_money *a, int64_t qty)
{
    if (out == NULL || a == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_mul: NULL argument");
    if (check_one(a, "clm_money_mul", "a") == NULL)
        return CLM_ECURRENCY;
    int64_t r;
    if (clm_core__mul_ovf(a->amount, qty, &r))
        return clm_core__fail(CLM_EOVERFLOW, "clm_money_mul: %lld minor units of %s x %lld overflows",
                         (long long)a->amount, a->currency, (long long)qty);
    out->amount = r;
    memmove(out->currency, a->currency, 4);
    return 0;
}

int clm_money_mul_frac(clm_money *out, const clm_money *a, int64_t qty, int64_t scale,
                       clm_rounding mode)
{
    if (out == NULL || a == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_mul_frac: NULL argument");
    if (scale <= 0)
        return clm_core__fail_at(CLM_EINVAL, "scale", NULL, 0, "clm_money_mul_frac: scale %lld is not positive",
                            (long long)scale);
    if (check_one(a, "clm_money_mul_frac", "a") == NULL)
        return CLM_ECURRENCY;
    int64_t r;
    int rc = clm_muldiv_round(&r, a->amount, qty, scale, mode);
    if (rc != 0)
        return rc;
    out->amount = r;
    memmove(out->currency, a->currency, 4);
    return 0;
}

int clm_money_mul_rate(clm_money *out, const clm_money *a, clm_rate rate, clm_rounding mode)
{
    if (out == NULL || a == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_mul_rate: NULL argument");
    if (check_one(a, "clm_money_mul_rate", "a") == NULL)
        return CLM_ECURRENCY;
    int64_t r;
    int rc = clm_rate_apply(&r, a->amount, rate, mode);
    if (rc != 0)
        return rc;
    out->amount = r;
    memmove(out->currency, a->currency, 4);
    return 0;
}

int clm_money_cmp(int *out, const clm_money *a, const clm_money *b)
{
    if (out == NULL || a == NULL || b == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_cmp: NULL argument");
    int rc = check_two(a, b, "clm_money_cmp");
    if (rc != 0)
        return rc;
    *out = a->amount < b->amount ? -1 : a->amount > b->amount;
    return 0;
}

/* Largest-remainder allocation without allocating: after validation nothing
 * can fail, so `parts` serves as scratch for the remainders. The k leftover
 * units go to the k largest remainders; the threshold remainder is found by a
 * binary search over its value, and ties at the threshold go to the lower
 * indexes. O(64 n), no memory. */
int clm_money_allocate(clm_money *parts, const clm_money *total, const int64_t *weights, size_t n)
{
    if (parts == NULL || total == NULL || weights == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_allocate: NULL argument");
    if (n == 0)
        return clm_core__fail_at(CLM_EINVAL, "n", NULL, 0, "clm_money_allocate: no parts to allocate to");
    if (check_one(total, "clm_money_allocate", "total") == NULL)
        return CLM_ECURRENCY;
    /* `total` may point into `parts`, which serves as scratch below. */
    const clm_money t = *total;
    total = &t;
    int64_t wsum = 0;
    for (size_t i = 0; i < n; i++) {
        if (weights[i] < 0)
            return clm_core__fail_at(CLM_EINVAL, "weights", NULL, 0,
                                "clm_money_allocate: weight %zu is negative (%lld)", i, (long long)weights[i]);
        if (clm_core__add_ovf(wsum, weights[i], &wsum))
            return clm_core__fail_at(CLM_EOVERFLOW, "weights", NULL, 0, "clm_money_allocate: the weights' sum overflows");
    }
    if (wsum == 0)
        return clm_core__fail_at(CLM_EINVAL, "weights", NULL, 0, "clm_money_allocate: all weights are zero");

    i128 mag = total->amount < 0 ? -(i128)total->amount : (i128)total->amount;
    i128 given = 0;
    for (size_t i = 0; i < n; i++) {
        i128 p = mag * weights[i];
        given += p / wsum;
        parts[i].amount = (int64_t)(p % wsum); /* remainder, 0 <= r < wsum */
    }
    int64_t k = (int64_t)(mag - given); /* 0 <= k < n */

    /* Smallest threshold t with count(r > t) <= k: every r > t gets a unit. */
    int64_t lo = -1, hi = wsum - 1; /* count(r > wsum-1) = 0 <= k */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        int64_t c = 0;
        for (size_t i = 0; i < n; i++)
            c += parts[i].amount > mid;
        if (c <= k)
            hi = mid;
        else
            lo = mid;
    }
    int64_t above = 0;
    for (size_t i = 0; i < n; i++)
        above += parts[i].amount > hi;
    int64_t at_threshold = k - above; /* units for r == hi, lowest index first */

    for (size_t i = 0; i < n; i++) {
        int64_t r = parts[i].amount;
        i128 q = mag * weights[i] / wsum;
        if (r > hi) {
            q += 1;
        } else if (r == hi && at_threshold > 0) {
            /* k * wsum = sum of remainders, so when k > 0 the threshold is
             * positive and a zero-weight part (r = 0) never gets a unit. */
            q += 1;
            at_threshold--;
        }
        parts[i].amount = (int64_t)(total->amount < 0 ? -q : q);
        memcpy(parts[i].currency, total->currency, 4);
    }
    return 0;
}

int clm_money_parse(clm_money *out, const char *text)
{
    if (out == NULL || text == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_parse: %s is NULL", out == NULL ? "out" : "text");
    const char *p = text;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p < '0' || *p > '9')
        return clm_core__fail_at(CLM_EPARSE, "amount", NULL, 0,
                            "amount '%s': expected a digit at character %d", text, (int)(p - text) + 1);
    /* Accumulate as a negative number so INT64_MIN parses. */
    int64_t v = 0;
    while (*p >= '0' && *p <= '9') {
        if (clm_core__mul_ovf(v, 10, &v) || clm_core__sub_ovf(v, *p - '0', &v))
            return clm_core__fail_at(CLM_EOVERFLOW, "amount", NULL, 0, "amount '%s': too large", text);
        p++;
    }
    const char *frac = NULL;
    int digits = 0;
    if (*p == '.') {
        frac = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        digits = (int)(p - frac);
        if (digits == 0)
            return clm_core__fail_at(CLM_EPARSE, "amount", NULL, 0,
                                "amount '%s': expected a digit after '.' at character %d", text,
                                (int)(p - text) + 1);
    }
    if (*p != ' ')
        return clm_core__fail_at(CLM_EPARSE, "amount", NULL, 0,
                            "amount '%s': expected one space and a currency code at character %d", text,
                            (int)(p - text) + 1);
    p++;
    const clm_currency *c = clm_core__currency_get(p);
    if (c == NULL) {
        size_t len = strlen(p);
        int shape = len == 3 && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z' && p[2] >= 'A' &&
                    p[2] <= 'Z';
        if (shape)
            return clm_core__fail_at(CLM_ECURRENCY, "currency", NULL, 0,
                                "amount '%s': currency '%s' is not an ISO 4217 code known to libclm", text, p);
        return clm_core__fail_at(CLM_EPARSE, "currency", NULL, 0,
                            "amount '%s': expected a 3-letter upper-case ISO 4217 code at character %d", text,
                            (int)(p - text) + 1);
    }
    if (digits > c->exponent)
        return clm_core__fail_at(CLM_EPARSE, "amount", NULL, 0,
                            "amount '%s': too many decimals for %s (%d, at most %d)", text, c->code, digits,
                            c->exponent);
    for (int i = 0; i < c->exponent; i++) {
        int d = i < digits ? frac[i] - '0' : 0;
        if (clm_core__mul_ovf(v, 10, &v) || clm_core__sub_ovf(v, d, &v))
            return clm_core__fail_at(CLM_EOVERFLOW, "amount", NULL, 0,
                                "amount '%s': too large for 64-bit minor units", text);
    }
    if (!neg) {
        if (v == INT64_MIN)
            return clm_core__fail_at(CLM_EOVERFLOW, "amount", NULL, 0,
                                "amount '%s': too large for 64-bit minor units", text);
        v = -v;
    }
    out->amount = v;
    memcpy(out->currency, c->code, 4);
    return 0;
}

int clm_money_format(char *buf, size_t size, const clm_money *m)
{
    if (buf == NULL || m == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_money_format: NULL argument");
    const clm_currency *c = check_one(m, "clm_money_format", "m");
    if (c == NULL)
        return CLM_ECURRENCY;
    char tmp[CLM_MONEY_FORMAT_MAX + 8];
    uint64_t mag = m->amount < 0 ? (uint64_t)0 - (uint64_t)m->amount : (uint64_t)m->amount;
    uint64_t div = 1;
    for (int i = 0; i < c->exponent; i++)
        div *= 10;
    int n;
    if (c->exponent == 0)
        n = snprintf(tmp, sizeof tmp, "%s%llu %s", m->amount < 0 ? "-" : "", (unsigned long long)mag, c->code);
    else
        n = snprintf(tmp, sizeof tmp, "%s%llu.%0*llu %s", m->amount < 0 ? "-" : "",
                     (unsigned long long)(mag / div), (int)c->exponent, (unsigned long long)(mag % div), c->code);
    if ((size_t)n + 1 > size)
        return clm_core__fail(CLM_EBUFSIZE, "clm_money_format: buffer of %zu bytes is too small (needs %d)", size,
                         n + 1);
    memcpy(buf, tmp, (size_t)n + 1);
    return n;
}
