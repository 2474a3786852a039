/*
 * bench_store.c — bulk insert and reload of client records through the
 * SQLite backend, against raw sqlite3 inserting the same rows into the same
 * table with one prepared statement in one transaction.
 *
 * Both sides write to a file under /tmp with the same schema (libclm
 * creates it for both), the same pragmas (WAL, synchronous=FULL) and the
 * same rows, formatted the same way inside the timed loop. What the ratio
 * measures is libclm's own cost: checking every record (UTF-8, lengths,
 * currency), the store handle, the backend's binding. Target: libclm at
 * least half the raw rate.
 */
#include "bench.h"
#include "bench_rows.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <clm/clm.h>

#ifdef CLM_HAVE_SQLITE
#include <sqlite3.h>


static void sq_check(int rc, int want, sqlite3 *db, const char *what)
{
    if (rc != want) {
        fprintf(stderr, "clm-bench: %s: %s\n", what, sqlite3_errmsg(db));
        bench_check(-1, what);
    }
}

static double raw_insert(const char *path, int64_t n)
{
    clm_store *st; /* the same schema as libclm's */
    bench_check(clm_store_open_sqlite(&st, path, NULL), "open (schema for raw)");
    clm_store_free(st);
    sqlite3 *db;
    sq_check(sqlite3_open(path, &db), SQLITE_OK, db, "raw open");
    sq_check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL),
             SQLITE_OK, db, "raw pragmas");
    sqlite3_stmt *ins;
    sq_check(sqlite3_prepare_v2(db,
                                "INSERT INTO clm_clients (kind, id, version, manager, state, name,"
                                " category, body) VALUES ('client', ?1, 1, ?2, ?3, ?4, ?5, ?6)",
                                -1, &ins, NULL),
             SQLITE_OK, db, "raw prepare");
    double t0 = bench_now();
    sq_check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK, db, "raw begin");
    for (int64_t i = 0; i < n; i++) {
        bench_row r;
        bench_row_make(&r, "c", i);
        sqlite3_bind_text(ins, 1, r.id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, r.manager, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, r.state, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, r.name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, r.category, -1, SQLITE_STATIC);
        sqlite3_bind_blob(ins, 6, r.body, r.body_len, SQLITE_STATIC);
        sq_check(sqlite3_step(ins), SQLITE_DONE, db, "raw insert");
        sqlite3_reset(ins);
    }
    sq_check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK, db, "raw commit");
    double t = bench_now() - t0;
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return t;
}

static double raw_reload(const char *path, int64_t n)
{
    sqlite3 *db;
    sq_check(sqlite3_open(path, &db), SQLITE_OK, db, "raw open");
    sqlite3_stmt *sel;
    sq_check(sqlite3_prepare_v2(db,
                                "SELECT id, version, client_id, manager, state, name, category, due,"
                                " amount, currency, body FROM clm_clients WHERE kind = 'client'"
                                " ORDER BY id",
                                -1, &sel, NULL),
             SQLITE_OK, db, "raw prepare");
    double t0 = bench_now();
    int64_t rows = 0, bytes = 0;
    while (sqlite3_step(sel) == SQLITE_ROW) {
        for (int c = 0; c < 11; c++) {
            const void *p = c == 10 ? sqlite3_column_blob(sel, c) : sqlite3_column_text(sel, c);
            bytes += p != NULL ? sqlite3_column_bytes(sel, c) : 0;
        }
        rows++;
    }
    double t = bench_now() - t0;
    sqlite3_finalize(sel);
    sqlite3_close(db);
    if (rows != n)
        bench_check(-1, "raw reload row count");
    bench_sink += bytes;
    return t;
}

static double clm_insert(const char *path, int64_t n)
{
    clm_store *st;
    bench_check(clm_store_open_sqlite(&st, path, NULL), "open");
    double t0 = bench_now();
    bench_check(clm_store_begin(st), "begin");
    for (int64_t i = 0; i < n; i++) {
        bench_row r;
        bench_row_make(&r, "c", i);
        clm_record rec = CLM_RECORD_INIT;
        rec.kind = CLM_RECORD_CLIENT;
        rec.id = r.id;
        rec.manager = r.manager;
        rec.state = r.state;
        rec.name = r.name;
        rec.category = r.category;
        rec.body = r.body;
        rec.body_len = (size_t)r.body_len;
        if (clm_store_put(NULL, st, &rec) != 0)
            bench_check(-1, "put");
    }
    bench_check(clm_store_commit(st), "commit");
    double t = bench_now() - t0;
    clm_store_free(st);
    return t;
}

static int touch(const clm_record *r, void *payload)
{
    int64_t *acc = payload;
    acc[0]++;
    acc[1] += (int64_t)(strlen(r->id) + strlen(r->name) + r->body_len) + r->version;
    return 0;
}

static double clm_reload(const char *path, int64_t n)
{
    clm_store *st;
    bench_check(clm_store_open_sqlite(&st, path, NULL), "open");
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    int64_t acc[2] = { 0, 0 };
    double t0 = bench_now();
    bench_check(clm_store_scan(st, &f, touch, acc), "scan");
    double t = bench_now() - t0;
    clm_store_free(st);
    if (acc[0] != n)
        bench_check(-1, "reload row count");
    bench_sink += acc[1];
    return t;
}

void bench_store(void)
{
    int64_t n = bench_scaled(1000000);
    char raw_path[96], clm_path[96];
    snprintf(raw_path, sizeof raw_path, "/tmp/clm-bench-raw-%ld.db", (long)getpid());
    snprintf(clm_path, sizeof clm_path, "/tmp/clm-bench-store-%ld.db", (long)getpid());
    bench_remove_db(raw_path);
    bench_remove_db(clm_path);

    double raw_t = raw_insert(raw_path, n);
    bench_report("sqlite3 raw insert, 1 prepared stmt, 1 txn", n, raw_t);
    double clm_t = clm_insert(clm_path, n);
    bench_report("libclm clm_store_put (sqlite), 1 txn", n, clm_t);
    bench_figure("insert rate ratio libclm/raw (target >= 0.5)", raw_t / clm_t, "");

    double raw_r = raw_reload(raw_path, n);
    bench_report("sqlite3 raw reload (all columns, id order)", n, raw_r);
    double clm_r = clm_reload(clm_path, n);
    bench_report("libclm clm_store_scan (sqlite), id order", n, clm_r);
    bench_figure("reload rate ratio libclm/raw", raw_r / clm_r, "");

    bench_remove_db(raw_path);
    bench_remove_db(clm_path);
}

#else

void bench_store(void)
{
    printf("store: skipped, libclm was built without SQLite (meson option 'sqlite')\n");
}

#endif
