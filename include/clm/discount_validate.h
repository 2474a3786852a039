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
 * What it finds (one kind each):
 *
 *   AMBIGUOUS        two rules that can match the same line, with the same
 *                    priority and no exclusion group shared: which one
 *                    applies first depends on the order they were written
 *                    in (warning).
 *   EMPTY_RANGE      a rule whose condition admits nothing: a range with
 *                    minimum above maximum, validity ending before it
 *                    starts (error).
 *   EXPIRED          a rule valid only before the reference date
 *                    (options.today); one not yet valid is not a finding
 *                    (warning).
 *   SHADOWED         a rule that never applies because a rule of the same
 *                    exclusion group, with a strictly higher priority,
 *                    matches every line it matches and always gives at
 *                    least as much (warning). A group keeps only its best
 *                    rule, so the weaker one is dead weight.
 *   OVERLAPPING_TIERS two rules of one exclusion group whose ranges on the
 *                    same quantity or amount measure overlap, with
 *                    otherwise the same conditions: tiers meant to
 *                    partition a scale overlap (warning).
 *   CAPPED_OUT       a rule whose discount can never survive the policy's
 *                    caps: a percentage above the line cap while the cap
 *                    is 0, or ... see the implementation notes in
 *                    discount_validate.c (warning).
 *   UNKNOWN_CATEGORY a condition names a client category not in the list
 *                    the caller supplies (error).
 *   UNKNOWN_PRODUCT  a condition names a product not in the list the
 *                    caller supplies (error).
 *   UNKNOWN_GROUP    a condition names a product group the policy's group
 *                    hierarchy does not define (error).
 *
 * "Can match the same line" is decided on the conditions alone: two rules
 * overlap unless some condition they both constrain admits disjoint
 * values (different products, disjoint quantity ranges, disjoint
 * validity...). The check is conservative towards reporting: a pair the
 * validator cannot prove disjoint is reported.
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
    CLM_DISCOUNT_FINDING_UNKNOWN_GROUP = 9
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
                                "unknown-product", "unknown-group" */
    const char *rule;      /**< id of the rule at fault */
    const char *other;     /**< id of the second rule involved (AMBIGUOUS,
                                SHADOWED, OVERLAPPING_TIERS), else NULL */
    const char *subject;   /**< the category, product or group named
                                (UNKNOWN_*), the condition (EMPTY_RANGE),
                                else NULL */
    const char *message;   /**< a complete sentence for a person */
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
} clm_discount_validate_options;

#define CLM_DISCOUNT_VALIDATE_OPTIONS_INIT \
    { CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION, 0, 0, NULL, 0, NULL, 0 }

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
