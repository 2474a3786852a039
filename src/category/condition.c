/*
 * condition.c — building category conditions (a tree the caller owns until
 * a policy compiles it).
 */
#include <string.h>

#include "category_internal.h"
#include "clm/client.h"
#include "clm/idcheck.h"

static const char *fact_label(int fact)
{
    const char *n = clm_fact_name((clm_fact)fact);
    return n != NULL ? n : "?";
}

static int check_fact(int fact)
{
    if (clm_category__fact_kind_of(fact) == 0)
        return clm_core__fail_at(CLM_EINVAL, "fact", "", 0, "condition: unknown fact %d", fact);
    return CLM_OK;
}

/* A class value must name a class: 1..3 for ABC and XYZ. */
static int check_class_value(int fact, int64_t v)
{
    if (clm_category__fact_kind_of(fact) == CLM__KIND_CLASS && (v < 1 || v > 3))
        return clm_core__fail_at(CLM_EINVAL, "value", "", 0,
                            "condition: %lld is not a class of fact '%s'", (long long)v,
                            fact_label(fact));
    return CLM_OK;
}

/* An RFM score part is 1..5 and a cell is three such digits (segment.h);
 * an equality or set on any other value could never hold. */
static bool rfm_valid(int fact, int64_t v)
{
    if (fact == CLM_FACT_RFM_R || fact == CLM_FACT_RFM_F || fact == CLM_FACT_RFM_M)
        return v >= 1 && v <= 5;
    if (fact == CLM_FACT_RFM_CELL)
        return v >= 111 && v <= 555 && v / 100 % 10 >= 1 && v / 100 % 10 <= 5 &&
               v / 10 % 10 >= 1 && v / 10 % 10 <= 5 && v % 10 >= 1 && v % 10 <= 5;
    return true;
}

int clm_category__check_value(int fact, int64_t v)
{
    int rc = check_class_value(fact, v);
    if (rc < 0)
        return rc;
    if (!rfm_valid(fact, v))
        return clm_core__fail_at(CLM_EINVAL, "value", "", 0,
                            "condition: %lld is not a value of '%s' (%s)", (long long)v,
                            fact_label(fact),
                            fact == CLM_FACT_RFM_CELL ? "three digits 1..5, 111..555" : "1..5");
    return CLM_OK;
}

/* The vocabulary of an enumerated text fact is its owning module's table:
 * legal types as clm_legal_type_name() spells them, lifecycle states as
 * clm_client_state_name() does. Risk classes and regions are the user's own
 * names (any text). */
int clm_category__check_text_value(int fact, const char *v)
{
    int ok = 1;
    const char *vocab = NULL;
    if (fact == CLM_FACT_LEGAL_TYPE) {
        clm_legal_type t;
        ok = clm_legal_type_from_name(&t, v) == 0;
        vocab = "legal type (legal_entity, sole_trader, individual)";
    } else if (fact == CLM_FACT_STATE) {
        clm_client_state st;
        ok = clm_client_state_from_name(&st, v) == 0;
        vocab = "lifecycle state (potential, interested, new, active, regular, key, "
                "inactive, lost)";
    }
    if (!ok)
        return clm_core__fail_at(CLM_EINVAL, "value", "", 0,
                            "condition: '%.80s' is not a %s", v, vocab);
    return CLM_OK;
}

/* A text value is compared with a client's fact (a risk class, a region,
 * a channel...): single-line text (clm/common.h, "Text"; "" matches an
 * empty fact), so that a saved policy loads back and a value can match. */
static int check_text(const char *v, int fact)
{
    (void)fact;
    return clm_core__check_text(v, CLM_CORE__TEXT_LINE, "value");
}

static clm_condition *node_new(uint8_t kind, int fact)
{
    clm_condition *c = clm_core__calloc(1, sizeof *c);
    if (c != NULL) {
        c->kind = kind;
        c->fact = (uint8_t)fact;
    }
    return c;
}

void clm_condition_free(clm_condition *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->nkids; i++)
        clm_condition_free(c->kids[i]);
    clm_core__free(c->kids);
    if (c->texts != NULL)
        for (size_t i = 0; i < c->nvals; i++)
            clm_core__free(c->texts[i]);
    clm_core__free(c->texts);
    clm_core__free(c->ints);
    clm_core__free(c);
}

int clm_condition_compare(clm_condition **out, clm_fact fact, clm_cmp_op op, int64_t value)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "condition: out is NULL");
    int rc = check_fact((int)fact);
    if (rc < 0)
        return rc;
    if (op < CLM_CMP_EQ || op > CLM_CMP_GE)
        return clm_core__fail_at(CLM_EINVAL, "op", "", 0, "condition: unknown operator %d",
                            (int)op);
    clm_category__fact_kind k = clm_category__fact_kind_of((int)fact);
    if (k == CLM__KIND_TEXT)
        return clm_core__fail_at(CLM_EINVAL, "fact", "", 0,
                            "condition: '%s' is text; compare it with"
                            " clm_condition_compare_text()", fact_label((int)fact));
    if (k == CLM__KIND_CLASS && op != CLM_CMP_EQ && op != CLM_CMP_NE)
        return clm_core__fail_at(CLM_EINVAL, "op", "", 0,
                            "condition: '%s' is a class; only = and != apply",
                            fact_label((int)fact));
    rc = op == CLM_CMP_EQ || op == CLM_CMP_NE ? clm_category__check_value((int)fact, value)
                                              : check_class_value((int)fact, value);
    if (rc < 0)
        return rc;
    clm_condition *c = node_new(CLM__COND_CMP, (int)fact);
    if (c == NULL)
        return clm_core__oom("condition");
    c->op = (uint8_t)op;
    c->a = value;
    *out = c;
    return CLM_OK;
}

int clm_condition_compare_text(clm_condition **out, clm_fact fact, clm_cmp_op op,
                               const char *value)
{
    if (out == NULL || value == NULL)
        return clm_core__fail(CLM_EINVAL, "condition: %s is NULL", out == NULL ? "out" : "value");
    int rc = check_fact((int)fact);
    if (rc < 0)
        return rc;
    if (clm_category__fact_kind_of((int)fact) != CLM__KIND_TEXT)
        return clm_core__fail_at(CLM_EINVAL, "fact", "", 0, "condition: '%s' is not a text fact",
                            fact_label((int)fact));
    if (op != CLM_CMP_EQ && op != CLM_CMP_NE)
        return clm_core__fail_at(CLM_EINVAL, "op", "", 0,
                            "condition: text fact '%s' takes only = and !=",
                            fact_label((int)fact));
    if ((rc = check_text(value, (int)fact)) < 0 ||
        (rc = clm_category__check_text_value((int)fact, value)) < 0)
        return rc;
    clm_condition *c = node_new(CLM__COND_CMP_TEXT, (int)fact);
    char **texts = clm_core__calloc(1, sizeof *texts);
    char *copy = clm_core__strdup(value);
    if (c == NULL || texts == NULL || copy == NULL) {
        clm_core__free(c);
        clm_core__free(texts);
        clm_core__free(copy);
        return clm_core__oom("condition");
    }
    texts[0] = copy;
    c->texts = texts;
    c->nvals = 1;
    c->op = (uint8_t)op;
    *out = c;
    return CLM_OK;
}

static int check_ordered(int fact, const char *what)
{
    int rc = check_fact(fact);
    if (rc < 0)
        return rc;
    clm_category__fact_kind k = clm_category__fact_kind_of(fact);
    if (k == CLM__KIND_TEXT || k == CLM__KIND_CLASS)
        return clm_core__fail_at(CLM_EINVAL, "fact", "", 0,
                            "condition: %s does not apply to %s fact '%s'", what,
                            k == CLM__KIND_TEXT ? "text" : "class", fact_label(fact));
    return CLM_OK;
}

int clm_condition_range(clm_condition **out, clm_fact fact, int64_t min, int64_t max)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "condition: out is NULL");
    int rc = check_ordered((int)fact, "a range");
    if (rc < 0)
        return rc;
    if (min > max)
        return clm_core__fail_at(CLM_EINVAL, "min", "", 0,
                            "condition: range of '%s' has min %lld > max %lld",
                            fact_label((int)fact), (long long)min, (long long)max);
    clm_condition *c = node_new(CLM__COND_RANGE, (int)fact);
    if (c == NULL)
        return clm_core__oom("condition");
    c->a = min;
    c->b = max;
    *out = c;
    return CLM_OK;
}

int clm_condition_in(clm_condition **out, clm_fact fact, const int64_t *values, size_t n)
{
    if (out == NULL || (values == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "condition: %s is NULL", out == NULL ? "out" : "values");
    int rc = check_fact((int)fact);
    if (rc < 0)
        return rc;
    if (clm_category__fact_kind_of((int)fact) == CLM__KIND_TEXT)
        return clm_core__fail_at(CLM_EINVAL, "fact", "", 0,
                            "condition: '%s' is text; use clm_condition_in_text()",
                            fact_label((int)fact));
    if (n == 0)
        return clm_core__fail_at(CLM_EINVAL, "values", "", 0,
                            "condition: a set of '%s' needs at least one value",
                            fact_label((int)fact));
    if (n > UINT32_MAX)
        return clm_core__fail(CLM_ELIMIT, "condition: too many values");
    for (size_t i = 0; i < n; i++) {
        rc = clm_category__check_value((int)fact, values[i]);
        if (rc < 0)
            return rc;
    }
    clm_condition *c = node_new(CLM__COND_IN, (int)fact);
    int64_t *ints = clm_core__calloc(n, sizeof *ints);
    if (c == NULL || ints == NULL) {
        clm_core__free(c);
        clm_core__free(ints);
        return clm_core__oom("condition");
    }
    memcpy(ints, values, n * sizeof *ints);
    c->ints = ints;
    c->nvals = n;
    *out = c;
    return CLM_OK;
}

int clm_condition_in_text(clm_condition **out, clm_fact fact, const char *const *values,
                          size_t n)
{
    if (out == NULL || (values == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "condition: %s is NULL", out == NULL ? "out" : "values");
    int rc = check_fact((int)fact);
    if (rc < 0)
        return rc;
    if (clm_category__fact_kind_of((int)fact) != CLM__KIND_TEXT)
        return clm_core__fail_at(CLM_EINVAL, "fact", "", 0, "condition: '%s' is not a text fact",
                            fact_label((int)fact));
    if (n == 0)
        return clm_core__fail_at(CLM_EINVAL, "values", "", 0,
                            "condition: a set of '%s' needs at least one value",
                            fact_label((int)fact));
    if (n > UINT32_MAX)
        return clm_core__fail(CLM_ELIMIT, "condition: too many values");
    for (size_t i = 0; i < n; i++) {
        if (values[i] == NULL)
            return clm_core__fail_at(CLM_EINVAL, "values", "", 0,
                                "condition: value %zu of the set of '%s' is NULL", i,
                                fact_label((int)fact));
        if ((rc = check_text(values[i], (int)fact)) < 0 ||
            (rc = clm_category__check_text_value((int)fact, values[i])) < 0)
            return rc;
    }
    clm_condition *c = node_new(CLM__COND_IN_TEXT, (int)fact);
    char **texts = clm_core__calloc(n, sizeof *texts);
    if (c == NULL || texts == NULL) {
        clm_core__free(c);
        clm_core__free(texts);
        return clm_core__oom("condition");
    }
    c->texts = texts;
    c->nvals = n;
    for (size_t i = 0; i < n; i++) {
        texts[i] = clm_core__strdup(values[i]);
        if (texts[i] == NULL) {
            clm_condition_free(c);
            return clm_core__oom("condition");
        }
    }
    *out = c;
    return CLM_OK;
}

int clm_condition_known(clm_condition **out, clm_fact fact)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "condition: out is NULL");
    int rc = check_fact((int)fact);
    if (rc < 0)
        return rc;
    clm_condition *c = node_new(CLM__COND_KNOWN, (int)fact);
    if (c == NULL)
        return clm_core__oom("condition");
    *out = c;
    return CLM_OK;
}

static int group(clm_condition **out, uint8_t kind, clm_condition *const *children, size_t n)
{
    const char *what = kind == CLM__COND_ALL ? "all" : kind == CLM__COND_ANY ? "any" : "not";
    if (out == NULL || (children == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "condition %s: %s is NULL", what,
                         out == NULL ? "out" : "children");
    for (size_t i = 0; i < n; i++)
        if (children[i] == NULL)
            return clm_core__fail(CLM_EINVAL, "condition %s: child %zu is NULL", what, i);
    clm_condition *c = node_new(kind, 0);
    clm_condition **kids = n > 0 ? clm_core__calloc(n, sizeof *kids) : NULL;
    if (c == NULL || (n > 0 && kids == NULL)) {
        clm_core__free(c);
        clm_core__free(kids);
        return clm_core__oom("condition");
    }
    if (n > 0)
        memcpy(kids, children, n * sizeof *kids);
    c->kids = kids;
    c->nkids = n;
    *out = c;
    return CLM_OK;
}

int clm_condition_all(clm_condition **out, clm_condition *const *children, size_t n)
{
    return group(out, CLM__COND_ALL, children, n);
}

int clm_condition_any(clm_condition **out, clm_condition *const *children, size_t n)
{
    return group(out, CLM__COND_ANY, children, n);
}

int clm_condition_not(clm_condition **out, clm_condition *child)
{
    if (child == NULL)
        return clm_core__fail(CLM_EINVAL, "condition not: child is NULL");
    return group(out, CLM__COND_NOT, &child, 1);
}
