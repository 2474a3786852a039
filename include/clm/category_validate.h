/*
 * category_validate.h — checks a category policy for rules that can never
 * matter and categories nobody can be put in, before it classifies real
 * clients.
 *
 * What it finds:
 *
 *   never-fires   (error) a rule whose condition no client's facts can
 *                 satisfy: a condition on an RFM part outside 1..5 or on
 *                 an RFM cell the scoring cannot produce (a range such as
 *                 560..599 holds no cell whose digits are 1..5), an ABC or
 *                 XYZ class outside A..C / X..Z, contradictory ranges of
 *                 one fact under "all" (turnover >= 1 000 000 and < 500
 *                 000), two different values of one text fact, "any" of
 *                 nothing, "not" of "all" of nothing.
 *   shadowed      (warning) a rule that can never be the one a result
 *                 names: an earlier rule of the same category holds
 *                 whenever it holds (a result names the first rule in
 *                 policy order that put the client in the category), so
 *                 it changes nothing. Proven for identical conditions, an
 *                 earlier rule that always holds, and conjunctions of
 *                 comparisons, ranges, sets and "known" whose values
 *                 include the later rule's.
 *   unassignable  (warning) a category no rule assigns and no role may
 *                 assign by hand: no client can ever be in it.
 *
 * never-fires is reported only when proven: a rule the validator cannot
 * decide counts as one that can fire, so no finding names a rule that
 * matters. A fact or value the library does not know (a fact name outside
 * clm_fact_name(), a legal type or lifecycle state outside the client
 * module's names, an ABC class "D") is not a finding: the policy loader
 * refuses it, naming the file, line and value.
 *
 * Thread safety: clm_category_policy_validate() only reads the policy; a
 * findings list is immutable once returned.
 */
#ifndef CLM_CATEGORY_VALIDATE_H
#define CLM_CATEGORY_VALIDATE_H

#include "common.h"
#include "category.h"

CLM_BEGIN_DECLS

/** What a finding is about. Values are stable; new kinds are appended. */
typedef enum clm_category_finding_kind {
    CLM_CATEGORY_FINDING_NEVER_FIRES = 1,  /**< "never-fires", an error */
    CLM_CATEGORY_FINDING_SHADOWED = 2,     /**< "shadowed", a warning */
    CLM_CATEGORY_FINDING_UNASSIGNABLE = 3  /**< "unassignable", a warning */
} clm_category_finding_kind;

/** One finding. Strings belong to the findings list. */
typedef struct clm_category_finding {
    clm_category_finding_kind kind;  /**< what it is about */
    int is_error;                    /**< 1: the policy does not do what it says;
                                          0: a warning */
    const char *code;                /**< "never-fires", "shadowed", "unassignable" */
    const char *rule;                /**< the rule at fault; NULL for unassignable */
    const char *other;               /**< shadowed: the earlier rule; else NULL */
    const char *category;            /**< the category concerned */
    const char *message;             /**< a complete sentence for a person, in the
                                          language of the thread that validated
                                          (clm/lang.h) */
} clm_category_finding;

/** A list of findings (opaque). */
typedef struct clm_category_findings clm_category_findings;

/**
 * Checks policy `p` as above. Findings come in policy order: rules first
 * (never-fires, then shadowed, rule by rule), then categories.
 * Errors: CLM_EINVAL (NULL), CLM_ENOMEM. *out untouched on error; on
 * success free it with clm_category_findings_free().
 */
CLM_API int clm_category_policy_validate(clm_category_findings **out,
                                         const clm_category_policy *p);

/** Frees a list; NULL is a no-op. */
CLM_API void clm_category_findings_free(clm_category_findings *f);
/** The number of findings; 0 for NULL. */
CLM_API size_t clm_category_findings_count(const clm_category_findings *f);
/** The number of error findings; 0 for NULL. */
CLM_API size_t clm_category_findings_errors(const clm_category_findings *f);
/** The i-th finding, or NULL if i is out of range. Owned by the list. */
CLM_API const clm_category_finding *clm_category_findings_at(const clm_category_findings *f,
                                                             size_t i);

CLM_END_DECLS

#endif /* CLM_CATEGORY_VALIDATE_H */
