/*
 * coverage_sqlite_damage_test.c — an SQLite store whose file was changed
 * behind libclm's back (a hand edit, another program, a damaged copy):
 * a record with a due that is not a date, a currency that is not three
 * letters, an audit entry with an unknown operation or a record image that
 * does not decode. Each read is CLM_EIO with a message naming the store
 * and what is damaged; nothing is returned half-read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "clm/clm.h"
#include "core_check.h"

static char g_path[64];

static void sql(const char *text)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, text, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", text, err != NULL ? err : "?");
    sqlite3_close(db);
}

/* A store with client C-1 (due 2026-03-01, 10.00 RUB) written with one
 * audit entry; closed. */
static void make_store(void)
{
    snprintf(g_path, sizeof g_path, "/tmp/clm-damage-XXXXXX");
    int fd = mkstemp(g_path);
    assert_true(fd >= 0);
    close(fd);
    unlink(g_path);
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_sqlite(&st, g_path, NULL));
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = "C-1";
    CHECK_OK(clm_date_from_ymd(&r.due, 2026, 3, 1));
    CHECK_OK(clm_money_make(&r.amount, 1000, "RUB"));
    clm_actor a = { "ivanov", "manager", 1767000000 };
    CHECK_OK(clm_store_put_audited(NULL, st, &a, &r, "created"));
    clm_store_free(st);
}

static clm_store *reopen(void)
{
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_sqlite(&st, g_path, NULL));
    return st;
}

static int count_cb(const clm_record *r, void *payload)
{
    (void)r;
    ++*(int *)payload;
    return 0;
}

static void expect_damaged_record(const char *what)
{
    clm_store *st = reopen();
    clm_record *r = (clm_record *)&r;
    CHECK_FAIL(clm_store_get(&r, st, CLM_RECORD_CLIENT, "C-1"), CLM_EIO);
    assert_ptr_equal(r, (clm_record *)&r);
    assert_non_null(strstr(clm_error_last()->message, what));
    assert_non_null(strstr(clm_error_last()->message, g_path));
    int n = 0;
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    CHECK_FAIL(clm_store_scan(st, &f, count_cb, &n), CLM_EIO);
    assert_int_equal(n, 0);
    clm_store_free(st);
}

static void test_bad_due(void **state)
{
    (void)state;
    make_store();
    sql("UPDATE clm_clients SET due = 'soon' WHERE id = 'C-1'");
    expect_damaged_record("bad due");
    unlink(g_path);
}

static void test_bad_currency(void **state)
{
    (void)state;
    make_store();
    sql("UPDATE clm_clients SET currency = 'ROUBLE' WHERE id = 'C-1'");
    expect_damaged_record("bad currency");
    unlink(g_path);
}

static int audit_cb(const clm_audit_entry *e, void *payload)
{
    (void)e;
    ++*(int *)payload;
    return 0;
}

/* The scan gives the `good` entries before the damaged one, then fails. */
static void expect_damaged_audit(const char *what, int good)
{
    clm_store *st = reopen();
    clm_audit_filter f = CLM_AUDIT_FILTER_INIT;
    int n = 0;
    CHECK_FAIL(clm_store_audit_scan(st, &f, audit_cb, &n), CLM_EIO);
    assert_int_equal(n, good);
    assert_non_null(strstr(clm_error_last()->message, what));
    clm_store_free(st);
}

static void test_damaged_audit(void **state)
{
    (void)state;
    make_store();
    /* The audit log is append-only (triggers); a damaged copy is not. */
    sql("DROP TRIGGER clm_audit_no_update; UPDATE clm_audit SET op = 'zap'");
    expect_damaged_audit("is damaged", 0);
    unlink(g_path);
    make_store();
    sql("DROP TRIGGER clm_audit_no_update; UPDATE clm_audit SET after = x'00ff00ff'");
    expect_damaged_audit("damaged record image", 0);
    unlink(g_path);    /* A before image named by reference (schema 4) to an entry that is
     * not there, or that holds no after image. */
    make_store();
    sql("INSERT INTO clm_audit (at, actor_user, actor_role, op, kind, id, version, note, before,"
        " after, before_seq) VALUES (1767000001, 'ivanov', 'manager', 'delete', 'client', 'C-1',"
        " 1, '', NULL, NULL, 99)");
    expect_damaged_audit("damaged record image", 1);
    unlink(g_path);
    make_store();
    sql("INSERT INTO clm_audit (at, actor_user, actor_role, op, kind, id, version, note, before,"
        " after, before_seq) VALUES (1767000001, 'ivanov', 'manager', 'delete', 'client', 'C-1',"
        " 1, '', NULL, NULL, 2)");
    expect_damaged_audit("damaged record image", 1);
    unlink(g_path);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_due),
        cmocka_unit_test(test_bad_currency),
        cmocka_unit_test(test_damaged_audit),
    };
    return core_run("coverage_sqlite_damage", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
