/*
 * retro_test.c — retro-bonuses (clm/discount_retro.h): the tier reached,
 * both modes, the named rounding on a tie, what the invoices granted, the
 * forecast, the trace, the turnover read from stored invoices and credit
 * notes, bad input leaving the output untouched, and the OOM walks.
 *
 * Every figure is worked by hand in the comment beside it. The scheme:
 * from 1 000 000.00 RUB 2 %, from 3 000 000.00 RUB 3 %, from 5 000 000.00
 * RUB 5 %.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "clm/credit_store.h"
#include "core_check.h"
#include "oom.h"

static const clm_actor MGR = { "ivanov", "manager", 1767000000 };

static const clm_retro_tier TIERS[] = {
    { .threshold = 100000000, .rate = 2 * CLM_RATE_PERCENT },
    { .threshold = 300000000, .rate = 3 * CLM_RATE_PERCENT },
    { .threshold = 500000000, .rate = 5 * CLM_RATE_PERCENT },
};

static clm_retro_scheme scheme(clm_retro_mode mode)
{
    clm_retro_scheme s = CLM_RETRO_SCHEME_INIT;
    s.currency = "RUB";
    s.mode = mode;
    s.tiers = TIERS;
    s.tier_count = 3;
    return s;
}

static clm_date D(int y, int m, int d)
{
    clm_date out = 0;
    if (clm_date_from_ymd(&out, y, m, d) < 0)
        fail_msg("bad date");
    return out;
}

static void test_names(void **state)
{
    (void)state;
    clm_retro_mode m = CLM_RETRO_FROM_FIRST;
    assert_string_equal(clm_retro_mode_name(CLM_RETRO_FROM_FIRST), "from-first");
    assert_string_equal(clm_retro_mode_name(CLM_RETRO_ABOVE_THRESHOLD), "above-threshold");
    assert_null(clm_retro_mode_name((clm_retro_mode)0));
    assert_null(clm_retro_mode_name((clm_retro_mode)3));
    CHECK_OK(clm_retro_mode_from_name(&m, "above-threshold"));
    assert_int_equal(m, CLM_RETRO_ABOVE_THRESHOLD);
    CHECK_FAIL(clm_retro_mode_from_name(&m, "From-First"), CLM_ENOTFOUND);
    assert_int_equal(m, CLM_RETRO_ABOVE_THRESHOLD);
    CHECK_FAIL(clm_retro_mode_from_name(NULL, "from-first"), CLM_EINVAL);
    clm_retro_scheme s;
    memset(&s, 0xab, sizeof s);
    CHECK_OK(clm_retro_scheme_init(&s));
    assert_int_equal(s.version, CLM_RETRO_SCHEME_VERSION);
    assert_int_equal(s.mode, CLM_RETRO_FROM_FIRST);
    assert_int_equal(s.rounding, CLM_ROUND_HALF_UP);
    assert_null(s.tiers);
}

/* 3 456 789.01 RUB in tier 2 (3 %); 5 000.00 RUB granted on the invoices. */
static void test_from_first(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 500000));
    assert_string_equal(b.currency, "RUB");
    assert_int_equal(b.tier, 1);
    CHECK_I64(b.threshold, 300000000);
    CHECK_I64(b.rate, 30000);
    CHECK_I64(b.base, 345678901);
    /* 345 678 901 x 0.03 = 10 370 367.03 -> half-up 10 370 367 */
    CHECK_I64(b.bonus, 10370367);
    CHECK_I64(b.granted, 500000);
    /* 10 370 367 - 500 000 */
    CHECK_I64(b.credit, 9870367);
    CHECK_I64(b.over_granted, 0);
}

static void test_above_threshold(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_ABOVE_THRESHOLD);
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 500000));
    assert_int_equal(b.tier, 1);
    /* 345 678 901 - 300 000 000 */
    CHECK_I64(b.base, 45678901);
    /* 45 678 901 x 0.03 = 1 370 367.03 -> 1 370 367 */
    CHECK_I64(b.bonus, 1370367);
    CHECK_I64(b.credit, 870367);
    /* the top tier: 6 000 000.00 -> 5 % of 1 000 000.00 = 50 000.00 */
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 600000000, 0));
    assert_int_equal(b.tier, 2);
    CHECK_I64(b.bonus, 5000000);
    s.mode = CLM_RETRO_FROM_FIRST;
    /* 5 % of 6 000 000.00 = 300 000.00 */
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 600000000, 0));
    CHECK_I64(b.bonus, 30000000);
}

/* A threshold counts from itself: 1 000 000.00 reaches tier 1, one kopeck
 * less reaches nothing. */
static void test_boundaries(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 100000000, 0));
    assert_int_equal(b.tier, 0);
    CHECK_I64(b.bonus, 2000000); /* 2 % of 1 000 000.00 */
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 99999999, 0));
    assert_int_equal(b.tier, CLM_RETRO_NO_TIER);
    CHECK_I64(b.bonus, 0);
    CHECK_I64(b.base, 0);
    CHECK_I64(b.rate, 0);
    /* more credited than invoiced: no tier, nothing */
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, -5000, 0));
    assert_int_equal(b.tier, CLM_RETRO_NO_TIER);
    CHECK_I64(b.bonus, 0);
    s.mode = CLM_RETRO_ABOVE_THRESHOLD;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 100000000, 0));
    assert_int_equal(b.tier, 0);
    CHECK_I64(b.base, 0);
    CHECK_I64(b.bonus, 0);
}

/* 3 456 789.50 RUB x 3 % = 10 370 368.5 kopecks: a tie. */
static void test_rounding(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678950, 0));
    CHECK_I64(b.bonus, 10370369); /* half-up */
    s.rounding = CLM_ROUND_HALF_EVEN;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678950, 0));
    CHECK_I64(b.bonus, 10370368);
    s.rounding = CLM_ROUND_DOWN;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 0));
    CHECK_I64(b.bonus, 10370367); /* .03 dropped */
    s.rounding = CLM_ROUND_UP;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 0));
    CHECK_I64(b.bonus, 10370368); /* .03 taken up */
    /* a currency without minor units: 3 456 789 JPY x 3 % = 103 703.67 */
    s.currency = "JPY";
    s.rounding = CLM_ROUND_HALF_UP;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 3456789, 0));
    assert_int_equal(b.tier, CLM_RETRO_NO_TIER); /* thresholds are in yen now */
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 0));
    assert_string_equal(b.currency, "JPY");
    CHECK_I64(b.bonus, 10370367);
}

/* 1 500 000.00 RUB at 2 % is 30 000.00; the invoices gave 35 000.00. */
static void test_over_granted(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 150000000, 3500000));
    CHECK_I64(b.bonus, 3000000);
    CHECK_I64(b.credit, 0);
    CHECK_I64(b.over_granted, 500000);
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 150000000, 3000000));
    CHECK_I64(b.credit, 0);
    CHECK_I64(b.over_granted, 0);
}

static void test_forecast(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_forecast f;
    /* 2 500 000.00 so far, asking about 1 000 000.00 more */
    CHECK_OK(clm_retro_bonus_forecast(&f, &s, 250000000, 100000, 100000000));
    assert_int_equal(f.now.tier, 0);
    CHECK_I64(f.now.bonus, 5000000);       /* 2 % of 2 500 000.00 */
    CHECK_I64(f.now.credit, 4900000);
    assert_int_equal(f.next_tier, 1);
    CHECK_I64(f.next_threshold, 300000000);
    CHECK_I64(f.next_rate, 30000);
    CHECK_I64(f.to_next, 50000000);        /* 500 000.00 more */
    CHECK_I64(f.bonus_at_next, 9000000);   /* 3 % of 3 000 000.00 */
    CHECK_I64(f.more, 100000000);
    assert_int_equal(f.with_more.tier, 1);
    CHECK_I64(f.with_more.bonus, 10500000); /* 3 % of 3 500 000.00 */
    CHECK_I64(f.with_more.credit, 10400000);
    CHECK_I64(f.gain, 5500000);

    /* above the threshold, crossing into tier 2 costs: the forecast says so */
    s.mode = CLM_RETRO_ABOVE_THRESHOLD;
    CHECK_OK(clm_retro_bonus_forecast(&f, &s, 250000000, 0, 100000000));
    CHECK_I64(f.now.bonus, 3000000);        /* 2 % of 1 500 000.00 */
    CHECK_I64(f.bonus_at_next, 0);          /* 3 % of nothing above 3 000 000.00 */
    CHECK_I64(f.with_more.bonus, 1500000);  /* 3 % of 500 000.00 */
    CHECK_I64(f.gain, -1500000);

    /* below the first tier */
    s.mode = CLM_RETRO_FROM_FIRST;
    CHECK_OK(clm_retro_bonus_forecast(&f, &s, 0, 0, 0));
    assert_int_equal(f.now.tier, CLM_RETRO_NO_TIER);
    assert_int_equal(f.next_tier, 0);
    CHECK_I64(f.to_next, 100000000);
    CHECK_I64(f.bonus_at_next, 2000000);
    CHECK_I64(f.gain, 0);

    /* at the top */
    CHECK_OK(clm_retro_bonus_forecast(&f, &s, 600000000, 0, 1));
    assert_int_equal(f.now.tier, 2);
    assert_int_equal(f.next_tier, CLM_RETRO_NO_TIER);
    CHECK_I64(f.to_next, 0);
    CHECK_I64(f.bonus_at_next, 0);
    CHECK_I64(f.gain, 0); /* 5 % of 0.01 rounds half-up to 0 */
}

static void test_bad_input(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b, before;
    memset(&b, 0x5a, sizeof b);
    before = b;
    clm_retro_tier t[3];
    memcpy(t, TIERS, sizeof t);
    s.tiers = t;

    CHECK_FAIL(clm_retro_bonus_accrue(NULL, &s, 1, 0), CLM_EINVAL);
    CHECK_FAIL(clm_retro_bonus_accrue(&b, NULL, 1, 0), CLM_EINVAL);
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &s, 1, -1), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "granted");

    t[1].threshold = t[0].threshold; /* not ascending */
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &s, 1, 0), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "threshold");
    assert_non_null(strstr(clm_error_last()->message, "tier 1"));
    memcpy(t, TIERS, sizeof t);
    t[2].rate = CLM_RATE_PERCENT; /* 5 % became 1 %, below tier 1's 3 % */
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &s, 1, 0), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "rate");
    t[2].rate = 0;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &s, 1, 0), CLM_EINVAL);
    t[2].rate = CLM_RATE_ONE + 1;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &s, 1, 0), CLM_EINVAL);
    memcpy(t, TIERS, sizeof t);
    t[0].threshold = -1;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &s, 1, 0), CLM_EINVAL);
    memcpy(t, TIERS, sizeof t);

    clm_retro_scheme bad = s;
    bad.tier_count = 0;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_EINVAL);
    bad = s;
    bad.tiers = NULL;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_EINVAL);
    bad = s;
    bad.currency = "ZZZ";
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_ECURRENCY);
    bad.currency = NULL;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_EINVAL);
    bad = s;
    bad.mode = (clm_retro_mode)3;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "mode");
    bad = s;
    bad.rounding = (clm_rounding)99;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_EINVAL);
    bad = s;
    bad.version = 0;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_EVERSION);
    bad.version = CLM_RETRO_SCHEME_VERSION + 1;
    CHECK_FAIL(clm_retro_bonus_accrue(&b, &bad, 1, 0), CLM_EVERSION);
    assert_string_equal(clm_error_last()->field, "version");
    assert_memory_equal(&b, &before, sizeof b);

    clm_retro_forecast f, fbefore;
    memset(&f, 0x5a, sizeof f);
    fbefore = f;
    CHECK_FAIL(clm_retro_bonus_forecast(&f, &s, 1, 0, -1), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "more");
    CHECK_FAIL(clm_retro_bonus_forecast(&f, &s, INT64_MAX, 0, 1), CLM_EOVERFLOW);
    CHECK_FAIL(clm_retro_bonus_forecast(&f, &s, 1, -1, 0), CLM_EINVAL);
    CHECK_FAIL(clm_retro_bonus_forecast(&f, &bad, 1, 0, 0), CLM_EVERSION);
    assert_memory_equal(&f, &fbefore, sizeof f);
    /* the largest turnover still works: 5 % of INT64_MAX fits */
    CHECK_OK(clm_retro_bonus_forecast(&f, &s, INT64_MAX, 0, 0));
    assert_int_equal(f.now.tier, 2);
}

static void test_explain(void **state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b;
    char *text = NULL;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 500000));
    CHECK_OK(clm_retro_bonus_explain(&text, &s, &b));
    assert_non_null(strstr(text, "turnover 3456789.01 RUB reaches tier 2 of 3 (from 3000000.00 RUB, 3%)"));
    assert_non_null(strstr(text, "base: the whole turnover (from-first) = 3456789.01 RUB"));
    assert_non_null(strstr(text, "= 10370367.030000 minor units, rounded half-up: 103703.67 RUB"));
    assert_non_null(strstr(text, "granted by the period's invoices: 5000.00 RUB"));
    assert_non_null(strstr(text, "credit note: 98703.67 RUB\n"));
    clm_free(text);

    s.mode = CLM_RETRO_ABOVE_THRESHOLD;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 2000000));
    CHECK_OK(clm_retro_bonus_explain(&text, &s, &b));
    assert_non_null(strstr(text, "base: the turnover above 3000000.00 RUB (above-threshold) = 456789.01 RUB"));
    assert_non_null(strstr(text, "credit note: 0.00 RUB (the invoices granted 6296.33 RUB more than the bonus)"));
    clm_free(text);

    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 5000, 0));
    CHECK_OK(clm_retro_bonus_explain(&text, &s, &b));
    assert_non_null(strstr(text, "is below the first tier (from 1000000.00 RUB): no bonus"));
    clm_free(text);

    /* a bonus that does not follow from the scheme */
    char *untouched = (char *)"x";
    text = untouched;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, 345678901, 0));
    b.bonus += 1;
    CHECK_FAIL(clm_retro_bonus_explain(&text, &s, &b), CLM_EINVAL);
    b.bonus -= 1;
    s.mode = CLM_RETRO_FROM_FIRST;
    CHECK_FAIL(clm_retro_bonus_explain(&text, &s, &b), CLM_EINVAL);
    assert_ptr_equal(text, untouched);
}

/* ---- turnover from the store ---------------------------------------------------- */

static void put_invoice(clm_store *st, const char *id, const char *client, const char *currency,
                        int64_t amount, clm_date issued)
{
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = id;
    inv.client_id = client;
    CHECK_OK(clm_money_make(&inv.amount, amount, currency));
    inv.issued = issued;
    inv.due = issued + 30;
    CHECK_OK(clm_credit_store_save_invoice(NULL, st, &MGR, &inv, 0, NULL));
}

static void put_payment(clm_store *st, const char *id, const char *client,
                        clm_credit_payment_kind kind, int64_t amount, clm_date date)
{
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    p.id = id;
    p.client_id = client;
    p.kind = kind;
    CHECK_OK(clm_money_make(&p.amount, amount, "RUB"));
    p.date = date;
    CHECK_OK(clm_credit_store_save_payment(NULL, st, &MGR, &p, 0, NULL));
}

/* Client C-1 in the first quarter of 2026: invoices of 1 200 000.00 and
 * 2 300 000.00 (3 500 000.00), one of 999.00 on 1 April (outside), a
 * credit note of 43 210.99 on 10 February and a payment of 1 000 000.00
 * (never turnover); C-2 has 5 000.00. Net: 3 456 789.01. */
static void fill_quarter(clm_store *st)
{
    put_invoice(st, "INV-1", "C-1", "RUB", 120000000, D(2026, 1, 15));
    put_invoice(st, "INV-2", "C-1", "RUB", 230000000, D(2026, 3, 31));
    put_invoice(st, "INV-3", "C-1", "RUB", 99900, D(2026, 4, 1));
    put_invoice(st, "INV-4", "C-2", "RUB", 500000, D(2026, 2, 1));
    put_payment(st, "CN-1", "C-1", CLM_CREDIT_CREDIT_NOTE, 4321099, D(2026, 2, 10));
    put_payment(st, "CN-2", "C-1", CLM_CREDIT_CREDIT_NOTE, 100, D(2026, 4, 2));
    put_payment(st, "PAY-1", "C-1", CLM_CREDIT_PAYMENT, 100000000, D(2026, 2, 20));
}

static clm_store *quarter_store(void)
{
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    fill_quarter(st);
    return st;
}

static void test_store_turnover(void **state)
{
    (void)state;
    clm_store *st = quarter_store();
    int64_t t = -7;
    CHECK_OK(clm_retro_store_turnover(&t, st, "RUB", "C-1", D(2026, 1, 1), D(2026, 3, 31), 0));
    CHECK_I64(t, 350000000);
    CHECK_OK(clm_retro_store_turnover(&t, st, "RUB", "C-1", D(2026, 1, 1), D(2026, 3, 31),
                                      CLM_RETRO_NET_OF_CREDIT_NOTES));
    CHECK_I64(t, 345678901);
    CHECK_OK(clm_retro_store_turnover(&t, st, "RUB", "C-2", D(2026, 1, 1), D(2026, 3, 31),
                                      CLM_RETRO_NET_OF_CREDIT_NOTES));
    CHECK_I64(t, 500000);
    CHECK_OK(clm_retro_store_turnover(&t, st, "RUB", "C-9", D(2026, 1, 1), D(2026, 3, 31), 0));
    CHECK_I64(t, 0);
    /* one day: 1 April holds INV-3 only (CN-2 is on 2 April) */
    CHECK_OK(clm_retro_store_turnover(&t, st, "RUB", "C-1", D(2026, 4, 1), D(2026, 4, 1),
                                      CLM_RETRO_NET_OF_CREDIT_NOTES));
    CHECK_I64(t, 99900);

    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b;
    CHECK_OK(clm_retro_store_accrue(&b, st, &s, "C-1", D(2026, 1, 1), D(2026, 3, 31),
                                    CLM_RETRO_NET_OF_CREDIT_NOTES, 500000));
    CHECK_I64(b.turnover, 345678901);
    CHECK_I64(b.bonus, 10370367);
    CHECK_I64(b.credit, 9870367);

    /* bad input: nothing written, *out untouched */
    t = -7;
    CHECK_FAIL(clm_retro_store_turnover(&t, st, "RUB", "C-1", D(2026, 3, 31), D(2026, 1, 1), 0),
               CLM_ERANGE);
    CHECK_FAIL(clm_retro_store_turnover(&t, st, "RUB", "C-1", CLM_DATE_MAX + 1, CLM_DATE_MAX, 0),
               CLM_ERANGE);
    CHECK_FAIL(clm_retro_store_turnover(&t, st, "ZZZ", "C-1", D(2026, 1, 1), D(2026, 3, 31), 0),
               CLM_ECURRENCY);
    CHECK_FAIL(clm_retro_store_turnover(&t, st, "RUB", " C-1", D(2026, 1, 1), D(2026, 3, 31), 0),
               CLM_EINVAL);
    CHECK_FAIL(clm_retro_store_turnover(&t, st, "RUB", "C-1", D(2026, 1, 1), D(2026, 3, 31), 4),
               CLM_EINVAL);
    CHECK_FAIL(clm_retro_store_turnover(&t, NULL, "RUB", "C-1", D(2026, 1, 1), D(2026, 3, 31), 0),
               CLM_EINVAL);
    CHECK_I64(t, -7);

    /* an invoice in another currency is named, not summed */
    put_invoice(st, "INV-USD", "C-1", "USD", 100, D(2026, 2, 2));
    CHECK_FAIL(clm_retro_store_turnover(&t, st, "RUB", "C-1", D(2026, 1, 1), D(2026, 3, 31), 0),
               CLM_ECURRENCY);
    assert_non_null(strstr(clm_error_last()->message, "INV-USD"));
    CHECK_I64(t, -7);
    clm_store_free(st);

    /* a corrupt invoice record */
    CHECK_OK(clm_store_open_memory(&st));
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_INVOICE;
    r.id = "INV-BAD";
    r.client_id = "C-1";
    r.due = D(2026, 2, 1);
    CHECK_OK(clm_money_make(&r.amount, 100, "RUB"));
    r.body = "issued=2026-02-30\n";
    r.body_len = 18;
    CHECK_OK(clm_store_put(NULL, st, &r));
    CHECK_FAIL(clm_retro_store_turnover(&t, st, "RUB", "C-1", D(2026, 1, 1), D(2026, 3, 31), 0),
               CLM_EPARSE);
    assert_string_equal(clm_error_last()->field, "body");
    CHECK_FAIL(clm_retro_store_accrue(&b, st, &s, "C-1", D(2026, 1, 1), D(2026, 3, 31), 0, 0),
               CLM_EPARSE);
    CHECK_I64(t, -7);
    clm_store_free(st);
}

/* ---- allocation failures ---------------------------------------------------------- */

static void *oom_setup_store(void)
{
    return quarter_store();
}

static void oom_teardown_store(void *state)
{
    clm_store_free(state);
}

static int oom_op_turnover(void *state)
{
    int64_t t;
    clm_retro_scheme s = scheme(CLM_RETRO_FROM_FIRST);
    clm_retro_bonus b;
    int rc = clm_retro_store_turnover(&t, state, "RUB", "C-1", D(2026, 1, 1), D(2026, 3, 31),
                                      CLM_RETRO_NET_OF_CREDIT_NOTES);
    if (rc < 0)
        return rc;
    return clm_retro_store_accrue(&b, state, &s, "C-1", D(2026, 1, 1), D(2026, 3, 31),
                                  CLM_RETRO_NET_OF_CREDIT_NOTES, 0);
}

static int oom_op_explain(void *state)
{
    (void)state;
    clm_retro_scheme s = scheme(CLM_RETRO_ABOVE_THRESHOLD);
    clm_retro_bonus b;
    char *text = NULL;
    int rc = clm_retro_bonus_accrue(&b, &s, 345678901, 2000000);
    if (rc < 0)
        return rc;
    rc = clm_retro_bonus_explain(&text, &s, &b);
    if (rc == 0 && text == NULL)
        return CLM_EINVAL;
    clm_free(text);
    return rc;
}

/* ---- schemes in XML ----------------------------------------------------- */

static const char SCHEME_XML[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<retro-scheme xmlns=\"urn:libclm:retro-scheme:1\" currency=\"RUB\" mode=\"above-threshold\" "
    "rounding=\"half-even\">\n"
    "  <tier threshold=\"1000000.00 RUB\" rate=\"2%\"/>\n"
    "  <tier threshold=\"3000000.00 RUB\" rate=\"3%\"/>\n"
    "  <tier threshold=\"5000000.00 RUB\" rate=\"5.25%\"/>\n"
    "</retro-scheme>\n";

static void test_xml_round_trip(void **state)
{
    (void)state;
    clm_retro_scheme *s = NULL;
    CHECK_OK(clm_retro_scheme_load_xml(&s, SCHEME_XML, strlen(SCHEME_XML), "scheme.xml", NULL));
    CHECK_STR(s->currency, "RUB");
    assert_int_equal(s->mode, CLM_RETRO_ABOVE_THRESHOLD);
    assert_int_equal(s->rounding, CLM_ROUND_HALF_EVEN);
    assert_int_equal(s->tier_count, 3);
    CHECK_I64(s->tiers[0].threshold, 100000000);
    CHECK_I64(s->tiers[2].threshold, 500000000);
    CHECK_I64(s->tiers[2].rate, 52500); /* 5.25 % in ppm */
    /* the loaded scheme prices: 3 456 789.01 RUB above 3 000 000.00 at
     * 3 %: 456 789.01 x 0.03 = 13 703.6703 -> 13 703.67 */
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, s, 345678901, 0));
    CHECK_I64(b.bonus, 1370367);
    /* saved: the bytes it was read from (this text is the canonical form),
     * and saving the reload gives them again */
    char *x = NULL;
    size_t n = 0;
    CHECK_OK(clm_retro_scheme_save_xml(&x, &n, s));
    CHECK_STR(x, SCHEME_XML);
    assert_int_equal(n, strlen(SCHEME_XML));
    clm_retro_scheme *t = NULL;
    CHECK_OK(clm_retro_scheme_load_xml(&t, x, n, NULL, NULL));
    char *y = NULL;
    CHECK_OK(clm_retro_scheme_save_xml(&y, NULL, t));
    CHECK_STR(y, x);
    clm_free(x);
    clm_free(y);
    clm_retro_scheme_free(t);
    clm_retro_scheme_free(s);
    clm_retro_scheme_free(NULL);

    /* a scheme built in C saves with every attribute, defaults included */
    clm_retro_scheme c = scheme(CLM_RETRO_FROM_FIRST);
    CHECK_OK(clm_retro_scheme_save_xml(&x, NULL, &c));
    assert_non_null(strstr(x, "currency=\"RUB\" mode=\"from-first\" rounding=\"half-up\""));
    CHECK_OK(clm_retro_scheme_load_xml(&s, x, strlen(x), NULL, NULL));
    assert_int_equal(s->tier_count, 3);
    for (size_t i = 0; i < 3; i++) {
        CHECK_I64(s->tiers[i].threshold, TIERS[i].threshold);
        CHECK_I64(s->tiers[i].rate, TIERS[i].rate);
    }
    clm_retro_scheme_free(s);
    clm_free(x);
    /* a scheme that does not check is never written */
    c.tier_count = 0;
    x = (char *)"untouched";
    CHECK_FAIL(clm_retro_scheme_save_xml(&x, NULL, &c), CLM_EINVAL);
    CHECK_STR(x, "untouched");
    CHECK_FAIL(clm_retro_scheme_save_xml(NULL, NULL, &c), CLM_EINVAL);
    CHECK_FAIL(clm_retro_scheme_save_xml(&x, NULL, NULL), CLM_EINVAL);
}

/* `body` (the tiers) in a scheme with the given root attributes is refused
 * with `code`, at `line`, naming `field`; *out untouched. */
static void xml_refused(const char *attrs, const char *body, int code, int line, const char *field)
{
    char doc[1024];
    snprintf(doc, sizeof doc,
             "<retro-scheme xmlns=\"urn:libclm:retro-scheme:1\" %s>\n%s</retro-scheme>\n", attrs, body);
    clm_retro_scheme *s = (clm_retro_scheme *)&doc; /* a sentinel */
    int rc = clm_retro_scheme_load_xml(&s, doc, strlen(doc), "bad.xml", NULL);
    if (rc != code)
        fail_msg("%s: %d, expected %d (%s)", doc, rc, code, clm_error_last()->message);
    assert_ptr_equal(s, (clm_retro_scheme *)&doc);
    if (clm_error_last()->line != line)
        fail_msg("%s: line %d, expected %d (%s)", doc, clm_error_last()->line, line,
                 clm_error_last()->message);
    if (field != NULL)
        CHECK_STR(clm_error_last()->field, field);
    CHECK_STR(clm_error_last()->source, "bad.xml");
}

static void test_xml_bad(void **state)
{
    (void)state;
    const char *ok = "currency=\"RUB\" mode=\"from-first\" rounding=\"half-up\"";
    const char *tier = "<tier threshold=\"1.00 RUB\" rate=\"2%\"/>\n";
    /* names outside the library's vocabulary, on line 1 */
    xml_refused("currency=\"RUB\" mode=\"from-the-first\" rounding=\"half-up\"", tier, CLM_ESCHEMA, 1,
                "mode");
    assert_non_null(strstr(clm_error_last()->message, "from-first, above-threshold"));
    xml_refused("currency=\"RUB\" mode=\"from-first\" rounding=\"bankers\"", tier, CLM_ESCHEMA, 1,
                "rounding");
    xml_refused("currency=\"XYZ\" mode=\"from-first\" rounding=\"half-up\"", tier, CLM_ECURRENCY, 1,
                "currency");
    /* the schema: a mode is required, tiers are required, no negative
     * threshold, no unknown attribute */
    xml_refused("currency=\"RUB\" rounding=\"half-up\"", tier, CLM_ESCHEMA, 1, NULL);
    xml_refused(ok, "", CLM_ESCHEMA, 1, NULL);
    xml_refused(ok, "<tier threshold=\"-1.00 RUB\" rate=\"2%\"/>\n", CLM_ESCHEMA, 2, NULL);
    xml_refused(ok, "<tier threshold=\"1.00 RUB\" rate=\"2%\" cap=\"1\"/>\n", CLM_ESCHEMA, 2, NULL);
    /* a threshold in another currency, on its line */
    xml_refused(ok, "<tier threshold=\"1.00 RUB\" rate=\"2%\"/>\n<tier threshold=\"5.00 USD\" rate=\"3%\"/>\n",
                CLM_ECURRENCY, 3, "threshold");
    /* the scheme's rules, at the tier at fault */
    xml_refused(ok, "<tier threshold=\"1.00 RUB\" rate=\"0%\"/>\n", CLM_ESCHEMA, 2, "rate");
    xml_refused(ok, "<tier threshold=\"1.00 RUB\" rate=\"100.0001%\"/>\n", CLM_ESCHEMA, 2, "rate");
    xml_refused(ok,
                "<tier threshold=\"1.00 RUB\" rate=\"2%\"/>\n<tier threshold=\"3.00 RUB\" rate=\"3%\"/>\n"
                "<tier threshold=\"3.00 RUB\" rate=\"4%\"/>\n",
                CLM_ESCHEMA, 4, "threshold");
    assert_non_null(strstr(clm_error_last()->message, "tier 2's threshold is not above tier 1's"));
    xml_refused(ok,
                "<tier threshold=\"1.00 RUB\" rate=\"2%\"/>\n<tier threshold=\"3.00 RUB\" rate=\"1.5%\"/>\n",
                CLM_ESCHEMA, 3, "rate");
    assert_non_null(strstr(clm_error_last()->message, "never earns a smaller rate"));
    /* another root, another namespace, not XML */
    const char *other = "<retro-scheme xmlns=\"urn:libclm:price-list:1\"/>";
    clm_retro_scheme *s = NULL;
    CHECK_FAIL(clm_retro_scheme_load_xml(&s, other, strlen(other), NULL, NULL), CLM_ESCHEMA);
    assert_null(s);
    CHECK_FAIL(clm_retro_scheme_load_xml(&s, "<a", 2, NULL, NULL), CLM_EPARSE);
    CHECK_FAIL(clm_retro_scheme_load_xml(NULL, "<a/>", 4, NULL, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_retro_scheme_load_xml(&s, NULL, 4, NULL, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_retro_scheme_load_file(&s, "/nonexistent/scheme.xml", NULL), CLM_EIO);
    assert_null(s);
}

static void test_xml_file(void **state)
{
    (void)state;
    const char *root = getenv("CLM_SOURCE_ROOT");
    if (root == NULL)
        fail_msg("CLM_SOURCE_ROOT is not set (run through meson test)");
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/data/retro-scheme.xml", root);
    clm_retro_scheme *s = NULL;
    CHECK_OK(clm_retro_scheme_load_file(&s, path, NULL));
    assert_int_equal(s->tier_count, 3);
    assert_int_equal(s->mode, CLM_RETRO_FROM_FIRST);
    /* the sample's figure: 3 456 789.01 x 3 % = 103 703.6703 -> 103 703.67 */
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, s, 345678901, 0));
    CHECK_I64(b.bonus, 10370367);
    clm_retro_scheme_free(s);
}

static int oom_op_xml(void *state)
{
    (void)state;
    clm_retro_scheme *s = NULL;
    int rc = clm_retro_scheme_load_xml(&s, SCHEME_XML, strlen(SCHEME_XML), NULL, NULL);
    if (rc < 0)
        return rc;
    char *x = NULL;
    rc = clm_retro_scheme_save_xml(&x, NULL, s);
    clm_retro_scheme_free(s);
    if (rc == 0)
        clm_free(x);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    /* The turnover allocates nothing of its own; the memory store's scans
     * by client (the credit notes' with a due range too) allocate nothing
     * either, so the walk has no failure point: it checks that the reads
     * leak nothing, and would walk any allocation added on this path. */
    oom_case store_case = { oom_setup_store, oom_op_turnover, NULL, oom_teardown_store };
    long points = oom_check(&store_case);
    assert_true(points >= 0);
    oom_case explain_case = { NULL, oom_op_explain, NULL, NULL };
    assert_true(oom_check(&explain_case) >= 1);
    /* the XML codec: libxml2's allocations go through libclm's allocator
     * too, so every failure point of a load and a save is walked */
    oom_case xml_case = { NULL, oom_op_xml, NULL, NULL };
    assert_true(oom_check(&xml_case) >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_from_first),
        cmocka_unit_test(test_above_threshold),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_rounding),
        cmocka_unit_test(test_over_granted),
        cmocka_unit_test(test_forecast),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_store_turnover),
        cmocka_unit_test(test_xml_round_trip),
        cmocka_unit_test(test_xml_bad),
        cmocka_unit_test(test_xml_file),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests_name("retro-bonus", tests, NULL, NULL);
}
