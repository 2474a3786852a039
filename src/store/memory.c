/*
 * memory.c — the in-memory backend.
 *
 * Records of each kind live in an array sorted by id (binary search, scans
 * in id order) that holds each record's fields by value (a copy of its
 * clm_record and the slot's address, 112 bytes on a 64-bit machine), so a
 * walk of a kind reads one array in order instead of two allocations per
 * record. The texts of the columns a filter compares and a listing reads
 * (client_id, manager, state, category) are interned: one copy of each
 * distinct value, shared by every record that holds it and freed with the
 * last one, so they stay in the caches however many records there are.
 * The record itself (id, name, body) stays in its own allocation, which
 * the array's copy points into. Each kind also has two ordered secondary
 * indexes, kept in step with the array by every write and every undo:
 *  - by (client_id, id), over the records that have a client: a scan with
 *    a client condition walks only that client's records, and they come
 *    out in id order as they are;
 *  - by (due, id), over the records that have a due date: a scan with a
 *    due range walks only the records in the range.
 * The indexes are treaps (randomised balanced binary trees) whose nodes
 * live inside the record's slot (mem_rec), not sorted arrays: an insert
 * into a sorted array of 10^6 pointers moves megabytes, and client ids and
 * due dates arrive in no order, whereas a tree insert or removal is
 * O(log n) (expected, for keys in any order: the priorities are random)
 * and never allocates, which keeps rollback allocation-free.
 *
 * Lookup keys (store_keys.h) live in one more sorted array, ordered by
 * (kind, name, value, id), so a lookup is a binary search and a walk over
 * the matches; a second array holds the same keys ordered by (kind, id,
 * name, value), so a record's keys are one binary search away. Replacing
 * a record's keys with the ones it has changes nothing; otherwise its old
 * keys leave both arrays and its undo entry keeps them.
 *
 * Transactions keep an undo log: every write inside one pushes what it
 * needs to be undone (the slot it replaced or deleted, or the audit entry
 * it appended), and a savepoint is a position in that log. Rolling back
 * replays the log backwards and never allocates: arrays never shrink, so
 * putting a record back always has room, tree links live in the slots, a
 * slot kept for undo keeps its hold on its interned texts (a slot freed
 * lets go of them, which only frees), and every undo slot is reserved
 * before the write it describes. A failed write changes nothing.
 *
 * Cost (n records of the kind, k visited by a scan):
 *  - get O(log n); replace O(log n) (in an index whose key it keeps,
 *    O(1): the new version takes the old one's place); delete, and create
 *    of an id that does not sort last, O(n) for the move in the id array,
 *    112 bytes a record (sequential ids: O(log n)); each write also looks
 *    up its four interned texts in a hash table, O(1) expected;
 *  - scan or count with a client condition: O(log n + k), k = that
 *    client's records;
 *  - scan with a due range (and no client): O(log n + k log d), d the
 *    number of distinct due dates among the k records in the range: they
 *    come out of the index in (due, id) order, d runs each in id order,
 *    and are merged into the id order store.h requires, so a listing of
 *    one day is O(log n + k); when the range holds more than n / 32 + 64
 *    records the scan walks the id array instead, O(n) <= O(32 k). Count
 *    with a due range: O(log n + k);
 *  - any other scan or count: O(n);
 *  - a key lookup (store_keys.h) O(log K + matches); setting a record's
 *    k keys O(k log K) to find the old ones (nothing more when they are
 *    the same), O(K) pointer moves to change them, K keys in all.
 * A scan with a due range may allocate (a gather buffer, kept for the
 * next scan), so it may fail with CLM_ENOMEM before its first callback.
 * Meant for tests and examples; persistent data belongs in SQLite.
 */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "core/core.h"
#include "store_internal.h"

/* A link in one secondary index (a treap ordered by key, then id; a
 * max-heap on the slot's priority). */
typedef struct tnode {
    struct tnode *c[2], *p;
} tnode;

/* A stored record and its index links: one per stored version, kept whole
 * by the undo log while a transaction may bring it back. */
typedef struct mem_rec {
    clm_record *r;
    struct istr *cols[4]; /* r's client_id, manager, state, category, interned (NULL if absent) */
    uint32_t prio;
    clm_date due;    /* r->due, kept beside the links: a due walk reads no record */
    tnode by_client; /* linked only when r->client_id != NULL */
    tnode by_due;    /* linked only when r->due != CLM_RECORD_NO_DUE */
} mem_rec;

/* A record as a walk hands it out: a copy of the slot's clm_record whose
 * client_id, manager, state and category are the interned texts. */
typedef struct mem_row {
    clm_record rec;
    mem_rec *slot;
} mem_row;

/* An interned text: one per distinct value of the interned columns, shared
 * by every slot that holds it, freed with its last holder. */
typedef struct istr {
    size_t refs; /* how many slots hold it */
    uint32_t hash;
    char s[];
} istr;

typedef struct rec_array {
    mem_row *v; /* sorted by id, bytewise */
    size_t n, cap;
    tnode *by_client, *by_due; /* the index roots */
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
    mem_rec *old; /* REPLACE/DELETE: the slot to put back; INSERT: the inserted one */
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
    uint32_t seed;          /* treap priorities (xorshift32) */
    const clm_record **gather, **merge; /* a due-range scan's matches, and a buffer to sort them */
    size_t capgather, capmerge;
    mkey **keys;  /* sorted by (kind, name, value, id), bytewise */
    mkey **byrec; /* the same keys sorted by (kind, id, name, value): a record's keys */
    size_t nkeys, capkeys, capbyrec;
    istr **texts; /* the interned texts: open addressing, linear probing */
    size_t ntexts, captexts; /* captexts: 0 or a power of two */
} mem_backend;

static mem_backend *mb(clm_store_backend *b)
{
    return (mem_backend *)b;
}

/* ---- the secondary indexes ------------------------------------------------ */

/* Through void *: the node lies inside a mem_rec, so the alignment holds;
 * clang's -Wcast-align cannot know that from a char *. */
#define SLOT_OF(node, member) ((mem_rec *)(void *)((char *)(node) - offsetof(mem_rec, member)))

static const clm_record *rec_by_client(const tnode *t)
{
    return SLOT_OF(t, by_client)->r;
}

static const clm_record *rec_by_due(const tnode *t)
{
    return SLOT_OF(t, by_due)->r;
}

static uint32_t prio_of(const tnode *t, int due)
{
    return due ? SLOT_OF(t, by_due)->prio : SLOT_OF(t, by_client)->prio;
}

/* Order of two index entries: key, then id (ids are unique in a kind, so
 * two entries never compare equal). */
static int cmp_index(const tnode *a, const tnode *b, int due)
{
    if (due) {
        clm_date x = SLOT_OF(a, by_due)->due, y = SLOT_OF(b, by_due)->due;
        if (x != y)
            return x < y ? -1 : 1;
        return strcmp(rec_by_due(a)->id, rec_by_due(b)->id);
    }
    const clm_record *x = rec_by_client(a), *y = rec_by_client(b);
    int c = strcmp(x->client_id, y->client_id);
    return c != 0 ? c : strcmp(x->id, y->id);
}

/* Lifts x's child on side d into x's place. */
static void rotate(tnode **root, tnode *x, int d)
{
    tnode *y = x->c[d];
    x->c[d] = y->c[!d];
    if (y->c[!d] != NULL)
        y->c[!d]->p = x;
    y->p = x->p;
    if (x->p == NULL)
        *root = y;
    else
        x->p->c[x->p->c[1] == x] = y;
    y->c[!d] = x;
    x->p = y;
}

static void tree_insert(tnode **root, tnode *z, int due)
{
    tnode *p = NULL, **link = root;
    while (*link != NULL) {
        p = *link;
        link = &p->c[cmp_index(z, p, due) > 0];
    }
    z->c[0] = z->c[1] = NULL;
    z->p = p;
    *link = z;
    while (z->p != NULL && prio_of(z->p, due) < prio_of(z, due))
        rotate(root, z->p, z->p->c[1] == z);
}

static void tree_remove(tnode **root, tnode *z, int due)
{
    while (z->c[0] != NULL || z->c[1] != NULL) {
        int d = z->c[0] == NULL ||
                (z->c[1] != NULL && prio_of(z->c[1], due) > prio_of(z->c[0], due));
        rotate(root, z, d);
    }
    if (z->p == NULL)
        *root = NULL;
    else
        z->p->c[z->p->c[1] == z] = NULL;
    z->p = NULL;
}

/* Puts n where o is in the tree (n has o's key and priority). */
static void tree_swap(tnode **root, tnode *o, tnode *n)
{
    *n = *o;
    if (o->p == NULL)
        *root = n;
    else
        o->p->c[o->p->c[1] == o] = n;
    for (int d = 0; d < 2; d++)
        if (n->c[d] != NULL)
            n->c[d]->p = n;
}

static tnode *tree_next(const tnode *t)
{
    if (t->c[1] != NULL) {
        t = t->c[1];
        while (t->c[0] != NULL)
            t = t->c[0];
        return (tnode *)t;
    }
    while (t->p != NULL && t->p->c[1] == t)
        t = t->p;
    return t->p;
}

/* The first entry of the client index whose client is `client` or after. */
static tnode *first_client(tnode *t, const char *client)
{
    tnode *best = NULL;
    while (t != NULL) {
        if (strcmp(client, rec_by_client(t)->client_id) <= 0) {
            best = t;
            t = t->c[0];
        } else {
            t = t->c[1];
        }
    }
    return best;
}

/* The first entry of the due index due on `from` or later (NO_DUE: the
 * first of all). */
static tnode *first_due(tnode *t, clm_date from)
{
    tnode *best = NULL;
    while (t != NULL) {
        if (from == CLM_RECORD_NO_DUE || from <= SLOT_OF(t, by_due)->due) {
            best = t;
            t = t->c[0];
        } else {
            t = t->c[1];
        }
    }
    return best;
}

static void index_add(rec_array *a, mem_rec *s)
{
    if (s->r->client_id != NULL)
        tree_insert(&a->by_client, &s->by_client, 0);
    if (s->r->due != CLM_RECORD_NO_DUE)
        tree_insert(&a->by_due, &s->by_due, 1);
}

static void index_remove(rec_array *a, mem_rec *s)
{
    if (s->r->client_id != NULL)
        tree_remove(&a->by_client, &s->by_client, 0);
    if (s->r->due != CLM_RECORD_NO_DUE)
        tree_remove(&a->by_due, &s->by_due, 1);
}

/* ---- interned texts ------------------------------------------------------------ */

/* FNV-1a (Fowler, Noll, Vo), 32 bits. */
static uint32_t text_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* The table position where `s` (hash h) is, or the empty one where it
 * would go. The table has room (captexts > ntexts). */
static size_t text_slot(const mem_backend *m, const char *s, uint32_t h)
{
    size_t mask = m->captexts - 1, i = h & mask;
    while (m->texts[i] != NULL && (m->texts[i]->hash != h || strcmp(m->texts[i]->s, s) != 0))
        i = (i + 1) & mask;
    return i;
}

/* Makes room for one more text: the table stays at most 3/4 full. */
static int texts_reserve(mem_backend *m)
{
    if ((m->ntexts + 1) * 4 <= m->captexts * 3)
        return 0;
    size_t cap = m->captexts == 0 ? 64 : m->captexts * 2;
    istr **old = m->texts;
    size_t oldcap = m->captexts;
    m->texts = clm_core__calloc(cap, sizeof m->texts[0]);
    if (m->texts == NULL) {
        m->texts = old;
        return clm_core__oom("memory store texts");
    }
    m->captexts = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i] != NULL)
            m->texts[text_slot(m, old[i]->s, old[i]->hash)] = old[i];
    clm_core__free(old);
    return 0;
}

/* *out = the interned copy of s (NULL for NULL), one more holder counted.
 * Errors: CLM_ENOMEM (nothing changed). */
static int intern(istr **out, mem_backend *m, const char *s)
{
    *out = NULL;
    if (s == NULL)
        return 0;
    int rc = texts_reserve(m);
    if (rc < 0)
        return rc;
    uint32_t h = text_hash(s);
    size_t i = text_slot(m, s, h);
    if (m->texts[i] == NULL) {
        size_t len = strlen(s) + 1;
        istr *t = clm_core__malloc(sizeof *t + len);
        if (t == NULL)
            return clm_core__oom("memory store text");
        t->refs = 0;
        t->hash = h;
        memcpy(t->s, s, len);
        m->texts[i] = t;
        m->ntexts++;
    }
    m->texts[i]->refs++;
    *out = m->texts[i];
    return 0;
}

/* One holder of the interned text t (NULL: none) fewer; the last one frees
 * it. Never allocates (an undo calls it). The entries after the freed one
 * move back into the hole where their probe allows (no tombstones). */
static void unintern(mem_backend *m, istr *t)
{
    if (t == NULL || --t->refs > 0)
        return;
    size_t mask = m->captexts - 1, i = text_slot(m, t->s, t->hash);
    assert(m->texts[i] == t);
    for (size_t j = (i + 1) & mask; m->texts[j] != NULL; j = (j + 1) & mask) {
        size_t home = m->texts[j]->hash & mask;
        /* texts[j] may fill the hole at i unless its home lies in (i, j] */
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            m->texts[i] = m->texts[j];
            i = j;
        }
    }
    m->texts[i] = NULL;
    m->ntexts--;
    clm_core__free(t);
}

/* ---- slots and the id array ------------------------------------------------- */

static void slot_free(mem_backend *m, mem_rec *s)
{
    if (s == NULL)
        return;
    for (size_t c = 0; c < 4; c++)
        unintern(m, s->cols[c]);
    clm_record_free(s->r);
    clm_core__free(s);
}

static int slot_new(mem_rec **out, mem_backend *m, const clm_record *rec)
{
    mem_rec *s = clm_core__calloc(1, sizeof *s);
    if (s == NULL)
        return clm_core__oom("memory store record");
    int rc = clm_record_dup(&s->r, rec);
    const char *const cols[4] = { rec->client_id, rec->manager, rec->state, rec->category };
    for (size_t c = 0; c < 4 && rc == 0; c++)
        rc = intern(&s->cols[c], m, cols[c]);
    if (rc < 0) {
        slot_free(m, s);
        return rc;
    }
    m->seed ^= m->seed << 13;
    m->seed ^= m->seed >> 17;
    m->seed ^= m->seed << 5;
    s->prio = m->seed;
    s->due = s->r->due;
    *out = s;
    return 0;
}

/* The row of slot s in the id array. */
static mem_row row_of(mem_rec *s)
{
    mem_row w = { .rec = *s->r, .slot = s };
    const char **cols[4] = { &w.rec.client_id, &w.rec.manager, &w.rec.state, &w.rec.category };
    for (size_t c = 0; c < 4; c++)
        *cols[c] = s->cols[c] != NULL ? s->cols[c]->s : NULL;
    return w;
}

/* Index of id in a, or where it would go (*found says which). */
static int cmp_id(const void *key, const void *elem)
{
    return strcmp(key, ((const mem_row *)elem)->rec.id);
}

static size_t find(const rec_array *a, const char *id, int *found)
{
    size_t i = clm_core__lower_bound(id, a->v, a->n, sizeof a->v[0], cmp_id);
    *found = i < a->n && strcmp(a->v[i].rec.id, id) == 0;
    return i;
}

/* Inserts the slot at position i of the id array and into the indexes. */
static void insert_at(rec_array *a, size_t i, mem_rec *s)
{
    assert(a->n < a->cap && i <= a->n); /* reserved by the caller */
    assert(i == 0 || strcmp(a->v[i - 1].rec.id, s->r->id) < 0);
    assert(i == a->n || strcmp(a->v[i].rec.id, s->r->id) > 0);
    memmove(a->v + i + 1, a->v + i, (a->n - i) * sizeof a->v[0]);
    a->v[i] = row_of(s);
    a->n++;
    index_add(a, s);
}

/* Takes the slot at position i out of the id array and the indexes. */
static void remove_at(rec_array *a, size_t i)
{
    index_remove(a, a->v[i].slot);
    memmove(a->v + i, a->v + i + 1, (a->n - i - 1) * sizeof a->v[0]);
    a->n--;
}

/* Puts s in place of the slot at position i (same id). An index whose key
 * did not change keeps its shape: s takes the old slot's place in it (a
 * claim moving through its states keeps its client and deadline). */
static void replace_at(rec_array *a, size_t i, mem_rec *s)
{
    mem_rec *o = a->v[i].slot;
    s->prio = o->prio;
    const char *oc = o->r->client_id, *nc = s->r->client_id;
    if (oc != NULL && nc != NULL && strcmp(oc, nc) == 0) {
        tree_swap(&a->by_client, &o->by_client, &s->by_client);
    } else {
        if (oc != NULL)
            tree_remove(&a->by_client, &o->by_client, 0);
        if (nc != NULL)
            tree_insert(&a->by_client, &s->by_client, 0);
    }
    if (o->due != CLM_RECORD_NO_DUE && o->due == s->due) {
        tree_swap(&a->by_due, &o->by_due, &s->by_due);
    } else {
        if (o->due != CLM_RECORD_NO_DUE)
            tree_remove(&a->by_due, &o->by_due, 1);
        if (s->due != CLM_RECORD_NO_DUE)
            tree_insert(&a->by_due, &s->by_due, 1);
    }
    a->v[i] = row_of(s);
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

static void undo_push(mem_backend *m, enum undo_type t, clm_record_kind k, mem_rec *old)
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

/* Orders keys by (kind, id, name, value); a NULL name in the probe sorts
 * before every key of its record. */
static int cmp_byrec(const void *probe, const void *elem)
{
    const mkey *p = probe, *e = *(mkey *const *)elem;
    if (p->kind != e->kind)
        return (int)p->kind < (int)e->kind ? -1 : 1;
    int c = strcmp(p->id, e->id);
    if (c != 0)
        return c;
    if (p->name == NULL)
        return -1;
    c = strcmp(p->name, e->name);
    return c != 0 ? c : strcmp(p->value, e->value);
}

/* Room for `need` keys in both arrays; a failure changes nothing that
 * matters (an array that grew stays grown). */
static int keys_reserve(mem_backend *m, size_t need)
{
    int rc = clm_core__grow((void **)&m->keys, &m->capkeys, need, sizeof m->keys[0],
                            "memory store keys");
    if (rc == 0)
        rc = clm_core__grow((void **)&m->byrec, &m->capbyrec, need, sizeof m->byrec[0],
                            "memory store keys");
    return rc;
}

/* Inserts k at its place in both arrays; room reserved by the caller. */
static void key_insert(mem_backend *m, mkey *k)
{
    assert(m->nkeys < m->capkeys && m->nkeys < m->capbyrec);
    size_t i = clm_core__lower_bound(k, m->keys, m->nkeys, sizeof m->keys[0], cmp_key);
    memmove(m->keys + i + 1, m->keys + i, (m->nkeys - i) * sizeof m->keys[0]);
    m->keys[i] = k;
    i = clm_core__lower_bound(k, m->byrec, m->nkeys, sizeof m->byrec[0], cmp_byrec);
    memmove(m->byrec + i + 1, m->byrec + i, (m->nkeys - i) * sizeof m->byrec[0]);
    m->byrec[i] = k;
    m->nkeys++;
}

/* The keys of (kind, id): m->byrec[*lo .. *lo + return value), in (name,
 * value) order. */
static size_t keys_of(const mem_backend *m, clm_record_kind kind, const char *id, size_t *lo)
{
    mkey probe = { kind, NULL, NULL, id };
    size_t i = clm_core__lower_bound(&probe, m->byrec, m->nkeys, sizeof m->byrec[0], cmp_byrec);
    size_t j = i;
    while (j < m->nkeys && m->byrec[j]->kind == kind && strcmp(m->byrec[j]->id, id) == 0)
        j++;
    *lo = i;
    return j - i;
}

static size_t keys_count_of(const mem_backend *m, clm_record_kind kind, const char *id)
{
    size_t lo;
    return keys_of(m, kind, id, &lo);
}

/* Takes the keys of (kind, id) out of both arrays, in (name, value) order,
 * into out[] (room for keys_count_of() of them), or frees them when out is
 * NULL. */
static void keys_take(mem_backend *m, clm_record_kind kind, const char *id, mkey **out)
{
    size_t lo, n = keys_of(m, kind, id, &lo);
    for (size_t r = 0; r < n; r++) {
        mkey *k = m->byrec[lo + r];
        size_t left = m->nkeys - r; /* still in m->keys */
        size_t i = clm_core__lower_bound(k, m->keys, left, sizeof m->keys[0], cmp_key);
        assert(i < left && m->keys[i] == k);
        memmove(m->keys + i, m->keys + i + 1, (left - i - 1) * sizeof m->keys[0]);
    }
    for (size_t r = 0; r < n; r++) {
        if (out != NULL)
            out[r] = m->byrec[lo + r];
        else
            clm_core__free(m->byrec[lo + r]);
    }
    memmove(m->byrec + lo, m->byrec + lo + n, (m->nkeys - lo - n) * sizeof m->byrec[0]);
    m->nkeys -= n;
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

/* Drops a slot that is no longer stored: kept for undo inside a
 * transaction, freed otherwise. */
static void retire(mem_backend *m, enum undo_type t, clm_record_kind k, mem_rec *old)
{
    if (m->depth > 0)
        undo_push(m, t, k, old);
    else
        slot_free(m, old);
}

static int m_get(clm_record *out, clm_store_backend *b, clm_record_kind kind, const char *id)
{
    mem_backend *m = mb(b);
    int found;
    size_t i = find(&m->kinds[kind], id, &found);
    if (!found)
        return clm_store_backend_fail(CLM_ENOTFOUND, "memory store: no %s '%.64s'",
                                      clm_record_kind_name(kind), id);
    *out = *m->kinds[kind].v[i].slot->r;
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
    if (rec->version > 0 && a->v[i].rec.version != rec->version)
        return clm_store_backend_fail(CLM_ECONFLICT,
                                      "memory store: %s '%.64s' is at version %lld, not %lld",
                                      clm_record_kind_name(rec->kind), rec->id,
                                      (long long)a->v[i].rec.version, (long long)rec->version);
    int rc = undo_reserve(m);
    if (rc == 0 && !found)
        rc = clm_core__grow((void **)&a->v, &a->cap, a->n + 1, sizeof a->v[0], "memory store records");
    mem_rec *c = NULL;
    if (rc == 0)
        rc = slot_new(&c, m, rec);
    if (rc < 0)
        return rc;
    c->r->version = rec->version + 1;
    if (found) {
        mem_rec *old = a->v[i].slot;
        replace_at(a, i, c);
        retire(m, UNDO_REPLACE, rec->kind, old);
    } else {
        insert_at(a, i, c);
        if (m->depth > 0)
            undo_push(m, UNDO_INSERT, rec->kind, c);
    }
    *out = c->r->version;
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
    if (a->v[i].rec.version != version)
        return clm_store_backend_fail(CLM_ECONFLICT,
                                      "memory store: %s '%.64s' is at version %lld, not %lld",
                                      clm_record_kind_name(kind), id,
                                      (long long)a->v[i].rec.version, (long long)version);
    int rc = undo_reserve_n(m, 2);
    if (rc < 0)
        return rc;
    size_t nk = keys_count_of(m, kind, id);
    keys_undo *u = NULL;
    if (nk > 0 && m->depth > 0 && (u = keys_undo_new(kind, id, nk)) == NULL)
        return clm_core__oom("memory store key undo");
    if (nk > 0)
        keys_retire(m, kind, id, u);
    mem_rec *old = a->v[i].slot;
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
    size_t lo, nold = keys_of(m, kind, id, &lo);
    if (nold == n) { /* the keys it has (both lists in (name, value) order): nothing to do */
        size_t i = 0;
        while (i < n && strcmp(m->byrec[lo + i]->name, keys[i].name) == 0 &&
               strcmp(m->byrec[lo + i]->value, keys[i].value) == 0)
            i++;
        if (i == n)
            return 0;
    }
    int rc = undo_reserve(m);
    if (rc == 0 && n > nold)
        rc = keys_reserve(m, m->nkeys - nold + n);
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

/* ---- scans ------------------------------------------------------------------ */

static bool has_due_range(const clm_store_filter *f)
{
    return f->due_from != CLM_RECORD_NO_DUE || f->due_to != CLM_RECORD_NO_DUE;
}

static bool past_due_range(const tnode *t, const clm_store_filter *f)
{
    return f->due_to != CLM_RECORD_NO_DUE && SLOT_OF(t, by_due)->due > f->due_to;
}

/* True if the due range is the filter's only condition: every record the
 * due index yields in the range matches. */
static bool due_only(const clm_store_filter *f)
{
    return f->client_id == NULL && f->manager == NULL && f->state == NULL && f->category == NULL;
}

/* The end of the run of ascending ids that starts at i. */
static size_t run_end(const clm_record *const *v, size_t i, size_t k)
{
    while (++i < k && strcmp(v[i - 1]->id, v[i]->id) < 0)
        ;
    return i;
}

/* Sorts v[0..k) by id, using tmp (room for k) as the other buffer, and
 * returns the one that holds the result. v is made of runs already in id
 * order (one per due date), so a bottom-up merge of neighbouring runs
 * takes ceil(log2 r) passes over k for r runs: O(k log r), r at most the
 * days in the range. */
static const clm_record **merge_runs(const clm_record **v, const clm_record **tmp, size_t k)
{
    for (;;) {
        size_t i = 0;
        while (i < k) {
            size_t m = run_end(v, i, k);
            if (m == k) {
                if (i == 0)
                    return v; /* one run: sorted */
                memcpy(tmp + i, v + i, (k - i) * sizeof v[0]);
                break;
            }
            size_t e = run_end(v, m, k), x = i, y = m, o = i;
            while (x < m && y < e)
                tmp[o++] = strcmp(v[x]->id, v[y]->id) < 0 ? v[x++] : v[y++];
            while (x < m)
                tmp[o++] = v[x++];
            while (y < e)
                tmp[o++] = v[y++];
            i = e;
        }
        const clm_record **t = v;
        v = tmp;
        tmp = t;
    }
}

/*
 * The walk of the id array. The array holds each record's fields by value
 * (mem_row), and the texts a filter compares and a listing reads most
 * (client, manager, state, category) are interned, few and shared: the
 * walk reads the array in order, which the processor streams, and goes to
 * no record's own allocation (only the callback does, if it reads the id,
 * the name or the body). When each record sat two allocations away from
 * the array, a walk over 1,000,000 waited for memory two or three times
 * per record (95 ns a record even with the fetches asked for ahead).
 */
static int scan_linear(const rec_array *a, const clm_store_filter *f, clm_record_cb cb, void *payload)
{
    for (size_t i = 0; i < a->n; i++) {
        if (!clm_store__record_matches(&a->v[i].rec, f))
            continue;
        int rc = cb(&a->v[i].rec, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int m_scan(clm_store_backend *b, const clm_store_filter *f, clm_record_cb cb, void *payload)
{
    mem_backend *m = mb(b);
    const rec_array *a = &m->kinds[f->kind];
    if (f->client_id != NULL) {
        /* (client, id) order: one client's records come out in id order */
        for (tnode *t = first_client(a->by_client, f->client_id);
             t != NULL && strcmp(rec_by_client(t)->client_id, f->client_id) == 0; t = tree_next(t)) {
            if (!clm_store__record_matches(rec_by_client(t), f))
                continue;
            int rc = cb(rec_by_client(t), payload);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    if (!has_due_range(f))
        return scan_linear(a, f, cb, payload);
    /* Gather the range's matches, then put them in id order. Past n / 32
     * (+ 64) records visited the id array is the cheaper walk: it reads
     * records in order, where the index jumps between them. With the due
     * range as the only condition the gather reads the index's slots and
     * no record (the order is checked by the merge afterwards), so a range
     * that turns out wide is given up without having waited for the
     * records it visited. */
    size_t k = 0, visited = 0, limit = a->n / 32 + 64;
    bool all = due_only(f);
    for (tnode *t = first_due(a->by_due, f->due_from); t != NULL && !past_due_range(t, f);
         t = tree_next(t)) {
        if (++visited > limit)
            return scan_linear(a, f, cb, payload);
        const clm_record *r = SLOT_OF(t, by_due)->r;
        if (!all && !clm_store__record_matches(r, f))
            continue;
        int rc = clm_core__grow((void **)&m->gather, &m->capgather, k + 1, sizeof m->gather[0],
                                "memory store scan");
        if (rc < 0)
            return rc;
        m->gather[k++] = r;
    }
    const clm_record **v = m->gather;
    int rc = 0;
    if (k > 1) {
        rc = clm_core__grow((void **)&m->merge, &m->capmerge, k, sizeof m->merge[0],
                            "memory store scan");
        if (rc < 0)
            return rc;
        v = merge_runs(m->gather, m->merge, k);
    }
    for (size_t i = 0; i < k; i++) {
        if ((rc = cb(v[i], payload)) != 0)
            return rc;
    }
    return 0;
}

static int m_count(int64_t *out, clm_store_backend *b, const clm_store_filter *f)
{
    const rec_array *a = &mb(b)->kinds[f->kind];
    int64_t n = 0;
    if (f->client_id != NULL) {
        for (tnode *t = first_client(a->by_client, f->client_id);
             t != NULL && strcmp(rec_by_client(t)->client_id, f->client_id) == 0; t = tree_next(t))
            n += clm_store__record_matches(rec_by_client(t), f);
    } else if (has_due_range(f)) {
        bool all = due_only(f);
        for (tnode *t = first_due(a->by_due, f->due_from);
             t != NULL && !past_due_range(t, f); t = tree_next(t))
            n += all || clm_store__record_matches(rec_by_due(t), f);
    } else {
        for (size_t i = 0; i < a->n; i++)
            n += clm_store__record_matches(&a->v[i].rec, f);
    }
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
            slot_free(m, m->undo[i].old);
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
    if (u->type == UNDO_KEYS) { /* room: the arrays never shrink */
        keys_take(m, u->keys->kind, u->keys->id, NULL);
        for (size_t i = 0; i < u->keys->nold; i++)
            key_insert(m, u->keys->old[i]);
        keys_undo_free(u->keys, 0);
        return;
    }
    rec_array *a = &m->kinds[u->kind];
    int found;
    size_t i = find(a, u->old->r->id, &found);
    switch (u->type) {
    case UNDO_INSERT: /* found: the inserted record is still there */
        assert(found && a->v[i].slot == u->old);
        remove_at(a, i);
        slot_free(m, u->old);
        break;
    case UNDO_REPLACE: {
        mem_rec *now = a->v[i].slot;
        replace_at(a, i, u->old);
        slot_free(m, now);
        break;
    }
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
            slot_free(m, m->kinds[k].v[i].slot);
        clm_core__free(m->kinds[k].v);
    }
    for (size_t i = 0; i < m->nkeys; i++)
        clm_core__free(m->keys[i]);
    clm_core__free(m->keys);
    clm_core__free(m->byrec);
    for (size_t i = 0; i < m->nlog; i++)
        entry_free(m->log[i]);
    clm_core__free(m->log);
    clm_core__free(m->undo);
    clm_core__free(m->gather);
    clm_core__free(m->merge);
    assert(m->ntexts == 0); /* every slot gave its texts back */
    clm_core__free(m->texts);
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
    m->seed = 2463534242u; /* any nonzero start; the same run every time */
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
