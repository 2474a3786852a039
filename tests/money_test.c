/*
 * money_test.c — the contract of money.h: the ISO 4217 table, checked
 * arithmetic, currency mixing, allocation by weights, parse and format.
 *
 * Currency figures are ISO 4217's current list (List One): alphabetic
 * code, numeric code, minor unit.
 */
#include "core_check.h"

#include <stdlib.h>

#include "clm/alloc.h"
#include "clm/money.h"
#include "oom.h"

__extension__ typedef __int128 i128;

static clm_money M(int64_t amount, const char *cur)
{
    clm_money m;
    memset(&m, 0, sizeof m);
    m.amount = amount;
    memcpy(m.currency, cur, strlen(cur) + 1);
    return m;
}

/* A recognisable value an error must leave alone. */
static clm_money sentinel(void)
{
    return M(INT64_C(-424242), "XTS");
}

static void check_sentinel(const clm_money *m)
{
    if (m->amount != INT64_C(-424242) || strcmp(m->currency, "XTS") != 0)
        fail_msg("an output was written on error: %" PRId64 " %s", m->amount, m->currency);
}

#define CHECK_MONEY(m, amt, cur)                                                \
    do {                                                                        \
        CHECK_I64((m).amount, (amt));                                           \
        CHECK_STR((m).currency, (cur));                                         \
    } while (0)

/* ---- currencies ---------------------------------------------------------- */

static void test_currency_table(void **state)
{
    (void)state;
    static const struct { const char *code; unsigned numeric, exponent; } iso[] = {
        {"RUB", 643, 2}, {"USD", 840, 2}, {"EUR", 978, 2}, {"GBP", 826, 2},
        {"CNY", 156, 2}, {"JPY", 392, 0}, {"KZT", 398, 2}, {"BYN", 933, 2},
        {"IRR", 364, 2}, {"KWD", 414, 3}, {"CHF", 756, 2}, {"KRW", 410, 0},
        {"BHD", 48, 3},  {"OMR", 512, 3}, {"JOD", 400, 3}, {"UAH", 980, 2},
        {"INR", 356, 2}, {"TND", 788, 3}, {"ISK", 352, 0}, {"CLP", 152, 0},
        {"VND", 704, 0}, {"UGX", 800, 0}, {"XAF", 950, 0}, {"XOF", 952, 0},
        {"LYD", 434, 3}, {"IQD", 368, 3}, {"KMF", 174, 0}, {"PYG", 600, 0},
        {"MRU", 929, 2}, {"STN", 930, 2}, {"TRY", 949, 2}, {"BRL", 986, 2},
    };
    for (size_t i = 0; i < sizeof iso / sizeof iso[0]; i++) {
        clm_currency c;
        memset(&c, 0xAA, sizeof c);
        if (clm_currency_find(&c, iso[i].code) != 0)
            fail_msg("currency %s not found: %s", iso[i].code, clm_error_last()->message);
        CHECK_STR(c.code, iso[i].code);
        if (c.numeric != iso[i].numeric || c.exponent != iso[i].exponent)
            fail_msg("%s: numeric %u exponent %u, expected %u and %u", iso[i].code,
                     c.numeric, c.exponent, iso[i].numeric, iso[i].exponent);
    }
}

static void test_currency_unknown(void **state)
{
    (void)state;
    /* lower case, wrong length, made up, and withdrawn codes (RUR replaced
     * in 1998, BYR in 2016, MRO/STD in 2018, VEF in 2018, HRK, DEM, LTL, LVL,
     * EEK by the euro) */
    static const char *bad[] = {"rub", "Rub", "RU", "RUBB", "", "ZZZ", "R B", "RUR",
                                "BYR", "DEM", "12A", "HRK", "MRO", "STD", "VEF", "LTL",
                                "LVL", "EEK"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clm_currency c = {"QQQ", 1, 9};
        clm_error_clear();
        int rc = clm_currency_find(&c, bad[i]);
        if (rc != CLM_ECURRENCY)
            fail_msg("currency_find(\"%s\") returned %d, expected CLM_ECURRENCY", bad[i], rc);
        assert_string_equal(c.code, "QQQ");
        assert_int_equal(c.numeric, 1);
        assert_int_equal(c.exponent, 9);
        assert_int_equal(clm_error_last()->code, CLM_ECURRENCY);
    }
    clm_currency c;
    CHECK_FAIL(clm_currency_find(&c, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_currency_find(NULL, "RUB"), CLM_EINVAL);
}

static void test_money_make(void **state)
{
    (void)state;
    clm_money m = sentinel();
    CHECK_OK(clm_money_make(&m, 123450, "RUB"));
    CHECK_MONEY(m, 123450, "RUB");
    CHECK_OK(clm_money_make(&m, INT64_MIN, "JPY"));
    CHECK_MONEY(m, INT64_MIN, "JPY");
    m = sentinel();
    CHECK_FAIL(clm_money_make(&m, 1, "rub"), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_make(&m, 1, "ABCD"), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_make(&m, 1, NULL), CLM_EINVAL);
    check_sentinel(&m);
    CHECK_FAIL(clm_money_make(NULL, 1, "RUB"), CLM_EINVAL);
}

/* ---- arithmetic ------------------------------------------------------------ */

static void test_add_sub(void **state)
{
    (void)state;
    clm_money a = M(150, "RUB"), b = M(225, "RUB"), r = sentinel();
    CHECK_OK(clm_money_add(&r, &a, &b));
    CHECK_MONEY(r, 375, "RUB");
    CHECK_OK(clm_money_sub(&r, &a, &b));
    CHECK_MONEY(r, -75, "RUB");
    /* out may alias an input */
    CHECK_OK(clm_money_add(&a, &a, &b));
    CHECK_MONEY(a, 375, "RUB");
    CHECK_OK(clm_money_sub(&b, &a, &b));
    CHECK_MONEY(b, 150, "RUB");

    clm_money max = M(INT64_MAX, "USD"), min = M(INT64_MIN, "USD");
    clm_money one = M(1, "USD"), mone = M(-1, "USD"), zero = M(0, "USD");
    CHECK_OK(clm_money_add(&r, &max, &min));
    CHECK_MONEY(r, -1, "USD");
    CHECK_OK(clm_money_add(&r, &max, &zero));
    CHECK_MONEY(r, INT64_MAX, "USD");
    CHECK_OK(clm_money_sub(&r, &min, &zero));
    CHECK_MONEY(r, INT64_MIN, "USD");
    CHECK_OK(clm_money_sub(&r, &mone, &max));
    CHECK_MONEY(r, INT64_MIN, "USD");

    r = sentinel();
    CHECK_FAIL(clm_money_add(&r, &max, &one), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_add(&r, &min, &mone), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_add(&r, &max, &max), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_sub(&r, &min, &one), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_sub(&r, &zero, &min), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_sub(&r, &max, &mone), CLM_EOVERFLOW);
    check_sentinel(&r);
    /* overflow with out aliasing an input leaves that input alone */
    clm_money alias = max;
    CHECK_FAIL(clm_money_add(&alias, &alias, &one), CLM_EOVERFLOW);
    CHECK_MONEY(alias, INT64_MAX, "USD");
}

static void test_currency_mixing(void **state)
{
    (void)state;
    clm_money rub = M(100, "RUB"), usd = M(100, "USD"), r = sentinel();
    clm_money bad = M(100, "XYZ"), lower = M(100, "rub");
    CHECK_FAIL(clm_money_add(&r, &rub, &usd), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_sub(&r, &rub, &usd), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_add(&r, &bad, &bad), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_add(&r, &lower, &lower), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_add(&r, &rub, &lower), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_neg(&r, &bad), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_mul(&r, &bad, 2), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_mul_frac(&r, &bad, 1, 1, CLM_ROUND_DOWN), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_mul_rate(&r, &bad, CLM_RATE_ONE, CLM_ROUND_DOWN), CLM_ECURRENCY);
    check_sentinel(&r);
    int c = 7;
    CHECK_FAIL(clm_money_cmp(&c, &rub, &usd), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_cmp(&c, &bad, &bad), CLM_ECURRENCY);
    assert_int_equal(c, 7);
    /* a currency field without its NUL is not a currency */
    clm_money junk;
    memset(&junk, 'A', sizeof junk);
    junk.amount = 1;
    CHECK_FAIL(clm_money_add(&r, &junk, &junk), CLM_ECURRENCY);
    check_sentinel(&r);
}

static void test_null_arguments(void **state)
{
    (void)state;
    clm_money a = M(1, "RUB"), r = sentinel();
    int c = 3;
    CHECK_FAIL(clm_money_add(NULL, &a, &a), CLM_EINVAL);
    CHECK_FAIL(clm_money_add(&r, NULL, &a), CLM_EINVAL);
    CHECK_FAIL(clm_money_add(&r, &a, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_money_sub(&r, NULL, &a), CLM_EINVAL);
    CHECK_FAIL(clm_money_neg(&r, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_money_neg(NULL, &a), CLM_EINVAL);
    CHECK_FAIL(clm_money_mul(&r, NULL, 1), CLM_EINVAL);
    CHECK_FAIL(clm_money_mul_frac(&r, NULL, 1, 1, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_FAIL(clm_money_mul_rate(&r, NULL, 1, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_FAIL(clm_money_cmp(&c, NULL, &a), CLM_EINVAL);
    CHECK_FAIL(clm_money_cmp(NULL, &a, &a), CLM_EINVAL);
    check_sentinel(&r);
    assert_int_equal(c, 3);
}

static void test_neg(void **state)
{
    (void)state;
    clm_money r = sentinel(), a = M(INT64_MAX, "EUR"), b = M(-5, "EUR");
    CHECK_OK(clm_money_neg(&r, &a));
    CHECK_MONEY(r, -INT64_MAX, "EUR");
    CHECK_OK(clm_money_neg(&r, &b));
    CHECK_MONEY(r, 5, "EUR");
    CHECK_OK(clm_money_neg(&b, &b));
    CHECK_MONEY(b, 5, "EUR");
    clm_money min = M(INT64_MIN, "EUR");
    r = sentinel();
    CHECK_FAIL(clm_money_neg(&r, &min), CLM_EOVERFLOW);
    check_sentinel(&r);
}

static void test_mul(void **state)
{
    (void)state;
    clm_money r = sentinel(), price = M(19999, "RUB");
    CHECK_OK(clm_money_mul(&r, &price, 3));
    CHECK_MONEY(r, 59997, "RUB");
    CHECK_OK(clm_money_mul(&r, &price, 0));
    CHECK_MONEY(r, 0, "RUB");
    CHECK_OK(clm_money_mul(&r, &price, -2));
    CHECK_MONEY(r, -39998, "RUB");
    clm_money max = M(INT64_MAX, "RUB"), min = M(INT64_MIN, "RUB");
    clm_money half = M(INT64_C(4611686018427387904), "RUB"); /* 2^62 */
    CHECK_OK(clm_money_mul(&r, &max, 1));
    CHECK_MONEY(r, INT64_MAX, "RUB");
    CHECK_OK(clm_money_mul(&r, &max, -1));
    CHECK_MONEY(r, -INT64_MAX, "RUB");
    CHECK_OK(clm_money_mul(&r, &half, -2));
    CHECK_MONEY(r, INT64_MIN, "RUB");
    r = sentinel();
    CHECK_FAIL(clm_money_mul(&r, &half, 2), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_mul(&r, &min, -1), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_mul(&r, &max, 2), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_mul(&r, &price, INT64_MAX), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_mul(&r, &price, INT64_MIN), CLM_EOVERFLOW);
    check_sentinel(&r);
}

static void test_mul_frac(void **state)
{
    (void)state;
    /* 2.5 kg at 199.99 RUB = 499.975 RUB = 49997.5 kopecks */
    clm_money r, price = M(19999, "RUB");
    const struct { clm_rounding mode; int64_t want; } cases[] = {
        {CLM_ROUND_HALF_EVEN, 49998}, {CLM_ROUND_HALF_UP, 49998},
        {CLM_ROUND_HALF_DOWN, 49997}, {CLM_ROUND_UP, 49998}, {CLM_ROUND_DOWN, 49997},
        {CLM_ROUND_CEILING, 49998},   {CLM_ROUND_FLOOR, 49997},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_OK(clm_money_mul_frac(&r, &price, 2500, 1000, cases[i].mode));
        CHECK_MONEY(r, cases[i].want, "RUB");
    }
    /* a returned quantity: -2.5 kg, floor goes away from zero */
    CHECK_OK(clm_money_mul_frac(&r, &price, -2500, 1000, CLM_ROUND_FLOOR));
    CHECK_MONEY(r, -49998, "RUB");
    CHECK_OK(clm_money_mul_frac(&r, &price, -2500, 1000, CLM_ROUND_CEILING));
    CHECK_MONEY(r, -49997, "RUB");
    /* the product overflows int64, the result does not */
    clm_money max = M(INT64_MAX, "RUB");
    CHECK_OK(clm_money_mul_frac(&r, &max, 3, 3, CLM_ROUND_DOWN));
    CHECK_MONEY(r, INT64_MAX, "RUB");
    CHECK_OK(clm_money_mul_frac(&r, &max, 1000, 1000, CLM_ROUND_HALF_EVEN));
    CHECK_MONEY(r, INT64_MAX, "RUB");
    r = sentinel();
    CHECK_FAIL(clm_money_mul_frac(&r, &max, 3, 2, CLM_ROUND_DOWN), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_mul_frac(&r, &price, 1, 0, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_FAIL(clm_money_mul_frac(&r, &price, 1, -1000, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_FAIL(clm_money_mul_frac(&r, &price, 1, 3, (clm_rounding)42), CLM_EINVAL);
    check_sentinel(&r);
}

static void test_mul_rate(void **state)
{
    (void)state;
    clm_money r, a = M(1999, "RUB");
    /* 10 % of 19.99 RUB = 1.999 -> 2.00 RUB (money.h's example) */
    CHECK_OK(clm_money_mul_rate(&r, &a, 10 * CLM_RATE_PERCENT, CLM_ROUND_HALF_EVEN));
    CHECK_MONEY(r, 200, "RUB");
    CHECK_OK(clm_money_mul_rate(&r, &a, 10 * CLM_RATE_PERCENT, CLM_ROUND_DOWN));
    CHECK_MONEY(r, 199, "RUB");
    /* 12.5 % of 1.00 RUB = 12.5 kopecks */
    clm_money rub = M(100, "RUB");
    CHECK_OK(clm_money_mul_rate(&r, &rub, 125000, CLM_ROUND_HALF_EVEN));
    CHECK_MONEY(r, 12, "RUB");
    CHECK_OK(clm_money_mul_rate(&r, &rub, 125000, CLM_ROUND_HALF_UP));
    CHECK_MONEY(r, 13, "RUB");
    clm_money neg = M(-100, "RUB");
    CHECK_OK(clm_money_mul_rate(&r, &neg, 125000, CLM_ROUND_HALF_UP));
    CHECK_MONEY(r, -13, "RUB");
    CHECK_OK(clm_money_mul_rate(&r, &neg, 125000, CLM_ROUND_CEILING));
    CHECK_MONEY(r, -12, "RUB");
    /* 7 % of 1000 JPY = 70 yen; 0.5 % of 99 yen = 0.495 -> 0 */
    clm_money jpy = M(1000, "JPY"), small = M(99, "JPY");
    CHECK_OK(clm_money_mul_rate(&r, &jpy, 7 * CLM_RATE_PERCENT, CLM_ROUND_HALF_EVEN));
    CHECK_MONEY(r, 70, "JPY");
    CHECK_OK(clm_money_mul_rate(&r, &small, 5000, CLM_ROUND_HALF_UP));
    CHECK_MONEY(r, 0, "JPY");
    CHECK_OK(clm_money_mul_rate(&r, &small, 5000, CLM_ROUND_UP));
    CHECK_MONEY(r, 1, "JPY");
    clm_money max = M(INT64_MAX, "USD"), min = M(INT64_MIN, "USD");
    CHECK_OK(clm_money_mul_rate(&r, &max, CLM_RATE_ONE, CLM_ROUND_HALF_EVEN));
    CHECK_MONEY(r, INT64_MAX, "USD");
    CHECK_OK(clm_money_mul_rate(&r, &min, CLM_RATE_ONE, CLM_ROUND_HALF_EVEN));
    CHECK_MONEY(r, INT64_MIN, "USD");
    r = sentinel();
    CHECK_FAIL(clm_money_mul_rate(&r, &max, CLM_RATE_ONE + 1, CLM_ROUND_DOWN), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_mul_rate(&r, &min, -CLM_RATE_ONE, CLM_ROUND_DOWN), CLM_EOVERFLOW);
    CHECK_FAIL(clm_money_mul_rate(&r, &a, 1, (clm_rounding)8), CLM_EINVAL);
    check_sentinel(&r);
}

static void test_cmp(void **state)
{
    (void)state;
    clm_money a = M(100, "RUB"), b = M(200, "RUB"), min = M(INT64_MIN, "RUB"),
              max = M(INT64_MAX, "RUB");
    int c = 99;
    CHECK_OK(clm_money_cmp(&c, &a, &b));
    assert_int_equal(c, -1);
    CHECK_OK(clm_money_cmp(&c, &b, &a));
    assert_int_equal(c, 1);
    CHECK_OK(clm_money_cmp(&c, &a, &a));
    assert_int_equal(c, 0);
    /* no subtraction that overflows */
    CHECK_OK(clm_money_cmp(&c, &min, &max));
    assert_int_equal(c, -1);
    CHECK_OK(clm_money_cmp(&c, &max, &min));
    assert_int_equal(c, 1);
}

/* ---- allocation ------------------------------------------------------------- */

static void check_allocation(int64_t total, const int64_t *w, size_t n, const int64_t *want,
                             const char *cur)
{
    clm_money parts[16];
    clm_money t = M(total, cur);
    assert_true(n <= 16);
    CHECK_OK(clm_money_allocate(parts, &t, w, n));
    for (size_t i = 0; i < n; i++) {
        if (parts[i].amount != want[i])
            fail_msg("allocate(%" PRId64 "), part %zu = %" PRId64 ", expected %" PRId64,
                     total, i, parts[i].amount, want[i]);
        CHECK_STR(parts[i].currency, cur);
    }
}

static void test_allocate_figures(void **state)
{
    (void)state;
    {   /* 1.00 over three equal parts: the leftover kopeck goes to index 0 */
        const int64_t w[] = {1, 1, 1}, want[] = {34, 33, 33};
        check_allocation(100, w, 3, want, "RUB");
    }
    {   /* 100 / 6 = 16 rem 4: four equal remainders, the lowest four win */
        const int64_t w[] = {1, 1, 1, 1, 1, 1}, want[] = {17, 17, 17, 17, 16, 16};
        check_allocation(100, w, 6, want, "RUB");
    }
    {   /* negative total: split 100 then negate */
        const int64_t w[] = {1, 1, 1}, want[] = {-34, -33, -33};
        check_allocation(-100, w, 3, want, "RUB");
    }
    {   /* 100 * 1/6, 2/6, 3/6 = 16.67, 33.33, 50: remainders 4/6, 2/6, 0 */
        const int64_t w[] = {1, 2, 3}, want[] = {17, 33, 50};
        check_allocation(100, w, 3, want, "USD");
    }
    {   /* 7 over 2:3:5 = 1.4, 2.1, 3.5: the largest remainder is index 2 */
        const int64_t w[] = {2, 3, 5}, want[] = {1, 2, 4};
        check_allocation(7, w, 3, want, "USD");
    }
    {   /* zero weights get nothing; 5 over 1:0:1:0 = 2.5, 0, 2.5, 0 */
        const int64_t w[] = {1, 0, 1, 0}, want[] = {3, 0, 2, 0};
        check_allocation(5, w, 4, want, "EUR");
    }
    {   /* a single non-zero weight takes everything */
        const int64_t w[] = {0, 7, 0}, want[] = {0, 1000, 0};
        check_allocation(1000, w, 3, want, "JPY");
    }
    {   /* zero total */
        const int64_t w[] = {3, 1}, want[] = {0, 0};
        check_allocation(0, w, 2, want, "RUB");
    }
    {   /* one part */
        const int64_t w[] = {5}, want[] = {-12345};
        check_allocation(-12345, w, 1, want, "RUB");
    }
    {   /* a total smaller than the number of parts */
        const int64_t w[] = {1, 1, 1, 1, 1}, want[] = {1, 1, 0, 0, 0};
        check_allocation(2, w, 5, want, "RUB");
    }
    {   /* tie on the remainder is broken by index, not by weight:
         * 10 over 1:3 = 2.5, 7.5 -> the .5s tie, index 0 wins */
        const int64_t w[] = {1, 3}, want[] = {3, 7};
        check_allocation(10, w, 2, want, "RUB");
    }
    {   /* total * weight overflows int64: INT64_MAX over 1:1 */
        const int64_t w[] = {1, 1};
        const int64_t want[] = {INT64_C(4611686018427387904), INT64_C(4611686018427387903)};
        check_allocation(INT64_MAX, w, 2, want, "RUB");
    }
    {   /* INT64_MIN: its magnitude 2^63 is not an int64. 2^63 over 1:2 =
         * 3074457345618258602.67 + 6148914691236517205.33 */
        const int64_t w[] = {1, 2};
        const int64_t want[] = {INT64_C(-3074457345618258603), INT64_C(-6148914691236517205)};
        check_allocation(INT64_MIN, w, 2, want, "RUB");
    }
    {   /* huge weights whose sum still fits */
        const int64_t w[] = {INT64_MAX / 2, INT64_MAX / 2}, want[] = {51, 50};
        check_allocation(101, w, 2, want, "RUB");
    }
}

/* Largest remainder with ties to the lower index, computed independently. */
static void ref_allocate(int64_t *out, int64_t total, const int64_t *w, size_t n)
{
    i128 sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    int neg = total < 0;
    i128 mag = neg ? -(i128)total : (i128)total;
    i128 rem[64];
    i128 given = 0;
    for (size_t i = 0; i < n; i++) {
        i128 p = mag * w[i];
        out[i] = (int64_t)(p / sum);
        rem[i] = p % sum;
        given += p / sum;
    }
    i128 left = mag - given;
    while (left-- > 0) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (rem[i] >= 0 && (best == n || rem[i] > rem[best]))
                best = i;
        out[best]++;
        rem[best] = -1;
    }
    if (neg)
        for (size_t i = 0; i < n; i++)
            out[i] = -out[i];
}

static void test_allocate_random(void **state)
{
    (void)state;
    srand(4217);
    for (int iter = 0; iter < 5000; iter++) {
        size_t n = 1 + (size_t)(rand() % 12);
        int64_t w[12];
        int64_t wsum = 0;
        int scale = rand() % 4;
        for (size_t i = 0; i < n; i++) {
            w[i] = rand() % 5 == 0 ? 0
                   : scale == 0 ? rand() % 10
                   : scale == 1 ? rand() % 1000
                   : scale == 2 ? (int64_t)rand() * 1000003
                                : 1;
            wsum += w[i];
        }
        if (wsum == 0)
            w[n - 1] = 1;
        int64_t total;
        switch (rand() % 4) {
        case 0: total = rand() % 100; break;
        case 1: total = (int64_t)rand() * rand(); break;
        case 2: total = -((int64_t)rand() << 20 | rand()); break;
        default: total = (rand() % 2) ? INT64_MAX - rand() : INT64_MIN + rand(); break;
        }
        clm_money parts[12], t = M(total, "RUB");
        CHECK_OK(clm_money_allocate(parts, &t, w, n));
        int64_t want[12];
        ref_allocate(want, total, w, n);
        i128 sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += parts[i].amount;
            if (parts[i].amount != want[i])
                fail_msg("iteration %d: part %zu of %" PRId64 " = %" PRId64
                         ", expected %" PRId64, iter, i, total, parts[i].amount, want[i]);
            if (w[i] == 0 && parts[i].amount != 0)
                fail_msg("a zero weight got %" PRId64, parts[i].amount);
            if ((total >= 0 && parts[i].amount < 0) || (total < 0 && parts[i].amount > 0))
                fail_msg("a part has the wrong sign");
        }
        if (sum != total)
            fail_msg("parts do not add up to %" PRId64, total);
    }
}

static void test_allocate_errors(void **state)
{
    (void)state;
    clm_money parts[3], t = M(100, "RUB"), bad = M(100, "XYZ");
    const int64_t w[] = {1, 2, 3}, wneg[] = {1, -1, 3}, wzero[] = {0, 0, 0};
    const int64_t wovf[] = {INT64_MAX, 1, 0};
    for (int i = 0; i < 3; i++)
        parts[i] = sentinel();
    CHECK_FAIL(clm_money_allocate(parts, &t, w, 0), CLM_EINVAL);
    CHECK_FAIL(clm_money_allocate(NULL, &t, w, 3), CLM_EINVAL);
    CHECK_FAIL(clm_money_allocate(parts, NULL, w, 3), CLM_EINVAL);
    CHECK_FAIL(clm_money_allocate(parts, &t, NULL, 3), CLM_EINVAL);
    CHECK_FAIL(clm_money_allocate(parts, &t, wneg, 3), CLM_EINVAL);
    CHECK_FAIL(clm_money_allocate(parts, &t, wzero, 3), CLM_EINVAL);
    CHECK_FAIL(clm_money_allocate(parts, &bad, w, 3), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_allocate(parts, &t, wovf, 3), CLM_EOVERFLOW);
    for (int i = 0; i < 3; i++)
        check_sentinel(&parts[i]);
}

/* KNOWN BUG (reported): clm_money_allocate uses `parts` as scratch for the
 * remainders and reads total->amount again at the end, so when `total`
 * points into `parts` (splitting an amount in place, parts[0] = total) a
 * negative total comes out positive: -1.00 RUB over 1:1:1 gives +34, +33,
 * +33. money.h is silent on aliasing (add/sub say out may alias); either
 * copy *total on entry or document that total must not point into parts.
 * Until then this test pins the behaviour a caller would expect. */
static void test_allocate_total_inside_parts(void **state)
{
    (void)state;
    const int64_t w[] = {1, 1, 1};
    clm_money parts[3];
    for (int i = 0; i < 3; i++)
        parts[i] = sentinel();
    parts[0] = M(-100, "RUB");
    CHECK_OK(clm_money_allocate(parts, &parts[0], w, 3));
    CHECK_MONEY(parts[0], -34, "RUB");
    CHECK_MONEY(parts[1], -33, "RUB");
    CHECK_MONEY(parts[2], -33, "RUB");
    parts[2] = M(7, "USD");
    const int64_t w2[] = {2, 3, 5};
    CHECK_OK(clm_money_allocate(parts, &parts[2], w2, 3));
    CHECK_MONEY(parts[0], 1, "USD");
    CHECK_MONEY(parts[1], 2, "USD");
    CHECK_MONEY(parts[2], 4, "USD");
}

/* allocate works in place: it never needs the allocator. */
static void test_allocate_does_not_allocate(void **state)
{
    (void)state;
    oom_install();
    clm_money parts[12], t = M(INT64_C(123456789), "RUB");
    const int64_t w[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    long before = oom_attempts();
    oom_fail_after(1);
    int rc = clm_money_allocate(parts, &t, w, 12);
    oom_fail_after(0);
    CHECK_RC(rc, 0);
    CHECK_I64(oom_attempts(), before);
}

/* ---- parse and format ------------------------------------------------------ */

static void test_parse(void **state)
{
    (void)state;
    static const struct { const char *text; int64_t amount; const char *cur; } ok[] = {
        {"1234.50 RUB", 123450, "RUB"},   {"-0.05 USD", -5, "USD"},
        {"1000 JPY", 1000, "JPY"},        {"1.234 KWD", 1234, "KWD"},
        {"-0.5 USD", -50, "USD"},         {"1234.5 RUB", 123450, "RUB"},
        {"0 RUB", 0, "RUB"},              {"0.00 EUR", 0, "EUR"},
        {"12 RUB", 1200, "RUB"},          {"0.001 KWD", 1, "KWD"},
        {"-1000 JPY", -1000, "JPY"},      {"1.2 KWD", 1200, "KWD"},
        {"92233720368547758.07 RUB", INT64_MAX, "RUB"},
        {"-92233720368547758.08 RUB", INT64_MIN, "RUB"},
        {"9223372036854775807 JPY", INT64_MAX, "JPY"},
        {"-9223372036854775.808 KWD", INT64_MIN, "KWD"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        clm_money m = sentinel();
        if (clm_money_parse(&m, ok[i].text) != 0)
            fail_msg("parse(\"%s\") failed: %s", ok[i].text, clm_error_last()->message);
        if (m.amount != ok[i].amount || strcmp(m.currency, ok[i].cur) != 0)
            fail_msg("parse(\"%s\") = %" PRId64 " %s", ok[i].text, m.amount, m.currency);
    }
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct { const char *text; int code; } bad[] = {
        {"1.5 JPY", CLM_EPARSE},          /* too many decimals for JPY (0) */
        {"1.2345 KWD", CLM_EPARSE},       /* ... for KWD (3) */
        {"1.234 RUB", CLM_EPARSE},        /* ... for RUB (2) */
        {"1.230 RUB", CLM_EPARSE},        /* no rounding, not even of a 0 */
        {"1.00 XYZ", CLM_ECURRENCY},
        {"1.00 RUR", CLM_ECURRENCY},
        {"1.00  RUB", CLM_EPARSE},        /* two spaces */
        {"1.00RUB", CLM_EPARSE},
        {" 1.00 RUB", CLM_EPARSE},
        {"1.00 RUB ", CLM_EPARSE},
        {"1.00 RUB\n", CLM_EPARSE},
        {"1.00\tRUB", CLM_EPARSE},
        {"", CLM_EPARSE},
        {"RUB", CLM_EPARSE},
        {" RUB", CLM_EPARSE},
        {"1.00", CLM_EPARSE},
        {"1,5 RUB", CLM_EPARSE},
        {"1 000 RUB", CLM_EPARSE},
        {"1'000 RUB", CLM_EPARSE},
        {"+1.00 RUB", CLM_EPARSE},
        {"--1 RUB", CLM_EPARSE},
        {"- 1 RUB", CLM_EPARSE},
        {"1e3 RUB", CLM_EPARSE},
        {"0x10 RUB", CLM_EPARSE},
        {"1.0.0 RUB", CLM_EPARSE},
        {"RUB 1.00", CLM_EPARSE},
        {"abc RUB", CLM_EPARSE},
        {"92233720368547758.08 RUB", CLM_EOVERFLOW},
        {"-92233720368547758.09 RUB", CLM_EOVERFLOW},
        {"9223372036854775808 JPY", CLM_EOVERFLOW},
        {"99999999999999999999999999 RUB", CLM_EOVERFLOW},
        {"92233720368547759 RUB", CLM_EOVERFLOW},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clm_money m = sentinel();
        clm_error_clear();
        int rc = clm_money_parse(&m, bad[i].text);
        if (rc != bad[i].code)
            fail_msg("parse(\"%s\") returned %d (%s), expected %d", bad[i].text, rc,
                     clm_error_last()->message, bad[i].code);
        check_sentinel(&m);
        assert_int_equal(clm_error_last()->code, bad[i].code);
        assert_true(clm_error_last()->message[0] != '\0');
    }
    /* the message says which rule broke and where (money.h) */
    clm_money m0 = sentinel();
    CHECK_FAIL(clm_money_parse(&m0, "1.5 JPY"), CLM_EPARSE);
    if (strstr(clm_error_last()->message, "decimals") == NULL ||
        strstr(clm_error_last()->message, "JPY") == NULL)
        fail_msg("the message does not say too many decimals for JPY: %s",
                 clm_error_last()->message);
    CHECK_FAIL(clm_money_parse(&m0, "1,5 RUB"), CLM_EPARSE);
    if (strstr(clm_error_last()->message, "character 2") == NULL)
        fail_msg("the message does not name character 2: %s", clm_error_last()->message);
    check_sentinel(&m0);
    /* a huge input fails cleanly; the message is bounded, not overrun */
    size_t big = 200000;
    char *huge = malloc(big + 1);
    assert_non_null(huge);
    memset(huge, '7', big);
    huge[big] = '\0';
    CHECK_FAIL(clm_money_parse(&m0, huge), CLM_EOVERFLOW);
    memset(huge, 'x', big);
    CHECK_FAIL(clm_money_parse(&m0, huge), CLM_EPARSE);
    memcpy(huge, "1.", 2);
    memset(huge + 2, '0', big - 2);
    CHECK_FAIL(clm_money_parse(&m0, huge), CLM_EPARSE);
    free(huge);
    check_sentinel(&m0);
    /* a lower-case code is not a known code; both readings are errors that
     * leave *out alone */
    clm_money m = sentinel();
    int rc = clm_money_parse(&m, "1.00 rub");
    if (rc != CLM_ECURRENCY && rc != CLM_EPARSE)
        fail_msg("parse(\"1.00 rub\") returned %d", rc);
    check_sentinel(&m);
    CHECK_FAIL(clm_money_parse(&m, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_money_parse(NULL, "1.00 RUB"), CLM_EINVAL);
    check_sentinel(&m);
}

static void test_format(void **state)
{
    (void)state;
    static const struct { int64_t amount; const char *cur, *text; } cases[] = {
        {123450, "RUB", "1234.50 RUB"}, {-5, "USD", "-0.05 USD"},
        {1000, "JPY", "1000 JPY"},      {1234, "KWD", "1.234 KWD"},
        {0, "RUB", "0.00 RUB"},         {-1000, "JPY", "-1000 JPY"},
        {1, "KWD", "0.001 KWD"},        {-50, "EUR", "-0.50 EUR"},
        {100, "GBP", "1.00 GBP"},       {0, "JPY", "0 JPY"},
        {INT64_MIN, "RUB", "-92233720368547758.08 RUB"},
        {INT64_MAX, "KWD", "9223372036854775.807 KWD"},
        {INT64_MIN, "JPY", "-9223372036854775808 JPY"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clm_money m = M(cases[i].amount, cases[i].cur);
        char buf[CLM_MONEY_FORMAT_MAX];
        int n = clm_money_format(buf, sizeof buf, &m);
        if (n < 0)
            fail_msg("format(%" PRId64 " %s) failed", cases[i].amount, cases[i].cur);
        CHECK_STR(buf, cases[i].text);
        assert_int_equal(n, (int)strlen(cases[i].text));
        size_t need = strlen(cases[i].text) + 1;
        char small[CLM_MONEY_FORMAT_MAX];
        CHECK_RC(clm_money_format(small, need, &m), (int)need - 1);
        CHECK_STR(small, cases[i].text);
        memset(small, '#', sizeof small);
        CHECK_FAIL(clm_money_format(small, need - 1, &m), CLM_EBUFSIZE);
        for (size_t k = 0; k < sizeof small; k++)
            if (small[k] != '#')
                fail_msg("format wrote into a too-small buffer");
    }
    char buf[CLM_MONEY_FORMAT_MAX];
    memset(buf, '#', sizeof buf);
    clm_money bad = M(1, "XYZ"), ok = M(1, "RUB");
    CHECK_FAIL(clm_money_format(buf, sizeof buf, &bad), CLM_ECURRENCY);
    CHECK_FAIL(clm_money_format(buf, sizeof buf, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_money_format(NULL, sizeof buf, &ok), CLM_EINVAL);
    CHECK_FAIL(clm_money_format(buf, 0, &ok), CLM_EBUFSIZE);
    for (size_t k = 0; k < sizeof buf; k++)
        assert_int_equal(buf[k], '#');
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char *curs[] = {"RUB", "JPY", "KWD", "USD", "IRR"};
    srand(643);
    for (int i = 0; i < 20000; i++) {
        int64_t a = (int64_t)((uint64_t)rand() << 42 ^ (uint64_t)rand() << 21 ^ (uint64_t)rand());
        if (i % 3 == 0)
            a %= 100000;
        if (i % 5 == 0 && a != INT64_MIN)
            a = -a;
        clm_money m = M(a, curs[i % 5]), back = sentinel();
        char buf[CLM_MONEY_FORMAT_MAX];
        assert_true(clm_money_format(buf, sizeof buf, &m) > 0);
        if (clm_money_parse(&back, buf) != 0 || back.amount != a ||
            strcmp(back.currency, m.currency) != 0)
            fail_msg("%" PRId64 " %s -> \"%s\" -> %" PRId64 " %s", a, m.currency, buf,
                     back.amount, back.currency);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_currency_table),
        cmocka_unit_test(test_currency_unknown),
        cmocka_unit_test(test_money_make),
        cmocka_unit_test(test_add_sub),
        cmocka_unit_test(test_currency_mixing),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_neg),
        cmocka_unit_test(test_mul),
        cmocka_unit_test(test_mul_frac),
        cmocka_unit_test(test_mul_rate),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_allocate_figures),
        cmocka_unit_test(test_allocate_random),
        cmocka_unit_test(test_allocate_errors),
        cmocka_unit_test(test_allocate_does_not_allocate),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_allocate_total_inside_parts),
    };
    /* the counting allocator must be in place before any other libclm call */
    oom_install();
    return core_run("money", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
}
