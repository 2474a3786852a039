/*
 * client_store_test.c — clients and contact-log entries kept in a store
 * (clm/client_store.h), on the memory store and, when built with SQLite,
 * on a SQLite file in a fresh mkdtemp directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "clm/sys/store_backend.h"
#include "fault_store.h"
#include "oom.h"
#include "store_snapshot.h"

static const clm_actor MGR = { "ivanov", "manager", 1700000000 };
static const clm_actor HEAD = { "petrova", "head_of_department", 1700000100 };

static char g_dir[64];
static char g_path[128];
static int g_sqlite; /* the group running: 0 memory, 1 SQLite, 2 PostgreSQL */

#ifdef CLM_HAVE_POSTGRES
#include <libpq-fe.h>

/* PostgreSQL (--postgres, under scripts/pg-test-server.sh): every store is
 * opened in a new empty schema, dropped when the store is closed. */
static const char *g_conninfo;
static PGconn *g_admin;
static char g_schema[64];
static int g_schema_seq;

static void pg_exec(const char *sql)
{
    PGresult *r = PQexec(g_admin, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("SQL failed: %s\n%s", sql, PQerrorMessage(g_admin));
    PQclear(r);
}

static void pg_drop_schema(void)
{
    char sql[128];
    if (g_schema[0] == '\0')
        return;
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", g_schema);
    pg_exec(sql);
    g_schema[0] = '\0';
}

static void pg_new_schema(void)
{
    char sql[128], opt[128];
    pg_drop_schema();
    snprintf(g_schema, sizeof g_schema, "clm_cs%ld_%d", (long)getpid(), ++g_schema_seq);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", g_schema);
    pg_exec(sql);
    snprintf(opt, sizeof opt, "-c search_path=%s", g_schema);
    setenv("PGOPTIONS", opt, 1);
}
#endif

static void remove_db(const char *p)
{
    char buf[192];
    unlink(p);
    snprintf(buf, sizeof buf, "%s-wal", p);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", p);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-journal", p);
    unlink(buf);
}

/* A fresh, empty store of the group's backend. */
static clm_store *open_store(void)
{
    clm_store *st = NULL;
#ifdef CLM_HAVE_POSTGRES
    if (g_sqlite == 2) {
        pg_new_schema();
        if (clm_store_open_postgres(&st, g_conninfo) != 0)
            fail_msg("open postgres: %s", clm_error_last()->message);
        return st;
    }
#endif
    if (g_sqlite) {
        remove_db(g_path);
        if (clm_store_open_sqlite(&st, g_path, NULL) != 0)
            fail_msg("open sqlite: %s", clm_error_last()->message);
    } else if (clm_store_open_memory(&st) != 0) {
        fail_msg("open memory: %s", clm_error_last()->message);
    }
    return st;
}

static void close_store(clm_store *st)
{
    clm_store_free(st);
#ifdef CLM_HAVE_POSTGRES
    if (g_sqlite == 2) {
        pg_drop_schema();
        return;
    }
#endif
    if (g_sqlite)
        remove_db(g_path);
}

static int group_memory(void **state)
{
    (void)state;
    g_sqlite = 0;
    return 0;
}

static int group_sqlite(void **state)
{
    (void)state;
    g_sqlite = 1;
    return 0;
}

/* A client with something in every part the columns read. */
static clm_client *make_client(const char *id, const char *name, const char *manager)
{
    clm_client *c = NULL;
    if (clm_client_new(&c, &MGR, id, CLM_LEGAL_ENTITY, name) != 0 ||
        clm_client_set_text(c, &MGR, CLM_CLIENT_PHONE, "+7 495 123-45-67") != 0 ||
        clm_client_set_source(c, &MGR, CLM_SOURCE_EXHIBITION) != 0 ||
        (manager != NULL && clm_client_reassign(c, &MGR, manager) != 0))
        fail_msg("make_client: %s", clm_error_last()->message);
    return c;
}

static void add_cat(clm_client *c, const char *cat)
{
    if (clm_client_category_add(c, &HEAD, cat, "rule:test", NULL) != 0)
        fail_msg("category_add: %s", clm_error_last()->message);
}

static void set_state(clm_client *c, clm_client_state s)
{
    if (clm_client_set_state(c, &MGR, s, NULL) != 0)
        fail_msg("set_state: %s", clm_error_last()->message);
}

static clm_client *dup_client(const clm_client *c)
{
    clm_client *d = NULL;
    if (clm_client_dup(&d, c) != 0)
        fail_msg("dup: %s", clm_error_last()->message);
    return d;
}

static void save_ok(clm_store *st, clm_client *c, int64_t expect)
{
    int64_t v = -1;
    if (clm_client_store_save(&v, st, c, &MGR, "test") != 0)
        fail_msg("save: %s", clm_error_last()->message);
    assert_int_equal(v, expect);
    assert_int_equal(clm_client_stored_version(c), expect);
}

/* ---- round trip and columns --------------------------------------------- */

static void test_round_trip(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *c = make_client("c-1", "Vostok LLC", "ivanov");
    assert_int_equal(clm_client_stored_version(c), 0);
    add_cat(c, "key");
    add_cat(c, "dormant");
    set_state(c, CLM_CLIENT_NEW);
    save_ok(st, c, 1);

    clm_client *back = NULL;
    assert_int_equal(clm_client_store_load(&back, st, "c-1"), 0);
    assert_true(clm_client_equal(back, c));
    assert_int_equal(clm_client_stored_version(back), 1);

    /* The indexed columns, as a user's report would read them. */
    clm_record *rec = NULL;
    assert_int_equal(clm_store_get(&rec, st, CLM_RECORD_CLIENT, "c-1"), 0);
    assert_string_equal(rec->name, "Vostok LLC");
    assert_string_equal(rec->manager, "ivanov");
    assert_string_equal(rec->state, "new");
    assert_string_equal(rec->category, "dormant key");
    assert_null(rec->client_id);
    assert_int_equal(rec->version, 1);
    clm_record_free(rec);

    /* The store's category filter matches the column exactly. */
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    int64_t n = -1;
    f.category = "key";
    assert_int_equal(clm_store_count(&n, st, &f), 0);
    assert_int_equal(n, 0);
    f.category = "dormant key";
    assert_int_equal(clm_store_count(&n, st, &f), 0);
    assert_int_equal(n, 1);

    /* An update stores the next version; the loaded copy follows. */
    assert_int_equal(clm_client_set_text(back, &MGR, CLM_CLIENT_NOTES, "called\ttwice\n"), 0);
    assert_int_equal(clm_client_category_remove(back, &HEAD, "dormant", "rule:active", NULL), 0);
    save_ok(st, back, 2);
    clm_client *again = NULL;
    assert_int_equal(clm_client_store_load(&again, st, "c-1"), 0);
    assert_true(clm_client_equal(again, back));
    assert_false(clm_client_equal(again, c));
    assert_int_equal(clm_client_stored_version(again), 2);
    assert_int_equal(clm_store_get(&rec, st, CLM_RECORD_CLIENT, "c-1"), 0);
    assert_string_equal(rec->category, "key");
    clm_record_free(rec);

    /* A client without manager or categories leaves those columns absent. */
    clm_client *bare = make_client("c-2", "Bare", NULL);
    save_ok(st, bare, 1);
    assert_int_equal(clm_store_get(&rec, st, CLM_RECORD_CLIENT, "c-2"), 0);
    assert_null(rec->manager);
    assert_null(rec->category);
    assert_string_equal(rec->state, "potential");
    clm_record_free(rec);

    /* A copy keeps the stored version; equality ignores it. */
    clm_client *d = dup_client(again);
    assert_int_equal(clm_client_stored_version(d), 2);
    assert_int_equal(clm_client_stored_version(NULL), 0);

    clm_client_free(d);
    clm_client_free(bare);
    clm_client_free(again);
    clm_client_free(back);
    clm_client_free(c);
    close_store(st);
}

/* A name longer than the column is cut on a character boundary, never
 * inside one; the body keeps it whole. */
static void test_long_name(void **state)
{
    (void)state;
    clm_store *st = open_store();
    char name[CLM_RECORD_FIELD_MAX + 8];
    memset(name, 'a', sizeof name);
    /* "Ж" (2 bytes) straddling the cut: bytes 1023 and 1024. */
    name[CLM_RECORD_FIELD_MAX - 1] = (char)0xD0;
    name[CLM_RECORD_FIELD_MAX] = (char)0x96;
    name[sizeof name - 1] = '\0';
    clm_client *c = make_client("c-long", name, NULL);
    save_ok(st, c, 1);
    clm_record *rec = NULL;
    assert_int_equal(clm_store_get(&rec, st, CLM_RECORD_CLIENT, "c-long"), 0);
    assert_int_equal(strlen(rec->name), CLM_RECORD_FIELD_MAX - 1);
    assert_memory_equal(rec->name, name, CLM_RECORD_FIELD_MAX - 1);
    clm_record_free(rec);
    clm_client *back = NULL;
    assert_int_equal(clm_client_store_load(&back, st, "c-long"), 0);
    assert_string_equal(clm_client_name(back), name);
    clm_client_free(back);
    clm_client_free(c);
    close_store(st);
}

/* Categories whose joined list does not fit the column: CLM_ELIMIT and
 * nothing changes. */
static void test_category_column_limit(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *c = make_client("c-cats", "Many", NULL);
    char cat[201];
    for (int i = 0; i < 5; i++) { /* 5 x 200 + 4 spaces = 1004: fits */
        memset(cat, 'a' + i, 200);
        cat[200] = '\0';
        add_cat(c, cat);
    }
    save_ok(st, c, 1);
    add_cat(c, "twenty-one bytes long"); /* 1004 + 1 + 21 = 1026 > 1024 */
    clm_client *copy = dup_client(c);
    store_snapshot before;
    assert_int_equal(store_snapshot_take(&before, st), 0);
    int64_t v = 77;
    assert_int_equal(clm_client_store_save(&v, st, c, &MGR, NULL), CLM_ELIMIT);
    assert_string_equal(clm_error_last()->field, "category");
    assert_int_equal(v, 77);
    assert_true(store_snapshot_matches(&before, st));
    assert_true(clm_client_equal(c, copy));
    assert_int_equal(clm_client_stored_version(c), 1);
    store_snapshot_free(&before);
    clm_client_free(copy);
    clm_client_free(c);
    close_store(st);
}

/* ---- optimistic concurrency ------------------------------------------------ */

static void test_conflict(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *c = make_client("c-1", "Vostok", "ivanov");
    save_ok(st, c, 1);
    clm_client *a = NULL, *b = NULL;
    assert_int_equal(clm_client_store_load(&a, st, "c-1"), 0);
    assert_int_equal(clm_client_store_load(&b, st, "c-1"), 0);

    assert_int_equal(clm_client_reassign(a, &HEAD, "sidorov"), 0);
    save_ok(st, a, 2);

    assert_int_equal(clm_client_set_text(b, &MGR, CLM_CLIENT_NOTES, "my change"), 0);
    clm_client *b_before = dup_client(b);
    store_snapshot before;
    assert_int_equal(store_snapshot_take(&before, st), 0);
    int64_t v = 77;
    assert_int_equal(clm_client_store_save(&v, st, b, &MGR, NULL), CLM_ECONFLICT);
    assert_int_equal(v, 77);
    assert_true(store_snapshot_matches(&before, st));
    assert_true(clm_client_equal(b, b_before));
    assert_int_equal(clm_client_stored_version(b), 1);
    store_snapshot_free(&before);

    /* The stored client is a's: nothing of b leaked in. */
    clm_client *now = NULL;
    assert_int_equal(clm_client_store_load(&now, st, "c-1"), 0);
    assert_true(clm_client_equal(now, a));
    assert_string_equal(clm_client_manager(now), "sidorov");
    assert_string_equal(clm_client_text_get(now, CLM_CLIENT_NOTES), "");

    /* The loser reloads, reapplies and wins. */
    assert_int_equal(clm_client_set_text(now, &MGR, CLM_CLIENT_NOTES, "my change"), 0);
    save_ok(st, now, 3);

    /* A second create under a taken id. */
    clm_client *twin = make_client("c-1", "Twin", NULL);
    assert_int_equal(clm_client_store_save(NULL, st, twin, &MGR, NULL), CLM_EEXISTS);
    assert_int_equal(clm_client_stored_version(twin), 0);

    clm_client_free(twin);
    clm_client_free(now);
    clm_client_free(b_before);
    clm_client_free(b);
    clm_client_free(a);
    clm_client_free(c);
    close_store(st);
}

/* Two handles on one database (two application servers): the second
 * writer of the same version gets CLM_ECONFLICT through its own handle. */
static void test_two_handles(void **state)
{
    (void)state;
    if (g_sqlite == 0)
        skip(); /* two memory handles never share a store */
    clm_store *st = open_store();
    clm_store *other = NULL;
#ifdef CLM_HAVE_POSTGRES
    if (g_sqlite == 2)
        assert_int_equal(clm_store_open_postgres(&other, g_conninfo), 0);
#endif
    if (g_sqlite == 1)
        assert_int_equal(clm_store_open_sqlite(&other, g_path, NULL), 0);
    assert_non_null(other);
    clm_client *c = make_client("c-1", "Vostok", "ivanov");
    save_ok(st, c, 1);
    clm_client *a = NULL, *b = NULL;
    assert_int_equal(clm_client_store_load(&a, st, "c-1"), 0);
    assert_int_equal(clm_client_store_load(&b, other, "c-1"), 0);
    assert_int_equal(clm_client_set_flag(a, &MGR, CLM_CLIENT_DEBTOR, true), 0);
    assert_int_equal(clm_client_set_flag(b, &HEAD, CLM_CLIENT_PRIVILEGED, true), 0);
    save_ok(other, b, 2);
    assert_int_equal(clm_client_store_save(NULL, st, a, &MGR, NULL), CLM_ECONFLICT);
    assert_int_equal(clm_client_stored_version(a), 1);
    clm_client *now = NULL;
    assert_int_equal(clm_client_store_load(&now, st, "c-1"), 0);
    assert_true(clm_client_equal(now, b));
    clm_client_free(now);
    clm_client_free(b);
    clm_client_free(a);
    clm_client_free(c);
    clm_store_free(other);
    close_store(st);
}

/* ---- delete --------------------------------------------------------------- */

static void test_delete(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *c = make_client("c-1", "Vostok", NULL);
    save_ok(st, c, 1);
    assert_int_equal(clm_client_set_flag(c, &MGR, CLM_CLIENT_DEBTOR, true), 0);
    save_ok(st, c, 2);
    assert_int_equal(clm_client_store_delete(st, &HEAD, "c-1", 1, "gone"), CLM_ECONFLICT);
    assert_int_equal(clm_client_store_delete(st, &HEAD, "c-9", 1, "gone"), CLM_ENOTFOUND);
    assert_int_equal(clm_client_store_delete(st, &HEAD, "c-1", 2, "gone"), 0);
    clm_client *back = NULL;
    assert_int_equal(clm_client_store_load(&back, st, "c-1"), CLM_ENOTFOUND);
    assert_null(back);
    /* Saving the deleted copy again names the lost record. */
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, NULL), CLM_ENOTFOUND);
    assert_int_equal(clm_client_stored_version(c), 2);
    clm_client_free(c);
    close_store(st);
}

/* ---- the audit log -------------------------------------------------------- */

typedef struct audit_seen {
    int n;
    clm_audit_op op[4];
    clm_client *before[4], *after[4];
    char user[4][32], role[4][32], note[4][32];
    clm_time at[4];
    int64_t version[4];
} audit_seen;

static clm_client *decode_body(const clm_record *r)
{
    if (r == NULL)
        return NULL;
    clm_client *c = NULL;
    if (clm_client_decode(&c, r->body, r->body_len) != 0)
        fail_msg("audit body: %s", clm_error_last()->message);
    return c;
}

static int collect_audit(const clm_audit_entry *e, void *payload)
{
    audit_seen *s = payload;
    if (s->n >= 4)
        return -1;
    int i = s->n++;
    s->op[i] = e->op;
    s->before[i] = decode_body(e->before);
    s->after[i] = decode_body(e->after);
    snprintf(s->user[i], sizeof s->user[i], "%s", e->actor.user);
    snprintf(s->role[i], sizeof s->role[i], "%s", e->actor.role);
    snprintf(s->note[i], sizeof s->note[i], "%s", e->note);
    s->at[i] = e->actor.at;
    s->version[i] = e->version;
    return 0;
}

static void test_audit(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *c = make_client("c-1", "Vostok", "ivanov");
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, "first contact"), 0);
    clm_client *v1 = dup_client(c);
    assert_int_equal(clm_client_category_add(c, &HEAD, "key", "manual: director", NULL), 0);
    assert_int_equal(clm_client_store_save(NULL, st, c, &HEAD, "made key"), 0);
    clm_client *v2 = dup_client(c);
    assert_int_equal(clm_client_store_delete(st, &HEAD, "c-1", 2, NULL), 0);

    audit_seen s;
    memset(&s, 0, sizeof s);
    clm_audit_filter f = CLM_AUDIT_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    f.id = "c-1";
    assert_int_equal(clm_store_audit_scan(st, &f, collect_audit, &s), 0);
    assert_int_equal(s.n, 3);

    /* A decoded body is an object that was never loaded from the store. */
    assert_int_equal(clm_client_stored_version(s.after[0]), 0);
    assert_int_equal(s.op[0], CLM_AUDIT_CREATE);
    assert_null(s.before[0]);
    assert_true(clm_client_equal(s.after[0], v1));
    assert_string_equal(s.user[0], "ivanov");
    assert_string_equal(s.role[0], "manager");
    assert_string_equal(s.note[0], "first contact");
    assert_int_equal(s.at[0], MGR.at);
    assert_int_equal(s.version[0], 1);

    assert_int_equal(s.op[1], CLM_AUDIT_UPDATE);
    assert_true(clm_client_equal(s.before[1], v1));
    assert_true(clm_client_equal(s.after[1], v2));
    assert_string_equal(s.user[1], "petrova");
    assert_string_equal(s.role[1], "head_of_department");
    assert_string_equal(s.note[1], "made key");
    assert_int_equal(s.version[1], 2);
    /* The client's own history names who made it key, and why. */
    clm_client_change ch;
    size_t last = clm_client_history_count(s.after[1]) - 1;
    assert_int_equal(clm_client_history_at(&ch, s.after[1], last), 0);
    assert_string_equal(ch.field, "category");
    assert_string_equal(ch.new_value, "key");
    assert_string_equal(ch.reason, "manual: director");

    assert_int_equal(s.op[2], CLM_AUDIT_DELETE);
    assert_true(clm_client_equal(s.before[2], v2));
    assert_null(s.after[2]);
    assert_string_equal(s.note[2], "");

    for (int i = 0; i < s.n; i++) {
        clm_client_free(s.before[i]);
        clm_client_free(s.after[i]);
    }
    clm_client_free(v2);
    clm_client_free(v1);
    clm_client_free(c);
    close_store(st);
}

/* Counts the keys a lookup finds. */
static int count_key_cb(const char *id, const char *name, const char *value, void *payload)
{
    (void)id;
    (void)name;
    (void)value;
    ++*(int *)payload;
    return 0;
}

/* How many clients hold the name key of `display`; or the lookup's
 * error (a fault walk may fail it). */
static int keys_holding(clm_store *st, const char *display)
{
    char *value = NULL;
    int n = 0;
    if (clm_client_name_normalize(&value, display) != 0)
        fail_msg("normalize: %s", clm_error_last()->message);
    int rc = clm_store_keys_find(st, CLM_RECORD_CLIENT, "name", value, CLM_KEY_EXACT,
                                 count_key_cb, &n);
    clm_free(value);
    return rc < 0 ? rc : n;
}

/* Two records equal in every field the store keeps. */
static void assert_record_equal(const clm_record *a, const clm_record *b)
{
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->kind, b->kind);
    assert_string_equal(a->id, b->id);
    assert_int_equal(a->version, b->version);
    const char *const fa[6] = { a->client_id, a->manager, a->state, a->name, a->category,
                                a->amount.currency };
    const char *const fb[6] = { b->client_id, b->manager, b->state, b->name, b->category,
                                b->amount.currency };
    for (int i = 0; i < 6; i++) {
        assert_true((fa[i] == NULL) == (fb[i] == NULL));
        if (fa[i] != NULL)
            assert_string_equal(fa[i], fb[i]);
    }
    assert_int_equal(a->due, b->due);
    assert_int_equal(a->amount.amount, b->amount.amount);
    assert_int_equal(a->body_len, b->body_len);
    assert_memory_equal(a->body, b->body, a->body_len);
}

typedef struct raw_audit {
    clm_audit_entry e[4];
    clm_record *before[4], *after[4];
    char user[4][32], role[4][32], note[4][64];
    int n;
} raw_audit;

static int keep_raw(const clm_audit_entry *e, void *payload)
{
    raw_audit *r = payload;
    if (r->n >= 4)
        return -1;
    int i = r->n++;
    r->e[i] = *e;
    snprintf(r->user[i], sizeof r->user[i], "%s", e->actor.user);
    snprintf(r->role[i], sizeof r->role[i], "%s", e->actor.role);
    snprintf(r->note[i], sizeof r->note[i], "%s", e->note);
    r->before[i] = NULL;
    r->after[i] = NULL;
    if ((e->before != NULL && clm_record_dup(&r->before[i], e->before) != 0) ||
        (e->after != NULL && clm_record_dup(&r->after[i], e->after) != 0))
        fail_msg("record_dup: %s", clm_error_last()->message);
    return 0;
}

/* Saves in a caller's transaction (the save's level is then nested, and
 * its audited write and keys run in it with no level of their own): each
 * entry holds who, when, why, the operation, the version and the record
 * exactly as stored before and after, field by field and byte by byte. */
static void test_audit_in_transaction(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *c = make_client("c-1", "Vostok", "ivanov");
    add_cat(c, "regular");
    assert_int_equal(clm_store_begin(st), 0);
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, "first contact"), 0);
    clm_record *v1 = NULL, *v2 = NULL;
    assert_int_equal(clm_store_get(&v1, st, CLM_RECORD_CLIENT, "c-1"), 0);
    assert_int_equal(clm_client_set_text(c, &HEAD, CLM_CLIENT_NAME, "Vostok Trading"), 0);
    add_cat(c, "key");
    assert_int_equal(clm_client_store_save(NULL, st, c, &HEAD, "made key"), 0);
    assert_int_equal(clm_store_get(&v2, st, CLM_RECORD_CLIENT, "c-1"), 0);
    assert_int_equal(clm_store_commit(st), 0);
    assert_int_equal(v1->version, 1);
    assert_int_equal(v2->version, 2);
    assert_string_equal(v2->category, "key regular");

    raw_audit r;
    memset(&r, 0, sizeof r);
    clm_audit_filter f = CLM_AUDIT_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    f.id = "c-1";
    assert_int_equal(clm_store_audit_scan(st, &f, keep_raw, &r), 0);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.e[0].op, CLM_AUDIT_CREATE);
    assert_int_equal(r.e[0].version, 1);
    assert_string_equal(r.user[0], MGR.user);
    assert_string_equal(r.role[0], MGR.role);
    assert_int_equal(r.e[0].actor.at, MGR.at);
    assert_string_equal(r.note[0], "first contact");
    assert_null(r.before[0]);
    assert_record_equal(r.after[0], v1);
    assert_int_equal(r.e[1].op, CLM_AUDIT_UPDATE);
    assert_int_equal(r.e[1].version, 2);
    assert_string_equal(r.user[1], HEAD.user);
    assert_string_equal(r.role[1], HEAD.role);
    assert_int_equal(r.e[1].actor.at, HEAD.at);
    assert_string_equal(r.note[1], "made key");
    assert_record_equal(r.before[1], v1);
    assert_record_equal(r.after[1], v2);
    assert_true(r.e[0].seq < r.e[1].seq);
    /* The keys followed the name: the old one went, the new one came. */
    assert_int_equal(keys_holding(st, "Vostok"), 0);
    assert_int_equal(keys_holding(st, "Vostok Trading"), 1);
    for (int i = 0; i < r.n; i++) {
        clm_record_free(r.before[i]);
        clm_record_free(r.after[i]);
    }
    clm_record_free(v1);
    clm_record_free(v2);
    clm_client_free(c);
    close_store(st);
}

/* ---- scans ---------------------------------------------------------------- */

typedef struct ids_seen {
    char ids[8][16];
    int64_t versions[8];
    int n;
    int stop_at; /* return 42 at this count (0: never) */
} ids_seen;

static int collect_client(const clm_client *c, void *payload)
{
    ids_seen *s = payload;
    if (s->n >= 8)
        return -1;
    snprintf(s->ids[s->n], sizeof s->ids[0], "%s", clm_client_id(c));
    s->versions[s->n] = clm_client_stored_version(c);
    s->n++;
    return s->stop_at != 0 && s->n == s->stop_at ? 42 : 0;
}

static ids_seen scan_clients(clm_store *st, const char *manager, clm_client_state state_,
                             const char *category)
{
    ids_seen s;
    memset(&s, 0, sizeof s);
    clm_client_filter f;
    assert_int_equal(clm_client_filter_init(&f), 0);
    f.manager = manager;
    f.state = state_;
    f.category = category;
    if (clm_client_store_scan(st, &f, collect_client, &s) != 0)
        fail_msg("scan: %s", clm_error_last()->message);
    return s;
}

static void seed_scan(clm_store *st)
{
    /* id      manager   state     categories */
    /* c-1     ivanov    new       key, dormant */
    /* c-2     ivanov    potential key account  (one category with a space) */
    /* c-3     sidorov   new       key */
    /* c-4     (none)    potential (none) */
    clm_client *c1 = make_client("c-1", "One", "ivanov");
    add_cat(c1, "key");
    add_cat(c1, "dormant");
    set_state(c1, CLM_CLIENT_NEW);
    clm_client *c2 = make_client("c-2", "Two", "ivanov");
    add_cat(c2, "key account");
    clm_client *c3 = make_client("c-3", "Three", "sidorov");
    add_cat(c3, "key");
    set_state(c3, CLM_CLIENT_NEW);
    clm_client *c4 = make_client("c-4", "Four", NULL);
    /* Saved out of order: the scan gives id order. */
    save_ok(st, c3, 1);
    save_ok(st, c1, 1);
    save_ok(st, c4, 1);
    save_ok(st, c2, 1);
    save_ok(st, c1, 2);
    clm_client_free(c1);
    clm_client_free(c2);
    clm_client_free(c3);
    clm_client_free(c4);
    /* A record of another kind is never visited. */
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_OFFER;
    r.id = "c-0";
    r.manager = "ivanov";
    assert_int_equal(clm_store_put(NULL, st, &r), 0);
}

static void test_scan(void **state)
{
    (void)state;
    clm_store *st = open_store();
    seed_scan(st);
    ids_seen s = scan_clients(st, NULL, 0, NULL);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.ids[0], "c-1");
    assert_int_equal(s.versions[0], 2);
    assert_string_equal(s.ids[3], "c-4");
    assert_int_equal(s.versions[3], 1);

    s = scan_clients(st, "ivanov", 0, NULL);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.ids[0], "c-1");
    assert_string_equal(s.ids[1], "c-2");

    s = scan_clients(st, NULL, CLM_CLIENT_NEW, NULL);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.ids[0], "c-1");
    assert_string_equal(s.ids[1], "c-3");

    /* "key" among several, not inside "key account". */
    s = scan_clients(st, NULL, 0, "key");
    assert_int_equal(s.n, 2);
    assert_string_equal(s.ids[0], "c-1");
    assert_string_equal(s.ids[1], "c-3");
    s = scan_clients(st, NULL, 0, "key account");
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ids[0], "c-2");
    s = scan_clients(st, NULL, 0, "account");
    assert_int_equal(s.n, 0);
    s = scan_clients(st, NULL, 0, "dormant");
    assert_int_equal(s.n, 1);

    s = scan_clients(st, "ivanov", CLM_CLIENT_NEW, "key");
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ids[0], "c-1");
    s = scan_clients(st, "nobody", 0, NULL);
    assert_int_equal(s.n, 0);

    /* NULL filter = all; a callback's nonzero value stops and comes back. */
    ids_seen t;
    memset(&t, 0, sizeof t);
    t.stop_at = 2;
    assert_int_equal(clm_client_store_scan(st, NULL, collect_client, &t), 42);
    assert_int_equal(t.n, 2);
    close_store(st);
}

/* A stored body that is not a client: load and scan say so, naming it. */
static void test_corrupt_body(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = "bad";
    r.body = "not a client";
    r.body_len = 12;
    assert_int_equal(clm_store_put(NULL, st, &r), 0);
    clm_client *c = NULL;
    assert_int_equal(clm_client_store_load(&c, st, "bad"), CLM_EPARSE);
    assert_null(c);
    assert_non_null(strstr(clm_error_last()->message, "'bad'"));
    ids_seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(clm_client_store_scan(st, NULL, collect_client, &s), CLM_EPARSE);
    assert_int_equal(s.n, 0);

    /* A body holding another client's id. */
    clm_client *other = make_client("someone-else", "Other", NULL);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(clm_client_encode(&text, &len, other), 0);
    r.id = "mismatch";
    r.body = text;
    r.body_len = len;
    assert_int_equal(clm_store_put(NULL, st, &r), 0);
    assert_int_equal(clm_client_store_load(&c, st, "mismatch"), CLM_EPARSE);
    assert_null(c);
    clm_free(text);
    clm_client_free(other);
    close_store(st);
}

/* ---- contact log ------------------------------------------------------------ */

static clm_contact_entry entry(const char *client, const char *manager, clm_time at,
                               clm_date due)
{
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    e.direction = CLM_CONTACT_OUTGOING;
    e.channel = CLM_CHANNEL_CALL;
    e.at = at;
    e.client_id = client;
    e.manager = manager;
    e.purpose = "offer | follow-up";
    e.result = "asked for a price list";
    if (due != CLM_CONTACT_NO_DATE) {
        e.next_action = "send the price list";
        e.next_due = due;
    }
    return e;
}

typedef struct contacts_seen {
    int n;
    char ids[8][16];
    int64_t versions[8];
    clm_contact_entry first; /* a copy of the first entry's scalars */
    char purpose[64], next_action[64], client[16];
} contacts_seen;

static int collect_contact(const char *id, int64_t version, const clm_contact_entry *e,
                           void *payload)
{
    contacts_seen *s = payload;
    if (s->n >= 8)
        return -1;
    if (s->n == 0) {
        s->first = *e;
        snprintf(s->purpose, sizeof s->purpose, "%s", e->purpose);
        snprintf(s->next_action, sizeof s->next_action, "%s", e->next_action);
        snprintf(s->client, sizeof s->client, "%s", e->client_id);
    }
    snprintf(s->ids[s->n], sizeof s->ids[0], "%s", id);
    s->versions[s->n] = version;
    s->n++;
    return 0;
}

static contacts_seen scan_contacts(clm_store *st, const char *client, const char *manager,
                                   clm_date from, clm_date to)
{
    contacts_seen s;
    memset(&s, 0, sizeof s);
    clm_contact_filter f;
    assert_int_equal(clm_contact_filter_init(&f), 0);
    f.client_id = client;
    f.manager = manager;
    f.due_from = from;
    f.due_to = to;
    if (clm_contact_store_scan(st, &f, collect_contact, &s) != 0)
        fail_msg("contact scan: %s", clm_error_last()->message);
    return s;
}

#define DAY(y, m, d) day_of(y, m, d)
static clm_date day_of(int y, int m, int d)
{
    clm_date out = 0;
    if (clm_date_from_ymd(&out, y, m, d) != 0)
        fail_msg("date");
    return out;
}

static void test_contacts(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_time t0 = (clm_time)DAY(2026, 11, 2) * 86400 + 3600;
    clm_contact_entry e1 = entry("c-1", "ivanov", t0, DAY(2026, 11, 9));
    clm_contact_entry e2 = entry("c-2", "ivanov", t0 + 60, DAY(2026, 11, 20));
    clm_contact_entry e3 = entry("c-1", "sidorov", t0 + 120, CLM_CONTACT_NO_DATE);
    clm_contact_entry e4 = entry("c-3", "ivanov", t0 + 180, CLM_CONTACT_NO_DATE);
    int64_t v = 0;
    assert_int_equal(clm_contact_store_save(&v, st, &MGR, "k-1", 0, &e1, "call"), 0);
    assert_int_equal(v, 1);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k-2", 0, &e2, NULL), 0);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k-3", 0, &e3, NULL), 0);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k-4", 0, &e4, NULL), 0);

    /* Columns. */
    clm_record *rec = NULL;
    assert_int_equal(clm_store_get(&rec, st, CLM_RECORD_CONTACT, "k-1"), 0);
    assert_string_equal(rec->client_id, "c-1");
    assert_string_equal(rec->manager, "ivanov");
    assert_int_equal(rec->due, DAY(2026, 11, 9));
    assert_null(rec->state);
    clm_record_free(rec);
    assert_int_equal(clm_store_get(&rec, st, CLM_RECORD_CONTACT, "k-3"), 0);
    assert_int_equal(rec->due, CLM_RECORD_NO_DUE);
    clm_record_free(rec);

    /* By client, with the entry back whole. */
    contacts_seen s = scan_contacts(st, "c-1", NULL, CLM_CONTACT_NO_DATE, CLM_CONTACT_NO_DATE);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.ids[0], "k-1");
    assert_string_equal(s.ids[1], "k-3");
    assert_int_equal(s.versions[0], 1);
    assert_int_equal(s.first.at, t0);
    assert_int_equal(s.first.direction, CLM_CONTACT_OUTGOING);
    assert_int_equal(s.first.channel, CLM_CHANNEL_CALL);
    assert_int_equal(s.first.next_due, DAY(2026, 11, 9));
    assert_string_equal(s.purpose, "offer | follow-up");
    assert_string_equal(s.next_action, "send the price list");
    assert_string_equal(s.client, "c-1");

    /* By manager and due range: entries without a next action drop out. */
    s = scan_contacts(st, NULL, "ivanov", DAY(2026, 11, 1), DAY(2026, 11, 10));
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ids[0], "k-1");
    s = scan_contacts(st, NULL, "ivanov", DAY(2026, 11, 9), DAY(2026, 11, 20));
    assert_int_equal(s.n, 2);
    s = scan_contacts(st, NULL, "ivanov", CLM_CONTACT_NO_DATE, DAY(2026, 11, 19));
    assert_int_equal(s.n, 1);
    s = scan_contacts(st, NULL, "ivanov", CLM_CONTACT_NO_DATE, CLM_CONTACT_NO_DATE);
    assert_int_equal(s.n, 3);

    /* A correction names the version it read. */
    e1.result = "price list sent at once";
    assert_int_equal(clm_contact_store_save(&v, st, &MGR, "k-1", 1, &e1, "fix"), 0);
    assert_int_equal(v, 2);
    v = 77;
    assert_int_equal(clm_contact_store_save(&v, st, &MGR, "k-1", 1, &e1, "fix"), CLM_ECONFLICT);
    assert_int_equal(v, 77);
    assert_int_equal(clm_contact_store_save(&v, st, &MGR, "k-2", 0, &e1, NULL), CLM_EEXISTS);

    /* A loaded log feeds the due list. */
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_store_load_log(&log, st, NULL), 0);
    assert_int_equal(clm_contact_log_count(log), 4);
    clm_contact_entry got;
    assert_int_equal(clm_contact_log_at(&got, log, 0), 0); /* k-1, corrected */
    assert_string_equal(got.result, "price list sent at once");
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = "ivanov";
    q.on = DAY(2026, 11, 10);
    clm_task_list *tasks = NULL;
    /* k-1's next action was closed by sidorov's later call to c-1 (k-3). */
    assert_int_equal(clm_contact_due(&tasks, log, &q), 0);
    assert_int_equal(clm_task_list_count(tasks), 0);
    clm_task_list_free(tasks);
    q.on = DAY(2026, 11, 20);
    assert_int_equal(clm_contact_due(&tasks, log, &q), 0);
    assert_int_equal(clm_task_list_count(tasks), 1);
    assert_string_equal(clm_task_list_at(tasks, 0)->client_id, "c-2");
    assert_int_equal(clm_task_list_at(tasks, 0)->due, DAY(2026, 11, 20));
    clm_task_list_free(tasks);
    clm_contact_log_free(log);
    /* Loaded for ivanov alone, the log lacks k-3: k-1 looks open. */
    clm_contact_filter mine = CLM_CONTACT_FILTER_INIT;
    mine.manager = "ivanov";
    assert_int_equal(clm_contact_store_load_log(&log, st, &mine), 0);
    assert_int_equal(clm_contact_log_count(log), 3);
    q.on = DAY(2026, 11, 10);
    assert_int_equal(clm_contact_due(&tasks, log, &q), 0);
    assert_int_equal(clm_task_list_count(tasks), 1);
    assert_int_equal(clm_task_list_at(tasks, 0)->overdue, 1);
    clm_task_list_free(tasks);
    clm_contact_log_free(log);
    log = NULL;
    mine.manager = "";
    assert_int_equal(clm_contact_store_load_log(&log, st, &mine), CLM_EINVAL);
    assert_null(log);
    assert_int_equal(clm_contact_store_load_log(NULL, st, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_load_log(&log, NULL, NULL), CLM_EINVAL);

    close_store(st);
}

static int count_audit(const clm_audit_entry *e, void *payload)
{
    (void)e;
    ++*(int *)payload;
    return 0;
}

static void test_contact_audit(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_contact_entry e = entry("c-1", "ivanov", 1700000000, CLM_CONTACT_NO_DATE);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k-1", 0, &e, "logged"), 0);
    e.result = "corrected";
    assert_int_equal(clm_contact_store_save(NULL, st, &HEAD, "k-1", 1, &e, NULL), 0);
    int n = 0;
    clm_audit_filter af = CLM_AUDIT_FILTER_INIT;
    af.kind = CLM_RECORD_CONTACT;
    assert_int_equal(clm_store_audit_scan(st, &af, count_audit, &n), 0);
    assert_int_equal(n, 2);
    close_store(st);
}

/* ---- bad arguments -------------------------------------------------------- */

static int never(const clm_client *c, void *payload)
{
    (void)c;
    (void)payload;
    return -1;
}

static int never_contact(const char *id, int64_t v, const clm_contact_entry *e, void *p)
{
    (void)id;
    (void)v;
    (void)e;
    (void)p;
    return -1;
}

static void test_bad_arguments(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *c = make_client("c-1", "Vostok", NULL);
    clm_actor nobody = { "", "manager", 0 };
    store_snapshot before;
    assert_int_equal(store_snapshot_take(&before, st), 0);

    assert_int_equal(clm_client_store_save(NULL, NULL, c, &MGR, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_save(NULL, st, NULL, &MGR, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_save(NULL, st, c, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_save(NULL, st, c, &nobody, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, "bad\xffnote"), CLM_EINVAL);
    assert_int_equal(clm_client_stored_version(c), 0);

    clm_client *out = NULL;
    assert_int_equal(clm_client_store_load(NULL, st, "c-1"), CLM_EINVAL);
    assert_int_equal(clm_client_store_load(&out, NULL, "c-1"), CLM_EINVAL);
    assert_int_equal(clm_client_store_load(&out, st, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_load(&out, st, ""), CLM_EINVAL);
    assert_int_equal(clm_client_store_load(&out, st, "c-1"), CLM_ENOTFOUND);
    assert_null(out);

    assert_int_equal(clm_client_store_delete(NULL, &MGR, "c-1", 1, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_delete(st, NULL, "c-1", 1, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_delete(st, &MGR, NULL, 1, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_delete(st, &MGR, "c-1", 0, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "version");

    clm_client_filter f = CLM_CLIENT_FILTER_INIT;
    assert_int_equal(clm_client_store_scan(NULL, &f, never, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_scan(st, &f, NULL, NULL), CLM_EINVAL);
    f.version = 99;
    assert_int_equal(clm_client_store_scan(st, &f, never, NULL), CLM_EVERSION);
    f.version = CLM_CLIENT_FILTER_VERSION;
    f.manager = "";
    assert_int_equal(clm_client_store_scan(st, &f, never, NULL), CLM_EINVAL);
    f.manager = NULL;
    f.category = "";
    assert_int_equal(clm_client_store_scan(st, &f, never, NULL), CLM_EINVAL);
    f.category = NULL;
    f.state = (clm_client_state)99;
    assert_int_equal(clm_client_store_scan(st, &f, never, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_filter_init(NULL), CLM_EINVAL);

    clm_contact_entry e = entry("c-1", "ivanov", 1700000000, CLM_CONTACT_NO_DATE);
    assert_int_equal(clm_contact_store_save(NULL, NULL, &MGR, "k", 0, &e, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_save(NULL, st, NULL, "k", 0, &e, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, NULL, 0, &e, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "", 0, &e, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k", 0, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k", -1, &e, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_save(NULL, st, &nobody, "k", 0, &e, NULL), CLM_EINVAL);
    clm_contact_entry bad = e;
    bad.client_id = NULL;
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k", 0, &bad, NULL), CLM_EINVAL);
    bad = e;
    bad.version = 7;
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k", 0, &bad, NULL), CLM_EVERSION);
    bad = e;
    bad.next_action = "call back"; /* a next action without a due date */
    assert_int_equal(clm_contact_store_save(NULL, st, &MGR, "k", 0, &bad, NULL), CLM_EINVAL);

    clm_contact_filter cf = CLM_CONTACT_FILTER_INIT;
    assert_int_equal(clm_contact_store_scan(NULL, &cf, never_contact, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_store_scan(st, &cf, NULL, NULL), CLM_EINVAL);
    cf.version = 0;
    assert_int_equal(clm_contact_store_scan(st, &cf, never_contact, NULL), CLM_EVERSION);
    cf.version = CLM_CONTACT_FILTER_VERSION;
    cf.client_id = "";
    assert_int_equal(clm_contact_store_scan(st, &cf, never_contact, NULL), CLM_EINVAL);
    cf.client_id = NULL;
    cf.due_from = 20;
    cf.due_to = 10;
    assert_int_equal(clm_contact_store_scan(st, &cf, never_contact, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_filter_init(NULL), CLM_EINVAL);

    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);
    clm_client_free(c);
    close_store(st);
}

/* ---- no partial write at any failing storage call -------------------------- */

typedef struct fstate {
    clm_client *c;      /* the object the op saves */
    clm_client *copy;   /* c as setup left it */
} fstate;

static void *fault_setup_create(clm_store *st)
{
    (void)st;
    fstate *s = calloc(1, sizeof *s);
    s->c = make_client("c-1", "Vostok", "ivanov");
    add_cat(s->c, "key");
    s->copy = dup_client(s->c);
    return s;
}

static void *fault_setup_update(clm_store *st)
{
    fstate *s = fault_setup_create(st);
    save_ok(st, s->c, 1);
    assert_int_equal(clm_client_category_add(s->c, &HEAD, "regular", "rule:r", NULL), 0);
    clm_client_free(s->copy);
    s->copy = dup_client(s->c);
    return s;
}

static void fault_teardown(void *state)
{
    fstate *s = state;
    clm_client_free(s->c);
    clm_client_free(s->copy);
    free(s);
}

/* The op saves; on failure the client must be exactly as before. */
static int fault_op_save(clm_store *st, void *state)
{
    fstate *s = state;
    int64_t before = clm_client_stored_version(s->c);
    int64_t v = -5;
    int rc = clm_client_store_save(&v, st, s->c, &MGR, "walk");
    if (rc < 0) {
        if (!clm_client_equal(s->c, s->copy) || clm_client_stored_version(s->c) != before ||
            v != -5)
            fail_msg("a failed save changed the client object");
    } else if (clm_client_stored_version(s->c) != before + 1 || v != before + 1) {
        fail_msg("save: version %lld, expected %lld", (long long)v, (long long)before + 1);
    }
    return rc;
}

static int fault_op_delete(clm_store *st, void *state)
{
    (void)state;
    return clm_client_store_delete(st, &HEAD, "c-1", 1, "walk");
}

/* A domain operation in the caller's transaction: save the client and log
 * the call that changed it, both or neither. */
static int fault_op_save_with_contact(clm_store *st, void *state)
{
    fstate *s = state;
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    clm_contact_entry e = entry("c-1", "ivanov", 1700000000, CLM_CONTACT_NO_DATE);
    if ((rc = fault_op_save(st, s)) < 0 ||
        (rc = clm_contact_store_save(NULL, st, &MGR, "k-1", 0, &e, "walk")) < 0) {
        clm_store_rollback(st);
        /* The object already holds the new version if the save went
         * through: a caller that rolls back reloads. */
        return rc;
    }
    return clm_store_commit(st);
}

static int fault_op_contact(clm_store *st, void *state)
{
    (void)state;
    clm_contact_entry e = entry("c-1", "ivanov", 1700000000, DAY(2026, 11, 30));
    int64_t v = -5;
    int rc = clm_contact_store_save(&v, st, &MGR, "k-1", 0, &e, "walk");
    if (rc < 0 && v != -5)
        fail_msg("a failed contact save wrote *out");
    return rc;
}

static void *fault_setup_contact_update(clm_store *st)
{
    clm_contact_entry e = entry("c-1", "ivanov", 1700000000, CLM_CONTACT_NO_DATE);
    if (clm_contact_store_save(NULL, st, &MGR, "k-1", 0, &e, NULL) != 0)
        fail_msg("seed contact: %s", clm_error_last()->message);
    return NULL;
}

static int fault_op_contact_update(clm_store *st, void *state)
{
    (void)state;
    clm_contact_entry e = entry("c-1", "ivanov", 1700000000, DAY(2026, 11, 30));
    return clm_contact_store_save(NULL, st, &MGR, "k-1", 1, &e, "walk");
}

/* True if the save's failure came from a storage call after the record
 * was written (the audit append, the keys): the injected message names
 * the call, and the save keeps it as the last error. */
static int failed_after_write(void)
{
    const char *m = clm_error_last()->message;
    if (m == NULL || strstr(m, "fault store: injected failure of ") == NULL)
        fail_msg("the save's last error is not the injected one: %s", m != NULL ? m : "(none)");
    return strstr(m, "of audit_append ") != NULL || strstr(m, "of keys_set ") != NULL;
}

/* A broken handle (store.h, "Transactions"): every call but rollback is
 * refused with CLM_EIO, and commit rolls the level back instead. */
static void assert_broken_then_commit(clm_store *st)
{
    clm_record *r = NULL;
    assert_int_equal(clm_store_get(&r, st, CLM_RECORD_TASK, "t-1"), CLM_EIO);
    assert_non_null(strstr(clm_error_last()->message, "half-way"));
    int n = 0;
    assert_int_equal(clm_store_audit_scan(st, NULL, count_audit, &n), CLM_EIO);
    assert_int_equal(clm_store_begin(st), CLM_EIO);
    assert_int_equal(clm_store_depth(st), 1);
    assert_int_equal(clm_store_commit(st), CLM_EIO);
    assert_int_equal(clm_store_depth(st), 0);
}

/* A save in the caller's transaction, after a write of the caller's own.
 * The save opens no level there (clm_client_store_save()): when it fails
 * before writing the record (its read, the record's put), the caller's
 * transaction goes on with its own write and nothing of the save: the
 * record as it was (version 1, its old name), no new audit entry, the old
 * name's key and not the new one's; then the caller rolls back. When the
 * storage fails after the record was written (its audit entry, its
 * keys), the handle is broken: every call is refused, and the caller's
 * commit rolls back instead of committing half a save. Either way
 * fault_check then finds the store as the setup left it. */
static int fault_op_save_in_txn(clm_store *st, void *state)
{
    fstate *s = state;
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    clm_record mine = CLM_RECORD_INIT;
    mine.kind = CLM_RECORD_TASK;
    mine.id = "t-1";
    mine.body = "caller's";
    mine.body_len = 8;
    if ((rc = clm_store_put(NULL, st, &mine)) < 0) {
        clm_store_rollback(st);
        return rc;
    }
    int entries = 0;
    if ((rc = clm_store_audit_scan(st, NULL, count_audit, &entries)) < 0) {
        clm_store_rollback(st);
        return rc;
    }
    clm_client *renamed = dup_client(s->c);
    assert_int_equal(clm_client_set_text(renamed, &MGR, CLM_CLIENT_NAME, "Zapad"), 0);
    rc = clm_client_store_save(NULL, st, renamed, &MGR, "walk");
    clm_client_free(renamed);
    if (rc < 0 && failed_after_write()) {
        assert_broken_then_commit(st);
        return rc;
    }
    if (rc < 0) {
        assert_int_equal(clm_store_depth(st), 1);
        clm_record *r = NULL;
        assert_int_equal(clm_store_get(&r, st, CLM_RECORD_TASK, "t-1"), 0);
        clm_record_free(r);
        assert_int_equal(clm_store_get(&r, st, CLM_RECORD_CLIENT, "c-1"), 0);
        assert_int_equal(r->version, 1);
        assert_string_equal(r->name, "Vostok");
        clm_record_free(r);
        int now = 0;
        assert_int_equal(clm_store_audit_scan(st, NULL, count_audit, &now), 0);
        assert_int_equal(now, entries);
        assert_int_equal(keys_holding(st, "Vostok"), 1);
        assert_int_equal(keys_holding(st, "Zapad"), 0);
        clm_store_rollback(st);
        return rc;
    }
    /* The save went through: its entry and its keys are there (a fault
     * may still hit one of these reads: then the walk goes on). */
    int now = 0, old_key = 0, new_key = 0;
    if ((rc = clm_store_audit_scan(st, NULL, count_audit, &now)) == 0 &&
        (rc = old_key = keys_holding(st, "Vostok")) >= 0 &&
        (rc = new_key = keys_holding(st, "Zapad")) >= 0) {
        assert_int_equal(now, entries + 1);
        assert_int_equal(old_key, 0);
        assert_int_equal(new_key, 1);
        rc = 0;
    }
    clm_store_rollback(st);
    return rc;
}

static int new_sqlite_backend(clm_store_backend **out, void *payload)
{
    (void)payload;
#ifdef CLM_HAVE_POSTGRES
    if (g_sqlite == 2) {
        pg_new_schema();
        return clm_store_backend_postgres_new(out, g_conninfo);
    }
#endif
    remove_db(g_path);
#ifdef CLM_HAVE_SQLITE
    return clm_store_backend_sqlite_new(out, g_path, NULL);
#else
    (void)out;
    return CLM_ENOTSUP;
#endif
}

static long run_fault(void *(*setup)(clm_store *), int (*op)(clm_store *, void *),
                      void (*teardown)(void *))
{
    fault_case fc = { setup, op, teardown };
    long calls = g_sqlite ? fault_check_over(&fc, new_sqlite_backend, NULL) : fault_check(&fc);
#ifdef CLM_HAVE_POSTGRES
    if (g_sqlite == 2) {
        pg_drop_schema();
        return calls;
    }
#endif
    if (g_sqlite)
        remove_db(g_path);
    return calls;
}

static void test_fault_walk(void **state)
{
    (void)state;
    /* A client save is one level (begin ... commit) holding the audited
     * write (a create: put, audit append; an update: get, put, audit
     * append) and the lookup keys (keys_set), neither with a level of its
     * own: 1 + 2 + 1 + 1 and 1 + 3 + 1 + 1 (this client holds no
     * identifier, so no duplicate lookup). Each failure in turn must
     * leave neither the record nor its audit entry nor its keys. */
    assert_int_equal(run_fault(fault_setup_create, fault_op_save, fault_teardown), 5);
    assert_int_equal(run_fault(fault_setup_update, fault_op_save, fault_teardown), 6);
    assert_int_equal(run_fault(fault_setup_update, fault_op_delete, fault_teardown), 5);
    /* A new contact-log entry: begin, put, audit append, commit (a create
     * reads nothing first); a changed one: begin, get, put, append, commit. */
    assert_int_equal(run_fault(NULL, fault_op_contact, NULL), 4);
    assert_int_equal(run_fault(fault_setup_contact_update, fault_op_contact_update, NULL), 5);
    /* Two audited writes in one transaction: begin + (3 for the client
     * save, which opens no level inside it: put, append, keys_set) + 4
     * (the contact's begin, put, append, commit) + commit. */
    assert_int_equal(run_fault(fault_setup_create, fault_op_save_with_contact, fault_teardown),
                     9);
    /* Inside a caller's transaction, after a write of its own, each
     * failure in turn (fault_op_save_in_txn checks before rolling back):
     * begin, put, audit scan, the save with no level of its own (get,
     * put, append, keys_set), then its reads (audit scan, two key
     * lookups). */
    assert_int_equal(run_fault(fault_setup_update, fault_op_save_in_txn, fault_teardown), 10);
}

/* Inside a caller's transaction every refusal of a save is found before
 * its first write: a stale version, a taken id, another client's INN, a
 * category list too long for its column. The caller's transaction stays
 * open and usable, and commits its own write and nothing of the refused
 * saves. */
static void test_save_in_txn_refusals(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *a = make_client("c-1", "Vostok", "ivanov");
    assert_int_equal(clm_client_set_taxid(a, &MGR, NULL, "RU", "INN", "7707083893"), 0);
    save_ok(st, a, 1);
    clm_client *stale = dup_client(a);
    save_ok(st, a, 2);
    int entries = 0;
    assert_int_equal(clm_store_audit_scan(st, NULL, count_audit, &entries), 0);

    assert_int_equal(clm_store_begin(st), 0);
    clm_record mine = CLM_RECORD_INIT;
    mine.kind = CLM_RECORD_TASK;
    mine.id = "t-1";
    assert_int_equal(clm_store_put(NULL, st, &mine), 0);
    /* a stale version */
    assert_int_equal(clm_client_set_text(stale, &MGR, CLM_CLIENT_NAME, "Stale"), 0);
    assert_int_equal(clm_client_store_save(NULL, st, stale, &MGR, "stale"), CLM_ECONFLICT);
    /* a taken id */
    clm_client *twin = make_client("c-1", "Twin", NULL);
    assert_int_equal(clm_client_store_save(NULL, st, twin, &MGR, "twin"), CLM_EEXISTS);
    /* another client's INN */
    clm_client *dup = make_client("c-2", "Copy", NULL);
    assert_int_equal(clm_client_set_taxid(dup, &MGR, NULL, "RU", "INN", "7707083893"), 0);
    assert_int_equal(clm_client_store_save(NULL, st, dup, &MGR, "dup"), CLM_EEXISTS);
    assert_string_equal(clm_error_last()->field, "id.RU.INN");
    /* a category list longer than its column */
    clm_client *wide = make_client("c-3", "Wide", NULL);
    char cat[101];
    for (int i = 0; i < 12; i++) {
        snprintf(cat, sizeof cat, "%c%098d", 'a' + i, i);
        add_cat(wide, cat);
    }
    assert_int_equal(clm_client_store_save(NULL, st, wide, &MGR, "wide"), CLM_ELIMIT);
    /* The transaction is intact: reads work, and it commits. */
    assert_int_equal(clm_store_depth(st), 1);
    clm_record *r = NULL;
    assert_int_equal(clm_store_get(&r, st, CLM_RECORD_CLIENT, "c-1"), 0);
    assert_int_equal(r->version, 2);
    assert_string_equal(r->name, "Vostok");
    clm_record_free(r);
    assert_int_equal(clm_store_get(&r, st, CLM_RECORD_CLIENT, "c-2"), CLM_ENOTFOUND);
    assert_int_equal(clm_store_get(&r, st, CLM_RECORD_CLIENT, "c-3"), CLM_ENOTFOUND);
    assert_int_equal(clm_store_commit(st), 0);
    assert_int_equal(clm_store_get(&r, st, CLM_RECORD_TASK, "t-1"), 0);
    clm_record_free(r);
    int now = 0;
    assert_int_equal(clm_store_audit_scan(st, NULL, count_audit, &now), 0);
    assert_int_equal(now, entries);
    assert_int_equal(keys_holding(st, "Stale"), 0);
    assert_int_equal(keys_holding(st, "Copy"), 0);
    clm_client_free(a);
    clm_client_free(stale);
    clm_client_free(twin);
    clm_client_free(dup);
    clm_client_free(wide);
    close_store(st);
}

/* A store over the fault backend over this group's backend. */
static clm_store *open_fault_store(fault_backend **fb)
{
    clm_store *st = NULL;
    if (g_sqlite) {
        clm_store_backend *b = NULL;
        if (new_sqlite_backend(&b, NULL) != 0 || fault_store_wrap(&st, fb, b) != 0)
            fail_msg("fault store: %s", clm_error_last()->message);
    } else if (fault_store_open(&st, fb) != 0) {
        fail_msg("fault store: %s", clm_error_last()->message);
    }
    return st;
}

/* The storage failing after a save wrote its record, inside a caller's
 * transaction (nested one level deep, to see that the mark goes with the
 * level it names): the save returns the storage's error, the handle is
 * broken (every call refused, a commit rolls back), and rolling back the
 * level the save ran in undoes the save with that level's writes and
 * makes the handle usable, the outer level intact; its commit writes
 * the caller's first write and nothing of the save. */
static void test_save_in_txn_broken(void **state)
{
    (void)state;
    /* The save's storage calls in a caller's transaction: an update is
     * get, put, audit append, keys_set. */
    static const struct {
        long call;
        const char *what;
    } after_write[] = { { 3, "audit_append" }, { 4, "keys_set" } };
    for (size_t i = 0; i < sizeof after_write / sizeof after_write[0]; i++) {
        fault_backend *fb = NULL;
        clm_store *st = open_fault_store(&fb);
        clm_client *c = make_client("c-1", "Vostok", "ivanov");
        save_ok(st, c, 1);
        int entries = 0;
        assert_int_equal(clm_store_audit_scan(st, NULL, count_audit, &entries), 0);
        assert_int_equal(clm_store_begin(st), 0);
        clm_record outer = CLM_RECORD_INIT;
        outer.kind = CLM_RECORD_TASK;
        outer.id = "t-0";
        assert_int_equal(clm_store_put(NULL, st, &outer), 0);
        assert_int_equal(clm_store_begin(st), 0);
        clm_record mine = CLM_RECORD_INIT;
        mine.kind = CLM_RECORD_TASK;
        mine.id = "t-1";
        assert_int_equal(clm_store_put(NULL, st, &mine), 0);
        assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NAME, "Zapad"), 0);
        fault_fail_at(fb, after_write[i].call, CLM_EIO);
        assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, "broken"), CLM_EIO);
        assert_true(fault_fired(fb));
        assert_non_null(strstr(clm_error_last()->message, after_write[i].what));
        assert_int_equal(clm_client_stored_version(c), 1);
        /* Broken: refused, reads included. */
        clm_record *r = NULL;
        assert_int_equal(clm_store_get(&r, st, CLM_RECORD_CLIENT, "c-1"), CLM_EIO);
        assert_non_null(strstr(clm_error_last()->message, after_write[i].what));
        assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, "again"), CLM_EIO);
        int64_t count = 0;
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = CLM_RECORD_CLIENT;
        assert_int_equal(clm_store_count(&count, st, &f), CLM_EIO);
        assert_int_equal(clm_store_depth(st), 2);
        if (i == 0) {
            /* A commit of the level rolls it back instead. */
            assert_int_equal(clm_store_commit(st), CLM_EIO);
        } else {
            assert_int_equal(clm_store_rollback(st), 0);
        }
        /* The outer level is intact and usable. */
        assert_int_equal(clm_store_depth(st), 1);
        assert_int_equal(clm_store_get(&r, st, CLM_RECORD_TASK, "t-1"), CLM_ENOTFOUND);
        assert_int_equal(clm_store_get(&r, st, CLM_RECORD_CLIENT, "c-1"), 0);
        assert_int_equal(r->version, 1);
        assert_string_equal(r->name, "Vostok");
        clm_record_free(r);
        assert_int_equal(keys_holding(st, "Zapad"), 0);
        assert_int_equal(keys_holding(st, "Vostok"), 1);
        assert_int_equal(clm_store_commit(st), 0);
        assert_int_equal(clm_store_get(&r, st, CLM_RECORD_TASK, "t-0"), 0);
        clm_record_free(r);
        int now = 0;
        assert_int_equal(clm_store_audit_scan(st, NULL, count_audit, &now), 0);
        assert_int_equal(now, entries);
        /* And the save goes through now. */
        save_ok(st, c, 2);
        assert_int_equal(keys_holding(st, "Zapad"), 1);
        clm_client_free(c);
        close_store(st);
    }
}

/* ---- out of memory ---------------------------------------------------------- */

typedef struct ostate {
    clm_store *st;
    clm_client *c, *copy;
    store_snapshot before;
    clm_client *loaded;
    int64_t contacts;
} ostate;

static ostate *oom_new(int saved)
{
    ostate *s = calloc(1, sizeof *s);
    if (clm_store_open_memory(&s->st) != 0)
        fail_msg("open");
    s->c = make_client("c-1", "Vostok", "ivanov");
    add_cat(s->c, "key");
    add_cat(s->c, "dormant");
    if (saved) {
        save_ok(s->st, s->c, 1);
        assert_int_equal(clm_client_set_text(s->c, &MGR, CLM_CLIENT_NOTES, "more"), 0);
        clm_contact_entry e = entry("c-1", "ivanov", 1700000000, DAY(2026, 11, 30));
        if (clm_contact_store_save(NULL, s->st, &MGR, "k-0", 0, &e, NULL) != 0)
            fail_msg("seed");
    }
    s->copy = dup_client(s->c);
    if (store_snapshot_take(&s->before, s->st) != 0)
        fail_msg("snapshot");
    return s;
}

static void *oom_setup_new(void) { return oom_new(0); }
static void *oom_setup_saved(void) { return oom_new(1); }

static bool oom_unchanged(void *state)
{
    ostate *s = state;
    return store_snapshot_matches(&s->before, s->st) && clm_client_equal(s->c, s->copy) &&
           clm_client_stored_version(s->c) == clm_client_stored_version(s->copy) &&
           s->loaded == NULL;
}

static void oom_teardown(void *state)
{
    ostate *s = state;
    store_snapshot_free(&s->before);
    clm_client_free(s->loaded);
    clm_client_free(s->copy);
    clm_client_free(s->c);
    clm_store_free(s->st);
    free(s);
}

static int oom_op_save(void *state)
{
    ostate *s = state;
    return clm_client_store_save(NULL, s->st, s->c, &MGR, "oom");
}

static int oom_op_delete(void *state)
{
    ostate *s = state;
    return clm_client_store_delete(s->st, &MGR, "c-1", 1, "oom");
}

static int oom_op_load(void *state)
{
    ostate *s = state;
    return clm_client_store_load(&s->loaded, s->st, "c-1");
}

static int count_clients(const clm_client *c, void *payload)
{
    (void)c;
    ++*(int64_t *)payload;
    return 0;
}

static int oom_op_scan(void *state)
{
    ostate *s = state;
    clm_client_filter f = CLM_CLIENT_FILTER_INIT;
    f.category = "key";
    int64_t n = 0;
    int rc = clm_client_store_scan(s->st, &f, count_clients, &n);
    if (rc == 0 && n != 1)
        fail_msg("scan found %lld", (long long)n);
    return rc;
}

static int count_contacts(const char *id, int64_t v, const clm_contact_entry *e, void *p)
{
    (void)id;
    (void)v;
    (void)e;
    ++*(int64_t *)p;
    return 0;
}

static int oom_op_contact_save(void *state)
{
    ostate *s = state;
    clm_contact_entry e = entry("c-1", "ivanov", 1700000100, DAY(2026, 12, 1));
    return clm_contact_store_save(NULL, s->st, &MGR, "k-1", 0, &e, "oom");
}

static int oom_op_contact_scan(void *state)
{
    ostate *s = state;
    clm_contact_filter f = CLM_CONTACT_FILTER_INIT;
    f.manager = "ivanov";
    s->contacts = 0;
    int rc = clm_contact_store_scan(s->st, &f, count_contacts, &s->contacts);
    if (rc == 0 && s->contacts != 1)
        fail_msg("contact scan found %lld", (long long)s->contacts);
    return rc;
}

static int oom_op_load_log(void *state)
{
    ostate *s = state;
    clm_contact_log *log = NULL;
    int rc = clm_contact_store_load_log(&log, s->st, NULL);
    if (rc == 0 && clm_contact_log_count(log) != 1)
        fail_msg("load_log: %zu entries", clm_contact_log_count(log));
    clm_contact_log_free(log);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    struct {
        void *(*setup)(void);
        int (*op)(void *);
    } cases[] = {
        { oom_setup_new, oom_op_save },   /* create */
        { oom_setup_saved, oom_op_save }, /* update */
        { oom_setup_saved, oom_op_delete },
        { oom_setup_saved, oom_op_load },
        { oom_setup_saved, oom_op_scan },
        { oom_setup_saved, oom_op_contact_save },
        { oom_setup_saved, oom_op_contact_scan },
        { oom_setup_saved, oom_op_load_log },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oom_case oc = { cases[i].setup, cases[i].op, oom_unchanged, oom_teardown };
        assert_true(oom_check(&oc) >= 2);
    }
}

#ifdef CLM_HAVE_POSTGRES
static int group_postgres(void **state)
{
    (void)state;
    g_sqlite = 2;
    return 0;
}
#endif

static int run_postgres(const struct CMUnitTest *tests, size_t n)
{
#ifdef CLM_HAVE_POSTGRES
    g_conninfo = getenv("CLM_TEST_PG");
    if (g_conninfo == NULL || g_conninfo[0] == '\0') {
        const char *req = getenv("CLM_TEST_PG_REQUIRED");
        int required = req != NULL && strcmp(req, "1") == 0;
        printf("client store: the PostgreSQL tests need a server and CLM_TEST_PG is not set: %s.\n"
               "  `meson test` starts a throwaway server itself when the PostgreSQL server\n"
               "  binaries are installed (or set PG_BINDIR); or, with a server of your own:\n"
               "    eval \"$(scripts/pg-test-server.sh start)\"\n"
               "    meson test -C build client_store_postgres --print-errorlogs\n"
               "    scripts/pg-test-server.sh stop\n",
               required ? "FAIL (CLM_TEST_PG_REQUIRED=1)" : "SKIP");
        return required ? 1 : 77;
    }
    g_admin = PQconnectdb(g_conninfo);
    if (PQstatus(g_admin) != CONNECTION_OK) {
        printf("FAIL: cannot connect to CLM_TEST_PG: %s", PQerrorMessage(g_admin));
        PQfinish(g_admin);
        return 1;
    }
    PQclear(PQexec(g_admin, "SET client_min_messages = warning"));
    int failed = _cmocka_run_group_tests("client store: postgres", tests, n, group_postgres,
                                         NULL);
    pg_drop_schema();
    PQfinish(g_admin);
    return failed;
#else
    (void)tests;
    (void)n;
    printf("client store: libclm built without PostgreSQL (meson option 'postgresql'): SKIP\n");
    return 77;
#endif
}

int main(int argc, char **argv)
{
    const struct CMUnitTest both[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_long_name),
        cmocka_unit_test(test_category_column_limit),
        cmocka_unit_test(test_conflict),
        cmocka_unit_test(test_two_handles),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_audit),
        cmocka_unit_test(test_audit_in_transaction),
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_corrupt_body),
        cmocka_unit_test(test_contacts),
        cmocka_unit_test(test_contact_audit),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_fault_walk),
        cmocka_unit_test(test_save_in_txn_refusals),
        cmocka_unit_test(test_save_in_txn_broken),
    };
    if (argc > 1 && strcmp(argv[1], "--postgres") == 0)
        return run_postgres(both, sizeof both / sizeof both[0]);
    const struct CMUnitTest memory_only[] = {
        cmocka_unit_test(test_oom),
    };
    int failed = cmocka_run_group_tests_name("client store: memory", both, group_memory, NULL);
    failed += cmocka_run_group_tests_name("client store: memory, oom", memory_only, NULL, NULL);
#ifdef CLM_HAVE_SQLITE
    snprintf(g_dir, sizeof g_dir, "/tmp/clm-client-store-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(g_path, sizeof g_path, "%s/clm.db", g_dir);
    failed += cmocka_run_group_tests_name("client store: sqlite", both, group_sqlite, NULL);
    remove_db(g_path);
    rmdir(g_dir);
#else
    printf("client store: SQLite tests skipped: libclm built without SQLite "
           "(meson option 'sqlite')\n");
#endif
    return failed;
}
