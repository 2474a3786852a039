/*
 * sqlite.c — the SQLite backend: one database file is all a user gives.
 *
 * Layout (schema version 2). Records live in one table per family of kinds
 * (clm_store__kind_table(): clm_clients, clm_activities, clm_policies,
 * clm_deals, clm_claims, clm_ledger), each with a `kind` column and real
 * columns for the indexed fields, so a user's reports can query them:
 *
 *   kind TEXT, id TEXT, version INTEGER, client_id, manager, state, name,
 *   category TEXT, due TEXT ('YYYY-MM-DD', sorts as a date), amount INTEGER
 *   (minor units), currency TEXT, body BLOB; PRIMARY KEY (kind, id),
 *   WITHOUT ROWID, partial indexes on each queried field.
 *
 * The audit log is clm_audit (seq INTEGER PRIMARY KEY, at, actor_user,
 * actor_role, op, kind, id, version, note, before BLOB, after BLOB) with
 * triggers that refuse UPDATE and DELETE: append-only even for other
 * programs that share the file. before/after are clm_record_encode() images.
 * clm_schema_version holds the layout's version. migrations[] below brings
 * a file from version n - 1 to n; a new file is version 0 and replays them
 * all, exactly as an older file does from its own version, in one
 * transaction (so a new file and a migrated one cannot drift apart; the
 * PostgreSQL backend does the same). Schema 1 lacked the category column
 * and the audit note, and had no append-only triggers; a new file has the
 * columns in the order the migrations add them, so read them by name.
 * Schema 3 added the lookup keys (store_keys.h): clm_keys (kind, name,
 * value, id) WITHOUT ROWID with that primary key, so an exact value or a
 * prefix (value >= p AND value < p with its last byte raised) is one range
 * of the key's own b-tree; an index on (kind, id) finds a record's keys,
 * and a trigger on each record table deletes them with the record.
 * Schema 4 added clm_audit.before_seq: an entry whose before image is,
 * byte for byte, the after image of the record's latest entry (an update
 * or a delete after an audited write, the usual case) names that entry
 * there and leaves `before` NULL, and reading gives the image back from
 * it; an update's entry so holds one image, not two. The bytes are
 * compared when the entry is written, so a record changed without an
 * entry in between (clm_store_put(), another program) gets its before
 * image in full, as every entry did before.
 * tests/data/sqlite/ holds a file written at each version, and
 * tests/store_sqlite_test.c opens each.
 *
 * Durability: WAL mode (readers do not block the writer; several processes
 * may share the file) with synchronous=FULL, so a committed transaction
 * survives a crash of the process and of the machine. Every statement is
 * prepared once per connection and reused; the filtered scans are prepared
 * on first use, one per combination of conditions (sqlite_scan_sql.h: a
 * condition on the client reads the client index). Writers wait for each
 * other up to the busy timeout (sqlite3_busy_timeout), then get CLM_EBUSY;
 * a transaction takes the write lock at its start (BEGIN IMMEDIATE), so it
 * never fails later on a lock upgrade.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "clm/date.h"
#include "core/core.h"
#include "sqlite_scan_sql.h"
#include "store_internal.h"

#define SCHEMA_VERSION 4
#define NCOND CLM_STORE__SQLITE_NCOND

enum { FIELD_COLS = 11 }; /* id .. body in SELECTs */

typedef struct family {
    const char *table;
    sqlite3_stmt *get, *insert, *update, *del, *version_of;
    sqlite3_stmt *scan[1 << NCOND];
    sqlite3_stmt *count[1 << NCOND];
    sqlite3_stmt *walk[1 << NCOND];  /* a wide due range: the kind by its key */
    sqlite3_stmt *probe[1 << NCOND]; /* how wide a due range is (sqlite_scan_sql.h) */
} family;

typedef struct sq_backend {
    clm_store_backend parent;
    sqlite3 *db;
    family fam[CLM__STORE_FAMILIES];
    sqlite3_stmt *begin, *commit, *rollback;
    sqlite3_stmt *sp_open[CLM__STORE_DEPTH_MAX + 1];
    sqlite3_stmt *sp_release[CLM__STORE_DEPTH_MAX + 1];
    sqlite3_stmt *sp_undo[CLM__STORE_DEPTH_MAX + 1];
    sqlite3_stmt *audit_insert;
    sqlite3_stmt *audit_scan[3]; /* all; by kind; by kind and id */
    sqlite3_stmt *audit_last;    /* a record's latest entry: its seq and after image */
    sqlite3_stmt *audit_after;   /* the after image of entry seq */
    sqlite3_stmt *keys_of, *keys_del, *keys_ins; /* a record's keys; one key out; one in */
    sqlite3_stmt *keys_find[4]; /* exact; prefix; every value of a name; every key of a kind */
    char *scratch;               /* what get's record points into */
    size_t scratch_cap;
    char *kscratch;              /* a record's keys as keys_set read them */
    size_t kscratch_cap;
    /* The record this connection last wrote with a put inside the open
     * transaction, and not deleted or rolled back since: keys_set after
     * it knows the record is there without reading its version. */
    clm_record_kind put_kind;    /* 0: none */
    char put_id[CLM_RECORD_ID_MAX + 1];
    /* That put inserted the record, and no keys_set has run for it since:
     * it has no keys (the delete trigger took a former record's keys with
     * it, and keys are written only by keys_set of a stored record), so
     * keys_set need not read them. */
    bool put_fresh;
    char path[256];              /* for messages (truncated) */
    unsigned int depth;          /* transaction levels open, as the store sees them */
    /* SQLite rolled back the whole open transaction after an error (a full
     * disk, an I/O error, no memory): every call but rollback fails until
     * the caller rolls back, so no later write is committed on its own. */
    bool lost;
    char lost_why[160];
} sq_backend;

static sq_backend *sq(clm_store_backend *b)
{
    return (sq_backend *)b;
}

/* ---- errors ------------------------------------------------------------- */

static int code_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return CLM_EBUSY;
    case SQLITE_NOMEM:
        return CLM_ENOMEM;
    default:
        return CLM_EIO;
    }
}

static int sq_fail(sq_backend *s, int rc, const char *what)
{
    const char *msg = s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    /* SQLite rolls back the whole transaction, not only the statement, on
     * some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM: "Response To
     * Errors Within A Transaction", sqlite.org/lang_transaction.html). */
    if (s->depth > 0 && s->db != NULL && sqlite3_get_autocommit(s->db)) {
        if (!s->lost)
            snprintf(s->lost_why, sizeof s->lost_why, "%s: %s", what, msg);
        s->lost = true;
        return clm_store_backend_fail(code_of(rc),
                                      "sqlite store %s: %s: %s (%d); SQLite rolled back the whole "
                                      "transaction: roll it back before using the store again",
                                      s->path, what, msg, rc);
    }
    return clm_store_backend_fail(code_of(rc), "sqlite store %s: %s: %s (%d)", s->path, what, msg, rc);
}

/* Every call but rollback fails once SQLite has rolled the transaction back. */
static int lost_guard(sq_backend *s)
{
    if (!s->lost)
        return 0;
    return clm_store_backend_fail(CLM_EIO,
                                  "sqlite store %s: SQLite rolled back the whole transaction after "
                                  "an error (%s): roll it back before using the store again",
                                  s->path, s->lost_why);
}

static int prepare(sq_backend *s, sqlite3_stmt **out, const char *sql)
{
    if (*out != NULL)
        return 0;
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    if (rc != SQLITE_OK) {
        *out = NULL;
        return sq_fail(s, rc, "preparing a statement");
    }
    return 0;
}

/* Runs a statement that returns no row (or whose rows are ignored). */
static int run(sq_backend *s, sqlite3_stmt *st, const char *what)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : sq_fail(s, rc, what);
}

static int exec(sq_backend *s, const char *sql, const char *what)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sq_fail(s, rc, what);
}

/* ---- the schema --------------------------------------------------------- */

/* A record table as schema 1 made it (migrate_1_to_2 adds the category). */
static int create_family(sq_backend *s, const char *t)
{
    char sql[2048];
    snprintf(sql, sizeof sql,
             "CREATE TABLE %s ("
             " kind TEXT NOT NULL, id TEXT NOT NULL,"
             " version INTEGER NOT NULL CHECK (version >= 1),"
             " client_id TEXT, manager TEXT, state TEXT, name TEXT,"
             " due TEXT, amount INTEGER, currency TEXT, body BLOB,"
             " PRIMARY KEY (kind, id)) WITHOUT ROWID;"
             "CREATE INDEX %s_client ON %s (kind, client_id) WHERE client_id IS NOT NULL;"
             "CREATE INDEX %s_manager ON %s (kind, manager) WHERE manager IS NOT NULL;"
             "CREATE INDEX %s_state ON %s (kind, state) WHERE state IS NOT NULL;"
             "CREATE INDEX %s_due ON %s (kind, due) WHERE due IS NOT NULL;",
             t, t, t, t, t, t, t, t, t);
    return exec(s, sql, "creating the record tables");
}

static const char audit_triggers[] =
    "CREATE TRIGGER clm_audit_no_update BEFORE UPDATE ON clm_audit"
    " BEGIN SELECT RAISE(ABORT, 'clm_audit is append-only'); END;"
    "CREATE TRIGGER clm_audit_no_delete BEFORE DELETE ON clm_audit"
    " BEGIN SELECT RAISE(ABORT, 'clm_audit is append-only'); END;";

/* 0 -> 1: the version table, the audit log, one table per family of kinds. */
static int migrate_0_to_1(sq_backend *s)
{
    int rc = exec(s,
                  "CREATE TABLE clm_schema_version (version INTEGER NOT NULL);"
                  "INSERT INTO clm_schema_version VALUES (1);"
                  "CREATE TABLE clm_audit ("
                  " seq INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
                  " actor_user TEXT NOT NULL, actor_role TEXT NOT NULL,"
                  " op TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,"
                  " version INTEGER NOT NULL, before BLOB, after BLOB);"
                  "CREATE INDEX clm_audit_record ON clm_audit (kind, id);",
                  "creating schema 1");
    for (int f = 0; rc == 0 && f < CLM__STORE_FAMILIES; f++)
        rc = create_family(s, clm_store__family_tables[f]);
    return rc;
}

/* 1 -> 2: the category column (and its index) on every record table, the
 * audit note, and the append-only triggers. */
static int migrate_1_to_2(sq_backend *s)
{
    int rc = exec(s, "ALTER TABLE clm_audit ADD COLUMN note TEXT NOT NULL DEFAULT '';",
                  "migrating the audit log to schema 2");
    if (rc == 0)
        rc = exec(s, audit_triggers, "creating the audit triggers");
    for (int f = 0; rc == 0 && f < CLM__STORE_FAMILIES; f++) {
        const char *t = clm_store__family_tables[f];
        char sql[512];
        snprintf(sql, sizeof sql,
                 "ALTER TABLE %s ADD COLUMN category TEXT;"
                 "CREATE INDEX %s_category ON %s (kind, category) WHERE category IS NOT NULL;",
                 t, t, t);
        rc = exec(s, sql, "migrating the record tables to schema 2");
    }
    if (rc == 0)
        rc = exec(s, "UPDATE clm_schema_version SET version = 2;", "recording schema 2");
    return rc;
}

/* 2 -> 3: the lookup keys, and the triggers that delete a record's keys
 * with the record. */
static int migrate_2_to_3(sq_backend *s)
{
    int rc = exec(s,
                  "CREATE TABLE clm_keys ("
                  " kind TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
                  " id TEXT NOT NULL, PRIMARY KEY (kind, name, value, id)) WITHOUT ROWID;"
                  "CREATE INDEX clm_keys_record ON clm_keys (kind, id);",
                  "creating the lookup keys");
    for (int f = 0; rc == 0 && f < CLM__STORE_FAMILIES; f++) {
        const char *t = clm_store__family_tables[f];
        char sql[512];
        snprintf(sql, sizeof sql,
                 "CREATE TRIGGER %s_keys_gone AFTER DELETE ON %s BEGIN"
                 " DELETE FROM clm_keys WHERE kind = old.kind AND id = old.id; END;",
                 t, t);
        rc = exec(s, sql, "creating the key triggers");
    }
    if (rc == 0)
        rc = exec(s, "UPDATE clm_schema_version SET version = 3;", "recording schema 3");
    return rc;
}

/* 3 -> 4: an entry whose before image is byte for byte the after image
 * of an earlier entry names that entry (before_seq) instead of holding a
 * second copy. Entries already written keep their images. */
static int migrate_3_to_4(sq_backend *s)
{
    int rc = exec(s, "ALTER TABLE clm_audit ADD COLUMN before_seq INTEGER;",
                  "migrating the audit log to schema 4");
    if (rc == 0)
        rc = exec(s, "UPDATE clm_schema_version SET version = 4;", "recording schema 4");
    return rc;
}

/* migrations[n] brings the file from version n - 1 to n and records n. A
 * new version adds its function here and bumps SCHEMA_VERSION; never edit
 * a shipped one (files out there were made by it). */
static int (*const migrations[])(sq_backend *) = {
    NULL, migrate_0_to_1, migrate_1_to_2, migrate_2_to_3, migrate_3_to_4,
};
_Static_assert(sizeof migrations / sizeof migrations[0] == SCHEMA_VERSION + 1,
               "one migration per schema version");

/* *out = the file's schema version: 0 when it has no libclm tables. */
static int read_version(sq_backend *s, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT (SELECT count(*) FROM sqlite_master WHERE name ="
                                " 'clm_schema_version'),"
                                " (SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                " AND name LIKE 'clm\\_%' ESCAPE '\\')",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sq_fail(s, rc, "reading the schema (is it an SQLite database?)");
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sq_fail(s, rc, "reading the schema (is it an SQLite database?)");
    }
    int has_version = sqlite3_column_int(st, 0);
    int clm_tables = sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    if (!has_version) {
        if (clm_tables > 0)
            return clm_store_backend_fail(CLM_EIO,
                                          "sqlite store %s: has clm_ tables but no "
                                          "clm_schema_version: not a libclm database",
                                          s->path);
        *out = 0;
        return 0;
    }
    rc = sqlite3_prepare_v2(s->db, "SELECT version FROM clm_schema_version", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sq_fail(s, rc, "reading the schema version");
    rc = sqlite3_step(st);
    int v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    int more = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW || more != SQLITE_DONE || v < 1)
        return clm_store_backend_fail(CLM_EIO,
                                      "sqlite store %s: clm_schema_version must hold one version "
                                      ">= 1: not a libclm database",
                                      s->path);
    *out = v;
    return 0;
}

static int check_version(sq_backend *s, int v)
{
    if (v > SCHEMA_VERSION)
        return clm_store_backend_fail(CLM_EVERSION,
                                      "sqlite store %s: schema version %d is newer than this "
                                      "libclm knows (%d); upgrade libclm",
                                      s->path, v, SCHEMA_VERSION);
    return 0;
}

/* Creates (from version 0) or migrates the schema in one transaction. */
static int ensure_schema(sq_backend *s)
{
    int rc = exec(s, "BEGIN IMMEDIATE", "starting the schema check");
    if (rc < 0)
        return rc;
    int v = 0;
    rc = read_version(s, &v);
    if (rc == 0)
        rc = check_version(s, v);
    for (int next = v + 1; rc == 0 && next <= SCHEMA_VERSION; next++)
        rc = migrations[next](s);
    if (rc == 0)
        rc = exec(s, "COMMIT", "committing the schema");
    if (rc < 0 && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- statements ----------------------------------------------------------- */

#define SELECT_COLS CLM_STORE__SQLITE_SELECT_COLS

static int prepare_family(sq_backend *s, family *f)
{
    char sql[1024];
    int rc;
    snprintf(sql, sizeof sql, "SELECT " SELECT_COLS " FROM %s WHERE kind = ?1 AND id = ?2", f->table);
    if ((rc = prepare(s, &f->get, sql)) < 0)
        return rc;
    snprintf(sql, sizeof sql,
             "INSERT INTO %s (kind, id, version, client_id, manager, state, name, category,"
             " due, amount, currency, body) VALUES (?1, ?2, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
             f->table);
    if ((rc = prepare(s, &f->insert, sql)) < 0)
        return rc;
    snprintf(sql, sizeof sql,
             "UPDATE %s SET version = ?3 + 1, client_id = ?4, manager = ?5, state = ?6, name = ?7,"
             " category = ?8, due = ?9, amount = ?10, currency = ?11, body = ?12"
             " WHERE kind = ?1 AND id = ?2 AND version = ?3",
             f->table);
    if ((rc = prepare(s, &f->update, sql)) < 0)
        return rc;
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE kind = ?1 AND id = ?2 AND version = ?3", f->table);
    if ((rc = prepare(s, &f->del, sql)) < 0)
        return rc;
    snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE kind = ?1 AND id = ?2", f->table);
    return prepare(s, &f->version_of, sql);
}

static unsigned filter_mask(const clm_store_filter *f)
{
    unsigned m = 0;
    m |= f->client_id != NULL ? 1u : 0;
    m |= f->manager != NULL ? 2u : 0;
    m |= f->state != NULL ? 4u : 0;
    m |= f->category != NULL ? 8u : 0;
    m |= f->due_from != CLM_RECORD_NO_DUE ? 16u : 0;
    m |= f->due_to != CLM_RECORD_NO_DUE ? 32u : 0;
    return m;
}

/* ---- binding and reading records ------------------------------------------ */

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
    return v != NULL ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int bind_date(sqlite3_stmt *st, int i, clm_date d)
{
    if (d == CLM_RECORD_NO_DUE)
        return sqlite3_bind_null(st, i);
    char buf[CLM_DATE_FORMAT_MAX];
    if (clm_date_format(buf, sizeof buf, d) < 0)
        return SQLITE_MISUSE;
    return sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static int bind_key(sqlite3_stmt *st, clm_record_kind kind, const char *id)
{
    int rc = sqlite3_bind_text(st, 1, clm_record_kind_name(kind), -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    return rc;
}

static int bind_record(sqlite3_stmt *st, const clm_record *r)
{
    int rc = bind_key(st, r->kind, r->id);
    if (rc == SQLITE_OK) /* ?3 is the version read; INSERT leaves it unused */
        rc = sqlite3_bind_int64(st, 3, r->version);
    const char *texts[5] = { r->client_id, r->manager, r->state, r->name, r->category };
    for (int i = 0; rc == SQLITE_OK && i < 5; i++)
        rc = bind_text(st, 4 + i, texts[i]);
    if (rc == SQLITE_OK)
        rc = bind_date(st, 9, r->due);
    if (rc == SQLITE_OK) {
        if (r->amount.currency[0] != '\0') {
            rc = sqlite3_bind_int64(st, 10, r->amount.amount);
            if (rc == SQLITE_OK)
                rc = sqlite3_bind_text(st, 11, r->amount.currency, -1, SQLITE_STATIC);
        } else {
            rc = sqlite3_bind_null(st, 10);
            if (rc == SQLITE_OK)
                rc = sqlite3_bind_null(st, 11);
        }
    }
    if (rc == SQLITE_OK)
        rc = r->body_len > 0
                 ? sqlite3_bind_blob64(st, 12, r->body, (sqlite3_uint64)r->body_len, SQLITE_STATIC)
                 : sqlite3_bind_null(st, 12);
    return rc;
}

/* Fills *out from the current row (columns as SELECT_COLS) with pointers
 * into the statement's own column buffers: valid until the next step or
 * reset. */
static int row_view(sq_backend *s, sqlite3_stmt *st, clm_record_kind kind, clm_record *out)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = kind;
    r.id = (const char *)sqlite3_column_text(st, 0);
    r.version = sqlite3_column_int64(st, 1);
    const char **texts[5] = { &r.client_id, &r.manager, &r.state, &r.name, &r.category };
    for (int i = 0; i < 5; i++)
        *texts[i] = (const char *)sqlite3_column_text(st, 2 + i);
    const char *due = (const char *)sqlite3_column_text(st, 7);
    if (due != NULL && clm_date_parse(&r.due, due) < 0)
        return clm_store_backend_fail(CLM_EIO, "sqlite store %s: %s '%.64s' has a bad due '%.16s'",
                                      s->path, clm_record_kind_name(kind), r.id ? r.id : "", due);
    const char *cur = (const char *)sqlite3_column_text(st, 9);
    if (cur != NULL) {
        if (strlen(cur) != 3)
            return clm_store_backend_fail(CLM_EIO, "sqlite store %s: bad currency '%.8s'", s->path, cur);
        memcpy(r.amount.currency, cur, 4);
        r.amount.amount = sqlite3_column_int64(st, 8);
    }
    r.body = sqlite3_column_blob(st, 10);
    r.body_len = (size_t)sqlite3_column_bytes(st, 10);
    if (r.body_len == 0)
        r.body = NULL;
    if (r.id == NULL && sqlite3_errcode(s->db) == SQLITE_NOMEM)
        return clm_core__oom("sqlite column");
    if (r.id == NULL)
        return clm_store_backend_fail(CLM_EIO, "sqlite store %s: a record without an id", s->path);
    *out = r;
    return 0;
}

/* Copies a view into the backend's scratch buffer so it outlives the
 * statement (get's contract: valid until the next backend call). */
static int keep_view(sq_backend *s, clm_record *r)
{
    const char **strs[6] = { &r->id, &r->client_id, &r->manager, &r->state, &r->name, &r->category };
    size_t lens[6], total = r->body_len;
    for (int i = 0; i < 6; i++) {
        lens[i] = *strs[i] != NULL ? strlen(*strs[i]) + 1 : 0;
        total += lens[i];
    }
    if (clm_core__grow((void **)&s->scratch, &s->scratch_cap, total, 1, "sqlite store read buffer") < 0)
        return CLM_ENOMEM;
    char *p = s->scratch;
    for (int i = 0; i < 6; i++) {
        if (*strs[i] == NULL)
            continue;
        memcpy(p, *strs[i], lens[i]);
        *strs[i] = p;
        p += lens[i];
    }
    if (r->body_len > 0) {
        memcpy(p, r->body, r->body_len);
        r->body = p;
    }
    return 0;
}

/* ---- callbacks ------------------------------------------------------------ */

static family *fam_of(sq_backend *s, clm_record_kind kind)
{
    return &s->fam[clm_store__kind_family(kind)];
}

static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static int s_get(clm_record *out, clm_store_backend *b, clm_record_kind kind, const char *id)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    sqlite3_stmt *st = fam_of(s, kind)->get;
    int rc = bind_key(st, kind, id);
    if (rc != SQLITE_OK) {
        done(st);
        return sq_fail(s, rc, "binding a key");
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        done(st);
        return clm_store_backend_fail(CLM_ENOTFOUND, "sqlite store: no %s '%.64s'",
                                      clm_record_kind_name(kind), id);
    }
    if (rc != SQLITE_ROW) {
        int e = sq_fail(s, rc, "reading a record");
        done(st);
        return e;
    }
    clm_record r;
    int e = row_view(s, st, kind, &r);
    if (e == 0)
        e = keep_view(s, &r);
    done(st);
    if (e == 0)
        *out = r;
    return e;
}

/* The stored version of (kind, id) in *stored: 0, CLM_ENOTFOUND when
 * there is no such record, or the store's error. */
static int stored_version(sq_backend *s, family *f, clm_record_kind kind, const char *id,
                          int64_t *stored)
{
    sqlite3_stmt *st = f->version_of;
    int rc = bind_key(st, kind, id);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    *stored = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    done(st);
    if (rc == SQLITE_DONE)
        return clm_store_backend_fail(CLM_ENOTFOUND, "sqlite store: no %s '%.64s'",
                                      clm_record_kind_name(kind), id);
    if (rc != SQLITE_ROW)
        return sq_fail(s, rc, "reading a version");
    return 0;
}

/* After an UPDATE or DELETE that matched no row: which rule failed. */
static int why_no_row(sq_backend *s, family *f, clm_record_kind kind, const char *id, int64_t version)
{
    int64_t stored;
    int rc = stored_version(s, f, kind, id, &stored);
    if (rc < 0)
        return rc;
    return clm_store_backend_fail(CLM_ECONFLICT, "sqlite store: %s '%.64s' is at version %lld, not %lld",
                                  clm_record_kind_name(kind), id, (long long)stored,
                                  (long long)version);
}

static int s_put(int64_t *out, clm_store_backend *b, const clm_record *rec)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    family *f = fam_of(s, rec->kind);
    sqlite3_stmt *st = rec->version == 0 ? f->insert : f->update;
    int rc = bind_record(st, rec);
    if (rc != SQLITE_OK) {
        done(st);
        return sq_fail(s, rc, "binding a record");
    }
    rc = sqlite3_step(st);
    done(st);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return clm_store_backend_fail(CLM_EEXISTS, "sqlite store: %s '%.64s' exists already",
                                      clm_record_kind_name(rec->kind), rec->id);
    if (rc != SQLITE_DONE)
        return sq_fail(s, rc, "writing a record");
    if (rec->version > 0 && sqlite3_changes(s->db) == 0)
        return why_no_row(s, f, rec->kind, rec->id, rec->version);
    s->put_kind = (clm_record_kind)0;
    if (s->depth > 0 && strlen(rec->id) < sizeof s->put_id) {
        memcpy(s->put_id, rec->id, strlen(rec->id) + 1);
        s->put_kind = rec->kind;
        s->put_fresh = rec->version == 0;
    }
    *out = rec->version + 1;
    return 0;
}

static int s_del(clm_store_backend *b, clm_record_kind kind, const char *id, int64_t version)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    s->put_kind = (clm_record_kind)0;
    family *f = fam_of(s, kind);
    sqlite3_stmt *st = f->del;
    int rc = bind_key(st, kind, id);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 3, version);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    done(st);
    if (rc != SQLITE_DONE)
        return sq_fail(s, rc, "deleting a record");
    if (sqlite3_changes(s->db) == 0)
        return why_no_row(s, f, kind, id, version);
    return 0;
}

static int bind_filter(sqlite3_stmt *st, const clm_store_filter *flt)
{
    int rc = sqlite3_bind_text(st, 1, clm_record_kind_name(flt->kind), -1, SQLITE_STATIC);
    const char *texts[4] = { flt->client_id, flt->manager, flt->state, flt->category };
    for (int i = 0; rc == SQLITE_OK && i < 4; i++)
        if (texts[i] != NULL)
            rc = sqlite3_bind_text(st, 2 + i, texts[i], -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && flt->due_from != CLM_RECORD_NO_DUE)
        rc = bind_date(st, 6, flt->due_from);
    if (rc == SQLITE_OK && flt->due_to != CLM_RECORD_NO_DUE)
        rc = bind_date(st, 7, flt->due_to);
    return rc;
}

/* The statement of `form` (sqlite_scan_sql.h) for `flt`, prepared on first
 * use, with the filter bound; `probe` asks for the due probe instead. */
static int filtered_stmt(sq_backend *s, const clm_store_filter *flt, int form, int probe,
                         sqlite3_stmt **out)
{
    family *f = fam_of(s, flt->kind);
    unsigned m = filter_mask(flt);
    sqlite3_stmt **slot = probe                           ? &f->probe[m]
                          : form == CLM_STORE__SQLITE_COUNT ? &f->count[m]
                          : form == CLM_STORE__SQLITE_WALK  ? &f->walk[m]
                                                            : &f->scan[m];
    if (*slot == NULL) {
        char sql[1024];
        if (probe)
            clm_store__sqlite_due_probe_sql(sql, sizeof sql, f->table, m);
        else
            clm_store__sqlite_filter_sql(sql, sizeof sql, f->table, m, form);
        int rc = prepare(s, slot, sql);
        if (rc < 0)
            return rc;
    }
    int rc = bind_filter(*slot, flt);
    if (rc != SQLITE_OK) {
        done(*slot);
        return sq_fail(s, rc, "binding a filter");
    }
    *out = *slot;
    return 0;
}

/* The form of a scan of `flt`: for a due range alone, the probe's answer. */
static int scan_form(sq_backend *s, const clm_store_filter *flt, int *form)
{
    *form = CLM_STORE__SQLITE_SCAN;
    if (!clm_store__sqlite_due_adaptive(filter_mask(flt)))
        return 0;
    sqlite3_stmt *st;
    int rc = filtered_stmt(s, flt, CLM_STORE__SQLITE_COUNT, 1, &st);
    if (rc < 0)
        return rc;
    rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    done(st);
    if (rc != SQLITE_ROW)
        return sq_fail(s, rc, "measuring a due range");
    if (n >= CLM_STORE__SQLITE_DUE_NARROW)
        *form = CLM_STORE__SQLITE_WALK;
    return 0;
}

static int s_scan(clm_store_backend *b, const clm_store_filter *flt, clm_record_cb cb, void *payload)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    sqlite3_stmt *st;
    int form;
    int rc = scan_form(s, flt, &form);
    if (rc == 0)
        rc = filtered_stmt(s, flt, form, 0, &st);
    if (rc < 0)
        return rc;
    int ret = 0;
    for (;;) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            ret = sq_fail(s, rc, "scanning records");
            break;
        }
        clm_record r;
        if ((ret = row_view(s, st, flt->kind, &r)) != 0)
            break;
        if ((ret = cb(&r, payload)) != 0)
            break;
    }
    done(st);
    return ret;
}

static int s_count(int64_t *out, clm_store_backend *b, const clm_store_filter *flt)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    sqlite3_stmt *st;
    int rc = filtered_stmt(s, flt, CLM_STORE__SQLITE_COUNT, 0, &st);
    if (rc < 0)
        return rc;
    rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    done(st);
    if (rc != SQLITE_ROW)
        return sq_fail(s, rc, "counting records");
    *out = n;
    return 0;
}

/* ---- transactions ---------------------------------------------------------- */

enum sp_kind { SP_OPEN, SP_RELEASE, SP_UNDO };

/* The savepoint statement of `depth`, prepared on first use. */
static int savepoint_stmt(sq_backend *s, enum sp_kind k, unsigned depth, sqlite3_stmt **out)
{
    sqlite3_stmt **slot = k == SP_OPEN ? &s->sp_open[depth]
                          : k == SP_RELEASE ? &s->sp_release[depth] : &s->sp_undo[depth];
    char sql[64];
    if (k == SP_OPEN)
        snprintf(sql, sizeof sql, "SAVEPOINT clm_%u", depth);
    else if (k == SP_RELEASE)
        snprintf(sql, sizeof sql, "RELEASE clm_%u", depth);
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO clm_%u", depth);
    int rc = prepare(s, slot, sql);
    *out = *slot;
    return rc;
}

static int s_begin(clm_store_backend *b, unsigned int depth)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    int rc;
    if (depth == 1) {
        s->put_kind = (clm_record_kind)0;
        rc = run(s, s->begin, "BEGIN IMMEDIATE");
    } else if (depth > CLM__STORE_DEPTH_MAX) {
        return clm_store_backend_fail(CLM_ELIMIT, "sqlite store: nesting too deep");
    } else {
        sqlite3_stmt *st;
        rc = savepoint_stmt(s, SP_OPEN, depth, &st);
        if (rc == 0)
            rc = run(s, st, "SAVEPOINT");
    }
    if (rc == 0)
        s->depth = depth;
    return rc;
}

static int s_commit(clm_store_backend *b, unsigned int depth)
{
    sq_backend *s = sq(b);
    if (s->lost) {
        /* The store closes the level either way; at the outermost one the
         * transaction is over and nothing of it was written. */
        int rc = lost_guard(s);
        s->depth = depth - 1;
        s->lost = s->depth > 0;
        return rc;
    }
    if (depth == 1) {
        s->put_kind = (clm_record_kind)0;
        int rc = run(s, s->commit, "COMMIT");
        /* A COMMIT that fails may leave the transaction open (SQLITE_BUSY);
         * the contract says a failed commit(1) closes it with nothing written. */
        if (rc < 0 && !sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->depth = 0;
        s->lost = false;
        return rc;
    }
    sqlite3_stmt *st;
    int rc = savepoint_stmt(s, SP_RELEASE, depth, &st);
    if (rc == 0)
        rc = run(s, st, "RELEASE");
    if (rc == 0)
        s->depth = depth - 1;
    return rc;
}

static int s_rollback(clm_store_backend *b, unsigned int depth)
{
    sq_backend *s = sq(b);
    s->depth = depth - 1;
    s->put_kind = (clm_record_kind)0;
    if (s->lost) {
        /* Nothing left to undo: SQLite did it. The transaction stays
         * refused until its outermost level is rolled back. */
        s->lost = s->depth > 0;
        return 0;
    }
    if (depth == 1) {
        if (sqlite3_get_autocommit(s->db))
            return 0; /* SQLite already rolled back (e.g. after SQLITE_FULL) */
        return run(s, s->rollback, "ROLLBACK");
    }
    sqlite3_stmt *st;
    int rc = savepoint_stmt(s, SP_UNDO, depth, &st);
    if (rc == 0)
        rc = run(s, st, "ROLLBACK TO");
    if (rc == 0)
        rc = savepoint_stmt(s, SP_RELEASE, depth, &st);
    return rc < 0 ? rc : run(s, st, "RELEASE");
}

/* ---- the audit log ----------------------------------------------------------- */

static int s_audit_append(int64_t *out, clm_store_backend *b, const clm_audit_entry *e)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    void *before = NULL, *after = NULL;
    size_t lb = 0, la = 0;
    int rc = 0;
    if (e->before != NULL)
        rc = clm_record_encode(&before, &lb, e->before);
    /* The after image is the record the store checked before its put. */
    if (rc == 0 && e->after != NULL)
        rc = clm_store__record_encode(&after, &la, e->after);
    if (rc < 0) {
        clm_core__free(before);
        return rc;
    }
    /* A before image that the record's latest entry holds as its after
     * image, byte for byte (an update or a delete following an audited
     * write): the entry names that entry instead of a second copy. */
    int64_t before_seq = 0;
    if (before != NULL) {
        sqlite3_stmt *q = s->audit_last;
        int qr = bind_key(q, e->kind, e->id);
        if (qr == SQLITE_OK)
            qr = sqlite3_step(q);
        if (qr == SQLITE_ROW && sqlite3_column_type(q, 1) == SQLITE_BLOB) {
            const void *prev = sqlite3_column_blob(q, 1);
            size_t lp = (size_t)sqlite3_column_bytes(q, 1);
            if (prev != NULL && lp == lb && memcmp(prev, before, lb) == 0)
                before_seq = sqlite3_column_int64(q, 0);
        }
        done(q);
        if (qr != SQLITE_ROW && qr != SQLITE_DONE) {
            clm_core__free(before);
            clm_core__free(after);
            return sq_fail(s, qr, "reading a record's latest audit entry");
        }
        if (before_seq > 0) {
            clm_core__free(before);
            before = NULL;
        }
    }
    sqlite3_stmt *st = s->audit_insert;
    int sr = sqlite3_bind_int64(st, 1, e->actor.at);
    const char *texts[5] = { e->actor.user, e->actor.role, clm_store__audit_op_name(e->op),
                             clm_record_kind_name(e->kind), e->id };
    for (int i = 0; sr == SQLITE_OK && i < 5; i++)
        sr = sqlite3_bind_text(st, 2 + i, texts[i], -1, SQLITE_STATIC);
    if (sr == SQLITE_OK)
        sr = sqlite3_bind_int64(st, 7, e->version);
    if (sr == SQLITE_OK)
        sr = sqlite3_bind_text(st, 8, e->note, -1, SQLITE_STATIC);
    if (sr == SQLITE_OK)
        sr = before != NULL ? sqlite3_bind_blob64(st, 9, before, lb, SQLITE_STATIC)
                            : sqlite3_bind_null(st, 9);
    if (sr == SQLITE_OK)
        sr = after != NULL ? sqlite3_bind_blob64(st, 10, after, la, SQLITE_STATIC)
                           : sqlite3_bind_null(st, 10);
    if (sr == SQLITE_OK)
        sr = before_seq > 0 ? sqlite3_bind_int64(st, 11, before_seq) : sqlite3_bind_null(st, 11);
    if (sr == SQLITE_OK)
        sr = sqlite3_step(st);
    done(st);
    clm_core__free(before);
    clm_core__free(after);
    if (sr != SQLITE_DONE)
        return sq_fail(s, sr, "appending to the audit log");
    *out = sqlite3_last_insert_rowid(s->db);
    return 0;
}

static int s_audit_scan(clm_store_backend *b, const clm_audit_filter *f, clm_audit_cb cb,
                        void *payload)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    int which = f == NULL || f->kind == 0 ? 0 : f->id == NULL ? 1 : 2;
    sqlite3_stmt *st = s->audit_scan[which];
    int rc = sqlite3_bind_int64(st, 1, f != NULL ? f->from_seq : 0);
    if (rc == SQLITE_OK && which >= 1)
        rc = sqlite3_bind_text(st, 2, clm_record_kind_name(f->kind), -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && which == 2)
        rc = sqlite3_bind_text(st, 3, f->id, -1, SQLITE_STATIC);
    if (rc != SQLITE_OK) {
        done(st);
        return sq_fail(s, rc, "binding an audit filter");
    }
    int ret = 0;
    for (;;) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            ret = sq_fail(s, rc, "reading the audit log");
            break;
        }
        clm_audit_entry e;
        memset(&e, 0, sizeof e);
        e.seq = sqlite3_column_int64(st, 0);
        e.actor.at = sqlite3_column_int64(st, 1);
        e.actor.user = (const char *)sqlite3_column_text(st, 2);
        e.actor.role = (const char *)sqlite3_column_text(st, 3);
        const char *op = (const char *)sqlite3_column_text(st, 4);
        const char *kind = (const char *)sqlite3_column_text(st, 5);
        e.id = (const char *)sqlite3_column_text(st, 6);
        e.version = sqlite3_column_int64(st, 7);
        e.note = (const char *)sqlite3_column_text(st, 8);
        clm_record *before = NULL, *after = NULL;
        const void *bb = sqlite3_column_blob(st, 9);
        size_t lb = (size_t)sqlite3_column_bytes(st, 9);
        const void *ab = sqlite3_column_blob(st, 10);
        size_t la = (size_t)sqlite3_column_bytes(st, 10);
        if (e.actor.user == NULL || e.actor.role == NULL || e.id == NULL || e.note == NULL ||
            clm_store__audit_op_from_name(&e.op, op) < 0 || clm_record_kind_from_name(&e.kind, kind) < 0) {
            ret = clm_store_backend_fail(CLM_EIO, "sqlite store %s: audit entry %lld is damaged",
                                         s->path, (long long)e.seq);
            break;
        }
        if (bb == NULL && sqlite3_column_type(st, 11) == SQLITE_INTEGER) {
            /* The before image is the after image of entry before_seq. */
            int64_t ref = sqlite3_column_int64(st, 11);
            sqlite3_stmt *q = s->audit_after;
            int qr = sqlite3_bind_int64(q, 1, ref);
            if (qr == SQLITE_OK)
                qr = sqlite3_step(q);
            if (qr == SQLITE_ROW && sqlite3_column_type(q, 0) == SQLITE_BLOB) {
                ret = clm_record_decode(&before, sqlite3_column_blob(q, 0),
                                        (size_t)sqlite3_column_bytes(q, 0));
            } else if (qr == SQLITE_ROW || qr == SQLITE_DONE) {
                ret = CLM_EPARSE; /* no such entry, or one without an after image */
            } else {
                ret = sq_fail(s, qr, "reading an earlier audit entry");
            }
            done(q);
            if (ret < 0 && ret != CLM_EPARSE && ret != CLM_ENOMEM)
                break;
        }
        if (ret < 0 ||
            (bb != NULL && (ret = clm_record_decode(&before, bb, lb)) < 0) ||
            (ab != NULL && (ret = clm_record_decode(&after, ab, la)) < 0)) {
            clm_record_free(before);
            if (ret != CLM_ENOMEM)
                ret = clm_store_backend_fail(CLM_EIO, "sqlite store %s: audit entry %lld has a "
                                             "damaged record image", s->path, (long long)e.seq);
            break;
        }
        e.before = before;
        e.after = after;
        ret = cb(&e, payload);
        clm_record_free(before);
        clm_record_free(after);
        if (ret != 0)
            break;
    }
    done(st);
    return ret;
}

/* ---- lookup keys ------------------------------------------------------------ */

/* The keys (kind, id) has now, in (name, value) byte order, read into
 * s->kscratch as name and value strings one after the other (each with
 * its NUL); *count of them. */
static int current_keys(sq_backend *s, clm_record_kind kind, const char *id, size_t *count)
{
    sqlite3_stmt *st = s->keys_of;
    int rc = bind_key(st, kind, id);
    size_t used = 0, n = 0;
    int ret = 0;
    if (rc != SQLITE_OK) {
        done(st);
        return sq_fail(s, rc, "binding a key lookup");
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *value = (const char *)sqlite3_column_text(st, 1);
        if (name == NULL || value == NULL) {
            ret = sqlite3_errcode(s->db) == SQLITE_NOMEM ? clm_core__oom("sqlite store key")
                                                         : sq_fail(s, SQLITE_CORRUPT, "reading a key");
            break;
        }
        size_t ln = strlen(name) + 1, lv = strlen(value) + 1;
        if (clm_core__grow((void **)&s->kscratch, &s->kscratch_cap, used + ln + lv, 1,
                           "sqlite store keys") < 0) {
            ret = CLM_ENOMEM;
            break;
        }
        memcpy(s->kscratch + used, name, ln);
        memcpy(s->kscratch + used + ln, value, lv);
        used += ln + lv;
        n++;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = sq_fail(s, rc, "reading the lookup keys of a record");
    done(st);
    *count = n;
    return ret;
}

/* Runs the insert or the delete of one key (kind, name, value, id). */
static int key_write(sq_backend *s, sqlite3_stmt *st, clm_record_kind kind, const char *name,
                     const char *value, const char *id, const char *what)
{
    int rc = sqlite3_bind_text(st, 1, clm_record_kind_name(kind), -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 4, id, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : sq_fail(s, rc, what);
}

/* The store calls this inside a transaction: the deletes and the inserts
 * are undone together by its rollback. The record's keys are read first
 * (one range of the (kind, id) index; not for a record this transaction
 * has just inserted, which has none) and only the difference is
 * written: a save that leaves a record's keys as they were writes none
 * (keys[] is sorted by (name, value) and free of duplicates, as the
 * store hands it over; the read comes back in the same byte order). Each
 * key is its own statement: two in one INSERT cost more (a statement of
 * several rows keeps a statement journal, to undo its first row if the
 * second fails). */
static int s_keys_set(clm_store_backend *b, clm_record_kind kind, const char *id,
                      const clm_record_key *keys, size_t n)
{
    sq_backend *s = sq(b);
    if (s->lost)
        return lost_guard(s);
    int rc = 0;
    bool fresh = false;
    if (kind != s->put_kind || strcmp(id, s->put_id) != 0) {
        /* Not the record just put in this transaction: is it there? */
        int64_t stored;
        if ((rc = stored_version(s, fam_of(s, kind), kind, id, &stored)) < 0)
            return rc;
    } else {
        fresh = s->put_fresh;
    }
    /* From here on the record may have keys (this call's, even if it
     * fails part way). */
    s->put_fresh = false;
    size_t nold = 0;
    if (!fresh && (rc = current_keys(s, kind, id, &nold)) < 0)
        return rc;
    /* A merge of the two sorted lists: an old key not wanted goes, a
     * wanted key not there comes. The old strings stay in kscratch, which
     * nothing below touches. */
    const char *old = s->kscratch;
    size_t i = 0, j = 0;
    while (i < nold || j < n) {
        const char *oname = old, *ovalue = i < nold ? old + strlen(old) + 1 : NULL;
        int c = i == nold ? 1 : j == n ? -1 : strcmp(oname, keys[j].name);
        if (c == 0)
            c = strcmp(ovalue, keys[j].value);
        if (c < 0)
            rc = key_write(s, s->keys_del, kind, oname, ovalue, id, "deleting a lookup key");
        else if (c > 0)
            rc = key_write(s, s->keys_ins, kind, keys[j].name, keys[j].value, id,
                           "writing a lookup key");
        if (rc < 0)
            return rc;
        if (c <= 0) {
            old = ovalue + strlen(ovalue) + 1;
            i++;
        }
        if (c >= 0)
            j++;
    }
    return 0;
}

static int s_keys_find(clm_store_backend *b, clm_record_kind kind, const char *name,
                       const char *value, clm_key_match match, clm_key_cb cb, void *payload)
{
    sq_backend *s = sq(b);
    size_t len = strlen(value);
    char *upper = NULL;
    if (name != NULL && match == CLM_KEY_PREFIX && len > 0 &&
        clm_store__prefix_upper(&upper, value) < 0)
        return CLM_ENOMEM;
    /* exact; prefix (a range of the primary key); every value of a name
     * (also for a prefix with no bound above it, filtered below); every key */
    int which = name == NULL ? 3 : match == CLM_KEY_EXACT ? 0 : upper != NULL ? 1 : 2;
    sqlite3_stmt *st = s->keys_find[which];
    int rc = sqlite3_bind_text(st, 1, clm_record_kind_name(kind), -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && which < 3)
        rc = sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && which < 2)
        rc = sqlite3_bind_text(st, 3, value, (int)len, SQLITE_STATIC);
    if (rc == SQLITE_OK && which == 1)
        rc = sqlite3_bind_text(st, 4, upper, -1, SQLITE_STATIC);
    if (rc != SQLITE_OK) {
        done(st);
        clm_core__free(upper);
        return sq_fail(s, rc, "binding a key lookup");
    }
    int ret = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        const char *n = (const char *)sqlite3_column_text(st, 1);
        const char *v = (const char *)sqlite3_column_text(st, 2);
        if (id == NULL || n == NULL || v == NULL) {
            ret = sqlite3_errcode(s->db) == SQLITE_NOMEM ? clm_core__oom("sqlite store key")
                                                         : sq_fail(s, SQLITE_CORRUPT, "reading a key");
            break;
        }
        if (which == 2 && strncmp(v, value, len) != 0)
            continue;
        if ((ret = cb(id, n, v, payload)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        ret = sq_fail(s, rc, "looking up keys");
    done(st);
    clm_core__free(upper);
    return ret;
}

/* ---- opening and closing ------------------------------------------------------- */

static void finalize_all(sq_backend *s)
{
    for (int i = 0; i < CLM__STORE_FAMILIES; i++) {
        family *f = &s->fam[i];
        sqlite3_finalize(f->get);
        sqlite3_finalize(f->insert);
        sqlite3_finalize(f->update);
        sqlite3_finalize(f->del);
        sqlite3_finalize(f->version_of);
        for (int m = 0; m < (1 << NCOND); m++) {
            sqlite3_finalize(f->scan[m]);
            sqlite3_finalize(f->count[m]);
            sqlite3_finalize(f->walk[m]);
            sqlite3_finalize(f->probe[m]);
        }
    }
    sqlite3_finalize(s->begin);
    sqlite3_finalize(s->commit);
    sqlite3_finalize(s->rollback);
    for (int d = 0; d <= CLM__STORE_DEPTH_MAX; d++) {
        sqlite3_finalize(s->sp_open[d]);
        sqlite3_finalize(s->sp_release[d]);
        sqlite3_finalize(s->sp_undo[d]);
    }
    sqlite3_finalize(s->audit_insert);
    sqlite3_finalize(s->audit_last);
    sqlite3_finalize(s->audit_after);
    for (int i = 0; i < 3; i++)
        sqlite3_finalize(s->audit_scan[i]);
    sqlite3_finalize(s->keys_of);
    sqlite3_finalize(s->keys_del);
    sqlite3_finalize(s->keys_ins);
    for (int i = 0; i < 4; i++)
        sqlite3_finalize(s->keys_find[i]);
}

static void s_free(clm_store_backend *b)
{
    sq_backend *s = sq(b);
    if (s == NULL)
        return;
    finalize_all(s);
    if (s->db != NULL) {
        if (!sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(s->db);
    }
    clm_core__free(s->scratch);
    clm_core__free(s->kscratch);
    clm_core__free(s);
}

static int prepare_all(sq_backend *s)
{
    int rc;
    for (int i = 0; i < CLM__STORE_FAMILIES; i++) {
        s->fam[i].table = clm_store__family_tables[i];
        if ((rc = prepare_family(s, &s->fam[i])) < 0)
            return rc;
    }
    static const char audit_cols[] =
        "SELECT seq, at, actor_user, actor_role, op, kind, id, version, note, before, after,"
        " before_seq FROM clm_audit WHERE seq >= ?1";
    char sql[512];
    if ((rc = prepare(s, &s->begin, "BEGIN IMMEDIATE")) < 0 ||
        (rc = prepare(s, &s->commit, "COMMIT")) < 0 ||
        (rc = prepare(s, &s->rollback, "ROLLBACK")) < 0 ||
        (rc = prepare(s, &s->audit_insert,
                      "INSERT INTO clm_audit (at, actor_user, actor_role, op, kind, id, version,"
                      " note, before, after, before_seq)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")) < 0 ||
        (rc = prepare(s, &s->audit_last,
                      "SELECT seq, after FROM clm_audit WHERE kind = ?1 AND id = ?2"
                      " ORDER BY seq DESC LIMIT 1")) < 0 ||
        (rc = prepare(s, &s->audit_after, "SELECT after FROM clm_audit WHERE seq = ?1")) < 0)
        return rc;
    snprintf(sql, sizeof sql, "%s ORDER BY seq", audit_cols);
    if ((rc = prepare(s, &s->audit_scan[0], sql)) < 0)
        return rc;
    snprintf(sql, sizeof sql, "%s AND kind = ?2 ORDER BY seq", audit_cols);
    if ((rc = prepare(s, &s->audit_scan[1], sql)) < 0)
        return rc;
    snprintf(sql, sizeof sql, "%s AND kind = ?2 AND id = ?3 ORDER BY seq", audit_cols);
    if ((rc = prepare(s, &s->audit_scan[2], sql)) < 0)
        return rc;
    static const char *const finds[4] = {
        "SELECT id, name, value FROM clm_keys WHERE kind = ?1 AND name = ?2 AND value = ?3"
        " ORDER BY value, id",
        "SELECT id, name, value FROM clm_keys WHERE kind = ?1 AND name = ?2 AND value >= ?3"
        " AND value < ?4 ORDER BY value, id",
        "SELECT id, name, value FROM clm_keys WHERE kind = ?1 AND name = ?2 ORDER BY value, id",
        "SELECT id, name, value FROM clm_keys WHERE kind = ?1 ORDER BY name, value, id",
    };
    for (int i = 0; i < 4; i++)
        if ((rc = prepare(s, &s->keys_find[i], finds[i])) < 0)
            return rc;
    if ((rc = prepare(s, &s->keys_of, "SELECT name, value FROM clm_keys WHERE kind = ?1 AND id = ?2"
                                      " ORDER BY name, value")) < 0 ||
        (rc = prepare(s, &s->keys_del, "DELETE FROM clm_keys WHERE kind = ?1 AND name = ?2"
                                       " AND value = ?3 AND id = ?4")) < 0)
        return rc;
    return prepare(s, &s->keys_ins,
                   "INSERT INTO clm_keys (kind, name, value, id) VALUES (?1, ?2, ?3, ?4)");
}

static int open_db(sq_backend *s, const char *path, const clm_store_sqlite_options *o)
{
    if (o->must_exist) {
        struct stat sb;
        if (stat(path, &sb) != 0)
            return clm_store_backend_fail(errno == ENOENT ? CLM_ENOTFOUND : CLM_EIO,
                                          "sqlite store %s: %s", s->path, strerror(errno));
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (o->must_exist ? 0 : SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
    if (rc != SQLITE_OK)
        return sq_fail(s, rc, "opening");
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, o->busy_timeout_ms);
    /* Refuse a newer schema before changing anything in the file. */
    int v = 0;
    if ((rc = read_version(s, &v)) < 0 || (rc = check_version(s, v)) < 0)
        return rc;
    /* A current file needs no write to open, so a read-only one opens for
     * reading (its writes then fail, saying so); an older one cannot be
     * migrated read-only. */
    if (v < SCHEMA_VERSION && v > 0 && sqlite3_db_readonly(s->db, "main") == 1)
        return clm_store_backend_fail(CLM_EIO,
                                      "sqlite store %s: the database is read-only, and its schema "
                                      "(version %d) must be migrated to version %d: open it once "
                                      "where it can be written",
                                      s->path, v, SCHEMA_VERSION);
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return sq_fail(s, rc, "switching to WAL mode");
    if ((rc = exec(s, "PRAGMA synchronous = FULL", "setting synchronous")) < 0)
        return rc;
    /* The savepoint an audited write opens inside a transaction makes
     * SQLite copy every page the write touches (record, indexes, audit
     * row: about 15 pages) into a sub-journal, which spills to a file in
     * /var/tmp past 64 KiB: 15 page writes per audited write, three times
     * the cost of the write itself. In memory, the sub-journal costs a
     * copy, bounded by the pages the open nested levels touch. */
    if ((rc = exec(s, "PRAGMA temp_store = MEMORY", "keeping savepoint journals in memory")) < 0)
        return rc;
    /* A page cache of up to 64 MiB (SQLite's default is 2 MiB), filled
     * only as pages are read: a lookup over a million clients touches
     * index pages at random, and with 2 MiB most of them were read again
     * by a read(2) and a copy each time, a fifth of the lookup's CPU. A
     * memory map of the file (mmap_size) did no better there: each first
     * touch of a page is a page fault, and a new connection starts cold. */
    if ((rc = exec(s, "PRAGMA cache_size = -65536", "sizing the page cache")) < 0)
        return rc;
    if (v < SCHEMA_VERSION && (rc = ensure_schema(s)) < 0)
        return rc;
    return prepare_all(s);
}

int clm_store_backend_sqlite_new(clm_store_backend **out, const char *path,
                                 const clm_store_sqlite_options *opts)
{
    if (out == NULL || path == NULL)
        return clm_core__fail(CLM_EINVAL, "sqlite store: %s is NULL", out == NULL ? "out" : "path");
    if (path[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "path", "", 0, "sqlite store: the path is empty");
    clm_store_sqlite_options o = CLM_STORE_SQLITE_OPTIONS_INIT;
    if (opts != NULL) {
        if (clm_core__check_version(opts->version, CLM_STORE_SQLITE_OPTIONS_VERSION, "sqlite store options") < 0)
            return CLM_EVERSION;
        if (opts->busy_timeout_ms < 0 || (opts->must_exist != 0 && opts->must_exist != 1))
            return clm_core__fail_at(CLM_EINVAL, opts->busy_timeout_ms < 0 ? "busy_timeout_ms" : "must_exist",
                                "", 0, "sqlite store: busy_timeout_ms must be >= 0 and must_exist 0 or 1");
        o = *opts;
    }
    sq_backend *s = clm_core__calloc(1, sizeof *s);
    if (s == NULL)
        return clm_core__oom("sqlite store");
    snprintf(s->path, sizeof s->path, "%s", path);
    clm_store_backend_init(&s->parent, CLM_STORE_BACKEND_VERSION);
    s->parent.get = s_get;
    s->parent.put = s_put;
    s->parent.del = s_del;
    s->parent.scan = s_scan;
    s->parent.count = s_count;
    s->parent.begin = s_begin;
    s->parent.commit = s_commit;
    s->parent.rollback = s_rollback;
    s->parent.audit_append = s_audit_append;
    s->parent.audit_scan = s_audit_scan;
    s->parent.free = s_free;
    s->parent.keys_set = s_keys_set;
    s->parent.keys_find = s_keys_find;
    int rc = open_db(s, path, &o);
    if (rc < 0) {
        s_free(&s->parent);
        return rc;
    }
    *out = &s->parent;
    return 0;
}
