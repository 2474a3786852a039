/*
 * bench_discount.c — the "discount" group: pricing order lines against a
 * 20-rule and a 10,000-rule policy (targets: over 5 million lines/s with
 * 20 rules, over 1 million with 10,000, compiling 10,000 rules in under
 * 50 ms). Lines are priced through clm_discount_engine_price_batch() in
 * batches of 100 documents of 50 lines, without traces, as a quote or an
 * order screen would. Explained pricing (the trace a client is shown) is
 * timed beside batch pricing of the same documents, 1-line and 50-line
 * (target: at most 5 times the batch cost).
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clm/clm.h"

#define NPRODUCTS 12000
#define NGROUPS 240       /* 40 top groups with 5 subgroups each */
#define NCATEGORIES 60
#define LINES_PER_DOC 50
#define DOCS_PER_BATCH 100
#define POOL_LINES 100000

static char products[NPRODUCTS][16];
static char groups[NGROUPS][16];
static char categories[NCATEGORIES][16];

/* A small deterministic generator (xorshift64*), so runs are comparable. */
static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

static void names(void)
{
    for (int i = 0; i < NPRODUCTS; i++)
        snprintf(products[i], sizeof products[i], "p%d", i);
    for (int i = 0; i < NGROUPS; i++)
        snprintf(groups[i], sizeof groups[i], "g%d", i);
    for (int i = 0; i < NCATEGORIES; i++)
        snprintf(categories[i], sizeof categories[i], "cat%d", i);
}

/* Groups g0..g39 are top groups; g40.. are their subgroups. */
static const char *group_of(int product)
{
    return groups[40 + product % (NGROUPS - 40)];
}

static void add_rule(clm_discount_policy *p, size_t *out, const char *id, clm_rate rate,
                     int32_t prio, const char *excl)
{
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = id;
    r.priority = prio;
    r.exclusion_group = excl;
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = rate;
    bench_check(clm_discount_policy_add_rule(out, p, &r), "add rule");
}

static void add_set(clm_discount_policy *p, size_t rule, clm_discount_cond_kind k, const char *v)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = k;
    c.values = &v;
    c.value_count = 1;
    bench_check(clm_discount_policy_add_condition(p, rule, &c), "add condition");
}

static void add_range(clm_discount_policy *p, size_t rule, clm_discount_cond_kind k,
                      int64_t min, int64_t max)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = k;
    c.min = min;
    c.max = max;
    bench_check(clm_discount_policy_add_condition(p, rule, &c), "add condition");
}

/*
 * A policy of `n` rules shaped like a real price list (the 21,650-rule
 * Odoo case of docs/rules.md, Discounts, is mostly per-product items):
 *  - 90 %: quantity tiers per product (1+, 10+, 25+ units: 3 %, 6 %, 10 %);
 *  - 5 %: tiers per product group by line amount;
 *    product and group tiers share the exclusion group "price" (best one);
 *  - 3 %: client-category tiers by document amount, exclusion group
 *    "loyalty";
 *  - 2 %: rules on every line: promotions with one-week date windows
 *    (a few active on the document date), coupon rules, document volume
 *    tiers (exclusion group "volume") and a deferral surcharge.
 * Compounding, with line, margin and document caps and an approval
 * ladder, so the benchmark pays for every stage. The bench prints the
 * rules considered and applied per line, so the figures can be compared.
 */
static clm_discount_policy *make_policy(int n)
{
    clm_discount_policy *p;
    bench_check(clm_discount_policy_new(&p, "bench", "RUB"), "policy");
    for (int g = 0; g < NGROUPS; g++)
        bench_check(clm_discount_policy_add_group(p, groups[g], g < 40 ? NULL : groups[g % 40]),
                    "group");
    int by_group = n * 5 / 100 > 2 ? n * 5 / 100 : 2;
    int by_category = n * 3 / 100 > 2 ? n * 3 / 100 : 2;
    int general = n * 2 / 100 > 4 ? n * 2 / 100 : 4;
    int by_product = (n - by_group - by_category - general) / 3 * 3;
    general = n - by_product - by_group - by_category;
    char id[1024];
    size_t r;
    static const clm_rate tier_rate[3] = { 30000, 60000, 100000 };
    static const int64_t tier_qty[3] = { 1000, 10000, 25000 };
    for (int i = 0; i < by_product; i++) {
        snprintf(id, sizeof id, "prod-%d", i);
        add_rule(p, &r, id, tier_rate[i % 3], 1, "price");
        /* products 0, 4, 8...: a quarter of the catalogue has a price list */
        add_set(p, r, CLM_DISCOUNT_COND_PRODUCT, products[(i / 3 * 4) % NPRODUCTS]);
        add_range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, tier_qty[i % 3], INT64_MAX);
    }
    for (int i = 0; i < by_group; i++) {
        snprintf(id, sizeof id, "group-%d", i);
        add_rule(p, &r, id, (clm_rate)(20000 + 10000 * (i / NGROUPS % 4)), 0, "price");
        add_set(p, r, CLM_DISCOUNT_COND_GROUP, groups[(i * 7) % NGROUPS]);
        add_range(p, r, CLM_DISCOUNT_COND_LINE_AMOUNT, (int64_t)(1 + i / NGROUPS) * 1000000,
                  INT64_MAX);
    }
    for (int i = 0; i < by_category; i++) {
        snprintf(id, sizeof id, "category-%d", i);
        add_rule(p, &r, id, (clm_rate)(10000 + 5000 * (i / NCATEGORIES % 5)), 2, "loyalty");
        add_set(p, r, CLM_DISCOUNT_COND_CATEGORY, categories[i % NCATEGORIES]);
        add_range(p, r, CLM_DISCOUNT_COND_DOC_AMOUNT, (int64_t)(i / NCATEGORIES) * 10000000,
                  INT64_MAX);
    }
    for (int i = 0; i < general; i++) {
        snprintf(id, sizeof id, "general-%d", i);
        if (i == 0) {
            clm_discount_rule s = CLM_DISCOUNT_RULE_INIT;
            s.id = id;
            s.action.kind = CLM_DISCOUNT_SURCHARGE;
            s.action.rate = 20000;
            bench_check(clm_discount_policy_add_rule(&r, p, &s), "add rule");
            add_range(p, r, CLM_DISCOUNT_COND_DEFERRAL, 60, INT64_MAX);
        } else if (i <= 3 || (i % 5 == 1 && i <= 16)) {
            /* six volume tiers on the document's quantity: 150+ .. 900+ units */
            int tier = i <= 3 ? i : 3 + i / 5;
            add_rule(p, &r, id, (clm_rate)(5000 * tier), 0, "volume");
            add_range(p, r, CLM_DISCOUNT_COND_DOC_QUANTITY, (int64_t)tier * 150000, INT64_MAX);
        } else if (i % 5 == 2) {
            /* a coupon */
            char code[32];
            snprintf(code, sizeof code, "COUPON%d", i);
            add_rule(p, &r, id, 50000, 0, NULL);
            add_set(p, r, CLM_DISCOUNT_COND_COUPON, code);
        } else {
            /* a one-week promotion; weeks run back from the document date */
            add_rule(p, &r, id, 40000, 0, NULL);
            add_range(p, r, CLM_DISCOUNT_COND_DATE, 20254 - 7 * (i / 5), 20254 - 7 * (i / 5) + 6);
        }
    }
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = 350000;
    caps.margin_floor = 50000;
    caps.max_document = 250000;
    bench_check(clm_discount_policy_set_caps(p, &caps), "caps");
    clm_discount_approval ladder[] = {
        { "manager", 100000, CLM_DISCOUNT_NO_LIMIT },
        { "head_of_department", 200000, CLM_DISCOUNT_NO_LIMIT },
        { "commercial_director", 300000, CLM_DISCOUNT_NO_LIMIT },
        { "general_director", CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT },
    };
    for (size_t i = 0; i < 4; i++)
        bench_check(clm_discount_policy_add_approval(p, &ladder[i]), "ladder");
    if ((int)clm_discount_policy_rule_count(p) != n) {
        fprintf(stderr, "bench_discount: built %zu rules, wanted %d\n",
                clm_discount_policy_rule_count(p), n);
        exit(1);
    }
    return p;
}

typedef struct workload {
    clm_discount_line *pool;
    const char **cats;          /* one category per document */
    const char **coupons;       /* one coupon on every tenth document */
    clm_discount_document *docs;
    size_t ndocs;
    clm_discount_line_result *out;
    clm_discount_totals *tot;
} workload;

static void make_workload(workload *w)
{
    w->pool = calloc(POOL_LINES, sizeof *w->pool);
    w->ndocs = POOL_LINES / LINES_PER_DOC;
    w->docs = calloc(w->ndocs, sizeof *w->docs);
    w->cats = calloc(w->ndocs, sizeof *w->cats);
    w->coupons = calloc(w->ndocs, sizeof *w->coupons);
    w->out = calloc((size_t)DOCS_PER_BATCH * LINES_PER_DOC, sizeof *w->out);
    w->tot = calloc(DOCS_PER_BATCH, sizeof *w->tot);
    if (!w->pool || !w->docs || !w->cats || !w->coupons || !w->out || !w->tot) {
        fprintf(stderr, "bench_discount: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < POOL_LINES; i++) {
        clm_discount_line *l = &w->pool[i];
        int prod = (int)(next() % NPRODUCTS);
        l->product = products[prod];
        l->group = group_of(prod);
        l->quantity = (int64_t)(1 + next() % 40) * 1000;
        bench_check(clm_money_make(&l->unit_price, (int64_t)(1000 + next() % 500000), "RUB"),
                    "price");
        bench_check(clm_money_make(&l->unit_cost, l->unit_price.amount * 7 / 10, "RUB"), "cost");
        l->has_cost = 1;
    }
    for (size_t k = 0; k < w->ndocs; k++) {
        clm_discount_document *d = &w->docs[k];
        bench_check(clm_discount_document_init(d), "document");
        d->currency = "RUB";
        d->date = 20254;
        w->cats[k] = categories[next() % NCATEGORIES];
        d->client.categories = &w->cats[k];
        d->client.category_count = 1;
        d->deferral_days = (int32_t)(next() % 90);
        static const char *codes[] = { "COUPON7", "COUPON12", "COUPON17", "COUPON22" };
        w->coupons[k] = codes[k / 10 % 4];
        d->coupons = &w->coupons[k];
        d->coupon_count = k % 10 == 0;
        d->lines = &w->pool[k * LINES_PER_DOC];
        d->line_count = LINES_PER_DOC;
    }
}

static void free_workload(workload *w)
{
    free(w->pool);
    free(w->docs);
    free(w->cats);
    free(w->coupons);
    free(w->out);
    free(w->tot);
}

static int64_t applied; /* rules applied, summed over the lines priced */

/* CPU seconds of this process: on a machine shared with other jobs the
 * wall clock also counts the time other processes held the CPU. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Prices `lines` lines (whole documents) and returns the wall seconds
 * taken; *cpu receives the CPU seconds. */
static double run(const clm_discount_engine *e, workload *w, int64_t lines, double *cpu)
{
    int64_t docs = (lines + LINES_PER_DOC - 1) / LINES_PER_DOC;
    size_t at = 0;
    int64_t sink = 0;
    applied = 0;
    double t0 = bench_now(), c0 = cpu_now();
    while (docs > 0) {
        size_t n = docs < DOCS_PER_BATCH ? (size_t)docs : DOCS_PER_BATCH;
        if (at + n > w->ndocs)
            at = 0;
        bench_check(clm_discount_engine_price_batch(w->out, (size_t)DOCS_PER_BATCH * LINES_PER_DOC,
                                                    w->tot, e, &w->docs[at], n),
                    "price batch");
        sink += w->tot[0].net;
        for (size_t i = 0; i < n * LINES_PER_DOC; i++)
            applied += (int64_t)w->out[i].rules_applied;
        at += n;
        docs -= (int64_t)n;
    }
    double t = bench_now() - t0;
    if (cpu)
        *cpu = cpu_now() - c0;
    bench_sink = sink;
    return t;
}

/* ---- explained pricing beside batch pricing ------------------------------- */

/* Rounds of the alternated comparisons (odd, so the median is a round). */
#define EXPLAIN_ROUNDS 5

static int cmp_double(const void *a, const void *b);
static double median(double *t, int n);

/* Prices docs[0..n) through clm_discount_engine_price_batch(), 100
 * documents a call, `reps` times; returns the CPU seconds. */
static double time_batch(const clm_discount_engine *e, workload *w,
                         const clm_discount_document *docs, size_t n, int reps)
{
    int64_t sink = 0;
    double c0 = cpu_now();
    for (int r = 0; r < reps; r++)
        for (size_t at = 0; at < n; at += DOCS_PER_BATCH) {
            size_t k = n - at < DOCS_PER_BATCH ? n - at : DOCS_PER_BATCH;
            bench_check(clm_discount_engine_price_batch(w->out, (size_t)DOCS_PER_BATCH * LINES_PER_DOC,
                                                        w->tot, e, &docs[at], k),
                        "price batch");
            sink += w->tot[0].net + w->out[0].net;
        }
    double c = cpu_now() - c0;
    bench_sink = sink;
    return c;
}

/* Prices docs[0..n) one at a time through clm_discount_engine_evaluate()
 * with the trace, and reads every entry as a screen showing it would (its
 * figures and the length of its name and reason), `reps` times; returns
 * the CPU seconds. *entries receives the entries per round. */
static double time_explained(const clm_discount_engine *e, const clm_discount_document *docs,
                             size_t n, int reps, int64_t *entries)
{
    int64_t sink = 0, count = 0;
    double c0 = cpu_now();
    for (int r = 0; r < reps; r++)
        for (size_t k = 0; k < n; k++) {
            clm_discount_result *res;
            bench_check(clm_discount_engine_evaluate(&res, e, &docs[k], NULL), "evaluate");
            size_t nl = clm_discount_result_line_count(res);
            for (size_t i = 0; i <= nl; i++) {
                size_t line = i < nl ? i : CLM_DISCOUNT_DOCUMENT;
                size_t ne = clm_discount_result_trace_count(res, line);
                for (size_t j = 0; j < ne; j++) {
                    const clm_discount_trace_entry *t = clm_discount_result_trace(res, line, j);
                    sink += t->amount + (int64_t)strlen(t->name) + (int64_t)strlen(t->reason);
                }
                if (r == 0)
                    count += (int64_t)ne;
            }
            sink += clm_discount_result_totals(res)->net;
            clm_discount_result_free(res);
        }
    double c = cpu_now() - c0;
    bench_sink = sink;
    *entries = count;
    return c;
}

/* Repeats a side so that it runs at least this long (CPU seconds), for a
 * reading well above the clock's grain. */
#define EXPLAIN_MIN_CPU 0.02

/*
 * Explained pricing (clm_discount_engine_evaluate() with the trace, every
 * entry read) beside batch pricing of the same documents: documents of 1
 * line and of 50 lines, the two sides alternated over EXPLAIN_ROUNDS
 * rounds (batch first in even rounds), each side timed in CPU seconds;
 * prints the medians of ns per line and of the ratio (target: <= 5x).
 */
static void explained(const clm_discount_engine *e, workload *w, const char *what)
{
    int64_t lines = bench_scaled(20000);
    lines = (lines + LINES_PER_DOC - 1) / LINES_PER_DOC * LINES_PER_DOC;
    if (lines > POOL_LINES)
        lines = POOL_LINES;
    /* the 1-line documents: each line of the 50-line ones alone, under
     * its document's client, coupon and terms */
    clm_discount_document *single = calloc((size_t)lines, sizeof *single);
    if (single == NULL) {
        fprintf(stderr, "bench_discount: out of memory\n");
        exit(1);
    }
    for (int64_t i = 0; i < lines; i++) {
        single[i] = w->docs[i / LINES_PER_DOC];
        single[i].lines = &w->pool[i];
        single[i].line_count = 1;
    }
    for (int shape = 0; shape < 2; shape++) {
        const clm_discount_document *docs = shape == 0 ? single : w->docs;
        size_t n = (size_t)(shape == 0 ? lines : lines / LINES_PER_DOC);
        int64_t entries = 0;
        /* warm the caches and size the repetitions */
        double cb = time_batch(e, w, docs, n, 1);
        double ce = time_explained(e, docs, n, 1, &entries);
        int rb = cb > 0 && cb < EXPLAIN_MIN_CPU ? (int)(EXPLAIN_MIN_CPU / cb) + 1 : 1;
        int re = ce > 0 && ce < EXPLAIN_MIN_CPU ? (int)(EXPLAIN_MIN_CPU / ce) + 1 : 1;
        double nb[EXPLAIN_ROUNDS], ne[EXPLAIN_ROUNDS], ratio[EXPLAIN_ROUNDS];
        for (int round = 0; round < EXPLAIN_ROUNDS; round++) {
            for (int k = 0; k < 2; k++) {
                if ((round + k) % 2 == 0)
                    nb[round] = time_batch(e, w, docs, n, rb) * 1e9 / ((double)lines * rb);
                else
                    ne[round] = time_explained(e, docs, n, re, &entries) * 1e9 / ((double)lines * re);
            }
            ratio[round] = ne[round] / nb[round];
        }
        char name[128];
        int nl = shape == 0 ? 1 : LINES_PER_DOC;
        snprintf(name, sizeof name, "discount %s %d-line: batch", what, nl);
        bench_figure(name, median(nb, EXPLAIN_ROUNDS), "CPU ns/line");
        snprintf(name, sizeof name, "discount %s %d-line: explained", what, nl);
        bench_figure(name, median(ne, EXPLAIN_ROUNDS), "CPU ns/line");
        snprintf(name, sizeof name, "discount %s %d-line: trace entries", what, nl);
        bench_figure(name, (double)entries / (double)lines, "per line");
        snprintf(name, sizeof name, "discount %s %d-line: explained/batch", what, nl);
        bench_figure(name, median(ratio, EXPLAIN_ROUNDS), "x (target <= 5)");
    }
    printf("(explained: evaluate with the trace, every entry read; batch: 100 documents a "
           "call; %d rounds alternated, CPU time, medians)\n", EXPLAIN_ROUNDS);
    free(single);
}

void bench_discount(void)
{
    names();
    workload w;
    make_workload(&w);
    int64_t lines = bench_scaled(1000000);
    lines = (lines + LINES_PER_DOC - 1) / LINES_PER_DOC * LINES_PER_DOC;

    clm_discount_policy *small = make_policy(20);
    clm_discount_policy *large = make_policy(10000);

    /* compile time: the best of 5, so a scheduling hiccup does not count */
    double best = 1e9;
    clm_discount_engine *el = NULL;
    for (int i = 0; i < 5; i++) {
        clm_discount_engine *e;
        double t0 = bench_now();
        bench_check(clm_discount_policy_compile(&e, large), "compile");
        double t = bench_now() - t0;
        if (t < best)
            best = t;
        clm_discount_engine_free(el);
        el = e;
    }
    bench_figure("discount compile 10,000 rules (best of 5)", best * 1e3, "ms (target < 50)");

    clm_discount_engine *es;
    bench_check(clm_discount_policy_compile(&es, small), "compile");
    double cs, cl;
    run(es, &w, bench_scaled(50000), NULL); /* warm the caches */
    double ts = run(es, &w, lines, &cs);
    double as = (double)applied / (double)lines;
    bench_report("discount price lines, 20 rules", lines, ts);
    run(el, &w, bench_scaled(50000), NULL);
    double tl = run(el, &w, lines, &cl);
    double al = (double)applied / (double)lines;
    bench_report("discount price lines, 10,000 rules", lines, tl);
    double rs = (double)lines / ts, rl = (double)lines / tl;
    bench_figure("discount lines/s 20 rules (target > 5e6)", rs, "lines/s");
    bench_figure("discount lines/s 10,000 rules (target > 1e6)", rl, "lines/s");
    bench_figure("discount ratio 20 rules / 10,000 rules", rs / rl, "x");
    bench_figure("discount rules applied per line, 20 rules", as, "rules");
    bench_figure("discount rules applied per line, 10,000 rules", al, "rules");
    bench_figure("discount lines/CPU-s 20 rules", (double)lines / cs, "lines/s");
    bench_figure("discount lines/CPU-s 10,000 rules", (double)lines / cl, "lines/s");

    explained(es, &w, "20 rules");
    explained(el, &w, "10,000 rules");

    clm_discount_engine_free(es);
    clm_discount_engine_free(el);
    clm_discount_policy_free(small);
    clm_discount_policy_free(large);
    free_workload(&w);
}

/*
 * The "price" group: price lookup plus discounts. A book of
 * 100,000 entries: a retail list with five quantity breaks for each of the
 * 12,000 products (60,000) and a price for each of the 40 top groups, and
 * 60 category lists (one per client category) that inherit retail - 10 %
 * to whole roubles and have 666 product prices of their own (39,960).
 * The same documents as the "discount" group, with the lines' prices left
 * out, are priced with the 20-rule policy: with their prices (discounts
 * only) and from the book (target: at least half the discount-only rate
 * per CPU second); both rates come from this run.
 */
static clm_price_book *make_book(const clm_discount_policy *groups_from)
{
    clm_price_set *s;
    bench_check(clm_price_set_new(&s), "price set");
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "retail";
    d.currency = "RUB";
    bench_check(clm_price_set_add_list(s, &d), "price list");
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    static const int64_t breaks[5] = { 0, 5000, 10000, 20000, 30000 };
    size_t n = 0;
    for (int p = 0; p < NPRODUCTS; p++)
        for (int b = 0; b < 5; b++) {
            e.product = products[p];
            e.min_quantity = breaks[b];
            e.unit_price = (int64_t)(1000 + (p * 7919) % 500000) * (20 - b) / 20;
            bench_check(clm_price_set_add_entry(s, "retail", &e), "price entry");
            n++;
        }
    e.product = NULL;
    e.min_quantity = 0;
    for (int g = 0; g < 40; g++) {
        e.group = groups[g];
        e.unit_price = 99900;
        bench_check(clm_price_set_add_entry(s, "retail", &e), "price entry");
        n++;
    }
    e.group = NULL;
    char id[1024];
    for (int c = 0; c < NCATEGORIES; c++) {
        snprintf(id, sizeof id, "list-%s", categories[c]);
        d.id = id;
        d.audience = CLM_PRICE_CATEGORY;
        d.audience_value = categories[c];
        d.parent = "retail";
        d.parent_formula.rate = -100000;
        d.parent_formula.step = 100;
        d.parent_formula.rounding = CLM_ROUND_HALF_UP;
        bench_check(clm_price_set_add_list(s, &d), "price list");
        for (int k = 0; k < 666; k++) {
            e.product = products[(c * 199 + k * 17) % NPRODUCTS];
            e.unit_price = 50000 + k;
            bench_check(clm_price_set_add_entry(s, id, &e), "price entry");
            n++;
        }
    }
    if (n != 100000) {
        fprintf(stderr, "bench_price: built %zu entries, wanted 100000\n", n);
        exit(1);
    }
    clm_price_book *b;
    double t0 = bench_now();
    bench_check(clm_price_book_compile(&b, s, groups_from), "price book");
    bench_figure("price compile 100,000 entries", (bench_now() - t0) * 1e3, "ms");
    clm_price_set_free(s);
    return b;
}

/* A copy of w's documents whose lines carry no price (the same products,
 * groups, quantities and costs), for the engine with a book. */
static void strip_prices(workload *dst, const workload *w)
{
    *dst = *w;
    dst->pool = calloc(POOL_LINES, sizeof *dst->pool);
    dst->docs = calloc(w->ndocs, sizeof *dst->docs);
    dst->out = calloc((size_t)DOCS_PER_BATCH * LINES_PER_DOC, sizeof *dst->out);
    dst->tot = calloc(DOCS_PER_BATCH, sizeof *dst->tot);
    if (!dst->pool || !dst->docs || !dst->out || !dst->tot) {
        fprintf(stderr, "bench_price: out of memory\n");
        exit(1);
    }
    memcpy(dst->pool, w->pool, POOL_LINES * sizeof *dst->pool);
    for (size_t i = 0; i < POOL_LINES; i++)
        memset(&dst->pool[i].unit_price, 0, sizeof dst->pool[i].unit_price);
    for (size_t k = 0; k < w->ndocs; k++) {
        dst->docs[k] = w->docs[k];
        dst->docs[k].lines = &dst->pool[k * LINES_PER_DOC];
    }
    dst->cats = NULL;    /* shared with w, freed with it */
    dst->coupons = NULL;
}

/* Rounds of the alternated comparison (odd, so the median is a round). */
#define PRICE_ROUNDS 5

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n / 2];
}

void bench_price(void)
{
    names();
    workload w, wb;
    make_workload(&w);
    strip_prices(&wb, &w);
    int64_t lines = bench_scaled(1000000);
    lines = (lines + LINES_PER_DOC - 1) / LINES_PER_DOC * LINES_PER_DOC;
    clm_discount_policy *small = make_policy(20);
    clm_price_book *book = make_book(small);
    clm_discount_engine *es, *ep;
    bench_check(clm_discount_policy_compile(&es, small), "compile");
    bench_check(clm_discount_policy_compile_with_prices(&ep, small, book), "compile with prices");
    clm_price_book_free(book);

    /* The two sides alternate (discounts only first in even rounds, the
     * lookup first in odd ones), each round pricing the same documents
     * both ways; a round's ratio compares two runs a moment apart, so the
     * load of the machine drifting between them counts little, and the
     * medians are reported. */
    double ts[PRICE_ROUNDS], tp[PRICE_ROUNDS], rs[PRICE_ROUNDS], rp[PRICE_ROUNDS], ratio[PRICE_ROUNDS];
    for (int round = 0; round < PRICE_ROUNDS; round++) {
        for (int k = 0; k < 2; k++) {
            int lookup = (round + k) % 2;
            const clm_discount_engine *e = lookup ? ep : es;
            workload *wl = lookup ? &wb : &w;
            double cpu;
            run(e, wl, bench_scaled(50000), NULL); /* warm the caches */
            double t = run(e, wl, lines, &cpu);
            (lookup ? tp : ts)[round] = t;
            (lookup ? rp : rs)[round] = (double)lines / cpu;
        }
        ratio[round] = rp[round] / rs[round];
    }
    bench_report("price discounts only, lines with prices, 20 rules (median)", lines, median(ts, PRICE_ROUNDS));
    bench_report("price lookup + discounts, 100,000 entries, 20 rules (median)", lines, median(tp, PRICE_ROUNDS));
    bench_figure("price lines/CPU-s discounts only, 20 rules (median)", median(rs, PRICE_ROUNDS), "lines/s");
    bench_figure("price lines/CPU-s lookup + discounts (median)", median(rp, PRICE_ROUNDS), "lines/s");
    double lo = ratio[0], hi = ratio[0];
    for (int r = 1; r < PRICE_ROUNDS; r++) {
        lo = ratio[r] < lo ? ratio[r] : lo;
        hi = ratio[r] > hi ? ratio[r] : hi;
    }
    bench_figure("price ratio lookup+discounts / discounts only, lowest round", lo, "x");
    bench_figure("price ratio lookup+discounts / discounts only, highest round", hi, "x");
    bench_figure("price ratio lookup+discounts / discounts only, median (target >= 0.5)",
                 median(ratio, PRICE_ROUNDS), "x");
    printf("(%d rounds alternated, per CPU second, medians)\n", PRICE_ROUNDS);

    clm_discount_engine_free(es);
    clm_discount_engine_free(ep);
    clm_discount_policy_free(small);
    free(wb.pool);
    free(wb.docs);
    free(wb.out);
    free(wb.tot);
    free_workload(&w);
}
