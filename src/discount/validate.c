/*
 * validate.c — the discount policy validator (discount_validate.h).
 *
 * It reads the policy through discount.h's introspection calls only and
 * reasons on the conditions as sets of facts:
 *
 *  - each rule is summarised once: for every range kind (keyed by kind,
 *    and by group or period where the kind has one) the intersection of its
 *    ranges with the values the fact can take; for every single-valued set
 *    kind (client, legal type, region, risk class, product, channel) the
 *    intersection of its value sets; the category, coupon and group
 *    conditions as they are (a client has several categories, a document
 *    several coupons, a group condition also matches descendants);
 *  - "a and b can match one line" (overlap) and "every line b matches, a
 *    matches" (implies) are decided on those summaries.
 *
 * Pairs are only compared where a finding is possible: rules of one
 * priority (ambiguity), of one exclusion group (shadowing, tiers), all
 * discount rules under BEST_ONLY, all early-payment rules, and rules
 * against the few PERCENT rules that reach a cap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/discount_validate.h"
#include "core/core.h"
#include "validate_internal.h"

/* ======================================================================
 * Findings list
 * ====================================================================== */

typedef struct item {
    clm_discount_finding f;
    size_t rule, other; /* rule indexes for ordering; CLM_DISCOUNT_NONE if none */
    size_t seq;
    char *block;        /* the finding's strings, one allocation */
} item;

struct clm_discount_findings {
    item *items;
    size_t n, cap;
};

static const char *const kind_names[] = {
    NULL, "ambiguous", "empty-range", "expired", "shadowed", "overlapping-tiers",
    "capped-out", "unknown-category", "unknown-product", "unknown-group",
    "document-dominated", "price-shadowed", "price-gap",
};

static clm_discount_severity kind_severity(clm_discount_finding_kind k)
{
    switch (k) {
    case CLM_DISCOUNT_FINDING_EMPTY_RANGE:
    case CLM_DISCOUNT_FINDING_UNKNOWN_CATEGORY:
    case CLM_DISCOUNT_FINDING_UNKNOWN_PRODUCT:
    case CLM_DISCOUNT_FINDING_UNKNOWN_GROUP:
    case CLM_DISCOUNT_FINDING_PRICE_GAP:
        return CLM_DISCOUNT_SEVERITY_ERROR;
    default:
        return CLM_DISCOUNT_SEVERITY_WARNING;
    }
}

const char *clm_discount_finding_kind_name(clm_discount_finding_kind kind)
{
    if ((int)kind < 1 || (size_t)kind >= sizeof kind_names / sizeof kind_names[0])
        return NULL;
    return kind_names[kind];
}

const char *clm_discount_severity_name(clm_discount_severity sev)
{
    switch (sev) {
    case CLM_DISCOUNT_SEVERITY_WARNING: return "warning";
    case CLM_DISCOUNT_SEVERITY_ERROR: return "error";
    default: return NULL;
    }
}

void clm_discount_findings_free(clm_discount_findings *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++)
        clm_core__free(f->items[i].block);
    clm_core__free(f->items);
    clm_core__free(f);
}

size_t clm_discount_findings_count(const clm_discount_findings *f)
{
    return f != NULL ? f->n : 0;
}

size_t clm_discount_findings_count_severity(const clm_discount_findings *f, clm_discount_severity sev)
{
    size_t n = 0;
    if (f == NULL)
        return 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].f.severity >= sev)
            n++;
    return n;
}

const clm_discount_finding *clm_discount_findings_get(const clm_discount_findings *f, size_t i)
{
    if (f == NULL || i >= f->n)
        return NULL;
    return &f->items[i].f;
}

int clm_discount_validate_options_init(clm_discount_validate_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_discount_validate_options_init: opts is NULL");
    clm_discount_validate_options init = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    *opts = init;
    return 0;
}

/* ======================================================================
 * Rule summaries
 * ====================================================================== */

enum { CLS_DISCOUNT, CLS_EARLY, CLS_SURCHARGE };

#define N_SINGLE 6
static const clm_discount_cond_kind single_kinds[N_SINGLE] = {
    CLM_DISCOUNT_COND_CLIENT, CLM_DISCOUNT_COND_LEGAL_TYPE, CLM_DISCOUNT_COND_REGION,
    CLM_DISCOUNT_COND_RISK_CLASS, CLM_DISCOUNT_COND_PRODUCT, CLM_DISCOUNT_COND_CHANNEL,
};

typedef struct vset {
    int on;           /* the rule constrains this fact */
    const char **v;   /* sorted, unique; pointers into the policy */
    uint32_t *id;     /* the same values as numbers in the same order
                         (numbered in sorted order across the policy) */
    size_t n;
} vset;

typedef struct vrange {
    clm_discount_cond_kind kind;
    const char *group;  /* GROUP_QUANTITY / GROUP_AMOUNT */
    int32_t period;     /* TURNOVER */
    int64_t lo, hi;
} vrange;

typedef struct vrule {
    size_t index;
    const clm_discount_rule *r;
    /* copies of what the pair loops read, kept next to each other: the
     * loops visit n^2/2 pairs and chasing r would dominate them */
    clm_discount_action action;
    int32_t priority;
    long xg;           /* exclusion group number, -1 for none */
    int cls;
    int empty;
    const char *empty_subject;     /* static kind name */
    char empty_why[200];
    int has_line_cond;
    vset single[N_SINGLE];
    const clm_discount_condition **multi; /* CATEGORY, COUPON, GROUP */
    size_t n_multi;
    vrange *ranges;
    size_t n_ranges;
} vrule;

typedef struct group_entry {
    const char *name;
    const char *parent;
} group_entry;

typedef struct named_ix {
    const char *name;
    size_t idx;
} named_ix;

typedef struct validator {
    const clm_discount_policy *p;
    const clm_discount_validate_options *o;
    vrule *rules;
    size_t n;
    group_entry *groups;   /* sorted by name */
    size_t n_groups;
    clm_discount_findings *out;
    named_ix *tmp;         /* v->n entries of scratch */
    size_t seq;
    int rc;                /* first allocation failure */
} validator;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_group(const void *a, const void *b)
{
    return strcmp(((const group_entry *)a)->name, ((const group_entry *)b)->name);
}

static const char *group_parent(const validator *v, const char *g)
{
    group_entry key = { g, NULL };
    const group_entry *e = v->n_groups > 0 ? bsearch(&key, v->groups, v->n_groups, sizeof key, cmp_group) : NULL;
    return e != NULL && e->parent != NULL && e->parent[0] != '\0' ? e->parent : NULL;
}

/* True if `anc` is `g` or one of its ancestors. */
static int ancestor_or_self(const validator *v, const char *anc, const char *g)
{
    for (size_t depth = 0; g != NULL && depth <= v->n_groups; depth++) {
        if (strcmp(anc, g) == 0)
            return 1;
        g = group_parent(v, g);
    }
    return 0;
}

/* The values a fact can take. */
static void domain(clm_discount_cond_kind k, int64_t *lo, int64_t *hi)
{
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    switch (k) {
    case CLM_DISCOUNT_COND_LINE_QUANTITY:
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
        *lo = 1; /* a line's quantity is above 0 */
        break;
    case CLM_DISCOUNT_COND_LINE_AMOUNT:
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
    case CLM_DISCOUNT_COND_GROUP_QUANTITY:
    case CLM_DISCOUNT_COND_GROUP_AMOUNT:
        *lo = 0; /* prices are not negative; a group may have no line */
        break;
    case CLM_DISCOUNT_COND_DATE:
        *lo = CLM_DATE_MIN;
        *hi = CLM_DATE_MAX;
        break;
    case CLM_DISCOUNT_COND_PREPAYMENT:
        *lo = 0;
        *hi = CLM_RATE_ONE;
        break;
    case CLM_DISCOUNT_COND_DEFERRAL:
        *lo = 0;
        *hi = INT32_MAX;
        break;
    default: /* turnover (returns may make it negative), tenure */
        break;
    }
}

static int same_key(const vrange *r, const clm_discount_condition *c)
{
    if (r->kind != c->kind)
        return 0;
    if (c->kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || c->kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
        return r->group != NULL && c->group != NULL && strcmp(r->group, c->group) == 0;
    if (c->kind == CLM_DISCOUNT_COND_TURNOVER)
        return r->period == c->period_days;
    return 1;
}

static int same_range_key(const vrange *a, const vrange *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || a->kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
        return strcmp(a->group, b->group) == 0;
    if (a->kind == CLM_DISCOUNT_COND_TURNOVER)
        return a->period == b->period;
    return 1;
}

static const vrange *find_range(const vrule *r, const vrange *key)
{
    for (size_t i = 0; i < r->n_ranges; i++)
        if (same_range_key(&r->ranges[i], key))
            return &r->ranges[i];
    return NULL;
}

static const vrange *find_kind(const vrule *r, clm_discount_cond_kind k)
{
    for (size_t i = 0; i < r->n_ranges; i++)
        if (r->ranges[i].kind == k)
            return &r->ranges[i];
    return NULL;
}

static int single_slot(clm_discount_cond_kind k)
{
    for (int i = 0; i < N_SINGLE; i++)
        if (single_kinds[i] == k)
            return i;
    return -1;
}

static int in_values(const clm_discount_condition *c, const char *s)
{
    for (size_t i = 0; i < c->value_count; i++)
        if (strcmp(c->values[i], s) == 0)
            return 1;
    return 0;
}

static int sets_meet(const vset *a, const vset *b)
{
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->id[i] == b->id[j])
            return 1;
        if (a->id[i] < b->id[j])
            i++;
        else
            j++;
    }
    return 0;
}

static int subset(const vset *small, const vset *big)
{
    size_t j = 0;
    for (size_t i = 0; i < small->n; i++) {
        while (j < big->n && big->id[j] < small->id[i])
            j++;
        if (j == big->n || big->id[j] != small->id[i])
            return 0;
    }
    return 1;
}

/* Can one line be in a group that satisfies every GROUP condition in
 * conds[0..n)? The groups form a forest, so the witnesses of a line lie on
 * one chain: it suffices to try each named group as the line's group. */
static int groups_satisfiable(const validator *v, const clm_discount_condition *const *conds, size_t n)
{
    size_t ngc = 0;
    for (size_t i = 0; i < n; i++)
        if (conds[i]->kind == CLM_DISCOUNT_COND_GROUP)
            ngc++;
    if (ngc <= 1)
        return 1;
    for (size_t i = 0; i < n; i++) {
        if (conds[i]->kind != CLM_DISCOUNT_COND_GROUP)
            continue;
        for (size_t k = 0; k < conds[i]->value_count; k++) {
            const char *g = conds[i]->values[k];
            int all = 1;
            for (size_t j = 0; j < n && all; j++) {
                if (conds[j]->kind != CLM_DISCOUNT_COND_GROUP)
                    continue;
                int any = 0;
                for (size_t m = 0; m < conds[j]->value_count && !any; m++)
                    any = ancestor_or_self(v, conds[j]->values[m], g);
                all = any;
            }
            if (all)
                return 1;
        }
    }
    return 0;
}

static void mark_empty(vrule *r, clm_discount_cond_kind k, const char *fmt, ...) CLM__PRINTF(3, 4);
static void mark_empty(vrule *r, clm_discount_cond_kind k, const char *fmt, ...)
{
    if (r->empty)
        return;
    r->empty = 1;
    r->empty_subject = clm_discount_cond_name(k);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->empty_why, sizeof r->empty_why, clm_core__tr(fmt), ap);
    va_end(ap);
}

/* Fills in r from the policy; `vals` and the other arrays have room for
 * the rule's conditions and values. */
static void summarise(validator *v, vrule *r, size_t index, const char **vals,
                      const clm_discount_condition **multi, vrange *ranges)
{
    const clm_discount_policy *p = v->p;
    r->index = index;
    r->r = clm_discount_policy_rule(p, index);
    r->action = r->r->action;
    r->priority = r->r->priority;
    r->xg = -1;
    switch (r->r->action.kind) {
    case CLM_DISCOUNT_EARLY_PAYMENT: r->cls = CLS_EARLY; break;
    case CLM_DISCOUNT_SURCHARGE: r->cls = CLS_SURCHARGE; break;
    default: r->cls = CLS_DISCOUNT; break;
    }
    r->multi = multi;
    r->ranges = ranges;
    size_t nc = clm_discount_policy_condition_count(p, index);
    for (size_t i = 0; i < nc; i++) {
        const clm_discount_condition *c = clm_discount_policy_condition(p, index, i);
        if (c->kind == CLM_DISCOUNT_COND_PRODUCT || c->kind == CLM_DISCOUNT_COND_GROUP ||
            c->kind == CLM_DISCOUNT_COND_LINE_QUANTITY || c->kind == CLM_DISCOUNT_COND_LINE_AMOUNT)
            r->has_line_cond = 1;
        int slot = single_slot(c->kind);
        if (slot >= 0) {
            vset *s = &r->single[slot];
            if (!s->on) {
                s->on = 1;
                s->v = vals;
                for (size_t k = 0; k < c->value_count; k++)
                    vals[k] = c->values[k];
                if (c->value_count > 0)
                    vals += c->value_count;
                clm_core__qsort(s->v, c->value_count, sizeof *s->v, cmp_str);
                size_t u = 0;
                for (size_t k = 0; k < c->value_count; k++)
                    if (u == 0 || strcmp(s->v[u - 1], s->v[k]) != 0)
                        s->v[u++] = s->v[k];
                s->n = u;
            } else {
                size_t u = 0;
                for (size_t k = 0; k < s->n; k++)
                    if (in_values(c, s->v[k]))
                        s->v[u++] = s->v[k];
                s->n = u;
            }
            if (s->n == 0)
                mark_empty(r, c->kind, "its %s conditions have no value in common", clm_discount_cond_name(c->kind));
            continue;
        }
        if (clm_discount_cond_is_set(c->kind) == 1) {
            r->multi[r->n_multi++] = c;
            continue;
        }
        vrange *g = NULL;
        for (size_t k = 0; k < r->n_ranges; k++)
            if (same_key(&r->ranges[k], c))
                g = &r->ranges[k];
        if (g == NULL) {
            g = &r->ranges[r->n_ranges++];
            g->kind = c->kind;
            g->group = c->group;
            g->period = c->period_days;
            domain(c->kind, &g->lo, &g->hi);
        }
        if (c->min > g->lo)
            g->lo = c->min;
        if (c->max < g->hi)
            g->hi = c->max;
        if (g->lo > g->hi) {
            int64_t dlo, dhi;
            domain(c->kind, &dlo, &dhi);
            if (c->max < dlo || c->min > dhi)
                mark_empty(r, c->kind, "its %s range lies outside the values the fact can take",
                           clm_discount_cond_name(c->kind));
            else
                mark_empty(r, c->kind, "its %s ranges do not meet", clm_discount_cond_name(c->kind));
        }
    }
    if (!groups_satisfiable(v, r->multi, r->n_multi))
        mark_empty(r, CLM_DISCOUNT_COND_GROUP, "no product group lies in all of its group conditions");
    const vrange *lq = find_kind(r, CLM_DISCOUNT_COND_LINE_QUANTITY);
    const vrange *dq = find_kind(r, CLM_DISCOUNT_COND_DOC_QUANTITY);
    if (lq != NULL && dq != NULL && lq->lo > dq->hi)
        mark_empty(r, CLM_DISCOUNT_COND_LINE_QUANTITY,
                   "its line quantity must exceed the largest document quantity it allows");
    const vrange *la = find_kind(r, CLM_DISCOUNT_COND_LINE_AMOUNT);
    const vrange *da = find_kind(r, CLM_DISCOUNT_COND_DOC_AMOUNT);
    if (la != NULL && da != NULL && la->lo > da->hi)
        mark_empty(r, CLM_DISCOUNT_COND_LINE_AMOUNT,
                   "its line amount must exceed the largest document amount it allows");
    const clm_discount_action *a = &r->r->action;
    if (a->kind == CLM_DISCOUNT_FREE_GOODS && lq != NULL && a->buy > 0 && a->get > 0) {
        int64_t bundle;
        if (!clm_core__add_ovf(a->buy, a->get, &bundle) && !clm_core__mul_ovf(bundle, CLM_DISCOUNT_QTY_SCALE, &bundle) &&
            lq->hi < bundle)
            mark_empty(r, CLM_DISCOUNT_COND_LINE_QUANTITY,
                       "its lines never reach the %lld units (buy %lld + get %lld) that make a unit free",
                       (long long)(a->buy + a->get), (long long)a->buy, (long long)a->get);
    }
}

/* ======================================================================
 * Pair relations
 * ====================================================================== */

/* Can a and b both match one line? Conservative: yes unless proven not. */
static int overlap(const validator *v, const vrule *a, const vrule *b)
{
    if (a->empty || b->empty)
        return 0;
    for (int k = 0; k < N_SINGLE; k++)
        if (a->single[k].on && b->single[k].on && !sets_meet(&a->single[k], &b->single[k]))
            return 0;
    for (size_t i = 0; i < a->n_ranges; i++) {
        const vrange *ra = &a->ranges[i];
        const vrange *rb = find_range(b, ra);
        if (rb != NULL && (ra->lo > rb->hi || rb->lo > ra->hi))
            return 0;
    }
    /* a line never holds more than its document */
    static const clm_discount_cond_kind line_doc[2][2] = {
        { CLM_DISCOUNT_COND_LINE_QUANTITY, CLM_DISCOUNT_COND_DOC_QUANTITY },
        { CLM_DISCOUNT_COND_LINE_AMOUNT, CLM_DISCOUNT_COND_DOC_AMOUNT },
    };
    for (int k = 0; k < 2; k++) {
        const vrange *l1 = find_kind(a, line_doc[k][0]), *l2 = find_kind(b, line_doc[k][0]);
        const vrange *d1 = find_kind(a, line_doc[k][1]), *d2 = find_kind(b, line_doc[k][1]);
        int64_t lo = INT64_MIN, hi = INT64_MAX;
        if (l1 != NULL && l1->lo > lo)
            lo = l1->lo;
        if (l2 != NULL && l2->lo > lo)
            lo = l2->lo;
        if (d1 != NULL && d1->hi < hi)
            hi = d1->hi;
        if (d2 != NULL && d2->hi < hi)
            hi = d2->hi;
        if (lo > hi)
            return 0;
    }
    size_t ga = 0, gb = 0;
    for (size_t i = 0; i < a->n_multi; i++)
        ga += a->multi[i]->kind == CLM_DISCOUNT_COND_GROUP;
    for (size_t i = 0; i < b->n_multi; i++)
        gb += b->multi[i]->kind == CLM_DISCOUNT_COND_GROUP;
    if (ga > 0 && gb > 0) {
        /* a small fixed buffer covers real policies; beyond it, assume overlap */
        const clm_discount_condition *all[64];
        if (a->n_multi + b->n_multi <= 64) {
            size_t n = 0;
            for (size_t i = 0; i < a->n_multi; i++)
                all[n++] = a->multi[i];
            for (size_t i = 0; i < b->n_multi; i++)
                all[n++] = b->multi[i];
            if (!groups_satisfiable(v, all, n))
                return 0;
        }
    }
    return 1;
}

/* Does every line b matches also match a? Proven only. */
static int implies(const validator *v, const vrule *b, const vrule *a)
{
    for (int k = 0; k < N_SINGLE; k++) {
        if (!a->single[k].on)
            continue;
        if (!b->single[k].on || !subset(&b->single[k], &a->single[k]))
            return 0;
    }
    for (size_t i = 0; i < a->n_ranges; i++) {
        const vrange *ra = &a->ranges[i];
        const vrange *rb = find_range(b, ra);
        int64_t lo, hi;
        if (rb != NULL) {
            lo = rb->lo;
            hi = rb->hi;
        } else {
            domain(ra->kind, &lo, &hi);
        }
        if (lo < ra->lo || hi > ra->hi)
            return 0;
    }
    for (size_t i = 0; i < a->n_multi; i++) {
        const clm_discount_condition *ca = a->multi[i];
        int ok = 0;
        for (size_t j = 0; j < b->n_multi && !ok; j++) {
            const clm_discount_condition *cb = b->multi[j];
            if (cb->kind != ca->kind)
                continue;
            ok = 1;
            for (size_t m = 0; m < cb->value_count && ok; m++) {
                if (ca->kind == CLM_DISCOUNT_COND_GROUP) {
                    int any = 0;
                    for (size_t q = 0; q < ca->value_count && !any; q++)
                        any = ancestor_or_self(v, ca->values[q], cb->values[m]);
                    ok = any;
                } else {
                    ok = in_values(ca, cb->values[m]);
                }
            }
        }
        if (!ok)
            return 0;
    }
    return 1;
}

/* 2: a gives strictly more than b on every line where either gives
 * anything; 1: at least as much (ties possible); 0: not proven. */
static int dominates(const clm_discount_action *a, const clm_discount_action *b)
{
    if (a->kind == CLM_DISCOUNT_PERCENT && a->rate >= CLM_RATE_ONE)
        return b->kind == CLM_DISCOUNT_PERCENT && b->rate < CLM_RATE_ONE ? 2 : 1;
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case CLM_DISCOUNT_PERCENT:
    case CLM_DISCOUNT_EARLY_PAYMENT:
        return a->rate > b->rate ? 2 : a->rate == b->rate ? 1 : 0;
    case CLM_DISCOUNT_AMOUNT_OFF_UNIT:
    case CLM_DISCOUNT_AMOUNT_OFF_LINE:
        /* both may be cut to what is left of the line: never strict */
        return a->amount >= b->amount ? 1 : 0;
    case CLM_DISCOUNT_FIXED_PRICE:
        return a->amount < b->amount ? 2 : a->amount == b->amount ? 1 : 0;
    case CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT:
        /* of two competing amounts off a document the engine keeps one for
         * the whole document: the larger amount taken off (both cut to the
         * document's base), then the larger amount as written, then the
         * tie-break of wins_ties() (evaluate.c, doc_amount_wins) */
        return a->amount > b->amount ? 2 : a->amount == b->amount ? 1 : 0;
    case CLM_DISCOUNT_FREE_GOODS:
        return a->buy + a->get <= b->buy + b->get && a->get >= b->get ? 1 : 0;
    default:
        return 0;
    }
}

/* a wins a tie against b: higher priority, or equal and defined first. */
static int wins_ties(const vrule *a, const vrule *b)
{
    return a->priority > b->priority || (a->priority == b->priority && a->index < b->index);
}

static int shadows(const validator *v, const vrule *a, const vrule *b)
{
    if (a->empty || b->empty)
        return 0;
    int d = dominates(&a->action, &b->action);
    if (d == 0 || (d == 1 && !wins_ties(a, b)))
        return 0;
    return implies(v, b, a);
}

static const char *xgroup(const vrule *r)
{
    const char *g = r->r->exclusion_group;
    return g != NULL && g[0] != '\0' ? g : NULL;
}

static int share_group(const vrule *a, const vrule *b)
{
    return a->xg >= 0 && a->xg == b->xg;
}

static int cmp_named(const void *x, const void *y)
{
    return strcmp(((const named_ix *)x)->name, ((const named_ix *)y)->name);
}

/* Numbers the values of the single-valued sets in sorted order, so sets
 * compare as sorted integer arrays. `all` has room for every value. */
static void number_values(validator *v, const char **vals, uint32_t *ids, named_ix *all)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        for (int k = 0; k < N_SINGLE; k++) {
            vset *st = &v->rules[i].single[k];
            if (!st->on)
                continue;
            st->id = ids + (st->v - vals);
            for (size_t m = 0; m < st->n; m++) {
                all[n].name = st->v[m];
                all[n++].idx = (size_t)(st->v + m - vals);
            }
        }
    }
    clm_core__qsort(all, n, sizeof *all, cmp_named);
    uint32_t id = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && strcmp(all[k].name, all[k - 1].name) != 0)
            id++;
        ids[all[k].idx] = id;
    }
}

/* Numbers the exclusion groups so pairs compare integers. */
static void number_groups(validator *v)
{
    named_ix *tmp = v->tmp;
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const char *g = xgroup(&v->rules[i]);
        if (g != NULL) {
            tmp[n].name = g;
            tmp[n++].idx = i;
        }
    }
    clm_core__qsort(tmp, n, sizeof *tmp, cmp_named);
    long id = -1;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || strcmp(tmp[k].name, tmp[k - 1].name) != 0)
            id++;
        v->rules[tmp[k].idx].xg = id;
    }
}

/* ======================================================================
 * Recording findings
 * ====================================================================== */

static void add(validator *v, clm_discount_finding_kind kind, const vrule *rule, const vrule *other,
                const char *subject, const char *fmt, ...) CLM__PRINTF(6, 7);
int clm_discount__findings_add(clm_discount_findings *f, clm_discount_finding_kind kind,
                               const char *rule, const char *other, const char *subject,
                               size_t rule_key, size_t other_key, size_t seq, const char *msg)
{
    if (clm_core__grow((void **)&f->items, &f->cap, f->n + 1, sizeof *f->items,
                       "discount validator: findings") < 0)
        return CLM_ENOMEM; /* grow recorded it */
    size_t lr = rule != NULL ? strlen(rule) + 1 : 0, lo = other != NULL ? strlen(other) + 1 : 0;
    size_t ls = subject != NULL ? strlen(subject) + 1 : 0, lm = strlen(msg) + 1;
    char *block = clm_core__malloc(lr + lo + ls + lm);
    if (block == NULL)
        return clm_core__oom("discount validator: finding");
    item *it = &f->items[f->n++];
    memset(it, 0, sizeof *it);
    it->block = block;
    char *p = block;
    if (rule != NULL) {
        memcpy(p, rule, lr);
        it->f.rule = p;
        p += lr;
    }
    if (other != NULL) {
        memcpy(p, other, lo);
        it->f.other = p;
        p += lo;
    }
    if (subject != NULL) {
        memcpy(p, subject, ls);
        it->f.subject = p;
        p += ls;
    }
    memcpy(p, msg, lm);
    it->f.message = p;
    it->f.kind = kind;
    it->f.severity = kind_severity(kind);
    it->f.code = kind_names[kind];
    it->rule = rule_key;
    it->other = other_key;
    it->seq = seq;
    return 0;
}

clm_discount_findings *clm_discount__findings_new(void)
{
    return clm_core__calloc(1, sizeof(clm_discount_findings));
}

static void add(validator *v, clm_discount_finding_kind kind, const vrule *rule, const vrule *other,
                const char *subject, const char *fmt, ...)
{
    if (v->rc != 0)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, clm_core__tr(fmt), ap);
    va_end(ap);
    int rc = clm_discount__findings_add(v->out, kind, rule->r->id, other != NULL ? other->r->id : NULL,
                                        subject, rule->index,
                                        other != NULL ? other->index : CLM_DISCOUNT_NONE, v->seq++, msg);
    if (rc < 0)
        v->rc = rc;
}

static int cmp_item(const void *x, const void *y)
{
    const item *a = x, *b = y;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    if (a->f.kind != b->f.kind)
        return a->f.kind < b->f.kind ? -1 : 1;
    if (a->other != b->other)
        return a->other < b->other ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void clm_discount__findings_sort(clm_discount_findings *f)
{
    clm_core__qsort(f->items, f->n, sizeof *f->items, cmp_item);
}

/* ======================================================================
 * The checks
 * ====================================================================== */

static int listed(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static int group_known(const validator *v, const char *g)
{
    group_entry key = { g, NULL };
    if (v->n_groups > 0 && bsearch(&key, v->groups, v->n_groups, sizeof key, cmp_group) != NULL)
        return 1;
    return v->o->groups != NULL && listed(v->o->groups, v->o->n_groups, g);
}

static void check_names(validator *v, const vrule *r)
{
    const clm_discount_validate_options *o = v->o;
    int check_groups = v->n_groups > 0 || o->groups != NULL;
    size_t nc = clm_discount_policy_condition_count(v->p, r->index);
    for (size_t i = 0; i < nc; i++) {
        const clm_discount_condition *c = clm_discount_policy_condition(v->p, r->index, i);
        if (c->kind == CLM_DISCOUNT_COND_CATEGORY && o->categories != NULL) {
            for (size_t k = 0; k < c->value_count; k++)
                if (!listed(o->categories, o->n_categories, c->values[k]))
                    add(v, CLM_DISCOUNT_FINDING_UNKNOWN_CATEGORY, r, NULL, c->values[k],
                        "rule '%s' names client category '%s', which is not a known category", r->r->id,
                        c->values[k]);
        } else if (c->kind == CLM_DISCOUNT_COND_PRODUCT && o->products != NULL) {
            for (size_t k = 0; k < c->value_count; k++)
                if (!listed(o->products, o->n_products, c->values[k]))
                    add(v, CLM_DISCOUNT_FINDING_UNKNOWN_PRODUCT, r, NULL, c->values[k],
                        "rule '%s' names product '%s', which is not a known product", r->r->id, c->values[k]);
        } else if (c->kind == CLM_DISCOUNT_COND_GROUP && check_groups) {
            for (size_t k = 0; k < c->value_count; k++)
                if (!group_known(v, c->values[k]))
                    add(v, CLM_DISCOUNT_FINDING_UNKNOWN_GROUP, r, NULL, c->values[k],
                        "rule '%s' names product group '%s', which the policy does not declare", r->r->id,
                        c->values[k]);
        } else if ((c->kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || c->kind == CLM_DISCOUNT_COND_GROUP_AMOUNT) &&
                   check_groups && c->group != NULL && !group_known(v, c->group)) {
            add(v, CLM_DISCOUNT_FINDING_UNKNOWN_GROUP, r, NULL, c->group,
                "rule '%s' sums over product group '%s', which the policy does not declare", r->r->id, c->group);
        }
    }
}

static void check_rule(validator *v, const vrule *r)
{
    if (r->empty) {
        add(v, CLM_DISCOUNT_FINDING_EMPTY_RANGE, r, NULL, r->empty_subject, "rule '%s' can never match: %s",
            r->r->id, r->empty_why);
    } else if (v->o->has_today) {
        const vrange *d = find_kind(r, CLM_DISCOUNT_COND_DATE);
        if (d != NULL && d->hi < v->o->today) {
            char end[CLM_DATE_FORMAT_MAX], today[CLM_DATE_FORMAT_MAX];
            clm_date_format(end, sizeof end, (clm_date)d->hi);
            clm_date_format(today, sizeof today, v->o->today);
            add(v, CLM_DISCOUNT_FINDING_EXPIRED, r, NULL, "date",
                "rule '%s' expired: it is valid until %s, before %s", r->r->id, end, today);
        }
    }
    check_names(v, r);
}

/* The most generous value of one cap over the policy's and every role's
 * caps; CLM_DISCOUNT_NO_LIMIT if any of them has no limit. */
static clm_rate generous_cap(const clm_discount_policy *p, int which)
{
    clm_discount_caps c;
    clm_discount_policy_caps(&c, p);
    clm_rate best = which == 0 ? c.max_line : c.max_document;
    for (size_t i = 0; i < clm_discount_policy_role_caps_count(p) && best != CLM_DISCOUNT_NO_LIMIT; i++) {
        if (clm_discount_policy_role_caps_at(NULL, &c, p, i) != 0)
            continue;
        clm_rate r = which == 0 ? c.max_line : c.max_document;
        if (r == CLM_DISCOUNT_NO_LIMIT || r > best)
            best = r;
    }
    return best;
}

static void rate_text(char *buf, size_t size, clm_rate r)
{
    clm_core__rate_text(buf, size, r);
}

static void check_caps(validator *v)
{
    clm_rate line = generous_cap(v->p, 0), doc = generous_cap(v->p, 1);
    char ls[CLM_RATE_FORMAT_MAX], ds[CLM_RATE_FORMAT_MAX], rs[CLM_RATE_FORMAT_MAX];
    rate_text(ls, sizeof ls, line);
    rate_text(ds, sizeof ds, doc);
    clm_discount_stacking st = clm_discount_policy_stacking(v->p);
    int stacks = st == CLM_DISCOUNT_STACK_ADDITIVE || st == CLM_DISCOUNT_STACK_COMPOUNDING;
    /* the PERCENT rules that alone reach a cap; usually none */
    size_t ncap = 0;
    for (size_t j = 0; j < v->n && stacks; j++) {
        const vrule *a = &v->rules[j];
        if (a->empty || a->action.kind != CLM_DISCOUNT_PERCENT)
            continue;
        if ((line != CLM_DISCOUNT_NO_LIMIT && a->action.rate >= line) ||
            (doc != CLM_DISCOUNT_NO_LIMIT && a->action.rate >= doc && !a->has_line_cond))
            v->tmp[ncap++].idx = j;
    }
    for (size_t i = 0; i < v->n; i++) {
        const vrule *b = &v->rules[i];
        if (b->cls != CLS_DISCOUNT || b->empty)
            continue;
        if (line == 0 || doc == 0) {
            add(v, CLM_DISCOUNT_FINDING_CAPPED_OUT, b, NULL, line == 0 ? "max-line" : "max-document",
                "rule '%s' is pointless: the %s cap of 0%% gives every discount back", b->r->id,
                line == 0 ? "line" : "document");
            continue;
        }
        if (!stacks)
            continue;
        for (size_t k = 0; k < ncap; k++) {
            size_t j = v->tmp[k].idx;
            const vrule *a = &v->rules[j];
            if (j == i || share_group(a, b))
                continue;
            clm_rate rate = a->action.rate;
            int by_line = line != CLM_DISCOUNT_NO_LIMIT && rate >= line;
            int by_doc = doc != CLM_DISCOUNT_NO_LIMIT && rate >= doc && !a->has_line_cond;
            if (!by_line && !by_doc)
                continue;
            if (!implies(v, b, a))
                continue;
            rate_text(rs, sizeof rs, rate);
            add(v, CLM_DISCOUNT_FINDING_CAPPED_OUT, b, a, by_line ? "max-line" : "max-document",
                "rule '%s' is pointless: wherever it applies, rule '%s' alone gives %s, which reaches the %s "
                "cap of %s, so whatever '%s' adds is given back",
                b->r->id, a->r->id, rs, by_line ? "line" : "document", by_line ? ls : ds, b->r->id);
            break;
        }
    }
}

static const char *stage_word(const vrule *r)
{
    return r->cls == CLS_EARLY ? "early-payment terms" : "discount";
}

/* Checks the pair a, b of rules with a->index < b->index. */
static void check_pair(validator *v, const vrule *a, const vrule *b, int best_only)
{
    if (a->cls != b->cls || a->empty)
        return;
    int same_group = share_group(a, b);
    /* shadowing: within a group; under best-only between any two
     * discounts; between any two early-payment rules */
    if (same_group || b->cls == CLS_EARLY || best_only) {
        const vrule *winner = NULL, *loser = NULL;
        if (shadows(v, a, b)) {
            winner = a;
            loser = b;
        } else if (shadows(v, b, a)) {
            winner = b;
            loser = a;
        }
        if (winner != NULL) {
            /* the finding's reason, in the thread's language too (clm/lang.h) */
            const char *why = clm_core__tr(
                same_group ? CLM_N_("in their exclusion group only the best applies")
                : b->cls == CLS_EARLY ? CLM_N_("only the largest early-payment rate applies")
                                      : CLM_N_("with best-only stacking only the best applies"));
            if (loser->action.kind == CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT)
                add(v, CLM_DISCOUNT_FINDING_SHADOWED, loser, winner, NULL,
                    "rule '%s' never applies: rule '%s' matches every document it matches and takes at "
                    "least as much off it (%s, and the amount off the document is chosen once for the "
                    "whole document: the one taking the most)",
                    loser->r->id, winner->r->id, why);
            else
                add(v, CLM_DISCOUNT_FINDING_SHADOWED, loser, winner, NULL,
                    "rule '%s' never applies: rule '%s' matches every line it matches and always gives "
                    "at least as much (%s)",
                    loser->r->id, winner->r->id, why);
            return;
        }
    }
    if (same_group && b->cls == CLS_DISCOUNT) {
        const vrange *shared = NULL;
        for (size_t k = 0; k < a->n_ranges && shared == NULL; k++)
            if (find_range(b, &a->ranges[k]) != NULL)
                shared = &a->ranges[k];
        if (shared != NULL && overlap(v, a, b)) {
            const vrange *rb = find_range(b, shared);
            add(v, CLM_DISCOUNT_FINDING_OVERLAPPING_TIERS, b, a, clm_discount_cond_name(shared->kind),
                "rules '%s' and '%s' of exclusion group '%s' overlap on %s: both can match one line, so "
                "the tiers do not partition the scale",
                a->r->id, b->r->id, xgroup(b), clm_discount_cond_name(rb->kind));
            return;
        }
    }
    if (!same_group && a->priority == b->priority && overlap(v, a, b)) {
        add(v, CLM_DISCOUNT_FINDING_AMBIGUOUS, b, a, NULL,
            "rules '%s' and '%s' can match the same line with the same priority %ld and no exclusion "
            "group in common: which %s comes first depends on the order they are written in",
            a->r->id, b->r->id, (long)b->priority, stage_word(b));
    }
}

#define PRODUCT_SLOT 4 /* single_kinds[4] */

/*
 * Every finding about a pair needs the two rules to meet on a line, or one
 * to imply the other; two rules naming disjoint sets of products do
 * neither. So a rule with a product condition is compared only with the
 * rules naming one of its products and the rules naming none, found
 * through an index by product number; a rule without one with every
 * earlier rule. `stamp` (v->n entries) keeps a rule reached through two
 * products from being checked twice.
 */
static void check_pairs(validator *v, const size_t *offset, const size_t *by_product, const size_t *wild,
                        size_t n_wild, size_t *stamp)
{
    int best_only = clm_discount_policy_stacking(v->p) == CLM_DISCOUNT_STACK_BEST_ONLY;
    for (size_t j = 1; j < v->n && v->rc == 0; j++) {
        const vrule *b = &v->rules[j];
        if (b->cls == CLS_SURCHARGE || b->empty)
            continue;
        const vset *prod = &b->single[PRODUCT_SLOT];
        if (!prod->on) {
            for (size_t i = 0; i < j && v->rc == 0; i++)
                check_pair(v, &v->rules[i], b, best_only);
            continue;
        }
        for (size_t k = 0; k < n_wild && wild[k] < j && v->rc == 0; k++)
            check_pair(v, &v->rules[wild[k]], b, best_only);
        for (size_t m = 0; m < prod->n; m++) {
            uint32_t id = prod->id[m];
            for (size_t k = offset[id]; k < offset[id + 1] && by_product[k] < j && v->rc == 0; k++) {
                size_t i = by_product[k];
                if (stamp[i] == j + 1)
                    continue;
                stamp[i] = j + 1;
                check_pair(v, &v->rules[i], b, best_only);
            }
        }
    }
}

/* Builds the index check_pairs() uses; CLM_ENOMEM on failure (nothing
 * to free but what the caller frees). */
static int run_pairs(validator *v)
{
    uint32_t max_id = 0;
    size_t entries = 0, n_wild = 0;
    for (size_t i = 0; i < v->n; i++) {
        const vset *s = &v->rules[i].single[PRODUCT_SLOT];
        if (!s->on) {
            n_wild++;
            continue;
        }
        entries += s->n;
        for (size_t m = 0; m < s->n; m++)
            if (s->id[m] > max_id)
                max_id = s->id[m];
    }
    size_t slots = (size_t)max_id + 2;
    size_t *offset = clm_core__calloc(slots, sizeof *offset);
    size_t *cursor = clm_core__calloc(slots, sizeof *cursor);
    size_t *by_product = clm_core__calloc(entries > 0 ? entries : 1, sizeof *by_product);
    size_t *wild = clm_core__calloc(n_wild > 0 ? n_wild : 1, sizeof *wild);
    size_t *stamp = clm_core__calloc(v->n > 0 ? v->n : 1, sizeof *stamp);
    if (offset == NULL || cursor == NULL || by_product == NULL || wild == NULL || stamp == NULL) {
        clm_core__free(offset);
        clm_core__free(cursor);
        clm_core__free(by_product);
        clm_core__free(wild);
        clm_core__free(stamp);
        return clm_core__oom("discount validator: product index");
    }
    /* counting sort by product number; each list stays in policy order */
    size_t w = 0;
    for (size_t i = 0; i < v->n; i++) {
        const vset *s = &v->rules[i].single[PRODUCT_SLOT];
        if (!s->on)
            wild[w++] = i;
        else
            for (size_t m = 0; m < s->n; m++)
                offset[s->id[m] + 1]++;
    }
    for (size_t k = 1; k < slots; k++)
        offset[k] += offset[k - 1];
    for (size_t i = 0; i < v->n; i++) {
        const vset *s = &v->rules[i].single[PRODUCT_SLOT];
        for (size_t m = 0; s->on && m < s->n; m++) {
            uint32_t id = s->id[m];
            by_product[offset[id] + cursor[id]++] = i;
        }
    }
    check_pairs(v, offset, by_product, wild, n_wild, stamp);
    clm_core__free(offset);
    clm_core__free(cursor);
    clm_core__free(by_product);
    clm_core__free(wild);
    clm_core__free(stamp);
    return 0;
}

/* ======================================================================
 * Entry point
 * ====================================================================== */

static int check_list(const char *const *list, size_t n, const char *name)
{
    if (list == NULL && n != 0)
        return clm_core__fail_at(CLM_EINVAL, name, NULL, 0, "clm_discount_validate: %s is NULL with a count of %zu",
                            name, n);
    for (size_t i = 0; i < n; i++)
        if (list[i] == NULL)
            return clm_core__fail_at(CLM_EINVAL, name, NULL, 0, "clm_discount_validate: %s[%zu] is NULL", name, i);
    return 0;
}

int clm_discount_validate(clm_discount_findings **out, const clm_discount_policy *policy,
                          const clm_discount_validate_options *opts)
{
    if (out == NULL || policy == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_discount_validate: %s is NULL", out == NULL ? "out" : "policy");
    clm_discount_validate_options defaults = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    if (opts == NULL)
        opts = &defaults;
    if (clm_core__check_version(opts->version, CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION, "discount validate options") < 0)
        return CLM_EVERSION;
    int rc;
    if ((rc = check_list(opts->categories, opts->n_categories, "categories")) != 0 ||
        (rc = check_list(opts->products, opts->n_products, "products")) != 0 ||
        (rc = check_list(opts->groups, opts->n_groups, "groups")) != 0)
        return rc;
    if (opts->has_today && (opts->today < CLM_DATE_MIN || opts->today > CLM_DATE_MAX))
        return clm_core__fail_at(CLM_ERANGE, "today", NULL, 0, "clm_discount_validate: today (%ld) is not a valid date",
                            (long)opts->today);

    validator v;
    memset(&v, 0, sizeof v);
    v.p = policy;
    v.o = opts;
    v.n = clm_discount_policy_rule_count(policy);
    size_t total_conds = 0, total_vals = 0;
    for (size_t i = 0; i < v.n; i++) {
        size_t nc = clm_discount_policy_condition_count(policy, i);
        total_conds += nc;
        for (size_t k = 0; k < nc; k++)
            total_vals += clm_discount_policy_condition(policy, i, k)->value_count;
    }
    v.n_groups = clm_discount_policy_group_count(policy);
    const char **vals = NULL;
    uint32_t *ids = NULL;
    named_ix *all = NULL;
    const clm_discount_condition **multi = NULL;
    vrange *ranges = NULL;
    v.out = clm_core__calloc(1, sizeof *v.out);
    if (v.out == NULL ||
        (v.n > 0 && (v.rules = clm_core__calloc(v.n, sizeof *v.rules)) == NULL) ||
        (v.n > 0 && (v.tmp = clm_core__calloc(v.n, sizeof *v.tmp)) == NULL) ||
        (total_vals > 0 && (vals = clm_core__calloc(total_vals, sizeof *vals)) == NULL) ||
        (total_vals > 0 && (ids = clm_core__calloc(total_vals, sizeof *ids)) == NULL) ||
        (total_vals > 0 && (all = clm_core__calloc(total_vals, sizeof *all)) == NULL) ||
        (total_conds > 0 && (multi = clm_core__calloc(total_conds, sizeof *multi)) == NULL) ||
        (total_conds > 0 && (ranges = clm_core__calloc(total_conds, sizeof *ranges)) == NULL) ||
        (v.n_groups > 0 && (v.groups = clm_core__calloc(v.n_groups, sizeof *v.groups)) == NULL)) {
        rc = clm_core__oom("discount validator");
        goto done;
    }
    for (size_t i = 0; i < v.n_groups; i++)
        clm_discount_policy_group_at(&v.groups[i].name, &v.groups[i].parent, policy, i);
    if (v.n_groups > 1)
        clm_core__qsort(v.groups, v.n_groups, sizeof *v.groups, cmp_group);

    size_t vo = 0, co = 0;
    for (size_t i = 0; i < v.n; i++) {
        size_t nc = clm_discount_policy_condition_count(policy, i), nv = 0;
        for (size_t k = 0; k < nc; k++)
            nv += clm_discount_policy_condition(policy, i, k)->value_count;
        /* No offset on a NULL array: a policy without set conditions
         * allocates no `vals`, one without conditions no `multi`/`ranges`,
         * and NULL + 0 is undefined in C (clang's UBSan reports it). */
        summarise(&v, &v.rules[i], i, vals != NULL ? vals + vo : NULL,
                  multi != NULL ? multi + co : NULL, ranges != NULL ? ranges + co : NULL);
        vo += nv;
        co += nc;
    }
    number_groups(&v);
    number_values(&v, vals, ids, all);
    for (size_t i = 0; i < v.n; i++)
        check_rule(&v, &v.rules[i]);
    if (v.rc == 0) {
        /* run_pairs returns its own allocation failures; one in add() is
         * in v.rc already and must not be overwritten by its 0 */
        int pr = run_pairs(&v);
        if (pr != 0)
            v.rc = pr;
    }
    check_caps(&v);
    rc = v.rc;
    if (rc == 0 && v.out->n > 1)
        clm_core__qsort(v.out->items, v.out->n, sizeof *v.out->items, cmp_item);

done:
    clm_core__free(vals);
    clm_core__free(ids);
    clm_core__free(all);
    clm_core__free(multi);
    clm_core__free(ranges);
    clm_core__free(v.groups);
    clm_core__free(v.tmp);
    clm_core__free(v.rules);
    if (rc != 0) {
        clm_discount_findings_free(v.out);
        return rc;
    }
    *out = v.out;
    return 0;
}
