/*
 * bench_discount_hand.c — the 20-rule benchmark policy written out by hand
 * (see bench_discount_hand.h). The rules, as make_policy(20) builds them:
 *
 *   prod-0..11     products p0, p4, p8, p12, three quantity tiers each
 *                  (1+, 10+, 25+ units: 3 %, 6 %, 10 %), priority 1,
 *                  exclusion group "price"
 *   group-0, -1    groups g0 and g7 (and their subgroups) on a line of
 *                  at least 10,000.00: 2 %, priority 0, group "price"
 *   category-0, -1 client categories cat0, cat1: 1 %, priority 2,
 *                  exclusion group "loyalty"
 *   general-0      a 2 % surcharge from 60 days of deferral
 *   general-1..3   document quantity 150+, 300+, 450+ units: 0.5, 1,
 *                  1.5 %, exclusion group "volume"
 *
 * compounding in order of priority (then definition), amounts at 10^-6
 * of a kopeck rounded once per line half-even, the surcharge on the
 * discounted amount, a 35 % line cap, a 5 % margin floor on cost, a 25 %
 * document cap handed back in proportion to the lines' discounts by
 * largest remainder, and the approval ladder of 10, 20, 30 % and no
 * limit. The figures the workload needs fit 64 bits (prices below
 * 5,020.00, at most 40 units a line, 50 lines a document), so no 128-bit
 * arithmetic is used.
 */
#include "bench_discount_hand.h"

#include <string.h>

#define MICRO INT64_C(1000000)

/* running x rate / 10^6 for running >= 0 (micro units) and a rate in ppm,
 * half-even, split so that nothing overflows */
static int64_t pct_half_even(int64_t running, int64_t rate)
{
    int64_t q = running / MICRO, r = running % MICRO;
    int64_t t = r * rate;
    int64_t v = q * rate + t / MICRO, rem = t % MICRO;
    if (rem * 2 > MICRO || (rem * 2 == MICRO && (v & 1)))
        v++;
    return v;
}

/* v / MICRO rounded half-even, v >= 0 */
static int64_t unmicro_half_even(int64_t v)
{
    int64_t q = v / MICRO, r = v % MICRO;
    if (r * 2 > MICRO || (r * 2 == MICRO && (q & 1)))
        q++;
    return q;
}

/* num x 10^6 / den in ppm, toward zero, then up (ceil != 0) or down */
static int64_t ppm(int64_t num, int64_t den, int ceil)
{
    int64_t n = num * MICRO, q = n / den, r = n % den;
    if (r != 0 && ceil && n > 0)
        q++;
    else if (r != 0 && !ceil && n < 0)
        q--;
    return q;
}

static int eq(const char *a, const char *b)
{
    return a != NULL && strcmp(a, b) == 0;
}

/* the product tier's rate, or 0 if the line's product has none */
static int64_t product_rate(const clm_discount_line *l)
{
    if (!eq(l->product, "p0") && !eq(l->product, "p4") && !eq(l->product, "p8") &&
        !eq(l->product, "p12"))
        return 0;
    if (l->quantity >= 25000)
        return 100000;
    if (l->quantity >= 10000)
        return 60000;
    return 30000; /* 1 unit or more: every line */
}

/* 1 if the line's group is g0 or g7 or one of their subgroups */
static int in_promoted_group(const clm_discount_line *l)
{
    static const char *const below[] = { "g0",  "g40", "g80", "g120", "g160", "g200",
                                         "g7",  "g47", "g87", "g127", "g167", "g207" };
    for (size_t i = 0; i < sizeof below / sizeof below[0]; i++)
        if (eq(l->group, below[i]))
            return 1;
    return 0;
}

/* one document: lines[0..n) and *tot */
static void hand_document(clm_discount_line_result *lines, clm_discount_totals *tot,
                          const clm_discount_document *d)
{
    size_t n = d->line_count;
    int64_t doc_qty = 0;
    for (size_t i = 0; i < n; i++) {
        const clm_discount_line *l = &d->lines[i];
        clm_discount_line_result *res = &lines[i];
        memset(res, 0, sizeof *res);
        res->unit_price = l->unit_price.amount;
        res->base = l->unit_price.amount * (l->quantity / 1000);
        res->cost = l->unit_cost.amount * (l->quantity / 1000);
        doc_qty += l->quantity;
    }
    int64_t loyalty = 0;
    for (size_t c = 0; c < d->client.category_count; c++)
        if (eq(d->client.categories[c], "cat0") || eq(d->client.categories[c], "cat1"))
            loyalty = 10000;
    int64_t volume = doc_qty >= 450000 ? 15000 : doc_qty >= 300000 ? 10000
                   : doc_qty >= 150000 ? 5000 : 0;
    int surcharge = d->deferral_days >= 60;

    for (size_t i = 0; i < n; i++) {
        const clm_discount_line *l = &d->lines[i];
        clm_discount_line_result *res = &lines[i];
        /* exclusion group "price": a product tier (3 % or more) beats the
         * group rule (2 %) */
        int64_t price = product_rate(l);
        if (price == 0 && res->base >= 1000000 && in_promoted_group(l))
            price = 20000;
        /* stages 2-3: loyalty (priority 2), price (1 or 0, defined before
         * the volume tiers), volume (0), compounding */
        int64_t running = res->base * MICRO;
        const int64_t order[3] = { loyalty, price, volume };
        size_t applied = 0;
        for (int k = 0; k < 3; k++) {
            if (order[k] == 0)
                continue;
            int64_t off = pct_half_even(running, order[k]);
            applied += off > 0;
            running -= off;
        }
        res->net = unmicro_half_even(running);
        res->discount = res->base - res->net;
        /* stage 4 */
        if (surcharge) {
            int64_t sur = pct_half_even(res->net, 20000);
            res->surcharge = sur;
            res->net += sur;
            applied += sur > 0;
        }
        res->rules_applied = applied;
        /* stage 5: the line cap, then the margin floor */
        int64_t allowed = res->base * 350000 / MICRO;
        if (res->base - res->net > allowed) {
            res->capped += res->base - allowed - res->net;
            res->net = res->base - allowed;
        }
        int64_t num = res->cost * (MICRO + 50000);
        int64_t floor = num / MICRO + (num % MICRO != 0);
        int64_t target = floor > res->base ? res->base : floor;
        if (res->net < target) {
            res->capped += target - res->net;
            res->net = target;
        }
    }
    /* the document cap, 25 % */
    int64_t base = 0, disc = 0;
    for (size_t i = 0; i < n; i++) {
        base += lines[i].base;
        disc += lines[i].base - lines[i].net;
    }
    int64_t allowed = base * 250000 / MICRO;
    if (disc > allowed) {
        int64_t excess = disc - allowed, wsum = 0, given = 0;
        int64_t part[64], rem[64];
        int taken[64] = { 0 };
        for (size_t i = 0; i < n; i++)
            wsum += lines[i].base > lines[i].net ? lines[i].base - lines[i].net : 0;
        for (size_t i = 0; i < n; i++) {
            int64_t w = lines[i].base > lines[i].net ? lines[i].base - lines[i].net : 0;
            part[i] = excess * w / wsum;
            rem[i] = excess * w % wsum;
            given += part[i];
        }
        for (; given < excess; given++) {
            size_t best = n;
            for (size_t i = 0; i < n; i++)
                if (!taken[i] && (best == n || rem[i] > rem[best]))
                    best = i;
            taken[best] = 1;
            part[best]++;
        }
        for (size_t i = 0; i < n; i++) {
            lines[i].net += part[i];
            lines[i].capped += part[i];
        }
    }
    /* the lines' figures and the totals */
    memset(tot, 0, sizeof *tot);
    tot->max_line = CLM_DISCOUNT_NONE;
    tot->min_margin_line = CLM_DISCOUNT_NONE;
    for (size_t i = 0; i < n; i++) {
        clm_discount_line_result *res = &lines[i];
        res->rate = res->base > 0 ? ppm(res->base - res->net, res->base, 1) : 0;
        res->margin = ppm(res->net - res->cost, res->cost, 0);
        res->has_margin = 1;
        tot->base += res->base;
        tot->discount += res->discount;
        tot->surcharge += res->surcharge;
        tot->capped += res->capped;
        tot->net += res->net;
        if (res->rate > 0 && (tot->max_line == CLM_DISCOUNT_NONE || res->rate > tot->max_line_rate)) {
            tot->max_line_rate = res->rate;
            tot->max_line = i;
        }
        if (!tot->has_margin || res->margin < tot->min_margin) {
            tot->has_margin = 1;
            tot->min_margin = res->margin;
            tot->min_margin_line = i;
        }
    }
    if (tot->base > 0)
        tot->rate = ppm(tot->base - tot->net, tot->base, 1);
    tot->approval = tot->max_line_rate <= 100000 ? 0 : tot->max_line_rate <= 200000 ? 1
                  : tot->max_line_rate <= 300000 ? 2 : 3;
    tot->approvable = 1;
    tot->early_payment_rule = CLM_DISCOUNT_NONE;
}

int bench_discount_hand_batch(clm_discount_line_result *lines, clm_discount_totals *totals,
                              const clm_discount_document *docs, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        hand_document(lines, &totals[k], &docs[k]);
        lines += docs[k].line_count;
    }
    return 0;
}
