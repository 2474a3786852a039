/*
 * coverage_credit_test.c — the refusals of the credit policy's setters,
 * the ledger's entry points and the vocabulary readers that the module
 * tests leave unexercised: each bad value is refused with the documented
 * code, the field named, and the policy or ledger unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

static clm_credit_policy *policy(void)
{
    clm_credit_policy *p = NULL;
    CHECK_OK(clm_credit_policy_new(&p, "test", "RUB"));
    return p;
}

static void test_names_and_inits(void **state)
{
    (void)state;
    assert_null(clm_credit_basis_name((clm_credit_basis)99));
    assert_null(clm_credit_decision_name((clm_credit_decision)99));
    assert_null(clm_credit_limit_source_name((clm_credit_limit_source)99));
    CHECK_STR(clm_credit_decision_name(CLM_CREDIT_WARN), "warn");
    CHECK_STR(clm_credit_limit_source_name(CLM_CREDIT_LIMIT_CLIENT), "client");
    clm_credit_band band = CLM_CREDIT_BAND_GREY;
    CHECK_FAIL(clm_credit_band_from_name(&band, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_band_from_name(NULL, "safe"), CLM_EINVAL);
    CHECK_FAIL(clm_credit_band_from_name(&band, "sunny"), CLM_ENOTFOUND);
    assert_int_equal(band, CLM_CREDIT_BAND_GREY);
    clm_credit_basis basis = CLM_CREDIT_BASIS_FIXED;
    CHECK_FAIL(clm_credit_basis_from_name(&basis, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_basis_from_name(&basis, "turnover"), CLM_ENOTFOUND);
    assert_int_equal(basis, CLM_CREDIT_BASIS_FIXED);
    clm_credit_payment_kind kind = CLM_CREDIT_PAYMENT;
    CHECK_FAIL(clm_credit_payment_kind_from_name(&kind, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_weights_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_check_rules_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_invoice_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_payment_init(NULL), CLM_EINVAL);
    clm_credit_weights w;
    memset(&w, 0, sizeof w);
    CHECK_OK(clm_credit_weights_init(&w));
    CHECK_I64(w.models, 40);
    CHECK_I64(w.tenure_full_days, 730);
    clm_credit_check_rules r;
    memset(&r, 0, sizeof r);
    CHECK_OK(clm_credit_check_rules_init(&r));
    assert_int_equal(r.counts, 7u);
    CHECK_I64(r.block_overdue_days, 30);
    clm_credit_invoice inv;
    memset(&inv, 0x5A, sizeof inv);
    CHECK_OK(clm_credit_invoice_init(&inv));
    assert_null(inv.id);
    clm_credit_payment pay;
    memset(&pay, 0x5A, sizeof pay);
    CHECK_OK(clm_credit_payment_init(&pay));
    assert_null(pay.invoice_id);
}

static void test_weights_refused(void **state)
{
    (void)state;
    clm_credit_policy *p = policy();
    clm_credit_weights w = CLM_CREDIT_WEIGHTS_INIT, got;
    CHECK_FAIL(clm_credit_policy_set_weights(NULL, &w), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_weights(p, NULL), CLM_EINVAL);
    w.tenure_full_days = 0;
    CHECK_FAIL(clm_credit_policy_set_weights(p, &w), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "tenure_full_days");
    w = (clm_credit_weights)CLM_CREDIT_WEIGHTS_INIT;
    w.overdue = 1000001;
    CHECK_FAIL(clm_credit_policy_set_weights(p, &w), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "overdue");
    CHECK_FAIL(clm_credit_policy_weights(NULL, p), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_weights(&got, NULL), CLM_EINVAL);
    CHECK_OK(clm_credit_policy_weights(&got, p));
    CHECK_I64(got.overdue, 20); /* unchanged */
    CHECK_I64(got.tenure_full_days, 730);
    clm_credit_policy_free(p);
}

static void test_grades_refused(void **state)
{
    (void)state;
    clm_credit_policy *p = policy();
    size_t before = clm_credit_policy_grade_count(p);
    static const char *const names[] = { "good", "fair", "poor" };
    static const int32_t ok[] = { 70000, 40000, 0 };
    static const int32_t not_last_zero[] = { 70000, 40000, 10 };
    CHECK_FAIL(clm_credit_policy_set_grades(NULL, names, ok, 3), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_grades(p, NULL, ok, 3), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_grades(p, names, NULL, 3), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_grades(p, names, ok, 0), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "grades");
    CHECK_FAIL(clm_credit_policy_set_grades(p, names, ok, 27), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_grades(p, names, not_last_zero, 3), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "min-score");
    assert_non_null(strstr(clm_error_last()->message, "poor"));
    assert_int_equal(clm_credit_policy_grade_count(p), before);
    CHECK_OK(clm_credit_policy_set_grades(p, names, ok, 3));
    assert_int_equal(clm_credit_policy_grade_count(p), 3);
    clm_credit_policy_free(p);
}

static void test_limits_refused(void **state)
{
    (void)state;
    clm_credit_policy *p = policy();
    const char *grade = clm_credit_policy_grade_at(p, 0, NULL);
    assert_non_null(grade);
    CHECK_FAIL(clm_credit_policy_add_limit(NULL, grade, CLM_CREDIT_BASIS_FIXED, 0, 1), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_limit(p, NULL, CLM_CREDIT_BASIS_FIXED, 0, 1), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_limit(p, grade, (clm_credit_basis)99, CLM_RATE_PERCENT, 0),
               CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "basis");
    CHECK_FAIL(clm_credit_policy_add_limit(p, grade, CLM_CREDIT_BASIS_FIXED, 0, -1), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "amount");
    /* A grade holds at most CLM_CREDIT_LIMIT_FORMULAS_MAX formulas. */
    int added = 0;
    for (int i = 0; i < 64; i++) {
        int rc = clm_credit_policy_add_limit(p, grade, CLM_CREDIT_BASIS_FIXED, 0, 100000 + i);
        if (rc == CLM_ELIMIT) {
            CHECK_STR(clm_error_last()->field, "formula");
            break;
        }
        CHECK_RC(rc, 0);
        added++;
    }
    assert_true(added >= 1 && added <= CLM_CREDIT_LIMIT_FORMULAS_MAX);
    CHECK_FAIL(clm_credit_policy_set_limit_rounding(p, (clm_rounding)99), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_limit_rounding(NULL, CLM_ROUND_DOWN), CLM_EINVAL);
    CHECK_OK(clm_credit_policy_set_limit_rounding(p, CLM_ROUND_HALF_UP));
    /* Group limits: a bad id, a negative amount, then a replacement. */
    CHECK_FAIL(clm_credit_policy_set_group_limit(NULL, "g", 1), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_group_limit(p, NULL, 1), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_group_limit(p, "bad group\n", 1), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_group_limit(p, "holding", -1), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "limit");
    CHECK_OK(clm_credit_policy_set_group_limit(p, "holding", 100));
    CHECK_OK(clm_credit_policy_set_group_limit(p, "holding", 250));
    CHECK_FAIL(clm_credit_policy_set_default_limit(p, -1), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_default_limit(NULL, 1), CLM_EINVAL);
    CHECK_OK(clm_credit_policy_set_default_limit(p, 5000));
    /* The group's limit is the replacement: a client of the group gets it. */
    int64_t limit = -1;
    clm_credit_limit_source src = CLM_CREDIT_LIMIT_DEFAULT;
    CHECK_OK(clm_credit_limit_resolve(&limit, &src, p, NULL, "holding"));
    CHECK_I64(limit, 250);
    assert_int_equal(src, CLM_CREDIT_LIMIT_GROUP);
    CHECK_OK(clm_credit_limit_resolve(&limit, &src, p, NULL, "other"));
    CHECK_I64(limit, 5000);
    assert_int_equal(src, CLM_CREDIT_LIMIT_DEFAULT);
    clm_credit_policy_free(p);
}

static void test_check_rules_and_roles_refused(void **state)
{
    (void)state;
    clm_credit_policy *p = policy();
    clm_credit_check_rules r = CLM_CREDIT_CHECK_RULES_INIT, got;
    CHECK_FAIL(clm_credit_policy_set_check(NULL, &r), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_check(p, NULL), CLM_EINVAL);
    r.counts = 0;
    CHECK_FAIL(clm_credit_policy_set_check(p, &r), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "counts");
    r.counts = 8;
    CHECK_FAIL(clm_credit_policy_set_check(p, &r), CLM_EINVAL);
    r = (clm_credit_check_rules)CLM_CREDIT_CHECK_RULES_INIT;
    r.warn_at = CLM_RATE_ONE + 1;
    CHECK_FAIL(clm_credit_policy_set_check(p, &r), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "warn-at");
    r = (clm_credit_check_rules)CLM_CREDIT_CHECK_RULES_INIT;
    r.warn_overdue_days = -2;
    CHECK_FAIL(clm_credit_policy_set_check(p, &r), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "warn-overdue-days");
    r.warn_overdue_days = 0;
    r.block_overdue_days = -2;
    CHECK_FAIL(clm_credit_policy_set_check(p, &r), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "block-overdue-days");
    r.version = 0;
    CHECK_FAIL(clm_credit_policy_set_check(p, &r), CLM_EVERSION);
    CHECK_FAIL(clm_credit_policy_check_rules(NULL, p), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_check_rules(&got, NULL), CLM_EINVAL);
    CHECK_OK(clm_credit_policy_check_rules(&got, p));
    assert_int_equal(got.counts, 7u); /* unchanged */
    CHECK_I64(got.block_overdue_days, 30);
    clm_rounding mode;
    CHECK_FAIL(clm_credit_policy_reserve_rounding(NULL, p), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_reserve_rounding(&mode, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_override_role(NULL, "cfo"), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_override_role(p, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_override_role(p, ""), CLM_EINVAL);
    CHECK_OK(clm_credit_policy_add_override_role(p, "cfo"));
    CHECK_FAIL(clm_credit_policy_add_override_role(p, "cfo"), CLM_EEXISTS);
    assert_int_equal(clm_credit_policy_may_override(p, "cfo"), 1);
    assert_int_equal(clm_credit_policy_may_override(p, "clerk"), 0);
    assert_int_equal(clm_credit_policy_may_override(NULL, "cfo"), 0);
    clm_credit_policy *q = NULL;
    CHECK_FAIL(clm_credit_policy_new(NULL, "x", "RUB"), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_new(&q, NULL, "RUB"), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_new(&q, "x", NULL), CLM_EINVAL);
    assert_null(q);
    clm_credit_policy_free(p);
}

/* The ledger's index grows past its first table with every invoice still
 * found (a duplicate id after the growth is refused). */
static void test_ledger_growth_and_nulls(void **state)
{
    (void)state;
    clm_credit_ledger *l = NULL;
    CHECK_FAIL(clm_credit_ledger_new(NULL, "RUB"), CLM_EINVAL);
    CHECK_FAIL(clm_credit_ledger_new(&l, NULL), CLM_EINVAL);
    CHECK_OK(clm_credit_ledger_new(&l, "RUB"));
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    clm_credit_payment pay = CLM_CREDIT_PAYMENT_INIT;
    CHECK_FAIL(clm_credit_ledger_add_invoice(NULL, &inv), CLM_EINVAL);
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_ledger_add_payment(NULL, &pay), CLM_EINVAL);
    CHECK_FAIL(clm_credit_ledger_add_payment(l, NULL), CLM_EINVAL);
    char id[32];
    for (int i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "INV-%04d", i);
        inv = (clm_credit_invoice)CLM_CREDIT_INVOICE_INIT;
        inv.id = id;
        inv.client_id = "C-1";
        CHECK_OK(clm_money_make(&inv.amount, 10000 + i, "RUB"));
        CHECK_OK(clm_date_from_ymd(&inv.issued, 2026, 1, 10));
        CHECK_OK(clm_date_from_ymd(&inv.due, 2026, 2, 10));
        CHECK_OK(clm_credit_ledger_add_invoice(l, &inv));
    }
    assert_int_equal(clm_credit_ledger_invoice_count(l), 300);
    snprintf(id, sizeof id, "INV-%04d", 7);
    CHECK_FAIL(clm_credit_ledger_add_invoice(l, &inv), CLM_EEXISTS);
    /* A payment against an early invoice finds it after the growth. */
    pay.id = "PAY-1";
    pay.client_id = "C-1";
    pay.invoice_id = "INV-0003";
    CHECK_OK(clm_money_make(&pay.amount, 10003, "RUB"));
    CHECK_OK(clm_date_from_ymd(&pay.date, 2026, 1, 20));
    CHECK_OK(clm_credit_ledger_add_payment(l, &pay));
    clm_credit_positions *ps = NULL;
    clm_date asof;
    CHECK_OK(clm_date_from_ymd(&asof, 2026, 1, 31));
    CHECK_OK(clm_credit_positions_new(&ps, l, "C-1", asof));
    /* 300 invoices of 100.00 + i kopecks, one paid in full. */
    CHECK_I64(clm_credit_positions_open(ps), 300 * 10000 + 299 * 300 / 2 - 10003);
    clm_credit_positions_free(ps);
    clm_credit_ledger_free(l);
}

/* The model builder refuses a missing argument, a line libclm does not
 * know, and a ratio or band past the model's maximum. */
static void test_model_builder_refused(void **state)
{
    (void)state;
    clm_credit_model *m = NULL;
    CHECK_FAIL(clm_credit_model_options_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_new(NULL, "m", CLM_CREDIT_LINEAR), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_new(&m, NULL, CLM_CREDIT_LINEAR), CLM_EINVAL);
    assert_null(m);
    CHECK_OK(clm_credit_model_new(&m, "m", CLM_CREDIT_LINEAR));
    CHECK_FAIL(clm_credit_model_set_constant(NULL, 1.0), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_set_band_on(NULL, CLM_CREDIT_BAND_SCORE), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_set_band_on(m, (clm_credit_band_on)99), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_set_source(NULL, "paper"), CLM_EINVAL);
    const clm_credit_item num[] = { { 1600, 0, 0 } }, bad[] = { { 1234, 0, 0 } };
    CHECK_FAIL(clm_credit_model_add_ratio(NULL, "r", 1.0, num, 1, NULL, 0), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_add_ratio(m, NULL, 1.0, num, 1, NULL, 0), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_add_ratio(m, "r", 1.0, NULL, 1, NULL, 0), CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_add_ratio(m, "r", 1.0, bad, 1, NULL, 0), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "1234"));
    char name[16];
    for (int i = 0; i < CLM_CREDIT_RATIOS_MAX; i++) {
        snprintf(name, sizeof name, "r%d", i);
        CHECK_OK(clm_credit_model_add_ratio(m, name, 1.0, num, 1, NULL, 0));
    }
    CHECK_FAIL(clm_credit_model_add_ratio(m, "one-more", 1.0, num, 1, NULL, 0), CLM_ELIMIT);
    CHECK_FAIL(clm_credit_model_add_band(NULL, "b", CLM_CREDIT_BAND_SAFE, 1.0, 0, NULL),
               CLM_EINVAL);
    CHECK_FAIL(clm_credit_model_add_band(m, NULL, CLM_CREDIT_BAND_SAFE, 1.0, 0, NULL), CLM_EINVAL);
    for (int i = 0; i < CLM_CREDIT_BANDS_MAX; i++) {
        snprintf(name, sizeof name, "b%d", i);
        CHECK_OK(clm_credit_model_add_band(m, name, CLM_CREDIT_BAND_GREY, (double)i, 0, NULL));
    }
    CHECK_FAIL(clm_credit_model_add_band(m, "one-more", CLM_CREDIT_BAND_SAFE, 100.0, 0, NULL),
               CLM_ELIMIT);
    clm_credit_model_free(m);
}

/* A credit policy document with `body` is refused with `code` naming
 * `field` on a line, *out untouched. */
static void policy_refused(const char *body, int code, const char *field)
{
    char doc[8192];
    snprintf(doc, sizeof doc,
             "<credit-policy xmlns=\"urn:libclm:credit-policy:1\" name=\"p\" currency=\"RUB\">"
             "%s</credit-policy>",
             body);
    clm_credit_policy *p = (clm_credit_policy *)&p;
    clm_error_clear();
    int rc = clm_credit_policy_load_xml(&p, doc, strlen(doc), "p.xml", NULL);
    if (rc != code)
        fail_msg("%s\nreturned %d, expected %d: %s", body, rc, code, clm_error_last()->message);
    assert_ptr_equal(p, (clm_credit_policy *)&p);
    const clm_error *e = clm_error_last();
    if (field != NULL && (e->field == NULL || strcmp(e->field, field) != 0))
        fail_msg("%s\nfield '%s', expected '%s': %s", body, e->field ? e->field : "(null)", field,
                 e->message);
    assert_true(e->line >= 1);
}

static void test_policy_xml_refusals(void **state)
{
    (void)state;
    policy_refused("<weights tenure-full-days=\"99999999999\"/>", CLM_ESCHEMA, "tenure-full-days");
    /* integers past 64 bits, and the one past INT64_MAX by one */
    policy_refused("<weights models=\"99999999999999999999\"/>", CLM_ESCHEMA, "models");
    policy_refused("<weights models=\"9223372036854775808\"/>", CLM_ESCHEMA, "models");
    policy_refused("<weights models=\"0\" payment=\"0\" overdue=\"0\" tenure=\"0\"/>",
                   CLM_ESCHEMA, "weights");
    policy_refused("<grades><grade name=\"A\" min-score=\"100.5\"/><grade name=\"B\" "
                   "min-score=\"0\"/></grades>",
                   CLM_ESCHEMA, "min-score");
    /* 27 grades: one more than a policy holds */
    char many[4096] = "<grades>";
    for (int i = 0; i < 27; i++) {
        char g[96];
        snprintf(g, sizeof g, "<grade name=\"g%02d\" min-score=\"%d\"/>", i, 26 - i);
        strcat(many, g);
    }
    strcat(many, "</grades>");
    policy_refused(many, CLM_ESCHEMA, NULL);
    policy_refused("<limits default=\"-1.00 RUB\"/>", CLM_ESCHEMA, "default");
    policy_refused("<limits><group name=\"w\" limit=\"1.00 RUB\"/><group name=\"w\" "
                   "limit=\"2.00 RUB\"/></limits>",
                   CLM_ESCHEMA, "name");
    policy_refused("<ageing limits=\"0 30 x\"/>", CLM_ESCHEMA, "limits");
    policy_refused("<ageing limits=\"0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\"/>",
                   CLM_ESCHEMA, "limits");
    policy_refused("<ageing limits=\"99999999999\"/>", CLM_ESCHEMA, "limits");
    char *x = (char *)"untouched";
    CHECK_FAIL(clm_credit_policy_save_xml(&x, NULL, NULL), CLM_EINVAL);
    CHECK_STR(x, "untouched");
}

static void put_order(clm_store *st, const char *id, int64_t minor, const char *currency)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_ORDER;
    r.id = id;
    r.client_id = "C-1";
    r.state = "confirmed";
    if (currency != NULL)
        CHECK_OK(clm_money_make(&r.amount, minor, currency));
    CHECK_OK(clm_store_put(NULL, st, &r));
}

/* Confirmed orders count into the exposure; an order without an amount
 * adds nothing; one in another currency or below zero is refused, named,
 * with *out untouched. */
static void test_exposure_orders(void **state)
{
    (void)state;
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    clm_date on;
    CHECK_OK(clm_date_from_ymd(&on, 2026, 3, 1));
    put_order(st, "O-1", 150000, "RUB");
    put_order(st, "O-2", 0, NULL);
    clm_credit_exposure x;
    CHECK_OK(clm_credit_store_exposure(&x, st, "RUB", "C-1", on));
    CHECK_I64(x.orders, 150000);
    CHECK_I64(x.receivables, 0);
    put_order(st, "O-3", 100, "USD");
    memset(&x, 0x5A, sizeof x);
    clm_credit_exposure before = x;
    CHECK_FAIL(clm_credit_store_exposure(&x, st, "RUB", "C-1", on), CLM_ECURRENCY);
    CHECK_STR(clm_error_last()->field, "amount");
    CHECK_OK(clm_store_delete(st, CLM_RECORD_ORDER, "O-3", 1));
    put_order(st, "O-4", -100, "RUB");
    CHECK_FAIL(clm_credit_store_exposure(&x, st, "RUB", "C-1", on), CLM_EPARSE);
    CHECK_FAIL(clm_credit_store_exposure(&x, st, "RUB", "C-1", CLM_DATE_MAX + 1), CLM_ERANGE);
    CHECK_FAIL(clm_credit_store_exposure(&x, NULL, "RUB", "C-1", on), CLM_EINVAL);
    assert_memory_equal(&x, &before, sizeof x);
    clm_credit_ledger *l = NULL;
    CHECK_FAIL(clm_credit_store_load_ledger(&l, st, NULL, NULL), CLM_EINVAL);
    int64_t id = 0;
    CHECK_FAIL(clm_credit_store_save_invoice(&id, NULL, NULL, NULL, 0, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_credit_store_save_payment(&id, NULL, NULL, NULL, 0, NULL), CLM_EINVAL);
    clm_store_free(st);
}

/* The grade's refusals: each input out of range names its field; no known
 * input with a weight is refused as "weights"; *out is untouched. */
static void test_grade_refused(void **state)
{
    (void)state;
    clm_credit_policy *p = policy();
    clm_credit_grade_input in;
    CHECK_FAIL(clm_credit_grade_input_init(NULL), CLM_EINVAL);
    CHECK_OK(clm_credit_grade_input_init(&in));
    CHECK_I64(in.tenure_days, -1);
    clm_credit_grade g;
    memset(&g, 0x5A, sizeof g);
    clm_credit_grade before = g;
    /* A policy that weighs only the tenure, for a client whose tenure is
     * unknown: nothing with a weight is known. */
    clm_credit_policy *tenure_only = policy();
    clm_credit_weights w = { .version = CLM_CREDIT_WEIGHTS_VERSION, .tenure = 10,
                             .tenure_full_days = 730 };
    CHECK_OK(clm_credit_policy_set_weights(tenure_only, &w));
    CHECK_FAIL(clm_credit_grade_compute(&g, tenure_only, &in), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "weights");
    clm_credit_policy_free(tenure_only);
    in.tenure_days = -2;
    CHECK_FAIL(clm_credit_grade_compute(&g, p, &in), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "tenure_days");
    in.tenure_days = 100;
    in.has_paydex = 1;
    in.paydex = 101;
    CHECK_FAIL(clm_credit_grade_compute(&g, p, &in), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "paydex");
    in.paydex = 80;
    in.receivables = 100;
    in.overdue = 200;
    CHECK_FAIL(clm_credit_grade_compute(&g, p, &in), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "overdue");
    in.overdue = 0;
    const clm_credit_band bad = (clm_credit_band)9;
    in.bands = &bad;
    in.band_count = 1;
    CHECK_FAIL(clm_credit_grade_compute(&g, p, &in), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "bands");
    CHECK_FAIL(clm_credit_grade_compute(&g, NULL, &in), CLM_EINVAL);
    assert_memory_equal(&g, &before, sizeof g);
    clm_credit_policy_free(p);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_inits),
        cmocka_unit_test(test_weights_refused),
        cmocka_unit_test(test_grades_refused),
        cmocka_unit_test(test_limits_refused),
        cmocka_unit_test(test_check_rules_and_roles_refused),
        cmocka_unit_test(test_ledger_growth_and_nulls),
        cmocka_unit_test(test_model_builder_refused),
        cmocka_unit_test(test_policy_xml_refusals),
        cmocka_unit_test(test_exposure_orders),
        cmocka_unit_test(test_grade_refused),
    };
    return core_run("coverage_credit", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
}
