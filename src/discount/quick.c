/*
 * quick.c — stages 2 to 5, the lines' figures and the totals of a
 * document priced without a trace by an engine whose rules are all
 * percentages (PERCENT, SURCHARGE, EARLY_PAYMENT): what a quote or an
 * order screen asks for most.
 *
 * A percentage's discount on a line's base b is b x rate micro units,
 * exactly (the base in micro units is a multiple of 10^6, so
 * clm_discount__muldiv64() never rounds it). On a positive base the
 * discounts therefore rank as the rates do, whatever the line: the
 * winner of an exclusion group and the one discount best-only stacking
 * keeps are decided by a rank fixed at compile time (rate, then
 * priority, then definition order: stacking.c's order), and the order
 * of application by another (priority, then definition order). So a
 * line's matches are resolved in one pass, without computing a value
 * per match or sorting them, and additive stacking is one sum. On a
 * zero base every discount is zero and no rule applies, whatever wins.
 *
 * Two forms: up to 63 rules, each rule is the bit of its rank
 * (discount_line_masks(): a line's holding rules are one word, a
 * group's winner its lowest holding bit); beyond, stamps per exclusion
 * group (discount_line()). Both decide once per document what no line
 * can change. The net, the rate and the margin are rounded without a
 * branch on the remainder, which varies from line to line.
 *
 * The figures are those of clm_discount__price()'s general path
 * (price_line(), clm_discount__stack_lean(), clm_discount__caps_line(),
 * clm_discount__line_figures()); tests/discount_corpus_test.c holds the
 * two to each other and to a digest taken before this path existed.
 */
#include <stddef.h>
#include <string.h>

#include "discount_internal.h"

/* ---- the document's candidates, with masks ------------------------------- */

/* List L's part of the document (compile.c's doc_masks()): its rules
 * that hold once drawn, its rules that look at the document, tested. */
__attribute__((always_inline)) static inline void
add_bits(const clm_discount_engine *e, const clm_discount__doc *d, clm_discount__scratch *s,
         size_t L)
{
    s->dhold |= e->lhold[L];
    /* untraced, no line asks again: the outcome is not cached */
    for (uint32_t k = e->lcheck_off[L]; k < e->lcheck_off[L + 1]; k++) {
        uint32_t ri = e->lchecks[k];
        const clm_discount__crule *cr = &e->rules[ri];
        bool holds;
        if (cr->doc_range != 0) {
            /* as cond_match(), in place */
            int64_t x = cr->doc_range == CLM_DISCOUNT_COND_DOC_QUANTITY ? d->quantity : d->amount;
            holds = cr->conds[0].min <= x && x <= cr->conds[0].max;
        } else {
            holds = clm_discount__cond_match(cr, ri, d, NULL, NULL) < 0;
        }
        if (holds)
            s->dhold |= UINT64_C(1) << cr->rank;
    }
}

/* List L's line tests appended to s->tests (once each if `unique`: a
 * rule listing two of the client's categories is in two buckets). */
static void add_tests(const clm_discount_engine *e, clm_discount__scratch *s, size_t L, bool unique)
{
    for (uint32_t k = e->ltest_off[L]; k < e->ltest_off[L + 1]; k++) {
        const clm_discount__test *x = &e->ltests[k];
        if (unique) {
            if (s->seen[x->rule] == s->stamp)
                continue;
            s->seen[x->rule] = s->stamp;
        }
        s->tests[s->ndtests++] = *x;
    }
}

/* clm_discount__doc_bits(), inline here. */
__attribute__((always_inline)) static inline void
doc_bits(const clm_discount_engine *e, clm_discount__doc *d, clm_discount__scratch *s)
{
    const clm_discount_document *doc = d->doc;
    const size_t general = e->nbuckets; /* the untabled rules' list */
    bool unique = doc->client.category_count > 1, copied = false;
    if (unique)
        clm_discount__next_seen(s, e);
    s->dhold = 0;
    s->dtests = e->utests;
    s->ndtests = e->nutests;
    add_bits(e, d, s, general);
    uint32_t cat_seen[8];
    for (size_t c = 0; c < doc->client.category_count; c++) {
        uint32_t b = clm_discount__client_bucket(e, s, doc, c, cat_seen);
        if (b == CLM__NONE32)
            continue;
        add_bits(e, d, s, b);
        if (e->ltest_off[b + 1] == e->ltest_off[b])
            continue;
        if (!copied) {
            s->ndtests = 0;
            add_tests(e, s, general, unique);
            copied = true;
        }
        add_tests(e, s, b, unique);
    }
    if (copied)
        s->dtests = s->tests;
    s->dtests_untabled = !copied;
    s->dhold |= clm_discount__thresholds_bits(e, d, s);
}

void clm_discount__doc_bits(const clm_discount_engine *e, clm_discount__doc *d,
                            clm_discount__scratch *s)
{
    doc_bits(e, d, s);
}

bool clm_discount__quick_eligible(const clm_discount_engine *e)
{
    if (e->nshare != 0 || e->gcand_off == NULL)
        return false;
    for (size_t i = 0; i < e->nrules; i++) {
        clm_discount_action_kind k = e->rules[i].kind;
        if (k != CLM_DISCOUNT_PERCENT && k != CLM_DISCOUNT_SURCHARGE &&
            k != CLM_DISCOUNT_EARLY_PAYMENT)
            return false;
    }
    return true;
}

/* Sorts the rules v[0..n) (the manual discount as CLM__NONE32, last) by
 * their order of application. */
static void by_application(const clm_discount_engine *e, uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        uint32_t kx = x == CLM__NONE32 ? UINT32_MAX : e->rules[x].apply;
        size_t j = i;
        while (j > 0) {
            uint32_t y = v[j - 1];
            uint32_t ky = y == CLM__NONE32 ? UINT32_MAX : e->rules[y].apply;
            if (ky <= kx)
                break;
            v[j] = y;
            j--;
        }
        v[j] = x;
    }
}


/* The line's discount and net from `running` (micro-units left of its
 * base), rounded once by the policy's mode. */
static inline void set_line(clm_discount_line_result *res, int64_t base, int64_t running,
                            size_t napplied, clm_rounding rounding)
{
    int64_t net = clm_discount__unmicro(running, rounding);
    res->discount = base - net;
    res->net = net;
    res->rules_applied = napplied;
}

/* The discounts v[0..nk) (the manual discount as CLM__NONE32) applied to
 * running (micro-units) in their order of application, for compounding
 * (each on what the ones before it left, rounded by the policy's mode) and
 * for additive stacking beyond 100 % (each cut to what is left; nothing
 * remains). Returns what is left; *napplied counts the discounts that
 * took something. Sorts v. */
static int64_t in_order(const clm_discount_engine *e, uint32_t *v, size_t nk, clm_rate manual,
                        int64_t running, size_t *napplied)
{
    const clm_discount_policy *p = e->policy;
    by_application(e, v, nk);
    if (p->stacking == CLM_DISCOUNT_STACK_ADDITIVE) {
        int64_t sum = 0;
        for (size_t k = 0; k < nk && sum < CLM_RATE_ONE; k++) {
            sum += v[k] == CLM__NONE32 ? manual : e->rules[v[k]].rate;
            (*napplied)++;
        }
        return 0;
    }
    for (size_t k = 0; k < nk; k++) {
        clm_rate r = v[k] == CLM__NONE32 ? manual : e->rules[v[k]].rate;
        int64_t off = clm_discount__muldiv64(running, r, p->rounding);
        if (off > running)
            off = running;
        running -= off;
        *napplied += off > 0;
    }
    return running;
}

/* What the lines of one document share: its candidates split by what
 * decides them, and the matches every line has, resolved once. */
typedef struct quick_doc {
    const uint32_t *test;   /* candidates with a line condition: tested per line */
    size_t ntest;
    const uint32_t *mix;    /* holding, in exclusion groups lines resolve */
    size_t nmix;
    const uint32_t *kept;   /* holding and kept for every line (compounding:
                               in their order of application) */
    size_t nkept;
    int64_t kept_rate;      /* their rates' sum */
    uint32_t best;          /* their best by rank, or NONE */
    size_t nsur;            /* surcharges holding for the document */
    int64_t sur_rate;
    /* e->masks: */
    uint64_t hold;          /* the bits of every candidate that looks only
                               at the document (all hold) */
    const clm_discount__test *tests; /* the candidates with a line condition */
    size_t ntests;
    int64_t doc_total;      /* the rates kept from the choices no line changes */
    size_t doc_kept;        /* how many */
} quick_doc;

/* Keeps match ri (a PERCENT rule) among kept[0..*nk): outside any group
 * it is kept; in a group, the group's winner by rank is (touched lists
 * the groups met, in the generation `now`). */
static inline void keep(const clm_discount_engine *e, clm_discount__scratch *s, uint32_t now,
                        uint32_t ri, uint32_t *kept, size_t *nk, size_t *nt)
{
    uint32_t x = e->rules[ri].excl;
    if (x == 0) {
        kept[(*nk)++] = ri;
    } else if (s->xstamp[x] != now) {
        s->xstamp[x] = now;
        s->xbest[x] = ri;
        s->touched[(*nt)++] = x;
    } else if (e->rules[ri].rank < e->rules[s->xbest[x]].rank) {
        s->xbest[x] = ri;
    }
}

/* The sum of the rates of the rules whose bits (ranks) are set in m;
 * *count: how many (a loop: without -mpopcnt __builtin_popcountll() is
 * a call). */
static inline int64_t rates_of(const clm_discount_engine *e, uint64_t m, size_t *count)
{
    int64_t sum = 0;
    size_t n = 0;
    for (; m != 0; m &= m - 1, n++)
        sum += e->bit_rate[__builtin_ctzll(m)];
    *count = n;
    return sum;
}

/* Splits the document's candidates (s->doc_cands; with masks, s->dhold
 * and s->dtests as clm_discount__price() split them) and resolves the
 * matches every line has: those looking only at the document, in
 * exclusion groups whose every member does (per_line false). */
__attribute__((always_inline)) static inline void doc_part(const clm_discount_engine *e, clm_discount__scratch *s, quick_doc *q)
{
    const clm_discount_policy *p = e->policy;
    uint32_t *test = s->cands, *mix = s->dmix, *kept = s->dkept;
    size_t ntest = 0, nmix = 0, nk = 0, nt = 0;
    if (e->masks) {
        /* clm_discount__price() found them: the bits of the candidates
         * that look only at the document (all hold), the others' tests;
         * discount_line_masks() reads these fields only, so the rest is
         * not zeroed */
        q->hold = s->dhold;
        q->tests = s->dtests;
        q->ntests = s->ndtests;
        q->sur_rate = rates_of(e, q->hold & e->sur_mask, &q->nsur);
        /* the choices no line changes: of each holding one, its lowest
         * bit (met first, the rest of its choice then cleared) */
        int64_t total = 0;
        size_t nkept = 0;
        for (uint64_t m = q->hold & e->dchoice_bits; m != 0;) {
            unsigned b = (unsigned)__builtin_ctzll(m);
            total += e->bit_rate[b];
            nkept++;
            m &= ~e->bit_choice[b];
        }
        q->doc_total = total;
        q->doc_kept = nkept;
        return;
    }
    clm_discount__zero(q, sizeof *q);
    q->best = CLM__NONE32;
    uint32_t now = clm_discount__next_xstamp(s, e);
    for (size_t j = 0; j < s->ndoc_cands; j++) {
        uint32_t ri = s->doc_cands[j];
        const clm_discount__crule *cr = &e->rules[ri];
        if (cr->nline > 0)
            test[ntest++] = ri;
        else if (cr->kind == CLM_DISCOUNT_SURCHARGE) {
            q->nsur++;
            q->sur_rate += cr->rate;
        } else if (cr->excl != 0 && e->xline[cr->excl])
            mix[nmix++] = ri;
        else
            keep(e, s, now, ri, kept, &nk, &nt);
    }
    for (size_t t = 0; t < nt; t++)
        kept[nk++] = s->xbest[s->touched[t]];
    q->test = test;
    q->ntest = ntest;
    q->mix = mix;
    q->nmix = nmix;
    q->kept = kept;
    q->nkept = nk;
    q->kept_rate = 0;
    q->best = CLM__NONE32;
    for (size_t k = 0; k < nk; k++) {
        q->kept_rate += e->rules[kept[k]].rate;
        if (q->best == CLM__NONE32 || e->rules[kept[k]].rank < e->rules[q->best].rank)
            q->best = kept[k];
    }
    if (p->stacking == CLM_DISCOUNT_STACK_COMPOUNDING)
        by_application(e, kept, nk);
}

/* Stages 2 and 3 of line i (a base of at most CLM_DISCOUNT__LEAN_MAX):
 * its own candidates tested, exclusion groups and stacking resolved by
 * rank with the document's share q, the discount taken and rounded once.
 * *nsur and *sur_rate: the surcharges holding for the line. */
static void discount_line(const clm_discount_engine *e, clm_discount__doc *d,
                          clm_discount__scratch *s, const quick_doc *q, size_t i,
                          clm_discount_line_result *res, size_t *nsur, int64_t *sur_rate)
{
    const clm_discount_policy *p = e->policy;
    const clm_discount_line *line = &d->doc->lines[i];
    const int64_t base = res->base;
    clm_discount__line l;
    clm_discount__line_view(&l, e, d, s, i, base);
    const uint32_t g = s->lgroup[i];

    /* the line's own candidates, as price_line() reads them untraced:
     * the product's bucket, the group chain's rules, the document's
     * candidates with a line condition; then the document's holding ones
     * in groups the line resolves */
    uint32_t pb = s->lprod[i];
    const uint32_t *seg[4];
    size_t len[4];
    seg[0] = pb == CLM__NONE32 ? NULL : e->items + e->buckets[pb].off;
    len[0] = pb == CLM__NONE32 ? 0 : e->buckets[pb].len;
    seg[1] = g == CLM__NONE32 ? NULL : e->gcands + e->gcand_off[g];
    len[1] = g == CLM__NONE32 ? 0 : e->gcand_off[g + 1] - e->gcand_off[g];
    seg[2] = q->test;
    len[2] = q->ntest;
    seg[3] = q->mix;
    len[3] = q->nmix;

    const uint32_t now = clm_discount__next_xstamp(s, e);
    uint32_t *kept = s->kept;   /* matches outside any group, then winners */
    size_t nk = 0, nt = 0, ns = q->nsur;
    int64_t srate = q->sur_rate;
    for (int k = 0; k < 4; k++) {
        const uint32_t *v = seg[k];
        for (size_t j = 0; j < len[k]; j++) {
            uint32_t ri = v[j];
            const clm_discount__crule *cr = &e->rules[ri];
            bool holds;
            if (k == 3)
                holds = true;
            else if (cr->line_range != 0) {
                int64_t x = cr->line_range == CLM_DISCOUNT_COND_LINE_QUANTITY ? line->quantity : base;
                holds = cr->conds[0].min <= x && x <= cr->conds[0].max;
            } else
                holds = clm_discount__cond_match(cr, ri, d, &l, &s->cache) < 0;
            if (!holds)
                continue;
            if (cr->kind == CLM_DISCOUNT_SURCHARGE) {
                ns++;
                srate += cr->rate;
                continue;
            }
            keep(e, s, now, ri, kept, &nk, &nt);
        }
    }
    *nsur = ns;
    *sur_rate = srate;
    for (size_t t = 0; t < nt; t++)
        kept[nk++] = s->xbest[s->touched[t]];
    const clm_rate manual = line->manual_rate;

    if (base == 0 || (nk == 0 && q->nkept == 0 && manual <= 0)) {
        /* nothing to take: every discount of a zero base is zero */
        res->discount = 0;
        res->net = base;
        res->rules_applied = 0;
        return;
    }
    int64_t running = base * CLM_DISCOUNT__MICRO;
    size_t napplied = 0;
    /* compounding, and additive beyond 100 %: in their order of
     * application (in_order()) */
    bool ordered = false;
    if (p->stacking == CLM_DISCOUNT_STACK_BEST_ONLY) {
        /* the best by rank; the manual discount wins only with more */
        uint32_t best = q->best;
        for (size_t k = 0; k < nk; k++)
            if (best == CLM__NONE32 || e->rules[kept[k]].rank < e->rules[best].rank)
                best = kept[k];
        clm_rate r = best == CLM__NONE32 || (manual > 0 && manual > e->rules[best].rate)
                         ? manual : e->rules[best].rate;
        running -= base * r; /* r <= 100 %: never below zero */
        napplied = 1;
    } else if (p->stacking == CLM_DISCOUNT_STACK_ADDITIVE) {
        int64_t total = q->kept_rate + (manual > 0 ? manual : 0);
        for (size_t k = 0; k < nk; k++)
            total += e->rules[kept[k]].rate;
        if (total <= CLM_RATE_ONE) {
            running -= base * total;
            napplied = q->nkept + nk + (manual > 0);
        } else {
            ordered = true;
        }
    } else {
        ordered = true;
    }
    if (ordered) {
        memcpy(kept + nk, q->kept, q->nkept * sizeof *kept);
        nk += q->nkept;
        if (manual > 0)
            kept[nk++] = CLM__NONE32;
        running = in_order(e, kept, nk, manual, running, &napplied);
    }
    set_line(res, base, running, napplied, p->rounding);
}

/* cond_match() of rule ri on line i, filling *l (l->line NULL) first. */
static bool line_holds(const clm_discount_engine *e, clm_discount__doc *d,
                       clm_discount__scratch *s, size_t i, int64_t base, clm_discount__line *l,
                       const clm_discount__crule *cr, uint32_t ri)
{
    if (l->line == NULL)
        clm_discount__line_view(l, e, d, s, i, base);
    return clm_discount__cond_match(cr, ri, d, l, &s->cache) < 0;
}

/* Rule ri's bit if it holds on line i (filed under the line's product
 * or group: its conditions besides the anchor tested), else 0. */
__attribute__((always_inline)) static inline uint64_t
rule_bit(const clm_discount_engine *e, clm_discount__doc *d, clm_discount__scratch *s, size_t i,
         int64_t base, clm_discount__line *l, uint32_t ri)
{
    const clm_discount__crule *cr = &e->rules[ri];
    uint64_t holds;
    if (cr->line_range != 0) {
        int64_t x = cr->line_range == CLM_DISCOUNT_COND_LINE_QUANTITY ? d->doc->lines[i].quantity
                                                                       : base;
        holds = (uint64_t)(cr->conds[0].min <= x) & (uint64_t)(x <= cr->conds[0].max);
    } else if (cr->ncond == 0) {
        holds = 1;
    } else {
        holds = line_holds(e, d, s, i, base, l, cr, ri);
    }
    return holds << cr->rank;
}

/* The bits of line i's own holding candidates (e->masks; base: the
 * line's): the group's that hold on every line of it, the product's and
 * the group's others tested, then the document's with a line condition,
 * tests[0 .. ntests) (`untabled`: the untabled rules' list, e->ltests'
 * own, which e->lrange may answer). */
__attribute__((always_inline)) static inline uint64_t
line_bits(const clm_discount_engine *e, clm_discount__doc *d, clm_discount__scratch *s,
          const clm_discount__test *tests, size_t ntests, bool untabled, size_t i, int64_t base)
{
    const clm_discount_line *line = &d->doc->lines[i];
    const uint32_t g = s->lgroup[i];
    const uint32_t pb = s->lprod[i];
    clm_discount__line l;
    l.line = NULL; /* filled for the first test that needs it */
    uint64_t hl = 0;
    if (pb != CLM__NONE32)
        for (uint32_t j = 0; j < e->buckets[pb].len; j++)
            hl |= rule_bit(e, d, s, i, base, &l, e->items[e->buckets[pb].off + j]);
    if (g != CLM__NONE32) {
        hl |= e->gmask[g];
        for (uint32_t j = e->gcond_off[g]; j < e->gcond_off[g + 1]; j++)
            hl |= rule_bit(e, d, s, i, base, &l, e->gconds[j]);
    }
    if (untabled && e->lrange != NULL) {
        /* the untabled rules' tests, all ranges: from their tables */
        hl |= clm_discount__range_bits(&e->lrange[0], line->quantity) |
              clm_discount__range_bits(&e->lrange[1], base);
        ntests = 0;
    }
    for (size_t j = 0; j < ntests; j++) {
        const clm_discount__test *t = &tests[j];
        uint64_t holds;
        if (t->kind != 0) {
            int64_t x = t->kind == 1 ? line->quantity : base;
            holds = (uint64_t)(t->min <= x) & (uint64_t)(x <= t->max);
        } else {
            holds = line_holds(e, d, s, i, base, &l, &e->rules[t->rule], t->rule);
        }
        hl |= holds << t->rank;
    }
    return hl;
}

/* Of choices mmask[0 .. n) (e->masks) with h the holding bits: of each
 * its lowest holding bit's bit_kept[] summed, the rates kept and, above
 * CLM_DISCOUNT__KEPT_ONE, how many. Bit 63 is in every choice and no
 * rule's: a choice none of whose rules holds adds bit_kept[63], 0. Up to
 * 8 choices (every engine the bench and the tests build) without a loop
 * (CLM_DISCOUNT__EACH8), the jump the same for every document of the
 * engine. */
__attribute__((always_inline)) static inline uint64_t
choices_kept(const clm_discount_engine *e, uint64_t h, size_t n)
{
    const uint64_t h63 = h | UINT64_C(1) << 63;
    const uint64_t *m = e->mmask;
    uint64_t kept = 0;
#define CLM__TURN(k) (kept += e->bit_kept[__builtin_ctzll(h63 & m[k])])
    CLM_DISCOUNT__EACH8(n, CLM__TURN);
#undef CLM__TURN
    return kept;
}

/* Stages 2 and 3 of a line (e->masks) from h, the bits of every rule
 * holding for it, and the kept matches: of each choice (an exclusion
 * group, or a rule in none) its lowest holding bit, their rates' sum
 * with the manual discount's (total) and how many (nk, without it). */
__attribute__((always_inline)) static inline void
take_masks(const clm_discount_engine *e, clm_discount__scratch *s, uint64_t h, int64_t total,
           size_t nk, clm_rate manual, clm_discount_line_result *res)
{
    const clm_discount_policy *p = e->policy;
    const int64_t base = res->base;
    if (base == 0 || (nk == 0 && manual <= 0)) {
        res->discount = 0;
        res->net = base;
        res->rules_applied = 0;
        return;
    }
    int64_t running = base * CLM_DISCOUNT__MICRO;
    size_t napplied = 0;
    if (p->stacking == CLM_DISCOUNT_STACK_BEST_ONLY) {
        uint64_t y = h & e->pct_mask;
        clm_rate r = y == 0 ? manual : e->bit_rate[__builtin_ctzll(y)];
        if (manual > r)
            r = manual;
        running -= base * r;
        napplied = 1;
    } else if (p->stacking == CLM_DISCOUNT_STACK_ADDITIVE && total <= CLM_RATE_ONE) {
        running -= base * total;
        napplied = nk + (manual > 0);
    } else {
        /* in their order of application: compounding, or additive beyond
         * 100 % (each cut to what is left) */
        uint32_t *v = s->kept;
        nk = 0;
        for (size_t k = 0; k < e->nmmask; k++) {
            uint64_t y = h & e->mmask[k];
            if (y != 0)
                v[nk++] = e->bit_rule[__builtin_ctzll(y)];
        }
        if (manual > 0)
            v[nk++] = CLM__NONE32;
        running = in_order(e, v, nk, manual, running, &napplied);
    }
    set_line(res, base, running, napplied, p->rounding);
}

/* discount_line() for an engine of at most 63 rules (e->masks): each
 * rule is the bit of its rank, so a line's holding rules are one word,
 * an exclusion group's winner is the lowest bit of the group's holding
 * members, and best-only's is the lowest kept bit. */
__attribute__((always_inline)) static inline void
discount_line_masks(const clm_discount_engine *e, clm_discount__doc *d, clm_discount__scratch *s,
                    const quick_doc *q, size_t i, clm_discount_line_result *res, size_t *nsur,
                    int64_t *sur_rate)
{
    const uint64_t hl = line_bits(e, d, s, q->tests, q->ntests, s->dtests_untabled, i, res->base);
    const uint64_t h = q->hold | hl;
    *nsur = q->nsur;
    *sur_rate = q->sur_rate;
    if (hl & e->sur_mask) {
        size_t n;
        *sur_rate += rates_of(e, hl & e->sur_mask, &n);
        *nsur += n;
    }
    /* the matches kept: of each choice a line changes its lowest holding
     * bit (the document's are in q), the best; a fixed number of turns
     * without branches */
    const clm_rate manual = d->doc->lines[i].manual_rate;
    const uint64_t kept = choices_kept(e, h, e->nmline);
    const int64_t total = q->doc_total + (manual > 0 ? manual : 0) +
                          (int64_t)(kept & (CLM_DISCOUNT__KEPT_ONE - 1));
    const size_t nk = q->doc_kept + (size_t)(kept / CLM_DISCOUNT__KEPT_ONE);
    take_masks(e, s, h, total, nk, manual, res);
}

/* discount_line_masks() for a document of one line, whose part
 * (doc_part()) is not split off: the document's holding bits s->dhold
 * and its line tests s->dtests are the line's too, and the choices, the
 * document's and the line's, are resolved at once.
 * *nsur and *sur_rate: the surcharges holding. */
__attribute__((always_inline)) static inline void
discount_one_masks(const clm_discount_engine *e, clm_discount__doc *d, clm_discount__scratch *s,
                   clm_discount_line_result *res, size_t *nsur, int64_t *sur_rate)
{
    const uint64_t h =
        s->dhold | line_bits(e, d, s, s->dtests, s->ndtests, s->dtests_untabled, 0, res->base);
    *nsur = 0;
    *sur_rate = 0;
    if (h & e->sur_mask)
        *sur_rate = rates_of(e, h & e->sur_mask, nsur);
    /* of each choice its lowest holding bit, the best: a fixed number of
     * turns without branches (a walk over the holding choices would
     * mispredict its end, their number varying from document to
     * document) */
    const clm_rate manual = d->doc->lines[0].manual_rate;
    const uint64_t kept = choices_kept(e, h, e->nmmask);
    const int64_t total = (manual > 0 ? manual : 0) + (int64_t)(kept & (CLM_DISCOUNT__KEPT_ONE - 1));
    const size_t nk = (size_t)(kept / CLM_DISCOUNT__KEPT_ONE);
    take_masks(e, s, h, total, nk, manual, res);
}

/* Stage 5 of a line, as clm_discount__caps_line() untraced; the margin
 * floor's 128-bit cases go there. */
__attribute__((always_inline)) static inline void caps_line(const clm_discount_engine *e, const clm_discount_caps *caps,
                      const clm_discount_line *line, clm_discount_line_result *res, size_t i)
{
    const clm_discount_policy *p = e->policy;
    if (caps->max_line != CLM_DISCOUNT_NO_LIMIT) {
        /* base x cap / 10^6 rounded down: 0 <= base <= LEAN_MAX, 0 <= cap
         * <= 10^6 (caps.c), so unsigned, where the division needs no
         * sign's fix-up */
        int64_t allowed = (int64_t)((uint64_t)res->base * (uint64_t)caps->max_line /
                                    (uint64_t)CLM_DISCOUNT__MICRO);
        if (res->base - res->net > allowed) {
            res->capped += res->base - allowed - res->net;
            res->net = res->base - allowed;
        }
    }
    if (caps->margin_floor != CLM_DISCOUNT_NO_LIMIT && line->has_cost) {
        if (p->basis != CLM_DISCOUNT_MARGIN_ON_COST ||
            res->cost > INT64_MAX / (2 * CLM_DISCOUNT__MICRO) ||
            caps->margin_floor > CLM_DISCOUNT__MICRO) {
            clm_discount_caps floor_only = CLM_DISCOUNT_CAPS_INIT;
            floor_only.margin_floor = caps->margin_floor;
            (void)clm_discount__caps_line(e, &floor_only, line, res, i, NULL);
            return;
        }
        /* cost x (1 + floor) / 10^6 rounded up: cost >= 0 and 0 <= floor
         * <= 10^6 (caps.c), so num >= 0, and num + 10^6 - 1 fits unsigned */
        uint64_t num = (uint64_t)res->cost * (uint64_t)(CLM_DISCOUNT__MICRO + caps->margin_floor);
        int64_t floor = (int64_t)((num + (uint64_t)CLM_DISCOUNT__MICRO - 1) /
                                  (uint64_t)CLM_DISCOUNT__MICRO);
        int64_t target = floor > res->base ? res->base : floor;
        if (res->net < target) {
            res->capped += target - res->net;
            res->net = target;
        }
    }
}

/* Stages 4 and 5 of line i after discount_line() or
 * discount_line_masks(): the ns surcharges holding for it (their rates'
 * sum total_rate) add up and apply once, then the line cap and the
 * margin floor. */
__attribute__((always_inline)) static inline int line_end(const clm_discount_engine *e, const clm_discount_caps *caps,
                           const clm_discount_line *line, size_t doc_no, size_t i,
                           clm_discount_line_result *res, size_t ns, int64_t total_rate)
{
    res->surcharge = 0;
    if (ns > 0) {
        int64_t sur;
        if (clm_muldiv_round(&sur, res->net, total_rate, CLM_RATE_ONE, e->policy->rounding) < 0 ||
            clm_core__add_ovf(res->net, sur, &res->net))
            return clm_core__fail_at(CLM_EOVERFLOW, "surcharge", "", 0,
                                     "discount document %zu: the %s does not fit a 64-bit "
                                     "amount", doc_no + 1, "surcharge");
        res->surcharge = sur;
        if (sur > 0)
            res->rules_applied += ns;
    }
    res->capped = 0;
    caps_line(e, caps, line, res, i);
    return 0;
}

int clm_discount__quick_lines(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                              clm_discount__scratch *s, const clm_discount_caps *caps,
                              clm_discount_line_result *lines, clm_discount_totals *tot)
{
    const clm_discount_document *doc = d->doc;
    int rc;
    quick_doc q;
    doc_part(e, s, &q);
    const bool fused = caps->max_document == CLM_DISCOUNT_NO_LIMIT;
    if (fused)
        clm_discount__totals_start(tot);
    for (size_t i = 0; i < doc->line_count; i++) {
        clm_discount_line_result *res = &lines[i];
        if (res->base > CLM_DISCOUNT__LEAN_MAX) {
            rc = clm_discount__price_line(e, d, doc_no, i, s, caps, res, NULL);
            if (rc < 0 ||
                (fused && (rc = clm_discount__totals_line(e, doc_no, &doc->lines[i], res, i, tot)) < 0))
                return rc;
            continue;
        }
        size_t ns;
        int64_t total_rate;
        if (e->masks)
            discount_line_masks(e, d, s, &q, i, res, &ns, &total_rate);
        else
            discount_line(e, d, s, &q, i, res, &ns, &total_rate);
        if ((rc = line_end(e, caps, &doc->lines[i], doc_no, i, res, ns, total_rate)) < 0)
            return rc;
        /* without a document cap the line is final: into the totals now */
        if (fused && (rc = clm_discount__totals_line(e, doc_no, &doc->lines[i], res, i, tot)) < 0)
            return rc;
    }
    if (fused && doc->line_count == 1) {
        /* the document's rate is its one line's: the same division of
         * the same base and net (clm_discount__totals_end()) */
        tot->rate = lines[0].rate;
        return clm_discount__totals_close(e, d, tot, NULL);
    }
    if (fused)
        return clm_discount__totals_end(e, d, doc_no, tot, NULL);
    rc = clm_discount__caps_document(e, caps, lines, doc->line_count, tot, s, NULL);
    if (rc < 0)
        return rc;
    return clm_discount__totals(e, d, doc_no, lines, tot, NULL);
}

/* The bucket of the rules filed under product `name`, or NONE (as
 * evaluate.c's product_buckets() finds it for one line). */
static inline uint32_t product_bucket(const clm_discount_engine *e, clm_discount__scratch *s,
                                      const char *name)
{
    if (e->product_ids.count == 0)
        return CLM__NONE32;
    return clm_discount__memo_find(&e->product_ids, s->product_memo, s, name);
}

bool clm_discount__one_eligible(const clm_discount_engine *e)
{
    return e->masks && e->prices == NULL && e->nshare == 0;
}

/* one_doc() stores each field of a line's result instead of zeroing it
 * first when the bytes it does not name are those between has_margin and
 * rules_applied (none, or the padding of an LP64 ABI), which it zeroes;
 * under an ABI that pads elsewhere (32-bit ARM: 8-byte fields after
 * 4-byte ones) it zeroes the whole result first. A constant: the compiler
 * keeps one of the two. */
#define RESULT_PADDING_ONLY (offsetof(clm_discount_line_result, discount) == sizeof(int64_t) && \
    offsetof(clm_discount_line_result, surcharge) == 2 * sizeof(int64_t) && \
    offsetof(clm_discount_line_result, capped) == 3 * sizeof(int64_t) && \
    offsetof(clm_discount_line_result, net) == 4 * sizeof(int64_t) && \
    offsetof(clm_discount_line_result, cost) == 5 * sizeof(int64_t) && \
    offsetof(clm_discount_line_result, rate) == 6 * sizeof(int64_t) && \
    offsetof(clm_discount_line_result, margin) == 7 * sizeof(int64_t) && \
    offsetof(clm_discount_line_result, has_margin) == 8 * sizeof(int64_t) && \
    offsetof(clm_discount_line_result, unit_price) == \
    offsetof(clm_discount_line_result, rules_applied) + sizeof(size_t) && \
    sizeof(clm_discount_line_result) == \
    offsetof(clm_discount_line_result, unit_price) + sizeof(int64_t))

/* one_doc() stores each field of a document's totals instead of zeroing
 * them first when the bytes it does not name are the gaps after
 * has_margin and has_early_payment (padding on an LP64 ABI), which it
 * zeroes; else it zeroes them whole first (as RESULT_PADDING_ONLY). */
#define CLM__NEXT(a, b)                                                                     \
    (offsetof(clm_discount_totals, b) ==                                                 \
     offsetof(clm_discount_totals, a) + sizeof(((clm_discount_totals *)0)->a))
#define TOTALS_PADDING_ONLY (offsetof(clm_discount_totals, base) == 0 && CLM__NEXT(base, discount) && \
    CLM__NEXT(discount, surcharge) && CLM__NEXT(surcharge, capped) && \
    CLM__NEXT(capped, net) && CLM__NEXT(net, rate) && \
    CLM__NEXT(rate, max_line_rate) && CLM__NEXT(max_line_rate, max_line) && \
    CLM__NEXT(max_line, min_margin) && CLM__NEXT(min_margin, min_margin_line) && \
    CLM__NEXT(min_margin_line, has_margin) && CLM__NEXT(approval, approvable) && \
    CLM__NEXT(approvable, role_suffices) && \
    CLM__NEXT(role_suffices, has_early_payment) && \
    CLM__NEXT(early_payment_rule, early_payment_rate) && \
    CLM__NEXT(early_payment_rate, early_payment_days) && \
    CLM__NEXT(early_payment_days, early_payment_net_days) && \
    CLM__NEXT(early_payment_net_days, early_payment_amount) && \
    CLM__NEXT(early_payment_amount, early_payment_annual_cost) && \
    sizeof(clm_discount_totals) == \
    offsetof(clm_discount_totals, early_payment_annual_cost) + sizeof(clm_rate))
#if defined(__LP64__) && (defined(__x86_64__) || defined(__aarch64__))
/* where the library is measured (LP64), the fields are stored without
 * the whole structures zeroed first; an ILP32 ABI of these machines
 * (x32: 32-bit size_t and pointers, so padding after them in the
 * totals) takes the zeroing path instead (scripts/abi-check.sh) */
_Static_assert(RESULT_PADDING_ONLY, "a line result has no padding but after has_margin");
_Static_assert(TOTALS_PADDING_ONLY,
               "the totals have no padding but after has_margin and has_early_payment");
#endif

/* The fields of a document record that are the same for every document
 * of a call (one_doc() sets the others; nothing else writes them). */
static inline void doc_consts(const clm_discount_engine *e, clm_discount__scratch *s,
                              clm_discount__doc *d)
{
    d->slot_qty = s->slots;
    d->slot_amount = s->slots + e->nslots;
    d->coupon_match = e->policy->coupon_match;
    /* read only by a TENURE condition: without one, not computed per
     * document (one_doc()) */
    d->has_tenure = 0;
    d->tenure = 0;
}

/* clm_discount__approve() of totals whose largest line rate is rate: with
 * e->ladder4, the first step covering it counted in four turns without a
 * branch on the rate (compile.c's ladder_by_rate()). */
__attribute__((always_inline)) static inline void
one_approve(const clm_discount_engine *e, const char *role, clm_discount_totals *tot, clm_rate rate)
{
    const clm_discount_policy *p = e->policy;
    if (!e->ladder4) {
        clm_discount__approve(p, role, tot);
        return;
    }
    size_t k = (size_t)(e->ladder_max[0] < rate) + (size_t)(e->ladder_max[1] < rate) +
               (size_t)(e->ladder_max[2] < rate) + (size_t)(e->ladder_max[3] < rate);
    tot->approvable = k < p->nladder;
    tot->approval = tot->approvable ? k : CLM_DISCOUNT_NONE;
    clm_discount__approve_role(p, role, tot);
}

/* clm_discount__quick_one(), inline in the loop of
 * clm_discount__quick_ones(); dd: a record doc_consts() filled, the
 * document's own fields set here. */
__attribute__((always_inline)) static inline int
one_doc(const clm_discount_engine *e, const clm_discount_document *doc, size_t doc_no,
        clm_discount__scratch *s, clm_discount_line_result *res, clm_discount_totals *tot,
        clm_discount__doc *dd)
{
    const clm_discount_policy *p = e->policy;
    const clm_discount_line *line = &doc->lines[0];
    clm_discount__doc *d = dd;
    d->doc = doc;
    d->quantity = line->quantity;
    if (e->tenure) {
        d->has_tenure = doc->client.since != CLM_DISCOUNT_NO_DATE;
        d->tenure = d->has_tenure ? (int64_t)doc->date - doc->client.since : 0;
    }
    /* a new document: the cached document conditions are stale */
    if (++s->cache.now == 0) {
        memset(s->cache.gen, 0, (e->nrules + 1) * sizeof *s->cache.gen);
        s->cache.now = 1;
    }
    /* stage 1; every field of the result is stored below (the figures,
     * the surcharge and the caps, the rate and the margin), the cost but
     * without one, and the padding after has_margin (the only padding:
     * RESULT_PADDING_ONLY) */
    if (!RESULT_PADDING_ONLY)
        clm_discount__zero(res, sizeof *res); /* padding elsewhere too */
    res->cost = 0;
    memset(&res->has_margin, 0,
           offsetof(clm_discount_line_result, rules_applied) -
               offsetof(clm_discount_line_result, has_margin));
    res->unit_price = line->unit_price.amount;
    s->lgroup[0] = clm_discount__group_id(e, s, line->group);
    s->lprod[0] = product_bucket(e, s, line->product);
    /* price and cost x quantity / 1000 (clm_discount__times_qty()): for
     * whole units, one division of the quantity for both */
    const int64_t qty = line->quantity;
    bool fails;
    if (qty % CLM_DISCOUNT_QTY_SCALE == 0) {
        /* the document is bounded: price x quantity and cost x quantity
         * fit (clm_discount__one_line_ok(), doc_check_bounded()), and so
         * do they x units, 0 < units <= quantity */
        const int64_t units = qty / CLM_DISCOUNT_QTY_SCALE;
        res->base = res->unit_price * units;
        if (line->has_cost)
            res->cost = line->unit_cost.amount * units;
        fails = false;
    } else {
        fails = clm_discount__times_qty(&res->base, res->unit_price, qty, p->rounding) < 0 ||
                (line->has_cost &&
                 clm_discount__times_qty(&res->cost, line->unit_cost.amount, qty, p->rounding) < 0);
    }
    if (fails || res->base > CLM_DISCOUNT__LEAN_MAX) {
        /* not for a bounded document: the general path says what fails */
        clm_discount__zero(res, sizeof *res);
        return clm_discount__price(e, doc, doc_no, s, res, tot, NULL);
    }
    d->amount = res->base;
    if (e->nslots > 0) {
        /* the sums of the groups the conditions name: the line's, for
         * its group and each ancestor */
        for (size_t k = 0; k < 2 * e->nslots; k++)
            s->slots[k] = 0;
        uint32_t g = s->lgroup[0];
        for (size_t n = 0; g != CLM__NONE32 && n < e->max_depth; n++, g = e->group_parent[g]) {
            uint32_t slot = e->group_slot[g];
            if (slot != CLM__NONE32) {
                d->slot_qty[slot] = line->quantity;
                d->slot_amount[slot] = res->base;
            }
        }
    }
    doc_bits(e, d, s);
    const clm_discount_caps *caps = doc->role == NULL || p->nrole_caps == 0
                                        ? &p->caps
                                        : clm_discount__caps_for(p, doc->role);
    /* stages 2 to 5 */
    size_t ns;
    int64_t total_rate;
    discount_one_masks(e, d, s, res, &ns, &total_rate);
    int rc = line_end(e, caps, line, doc_no, 0, res, ns, total_rate);
    if (rc < 0)
        return rc;
    if (caps->max_document != CLM_DISCOUNT_NO_LIMIT) {
        rc = clm_discount__caps_document(e, caps, res, 1, tot, s, NULL);
        return rc < 0 ? rc : clm_discount__totals(e, d, doc_no, res, tot, NULL);
    }
    /* the totals of one line (clm_discount__totals_line() from
     * clm_discount__totals_start()): its figures; the document's rate is
     * its line's, the same division (clm_discount__totals_end()) */
    clm_discount__line_figures64(e, line, res);
    /* each field stored, not zeroed first; the gaps after has_margin and
     * has_early_payment (TOTALS_PADDING_ONLY) zeroed with them */
    if (!TOTALS_PADDING_ONLY)
        clm_discount__zero(tot, sizeof *tot); /* padding elsewhere too */
    tot->base = res->base;
    tot->discount = res->discount;
    tot->surcharge = res->surcharge;
    tot->capped = res->capped;
    tot->net = res->net;
    tot->rate = res->rate;
    tot->max_line_rate = res->rate > 0 ? res->rate : 0;
    tot->max_line = res->rate > 0 ? 0 : CLM_DISCOUNT_NONE;
    /* without a margin res->margin is 0, the totals' too */
    tot->min_margin = res->margin;
    tot->min_margin_line = res->has_margin ? 0 : CLM_DISCOUNT_NONE;
    memset(&tot->has_margin, 0,
           offsetof(clm_discount_totals, approval) - offsetof(clm_discount_totals, has_margin));
    tot->has_margin = res->has_margin;
    /* clm_discount__totals_close(): the approval's three fields, the
     * terms' zeros and the gap after has_early_payment */
    one_approve(e, doc->role, tot, tot->max_line_rate);
    clm_discount__early_none(tot);
    memset(&tot->has_early_payment, 0,
           offsetof(clm_discount_totals, early_payment_rule) -
               offsetof(clm_discount_totals, has_early_payment));
    if (e->ndoc_rules == 0)
        return 0;
    return clm_discount__early(e, d, tot, NULL);
}

int clm_discount__quick_one(const clm_discount_engine *e, const clm_discount_document *doc,
                            size_t doc_no, clm_discount__scratch *s,
                            clm_discount_line_result *res, clm_discount_totals *tot)
{
    clm_discount__doc d;
    doc_consts(e, s, &d);
    return one_doc(e, doc, doc_no, s, res, tot, &d);
}

int clm_discount__quick_ones(const clm_discount_engine *e, const clm_discount_document *docs,
                             size_t n, clm_discount__scratch *s, clm_discount_line_result *lines,
                             clm_discount_totals *tot)
{
    clm_discount__doc d;
    doc_consts(e, s, &d);
    for (size_t k = 0; k < n; k++) {
        int rc = one_doc(e, &docs[k], k, s, &lines[k], &tot[k], &d);
        if (rc < 0)
            return rc;
    }
    return 0;
}
