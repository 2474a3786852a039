/*
 * discount_policy_test.c — building and inspecting a policy: defaults,
 * every add and set call, the errors of bad policies (and that a refused
 * call changes nothing), names, dup, compile, and the OOM walk.
 */
#include <stdio.h>
#include <stdlib.h>

#include "discount_support.h"
#include "oom.h"

static void test_defaults_and_names(void **state)
{
    (void)state;
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, NULL, "XXX"), CLM_ECURRENCY);
    assert_null(p);
    assert_int_equal(clm_discount_policy_new(NULL, "x", "RUB"), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_new(&p, NULL, "EUR"), 0);
    assert_string_equal(clm_discount_policy_name(p), "");
    assert_string_equal(clm_discount_policy_currency(p), "EUR");
    assert_int_equal(clm_discount_policy_stacking(p), CLM_DISCOUNT_STACK_COMPOUNDING);
    assert_int_equal(clm_discount_policy_rounding(p), CLM_ROUND_HALF_EVEN);
    assert_int_equal(clm_discount_policy_margin_basis(p), CLM_DISCOUNT_MARGIN_ON_COST);
    clm_discount_caps caps;
    assert_int_equal(clm_discount_policy_caps(&caps, p), 0);
    assert_int_equal(caps.max_line, CLM_DISCOUNT_NO_LIMIT);
    assert_int_equal(caps.max_document, CLM_DISCOUNT_NO_LIMIT);
    assert_int_equal(caps.margin_floor, CLM_DISCOUNT_NO_LIMIT);
    assert_int_equal(clm_discount_policy_rule_count(p), 0);
    assert_int_equal(clm_discount_policy_group_count(p), 0);
    assert_int_equal(clm_discount_policy_approval_count(p), 0);
    assert_int_equal(clm_discount_policy_role_caps_count(p), 0);
    clm_discount_policy_free(p);
    clm_discount_policy_free(NULL);
    assert_null(clm_discount_policy_name(NULL));
    assert_int_equal(clm_discount_policy_rule_count(NULL), 0);

    /* every name parses back to its value */
    for (int v = 1; v <= 3; v++) {
        clm_discount_stacking s;
        assert_int_equal(clm_discount_stacking_from_name(&s, clm_discount_stacking_name(v)), 0);
        assert_int_equal(s, v);
    }
    for (int v = 1; v <= 7; v++) {
        clm_discount_action_kind k;
        assert_int_equal(clm_discount_action_from_name(&k, clm_discount_action_name(v)), 0);
        assert_int_equal(k, v);
    }
    int nconds = 0;
    for (int v = 0; v <= 40; v++) {
        const char *n = clm_discount_cond_name(v);
        if (n == NULL) {
            assert_int_equal(clm_discount_cond_is_set(v), -1);
            continue;
        }
        nconds++;
        clm_discount_cond_kind k;
        assert_int_equal(clm_discount_cond_from_name(&k, n), 0);
        assert_int_equal(k, v);
    }
    assert_int_equal(nconds, 20);
    clm_discount_margin_basis b;
    assert_int_equal(clm_discount_margin_basis_from_name(&b, "on-price"), 0);
    assert_int_equal(b, CLM_DISCOUNT_MARGIN_ON_PRICE);
    assert_string_equal(clm_discount_stacking_name(CLM_DISCOUNT_STACK_BEST_ONLY), "best-only");
    assert_string_equal(clm_discount_cond_name(CLM_DISCOUNT_COND_GROUP_AMOUNT), "group-amount");
    assert_null(clm_discount_stacking_name(0));
    clm_discount_stacking s = CLM_DISCOUNT_STACK_ADDITIVE;
    assert_int_equal(clm_discount_stacking_from_name(&s, "best"), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "'best'"));
    assert_int_equal(s, CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_action_from_name(NULL, "percent"), CLM_EINVAL);
    assert_int_equal(clm_discount_cond_is_set(CLM_DISCOUNT_COND_COUPON), 1);
    assert_int_equal(clm_discount_cond_is_set(CLM_DISCOUNT_COND_TENURE), 0);
}

/* The *_INIT macros and the *_init() functions give the same defaults,
 * and every field they do not name is zero. */
static void test_init_macros_and_functions(void **state)
{
    (void)state;
    clm_discount_rule r;
    memset(&r, 0x5a, sizeof r);
    assert_int_equal(clm_discount_rule_init(&r), 0);
    const clm_discount_rule rm = CLM_DISCOUNT_RULE_INIT;
    assert_null(r.id);
    assert_null(r.description);
    assert_null(r.exclusion_group);
    assert_int_equal(r.priority, 0);
    assert_int_equal(r.action.kind, CLM_DISCOUNT_PERCENT);
    assert_int_equal(r.action.rate, 0);
    assert_int_equal(r.action.net_days, 0);
    assert_int_equal(rm.action.kind, r.action.kind);
    assert_null(rm.id);

    clm_discount_condition c;
    memset(&c, 0x5a, sizeof c);
    assert_int_equal(clm_discount_condition_init(&c), 0);
    const clm_discount_condition cm = CLM_DISCOUNT_CONDITION_INIT;
    assert_int_equal(c.kind, CLM_DISCOUNT_COND_PRODUCT);
    assert_null(c.values);
    assert_int_equal(c.value_count, 0);
    assert_true(c.min == INT64_MIN && c.max == INT64_MAX);
    assert_null(c.group);
    assert_int_equal(c.period_days, 0);
    assert_true(cm.min == c.min && cm.max == c.max && cm.kind == c.kind);

    clm_discount_caps k;
    memset(&k, 0x5a, sizeof k);
    assert_int_equal(clm_discount_caps_init(&k), 0);
    const clm_discount_caps km = CLM_DISCOUNT_CAPS_INIT;
    assert_int_equal(k.max_line, CLM_DISCOUNT_NO_LIMIT);
    assert_int_equal(k.max_document, CLM_DISCOUNT_NO_LIMIT);
    assert_int_equal(k.margin_floor, CLM_DISCOUNT_NO_LIMIT);
    assert_int_equal(km.margin_floor, k.margin_floor);

    clm_discount_document d;
    memset(&d, 0x5a, sizeof d);
    assert_int_equal(clm_discount_document_init(&d), 0);
    assert_int_equal(d.version, CLM_DISCOUNT_DOCUMENT_VERSION);
    assert_int_equal(d.client.since, CLM_DISCOUNT_NO_DATE);
    assert_null(d.client.id);
    assert_null(d.client.legal_type);
    assert_int_equal(d.client.turnover_count, 0);
    assert_null(d.lines);
    assert_int_equal(d.line_count, 0);
    assert_null(d.channel);

    assert_int_equal(clm_discount_rule_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_condition_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_caps_init(NULL), CLM_EINVAL);
}

static void test_settings(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_set_stacking(p, 9), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_stacking(p), CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_set_rounding(p, 42), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "rounding");
    assert_int_equal(clm_discount_policy_set_rounding(p, CLM_ROUND_UP), 0);
    assert_int_equal(clm_discount_policy_rounding(p), CLM_ROUND_UP);
    assert_int_equal(clm_discount_policy_set_margin_basis(p, 0), CLM_EINVAL);

    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = PCT(101);
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "max-line");
    caps.max_line = PCT(20);
    caps.max_document = -5;
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "max-document");
    caps.max_document = PCT(15);
    caps.margin_floor = PCT(150); /* 150 % on cost is fine */
    assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    /* ... but not on price: switching the basis is refused, nothing changes */
    assert_int_equal(clm_discount_policy_set_margin_basis(p, CLM_DISCOUNT_MARGIN_ON_PRICE),
                     CLM_EINVAL);
    assert_int_equal(clm_discount_policy_margin_basis(p), CLM_DISCOUNT_MARGIN_ON_COST);
    clm_discount_caps got;
    assert_int_equal(clm_discount_policy_caps(&got, p), 0);
    assert_int_equal(got.max_line, PCT(20));
    assert_int_equal(got.max_document, PCT(15));
    assert_int_equal(got.margin_floor, PCT(150));

    assert_int_equal(clm_discount_policy_add_role_caps(p, "director", &caps), 0);
    assert_int_equal(clm_discount_policy_add_role_caps(p, "director", &caps), CLM_EEXISTS);
    assert_int_equal(clm_discount_policy_add_role_caps(p, "", &caps), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_role_caps_count(p), 1);
    const char *role;
    assert_int_equal(clm_discount_policy_role_caps_at(&role, &got, p, 0), 0);
    assert_string_equal(role, "director");
    assert_int_equal(got.margin_floor, PCT(150));
    assert_int_equal(clm_discount_policy_role_caps_at(&role, &got, p, 1), CLM_ERANGE);
    clm_discount_policy_free(p);
}

static void test_groups(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    assert_int_equal(clm_discount_policy_add_group(p, "tools", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "drills", "tools"), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "drills", NULL), CLM_EEXISTS);
    assert_int_equal(clm_discount_policy_add_group(p, "saws", "garden"), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "declare parents first"));
    assert_int_equal(clm_discount_policy_add_group(p, "", NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_group_count(p), 2);
    const char *n, *par;
    assert_int_equal(clm_discount_policy_group_at(&n, &par, p, 1), 0);
    assert_string_equal(n, "drills");
    assert_string_equal(par, "tools");
    assert_int_equal(clm_discount_policy_group_at(&n, &par, p, 0), 0);
    assert_string_equal(par, "");
    assert_int_equal(clm_discount_policy_group_at(&n, &par, p, 2), CLM_ERANGE);
    clm_discount_policy_free(p);
}

static void test_rules_and_conditions_roundtrip(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "loyal";
    r.description = "loyalty tier 2";
    r.priority = 7;
    r.exclusion_group = "loyalty";
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = PCT(7);
    size_t i = 99;
    assert_int_equal(clm_discount_policy_add_rule(&i, p, &r), 0);
    assert_int_equal(i, 0);
    const char *vals[] = { "gold", "platinum" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_CATEGORY;
    c.values = vals;
    c.value_count = 2;
    assert_int_equal(clm_discount_policy_add_condition(p, 0, &c), 0);
    c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_TURNOVER;
    c.period_days = 365;
    c.min = 5;
    c.max = 10;
    assert_int_equal(clm_discount_policy_add_condition(p, 0, &c), 0);
    c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_GROUP_AMOUNT;
    c.group = "tools";
    assert_int_equal(clm_discount_policy_add_condition(p, 0, &c), 0);

    const clm_discount_rule *g = clm_discount_policy_rule(p, 0);
    assert_string_equal(g->id, "loyal");
    assert_string_equal(g->description, "loyalty tier 2");
    assert_string_equal(g->exclusion_group, "loyalty");
    assert_int_equal(g->priority, 7);
    assert_int_equal(g->action.rate, PCT(7));
    assert_ptr_not_equal(g->id, r.id); /* copied */
    assert_null(clm_discount_policy_rule(p, 1));
    assert_int_equal(clm_discount_policy_condition_count(p, 0), 3);
    assert_int_equal(clm_discount_policy_condition_count(p, 5), 0);
    const clm_discount_condition *gc = clm_discount_policy_condition(p, 0, 0);
    assert_int_equal(gc->value_count, 2);
    assert_string_equal(gc->values[1], "platinum");
    assert_ptr_not_equal(gc->values, vals);
    gc = clm_discount_policy_condition(p, 0, 1);
    assert_int_equal(gc->period_days, 365);
    assert_int_equal(gc->min, 5);
    assert_int_equal(gc->max, 10);
    gc = clm_discount_policy_condition(p, 0, 2);
    assert_string_equal(gc->group, "tools");
    assert_int_equal(gc->min, INT64_MIN);
    assert_int_equal(gc->max, INT64_MAX);
    assert_null(clm_discount_policy_condition(p, 0, 3));
    size_t found;
    assert_int_equal(clm_discount_policy_find_rule(&found, p, "loyal"), 0);
    assert_int_equal(found, 0);
    assert_int_equal(clm_discount_policy_find_rule(&found, p, "nope"), CLM_ENOTFOUND);

    /* dup is deep and equal */
    clm_discount_policy *q = NULL;
    assert_int_equal(clm_discount_policy_dup(&q, p), 0);
    assert_int_equal(clm_discount_policy_rule_count(q), 1);
    assert_int_equal(clm_discount_policy_condition_count(q, 0), 3);
    assert_string_equal(clm_discount_policy_condition(q, 0, 0)->values[0], "gold");
    assert_ptr_not_equal(clm_discount_policy_rule(q, 0)->id, g->id);
    assert_int_equal(clm_discount_policy_find_rule(&found, q, "loyal"), 0);
    clm_discount_policy_free(q);
    clm_discount_policy_free(p);
}

/* A refused add leaves the policy as it was: counts and getters unchanged. */
static void expect_bad_rule(clm_discount_policy *p, clm_discount_rule r, int code,
                            const char *field)
{
    size_t n = clm_discount_policy_rule_count(p);
    size_t out = 12345;
    int rc = clm_discount_policy_add_rule(&out, p, &r);
    if (rc != code)
        fail_msg("rule %s: got %d, want %d (%s)", r.id ? r.id : "(null)", rc, code,
                 clm_error_last()->message);
    assert_int_equal(out, 12345);
    assert_int_equal(clm_discount_policy_rule_count(p), n);
    if (field != NULL && strcmp(clm_error_last()->field, field) != 0)
        fail_msg("rule %s: field '%s', want '%s'", r.id ? r.id : "(null)",
                 clm_error_last()->field, field);
}

static void test_bad_rules(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "taken", CLM_DISCOUNT_PERCENT, PCT(1), 0, NULL);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.action.rate = PCT(5);
    expect_bad_rule(p, r, CLM_EINVAL, "id"); /* no id */
    r.id = "";
    expect_bad_rule(p, r, CLM_EINVAL, "id");
    char long_id[300];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    r.id = long_id;
    expect_bad_rule(p, r, CLM_EINVAL, "id");
    r.id = "taken";
    expect_bad_rule(p, r, CLM_EEXISTS, "id");
    r.id = "new";
    r.action.kind = 0;
    expect_bad_rule(p, r, CLM_EINVAL, "action");
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = 0;
    expect_bad_rule(p, r, CLM_EINVAL, "rate");
    r.action.rate = PCT(100) + 1;
    expect_bad_rule(p, r, CLM_EINVAL, "rate");
    r.action.kind = CLM_DISCOUNT_SURCHARGE;
    r.action.rate = -PCT(2);
    expect_bad_rule(p, r, CLM_EINVAL, "rate");
    r.action.rate = PCT(2);
    r.exclusion_group = "g";
    expect_bad_rule(p, r, CLM_EINVAL, "exclusion-group");
    r.exclusion_group = NULL;
    r.action.kind = CLM_DISCOUNT_AMOUNT_OFF_UNIT;
    r.action.amount = 0;
    expect_bad_rule(p, r, CLM_EINVAL, "amount");
    r.action.kind = CLM_DISCOUNT_AMOUNT_OFF_LINE;
    r.action.amount = -1;
    expect_bad_rule(p, r, CLM_EINVAL, "amount");
    r.action.kind = CLM_DISCOUNT_FIXED_PRICE;
    expect_bad_rule(p, r, CLM_EINVAL, "amount");
    r.action.kind = CLM_DISCOUNT_FREE_GOODS;
    r.action.buy = 0;
    r.action.get = 1;
    expect_bad_rule(p, r, CLM_EINVAL, "buy");
    r.action.buy = 2;
    r.action.get = 0;
    expect_bad_rule(p, r, CLM_EINVAL, "get");
    r.action.kind = CLM_DISCOUNT_EARLY_PAYMENT;
    r.action.rate = PCT(2);
    r.action.days = 30;
    r.action.net_days = 30;
    expect_bad_rule(p, r, CLM_EINVAL, "net-days");
    r.action.days = -1;
    expect_bad_rule(p, r, CLM_EINVAL, "days");
    r.action.days = 10;
    r.action.rate = PCT(100);
    expect_bad_rule(p, r, CLM_EINVAL, "rate");
    assert_non_null(strstr(clm_error_last()->message, "'new'"));
    assert_int_equal(clm_discount_policy_add_rule(NULL, NULL, &r), CLM_EINVAL);
    assert_int_equal(clm_discount_policy_add_rule(NULL, p, NULL), CLM_EINVAL);
    clm_discount_policy_free(p);
}

static void expect_bad_cond(clm_discount_policy *p, size_t rule, clm_discount_condition c,
                            int code)
{
    size_t n = clm_discount_policy_condition_count(p, rule);
    int rc = clm_discount_policy_add_condition(p, rule, &c);
    if (rc != code)
        fail_msg("condition kind %d: got %d, want %d (%s)", (int)c.kind, rc, code,
                 clm_error_last()->message);
    assert_int_equal(clm_discount_policy_condition_count(p, rule), n);
}

static void test_bad_conditions(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    size_t r = t_rule(p, "r", CLM_DISCOUNT_PERCENT, PCT(1), 0, NULL);
    clm_discount_rule ep = CLM_DISCOUNT_RULE_INIT;
    ep.id = "ep";
    ep.action = (clm_discount_action){ CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0, 0, 0, 10, 30 };
    size_t e;
    assert_int_equal(clm_discount_policy_add_rule(&e, p, &ep), 0);
    const char *empty[] = { "" };
    const char *one[] = { "x" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = 99;
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.kind = CLM_DISCOUNT_COND_PRODUCT; /* no values */
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.values = empty;
    c.value_count = 1;
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.values = one;
    expect_bad_cond(p, 7, c, CLM_ERANGE); /* no such rule */
    expect_bad_cond(p, e, c, CLM_EINVAL); /* a line condition on early payment */
    assert_non_null(strstr(clm_error_last()->message, "early-payment"));
    c.kind = CLM_DISCOUNT_COND_LINE_QUANTITY; /* a range with values */
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.values = NULL;
    c.value_count = 0;
    c.min = 10;
    c.max = 9;
    expect_bad_cond(p, r, c, CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "empty"));
    c.max = 10;
    c.group = "g"; /* a group on a range that takes none */
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.group = NULL;
    c.kind = CLM_DISCOUNT_COND_GROUP_QUANTITY; /* needs a group */
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.kind = CLM_DISCOUNT_COND_TURNOVER; /* needs a period */
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.kind = CLM_DISCOUNT_COND_TENURE;
    c.period_days = 30; /* takes none */
    expect_bad_cond(p, r, c, CLM_EINVAL);
    c.period_days = 0;
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
    /* client conditions are fine on early payment */
    c.kind = CLM_DISCOUNT_COND_CLIENT;
    c.values = one;
    c.value_count = 1;
    assert_int_equal(clm_discount_policy_add_condition(p, e, &c), 0);
    assert_int_equal(clm_discount_policy_add_condition(NULL, r, &c), CLM_EINVAL);
    /* a legal type is one of the client module's names, nothing else */
    const char *legal_bad[] = { "legal_entity", "legal-entity" };
    c.kind = CLM_DISCOUNT_COND_LEGAL_TYPE;
    c.values = legal_bad;
    c.value_count = 2;
    expect_bad_cond(p, e, c, CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "'legal-entity' is not a legal type"));
    assert_string_equal(clm_error_last()->field, "legal-type");
    const char *legal_ok[] = { clm_legal_type_name(CLM_LEGAL_ENTITY),
                               clm_legal_type_name(CLM_SOLE_TRADER),
                               clm_legal_type_name(CLM_INDIVIDUAL) };
    c.values = legal_ok;
    c.value_count = 3;
    assert_int_equal(clm_discount_policy_add_condition(p, e, &c), 0);
    /* risk classes, regions and channels are the user's own names */
    const char *grade[] = { "E" };
    c.values = grade;
    c.value_count = 1;
    c.kind = CLM_DISCOUNT_COND_RISK_CLASS;
    assert_int_equal(clm_discount_policy_add_condition(p, e, &c), 0);
    c.kind = CLM_DISCOUNT_COND_CHANNEL;
    assert_int_equal(clm_discount_policy_add_condition(p, e, &c), 0);
    clm_discount_policy_free(p);
}

static void test_bad_ladder(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    clm_discount_approval a = { "manager", PCT(10), PCT(20) };
    assert_int_equal(clm_discount_policy_add_approval(p, &a), 0);
    clm_discount_approval bad[] = {
        { "manager", PCT(20), PCT(10) },              /* role taken */
        { "", PCT(20), PCT(10) },                     /* no role */
        { "x", PCT(5), PCT(10) },                     /* grants less discount */
        { "y", PCT(20), PCT(30) },                    /* demands more margin */
        { "z", PCT(120), PCT(10) },                   /* out of range */
        { "w", PCT(20), -7 },                         /* out of range */
    };
    int codes[] = { CLM_EEXISTS, CLM_EINVAL, CLM_EINVAL, CLM_EINVAL, CLM_EINVAL, CLM_EINVAL };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(clm_discount_policy_add_approval(p, &bad[i]), codes[i]);
        assert_int_equal(clm_discount_policy_approval_count(p), 1);
    }
    clm_discount_approval top = { "owner", CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT };
    assert_int_equal(clm_discount_policy_add_approval(p, &top), 0);
    /* nothing can follow unlimited authority with less */
    clm_discount_approval after = { "after", PCT(50), CLM_DISCOUNT_NO_LIMIT };
    assert_int_equal(clm_discount_policy_add_approval(p, &after), CLM_EINVAL);
    assert_string_equal(clm_discount_policy_approval(p, 1)->role, "owner");
    assert_null(clm_discount_policy_approval(p, 2));
    clm_discount_policy_free(p);
}

static void test_engine_is_independent_of_policy(void **state)
{
    (void)state;
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    t_rule(p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    clm_discount_engine *e = t_compile(p);
    t_rule(p, "more", CLM_DISCOUNT_PERCENT, PCT(10), 0, NULL);
    assert_int_equal(clm_discount_policy_rule_count(clm_discount_engine_policy(e)), 1);
    clm_discount_policy_free(p);
    clm_discount_line l = t_line("a", NULL, UNITS(1), 1000);
    clm_discount_document d = t_doc(&l, 1);
    clm_discount_result *r = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(r, 0)->net, 900);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_engine_free(NULL);
    assert_null(clm_discount_engine_policy(NULL));
    assert_int_equal(clm_discount_policy_compile(NULL, p), CLM_EINVAL);
}

/* ---- OOM --------------------------------------------------------------------- */

static clm_discount_policy *rich_policy(void)
{
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    clm_discount_policy_add_group(p, "tools", NULL);
    clm_discount_policy_add_group(p, "drills", "tools");
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = PCT(40);
    clm_discount_policy_add_role_caps(p, "director", &caps);
    clm_discount_approval a = { "manager", PCT(10), CLM_DISCOUNT_NO_LIMIT };
    clm_discount_policy_add_approval(p, &a);
    size_t r = t_rule(p, "p", CLM_DISCOUNT_PERCENT, PCT(5), 0, "x");
    t_set(p, r, CLM_DISCOUNT_COND_PRODUCT, "drill-1");
    r = t_rule(p, "g", CLM_DISCOUNT_PERCENT, PCT(3), 0, "x");
    t_set(p, r, CLM_DISCOUNT_COND_GROUP, "tools");
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_GROUP_QUANTITY;
    c.group = "drills";
    c.min = 1;
    clm_discount_policy_add_condition(p, r, &c);
    r = t_rule(p, "c", CLM_DISCOUNT_PERCENT, PCT(2), 0, NULL);
    t_set(p, r, CLM_DISCOUNT_COND_CATEGORY, "vip");
    t_rule(p, "all", CLM_DISCOUNT_SURCHARGE, PCT(1), 0, NULL);
    clm_discount_rule ep = CLM_DISCOUNT_RULE_INIT;
    ep.id = "ep";
    ep.action = (clm_discount_action){ CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0, 0, 0, 10, 30 };
    clm_discount_policy_add_rule(NULL, p, &ep);
    return p;
}

typedef struct oom_state {
    clm_discount_policy *p;
    clm_discount_policy *copy;
    clm_discount_engine *e;
    size_t nrules, ncond;
} oom_state;

static void *setup_policy(void)
{
    oom_state *s = calloc(1, sizeof *s);
    s->p = rich_policy();
    s->nrules = clm_discount_policy_rule_count(s->p);
    s->ncond = clm_discount_policy_condition_count(s->p, 1);
    return s;
}

static void teardown(void *v)
{
    oom_state *s = v;
    clm_discount_engine_free(s->e);
    clm_discount_policy_free(s->copy);
    clm_discount_policy_free(s->p);
    free(s);
}

static bool unchanged(void *v)
{
    oom_state *s = v;
    return s->e == NULL && s->copy == NULL && clm_discount_policy_rule_count(s->p) == s->nrules &&
           clm_discount_policy_condition_count(s->p, 1) == s->ncond &&
           clm_discount_policy_group_count(s->p) == 2 &&
           clm_discount_policy_approval_count(s->p) == 1 &&
           clm_discount_policy_role_caps_count(s->p) == 1;
}

static int op_compile(void *v)
{
    oom_state *s = v;
    return clm_discount_policy_compile(&s->e, s->p);
}

static int op_dup(void *v)
{
    oom_state *s = v;
    return clm_discount_policy_dup(&s->copy, s->p);
}

static int op_build(void *v)
{
    oom_state *s = v;
    int rc = clm_discount_policy_new(&s->copy, "x", "RUB");
    if (rc < 0)
        return rc;
    clm_discount_policy *q = s->copy;
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "a";
    r.description = "d";
    r.exclusion_group = "x";
    r.action.rate = PCT(5);
    const char *vals[] = { "v1", "v2" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_COUPON;
    c.values = vals;
    c.value_count = 2;
    clm_discount_approval a = { "m", PCT(10), CLM_DISCOUNT_NO_LIMIT };
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    if ((rc = clm_discount_policy_add_rule(NULL, q, &r)) < 0 ||
        (rc = clm_discount_policy_add_condition(q, 0, &c)) < 0 ||
        (rc = clm_discount_policy_add_group(q, "g", NULL)) < 0 ||
        (rc = clm_discount_policy_add_approval(q, &a)) < 0 ||
        (rc = clm_discount_policy_add_role_caps(q, "m", &caps)) < 0) {
        /* each refused call left q as it was: what is in it is complete */
        size_t n = clm_discount_policy_rule_count(q);
        if (n > 1 || clm_discount_policy_condition_count(q, 0) > 1)
            return -100;
        clm_discount_policy_free(q);
        s->copy = NULL;
        return rc;
    }
    return 0;
}

static void test_oom_policy_and_compile(void **state)
{
    (void)state;
    oom_case build = { setup_policy, op_build, unchanged, teardown };
    assert_true(oom_check(&build) > 5);
    oom_case dup = { setup_policy, op_dup, unchanged, teardown };
    assert_true(oom_check(&dup) > 10);
    oom_case comp = { setup_policy, op_compile, unchanged, teardown };
    assert_true(oom_check(&comp) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_macros_and_functions),
        cmocka_unit_test(test_defaults_and_names),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_rules_and_conditions_roundtrip),
        cmocka_unit_test(test_bad_rules),
        cmocka_unit_test(test_bad_conditions),
        cmocka_unit_test(test_bad_ladder),
        cmocka_unit_test(test_engine_is_independent_of_policy),
        cmocka_unit_test(test_oom_policy_and_compile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
