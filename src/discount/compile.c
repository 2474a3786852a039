/*
 * compile.c — the compiled, immutable form of a policy. Odoo's point of
 * sale took 2350 ms to add a product with 21,650 pricelist rules before
 * caching them (https://github.com/odoo/odoo/pull/200399; docs/rules.md, Discounts);
 * here each rule
 * is filed under an anchor — the products it names, else the groups it
 * names, else the client categories it names — so pricing a line checks
 * only the rules filed under the line's product, its group and the
 * group's ancestors, the client's categories, and the few rules that name
 * none of these.
 */
#include <string.h>

#include "clm/price.h"
#include "discount_internal.h"

void clm_discount_engine_free(clm_discount_engine *e)
{
    if (e == NULL)
        return;
    clm_discount__map_free(&e->group_ids);
    clm_discount__map_free(&e->product_ids);
    clm_discount__map_free(&e->category_ids);
    clm_discount__map_free(&e->excl_ids);
    clm_core__free(e->group_names);
    clm_core__free(e->group_parent);
    clm_core__free(e->group_slot);
    clm_core__free(e->group_bucket);
    clm_core__free(e->buckets);
    clm_core__free(e->items);
    clm_core__free(e->general);
    clm_discount__thresholds_free(e);
    clm_core__free(e->chain_off);
    clm_core__free(e->chains);
    clm_core__free(e->gcand_off);
    clm_core__free(e->gcands);
    clm_core__free(e->doc_rules);
    clm_core__free(e->rules);
    clm_core__free(e->cconds);
    clm_core__free(e->gids);
    clm_core__free(e->xline);
    clm_core__free(e->mmask);
    clm_core__free(e->gmask);
    clm_core__free(e->gcond_off);
    clm_core__free(e->gconds);
    clm_core__free(e->lhold);
    clm_core__free(e->ltest_off);
    clm_core__free(e->ltests);
    clm_core__free(e->lcheck_off);
    clm_core__free(e->lchecks);
    clm_core__free(e->coupon_hold);
    if (e->lrange != NULL)
        for (int k = 0; k < 2; k++) {
            clm_core__free(e->lrange[k].starts);
            clm_core__free(e->lrange[k].hold);
        }
    clm_core__free(e->lrange);
    clm_discount_policy_free(e->policy);
    clm_price_book_free(e->prices);
    clm_core__free(e->book_group);
    clm_discount__spare_free(e);
    clm_discount__texts_free(e);
    clm_core__free(e->rule_names);
    clm_core__free(e);
}

const clm_discount_policy *clm_discount_engine_policy(const clm_discount_engine *e)
{
    return e ? e->policy : NULL;
}

/* Adds a group name the policy does not declare (a leaf without parent). */
static int note_group(clm_discount_engine *e, const char *name, size_t *cap)
{
    if (clm_discount__map_get(&e->group_ids, name) != CLM__NONE32)
        return 0;
    if (clm_core__grow((void **)&e->group_names, cap, e->ngroups + 1, sizeof *e->group_names,
                  "discount engine groups") < 0 ||
        clm_discount__map_reserve(&e->group_ids, 1) < 0)
        return CLM_ENOMEM;
    e->group_names[e->ngroups] = name;
    clm_discount__map_put(&e->group_ids, name, (uint32_t)e->ngroups);
    e->ngroups++;
    return 0;
}

typedef enum anchor_kind { ANCHOR_NONE, ANCHOR_PRODUCT, ANCHOR_GROUP, ANCHOR_CATEGORY } anchor_kind;

static const clm_discount_condition *anchor_of(const clm_discount__rule *r, anchor_kind *kind)
{
    static const struct {
        clm_discount_cond_kind cond;
        anchor_kind anchor;
    } order[] = {
        { CLM_DISCOUNT_COND_PRODUCT, ANCHOR_PRODUCT },
        { CLM_DISCOUNT_COND_GROUP, ANCHOR_GROUP },
        { CLM_DISCOUNT_COND_CATEGORY, ANCHOR_CATEGORY },
    };
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < r->ncond; i++)
            if (r->conds[i].kind == order[k].cond) {
                *kind = order[k].anchor;
                return &r->conds[i];
            }
    *kind = ANCHOR_NONE;
    return NULL;
}

/* The bucket id of an anchor value, created on first use. */
static int bucket_of(clm_discount_engine *e, anchor_kind kind, const char *value,
                     uint32_t *out, size_t *capb)
{
    uint32_t b;
    if (kind == ANCHOR_GROUP) {
        uint32_t g = clm_discount__map_get(&e->group_ids, value);
        b = e->group_bucket[g];
        if (b == CLM__NONE32) {
            b = (uint32_t)e->nbuckets;
            e->group_bucket[g] = b;
            goto fresh;
        }
        *out = b;
        return 0;
    }
    clm_discount__map *m = kind == ANCHOR_PRODUCT ? &e->product_ids : &e->category_ids;
    b = clm_discount__map_get(m, value);
    if (b != CLM__NONE32) {
        *out = b;
        return 0;
    }
    if (clm_discount__map_reserve(m, 1) < 0)
        return CLM_ENOMEM;
    b = (uint32_t)e->nbuckets;
    clm_discount__map_put(m, value, b);
fresh:
    if (clm_core__grow((void **)&e->buckets, capb, e->nbuckets + 1, sizeof *e->buckets,
                  "discount engine index") < 0)
        return CLM_ENOMEM;
    e->buckets[b].off = 0;
    e->buckets[b].len = 0;
    e->nbuckets++;
    *out = b;
    return 0;
}

/* Per group: its chain (the group and its ancestors) and the rules filed
 * under any group of the chain, each once, so an untraced line takes its
 * group's candidates in one piece. Left out (gcand_off NULL) when the
 * lists would hold more than a few times the index itself. */
static int group_lists(clm_discount_engine *e)
{
    size_t ng = e->ngroups;
    e->chain_off = clm_core__calloc(ng + 1, sizeof *e->chain_off);
    e->chains = clm_core__reallocarray(NULL, ng * e->max_depth + 1, sizeof *e->chains);
    uint32_t *stamp = clm_core__calloc(e->nrules + 1, sizeof *stamp);
    if (e->chain_off == NULL || e->chains == NULL || stamp == NULL) {
        clm_core__free(stamp);
        return CLM_ENOMEM;
    }
    size_t at = 0, total = 0;
    for (size_t g = 0; g < ng; g++) {
        e->chain_off[g] = (uint32_t)at;
        for (uint32_t x = (uint32_t)g; x != CLM__NONE32 && at - e->chain_off[g] < e->max_depth;
             x = e->group_parent[x]) {
            e->chains[at++] = x;
            uint32_t b = e->group_bucket[x];
            if (b != CLM__NONE32)
                total += e->buckets[b].len;
        }
    }
    e->chain_off[ng] = (uint32_t)at;
    if (total > 4 * e->nitems + 4096 || total >= UINT32_MAX) {
        clm_core__free(stamp);
        return 0;
    }
    e->gcand_off = clm_core__calloc(ng + 1, sizeof *e->gcand_off);
    e->gcands = clm_core__reallocarray(NULL, total + 1, sizeof *e->gcands);
    if (e->gcand_off == NULL || e->gcands == NULL) {
        clm_core__free(stamp);
        return CLM_ENOMEM;
    }
    size_t n = 0;
    for (size_t g = 0; g < ng; g++) {
        e->gcand_off[g] = (uint32_t)n;
        for (uint32_t c = e->chain_off[g]; c < e->chain_off[g + 1]; c++) {
            uint32_t b = e->group_bucket[e->chains[c]];
            if (b == CLM__NONE32)
                continue;
            for (uint32_t k = 0; k < e->buckets[b].len; k++) {
                uint32_t ri = e->items[e->buckets[b].off + k];
                if (stamp[ri] != g + 1) {
                    stamp[ri] = (uint32_t)g + 1;
                    e->gcands[n++] = ri;
                }
            }
        }
    }
    e->gcand_off[ng] = (uint32_t)n;
    clm_core__free(stamp);
    return 0;
}

/* For the masks of quick.c: each group's candidates that hold for any
 * line of the group (no condition besides the anchor) as one word, and
 * the others (gconds), which a line tests. */
static int group_masks(clm_discount_engine *e)
{
    size_t ng = e->ngroups;
    e->gmask = clm_core__calloc(ng + 1, sizeof *e->gmask);
    e->gcond_off = clm_core__calloc(ng + 1, sizeof *e->gcond_off);
    e->gconds = clm_core__reallocarray(NULL, e->gcand_off[ng] + 1, sizeof *e->gconds);
    if (e->gmask == NULL || e->gcond_off == NULL || e->gconds == NULL)
        return CLM_ENOMEM;
    uint32_t n = 0;
    for (size_t g = 0; g < ng; g++) {
        e->gcond_off[g] = n;
        for (uint32_t k = e->gcand_off[g]; k < e->gcand_off[g + 1]; k++) {
            const clm_discount__crule *cr = &e->rules[e->gcands[k]];
            if (cr->ncond == 0)
                e->gmask[g] |= UINT64_C(1) << cr->rank;
            else
                e->gconds[n++] = e->gcands[k];
        }
    }
    e->gcond_off[ng] = n;
    return 0;
}

/* The rules of list L (doc_masks()): bucket L, or the untabled general
 * rules for L == nbuckets. */
static const uint32_t *list_of(const clm_discount_engine *e, size_t L, size_t *len)
{
    if (L == e->nbuckets) {
        *len = e->nuntabled;
        return e->untabled;
    }
    *len = e->buckets[L].len;
    return e->items + e->buckets[L].off;
}

static uint64_t bits_of(const clm_discount_engine *e, const uint32_t *v, size_t n)
{
    uint64_t m = 0;
    for (size_t k = 0; k < n; k++)
        m |= UINT64_C(1) << e->rules[v[k]].rank;
    return m;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The most tests of one fact whose table a line scans (a few tiers). */
#define RANGE_TESTS 8

/* Table t of the tests v[0..n) of `kind` (1: the line's quantity, 2:
 * its amount): cut at every test's min and max + 1, each segment holds
 * the bits of the tests covering its start (a test covers a segment
 * whole or not at all). 0, CLM_ENOMEM. */
static int range_table(clm_discount__rtable *t, const clm_discount__test *v, size_t n, int kind)
{
    size_t nt = 0;
    for (size_t i = 0; i < n; i++)
        nt += v[i].kind == kind;
    if (nt == 0)
        return 0;
    t->starts = clm_core__reallocarray(NULL, 2 * nt + 1, sizeof *t->starts);
    t->hold = clm_core__calloc(2 * nt + 1, sizeof *t->hold);
    if (t->starts == NULL || t->hold == NULL)
        return CLM_ENOMEM;
    size_t nc = 0;
    t->starts[nc++] = INT64_MIN;
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == kind) {
            t->starts[nc++] = v[i].min;
            if (v[i].max < INT64_MAX)
                t->starts[nc++] = v[i].max + 1;
        }
    clm_core__qsort(t->starts, nc, sizeof *t->starts, cmp_i64);
    for (size_t i = 0; i < nc; i++)
        if (t->nseg == 0 || t->starts[i] != t->starts[t->nseg - 1])
            t->starts[t->nseg++] = t->starts[i];
    for (size_t k = 0; k < t->nseg; k++)
        for (size_t i = 0; i < n; i++)
            if (v[i].kind == kind && v[i].min <= t->starts[k] && t->starts[k] <= v[i].max)
                t->hold[k] |= UINT64_C(1) << v[i].rank;
    if (t->nseg <= 4)
        clm_discount__tiers4_make(&t->t4, t->starts, t->hold, t->nseg);
    return 0;
}

/* The untabled rules' line tests as e->lrange when every one is a range
 * on the line's quantity or amount, at most RANGE_TESTS of each. */
static int range_tables(clm_discount_engine *e)
{
    const size_t general = e->nbuckets;
    const clm_discount__test *v = e->ltests + e->ltest_off[general];
    size_t n = e->ltest_off[general + 1] - e->ltest_off[general], nq = 0, na = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind == 0)
            return 0;
        nq += v[i].kind == 1;
        na += v[i].kind == 2;
    }
    if (n == 0 || nq > RANGE_TESTS || na > RANGE_TESTS)
        return 0;
    e->lrange = clm_core__calloc(2, sizeof *e->lrange);
    if (e->lrange == NULL)
        return CLM_ENOMEM;
    for (int k = 0; k < 2; k++)
        if (range_table(&e->lrange[k], v, n, k + 1) < 0)
            return CLM_ENOMEM;
    return 0;
}

/* For the masks of quick.c, untraced: what each list a document draws
 * its candidates from gives it, so a document ORs words instead of
 * gathering and splitting its candidates: a rule that looks only at the
 * document and has no condition besides its anchor holds once drawn (its
 * bit); one with a line condition is a line test; one with a document
 * condition is tested on the document. A threshold segment's and a
 * coupon's rules hold once drawn. */
static int doc_masks(clm_discount_engine *e)
{
    size_t nl = e->nbuckets + 1;
    e->lhold = clm_core__calloc(nl, sizeof *e->lhold);
    e->ltest_off = clm_core__calloc(nl + 1, sizeof *e->ltest_off);
    e->lcheck_off = clm_core__calloc(nl + 1, sizeof *e->lcheck_off);
    if (e->lhold == NULL || e->ltest_off == NULL || e->lcheck_off == NULL)
        return CLM_ENOMEM;
    size_t ntests = 0, nchecks = 0, len;
    for (size_t L = 0; L < nl; L++) {
        const uint32_t *v = list_of(e, L, &len);
        for (size_t k = 0; k < len; k++) {
            ntests += e->rules[v[k]].nline > 0;
            nchecks += e->rules[v[k]].nline == 0 && e->rules[v[k]].ncond > 0;
        }
    }
    e->ltests = clm_core__reallocarray(NULL, ntests + 1, sizeof *e->ltests);
    e->lchecks = clm_core__reallocarray(NULL, nchecks + 1, sizeof *e->lchecks);
    if (e->ltests == NULL || e->lchecks == NULL)
        return CLM_ENOMEM;
    uint32_t nt = 0, nc = 0;
    for (size_t L = 0; L < nl; L++) {
        e->ltest_off[L] = nt;
        e->lcheck_off[L] = nc;
        const uint32_t *v = list_of(e, L, &len);
        for (size_t k = 0; k < len; k++) {
            const clm_discount__crule *cr = &e->rules[v[k]];
            if (cr->nline > 0)
                e->ltests[nt++] = clm_discount__test_of(cr, v[k]);
            else if (cr->ncond > 0)
                e->lchecks[nc++] = v[k];
            else
                e->lhold[L] |= UINT64_C(1) << cr->rank;
        }
    }
    e->ltest_off[nl] = nt;
    e->lcheck_off[nl] = nc;
    e->utests = e->ltests + e->ltest_off[e->nbuckets];
    e->nutests = e->ltest_off[e->nbuckets + 1] - e->ltest_off[e->nbuckets];
    if (range_tables(e) < 0)
        return CLM_ENOMEM;
    for (size_t k = 0; k < e->ntabled; k++) {
        clm_discount__ftable *t = &e->ftables[e->tabled[k]];
        t->hold = clm_core__calloc(t->nseg, sizeof *t->hold);
        if (t->hold == NULL)
            return CLM_ENOMEM;
        for (size_t g = 0; g < t->nseg; g++)
            t->hold[g] = bits_of(e, t->items + t->off[g], t->off[g + 1] - t->off[g]);
        if (t->nseg <= 4)
            clm_discount__tiers4_make(&t->t4, t->starts, t->hold, t->nseg);
    }
    e->tab1 = e->ntabled == 1 && e->ftables[e->tabled[0]].nseg <= 4 ? &e->ftables[e->tabled[0]] : NULL;
    if (e->coupon_off != NULL) {
        size_t ncodes = e->coupon_ids.count;
        e->coupon_hold = clm_core__calloc(ncodes + 1, sizeof *e->coupon_hold);
        if (e->coupon_hold == NULL)
            return CLM_ENOMEM;
        for (size_t c = 0; c < ncodes; c++)
            e->coupon_hold[c] = bits_of(e, e->coupon_items + e->coupon_off[c],
                                        e->coupon_off[c + 1] - e->coupon_off[c]);
    }
    return 0;
}

/* e->ladder4 and e->ladder_max[] (discount_internal.h): whether the
 * first step of the ladder covering a document is found by counting the
 * limits below its largest line rate. A step covers a document when its
 * max_discount is NO_LIMIT or at least that rate and (min_margin
 * NO_LIMIT here) always on the margin; with the limits non-decreasing
 * the steps that do not cover it are the first ones, so their count is
 * the first that does (clm_discount__approve()'s answer). */
static void ladder_by_rate(clm_discount_engine *e)
{
    const clm_discount_policy *p = e->policy;
    e->ladder4 = false;
    if (p->nladder == 0 || p->nladder > 4)
        return;
    clm_rate prev = INT64_MIN;
    for (size_t i = 0; i < 4; i++) {
        clm_rate m = INT64_MAX;
        if (i < p->nladder) {
            if (p->ladder[i].min_margin != CLM_DISCOUNT_NO_LIMIT)
                return;
            if (p->ladder[i].max_discount != CLM_DISCOUNT_NO_LIMIT)
                m = p->ladder[i].max_discount;
        }
        if (m < prev)
            return;
        e->ladder_max[i] = prev = m;
    }
    e->ladder4 = true;
}

/* The orders quick.c decides by (clm_discount__crule's rank and apply):
 * stacking.c's wins() among percentages on one positive base, whose
 * discounts are base x rate, and its applies_first(). */
typedef struct rank_key {
    int64_t rate;      /* 0 when the rate does not count */
    int32_t priority;
    uint32_t rule;
} rank_key;

static int by_key(const void *a, const void *b)
{
    const rank_key *x = a, *y = b;
    if (x->rate != y->rate)
        return x->rate > y->rate ? -1 : 1;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return (x->rule > y->rule) - (x->rule < y->rule);
}

static int rank_rules(clm_discount_engine *e)
{
    rank_key *v = clm_core__reallocarray(NULL, e->nrules + 1, sizeof *v);
    if (v == NULL)
        return CLM_ENOMEM;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < e->nrules; i++)
            v[i] = (rank_key){ pass == 0 ? e->rules[i].rate : 0, e->rules[i].priority,
                               (uint32_t)i };
        clm_core__qsort(v, e->nrules, sizeof *v, by_key);
        for (size_t k = 0; k < e->nrules; k++) {
            if (pass == 0)
                e->rules[v[k].rule].rank = (uint32_t)k;
            else
                e->rules[v[k].rule].apply = (uint32_t)k;
        }
    }
    clm_core__free(v);
    return 0;
}

static int build(clm_discount_engine *e)
{
    const clm_discount_policy *p = e->policy;
    clm_currency cur;
    int rc = clm_currency_find(&cur, p->currency);
    if (rc < 0)
        return rc;
    e->exponent = cur.exponent;

    /* groups: the declared ones keep their index */
    size_t capg = 0;
    for (size_t i = 0; i < p->ngroups; i++)
        if (note_group(e, p->groups[i].name, &capg) < 0)
            return CLM_ENOMEM;
    size_t ncond = 0, ngids = 0;
    for (size_t i = 0; i < p->nrules; i++) {
        const clm_discount__rule *r = &p->rules[i];
        ncond += r->ncond;
        for (size_t j = 0; j < r->ncond; j++) {
            const clm_discount_condition *c = &r->conds[j];
            if (c->kind == CLM_DISCOUNT_COND_GROUP) {
                ngids += c->value_count;
                for (size_t v = 0; v < c->value_count; v++)
                    if (note_group(e, c->values[v], &capg) < 0)
                        return CLM_ENOMEM;
            } else if (c->group != NULL && note_group(e, c->group, &capg) < 0) {
                return CLM_ENOMEM;
            }
        }
    }
    size_t ng = e->ngroups ? e->ngroups : 1;
    e->group_parent = clm_core__calloc(ng, sizeof *e->group_parent);
    e->group_slot = clm_core__calloc(ng, sizeof *e->group_slot);
    e->group_bucket = clm_core__calloc(ng, sizeof *e->group_bucket);
    size_t *depth = clm_core__calloc(ng, sizeof *depth);
    if (e->group_parent == NULL || e->group_slot == NULL || e->group_bucket == NULL ||
        depth == NULL) {
        clm_core__free(depth);
        return CLM_ENOMEM;
    }
    e->max_depth = 1;
    for (size_t g = 0; g < e->ngroups; g++) {
        e->group_slot[g] = CLM__NONE32;
        e->group_bucket[g] = CLM__NONE32;
        e->group_parent[g] = CLM__NONE32;
        depth[g] = 1;
        /* parents are declared before children: their depth is known */
        if (g < p->ngroups && p->groups[g].parent[0] != '\0') {
            uint32_t par = clm_discount__map_get(&e->group_ids, p->groups[g].parent);
            e->group_parent[g] = par;
            depth[g] = depth[par] + 1;
        }
        if (depth[g] > e->max_depth)
            e->max_depth = depth[g];
    }
    clm_core__free(depth);

    /* rules and their conditions */
    e->nrules = p->nrules;
    e->rules = clm_core__calloc(p->nrules ? p->nrules : 1, sizeof *e->rules);
    e->cconds = clm_core__calloc(ncond ? ncond : 1, sizeof *e->cconds);
    e->gids = clm_core__calloc(ngids ? ngids : 1, sizeof *e->gids);
    e->rule_names = clm_core__calloc(p->nrules ? p->nrules : 1, sizeof *e->rule_names);
    if (e->rules == NULL || e->cconds == NULL || e->gids == NULL || e->rule_names == NULL)
        return CLM_ENOMEM;
    size_t ci = 0, gi = 0;
    uint32_t nexcl = 0;
    for (size_t i = 0; i < p->nrules; i++) {
        const clm_discount__rule *r = &p->rules[i];
        clm_discount__crule *cr = &e->rules[i];
        cr->r = r;
        e->rule_names[i] = (clm_discount__piece){ r->pub.id, strlen(r->pub.id) };
        cr->kind = r->pub.action.kind;
        cr->priority = r->pub.priority;
        cr->rate = r->pub.action.rate;
        cr->conds = &e->cconds[ci];
        anchor_kind ak = ANCHOR_NONE;
        const clm_discount_condition *anchor =
            r->pub.action.kind == CLM_DISCOUNT_EARLY_PAYMENT ? NULL : anchor_of(r, &ak);
        cr->share = r->pub.action.kind == CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT
                        ? (uint32_t)e->nshare++ : CLM__NONE32;
        /* line conditions first, then the document's; the anchor is proven
         * by the index and left out */
        for (int pass = 0; pass < 2; pass++)
            for (size_t j = 0; j < r->ncond; j++) {
                const clm_discount_condition *c = &r->conds[j];
                if (c == anchor || clm_discount__cond_is_line(c->kind) != (pass == 0))
                    continue;
                clm_discount__ccond *cc = &e->cconds[ci++];
                cc->c = c;
                cc->kind = c->kind;
                e->tenure |= c->kind == CLM_DISCOUNT_COND_TENURE;
                cc->min = c->min;
                cc->max = c->max;
                cc->slot = CLM__NONE32;
                cr->ncond++;
                if (pass == 0)
                    cr->nline++;
                if (c->kind == CLM_DISCOUNT_COND_GROUP) {
                    cc->gids = &e->gids[gi];
                    for (size_t v = 0; v < c->value_count; v++)
                        e->gids[gi++] = clm_discount__map_get(&e->group_ids, c->values[v]);
                } else if (c->group != NULL) {
                    uint32_t g = clm_discount__map_get(&e->group_ids, c->group);
                    if (e->group_slot[g] == CLM__NONE32)
                        e->group_slot[g] = (uint32_t)e->nslots++;
                    cc->slot = e->group_slot[g];
                }
            }
        cr->per_line = ak == ANCHOR_PRODUCT || ak == ANCHOR_GROUP || cr->nline > 0;
        if (cr->ncond == 1 && cr->nline == 1 &&
            (cr->conds[0].kind == CLM_DISCOUNT_COND_LINE_QUANTITY ||
             cr->conds[0].kind == CLM_DISCOUNT_COND_LINE_AMOUNT))
            cr->line_range = cr->conds[0].kind;
        if (cr->ncond == 1 && cr->nline == 0 &&
            (cr->conds[0].kind == CLM_DISCOUNT_COND_DOC_QUANTITY ||
             cr->conds[0].kind == CLM_DISCOUNT_COND_DOC_AMOUNT))
            cr->doc_range = (uint8_t)cr->conds[0].kind;
        if (r->pub.exclusion_group != NULL) {
            uint32_t x = clm_discount__map_get(&e->excl_ids, r->pub.exclusion_group);
            if (x == CLM__NONE32) {
                if (clm_discount__map_reserve(&e->excl_ids, 1) < 0)
                    return CLM_ENOMEM;
                x = nexcl++;
                clm_discount__map_put(&e->excl_ids, r->pub.exclusion_group, x);
            }
            cr->excl = x + 1;
        }
    }

    /* the surcharges together raise a net at most this many times its
     * base: 1 + the sum of their rates, rounded up */
    int64_t raise = 1;
    for (size_t i = 0; i < p->nrules; i++)
        if (p->rules[i].pub.action.kind == CLM_DISCOUNT_SURCHARGE)
            raise += p->rules[i].pub.action.rate;
    raise = 1 + (raise - 1 + CLM_RATE_ONE - 1) / CLM_RATE_ONE;
    e->bounded_base = CLM_DISCOUNT__LEAN_MAX / raise;
    e->bounded_scaled = e->bounded_base * CLM_DISCOUNT_QTY_SCALE; /* LEAN_MAX x 1000 fits */

    /* anchors: count, then fill (CSR) */
    size_t capb = 0, nitems = 0;
    e->general = clm_core__calloc(p->nrules ? p->nrules : 1, sizeof *e->general);
    e->doc_rules = clm_core__calloc(p->nrules ? p->nrules : 1, sizeof *e->doc_rules);
    if (e->general == NULL || e->doc_rules == NULL)
        return CLM_ENOMEM;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < p->nrules; i++) {
            const clm_discount__rule *r = &p->rules[i];
            if (r->pub.action.kind == CLM_DISCOUNT_EARLY_PAYMENT) {
                if (pass == 0)
                    e->doc_rules[e->ndoc_rules++] = (uint32_t)i;
                continue;
            }
            anchor_kind kind;
            const clm_discount_condition *a = anchor_of(r, &kind);
            if (a == NULL) {
                if (pass == 0)
                    e->general[e->ngeneral++] = (uint32_t)i;
                continue;
            }
            for (size_t v = 0; v < a->value_count; v++) {
                /* a value listed twice files the rule once */
                bool again = false;
                for (size_t w = 0; w < v && !again; w++)
                    again = strcmp(a->values[w], a->values[v]) == 0;
                if (again)
                    continue;
                uint32_t b;
                if (bucket_of(e, kind, a->values[v], &b, &capb) < 0)
                    return CLM_ENOMEM;
                if (pass == 0) {
                    e->buckets[b].len++;
                    nitems++;
                } else {
                    e->items[e->buckets[b].off + e->buckets[b].len++] = (uint32_t)i;
                }
            }
        }
        if (pass == 0) {
            e->items = clm_core__calloc(nitems ? nitems : 1, sizeof *e->items);
            if (e->items == NULL)
                return CLM_ENOMEM;
            e->nitems = nitems;
            uint32_t off = 0;
            for (size_t b = 0; b < e->nbuckets; b++) {
                e->buckets[b].off = off;
                off += e->buckets[b].len;
                e->buckets[b].len = 0;
            }
        }
    }
    rc = group_lists(e);
    if (rc < 0)
        return rc;
    rc = clm_discount__thresholds_build(e);
    if (rc < 0)
        return rc;
    rc = rank_rules(e);
    if (rc < 0)
        return rc;
    e->xline = clm_core__calloc(e->excl_ids.count + 1, sizeof *e->xline);
    if (e->xline == NULL)
        return CLM_ENOMEM;
    for (size_t i = 0; i < e->nrules; i++)
        if (e->rules[i].per_line)
            e->xline[e->rules[i].excl] = true;
    /* the choices of a line: each exclusion group's PERCENT members (one
     * of them is kept), each PERCENT rule in no group (kept if it holds) */
    e->mmask = clm_core__calloc(e->nrules + e->excl_ids.count + 1, sizeof *e->mmask);
    if (e->mmask == NULL)
        return CLM_ENOMEM;
    if (e->nrules <= 63) {
        for (size_t i = 0; i < e->nrules; i++) {
            const clm_discount__crule *cr = &e->rules[i];
            e->bit_rate[cr->rank] = cr->rate;
            if (cr->kind == CLM_DISCOUNT_PERCENT)
                e->bit_kept[cr->rank] = (uint64_t)cr->rate + CLM_DISCOUNT__KEPT_ONE;
            e->bit_rule[cr->rank] = (uint32_t)i;
        }
        for (size_t x = 0; x <= e->excl_ids.count; x++) {
            uint64_t m = 0;
            for (size_t i = 0; i < e->nrules; i++) {
                const clm_discount__crule *cr = &e->rules[i];
                uint64_t bit = UINT64_C(1) << cr->rank;
                if (x == 0 && cr->kind == CLM_DISCOUNT_SURCHARGE)
                    e->sur_mask |= bit;
                if (cr->kind != CLM_DISCOUNT_PERCENT || cr->excl != x)
                    continue;
                if (x == 0)
                    e->mmask[e->nmmask++] = bit;
                else
                    m |= bit;
                e->pct_mask |= bit;
            }
            if (m != 0)
                e->mmask[e->nmmask++] = m;
        }
        /* the choices a line can change first (a member is per_line),
         * then those the document alone decides */
        uint64_t line_bits = 0;
        for (size_t i = 0; i < e->nrules; i++)
            if (e->rules[i].per_line)
                line_bits |= UINT64_C(1) << e->rules[i].rank;
        for (size_t k = 0; k < e->nmmask; k++)
            if (e->mmask[k] & line_bits) {
                uint64_t t = e->mmask[e->nmline];
                e->mmask[e->nmline++] = e->mmask[k];
                e->mmask[k] = t;
            }
        /* every choice by its bits, for quick.c to visit only those
         * holding (the document's alone, or a 1-line document's all) */
        for (size_t k = 0; k < e->nmmask; k++) {
            if (k >= e->nmline)
                e->dchoice_bits |= e->mmask[k];
            for (uint64_t m = e->mmask[k]; m != 0; m &= m - 1)
                e->bit_choice[__builtin_ctzll(m)] = e->mmask[k];
        }
        /* bit 63, no rule's, in every choice: the lowest bit of a line's
         * holding bits with it is 63 when none of the choice's holds */
        for (size_t k = 0; k < e->nmmask; k++)
            e->mmask[k] |= UINT64_C(1) << 63;
    }
    ladder_by_rate(e);
    e->quick = clm_discount__quick_eligible(e);
    e->masks = e->quick && e->nrules <= 63;
    if (!e->masks)
        return 0;
    rc = group_masks(e);
    if (rc == 0)
        rc = doc_masks(e);
    e->one = rc == 0 && clm_discount__one_eligible(e);
    return rc;
}

int clm_discount_policy_compile(clm_discount_engine **out, const clm_discount_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount compile: NULL argument");
    clm_discount_engine *e = clm_core__calloc(1, sizeof *e);
    if (e == NULL)
        return clm_core__oom("discount engine");
    clm_discount__map_init(&e->group_ids);
    clm_discount__map_init(&e->product_ids);
    clm_discount__map_init(&e->category_ids);
    clm_discount__map_init(&e->excl_ids);
    clm_discount__map_init(&e->coupon_ids);
    int rc = clm_discount_policy_dup(&e->policy, p);
    if (rc == 0) {
        rc = build(e);
        if (rc == CLM_ENOMEM)
            rc = clm_core__oom("discount engine");
    }
    if (rc < 0) {
        clm_discount_engine_free(e);
        return rc;
    }
    *out = e;
    return 0;
}
