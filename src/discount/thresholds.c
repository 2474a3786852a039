/*
 * thresholds.c — threshold tables: the rules that name no product, group
 * or category and have one condition, a range on one fact of the
 * document (its date, quantity, amount, deferral or prepaid share), are
 * answered per document by one binary search instead of testing each.
 * A policy's promotions by date window, volume tiers and deferral
 * surcharges are such rules; a 10,000-rule policy has a few hundred.
 * The rules whose one condition lists coupon codes are likewise found
 * by looking the document's coupons up.
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

/* ---- coupons ----------------------------------------------------------------
 * The general rules whose one condition lists coupon codes are filed
 * under each code, folded as the policy compares codes
 * (clm_coupon_code_equal()), so a document's coupons are looked up
 * instead of each rule comparing its codes with them. */

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool coupon_rule(const clm_discount__crule *cr)
{
    return cr->ncond == 1 && cr->nline == 0 && cr->conds[0].kind == CLM_DISCOUNT_COND_COUPON;
}

/* 0, CLM_ENOMEM; leaves e->coupon_off NULL when no rule qualifies or a
 * code is longer than an id may be */
static int build_coupons(clm_discount_engine *e)
{
    bool folded = e->policy->coupon_match == CLM_DISCOUNT_COUPON_FOLD_ASCII;
    if (!folded && e->policy->coupon_match != CLM_DISCOUNT_COUPON_EXACT)
        return 0;
    size_t nvalues = 0, bytes = 0;
    for (size_t i = 0; i < e->ngeneral; i++) {
        const clm_discount__crule *cr = &e->rules[e->general[i]];
        if (!coupon_rule(cr))
            continue;
        const clm_discount_condition *c = cr->conds[0].c;
        for (size_t v = 0; v < c->value_count; v++) {
            size_t len = strlen(c->values[v]);
            if (len > CLM__ID_MAX)
                return 0;
            bytes += len + 1;
        }
        nvalues += c->value_count;
    }
    if (nvalues == 0)
        return 0;
    /* every distinct folded code once, then its rules (CSR) */
    e->coupon_keys = clm_core__reallocarray(NULL, bytes, 1);
    e->coupon_off = clm_core__calloc(nvalues + 1, sizeof *e->coupon_off);
    e->coupon_items = clm_core__reallocarray(NULL, nvalues, sizeof *e->coupon_items);
    uint32_t *code_of = clm_core__reallocarray(NULL, nvalues, sizeof *code_of);
    uint32_t *rule_of = clm_core__reallocarray(NULL, nvalues, sizeof *rule_of);
    if (e->coupon_keys == NULL || e->coupon_off == NULL || e->coupon_items == NULL ||
        code_of == NULL || rule_of == NULL || clm_discount__map_reserve(&e->coupon_ids, nvalues) < 0) {
        clm_core__free(code_of);
        clm_core__free(rule_of);
        return CLM_ENOMEM;
    }
    size_t at = 0, k = 0, ncodes = 0;
    for (size_t i = 0; i < e->ngeneral; i++) {
        const clm_discount__crule *cr = &e->rules[e->general[i]];
        if (!coupon_rule(cr))
            continue;
        const clm_discount_condition *c = cr->conds[0].c;
        for (size_t v = 0; v < c->value_count; v++) {
            char *key = e->coupon_keys + at;
            size_t len = strlen(c->values[v]);
            for (size_t j = 0; j <= len; j++)
                key[j] = folded ? fold(c->values[v][j]) : c->values[v][j];
            uint32_t code = clm_discount__map_get(&e->coupon_ids, key);
            if (code == CLM__NONE32) {
                code = (uint32_t)ncodes++;
                clm_discount__map_put(&e->coupon_ids, key, code);
                at += len + 1;
            }
            /* a rule listing one code twice is filed once */
            bool again = false;
            for (size_t w = k; w-- > 0 && rule_of[w] == e->general[i] && !again;)
                again = code_of[w] == code;
            if (again)
                continue;
            code_of[k] = code;
            rule_of[k++] = e->general[i];
        }
    }
    /* count per code, then fill each code's run in definition order */
    for (size_t j = 0; j < k; j++)
        e->coupon_off[code_of[j] + 1]++;
    for (size_t c = 0; c < ncodes; c++)
        e->coupon_off[c + 1] += e->coupon_off[c];
    uint32_t *pos = clm_core__reallocarray(NULL, ncodes, sizeof *pos);
    if (pos == NULL) {
        clm_core__free(code_of);
        clm_core__free(rule_of);
        return CLM_ENOMEM;
    }
    memcpy(pos, e->coupon_off, ncodes * sizeof *pos);
    for (size_t j = 0; j < k; j++)
        e->coupon_items[pos[code_of[j]]++] = rule_of[j];
    clm_core__free(pos);
    clm_core__free(code_of);
    clm_core__free(rule_of);
    return 0;
}

/* a rule whose outcome for a document is tested on the document: no line
 * condition, one besides its anchor */
static bool doc_test(const clm_discount__crule *cr)
{
    return cr->nline == 0 && cr->ncond > 0;
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
        /* one rule is worth a table too: two or three segments scanned
         * cost less than its condition tested (cond_match()) */
        if (n >= 1 && n <= MAX_RULES && build_one(t, e, mine, n) < 0) {
            clm_core__free(mine);
            return CLM_ENOMEM;
        }
        if (t->nseg > 0)
            e->tabled[e->ntabled++] = (uint8_t)f;
    }
    clm_core__free(mine);
    if (build_coupons(e) < 0)
        return CLM_ENOMEM;
    e->nuntabled = 0;
    for (size_t i = 0; i < e->ngeneral; i++) {
        const clm_discount__crule *cr = &e->rules[e->general[i]];
        int f = tabled_fact(cr);
        bool tabled = (f >= 0 && e->ftables[f].nseg > 0) ||
                      (e->coupon_off != NULL && coupon_rule(cr));
        if (!tabled)
            e->untabled[e->nuntabled++] = e->general[i];
        e->untabled_tests = e->untabled_tests || (!tabled && doc_test(cr));
    }
    e->bucket_tests = clm_core__calloc(e->nbuckets + 1, sizeof *e->bucket_tests);
    if (e->bucket_tests == NULL)
        return CLM_ENOMEM;
    for (size_t b = 0; b < e->nbuckets; b++)
        for (uint32_t k = 0; k < e->buckets[b].len; k++)
            e->bucket_tests[b] = e->bucket_tests[b] || doc_test(&e->rules[e->items[e->buckets[b].off + k]]);
    return 0;
}

void clm_discount__thresholds_free(clm_discount_engine *e)
{
    for (int f = 0; f < CLM_DISCOUNT__FACTS; f++) {
        clm_core__free(e->ftables[f].starts);
        clm_core__free(e->ftables[f].off);
        clm_core__free(e->ftables[f].items);
        clm_core__free(e->ftables[f].hold);
    }
    clm_core__free(e->untabled);
    clm_core__free(e->bucket_tests);
    clm_discount__map_free(&e->coupon_ids);
    clm_core__free(e->coupon_keys);
    clm_core__free(e->coupon_off);
    clm_core__free(e->coupon_items);
}

size_t clm_discount__segment_search(const clm_discount__ftable *t, int64_t v)
{
    if (v == INT64_MAX)
        return t->nseg - 1;
    int64_t above = v + 1;
    return clm_core__lower_bound(&above, t->starts, t->nseg, sizeof *t->starts, cmp_i64) - 1;
}

/* The slot of coupon `code` among the codes the rules name (folded as
 * the policy compares codes; its value the code's id), or NULL. */
static const clm_discount__slot *coupon_slot(const clm_discount_engine *e, const char *code)
{
    bool folded = e->policy->coupon_match == CLM_DISCOUNT_COUPON_FOLD_ASCII;
    char key[CLM__ID_MAX + 1];
    size_t len = 0;
    while (code[len] != '\0' && len <= CLM__ID_MAX) {
        if (len < CLM__ID_MAX)
            key[len] = folded ? fold(code[len]) : code[len];
        len++;
    }
    if (len > CLM__ID_MAX) /* longer than any code a rule names */
        return NULL;
    key[len] = '\0';
    return clm_discount__map_find(&e->coupon_ids, key);
}

/* The id of coupon `code` (coupon_slot()), or NONE. */
static uint32_t coupon_code(const clm_discount_engine *e, const char *code)
{
    const clm_discount__slot *slot = coupon_slot(e, code);
    return slot == NULL ? CLM__NONE32 : slot->val;
}

size_t clm_discount__thresholds_hits(const clm_discount_engine *e, const clm_discount__doc *d,
                                     uint32_t *out)
{
    size_t n = 0;
    for (size_t k = 0; k < e->ntabled; k++) {
        const clm_discount__ftable *t = &e->ftables[e->tabled[k]];
        size_t lo = clm_discount__segment_of(t, clm_discount__fact_value(t->kind, d));
        /* a few rules a segment: copied in a loop, not by a call */
        for (uint32_t j = t->off[lo]; j < t->off[lo + 1]; j++)
            out[n++] = t->items[j];
    }
    if (e->coupon_off == NULL)
        return n;
    size_t first = n;
    for (size_t i = 0; i < d->doc->coupon_count; i++) {
        uint32_t c = coupon_code(e, d->doc->coupons[i]);
        if (c == CLM__NONE32)
            continue;
        /* a rule naming two of the document's coupons counts once */
        for (uint32_t k = e->coupon_off[c]; k < e->coupon_off[c + 1]; k++) {
            bool again = false;
            for (size_t j = first; j < n && !again; j++)
                again = out[j] == e->coupon_items[k];
            if (!again)
                out[n++] = e->coupon_items[k];
        }
    }
    return n;
}

/* true if memo entry m, met in an earlier call at the same address,
 * holds for coupon `code` now: the code, folded as the policy compares
 * codes, reads as the engine's folded code (then coupon_code() gives
 * m's id: the two have one length, at most CLM__ID_MAX). */
static bool coupon_same(const clm_discount__memo *m, const char *code, bool folded)
{
    const char *k = m->key;
    if (k == NULL)
        return false;
    for (;; k++, code++) {
        char c = folded ? fold(*code) : *code;
        if (c != *k)
            return false;
        if (c == '\0')
            return true;
    }
}

uint64_t clm_discount__coupon_bits(const clm_discount_engine *e, const clm_discount__doc *d,
                                   clm_discount__scratch *s)
{
    bool folded = e->policy->coupon_match == CLM_DISCOUNT_COUPON_FOLD_ASCII;
    uint64_t hold = 0;
    for (size_t i = 0; i < d->doc->coupon_count; i++) {
        /* by the code's address, as the names of evaluate.c */
        const char *code = d->doc->coupons[i];
        clm_discount__memo *m = &s->coupon_memo[clm_discount__memo_slot(code)];
        if (m->name == code && (m->gen == s->memo_gen || coupon_same(m, code, folded)))
            m->gen = s->memo_gen;
        else
            clm_discount__memo_keep(m, s, code, coupon_slot(e, code));
        if (m->id != CLM__NONE32)
            hold |= e->coupon_hold[m->id];
    }
    return hold;
}
