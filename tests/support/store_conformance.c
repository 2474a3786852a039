/*
 * store_conformance.c — see store_conformance.h.
 */
#include "store_conformance.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/alloc.h"
#include "clm/store_keys.h"
#include "clm/error.h"
#include "clm/sys/store_backend.h"
#include "oom.h"
#include "store_snapshot.h"

static const store_conformance *C;

typedef struct fixture {
    clm_store *st;
    clm_store *other; /* a second handle (reopen), when a test opens one */
} fixture;

#define OK(expr)                                                                          \
    do {                                                                                  \
        int rc_ = (expr);                                                                 \
        if (rc_ != 0)                                                                     \
            fail_msg("%s returned %d (%s)", #expr, rc_, clm_error_last()->message);       \
    } while (0)

#define ERR(code, expr)                                                                   \
    do {                                                                                  \
        int rc_ = (expr);                                                                 \
        if (rc_ != (code))                                                                \
            fail_msg("%s returned %d, expected %s (%d); last error: %s", #expr, rc_, #code, \
                     (code), clm_error_last()->message);                                  \
    } while (0)

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    OK(C->open(&fx->st, C->payload));
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    clm_store_free(fx->other);
    clm_store_free(fx->st);
    free(fx);
    if (C->cleanup != NULL)
        C->cleanup(C->payload);
    return 0;
}

/* ---- sample records ------------------------------------------------------ */

static const unsigned char body_bytes[] = { 'o', 'f', 0, 'f', 0xff, 0x00, 0x01, '\n' };

/* A client with every field set. */
static clm_record sample(clm_record_kind kind, const char *id)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = kind;
    r.id = id;
    r.client_id = "c-1";
    r.manager = "ivanov";
    r.state = "new";
    r.name = "ООО «Восток» — Vostok LLC";
    r.category = "A";
    r.due = 20150; /* 2025-03-03 */
    r.amount.amount = 123456;
    memcpy(r.amount.currency, "RUB", 4);
    r.body = body_bytes;
    r.body_len = sizeof body_bytes;
    return r;
}

static clm_actor actor(void)
{
    clm_actor a = { "petrov", "head_of_department", 1760000000 };
    return a;
}

static void expect_stored(clm_store *st, const clm_record *want, int64_t version)
{
    clm_record *got = NULL;
    OK(clm_store_get(&got, st, want->kind, want->id));
    clm_record w = *want;
    w.version = version;
    if (!clm_record_equal(got, &w))
        fail_msg("stored %s '%s' differs from what was written (version %lld, want %lld)",
                 clm_record_kind_name(want->kind), want->id, (long long)got->version,
                 (long long)version);
    clm_record_free(got);
}

static void expect_absent(clm_store *st, clm_record_kind kind, const char *id)
{
    clm_record *got = (clm_record *)1;
    ERR(CLM_ENOTFOUND, clm_store_get(&got, st, kind, id));
    assert_ptr_equal(got, (clm_record *)1);
}

static int64_t put_new(clm_store *st, const clm_record *r)
{
    int64_t v = 0;
    OK(clm_store_put(&v, st, r));
    assert_int_equal(v, 1);
    return v;
}

static int64_t count_of(clm_store *st, const clm_store_filter *f)
{
    int64_t n = -1;
    OK(clm_store_count(&n, st, f));
    return n;
}

/* ---- get / put / delete ------------------------------------------------- */

static void t_roundtrip(void **state)
{
    fixture *fx = *state;
    clm_record r = sample(CLM_RECORD_CLIENT, "c-1");
    int64_t v = -1;
    OK(clm_store_put(&v, fx->st, &r));
    assert_int_equal(v, 1);
    assert_int_equal(r.version, 0); /* the caller's record is not touched */
    expect_stored(fx->st, &r, 1);

    /* A record with every optional field absent comes back absent. */
    clm_record bare = CLM_RECORD_INIT;
    bare.kind = CLM_RECORD_TASK;
    bare.id = "t-1";
    put_new(fx->st, &bare);
    clm_record *got;
    OK(clm_store_get(&got, fx->st, CLM_RECORD_TASK, "t-1"));
    assert_null(got->client_id);
    assert_null(got->manager);
    assert_null(got->state);
    assert_null(got->name);
    assert_null(got->category);
    assert_int_equal(got->due, CLM_RECORD_NO_DUE);
    assert_string_equal(got->amount.currency, "");
    assert_int_equal(got->amount.amount, 0);
    assert_null(got->body);
    assert_int_equal(got->body_len, 0);
    assert_int_equal(got->version, 1);

    /* The copy is the caller's: it survives later writes to the store. */
    bare.version = 1;
    bare.state = "done";
    OK(clm_store_put(NULL, fx->st, &bare));
    assert_null(got->state);
    assert_int_equal(got->version, 1);
    clm_record_free(got);

    /* Extreme values survive: dates at the ends, negative and huge amounts. */
    clm_record x = sample(CLM_RECORD_INVOICE, "inv-x");
    x.due = CLM_DATE_MIN;
    x.amount.amount = INT64_MIN;
    put_new(fx->st, &x);
    expect_stored(fx->st, &x, 1);
    clm_record y = sample(CLM_RECORD_INVOICE, "inv-y");
    y.due = CLM_DATE_MAX;
    y.amount.amount = INT64_MAX;
    memcpy(y.amount.currency, "JPY", 4);
    put_new(fx->st, &y);
    expect_stored(fx->st, &y, 1);
}

static void t_create_exists(void **state)
{
    fixture *fx = *state;
    clm_record r = sample(CLM_RECORD_OFFER, "o-1");
    put_new(fx->st, &r);
    clm_record again = sample(CLM_RECORD_OFFER, "o-1");
    again.name = "someone else's offer";
    int64_t v = 99;
    ERR(CLM_EEXISTS, clm_store_put(&v, fx->st, &again));
    assert_int_equal(v, 99);
    expect_stored(fx->st, &r, 1);
}

static void t_update_conflict(void **state)
{
    fixture *fx = *state;
    clm_record r = sample(CLM_RECORD_CLAIM, "cl-1");
    put_new(fx->st, &r);

    clm_record u = r;
    u.version = 1;
    u.state = "acknowledged";
    u.category = NULL; /* a put replaces the whole record: absent clears */
    u.body = NULL;
    u.body_len = 0;
    int64_t v;
    OK(clm_store_put(&v, fx->st, &u));
    assert_int_equal(v, 2);
    expect_stored(fx->st, &u, 2);

    /* A writer that read version 1 loses and changes nothing. */
    clm_record stale = r;
    stale.version = 1;
    stale.state = "closed";
    v = 99;
    ERR(CLM_ECONFLICT, clm_store_put(&v, fx->st, &stale));
    assert_int_equal(v, 99);
    stale.version = 7; /* from the future: also a conflict */
    ERR(CLM_ECONFLICT, clm_store_put(&v, fx->st, &stale));
    expect_stored(fx->st, &u, 2);

    /* Replacing what does not exist. */
    clm_record ghost = sample(CLM_RECORD_CLAIM, "cl-ghost");
    ghost.version = 1;
    ERR(CLM_ENOTFOUND, clm_store_put(&v, fx->st, &ghost));
    expect_absent(fx->st, CLM_RECORD_CLAIM, "cl-ghost");

    /* Versions keep counting. */
    u.version = 2;
    OK(clm_store_put(&v, fx->st, &u));
    assert_int_equal(v, 3);
    u.version = 3;
    OK(clm_store_put(&v, fx->st, &u));
    assert_int_equal(v, 4);
}

static void t_delete(void **state)
{
    fixture *fx = *state;
    clm_record r = sample(CLM_RECORD_CONTRACT, "k-1");
    put_new(fx->st, &r);
    ERR(CLM_ECONFLICT, clm_store_delete(fx->st, CLM_RECORD_CONTRACT, "k-1", 2));
    expect_stored(fx->st, &r, 1);
    ERR(CLM_ENOTFOUND, clm_store_delete(fx->st, CLM_RECORD_CONTRACT, "k-2", 1));
    OK(clm_store_delete(fx->st, CLM_RECORD_CONTRACT, "k-1", 1));
    expect_absent(fx->st, CLM_RECORD_CONTRACT, "k-1");
    ERR(CLM_ENOTFOUND, clm_store_delete(fx->st, CLM_RECORD_CONTRACT, "k-1", 1));
    /* The id is free again and a new record starts at version 1. */
    put_new(fx->st, &r);
    expect_stored(fx->st, &r, 1);
}

static void t_kinds_separate(void **state)
{
    fixture *fx = *state;
    for (int k = CLM_RECORD_CLIENT; k <= CLM_RECORD_COUPON; k++) {
        clm_record r = sample((clm_record_kind)k, "same-id");
        r.name = clm_record_kind_name((clm_record_kind)k);
        put_new(fx->st, &r);
    }
    for (int k = CLM_RECORD_CLIENT; k <= CLM_RECORD_COUPON; k++) {
        clm_record *got;
        OK(clm_store_get(&got, fx->st, (clm_record_kind)k, "same-id"));
        assert_int_equal(got->kind, k);
        assert_string_equal(got->name, clm_record_kind_name((clm_record_kind)k));
        clm_record_free(got);
    }
    OK(clm_store_delete(fx->st, CLM_RECORD_OFFER, "same-id", 1));
    expect_absent(fx->st, CLM_RECORD_OFFER, "same-id");
    clm_record *got;
    OK(clm_store_get(&got, fx->st, CLM_RECORD_CONTRACT, "same-id"));
    clm_record_free(got);
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_ORDER;
    assert_int_equal(count_of(fx->st, &f), 1);
    f.kind = CLM_RECORD_OFFER;
    assert_int_equal(count_of(fx->st, &f), 0);
}

/* ---- scans -------------------------------------------------------------- */

typedef struct collect {
    char ids[64][64];
    int n;
    int stop_after; /* 0 = never */
    int stop_value;
} collect;

static int collect_cb(const clm_record *r, void *payload)
{
    collect *c = payload;
    if (c->n < 64)
        snprintf(c->ids[c->n], sizeof c->ids[0], "%s", r->id);
    c->n++;
    if (c->stop_after > 0 && c->n == c->stop_after)
        return c->stop_value;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void t_scan_order(void **state)
{
    fixture *fx = *state;
    const char *ids[] = { "b", "a", "B", "a1", "é", "Z", "10", "9", "a0", "~", "ab" };
    size_t n = sizeof ids / sizeof ids[0];
    for (size_t i = 0; i < n; i++) {
        clm_record r = sample(CLM_RECORD_CLIENT, ids[i]);
        put_new(fx->st, &r);
    }
    clm_record other = sample(CLM_RECORD_ORDER, "aa");
    put_new(fx->st, &other);
    const char *sorted[sizeof ids / sizeof ids[0]];
    memcpy(sorted, ids, sizeof ids);
    qsort(sorted, n, sizeof sorted[0], cmp_str); /* strcmp = byte order */
    collect c = { .n = 0 };
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    OK(clm_store_scan(fx->st, &f, collect_cb, &c));
    assert_int_equal(c.n, (int)n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(c.ids[i], sorted[i]);
    assert_int_equal(count_of(fx->st, &f), (int64_t)n);
    f.kind = CLM_RECORD_CONTACT;
    c.n = 0;
    OK(clm_store_scan(fx->st, &f, collect_cb, &c));
    assert_int_equal(c.n, 0);
}

/* The records the filter tests run on, and an independent oracle. */
typedef struct frow {
    const char *id, *client, *manager, *state, *category;
    clm_date due;
} frow;

static const frow frows[] = {
    { "i01", "c1", "ivanov", "open", "A", 100 },
    { "i02", "c1", "ivanov", "paid", "A", 101 },
    { "i03", "c2", "petrov", "open", "B", 102 },
    { "i04", "c2", NULL, "open", NULL, 150 },
    { "i05", NULL, "petrov", NULL, "B", CLM_RECORD_NO_DUE },
    { "i06", "c3", "ivanov", "overdue", "A", 99 },
    { "i07", "c1", "sidorov", "open", "C", 200 },
    { "i08", "c10", "ivanov", "open", "A", 100 },
    { "i09", "c1", "ivanov", "opened", "A", -5 },
    { "i10", "c1", "Ivanov", "open", "a", 120 },
};
#define NFROWS (sizeof frows / sizeof frows[0])

static bool eq_or_any(const char *want, const char *have)
{
    return want == NULL || (have != NULL && strcmp(want, have) == 0);
}

static bool oracle(const frow *r, const clm_store_filter *f)
{
    bool dated = f->due_from != CLM_RECORD_NO_DUE || f->due_to != CLM_RECORD_NO_DUE;
    if (dated && r->due == CLM_RECORD_NO_DUE)
        return false;
    if (f->due_from != CLM_RECORD_NO_DUE && r->due < f->due_from)
        return false;
    if (f->due_to != CLM_RECORD_NO_DUE && r->due > f->due_to)
        return false;
    return eq_or_any(f->client_id, r->client) && eq_or_any(f->manager, r->manager) &&
           eq_or_any(f->state, r->state) && eq_or_any(f->category, r->category);
}

static void check_filter(clm_store *st, const clm_store_filter *f, int expect_n)
{
    collect c = { .n = 0 };
    OK(clm_store_scan(st, f, collect_cb, &c));
    int want = 0;
    for (size_t i = 0; i < NFROWS; i++) {
        if (!oracle(&frows[i], f))
            continue;
        if (want >= c.n || strcmp(c.ids[want], frows[i].id) != 0)
            fail_msg("filter (client %s, manager %s, state %s, category %s, due %ld..%ld): "
                     "expected %s at position %d",
                     f->client_id ? f->client_id : "*", f->manager ? f->manager : "*",
                     f->state ? f->state : "*", f->category ? f->category : "*",
                     (long)f->due_from, (long)f->due_to, frows[i].id, want);
        want++;
    }
    assert_int_equal(c.n, want);
    assert_int_equal(want, expect_n); /* the oracle itself is pinned */
    assert_int_equal(count_of(st, f), want);
}

static void t_scan_filters(void **state)
{
    fixture *fx = *state;
    for (size_t i = 0; i < NFROWS; i++) {
        clm_record r = CLM_RECORD_INIT;
        r.kind = CLM_RECORD_INVOICE;
        r.id = frows[i].id;
        r.client_id = frows[i].client;
        r.manager = frows[i].manager;
        r.state = frows[i].state;
        r.category = frows[i].category;
        r.due = frows[i].due;
        put_new(fx->st, &r);
        r.kind = CLM_RECORD_PAYMENT; /* same family in SQL backends: must not leak in */
        put_new(fx->st, &r);
    }
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_INVOICE;
    check_filter(fx->st, &f, 10);
    f.client_id = "c1";
    check_filter(fx->st, &f, 5); /* not c10: exact match */
    f.client_id = NULL;
    f.manager = "ivanov";
    check_filter(fx->st, &f, 5); /* case-sensitive: not Ivanov */
    f.manager = NULL;
    f.state = "open";
    check_filter(fx->st, &f, 6); /* not "opened" */
    f.state = NULL;
    f.category = "A";
    check_filter(fx->st, &f, 5);
    f.category = NULL;
    f.due_from = 100;
    check_filter(fx->st, &f, 7); /* inclusive; no-due excluded */
    f.due_from = CLM_RECORD_NO_DUE;
    f.due_to = 100;
    check_filter(fx->st, &f, 4);
    f.due_from = 100;
    f.due_to = 101;
    check_filter(fx->st, &f, 3);
    f.due_from = 121;
    f.due_to = 149;
    check_filter(fx->st, &f, 0);
    f.due_from = 100;
    f.due_to = 200;
    f.client_id = "c1";
    f.state = "open";
    check_filter(fx->st, &f, 3);
    f.manager = "sidorov";
    check_filter(fx->st, &f, 1);
}

static void t_scan_stop(void **state)
{
    fixture *fx = *state;
    const char *ids[] = { "a", "b", "c", "d", "e" };
    for (size_t i = 0; i < 5; i++) {
        clm_record r = sample(CLM_RECORD_CONTACT, ids[i]);
        put_new(fx->st, &r);
    }
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CONTACT;
    collect c = { .n = 0, .stop_after = 3, .stop_value = 7 };
    assert_int_equal(clm_store_scan(fx->st, &f, collect_cb, &c), 7);
    assert_int_equal(c.n, 3);
    c.n = 0;
    c.stop_after = 2;
    c.stop_value = CLM_EIO;
    assert_int_equal(clm_store_scan(fx->st, &f, collect_cb, &c), CLM_EIO);
    assert_int_equal(c.n, 2);
    /* The store works normally after a stopped scan. */
    clm_record r = sample(CLM_RECORD_CONTACT, "f");
    put_new(fx->st, &r);
    assert_int_equal(count_of(fx->st, &f), 6);
}

typedef struct reenter {
    clm_store *st;
    int calls;
} reenter;

static int reenter_cb(const clm_record *r, void *payload)
{
    reenter *re = payload;
    re->calls++;
    clm_record *got = NULL;
    ERR(CLM_EBUSY, clm_store_get(&got, re->st, r->kind, r->id));
    clm_record w = *r;
    ERR(CLM_EBUSY, clm_store_put(NULL, re->st, &w));
    ERR(CLM_EBUSY, clm_store_delete(re->st, r->kind, r->id, r->version));
    ERR(CLM_EBUSY, clm_store_begin(re->st));
    ERR(CLM_EBUSY, clm_store_commit(re->st));
    ERR(CLM_EBUSY, clm_store_rollback(re->st));
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = r->kind;
    int64_t n;
    ERR(CLM_EBUSY, clm_store_count(&n, re->st, &f));
    ERR(CLM_EBUSY, clm_store_scan(re->st, &f, collect_cb, NULL));
    return 0;
}

static int reenter_audit_cb(const clm_audit_entry *e, void *payload)
{
    reenter *re = payload;
    re->calls++;
    clm_record *got = NULL;
    ERR(CLM_EBUSY, clm_store_get(&got, re->st, e->kind, e->id));
    ERR(CLM_EBUSY, clm_store_audit_scan(re->st, NULL, reenter_audit_cb, re));
    return 0;
}

static void t_scan_reentry(void **state)
{
    fixture *fx = *state;
    clm_record r = sample(CLM_RECORD_TASK, "t-1");
    clm_actor who = actor();
    OK(clm_store_put_audited(NULL, fx->st, &who, &r, NULL));
    reenter re = { fx->st, 0 };
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_TASK;
    OK(clm_store_scan(fx->st, &f, reenter_cb, &re));
    assert_int_equal(re.calls, 1);
    OK(clm_store_audit_scan(fx->st, NULL, reenter_audit_cb, &re));
    assert_int_equal(re.calls, 2);
    expect_stored(fx->st, &r, 1);
    assert_int_equal(clm_store_depth(fx->st), 0);
}

static void t_many(void **state)
{
    fixture *fx = *state;
    enum { N = 1000 };
    OK(clm_store_begin(fx->st));
    for (int i = N - 1; i >= 0; i--) {
        char id[16];
        snprintf(id, sizeof id, "m%05d", i);
        clm_record r = sample(CLM_RECORD_CLIENT, id);
        r.state = i % 3 == 0 ? "key" : "regular";
        put_new(fx->st, &r);
    }
    OK(clm_store_commit(fx->st));
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    assert_int_equal(count_of(fx->st, &f), N);
    f.state = "key";
    assert_int_equal(count_of(fx->st, &f), (N + 2) / 3);
    collect c = { .n = 0 };
    f.state = NULL;
    OK(clm_store_scan(fx->st, &f, collect_cb, &c));
    assert_int_equal(c.n, N);
    assert_string_equal(c.ids[0], "m00000");
    assert_string_equal(c.ids[63], "m00063");
}

/* ---- transactions -------------------------------------------------------- */

static void t_txn_commit(void **state)
{
    fixture *fx = *state;
    clm_record a = sample(CLM_RECORD_ORDER, "o-a");
    clm_record b = sample(CLM_RECORD_ORDER, "o-b");
    OK(clm_store_begin(fx->st));
    assert_int_equal(clm_store_depth(fx->st), 1);
    put_new(fx->st, &a);
    put_new(fx->st, &b);
    expect_stored(fx->st, &a, 1); /* a transaction sees its own writes */
    b.version = 1;
    b.state = "confirmed";
    int64_t v;
    OK(clm_store_put(&v, fx->st, &b));
    assert_int_equal(v, 2);
    OK(clm_store_commit(fx->st));
    assert_int_equal(clm_store_depth(fx->st), 0);
    expect_stored(fx->st, &a, 1);
    expect_stored(fx->st, &b, 2);
}

static void t_txn_rollback(void **state)
{
    fixture *fx = *state;
    clm_actor who = actor();
    clm_record keep = sample(CLM_RECORD_CLIENT, "keep");
    clm_record gone = sample(CLM_RECORD_CLIENT, "gone");
    OK(clm_store_put_audited(NULL, fx->st, &who, &keep, "first"));
    OK(clm_store_put_audited(NULL, fx->st, &who, &gone, "second"));
    store_snapshot before;
    OK(store_snapshot_take(&before, fx->st));

    OK(clm_store_begin(fx->st));
    clm_record fresh = sample(CLM_RECORD_CLIENT, "fresh");
    put_new(fx->st, &fresh);
    clm_record k2 = keep;
    k2.version = 1;
    k2.state = "key";
    OK(clm_store_put_audited(NULL, fx->st, &who, &k2, "promoted"));
    OK(clm_store_delete_audited(fx->st, &who, CLM_RECORD_CLIENT, "gone", 1, NULL));
    clm_record fresh2 = sample(CLM_RECORD_OFFER, "fresh2");
    OK(clm_store_put_audited(NULL, fx->st, &who, &fresh2, NULL));
    OK(clm_store_rollback(fx->st));
    assert_int_equal(clm_store_depth(fx->st), 0);

    assert_true(store_snapshot_matches(&before, fx->st));
    expect_absent(fx->st, CLM_RECORD_CLIENT, "fresh");
    expect_stored(fx->st, &keep, 1);
    expect_stored(fx->st, &gone, 1);
    store_snapshot_free(&before);

    /* The versions a rolled-back transaction used are not burnt. */
    OK(clm_store_put(NULL, fx->st, &k2));
    expect_stored(fx->st, &k2, 2);
}

static void t_txn_nested(void **state)
{
    fixture *fx = *state;
    clm_record a = sample(CLM_RECORD_CLAIM, "a");
    clm_record b = sample(CLM_RECORD_CLAIM, "b");
    clm_record c = sample(CLM_RECORD_CLAIM, "c");

    OK(clm_store_begin(fx->st));
    put_new(fx->st, &a);
    OK(clm_store_begin(fx->st));
    assert_int_equal(clm_store_depth(fx->st), 2);
    put_new(fx->st, &b);
    clm_record a2 = a;
    a2.version = 1;
    a2.state = "inner";
    OK(clm_store_put(NULL, fx->st, &a2));
    OK(clm_store_rollback(fx->st)); /* undoes b and a2 only */
    assert_int_equal(clm_store_depth(fx->st), 1);
    expect_stored(fx->st, &a, 1);
    expect_absent(fx->st, CLM_RECORD_CLAIM, "b");
    OK(clm_store_begin(fx->st));
    put_new(fx->st, &c);
    OK(clm_store_commit(fx->st)); /* c joins the outer level */
    expect_stored(fx->st, &c, 1);
    OK(clm_store_rollback(fx->st)); /* and goes with it */
    expect_absent(fx->st, CLM_RECORD_CLAIM, "a");
    expect_absent(fx->st, CLM_RECORD_CLAIM, "c");

    /* Three levels, all committed. */
    OK(clm_store_begin(fx->st));
    put_new(fx->st, &a);
    OK(clm_store_begin(fx->st));
    put_new(fx->st, &b);
    OK(clm_store_begin(fx->st));
    put_new(fx->st, &c);
    OK(clm_store_commit(fx->st));
    OK(clm_store_commit(fx->st));
    OK(clm_store_commit(fx->st));
    expect_stored(fx->st, &a, 1);
    expect_stored(fx->st, &b, 1);
    expect_stored(fx->st, &c, 1);
}

static void t_txn_state(void **state)
{
    fixture *fx = *state;
    ERR(CLM_ESTATE, clm_store_commit(fx->st));
    ERR(CLM_ESTATE, clm_store_rollback(fx->st));
    for (int i = 0; i < 64; i++)
        OK(clm_store_begin(fx->st));
    assert_int_equal(clm_store_depth(fx->st), 64);
    ERR(CLM_ELIMIT, clm_store_begin(fx->st));
    assert_int_equal(clm_store_depth(fx->st), 64);
    clm_record r = sample(CLM_RECORD_CLIENT, "deep");
    put_new(fx->st, &r);
    /* An audited write at the deepest level needs one more level: it fails
     * cleanly and leaves the transaction as it was. */
    clm_actor who = actor();
    clm_record r2 = sample(CLM_RECORD_CLIENT, "deeper");
    ERR(CLM_ELIMIT, clm_store_put_audited(NULL, fx->st, &who, &r2, NULL));
    assert_int_equal(clm_store_depth(fx->st), 64);
    for (int i = 0; i < 64; i++)
        OK(clm_store_commit(fx->st));
    expect_stored(fx->st, &r, 1);
    expect_absent(fx->st, CLM_RECORD_CLIENT, "deeper");
    ERR(CLM_ESTATE, clm_store_commit(fx->st));
}

/* An audited write that fails inside the caller's transaction undoes only
 * itself: the caller's earlier writes stay and the transaction stays open. */
static void t_txn_failed_write_inside(void **state)
{
    fixture *fx = *state;
    clm_actor who = actor();
    clm_record a = sample(CLM_RECORD_OFFER, "o-1");
    OK(clm_store_put_audited(NULL, fx->st, &who, &a, NULL));
    OK(clm_store_begin(fx->st));
    clm_record b = sample(CLM_RECORD_CONTRACT, "k-1");
    OK(clm_store_put_audited(NULL, fx->st, &who, &b, NULL));
    clm_record stale = a;
    stale.version = 5;
    ERR(CLM_ECONFLICT, clm_store_put_audited(NULL, fx->st, &who, &stale, NULL));
    ERR(CLM_EEXISTS, clm_store_put_audited(NULL, fx->st, &who, &a, NULL));
    ERR(CLM_ENOTFOUND, clm_store_delete_audited(fx->st, &who, CLM_RECORD_ORDER, "x", 1, NULL));
    assert_int_equal(clm_store_depth(fx->st), 1);
    expect_stored(fx->st, &b, 1);
    OK(clm_store_commit(fx->st));
    expect_stored(fx->st, &b, 1);
    expect_stored(fx->st, &a, 1);
    store_snapshot now;
    OK(store_snapshot_take(&now, fx->st));
    assert_int_equal(now.entries, 2); /* a and b; the failed writes none */
    assert_int_equal(now.records, 2);
    store_snapshot_free(&now);
}

/* ---- the audit log ------------------------------------------------------- */

typedef struct audit_seen {
    int n;
    int64_t seq[16];
    clm_audit_op op[16];
    int64_t version[16];
    char id[16][32];
    char note[16][32];
    char user[16][32];
    char role[16][32];
    clm_time at[16];
    clm_record *before[16], *after[16];
    int stop_after;
} audit_seen;

static int audit_cb(const clm_audit_entry *e, void *payload)
{
    audit_seen *s = payload;
    int i = s->n++;
    if (i >= 16)
        fail_msg("more audit entries than expected");
    s->seq[i] = e->seq;
    s->op[i] = e->op;
    s->version[i] = e->version;
    assert_non_null(e->note);
    snprintf(s->id[i], sizeof s->id[i], "%s", e->id);
    snprintf(s->note[i], sizeof s->note[i], "%s", e->note);
    snprintf(s->user[i], sizeof s->user[i], "%s", e->actor.user);
    snprintf(s->role[i], sizeof s->role[i], "%s", e->actor.role);
    s->at[i] = e->actor.at;
    s->before[i] = s->after[i] = NULL;
    if (e->before != NULL)
        OK(clm_record_dup(&s->before[i], e->before));
    if (e->after != NULL)
        OK(clm_record_dup(&s->after[i], e->after));
    if (s->stop_after > 0 && s->n == s->stop_after)
        return 42;
    return 0;
}

static void audit_seen_free(audit_seen *s)
{
    for (int i = 0; i < s->n && i < 16; i++) {
        clm_record_free(s->before[i]);
        clm_record_free(s->after[i]);
    }
    memset(s, 0, sizeof *s);
}

static void t_audit(void **state)
{
    fixture *fx = *state;
    clm_actor who = actor();
    clm_record r = sample(CLM_RECORD_CLIENT, "c-7");
    int64_t v;
    OK(clm_store_put_audited(&v, fx->st, &who, &r, "created from the web form"));
    assert_int_equal(v, 1);
    clm_record r2 = r;
    r2.version = 1;
    r2.category = "key";
    clm_actor boss = { "sidorova", "director", 1760000100 };
    OK(clm_store_put_audited(&v, fx->st, &boss, &r2, "rule key-turnover"));
    assert_int_equal(v, 2);
    clm_record other = sample(CLM_RECORD_OFFER, "o-9");
    OK(clm_store_put_audited(NULL, fx->st, &who, &other, NULL));
    OK(clm_store_delete_audited(fx->st, &boss, CLM_RECORD_CLIENT, "c-7", 2, "duplicate"));

    audit_seen s = { 0 };
    OK(clm_store_audit_scan(fx->st, NULL, audit_cb, &s));
    assert_int_equal(s.n, 4);
    for (int i = 1; i < 4; i++)
        assert_true(s.seq[i] > s.seq[i - 1]);
    assert_true(s.seq[0] >= 1);
    /* create */
    assert_int_equal(s.op[0], CLM_AUDIT_CREATE);
    assert_string_equal(s.id[0], "c-7");
    assert_int_equal(s.version[0], 1);
    assert_string_equal(s.user[0], "petrov");
    assert_string_equal(s.role[0], "head_of_department");
    assert_int_equal(s.at[0], 1760000000);
    assert_string_equal(s.note[0], "created from the web form");
    assert_null(s.before[0]);
    clm_record want = r;
    want.version = 1;
    assert_true(clm_record_equal(s.after[0], &want));
    /* update */
    assert_int_equal(s.op[1], CLM_AUDIT_UPDATE);
    assert_int_equal(s.version[1], 2);
    assert_string_equal(s.user[1], "sidorova");
    assert_string_equal(s.role[1], "director");
    assert_int_equal(s.at[1], 1760000100);
    assert_true(clm_record_equal(s.before[1], &want));
    clm_record want2 = r2;
    want2.version = 2;
    assert_true(clm_record_equal(s.after[1], &want2));
    /* a NULL note reads back as "" */
    assert_string_equal(s.note[2], "");
    assert_int_equal(s.op[2], CLM_AUDIT_CREATE);
    /* delete */
    assert_int_equal(s.op[3], CLM_AUDIT_DELETE);
    assert_int_equal(s.version[3], 2);
    assert_true(clm_record_equal(s.before[3], &want2));
    assert_null(s.after[3]);
    int64_t seq2 = s.seq[2];
    audit_seen_free(&s);

    /* Filters. */
    clm_audit_filter f = CLM_AUDIT_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    OK(clm_store_audit_scan(fx->st, &f, audit_cb, &s));
    assert_int_equal(s.n, 3);
    audit_seen_free(&s);
    f.id = "c-7";
    OK(clm_store_audit_scan(fx->st, &f, audit_cb, &s));
    assert_int_equal(s.n, 3);
    audit_seen_free(&s);
    f.id = "c-8";
    OK(clm_store_audit_scan(fx->st, &f, audit_cb, &s));
    assert_int_equal(s.n, 0);
    f.kind = CLM_RECORD_OFFER;
    f.id = NULL;
    OK(clm_store_audit_scan(fx->st, &f, audit_cb, &s));
    assert_int_equal(s.n, 1);
    assert_string_equal(s.id[0], "o-9");
    audit_seen_free(&s);
    f.kind = (clm_record_kind)0;
    f.from_seq = seq2;
    OK(clm_store_audit_scan(fx->st, &f, audit_cb, &s));
    assert_int_equal(s.n, 2);
    assert_int_equal(s.seq[0], seq2);
    audit_seen_free(&s);
    /* Early stop. */
    s.stop_after = 2;
    assert_int_equal(clm_store_audit_scan(fx->st, NULL, audit_cb, &s), 42);
    assert_int_equal(s.n, 2);
    audit_seen_free(&s);
}

/* A write that fails writes no audit entry, and plain puts write none. */
static void t_audit_only_with_change(void **state)
{
    fixture *fx = *state;
    clm_actor who = actor();
    clm_record r = sample(CLM_RECORD_INVOICE, "inv-1");
    OK(clm_store_put_audited(NULL, fx->st, &who, &r, NULL));
    store_snapshot before;
    OK(store_snapshot_take(&before, fx->st));
    assert_int_equal(before.entries, 1);
    ERR(CLM_EEXISTS, clm_store_put_audited(NULL, fx->st, &who, &r, NULL));
    clm_record stale = r;
    stale.version = 3;
    ERR(CLM_ECONFLICT, clm_store_put_audited(NULL, fx->st, &who, &stale, NULL));
    clm_record ghost = sample(CLM_RECORD_INVOICE, "inv-2");
    ghost.version = 1;
    ERR(CLM_ENOTFOUND, clm_store_put_audited(NULL, fx->st, &who, &ghost, NULL));
    ERR(CLM_ECONFLICT, clm_store_delete_audited(fx->st, &who, CLM_RECORD_INVOICE, "inv-1", 2, NULL));
    ERR(CLM_ENOTFOUND, clm_store_delete_audited(fx->st, &who, CLM_RECORD_INVOICE, "inv-2", 1, NULL));
    clm_actor nobody = { "", "manager", 0 };
    clm_record r2 = r;
    r2.version = 1;
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, fx->st, &nobody, &r2, NULL));
    assert_true(store_snapshot_matches(&before, fx->st));
    store_snapshot_free(&before);

    /* Unaudited writes leave the log alone. */
    OK(clm_store_put(NULL, fx->st, &r2));
    clm_record x = sample(CLM_RECORD_INVOICE, "inv-3");
    put_new(fx->st, &x);
    OK(clm_store_delete(fx->st, CLM_RECORD_INVOICE, "inv-3", 1));
    audit_seen s = { 0 };
    OK(clm_store_audit_scan(fx->st, NULL, audit_cb, &s));
    assert_int_equal(s.n, 1);
    audit_seen_free(&s);
}

/* ---- bad arguments and limits -------------------------------------------- */

static int never_cb(const clm_record *r, void *payload)
{
    (void)r;
    (void)payload;
    fail_msg("callback called on a failed scan");
    return 0;
}

static int never_audit_cb(const clm_audit_entry *e, void *payload)
{
    (void)e;
    (void)payload;
    fail_msg("callback called on a failed audit scan");
    return 0;
}

static void t_bad_args(void **state)
{
    fixture *fx = *state;
    clm_store *st = fx->st;
    clm_record good = sample(CLM_RECORD_CLIENT, "g");
    put_new(st, &good);
    store_snapshot before;
    OK(store_snapshot_take(&before, st));
    clm_record *got = NULL;
    clm_actor who = actor();

    /* NULLs */
    ERR(CLM_EINVAL, clm_store_get(NULL, st, CLM_RECORD_CLIENT, "g"));
    ERR(CLM_EINVAL, clm_store_get(&got, NULL, CLM_RECORD_CLIENT, "g"));
    ERR(CLM_EINVAL, clm_store_get(&got, st, CLM_RECORD_CLIENT, NULL));
    ERR(CLM_EINVAL, clm_store_put(NULL, NULL, &good));
    ERR(CLM_EINVAL, clm_store_put(NULL, st, NULL));
    ERR(CLM_EINVAL, clm_store_delete(NULL, CLM_RECORD_CLIENT, "g", 1));
    ERR(CLM_EINVAL, clm_store_delete(st, CLM_RECORD_CLIENT, NULL, 1));
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, st, NULL, &good, NULL));
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, NULL, &who, &good, NULL));
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, st, &who, NULL, NULL));
    ERR(CLM_EINVAL, clm_store_delete_audited(st, NULL, CLM_RECORD_CLIENT, "g", 1, NULL));
    ERR(CLM_EINVAL, clm_store_begin(NULL));
    ERR(CLM_EINVAL, clm_store_commit(NULL));
    ERR(CLM_EINVAL, clm_store_rollback(NULL));
    assert_int_equal(clm_store_depth(NULL), 0);
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    ERR(CLM_EINVAL, clm_store_scan(NULL, &f, never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_scan(st, NULL, never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_scan(st, &f, NULL, NULL));
    int64_t n;
    ERR(CLM_EINVAL, clm_store_count(NULL, st, &f));
    ERR(CLM_EINVAL, clm_store_count(&n, st, NULL));
    ERR(CLM_EINVAL, clm_store_audit_scan(NULL, NULL, never_audit_cb, NULL));
    ERR(CLM_EINVAL, clm_store_audit_scan(st, NULL, NULL, NULL));
    ERR(CLM_EINVAL, clm_store_new(NULL, NULL));
    ERR(CLM_EINVAL, clm_store_open_memory(NULL));
    clm_store_free(NULL);

    /* Kinds and ids. */
    ERR(CLM_EINVAL, clm_store_get(&got, st, (clm_record_kind)0, "g"));
    ERR(CLM_EINVAL, clm_store_get(&got, st, (clm_record_kind)99, "g"));
    ERR(CLM_EINVAL, clm_store_get(&got, st, (clm_record_kind)-1, "g"));
    ERR(CLM_EINVAL, clm_store_get(&got, st, CLM_RECORD_CLIENT, ""));
    ERR(CLM_EINVAL, clm_store_get(&got, st, CLM_RECORD_CLIENT, "a\nb"));
    ERR(CLM_EINVAL, clm_store_get(&got, st, CLM_RECORD_CLIENT, "a\x7f"));
    ERR(CLM_EINVAL, clm_store_get(&got, st, CLM_RECORD_CLIENT, "\xc3\x28"));
    ERR(CLM_EINVAL, clm_store_get(&got, st, CLM_RECORD_CLIENT, "\xed\xa0\x80")); /* surrogate */
    ERR(CLM_EINVAL, clm_store_get(&got, st, CLM_RECORD_CLIENT, "\xc0\xaf"));     /* overlong */
    ERR(CLM_EINVAL, clm_store_delete(st, CLM_RECORD_CLIENT, "g", 0));
    ERR(CLM_EINVAL, clm_store_delete(st, CLM_RECORD_CLIENT, "g", -1));
    assert_null(got);

    /* Records breaking the rules. */
    clm_record r = good;
    r.version = 1;
    struct {
        const char *what;
        int code;
        clm_record rec;
    } bad[16];
    int nb = 0;
#define BAD(code_, stmt)            \
    do {                            \
        bad[nb].what = #stmt;       \
        bad[nb].code = code_;       \
        bad[nb].rec = r;            \
        { clm_record *x = &bad[nb].rec; stmt; } \
        nb++;                       \
    } while (0)
    BAD(CLM_EINVAL, x->kind = (clm_record_kind)0);
    BAD(CLM_EINVAL, x->kind = (clm_record_kind)99);
    BAD(CLM_EINVAL, x->id = NULL);
    BAD(CLM_EINVAL, x->id = "");
    BAD(CLM_EINVAL, x->version = -1);
    BAD(CLM_EINVAL, x->client_id = "");
    BAD(CLM_EINVAL, x->name = "\xff\xfe");
    BAD(CLM_EINVAL, x->state = "");
    BAD(CLM_EINVAL, x->due = CLM_DATE_MAX + 1);
    BAD(CLM_EINVAL, x->due = CLM_DATE_MIN - 1);
    BAD(CLM_ECURRENCY, memcpy(x->amount.currency, "XXQ", 4));
    BAD(CLM_EINVAL, memcpy(x->amount.currency, "\0\0\0", 4); x->amount.amount = 5);
    BAD(CLM_EINVAL, memcpy(x->amount.currency, "RUBX", 4));
    BAD(CLM_EINVAL, x->body = NULL; x->body_len = 3);
#undef BAD
    for (int i = 0; i < nb; i++) {
        int64_t v = 77;
        int rc = clm_store_put(&v, st, &bad[i].rec);
        if (rc != bad[i].code)
            fail_msg("put with %s returned %d, expected %d", bad[i].what, rc, bad[i].code);
        assert_int_equal(v, 77);
        rc = clm_store_put_audited(&v, st, &who, &bad[i].rec, NULL);
        if (rc != bad[i].code)
            fail_msg("put_audited with %s returned %d, expected %d", bad[i].what, rc, bad[i].code);
        assert_int_equal(clm_record_check(&bad[i].rec), bad[i].code);
    }

    /* Actors and notes. */
    clm_actor a1 = { NULL, "manager", 0 }, a2 = { "u", "", 0 };
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, st, &a1, &r, NULL));
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, st, &a2, &r, NULL));
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, st, &who, &r, "\xc3"));
    ERR(CLM_EINVAL, clm_store_delete_audited(st, &a2, CLM_RECORD_CLIENT, "g", 1, NULL));

    /* Filters. */
    clm_store_filter g = f;
    g.version = 2;
    ERR(CLM_EVERSION, clm_store_scan(st, &g, never_cb, NULL));
    g = f;
    g.kind = (clm_record_kind)0;
    ERR(CLM_EINVAL, clm_store_scan(st, &g, never_cb, NULL));
    g = f;
    g.client_id = "";
    ERR(CLM_EINVAL, clm_store_scan(st, &g, never_cb, NULL));
    g = f;
    g.due_from = 10;
    g.due_to = 9;
    ERR(CLM_EINVAL, clm_store_scan(st, &g, never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_count(&n, st, &g));
    g = f;
    g.due_to = CLM_DATE_MAX + 1;
    ERR(CLM_EINVAL, clm_store_scan(st, &g, never_cb, NULL));
    clm_audit_filter af = CLM_AUDIT_FILTER_INIT;
    af.version = 0;
    ERR(CLM_EVERSION, clm_store_audit_scan(st, &af, never_audit_cb, NULL));
    af.version = CLM_AUDIT_FILTER_VERSION;
    af.id = "g";
    ERR(CLM_EINVAL, clm_store_audit_scan(st, &af, never_audit_cb, NULL));
    af.kind = (clm_record_kind)40;
    ERR(CLM_EINVAL, clm_store_audit_scan(st, &af, never_audit_cb, NULL));

    /* Initialisers. */
    ERR(CLM_EINVAL, clm_record_init(NULL));
    ERR(CLM_EINVAL, clm_store_filter_init(NULL));
    ERR(CLM_EINVAL, clm_audit_filter_init(NULL));
    ERR(CLM_EINVAL, clm_store_sqlite_options_init(NULL));
    clm_record ri;
    memset(&ri, 0x5a, sizeof ri);
    OK(clm_record_init(&ri));
    assert_int_equal(ri.due, CLM_RECORD_NO_DUE);
    assert_null(ri.id);
    clm_store_filter fi;
    memset(&fi, 0x5a, sizeof fi);
    OK(clm_store_filter_init(&fi));
    assert_int_equal(fi.version, CLM_STORE_FILTER_VERSION);
    assert_int_equal(fi.due_from, CLM_RECORD_NO_DUE);
    assert_null(fi.client_id);

    assert_true(store_snapshot_matches(&before, st));
    assert_int_equal(clm_store_depth(st), 0);
    store_snapshot_free(&before);
}

static void t_limits(void **state)
{
    fixture *fx = *state;
    char id[CLM_RECORD_ID_MAX + 2];
    memset(id, 'x', sizeof id);
    id[CLM_RECORD_ID_MAX] = '\0';
    clm_record r = sample(CLM_RECORD_CLIENT, id);
    put_new(fx->st, &r); /* 255 bytes: fine */
    expect_stored(fx->st, &r, 1);
    id[CLM_RECORD_ID_MAX] = 'x';
    id[CLM_RECORD_ID_MAX + 1] = '\0';
    ERR(CLM_ELIMIT, clm_store_put(NULL, fx->st, &r));
    clm_record *got = NULL;
    ERR(CLM_ELIMIT, clm_store_get(&got, fx->st, CLM_RECORD_CLIENT, id));

    static char field[CLM_RECORD_FIELD_MAX + 2];
    memset(field, 'n', sizeof field);
    field[CLM_RECORD_FIELD_MAX] = '\0';
    clm_record f = sample(CLM_RECORD_CLIENT, "long-name");
    f.name = field;
    put_new(fx->st, &f);
    expect_stored(fx->st, &f, 1);
    field[CLM_RECORD_FIELD_MAX] = 'n';
    field[CLM_RECORD_FIELD_MAX + 1] = '\0';
    f.version = 1;
    ERR(CLM_ELIMIT, clm_store_put(NULL, fx->st, &f));

    /* A 1 MiB body with every byte value. */
    size_t big = 1u << 20;
    unsigned char *body = malloc(big);
    assert_non_null(body);
    for (size_t i = 0; i < big; i++)
        body[i] = (unsigned char)(i * 131u + (i >> 8));
    clm_record b = sample(CLM_RECORD_OFFER, "big");
    b.body = body;
    b.body_len = big;
    put_new(fx->st, &b);
    expect_stored(fx->st, &b, 1);
    b.body_len = (size_t)CLM_RECORD_BODY_MAX + 1; /* checked before it is read */
    b.version = 1;
    ERR(CLM_ELIMIT, clm_store_put(NULL, fx->st, &b));
    free(body);

    char note[CLM_RECORD_NOTE_MAX + 2];
    memset(note, 'w', sizeof note);
    note[CLM_RECORD_NOTE_MAX + 1] = '\0';
    clm_actor who = actor();
    clm_record n = sample(CLM_RECORD_TASK, "noted");
    ERR(CLM_ELIMIT, clm_store_put_audited(NULL, fx->st, &who, &n, note));
    /* a note every backend and every XML export can hold: no control bytes */
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, fx->st, &who, &n, "bell\x07"));
    ERR(CLM_EINVAL, clm_store_put_audited(NULL, fx->st, &who, &n, "bad \xC3\x28"));
    int64_t count = -1;
    clm_store_filter tasks = CLM_STORE_FILTER_INIT;
    tasks.kind = CLM_RECORD_TASK;
    OK(clm_store_count(&count, fx->st, &tasks));
    assert_int_equal(count, 0);
    note[CLM_RECORD_NOTE_MAX] = '\0';
    OK(clm_store_put_audited(NULL, fx->st, &who, &n, note));
    clm_record m = sample(CLM_RECORD_TASK, "multi-line");
    OK(clm_store_put_audited(NULL, fx->st, &who, &m, "first line\n\tsecond line"));
}

/* ---- several handles (persistent backends) --------------------------------- */

static void t_persist(void **state)
{
    fixture *fx = *state;
    if (C->reopen == NULL)
        skip();
    clm_actor who = actor();
    clm_record r = sample(CLM_RECORD_CLIENT, "p-1");
    OK(clm_store_put_audited(NULL, fx->st, &who, &r, "hello"));
    clm_record r2 = sample(CLM_RECORD_INVOICE, "p-2");
    r2.due = CLM_RECORD_NO_DUE;
    put_new(fx->st, &r2);
    store_snapshot before;
    OK(store_snapshot_take(&before, fx->st));
    clm_store_free(fx->st);
    fx->st = NULL;
    OK(C->reopen(&fx->st, C->payload));
    assert_true(store_snapshot_matches(&before, fx->st));
    store_snapshot_free(&before);
    expect_stored(fx->st, &r, 1);
    expect_stored(fx->st, &r2, 1);

    /* A handle freed with an open transaction rolls it back. */
    OK(clm_store_begin(fx->st));
    clm_record lost = sample(CLM_RECORD_CLIENT, "p-lost");
    put_new(fx->st, &lost);
    clm_store_free(fx->st);
    fx->st = NULL;
    OK(C->reopen(&fx->st, C->payload));
    expect_absent(fx->st, CLM_RECORD_CLIENT, "p-lost");
}

static void t_isolation(void **state)
{
    fixture *fx = *state;
    if (C->reopen == NULL)
        skip();
    OK(C->reopen(&fx->other, C->payload));
    OK(clm_store_begin(fx->st));
    clm_record r = sample(CLM_RECORD_ORDER, "iso");
    put_new(fx->st, &r);
    expect_absent(fx->other, CLM_RECORD_ORDER, "iso"); /* not before commit */
    OK(clm_store_commit(fx->st));
    expect_stored(fx->other, &r, 1);
}

/* Two handles read the same version and both write: one wins. */
static void t_two_writers(void **state)
{
    fixture *fx = *state;
    if (C->reopen == NULL)
        skip();
    OK(C->reopen(&fx->other, C->payload));
    clm_record r = sample(CLM_RECORD_CLIENT, "shared");
    put_new(fx->st, &r);
    clm_record *a, *b;
    OK(clm_store_get(&a, fx->st, CLM_RECORD_CLIENT, "shared"));
    OK(clm_store_get(&b, fx->other, CLM_RECORD_CLIENT, "shared"));
    clm_record wa = *a, wb = *b;
    wa.manager = "first";
    wb.manager = "second";
    clm_actor who = actor();
    int64_t v;
    OK(clm_store_put_audited(&v, fx->st, &who, &wa, NULL));
    assert_int_equal(v, 2);
    ERR(CLM_ECONFLICT, clm_store_put_audited(&v, fx->other, &who, &wb, NULL));
    ERR(CLM_ECONFLICT, clm_store_delete(fx->other, CLM_RECORD_CLIENT, "shared", 1));
    wa.version = 2;
    expect_stored(fx->other, &wa, 2);
    clm_record_free(a);
    clm_record_free(b);
}

/* ---- filtered scans against a model ----------------------------------------
 * A backend may answer a filtered scan from an index (the memory backend
 * keeps ones on client_id and on due). This drives one kind through random
 * creates, updates that move a record between clients and due dates,
 * deletes, and nested transactions committed or rolled back, and after
 * every few steps compares filtered scans and counts with a model: same
 * records, in id order (store.h), every condition applied. */

enum { MODEL_IDS = 160, MODEL_LEVELS = 3 };

typedef struct mrow {
    bool present;
    int64_t version;
    int client; /* -1 = no client */
    int state;
    clm_date due;
} mrow;

typedef struct model {
    mrow rows[MODEL_LEVELS + 1][MODEL_IDS]; /* [depth]: the state at each open level */
    int depth;
    uint32_t rnd;
} model;

static const char *const model_clients[] = { "c-1", "c-2", "c-10", "c-3", "ж-клиент" };
static const char *const model_states[] = { "open", "closed", "opened" };
#define MODEL_NCLIENTS ((int)(sizeof model_clients / sizeof model_clients[0]))

static uint32_t model_rand(model *md, uint32_t n)
{
    md->rnd = md->rnd * 1103515245u + 12345u;
    return (md->rnd >> 8) % n;
}

static void model_id(char *buf, size_t size, int i)
{
    snprintf(buf, size, "k%03d", i); /* byte order = numeric order */
}

static void model_record(clm_record *r, const mrow *row, int i, char *idbuf, size_t idsize)
{
    *r = (clm_record)CLM_RECORD_INIT;
    model_id(idbuf, idsize, i);
    r->kind = CLM_RECORD_CLAIM;
    r->id = idbuf;
    r->version = row->present ? row->version : 0;
    r->client_id = row->client >= 0 ? model_clients[row->client] : NULL;
    r->manager = i % 2 ? "ivanov" : "petrov";
    r->state = model_states[row->state];
    r->due = row->due;
}

static clm_date model_due(model *md)
{
    uint32_t x = model_rand(md, 12);
    return x == 0 ? CLM_RECORD_NO_DUE : (clm_date)(20100 + (int)model_rand(md, 40));
}

/* One random write, applied to the store and to the model's current level. */
static void model_write(model *md, clm_store *st)
{
    int i = (int)model_rand(md, MODEL_IDS);
    mrow *row = &md->rows[md->depth][i];
    char id[16];
    clm_record r;
    if (!row->present) {
        mrow n = { true, 0, (int)model_rand(md, MODEL_NCLIENTS + 1) - 1, (int)model_rand(md, 3),
                   model_due(md) };
        model_record(&r, &n, i, id, sizeof id);
        r.version = 0;
        int64_t v = 0;
        OK(clm_store_put(&v, st, &r));
        n.version = v;
        *row = n;
        return;
    }
    if (model_rand(md, 4) == 0) {
        model_id(id, sizeof id, i);
        OK(clm_store_delete(st, CLM_RECORD_CLAIM, id, row->version));
        row->present = false;
        return;
    }
    mrow n = *row;
    switch (model_rand(md, 4)) {
    case 0: n.client = (int)model_rand(md, MODEL_NCLIENTS + 1) - 1; break;
    case 1: n.due = model_due(md); break;
    case 2: n.state = (int)model_rand(md, 3); break;
    default: /* a put that changes no indexed field */ break;
    }
    model_record(&r, &n, i, id, sizeof id);
    int64_t v = 0;
    OK(clm_store_put(&v, st, &r));
    assert_int_equal(v, row->version + 1);
    n.version = v;
    *row = n;
}

static bool model_matches(const mrow *row, const clm_store_filter *f)
{
    if (!row->present)
        return false;
    frow fr = { "", row->client >= 0 ? model_clients[row->client] : NULL, NULL,
                model_states[row->state], NULL, row->due };
    return oracle(&fr, f);
}

typedef struct model_seen {
    int ids[MODEL_IDS + 1];
    int n;
    const mrow *rows; /* the model's current level */
} model_seen;

static bool same_text(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Records the id, and checks that every field the scan hands out is the
 * one last written (a backend that keeps copies of the indexed fields
 * beside the record must keep them in step through updates and undos). */
static int model_seen_cb(const clm_record *r, void *payload)
{
    model_seen *s = payload;
    int i = -1;
    if (r->kind != CLM_RECORD_CLAIM || sscanf(r->id, "k%d", &i) != 1 || i < 0 ||
        i >= MODEL_IDS || s->n >= MODEL_IDS)
        fail_msg("scan returned an unexpected record %s '%s'", clm_record_kind_name(r->kind), r->id);
    const mrow *row = &s->rows[i];
    clm_record want;
    char id[16];
    model_record(&want, row, i, id, sizeof id);
    if (!row->present || r->version != row->version || !same_text(r->client_id, want.client_id) ||
        !same_text(r->manager, want.manager) || !same_text(r->state, want.state) ||
        r->category != NULL || r->name != NULL || r->due != want.due || r->body_len != 0)
        fail_msg("scan: record '%s' is version %lld, client %s, manager %s, state %s, due %ld; "
                 "the last write made it version %lld, client %s, manager %s, state %s, due %ld",
                 r->id, (long long)r->version, r->client_id ? r->client_id : "-",
                 r->manager ? r->manager : "-", r->state ? r->state : "-", (long)r->due,
                 (long long)row->version, want.client_id ? want.client_id : "-", want.manager,
                 want.state, (long)want.due);
    s->ids[s->n++] = i;
    return 0;
}

static void model_check_filter(const model *md, clm_store *st, const clm_store_filter *f)
{
    model_seen s = { .n = 0, .rows = md->rows[md->depth] };
    OK(clm_store_scan(st, f, model_seen_cb, &s));
    int want = 0;
    for (int i = 0; i < MODEL_IDS; i++) {
        if (!model_matches(&md->rows[md->depth][i], f))
            continue;
        if (want >= s.n || s.ids[want] != i)
            fail_msg("filter (client %s, state %s, due %ld..%ld) at depth %d: expected k%03d at "
                     "position %d, got %s",
                     f->client_id ? f->client_id : "*", f->state ? f->state : "*",
                     (long)f->due_from, (long)f->due_to, md->depth, i, want,
                     want < s.n ? "another record" : "the end");
        want++;
    }
    assert_int_equal(s.n, want);
    assert_int_equal(count_of(st, f), want);
}

static void model_check(model *md, clm_store *st)
{
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLAIM;
    model_check_filter(md, st, &f);
    for (int c = 0; c < MODEL_NCLIENTS; c++) {
        f.client_id = model_clients[c];
        model_check_filter(md, st, &f);
    }
    f.client_id = "c-4"; /* no such client, sorts between others */
    model_check_filter(md, st, &f);
    f.client_id = NULL;
    for (int k = 0; k < 3; k++) {
        clm_date a = (clm_date)(20095 + (int)model_rand(md, 50));
        clm_date b = (clm_date)(a + (int)model_rand(md, k == 0 ? 1 : 30));
        f.due_from = a;
        f.due_to = b;
        model_check_filter(md, st, &f); /* k == 0: one day */
        f.due_from = CLM_RECORD_NO_DUE;
        model_check_filter(md, st, &f); /* everything due by b */
        f.due_from = a;
        f.due_to = CLM_RECORD_NO_DUE;
        model_check_filter(md, st, &f);
        f.due_to = b;
        f.client_id = model_clients[model_rand(md, MODEL_NCLIENTS)];
        model_check_filter(md, st, &f); /* client and due together */
        f.state = model_states[model_rand(md, 3)];
        model_check_filter(md, st, &f); /* and a state */
        f.client_id = NULL;
        model_check_filter(md, st, &f); /* due and state */
        f.state = NULL;
        f.due_from = f.due_to = CLM_RECORD_NO_DUE;
    }
    f.state = "open";
    model_check_filter(md, st, &f);
}

static void t_scan_index_model(void **state)
{
    fixture *fx = *state;
    clm_store *st = fx->st;
    model *md = calloc(1, sizeof *md);
    assert_non_null(md);
    md->rnd = 20261204u;
    /* Records of another kind with the same ids, clients and due dates: an
     * index must keep kinds apart. */
    OK(clm_store_begin(st));
    for (int i = 0; i < MODEL_IDS; i += 3) {
        char id[16];
        clm_record r = sample(CLM_RECORD_TASK, "");
        model_id(id, sizeof id, i);
        r.id = id;
        r.client_id = model_clients[i % MODEL_NCLIENTS];
        r.due = (clm_date)(20100 + i % 40);
        put_new(st, &r);
    }
    for (int i = 0; i < 200; i++)
        model_write(md, st);
    OK(clm_store_commit(st));
    model_check(md, st);
    for (int step = 0; step < 300; step++) {
        uint32_t op = model_rand(md, 40);
        if (op == 0 && md->depth < MODEL_LEVELS) {
            OK(clm_store_begin(st));
            memcpy(md->rows[md->depth + 1], md->rows[md->depth], sizeof md->rows[0]);
            md->depth++;
        } else if (op == 1 && md->depth > 0) {
            OK(clm_store_commit(st));
            memcpy(md->rows[md->depth - 1], md->rows[md->depth], sizeof md->rows[0]);
            md->depth--;
        } else if (op == 2 && md->depth > 0) {
            OK(clm_store_rollback(st));
            md->depth--;
        } else {
            model_write(md, st);
        }
        if (step % 25 == 24 || op <= 2)
            model_check(md, st);
    }
    while (md->depth > 0) {
        OK(clm_store_rollback(st));
        md->depth--;
        model_check(md, st);
    }
    free(md);
}

/* ---- many distinct texts -------------------------------------------------- */

enum { TEXTS_N = 700 };

/* Record i at generation g: its indexed texts are functions of (i, g), so
 * 700 records hold about 1,700 distinct texts, many of them held by one
 * record only. */
typedef struct texts_model {
    bool present[TEXTS_N];
    int64_t version[TEXTS_N];
    int gen[TEXTS_N];
} texts_model;

typedef struct texts_buf {
    char id[16], client[32], manager[32], state[32], category[32];
} texts_buf;

static clm_record texts_record(texts_buf *b, int i, int g)
{
    clm_record r = CLM_RECORD_INIT;
    snprintf(b->id, sizeof b->id, "t%04d", i);
    snprintf(b->client, sizeof b->client, "client-%d-%d", i, g);
    snprintf(b->manager, sizeof b->manager, "manager-%d", (i + g) % 50);
    snprintf(b->state, sizeof b->state, "state-%d", g % 3);
    snprintf(b->category, sizeof b->category, "cat-%d", (i * 7 + g) % 300);
    r.kind = CLM_RECORD_CONTRACT;
    r.id = b->id;
    r.client_id = b->client;
    r.manager = b->manager;
    r.state = b->state;
    r.category = b->category;
    r.due = (clm_date)(20100 + i % 40);
    return r;
}

typedef struct texts_seen {
    const texts_model *md;
    int n;
} texts_seen;

static int texts_seen_cb(const clm_record *r, void *payload)
{
    texts_seen *s = payload;
    int i = -1;
    if (sscanf(r->id, "t%d", &i) != 1 || i < 0 || i >= TEXTS_N || !s->md->present[i])
        fail_msg("scan returned a record that is not stored: '%s'", r->id);
    texts_buf b;
    clm_record want = texts_record(&b, i, s->md->gen[i]);
    if (r->version != s->md->version[i] || !same_text(r->client_id, want.client_id) ||
        !same_text(r->manager, want.manager) || !same_text(r->state, want.state) ||
        !same_text(r->category, want.category) || r->due != want.due)
        fail_msg("scan: '%s' has client %s, manager %s, state %s, category %s at version %lld; "
                 "the last write gave %s, %s, %s, %s at version %lld",
                 r->id, r->client_id ? r->client_id : "-", r->manager ? r->manager : "-",
                 r->state ? r->state : "-", r->category ? r->category : "-",
                 (long long)r->version, want.client_id, want.manager, want.state,
                 want.category, (long long)s->md->version[i]);
    s->n++;
    return 0;
}

static void texts_check(const texts_model *md, clm_store *st)
{
    int want = 0;
    for (int i = 0; i < TEXTS_N; i++)
        want += md->present[i];
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CONTRACT;
    texts_seen s = { md, 0 };
    OK(clm_store_scan(st, &f, texts_seen_cb, &s)); /* the walk of every record */
    assert_int_equal(s.n, want);
    f.due_to = 20139; /* every due date: a wide range */
    s.n = 0;
    OK(clm_store_scan(st, &f, texts_seen_cb, &s));
    assert_int_equal(s.n, want);
    f.due_to = CLM_RECORD_NO_DUE;
    f.state = "state-1";
    s.n = 0;
    OK(clm_store_scan(st, &f, texts_seen_cb, &s));
    int with_state = 0;
    for (int i = 0; i < TEXTS_N; i++)
        with_state += md->present[i] && md->gen[i] % 3 == 1;
    assert_int_equal(s.n, with_state);
}

static void texts_put(texts_model *md, clm_store *st, int i, int g)
{
    texts_buf b;
    clm_record r = texts_record(&b, i, g);
    r.version = md->present[i] ? md->version[i] : 0;
    int64_t v = 0;
    OK(clm_store_put(&v, st, &r));
    md->present[i] = true;
    md->version[i] = v;
    md->gen[i] = g;
}

static void texts_delete(texts_model *md, clm_store *st, int i)
{
    char id[16];
    snprintf(id, sizeof id, "t%04d", i);
    OK(clm_store_delete(st, CLM_RECORD_CONTRACT, id, md->version[i]));
    md->present[i] = false;
}

/* Many distinct texts in the indexed columns, written, rewritten and
 * deleted in a scrambled order, with rollbacks: every scan hands out the
 * texts last written (a backend that shares equal texts between records
 * must count who holds each one, and free it with its last holder only). */
static void t_many_texts(void **state)
{
    fixture *fx = *state;
    clm_store *st = fx->st;
    texts_model *md = calloc(1, sizeof *md);
    assert_non_null(md);
    OK(clm_store_begin(st));
    for (int k = 0; k < TEXTS_N; k++)
        texts_put(md, st, (k * 389) % TEXTS_N, 0); /* 389 is prime to 700: every id once */
    OK(clm_store_commit(st));
    texts_check(md, st);
    OK(clm_store_begin(st));
    for (int k = 0; k < TEXTS_N; k++) {
        int i = (k * 211) % TEXTS_N;
        if (i % 3 != 0)
            texts_delete(md, st, i);
    }
    OK(clm_store_commit(st));
    texts_check(md, st);
    /* rewrite and delete inside a transaction, check, roll back */
    texts_model saved = *md;
    OK(clm_store_begin(st));
    for (int i = 0; i < TEXTS_N; i += 3) {
        texts_put(md, st, i, 1);
        if (i % 2 == 0)
            texts_put(md, st, i, 2);
        if (i % 5 == 0)
            texts_delete(md, st, i);
    }
    texts_check(md, st);
    OK(clm_store_rollback(st));
    *md = saved;
    texts_check(md, st);
    /* the deleted records back with the texts they had, then new ones */
    OK(clm_store_begin(st));
    for (int k = 0; k < TEXTS_N; k++) {
        int i = (k * 389) % TEXTS_N;
        if (!md->present[i])
            texts_put(md, st, i, 0);
    }
    for (int i = 1; i < TEXTS_N; i += 2)
        texts_put(md, st, i, 4);
    OK(clm_store_commit(st));
    texts_check(md, st);
    free(md);
}

/* ---- lookup keys (store_keys.h) ------------------------------------------ */

typedef struct key_hit {
    char id[64], name[72], value[1100];
} key_hit;

typedef struct key_hits {
    key_hit v[64];
    int n;
    int stop_after; /* 0 = never */
} key_hits;

static int key_cb(const char *id, const char *name, const char *value, void *payload)
{
    key_hits *h = payload;
    if (h->n >= 64)
        return -1000;
    snprintf(h->v[h->n].id, sizeof h->v[h->n].id, "%s", id);
    snprintf(h->v[h->n].name, sizeof h->v[h->n].name, "%s", name);
    snprintf(h->v[h->n].value, sizeof h->v[h->n].value, "%s", value);
    h->n++;
    return h->stop_after != 0 && h->n >= h->stop_after ? 7 : 0;
}

static key_hits find_keys(clm_store *st, clm_record_kind k, const char *name, const char *value,
                          clm_key_match m)
{
    key_hits h;
    memset(&h, 0, sizeof h);
    OK(clm_store_keys_find(st, k, name, value, m, key_cb, &h));
    return h;
}

/* Whether the backend keeps keys at all (a version-1 backend does not). */
static bool keys_supported(clm_store *st)
{
    key_hits h;
    memset(&h, 0, sizeof h);
    int rc = clm_store_keys_find(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX, key_cb, &h);
    if (rc == CLM_ENOTSUP)
        return false;
    OK(rc);
    return true;
}

static void set_keys2(clm_store *st, clm_record_kind k, const char *id, const char *n1,
                      const char *v1, const char *n2, const char *v2)
{
    clm_record_key keys[2] = { { n1, v1 }, { n2, v2 } };
    OK(clm_store_keys_set(st, k, id, keys, n2 != NULL ? 2 : 1));
}

static void t_keys(void **state)
{
    fixture *fx = *state;
    clm_store *st = fx->st;
    if (!keys_supported(st))
        skip();
    const char *ids[] = { "k-3", "k-1", "k-2", "k-4" };
    for (int i = 0; i < 4; i++) {
        clm_record r = sample(CLM_RECORD_CLIENT, ids[i]);
        put_new(st, &r);
    }
    clm_record o = sample(CLM_RECORD_ORDER, "k-1");
    put_new(st, &o);
    set_keys2(st, CLM_RECORD_CLIENT, "k-1", "inn", "7707083893", "name", "ромашка");
    set_keys2(st, CLM_RECORD_CLIENT, "k-2", "inn", "7707083893", "name", "ромашка плюс");
    set_keys2(st, CLM_RECORD_CLIENT, "k-3", "name", "роза", "phone", "74951234567");
    set_keys2(st, CLM_RECORD_CLIENT, "k-4", "name", "ром", NULL, NULL);
    set_keys2(st, CLM_RECORD_ORDER, "k-1", "inn", "7707083893", NULL, NULL);

    /* exact: every record with the value, in id order; kinds apart */
    key_hits h = find_keys(st, CLM_RECORD_CLIENT, "inn", "7707083893", CLM_KEY_EXACT);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.v[0].id, "k-1");
    assert_string_equal(h.v[1].id, "k-2");
    assert_string_equal(h.v[0].name, "inn");
    assert_string_equal(h.v[0].value, "7707083893");
    h = find_keys(st, CLM_RECORD_ORDER, "inn", "7707083893", CLM_KEY_EXACT);
    assert_int_equal(h.n, 1);
    h = find_keys(st, CLM_RECORD_CLIENT, "name", "ром", CLM_KEY_EXACT);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0].id, "k-4");
    h = find_keys(st, CLM_RECORD_CLIENT, "inn", "770708389", CLM_KEY_EXACT);
    assert_int_equal(h.n, 0);
    /* prefix: by (value, id), bytewise; a name is its own space */
    h = find_keys(st, CLM_RECORD_CLIENT, "name", "ром", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 3);
    assert_string_equal(h.v[0].value, "ром");
    assert_string_equal(h.v[1].value, "ромашка");
    assert_string_equal(h.v[2].value, "ромашка плюс");
    h = find_keys(st, CLM_RECORD_CLIENT, "name", "ро", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 4);
    assert_string_equal(h.v[0].value, "роза");
    /* a prefix is text too: one cut inside a character is refused */
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, "name", "\xd1\x80\xd0",
                                        CLM_KEY_PREFIX, key_cb, &h));
    h = find_keys(st, CLM_RECORD_CLIENT, "name", "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 4);
    h = find_keys(st, CLM_RECORD_CLIENT, "phone", "7495", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0].id, "k-3");
    /* every key of a kind, by (name, value, id) */
    h = find_keys(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 7);
    assert_string_equal(h.v[0].name, "inn");
    assert_string_equal(h.v[6].name, "phone");
    /* early stop returns the callback's value */
    memset(&h, 0, sizeof h);
    h.stop_after = 1;
    ERR(7, clm_store_keys_find(st, CLM_RECORD_CLIENT, "name", "ро", CLM_KEY_PREFIX, key_cb, &h));
    assert_int_equal(h.n, 1);

    /* replacing: the old keys go, duplicates are kept once */
    clm_record_key again[3] = { { "name", "астра" }, { "email", "a@b.ru" }, { "name", "астра" } };
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "k-3", again, 3));
    h = find_keys(st, CLM_RECORD_CLIENT, "name", "роза", CLM_KEY_EXACT);
    assert_int_equal(h.n, 0);
    h = find_keys(st, CLM_RECORD_CLIENT, "phone", "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 0);
    h = find_keys(st, CLM_RECORD_CLIENT, "name", "астра", CLM_KEY_EXACT);
    assert_int_equal(h.n, 1);
    /* a put leaves the keys; a delete removes them */
    clm_record u = sample(CLM_RECORD_CLIENT, "k-3");
    u.version = 1;
    OK(clm_store_put(NULL, st, &u));
    h = find_keys(st, CLM_RECORD_CLIENT, "email", "a@b.ru", CLM_KEY_EXACT);
    assert_int_equal(h.n, 1);
    OK(clm_store_delete(st, CLM_RECORD_CLIENT, "k-3", 2));
    h = find_keys(st, CLM_RECORD_CLIENT, "email", "a@b.ru", CLM_KEY_EXACT);
    assert_int_equal(h.n, 0);
    /* n = 0 removes them all */
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "k-4", NULL, 0));
    h = find_keys(st, CLM_RECORD_CLIENT, "name", "ром", CLM_KEY_EXACT);
    assert_int_equal(h.n, 0);
    /* keys of a record that is not there */
    ERR(CLM_ENOTFOUND, clm_store_keys_set(st, CLM_RECORD_CLIENT, "k-9", again, 1));
    ERR(CLM_ENOTFOUND, clm_store_keys_set(st, CLM_RECORD_TASK, "k-1", again, 1));
}

/* Every key of record `id` (kind client) as "name=value;..." in (name,
 * value) order. */
static void keys_text(clm_store *st, const char *id, char *out, size_t size)
{
    key_hits h = find_keys(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX);
    out[0] = '\0';
    for (int i = 0; i < h.n; i++)
        if (strcmp(h.v[i].id, id) == 0) {
            size_t at = strlen(out);
            snprintf(out + at, size - at, "%s=%s;", h.v[i].name, h.v[i].value);
        }
}

/* Replacing a record's keys with a set that shares some of them: the
 * kept ones stay, the dropped ones go, the new ones come, and no other
 * record's keys move; the same set again changes nothing; a rollback
 * brings back the set as it was before the level, whichever of these
 * happened inside it. */
static void t_keys_overlap(void **state)
{
    fixture *fx = *state;
    clm_store *st = fx->st;
    if (!keys_supported(st))
        skip();
    clm_record a = sample(CLM_RECORD_CLIENT, "o-a"), b = sample(CLM_RECORD_CLIENT, "o-b");
    put_new(st, &a);
    put_new(st, &b);
    clm_record_key three[3] = { { "email", "a@x.ru" }, { "name", "alfa" }, { "phone", "7495" } };
    clm_record_key other[2] = { { "name", "alfa" }, { "phone", "7812" } };
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-a", three, 3));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-b", other, 2));
    char text[256];
    keys_text(st, "o-a", text, sizeof text);
    assert_string_equal(text, "email=a@x.ru;name=alfa;phone=7495;");
    /* keep name, drop email and phone, add inn and a second name */
    clm_record_key next[3] = { { "name", "alfa" }, { "inn", "7707083893" }, { "name", "beta" } };
    OK(clm_store_begin(st));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-a", next, 3));
    keys_text(st, "o-a", text, sizeof text);
    assert_string_equal(text, "inn=7707083893;name=alfa;name=beta;");
    /* the same set again, in another order: nothing changes */
    clm_record_key again[3] = { next[2], next[0], next[1] };
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-a", again, 3));
    keys_text(st, "o-a", text, sizeof text);
    assert_string_equal(text, "inn=7707083893;name=alfa;name=beta;");
    keys_text(st, "o-b", text, sizeof text);
    assert_string_equal(text, "name=alfa;phone=7812;");
    key_hits h = find_keys(st, CLM_RECORD_CLIENT, "name", "alfa", CLM_KEY_EXACT);
    assert_int_equal(h.n, 2);
    OK(clm_store_rollback(st));
    keys_text(st, "o-a", text, sizeof text);
    assert_string_equal(text, "email=a@x.ru;name=alfa;phone=7495;");
    keys_text(st, "o-b", text, sizeof text);
    assert_string_equal(text, "name=alfa;phone=7812;");
    /* the same set outside a transaction, then a subset that is kept */
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-a", three, 3));
    OK(clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-a", three + 1, 2));
    keys_text(st, "o-a", text, sizeof text);
    assert_string_equal(text, "name=alfa;phone=7495;");
    h = find_keys(st, CLM_RECORD_CLIENT, "email", "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 0);
}

static void t_keys_txn(void **state)
{
    fixture *fx = *state;
    clm_store *st = fx->st;
    if (!keys_supported(st))
        skip();
    clm_record r = sample(CLM_RECORD_CLIENT, "t-1");
    put_new(st, &r);
    set_keys2(st, CLM_RECORD_CLIENT, "t-1", "inn", "1", NULL, NULL);
    /* rollback restores the keys a set replaced and a delete removed */
    OK(clm_store_begin(st));
    set_keys2(st, CLM_RECORD_CLIENT, "t-1", "inn", "2", "name", "x");
    key_hits h = find_keys(st, CLM_RECORD_CLIENT, "inn", "2", CLM_KEY_EXACT);
    assert_int_equal(h.n, 1);
    OK(clm_store_begin(st));
    OK(clm_store_delete(st, CLM_RECORD_CLIENT, "t-1", 1));
    h = find_keys(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 0);
    OK(clm_store_rollback(st));
    h = find_keys(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 2);
    OK(clm_store_rollback(st));
    h = find_keys(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0].value, "1");
    /* keys of a record created in a rolled-back transaction go with it */
    OK(clm_store_begin(st));
    clm_record r2 = sample(CLM_RECORD_CLIENT, "t-2");
    put_new(st, &r2);
    set_keys2(st, CLM_RECORD_CLIENT, "t-2", "inn", "1", NULL, NULL);
    OK(clm_store_rollback(st));
    h = find_keys(st, CLM_RECORD_CLIENT, "inn", "1", CLM_KEY_EXACT);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0].id, "t-1");
    /* commit keeps them */
    OK(clm_store_begin(st));
    set_keys2(st, CLM_RECORD_CLIENT, "t-1", "inn", "3", NULL, NULL);
    OK(clm_store_commit(st));
    h = find_keys(st, CLM_RECORD_CLIENT, "inn", "3", CLM_KEY_EXACT);
    assert_int_equal(h.n, 1);
    if (C->reopen != NULL) { /* persisted, and seen from another handle */
        OK(C->reopen(&fx->other, C->payload));
        h = find_keys(fx->other, CLM_RECORD_CLIENT, "inn", "3", CLM_KEY_EXACT);
        assert_int_equal(h.n, 1);
    }
}

static int keys_reenter_cb(const char *id, const char *name, const char *value, void *payload)
{
    (void)name;
    (void)value;
    clm_record *got = NULL;
    ERR(CLM_EBUSY, clm_store_get(&got, payload, CLM_RECORD_CLIENT, id));
    ERR(CLM_EBUSY, clm_store_keys_set(payload, CLM_RECORD_CLIENT, id, NULL, 0));
    return 0;
}

static int keys_never_cb(const char *id, const char *name, const char *value, void *payload)
{
    (void)id, (void)name, (void)value, (void)payload;
    fail_msg("called");
    return 0;
}

static void t_keys_bad_args(void **state)
{
    fixture *fx = *state;
    clm_store *st = fx->st;
    if (!keys_supported(st))
        skip();
    clm_record r = sample(CLM_RECORD_CLIENT, "b-1");
    put_new(st, &r);
    set_keys2(st, CLM_RECORD_CLIENT, "b-1", "inn", "1", NULL, NULL);
    clm_record_key good = { "inn", "2" };
    clm_record_key bad_name[] = { { "", "x" }, { "a b", "x" }, { NULL, "x" },
                                  { "\xd1\x80", "x" } };
    clm_record_key bad_value[] = { { "inn", "" }, { "inn", NULL }, { "inn", "a\nb" },
                                   { "inn", "\xff" } };
    ERR(CLM_EINVAL, clm_store_keys_set(NULL, CLM_RECORD_CLIENT, "b-1", &good, 1));
    ERR(CLM_EINVAL, clm_store_keys_set(st, (clm_record_kind)0, "b-1", &good, 1));
    ERR(CLM_EINVAL, clm_store_keys_set(st, CLM_RECORD_CLIENT, "", &good, 1));
    ERR(CLM_EINVAL, clm_store_keys_set(st, CLM_RECORD_CLIENT, "b-1", NULL, 1));
    for (size_t i = 0; i < 4; i++) {
        ERR(CLM_EINVAL, clm_store_keys_set(st, CLM_RECORD_CLIENT, "b-1", &bad_name[i], 1));
        ERR(CLM_EINVAL, clm_store_keys_set(st, CLM_RECORD_CLIENT, "b-1", &bad_value[i], 1));
    }
    char name65[66], big[CLM_RECORD_FIELD_MAX + 2];
    memset(name65, 'a', 65);
    name65[65] = '\0';
    memset(big, 'v', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    clm_record_key longname = { name65, "x" }, longvalue = { "inn", big };
    ERR(CLM_EINVAL, clm_store_keys_set(st, CLM_RECORD_CLIENT, "b-1", &longname, 1));
    ERR(CLM_ELIMIT, clm_store_keys_set(st, CLM_RECORD_CLIENT, "b-1", &longvalue, 1));
    /* nothing of the above changed the keys */
    key_hits h = find_keys(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_PREFIX);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.v[0].value, "1");

    ERR(CLM_EINVAL, clm_store_keys_find(NULL, CLM_RECORD_CLIENT, "inn", "1", CLM_KEY_EXACT, keys_never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, (clm_record_kind)99, "inn", "1", CLM_KEY_EXACT, keys_never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, "inn", "1", CLM_KEY_EXACT, NULL, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, "inn", NULL, CLM_KEY_EXACT, keys_never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, "inn", "", CLM_KEY_EXACT, keys_never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, "inn", "1", (clm_key_match)5, keys_never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, NULL, "1", CLM_KEY_PREFIX, keys_never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, NULL, "", CLM_KEY_EXACT, keys_never_cb, NULL));
    ERR(CLM_EINVAL, clm_store_keys_find(st, CLM_RECORD_CLIENT, "a b", "1", CLM_KEY_EXACT, keys_never_cb, NULL));
    ERR(CLM_ELIMIT, clm_store_keys_find(st, CLM_RECORD_CLIENT, "inn", big, CLM_KEY_PREFIX, keys_never_cb, NULL));
    /* the store is not to be called from inside a lookup */
    OK(clm_store_keys_find(st, CLM_RECORD_CLIENT, "inn", "1", CLM_KEY_EXACT, keys_reenter_cb, st));
}

/* ---- OOM ------------------------------------------------------------------ */

typedef struct oom_state {
    clm_store *st;
    store_snapshot before;
} oom_state;

static void *oom_setup(void)
{
    oom_state *s = calloc(1, sizeof *s);
    if (s == NULL || C->open(&s->st, C->payload) != 0)
        fail_msg("OOM setup: cannot open the store: %s", clm_error_last()->message);
    clm_actor who = actor();
    clm_record r = sample(CLM_RECORD_CLIENT, "o-1");
    if (clm_store_put_audited(NULL, s->st, &who, &r, "seed") != 0)
        fail_msg("OOM setup: seed failed: %s", clm_error_last()->message);
    if (store_snapshot_take(&s->before, s->st) != 0)
        fail_msg("OOM setup: snapshot failed");
    return s;
}

static bool oom_unchanged(void *state)
{
    oom_state *s = state;
    return clm_store_depth(s->st) == 0 && store_snapshot_matches(&s->before, s->st);
}

static void oom_teardown(void *state)
{
    oom_state *s = state;
    store_snapshot_free(&s->before);
    clm_store_free(s->st);
    free(s);
    if (C->cleanup != NULL)
        C->cleanup(C->payload);
}

static int op_get(void *state)
{
    clm_record *got;
    int rc = clm_store_get(&got, ((oom_state *)state)->st, CLM_RECORD_CLIENT, "o-1");
    clm_record_free(rc == 0 ? got : NULL);
    return rc;
}

static int op_put_new(void *state)
{
    clm_record r = sample(CLM_RECORD_CLIENT, "o-2");
    return clm_store_put(NULL, ((oom_state *)state)->st, &r);
}

static int op_put_update(void *state)
{
    clm_record r = sample(CLM_RECORD_CLIENT, "o-1");
    r.version = 1;
    r.state = "key";
    return clm_store_put(NULL, ((oom_state *)state)->st, &r);
}

static int op_put_audited(void *state)
{
    clm_actor who = actor();
    clm_record r = sample(CLM_RECORD_CLIENT, "o-1");
    r.version = 1;
    r.state = "key";
    return clm_store_put_audited(NULL, ((oom_state *)state)->st, &who, &r, "oom");
}

static int op_delete_audited(void *state)
{
    clm_actor who = actor();
    return clm_store_delete_audited(((oom_state *)state)->st, &who, CLM_RECORD_CLIENT, "o-1", 1, NULL);
}

static int op_txn(void *state)
{
    clm_store *st = ((oom_state *)state)->st;
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    clm_actor who = actor();
    clm_record r = sample(CLM_RECORD_ORDER, "o-3");
    rc = clm_store_put_audited(NULL, st, &who, &r, NULL);
    if (rc == 0) {
        clm_record u = sample(CLM_RECORD_CLIENT, "o-1");
        u.version = 1;
        rc = clm_store_put_audited(NULL, st, &who, &u, NULL);
    }
    if (rc < 0) {
        clm_store_rollback(st);
        return rc;
    }
    return clm_store_commit(st);
}

static int dup_cb(const clm_record *r, void *payload)
{
    clm_record *c;
    int rc = clm_record_dup(&c, r);
    if (rc == 0)
        clm_record_free(c);
    (void)payload;
    return rc;
}

static int op_scan(void *state)
{
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    return clm_store_scan(((oom_state *)state)->st, &f, dup_cb, NULL);
}

static int audit_dup_cb(const clm_audit_entry *e, void *payload)
{
    return dup_cb(e->after, payload);
}

static int op_audit_scan(void *state)
{
    return clm_store_audit_scan(((oom_state *)state)->st, NULL, audit_dup_cb, NULL);
}

static int op_scan_due(void *state)
{
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    f.due_from = 20000;
    f.due_to = 20200;
    return clm_store_scan(((oom_state *)state)->st, &f, dup_cb, NULL);
}

static int op_scan_client(void *state)
{
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    f.client_id = "c-1";
    return clm_store_scan(((oom_state *)state)->st, &f, dup_cb, NULL);
}

/* Moves o-1 to another client and due date, adds and deletes records, in
 * nested levels; fails at any allocation. */
static int op_txn_index(void *state)
{
    clm_store *st = ((oom_state *)state)->st;
    clm_actor who = actor();
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    clm_record u = sample(CLM_RECORD_CLIENT, "o-1");
    u.version = 1;
    u.client_id = "c-2";
    u.due = 20300;
    clm_record n = sample(CLM_RECORD_CLIENT, "o-0");
    rc = clm_store_put_audited(NULL, st, &who, &u, NULL);
    if (rc == 0)
        rc = clm_store_put_audited(NULL, st, &who, &n, NULL);
    if (rc == 0 && (rc = clm_store_begin(st)) == 0) {
        rc = clm_store_delete_audited(st, &who, CLM_RECORD_CLIENT, "o-0", 1, NULL);
        int rb = clm_store_rollback(st); /* o-0 is back */
        if (rc == 0)
            rc = rb;
    }
    if (rc < 0) {
        clm_store_rollback(st);
        return rc;
    }
    return clm_store_commit(st);
}

static int op_keys_set(void *state)
{
    clm_store *st = ((oom_state *)state)->st;
    clm_record_key keys[3] = { { "name", "b" }, { "inn", "7707083893" }, { "name", "a" } };
    int rc = clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-1", keys, 3);
    return rc == CLM_ENOTSUP ? 0 : rc;
}

static int op_keys_txn(void *state)
{
    clm_store *st = ((oom_state *)state)->st;
    clm_record_key k1 = { "name", "b" }, k2 = { "name", "c" };
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    rc = clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-1", &k1, 1);
    if (rc == 0)
        rc = clm_store_keys_set(st, CLM_RECORD_CLIENT, "o-1", &k2, 1);
    if (rc == 0)
        rc = clm_store_delete(st, CLM_RECORD_CLIENT, "o-1", 1);
    if (rc < 0) {
        clm_store_rollback(st);
        return rc == CLM_ENOTSUP ? 0 : rc;
    }
    return clm_store_commit(st);
}

static int64_t oom_count(clm_store *st, const char *client, clm_date from, clm_date to)
{
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    f.client_id = client;
    f.due_from = from;
    f.due_to = to;
    int64_t n = -1;
    collect c = { .n = 0 };
    if (clm_store_count(&n, st, &f) != 0 || clm_store_scan(st, &f, collect_cb, &c) != 0 ||
        n != c.n || (n == 1 && strcmp(c.ids[0], "o-1") != 0))
        return -1;
    return n;
}

/* As oom_unchanged, and the filtered scans (which a backend may answer from
 * an index) see o-1 where it was. */
static bool oom_unchanged_indexed(void *state)
{
    clm_store *st = ((oom_state *)state)->st;
    return oom_unchanged(state) && oom_count(st, "c-1", CLM_RECORD_NO_DUE, CLM_RECORD_NO_DUE) == 1 &&
           oom_count(st, "c-2", CLM_RECORD_NO_DUE, CLM_RECORD_NO_DUE) == 0 &&
           oom_count(st, NULL, 20150, 20150) == 1 && oom_count(st, NULL, 20300, 20300) == 0;
}

static int op_keys_find(void *state)
{
    clm_store *st = ((oom_state *)state)->st;
    key_hits h;
    memset(&h, 0, sizeof h);
    int rc = clm_store_keys_find(st, CLM_RECORD_CLIENT, "name", "a", CLM_KEY_PREFIX, key_cb, &h);
    return rc == CLM_ENOTSUP ? 0 : rc;
}

static void t_oom(void **state)
{
    (void)state;
    if (!C->oom)
        skip();
    int (*ops[])(void *) = { op_get, op_put_new, op_put_update, op_put_audited,
                             op_delete_audited, op_txn, op_scan, op_audit_scan,
                             op_keys_set, op_keys_txn, op_keys_find };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        oom_case c = { oom_setup, ops[i], oom_unchanged, oom_teardown };
        long points = oom_check(&c);
        assert_true(points >= 0);
    }
    int (*indexed[])(void *) = { op_scan_due, op_scan_client, op_txn_index };
    for (size_t i = 0; i < sizeof indexed / sizeof indexed[0]; i++) {
        oom_case c = { oom_setup, indexed[i], oom_unchanged_indexed, oom_teardown };
        assert_true(oom_check(&c) >= 0);
    }
}

/* The OOM test opens its own stores: no fixture. */
static int setup_none(void **state)
{
    *state = NULL;
    return 0;
}

static int teardown_none(void **state)
{
    (void)state;
    return 0;
}

int store_conformance_run(const store_conformance *c)
{
    C = c;
    /* The counting allocator goes in before any store is opened, so every
     * object of the run is allocated and freed by the same allocator. */
    oom_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(t_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(t_create_exists, setup, teardown),
        cmocka_unit_test_setup_teardown(t_update_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(t_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(t_kinds_separate, setup, teardown),
        cmocka_unit_test_setup_teardown(t_scan_order, setup, teardown),
        cmocka_unit_test_setup_teardown(t_scan_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(t_scan_index_model, setup, teardown),
        cmocka_unit_test_setup_teardown(t_many_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(t_scan_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(t_scan_reentry, setup, teardown),
        cmocka_unit_test_setup_teardown(t_many, setup, teardown),
        cmocka_unit_test_setup_teardown(t_txn_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(t_txn_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(t_txn_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(t_txn_state, setup, teardown),
        cmocka_unit_test_setup_teardown(t_txn_failed_write_inside, setup, teardown),
        cmocka_unit_test_setup_teardown(t_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(t_audit_only_with_change, setup, teardown),
        cmocka_unit_test_setup_teardown(t_bad_args, setup, teardown),
        cmocka_unit_test_setup_teardown(t_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(t_persist, setup, teardown),
        cmocka_unit_test_setup_teardown(t_isolation, setup, teardown),
        cmocka_unit_test_setup_teardown(t_two_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(t_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(t_keys_txn, setup, teardown),
        cmocka_unit_test_setup_teardown(t_keys_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(t_keys_bad_args, setup, teardown),
        cmocka_unit_test_setup_teardown(t_oom, setup_none, teardown_none),
    };
    return _cmocka_run_group_tests(c->name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
