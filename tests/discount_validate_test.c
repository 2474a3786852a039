/*
 * discount_validate_test.c — the policy validator (discount_validate.h):
 * each finding on a policy built to have it, its near misses that must not
 * be reported, the sample policies clean, misuse, ordering and the OOM walk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include <clm/clm.h>

#include "oom.h"

#define PCT(x) ((clm_rate)((x) * CLM_RATE_PERCENT))
#define QTY(x) ((int64_t)(x) * CLM_DISCOUNT_QTY_SCALE)
#define OPEN_LO INT64_MIN
#define OPEN_HI INT64_MAX

/* ---- building policies ---------------------------------------------------- */

static clm_discount_policy *policy(clm_discount_stacking st)
{
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "t", "RUB"), 0);
    assert_int_equal(clm_discount_policy_set_stacking(p, st), 0);
    return p;
}

static size_t add_rule(clm_discount_policy *p, const char *id, int32_t priority, const char *group,
                       clm_discount_action action)
{
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = id;
    r.priority = priority;
    r.exclusion_group = group;
    r.action = action;
    size_t ri;
    if (clm_discount_policy_add_rule(&ri, p, &r) != 0)
        fail_msg("rule %s: %s", id, clm_error_last()->message);
    return ri;
}

static clm_discount_action percent(double pct)
{
    clm_discount_action a = { CLM_DISCOUNT_PERCENT, PCT(pct), 0, 0, 0, 0, 0 };
    return a;
}

static clm_discount_action action(clm_discount_action_kind kind, clm_rate rate, int64_t amount)
{
    clm_discount_action a = { kind, rate, amount, 0, 0, 0, 0 };
    if (kind == CLM_DISCOUNT_EARLY_PAYMENT) {
        a.days = 10;
        a.net_days = 30;
    }
    return a;
}

static clm_discount_action free_goods(int64_t buy, int64_t get)
{
    clm_discount_action a = { CLM_DISCOUNT_FREE_GOODS, 0, 0, buy, get, 0, 0 };
    return a;
}

/* A set condition with the NULL-terminated values that follow. */
static void set(clm_discount_policy *p, size_t ri, clm_discount_cond_kind kind, ...)
{
    const char *values[8];
    size_t n = 0;
    va_list ap;
    va_start(ap, kind);
    for (const char *v; (v = va_arg(ap, const char *)) != NULL && n < 8;)
        values[n++] = v;
    va_end(ap);
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = kind;
    c.values = values;
    c.value_count = n;
    if (clm_discount_policy_add_condition(p, ri, &c) != 0)
        fail_msg("condition: %s", clm_error_last()->message);
}

static void range(clm_discount_policy *p, size_t ri, clm_discount_cond_kind kind, int64_t min, int64_t max)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = kind;
    c.min = min;
    c.max = max;
    if (kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
        c.group = "building";
    if (kind == CLM_DISCOUNT_COND_TURNOVER)
        c.period_days = 365;
    if (clm_discount_policy_add_condition(p, ri, &c) != 0)
        fail_msg("condition: %s", clm_error_last()->message);
}

static clm_discount_findings *validate(const clm_discount_policy *p, const clm_discount_validate_options *o)
{
    clm_discount_findings *f = NULL;
    if (clm_discount_validate(&f, p, o) != 0)
        fail_msg("validate: %s", clm_error_last()->message);
    assert_non_null(f);
    return f;
}

/* Number of findings of `kind` on `rule` (with `other`, unless NULL). */
static size_t count(const clm_discount_findings *f, clm_discount_finding_kind kind, const char *rule,
                    const char *other)
{
    size_t n = 0;
    for (size_t i = 0; i < clm_discount_findings_count(f); i++) {
        const clm_discount_finding *x = clm_discount_findings_get(f, i);
        if (x->kind != kind || strcmp(x->rule, rule) != 0)
            continue;
        if (other != NULL && (x->other == NULL || strcmp(x->other, other) != 0))
            continue;
        n++;
    }
    return n;
}

static void dump(const clm_discount_findings *f)
{
    for (size_t i = 0; i < clm_discount_findings_count(f); i++) {
        const clm_discount_finding *x = clm_discount_findings_get(f, i);
        print_message("  %s %s %s %s: %s\n", clm_discount_severity_name(x->severity), x->code, x->rule,
                      x->other != NULL ? x->other : "-", x->message);
    }
}

/* Exactly the findings expected: `n` in all. */
static void expect_total(const clm_discount_findings *f, size_t n)
{
    if (clm_discount_findings_count(f) != n) {
        dump(f);
        fail_msg("%zu findings, expected %zu", clm_discount_findings_count(f), n);
    }
}

/* Validates p with opts, expects exactly one finding of `kind` on `rule`
 * (naming `other` when given) and nothing else; frees p. */
static void expect_one(clm_discount_policy *p, const clm_discount_validate_options *o,
                       clm_discount_finding_kind kind, const char *rule, const char *other)
{
    clm_discount_findings *f = validate(p, o);
    expect_total(f, 1);
    const clm_discount_finding *x = clm_discount_findings_get(f, 0);
    if (x->kind != kind || strcmp(x->rule, rule) != 0) {
        dump(f);
        fail_msg("expected %s on %s", clm_discount_finding_kind_name(kind), rule);
    }
    if (other != NULL) {
        assert_non_null(x->other);
        assert_string_equal(x->other, other);
    } else {
        assert_null(x->other);
    }
    assert_string_equal(x->code, clm_discount_finding_kind_name(kind));
    assert_non_null(strstr(x->message, rule));
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);
}

static void expect_none(clm_discount_policy *p, const clm_discount_validate_options *o)
{
    clm_discount_findings *f = validate(p, o);
    expect_total(f, 0);
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);
}

static const char *data_path(const char *name)
{
    static char buf[4096];
    const char *root = getenv("CLM_SOURCE_ROOT");
    snprintf(buf, sizeof buf, "%s/examples/data/%s", root != NULL ? root : "..", name);
    return buf;
}

/* ---- clean policies ------------------------------------------------------- */

static void test_samples_are_clean(void **state)
{
    (void)state;
    static const char *const cats[] = { "key", "wholesale", "regular" };
    static const char *const prods[] = { "HOSE-25", "GLOVES-M", "GLOVES-L" };
    static const char *const names[] = { "wholesale-policy.xml", "loyalty-policy.xml", "promo-policy.xml" };
    clm_discount_validate_options o;
    assert_int_equal(clm_discount_validate_options_init(&o), 0);
    o.has_today = 1;
    assert_int_equal(clm_date_from_ymd(&o.today, 2026, 4, 1), 0);
    o.categories = cats;
    o.n_categories = 3;
    o.products = prods;
    o.n_products = 3;
    for (size_t i = 0; i < 3; i++) {
        clm_discount_policy *p = NULL;
        assert_int_equal(clm_discount_policy_load_file(&p, data_path(names[i]), NULL), 0);
        expect_none(p, &o);
    }
    /* an empty policy, and one rule alone, have nothing to report */
    expect_none(policy(CLM_DISCOUNT_STACK_ADDITIVE), NULL);
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "only", 0, NULL, percent(5));
    expect_none(p, NULL);
}

/* A policy whose only condition is a range (no set condition) allocates
 * no value arrays; the validator used to offset those NULL arrays, which
 * is undefined behaviour that clang's UBSan stops on (the sanitizer runs of
 * .ci/run, and tests/fuzz/regressions/discount_policy/ holds the input). */
static void test_no_set_condition(void **state)
{
    (void)state;
    static const char xml[] =
        "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" currency=\"RUB\"\n"
        "  stacking=\"additive\" rounding=\"half-even\"><rule id=\"r\"><line-quantity\n"
        "  min=\"1\"/><percent rate=\"1%\"/></rule></discount-policy>";
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_load_xml(&p, xml, sizeof xml - 1, NULL, NULL), 0);
    expect_none(p, NULL);
    /* and a policy with no condition at all */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "a", 0, NULL, percent(5));
    add_rule(p, "b", 1, NULL, percent(5));
    clm_discount_findings *f = NULL;
    assert_int_equal(clm_discount_validate(&f, p, NULL), 0);
    assert_non_null(f);
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);
}

/* ---- AMBIGUOUS -------------------------------------------------------------- */

static void test_ambiguous(void **state)
{
    (void)state;
    /* same priority, no group, both match every line */
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    add_rule(p, "a", 5, NULL, percent(5));
    add_rule(p, "b", 5, NULL, action(CLM_DISCOUNT_AMOUNT_OFF_LINE, 0, 100));
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_AMBIGUOUS, "b", "a");

    /* different exclusion groups do not resolve it */
    p = policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    add_rule(p, "a", 5, "g1", percent(5));
    add_rule(p, "b", 5, "g2", percent(3));
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_AMBIGUOUS, "b", "a");

    /* a parent group and its child overlap */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "building", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "cement", "building"), 0);
    set(p, add_rule(p, "a", 1, NULL, percent(5)), CLM_DISCOUNT_COND_GROUP, "building", NULL);
    set(p, add_rule(p, "b", 1, NULL, percent(6)), CLM_DISCOUNT_COND_GROUP, "cement", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_AMBIGUOUS, "b", "a");

    /* a client may be in two categories at once */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    set(p, add_rule(p, "a", 1, NULL, percent(5)), CLM_DISCOUNT_COND_CATEGORY, "key", NULL);
    set(p, add_rule(p, "b", 1, NULL, percent(6)), CLM_DISCOUNT_COND_CATEGORY, "regular", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_AMBIGUOUS, "b", "a");

    /* two products in common: one finding, not one per product */
    p = policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    set(p, add_rule(p, "ab", 5, NULL, percent(5)), CLM_DISCOUNT_COND_PRODUCT, "A", "B", NULL);
    set(p, add_rule(p, "c", 5, NULL, percent(1)), CLM_DISCOUNT_COND_PRODUCT, "C", NULL);
    set(p, add_rule(p, "bca", 5, NULL, percent(2)), CLM_DISCOUNT_COND_PRODUCT, "B", "C", "A", NULL);
    clm_discount_findings *f = validate(p, NULL);
    expect_total(f, 2);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_AMBIGUOUS, "bca", "ab"), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_AMBIGUOUS, "bca", "c"), 1);
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);

    /* two early-payment terms */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "t1", 0, NULL, action(CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0));
    set(p, add_rule(p, "t2", 0, NULL, action(CLM_DISCOUNT_EARLY_PAYMENT, PCT(3), 0)), CLM_DISCOUNT_COND_REGION,
        "RU-MOW", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_AMBIGUOUS, "t2", "t1");
}

static void test_not_ambiguous(void **state)
{
    (void)state;
    /* different priorities */
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    add_rule(p, "a", 5, NULL, percent(5));
    add_rule(p, "b", 6, NULL, percent(5));
    expect_none(p, NULL);

    /* different products: never the same line */
    p = policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    set(p, add_rule(p, "a", 5, NULL, percent(5)), CLM_DISCOUNT_COND_PRODUCT, "X", "Y", NULL);
    set(p, add_rule(p, "b", 5, NULL, percent(5)), CLM_DISCOUNT_COND_PRODUCT, "Z", NULL);
    expect_none(p, NULL);

    /* disjoint quantity ranges */
    p = policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    range(p, add_rule(p, "a", 5, NULL, percent(5)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(1), QTY(10) - 1);
    range(p, add_rule(p, "b", 5, NULL, percent(5)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(10), OPEN_HI);
    expect_none(p, NULL);

    /* sibling groups: a line is in one group */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "building", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "cement", "building"), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "bricks", "building"), 0);
    set(p, add_rule(p, "a", 1, NULL, percent(5)), CLM_DISCOUNT_COND_GROUP, "bricks", NULL);
    set(p, add_rule(p, "b", 1, NULL, percent(6)), CLM_DISCOUNT_COND_GROUP, "cement", NULL);
    expect_none(p, NULL);

    /* a line's quantity never exceeds its document's */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "a", 1, NULL, percent(5)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(100), OPEN_HI);
    range(p, add_rule(p, "b", 1, NULL, percent(6)), CLM_DISCOUNT_COND_DOC_QUANTITY, OPEN_LO, QTY(50));
    expect_none(p, NULL);

    /* surcharges add up: their order never matters */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "s1", 0, NULL, action(CLM_DISCOUNT_SURCHARGE, PCT(1), 0));
    add_rule(p, "s2", 0, NULL, action(CLM_DISCOUNT_SURCHARGE, PCT(2), 0));
    expect_none(p, NULL);

    /* a discount and early-payment terms are different stages */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "d", 0, NULL, percent(1));
    add_rule(p, "t", 0, NULL, action(CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0));
    expect_none(p, NULL);
}

/* ---- EMPTY_RANGE ------------------------------------------------------------ */

static void test_empty_range(void **state)
{
    (void)state;
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    size_t r = add_rule(p, "never", 0, NULL, percent(5));
    range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(10), QTY(20));
    range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(30), QTY(40));
    clm_discount_findings *f = validate(p, NULL);
    expect_total(f, 1);
    const clm_discount_finding *x = clm_discount_findings_get(f, 0);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_EMPTY_RANGE);
    assert_int_equal(x->severity, CLM_DISCOUNT_SEVERITY_ERROR);
    assert_string_equal(x->subject, "line-quantity");
    assert_null(x->other);
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);

    /* a range outside what the fact can be: a quantity of at most 0 */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "zero", 0, NULL, percent(5)), CLM_DISCOUNT_COND_LINE_QUANTITY, OPEN_LO, 0);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "zero", NULL);

    /* a deferral range below 0 days */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "neg", 0, NULL, percent(5)), CLM_DISCOUNT_COND_DEFERRAL, -10, -1);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "neg", NULL);

    /* one line, one product */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    r = add_rule(p, "two-products", 0, NULL, percent(5));
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "A", NULL);
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "B", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "two-products", NULL);

    /* sibling groups required together */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "building", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "cement", "building"), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "bricks", "building"), 0);
    r = add_rule(p, "two-groups", 0, NULL, percent(5));
    set(p, r, CLM_DISCOUNT_COND_GROUP, "cement", NULL);
    set(p, r, CLM_DISCOUNT_COND_GROUP, "bricks", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "two-groups", NULL);

    /* a line larger than its whole document */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    r = add_rule(p, "line-over-doc", 0, NULL, percent(5));
    range(p, r, CLM_DISCOUNT_COND_LINE_AMOUNT, 100000, OPEN_HI);
    range(p, r, CLM_DISCOUNT_COND_DOC_AMOUNT, OPEN_LO, 50000);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "line-over-doc", NULL);

    /* buy 3 get 1 on lines of at most 3 units never frees a unit */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "small-free", 0, NULL, free_goods(3, 1)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(1), QTY(3));
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "small-free", NULL);

    /* near misses: ranges that meet in one point; groups on one chain;
     * buy 3 get 1 on lines of up to 4 units */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "building", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "cement", "building"), 0);
    r = add_rule(p, "point", 0, NULL, percent(5));
    range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(10), QTY(20));
    range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(20), QTY(40));
    r = add_rule(p, "chain", 1, NULL, percent(5));
    set(p, r, CLM_DISCOUNT_COND_GROUP, "building", NULL);
    set(p, r, CLM_DISCOUNT_COND_GROUP, "cement", NULL);
    range(p, add_rule(p, "free-ok", 2, NULL, free_goods(3, 1)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(1), QTY(4));
    expect_none(p, NULL);

    /* an empty rule is not also reported as ambiguous with its neighbour */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "fine", 0, NULL, percent(1));
    range(p, add_rule(p, "void", 0, NULL, percent(2)), CLM_DISCOUNT_COND_LINE_QUANTITY, OPEN_LO, 0);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "void", NULL);
}

/* ---- EXPIRED ---------------------------------------------------------------- */

static void test_expired(void **state)
{
    (void)state;
    clm_date from, to;
    clm_date_from_ymd(&from, 2025, 12, 1);
    clm_date_from_ymd(&to, 2026, 2, 28);
    clm_discount_validate_options o = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    o.has_today = 1;

    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "winter", 0, NULL, percent(5)), CLM_DISCOUNT_COND_DATE, from, to);
    clm_date_from_ymd(&o.today, 2026, 3, 1);
    clm_discount_findings *f = validate(p, &o);
    expect_total(f, 1);
    const clm_discount_finding *x = clm_discount_findings_get(f, 0);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_EXPIRED);
    assert_int_equal(x->severity, CLM_DISCOUNT_SEVERITY_WARNING);
    assert_non_null(strstr(x->message, "2026-02-28"));
    clm_discount_findings_free(f);

    /* still valid on its last day, and before it starts */
    o.today = to;
    f = validate(p, &o);
    expect_total(f, 0);
    clm_discount_findings_free(f);
    clm_date_from_ymd(&o.today, 2025, 1, 1);
    f = validate(p, &o);
    expect_total(f, 0);
    clm_discount_findings_free(f);
    /* without a reference date nothing expires */
    f = validate(p, NULL);
    expect_total(f, 0);
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);
}

/* ---- SHADOWED --------------------------------------------------------------- */

static void test_shadowed(void **state)
{
    (void)state;
    /* in one group, a broader rule with more always wins */
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "broad", 10, "vol", percent(8)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(100), OPEN_HI);
    size_t r = add_rule(p, "narrow", 5, "vol", percent(5));
    range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(500), QTY(600));
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "A", NULL);
    clm_discount_findings *f = validate(p, NULL);
    expect_total(f, 1);
    const clm_discount_finding *x = clm_discount_findings_get(f, 0);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_SHADOWED);
    assert_string_equal(x->rule, "narrow");
    assert_string_equal(x->other, "broad");
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);

    /* equal discounts: the winner of ties (higher priority) shadows */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "first", 1, "g", percent(5));
    add_rule(p, "second", 9, "g", percent(5));
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_SHADOWED, "first", "second");

    /* a lower fixed price always gives more */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "cheap", 0, "g", action(CLM_DISCOUNT_FIXED_PRICE, 0, 9900));
    set(p, add_rule(p, "dear", 1, "g", action(CLM_DISCOUNT_FIXED_PRICE, 0, 12000)), CLM_DISCOUNT_COND_PRODUCT,
        "GLOVES", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_SHADOWED, "dear", "cheap");

    /* a larger amount off, winning ties by priority */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "big", 5, "g", action(CLM_DISCOUNT_AMOUNT_OFF_UNIT, 0, 500));
    add_rule(p, "small", 1, "g", action(CLM_DISCOUNT_AMOUNT_OFF_UNIT, 0, 300));
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_SHADOWED, "small", "big");

    /* buy 2 get 1 frees at least what buy 3 get 1 does */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "2+1", 5, "g", free_goods(2, 1));
    add_rule(p, "3+1", 1, "g", free_goods(3, 1));
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_SHADOWED, "3+1", "2+1");

    /* best-only: across groups too */
    p = policy(CLM_DISCOUNT_STACK_BEST_ONLY);
    add_rule(p, "all", 0, NULL, percent(10));
    set(p, add_rule(p, "key", 1, "k", percent(7)), CLM_DISCOUNT_COND_CATEGORY, "key", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_SHADOWED, "key", "all");

    /* the largest early-payment rate wins */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "t3", 1, NULL, action(CLM_DISCOUNT_EARLY_PAYMENT, PCT(3), 0));
    set(p, add_rule(p, "t2", 0, NULL, action(CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0)), CLM_DISCOUNT_COND_CATEGORY,
        "key", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_SHADOWED, "t2", "t3");
}

static void test_not_shadowed(void **state)
{
    (void)state;
    /* the narrow rule gives more: it wins where it matches */
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "broad", 10, "g", percent(5));
    set(p, add_rule(p, "narrow", 5, "g", percent(8)), CLM_DISCOUNT_COND_PRODUCT, "A", NULL);
    expect_none(p, NULL);

    /* the stronger rule does not cover the weaker one's lines */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    set(p, add_rule(p, "a-only", 10, "g", percent(9)), CLM_DISCOUNT_COND_PRODUCT, "A", NULL);
    set(p, add_rule(p, "a-or-b", 5, "g", percent(5)), CLM_DISCOUNT_COND_PRODUCT, "A", "B", NULL);
    expect_none(p, NULL);

    /* equal discounts: the broader rule covers the other but loses ties
     * to it, and the tie-winner does not cover the broader one */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "low", 1, "g", percent(5));
    set(p, add_rule(p, "high", 9, "g", percent(5)), CLM_DISCOUNT_COND_PRODUCT, "A", NULL);
    expect_none(p, NULL);

    /* additive stacking, different groups: both apply */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "all", 2, "g1", percent(10));
    set(p, add_rule(p, "key", 1, "g2", percent(7)), CLM_DISCOUNT_COND_CATEGORY, "key", NULL);
    expect_none(p, NULL);

    /* different kinds of action cannot be compared in general */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    add_rule(p, "pct", 5, "g", percent(10));
    add_rule(p, "amt", 1, "g", action(CLM_DISCOUNT_AMOUNT_OFF_LINE, 0, 100));
    expect_none(p, NULL);
}

/* ---- OVERLAPPING_TIERS ------------------------------------------------------ */

static void test_overlapping_tiers(void **state)
{
    (void)state;
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "t100", 10, "vol", percent(3)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(100), QTY(500));
    range(p, add_rule(p, "t500", 10, "vol", percent(5)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(500), QTY(1000));
    clm_discount_findings *f = validate(p, NULL);
    expect_total(f, 1);
    const clm_discount_finding *x = clm_discount_findings_get(f, 0);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_OVERLAPPING_TIERS);
    assert_string_equal(x->rule, "t500");
    assert_string_equal(x->other, "t100");
    assert_string_equal(x->subject, "line-quantity");
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);

    /* turnover tiers overlapping by a kopeck */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "silver", 10, "t", percent(2)), CLM_DISCOUNT_COND_TURNOVER, 50000000, 200000000);
    range(p, add_rule(p, "gold", 10, "t", percent(4)), CLM_DISCOUNT_COND_TURNOVER, 199999999, OPEN_HI);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_OVERLAPPING_TIERS, "gold", "silver");

    /* partitioned tiers; overlapping ranges in different groups; tiers of
     * different products */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    range(p, add_rule(p, "t1", 10, "vol", percent(3)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(100), QTY(500) - 1);
    range(p, add_rule(p, "t2", 10, "vol", percent(5)), CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(500), OPEN_HI);
    range(p, add_rule(p, "o1", 20, "x", percent(1)), CLM_DISCOUNT_COND_DOC_AMOUNT, 0, 1000);
    range(p, add_rule(p, "o2", 21, "y", percent(1)), CLM_DISCOUNT_COND_DOC_AMOUNT, 500, 2000);
    size_t r = add_rule(p, "pa", 30, "prod", percent(2));
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "A", NULL);
    range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(1), QTY(10));
    r = add_rule(p, "pb", 30, "prod", percent(2));
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "B", NULL);
    range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, QTY(5), QTY(20));
    expect_none(p, NULL);
}

/* ---- CAPPED_OUT ------------------------------------------------------------- */

static void test_capped_out(void **state)
{
    (void)state;
    /* a line cap of 0 gives every discount back */
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = 0;
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    add_rule(p, "any", 0, NULL, percent(5));
    add_rule(p, "terms", 1, NULL, action(CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0)); /* not a line discount */
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_CAPPED_OUT, "any", NULL);

    /* a rule that alone reaches the line cap wherever the other applies */
    p = policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    caps = (clm_discount_caps)CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = PCT(10);
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    set(p, add_rule(p, "vip", 5, NULL, percent(10)), CLM_DISCOUNT_COND_CATEGORY, "key", NULL);
    size_t r = add_rule(p, "vip-bricks", 6, NULL, percent(2));
    set(p, r, CLM_DISCOUNT_COND_CATEGORY, "key", NULL);
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "BRICK", NULL);
    clm_discount_findings *f = validate(p, NULL);
    expect_total(f, 1);
    const clm_discount_finding *x = clm_discount_findings_get(f, 0);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_CAPPED_OUT);
    assert_string_equal(x->rule, "vip-bricks");
    assert_string_equal(x->other, "vip");
    assert_string_equal(x->subject, "max-line");
    assert_non_null(strstr(x->message, "10%"));
    clm_discount_findings_free(f);

    /* ... unless a role may lift the cap */
    clm_discount_caps lifted = CLM_DISCOUNT_CAPS_INIT;
    lifted.max_line = PCT(20);
    assert_int_equal(clm_discount_policy_add_role_caps(p, "director", &lifted), 0);
    expect_none(p, NULL);

    /* the document cap, reached by a rule that covers every line */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    caps = (clm_discount_caps)CLM_DISCOUNT_CAPS_INIT;
    caps.max_document = PCT(5);
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    range(p, add_rule(p, "big-order", 1, NULL, percent(5)), CLM_DISCOUNT_COND_DOC_AMOUNT, 1000000, OPEN_HI);
    r = add_rule(p, "big-order-cement", 2, NULL, percent(1));
    range(p, r, CLM_DISCOUNT_COND_DOC_AMOUNT, 2000000, OPEN_HI);
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "CEM", NULL);
    expect_one(p, NULL, CLM_DISCOUNT_FINDING_CAPPED_OUT, "big-order-cement", "big-order");

    /* near misses: the big rule covers only some lines (document cap);
     * the same exclusion group (only one applies); best-only stacking */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    caps = (clm_discount_caps)CLM_DISCOUNT_CAPS_INIT;
    caps.max_document = PCT(5);
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    set(p, add_rule(p, "cement-5", 1, NULL, percent(5)), CLM_DISCOUNT_COND_PRODUCT, "CEM", NULL);
    set(p, add_rule(p, "cement-1", 2, NULL, percent(1)), CLM_DISCOUNT_COND_PRODUCT, "CEM", NULL);
    expect_none(p, NULL);

    p = policy(CLM_DISCOUNT_STACK_BEST_ONLY);
    caps = (clm_discount_caps)CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = PCT(10);
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    add_rule(p, "ten", 1, NULL, percent(10));
    add_rule(p, "amount", 2, NULL, action(CLM_DISCOUNT_AMOUNT_OFF_LINE, 0, 100));
    expect_none(p, NULL);
}

/* ---- UNKNOWN_* -------------------------------------------------------------- */

static void test_unknown_names(void **state)
{
    (void)state;
    static const char *const cats[] = { "key", "regular" };
    static const char *const prods[] = { "CEM", "BRK" };
    static const char *const extra[] = { "imported" };
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "building", NULL), 0);
    size_t r = add_rule(p, "typos", 0, NULL, percent(1));
    set(p, r, CLM_DISCOUNT_COND_CATEGORY, "key", "kye", NULL);
    set(p, r, CLM_DISCOUNT_COND_PRODUCT, "CEM", "CEN", NULL);
    set(p, r, CLM_DISCOUNT_COND_GROUP, "building", "imported", NULL);
    range(p, r, CLM_DISCOUNT_COND_GROUP_QUANTITY, QTY(1), OPEN_HI); /* sums over "building": known */

    /* without lists only the groups are checked, against the policy's */
    clm_discount_findings *f = validate(p, NULL);
    expect_total(f, 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_UNKNOWN_GROUP, "typos", NULL), 1);
    assert_string_equal(clm_discount_findings_get(f, 0)->subject, "imported");
    clm_discount_findings_free(f);

    clm_discount_validate_options o = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    o.categories = cats;
    o.n_categories = 2;
    o.products = prods;
    o.n_products = 2;
    o.groups = extra;
    o.n_groups = 1;
    f = validate(p, &o);
    expect_total(f, 2);
    const clm_discount_finding *a = clm_discount_findings_get(f, 0), *b = clm_discount_findings_get(f, 1);
    assert_int_equal(a->kind, CLM_DISCOUNT_FINDING_UNKNOWN_CATEGORY);
    assert_string_equal(a->subject, "kye");
    assert_int_equal(a->severity, CLM_DISCOUNT_SEVERITY_ERROR);
    assert_int_equal(b->kind, CLM_DISCOUNT_FINDING_UNKNOWN_PRODUCT);
    assert_string_equal(b->subject, "CEN");
    assert_int_equal(clm_discount_findings_count_severity(f, CLM_DISCOUNT_SEVERITY_ERROR), 2);
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);

    /* a policy without a hierarchy names groups freely... */
    p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    set(p, add_rule(p, "g", 0, NULL, percent(1)), CLM_DISCOUNT_COND_GROUP, "anything", NULL);
    f = validate(p, NULL);
    expect_total(f, 0);
    clm_discount_findings_free(f);
    /* ...unless the caller gives the known groups */
    o = (clm_discount_validate_options)CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    o.groups = extra;
    o.n_groups = 1;
    expect_one(p, &o, CLM_DISCOUNT_FINDING_UNKNOWN_GROUP, "g", NULL);
}

/* ---- the list, the options, misuse ------------------------------------------ */

static void test_findings_policy_file(void **state)
{
    (void)state;
    /* examples/data/findings-policy.xml holds one of each finding */
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_load_file(&p, data_path("findings-policy.xml"), NULL), 0);
    static const char *const cats[] = { "key", "regular" };
    static const char *const prods[] = { "CEM-M500", "BRK-RED" };
    clm_discount_validate_options o = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    o.has_today = 1;
    clm_date_from_ymd(&o.today, 2026, 6, 1);
    o.categories = cats;
    o.n_categories = 2;
    o.products = prods;
    o.n_products = 2;
    char *before = NULL, *after = NULL;
    assert_int_equal(clm_discount_policy_save_xml(&before, NULL, p), 0);
    clm_discount_findings *f = validate(p, &o);
    expect_total(f, 9);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_OVERLAPPING_TIERS, "tier-500", "tier-100"), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_SHADOWED, "tier-600-weak", "tier-500"), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_AMBIGUOUS, "building-promo", "cement-promo"), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_EMPTY_RANGE, "never", NULL), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_EXPIRED, "winter-sale", NULL), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_CAPPED_OUT, "vip-bricks", "vip-10"), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_UNKNOWN_CATEGORY, "typos", NULL), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_UNKNOWN_PRODUCT, "typos", NULL), 1);
    assert_int_equal(count(f, CLM_DISCOUNT_FINDING_UNKNOWN_GROUP, "typos", NULL), 1);
    assert_int_equal(clm_discount_findings_count_severity(f, CLM_DISCOUNT_SEVERITY_ERROR), 4);
    assert_int_equal(clm_discount_findings_count_severity(f, CLM_DISCOUNT_SEVERITY_WARNING), 9);
    /* ordered by rule (policy order), then kind */
    size_t last = 0;
    for (size_t i = 0; i < clm_discount_findings_count(f); i++) {
        const clm_discount_finding *x = clm_discount_findings_get(f, i);
        size_t ri;
        assert_int_equal(clm_discount_policy_find_rule(&ri, p, x->rule), 0);
        assert_true(ri >= last);
        last = ri;
        assert_non_null(x->message);
        assert_true(strlen(x->message) > 20);
    }
    assert_null(clm_discount_findings_get(f, 9));
    clm_discount_findings_free(f);
    /* the validator never changes the policy */
    assert_int_equal(clm_discount_policy_save_xml(&after, NULL, p), 0);
    assert_string_equal(before, after);
    clm_free(before);
    clm_free(after);
    clm_discount_policy_free(p);
}

static void test_misuse(void **state)
{
    (void)state;
    clm_discount_policy *p = policy(CLM_DISCOUNT_STACK_ADDITIVE);
    clm_discount_findings *sentinel = (clm_discount_findings *)&sentinel, *f = sentinel;
    assert_int_equal(clm_discount_validate(NULL, p, NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_validate(&f, NULL, NULL), CLM_EINVAL);
    clm_discount_validate_options o;
    assert_int_equal(clm_discount_validate_options_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_validate_options_init(&o), 0);
    assert_int_equal(o.version, CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION);
    assert_int_equal(o.has_today, 0);
    assert_null(o.categories);
    o.version = 2;
    assert_int_equal(clm_discount_validate(&f, p, &o), CLM_EVERSION);
    o.version = CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION;
    o.n_products = 3; /* with a NULL list */
    assert_int_equal(clm_discount_validate(&f, p, &o), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "products");
    const char *holes[] = { "a", NULL };
    o.products = holes;
    o.n_products = 2;
    assert_int_equal(clm_discount_validate(&f, p, &o), CLM_EINVAL);
    o.products = NULL;
    o.n_products = 0;
    o.has_today = 1;
    o.today = CLM_DATE_MAX + 1;
    assert_int_equal(clm_discount_validate(&f, p, &o), CLM_ERANGE);
    assert_ptr_equal(f, sentinel);
    clm_discount_policy_free(p);

    assert_int_equal(clm_discount_findings_count(NULL), 0);
    assert_int_equal(clm_discount_findings_count_severity(NULL, CLM_DISCOUNT_SEVERITY_WARNING), 0);
    assert_null(clm_discount_findings_get(NULL, 0));
    clm_discount_findings_free(NULL);
    assert_string_equal(clm_discount_finding_kind_name(CLM_DISCOUNT_FINDING_AMBIGUOUS), "ambiguous");
    assert_string_equal(clm_discount_finding_kind_name(CLM_DISCOUNT_FINDING_UNKNOWN_GROUP), "unknown-group");
    assert_null(clm_discount_finding_kind_name((clm_discount_finding_kind)0));
    assert_string_equal(clm_discount_finding_kind_name(CLM_DISCOUNT_FINDING_PRICE_GAP), "price-gap");
    assert_null(clm_discount_finding_kind_name((clm_discount_finding_kind)13));
    assert_string_equal(clm_discount_severity_name(CLM_DISCOUNT_SEVERITY_ERROR), "error");
    assert_null(clm_discount_severity_name((clm_discount_severity)7));
}

/* ---- threads ---------------------------------------------------------------- */

static void *validate_many(void *arg)
{
    const clm_discount_policy *p = arg;
    for (int i = 0; i < 20; i++) {
        clm_discount_findings *f = NULL;
        if (clm_discount_validate(&f, p, NULL) != 0 || clm_discount_findings_count(f) != 6) {
            clm_discount_findings_free(f);
            return (void *)1;
        }
        clm_discount_findings_free(f);
    }
    return NULL;
}

/* Validation only reads the policy: threads may validate one policy at
 * once and each gets the full list (6 findings without the option lists
 * and date: tiers, shadowed, ambiguous, empty range, capped out, group). */
static void test_threads(void **state)
{
    (void)state;
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_load_file(&p, data_path("findings-policy.xml"), NULL), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, validate_many, p), 0);
    for (int i = 0; i < 4; i++) {
        void *r = (void *)1;
        assert_int_equal(pthread_join(t[i], &r), 0);
        assert_null(r);
    }
    clm_discount_policy_free(p);
}

/* ---- OOM -------------------------------------------------------------------- */

typedef struct oom_state {
    clm_discount_policy *p;
    clm_discount_findings *f;
} oom_state;

static void *oom_setup(void)
{
    oom_state *s = calloc(1, sizeof *s);
    assert_int_equal(clm_discount_policy_load_file(&s->p, data_path("findings-policy.xml"), NULL), 0);
    s->f = (clm_discount_findings *)s;
    return s;
}

static int oom_op(void *state)
{
    oom_state *s = state;
    static const char *const cats[] = { "key" };
    clm_discount_validate_options o = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    o.categories = cats;
    o.n_categories = 1;
    return clm_discount_validate(&s->f, s->p, &o);
}

static bool oom_unchanged(void *state)
{
    oom_state *s = state;
    return s->f == (clm_discount_findings *)s && clm_discount_policy_rule_count(s->p) == 10;
}

static void oom_teardown(void *state)
{
    oom_state *s = state;
    if (s->f != (clm_discount_findings *)s)
        clm_discount_findings_free(s->f);
    clm_discount_policy_free(s->p);
    free(s);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case c = { oom_setup, oom_op, oom_unchanged, oom_teardown };
    assert_true(oom_check(&c) > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_are_clean),
        cmocka_unit_test(test_no_set_condition),
        cmocka_unit_test(test_ambiguous),
        cmocka_unit_test(test_not_ambiguous),
        cmocka_unit_test(test_empty_range),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_shadowed),
        cmocka_unit_test(test_not_shadowed),
        cmocka_unit_test(test_overlapping_tiers),
        cmocka_unit_test(test_capped_out),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_findings_policy_file),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
