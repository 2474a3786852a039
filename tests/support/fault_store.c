/*
 * fault_store.c — see fault_store.h.
 */
#include "fault_store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/error.h"
#include "store_snapshot.h"

struct fault_backend {
    clm_store_backend parent;
    clm_store_backend *inner;
    long calls;
    long fail_at; /* 0 = never */
    int code;
    bool fired;
    const char *hook_call; /* fault_hook_before(): the call it runs before */
    void (*hook)(void *payload);
    void *hook_payload;
};

static fault_backend *fbk(clm_store_backend *b)
{
    return (fault_backend *)b;
}

/* Counts a call; true if this one must fail. */
static bool hit(fault_backend *f)
{
    f->calls++;
    if (f->fail_at > 0 && f->calls == f->fail_at) {
        f->fired = true;
        return true;
    }
    return false;
}

static int injected(fault_backend *f, const char *what)
{
    return clm_store_backend_fail(f->code, "fault store: injected failure of %s (call %ld)", what,
                                  f->calls);
}

/* Runs the hook armed for `call`, once. */
static void before(fault_backend *f, const char *call)
{
    if (f->hook != NULL && strcmp(f->hook_call, call) == 0) {
        void (*hook)(void *) = f->hook;
        f->hook = NULL;
        hook(f->hook_payload);
    }
}

static int f_get(clm_record *out, clm_store_backend *b, clm_record_kind kind, const char *id)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "get") : f->inner->get(out, f->inner, kind, id);
}

static int f_get_for_write(clm_record *out, clm_store_backend *b, clm_record_kind kind,
                           const char *id)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "get_for_write")
                  : f->inner->get_for_write(out, f->inner, kind, id);
}

static int f_put(int64_t *out, clm_store_backend *b, const clm_record *rec)
{
    fault_backend *f = fbk(b);
    if (hit(f))
        return injected(f, "put");
    before(f, "put");
    return f->inner->put(out, f->inner, rec);
}

static int f_del(clm_store_backend *b, clm_record_kind kind, const char *id, int64_t version)
{
    fault_backend *f = fbk(b);
    if (hit(f))
        return injected(f, "del");
    before(f, "del");
    return f->inner->del(f->inner, kind, id, version);
}

static int f_scan(clm_store_backend *b, const clm_store_filter *flt, clm_record_cb cb, void *payload)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "scan") : f->inner->scan(f->inner, flt, cb, payload);
}

static int f_begin(clm_store_backend *b, unsigned int depth)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "begin") : f->inner->begin(f->inner, depth);
}

static int f_commit(clm_store_backend *b, unsigned int depth)
{
    fault_backend *f = fbk(b);
    if (hit(f)) {
        /* A failing commit(1) leaves nothing written and the transaction
         * closed (the contract); commit(n > 1) is followed by rollback(n). */
        if (depth == 1)
            f->inner->rollback(f->inner, 1);
        return injected(f, "commit");
    }
    return f->inner->commit(f->inner, depth);
}

static int f_rollback(clm_store_backend *b, unsigned int depth)
{
    fault_backend *f = fbk(b);
    return f->inner->rollback(f->inner, depth);
}

static int f_audit_append(int64_t *out, clm_store_backend *b, const clm_audit_entry *e)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "audit_append") : f->inner->audit_append(out, f->inner, e);
}

static int f_audit_scan(clm_store_backend *b, const clm_audit_filter *flt, clm_audit_cb cb,
                        void *payload)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "audit_scan") : f->inner->audit_scan(f->inner, flt, cb, payload);
}

static int f_keys_set(clm_store_backend *b, clm_record_kind kind, const char *id,
                      const clm_record_key *keys, size_t n)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "keys_set") : f->inner->keys_set(f->inner, kind, id, keys, n);
}

static int f_keys_find(clm_store_backend *b, clm_record_kind kind, const char *name,
                       const char *value, clm_key_match match, clm_key_cb cb, void *payload)
{
    fault_backend *f = fbk(b);
    return hit(f) ? injected(f, "keys_find")
                  : f->inner->keys_find(f->inner, kind, name, value, match, cb, payload);
}

static void f_free(clm_store_backend *b)
{
    fault_backend *f = fbk(b);
    f->inner->free(f->inner);
    free(f);
}

int fault_store_wrap(clm_store **out, fault_backend **fb, clm_store_backend *inner)
{
    fault_backend *f = calloc(1, sizeof *f);
    if (f == NULL)
        return CLM_ENOMEM;
    f->inner = inner;
    clm_store_backend_init(&f->parent, CLM_STORE_BACKEND_VERSION);
    f->parent.get = f_get;
    f->parent.put = f_put;
    f->parent.del = f_del;
    f->parent.scan = f_scan;
    f->parent.count = NULL; /* exercises the store's counting by scan */
    f->parent.begin = f_begin;
    f->parent.commit = f_commit;
    f->parent.rollback = f_rollback;
    f->parent.audit_append = f_audit_append;
    f->parent.audit_scan = f_audit_scan;
    f->parent.free = f_free;
    /* the locking read, where the inner backend has one */
    if (inner->version >= 3 && inner->get_for_write != NULL)
        f->parent.get_for_write = f_get_for_write;
    /* lookup keys, where the inner backend keeps them */
    if (inner->version >= 2 && inner->keys_set != NULL) {
        f->parent.keys_set = f_keys_set;
        f->parent.keys_find = f_keys_find;
    }
    f->code = CLM_EIO;
    int rc = clm_store_new(out, &f->parent);
    if (rc < 0) {
        free(f);
        return rc;
    }
    *fb = f;
    return 0;
}

int fault_store_open(clm_store **out, fault_backend **fb)
{
    clm_store_backend *inner;
    int rc = clm_store_backend_memory_new(&inner);
    if (rc < 0)
        return rc;
    rc = fault_store_wrap(out, fb, inner);
    if (rc < 0)
        inner->free(inner);
    return rc;
}

void fault_fail_at(fault_backend *fb, long n, int code)
{
    fb->calls = 0;
    fb->fail_at = n;
    fb->code = code;
    fb->fired = false;
}

void fault_hook_before(fault_backend *fb, const char *call, void (*hook)(void *payload),
                       void *payload)
{
    fb->hook_call = call;
    fb->hook = hook;
    fb->hook_payload = payload;
}

long fault_calls(const fault_backend *fb)
{
    return fb->calls;
}

bool fault_fired(const fault_backend *fb)
{
    return fb->fired;
}

typedef int (*inner_fn)(clm_store_backend **out, void *payload);

static int open_over(clm_store **st, fault_backend **fb, inner_fn new_inner, void *payload)
{
    if (new_inner == NULL)
        return fault_store_open(st, fb);
    clm_store_backend *inner;
    int rc = new_inner(&inner, payload);
    if (rc < 0)
        return rc;
    rc = fault_store_wrap(st, fb, inner);
    if (rc < 0)
        inner->free(inner);
    return rc;
}

static long walk(const fault_case *c, int code, inner_fn new_inner, void *payload)
{
    for (long n = 1;; n++) {
        clm_store *st = NULL;
        fault_backend *fb = NULL;
        if (open_over(&st, &fb, new_inner, payload) != 0)
            fail_msg("fault store: cannot open: %s", clm_error_last()->message);
        void *state = c->setup != NULL ? c->setup(st) : NULL;
        store_snapshot before;
        if (store_snapshot_take(&before, st) != 0)
            fail_msg("fault store: snapshot after setup failed");
        fault_fail_at(fb, n, code);
        int rc = c->op(st, state);
        bool fired = fault_fired(fb);
        long calls = fault_calls(fb);
        fault_fail_at(fb, 0, code);
        if (!fired) {
            if (rc != 0)
                fail_msg("the operation failed with %d without an injected fault: %s", rc,
                         clm_error_last()->message);
            store_snapshot_free(&before);
            if (c->teardown != NULL)
                c->teardown(state);
            clm_store_free(st);
            return calls;
        }
        if (rc != code)
            fail_msg("storage call %ld failed with %d: the operation returned %d (%s)", n, code,
                     rc, clm_error_last()->message);
        if (clm_store_depth(st) != 0)
            fail_msg("storage call %ld failed: the operation left %u transaction level(s) open", n,
                     clm_store_depth(st));
        if (!store_snapshot_matches(&before, st))
            fail_msg("storage call %ld failed with %d and the stored state changed", n, code);
        store_snapshot_free(&before);
        if (c->teardown != NULL)
            c->teardown(state);
        clm_store_free(st);
        if (n > 100000)
            fail_msg("the operation never succeeded");
    }
}

long fault_check_over(const fault_case *c, inner_fn new_inner, void *payload)
{
    long a = walk(c, CLM_EIO, new_inner, payload);
    long b = walk(c, CLM_EBUSY, new_inner, payload);
    if (a != b)
        fail_msg("the operation made %ld storage calls, then %ld", a, b);
    return a;
}

long fault_check(const fault_case *c)
{
    return fault_check_over(c, NULL, NULL);
}
