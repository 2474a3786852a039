/*
 * bench_credit.c — credit reliability (credit.h, credit_policy.h,
 * credit_store.h):
 *   - settling, ageing and the payment index over 10 000 000 invoices
 *     (x --scale). The ledgers are built before the clock starts, in blocks
 *     of 1 000 000 invoices so the run fits in memory; every invoice is
 *     settled, aged and indexed once, and the figures are the sums over
 *     the blocks (target: ageing + index under 2 s for all of them);
 *   - the credit check of one client (its exposure read from the store:
 *     invoices, payments, confirmed orders; then the check) against a store
 *     of 100 000 clients (x --scale) with open invoices, on the memory store
 *     on SQLite and, when CLM_TEST_PG names a server (eval "$(scripts/
 *     pg-test-server.sh start)"), on PostgreSQL, in checks per second. The
 *     group credit-check runs this part alone.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <clm/clm.h>

#ifdef CLM_HAVE_POSTGRES
#include <libpq-fe.h>
#endif

#define BLOCK 1000000

static const clm_actor WHO = { "bench", "accountant", 1700000000 };

/* One block of n invoices of 100 000 clients; most are paid, some late,
 * some in part, some not at all. */
static clm_credit_ledger *make_block(int64_t first, int64_t n, clm_date base)
{
    clm_credit_ledger *l = NULL;
    bench_check(clm_credit_ledger_new(&l, "RUB"), "ledger_new");
    char id[32], client[24], mgr[16], pid[32];
    for (int64_t k = 0; k < n; k++) {
        int64_t i = first + k;
        snprintf(id, sizeof id, "i%09lld", (long long)i);
        snprintf(client, sizeof client, "c%05lld", (long long)(i % 100000));
        snprintf(mgr, sizeof mgr, "m%02d", (int)(i % 40));
        clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
        inv.id = id;
        inv.client_id = client;
        inv.manager = mgr;
        inv.amount = (clm_money){ 10000 + (i * 7919) % 900000, "RUB" };
        inv.issued = base + (clm_date)(i % 365);
        inv.due = inv.issued + 30;
        bench_check(clm_credit_ledger_add_invoice(l, &inv), "add_invoice");
        int r = (int)(i % 10);
        if (r == 9)
            continue; /* open */
        clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
        snprintf(pid, sizeof pid, "p%09lld", (long long)i);
        p.id = pid;
        p.client_id = client;
        p.invoice_id = id;
        p.amount = inv.amount;
        if (r == 8)
            p.amount.amount /= 2; /* in part */
        p.date = inv.due + (clm_date)((i * 31) % 120) - 20;
        bench_check(clm_credit_ledger_add_payment(l, &p), "add_payment");
    }
    return l;
}

static void bench_ageing(void)
{
    int64_t total = bench_scaled(10000000);
    clm_date base;
    bench_check(clm_date_from_ymd(&base, 2025, 1, 1), "date");
    clm_date as_of = base + 400;
    double t_settle = 0, t_ageing = 0, t_index = 0;
    int64_t open = 0, experiences = 0;
    for (int64_t first = 0; first < total; first += BLOCK) {
        int64_t n = total - first < BLOCK ? total - first : BLOCK;
        clm_credit_ledger *l = make_block(first, n, base);
        clm_credit_positions *ps = NULL;
        double t0 = bench_now();
        bench_check(clm_credit_positions_new(&ps, l, NULL, as_of), "positions");
        double t1 = bench_now();
        clm_credit_ageing ag;
        bench_check(clm_credit_ageing_compute(&ag, clm_credit_positions_array(ps),
                                              clm_credit_positions_count(ps), as_of, NULL),
                    "ageing");
        double t2 = bench_now();
        clm_credit_paydex px;
        bench_check(clm_credit_paydex_compute(&px, clm_credit_positions_array(ps),
                                              clm_credit_positions_count(ps), NULL),
                    "paydex");
        double t3 = bench_now();
        t_settle += t1 - t0;
        t_ageing += t2 - t1;
        t_index += t3 - t2;
        open += ag.total;
        experiences += (int64_t)px.experiences;
        bench_sink += px.index_rounded;
        clm_credit_positions_free(ps);
        clm_credit_ledger_free(l);
    }
    bench_report("credit: settle payments (positions on a date)", total, t_settle);
    bench_report("credit: ageing, 5 buckets", total, t_ageing);
    bench_report("credit: payment index (PAYDEX-style)", total, t_index);
    bench_figure("credit: ageing + index over all invoices", t_ageing + t_index, "s");
    bench_figure("credit: open receivables (minor units)", (double)open, "");
    bench_figure("credit: payment experiences", (double)experiences, "");
}

static void seed_store(clm_store *st, int64_t clients, clm_date base)
{
    char id[32], client[24], pid[32];
    bench_check(clm_store_begin(st), "begin");
    for (int64_t c = 0; c < clients; c++) {
        snprintf(client, sizeof client, "c%06lld", (long long)c);
        for (int k = 0; k < 3; k++) {
            snprintf(id, sizeof id, "i%06lld-%d", (long long)c, k);
            clm_record r = CLM_RECORD_INIT;
            char body[32], day[CLM_DATE_FORMAT_MAX];
            clm_date issued = base + (clm_date)(k * 30 + c % 30);
            clm_date_format(day, sizeof day, issued);
            snprintf(body, sizeof body, "issued=%s\n", day);
            r.kind = CLM_RECORD_INVOICE;
            r.id = id;
            r.client_id = client;
            r.manager = "m01";
            r.due = issued + 30;
            r.amount = (clm_money){ 100000 + (c % 1000) * 100, "RUB" };
            r.body = body;
            r.body_len = strlen(body);
            bench_check(clm_store_put(NULL, st, &r), "put invoice");
        }
        snprintf(pid, sizeof pid, "p%06lld", (long long)c);
        snprintf(id, sizeof id, "i%06lld-0", (long long)c);
        char body[64];
        snprintf(body, sizeof body, "invoice=%s\n", id);
        clm_record p = CLM_RECORD_INIT;
        p.kind = CLM_RECORD_PAYMENT;
        p.id = pid;
        p.client_id = client;
        p.state = "payment";
        p.due = base + 35;
        p.amount = (clm_money){ 100000, "RUB" };
        p.body = body;
        p.body_len = strlen(body);
        bench_check(clm_store_put(NULL, st, &p), "put payment");
        if (c % 4 == 0) {
            snprintf(id, sizeof id, "o%06lld", (long long)c);
            clm_record o = CLM_RECORD_INIT;
            o.kind = CLM_RECORD_ORDER;
            o.id = id;
            o.client_id = client;
            o.state = "confirmed";
            o.amount = (clm_money){ 50000, "RUB" };
            bench_check(clm_store_put(NULL, st, &o), "put order");
        }
    }
    bench_check(clm_store_commit(st), "commit");
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int count_record(const clm_record *rec, void *payload)
{
    (void)rec;
    ++*(int64_t *)payload;
    return 0;
}

static void run_checks(const char *label, clm_store *st, const clm_credit_policy *p,
                       int64_t clients, clm_date as_of)
{
    int64_t checks = clients < 2000 ? clients : 2000;
    int64_t blocked = 0;
    char client[24], name[128];
    double t0 = bench_now(), c0 = cpu_now();
    for (int64_t k = 0; k < checks; k++) {
        snprintf(client, sizeof client, "c%06lld", (long long)((k * 7919) % clients));
        clm_credit_exposure x;
        bench_check(clm_credit_store_exposure(&x, st, "RUB", client, as_of), "exposure");
        clm_credit_check_input in = CLM_CREDIT_CHECK_INPUT_INIT;
        in.receivables = x.receivables;
        in.orders = x.orders;
        in.document = 100000;
        in.max_days_overdue = x.max_days_overdue;
        in.limit = 400000;
        clm_credit_check c;
        bench_check(clm_credit_check_compute(&c, p, &in), "check");
        blocked += c.decision == CLM_CREDIT_BLOCK;
    }
    double wall = bench_now() - t0, cpu = cpu_now() - c0;
    snprintf(name, sizeof name, "credit check %s (%lld clients, exposure from the store)", label,
             (long long)clients);
    bench_report(name, checks, wall);
    /* On a shared machine the wall clock counts other programs' time too;
     * the process's CPU time is what the check itself costs (the
     * PostgreSQL server's share excepted). */
    snprintf(name, sizeof name, "credit check %s: CPU time of this process per check", label);
    bench_figure(name, cpu / (double)checks * 1e6, "us");
    bench_sink += blocked;

    /* The exposure reads three kinds (invoices, payments, confirmed
     * orders), one scan each: a store filter names one kind. What one scan
     * costs, in the same run over the same clients, is the most a single
     * scan could save. */
    int64_t seen = 0;
    t0 = bench_now();
    c0 = cpu_now();
    for (int64_t k = 0; k < checks; k++) {
        snprintf(client, sizeof client, "c%06lld", (long long)((k * 7919) % clients));
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = CLM_RECORD_INVOICE;
        f.client_id = client;
        bench_check(clm_store_scan(st, &f, count_record, &seen), "scan");
    }
    double wall1 = bench_now() - t0, cpu1 = cpu_now() - c0;
    snprintf(name, sizeof name, "credit check %s: one scan alone (the client's invoices)", label);
    bench_report(name, checks, wall1);
    snprintf(name, sizeof name, "credit check %s: CPU per check / CPU per single scan", label);
    bench_figure(name, cpu1 > 0 ? cpu / cpu1 : 0.0, "x");
    bench_sink += seen;
}

/* The check on PostgreSQL, in a schema of its own, dropped after. */
static void bench_check_postgres(const clm_credit_policy *p, int64_t clients, clm_date base)
{
#ifdef CLM_HAVE_POSTGRES
    const char *conninfo = getenv("CLM_TEST_PG");
    if (conninfo == NULL || conninfo[0] == '\0') {
        printf("credit check postgres: skipped: set CLM_TEST_PG to a libpq connection string "
               "(eval \"$(scripts/pg-test-server.sh start)\")\n");
        return;
    }
    PGconn *admin = PQconnectdb(conninfo);
    if (PQstatus(admin) != CONNECTION_OK) {
        fprintf(stderr, "clm-bench: credit check postgres: %s", PQerrorMessage(admin));
        bench_check(-1, "connecting");
    }
    char schema[48], sql[256], opt[96];
    snprintf(schema, sizeof schema, "clm_bench_credit_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE;"
             " CREATE SCHEMA %s", schema, schema);
    PQclear(PQexec(admin, sql));
    snprintf(opt, sizeof opt, "-c search_path=%s", schema);
    setenv("PGOPTIONS", opt, 1);
    clm_store *st = NULL;
    bench_check(clm_store_open_postgres(&st, conninfo), "open postgres");
    seed_store(st, clients, base);
    /* What autovacuum would do soon after a load this size. */
    snprintf(sql, sizeof sql, "ANALYZE %s.clm_ledger; ANALYZE %s.clm_deals", schema, schema);
    PQclear(PQexec(admin, sql));
    run_checks("postgres", st, p, clients, base + 120);
    clm_store_free(st);
    unsetenv("PGOPTIONS");
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", schema);
    PQclear(PQexec(admin, sql));
    PQfinish(admin);
#else
    (void)p;
    (void)clients;
    (void)base;
    printf("credit check postgres: skipped (libclm built without PostgreSQL)\n");
#endif
}

static void bench_check_store(void)
{
    int64_t clients = bench_scaled(100000);
    clm_date base;
    bench_check(clm_date_from_ymd(&base, 2025, 1, 1), "date");
    clm_credit_policy *p = NULL;
    bench_check(clm_credit_policy_new(&p, "bench", "RUB"), "policy");
    clm_store *st = NULL;
    bench_check(clm_store_open_memory(&st), "open memory");
    seed_store(st, clients, base);
    run_checks("memory", st, p, clients, base + 120);
    clm_store_free(st);

    bench_tmpdb db;
    if (bench_tmpdb_make(&db, "credit") == 0) {
        int rc = clm_store_open_sqlite(&st, db.path, NULL);
        if (rc == CLM_ENOTSUP) {
            printf("credit check sqlite: skipped (libclm built without SQLite)\n");
        } else {
            bench_check(rc, "open sqlite");
            seed_store(st, clients, base);
            run_checks("sqlite", st, p, clients, base + 120);
            clm_store_free(st);
        }
        bench_tmpdb_remove(&db);
    }
    bench_check_postgres(p, clients, base);
    clm_credit_policy_free(p);
    (void)WHO;
}

void bench_credit(void)
{
    bench_ageing();
    bench_check_store();
}

void bench_credit_check(void)
{
    bench_check_store();
}
