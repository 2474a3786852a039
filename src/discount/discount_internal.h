/*
 * discount_internal.h — the structures shared by the sources in src/discount.
 * Not installed; nothing here is exported.
 */
#ifndef CLM_DISCOUNT_INTERNAL_H
#define CLM_DISCOUNT_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "clm/discount.h"
#include "clm/idcheck.h"
#include "clm/lang.h"
#include "core/core.h"

/* 128-bit intermediates for amounts at 10^-6 of a minor unit ("micro"). */

#define CLM_DISCOUNT__MICRO INT64_C(1000000)
/* e->bit_kept[]: one kept choice, above the sum of up to 63 rates of at
 * most CLM_RATE_ONE each */
#define CLM_DISCOUNT__KEPT_ONE (UINT64_C(1) << 32)

/* Rounds q + rem/den (q >= 0, 0 <= rem < den) by `mode`: the values it
 * rounds are never negative, so CEILING is UP and FLOOR is DOWN. */
static inline clm_core__i128 clm_discount__round(clm_core__i128 q, clm_core__i128 rem, clm_core__i128 den,
                                    clm_rounding mode)
{
    if (rem == 0)
        return q;
    clm_core__i128 twice = rem * 2;
    switch (mode) {
    case CLM_ROUND_UP:
    case CLM_ROUND_CEILING:
        return q + 1;
    case CLM_ROUND_HALF_UP:
        return twice >= den ? q + 1 : q;
    case CLM_ROUND_HALF_DOWN:
        return twice > den ? q + 1 : q;
    case CLM_ROUND_HALF_EVEN:
        return (twice > den || (twice == den && (q & 1))) ? q + 1 : q;
    default:
        return q;
    }
}

/* a * b / c rounded by `mode`, for a >= 0, 0 <= b <= c, 0 < c <= INT64_MAX:
 * the result never exceeds a and nothing overflows. */
static inline clm_core__i128 clm_discount__muldiv(clm_core__i128 a, int64_t b, int64_t c, clm_rounding mode)
{
    if (a <= INT64_MAX && c <= INT32_MAX) {
        /* the common case in 64 bits: r < c and b <= c keep r * b < 2^62 */
        uint64_t q = (uint64_t)a / (uint64_t)c, r = (uint64_t)a % (uint64_t)c;
        uint64_t t = r * (uint64_t)b;
        return clm_discount__round((clm_core__i128)(q * (uint64_t)b + t / (uint64_t)c),
                           (clm_core__i128)(t % (uint64_t)c), c, mode);
    }
    clm_core__i128 q = a / c, r = a % c;
    clm_core__i128 t = r * b;
    return clm_discount__round(q * b + t / c, t % c, c, mode);
}
/* a x b / 10^6 rounded by `mode`, for 0 <= a <= INT64_MAX and
 * 0 <= b <= 10^6: clm_discount__muldiv() in 64 bits (the result never
 * exceeds a). */
static inline int64_t clm_discount__muldiv64(int64_t a, int64_t b, clm_rounding mode)
{
    uint64_t q = (uint64_t)a / 1000000u, r = (uint64_t)a % 1000000u;
    uint64_t t = r * (uint64_t)b;
    uint64_t v = q * (uint64_t)b + t / 1000000u, rem = t % 1000000u;
    if (rem == 0)
        return (int64_t)v;
    switch (mode) {
    case CLM_ROUND_UP:
    case CLM_ROUND_CEILING:
        return (int64_t)v + 1;
    case CLM_ROUND_HALF_UP:
        return (int64_t)v + (2 * rem >= 1000000u);
    case CLM_ROUND_HALF_DOWN:
        return (int64_t)v + (2 * rem > 1000000u);
    case CLM_ROUND_HALF_EVEN:
        return (int64_t)v + (2 * rem > 1000000u || (2 * rem == 1000000u && (v & 1)));
    default:
        return (int64_t)v;
    }
}
#define CLM__NONE32 UINT32_MAX

/* v / 10^6 rounded by `mode`, for 0 <= v <= INT64_MAX: as
 * clm_discount__round(v / 10^6, v % 10^6, 10^6, mode) in 64 bits, with
 * no branch on the remainder (it varies from line to line). */
static inline int64_t clm_discount__unmicro(int64_t v, clm_rounding mode)
{
    uint64_t q = (uint64_t)v / 1000000u, r = (uint64_t)v % 1000000u;
    /* a policy's default first: a compare, where the switch is a jump
     * through a table */
    if (mode == CLM_ROUND_HALF_EVEN)
        return (int64_t)(q + ((2 * r > 1000000u) | ((2 * r == 1000000u) & (q & 1))));
    switch (mode) {
    case CLM_ROUND_UP:
    case CLM_ROUND_CEILING:
        return (int64_t)(q + (r != 0));
    case CLM_ROUND_HALF_UP:
        return (int64_t)(q + (2 * r >= 1000000u));
    case CLM_ROUND_HALF_DOWN:
        return (int64_t)(q + (2 * r > 1000000u));
    default: /* DOWN, FLOOR (v >= 0); HALF_EVEN above */
        return (int64_t)q;
    }
}

/* memset(p, 0, n) in pieces of 32 bytes and the rest: gcc's generic
 * tuning makes one memset of a struct of more than a few dozen bytes a
 * `rep stos`, whose start-up costs more than the stores themselves on
 * the paths that zero a result per line or per document. n constant. */
static inline void clm_discount__zero(void *p, size_t n)
{
    char *c = p;
    size_t i = 0;
    /* unrolled: n is constant, so the pieces are a few plain stores and
     * no loop counts them */
#pragma GCC unroll 8
    for (; i + 32 <= n; i += 32)
        memset(c + i, 0, 32);
    memset(c + i, 0, n - i);
}

/* memcpy(d, s, n) for the pieces of the trace's sentences, most of them a
 * few bytes long: up to 16 bytes as two overlapping loads and stores of a
 * fixed size (plain moves, where a call to memcpy() costs more than the
 * copy, and gcc makes a byte loop such a call); longer by memcpy(). */
static inline void clm_discount__copy(char *d, const char *s, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n < 4) {
        if (n > 0)
            d[0] = s[0];
        if (n > 1)
            d[1] = s[1];
        if (n > 2)
            d[2] = s[2];
    } else {
        memcpy(d, s, n);
    }
}

/* ---- string -> index map (open addressing, keys borrowed) -------------- */
/* One slot: the hash, the key and the value side by side, so a probe
 * touches one cache line before it compares the key. */
typedef struct clm_discount__slot {
    uint64_t hash;
    const char *key;   /* NULL: empty */
    uint32_t val;
} clm_discount__slot;

typedef struct clm_discount__map {
    clm_discount__slot *slots;
    size_t cap;   /* power of two or 0 */
    size_t count;
} clm_discount__map;

uint64_t clm_discount__hash(const char *s);
void clm_discount__map_init(clm_discount__map *m);
void clm_discount__map_free(clm_discount__map *m);
/* Makes room for `extra` more keys; the only call that allocates. */
int clm_discount__map_reserve(clm_discount__map *m, size_t extra);
/* Inserts (key must be absent and room reserved). `key` must outlive m. */
void clm_discount__map_put(clm_discount__map *m, const char *key, uint32_t val);
/* The value of key, or CLM__NONE32. */
uint32_t clm_discount__map_get(const clm_discount__map *m, const char *key);
/* The slot holding key, or NULL; _h given h = clm_discount__hash(key). */
const clm_discount__slot *clm_discount__map_find(const clm_discount__map *m, const char *key);
const clm_discount__slot *clm_discount__map_find_h(const clm_discount__map *m, const char *key,
                                                   uint64_t h);
/* As clm_discount__map_get(), given h = clm_discount__hash(key). */
uint32_t clm_discount__map_get_h(const clm_discount__map *m, const char *key, uint64_t h);
/* The slot a key of hash h is first looked for at (NULL for an empty
 * map): for memory hints only, never for an answer. */
const clm_discount__slot *clm_discount__map_home(const clm_discount__map *m, uint64_t h);

/* ---- the policy ---------------------------------------------------------- */
typedef struct clm_discount__rule {
    clm_discount_rule pub;           /* strings owned */
    clm_discount_condition *conds;   /* values / group owned */
    size_t ncond, capcond;
} clm_discount__rule;

typedef struct clm_discount__group {
    char *name;
    char *parent;                    /* "" for a top-level group */
} clm_discount__group;

typedef struct clm_discount__rolecaps {
    char *role;
    clm_discount_caps caps;
} clm_discount__rolecaps;

struct clm_discount_policy {
    char *name;
    char currency[4];
    clm_discount_stacking stacking;
    clm_rounding rounding;
    clm_discount_margin_basis basis;
    clm_discount_coupon_match coupon_match;
    clm_discount_caps caps;
    clm_discount__rolecaps *role_caps;
    size_t nrole_caps, caprole_caps;
    clm_discount__group *groups;
    size_t ngroups, capgroups;
    clm_discount__map group_index;
    clm_discount__rule *rules;
    size_t nrules, caprules;
    clm_discount__map rule_index;
    clm_discount_approval *ladder;   /* role owned */
    size_t nladder, capladder;
};

/* Validation shared by the policy setters (conditions.c, actions.c, caps.c). */
/* Checks the values of a set condition on an enumerated fact against the
 * owning module's names (legal types); CLM_EINVAL naming the value and
 * `rule`, 0 for every other kind. */
int clm_discount__cond_vocabulary(clm_discount_cond_kind kind, const char *const *values,
                                  size_t n, const char *rule);
int clm_discount__cond_check(const clm_discount_condition *c, const clm_discount_rule *r);
int clm_discount__cond_copy(clm_discount_condition *dst, const clm_discount_condition *src);
void clm_discount__cond_free(clm_discount_condition *c);
int clm_discount__action_check(const clm_discount_rule *r);
int clm_discount__caps_check(const clm_discount_caps *c, clm_discount_margin_basis b,
                     const char *who);
/* 1 if the condition kind looks at a line (product, group, line ranges). */
bool clm_discount__cond_is_line(clm_discount_cond_kind k);

/* ---- the engine ---------------------------------------------------------- */
typedef struct clm_discount__ccond {
    const clm_discount_condition *c;
    /* c's kind and bounds, copied here so that testing a range reads
     * this array alone, not the policy's scattered conditions */
    clm_discount_cond_kind kind;
    uint32_t slot;       /* GROUP_QUANTITY/AMOUNT: index into the doc sums */
    int64_t min, max;
    uint32_t *gids;      /* GROUP: the values as group ids (unknown: NONE) */
} clm_discount__ccond;

/* A compiled rule. Its conditions are reordered: the line conditions
 * first (they change from line to line and are cheap), then the document
 * conditions (the same for every line of a document, so their outcome is
 * cached per document). The anchor condition, which the index proves
 * whenever the rule is a candidate, is left out. */
typedef struct clm_discount__crule {
    const clm_discount__rule *r;
    clm_discount__ccond *conds;
    size_t ncond;        /* without the anchor */
    size_t nline;        /* conds[0..nline) look at the line */
    uint32_t excl;       /* exclusion group id + 1; 0 for none */
    uint32_t share;      /* AMOUNT_OFF_DOCUMENT: its row of shares; else NONE */
    /* copies of r's action kind, rate and priority, read on every line */
    clm_discount_action_kind kind;
    int32_t priority;
    clm_rate rate;
    /* CLM_DISCOUNT_COND_LINE_QUANTITY or _LINE_AMOUNT when the rule's
     * only condition besides its anchor is that range (conds[0]), tested
     * in place; 0 otherwise */
    clm_discount_cond_kind line_range;
    /* quick.c: PERCENT rules' place when discounts on one positive base
     * are compared (rate descending, then priority, then definition
     * order), and every rule's place in the order of application
     * (priority descending, then definition order); 0 is first */
    uint32_t rank;
    uint32_t apply;
    /* a line decides whether it holds: filed under a product or a group,
     * or with a line condition; else it holds for a whole document or
     * for none of its lines */
    bool per_line;
    /* likewise CLM_DISCOUNT_COND_DOC_QUANTITY or _DOC_AMOUNT when the
     * rule's only condition is that range on the document (quick.c tests
     * it in place); 0 otherwise (a byte: the struct keeps its size) */
    uint8_t doc_range;
} clm_discount__crule;

/* A list of rule indexes, ascending, in the engine's `items`. */
typedef struct clm_discount__bucket {
    uint32_t off;
    uint32_t len;
} clm_discount__bucket;

/* STEP(j) for each j of 0 .. n - 1, in no promised order: up to 8 by a
 * jump into a straight run of turns (the jump the same for every call
 * with the same n: no loop counter, no exit to mispredict, no vector
 * set-up for a handful of items), more by a loop. STEP is a macro or
 * function taking the index; n is read once. */
#define CLM_DISCOUNT__EACH8(n, STEP)                                                     \
    do {                                                                                \
        size_t clm__n_ = (size_t)(n);                                                   \
        switch (clm__n_) {                                                              \
        case 8: STEP(7); __attribute__((fallthrough));                                  \
        case 7: STEP(6); __attribute__((fallthrough));                                  \
        case 6: STEP(5); __attribute__((fallthrough));                                  \
        case 5: STEP(4); __attribute__((fallthrough));                                  \
        case 4: STEP(3); __attribute__((fallthrough));                                  \
        case 3: STEP(2); __attribute__((fallthrough));                                  \
        case 2: STEP(1); __attribute__((fallthrough));                                  \
        case 1: STEP(0); __attribute__((fallthrough));                                  \
        case 0: break;                                                                  \
        default:                                                                        \
            for (size_t clm__j_ = 0; clm__j_ < clm__n_; clm__j_++)                      \
                STEP(clm__j_);                                                          \
            break;                                                                      \
        }                                                                               \
    } while (0)

/* A table of at most four segments read in three compares, without a
 * loop (clm_discount__tiers4_bits()): start[j] is the table's
 * starts[j + 1], INT64_MAX past its last; hold[k] segment k's bits, the
 * last segment's past it (so that a value of INT64_MAX, which counts a
 * padded start too, still reads the last segment). */
typedef struct clm_discount__tiers4 {
    int64_t start[3];
    uint64_t hold[4];
} clm_discount__tiers4;

/* The bits of the segment of t that holds v: the starts at or below v
 * counted, a fixed number of turns without a branch on v (a scan that
 * stops at v's segment mispredicts its exit on about every other
 * document). */
static inline uint64_t clm_discount__tiers4_bits(const clm_discount__tiers4 *t, int64_t v)
{
    return t->hold[(size_t)(t->start[0] <= v) + (size_t)(t->start[1] <= v) +
                   (size_t)(t->start[2] <= v)];
}

/* t's first nseg (1 to 4) starts (starts[0] INT64_MIN) and their
 * segments' bits hold[0 .. nseg) as a tiers4 table. */
static inline void clm_discount__tiers4_make(clm_discount__tiers4 *t, const int64_t *starts,
                                             const uint64_t *hold, size_t nseg)
{
    for (size_t j = 0; j < 4; j++) {
        if (j < 3)
            t->start[j] = j + 1 < nseg ? starts[j + 1] : INT64_MAX;
        t->hold[j] = hold[j < nseg ? j : nseg - 1];
    }
}

/* A threshold table (thresholds.c): segment k, [starts[k], starts[k+1]),
 * of the fact's values has the rules items[off[k] .. off[k+1]) holding. */
#define CLM_DISCOUNT__FACTS 5
typedef struct clm_discount__ftable {
    clm_discount_cond_kind kind;
    int64_t *starts;              /* nseg, ascending, starts[0] = INT64_MIN */
    uint32_t *off;                /* nseg + 1 */
    uint32_t *items;
    size_t nseg;                  /* 0: no table for this fact */
    uint64_t *hold;               /* e->masks: per segment, its rules' bits */
    clm_discount__tiers4 t4;      /* e->masks and nseg 1 to 4: starts and
                                     hold as a tiers4 table */
} clm_discount__ftable;

/* A piece of a sentence: its bytes (no NUL needed) and their length. */
typedef struct clm_discount__piece {
    const char *s;
    size_t len;
} clm_discount__piece;

struct clm_discount_engine {
    clm_discount_policy *policy;  /* private deep copy */
    clm_discount__crule *rules;
    size_t nrules;
    int exponent;                 /* minor-unit digits of the currency */
    /* groups: every group the policy declares or names */
    clm_discount__map group_ids;
    const char **group_names;
    uint32_t *group_parent;       /* CLM__NONE32 for a top group */
    uint32_t *group_slot;         /* sum slot of the group or NONE */
    uint32_t *group_bucket;       /* rules anchored on the group, or NONE */
    size_t ngroups;
    size_t max_depth;             /* longest ancestor chain */
    uint32_t *chain_off;          /* ngroups + 1: group g's chain is    */
    uint32_t *chains;             /* chains[chain_off[g] .. chain_off[g+1]) */
    uint32_t *gcand_off;          /* ngroups + 1, or NULL: the rules filed */
    uint32_t *gcands;             /* under g's chain, each once (compile.c) */
    size_t nslots;                /* groups summed by GROUP_* conditions */
    /* anchors */
    clm_discount__map product_ids;      /* product -> bucket */
    clm_discount__map category_ids;     /* category -> bucket */
    clm_discount__bucket *buckets;
    size_t nbuckets;
    uint32_t *items;
    size_t nitems;
    uint32_t *general;            /* line rules with no anchor */
    size_t ngeneral;
    clm_discount__ftable ftables[CLM_DISCOUNT__FACTS]; /* general rules by fact */
    uint8_t tabled[CLM_DISCOUNT__FACTS]; /* the facts with a table, */
    size_t ntabled;                      /* in ftables' order */
    const clm_discount__ftable *tab1;    /* e->masks: the one table when
                                            ntabled is 1 and it has at most
                                            4 segments (read as its t4), else
                                            NULL */
    clm_discount__map coupon_ids; /* folded coupon code -> its rules' run */
    char *coupon_keys;            /* the folded codes */
    uint32_t *coupon_off;         /* NULL, or a code's run of coupon_items */
    uint32_t *coupon_items;       /* general rules whose one condition is a coupon */
    uint32_t *untabled;           /* the general rules no table answers */
    size_t nuntabled;
    /* untraced pricing tests a document's candidates that look only at
     * the document and have a condition besides their anchor
     * (clm_discount__price()); whether a list holds one: */
    bool untabled_tests;          /* e->untabled */
    bool *bucket_tests;           /* per bucket */
    uint32_t *doc_rules;          /* EARLY_PAYMENT rules */
    size_t ndoc_rules;
    size_t nshare;                /* AMOUNT_OFF_DOCUMENT rules */
    clm_discount__map excl_ids;         /* exclusion group -> id */
    clm_discount__ccond *cconds;           /* every rule's compiled conditions */
    uint32_t *gids;               /* the GROUP conditions' values as ids */
    bool quick;                   /* clm_discount__quick_eligible() */
    bool *xline;                  /* per exclusion group id: a member is
                                     per_line (so lines resolve it) */
    /* quick.c with at most 63 rules: rule r is bit rules[r].rank */
    bool masks;
    bool one;                     /* clm_discount__one_eligible() */
    /* the approval ladder read by the discount alone (compile.c's
     * ladder_by_rate()): 1 to 4 steps, none asking for a margin, their
     * limits non-decreasing; ladder_max[] those limits, NO_LIMIT as
     * INT64_MAX, padded with INT64_MAX. The first step covering a rate r
     * is then the count of limits below r (quick.c's one_approve()). */
    bool ladder4;
    clm_rate ladder_max[4];
    bool tenure;                  /* a rule tests the client's tenure (a
                                     compiled TENURE condition) */
    uint64_t *mmask;              /* per choice: the PERCENT rules of an
                                     exclusion group, or one in none, and
                                     bit 63 (no rule's); the first nmline
                                     have a per_line member */
    size_t nmmask, nmline;
    /* e->masks, untraced: what each list a document draws candidates
     * from gives it (compile.c's doc_masks()); list L < nbuckets is
     * bucket L, list nbuckets the untabled general rules: the bits of
     * its rules that hold once drawn, the line tests of those with a line
     * condition, the rules tested on the document */
    uint64_t *lhold;              /* nbuckets + 1 */
    uint32_t *ltest_off;          /* nbuckets + 2: list L's tests are */
    struct clm_discount__test *ltests; /* ltests[ltest_off[L] .. [L + 1]) */
    uint32_t *lcheck_off;         /* nbuckets + 2: its document tests */
    uint32_t *lchecks;            /* (rule indexes) likewise */
    /* the untabled rules' line tests as tables when every one is a range
     * on the line's quantity (lrange[0]) or amount (lrange[1]): NULL
     * when they are not (ltests then serves) */
    struct clm_discount__rtable *lrange;
    const struct clm_discount__test *utests; /* the untabled rules' tests: */
    size_t nutests;               /* ltests[ltest_off[nbuckets] ..] */
    uint64_t *coupon_hold;        /* per coupon code: its rules' bits */
    uint64_t dchoice_bits;        /* the bits of mmask[nmline .. nmmask) */
    uint64_t bit_choice[64];      /* for each PERCENT rule's bit, its choice's mmask */
    uint64_t *gmask;              /* per group: its candidates holding on
                                     every line of it (no condition left) */
    uint32_t *gcond_off;          /* ngroups + 1: group g's other candidates */
    uint32_t *gconds;             /* are gconds[gcond_off[g] .. [g + 1]) */
    uint64_t pct_mask;            /* every PERCENT rule */
    uint64_t sur_mask;            /* SURCHARGE rules */
    clm_rate bit_rate[64];        /* the rate of each bit's rule; 0 for
                                     bit 63, which is no rule's */
    uint32_t bit_rule[64];        /* the rule of each bit */
    /* each PERCENT rule's bit: its rate plus one choice kept,
     * CLM_DISCOUNT__KEPT_ONE (0 for bit 63), so that a choice's lowest
     * holding bit adds both at once (a rate is at most CLM_RATE_ONE: 63
     * of them stay below the count's bits) */
    uint64_t bit_kept[64];
    int64_t bounded_base;         /* the largest document base whose pricing
                                     cannot overflow (doc_check_bounded) */
    int64_t bounded_scaled;       /* bounded_base x CLM_DISCOUNT_QTY_SCALE
                                     (clm_discount__one_line_ok()) */
    struct clm_price_book *prices; /* held; NULL without a price book */
    uint32_t *book_group;          /* with prices: each group's id in the book, or NONE */
    /* result.c: the scratch memory of the last evaluation that finished,
     * for the next one to take (one at a time, by atomic exchange), so
     * pricing a document with its trace allocates no scratch; NULL when
     * none is spare. Freed with the engine. */
    _Atomic(struct clm_discount__spare *) spare;
    /* texts.c: the policy's constant sentence parts, one set per language
     * (clm_lang), made by the first traced evaluation in it; NULL until
     * then. Freed with the engine. */
    _Atomic(struct clm_discount__texts *) texts[CLM_LANG_COUNT];
    /* per rule, its id and the id's length: the trace entries' names, the
     * same in every language */
    clm_discount__piece *rule_names;
};

/* result.c: frees the engine's spare scratch (clm_discount_engine_free). */
void clm_discount__spare_free(clm_discount_engine *e);

/* texts.c: what a condition asks for (clm_discount__cond_want) and what a
 * rule does (clm_discount__action_describe, but for FREE_GOODS, which
 * counts the line's units), written once per language. */
typedef struct clm_discount__texts clm_discount__texts;
typedef struct clm_discount__ladder_texts clm_discount__ladder_texts;
/* The engine's texts in the thread's language, made now if they are not
 * yet; NULL when there is no memory for them (each part is then written
 * where it is used: the same text). Thread-safe. */
const clm_discount__texts *clm_discount__texts_get(const clm_discount_engine *e);
/* Condition cc's (one of e->cconds) wanted values, or NULL for a NULL x. */
const char *clm_discount__texts_want(const clm_discount__texts *x, const clm_discount_engine *e,
                                     const clm_discount__ccond *cc);
/* Condition cc's whole sentence when it fails, if it depends on the
 * policy alone (clm_discount__cond_fixed), with its length in *len; else
 * (or for a NULL x) NULL. */
const char *clm_discount__texts_fixed(const clm_discount__texts *x, const clm_discount_engine *e,
                                      const clm_discount__ccond *cc, size_t *len);
/* Condition cc's failure sentence (clm_discount__cond_sentence) when the
 * document gives its fact (`given`): the sentence with the fact's place
 * as one byte at offset *at, *len bytes in all with that byte; when it
 * does not: the whole sentence, *len bytes (*at untouched). NULL for a
 * NULL x, a category or coupon condition (clm_discount__texts_fixed), or
 * a sentence whose pieces could not be kept (the caller then writes it
 * with clm_discount__cond_sentence). */
const char *clm_discount__texts_frame(const clm_discount__texts *x, const clm_discount_engine *e,
                                      const clm_discount__ccond *cc, bool given, size_t *at,
                                      size_t *len);
/* Rule `rule`'s action, or NULL for a NULL x or a FREE_GOODS rule. */
const char *clm_discount__texts_action(const clm_discount__texts *x, uint32_t rule);
/* A sentence around one value: the text before it and the text after it. */
typedef struct clm_discount__pieces {
    const char *pre, *post;
    size_t pre_len, post_len;
} clm_discount__pieces;
/* Rule `rule`'s APPLIED sentence of stage 2 (stacking.c) around its
 * amount, with the cut (`cut`) or without: true and *out set; false for a
 * NULL x, a FREE_GOODS rule, or a sentence whose pieces could not be kept
 * (written whole as long as a reason may be, around one mark). Each
 * piece is as trace_stack() would write it. */
bool clm_discount__texts_applied(const clm_discount__texts *x, uint32_t rule, bool cut,
                                 clm_discount__pieces *out);
/* A sentence around two values: the text before the first, between them
 * and after the second. */
typedef struct clm_discount__pieces2 {
    const char *pre, *mid, *post;
    size_t pre_len, mid_len, post_len;
} clm_discount__pieces2;
/* Rule `rule`'s EXCLUDED sentence of stage 2 in state `state` (1: its
 * exclusion group, 2: best-only) around the winner's name and the amount
 * the rule would give: true and *out set; false for a NULL x, a FREE_GOODS
 * rule, a state the rule or the policy cannot be in, or pieces that could
 * not be kept. Each piece is as trace_stack() would write it. */
bool clm_discount__texts_excluded(const clm_discount__texts *x, uint32_t rule, int state,
                                  clm_discount__pieces2 *out);
/* The ROUNDING sentence of stage 3 around the exact amount: true and *out
 * set; false for a NULL x or pieces that could not be kept. */
bool clm_discount__texts_rounding(const clm_discount__texts *x, clm_discount__pieces *out);
/* Rule `rule`'s whole NO_EFFECT sentence of stage 2, its length in *len;
 * NULL as for clm_discount__texts_applied(). */
const char *clm_discount__texts_no_effect(const clm_discount__texts *x, uint32_t rule, size_t *len);
/* A line's BASE sentence (clm_discount__trace_base()) in five pieces
 * around its four values: true and out[0..5) set; false for a NULL x or
 * pieces that could not be kept. */
bool clm_discount__texts_base(const clm_discount__texts *x, clm_discount__piece *out);
/* The document's sentences kept with x (approval.c), or NULL for a NULL x
 * or when there was no memory for them. */
const clm_discount__ladder_texts *clm_discount__texts_ladder(const clm_discount__texts *x);
void clm_discount__texts_free(clm_discount_engine *e);
/* The sizes of the buffers those parts were always written into: a
 * condition's wanted values, an action's sentence. */
#define CLM_DISCOUNT__WANT_MAX 192
#define CLM_DISCOUNT__ACTION_MAX 320

/* thresholds.c: builds the tables and e->untabled from e->general, and
 * e->untabled_tests and e->bucket_tests (0, CLM_ENOMEM); frees them. */
int clm_discount__thresholds_build(clm_discount_engine *e);
void clm_discount__thresholds_free(clm_discount_engine *e);

/* ---- trace --------------------------------------------------------------- */

typedef struct clm_discount__trace_raw {
    size_t line;
    clm_discount_trace_kind kind;
    clm_discount_stage stage;
    size_t rule;
    size_t name_off;
    int64_t before, amount, after;
    size_t reason_off;
} clm_discount__trace_raw;

typedef struct clm_discount__trace {
    clm_discount__trace_raw *raw;
    size_t n, cap;
    clm_core__buf text;
    int failed;
    int exponent;
    const char *currency;
    size_t currency_len;
    const clm_discount__texts *texts;  /* the policy's constant parts, or NULL */
    clm_lang lang;               /* the thread's (clm_lang_get()), read once */
    /* the fact value last written into a reason, and its text: the
     * document's facts (its date, its totals) recur in every rule that
     * looks at them */
    int64_t got_value;
    int got_kind;                /* -1: none yet */
    char got[CLM_DISCOUNT__WANT_MAX];
    size_t got_len;
    /* the approval sentence (clm_discount__approve_explain), once written
     * for the trace's entry, for the result's clm_discount_result_approval() */
    bool has_why;
    char why[320];
    /* or, when not 0, where it is in `text` (the approval entry's reason
     * ends with it: clm_discount__trace_approval) */
    size_t why_off;
} clm_discount__trace;

void clm_discount__trace_init(clm_discount__trace *t, const char *currency, int exponent);
/* Makes room for about `entries` entries at once (a failure is the
 * trace's, reported at its end). */
void clm_discount__trace_reserve(clm_discount__trace *t, size_t entries);
void clm_discount__trace_free(clm_discount__trace *t);
/* Appends an entry whose reason is `fmt` in the thread's language
 * (clm_core__tr) formatted by clm_discount__vfmt(), cut to 511 bytes at
 * most and on a whole UTF-8 character (clm_core__utf8_cut).
 * No-op for a NULL t and after a failure. Every sentence of the trace,
 * in every language, is written by this one call. */
void clm_discount__trace_add(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                     clm_discount_stage stage, size_t rule, const char *name,
                     int64_t before, int64_t after, const char *fmt, ...)
    CLM__PRINTF(9, 10);
/* clm_discount__trace_add() for a format whose conversions are n (1..4)
 * plain %s, with their arguments arg[i] of alen[i] bytes
 * (clm_discount__fmt_pieces()): the same entry, without a strlen() per
 * argument. */
void clm_discount__trace_addn(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                              clm_discount_stage stage, size_t rule, const char *name, int64_t before,
                              int64_t after, const char *fmt, unsigned n, const char *const *arg,
                              const size_t *alen);
/* clm_discount__fmt_money() and clm_discount__fmt_qty() into buf
 * (CLM_DISCOUNT__AMOUNT_BUF bytes) in t's language, with t's currency
 * and exponent (clm_discount__trace_micro()); return the text's length. */
size_t clm_discount__trace_money(const clm_discount__trace *t, char *buf, int64_t minor);
size_t clm_discount__trace_qty(const clm_discount__trace *t, char *buf, int64_t q);
/* A line's BASE entry: "unit price x quantity = base (product ...)" in
 * t's language, from t's kept pieces (texts.c, which makes them from the
 * same format, written there again for the catalogues) when it has them
 * and the sentence is not cut, else formatted. */
void clm_discount__trace_base(clm_discount__trace *t, size_t line, int64_t unit_price, int64_t quantity,
                              int64_t base, const char *product);
/* The longest reason, with its NUL. */
#define CLM_DISCOUNT__REASON_MAX 512
/* Starts an entry whose reason the caller writes in place, through a
 * function that formats a sentence into a buffer: at most
 * CLM_DISCOUNT__REASON_MAX bytes with the NUL at the address returned;
 * then clm_discount__trace_close() with the reason's length (a reason
 * cut inside a UTF-8 character loses that character). NULL when t
 * is NULL or has failed. */
char *clm_discount__trace_open(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                               clm_discount_stage stage, size_t rule, const char *name,
                               int64_t before, int64_t after);
/* clm_discount__trace_open() for a name of nlen bytes (known: not counted
 * again). */
char *clm_discount__trace_open_n(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                                 clm_discount_stage stage, size_t rule, const char *name, size_t nlen,
                                 int64_t before, int64_t after);
void clm_discount__trace_close(clm_discount__trace *t, size_t len);
/* Appends an entry whose reason is the n pieces pc[] one after another,
 * when together they are shorter than `limit` (the size of the buffer the
 * sentence's formatter writes into) and CLM_DISCOUNT__REASON_MAX bytes:
 * true once written (or when t is NULL or has failed), false for the
 * caller to write the sentence, which is cut. The entry's name is `name`
 * (no NUL needed; it is added). The pieces are those the
 * sentence's formatter writes: one writer for the sentences kept in
 * pieces (texts.c). */
static inline bool clm_discount__trace_put(clm_discount__trace *t, size_t line,
                                           clm_discount_trace_kind kind, clm_discount_stage stage,
                                           size_t rule, clm_discount__piece name, int64_t before,
                                           int64_t after, size_t limit, unsigned n,
                                           const clm_discount__piece *pc)
{
    /* inline, so that with n constant the copies are straight-line code */
    size_t len = 0;
    for (unsigned i = 0; i < n; i++)
        len += pc[i].len;
    if (len >= limit || len >= CLM_DISCOUNT__REASON_MAX) /* cut: as the formatter cuts it */
        return false;
    char *r = clm_discount__trace_open_n(t, line, kind, stage, rule, name.s, name.len, before, after);
    if (r == NULL)
        return true;
    for (unsigned i = 0; i < n; i++) {
        clm_discount__copy(r, pc[i].s, pc[i].len);
        r += pc[i].len;
    }
    clm_discount__trace_close(t, len);
    return true;
}
/* text.c: snprintf(buf, size, fmt, ...) exactly (the text, its truncation
 * to size - 1 bytes and the length returned; so a cut may fall inside a
 * UTF-8 character, as snprintf's does: a caller that keeps a cut text
 * backs it up with clm_core__utf8_cut(), as the trace's entries and
 * conditions.c's value lists do), faster for the conversions
 * the trace uses (%s, %c, %d, %i, %u with the l, ll and z lengths, flags,
 * widths, and a precision on %s); any other conversion goes to
 * vsnprintf(). */
int clm_discount__fmt(char *buf, size_t size, const char *fmt, ...) CLM__PRINTF(3, 4);
int clm_discount__vfmt(char *buf, size_t size, const char *fmt, va_list ap) CLM__PRINTF(3, 0);
/* clm_discount__vfmt() for a format that stays where it is, unchanged, as
 * long as the library is loaded (a string literal, or its translation in
 * the library's catalogues): the same text and return value, with a
 * format whose conversions are all plain %s split into its pieces once
 * per thread and address, not scanned at every call. Thread-safe (the
 * pieces are the thread's own). */
int clm_discount__vfmt_static(char *buf, size_t size, const char *fmt, va_list ap)
    CLM__PRINTF(3, 0);
int clm_discount__fmt_static(char *buf, size_t size, const char *fmt, ...) CLM__PRINTF(3, 4);
/* The same for a format whose conversions are n (1..4) plain %s, with
 * their arguments arg[i] of alen[i] bytes (a NULL arg[i]: "(null)", its
 * length not read): no strlen() per argument. */
int clm_discount__fmt_pieces(char *buf, size_t size, const char *fmt, unsigned n, const char *const *arg,
                             const size_t *alen);
/* snprintf(buf, size, fmt, ...) for a format whose conversions are n
 * (at most 7) plain %s and %zu, in order, each given as its text arg[i]
 * (not NULL) of alen[i] bytes: a %zu's is its decimal digits
 * (clm_discount__zu_text()). The format stays where it is, as for
 * clm_discount__fmt_static(); split once per thread and address. */
int clm_discount__fmt_texts(char *buf, size_t size, const char *fmt, unsigned n, const char *const *arg,
                            const size_t *alen);
/* The same for a format that need not stay where it is (not split, not
 * kept: scanned once). */
int clm_discount__fmt_texts_once(char *buf, size_t size, const char *fmt, unsigned n,
                                 const char *const *arg, const size_t *alen);
/* printf's "%zu" of v into buf (at least 21 bytes); returns its length. */
size_t clm_discount__zu_text(char *buf, size_t v);
/* Marks: the control characters 1 to 4, one byte each, given to a
 * sentence's writer in place of the values a kept sentence leaves out;
 * no sentence holds them elsewhere (one that does is not kept). */
extern const char *const clm_discount__marks[4];
extern const size_t clm_discount__marks_len[4];
/* Splits the sentence s (n bytes) written with marks 1 to k (k <= 4) at
 * them: true when each is there once and in order, with off[i] and len[i]
 * (k + 1 entries each) the pieces around them, the marks left out; false
 * (off and len unspecified) when one is missing, repeated or out of
 * order. Pure; thread-safe. */
bool clm_discount__marks_split(const char *s, size_t n, unsigned k, size_t *off, size_t *len);
/* Values inside the texts the engine writes (trace reasons, approval and
 * price explanations), in the forms of the thread's language (clm/lang.h).
 * Formats an amount of minor units ("1234.50 RUB"; Russian "1 234,50 ₽")
 * into buf (>= 48). */
void clm_discount__fmt_money(char *buf, size_t size, int64_t minor, int exponent,
                     const char *currency);
/* Formats an amount in micro units (10^-6 of a minor unit): as
 * clm_discount__fmt_money() when it is a whole number of minor units,
 * else with its decimals in the files' form ("899.995 RUB"). */
void clm_discount__fmt_micro(char *buf, size_t size, clm_core__i128 micro, int exponent,
                             const char *currency);
/* Writes an amount in micro units as clm_discount__fmt_micro() writes
 * it into a buffer of CLM_DISCOUNT__AMOUNT_BUF bytes, in the forms of t's
 * language, with t's currency and exponent (those of the engine whose
 * evaluation t explains), into buf (CLM_DISCOUNT__AMOUNT_BUF bytes);
 * returns its length. The trace's amounts: most are written by hand from
 * their last digit, without the language looked up again or the text's
 * length counted. */
#define CLM_DISCOUNT__AMOUNT_BUF 64
struct clm_discount__trace;
size_t clm_discount__trace_micro(const struct clm_discount__trace *t, char *buf, clm_core__i128 micro);
/* Formats a rate as a percentage ("12.5%"; Russian "12,5 %"). */
void clm_discount__fmt_rate(char *buf, size_t size, clm_rate r);
/* Formats a quantity in thousandths ("2.5"; Russian "2,5"). */
void clm_discount__fmt_qty(char *buf, size_t size, int64_t q);
/* A quantity in thousandths in the files' form ("2.5"), whatever the
 * language. */
void clm_discount__fmt_qty_plain(char *buf, size_t size, int64_t q);
/* Formats a day number as a date ("2025-06-15"; Russian "15.06.2025"),
 * or "day N" outside the calendar. */
void clm_discount__fmt_date(char *buf, size_t size, int64_t v);

/* ---- evaluation ---------------------------------------------------------- */

/* Facts of the document computed once. */
typedef struct clm_discount__doc {
    const clm_discount_document *doc;
    int64_t quantity;     /* sum of line quantities */
    int64_t amount;       /* sum of line bases */
    int64_t *slot_qty;    /* per sum slot */
    int64_t *slot_amount;
    int has_tenure;
    int64_t tenure;
    clm_discount_coupon_match coupon_match; /* the policy's */
} clm_discount__doc;

/* Facts of one line. */
typedef struct clm_discount__line {
    const clm_discount_line *line;
    int64_t base;
    const uint32_t *chain;   /* the line's group and its ancestors */
    size_t chain_len;
} clm_discount__line;

/* A matched rule on a line (or the manual discount: rule == NONE,
 * priority INT32_MIN). Its (value, priority, rule) is the key that orders
 * the matches of a line (stacking.c). */
typedef struct clm_discount__match {
    clm_core__i128 value;     /* discount on the base, micro */
    int32_t priority;
    uint32_t rule;            /* index, or CLM__NONE32 for manual */
    uint32_t excl;
    uint32_t state;           /* 0 kept, 1 excluded (group), 2 excluded (best-only) */
    uint32_t beaten_by;       /* for excluded: the winner's rule */
} clm_discount__match;

/* What the exact path's stage 2 took for the match at the same place
 * (stacking.c; the trace shows it). */
typedef struct clm_discount__taken {
    clm_core__i128 exact;     /* discount actually taken, micro */
    int64_t part;             /* minor units after the rounding split */
    int cut;                  /* cut to the amount left */
} clm_discount__taken;

/* The outcome of each rule's document conditions for one document. */
typedef struct clm_discount__cache {
    uint32_t *gen;       /* per rule: the document generation seen */
    int32_t *res;        /* per rule: -1 if they hold, else the failing index */
    uint32_t now;        /* the current document's generation */
} clm_discount__cache;

/* The largest base (minor units) whose micro amount fits int64. */
#define CLM_DISCOUNT__LEAN_MAX (INT64_MAX / CLM_DISCOUNT__MICRO)

/* A name's id, remembered by the name's address for one call. */
typedef struct clm_discount__memo {
    const char *name;
    uint32_t id;
    uint32_t gen;        /* the call it was met in (scratch's memo_gen) */
    const char *key;     /* the engine's copy of the name, or NULL when
                            unknown: a later call's name at the same
                            address is this id if it reads the same */
} clm_discount__memo;

#define CLM_DISCOUNT__MEMO 512 /* slots per kind of name, a power of two */
#define CLM_DISCOUNT__MEMO_KINDS 4 /* groups, products, categories, coupons */

/* quick.c: a test a line of the document makes, of a candidate rule with
 * a line condition: in place when its one condition is a range on the
 * line's quantity (kind 1) or amount (kind 2), else cond_match() (0). */
typedef struct clm_discount__test {
    int64_t min, max;
    uint32_t rule;
    uint16_t kind;
    uint16_t rank;    /* the rule's bit (e->masks: at most 62) */
} clm_discount__test;

/* quick.c: the line tests of ranges on one fact of the line as a table:
 * within segment k, [starts[k], starts[k + 1]), of the fact's values the
 * tests whose bits are hold[k] hold (starts[0] is INT64_MIN; nseg 0:
 * no such test). */
typedef struct clm_discount__rtable {
    int64_t *starts;
    uint64_t *hold;
    size_t nseg;
    clm_discount__tiers4 t4;      /* nseg 1 to 4: the same as a tiers4 table */
} clm_discount__rtable;

/* The bits of table t's tests that hold for value v. */
static inline uint64_t clm_discount__range_bits(const clm_discount__rtable *t, int64_t v)
{
    if (t->nseg == 0)
        return 0;
    if (t->nseg <= 4)
        return clm_discount__tiers4_bits(&t->t4, v);
    /* a few tiers: the starts at or below v counted, a fixed number of
     * turns without a branch on v (a scan that stops at v's segment
     * mispredicts its exit on about every other line) */
    size_t k = 0;
    for (size_t j = 1; j < t->nseg; j++)
        k += t->starts[j] <= v;
    return t->hold[k];
}

/* The test of rule ri (a line condition): in place when it is one range
 * on the line's quantity (kind 1) or amount (kind 2), else by
 * cond_match() (kind 0). */
static inline clm_discount__test clm_discount__test_of(const clm_discount__crule *cr, uint32_t ri)
{
    clm_discount__test t;
    t.rule = ri;
    t.rank = (uint16_t)cr->rank;
    t.kind = cr->line_range == CLM_DISCOUNT_COND_LINE_QUANTITY ? 1
           : cr->line_range == CLM_DISCOUNT_COND_LINE_AMOUNT ? 2 : 0;
    t.min = cr->line_range != 0 ? cr->conds[0].min : 0;
    t.max = cr->line_range != 0 ? cr->conds[0].max : 0;
    return t;
}

/* Scratch memory of one evaluation call, sized for the engine and the
 * largest document. */
typedef struct clm_discount__scratch {
    uint32_t *cands;
    uint32_t *sur;           /* surcharge rules of a line */
    clm_discount__match *matches;
    clm_discount__taken *taken;  /* nrules + 1: the exact path's amounts */
    uint32_t *chain;
    uint32_t *doc_cands;
    size_t ndoc_cands;
    int64_t *slots;          /* 2 x nslots */
    int64_t *weights;        /* per line, document cap */
    clm_core__i128 *wide;         /* split helper, per line */
    uint32_t *idx;           /* split helper, per line */
    int64_t *parts;          /* per line */
    clm_discount__cache cache;
    uint32_t *seen;          /* per rule: the line stamp it was last a candidate on */
    uint32_t stamp;
    int64_t *shares;         /* nshare rows of share_stride: each
                                AMOUNT_OFF_DOCUMENT rule's share per line */
    size_t share_stride;     /* max_lines */
    uint32_t *plists;        /* the price lists the document's client sees */
    size_t nplists;
    uint64_t *phash;         /* per line: its product's hash (stage 0) */
    uint32_t *lgroup;        /* per line: its group's id, or NONE */
    uint32_t *lprod;         /* per line: its product's bucket, or NONE */
    clm_discount__memo *group_memo;    /* CLM_DISCOUNT__MEMO slots: group ids */
    clm_discount__memo *product_memo;  /* as many: product buckets (same block) */
    clm_discount__memo *category_memo; /* as many: category buckets (same block) */
    clm_discount__memo *coupon_memo;   /* as many: coupon codes' ids (same block) */
    uint32_t memo_gen;       /* the current call's: older entries are stale */
    /* quick.c: per exclusion group id, the line it was last met on and
     * its winner there; the line's kept matches; the groups met */
    uint32_t *xstamp;
    uint32_t *xbest;
    uint32_t xnow;
    uint32_t *kept;
    uint32_t *touched;
    struct clm_discount__test *tests; /* quick.c: the document's line tests */
    /* e->masks, untraced: the document's holding bits and line tests
     * (dtests[0 .. ndtests): the engine's list of its untabled rules'
     * tests, or `tests` when a category adds its own), found by
     * clm_discount__price() */
    uint64_t dhold;
    const struct clm_discount__test *dtests;
    size_t ndtests;
    bool dtests_untabled;    /* dtests is the untabled rules' list */
    uint32_t *dkept;         /* the document's kept matches */
    uint32_t *dmix;          /* its holding rules in groups lines resolve */
} clm_discount__scratch;

/* Line i as the conditions read it (base: its amount before discounts):
 * its group's ancestor chain, or the scratch's chain when the line has no
 * group in the policy. */
static inline void clm_discount__line_view(clm_discount__line *l, const clm_discount_engine *e,
                                           const clm_discount__doc *d,
                                           const clm_discount__scratch *s, size_t i,
                                           int64_t base)
{
    const uint32_t g = s->lgroup[i];
    l->line = &d->doc->lines[i];
    l->base = base;
    l->chain = g == CLM__NONE32 ? s->chain : e->chains + e->chain_off[g];
    l->chain_len = g == CLM__NONE32 ? 0 : e->chain_off[g + 1] - e->chain_off[g];
}

/* Line `line`'s share of AMOUNT_OFF_DOCUMENT rule `rule` in the current
 * document (0 for any other rule). */
static inline int64_t clm_discount__share(const clm_discount_engine *e,
                                          const clm_discount__scratch *s, uint32_t rule,
                                          size_t line)
{
    uint32_t k = e->rules[rule].share;
    return k == CLM__NONE32 ? 0 : s->shares[(size_t)k * s->share_stride + line];
}


/* ---- names met in one call (evaluate.c, quick.c) ------------------------ */

/* Names are interned by their address within one call: every document
 * of the call is alive and unchanged while it runs, so one address is
 * one name, and a name met again is not hashed again. */
static inline size_t clm_discount__memo_slot(const char *name)
{
    /* Fibonacci hashing of the address: names packed closer than 8
     * bytes apart (short string literals) get different slots */
    uint64_t a = (uint64_t)(uintptr_t)name * UINT64_C(0x9e3779b97f4a7c15);
    return (size_t)(a >> 55) & (CLM_DISCOUNT__MEMO - 1);
}

/* true if memo entry m, met in an earlier call at the same address,
 * holds for `name` now: the name reads as the engine's copy of it (a
 * name the engine does not know is remembered for its own call only). */
static inline bool clm_discount__memo_same(const clm_discount__memo *m, const char *name)
{
    return m->key != NULL && clm_core__streq(m->key, name);
}

/* The group id of a line's group name (NONE for NULL or unknown). */
__attribute__((always_inline)) static inline uint32_t
clm_discount__group_id(const clm_discount_engine *e, clm_discount__scratch *s, const char *name)
{
    if (name == NULL)
        return CLM__NONE32;
    clm_discount__memo *m = &s->group_memo[clm_discount__memo_slot(name)];
    if (m->name == name && (m->gen == s->memo_gen || clm_discount__memo_same(m, name))) {
        m->gen = s->memo_gen;
        return m->id;
    }
    m->name = name;
    m->gen = s->memo_gen;
    m->id = clm_discount__map_get(&e->group_ids, name);
    m->key = m->id == CLM__NONE32 ? NULL : e->group_names[m->id];
    return m->id;
}

/* Memo entry m (name's slot) remembers `name` for this call with the
 * map's slot for it (NULL: not in the map); returns its id. */
static inline uint32_t clm_discount__memo_keep(clm_discount__memo *m, const clm_discount__scratch *s,
                                               const char *name, const clm_discount__slot *slot)
{
    m->name = name;
    m->gen = s->memo_gen;
    m->id = slot == NULL ? CLM__NONE32 : slot->val;
    m->key = slot == NULL ? NULL : slot->key;
    return m->id;
}

/* The value map holds for `name` (NONE if none), remembered by the
 * name's address in memo (one of s's kinds of names). */
__attribute__((always_inline)) static inline uint32_t
clm_discount__memo_find(const clm_discount__map *map, clm_discount__memo *memo,
                        const clm_discount__scratch *s, const char *name)
{
    clm_discount__memo *m = &memo[clm_discount__memo_slot(name)];
    if (m->name == name && (m->gen == s->memo_gen || clm_discount__memo_same(m, name))) {
        m->gen = s->memo_gen;
        return m->id;
    }
    return clm_discount__memo_keep(m, s, name, clm_discount__map_find(map, name));
}

/* The bucket of the rules filed under a client category, or NONE. */
__attribute__((always_inline)) static inline uint32_t
clm_discount__category_bucket(const clm_discount_engine *e, clm_discount__scratch *s,
                              const char *name)
{
    return clm_discount__memo_find(&e->category_ids, s->category_memo, s, name);
}

/* The bucket of the client's category c, or NONE when it has none or an
 * earlier category of the document has the same (seen[] keeps the first
 * eight categories' buckets; the caller passes the same array for c = 0,
 * 1, ...). */
__attribute__((always_inline)) static inline uint32_t
clm_discount__client_bucket(const clm_discount_engine *e, clm_discount__scratch *s,
                            const clm_discount_document *doc, size_t c, uint32_t *seen)
{
    uint32_t b = clm_discount__category_bucket(e, s, doc->client.categories[c]);
    bool again = false;
    for (size_t k = 0; k < c && !again; k++)
        again = b == (k < 8 ? seen[k]
                            : clm_discount__category_bucket(e, s, doc->client.categories[k]));
    if (c < 8)
        seen[c] = b;
    return again ? CLM__NONE32 : b;
}

/* A new generation of s->seen's stamps. */
static inline void clm_discount__next_seen(clm_discount__scratch *s, const clm_discount_engine *e)
{
    if (++s->stamp == 0) {
        memset(s->seen, 0, (e->nrules + 1) * sizeof *s->seen);
        s->stamp = 1;
    }
}

/* A new generation of s's exclusion-group stamps (s->xstamp). */
static inline uint32_t clm_discount__next_xstamp(clm_discount__scratch *s, const clm_discount_engine *e)
{
    if (++s->xnow == 0) {
        memset(s->xstamp, 0, (e->excl_ids.count + 1) * sizeof *s->xstamp);
        s->xnow = 1;
    }
    return s->xnow;
}

/* price x quantity / 1000, exact for whole units, else rounded by mode
 * (stage 1's base and cost) */
static inline int clm_discount__times_qty(int64_t *out, int64_t price, int64_t qty,
                                          clm_rounding mode)
{
    if (qty % CLM_DISCOUNT_QTY_SCALE == 0)
        return clm_core__mul_ovf(price, qty / CLM_DISCOUNT_QTY_SCALE, out) ? CLM_EOVERFLOW : 0;
    return clm_muldiv_round(out, price, qty, CLM_DISCOUNT_QTY_SCALE, mode);
}

int clm_discount__scratch_new(clm_discount__scratch *s, const clm_discount_engine *e, size_t max_lines);
void clm_discount__scratch_free(clm_discount__scratch *s);
/* Forgets every name s remembers by address, so s can serve a later call
 * (whose names may sit at the same addresses): O(1), a new generation. */
void clm_discount__scratch_forget(clm_discount__scratch *s);

/* result.c: the scratch memory of an evaluation or a batch, kept by the
 * engine for the next call (clm_discount_engine's `spare`). Its scratch
 * serves documents of up to `lines` lines. */
struct clm_discount__spare {
    clm_discount__scratch s;
    size_t lines;
    clm_discount__trace_raw *raw;   /* the trace's entry array, reused */
    size_t rawcap;
    clm_core__buf text;             /* the trace's text, reused (empty between calls) */
    clm_discount_line_result *lines_out; /* `lines` lines: an evaluation's, before
                                            they are copied into its result */
};
/* The engine's spare, or new scratch memory, for documents of up to
 * `lines` lines; NULL (CLM_ENOMEM set) when out of memory. The engine is
 * shared and read-only but for this one slot, which threads take and give
 * back by atomic exchange. */
struct clm_discount__spare *clm_discount__spare_take(const clm_discount_engine *e, size_t lines);
/* Forgets the call's names and gives sp back to the engine, or frees it
 * when another call gave its own back first. */
void clm_discount__spare_give(const clm_discount_engine *e, struct clm_discount__spare *sp);

/* thresholds.c: appends to out the general rules the tables find
 * holding for the document (each once); returns how many. */
size_t clm_discount__thresholds_hits(const clm_discount_engine *e, const clm_discount__doc *d,
                                     uint32_t *out);
/* thresholds.c: the segment of table t (more than 16 segments) that
 * holds value v, by binary search. */
size_t clm_discount__segment_search(const clm_discount__ftable *t, int64_t v);
/* thresholds.c: the bits of the rules the document's coupons name
 * (e->masks), their codes remembered in s by address for the call. */
uint64_t clm_discount__coupon_bits(const clm_discount_engine *e, const clm_discount__doc *d,
                                   clm_discount__scratch *s);

/* The document's value of a table's fact. */
static inline int64_t clm_discount__fact_value(clm_discount_cond_kind k, const clm_discount__doc *d)
{
    switch (k) {
    case CLM_DISCOUNT_COND_DATE:
        return d->doc->date;
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
        return d->quantity;
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
        return d->amount;
    case CLM_DISCOUNT_COND_DEFERRAL:
        return d->doc->deferral_days;
    default: /* CLM_DISCOUNT_COND_PREPAYMENT */
        return d->doc->prepayment;
    }
}

/* The segment of table t that holds value v: the last one starting at
 * or below v (starts[0] is INT64_MIN), the one before the first start
 * above v. */
static inline size_t clm_discount__segment_of(const clm_discount__ftable *t, int64_t v)
{
    if (t->nseg > 16)
        return clm_discount__segment_search(t, v);
    /* a few tiers: the starts at or below v counted (they ascend), a
     * fixed number of turns without a branch on v */
    size_t lo = 0;
    for (size_t j = 1; j < t->nseg; j++)
        lo += t->starts[j] <= v;
    return lo;
}

/* The bits of the tabled rules and the coupon rules that hold for the
 * document (e->masks; the same rules as clm_discount__thresholds_hits()). */
__attribute__((always_inline)) static inline uint64_t
clm_discount__thresholds_bits(const clm_discount_engine *e, const clm_discount__doc *d,
                              clm_discount__scratch *s)
{
    uint64_t hold = 0;
    if (e->tab1 != NULL) {
        /* one table of a few segments (a document quantity tier): no loop */
        hold = clm_discount__tiers4_bits(&e->tab1->t4, clm_discount__fact_value(e->tab1->kind, d));
    } else {
        for (size_t k = 0; k < e->ntabled; k++) {
            const clm_discount__ftable *t = &e->ftables[e->tabled[k]];
            const int64_t v = clm_discount__fact_value(t->kind, d);
            hold |= t->nseg <= 4 ? clm_discount__tiers4_bits(&t->t4, v)
                                 : t->hold[clm_discount__segment_of(t, v)];
        }
    }
    /* most documents carry no coupon */
    if (e->coupon_off == NULL || d->doc->coupon_count == 0)
        return hold;
    return hold | clm_discount__coupon_bits(e, d, s);
}

/* conditions.c: index into cr->conds of the first failing condition of
 * rule `ri`, or -1 if all hold. `cache` (may be NULL) remembers the
 * document conditions' outcome per rule for the document `gen`. */
int clm_discount__cond_match(const clm_discount__crule *cr, uint32_t ri, const clm_discount__doc *d,
                     const clm_discount__line *l, clm_discount__cache *cache);
/* Writes what condition cc asks for ("at least 10", "wholesale, vip")
 * into buf, in the thread's language (its part of cond_explain's
 * sentence). */
void clm_discount__cond_want(char *buf, size_t size, const clm_discount__ccond *cc,
                             const clm_discount_engine *e);
/* Writes why condition cc fails when that depends on the policy alone
 * (a category or coupon condition: nothing of the document is named),
 * given what it asks for (clm_discount__cond_want), and returns the
 * length written (size > 0); 0 for any other condition. */
size_t clm_discount__cond_fixed(char *buf, size_t size, const clm_discount__ccond *cc,
                               const char *want);
/* Writes why condition cc (not a category or coupon condition) fails
 * into buf (size > 0), in the thread's language, given what it asks for
 * (clm_discount__cond_want) and the text of the fact it read (the line's
 * group, the document's or line's string, or the value's text: "12.5"),
 * NULL when the document does not give it; returns the length written
 * (snprintf()'s cut to size - 1 bytes). */
size_t clm_discount__cond_sentence(char *buf, size_t size, const clm_discount__ccond *cc,
                                  const char *want, const char *fact);
/* Traces rule `rule` as NOT_MATCHED on `line` (CLM_DISCOUNT_DOCUMENT for
 * the document) with before = after = amount and the sentence of its
 * failing condition cc, cut to limit - 1 bytes (the size of the buffer the
 * sentence was once written into). No-op for a NULL t. */
void clm_discount__trace_not_matched(clm_discount__trace *t, size_t line, clm_discount_stage stage,
                                     size_t rule, int64_t amount, size_t limit,
                                     const clm_discount__ccond *cc, const clm_discount__doc *d,
                                     const clm_discount__line *l, const clm_discount_engine *e);

/* actions.c: the discount of action a on `running` (micro), cut to it;
 * `share` is the line's share of an AMOUNT_OFF_DOCUMENT action (minor
 * units; ignored for the other kinds). */
int clm_discount__action_amount(clm_core__i128 *out, const clm_discount_action *a, clm_core__i128 running,
                        const clm_discount__line *l, clm_rounding mode, int64_t share);
/* clm_discount__action_amount() for a running amount of at most
 * INT64_MAX micro units: the result, which never exceeds it. */
int64_t clm_discount__amount64(const clm_discount_action *a, int64_t running,
                               const clm_discount__line *l, clm_rounding mode, int64_t share);
/* A sentence describing the action ("10% off"); `line` may be NULL but
 * for FREE_GOODS. */
void clm_discount__action_describe(char *buf, size_t size, const clm_discount_action *a,
                           const clm_discount_line *line, const clm_discount_engine *e);
/* Rule `rule`'s action described (clm_discount__action_describe()), cut
 * to size - 1 bytes: the engine's text in t's language when it has one
 * (t may be NULL), else written into buf. */
const char *clm_discount__action_text(char *buf, size_t size, const clm_discount__trace *t,
                                      uint32_t rule, const clm_discount_line *line,
                                      const clm_discount_engine *e);

/* stacking.c: stages 2 and 3 for one line; fills res->discount and the
 * matches' parts; traces if t. */
int clm_discount__stack(const clm_discount_engine *e, clm_discount__scratch *s, size_t nmatch,
                const clm_discount__line *l, size_t line_no, clm_discount_line_result *res,
                clm_discount__trace *t);
/* stacking.c: stage 2's sentences that name a rule's action, written
 * into buf as clm_discount__fmt() writes (the length of the whole text),
 * in the thread's language: rule `rule`'s NO_EFFECT sentence (`what`: its
 * action), and an APPLIED one, `amount` taken off (`cut`: cut to the
 * amount left). Every such entry of the trace is written by these, or
 * copied from pieces texts.c made with them. `what` is cut to
 * CLM_DISCOUNT__STACK_WHAT - 1 bytes (clm_discount__action_text()). */
#define CLM_DISCOUNT__STACK_WHAT 160
int clm_discount__stack_no_effect(char *buf, size_t size, const clm_discount_engine *e,
                                  uint32_t rule, const char *what);
int clm_discount__stack_applied(char *buf, size_t size, const clm_discount_engine *e,
                                const char *what, const char *amount, bool cut);
/* The same for rule `rule`'s EXCLUDED sentence: lost to `winner` in its
 * exclusion group (state 1) or under best-only stacking (state 2), where
 * it would have given `amount`; and the line's rounding (ADJUSTED) of the
 * exact amount `amount` under the policy's rounding mode. */
int clm_discount__stack_excluded(char *buf, size_t size, const clm_discount_engine *e, uint32_t rule,
                                 int state, const char *what, const char *winner, const char *amount);
int clm_discount__stack_rounding(char *buf, size_t size, const clm_discount_engine *e,
                                 const char *amount);
/* stacking.c: stages 2 and 3 of a line without a trace in 64 bits, for a
 * base of at most CLM_DISCOUNT__LEAN_MAX, on s->matches[0..nmatch) whose
 * values were computed in 64 bits: the figures clm_discount__stack()
 * gives. */
int clm_discount__stack_lean(const clm_discount_engine *e, clm_discount__scratch *s,
                             size_t nmatch, const clm_discount__line *l, size_t line_no,
                             clm_discount_line_result *res);
/* Splits `total` (0 <= total <= sum of weights) over n weights (>= 0) in
 * proportion by the largest-remainder method, ties to the lower index.
 * `rem` and `idx` are scratch arrays of n. */
void clm_discount__split(int64_t *parts, int64_t total, const int64_t *weights, size_t n,
                 clm_core__i128 *rem, uint32_t *idx);

/* caps.c */
const clm_discount_caps *clm_discount__caps_for(const clm_discount_policy *p, const char *role);
int clm_discount__caps_line(const clm_discount_engine *e, const clm_discount_caps *caps,
                    const clm_discount_line *line, clm_discount_line_result *res,
                    size_t line_no, clm_discount__trace *t);
int clm_discount__caps_document(const clm_discount_engine *e, const clm_discount_caps *caps,
                        clm_discount_line_result *lines, size_t n,
                        clm_discount_totals *tot, clm_discount__scratch *s, clm_discount__trace *t);
/* *out = num x 10^6 / den (den > 0) rounded CEILING or FLOOR; 64-bit when
 * the product fits, else the core's exact 128-bit clm_muldiv_round().
 * Inline, as the lines' figures are computed for every line. */
/* clm_discount__ppm() for |num| <= INT64_MAX / 10^6: its 64-bit case. */
static inline clm_rate clm_discount__ppm64(int64_t num, int64_t den, clm_rounding mode)
{
    int64_t n = num * CLM_DISCOUNT__MICRO, q = n / den, r = n % den; /* C: q toward zero */
    /* without branches: whether r is 0 and n's sign vary from line to line */
    q += (int64_t)(r != 0 && mode == CLM_ROUND_CEILING && n > 0) -
         (int64_t)(r != 0 && mode == CLM_ROUND_FLOOR && n < 0);
    return q;
}

static inline int clm_discount__ppm(clm_rate *out, int64_t num, int64_t den, clm_rounding mode)
{
    if (num > INT64_MAX / CLM_DISCOUNT__MICRO || num < -(INT64_MAX / CLM_DISCOUNT__MICRO))
        return clm_muldiv_round(out, num, CLM_DISCOUNT__MICRO, den, mode);
    *out = clm_discount__ppm64(num, den, mode);
    return 0;
}

/* Cost, rate and margin of a finished line. */
static inline int clm_discount__line_figures(const clm_discount_engine *e, const clm_discount_line *line,
                       clm_discount_line_result *res, size_t line_no)
{
    res->rate = 0;
    res->margin = 0;
    res->has_margin = 0;
    int rc = 0;
    if (res->base > 0)
        rc = clm_discount__ppm(&res->rate, res->base - res->net, res->base, CLM_ROUND_CEILING);
    if (rc == 0 && line->has_cost) {
        if (e->policy->basis == CLM_DISCOUNT_MARGIN_ON_COST && res->cost > 0) {
            rc = clm_discount__ppm(&res->margin, res->net - res->cost, res->cost, CLM_ROUND_FLOOR);
            res->has_margin = rc == 0;
        } else if (e->policy->basis == CLM_DISCOUNT_MARGIN_ON_PRICE && res->net > 0) {
            rc = clm_discount__ppm(&res->margin, res->net - res->cost, res->net, CLM_ROUND_FLOOR);
            res->has_margin = rc == 0;
        }
    }
    if (rc < 0)
        return clm_core__fail_at(rc, "lines", "", 0,
                            "discount: line %zu: its rate or margin does not fit a ppm count",
                            line_no + 1);
    return 0;
}


/* clm_discount__line_figures() of a line whose base, net and cost are
 * within 0 .. CLM_DISCOUNT__LEAN_MAX (a bounded document's, by
 * clm_discount__doc_check_bounded()): each difference of two is at most
 * INT64_MAX / 10^6, so every rate and margin takes clm_discount__ppm()'s
 * 64-bit case and none fails. */
static inline void clm_discount__line_figures64(const clm_discount_engine *e,
                                                const clm_discount_line *line,
                                                clm_discount_line_result *res)
{
    res->rate = res->base > 0 ? clm_discount__ppm64(res->base - res->net, res->base,
                                                   CLM_ROUND_CEILING)
                              : 0;
    res->margin = 0;
    res->has_margin = 0;
    if (line->has_cost) {
        if (e->policy->basis == CLM_DISCOUNT_MARGIN_ON_COST && res->cost > 0) {
            res->margin = clm_discount__ppm64(res->net - res->cost, res->cost, CLM_ROUND_FLOOR);
            res->has_margin = 1;
        } else if (e->policy->basis == CLM_DISCOUNT_MARGIN_ON_PRICE && res->net > 0) {
            res->margin = clm_discount__ppm64(res->net - res->cost, res->net, CLM_ROUND_FLOOR);
            res->has_margin = 1;
        }
    }
}

/* approval.c: whether ladder step s covers the document's largest line
 * discount, and its smallest margin. */
static inline bool clm_discount__covers_discount(const clm_discount_approval *s,
                                                 const clm_discount_totals *tot)
{
    return s->max_discount == CLM_DISCOUNT_NO_LIMIT || tot->max_line_rate <= s->max_discount;
}

static inline bool clm_discount__covers_margin(const clm_discount_approval *s,
                                               const clm_discount_totals *tot)
{
    return s->min_margin == CLM_DISCOUNT_NO_LIMIT || !tot->has_margin ||
           tot->min_margin >= s->min_margin;
}

/* The totals' role_suffices from their approval and approvable (a
 * ladder of p's): role (NULL: none) signs at the approval's step or one
 * above it. */
static inline void clm_discount__approve_role(const clm_discount_policy *p, const char *role,
                                              clm_discount_totals *tot)
{
    tot->role_suffices = 0;
    if (!tot->approvable || role == NULL)
        return;
    for (size_t i = tot->approval; i < p->nladder; i++)
        if (strcmp(p->ladder[i].role, role) == 0)
            tot->role_suffices = 1;
}

/* approval.c: the approval of a priced document (the totals' approval,
 * approvable and role_suffices); inline, as every document ends with
 * it. */
static inline void clm_discount__approve(const clm_discount_policy *p, const char *role,
                                         clm_discount_totals *tot)
{
    tot->approval = CLM_DISCOUNT_NONE;
    tot->approvable = 1;
    tot->role_suffices = 1;
    if (p->nladder == 0)
        return;
    tot->approvable = 0;
    for (size_t i = 0; i < p->nladder; i++)
        if (clm_discount__covers_discount(&p->ladder[i], tot) &&
            clm_discount__covers_margin(&p->ladder[i], tot)) {
            tot->approval = i;
            tot->approvable = 1;
            break;
        }
    clm_discount__approve_role(p, role, tot);
}
/* The approval sentence in the thread's language into buf (size > 0),
 * cut at size - 1 bytes on a whole UTF-8 character; returns its length. */
size_t clm_discount__approve_explain(char *buf, size_t size, const clm_discount_policy *p,
                                     const clm_discount_totals *tot);
/* approval.c: the document's "approval" entry ("role: why"), its
 * sentence kept for the result (t->why_off, or t->why and has_why). */
void clm_discount__trace_approval(clm_discount__trace *t, const clm_discount_engine *e,
                                  const clm_discount_totals *tot);
/* approval.c: the document's "total" entry ("N lines: base B, to pay P"). */
void clm_discount__trace_total(clm_discount__trace *t, const clm_discount_engine *e,
                               const clm_discount_totals *tot, size_t lines);
/* approval.c: the document's sentences that depend on the policy alone
 * (the approval ladder's past their figures, the total's pieces), in the
 * thread's language; NULL without memory. Kept with the engine's other
 * texts (texts.c: clm_discount__texts_ladder), freed with them. */
clm_discount__ladder_texts *clm_discount__ladder_texts_make(const clm_discount_policy *p);
void clm_discount__ladder_texts_destroy(clm_discount__ladder_texts *x);

/* early_payment.c */
int clm_discount__early(const clm_discount_engine *e, const clm_discount__doc *d, clm_discount_totals *tot,
                clm_discount__trace *t);

/* quick.c: true if every rule of e is a PERCENT, SURCHARGE or
 * EARLY_PAYMENT rule and the group chains' candidate lists exist (then
 * e->quick, set at compile time, lets untraced pricing take quick.c). */
bool clm_discount__quick_eligible(const clm_discount_engine *e);
/* quick.c: stages 2 to 5 of every line of d's document (stage 1 done,
 * s->doc_cands the document's candidates as clm_discount__price() leaves
 * them untraced, with masks s->dhold and s->dtests[0 .. s->ndtests)
 * instead), then the document cap and clm_discount__totals(); no
 * trace. Only for an engine with e->quick; with a price book, stage 1 has
 * put each line's unit price from the book into its result. */
int clm_discount__quick_lines(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                              clm_discount__scratch *s, const clm_discount_caps *caps,
                              clm_discount_line_result *lines, clm_discount_totals *tot);
/* quick.c: for an engine with masks, untraced: the document's holding
 * bits and line tests into s->dhold and s->dtests[0 .. s->ndtests), the
 * rules evaluate.c's doc_candidates() would gather, split as quick.c
 * splits them, by ORing each list's precomputed part instead (the
 * untabled rules' tests are read where the engine keeps them unless a
 * category adds tests). d's facts from stage 1 must be set. */
void clm_discount__doc_bits(const clm_discount_engine *e, clm_discount__doc *d,
                            clm_discount__scratch *s);
/* quick.c: true if e may price its 1-line documents by
 * clm_discount__quick_one(): rule masks, no price book, no amount off the
 * document (then e->one, set at compile time). */
bool clm_discount__one_eligible(const clm_discount_engine *e);
/* quick.c: prices a 1-line document untraced, as clm_discount__price()
 * does (the same figures, the same errors), in one pass: stage 1, the
 * document's bits, the line, the totals. Only for an engine with e->one
 * and a document that passed clm_discount__doc_check_bounded() with
 * *bounded true (for any other the general path is taken, from the
 * start: lines and tot are written again). */
int clm_discount__quick_one(const clm_discount_engine *e, const clm_discount_document *doc,
                            size_t doc_no, clm_discount__scratch *s,
                            clm_discount_line_result *res, clm_discount_totals *tot);
/* quick.c: clm_discount__quick_one() of docs[0..n), document k into
 * lines[k] and tot[k] (each of one line); the first error stops it. */
int clm_discount__quick_ones(const clm_discount_engine *e, const clm_discount_document *docs,
                             size_t n, clm_discount__scratch *s, clm_discount_line_result *lines,
                             clm_discount_totals *tot);
/* evaluate.c: stages 2 to 5 of line i (stage 1 done). */
int clm_discount__price_line(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                             size_t i, clm_discount__scratch *s, const clm_discount_caps *caps,
                             clm_discount_line_result *res, clm_discount__trace *t);
/* The totals of no line yet (inline: once a document, a call cost as
 * much as the stores). */
static inline void clm_discount__totals_start(clm_discount_totals *tot)
{
    clm_discount__zero(tot, sizeof *tot);
    tot->max_line = CLM_DISCOUNT_NONE;
    tot->min_margin_line = CLM_DISCOUNT_NONE;
}
/* Line i's rate and margin (clm_discount__line_figures()), added to the
 * totals. */
static inline int clm_discount__totals_line(const clm_discount_engine *e, size_t doc_no,
                                            const clm_discount_line *line,
                                            clm_discount_line_result *res, size_t i,
                                            clm_discount_totals *tot)
{
    int rc = clm_discount__line_figures(e, line, res, i);
    if (rc < 0)
        return rc;
    if (clm_core__add_ovf(tot->base, res->base, &tot->base) ||
        clm_core__add_ovf(tot->discount, res->discount, &tot->discount) ||
        clm_core__add_ovf(tot->surcharge, res->surcharge, &tot->surcharge) ||
        clm_core__add_ovf(tot->capped, res->capped, &tot->capped) ||
        clm_core__add_ovf(tot->net, res->net, &tot->net))
        return clm_core__fail_at(CLM_EOVERFLOW, "document total", "", 0,
                                 "discount document %zu: the %s does not fit a 64-bit amount",
                                 doc_no + 1, "document total");
    if (res->rate > 0 && (tot->max_line == CLM_DISCOUNT_NONE || res->rate > tot->max_line_rate)) {
        tot->max_line_rate = res->rate;
        tot->max_line = i;
    }
    if (res->has_margin && (!tot->has_margin || res->margin < tot->min_margin)) {
        tot->has_margin = 1;
        tot->min_margin = res->margin;
        tot->min_margin_line = i;
    }
    return 0;
}
/* evaluate.c: the document rate, the approval and the early-payment
 * terms, once every line is in the totals (traced if t). */
int clm_discount__totals_end(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                             clm_discount_totals *tot, clm_discount__trace *t);
/* No early-payment terms in *tot: what clm_discount__early() starts from
 * and what a document no early-payment rule holds for keeps. */
static inline void clm_discount__early_none(clm_discount_totals *tot)
{
    tot->has_early_payment = 0;
    tot->early_payment_rule = CLM_DISCOUNT_NONE;
    tot->early_payment_rate = 0;
    tot->early_payment_days = 0;
    tot->early_payment_net_days = 0;
    tot->early_payment_amount = 0;
    tot->early_payment_annual_cost = 0;
}
/* The approval and the early-payment terms, once the document rate is
 * in the totals (the end of clm_discount__totals_end(); inline, as the
 * quick path closes every document with it). */
static inline int clm_discount__totals_close(const clm_discount_engine *e, clm_discount__doc *d,
                                             clm_discount_totals *tot, clm_discount__trace *t)
{
    clm_discount__approve(e->policy, d->doc->role, tot);
    if (e->ndoc_rules == 0) {
        /* no early-payment rule: clm_discount__early()'s "none", without
         * the call (nothing to trace either) */
        clm_discount__early_none(tot);
        return 0;
    }
    return clm_discount__early(e, d, tot, t);
}
/* evaluate.c: the lines' rates and margins, the totals, the document
 * rate, the approval and the early-payment terms (traced if t). */
int clm_discount__totals(const clm_discount_engine *e, clm_discount__doc *d, size_t doc_no,
                         clm_discount_line_result *lines, clm_discount_totals *tot,
                         clm_discount__trace *t);

/* evaluate.c: prices one document into lines/tot (caller's or scratch).
 * The document must have passed clm_discount__doc_check(). */
int clm_discount__price(const clm_discount_engine *e, const clm_discount_document *doc,
                size_t doc_no, clm_discount__scratch *s, clm_discount_line_result *lines,
                clm_discount_totals *tot, clm_discount__trace *t);
int clm_discount__doc_check(const clm_discount_engine *e, const clm_discount_document *doc,
                    size_t doc_no);
/* As clm_discount__doc_check(); on success *bounded (may be NULL) says
 * whether pricing the document cannot fail: every line carries its price
 * and the document's bases (with every surcharge of the policy) and costs
 * stay within CLM_DISCOUNT__LEAN_MAX minor units, so no sum, rate or
 * margin overflows. */
int clm_discount__doc_check_bounded(const clm_discount_engine *e, const clm_discount_document *doc,
                                    size_t doc_no, bool *bounded);

/* true if `n` strings v[0..n) are there (no NULL array, no NULL string). */
static inline bool clm_discount__strings_ok(const char *const *v, size_t n)
{
    if (n > 0 && v == NULL)
        return false;
    for (size_t i = 0; i < n; i++)
        if (v[i] == NULL)
            return false;
    return true;
}

/* true if doc is a 1-line document that clm_discount__doc_check_bounded()
 * passes with *bounded true: its checks on one line, in the same terms,
 * without the messages (false says nothing either way: ask it). The
 * batch's quick look at the common document before the full check.
 * *cur: NULL, or a currency string this call found to be the policy's
 * (set here when doc's is): a document whose currency is that pointer
 * is not compared again (a batch's documents mostly share one; a string
 * does not change during the call). */
static inline bool clm_discount__one_line_ok(const clm_discount_engine *e,
                                             const clm_discount_document *doc, const char **cur)
{
    const char *pc = e->policy->currency, *dc = doc->currency;
    if (doc->version != CLM_DISCOUNT_DOCUMENT_VERSION || dc == NULL || doc->line_count != 1 ||
        doc->lines == NULL)
        return false;
    if (dc != *cur) {
        if (!(dc[0] == pc[0] && dc[1] == pc[1] && dc[2] == pc[2] && dc[3] == '\0'))
            return false;
        *cur = dc;
    }
    if (doc->date < CLM_DATE_MIN || doc->date > CLM_DATE_MAX ||
        (doc->client.since != CLM_DISCOUNT_NO_DATE &&
         (doc->client.since < CLM_DATE_MIN || doc->client.since > CLM_DATE_MAX)))
        return false;
    clm_legal_type lt;
    if (doc->client.legal_type != NULL && clm_legal_type_from_name(&lt, doc->client.legal_type) != 0)
        return false;
    if (!clm_discount__strings_ok(doc->client.categories, doc->client.category_count) ||
        !clm_discount__strings_ok(doc->coupons, doc->coupon_count) ||
        (doc->client.turnover_count > 0 && doc->client.turnover == NULL) ||
        doc->prepayment < 0 || doc->prepayment > CLM_RATE_ONE || doc->deferral_days < 0)
        return false;
    const clm_discount_line *l = &doc->lines[0];
    int64_t hi;
    if (l->product == NULL || l->product[0] == '\0' || l->quantity <= 0 ||
        memcmp(l->unit_price.currency, pc, 4) != 0 || l->unit_price.amount < 0 ||
        l->manual_rate < 0 || l->manual_rate > CLM_RATE_ONE)
        return false;
    /* bounded: as clm_discount__doc_check_bounded()'s sums, of one line */
    /* hi / CLM_DISCOUNT_QTY_SCALE + 1 > bound, for hi >= 0 (amounts and
     * quantity checked above), is hi >= bound x CLM_DISCOUNT_QTY_SCALE:
     * a compare, not a division */
    if (clm_core__mul_ovf(l->unit_price.amount, l->quantity, &hi) || hi >= e->bounded_scaled)
        return false;
    if (l->has_cost &&
        (memcmp(l->unit_cost.currency, pc, 4) != 0 || l->unit_cost.amount < 0 ||
         clm_core__mul_ovf(l->unit_cost.amount, l->quantity, &hi) ||
         hi >= CLM_DISCOUNT__LEAN_MAX * CLM_DISCOUNT_QTY_SCALE))
        return false;
    return true;
}

#endif /* CLM_DISCOUNT_INTERNAL_H */
