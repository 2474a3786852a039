/*
 * store_sqlite_plan_test.c — the SQLite backend answers a scan filtered by
 * client from the client index, whatever else the filter holds, so that
 * one client's scan (the credit check's exposure, a client's contact log)
 * costs the same in a store of 200 clients and of 100 000; and a scan
 * filtered by a due-date range without a client (the claims due on a day)
 * from the due index.
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

/* A store of `clients` clients with three invoices and a payment each. */
static void seed(int clients)
{
    clm_store *st = NULL;
    remove_db();
    OK(clm_store_open_sqlite(&st, g_path, NULL));
    OK(clm_store_begin(st));
    char id[32], client[16];
    for (int c = 0; c < clients; c++) {
        snprintf(client, sizeof client, "c%04d", c);
        for (int k = 0; k < 4; k++) {
            snprintf(id, sizeof id, "%c%04d-%d", k < 3 ? 'i' : 'p', c, k);
            clm_record r = CLM_RECORD_INIT;
            r.kind = k < 3 ? CLM_RECORD_INVOICE : CLM_RECORD_PAYMENT;
            r.id = id;
            r.client_id = client;
            r.manager = "m01";
            r.state = k < 3 ? NULL : "payment";
            r.due = 20000 + c % 30 + k;
            r.amount = (clm_money){ 1000 + c, "RUB" };
            OK(clm_store_put(NULL, st, &r));
        }
    }
    OK(clm_store_commit(st));
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

static void check_plans(sqlite3 *db)
{
    char tables[16][64];
    size_t nt = record_tables(db, tables, 16);
    assert_true(nt >= 6); /* clients, activities, policies, deals, claims, ledger */
    for (size_t t = 0; t < nt; t++) {
        char want[160];
        snprintf(want, sizeof want, "INDEX %.63s_client (kind=? AND client_id=?)", tables[t]);
        for (unsigned m = 0; m < (1u << CLM_STORE__SQLITE_NCOND); m++) {
            for (int counting = 0; counting < 2; counting++) {
                char sql[1024], plan[1024];
                clm_store__sqlite_filter_sql(sql, sizeof sql, tables[t], m, counting);
                plan_of(db, sql, plan, sizeof plan);
                if (!(m & CLM_STORE__SQLITE_CLIENT_BIT)) {
                    /* a due-date range searches the due index */
                    char due[160];
                    snprintf(due, sizeof due, "INDEX %.63s_due (kind=? AND due", tables[t]);
                    if ((m & CLM_STORE__SQLITE_DUE_BITS) && strstr(plan, due) == NULL)
                        fail_msg("%s\nplan: %s\nexpected a search of the due index", sql, plan);
                    continue; /* else it prepares: all a plan without client or due promises */
                }
                if (strstr(plan, want) == NULL)
                    fail_msg("%s\nplan: %s\nexpected a search of the client index", sql, plan);
                if (strstr(plan, "TEMP B-TREE") != NULL)
                    fail_msg("%s\nplan: %s\nthe client index gives id order: no sort expected",
                             sql, plan);
            }
        }
    }
}

static void test_client_scans_use_the_client_index(void **state)
{
    (void)state;
    seed(300);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    check_plans(db);
    /* Statistics do not move it either: after ANALYZE (which a user's
     * maintenance may run) the plans are the same. */
    assert_int_equal(sqlite3_exec(db, "ANALYZE", NULL, NULL, NULL), SQLITE_OK);
    check_plans(db);
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

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/clm-sqlite-plan-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(g_path, sizeof g_path, "%s/clm.db", g_dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_scans_use_the_client_index),
        cmocka_unit_test(test_client_scan_results),
    };
    int failed = cmocka_run_group_tests_name("store: sqlite plans", tests, NULL, NULL);
    remove_db();
    rmdir(g_dir);
    return failed;
}
