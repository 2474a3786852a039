/*
 * store_sqlite_test — the SQLite backend: the conformance suite, then what
 * is particular to SQLite: real columns and WAL mode in the file, the
 * append-only audit table, a file written at each schema version
 * (tests/data/sqlite/) opened and migrated with its data, refusing a
 * newer or a foreign file, busy handling, two processes racing on one
 * version, and a writer killed with SIGKILL in the middle of its batches.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "clm/alloc.h"
#include "clm/store.h"
#include "clm/sys/store_backend.h"
#include "fault_store.h"
#include "store_conformance.h"
#include "store_random_writers.h"

#define OK(expr)                                                                        \
    do {                                                                                \
        int rc_ = (expr);                                                               \
        if (rc_ != 0)                                                                   \
            fail_msg("%s returned %d (%s)", #expr, rc_, clm_error_last()->message);     \
    } while (0)

static char dir[64];
static char path[128];

static void remove_db(const char *p)
{
    char buf[160];
    unlink(p);
    snprintf(buf, sizeof buf, "%s-wal", p);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", p);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-journal", p);
    unlink(buf);
}

static int open_fresh(clm_store **out, void *payload)
{
    (void)payload;
    remove_db(path);
    return clm_store_open_sqlite(out, path, NULL);
}

static int reopen(clm_store **out, void *payload)
{
    (void)payload;
    return clm_store_open_sqlite(out, path, NULL);
}

static void cleanup(void *payload)
{
    (void)payload;
    remove_db(path);
}

/* ---- helpers ------------------------------------------------------------- */

static sqlite3 *raw_open(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
}

/* The first column of the first row of `sql`, as text ("" if none). */
static void raw_query(sqlite3 *db, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    buf[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static clm_record client(const char *id)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = id;
    r.name = "Vostok";
    r.manager = "ivanov";
    r.state = "new";
    r.category = "A";
    r.due = 20150; /* 2025-03-03 */
    r.amount.amount = 1050;
    memcpy(r.amount.currency, "RUB", 4);
    return r;
}

static clm_actor actor(void)
{
    clm_actor a = { "ivanov", "manager", 1760000000 };
    return a;
}

/* ---- the file as other programs see it ---------------------------------- */

static void test_real_columns(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *st;
    OK(clm_store_open_sqlite(&st, path, NULL));
    clm_record r = client("c-1");
    clm_actor who = actor();
    OK(clm_store_put_audited(NULL, st, &who, &r, "hello"));
    clm_record cl = client("cl-1");
    cl.kind = CLM_RECORD_CLAIM;
    cl.state = "received";
    OK(clm_store_put(NULL, st, &cl));

    sqlite3 *db = raw_open();
    char buf[256];
    raw_query(db, "PRAGMA journal_mode", buf, sizeof buf);
    assert_string_equal(buf, "wal");
    raw_query(db,
              "SELECT kind || '|' || id || '|' || version || '|' || name || '|' || manager || '|' ||"
              " state || '|' || category || '|' || due || '|' || amount || '|' || currency"
              " FROM clm_clients WHERE id = 'c-1'",
              buf, sizeof buf);
    assert_string_equal(buf, "client|c-1|1|Vostok|ivanov|new|A|2025-03-03|1050|RUB");
    raw_query(db, "SELECT state FROM clm_claims WHERE kind = 'claim' AND id = 'cl-1'", buf, sizeof buf);
    assert_string_equal(buf, "received");
    raw_query(db, "SELECT count(*) FROM clm_clients WHERE id = 'cl-1'", buf, sizeof buf);
    assert_string_equal(buf, "0");
    raw_query(db, "SELECT actor_user || '|' || actor_role || '|' || op || '|' || note FROM clm_audit",
              buf, sizeof buf);
    assert_string_equal(buf, "ivanov|manager|create|hello");
    raw_query(db, "SELECT version FROM clm_schema_version", buf, sizeof buf);
    assert_string_equal(buf, "4");
    /* The audit table refuses changes, whoever asks. */
    assert_int_not_equal(sqlite3_exec(db, "UPDATE clm_audit SET note = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM clm_audit", NULL, NULL, NULL), SQLITE_OK);
    raw_query(db, "SELECT count(*) FROM clm_audit", buf, sizeof buf);
    assert_string_equal(buf, "1");
    sqlite3_close(db);
    clm_store_free(st);
}

/* ---- files written at each schema version -------------------------------- */

/* tests/data/sqlite/schema-vN.sql: a file as libclm wrote it at schema
 * version N, with data. Returns the script (free()) or NULL if none. */
static char *fixture_sql(int v)
{
    const char *root = getenv("CLM_SOURCE_ROOT");
    if (root == NULL)
        fail_msg("CLM_SOURCE_ROOT is not set (run through meson test)");
    char p[4096];
    snprintf(p, sizeof p, "%s/tests/data/sqlite/schema-v%d.sql", root, v);
    FILE *fp = fopen(p, "rb");
    if (fp == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - 1 - n, fp)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

/* Appends every row of `sql` to buf, columns joined by '|', rows by '\n'. */
static void raw_rows(sqlite3 *db, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    size_t n = strlen(buf);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *t = (const char *)sqlite3_column_text(st, c);
            n += (size_t)snprintf(buf + n, size - n, "%s%s", c > 0 ? "|" : "", t != NULL ? t : "NULL");
            assert_true(n < size);
        }
        n += (size_t)snprintf(buf + n, size - n, "\n");
        assert_true(n < size);
    }
    sqlite3_finalize(st);
}

/* What libclm's code relies on in a file: each table's columns (by name,
 * not position: ALTER TABLE appends), each index's table, columns and
 * partiality, each trigger. */
static void schema_shape(sqlite3 *db, char *buf, size_t size)
{
    buf[0] = '\0';
    raw_rows(db,
             "SELECT m.name, p.name, p.type, p.\"notnull\", ifnull(p.dflt_value, '-'), p.pk"
             " FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'"
             " ORDER BY m.name, p.name",
             buf, size);
    raw_rows(db,
             "SELECT m.name, m.tbl_name, l.\"unique\", l.partial,"
             " (SELECT group_concat(name, ',') FROM pragma_index_info(m.name))"
             " FROM sqlite_master m, pragma_index_list(m.tbl_name) l"
             " WHERE m.type = 'index' AND l.name = m.name ORDER BY m.name",
             buf, size);
    raw_rows(db, "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
             buf, size);
}

static void fmt_record(char *buf, size_t size, const clm_record *r)
{
    char due[CLM_DATE_FORMAT_MAX] = "-";
    if (r->due != CLM_RECORD_NO_DUE)
        clm_date_format(due, sizeof due, r->due);
    snprintf(buf, size, "%s %s v%lld client=%s mgr=%s state=%s name=%s cat=%s due=%s %lld %s body=%.*s",
             clm_record_kind_name(r->kind), r->id, (long long)r->version,
             r->client_id ? r->client_id : "-", r->manager ? r->manager : "-",
             r->state ? r->state : "-", r->name ? r->name : "-",
             r->category ? r->category : "-", due, (long long)r->amount.amount,
             r->amount.currency[0] ? r->amount.currency : "-", (int)r->body_len,
             r->body ? (const char *)r->body : "");
}

static void check_record(clm_store *s, clm_record_kind kind, const char *id, const char *want)
{
    clm_record *got = NULL;
    OK(clm_store_get(&got, s, kind, id));
    char buf[512];
    fmt_record(buf, sizeof buf, got);
    if (strcmp(buf, want) != 0)
        fail_msg("record %s:\n  got  %s\n  want %s", id, buf, want);
    clm_record_free(got);
}

static int audit_line(const clm_audit_entry *e, void *payload)
{
    char *buf = payload;
    char before[512] = "-", after[512] = "-";
    if (e->before != NULL)
        fmt_record(before, sizeof before, e->before);
    if (e->after != NULL)
        fmt_record(after, sizeof after, e->after);
    size_t n = strlen(buf);
    snprintf(buf + n, 4096 - n, "%lld %d %s/%s@%lld %s v%lld [%s] before{%s} after{%s}\n",
             (long long)e->seq, (int)e->op, e->actor.user, e->actor.role, (long long)e->actor.at,
             e->id, (long long)e->version, e->note, before, after);
    return 0;
}

static void check_audit(clm_store *s, const char *want)
{
    char buf[4096] = "";
    OK(clm_store_audit_scan(s, NULL, audit_line, buf));
    if (strcmp(buf, want) != 0)
        fail_msg("audit log:\n%s\nwant:\n%s", buf, want);
}

/* What each fixture holds, read through the store after the migration. */
static void check_fixture_v1(clm_store *s)
{
    check_record(s, CLM_RECORD_CLIENT, "old-1",
                 "client old-1 v4 client=- mgr=petrov state=regular name=Old Client cat=- "
                 "due=2024-12-31 150000 RUB body=fourth");
    check_record(s, CLM_RECORD_CLAIM, "cl-7",
                 "claim cl-7 v2 client=old-1 mgr=petrov state=received name=late delivery cat=- "
                 "due=2025-03-14 1500000 RUB body=");
    check_audit(s,
                "1 1 petrov/manager@1700000000 old-1 v1 [] before{-} after{client old-1 v1 "
                "client=- mgr=petrov state=new name=Old Client cat=- due=- 0 - body=}\n"
                "2 2 petrov/manager@1700086400 old-1 v4 [] before{client old-1 v1 client=- "
                "mgr=petrov state=new name=Old Client cat=- due=- 0 - body=} after{client old-1 v4 "
                "client=- mgr=petrov state=regular name=Old Client cat=- due=2024-12-31 150000 RUB "
                "body=fourth}\n");
}

static void check_fixture_v2(clm_store *s)
{
    check_record(s, CLM_RECORD_CLIENT, "old-2",
                 "client old-2 v2 client=- mgr=sidorov state=key name=Second Client cat=A due=- 0 - body=");
    check_record(s, CLM_RECORD_CLAIM, "cl-8",
                 "claim cl-8 v1 client=old-2 mgr=sidorov state=received name=short delivery cat=- "
                 "due=2025-11-05 42000 RUB body=defect");
    check_audit(s,
                "1 1 sidorov/manager@1750000000 old-2 v1 [] before{-} after{client old-2 v1 "
                "client=- mgr=sidorov state=new name=Second Client cat=- due=- 0 - body=}\n"
                "2 2 sidorov/head@1750086400 old-2 v2 [made key] before{client old-2 v1 client=- "
                "mgr=sidorov state=new name=Second Client cat=- due=- 0 - body=} after{client old-2 "
                "v2 client=- mgr=sidorov state=key name=Second Client cat=A due=- 0 - body=}\n");
}

static int key_line(const char *id, const char *name, const char *value, void *payload)
{
    char *buf = payload;
    size_t n = strlen(buf);
    snprintf(buf + n, 512 - n, "%s %s=%s\n", id, name, value);
    return 0;
}

static void check_fixture_v3(clm_store *s)
{
    check_fixture_v2(s);
    char buf[512] = "";
    OK(clm_store_keys_find(s, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX, key_line, buf));
    assert_string_equal(buf, "old-2 id.RU.INN=7707083893\nold-2 name=second client\n");
    buf[0] = '\0';
    OK(clm_store_keys_find(s, CLM_RECORD_CLIENT, "name", "sec", CLM_KEY_PREFIX, key_line, buf));
    assert_string_equal(buf, "old-2 name=second client\n");
}

/* Schema 4: entry 3's before image is read back from entry 2's after. */
static void check_fixture_v4(clm_store *s)
{
    check_record(s, CLM_RECORD_CLIENT, "old-2",
                 "client old-2 v3 client=- mgr=sidorov state=lost name=Second Client cat=A due=- 0 - body=");
    check_record(s, CLM_RECORD_CLAIM, "cl-8",
                 "claim cl-8 v1 client=old-2 mgr=sidorov state=received name=short delivery cat=- "
                 "due=2025-11-05 42000 RUB body=defect");
    check_audit(s,
                "1 1 sidorov/manager@1750000000 old-2 v1 [] before{-} after{client old-2 v1 "
                "client=- mgr=sidorov state=new name=Second Client cat=- due=- 0 - body=}\n"
                "2 2 sidorov/head@1750086400 old-2 v2 [made key] before{client old-2 v1 client=- "
                "mgr=sidorov state=new name=Second Client cat=- due=- 0 - body=} after{client old-2 "
                "v2 client=- mgr=sidorov state=key name=Second Client cat=A due=- 0 - body=}\n"
                "3 2 sidorov/head@1760000000 old-2 v3 [lost to a rival] before{client old-2 v2 "
                "client=- mgr=sidorov state=key name=Second Client cat=A due=- 0 - body=} "
                "after{client old-2 v3 client=- mgr=sidorov state=lost name=Second Client cat=A "
                "due=- 0 - body=}\n");
    char buf[512] = "";
    OK(clm_store_keys_find(s, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX, key_line, buf));
    assert_string_equal(buf, "old-2 id.RU.INN=7707083893\nold-2 name=second client\n");
}

static void (*const fixture_checks[])(clm_store *) = { NULL, check_fixture_v1, check_fixture_v2,
                                                       check_fixture_v3, check_fixture_v4 };
enum { FIXTURE_CHECKS = sizeof fixture_checks / sizeof fixture_checks[0] };

static void test_open_each_schema_version(void **state)
{
    (void)state;
    /* A new file: what the migrations from version 0 make. */
    remove_db(path);
    clm_store *s = NULL;
    OK(clm_store_open_sqlite(&s, path, NULL));
    clm_store_free(s);
    static char fresh[32768], shape[32768];
    char buf[64];
    sqlite3 *db = raw_open();
    raw_query(db, "SELECT version FROM clm_schema_version", buf, sizeof buf);
    const int current = atoi(buf);
    schema_shape(db, fresh, sizeof fresh);
    sqlite3_close(db);
    assert_true(current >= 2);
    assert_non_null(strstr(fresh, "clm_clients|category|TEXT|0|-|0\n"));
    assert_non_null(strstr(fresh, "clm_audit|note|TEXT|1|''|0\n"));
    assert_non_null(strstr(fresh, "clm_audit_no_delete|clm_audit\n"));

    /* Every version up to the current one has its file, written as that
     * version wrote it: bumping the schema without one fails here. */
    for (int v = 1; v <= current; v++) {
        char *sql = fixture_sql(v);
        if (sql == NULL)
            fail_msg("no tests/data/sqlite/schema-v%d.sql: add a file as schema %d writes it", v, v);
        if (v >= FIXTURE_CHECKS || fixture_checks[v] == NULL)
            fail_msg("schema-v%d.sql has no check of its data in fixture_checks[]", v);
        remove_db(path);
        db = raw_open();
        raw_exec(db, sql);
        free(sql);
        raw_query(db, "SELECT version FROM clm_schema_version", buf, sizeof buf);
        assert_int_equal(atoi(buf), v);
        sqlite3_close(db);

        OK(clm_store_open_sqlite(&s, path, NULL));
        fixture_checks[v](s);
        clm_store_free(s);

        db = raw_open();
        raw_query(db, "SELECT version FROM clm_schema_version", buf, sizeof buf);
        assert_int_equal(atoi(buf), current);
        schema_shape(db, shape, sizeof shape);
        if (strcmp(shape, fresh) != 0)
            fail_msg("schema %d migrated:\n%s\ndiffers from a new file:\n%s", v, shape, fresh);
        assert_int_not_equal(sqlite3_exec(db, "DELETE FROM clm_audit", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);

        /* Reopening changes nothing; the data is still there and the new
         * columns work. */
        OK(clm_store_open_sqlite(&s, path, NULL));
        fixture_checks[v](s);
        clm_record *got = NULL;
        OK(clm_store_get(&got, s, CLM_RECORD_CLIENT, v == 1 ? "old-1" : "old-2"));
        clm_record upd = *got;
        upd.category = "key-account";
        clm_actor who = actor();
        int64_t nv = 0;
        OK(clm_store_put_audited(&nv, s, &who, &upd, "categorised after the migration"));
        assert_int_equal(nv, got->version + 1);
        clm_record_free(got);
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = CLM_RECORD_CLIENT;
        f.category = "key-account";
        int64_t n = 0;
        OK(clm_store_count(&n, s, &f));
        assert_int_equal(n, 1);
        clm_store_free(s);
        db = raw_open();
        raw_query(db, "SELECT count(*) || '|' || max(note) FROM clm_audit WHERE seq ="
                      " (SELECT max(seq) FROM clm_audit)", buf, sizeof buf);
        assert_string_equal(buf, "1|categorised after the migration");
        sqlite3_close(db);
    }
}

/* A migration that fails half-way leaves the file as it was: schema 1 with
 * a category column already present makes 1 -> 2 fail on its ALTER. */
static void test_failed_migration_changes_nothing(void **state)
{
    (void)state;
    char *sql = fixture_sql(1);
    assert_non_null(sql);
    remove_db(path);
    sqlite3 *db = raw_open();
    raw_exec(db, sql);
    free(sql);
    raw_exec(db, "ALTER TABLE clm_ledger ADD COLUMN category TEXT");
    static char before[32768], after[32768];
    schema_shape(db, before, sizeof before);
    sqlite3_close(db);
    clm_store *s = NULL;
    assert_int_equal(clm_store_open_sqlite(&s, path, NULL), CLM_EIO);
    assert_null(s);
    db = raw_open();
    schema_shape(db, after, sizeof after);
    char buf[64];
    raw_query(db, "SELECT version FROM clm_schema_version", buf, sizeof buf);
    sqlite3_close(db);
    assert_string_equal(buf, "1");
    if (strcmp(before, after) != 0)
        fail_msg("a failed migration changed the file:\n%s\nnow:\n%s", before, after);
}

static void test_refuse_newer_and_foreign(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *s = NULL;
    OK(clm_store_open_sqlite(&s, path, NULL));
    clm_store_free(s);
    sqlite3 *db = raw_open();
    raw_exec(db, "UPDATE clm_schema_version SET version = 5");
    sqlite3_close(db);
    s = NULL;
    assert_int_equal(clm_store_open_sqlite(&s, path, NULL), CLM_EVERSION);
    assert_null(s);
    assert_non_null(strstr(clm_error_last()->message, "newer"));
    db = raw_open();
    char buf[16];
    raw_query(db, "SELECT version FROM clm_schema_version", buf, sizeof buf);
    assert_string_equal(buf, "5"); /* left as it was */
    sqlite3_close(db);

    /* Not a database at all. */
    remove_db(path);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (int i = 0; i < 4096; i++)
        fputc("garbage!"[i % 8], fp);
    fclose(fp);
    assert_int_equal(clm_store_open_sqlite(&s, path, NULL), CLM_EIO);
    assert_null(s);

    /* A database with libclm's table names but not libclm's. */
    remove_db(path);
    db = raw_open();
    raw_exec(db, "CREATE TABLE clm_clients (x)");
    sqlite3_close(db);
    assert_int_equal(clm_store_open_sqlite(&s, path, NULL), CLM_EIO);

    /* The user's own database: libclm adds its tables, theirs stay. */
    remove_db(path);
    db = raw_open();
    raw_exec(db, "CREATE TABLE erp_customers (id INTEGER); INSERT INTO erp_customers VALUES (7)");
    sqlite3_close(db);
    OK(clm_store_open_sqlite(&s, path, NULL));
    clm_store_free(s);
    db = raw_open();
    raw_query(db, "SELECT id FROM erp_customers", buf, sizeof buf);
    assert_string_equal(buf, "7");
    sqlite3_close(db);
}

static void test_open_arguments(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *s = NULL;
    clm_store_sqlite_options o;
    OK(clm_store_sqlite_options_init(&o));
    assert_int_equal(o.busy_timeout_ms, 5000);
    o.must_exist = 1;
    assert_int_equal(clm_store_open_sqlite(&s, path, &o), CLM_ENOTFOUND);
    struct stat sb;
    assert_int_not_equal(stat(path, &sb), 0); /* nothing created */
    assert_int_equal(clm_store_open_sqlite(&s, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_store_open_sqlite(&s, "", NULL), CLM_EINVAL);
    o.must_exist = 0;
    o.version = 9;
    assert_int_equal(clm_store_open_sqlite(&s, path, &o), CLM_EVERSION);
    o.version = CLM_STORE_SQLITE_OPTIONS_VERSION;
    o.busy_timeout_ms = -1;
    assert_int_equal(clm_store_open_sqlite(&s, path, &o), CLM_EINVAL);
    assert_int_equal(clm_store_open_sqlite(&s, "/nonexistent-dir/x/clm.db", NULL), CLM_EIO);
    assert_null(s);
}

static void test_busy(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *s;
    clm_store_sqlite_options o = CLM_STORE_SQLITE_OPTIONS_INIT;
    o.busy_timeout_ms = 50;
    OK(clm_store_open_sqlite(&s, path, &o));
    clm_record r = client("b-1");
    OK(clm_store_put(NULL, s, &r));
    sqlite3 *db = raw_open();
    raw_exec(db, "BEGIN IMMEDIATE"); /* another writer holds the lock */
    clm_record r2 = client("b-2");
    assert_int_equal(clm_store_put(NULL, s, &r2), CLM_EBUSY);
    assert_int_equal(clm_store_begin(s), CLM_EBUSY);
    assert_int_equal(clm_store_depth(s), 0);
    clm_actor who = actor();
    assert_int_equal(clm_store_put_audited(NULL, s, &who, &r2, NULL), CLM_EBUSY);
    clm_record *got;
    OK(clm_store_get(&got, s, CLM_RECORD_CLIENT, "b-1")); /* readers are not blocked (WAL) */
    clm_record_free(got);
    raw_exec(db, "COMMIT");
    sqlite3_close(db);
    OK(clm_store_put_audited(NULL, s, &who, &r2, NULL));
    clm_store_free(s);
}

/* ---- two processes, one version ------------------------------------------- */

/* Child: read "shared", tell the parent, wait for go, write version 1 with
 * its name appended to the body. Exit 0 if it won at once, 1 if it got the
 * conflict and then succeeded on a re-read, other codes on failure. */
static int racer(const char *name, int ready_fd, int go_fd)
{
    clm_store *s;
    if (clm_store_open_sqlite(&s, path, NULL) != 0)
        return 10;
    clm_record *r;
    if (clm_store_get(&r, s, CLM_RECORD_CLIENT, "shared") != 0)
        return 11;
    char c = 'r';
    if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
        return 12;
    clm_actor who = { name, "manager", 1 };
    int result = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        char body[256];
        snprintf(body, sizeof body, "%.*s%s;", (int)r->body_len, r->body ? (const char *)r->body : "", name);
        clm_record w = *r;
        w.body = body;
        w.body_len = strlen(body);
        int rc = clm_store_put_audited(NULL, s, &who, &w, name);
        clm_record_free(r);
        if (rc == 0)
            return result;
        if (rc != CLM_ECONFLICT || attempt == 1)
            return 13;
        result = 1;
        if (clm_store_get(&r, s, CLM_RECORD_CLIENT, "shared") != 0)
            return 14;
    }
    return 15;
}

static void test_two_processes(void **state)
{
    (void)state;
    for (int round = 0; round < 3; round++) {
        remove_db(path);
        clm_store *s;
        OK(clm_store_open_sqlite(&s, path, NULL));
        clm_record r = client("shared");
        OK(clm_store_put(NULL, s, &r));
        clm_store_free(s);

        int ready[2], go[2];
        assert_int_equal(pipe(ready), 0);
        assert_int_equal(pipe(go), 0);
        const char *names[2] = { "alice", "bob" };
        pid_t pids[2];
        for (int i = 0; i < 2; i++) {
            pids[i] = fork();
            assert_true(pids[i] >= 0);
            if (pids[i] == 0)
                _exit(racer(names[i], ready[1], go[0]));
        }
        char c;
        for (int i = 0; i < 2; i++)
            assert_int_equal(read(ready[0], &c, 1), 1); /* both have read version 1 */
        assert_int_equal(write(go[1], "gg", 2), 2);
        int codes[2];
        for (int i = 0; i < 2; i++) {
            int status;
            assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
            assert_true(WIFEXITED(status));
            codes[i] = WEXITSTATUS(status);
        }
        close(ready[0]), close(ready[1]), close(go[0]), close(go[1]);
        /* Exactly one won at once; the other got the conflict. */
        assert_true((codes[0] == 0 && codes[1] == 1) || (codes[0] == 1 && codes[1] == 0));
        const char *winner = codes[0] == 0 ? "alice" : "bob";
        const char *loser = codes[0] == 0 ? "bob" : "alice";
        OK(clm_store_open_sqlite(&s, path, NULL));
        clm_record *got;
        OK(clm_store_get(&got, s, CLM_RECORD_CLIENT, "shared"));
        assert_int_equal(got->version, 3);
        char want[64];
        snprintf(want, sizeof want, "%s;%s;", winner, loser); /* nothing lost */
        assert_int_equal(got->body_len, strlen(want));
        assert_memory_equal(got->body, want, strlen(want));
        clm_record_free(got);
        clm_store_free(s);
    }
}

/* ---- random writers -------------------------------------------------------------- */

static int rw_open(clm_store **out, void *payload)
{
    (void)payload;
    return clm_store_open_sqlite(out, path, NULL);
}

/* Three processes doing random audited creates, updates, deletes and
 * transactions on the same five records: the audit log replays to the
 * records, with no lost update and one entry per committed change
 * (tests/support/store_random_writers.h). */
static void test_random_writers(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *s;
    OK(clm_store_open_sqlite(&s, path, NULL));
    random_writers_result r;
    random_writers_run(&r, rw_open, NULL, s, 3, 60, 13);
    print_message("random writers (sqlite): %ld changes committed, %ld retried, %ld transactions "
                  "rolled back\n", r.committed, r.retries, r.rollbacks);
    assert_true(r.committed > 100);
    clm_store_free(s);
    remove_db(path);
}

/* ---- crash safety ------------------------------------------------------------ */

enum { BATCH = 10 };

static void crash_record(clm_record *r, char *id, size_t idsz, char *body, size_t bodysz, int b, int i)
{
    snprintf(id, idsz, "b%04d-%02d", b, i);
    for (size_t k = 0; k + 1 < bodysz; k++)
        body[k] = (char)('a' + (b * 7 + i * 3 + (int)k) % 26);
    body[bodysz - 1] = '\0';
    *r = client(id);
    r->body = body;
    r->body_len = bodysz - 1;
    r->amount.amount = b * 100 + i;
}

/* Child: batches of BATCH audited records, one transaction each; after each
 * commit it reports the batch number. With pause_at > 0 it stops in the
 * middle of that batch, reports -pause_at and waits to be killed. */
static int crash_writer(int fd, int pause_at)
{
    clm_store *s;
    if (clm_store_open_sqlite(&s, path, NULL) != 0)
        return 10;
    clm_actor who = actor();
    for (int b = 1; b < 100000; b++) {
        if (clm_store_begin(s) != 0)
            return 11;
        for (int i = 0; i < BATCH; i++) {
            if (b == pause_at && i == BATCH / 2) {
                int m = -b;
                if (write(fd, &m, sizeof m) != sizeof m)
                    return 12;
                for (;;)
                    pause();
            }
            char id[32], body[300];
            clm_record r;
            crash_record(&r, id, sizeof id, body, sizeof body, b, i);
            if (clm_store_put_audited(NULL, s, &who, &r, NULL) != 0)
                return 13;
        }
        if (clm_store_commit(s) != 0)
            return 14;
        if (write(fd, &b, sizeof b) != sizeof b)
            return 15;
    }
    return 0;
}

static int count_audit(const clm_audit_entry *e, void *payload)
{
    (void)e;
    (*(int64_t *)payload)++;
    return 0;
}

static void check_after_crash(int last_reported, int max_possible)
{
    clm_store *s;
    OK(clm_store_open_sqlite(&s, path, NULL));
    int64_t present = 0;
    for (int b = 1; b <= max_possible + 1; b++) {
        int have = 0;
        for (int i = 0; i < BATCH; i++) {
            char id[32], body[300];
            clm_record want;
            crash_record(&want, id, sizeof id, body, sizeof body, b, i);
            clm_record *got = NULL;
            int rc = clm_store_get(&got, s, CLM_RECORD_CLIENT, id);
            if (rc == CLM_ENOTFOUND)
                continue;
            OK(rc);
            want.version = 1;
            if (!clm_record_equal(got, &want))
                fail_msg("record %s is not whole after the crash", id);
            clm_record_free(got);
            have++;
        }
        if (have != 0 && have != BATCH)
            fail_msg("batch %d is half there (%d of %d records)", b, have, BATCH);
        if (b <= last_reported && have != BATCH)
            fail_msg("batch %d was committed and is missing", b);
        if (b > max_possible && have != 0)
            fail_msg("batch %d was never committed and is there", b);
        present += have;
    }
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    int64_t n, entries = 0;
    OK(clm_store_count(&n, s, &f));
    assert_int_equal(n, present); /* nothing else either */
    OK(clm_store_audit_scan(s, NULL, count_audit, &entries));
    assert_int_equal(entries, present); /* one entry per record, no orphans */
    /* And the file is usable for writing again. */
    clm_record r = client("after-crash");
    OK(clm_store_put(NULL, s, &r));
    clm_store_free(s);
}

static void run_crash(int pause_at, int kill_after)
{
    remove_db(path);
    clm_store *s;
    OK(clm_store_open_sqlite(&s, path, NULL)); /* schema in place before the child */
    clm_store_free(s);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        _exit(crash_writer(fds[1], pause_at));
    }
    close(fds[1]);
    int last = 0, m;
    while (read(fds[0], &m, sizeof m) == (ssize_t)sizeof m) {
        if (m < 0)
            break; /* paused mid-batch */
        last = m;
        if (kill_after > 0 && last >= kill_after)
            break;
    }
    assert_int_equal(kill(pid, SIGKILL), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    /* Batches reported afterwards were committed before the kill too. */
    while (read(fds[0], &m, sizeof m) == (ssize_t)sizeof m)
        if (m > last)
            last = m;
    close(fds[0]);
    if (pause_at > 0) {
        assert_int_equal(last, pause_at - 1);
        check_after_crash(last, last); /* the paused batch must not be there */
    } else {
        check_after_crash(last, last + 1); /* the one in flight may have committed */
    }
}

static void test_crash_mid_transaction(void **state)
{
    (void)state;
    run_crash(25, 0);
}

static void test_crash_free_running(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        run_crash(0, 10 + 7 * i);
}

/* ---- no partial write at any failing storage call, over SQLite ------------ */

static int new_sqlite(clm_store_backend **out, void *payload)
{
    (void)payload;
    remove_db(path);
    return clm_store_backend_sqlite_new(out, path, NULL);
}

static void *fault_seed(clm_store *st)
{
    clm_actor who = actor();
    clm_record r = client("c-1");
    if (clm_store_put_audited(NULL, st, &who, &r, "seed") != 0)
        fail_msg("seed: %s", clm_error_last()->message);
    return NULL;
}

/* In the caller's transaction: an update, a create and a delete. */
static int fault_op(clm_store *st, void *state)
{
    (void)state;
    clm_actor who = actor();
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    clm_record u = client("c-1");
    u.version = 1;
    u.state = "key";
    clm_record n = client("c-2");
    n.kind = CLM_RECORD_OFFER;
    if ((rc = clm_store_put_audited(NULL, st, &who, &u, NULL)) < 0 ||
        (rc = clm_store_put_audited(NULL, st, &who, &n, NULL)) < 0 ||
        (rc = clm_store_delete_audited(st, &who, CLM_RECORD_CLIENT, "c-1", 2, NULL)) < 0) {
        clm_store_rollback(st);
        return rc;
    }
    return clm_store_commit(st);
}

static void test_fault_walk(void **state)
{
    (void)state;
    fault_case c = { fault_seed, fault_op, NULL };
    /* begin + 2 x (begin, get, put/del, append, commit) + (begin, put,
     * append, commit) for the create + commit */
    assert_int_equal(fault_check_over(&c, new_sqlite, NULL), 16);
    remove_db(path);
}

static int count_key(const char *id, const char *name, const char *value, void *payload)
{
    (void)id;
    (void)name;
    (void)value;
    ++*(int *)payload;
    return 0;
}

/* An entry's before image that the record's latest entry holds as its
 * after image is kept as a reference (before_seq) since schema 4, and
 * read back whole: for an update and a delete after an audited write, not
 * after a change made without an entry (a plain put), not for a create
 * (also a re-create after a delete), and in a scan that starts after the
 * entry referred to. Every entry is compared, field by field and byte by
 * byte, with the same changes made on the memory store, which keeps
 * every image whole. */
typedef struct audit_copy {
    int n;
    clm_audit_entry e[16];
    clm_record *before[16], *after[16];
    char note[16][32];
} audit_copy;

static int keep_entry(const clm_audit_entry *e, void *payload)
{
    audit_copy *c = payload;
    assert_true(c->n < 16);
    int i = c->n++;
    c->e[i] = *e;
    snprintf(c->note[i], sizeof c->note[i], "%s", e->note);
    c->before[i] = c->after[i] = NULL;
    if (e->before != NULL)
        OK(clm_record_dup(&c->before[i], e->before));
    if (e->after != NULL)
        OK(clm_record_dup(&c->after[i], e->after));
    return 0;
}

static void audit_copy_free(audit_copy *c)
{
    for (int i = 0; i < c->n; i++) {
        clm_record_free(c->before[i]);
        clm_record_free(c->after[i]);
    }
}

static void same_record(const clm_record *a, const clm_record *b)
{
    if (a == NULL || b == NULL) {
        assert_true(a == NULL && b == NULL);
        return;
    }
    assert_true(clm_record_equal(a, b));
    void *ea = NULL, *eb = NULL;
    size_t la = 0, lb = 0;
    OK(clm_record_encode(&ea, &la, a));
    OK(clm_record_encode(&eb, &lb, b));
    assert_int_equal(la, lb);
    assert_memory_equal(ea, eb, la);
    clm_free(ea);
    clm_free(eb);
}

static void reference_history(clm_store *st)
{
    clm_actor who = actor();
    clm_record r = client("c-1");
    r.body = "one";
    r.body_len = 3;
    OK(clm_store_put_audited(NULL, st, &who, &r, "create"));          /* 1 */
    r.version = 1;
    r.state = "key";
    OK(clm_store_put_audited(NULL, st, &who, &r, "update"));          /* 2: refers to 1 */
    r.version = 2;
    r.name = "Vostok (changed by an import)";
    OK(clm_store_put(NULL, st, &r));                                  /* no entry */
    r.version = 3;
    r.state = "lost";
    OK(clm_store_put_audited(NULL, st, &who, &r, "after the import")); /* 3: whole before */
    OK(clm_store_delete_audited(st, &who, CLM_RECORD_CLIENT, "c-1", 4, "delete")); /* 4: refers to 3 */
    r.version = 0;
    r.state = "new";
    OK(clm_store_put_audited(NULL, st, &who, &r, "re-create"));       /* 5 */
    r.version = 1;
    r.body = "two";
    OK(clm_store_put_audited(NULL, st, &who, &r, "update again"));    /* 6: refers to 5 */
    /* In a transaction too, and an entry of another record between. */
    OK(clm_store_begin(st));
    clm_record other = client("c-2");
    OK(clm_store_put_audited(NULL, st, &who, &other, "another"));     /* 7 */
    r.version = 2;
    r.manager = "petrov";
    OK(clm_store_put_audited(NULL, st, &who, &r, "in a transaction")); /* 8: refers to 6 */
    OK(clm_store_commit(st));
}

static void test_audit_before_references(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *st, *mem;
    OK(clm_store_open_sqlite(&st, path, NULL));
    OK(clm_store_open_memory(&mem));
    reference_history(st);
    reference_history(mem);
    sqlite3 *db = raw_open();
    char buf[512] = "";
    raw_rows(db, "SELECT seq, before IS NULL, ifnull(before_seq, '-') FROM clm_audit ORDER BY seq",
             buf, sizeof buf);
    assert_string_equal(buf, "1|1|-\n2|1|1\n3|0|-\n4|1|3\n5|1|-\n6|1|5\n7|1|-\n8|1|6\n");
    sqlite3_close(db);
    audit_copy a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    OK(clm_store_audit_scan(st, NULL, keep_entry, &a));
    OK(clm_store_audit_scan(mem, NULL, keep_entry, &b));
    assert_int_equal(a.n, 8);
    assert_int_equal(b.n, 8);
    for (int i = 0; i < a.n; i++) {
        assert_int_equal(a.e[i].seq, b.e[i].seq);
        assert_int_equal(a.e[i].op, b.e[i].op);
        assert_int_equal(a.e[i].version, b.e[i].version);
        assert_string_equal(a.note[i], b.note[i]);
        same_record(a.before[i], b.before[i]);
        same_record(a.after[i], b.after[i]);
    }
    /* The before images are the records as they were: entry 3's is the
     * import's version, which no entry holds. */
    assert_string_equal(a.before[2]->name, "Vostok (changed by an import)");
    assert_int_equal(a.before[1]->version, 1);
    assert_int_equal(a.before[3]->version, 4);
    assert_null(a.before[4]);
    /* A scan of one record from entry 6 on: 6 and 8 refer to entries it
     * does not visit, and still read whole. */
    audit_copy c;
    memset(&c, 0, sizeof c);
    clm_audit_filter f = CLM_AUDIT_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    f.id = "c-1";
    f.from_seq = 6;
    OK(clm_store_audit_scan(st, &f, keep_entry, &c));
    assert_int_equal(c.n, 2);
    same_record(c.before[0], b.before[5]);
    same_record(c.before[1], b.before[7]);
    audit_copy_free(&a);
    audit_copy_free(&b);
    audit_copy_free(&c);
    clm_store_free(mem);
    clm_store_free(st);
    remove_db(path);
}

/* keys_set right after a put of the same record in the transaction skips
 * the read of the record's version; what undoes or removes that record
 * (a rolled-back level, a delete, the end of the transaction) must bring
 * the read back, so a key is never set on a record that is not there. */
static void test_keys_after_put(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *st;
    OK(clm_store_open_sqlite(&st, path, NULL));
    clm_record_key k = { "name", "vostok" };
    clm_record r = client("c-1");
    /* a put undone by the rollback of its level */
    OK(clm_store_begin(st));
    OK(clm_store_begin(st));
    OK(clm_store_put(NULL, st, &r));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1));
    OK(clm_store_rollback(st));
    assert_int_equal(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1), CLM_ENOTFOUND);
    /* a put whose level was released stays */
    OK(clm_store_begin(st));
    OK(clm_store_put(NULL, st, &r));
    OK(clm_store_commit(st));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1));
    /* a put then a delete */
    OK(clm_store_delete(st, CLM_RECORD_CLIENT, "c-1", 1));
    assert_int_equal(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1), CLM_ENOTFOUND);
    OK(clm_store_rollback(st));
    /* nothing of it was committed; another record's keys read its version */
    assert_int_equal(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1), CLM_ENOTFOUND);
    OK(clm_store_begin(st));
    OK(clm_store_put(NULL, st, &r));
    assert_int_equal(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-2", &k, 1), CLM_ENOTFOUND);
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1));
    OK(clm_store_commit(st));
    int found = 0;
    OK(clm_store_keys_find(st, CLM_RECORD_CLIENT, "name", "vostok", CLM_KEY_EXACT, count_key, &found));
    assert_int_equal(found, 1);
    /* a new transaction does not trust the last one's put */
    OK(clm_store_delete(st, CLM_RECORD_CLIENT, "c-1", 1));
    OK(clm_store_begin(st));
    assert_int_equal(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1), CLM_ENOTFOUND);
    OK(clm_store_rollback(st));
    clm_store_free(st);
    remove_db(path);
}

static int key_count(clm_store *st, const char *name, const char *value)
{
    int found = 0;
    OK(clm_store_keys_find(st, CLM_RECORD_CLIENT, name, value, CLM_KEY_EXACT, count_key, &found));
    return found;
}

/* keys_set right after a put that inserted the record writes its keys
 * without reading them (it has none); a second keys_set of that record,
 * an update's, and a re-created record's must see what is there: a
 * second insert of a kept key would fail, a key not taken out would
 * stay. */
static void test_keys_after_insert(void **state)
{
    (void)state;
    remove_db(path);
    clm_store *st;
    OK(clm_store_open_sqlite(&st, path, NULL));
    clm_record r = client("c-1");
    clm_record_key ab[2] = { { "name", "a" }, { "phone", "1" } };
    clm_record_key bb[2] = { { "name", "b" }, { "phone", "1" } };
    clm_record_key c = { "name", "c" }, d = { "name", "d" };
    OK(clm_store_begin(st));
    OK(clm_store_put(NULL, st, &r));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", ab, 2));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", bb, 2));
    assert_int_equal(key_count(st, "name", "a"), 0);
    assert_int_equal(key_count(st, "name", "b"), 1);
    assert_int_equal(key_count(st, "phone", "1"), 1);
    /* deleted and created again in the same transaction */
    OK(clm_store_delete(st, CLM_RECORD_CLIENT, "c-1", 1));
    OK(clm_store_put(NULL, st, &r));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &c, 1));
    assert_int_equal(key_count(st, "name", "b"), 0);
    assert_int_equal(key_count(st, "phone", "1"), 0);
    assert_int_equal(key_count(st, "name", "c"), 1);
    /* an update's keys replace the ones there */
    r.version = 1;
    OK(clm_store_put(NULL, st, &r));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &d, 1));
    OK(clm_store_commit(st));
    assert_int_equal(key_count(st, "name", "c"), 0);
    assert_int_equal(key_count(st, "name", "d"), 1);
    clm_store_free(st);
    remove_db(path);
}

static const store_conformance conf = { "store conformance: sqlite", open_fresh, reopen, cleanup,
                                        NULL, true };

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/clm-store-sqlite-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/clm.db", dir);
    int failed = store_conformance_run(&conf);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_columns),
        cmocka_unit_test(test_open_each_schema_version),
        cmocka_unit_test(test_failed_migration_changes_nothing),
        cmocka_unit_test(test_refuse_newer_and_foreign),
        cmocka_unit_test(test_open_arguments),
        cmocka_unit_test(test_busy),
        cmocka_unit_test(test_fault_walk),
        cmocka_unit_test(test_keys_after_put),
        cmocka_unit_test(test_audit_before_references),
        cmocka_unit_test(test_keys_after_insert),
        cmocka_unit_test(test_two_processes),
        cmocka_unit_test(test_random_writers),
        cmocka_unit_test(test_crash_mid_transaction),
        cmocka_unit_test(test_crash_free_running),
    };
    failed += cmocka_run_group_tests_name("store sqlite", tests, NULL, NULL);
    remove_db(path);
    rmdir(dir);
    return failed;
}
