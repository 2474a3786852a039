/*
 * store_test — the store handle and the record type, independent of any one
 * backend: the vtable checks, how backend errors come back, the fault walk
 * on the audited writes (no partial write at any failing storage call), and
 * clm_record's helpers and portable encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/alloc.h"
#include "clm/store.h"
#include "clm/sys/store_backend.h"
#include "fault_store.h"
#include "oom.h"
#include "store_snapshot.h"

#define OK(expr) assert_int_equal((expr), 0)

static const unsigned char body[] = { 1, 0, 2, 0xfe };

static clm_record sample(const char *id)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = id;
    r.client_id = id;
    r.manager = "ivanov";
    r.state = "new";
    r.name = "Восток";
    r.category = "B";
    r.due = 20000;
    r.amount.amount = -250;
    memcpy(r.amount.currency, "EUR", 4);
    r.body = body;
    r.body_len = sizeof body;
    return r;
}

static clm_actor who(void)
{
    clm_actor a = { "ivanov", "manager", 1700000000 };
    return a;
}

/* ---- the fault walk on the audited writes ------------------------------- */

static void *seed(clm_store *st)
{
    clm_actor a = who();
    clm_record r = sample("c-1");
    if (clm_store_put_audited(NULL, st, &a, &r, "seed") != 0)
        fail_msg("seed: %s", clm_error_last()->message);
    clm_record o = sample("o-1");
    o.kind = CLM_RECORD_OFFER;
    if (clm_store_put(NULL, st, &o) != 0)
        fail_msg("seed: %s", clm_error_last()->message);
    return NULL;
}

static int op_create(clm_store *st, void *state)
{
    (void)state;
    clm_actor a = who();
    clm_record r = sample("c-2");
    return clm_store_put_audited(NULL, st, &a, &r, NULL);
}

static int op_update(clm_store *st, void *state)
{
    (void)state;
    clm_actor a = who();
    clm_record r = sample("c-1");
    r.version = 1;
    r.state = "key";
    return clm_store_put_audited(NULL, st, &a, &r, "promoted");
}

static int op_delete(clm_store *st, void *state)
{
    (void)state;
    clm_actor a = who();
    return clm_store_delete_audited(st, &a, CLM_RECORD_CLIENT, "c-1", 1, NULL);
}

/* Two audited writes in the caller's transaction, committed together. */
static int op_txn(clm_store *st, void *state)
{
    (void)state;
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    clm_actor a = who();
    clm_record o = sample("o-1");
    o.kind = CLM_RECORD_OFFER;
    o.version = 1;
    o.state = "accepted";
    clm_record k = sample("k-1");
    k.kind = CLM_RECORD_CONTRACT;
    if ((rc = clm_store_put_audited(NULL, st, &a, &o, NULL)) < 0 ||
        (rc = clm_store_put_audited(NULL, st, &a, &k, NULL)) < 0) {
        clm_store_rollback(st);
        return rc;
    }
    return clm_store_commit(st);
}

static void test_fault_put_audited(void **state)
{
    (void)state;
    fault_case create = { seed, op_create, NULL };
    /* begin, put, audit_append, commit: a create reads nothing before it
     * (the insert refuses an existing record by itself) */
    assert_int_equal(fault_check(&create), 4);
    fault_case update = { seed, op_update, NULL };
    /* begin, get (the entry's before), put, audit_append, commit */
    assert_int_equal(fault_check(&update), 5);
    fault_case del = { seed, op_delete, NULL };
    assert_int_equal(fault_check(&del), 5);
    fault_case txn = { seed, op_txn, NULL };
    /* begin + (begin, get, put, append, commit) for the update
     * + (begin, put, append, commit) for the create + commit */
    assert_int_equal(fault_check(&txn), 11);
}

/* The walk's check itself must see a partial write: an operation that
 * writes outside a transaction and then fails leaves a changed snapshot. */
static int op_half(clm_store *st)
{
    clm_record r = sample("c-9");
    int rc = clm_store_put(NULL, st, &r); /* not undone if what follows fails */
    if (rc < 0)
        return rc;
    clm_record s = sample("c-10");
    return clm_store_put(NULL, st, &s);
}

static void test_fault_detects_partial_write(void **state)
{
    (void)state;
    clm_store *st = NULL;
    fault_backend *fb = NULL;
    OK(fault_store_open(&st, &fb));
    seed(st);
    store_snapshot before;
    OK(store_snapshot_take(&before, st));
    fault_fail_at(fb, 2, CLM_EIO);
    assert_int_equal(op_half(st), CLM_EIO);
    assert_true(fault_fired(fb));
    fault_fail_at(fb, 0, CLM_EIO);
    assert_false(store_snapshot_matches(&before, st));
    store_snapshot_free(&before);
    clm_store_free(st);
}

static void test_commit_failure(void **state)
{
    (void)state;
    clm_store *st = NULL;
    fault_backend *fb = NULL;
    OK(fault_store_open(&st, &fb));
    clm_record r = sample("c-1");
    OK(clm_store_begin(st));
    OK(clm_store_put(NULL, st, &r));
    OK(clm_store_begin(st));
    clm_record s = sample("c-2");
    OK(clm_store_put(NULL, st, &s));
    fault_fail_at(fb, 1, CLM_EIO); /* the inner commit fails: that level is undone */
    assert_int_equal(clm_store_commit(st), CLM_EIO);
    assert_int_equal(clm_store_depth(st), 1);
    clm_record *got;
    assert_int_equal(clm_store_get(&got, st, CLM_RECORD_CLIENT, "c-2"), CLM_ENOTFOUND);
    OK(clm_store_get(&got, st, CLM_RECORD_CLIENT, "c-1"));
    clm_record_free(got);
    fault_fail_at(fb, 1, CLM_EBUSY); /* the outer commit fails: nothing stays */
    assert_int_equal(clm_store_commit(st), CLM_EBUSY);
    assert_int_equal(clm_store_depth(st), 0);
    assert_int_equal(clm_store_get(&got, st, CLM_RECORD_CLIENT, "c-1"), CLM_ENOTFOUND);
    OK(clm_store_begin(st)); /* usable again */
    OK(clm_store_rollback(st));
    clm_store_free(st);
}

/* ---- the vtable ---------------------------------------------------------- */

typedef struct toy {
    clm_store_backend parent;
    int mode;   /* what get/put do */
    int freed;
    int locked_reads; /* get_for_write calls */
} toy;

static int toy_get(clm_record *out, clm_store_backend *b, clm_record_kind kind, const char *id)
{
    toy *t = (toy *)b;
    static const clm_record other = { CLM_RECORD_CLIENT, "someone-else", 3, NULL, NULL, NULL,
                                      NULL, NULL, CLM_RECORD_NO_DUE, { 0, "" }, NULL, 0 };
    (void)kind;
    (void)id;
    switch (t->mode) {
    case 0:
        return 7; /* not a libclm code */
    case 1:
        return CLM_EIO; /* no message */
    case 2:
        *out = other; /* the wrong record */
        return 0;
    default:
        return clm_store_backend_fail(CLM_EIO, "toy: the disk is on fire");
    }
}

static int toy_put(int64_t *out, clm_store_backend *b, const clm_record *rec)
{
    (void)b;
    *out = rec->version + 5; /* a version that breaks the rule */
    return 0;
}

static int toy_del(clm_store_backend *b, clm_record_kind k, const char *id, int64_t v)
{
    (void)b, (void)k, (void)id, (void)v;
    return -1000;
}

static int toy_scan(clm_store_backend *b, const clm_store_filter *f, clm_record_cb cb, void *p)
{
    (void)b;
    /* Returns records of the wrong state: the store filters them out. */
    clm_record r = CLM_RECORD_INIT;
    r.kind = f->kind;
    r.id = "x";
    r.version = 1;
    r.state = "other";
    int rc = cb(&r, p);
    if (rc != 0)
        return rc;
    r.id = "y";
    r.state = "wanted";
    return cb(&r, p);
}

static int toy_txn(clm_store_backend *b, unsigned int depth)
{
    (void)b, (void)depth;
    return 0;
}

static int toy_append(int64_t *out, clm_store_backend *b, const clm_audit_entry *e)
{
    (void)b, (void)e;
    *out = 1;
    return 0;
}

static int toy_audit_scan(clm_store_backend *b, const clm_audit_filter *f, clm_audit_cb cb, void *p)
{
    (void)b, (void)f, (void)cb, (void)p;
    return 0;
}

static void toy_free(clm_store_backend *b)
{
    ((toy *)b)->freed++;
}

static void toy_init(toy *t)
{
    memset(t, 0, sizeof *t);
    OK(clm_store_backend_init(&t->parent, CLM_STORE_BACKEND_VERSION));
    t->parent.get = toy_get;
    t->parent.put = toy_put;
    t->parent.del = toy_del;
    t->parent.scan = toy_scan;
    t->parent.begin = toy_txn;
    t->parent.commit = toy_txn;
    t->parent.rollback = toy_txn;
    t->parent.audit_append = toy_append;
    t->parent.audit_scan = toy_audit_scan;
    t->parent.free = toy_free;
}

/* clm_store_backend_init(version) on a struct filled with 0x77: the
 * version set, the callbacks before `end` NULL, the bytes from `end` on
 * untouched. */
static void init_old_version(unsigned int version, size_t end)
{
    clm_store_backend b;
    memset(&b, 0x77, sizeof b);
    OK(clm_store_backend_init(&b, version));
    assert_int_equal(b.version, version);
    assert_null(b.get);
    assert_null(b.free);
    unsigned char tail[sizeof b];
    memset(tail, 0x77, sizeof tail);
    assert_memory_equal((unsigned char *)&b + end, tail, sizeof b - end);
}

static void test_backend_init(void **state)
{
    (void)state;
    clm_store_backend b;
    memset(&b, 0x77, sizeof b);
    assert_int_equal(clm_store_backend_init(NULL, CLM_STORE_BACKEND_VERSION), CLM_EINVAL);
    assert_int_equal(clm_store_backend_init(&b, CLM_STORE_BACKEND_VERSION + 1), CLM_EVERSION);
    assert_int_equal(b.version, 0x77777777u); /* untouched on error */
    OK(clm_store_backend_init(&b, CLM_STORE_BACKEND_VERSION));
    assert_int_equal(b.version, CLM_STORE_BACKEND_VERSION);
    assert_null(b.get);
    assert_null(b.count);
    assert_null(b.free);
    assert_null(b.keys_set);
    assert_null(b.keys_find);
    assert_null(b.get_for_write);
    /* A backend built against an older, shorter struct is zeroed only as
     * far as its version reaches: version 2 before get_for_write, version
     * 1 before the lookup keys. */
    init_old_version(2, offsetof(clm_store_backend, get_for_write));
    init_old_version(1, offsetof(clm_store_backend, keys_set));
    clm_store_backend s = CLM_STORE_BACKEND_INIT;
    assert_int_equal(s.version, CLM_STORE_BACKEND_VERSION);
    assert_null(s.audit_scan);
}

static int toy_keys_find(clm_store_backend *b, clm_record_kind kind, const char *name,
                         const char *value, clm_key_match match, clm_key_cb cb, void *payload)
{
    (void)b, (void)kind, (void)name, (void)value, (void)match, (void)cb, (void)payload;
    return 0;
}

static int toy_key_cb(const char *id, const char *name, const char *value, void *payload)
{
    (void)id, (void)name, (void)value, (void)payload;
    return 0;
}

static int toy_get_for_write(clm_record *out, clm_store_backend *b, clm_record_kind kind,
                             const char *id)
{
    (void)out, (void)kind, (void)id;
    ((toy *)b)->locked_reads++;
    return CLM_ENOTFOUND;
}

/* get_for_write reads the before-image of audited updates and deletes
 * (only), when the backend is of version 3 or later and has it; else the
 * store reads with get. */
static void test_get_for_write_optional(void **state)
{
    (void)state;
    toy t;
    toy_init(&t);
    t.mode = 3; /* get fails, saying so */
    t.parent.get_for_write = toy_get_for_write;
    clm_store *st = NULL;
    OK(clm_store_new(&st, &t.parent));
    clm_actor who = { "ivanov", "manager", 1767225600 };
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = "c-1";
    r.version = 1;
    assert_int_equal(clm_store_put_audited(NULL, st, &who, &r, NULL), CLM_ENOTFOUND);
    assert_int_equal(t.locked_reads, 1);
    assert_int_equal(clm_store_delete_audited(st, &who, CLM_RECORD_CLIENT, "c-1", 1, NULL),
                     CLM_ENOTFOUND);
    assert_int_equal(t.locked_reads, 2);
    clm_record *got = NULL;
    assert_int_equal(clm_store_get(&got, st, CLM_RECORD_CLIENT, "c-1"), CLM_EIO);
    assert_string_equal(clm_error_last()->message, "toy: the disk is on fire");
    assert_int_equal(t.locked_reads, 2); /* a plain read is not locking */
    clm_store_free(st);

    /* A version-2 backend's struct ends before get_for_write: never read. */
    toy_init(&t);
    t.mode = 3;
    t.parent.version = 2;
    t.parent.get_for_write = toy_get_for_write; /* as if it were garbage */
    OK(clm_store_new(&st, &t.parent));
    assert_int_equal(clm_store_put_audited(NULL, st, &who, &r, NULL), CLM_EIO);
    assert_string_equal(clm_error_last()->message, "toy: the disk is on fire");
    assert_int_equal(t.locked_reads, 0);
    clm_store_free(st);
}

/* Lookup keys: a backend without them answers CLM_ENOTSUP; one with only
 * half of them is refused. */
static void test_keys_optional(void **state)
{
    (void)state;
    toy t;
    toy_init(&t);
    t.parent.version = 1;
    clm_store *st = NULL;
    OK(clm_store_new(&st, &t.parent));
    clm_record_key k = { "inn", "1" };
    assert_int_equal(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1), CLM_ENOTSUP);
    assert_int_equal(clm_store_keys_find(st, CLM_RECORD_CLIENT, "inn", "1", CLM_KEY_EXACT,
                                         toy_key_cb, NULL), CLM_ENOTSUP);
    assert_non_null(strstr(clm_error_last()->message, "lookup keys"));
    clm_store_free(st);
    toy_init(&t);
    OK(clm_store_new(&st, &t.parent));
    assert_int_equal(clm_store_keys_set(st, CLM_RECORD_CLIENT, "c-1", &k, 1), CLM_ENOTSUP);
    clm_store_free(st);
    toy_init(&t);
    t.parent.keys_find = toy_keys_find;
    st = (clm_store *)1;
    assert_int_equal(clm_store_new(&st, &t.parent), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "keys_set");
    assert_ptr_equal(st, (clm_store *)1);
}

static void test_store_new_checks(void **state)
{
    (void)state;
    toy t;
    clm_store *st = (clm_store *)1;
    toy_init(&t);
    t.parent.version = 0;
    assert_int_equal(clm_store_new(&st, &t.parent), CLM_EVERSION);
    toy_init(&t);
    t.parent.version = CLM_STORE_BACKEND_VERSION + 1;
    assert_int_equal(clm_store_new(&st, &t.parent), CLM_EVERSION);
    /* Every required callback, one at a time. */
    size_t offs[] = {
        offsetof(clm_store_backend, get), offsetof(clm_store_backend, put),
        offsetof(clm_store_backend, del), offsetof(clm_store_backend, scan),
        offsetof(clm_store_backend, begin), offsetof(clm_store_backend, commit),
        offsetof(clm_store_backend, rollback), offsetof(clm_store_backend, audit_append),
        offsetof(clm_store_backend, audit_scan), offsetof(clm_store_backend, free),
    };
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        toy_init(&t);
        memset((char *)&t.parent + offs[i], 0, sizeof(void (*)(void)));
        assert_int_equal(clm_store_new(&st, &t.parent), CLM_EINVAL);
        assert_true(strstr(clm_error_last()->message, "callback") != NULL);
    }
    assert_ptr_equal(st, (clm_store *)1);
    assert_int_equal(t.freed, 0); /* a failed new leaves the backend to the caller */
    toy_init(&t);
    OK(clm_store_new(&st, &t.parent)); /* count is optional */
    clm_store_free(st);
    assert_int_equal(t.freed, 1);
}

static void test_backend_errors(void **state)
{
    (void)state;
    toy t;
    clm_store *st = NULL;
    toy_init(&t);
    OK(clm_store_new(&st, &t.parent));
    clm_record *got = NULL;
    t.mode = 0; /* a stray positive code becomes CLM_EIO */
    assert_int_equal(clm_store_get(&got, st, CLM_RECORD_CLIENT, "a"), CLM_EIO);
    assert_true(strstr(clm_error_last()->message, "not a libclm error code") != NULL);
    t.mode = 1; /* an error with no message gets one */
    clm_error_clear();
    assert_int_equal(clm_store_get(&got, st, CLM_RECORD_CLIENT, "a"), CLM_EIO);
    assert_true(strstr(clm_error_last()->message, "get client 'a'") != NULL);
    t.mode = 2; /* the wrong record */
    assert_int_equal(clm_store_get(&got, st, CLM_RECORD_CLIENT, "a"), CLM_EIO);
    t.mode = 3; /* the backend's own words are kept */
    assert_int_equal(clm_store_get(&got, st, CLM_RECORD_CLIENT, "a"), CLM_EIO);
    assert_string_equal(clm_error_last()->message, "toy: the disk is on fire");
    assert_null(got);
    /* A put that stores the wrong version is reported. */
    clm_record r = sample("a");
    int64_t v = 0;
    assert_int_equal(clm_store_put(&v, st, &r), CLM_EIO);
    assert_int_equal(v, 0);
    assert_int_equal(clm_store_delete(st, CLM_RECORD_CLIENT, "a", 1), CLM_EIO);
    /* The store filters what a backend returns too much of; count falls
     * back on the scan. */
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_TASK;
    f.state = "wanted";
    int64_t n = -1;
    OK(clm_store_count(&n, st, &f));
    assert_int_equal(n, 1);
    clm_store_free(st);
}

/* ---- records ---------------------------------------------------------- */

static void test_kind_names(void **state)
{
    (void)state;
    for (int k = CLM_RECORD_CLIENT; k <= CLM_RECORD_COUPON; k++) {
        const char *n = clm_record_kind_name((clm_record_kind)k);
        assert_non_null(n);
        clm_record_kind back = (clm_record_kind)0;
        OK(clm_record_kind_from_name(&back, n));
        assert_int_equal(back, k);
    }
    assert_string_equal(clm_record_kind_name(CLM_RECORD_DISCOUNT_POLICY), "discount_policy");
    assert_null(clm_record_kind_name((clm_record_kind)0));
    assert_string_equal(clm_record_kind_name(CLM_RECORD_COUPON), "coupon");
    assert_null(clm_record_kind_name((clm_record_kind)13));
    clm_record_kind k = CLM_RECORD_TASK;
    assert_int_equal(clm_record_kind_from_name(&k, "Client"), CLM_ENOTFOUND);
    assert_int_equal(clm_record_kind_from_name(&k, NULL), CLM_EINVAL);
    assert_int_equal(clm_record_kind_from_name(NULL, "client"), CLM_EINVAL);
    assert_int_equal(k, CLM_RECORD_TASK);
}

static void test_record_equal_dup(void **state)
{
    (void)state;
    clm_record a = sample("a"), b = sample("a");
    char name[] = "Восток";
    b.name = name; /* equal by content, not pointer */
    assert_true(clm_record_equal(&a, &b));
    b.name = NULL;
    assert_false(clm_record_equal(&a, &b));
    b = a;
    b.version = 2;
    assert_false(clm_record_equal(&a, &b));
    b = a;
    b.body_len = 3;
    assert_false(clm_record_equal(&a, &b));
    b = a;
    b.amount.currency[0] = 'R';
    assert_false(clm_record_equal(&a, &b));
    b = a;
    b.due = CLM_RECORD_NO_DUE;
    assert_false(clm_record_equal(&a, &b));
    assert_false(clm_record_equal(&a, NULL));
    clm_record e1 = CLM_RECORD_INIT, e2 = CLM_RECORD_INIT;
    e1.body = body; /* an empty body equals no body */
    assert_true(clm_record_equal(&e1, &e2));

    clm_record *c = NULL;
    OK(clm_record_dup(&c, &a));
    assert_true(clm_record_equal(c, &a));
    assert_ptr_not_equal(c->id, a.id);
    assert_ptr_not_equal(c->body, a.body);
    clm_record_free(c);
    assert_int_equal(clm_record_dup(NULL, &a), CLM_EINVAL);
    assert_int_equal(clm_record_dup(&c, NULL), CLM_EINVAL);
    clm_record_free(NULL);
}

static void test_encode_roundtrip(void **state)
{
    (void)state;
    clm_record samples[3] = { sample("x"), CLM_RECORD_INIT, sample("y") };
    samples[1].kind = CLM_RECORD_ORDER;
    samples[1].id = "bare";
    samples[2].version = 41;
    samples[2].due = CLM_DATE_MIN;
    samples[2].amount.amount = INT64_MIN;
    for (int i = 0; i < 3; i++) {
        void *enc = NULL;
        size_t len = 0;
        OK(clm_record_encode(&enc, &len, &samples[i]));
        clm_record *back = NULL;
        OK(clm_record_decode(&back, enc, len));
        assert_true(clm_record_equal(back, &samples[i]));
        clm_record_free(back);
        clm_free(enc);
    }
    /* The format is pinned: a reader on another machine gets the same. */
    clm_record t = CLM_RECORD_INIT;
    t.kind = CLM_RECORD_TASK;
    t.id = "t";
    t.version = 2;
    void *enc;
    size_t len;
    OK(clm_record_encode(&enc, &len, &t));
    static const unsigned char want[] = {
        'C', 'L', 'R', '1', 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, /* kind, version */
        1, 0, 0, 0, 't',                                        /* id */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,         /* 5 absent fields */
        0, 0, 0, 0x80,                                          /* no due */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                     /* amount, currency */
        0, 0, 0, 0,                                             /* body */
    };
    assert_int_equal(len, sizeof want);
    assert_memory_equal(enc, want, sizeof want);
    clm_free(enc);
}

static void test_decode_hostile(void **state)
{
    (void)state;
    clm_record s = sample("hostile");
    void *enc;
    size_t len;
    OK(clm_record_encode(&enc, &len, &s));
    clm_record *back = (clm_record *)1;
    /* Every truncation fails cleanly. */
    for (size_t n = 0; n < len; n++)
        assert_int_equal(clm_record_decode(&back, enc, n), CLM_EPARSE);
    /* Trailing bytes. */
    unsigned char *longer = malloc(len + 1);
    memcpy(longer, enc, len);
    longer[len] = 0;
    assert_int_equal(clm_record_decode(&back, longer, len + 1), CLM_EPARSE);
    /* Every single-byte corruption either fails or decodes to a valid record. */
    for (size_t i = 0; i < len; i++) {
        memcpy(longer, enc, len);
        longer[i] ^= 0xA5;
        clm_record *r = NULL;
        int rc = clm_record_decode(&r, longer, len);
        if (rc == 0) {
            OK(clm_record_check(r));
            clm_record_free(r);
        } else {
            assert_int_equal(rc, CLM_EPARSE);
        }
    }
    free(longer);
    assert_ptr_equal(back, (clm_record *)1);
    assert_int_equal(clm_record_decode(NULL, enc, len), CLM_EINVAL);
    assert_int_equal(clm_record_decode(&back, NULL, len), CLM_EINVAL);
    size_t l2 = 5;
    void *e2 = (void *)1;
    clm_record bad = s;
    bad.id = "";
    assert_int_equal(clm_record_encode(&e2, &l2, &bad), CLM_EINVAL);
    assert_int_equal(l2, 5);
    assert_int_equal(clm_record_encode(NULL, &l2, &s), CLM_EINVAL);
    clm_free(enc);
}

/* ---- OOM of the helpers ----------------------------------------------- */

static clm_record *oom_out;
static void *oom_enc;
static size_t oom_len;

static int op_dup(void *st)
{
    (void)st;
    clm_record s = sample("d");
    return clm_record_dup(&oom_out, &s);
}

static int op_encode(void *st)
{
    (void)st;
    clm_record s = sample("e");
    return clm_record_encode(&oom_enc, &oom_len, &s);
}

static int op_decode(void *st)
{
    (void)st;
    static const unsigned char enc[] = {
        'C', 'L', 'R', '1', 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 't',
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };
    return clm_record_decode(&oom_out, enc, sizeof enc);
}

static void oom_teardown(void *st)
{
    (void)st;
    clm_record_free(oom_out);
    oom_out = NULL;
    clm_free(oom_enc);
    oom_enc = NULL;
}

static int op_open_memory(void *st)
{
    clm_store **out = st;
    return clm_store_open_memory(out);
}

static void *open_setup(void)
{
    static clm_store *s;
    s = NULL;
    return &s;
}

static bool open_unchanged(void *st)
{
    return *(clm_store **)st == NULL;
}

static void open_teardown(void *st)
{
    clm_store_free(*(clm_store **)st);
}

static void test_oom_helpers(void **state)
{
    (void)state;
    oom_case a = { NULL, op_dup, NULL, oom_teardown };
    assert_int_equal(oom_check(&a), 1);
    oom_case b = { NULL, op_encode, NULL, oom_teardown };
    assert_int_equal(oom_check(&b), 1);
    oom_case c = { NULL, op_decode, NULL, oom_teardown };
    assert_int_equal(oom_check(&c), 1);
    oom_case d = { open_setup, op_open_memory, open_unchanged, open_teardown };
    assert_int_equal(oom_check(&d), 2);
}

static void test_unavailable_backends(void **state)
{
    (void)state;
    clm_store *st = NULL;
#ifndef CLM_HAVE_SQLITE
    assert_int_equal(clm_store_open_sqlite(&st, "/tmp/x.db", NULL), CLM_ENOTSUP);
    assert_true(strstr(clm_error_last()->message, "'sqlite'") != NULL);
#endif
#ifndef CLM_HAVE_POSTGRES
    assert_int_equal(clm_store_open_postgres(&st, "host=localhost"), CLM_ENOTSUP);
    assert_true(strstr(clm_error_last()->message, "'postgresql'") != NULL);
#endif
    assert_null(st);
    assert_int_equal(clm_store_open_sqlite(NULL, "/tmp/x.db", NULL), CLM_EINVAL);
    assert_int_equal(clm_store_open_postgres(NULL, "host=localhost"), CLM_EINVAL);
}

int main(void)
{
    oom_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fault_put_audited),
        cmocka_unit_test(test_fault_detects_partial_write),
        cmocka_unit_test(test_commit_failure),
        cmocka_unit_test(test_backend_init),
        cmocka_unit_test(test_store_new_checks),
        cmocka_unit_test(test_keys_optional),
        cmocka_unit_test(test_get_for_write_optional),
        cmocka_unit_test(test_backend_errors),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_record_equal_dup),
        cmocka_unit_test(test_encode_roundtrip),
        cmocka_unit_test(test_decode_hostile),
        cmocka_unit_test(test_oom_helpers),
        cmocka_unit_test(test_unavailable_backends),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
