/*
 * discount_support.h — small builders shared by the discount tests.
 */
#ifndef CLM_TEST_DISCOUNT_SUPPORT_H
#define CLM_TEST_DISCOUNT_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"

#define PCT(x) ((clm_rate)((x) * CLM_RATE_PERCENT))
#define UNITS(x) ((int64_t)(x) * CLM_DISCOUNT_QTY_SCALE)

static inline clm_discount_policy *t_policy(clm_discount_stacking st)
{
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "test", "RUB"), 0);
    assert_int_equal(clm_discount_policy_set_stacking(p, st), 0);
    return p;
}

static inline size_t t_rule(clm_discount_policy *p, const char *id, clm_discount_action_kind k,
                            int64_t rate_or_amount, int32_t priority, const char *excl)
{
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = id;
    r.priority = priority;
    r.exclusion_group = excl;
    r.action.kind = k;
    if (k == CLM_DISCOUNT_PERCENT || k == CLM_DISCOUNT_SURCHARGE || k == CLM_DISCOUNT_EARLY_PAYMENT)
        r.action.rate = rate_or_amount;
    else
        r.action.amount = rate_or_amount;
    size_t i = 0;
    int rc = clm_discount_policy_add_rule(&i, p, &r);
    if (rc != 0)
        fail_msg("add rule %s: %s", id, clm_error_last()->message);
    return i;
}

static inline void t_set(clm_discount_policy *p, size_t rule, clm_discount_cond_kind k,
                         const char *value)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = k;
    c.values = &value;
    c.value_count = 1;
    int rc = clm_discount_policy_add_condition(p, rule, &c);
    if (rc != 0)
        fail_msg("add condition: %s", clm_error_last()->message);
}

static inline void t_range(clm_discount_policy *p, size_t rule, clm_discount_cond_kind k,
                           int64_t min, int64_t max)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = k;
    c.min = min;
    c.max = max;
    int rc = clm_discount_policy_add_condition(p, rule, &c);
    if (rc != 0)
        fail_msg("add condition: %s", clm_error_last()->message);
}

static inline clm_discount_engine *t_compile(const clm_discount_policy *p)
{
    clm_discount_engine *e = NULL;
    int rc = clm_discount_policy_compile(&e, p);
    if (rc != 0)
        fail_msg("compile: %s", clm_error_last()->message);
    return e;
}

static inline clm_discount_line t_line(const char *product, const char *group, int64_t qty,
                                       int64_t price)
{
    clm_discount_line l;
    memset(&l, 0, sizeof l);
    l.product = product;
    l.group = group;
    l.quantity = qty;
    l.unit_price.amount = price;
    memcpy(l.unit_price.currency, "RUB", 4);
    memcpy(l.unit_cost.currency, "RUB", 4);
    return l;
}

static inline clm_discount_document t_doc(const clm_discount_line *lines, size_t n)
{
    clm_discount_document d = CLM_DISCOUNT_DOCUMENT_INIT;
    d.currency = "RUB";
    assert_int_equal(clm_date_from_ymd(&d.date, 2025, 6, 15), 0);
    d.lines = lines;
    d.line_count = n;
    return d;
}

static inline clm_discount_result *t_eval(const clm_discount_engine *e,
                                          const clm_discount_document *d)
{
    clm_discount_result *r = NULL;
    int rc = clm_discount_engine_evaluate(&r, e, d, NULL);
    if (rc != 0)
        fail_msg("evaluate: %d %s", rc, clm_error_last()->message);
    return r;
}

/* Prices a one-policy document and returns the document's net total. */
static inline int64_t t_net(const clm_discount_policy *p, const clm_discount_document *d)
{
    clm_discount_engine *e = t_compile(p);
    clm_discount_result *r = t_eval(e, d);
    int64_t net = clm_discount_result_totals(r)->net;
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    return net;
}

/* The first trace entry of `line` named `name`, or NULL. */
static inline const clm_discount_trace_entry *t_find(const clm_discount_result *r, size_t line,
                                                     const char *name)
{
    size_t n = clm_discount_result_trace_count(r, line);
    for (size_t i = 0; i < n; i++) {
        const clm_discount_trace_entry *e = clm_discount_result_trace(r, line, i);
        if (strcmp(e->name, name) == 0)
            return e;
    }
    return NULL;
}

#endif
