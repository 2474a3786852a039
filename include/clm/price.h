/*
 * price.h — price lists: where a line's unit price comes from before its
 * discounts (docs/rules.md, "Price lists, promotions and retro-bonuses").
 *
 * Two objects, like the discount module's policy and engine:
 *
 *   clm_price_set    a mutable, introspectable set of price lists and
 *                    their entries, built in code or read from XML
 *                    (price_xml.h);
 *   clm_price_book   the immutable compiled form of a set, indexed by
 *                    product and product group; any number of threads may
 *                    look prices up in it at once, and a discount engine
 *                    compiled with it (clm_discount_policy_compile_with_prices)
 *                    takes from it the price of every line that carries
 *                    none.
 *
 *     clm_price_set *s;
 *     clm_price_set_new(&s);
 *     clm_price_list_def l = CLM_PRICE_LIST_INIT;
 *     l.id = "retail"; l.currency = "RUB";
 *     clm_price_set_add_list(s, &l);
 *     clm_price_entry en = CLM_PRICE_ENTRY_INIT;
 *     en.product = "CEM-M500"; en.unit_price = 45000;        // 450.00 RUB
 *     clm_price_set_add_entry(s, "retail", &en);
 *     l.id = "wholesale"; l.parent = "retail";                // retail - 12 %
 *     l.audience = CLM_PRICE_CATEGORY; l.audience_value = "wholesale";
 *     l.parent_formula.rate = -12 * CLM_RATE_PERCENT;
 *     l.parent_formula.step = 100; l.parent_formula.rounding = CLM_ROUND_HALF_UP;
 *     clm_price_set_add_list(s, &l);
 *     clm_price_book *b;
 *     clm_price_book_compile(&b, s, policy);  // policy: the group hierarchy
 *
 * ------------------------------------------------------------------------
 * Units (as discount.h): money in int64 minor units of the list's
 * currency, rates in ppm, quantities in thousandths of a unit
 * (CLM_DISCOUNT_QTY_SCALE), dates as clm_date. Lists in different
 * currencies live in one set but never mix: a lookup sees only the lists
 * in the query's currency, and a formula may only refer to a list in its
 * own currency.
 *
 * ------------------------------------------------------------------------
 * A list and its entries
 *
 *  - A list has an id, a currency, a validity period (both ends inclusive;
 *    CLM_DATE_MIN / CLM_DATE_MAX leave a side open) and an audience: every
 *    client, or one client, one client category, one region or one sales
 *    channel. It may inherit from a parent list through a formula (a
 *    wholesale list = retail - 12 %): when none of its own entries prices
 *    a line, the parent's price for that line, passed through the formula,
 *    is the list's price. The parent's audience does not matter then (the
 *    child's decides who sees the list); its validity does.
 *  - An entry names a product or a product group (exactly one), a minimum
 *    quantity (a quantity break), an optional validity period of its own
 *    (which counts only within the list's) and either a unit price or a
 *    formula on another list (`base`): that list's price for the same line
 *    (same product, group, quantity, date and client), passed through the
 *    formula. A formula's base is looked up like a parent: ignoring its
 *    audience, respecting its validity.
 *  - A formula is base x (1 + rate) + amount, rounded once to a multiple of
 *    `step` minor units by `rounding` (step 100 with HALF_UP: to whole
 *    roubles, half up; step 1: to a kopeck). The sum is computed exactly
 *    (128-bit) and rounded only at the end. A formula that gives a
 *    negative price fails the lookup (CLM_ERANGE).
 *  - Inheritance and formulas form a graph over the lists; a cycle (a list
 *    that is, through parents and bases, its own base) is refused when the
 *    set is checked: by clm_price_set_check(), by compiling and by loading
 *    a file.
 *
 * ------------------------------------------------------------------------
 * Lookup precedence (part of the contract; the explanation names each key)
 *
 * The candidates for a query are the entries of the lists in the query's
 * currency that are valid on its date and whose audience is the query's
 * client: everyone, its id, any of its categories, its region, its
 * channel. For each such list, its own price is its best entry that is
 * valid on the date, at most the quantity, and names the line's product or
 * its group or an ancestor of the group; failing that, its parent's price
 * (recursively) through the formula. Between candidates, in this order:
 *
 *   1. audience: client over category over region over channel over
 *      everyone;
 *   2. target: the product over its group over the group's parent, and so
 *      up (the nearer the better); for an inherited or derived price, the
 *      target of the entry the chain ended at;
 *   3. quantity break: the highest minimum quantity not above the line's
 *      quantity;
 *   4. the latest valid-from (an entry's own, else its list's);
 *   5. the order of definition: the list added first, then the entry added
 *      first (so a lookup never depends on chance; the validator reports
 *      entries that can never be chosen).
 *
 * Within one list rules 2-5 pick the list's own entry; rule 1 picks among
 * lists. Groups come from a discount policy's hierarchy
 * (clm_discount_policy_add_group), given when the book is compiled; a
 * group the policy does not declare is a leaf without a parent.
 *
 * Thread safety: calls taking a const set or a book may run concurrently;
 * the others need exclusive access to their set. A failed call leaves the
 * set exactly as it was.
 */
#ifndef CLM_PRICE_H
#define CLM_PRICE_H

#include "common.h"
#include "date.h"
#include "discount.h"
#include "money.h"
#include "rate.h"

CLM_BEGIN_DECLS

typedef struct clm_price_set clm_price_set;
typedef struct clm_price_book clm_price_book;

/** Who a list is for. The values are the ranks of rule 1 above. */
typedef enum clm_price_audience {
    CLM_PRICE_EVERYONE = 0, /**< "everyone" */
    CLM_PRICE_CHANNEL  = 1, /**< "channel" */
    CLM_PRICE_REGION   = 2, /**< "region" */
    CLM_PRICE_CATEGORY = 3, /**< "category" */
    CLM_PRICE_CLIENT   = 4  /**< "client" */
} clm_price_audience;

/** The name of an audience ("category"), NULL for an unknown value. */
CLM_API const char *clm_price_audience_name(clm_price_audience a);
/** The audience named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND
 *  (unknown name; the message quotes it and lists the names). *out
 *  untouched. */
CLM_API int clm_price_audience_from_name(clm_price_audience *out, const char *name);

/** base x (1 + rate) + amount, rounded to a multiple of `step` by
 *  `rounding`. rate >= -100 %; step >= 1. */
typedef struct clm_price_formula {
    clm_rate rate;
    int64_t amount;
    int64_t step;
    clm_rounding rounding;
} clm_price_formula;

#define CLM_PRICE_FORMULA_INIT { .step = 1, .rounding = CLM_ROUND_HALF_EVEN }

/**
 * *out = `base` passed through formula `f` (see above). Exposed so callers
 * can show the arithmetic. Errors: CLM_EINVAL (NULL, base < 0, rate below
 * -100 % or above CLM_RATE_MAX, step < 1, unknown rounding), CLM_ERANGE
 * (the result is negative), CLM_EOVERFLOW. *out untouched on error.
 */
CLM_API int clm_price_formula_apply(int64_t *out, const clm_price_formula *f, int64_t base);

#define CLM_PRICE_LIST_VERSION 1

/** A list's settings (copied by clm_price_set_add_list). */
typedef struct clm_price_list_def {
    unsigned int version;            /**< CLM_PRICE_LIST_VERSION */
    const char *id;                  /**< an id (common.h), unique in the set */
    const char *currency;            /**< ISO 4217 */
    clm_date valid_from;             /**< CLM_DATE_MIN: open */
    clm_date valid_to;               /**< CLM_DATE_MAX: open */
    clm_price_audience audience;
    const char *audience_value;      /**< an id; NULL for EVERYONE */
    const char *parent;              /**< NULL: no parent */
    clm_price_formula parent_formula;
} clm_price_list_def;

#define CLM_PRICE_LIST_INIT \
    { .version = CLM_PRICE_LIST_VERSION, .valid_from = CLM_DATE_MIN, \
      .valid_to = CLM_DATE_MAX, .audience = CLM_PRICE_EVERYONE, \
      .parent_formula = CLM_PRICE_FORMULA_INIT }

/** Sets *def to CLM_PRICE_LIST_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_price_list_def_init(clm_price_list_def *def);

#define CLM_PRICE_ENTRY_VERSION 1

/** An entry (copied by clm_price_set_add_entry). */
typedef struct clm_price_entry {
    unsigned int version;            /**< CLM_PRICE_ENTRY_VERSION */
    const char *product;             /**< exactly one of product and group */
    const char *group;
    int64_t min_quantity;            /**< thousandths, >= 0 */
    clm_date valid_from;             /**< CLM_DATE_MIN: as the list */
    clm_date valid_to;               /**< CLM_DATE_MAX: as the list */
    int64_t unit_price;              /**< minor units >= 0; used when base is NULL */
    const char *base;                /**< a list id: the price is a formula on it */
    clm_price_formula formula;       /**< used when base is set */
} clm_price_entry;

#define CLM_PRICE_ENTRY_INIT \
    { .version = CLM_PRICE_ENTRY_VERSION, .valid_from = CLM_DATE_MIN, \
      .valid_to = CLM_DATE_MAX, .formula = CLM_PRICE_FORMULA_INIT }

/** Sets *e to CLM_PRICE_ENTRY_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_price_entry_init(clm_price_entry *e);

/* ======================================================================
 * The set
 * ====================================================================== */

/** A new empty set. Errors: CLM_EINVAL (NULL), CLM_ENOMEM. Free with
 *  clm_price_set_free(). */
CLM_API int clm_price_set_new(clm_price_set **out);

/** Frees a set; NULL is a no-op. Books compiled from it stay valid. */
CLM_API void clm_price_set_free(clm_price_set *s);

/**
 * Adds a list (copied). The parent need not exist yet (files may name a
 * list defined further down); clm_price_set_check() resolves it.
 * Errors: CLM_EINVAL (NULL, a bad id, audience value or parent id, an
 * audience value given for EVERYONE or missing for another audience,
 * valid_from after valid_to or outside the calendar, a bad formula, a list
 * that is its own parent; the field is named), CLM_EVERSION,
 * CLM_ECURRENCY (unknown currency), CLM_EEXISTS (id taken), CLM_ENOMEM.
 */
CLM_API int clm_price_set_add_list(clm_price_set *s, const clm_price_list_def *def);

/**
 * Appends an entry to list `list` (copied).
 * Errors: CLM_EINVAL (NULL, neither or both of product and group, a bad
 * id, a negative quantity or price, a period that is empty or outside the
 * calendar, a bad formula), CLM_EVERSION, CLM_ENOTFOUND (no such list),
 * CLM_ELIMIT (2^32 - 2 entries in the set), CLM_ENOMEM.
 */
CLM_API int clm_price_set_add_entry(clm_price_set *s, const char *list,
                                    const clm_price_entry *entry);

/** Number of lists (0 for NULL). */
CLM_API size_t clm_price_set_list_count(const clm_price_set *s);
/** The i-th list in the order added (owned by the set), or NULL. */
CLM_API const clm_price_list_def *clm_price_set_list(const clm_price_set *s, size_t i);
/** Number of entries of list i (0 if none or no such list). */
CLM_API size_t clm_price_set_entry_count(const clm_price_set *s, size_t list);
/** Entry k of list i in the order added (owned by the set), or NULL. */
CLM_API const clm_price_entry *clm_price_set_entry(const clm_price_set *s, size_t list,
                                                   size_t k);

/**
 * Checks what the add calls cannot, because lists may come in any order:
 * every parent and base names a list of the set, in the same currency,
 * and no list is (through parents and bases) its own base.
 * Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (an unknown list: the message
 * names the list, the entry and the field), CLM_ECURRENCY (a parent or
 * base in another currency), CLM_ESTATE (a cycle: the message lists it,
 * "a -> b -> a"). Only reads the set.
 */
CLM_API int clm_price_set_check(const clm_price_set *s);

/* ======================================================================
 * The book: compiled, immutable, shared
 * ====================================================================== */

/**
 * Compiles `s` (after clm_price_set_check()) into an immutable book: a
 * private copy of the lists with an index by product and by group.
 * `groups` (may be NULL) supplies the product-group hierarchy; the book
 * copies it, so the policy may be freed afterwards.
 * Errors: those of clm_price_set_check(), CLM_EINVAL (NULL), CLM_ELIMIT
 * (the lookup index would pass 32 GiB), CLM_ENOMEM.
 * *out untouched on error. Free with clm_price_book_free().
 * Thread safety: a book is immutable; lookups may run at once from any
 * number of threads. A book counts its users: an engine compiled with it
 * keeps it alive, so the caller may free it at any time.
 */
CLM_API int clm_price_book_compile(clm_price_book **out, const clm_price_set *s,
                                   const clm_discount_policy *groups);

/** Releases the caller's hold on a book; NULL is a no-op. The book is
 *  freed when no engine holds it either. */
CLM_API void clm_price_book_free(clm_price_book *b);

#define CLM_PRICE_QUERY_VERSION 1

/** What a price depends on. Strings may be NULL (unknown) except
 *  currency and product; pointers are borrowed for the call. */
typedef struct clm_price_query {
    unsigned int version;            /**< CLM_PRICE_QUERY_VERSION */
    const char *currency;
    clm_date date;
    const char *client;
    const char *const *categories;
    size_t category_count;
    const char *region;
    const char *channel;
    const char *product;
    const char *group;               /**< the line's group, or NULL */
    int64_t quantity;                /**< thousandths, > 0 */
} clm_price_query;

#define CLM_PRICE_QUERY_INIT \
    { .version = CLM_PRICE_QUERY_VERSION, .quantity = CLM_DISCOUNT_QTY_SCALE }

/** Sets *q to CLM_PRICE_QUERY_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_price_query_init(clm_price_query *q);

/** Where a price came from. `list` and `entry` index the set the book was
 *  compiled from (clm_price_set_list / clm_price_set_entry); `entry_list`
 *  is the list holding the entry, which differs from `list` when the
 *  price was inherited from a parent. Strings owned by the book. */
typedef struct clm_price_quote {
    clm_money unit_price;
    size_t list;
    const char *list_id;
    size_t entry_list;
    size_t entry;
    int inherited;                   /**< 1 if some parent formula was applied */
    int derived;                     /**< 1 if the entry's own formula was applied */
    clm_price_audience audience;     /**< of `list` (precedence key 1) */
    size_t target_distance;          /**< 0 product, 1 the line's group, 2 its parent... */
    int64_t min_quantity;            /**< of the entry (key 3) */
    clm_date valid_from;             /**< effective (key 4) */
} clm_price_quote;

/**
 * The price of query `q` by the precedence above.
 * Errors: CLM_EINVAL (NULL, a bad query: no product, quantity <= 0, a date
 * outside the calendar; the field is named), CLM_EVERSION, CLM_ECURRENCY
 * (unknown currency), CLM_ENOTFOUND (no list prices the product for this
 * client, date and quantity: the message names the product and what was
 * looked at), CLM_ERANGE (a formula gives a negative price),
 * CLM_EOVERFLOW. Lists are asked from the most specific audience down, and
 * once a list prices the query no list of a less specific audience is
 * asked (its formula's errors are not reported). *out untouched on error.
 * Allocates nothing; thread-safe.
 */
CLM_API int clm_price_book_lookup(clm_price_quote *out, const clm_price_book *b,
                                  const clm_price_query *q);

/**
 * The lookup's explanation: a NUL-terminated text the caller frees with
 * clm_free(), one line per candidate in precedence order, the first the
 * one chosen, each naming the list, the entry (its index, product or
 * group, minimum quantity, validity) and its price with the arithmetic of
 * every formula on the way; each other line says which precedence key put
 * it below the one before ("audience: category over everyone").
 * Errors: as clm_price_book_lookup(), plus CLM_ENOMEM. *out untouched on
 * error.
 */
CLM_API int clm_price_book_explain(char **out, const clm_price_book *b,
                                   const clm_price_query *q);

/**
 * Compiles `p` as clm_discount_policy_compile() does, with `prices`: a
 * line whose unit_price has an empty currency (unit_price.currency[0] ==
 * '\0') carries no price, and the engine takes it from the book in stage 1
 * (the query is the document's currency, date, client id, categories,
 * region and channel, and the line's product, group and quantity). The
 * trace of such a line starts with an entry named "price" (stage BASE)
 * whose reason names the list and the entry; line results give the unit
 * price used (clm_discount_line_result.unit_price). A line with no price
 * in the book fails the evaluation with CLM_ENOTFOUND naming the line.
 * The engine holds the book (clm_price_book_free may come first).
 * Errors: as clm_discount_policy_compile(). *out untouched on error.
 */
CLM_API int clm_discount_policy_compile_with_prices(clm_discount_engine **out,
                                                   const clm_discount_policy *p,
                                                   clm_price_book *prices);

CLM_END_DECLS

#endif /* CLM_PRICE_H */
