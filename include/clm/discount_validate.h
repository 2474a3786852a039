/*
 * discount_validate.h — checks a discount policy for the mistakes a user
 * wants to hear about before the policy prices a real order.
 *
 * The validator reads a policy (discount.h) through its public
 * introspection functions only, and reports findings: a list the caller
 * iterates, each with a kind, a severity, the rules involved and a sentence
 * saying what is wrong. It never changes the policy and never prices
 * anything.
 *
 * What it finds (one kind each; "discount rule" means a rule whose action
 * is PERCENT, AMOUNT_OFF_UNIT, AMOUNT_OFF_LINE, FIXED_PRICE or FREE_GOODS):
 *
 *   AMBIGUOUS        (warning) two discount rules, or two early-payment
 *                    rules, that can match the same line with the same
 *                    priority and no exclusion group in common: which one
 *                    is applied first, or wins a tie, is decided only by
 *                    the order they were written in. Reported on the later
 *                    rule, `other` naming the earlier one.
 *   EMPTY_RANGE      (error) a rule whose conditions admit nothing: two
 *                    conditions of one kind with no common value (ranges
 *                    that do not meet, product "A" and product "B"), a range
 *                    outside what the fact can be (a quantity at most 0, a
 *                    prepayment above 100 %), groups of which no line can
 *                    be in all, a line quantity above the document's, or a
 *                    FREE_GOODS rule whose lines never reach buy + get
 *                    units. The policy model refuses min > max in a single
 *                    condition, so emptiness comes from combinations.
 *   EXPIRED          (warning) a rule whose date condition ends before
 *                    options.today. A rule not valid yet is not a finding.
 *   SHADOWED         (warning) a rule that can never be the one applied: a
 *                    rule `other` matches every line it matches, gives at
 *                    least as much on every line, and wins ties (higher
 *                    priority, or equal priority and defined first) — or
 *                    gives strictly more. Checked between discount rules of
 *                    one exclusion group (the group keeps only its best);
 *                    with BEST_ONLY stacking between any two discount
 *                    rules (only the single best applies); and between any
 *                    two early-payment rules (the largest rate wins).
 *                    "At least as much" is proven only for two actions of
 *                    one kind: a larger or equal rate or amount off, a
 *                    lower or equal fixed price, free goods with as many
 *                    free units in as small a bundle; and a 100 % discount
 *                    against anything. Two AMOUNT_OFF_DOCUMENT rules
 *                    compete for the whole document, not line by line: the
 *                    larger amount wins wherever both hold (discount.h).
 *   OVERLAPPING_TIERS (warning) two discount rules of one exclusion group
 *                    that constrain the same quantity or amount measure
 *                    (line, document, group sum, turnover of one period, or
 *                    any other range kind) with ranges that overlap, and
 *                    can match the same line: tiers meant to partition a
 *                    scale overlap (100..500 and 500..1000 both take 500).
 *                    A pair already reported as SHADOWED is not repeated.
 *   CAPPED_OUT       (warning) a discount rule the caps make pointless,
 *                    even under the most generous role caps: a line or
 *                    document cap of 0 %; or, with ADDITIVE or COMPOUNDING
 *                    stacking, a PERCENT rule `other` outside its exclusion
 *                    group that applies wherever it applies and alone
 *                    reaches the line cap (or the document cap, when
 *                    `other` has no line condition, so it covers the whole
 *                    document): whatever the rule adds is given back.
 *   UNKNOWN_CATEGORY (error) a category condition names a category not in
 *                    options.categories (checked only when that list is
 *                    given).
 *   UNKNOWN_PRODUCT  (error) a product condition names a product not in
 *                    options.products (checked only when given).
 *   UNKNOWN_GROUP    (error) a group, group-quantity or group-amount
 *                    condition names a group the policy does not declare
 *                    and options.groups does not list (checked when the
 *                    policy declares groups or options.groups is given: a
 *                    policy without a hierarchy may name groups freely).
 *   DOCUMENT_DOMINATED no longer reported (the value and its name stay so
 *                    the numbers do not move). It warned that two
 *                    AMOUNT_OFF_DOCUMENT rules chosen line by line could
 *                    together take more than either amount; the engine now
 *                    chooses one of them for the whole document (discount.h,
 *                    AMOUNT_OFF_DOCUMENT), so the one that loses whenever
 *                    both hold is reported as SHADOWED.
 *
 * clm_price_set_validate() checks price lists (price.h) and reports, in the
 * same list:
 *
 *   PRICE_SHADOWED   (warning) an entry that can never be chosen: for every
 *                    date of its validity, another entry with the same
 *                    product or group, the same quantity break, in a list
 *                    of the same currency and audience, is valid and ranks
 *                    ahead of it by the lookup's precedence (a later
 *                    valid-from, or the same one and defined first); or
 *                    its own validity lies outside its list's. Entries of
 *                    lists with other audiences are not compared (they
 *                    reach other clients).
 *   PRICE_GAP        (error) a line of a sample order that carries no price
 *                    and that no list prices for its client, date and
 *                    quantity: such an order cannot be priced.
 *
 * "Can match the same line" is decided on the conditions alone, knowing
 * that a client has one id, legal type, region and risk class, a line one
 * product and one group, a document one channel, but a client may have
 * several categories and a document several coupons. Pairs the validator
 * cannot prove disjoint count as overlapping, so AMBIGUOUS and
 * OVERLAPPING_TIERS err towards reporting; SHADOWED and CAPPED_OUT are
 * reported only when proven, so they never name a rule that can matter.
 *
 * Thread safety: clm_discount_validate() only reads the policy and may run
 * concurrently with other readers of it. A findings list is immutable once
 * returned and may be read from several threads.
 */
#ifndef CLM_DISCOUNT_VALIDATE_H
#define CLM_DISCOUNT_VALIDATE_H

#include "common.h"
#include "date.h"
#include "discount.h"
#include "price.h"

CLM_BEGIN_DECLS

/** What a finding is about. Values are stable; new kinds are appended. */
typedef enum clm_discount_finding_kind {
    CLM_DISCOUNT_FINDING_AMBIGUOUS = 1,
    CLM_DISCOUNT_FINDING_EMPTY_RANGE = 2,
    CLM_DISCOUNT_FINDING_EXPIRED = 3,
    CLM_DISCOUNT_FINDING_SHADOWED = 4,
    CLM_DISCOUNT_FINDING_OVERLAPPING_TIERS = 5,
    CLM_DISCOUNT_FINDING_CAPPED_OUT = 6,
    CLM_DISCOUNT_FINDING_UNKNOWN_CATEGORY = 7,
    CLM_DISCOUNT_FINDING_UNKNOWN_PRODUCT = 8,
    CLM_DISCOUNT_FINDING_UNKNOWN_GROUP = 9,
    CLM_DISCOUNT_FINDING_DOCUMENT_DOMINATED = 10,
    CLM_DISCOUNT_FINDING_PRICE_SHADOWED = 11,
    CLM_DISCOUNT_FINDING_PRICE_GAP = 12
} clm_discount_finding_kind;

/** How serious a finding is. ERROR: the policy does not do what it says
 *  (a rule that can never apply, a name that does not exist). WARNING: it
 *  works, but probably not as meant. */
typedef enum clm_discount_severity {
    CLM_DISCOUNT_SEVERITY_WARNING = 1,
    CLM_DISCOUNT_SEVERITY_ERROR = 2
} clm_discount_severity;

/**
 * One finding. Every string belongs to the findings list it came from and
 * lives as long as it.
 */
typedef struct clm_discount_finding {
    clm_discount_finding_kind kind;
    clm_discount_severity severity;
    const char *code;      /**< the kind as a stable word: "ambiguous", "empty-range",
                                "expired", "shadowed", "overlapping-tiers",
                                "capped-out", "unknown-category",
                                "unknown-product", "unknown-group",
                                "document-dominated", "price-shadowed",
                                "price-gap" */
    const char *rule;      /**< id of the rule at fault; for PRICE_SHADOWED the
                                entry at fault as "<list>#<entry index>";
                                NULL for PRICE_GAP */
    const char *other;     /**< id of the second rule involved (AMBIGUOUS,
                                SHADOWED, OVERLAPPING_TIERS, DOCUMENT_DOMINATED),
                                the entry that wins (PRICE_SHADOWED, as `rule`),
                                else NULL */
    const char *subject;   /**< the category, product or group named
                                (UNKNOWN_*), the condition (EMPTY_RANGE), the
                                entry's product or group (PRICE_SHADOWED), the
                                line's product (PRICE_GAP), else NULL */
    const char *message;   /**< a complete sentence for a person, in the language
                                of the thread that validated (clm/lang.h) */
} clm_discount_finding;

/** A list of findings (opaque). */
typedef struct clm_discount_findings clm_discount_findings;

#define CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION 1

/**
 * What the validator checks against. Initialise with
 * CLM_DISCOUNT_VALIDATE_OPTIONS_INIT or clm_discount_validate_options_init().
 * The arrays are borrowed for the duration of the call.
 */
typedef struct clm_discount_validate_options {
    unsigned int version;          /**< CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION */
    int has_today;                 /**< non-zero: check EXPIRED against `today` */
    clm_date today;                /**< the reference date */
    const char *const *categories; /**< known client categories, or NULL: not checked */
    size_t n_categories;
    const char *const *products;   /**< known product ids, or NULL: not checked */
    size_t n_products;
    const char *const *groups;     /**< product groups known besides the policy's
                                        own, or NULL */
    size_t n_groups;
} clm_discount_validate_options;

#define CLM_DISCOUNT_VALIDATE_OPTIONS_INIT { .version = CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION }

/** Sets *opts to the defaults (no date, no lists). Errors: CLM_EINVAL. */
CLM_API int clm_discount_validate_options_init(clm_discount_validate_options *opts);

/**
 * Validates `policy` and returns its findings in *out, ordered by rule (in
 * the policy's order), then by kind. A clean policy gives an empty list,
 * not an error. `opts` may be NULL for the defaults.
 *
 * Errors: CLM_EINVAL (NULL out or policy; an array pointer NULL with a
 * non-zero count; a NULL entry in a list), CLM_EVERSION (opts->version),
 * CLM_ERANGE (opts->today not a valid date), CLM_ENOMEM. *out untouched on
 * error; the policy is never changed. Free the list with
 * clm_discount_findings_free().
 */
CLM_API int clm_discount_validate(clm_discount_findings **out,
                                  const clm_discount_policy *policy,
                                  const clm_discount_validate_options *opts);

/**
 * Checks the price set `s` (groups from `groups`, may be NULL, as for
 * clm_price_book_compile()) and, when `samples` is given, prices every
 * line of the `n_samples` sample documents that carries no price
 * (discount.h, stage 0), reporting PRICE_SHADOWED and PRICE_GAP findings
 * as described above: shadowed entries in the set's order (list, then
 * entry), then gaps in the samples' order. A clean set gives an empty list.
 * Errors: CLM_EINVAL (NULL out or s; samples NULL with n_samples > 0; a
 * sample line whose query is bad: the message names the sample and the
 * line), those of clm_price_set_check() (an unknown list, a cycle, mixed
 * currencies), CLM_ERANGE and CLM_EOVERFLOW from a formula, CLM_ENOMEM.
 * *out untouched on error; nothing is changed. Free the list with
 * clm_discount_findings_free(). Thread-safe for a const set.
 */
CLM_API int clm_price_set_validate(clm_discount_findings **out, const clm_price_set *s,
                                   const clm_discount_policy *groups,
                                   const clm_discount_document *samples, size_t n_samples);

/** Frees a findings list; NULL is a no-op. */
CLM_API void clm_discount_findings_free(clm_discount_findings *f);

/** The number of findings (0 for NULL). */
CLM_API size_t clm_discount_findings_count(const clm_discount_findings *f);

/** The number of findings of severity `sev` or worse (0 for NULL). */
CLM_API size_t clm_discount_findings_count_severity(const clm_discount_findings *f,
                                                    clm_discount_severity sev);

/** Finding `i` (0-based), or NULL if f is NULL or i is out of range. The
 *  pointer lives as long as the list. */
CLM_API const clm_discount_finding *clm_discount_findings_get(const clm_discount_findings *f,
                                                              size_t i);

/** The stable word for a kind ("ambiguous"), NULL for an unknown kind. */
CLM_API const char *clm_discount_finding_kind_name(clm_discount_finding_kind kind);

/** "warning" or "error", NULL for an unknown severity. */
CLM_API const char *clm_discount_severity_name(clm_discount_severity sev);

CLM_END_DECLS

#endif /* CLM_DISCOUNT_VALIDATE_H */
