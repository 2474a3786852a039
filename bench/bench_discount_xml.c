/*
 * bench_discount_xml.c — group "discount-xml": policy files and the
 * validator at the size the "discount" group benchmarks the engine with (a
 * 10 000-rule policy), so a user knows what checking and loading a large policy costs.
 *
 * The policy: 2 000 products in 200 groups under 20 parents; per product
 * four quantity tiers in one exclusion group (partitioned, so the
 * validator has pairs to examine and nothing to report), plus category and
 * date rules. Every case is timed on the same policy in one run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clm/clm.h>

#include "bench.h"

static clm_discount_policy *big_policy(int64_t rules)
{
    clm_discount_policy *p = NULL;
    bench_check(clm_discount_policy_new(&p, "bench", "RUB"), "policy");
    bench_check(clm_discount_policy_set_stacking(p, CLM_DISCOUNT_STACK_ADDITIVE), "stacking");
    char name[64], parent[64];
    for (int g = 0; g < 20; g++) {
        snprintf(name, sizeof name, "family-%d", g);
        bench_check(clm_discount_policy_add_group(p, name, NULL), "group");
    }
    for (int g = 0; g < 200; g++) {
        snprintf(name, sizeof name, "group-%d", g);
        snprintf(parent, sizeof parent, "family-%d", g % 20);
        bench_check(clm_discount_policy_add_group(p, name, parent), "group");
    }
    static const int64_t tiers[5] = { 10, 100, 500, 1000, 0 };
    for (int64_t i = 0; i < rules; i++) {
        char id[64], product[32], group[32], xgroup[32];
        int64_t prod = i / 5;
        int kind = (int)(i % 5);
        snprintf(id, sizeof id, "r%lld", (long long)i);
        snprintf(product, sizeof product, "P%05lld", (long long)prod);
        snprintf(group, sizeof group, "group-%lld", (long long)(prod % 200));
        snprintf(xgroup, sizeof xgroup, "vol-%lld", (long long)prod);
        clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
        r.id = id;
        r.priority = (int32_t)(10 + kind + 10 * (int32_t)(prod % 7));
        r.action.kind = CLM_DISCOUNT_PERCENT;
        r.action.rate = (kind + 1) * CLM_RATE_PERCENT;
        r.exclusion_group = kind < 4 ? xgroup : NULL;
        size_t ri;
        bench_check(clm_discount_policy_add_rule(&ri, p, &r), "rule");
        const char *values[1];
        clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
        c.values = values;
        c.value_count = 1;
        if (kind < 4) {
            values[0] = product;
            c.kind = CLM_DISCOUNT_COND_PRODUCT;
            bench_check(clm_discount_policy_add_condition(p, ri, &c), "product");
            c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
            c.kind = CLM_DISCOUNT_COND_LINE_QUANTITY;
            c.min = tiers[kind] * CLM_DISCOUNT_QTY_SCALE;
            c.max = kind < 3 ? tiers[kind + 1] * CLM_DISCOUNT_QTY_SCALE - 1 : INT64_MAX;
            bench_check(clm_discount_policy_add_condition(p, ri, &c), "quantity");
        } else {
            values[0] = group;
            c.kind = CLM_DISCOUNT_COND_GROUP;
            bench_check(clm_discount_policy_add_condition(p, ri, &c), "group");
            c.kind = CLM_DISCOUNT_COND_CATEGORY;
            values[0] = prod % 2 ? "key" : "regular";
            bench_check(clm_discount_policy_add_condition(p, ri, &c), "category");
            c = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
            c.kind = CLM_DISCOUNT_COND_DATE;
            c.min = 20454 + (int64_t)(prod % 100);
            c.max = c.min + 90;
            bench_check(clm_discount_policy_add_condition(p, ri, &c), "date");
        }
    }
    return p;
}

static void run(int64_t rules)
{
    char label[96];
    clm_discount_policy *p = big_policy(rules);

    char *xml = NULL;
    size_t len = 0;
    double t0 = bench_now();
    bench_check(clm_discount_policy_save_xml(&xml, &len, p), "save");
    double t1 = bench_now();
    snprintf(label, sizeof label, "discount-xml: save %lld rules", (long long)rules);
    bench_report(label, rules, t1 - t0);
    snprintf(label, sizeof label, "discount-xml: file size, %lld rules", (long long)rules);
    bench_figure(label, (double)len / 1024.0, "KiB");

    clm_discount_policy *q = NULL;
    t0 = bench_now();
    bench_check(clm_discount_policy_load_xml(&q, xml, len, "bench", NULL), "load");
    t1 = bench_now();
    snprintf(label, sizeof label, "discount-xml: load+validate XSD %lld rules", (long long)rules);
    bench_report(label, rules, t1 - t0);

    clm_discount_findings *f = NULL;
    clm_discount_validate_options o = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    o.has_today = 1;
    o.today = 20454;
    t0 = bench_now();
    bench_check(clm_discount_validate(&f, q, &o), "validate");
    t1 = bench_now();
    snprintf(label, sizeof label, "discount-xml: validator, %lld rules", (long long)rules);
    bench_report(label, rules, t1 - t0);
    snprintf(label, sizeof label, "discount-xml: findings, %lld rules", (long long)rules);
    bench_figure(label, (double)clm_discount_findings_count(f), "findings");
    bench_sink += (int64_t)clm_discount_findings_count(f);

    clm_discount_policy_set_stacking(q, CLM_DISCOUNT_STACK_BEST_ONLY);
    clm_discount_findings *g = NULL;
    t0 = bench_now();
    bench_check(clm_discount_validate(&g, q, &o), "validate best-only");
    t1 = bench_now();
    snprintf(label, sizeof label, "discount-xml: validator best-only, %lld rules", (long long)rules);
    bench_report(label, rules, t1 - t0);
    bench_sink += (int64_t)clm_discount_findings_count(g);

    clm_discount_findings_free(g);
    clm_discount_findings_free(f);
    clm_discount_policy_free(q);
    clm_free(xml);
    clm_discount_policy_free(p);
}

void bench_discount_xml(void)
{
    run(bench_scaled(20));
    run(bench_scaled(10000));
}
