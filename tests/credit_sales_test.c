/*
 * credit_sales_test.c — segmentation input from stored sales
 * (clm/credit_sales.h): invoices summed per client and month by issue day,
 * credit notes subtracted in their month, payments ignored; the caller's
 * row order with zero rows; the table fed to clm_periods_summarize() and
 * RFM; only the date range read (damaged records outside it are never
 * decoded); bad queries and a foreign currency refused with nothing returned;
 * the OOM walk and a storage fault.
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
#include "core_check.h"
#include "fault_store.h"
#include "oom.h"

static const clm_actor clerk = {"kuznetsova", "accountant", 1760000000};

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static void inv(clm_store *st, const char *id, const char *client, int64_t amount, clm_date issued)
{
    clm_credit_invoice i = CLM_CREDIT_INVOICE_INIT;
    i.id = id;
    i.client_id = client;
    i.amount = (clm_money){amount, "RUB"};
    i.issued = issued;
    i.due = issued + 30;
    CHECK_OK(clm_credit_store_save_invoice(NULL, st, &clerk, &i, 0, NULL));
}

static void pay(clm_store *st, const char *id, const char *client, clm_credit_payment_kind kind, int64_t amount,
                clm_date date)
{
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    p.id = id;
    p.client_id = client;
    p.kind = kind;
    p.amount = (clm_money){amount, "RUB"};
    p.date = date;
    CHECK_OK(clm_credit_store_save_payment(NULL, st, &clerk, &p, 0, NULL));
}

/* Q1 2026: C-1 buys every month, C-2 in February with a return in March,
 * C-3 only in December 2025 (before the periods); payments everywhere. */
static void seed(clm_store *st)
{
    inv(st, "I-1", "C-1", 10000, D(2026, 1, 5));
    inv(st, "I-2", "C-1", 5000, D(2026, 1, 31));
    inv(st, "I-3", "C-1", 12000, D(2026, 2, 1));
    inv(st, "I-4", "C-1", 9000, D(2026, 3, 31));
    inv(st, "I-5", "C-2", 30000, D(2026, 2, 14));
    inv(st, "I-6", "C-3", 7000, D(2025, 12, 20));
    inv(st, "I-7", "C-1", 99999, D(2026, 4, 1)); /* after the last period */
    pay(st, "P-1", "C-1", CLM_CREDIT_PAYMENT, 15000, D(2026, 2, 1));
    pay(st, "P-2", "C-2", CLM_CREDIT_CREDIT_NOTE, 4000, D(2026, 3, 2));
}

static const clm_date *q1_bounds(void)
{
    static clm_date b[4];
    b[0] = D(2026, 1, 1);
    b[1] = D(2026, 2, 1);
    b[2] = D(2026, 3, 1);
    b[3] = D(2026, 4, 1);
    return b;
}

static void test_table(void **state)
{
    (void)state;
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    seed(st);
    clm_credit_sales_query q = CLM_CREDIT_SALES_QUERY_INIT;
    q.currency = "RUB";
    q.bounds = q1_bounds();
    q.periods = 3;
    clm_credit_sales *s = NULL;
    CHECK_OK(clm_credit_store_sales(&s, st, &q));
    /* C-3 has no sale in Q1: no row */
    assert_int_equal(clm_credit_sales_count(s), 2);
    assert_int_equal(clm_credit_sales_periods(s), 3);
    CHECK_STR(clm_credit_sales_client(s, 0), "C-1");
    CHECK_STR(clm_credit_sales_client(s, 1), "C-2");
    assert_null(clm_credit_sales_client(s, 2));
    const int64_t want[] = {15000, 12000, 9000, /* C-1: 10000 + 5000 in January */
                            0, 30000, -4000};   /* C-2: the return in March */
    const int64_t *a = clm_credit_sales_amounts(s);
    for (size_t i = 0; i < 6; i++)
        CHECK_I64(a[i], want[i]);

    /* the table is the segmentation input */
    int64_t total[2], freq[2];
    int32_t last[2];
    CHECK_OK(clm_periods_summarize(total, freq, last, a, 2, 3));
    CHECK_I64(total[0], 36000);
    CHECK_I64(freq[1], 1);
    CHECK_I64(last[1], 1);
    clm_credit_sales_free(s);

    /* the caller's rows, in its order: a zero row for C-9, C-2 left out */
    const char *rows[] = {"C-9", "C-3", "C-1"};
    q.clients = rows;
    q.nclients = 3;
    q.bounds = (clm_date[]){D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)};
    q.periods = 2;
    CHECK_OK(clm_credit_store_sales(&s, st, &q));
    assert_int_equal(clm_credit_sales_count(s), 3);
    CHECK_STR(clm_credit_sales_client(s, 0), "C-9");
    a = clm_credit_sales_amounts(s);
    const int64_t want2[] = {0, 0, 7000, 0, 0, 15000};
    for (size_t i = 0; i < 6; i++)
        CHECK_I64(a[i], want2[i]);
    clm_credit_sales_free(s);

    /* no rows at all */
    q.clients = NULL;
    q.nclients = 0;
    q.bounds = (clm_date[]){D(2020, 1, 1), D(2020, 2, 1)};
    q.periods = 1;
    CHECK_OK(clm_credit_store_sales(&s, st, &q));
    assert_int_equal(clm_credit_sales_count(s), 0);
    assert_null(clm_credit_sales_amounts(s));
    clm_credit_sales_free(s);
    clm_store_free(st);
}

static void test_bad_queries(void **state)
{
    (void)state;
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    seed(st);
    clm_credit_sales *s = (clm_credit_sales *)&st, *keep = s;
    clm_credit_sales_query q = CLM_CREDIT_SALES_QUERY_INIT;
    q.currency = "RUB";
    q.bounds = q1_bounds();
    q.periods = 0;
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "bounds");
    q.periods = 3;
    q.bounds = (clm_date[]){D(2026, 1, 1), D(2026, 3, 1), D(2026, 2, 1), D(2026, 4, 1)};
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_EINVAL);
    q.bounds = (clm_date[]){D(2026, 1, 1), D(2026, 1, 1), D(2026, 2, 1), D(2026, 4, 1)};
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_EINVAL);
    q.bounds = q1_bounds();
    const char *twice[] = {"C-1", "C-2", "C-1"};
    q.clients = twice;
    q.nclients = 3;
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "clients");
    const char *bad[] = {" C-1"};
    q.clients = bad;
    q.nclients = 1;
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_EINVAL);
    q.clients = NULL;
    q.nclients = 0;
    q.currency = "XXQ";
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_ECURRENCY);
    q.currency = "USD"; /* the stored invoices are in RUB */
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_ECURRENCY);
    q.currency = "RUB";
    q.version = 0;
    CHECK_FAIL(clm_credit_store_sales(&s, st, &q), CLM_EVERSION);
    CHECK_FAIL(clm_credit_store_sales(NULL, st, &q), CLM_EINVAL);
    assert_ptr_equal(s, keep);
    CHECK_FAIL(clm_credit_sales_query_init(NULL), CLM_EINVAL);
    clm_store_free(st);
}

typedef struct ostate {
    clm_store *st;
} ostate;

static void *oom_setup(void)
{
    ostate *s = calloc(1, sizeof *s);
    CHECK_OK(clm_store_open_memory(&s->st));
    seed(s->st);
    return s;
}

static void oom_teardown(void *state)
{
    ostate *s = state;
    clm_store_free(s->st);
    free(s);
}

static int op_sales(void *state)
{
    const char *rows[] = {"C-2", "C-1"};
    for (int pass = 0; pass < 2; pass++) {
        clm_credit_sales_query q = CLM_CREDIT_SALES_QUERY_INIT;
        q.currency = "RUB";
        q.bounds = q1_bounds();
        q.periods = 3;
        if (pass == 1) {
            q.clients = rows;
            q.nclients = 2;
        }
        clm_credit_sales *s = NULL;
        int rc = clm_credit_store_sales(&s, ((ostate *)state)->st, &q);
        clm_credit_sales_free(s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* A record written behind the library's back with a body that does not
 * decode. */
static void damaged(clm_store *st, clm_record_kind kind, const char *id, const char *state, clm_date due)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = kind;
    r.id = id;
    r.client_id = "C-1";
    r.state = state;
    r.due = due;
    r.amount = (clm_money){100, "RUB"};
    r.body = "garbage\n";
    r.body_len = 8;
    CHECK_OK(clm_store_put(NULL, st, &r));
}

/* Only the range is read, through the (kind, due) index: damaged records
 * outside it (an invoice due before the first period, a payment that is
 * no credit note, a credit note after the last period) are never decoded,
 * while one inside it is found. */
static void test_reads_the_range(void **state)
{
    (void)state;
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    seed(st);
    damaged(st, CLM_RECORD_INVOICE, "X-1", NULL, D(2025, 12, 31));
    damaged(st, CLM_RECORD_PAYMENT, "X-2", "payment", D(2026, 2, 10));
    damaged(st, CLM_RECORD_PAYMENT, "X-3", "credit-note", D(2026, 4, 1));
    clm_credit_sales_query q = CLM_CREDIT_SALES_QUERY_INIT;
    q.currency = "RUB";
    q.bounds = q1_bounds();
    q.periods = 3;
    clm_credit_sales *s = NULL;
    CHECK_OK(clm_credit_store_sales(&s, st, &q));
    assert_int_equal(clm_credit_sales_count(s), 2);
    CHECK_I64(clm_credit_sales_amounts(s)[5], -4000);
    clm_credit_sales_free(s);
    /* a credit note that names an invoice outside the range still counts */
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    p.id = "P-3";
    p.client_id = "C-3";
    p.kind = CLM_CREDIT_CREDIT_NOTE;
    p.amount = (clm_money){1000, "RUB"};
    p.date = D(2026, 1, 10);
    p.invoice_id = "I-6";
    CHECK_OK(clm_credit_store_save_payment(NULL, st, &clerk, &p, 0, NULL));
    CHECK_OK(clm_credit_store_sales(&s, st, &q));
    assert_int_equal(clm_credit_sales_count(s), 3);
    CHECK_STR(clm_credit_sales_client(s, 2), "C-3");
    CHECK_I64(clm_credit_sales_amounts(s)[6], -1000);
    clm_credit_sales_free(s);
    /* the same damage inside the range is refused, naming the record */
    damaged(st, CLM_RECORD_PAYMENT, "X-4", "credit-note", D(2026, 3, 31));
    s = (clm_credit_sales *)&q;
    CHECK_RC(clm_credit_store_sales(&s, st, &q), CLM_EPARSE);
    assert_ptr_equal(s, (clm_credit_sales *)&q);
    assert_non_null(strstr(clm_error_last()->message, "X-4"));
    damaged(st, CLM_RECORD_INVOICE, "X-0", NULL, D(2026, 1, 1));
    CHECK_RC(clm_credit_store_sales(&s, st, &q), CLM_EPARSE);
    assert_non_null(strstr(clm_error_last()->message, "X-0"));
    clm_store_free(st);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case c = {oom_setup, op_sales, NULL, oom_teardown};
    assert_true(oom_check(&c) >= 1);
}

static void test_storage_fault(void **state)
{
    (void)state;
    clm_store *st = NULL;
    fault_backend *fb = NULL;
    CHECK_OK(fault_store_open(&st, &fb));
    seed(st);
    clm_credit_sales_query q = CLM_CREDIT_SALES_QUERY_INIT;
    q.currency = "RUB";
    q.bounds = q1_bounds();
    q.periods = 3;
    for (long n = 1; n <= 2; n++) { /* the two scans: invoices, payments */
        fault_fail_at(fb, n, CLM_EIO);
        clm_credit_sales *s = NULL;
        CHECK_RC(clm_credit_store_sales(&s, st, &q), CLM_EIO);
        assert_null(s);
    }
    fault_fail_at(fb, 0, 0);
    clm_store_free(st);
}

int main(void)
{
    oom_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_bad_queries),
        cmocka_unit_test(test_reads_the_range),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_storage_fault),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
