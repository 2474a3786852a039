/*
 * discount_xml_test.c — discount policies and orders in and out of XML
 * (include/clm/discount_xml.h): the sample files load into the model they
 * describe, save-then-load gives an equal policy, every bad document fails
 * with its code, line and field and creates nothing, and every path that
 * allocates survives the OOM walk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <clm/clm.h>

#include "oom.h"

#define PCT(x) ((clm_rate)((x) * CLM_RATE_PERCENT))
#define QTY(x) ((int64_t)(x) * CLM_DISCOUNT_QTY_SCALE)

static const char *data_path(const char *name)
{
    static char buf[4096];
    const char *root = getenv("CLM_SOURCE_ROOT");
    snprintf(buf, sizeof buf, "%s/examples/data/%s", root != NULL ? root : "..", name);
    return buf;
}

static clm_discount_policy *load_sample(const char *name)
{
    clm_discount_policy *p = NULL;
    int rc = clm_discount_policy_load_file(&p, data_path(name), NULL);
    if (rc != 0)
        fail_msg("%s: %s", name, clm_error_last()->message);
    return p;
}

static const clm_discount_rule *rule_by_id(const clm_discount_policy *p, const char *id, size_t *index)
{
    size_t i;
    assert_int_equal(clm_discount_policy_find_rule(&i, p, id), 0);
    if (index != NULL)
        *index = i;
    return clm_discount_policy_rule(p, i);
}

static const clm_discount_condition *cond(const clm_discount_policy *p, const char *id, size_t k)
{
    size_t i;
    rule_by_id(p, id, &i);
    const clm_discount_condition *c = clm_discount_policy_condition(p, i, k);
    assert_non_null(c);
    return c;
}

static const char *nz(const char *s)
{
    return s != NULL ? s : "";
}

/* ---- deep equality through the introspection API ------------------------ */

static void assert_caps_equal(const clm_discount_caps *a, const clm_discount_caps *b)
{
    assert_int_equal(a->max_line, b->max_line);
    assert_int_equal(a->max_document, b->max_document);
    assert_int_equal(a->margin_floor, b->margin_floor);
}

static void assert_policy_equal(const clm_discount_policy *a, const clm_discount_policy *b)
{
    assert_string_equal(clm_discount_policy_name(a), clm_discount_policy_name(b));
    assert_string_equal(clm_discount_policy_currency(a), clm_discount_policy_currency(b));
    assert_int_equal(clm_discount_policy_stacking(a), clm_discount_policy_stacking(b));
    assert_int_equal(clm_discount_policy_rounding(a), clm_discount_policy_rounding(b));
    assert_int_equal(clm_discount_policy_margin_basis(a), clm_discount_policy_margin_basis(b));
    clm_discount_caps ca, cb;
    assert_int_equal(clm_discount_policy_caps(&ca, a), 0);
    assert_int_equal(clm_discount_policy_caps(&cb, b), 0);
    assert_caps_equal(&ca, &cb);
    assert_int_equal(clm_discount_policy_role_caps_count(a), clm_discount_policy_role_caps_count(b));
    for (size_t i = 0; i < clm_discount_policy_role_caps_count(a); i++) {
        const char *ra, *rb;
        assert_int_equal(clm_discount_policy_role_caps_at(&ra, &ca, a, i), 0);
        assert_int_equal(clm_discount_policy_role_caps_at(&rb, &cb, b, i), 0);
        assert_string_equal(ra, rb);
        assert_caps_equal(&ca, &cb);
    }
    assert_int_equal(clm_discount_policy_group_count(a), clm_discount_policy_group_count(b));
    for (size_t i = 0; i < clm_discount_policy_group_count(a); i++) {
        const char *ga, *pa, *gb, *pb;
        assert_int_equal(clm_discount_policy_group_at(&ga, &pa, a, i), 0);
        assert_int_equal(clm_discount_policy_group_at(&gb, &pb, b, i), 0);
        assert_string_equal(ga, gb);
        assert_string_equal(nz(pa), nz(pb));
    }
    assert_int_equal(clm_discount_policy_approval_count(a), clm_discount_policy_approval_count(b));
    for (size_t i = 0; i < clm_discount_policy_approval_count(a); i++) {
        const clm_discount_approval *x = clm_discount_policy_approval(a, i), *y = clm_discount_policy_approval(b, i);
        assert_string_equal(x->role, y->role);
        assert_int_equal(x->max_discount, y->max_discount);
        assert_int_equal(x->min_margin, y->min_margin);
    }
    assert_int_equal(clm_discount_policy_rule_count(a), clm_discount_policy_rule_count(b));
    for (size_t i = 0; i < clm_discount_policy_rule_count(a); i++) {
        const clm_discount_rule *x = clm_discount_policy_rule(a, i), *y = clm_discount_policy_rule(b, i);
        assert_string_equal(x->id, y->id);
        assert_string_equal(nz(x->description), nz(y->description));
        assert_int_equal(x->priority, y->priority);
        assert_string_equal(nz(x->exclusion_group), nz(y->exclusion_group));
        assert_int_equal(x->action.kind, y->action.kind);
        assert_int_equal(x->action.rate, y->action.rate);
        assert_int_equal(x->action.amount, y->action.amount);
        assert_int_equal(x->action.buy, y->action.buy);
        assert_int_equal(x->action.get, y->action.get);
        assert_int_equal(x->action.days, y->action.days);
        assert_int_equal(x->action.net_days, y->action.net_days);
        size_t nc = clm_discount_policy_condition_count(a, i);
        assert_int_equal(nc, clm_discount_policy_condition_count(b, i));
        for (size_t k = 0; k < nc; k++) {
            const clm_discount_condition *c = clm_discount_policy_condition(a, i, k);
            const clm_discount_condition *d = clm_discount_policy_condition(b, i, k);
            assert_int_equal(c->kind, d->kind);
            assert_int_equal(c->value_count, d->value_count);
            for (size_t v = 0; v < c->value_count; v++)
                assert_string_equal(c->values[v], d->values[v]);
            assert_int_equal(c->min, d->min);
            assert_int_equal(c->max, d->max);
            assert_string_equal(nz(c->group), nz(d->group));
            assert_int_equal(c->period_days, d->period_days);
        }
    }
}

static clm_discount_policy *round_trip(const clm_discount_policy *p)
{
    char *xml = NULL;
    size_t len = 0;
    assert_int_equal(clm_discount_policy_save_xml(&xml, &len, p), 0);
    assert_int_equal(strlen(xml), len);
    clm_discount_policy *q = NULL;
    int rc = clm_discount_policy_load_xml(&q, xml, len, "saved", NULL);
    if (rc != 0)
        fail_msg("reload: %s\n%s", clm_error_last()->message, xml);
    /* saving is deterministic: the reloaded policy saves to the same bytes */
    char *again = NULL;
    assert_int_equal(clm_discount_policy_save_xml(&again, NULL, q), 0);
    assert_string_equal(xml, again);
    clm_free(again);
    clm_free(xml);
    return q;
}

/* ---- the sample policies ------------------------------------------------- */

static void test_load_wholesale(void **state)
{
    (void)state;
    clm_discount_policy *p = load_sample("wholesale-policy.xml");
    assert_string_equal(clm_discount_policy_name(p), "wholesale-2026");
    assert_string_equal(clm_discount_policy_currency(p), "RUB");
    assert_int_equal(clm_discount_policy_stacking(p), CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_rounding(p), CLM_ROUND_HALF_EVEN);
    assert_int_equal(clm_discount_policy_margin_basis(p), CLM_DISCOUNT_MARGIN_ON_COST);

    assert_int_equal(clm_discount_policy_group_count(p), 4);
    const char *g, *parent;
    assert_int_equal(clm_discount_policy_group_at(&g, &parent, p, 1), 0);
    assert_string_equal(g, "cement");
    assert_string_equal(parent, "building");

    clm_discount_caps caps;
    assert_int_equal(clm_discount_policy_caps(&caps, p), 0);
    assert_int_equal(caps.max_line, PCT(15));
    assert_int_equal(caps.max_document, PCT(12));
    assert_int_equal(caps.margin_floor, PCT(5));
    const char *role;
    assert_int_equal(clm_discount_policy_role_caps_count(p), 1);
    assert_int_equal(clm_discount_policy_role_caps_at(&role, &caps, p, 0), 0);
    assert_string_equal(role, "head_of_department");
    assert_int_equal(caps.max_line, PCT(25));

    /* docs/rules.md, Discounts: manager 10 %, head 20 %, commercial director 30 %, general director without limit */
    assert_int_equal(clm_discount_policy_approval_count(p), 4);
    assert_string_equal(clm_discount_policy_approval(p, 0)->role, "manager");
    assert_int_equal(clm_discount_policy_approval(p, 0)->max_discount, PCT(10));
    assert_int_equal(clm_discount_policy_approval(p, 0)->min_margin, PCT(10));
    assert_int_equal(clm_discount_policy_approval(p, 2)->max_discount, PCT(30));
    assert_int_equal(clm_discount_policy_approval(p, 2)->min_margin, CLM_DISCOUNT_NO_LIMIT);
    assert_int_equal(clm_discount_policy_approval(p, 3)->max_discount, CLM_DISCOUNT_NO_LIMIT);

    assert_int_equal(clm_discount_policy_rule_count(p), 8);
    const clm_discount_rule *r = rule_by_id(p, "volume-100", NULL);
    assert_int_equal(r->priority, 10);
    assert_string_equal(r->exclusion_group, "volume");
    assert_string_equal(r->description, "3% off 100 to 499.999 units of building materials");
    assert_int_equal(r->action.kind, CLM_DISCOUNT_PERCENT);
    assert_int_equal(r->action.rate, PCT(3));
    const clm_discount_condition *c = cond(p, "volume-100", 0);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_GROUP);
    assert_int_equal(c->value_count, 1);
    assert_string_equal(c->values[0], "building");
    c = cond(p, "volume-100", 1);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_LINE_QUANTITY);
    assert_int_equal(c->min, QTY(100));
    assert_int_equal(c->max, 499999); /* 499.999 units, in thousandths */
    c = cond(p, "volume-1000", 1);
    assert_int_equal(c->min, QTY(1000));
    assert_int_equal(c->max, INT64_MAX); /* open above */
    c = cond(p, "volume-project", 1);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_GROUP_QUANTITY);
    assert_string_equal(c->group, "building");
    assert_int_equal(c->min, QTY(5000));
    c = cond(p, "prepayment", 0);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_PREPAYMENT);
    assert_int_equal(c->min, CLM_RATE_ONE);
    assert_int_equal(c->max, INT64_MAX);
    c = cond(p, "short-deferral", 0);
    assert_int_equal(c->min, INT64_MIN); /* open below */
    assert_int_equal(c->max, 0);
    c = cond(p, "short-deferral", 1);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_DEFERRAL);
    assert_int_equal(c->min, 0);
    assert_int_equal(c->max, 14);
    r = rule_by_id(p, "long-deferral", NULL);
    assert_int_equal(r->action.kind, CLM_DISCOUNT_SURCHARGE);
    assert_int_equal(r->action.rate, PCT(2));
    assert_null(nz(r->exclusion_group)[0] == '\0' ? NULL : r->exclusion_group);
    r = rule_by_id(p, "early-payment", NULL);
    assert_int_equal(r->action.kind, CLM_DISCOUNT_EARLY_PAYMENT);
    assert_int_equal(r->action.rate, PCT(2));
    assert_int_equal(r->action.days, 10);
    assert_int_equal(r->action.net_days, 30);
    c = cond(p, "early-payment", 0);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_LEGAL_TYPE);
    assert_string_equal(c->values[0], "legal_entity");
    clm_discount_policy_free(p);
}

static void test_load_loyalty_and_promo(void **state)
{
    (void)state;
    clm_discount_policy *p = load_sample("loyalty-policy.xml");
    assert_int_equal(clm_discount_policy_stacking(p), CLM_DISCOUNT_STACK_COMPOUNDING);
    assert_int_equal(clm_discount_policy_rounding(p), CLM_ROUND_HALF_UP);
    assert_int_equal(clm_discount_policy_margin_basis(p), CLM_DISCOUNT_MARGIN_ON_PRICE);
    const clm_discount_condition *c = cond(p, "turnover-silver", 0);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_TURNOVER);
    assert_int_equal(c->period_days, 365);
    assert_int_equal(c->min, INT64_C(50000000));  /* 500 000.00 RUB in kopecks */
    assert_int_equal(c->max, INT64_C(199999999));
    c = cond(p, "tenure-3y", 0);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_TENURE);
    assert_int_equal(c->min, 1095);
    c = cond(p, "key-client", 0);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_CATEGORY);
    assert_string_equal(c->values[0], "key");
    clm_discount_policy_free(p);

    p = load_sample("promo-policy.xml");
    assert_int_equal(clm_discount_policy_stacking(p), CLM_DISCOUNT_STACK_BEST_ONLY);
    c = cond(p, "coupon-spring10", 1);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_DATE);
    clm_date from, to;
    clm_date_from_ymd(&from, 2026, 3, 1);
    clm_date_from_ymd(&to, 2026, 5, 31);
    assert_int_equal(c->min, from);
    assert_int_equal(c->max, to);
    c = cond(p, "coupon-spring10", 2);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_COUPON);
    assert_string_equal(c->values[0], "SPRING10");
    c = cond(p, "coupon-web5", 0);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_DOC_AMOUNT);
    assert_int_equal(c->min, 500000);
    c = cond(p, "coupon-web5", 3);
    assert_int_equal(c->kind, CLM_DISCOUNT_COND_CHANNEL);
    assert_string_equal(c->values[0], "web");
    const clm_discount_rule *r = rule_by_id(p, "hose-3-plus-1", NULL);
    assert_int_equal(r->action.kind, CLM_DISCOUNT_FREE_GOODS);
    assert_int_equal(r->action.buy, 3);
    assert_int_equal(r->action.get, 1);
    r = rule_by_id(p, "gloves-price", NULL);
    assert_int_equal(r->action.kind, CLM_DISCOUNT_FIXED_PRICE);
    assert_int_equal(r->action.amount, 9900);
    c = cond(p, "gloves-price", 0);
    assert_int_equal(c->value_count, 2);
    assert_string_equal(c->values[0], "GLOVES-M");
    assert_string_equal(c->values[1], "GLOVES-L");
    clm_discount_policy_free(p);
}

static void test_round_trip_samples(void **state)
{
    (void)state;
    static const char *const names[] = { "wholesale-policy.xml", "loyalty-policy.xml", "promo-policy.xml",
                                         "findings-policy.xml", "warnings-policy.xml" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        clm_discount_policy *p = load_sample(names[i]);
        clm_discount_policy *q = round_trip(p);
        assert_policy_equal(p, q);
        clm_discount_policy_free(q);
        clm_discount_policy_free(p);
    }
}

/* A policy with every setting, condition kind and action kind, bounds at
 * both open ends and in between, and text that needs escaping. */
static clm_discount_policy *everything(void)
{
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "all \"kinds\" & <more>", "RUB"), 0);
    assert_int_equal(clm_discount_policy_set_stacking(p, CLM_DISCOUNT_STACK_BEST_ONLY), 0);
    assert_int_equal(clm_discount_policy_set_rounding(p, CLM_ROUND_FLOOR), 0);
    assert_int_equal(clm_discount_policy_set_margin_basis(p, CLM_DISCOUNT_MARGIN_ON_PRICE), 0);
    clm_discount_caps caps = { PCT(20), CLM_DISCOUNT_NO_LIMIT, 125 };
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    clm_discount_caps rc1 = { CLM_DISCOUNT_NO_LIMIT, PCT(33.3333), CLM_DISCOUNT_NO_LIMIT };
    assert_int_equal(clm_discount_policy_add_role_caps(p, "director général", &rc1), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "tools", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "drills", "tools"), 0);
    clm_discount_approval a1 = { "manager", PCT(10), PCT(15) };
    clm_discount_approval a2 = { "head", CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT };
    assert_int_equal(clm_discount_policy_add_approval(p, &a1), 0);
    assert_int_equal(clm_discount_policy_add_approval(p, &a2), 0);

    static const clm_discount_action actions[] = {
        { CLM_DISCOUNT_PERCENT, 125000, 0, 0, 0, 0, 0 },
        { CLM_DISCOUNT_AMOUNT_OFF_UNIT, 0, 1, 0, 0, 0, 0 },
        { CLM_DISCOUNT_AMOUNT_OFF_LINE, 0, INT64_C(123456789012), 0, 0, 0, 0 },
        { CLM_DISCOUNT_FIXED_PRICE, 0, 0, 0, 0, 0, 0 },
        { CLM_DISCOUNT_FREE_GOODS, 0, 0, 5, 2, 0, 0 },
        { CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0, 0, 0, 10, 30 },
        { CLM_DISCOUNT_SURCHARGE, 1, 0, 0, 0, 0, 0 },
    };
    const char *set1[] = { "A-1", "b&c", "\"q\"" };
    const char *legal[] = { "legal_entity", "sole_trader", "individual" };
    const char *set2[] = { "drills" };
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        char id[32];
        snprintf(id, sizeof id, "rule <%zu>", i);
        clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
        r.id = id;
        r.priority = (int32_t)i * 7 - 20;
        /* a surcharge may not be in an exclusion group */
        r.exclusion_group = i % 2 == 0 && actions[i].kind != CLM_DISCOUNT_SURCHARGE ? "grp 'x'" : NULL;
        r.description = i == 0 ? "line one\nline\ttwo\nthree & <four> \"five\" 'six' — семь" : NULL;
        r.action = actions[i];
        size_t ri;
        if (clm_discount_policy_add_rule(&ri, p, &r) != 0)
            fail_msg("%s: %s", id, clm_error_last()->message);
        clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
        if (actions[i].kind == CLM_DISCOUNT_EARLY_PAYMENT) {
            /* document and client conditions only */
            static const clm_discount_cond_kind sets[] = { CLM_DISCOUNT_COND_CLIENT, CLM_DISCOUNT_COND_CATEGORY,
                                                           CLM_DISCOUNT_COND_LEGAL_TYPE, CLM_DISCOUNT_COND_REGION,
                                                           CLM_DISCOUNT_COND_RISK_CLASS, CLM_DISCOUNT_COND_COUPON,
                                                           CLM_DISCOUNT_COND_CHANNEL };
            for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
                c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
                c.kind = sets[k];
                c.values = sets[k] == CLM_DISCOUNT_COND_LEGAL_TYPE ? legal : set1;
                c.value_count = 3;
                assert_int_equal(clm_discount_policy_add_condition(p, ri, &c), 0);
            }
            c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
            c.kind = CLM_DISCOUNT_COND_DEFERRAL;
            c.min = 0;
            c.max = 30;
            assert_int_equal(clm_discount_policy_add_condition(p, ri, &c), 0);
            continue;
        }
        c.kind = CLM_DISCOUNT_COND_PRODUCT;
        c.values = set1;
        c.value_count = 3;
        assert_int_equal(clm_discount_policy_add_condition(p, ri, &c), 0);
        c.kind = CLM_DISCOUNT_COND_GROUP;
        c.values = set2;
        c.value_count = 1;
        assert_int_equal(clm_discount_policy_add_condition(p, ri, &c), 0);
        struct {
            clm_discount_cond_kind kind;
            int64_t min, max;
        } ranges[] = {
            { CLM_DISCOUNT_COND_LINE_QUANTITY, 1, 2500 },
            { CLM_DISCOUNT_COND_LINE_AMOUNT, 1, INT64_MAX },
            { CLM_DISCOUNT_COND_DOC_QUANTITY, INT64_MIN, 999999999 },
            { CLM_DISCOUNT_COND_DOC_AMOUNT, 100, 100 },
            { CLM_DISCOUNT_COND_GROUP_QUANTITY, 10, 20 },
            { CLM_DISCOUNT_COND_GROUP_AMOUNT, 0, 12345 },
            { CLM_DISCOUNT_COND_DATE, 20454, 20600 },
            { CLM_DISCOUNT_COND_PREPAYMENT, 500000, CLM_RATE_ONE },
            { CLM_DISCOUNT_COND_DEFERRAL, 0, 45 },
            { CLM_DISCOUNT_COND_TURNOVER, -500, INT64_MAX },
            { CLM_DISCOUNT_COND_TENURE, -3, 3650 },
        };
        for (size_t k = 0; k < sizeof ranges / sizeof ranges[0]; k++) {
            c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
            c.kind = ranges[k].kind;
            c.min = ranges[k].min;
            c.max = ranges[k].max;
            if (c.kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || c.kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
                c.group = "tools";
            if (c.kind == CLM_DISCOUNT_COND_TURNOVER)
                c.period_days = 90;
            assert_int_equal(clm_discount_policy_add_condition(p, ri, &c), 0);
        }
    }
    return p;
}

static void test_round_trip_everything(void **state)
{
    (void)state;
    clm_discount_policy *p = everything();
    clm_discount_policy *q = round_trip(p);
    assert_policy_equal(p, q);
    clm_discount_policy_free(q);
    clm_discount_policy_free(p);

    /* an empty policy in a currency with 3 decimals, defaults everywhere */
    assert_int_equal(clm_discount_policy_new(&p, NULL, "KWD"), 0);
    q = round_trip(p);
    assert_policy_equal(p, q);
    clm_discount_policy_free(q);
    clm_discount_policy_free(p);
}

static void test_save_refuses_what_xml_cannot_hold(void **state)
{
    (void)state;
    char *sentinel = (char *)&sentinel, *out = sentinel;
    size_t len = 77;
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "p", "RUB"), 0);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "r";
    r.action.rate = PCT(5);
    size_t ri;
    assert_int_equal(clm_discount_policy_add_rule(&ri, p, &r), 0);
    const char *spaced[] = { "two words" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_PRODUCT;
    c.values = spaced;
    c.value_count = 1;
    assert_int_equal(clm_discount_policy_add_condition(p, ri, &c), 0);
    assert_int_equal(clm_discount_policy_save_xml(&out, &len, p), CLM_EINVAL);
    assert_ptr_equal(out, sentinel);
    assert_int_equal(len, 77);
    assert_non_null(strstr(clm_error_last()->message, "two words"));
    clm_discount_policy_free(p);

    /* text a file cannot hold is refused when it is set, not at save
     * (clm/common.h, "Text") */
    p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "bell\a", "RUB"), CLM_EINVAL);
    assert_null(p);
    assert_non_null(strstr(clm_error_last()->message, "0x07"));
    assert_int_equal(clm_discount_policy_new(&p, "bad \xff utf-8", "RUB"), CLM_EINVAL);
    assert_null(p);

    /* bounds the model holds but a file cannot: a date before 0001-01-01,
     * a prepayment share beyond the largest rate a file can write */
    static const struct {
        clm_discount_cond_kind kind;
        int64_t min, max;
        const char *says;
    } unwritable[] = {
        { CLM_DISCOUNT_COND_DATE, CLM_DATE_MIN - 1, 0, "date" },
        { CLM_DISCOUNT_COND_PREPAYMENT, 0, CLM_RATE_MAX + 1, "is 1000000.0001%, beyond" },
    };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(clm_discount_policy_new(&p, "p", "RUB"), 0);
        assert_int_equal(clm_discount_policy_add_rule(&ri, p, &r), 0);
        c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
        c.kind = unwritable[i].kind;
        c.min = unwritable[i].min;
        c.max = unwritable[i].max;
        assert_int_equal(clm_discount_policy_add_condition(p, ri, &c), 0);
        assert_int_equal(clm_discount_policy_save_xml(&out, &len, p), CLM_EINVAL);
        assert_ptr_equal(out, sentinel);
        assert_non_null(strstr(clm_error_last()->message, unwritable[i].says));
        clm_discount_policy_free(p);
    }

    assert_int_equal(clm_discount_policy_save_xml(NULL, &len, p), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_save_xml(&out, &len, NULL), CLM_EINVAL);
    assert_ptr_equal(out, sentinel);
}

/* ---- bad policies: code, line and field; nothing created ---------------- */

#define HEAD "<?xml version=\"1.0\"?>\n" \
    "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" name=\"t\" currency=\"RUB\"\n" \
    " stacking=\"additive\" rounding=\"half-even\">\n"

static const struct bad_policy {
    const char *what;
    const char *xml;
    int code;
    int line;        /* 0: not checked */
    const char *field;
    const char *says;
} bad_policies[] = {
    { "not well-formed", HEAD "<rule id=\"a\"><percent rate=\"5%\"/></rul>\n</discount-policy>\n",
      CLM_EPARSE, 4, NULL, "not well-formed" },
    { "DOCTYPE with an entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e \"boom\">]>\n"
      "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" currency=\"RUB\" stacking=\"additive\" "
      "rounding=\"half-even\" name=\"&e;\"/>\n",
      CLM_EPARSE, 0, "DOCTYPE", "DOCTYPE" },
    { "wrong namespace", "<discount-policy currency=\"RUB\" stacking=\"additive\" rounding=\"half-even\"/>",
      CLM_ESCHEMA, 1, NULL, "schema" },
    { "unknown stacking", "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" currency=\"RUB\"\n"
      " stacking=\"greedy\" rounding=\"half-even\"/>",
      CLM_ESCHEMA, 2, NULL, "greedy" }, /* libxml2 gives the line where a start tag ends */
    { "rule without an action", HEAD "<rule id=\"a\">\n<product in=\"X\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 4, NULL, "schema" },
    { "two actions", HEAD "<rule id=\"a\">\n<percent rate=\"5%\"/>\n<percent rate=\"6%\"/>\n</rule>\n"
      "</discount-policy>\n",
      CLM_ESCHEMA, 6, NULL, "schema" },
    { "rate with 5 decimals", HEAD "<rule id=\"a\">\n<percent rate=\"5.12345%\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, NULL, "rate" },
    { "min above max", HEAD "<rule id=\"a\">\n<line-quantity min=\"500\"\n max=\"100\"/>\n"
      "<percent rate=\"5%\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 6, "max", "empty" },
    { "quantity with 4 decimals", HEAD "<rule id=\"a\">\n<line-quantity min=\"1.0005\"/>\n"
      "<percent rate=\"5%\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, NULL, "schema" },
    { "duplicate rule id", HEAD "<rule id=\"a\"><percent rate=\"5%\"/></rule>\n"
      "<rule id=\"a\"><percent rate=\"6%\"/></rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, "id", "twice" },
    { "undeclared parent group", HEAD "<groups>\n<group name=\"cement\" parent=\"building\"/>\n</groups>\n"
      "</discount-policy>\n",
      CLM_ESCHEMA, 5, "parent", "building" },
    { "group declared twice", HEAD "<groups>\n<group name=\"g\"/>\n<group name=\"g\"/>\n</groups>\n"
      "</discount-policy>\n",
      CLM_ESCHEMA, 6, "name", "twice" },
    { "amount in another currency", HEAD "<rule id=\"a\">\n<document-amount min=\"1000.00 USD\"/>\n"
      "<percent rate=\"5%\"/>\n</rule>\n</discount-policy>\n",
      CLM_ECURRENCY, 5, "min", "USD" },
    { "unknown currency", "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" currency=\"XYZ\"\n"
      " stacking=\"additive\" rounding=\"half-even\"/>",
      CLM_ECURRENCY, 2, "currency", "XYZ" },
    { "too many decimals for the currency", HEAD "<rule id=\"a\">\n<fixed-price amount=\"9.999 RUB\"/>\n"
      "</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, "amount", "decimals" },
    { "percent above 100", HEAD "<rule id=\"a\">\n<percent rate=\"150%\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, "rate", NULL },
    { "early payment with days >= net days", HEAD "<rule id=\"a\">\n"
      "<early-payment rate=\"2%\" days=\"30\" net-days=\"10\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, NULL, NULL },
    { "line condition on early payment", HEAD "<rule id=\"a\">\n<product in=\"X\"/>\n"
      "<early-payment rate=\"2%\" days=\"10\" net-days=\"30\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, "in", NULL },
    { "ladder losing authority", HEAD "<approval>\n<step role=\"head\" max-discount=\"20%\"/>\n"
      "<step role=\"manager\" max-discount=\"10%\"/>\n</approval>\n</discount-policy>\n",
      CLM_ESCHEMA, 6, "max-discount", NULL },
    { "role twice on the ladder", HEAD "<approval>\n<step role=\"m\" max-discount=\"10%\"/>\n"
      "<step role=\"m\"/>\n</approval>\n</discount-policy>\n",
      CLM_ESCHEMA, 6, "role", "twice" },
    { "priority beyond 32 bits", HEAD "<rule id=\"a\" priority=\"99999999999\">\n<percent rate=\"5%\"/>\n"
      "</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 4, NULL, NULL },
    { "turnover period beyond 32 bits", HEAD "<rule id=\"a\">\n"
      "<turnover period-days=\"9999999999\" min=\"1.00 RUB\"/>\n<percent rate=\"5%\"/>\n</rule>\n"
      "</discount-policy>\n",
      CLM_ESCHEMA, 5, "period-days", NULL },
    { "date that does not exist", HEAD "<rule id=\"a\">\n<date from=\"2026-02-30\"/>\n"
      "<percent rate=\"5%\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, "from", NULL },
    /* A legal type takes the client module's names only: "legal-entity"
     * used to load and then never match a client the library describes. */
    { "legal type outside the vocabulary", HEAD "<rule id=\"a\">\n"
      "<legal-type in=\"legal_entity legal-entity\"/>\n"
      "<early-payment rate=\"2%\" days=\"10\" net-days=\"30\"/>\n</rule>\n</discount-policy>\n",
      CLM_ESCHEMA, 5, "in", "'legal-entity' is not a legal type" },
};

static void test_bad_policies(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_policies / sizeof bad_policies[0]; i++) {
        const struct bad_policy *b = &bad_policies[i];
        clm_discount_policy *sentinel = (clm_discount_policy *)&sentinel, *p = sentinel;
        oom_install();
        long live = oom_live();
        int rc = clm_discount_policy_load_xml(&p, b->xml, strlen(b->xml), "bad.xml", NULL);
        const clm_error *e = clm_error_last();
        if (rc != b->code)
            fail_msg("%s: returned %d, expected %d (%s)", b->what, rc, b->code, e->message);
        assert_ptr_equal(p, sentinel);            /* *out untouched */
        assert_int_equal(oom_live(), live);       /* nothing left allocated */
        assert_int_equal(e->code, b->code);
        assert_string_equal(e->source, "bad.xml");
        if (b->line != 0 && e->line != b->line)
            fail_msg("%s: line %d, expected %d (%s)", b->what, e->line, b->line, e->message);
        if (b->field != NULL && strcmp(e->field, b->field) != 0)
            fail_msg("%s: field '%s', expected '%s' (%s)", b->what, e->field, b->field, e->message);
        if (b->says != NULL && strstr(e->message, b->says) == NULL)
            fail_msg("%s: message lacks '%s': %s", b->what, b->says, e->message);
        if (b->line != 0) {
            char at[32];
            snprintf(at, sizeof at, "bad.xml:%d", b->line);
            if (strstr(e->message, at) == NULL)
                fail_msg("%s: message does not name %s: %s", b->what, at, e->message);
        }
    }
}

/* Names of 200 Cyrillic letters: within the schema's 255 characters,
 * beyond the model's 255 bytes; the error names the right attribute. */
static void test_names_too_long_in_bytes(void **state)
{
    (void)state;
    char name[512] = "";
    for (int i = 0; i < 200; i++)
        strcat(name, "\xd0\x96"); /* U+0416 */
    static const struct {
        const char *before, *after;
        const char *field;
    } cases[] = {
        { HEAD "<rule id=\"", "\"><percent rate=\"5%\"/></rule>\n</discount-policy>\n", "id" },
        { HEAD "<rule id=\"a\" exclusion-group=\"", "\"><percent rate=\"5%\"/></rule>\n</discount-policy>\n",
          "exclusion-group" },
        { HEAD "<role-caps role=\"", "\" max-line=\"5%\"/>\n</discount-policy>\n", "role" },
        { HEAD "<approval><step role=\"", "\"/></approval>\n</discount-policy>\n", "role" },
        { HEAD "<groups><group name=\"", "\"/></groups>\n</discount-policy>\n", "name" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[2048];
        snprintf(xml, sizeof xml, "%s%s%s", cases[i].before, name, cases[i].after);
        clm_discount_policy *p = NULL;
        assert_int_equal(clm_discount_policy_load_xml(&p, xml, strlen(xml), "long.xml", NULL), CLM_ESCHEMA);
        assert_null(p);
        if (strcmp(clm_error_last()->field, cases[i].field) != 0)
            fail_msg("case %zu: field '%s', expected '%s': %s", i, clm_error_last()->field, cases[i].field,
                     clm_error_last()->message);
        assert_int_equal(clm_error_last()->line, 4);
    }
}

static void test_bad_sample_files(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int code, line;
        const char *field;
    } cases[] = {
        { "bad-policy-range.xml", CLM_ESCHEMA, 8, "max" },
        { "bad-policy-doctype.xml", CLM_EPARSE, 0, "DOCTYPE" },
        { "bad-policy-schema.xml", CLM_ESCHEMA, 5, NULL },
        { "bad-policy-currency.xml", CLM_ECURRENCY, 6, "min" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clm_discount_policy *p = NULL;
        int rc = clm_discount_policy_load_file(&p, data_path(cases[i].file), NULL);
        if (rc != cases[i].code)
            fail_msg("%s: %d (%s)", cases[i].file, rc, clm_error_last()->message);
        assert_null(p);
        if (cases[i].line != 0)
            assert_int_equal(clm_error_last()->line, cases[i].line);
        if (cases[i].field != NULL)
            assert_string_equal(clm_error_last()->field, cases[i].field);
        assert_non_null(strstr(clm_error_last()->message, cases[i].file));
    }
}

static void test_misuse_and_limits(void **state)
{
    (void)state;
    static const char ok[] = HEAD "</discount-policy>\n";
    clm_discount_policy *sentinel = (clm_discount_policy *)&sentinel, *p = sentinel;
    assert_int_equal(clm_discount_policy_load_xml(NULL, ok, sizeof ok - 1, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_load_xml(&p, NULL, 10, NULL, NULL), CLM_EINVAL);
    clm_xml_options opts;
    assert_int_equal(clm_xml_options_init(&opts), 0);
    opts.version = 99;
    assert_int_equal(clm_discount_policy_load_xml(&p, ok, sizeof ok - 1, NULL, &opts), CLM_EVERSION);
    assert_int_equal(clm_discount_policy_load_file(&p, data_path("wholesale-policy.xml"), &opts), CLM_EVERSION);
    opts.version = CLM_XML_OPTIONS_VERSION;
    opts.max_bytes = 64;
    assert_int_equal(clm_discount_policy_load_xml(&p, ok, sizeof ok - 1, NULL, &opts), CLM_ELIMIT);
    assert_int_equal(clm_discount_policy_load_file(&p, data_path("wholesale-policy.xml"), &opts), CLM_ELIMIT);
    assert_int_equal(clm_discount_policy_load_file(&p, data_path("no-such-file.xml"), NULL), CLM_EIO);
    assert_non_null(strstr(clm_error_last()->message, "no-such-file.xml"));
    assert_int_equal(clm_discount_policy_load_file(&p, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_load_file(NULL, data_path("wholesale-policy.xml"), NULL), CLM_EINVAL);
    assert_ptr_equal(p, sentinel);

    /* the source defaults to <memory> in messages */
    static const char bad[] = "<nope/>";
    assert_int_equal(clm_discount_policy_load_xml(&p, bad, sizeof bad - 1, NULL, NULL), CLM_ESCHEMA);
    assert_string_equal(clm_error_last()->source, "<memory>");

    /* the loaded policy works with defaults the file leaves out */
    p = NULL;
    assert_int_equal(clm_discount_policy_load_xml(&p, ok, sizeof ok - 1, NULL, NULL), 0);
    assert_int_equal(clm_discount_policy_margin_basis(p), CLM_DISCOUNT_MARGIN_ON_COST);
    assert_int_equal(clm_discount_policy_rule_count(p), 0);
    clm_discount_policy_free(p);

    const char *xsd = clm_xml_schema("discount-policy");
    assert_non_null(xsd);
    assert_non_null(strstr(xsd, "urn:libclm:discount-policy:1"));
    xsd = clm_xml_schema("discount-order");
    assert_non_null(xsd);
    assert_non_null(strstr(xsd, "urn:libclm:discount-order:1"));
}

/* ---- orders --------------------------------------------------------------- */

static clm_discount_order *load_order(const char *name)
{
    clm_discount_order *o = NULL;
    if (clm_discount_order_load_file(&o, data_path(name), NULL) != 0)
        fail_msg("%s: %s", name, clm_error_last()->message);
    return o;
}

static void test_load_orders(void **state)
{
    (void)state;
    clm_discount_order *o = load_order("wholesale-order.xml");
    const clm_discount_document *d = clm_discount_order_document(o);
    assert_string_equal(clm_discount_order_id(o), "SO-2026-0412");
    assert_int_equal(d->version, CLM_DISCOUNT_DOCUMENT_VERSION);
    assert_string_equal(d->currency, "RUB");
    clm_date date;
    clm_date_from_ymd(&date, 2026, 4, 14);
    assert_int_equal(d->date, date);
    assert_string_equal(d->channel, "phone");
    assert_string_equal(d->role, "manager");
    assert_int_equal(d->prepayment, 0);
    assert_int_equal(d->deferral_days, 30);
    assert_string_equal(d->client.id, "C-1001");
    assert_string_equal(d->client.legal_type, "legal_entity");
    assert_string_equal(d->client.region, "RU-MOW");
    assert_string_equal(d->client.risk_class, "low");
    clm_date_from_ymd(&date, 2019, 6, 1);
    assert_int_equal(d->client.since, date);
    assert_int_equal(d->client.category_count, 0);
    assert_int_equal(d->client.turnover_count, 0);
    assert_int_equal(d->coupon_count, 0);
    assert_int_equal(d->line_count, 3);
    assert_string_equal(d->lines[0].product, "CEM-M500");
    assert_string_equal(d->lines[0].group, "cement");
    assert_int_equal(d->lines[0].quantity, QTY(600));
    assert_int_equal(d->lines[0].unit_price.amount, 45000);
    assert_string_equal(d->lines[0].unit_price.currency, "RUB");
    assert_int_equal(d->lines[0].has_cost, 1);
    assert_int_equal(d->lines[0].unit_cost.amount, 38000);
    assert_int_equal(d->lines[0].manual_rate, 0);
    clm_discount_order_free(o);

    o = load_order("wholesale-order-prepaid.xml");
    d = clm_discount_order_document(o);
    assert_int_equal(d->prepayment, CLM_RATE_ONE);
    assert_int_equal(d->lines[1].quantity, 2500500); /* 2500.5 units */
    clm_discount_order_free(o);

    o = load_order("loyalty-order.xml");
    d = clm_discount_order_document(o);
    assert_int_equal(d->client.category_count, 2);
    assert_string_equal(d->client.categories[0], "key");
    assert_string_equal(d->client.categories[1], "wholesale");
    assert_int_equal(d->client.turnover_count, 1);
    assert_int_equal(d->client.turnover[0].period_days, 365);
    assert_int_equal(d->client.turnover[0].amount, INT64_C(250000000));
    assert_null(d->client.risk_class); /* absent facts stay unknown */
    assert_null(d->lines[0].group);
    assert_int_equal(d->deferral_days, 0);
    clm_discount_order_free(o);

    o = load_order("promo-order.xml");
    d = clm_discount_order_document(o);
    assert_int_equal(d->coupon_count, 2);
    assert_string_equal(d->coupons[0], "SPRING10");
    assert_string_equal(d->coupons[1], "WEB5");
    assert_int_equal(d->client.since, CLM_DISCOUNT_NO_DATE);
    assert_int_equal(d->lines[3].has_cost, 0);
    clm_discount_order_free(o);

    o = load_order("loyalty-order-vip.xml");
    d = clm_discount_order_document(o);
    assert_int_equal(d->lines[0].manual_rate, PCT(5));
    clm_discount_order_free(o);

    assert_null(clm_discount_order_document(NULL));
    assert_null(clm_discount_order_id(NULL));
    clm_discount_order_free(NULL);
}

#define OHEAD "<?xml version=\"1.0\"?>\n" \
    "<discount-order xmlns=\"urn:libclm:discount-order:1\" currency=\"RUB\" date=\"2026-04-14\"\n"
#define OLINE "<line product=\"P\" quantity=\"1\" unit-price=\"1.00 RUB\"/>\n"

static const struct bad_policy bad_orders[] = {
    { "quantity 0", OHEAD ">\n<client/>\n<line product=\"P\" quantity=\"0\" unit-price=\"1.00 RUB\"/>\n"
      "</discount-order>\n",
      CLM_ESCHEMA, 5, "quantity", "above 0" },
    { "price in USD", OHEAD ">\n<client/>\n" OLINE "<line product=\"P\" quantity=\"1\" unit-price=\"1.00 USD\"/>\n"
      "</discount-order>\n",
      CLM_ECURRENCY, 6, "unit-price", "USD" },
    { "negative cost", OHEAD ">\n<client/>\n<line product=\"P\" quantity=\"1\" unit-price=\"1.00 RUB\"\n"
      " unit-cost=\"-1.00 RUB\"/>\n</discount-order>\n",
      CLM_ESCHEMA, 6, "unit-cost", "negative" },
    { "prepayment above 100%", OHEAD " prepayment=\"150%\">\n<client/>\n" OLINE "</discount-order>\n",
      CLM_ESCHEMA, 3, "prepayment", "100%" },
    { "manual discount above 100%", OHEAD ">\n<client/>\n"
      "<line product=\"P\" quantity=\"1\" unit-price=\"1.00 RUB\" manual-discount=\"101%\"/>\n</discount-order>\n",
      CLM_ESCHEMA, 5, "manual-discount", NULL },
    { "negative deferral", OHEAD " deferral-days=\"-1\">\n<client/>\n" OLINE "</discount-order>\n",
      CLM_ESCHEMA, 3, "deferral-days", "negative" },
    { "turnover period given twice", OHEAD ">\n<client>\n<turnover period-days=\"365\" amount=\"1.00 RUB\"/>\n"
      "<turnover period-days=\"365\" amount=\"2.00 RUB\"/>\n</client>\n" OLINE "</discount-order>\n",
      CLM_ESCHEMA, 6, "period-days", "twice" },
    { "no lines", OHEAD ">\n<client/>\n</discount-order>\n", CLM_ESCHEMA, 0, NULL, NULL },
    { "unknown currency", "<discount-order xmlns=\"urn:libclm:discount-order:1\" currency=\"QQQ\" "
      "date=\"2026-04-14\">\n<client/>\n" OLINE "</discount-order>\n",
      CLM_ECURRENCY, 1, "currency", "QQQ" },
    { "impossible date", "<discount-order xmlns=\"urn:libclm:discount-order:1\" currency=\"RUB\" "
      "date=\"2026-02-30\">\n<client/>\n" OLINE "</discount-order>\n",
      CLM_ESCHEMA, 1, "date", NULL },
    { "a policy is not an order", HEAD "</discount-policy>\n", CLM_ESCHEMA, 0, NULL, "schema" },
    { "legal type outside the vocabulary", OHEAD ">\n<client id=\"C\"\n legal-type=\"company\"/>\n"
      OLINE "</discount-order>\n", CLM_ESCHEMA, 5, "legal-type", "'company' is not a legal type" },
};

static void test_bad_orders(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_orders / sizeof bad_orders[0]; i++) {
        const struct bad_policy *b = &bad_orders[i];
        clm_discount_order *sentinel = (clm_discount_order *)&sentinel, *o = sentinel;
        oom_install();
        long live = oom_live();
        int rc = clm_discount_order_load_xml(&o, b->xml, strlen(b->xml), "order.xml", NULL);
        const clm_error *e = clm_error_last();
        if (rc != b->code)
            fail_msg("%s: returned %d, expected %d (%s)", b->what, rc, b->code, e->message);
        assert_ptr_equal(o, sentinel);
        assert_int_equal(oom_live(), live);
        if (b->line != 0 && e->line != b->line)
            fail_msg("%s: line %d, expected %d (%s)", b->what, e->line, b->line, e->message);
        if (b->field != NULL && strcmp(e->field, b->field) != 0)
            fail_msg("%s: field '%s', expected '%s' (%s)", b->what, e->field, b->field, e->message);
        if (b->says != NULL && strstr(e->message, b->says) == NULL)
            fail_msg("%s: message lacks '%s': %s", b->what, b->says, e->message);
    }
    clm_discount_order *o = NULL;
    assert_int_equal(clm_discount_order_load_file(&o, data_path("bad-order-quantity.xml"), NULL), CLM_ESCHEMA);
    assert_null(o);
    assert_int_equal(clm_error_last()->line, 7);
    assert_int_equal(clm_discount_order_load_file(&o, data_path("nothing-here.xml"), NULL), CLM_EIO);
    assert_int_equal(clm_discount_order_load_file(NULL, data_path("promo-order.xml"), NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_order_load_xml(&o, NULL, 0, NULL, NULL), CLM_EINVAL);
    assert_null(o);
}

/* Every truncation of a valid policy and of a valid order either loads
 * (never: the root is cut) or fails cleanly: an error, *out untouched,
 * nothing left allocated. */
static void test_truncated_documents(void **state)
{
    (void)state;
    clm_discount_policy *p = load_sample("wholesale-policy.xml");
    char *xml = NULL;
    size_t len = 0;
    assert_int_equal(clm_discount_policy_save_xml(&xml, &len, p), 0);
    clm_discount_policy_free(p);
    oom_install();
    for (size_t cut = 0; cut < len; cut += 7) {
        clm_discount_policy *sentinel = (clm_discount_policy *)&sentinel, *q = sentinel;
        long live = oom_live();
        int rc = clm_discount_policy_load_xml(&q, xml, cut, "cut.xml", NULL);
        assert_true(rc == CLM_EPARSE || rc == CLM_ESCHEMA);
        assert_ptr_equal(q, sentinel);
        assert_int_equal(oom_live(), live);
    }
    clm_free(xml);

    FILE *f = fopen(data_path("promo-order.xml"), "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    for (size_t cut = 0; cut + 20 < n; cut += 5) {
        clm_discount_order *sentinel = (clm_discount_order *)&sentinel, *o = sentinel;
        long live = oom_live();
        int rc = clm_discount_order_load_xml(&o, buf, cut, "cut.xml", NULL);
        assert_true(rc == CLM_EPARSE || rc == CLM_ESCHEMA);
        assert_ptr_equal(o, sentinel);
        assert_int_equal(oom_live(), live);
    }
}

/* ---- OOM walks ------------------------------------------------------------ */

typedef struct oom_state {
    char *xml;
    size_t len;
    clm_discount_policy *policy;
    clm_discount_policy *loaded;
    clm_discount_order *order;
    char *saved;
} oom_state;

static void *oom_setup_policy_xml(void)
{
    oom_state *s = calloc(1, sizeof *s);
    clm_discount_policy *p = load_sample("wholesale-policy.xml");
    assert_int_equal(clm_discount_policy_save_xml(&s->xml, &s->len, p), 0);
    clm_discount_policy_free(p);
    s->loaded = (clm_discount_policy *)s; /* sentinel: must stay untouched on failure */
    return s;
}

static int oom_op_policy_load(void *state)
{
    oom_state *s = state;
    return clm_discount_policy_load_xml(&s->loaded, s->xml, s->len, NULL, NULL);
}

static bool oom_unchanged_policy_load(void *state)
{
    oom_state *s = state;
    return s->loaded == (clm_discount_policy *)s;
}

static void oom_teardown(void *state)
{
    oom_state *s = state;
    if (s->loaded != (clm_discount_policy *)s)
        clm_discount_policy_free(s->loaded);
    clm_discount_policy_free(s->policy);
    if (s->order != (clm_discount_order *)s)
        clm_discount_order_free(s->order);
    clm_free(s->xml);
    if (s->saved != (char *)s)
        clm_free(s->saved);
    free(s);
}

static void *oom_setup_save(void)
{
    oom_state *s = calloc(1, sizeof *s);
    s->policy = everything();
    s->loaded = (clm_discount_policy *)s;
    s->order = (clm_discount_order *)s;
    s->saved = (char *)s;
    return s;
}

static int oom_op_save(void *state)
{
    oom_state *s = state;
    return clm_discount_policy_save_xml(&s->saved, NULL, s->policy);
}

static bool oom_unchanged_save(void *state)
{
    oom_state *s = state;
    return s->saved == (char *)s && clm_discount_policy_rule_count(s->policy) == 7;
}

static void *oom_setup_order(void)
{
    oom_state *s = calloc(1, sizeof *s);
    FILE *f = fopen(data_path("loyalty-order.xml"), "rb");
    assert_non_null(f);
    s->xml = clm_malloc(8192);
    s->len = fread(s->xml, 1, 8191, f);
    fclose(f);
    s->loaded = (clm_discount_policy *)s;
    s->order = (clm_discount_order *)s;
    s->saved = (char *)s;
    return s;
}

static int oom_op_order(void *state)
{
    oom_state *s = state;
    return clm_discount_order_load_xml(&s->order, s->xml, s->len, NULL, NULL);
}

static bool oom_unchanged_order(void *state)
{
    oom_state *s = state;
    return s->order == (clm_discount_order *)s;
}

/* The wholesale sample's early-payment rule names the legal type as the
 * client module does, so a document built from a client record (whose
 * legal type is clm_legal_type_name()) gets the "2/10 net 30" offer. */
static void test_sample_matches_the_client_vocabulary(void **state)
{
    (void)state;
    clm_discount_policy *p = load_sample("wholesale-policy.xml");
    clm_discount_order *o = NULL;
    assert_int_equal(clm_discount_order_load_file(&o, data_path("wholesale-order.xml"), NULL), 0);
    clm_discount_document d = *clm_discount_order_document(o);
    clm_discount_engine *e = NULL;
    assert_int_equal(clm_discount_policy_compile(&e, p), 0);
    static const struct { clm_legal_type t; int offered; } cases[] = {
        { CLM_LEGAL_ENTITY, 1 }, { CLM_SOLE_TRADER, 0 }, { CLM_INDIVIDUAL, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        d.client.legal_type = clm_legal_type_name(cases[i].t);
        clm_discount_result *r = NULL;
        assert_int_equal(clm_discount_engine_evaluate(&r, e, &d, NULL), 0);
        const clm_discount_totals *t = clm_discount_result_totals(r);
        assert_int_equal(t->has_early_payment, cases[i].offered);
        if (cases[i].offered) {
            assert_int_equal(t->early_payment_rate, PCT(2));
            assert_int_equal(t->early_payment_amount, 583200); /* 2 % of 291 600.00 */
        }
        clm_discount_result_free(r);
    }
    /* a legal type the library does not know is refused, not unmatched */
    d.client.legal_type = "legal-entity";
    clm_discount_result *r = NULL;
    assert_int_equal(clm_discount_engine_evaluate(&r, e, &d, NULL), CLM_EINVAL);
    assert_null(r);
    assert_string_equal(clm_error_last()->field, "client.legal_type");
    clm_discount_engine_free(e);
    clm_discount_order_free(o);
    clm_discount_policy_free(p);
}

/* Saving an order: plain (the loyalty sample), and with the result it was
 * priced to, whose list prices are written into the lines. */
typedef struct save_state {
    clm_discount_order *order;
    clm_discount_result *priced;   /* NULL: saved without a result */
    char *saved;                   /* sentinel until the save succeeds */
    size_t len;
} save_state;

static void *oom_setup_order_save(void)
{
    save_state *s = calloc(1, sizeof *s);
    FILE *f = fopen(data_path("loyalty-order.xml"), "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_int_equal(clm_discount_order_load_xml(&s->order, buf, n, "loyalty-order.xml", NULL), 0);
    s->saved = (char *)s;
    s->len = 77;
    return s;
}

static void *oom_setup_priced_save(void)
{
    save_state *s = calloc(1, sizeof *s);
    clm_discount_policy *p = load_sample("wholesale-policy.xml");
    clm_price_set *set = NULL;
    clm_price_book *book = NULL;
    clm_discount_engine *e = NULL;
    assert_int_equal(clm_price_set_load_file(&set, data_path("price-lists.xml"), NULL), 0);
    assert_int_equal(clm_price_book_compile(&book, set, p), 0);
    assert_int_equal(clm_discount_policy_compile_with_prices(&e, p, book), 0);
    assert_int_equal(clm_discount_order_load_file(&s->order, data_path("priced-order.xml"), NULL), 0);
    assert_int_equal(clm_discount_engine_evaluate(&s->priced, e, clm_discount_order_document(s->order), NULL), 0);
    clm_discount_engine_free(e);
    clm_price_book_free(book);
    clm_price_set_free(set);
    clm_discount_policy_free(p);
    s->saved = (char *)s;
    s->len = 77;
    return s;
}

static int oom_op_order_save(void *state)
{
    save_state *s = state;
    return clm_discount_order_save_xml(&s->saved, &s->len, clm_discount_order_id(s->order),
                                       clm_discount_order_document(s->order), s->priced);
}

static bool oom_unchanged_order_save(void *state)
{
    save_state *s = state;
    return s->saved == (char *)s && s->len == 77;
}

static void oom_teardown_order_save(void *state)
{
    save_state *s = state;
    if (s->saved != (char *)s) {
        /* the priced save writes the list prices it was priced at */
        assert_true(s->priced == NULL || strstr(s->saved, "unit-price=\"361.00 RUB\"") != NULL);
        clm_free(s->saved);
    }
    clm_discount_result_free(s->priced);
    clm_discount_order_free(s->order);
    free(s);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case order_save = { oom_setup_order_save, oom_op_order_save, oom_unchanged_order_save,
                            oom_teardown_order_save };
    assert_true(oom_check(&order_save) > 0);
    oom_case priced_save = { oom_setup_priced_save, oom_op_order_save, oom_unchanged_order_save,
                             oom_teardown_order_save };
    assert_true(oom_check(&priced_save) > 0);
    oom_case load = { oom_setup_policy_xml, oom_op_policy_load, oom_unchanged_policy_load, oom_teardown };
    assert_true(oom_check(&load) > 0);
    oom_case save = { oom_setup_save, oom_op_save, oom_unchanged_save, oom_teardown };
    assert_true(oom_check(&save) > 0);
    oom_case order = { oom_setup_order, oom_op_order, oom_unchanged_order, oom_teardown };
    assert_true(oom_check(&order) > 0);
}

/* ---- saving orders ---------------------------------------------------------- */

static void assert_doc_equal(const clm_discount_document *a, const clm_discount_document *b)
{
    assert_string_equal(a->currency, b->currency);
    assert_int_equal(a->date, b->date);
    assert_string_equal(nz(a->channel), nz(b->channel));
    assert_string_equal(nz(a->role), nz(b->role));
    assert_int_equal(a->prepayment, b->prepayment);
    assert_int_equal(a->deferral_days, b->deferral_days);
    assert_string_equal(nz(a->client.id), nz(b->client.id));
    assert_string_equal(nz(a->client.legal_type), nz(b->client.legal_type));
    assert_string_equal(nz(a->client.region), nz(b->client.region));
    assert_string_equal(nz(a->client.risk_class), nz(b->client.risk_class));
    assert_int_equal(a->client.since, b->client.since);
    assert_int_equal(a->client.category_count, b->client.category_count);
    for (size_t i = 0; i < a->client.category_count; i++)
        assert_string_equal(a->client.categories[i], b->client.categories[i]);
    assert_int_equal(a->client.turnover_count, b->client.turnover_count);
    for (size_t i = 0; i < a->client.turnover_count; i++) {
        assert_int_equal(a->client.turnover[i].period_days, b->client.turnover[i].period_days);
        assert_int_equal(a->client.turnover[i].amount, b->client.turnover[i].amount);
    }
    assert_int_equal(a->coupon_count, b->coupon_count);
    for (size_t i = 0; i < a->coupon_count; i++)
        assert_string_equal(a->coupons[i], b->coupons[i]);
    assert_int_equal(a->line_count, b->line_count);
    for (size_t i = 0; i < a->line_count; i++) {
        const clm_discount_line *x = &a->lines[i], *y = &b->lines[i];
        assert_string_equal(x->product, y->product);
        assert_string_equal(nz(x->group), nz(y->group));
        assert_int_equal(x->quantity, y->quantity);
        assert_string_equal(x->unit_price.currency, y->unit_price.currency);
        assert_int_equal(x->unit_price.amount, y->unit_price.amount);
        assert_int_equal(x->has_cost, y->has_cost);
        if (x->has_cost)
            assert_int_equal(x->unit_cost.amount, y->unit_cost.amount);
        assert_int_equal(x->manual_rate, y->manual_rate);
    }
}

static clm_discount_order *order_round_trip(const char *id, const clm_discount_document *d)
{
    char *xml = NULL;
    size_t len = 0;
    int rc = clm_discount_order_save_xml(&xml, &len, id, d, NULL);
    if (rc != 0)
        fail_msg("save: %s", clm_error_last()->message);
    assert_int_equal(strlen(xml), len);
    clm_discount_order *o = NULL;
    rc = clm_discount_order_load_xml(&o, xml, len, "saved", NULL);
    if (rc != 0)
        fail_msg("reload: %s\n%s", clm_error_last()->message, xml);
    assert_doc_equal(d, clm_discount_order_document(o));
    assert_string_equal(clm_discount_order_id(o), id != NULL ? id : "");
    /* deterministic: the reloaded order saves to the same bytes */
    char *again = NULL;
    assert_int_equal(clm_discount_order_save_xml(&again, NULL, id, clm_discount_order_document(o), NULL), 0);
    assert_string_equal(xml, again);
    clm_free(again);
    clm_free(xml);
    return o;
}

static void test_save_orders(void **state)
{
    (void)state;
    static const char *const samples[] = { "wholesale-order.xml", "wholesale-order-prepaid.xml",
                                           "loyalty-order.xml", "promo-order.xml",
                                           "loyalty-order-vip.xml", "priced-order.xml" };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        clm_discount_order *o = load_order(samples[i]);
        clm_discount_order *q = order_round_trip(clm_discount_order_id(o), clm_discount_order_document(o));
        clm_discount_order_free(q);
        clm_discount_order_free(o);
    }
    /* a document built in code, every field set, awkward text included */
    const char *cats[] = { "key", "wholesale & co" };
    const char *coupons[] = { "Spring10", "<web>" };
    clm_discount_turnover tv[] = { { 365, 250000000 }, { 30, 1 } };
    clm_discount_line lines[2];
    memset(lines, 0, sizeof lines);
    lines[0].product = "CEM \"M500\"";
    lines[0].group = "cement";
    lines[0].quantity = 2500500;
    clm_money_make(&lines[0].unit_price, 45050, "RUB");
    clm_money_make(&lines[0].unit_cost, 0, "RUB");
    lines[0].has_cost = 1;
    lines[0].manual_rate = PCT(2.5);
    lines[1].product = "tab\there";
    lines[1].quantity = 1;
    clm_discount_document d = CLM_DISCOUNT_DOCUMENT_INIT;
    d.currency = "RUB";
    clm_date_from_ymd(&d.date, 2026, 4, 14);
    d.client.id = "C-1";
    d.client.legal_type = "sole_trader";
    d.client.region = "RU-SPE";
    d.client.risk_class = "high";
    clm_date_from_ymd(&d.client.since, 2020, 2, 29);
    d.client.categories = cats;
    d.client.category_count = 2;
    d.client.turnover = tv;
    d.client.turnover_count = 2;
    d.coupons = coupons;
    d.coupon_count = 2;
    d.prepayment = PCT(33.3333);
    d.deferral_days = 45;
    d.channel = "web";
    d.role = "manager";
    d.lines = lines;
    d.line_count = 2;
    clm_discount_order *q = order_round_trip("SO-ä-1", &d);
    clm_discount_order_free(q);
    /* no client facts at all, no id */
    clm_discount_document bare = CLM_DISCOUNT_DOCUMENT_INIT;
    bare.currency = "RUB";
    bare.date = d.date;
    bare.lines = &lines[1];
    bare.line_count = 1;
    q = order_round_trip(NULL, &bare);
    clm_discount_order_free(q);

    /* what a file cannot hold or the reader would refuse: refused, outputs untouched */
    char *out = (char *)"untouched";
    size_t len = 7;
    clm_discount_document bad = d;
    bad.line_count = 0;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    bad = d;
    bad.currency = "XXZ";
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_ECURRENCY);
    bad = d;
    bad.version = 99;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EVERSION);
    bad = d;
    bad.deferral_days = -1;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    bad = d;
    bad.client.legal_type = "company";
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "client.legal_type");
    clm_discount_turnover twice[] = { { 30, 1 }, { 30, 2 } };
    bad = d;
    bad.client.turnover = twice;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    const char *nullcoupon[] = { NULL };
    bad = d;
    bad.coupons = nullcoupon;
    bad.coupon_count = 1;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    clm_discount_line bl[1] = { lines[0] };
    bad = d;
    bad.lines = bl;
    bad.line_count = 1;
    bl[0].quantity = 0;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "quantity");
    bl[0] = lines[0];
    clm_money_make(&bl[0].unit_price, 100, "USD");
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_ECURRENCY);
    bl[0] = lines[0];
    bl[0].unit_price.amount = -1;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    bl[0] = lines[0];
    bl[0].product = "";
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    char longname[300];
    memset(longname, 'p', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    bl[0].product = longname;
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    bl[0] = lines[0];
    bl[0].manual_rate = PCT(101);
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    bl[0] = lines[0];
    bl[0].group = "bell\a";
    assert_int_equal(clm_discount_order_save_xml(&out, &len, NULL, &bad, NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_order_save_xml(&out, &len, "", NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_order_save_xml(NULL, &len, "", &d, NULL), CLM_EINVAL);
    assert_string_equal(out, "untouched");
    assert_int_equal(len, 7);
}

static void test_policy_round_trip_coupon_match_and_document_amount(void **state)
{
    (void)state;
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "promo", "RUB"), 0);
    assert_int_equal(clm_discount_policy_set_coupon_match(p, CLM_DISCOUNT_COUPON_EXACT), 0);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "minus-500";
    r.action.kind = CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT;
    r.action.amount = 50000;
    size_t ri;
    assert_int_equal(clm_discount_policy_add_rule(&ri, p, &r), 0);
    clm_discount_policy *q = round_trip(p);
    assert_policy_equal(p, q);
    assert_int_equal(clm_discount_policy_coupon_match(q), CLM_DISCOUNT_COUPON_EXACT);
    clm_discount_policy_free(q);
    /* the default is not written, and reads back as the default */
    assert_int_equal(clm_discount_policy_set_coupon_match(p, CLM_DISCOUNT_COUPON_FOLD_ASCII), 0);
    char *xml = NULL;
    assert_int_equal(clm_discount_policy_save_xml(&xml, NULL, p), 0);
    assert_null(strstr(xml, "coupon-match"));
    assert_non_null(strstr(xml, "<amount-off-document amount=\"500.00 RUB\"/>"));
    clm_free(xml);
    clm_discount_policy_free(p);
    /* an unknown match is refused at load, naming the attribute */
    static const char bad[] =
        "<?xml version=\"1.0\"?>\n<discount-policy xmlns=\"urn:libclm:discount-policy:1\" "
        "currency=\"RUB\" stacking=\"additive\" rounding=\"half-even\" coupon-match=\"unicode\"/>\n";
    clm_discount_policy *z = NULL;
    assert_int_equal(clm_discount_policy_load_xml(&z, bad, sizeof bad - 1, "bad", NULL), CLM_ESCHEMA);
    assert_null(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_wholesale),
        cmocka_unit_test(test_load_loyalty_and_promo),
        cmocka_unit_test(test_round_trip_samples),
        cmocka_unit_test(test_round_trip_everything),
        cmocka_unit_test(test_save_refuses_what_xml_cannot_hold),
        cmocka_unit_test(test_bad_policies),
        cmocka_unit_test(test_names_too_long_in_bytes),
        cmocka_unit_test(test_bad_sample_files),
        cmocka_unit_test(test_misuse_and_limits),
        cmocka_unit_test(test_load_orders),
        cmocka_unit_test(test_bad_orders),
        cmocka_unit_test(test_truncated_documents),
        cmocka_unit_test(test_sample_matches_the_client_vocabulary),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_save_orders),
        cmocka_unit_test(test_policy_round_trip_coupon_match_and_document_amount),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
