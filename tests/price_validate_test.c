/*
 * price_validate_test.c — the validator's price-list and document-amount
 * checks (clm/discount_validate.h): entries that can never be chosen
 * (duplicates, an earlier list for the same clients, a validity covered
 * by entries ranking ahead, a validity outside the list's), entries that
 * only look alike, gaps in sample orders, amount-off-document dominance
 * and the largest-remainder split that makes it matter, bad input and the
 * OOM walk.
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
#include "oom.h"

#define QTY(x) ((int64_t)(x) * CLM_DISCOUNT_QTY_SCALE)

static clm_date D(int y, int m, int d)
{
    clm_date r = 0;
    if (clm_date_from_ymd(&r, y, m, d) < 0)
        fail_msg("bad date");
    return r;
}

static void add_list(clm_price_set *s, const char *id, const char *currency, clm_price_audience a,
                     const char *value, clm_date from, clm_date to)
{
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = id;
    d.currency = currency;
    d.audience = a;
    d.audience_value = value;
    d.valid_from = from;
    d.valid_to = to;
    CHECK_OK(clm_price_set_add_list(s, &d));
}

static void add_price(clm_price_set *s, const char *list, const char *product, int64_t min_qty,
                      int64_t price, clm_date from, clm_date to)
{
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = product;
    e.min_quantity = min_qty;
    e.unit_price = price;
    e.valid_from = from;
    e.valid_to = to;
    CHECK_OK(clm_price_set_add_entry(s, list, &e));
}

static clm_price_set *shadow_set(void)
{
    clm_price_set *s;
    const clm_date MIN = CLM_DATE_MIN, MAX = CLM_DATE_MAX;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "retail", "RUB", CLM_PRICE_EVERYONE, NULL, MIN, MAX);
    add_price(s, "retail", "CEM", 0, 45000, MIN, MAX);                          /* #0 */
    add_price(s, "retail", "CEM", 0, 46000, MIN, MAX);                          /* #1 duplicate of #0 */
    add_price(s, "retail", "CEM", QTY(100), 40000, MIN, MAX);                   /* #2 another break */
    add_price(s, "retail", "SAND", 0, 100, D(2026, 1, 1), D(2026, 6, 30));      /* #3 */
    add_price(s, "retail", "SAND", 0, 110, D(2026, 3, 1), MAX);                 /* #4 later from */
    add_price(s, "retail", "BRICK", 0, 20, D(2026, 1, 1), D(2026, 12, 31));     /* #5 */
    add_price(s, "retail", "BRICK", 0, 21, D(2026, 1, 1), D(2026, 3, 31));      /* #6 inside #5 */
    add_price(s, "retail", "GLUE", 0, 300, D(2026, 2, 1), D(2026, 3, 31));      /* #7 */
    add_price(s, "retail", "GLUE", 0, 310, D(2026, 4, 1), MAX);                 /* #8 */
    add_price(s, "retail", "GLUE", 0, 320, D(2026, 2, 1), D(2026, 5, 31));      /* #9 = #7 + #8 */
    add_list(s, "retail-2", "RUB", CLM_PRICE_EVERYONE, NULL, MIN, MAX);
    add_price(s, "retail-2", "CEM", 0, 44000, MIN, MAX);                        /* behind retail#0 */
    add_list(s, "wholesale", "RUB", CLM_PRICE_CATEGORY, "wholesale", MIN, MAX);
    add_price(s, "wholesale", "CEM", 0, 40000, MIN, MAX);                       /* other clients */
    add_list(s, "retail-usd", "USD", CLM_PRICE_EVERYONE, NULL, MIN, MAX);
    add_price(s, "retail-usd", "CEM", 0, 500, MIN, MAX);                        /* other currency */
    add_list(s, "promo", "RUB", CLM_PRICE_CHANNEL, "web", D(2026, 1, 1), D(2026, 1, 31));
    add_price(s, "promo", "CEM", 0, 39000, D(2026, 3, 1), MAX);                 /* outside its list */
    return s;
}

static const clm_discount_finding *get(const clm_discount_findings *f, size_t i)
{
    const clm_discount_finding *x = clm_discount_findings_get(f, i);
    assert_non_null(x);
    return x;
}

static void test_shadowed_entries(void **state)
{
    (void)state;
    clm_price_set *s = shadow_set();
    clm_discount_findings *f = NULL;
    CHECK_OK(clm_price_set_validate(&f, s, NULL, NULL, 0));
    assert_int_equal(clm_discount_findings_count(f), 5);
    assert_int_equal(clm_discount_findings_count_severity(f, CLM_DISCOUNT_SEVERITY_ERROR), 0);

    const clm_discount_finding *x = get(f, 0);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_PRICE_SHADOWED);
    assert_string_equal(x->code, "price-shadowed");
    assert_int_equal(x->severity, CLM_DISCOUNT_SEVERITY_WARNING);
    assert_string_equal(x->rule, "retail#1");
    assert_string_equal(x->other, "retail#0");
    assert_string_equal(x->subject, "CEM");
    assert_non_null(strstr(x->message, "defined earlier"));
    x = get(f, 1);
    assert_string_equal(x->rule, "retail#6");
    assert_string_equal(x->other, "retail#5");
    /* GLUE #9 (1 Feb - 31 May): #7 wins February and March (same start,
     * defined first), #8 from April (a later start) */
    x = get(f, 2);
    assert_string_equal(x->rule, "retail#9");
    assert_string_equal(x->other, "retail#7");
    assert_string_equal(x->subject, "GLUE");
    /* a second list for the same clients, defined later */
    x = get(f, 3);
    assert_string_equal(x->rule, "retail-2#0");
    assert_string_equal(x->other, "retail#0");
    /* valid only when its list is not */
    x = get(f, 4);
    assert_string_equal(x->rule, "promo#0");
    assert_null(x->other);
    assert_non_null(strstr(x->message, "outside list 'promo'"));
    clm_discount_findings_free(f);

    /* the findings are true: retail#1, retail-2#0 and retail#9 are never
     * what a lookup returns */
    clm_price_book *b;
    CHECK_OK(clm_price_book_compile(&b, s, NULL));
    clm_price_query q = CLM_PRICE_QUERY_INIT;
    q.currency = "RUB";
    q.product = "CEM";
    q.date = D(2026, 5, 5);
    clm_price_quote quote;
    CHECK_OK(clm_price_book_lookup(&quote, b, &q));
    assert_string_equal(quote.list_id, "retail");
    assert_int_equal(quote.entry, 0);
    q.product = "GLUE";
    for (clm_date d = D(2026, 2, 1); d <= D(2026, 5, 31); d++) {
        q.date = d;
        CHECK_OK(clm_price_book_lookup(&quote, b, &q));
        assert_int_not_equal(quote.entry, 9);
    }
    /* and SAND #3, which is not reported, is chosen in January */
    q.product = "SAND";
    q.date = D(2026, 1, 15);
    CHECK_OK(clm_price_book_lookup(&quote, b, &q));
    assert_int_equal(quote.entry, 3);
    clm_price_book_free(b);
    clm_price_set_free(s);
}

static void test_gaps(void **state)
{
    (void)state;
    clm_price_set *s = shadow_set();
    clm_discount_line l1[3] = {
        { .product = "CEM", .quantity = QTY(10) },
        { .product = "NAILS", .quantity = QTY(1) },
        { .product = "ROPE", .quantity = QTY(1), .unit_price = { 1500, "RUB" } },
    };
    clm_discount_line l2[1] = { { .product = "CEM", .quantity = QTY(1) } };
    clm_discount_document docs[2];
    docs[0] = (clm_discount_document)CLM_DISCOUNT_DOCUMENT_INIT;
    docs[0].currency = "RUB";
    docs[0].date = D(2026, 2, 15);
    docs[0].client.id = "C-1";
    docs[0].lines = l1;
    docs[0].line_count = 3;
    docs[1] = docs[0];
    docs[1].currency = "EUR"; /* no list in euros */
    docs[1].lines = l2;
    docs[1].line_count = 1;
    clm_discount_findings *f = NULL;
    CHECK_OK(clm_price_set_validate(&f, s, NULL, docs, 2));
    assert_int_equal(clm_discount_findings_count(f), 7);
    assert_int_equal(clm_discount_findings_count_severity(f, CLM_DISCOUNT_SEVERITY_ERROR), 2);
    const clm_discount_finding *x = get(f, 5);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_PRICE_GAP);
    assert_string_equal(x->code, "price-gap");
    assert_null(x->rule);
    assert_string_equal(x->subject, "NAILS");
    assert_non_null(strstr(x->message, "sample 1 line 2"));
    x = get(f, 6);
    assert_string_equal(x->subject, "CEM");
    assert_non_null(strstr(x->message, "sample 2 line 1"));
    clm_discount_findings_free(f);

    /* a bad sample line is an error naming it, not a finding */
    l1[0].quantity = 0;
    clm_discount_findings *untouched = (clm_discount_findings *)&f;
    f = untouched;
    CHECK_FAIL(clm_price_set_validate(&f, s, NULL, docs, 2), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "sample 1 line 1"));
    CHECK_FAIL(clm_price_set_validate(&f, s, NULL, NULL, 1), CLM_EINVAL);
    CHECK_FAIL(clm_price_set_validate(&f, NULL, NULL, NULL, 0), CLM_EINVAL);
    assert_ptr_equal(f, untouched);
    clm_price_set_free(s);

    /* a set that does not check (an unknown parent) fails as the check does */
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "child";
    d.currency = "RUB";
    d.parent = "nowhere";
    CHECK_OK(clm_price_set_add_list(s, &d));
    CHECK_FAIL(clm_price_set_validate(&f, s, NULL, NULL, 0), CLM_ENOTFOUND);
    clm_price_set_free(s);
    /* an empty set is clean */
    CHECK_OK(clm_price_set_new(&s));
    CHECK_OK(clm_price_set_validate(&f, s, NULL, NULL, 0));
    assert_int_equal(clm_discount_findings_count(f), 0);
    clm_discount_findings_free(f);
    clm_price_set_free(s);
}

/* ---- amount off the document ------------------------------------------------------ */

static clm_discount_policy *doc_policy(int64_t big, int64_t small, const char *group_small)
{
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "doc", "RUB"));
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "big";
    r.exclusion_group = "doc";
    r.action.kind = CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT;
    r.action.amount = big;
    CHECK_OK(clm_discount_policy_add_rule(NULL, p, &r));
    r.id = "small";
    r.exclusion_group = group_small;
    r.action.amount = small;
    size_t ri;
    CHECK_OK(clm_discount_policy_add_rule(&ri, p, &r));
    static const char *const coupon[] = { "SPRING" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_COUPON;
    c.values = coupon;
    c.value_count = 1;
    CHECK_OK(clm_discount_policy_add_condition(p, ri, &c));
    return p;
}

static const clm_discount_trace_entry *line_trace(const clm_discount_result *res, size_t line,
                                                  const char *rule)
{
    for (size_t i = 0; i < clm_discount_result_trace_count(res, line); i++) {
        const clm_discount_trace_entry *x = clm_discount_result_trace(res, line, i);
        if (x->name != NULL && strcmp(x->name, rule) == 0)
            return x;
    }
    return NULL;
}

static const clm_discount_trace_entry *doc_trace(const clm_discount_result *res, const char *rule)
{
    return line_trace(res, CLM_DISCOUNT_DOCUMENT, rule);
}

static clm_discount_result *price_doc(const clm_discount_policy *p, const int64_t *prices, bool trace)
{
    clm_discount_engine *e;
    CHECK_OK(clm_discount_policy_compile(&e, p));
    clm_discount_line lines[3] = {
        { .product = "A", .quantity = QTY(1), .unit_price = { prices[0], "RUB" } },
        { .product = "B", .quantity = QTY(1), .unit_price = { prices[1], "RUB" } },
        { .product = "C", .quantity = QTY(1), .unit_price = { prices[2], "RUB" } },
    };
    static const char *const coupons[] = { "SPRING" };
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    doc.currency = "RUB";
    doc.date = D(2026, 2, 2);
    doc.coupons = coupons;
    doc.coupon_count = 1;
    doc.lines = lines;
    doc.line_count = 3;
    clm_discount_result *res;
    if (trace) {
        CHECK_OK(clm_discount_engine_evaluate(&res, e, &doc, NULL));
    } else {
        clm_discount_eval_options o = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
        o.trace = 0;
        CHECK_OK(clm_discount_engine_evaluate(&res, e, &doc, &o));
    }
    clm_discount_engine_free(e);
    return res;
}

static void test_document_amounts_compete(void **state)
{
    (void)state;
    /* 0.04 and 0.03 off the document, one exclusion group */
    clm_discount_policy *p = doc_policy(4, 3, "doc");
    clm_discount_findings *f = NULL;
    CHECK_OK(clm_discount_validate(&f, p, NULL));
    assert_int_equal(clm_discount_findings_count(f), 1);
    const clm_discount_finding *x = get(f, 0);
    assert_int_equal(x->kind, CLM_DISCOUNT_FINDING_SHADOWED);
    assert_string_equal(x->code, "shadowed");
    assert_string_equal(x->rule, "small");
    assert_string_equal(x->other, "big");
    assert_non_null(strstr(x->message, "chosen once for the whole document"));
    clm_discount_findings_free(f);

    /* lines of 0.01, 0.03 and 0.03 with the coupon. 0.04 splits 0, 2, 2;
     * 0.03 splits 1, 1, 1: keeping the larger share line by line would
     * take 0.05 off. The group keeps one amount for the document, 0.04. */
    const int64_t alabama[] = { 1, 3, 3 };
    for (int traced = 0; traced < 2; traced++) {
        clm_discount_result *res = price_doc(p, alabama, traced);
        CHECK_I64(clm_discount_result_line(res, 0)->discount, 0);
        CHECK_I64(clm_discount_result_line(res, 1)->discount, 2);
        CHECK_I64(clm_discount_result_line(res, 2)->discount, 2);
        CHECK_I64(clm_discount_result_totals(res)->discount, 4);
        if (traced) {
            /* the loser is excluded once, on the document, naming the winner */
            const clm_discount_trace_entry *t = doc_trace(res, "small");
            assert_non_null(t);
            assert_int_equal(t->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
            assert_non_null(strstr(t->reason, "exclusion group 'doc' takes 'big' (0.04 RUB off"));
            /* and never on a line, where the winner applies */
            for (size_t i = 0; i < 3; i++)
                assert_null(line_trace(res, i, "small"));
            assert_int_equal(line_trace(res, 1, "big")->kind, CLM_DISCOUNT_TRACE_APPLIED);
            assert_non_null(doc_trace(res, "big"));
        }
        clm_discount_result_free(res);
    }
    clm_discount_policy_free(p);

    /* both cut to a document of 0.02: the same total, so the larger
     * amount as written wins, even against a higher priority defined first */
    CHECK_OK(clm_discount_policy_new(&p, "doc", "RUB"));
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.exclusion_group = "doc";
    r.action.kind = CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT;
    r.id = "small";
    r.priority = 50;
    r.action.amount = 3;
    CHECK_OK(clm_discount_policy_add_rule(NULL, p, &r));
    r.id = "big";
    r.priority = 0;
    r.action.amount = 4;
    CHECK_OK(clm_discount_policy_add_rule(NULL, p, &r));
    const int64_t tiny[] = { 1, 1, 0 };
    clm_discount_result *res = price_doc(p, tiny, true);
    CHECK_I64(clm_discount_result_totals(res)->discount, 2);
    assert_non_null(strstr(doc_trace(res, "small")->reason, "takes 'big' (0.02 RUB off"));
    clm_discount_result_free(res);
    /* equal amounts: the higher priority, then the earlier definition */
    clm_discount_policy_free(p);
    CHECK_OK(clm_discount_policy_new(&p, "doc", "RUB"));
    r.id = "first";
    r.priority = 0;
    r.action.amount = 3;
    CHECK_OK(clm_discount_policy_add_rule(NULL, p, &r));
    r.id = "second";
    CHECK_OK(clm_discount_policy_add_rule(NULL, p, &r));
    res = price_doc(p, alabama, true);
    CHECK_I64(clm_discount_result_totals(res)->discount, 3);
    assert_non_null(doc_trace(res, "second"));
    assert_int_equal(doc_trace(res, "second")->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
    assert_non_null(strstr(doc_trace(res, "second")->reason, "takes 'first'"));
    clm_discount_result_free(res);
    r.id = "third";
    r.priority = 1;
    CHECK_OK(clm_discount_policy_add_rule(NULL, p, &r));
    res = price_doc(p, alabama, true);
    assert_int_equal(doc_trace(res, "first")->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
    assert_non_null(strstr(doc_trace(res, "first")->reason, "takes 'third'"));
    clm_discount_result_free(res);
    clm_discount_policy_free(p);
}

static void test_document_dominated(void **state)
{
    (void)state;
    clm_discount_findings *f = NULL;
    /* equal amounts split alike: plainly shadowed */
    clm_discount_policy *p = doc_policy(4, 4, "doc");
    CHECK_OK(clm_discount_validate(&f, p, NULL));
    assert_int_equal(clm_discount_findings_count(f), 1);
    assert_int_equal(get(f, 0)->kind, CLM_DISCOUNT_FINDING_SHADOWED);
    assert_string_equal(get(f, 0)->rule, "small");
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);

    /* the larger amount needs the coupon: it does not cover the smaller,
     * and the smaller (without it) applies where the coupon is missing */
    p = doc_policy(3, 4, "doc");
    CHECK_OK(clm_discount_validate(&f, p, NULL));
    assert_int_equal(clm_discount_findings_count(f), 0);
    clm_discount_findings_free(f);
    clm_discount_policy_free(p);

    /* different exclusion groups stack: both apply (only the ambiguity of
     * two rules of one priority is reported) */
    p = doc_policy(4, 3, "other");
    CHECK_OK(clm_discount_validate(&f, p, NULL));
    assert_int_equal(clm_discount_findings_count(f), 1);
    assert_int_equal(get(f, 0)->kind, CLM_DISCOUNT_FINDING_AMBIGUOUS);
    clm_discount_findings_free(f);
    const int64_t alabama[] = { 1, 3, 3 };
    clm_discount_result *res = price_doc(p, alabama, true);
    CHECK_I64(clm_discount_result_totals(res)->discount, 7);
    clm_discount_result_free(res);
    /* ... unless only the best applies: then one amount for the document */
    CHECK_OK(clm_discount_policy_set_stacking(p, CLM_DISCOUNT_STACK_BEST_ONLY));
    CHECK_OK(clm_discount_validate(&f, p, NULL));
    assert_int_equal(clm_discount_findings_count(f), 1);
    assert_int_equal(get(f, 0)->kind, CLM_DISCOUNT_FINDING_SHADOWED);
    assert_string_equal(get(f, 0)->rule, "small");
    clm_discount_findings_free(f);
    for (int traced = 0; traced < 2; traced++) {
        res = price_doc(p, alabama, traced);
        CHECK_I64(clm_discount_result_totals(res)->discount, 4);
        CHECK_I64(clm_discount_result_line(res, 0)->discount, 0);
        if (traced) {
            const clm_discount_trace_entry *t = doc_trace(res, "small");
            assert_non_null(t);
            assert_int_equal(t->kind, CLM_DISCOUNT_TRACE_EXCLUDED);
            assert_non_null(strstr(t->reason, "only the best discount"));
        }
        clm_discount_result_free(res);
    }
    clm_discount_policy_free(p);
    /* the kind is kept (no longer reported) so the numbers do not move */
    assert_string_equal(clm_discount_finding_kind_name(CLM_DISCOUNT_FINDING_DOCUMENT_DOMINATED),
                        "document-dominated");
    assert_string_equal(clm_discount_finding_kind_name(CLM_DISCOUNT_FINDING_PRICE_GAP), "price-gap");
    assert_null(clm_discount_finding_kind_name((clm_discount_finding_kind)13));
}

/* ---- allocation failures ------------------------------------------------------------ */

typedef struct ostate {
    clm_price_set *s;
    clm_discount_line lines[2];
    clm_discount_document doc;
} ostate;

static void *oom_setup(void)
{
    ostate *o = calloc(1, sizeof *o);
    o->s = shadow_set();
    o->lines[0] = (clm_discount_line){ .product = "CEM", .quantity = QTY(10) };
    o->lines[1] = (clm_discount_line){ .product = "NAILS", .quantity = QTY(1) };
    o->doc = (clm_discount_document)CLM_DISCOUNT_DOCUMENT_INIT;
    o->doc.currency = "RUB";
    o->doc.date = D(2026, 2, 15);
    o->doc.lines = o->lines;
    o->doc.line_count = 2;
    return o;
}

static int oom_op_validate(void *state)
{
    ostate *o = state;
    clm_discount_findings *f = NULL;
    int rc = clm_price_set_validate(&f, o->s, NULL, &o->doc, 1);
    if (rc == 0 && clm_discount_findings_count(f) != 6)
        rc = CLM_EINVAL;
    clm_discount_findings_free(f);
    return rc;
}

static int oom_op_dominated(void *state)
{
    clm_discount_findings *f = NULL;
    int rc = clm_discount_validate(&f, state, NULL);
    if (rc == 0 && clm_discount_findings_count(f) != 1)
        rc = CLM_EINVAL;
    clm_discount_findings_free(f);
    return rc;
}

static void *oom_setup_policy(void)
{
    return doc_policy(4, 3, "doc");
}

static void oom_teardown_policy(void *state)
{
    clm_discount_policy_free(state);
}

static void oom_teardown(void *state)
{
    ostate *o = state;
    clm_price_set_free(o->s);
    free(o);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case c = { oom_setup, oom_op_validate, NULL, oom_teardown };
    assert_true(oom_check(&c) >= 1);
    oom_case d = { oom_setup_policy, oom_op_dominated, NULL, oom_teardown_policy };
    assert_true(oom_check(&d) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shadowed_entries),
        cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_document_dominated),
        cmocka_unit_test(test_document_amounts_compete),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests_name("price validator", tests, NULL, NULL);
}
