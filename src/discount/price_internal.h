/*
 * price_internal.h — the structures shared by the price-list sources in
 * src/discount (price_set.c, price_book.c, price_xml.c, evaluate.c).
 * Not installed; nothing here is exported.
 */
#ifndef CLM_PRICE_INTERNAL_H
#define CLM_PRICE_INTERNAL_H

#include <stdatomic.h>

#include "clm/price.h"
#include "discount_internal.h"

/* ---- the set --------------------------------------------------------------- */
typedef struct clm_discount__plist {
    clm_price_list_def pub;          /* strings owned */
    clm_price_entry *entries;        /* strings owned */
    size_t n, cap;
} clm_discount__plist;

struct clm_price_set {
    clm_discount__plist *lists;
    size_t n, cap;
    clm_discount__map ids;           /* list id -> index (keys: pub.id) */
    size_t nentries;
};

/* A deep copy of a set. */
int clm_discount__pset_dup(clm_price_set **out, const clm_price_set *s);
/* clm_price_set_check(), telling which list (and entry, or NONE for the
 * list's parent) the failure was found at. */
int clm_discount__pset_check(const clm_price_set *s, size_t *list, size_t *entry);
/* The index of list `id`, or CLM__NONE32. */
uint32_t clm_discount__pset_find(const clm_price_set *s, const char *id);

/* clm_price_formula_apply() without its checks of the arguments, for a
 * formula and a base already known good (a set's formulas are checked
 * when added; a book's prices are not negative): the same arithmetic,
 * the same errors for a negative or too large result. */
int clm_discount__formula_run(int64_t *out, const clm_price_formula *f, int64_t base);

/* clm_discount__formula_run() in 64 bits for the figures a lookup usually
 * meets (a base and a factor of at most 31 bits, an amount of at most 31,
 * a step whose 10^6-fold fits): true and *out, the same result to the
 * unit by the same division and rounding; false (nothing written) for
 * anything else, negative results included, which the caller then passes
 * to clm_discount__formula_run() for the figure or the error. */
static inline bool clm_discount__formula_small(int64_t *out, const clm_price_formula *f, int64_t base)
{
    int64_t factor = CLM_RATE_ONE + f->rate;
    if (base < 0 || base > INT32_MAX || factor < 0 || factor > INT32_MAX || f->amount < INT32_MIN ||
        f->amount > INT32_MAX || f->step < 1 || f->step > INT64_MAX / CLM_RATE_ONE)
        return false;
    /* |num| < 2^62 + 2^51: no overflow */
    int64_t num = base * factor + f->amount * CLM_RATE_ONE;
    if (num < 0)
        return false;
    /* q * step <= num / 10^6 + step: fits. The usual steps (one minor
     * unit, a whole unit of 100) divide by a constant, which the compiler
     * turns into a multiplication: the same quotient and remainder. */
    int64_t q, rem, den;
    switch (f->step) {
    case 1:
        den = CLM_RATE_ONE;
        q = num / CLM_RATE_ONE;
        rem = num % CLM_RATE_ONE;
        break;
    case 100:
        den = 100 * CLM_RATE_ONE;
        q = num / (100 * CLM_RATE_ONE);
        rem = num % (100 * CLM_RATE_ONE);
        break;
    default:
        den = f->step * CLM_RATE_ONE;
        q = num / den;
        rem = num % den;
        break;
    }
    *out = (int64_t)clm_discount__round(q, rem, den, f->rounding) * f->step;
    return true;
}

/* ---- the book ------------------------------------------------------------------ */
typedef struct clm_discount__pentry {
    uint32_t list;        /* list index */
    uint32_t index;       /* entry index in its list */
    uint32_t base;        /* list index of the formula's base, or NONE */
    clm_date from, to;    /* effective: the entry's within the list's */
    int64_t min_qty;
    int64_t price;
    const clm_price_entry *pub;
} clm_discount__pentry;

/*
 * The lookup's short path for a list with no entry of its own for the
 * product (price_book.c, fall()): the parent's price for the product, the
 * first run of its record (flag FIRST, NARROW, not DATED), through the
 * list's formula. Filled when the book is built, for a list whose
 * formula cannot fail, overflow or go negative on any price a narrow
 * record holds (0 ... INT32_MAX): factor and amount within 31 bits, the
 * amount not negative, the step's 10^6-fold at most 2^61; so
 * num = base x factor + amount x 10^6 is in 0 ... 2^62 + 2^51,
 * num + bias < 2^63 and the result (num + bias) / den x step, at most
 * (num + bias) / 10^6, fits. The lookup then runs the formula without
 * checking it: the same figure as clm_discount__formula_run(), which
 * rounds num / den by the mode and multiplies by the step.
 */
enum {
    CLM_DISCOUNT__FALL_NONE = 0, /* no short path: lean() */
    CLM_DISCOUNT__FALL_1,        /* step 1: (num + bias) / 10^6 */
    CLM_DISCOUNT__FALL_100,      /* step 100: (num + bias) / 10^8 */
    CLM_DISCOUNT__FALL_ANY,      /* any step: (num + bias) / den */
    CLM_DISCOUNT__FALL_EVEN_1,   /* half-even, step 1 */
    CLM_DISCOUNT__FALL_EVEN_100, /* half-even, step 100 */
    CLM_DISCOUNT__FALL_EVEN_ANY  /* half-even, any step */
};

typedef struct clm_discount__pfall {
    int64_t factor;       /* 10^6 + the formula's rate: 0 ... INT32_MAX */
    int64_t amount;       /* the formula's amount x 10^6, amount 0 ... INT32_MAX */
    int64_t den;          /* step x 10^6: 10^6 ... 2^61 */
    int64_t bias;         /* added before the division: half-up den / 2,
                             half-down den / 2 - 1, up and ceiling den - 1,
                             down and floor 0 (num is never negative) */
    int64_t step;
    uint64_t upto;        /* bits 0 ... parent of a record's filter */
    uint64_t pbit;        /* the parent's bit: the record's first run is the
                             parent's when (filter & upto) == pbit */
    uint8_t kind;         /* CLM_DISCOUNT__FALL_* */
} clm_discount__pfall;

typedef struct clm_discount__blist {
    const clm_discount__plist *l;
    uint32_t parent;      /* list index or NONE */
    int32_t exponent;
    clm_date from, to;    /* the list's validity, copied beside the rest */
    clm_price_audience audience;
    bool by_product;      /* some entry of the list names a product */
    bool by_group;        /* some entry names a group: only then are the
                             line's groups looked at for this list */
    clm_discount__pfall fall; /* the short path to the parent's price */
} clm_discount__blist;

/*
 * The compact index the lookups read (price_book.c builds it): one record
 * per bucket (a product, or a group some entry names) in one block. A
 * record's header starts on a 64-byte line, and what a lookup reads every
 * time comes first, so that the usual lookup (the product's first list:
 * a retail list and its quantity breaks) reads one line:
 *
 *   clm_discount__prec    the header (16 bytes, a filter of the lists present);
 *   key_len bytes         the product id (none for a group), padded to 8;
 *   len x clm_discount__pnarrow  the bucket's entries in b->entries order
 *                         (entry k of the record is b->entries[first + k]),
 *                         by list, when every minimum quantity and price
 *                         fits 32 bits (flag NARROW), else len x
 *                         clm_discount__phot; padded to 8;
 *   len x clm_discount__pdates   only with flag DATED: the entries'
 *                         effective periods. Without it every entry is
 *                         valid whenever its list is, which the lookup
 *                         checks before it reads the record.
 *
 * and, ending where the header starts (in the previous record's last
 * line, or the line before the header):
 *
 *   nruns x clm_discount__prun   one per list with entries in the bucket,
 *                         by list index;
 *   clm_discount__prest   the number of entries and runs.
 *
 * With flag FIRST the first run's list is the filter's lowest bit and the
 * only run that sets it, and the run has n0 entries: a lookup of that
 * list needs neither the runs nor the counts.
 */
#define CLM_DISCOUNT__PREC_DATED 1u   /* an entry's period is narrower than its list's */
#define CLM_DISCOUNT__PREC_NARROW 2u  /* entries as clm_discount__pnarrow */
#define CLM_DISCOUNT__PREC_FIRST 4u   /* the first run is list ctz(lists), n0 entries */

typedef struct clm_discount__prec {
    uint64_t lists;       /* bit (list & 63) set for each run's list: a
                             clear bit answers "no entry of this list"
                             without reading the runs (most lookups of a
                             category list for a product it does not name) */
    uint32_t first;       /* index into b->entries of the bucket's first entry */
    uint16_t n0;          /* with flag FIRST: the first run's entries */
    uint8_t key_len;      /* <= CLM_ID_MAX */
    uint8_t flags;        /* CLM_DISCOUNT__PREC_* */
} clm_discount__prec;

typedef struct clm_discount__prest {
    uint32_t len;         /* entries in the bucket */
    uint32_t nruns;
} clm_discount__prest;

typedef struct clm_discount__prun {
    uint32_t list;
    uint32_t start;       /* the list's first entry in the record */
} clm_discount__prun;

typedef struct clm_discount__phot {
    int64_t min_qty;
    int64_t price;        /* the unit price; -1 when the entry is a formula on a base list */
} clm_discount__phot;

typedef struct clm_discount__pnarrow {
    int32_t min_qty;
    int32_t price;        /* -1: a formula on a base list */
} clm_discount__pnarrow;

typedef struct clm_discount__pdates {
    clm_date from, to;    /* effective: the entry's within its list's */
} clm_discount__pdates;

/* A slot of the product index: the hash's high half with its two low
 * bits replaced by the lines from the record's header to the end of its
 * first run's entries, less one (at most 3: what a memory hint asks
 * for), and the header's offset in 8-byte units (CLM__NONE32: an empty
 * slot). */
typedef struct clm_discount__pslot {
    uint32_t tag;
    uint32_t rec;
} clm_discount__pslot;

struct clm_price_book {
    atomic_uint refs;
    clm_price_set *set;                 /* private copy */
    clm_discount__blist *lists;
    size_t nlists;
    clm_discount__pentry *entries;      /* grouped by bucket */
    size_t nentries;
    clm_discount__bucket *buckets;      /* ranges of entries */
    size_t nbuckets;
    clm_discount__map products;         /* product -> bucket (compiling only; then empty) */
    clm_discount__map groups;           /* group -> group id */
    char **group_names;                 /* owned */
    uint32_t *group_parent;             /* NONE for a top group */
    uint32_t *group_bucket;             /* NONE if no entry names it */
    uint32_t *group_rec;                /* its record in `hot`, or NONE */
    unsigned char *hot;                 /* the records (64-byte aligned, in hot_block) */
    void *hot_block;                    /* owned */
    clm_discount__pslot *pslots;        /* product -> record, open addressing */
    size_t pmask;                       /* slots - 1 (a power of two minus one) */
    size_t ngroups;
    /* lists by audience: everyone's, and per kind a map value -> range of
     * `aud_items` (list indexes), so a lookup visits only its client's */
    uint32_t *everyone;
    size_t neveryone;
    clm_discount__map aud[CLM_PRICE_CLIENT + 1];
    clm_discount__bucket *aud_ranges;
    uint32_t *aud_items;
};

/* Takes one more hold on a book. */
void clm_discount__pbook_hold(clm_price_book *b);

/* The price of `q`; 0, or an error recorded with the line named when
 * line_no != NONE. q is trusted (checked by the caller). `why`, when not
 * NULL, receives a one-line description of the origin. */
int clm_discount__pbook_price(clm_price_quote *out, const clm_price_book *b,
                              const clm_price_query *q, char *why, size_t why_size);

/* The lists of b that the query's client sees in the query's currency
 * (everyone's, the client's own, its categories', region's and
 * channel's), the most specific audience first, into lists[] (room for
 * 2 x b->nlists); returns how many. Depends only on the
 * query's client, currency and channel: a document computes it once. */
size_t clm_discount__pbook_audience(uint32_t *lists, const clm_price_book *b, const clm_price_query *q);
/* The unit price clm_discount__pbook_price() finds, without the quote or
 * the trace, over the lists given by
 * clm_discount__pbook_audience() for the same client; product_hash is
 * clm_discount__hash(q->product) and group the book's id of q->group
 * (clm_discount__pbook_group). */
int clm_discount__pbook_price_in(int64_t *out, const clm_price_book *b, const clm_price_query *q,
                                 uint64_t product_hash, uint32_t group, const uint32_t *lists, size_t n);
/* The book's id of group `group` (NULL or unknown: NONE), as `group` of
 * clm_discount__pbook_price_in() takes it. */
uint32_t clm_discount__pbook_group(const clm_price_book *b, const char *group);

/* Memory hints for the lookups of a document's lines, which would
 * otherwise wait for each cache miss in turn: pass 0 asks for the product
 * index's slot of every line, pass 1 (the slots arrived) for the
 * product's record (CLM_DISCOUNT__PBOOK_PASSES passes). Each pass runs
 * over all the lines before the next, so the misses of one pass overlap.
 * Changes nothing and answers nothing: a hash collision only wastes a
 * hint. `product_hash` is clm_discount__hash(product). */
#define CLM_DISCOUNT__PBOOK_PASSES 2
void clm_discount__pbook_prefetch(const clm_price_book *b, uint64_t product_hash, int pass);

#endif /* CLM_PRICE_INTERNAL_H */
