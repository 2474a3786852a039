/*
 * store_sqlite_fault_test — the SQLite backend on a full disk and on a
 * read-only database.
 *
 * A test VFS wraps the default one (it is registered as the default, so
 * libclm's own sqlite3_open_v2() goes through it): it can fail every write
 * once a byte budget is spent (the write that crosses the budget writes
 * the bytes that fit, then fails with SQLITE_FULL, as a short write on a
 * full disk does), and it can open the database file read-only, as a file
 * without write permission in a writable folder is (a chmod would not do:
 * the tests may run as root). A database in WAL mode on read-only media,
 * where the -wal and -shm files cannot be created, cannot be opened by
 * SQLite at all (without immutable=1); that case is not tested here.
 *
 * Disk full: for each kind of write (an audited create, update and delete,
 * a transaction of several, a nested level inside a transaction), the
 * budget walks from 0 up in small steps until the write no longer meets
 * it. At every step the write either succeeds and the store then holds
 * what the memory store holds after the same write, or fails with
 * CLM_EIO, a message, and the store exactly as before (records and audit
 * log) while the disk is still full: reads work. The store is then closed
 * with the disk still full, the space comes back, and the file reopens
 * with the same content: nothing committed was lost, nothing uncommitted
 * appears.
 *
 * Read-only: a current database opens, every read works, every write
 * fails with CLM_EIO saying the database is read-only and changes nothing;
 * a database that needs a migration is refused with a message saying why.
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

#include "clm/store.h"
#include "store_snapshot.h"

#define OK(expr)                                                                        \
    do {                                                                                \
        int rc_ = (expr);                                                               \
        if (rc_ != 0)                                                                   \
            fail_msg("%s returned %d (%s)", #expr, rc_, clm_error_last()->message);     \
    } while (0)

/* ---- the test VFS --------------------------------------------------------- */

typedef struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
} shim_file;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static long long budget = -1; /* bytes that may still be written; -1: no limit */
static long long full_hits;   /* writes refused since the last reset */
static int read_only;         /* open the database file read-only */

static sqlite3_file *real_of(sqlite3_file *f)
{
    return ((shim_file *)f)->real;
}

static int x_close(sqlite3_file *f)
{
    sqlite3_file *r = real_of(f);
    int rc = r->pMethods != NULL ? r->pMethods->xClose(r) : SQLITE_OK;
    return rc;
}

static int x_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    return real_of(f)->pMethods->xRead(real_of(f), p, n, off);
}

static int x_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    if (budget >= 0 && n > budget) {
        if (budget > 0) /* a short write: what fits reaches the file */
            real_of(f)->pMethods->xWrite(real_of(f), p, (int)budget, off);
        budget = 0;
        full_hits++;
        return SQLITE_FULL;
    }
    if (budget >= 0)
        budget -= n;
    return real_of(f)->pMethods->xWrite(real_of(f), p, n, off);
}

static int x_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

static int x_sync(sqlite3_file *f, int flags)
{
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}

static int x_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

static int x_lock(sqlite3_file *f, int l)
{
    return real_of(f)->pMethods->xLock(real_of(f), l);
}

static int x_unlock(sqlite3_file *f, int l)
{
    return real_of(f)->pMethods->xUnlock(real_of(f), l);
}

static int x_check_reserved(sqlite3_file *f, int *out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

static int x_file_control(sqlite3_file *f, int op, void *arg)
{
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

static int x_sector_size(sqlite3_file *f)
{
    return real_of(f)->pMethods->xSectorSize(real_of(f));
}

static int x_device(sqlite3_file *f)
{
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

static int x_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, extend, pp);
}

static int x_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}

static void x_shm_barrier(sqlite3_file *f)
{
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}

static int x_shm_unmap(sqlite3_file *f, int del)
{
    return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

static int x_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return real_of(f)->pMethods->xFetch(real_of(f), off, n, pp);
}

static int x_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return real_of(f)->pMethods->xUnfetch(real_of(f), off, p);
}

static const sqlite3_io_methods shim_methods = {
    3,          x_close,      x_read,        x_write,         x_truncate,    x_sync,
    x_file_size, x_lock,      x_unlock,      x_check_reserved, x_file_control, x_sector_size,
    x_device,   x_shm_map,    x_shm_lock,    x_shm_barrier,   x_shm_unmap,   x_fetch,
    x_unfetch,
};

static int x_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    shim_file *s = (shim_file *)f;
    s->real = (sqlite3_file *)(s + 1);
    if (read_only && (flags & SQLITE_OPEN_MAIN_DB))
        flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    int rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out_flags);
    /* SQLite calls xClose even after a failed open when pMethods is set. */
    s->base.pMethods = s->real->pMethods != NULL ? &shim_methods : NULL;
    return rc;
}

static int x_delete(sqlite3_vfs *v, const char *name, int sync)
{
    (void)v;
    return real_vfs->xDelete(real_vfs, name, sync);
}

static int x_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
    (void)v;
    int rc = real_vfs->xAccess(real_vfs, name, flags, out);
    if (rc == SQLITE_OK && read_only && flags == SQLITE_ACCESS_READWRITE)
        *out = 0;
    return rc;
}

static int x_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int x_randomness(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return real_vfs->xRandomness(real_vfs, n, out);
}

static int x_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return real_vfs->xSleep(real_vfs, us);
}

static int x_current_time(sqlite3_vfs *v, double *out)
{
    (void)v;
    return real_vfs->xCurrentTime(real_vfs, out);
}

static int x_last_error(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return real_vfs->xGetLastError(real_vfs, n, out);
}

static int x_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    (void)v;
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static void shim_install(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    assert_non_null(real_vfs);
    assert_true(real_vfs->iVersion >= 2);
    memset(&shim_vfs, 0, sizeof shim_vfs);
    shim_vfs.iVersion = 2;
    shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
    shim_vfs.mxPathname = real_vfs->mxPathname;
    shim_vfs.zName = "clm-test-faults";
    shim_vfs.xOpen = x_open;
    shim_vfs.xDelete = x_delete;
    shim_vfs.xAccess = x_access;
    shim_vfs.xFullPathname = x_full_pathname;
    shim_vfs.xRandomness = x_randomness;
    shim_vfs.xSleep = x_sleep;
    shim_vfs.xCurrentTime = x_current_time;
    shim_vfs.xGetLastError = x_last_error;
    shim_vfs.xCurrentTimeInt64 = x_current_time64;
    assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
}

/* ---- fixtures ---------------------------------------------------------------- */

static char dir[64];
static char path[128];

static void remove_db(void)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    char buf[160];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(buf, sizeof buf, "%s%s", path, suffixes[i]);
        unlink(buf);
    }
}

static const clm_actor who = { "ivanov", "manager", 1760000000 };

static clm_record client(const char *id, int64_t version, const char *state)
{
    static const char body[] = "{\"inn\":\"7701234567\",\"phones\":[\"+7 495 123-45-67\"]}";
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = id;
    r.version = version;
    r.name = "Vostok LLC";
    r.manager = "ivanov";
    r.state = state;
    r.category = "A";
    r.due = 20150;
    r.amount.amount = 1050;
    memcpy(r.amount.currency, "RUB", 4);
    r.body = body;
    r.body_len = sizeof body - 1;
    return r;
}

/* What every case starts from: 40 clients (so the tables span pages), each
 * created with an audit entry, c-0 .. c-9 updated once. */
static void seed(clm_store *st)
{
    char id[16];
    OK(clm_store_begin(st));
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "c-%d", i);
        clm_record r = client(id, 0, "new");
        OK(clm_store_put_audited(NULL, st, &who, &r, "seed"));
    }
    for (int i = 0; i < 10; i++) {
        snprintf(id, sizeof id, "c-%d", i);
        clm_record r = client(id, 1, "regular");
        OK(clm_store_put_audited(NULL, st, &who, &r, "seed update"));
    }
    OK(clm_store_commit(st));
}

/* ---- the writes --------------------------------------------------------------- */

/* Each returns 0 or the first error; on an error inside a transaction it
 * rolls back what it opened, as a caller does. */
typedef int (*write_fn)(clm_store *st);

static int w_create(clm_store *st)
{
    clm_record r = client("new-1", 0, "new");
    return clm_store_put_audited(NULL, st, &who, &r, "created");
}

static int w_update(clm_store *st)
{
    clm_record r = client("c-3", 2, "key");
    return clm_store_put_audited(NULL, st, &who, &r, "promoted");
}

static int w_delete(clm_store *st)
{
    return clm_store_delete_audited(st, &who, CLM_RECORD_CLIENT, "c-20", 1, "closed");
}

static int w_transaction(clm_store *st)
{
    int rc = clm_store_begin(st);
    if (rc != 0)
        return rc;
    char id[16];
    for (int i = 0; rc == 0 && i < 30; i++) {
        snprintf(id, sizeof id, "t-%d", i);
        clm_record r = client(id, 0, "new");
        rc = clm_store_put_audited(NULL, st, &who, &r, "batch");
    }
    if (rc == 0) {
        clm_record r = client("c-4", 2, "inactive");
        rc = clm_store_put_audited(NULL, st, &who, &r, "batch");
    }
    if (rc == 0)
        rc = clm_store_delete(st, CLM_RECORD_CLIENT, "c-30", 1);
    if (rc != 0) {
        int depth = (int)clm_store_depth(st);
        assert_int_equal(depth, 1); /* a failed write leaves the level open */
        clm_store_rollback(st);
        return rc;
    }
    rc = clm_store_commit(st);
    assert_int_equal(clm_store_depth(st), 0); /* a failed commit closes it */
    return rc;
}

/* A nested level that fails is undone alone: the outer transaction goes on
 * and commits what it wrote before. */
static int w_nested(clm_store *st)
{
    int rc = clm_store_begin(st);
    if (rc != 0)
        return rc;
    clm_record outer = client("outer-1", 0, "new");
    rc = clm_store_put_audited(NULL, st, &who, &outer, "outer");
    if (rc != 0) {
        clm_store_rollback(st);
        return rc;
    }
    int inner_rc = clm_store_begin(st);
    char id[16];
    for (int i = 0; inner_rc == 0 && i < 20; i++) {
        snprintf(id, sizeof id, "in-%d", i);
        clm_record r = client(id, 0, "new");
        inner_rc = clm_store_put_audited(NULL, st, &who, &r, "inner");
    }
    if (inner_rc == 0)
        inner_rc = clm_store_commit(st);
    else if (clm_store_depth(st) == 2)
        clm_store_rollback(st);
    if (clm_store_depth(st) != 1) {
        print_message("after the inner level failed (%d), depth %u\n", inner_rc,
                      clm_store_depth(st));
        fail();
    }
    rc = clm_store_commit(st);
    return rc != 0 ? rc : inner_rc;
}

static const struct {
    const char *name;
    write_fn fn;
} writes[] = {
    { "audited create", w_create },
    { "audited update", w_update },
    { "audited delete", w_delete },
    { "transaction of 32 writes", w_transaction },
    { "nested level of 20 writes", w_nested },
};

/* ---- disk full ------------------------------------------------------------------ */

static void expect_store_error(int rc, const char *what, long long step)
{
    if (rc != CLM_EIO && rc != CLM_ENOMEM)
        fail_msg("%s, budget %lld: returned %d (%s), not CLM_EIO", what, step, rc,
                 clm_error_last()->message);
    const char *msg = clm_error_last()->message;
    if (msg == NULL || msg[0] == '\0')
        fail_msg("%s, budget %lld: an error without a message", what, step);
}

/* The state after `fn` from the seed, as the memory store holds it. */
static void expected_after(store_snapshot *out, write_fn fn, int succeeded)
{
    clm_store *mem;
    OK(clm_store_open_memory(&mem));
    seed(mem);
    if (succeeded)
        OK(fn(mem));
    OK(store_snapshot_take(out, mem));
    clm_store_free(mem);
}

static void test_disk_full(void **state)
{
    (void)state;
    read_only = 0;
    budget = -1;
    const long long step = 1536; /* not a page: writes are cut mid-page */
    for (size_t w = 0; w < sizeof writes / sizeof writes[0]; w++) {
        store_snapshot before, after;
        expected_after(&before, writes[w].fn, 0);
        expected_after(&after, writes[w].fn, 1);
        int failures = 0, steps = 0;
        for (long long b = 0;; b += step) {
            steps++;
            remove_db();
            budget = -1;
            clm_store *st;
            OK(clm_store_open_sqlite(&st, path, NULL));
            seed(st);
            assert_true(store_snapshot_matches(&before, st));

            budget = b;
            full_hits = 0;
            int rc = writes[w].fn(st);
            int hit = full_hits > 0;
            if (rc != 0) {
                failures++;
                expect_store_error(rc, writes[w].name, b);
                assert_int_equal(clm_store_depth(st), 0);
                /* Still full: the store reads, and holds what it held. */
                if (!store_snapshot_matches(&before, st))
                    fail_msg("%s, budget %lld: a failed write changed the store", writes[w].name, b);
            } else if (!store_snapshot_matches(&after, st)) {
                fail_msg("%s, budget %lld: the write succeeded but the store does not hold it",
                         writes[w].name, b);
            }
            /* Closed while the disk is full, reopened once there is room. */
            clm_store_free(st);
            budget = -1;
            OK(clm_store_open_sqlite(&st, path, NULL));
            if (!store_snapshot_matches(rc != 0 ? &before : &after, st))
                fail_msg("%s, budget %lld: after reopening, the store %s", writes[w].name, b,
                         rc != 0 ? "holds part of a failed write" : "lost a committed write");
            /* And it takes writes again. */
            clm_record r = client("after", 0, "new");
            OK(clm_store_put_audited(NULL, st, &who, &r, NULL));
            clm_store_free(st);
            if (rc == 0 && !hit)
                break;
            if (b > 4 * 1024 * 1024)
                fail_msg("%s: still failing at a budget of %lld bytes", writes[w].name, b);
        }
        print_message("%s: %d budgets, %d failed cleanly\n", writes[w].name, steps, failures);
        assert_true(failures > 0);
        store_snapshot_free(&before);
        store_snapshot_free(&after);
    }
    remove_db();
}

/*
 * A transaction larger than SQLite's page cache writes pages to the WAL
 * before its commit, so the disk can fill in the middle of it. SQLite then
 * rolls back the whole transaction by itself (not only the failed
 * statement). The store must say so, and refuse every later call of the
 * transaction until the caller rolls back: a write the caller makes after
 * the failure must never be committed on its own.
 */
static void test_disk_full_mid_transaction(void **state)
{
    (void)state;
    read_only = 0;
    budget = -1;
    static char big[8192];
    memset(big, 'x', sizeof big);
    int whole_rollbacks = 0;
    for (long long b = 0; b <= 6 * 1024 * 1024; b += 512 * 1024) {
        remove_db();
        budget = -1;
        clm_store *st;
        OK(clm_store_open_sqlite(&st, path, NULL));
        seed(st);
        store_snapshot before;
        OK(store_snapshot_take(&before, st));

        budget = b;
        full_hits = 0;
        OK(clm_store_begin(st));
        int rc = 0, i;
        char id[16];
        for (i = 0; rc == 0 && i < 1000; i++) {
            snprintf(id, sizeof id, "big-%d", i);
            clm_record r = client(id, 0, "new");
            r.body = big;
            r.body_len = sizeof big;
            rc = clm_store_put_audited(NULL, st, &who, &r, "bulk");
        }
        if (rc == 0) { /* everything fit in the cache: the commit meets the budget */
            rc = clm_store_commit(st);
            if (rc != 0)
                expect_store_error(rc, "commit of a large transaction", b);
            clm_store_free(st);
            store_snapshot_free(&before);
            if (rc == 0 && full_hits == 0)
                break;
            continue;
        }
        expect_store_error(rc, "a write in a large transaction", b);
        assert_int_equal(clm_store_depth(st), 1);
        /* Space comes back and the caller goes on, as the contract allows
         * after a failed write. */
        budget = -1;
        clm_record late = client("late", 0, "new");
        int late_rc = clm_store_put_audited(NULL, st, &who, &late, "after the failure");
        if (late_rc != 0) {
            whole_rollbacks++;
            expect_store_error(late_rc, "a write after SQLite rolled back", b);
            assert_non_null(strstr(clm_error_last()->message, "roll"));
        }
        assert_int_equal(clm_store_rollback(st), 0);
        assert_int_equal(clm_store_depth(st), 0);
        budget = -1;
        /* Nothing of the transaction is there, "late" included. */
        if (!store_snapshot_matches(&before, st))
            fail_msg("budget %lld: a write made after the failure was committed", b);
        clm_store_free(st);
        OK(clm_store_open_sqlite(&st, path, NULL));
        assert_true(store_snapshot_matches(&before, st));
        clm_store_free(st);
        store_snapshot_free(&before);
    }
    print_message("large transactions rolled back whole by SQLite: %d\n", whole_rollbacks);
    remove_db();
}

/* ---- read-only ------------------------------------------------------------------ */

static int count_cb(const clm_record *r, void *payload)
{
    (void)r;
    ++*(int *)payload;
    return 0;
}

static void expect_read_only(int rc, const char *what)
{
    if (rc != CLM_EIO)
        fail_msg("%s on a read-only database: returned %d (%s), not CLM_EIO", what, rc,
                 clm_error_last()->message);
    if (strstr(clm_error_last()->message, "read-only") == NULL &&
        strstr(clm_error_last()->message, "readonly") == NULL)
        fail_msg("%s on a read-only database: the message does not say so: %s", what,
                 clm_error_last()->message);
}

static void test_read_only(void **state)
{
    (void)state;
    read_only = 0;
    budget = -1;
    remove_db();
    clm_store *st;
    OK(clm_store_open_sqlite(&st, path, NULL));
    seed(st);
    store_snapshot before;
    OK(store_snapshot_take(&before, st));
    clm_store_free(st);

    read_only = 1;
    OK(clm_store_open_sqlite(&st, path, NULL));
    /* Every read works. */
    assert_true(store_snapshot_matches(&before, st));
    clm_record *got = NULL;
    OK(clm_store_get(&got, st, CLM_RECORD_CLIENT, "c-3"));
    assert_int_equal(got->version, 2);
    clm_record_free(got);
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    f.state = "regular";
    int n = 0;
    OK(clm_store_scan(st, &f, count_cb, &n));
    assert_int_equal(n, 10);
    int64_t count = 0;
    OK(clm_store_count(&count, st, &f));
    assert_int_equal(count, 10);

    /* Every write fails, says why, and changes nothing. */
    for (size_t w = 0; w < sizeof writes / sizeof writes[0]; w++) {
        expect_read_only(writes[w].fn(st), writes[w].name);
        assert_int_equal(clm_store_depth(st), 0);
        assert_true(store_snapshot_matches(&before, st));
    }
    clm_record r = client("plain", 0, "new");
    expect_read_only(clm_store_put(NULL, st, &r), "put");
    expect_read_only(clm_store_delete(st, CLM_RECORD_CLIENT, "c-1", 2), "delete");
    /* A transaction may open (for reads that see one state); its writes
     * fail, and it rolls back. */
    OK(clm_store_begin(st));
    expect_read_only(clm_store_put_audited(NULL, st, &who, &r, NULL), "put in a transaction");
    assert_int_equal(clm_store_depth(st), 1);
    OK(clm_store_rollback(st));
    assert_true(store_snapshot_matches(&before, st));
    clm_store_free(st);

    /* Writable again: nothing was lost, and writes work. */
    read_only = 0;
    OK(clm_store_open_sqlite(&st, path, NULL));
    assert_true(store_snapshot_matches(&before, st));
    OK(clm_store_put_audited(NULL, st, &who, &r, NULL));
    clm_store_free(st);
    store_snapshot_free(&before);
    remove_db();
}

/* A file that needs a migration cannot be migrated read-only: refused, and
 * the message says so. */
static void test_read_only_needs_migration(void **state)
{
    (void)state;
    read_only = 0;
    budget = -1;
    remove_db();
    clm_store *st;
    OK(clm_store_open_sqlite(&st, path, NULL));
    clm_store_free(st);
    /* Mark the file as schema 1 (an older libclm's) with a raw connection. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DROP TRIGGER clm_audit_no_update;"
                                      "UPDATE clm_schema_version SET version = 1", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);

    read_only = 1;
    st = NULL;
    expect_read_only(clm_store_open_sqlite(&st, path, NULL), "opening a schema-1 file");
    assert_null(st);
    read_only = 0;
    remove_db();
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/clm-sqlite-fault-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof path, "%s/clm.db", dir);
    shim_install();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove_db();
    rmdir(dir);
    sqlite3_vfs_unregister(&shim_vfs);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_only),
        cmocka_unit_test(test_read_only_needs_migration),
        cmocka_unit_test(test_disk_full),
        cmocka_unit_test(test_disk_full_mid_transaction),
    };
    return cmocka_run_group_tests_name("store sqlite faults", tests, setup, teardown);
}
