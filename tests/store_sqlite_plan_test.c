/*
 * store_sqlite_plan_test.c — the SQLite backend answers a filtered scan or
 * count from an index of its conditions (client, else manager, else
 * category, else state, else the due range), so that one client's scan
 * (the credit check's exposure, a client's contact log), one manager's
 * claims or the tasks due this week cost the same in a store of 200
 * clients and of 100 000.
 *
 * The statements are built by src/store/sqlite_scan_sql.h, the one place
 * the backend takes them from; this test asks SQLite for their plans on a
 * file the backend created (so with the backend's real schema and indexes)
 * and holding records, for every family table and every combination of
 * filter conditions.
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
#include <sqlite3.h>

#include "clm/clm.h"
#include "sqlite_scan_sql.h"

static char g_dir[64];
static char g_path[128];

static void remove_db(void)
{
    char buf[192];
    unlink(g_path);
    snprintf(buf, sizeof buf, "%s-wal", g_path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", g_path);
    unlink(buf);
}

#define OK(call)                                                                   \
    do {                                                                           \
        int ok_rc_ = (call);                                                       \
        if (ok_rc_ != 0)                                                           \
            fail_msg("%s = %d: %s", #call, ok_rc_, clm_error_last()->message);     \
    } while (0)

/* `clients` clients with three invoices and a payment each, over three
 * managers; the first invoice of each is in the category "key". */
static void seed_into(clm_store *st, int clients)
{
    OK(clm_store_begin(st));
    char id[32], client[16], manager[8];
    for (int c = 0; c < clients; c++) {
        snprintf(client, sizeof client, "c%04d", c);
        snprintf(manager, sizeof manager, "m%02d", c % 3);
        for (int k = 0; k < 4; k++) {
            /* the due index holds them in (due, id) order: not id order */
            snprintf(id, sizeof id, "%c%04d-%d", k < 3 ? 'i' : 'p', c, k);
            clm_record r = CLM_RECORD_INIT;
            r.kind = k < 3 ? CLM_RECORD_INVOICE : CLM_RECORD_PAYMENT;
            r.id = id;
            r.client_id = client;
            r.manager = manager;
            r.state = k < 3 ? (k == 2 ? "disputed" : NULL) : "payment";
            r.category = k == 0 ? "key" : NULL;
            r.due = 20000 + c % 30 + k;
            r.amount = (clm_money){ 1000 + c, "RUB" };
            OK(clm_store_put(NULL, st, &r));
        }
    }
    OK(clm_store_commit(st));
}

/* A SQLite file at g_path holding seed_into()'s records. */
static void seed(int clients)
{
    clm_store *st = NULL;
    remove_db();
    OK(clm_store_open_sqlite(&st, g_path, NULL));
    seed_into(st, clients);
    clm_store_free(st);
}

/* The plan of `sql` as its detail lines joined by " | ". */
static void plan_of(sqlite3 *db, const char *sql, char *out, size_t size)
{
    char q[1200];
    snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(st, 3);
        if (out[0] != '\0')
            strncat(out, " | ", size - strlen(out) - 1);
        strncat(out, d != NULL ? d : "", size - strlen(out) - 1);
    }
    sqlite3_finalize(st);
}

/* Every family table of the file the backend made (clm_ tables that hold
 * records: those with a client_id column). */
static size_t record_tables(sqlite3 *db, char names[][64], size_t cap)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'"
                                        " AND m.name LIKE 'clm\\_%' ESCAPE '\\' AND EXISTS"
                                        " (SELECT 1 FROM pragma_table_info(m.name) c"
                                        "  WHERE c.name = 'client_id') ORDER BY m.name",
                                        -1, &st, NULL),
                     SQLITE_OK);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < cap)
        snprintf(names[n++], 64, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return n;
}

/* The index a statement of `form` with the conditions in `mask` should
 * read, as the plan names it (NULL: SQLite's choice), and whether that
 * index gives id order (an equality) or the scan sorts. */
static const char *expected_index(unsigned m, int form, int *ordered)
{
    *ordered = 1;
    if (m & CLM_STORE__SQLITE_CLIENT_BIT)
        return "client (kind=? AND client_id=?)";
    if (m & CLM_STORE__SQLITE_MANAGER_BIT)
        return "manager (kind=? AND manager=?)";
    if (m & CLM_STORE__SQLITE_CATEGORY_BIT)
        return "category (kind=? AND category=?)";
    *ordered = 0;
    if (form == CLM_STORE__SQLITE_WALK)
        return NULL;
    if ((m & CLM_STORE__SQLITE_DUE_BITS) == CLM_STORE__SQLITE_DUE_BITS)
        return "due (kind=? AND due>? AND due<?)";
    if (m & 16u)
        return "due (kind=? AND due>?)";
    if (m & 32u)
        return "due (kind=? AND due<?)";
    return NULL;
}

/* `analyzed`: ANALYZE has run, and where the backend leaves the choice to
 * SQLite, SQLite chooses from the statistics. */
static void check_plans(sqlite3 *db, int analyzed)
{
    char tables[16][64];
    size_t nt = record_tables(db, tables, 16);
    assert_true(nt >= 6); /* clients, activities, policies, deals, claims, ledger */
    for (size_t t = 0; t < nt; t++) {
        for (unsigned m = 0; m < (1u << CLM_STORE__SQLITE_NCOND); m++) {
            int adaptive = clm_store__sqlite_due_adaptive(m);
            /* a due range alone, and only then, asks the probe */
            assert_int_equal(adaptive, !(m & 11u) && (m & CLM_STORE__SQLITE_DUE_BITS) != 0);
            for (int form = 0; form < 3; form++) {
                char sql[1024], plan[1024], want[160];
                if (form == CLM_STORE__SQLITE_WALK && !adaptive)
                    continue; /* the backend never runs it */
                int ordered = 1;
                const char *idx = expected_index(m, form, &ordered);
                clm_store__sqlite_filter_sql(sql, sizeof sql, tables[t], m, form);
                plan_of(db, sql, plan, sizeof plan);
                if (idx == NULL) {
                    if (form == CLM_STORE__SQLITE_COUNT || analyzed)
                        continue; /* SQLite's choice, from the statistics or for a count */
                    /* the kind by its key, in id order */
                    snprintf(want, sizeof want, "SEARCH %.63s USING PRIMARY KEY (kind=?)",
                             tables[t]);
                    if (strstr(plan, want) == NULL || strstr(plan, "TEMP B-TREE") != NULL)
                        fail_msg("%s\nplan: %s\nexpected a walk of the primary key", sql,
                                 plan);
                    continue;
                }
                /* "USING INDEX" or "USING COVERING INDEX" (a count) */
                snprintf(want, sizeof want, "INDEX %.63s_%s", tables[t], idx);
                if (strstr(plan, want) == NULL)
                    fail_msg("%s\nplan: %s\nexpected a search of %s", sql, plan, want);
                if (ordered && strstr(plan, "TEMP B-TREE") != NULL)
                    fail_msg("%s\nplan: %s\nan equality index gives id order: no sort expected",
                             sql, plan);
            }
            if (adaptive) {
                /* the probe reads the due index alone */
                char sql[1024], plan[1024], want[160];
                clm_store__sqlite_due_probe_sql(sql, sizeof sql, tables[t], m);
                plan_of(db, sql, plan, sizeof plan);
                snprintf(want, sizeof want, "COVERING INDEX %.63s_due", tables[t]);
                if (strstr(plan, want) == NULL)
                    fail_msg("%s\nplan: %s\nexpected %s", sql, plan, want);
            }
        }
    }
}

static void test_scans_use_their_index(void **state)
{
    (void)state;
    seed(300);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    check_plans(db, 0);
    /* Statistics do not move the indexes the backend names either: after
     * ANALYZE (which a user's maintenance may run) those plans are the
     * same. */
    assert_int_equal(sqlite3_exec(db, "ANALYZE", NULL, NULL, NULL), SQLITE_OK);
    check_plans(db, 1);
    sqlite3_close(db);
}

/* What the plans promise, through the store: one client's scan returns its
 * records, in id order, and nothing of another client. */
static int collect(const clm_record *r, void *payload)
{
    char *ids = payload;
    strcat(ids, r->id);
    strcat(ids, " ");
    return 0;
}

static void test_client_scan_results(void **state)
{
    (void)state;
    seed(50);
    clm_store *st = NULL;
    OK(clm_store_open_sqlite(&st, g_path, NULL));
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_INVOICE;
    f.client_id = "c0007";
    char ids[256] = "";
    OK(clm_store_scan(st, &f, collect, ids));
    assert_string_equal(ids, "i0007-0 i0007-1 i0007-2 ");
    f.due_from = 20000 + 7 + 1;
    ids[0] = '\0';
    OK(clm_store_scan(st, &f, collect, ids));
    assert_string_equal(ids, "i0007-1 i0007-2 ");
    int64_t n = 0;
    OK(clm_store_count(&n, st, &f));
    assert_int_equal(n, 2);
    f = (clm_store_filter)CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_PAYMENT;
    f.client_id = "c0049";
    f.state = "payment";
    ids[0] = '\0';
    OK(clm_store_scan(st, &f, collect, ids));
    assert_string_equal(ids, "p0049-3 ");
    clm_store_free(st);
}

/* Whatever index a scan reads, it returns what the memory store returns
 * for the same records: the same ids in the same (id) order, and counts
 * agree. */
static int append_id(const clm_record *r, void *payload)
{
    char *ids = payload;
    size_t n = strlen(ids);
    if (n + strlen(r->id) + 2 > 65536)
        return CLM_ELIMIT;
    strcat(ids, r->id);
    strcat(ids, " ");
    return 0;
}

static void test_indexed_scans_match_memory(void **state)
{
    (void)state;
    seed(800); /* 2,400 invoices: a due range of all of them is wide */
    clm_store *sq = NULL, *mem = NULL;
    OK(clm_store_open_sqlite(&sq, g_path, NULL));
    OK(clm_store_open_memory(&mem));
    seed_into(mem, 800);
    typedef struct { clm_record_kind kind; const char *manager, *state, *category;
                     clm_date from, to; } fcase;
    const clm_date none = CLM_RECORD_NO_DUE;
    const fcase cases[] = {
        { CLM_RECORD_INVOICE, "m01", NULL, NULL, none, none },
        { CLM_RECORD_INVOICE, "m02", NULL, NULL, none, 20010 },      /* a manager's due list */
        { CLM_RECORD_INVOICE, "m00", "disputed", NULL, none, none },
        { CLM_RECORD_INVOICE, NULL, "disputed", NULL, 20005, 20012 },
        { CLM_RECORD_INVOICE, NULL, NULL, "key", none, none },
        { CLM_RECORD_INVOICE, NULL, "disputed", "key", none, none }, /* none match */
        { CLM_RECORD_INVOICE, NULL, NULL, NULL, 20003, 20004 },      /* narrow: sorted */
        { CLM_RECORD_INVOICE, NULL, NULL, NULL, 20025, none },
        { CLM_RECORD_INVOICE, NULL, NULL, NULL, none, 20001 },
        { CLM_RECORD_INVOICE, NULL, NULL, NULL, 20000, none },       /* all 2,400: the walk */
        { CLM_RECORD_INVOICE, NULL, "disputed", NULL, none, 20040 }, /* 800: narrow */
        { CLM_RECORD_INVOICE, NULL, NULL, NULL, 20001, 20031 },      /* 2,320: the walk */
        { CLM_RECORD_PAYMENT, "m01", "payment", NULL, 20010, 20020 },
        { CLM_RECORD_PAYMENT, NULL, NULL, NULL, none, none },
    };
    static char a[65536], b[65536];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = cases[i].kind;
        f.manager = cases[i].manager;
        f.state = cases[i].state;
        f.category = cases[i].category;
        f.due_from = cases[i].from;
        f.due_to = cases[i].to;
        a[0] = b[0] = '\0';
        OK(clm_store_scan(sq, &f, append_id, a));
        OK(clm_store_scan(mem, &f, append_id, b));
        if (strcmp(a, b) != 0)
            fail_msg("case %zu: sqlite '%s'\nmemory '%s'", i, a, b);
        int64_t na = -1, nb = -2;
        OK(clm_store_count(&na, sq, &f));
        OK(clm_store_count(&nb, mem, &f));
        assert_int_equal(na, nb);
        if (i != 5)
            assert_true(na > 0); /* the cases are not all empty */
    }
    clm_store_free(sq);
    clm_store_free(mem);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/clm-sqlite-plan-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(g_path, sizeof g_path, "%s/clm.db", g_dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scans_use_their_index),
        cmocka_unit_test(test_client_scan_results),
        cmocka_unit_test(test_indexed_scans_match_memory),
    };
    int failed = cmocka_run_group_tests_name("store: sqlite plans", tests, NULL, NULL);
    remove_db();
    rmdir(g_dir);
    return failed;
}
