/*
 * coupon_test.c — coupons with usage limits through the store
 * (clm/discount_coupon.h): ASCII case folding of codes, the limits in total
 * and per client, the counting stage, release on cancellation, a failed
 * call changes nothing, two processes racing for the last uses never
 * exceed a limit (SQLite; PostgreSQL with --postgres under
 * scripts/pg-test-server.sh), and the storage-fault and OOM walks.
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

static char g_dir[64];
static char g_path[128];
static int g_backend; /* 0 memory, 1 SQLite, 2 PostgreSQL */

static clm_date D(int y, int m, int d)
{
    clm_date out = 0;
    if (clm_date_from_ymd(&out, y, m, d) < 0)
        fail_msg("bad date");
    return out;
}

#ifdef CLM_HAVE_POSTGRES
#include <libpq-fe.h>

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
    snprintf(g_schema, sizeof g_schema, "clm_cp%ld_%d", (long)getpid(), ++g_schema_seq);
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
        remove_db(g_path);
        if (clm_store_open_sqlite(&st, g_path, NULL) != 0)
            fail_msg("open sqlite: %s", clm_error_last()->message);
    } else if (clm_store_open_memory(&st) != 0) {
        fail_msg("open memory: %s", clm_error_last()->message);
    }
    return st;
}

/* Another handle on the group's database (SQLite, PostgreSQL). */
static clm_store *reopen_store(void)
{
    clm_store *st = NULL;
#ifdef CLM_HAVE_POSTGRES
    if (g_backend == 2) {
        if (clm_store_open_postgres(&st, g_conninfo) != 0)
            return NULL;
        return st;
    }
#endif
    if (clm_store_open_sqlite(&st, g_path, NULL) != 0)
        return NULL;
    return st;
}

static void define(clm_store *st, const char *code, int64_t total, int64_t per_client,
                   clm_coupon_stage at)
{
    clm_coupon_def c = CLM_COUPON_DEF_INIT;
    c.code = code;
    c.max_uses = total;
    c.max_uses_per_client = per_client;
    c.count_at = at;
    c.valid_from = D(2026, 3, 1);
    c.valid_to = D(2026, 3, 31);
    CHECK_OK(clm_coupon_store_define(st, &MGR, &c));
}

static int use(clm_coupon_use *out, clm_store *st, const char *code, const char *client,
               const char *doc, clm_coupon_stage stage)
{
    clm_coupon_use_request r = CLM_COUPON_USE_REQUEST_INIT;
    r.code = code;
    r.client = client;
    r.document = doc;
    r.date = D(2026, 3, 10);
    r.stage = stage;
    clm_coupon_use u;
    int rc = clm_coupon_store_use(&u, st, &MGR, &r);
    if (rc == 0 && out != NULL)
        *out = u;
    return rc;
}

/* ---- codes ------------------------------------------------------------------- */

static void test_fold(void **state)
{
    (void)state;
    char k[CLM_COUPON_CODE_MAX + 1];
    CHECK_OK(clm_coupon_code_fold(k, sizeof k, "Spring-10"));
    assert_string_equal(k, "spring-10");
    /* non-ASCII letters are kept as they are: ASCII folding only */
    CHECK_OK(clm_coupon_code_fold(k, sizeof k, "СКИДКА-X"));
    assert_string_equal(k, "СКИДКА-x");
    assert_true(clm_coupon_code_equal("SPRING10", "spring10", CLM_DISCOUNT_COUPON_FOLD_ASCII));
    assert_false(clm_coupon_code_equal("SPRING10", "spring10", CLM_DISCOUNT_COUPON_EXACT));
    assert_false(clm_coupon_code_equal("СКИДКА", "скидка", CLM_DISCOUNT_COUPON_FOLD_ASCII));
    assert_false(clm_coupon_code_equal("SPRING1", "spring10", CLM_DISCOUNT_COUPON_FOLD_ASCII));
    assert_false(clm_coupon_code_equal(NULL, "a", CLM_DISCOUNT_COUPON_FOLD_ASCII));
    assert_false(clm_coupon_code_equal("a", "a", (clm_discount_coupon_match)9));
    char small[4] = "xyz";
    CHECK_FAIL(clm_coupon_code_fold(small, sizeof small, "ABCD"), CLM_EBUFSIZE);
    assert_string_equal(small, "xyz");
    CHECK_FAIL(clm_coupon_code_fold(k, sizeof k, ""), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_code_fold(k, sizeof k, " lead"), CLM_EINVAL);
    char longc[CLM_COUPON_CODE_MAX + 2];
    memset(longc, 'A', sizeof longc - 1);
    longc[sizeof longc - 1] = '\0';
    CHECK_FAIL(clm_coupon_code_fold(k, sizeof k, longc), CLM_EINVAL);
    assert_string_equal(clm_coupon_stage_name(CLM_COUPON_AT_OFFER), "offer");
    clm_coupon_stage s = CLM_COUPON_AT_ORDER;
    CHECK_OK(clm_coupon_stage_from_name(&s, "offer"));
    assert_int_equal(s, CLM_COUPON_AT_OFFER);
    CHECK_FAIL(clm_coupon_stage_from_name(&s, "Offer"), CLM_ENOTFOUND);
    assert_null(clm_coupon_stage_name((clm_coupon_stage)0));
}

/* ---- the store ----------------------------------------------------------------- */

static void test_define_get(void **state)
{
    (void)state;
    clm_store *st = open_store();
    define(st, "Spring10", 3, 1, CLM_COUPON_AT_ORDER);
    clm_coupon_info info;
    CHECK_OK(clm_coupon_store_get(&info, st, "SPRING10"));
    assert_string_equal(info.code, "Spring10");
    assert_string_equal(info.key, "spring10");
    CHECK_I64(info.max_uses, 3);
    CHECK_I64(info.max_uses_per_client, 1);
    CHECK_I64(info.uses, 0);
    assert_int_equal(info.count_at, CLM_COUPON_AT_ORDER);
    assert_int_equal(info.valid_from, D(2026, 3, 1));
    /* the same code in another case is the same coupon */
    clm_coupon_def c = CLM_COUPON_DEF_INIT;
    c.code = "SPRING10";
    store_snapshot before;
    CHECK_OK(store_snapshot_take(&before, st));
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &c), CLM_EEXISTS);
    c.code = "other";
    c.max_uses = 0;
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &c), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "max_uses");
    c.max_uses = CLM_COUPON_UNLIMITED;
    c.max_uses_per_client = -5;
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &c), CLM_EINVAL);
    c.max_uses_per_client = CLM_COUPON_UNLIMITED;
    c.valid_from = D(2026, 4, 1);
    c.valid_to = D(2026, 3, 1);
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &c), CLM_EINVAL);
    c = (clm_coupon_def)CLM_COUPON_DEF_INIT;
    c.code = "other";
    c.count_at = (clm_coupon_stage)7;
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &c), CLM_EINVAL);
    c.count_at = CLM_COUPON_AT_ORDER;
    c.match = (clm_discount_coupon_match)0;
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &c), CLM_EINVAL);
    c.match = CLM_DISCOUNT_COUPON_EXACT;
    c.version = 2;
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &c), CLM_EVERSION);
    CHECK_FAIL(clm_coupon_store_define(NULL, &MGR, &c), CLM_EINVAL);
    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);
    CHECK_FAIL(clm_coupon_store_get(&info, st, "nope"), CLM_ENOTFOUND);
    clm_store_free(st);
}

static int count_entry(const clm_audit_entry *e, void *payload)
{
    (void)e;
    ++*(int64_t *)payload;
    return 0;
}

static void test_limits(void **state)
{
    (void)state;
    clm_store *st = open_store();
    define(st, "SPRING10", 3, 2, CLM_COUPON_AT_ORDER);
    clm_coupon_use u;
    CHECK_OK(use(&u, st, "spring10", "C-1", "SO-1", CLM_COUPON_AT_ORDER));
    assert_int_equal(u.counted, 1);
    assert_int_equal(u.held, 1);
    CHECK_I64(u.uses, 1);
    CHECK_I64(u.client_uses, 1);
    assert_string_equal(u.key, "spring10");
    /* asking again for the same order counts nothing */
    CHECK_OK(use(&u, st, "Spring10", "C-1", "SO-1", CLM_COUPON_AT_ORDER));
    assert_int_equal(u.counted, 0);
    assert_int_equal(u.held, 1);
    CHECK_I64(u.uses, 1);
    /* the same document for another client is refused */
    CHECK_FAIL(use(NULL, st, "SPRING10", "C-2", "SO-1", CLM_COUPON_AT_ORDER), CLM_ESTATE);
    CHECK_OK(use(&u, st, "SPRING10", "C-1", "SO-2", CLM_COUPON_AT_ORDER));
    CHECK_I64(u.client_uses, 2);
    /* C-1 is at its limit of 2; nothing is written by the refusal */
    store_snapshot before;
    CHECK_OK(store_snapshot_take(&before, st));
    CHECK_FAIL(use(NULL, st, "SPRING10", "C-1", "SO-3", CLM_COUPON_AT_ORDER), CLM_ELIMIT);
    assert_string_equal(clm_error_last()->field, "max_uses_per_client");
    assert_true(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);
    int64_t n = -1;
    CHECK_OK(clm_coupon_store_client_uses(&n, st, "spring10", "C-1"));
    CHECK_I64(n, 2);
    CHECK_OK(use(&u, st, "SPRING10", "C-2", "SO-4", CLM_COUPON_AT_ORDER));
    CHECK_I64(u.uses, 3);
    /* all 3 taken */
    CHECK_FAIL(use(NULL, st, "SPRING10", "C-3", "SO-5", CLM_COUPON_AT_ORDER), CLM_ELIMIT);
    assert_string_equal(clm_error_last()->field, "max_uses");
    /* a cancelled order gives its use back, and the next client gets it */
    CHECK_OK(clm_coupon_store_release(st, &MGR, "spring10", "SO-2"));
    clm_coupon_info info;
    CHECK_OK(clm_coupon_store_get(&info, st, "SPRING10"));
    CHECK_I64(info.uses, 2);
    CHECK_OK(clm_coupon_store_client_uses(&n, st, "SPRING10", "C-1"));
    CHECK_I64(n, 1);
    CHECK_FAIL(clm_coupon_store_release(st, &MGR, "spring10", "SO-2"), CLM_ENOTFOUND);
    CHECK_OK(use(&u, st, "SPRING10", "C-3", "SO-5", CLM_COUPON_AT_ORDER));
    CHECK_I64(u.uses, 3);
    /* every change was audited: define, 4 uses (2 writes each), 1 release (2) */
    int64_t entries = 0;
    CHECK_OK(clm_store_audit_scan(st, NULL, count_entry, &entries));
    CHECK_I64(entries, 1 + 4 * 2 + 2);
    clm_store_free(st);
}

static void test_stage_and_validity(void **state)
{
    (void)state;
    clm_store *st = open_store();
    define(st, "ORDERONLY", 1, CLM_COUPON_UNLIMITED, CLM_COUPON_AT_ORDER);
    define(st, "ATOFFER", 1, CLM_COUPON_UNLIMITED, CLM_COUPON_AT_OFFER);
    clm_coupon_use u;
    /* an offer asks about a coupon counted at the order: checked, not counted */
    CHECK_OK(use(&u, st, "orderonly", "C-1", "OF-1", CLM_COUPON_AT_OFFER));
    assert_int_equal(u.counted, 0);
    assert_int_equal(u.held, 0);
    CHECK_I64(u.uses, 0);
    CHECK_OK(use(&u, st, "orderonly", "C-1", "SO-1", CLM_COUPON_AT_ORDER));
    assert_int_equal(u.counted, 1);
    CHECK_FAIL(use(NULL, st, "orderonly", "C-2", "OF-2", CLM_COUPON_AT_OFFER), CLM_ELIMIT);
    /* a coupon counted at the offer: the offer takes the use, the order
     * made from it (same document) holds it already */
    CHECK_OK(use(&u, st, "atoffer", "C-1", "D-1", CLM_COUPON_AT_OFFER));
    assert_int_equal(u.counted, 1);
    CHECK_OK(use(&u, st, "atoffer", "C-1", "D-1", CLM_COUPON_AT_ORDER));
    assert_int_equal(u.counted, 0);
    assert_int_equal(u.held, 1);
    /* validity: March 2026 only */
    define(st, "MARCH", CLM_COUPON_UNLIMITED, CLM_COUPON_UNLIMITED, CLM_COUPON_AT_ORDER);
    clm_coupon_use_request r = CLM_COUPON_USE_REQUEST_INIT;
    r.code = "march";
    r.client = "C-1";
    r.document = "SO-9";
    r.date = D(2026, 4, 1);
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_ERANGE);
    assert_non_null(strstr(clm_error_last()->message, "2026-03-31"));
    r.date = D(2026, 3, 31);
    CHECK_OK(clm_coupon_store_use(&u, st, &MGR, &r));
    /* bad requests */
    r.document = "";
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EINVAL);
    r.document = "SO-10";
    r.client = NULL;
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EINVAL);
    r.client = "C-1";
    r.stage = (clm_coupon_stage)3;
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EINVAL);
    r.stage = CLM_COUPON_AT_ORDER;
    r.version = 9;
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EVERSION);
    char longdoc[CLM_COUPON_DOCUMENT_MAX + 2];
    memset(longdoc, 'd', sizeof longdoc - 1);
    longdoc[sizeof longdoc - 1] = '\0';
    r.version = CLM_COUPON_USE_REQUEST_VERSION;
    r.document = longdoc;
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EINVAL);
    clm_store_free(st);
}

static void test_exact(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_coupon_def c = CLM_COUPON_DEF_INIT;
    c.code = "VIP-Anna";
    c.match = CLM_DISCOUNT_COUPON_EXACT;
    CHECK_OK(clm_coupon_store_define(st, &MGR, &c));
    clm_coupon_use u;
    CHECK_FAIL(use(NULL, st, "vip-anna", "C-1", "SO-1", CLM_COUPON_AT_ORDER), CLM_ENOTFOUND);
    CHECK_OK(use(&u, st, "VIP-Anna", "C-1", "SO-1", CLM_COUPON_AT_ORDER));
    assert_int_equal(u.counted, 1);
    CHECK_FAIL(clm_coupon_store_release(st, &MGR, "VIP-ANNA", "SO-1"), CLM_ENOTFOUND);
    CHECK_OK(clm_coupon_store_release(st, &MGR, "VIP-Anna", "SO-1"));
    clm_store_free(st);
}

static void test_corrupt(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_COUPON;
    r.id = "c:bad";
    r.state = "coupon";
    r.name = "BAD";
    r.body = "coupon 1\nfrom=0\n";
    r.body_len = strlen(r.body);
    CHECK_OK(clm_store_put(NULL, st, &r));
    clm_coupon_info info;
    CHECK_FAIL(clm_coupon_store_get(&info, st, "bad"), CLM_EPARSE);
    CHECK_FAIL(use(NULL, st, "bad", "C-1", "SO-1", CLM_COUPON_AT_ORDER), CLM_EPARSE);
    clm_store_free(st);
}

/* Inside the caller's transaction a use is part of it: a rollback takes it
 * back. */
static void test_in_transaction(void **state)
{
    (void)state;
    clm_store *st = open_store();
    define(st, "ONE", 1, CLM_COUPON_UNLIMITED, CLM_COUPON_AT_ORDER);
    CHECK_OK(clm_store_begin(st));
    CHECK_OK(use(NULL, st, "one", "C-1", "SO-1", CLM_COUPON_AT_ORDER));
    CHECK_OK(clm_store_rollback(st));
    clm_coupon_info info;
    CHECK_OK(clm_coupon_store_get(&info, st, "one"));
    CHECK_I64(info.uses, 0);
    CHECK_OK(use(NULL, st, "one", "C-2", "SO-2", CLM_COUPON_AT_ORDER));
    clm_store_free(st);
}

/* ---- two processes ------------------------------------------------------------ */

#define TRIES 30

/* A child: TRIES orders on each coupon; exit code = uses it got on "LAST"
 * (bits 0-5) and on "PERCLIENT" (bits 6-7 would not hold them: written to
 * a pipe instead). Any error other than the limit is a failure. */
static int child(int k, int fd)
{
    clm_store *st = reopen_store();
    if (st == NULL)
        return 100;
    int got[2] = { 0, 0 };
    const char *codes[2] = { "last", "perclient" };
    for (int i = 0; i < TRIES; i++)
        for (int c = 0; c < 2; c++) {
            char client[16], doc[32];
            /* LAST: ten clients; PERCLIENT: three clients, both children */
            snprintf(client, sizeof client, "C-%d", c == 0 ? i % 10 : i % 3);
            snprintf(doc, sizeof doc, "SO-%d-%d-%d", k, c, i);
            int rc = use(NULL, st, codes[c], client, doc, CLM_COUPON_AT_ORDER);
            if (rc == 0)
                got[c]++;
            else if (rc != CLM_ELIMIT) {
                fprintf(stderr, "child %d: %s\n", k, clm_error_last()->message);
                clm_store_free(st);
                return 101;
            }
        }
    clm_store_free(st);
    return write(fd, got, sizeof got) == (ssize_t)sizeof got ? 0 : 102;
}

typedef struct per_client {
    int n[10];
} per_client;

static int count_use(const clm_record *rec, void *payload)
{
    per_client *pc = payload;
    int c = -1;
    if (strcmp(rec->state, "used") == 0 && sscanf(rec->client_id, "C-%d", &c) == 1 && c >= 0 &&
        c < 10)
        pc->n[c]++;
    return 0;
}

static void test_two_processes(void **state)
{
    (void)state;
    if (g_backend == 0)
        skip(); /* a memory store is private to its handle */
    clm_store *st = open_store();
    define(st, "LAST", 25, 3, CLM_COUPON_AT_ORDER);            /* the total binds */
    define(st, "PERCLIENT", CLM_COUPON_UNLIMITED, 2, CLM_COUPON_AT_ORDER); /* 3 clients x 2 */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0)
            _exit(child(k, fds[1]));
    }
    close(fds[1]);
    int total[2] = { 0, 0 };
    for (int k = 0; k < 2; k++) {
        int status = 0;
        assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        int got[2];
        assert_int_equal(read(fds[0], got, sizeof got), (ssize_t)sizeof got);
        total[0] += got[0];
        total[1] += got[1];
    }
    close(fds[0]);
    /* 60 orders asked for 25 uses: exactly 25 were granted, and recorded */
    assert_int_equal(total[0], 25);
    assert_int_equal(total[1], 6);
    clm_coupon_info info;
    CHECK_OK(clm_coupon_store_get(&info, st, "last"));
    CHECK_I64(info.uses, 25);
    CHECK_OK(clm_coupon_store_get(&info, st, "perclient"));
    CHECK_I64(info.uses, 6);
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_COUPON;
    f.category = "last";
    f.state = "used";
    per_client pc = { { 0 } };
    CHECK_OK(clm_store_scan(st, &f, count_use, &pc));
    int sum = 0;
    for (int c = 0; c < 10; c++) {
        assert_true(pc.n[c] <= 3);
        sum += pc.n[c];
    }
    assert_int_equal(sum, 25);
    f.category = "perclient";
    memset(&pc, 0, sizeof pc);
    CHECK_OK(clm_store_scan(st, &f, count_use, &pc));
    for (int c = 0; c < 3; c++)
        assert_int_equal(pc.n[c], 2);
    clm_store_free(st);
}

/* ---- storage faults and OOM ------------------------------------------------------ */

static void *fault_setup(clm_store *st)
{
    define(st, "SPRING10", 2, 1, CLM_COUPON_AT_ORDER);
    CHECK_OK(use(NULL, st, "spring10", "C-1", "SO-1", CLM_COUPON_AT_ORDER));
    return NULL;
}

static int fault_op_define(clm_store *st, void *s)
{
    (void)s;
    clm_coupon_def c = CLM_COUPON_DEF_INIT;
    c.code = "NEW";
    return clm_coupon_store_define(st, &MGR, &c);
}

static int fault_op_use(clm_store *st, void *s)
{
    (void)s;
    return use(NULL, st, "SPRING10", "C-2", "SO-2", CLM_COUPON_AT_ORDER);
}

static int fault_op_release(clm_store *st, void *s)
{
    (void)s;
    return clm_coupon_store_release(st, &MGR, "spring10", "SO-1");
}

static void test_faults(void **state)
{
    (void)state;
    fault_case d = { fault_setup, fault_op_define, NULL };
    assert_true(fault_check(&d) >= 1);
    fault_case u = { fault_setup, fault_op_use, NULL };
    assert_true(fault_check(&u) >= 5);
    fault_case r = { fault_setup, fault_op_release, NULL };
    assert_true(fault_check(&r) >= 4);
}

typedef struct ostate {
    clm_store *st;
    store_snapshot snap;
} ostate;

static void *oom_setup(void)
{
    ostate *s = calloc(1, sizeof *s);
    CHECK_OK(clm_store_open_memory(&s->st));
    fault_setup(s->st);
    CHECK_OK(store_snapshot_take(&s->snap, s->st));
    return s;
}

static bool oom_unchanged(void *state)
{
    ostate *s = state;
    return store_snapshot_matches(&s->snap, s->st) && clm_store_depth(s->st) == 0;
}

static void oom_teardown(void *state)
{
    ostate *s = state;
    clm_store_free(s->st);
    store_snapshot_free(&s->snap);
    free(s);
}

static int oom_op_define(void *state)
{
    return fault_op_define(((ostate *)state)->st, NULL);
}

static int oom_op_use(void *state)
{
    return fault_op_use(((ostate *)state)->st, NULL);
}

static int oom_op_release(void *state)
{
    return fault_op_release(((ostate *)state)->st, NULL);
}

static int oom_op_get(void *state)
{
    clm_coupon_info info;
    int64_t n;
    int rc = clm_coupon_store_get(&info, ((ostate *)state)->st, "spring10");
    return rc < 0 ? rc : clm_coupon_store_client_uses(&n, ((ostate *)state)->st, "spring10", "C-1");
}

static void test_oom(void **state)
{
    (void)state;
    int (*ops[])(void *) = { oom_op_define, oom_op_use, oom_op_release, oom_op_get };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        oom_case oc = { oom_setup, ops[i], oom_unchanged, oom_teardown };
        assert_true(oom_check(&oc) >= 1);
    }
}

/* ---- groups -------------------------------------------------------------------- */

static int group_memory(void **state)
{
    (void)state;
    g_backend = 0;
    return 0;
}

static int group_sqlite(void **state)
{
    (void)state;
    g_backend = 1;
    return 0;
}

#ifdef CLM_HAVE_POSTGRES
static int group_postgres(void **state)
{
    (void)state;
    g_backend = 2;
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
        printf("coupons: the PostgreSQL tests need a server and CLM_TEST_PG is not set: %s.\n"
               "  `meson test` starts a throwaway server itself when the PostgreSQL server\n"
               "  binaries are installed; or: eval \"$(scripts/pg-test-server.sh start)\"\n"
               "    meson test -C build coupon_postgres\n",
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
    int failed = _cmocka_run_group_tests("coupons: postgres", tests, n, group_postgres, NULL);
    pg_drop_schema();
    PQfinish(g_admin);
    return failed;
#else
    (void)tests;
    (void)n;
    printf("coupons: libclm built without PostgreSQL: SKIP\n");
    return 77;
#endif
}

int main(int argc, char **argv)
{
    const struct CMUnitTest both[] = {
        cmocka_unit_test(test_define_get),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_stage_and_validity),
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_in_transaction),
        cmocka_unit_test(test_two_processes),
    };
    if (argc > 1 && strcmp(argv[1], "--postgres") == 0)
        return run_postgres(both, sizeof both / sizeof both[0]);
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_oom),
    };
    int failed = cmocka_run_group_tests_name("coupons", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("coupons: memory", both, group_memory, NULL);
#ifdef CLM_HAVE_SQLITE
    snprintf(g_dir, sizeof g_dir, "/tmp/clm-coupon-XXXXXX");
    if (mkdtemp(g_dir) == NULL)
        return 1;
    snprintf(g_path, sizeof g_path, "%s/coupons.db", g_dir);
    failed += cmocka_run_group_tests_name("coupons: sqlite", both, group_sqlite, NULL);
    remove_db(g_path);
    rmdir(g_dir);
#endif
    return failed;
}
