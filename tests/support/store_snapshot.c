#include "store_snapshot.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/alloc.h"
#include "clm/error.h"
#include "clm/store_keys.h"
#include "clm/sys/store_backend.h"

typedef struct sbuf {
    store_snapshot *s;
    size_t cap;
    int failed;
} sbuf;

static void add(sbuf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->s->len + n > b->cap) {
        size_t nc = b->cap < 256 ? 256 : b->cap;
        while (nc < b->s->len + n)
            nc *= 2;
        unsigned char *d = realloc(b->s->data, nc);
        if (d == NULL) {
            b->failed = 1;
            return;
        }
        b->s->data = d;
        b->cap = nc;
    }
    memcpy(b->s->data + b->s->len, p, n);
    b->s->len += n;
}

static void add_str(sbuf *b, const char *s)
{
    if (s == NULL) {
        add(b, "\xff", 1);
        return;
    }
    add(b, s, strlen(s) + 1);
}

static void add_record(sbuf *b, const clm_record *r)
{
    if (r == NULL) {
        add(b, "-", 1);
        return;
    }
    void *enc;
    size_t len;
    if (clm_record_encode(&enc, &len, r) != 0) {
        b->failed = 1;
        return;
    }
    add(b, &len, sizeof len);
    add(b, enc, len);
    clm_free(enc);
}

static int rec_cb(const clm_record *r, void *payload)
{
    sbuf *b = payload;
    add_record(b, r);
    b->s->records++;
    return 0;
}

static int audit_cb(const clm_audit_entry *e, void *payload)
{
    sbuf *b = payload;
    int64_t n[5] = { e->seq, e->actor.at, (int64_t)e->op, (int64_t)e->kind, e->version };
    add(b, n, sizeof n);
    add_str(b, e->actor.user);
    add_str(b, e->actor.role);
    add_str(b, e->id);
    add_str(b, e->note);
    add_record(b, e->before);
    add_record(b, e->after);
    b->s->entries++;
    return 0;
}

static int key_cb(const char *id, const char *name, const char *value, void *payload)
{
    sbuf *b = payload;
    add_str(b, id);
    add_str(b, name);
    add_str(b, value);
    return 0;
}

int store_snapshot_take(store_snapshot *out, clm_store *st)
{
    memset(out, 0, sizeof *out);
    sbuf b = { out, 0, 0 };
    for (int k = CLM_RECORD_CLIENT; k <= CLM_RECORD_COUPON; k++) {
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = (clm_record_kind)k;
        add(&b, &k, sizeof k);
        int rc = clm_store_scan(st, &f, rec_cb, &b);
        /* the lookup keys, where the backend keeps them */
        if (rc == 0) {
            add(&b, "KEYS", 4);
            rc = clm_store_keys_find(st, (clm_record_kind)k, NULL, "", CLM_KEY_PREFIX, key_cb, &b);
            if (rc == CLM_ENOTSUP)
                rc = 0;
        }
        if (rc != 0) {
            store_snapshot_free(out);
            return rc;
        }
    }
    add(&b, "AUDIT", 5);
    int rc = clm_store_audit_scan(st, NULL, audit_cb, &b);
    if (rc != 0 || b.failed) {
        store_snapshot_free(out);
        return rc != 0 ? rc : CLM_ENOMEM;
    }
    return 0;
}

void store_snapshot_free(store_snapshot *s)
{
    free(s->data);
    memset(s, 0, sizeof *s);
}

bool store_snapshot_equal(const store_snapshot *a, const store_snapshot *b)
{
    return a->len == b->len && a->records == b->records && a->entries == b->entries &&
           (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

bool store_snapshot_matches(const store_snapshot *before, clm_store *st)
{
    store_snapshot now;
    int rc = store_snapshot_take(&now, st);
    if (rc != 0)
        fail_msg("snapshot failed: %d (%s)", rc, clm_error_last()->message);
    bool eq = store_snapshot_equal(before, &now);
    store_snapshot_free(&now);
    return eq;
}
