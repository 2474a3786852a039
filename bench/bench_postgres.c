/*
 * bench_postgres.c — the PostgreSQL backend against raw libpq, in the same
 * run: a bulk insert of client records in one transaction through libclm,
 * and the same rows through one prepared libpq INSERT in one transaction
 * into the same table; then audited changes (each its own transaction,
 * as several application servers make them), reads by id and a scan.
 *
 * It needs a server: CLM_TEST_PG, a libpq connection string
 * (eval "$(scripts/pg-test-server.sh start)"). Without it the group says
 * so and measures nothing. It works in a schema of its own, dropped after.
 */
#include "bench.h"
#include "bench_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <clm/clm.h>

#ifdef CLM_HAVE_POSTGRES
#include <libpq-fe.h>


static void pq_check(PGconn *c, PGresult *r, const char *what)
{
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        fprintf(stderr, "clm-bench: %s: %s", what, PQerrorMessage(c));
        bench_check(-1, what);
    }
    PQclear(r);
}

static int count_cb(const clm_record *r, void *payload)
{
    (void)r;
    ++*(int64_t *)payload;
    return 0;
}

void bench_postgres(void)
{
    const char *conninfo = getenv("CLM_TEST_PG");
    if (conninfo == NULL || conninfo[0] == '\0') {
        printf("postgres: skipped: set CLM_TEST_PG to a libpq connection string "
               "(eval \"$(scripts/pg-test-server.sh start)\")\n");
        return;
    }
    PGconn *raw = PQconnectdb(conninfo);
    if (PQstatus(raw) != CONNECTION_OK) {
        fprintf(stderr, "clm-bench: postgres: %s", PQerrorMessage(raw));
        bench_check(-1, "connecting");
    }
    char schema[48], sql[256];
    snprintf(schema, sizeof schema, "clm_bench_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE; "
             "CREATE SCHEMA %s; SET search_path = %s", schema, schema, schema);
    pq_check(raw, PQexec(raw, sql), "creating the schema");
    char opt[96];
    snprintf(opt, sizeof opt, "-c search_path=%s", schema);
    setenv("PGOPTIONS", opt, 1);

    clm_store *st;
    bench_check(clm_store_open_postgres(&st, conninfo), "clm_store_open_postgres");
    int64_t n = bench_scaled(20000);
    bench_row r;

    /* libclm: one transaction of puts. */
    double t0 = bench_now();
    bench_check(clm_store_begin(st), "begin");
    for (int64_t i = 0; i < n; i++) {
        bench_row_make(&r, "c", i);
        clm_record rec = CLM_RECORD_INIT;
        rec.kind = CLM_RECORD_CLIENT;
        rec.id = r.id;
        rec.name = r.name;
        rec.manager = r.manager;
        rec.state = r.state;
        rec.category = r.category;
        rec.body = r.body;
        rec.body_len = (size_t)r.body_len;
        bench_check(clm_store_put(NULL, st, &rec), "put");
    }
    bench_check(clm_store_commit(st), "commit");
    double lib = bench_now() - t0;
    bench_report("postgres: libclm insert, one transaction", n, lib);

    /* Raw libpq: the same rows, one prepared statement, one transaction. */
    pq_check(raw, PQprepare(raw, "ins",
                            "INSERT INTO clm_clients (kind, id, version, manager, state, name, "
                            "category, body) VALUES ('client', $1, 1, $2, $3, $4, $5, $6)",
                            6, NULL),
             "preparing the raw insert");
    t0 = bench_now();
    pq_check(raw, PQexec(raw, "BEGIN"), "raw begin");
    for (int64_t i = 0; i < n; i++) {
        bench_row_make(&r, "r", i);
        const char *vals[6] = { r.id, r.manager, r.state, r.name, r.category, r.body };
        int lens[6] = { 0, 0, 0, 0, 0, r.body_len };
        int fmts[6] = { 0, 0, 0, 0, 0, 1 };
        pq_check(raw, PQexecPrepared(raw, "ins", 6, vals, lens, fmts, 0), "raw insert");
    }
    pq_check(raw, PQexec(raw, "COMMIT"), "raw commit");
    double rawt = bench_now() - t0;
    bench_report("postgres: raw libpq insert, one transaction", n, rawt);
    bench_figure("postgres: libclm / raw insert rate", rawt / lib, "(1 = as fast)");

    /* Audited changes, each in its own transaction. */
    int64_t m = bench_scaled(2000);
    clm_actor who = { "bench", "manager", 1767225600 };
    t0 = bench_now();
    for (int64_t i = 0; i < m; i++) {
        bench_row_make(&r, "c", i);
        clm_record rec = CLM_RECORD_INIT;
        rec.kind = CLM_RECORD_CLIENT;
        rec.id = r.id;
        rec.version = 1;
        rec.name = r.name;
        rec.state = "regular";
        bench_check(clm_store_put_audited(NULL, st, &who, &rec, "bench"), "put_audited");
    }
    bench_report("postgres: audited update, own transaction", m, bench_now() - t0);

    t0 = bench_now();
    for (int64_t i = 0; i < m; i++) {
        bench_row_make(&r, "c", i);
        clm_record *got;
        bench_check(clm_store_get(&got, st, CLM_RECORD_CLIENT, r.id), "get");
        bench_sink += got->version;
        clm_record_free(got);
    }
    bench_report("postgres: get by id", m, bench_now() - t0);

    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    int64_t seen = 0;
    t0 = bench_now();
    bench_check(clm_store_scan(st, &f, count_cb, &seen), "scan");
    bench_report("postgres: scan, records visited", seen, bench_now() - t0);

    clm_store_free(st);
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", schema);
    pq_check(raw, PQexec(raw, sql), "dropping the schema");
    PQfinish(raw);
    unsetenv("PGOPTIONS");
}

#else

void bench_postgres(void)
{
    printf("postgres: skipped: libclm built without PostgreSQL (meson option 'postgresql')\n");
}

#endif
