/*
 * bench_segment.c — group "segment": ABC + XYZ + RFM over a client base with
 * 12 monthly figures each, and a 20-rule category policy over the same base.
 *
 * Targets: segmentation of 1,000,000 clients under 100 ms in total
 * (idiomatic pandas takes 0.87 s here); the one-pass segmentation (a
 * clm_segmenter run, which reads the months once and keeps its scratch) at
 * least 1.5x the clients per second of the four separate calls (timed in
 * the same run, in turns, with the ratio printed; clm_segment_all(), which
 * allocates its scratch in each call, beside them); over
 * 5 million client-rule evaluations per second. The data is generated in
 * memory and not timed.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clm/category.h"
#include "clm/segment.h"

#define PERIODS 12
#define RULES 20

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

/* CPU seconds of this process: on a machine shared with other jobs the wall
 * clock also counts the time spent waiting for a core. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL) {
        fprintf(stderr, "clm-bench: out of memory\n");
        exit(1);
    }
    return p;
}

/* A skewed base: client sizes over four orders of magnitude, a quarter of
 * the months without a purchase, some months with returns. */
static void generate(int64_t *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rng();
        int64_t base = (int64_t)(1 + r % 1000) * (int64_t)(1 + (r >> 10) % 1000) * 100;
        unsigned activity = (unsigned)((r >> 20) % 4); /* 0: sparse .. 3: every month */
        for (size_t p = 0; p < PERIODS; p++) {
            uint64_t q = rng();
            int64_t x = 0;
            if ((q & 3) <= activity)
                x = base + (int64_t)((q >> 8) % (uint64_t)base) - base / 2;
            if ((q >> 60) == 0)
                x = -(base / 10); /* a return */
            m[i * PERIODS + p] = x;
        }
    }
}

static clm_condition *cmp(clm_fact f, clm_cmp_op op, int64_t v)
{
    clm_condition *c = NULL;
    bench_check(clm_condition_compare(&c, f, op, v), "condition");
    return c;
}

static clm_condition *both(clm_condition *a, clm_condition *b)
{
    clm_condition *k[] = { a, b }, *c = NULL;
    bench_check(clm_condition_all(&c, k, 2), "all");
    return c;
}

static clm_condition *either(clm_condition *a, clm_condition *b)
{
    clm_condition *k[] = { a, b }, *c = NULL;
    bench_check(clm_condition_any(&c, k, 2), "any");
    return c;
}

/* 20 rules of the shapes a real policy has: thresholds, classes, RFM cells,
 * text sets, negations, tenure ranges. */
static clm_category_policy *make_policy(void)
{
    clm_category_policy *p = NULL;
    bench_check(clm_category_policy_new(&p, "bench", "RUB"), "policy");
    const char *cats[] = { "key", "regular", "dormant", "promising", "watch", "capital" };
    for (size_t i = 0; i < 6; i++)
        bench_check(clm_category_policy_add_category(p, cats[i], NULL, 0), "category");
    const char *capitals[] = { "Moscow", "Saint Petersburg" };
    const char *risky[] = { "high", "critical" };
    const int64_t top_cells[] = { 555, 554, 545, 455 };
    const int64_t ab[] = { CLM_ABC_A, CLM_ABC_B };
    clm_condition *c[RULES];
    const char *cat_of[RULES];
    int k = 0;
    for (int t = 0; t < 4; t++) {
        cat_of[k] = "key";
        c[k++] = both(cmp(CLM_FACT_ABC, CLM_CMP_EQ, CLM_ABC_A),
                      cmp(CLM_FACT_TURNOVER, CLM_CMP_GE, 50000000 + t * 10000000));
    }
    clm_condition *x = NULL;
    bench_check(clm_condition_in(&x, CLM_FACT_RFM_CELL, top_cells, 4), "in");
    cat_of[k] = "key";
    c[k++] = x;
    for (int t = 0; t < 4; t++) {
        cat_of[k] = "regular";
        c[k++] = both(cmp(CLM_FACT_RFM_F, CLM_CMP_GE, 3 + t % 2),
                      cmp(CLM_FACT_XYZ, CLM_CMP_NE, CLM_XYZ_Z));
    }
    for (int t = 0; t < 3; t++) {
        clm_condition *n = NULL;
        bench_check(clm_condition_not(&n, cmp(CLM_FACT_DAYS_SINCE_PURCHASE, CLM_CMP_LE,
                                              90 + 90 * t)), "not");
        cat_of[k] = "dormant";
        c[k++] = n;
    }
    for (int t = 0; t < 3; t++) {
        clm_condition *r = NULL, *s = NULL;
        bench_check(clm_condition_range(&r, CLM_FACT_TENURE_DAYS, 0, 365 * (t + 1)), "range");
        bench_check(clm_condition_in(&s, CLM_FACT_ABC, ab, 2), "in");
        cat_of[k] = "promising";
        c[k++] = both(r, s);
    }
    for (int t = 0; t < 3; t++) {
        clm_condition *s = NULL;
        bench_check(clm_condition_in_text(&s, CLM_FACT_RISK_CLASS, risky, 2), "in_text");
        cat_of[k] = "watch";
        c[k++] = either(s, cmp(CLM_FACT_MARGIN, CLM_CMP_LT, -1000 * t));
    }
    for (int t = 0; t < 2; t++) {
        clm_condition *s = NULL, *l = NULL;
        bench_check(clm_condition_in_text(&s, CLM_FACT_REGION, capitals, 2), "in_text");
        bench_check(clm_condition_compare_text(&l, CLM_FACT_STATE, CLM_CMP_NE, "lost"), "text");
        cat_of[k] = "capital";
        c[k++] = t == 0 ? both(s, l) : either(both(s, l), cmp(CLM_FACT_RFM_M, CLM_CMP_EQ, 5));
    }
    if (k != RULES) {
        fprintf(stderr, "clm-bench: %d rules built, expected %d\n", k, RULES);
        exit(1);
    }
    for (int i = 0; i < RULES; i++) {
        char name[16];
        snprintf(name, sizeof name, "rule-%02d", i);
        bench_check(clm_category_policy_add_rule(p, name, cat_of[i], c[i]), "add_rule");
        clm_condition_free(c[i]);
    }
    return p;
}

/* Rounds of the segmentation timing (odd, so the median is a round). */
#define SEG_ROUNDS 5

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(const double *v, int k)
{
    double t[SEG_ROUNDS];
    memcpy(t, v, (size_t)k * sizeof *t);
    qsort(t, (size_t)k, sizeof *t, cmp_double);
    return t[k / 2];
}

/* The outputs of one segmentation run. */
typedef struct seg_out {
    int64_t *total, *freq;
    int32_t *last;
    clm_abc_class *abc;
    clm_xyz_class *xyz;
    clm_rfm_score *rfm;
} seg_out;

/* Stage times of one run of the separate calls (seconds). */
typedef struct seg_stages {
    double summarize, abc, xyz, rfm;
} seg_stages;

/* ABC + XYZ + RFM as four separate calls: the totals, frequencies and last
 * periods from the months, then each classification on its own (XYZ reads
 * the months again). */
static void run_separate(seg_out *o, seg_stages *st, const int64_t *m, size_t n)
{
    double t0 = bench_now();
    bench_check(clm_periods_summarize(o->total, o->freq, o->last, m, n, PERIODS), "summarize");
    double t1 = bench_now();
    bench_check(clm_abc_classify(o->abc, o->total, n, NULL), "abc");
    double t2 = bench_now();
    bench_check(clm_xyz_classify(o->xyz, NULL, m, n, PERIODS, NULL), "xyz");
    double t3 = bench_now();
    bench_check(clm_rfm_score_batch(o->rfm, o->last, o->freq, o->total, n), "rfm");
    double t4 = bench_now();
    st->summarize = t1 - t0;
    st->abc = t2 - t1;
    st->xyz = t3 - t2;
    st->rfm = t4 - t3;
}

/* The same results from clm_segment_all() (the months read once; sg
 * NULL: the scratch allocated and freed by the call) or from a segmenter
 * that keeps its scratch from one run to the next. */
static void run_combined(seg_out *o, clm_segmenter *sg, const int64_t *m, size_t n)
{
    const clm_segment_result out = { o->abc, o->xyz, o->rfm, NULL, o->total, o->freq, o->last };
    if (sg != NULL)
        bench_check(clm_segmenter_run(sg, &out, m, n, PERIODS, NULL), "segmenter_run");
    else
        bench_check(clm_segment_all(&out, m, n, PERIODS, NULL), "segment_all");
}

/* Aborts the run unless both paths gave the same results. */
static void check_same(const seg_out *a, const seg_out *b, size_t n)
{
    if (memcmp(a->abc, b->abc, n * sizeof *a->abc) != 0 ||
        memcmp(a->xyz, b->xyz, n * sizeof *a->xyz) != 0 ||
        memcmp(a->rfm, b->rfm, n * sizeof *a->rfm) != 0 ||
        memcmp(a->total, b->total, n * sizeof *a->total) != 0 ||
        memcmp(a->freq, b->freq, n * sizeof *a->freq) != 0 ||
        memcmp(a->last, b->last, n * sizeof *a->last) != 0) {
        fprintf(stderr, "clm-bench: clm_segment_all differs from the separate calls\n");
        exit(1);
    }
}

static void *xmalloc_touched(size_t bytes)
{
    /* Touch the output arrays first: a caller reuses its buffers, and on a
     * VM the first write to fresh pages can cost more than the work. (Not
     * with 0: the compiler may turn malloc + memset 0 into calloc, which
     * leaves the pages untouched.) */
    void *p = xmalloc(bytes);
    memset(p, 0xff, bytes);
    return p;
}

static void seg_out_alloc(seg_out *o, size_t n)
{
    o->total = xmalloc_touched(n * sizeof *o->total);
    o->freq = xmalloc_touched(n * sizeof *o->freq);
    o->last = xmalloc_touched(n * sizeof *o->last);
    o->abc = xmalloc_touched(n * sizeof *o->abc);
    o->xyz = xmalloc_touched(n * sizeof *o->xyz);
    o->rfm = xmalloc_touched(n * sizeof *o->rfm);
}

static void seg_out_free(seg_out *o)
{
    free(o->total);
    free(o->freq);
    free(o->last);
    free(o->abc);
    free(o->xyz);
    free(o->rfm);
}

void bench_segment(void)
{
    const size_t n = (size_t)bench_scaled(1000000);
    int64_t *m = xmalloc(n * PERIODS * sizeof *m);
    generate(m, n);
    seg_out so;
    seg_out_alloc(&so, n);
    int64_t *total = so.total;
    int32_t *last = so.last;
    clm_abc_class *abc = so.abc;
    clm_xyz_class *xyz = so.xyz;
    clm_rfm_score *rfm = so.rfm;

    /* ABC + XYZ + RFM of the whole base three ways: the four separate
     * calls, a clm_segmenter kept from round to round, and
     * clm_segment_all() allocating its scratch in each call; SEG_ROUNDS
     * rounds, the order of the three turning each round; medians of the
     * wall clock and of the CPU time (on a shared machine the wall clock
     * also counts the time spent waiting for a core). A round's ratio
     * compares runs a moment apart. */
    enum { SIDES = 3 };
    static const char *const side[SIDES] = { "separate calls", "clm_segmenter_run",
                                             "clm_segment_all" };
    seg_out co[SIDES - 1];
    for (int k = 0; k < SIDES - 1; k++)
        seg_out_alloc(&co[k], n);
    clm_segmenter *sg = NULL;
    bench_check(clm_segmenter_new(&sg), "segmenter_new");
    char label[112];
    double wall[SIDES][SEG_ROUNDS], cpu[SIDES][SEG_ROUNDS], ratio[SIDES][SEG_ROUNDS],
        s_sum[SEG_ROUNDS], s_abc[SEG_ROUNDS], s_xyz[SEG_ROUNDS], s_rfm[SEG_ROUNDS];
    for (int r = 0; r < SEG_ROUNDS; r++) {
        for (int j = 0; j < SIDES; j++) {
            int k = (r + j) % SIDES;
            double c0 = cpu_now(), t0 = bench_now();
            if (k == 0) {
                seg_stages st;
                run_separate(&so, &st, m, n);
                s_sum[r] = st.summarize;
                s_abc[r] = st.abc;
                s_xyz[r] = st.xyz;
                s_rfm[r] = st.rfm;
            } else {
                run_combined(&co[k - 1], k == 1 ? sg : NULL, m, n);
            }
            wall[k][r] = bench_now() - t0;
            cpu[k][r] = cpu_now() - c0;
        }
        for (int k = 1; k < SIDES; k++)
            ratio[k][r] = cpu[0][r] / cpu[k][r];
    }
    for (int k = 0; k < SIDES - 1; k++) {
        check_same(&so, &co[k], n);
        seg_out_free(&co[k]);
    }
    clm_segmenter_free(sg);
    snprintf(label, sizeof label, "segment: summarize %zu x %d (median)", n, PERIODS);
    bench_figure(label, median(s_sum, SEG_ROUNDS) * 1e3, "ms");
    snprintf(label, sizeof label, "segment: ABC on totals (%zu clients, median)", n);
    bench_figure(label, median(s_abc, SEG_ROUNDS) * 1e3, "ms");
    snprintf(label, sizeof label, "segment: XYZ on %zu x %d (median)", n, PERIODS);
    bench_figure(label, median(s_xyz, SEG_ROUNDS) * 1e3, "ms");
    snprintf(label, sizeof label, "segment: RFM (%zu clients, median)", n);
    bench_figure(label, median(s_rfm, SEG_ROUNDS) * 1e3, "ms");
    for (int k = 0; k < SIDES; k++) {
        snprintf(label, sizeof label, "segment: ABC+XYZ+RFM %zu clients x %d months, %s", n,
                 PERIODS, side[k]);
        bench_report(label, (int64_t)n, median(wall[k], SEG_ROUNDS));
        snprintf(label, sizeof label, "segment: ABC+XYZ+RFM %s, clients per CPU second", side[k]);
        bench_figure(label, (double)n / median(cpu[k], SEG_ROUNDS), "per s");
    }
    bench_figure("segment: ABC+XYZ+RFM clm_segmenter_run (target < 100)",
                 median(wall[1], SEG_ROUNDS) * 1e3, "ms");
    for (int k = 1; k < SIDES; k++) {
        double lo = ratio[k][0], hi = ratio[k][0];
        for (int r = 1; r < SEG_ROUNDS; r++) {
            lo = ratio[k][r] < lo ? ratio[k][r] : lo;
            hi = ratio[k][r] > hi ? ratio[k][r] : hi;
        }
        snprintf(label, sizeof label, "segment: ratio %s / separate, lowest round", side[k]);
        bench_figure(label, lo, "x");
        snprintf(label, sizeof label, "segment: ratio %s / separate, highest round", side[k]);
        bench_figure(label, hi, "x");
        snprintf(label, sizeof label, "segment: ratio %s / separate, median%s", side[k],
                 k == 1 ? " (target >= 1.5)" : "");
        bench_figure(label, median(ratio[k], SEG_ROUNDS), "x");
    }
    printf("(%d rounds, the order turning, rates per CPU second, medians; results identical)\n",
           SEG_ROUNDS);
    size_t cls[4] = { 0 };
    for (size_t i = 0; i < n; i++)
        cls[abc[i]]++;
    bench_sink += (int64_t)cls[1];
    printf("  (A %zu, B %zu, C %zu clients)\n", cls[1], cls[2], cls[3]);

    /* Categories: facts from the segmentation, dates over two years. */
    clm_category_policy *p = make_policy();
    clm_category_facts *f = xmalloc(n * sizeof *f);
    static const char *regions[] = { "Moscow", "Kazan", "Saint Petersburg", "Ufa", "Samara" };
    static const char *states[] = { "active", "regular", "inactive", "lost" };
    static const char *risks[] = { "low", "medium", "high", "critical", NULL };
    const clm_date as_of = 20453; /* 2025-12-31 */
    for (size_t i = 0; i < n; i++) {
        clm_category_facts x = CLM_CATEGORY_FACTS_INIT;
        uint64_t r = rng();
        memcpy(x.currency, "RUB", 4);
        x.turnover = total[i];
        x.margin = total[i] / 5 - (int64_t)(r % 50000);
        x.client_since = as_of - (clm_date)(r % 1500);
        x.last_purchase = last[i] == CLM_RFM_NEVER
                              ? CLM_FACT_NO_DATE
                              : as_of - (clm_date)((PERIODS - 1 - last[i]) * 30 + (r >> 20) % 30);
        if (x.last_purchase != CLM_FACT_NO_DATE && x.last_purchase < x.client_since)
            x.client_since = x.last_purchase;
        x.abc = abc[i];
        x.xyz = xyz[i];
        x.rfm = rfm[i];
        x.region = regions[(r >> 32) % 5];
        x.state = states[(r >> 36) % 4];
        x.risk_class = risks[(r >> 40) % 5];
        f[i] = x;
    }
    size_t ncat = clm_category_policy_category_count(p);
    uint32_t *rules = xmalloc(n * ncat * sizeof *rules);
    memset(rules, 0xff, n * ncat * sizeof *rules);
    double c5 = cpu_now();
    double t5 = bench_now();
    bench_check(clm_category_policy_evaluate_batch(rules, n * ncat, p, f, n, as_of), "categories");
    double t6 = bench_now();
    double c6 = cpu_now();
    snprintf(label, sizeof label, "segment: category rules (%d rules x %zu clients)", RULES, n);
    bench_report(label, (int64_t)n * RULES, t6 - t5);
    bench_figure("segment: client-rule evaluations/s (target > 5e6)",
                 (double)n * RULES / (t6 - t5), "per s");
    bench_figure("segment: client-rule evaluations per CPU second",
                 (double)n * RULES / (c6 - c5), "per s");
    size_t in_any = 0;
    for (size_t i = 0; i < n; i++) {
        int any = 0;
        for (size_t k = 0; k < ncat; k++)
            any |= rules[i * ncat + k] != CLM_CATEGORY_NO_RULE;
        in_any += (size_t)any;
    }
    bench_sink += (int64_t)in_any;
    printf("  (%zu clients in at least one category)\n", in_any);

    clm_category_policy_free(p);
    free(rules);
    free(f);
    free(m);
    seg_out_free(&so);
}
