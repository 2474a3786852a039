/*
 * credit_policy_test.c — the credit policy (clm/credit_policy.h): the
 * composite grade with each input's contribution and its boundaries, the
 * grade as the discount engine's risk class, limit formulas and the limit
 * hierarchy, the credit check (the limit reached exactly is allowed),
 * policy files with line-and-field errors, save and load back, and the OOM
 * walk.
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

#include "clm/clm.h"
#include "core_check.h"
#include "oom.h"

static const char policy_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<credit-policy xmlns=\"urn:libclm:credit-policy:1\" name=\"standard\" currency=\"RUB\">\n"
    "  <weights models=\"40\" payment=\"30\" overdue=\"20\" tenure=\"10\" tenure-full-days=\"730\"/>\n"
    "  <grades>\n"
    "    <grade name=\"A\" min-score=\"80\"/>\n"
    "    <grade name=\"B\" min-score=\"65\"/>\n"
    "    <grade name=\"C\" min-score=\"50\"/>\n"
    "    <grade name=\"D\" min-score=\"35.5\"/>\n"
    "    <grade name=\"E\" min-score=\"0\"/>\n"
    "  </grades>\n"
    "  <limits rounding=\"down\" default=\"100000.00 RUB\">\n"
    "    <formula grade=\"A\" basis=\"net-worth\" rate=\"10%\"/>\n"
    "    <formula grade=\"A\" basis=\"working-capital\" rate=\"20%\"/>\n"
    "    <formula grade=\"A\" basis=\"monthly-sales\" rate=\"100%\"/>\n"
    "    <formula grade=\"E\" basis=\"fixed\" amount=\"0.00 RUB\"/>\n"
    "    <group name=\"wholesale\" limit=\"500000.00 RUB\"/>\n"
    "  </limits>\n"
    "  <check counts=\"receivables orders document\" warn-at=\"90%\" warn-overdue-days=\"0\"\n"
    "         block-overdue-days=\"30\"/>\n"
    "  <ageing limits=\"0 15 45 90\"/>\n"
    "  <reserve rounding=\"half-even\"/>\n"
    "  <override role=\"head_of_department\"/>\n"
    "  <override role=\"director\"/>\n"
    "</credit-policy>\n";

static clm_credit_policy *load(const char *xml)
{
    clm_credit_policy *p = NULL;
    CHECK_OK(clm_credit_policy_load_xml(&p, xml, strlen(xml), "policy.xml", NULL));
    return p;
}

static void test_grade(void **state)
{
    (void)state;
    clm_credit_policy *p = load(policy_xml);
    clm_credit_band bands[3] = { CLM_CREDIT_BAND_SAFE, CLM_CREDIT_BAND_GREY,
                                 CLM_CREDIT_BAND_SAFE };
    clm_credit_grade_input in = CLM_CREDIT_GRADE_INPUT_INIT;
    in.bands = bands;
    in.band_count = 3;
    in.has_paydex = 1;
    in.paydex = 80;
    in.receivables = 100000;
    in.overdue = 25000;
    in.tenure_days = 365;
    clm_credit_grade g;
    CHECK_OK(clm_credit_grade_compute(&g, p, &in));
    /* models (100+50+100)/3 = 83.333; payment 80; overdue 75; tenure 50 */
    CHECK_I64(g.part[CLM_CREDIT_GRADE_MODELS].score, 83333);
    CHECK_I64(g.part[CLM_CREDIT_GRADE_PAYMENT].score, 80000);
    CHECK_I64(g.part[CLM_CREDIT_GRADE_OVERDUE].score, 75000);
    CHECK_I64(g.part[CLM_CREDIT_GRADE_TENURE].score, 50000);
    /* (40 x 83333 + 30 x 80000 + 20 x 75000 + 10 x 50000) / 100 = 77333.2 */
    CHECK_I64(g.score, 77333);
    CHECK_STR(g.grade, "B");
    CHECK_I64(g.grade_index, 1);
    double sum = 0;
    for (int i = 0; i < 4; i++)
        sum += g.part[i].contribution;
    assert_true(fabs(sum - 77.3332) < 1e-9);
    assert_true(fabs(g.part[CLM_CREDIT_GRADE_PAYMENT].contribution - 24.0) < 1e-12);
    CHECK_STR(g.part[CLM_CREDIT_GRADE_TENURE].input, "tenure");

    /* the payment index unavailable: its weight drops out */
    in.has_paydex = 0;
    CHECK_OK(clm_credit_grade_compute(&g, p, &in));
    assert_false(g.part[CLM_CREDIT_GRADE_PAYMENT].present);
    /* (40 x 83333 + 20 x 75000 + 10 x 50000) / 70 = 76190.3 */
    CHECK_I64(g.score, 76190);

    /* exactly on a grade's minimum: the better grade */
    clm_credit_band safe = CLM_CREDIT_BAND_SAFE, distress = CLM_CREDIT_BAND_DISTRESS;
    clm_credit_grade_input edge = CLM_CREDIT_GRADE_INPUT_INIT;
    edge.bands = &safe;
    edge.band_count = 1;
    edge.has_paydex = 1;
    edge.paydex = 50;               /* 40 x 100 + 30 x 50 + 20 x 100 + 10 x 0 = 75 */
    edge.tenure_days = 0;
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_I64(g.score, 75000);
    CHECK_STR(g.grade, "B");
    edge.paydex = 67;               /* 80.1 */
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_I64(g.score, 80100);
    CHECK_STR(g.grade, "A");
    edge.paydex = 66;
    edge.tenure_days = 438;         /* 40 + 19.8 + 20 + 10 x 60 % = 85.8 */
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_I64(g.part[CLM_CREDIT_GRADE_TENURE].score, 60000);
    CHECK_I64(g.score, 85800);
    /* 40 + 30 x 60 % + 20 + 10 x (146 / 730 = 20 %) = 80.000 exactly: A */
    edge.paydex = 60;
    edge.tenure_days = 146;
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_I64(g.score, 80000);
    CHECK_STR(g.grade, "A");
    edge.tenure_days = 145;         /* 79.986: B */
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_I64(g.score, 79986);
    CHECK_STR(g.grade, "B");
    edge.tenure_days = 0;
    edge.paydex = 0;
    edge.bands = &distress;         /* 20 x 100 % = 20 */
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_STR(g.grade, "E");
    /* D starts at 35.5 in this policy: 35.3 is still E, 35.6 is D */
    edge.paydex = 51;
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_I64(g.score, 35300);
    CHECK_STR(g.grade, "E");
    edge.paydex = 52;
    CHECK_OK(clm_credit_grade_compute(&g, p, &edge));
    CHECK_I64(g.score, 35600);
    CHECK_STR(g.grade, "D");

    /* bad input changes nothing */
    clm_credit_grade keep = g;
    clm_credit_band bad = (clm_credit_band)9;
    edge.bands = &bad;
    CHECK_FAIL(clm_credit_grade_compute(&g, p, &edge), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "bands");
    edge.bands = &safe;
    edge.paydex = 101;
    CHECK_FAIL(clm_credit_grade_compute(&g, p, &edge), CLM_EINVAL);
    edge.paydex = 50;
    edge.overdue = 1;
    CHECK_FAIL(clm_credit_grade_compute(&g, p, &edge), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "overdue");
    assert_memory_equal(&g, &keep, sizeof g);
    clm_credit_policy_free(p);
}

/* The grade is what the discount engine's risk-class condition reads. */
static void test_grade_as_risk_class(void **state)
{
    (void)state;
    static const char discount_xml[] =
        "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" name=\"risk\" currency=\"RUB\"\n"
        "                 stacking=\"additive\" rounding=\"half-even\">\n"
        "  <rule id=\"good-payers\"><risk-class in=\"A B\"/><percent rate=\"5%\"/></rule>\n"
        "</discount-policy>\n";
    clm_discount_policy *dp = NULL;
    CHECK_OK(clm_discount_policy_load_xml(&dp, discount_xml, strlen(discount_xml), NULL, NULL));
    clm_discount_engine *e = NULL;
    CHECK_OK(clm_discount_policy_compile(&e, dp));
    clm_credit_policy *p = load(policy_xml);

    clm_credit_band safe = CLM_CREDIT_BAND_SAFE, distress = CLM_CREDIT_BAND_DISTRESS;
    clm_credit_grade_input in = CLM_CREDIT_GRADE_INPUT_INIT;
    in.bands = &safe;
    in.band_count = 1;
    in.has_paydex = 1;
    in.paydex = 80;
    in.tenure_days = 1000;
    const struct {
        const clm_credit_band *band;
        const char *grade;
        int64_t net;
    } cases[] = { { &safe, "A", 9500 }, { &distress, "C", 10000 } };
    for (size_t i = 0; i < 2; i++) {
        in.bands = cases[i].band;
        clm_credit_grade g;
        CHECK_OK(clm_credit_grade_compute(&g, p, &in));
        CHECK_STR(g.grade, cases[i].grade);
        clm_discount_line line = { "cement", NULL, 1000, { 10000, "RUB" }, { 0, "RUB" }, 0, 0 };
        clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
        doc.currency = "RUB";
        doc.date = 20000;
        doc.client.id = "vostok";
        doc.client.risk_class = g.grade;
        doc.lines = &line;
        doc.line_count = 1;
        clm_discount_result *r = NULL;
        CHECK_OK(clm_discount_engine_evaluate(&r, e, &doc, NULL));
        CHECK_I64(clm_discount_result_totals(r)->net, cases[i].net);
        clm_discount_result_free(r);
    }
    clm_credit_policy_free(p);
    clm_discount_engine_free(e);
    clm_discount_policy_free(dp);
}

static void test_limits(void **state)
{
    (void)state;
    clm_credit_policy *p = load(policy_xml);
    clm_credit_figures f = CLM_CREDIT_FIGURES_INIT;
    f.has_net_worth = 1;
    f.net_worth = 500000099;        /* 10 % = 50000009.9 -> 50000009 (down) */
    f.has_working_capital = 1;
    f.working_capital = 300000000;  /* 20 % = 60000000 */
    f.has_monthly_sales = 1;
    f.monthly_sales = 45000000;     /* 100 % = 45000000: the smallest */
    clm_credit_limit l;
    CHECK_OK(clm_credit_limit_recommend(&l, p, "A", &f));
    CHECK_I64(l.count, 3);
    CHECK_I64(l.term[0].amount, 50000009);
    CHECK_I64(l.term[1].amount, 60000000);
    CHECK_I64(l.term[2].amount, 45000000);
    CHECK_I64(l.amount, 45000000);
    CHECK_I64(l.chosen, 2);
    /* negative net worth: 0 */
    f.net_worth = -1000;
    CHECK_OK(clm_credit_limit_recommend(&l, p, "A", &f));
    CHECK_I64(l.amount, 0);
    CHECK_I64(l.chosen, 0);
    CHECK_OK(clm_credit_limit_recommend(&l, p, "E", &f));
    CHECK_I64(l.amount, 0);
    CHECK_I64(l.term[0].basis, CLM_CREDIT_BASIS_FIXED);
    /* a figure the formula needs is missing: named, never taken as 0 */
    clm_credit_limit keep = l;
    f.has_working_capital = 0;
    CHECK_FAIL(clm_credit_limit_recommend(&l, p, "A", &f), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "working-capital");
    CHECK_FAIL(clm_credit_limit_recommend(&l, p, "B", &f), CLM_ENOTFOUND);
    CHECK_FAIL(clm_credit_limit_recommend(&l, p, "Z", &f), CLM_ENOTFOUND);
    assert_memory_equal(&l, &keep, sizeof l);

    /* hierarchy: the client's own, the group's, the default */
    int64_t lim = -1, own = 70000;
    clm_credit_limit_source src = 0;
    CHECK_OK(clm_credit_limit_resolve(&lim, &src, p, &own, "wholesale"));
    CHECK_I64(lim, 70000);
    assert_int_equal(src, CLM_CREDIT_LIMIT_CLIENT);
    CHECK_OK(clm_credit_limit_resolve(&lim, &src, p, NULL, "wholesale"));
    CHECK_I64(lim, 50000000);
    assert_int_equal(src, CLM_CREDIT_LIMIT_GROUP);
    CHECK_OK(clm_credit_limit_resolve(&lim, &src, p, NULL, "retail"));
    CHECK_I64(lim, 10000000);
    CHECK_STR(clm_credit_limit_source_name(src), "default");
    clm_credit_policy *bare = NULL;
    CHECK_OK(clm_credit_policy_new(&bare, "bare", "RUB"));
    CHECK_FAIL(clm_credit_limit_resolve(&lim, &src, bare, NULL, "retail"), CLM_ENOTFOUND);
    own = -1;
    CHECK_FAIL(clm_credit_limit_resolve(&lim, &src, p, &own, NULL), CLM_EINVAL);
    CHECK_I64(lim, 10000000);
    clm_credit_policy_free(bare);
    clm_credit_policy_free(p);
}

static void test_check(void **state)
{
    (void)state;
    clm_credit_policy *p = load(policy_xml);
    clm_credit_check_input in = CLM_CREDIT_CHECK_INPUT_INIT;
    in.receivables = 600000;
    in.orders = 300000;
    in.document = 100000;
    in.limit = 1000000;
    clm_credit_check c;
    /* exactly at the limit: allowed (with a warning: at 90 % and above) */
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    CHECK_I64(c.exposure, 1000000);
    CHECK_I64(c.headroom, 0);
    assert_int_equal(c.decision, CLM_CREDIT_WARN);
    assert_int_equal(c.reasons, CLM_CREDIT_REASON_NEAR_LIMIT);
    /* one kopeck over: blocked */
    in.document = 100001;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    assert_int_equal(c.decision, CLM_CREDIT_BLOCK);
    assert_true(c.reasons & CLM_CREDIT_REASON_OVER_LIMIT);
    CHECK_I64(c.headroom, -1);
    CHECK_STR(clm_credit_decision_name(c.decision), "block");
    /* under 90 %: allowed */
    in.document = 0;
    in.orders = 299999;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    assert_int_equal(c.decision, CLM_CREDIT_ALLOW);
    /* 90 % exactly warns */
    in.orders = 300000;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    assert_int_equal(c.decision, CLM_CREDIT_WARN);
    /* overdue: a day warns, 31 days block even within the limit */
    in.orders = 0;
    in.max_days_overdue = 1;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    assert_int_equal(c.decision, CLM_CREDIT_WARN);
    assert_int_equal(c.reasons, CLM_CREDIT_REASON_LATE);
    in.max_days_overdue = 30;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    assert_int_equal(c.decision, CLM_CREDIT_WARN);
    in.max_days_overdue = 31;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    assert_int_equal(c.decision, CLM_CREDIT_BLOCK);
    assert_int_equal(c.reasons, CLM_CREDIT_REASON_OVERDUE);

    /* which parts count is configurable: orders left out */
    clm_credit_check_rules r;
    CHECK_OK(clm_credit_policy_check_rules(&r, p));
    r.counts = CLM_CREDIT_COUNT_RECEIVABLES | CLM_CREDIT_COUNT_DOCUMENT;
    CHECK_OK(clm_credit_policy_set_check(p, &r));
    in.max_days_overdue = 0;
    in.orders = 900000;
    in.document = 400000;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    CHECK_I64(c.orders, 0);
    CHECK_I64(c.exposure, 1000000);
    assert_int_equal(c.decision, CLM_CREDIT_WARN);

    /* bad input and bad rules change nothing */
    clm_credit_check keep = c;
    in.receivables = -1;
    CHECK_FAIL(clm_credit_check_compute(&c, p, &in), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "receivables");
    assert_memory_equal(&c, &keep, sizeof c);
    clm_credit_check_rules bad = r;
    bad.counts = 0;
    CHECK_FAIL(clm_credit_policy_set_check(p, &bad), CLM_EINVAL);
    bad = r;
    bad.warn_at = CLM_RATE_ONE + 1;
    CHECK_FAIL(clm_credit_policy_set_check(p, &bad), CLM_EINVAL);
    clm_credit_check_rules now;
    CHECK_OK(clm_credit_policy_check_rules(&now, p));
    assert_memory_equal(&now, &r, sizeof r);
    clm_credit_policy_free(p);
}

static void test_policy_setters(void **state)
{
    (void)state;
    clm_credit_policy *p = NULL;
    CHECK_OK(clm_credit_policy_new(&p, "p", "RUB"));
    CHECK_I64(clm_credit_policy_grade_count(p), 5);
    int32_t min = -1;
    CHECK_STR(clm_credit_policy_grade_at(p, 3, &min), "D");
    CHECK_I64(min, 35000);
    CHECK_OK(clm_credit_policy_add_limit(p, "B", CLM_CREDIT_BASIS_NET_WORTH, 5 * CLM_RATE_PERCENT, 0));
    /* grades that drop a grade a formula uses are refused */
    const char *names[] = { "low", "high" };
    int32_t mins[] = { 50000, 0 };
    CHECK_FAIL(clm_credit_policy_set_grades(p, names, mins, 2), CLM_EINVAL);
    const char *names2[] = { "B", "B" };
    CHECK_FAIL(clm_credit_policy_set_grades(p, names2, mins, 2), CLM_EINVAL);
    int32_t up[] = { 0, 50000 };
    const char *names3[] = { "B", "X" };
    CHECK_FAIL(clm_credit_policy_set_grades(p, names3, up, 2), CLM_EINVAL);
    CHECK_I64(clm_credit_policy_grade_count(p), 5);
    /* renamed grades keep the formula attached to its name */
    const char *names4[] = { "good", "B", "bad" };
    int32_t mins4[] = { 70000, 40000, 0 };
    CHECK_OK(clm_credit_policy_set_grades(p, names4, mins4, 3));
    clm_credit_figures f = CLM_CREDIT_FIGURES_INIT;
    f.has_net_worth = 1;
    f.net_worth = 1000;
    clm_credit_limit l;
    CHECK_OK(clm_credit_limit_recommend(&l, p, "B", &f));
    CHECK_I64(l.amount, 50);
    CHECK_FAIL(clm_credit_policy_add_limit(p, "B", CLM_CREDIT_BASIS_NET_WORTH, 0, 0), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_limit(p, "nope", CLM_CREDIT_BASIS_FIXED, 0, 5), CLM_ENOTFOUND);
    clm_credit_weights w = CLM_CREDIT_WEIGHTS_INIT;
    w.models = w.payment = w.overdue = w.tenure = 0;
    CHECK_FAIL(clm_credit_policy_set_weights(p, &w), CLM_EINVAL);
    w.models = -1;
    CHECK_FAIL(clm_credit_policy_set_weights(p, &w), CLM_EINVAL);
    clm_credit_weights now;
    CHECK_OK(clm_credit_policy_weights(&now, p));
    CHECK_I64(now.models, 40);
    CHECK_OK(clm_credit_policy_add_override_role(p, "director"));
    CHECK_FAIL(clm_credit_policy_add_override_role(p, "director"), CLM_EEXISTS);
    assert_true(clm_credit_policy_may_override(p, "director"));
    assert_false(clm_credit_policy_may_override(p, "manager"));
    /* ageing buckets and the reserve's rounding: defaults, checked, and a
     * refusal changes nothing */
    clm_credit_buckets b;
    CHECK_OK(clm_credit_policy_buckets(&b, p));
    CHECK_I64(b.count, 4);
    CHECK_I64(b.limit[3], 90);
    clm_rounding rr;
    CHECK_OK(clm_credit_policy_reserve_rounding(&rr, p));
    assert_int_equal(rr, CLM_ROUND_HALF_UP);
    clm_credit_buckets bad = CLM_CREDIT_BUCKETS_INIT;
    bad.limit[2] = 30;
    CHECK_FAIL(clm_credit_policy_set_buckets(p, &bad), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "limit");
    bad = (clm_credit_buckets)CLM_CREDIT_BUCKETS_INIT;
    bad.count = 0;
    CHECK_FAIL(clm_credit_policy_set_buckets(p, &bad), CLM_EINVAL);
    bad.count = 4;
    bad.version = 99;
    CHECK_FAIL(clm_credit_policy_set_buckets(p, &bad), CLM_EVERSION);
    CHECK_FAIL(clm_credit_policy_set_reserve_rounding(p, (clm_rounding)99), CLM_EINVAL);
    CHECK_OK(clm_credit_policy_buckets(&b, p));
    CHECK_I64(b.count, 4);
    CHECK_I64(b.limit[2], 60);
    CHECK_OK(clm_credit_policy_reserve_rounding(&rr, p));
    assert_int_equal(rr, CLM_ROUND_HALF_UP);
    clm_credit_buckets two = CLM_CREDIT_BUCKETS_INIT;
    two.count = 2;
    two.limit[0] = -10;
    two.limit[1] = 45;
    CHECK_OK(clm_credit_policy_set_buckets(p, &two));
    CHECK_OK(clm_credit_policy_set_reserve_rounding(p, CLM_ROUND_DOWN));
    CHECK_OK(clm_credit_policy_buckets(&b, p));
    CHECK_I64(b.count, 2);
    CHECK_I64(b.limit[0], -10);
    CHECK_OK(clm_credit_policy_reserve_rounding(&rr, p));
    assert_int_equal(rr, CLM_ROUND_DOWN);
    CHECK_FAIL(clm_credit_policy_buckets(NULL, p), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_buckets(p, NULL), CLM_EINVAL);
    clm_credit_policy_free(p);
    clm_credit_policy_free(NULL);
    CHECK_FAIL(clm_credit_policy_new(&p, "p", "rub"), CLM_ECURRENCY);
}

/* Every setter that refuses leaves the whole policy as it was: the policy
 * saved before and after a refusal of each is the same text. */
static void test_refusals_change_nothing(void **state)
{
    (void)state;
    clm_credit_policy *p = load(policy_xml);
    char *before = NULL, *after = NULL;
    size_t len = 0;
    CHECK_OK(clm_credit_policy_save_xml(&before, &len, p));

    const char *names[] = { "B", "B" };
    int32_t mins[] = { 50000, 0 };
    CHECK_FAIL(clm_credit_policy_set_grades(p, names, mins, 2), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_grades(p, names, mins, 0), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_limit(p, "nope", CLM_CREDIT_BASIS_FIXED, 0, 5),
               CLM_ENOTFOUND);
    CHECK_FAIL(clm_credit_policy_add_limit(p, "B", (clm_credit_basis)99, 0, 5), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_limit_rounding(p, (clm_rounding)99), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_group_limit(p, "retail", -1), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_group_limit(p, " bad id", 100), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_default_limit(p, -1), CLM_EINVAL);
    clm_credit_weights w = CLM_CREDIT_WEIGHTS_INIT;
    w.models = -1;
    CHECK_FAIL(clm_credit_policy_set_weights(p, &w), CLM_EINVAL);
    clm_credit_check_rules r;
    CHECK_OK(clm_credit_policy_check_rules(&r, p));
    r.counts = 0;
    CHECK_FAIL(clm_credit_policy_set_check(p, &r), CLM_EINVAL);
    clm_credit_buckets b = CLM_CREDIT_BUCKETS_INIT;
    b.limit[1] = b.limit[0];
    CHECK_FAIL(clm_credit_policy_set_buckets(p, &b), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_set_reserve_rounding(p, (clm_rounding)99), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_override_role(p, "role "), CLM_EINVAL);
    CHECK_FAIL(clm_credit_policy_add_override_role(p, "director"), CLM_EEXISTS);

    CHECK_OK(clm_credit_policy_save_xml(&after, &len, p));
    CHECK_STR(after, before);
    clm_free(before);
    clm_free(after);
    clm_credit_policy_free(p);
}

static void test_xml_roundtrip(void **state)
{
    (void)state;
    clm_credit_policy *p = load(policy_xml);
    CHECK_STR(clm_credit_policy_name(p), "standard");
    int32_t min;
    CHECK_STR(clm_credit_policy_grade_at(p, 3, &min), "D");
    CHECK_I64(min, 35500);
    assert_true(clm_credit_policy_may_override(p, "director"));
    clm_credit_buckets b;
    CHECK_OK(clm_credit_policy_buckets(&b, p));
    CHECK_I64(b.count, 4);
    CHECK_I64(b.limit[0], 0);
    CHECK_I64(b.limit[1], 15);
    CHECK_I64(b.limit[2], 45);
    CHECK_I64(b.limit[3], 90);
    clm_rounding rr;
    CHECK_OK(clm_credit_policy_reserve_rounding(&rr, p));
    assert_int_equal(rr, CLM_ROUND_HALF_EVEN);
    char *xml = NULL;
    size_t len = 0;
    CHECK_OK(clm_credit_policy_save_xml(&xml, &len, p));
    assert_non_null(strstr(xml, "<ageing limits=\"0 15 45 90\"/>"));
    assert_non_null(strstr(xml, "<reserve rounding=\"half-even\"/>"));
    clm_credit_policy *q = NULL;
    CHECK_OK(clm_credit_policy_load_xml(&q, xml, len, "saved", NULL));
    CHECK_OK(clm_credit_policy_buckets(&b, q));
    CHECK_I64(b.count, 4);
    CHECK_I64(b.limit[1], 15);
    CHECK_OK(clm_credit_policy_reserve_rounding(&rr, q));
    assert_int_equal(rr, CLM_ROUND_HALF_EVEN);
    char *again = NULL;
    size_t len2 = 0;
    CHECK_OK(clm_credit_policy_save_xml(&again, &len2, q));
    CHECK_I64(len2, len);
    assert_memory_equal(xml, again, len);
    clm_free(xml);
    clm_free(again);
    clm_credit_policy_free(q);
    clm_credit_policy_free(p);
}

static void expect_error(const char *from, const char *to, int code, int line, const char *field)
{
    size_t n = strlen(policy_xml) + strlen(to) + 1;
    char *doc = malloc(n);
    const char *at = strstr(policy_xml, from);
    assert_non_null(at);
    size_t head = (size_t)(at - policy_xml);
    memcpy(doc, policy_xml, head);
    strcpy(doc + head, to);
    strcat(doc, at + strlen(from));
    /* *out is untouched on error: it still holds what it held */
    clm_credit_policy *held = load(policy_xml), *p = held;
    clm_error_clear();
    int rc = clm_credit_policy_load_xml(&p, doc, strlen(doc), "policy.xml", NULL);
    if (rc != code)
        fail_msg("%s -> %s: %d (%s), expected %d", from, to, rc, clm_error_last()->message, code);
    assert_ptr_equal(p, held);
    const clm_error *e = clm_error_last();
    CHECK_I64(e->line, line);
    if (field != NULL)
        CHECK_STR(e->field, field);
    CHECK_STR(e->source, "policy.xml");
    clm_credit_policy_free(held);
    free(doc);
}

static void test_xml_errors(void **state)
{
    (void)state;
    expect_error("basis=\"net-worth\"", "basis=\"equity\"", CLM_ESCHEMA, 12, "basis");
    expect_error("grade=\"A\" basis=\"monthly-sales\"", "grade=\"Q\" basis=\"monthly-sales\"",
                 CLM_ESCHEMA, 14, "grade");
    expect_error("name=\"D\" min-score=\"35.5\"", "name=\"D\" min-score=\"66\"", CLM_ESCHEMA, 4,
                 "min-score");
    expect_error("min-score=\"35.5\"", "min-score=\"35.5555\"", CLM_ESCHEMA, 8, "min-score");
    expect_error("rounding=\"down\"", "rounding=\"sideways\"", CLM_ESCHEMA, 11, "rounding");
    expect_error("limit=\"500000.00 RUB\"", "limit=\"500000.00 USD\"", CLM_ECURRENCY, 16, "limit");
    expect_error("receivables orders document", "receivables invoices", CLM_ESCHEMA, 19, "counts");
    expect_error("warn-at=\"90%\"", "warn-at=\"190%\"", CLM_ESCHEMA, 19, "warn-at");
    expect_error("block-overdue-days=\"30\"", "block-overdue-days=\"-2\"", CLM_ESCHEMA, 19, NULL);
    expect_error("<override role=\"director\"/>", "<override role=\"head_of_department\"/>",
                 CLM_ESCHEMA, 23, "role");
    /* ageing limits: increasing, whole days, at most 15, within int32 */
    expect_error("limits=\"0 15 45 90\"", "limits=\"0 45 45 90\"", CLM_ESCHEMA, 20, "limits");
    expect_error("limits=\"0 15 45 90\"", "limits=\"0 15 90 45\"", CLM_ESCHEMA, 20, "limits");
    expect_error("limits=\"0 15 45 90\"", "limits=\"0 15 4.5\"", CLM_ESCHEMA, 20, NULL);
    expect_error("limits=\"0 15 45 90\"", "limits=\"\"", CLM_ESCHEMA, 20, NULL);
    expect_error("limits=\"0 15 45 90\"", "limits=\"0 2147483648\"", CLM_ESCHEMA, 20, "limits");
    expect_error("limits=\"0 15 45 90\"", "limits=\"0 2147483647\"", CLM_ESCHEMA, 20, "limits");
    expect_error("limits=\"0 15 45 90\"",
                 "limits=\"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\"", CLM_ESCHEMA, 20, NULL);
    expect_error("<ageing limits=\"0 15 45 90\"/>", "<ageing/>", CLM_ESCHEMA, 20, NULL);
    /* the reserve's rounding is a name of the library's rounding modes */
    expect_error("rounding=\"half-even\"", "rounding=\"banker\"", CLM_ESCHEMA, 21, "rounding");
    /* in the schema's order: after the check, before the overrides */
    expect_error("  <ageing limits=\"0 15 45 90\"/>\n  <reserve rounding=\"half-even\"/>\n",
                 "  <reserve rounding=\"half-even\"/>\n  <ageing limits=\"0 15 45 90\"/>\n",
                 CLM_ESCHEMA, 21, NULL);
    expect_error("tenure=\"10\"", "tenure=\"ten\"", CLM_ESCHEMA, 3, NULL);
    expect_error("<grades>", "<grades/><grades>", CLM_ESCHEMA, 4, NULL);
    expect_error("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\"?><!DOCTYPE x>", CLM_EPARSE, 1,
                 NULL);
    clm_credit_policy *p = NULL;
    CHECK_FAIL(clm_credit_policy_load_file(&p, "/nonexistent/policy.xml", NULL), CLM_EIO);
    CHECK_FAIL(clm_credit_policy_load_xml(&p, NULL, 0, NULL, NULL), CLM_EINVAL);
    assert_null(p);
}

/* ---- OOM walk ------------------------------------------------------------------ */

static int op_load(void *state)
{
    (void)state;
    clm_credit_policy *p = NULL;
    int rc = clm_credit_policy_load_xml(&p, policy_xml, strlen(policy_xml), NULL, NULL);
    clm_credit_policy_free(p);
    return rc;
}

static int op_save(void *state)
{
    char *xml = NULL;
    size_t len;
    int rc = clm_credit_policy_save_xml(&xml, &len, state);
    clm_free(xml);
    return rc;
}

static void *setup_policy(void)
{
    return load(policy_xml);
}

static void teardown_policy(void *state)
{
    clm_credit_policy_free(state);
}

static char *saved_before;

static void *setup_policy_saved(void)
{
    clm_credit_policy *p = load(policy_xml);
    size_t len;
    CHECK_OK(clm_credit_policy_save_xml(&saved_before, &len, p));
    return p;
}

static bool policy_unchanged(void *state)
{
    char *now = NULL;
    size_t len;
    oom_fail_after(0);
    bool same = clm_credit_policy_save_xml(&now, &len, state) == 0 &&
                strcmp(now, saved_before) == 0;
    clm_free(now);
    return same;
}

static void teardown_policy_saved(void *state)
{
    clm_credit_policy_free(state);
    clm_free(saved_before);
    saved_before = NULL;
}

static int op_set_grades(void *state)
{
    const char *names[] = { "A", "B", "C", "D", "E", "F" };
    int32_t mins[] = { 90000, 80000, 60000, 40000, 20000, 0 };
    return clm_credit_policy_set_grades(state, names, mins, 6);
}

static int op_add_limit(void *state)
{
    return clm_credit_policy_add_limit(state, "B", CLM_CREDIT_BASIS_NET_WORTH, CLM_RATE_PERCENT, 0);
}

static int op_add_group(void *state)
{
    return clm_credit_policy_set_group_limit(state, "retail", 1000);
}

static int op_add_role(void *state)
{
    return clm_credit_policy_add_override_role(state, "cfo");
}

static int op_load_file(void *state)
{
    (void)state;
    char path[4096];
    const char *root = getenv("CLM_SOURCE_ROOT");
    snprintf(path, sizeof path, "%s/examples/data/credit-policy.xml", root != NULL ? root : ".");
    clm_credit_policy *p = NULL;
    int rc = clm_credit_policy_load_file(&p, path, NULL);
    clm_credit_policy_free(p);
    return rc;
}

static int op_new(void *state)
{
    (void)state;
    clm_credit_policy *p = NULL;
    int rc = clm_credit_policy_new(&p, "house", "RUB");
    clm_credit_policy_free(p);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    oom_case cases[] = {
        { NULL, op_load, NULL, NULL },
        { NULL, op_load_file, NULL, NULL },
        { NULL, op_new, NULL, NULL },
        { setup_policy, op_save, NULL, teardown_policy },
        { setup_policy_saved, op_set_grades, policy_unchanged, teardown_policy_saved },
        { setup_policy_saved, op_add_limit, policy_unchanged, teardown_policy_saved },
        { setup_policy_saved, op_add_group, policy_unchanged, teardown_policy_saved },
        { setup_policy_saved, op_add_role, policy_unchanged, teardown_policy_saved },
    };
    /* a formula may fit in the room the array has: no allocation to fail */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(oom_check(&cases[i]) >= (cases[i].op == op_add_limit ? 0 : 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grade),
        cmocka_unit_test(test_grade_as_risk_class),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_policy_setters),
        cmocka_unit_test(test_refusals_change_nothing),
        cmocka_unit_test(test_xml_roundtrip),
        cmocka_unit_test(test_xml_errors),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
