/*
 * evaluate.c — pricing one document with a compiled engine: the checks of
 * the document, stage 1 and the document facts, candidate rules from the
 * index, then stages 2 to 5 (stacking.c, caps.c), the totals, the
 * early-payment terms and the approval. Writes only into the line and
 * totals arrays it is given and the scratch memory, so callers decide
 * when a result becomes visible.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/idcheck.h"
#include "price_internal.h"

int clm_discount__scratch_new(clm_discount__scratch *s, const clm_discount_engine *e, size_t max_lines)
{
    memset(s, 0, sizeof *s);
    size_t ncand = e->nitems + e->ngeneral + 1;
    size_t nr = e->nrules + 1;
    size_t wide = max_lines > nr ? max_lines : nr;
    s->cands = clm_core__reallocarray(NULL, ncand, sizeof *s->cands);
    s->sur = clm_core__reallocarray(NULL, nr, sizeof *s->sur);
    s->matches = clm_core__reallocarray(NULL, 2 * nr, sizeof *s->matches); /* + stacking's */
    s->taken = clm_core__reallocarray(NULL, nr, sizeof *s->taken);
    s->chain = clm_core__reallocarray(NULL, e->max_depth, sizeof *s->chain);
    s->doc_cands = clm_core__reallocarray(NULL, e->nitems + e->ngeneral + 1, sizeof *s->doc_cands);
    s->slots = clm_core__reallocarray(NULL, 2 * e->nslots + 1, sizeof *s->slots);
    s->weights = clm_core__reallocarray(NULL, wide, sizeof *s->weights);
    s->wide = clm_core__reallocarray(NULL, wide, sizeof *s->wide);
    s->idx = clm_core__reallocarray(NULL, wide, sizeof *s->idx);
    s->parts = clm_core__reallocarray(NULL, wide, sizeof *s->parts);
    s->cache.gen = clm_core__calloc(nr, sizeof *s->cache.gen);
    s->cache.res = clm_core__reallocarray(NULL, nr, sizeof *s->cache.res);
    s->cache.now = 0;
    s->seen = clm_core__calloc(nr, sizeof *s->seen);
    s->stamp = 0;
    s->share_stride = max_lines;
    s->shares = clm_core__reallocarray(NULL, e->nshare * max_lines + 1, sizeof *s->shares);
    s->plists = clm_core__reallocarray(NULL, e->prices ? 2 * e->prices->nlists + 1 : 1, sizeof *s->plists);
    s->phash = clm_core__reallocarray(NULL, max_lines + 1, sizeof *s->phash);
    s->lgroup = clm_core__reallocarray(NULL, max_lines + 1, sizeof *s->lgroup);
    s->lprod = clm_core__reallocarray(NULL, max_lines + 1, sizeof *s->lprod);
    s->group_memo = clm_core__calloc(CLM_DISCOUNT__MEMO_KINDS * CLM_DISCOUNT__MEMO, sizeof *s->group_memo);
    s->product_memo = s->group_memo == NULL ? NULL : s->group_memo + CLM_DISCOUNT__MEMO;
    s->category_memo = s->group_memo == NULL ? NULL : s->group_memo + 2 * CLM_DISCOUNT__MEMO;
    s->coupon_memo = s->group_memo == NULL ? NULL : s->group_memo + 3 * CLM_DISCOUNT__MEMO;
    s->memo_gen = 1;
    size_t nx = e->excl_ids.count + 1;
    s->xstamp = clm_core__calloc(nx, sizeof *s->xstamp);
    s->xbest = clm_core__reallocarray(NULL, nx, sizeof *s->xbest);
    s->touched = clm_core__reallocarray(NULL, nx, sizeof *s->touched);
    s->kept = clm_core__reallocarray(NULL, 2 * nr + 1, sizeof *s->kept);
    s->dkept = clm_core__reallocarray(NULL, nr + 1, sizeof *s->dkept);
    s->tests = clm_core__reallocarray(NULL, nr + 1, sizeof *s->tests);
    s->dmix = clm_core__reallocarray(NULL, nr + 1, sizeof *s->dmix);
    s->xnow = 0;
    if (!s->tests || !s->dkept || !s->dmix || !s->xstamp || !s->xbest || !s->touched || !s->kept || !s->lprod || !s->group_memo || !s->plists || !s->phash || !s->lgroup || !s->cache.gen || !s->cache.res || !s->seen || !s->shares ||
        !s->cands || !s->sur || !s->matches || !s->taken || !s->chain || !s->doc_cands || !s->slots ||
        !s->weights || !s->wide || !s->idx || !s->parts) {
        clm_discount__scratch_free(s);
        return clm_core__oom("discount evaluation");
    }
    return 0;
}

void clm_discount__scratch_free(clm_discount__scratch *s)
{
    clm_core__free(s->cands);
    clm_core__free(s->sur);
    clm_core__free(s->matches);
    clm_core__free(s->taken);
    clm_core__free(s->chain);
    clm_core__free(s->doc_cands);
    clm_core__free(s->slots);
    clm_core__free(s->weights);
    clm_core__free(s->wide);
    clm_core__free(s->idx);
    clm_core__free(s->parts);
    clm_core__free(s->shares);
    clm_core__free(s->plists);
    clm_core__free(s->phash);
    clm_core__free(s->lgroup);
    clm_core__free(s->group_memo);
    clm_core__free(s->lprod);
    clm_core__free(s->cache.gen);
    clm_core__free(s->cache.res);
    clm_core__free(s->seen);
    clm_core__free(s->xstamp);
    clm_core__free(s->xbest);
    clm_core__free(s->touched);
    clm_core__free(s->kept);
    clm_core__free(s->dkept);
    clm_core__free(s->tests);
    clm_core__free(s->dmix);
    memset(s, 0, sizeof *s);
}

/* ---- checks ---------------------------------------------------------------- */

/* `what` is in the thread's language already (clm_core__tr at the call). */
static int bad(int code, size_t doc_no, const char *field, const char *what)
{
    return clm_core__fail_at(code, field, "", 0, "discount document %zu: %s", doc_no + 1, what);
}

static int bad_line(int code, size_t doc_no, size_t i, const char *field, const char *what)
{
    char f[64];
    snprintf(f, sizeof f, "lines[%zu].%s", i, field);
    return clm_core__fail_at(code, f, "", 0, "discount document %zu, line %zu: %s", doc_no + 1,
                        i + 1, what);
}

int clm_discount__doc_check(const clm_discount_engine *e, const clm_discount_document *doc,
                    size_t doc_no)
{
    return clm_discount__doc_check_bounded(e, doc, doc_no, NULL);
}

int clm_discount__doc_check_bounded(const clm_discount_engine *e, const clm_discount_document *doc,
                                    size_t doc_no, bool *bounded)
{
    /* the bound on the document's bases and costs: each line's price x
     * quantity / 1000, rounded up by one */
    int64_t base_bound = 0, cost_bound = 0, quantity = 0, hi;
    bool in_bounds = bounded != NULL;
    if (doc->version != CLM_DISCOUNT_DOCUMENT_VERSION &&
        clm_core__check_version(doc->version, CLM_DISCOUNT_DOCUMENT_VERSION, "discount document") < 0)
        return clm_core__fail_at(CLM_EVERSION, "version", "", 0,
                                 "discount document %zu: struct version %u is not supported",
                                 doc_no + 1, doc->version);
    if (doc->currency == NULL)
        return bad(CLM_EINVAL, doc_no, "currency", clm_core__tr("the currency is missing"));
    /* the policy's code is three letters: compared byte by byte, the
     * document's is read no further than its end */
    const char *pc = e->policy->currency, *dc = doc->currency;
    if (!(dc[0] == pc[0] && dc[1] == pc[1] && dc[2] == pc[2] && dc[3] == '\0'))
        return clm_core__fail_at(CLM_ECURRENCY, "currency", "", 0,
                            "discount document %zu: currency '%.8s' is not the policy's (%s)",
                            doc_no + 1, doc->currency, e->policy->currency);
    if (doc->line_count == 0 || doc->lines == NULL)
        return bad(CLM_EINVAL, doc_no, "lines", clm_core__tr("the document has no lines"));
    if (doc->date < CLM_DATE_MIN || doc->date > CLM_DATE_MAX)
        return bad(CLM_EINVAL, doc_no, "date", clm_core__tr("the date is not a valid date"));
    if (doc->client.since != CLM_DISCOUNT_NO_DATE &&
        (doc->client.since < CLM_DATE_MIN || doc->client.since > CLM_DATE_MAX))
        return bad(CLM_EINVAL, doc_no, "client.since", clm_core__tr("the client's start date is not valid"));
    clm_legal_type lt;
    if (doc->client.legal_type != NULL && clm_legal_type_from_name(&lt, doc->client.legal_type) != 0) {
        char what[192];
        snprintf(what, sizeof what, clm_core__tr("the client's legal type '%.60s' is not one of %s, %s, %s"),
                 doc->client.legal_type, clm_legal_type_name(CLM_LEGAL_ENTITY),
                 clm_legal_type_name(CLM_SOLE_TRADER), clm_legal_type_name(CLM_INDIVIDUAL));
        return bad(CLM_EINVAL, doc_no, "client.legal_type", what);
    }
    if (!clm_discount__strings_ok(doc->client.categories, doc->client.category_count))
        return bad(CLM_EINVAL, doc_no, "client.categories", clm_core__tr("a client category is NULL (or the array is missing)"));
    if (!clm_discount__strings_ok(doc->coupons, doc->coupon_count))
        return bad(CLM_EINVAL, doc_no, "coupons", clm_core__tr("a coupon is NULL (or the array is missing)"));
    if (doc->client.turnover_count > 0 && doc->client.turnover == NULL)
        return bad(CLM_EINVAL, doc_no, "client.turnover", clm_core__tr("the turnover array is missing"));
    if (doc->prepayment < 0 || doc->prepayment > CLM_RATE_ONE)
        return bad(CLM_EINVAL, doc_no, "prepayment", clm_core__tr("the prepaid share must be 0..100%"));
    if (doc->deferral_days < 0)
        return bad(CLM_EINVAL, doc_no, "deferral_days", clm_core__tr("the deferral cannot be negative"));
    for (size_t i = 0; i < doc->line_count; i++) {
        const clm_discount_line *l = &doc->lines[i];
        if (l->product == NULL || l->product[0] == '\0')
            return bad_line(CLM_EINVAL, doc_no, i, "product", clm_core__tr("the product is missing"));
        if (l->quantity <= 0)
            return bad_line(CLM_EINVAL, doc_no, i, "quantity",
                            clm_core__tr("the quantity must be positive (thousandths of a unit)"));
        if (l->unit_price.currency[0] == '\0') {
            if (e->prices == NULL)
                return bad_line(CLM_EINVAL, doc_no, i, "unit_price",
                                clm_core__tr("the line carries no price and the engine has no price book"));
        } else if (memcmp(l->unit_price.currency, e->policy->currency, 4) != 0)
            return bad_line(CLM_ECURRENCY, doc_no, i, "unit_price",
                            clm_core__tr("the price is not in the policy's currency"));
        if (l->unit_price.amount < 0)
            return bad_line(CLM_EINVAL, doc_no, i, "unit_price", clm_core__tr("the price is negative"));
        if (l->has_cost && memcmp(l->unit_cost.currency, e->policy->currency, 4) != 0)
            return bad_line(CLM_ECURRENCY, doc_no, i, "unit_cost",
                            clm_core__tr("the cost is not in the policy's currency"));
        if (l->has_cost && l->unit_cost.amount < 0)
            return bad_line(CLM_EINVAL, doc_no, i, "unit_cost", clm_core__tr("the cost is negative"));
        if (l->manual_rate < 0 || l->manual_rate > CLM_RATE_ONE)
            return bad_line(CLM_EINVAL, doc_no, i, "manual_rate",
                            clm_core__tr("the manual discount must be 0..100%"));
        if (in_bounds)
            in_bounds = l->unit_price.currency[0] != '\0' &&
                        !clm_core__mul_ovf(l->unit_price.amount, l->quantity, &hi) &&
                        !clm_core__add_ovf(base_bound, hi / CLM_DISCOUNT_QTY_SCALE + 1, &base_bound) &&
                        !clm_core__add_ovf(quantity, l->quantity, &quantity) &&
                        (!l->has_cost ||
                         (!clm_core__mul_ovf(l->unit_cost.amount, l->quantity, &hi) &&
                          !clm_core__add_ovf(cost_bound, hi / CLM_DISCOUNT_QTY_SCALE + 1, &cost_bound)));
    }
    if (bounded != NULL)
        *bounded = in_bounds && base_bound <= e->bounded_base && cost_bound <= CLM_DISCOUNT__LEAN_MAX;
    return 0;
}

/* ---- candidates -------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts and removes duplicates. */
static size_t sort_unique(uint32_t *v, size_t n)
{
    if (n < 2)
        return n;
    /* the lists often come in order (the products' rules, the groups',
     * the rest): sort from the first one out of order */
    size_t sorted = 1;
    while (sorted < n && v[sorted - 1] <= v[sorted])
        sorted++;
    if (sorted < n && n <= 24) {
        for (size_t i = sorted; i < n; i++) {
            uint32_t x = v[i];
            size_t j = i;
            while (j > 0 && v[j - 1] > x) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
    } else if (sorted < n) {
        clm_core__qsort(v, n, sizeof *v, cmp_u32);
    }
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

/* Removes repeated rule indexes, keeping the first of each (any order). */
static size_t stamp_unique(clm_discount__scratch *s, const clm_discount_engine *e, uint32_t *v, size_t n)
{
    clm_discount__next_seen(s, e);
    size_t u = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t ri = v[k];
        if (s->seen[ri] != s->stamp) {
            s->seen[ri] = s->stamp;
            v[u++] = ri;
        }
    }
    return u;
}

/* true if rule a beats rule b in their exclusion group on every line:
 * both are percentages that look only at the document, so on any base
 * their discounts rank as their rates (on a zero base every discount is
 * zero and the winner changes nothing); ties as in stacking.c */
static bool dominates(const clm_discount__crule *a, uint32_t ai, const clm_discount__crule *b, uint32_t bi)
{
    const clm_discount_rule *x = &a->r->pub, *y = &b->r->pub;
    if (x->action.rate != y->action.rate)
        return x->action.rate > y->action.rate;
    if (x->priority != y->priority)
        return x->priority > y->priority;
    return ai < bi;
}

static bool prunable(const clm_discount__crule *cr)
{
    return cr->nline == 0 && cr->excl != 0 && cr->r->pub.action.kind == CLM_DISCOUNT_PERCENT;
}

/* Drops the document-level percentages that another one of their
 * exclusion group beats on every line (tier tables: only the best tier
 * the document reaches can win). Exact: the figures do not change; only
 * the trace, which keeps them all, would have listed them as excluded. */
static size_t prune_dominated(const clm_discount_engine *e, uint32_t *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const clm_discount__crule *a = &e->rules[v[i]];
        bool beaten = false;
        if (prunable(a))
            for (size_t j = 0; j < n && !beaten; j++) {
                const clm_discount__crule *b = &e->rules[v[j]];
                beaten = j != i && prunable(b) && b->excl == a->excl &&
                         dominates(b, v[j], a, v[i]);
            }
        if (!beaten)
            v[k++] = v[i];
    }
    return k;
}

/* An AMOUNT_OFF_DOCUMENT rule's amount as the document takes it: cut to
 * the document's base. */
static int64_t doc_total(const clm_discount__crule *cr, int64_t doc_base)
{
    int64_t want = cr->r->pub.action.amount;
    return want < doc_base ? want : doc_base;
}

/* true if AMOUNT_OFF_DOCUMENT rule a is chosen over rule b when only one
 * of them may apply to the document: the larger amount taken off the
 * document (both cut to its base), then the larger amount as written,
 * then the higher priority, then the earlier definition. docs/rules.md,
 * "Price lists, promotions and retro-bonuses", Amount off the document. */
static bool doc_amount_wins(const clm_discount_engine *e, int64_t doc_base, uint32_t ai, uint32_t bi)
{
    const clm_discount__crule *a = &e->rules[ai], *b = &e->rules[bi];
    int64_t ta = doc_total(a, doc_base), tb = doc_total(b, doc_base);
    if (ta != tb)
        return ta > tb;
    if (a->r->pub.action.amount != b->r->pub.action.amount)
        return a->r->pub.action.amount > b->r->pub.action.amount;
    if (a->r->pub.priority != b->r->pub.priority)
        return a->r->pub.priority > b->r->pub.priority;
    return ai < bi;
}

/* true if AMOUNT_OFF_DOCUMENT rules a and b compete for the document:
 * they share an exclusion group, or the policy applies only the best
 * discount */
static bool doc_amounts_compete(const clm_discount_engine *e, const clm_discount__crule *a,
                                const clm_discount__crule *b)
{
    if (a->share == CLM__NONE32 || b->share == CLM__NONE32)
        return false;
    if (e->policy->stacking == CLM_DISCOUNT_STACK_BEST_ONLY)
        return true;
    return a->excl != 0 && a->excl == b->excl;
}

/* Keeps, of the AMOUNT_OFF_DOCUMENT rules that hold for the document and
 * compete (one exclusion group, or best-only stacking), the one chosen by
 * doc_amount_wins(), and drops the others for the whole document. Chosen
 * line by line instead, two amounts could together take more than either:
 * the largest-remainder split is not monotone in the amount (the Alabama
 * paradox of Hamilton's method, Balinski and Young, "Fair Representation",
 * 1982: bases 0.01, 0.03 and 0.03 take 0.01, 0.01, 0.01 of 0.03 but 0.00,
 * 0.02, 0.02 of 0.04). The kept one still meets the line's other
 * discounts of its group line by line. */
static size_t pick_doc_amounts(const clm_discount_engine *e, const clm_discount__doc *d, uint32_t *v,
                               size_t n, clm_discount__trace *t)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const clm_discount__crule *a = &e->rules[v[i]];
        uint32_t best = v[i];
        if (a->share != CLM__NONE32)
            for (size_t j = 0; j < n; j++)
                if (j != i && doc_amounts_compete(e, a, &e->rules[v[j]]) &&
                    doc_amount_wins(e, d->amount, v[j], best))
                    best = v[j];
        if (best == v[i]) {
            v[k++] = v[i];
            continue;
        }
        if (t != NULL) {
            const clm_discount__crule *w = &e->rules[best];
            char ta[64], tw[64];
            clm_discount__fmt_money(ta, sizeof ta, doc_total(a, d->amount), e->exponent,
                                    e->policy->currency);
            clm_discount__fmt_money(tw, sizeof tw, doc_total(w, d->amount), e->exponent,
                                    e->policy->currency);
            if (e->policy->stacking == CLM_DISCOUNT_STACK_BEST_ONLY)
                clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_EXCLUDED,
                                        CLM_DISCOUNT_STAGE_DISCOUNT, v[i], a->r->pub.id, d->amount,
                                        d->amount,
                                        "%s off the document: excluded from the whole document, the "
                                        "policy applies only the best discount and of the amounts "
                                        "off the document '%s' takes the most (%s); one is chosen "
                                        "for the document, not line by line",
                                        ta, w->r->pub.id, tw);
            else
                clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_EXCLUDED,
                                        CLM_DISCOUNT_STAGE_DISCOUNT, v[i], a->r->pub.id, d->amount,
                                        d->amount,
                                        "%s off the document: excluded from the whole document, "
                                        "exclusion group '%s' takes '%s' (%s off the document); one "
                                        "amount off the document is chosen per group, not line by line",
                                        ta, a->r->pub.exclusion_group, w->r->pub.id, tw);
        }
    }
    return k;
}

static size_t append_bucket(const clm_discount_engine *e, uint32_t b, uint32_t *out, size_t n)
{
    if (b == CLM__NONE32)
        return n;
    const clm_discount__bucket *bk = &e->buckets[b];
    /* a few rules a bucket: copied in a loop, not by a call */
    for (uint32_t k = 0; k < bk->len; k++)
        out[n + k] = e->items[bk->off + k];
    return n + bk->len;
}

/* Each line's bucket of the rules filed under its product (NONE: none)
 * into s->lprod: the names not met before are hashed first and their
 * slots asked for, so the lookups that follow find them in the cache (a
 * line priced from the book had its product hashed for the lookup). */
static void product_buckets(const clm_discount_engine *e, clm_discount__scratch *s,
                            const clm_discount_document *doc)
{
    const uint32_t unknown = CLM__NONE32 - 1; /* never a bucket */
    if (e->product_ids.count == 0) {
        /* one line (a quote of one product) needs no call to memset(),
         * which gcc makes of the loop */
        if (doc->line_count == 1)
            s->lprod[0] = CLM__NONE32;
        else
            for (size_t i = 0; i < doc->line_count; i++)
                s->lprod[i] = CLM__NONE32;
        return;
    }
    for (size_t i = 0; i < doc->line_count; i++) {
        const clm_discount_line *line = &doc->lines[i];
        clm_discount__memo *m = &s->product_memo[clm_discount__memo_slot(line->product)];
        if (m->name == line->product &&
            (m->gen == s->memo_gen || clm_discount__memo_same(m, line->product))) {
            m->gen = s->memo_gen;
            s->lprod[i] = m->id;
            continue;
        }
        s->lprod[i] = unknown;
        if (e->prices == NULL || line->unit_price.currency[0] != '\0')
            s->phash[i] = clm_discount__hash(line->product);
        __builtin_prefetch(clm_discount__map_home(&e->product_ids, s->phash[i]));
    }
    for (size_t i = 0; i < doc->line_count; i++)
        if (s->lprod[i] == unknown) {
            const char *name = doc->lines[i].product;
            clm_discount__memo *m = &s->product_memo[clm_discount__memo_slot(name)];
            s->lprod[i] = clm_discount__memo_keep(
                m, s, name, clm_discount__map_find_h(&e->product_ids, name, s->phash[i]));
        }
}

void clm_discount__scratch_forget(clm_discount__scratch *s)
{
    /* a new generation; after 2^32 - 1 calls the entries are cleared,
     * as generation 0 (calloc's) is never current */
    if (++s->memo_gen == 0) {
        memset(s->group_memo, 0, CLM_DISCOUNT__MEMO_KINDS * CLM_DISCOUNT__MEMO * sizeof *s->group_memo);
        s->memo_gen = 1;
    }
}

/* The chain of group id g (NONE: none) and its ancestors. */
static size_t line_chain(const clm_discount_engine *e, uint32_t g, uint32_t *chain)
{
    size_t n = 0;
    while (g != CLM__NONE32 && n < e->max_depth) {
        chain[n++] = g;
        g = e->group_parent[g];
    }
    return n;
}

/* The document's candidates into s->doc_cands: the rules filed under the
 * client's categories and the general ones (untraced, those no table
 * answers, then the tables' and the coupons' hits), without those that
 * look only at the document and fail for it (traced, each failure
 * explained in the document's trace). */
static void doc_candidates(const clm_discount_engine *e, clm_discount__doc *d,
                           clm_discount__scratch *s, clm_discount__trace *t)
{
    s->ndoc_cands = 0;
    const clm_discount_document *doc = d->doc;
    uint32_t cat_seen[8];
    size_t cat_buckets = 0;
    /* whether a candidate must be tested on the document (below) */
    bool doc_tests = t != NULL || e->untabled_tests;
    for (size_t c = 0; c < doc->client.category_count; c++) {
        uint32_t b = clm_discount__client_bucket(e, s, doc, c, cat_seen);
        if (b != CLM__NONE32) {
            s->ndoc_cands = append_bucket(e, b, s->doc_cands, s->ndoc_cands);
            cat_buckets++;
            doc_tests = doc_tests || e->bucket_tests[b];
        }
    }
    /* untraced, the threshold tables answer the rules they hold (below) */
    const uint32_t *general = t == NULL ? e->untabled : e->general;
    size_t ngeneral = t == NULL ? e->nuntabled : e->ngeneral;
    if (t != NULL && cat_buckets <= 1) {
        /* traced, in rule order: a bucket's rules and the general ones
         * are each in that order and have no rule in common (a rule is
         * filed under its anchor's values or is general), so one merge
         * from the back, in place, orders them */
        uint32_t *v = s->doc_cands;
        size_t i = s->ndoc_cands, j = ngeneral, k = s->ndoc_cands + ngeneral;
        while (j > 0) {
            if (i > 0 && v[i - 1] > general[j - 1])
                v[--k] = v[--i];
            else
                v[--k] = general[--j];
        }
        s->ndoc_cands += ngeneral;
    } else {
        for (size_t k = 0; k < ngeneral; k++)
            s->doc_cands[s->ndoc_cands + k] = general[k];
        s->ndoc_cands += ngeneral;
        /* a rule listing two of the client's categories is in two buckets */
        if (t != NULL)
            s->ndoc_cands = sort_unique(s->doc_cands, s->ndoc_cands);
        else if (cat_buckets > 1)
            s->ndoc_cands = stamp_unique(s, e, s->doc_cands, s->ndoc_cands);
    }
    /* a rule that looks only at the document holds for every line or for
     * none: decide it once, and explain a failure once, in the document's
     * trace */
    size_t k = doc_tests ? 0 : s->ndoc_cands;
    for (size_t i = 0; i < s->ndoc_cands && doc_tests; i++) {
        uint32_t ri = s->doc_cands[i];
        const clm_discount__crule *cr = &e->rules[ri];
        /* untraced, no line asks again (price_line() takes these as
         * holding), so the outcome is not cached */
        int f = cr->nline == 0 && cr->ncond > 0
                    ? clm_discount__cond_match(cr, ri, d, NULL, t ? &s->cache : NULL)
                    : -1;
        if (f < 0) {
            s->doc_cands[k++] = ri;
        } else if (t != NULL) {
            clm_discount__trace_not_matched(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_STAGE_DISCOUNT, ri,
                                            d->amount, 320, &cr->conds[f], d, NULL, e);
        }
    }
    s->ndoc_cands = k;
    if (t == NULL) {
        s->ndoc_cands += clm_discount__thresholds_hits(e, d, s->doc_cands + s->ndoc_cands);
        /* the masks of quick.c decide exclusion groups at no cost */
        if (!e->masks)
            s->ndoc_cands = prune_dominated(e, s->doc_cands, s->ndoc_cands);
    }
}

/* ---- pricing ------------------------------------------------------------------- */

/* The price-list query of a line that carries no price. */
static void price_query(clm_price_query *q, const clm_discount_document *doc, const clm_discount_line *line)
{
    *q = (clm_price_query)CLM_PRICE_QUERY_INIT;
    q->currency = doc->currency;
    q->date = doc->date;
    q->client = doc->client.id;
    q->categories = doc->client.categories;
    q->category_count = doc->client.category_count;
    q->region = doc->client.region;
    q->channel = doc->channel;
    q->product = line->product;
    q->group = line->group;
    q->quantity = line->quantity;
}

static int overflow(size_t doc_no, const char *what)
{
    return clm_core__fail_at(CLM_EOVERFLOW, what, "", 0,
                        "discount document %zu: the %s does not fit a 64-bit amount",
                        doc_no + 1, what);
}

int clm_discount__price_line(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                             size_t i, clm_discount__scratch *s, const clm_discount_caps *caps,
                             clm_discount_line_result *res, clm_discount__trace *t)
{
    const clm_discount_policy *p = e->policy;
    const clm_discount_line *line = &d->doc->lines[i];
    clm_discount__line l;
    clm_discount__line_view(&l, e, d, s, i, res->base);
    const uint32_t g = s->lgroup[i];

    if (t) {
        if (line->unit_price.currency[0] == '\0') {
            char origin[600];
            clm_price_query pq;
            clm_price_quote quote;
            price_query(&pq, d->doc, line);
            if (clm_discount__pbook_price(&quote, e->prices, &pq, origin, sizeof origin) == 0)
                clm_discount__trace_add(t, i, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_BASE,
                                        CLM_DISCOUNT_NONE, "price", 0, 0, "%s", origin);
        }
        clm_discount__trace_base(t, i, res->unit_price, line->quantity, res->base, line->product);
    }

    /* candidates: the product's rules, the groups', the categories', the
     * rest; a rule reached twice (two of its groups are on the line's
     * chain) counts once */
    size_t n = 0, ndirect, n0;
    const uint32_t *seg0 = s->cands, *seg1 = NULL;
    if (t == NULL && e->gcand_off != NULL) {
        /* untraced, the lists are read where they are: the product's
         * bucket, the group chain's rules (each once), the document's */
        uint32_t pb = s->lprod[i];
        n0 = pb == CLM__NONE32 ? 0 : e->buckets[pb].len;
        seg0 = pb == CLM__NONE32 ? NULL : e->items + e->buckets[pb].off;
        size_t n1 = g == CLM__NONE32 ? 0 : e->gcand_off[g + 1] - e->gcand_off[g];
        seg1 = g == CLM__NONE32 ? NULL : e->gcands + e->gcand_off[g];
        ndirect = n0 + n1;
        n = ndirect + s->ndoc_cands;
    } else {
        n = append_bucket(e, s->lprod[i], s->cands, n);
        /* only two group buckets can share a rule (a product rule is
         * filed under products alone) */
        size_t group_buckets = 0;
        for (size_t k = 0; k < l.chain_len; k++) {
            size_t before = n;
            n = append_bucket(e, e->group_bucket[l.chain[k]], s->cands, n);
            group_buckets += n > before;
        }
        if (group_buckets > 1)
            n = stamp_unique(s, e, s->cands, n);
        /* the document's candidates are unique already, and no rule is
         * both filed under a product or group and under a category or
         * nowhere */
        ndirect = n;
        if (t != NULL)
            memcpy(s->cands + n, s->doc_cands, s->ndoc_cands * sizeof *s->cands);
        n += s->ndoc_cands;
        /* the order never changes a figure (ties are broken by rule
         * index); the trace lists the rules in definition order */
        if (t)
            n = sort_unique(s->cands, n);
        n0 = t ? n : ndirect;
    }

    size_t nm = 0, ns = 0;
    const clm_core__i128 base = (clm_core__i128)res->base * CLM_DISCOUNT__MICRO;
    /* untraced, a line whose base in micro units fits 64 bits (below
     * 92 billion roubles) is stacked in 64-bit arithmetic */
    const bool fits = res->base <= CLM_DISCOUNT__LEAN_MAX; /* the values in 64 bits */
    const bool lean = t == NULL && fits;
    const int64_t base64 = fits ? res->base * CLM_DISCOUNT__MICRO : 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t ri = k < n0 ? seg0[k] : k < ndirect ? seg1[k - n0] : s->doc_cands[k - ndirect];
        const clm_discount__crule *cr = &e->rules[ri];
        /* untraced, the document's candidates come last, and those that
         * look only at the document were found to hold once for it */
        int f;
        if (t == NULL && k >= ndirect && cr->nline == 0)
            f = -1;
        else if (cr->line_range != 0) { /* as cond_match(), in place */
            int64_t v = cr->line_range == CLM_DISCOUNT_COND_LINE_QUANTITY ? line->quantity : l.base;
            f = cr->conds[0].min <= v && v <= cr->conds[0].max ? -1 : 0;
        } else
            f = clm_discount__cond_match(cr, ri, d, &l, &s->cache);
        if (f >= 0) {
            if (t)
                clm_discount__trace_not_matched(t, i, CLM_DISCOUNT_STAGE_DISCOUNT, ri, res->base, 320,
                                                &cr->conds[f], d, &l, e);
            continue;
        }
        if (cr->kind == CLM_DISCOUNT_SURCHARGE) {
            s->sur[ns++] = ri;
            continue;
        }
        clm_discount__match *m = &s->matches[nm++];
        m->rule = ri;
        m->priority = cr->priority;
        m->excl = cr->excl;
        m->state = 0;
        /* the discount on the base decides exclusion groups and best-only,
         * and is the discount itself when additive; compounding computes
         * on the running amount instead */
        m->value = 0;
        if (p->stacking != CLM_DISCOUNT_STACK_COMPOUNDING || m->excl != 0 || t != NULL) {
            if (fits && cr->kind == CLM_DISCOUNT_PERCENT)
                m->value = clm_discount__muldiv64(base64, cr->rate, p->rounding);
            else if (fits)
                m->value = clm_discount__amount64(&cr->r->pub.action, base64, &l, p->rounding,
                                                  clm_discount__share(e, s, ri, i));
            else if (cr->kind == CLM_DISCOUNT_PERCENT) /* as action_amount() */
                m->value = clm_discount__muldiv(base, cr->rate, CLM_RATE_ONE, p->rounding);
            else
                clm_discount__action_amount(&m->value, &cr->r->pub.action, base, &l, p->rounding,
                                            clm_discount__share(e, s, ri, i));
        }
    }
    if (line->manual_rate > 0) {
        clm_discount__match *m = &s->matches[nm++];
        m->rule = CLM__NONE32;
        m->priority = INT32_MIN;
        m->excl = 0;
        m->state = 0;
        m->value = fits ? clm_discount__muldiv64(base64, line->manual_rate, p->rounding)
                        : clm_discount__muldiv(base, line->manual_rate, CLM_RATE_ONE, p->rounding);
    }
    int rc = lean ? clm_discount__stack_lean(e, s, nm, &l, i, res)
                  : clm_discount__stack(e, s, nm, &l, i, res, t);
    if (rc < 0)
        return rc;

    /* stage 4: surcharges add up and apply once */
    res->surcharge = 0;
    if (ns > 0) {
        int64_t total_rate = 0;
        for (size_t k = 0; k < ns; k++) {
            s->weights[k] = e->rules[s->sur[k]].r->pub.action.rate;
            total_rate += s->weights[k];
        }
        int64_t sur;
        rc = clm_muldiv_round(&sur, res->net, total_rate, CLM_RATE_ONE, p->rounding);
        int64_t net;
        if (rc < 0 || clm_core__add_ovf(res->net, sur, &net))
            return overflow(doc_no, "surcharge");
        clm_discount__split(s->parts, sur, s->weights, ns, s->wide, s->idx);
        int64_t run = res->net;
        for (size_t k = 0; k < ns && t; k++) {
            const clm_discount__crule *cr = &e->rules[s->sur[k]];
            char buf[CLM_DISCOUNT__ACTION_MAX];
            const char *why = clm_discount__action_text(buf, sizeof buf, t, s->sur[k], line, e);
            clm_discount__trace_add(t, i, CLM_DISCOUNT_TRACE_APPLIED, CLM_DISCOUNT_STAGE_SURCHARGE,
                                    s->sur[k], cr->r->pub.id, run, run + s->parts[k],
                                    "%s on the discounted amount", why);
            run += s->parts[k];
        }
        res->surcharge = sur;
        res->net = net;
        if (sur > 0)
            res->rules_applied += ns;
    }
    /* stage 5, per line */
    res->capped = 0;
    return clm_discount__caps_line(e, caps, line, res, i, t);
}

/* An AMOUNT_OFF_DOCUMENT rule whose conditions hold: its amount (cut to
 * the document's base) split over the lines in proportion to their bases,
 * by the largest-remainder method (clm_discount__split: each line gets the
 * floor of its exact share, the units left go one each to the largest
 * remainders, ties to the earlier line). docs/rules.md, "Price lists,
 * promotions and retro-bonuses", Amount off the document. */
static void doc_shares(const clm_discount_engine *e, const clm_discount__doc *d,
                       clm_discount__scratch *s, const clm_discount_line_result *lines,
                       uint32_t ri, clm_discount__trace *t)
{
    const clm_discount__crule *cr = &e->rules[ri];
    if (cr->share == CLM__NONE32)
        return;
    size_t n = d->doc->line_count;
    int64_t want = cr->r->pub.action.amount;
    int64_t total = doc_total(cr, d->amount);
    for (size_t i = 0; i < n; i++)
        s->weights[i] = lines[i].base;
    int64_t *row = s->shares + (size_t)cr->share * s->share_stride;
    clm_discount__split(row, total, s->weights, n, s->wide, s->idx);
    if (t != NULL) {
        char a[64], b[64];
        clm_discount__fmt_money(a, sizeof a, want, e->exponent, e->policy->currency);
        clm_discount__fmt_money(b, sizeof b, total, e->exponent, e->policy->currency);
        clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_ADJUSTED,
                                CLM_DISCOUNT_STAGE_DISCOUNT, ri, cr->r->pub.id, d->amount,
                                d->amount,
                                "%s off the document%s%s: split over %zu line%s in proportion "
                                "to their bases, rounded down, the minor units left to the "
                                "largest remainders (ties: the earlier line)",
                                a, total < want ? clm_core__tr(", cut to the document's base ") : "",
                                total < want ? b : "", n, n == 1 ? "" : clm_core__tr("s"));
    }
}

int clm_discount__totals_end(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                             clm_discount_totals *tot, clm_discount__trace *t)
{
    if (tot->base > 0 &&
        clm_discount__ppm(&tot->rate, tot->base - tot->net, tot->base, CLM_ROUND_CEILING) < 0)
        return overflow(doc_no, "document rate");
    return clm_discount__totals_close(e, d, tot, t);
}

int clm_discount__totals(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                         clm_discount_line_result *lines, clm_discount_totals *tot,
                         clm_discount__trace *t)
{
    const clm_discount_document *doc = d->doc;
    clm_discount__totals_start(tot);
    for (size_t i = 0; i < doc->line_count; i++) {
        int rc = clm_discount__totals_line(e, doc_no, &doc->lines[i], &lines[i], i, tot);
        if (rc < 0)
            return rc;
    }
    return clm_discount__totals_end(e, d, doc_no, tot, t);
}

int clm_discount__price(const clm_discount_engine *e, const clm_discount_document *doc, size_t doc_no,
                clm_discount__scratch *s, clm_discount_line_result *lines, clm_discount_totals *tot,
                clm_discount__trace *t)
{
    const clm_discount_policy *p = e->policy;
    int rc;
    clm_discount__doc d;
    memset(&d, 0, sizeof d);
    d.doc = doc;
    d.slot_qty = s->slots;
    d.slot_amount = s->slots + e->nslots;
    d.coupon_match = p->coupon_match;
    /* a new document: the cached document conditions are stale (generation
     * 0 is never current, as gen[] starts at 0) */
    if (++s->cache.now == 0) {
        memset(s->cache.gen, 0, (e->nrules + 1) * sizeof *s->cache.gen);
        s->cache.now = 1;
    }
    for (size_t k = 0; k < 2 * e->nslots; k++)
        s->slots[k] = 0;
    if (doc->client.since != CLM_DISCOUNT_NO_DATE) {
        d.has_tenure = 1;
        d.tenure = (int64_t)doc->date - doc->client.since;
    }

    /* stage 0: the lists the client sees, once for the document; the
     * lookups wait on memory, so ask for it for every line first: the
     * product index's slots, then (once the lines' groups are found,
     * which gives the slots time to arrive) the products' records */
    if (e->prices != NULL)
        for (size_t i = 0; i < doc->line_count; i++)
            if (doc->lines[i].unit_price.currency[0] == '\0') {
                s->phash[i] = clm_discount__hash(doc->lines[i].product);
                clm_discount__pbook_prefetch(e->prices, s->phash[i], 0);
            }
    /* without a book the groups are found in stage 1's pass (below) */
    if (e->prices != NULL)
        for (size_t i = 0; i < doc->line_count; i++)
            s->lgroup[i] = clm_discount__group_id(e, s, doc->lines[i].group);
    product_buckets(e, s, doc);
    s->nplists = 0;
    if (e->prices != NULL) {
        clm_price_query q;
        price_query(&q, doc, &doc->lines[0]);
        s->nplists = clm_discount__pbook_audience(s->plists, e->prices, &q);
        for (int pass = 1; pass < CLM_DISCOUNT__PBOOK_PASSES; pass++)
            for (size_t i = 0; i < doc->line_count; i++)
                if (doc->lines[i].unit_price.currency[0] == '\0')
                    clm_discount__pbook_prefetch(e->prices, s->phash[i], pass);
    }
    /* stage 1 and the document's facts */
    for (size_t i = 0; i < doc->line_count; i++) {
        const clm_discount_line *line = &doc->lines[i];
        clm_discount_line_result *res = &lines[i];
        clm_discount__zero(res, sizeof *res); /* padding included */
        res->unit_price = line->unit_price.amount;
        if (e->prices == NULL)
            s->lgroup[i] = clm_discount__group_id(e, s, line->group);
        if (line->unit_price.currency[0] == '\0') {
            /* stage 0: the price from the book */
            clm_price_query q;
            price_query(&q, doc, line);
            uint32_t g = s->lgroup[i] != CLM__NONE32 ? e->book_group[s->lgroup[i]]
                                                     : clm_discount__pbook_group(e->prices, line->group);
            rc = clm_discount__pbook_price_in(&res->unit_price, e->prices, &q, s->phash[i], g, s->plists,
                                              s->nplists);
            if (rc < 0)
                return clm_core__fail_at(rc, "unit_price", "", 0, "discount document %zu, line %zu: %s",
                                         doc_no + 1, i + 1, clm_error_last()->message);
        }
        if (clm_discount__times_qty(&res->base, res->unit_price, line->quantity, p->rounding) < 0)
            return overflow(doc_no, "line base");
        if (line->has_cost &&
            clm_discount__times_qty(&res->cost, line->unit_cost.amount, line->quantity, p->rounding) < 0)
            return overflow(doc_no, "line cost");
        if (clm_core__add_ovf(d.quantity, line->quantity, &d.quantity))
            return overflow(doc_no, "document quantity");
        if (clm_core__add_ovf(d.amount, res->base, &d.amount))
            return overflow(doc_no, "document amount");
        if (e->nslots > 0) {
            size_t cl = line_chain(e, s->lgroup[i], s->chain);
            for (size_t k = 0; k < cl; k++) {
                uint32_t slot = e->group_slot[s->chain[k]];
                if (slot == CLM__NONE32)
                    continue;
                if (clm_core__add_ovf(d.slot_qty[slot], line->quantity, &d.slot_qty[slot]) ||
                    clm_core__add_ovf(d.slot_amount[slot], res->base, &d.slot_amount[slot]))
                    return overflow(doc_no, "group sum");
            }
        }
    }
    if (t == NULL && e->masks) {
        clm_discount__doc_bits(e, &d, s);
        /* a line beyond the 64-bit path's bound takes price_line(),
         * which reads the candidates */
        if (d.amount > CLM_DISCOUNT__LEAN_MAX)
            doc_candidates(e, &d, s, NULL);
    } else {
        doc_candidates(e, &d, s, t);
    }

    /* amounts off the whole document: one per exclusion group (or one in
     * all with best-only stacking), then each kept rule's share of every
     * line */
    if (e->nshare > 0) {
        s->ndoc_cands = pick_doc_amounts(e, &d, s->doc_cands, s->ndoc_cands, t);
        for (size_t i = 0; i < s->ndoc_cands; i++)
            doc_shares(e, &d, s, lines, s->doc_cands[i], t);
    }

    /* most policies have no caps per role, most documents no role */
    const clm_discount_caps *caps = doc->role == NULL || p->nrole_caps == 0
                                        ? &p->caps
                                        : clm_discount__caps_for(p, doc->role);
    /* untraced, a percentage engine's lines go through quick.c, priced
     * from the book or not (stage 1 put the book's price into each
     * result, as the general path reads it) */
    if (t == NULL && e->quick)
        return clm_discount__quick_lines(e, &d, doc_no, s, caps, lines, tot);
    for (size_t i = 0; i < doc->line_count; i++) {
        rc = clm_discount__price_line(e, &d, doc_no, i, s, caps, &lines[i], t);
        if (rc < 0)
            return rc;
    }
    rc = clm_discount__caps_document(e, caps, lines, doc->line_count, tot, s, t);
    if (rc < 0)
        return rc;
    rc = clm_discount__totals(e, &d, doc_no, lines, tot, t);
    if (rc < 0)
        return rc;
    if (t != NULL) {
        clm_discount__trace_total(t, e, tot, doc->line_count);
        clm_discount__trace_approval(t, e, tot);
    }
    return 0;
}
