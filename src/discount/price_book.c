/*
 * price_book.c — the compiled, immutable form of a price set and the
 * lookup by the precedence that include/clm/price.h documents
 * (docs/rules.md, "Price lists, promotions and retro-bonuses").
 *
 * Every entry is filed under one bucket: its product, or its group. A
 * bucket's entries are sorted by list, then by minimum quantity (highest
 * first), then by valid-from (latest first), then by definition order, so
 * within one list the first entry of a bucket that is valid on the date and
 * not above the quantity is that list's best for the bucket: a lookup is a
 * probe for the product and a step per ancestor group, and a short scan.
 *
 * What a lookup compares is copied into one compact record per bucket
 * (price_internal.h): the product id, the lists' runs and each entry's
 * minimum quantity and price, a period only where an entry's is narrower
 * than its list's, records on cache-line boundaries, and an index of
 * 8-byte slots (a tag of the hash and the record's place). A lookup reads
 * a slot and one record, usually two lines, where it once read a map slot,
 * a key elsewhere, a bucket and 48-byte entries spread over five lines;
 * b->entries keeps the rest (definition order, bases, the set's entry)
 * for the explanation, the quote and the formulas.
 */
#include <stdio.h>
#include <string.h>

#include "price_internal.h"

void clm_discount__pbook_hold(clm_price_book *b)
{
    atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
}

void clm_price_book_free(clm_price_book *b)
{
    if (b == NULL)
        return;
    if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) != 1)
        return;
    clm_price_set_free(b->set);
    clm_core__free(b->lists);
    clm_core__free(b->entries);
    clm_core__free(b->buckets);
    clm_discount__map_free(&b->products);
    clm_discount__map_free(&b->groups);
    for (size_t k = 0; k <= CLM_PRICE_CLIENT; k++)
        clm_discount__map_free(&b->aud[k]);
    clm_core__free(b->everyone);
    clm_core__free(b->aud_ranges);
    clm_core__free(b->aud_items);
    for (size_t g = 0; g < b->ngroups; g++)
        clm_core__free(b->group_names[g]);
    clm_core__free(b->group_names);
    clm_core__free(b->group_parent);
    clm_core__free(b->group_bucket);
    clm_core__free(b->group_rec);
    clm_core__free(b->hot_block);
    clm_core__free(b->pslots);
    clm_core__free(b);
}

/* ---- compiling -------------------------------------------------------------------- */

static int add_group(clm_price_book *b, const char *name, size_t *cap, uint32_t *out)
{
    uint32_t g = clm_discount__map_get(&b->groups, name);
    if (g != CLM__NONE32) {
        *out = g;
        return 0;
    }
    if (clm_core__grow((void **)&b->group_names, cap, b->ngroups + 1, sizeof *b->group_names,
                       "price book groups") < 0 ||
        clm_discount__map_reserve(&b->groups, 1) < 0)
        return CLM_ENOMEM;
    char *copy = clm_core__strdup(name);
    if (copy == NULL)
        return clm_core__oom("price book groups");
    b->group_names[b->ngroups] = copy;
    clm_discount__map_put(&b->groups, copy, (uint32_t)b->ngroups);
    *out = (uint32_t)b->ngroups++;
    return 0;
}

/* The bucket of each entry before sorting (index into b->entries). */
typedef struct sort_item {
    uint32_t bucket;
    clm_discount__pentry e;
} sort_item;

static int cmp_item(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->bucket != b->bucket)
        return a->bucket < b->bucket ? -1 : 1;
    if (a->e.list != b->e.list)
        return a->e.list < b->e.list ? -1 : 1;
    if (a->e.min_qty != b->e.min_qty)
        return a->e.min_qty > b->e.min_qty ? -1 : 1;
    if (a->e.from != b->e.from)
        return a->e.from > b->e.from ? -1 : 1;
    return a->e.index < b->e.index ? -1 : a->e.index > b->e.index;
}

/* The product index's home slot for hash h: FNV-1a's low bits depend
 * only on the low bits of each byte, so the high half is folded in (as
 * the policy's maps do). */
static size_t pslot_of(uint64_t h, size_t mask)
{
    return (size_t)(h ^ (h >> 29) ^ (h >> 47)) & mask;
}

#define LINE 64 /* bytes of a cache line: records start on one */

/* The shape of a bucket's record (price_internal.h). */
typedef struct rshape {
    size_t key_len, nruns, n0;
    bool dated, narrow, first;
    size_t back;          /* bytes before the header: the runs and the counts */
    size_t size;          /* bytes from the header on */
    size_t common;        /* bytes from the header to the end of the first run's entries */
} rshape;

static rshape shape_of(const clm_price_book *b, const clm_discount__bucket *bk)
{
    const clm_discount__pentry *e = b->entries + bk->off;
    rshape r = { .key_len = e[0].pub->product ? strlen(e[0].pub->product) : 0, .narrow = true };
    /* FIRST: the first run's list (the lowest) has bit (list & 63) of the
     * filter to itself and no run has a lower bit */
    r.first = e[0].list < 64;
    for (uint32_t j = 0; j < bk->len; j++) {
        if (j == 0 || e[j].list != e[j - 1].list) {
            r.nruns++;
            if (j > 0 && (e[j].list & 63) <= e[0].list)
                r.first = false;
        }
        r.n0 += e[j].list == e[0].list;
        /* an entry valid only within its list's period needs its own */
        if (e[j].from != b->lists[e[j].list].from || e[j].to != b->lists[e[j].list].to)
            r.dated = true;
        if (e[j].min_qty > INT32_MAX || (e[j].base == CLM__NONE32 && e[j].price > INT32_MAX))
            r.narrow = false;
    }
    if (r.n0 > UINT16_MAX)
        r.first = false;
    size_t esize = r.narrow ? sizeof(clm_discount__pnarrow) : sizeof(clm_discount__phot);
    size_t key = (r.key_len + 7) / 8 * 8;
    r.back = r.nruns * sizeof(clm_discount__prun) + sizeof(clm_discount__prest);
    r.size = sizeof(clm_discount__prec) + key + (bk->len * esize + 7) / 8 * 8 +
             (r.dated ? (bk->len * sizeof(clm_discount__pdates) + 7) / 8 * 8 : 0);
    r.common = r.first ? sizeof(clm_discount__prec) + key + r.n0 * esize : r.size;
    return r;
}

/* List li's short path (price_internal.h, clm_discount__pfall): its kind
 * NONE unless the list inherits from a parent among the first 64 lists,
 * has no group entries (fall() looks only at the product's record) and
 * its formula's ranges keep every figure of fall() in 64 bits for a base
 * of 0 ... INT32_MAX. */
static clm_discount__pfall fall_of(const clm_price_book *b, uint32_t li)
{
    clm_discount__pfall f = { .kind = CLM_DISCOUNT__FALL_NONE };
    const clm_discount__blist *l = &b->lists[li];
    const clm_price_formula *pf = &l->l->pub.parent_formula;
    int64_t factor = CLM_RATE_ONE + (int64_t)pf->rate;
    if (l->parent == CLM__NONE32 || l->parent >= 64 || l->by_group || factor < 0 || factor > INT32_MAX ||
        pf->amount < 0 || pf->amount > INT32_MAX || pf->step < 1 || pf->step > (INT64_C(1) << 61) / CLM_RATE_ONE)
        return f;
    f.factor = factor;
    f.amount = pf->amount * CLM_RATE_ONE;
    f.step = pf->step;
    f.den = pf->step * CLM_RATE_ONE; /* even: den / 2 is exact */
    f.pbit = UINT64_C(1) << l->parent;
    f.upto = f.pbit | (f.pbit - 1);
    bool even = false;
    switch (pf->rounding) {
    case CLM_ROUND_HALF_EVEN:
        even = true;
        break;
    case CLM_ROUND_HALF_UP:
        f.bias = f.den / 2;
        break;
    case CLM_ROUND_HALF_DOWN:
        f.bias = f.den / 2 - 1;
        break;
    case CLM_ROUND_UP:
    case CLM_ROUND_CEILING:
        f.bias = f.den - 1;
        break;
    case CLM_ROUND_DOWN:
    case CLM_ROUND_FLOOR:
        f.bias = 0;
        break;
    default:
        return f; /* a set's formulas are checked: never */
    }
    f.kind = (uint8_t)(pf->step == 1     ? (even ? CLM_DISCOUNT__FALL_EVEN_1 : CLM_DISCOUNT__FALL_1)
                       : pf->step == 100 ? (even ? CLM_DISCOUNT__FALL_EVEN_100 : CLM_DISCOUNT__FALL_100)
                                         : (even ? CLM_DISCOUNT__FALL_EVEN_ANY : CLM_DISCOUNT__FALL_ANY));
    return f;
}

/* Where the header of a record of shape sh goes when the block is used up
 * to byte `at` (a multiple of 8): the next line start with room for the
 * runs and the counts before it. */
static size_t header_at(size_t at, const rshape *sh)
{
    return (at + sh->back + LINE - 1) / LINE * LINE;
}

/* The compact records and the product index over them (price_internal.h):
 * what a lookup compares, copied out of b->entries bucket by bucket. */
static int build_records(clm_price_book *b)
{
    size_t total = 0;
    for (size_t k = 0; k < b->nbuckets; k++) {
        rshape sh = shape_of(b, &b->buckets[k]);
        total = header_at(total, &sh) + sh.size;
    }
    /* offsets are kept in 8-byte units in 32 bits */
    if (total / 8 >= CLM__NONE32)
        return clm_core__fail(CLM_ELIMIT, "price book: the lookup index would pass 32 GiB");
    size_t nproducts = b->products.count;
    size_t cap = 16;
    while (cap / 4 * 3 < nproducts)
        cap *= 2;
    b->hot_block = clm_core__calloc(total + LINE, 1);
    b->hot = b->hot_block ? (unsigned char *)b->hot_block + (LINE - (uintptr_t)b->hot_block % LINE) % LINE : NULL;
    b->pslots = clm_core__reallocarray(NULL, cap, sizeof *b->pslots);
    b->group_rec = clm_core__reallocarray(NULL, b->ngroups ? b->ngroups : 1, sizeof *b->group_rec);
    uint32_t *bucket_rec = clm_core__reallocarray(NULL, b->nbuckets ? b->nbuckets : 1, sizeof *bucket_rec);
    if (b->hot_block == NULL || b->pslots == NULL || b->group_rec == NULL || bucket_rec == NULL) {
        clm_core__free(bucket_rec);
        return clm_core__oom("price book index");
    }
    b->pmask = cap - 1;
    for (size_t i = 0; i < cap; i++)
        b->pslots[i] = (clm_discount__pslot){ .tag = 0, .rec = CLM__NONE32 };
    size_t at = 0;
    for (size_t k = 0; k < b->nbuckets; k++) {
        const clm_discount__bucket *bk = &b->buckets[k];
        const clm_discount__pentry *e = b->entries + bk->off;
        const char *key = e[0].pub->product;
        rshape sh = shape_of(b, bk);
        at = header_at(at, &sh);
        unsigned char *r = b->hot + at;
        clm_discount__prec *h = (clm_discount__prec *)(void *)r;
        clm_discount__prest *rest = (clm_discount__prest *)(void *)(r - sizeof *rest);
        clm_discount__prun *run = (clm_discount__prun *)(void *)(r - sh.back);
        /* an id: at most CLM_ID_MAX bytes (clm_core__check_text() when
         * the entry was added) */
        _Static_assert(CLM_ID_MAX <= UINT8_MAX, "a record's key length is one byte");
        h->key_len = (uint8_t)sh.key_len;
        h->flags = (uint8_t)((sh.dated ? CLM_DISCOUNT__PREC_DATED : 0) | (sh.narrow ? CLM_DISCOUNT__PREC_NARROW : 0) |
                             (sh.first ? CLM_DISCOUNT__PREC_FIRST : 0));
        h->n0 = sh.first ? (uint16_t)sh.n0 : 0;
        h->first = bk->off;
        rest->len = bk->len;
        rest->nruns = (uint32_t)sh.nruns;
        if (sh.key_len > 0)
            memcpy(r + sizeof *h, key, sh.key_len);
        unsigned char *ents = r + sizeof *h + (sh.key_len + 7) / 8 * 8;
        clm_discount__phot *wide = (clm_discount__phot *)(void *)ents;
        clm_discount__pnarrow *narrow = (clm_discount__pnarrow *)(void *)ents;
        clm_discount__pdates *dates = (clm_discount__pdates *)(void *)(
            ents + (bk->len * (sh.narrow ? sizeof *narrow : sizeof *wide) + 7) / 8 * 8);
        size_t nr = 0;
        for (uint32_t j = 0; j < bk->len; j++) {
            if (j == 0 || e[j].list != e[j - 1].list) {
                run[nr++] = (clm_discount__prun){ .list = e[j].list, .start = j };
                h->lists |= UINT64_C(1) << (e[j].list & 63);
            }
            int64_t price = e[j].base == CLM__NONE32 ? e[j].price : -1;
            if (sh.narrow) /* both fit: shape_of() checked */
                narrow[j] = (clm_discount__pnarrow){ .min_qty = (int32_t)e[j].min_qty, .price = (int32_t)price };
            else
                wide[j] = (clm_discount__phot){ .min_qty = e[j].min_qty, .price = price };
            if (sh.dated)
                dates[j] = (clm_discount__pdates){ .from = e[j].from, .to = e[j].to };
        }
        bucket_rec[k] = (uint32_t)(at / 8);
        if (key != NULL) {
            uint64_t hash = clm_discount__hash(key);
            size_t i = pslot_of(hash, b->pmask);
            while (b->pslots[i].rec != CLM__NONE32)
                i = (i + 1) & b->pmask;
            uint32_t lines = sh.common > 4 * LINE ? 4 : (uint32_t)((sh.common + LINE - 1) / LINE);
            b->pslots[i] = (clm_discount__pslot){ .tag = ((uint32_t)(hash >> 32) & ~3u) | (lines - 1),
                                                  .rec = bucket_rec[k] };
        }
        at += sh.size;
    }
    for (size_t g = 0; g < b->ngroups; g++)
        b->group_rec[g] = b->group_bucket[g] != CLM__NONE32 ? bucket_rec[b->group_bucket[g]] : CLM__NONE32;
    clm_core__free(bucket_rec);
    return 0;
}

static int build(clm_price_book *b, const clm_discount_policy *groups)
{
    const clm_price_set *s = b->set;
    size_t capg = 0;
    /* the hierarchy: declared groups first (parents come before children) */
    size_t ng = groups ? clm_discount_policy_group_count(groups) : 0;
    for (size_t i = 0; i < ng; i++) {
        const char *name, *parent;
        uint32_t g;
        clm_discount_policy_group_at(&name, &parent, groups, i);
        if (add_group(b, name, &capg, &g) < 0)
            return CLM_ENOMEM;
    }
    size_t declared = b->ngroups;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->lists[i].n; k++) {
            uint32_t g;
            if (s->lists[i].entries[k].group != NULL &&
                add_group(b, s->lists[i].entries[k].group, &capg, &g) < 0)
                return CLM_ENOMEM;
        }
    size_t n1 = b->ngroups ? b->ngroups : 1;
    b->group_parent = clm_core__reallocarray(NULL, n1, sizeof *b->group_parent);
    b->group_bucket = clm_core__reallocarray(NULL, n1, sizeof *b->group_bucket);
    if (b->group_parent == NULL || b->group_bucket == NULL)
        return CLM_ENOMEM;
    for (size_t g = 0; g < b->ngroups; g++) {
        b->group_parent[g] = CLM__NONE32;
        b->group_bucket[g] = CLM__NONE32;
    }
    for (size_t i = 0; i < declared; i++) {
        const char *name, *parent;
        clm_discount_policy_group_at(&name, &parent, groups, i);
        if (parent != NULL && parent[0] != '\0')
            b->group_parent[i] = clm_discount__map_get(&b->groups, parent);
    }

    /* lists */
    b->nlists = s->n;
    b->lists = clm_core__calloc(s->n ? s->n : 1, sizeof *b->lists);
    if (b->lists == NULL)
        return CLM_ENOMEM;
    for (size_t i = 0; i < s->n; i++) {
        clm_currency cur;
        b->lists[i].l = &s->lists[i];
        b->lists[i].parent = s->lists[i].pub.parent ? clm_discount__pset_find(s, s->lists[i].pub.parent)
                                                    : CLM__NONE32;
        clm_currency_find(&cur, s->lists[i].pub.currency);
        b->lists[i].exponent = cur.exponent;
        b->lists[i].from = s->lists[i].pub.valid_from;
        b->lists[i].to = s->lists[i].pub.valid_to;
        b->lists[i].audience = s->lists[i].pub.audience;
        for (size_t k = 0; k < s->lists[i].n; k++) {
            if (s->lists[i].entries[k].product != NULL)
                b->lists[i].by_product = true;
            else
                b->lists[i].by_group = true;
        }
    }

    for (size_t i = 0; i < s->n; i++)
        b->lists[i].fall = fall_of(b, (uint32_t)i);

    /* lists by audience (CSR: count, then fill) */
    size_t n1l = s->n ? s->n : 1;
    b->everyone = clm_core__calloc(n1l, sizeof *b->everyone);
    b->aud_ranges = clm_core__calloc(n1l, sizeof *b->aud_ranges);
    b->aud_items = clm_core__calloc(n1l, sizeof *b->aud_items);
    if (b->everyone == NULL || b->aud_ranges == NULL || b->aud_items == NULL)
        return CLM_ENOMEM;
    size_t nranges = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < s->n; i++) {
            const clm_price_list_def *l = &s->lists[i].pub;
            if (l->audience == CLM_PRICE_EVERYONE) {
                if (pass == 0)
                    b->everyone[b->neveryone++] = (uint32_t)i;
                continue;
            }
            clm_discount__map *m = &b->aud[l->audience];
            uint32_t r = clm_discount__map_get(m, l->audience_value);
            if (r == CLM__NONE32) {
                if (clm_discount__map_reserve(m, 1) < 0)
                    return CLM_ENOMEM;
                r = (uint32_t)nranges++;
                clm_discount__map_put(m, l->audience_value, r);
            }
            if (pass == 0)
                b->aud_ranges[r].len++;
            else
                b->aud_items[b->aud_ranges[r].off + b->aud_ranges[r].len++] = (uint32_t)i;
        }
        if (pass == 0) {
            uint32_t off = 0;
            for (size_t r = 0; r < nranges; r++) {
                b->aud_ranges[r].off = off;
                off += b->aud_ranges[r].len;
                b->aud_ranges[r].len = 0;
            }
        }
    }

    /* entries, filed under buckets: products first by name, then groups */
    sort_item *items = clm_core__calloc(s->nentries ? s->nentries : 1, sizeof *items);
    if (items == NULL)
        return CLM_ENOMEM;
    size_t n = 0, capb = 0;
    int rc = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        const clm_discount__plist *l = &s->lists[i];
        for (size_t k = 0; k < l->n; k++) {
            const clm_price_entry *pe = &l->entries[k];
            sort_item *it = &items[n++];
            it->e.list = (uint32_t)i;
            it->e.index = (uint32_t)k;
            it->e.pub = pe;
            it->e.min_qty = pe->min_quantity;
            it->e.price = pe->unit_price;
            it->e.base = pe->base ? clm_discount__pset_find(s, pe->base) : CLM__NONE32;
            it->e.from = pe->valid_from > l->pub.valid_from ? pe->valid_from : l->pub.valid_from;
            it->e.to = pe->valid_to < l->pub.valid_to ? pe->valid_to : l->pub.valid_to;
            uint32_t bk;
            if (pe->product != NULL) {
                bk = clm_discount__map_get(&b->products, pe->product);
                if (bk == CLM__NONE32) {
                    if (clm_discount__map_reserve(&b->products, 1) < 0) {
                        rc = CLM_ENOMEM;
                        break;
                    }
                    bk = (uint32_t)b->nbuckets++;
                    /* the key lives in the book's copy of the set */
                    clm_discount__map_put(&b->products, pe->product, bk);
                }
            } else {
                uint32_t g = clm_discount__map_get(&b->groups, pe->group);
                if (b->group_bucket[g] == CLM__NONE32)
                    b->group_bucket[g] = (uint32_t)b->nbuckets++;
                bk = b->group_bucket[g];
            }
            it->bucket = bk;
        }
    }
    if (rc == 0) {
        b->buckets = clm_core__calloc(b->nbuckets ? b->nbuckets : 1, sizeof *b->buckets);
        b->entries = clm_core__calloc(n ? n : 1, sizeof *b->entries);
        if (b->buckets == NULL || b->entries == NULL)
            rc = CLM_ENOMEM;
    }
    (void)capb;
    if (rc == 0) {
        clm_core__qsort(items, n, sizeof *items, cmp_item);
        for (size_t k = 0; k < n; k++) {
            b->entries[k] = items[k].e;
            clm_discount__bucket *bk = &b->buckets[items[k].bucket];
            if (bk->len == 0)
                bk->off = (uint32_t)k;
            bk->len++;
        }
        b->nentries = n;
    }
    clm_core__free(items);
    if (rc == 0)
        rc = build_records(b);
    /* the records replace the product map; its slots are not needed now */
    clm_discount__map_free(&b->products);
    return rc;
}

int clm_price_book_compile(clm_price_book **out, const clm_price_set *s, const clm_discount_policy *groups)
{
    if (out == NULL || s == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_price_book_compile: NULL argument");
    int rc = clm_price_set_check(s);
    if (rc < 0)
        return rc;
    clm_price_book *b = clm_core__calloc(1, sizeof *b);
    if (b == NULL)
        return clm_core__oom("price book");
    atomic_init(&b->refs, 1);
    clm_discount__map_init(&b->products);
    clm_discount__map_init(&b->groups);
    for (size_t k = 0; k <= CLM_PRICE_CLIENT; k++)
        clm_discount__map_init(&b->aud[k]);
    rc = clm_discount__pset_dup(&b->set, s);
    if (rc == 0) {
        rc = build(b, groups);
        if (rc == CLM_ENOMEM)
            rc = clm_core__oom("price book");
    }
    if (rc < 0) {
        clm_price_book_free(b);
        return rc;
    }
    *out = b;
    return 0;
}

/* ---- lookup ------------------------------------------------------------------------ */

/* What one list gives for a query. */
typedef struct presult {
    int64_t price;
    uint32_t list;          /* the list asked */
    uint32_t entry;         /* index into b->entries of the entry the chain ended at */
    int inherited, derived;
    size_t dist;
} presult;

static bool valid_on(const clm_price_book *b, uint32_t li, clm_date d)
{
    return d >= b->lists[li].from && d <= b->lists[li].to;
}

/* Whether the query's product is the record's key (key_len bytes, no
 * NUL among them). The caller's length is not known, so its bytes are
 * read one at a time, each only after the one before matched a key byte
 * (not its end): never past its NUL. Unrolled by four: a branch a byte. */
__attribute__((always_inline)) static inline bool key_is(const char *key, size_t key_len, const char *product)
{
    size_t k = 0;
    for (; k + 4 <= key_len; k += 4)
        if (key[k] != product[k] || key[k + 1] != product[k + 1] || key[k + 2] != product[k + 2] ||
            key[k + 3] != product[k + 3])
            return false;
    for (; k < key_len; k++)
        if (key[k] != product[k])
            return false;
    return product[key_len] == '\0';
}

/* The record of product `product` (hash h), or NONE. */
__attribute__((always_inline)) static inline uint32_t find_record(const clm_price_book *b, const char *product,
                                                                  uint64_t h)
{
    if (b->pslots == NULL)
        return CLM__NONE32;
    uint32_t tag = (uint32_t)(h >> 32) & ~3u;
    for (size_t i = pslot_of(h, b->pmask);; i = (i + 1) & b->pmask) {
        clm_discount__pslot sl = b->pslots[i];
        if (sl.rec == CLM__NONE32)
            return CLM__NONE32;
        if ((sl.tag & ~3u) != tag)
            continue;
        const unsigned char *r = b->hot + (size_t)sl.rec * 8;
        const clm_discount__prec *hd = (const clm_discount__prec *)(const void *)r;
        if (key_is((const char *)(r + sizeof *hd), hd->key_len, product))
            return sl.rec;
    }
}

/* The first entry of list li in record rec that is valid on the date and
 * not above the quantity (its index into b->entries), or NONE; *price
 * receives the entry's unit price, or -1 for a formula on a base list. */
static uint32_t scan(const clm_price_book *b, uint32_t rec, uint32_t li, const clm_price_query *q,
                     int64_t *price)
{
    const unsigned char *r = b->hot + (size_t)rec * 8;
    const clm_discount__prec *hd = (const clm_discount__prec *)(const void *)r;
    if (((hd->lists >> (li & 63)) & 1) == 0)
        return CLM__NONE32; /* no run of list li */
    const unsigned char *ents = r + sizeof *hd + (hd->key_len + 7u) / 8 * 8;
    const clm_discount__prest *rest = (const clm_discount__prest *)(const void *)(r - sizeof *rest);
    uint32_t start, end;
    if ((hd->flags & CLM_DISCOUNT__PREC_FIRST) != 0 && li < 64 && (hd->lists & ((UINT64_C(1) << li) - 1)) == 0) {
        /* li's bit is the filter's lowest, which only the first run's
         * list sets: li is that list, its entries come first */
        start = 0;
        end = hd->n0;
    } else {
        const clm_discount__prun *run = (const clm_discount__prun *)(const void *)((const unsigned char *)rest -
                                                                                  rest->nruns * sizeof *run);
        /* the runs are by list (at least one: the filter's bit is set):
         * li's, or the first after it, by a binary search whose steps
         * depend only on the number of runs (a conditional move each, no
         * branch on the lists to mispredict) */
        size_t lo = 0, n = rest->nruns;
        while (n > 1) {
            size_t half = n / 2;
            lo = run[lo + half].list < li ? lo + half : lo;
            n -= half;
        }
        lo += run[lo].list < li;
        if (lo == rest->nruns || run[lo].list != li)
            return CLM__NONE32;
        start = run[lo].start;
        end = lo + 1 < rest->nruns ? run[lo + 1].start : rest->len;
    }
    /* within the run: highest minimum quantity first, then latest
     * valid-from, then definition order, so the first that fits wins;
     * the caller checked the list's period, which is the entries' unless
     * the record is dated */
    uint32_t k = start;
    if ((hd->flags & (CLM_DISCOUNT__PREC_NARROW | CLM_DISCOUNT__PREC_DATED)) == CLM_DISCOUNT__PREC_NARROW) {
        /* the entries above the quantity are a prefix of the run: count
         * them without a branch to mispredict */
        const clm_discount__pnarrow *e = (const clm_discount__pnarrow *)(const void *)ents;
        for (uint32_t j = start; j < end; j++)
            k += e[j].min_qty > q->quantity;
        if (k == end)
            return CLM__NONE32;
        *price = e[k].price;
        return hd->first + k;
    }
    bool narrow = (hd->flags & CLM_DISCOUNT__PREC_NARROW) != 0;
    const clm_discount__pnarrow *en = (const clm_discount__pnarrow *)(const void *)ents;
    const clm_discount__phot *ew = (const clm_discount__phot *)(const void *)ents;
    bool dated = (hd->flags & CLM_DISCOUNT__PREC_DATED) != 0;
    /* the dates follow all the entries: their number is in the counts */
    const clm_discount__pdates *d = (const clm_discount__pdates *)(const void *)(
        ents + (rest->len * (narrow ? sizeof *en : sizeof *ew) + 7) / 8 * 8);
    for (; k < end; k++)
        if ((narrow ? en[k].min_qty : ew[k].min_qty) <= q->quantity &&
            (!dated || (q->date >= d[k].from && q->date <= d[k].to))) {
            *price = narrow ? en[k].price : ew[k].price;
            return hd->first + k;
        }
    return CLM__NONE32;
}

/* List li's own entry for the line (its index into b->entries), or NONE:
 * the first of the product's record (rec), then of the line's group and
 * each ancestor's that prices it; *dist is the target's distance (0 the
 * product, 1 the group...), *price the entry's unit price or -1 for a
 * formula on a base list. */
static inline uint32_t own_entry(const clm_price_book *b, uint32_t li, uint32_t rec, uint32_t line_group,
                                 const clm_price_query *q, int64_t *price, size_t *dist)
{
    uint32_t ei = CLM__NONE32;
    size_t d = 0;
    *price = -1;
    if (rec != CLM__NONE32 && b->lists[li].by_product)
        ei = scan(b, rec, li, q, price);
    /* a list without group entries has nothing under the line's groups */
    for (uint32_t g = b->lists[li].by_group ? line_group : CLM__NONE32; ei == CLM__NONE32 && g != CLM__NONE32;
         g = b->group_parent[g]) {
        d++;
        if (b->group_rec[g] != CLM__NONE32)
            ei = scan(b, b->group_rec[g], li, q, price);
        if (d > b->ngroups)
            break;
    }
    *dist = d;
    return ei;
}

/* What a lookup computes once: the product's bucket, the line's group;
 * and the last list resolved for it (a category list inheriting from the
 * retail list resolves the retail list again: its answer is the same). */
typedef struct pctx {
    const clm_price_query *q;
    uint32_t product_rec;   /* the product's record, or NONE */
    uint32_t line_group;
    uint32_t memo_list;     /* NONE: nothing remembered */
    int memo_rc;            /* 0 or 1 */
    presult memo;
} pctx;

static int resolve(presult *out, const clm_price_book *b, uint32_t li, pctx *c, size_t depth);

static int entry_price(presult *out, const clm_price_book *b, uint32_t ei, pctx *c, size_t depth)
{
    const clm_price_query *q = c->q;
    const clm_discount__pentry *e = &b->entries[ei];
    if (e->base == CLM__NONE32) {
        out->price = e->price;
        return 0;
    }
    presult base;
    int rc = resolve(&base, b, e->base, c, depth + 1);
    if (rc < 0)
        return rc;
    const char *lid = b->lists[e->list].l->pub.id, *bid = b->lists[e->base].l->pub.id;
    if (rc == 1)
        return clm_core__fail_at(CLM_ENOTFOUND, "base", "", 0,
                                 "price list %s, entry %u: its base list %s has no price for product %.64s",
                                 lid, e->index + 1, bid, q->product);
    rc = clm_discount__formula_run(&out->price, &e->pub->formula, base.price);
    if (rc < 0)
        return clm_core__fail_at(rc, "formula", "", 0, "price list %s, entry %u: %s", lid, e->index + 1,
                                 clm_error_last()->message);
    out->derived = 1;
    return 0;
}

static int resolve_list(presult *out, const clm_price_book *b, uint32_t li, pctx *c, size_t depth);

/* 0 and *out when list li prices q, 1 when it does not, or an error. */
static int resolve(presult *out, const clm_price_book *b, uint32_t li, pctx *c, size_t depth)
{
    if (li == c->memo_list) {
        if (c->memo_rc == 0)
            *out = c->memo;
        return c->memo_rc;
    }
    /* resolve_list() remembers what it found itself (from registers: a
     * copy of *out read back right after its fields were stored waits for
     * the stores) */
    int rc = resolve_list(out, b, li, c, depth);
    if (rc == 1) {
        c->memo_list = li;
        c->memo_rc = 1;
    }
    return rc;
}

/* *out = c's memo = r, for list li. */
static int found(presult *out, pctx *c, uint32_t li, presult r)
{
    *out = r;
    c->memo = r;
    c->memo_list = li;
    c->memo_rc = 0;
    return 0;
}

static int resolve_list(presult *out, const clm_price_book *b, uint32_t li, pctx *c, size_t depth)
{
    const clm_price_query *q = c->q;
    if (depth > b->nlists) /* the set was checked for cycles: never */
        return clm_core__fail(CLM_ESTATE, "price lists: derivation too deep");
    if (!valid_on(b, li, q->date))
        return 1;
    size_t dist;
    int64_t own;
    uint32_t ei = own_entry(b, li, c->product_rec, c->line_group, q, &own, &dist);
    if (ei != CLM__NONE32) {
        presult r = { .price = own, .list = li, .entry = ei, .dist = dist };
        if (own >= 0) /* a price of its own: the record has it */
            return found(out, c, li, r);
        int rc = entry_price(&r, b, ei, c, depth);
        return rc < 0 ? rc : found(out, c, li, r);
    }
    uint32_t parent = b->lists[li].parent;
    if (parent == CLM__NONE32)
        return 1;
    presult pr;
    int rc = resolve(&pr, b, parent, c, depth + 1);
    if (rc != 0)
        return rc;
    const clm_discount__plist *l = b->lists[li].l;
    int64_t price = 0;
    rc = clm_discount__formula_run(&price, &l->pub.parent_formula, pr.price);
    if (rc < 0)
        return clm_core__fail_at(rc, "parent_formula", "", 0, "price list %s: %s", l->pub.id,
                                 clm_error_last()->message);
    presult r = pr;
    r.price = price;
    r.list = li;
    r.inherited = 1;
    return found(out, c, li, r);
}

/* Which precedence key puts a before b: negative if a comes first, 0 if
 * equal; |result| is the key's number (1 audience ... 5 definition). */
static int precede(const clm_price_book *b, const presult *x, const presult *y)
{
    clm_price_audience ax = b->lists[x->list].audience, ay = b->lists[y->list].audience;
    if (ax != ay)
        return ax > ay ? -1 : 1;
    if (x->dist != y->dist)
        return x->dist < y->dist ? -2 : 2;
    const clm_discount__pentry *ex = &b->entries[x->entry], *ey = &b->entries[y->entry];
    if (ex->min_qty != ey->min_qty)
        return ex->min_qty > ey->min_qty ? -3 : 3;
    if (ex->from != ey->from)
        return ex->from > ey->from ? -4 : 4;
    if (x->list != y->list)
        return x->list < y->list ? -5 : 5;
    if (ex->list != ey->list)
        return ex->list < ey->list ? -5 : 5;
    return ex->index < ey->index ? -5 : (ex->index > ey->index ? 5 : 0);
}

static int query_check(const clm_price_book *b, const clm_price_query *q)
{
    if (b == NULL || q == NULL)
        return clm_core__fail(CLM_EINVAL, "price lookup: NULL argument");
    int rc = clm_core__check_version(q->version, CLM_PRICE_QUERY_VERSION, "price query");
    if (rc < 0)
        return rc;
    clm_currency cur;
    if ((rc = clm_currency_find(&cur, q->currency)) < 0)
        return rc;
    if (q->product == NULL || q->product[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "product", "", 0, "price lookup: the product is missing");
    if (q->quantity <= 0)
        return clm_core__fail_at(CLM_EINVAL, "quantity", "", 0,
                                 "price lookup: the quantity must be positive (thousandths of a unit)");
    if (q->date < CLM_DATE_MIN || q->date > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "date", "", 0, "price lookup: the date is not a valid date");
    if (q->category_count > 0 && q->categories == NULL)
        return clm_core__fail_at(CLM_EINVAL, "categories", "", 0, "price lookup: the categories are missing");
    for (size_t i = 0; i < q->category_count; i++)
        if (q->categories[i] == NULL)
            return clm_core__fail_at(CLM_EINVAL, "categories", "", 0, "price lookup: category %zu is NULL", i + 1);
    return 0;
}

static uint32_t group_of(const clm_price_book *b, const char *group)
{
    return group ? clm_discount__map_get(&b->groups, group) : CLM__NONE32;
}

static void fmt_money(char *buf, size_t size, const clm_price_book *b, uint32_t li, int64_t amount)
{
    clm_discount__fmt_money(buf, size, amount, b->lists[li].exponent, b->lists[li].l->pub.currency);
}

/* "list wholesale (category wholesale), entry 2 (product P, from 100, 2026-01-01..2026-12-31)" */
static size_t describe_entry(char *buf, size_t size, const clm_price_book *b, uint32_t ei)
{
    const clm_discount__pentry *e = &b->entries[ei];
    const clm_price_list_def *l = &b->lists[e->list].l->pub;
    char q[48], from[16] = "", to[16] = "";
    clm_discount__fmt_qty(q, sizeof q, e->min_qty);
    if (e->from != CLM_DATE_MIN)
        clm_core__date_text(from, sizeof from, e->from);
    if (e->to != CLM_DATE_MAX)
        clm_core__date_text(to, sizeof to, e->to);
    int n = snprintf(buf, size, clm_core__tr("list %s entry %u (%s %s, from %s units%s%s%s%s)"), l->id, e->index + 1,
                     e->pub->product ? clm_core__tr("product") : clm_core__tr("group"), e->pub->product ? e->pub->product : e->pub->group, q,
                     e->from != CLM_DATE_MIN || e->to != CLM_DATE_MAX ? clm_core__tr(", valid ") : "", from,
                     e->from != CLM_DATE_MIN || e->to != CLM_DATE_MAX ? ".." : "", to);
    return n < 0 ? 0 : ((size_t)n < size ? (size_t)n : size - 1);
}

static size_t describe_formula(char *buf, size_t size, const clm_price_book *b, uint32_t li,
                               const clm_price_formula *f)
{
    char r[32], a[64], st[64];
    clm_discount__fmt_rate(r, sizeof r, f->rate < 0 ? -f->rate : f->rate);
    fmt_money(a, sizeof a, b, li, f->amount < 0 ? -f->amount : f->amount);
    fmt_money(st, sizeof st, b, li, f->step);
    int n = snprintf(buf, size, clm_core__tr("%s%s%s%s, rounded to %s %s"), f->rate == 0 ? "" : (f->rate < 0 ? " - " : " + "),
                     f->rate == 0 ? "" : r, f->amount == 0 ? "" : (f->amount < 0 ? " - " : " + "),
                     f->amount == 0 ? "" : a, st, clm_rounding_name(f->rounding));
    return n < 0 ? 0 : ((size_t)n < size ? (size_t)n : size - 1);
}

/* Describes how list li arrived at r (recomputing the chain). */
static void describe(clm_core__buf *o, const clm_price_book *b, const presult *r, pctx *c)
{
    char buf[512], m[64];
    fmt_money(m, sizeof m, b, r->list, r->price);
    const clm_price_list_def *l = &b->lists[r->list].l->pub;
    clm_core__buf_printf(o, clm_core__tr("%s from list %s (%s%s%s)"), m, l->id, clm_price_audience_name(l->audience),
                         l->audience_value ? " " : "", l->audience_value ? l->audience_value : "");
    /* walk the inheritance down to the entry's list */
    uint32_t li = r->list;
    while (li != b->entries[r->entry].list && b->lists[li].parent != CLM__NONE32) {
        describe_formula(buf, sizeof buf, b, li, &b->lists[li].l->pub.parent_formula);
        clm_core__buf_printf(o, clm_core__tr(": inherits list %s%s"), b->lists[b->lists[li].parent].l->pub.id, buf);
        li = b->lists[li].parent;
    }
    describe_entry(buf, sizeof buf, b, r->entry);
    clm_core__buf_printf(o, "; %s", buf);
    const clm_discount__pentry *e = &b->entries[r->entry];
    if (e->base != CLM__NONE32) {
        presult base;
        if (resolve(&base, b, e->base, c, 1) == 0) {
            fmt_money(m, sizeof m, b, e->base, base.price);
            describe_formula(buf, sizeof buf, b, e->list, &e->pub->formula);
            clm_core__buf_printf(o, clm_core__tr(" = list %s's %s%s"), b->lists[e->base].l->pub.id, m, buf);
        }
    }
}

static void ctx_init_group(pctx *c, const clm_price_book *b, const clm_price_query *q);

static void ctx_init(pctx *c, const clm_price_book *b, const clm_price_query *q)
{
    ctx_init_group(c, b, q);
    c->product_rec = find_record(b, q->product, clm_discount__hash(q->product));
}

static void ctx_init_group(pctx *c, const clm_price_book *b, const clm_price_query *q)
{
    c->q = q;
    c->line_group = group_of(b, q->group);
    c->memo_list = CLM__NONE32;
    c->memo_rc = 1;
}

/* Calls visit() on every list whose audience is the query's client, the
 * most specific audience first (precede() breaks ties by definition
 * order): those filed under the client's id, categories, region, channel,
 * then everyone's. A
 * list is visited once even when two of the client's categories name it
 * (they cannot: a list has one audience value). */
typedef int (*visit_fn)(const clm_price_book *b, uint32_t li, pctx *c, void *payload);

static int visit_range(const clm_price_book *b, clm_price_audience a, const char *value, pctx *c,
                       visit_fn visit, void *payload)
{
    if (value == NULL)
        return 0;
    uint32_t r = clm_discount__map_get(&b->aud[a], value);
    if (r == CLM__NONE32)
        return 0;
    for (uint32_t k = 0; k < b->aud_ranges[r].len; k++) {
        int rc = visit(b, b->aud_items[b->aud_ranges[r].off + k], c, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int candidates(const clm_price_book *b, pctx *c, visit_fn visit, void *payload)
{
    /* the most specific audience first: visit() may stop (a value > 0)
     * once no list left can win */
    const clm_price_query *q = c->q;
    int rc = visit_range(b, CLM_PRICE_CLIENT, q->client, c, visit, payload);
    for (size_t i = 0; i < q->category_count && rc == 0; i++) {
        /* a category named twice by the client counts once */
        bool again = false;
        for (size_t j = 0; j < i && !again; j++)
            again = strcmp(q->categories[j], q->categories[i]) == 0;
        if (!again)
            rc = visit_range(b, CLM_PRICE_CATEGORY, q->categories[i], c, visit, payload);
    }
    if (rc == 0)
        rc = visit_range(b, CLM_PRICE_REGION, q->region, c, visit, payload);
    if (rc == 0)
        rc = visit_range(b, CLM_PRICE_CHANNEL, q->channel, c, visit, payload);
    for (size_t k = 0; k < b->neveryone && rc == 0; k++)
        rc = visit(b, b->everyone[k], c, payload);
    return rc;
}

typedef struct best_acc {
    presult best;
    int found;
} best_acc;

static int keep_best(const clm_price_book *b, uint32_t li, pctx *c, void *payload)
{
    best_acc *a = payload;
    /* lists come most specific audience first: once one prices the
     * query, a list of a lower audience cannot win and is not asked */
    if (a->found && b->lists[li].audience < b->lists[a->best.list].audience)
        return 1;
    if (memcmp(b->lists[li].l->pub.currency, c->q->currency, 4) != 0)
        return 0;
    presult r;
    int rc = resolve(&r, b, li, c, 0);
    if (rc < 0)
        return rc;
    if (rc == 0 && (!a->found || precede(b, &r, &a->best) < 0)) {
        a->best = r;
        a->found = 1;
    }
    return 0;
}

static int quote(clm_price_quote *out, const clm_price_book *b, const clm_price_query *q, pctx *c,
                 const best_acc *acc, char *why, size_t why_size);

int clm_discount__pbook_price(clm_price_quote *out, const clm_price_book *b, const clm_price_query *q,
                              char *why, size_t why_size)
{
    pctx c;
    ctx_init(&c, b, q);
    best_acc acc;
    acc.found = 0;
    int rc = candidates(b, &c, keep_best, &acc);
    if (rc < 0)
        return rc;
    return quote(out, b, q, &c, &acc, why, why_size);
}

static size_t add_audience(uint32_t *lists, size_t n, const clm_price_book *b, clm_price_audience a,
                           const char *value)
{
    uint32_t r = value != NULL ? clm_discount__map_get(&b->aud[a], value) : CLM__NONE32;
    if (r != CLM__NONE32)
        for (uint32_t k = 0; k < b->aud_ranges[r].len; k++)
            lists[n++] = b->aud_items[b->aud_ranges[r].off + k];
    return n;
}

size_t clm_discount__pbook_audience(uint32_t *lists, const clm_price_book *b, const clm_price_query *q)
{
    size_t n = 0;
    for (size_t k = 0; k < b->neveryone; k++)
        lists[n++] = b->everyone[k];
    n = add_audience(lists, n, b, CLM_PRICE_CLIENT, q->client);
    for (size_t i = 0; i < q->category_count; i++) {
        bool again = false;
        for (size_t j = 0; j < i && !again; j++)
            again = strcmp(q->categories[j], q->categories[i]) == 0;
        if (!again)
            n = add_audience(lists, n, b, CLM_PRICE_CATEGORY, q->categories[i]);
    }
    n = add_audience(lists, n, b, CLM_PRICE_REGION, q->region);
    n = add_audience(lists, n, b, CLM_PRICE_CHANNEL, q->channel);
    /* only the lists of the query's currency can price it (keep_best);
     * the most specific audience first (precede()'s first key), so a
     * lookup may stop at the first audience that prices the line */
    size_t m = 0;
    for (int a = CLM_PRICE_CLIENT; a >= CLM_PRICE_EVERYONE; a--)
        for (size_t k = 0; k < n; k++) {
            const clm_price_list_def *l = &b->lists[lists[k]].l->pub;
            if ((int)l->audience == a && memcmp(l->currency, q->currency, 4) == 0)
                lists[n + m++] = lists[k];
        }
    memmove(lists, lists + n, m * sizeof *lists);
    return m;
}

uint32_t clm_discount__pbook_group(const clm_price_book *b, const char *group)
{
    return group_of(b, group);
}

static int price_in_general(int64_t *out, const clm_price_book *b, const clm_price_query *q, uint32_t rec,
                            uint32_t group, const uint32_t *lists, size_t n);

/* The deepest chain of inheriting lists lean() follows; a longer one
 * takes resolve(). */
#define LEAN_CHAIN 8
#define LEAN_GENERAL 2 /* lean(): the line takes resolve() */

/*
 * resolve() for list li in the shapes a lookup usually meets, without its
 * memo, recursion or copies: li's entries for the product (and the line's
 * groups), else its parent's, and so on up the chain; the entry found has
 * a price of its own and the inherited formulas run in 64 bits
 * (clm_discount__formula_small()). 0 and *out, or 1 (no price), exactly
 * as resolve(); LEAN_GENERAL for anything else (an entry priced by a
 * formula on a base list, a long chain, a formula's figure beyond 31 bits
 * or an error), which resolve() then answers. Writes nothing else.
 */
static int lean(presult *out, const clm_price_book *b, uint32_t li, const clm_price_query *q, uint32_t rec,
                uint32_t line_group)
{
    uint32_t chain[LEAN_CHAIN];
    const uint32_t asked = li;
    size_t depth = 0;
    for (;;) {
        const clm_discount__blist *l = &b->lists[li];
        if (!valid_on(b, li, q->date))
            return 1;
        size_t dist;
        int64_t price;
        uint32_t ei = own_entry(b, li, rec, line_group, q, &price, &dist);
        if (ei != CLM__NONE32) {
            if (price < 0)
                return LEAN_GENERAL; /* a formula on a base list */
            /* down the chain: each list's formula on its parent's price */
            while (depth > 0)
                if (!clm_discount__formula_small(&price, &b->lists[chain[--depth]].l->pub.parent_formula, price))
                    return LEAN_GENERAL;
            *out = (presult){ .price = price, .list = asked, .entry = ei, .dist = dist, .inherited = li != asked };
            return 0;
        }
        if (l->parent == CLM__NONE32)
            return 1;
        if (depth == LEAN_CHAIN)
            return LEAN_GENERAL;
        chain[depth++] = li;
        li = l->parent;
    }
}

/* num / den rounded by a bias (every mode but half-even) or half-even:
 * clm_discount__round() for a num that is never negative, in unsigned
 * 64 bits (price_internal.h bounds num + bias below 2^63). */
__attribute__((always_inline)) static inline int64_t fall_div(uint64_t num, uint64_t den, uint64_t bias, bool even)
{
    if (!even)
        return (int64_t)((num + bias) / den);
    uint64_t q = num / den, twice = num % den * 2;
    return (int64_t)(q + (twice > den || (twice == den && (q & 1))));
}

/*
 * lean() for list li in the shape most lookups of a category list meet:
 * the product's record (hd, not NONE) has no entry of li (its bit in the
 * filter is clear; li names no group, fall_of() checked), so li takes its
 * parent's price for the product, which is the parent's first run in the
 * record, narrow and not dated; the formula's ranges were checked by
 * fall_of(). 0 and *out or 1 (no price), exactly as lean(); LEAN_GENERAL
 * for anything else, which lean() then answers.
 */
__attribute__((always_inline)) static inline int fall(presult *out, const clm_price_book *b, uint32_t li,
                                                      const clm_price_query *q, const clm_discount__prec *hd)
{
    const clm_discount__blist *l = &b->lists[li];
    const clm_discount__pfall *f = &l->fall;
    if (f->kind == CLM_DISCOUNT__FALL_NONE || ((hd->lists >> (li & 63)) & 1) != 0)
        return LEAN_GENERAL;
    if (!valid_on(b, li, q->date))
        return 1;
    uint32_t p = l->parent;
    if (!valid_on(b, p, q->date))
        return 1;
    /* the parent's entries come first in the record (as scan() finds them) */
    if ((hd->flags & (CLM_DISCOUNT__PREC_FIRST | CLM_DISCOUNT__PREC_NARROW | CLM_DISCOUNT__PREC_DATED)) !=
            (CLM_DISCOUNT__PREC_FIRST | CLM_DISCOUNT__PREC_NARROW) ||
        (hd->lists & f->upto) != f->pbit)
        return LEAN_GENERAL;
    const clm_discount__pnarrow *e = (const clm_discount__pnarrow *)(const void *)((const unsigned char *)(hd + 1) +
                                                                                  (hd->key_len + 7u) / 8 * 8);
    /* the entries above the quantity are a prefix of the run (scan());
     * a narrow minimum is at most INT32_MAX, so a quantity beyond it
     * compares as INT32_MAX */
    const int32_t qty = q->quantity > INT32_MAX ? INT32_MAX : (int32_t)q->quantity;
    uint32_t k = 0, n0 = hd->n0;
    /* up to 8 breaks without a loop (CLM_DISCOUNT__EACH8), the jump the
     * same for every line of the product */
#define CLM__ABOVE(j) (k += e[j].min_qty > qty)
    CLM_DISCOUNT__EACH8(n0, CLM__ABOVE);
#undef CLM__ABOVE
    if (k == n0 || e[k].price < 0)
        return LEAN_GENERAL; /* the line's groups, or a formula on a base list */
    uint64_t num = (uint64_t)e[k].price * (uint64_t)f->factor + (uint64_t)f->amount;
    int64_t price;
    switch (f->kind) {
    case CLM_DISCOUNT__FALL_1:
        price = fall_div(num, 1000000u, (uint64_t)f->bias, false);
        break;
    case CLM_DISCOUNT__FALL_100:
        price = fall_div(num, 100000000u, (uint64_t)f->bias, false) * 100;
        break;
    case CLM_DISCOUNT__FALL_ANY:
        price = fall_div(num, (uint64_t)f->den, (uint64_t)f->bias, false) * f->step;
        break;
    case CLM_DISCOUNT__FALL_EVEN_1:
        price = fall_div(num, 1000000u, 0, true);
        break;
    case CLM_DISCOUNT__FALL_EVEN_100:
        price = fall_div(num, 100000000u, 0, true) * 100;
        break;
    default:
        price = fall_div(num, (uint64_t)f->den, 0, true) * f->step;
        break;
    }
    *out = (presult){ .price = price, .list = li, .entry = hd->first + k, .inherited = 1 };
    return 0;
}

/* clm_discount__pbook_price_in() list after list, by fall() where it
 * answers, else lean(): the lines the first list's fall() leaves (rec:
 * the product's record, or NONE). Kept out of line, so that the usual
 * line's path has the registers to itself. */
__attribute__((noinline)) static int price_in_lean(int64_t *out, const clm_price_book *b, const clm_price_query *q,
                                                   uint32_t rec, uint32_t group, const uint32_t *lists, size_t n)
{
    const clm_discount__prec *hd =
        rec != CLM__NONE32 ? (const clm_discount__prec *)(const void *)(b->hot + (size_t)rec * 8) : NULL;
    /* the best so far and the one asked, by turns: a result is never
     * copied (a copy read back right after lean() stored its fields waits
     * for the stores) */
    presult r[2];
    int best = -1, cur = 0;
    for (size_t k = 0; k < n; k++) {
        /* lists come by audience, most specific first: once one prices
         * the line, a list of a lower audience cannot win */
        if (best >= 0 && b->lists[lists[k]].audience < b->lists[r[best].list].audience)
            break;
        int rc = hd != NULL ? fall(&r[cur], b, lists[k], q, hd) : LEAN_GENERAL;
        if (rc == LEAN_GENERAL)
            rc = lean(&r[cur], b, lists[k], q, rec, group);
        if (rc == LEAN_GENERAL)
            return price_in_general(out, b, q, rec, group, lists, n);
        if (rc == 0 && (best < 0 || precede(b, &r[cur], &r[best]) < 0)) {
            best = cur;
            cur ^= 1;
        }
    }
    if (best < 0)
        return price_in_general(out, b, q, rec, group, lists, n); /* the error */
    *out = r[best].price;
    return 0;
}

int clm_discount__pbook_price_in(int64_t *out, const clm_price_book *b, const clm_price_query *q,
                                 uint64_t product_hash, uint32_t group, const uint32_t *lists, size_t n)
{
    uint32_t rec = find_record(b, q->product, product_hash);
    /* the usual line: the first list (the most specific audience) answers
     * by fall() and is the only list of its audience, so no other list
     * can win (price_in_lean()'s loop would stop at the second) */
    if (rec != CLM__NONE32 && n > 0) {
        presult r;
        const clm_discount__prec *hd = (const clm_discount__prec *)(const void *)(b->hot + (size_t)rec * 8);
        if (fall(&r, b, lists[0], q, hd) == 0 &&
            (n == 1 || b->lists[lists[1]].audience < b->lists[lists[0]].audience)) {
            *out = r.price;
            return 0;
        }
    }
    return price_in_lean(out, b, q, rec, group, lists, n);
}

/* clm_discount__pbook_price_in() by resolve(): the lines lean() leaves. */
static int price_in_general(int64_t *out, const clm_price_book *b, const clm_price_query *q, uint32_t rec,
                            uint32_t group, const uint32_t *lists, size_t n)
{
    pctx c;
    c.q = q;
    c.line_group = group;
    c.memo_list = CLM__NONE32;
    c.memo_rc = 1;
    c.product_rec = rec;
    best_acc acc;
    acc.found = 0;
    for (size_t k = 0; k < n; k++) {
        /* lists come by audience, most specific first: once one prices
         * the line, a list of a lower audience cannot win */
        if (acc.found && b->lists[lists[k]].audience < b->lists[acc.best.list].audience)
            break;
        presult r;
        int rc = resolve(&r, b, lists[k], &c, 0);
        if (rc < 0)
            return rc;
        if (rc == 0 && (!acc.found || precede(b, &r, &acc.best) < 0)) {
            acc.best = r;
            acc.found = 1;
        }
    }
    if (!acc.found) {
        clm_price_quote unused;
        return quote(&unused, b, q, &c, &acc, NULL, 0); /* the error */
    }
    *out = acc.best.price;
    return 0;
}

static int quote(clm_price_quote *out, const clm_price_book *b, const clm_price_query *q, pctx *c,
                 const best_acc *acc, char *why, size_t why_size)
{
    int found = acc->found;
    presult best = acc->best;
    if (!found)
        return clm_core__fail_at(CLM_ENOTFOUND, "product", "", 0,
                                 "no price list in %s prices product %.64s%s%.64s for this client on this date "
                                 "at this quantity",
                                 q->currency, q->product, q->group ? " (group " : "",
                                 q->group ? q->group : "");
    const clm_discount__pentry *e = &b->entries[best.entry];
    memset(out, 0, sizeof *out);
    /* the list's currency is the query's (a known code: the set was
     * checked), so no lookup of the code is needed */
    out->unit_price.amount = best.price;
    memcpy(out->unit_price.currency, b->lists[best.list].l->pub.currency, 4);
    out->list = best.list;
    out->list_id = b->lists[best.list].l->pub.id;
    out->entry_list = e->list;
    out->entry = e->index;
    out->inherited = best.inherited;
    out->derived = best.derived;
    out->audience = b->lists[best.list].l->pub.audience;
    out->target_distance = best.dist;
    out->min_quantity = e->min_qty;
    out->valid_from = e->from;
    if (why != NULL && why_size > 0) {
        clm_core__buf o;
        clm_core__buf_init(&o);
        describe(&o, b, &best, c);
        if (o.failed || o.data == NULL)
            why[0] = '\0';
        else
            snprintf(why, why_size, "%s", o.data);
        clm_core__buf_free(&o);
    }
    return 0;
}

void clm_discount__pbook_prefetch(const clm_price_book *b, uint64_t product_hash, int pass)
{
    if (b->pslots == NULL)
        return;
    const clm_discount__pslot *home = &b->pslots[pslot_of(product_hash, b->pmask)];
    if (pass == 0) {
        __builtin_prefetch(home);
        return;
    }
    /* the first slot with the hash's tag: its record, up to 4 lines */
    uint32_t tag = (uint32_t)(product_hash >> 32) & ~3u;
    size_t i = (size_t)(home - b->pslots);
    for (int k = 0; k < 4 && b->pslots[i].rec != CLM__NONE32; k++, i = (i + 1) & b->pmask)
        if ((b->pslots[i].tag & ~3u) == tag) {
            const char *r = (const char *)(b->hot + (size_t)b->pslots[i].rec * 8);
            for (uint32_t l = 0; l <= (b->pslots[i].tag & 3u); l++)
                __builtin_prefetch(r + LINE * l);
            return;
        }
}

int clm_price_book_lookup(clm_price_quote *out, const clm_price_book *b, const clm_price_query *q)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "price lookup: out is NULL");
    int rc = query_check(b, q);
    if (rc < 0)
        return rc;
    clm_price_quote r;
    rc = clm_discount__pbook_price(&r, b, q, NULL, 0);
    if (rc == 0)
        *out = r;
    return rc;
}

static const char *const key_names[] = {
    "", CLM_N_("audience"), CLM_N_("target (product over group over parent group)"),
    CLM_N_("quantity break (highest not above the quantity)"), CLM_N_("latest valid-from"),
    CLM_N_("order of definition"),
};

typedef struct cand {
    presult r;
    const clm_price_book *b;
} cand;

typedef struct collect_acc {
    cand *c;
    size_t n;
    const clm_price_book *b;
} collect_acc;

static int collect(const clm_price_book *b, uint32_t li, pctx *c, void *payload)
{
    collect_acc *a = payload;
    if (memcmp(b->lists[li].l->pub.currency, c->q->currency, 4) != 0)
        return 0;
    if (resolve(&a->c[a->n].r, b, li, c, 0) == 0) {
        a->c[a->n].b = b;
        a->n++;
    }
    return 0;
}

static int cmp_cand(const void *pa, const void *pb)
{
    const cand *a = pa, *c = pb;
    return precede(a->b, &a->r, &c->r);
}

int clm_price_book_explain(char **out, const clm_price_book *b, const clm_price_query *q)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "price explain: out is NULL");
    int rc = query_check(b, q);
    if (rc < 0)
        return rc;
    clm_price_quote best;
    if ((rc = clm_discount__pbook_price(&best, b, q, NULL, 0)) < 0)
        return rc;
    pctx ctx;
    ctx_init(&ctx, b, q);
    collect_acc acc = { clm_core__calloc(b->nlists ? b->nlists : 1, sizeof(cand)), 0, b };
    if (acc.c == NULL)
        return clm_core__oom("price explanation");
    candidates(b, &ctx, collect, &acc);
    cand *c = acc.c;
    size_t n = acc.n;
    clm_core__qsort(c, n, sizeof *c, cmp_cand);
    clm_core__buf o;
    clm_core__buf_init(&o);
    for (size_t i = 0; i < n; i++) {
        if (i == 0) {
            clm_core__buf_puts(&o, clm_core__tr("chosen: "));
        } else {
            int k = precede(b, &c[i - 1].r, &c[i].r);
            k = k < 0 ? -k : k;
            clm_core__buf_printf(&o, clm_core__tr("not chosen (%s): "), clm_core__tr(key_names[k]));
        }
        describe(&o, b, &c[i].r, &ctx);
        clm_core__buf_puts(&o, "\n");
    }
    clm_core__free(c);
    char *text;
    if (clm_core__buf_finish(&o, &text, NULL) != 0)
        return clm_core__oom("price explanation");
    *out = text;
    return 0;
}

/* ---- the discount engine with a price book ----------------------------------------- */

int clm_discount_policy_compile_with_prices(clm_discount_engine **out, const clm_discount_policy *p,
                                            clm_price_book *prices)
{
    if (prices == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_discount_policy_compile_with_prices: prices is NULL");
    clm_discount_engine *e;
    int rc = clm_discount_policy_compile(&e, p);
    if (rc < 0)
        return rc;
    /* the engine's groups by their ids in the book, so a line's group is
     * looked up once for both */
    e->book_group = clm_core__reallocarray(NULL, e->ngroups + 1, sizeof *e->book_group);
    if (e->book_group == NULL) {
        clm_discount_engine_free(e);
        return clm_core__oom("discount engine with prices");
    }
    for (size_t g = 0; g < e->ngroups; g++)
        e->book_group[g] = group_of(prices, e->group_names[g]);
    clm_discount__pbook_hold(prices);
    e->prices = prices;
    e->one = clm_discount__one_eligible(e); /* no: its lines may take the book's prices */
    *out = e;
    return 0;
}
