/*
 * bench_credit_models.c — group "credit-models": score 1,000,000 clients'
 * statements with every built-in financial-standing model
 * (clm_credit_model_evaluate, the no-allocation path).
 *
 * Target: under 1 s for all the models together. The clients are
 * generated in chunks of 4,096 distinct statements (generation not timed),
 * so every scoring reads a different client; the time is the CPU time of
 * this process (on a shared machine the wall clock also counts waiting).
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clm/credit_model.h"

#define CHUNK 4096

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set(clm_credit_statements *st, clm_credit_period p, int line, int64_t rub)
{
    clm_money m = { rub * 100, "RUB" };
    bench_check(clm_credit_statements_set(st, p, line, &m), "statements");
}

/* A plausible company: a balanced sheet, profit or loss, two periods. */
static void generate(clm_credit_statements *st)
{
    int64_t ta = 1000000 + (int64_t)(rng() % 1000000000);
    int64_t ca = ta / 10 + (int64_t)(rng() % (uint64_t)(ta * 8 / 10));
    int64_t eq = ta / 20 + (int64_t)(rng() % (uint64_t)(ta * 7 / 10));
    int64_t ltl = (int64_t)(rng() % (uint64_t)((ta - eq) / 2 + 1));
    int64_t cl = ta - eq - ltl;
    int64_t sales = ta / 4 + (int64_t)(rng() % (uint64_t)(ta * 3));
    int64_t cost = sales * (60 + (int64_t)(rng() % 45)) / 100;
    int64_t sell = sales / 20, adm = sales / 25;
    int64_t pbt = sales - cost - sell - adm;
    set(st, CLM_CREDIT_CURRENT, 1100, ta - ca);
    set(st, CLM_CREDIT_CURRENT, 1200, ca);
    set(st, CLM_CREDIT_CURRENT, 1210, ca / 3); /* inventories (Taffler 1983's quick assets) */
    set(st, CLM_CREDIT_CURRENT, 1300, eq);
    set(st, CLM_CREDIT_CURRENT, 1370, eq / 2 - (int64_t)(rng() % (uint64_t)(eq + 1)) / 3);
    set(st, CLM_CREDIT_CURRENT, 1400, ltl);
    set(st, CLM_CREDIT_CURRENT, 1500, cl);
    set(st, CLM_CREDIT_CURRENT, 1600, ta);
    set(st, CLM_CREDIT_CURRENT, 2110, sales);
    set(st, CLM_CREDIT_CURRENT, 2120, cost);
    set(st, CLM_CREDIT_CURRENT, 2200, sales - cost);
    set(st, CLM_CREDIT_CURRENT, 2210, sell);
    set(st, CLM_CREDIT_CURRENT, 2220, adm);
    set(st, CLM_CREDIT_CURRENT, 2300, pbt);
    set(st, CLM_CREDIT_CURRENT, 2330, ltl / 10);
    set(st, CLM_CREDIT_CURRENT, 2400, pbt - (pbt > 0 ? pbt / 5 : 0));
    set(st, CLM_CREDIT_PRIOR, 1300, eq - eq / 10);
    set(st, CLM_CREDIT_PRIOR, 1600, ta - ta / 12);
    clm_money mve = { (eq + eq / 2) * 100, "RUB" };
    bench_check(clm_credit_statements_set_market_equity(st, &mve), "market value");
}

void bench_credit_models(void)
{
    clm_credit_model *models[CLM_CREDIT_BUILTIN_COUNT];
    for (int m = 0; m < CLM_CREDIT_BUILTIN_COUNT; m++)
        bench_check(clm_credit_model_builtin(&models[m], (clm_credit_builtin)m, NULL), "model");
    clm_credit_statements *st[CHUNK];
    for (int i = 0; i < CHUNK; i++)
        bench_check(clm_credit_statements_new(&st[i], "RUB"), "statements");

    int64_t clients = bench_scaled(1000000);
    double per_model[CLM_CREDIT_BUILTIN_COUNT] = { 0 };
    int64_t levels[4] = { 0 };
    double total = 0;
    for (int64_t done = 0; done < clients; done += CHUNK) {
        int n = clients - done < CHUNK ? (int)(clients - done) : CHUNK;
        for (int i = 0; i < n; i++)
            generate(st[i]);
        /* Every model for one client, then the next client: what
         * clm_credit_score_builtins() does, without the explanation. */
        double t0 = cpu_now();
        for (int i = 0; i < n; i++)
            for (int m = 0; m < CLM_CREDIT_BUILTIN_COUNT; m++) {
                double score;
                clm_credit_band level;
                bench_check(clm_credit_model_evaluate(&score, &level, models[m], st[i]),
                            "evaluate");
                levels[level]++;
            }
        total += cpu_now() - t0;
        /* Each model on its own over the chunk, for the per-model figures. */
        for (int m = 0; m < CLM_CREDIT_BUILTIN_COUNT; m++) {
            t0 = cpu_now();
            for (int i = 0; i < n; i++) {
                double score;
                bench_check(clm_credit_model_evaluate(&score, NULL, models[m], st[i]),
                            "evaluate");
                bench_sink += score > 0;
            }
            per_model[m] += cpu_now() - t0;
        }
    }
    for (int m = 0; m < CLM_CREDIT_BUILTIN_COUNT; m++) {
        char name[96];
        snprintf(name, sizeof name, "credit-models: %s", clm_credit_model_name(models[m]));
        bench_report(name, clients, per_model[m]);
    }
    bench_report("credit-models: every built-in model, per client", clients, total);
    bench_figure("credit-models: all models x clients, CPU seconds", total, "s (target < 1 s"
                 " at 1,000,000 clients)");
    bench_figure("credit-models: share of distress bands", (double)levels[1] /
                 (double)(levels[1] + levels[2] + levels[3]), "");
    bench_sink += levels[1];
    for (int i = 0; i < CHUNK; i++)
        clm_credit_statements_free(st[i]);
    for (int m = 0; m < CLM_CREDIT_BUILTIN_COUNT; m++)
        clm_credit_model_free(models[m]);
}
