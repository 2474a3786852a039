/*
 * claim_store_test.c — claims kept in a store (clm/claim_store.h): gapless
 * numbers per year, a failed registration uses no number, two processes
 * registering at once on one database never share a number, saves are
 * audited and versioned, what is due on a day per manager and for the
 * department, the automatic escalation of claims at risk found through the
 * due-date index, and the storage-fault and OOM walks. The behaviour runs
 * on the memory store, on a SQLite file in a fresh mkdtemp directory and,
 * with --postgres (scripts/pg-test-server.sh gives the server), on
 * PostgreSQL in a fresh schema per store; the walks wrap the memory store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "core_check.h"
#include "fault_store.h"
#include "oom.h"
#include "store_snapshot.h"

static const clm_actor MGR = { "ivanov", "manager", 1767000000 };

static clm_claim_regimes *g_regimes;
static clm_calendar *g_ru;

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

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

/* The next store opens in a new empty schema. */
static void pg_new_schema(void)
{
    char sql[128], opt[160];
    pg_drop_schema();
    snprintf(g_schema, sizeof g_schema, "clm_cls%ld_%d", (long)getpid(), ++g_schema_seq);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", g_schema);
    pg_exec(sql);
    snprintf(opt, sizeof opt, "-c search_path=%s -c application_name=clm_claim_store_test",
             g_schema);
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
        pg_new_schema();
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

static int group_setup(void **state)
{
    (void)state;
    if (clm_claim_regimes_new(&g_regimes) < 0 || clm_calendar_new_ru(&g_ru) < 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    clm_claim_regimes_free(g_regimes);
    clm_calendar_free(g_ru);
    return 0;
}

static clm_claim_info info(const char *client, const char *manager, clm_date received,
                           clm_claim_demand demand)
{
    clm_claim_info in = CLM_CLAIM_INFO_INIT;
    in.client_id = client;
    in.manager = manager;
    in.form = CLM_CLAIM_ORAL;
    in.channel = CLM_CLAIM_PHONE;
    in.received = received;
    in.subject = CLM_CLAIM_QUALITY_DEFECT;
    in.demand = demand;
    clm_money_make(&in.claimed, 500000, "RUB");
    clm_money_make(&in.price, 500000, "RUB");
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    return in;
}

static int count_audit(const clm_audit_entry *e, void *payload)
{
    (void)e;
    (*(int *)payload)++;
    return 0;
}

static void test_numbers_gapless(void **state)
{
    (void)state;
    clm_store *st = NULL;
    st = open_store();
    clm_claim_info in = info("C-1", "ivanov", D(2025, 12, 29), CLM_CLAIM_REFUND);
    clm_claim *a = NULL, *b = NULL, *c = NULL;
    CHECK_OK(clm_claim_store_register(&a, st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_STR(clm_claim_number(a), "CL-2025-000001");
    CHECK_I64(clm_claim_stored_version(a), 1);
    /* A registration that fails uses no number. */
    clm_claim_info bad = in;
    bad.regime = "nowhere";
    store_snapshot before;
    CHECK_OK(store_snapshot_take(&before, st));
    clm_claim *none = NULL;
    CHECK_FAIL(clm_claim_store_register(&none, st, &bad, g_regimes, g_ru, NULL, &MGR), CLM_ENOTFOUND);
    assert_null(none);
    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);
    CHECK_OK(clm_claim_store_register(&b, st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_STR(clm_claim_number(b), "CL-2025-000002");
    /* A new year starts a new sequence. */
    in.received = D(2026, 1, 12);
    CHECK_OK(clm_claim_store_register(&c, st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_STR(clm_claim_number(c), "CL-2026-000001");
    /* Each registration wrote two audit entries: the counter and the claim. */
    int entries = 0;
    CHECK_OK(clm_store_audit_scan(st, NULL, count_audit, &entries));
    assert_int_equal(entries, 6);
    /* A number taken by a record that did not come from the counter: the
     * registration fails and the counter does not move. */
    clm_record imp = CLM_RECORD_INIT;
    imp.kind = CLM_RECORD_CLAIM;
    imp.id = "CL-2026-000002";
    imp.state = "received";
    CHECK_OK(clm_store_put(NULL, st, &imp));
    CHECK_OK(store_snapshot_take(&before, st));
    CHECK_FAIL(clm_claim_store_register(&none, st, &in, g_regimes, g_ru, NULL, &MGR), CLM_EEXISTS);
    assert_true(store_snapshot_matches(&before, st));
    assert_int_equal(clm_store_depth(st), 0);
    store_snapshot_free(&before);
    /* Another pattern has its own sequence. */
    clm_claim_policy p = CLM_CLAIM_POLICY_INIT;
    p.number_pattern = "OUT/{YYYY}/{N}";
    clm_claim *d = NULL;
    CHECK_OK(clm_claim_store_register(&d, st, &in, g_regimes, g_ru, &p, &MGR));
    CHECK_STR(clm_claim_number(d), "OUT/2026/1");
    clm_claim_free(a);
    clm_claim_free(b);
    clm_claim_free(c);
    clm_claim_free(d);
    close_store(st);
}

static void test_save_load(void **state)
{
    (void)state;
    clm_store *st = NULL;
    st = open_store();
    clm_claim_info in = info("C-1", "ivanov", D(2026, 3, 2), CLM_CLAIM_REFUND);
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_store_register(&c, st, &in, g_regimes, g_ru, NULL, &MGR));
    clm_record *rec = NULL;
    CHECK_OK(clm_store_get(&rec, st, CLM_RECORD_CLAIM, "CL-2026-000001"));
    CHECK_STR(rec->state, "received");
    assert_int_equal(rec->due, D(2026, 3, 3)); /* acknowledgement: 1 working day */
    CHECK_STR(rec->manager, "ivanov");
    clm_record_free(rec);
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    clm_claim *stale = NULL;
    CHECK_OK(clm_claim_store_load(&stale, st, "CL-2026-000001"));
    CHECK_OK(clm_claim_store_save(st, c, g_ru, &MGR, "acknowledged by phone"));
    CHECK_I64(clm_claim_stored_version(c), 2);
    CHECK_OK(clm_store_get(&rec, st, CLM_RECORD_CLAIM, "CL-2026-000001"));
    CHECK_STR(rec->state, "acknowledged");
    assert_int_equal(rec->due, D(2026, 3, 12)); /* the refund's 10 days */
    clm_record_free(rec);
    /* A stale copy cannot overwrite. */
    CHECK_OK(clm_claim_move(stale, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    store_snapshot before;
    CHECK_OK(store_snapshot_take(&before, st));
    CHECK_FAIL(clm_claim_store_save(st, stale, g_ru, &MGR, NULL), CLM_ECONFLICT);
    CHECK_I64(clm_claim_stored_version(stale), 1);
    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);
    clm_claim *back = NULL;
    CHECK_OK(clm_claim_store_load(&back, st, "CL-2026-000001"));
    assert_true(clm_claim_equal(back, c));
    /* A counter is not a claim. */
    clm_claim *x = NULL;
    CHECK_FAIL(clm_claim_store_load(&x, st, "#seq:CL-{YYYY}-{N:6}:2026"), CLM_ENOTFOUND);
    CHECK_FAIL(clm_claim_store_load(&x, st, "CL-2026-000099"), CLM_ENOTFOUND);
    assert_null(x);
    clm_claim_free(back);
    clm_claim_free(stale);
    clm_claim_free(c);
    close_store(st);
}

typedef struct due_list {
    char lines[16][96];
    int n;
} due_list;

static int collect_due(const clm_claim_due_item *it, void *payload)
{
    due_list *l = payload;
    char d[CLM_DATE_FORMAT_MAX];
    clm_date_format(d, sizeof d, it->deadline);
    static const char *const U[] = { "not-due", "warning", "due-today", "overdue" };
    if (l->n < 16)
        snprintf(l->lines[l->n++], sizeof l->lines[0], "%s %s %s %s", it->number, it->handler, d,
                 U[it->urgency]);
    return 0;
}

static void test_due(void **state)
{
    (void)state;
    clm_store *st = NULL;
    st = open_store();
    /* 1: ivanov, refund from 2 Mar 2026, acknowledged: due Thu 12 Mar.
     * 2: petrov, replacement from 2 Mar: due Tue 10 Mar (9 Mar off).
     * 3: ivanov, repair from 2 Mar: due 16 Apr, nowhere near.
     * 4: ivanov, refund, paused: the clock stands, not listed.
     * 5: petrov, refund, received 11 Mar: acknowledgement due 12 Mar. */
    clm_claim *c[5];
    const char *mgr[5] = { "ivanov", "petrov", "ivanov", "ivanov", "petrov" };
    clm_claim_demand dem[5] = { CLM_CLAIM_REFUND, CLM_CLAIM_REPLACEMENT, CLM_CLAIM_REPAIR,
                                CLM_CLAIM_REFUND, CLM_CLAIM_REFUND };
    for (int i = 0; i < 5; i++) {
        clm_claim_info in = info("C-1", mgr[i], i == 4 ? D(2026, 3, 11) : D(2026, 3, 2), dem[i]);
        clm_actor who = { mgr[i], "manager", 1767000000 };
        CHECK_OK(clm_claim_store_register(&c[i], st, &in, g_regimes, g_ru, NULL, &who));
        if (i < 4) {
            CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_ACKNOWLEDGED, &who, D(2026, 3, 3), NULL, NULL));
            if (i == 3)
                CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_AWAITING_CLIENT, &who, D(2026, 3, 4),
                                        NULL, NULL));
            CHECK_OK(clm_claim_store_save(st, c[i], g_ru, &who, NULL));
        }
    }
    /* On Wed 11 Mar, warning 2 working days ahead (to Fri 13 Mar). */
    due_list l = { .n = 0 };
    CHECK_OK(clm_claim_store_due(st, g_ru, D(2026, 3, 11), NULL, NULL, collect_due, &l));
    assert_int_equal(l.n, 3);
    CHECK_STR(l.lines[0], "CL-2026-000001 ivanov 2026-03-12 warning");
    CHECK_STR(l.lines[1], "CL-2026-000002 petrov 2026-03-10 overdue");
    CHECK_STR(l.lines[2], "CL-2026-000005 petrov 2026-03-12 warning");
    /* Per manager. */
    l.n = 0;
    CHECK_OK(clm_claim_store_due(st, g_ru, D(2026, 3, 12), "ivanov", NULL, collect_due, &l));
    assert_int_equal(l.n, 1);
    CHECK_STR(l.lines[0], "CL-2026-000001 ivanov 2026-03-12 due-today");
    l.n = 0;
    CHECK_FAIL(clm_claim_store_due(st, g_ru, D(2026, 3, 12), "", NULL, collect_due, &l), CLM_EINVAL);
    /* Claim 2 decided, the client informed: out of the index. */
    clm_money g;
    CHECK_OK(clm_money_make(&g, 500000, "RUB"));
    CHECK_OK(clm_claim_move(c[1], CLM_CLAIM_UNDER_ASSESSMENT, &MGR, D(2026, 3, 11), NULL, NULL));
    CHECK_OK(clm_claim_decide(c[1], CLM_CLAIM_ACCEPTED, &g, "replaced", &MGR, D(2026, 3, 11)));
    CHECK_OK(clm_claim_inform(c[1], CLM_CLAIM_PHONE, "new kettle ready", &MGR, D(2026, 3, 11)));
    CHECK_OK(clm_claim_store_save(st, c[1], g_ru, &MGR, NULL));
    l.n = 0;
    CHECK_OK(clm_claim_store_due(st, g_ru, D(2026, 3, 11), NULL, NULL, collect_due, &l));
    assert_int_equal(l.n, 2);
    for (int i = 0; i < 5; i++)
        clm_claim_free(c[i]);
    close_store(st);
}

/* ---- the listing against every claim decoded ------------------------------------ */

#define DUE_MAX 160

typedef struct due_lines {
    char v[DUE_MAX][128];
    int n;
} due_lines;

static const char *const URGENCY[] = { "not-due", "warning", "due-today", "overdue" };

static void due_line(due_lines *l, const char *number, const char *handler, const char *client,
                     clm_claim_state state, clm_date deadline, clm_claim_urgency u)
{
    char d[CLM_DATE_FORMAT_MAX];
    clm_date_format(d, sizeof d, deadline);
    assert_true(l->n < DUE_MAX);
    snprintf(l->v[l->n++], sizeof l->v[0], "%s %s %s %s %s %s", number, handler, client,
             clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)state), d, URGENCY[u]);
}

static int collect_due_lines(const clm_claim_due_item *it, void *payload)
{
    due_line(payload, it->number, it->handler, it->client_id, it->state, it->deadline,
             it->urgency);
    return 0;
}

typedef struct decoded_due {
    due_lines *l;
    clm_date on;
    const char *manager;
} decoded_due;

/* What the listing must say of claim c, from its decoded body: its
 * deadlines on the day and the urgency clm_claim_urgency_of() gives. */
static int decoded_one(const clm_claim *c, void *payload)
{
    decoded_due *x = payload;
    clm_claim_deadlines d;
    clm_claim_urgency u = CLM_CLAIM_NOT_DUE;
    if (x->manager != NULL && strcmp(clm_claim_handler(c), x->manager) != 0)
        return 0;
    CHECK_OK(clm_claim_deadlines_get(&d, c, g_ru, x->on));
    if (d.next == CLM_CLAIM_NO_DATE)
        return 0;
    CHECK_OK(clm_claim_urgency_of(&u, d.next, x->on, g_ru, NULL));
    if (u != CLM_CLAIM_NOT_DUE)
        due_line(x->l, clm_claim_number(c), clm_claim_handler(c), clm_claim_info_get(c)->client_id,
                 clm_claim_state_get(c), d.next, u);
    return 0;
}

/* The listing on each day equals, line for line, what every claim
 * decoded says (number, handler, client, state, deadline, urgency). */
static void due_equals_decoded(clm_store *st, const char *manager)
{
    static const int days[][3] = { { 2026, 3, 3 },  { 2026, 3, 10 }, { 2026, 3, 16 },
                                   { 2026, 3, 25 }, { 2026, 4, 20 }, { 2026, 6, 1 } };
    due_lines *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    int listed = 0;
    for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
        clm_date on = D(days[k][0], days[k][1], days[k][2]);
        a->n = b->n = 0;
        CHECK_OK(clm_claim_store_due(st, g_ru, on, manager, NULL, collect_due_lines, a));
        decoded_due x = { b, on, manager };
        CHECK_OK(clm_claim_store_scan(st, NULL, decoded_one, &x));
        for (int i = 0; i < a->n || i < b->n; i++)
            if (i >= a->n || i >= b->n || strcmp(a->v[i], b->v[i]) != 0)
                fail_msg("due on %d-%02d-%02d, line %d: listed '%s', decoded '%s'", days[k][0],
                         days[k][1], days[k][2], i, i < a->n ? a->v[i] : "(end)",
                         i < b->n ? b->v[i] : "(end)");
        listed += a->n;
    }
    assert_true(listed > 0); /* the days chosen list something */
    free(a);
    free(b);
}

static void test_due_matches_decoded(void **state)
{
    (void)state;
    clm_store *st = open_store();
    enum { N = 60 };
    static const char *const mgr[] = { "ivanov", "petrov", "sidorova" };
    static const clm_claim_demand dem[] = { CLM_CLAIM_REFUND, CLM_CLAIM_REPLACEMENT,
                                            CLM_CLAIM_REPAIR };
    clm_claim *c[N];
    clm_money g;
    CHECK_OK(clm_money_make(&g, 500000, "RUB"));
    for (int i = 0; i < N; i++) {
        char client[16];
        snprintf(client, sizeof client, "C-%d", i % 7);
        clm_date received = D(2026, 3, 2) + i % 17;
        clm_claim_info in = info(client, mgr[i % 3], received, dem[i % 3]);
        clm_actor who = { mgr[i % 3], "manager", 1767000000 };
        CHECK_OK(clm_claim_store_register(&c[i], st, &in, g_regimes, g_ru, NULL, &who));
        int step = i % 5; /* 0: received; 1: acknowledged; 2: paused; 3: closed; 4: assessed */
        if (step == 0)
            continue;
        CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_ACKNOWLEDGED, &who, received + 1, NULL, NULL));
        if (step == 2)
            CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_AWAITING_CLIENT, &who, received + 2, NULL,
                                    NULL));
        if (step >= 3)
            CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_UNDER_ASSESSMENT, &who, received + 2, NULL,
                                    NULL));
        if (step == 3) {
            CHECK_OK(clm_claim_decide(c[i], CLM_CLAIM_ACCEPTED, &g, "accepted", &who,
                                      received + 3));
            CHECK_OK(clm_claim_inform(c[i], CLM_CLAIM_PHONE, "ready", &who, received + 3));
        }
        CHECK_OK(clm_claim_store_save(st, c[i], g_ru, &who, NULL));
    }
    due_equals_decoded(st, NULL);
    due_equals_decoded(st, "petrov");
    /* Inside a transaction: the listing follows the saves, then the
     * rollback, as a scan of the claims does. */
    CHECK_OK(clm_store_begin(st));
    for (int i = 0; i < N; i += 4) {
        clm_actor who = { clm_claim_handler(c[i]), "manager", 1767000000 };
        clm_date received = clm_claim_info_get(c[i])->received;
        if (clm_claim_state_get(c[i]) == CLM_CLAIM_RECEIVED)
            CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_ACKNOWLEDGED, &who, received + 5, NULL, NULL));
        else if (clm_claim_state_get(c[i]) == CLM_CLAIM_ACKNOWLEDGED)
            CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_UNDER_ASSESSMENT, &who, received + 5, NULL,
                                    NULL));
        else
            continue;
        CHECK_OK(clm_claim_store_save(st, c[i], g_ru, &who, NULL));
    }
    due_equals_decoded(st, NULL);
    CHECK_OK(clm_store_rollback(st));
    due_equals_decoded(st, NULL);
    due_equals_decoded(st, "sidorova");
    for (int i = 0; i < N; i++)
        clm_claim_free(c[i]);
    close_store(st);
}

/* ---- automatic escalation ------------------------------------------------------ */

typedef struct assign_ctx {
    int calls;
    int fail;          /* 1: name no user (a bad id); 2: refuse */
} assign_ctx;

/* The department's policy: the head is petrova, the director orlov. */
static int assign(const char **out, const clm_claim *c, const char *to_role, void *payload)
{
    assign_ctx *x = payload;
    (void)c;
    x->calls++;
    if (x->fail == 2)
        return -42;
    *out = x->fail == 1 ? " nobody" : strcmp(to_role, "director") == 0 ? "orlov" : "petrova";
    return 0;
}

static void test_escalate_due(void **state)
{
    (void)state;
    clm_store *st = NULL;
    st = open_store();
    /* 1: refund from 2 Mar 2026, acknowledged: due Thu 12 Mar.
     * 2: repair from 2 Mar: due 16 Apr, nowhere near.
     * 3: refund, paused: the clock stands, not in the index.
     * 4: refund received 11 Mar, not acknowledged: its acknowledgement is
     *    due 12 Mar, which the rule does not escalate.
     * 5: refund from 2 Mar already with the director: the top. */
    clm_claim_demand dem[5] = { CLM_CLAIM_REFUND, CLM_CLAIM_REPAIR, CLM_CLAIM_REFUND,
                                CLM_CLAIM_REFUND, CLM_CLAIM_REFUND };
    clm_claim *c[5];
    for (int i = 0; i < 5; i++) {
        clm_claim_info in = info("C-1", "ivanov", i == 3 ? D(2026, 3, 11) : D(2026, 3, 2), dem[i]);
        CHECK_OK(clm_claim_store_register(&c[i], st, &in, g_regimes, g_ru, NULL, &MGR));
        if (i == 3)
            continue;
        CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
        if (i == 2)
            CHECK_OK(clm_claim_move(c[i], CLM_CLAIM_AWAITING_CLIENT, &MGR, D(2026, 3, 4), NULL,
                                    NULL));
        if (i == 4) {
            clm_actor head = { "petrova", "head_of_department", 1767000000 };
            CHECK_OK(clm_claim_escalate(c[i], NULL, NULL, "petrova", "refund above my limit", 0,
                                        &MGR, D(2026, 3, 4)));
            CHECK_OK(clm_claim_escalate(c[i], NULL, NULL, "orlov", "disputed", 0, &head,
                                        D(2026, 3, 5)));
        }
        CHECK_OK(clm_claim_store_save(st, c[i], g_ru, &MGR, NULL));
    }
    int audits0 = 0;
    CHECK_OK(clm_store_audit_scan(st, NULL, count_audit, &audits0));

    /* Wed 11 Mar, one working day ahead (Thu 12 Mar): claim 1 goes to the
     * head of department, and only claim 1. */
    const clm_actor rule = { "deadline-watch", "ignored", 1767100000 };
    assign_ctx ax = { 0, 0 };
    size_t n = 99;
    CHECK_OK(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 11), NULL, NULL, assign, &ax,
                                          NULL, &rule));
    assert_int_equal(n, 1);
    assert_int_equal(ax.calls, 1);
    clm_claim *back = NULL;
    CHECK_OK(clm_claim_store_load(&back, st, "CL-2026-000001"));
    CHECK_STR(clm_claim_handler(back), "petrova");
    assert_int_equal(clm_claim_level(back), 1);
    assert_int_equal(clm_claim_escalation_count(back), 1);
    clm_claim_escalation e;
    CHECK_OK(clm_claim_escalation_at(&e, back, 0));
    assert_int_equal(e.automatic, 1);
    CHECK_STR(e.from_user, "ivanov");
    CHECK_STR(e.to_user, "petrova");
    CHECK_STR(e.by_user, "deadline-watch");
    CHECK_STR(e.by_role, "manager");
    CHECK_STR(e.reason, "deadline 2026-03-12 within 1 working day(s)");
    assert_int_equal(e.on, D(2026, 3, 11));
    clm_claim_step s;
    CHECK_OK(clm_claim_step_at(&s, back, clm_claim_step_count(back) - 1));
    CHECK_STR(s.what, "escalate");
    CHECK_STR(s.user, "deadline-watch");
    CHECK_I64(clm_claim_stored_version(back), 3);
    clm_claim_free(back);
    /* The record's handler column moved: the head's listing has it. */
    clm_record *rec = NULL;
    CHECK_OK(clm_store_get(&rec, st, CLM_RECORD_CLAIM, "CL-2026-000001"));
    CHECK_STR(rec->manager, "petrova");
    clm_record_free(rec);
    /* One audit entry, by the rule, with its note. */
    int audits1 = 0;
    CHECK_OK(clm_store_audit_scan(st, NULL, count_audit, &audits1));
    assert_int_equal(audits1, audits0 + 1);
    /* The others are as they were. */
    for (int i = 1; i < 5; i++) {
        CHECK_OK(clm_claim_store_load(&back, st, clm_claim_number(c[i])));
        assert_int_equal(clm_claim_level(back), i == 4 ? 2 : 0);
        assert_int_equal(clm_claim_escalation_count(back), i == 4 ? 2 : 0);
        clm_claim_free(back);
    }

    /* The same day again: nothing more (claim 1 was escalated today). */
    store_snapshot before;
    CHECK_OK(store_snapshot_take(&before, st));
    CHECK_OK(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 11), NULL, NULL, assign, &ax,
                                          NULL, &rule));
    assert_int_equal(n, 0);
    assert_true(store_snapshot_matches(&before, st));

    /* Bad input changes nothing: an assignee that names no valid user, or
     * refuses; an empty manager; a bad reason. */
    assign_ctx bad = { 0, 1 };
    n = 7;
    CHECK_FAIL(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 12), NULL, NULL, assign, &bad,
                                            NULL, &rule), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "to_user");
    assert_non_null(strstr(clm_error_last()->message, "CL-2026-000001"));
    assert_int_equal(n, 7);
    bad.fail = 2;
    assert_int_equal(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 12), NULL, NULL, assign,
                                                  &bad, NULL, &rule), -42);
    CHECK_FAIL(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 12), "", NULL, assign, &ax,
                                            NULL, &rule), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 12), NULL, NULL, assign, &ax,
                                            "two\nlines", &rule), CLM_EINVAL);
    assert_true(store_snapshot_matches(&before, st));
    assert_int_equal(clm_store_depth(st), 0);
    /* Inside the caller's transaction a failure rolls back only its own
     * level: the caller's stays open and intact. */
    CHECK_OK(clm_store_begin(st));
    bad.fail = 1;
    CHECK_FAIL(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 12), NULL, NULL, assign, &bad,
                                            NULL, &rule), CLM_EINVAL);
    assert_int_equal(clm_store_depth(st), 1);
    CHECK_OK(clm_store_commit(st));
    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);

    /* Per manager: ivanov no longer handles claim 1, so nothing of his is
     * at risk on 12 Mar; the head's claim 1, due today, goes to the
     * director, with the caller's reason. */
    CHECK_OK(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 12), "ivanov", NULL, assign,
                                          &ax, NULL, &rule));
    assert_int_equal(n, 0);
    CHECK_OK(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 12), "petrova", NULL, assign,
                                          &ax, "due today", &rule));
    assert_int_equal(n, 1);
    CHECK_OK(clm_claim_store_load(&back, st, "CL-2026-000001"));
    CHECK_STR(clm_claim_handler(back), "orlov");
    CHECK_OK(clm_claim_escalation_at(&e, back, 1));
    CHECK_STR(e.by_role, "head_of_department");
    CHECK_STR(e.reason, "due today");
    clm_claim_free(back);

    /* A policy that never escalates. */
    clm_claim_policy never = CLM_CLAIM_POLICY_INIT;
    never.auto_escalate_days = -1;
    CHECK_OK(clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 13), NULL, &never, assign, &ax,
                                          NULL, &rule));
    assert_int_equal(n, 0);
    for (int i = 0; i < 5; i++)
        clm_claim_free(c[i]);
    close_store(st);
}

/* ---- two processes, one database ----------------------------------------------- */

#define PER_CHILD 60

/* Opens the group's database again (a SQLite file, or the PostgreSQL
 * schema PGOPTIONS names, inherited from the parent). */
static int reopen(clm_store **st)
{
#ifdef CLM_HAVE_POSTGRES
    if (g_backend == 2)
        return clm_store_open_postgres(st, g_conninfo);
#endif
    return clm_store_open_sqlite(st, g_path, NULL);
}

static int child_register(const char *who)
{
    clm_claim_regimes *regimes = NULL;
    clm_calendar *ru = NULL;
    clm_store *st = NULL;
    if (clm_claim_regimes_new(&regimes) < 0 || clm_calendar_new_ru(&ru) < 0 || reopen(&st) < 0)
        return 10;
    clm_actor a = { who, "manager", 1767000000 };
    for (int i = 0; i < PER_CHILD; i++) {
        clm_claim_info in = info("C-1", who, D(2026, 3, 2), CLM_CLAIM_REFUND);
        if (clm_claim_store_register(NULL, st, &in, regimes, ru, NULL, &a) < 0) {
            fprintf(stderr, "child %s: %s\n", who, clm_error_last()->message);
            return 11;
        }
    }
    clm_store_free(st);
    clm_calendar_free(ru);
    clm_claim_regimes_free(regimes);
    return 0;
}

static int count_claim(const clm_claim *c, void *payload)
{
    int *seen = payload;
    unsigned n = 0;
    if (sscanf(clm_claim_number(c), "CL-2026-%u", &n) != 1 || n < 1 || n > 2 * PER_CHILD)
        return -1;
    seen[n]++;
    return 0;
}

/* Two processes registering at once on one database never share a number
 * and leave no gap (the memory store lives in one process: skipped). */
static void test_two_processes(void **state)
{
    (void)state;
    if (g_backend == 0)
        skip();
    clm_store *st = open_store(); /* creates the schema once */
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0)
            _exit(child_register(k == 0 ? "ivanov" : "petrov"));
    }
    for (int k = 0; k < 2; k++) {
        int status = 0;
        assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    int seen[2 * PER_CHILD + 1] = { 0 };
    CHECK_OK(clm_claim_store_scan(st, NULL, count_claim, seen));
    for (int n = 1; n <= 2 * PER_CHILD; n++)
        if (seen[n] != 1)
            fail_msg("number %d seen %d times", n, seen[n]);
    clm_record *seq = NULL;
    CHECK_OK(clm_store_get(&seq, st, CLM_RECORD_CLAIM, "#seq:CL-{YYYY}-{N:6}:2026"));
    assert_int_equal(seq->body_len, 3);
    assert_memory_equal(seq->body, "120", 3);
    clm_record_free(seq);
    close_store(st);
}

/* ---- the automatic escalation's reason in Russian ----------------------------- */

/* The reason the rule writes is in the language of the thread that runs it
 * (clm/lang.h), with the date in that language's form, and it is kept as
 * written: the claim read back in an English thread still says it in
 * Russian. */
static void test_escalate_due_russian(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_claim_info in = info("C-1", "ivanov", D(2026, 3, 2), CLM_CLAIM_REFUND);
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_store_register(&c, st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    CHECK_OK(clm_claim_store_save(st, c, g_ru, &MGR, NULL));
    const clm_actor rule = { "deadline-watch", "ignored", 1767100000 };
    assign_ctx ax = { 0, 0 };
    size_t n = 0;
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    int rc = clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 11), NULL, NULL, assign, &ax,
                                          NULL, &rule);
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    CHECK_OK(rc);
    assert_int_equal(n, 1);
    clm_claim *back = NULL;
    CHECK_OK(clm_claim_store_load(&back, st, clm_claim_number(c)));
    clm_claim_escalation e;
    CHECK_OK(clm_claim_escalation_at(&e, back, 0));
    assert_int_equal(e.automatic, 1);
    CHECK_STR(e.reason, "срок 12.03.2026 наступает в пределах 1 раб. дн.");
    clm_claim_free(back);
    clm_claim_free(c);
    close_store(st);
}

/* ---- storage faults and OOM ---------------------------------------------------- */

typedef struct fstate {
    clm_claim *c;
} fstate;

static void *fault_setup(clm_store *st)
{
    fstate *s = calloc(1, sizeof *s);
    clm_claim_info in = info("C-1", "ivanov", D(2026, 3, 2), CLM_CLAIM_REFUND);
    CHECK_OK(clm_claim_store_register(&s->c, st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_OK(clm_claim_move(s->c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    return s;
}

static int fault_op_register(clm_store *st, void *state)
{
    (void)state;
    clm_claim_info in = info("C-2", "petrov", D(2026, 3, 4), CLM_CLAIM_REPAIR);
    clm_claim *c = NULL;
    int rc = clm_claim_store_register(&c, st, &in, g_regimes, g_ru, NULL, &MGR);
    clm_claim_free(c);
    return rc;
}

static int fault_op_save(clm_store *st, void *state)
{
    fstate *s = state;
    int64_t v = clm_claim_stored_version(s->c);
    int rc = clm_claim_store_save(st, s->c, g_ru, &MGR, "ack");
    if (rc < 0 && clm_claim_stored_version(s->c) != v)
        fail_msg("a failed save changed the claim's version");
    return rc;
}

static void fault_teardown(void *state)
{
    fstate *s = state;
    clm_claim_free(s->c);
    free(s);
}

/* A claim stored acknowledged, due Thu 12 Mar 2026: at risk on 11 Mar. */
static void *fault_setup_at_risk(clm_store *st)
{
    fstate *s = fault_setup(st);
    CHECK_OK(clm_claim_store_save(st, s->c, g_ru, &MGR, NULL));
    return s;
}

static int fault_op_escalate(clm_store *st, void *state)
{
    (void)state;
    const clm_actor rule = { "deadline-watch", "", 1767100000 };
    assign_ctx ax = { 0, 0 };
    size_t n = 0;
    int rc = clm_claim_store_escalate_due(&n, st, g_ru, D(2026, 3, 11), NULL, NULL, assign, &ax,
                                          NULL, &rule);
    if (rc == 0 && n != 1)
        fail_msg("escalated %zu claims, expected 1", n);
    return rc;
}

static void test_faults(void **state)
{
    (void)state;
    fault_case e = { fault_setup_at_risk, fault_op_escalate, fault_teardown };
    assert_true(fault_check(&e) >= 3);
    fault_case r = { fault_setup, fault_op_register, fault_teardown };
    assert_true(fault_check(&r) >= 4);
    fault_case s = { fault_setup, fault_op_save, fault_teardown };
    assert_true(fault_check(&s) >= 1);
}

typedef struct ostate {
    clm_store *st;
    clm_claim *c;
    store_snapshot snap;
} ostate;

static void *oom_setup(void)
{
    ostate *s = calloc(1, sizeof *s);
    CHECK_OK(clm_store_open_memory(&s->st));
    clm_claim_info in = info("C-1", "ivanov", D(2026, 3, 2), CLM_CLAIM_REFUND);
    CHECK_OK(clm_claim_store_register(&s->c, s->st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_OK(clm_claim_move(s->c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    CHECK_OK(store_snapshot_take(&s->snap, s->st));
    return s;
}

static bool oom_unchanged(void *state)
{
    ostate *s = state;
    return store_snapshot_matches(&s->snap, s->st) && clm_claim_stored_version(s->c) == 1 &&
           clm_store_depth(s->st) == 0;
}

static void oom_teardown(void *state)
{
    ostate *s = state;
    clm_claim_free(s->c);
    clm_store_free(s->st);
    store_snapshot_free(&s->snap);
    free(s);
}

static int oom_op_register(void *state)
{
    ostate *s = state;
    clm_claim_info in = info("C-2", "petrov", D(2026, 3, 4), CLM_CLAIM_REPAIR);
    clm_claim *c = NULL;
    int rc = clm_claim_store_register(&c, s->st, &in, g_regimes, g_ru, NULL, &MGR);
    clm_claim_free(c);
    return rc;
}

static int oom_op_save(void *state)
{
    ostate *s = state;
    return clm_claim_store_save(s->st, s->c, g_ru, &MGR, NULL);
}

static int oom_op_load(void *state)
{
    ostate *s = state;
    clm_claim *c = NULL;
    int rc = clm_claim_store_load(&c, s->st, "CL-2026-000001");
    clm_claim_free(c);
    return rc;
}

static int ignore_due(const clm_claim_due_item *it, void *payload)
{
    (void)it;
    (void)payload;
    return 0;
}

static int oom_op_due(void *state)
{
    ostate *s = state;
    return clm_claim_store_due(s->st, g_ru, D(2026, 3, 12), NULL, NULL, ignore_due, NULL);
}

static int ignore_claim(const clm_claim *c, void *payload)
{
    (void)c;
    (void)payload;
    return 0;
}

static int oom_op_scan(void *state)
{
    ostate *s = state;
    return clm_claim_store_scan(s->st, NULL, ignore_claim, NULL);
}

static void *oom_setup_at_risk(void)
{
    ostate *s = calloc(1, sizeof *s);
    CHECK_OK(clm_store_open_memory(&s->st));
    clm_claim_info in = info("C-1", "ivanov", D(2026, 3, 2), CLM_CLAIM_REFUND);
    CHECK_OK(clm_claim_store_register(&s->c, s->st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_OK(clm_claim_move(s->c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    CHECK_OK(clm_claim_store_save(s->st, s->c, g_ru, &MGR, NULL));
    CHECK_OK(store_snapshot_take(&s->snap, s->st));
    return s;
}

static bool oom_unchanged_at_risk(void *state)
{
    ostate *s = state;
    return store_snapshot_matches(&s->snap, s->st) && clm_store_depth(s->st) == 0;
}

static int oom_op_escalate(void *state)
{
    ostate *s = state;
    const clm_actor rule = { "deadline-watch", "", 1767100000 };
    assign_ctx ax = { 0, 0 };
    size_t n = 0;
    int rc = clm_claim_store_escalate_due(&n, s->st, g_ru, D(2026, 3, 11), NULL, NULL, assign,
                                          &ax, NULL, &rule);
    if (rc == 0 && n != 1)
        fail_msg("escalated %zu claims, expected 1", n);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    oom_case esc = { oom_setup_at_risk, oom_op_escalate, oom_unchanged_at_risk, oom_teardown };
    if (oom_check(&esc) < 3)
        fail_msg("automatic escalation: too few allocation points");
    int (*ops[])(void *) = { oom_op_register, oom_op_save, oom_op_load, oom_op_due, oom_op_scan };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        oom_case c = { oom_setup, ops[i], oom_unchanged, oom_teardown };
        long points = oom_check(&c);
        /* The due listing reads only the records' columns: no allocation
         * of its own on the memory store. */
        if (points < (ops[i] == oom_op_due ? 0 : 1))
            fail_msg("op %zu: %ld allocation points", i, points);
    }
}

static int group_memory(void **state)
{
    g_backend = 0;
    return group_setup(state);
}

#ifdef CLM_HAVE_SQLITE
static int group_sqlite(void **state)
{
    g_backend = 1;
    return group_setup(state);
}
#endif

static int run_postgres(const struct CMUnitTest *tests, size_t n)
{
#ifdef CLM_HAVE_POSTGRES
    g_conninfo = getenv("CLM_TEST_PG");
    if (g_conninfo == NULL || g_conninfo[0] == '\0') {
        const char *req = getenv("CLM_TEST_PG_REQUIRED");
        int required = req != NULL && strcmp(req, "1") == 0;
        printf("claim store: the PostgreSQL tests need a server and CLM_TEST_PG is not set: %s.\n"
               "  `meson test` starts a throwaway server itself when the PostgreSQL server\n"
               "  binaries are installed (or set PG_BINDIR); or, with a server of your own:\n"
               "    eval \"$(scripts/pg-test-server.sh start)\"\n"
               "    meson test -C build claim_store_postgres --print-errorlogs\n"
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
    int failed = _cmocka_run_group_tests("claim store: postgres", tests, n, group_setup,
                                         group_teardown);
    pg_drop_schema();
    PQfinish(g_admin);
    return failed;
#else
    (void)tests;
    (void)n;
    printf("claim store: libclm built without PostgreSQL (meson option 'postgresql'): SKIP\n");
    return 77;
#endif
}

int main(int argc, char **argv)
{
    /* The behaviour, on every backend. */
    const struct CMUnitTest every_backend[] = {
        cmocka_unit_test(test_numbers_gapless),
        cmocka_unit_test(test_save_load),
        cmocka_unit_test(test_due),
        cmocka_unit_test(test_due_matches_decoded),
        cmocka_unit_test(test_escalate_due),
        cmocka_unit_test(test_escalate_due_russian),
        cmocka_unit_test(test_two_processes),
    };
    size_t n = sizeof every_backend / sizeof every_backend[0];
    if (argc > 1 && strcmp(argv[1], "--postgres") == 0)
        return run_postgres(every_backend, n);
    /* The walks wrap the memory store. */
    const struct CMUnitTest memory_only[] = {
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_oom),
    };
    int failed = cmocka_run_group_tests_name("claim store: memory", every_backend, group_memory,
                                             group_teardown);
    failed += cmocka_run_group_tests_name("claim store: walks", memory_only, group_memory,
                                          group_teardown);
#ifdef CLM_HAVE_SQLITE
    snprintf(g_dir, sizeof g_dir, "/tmp/clm-claim-store-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(g_path, sizeof g_path, "%s/clm.db", g_dir);
    failed += cmocka_run_group_tests_name("claim store: sqlite", every_backend, group_sqlite,
                                          group_teardown);
    remove_db();
    rmdir(g_dir);
#else
    printf("claim store: SQLite tests skipped: libclm built without SQLite "
           "(meson option 'sqlite')\n");
#endif
    return failed;
}
