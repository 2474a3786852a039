/*
 * rate_test.c — the contract of rate.h: exact rounded division in every
 * mode, 128-bit multiply-divide, rate parsing and formatting, mode names.
 *
 * Expected figures come from the table in rate.h and from hand arithmetic
 * written next to each case; the sweep compares with a reference rounding
 * written here from the mode definitions (never from the implementation).
 */
#include "core_check.h"

#include <stdio.h>
#include <stdlib.h>

#include "clm/rate.h"

__extension__ typedef __int128 i128;

static const clm_rounding all_modes[] = {
    CLM_ROUND_HALF_EVEN, CLM_ROUND_HALF_UP, CLM_ROUND_HALF_DOWN, CLM_ROUND_UP,
    CLM_ROUND_DOWN, CLM_ROUND_CEILING, CLM_ROUND_FLOOR,
};
#define N_MODES (sizeof all_modes / sizeof all_modes[0])

/* The table of rate.h, values x10: 25 / 10 = 2.5 and so on. */
static void test_div_round_table(void **state)
{
    (void)state;
    static const int64_t nums[] = {25, 35, -25, 26, 24, -26, -35, -24, 0, 20, -20};
    /* rows in the order of all_modes; columns in the order of nums */
    static const int64_t want[N_MODES][11] = {
        /* HALF_EVEN */ {2, 4, -2, 3, 2, -3, -4, -2, 0, 2, -2},
        /* HALF_UP   */ {3, 4, -3, 3, 2, -3, -4, -2, 0, 2, -2},
        /* HALF_DOWN */ {2, 3, -2, 3, 2, -3, -3, -2, 0, 2, -2},
        /* UP        */ {3, 4, -3, 3, 3, -3, -4, -3, 0, 2, -2},
        /* DOWN      */ {2, 3, -2, 2, 2, -2, -3, -2, 0, 2, -2},
        /* CEILING   */ {3, 4, -2, 3, 3, -2, -3, -2, 0, 2, -2},
        /* FLOOR     */ {2, 3, -3, 2, 2, -3, -4, -3, 0, 2, -2},
    };
    for (size_t m = 0; m < N_MODES; m++) {
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
            int64_t q = 999;
            if (clm_div_round(&q, nums[i], 10, all_modes[m]) != 0)
                fail_msg("div_round(%" PRId64 ", 10, %s) failed", nums[i],
                         clm_rounding_name(all_modes[m]));
            if (q != want[m][i])
                fail_msg("div_round(%" PRId64 ", 10, %s) = %" PRId64 ", expected %" PRId64,
                         nums[i], clm_rounding_name(all_modes[m]), q, want[m][i]);
            /* the sign of the quotient, not of the numerator, decides:
             * -num / -10 is the same value */
            q = 999;
            CHECK_OK(clm_div_round(&q, -nums[i], -10, all_modes[m]));
            CHECK_I64(q, want[m][i]);
        }
    }
}

/* Reference rounding from the definitions in rate.h. */
static int64_t ref_div(i128 n, i128 d, clm_rounding mode)
{
    i128 q = n / d, r = n % d;
    if (r == 0)
        return (int64_t)q;
    int neg = (n < 0) != (d < 0);
    i128 step = neg ? -1 : 1;
    i128 ar = r < 0 ? -r : r, ad = d < 0 ? -d : d;
    switch (mode) {
    case CLM_ROUND_DOWN: return (int64_t)q;
    case CLM_ROUND_UP: return (int64_t)(q + step);
    case CLM_ROUND_CEILING: return (int64_t)(neg ? q : q + 1);
    case CLM_ROUND_FLOOR: return (int64_t)(neg ? q - 1 : q);
    case CLM_ROUND_HALF_UP: return (int64_t)(2 * ar >= ad ? q + step : q);
    case CLM_ROUND_HALF_DOWN: return (int64_t)(2 * ar > ad ? q + step : q);
    case CLM_ROUND_HALF_EVEN:
        if (2 * ar > ad)
            return (int64_t)(q + step);
        if (2 * ar < ad)
            return (int64_t)q;
        return (int64_t)((q % 2 != 0) ? q + step : q);
    }
    return 0;
}

static void test_div_round_sweep(void **state)
{
    (void)state;
    for (int64_t n = -60; n <= 60; n++)
        for (int64_t d = -9; d <= 9; d++) {
            if (d == 0)
                continue;
            for (size_t m = 0; m < N_MODES; m++) {
                int64_t q = 0;
                CHECK_OK(clm_div_round(&q, n, d, all_modes[m]));
                int64_t want = ref_div(n, d, all_modes[m]);
                if (q != want)
                    fail_msg("div_round(%" PRId64 ", %" PRId64 ", %s) = %" PRId64
                             ", expected %" PRId64, n, d,
                             clm_rounding_name(all_modes[m]), q, want);
            }
        }
}

static void test_div_round_extremes(void **state)
{
    (void)state;
    int64_t q;
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_OK(clm_div_round(&q, INT64_MAX, 1, all_modes[m]));
        CHECK_I64(q, INT64_MAX);
        CHECK_OK(clm_div_round(&q, INT64_MIN, 1, all_modes[m]));
        CHECK_I64(q, INT64_MIN);
        CHECK_OK(clm_div_round(&q, INT64_MAX, -1, all_modes[m]));
        CHECK_I64(q, -INT64_MAX);
        CHECK_OK(clm_div_round(&q, INT64_MIN, 2, all_modes[m]));
        CHECK_I64(q, -(INT64_C(1) << 62));
        CHECK_OK(clm_div_round(&q, INT64_MIN, -2, all_modes[m]));
        CHECK_I64(q, INT64_C(1) << 62);
        CHECK_OK(clm_div_round(&q, INT64_MIN, INT64_MIN, all_modes[m]));
        CHECK_I64(q, 1);
        /* INT64_MIN / -1 = 2^63 does not fit */
        q = 77;
        CHECK_FAIL(clm_div_round(&q, INT64_MIN, -1, all_modes[m]), CLM_EOVERFLOW);
        CHECK_I64(q, 77);
    }
    /* INT64_MAX / 2 = 4611686018427387903.5, a tie between ...903 (odd)
     * and ...904 = 2^62 (even) */
    const int64_t lo = INT64_C(4611686018427387903), hi = lo + 1;
    const int64_t want_half[N_MODES] = {hi, hi, lo, hi, lo, hi, lo};
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_OK(clm_div_round(&q, INT64_MAX, 2, all_modes[m]));
        CHECK_I64(q, want_half[m]);
        CHECK_OK(clm_div_round(&q, -INT64_MAX, 2, all_modes[m]));
        /* the mirror image, except ceiling/floor which swap */
        int64_t mirror = -want_half[m];
        if (all_modes[m] == CLM_ROUND_CEILING)
            mirror = -lo;
        if (all_modes[m] == CLM_ROUND_FLOOR)
            mirror = -hi;
        CHECK_I64(q, mirror);
    }
    /* INT64_MIN / 3 = -3074457345618258602.666... */
    const int64_t t = INT64_C(-3074457345618258602);
    const int64_t want_third[N_MODES] = {t - 1, t - 1, t - 1, t - 1, t, t, t - 1};
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_OK(clm_div_round(&q, INT64_MIN, 3, all_modes[m]));
        CHECK_I64(q, want_third[m]);
    }
    /* 1 / INT64_MIN: a tiny negative fraction, below half */
    const int64_t want_tiny[N_MODES] = {0, 0, 0, -1, 0, 0, -1};
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_OK(clm_div_round(&q, 1, INT64_MIN, all_modes[m]));
        CHECK_I64(q, want_tiny[m]);
    }
}

static void test_div_round_errors(void **state)
{
    (void)state;
    int64_t q = 5;
    CHECK_FAIL(clm_div_round(&q, 10, 0, CLM_ROUND_HALF_EVEN), CLM_EINVAL);
    CHECK_I64(q, 5);
    CHECK_FAIL(clm_div_round(&q, 0, 0, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_I64(q, 5);
    CHECK_FAIL(clm_div_round(&q, 10, 3, (clm_rounding)7), CLM_EINVAL);
    CHECK_I64(q, 5);
    CHECK_FAIL(clm_div_round(&q, 10, 3, (clm_rounding)-1), CLM_EINVAL);
    CHECK_I64(q, 5);
    CHECK_FAIL(clm_div_round(NULL, 10, 3, CLM_ROUND_DOWN), CLM_EINVAL);
}

static void test_muldiv_no_intermediate_overflow(void **state)
{
    (void)state;
    int64_t q;
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_OK(clm_muldiv_round(&q, INT64_MAX, 3, 3, all_modes[m]));
        CHECK_I64(q, INT64_MAX);
        CHECK_OK(clm_muldiv_round(&q, INT64_MIN, 3, 3, all_modes[m]));
        CHECK_I64(q, INT64_MIN);
        CHECK_OK(clm_muldiv_round(&q, INT64_MAX, INT64_MAX, INT64_MAX, all_modes[m]));
        CHECK_I64(q, INT64_MAX);
        /* (-2^63)^2 = 2^126 still fits a signed 128-bit intermediate */
        CHECK_OK(clm_muldiv_round(&q, INT64_MIN, INT64_MIN, INT64_MIN, all_modes[m]));
        CHECK_I64(q, INT64_MIN);
        CHECK_OK(clm_muldiv_round(&q, INT64_MIN, -1, -1, all_modes[m]));
        CHECK_I64(q, INT64_MIN);
        CHECK_OK(clm_muldiv_round(&q, INT64_MAX, -3, 3, all_modes[m]));
        CHECK_I64(q, -INT64_MAX);
        q = 42;
        CHECK_FAIL(clm_muldiv_round(&q, INT64_MAX, 2, 1, all_modes[m]), CLM_EOVERFLOW);
        CHECK_FAIL(clm_muldiv_round(&q, INT64_MIN, -1, 1, all_modes[m]), CLM_EOVERFLOW);
        /* 2^126 / (2^63 - 1) = 2^63 + 1.0000000000000000001 */
        CHECK_FAIL(clm_muldiv_round(&q, INT64_MIN, INT64_MIN, INT64_MAX, all_modes[m]),
                   CLM_EOVERFLOW);
        CHECK_I64(q, 42);
    }
    /* 7 * 5 / 2 = 17.5 */
    const int64_t want[N_MODES] = {18, 18, 17, 18, 17, 18, 17};
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_OK(clm_muldiv_round(&q, 7, 5, 2, all_modes[m]));
        CHECK_I64(q, want[m]);
    }
}

/* Quotients half a unit beyond the int64 range: only the rounding decides
 * whether the result fits. 65535 * 281479271743489 = 2^64 - 1 and
 * 274177 * 67280421310721 = 2^64 + 1. */
static void test_muldiv_rounding_at_the_edge(void **state)
{
    (void)state;
    const int64_t a1 = 65535, n1 = INT64_C(281479271743489);
    const int64_t a2 = 274177, n2 = INT64_C(67280421310721);
    int64_t q;
    const int ovf = 1;
    /* +(2^64 - 1) / 2 = INT64_MAX + 0.5; INT64_MAX is odd */
    const struct { clm_rounding mode; int overflow; int64_t value; } pos[] = {
        {CLM_ROUND_HALF_EVEN, ovf, 0}, {CLM_ROUND_HALF_UP, ovf, 0},
        {CLM_ROUND_HALF_DOWN, 0, INT64_MAX}, {CLM_ROUND_UP, ovf, 0},
        {CLM_ROUND_DOWN, 0, INT64_MAX}, {CLM_ROUND_CEILING, ovf, 0},
        {CLM_ROUND_FLOOR, 0, INT64_MAX},
    };
    /* -(2^64 - 1) / 2 = INT64_MIN + 0.5; INT64_MIN is even */
    const struct { clm_rounding mode; int64_t value; } neg1[] = {
        {CLM_ROUND_HALF_EVEN, INT64_MIN}, {CLM_ROUND_HALF_UP, INT64_MIN},
        {CLM_ROUND_HALF_DOWN, INT64_MIN + 1}, {CLM_ROUND_UP, INT64_MIN},
        {CLM_ROUND_DOWN, INT64_MIN + 1}, {CLM_ROUND_CEILING, INT64_MIN + 1},
        {CLM_ROUND_FLOOR, INT64_MIN},
    };
    /* -(2^64 + 1) / 2 = INT64_MIN - 0.5 */
    const struct { clm_rounding mode; int overflow; } neg2[] = {
        {CLM_ROUND_HALF_EVEN, 0}, {CLM_ROUND_HALF_UP, ovf}, {CLM_ROUND_HALF_DOWN, 0},
        {CLM_ROUND_UP, ovf}, {CLM_ROUND_DOWN, 0}, {CLM_ROUND_CEILING, 0},
        {CLM_ROUND_FLOOR, ovf},
    };
    for (size_t i = 0; i < 7; i++) {
        q = 1;
        if (pos[i].overflow) {
            CHECK_FAIL(clm_muldiv_round(&q, a1, n1, 2, pos[i].mode), CLM_EOVERFLOW);
            CHECK_I64(q, 1);
        } else {
            CHECK_OK(clm_muldiv_round(&q, a1, n1, 2, pos[i].mode));
            CHECK_I64(q, pos[i].value);
        }
        CHECK_OK(clm_muldiv_round(&q, -a1, n1, 2, neg1[i].mode));
        CHECK_I64(q, neg1[i].value);
        q = 1;
        if (neg2[i].overflow) {
            CHECK_FAIL(clm_muldiv_round(&q, -a2, n2, 2, neg2[i].mode), CLM_EOVERFLOW);
            CHECK_I64(q, 1);
        } else {
            CHECK_OK(clm_muldiv_round(&q, -a2, n2, 2, neg2[i].mode));
            CHECK_I64(q, INT64_MIN);
        }
    }
}

static void test_muldiv_sweep(void **state)
{
    (void)state;
    /* big operands whose products overflow int64, against the reference */
    const int64_t vals[] = {
        INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, INT64_C(3037000499),
        INT64_C(3037000500), INT64_C(-3037000500), INT64_C(999999999999), 1, -1, 7,
        INT64_C(1000000),
    };
    const size_t nv = sizeof vals / sizeof vals[0];
    for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < nv; j++)
            for (size_t k = 0; k < nv; k++)
                for (size_t m = 0; m < N_MODES; m++) {
                    i128 p = (i128)vals[i] * vals[j];
                    i128 d = vals[k];
                    /* exact quotient bounds decide whether it fits */
                    i128 qt = p / d;
                    int64_t q = 123;
                    int rc = clm_muldiv_round(&q, vals[i], vals[j], vals[k], all_modes[m]);
                    if (qt > (i128)INT64_MAX + 1 || qt < (i128)INT64_MIN - 1) {
                        if (rc != CLM_EOVERFLOW || q != 123)
                            fail_msg("muldiv(%" PRId64 ", %" PRId64 ", %" PRId64
                                     ") rc %d, expected overflow",
                                     vals[i], vals[j], vals[k], rc);
                        continue;
                    }
                    /* the reference works on the 128-bit values */
                    i128 r = p % d;
                    int neg = (p < 0) != (d < 0);
                    i128 step = neg ? -1 : 1;
                    i128 want = qt;
                    if (r != 0) {
                        i128 ar = r < 0 ? -r : r, ad = d < 0 ? -d : d;
                        /* 2 * ar cannot overflow: |r| < |d| <= 2^63 */
                        switch (all_modes[m]) {
                        case CLM_ROUND_DOWN: break;
                        case CLM_ROUND_UP: want += step; break;
                        case CLM_ROUND_CEILING: if (!neg) want += 1; break;
                        case CLM_ROUND_FLOOR: if (neg) want -= 1; break;
                        case CLM_ROUND_HALF_UP: if (2 * ar >= ad) want += step; break;
                        case CLM_ROUND_HALF_DOWN: if (2 * ar > ad) want += step; break;
                        case CLM_ROUND_HALF_EVEN:
                            if (2 * ar > ad || (2 * ar == ad && qt % 2 != 0))
                                want += step;
                            break;
                        }
                    }
                    if (want > INT64_MAX || want < INT64_MIN) {
                        if (rc != CLM_EOVERFLOW || q != 123)
                            fail_msg("muldiv(%" PRId64 ", %" PRId64 ", %" PRId64
                                     ", %s) rc %d, expected overflow", vals[i], vals[j],
                                     vals[k], clm_rounding_name(all_modes[m]), rc);
                    } else if (rc != 0 || q != (int64_t)want) {
                        fail_msg("muldiv(%" PRId64 ", %" PRId64 ", %" PRId64
                                 ", %s) rc %d = %" PRId64 ", expected %" PRId64,
                                 vals[i], vals[j], vals[k],
                                 clm_rounding_name(all_modes[m]), rc, q, (int64_t)want);
                    }
                }
}

static void test_muldiv_errors(void **state)
{
    (void)state;
    int64_t q = 9;
    CHECK_FAIL(clm_muldiv_round(&q, 1, 2, 0, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_FAIL(clm_muldiv_round(&q, 1, 2, 3, (clm_rounding)99), CLM_EINVAL);
    CHECK_FAIL(clm_muldiv_round(NULL, 1, 2, 3, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_I64(q, 9);
}

static void test_rate_apply(void **state)
{
    (void)state;
    int64_t q;
    /* 10 % of 1 999 = 199.9 -> 200 (the example of rate.h) */
    CHECK_OK(clm_rate_apply(&q, 1999, 10 * CLM_RATE_PERCENT, CLM_ROUND_HALF_EVEN));
    CHECK_I64(q, 200);
    CHECK_OK(clm_rate_apply(&q, 1999, 10 * CLM_RATE_PERCENT, CLM_ROUND_DOWN));
    CHECK_I64(q, 199);
    /* 50 % of 1 = 0.5; of 3 = 1.5 */
    CHECK_OK(clm_rate_apply(&q, 1, 500000, CLM_ROUND_HALF_EVEN));
    CHECK_I64(q, 0);
    CHECK_OK(clm_rate_apply(&q, 1, 500000, CLM_ROUND_HALF_UP));
    CHECK_I64(q, 1);
    CHECK_OK(clm_rate_apply(&q, 3, 500000, CLM_ROUND_HALF_EVEN));
    CHECK_I64(q, 2);
    CHECK_OK(clm_rate_apply(&q, -3, 500000, CLM_ROUND_HALF_DOWN));
    CHECK_I64(q, -1);
    CHECK_OK(clm_rate_apply(&q, -3, 500000, CLM_ROUND_FLOOR));
    CHECK_I64(q, -2);
    /* a negative rate (surcharge sign) and one above 100 % */
    CHECK_OK(clm_rate_apply(&q, 1000, -25 * CLM_RATE_PERCENT, CLM_ROUND_HALF_EVEN));
    CHECK_I64(q, -250);
    CHECK_OK(clm_rate_apply(&q, 1000, 250 * CLM_RATE_PERCENT, CLM_ROUND_HALF_EVEN));
    CHECK_I64(q, 2500);
    /* 1 basis point of 12 345 678 = 1234.5678 -> 1235 */
    CHECK_OK(clm_rate_apply(&q, 12345678, CLM_RATE_BP, CLM_ROUND_HALF_EVEN));
    CHECK_I64(q, 1235);
    /* 100 % of the extremes: value * 10^6 overflows int64 but the result fits */
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_OK(clm_rate_apply(&q, INT64_MAX, CLM_RATE_ONE, all_modes[m]));
        CHECK_I64(q, INT64_MAX);
        CHECK_OK(clm_rate_apply(&q, INT64_MIN, CLM_RATE_ONE, all_modes[m]));
        CHECK_I64(q, INT64_MIN);
    }
    q = 8;
    CHECK_FAIL(clm_rate_apply(&q, INT64_MAX, 2 * CLM_RATE_ONE, CLM_ROUND_DOWN), CLM_EOVERFLOW);
    CHECK_FAIL(clm_rate_apply(&q, INT64_MIN, -CLM_RATE_ONE, CLM_ROUND_DOWN), CLM_EOVERFLOW);
    CHECK_FAIL(clm_rate_apply(&q, 1, 1, (clm_rounding)12), CLM_EINVAL);
    CHECK_I64(q, 8);
    CHECK_FAIL(clm_rate_apply(NULL, 1, 1, CLM_ROUND_DOWN), CLM_EINVAL);
}

static void test_rate_parse(void **state)
{
    (void)state;
    static const struct { const char *text; int64_t ppm; } ok[] = {
        {"12.5", 125000},       {"12.5%", 125000},     {"12.5 %", 125000},
        {"-3 %", -30000},       {"0.0001%", 1},        {"-0.0001", -1},
        {"100", 1000000},       {"100%", 1000000},     {"0", 0},
        {"1", 10000},           {"33.3333", 333333},   {"12.50", 125000},
        {"0.01", 100},          {"250", 2500000},
        {"1000000", INT64_C(10000000000)},  {"-1000000%", INT64_C(-10000000000)},
        {"999999.9999", INT64_C(9999999999)},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        clm_rate r = -777;
        if (clm_rate_parse(&r, ok[i].text) != 0)
            fail_msg("rate_parse(\"%s\") failed: %s", ok[i].text, clm_error_last()->message);
        if (r != ok[i].ppm)
            fail_msg("rate_parse(\"%s\") = %" PRId64 ", expected %" PRId64, ok[i].text, r,
                     ok[i].ppm);
    }
    static const struct { const char *text; int code; } bad[] = {
        {"", CLM_EPARSE},          {"abc", CLM_EPARSE},       {"12.5x", CLM_EPARSE},
        {"0.00001", CLM_EPARSE},   {"12.34567%", CLM_EPARSE}, {"0.00010", CLM_EPARSE},
        {" 12.5", CLM_EPARSE},     {"12.5 ", CLM_EPARSE},     {"12.5  %", CLM_EPARSE},
        {"12.5%%", CLM_EPARSE},    {"12.5% ", CLM_EPARSE},    {"%", CLM_EPARSE},
        {"-", CLM_EPARSE},         {"1,5", CLM_EPARSE},       {"--1", CLM_EPARSE},
        {"1.2.3", CLM_EPARSE},     {"1e3", CLM_EPARSE},       {"12 5", CLM_EPARSE},
        {"1000000.0001", CLM_EOVERFLOW}, {"-1000000.0001", CLM_EOVERFLOW},
        {"1000001", CLM_EOVERFLOW}, {"922337203685477.5807", CLM_EOVERFLOW},
        {"99999999999999999999999999", CLM_EOVERFLOW},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clm_rate r = -777;
        clm_error_clear();
        int rc = clm_rate_parse(&r, bad[i].text);
        if (rc != bad[i].code)
            fail_msg("rate_parse(\"%s\") returned %d, expected %d", bad[i].text, rc,
                     bad[i].code);
        if (r != -777)
            fail_msg("rate_parse(\"%s\") changed *out on error", bad[i].text);
        assert_int_equal(clm_error_last()->code, bad[i].code);
        assert_true(clm_error_last()->message[0] != '\0');
    }
    clm_rate r = 5;
    CHECK_FAIL(clm_rate_parse(&r, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_rate_parse(NULL, "1"), CLM_EINVAL);
    CHECK_I64(r, 5);
}

static void test_rate_format(void **state)
{
    (void)state;
    static const struct { int64_t ppm; const char *text; } cases[] = {
        {125000, "12.5%"}, {10000, "1%"}, {-1, "-0.0001%"}, {0, "0%"},
        {1000000, "100%"}, {333333, "33.3333%"}, {123456, "12.3456%"}, {100, "0.01%"},
        {-125000, "-12.5%"}, {1, "0.0001%"}, {-1000000, "-100%"}, {10, "0.001%"},
        {INT64_MAX, "922337203685477.5807%"}, {INT64_MIN, "-922337203685477.5808%"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[CLM_RATE_FORMAT_MAX];
        int n = clm_rate_format(buf, sizeof buf, cases[i].ppm);
        if (n < 0)
            fail_msg("rate_format(%" PRId64 ") failed", cases[i].ppm);
        CHECK_STR(buf, cases[i].text);
        assert_int_equal(n, (int)strlen(cases[i].text));
        /* exactly big enough, and one byte short */
        char small[CLM_RATE_FORMAT_MAX];
        size_t need = strlen(cases[i].text) + 1;
        CHECK_RC(clm_rate_format(small, need, cases[i].ppm), (int)need - 1);
        CHECK_STR(small, cases[i].text);
        memset(small, '#', sizeof small);
        CHECK_FAIL(clm_rate_format(small, need - 1, cases[i].ppm), CLM_EBUFSIZE);
        for (size_t k = 0; k < sizeof small; k++)
            if (small[k] != '#')
                fail_msg("rate_format wrote into a too-small buffer (byte %zu)", k);
    }
    CHECK_FAIL(clm_rate_format(NULL, 32, 1), CLM_EINVAL);
    char b[4] = "###";
    CHECK_FAIL(clm_rate_format(b, 0, 1), CLM_EBUFSIZE);
    assert_memory_equal(b, "###", 4);
}

static void test_rate_round_trip(void **state)
{
    (void)state;
    srand(20261123);
    for (int i = 0; i < 20000; i++) {
        int64_t r = ((int64_t)rand() << 31 | rand()) % (CLM_RATE_MAX + 1);
        if (i % 2)
            r = -r;
        if (i % 7 == 0)
            r = r / 10000 * 10000; /* whole percentages */
        char buf[CLM_RATE_FORMAT_MAX];
        assert_true(clm_rate_format(buf, sizeof buf, r) > 0);
        clm_rate back = 0;
        if (clm_rate_parse(&back, buf) != 0 || back != r)
            fail_msg("%" PRId64 " -> \"%s\" -> %" PRId64, r, buf, back);
    }
}

static void test_rounding_names(void **state)
{
    (void)state;
    static const char *names[N_MODES] = {
        "half-even", "half-up", "half-down", "up", "down", "ceiling", "floor",
    };
    for (size_t m = 0; m < N_MODES; m++) {
        CHECK_STR(clm_rounding_name(all_modes[m]), names[m]);
        clm_rounding r = (clm_rounding)99;
        CHECK_OK(clm_rounding_from_name(&r, names[m]));
        assert_int_equal(r, all_modes[m]);
    }
    assert_null(clm_rounding_name((clm_rounding)7));
    assert_null(clm_rounding_name((clm_rounding)-1));
    static const char *bad[] = {"", "half_even", "halfeven", "bankers", "half-even ",
                                " up", "round", "half"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clm_rounding r = CLM_ROUND_FLOOR;
        clm_error_clear();
        if (clm_rounding_from_name(&r, bad[i]) != CLM_ENOTFOUND)
            fail_msg("rounding_from_name(\"%s\") did not fail with CLM_ENOTFOUND", bad[i]);
        assert_int_equal(r, CLM_ROUND_FLOOR);
        assert_int_equal(clm_error_last()->code, CLM_ENOTFOUND);
    }
    clm_rounding r = CLM_ROUND_UP;
    CHECK_FAIL(clm_rounding_from_name(&r, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_rounding_from_name(NULL, "up"), CLM_EINVAL);
    assert_int_equal(r, CLM_ROUND_UP);
}

static void test_constants(void **state)
{
    (void)state;
    CHECK_I64(CLM_RATE_ONE, 1000000);
    CHECK_I64(CLM_RATE_PERCENT, 10000);
    CHECK_I64(CLM_RATE_BP, 100);
    CHECK_I64(CLM_RATE_MAX, INT64_C(10000000000));
    /* the enum values are part of the ABI */
    assert_int_equal(CLM_ROUND_HALF_EVEN, 0);
    assert_int_equal(CLM_ROUND_FLOOR, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants),
        cmocka_unit_test(test_div_round_table),
        cmocka_unit_test(test_div_round_sweep),
        cmocka_unit_test(test_div_round_extremes),
        cmocka_unit_test(test_div_round_errors),
        cmocka_unit_test(test_muldiv_no_intermediate_overflow),
        cmocka_unit_test(test_muldiv_rounding_at_the_edge),
        cmocka_unit_test(test_muldiv_sweep),
        cmocka_unit_test(test_muldiv_errors),
        cmocka_unit_test(test_rate_apply),
        cmocka_unit_test(test_rate_parse),
        cmocka_unit_test(test_rate_format),
        cmocka_unit_test(test_rate_round_trip),
        cmocka_unit_test(test_rounding_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
