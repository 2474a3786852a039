/*
 * thresholds.c — threshold tables: the rules that name no product, group
 * or category and have one condition, a range on one fact of the
 * document (its date, quantity, amount, deferral or prepaid share), are
 * answered per document by one binary search instead of testing each.
 * A policy's promotions by date window, volume tiers and deferral
 * surcharges are such rules; a 10,000-rule policy has a few hundred.
 *
 * The table of a fact cuts the number line at every rule's min and
 * max + 1; within a segment the same rules hold, so each segment lists
 * them. Used by untraced pricing only: the trace reports the rules that
 * fail, which a table never visits.
 */
#include <string.h>

#include "discount_internal.h"

/* the facts a table may answer */
static const clm_discount_cond_kind facts[CLM_DISCOUNT__FACTS] = {
    CLM_DISCOUNT_COND_DATE, CLM_DISCOUNT_COND_DOC_QUANTITY, CLM_DISCOUNT_COND_DOC_AMOUNT,
    CLM_DISCOUNT_COND_DEFERRAL, CLM_DISCOUNT_COND_PREPAYMENT,
};

/* More rules on one fact than this, or more than ITEMS_PER_RULE entries
 * a rule, and the fact keeps its rules tested one by one: the table
 * would cost more to build or hold than it saves. */
#define MAX_RULES 2048
#define ITEMS_PER_RULE 16

static int fact_of(clm_discount_cond_kind k)
{
    for (int f = 0; f < CLM_DISCOUNT__FACTS; f++)
        if (facts[f] == k)
            return f;
    return -1;
}

/* the fact of a general rule a table can answer, or -1 */
static int tabled_fact(const clm_discount__crule *cr)
{
    if (cr->ncond != 1 || cr->nline != 0)
        return -1;
    return fact_of(cr->conds[0].kind);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Builds the table of fact f over rules[0..n); 0 if it is not worth it
 * (t->nseg stays 0), CLM_ENOMEM. */
static int build_one(clm_discount__ftable *t, const clm_discount_engine *e, const uint32_t *rules,
                     size_t n)
{
    int64_t *cuts = clm_core__reallocarray(NULL, 2 * n + 1, sizeof *cuts);
    if (cuts == NULL)
        return CLM_ENOMEM;
    size_t nc = 0;
    cuts[nc++] = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        const clm_discount__ccond *cc = &e->rules[rules[i]].conds[0];
        cuts[nc++] = cc->min;
        if (cc->max < INT64_MAX)
            cuts[nc++] = cc->max + 1;
    }
    clm_core__qsort(cuts, nc, sizeof *cuts, cmp_i64);
    size_t nseg = 0;
    for (size_t i = 0; i < nc; i++)
        if (nseg == 0 || cuts[i] != cuts[nseg - 1])
            cuts[nseg++] = cuts[i];
    /* count, then fill; a rule covers a whole segment or none of it */
    uint32_t *off = clm_core__calloc(nseg + 1, sizeof *off);
    if (off == NULL) {
        clm_core__free(cuts);
        return CLM_ENOMEM;
    }
    size_t total = 0;
    for (size_t k = 0; k < nseg; k++)
        for (size_t i = 0; i < n; i++) {
            const clm_discount__ccond *cc = &e->rules[rules[i]].conds[0];
            total += cc->min <= cuts[k] && cuts[k] <= cc->max;
        }
    if (total > ITEMS_PER_RULE * n) {
        clm_core__free(cuts);
        clm_core__free(off);
        return 0;
    }
    uint32_t *items = clm_core__reallocarray(NULL, total + 1, sizeof *items);
    if (items == NULL) {
        clm_core__free(cuts);
        clm_core__free(off);
        return CLM_ENOMEM;
    }
    size_t at = 0;
    for (size_t k = 0; k < nseg; k++) {
        off[k] = (uint32_t)at;
        for (size_t i = 0; i < n; i++) {
            const clm_discount__ccond *cc = &e->rules[rules[i]].conds[0];
            if (cc->min <= cuts[k] && cuts[k] <= cc->max)
                items[at++] = rules[i];
        }
    }
    off[nseg] = (uint32_t)at;
    t->starts = cuts;
    t->off = off;
    t->items = items;
    t->nseg = nseg;
    return 0;
}

int clm_discount__thresholds_build(clm_discount_engine *e)
{
    e->untabled = clm_core__reallocarray(NULL, e->ngeneral + 1, sizeof *e->untabled);
    uint32_t *mine = clm_core__reallocarray(NULL, e->ngeneral + 1, sizeof *mine);
    if (e->untabled == NULL || mine == NULL) {
        clm_core__free(mine);
        return CLM_ENOMEM;
    }
    for (int f = 0; f < CLM_DISCOUNT__FACTS; f++) {
        clm_discount__ftable *t = &e->ftables[f];
        memset(t, 0, sizeof *t);
        t->kind = facts[f];
        size_t n = 0;
        for (size_t i = 0; i < e->ngeneral; i++)
            if (tabled_fact(&e->rules[e->general[i]]) == f)
                mine[n++] = e->general[i];
        if (n >= 2 && n <= MAX_RULES && build_one(t, e, mine, n) < 0) {
            clm_core__free(mine);
            return CLM_ENOMEM;
        }
    }
    clm_core__free(mine);
    e->nuntabled = 0;
    for (size_t i = 0; i < e->ngeneral; i++) {
        int f = tabled_fact(&e->rules[e->general[i]]);
        if (f < 0 || e->ftables[f].nseg == 0)
            e->untabled[e->nuntabled++] = e->general[i];
    }
    return 0;
}

void clm_discount__thresholds_free(clm_discount_engine *e)
{
    for (int f = 0; f < CLM_DISCOUNT__FACTS; f++) {
        clm_core__free(e->ftables[f].starts);
        clm_core__free(e->ftables[f].off);
        clm_core__free(e->ftables[f].items);
    }
    clm_core__free(e->untabled);
}

/* the document's value of a table's fact */
static int64_t fact_value(clm_discount_cond_kind k, const clm_discount__doc *d)
{
    switch (k) {
    case CLM_DISCOUNT_COND_DATE:
        return d->doc->date;
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
        return d->quantity;
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
        return d->amount;
    case CLM_DISCOUNT_COND_DEFERRAL:
        return d->doc->deferral_days;
    default: /* CLM_DISCOUNT_COND_PREPAYMENT */
        return d->doc->prepayment;
    }
}

size_t clm_discount__thresholds_hits(const clm_discount_engine *e, const clm_discount__doc *d,
                                     uint32_t *out)
{
    size_t n = 0;
    for (int f = 0; f < CLM_DISCOUNT__FACTS; f++) {
        const clm_discount__ftable *t = &e->ftables[f];
        if (t->nseg == 0)
            continue;
        int64_t v = fact_value(t->kind, d);
        /* the last segment starting at or below v (starts[0] is INT64_MIN):
         * the one before the first start above v */
        size_t lo = t->nseg - 1;
        if (v < INT64_MAX) {
            int64_t above = v + 1;
            lo = clm_core__lower_bound(&above, t->starts, t->nseg, sizeof *t->starts, cmp_i64) - 1;
        }
        size_t len = t->off[lo + 1] - t->off[lo];
        memcpy(out + n, t->items + t->off[lo], len * sizeof *out);
        n += len;
    }
    return n;
}
