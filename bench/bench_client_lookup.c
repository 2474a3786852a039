/*
 * bench_client_lookup.c — finding stored clients through their lookup keys
 * (client_lookup.h) on SQLite: clients saved with the duplicate check
 * (create, audited, 10,000 per transaction), then lookups by INN and by
 * name prefix at random, and the duplicate check alone. 1,000,000 clients
 * at --scale 1 (the target is over 50,000 lookups a second each); the
 * figures say how many clients were stored when they were taken. Beside
 * each wall-clock rate the process's CPU time gives the rate per CPU
 * second, which a loaded, shared machine does not distort, and the
 * duplicate check's cost is also given as a share of a save's CPU time.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clm/clm.h>

static const clm_actor WHO = { "bench", "manager", 1796385600 };
static const char *const words[] = { "Ромашка", "Астра", "Восток", "Запад", "Кедр", "Сосна",
                                     "Берёза", "Ладога", "Волга", "Нева", "Орион", "Вега",
                                     "Сириус", "Альфа", "Гранит", "Мрамор" };
#define NWORDS (sizeof words / sizeof words[0])

/* A valid 10-digit INN from nine digits (docs/rules.md "Client identifiers"). */
static void inn_of(char out[11], int64_t i)
{
    static const int w[9] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };
    snprintf(out, 11, "%09lld", (long long)(100000000 + i % 800000000));
    int s = 0;
    for (int k = 0; k < 9; k++)
        s += w[k] * (out[k] - '0');
    out[9] = (char)('0' + s % 11 % 10);
    out[10] = '\0';
}

static clm_client *make(int64_t i)
{
    char id[24], name[64], inn[11], phone[32];
    snprintf(id, sizeof id, "c%07lld", (long long)i);
    snprintf(name, sizeof name, "ООО «%s %lld»", words[i % NWORDS], (long long)(i / NWORDS));
    snprintf(phone, sizeof phone, "+7 495 %07lld", (long long)i);
    inn_of(inn, i);
    clm_client *c = NULL;
    bench_check(clm_client_new(&c, &WHO, id, CLM_LEGAL_ENTITY, name), "client_new");
    bench_check(clm_client_set_taxid(c, &WHO, NULL, "RU", "INN", inn), "inn");
    bench_check(clm_client_set_text(c, &WHO, CLM_CLIENT_PHONE, phone), "phone");
    return c;
}

/* Counts the clients of one lookup, reading at most 20. */
static int count_ids(const char *id, void *payload)
{
    (void)id;
    return ++*(int64_t *)payload >= 20 ? 1 : 0;
}

static void add_found(int64_t *total, int64_t one)
{
    *total += one;
}

static uint64_t rnd_state = 88172645463325252ull;
static int64_t rnd(int64_t n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return (int64_t)(rnd_state % (uint64_t)n);
}

void bench_client_lookup(void)
{
    int64_t n = bench_scaled(1000000);
    if (n < 100)
        n = 100;
    bench_tmpdb db;
    if (bench_tmpdb_make(&db, "client-lookup") != 0)
        return;
    clm_store *st = NULL;
    int rc = clm_store_open_sqlite(&st, db.path, NULL);
    if (rc == CLM_ENOTSUP) {
        printf("client_lookup sqlite: skipped (libclm built without SQLite)\n");
        bench_tmpdb_remove(&db);
        return;
    }
    bench_check(rc, "open sqlite");
    char name[128];

    /* Saving, with the duplicate check and the keys, 10,000 per transaction. */
    double build = 0, build_cpu = 0, t0 = bench_now(), c0 = bench_cpu_now();
    for (int64_t i = 0; i < n; i++) {
        if (i % 10000 == 0)
            bench_check(clm_store_begin(st), "begin");
        double b0 = bench_now(), bc0 = bench_cpu_now();
        clm_client *c = make(i);
        build += bench_now() - b0;
        build_cpu += bench_cpu_now() - bc0;
        bench_check(clm_client_store_save(NULL, st, c, &WHO, NULL), "save");
        clm_client_free(c);
        if (i % 10000 == 9999 || i == n - 1)
            bench_check(clm_store_commit(st), "commit");
    }
    snprintf(name, sizeof name,
             "client_lookup sqlite: save with duplicate check and keys (%lld clients)",
             (long long)n);
    bench_report(name, n, bench_now() - t0 - build);
    double save_cpu = (bench_cpu_now() - c0 - build_cpu) / (double)n;
    bench_figure("client_lookup sqlite: CPU time per save", save_cpu * 1e6, "us");

    int64_t m = n < 200000 ? n : 200000;
    int64_t found = 0;
    t0 = bench_now();
    c0 = bench_cpu_now();
    for (int64_t k = 0; k < m; k++) {
        char inn[11];
        inn_of(inn, rnd(n));
        int64_t one = 0;
        int r = clm_client_store_find_taxid(st, "RU", "INN", inn, count_ids, &one);
        if (r < 0)
            bench_check(r, "find inn");
        add_found(&found, one);
    }
    snprintf(name, sizeof name, "client_lookup sqlite: lookup by INN (%lld clients stored)",
             (long long)n);
    bench_report(name, m, bench_now() - t0);
    bench_figure("client_lookup sqlite: lookups by INN per CPU second", (double)m / (bench_cpu_now() - c0),
                 "ops/s");
    if (found != m)
        bench_check(CLM_EIO, "every INN lookup finds its one client");

    /* A prefix of about ten names: "Ромашка 1234" of "Ромашка 12340".."12349". */
    found = 0;
    t0 = bench_now();
    c0 = bench_cpu_now();
    for (int64_t k = 0; k < m; k++) {
        int64_t i = rnd(n);
        char q[64];
        snprintf(q, sizeof q, "%s %lld", words[i % NWORDS], (long long)(i / NWORDS / 10));
        int64_t one = 0;
        int r = clm_client_store_find_name(st, q, CLM_KEY_PREFIX, count_ids, &one);
        if (r < 0)
            bench_check(r, "find name prefix");
        add_found(&found, one);
    }
    snprintf(name, sizeof name,
             "client_lookup sqlite: lookup by name prefix (%lld clients stored)", (long long)n);
    bench_report(name, m, bench_now() - t0);
    bench_figure("client_lookup sqlite: lookups by name prefix per CPU second",
                 (double)m / (bench_cpu_now() - c0), "ops/s");
    bench_figure("client_lookup sqlite: clients per name-prefix lookup (at most 20 read)",
                 (double)found / (double)m, "clients");

    /* The duplicate check alone, as a save runs it (the INN's holders). */
    int64_t d = n < 100000 ? n : 100000;
    clm_client **cs = calloc((size_t)d, sizeof *cs);
    if (cs == NULL)
        bench_check(CLM_ENOMEM, "calloc");
    for (int64_t k = 0; k < d; k++)
        cs[k] = make(n + k); /* new clients: nothing to find */
    t0 = bench_now();
    c0 = bench_cpu_now();
    for (int64_t k = 0; k < d; k++) {
        char *dup = NULL;
        bench_check(clm_client_store_duplicate_of(&dup, st, cs[k], NULL), "duplicate_of");
        bench_sink += dup != NULL;
        clm_free(dup);
    }
    snprintf(name, sizeof name,
             "client_lookup sqlite: duplicate check alone (%lld clients stored)", (long long)n);
    bench_report(name, d, bench_now() - t0);
    double dup_cpu = (bench_cpu_now() - c0) / (double)d;
    bench_figure("client_lookup sqlite: CPU time per duplicate check", dup_cpu * 1e6, "us");
    bench_figure("client_lookup sqlite: duplicate check's share of a save's CPU time",
                 save_cpu > 0 ? 100.0 * dup_cpu / save_cpu : 0, "%");
    for (int64_t k = 0; k < d; k++)
        clm_client_free(cs[k]);
    free(cs);
    clm_store_free(st);
    bench_tmpdb_remove(&db);
}
