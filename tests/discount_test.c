/*
 * discount_test.c — pricing: each condition, each action, the stacking
 * modes, rounding, surcharges, caps, approvals, early payment and the
 * explanation trace. Figures from docs/rules.md, Discounts, where it gives them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "discount_support.h"

/* ---- stacking (ERPNext gave 100 for "10 % and 100 units", not 200) -------- */

static int64_t ten_and_hundred(clm_discount_stacking st, int32_t prio_pct, int32_t prio_amt)
{
    clm_discount_policy *p = t_policy(st);
    t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), prio_pct, NULL);
    t_rule(p, "hundred", CLM_DISCOUNT_AMOUNT_OFF_LINE, 10000, prio_amt, NULL);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 100000); /* 1000.00 RUB */
    clm_discount_document d = t_doc(&l, 1);
    int64_t net = t_net(p, &d);
    clm_discount_policy_free(p);
    return net;
}

static void test_stacking_ten_percent_and_hundred(void **state)
{
    (void)state;
    /* additive: 100 + 100 = 200 off */
    assert_int_equal(ten_and_hundred(CLM_DISCOUNT_STACK_ADDITIVE, 10, 5), 80000);
    /* compounding, percent first: 1000 -> 900 -> 800 */
    assert_int_equal(ten_and_hundred(CLM_DISCOUNT_STACK_COMPOUNDING, 10, 5), 80000);
    /* compounding, amount first: 1000 -> 900 -> 810 */
    assert_int_equal(ten_and_hundred(CLM_DISCOUNT_STACK_COMPOUNDING, 5, 10), 81000);
    /* best-only: both give 100; one of them applies */
    assert_int_equal(ten_and_hundred(CLM_DISCOUNT_STACK_BEST_ONLY, 10, 5), 90000);
}

static void test_stacking_two_tens(void **state)
{
    (void)state;
    clm_discount_stacking modes[] = { CLM_DISCOUNT_STACK_ADDITIVE, CLM_DISCOUNT_STACK_COMPOUNDING,
                                      CLM_DISCOUNT_STACK_BEST_ONLY };
    int64_t want[] = { 80000, 81000, 90000 }; /* 20 %, 19 %, 10 % */
    for (size_t m = 0; m < 3; m++) {
        clm_discount_policy *p = t_policy(modes[m]);
        t_rule(p, "a", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
        t_rule(p, "b", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
        clm_discount_line l = t_line("sku", NULL, UNITS(1), 100000);
        clm_discount_document d = t_doc(&l, 1);
        assert_int_equal(t_net(p, &d), want[m]);
        clm_discount_policy_free(p);
    }
}

static void test_best_only_picks_largest_and_explains(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_BEST_ONLY);
    t_rule(p, "small", CLM_DISCOUNT_PERCENT, PCT(5), 100, NULL);
    t_rule(p, "big", CLM_DISCOUNT_PERCENT, PCT(12), 0, NULL);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("sku", NULL, UNITS(2), 50000);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 88000);
    const clm_discount_trace_entry *x = t_find(r, 0, "small");
    assert_non_null(x);
    assert_int_equal(x->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
    assert_int_equal(x->amount, 0);
    assert_non_null(strstr(x->reason, "'big'"));
    assert_non_null(strstr(x->reason, "50.00 RUB")); /* what it would have given */
    x = t_find(r, 0, "big");
    assert_int_equal(x->kind, CLM_DISCOUNT_TRACE_APPLIED);
    assert_int_equal(x->before, 100000);
    assert_int_equal(x->after, 88000);
    assert_int_equal(x->amount, 12000);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_exclusion_group_keeps_best(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "vol5", CLM_DISCOUNT_PERCENT, PCT(5), 0, "volume");
    t_rule(p, "vol8", CLM_DISCOUNT_PERCENT, PCT(8), 0, "volume");
    t_rule(p, "promo", CLM_DISCOUNT_PERCENT, PCT(2), 0, NULL);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 100000);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    /* 8 % + 2 %, additive; 5 % excluded */
    assert_int_equal(clm_discount_result_line(r, 0)->net, 90000);
    assert_int_equal(clm_discount_result_line(r, 0)->rules_applied, 2);
    const clm_discount_trace_entry *x = t_find(r, 0, "vol5");
    assert_int_equal(x->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
    assert_non_null(strstr(x->reason, "exclusion group 'volume'"));
    assert_non_null(strstr(x->reason, "'vol8'"));
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_compounding_order_by_priority_then_definition(void **state)
{
    (void)state;
    /* fixed price 80.00 then 10 %: 72.00; 10 % then fixed 80.00: 80.00; equal
     * priorities: definition order (fixed first) */
    struct {
        int32_t fixed, ten;
        int64_t net;
    } cases[] = { { 1, 0, 7200 }, { 0, 1, 8000 }, { 0, 0, 7200 } };
    for (size_t i = 0; i < 3; i++) {
        clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
        t_rule(p, "fixed", CLM_DISCOUNT_FIXED_PRICE, 8000, cases[i].fixed, NULL);
        t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), cases[i].ten, NULL);
        clm_discount_line l = t_line("sku", NULL, UNITS(1), 10000);
        clm_discount_document d = t_doc(&l, 1);
        assert_int_equal(t_net(p, &d), cases[i].net);
        clm_discount_policy_free(p);
    }
}

/* ---- actions ------------------------------------------------------------------ */

static int64_t one_action(clm_discount_action a, int64_t qty, int64_t price)
{
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "r";
    r.action = a;
    assert_int_equal(clm_discount_policy_add_rule(NULL, p, &r), 0);
    clm_discount_line l = t_line("sku", NULL, qty, price);
    clm_discount_document d = t_doc(&l, 1);
    int64_t net = t_net(p, &d);
    clm_discount_policy_free(p);
    return net;
}

static void test_actions(void **state)
{
    (void)state;
    clm_discount_action a = { CLM_DISCOUNT_PERCENT, PCT(12.5), 0, 0, 0, 0, 0 };
    /* 3 x 199.99 = 599.97; 12.5 % = 74.99625; 524.97375 -> 524.97 (half-even) */
    assert_int_equal(one_action(a, UNITS(3), 19999), 52497);
    a = (clm_discount_action){ CLM_DISCOUNT_AMOUNT_OFF_UNIT, 0, 500, 0, 0, 0, 0 };
    /* 2.5 units x 100.00 = 250.00; 5.00 off each of 2.5 units = 12.50 */
    assert_int_equal(one_action(a, 2500, 10000), 23750);
    a = (clm_discount_action){ CLM_DISCOUNT_AMOUNT_OFF_LINE, 0, 1500, 0, 0, 0, 0 };
    assert_int_equal(one_action(a, UNITS(4), 1000), 2500);
    /* more off than the line is worth: cut to zero, never negative */
    a = (clm_discount_action){ CLM_DISCOUNT_AMOUNT_OFF_LINE, 0, 999999, 0, 0, 0, 0 };
    assert_int_equal(one_action(a, UNITS(1), 1000), 0);
    a = (clm_discount_action){ CLM_DISCOUNT_FIXED_PRICE, 0, 8000, 0, 0, 0, 0 };
    assert_int_equal(one_action(a, UNITS(3), 10000), 24000);
    /* a fixed price above the price never raises it */
    a = (clm_discount_action){ CLM_DISCOUNT_FIXED_PRICE, 0, 12000, 0, 0, 0, 0 };
    assert_int_equal(one_action(a, UNITS(3), 10000), 30000);
    /* buy 2 get 1: 7 units -> 2 free */
    a = (clm_discount_action){ CLM_DISCOUNT_FREE_GOODS, 0, 0, 2, 1, 0, 0 };
    assert_int_equal(one_action(a, UNITS(7), 1000), 5000);
    /* 7.5 units: fractions never count, still 2 free of 75.00 */
    assert_int_equal(one_action(a, 7500, 1000), 5500);
    /* 2 units: no complete set of 3 */
    assert_int_equal(one_action(a, UNITS(2), 1000), 2000);
}

static void test_surcharge_after_discounts(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    size_t s = t_rule(p, "deferral", CLM_DISCOUNT_SURCHARGE, PCT(2), 0, NULL);
    t_range(p, s, CLM_DISCOUNT_COND_DEFERRAL, 60, INT64_MAX);
    size_t s2 = t_rule(p, "small", CLM_DISCOUNT_SURCHARGE, PCT(1), 0, NULL);
    t_range(p, s2, CLM_DISCOUNT_COND_DOC_AMOUNT, INT64_MIN, 500000);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 100000);
    clm_discount_document d = t_doc(&l, 1);
    d.deferral_days = 60;
    clm_discount_result *r = t_eval(e, &d);
    const clm_discount_line_result *lr = clm_discount_result_line(r, 0);
    /* 1000 - 10 % = 900; + (2 % + 1 %) of 900 = 27 */
    assert_int_equal(lr->discount, 10000);
    assert_int_equal(lr->surcharge, 2700);
    assert_int_equal(lr->net, 92700);
    assert_int_equal(lr->base - lr->discount + lr->surcharge + lr->capped, lr->net);
    const clm_discount_trace_entry *x = t_find(r, 0, "deferral");
    assert_int_equal(x->stage, CLM_DISCOUNT_STAGE_SURCHARGE);
    assert_int_equal(x->amount, -1800);
    assert_int_equal(t_find(r, 0, "small")->amount, -900);
    clm_discount_result_free(r);
    d.deferral_days = 30;
    r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 90900);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_manual_discount_stacks_last(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 100000);
    l.manual_rate = PCT(5);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    /* 1000 -> 900 -> 855 */
    assert_int_equal(clm_discount_result_line(r, 0)->net, 85500);
    const clm_discount_trace_entry *x = t_find(r, 0, "manual");
    assert_non_null(x);
    assert_int_equal(x->rule, CLM_DISCOUNT_NONE);
    assert_int_equal(x->before, 90000);
    assert_int_equal(x->after, 85500);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- conditions ---------------------------------------------------------------- */

typedef struct cond_case {
    const char *name;
    void (*add)(clm_discount_policy *p, size_t rule);
    void (*yes)(clm_discount_document *d, clm_discount_line *l);
    void (*no)(clm_discount_document *d, clm_discount_line *l);
} cond_case;

static const char *cats[] = { "retail", "wholesale" };
static const char *coupons[] = { "WELCOME", "SUMMER25" };
static clm_discount_turnover turn365 = { 365, 150000000 };
static clm_discount_turnover turn180 = { 180, 150000000 };

#define SET_CASE(fn, kind, value) \
    static void fn(clm_discount_policy *p, size_t r) { t_set(p, r, kind, value); }
#define RANGE_CASE(fn, kind, lo, hi) \
    static void fn(clm_discount_policy *p, size_t r) { t_range(p, r, kind, lo, hi); }

SET_CASE(add_client, CLM_DISCOUNT_COND_CLIENT, "C-1")
static void y_client(clm_discount_document *d, clm_discount_line *l) { (void)l; d->client.id = "C-1"; }
static void n_client(clm_discount_document *d, clm_discount_line *l) { (void)l; d->client.id = "C-2"; }
SET_CASE(add_category, CLM_DISCOUNT_COND_CATEGORY, "wholesale")
static void y_category(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.categories = cats; d->client.category_count = 2; }
static void n_category(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.categories = cats; d->client.category_count = 1; }
SET_CASE(add_legal, CLM_DISCOUNT_COND_LEGAL_TYPE, "legal_entity")
static void y_legal(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.legal_type = clm_legal_type_name(CLM_LEGAL_ENTITY); }
static void n_legal(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.legal_type = clm_legal_type_name(CLM_SOLE_TRADER); }
SET_CASE(add_region, CLM_DISCOUNT_COND_REGION, "RU-MOW")
static void y_region(clm_discount_document *d, clm_discount_line *l) { (void)l; d->client.region = "RU-MOW"; }
static void n_region(clm_discount_document *d, clm_discount_line *l) { (void)l; d->client.region = "RU-SPE"; }
SET_CASE(add_risk, CLM_DISCOUNT_COND_RISK_CLASS, "A")
static void y_risk(clm_discount_document *d, clm_discount_line *l) { (void)l; d->client.risk_class = "A"; }
static void n_risk(clm_discount_document *d, clm_discount_line *l) { (void)l; d->client.risk_class = "a"; }
SET_CASE(add_product, CLM_DISCOUNT_COND_PRODUCT, "bolt-m8")
static void y_product(clm_discount_document *d, clm_discount_line *l) { (void)d; l->product = "bolt-m8"; }
static void n_product(clm_discount_document *d, clm_discount_line *l) { (void)d; l->product = "bolt-m10"; }
SET_CASE(add_group, CLM_DISCOUNT_COND_GROUP, "fasteners")
static void y_group(clm_discount_document *d, clm_discount_line *l) { (void)d; l->group = "screws"; }
static void n_group(clm_discount_document *d, clm_discount_line *l) { (void)d; l->group = "paint"; }
SET_CASE(add_coupon, CLM_DISCOUNT_COND_COUPON, "SUMMER25")
static void y_coupon(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->coupons = coupons; d->coupon_count = 2; }
static void n_coupon(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->coupons = coupons; d->coupon_count = 1; }
SET_CASE(add_channel, CLM_DISCOUNT_COND_CHANNEL, "web")
static void y_channel(clm_discount_document *d, clm_discount_line *l) { (void)l; d->channel = "web"; }
static void n_channel(clm_discount_document *d, clm_discount_line *l) { (void)l; d->channel = "shop"; }
RANGE_CASE(add_lqty, CLM_DISCOUNT_COND_LINE_QUANTITY, UNITS(10), INT64_MAX)
static void y_lqty(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = UNITS(10); }
static void n_lqty(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = 9999; }
RANGE_CASE(add_lamt, CLM_DISCOUNT_COND_LINE_AMOUNT, 500000, 1000000)
static void y_lamt(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = UNITS(50); }
static void n_lamt(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = UNITS(101); }
/* the document also holds a second line of 5 units in group "screws" */
RANGE_CASE(add_dqty, CLM_DISCOUNT_COND_DOC_QUANTITY, UNITS(20), INT64_MAX)
static void y_dqty(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = UNITS(15); }
static void n_dqty(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = UNITS(14); }
RANGE_CASE(add_damt, CLM_DISCOUNT_COND_DOC_AMOUNT, 200000, INT64_MAX)
static void y_damt(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = UNITS(15); }
static void n_damt(clm_discount_document *d, clm_discount_line *l) { (void)d; l->quantity = UNITS(14); }
static void add_gqty(clm_discount_policy *p, size_t r)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_GROUP_QUANTITY;
    c.group = "fasteners";
    c.min = UNITS(12);
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
}
/* 7 + 5 units in groups below "fasteners" */
static void y_gqty(clm_discount_document *d, clm_discount_line *l)
{ (void)d; l->group = "bolts"; l->quantity = UNITS(7); }
static void n_gqty(clm_discount_document *d, clm_discount_line *l)
{ (void)d; l->group = "paint"; l->quantity = UNITS(7); }
static void add_gamt(clm_discount_policy *p, size_t r)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_GROUP_AMOUNT;
    c.group = "screws";
    c.max = 55000;
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
}
static void y_gamt(clm_discount_document *d, clm_discount_line *l) { (void)d; l->group = "paint"; }
static void n_gamt(clm_discount_document *d, clm_discount_line *l) { (void)d; l->group = "screws"; }
static void add_date(clm_discount_policy *p, size_t r)
{
    clm_date a, b;
    clm_date_from_ymd(&a, 2025, 6, 1);
    clm_date_from_ymd(&b, 2025, 6, 30);
    t_range(p, r, CLM_DISCOUNT_COND_DATE, a, b);
}
static void y_date(clm_discount_document *d, clm_discount_line *l) { (void)l; clm_date_from_ymd(&d->date, 2025, 6, 30); }
static void n_date(clm_discount_document *d, clm_discount_line *l) { (void)l; clm_date_from_ymd(&d->date, 2025, 7, 1); }
RANGE_CASE(add_prepay, CLM_DISCOUNT_COND_PREPAYMENT, PCT(100), PCT(100))
static void y_prepay(clm_discount_document *d, clm_discount_line *l) { (void)l; d->prepayment = PCT(100); }
static void n_prepay(clm_discount_document *d, clm_discount_line *l) { (void)l; d->prepayment = PCT(50); }
RANGE_CASE(add_defer, CLM_DISCOUNT_COND_DEFERRAL, 0, 14)
static void y_defer(clm_discount_document *d, clm_discount_line *l) { (void)l; d->deferral_days = 14; }
static void n_defer(clm_discount_document *d, clm_discount_line *l) { (void)l; d->deferral_days = 15; }
static void add_turn(clm_discount_policy *p, size_t r)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_TURNOVER;
    c.period_days = 365;
    c.min = 100000000; /* 1 000 000.00 RUB */
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
}
static void y_turn(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.turnover = &turn365; d->client.turnover_count = 1; }
static void n_turn(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.turnover = &turn180; d->client.turnover_count = 1; }
RANGE_CASE(add_tenure, CLM_DISCOUNT_COND_TENURE, 730, INT64_MAX)
static void y_tenure(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.since = d->date - 730; }
static void n_tenure(clm_discount_document *d, clm_discount_line *l)
{ (void)l; d->client.since = d->date - 729; }

static const cond_case cond_cases[] = {
    { "client", add_client, y_client, n_client },
    { "category", add_category, y_category, n_category },
    { "legal-type", add_legal, y_legal, n_legal },
    { "region", add_region, y_region, n_region },
    { "risk-class", add_risk, y_risk, n_risk },
    { "product", add_product, y_product, n_product },
    { "group", add_group, y_group, n_group },
    { "coupon", add_coupon, y_coupon, n_coupon },
    { "channel", add_channel, y_channel, n_channel },
    { "line-quantity", add_lqty, y_lqty, n_lqty },
    { "line-amount", add_lamt, y_lamt, n_lamt },
    { "document-quantity", add_dqty, y_dqty, n_dqty },
    { "document-amount", add_damt, y_damt, n_damt },
    { "group-quantity", add_gqty, y_gqty, n_gqty },
    { "group-amount", add_gamt, y_gamt, n_gamt },
    { "date", add_date, y_date, n_date },
    { "prepayment", add_prepay, y_prepay, n_prepay },
    { "deferral", add_defer, y_defer, n_defer },
    { "turnover", add_turn, y_turn, n_turn },
    { "tenure", add_tenure, y_tenure, n_tenure },
};

/* Prices line 0 of a two-line document and returns its discount; checks the
 * trace names the failing condition when the rule does not apply. */
static int64_t cond_discount(const cond_case *c, int yes)
{
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "fasteners", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "screws", "fasteners"), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "bolts", "fasteners"), 0);
    size_t r = t_rule(p, "rule", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    c->add(p, r);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l[2] = { t_line("widget", NULL, UNITS(1), 10000),
                               t_line("screw-4x30", "screws", UNITS(5), 10000) };
    clm_discount_document d = t_doc(l, 2);
    (yes ? c->yes : c->no)(&d, &l[0]);
    clm_discount_result *res = t_eval(e, &d);
    int64_t disc = clm_discount_result_line(res, 0)->discount;
    const clm_discount_trace_entry *x = t_find(res, 0, "rule");
    if (x == NULL) /* a rule that looks only at the document: explained once */
        x = t_find(res, CLM_DISCOUNT_DOCUMENT, "rule");
    bool anchor = strcmp(c->name, "product") == 0 || strcmp(c->name, "group") == 0 ||
                  strcmp(c->name, "category") == 0;
    if (!yes && !anchor && x == NULL)
        fail_msg("condition %s: the rule is not in the trace", c->name);
    if (!yes && x != NULL) {
        /* considered by the index: it says which condition failed */
        if (x->kind != CLM_DISCOUNT_TRACE_NOT_MATCHED)
            fail_msg("condition %s: trace kind %d (%s)", c->name, (int)x->kind, x->reason);
        if (strncmp(x->reason, c->name, strlen(c->name)) != 0)
            fail_msg("condition %s: the reason '%s' does not name it", c->name, x->reason);
    }
    clm_discount_result_free(res);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
    return disc;
}

static void test_each_condition(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cond_cases / sizeof cond_cases[0]; i++) {
        const cond_case *c = &cond_cases[i];
        int64_t y = cond_discount(c, 1), n = cond_discount(c, 0);
        if (y <= 0 || n != 0)
            fail_msg("condition %s: discount %lld when it holds, %lld when not", c->name,
                     (long long)y, (long long)n);
    }
}

static void test_condition_values_are_any_of_and_conditions_all_of(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    size_t r = t_rule(p, "r", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    const char *prods[] = { "a", "b" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_PRODUCT;
    c.values = prods;
    c.value_count = 2;
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
    t_range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, UNITS(2), INT64_MAX);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l[3] = { t_line("a", NULL, UNITS(2), 1000), t_line("b", NULL, UNITS(2), 1000),
                               t_line("b", NULL, UNITS(1), 1000) };
    clm_discount_document d = t_doc(l, 3);
    clm_discount_result *res = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(res, 0)->discount, 200);
    assert_int_equal(clm_discount_result_line(res, 1)->discount, 200);
    assert_int_equal(clm_discount_result_line(res, 2)->discount, 0);
    clm_discount_result_free(res);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- rounding -------------------------------------------------------------------- */

static void test_rounding_modes_on_the_discounted_amount(void **state)
{
    (void)state;
    /* 0.05 RUB at 50 % off is 0.025: one rounding, by the policy's mode */
    struct {
        clm_rounding mode;
        int64_t net;
    } cases[] = {
        { CLM_ROUND_HALF_EVEN, 2 }, { CLM_ROUND_HALF_UP, 3 }, { CLM_ROUND_HALF_DOWN, 2 },
        { CLM_ROUND_UP, 3 },        { CLM_ROUND_DOWN, 2 },    { CLM_ROUND_CEILING, 3 },
        { CLM_ROUND_FLOOR, 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
        assert_int_equal(clm_discount_policy_set_rounding(p, cases[i].mode), 0);
        t_rule(p, "half", CLM_DISCOUNT_PERCENT, PCT(50), 0, NULL);
        clm_discount_line l = t_line("sku", NULL, UNITS(1), 5);
        clm_discount_document d = t_doc(&l, 1);
        int64_t net = t_net(p, &d);
        if (net != cases[i].net)
            fail_msg("mode %s: net %lld, want %lld", clm_rounding_name(cases[i].mode),
                     (long long)net, (long long)cases[i].net);
        clm_discount_policy_free(p);
    }
}

static void test_rounding_base_of_fractional_quantity(void **state)
{
    (void)state;
    /* 0.99 RUB x 0.333 = 0.32967 -> 0.33 half-even, 0.32 down */
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    clm_discount_line l = t_line("sku", NULL, 333, 99);
    clm_discount_document d = t_doc(&l, 1);
    assert_int_equal(t_net(p, &d), 33);
    clm_discount_policy_set_rounding(p, CLM_ROUND_DOWN);
    assert_int_equal(t_net(p, &d), 32);
    clm_discount_policy_free(p);
}

static void test_rounding_once_and_parts_add_up(void **state)
{
    (void)state;
    /* three additive 3.333 % off 1.00: 9.999 kopecks exact; net 90.001 ->
     * 90 once; the 10 kopecks split 4/3/3 by largest remainder (equal
     * remainders: the first applied gets the unit) */
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "a", CLM_DISCOUNT_PERCENT, 33330, 0, NULL);
    t_rule(p, "b", CLM_DISCOUNT_PERCENT, 33330, 0, NULL);
    t_rule(p, "c", CLM_DISCOUNT_PERCENT, 33330, 0, NULL);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 100);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 90);
    assert_int_equal(t_find(r, 0, "a")->amount, 4);
    assert_int_equal(t_find(r, 0, "b")->amount, 3);
    assert_int_equal(t_find(r, 0, "c")->amount, 3);
    assert_int_equal(t_find(r, 0, "c")->after, 90);
    const clm_discount_trace_entry *x = t_find(r, 0, "rounding");
    assert_non_null(x);
    assert_non_null(strstr(x->reason, "half-even"));
    assert_non_null(strstr(x->reason, "0.90001 RUB"));
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_percentages_do_not_drift(void **state)
{
    (void)state;
    /* 12.6582 % of 158.00 is 20.000 (ppm keep 4 decimals of a percent): a
     * two-decimal 12.66 % would give 137.997; here 138.00 exactly */
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    t_rule(p, "r", CLM_DISCOUNT_PERCENT, 126582, 0, NULL);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 15800);
    clm_discount_document d = t_doc(&l, 1);
    assert_int_equal(t_net(p, &d), 13800);
    clm_discount_policy_free(p);
}

/* ---- caps ------------------------------------------------------------------------ */

static void test_line_cap_and_role_override(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "r", CLM_DISCOUNT_PERCENT, PCT(30), 0, NULL);
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = PCT(15);
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    caps.max_line = PCT(25);
    assert_int_equal(clm_discount_policy_add_role_caps(p, "head_of_department", &caps), 0);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 100000);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    const clm_discount_line_result *lr = clm_discount_result_line(r, 0);
    assert_int_equal(lr->discount, 30000);
    assert_int_equal(lr->capped, 15000);
    assert_int_equal(lr->net, 85000);
    const clm_discount_trace_entry *x = t_find(r, 0, "cap:line");
    assert_int_equal(x->before, 70000);
    assert_int_equal(x->after, 85000);
    assert_int_equal(x->amount, -15000);
    assert_non_null(strstr(x->reason, "15%"));
    clm_discount_result_free(r);
    d.role = "head_of_department";
    r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 75000);
    clm_discount_result_free(r);
    d.role = "manager"; /* no override: the policy's caps */
    r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 85000);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static int64_t floor_net(clm_discount_margin_basis b, clm_rate floor, int64_t cost,
                         int64_t price, clm_rate off)
{
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_set_margin_basis(p, b), 0);
    t_rule(p, "r", CLM_DISCOUNT_PERCENT, off, 0, NULL);
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.margin_floor = floor;
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    clm_discount_line l = t_line("sku", NULL, UNITS(1), price);
    l.has_cost = 1;
    l.unit_cost.amount = cost;
    clm_discount_document d = t_doc(&l, 1);
    int64_t net = t_net(p, &d);
    clm_discount_policy_free(p);
    return net;
}

static void test_margin_floor(void **state)
{
    (void)state;
    /* cost 80, +10 % on cost = 88; 30 % off 100 = 70 -> 88 */
    assert_int_equal(floor_net(CLM_DISCOUNT_MARGIN_ON_COST, PCT(10), 8000, 10000, PCT(30)), 8800);
    /* 5 % off -> 95 is above the floor: unchanged */
    assert_int_equal(floor_net(CLM_DISCOUNT_MARGIN_ON_COST, PCT(10), 8000, 10000, PCT(5)), 9500);
    /* the floor never lifts above the base: cost 100 + 10 % > price 100 */
    assert_int_equal(floor_net(CLM_DISCOUNT_MARGIN_ON_COST, PCT(10), 10000, 10000, PCT(5)), 10000);
    /* 20 % margin on price: cost 80 / 0.8 = 100; price 120 - 30 % = 84 -> 100 */
    assert_int_equal(floor_net(CLM_DISCOUNT_MARGIN_ON_PRICE, PCT(20), 8000, 12000, PCT(30)), 10000);
    /* rounded up, never below: cost 0.01 on price 1 % margin -> 0.0101.. -> 0.02 */
    assert_int_equal(floor_net(CLM_DISCOUNT_MARGIN_ON_COST, PCT(1), 1, 100, PCT(99)), 2);
}

static void test_document_cap_shares_excess_and_adds_up(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    size_t a = t_rule(p, "a", CLM_DISCOUNT_PERCENT, PCT(30), 0, NULL);
    t_set(p, a, CLM_DISCOUNT_COND_PRODUCT, "x");
    size_t b = t_rule(p, "b", CLM_DISCOUNT_PERCENT, PCT(15), 0, NULL);
    t_set(p, b, CLM_DISCOUNT_COND_PRODUCT, "y");
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_document = PCT(10);
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    clm_discount_engine *e = t_compile(p);
    /* bases 1000 and 2000: discounts 300 + 300; allowed 300; 150 back each */
    clm_discount_line l[3] = { t_line("x", NULL, UNITS(1), 100000),
                               t_line("y", NULL, UNITS(2), 100000),
                               t_line("z", NULL, UNITS(1), 333) };
    clm_discount_document d = t_doc(l, 2);
    clm_discount_result *r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 85000);
    assert_int_equal(clm_discount_result_line(r, 0)->capped, 15000);
    assert_int_equal(clm_discount_result_line(r, 1)->net, 185000);
    const clm_discount_totals *t = clm_discount_result_totals(r);
    assert_int_equal(t->net, 270000);
    assert_int_equal(t->capped, 30000);
    assert_int_equal(t->rate, PCT(10));
    assert_non_null(t_find(r, CLM_DISCOUNT_DOCUMENT, "cap:document"));
    assert_int_equal(t_find(r, 1, "cap:document")->amount, -15000);
    clm_discount_result_free(r);
    /* with an odd amount the lines still add up to the total exactly */
    d.line_count = 3;
    r = t_eval(e, &d);
    t = clm_discount_result_totals(r);
    int64_t sum = 0;
    for (size_t i = 0; i < 3; i++)
        sum += clm_discount_result_line(r, i)->net;
    assert_int_equal(sum, t->net);
    /* allowed: 10 % of 3003.33 = 300.333 -> 300.33 */
    assert_int_equal(t->base - t->net, 30033);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- approvals (docs/rules.md, Discounts) ----------------------------------------- */

static clm_discount_policy *ladder_policy(int top_limited)
{
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    clm_discount_approval steps[] = {
        { "manager", PCT(10), CLM_DISCOUNT_NO_LIMIT },
        { "head_of_department", PCT(20), CLM_DISCOUNT_NO_LIMIT },
        { "commercial_director", PCT(30), CLM_DISCOUNT_NO_LIMIT },
        { "general_director", top_limited ? PCT(40) : CLM_DISCOUNT_NO_LIMIT,
          CLM_DISCOUNT_NO_LIMIT },
    };
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(clm_discount_policy_add_approval(p, &steps[i]), 0);
    return p;
}

static void test_approval_ladder_by_discount(void **state)
{
    (void)state;
    clm_discount_policy *p = ladder_policy(0);
    clm_discount_engine *e = t_compile(p);
    struct {
        clm_rate manual;
        const char *role;
        const char *why;
    } cases[] = {
        { PCT(0), "manager", "no discount" },
        { PCT(10), "manager", "within manager's 10%" },
        { PCT(10) + 1, "head_of_department", "exceeds manager's 10%" },
        { PCT(20), "head_of_department", "discount 20% exceeds manager's 10%; head_of_department may grant 20%" },
        { PCT(24.5), "commercial_director", "line 2: discount 24.5% exceeds head_of_department's 20%" },
        { PCT(35), "general_director", "exceeds commercial_director's 30%; general_director may grant no limit" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* 1 000 000.00 RUB a line, so that 1 ppm is more than a kopeck */
        clm_discount_line l[2] = { t_line("a", NULL, UNITS(1), 100000000),
                                   t_line("b", NULL, UNITS(1), 100000000) };
        l[0].manual_rate = cases[i].manual > PCT(5) ? PCT(5) : cases[i].manual;
        l[1].manual_rate = cases[i].manual;
        clm_discount_document d = t_doc(l, 2);
        clm_discount_result *r = t_eval(e, &d);
        const char *why = NULL;
        const char *role = clm_discount_result_approval(r, &why);
        if (role == NULL || strcmp(role, cases[i].role) != 0 || strstr(why, cases[i].why) == NULL)
            fail_msg("manual %lld ppm: got %s (%s), want %s (%s)", (long long)cases[i].manual,
                     role ? role : "NULL", why, cases[i].role, cases[i].why);
        assert_int_equal(clm_discount_result_totals(r)->approvable, 1);
        assert_non_null(t_find(r, CLM_DISCOUNT_DOCUMENT, "approval"));
        clm_discount_result_free(r);
    }
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_approval_role_suffices_and_none_can(void **state)
{
    (void)state;
    clm_discount_policy *p = ladder_policy(1);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("a", NULL, UNITS(1), 100000);
    l.manual_rate = PCT(15);
    clm_discount_document d = t_doc(&l, 1);
    d.role = "manager";
    clm_discount_result *r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_totals(r)->approval, 1);
    assert_int_equal(clm_discount_result_totals(r)->role_suffices, 0);
    clm_discount_result_free(r);
    d.role = "commercial_director";
    r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_totals(r)->role_suffices, 1);
    clm_discount_result_free(r);
    l.manual_rate = PCT(45);
    r = t_eval(e, &d);
    const char *why;
    assert_null(clm_discount_result_approval(r, &why));
    assert_int_equal(clm_discount_result_totals(r)->approvable, 0);
    assert_int_equal(clm_discount_result_totals(r)->approval, CLM_DISCOUNT_NONE);
    assert_int_equal(clm_discount_result_totals(r)->role_suffices, 0);
    assert_non_null(strstr(why, "exceeds every role's limit"));
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_approval_by_margin_left(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_set_margin_basis(p, CLM_DISCOUNT_MARGIN_ON_PRICE), 0);
    clm_discount_approval steps[] = {
        { "manager", CLM_DISCOUNT_NO_LIMIT, PCT(25) },
        { "director", CLM_DISCOUNT_NO_LIMIT, PCT(10) },
        { "owner", CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT },
    };
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(clm_discount_policy_add_approval(p, &steps[i]), 0);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("a", NULL, UNITS(1), 10000);
    l.has_cost = 1;
    l.unit_cost.amount = 7000;
    clm_rate manual[] = { 0, PCT(10), PCT(25) };
    /* net 100 -> margin 30 %; 90 -> 22.2 %; 75 -> 6.67 % */
    const char *want[] = { "manager", "director", "owner" };
    for (size_t i = 0; i < 3; i++) {
        l.manual_rate = manual[i];
        clm_discount_document d = t_doc(&l, 1);
        clm_discount_result *r = t_eval(e, &d);
        const char *why;
        assert_string_equal(clm_discount_result_approval(r, &why), want[i]);
        if (i == 1) {
            assert_int_equal(clm_discount_result_totals(r)->min_margin, 222222);
            assert_non_null(strstr(why, "margin 22.2222% on price is below manager's 25%"));
        }
        clm_discount_result_free(r);
    }
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_no_ladder_needs_no_approval(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    clm_discount_line l = t_line("a", NULL, UNITS(1), 100000);
    l.manual_rate = PCT(50);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_engine *e = t_compile(p);
    clm_discount_result *r = t_eval(e, &d);
    const char *why;
    assert_null(clm_discount_result_approval(r, &why));
    assert_string_equal(why, "the policy has no approval ladder");
    assert_int_equal(clm_discount_result_totals(r)->approvable, 1);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- early payment (docs/rules.md, Discounts: 2/10 net 30 costs 37.24 % a year) -- */

static void test_early_payment_cost_formula(void **state)
{
    (void)state;
    clm_rate c = 0;
    assert_int_equal(clm_discount_early_payment_cost(&c, PCT(2), 10, 30, CLM_ROUND_HALF_EVEN), 0);
    assert_int_equal(c, 372449); /* 37.2449 % = 37.24 % to two decimals */
    assert_int_equal(clm_discount_early_payment_cost(&c, PCT(2), 10, 30, CLM_ROUND_DOWN), 0);
    assert_int_equal(c, 372448);
    /* 1/10 net 30: 0.01/0.99 x 365/20 = 18.4343 % */
    assert_int_equal(clm_discount_early_payment_cost(&c, PCT(1), 10, 30, CLM_ROUND_HALF_EVEN), 0);
    assert_int_equal(c, 184343);
    c = 7;
    assert_int_equal(clm_discount_early_payment_cost(&c, 0, 10, 30, CLM_ROUND_HALF_EVEN), CLM_EINVAL);
    assert_int_equal(clm_discount_early_payment_cost(&c, PCT(100), 10, 30, CLM_ROUND_HALF_EVEN),
                     CLM_EINVAL);
    /* the rate in the message is a percent, not a ppm count */
    assert_non_null(strstr(clm_error_last()->message, "(got 100%)"));
    assert_int_equal(clm_discount_early_payment_cost(&c, -125, 10, 30, CLM_ROUND_HALF_EVEN), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "(got -0.0125%)"));
    assert_int_equal(clm_discount_early_payment_cost(&c, PCT(2), 30, 30, CLM_ROUND_HALF_EVEN),
                     CLM_EINVAL);
    assert_int_equal(clm_discount_early_payment_cost(&c, PCT(2), -1, 30, CLM_ROUND_HALF_EVEN),
                     CLM_EINVAL);
    assert_int_equal(clm_discount_early_payment_cost(NULL, PCT(2), 10, 30, CLM_ROUND_HALF_EVEN),
                     CLM_EINVAL);
    assert_int_equal(c, 7);
}

static void test_early_payment_on_document(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "2-10-net-30";
    r.action = (clm_discount_action){ CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0, 0, 0, 10, 30 };
    size_t ri;
    assert_int_equal(clm_discount_policy_add_rule(&ri, p, &r), 0);
    t_set(p, ri, CLM_DISCOUNT_COND_CATEGORY, "wholesale");
    r.id = "1-10-net-30";
    r.action.rate = PCT(1);
    assert_int_equal(clm_discount_policy_add_rule(NULL, p, &r), 0);
    t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("a", NULL, UNITS(3), 33333);
    clm_discount_document d = t_doc(&l, 1);
    d.client.categories = cats;
    d.client.category_count = 2;
    clm_discount_result *res = t_eval(e, &d);
    const clm_discount_totals *t = clm_discount_result_totals(res);
    /* the terms never change a line: 999.99 - 10 % = 899.991 -> 899.99 */
    assert_int_equal(t->net, 89999);
    assert_int_equal(t->has_early_payment, 1);
    assert_int_equal(t->early_payment_rule, ri);
    assert_int_equal(t->early_payment_rate, PCT(2));
    assert_int_equal(t->early_payment_days, 10);
    assert_int_equal(t->early_payment_net_days, 30);
    assert_int_equal(t->early_payment_amount, 1800); /* 17.9998 -> 18.00 */
    assert_int_equal(t->early_payment_annual_cost, 372449);
    const clm_discount_trace_entry *x = t_find(res, CLM_DISCOUNT_DOCUMENT, "early-payment");
    assert_non_null(x);
    assert_non_null(strstr(x->reason, "37.2449%"));
    assert_non_null(strstr(x->reason, "within 10 days"));
    x = t_find(res, CLM_DISCOUNT_DOCUMENT, "1-10-net-30");
    assert_int_equal(x->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
    clm_discount_result_free(res);
    /* not wholesale: only 1/10 net 30 */
    d.client.category_count = 1;
    res = t_eval(e, &d);
    assert_int_equal(clm_discount_result_totals(res)->early_payment_rate, PCT(1));
    assert_int_equal(t_find(res, CLM_DISCOUNT_DOCUMENT, "2-10-net-30")->kind,
                     CLM_DISCOUNT_TRACE_NOT_MATCHED);
    clm_discount_result_free(res);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- trace ---------------------------------------------------------------------- */

static void test_trace_tells_the_whole_story(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    size_t a = t_rule(p, "wholesale-5", CLM_DISCOUNT_PERCENT, PCT(5), 10, NULL);
    t_set(p, a, CLM_DISCOUNT_COND_CATEGORY, "wholesale");
    size_t b = t_rule(p, "vip-15", CLM_DISCOUNT_PERCENT, PCT(15), 10, NULL);
    t_set(p, b, CLM_DISCOUNT_COND_CATEGORY, "vip");
    size_t c = t_rule(p, "volume-3", CLM_DISCOUNT_PERCENT, PCT(3), 0, NULL);
    t_range(p, c, CLM_DISCOUNT_COND_LINE_QUANTITY, UNITS(100), INT64_MAX);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("a", NULL, UNITS(100), 1000);
    clm_discount_document d = t_doc(&l, 1);
    d.client.categories = cats;
    d.client.category_count = 2;
    clm_discount_result *r = t_eval(e, &d);
    /* base; wholesale-5 applied; volume-3 applied; vip-15 is filed under a
     * category the client is not in: never considered */
    size_t n = clm_discount_result_trace_count(r, 0);
    assert_int_equal(n, 3);
    const clm_discount_trace_entry *x = clm_discount_result_trace(r, 0, 0);
    assert_string_equal(x->name, "base");
    assert_int_equal(x->stage, CLM_DISCOUNT_STAGE_BASE);
    assert_int_equal(x->after, 100000);
    assert_string_equal(x->reason, "10.00 RUB x 100 = 1000.00 RUB (product a)");
    x = clm_discount_result_trace(r, 0, 1);
    assert_string_equal(x->name, "wholesale-5");
    assert_int_equal(x->rule, a);
    assert_int_equal(x->kind, CLM_DISCOUNT_TRACE_APPLIED);
    assert_int_equal(x->before, 100000);
    assert_int_equal(x->after, 95000);
    assert_non_null(strstr(x->reason, "5% off"));
    x = clm_discount_result_trace(r, 0, 2);
    assert_string_equal(x->name, "volume-3");
    assert_int_equal(x->before, 95000);
    assert_int_equal(x->after, 92150);
    assert_null(clm_discount_result_trace(r, 0, 3));
    assert_null(clm_discount_result_trace(r, 1, 0));
    assert_int_equal(clm_discount_result_trace_count(r, 1), 0);
    /* the document: total and approval */
    x = t_find(r, CLM_DISCOUNT_DOCUMENT, "total");
    assert_int_equal(x->before, 100000);
    assert_int_equal(x->after, 92150);
    assert_int_equal(x->amount, 7850);
    clm_discount_result_free(r);
    /* quantity 99: volume-3 considered, not matched, and says why */
    l.quantity = UNITS(99);
    r = t_eval(e, &d);
    x = t_find(r, 0, "volume-3");
    assert_int_equal(x->kind, CLM_DISCOUNT_TRACE_NOT_MATCHED);
    assert_string_equal(x->reason, "line-quantity: 99 is not at least 100");
    clm_discount_result_free(r);
    /* without a trace the figures are the same and no entry is kept */
    clm_discount_eval_options o;
    assert_int_equal(clm_discount_eval_options_init(&o), 0);
    o.trace = 0;
    assert_int_equal(clm_discount_engine_evaluate(&r, e, &d, &o), 0);
    assert_int_equal(clm_discount_result_trace_count(r, 0), 0);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 99 * 1000 * 95 / 100);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_index_considers_only_relevant_rules(void **state)
{
    (void)state;
    /* 10 000 product rules: a line sees the one for its product */
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    char id[32], prod[32];
    for (int i = 0; i < 10000; i++) {
        snprintf(id, sizeof id, "r%d", i);
        snprintf(prod, sizeof prod, "p%d", i);
        size_t r = t_rule(p, id, CLM_DISCOUNT_PERCENT, 1 + i, 0, NULL);
        t_set(p, r, CLM_DISCOUNT_COND_PRODUCT, prod);
    }
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("p4242", NULL, UNITS(1), 1000000);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_trace_count(r, 0), 2);
    assert_string_equal(clm_discount_result_trace(r, 0, 1)->name, "r4242");
    assert_int_equal(clm_discount_result_line(r, 0)->discount, 4243);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_rule_reached_twice_counts_once(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "fasteners", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "screws", "fasteners"), 0);
    const char *both[] = { "fasteners", "screws" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_GROUP;
    c.values = both;
    c.value_count = 2;
    size_t r = t_rule(p, "g", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
    const char *vg[] = { "vip", "gold" };
    c.kind = CLM_DISCOUNT_COND_CATEGORY;
    c.values = vg;
    r = t_rule(p, "c", CLM_DISCOUNT_PERCENT, PCT(5), 0, NULL);
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
    /* values listed twice file the rule once */
    const char *twice[] = { "screws", "screws" };
    c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_GROUP;
    c.values = twice;
    c.value_count = 2;
    r = t_rule(p, "twice", CLM_DISCOUNT_PERCENT, PCT(2), 0, NULL);
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
    /* a group the policy never declares is a leaf that still matches */
    r = t_rule(p, "misc", CLM_DISCOUNT_PERCENT, PCT(1), 0, NULL);
    t_set(p, r, CLM_DISCOUNT_COND_GROUP, "misc");
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l[2] = { t_line("a", "screws", UNITS(1), 10000),
                               t_line("b", "misc", UNITS(1), 10000) };
    clm_discount_document d = t_doc(l, 2);
    d.client.categories = vg;
    d.client.category_count = 2;
    for (int traced = 0; traced < 2; traced++) {
        clm_discount_eval_options o = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
        o.trace = traced;
        clm_discount_result *res;
        assert_int_equal(clm_discount_engine_evaluate(&res, e, &d, &o), 0);
        /* 10 % (via both groups) + 5 % (via both categories) + 2 %, once each */
        assert_int_equal(clm_discount_result_line(res, 0)->discount, 1700);
        assert_int_equal(clm_discount_result_line(res, 0)->rules_applied, 3);
        assert_int_equal(clm_discount_result_line(res, 1)->discount, 600);
        if (traced)
            assert_int_equal(clm_discount_result_trace_count(res, 0), 4); /* base, g, c, twice */
        clm_discount_result_free(res);
    }
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_document_cap_leftover_goes_to_first_lines(void **state)
{
    (void)state;
    /* 20 equal lines: the excess of 7 kopecks goes one each to lines 0-6 */
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_document = 99965; /* 9.9965 % of 2000.00 = 199.93 */
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l[20];
    for (size_t i = 0; i < 20; i++)
        l[i] = t_line("a", NULL, UNITS(1), 10000);
    clm_discount_document d = t_doc(l, 20);
    clm_discount_result *r = t_eval(e, &d);
    for (size_t i = 0; i < 20; i++)
        assert_int_equal(clm_discount_result_line(r, i)->net, i < 7 ? 9001 : 9000);
    assert_int_equal(clm_discount_result_totals(r)->net, 180007);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_tier_table_same_with_and_without_trace(void **state)
{
    (void)state;
    /* document tiers in one exclusion group with a product rule: the fast
     * path drops dominated tiers, the traced path lists them; same figures */
    clm_discount_stacking modes[] = { CLM_DISCOUNT_STACK_COMPOUNDING, CLM_DISCOUNT_STACK_ADDITIVE,
                                      CLM_DISCOUNT_STACK_BEST_ONLY };
    for (size_t m = 0; m < 3; m++) {
        clm_discount_policy *p = t_policy(modes[m]);
        static const int64_t from[] = { 0, 100000, 500000 };
        static const double pct[] = { 3, 5, 8 };
        char id[16];
        for (int i = 0; i < 3; i++) {
            snprintf(id, sizeof id, "tier%d", i);
            size_t r = t_rule(p, id, CLM_DISCOUNT_PERCENT, PCT(pct[i]), 0, "tier");
            t_range(p, r, CLM_DISCOUNT_COND_DOC_AMOUNT, from[i], INT64_MAX);
        }
        size_t r = t_rule(p, "x9", CLM_DISCOUNT_PERCENT, PCT(9), 0, "tier");
        t_set(p, r, CLM_DISCOUNT_COND_PRODUCT, "x");
        t_rule(p, "extra", CLM_DISCOUNT_PERCENT, PCT(1), 0, NULL);
        clm_discount_engine *e = t_compile(p);
        clm_discount_line l[3] = { t_line("x", NULL, UNITS(1), 100000),
                                   t_line("y", NULL, UNITS(5), 100000),
                                   t_line("z", NULL, UNITS(1), 0) };
        clm_discount_document d = t_doc(l, 3);
        clm_discount_result *traced = t_eval(e, &d);
        clm_discount_line_result fast[3];
        clm_discount_totals tot;
        assert_int_equal(clm_discount_engine_price_batch(fast, 3, &tot, e, &d, 1), 0);
        for (size_t i = 0; i < 3; i++)
            assert_memory_equal(clm_discount_result_line(traced, i), &fast[i], sizeof fast[i]);
        assert_memory_equal(clm_discount_result_totals(traced), &tot, sizeof tot);
        /* line x: 9 % beats tier 8 %; line y: tier 8 % */
        int64_t want_x[] = { 100000 - 91000 + 910, 10000, 9000 };
        int64_t want_y[] = { 500000 - 460000 + 4600, 45000, 40000 };
        assert_int_equal(fast[0].discount, want_x[m]);
        assert_int_equal(fast[1].discount, want_y[m]);
        assert_int_equal(t_find(traced, 1, "tier0")->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
        clm_discount_result_free(traced);
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
    }
}

static void test_line_rate_and_margin_round_outwards(void **state)
{
    (void)state;
    /* 0.07 RUB + 50 % surcharge = 0.105 -> 0.11 (half-even: 3.5 -> 4):
     * rate -4/7 = -0.571428... % -> CEILING -571428 ppm */
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "s", CLM_DISCOUNT_SURCHARGE, PCT(50), 0, NULL);
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l = t_line("a", NULL, UNITS(1), 7);
    l.has_cost = 1;
    l.unit_cost.amount = 12; /* margin on cost (11 - 12) / 12 = -8.33..% -> FLOOR */
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    const clm_discount_line_result *lr = clm_discount_result_line(r, 0);
    assert_int_equal(lr->net, 11);
    assert_int_equal(lr->rate, -571428);
    assert_int_equal(lr->has_margin, 1);
    assert_int_equal(lr->margin, -83334);
    /* the document: no line with a positive rate */
    assert_int_equal(clm_discount_result_totals(r)->max_line, CLM_DISCOUNT_NONE);
    clm_discount_result_free(r);
    /* 1/3 off 0.03 -> 0.02: rate 33.3333..% -> CEILING 333334 ppm */
    clm_discount_policy *q = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(q, "third", CLM_DISCOUNT_AMOUNT_OFF_LINE, 1, 0, NULL);
    clm_discount_engine *f = t_compile(q);
    l = t_line("a", NULL, UNITS(1), 3);
    d = t_doc(&l, 1);
    r = t_eval(f, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->rate, 333334);
    assert_int_equal(clm_discount_result_totals(r)->max_line_rate, 333334);
    clm_discount_result_free(r);
    clm_discount_engine_free(f);
    clm_discount_policy_free(q);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- coupons compare by ASCII case folding unless the policy says exact --- */

static int64_t coupon_net(clm_discount_coupon_match m, const char *typed)
{
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    if (m != 0)
        assert_int_equal(clm_discount_policy_set_coupon_match(p, m), 0);
    size_t r = t_rule(p, "spring", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    t_set(p, r, CLM_DISCOUNT_COND_COUPON, "Spring10");
    clm_discount_line l = t_line("sku", NULL, UNITS(1), 100000);
    clm_discount_document d = t_doc(&l, 1);
    d.coupons = &typed;
    d.coupon_count = 1;
    int64_t net = t_net(p, &d);
    clm_discount_policy_free(p);
    return net;
}

static void test_coupon_codes_fold_ascii_case(void **state)
{
    (void)state;
    assert_int_equal(clm_discount_policy_coupon_match(NULL), CLM_DISCOUNT_COUPON_FOLD_ASCII);
    /* default: ASCII case folding */
    assert_int_equal(coupon_net(0, "SPRING10"), 90000);
    assert_int_equal(coupon_net(0, "spring10"), 90000);
    assert_int_equal(coupon_net(0, "spring1"), 100000);
    /* exact: byte for byte */
    assert_int_equal(coupon_net(CLM_DISCOUNT_COUPON_EXACT, "SPRING10"), 100000);
    assert_int_equal(coupon_net(CLM_DISCOUNT_COUPON_EXACT, "Spring10"), 90000);
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_set_coupon_match(p, (clm_discount_coupon_match)5),
                     CLM_EINVAL);
    assert_int_equal(clm_discount_policy_coupon_match(p), CLM_DISCOUNT_COUPON_FOLD_ASCII);
    assert_string_equal(clm_discount_coupon_match_name(CLM_DISCOUNT_COUPON_EXACT), "exact");
    clm_discount_coupon_match m;
    assert_int_equal(clm_discount_coupon_match_from_name(&m, "fold-ascii"), 0);
    assert_int_equal(m, CLM_DISCOUNT_COUPON_FOLD_ASCII);
    /* the setting survives a copy */
    assert_int_equal(clm_discount_policy_set_coupon_match(p, CLM_DISCOUNT_COUPON_EXACT), 0);
    clm_discount_policy *q = NULL;
    assert_int_equal(clm_discount_policy_dup(&q, p), 0);
    assert_int_equal(clm_discount_policy_coupon_match(q), CLM_DISCOUNT_COUPON_EXACT);
    clm_discount_policy_free(q);
    clm_discount_policy_free(p);
}

/* ---- an amount off the whole document ------------------------------------ */

static clm_discount_result *doc_amount(clm_discount_stacking st, int64_t amount,
                                       const int64_t *prices, size_t n, int with_percent)
{
    clm_discount_policy *p = t_policy(st);
    size_t r = t_rule(p, "promo-100", CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT, amount, 0, NULL);
    t_set(p, r, CLM_DISCOUNT_COND_COUPON, "PROMO");
    if (with_percent)
        t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), 10, NULL);
    clm_discount_line l[4];
    for (size_t i = 0; i < n; i++)
        l[i] = t_line(i == 0 ? "a" : i == 1 ? "b" : i == 2 ? "c" : "d", NULL, UNITS(1), prices[i]);
    clm_discount_document d = t_doc(l, n);
    const char *coupon = "promo";
    d.coupons = &coupon;
    d.coupon_count = 1;
    clm_discount_engine *e = t_compile(p);
    clm_discount_result *res = t_eval(e, &d);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
    return res;
}

static void test_amount_off_document_split(void **state)
{
    (void)state;
    /* 100.00 off 100 + 200 + 300: exact shares 16.666..., 33.333..., 50.00;
     * floors 16.66 + 33.33 + 50.00 = 99.99, the cent left goes to the
     * largest remainder (line 1, .666) */
    const int64_t prices[] = { 10000, 20000, 30000 };
    clm_discount_result *r = doc_amount(CLM_DISCOUNT_STACK_ADDITIVE, 10000, prices, 3, 0);
    assert_int_equal(clm_discount_result_line(r, 0)->discount, 1667);
    assert_int_equal(clm_discount_result_line(r, 1)->discount, 3333);
    assert_int_equal(clm_discount_result_line(r, 2)->discount, 5000);
    assert_int_equal(clm_discount_result_totals(r)->net, 50000);
    /* traced: on each line as the rule applied, and once on the document */
    const clm_discount_trace_entry *t = t_find(r, 0, "promo-100");
    assert_non_null(t);
    assert_int_equal(t->kind, CLM_DISCOUNT_TRACE_APPLIED);
    assert_int_equal(t->amount, 1667);
    assert_non_null(strstr(t->reason, "share of 100.00 RUB off the document"));
    t = t_find(r, CLM_DISCOUNT_DOCUMENT, "promo-100");
    assert_non_null(t);
    assert_non_null(strstr(t->reason, "largest remainders"));
    clm_discount_result_free(r);

    /* equal remainders: the earlier line gets the cent */
    const int64_t eq[] = { 10000, 10000, 10000 };
    r = doc_amount(CLM_DISCOUNT_STACK_ADDITIVE, 10000, eq, 3, 0);
    assert_int_equal(clm_discount_result_line(r, 0)->discount, 3334);
    assert_int_equal(clm_discount_result_line(r, 1)->discount, 3333);
    assert_int_equal(clm_discount_result_line(r, 2)->discount, 3333);
    clm_discount_result_free(r);

    /* more than the document: cut to its base, the trace says so */
    r = doc_amount(CLM_DISCOUNT_STACK_ADDITIVE, 100000, prices, 3, 0);
    assert_int_equal(clm_discount_result_totals(r)->net, 0);
    assert_int_equal(clm_discount_result_totals(r)->discount, 60000);
    t = t_find(r, CLM_DISCOUNT_DOCUMENT, "promo-100");
    assert_non_null(strstr(t->reason, "cut to the document's base 600.00 RUB"));
    clm_discount_result_free(r);

    /* compounding with a 10 % rule of higher priority: 10 % first, then the
     * share: line 1 1000.00 -> 900.00 -> 850.00 (share 50.00 of 100.00 over
     * two equal lines) */
    const int64_t two[] = { 100000, 100000 };
    r = doc_amount(CLM_DISCOUNT_STACK_COMPOUNDING, 10000, two, 2, 1);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 85000);
    assert_int_equal(clm_discount_result_line(r, 1)->net, 85000);
    clm_discount_result_free(r);

    /* additive: 100.00 + 50.00 off each line */
    r = doc_amount(CLM_DISCOUNT_STACK_ADDITIVE, 10000, two, 2, 1);
    assert_int_equal(clm_discount_result_totals(r)->net, 170000);
    clm_discount_result_free(r);
}

static void test_amount_off_document_refuses_line_conditions(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    size_t r = t_rule(p, "doc", CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT, 500, 0, NULL);
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    const char *v = "sku";
    c.kind = CLM_DISCOUNT_COND_PRODUCT;
    c.values = &v;
    c.value_count = 1;
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_condition_count(p, r), 0);
    clm_discount_rule bad = CLM_DISCOUNT_RULE_INIT;
    bad.id = "zero";
    bad.action.kind = CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT;
    bad.action.amount = 0;
    assert_int_equal(clm_discount_policy_add_rule(NULL, p, &bad), CLM_EINVAL);
    assert_string_equal(clm_discount_action_name(CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT),
                        "amount-off-document");
    /* the batch path gives the same figures as evaluate */
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l[2] = { t_line("a", NULL, UNITS(1), 10000), t_line("b", NULL, UNITS(2), 10000) };
    clm_discount_document d = t_doc(l, 2);
    clm_discount_line_result lr[2];
    clm_discount_totals tot;
    assert_int_equal(clm_discount_engine_price_batch(lr, 2, &tot, e, &d, 1), 0);
    /* 5.00 over 100.00 and 200.00: 1.666 -> 1.67 (remainder .666 beats .333), 3.33 */
    assert_int_equal(lr[0].discount, 167);
    assert_int_equal(lr[1].discount, 333);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* A batch of 1-line documents (one pass each, src/discount/quick.c) at
 * the bounds its in-place tests and unsigned roundings meet, against
 * evaluate(): a document amount exactly at a rule's lower end, and a
 * margin floor whose product leaves a remainder of exactly 1. */
static void test_batch_one_line_at_the_bounds(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    size_t r = t_rule(p, "dealer", CLM_DISCOUNT_PERCENT, PCT(6), 0, NULL);
    t_set(p, r, CLM_DISCOUNT_COND_CATEGORY, "dealer");
    t_range(p, r, CLM_DISCOUNT_COND_DOC_AMOUNT, 5000000, INT64_MAX);
    t_rule(p, "all", CLM_DISCOUNT_PERCENT, PCT(90), 0, "x");
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.margin_floor = 1; /* 0.0001 % on cost */
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    clm_discount_engine *e = t_compile(p);
    const char *cat = "dealer";
    clm_discount_line l[3] = { t_line("a", NULL, UNITS(1), 5000000),
                               t_line("b", NULL, UNITS(1), 4999999),
                               t_line("c", NULL, UNITS(1), 10) };
    l[2].has_cost = 1;
    l[2].unit_cost.amount = 1;
    clm_discount_document d[3];
    for (size_t k = 0; k < 3; k++) {
        d[k] = t_doc(&l[k], 1);
        d[k].client.categories = &cat;
        d[k].client.category_count = 1;
    }
    clm_discount_line_result lr[3];
    clm_discount_totals tot[3];
    assert_int_equal(clm_discount_engine_price_batch(lr, 3, tot, e, d, 3), 0);
    /* 5,000,000 is in [5,000,000, max]: 90 % + 6 % */
    assert_int_equal(lr[0].discount, 4800000);
    /* one below: 90 % alone */
    assert_int_equal(lr[1].discount, 4499999);
    /* 10 - 90 % = 1, under the floor 1 x 1.000001 rounded up = 2 */
    assert_int_equal(lr[2].net, 2);
    assert_int_equal(lr[2].capped, 1);
    for (size_t k = 0; k < 3; k++) {
        clm_discount_result *res = t_eval(e, &d[k]);
        assert_memory_equal(clm_discount_result_line(res, 0), &lr[k], sizeof lr[k]);
        assert_memory_equal(clm_discount_result_totals(res), &tot[k], sizeof tot[k]);
        clm_discount_result_free(res);
    }
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* A batch of 1-line documents (one pass each, src/discount/quick.c),
 * whose approval step is counted when the ladder reads by the discount
 * alone (compile.c's ladder_by_rate()), against evaluate() at every
 * step's limit, one ppm above it, between and past the top: ladders of
 * four steps, of two without a top step, of one, with two steps of one
 * limit, of more than four steps and with a margin (those two read step
 * by step), with and without a role. */
static void test_batch_one_line_approval_steps(void **state)
{
    (void)state;
    const clm_rate NL = CLM_DISCOUNT_NO_LIMIT;
    const clm_discount_approval ladders[][5] = {
        { { "manager", PCT(10), NL }, { "head", PCT(20), NL }, { "director", PCT(30), NL },
          { "general", NL, NL } },
        { { "manager", PCT(10), NL }, { "director", PCT(30), NL } },
        { { "general", NL, NL } },
        { { "manager", PCT(10), NL }, { "head", PCT(10), NL }, { "general", NL, NL } },
        { { "manager", PCT(10), NL }, { "head", PCT(15), NL }, { "deputy", PCT(20), NL },
          { "director", PCT(30), NL }, { "general", PCT(35), NL } },
        { { "manager", PCT(10), PCT(5) }, { "director", PCT(30), NL }, { "general", NL, NL } },
    };
    const size_t steps[] = { 4, 2, 1, 3, 5, 3 };
    const clm_rate rates[] = { PCT(0),  PCT(10), PCT(10) + 1, PCT(15), PCT(15) + 1,
                               PCT(20), PCT(20) + 1, PCT(30), PCT(30) + 1, PCT(35),
                               PCT(35) + 1, PCT(100) };
    const char *roles[] = { NULL, "manager", "head", "director", "general" };
    enum { NR = sizeof rates / sizeof rates[0], NROLE = sizeof roles / sizeof roles[0] };
    for (size_t x = 0; x < sizeof steps / sizeof steps[0]; x++) {
        clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
        size_t r = t_rule(p, "spring", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
        t_set(p, r, CLM_DISCOUNT_COND_COUPON, "SPRING");
        for (size_t i = 0; i < steps[x]; i++)
            assert_int_equal(clm_discount_policy_add_approval(p, &ladders[x][i]), 0);
        clm_discount_engine *e = t_compile(p);
        clm_discount_line l[NR * NROLE];
        clm_discount_document d[NR * NROLE];
        for (size_t k = 0; k < NR * NROLE; k++) {
            /* 1 000 000.00 RUB, so that 1 ppm is more than a kopeck; a
             * cost of 95 % on every other line (the margin step) */
            l[k] = t_line("a", NULL, UNITS(1), 100000000);
            l[k].manual_rate = rates[k % NR];
            l[k].has_cost = k % 2;
            l[k].unit_cost.amount = 95000000;
            d[k] = t_doc(&l[k], 1);
            d[k].role = roles[k / NR];
        }
        clm_discount_line_result lr[NR * NROLE];
        clm_discount_totals tot[NR * NROLE];
        assert_int_equal(clm_discount_engine_price_batch(lr, NR * NROLE, tot, e, d, NR * NROLE), 0);
        for (size_t k = 0; k < NR * NROLE; k++) {
            clm_discount_result *res = t_eval(e, &d[k]);
            if (memcmp(clm_discount_result_totals(res), &tot[k], sizeof tot[k]) != 0)
                fail_msg("ladder %zu, rate %lld ppm, role %s: approval %zu/%d/%d, evaluate() %zu/%d/%d",
                         x, (long long)rates[k % NR], roles[k / NR] ? roles[k / NR] : "none",
                         tot[k].approval, tot[k].approvable, tot[k].role_suffices,
                         clm_discount_result_totals(res)->approval,
                         clm_discount_result_totals(res)->approvable,
                         clm_discount_result_totals(res)->role_suffices);
            assert_memory_equal(clm_discount_result_line(res, 0), &lr[k], sizeof lr[k]);
            clm_discount_result_free(res);
        }
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
    }
}

/* A batch's documents sharing a currency string are compared once
 * (clm_discount__one_line_ok()); a document whose currency is not the
 * policy's still fails the batch, whether its string is met first or
 * after a good one, shared or not. */
static void test_batch_one_line_currency_strings(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "all", CLM_DISCOUNT_PERCENT, PCT(5), 0, NULL);
    clm_discount_engine *e = t_compile(p);
    char rub2[] = "RUB", eur[] = "EUR", rubx[] = "RUBX", ru[] = "RU";
    const char *bad[] = { eur, rubx, ru };
    clm_discount_line l = t_line("a", NULL, UNITS(1), 10000);
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
        for (size_t at = 0; at < 4; at++) {
            clm_discount_document d[4];
            const char *cur[4] = { "RUB", rub2, "RUB", rub2 };
            for (size_t k = 0; k < 4; k++) {
                d[k] = t_doc(&l, 1);
                d[k].currency = k >= at && k % 2 == at % 2 ? bad[b] : cur[k];
            }
            clm_discount_line_result lr[4];
            clm_discount_totals tot[4];
            memset(lr, 0x5a, sizeof lr);
            clm_discount_result *r = NULL;
            int want = clm_discount_engine_evaluate(&r, e, &d[at], NULL);
            assert_true(want < 0);
            assert_int_equal(clm_discount_engine_price_batch(lr, 4, tot, e, d, 4), want);
            for (size_t k = 0; k < sizeof lr; k++)
                assert_int_equal(((unsigned char *)lr)[k], 0x5a);
        }
    clm_discount_document d[4];
    const char *cur[4] = { "RUB", rub2, "RUB", rub2 };
    for (size_t k = 0; k < 4; k++) {
        d[k] = t_doc(&l, 1);
        d[k].currency = cur[k];
    }
    clm_discount_line_result lr[4];
    clm_discount_totals tot[4];
    assert_int_equal(clm_discount_engine_price_batch(lr, 4, tot, e, d, 4), 0);
    assert_int_equal(lr[3].discount, 500);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stacking_ten_percent_and_hundred),
        cmocka_unit_test(test_stacking_two_tens),
        cmocka_unit_test(test_best_only_picks_largest_and_explains),
        cmocka_unit_test(test_exclusion_group_keeps_best),
        cmocka_unit_test(test_compounding_order_by_priority_then_definition),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_surcharge_after_discounts),
        cmocka_unit_test(test_manual_discount_stacks_last),
        cmocka_unit_test(test_each_condition),
        cmocka_unit_test(test_condition_values_are_any_of_and_conditions_all_of),
        cmocka_unit_test(test_rounding_modes_on_the_discounted_amount),
        cmocka_unit_test(test_rounding_base_of_fractional_quantity),
        cmocka_unit_test(test_rounding_once_and_parts_add_up),
        cmocka_unit_test(test_percentages_do_not_drift),
        cmocka_unit_test(test_line_cap_and_role_override),
        cmocka_unit_test(test_margin_floor),
        cmocka_unit_test(test_document_cap_shares_excess_and_adds_up),
        cmocka_unit_test(test_approval_ladder_by_discount),
        cmocka_unit_test(test_approval_role_suffices_and_none_can),
        cmocka_unit_test(test_approval_by_margin_left),
        cmocka_unit_test(test_no_ladder_needs_no_approval),
        cmocka_unit_test(test_early_payment_cost_formula),
        cmocka_unit_test(test_early_payment_on_document),
        cmocka_unit_test(test_trace_tells_the_whole_story),
        cmocka_unit_test(test_index_considers_only_relevant_rules),
        cmocka_unit_test(test_rule_reached_twice_counts_once),
        cmocka_unit_test(test_document_cap_leftover_goes_to_first_lines),
        cmocka_unit_test(test_tier_table_same_with_and_without_trace),
        cmocka_unit_test(test_line_rate_and_margin_round_outwards),
        cmocka_unit_test(test_coupon_codes_fold_ascii_case),
        cmocka_unit_test(test_amount_off_document_split),
        cmocka_unit_test(test_amount_off_document_refuses_line_conditions),
        cmocka_unit_test(test_batch_one_line_at_the_bounds),
        cmocka_unit_test(test_batch_one_line_approval_steps),
        cmocka_unit_test(test_batch_one_line_currency_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
