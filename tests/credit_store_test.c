/*
 * credit_store_test.c — invoices and payments in a store (clm/credit_store.h):
 * the records' columns, a ledger loaded back equal to the one built in
 * memory, a client's exposure with its confirmed orders, the audited
 * override (roles, deputies, the note), bad input that changes nothing, and
 * the storage-fault walk over every call. The behaviour runs on the memory
 * store, on a SQLite file in a fresh mkdtemp directory and, with
 * --postgres (scripts/pg-test-server.sh gives the server), on PostgreSQL
 * in a fresh schema per store; there a client's exposure is also shown to
 * read the client index (the server's own counters). The fault and OOM
 * walks run on the memory store, which the fault backend wraps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "core_check.h"
#include "fault_store.h"
#include "oom.h"
#include "store_snapshot.h"

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static const clm_actor clerk = { "kuznetsova", "accountant", 1760000000 };

/* ---- the backends ------------------------------------------------------------- */

static int g_backend; /* the group running: 0 memory, 1 SQLite, 2 PostgreSQL */
static char g_dir[64];
static char g_path[128];

#ifdef CLM_HAVE_POSTGRES
#include <libpq-fe.h>

static const char *g_conninfo;
static PGconn *g_admin;
static char g_schema[64];
static int g_schema_seq;

static void pg_exec(const char *sql)
{
    PGresult *r = PQexec(g_admin, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
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

/* The next store opens in a new empty schema; `app` names its session. */
static void pg_new_schema(const char *app)
{
    char sql[128], opt[160];
    pg_drop_schema();
    snprintf(g_schema, sizeof g_schema, "clm_crs%ld_%d", (long)getpid(), ++g_schema_seq);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", g_schema);
    pg_exec(sql);
    snprintf(opt, sizeof opt, "-c search_path=%s -c application_name=%s", g_schema, app);
    setenv("PGOPTIONS", opt, 1);
}
#endif

static void remove_db(void)
{
    char buf[192];
    unlink(g_path);
    snprintf(buf, sizeof buf, "%s-wal", g_path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", g_path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-journal", g_path);
    unlink(buf);
}

/* A fresh, empty store of the group's backend. */
static clm_store *open_store(void)
{
    clm_store *st = NULL;
#ifdef CLM_HAVE_POSTGRES
    if (g_backend == 2) {
        pg_new_schema("clm_credit_store_test");
        if (clm_store_open_postgres(&st, g_conninfo) != 0)
            fail_msg("open postgres: %s", clm_error_last()->message);
        return st;
    }
#endif
    if (g_backend == 1) {
        remove_db();
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
    if (g_backend == 2) {
        pg_drop_schema();
        return;
    }
#endif
    if (g_backend == 1)
        remove_db();
}

static int save_inv(clm_store *st, const char *id, const char *client, int64_t amount,
                    clm_date issued, clm_date due)
{
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = id;
    inv.client_id = client;
    inv.manager = "ivanov";
    inv.amount = (clm_money){ amount, "RUB" };
    inv.issued = issued;
    inv.due = due;
    return clm_credit_store_save_invoice(NULL, st, &clerk, &inv, 0, "issued");
}

static int save_pay(clm_store *st, const char *id, const char *client,
                    clm_credit_payment_kind kind, int64_t amount, clm_date date,
                    const char *invoice)
{
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    p.id = id;
    p.client_id = client;
    p.kind = kind;
    p.amount = (clm_money){ amount, "RUB" };
    p.date = date;
    p.invoice_id = invoice;
    return clm_credit_store_save_payment(NULL, st, &clerk, &p, 0, NULL);
}

static int save_order(clm_store *st, const char *id, const char *client, const char *state,
                      int64_t amount)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_ORDER;
    r.id = id;
    r.client_id = client;
    r.state = state;
    r.amount = (clm_money){ amount, "RUB" };
    return clm_store_put(NULL, st, &r);
}

static void seed(clm_store *st)
{
    CHECK_OK(save_inv(st, "inv-1", "vostok", 100000, D(2025, 1, 1), D(2025, 1, 31)));
    CHECK_OK(save_inv(st, "inv-2", "vostok", 50000, D(2025, 2, 1), D(2025, 3, 3)));
    CHECK_OK(save_inv(st, "inv-3", "vostok", 80000, D(2025, 4, 1), D(2025, 5, 1)));
    CHECK_OK(save_inv(st, "inv-9", "zapad", 10000, D(2025, 5, 1), D(2025, 5, 10)));
    CHECK_OK(save_pay(st, "pay-1", "vostok", CLM_CREDIT_PAYMENT, 100000, D(2025, 2, 10), "inv-1"));
    CHECK_OK(save_pay(st, "cn-2", "vostok", CLM_CREDIT_CREDIT_NOTE, 5000, D(2025, 2, 5), "inv-2"));
    CHECK_OK(save_pay(st, "pay-2", "vostok", CLM_CREDIT_PAYMENT, 60000, D(2025, 2, 20), "inv-2"));
    CHECK_OK(save_pay(st, "pay-3", "vostok", CLM_CREDIT_PAYMENT, 30000, D(2025, 5, 20), "inv-3"));
    CHECK_OK(save_pay(st, "pay-x", "vostok", CLM_CREDIT_PAYMENT, 700, D(2025, 5, 21), NULL));
    CHECK_OK(save_order(st, "ord-1", "vostok", "confirmed", 40000));
    CHECK_OK(save_order(st, "ord-2", "vostok", "confirmed", 2500));
    CHECK_OK(save_order(st, "ord-3", "vostok", "invoiced", 99999));
    CHECK_OK(save_order(st, "ord-4", "zapad", "confirmed", 12345));
}

static void test_records(void **state)
{
    (void)state;
    clm_store *st = open_store();
    seed(st);
    clm_record *r = NULL;
    CHECK_OK(clm_store_get(&r, st, CLM_RECORD_INVOICE, "inv-3"));
    CHECK_STR(r->client_id, "vostok");
    CHECK_STR(r->manager, "ivanov");
    CHECK_I64(r->due, D(2025, 5, 1));
    CHECK_I64(r->amount.amount, 80000);
    CHECK_STR(r->amount.currency, "RUB");
    clm_record_free(r);
    CHECK_OK(clm_store_get(&r, st, CLM_RECORD_PAYMENT, "cn-2"));
    CHECK_STR(r->state, "credit-note");
    CHECK_I64(r->due, D(2025, 2, 5));
    clm_record_free(r);

    /* the ledger read back gives what the same ledger in memory gives */
    clm_credit_ledger *l = NULL;
    CHECK_OK(clm_credit_store_load_ledger(&l, st, "RUB", "vostok"));
    CHECK_I64(clm_credit_ledger_invoice_count(l), 3);
    CHECK_I64(clm_credit_ledger_payment_count(l), 5);
    clm_credit_positions *ps = NULL;
    CHECK_OK(clm_credit_positions_new(&ps, l, "vostok", D(2025, 5, 31)));
    CHECK_I64(clm_credit_positions_open(ps), 50000);
    /* inv-2: 500.00 - 50.00 credited = 450.00 owed, 600.00 paid: 150.00 over */
    CHECK_I64(clm_credit_positions_unapplied(ps), 15000 + 700);
    clm_credit_positions_free(ps);
    clm_credit_ledger_free(l);
    CHECK_OK(clm_credit_store_load_ledger(&l, st, "RUB", NULL));
    CHECK_I64(clm_credit_ledger_invoice_count(l), 4);
    clm_credit_ledger_free(l);
    l = NULL;
    /* a ledger in another currency refuses the records, naming one */
    CHECK_FAIL(clm_credit_store_load_ledger(&l, st, "USD", "vostok"), CLM_ECURRENCY);
    CHECK_STR(clm_error_last()->source, "inv-1");
    assert_null(l);

    /* exposure on 31 May: 500.00 open (31 days past due), orders 425.00 */
    clm_credit_exposure x;
    CHECK_OK(clm_credit_store_exposure(&x, st, "RUB", "vostok", D(2025, 5, 31)));
    CHECK_I64(x.receivables, 50000);
    CHECK_I64(x.overdue, 50000);
    CHECK_I64(x.max_days_overdue, 30);
    CHECK_I64(x.orders, 42500);
    CHECK_I64(x.unapplied, 15700);
    close_store(st);
}

static void test_bad_saves(void **state)
{
    (void)state;
    clm_store *st = open_store();
    seed(st);
    store_snapshot before;
    assert_int_equal(store_snapshot_take(&before, st), 0);
    CHECK_FAIL(save_inv(st, "inv-1", "vostok", 100, D(2025, 1, 1), D(2025, 1, 2)), CLM_EEXISTS);
    CHECK_FAIL(save_inv(st, "inv-new", "vostok", 0, D(2025, 1, 1), D(2025, 1, 2)), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "amount");
    CHECK_FAIL(save_inv(st, "inv-new", "vostok", 100, D(2025, 1, 3), D(2025, 1, 2)), CLM_EINVAL);
    CHECK_FAIL(save_pay(st, "pay-new", "vostok", CLM_CREDIT_PAYMENT, 100, D(2025, 1, 1), "nope"),
               CLM_ENOTFOUND);
    CHECK_STR(clm_error_last()->field, "invoice_id");
    CHECK_FAIL(save_pay(st, "pay-new", "zapad", CLM_CREDIT_PAYMENT, 100, D(2025, 1, 1), "inv-1"),
               CLM_EINVAL);
    CHECK_FAIL(save_pay(st, "pay-1", "vostok", CLM_CREDIT_PAYMENT, 100, D(2025, 1, 1), NULL),
               CLM_EEXISTS);
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = "x";
    inv.client_id = "c";
    inv.amount = (clm_money){ 5, "ZZZ" };
    inv.issued = inv.due = D(2025, 1, 1);
    CHECK_FAIL(clm_credit_store_save_invoice(NULL, st, &clerk, &inv, 0, NULL), CLM_ECURRENCY);
    inv.amount = (clm_money){ 5, "RUB" };
    CHECK_FAIL(clm_credit_store_save_invoice(NULL, st, &clerk, &inv, -1, NULL), CLM_EINVAL);
    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);

    /* a stored body that does not decode is named */
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_INVOICE;
    r.id = "broken";
    r.client_id = "vostok";
    r.due = D(2025, 1, 1);
    r.amount = (clm_money){ 5, "RUB" };
    r.body = "issued=yesterday";
    r.body_len = 16;
    CHECK_OK(clm_store_put(NULL, st, &r));
    clm_credit_ledger *l = NULL;
    CHECK_FAIL(clm_credit_store_load_ledger(&l, st, "RUB", "vostok"), CLM_EPARSE);
    CHECK_STR(clm_error_last()->source, "broken");
    close_store(st);
}

/* ---- override ------------------------------------------------------------------ */

static clm_credit_policy *policy(void)
{
    clm_credit_policy *p = NULL;
    CHECK_OK(clm_credit_policy_new(&p, "standard", "RUB"));
    CHECK_OK(clm_credit_policy_add_override_role(p, "director"));
    return p;
}

typedef struct note_ctx {
    int entries;
    char note[4096];
    char user[64];
    int64_t version;
} note_ctx;

static int last_note(const clm_audit_entry *e, void *payload)
{
    note_ctx *c = payload;
    c->entries++;
    snprintf(c->note, sizeof c->note, "%s", e->note);
    snprintf(c->user, sizeof c->user, "%s", e->actor.user);
    c->version = e->version;
    return 0;
}

static void test_override(void **state)
{
    (void)state;
    clm_store *st = open_store();
    seed(st);
    clm_credit_policy *p = policy();
    clm_credit_exposure x;
    CHECK_OK(clm_credit_store_exposure(&x, st, "RUB", "vostok", D(2025, 5, 31)));
    clm_credit_check_input in = CLM_CREDIT_CHECK_INPUT_INIT;
    in.receivables = x.receivables;
    in.orders = x.orders;
    in.document = 10000;
    in.max_days_overdue = x.max_days_overdue;
    in.limit = 100000;
    clm_credit_check c;
    CHECK_OK(clm_credit_check_compute(&c, p, &in));
    CHECK_I64(c.exposure, 102500);
    assert_int_equal(c.decision, CLM_CREDIT_BLOCK);

    store_snapshot before;
    assert_int_equal(store_snapshot_take(&before, st), 0);
    clm_credit_override_request rq = CLM_CREDIT_OVERRIDE_REQUEST_INIT;
    rq.who = (clm_actor){ "ivanov", "manager", 1760000100 };
    rq.on = D(2025, 5, 31);
    rq.order_id = "ord-1";
    rq.reason = "prepayment promised by phone";
    /* a manager may not override */
    CHECK_FAIL(clm_credit_override(NULL, st, p, &c, &rq), CLM_EPERM);
    CHECK_STR(clm_error_last()->field, "role");
    /* a deputy acting in the director's role, without a delegation */
    clm_delegations *d = NULL;
    CHECK_OK(clm_delegations_new(&d));
    CHECK_OK(clm_delegations_add(d, "petrov", "sidorov", D(2025, 5, 1), D(2025, 5, 15)));
    rq.who = (clm_actor){ "sidorov", "director", 1760000100 };
    rq.principal = "petrov";
    rq.delegations = d;
    CHECK_FAIL(clm_credit_override(NULL, st, p, &c, &rq), CLM_EPERM);
    CHECK_STR(clm_error_last()->field, "principal");
    /* no reason, no order, an allowed check */
    rq.on = D(2025, 5, 10);
    rq.reason = "";
    CHECK_FAIL(clm_credit_override(NULL, st, p, &c, &rq), CLM_EINVAL);
    rq.reason = "prepayment promised by phone";
    rq.order_id = "ord-404";
    CHECK_FAIL(clm_credit_override(NULL, st, p, &c, &rq), CLM_ENOTFOUND);
    rq.order_id = "ord-1";
    clm_credit_check allowed = c;
    allowed.decision = CLM_CREDIT_ALLOW;
    CHECK_FAIL(clm_credit_override(NULL, st, p, &allowed, &rq), CLM_ESTATE);
    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);

    /* the deputy within his period: recorded with who, for whom and why */
    int64_t v = 0;
    CHECK_OK(clm_credit_override(&v, st, p, &c, &rq));
    CHECK_I64(v, 2);
    note_ctx nc = { 0 };
    clm_audit_filter af = CLM_AUDIT_FILTER_INIT;
    af.kind = CLM_RECORD_ORDER;
    af.id = "ord-1";
    CHECK_OK(clm_store_audit_scan(st, &af, last_note, &nc));
    CHECK_I64(nc.entries, 1);
    CHECK_STR(nc.user, "sidorov");
    CHECK_I64(nc.version, 2);
    assert_non_null(strstr(nc.note, "block"));
    assert_non_null(strstr(nc.note, "over-limit"));
    assert_non_null(strstr(nc.note, "1025.00 RUB"));
    assert_non_null(strstr(nc.note, "for petrov"));
    assert_non_null(strstr(nc.note, "prepayment promised by phone"));
    /* the director himself */
    rq.who.user = "petrov";
    rq.principal = NULL;
    CHECK_OK(clm_credit_override(&v, st, p, &c, &rq));
    CHECK_I64(v, 3);
    clm_delegations_free(d);
    clm_credit_policy_free(p);
    close_store(st);
}

/* ---- storage faults --------------------------------------------------------------- */

static void *fault_setup(clm_store *st)
{
    seed(st);
    return NULL;
}

static int op_save_invoice(clm_store *st, void *state)
{
    (void)state;
    return save_inv(st, "inv-new", "vostok", 12345, D(2025, 6, 1), D(2025, 7, 1));
}

static int op_save_payment(clm_store *st, void *state)
{
    (void)state;
    return save_pay(st, "pay-new", "vostok", CLM_CREDIT_PAYMENT, 100, D(2025, 6, 1), "inv-3");
}

static int op_exposure(clm_store *st, void *state)
{
    (void)state;
    clm_credit_exposure x;
    return clm_credit_store_exposure(&x, st, "RUB", "vostok", D(2025, 6, 1));
}

static int op_load_ledger(clm_store *st, void *state)
{
    (void)state;
    clm_credit_ledger *l = NULL;
    int rc = clm_credit_store_load_ledger(&l, st, "RUB", NULL);
    if (rc != 0 && l != NULL)
        fail_msg("a failed load left a ledger behind");
    clm_credit_ledger_free(l);
    return rc;
}

static clm_credit_policy *g_policy; /* made outside the walks */

static int op_override(clm_store *st, void *state)
{
    (void)state;
    const clm_credit_policy *p = g_policy;
    clm_credit_check c = { CLM_CREDIT_BLOCK, CLM_CREDIT_REASON_OVER_LIMIT, 2, 1, 0, 1, 1, -1, 0 };
    clm_credit_override_request rq = CLM_CREDIT_OVERRIDE_REQUEST_INIT;
    rq.who = (clm_actor){ "petrov", "director", 1760000100 };
    rq.order_id = "ord-1";
    rq.reason = "known client";
    return clm_credit_override(NULL, st, p, &c, &rq);
}

static void test_faults(void **state)
{
    (void)state;
    fault_case cases[] = {
        { fault_setup, op_save_invoice, NULL },
        { fault_setup, op_save_payment, NULL },
        { fault_setup, op_exposure, NULL },
        { fault_setup, op_override, NULL },
        { fault_setup, op_load_ledger, NULL },
    };
    g_policy = policy();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(fault_check(&cases[i]) >= 1);
    clm_credit_policy_free(g_policy);
}

/* ---- OOM --------------------------------------------------------------------------- */

typedef struct oom_state {
    clm_store *st;
    store_snapshot before;
} oom_state;

static void *oom_setup(void)
{
    oom_state *s = calloc(1, sizeof *s);
    CHECK_OK(clm_store_open_memory(&s->st));
    seed(s->st);
    assert_int_equal(store_snapshot_take(&s->before, s->st), 0);
    return s;
}

static bool oom_unchanged(void *state)
{
    oom_state *s = state;
    return store_snapshot_matches(&s->before, s->st);
}

static void oom_teardown(void *state)
{
    oom_state *s = state;
    store_snapshot_free(&s->before);
    clm_store_free(s->st);
    free(s);
}

static int oom_save_invoice(void *state)
{
    return op_save_invoice(((oom_state *)state)->st, NULL);
}

static int oom_save_payment(void *state)
{
    return op_save_payment(((oom_state *)state)->st, NULL);
}

static int oom_exposure(void *state)
{
    return op_exposure(((oom_state *)state)->st, NULL);
}

static int oom_override(void *state)
{
    return op_override(((oom_state *)state)->st, NULL);
}

static int oom_load(void *state)
{
    clm_credit_ledger *l = NULL;
    int rc = clm_credit_store_load_ledger(&l, ((oom_state *)state)->st, "RUB", NULL);
    clm_credit_ledger_free(l);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    oom_case cases[] = {
        { oom_setup, oom_save_invoice, oom_unchanged, oom_teardown },
        { oom_setup, oom_save_payment, oom_unchanged, oom_teardown },
        { oom_setup, oom_exposure, oom_unchanged, oom_teardown },
        { oom_setup, oom_override, oom_unchanged, oom_teardown },
        { oom_setup, oom_load, oom_unchanged, oom_teardown },
    };
    g_policy = policy();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(oom_check(&cases[i]) >= 1);
    clm_credit_policy_free(g_policy);
}

/* ---- PostgreSQL: the exposure reads the client index ------------------------------ */

#ifdef CLM_HAVE_POSTGRES
/* Waits until no session named `app` is left: a session flushes its
 * statistics as it exits, before it leaves pg_stat_activity. */
static void pg_wait_gone(const char *app)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s'",
             app);
    for (int i = 0; i < 500; i++) {
        PGresult *r = PQexec(g_admin, sql);
        int n = PQresultStatus(r) == PGRES_TUPLES_OK ? atoi(PQgetvalue(r, 0, 0)) : -1;
        PQclear(r);
        if (n == 0)
            return;
        struct timespec ts = { 0, 20 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    fail_msg("the session %s did not end in 10 s", app);
}

typedef struct ledger_stats {
    long long client_idx, pkey_idx, seq;
} ledger_stats;

static ledger_stats pg_ledger_stats(void)
{
    char sql[768];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT idx_scan FROM pg_stat_user_indexes WHERE schemaname = '%s'"
             "        AND indexrelname = 'clm_ledger_client'),"
             "       (SELECT idx_scan FROM pg_stat_user_indexes WHERE schemaname = '%s'"
             "        AND indexrelname = 'clm_ledger_pkey'),"
             "       (SELECT seq_scan FROM pg_stat_user_tables WHERE schemaname = '%s'"
             "        AND relname = 'clm_ledger')",
             g_schema, g_schema, g_schema);
    PQclear(PQexec(g_admin, "SELECT pg_stat_clear_snapshot()"));
    PGresult *r = PQexec(g_admin, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        fail_msg("%s: %s", sql, PQerrorMessage(g_admin));
    ledger_stats x = { atoll(PQgetvalue(r, 0, 0)), atoll(PQgetvalue(r, 0, 1)),
                       atoll(PQgetvalue(r, 0, 2)) };
    PQclear(r);
    return x;
}

static void test_exposure_reads_client_index(void **state)
{
    (void)state;
    clm_store *st = NULL;
    pg_new_schema("clm_credit_seed");
    CHECK_OK(clm_store_open_postgres(&st, g_conninfo));
    char id[32], client[16];
    CHECK_OK(clm_store_begin(st));
    for (int c = 0; c < 500; c++) {
        snprintf(client, sizeof client, "c%04d", c);
        for (int k = 0; k < 3; k++) {
            snprintf(id, sizeof id, "i%04d-%d", c, k);
            CHECK_OK(save_inv(st, id, client, 1000 + c, D(2025, 1, 1 + k), D(2025, 2, 1 + k)));
        }
        snprintf(id, sizeof id, "p%04d", c);
        snprintf(client, sizeof client, "c%04d", c);
        char inv[32];
        snprintf(inv, sizeof inv, "i%04d-0", c);
        CHECK_OK(save_pay(st, id, client, CLM_CREDIT_PAYMENT, 1000 + c, D(2025, 2, 1), inv));
    }
    CHECK_OK(clm_store_commit(st));
    clm_store_free(st); /* the schema stays: the next store reads it */
    pg_wait_gone("clm_credit_seed");
    ledger_stats before = pg_ledger_stats();

    char opt[160];
    snprintf(opt, sizeof opt, "-c search_path=%s -c application_name=clm_credit_check", g_schema);
    setenv("PGOPTIONS", opt, 1);
    CHECK_OK(clm_store_open_postgres(&st, g_conninfo));
    for (int k = 0; k < 50; k++) {
        snprintf(client, sizeof client, "c%04d", (k * 37) % 500);
        clm_credit_exposure x;
        CHECK_OK(clm_credit_store_exposure(&x, st, "RUB", client, D(2025, 3, 1)));
        CHECK_I64(x.receivables, 2 * (1000 + (k * 37) % 500));
    }
    clm_store_free(st);
    pg_wait_gone("clm_credit_check");
    ledger_stats after = pg_ledger_stats();
    /* two ledger scans (invoices, payments) per exposure, each from the
     * client index; no walk of the table or of its primary key */
    if (after.client_idx - before.client_idx < 100 || after.seq != before.seq ||
        after.pkey_idx != before.pkey_idx)
        fail_msg("50 exposures: client index %lld searches, primary key %lld, table walks %lld "
                 "(expected >= 100, 0, 0)", after.client_idx - before.client_idx,
                 after.pkey_idx - before.pkey_idx, after.seq - before.seq);
    pg_drop_schema();
}
#endif

/* ---- groups ------------------------------------------------------------------------ */

static int group_memory(void **state)
{
    (void)state;
    g_backend = 0;
    return 0;
}

#ifdef CLM_HAVE_SQLITE
static int group_sqlite(void **state)
{
    (void)state;
    g_backend = 1;
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
        printf("credit store: the PostgreSQL tests need a server and CLM_TEST_PG is not set: %s.\n"
               "  `meson test` starts a throwaway server itself when the PostgreSQL server\n"
               "  binaries are installed (or set PG_BINDIR); or, with a server of your own:\n"
               "    eval \"$(scripts/pg-test-server.sh start)\"\n"
               "    meson test -C build credit_store_postgres --print-errorlogs\n"
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
    g_backend = 2;
    int failed = _cmocka_run_group_tests("credit store: postgres", tests, n, NULL, NULL);
    const struct CMUnitTest plan[] = {
        cmocka_unit_test(test_exposure_reads_client_index),
    };
    failed += cmocka_run_group_tests_name("credit store: postgres, plans", plan, NULL, NULL);
    pg_drop_schema();
    PQfinish(g_admin);
    return failed;
#else
    (void)tests;
    (void)n;
    printf("credit store: libclm built without PostgreSQL (meson option 'postgresql'): SKIP\n");
    return 77;
#endif
}

int main(int argc, char **argv)
{
    const struct CMUnitTest every_backend[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_bad_saves),
        cmocka_unit_test(test_override),
    };
    size_t n = sizeof every_backend / sizeof every_backend[0];
    if (argc > 1 && strcmp(argv[1], "--postgres") == 0)
        return run_postgres(every_backend, n);
    const struct CMUnitTest memory_only[] = {
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_oom),
    };
    int failed = cmocka_run_group_tests_name("credit store: memory", every_backend, group_memory,
                                             NULL);
    failed += cmocka_run_group_tests_name("credit store: memory, walks", memory_only, NULL, NULL);
#ifdef CLM_HAVE_SQLITE
    snprintf(g_dir, sizeof g_dir, "/tmp/clm-credit-store-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(g_path, sizeof g_path, "%s/clm.db", g_dir);
    failed += cmocka_run_group_tests_name("credit store: sqlite", every_backend, group_sqlite, NULL);
    remove_db();
    rmdir(g_dir);
#else
    printf("credit store: SQLite tests skipped: libclm built without SQLite "
           "(meson option 'sqlite')\n");
#endif
    return failed;
}
