/*
 * postgres.c — the PostgreSQL storage backend (libpq).
 *
 * The same schema as the SQLite backend (sqlite.c), so a user's reports
 * read the same tables whichever backend wrote them, for a server that
 * several application servers share. What that sharing asks of this file:
 *
 *  - Optimistic concurrency is one SQL statement per write: INSERT ... ON
 *    CONFLICT DO NOTHING (0 rows: CLM_EEXISTS), UPDATE/DELETE ... WHERE
 *    version = $expected (0 rows: CLM_ECONFLICT or CLM_ENOTFOUND). Under
 *    READ COMMITTED a second UPDATE of the same row waits for the first to
 *    commit and then re-checks its WHERE clause against the new row
 *    version, so of two writers that read version v exactly one matches
 *    (PostgreSQL docs, "Transaction Isolation", 13.2.1). A plain put or
 *    delete holds no lock between the caller's read and its write. An
 *    audited one reads the record it replaces with SELECT ... FOR UPDATE
 *    (get_for_write) inside the level it writes in: otherwise another
 *    connection could delete the row and insert it again with the same
 *    version between that read and the UPDATE, which would then replace a
 *    row the audit entry's before-image does not describe.
 *  - The audit log is gapless and in commit order across every connection:
 *    an append takes a transaction-level advisory lock, then inserts
 *    max(seq) + 1 in a new statement (so its snapshot is taken after the
 *    lock is granted). A sequence would leave a gap for every rolled-back
 *    append, and an auditor cannot tell such a gap from a deleted entry;
 *    and a reader that resumes at from_seq = last seen + 1 would miss
 *    entries that commit out of order. The price: audited transactions
 *    serialise from their first audited update or delete (whose locking
 *    read takes the log's lock before the row's, so that audited writers
 *    queue for the log before they hold a row, and two of them changing
 *    rows in opposite orders wait instead of deadlocking) or their first
 *    append to their commit. A deadlock is still possible with rows a
 *    transaction wrote before (a plain put, an audited create's insert);
 *    PostgreSQL detects it (SQLSTATE 40P01) and this backend returns
 *    CLM_EBUSY: roll back and retry. Appends need no privilege but
 *    INSERT and SELECT on clm_audit; a trigger refuses UPDATE, DELETE and
 *    TRUNCATE there.
 *  - Transactions: BEGIN ISOLATION LEVEL READ COMMITTED, savepoints for
 *    nested levels. A server error in a write inside a transaction (a
 *    timeout, a deadlock, a DBA's trigger) would abort the whole
 *    transaction; store.h promises the caller's transaction stays intact,
 *    so such a write is undone alone: by rolling back to the start of its
 *    level when the level has written nothing yet (no extra round trip:
 *    the store's audited writes are all in that case), else under a
 *    savepoint of its own. A scan outside a transaction runs in one
 *    REPEATABLE READ READ ONLY transaction so its pages see one state of
 *    the database.
 *  - Waits: a write waits for a row another transaction has changed until
 *    that one ends, as PostgreSQL does. To bound it, put
 *    options='-c lock_timeout=5s' in the connection string: a timeout is
 *    CLM_EBUSY, like SQLite's busy timeout.
 *  - Errors carry the SQLSTATE and the server's message in the last error.
 *    The connection string is never copied into a message (it may hold a
 *    password).
 *  - Statements are prepared once per connection, on first use, under
 *    names starting "clm_". So a pooler in transaction mode (PgBouncer
 *    before 1.21) is not supported between libclm and the server.
 *  - A lost connection is re-established at the next call outside a
 *    transaction (a read or BEGIN that met the loss is run once more; a
 *    write is not, since whether it was applied is unknown: CLM_EIO says
 *    so); inside one, every call but rollback fails with CLM_EIO (the
 *    server has already rolled it back). A connection lost during COMMIT
 *    leaves the outcome unknown to any client (no two-phase commit here);
 *    commit then returns CLM_EIO saying so.
 *  - Schema: the tables live in the first schema of the connection's
 *    search_path (set it with options='-c search_path=...' in the
 *    connection string). Opening migrates an older libclm schema under an
 *    advisory lock, so several servers starting at once migrate once; a
 *    current schema needs no DDL privilege, so application roles can be
 *    DML-only. The database must use the UTF8 encoding.
 *
 * Values travel in binary (integers big-endian, text and bytea as bytes);
 * libpq allocates its results with malloc, outside libclm's allocator,
 * and this file frees each one before returning (or at the next call, for
 * a record handed out by get).
 */
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "clm/store.h"
#include "clm/sys/store_backend.h"
#include "core/core.h"
#include "postgres_scan_sql.h"
#include "store_internal.h"

/* Type OIDs (PostgreSQL's src/include/catalog/pg_type.dat; stable). */
#define PG_BYTEA 17
#define PG_INT8 20
#define PG_INT4 23
#define PG_TEXT 25
#define PG_DATE 1082

/* A binary `date` counts days from 2000-01-01; a clm_date from 1970-01-01. */
#define PG_DATE_OFFSET 10957

/* Rows fetched per page of a scan (keyset pagination on id or seq). */
#define PG_PAGE CLM_STORE__PG_PAGE
#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)

/* The advisory locks of this file, keyed so that libclm schemas in
 * different schemas of one database do not wait for each other:
 * migration: (0x434c4d00 = "CLM\0", hash of the schema name);
 * audit append: "CLM\0" << 32 | the OID of that schema's clm_audit. */
#define PG_LOCK_MIGRATE_KEY "(1129008384, hashtext(current_schema()))"
#define PG_LOCK_AUDIT \
    "SELECT pg_advisory_xact_lock((1129008384::bigint << 32) | 'clm_audit'::regclass::oid::bigint)"

/* The schema version this file writes; see migrations[] below. */
#define PG_SCHEMA_VERSION 3

/* ---- the backend ------------------------------------------------------- */

/* The statements of a family table, prepared on first use. */
enum { ST_GET, ST_INSERT, ST_UPDATE, ST_VERSION, ST_DELETE, ST_GET_LOCK, ST_KINDS };
enum { ST_AUDIT_LOCK, ST_AUDIT_INSERT, ST_AUDIT_ALL, ST_AUDIT_KIND, ST_AUDIT_ID,
       ST_AUDIT_N };
enum { ST_KEYS_DEL, ST_KEYS_INS, ST_KEYS_EXACT, ST_KEYS_RANGE, ST_KEYS_NAME, ST_KEYS_ALL,
       ST_KEYS_N };

/* The conditions a scan/count statement has, as mask bits (one statement
 * per combination, 64 per family and purpose). */
enum { F_CLIENT = 1, F_MANAGER = 2, F_STATE = 4, F_CATEGORY = 8, F_FROM = 16,
       F_TO = 32 };

typedef struct pg_backend {
    clm_store_backend parent;
    PGconn *conn;
    unsigned int depth;      /* transaction levels open, as the store counts */
    bool lost_in_tx;         /* the connection broke inside a transaction */
    /* Statements prepared on this connection (bits; cleared on reconnect). */
    uint64_t prepared_rec[CLM__STORE_FAMILIES][ST_KINDS];
    uint64_t prepared_scan[CLM__STORE_FAMILIES][CLM_STORE__PG_FORMS]; /* [form] bit mask */
    uint32_t prepared_audit;
    uint64_t prepared_keys;  /* bits: 1 << ST_KEYS_* */
    PGresult *held;          /* the result behind the record get handed out */
    /* dirty[d]: level d has changed a row (a write or a merged level). */
    bool dirty[CLM__STORE_DEPTH_MAX + 1];
} pg_backend;

/* ---- errors ------------------------------------------------------------ */

/* Maps an SQLSTATE to a libclm code (PostgreSQL docs, Appendix A). */
static int pg_code(const char *state, bool conn_bad)
{
    if (conn_bad || state == NULL)
        return CLM_EIO;
    if (strcmp(state, "23505") == 0)        /* unique_violation */
        return CLM_EEXISTS;
    if (strcmp(state, "22003") == 0)        /* numeric_value_out_of_range */
        return CLM_EOVERFLOW;
    if (strcmp(state, "40001") == 0 ||      /* serialization_failure */
        strcmp(state, "40P01") == 0 ||      /* deadlock_detected */
        strcmp(state, "55P03") == 0 ||      /* lock_not_available */
        strcmp(state, "57014") == 0)        /* query_canceled (timeouts) */
        return CLM_EBUSY;
    if (strncmp(state, "22", 2) == 0)       /* data exception */
        return CLM_EINVAL;
    return CLM_EIO;
}

/* Copies `msg` without its trailing newline and with inner newlines and
 * tabs as spaces (libpq's connection messages span lines). */
static void pg_flatten(char *dst, size_t cap, const char *msg)
{
    size_t n = 0;
    for (const char *p = msg; p != NULL && *p != '\0' && n + 1 < cap; p++)
        dst[n++] = (*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : *p;
    while (n > 0 && dst[n - 1] == ' ')
        n--;
    dst[n] = '\0';
}

/*
 * After a server error inside a transaction, PostgreSQL has aborted the
 * whole transaction; store.h promises the caller's transaction stays as
 * it was. When the innermost level has changed nothing yet, going back to
 * its start gives exactly that: ROLLBACK TO its savepoint, or for level 1
 * ROLLBACK and BEGIN again. (A write in a level that has changed rows runs
 * under a savepoint of its own instead: see pg_write.) Leaves the last
 * error alone.
 */
static void pg_restart_clean_level(pg_backend *b)
{
    unsigned d = b->depth;
    if (d == 0 || b->dirty[d] || PQstatus(b->conn) != CONNECTION_OK ||
        PQtransactionStatus(b->conn) != PQTRANS_INERROR)
        return;
    char sql[64];
    if (d > 1)
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT clm_%u", d);
    else
        snprintf(sql, sizeof sql, "ROLLBACK; BEGIN ISOLATION LEVEL READ COMMITTED");
    PQclear(PQexec(b->conn, sql));
}

/*
 * Records the failure of `what` (a result, or NULL when libpq gave none)
 * in the last error: "postgres: <what>: <server message> (SQLSTATE x)".
 * The field of the last error is the constraint or column at fault, if
 * the server named one.
 */
static int pg_fail(pg_backend *b, const PGresult *res, const char *what)
{
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *field = res != NULL ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
    if (field == NULL && res != NULL)
        field = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
    bool bad = PQstatus(b->conn) == CONNECTION_BAD;
    char text[512];
    pg_flatten(text, sizeof text, msg != NULL ? msg : PQerrorMessage(b->conn));
    if (text[0] == '\0')
        snprintf(text, sizeof text, "%s", bad ? "connection lost" : "unknown error");
    if (bad && b->depth > 0) {
        b->lost_in_tx = true;
        return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                            "postgres: %s: the connection was lost inside a transaction (%s); "
                            "the server rolled it back: roll back and retry", what, text);
    }
    int rc = clm_core__fail_at(pg_code(state, bad), field != NULL ? field : "", "postgresql", 0,
                          "postgres: %s: %s (SQLSTATE %s)", what, text,
                          state != NULL ? state : (bad ? "08006" : "none"));
    pg_restart_clean_level(b);
    return rc;
}

/* ---- parameters and values ---------------------------------------------- */

#define PG_PARAMS_MAX 16

typedef struct pg_params {
    int n;
    const char *val[PG_PARAMS_MAX];
    int len[PG_PARAMS_MAX];
    int fmt[PG_PARAMS_MAX];
    unsigned char num[PG_PARAMS_MAX][8];
} pg_params;

static void pp_text(pg_params *p, const char *s)
{
    p->val[p->n] = s;        /* NULL is SQL NULL */
    p->len[p->n] = 0;
    p->fmt[p->n] = 0;
    p->n++;
}

static void pp_int(pg_params *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p->num[p->n][i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
    p->val[p->n] = (const char *)p->num[p->n];
    p->len[p->n] = bytes;
    p->fmt[p->n] = 1;
    p->n++;
}

static void pp_int4(pg_params *p, int32_t v) { pp_int(p, (uint32_t)v, 4); }
static void pp_int8(pg_params *p, int64_t v) { pp_int(p, (uint64_t)v, 8); }

static void pp_null(pg_params *p) { pp_text(p, NULL); }

/* A valid clm_date (checked by the store), as a binary `date`. */
static void pp_date(pg_params *p, clm_date d) { pp_int4(p, d - PG_DATE_OFFSET); }

/* bytea in binary: the bytes themselves; a zero length is an empty value,
 * not NULL, so the pointer must not be NULL. */
static void pp_bytes(pg_params *p, const void *data, size_t len)
{
    p->val[p->n] = len > 0 ? (const char *)data : "";
    p->len[p->n] = (int)len;
    p->fmt[p->n] = 1;
    p->n++;
}

static uint64_t get_be(const char *v, int bytes)
{
    uint64_t x = 0;
    for (int i = 0; i < bytes; i++)
        x = (x << 8) | (unsigned char)v[i];
    return x;
}

/* Reads a NOT NULL int4 / int8 column; false if the column is not that. */
static bool col_int4(const PGresult *r, int row, int col, int32_t *v)
{
    if (PQgetisnull(r, row, col) || PQgetlength(r, row, col) != 4)
        return false;
    *v = (int32_t)(uint32_t)get_be(PQgetvalue(r, row, col), 4);
    return true;
}

static bool col_int8(const PGresult *r, int row, int col, int64_t *v)
{
    if (PQgetisnull(r, row, col) || PQgetlength(r, row, col) != 8)
        return false;
    *v = (int64_t)get_be(PQgetvalue(r, row, col), 8);
    return true;
}

/* A text column: NULL for SQL NULL; libpq NUL-terminates every value. A
 * value holding a NUL byte cannot be a C string: *ok = false. */
static const char *col_text(const PGresult *r, int row, int col, bool *ok)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    const char *s = PQgetvalue(r, row, col);
    if (strlen(s) != (size_t)PQgetlength(r, row, col))
        *ok = false;
    return s;
}

/* ---- the connection ------------------------------------------------------ */

static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* NOTICEs ("relation exists, skipping") are not errors */
}

static void pg_forget_statements(pg_backend *b)
{
    memset(b->prepared_rec, 0, sizeof b->prepared_rec);
    memset(b->prepared_scan, 0, sizeof b->prepared_scan);
    b->prepared_audit = 0;
    b->prepared_keys = 0;
}

/* Session settings after every (re)connection. */
static int pg_session(pg_backend *b)
{
    PQsetNoticeProcessor(b->conn, pg_quiet, NULL);
    if (PQsetClientEncoding(b->conn, "UTF8") != 0)
        return pg_fail(b, NULL, "setting client_encoding to UTF8");
    const char *enc = PQparameterStatus(b->conn, "server_encoding");
    if (enc == NULL || strcmp(enc, "UTF8") != 0)
        return clm_core__fail_at(CLM_EIO, "server_encoding", "postgresql", 0,
                            "postgres: the database's encoding is %s; libclm needs UTF8 "
                            "(CREATE DATABASE ... ENCODING 'UTF8')",
                            enc != NULL ? enc : "unknown");
    /* enable_sort = off: every query here can be answered in index order
     * (scans page on the primary key, the audit log on seq), and must be.
     * Right after a bulk load, before autovacuum has analysed the table,
     * the planner believes it tiny and would fetch every match and sort it
     * for each page of 128: a scan of n records then costs n^2 / 128 row
     * reads instead of n (measured: 40,000 records, 4.5 s against 0.05 s).
     * The connection is libclm's own, so the setting touches nothing else.
     * jit = off: a scan by client keeps its sort (a client has few rows),
     * which enable_sort = off prices at 1e10; above jit_above_cost (1e5)
     * a server built with LLVM compiled every such query, about 1 s each
     * for a query that runs in 0.3 ms (EXPLAIN ANALYZE of the credit
     * check's scan of a client's orders, PostgreSQL 15). Nothing here runs
     * long enough for JIT to pay. */
    PGresult *r = PQexec(b->conn, "SET SESSION CHARACTERISTICS AS TRANSACTION "
                                  "ISOLATION LEVEL READ COMMITTED; SET enable_sort = off;"
                                  " SET jit = off");
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pg_fail(b, r, "setting up the session");
    PQclear(r);
    pg_forget_statements(b);
    return rc;
}

/*
 * A server that ended the session (a restart, pg_terminate_backend) has
 * left its FATAL message and then EOF in the socket of an idle
 * connection: reading them now turns a doomed call into a reconnect (or,
 * in a transaction, into a clear error). An idle healthy connection has
 * nothing to read, so this costs one poll().
 */
static void pg_check_alive(pg_backend *b)
{
    for (int i = 0; i < 4 && PQstatus(b->conn) == CONNECTION_OK; i++) {
        struct pollfd p = { PQsocket(b->conn), POLLIN, 0 };
        if (p.fd < 0 || poll(&p, 1, 0) <= 0)
            return;
        if (PQconsumeInput(b->conn) == 0)
            return;
    }
}

/* Frees what the last get handed out; every callback starts with it. */
static void pg_release(pg_backend *b)
{
    PQclear(b->held);
    b->held = NULL;
}

/* Makes sure the connection works: reconnects outside a transaction;
 * inside one, a lost connection lost the transaction, and every call says
 * so until the store rolls back. */
static int pg_ready(pg_backend *b)
{
    pg_release(b);
    if (!b->lost_in_tx)
        pg_check_alive(b);
    if (!b->lost_in_tx && PQstatus(b->conn) == CONNECTION_OK)
        return 0;
    if (b->depth > 0) {
        b->lost_in_tx = true;
        return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                            "postgres: the connection was lost inside a transaction; "
                            "the server rolled it back: roll back and retry");
    }
    PQreset(b->conn);
    if (PQstatus(b->conn) != CONNECTION_OK)
        return pg_fail(b, NULL, "reconnecting");
    return pg_session(b);
}

/*
 * True (once) when a call that changes nothing (a read, BEGIN) failed
 * because the connection broke outside a transaction: the server may have
 * closed it between pg_check_alive() and the call. Running it again on a
 * new connection is safe. A write is never retried: whether it was
 * applied before the connection broke cannot be known.
 */
static bool pg_retry(pg_backend *b, int rc, int *attempt)
{
    return rc < 0 && (*attempt)++ == 0 && b->depth == 0 && !b->lost_in_tx &&
           PQstatus(b->conn) == CONNECTION_BAD;
}

/* Runs SQL without parameters (transaction control, DDL). */
static int pg_exec(pg_backend *b, const char *sql, const char *what)
{
    PGresult *r = PQexec(b->conn, sql);
    ExecStatusType s = PQresultStatus(r);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = pg_fail(b, r, what);
    PQclear(r);
    return rc;
}

/* Prepares `sql` as `name` unless *bits has `bit` set. */
static int pg_prepare(pg_backend *b, uint64_t *bits, uint64_t bit, const char *name,
                      const char *sql, int n, const unsigned int *types)
{
    if (*bits & bit)
        return 0;
    PGresult *r = PQprepare(b->conn, name, sql, n, types);
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pg_fail(b, r, "preparing a statement");
    else
        *bits |= bit;
    PQclear(r);
    return rc;
}

/* Runs the prepared statement `name`; on success *res is its result (the
 * caller clears it). Results come in binary. */
static int pg_run(pg_backend *b, PGresult **res, const char *name, const pg_params *p,
                  const char *what)
{
    PGresult *r = PQexecPrepared(b->conn, name, p != NULL ? p->n : 0,
                                 p != NULL ? p->val : NULL, p != NULL ? p->len : NULL,
                                 p != NULL ? p->fmt : NULL, 1);
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
        *res = r;
        return 0;
    }
    int rc = pg_fail(b, r, what);
    PQclear(r);
    return rc;
}

/* One statement of a pipeline: SQL without parameters, or a prepared
 * statement with its parameters; `res` receives its result. */
typedef struct pg_step {
    const char *sql;
    const char *name;
    const pg_params *p;
    PGresult *res;
} pg_step;

/*
 * Sends `n` statements at once in libpq's pipeline mode and reads their
 * results: one round trip instead of n. The server runs them in order, each
 * with its own snapshot, and skips the rest after one fails (that one's
 * result is the error; the skipped ones' are PGRES_PIPELINE_ABORTED).
 * Returns 0 when every result came back (the caller checks each and
 * clears them all), or CLM_EIO when the exchange itself broke (the
 * results that came are cleared).
 */
static int pg_pipeline(pg_backend *b, pg_step *steps, int n, const char *what)
{
    PGconn *c = b->conn;
    for (int i = 0; i < n; i++)
        steps[i].res = NULL;
    if (PQenterPipelineMode(c) != 1)
        return pg_fail(b, NULL, what);
    int sent = 1;
    for (int i = 0; i < n && sent; i++) {
        const pg_params *p = steps[i].p;
        if (steps[i].sql != NULL)
            sent = PQsendQueryParams(c, steps[i].sql, 0, NULL, NULL, NULL, NULL, 1);
        else
            sent = PQsendQueryPrepared(c, steps[i].name, p != NULL ? p->n : 0,
                                       p != NULL ? p->val : NULL, p != NULL ? p->len : NULL,
                                       p != NULL ? p->fmt : NULL, 1);
    }
    if (sent)
        sent = PQpipelineSync(c);
    /* Results come as: step 0's, NULL, step 1's, NULL, ..., then SYNC. */
    bool synced = false;
    for (int q = 0; sent && !synced;) {
        PGresult *x = PQgetResult(c);
        if (x == NULL) {
            if (PQstatus(c) == CONNECTION_BAD || q >= n)
                break;
            q++;
        } else if (PQresultStatus(x) == PGRES_PIPELINE_SYNC) {
            PQclear(x);
            synced = true;
        } else if (q < n && steps[q].res == NULL) {
            steps[q].res = x;
        } else {
            PQclear(x);
        }
    }
    if (synced && PQexitPipelineMode(c) == 1)
        return 0;
    int rc = pg_fail(b, NULL, what);
    for (int i = 0; i < n; i++) {
        PQclear(steps[i].res);
        steps[i].res = NULL;
    }
    if (PQpipelineStatus(c) != PQ_PIPELINE_OFF) {
        /* A connection left mid-pipeline cannot run anything else: start a
         * new one. What was in a transaction is lost with it. */
        if (b->depth > 0)
            b->lost_in_tx = true;
        PQreset(c);
        if (PQstatus(c) == CONNECTION_OK)
            (void)pg_session(b);
    }
    return rc;
}

/* The status of a pipeline step: 0 if it worked, else its error. */
static int pg_step_rc(pg_backend *b, const pg_step *s, const char *what)
{
    ExecStatusType st = PQresultStatus(s->res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return 0;
    return pg_fail(b, s->res, what);
}

/* Rows a command touched (PQcmdTuples is "" for commands without a count). */
static long pg_affected(const PGresult *r)
{
    const char *t = PQcmdTuples((PGresult *)r);
    long n = 0;
    for (; *t >= '0' && *t <= '9'; t++)
        n = n * 10 + (*t - '0');
    return n;
}

/* ---- schema -------------------------------------------------------------- */

/* The columns every family table has, in the order rows are decoded. */
#define PG_COLS CLM_STORE__PG_COLS
#define PG_AUDIT_COLS "seq, at, actor_user, actor_role, op, kind, id, version, note, " \
                      "before, after"

/*
 * The schema is sqlite.c's, table for table and column for column, with
 * PostgreSQL's types: bigint for INTEGER, bytea for BLOB, and `date` for
 * the due date (SQLite keeps it as 'YYYY-MM-DD' text because it has no
 * date type; here a report can compare and subtract dates). Ids and the
 * indexed texts are COLLATE "C", so that ORDER BY id is byte order and
 * the primary key's index serves it. Version numbers are shared with
 * sqlite.c: the same number is the same layout.
 *
 * Migration n brings the schema from version n - 1 to n, as one script
 * run in the migration transaction; a new database runs them all.
 */

/* 0 -> 1: one table per family of kinds, the audit log, the version. */
static void migrate_v1(clm_core__buf *q)
{
    clm_core__buf_puts(q,
        "CREATE TABLE clm_schema_version (version integer NOT NULL);\n"
        "INSERT INTO clm_schema_version VALUES (1);\n"
        "CREATE TABLE clm_audit (\n"
        "  seq        bigint PRIMARY KEY CHECK (seq >= 1),\n"
        "  at         bigint NOT NULL,\n"
        "  actor_user text NOT NULL,\n"
        "  actor_role text NOT NULL,\n"
        "  op         text NOT NULL CHECK (op IN ('create', 'update', 'delete')),\n"
        "  kind       text NOT NULL,\n"
        "  id         text COLLATE \"C\" NOT NULL,\n"
        "  version    bigint NOT NULL,\n"
        "  before     bytea,\n"
        "  after      bytea);\n"
        "CREATE INDEX clm_audit_record ON clm_audit (kind, id, seq);\n");
    for (int f = 0; f < CLM__STORE_FAMILIES; f++) {
        const char *t = clm_store__family_tables[f];
        clm_core__buf_printf(q,
            "CREATE TABLE %s (\n"
            "  kind      text NOT NULL,\n"
            "  id        text COLLATE \"C\" NOT NULL,\n"
            "  version   bigint NOT NULL CHECK (version >= 1),\n"
            "  client_id text COLLATE \"C\",\n"
            "  manager   text COLLATE \"C\",\n"
            "  state     text COLLATE \"C\",\n"
            "  name      text,\n"
            "  due       date,\n"
            "  amount    bigint,\n"
            "  currency  text,\n"
            "  body      bytea,\n"
            "  PRIMARY KEY (kind, id));\n"
            "CREATE INDEX %s_client ON %s (kind, client_id) WHERE client_id IS NOT NULL;\n"
            "CREATE INDEX %s_manager ON %s (kind, manager) WHERE manager IS NOT NULL;\n"
            "CREATE INDEX %s_state ON %s (kind, state) WHERE state IS NOT NULL;\n"
            "CREATE INDEX %s_due ON %s (kind, due) WHERE due IS NOT NULL;\n",
            t, t, t, t, t, t, t, t, t);
    }
}

/* 1 -> 2 (as sqlite.c's): the category column and its index on every
 * record table, the audit note, and the append-only triggers. Only a
 * superuser or the table's owner can drop the triggers, and that shows. */
static void migrate_v2(clm_core__buf *q)
{
    for (int f = 0; f < CLM__STORE_FAMILIES; f++) {
        const char *t = clm_store__family_tables[f];
        clm_core__buf_printf(q,
            "ALTER TABLE %s ADD COLUMN category text COLLATE \"C\";\n"
            "CREATE INDEX %s_category ON %s (kind, category) WHERE category IS NOT NULL;\n",
            t, t, t);
    }
    clm_core__buf_puts(q,
        "ALTER TABLE clm_audit ADD COLUMN note text NOT NULL DEFAULT '';\n"
        "CREATE FUNCTION clm_audit_append_only() RETURNS trigger\n"
        "  LANGUAGE plpgsql AS $$ BEGIN\n"
        "    RAISE EXCEPTION 'clm_audit is append-only (% refused)', TG_OP\n"
        "      USING ERRCODE = 'insufficient_privilege';\n"
        "  END $$;\n"
        "CREATE TRIGGER clm_audit_no_change BEFORE UPDATE OR DELETE ON clm_audit\n"
        "  FOR EACH ROW EXECUTE FUNCTION clm_audit_append_only();\n"
        "CREATE TRIGGER clm_audit_no_truncate BEFORE TRUNCATE ON clm_audit\n"
        "  FOR EACH STATEMENT EXECUTE FUNCTION clm_audit_append_only();\n"
        "UPDATE clm_schema_version SET version = 2;\n");
}

/* 2 -> 3 (as sqlite.c's): the lookup keys, ordered by (kind, name, value,
 * id) in byte order, and triggers that delete a record's keys with it. */
static void migrate_v3(clm_core__buf *q)
{
    clm_core__buf_puts(q,
        "CREATE TABLE clm_keys (\n"
        "  kind  text NOT NULL,\n"
        "  name  text COLLATE \"C\" NOT NULL,\n"
        "  value text COLLATE \"C\" NOT NULL,\n"
        "  id    text COLLATE \"C\" NOT NULL,\n"
        "  PRIMARY KEY (kind, name, value, id));\n"
        "CREATE INDEX clm_keys_record ON clm_keys (kind, id);\n"
        "CREATE FUNCTION clm_keys_gone() RETURNS trigger\n"
        "  LANGUAGE plpgsql AS $$ BEGIN\n"
        "    DELETE FROM clm_keys WHERE kind = OLD.kind AND id = OLD.id;\n"
        "    RETURN NULL;\n"
        "  END $$;\n");
    for (int f = 0; f < CLM__STORE_FAMILIES; f++) {
        const char *t = clm_store__family_tables[f];
        clm_core__buf_printf(q,
            "CREATE TRIGGER %s_keys_gone AFTER DELETE ON %s\n"
            "  FOR EACH ROW EXECUTE FUNCTION clm_keys_gone();\n", t, t);
    }
    clm_core__buf_puts(q, "UPDATE clm_schema_version SET version = 3;\n");
}

static void (*const migrations[PG_SCHEMA_VERSION + 1])(clm_core__buf *) = {
    NULL, migrate_v1, migrate_v2, migrate_v3,
};

static int pg_not_libclm(const char *why)
{
    return clm_core__fail_at(CLM_EIO, "clm_schema_version", "postgresql", 0,
                        "postgres: %s: not a libclm database (or another program's clm_ "
                        "tables in the same schema; set search_path in the connection string)",
                        why);
}

/* *out = the schema version of the database: 0 when it has no libclm
 * table. clm_ tables without a version, or a version table that does not
 * hold exactly one version >= 1, are someone else's: CLM_EIO. */
static int pg_schema_version(pg_backend *b, int64_t *out)
{
    PGresult *r = PQexec(b->conn,
                         "SELECT to_regclass('clm_schema_version') IS NOT NULL, "
                         "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                         "AND tablename LIKE 'clm\\_%')");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        int rc = pg_fail(b, r, "looking for the schema version table");
        PQclear(r);
        return rc;
    }
    bool exists = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    bool others = strcmp(PQgetvalue(r, 0, 1), "0") != 0;
    PQclear(r);
    if (!exists) {
        if (others)
            return pg_not_libclm("clm_ tables but no clm_schema_version");
        *out = 0;
        return 0;
    }
    r = PQexec(b->conn, "SELECT version FROM clm_schema_version");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        int rc = pg_fail(b, r, "reading the schema version");
        PQclear(r);
        return rc;
    }
    int64_t v = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
                                                           : 0;
    PQclear(r);
    if (v < 1)
        return pg_not_libclm("clm_schema_version does not hold one version >= 1");
    *out = v;
    return 0;
}

static int pg_too_new(int64_t v)
{
    return clm_core__fail_at(CLM_EVERSION, "clm_schema_version", "postgresql", 0,
                        "postgres: the database has libclm schema version %lld; this libclm "
                        "knows versions up to %d (upgrade libclm)",
                        (long long)v, PG_SCHEMA_VERSION);
}

/*
 * Brings the schema to PG_SCHEMA_VERSION. A current schema is only read
 * (no lock, no DDL). Otherwise one transaction, under an advisory lock so
 * that servers starting together migrate once: the others wait, re-read
 * the version and find nothing to do. A failed migration rolls back whole.
 * The lock is a session lock taken before BEGIN: a transaction that began
 * before the wait would keep its stale catalog cache (to_regclass would
 * not see the tables the winner created), while one that begins after it
 * reads the catalog afresh.
 */
static int pg_migrate(pg_backend *b)
{
    int64_t v;
    int rc = pg_schema_version(b, &v);
    if (rc < 0)
        return rc;
    if (v == PG_SCHEMA_VERSION)
        return 0;
    if (v > PG_SCHEMA_VERSION || v < 0)
        return pg_too_new(v);
    if ((rc = pg_exec(b, "SELECT pg_advisory_lock" PG_LOCK_MIGRATE_KEY,
                      "locking for the migration")) < 0)
        return rc;
    rc = pg_exec(b, "BEGIN ISOLATION LEVEL READ COMMITTED", "beginning the migration");
    if (rc < 0) {
        PQclear(PQexec(b->conn, "SELECT pg_advisory_unlock" PG_LOCK_MIGRATE_KEY));
        return rc;
    }
    rc = pg_schema_version(b, &v);
    if (rc == 0 && (v > PG_SCHEMA_VERSION || v < 0))
        rc = pg_too_new(v);
    if (rc == 0 && v < PG_SCHEMA_VERSION) {
        clm_core__buf q;
        clm_core__buf_init(&q);
        for (int64_t i = v + 1; i <= PG_SCHEMA_VERSION; i++)
            migrations[i](&q);
        char *sql;
        size_t len;
        rc = clm_core__buf_finish(&q, &sql, &len);
        if (rc == 0) {
            rc = pg_exec(b, sql, "migrating the schema");
            clm_core__free(sql);
        }
    }
    if (rc == 0)
        rc = pg_exec(b, "COMMIT", "committing the migration");
    else
        PQclear(PQexec(b->conn, "ROLLBACK"));
    PQclear(PQexec(b->conn, "SELECT pg_advisory_unlock" PG_LOCK_MIGRATE_KEY));
    return rc;
}

/* ---- statements ------------------------------------------------------------ */

static const unsigned int types_rec[] = {
    PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT, /* kind .. category */
    PG_DATE, PG_INT8, PG_TEXT, PG_BYTEA,                          /* due .. body */
    PG_INT8,                                                      /* expected version */
};

/* Prepares statement `st` of family `fam` if needed; *name gets its name. */
static int pg_prepare_rec(pg_backend *b, int fam, int st, char name[32])
{
    static const char *const tags[ST_KINDS] = { "get", "insert", "update", "version", "delete",
                                                "get_lock" };
    snprintf(name, 32, "clm_%s_%d", tags[st], fam);
    if (b->prepared_rec[fam][st] & 1)
        return 0;
    const char *t = clm_store__family_tables[fam];
    char sql[1024];
    int n = 2;
    const unsigned int *types = types_rec;
    static const unsigned int types_del[] = { PG_TEXT, PG_TEXT, PG_INT8 };
    switch (st) {
    case ST_GET:
        snprintf(sql, sizeof sql, "SELECT " PG_COLS " FROM %s WHERE kind = $1 AND id = $2", t);
        break;
    case ST_INSERT:
        snprintf(sql, sizeof sql,
                 "INSERT INTO %s (" PG_COLS ") VALUES "
                 "($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING", t);
        n = 11;
        break;
    case ST_UPDATE:
        snprintf(sql, sizeof sql,
                 "UPDATE %s SET version = version + 1, client_id = $3, manager = $4, "
                 "state = $5, name = $6, category = $7, due = $8, amount = $9, "
                 "currency = $10, body = $11 WHERE kind = $1 AND id = $2 AND version = $12", t);
        n = 12;
        break;
    case ST_VERSION:
        snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE kind = $1 AND id = $2", t);
        break;
    case ST_GET_LOCK:
        snprintf(sql, sizeof sql,
                 "SELECT " PG_COLS " FROM %s WHERE kind = $1 AND id = $2 FOR UPDATE", t);
        break;
    default: /* ST_DELETE */
        snprintf(sql, sizeof sql,
                 "DELETE FROM %s WHERE kind = $1 AND id = $2 AND version = $3", t);
        types = types_del;
        n = 3;
        break;
    }
    return pg_prepare(b, &b->prepared_rec[fam][st], 1, name, sql, n, types);
}

/* The statement of `form` (postgres_scan_sql.h) for the conditions in
 * `mask`, prepared on first use; *name gets its name. */
static int pg_prepare_scan(pg_backend *b, int fam, unsigned mask, int form, char name[40])
{
    static const char *const tags[CLM_STORE__PG_FORMS] = { "scan", "count", "probe", "narrow" };
    snprintf(name, 40, "clm_%s_%d_%u", tags[form], fam, mask);
    uint64_t *bits = &b->prepared_scan[fam][form];
    if (*bits & ((uint64_t)1 << mask))
        return 0;
    static const unsigned int cond_types[] = { PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT, PG_DATE, PG_DATE };
    unsigned int types[8] = { PG_TEXT, PG_TEXT };
    int n = form == CLM_STORE__PG_SCAN ? 2 : 1;
    for (int i = 0; i < CLM_STORE__PG_NCOND; i++)
        if (mask & (1u << i))
            types[n++] = cond_types[i];
    char sql[1152];
    clm_store__pg_filter_sql(sql, sizeof sql, clm_store__family_tables[fam], mask, form, &n);
    return pg_prepare(b, bits, (uint64_t)1 << mask, name, sql, n, types);
}

static int pg_prepare_audit(pg_backend *b, int st, const char **name)
{
    static const char *const names[ST_AUDIT_N] = {
        "clm_audit_lock", "clm_audit_insert", "clm_audit_all", "clm_audit_kind", "clm_audit_id",
    };
    static const char *const sqls[ST_AUDIT_N] = {
        PG_LOCK_AUDIT,
        /* A new statement after the lock: its snapshot sees every entry
         * committed before the lock was granted, so max + 1 is free. */
        "INSERT INTO clm_audit (" PG_AUDIT_COLS ") SELECT coalesce(max(seq), 0) + 1, "
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM clm_audit RETURNING seq",
        "SELECT " PG_AUDIT_COLS " FROM clm_audit WHERE seq >= $1 ORDER BY seq LIMIT " PG_STR(PG_PAGE),
        "SELECT " PG_AUDIT_COLS " FROM clm_audit WHERE kind = $2 AND seq >= $1 "
        "ORDER BY seq LIMIT " PG_STR(PG_PAGE),
        "SELECT " PG_AUDIT_COLS " FROM clm_audit WHERE kind = $2 AND id = $3 AND seq >= $1 "
        "ORDER BY seq LIMIT " PG_STR(PG_PAGE),
    };
    static const unsigned int t_insert[] = {
        PG_INT8, PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT, PG_INT8, PG_TEXT, PG_BYTEA, PG_BYTEA,
    };
    static const unsigned int t_scan[] = { PG_INT8, PG_TEXT, PG_TEXT };
    static const int nparams[ST_AUDIT_N] = { 0, 10, 1, 2, 3 };
    *name = names[st];
    uint64_t bits = b->prepared_audit;
    int rc = pg_prepare(b, &bits, (uint64_t)1 << st, names[st], sqls[st], nparams[st],
                        st == ST_AUDIT_INSERT ? t_insert : t_scan);
    b->prepared_audit = (uint32_t)bits;
    return rc;
}

/* ---- records ------------------------------------------------------------- */

/* $1 kind, $2 id, $3..$7 the indexed texts, $8 due, $9 amount, $10
 * currency, $11 body: absent values are SQL NULL (an empty body too). */
static void pp_record(pg_params *p, const clm_record *r)
{
    pp_text(p, clm_record_kind_name(r->kind));
    pp_text(p, r->id);
    pp_text(p, r->client_id);
    pp_text(p, r->manager);
    pp_text(p, r->state);
    pp_text(p, r->name);
    pp_text(p, r->category);
    if (r->due == CLM_RECORD_NO_DUE)
        pp_null(p);
    else
        pp_date(p, r->due);
    if (r->amount.currency[0] == '\0') {
        pp_null(p);
        pp_null(p);
    } else {
        pp_int8(p, r->amount.amount);
        pp_text(p, r->amount.currency);
    }
    if (r->body_len == 0)
        pp_null(p);
    else
        pp_bytes(p, r->body, r->body_len);
}

static int pg_bad_row(const char *table, const char *id, const char *why)
{
    return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                        "postgres: a row of %s (id '%.64s') is not a libclm record: %s",
                        table, id != NULL ? id : "?", why);
}

/* Decodes row `row` of a PG_COLS result into *r, which points into `res`. */
static int pg_row(clm_record *r, const PGresult *res, int row, int fam)
{
    const char *table = clm_store__family_tables[fam];
    bool ok = true;
    clm_record x = CLM_RECORD_INIT;
    const char *kind = col_text(res, row, 0, &ok);
    x.id = col_text(res, row, 1, &ok);
    if (kind == NULL || x.id == NULL || !ok)
        return pg_bad_row(table, x.id, "no kind or id");
    if (clm_record_kind_from_name(&x.kind, kind) < 0 || clm_store__kind_family(x.kind) != fam)
        return pg_bad_row(table, x.id, "unknown kind");
    if (!col_int8(res, row, 2, &x.version) || x.version < 1)
        return pg_bad_row(table, x.id, "bad version");
    const char **texts[] = { &x.client_id, &x.manager, &x.state, &x.name, &x.category };
    for (int i = 0; i < 5; i++)
        *texts[i] = col_text(res, row, 3 + i, &ok);
    int32_t due;
    if (!PQgetisnull(res, row, 8)) {
        /* 'infinity' and dates outside 0001..9999 fail clm_record_check. */
        if (!col_int4(res, row, 8, &due) || due > INT32_MAX - PG_DATE_OFFSET)
            return pg_bad_row(table, x.id, "bad due");
        x.due = due + PG_DATE_OFFSET;
    }
    bool has_amount = !PQgetisnull(res, row, 9), has_cur = !PQgetisnull(res, row, 10);
    if (has_amount != has_cur)
        return pg_bad_row(table, x.id, "amount without currency or currency without amount");
    if (has_amount) {
        const char *cur = col_text(res, row, 10, &ok);
        if (!col_int8(res, row, 9, &x.amount.amount) || cur == NULL || strlen(cur) != 3)
            return pg_bad_row(table, x.id, "bad amount or currency");
        memcpy(x.amount.currency, cur, 4);
    }
    if (!PQgetisnull(res, row, 11) && PQgetlength(res, row, 11) > 0) {
        x.body = PQgetvalue(res, row, 11);
        x.body_len = (size_t)PQgetlength(res, row, 11);
    }
    if (!ok)
        return pg_bad_row(table, x.id, "a text holds a NUL byte");
    if (clm_record_check(&x) < 0) {
        char why[256];
        snprintf(why, sizeof why, "%s", clm_error_last()->message);
        return pg_bad_row(table, x.id, why);
    }
    *r = x;
    return 0;
}

/* A write in a level that has changed rows: SAVEPOINT, the write and
 * RELEASE in one pipeline; on failure, back to the savepoint. */
static int pg_write_guarded(pg_backend *b, PGresult **res, const char *name,
                            const pg_params *p, const char *what)
{
    pg_step steps[3] = {
        { "SAVEPOINT clm_op", NULL, NULL, NULL },
        { NULL, name, p, NULL },
        { "RELEASE SAVEPOINT clm_op", NULL, NULL, NULL },
    };
    int rc = pg_pipeline(b, steps, 3, what);
    if (rc < 0)
        return rc;
    if ((rc = pg_step_rc(b, &steps[0], "opening a savepoint")) == 0 &&
        (rc = pg_step_rc(b, &steps[1], what)) == 0)
        rc = pg_step_rc(b, &steps[2], "releasing a savepoint");
    PQclear(steps[0].res);
    PQclear(steps[2].res);
    if (rc == 0) {
        *res = steps[1].res;
        return 0;
    }
    PQclear(steps[1].res);
    /* Undo without touching the last error, which names the failure. */
    if (PQstatus(b->conn) == CONNECTION_OK)
        PQclear(PQexec(b->conn, "ROLLBACK TO SAVEPOINT clm_op; RELEASE SAVEPOINT clm_op"));
    else if (b->depth > 0)
        b->lost_in_tx = true;
    return rc;
}

/*
 * Runs one write. Outside a transaction the statement is its own. Inside
 * one, a failure must leave the caller's level as it was: if the level
 * has written nothing yet, pg_fail rolls back to its start (no extra
 * round trip on success, which is the store's audited path: it opens a
 * level for each put); otherwise the write runs under a savepoint of its
 * own. The level is marked dirty when a row changed.
 */
static int pg_write(pg_backend *b, PGresult **res, const char *name, const pg_params *p,
                    const char *what)
{
    unsigned d = b->depth;
    bool guarded = d > 0 && b->dirty[d];
    int rc;
    if (guarded)
        return pg_write_guarded(b, res, name, p, what);
    rc = pg_run(b, res, name, p, what);
    if (d == 0) {
        if (rc < 0 && PQstatus(b->conn) == CONNECTION_BAD)
            return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                                "postgres: the connection was lost while %s: whether it was "
                                "applied is unknown (re-read before retrying)", what);
        return rc;
    }
    if (rc == 0 && pg_affected(*res) > 0)
        b->dirty[d] = true;
    /* On failure, pg_fail has undone the write: its level was clean. */
    return rc;
}

/* The end of a read of one record: unless rc (the read's result so far)
 * is a failure, res's one row into *out, kept alive as b->held (*out
 * points into it until the next call); no row is CLM_ENOTFOUND. On any
 * failure res is cleared. */
static int pg_held_row(clm_record *out, pg_backend *b, PGresult *res, int rc, int fam,
                       clm_record_kind kind, const char *id)
{
    if (rc == 0 && PQntuples(res) == 0)
        rc = clm_core__fail_at(CLM_ENOTFOUND, "id", "postgresql", 0, "postgres: no %s '%.64s'",
                               clm_record_kind_name(kind), id);
    if (rc == 0)
        rc = pg_row(out, res, 0, fam);
    if (rc < 0) {
        PQclear(res);
        return rc;
    }
    b->held = res;
    return 0;
}

static int pg_get_once(clm_record *out, pg_backend *b, clm_record_kind kind, const char *id,
                       int st)
{
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    int fam = clm_store__kind_family(kind);
    char name[32];
    if ((rc = pg_prepare_rec(b, fam, st, name)) < 0)
        return rc;
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(kind));
    pp_text(&p, id);
    PGresult *res = NULL;
    if ((rc = pg_run(b, &res, name, &p, "reading a record")) < 0)
        return rc;
    return pg_held_row(out, b, res, 0, fam, kind, id);
}

static int pg_get(clm_record *out, clm_store_backend *base, clm_record_kind kind, const char *id)
{
    pg_backend *b = (pg_backend *)base;
    int rc, attempt = 0;
    do
        rc = pg_get_once(out, b, kind, id, ST_GET);
    while (pg_retry(b, rc, &attempt));
    return rc;
}

/* The read before an audited write (sys/store_backend.h): the row lock
 * FOR UPDATE takes lasts until the transaction ends, so under READ
 * COMMITTED no other connection can change the row, or delete it and
 * insert it again with the same version, between this read and the
 * UPDATE/DELETE ... WHERE version = $v that follows: the audit entry's
 * before-image is the row that write replaces (PostgreSQL docs, "The
 * Locking Clause", SELECT). A row another transaction holds makes this
 * wait, as that UPDATE would have.
 *
 * The audit log's lock (PG_LOCK_AUDIT, which the append that follows
 * takes anyway) is taken first, in the same round trip: audited writers
 * queue for the log before they hold a row. Taken at the append only, a
 * transaction could hold a row while it waits for the log, and the log's
 * holder then wait for that row: a deadlock PostgreSQL breaks after
 * deadlock_timeout by failing one of them. The lock is re-entrant and
 * lasts until the transaction (or the savepoint it was taken under, if
 * that is rolled back) ends. */
static int pg_get_for_write_once(clm_record *out, pg_backend *b, clm_record_kind kind,
                                 const char *id)
{
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    int fam = clm_store__kind_family(kind);
    char name[32];
    const char *lock;
    if ((rc = pg_prepare_rec(b, fam, ST_GET_LOCK, name)) < 0 ||
        (rc = pg_prepare_audit(b, ST_AUDIT_LOCK, &lock)) < 0)
        return rc;
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(kind));
    pp_text(&p, id);
    pg_step steps[2] = { { NULL, lock, NULL, NULL }, { NULL, name, &p, NULL } };
    if ((rc = pg_pipeline(b, steps, 2, "reading a record")) < 0)
        return rc;
    rc = pg_step_rc(b, &steps[0], "locking the audit log");
    if (rc == 0)
        rc = pg_step_rc(b, &steps[1], "reading a record");
    PQclear(steps[0].res);
    return pg_held_row(out, b, steps[1].res, rc, fam, kind, id);
}

static int pg_get_for_write(clm_record *out, clm_store_backend *base, clm_record_kind kind,
                            const char *id)
{
    pg_backend *b = (pg_backend *)base;
    int rc, attempt = 0;
    do
        rc = pg_get_for_write_once(out, b, kind, id);
    while (pg_retry(b, rc, &attempt));
    return rc;
}

/* After a write matched no row: CLM_ENOTFOUND or CLM_ECONFLICT, saying
 * which version is stored. */
static int pg_why_not(pg_backend *b, int fam, clm_record_kind kind, const char *id,
                      int64_t expected)
{
    char name[32];
    int rc = pg_prepare_rec(b, fam, ST_VERSION, name);
    if (rc < 0)
        return rc;
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(kind));
    pp_text(&p, id);
    PGresult *res = NULL;
    if ((rc = pg_run(b, &res, name, &p, "reading a record's version")) < 0)
        return rc;
    int64_t stored = 0;
    bool found = PQntuples(res) == 1 && col_int8(res, 0, 0, &stored);
    PQclear(res);
    if (!found)
        return clm_core__fail_at(CLM_ENOTFOUND, "id", "postgresql", 0, "postgres: no %s '%.64s'",
                            clm_record_kind_name(kind), id);
    return clm_core__fail_at(CLM_ECONFLICT, "version", "postgresql", 0,
                        "postgres: %s '%.64s' was changed by someone else: version %lld was "
                        "expected, %lld is stored",
                        clm_record_kind_name(kind), id, (long long)expected, (long long)stored);
}

static int pg_put(int64_t *out, clm_store_backend *base, const clm_record *rec)
{
    pg_backend *b = (pg_backend *)base;
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    if (rec->version == INT64_MAX)
        return clm_core__fail_at(CLM_EOVERFLOW, "version", "postgresql", 0,
                            "postgres: %s '%.64s' is at the last version there is",
                            clm_record_kind_name(rec->kind), rec->id);
    int fam = clm_store__kind_family(rec->kind);
    bool create = rec->version == 0;
    char name[32];
    if ((rc = pg_prepare_rec(b, fam, create ? ST_INSERT : ST_UPDATE, name)) < 0)
        return rc;
    pg_params p = { 0 };
    pp_record(&p, rec);
    if (!create)
        pp_int8(&p, rec->version);
    PGresult *res = NULL;
    rc = pg_write(b, &res, name, &p, create ? "inserting a record" : "updating a record");
    if (rc < 0)
        return rc;
    long n = pg_affected(res);
    PQclear(res);
    if (n == 1) {
        *out = rec->version + 1;
        return 0;
    }
    if (create)
        return clm_core__fail_at(CLM_EEXISTS, "id", "postgresql", 0,
                            "postgres: %s '%.64s' exists already",
                            clm_record_kind_name(rec->kind), rec->id);
    return pg_why_not(b, fam, rec->kind, rec->id, rec->version);
}

static int pg_del(clm_store_backend *base, clm_record_kind kind, const char *id, int64_t version)
{
    pg_backend *b = (pg_backend *)base;
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    int fam = clm_store__kind_family(kind);
    char name[32];
    if ((rc = pg_prepare_rec(b, fam, ST_DELETE, name)) < 0)
        return rc;
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(kind));
    pp_text(&p, id);
    pp_int8(&p, version);
    PGresult *res = NULL;
    if ((rc = pg_write(b, &res, name, &p, "deleting a record")) < 0)
        return rc;
    long n = pg_affected(res);
    PQclear(res);
    return n == 1 ? 0 : pg_why_not(b, fam, kind, id, version);
}

/* Appends the filter's conditions to p's parameters (in mask-bit order,
 * as pg_prepare_scan numbers them) and returns their mask. */
static unsigned pp_filter(pg_params *p, const clm_store_filter *f)
{
    unsigned mask = 0;
    const char *texts[] = { f->client_id, f->manager, f->state, f->category };
    static const unsigned bits[] = { F_CLIENT, F_MANAGER, F_STATE, F_CATEGORY };
    for (int i = 0; i < 4; i++) {
        if (texts[i] != NULL) {
            mask |= bits[i];
            pp_text(p, texts[i]);
        }
    }
    if (f->due_from != CLM_RECORD_NO_DUE) {
        mask |= F_FROM;
        pp_date(p, f->due_from);
    }
    if (f->due_to != CLM_RECORD_NO_DUE) {
        mask |= F_TO;
        pp_date(p, f->due_to);
    }
    return mask;
}

/*
 * A due range through the due index (postgres_scan_sql.h): counts the
 * matches up to CLM_STORE__PG_DUE_MAX + 1 and, when there are no more
 * than CLM_STORE__PG_DUE_MAX, reads them all in one statement in id
 * order and delivers them (*done = true; *stop = the callback's nonzero
 * value, if it stopped). Returns 0 or a backend error. A wider range leaves *done false, and the caller walks the
 * kind in id order. Outside a transaction both statements see the scan's
 * one snapshot; inside a READ COMMITTED transaction the range may have
 * grown between them, so a read of more than CLM_STORE__PG_DUE_MAX
 * rows is dropped undelivered and the walk answers instead.
 */
static int pg_scan_due(pg_backend *b, int fam, const clm_store_filter *f, clm_record_cb cb,
                       void *payload, bool *delivered, int *stop, bool *done)
{
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(f->kind));
    unsigned mask = pp_filter(&p, f);
    char name[40];
    PGresult *res = NULL;
    int rc = pg_prepare_scan(b, fam, mask, CLM_STORE__PG_DUE_PROBE, name);
    if (rc < 0 || (rc = pg_run(b, &res, name, &p, "measuring a due range")) < 0)
        return rc;
    int64_t n = 0;
    bool ok = PQntuples(res) == 1 && col_int8(res, 0, 0, &n);
    PQclear(res);
    if (!ok)
        return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                                 "postgres: the due range's count gave no number");
    if (n > CLM_STORE__PG_DUE_MAX)
        return 0;
    if ((rc = pg_prepare_scan(b, fam, mask, CLM_STORE__PG_DUE_NARROW, name)) < 0 ||
        (rc = pg_run(b, &res, name, &p, "scanning a due range")) < 0)
        return rc;
    int rows = PQntuples(res);
    if (rows <= CLM_STORE__PG_DUE_MAX) {
        *done = true;
        for (int i = 0; i < rows && *stop == 0 && rc == 0; i++) {
            clm_record r;
            rc = pg_row(&r, res, i, fam);
            if (rc == 0) {
                *delivered = true;
                *stop = cb(&r, payload);
            }
        }
    }
    PQclear(res);
    return rc;
}

/*
 * Pages of PG_PAGE rows in id order, each starting after the last id of
 * the one before (keyset pagination: no cursor, no OFFSET); a narrow due
 * range in one statement instead (pg_scan_due). Outside a transaction
 * the statements run in one REPEATABLE READ READ ONLY transaction, so the
 * scan sees one state of the database.
 */
static int pg_scan_once(pg_backend *b, const clm_store_filter *f, clm_record_cb cb,
                        void *payload, bool *delivered)
{
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    int fam = clm_store__kind_family(f->kind);
    pg_params p = { 0 };
    char last[CLM_RECORD_ID_MAX + 1] = "";
    pp_text(&p, clm_record_kind_name(f->kind));
    pp_text(&p, last);
    unsigned mask = pp_filter(&p, f);
    char name[40];
    if ((rc = pg_prepare_scan(b, fam, mask, CLM_STORE__PG_SCAN, name)) < 0)
        return rc;
    bool wrap = b->depth == 0;
    if (wrap && (rc = pg_exec(b, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                              "beginning a scan")) < 0)
        return rc;
    int stop = 0;
    bool done = false;
    if (clm_store__pg_due_adaptive(mask))
        rc = pg_scan_due(b, fam, f, cb, payload, delivered, &stop, &done);
    while (rc == 0 && !done) {
        PGresult *res = NULL;
        if ((rc = pg_run(b, &res, name, &p, "scanning records")) < 0)
            break;
        int n = PQntuples(res);
        for (int i = 0; i < n && stop == 0 && rc == 0; i++) {
            clm_record r;
            rc = pg_row(&r, res, i, fam);
            if (rc == 0) {
                *delivered = true;
                stop = cb(&r, payload);
            }
        }
        if (rc == 0 && stop == 0 && n == PG_PAGE) {
            snprintf(last, sizeof last, "%s", PQgetvalue(res, n - 1, 1));
            PQclear(res);
            continue;
        }
        PQclear(res);
        break;
    }
    if (wrap) {
        if (rc == 0) {
            int rc2 = pg_exec(b, "COMMIT", "ending a scan");
            if (stop == 0)
                rc = rc2;
        } else {
            PQclear(PQexec(b->conn, "ROLLBACK"));
        }
    }
    return rc < 0 ? rc : stop;
}

static int pg_scan(clm_store_backend *base, const clm_store_filter *f, clm_record_cb cb,
                   void *payload)
{
    pg_backend *b = (pg_backend *)base;
    bool delivered = false;
    int rc, attempt = 0;
    do
        rc = pg_scan_once(b, f, cb, payload, &delivered);
    while (!delivered && pg_retry(b, rc, &attempt));
    return rc;
}

static int pg_count_once(int64_t *out, pg_backend *b, const clm_store_filter *f)
{
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    int fam = clm_store__kind_family(f->kind);
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(f->kind));
    unsigned mask = pp_filter(&p, f);
    char name[40];
    if ((rc = pg_prepare_scan(b, fam, mask, 1, name)) < 0)
        return rc;
    PGresult *res = NULL;
    if ((rc = pg_run(b, &res, name, &p, "counting records")) < 0)
        return rc;
    int64_t n;
    bool ok = PQntuples(res) == 1 && col_int8(res, 0, 0, &n);
    PQclear(res);
    if (!ok)
        return clm_core__fail_at(CLM_EIO, "", "postgresql", 0, "postgres: count(*) gave no number");
    *out = n;
    return 0;
}

static int pg_count(int64_t *out, clm_store_backend *base, const clm_store_filter *f)
{
    pg_backend *b = (pg_backend *)base;
    int rc, attempt = 0;
    do
        rc = pg_count_once(out, b, f);
    while (pg_retry(b, rc, &attempt));
    return rc;
}

/* ---- transactions -------------------------------------------------------- */

static int pg_begin_once(pg_backend *b, unsigned int depth)
{
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    if (depth == 0 || depth > CLM__STORE_DEPTH_MAX || depth != b->depth + 1)
        return clm_core__fail(CLM_EINVAL, "postgres: begin(%u) with %u levels open", depth, b->depth);
    char sql[64];
    if (depth == 1)
        snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL READ COMMITTED");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT clm_%u", depth);
    if ((rc = pg_exec(b, sql, depth == 1 ? "beginning a transaction" : "opening a savepoint")) < 0)
        return rc;
    b->depth = depth;
    b->dirty[depth] = false;
    return 0;
}

static int pg_begin(clm_store_backend *base, unsigned int depth)
{
    pg_backend *b = (pg_backend *)base;
    int rc, attempt = 0;
    do
        rc = pg_begin_once(b, depth);
    while (pg_retry(b, rc, &attempt));
    return rc;
}

static int pg_commit(clm_store_backend *base, unsigned int depth)
{
    pg_backend *b = (pg_backend *)base;
    pg_release(b);
    if (depth == 0 || depth != b->depth)
        return clm_core__fail(CLM_EINVAL, "postgres: commit(%u) with %u levels open", depth, b->depth);
    if (depth > 1) {
        /* On failure the store rolls the level back (rollback(depth)). */
        char sql[64];
        snprintf(sql, sizeof sql, "RELEASE SAVEPOINT clm_%u", depth);
        int rc = b->lost_in_tx ? pg_ready(b) : pg_exec(b, sql, "releasing a savepoint");
        if (rc < 0)
            return rc;
        b->depth = depth - 1;
        b->dirty[depth - 1] = b->dirty[depth - 1] || b->dirty[depth];
        return 0;
    }
    /* The outermost level: whatever happens, the transaction ends here.
     * A session the server already ended is noticed before COMMIT is sent,
     * so that the answer can be "nothing was written", not "unknown". */
    b->depth = 0;
    pg_check_alive(b);
    if (b->lost_in_tx || PQstatus(b->conn) == CONNECTION_BAD) {
        b->lost_in_tx = false;
        return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                            "postgres: the connection was lost inside the transaction; the "
                            "server rolled it back and nothing of it was written");
    }
    if (PQtransactionStatus(b->conn) == PQTRANS_INERROR) {
        PQclear(PQexec(b->conn, "ROLLBACK"));
        return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                            "postgres: an earlier statement failed and aborted the transaction; "
                            "it was rolled back and nothing of it was written");
    }
    PGresult *r = PQexec(b->conn, "COMMIT");
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        if (PQstatus(b->conn) == CONNECTION_BAD)
            rc = clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                              "postgres: the connection was lost during COMMIT: whether the "
                              "transaction was written is unknown (check before retrying)");
        else
            rc = pg_fail(b, r, "committing");
    } else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
        rc = clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                          "postgres: the server rolled the transaction back at COMMIT (%s)",
                          PQcmdStatus(r));
    }
    PQclear(r);
    if (rc < 0 && PQtransactionStatus(b->conn) != PQTRANS_IDLE &&
        PQstatus(b->conn) == CONNECTION_OK)
        PQclear(PQexec(b->conn, "ROLLBACK"));
    return rc;
}

static int pg_rollback(clm_store_backend *base, unsigned int depth)
{
    pg_backend *b = (pg_backend *)base;
    pg_release(b);
    if (depth == 0 || depth != b->depth)
        return clm_core__fail(CLM_EINVAL, "postgres: rollback(%u) with %u levels open", depth, b->depth);
    b->depth = depth - 1;
    if (b->lost_in_tx || PQstatus(b->conn) == CONNECTION_BAD) {
        if (depth > 1)
            return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                                "postgres: the connection was lost; the server rolled the "
                                "whole transaction back");
        /* The server ended the transaction with the connection: nothing of
         * it is stored, which is what rollback(1) promises. */
        b->lost_in_tx = false;
        return 0;
    }
    char sql[96];
    if (depth == 1)
        snprintf(sql, sizeof sql, "ROLLBACK");
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT clm_%u; RELEASE SAVEPOINT clm_%u",
                 depth, depth);
    int rc = pg_exec(b, sql, "rolling back");
    if (rc < 0 && depth == 1 && PQstatus(b->conn) == CONNECTION_BAD)
        return 0; /* as above: the server rolled it back */
    return rc;
}

/* ---- the audit log ------------------------------------------------------- */

static int pg_audit_append(int64_t *out, clm_store_backend *base, const clm_audit_entry *e)
{
    pg_backend *b = (pg_backend *)base;
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    /* The store appends only inside a level it opened for the change and
     * rolls that level back if the append fails, so no savepoint here; a
     * caller outside any transaction still gets one (the lock must last
     * until the commit). */
    bool own = b->depth == 0;
    void *before = NULL, *after = NULL;
    size_t before_len = 0, after_len = 0;
    if (e->before != NULL && (rc = clm_record_encode(&before, &before_len, e->before)) < 0)
        return rc;
    if (e->after != NULL && (rc = clm_record_encode(&after, &after_len, e->after)) < 0) {
        clm_core__free(before);
        return rc;
    }
    const char *lock, *insert;
    if ((rc = pg_prepare_audit(b, ST_AUDIT_LOCK, &lock)) == 0)
        rc = pg_prepare_audit(b, ST_AUDIT_INSERT, &insert);
    if (rc == 0 && own)
        rc = pg_exec(b, "BEGIN ISOLATION LEVEL READ COMMITTED", "beginning an audit append");
    PGresult *res = NULL;
    pg_params p = { 0 };
    if (rc == 0) {
        pp_int8(&p, e->actor.at);
        pp_text(&p, e->actor.user);
        pp_text(&p, e->actor.role);
        pp_text(&p, clm_store__audit_op_name(e->op));
        pp_text(&p, clm_record_kind_name(e->kind));
        pp_text(&p, e->id);
        pp_int8(&p, e->version);
        pp_text(&p, e->note != NULL ? e->note : "");
        if (before != NULL)
            pp_bytes(&p, before, before_len);
        else
            pp_null(&p);
        if (after != NULL)
            pp_bytes(&p, after, after_len);
        else
            pp_null(&p);
        /* The lock, then the insert in a statement of its own (its snapshot
         * is taken once the lock is held): one round trip. */
        pg_step steps[2] = { { NULL, lock, NULL, NULL }, { NULL, insert, &p, NULL } };
        rc = pg_pipeline(b, steps, 2, "appending to the audit log");
        if (rc == 0 && (rc = pg_step_rc(b, &steps[0], "locking the audit log")) == 0)
            rc = pg_step_rc(b, &steps[1], "appending to the audit log");
        PQclear(steps[0].res);
        if (rc == 0)
            res = steps[1].res;
        else
            PQclear(steps[1].res);
    }
    clm_core__free(before);
    clm_core__free(after);
    int64_t seq = 0;
    if (rc == 0 && !(PQntuples(res) == 1 && col_int8(res, 0, 0, &seq)))
        rc = clm_core__fail_at(CLM_EIO, "", "postgresql", 0, "postgres: the audit append returned no seq");
    PQclear(res);
    if (own) {
        if (rc == 0)
            rc = pg_exec(b, "COMMIT", "committing an audit append");
        else
            PQclear(PQexec(b->conn, "ROLLBACK"));
    } else if (rc == 0) {
        b->dirty[b->depth] = true;
    }
    if (rc < 0)
        return rc;
    *out = seq;
    return 0;
}

/* Decodes an audit row; *before / *after are new records the caller frees. */
static int pg_audit_row(clm_audit_entry *e, clm_record **before, clm_record **after,
                        const PGresult *res, int row)
{
    bool ok = true;
    clm_audit_entry x;
    memset(&x, 0, sizeof x);
    const char *op = col_text(res, row, 4, &ok), *kind = col_text(res, row, 5, &ok);
    x.actor.user = col_text(res, row, 2, &ok);
    x.actor.role = col_text(res, row, 3, &ok);
    x.id = col_text(res, row, 6, &ok);
    x.note = col_text(res, row, 8, &ok);
    if (!ok || !col_int8(res, row, 0, &x.seq) || !col_int8(res, row, 1, &x.actor.at) ||
        !col_int8(res, row, 7, &x.version) || op == NULL || kind == NULL || x.id == NULL ||
        x.actor.user == NULL || x.actor.role == NULL || x.note == NULL ||
        clm_store__audit_op_from_name(&x.op, op) < 0 || clm_record_kind_from_name(&x.kind, kind) < 0)
        return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                            "postgres: a row of clm_audit is not a libclm audit entry");
    clm_record *img[2] = { NULL, NULL };
    for (int i = 0; i < 2; i++) {
        int col = 9 + i;
        if (PQgetisnull(res, row, col))
            continue;
        int rc = clm_record_decode(&img[i], PQgetvalue(res, row, col),
                                   (size_t)PQgetlength(res, row, col));
        if (rc < 0) {
            clm_record_free(img[0]);
            if (rc == CLM_ENOMEM)
                return rc;
            return clm_core__fail_at(CLM_EIO, "", "postgresql", 0,
                                "postgres: audit entry %lld holds a damaged record image",
                                (long long)x.seq);
        }
    }
    x.before = img[0];
    x.after = img[1];
    *e = x;
    *before = img[0];
    *after = img[1];
    return 0;
}

/* Pages of entries in seq order; the log is append-only and its seqs are
 * in commit order, so paging on seq needs no snapshot to be consistent. */
static int pg_audit_scan_once(pg_backend *b, const clm_audit_filter *f, clm_audit_cb cb,
                              void *payload, bool *delivered)
{
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    int st = f == NULL || f->kind == 0 ? ST_AUDIT_ALL : f->id == NULL ? ST_AUDIT_KIND : ST_AUDIT_ID;
    const char *name;
    if ((rc = pg_prepare_audit(b, st, &name)) < 0)
        return rc;
    int64_t from = f != NULL && f->from_seq > 1 ? f->from_seq : 1;
    int stop = 0;
    for (;;) {
        pg_params p = { 0 };
        pp_int8(&p, from);
        if (st != ST_AUDIT_ALL)
            pp_text(&p, clm_record_kind_name(f->kind));
        if (st == ST_AUDIT_ID)
            pp_text(&p, f->id);
        PGresult *res = NULL;
        if ((rc = pg_run(b, &res, name, &p, "scanning the audit log")) < 0)
            return rc;
        int n = PQntuples(res);
        int64_t seq = from;
        for (int i = 0; i < n && rc == 0 && stop == 0; i++) {
            clm_audit_entry e;
            clm_record *before = NULL, *after = NULL;
            rc = pg_audit_row(&e, &before, &after, res, i);
            if (rc == 0) {
                seq = e.seq;
                *delivered = true;
                stop = cb(&e, payload);
                clm_record_free(before);
                clm_record_free(after);
            }
        }
        PQclear(res);
        if (rc < 0)
            return rc;
        if (stop != 0)
            return stop;
        if (n < PG_PAGE || seq == INT64_MAX)
            return 0;
        from = seq + 1;
    }
}

static int pg_audit_scan(clm_store_backend *base, const clm_audit_filter *f, clm_audit_cb cb,
                         void *payload)
{
    pg_backend *b = (pg_backend *)base;
    bool delivered = false;
    int rc, attempt = 0;
    do
        rc = pg_audit_scan_once(b, f, cb, payload, &delivered);
    while (!delivered && pg_retry(b, rc, &attempt));
    return rc;
}

/* ---- lookup keys ------------------------------------------------------------ */

static int pg_prepare_keys(pg_backend *b, int st, const char **name)
{
    static const char *const names[ST_KEYS_N] = {
        "clm_keys_del", "clm_keys_ins", "clm_keys_exact", "clm_keys_range", "clm_keys_name",
        "clm_keys_all",
    };
    static const char *const sql[ST_KEYS_N] = {
        "DELETE FROM clm_keys WHERE kind = $1 AND id = $2",
        "INSERT INTO clm_keys (kind, name, value, id) VALUES ($1, $2, $3, $4)",
        "SELECT id, name, value FROM clm_keys WHERE kind = $1 AND name = $2 AND value = $3"
        " ORDER BY value, id",
        "SELECT id, name, value FROM clm_keys WHERE kind = $1 AND name = $2 AND value >= $3"
        " AND value < $4 ORDER BY value, id",
        "SELECT id, name, value FROM clm_keys WHERE kind = $1 AND name = $2 ORDER BY value, id",
        "SELECT id, name, value FROM clm_keys WHERE kind = $1 ORDER BY name, value, id",
    };
    static const int nparams[ST_KEYS_N] = { 2, 4, 3, 4, 2, 1 };
    static const unsigned int types[] = { PG_TEXT, PG_TEXT, PG_TEXT, PG_TEXT };
    *name = names[st];
    return pg_prepare(b, &b->prepared_keys, 1ull << st, names[st], sql[st], nparams[st], types);
}

/* The store calls this inside a transaction: the delete and the inserts
 * are undone together by its rollback. */
static int pg_keys_set(clm_store_backend *base, clm_record_kind kind, const char *id,
                       const clm_record_key *keys, size_t n)
{
    pg_backend *b = (pg_backend *)base;
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    int fam = clm_store__kind_family(kind);
    char vname[32];
    if ((rc = pg_prepare_rec(b, fam, ST_VERSION, vname)) < 0)
        return rc;
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(kind));
    pp_text(&p, id);
    PGresult *res = NULL;
    if ((rc = pg_run(b, &res, vname, &p, "reading a record's version")) < 0)
        return rc;
    int found = PQntuples(res) == 1;
    PQclear(res);
    if (!found)
        return clm_core__fail_at(CLM_ENOTFOUND, "id", "postgresql", 0, "postgres: no %s '%.64s'",
                                 clm_record_kind_name(kind), id);
    const char *del, *ins;
    if ((rc = pg_prepare_keys(b, ST_KEYS_DEL, &del)) < 0 ||
        (rc = pg_prepare_keys(b, ST_KEYS_INS, &ins)) < 0)
        return rc;
    if ((rc = pg_write(b, &res, del, &p, "deleting lookup keys")) < 0)
        return rc;
    PQclear(res);
    for (size_t i = 0; i < n; i++) {
        pg_params k = { 0 };
        pp_text(&k, clm_record_kind_name(kind));
        pp_text(&k, keys[i].name);
        pp_text(&k, keys[i].value);
        pp_text(&k, id);
        if ((rc = pg_write(b, &res, ins, &k, "writing a lookup key")) < 0)
            return rc;
        PQclear(res);
    }
    return 0;
}

static int pg_keys_find_once(pg_backend *b, clm_record_kind kind, const char *name,
                             const char *value, clm_key_match match, clm_key_cb cb,
                             void *payload, bool *delivered)
{
    int rc = pg_ready(b);
    if (rc < 0)
        return rc;
    char *upper = NULL;
    if (name != NULL && match == CLM_KEY_PREFIX && value[0] != '\0' &&
        clm_store__prefix_upper(&upper, value) < 0)
        return CLM_ENOMEM;
    int which = name == NULL ? ST_KEYS_ALL
              : match == CLM_KEY_EXACT ? ST_KEYS_EXACT
              : upper != NULL ? ST_KEYS_RANGE : ST_KEYS_NAME;
    const char *sname;
    if ((rc = pg_prepare_keys(b, which, &sname)) < 0) {
        clm_core__free(upper);
        return rc;
    }
    pg_params p = { 0 };
    pp_text(&p, clm_record_kind_name(kind));
    if (which != ST_KEYS_ALL)
        pp_text(&p, name);
    if (which == ST_KEYS_EXACT || which == ST_KEYS_RANGE)
        pp_text(&p, value);
    if (which == ST_KEYS_RANGE)
        pp_text(&p, upper);
    PGresult *res = NULL;
    rc = pg_run(b, &res, sname, &p, "looking up keys");
    clm_core__free(upper);
    if (rc < 0)
        return rc;
    size_t len = strlen(value);
    int stop = 0;
    for (int i = 0, n = PQntuples(res); i < n && stop == 0; i++) {
        bool ok = true;
        const char *id = col_text(res, i, 0, &ok), *kn = col_text(res, i, 1, &ok),
                   *kv = col_text(res, i, 2, &ok);
        if (!ok || id == NULL || kn == NULL || kv == NULL) {
            PQclear(res);
            return clm_core__fail_at(CLM_EIO, "clm_keys", "postgresql", 0,
                                     "postgres: a lookup key row is not text");
        }
        if (which == ST_KEYS_NAME && strncmp(kv, value, len) != 0)
            continue;
        *delivered = true;
        stop = cb(id, kn, kv, payload);
    }
    PQclear(res);
    return stop;
}

static int pg_keys_find(clm_store_backend *base, clm_record_kind kind, const char *name,
                        const char *value, clm_key_match match, clm_key_cb cb, void *payload)
{
    pg_backend *b = (pg_backend *)base;
    bool delivered = false;
    int rc, attempt = 0;
    do
        rc = pg_keys_find_once(b, kind, name, value, match, cb, payload, &delivered);
    while (!delivered && pg_retry(b, rc, &attempt));
    return rc;
}

/* ---- opening ------------------------------------------------------------- */

static void pg_free(clm_store_backend *base)
{
    pg_backend *b = (pg_backend *)base;
    if (b == NULL)
        return;
    pg_release(b);
    PQfinish(b->conn);
    clm_core__free(b);
}

int clm_store_backend_postgres_new(clm_store_backend **out, const char *conninfo)
{
    if (out == NULL || conninfo == NULL)
        return clm_core__fail(CLM_EINVAL, "postgres: %s is NULL", out == NULL ? "out" : "conninfo");
    /* Parse first, so a malformed string is CLM_EINVAL, not a failure to
     * connect. libpq's message quotes the option, never its value. */
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
    if (opts == NULL) {
        int rc;
        if (err == NULL) {
            rc = clm_core__oom("parsing the connection string");
        } else {
            char text[256];
            pg_flatten(text, sizeof text, err);
            rc = clm_core__fail_at(CLM_EINVAL, "conninfo", "postgresql", 0,
                              "postgres: bad connection string: %s", text);
        }
        PQfreemem(err);
        return rc;
    }
    PQconninfoFree(opts);

    pg_backend *b = clm_core__calloc(1, sizeof *b);
    if (b == NULL)
        return clm_core__oom("PostgreSQL backend");
    clm_store_backend_init(&b->parent, CLM_STORE_BACKEND_VERSION);
    b->parent.get = pg_get;
    b->parent.get_for_write = pg_get_for_write;
    b->parent.put = pg_put;
    b->parent.del = pg_del;
    b->parent.scan = pg_scan;
    b->parent.begin = pg_begin;
    b->parent.commit = pg_commit;
    b->parent.rollback = pg_rollback;
    b->parent.audit_append = pg_audit_append;
    b->parent.audit_scan = pg_audit_scan;
    b->parent.count = pg_count;
    b->parent.free = pg_free;
    b->parent.keys_set = pg_keys_set;
    b->parent.keys_find = pg_keys_find;

    b->conn = PQconnectdb(conninfo);
    int rc;
    if (b->conn == NULL)
        rc = clm_core__oom("PostgreSQL connection");
    else if (PQstatus(b->conn) != CONNECTION_OK)
        rc = pg_fail(b, NULL, "connecting");
    else if ((rc = pg_session(b)) == 0)
        rc = pg_migrate(b);
    if (rc < 0) {
        pg_free(&b->parent);
        return rc;
    }
    *out = &b->parent;
    return 0;
}
