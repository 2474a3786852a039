/*
 * coverage_offer_test.c — every offer entry point refuses a missing
 * argument with CLM_EINVAL and a message, the argument initialisers set
 * their documented defaults, and a draft refuses the steps that need a
 * priced offer or another state with CLM_ESTATE, unchanged (no event
 * recorded); each bad field of an offer or a line is refused, named, with
 * nothing made or added; equality sees a difference in terms or lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

static clm_date D(int y, int m, int d)
{
    clm_date x;
    CHECK_OK(clm_date_from_ymd(&x, y, m, d));
    return x;
}

static clm_actor MGR;

static clm_offer *draft(void)
{
    MGR = (clm_actor){ "ivanov", "manager", 1767000000 };
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = "OF-1";
    info.client_id = "C-1";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = D(2025, 12, 25);
    clm_offer *o = NULL;
    CHECK_OK(clm_offer_new(&o, &info, &MGR));
    return o;
}

static void test_inits(void **state)
{
    (void)state;
    clm_offer_credit c;
    clm_offer_acceptance a;
    clm_offer_rules r;
    clm_offer_info i;
    CHECK_FAIL(clm_offer_credit_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_acceptance_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_rules_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_info_init(NULL), CLM_EINVAL);
    memset(&c, 0x5A, sizeof c);
    memset(&a, 0x5A, sizeof a);
    CHECK_OK(clm_offer_credit_init(&c));
    assert_int_equal(c.version, CLM_OFFER_CREDIT_VERSION);
    assert_null(c.policy);
    CHECK_OK(clm_offer_acceptance_init(&a));
    assert_int_equal(a.version, CLM_OFFER_ACCEPTANCE_VERSION);
    CHECK_OK(clm_offer_rules_init(&r));
    assert_int_equal(r.reasonable_days, 10);
    assert_int_equal(r.prompt_notice_days, 1);
    CHECK_OK(clm_offer_info_init(&i));
    assert_int_equal(i.accept_by, CLM_OFFER_NO_DATE);
}

static void test_null_arguments(void **state)
{
    (void)state;
    clm_offer *o = draft();
    clm_offer_credit credit = CLM_OFFER_CREDIT_INIT;
    clm_offer_acceptance acc = CLM_OFFER_ACCEPTANCE_INIT;
    clm_offer_rules rules = CLM_OFFER_RULES_INIT;
    clm_credit_check chk;
    clm_offer_credit_record rec;
    clm_offer_verdict v;
    const char *article = NULL;
    clm_offer *out = NULL;
    clm_date day = D(2025, 12, 26);
    CHECK_FAIL(clm_offer_credit_compute(NULL, o, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_compute(&chk, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_at(NULL, o, 0), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_override(NULL, &MGR, NULL, "x"), CLM_EINVAL);
    CHECK_FAIL(clm_offer_submit(NULL, &MGR, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_submit(o, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_approve(NULL, &MGR, NULL, NULL, &credit, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_refuse(NULL, &MGR, NULL, NULL, "no"), CLM_EINVAL);
    CHECK_FAIL(clm_offer_send(NULL, &MGR, &rules, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_receive(NULL, &MGR, day), CLM_EINVAL);
    CHECK_FAIL(clm_offer_withdraw(NULL, &MGR, day, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_expire(NULL, &MGR, day), CLM_EINVAL);
    CHECK_FAIL(clm_offer_judge_acceptance(NULL, &article, o, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, NULL, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_accept(NULL, &MGR, &acc, &rules, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_reject(NULL, &MGR, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter_draft(NULL, o, "OF-2", &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter_draft(&out, NULL, "OF-2", &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter(NULL, o, &MGR, day, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter(o, NULL, &MGR, day, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_new_version(NULL, o, "OF-2", &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_offer_new_version(&out, NULL, "OF-2", &MGR), CLM_EINVAL);
    assert_null(out);
    /* nothing was recorded */
    assert_int_equal(clm_offer_event_count(o), 1);
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_DRAFT);
    (void)rec;
    clm_offer_free(o);
}

static void test_draft_refusals(void **state)
{
    (void)state;
    clm_offer *o = draft();
    clm_offer_rules rules = CLM_OFFER_RULES_INIT;
    clm_offer_credit_record rec;
    CHECK_FAIL(clm_offer_credit_at(&rec, o, 0), CLM_ERANGE);
    /* The credit check needs a policy, then a priced offer. */
    clm_offer_credit credit = CLM_OFFER_CREDIT_INIT;
    clm_credit_check chk;
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, &credit), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "policy");
    clm_credit_policy *p = NULL;
    CHECK_OK(clm_credit_policy_new(&p, "p", "RUB"));
    credit.policy = p;
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, &credit), CLM_ESTATE);
    /* A draft cannot be countered; its credit check is overridden only by a
     * role the policy names, and once while the override is pending. */
    clm_offer *out = (clm_offer *)&out;
    CHECK_FAIL(clm_offer_counter_draft(&out, o, "OF-2", &MGR), CLM_ESTATE);
    assert_ptr_equal(out, (clm_offer *)&out);
    CHECK_FAIL(clm_offer_credit_override(o, &MGR, p, "trust them"), CLM_EPERM);
    CHECK_OK(clm_credit_policy_add_override_role(p, "manager"));
    CHECK_OK(clm_offer_credit_override(o, &MGR, p, "trust them"));
    CHECK_FAIL(clm_offer_credit_override(o, &MGR, p, "again"), CLM_ESTATE);
    /* Rules out of range are refused before anything is looked at. */
    clm_offer_acceptance acc = CLM_OFFER_ACCEPTANCE_INIT;
    clm_offer_verdict v = CLM_OFFER_IN_TIME;
    const char *article = NULL;
    rules.reasonable_days = 0;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, o, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "reasonable_days");
    rules = (clm_offer_rules)CLM_OFFER_RULES_INIT;
    rules.prompt_notice_days = 31;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, o, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "prompt_notice_days");
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, o, &acc, NULL, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "rules");
    assert_int_equal(v, CLM_OFFER_IN_TIME);
    assert_int_equal(clm_offer_event_count(o), 2); /* create, the one override */
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_DRAFT);
    clm_credit_policy_free(p);
    clm_offer_free(o);
}

static clm_offer_info good_info(void)
{
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = "OF-1";
    info.client_id = "C-1";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = D(2025, 12, 25);
    return info;
}

static void info_refused(const clm_offer_info *info, const char *field)
{
    clm_offer *o = (clm_offer *)&o;
    CHECK_FAIL(clm_offer_new(&o, info, &MGR), CLM_EINVAL);
    assert_ptr_equal(o, (clm_offer *)&o);
    CHECK_STR(clm_error_last()->field, field);
}

static void test_info_refused(void **state)
{
    (void)state;
    clm_offer *probe = draft(); /* sets MGR */
    clm_offer_free(probe);
    clm_offer_info i = good_info();
    i.currency = NULL;
    info_refused(&i, "currency");
    i = good_info();
    i.date = CLM_DATE_MAX + 1;
    info_refused(&i, "date");
    i = good_info();
    i.deferral_days = -1;
    info_refused(&i, "deferral_days");
    i = good_info();
    i.delivery_days = -1;
    info_refused(&i, "delivery_days");
    i = good_info();
    i.accept_by = CLM_DATE_MAX + 1;
    info_refused(&i, "accept_by");
    i = good_info();
    i.accept_by = D(2025, 12, 24); /* before the offer's date */
    info_refused(&i, "accept_by");
    i = good_info();
    i.revocable = 2;
    info_refused(&i, "revocable");
    i = good_info();
    i.from_client = 2;
    info_refused(&i, "from_client");
    i = good_info();
    clm_offer *o = NULL;
    CHECK_FAIL(clm_offer_new(NULL, &i, &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_offer_new(&o, NULL, &MGR), CLM_EINVAL);
    assert_null(o);
}

static void line_refused(clm_offer *o, const clm_offer_line *l, int code, const char *field)
{
    size_t idx = 99;
    CHECK_FAIL(clm_offer_add_line(&idx, o, l), code);
    assert_int_equal(idx, 99);
    CHECK_STR(clm_error_last()->field, field);
    assert_int_equal(clm_offer_line_count(o), 0);
}

static void test_lines_refused(void **state)
{
    (void)state;
    clm_offer *o = draft();
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "CEM-M500";
    CHECK_OK(clm_money_make(&l.unit_price, -1, "RUB"));
    line_refused(o, &l, CLM_EINVAL, "unit_price");
    l.unit_price.amount = 100;
    l.unit_price.currency[0] = '\0';
    line_refused(o, &l, CLM_EINVAL, "unit_price");
    l = (clm_offer_line)CLM_OFFER_LINE_INIT;
    l.product = "CEM-M500";
    l.has_cost = 2;
    line_refused(o, &l, CLM_EINVAL, "has_cost");
    l.has_cost = 1;
    CHECK_OK(clm_money_make(&l.unit_cost, 100, "USD"));
    line_refused(o, &l, CLM_ECURRENCY, "unit_cost");
    CHECK_OK(clm_money_make(&l.unit_cost, -100, "RUB"));
    line_refused(o, &l, CLM_EINVAL, "unit_cost");
    CHECK_FAIL(clm_offer_add_line(NULL, NULL, &l), CLM_EINVAL);
    CHECK_FAIL(clm_offer_add_line(NULL, o, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_remove_line(NULL, 0), CLM_EINVAL);
    clm_offer_line got;
    CHECK_FAIL(clm_offer_line_at(&got, o, 0), CLM_ERANGE);
    CHECK_FAIL(clm_offer_line_at(NULL, o, 0), CLM_EINVAL);
    clm_offer_event ev;
    CHECK_FAIL(clm_offer_event_at(&ev, o, 1), CLM_ERANGE);
    CHECK_FAIL(clm_offer_event_at(NULL, o, 0), CLM_EINVAL);
    clm_offer_info info;
    CHECK_FAIL(clm_offer_info_get(NULL, o), CLM_EINVAL);
    CHECK_FAIL(clm_offer_info_get(&info, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_set_terms(NULL, &info), CLM_EINVAL);
    clm_offer *d = NULL;
    CHECK_FAIL(clm_offer_dup(&d, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_dup(NULL, o), CLM_EINVAL);
    assert_null(clm_offer_id(NULL));
    assert_int_equal(clm_offer_line_count(NULL), 0);
    clm_offer_line init;
    CHECK_FAIL(clm_offer_line_init(NULL), CLM_EINVAL);
    CHECK_OK(clm_offer_line_init(&init));
    CHECK_I64(init.quantity, CLM_DISCOUNT_QTY_SCALE);
    clm_offer_free(o);
}

/* Two offers that differ in one thing are not equal; a copy is. */
static void test_equal(void **state)
{
    (void)state;
    clm_offer *a = draft(), *b = NULL;
    CHECK_OK(clm_offer_dup(&b, a));
    assert_true(clm_offer_equal(a, b));
    assert_false(clm_offer_equal(a, NULL));
    clm_offer_info t;
    CHECK_OK(clm_offer_info_get(&t, b));
    t.delivery_days = 7;
    CHECK_OK(clm_offer_set_terms(b, &t));
    assert_false(clm_offer_equal(a, b));
    clm_offer_free(b);
    CHECK_OK(clm_offer_dup(&b, a));
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "SAND";
    CHECK_OK(clm_offer_add_line(NULL, a, &l));
    CHECK_OK(clm_offer_add_line(NULL, b, &l));
    assert_true(clm_offer_equal(a, b));
    CHECK_OK(clm_offer_remove_line(b, 0));
    l.quantity = 2 * CLM_DISCOUNT_QTY_SCALE;
    CHECK_OK(clm_offer_add_line(NULL, b, &l));
    assert_false(clm_offer_equal(a, b)); /* another quantity, and a longer history */
    clm_offer_free(a);
    clm_offer_free(b);
}

/* An unpriced draft answers every pricing accessor with "nothing" and
 * refuses to be priced without an engine and a client. */
static void test_unpriced(void **state)
{
    (void)state;
    clm_offer *o = draft();
    clm_offer_pricing p;
    CHECK_FAIL(clm_offer_pricing_init(NULL), CLM_EINVAL);
    CHECK_OK(clm_offer_pricing_init(&p));
    assert_null(p.engine);
    CHECK_FAIL(clm_offer_price(NULL, &MGR, &p), CLM_EINVAL);
    CHECK_FAIL(clm_offer_price(o, &MGR, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_price(o, &MGR, &p), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "engine");
    assert_int_equal(clm_offer_priced(o), 0);
    assert_null(clm_offer_line_price_at(o, 0));
    assert_null(clm_offer_totals(o));
    assert_int_equal(clm_offer_trace_count(o, 0), 0);
    assert_null(clm_offer_trace(o, 0, 0));
    const char *name = "untouched", *version = "untouched";
    CHECK_FAIL(clm_offer_policy(&name, &version, o), CLM_ESTATE);
    CHECK_FAIL(clm_offer_policy(&name, &version, NULL), CLM_EINVAL);
    CHECK_STR(name, "untouched");
    const char *why = "untouched";
    int approvable = -1;
    assert_null(clm_offer_approval_required(o, &why, &approvable));
    assert_int_equal(clm_offer_ladder_count(o), 0);
    assert_null(clm_offer_ladder_role(o, 0));
    assert_int_equal(clm_offer_role_suffices(o, "director"), 0);
    assert_int_equal(clm_offer_event_count(o), 1);
    clm_offer_free(o);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inits),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_draft_refusals),
        cmocka_unit_test(test_info_refused),
        cmocka_unit_test(test_lines_refused),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_unpriced),
    };
    return core_run("coverage_offer", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
}
