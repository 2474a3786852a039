/*
 * bench_store.c — the SQLite backend against raw sqlite3, and audited
 * writes against plain ones.
 *
 * Bulk insert and reload of client records: libclm's SQLite backend
 * against raw sqlite3 inserting the same rows into the same table with one
 * prepared statement in one transaction. Both sides write to a fresh file
 * with the same schema (libclm creates it for both), the same pragmas (WAL,
 * synchronous=FULL, an in-memory temp store, a 64 MiB page cache), the
 * same transaction start (BEGIN IMMEDIATE), the same threading mode (a connection without its
 * mutex, as libclm opens it) and the same rows, formatted the same way
 * inside the timed loop; the raw reload opens the file as libclm does
 * (read-write, the same pragmas), reads every column with the accessor
 * libclm's backend uses for it (integer columns as integers, the texts
 * as pointers with no length asked, the body as a blob) and touches the
 * same bytes as the libclm side's callback.
 * The two sides run alternately (raw first in even rounds, libclm first in
 * odd ones) over several rounds and the median of each is reported, so
 * neither gains from a warm cache or loses to a burst of machine load.
 * What the ratio measures is libclm's own cost: checking every record
 * (UTF-8, lengths, currency), the store handle, the backend's binding.
 * Target: libclm at least half the raw rate.
 *
 * Audited writes: the same client-shaped records (a real encoded client as
 * the body) created and then updated, all in one transaction, with
 * clm_store_put() and with clm_store_put_audited(), alternated and
 * median-of-rounds as above. Target: an audited write at most 2x a plain
 * one.
 */
#include "bench.h"
#include "bench_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <clm/clm.h>

#ifdef CLM_HAVE_SQLITE
#include <sqlite3.h>

/* The settings libclm's backend gives its connection (sqlite.c's
 * open_db()): the raw side runs with the same, so neither gains from a
 * setting the other lacks. */
#define RAW_PRAGMAS                                                                            \
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;"      \
    " PRAGMA cache_size = -65536"

/* Rounds of each alternated comparison (odd, so the median is a run). */
#define ROUNDS 5

static void sq_check(int rc, int want, sqlite3 *db, const char *what)
{
    if (rc != want) {
        fprintf(stderr, "clm-bench: %s: %s\n", what, sqlite3_errmsg(db));
        bench_check(-1, what);
    }
}

static double raw_insert(const char *path, int64_t n, double *cpu)
{
    clm_store *st; /* the same schema as libclm's */
    bench_check(clm_store_open_sqlite(&st, path, NULL), "open (schema for raw)");
    clm_store_free(st);
    sqlite3 *db;
    sq_check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL),
             SQLITE_OK, db, "raw open");
    sq_check(sqlite3_exec(db, RAW_PRAGMAS, NULL, NULL, NULL), SQLITE_OK, db, "raw pragmas");
    sqlite3_stmt *ins;
    sq_check(sqlite3_prepare_v2(db,
                                "INSERT INTO clm_clients (kind, id, version, manager, state, name,"
                                " category, body) VALUES ('client', ?1, 1, ?2, ?3, ?4, ?5, ?6)",
                                -1, &ins, NULL),
             SQLITE_OK, db, "raw prepare");
    double t0 = bench_now(), c0 = bench_cpu_now();
    sq_check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK, db, "raw begin");
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
    *cpu = bench_cpu_now() - c0;
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return t;
}

static double raw_reload(const char *path, int64_t n, double *cpu)
{
    sqlite3 *db;
    sq_check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL),
             SQLITE_OK, db, "raw open");
    sq_check(sqlite3_exec(db, RAW_PRAGMAS, NULL, NULL, NULL), SQLITE_OK, db, "raw pragmas");
    sqlite3_stmt *sel;
    sq_check(sqlite3_prepare_v2(db,
                                "SELECT id, version, client_id, manager, state, name, category, due,"
                                " amount, currency, body FROM clm_clients WHERE kind = 'client'"
                                " ORDER BY id",
                                -1, &sel, NULL),
             SQLITE_OK, db, "raw prepare");
    double t0 = bench_now(), c0 = bench_cpu_now();
    int64_t rows = 0, bytes = 0;
    while (sqlite3_step(sel) == SQLITE_ROW) {
        /* Every column read as libclm's backend reads it (row_view() in
         * sqlite.c): the texts as pointers, version as an integer, the
         * amount as an integer when there is a currency, the body as a
         * blob with its length; then what the libclm side's callback
         * touches (id, name, body length, version). */
        /* id, client_id, manager, state, name, category, due, currency */
        const char *texts[8];
        static const int cols[8] = { 0, 2, 3, 4, 5, 6, 7, 9 };
        for (int c = 0; c < 8; c++)
            texts[c] = (const char *)sqlite3_column_text(sel, cols[c]);
        int64_t version = sqlite3_column_int64(sel, 1);
        int64_t amount = texts[7] != NULL ? sqlite3_column_int64(sel, 8) : 0;
        const void *body = sqlite3_column_blob(sel, 10);
        size_t body_len = (size_t)sqlite3_column_bytes(sel, 10);
        if (texts[0] == NULL || texts[4] == NULL)
            bench_check(-1, "raw reload: a row without id or name");
        bytes += (int64_t)(strlen(texts[0]) + strlen(texts[4]) + body_len) + version + amount +
                 (body != NULL);
        rows++;
    }
    double t = bench_now() - t0;
    *cpu = bench_cpu_now() - c0;
    sqlite3_finalize(sel);
    sqlite3_close(db);
    if (rows != n)
        bench_check(-1, "raw reload row count");
    bench_sink += bytes;
    return t;
}

static double clm_insert(const char *path, int64_t n, double *cpu)
{
    clm_store *st;
    bench_check(clm_store_open_sqlite(&st, path, NULL), "open");
    double t0 = bench_now(), c0 = bench_cpu_now();
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
    *cpu = bench_cpu_now() - c0;
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

static double clm_reload(const char *path, int64_t n, double *cpu)
{
    clm_store *st;
    bench_check(clm_store_open_sqlite(&st, path, NULL), "open");
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    int64_t acc[2] = { 0, 0 };
    double t0 = bench_now(), c0 = bench_cpu_now();
    bench_check(clm_store_scan(st, &f, touch, acc), "scan");
    double t = bench_now() - t0;
    *cpu = bench_cpu_now() - c0;
    clm_store_free(st);
    if (acc[0] != n)
        bench_check(-1, "reload row count");
    bench_sink += acc[1];
    return t;
}

/* ---- audited against plain writes ------------------------------------- */

typedef struct audit_set {
    int64_t n;
    char (*ids)[24];
    char *body;      /* one encoded client, the body of every record */
    size_t body_len;
} audit_set;

static const clm_actor WHO = { "bench", "manager", 1700000000 };

static void audit_record(clm_record *r, const audit_set *a, int64_t i, int64_t version)
{
    static const char *const states[] = { "new", "regular", "key" };
    *r = (clm_record)CLM_RECORD_INIT;
    r->kind = CLM_RECORD_CLIENT;
    r->id = a->ids[i];
    r->version = version;
    r->name = "Vostok LLC";
    r->manager = "m07";
    r->state = states[i % 3];
    r->category = "key";
    r->body = a->body;
    r->body_len = a->body_len;
}

/* Creates then updates every record in one transaction each; wall[0] and
 * wall[1] are the seconds of the creates and of the updates (commit
 * included), cpu[] the process CPU seconds (user and system) of the same. */
static void audit_side(double wall[2], double cpu[2], const audit_set *a, int audited)
{
    bench_tmpdb db;
    if (bench_tmpdb_make(&db, "store-audit") != 0)
        bench_check(-1, "temporary database");
    clm_store *st;
    bench_check(clm_store_open_sqlite(&st, db.path, NULL), "open");
    for (int pass = 0; pass < 2; pass++) {
        double t0 = bench_now(), c0 = bench_cpu_now();
        bench_check(clm_store_begin(st), "begin");
        for (int64_t i = 0; i < a->n; i++) {
            clm_record r;
            audit_record(&r, a, i, pass);
            int rc = audited ? clm_store_put_audited(NULL, st, &WHO, &r, "bench")
                             : clm_store_put(NULL, st, &r);
            if (rc != 0)
                bench_check(rc, audited ? "put_audited" : "put");
        }
        bench_check(clm_store_commit(st), "commit");
        wall[pass] = bench_now() - t0;
        cpu[pass] = bench_cpu_now() - c0;
    }
    clm_store_free(st);
    bench_tmpdb_remove(&db);
}

static void bench_audited(void)
{
    audit_set a;
    a.n = bench_scaled(20000);
    a.ids = calloc((size_t)a.n, sizeof *a.ids);
    if (a.ids == NULL)
        bench_check(CLM_ENOMEM, "calloc");
    for (int64_t i = 0; i < a.n; i++)
        snprintf(a.ids[i], sizeof a.ids[i], "c%07lld", (long long)i);
    /* The body a client store save writes: a real client, encoded. */
    clm_client *c = NULL;
    bench_check(clm_client_new(&c, &WHO, "c0000001", CLM_LEGAL_ENTITY, "Vostok LLC"), "client");
    bench_check(clm_client_set_text(c, &WHO, CLM_CLIENT_PHONE, "+7 495 123-45-67"), "phone");
    bench_check(clm_client_reassign(c, &WHO, "m07"), "reassign");
    bench_check(clm_client_category_add(c, &WHO, "key", "rule:bench", NULL), "category");
    bench_check(clm_client_encode(&a.body, &a.body_len, c), "encode");
    clm_client_free(c);

    /* [create, update][round]: wall and CPU seconds of each side. */
    double pw[2][ROUNDS], pc[2][ROUNDS], aw[2][ROUNDS], ac[2][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
        double w[2][2], u[2][2]; /* [plain, audited][create, update] */
        for (int k = 0; k < 2; k++) {
            int audited = (round + k) % 2; /* plain first in even rounds */
            audit_side(w[audited], u[audited], &a, audited);
        }
        for (int k = 0; k < 2; k++) {
            pw[k][round] = w[0][k];
            pc[k][round] = u[0][k];
            aw[k][round] = w[1][k];
            ac[k][round] = u[1][k];
        }
    }
    static const char *const what[2] = { "create", "update" };
    char name[96];
    for (int k = 0; k < 2; k++) {
        double p = bench_median(pw[k], ROUNDS), q = bench_median(aw[k], ROUNDS);
        snprintf(name, sizeof name, "clm_store_put (sqlite), client %s, 1 txn", what[k]);
        bench_report(name, a.n, p);
        snprintf(name, sizeof name, "clm_store_put_audited (sqlite), client %s", what[k]);
        bench_report(name, a.n, q);
        snprintf(name, sizeof name, "audited/plain %s, wall time (target <= 2)", what[k]);
        bench_figure(name, q / p, "");
        snprintf(name, sizeof name, "audited/plain %s, CPU time (user + system)", what[k]);
        bench_figure(name, bench_median(ac[k], ROUNDS) / bench_median(pc[k], ROUNDS), "");
    }
    printf("(%d rounds alternated, medians; body %zu bytes)\n", ROUNDS, a.body_len);
    clm_free(a.body);
    free(a.ids);
}

/* ---- bulk insert and reload against raw sqlite3 ------------------------ */

void bench_store(void)
{
    int64_t n = bench_scaled(200000);
    /* wall and CPU seconds: raw insert, libclm insert, raw reload, libclm reload */
    double w[4][ROUNDS], c[4][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
        bench_tmpdb raw, lib;
        if (bench_tmpdb_make(&raw, "store-raw") != 0 || bench_tmpdb_make(&lib, "store-clm") != 0)
            bench_check(-1, "temporary database");
        if (round % 2 == 0) {
            w[0][round] = raw_insert(raw.path, n, &c[0][round]);
            w[1][round] = clm_insert(lib.path, n, &c[1][round]);
            w[2][round] = raw_reload(raw.path, n, &c[2][round]);
            w[3][round] = clm_reload(lib.path, n, &c[3][round]);
        } else {
            w[1][round] = clm_insert(lib.path, n, &c[1][round]);
            w[0][round] = raw_insert(raw.path, n, &c[0][round]);
            w[3][round] = clm_reload(lib.path, n, &c[3][round]);
            w[2][round] = raw_reload(raw.path, n, &c[2][round]);
        }
        bench_tmpdb_remove(&raw);
        bench_tmpdb_remove(&lib);
    }
    double m[4], mc[4];
    for (int i = 0; i < 4; i++) {
        m[i] = bench_median(w[i], ROUNDS);
        mc[i] = bench_median(c[i], ROUNDS);
    }
    bench_report("sqlite3 raw insert, 1 prepared stmt, 1 txn", n, m[0]);
    bench_report("libclm clm_store_put (sqlite), 1 txn", n, m[1]);
    bench_figure("insert rate ratio libclm/raw (target >= 0.5)", m[0] / m[1], "");
    bench_figure("insert rate ratio libclm/raw, CPU time", mc[0] / mc[1], "");
    bench_report("sqlite3 raw reload (all columns, id order)", n, m[2]);
    bench_report("libclm clm_store_scan (sqlite), id order", n, m[3]);
    bench_figure("reload rate ratio libclm/raw", m[2] / m[3], "");
    bench_figure("reload rate ratio libclm/raw, CPU time", mc[2] / mc[3], "");
    printf("(%d rounds alternated, medians)\n", ROUNDS);

    bench_audited();
}

#else

void bench_store(void)
{
    printf("store: skipped, libclm was built without SQLite (meson option 'sqlite')\n");
}

#endif
