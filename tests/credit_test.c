/*
 * credit_test.c — payment behaviour (clm/credit.h): partial payments,
 * overpayments, early payments, unapplied money and credit notes settled
 * exactly to the minor unit; the PAYDEX key and its minimum of three
 * experiences; ageing buckets on their boundaries; DSO; the Tax Code
 * art. 266 reserve on its 45/90-day boundaries and its 10 % cap; bad input
 * that changes nothing; the OOM walk.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/xmlschemas.h>

#include "clm/clm.h"
#include "core_check.h"
#include "oom.h"

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static clm_money RUB(int64_t minor)
{
    clm_money m = { minor, "RUB" };
    return m;
}

static void add_inv(clm_credit_ledger *l, const char *id, const char *client, int64_t amount,
                    clm_date issued, clm_date due)
{
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = id;
    inv.client_id = client;
    inv.manager = "ivanov";
    inv.amount = RUB(amount);
    inv.issued = issued;
    inv.due = due;
    CHECK_OK(clm_credit_ledger_add_invoice(l, &inv));
}

static void add_pay(clm_credit_ledger *l, const char *id, const char *client,
                    clm_credit_payment_kind kind, int64_t amount, clm_date date,
                    const char *invoice)
{
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    p.id = id;
    p.client_id = client;
    p.kind = kind;
    p.amount = RUB(amount);
    p.date = date;
    p.invoice_id = invoice;
    CHECK_OK(clm_credit_ledger_add_payment(l, &p));
}

static const clm_credit_position *find(const clm_credit_positions *ps, const char *id)
{
    for (size_t i = 0; i < clm_credit_positions_count(ps); i++)
        if (strcmp(clm_credit_positions_at(ps, i)->invoice_id, id) == 0)
            return clm_credit_positions_at(ps, i);
    fail_msg("no position %s", id);
    return NULL;
}

/* A client's year: one of each case the issue names. */
static clm_credit_ledger *sample_ledger(void)
{
    clm_credit_ledger *l = NULL;
    CHECK_OK(clm_credit_ledger_new(&l, "RUB"));
    /* partial payments: 600.00 on the due date, 400.00 thirty days late */
    add_inv(l, "inv-1", "vostok", 100000, D(2025, 1, 1), D(2025, 1, 31));
    add_pay(l, "pay-1a", "vostok", CLM_CREDIT_PAYMENT, 60000, D(2025, 1, 31), "inv-1");
    add_pay(l, "pay-1b", "vostok", CLM_CREDIT_PAYMENT, 40000, D(2025, 3, 2), "inv-1");
    /* overpaid by 200.00, ten days early */
    add_inv(l, "inv-2", "vostok", 50000, D(2025, 2, 1), D(2025, 3, 3));
    add_pay(l, "pay-2", "vostok", CLM_CREDIT_PAYMENT, 70000, D(2025, 2, 21), "inv-2");
    /* a credit note of 250.00, the rest paid 15 days late */
    add_inv(l, "inv-3", "vostok", 100000, D(2025, 3, 1), D(2025, 3, 31));
    add_pay(l, "cn-3", "vostok", CLM_CREDIT_CREDIT_NOTE, 25000, D(2025, 3, 10), "inv-3");
    add_pay(l, "pay-3", "vostok", CLM_CREDIT_PAYMENT, 75000, D(2025, 4, 15), "inv-3");
    /* open, partly paid, past due */
    add_inv(l, "inv-4", "vostok", 80001, D(2025, 4, 1), D(2025, 5, 1));
    add_pay(l, "pay-4", "vostok", CLM_CREDIT_PAYMENT, 20000, D(2025, 5, 11), "inv-4");
    /* money with no invoice named */
    add_pay(l, "pay-x", "vostok", CLM_CREDIT_PAYMENT, 1234, D(2025, 5, 20), NULL);
    /* another client, and an invoice after the date */
    add_inv(l, "inv-9", "zapad", 10000, D(2025, 5, 1), D(2025, 5, 10));
    add_inv(l, "inv-5", "vostok", 30000, D(2025, 6, 15), D(2025, 7, 15));
    return l;
}

static void test_positions(void **state)
{
    (void)state;
    clm_credit_ledger *l = sample_ledger();
    clm_credit_positions *ps = NULL;
    clm_date as_of = D(2025, 5, 31);
    CHECK_OK(clm_credit_positions_new(&ps, l, "vostok", as_of));
    /* inv-5 is issued after the date; zapad's invoice is not vostok's */
    CHECK_I64(clm_credit_positions_count(ps), 4);
    CHECK_STR(clm_credit_positions_currency(ps), "RUB");

    const clm_credit_position *p1 = find(ps, "inv-1");
    CHECK_I64(p1->paid, 100000);
    CHECK_I64(p1->open, 0);
    CHECK_I64(p1->settled, D(2025, 3, 2));
    assert_true(p1->has_experience);
    CHECK_I64(p1->experience_weight, 100000);
    /* (600.00 x 0 + 400.00 x 30) / 1000.00 = 12 days */
    assert_true(fabs(p1->days_beyond - 12.0) < 1e-12);

    const clm_credit_position *p2 = find(ps, "inv-2");
    CHECK_I64(p2->paid, 50000);
    CHECK_I64(p2->open, 0);
    CHECK_I64(p2->settled, D(2025, 2, 21));
    assert_true(fabs(p2->days_beyond - (-10.0)) < 1e-12);

    const clm_credit_position *p3 = find(ps, "inv-3");
    CHECK_I64(p3->credited, 25000);
    CHECK_I64(p3->paid, 75000);
    CHECK_I64(p3->open, 0);
    /* the credit note is not a payment experience: only 750.00 weighs */
    CHECK_I64(p3->experience_weight, 75000);
    assert_true(fabs(p3->days_beyond - 15.0) < 1e-12);

    const clm_credit_position *p4 = find(ps, "inv-4");
    CHECK_I64(p4->paid, 20000);
    CHECK_I64(p4->open, 60001);
    CHECK_I64(p4->settled, CLM_CREDIT_NO_DATE);
    /* 200.00 ten days late and 600.01 still open 30 days after the due date */
    CHECK_I64(p4->experience_weight, 80001);
    assert_true(fabs(p4->days_beyond - (20000.0 * 10 + 60001.0 * 30) / 80001.0) < 1e-9);

    /* the overpayment of inv-2 and the unallocated payment */
    CHECK_I64(clm_credit_positions_unapplied(ps), 20000 + 1234);
    CHECK_I64(clm_credit_positions_open(ps), 60001);
    /* every kopeck is somewhere: applied + unapplied = money received */
    int64_t applied = 0;
    for (size_t i = 0; i < clm_credit_positions_count(ps); i++) {
        const clm_credit_position *q = clm_credit_positions_at(ps, i);
        CHECK_I64(q->amount - q->credited - q->paid, q->open);
        applied += q->credited + q->paid;
    }
    CHECK_I64(applied + clm_credit_positions_unapplied(ps),
              60000 + 40000 + 70000 + 25000 + 75000 + 20000 + 1234);
    clm_credit_positions_free(ps);

    /* Earlier: the second part of inv-1 is not paid yet on 1 March. */
    CHECK_OK(clm_credit_positions_new(&ps, l, "vostok", D(2025, 3, 1)));
    p1 = find(ps, "inv-1");
    CHECK_I64(p1->open, 40000);
    CHECK_I64(p1->settled, CLM_CREDIT_NO_DATE);
    /* inv-3's credit note of 10 March is in the future too */
    CHECK_I64(find(ps, "inv-3")->credited, 0);
    CHECK_I64(clm_credit_positions_unapplied(ps), 20000);
    clm_credit_positions_free(ps);

    /* Every client */
    CHECK_OK(clm_credit_positions_new(&ps, l, NULL, D(2025, 12, 31)));
    CHECK_I64(clm_credit_positions_count(ps), 6);
    clm_credit_positions_free(ps);
    clm_credit_ledger_free(l);
}

static void test_payment_order_and_future_invoice(void **state)
{
    (void)state;
    clm_credit_ledger *l = NULL;
    CHECK_OK(clm_credit_ledger_new(&l, "RUB"));
    add_inv(l, "a", "c1", 10000, D(2025, 1, 1), D(2025, 1, 10));
    /* a payment and a credit note on the same day: the note first, so the
     * payment of 100.00 overpays by 30.00 */
    add_pay(l, "p", "c1", CLM_CREDIT_PAYMENT, 10000, D(2025, 1, 5), "a");
    add_pay(l, "n", "c1", CLM_CREDIT_CREDIT_NOTE, 3000, D(2025, 1, 5), "a");
    /* a prepayment for an invoice issued later is unapplied until then */
    add_inv(l, "b", "c1", 5000, D(2025, 2, 1), D(2025, 2, 10));
    add_pay(l, "q", "c1", CLM_CREDIT_PAYMENT, 5000, D(2025, 1, 20), "b");
    clm_credit_positions *ps = NULL;
    CHECK_OK(clm_credit_positions_new(&ps, l, "c1", D(2025, 1, 31)));
    CHECK_I64(clm_credit_positions_count(ps), 1);
    CHECK_I64(find(ps, "a")->credited, 3000);
    CHECK_I64(find(ps, "a")->paid, 7000);
    CHECK_I64(clm_credit_positions_unapplied(ps), 3000 + 5000);
    clm_credit_positions_free(ps);
    CHECK_OK(clm_credit_positions_new(&ps, l, "c1", D(2025, 2, 1)));
    CHECK_I64(find(ps, "b")->paid, 5000);
    CHECK_I64(find(ps, "b")->days_beyond, -21);
    CHECK_I64(clm_credit_positions_unapplied(ps), 3000);
    clm_credit_positions_free(ps);
    clm_credit_ledger_free(l);
}

static void test_bad_input(void **state)
{
    (void)state;
    clm_credit_ledger *l = NULL;
    CHECK_FAIL(clm_credit_ledger_new(&l, "XXX"), CLM_ECURRENCY);
    assert_null(l);
    CHECK_OK(clm_credit_ledger_new(&l, "RUB"));
    add_inv(l, "a", "c1", 10000, D(2025, 1, 1), D(2025, 1, 10));

    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = "b";
    inv.client_id = "c1";
    inv.amount = RUB(100);
    inv.issued = D(2025, 1, 1);
    inv.due = D(2025, 1, 1);
    clm_credit_invoice bad = inv;
    bad.amount.amount = 0;
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &bad), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "amount");
    bad = inv;
    bad.amount = (clm_money){ 100, "USD" };
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &bad), CLM_ECURRENCY);
    bad = inv;
    bad.due = D(2024, 12, 31);
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &bad), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "due");
    bad = inv;
    bad.id = "a";
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &bad), CLM_EEXISTS);
    bad = inv;
    bad.id = " a";
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &bad), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "id");
    bad = inv;
    bad.issued = CLM_DATE_MAX + 1;
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &bad), CLM_ERANGE);
    bad = inv;
    bad.version = 99;
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &bad), CLM_EVERSION);

    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    p.id = "p";
    p.client_id = "c1";
    p.amount = RUB(100);
    p.date = D(2025, 1, 5);
    p.invoice_id = "nope";
    CHECK_FAIL(clm_credit_ledger_add_payment(l, &p), CLM_ENOTFOUND);
    CHECK_STR(clm_error_last()->field, "invoice_id");
    p.invoice_id = "a";
    p.client_id = "c2";
    CHECK_FAIL(clm_credit_ledger_add_payment(l, &p), CLM_EINVAL);
    p.client_id = "c1";
    p.kind = (clm_credit_payment_kind)7;
    CHECK_FAIL(clm_credit_ledger_add_payment(l, &p), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "kind");
    p.kind = CLM_CREDIT_PAYMENT;
    p.amount.amount = -5;
    CHECK_FAIL(clm_credit_ledger_add_payment(l, &p), CLM_EINVAL);
    p.amount.amount = 100;
    CHECK_OK(clm_credit_ledger_add_payment(l, &p));
    CHECK_FAIL(clm_credit_ledger_add_payment(l, &p), CLM_EEXISTS);

    /* nothing of the failures landed */
    CHECK_I64(clm_credit_ledger_invoice_count(l), 1);
    CHECK_I64(clm_credit_ledger_payment_count(l), 1);
    clm_credit_positions *ps = NULL;
    CHECK_FAIL(clm_credit_positions_new(&ps, l, NULL, CLM_DATE_MIN - 1), CLM_ERANGE);
    assert_null(ps);
    CHECK_FAIL(clm_credit_positions_new(&ps, NULL, NULL, 0), CLM_EINVAL);

    clm_credit_payment_kind k = CLM_CREDIT_PAYMENT;
    CHECK_OK(clm_credit_payment_kind_from_name(&k, "credit-note"));
    assert_int_equal(k, CLM_CREDIT_CREDIT_NOTE);
    CHECK_FAIL(clm_credit_payment_kind_from_name(&k, "refund"), CLM_ENOTFOUND);
    assert_int_equal(k, CLM_CREDIT_CREDIT_NOTE);
    clm_credit_ledger_free(l);
    clm_credit_ledger_free(NULL);
    clm_credit_positions_free(NULL);
}

static void test_paydex_key(void **state)
{
    (void)state;
    /* the D&B PAYDEX key, point by point */
    static const double days[] = { -30, 0, 15, 22, 30, 60, 90, 120 };
    static const double index[] = { 100, 80, 70, 60, 50, 40, 30, 20 };
    for (size_t i = 0; i < 8; i++)
        assert_true(fabs(clm_credit_paydex_of_days(days[i]) - index[i]) < 1e-12);
    /* linear between the points; "discounts" (90) halfway to prompt */
    assert_true(fabs(clm_credit_paydex_of_days(-15) - 90) < 1e-12);
    assert_true(fabs(clm_credit_paydex_of_days(7.5) - 75) < 1e-12);
    assert_true(fabs(clm_credit_paydex_of_days(26) - 55) < 1e-12);
    assert_true(fabs(clm_credit_paydex_of_days(45) - 45) < 1e-12);
    /* capped at 100, under 20 beyond 120 days, 0 from 180 */
    assert_true(clm_credit_paydex_of_days(-90) == 100);
    assert_true(clm_credit_paydex_of_days(121) < 20);
    assert_true(fabs(clm_credit_paydex_of_days(150) - 10) < 1e-12);
    assert_true(clm_credit_paydex_of_days(400) == 0);
    assert_true(isnan(clm_credit_paydex_of_days(NAN)));
}

static clm_credit_position exp_pos(int64_t weight, double days)
{
    clm_credit_position p;
    memset(&p, 0, sizeof p);
    p.invoice_id = "x";
    p.has_experience = 1;
    p.experience_weight = weight;
    p.days_beyond = days;
    return p;
}

static void test_paydex(void **state)
{
    (void)state;
    clm_credit_position ps[4] = { exp_pos(10000, 0), exp_pos(10000, 30), exp_pos(20000, 15) };
    clm_credit_paydex r;
    /* two experiences: unavailable, not an error */
    CHECK_OK(clm_credit_paydex_compute(&r, ps, 2, NULL));
    assert_false(r.available);
    CHECK_I64(r.experiences, 2);
    assert_true(r.index == 0);
    /* three: (80 x 100 + 50 x 100 + 70 x 200) / 400 = 67.5 -> 68 */
    CHECK_OK(clm_credit_paydex_compute(&r, ps, 3, NULL));
    assert_true(r.available);
    assert_true(fabs(r.index - 67.5) < 1e-12);
    CHECK_I64(r.index_rounded, 68);
    CHECK_I64(r.weight, 40000);
    assert_true(fabs(r.days_beyond - 15.0) < 1e-12);
    /* a position without experience does not count */
    memset(&ps[3], 0, sizeof ps[3]);
    ps[3].experience_weight = 999;
    CHECK_OK(clm_credit_paydex_compute(&r, ps, 4, NULL));
    CHECK_I64(r.experiences, 3);
    /* a lower minimum */
    clm_credit_paydex_options o = CLM_CREDIT_PAYDEX_OPTIONS_INIT;
    o.min_experiences = 1;
    CHECK_OK(clm_credit_paydex_compute(&r, ps, 1, &o));
    assert_true(r.available);
    CHECK_I64(r.index_rounded, 80);
    /* bad options, bad weights: out untouched */
    clm_credit_paydex keep = r;
    o.min_experiences = 0;
    CHECK_FAIL(clm_credit_paydex_compute(&r, ps, 3, &o), CLM_EINVAL);
    o.min_experiences = 3;
    o.version = 0;
    CHECK_FAIL(clm_credit_paydex_compute(&r, ps, 3, &o), CLM_EVERSION);
    ps[0].experience_weight = -1;
    CHECK_FAIL(clm_credit_paydex_compute(&r, ps, 3, NULL), CLM_EINVAL);
    assert_memory_equal(&r, &keep, sizeof r);

    /* from a ledger: the sample client pays 12, -10, 15 and ~27.5 days */
    clm_credit_ledger *l = sample_ledger();
    clm_credit_positions *pp = NULL;
    CHECK_OK(clm_credit_positions_new(&pp, l, "vostok", D(2025, 5, 31)));
    CHECK_OK(clm_credit_paydex_compute(&r, clm_credit_positions_array(pp),
                                       clm_credit_positions_count(pp), NULL));
    assert_true(r.available);
    CHECK_I64(r.experiences, 4);
    double want = (100000 * clm_credit_paydex_of_days(12) + 50000 * clm_credit_paydex_of_days(-10) +
                   75000 * clm_credit_paydex_of_days(15) +
                   80001 * clm_credit_paydex_of_days((20000.0 * 10 + 60001.0 * 30) / 80001.0)) /
                  (100000.0 + 50000 + 75000 + 80001);
    assert_true(fabs(r.index - want) < 1e-9);
    clm_credit_positions_free(pp);
    clm_credit_ledger_free(l);
}

static clm_credit_position open_pos(int64_t open, clm_date due)
{
    clm_credit_position p;
    memset(&p, 0, sizeof p);
    p.invoice_id = "x";
    p.amount = open;
    p.open = open;
    p.due = due;
    p.issued = due - 30;
    return p;
}

static void test_ageing(void **state)
{
    (void)state;
    clm_date as_of = D(2025, 6, 30);
    /* days past due on each boundary of the default buckets */
    static const int past[] = { -5, 0, 1, 30, 31, 60, 61, 90, 91 };
    static const size_t bucket_of[] = { 0, 0, 1, 1, 2, 2, 3, 3, 4 };
    clm_credit_position ps[10];
    for (size_t i = 0; i < 9; i++)
        ps[i] = open_pos((int64_t)(i + 1) * 100, as_of - past[i]);
    ps[9] = open_pos(0, as_of - 200); /* settled: not in any bucket */
    clm_credit_ageing a;
    CHECK_OK(clm_credit_ageing_compute(&a, ps, 10, as_of, NULL));
    CHECK_I64(a.count, 5);
    int64_t want[5] = { 0 };
    size_t nwant[5] = { 0 };
    for (size_t i = 0; i < 9; i++) {
        want[bucket_of[i]] += (int64_t)(i + 1) * 100;
        nwant[bucket_of[i]]++;
    }
    for (size_t k = 0; k < 5; k++) {
        CHECK_I64(a.bucket[k].amount, want[k]);
        CHECK_I64(a.bucket[k].invoices, nwant[k]);
    }
    CHECK_I64(a.bucket[0].from_days, INT32_MIN);
    CHECK_I64(a.bucket[1].from_days, 1);
    CHECK_I64(a.bucket[1].to_days, 30);
    CHECK_I64(a.bucket[4].from_days, 91);
    CHECK_I64(a.bucket[4].to_days, INT32_MAX);
    CHECK_I64(a.total, 4500);

    /* configurable: current, 1-45, over 45 */
    clm_credit_buckets b = CLM_CREDIT_BUCKETS_INIT;
    b.count = 2;
    b.limit[0] = 0;
    b.limit[1] = 45;
    CHECK_OK(clm_credit_ageing_compute(&a, ps, 10, as_of, &b));
    CHECK_I64(a.count, 3);
    CHECK_I64(a.bucket[0].amount, 100 + 200);
    CHECK_I64(a.bucket[1].amount, 300 + 400 + 500);
    CHECK_I64(a.bucket[2].amount, 600 + 700 + 800 + 900);

    /* bad buckets: out untouched */
    clm_credit_ageing keep = a;
    b.limit[1] = 0;
    CHECK_FAIL(clm_credit_ageing_compute(&a, ps, 10, as_of, &b), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "limit");
    b.count = 0;
    CHECK_FAIL(clm_credit_ageing_compute(&a, ps, 10, as_of, &b), CLM_EINVAL);
    b.count = CLM_CREDIT_BUCKETS_MAX + 1;
    CHECK_FAIL(clm_credit_ageing_compute(&a, ps, 10, as_of, &b), CLM_EINVAL);
    CHECK_FAIL(clm_credit_ageing_compute(&a, NULL, 1, as_of, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_ageing_compute(&a, ps, 1, CLM_DATE_MAX + 1, NULL), CLM_ERANGE);
    assert_memory_equal(&a, &keep, sizeof a);
}

static void test_dso(void **state)
{
    (void)state;
    /* 90 days of sales of 900.00, 300.00 still open: DSO = 300/900 x 90 = 30 */
    clm_credit_position ps[3] = { open_pos(0, D(2025, 2, 1)), open_pos(20000, D(2025, 3, 1)),
                                  open_pos(10000, D(2025, 4, 1)) };
    ps[0].amount = 60000;
    ps[0].issued = D(2025, 1, 10);
    ps[1].amount = 20000;
    ps[1].issued = D(2025, 2, 10);
    ps[2].amount = 12000;
    ps[2].credited = 2000;
    ps[2].issued = D(2025, 3, 10);
    clm_credit_dso r;
    CHECK_OK(clm_credit_dso_compute(&r, ps, 3, D(2025, 1, 1), D(2025, 3, 31)));
    CHECK_I64(r.days, 90);
    CHECK_I64(r.receivables, 30000);
    CHECK_I64(r.sales, 90000);
    assert_true(r.defined);
    assert_true(fabs(r.dso - 30.0) < 1e-12);
    /* no sales in the period: undefined, not an error */
    CHECK_OK(clm_credit_dso_compute(&r, ps, 3, D(2025, 6, 1), D(2025, 6, 30)));
    assert_false(r.defined);
    CHECK_FAIL(clm_credit_dso_compute(&r, ps, 3, D(2025, 6, 30), D(2025, 6, 1)), CLM_ERANGE);
}

static void test_reserve(void **state)
{
    (void)state;
    clm_date as_of = D(2025, 9, 30);
    /* art. 266 p. 4: 44 days none, 45 and 90 days half, 91 days in full */
    clm_credit_position ps[5] = { open_pos(100000, as_of - 44), open_pos(200001, as_of - 45),
                                  open_pos(300000, as_of - 90), open_pos(400000, as_of - 91),
                                  open_pos(999, as_of) };
    clm_credit_reserve_options o = CLM_CREDIT_RESERVE_OPTIONS_INIT;
    o.revenue_current = 100000000;
    clm_credit_reserve r;
    CHECK_OK(clm_credit_reserve_compute(&r, ps, 5, as_of, &o));
    CHECK_I64(r.under_45, 100000);
    CHECK_I64(r.from_45, 500001);
    CHECK_I64(r.over_90, 400000);
    /* 50 % of 5000.01 is 2500.005 -> 2500.01 half-up */
    CHECK_I64(r.uncapped, 400000 + 250001);
    CHECK_I64(r.cap, 10000000);
    assert_false(r.capped);
    CHECK_I64(r.reserve, 650001);
    o.rounding = CLM_ROUND_HALF_EVEN;
    CHECK_OK(clm_credit_reserve_compute(&r, ps, 5, as_of, &o));
    CHECK_I64(r.reserve, 650000);

    /* the cap: 10 % of the larger of the current and the previous period's
     * revenue, rounded down */
    o.revenue_current = 3000009;
    o.revenue_previous = 5000009;
    CHECK_OK(clm_credit_reserve_compute(&r, ps, 5, as_of, &o));
    CHECK_I64(r.cap, 500000);
    assert_true(r.capped);
    CHECK_I64(r.reserve, 500000);

    clm_credit_reserve keep = r;
    o.revenue_previous = -1;
    CHECK_FAIL(clm_credit_reserve_compute(&r, ps, 5, as_of, &o), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "revenue_previous");
    o.revenue_previous = 0;
    o.rounding = (clm_rounding)42;
    CHECK_FAIL(clm_credit_reserve_compute(&r, ps, 5, as_of, &o), CLM_EINVAL);
    CHECK_FAIL(clm_credit_reserve_compute(&r, ps, 5, as_of, NULL), CLM_EINVAL);
    assert_memory_equal(&r, &keep, sizeof r);
}


/* Ageing and the art. 266 reserve over positions a ledger settles, not
 * positions made up: the sample year (a partial payment, an overpayment, a
 * credit note, money with no invoice) and one more invoice credited in part
 * and paid in part. On 20 June 2025: inv-1, inv-2 (overpaid) and inv-3
 * (credited, then paid) owe nothing and are in no bucket; inv-4 owes 600.01
 * 50 days past due; inv-6 owes 1000.00 - 100.00 credited - 300.00 paid =
 * 600.00, 130 days past due; inv-5's 300.00 is not yet due. The 200.00
 * overpaid and the 12.34 with no invoice are the client's credit: neither
 * ageing nor the reserve nets them against what is owed. */
static void test_ageing_and_reserve_from_ledger(void **state)
{
    (void)state;
    clm_credit_ledger *l = sample_ledger();
    add_inv(l, "inv-6", "vostok", 100000, D(2025, 1, 10), D(2025, 2, 10));
    add_pay(l, "cn-6", "vostok", CLM_CREDIT_CREDIT_NOTE, 10000, D(2025, 2, 1), "inv-6");
    add_pay(l, "pay-6", "vostok", CLM_CREDIT_PAYMENT, 30000, D(2025, 3, 1), "inv-6");
    clm_date as_of = D(2025, 6, 20);
    clm_credit_positions *ps = NULL;
    CHECK_OK(clm_credit_positions_new(&ps, l, "vostok", as_of));
    CHECK_I64(clm_credit_positions_open(ps), 60001 + 60000 + 30000);
    CHECK_I64(clm_credit_positions_unapplied(ps), 20000 + 1234);
    const clm_credit_position *pos = clm_credit_positions_array(ps);
    size_t n = clm_credit_positions_count(ps);

    clm_credit_ageing a;
    CHECK_OK(clm_credit_ageing_compute(&a, pos, n, as_of, NULL));
    CHECK_I64(a.bucket[0].amount, 30000); /* inv-5, due 15 July */
    CHECK_I64(a.bucket[0].invoices, 1);
    CHECK_I64(a.bucket[1].amount, 0);
    CHECK_I64(a.bucket[2].amount, 60001); /* inv-4, 50 days */
    CHECK_I64(a.bucket[2].invoices, 1);
    CHECK_I64(a.bucket[3].amount, 0);
    CHECK_I64(a.bucket[4].amount, 60000); /* inv-6, 130 days */
    CHECK_I64(a.bucket[4].invoices, 1);
    CHECK_I64(a.total, 150001);

    /* 600.00 in full, 50 % of 600.01 = 300.005: 300.01 half-up, 300.00
     * half-even; the credit of 212.34 is not subtracted */
    clm_credit_reserve_options o = CLM_CREDIT_RESERVE_OPTIONS_INIT;
    o.revenue_current = 100000000;
    clm_credit_reserve r;
    CHECK_OK(clm_credit_reserve_compute(&r, pos, n, as_of, &o));
    CHECK_I64(r.under_45, 0);
    CHECK_I64(r.from_45, 60001);
    CHECK_I64(r.over_90, 60000);
    CHECK_I64(r.reserve, 60000 + 30001);
    o.rounding = CLM_ROUND_HALF_EVEN;
    CHECK_OK(clm_credit_reserve_compute(&r, pos, n, as_of, &o));
    CHECK_I64(r.reserve, 60000 + 30000);
    clm_credit_positions_free(ps);

    /* The day before inv-4 is 45 days past due it is not in the reserve;
     * on the 45th day it is, at half. */
    CHECK_OK(clm_credit_positions_new(&ps, l, "vostok", D(2025, 6, 14)));
    CHECK_OK(clm_credit_reserve_compute(&r, clm_credit_positions_array(ps),
                                        clm_credit_positions_count(ps), D(2025, 6, 14), &o));
    CHECK_I64(r.under_45, 60001);
    CHECK_I64(r.from_45, 0);
    clm_credit_positions_free(ps);
    CHECK_OK(clm_credit_positions_new(&ps, l, "vostok", D(2025, 6, 15)));
    CHECK_OK(clm_credit_reserve_compute(&r, clm_credit_positions_array(ps),
                                        clm_credit_positions_count(ps), D(2025, 6, 15), &o));
    CHECK_I64(r.under_45, 0);
    CHECK_I64(r.from_45, 60001);
    clm_credit_positions_free(ps);
    clm_credit_ledger_free(l);
}

/* ---- reconciliation, due list, ratios --------------------------------------- */

static void add_inv_m(clm_credit_ledger *l, const char *id, const char *client,
                      const char *manager, int64_t amount, clm_date issued, clm_date due)
{
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = id;
    inv.client_id = client;
    inv.manager = manager;
    inv.amount = RUB(amount);
    inv.issued = issued;
    inv.due = due;
    CHECK_OK(clm_credit_ledger_add_invoice(l, &inv));
}

static int valid_against(const char *schema, const char *xml, size_t len)
{
    const char *xsd = clm_xml_schema(schema);
    assert_non_null(xsd);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(xsd, (int)strlen(xsd));
    xmlSchemaPtr sc = xmlSchemaParse(pc);
    assert_non_null(sc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(sc);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "x.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(sc);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

static void test_reconciliation(void **state)
{
    (void)state;
    clm_credit_ledger *l = NULL;
    CHECK_OK(clm_credit_ledger_new(&l, "RUB"));
    /* before the period: 1000.00 invoiced, 400.00 paid -> opening 600.00 */
    add_inv(l, "inv-0", "vostok", 100000, D(2024, 12, 1), D(2024, 12, 31));
    add_pay(l, "pay-0", "vostok", CLM_CREDIT_PAYMENT, 40000, D(2024, 12, 20), "inv-0");
    /* in it, all on one day: an invoice, a credit note, an unallocated payment */
    add_pay(l, "pay-1", "vostok", CLM_CREDIT_PAYMENT, 50000, D(2025, 1, 10), NULL);
    add_inv(l, "inv-1", "vostok", 100000, D(2025, 1, 10), D(2025, 2, 9));
    add_pay(l, "cn-1", "vostok", CLM_CREDIT_CREDIT_NOTE, 10000, D(2025, 1, 10), "inv-1");
    add_inv(l, "inv-2", "vostok", 25050, D(2025, 2, 1), D(2025, 3, 3));
    /* after it, and another client's */
    add_pay(l, "pay-2", "vostok", CLM_CREDIT_PAYMENT, 100, D(2025, 3, 1), "inv-2");
    add_inv(l, "inv-9", "zapad", 99999, D(2025, 1, 15), D(2025, 2, 15));

    clm_credit_reconciliation *r = NULL;
    CHECK_OK(clm_credit_reconciliation_new(&r, l, "vostok", D(2025, 1, 1), D(2025, 2, 28)));
    CHECK_I64(clm_credit_reconciliation_opening(r), 60000);
    CHECK_I64(clm_credit_reconciliation_count(r), 4);
    static const char *const ids[] = { "inv-1", "cn-1", "pay-1", "inv-2" };
    static const int64_t balance[] = { 160000, 150000, 100000, 125050 };
    for (size_t i = 0; i < 4; i++) {
        CHECK_STR(clm_credit_reconciliation_at(r, i)->id, ids[i]);
        CHECK_I64(clm_credit_reconciliation_at(r, i)->balance, balance[i]);
    }
    CHECK_STR(clm_credit_reconciliation_at(r, 1)->invoice_id, "inv-1");
    assert_null(clm_credit_reconciliation_at(r, 2)->invoice_id);
    CHECK_I64(clm_credit_reconciliation_debits(r), 125050);
    CHECK_I64(clm_credit_reconciliation_credits(r), 60000);
    /* closing = opening + debits - credits, to the kopeck */
    CHECK_I64(clm_credit_reconciliation_closing(r), 60000 + 125050 - 60000);

    char *xml = NULL;
    size_t len = 0;
    CHECK_OK(clm_credit_reconciliation_save_xml(&xml, &len, r));
    assert_int_equal(valid_against("credit-reconciliation", xml, len), 0);
    assert_non_null(strstr(xml, "<opening balance=\"600.00 RUB\"/>"));
    assert_non_null(strstr(xml, "kind=\"credit-note\" id=\"cn-1\" invoice=\"inv-1\" "
                                "credit=\"100.00 RUB\" balance=\"1500.00 RUB\""));
    assert_non_null(strstr(xml, "<closing debits=\"1250.50 RUB\" credits=\"600.00 RUB\" "
                                "balance=\"1250.50 RUB\"/>"));
    assert_true(strstr(xml, "inv-1") < strstr(xml, "cn-1"));
    clm_free(xml);
    clm_credit_reconciliation_free(r);

    /* an empty period still balances: opening = closing */
    CHECK_OK(clm_credit_reconciliation_new(&r, l, "vostok", D(2025, 6, 1), D(2025, 6, 30)));
    CHECK_I64(clm_credit_reconciliation_count(r), 0);
    CHECK_I64(clm_credit_reconciliation_opening(r), 60000 + 125050 - 60000 - 100);
    CHECK_I64(clm_credit_reconciliation_closing(r), clm_credit_reconciliation_opening(r));
    CHECK_OK(clm_credit_reconciliation_save_xml(&xml, &len, r));
    assert_int_equal(valid_against("credit-reconciliation", xml, len), 0);
    clm_free(xml);
    clm_credit_reconciliation *keep = r;
    CHECK_FAIL(clm_credit_reconciliation_new(&r, l, "vostok", D(2025, 6, 30), D(2025, 6, 1)),
               CLM_ERANGE);
    assert_ptr_equal(r, keep);
    clm_credit_reconciliation_free(r);
    clm_credit_ledger_free(l);

    /* An overpayment: the client is in credit, the balance goes below zero
     * and the statement says so, still to the kopeck. 100.00 invoiced, a
     * partial payment of 30.00, then 90.00: 20.00 overpaid. */
    CHECK_OK(clm_credit_ledger_new(&l, "RUB"));
    add_inv(l, "inv-a", "vostok", 10000, D(2025, 4, 1), D(2025, 4, 30));
    add_pay(l, "pay-a1", "vostok", CLM_CREDIT_PAYMENT, 3000, D(2025, 4, 10), "inv-a");
    add_pay(l, "pay-a2", "vostok", CLM_CREDIT_PAYMENT, 9000, D(2025, 4, 20), "inv-a");
    CHECK_OK(clm_credit_reconciliation_new(&r, l, "vostok", D(2025, 4, 1), D(2025, 4, 30)));
    CHECK_I64(clm_credit_reconciliation_opening(r), 0);
    CHECK_I64(clm_credit_reconciliation_count(r), 3);
    CHECK_I64(clm_credit_reconciliation_at(r, 1)->balance, 7000);
    CHECK_I64(clm_credit_reconciliation_at(r, 2)->balance, -2000);
    CHECK_I64(clm_credit_reconciliation_closing(r), -2000);
    CHECK_OK(clm_credit_reconciliation_save_xml(&xml, &len, r));
    assert_int_equal(valid_against("credit-reconciliation", xml, len), 0);
    assert_non_null(strstr(xml, "<closing debits=\"100.00 RUB\" credits=\"120.00 RUB\" "
                                "balance=\"-20.00 RUB\"/>"));
    clm_free(xml);
    clm_credit_reconciliation_free(r);
    /* the next period opens in credit */
    CHECK_OK(clm_credit_reconciliation_new(&r, l, "vostok", D(2025, 5, 1), D(2025, 5, 31)));
    CHECK_I64(clm_credit_reconciliation_opening(r), -2000);
    CHECK_I64(clm_credit_reconciliation_closing(r), -2000);
    clm_credit_reconciliation_free(r);
    clm_credit_ledger_free(l);
}

static void test_due_list_and_ratios(void **state)
{
    (void)state;
    clm_credit_ledger *l = NULL;
    CHECK_OK(clm_credit_ledger_new(&l, "RUB"));
    add_inv_m(l, "a1", "vostok", "ivanov", 100000, D(2025, 1, 1), D(2025, 1, 31));
    add_inv_m(l, "a2", "vostok", "ivanov", 50000, D(2025, 2, 1), D(2025, 3, 3));
    add_inv_m(l, "b1", "zapad", "petrova", 30000, D(2025, 2, 10), D(2025, 2, 20));
    add_inv_m(l, "b2", "zapad", "petrova", 20000, D(2025, 3, 1), D(2025, 3, 31));
    add_inv_m(l, "c1", "sever", NULL, 10000, D(2025, 1, 5), D(2025, 1, 6));
    add_pay(l, "p1", "vostok", CLM_CREDIT_PAYMENT, 60000, D(2025, 2, 15), "a1");
    add_pay(l, "p2", "zapad", CLM_CREDIT_PAYMENT, 30000, D(2025, 2, 20), "b1");
    clm_credit_positions *ps = NULL;
    CHECK_OK(clm_credit_positions_new(&ps, l, NULL, D(2025, 3, 15)));

    clm_credit_due_list *d = NULL;
    CHECK_OK(clm_credit_due_list_new(&d, ps, NULL));
    /* sever's c1 (no manager) first; then ivanov: a1 43 days, a2 12 days */
    CHECK_I64(clm_credit_due_list_count(d), 3);
    assert_null(clm_credit_due_list_at(d, 0)->manager);
    CHECK_STR(clm_credit_due_list_at(d, 1)->invoice_id, "a1");
    CHECK_I64(clm_credit_due_list_at(d, 1)->open, 40000);
    CHECK_I64(clm_credit_due_list_at(d, 1)->days_overdue, 43);
    CHECK_I64(clm_credit_due_list_at(d, 1)->since, D(2025, 2, 1));
    CHECK_STR(clm_credit_due_list_at(d, 2)->invoice_id, "a2");
    CHECK_I64(clm_credit_due_list_at(d, 2)->days_overdue, 12);
    CHECK_I64(clm_credit_due_list_total(d), 10000 + 40000 + 50000);
    clm_credit_due_list_free(d);
    /* petrova: b1 paid on its due date, b2 not yet due: nothing */
    CHECK_OK(clm_credit_due_list_new(&d, ps, "petrova"));
    CHECK_I64(clm_credit_due_list_count(d), 0);
    clm_credit_due_list_free(d);

    /* receivables / turnover of Jan-Mar against a norm of 50 % */
    clm_credit_ratios *r = NULL;
    CHECK_OK(clm_credit_ratios_new(&r, ps, CLM_CREDIT_BY_MANAGER, D(2025, 1, 1), D(2025, 3, 31),
                                   50 * CLM_RATE_PERCENT));
    CHECK_I64(clm_credit_ratios_count(r), 3);
    assert_null(clm_credit_ratios_at(r, 0)->key);
    CHECK_I64(clm_credit_ratios_at(r, 0)->ratio, CLM_RATE_ONE);
    const clm_credit_ratio *iv = clm_credit_ratios_at(r, 1);
    CHECK_STR(iv->key, "ivanov");
    CHECK_I64(iv->receivables, 90000);
    CHECK_I64(iv->turnover, 150000);
    CHECK_I64(iv->ratio, 600000);
    assert_true(iv->over_norm);
    const clm_credit_ratio *pe = clm_credit_ratios_at(r, 2);
    CHECK_I64(pe->ratio, 400000);
    assert_false(pe->over_norm);
    clm_credit_ratios_free(r);
    /* per client; a period without sales leaves the ratio undefined */
    CHECK_OK(clm_credit_ratios_new(&r, ps, CLM_CREDIT_BY_CLIENT, D(2025, 3, 1), D(2025, 3, 15),
                                   50 * CLM_RATE_PERCENT));
    CHECK_STR(clm_credit_ratios_at(r, 0)->key, "sever");
    assert_false(clm_credit_ratios_at(r, 0)->defined);
    assert_true(clm_credit_ratios_at(r, 0)->over_norm);
    CHECK_STR(clm_credit_ratios_at(r, 2)->key, "zapad");
    CHECK_I64(clm_credit_ratios_at(r, 2)->ratio, CLM_RATE_ONE);
    clm_credit_ratios_free(r);
    r = NULL;
    CHECK_FAIL(clm_credit_ratios_new(&r, ps, (clm_credit_grouping)9, D(2025, 1, 1), D(2025, 3, 31),
                                     0), CLM_EINVAL);
    CHECK_FAIL(clm_credit_ratios_new(&r, ps, CLM_CREDIT_BY_CLIENT, D(2025, 1, 1), D(2025, 3, 31),
                                     -1), CLM_EINVAL);
    assert_null(r);
    clm_credit_positions_free(ps);
    clm_credit_ledger_free(l);
}


static const char history_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<credit-history xmlns=\"urn:libclm:credit-history:1\" currency=\"RUB\">\n"
    "  <client id=\"vostok\" name=\"Vostok LLC\" since=\"2019-03-01\" group=\"wholesale\"\n"
    "          limit=\"700.00 RUB\" net-worth=\"5200.00 RUB\"/>\n"
    "  <payment id=\"p1\" client=\"vostok\" amount=\"100.00 RUB\" date=\"2025-02-01\" invoice=\"i1\"/>\n"
    "  <invoice id=\"i1\" client=\"vostok\" amount=\"250.00 RUB\" issued=\"2025-01-01\" due=\"2025-01-31\"/>\n"
    "  <payment id=\"c1\" kind=\"credit-note\" client=\"vostok\" amount=\"50.00 RUB\" date=\"2025-02-03\" invoice=\"i1\"/>\n"
    "</credit-history>\n";

static void test_history(void **state)
{
    (void)state;
    clm_credit_history *h = NULL;
    CHECK_OK(clm_credit_history_load_xml(&h, history_xml, strlen(history_xml), "h.xml", NULL));
    const clm_credit_client_file *c = clm_credit_history_client(h);
    assert_non_null(c);
    CHECK_STR(c->id, "vostok");
    CHECK_STR(c->group, "wholesale");
    CHECK_I64(c->since, D(2019, 3, 1));
    assert_true(c->has_limit);
    CHECK_I64(c->limit, 70000);
    assert_true(c->figures.has_net_worth);
    CHECK_I64(c->figures.net_worth, 520000);
    assert_false(c->figures.has_monthly_sales);
    CHECK_I64(clm_credit_history_last_date(h), D(2025, 2, 3));
    clm_credit_positions *ps = NULL;
    CHECK_OK(clm_credit_positions_new(&ps, clm_credit_history_ledger(h), "vostok", D(2025, 3, 1)));
    CHECK_I64(clm_credit_positions_at(ps, 0)->paid, 10000);
    CHECK_I64(clm_credit_positions_at(ps, 0)->credited, 5000);
    CHECK_I64(clm_credit_positions_open(ps), 10000);
    clm_credit_positions_free(ps);
    clm_credit_history_free(h);

    /* errors name the line and the attribute; nothing is returned */
    static const struct {
        const char *from, *to;
        int code, line;
        const char *field;
    } bad[] = {
        { "invoice=\"i1\"/>\n  <invoice", "invoice=\"i9\"/>\n  <invoice", CLM_ESCHEMA, 5, "invoice" },
        { "kind=\"credit-note\"", "kind=\"refund\"", CLM_ESCHEMA, 7, "kind" },
        { "amount=\"250.00 RUB\"", "amount=\"250.00 USD\"", CLM_ECURRENCY, 6, "amount" },
        { "due=\"2025-01-31\"", "due=\"2024-12-31\"", CLM_ESCHEMA, 6, "due" },
        { "limit=\"700.00 RUB\"", "limit=\"700.00 EUR\"", CLM_ECURRENCY, 4, "limit" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char doc[2048];
        const char *at = strstr(history_xml, bad[i].from);
        assert_non_null(at);
        size_t head = (size_t)(at - history_xml);
        memcpy(doc, history_xml, head);
        strcpy(doc + head, bad[i].to);
        strcat(doc, at + strlen(bad[i].from));
        /* *out is untouched on error: it still holds what it held */
        clm_credit_history *held = NULL;
        CHECK_OK(clm_credit_history_load_xml(&held, history_xml, strlen(history_xml), NULL, NULL));
        h = held;
        clm_error_clear();
        int rc = clm_credit_history_load_xml(&h, doc, strlen(doc), "h.xml", NULL);
        if (rc != bad[i].code)
            fail_msg("case %zu: %d (%s)", i, rc, clm_error_last()->message);
        assert_ptr_equal(h, held);
        clm_credit_history_free(held);
        if (clm_error_last()->line != bad[i].line)
            fail_msg("case %zu: line %d (%s)", i, clm_error_last()->line, clm_error_last()->message);
        if (bad[i].field != NULL)
            CHECK_STR(clm_error_last()->field, bad[i].field);
    }
}

static int op_history(void *state)
{
    (void)state;
    clm_credit_history *h = NULL;
    int rc = clm_credit_history_load_xml(&h, history_xml, strlen(history_xml), NULL, NULL);
    clm_credit_history_free(h);
    return rc;
}

static int op_history_file(void *state)
{
    (void)state;
    char path[4096];
    const char *root = getenv("CLM_SOURCE_ROOT");
    snprintf(path, sizeof path, "%s/examples/data/credit-history-healthy.xml",
             root != NULL ? root : ".");
    clm_credit_history *h = NULL;
    int rc = clm_credit_history_load_file(&h, path, NULL);
    clm_credit_history_free(h);
    return rc;
}

/* ---- OOM walk ------------------------------------------------------------ */

static void *oom_setup(void)
{
    return sample_ledger();
}

static bool oom_unchanged(void *state)
{
    clm_credit_ledger *l = state;
    return clm_credit_ledger_invoice_count(l) == 6 && clm_credit_ledger_payment_count(l) == 7;
}

static void oom_teardown(void *state)
{
    clm_credit_ledger_free(state);
}

static int op_add_invoice(void *state)
{
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = "inv-new";
    inv.client_id = "vostok";
    inv.manager = "petrova";
    inv.amount = RUB(500);
    inv.issued = D(2025, 7, 1);
    inv.due = D(2025, 7, 1);
    return clm_credit_ledger_add_invoice(state, &inv);
}

static int op_add_payment(void *state)
{
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    p.id = "pay-new";
    p.client_id = "vostok";
    p.amount = RUB(500);
    p.date = D(2025, 7, 1);
    p.invoice_id = "inv-4";
    return clm_credit_ledger_add_payment(state, &p);
}

static int op_positions(void *state)
{
    clm_credit_positions *ps = NULL;
    int rc = clm_credit_positions_new(&ps, state, NULL, D(2025, 12, 31));
    clm_credit_positions_free(ps);
    return rc;
}

static int op_new_ledger(void *state)
{
    (void)state;
    clm_credit_ledger *l = NULL;
    int rc = clm_credit_ledger_new(&l, "RUB");
    clm_credit_ledger_free(l);
    return rc;
}

static clm_credit_positions *g_positions;

static int op_due_list(void *state)
{
    (void)state;
    clm_credit_due_list *d = NULL;
    int rc = clm_credit_due_list_new(&d, g_positions, NULL);
    clm_credit_due_list_free(d);
    return rc;
}

static int op_ratios(void *state)
{
    (void)state;
    clm_credit_ratios *r = NULL;
    int rc = clm_credit_ratios_new(&r, g_positions, CLM_CREDIT_BY_CLIENT, D(2025, 1, 1),
                                   D(2025, 12, 31), 0);
    clm_credit_ratios_free(r);
    return rc;
}

static int op_reconciliation(void *state)
{
    clm_credit_reconciliation *r = NULL;
    char *xml = NULL;
    size_t len;
    int rc = clm_credit_reconciliation_new(&r, state, "vostok", D(2025, 2, 1), D(2025, 12, 31));
    if (rc == 0)
        rc = clm_credit_reconciliation_save_xml(&xml, &len, r);
    clm_free(xml);
    clm_credit_reconciliation_free(r);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    clm_credit_ledger *l = sample_ledger();
    CHECK_OK(clm_credit_positions_new(&g_positions, l, NULL, D(2025, 12, 31)));
    oom_case walks[] = {
        { NULL, op_due_list, NULL, NULL },
        { NULL, op_ratios, NULL, NULL },
    };
    for (size_t i = 0; i < 2; i++)
        assert_true(oom_check(&walks[i]) >= 1);
    clm_credit_positions_free(g_positions);
    clm_credit_ledger_free(l);
    oom_case cases[] = {
        { oom_setup, op_reconciliation, oom_unchanged, oom_teardown },
        { oom_setup, op_add_invoice, oom_unchanged, oom_teardown },
        { oom_setup, op_add_payment, oom_unchanged, oom_teardown },
        { oom_setup, op_positions, oom_unchanged, oom_teardown },
        { NULL, op_new_ledger, NULL, NULL },
        { NULL, op_history, NULL, NULL },
        { NULL, op_history_file, NULL, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(oom_check(&cases[i]) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_payment_order_and_future_invoice),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_paydex_key),
        cmocka_unit_test(test_paydex),
        cmocka_unit_test(test_ageing),
        cmocka_unit_test(test_dso),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_ageing_and_reserve_from_ledger),
        cmocka_unit_test(test_reconciliation),
        cmocka_unit_test(test_history),
        cmocka_unit_test(test_due_list_and_ratios),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
