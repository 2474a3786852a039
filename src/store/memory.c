/*
 * memory.c — the in-memory backend.
 *
 * Records of each kind live in an array sorted by id (binary search, scans
 * in id order). Transactions keep an undo log: every write inside one
 * pushes what it needs to be undone (the record it replaced or deleted, or
 * the audit entry it appended), and a savepoint is a position in that log.
 * Rolling back replays the log backwards and never allocates: arrays never
 * shrink, so putting a record back always has room, and every undo slot is
 * reserved before the write it describes. A failed write changes nothing.
 *
 * Lookup keys (store_keys.h) live in one more sorted array, ordered by
 * (kind, name, value, id), so a lookup is a binary search and a walk over
 * the matches; replacing a record's keys finds its old ones by a walk over
 * the array (O(keys)), and its undo entry keeps the old keys themselves.
 *
 * Cost: get and replace are O(log n); creating a record whose id sorts
 * last (sequential ids) is O(log n), anywhere else O(n) for the move; a
 * scan is O(n); a key lookup O(log k + matches), setting a record's keys
 * O(k). Meant for tests and examples, up to some 10^5 records;
 * persistent data belongs in SQLite.
 */
#include <assert.h>
#include <string.h>

#include "core/core.h"
#include "store_internal.h"

typedef struct rec_array {
    clm_record **v; /* sorted by id, bytewise */
    size_t n, cap;
} rec_array;

typedef struct mem_entry {
    clm_audit_entry e; /* strings point into this block */
    clm_record *before, *after;
} mem_entry;

enum undo_type { UNDO_INSERT, UNDO_REPLACE, UNDO_DELETE, UNDO_AUDIT, UNDO_KEYS };

/* One lookup key; the strings live in the same allocation. */
typedef struct mkey {
    clm_record_kind kind;
    const char *name, *value, *id;
} mkey;

/* What undoes a change of one record's keys: the keys it had (owned here
 * until the undo or the commit) and the record's id. One allocation. */
typedef struct keys_undo {
    clm_record_kind kind;
    const char *id;
    size_t nold;
    mkey **old;
} keys_undo;

typedef struct undo {
    enum undo_type type;
    clm_record_kind kind;
    clm_record *old; /* REPLACE/DELETE: the record to put back; INSERT: the inserted one */
    keys_undo *keys; /* KEYS */
} undo;

typedef struct mem_backend {
    clm_store_backend parent;
    rec_array kinds[CLM__RECORD_KIND_LAST + 1];
    mem_entry **log;
    size_t nlog, caplog;
    undo *undo;
    size_t nundo, capundo;
    size_t marks[CLM__STORE_DEPTH_MAX + 2]; /* undo position at begin(depth) */
    unsigned int depth;
    mkey **keys; /* sorted by (kind, name, value, id), bytewise */
    size_t nkeys, capkeys;
} mem_backend;

static mem_backend *mb(clm_store_backend *b)
{
    return (mem_backend *)b;
}

/* Index of id in a, or where it would go (*found says which). */
static int cmp_id(const void *key, const void *elem)
{
    return strcmp(key, (*(clm_record *const *)elem)->id);
}

static size_t find(const rec_array *a, const char *id, int *found)
{
    size_t i = clm_core__lower_bound(id, a->v, a->n, sizeof a->v[0], cmp_id);
    *found = i < a->n && strcmp(a->v[i]->id, id) == 0;
    return i;
}

static void insert_at(rec_array *a, size_t i, clm_record *r)
{
    assert(a->n < a->cap && i <= a->n); /* reserved by the caller */
    assert(i == 0 || strcmp(a->v[i - 1]->id, r->id) < 0);
    assert(i == a->n || strcmp(a->v[i]->id, r->id) > 0);
    memmove(a->v + i + 1, a->v + i, (a->n - i) * sizeof a->v[0]);
    a->v[i] = r;
    a->n++;
}

static void remove_at(rec_array *a, size_t i)
{
    memmove(a->v + i, a->v + i + 1, (a->n - i - 1) * sizeof a->v[0]);
    a->n--;
}

static void entry_free(mem_entry *m)
{
    if (m == NULL)
        return;
    clm_record_free(m->before);
    clm_record_free(m->after);
    clm_core__free(m);
}

/* Reserves the undo slot a write inside a transaction will need. */
static int undo_reserve_n(mem_backend *m, size_t n)
{
    if (m->depth == 0)
        return 0;
    return clm_core__grow((void **)&m->undo, &m->capundo, m->nundo + n, sizeof m->undo[0], "memory store undo log");
}

static int undo_reserve(mem_backend *m)
{
    return undo_reserve_n(m, 1);
}

static void undo_push(mem_backend *m, enum undo_type t, clm_record_kind k, clm_record *old)
{
    m->undo[m->nundo].type = t;
    m->undo[m->nundo].kind = k;
    m->undo[m->nundo].old = old;
    m->undo[m->nundo].keys = NULL;
    m->nundo++;
}

/* ---- lookup keys ------------------------------------------------------- */

/* Orders keys by (kind, name, value, id); a NULL name in the probe sorts
 * before every name (the start of the kind). */
static int cmp_key(const void *probe, const void *elem)
{
    const mkey *p = probe, *e = *(mkey *const *)elem;
    if (p->kind != e->kind)
        return (int)p->kind < (int)e->kind ? -1 : 1;
    if (p->name == NULL)
        return -1;
    int c = strcmp(p->name, e->name);
    if (c == 0)
        c = strcmp(p->value, e->value);
    if (c == 0)
        c = strcmp(p->id, e->id);
    return c;
}

static mkey *key_new(clm_record_kind kind, const char *name, const char *value, const char *id)
{
    size_t ln = strlen(name) + 1, lv = strlen(value) + 1, li = strlen(id) + 1;
    mkey *k = clm_core__malloc(sizeof *k + ln + lv + li);
    if (k == NULL)
        return NULL;
    char *p = (char *)(k + 1);
    k->kind = kind;
    k->name = memcpy(p, name, ln);
    k->value = memcpy(p + ln, value, lv);
    k->id = memcpy(p + ln + lv, id, li);
    return k;
}

/* Inserts k at its place; room reserved by the caller. */
static void key_insert(mem_backend *m, mkey *k)
{
    size_t i = clm_core__lower_bound(k, m->keys, m->nkeys, sizeof m->keys[0], cmp_key);
    assert(m->nkeys < m->capkeys);
    memmove(m->keys + i + 1, m->keys + i, (m->nkeys - i) * sizeof m->keys[0]);
    m->keys[i] = k;
    m->nkeys++;
}

static size_t keys_count_of(const mem_backend *m, clm_record_kind kind, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nkeys; i++)
        n += m->keys[i]->kind == kind && strcmp(m->keys[i]->id, id) == 0;
    return n;
}

/* Takes the keys of (kind, id) out of the array, in order, into out[]
 * (room for keys_count_of() of them), or frees them when out is NULL. */
static void keys_take(mem_backend *m, clm_record_kind kind, const char *id, mkey **out)
{
    size_t w = 0, n = 0;
    for (size_t i = 0; i < m->nkeys; i++) {
        mkey *k = m->keys[i];
        if (k->kind == kind && strcmp(k->id, id) == 0) {
            if (out != NULL)
                out[n++] = k;
            else
                clm_core__free(k);
        } else {
            m->keys[w++] = k;
        }
    }
    m->nkeys = w;
}

/* The undo of a change to the keys of (kind, id), holding room for the
 * `nold` keys it had; NULL on ENOMEM. */
static keys_undo *keys_undo_new(clm_record_kind kind, const char *id, size_t nold)
{
    size_t li = strlen(id) + 1;
    keys_undo *u = clm_core__malloc(sizeof *u + nold * sizeof(mkey *) + li);
    if (u == NULL)
        return NULL;
    u->kind = kind;
    u->nold = nold;
    u->old = (mkey **)(u + 1);
    u->id = memcpy((char *)(u->old + nold), id, li);
    return u;
}

static void keys_undo_free(keys_undo *u, int with_keys)
{
    if (u == NULL)
        return;
    if (with_keys)
        for (size_t i = 0; i < u->nold; i++)
            clm_core__free(u->old[i]);
    clm_core__free(u);
}

/* Removes the keys of (kind, id): kept in a pushed undo entry inside a
 * transaction, freed otherwise. `u` is the undo prepared for it (NULL
 * outside a transaction); undo room reserved by the caller. */
static void keys_retire(mem_backend *m, clm_record_kind kind, const char *id, keys_undo *u)
{
    if (u == NULL) {
        keys_take(m, kind, id, NULL);
        return;
    }
    keys_take(m, kind, id, u->old);
    m->undo[m->nundo].type = UNDO_KEYS;
    m->undo[m->nundo].kind = kind;
    m->undo[m->nundo].old = NULL;
    m->undo[m->nundo].keys = u;
    m->nundo++;
}

/* Drops a record that is no longer stored: kept for undo inside a
 * transaction, freed otherwise. */
static void retire(mem_backend *m, enum undo_type t, clm_record_kind k, clm_record *old)
{
    if (m->depth > 0)
        undo_push(m, t, k, old);
    else
        clm_record_free(old);
}

static int m_get(clm_record *out, clm_store_backend *b, clm_record_kind kind, const char *id)
{
    mem_backend *m = mb(b);
    int found;
    size_t i = find(&m->kinds[kind], id, &found);
    if (!found)
        return clm_store_backend_fail(CLM_ENOTFOUND, "memory store: no %s '%.64s'",
                                      clm_record_kind_name(kind), id);
    *out = *m->kinds[kind].v[i];
    return 0;
}

static int m_put(int64_t *out, clm_store_backend *b, const clm_record *rec)
{
    mem_backend *m = mb(b);
    rec_array *a = &m->kinds[rec->kind];
    int found;
    size_t i = find(a, rec->id, &found);
    if (rec->version == 0 && found)
        return clm_store_backend_fail(CLM_EEXISTS, "memory store: %s '%.64s' exists already",
                                      clm_record_kind_name(rec->kind), rec->id);
    if (rec->version > 0 && !found)
        return clm_store_backend_fail(CLM_ENOTFOUND, "memory store: no %s '%.64s'",
                                      clm_record_kind_name(rec->kind), rec->id);
    if (rec->version > 0 && a->v[i]->version != rec->version)
        return clm_store_backend_fail(CLM_ECONFLICT,
                                      "memory store: %s '%.64s' is at version %lld, not %lld",
                                      clm_record_kind_name(rec->kind), rec->id,
                                      (long long)a->v[i]->version, (long long)rec->version);
    int rc = undo_reserve(m);
    if (rc == 0 && !found)
        rc = clm_core__grow((void **)&a->v, &a->cap, a->n + 1, sizeof a->v[0], "memory store records");
    clm_record *c = NULL;
    if (rc == 0)
        rc = clm_record_dup(&c, rec);
    if (rc < 0)
        return rc;
    c->version = rec->version + 1;
    if (found) {
        clm_record *old = a->v[i];
        a->v[i] = c;
        retire(m, UNDO_REPLACE, rec->kind, old);
    } else {
        insert_at(a, i, c);
        if (m->depth > 0)
            undo_push(m, UNDO_INSERT, rec->kind, c);
    }
    *out = c->version;
    return 0;
}

static int m_del(clm_store_backend *b, clm_record_kind kind, const char *id, int64_t version)
{
    mem_backend *m = mb(b);
    rec_array *a = &m->kinds[kind];
    int found;
    size_t i = find(a, id, &found);
    if (!found)
        return clm_store_backend_fail(CLM_ENOTFOUND, "memory store: no %s '%.64s'",
                                      clm_record_kind_name(kind), id);
    if (a->v[i]->version != version)
        return clm_store_backend_fail(CLM_ECONFLICT,
                                      "memory store: %s '%.64s' is at version %lld, not %lld",
                                      clm_record_kind_name(kind), id,
                                      (long long)a->v[i]->version, (long long)version);
    int rc = undo_reserve_n(m, 2);
    if (rc < 0)
        return rc;
    size_t nk = keys_count_of(m, kind, id);
    keys_undo *u = NULL;
    if (nk > 0 && m->depth > 0 && (u = keys_undo_new(kind, id, nk)) == NULL)
        return clm_core__oom("memory store key undo");
    if (nk > 0)
        keys_retire(m, kind, id, u);
    clm_record *old = a->v[i];
    remove_at(a, i);
    retire(m, UNDO_DELETE, kind, old);
    return 0;
}

static int m_keys_set(clm_store_backend *b, clm_record_kind kind, const char *id,
                      const clm_record_key *keys, size_t n)
{
    mem_backend *m = mb(b);
    int found;
    find(&m->kinds[kind], id, &found);
    if (!found)
        return clm_store_backend_fail(CLM_ENOTFOUND, "memory store: no %s '%.64s'",
                                      clm_record_kind_name(kind), id);
    size_t nold = keys_count_of(m, kind, id);
    int rc = undo_reserve(m);
    if (rc == 0 && n > nold)
        rc = clm_core__grow((void **)&m->keys, &m->capkeys, m->nkeys - nold + n,
                            sizeof m->keys[0], "memory store keys");
    if (rc < 0)
        return rc;
    mkey **fresh = NULL;
    keys_undo *u = NULL;
    if ((n > 0 && (fresh = clm_core__calloc(n, sizeof *fresh)) == NULL) ||
        (m->depth > 0 && (u = keys_undo_new(kind, id, nold)) == NULL))
        goto oom;
    for (size_t i = 0; i < n; i++)
        if ((fresh[i] = key_new(kind, keys[i].name, keys[i].value, id)) == NULL)
            goto oom;
    keys_retire(m, kind, id, u);
    for (size_t i = 0; i < n; i++)
        key_insert(m, fresh[i]);
    clm_core__free(fresh);
    return 0;
oom:
    for (size_t i = 0; fresh != NULL && i < n; i++)
        clm_core__free(fresh[i]);
    clm_core__free(fresh);
    keys_undo_free(u, 0);
    return clm_core__oom("memory store keys");
}

static int m_keys_find(clm_store_backend *b, clm_record_kind kind, const char *name,
                       const char *value, clm_key_match match, clm_key_cb cb, void *payload)
{
    mem_backend *m = mb(b);
    mkey probe = { kind, name, value, "" };
    size_t vlen = strlen(value);
    for (size_t i = clm_core__lower_bound(&probe, m->keys, m->nkeys, sizeof m->keys[0], cmp_key);
         i < m->nkeys; i++) {
        const mkey *k = m->keys[i];
        if (k->kind != kind || (name != NULL && strcmp(k->name, name) != 0))
            break;
        if (match == CLM_KEY_EXACT ? strcmp(k->value, value) != 0
                                   : strncmp(k->value, value, vlen) != 0)
            break;
        int rc = cb(k->id, k->name, k->value, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int m_scan(clm_store_backend *b, const clm_store_filter *f, clm_record_cb cb, void *payload)
{
    const rec_array *a = &mb(b)->kinds[f->kind];
    for (size_t i = 0; i < a->n; i++) {
        if (!clm_store__record_matches(a->v[i], f))
            continue;
        int rc = cb(a->v[i], payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int m_count(int64_t *out, clm_store_backend *b, const clm_store_filter *f)
{
    const rec_array *a = &mb(b)->kinds[f->kind];
    int64_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        n += clm_store__record_matches(a->v[i], f);
    *out = n;
    return 0;
}

static int m_begin(clm_store_backend *b, unsigned int depth)
{
    mem_backend *m = mb(b);
    if (depth != m->depth + 1 || depth > CLM__STORE_DEPTH_MAX)
        return clm_store_backend_fail(CLM_ESTATE, "memory store: begin(%u) at depth %u", depth,
                                      m->depth);
    m->marks[depth] = m->nundo;
    m->depth = depth;
    return 0;
}

/* Frees what the undo entries from position `from` keep alive, after a
 * commit made them permanent. */
static void undo_forget(mem_backend *m, size_t from)
{
    for (size_t i = from; i < m->nundo; i++) {
        if (m->undo[i].type == UNDO_REPLACE || m->undo[i].type == UNDO_DELETE)
            clm_record_free(m->undo[i].old);
        if (m->undo[i].type == UNDO_KEYS)
            keys_undo_free(m->undo[i].keys, 1);
    }
    m->nundo = from;
}

static int m_commit(clm_store_backend *b, unsigned int depth)
{
    mem_backend *m = mb(b);
    if (depth != m->depth || depth == 0)
        return clm_store_backend_fail(CLM_ESTATE, "memory store: commit(%u) at depth %u", depth,
                                      m->depth);
    if (depth == 1)
        undo_forget(m, 0);
    m->depth = depth - 1;
    return 0;
}

static void undo_one(mem_backend *m, const undo *u)
{
    if (u->type == UNDO_AUDIT) {
        entry_free(m->log[--m->nlog]);
        return;
    }
    if (u->type == UNDO_KEYS) { /* room: the array never shrinks */
        keys_take(m, u->keys->kind, u->keys->id, NULL);
        for (size_t i = 0; i < u->keys->nold; i++)
            key_insert(m, u->keys->old[i]);
        keys_undo_free(u->keys, 0);
        return;
    }
    rec_array *a = &m->kinds[u->kind];
    int found;
    size_t i = find(a, u->old->id, &found);
    switch (u->type) {
    case UNDO_INSERT: /* found: the inserted record is still there */
        clm_record_free(a->v[i]);
        remove_at(a, i);
        break;
    case UNDO_REPLACE:
        clm_record_free(a->v[i]);
        a->v[i] = u->old;
        break;
    case UNDO_DELETE: /* room: arrays never shrink */
        insert_at(a, i, u->old);
        break;
    case UNDO_AUDIT:
    case UNDO_KEYS:
        break;
    }
}

static int m_rollback(clm_store_backend *b, unsigned int depth)
{
    mem_backend *m = mb(b);
    if (depth != m->depth || depth == 0)
        return clm_store_backend_fail(CLM_ESTATE, "memory store: rollback(%u) at depth %u", depth,
                                      m->depth);
    size_t mark = m->marks[depth];
    while (m->nundo > mark)
        undo_one(m, &m->undo[--m->nundo]);
    m->depth = depth - 1;
    return 0;
}

static int m_audit_append(int64_t *out, clm_store_backend *b, const clm_audit_entry *e)
{
    mem_backend *m = mb(b);
    size_t lu = strlen(e->actor.user) + 1, lr = strlen(e->actor.role) + 1;
    size_t li = strlen(e->id) + 1, ln = strlen(e->note) + 1;
    int rc = undo_reserve(m);
    if (rc == 0)
        rc = clm_core__grow((void **)&m->log, &m->caplog, m->nlog + 1, sizeof m->log[0], "memory store audit log");
    if (rc < 0)
        return rc;
    mem_entry *me = clm_core__calloc(1, sizeof *me + lu + lr + li + ln);
    if (me == NULL)
        return clm_core__oom("memory store audit entry");
    if ((e->before != NULL && (rc = clm_record_dup(&me->before, e->before)) < 0) ||
        (e->after != NULL && (rc = clm_record_dup(&me->after, e->after)) < 0)) {
        entry_free(me);
        return rc;
    }
    char *p = (char *)(me + 1);
    me->e = *e;
    me->e.seq = m->nlog > 0 ? m->log[m->nlog - 1]->e.seq + 1 : 1;
    me->e.actor.user = memcpy(p, e->actor.user, lu), p += lu;
    me->e.actor.role = memcpy(p, e->actor.role, lr), p += lr;
    me->e.id = memcpy(p, e->id, li), p += li;
    me->e.note = memcpy(p, e->note, ln);
    me->e.before = me->before;
    me->e.after = me->after;
    m->log[m->nlog++] = me;
    if (m->depth > 0)
        undo_push(m, UNDO_AUDIT, e->kind, NULL);
    *out = me->e.seq;
    return 0;
}

static int m_audit_scan(clm_store_backend *b, const clm_audit_filter *f, clm_audit_cb cb,
                        void *payload)
{
    mem_backend *m = mb(b);
    for (size_t i = 0; i < m->nlog; i++) {
        if (!clm_store__audit_matches(&m->log[i]->e, f))
            continue;
        int rc = cb(&m->log[i]->e, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void m_free(clm_store_backend *b)
{
    mem_backend *m = mb(b);
    if (m == NULL)
        return;
    if (m->depth > 0) {
        m->depth = 1;
        m_rollback(b, 1);
    }
    for (int k = 0; k <= (int)CLM__RECORD_KIND_LAST; k++) {
        for (size_t i = 0; i < m->kinds[k].n; i++)
            clm_record_free(m->kinds[k].v[i]);
        clm_core__free(m->kinds[k].v);
    }
    for (size_t i = 0; i < m->nkeys; i++)
        clm_core__free(m->keys[i]);
    clm_core__free(m->keys);
    for (size_t i = 0; i < m->nlog; i++)
        entry_free(m->log[i]);
    clm_core__free(m->log);
    clm_core__free(m->undo);
    clm_core__free(m);
}

int clm_store_backend_memory_new(clm_store_backend **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "memory store: out is NULL");
    mem_backend *m = clm_core__calloc(1, sizeof *m);
    if (m == NULL)
        return clm_core__oom("memory store");
    clm_store_backend_init(&m->parent, CLM_STORE_BACKEND_VERSION);
    m->parent.get = m_get;
    m->parent.put = m_put;
    m->parent.del = m_del;
    m->parent.scan = m_scan;
    m->parent.count = m_count;
    m->parent.begin = m_begin;
    m->parent.commit = m_commit;
    m->parent.rollback = m_rollback;
    m->parent.audit_append = m_audit_append;
    m->parent.audit_scan = m_audit_scan;
    m->parent.free = m_free;
    m->parent.keys_set = m_keys_set;
    m->parent.keys_find = m_keys_find;
    *out = &m->parent;
    return 0;
}
