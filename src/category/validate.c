/*
 * validate.c — the category policy validator (category_validate.h): rules
 * that can never fire, rules shadowed by an earlier rule of their category,
 * categories nobody can be put in.
 *
 * The analysis works on the compiled nodes (category_internal.h). A rule's
 * condition is read as a conjunction of items: the leaves under its
 * top-level "all" nodes (flattened) and any other node (any, not) as an
 * opaque item. For each fact the leaves on it are decided exactly where
 * the fact's domain is small (ABC/XYZ classes 1..3, RFM parts 1..5, the
 * 125 RFM cells: every value is tried), by intervals for money, numbers and
 * dates, and by the values named for text facts. Anything the analysis
 * cannot decide counts as satisfiable (never-fires) or as not implied
 * (shadowed), so every finding is proven.
 */
#include <stdio.h>
#include <string.h>

#include "category_internal.h"
#include "clm/category_validate.h"

struct clm_category_findings {
    clm_category_finding *items;
    size_t n, cap;
    size_t errors;
};

void clm_category_findings_free(clm_category_findings *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++)
        clm_core__free((char *)f->items[i].message);
    clm_core__free(f->items);
    clm_core__free(f);
}

size_t clm_category_findings_count(const clm_category_findings *f)
{
    return f != NULL ? f->n : 0;
}

size_t clm_category_findings_errors(const clm_category_findings *f)
{
    return f != NULL ? f->errors : 0;
}

const clm_category_finding *clm_category_findings_at(const clm_category_findings *f, size_t i)
{
    return f != NULL && i < f->n ? &f->items[i] : NULL;
}

/* ---- one fact's leaves ---------------------------------------------------- */

#define MAX_ITEMS 256

typedef struct items {
    uint32_t at[MAX_ITEMS];
    size_t n;
    bool overflow; /* more items than we look at: decide nothing */
} items;

static bool is_leaf(uint8_t kind)
{
    return kind == CLM__COND_CMP || kind == CLM__COND_CMP_TEXT || kind == CLM__COND_RANGE || kind == CLM__COND_IN ||
           kind == CLM__COND_IN_TEXT || kind == CLM__COND_KNOWN;
}

/* The items of the conjunction rooted at node i (nested "all" flattened). */
static void collect(const clm_category_policy *p, uint32_t i, items *out)
{
    const clm_category__cnode *n = &p->nodes[i];
    if (n->kind == CLM__COND_ALL) {
        for (uint32_t j = i + 1; j < i + n->size; j += p->nodes[j].size)
            collect(p, j, out);
        return;
    }
    if (out->n == MAX_ITEMS) {
        out->overflow = true;
        return;
    }
    out->at[out->n++] = i;
}

static bool leaf_num(const clm_category_policy *p, const clm_category__cnode *n, int64_t x)
{
    switch (n->kind) {
    case CLM__COND_CMP:
        switch (n->op) {
        case CLM_CMP_EQ: return x == n->a;
        case CLM_CMP_NE: return x != n->a;
        case CLM_CMP_LT: return x < n->a;
        case CLM_CMP_LE: return x <= n->a;
        case CLM_CMP_GT: return x > n->a;
        case CLM_CMP_GE: return x >= n->a;
        }
        return false;
    case CLM__COND_RANGE:
        return n->a <= x && x <= n->b;
    case CLM__COND_IN:
        for (uint32_t k = 0; k < n->count; k++)
            if (p->ints[n->first + k] == x)
                return true;
        return false;
    case CLM__COND_KNOWN:
        return true;
    }
    return false;
}

static bool leaf_text(const clm_category_policy *p, const clm_category__cnode *n, const char *x)
{
    switch (n->kind) {
    case CLM__COND_CMP_TEXT: {
        bool eq = strcmp(p->texts[n->first], x) == 0;
        return n->op == CLM_CMP_EQ ? eq : !eq;
    }
    case CLM__COND_IN_TEXT:
        for (uint32_t k = 0; k < n->count; k++)
            if (strcmp(p->texts[n->first + k], x) == 0)
                return true;
        return false;
    case CLM__COND_KNOWN:
        return true;
    }
    return false;
}

/* The values a fact with a small domain can take (the RFM cells have
 * digits 1..5: the scoring of segment.h produces no other); 0 for a fact
 * whose domain is not enumerated. */
static size_t domain(int fact, int64_t *v)
{
    size_t n = 0;
    switch (fact) {
    case CLM_FACT_ABC:
    case CLM_FACT_XYZ:
        for (int k = 1; k <= 3; k++)
            v[n++] = k;
        return n;
    case CLM_FACT_RFM_R:
    case CLM_FACT_RFM_F:
    case CLM_FACT_RFM_M:
        for (int k = 1; k <= 5; k++)
            v[n++] = k;
        return n;
    case CLM_FACT_RFM_CELL:
        for (int r = 1; r <= 5; r++)
            for (int f = 1; f <= 5; f++)
                for (int m = 1; m <= 5; m++)
                    v[n++] = 100 * r + 10 * f + m;
        return n;
    }
    return 0;
}

/* The leaves of `it` on `fact`. */
static size_t of_fact(const clm_category_policy *p, const items *it, int fact, const clm_category__cnode **out)
{
    size_t n = 0;
    for (size_t k = 0; k < it->n; k++) {
        const clm_category__cnode *c = &p->nodes[it->at[k]];
        if (is_leaf(c->kind) && c->fact == fact)
            out[n++] = c;
    }
    return n;
}

static bool all_num(const clm_category_policy *p, const clm_category__cnode *const *ls, size_t n, int64_t x)
{
    for (size_t k = 0; k < n; k++)
        if (!leaf_num(p, ls[k], x))
            return false;
    return true;
}

static bool all_text(const clm_category_policy *p, const clm_category__cnode *const *ls, size_t n, const char *x)
{
    for (size_t k = 0; k < n; k++)
        if (!leaf_text(p, ls[k], x))
            return false;
    return true;
}

/* The candidate values named by the first = or "in" leaf, for a finite
 * check; NULL if there is none. */
static const clm_category__cnode *candidates(const clm_category__cnode *const *ls, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const clm_category__cnode *c = ls[k];
        if (c->kind == CLM__COND_IN || c->kind == CLM__COND_IN_TEXT ||
            ((c->kind == CLM__COND_CMP || c->kind == CLM__COND_CMP_TEXT) && c->op == CLM_CMP_EQ))
            return c;
    }
    return NULL;
}

/* The values of candidate node c: numbers into v (returns the count). */
static size_t cand_nums(const clm_category_policy *p, const clm_category__cnode *c, const int64_t **v, int64_t *one)
{
    if (c->kind == CLM__COND_IN) {
        *v = p->ints + c->first;
        return c->count;
    }
    *one = c->a;
    *v = one;
    return 1;
}

/* [lo, hi] from the order comparisons and ranges; false if empty. */
static bool interval(const clm_category__cnode *const *ls, size_t n, int64_t *lo, int64_t *hi)
{
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    for (size_t k = 0; k < n; k++) {
        const clm_category__cnode *c = ls[k];
        if (c->kind == CLM__COND_RANGE) {
            *lo = c->a > *lo ? c->a : *lo;
            *hi = c->b < *hi ? c->b : *hi;
        } else if (c->kind == CLM__COND_CMP) {
            switch (c->op) {
            case CLM_CMP_EQ:
                *lo = c->a > *lo ? c->a : *lo;
                *hi = c->a < *hi ? c->a : *hi;
                break;
            case CLM_CMP_LT:
                if (c->a == INT64_MIN)
                    return false;
                *hi = c->a - 1 < *hi ? c->a - 1 : *hi;
                break;
            case CLM_CMP_LE:
                *hi = c->a < *hi ? c->a : *hi;
                break;
            case CLM_CMP_GT:
                if (c->a == INT64_MAX)
                    return false;
                *lo = c->a + 1 > *lo ? c->a + 1 : *lo;
                break;
            case CLM_CMP_GE:
                *lo = c->a > *lo ? c->a : *lo;
                break;
            }
        }
    }
    return *lo <= *hi;
}

/* Can the leaves ls[0..n) on `fact` all hold at once? */
static bool fact_sat(const clm_category_policy *p, int fact, const clm_category__cnode *const *ls, size_t n)
{
    if (n == 0)
        return true;
    int64_t dom[125];
    size_t nd = domain(fact, dom);
    if (nd > 0) {
        for (size_t k = 0; k < nd; k++)
            if (all_num(p, ls, n, dom[k]))
                return true;
        return false;
    }
    const clm_category__cnode *c = candidates(ls, n);
    if (clm_category__fact_kind_of(fact) == CLM__KIND_TEXT) {
        if (c == NULL)
            return true; /* free text: some value passes any != leaves */
        for (uint32_t k = 0; k < c->count || (c->kind == CLM__COND_CMP_TEXT && k == 0); k++)
            if (all_text(p, ls, n, p->texts[c->first + k]))
                return true;
        return false;
    }
    if (c != NULL) {
        const int64_t *v;
        int64_t one;
        size_t nv = cand_nums(p, c, &v, &one);
        for (size_t k = 0; k < nv; k++)
            if (all_num(p, ls, n, v[k]))
                return true;
        return false;
    }
    int64_t lo, hi;
    if (!interval(ls, n, &lo, &hi))
        return false;
    /* only != leaves can still exclude: try a few values of the interval */
    for (int64_t x = lo, k = 0; k < 64; k++, x++) {
        if (all_num(p, ls, n, x))
            return true;
        if (x == hi)
            return false;
    }
    return true;
}

/* ---- never fires ---------------------------------------------------------- */

typedef struct why {
    int fact;            /* the fact whose leaves contradict, or 0 */
    const char *shape;   /* else a structural reason */
} why;

static bool sat(const clm_category_policy *p, uint32_t i, why *w);

static bool conj_sat(const clm_category_policy *p, const items *it, why *w)
{
    if (it->overflow)
        return true;
    for (size_t k = 0; k < it->n; k++)
        if (!is_leaf(p->nodes[it->at[k]].kind) && !sat(p, it->at[k], w))
            return false;
    const clm_category__cnode *ls[MAX_ITEMS];
    for (int fact = 1; fact <= CLM__FACT_LAST; fact++) {
        size_t n = of_fact(p, it, fact, ls);
        if (!fact_sat(p, fact, ls, n)) {
            w->fact = fact;
            return false;
        }
    }
    return true;
}

static bool sat(const clm_category_policy *p, uint32_t i, why *w)
{
    const clm_category__cnode *n = &p->nodes[i];
    switch (n->kind) {
    case CLM__COND_ANY:
        if (n->size == 1) {
            w->shape = CLM_N_("an empty 'any' is never true");
            return false;
        }
        for (uint32_t j = i + 1; j < i + n->size; j += p->nodes[j].size) {
            why ignore = {0, NULL};
            if (sat(p, j, &ignore))
                return true;
        }
        w->shape = CLM_N_("no branch of its 'any' can hold");
        return false;
    case CLM__COND_NOT:
        if (p->nodes[i + 1].kind == CLM__COND_ALL && p->nodes[i + 1].size == 1) {
            w->shape = CLM_N_("'not' of an empty 'all' is never true");
            return false;
        }
        return true;
    default: {
        items it = {.n = 0};
        collect(p, i, &it);
        return conj_sat(p, &it, w);
    }
    }
}

/* ---- shadowing ------------------------------------------------------------- */

static bool same_tree(const clm_category_policy *p, uint32_t a, uint32_t b)
{
    uint32_t size = p->nodes[a].size;
    if (p->nodes[b].size != size)
        return false;
    for (uint32_t k = 0; k < size; k++) {
        const clm_category__cnode *x = &p->nodes[a + k], *y = &p->nodes[b + k];
        if (x->kind != y->kind || x->fact != y->fact || x->op != y->op || x->count != y->count || x->a != y->a ||
            x->b != y->b)
            return false;
        for (uint32_t v = 0; v < x->count; v++) {
            if (x->kind == CLM__COND_IN && p->ints[x->first + v] != p->ints[y->first + v])
                return false;
            if ((x->kind == CLM__COND_IN_TEXT || x->kind == CLM__COND_CMP_TEXT) &&
                strcmp(p->texts[x->first + v], p->texts[y->first + v]) != 0)
                return false;
        }
        if (x->kind == CLM__COND_CMP_TEXT && x->count == 0 && strcmp(p->texts[x->first], p->texts[y->first]) != 0)
            return false;
    }
    return true;
}

/* Does every value satisfying the leaves js[0..nj) on `fact` satisfy leaf l? */
static bool implies_leaf(const clm_category_policy *p, int fact, const clm_category__cnode *const *js, size_t nj,
                         const clm_category__cnode *l)
{
    if (nj == 0)
        return false; /* j says nothing of the fact: it may be unknown */
    if (l->kind == CLM__COND_KNOWN)
        return true;  /* any condition on a fact needs it known */
    int64_t dom[125];
    size_t nd = domain(fact, dom);
    if (nd > 0) {
        for (size_t k = 0; k < nd; k++)
            if (all_num(p, js, nj, dom[k]) && !leaf_num(p, l, dom[k]))
                return false;
        return true;
    }
    const clm_category__cnode *c = candidates(js, nj);
    if (clm_category__fact_kind_of(fact) == CLM__KIND_TEXT) {
        if (c == NULL)
            return false;
        for (uint32_t k = 0; k < c->count || (c->kind == CLM__COND_CMP_TEXT && k == 0); k++) {
            const char *x = p->texts[c->first + k];
            if (all_text(p, js, nj, x) && !leaf_text(p, l, x))
                return false;
        }
        return true;
    }
    if (c != NULL) {
        const int64_t *v;
        int64_t one;
        size_t nv = cand_nums(p, c, &v, &one);
        for (size_t k = 0; k < nv; k++)
            if (all_num(p, js, nj, v[k]) && !leaf_num(p, l, v[k]))
                return false;
        return true;
    }
    int64_t lo, hi;
    if (!interval(js, nj, &lo, &hi))
        return true; /* j cannot hold */
    switch (l->kind) {
    case CLM__COND_RANGE:
        return l->a <= lo && hi <= l->b;
    case CLM__COND_CMP:
        switch (l->op) {
        case CLM_CMP_EQ: return lo == hi && lo == l->a;
        case CLM_CMP_NE: return l->a < lo || l->a > hi;
        case CLM_CMP_LT: return hi < l->a;
        case CLM_CMP_LE: return hi <= l->a;
        case CLM_CMP_GT: return lo > l->a;
        case CLM_CMP_GE: return lo >= l->a;
        }
        return false;
    case CLM__COND_IN:
        return lo == hi && leaf_num(p, l, lo);
    }
    return false;
}

/* Whenever rule j's condition holds, does rule i's? */
static bool implies(const clm_category_policy *p, uint32_t j_root, uint32_t i_root)
{
    if (same_tree(p, i_root, j_root))
        return true;
    items ii = {.n = 0}, jj = {.n = 0};
    collect(p, i_root, &ii);
    collect(p, j_root, &jj);
    if (ii.overflow || jj.overflow)
        return false;
    const clm_category__cnode *js[MAX_ITEMS];
    for (size_t k = 0; k < ii.n; k++) {
        uint32_t at = ii.at[k];
        const clm_category__cnode *l = &p->nodes[at];
        if (!is_leaf(l->kind)) {
            bool found = false;
            for (size_t m = 0; m < jj.n && !found; m++)
                found = same_tree(p, at, jj.at[m]);
            if (!found)
                return false;
            continue;
        }
        size_t nj = of_fact(p, &jj, l->fact, js);
        if (!implies_leaf(p, l->fact, js, nj, l))
            return false;
    }
    return true;
}

/* ---- the findings ----------------------------------------------------------- */

static int add(clm_category_findings *f, clm_category_finding_kind kind, const char *rule, const char *other,
               const char *category, const char *fmt, ...) CLM__PRINTF(6, 7);

static int add(clm_category_findings *f, clm_category_finding_kind kind, const char *rule, const char *other,
               const char *category, const char *fmt, ...)
{
    if (clm_core__grow((void **)&f->items, &f->cap, f->n + 1, sizeof *f->items, "category findings") < 0)
        return CLM_ENOMEM;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, clm_core__tr(fmt), ap);
    va_end(ap);
    char *m = clm_core__strdup(msg);
    if (m == NULL)
        return clm_core__oom("category findings");
    static const char *const codes[] = {NULL, "never-fires", "shadowed", "unassignable"};
    int err = kind == CLM_CATEGORY_FINDING_NEVER_FIRES;
    f->items[f->n++] = (clm_category_finding){kind, err, codes[kind], rule, other, category, m};
    f->errors += (size_t)err;
    return CLM_OK;
}

int clm_category_policy_validate(clm_category_findings **out, const clm_category_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_category_policy_validate: NULL argument");
    clm_category_findings *f = clm_core__calloc(1, sizeof *f);
    if (f == NULL)
        return clm_core__oom("category findings");
    bool *dead = p->nrules > 0 ? clm_core__calloc(p->nrules, sizeof *dead) : NULL;
    int rc = p->nrules > 0 && dead == NULL ? clm_core__oom("category findings") : CLM_OK;
    for (size_t r = 0; r < p->nrules && rc == CLM_OK; r++) {
        const clm_category__rule *rule = &p->rules[r];
        const char *cat = p->cats[rule->category].name;
        why w = {0, NULL};
        if (!sat(p, rule->root, &w)) {
            dead[r] = true;
            if (w.fact != 0)
                rc = add(f, CLM_CATEGORY_FINDING_NEVER_FIRES, rule->name, NULL, cat,
                         "rule '%s' (category '%s') can never fire: its conditions on %s %s", rule->name, cat,
                         clm_fact_name((clm_fact)w.fact),
                         /* the sentence's end, in the thread's language too */
                         clm_core__tr(w.fact == CLM_FACT_RFM_CELL
                             ? CLM_N_("admit no cell the RFM scoring produces (111..555, each digit 1..5)")
                         : w.fact >= CLM_FACT_RFM_R && w.fact <= CLM_FACT_RFM_M
                             ? CLM_N_("admit no score the RFM scoring produces (1..5)")
                         : w.fact == CLM_FACT_ABC || w.fact == CLM_FACT_XYZ ? CLM_N_("admit no class")
                                                                            : CLM_N_("contradict each other")));
            else
                rc = add(f, CLM_CATEGORY_FINDING_NEVER_FIRES, rule->name, NULL, cat,
                         "rule '%s' (category '%s') can never fire: %s", rule->name, cat,
                         clm_core__tr(w.shape != NULL ? w.shape : CLM_N_("its condition is never true")));
            continue;
        }
        for (size_t e = 0; e < r && rc == CLM_OK; e++) {
            const clm_category__rule *earlier = &p->rules[e];
            if (earlier->category != rule->category || dead[e] || !implies(p, rule->root, earlier->root))
                continue;
            rc = add(f, CLM_CATEGORY_FINDING_SHADOWED, rule->name, earlier->name, cat,
                     "rule '%s' never decides category '%s': the earlier rule '%s' holds whenever it holds",
                     rule->name, cat, earlier->name);
            break;
        }
    }
    for (size_t k = 0; k < p->ncats && rc == CLM_OK; k++) {
        if (p->cats[k].nroles > 0)
            continue;
        bool assigned = false;
        for (size_t r = 0; r < p->nrules && !assigned; r++)
            assigned = p->rules[r].category == k && !dead[r];
        if (!assigned)
            rc = add(f, CLM_CATEGORY_FINDING_UNASSIGNABLE, NULL, NULL, p->cats[k].name,
                     "category '%s' can never be given: no rule that can fire assigns it and no role may "
                     "assign it by hand",
                     p->cats[k].name);
    }
    clm_core__free(dead);
    if (rc < 0) {
        clm_category_findings_free(f);
        return rc;
    }
    *out = f;
    return CLM_OK;
}
