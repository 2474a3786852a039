/*
 * category_test.c — category policies (category.h): conditions over client
 * facts, which rule put a client in each category, batch evaluation, and the
 * role authority for manual assignment (docs/rules.md, Segmentation,
 * "Category rules").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/category.h"
#include "clm/client.h"
#include "clm/error.h"
#include "oom.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* Day numbers (date.h), checked against clm_date_from_ymd in day_numbers. */
#define D2024_01_01 19723
#define D2025_01_01 20089
#define D2025_06_30 20269
#define D2025_12_31 20453

static clm_condition *cmp(clm_fact f, clm_cmp_op op, int64_t v)
{
    clm_condition *c = NULL;
    assert_int_equal(clm_condition_compare(&c, f, op, v), 0);
    return c;
}

static clm_condition *all2(clm_condition *a, clm_condition *b)
{
    clm_condition *kids[] = { a, b }, *c = NULL;
    assert_int_equal(clm_condition_all(&c, kids, 2), 0);
    return c;
}

static clm_condition *any2(clm_condition *a, clm_condition *b)
{
    clm_condition *kids[] = { a, b }, *c = NULL;
    assert_int_equal(clm_condition_any(&c, kids, 2), 0);
    return c;
}

static clm_condition *not1(clm_condition *a)
{
    clm_condition *c = NULL;
    assert_int_equal(clm_condition_not(&c, a), 0);
    return c;
}

static void add_rule(clm_category_policy *p, const char *name, const char *cat,
                     clm_condition *c)
{
    int rc = clm_category_policy_add_rule(p, name, cat, c);
    if (rc != 0)
        fail_msg("add_rule %s: %s", name, clm_error_last()->message);
    clm_condition_free(c);
}

/*
 * The sample policy of the tests:
 *   0 key     (head_of_department, director): rule 0 key-a-turnover: abc = A and
 *             turnover >= 1 000 000.00; rule 1 key-champion: rfm-cell = 555
 *   1 regular (manager, head_of_department): rule 2 regular-frequent: rfm-f >= 4
 *   2 dormant (none): rule 3 dormant: not (days-since-purchase <= 180)
 *   3 capital (manager): rule 4 capital: region in {Moscow, Saint Petersburg}
 *                        and state != lost
 *   4 veteran (manager): rule 5 veteran: tenure-days in 365..100000
 *   5 watch   (none): rule 6 watch: risk-class = high or margin < 0
 */
static clm_category_policy *sample_policy(void)
{
    clm_category_policy *p = NULL;
    assert_int_equal(clm_category_policy_new(&p, "sample", "RUB"), 0);
    const char *heads[] = { "head_of_department", "director" };
    const char *mgrs[] = { "manager", "head_of_department" };
    const char *mgr[] = { "manager" };
    assert_int_equal(clm_category_policy_add_category(p, "key", heads, 2), 0);
    assert_int_equal(clm_category_policy_add_category(p, "regular", mgrs, 2), 0);
    assert_int_equal(clm_category_policy_add_category(p, "dormant", NULL, 0), 0);
    assert_int_equal(clm_category_policy_add_category(p, "capital", mgr, 1), 0);
    assert_int_equal(clm_category_policy_add_category(p, "veteran", mgr, 1), 0);
    assert_int_equal(clm_category_policy_add_category(p, "watch", NULL, 0), 0);

    add_rule(p, "key-a-turnover", "key",
             all2(cmp(CLM_FACT_ABC, CLM_CMP_EQ, CLM_ABC_A),
                  cmp(CLM_FACT_TURNOVER, CLM_CMP_GE, 100000000)));
    add_rule(p, "key-champion", "key", cmp(CLM_FACT_RFM_CELL, CLM_CMP_EQ, 555));
    add_rule(p, "regular-frequent", "regular", cmp(CLM_FACT_RFM_F, CLM_CMP_GE, 4));
    add_rule(p, "dormant", "dormant",
             not1(cmp(CLM_FACT_DAYS_SINCE_PURCHASE, CLM_CMP_LE, 180)));
    const char *capitals[] = { "Moscow", "Saint Petersburg" };
    clm_condition *in = NULL, *ne = NULL;
    assert_int_equal(clm_condition_in_text(&in, CLM_FACT_REGION, capitals, 2), 0);
    assert_int_equal(clm_condition_compare_text(&ne, CLM_FACT_STATE, CLM_CMP_NE, "lost"), 0);
    add_rule(p, "capital", "capital", all2(in, ne));
    clm_condition *rg = NULL;
    assert_int_equal(clm_condition_range(&rg, CLM_FACT_TENURE_DAYS, 365, 100000), 0);
    add_rule(p, "veteran", "veteran", rg);
    clm_condition *hi = NULL;
    assert_int_equal(clm_condition_compare_text(&hi, CLM_FACT_RISK_CLASS, CLM_CMP_EQ, "high"),
                     0);
    add_rule(p, "watch", "watch", any2(hi, cmp(CLM_FACT_MARGIN, CLM_CMP_LT, 0)));
    return p;
}

static clm_category_facts big_client(void)
{
    clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
    f.id = "C-1";
    memcpy(f.currency, "RUB", 4);
    f.turnover = 150000000; /* 1 500 000.00 RUB */
    f.margin = 20000000;
    f.client_since = D2024_01_01;
    f.last_purchase = D2025_06_30;
    f.abc = CLM_ABC_A;
    f.xyz = CLM_XYZ_X;
    f.rfm = (clm_rfm_score){ 5, 5, 5 };
    f.risk_class = "low";
    f.region = "Moscow";
    f.legal_type = "legal_entity";
    f.state = "key";
    return f;
}

static void day_numbers(void **state)
{
    (void)state;
    clm_date d;
    assert_int_equal(clm_date_from_ymd(&d, 2024, 1, 1), 0);
    assert_int_equal(d, D2024_01_01);
    assert_int_equal(clm_date_from_ymd(&d, 2025, 1, 1), 0);
    assert_int_equal(d, D2025_01_01);
    assert_int_equal(clm_date_from_ymd(&d, 2025, 6, 30), 0);
    assert_int_equal(d, D2025_06_30);
    assert_int_equal(clm_date_from_ymd(&d, 2025, 12, 31), 0);
    assert_int_equal(d, D2025_12_31);
}

static void facts_and_names(void **state)
{
    (void)state;
    clm_category_facts f;
    assert_int_equal(clm_category_facts_init(&f), 0);
    assert_int_equal(f.version, CLM_CATEGORY_FACTS_VERSION);
    assert_int_equal(f.last_purchase, CLM_FACT_NO_DATE);
    assert_null(f.region);
    assert_int_equal(clm_category_facts_init(NULL), CLM_EINVAL);
    for (int i = CLM_FACT_TURNOVER; i <= CLM_FACT_STATE; i++) {
        const char *n = clm_fact_name((clm_fact)i);
        assert_non_null(n);
        clm_fact back;
        assert_int_equal(clm_fact_from_name(&back, n), 0);
        assert_int_equal(back, i);
    }
    assert_string_equal(clm_fact_name(CLM_FACT_DAYS_SINCE_PURCHASE), "days-since-purchase");
    assert_null(clm_fact_name((clm_fact)0));
    assert_null(clm_fact_name((clm_fact)99));
    clm_fact x;
    assert_int_equal(clm_fact_from_name(&x, "revenue"), CLM_ENOTFOUND);
    assert_int_equal(clm_fact_from_name(NULL, "abc"), CLM_EINVAL);
}

/* A result as these tests read it: the rule per category, as
 * clm_category_policy_evaluate() writes it into an array sized for the
 * largest policy, and the categories the client is in as bits. */
typedef struct result {
    uint64_t categories;
    uint32_t rule[CLM_CATEGORY_MAX];
} result;

static int eval(result *r, const clm_category_policy *p, const clm_category_facts *f,
                clm_date as_of)
{
    uint32_t rules[CLM_CATEGORY_MAX];
    int rc = clm_category_policy_evaluate(rules, CLM_CATEGORY_MAX, p, f, as_of);
    if (rc == 0) {
        r->categories = 0;
        for (size_t c = 0; c < CLM_CATEGORY_MAX; c++) {
            r->rule[c] = rules[c];
            if (rules[c] != CLM_CATEGORY_NO_RULE)
                r->categories |= UINT64_C(1) << c;
        }
    }
    return rc;
}

/* A client can be in several categories; the result names the first rule
 * (policy order) that put it in each. */
static void evaluate_names_rules(void **state)
{
    (void)state;
    clm_category_policy *p = sample_policy();
    assert_int_equal(clm_category_policy_category_count(p), 6);
    assert_int_equal(clm_category_policy_rule_count(p), 7);
    clm_category_facts f = big_client();
    result r;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    /* key (rules 0 and 1 both hold: rule 0 is named), regular, dormant
     * (184 days since 30 June), capital, veteran; not watch. */
    assert_int_equal(r.categories, 0x1f);
    assert_int_equal(r.rule[0], 0);
    assert_int_equal(r.rule[1], 2);
    assert_int_equal(r.rule[2], 3);
    assert_int_equal(r.rule[3], 4);
    assert_int_equal(r.rule[4], 5);
    assert_int_equal(r.rule[5], CLM_CATEGORY_NO_RULE);
    assert_int_equal(r.rule[63], CLM_CATEGORY_NO_RULE);
    assert_string_equal(clm_category_policy_rule_name(p, r.rule[0]), "key-a-turnover");

    /* Turnover one kopeck short: key only through the champion rule. */
    f.turnover = 99999999;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_true(r.categories & 1);
    assert_int_equal(r.rule[0], 1);
    assert_string_equal(clm_category_policy_rule_name(p, 1), "key-champion");
    /* Exactly at the threshold: >= holds. */
    f.turnover = 100000000;
    f.rfm = (clm_rfm_score){ 4, 5, 5 };
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_int_equal(r.rule[0], 0);
    /* 180 days since the purchase: not dormant; 181: dormant. */
    assert_int_equal(eval(&r, p, &f, D2025_06_30 + 180), 0);
    assert_false(r.categories & 4);
    assert_int_equal(eval(&r, p, &f, D2025_06_30 + 181), 0);
    assert_true(r.categories & 4);
    /* Tenure range is inclusive: 365 days is a veteran, 364 is not. */
    f.last_purchase = CLM_FACT_NO_DATE;
    assert_int_equal(eval(&r, p, &f, D2024_01_01 + 365), 0);
    assert_true(r.categories & 16);
    assert_int_equal(eval(&r, p, &f, D2024_01_01 + 364), 0);
    assert_false(r.categories & 16);
    /* Negative margin or high risk: watch. */
    f.margin = -1;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_int_equal(r.rule[5], 6);
    f.margin = 0;
    f.risk_class = "high";
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_true(r.categories & 32);
    clm_category_policy_free(p);
}

/* Unknown facts fail every test; `not` is plain negation; `known` says it. */
static void unknown_facts(void **state)
{
    (void)state;
    clm_category_policy *p = sample_policy();
    clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
    memcpy(f.currency, "RUB", 4);
    result r;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    /* Only dormant: never bought, so "days since <= 180" is false. */
    assert_int_equal(r.categories, 4);

    /* known() distinguishes. */
    clm_category_policy *q = NULL;
    assert_int_equal(clm_category_policy_new(&q, NULL, "USD"), 0);
    assert_string_equal(clm_category_policy_name(q), "");
    assert_string_equal(clm_category_policy_currency(q), "USD");
    assert_int_equal(clm_category_policy_add_category(q, "lapsed", NULL, 0), 0);
    assert_int_equal(clm_category_policy_add_category(q, "never", NULL, 0), 0);
    clm_condition *k1 = NULL, *k2 = NULL;
    assert_int_equal(clm_condition_known(&k1, CLM_FACT_LAST_PURCHASE), 0);
    add_rule(q, "lapsed", "lapsed",
             all2(k1, cmp(CLM_FACT_DAYS_SINCE_PURCHASE, CLM_CMP_GT, 90)));
    assert_int_equal(clm_condition_known(&k2, CLM_FACT_LAST_PURCHASE), 0);
    add_rule(q, "never", "never", not1(k2));
    /* q tests no money, so the facts' currency does not matter. */
    f.currency[0] = '\0';
    assert_int_equal(eval(&r, q, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 2);
    f.last_purchase = D2025_01_01;
    assert_int_equal(eval(&r, q, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 1);
    /* An unscored RFM and unclassified ABC never match a comparison. */
    clm_category_policy *s = NULL;
    assert_int_equal(clm_category_policy_new(&s, "s", "RUB"), 0);
    assert_int_equal(clm_category_policy_add_category(s, "c", NULL, 0), 0);
    add_rule(s, "not-a", "c", cmp(CLM_FACT_ABC, CLM_CMP_NE, CLM_ABC_A));
    add_rule(s, "low-r", "c", cmp(CLM_FACT_RFM_R, CLM_CMP_LT, 3));
    assert_int_equal(eval(&r, s, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 0);
    f.abc = CLM_ABC_B;
    assert_int_equal(eval(&r, s, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 1);
    assert_int_equal(r.rule[0], 0);
    clm_category_policy_free(s);
    clm_category_policy_free(q);
    clm_category_policy_free(p);
}

/* Sets, dates, class sets, empty all/any. */
static void condition_kinds(void **state)
{
    (void)state;
    clm_category_policy *p = NULL;
    assert_int_equal(clm_category_policy_new(&p, "kinds", "RUB"), 0);
    assert_int_equal(clm_category_policy_add_category(p, "ab", NULL, 0), 0);
    assert_int_equal(clm_category_policy_add_category(p, "old", NULL, 0), 0);
    assert_int_equal(clm_category_policy_add_category(p, "always", NULL, 0), 0);
    assert_int_equal(clm_category_policy_add_category(p, "never", NULL, 0), 0);
    assert_int_equal(clm_category_policy_add_category(p, "cells", NULL, 0), 0);
    const int64_t ab[] = { CLM_ABC_A, CLM_ABC_B };
    clm_condition *c = NULL;
    assert_int_equal(clm_condition_in(&c, CLM_FACT_ABC, ab, 2), 0);
    add_rule(p, "ab", "ab", c);
    add_rule(p, "old", "old", cmp(CLM_FACT_CLIENT_SINCE, CLM_CMP_LT, D2025_01_01));
    assert_int_equal(clm_condition_all(&c, NULL, 0), 0);
    add_rule(p, "always", "always", c);
    assert_int_equal(clm_condition_any(&c, NULL, 0), 0);
    add_rule(p, "never", "never", c);
    const int64_t cells[] = { 555, 554, 545 };
    assert_int_equal(clm_condition_in(&c, CLM_FACT_RFM_CELL, cells, 3), 0);
    add_rule(p, "cells", "cells", c);

    clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
    result r;
    f.abc = CLM_ABC_B;
    f.client_since = D2024_01_01;
    f.rfm = (clm_rfm_score){ 5, 4, 5 };
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 1 | 2 | 4 | 16);
    f.abc = CLM_ABC_C;
    f.client_since = D2025_01_01;
    f.rfm = (clm_rfm_score){ 4, 5, 5 };
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 4);
    clm_category_policy_free(p);
}

static void condition_errors(void **state)
{
    (void)state;
    clm_condition *c = NULL;
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_REGION, CLM_CMP_EQ, 1), CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_ABC, CLM_CMP_LT, CLM_ABC_B),
                     CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_ABC, CLM_CMP_EQ, 4), CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_XYZ, CLM_CMP_EQ, 0), CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, (clm_fact)0, CLM_CMP_EQ, 1), CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, (clm_fact)17, CLM_CMP_EQ, 1), CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_MARGIN, (clm_cmp_op)0, 1),
                     CLM_EINVAL);
    assert_int_equal(clm_condition_compare(NULL, CLM_FACT_MARGIN, CLM_CMP_EQ, 1), CLM_EINVAL);
    assert_int_equal(clm_condition_compare_text(&c, CLM_FACT_MARGIN, CLM_CMP_EQ, "x"),
                     CLM_EINVAL);
    assert_int_equal(clm_condition_compare_text(&c, CLM_FACT_REGION, CLM_CMP_LT, "x"),
                     CLM_EINVAL);
    assert_int_equal(clm_condition_compare_text(&c, CLM_FACT_REGION, CLM_CMP_EQ, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_condition_range(&c, CLM_FACT_TURNOVER, 5, 4), CLM_EINVAL);
    assert_int_equal(clm_condition_range(&c, CLM_FACT_ABC, 1, 2), CLM_EINVAL);
    assert_int_equal(clm_condition_range(&c, CLM_FACT_STATE, 1, 2), CLM_EINVAL);
    /* Enumerated facts take their own vocabulary only: the client module's
     * legal type and state names, RFM parts 1..5; a value outside it could
     * never match, so it is refused (CLM_EINVAL, field "value"). */
    const char *legal_bad[] = { "legal_entity", "legal-entity" };
    assert_int_equal(clm_condition_in_text(&c, CLM_FACT_LEGAL_TYPE, legal_bad, 2), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "value");
    assert_non_null(strstr(clm_error_last()->message, "'legal-entity' is not a legal type"));
    assert_int_equal(clm_condition_compare_text(&c, CLM_FACT_STATE, CLM_CMP_EQ, "Active"),
                     CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_RFM_R, CLM_CMP_EQ, 6), CLM_EINVAL);
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_RFM_CELL, CLM_CMP_NE, 505), CLM_EINVAL);
    const int64_t cells[] = { 555, 160 };
    assert_int_equal(clm_condition_in(&c, CLM_FACT_RFM_CELL, cells, 2), CLM_EINVAL);
    /* the library's own names and the user's own risk classes are fine */
    const char *legal_ok[] = { clm_legal_type_name(CLM_LEGAL_ENTITY),
                               clm_legal_type_name(CLM_SOLE_TRADER),
                               clm_legal_type_name(CLM_INDIVIDUAL) };
    assert_int_equal(clm_condition_in_text(&c, CLM_FACT_LEGAL_TYPE, legal_ok, 3), 0);
    clm_condition_free(c);
    for (int st = CLM_CLIENT_POTENTIAL; st <= CLM_CLIENT_LOST; st++) {
        assert_int_equal(clm_condition_compare_text(&c, CLM_FACT_STATE, CLM_CMP_EQ,
                                                    clm_client_state_name((clm_client_state)st)), 0);
        clm_condition_free(c);
    }
    const char *grades[] = { "A", "E", "watch list" };
    assert_int_equal(clm_condition_in_text(&c, CLM_FACT_RISK_CLASS, grades, 3), 0);
    clm_condition_free(c);
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_RFM_R, CLM_CMP_GE, 9), 0); /* an order op */
    clm_condition_free(c);
    c = NULL;
    const int64_t v[] = { 1, 9 };
    assert_int_equal(clm_condition_in(&c, CLM_FACT_ABC, v, 2), CLM_EINVAL);
    assert_int_equal(clm_condition_in(&c, CLM_FACT_TURNOVER, v, 0), CLM_EINVAL);
    assert_int_equal(clm_condition_in(&c, CLM_FACT_REGION, v, 2), CLM_EINVAL);
    assert_int_equal(clm_condition_in(&c, CLM_FACT_TURNOVER, NULL, 2), CLM_EINVAL);
    const char *t[] = { "a", NULL };
    assert_int_equal(clm_condition_in_text(&c, CLM_FACT_REGION, t, 2), CLM_EINVAL);
    assert_int_equal(clm_condition_in_text(&c, CLM_FACT_REGION, t, 0), CLM_EINVAL);
    assert_int_equal(clm_condition_in_text(&c, CLM_FACT_ABC, t, 1), CLM_EINVAL);
    /* Text a policy file cannot carry. */
    assert_int_equal(clm_condition_compare_text(&c, CLM_FACT_REGION, CLM_CMP_EQ, "a\x01"),
                     CLM_EINVAL);
    assert_int_equal(clm_condition_compare_text(&c, CLM_FACT_REGION, CLM_CMP_EQ, "\xff"),
                     CLM_EINVAL);
    const char *badt[] = { "ok", "\xc3\x28" };
    assert_int_equal(clm_condition_in_text(&c, CLM_FACT_REGION, badt, 2), CLM_EINVAL);
    assert_int_equal(clm_condition_known(&c, (clm_fact)42), CLM_EINVAL);
    assert_int_equal(clm_condition_not(&c, NULL), CLM_EINVAL);
    clm_condition *kids[] = { cmp(CLM_FACT_MARGIN, CLM_CMP_GT, 0), NULL };
    assert_int_equal(clm_condition_all(&c, kids, 2), CLM_EINVAL);
    assert_int_equal(clm_condition_any(&c, NULL, 1), CLM_EINVAL);
    assert_null(c);
    /* On failure the children stay the caller's. */
    clm_condition_free(kids[0]);
    clm_condition_free(NULL);
}

static void policy_errors(void **state)
{
    (void)state;
    clm_category_policy *p = NULL;
    assert_int_equal(clm_category_policy_new(&p, "x", "XXX"), CLM_ECURRENCY);
    assert_int_equal(clm_category_policy_new(NULL, "x", "RUB"), CLM_EINVAL);
    assert_int_equal(clm_category_policy_new(&p, "x", NULL), CLM_EINVAL);
    assert_null(p);
    p = sample_policy();
    const char *bad_role[] = { "" };
    assert_int_equal(clm_category_policy_add_category(p, "key", NULL, 0), CLM_EEXISTS);
    assert_int_equal(clm_category_policy_add_category(p, "", NULL, 0), CLM_EINVAL);
    assert_int_equal(clm_category_policy_add_category(p, "a\nb", NULL, 0), CLM_EINVAL);
    assert_int_equal(clm_category_policy_add_category(p, "new", bad_role, 1), CLM_EINVAL);
    assert_int_equal(clm_category_policy_add_category(p, "new", NULL, 1), CLM_EINVAL);
    assert_int_equal(clm_category_policy_add_category(p, "\xd0", NULL, 0), CLM_EINVAL);
    assert_int_equal(clm_category_policy_add_category(p, "\xd0\x9a\xd0\x98", NULL, 0), 0);
    assert_int_equal(clm_category_policy_category_count(p), 7);
    clm_category_policy_free(p);
    p = sample_policy();
    assert_int_equal(clm_category_policy_category_count(p), 6);

    clm_condition *c = cmp(CLM_FACT_MARGIN, CLM_CMP_GT, 0);
    assert_int_equal(clm_category_policy_add_rule(p, "r", "vip", c), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "'vip'"));
    assert_int_equal(clm_category_policy_add_rule(p, "dormant", "key", c), CLM_EEXISTS);
    assert_int_equal(clm_category_policy_add_rule(p, "", "key", c), CLM_EINVAL);
    assert_int_equal(clm_category_policy_add_rule(p, "r", "key", NULL), CLM_EINVAL);
    assert_int_equal(clm_category_policy_rule_count(p), 7);

    /* Nesting deeper than 64 levels. */
    clm_condition *deep = c;
    for (int i = 0; i < 70; i++)
        deep = not1(deep);
    assert_int_equal(clm_category_policy_add_rule(p, "deep", "key", deep), CLM_ELIMIT);
    assert_int_equal(clm_category_policy_rule_count(p), 7);
    /* The policy still evaluates as before. */
    clm_category_facts f = big_client();
    result r;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 0x1f);
    clm_condition_free(deep);

    /* 64 categories at most. */
    clm_category_policy *q = NULL;
    assert_int_equal(clm_category_policy_new(&q, "many", "RUB"), 0);
    char name[16];
    for (int i = 0; i < CLM_CATEGORY_MAX; i++) {
        snprintf(name, sizeof name, "c%d", i);
        assert_int_equal(clm_category_policy_add_category(q, name, NULL, 0), 0);
    }
    assert_int_equal(clm_category_policy_add_category(q, "one-more", NULL, 0), CLM_ELIMIT);
    /* Category 63 works (the top bit of the mask). */
    add_rule(q, "top", "c63", cmp(CLM_FACT_MARGIN, CLM_CMP_GE, 0));
    f = big_client();
    assert_int_equal(eval(&r, q, &f, D2025_12_31), 0);
    assert_true(r.categories == (UINT64_C(1) << 63));
    assert_int_equal(r.rule[63], 0);
    clm_category_policy_free(q);

    /* Queries. */
    size_t i;
    assert_int_equal(clm_category_policy_category_find(&i, p, "dormant"), 0);
    assert_int_equal(i, 2);
    assert_int_equal(clm_category_policy_category_find(&i, p, "vip"), CLM_ENOTFOUND);
    assert_string_equal(clm_category_policy_category_name(p, 5), "watch");
    assert_null(clm_category_policy_category_name(p, 6));
    assert_null(clm_category_policy_rule_name(p, 7));
    assert_int_equal(clm_category_policy_rule_category(p, 1), 0);
    assert_int_equal(clm_category_policy_rule_category(p, 99), (size_t)-1);
    assert_int_equal(clm_category_policy_category_count(NULL), 0);
    clm_category_policy_free(p);
    clm_category_policy_free(NULL);
}

static void evaluate_errors(void **state)
{
    (void)state;
    clm_category_policy *p = sample_policy();
    result r, before;
    memset(&r, 0xab, sizeof r);
    before = r;
    clm_category_facts f = big_client();

    f.version = 2;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EVERSION);
    f = big_client();
    memcpy(f.currency, "USD", 4);
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_ECURRENCY);
    assert_non_null(strstr(clm_error_last()->message, "C-1"));
    f = big_client();
    f.last_purchase = D2025_12_31 + 1;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "last_purchase");
    f = big_client();
    f.client_since = CLM_DATE_MIN - 1;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EINVAL);
    f = big_client();
    f.rfm = (clm_rfm_score){ 5, 0, 5 };
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EINVAL);
    f.rfm = (clm_rfm_score){ 6, 5, 5 };
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EINVAL);
    f = big_client();
    f.abc = (clm_abc_class)4;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EINVAL);
    /* legal type and state in the client module's names only */
    f = big_client();
    f.legal_type = "legal-entity";
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "legal_type");
    f = big_client();
    f.state = "Active";
    assert_int_equal(eval(&r, p, &f, D2025_12_31), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "state");
    f = big_client();
    assert_int_equal(eval(&r, p, &f, CLM_DATE_MAX + 1), CLM_EINVAL);
    assert_int_equal(clm_category_policy_evaluate(NULL, 6, p, &f, D2025_12_31), CLM_EINVAL);
    assert_int_equal(eval(&r, NULL, &f, D2025_12_31), CLM_EINVAL);
    assert_int_equal(eval(&r, p, NULL, D2025_12_31), CLM_EINVAL);
    assert_memory_equal(&r, &before, sizeof r);
    /* The array itself: too short is CLM_EBUFSIZE; on any error nothing
     * is written; longer than the policy's 6 categories, the rest is
     * CLM_CATEGORY_NO_RULE. */
    uint32_t raw[8];
    memset(raw, 0xab, sizeof raw);
    f = big_client();
    assert_int_equal(clm_category_policy_evaluate(raw, 5, p, &f, D2025_12_31), CLM_EBUFSIZE);
    assert_string_equal(clm_error_last()->field, "n");
    f.legal_type = "company";
    assert_int_equal(clm_category_policy_evaluate(raw, 8, p, &f, D2025_12_31), CLM_EINVAL);
    for (int i = 0; i < 8; i++)
        assert_true(raw[i] == 0xababababU);
    f = big_client();
    assert_int_equal(clm_category_policy_evaluate(raw, 8, p, &f, D2025_12_31), 0);
    assert_int_equal(raw[0], 0);
    assert_int_equal(raw[5], CLM_CATEGORY_NO_RULE);
    assert_int_equal(raw[6], CLM_CATEGORY_NO_RULE);
    assert_int_equal(raw[7], CLM_CATEGORY_NO_RULE);
    assert_int_equal(clm_category_policy_evaluate(raw, 6, p, &f, D2025_12_31), 0);
    clm_category_policy_free(p);
}

/* The batch equals one evaluation per client; a bad client anywhere
 * leaves every output untouched. */
static void batch(void **state)
{
    (void)state;
    clm_category_policy *p = sample_policy();
    enum { N = 500 };
    static clm_category_facts f[N];
    static const char *regions[] = { "Moscow", "Kazan", "Saint Petersburg", NULL };
    static const char *states[] = { "active", "lost", "key", NULL };
    static const char *risks[] = { "low", "high", NULL };
    for (int i = 0; i < N; i++) {
        f[i] = big_client();
        f[i].turnover = (int64_t)(i * 7919 % 200) * 1000000;
        f[i].margin = (int64_t)(i % 11) - 3;
        f[i].abc = (clm_abc_class)(i % 4);
        f[i].rfm = i % 5 == 0 ? (clm_rfm_score){ 0, 0, 0 }
                              : (clm_rfm_score){ (uint8_t)(1 + i % 5), (uint8_t)(1 + i / 5 % 5),
                                                 (uint8_t)(1 + i / 25 % 5) };
        f[i].region = regions[i % 4];
        f[i].state = states[i / 4 % 4];
        f[i].risk_class = risks[i % 3];
        f[i].last_purchase = i % 6 == 0 ? CLM_FACT_NO_DATE : D2025_12_31 - i;
        f[i].client_since = i % 7 == 0 ? CLM_FACT_NO_DATE : D2025_12_31 - 2 * i;
    }
    static uint32_t rules[N * 6];
    assert_int_equal(clm_category_policy_evaluate_batch(rules, N * 6, p, f, N, D2025_12_31), 0);
    int nonempty = 0;
    for (int i = 0; i < N; i++) {
        uint32_t one[6];
        assert_int_equal(clm_category_policy_evaluate(one, 6, p, &f[i], D2025_12_31), 0);
        int any = 0;
        for (int c = 0; c < 6; c++) {
            assert_int_equal(rules[i * 6 + c], one[c]);
            any |= one[c] != CLM_CATEGORY_NO_RULE;
        }
        nonempty += any;
    }
    assert_true(nonempty > N / 2);
    /* Room for one row fewer than the clients need: CLM_EBUFSIZE, nothing
     * written. */
    static uint32_t rules2[N * 6 + 1];
    memset(rules2, 0x5a, sizeof rules2);
    assert_int_equal(clm_category_policy_evaluate_batch(rules2, N * 6 - 1, p, f, N, D2025_12_31),
                     CLM_EBUFSIZE);
    for (int i = 0; i < N * 6 + 1; i++)
        assert_true(rules2[i] == 0x5a5a5a5aU);
    /* More room than needed: the entries past N x 6 are left alone. */
    assert_int_equal(clm_category_policy_evaluate_batch(rules2, N * 6 + 1, p, f, N, D2025_12_31),
                     0);
    assert_memory_equal(rules, rules2, sizeof rules);
    assert_true(rules2[N * 6] == 0x5a5a5a5aU);

    /* Client 321 is bad: nothing written, the message names it. */
    memset(rules2, 0x5a, sizeof rules2);
    f[321].id = "C-321";
    memcpy(f[321].currency, "EUR", 4);
    assert_int_equal(clm_category_policy_evaluate_batch(rules2, N * 6, p, f, N, D2025_12_31),
                     CLM_ECURRENCY);
    assert_non_null(strstr(clm_error_last()->message, "client 321 'C-321'"));
    for (int i = 0; i < N * 6; i++)
        assert_true(rules2[i] == 0x5a5a5a5aU);
    assert_int_equal(clm_category_policy_evaluate_batch(NULL, 0, p, f, 0, 0), 0);
    assert_int_equal(clm_category_policy_evaluate_batch(NULL, 6, p, f, 1, 0), CLM_EINVAL);
    assert_int_equal(clm_category_policy_evaluate_batch(rules2, 6, NULL, f, 1, 0), CLM_EINVAL);
    clm_category_policy_free(p);
}

/* Only the roles a category lists may assign it by hand. */
static void assign_authority(void **state)
{
    (void)state;
    clm_category_policy *p = sample_policy();
    clm_actor head = { "petrova", "head_of_department", 0 };
    clm_actor mgr = { "ivanov", "manager", 0 };
    assert_int_equal(clm_category_policy_check_assign(p, "key", &head), 0);
    assert_int_equal(clm_category_policy_check_assign(p, "key", &mgr), CLM_EPERM);
    const clm_error *e = clm_error_last();
    assert_int_equal(e->code, CLM_EPERM);
    assert_string_equal(e->message,
                        "user 'ivanov' in role 'manager' may not assign category 'key': only"
                        " head_of_department, director may");
    assert_int_equal(clm_category_policy_check_assign(p, "regular", &mgr), 0);
    /* No role may assign a rules-only category. */
    assert_int_equal(clm_category_policy_check_assign(p, "dormant", &head), CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "rules only"));
    /* Role names compare exactly. */
    clm_actor upper = { "x", "Head_of_department", 0 };
    assert_int_equal(clm_category_policy_check_assign(p, "key", &upper), CLM_EPERM);
    assert_int_equal(clm_category_policy_check_assign(p, "vip", &head), CLM_ENOTFOUND);
    /* A long list of roles is cut, not dropped. */
    char roles_buf[8][201];
    const char *roles[8];
    for (int i = 0; i < 8; i++) {
        memset(roles_buf[i], 'a' + i, 200);
        roles_buf[i][200] = 0;
        roles[i] = roles_buf[i];
    }
    assert_int_equal(clm_category_policy_add_category(p, "many-roles", roles, 8), 0);
    assert_int_equal(clm_category_policy_check_assign(p, "many-roles", &mgr), CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "only aaaa"));
    assert_non_null(strstr(clm_error_last()->message, "..."));
    clm_actor h = { "x", roles[7], 0 };
    assert_int_equal(clm_category_policy_check_assign(p, "many-roles", &h), 0);
    clm_actor nobody = { "", "manager", 0 };
    assert_int_equal(clm_category_policy_check_assign(p, "regular", &nobody), CLM_EINVAL);
    assert_int_equal(clm_category_policy_check_assign(p, "regular", NULL), CLM_EINVAL);
    assert_int_equal(clm_category_policy_check_assign(NULL, "regular", &mgr), CLM_EINVAL);
    clm_category_policy_free(p);
}

/* ---- OOM ----------------------------------------------------------------- */

static void *oom_policy_setup(void)
{
    return sample_policy();
}
static void oom_policy_teardown(void *st)
{
    clm_category_policy_free(st);
}
static bool oom_policy_unchanged(void *st)
{
    clm_category_policy *p = st;
    clm_category_facts f = big_client();
    result r;
    return clm_category_policy_rule_count(p) == 7 &&
           clm_category_policy_category_count(p) == 6 &&
           eval(&r, p, &f, D2025_12_31) == 0 &&
           r.categories == 0x1f;
}
static clm_condition *oom_cond;
static int oom_add_rule_real(void *st)
{
    return clm_category_policy_add_rule(st, "volga", "watch", oom_cond);
}
static int oom_add_category_op(void *st)
{
    const char *roles[] = { "manager", "director" };
    return clm_category_policy_add_category(st, "volga", roles, 2);
}
static int oom_new_op(void *st)
{
    (void)st;
    clm_category_policy *p = NULL;
    int rc = clm_category_policy_new(&p, "n", "RUB");
    clm_category_policy_free(p);
    return rc;
}
static int oom_conditions_op(void *st)
{
    (void)st;
    const char *regs[] = { "a", "b" };
    const int64_t v[] = { 1, 2 };
    clm_condition *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
    int rc = clm_condition_in_text(&a, CLM_FACT_REGION, regs, 2);
    if (rc == 0)
        rc = clm_condition_in(&b, CLM_FACT_ABC, v, 2);
    if (rc == 0)
        rc = clm_condition_compare_text(&c, CLM_FACT_STATE, CLM_CMP_EQ, "key");
    if (rc == 0)
        rc = clm_condition_known(&d, CLM_FACT_REGION);
    if (rc == 0) {
        clm_condition *kids[] = { a, b, c, d };
        rc = clm_condition_all(&e, kids, 4);
        if (rc == 0)
            a = b = c = d = NULL;
    }
    clm_condition_free(a);
    clm_condition_free(b);
    clm_condition_free(c);
    clm_condition_free(d);
    clm_condition_free(e);
    return rc;
}
static int oom_assign_op(void *st)
{
    clm_actor mgr = { "ivanov", "manager", 0 };
    int rc = clm_category_policy_check_assign(st, "key", &mgr);
    return rc == CLM_EPERM ? 0 : rc;
}

static int oom_evaluate_op(void *st)
{
    clm_category_facts f[3] = { big_client(), big_client(), big_client() };
    f[1].last_purchase = CLM_FACT_NO_DATE;
    uint32_t rules[3 * 6];
    int rc = clm_category_policy_evaluate(rules, 6, st, &f[0], D2025_12_31);
    return rc != 0 ? rc : clm_category_policy_evaluate_batch(rules, 3 * 6, st, f, 3,
                                                             D2025_12_31);
}

static void oom(void **state)
{
    (void)state;
    /* Evaluation allocates nothing (category.h). */
    oom_case ec = { oom_policy_setup, oom_evaluate_op, NULL, oom_policy_teardown };
    assert_int_equal(oom_check(&ec), 0);
    oom_case nc = { NULL, oom_new_op, NULL, NULL };
    assert_true(oom_check(&nc) >= 2);
    oom_case cc = { NULL, oom_conditions_op, NULL, NULL };
    assert_true(oom_check(&cc) >= 8);
    oom_case ac = { oom_policy_setup, oom_add_category_op, oom_policy_unchanged,
                    oom_policy_teardown };
    assert_true(oom_check(&ac) >= 3);

    oom_install();
    const char *regs[] = { "Kazan", "Samara", "Ufa" };
    const int64_t cells[] = { 111, 112 };
    clm_condition *t = NULL, *s = NULL, *all = NULL;
    assert_int_equal(clm_condition_in_text(&t, CLM_FACT_REGION, regs, 3), 0);
    assert_int_equal(clm_condition_in(&s, CLM_FACT_RFM_CELL, cells, 2), 0);
    clm_condition *kids[] = { t, s, cmp(CLM_FACT_TURNOVER, CLM_CMP_LT, 5) };
    assert_int_equal(clm_condition_any(&all, kids, 3), 0);
    assert_int_equal(clm_condition_not(&oom_cond, all), 0);
    oom_case rc = { oom_policy_setup, oom_add_rule_real, oom_policy_unchanged,
                    oom_policy_teardown };
    assert_true(oom_check(&rc) >= 2);
    clm_condition_free(oom_cond);

    /* The authority check allocates nothing, so it cannot fail for memory. */
    oom_case pc = { oom_policy_setup, oom_assign_op, NULL, oom_policy_teardown };
    assert_int_equal(oom_check(&pc), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(day_numbers),
        cmocka_unit_test(facts_and_names),
        cmocka_unit_test(evaluate_names_rules),
        cmocka_unit_test(unknown_facts),
        cmocka_unit_test(condition_kinds),
        cmocka_unit_test(condition_errors),
        cmocka_unit_test(policy_errors),
        cmocka_unit_test(evaluate_errors),
        cmocka_unit_test(batch),
        cmocka_unit_test(assign_authority),
        cmocka_unit_test(oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
