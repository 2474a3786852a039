/*
 * credit_policy.h — the credit policy: the composite grade (risk class),
 * the recommended credit limit per grade, the limit hierarchy and the
 * credit check of a new offer or order; the policy as an XML file.
 * The rules are in docs/rules.md, "Credit reliability", "Payment behaviour
 * and limits".
 *
 * Grade
 * -----
 * Four inputs, each scored 0-100 points (kept in thousandths of a point,
 * "milli-points", so every boundary decision is exact integer arithmetic):
 *   models    the mean of the bands of the financial-standing models
 *             (safe 100, grey 50, distress 0);
 *   payment   the payment index (credit.h, index_rounded);
 *   overdue   100 x (1 - overdue receivables / receivables), half-up; 100
 *             with no receivables;
 *   tenure    100 x min(tenure, full) / full days, rounded down.
 * The composite is sum(weight x score) / sum(weight) over the inputs
 * present, rounded half-up (an absent input, such as an unavailable
 * payment index, drops out and the other weights share its part). The
 * grade is the first of the policy's grades (best first) whose minimum
 * the composite reaches. Default weights 40/30/20/10, grades A >= 80,
 * B >= 65, C >= 50, D >= 35, E. The grade's name is what the discount
 * engine's `risk-class` condition compares (clm_discount_client.risk_class).
 *
 * Limits
 * ------
 * Per grade, formulas over the client's figures: a percentage of net
 * worth, of working capital, of average monthly sales, or a fixed amount;
 * with several, the recommendation is the smallest (a negative figure gives
 * 0). The limit in force is the client's own if set, else its group's,
 * else the policy's default (clm_credit_limit_resolve()).
 *
 * Check
 * -----
 * exposure = open receivables + uninvoiced confirmed orders + the new
 * document, each part counted as the policy says. BLOCK when limit <
 * exposure (reaching the limit exactly is allowed) or when debt is overdue
 * more than block-overdue-days; WARN when exposure reaches warn-at of the
 * limit or debt is overdue more than warn-overdue-days; else ALLOW. An
 * override (credit_store.h) is for the roles the policy names only.
 *
 * Thread safety: as common.h says; a policy is read-only for every function
 * but its setters.
 */
#ifndef CLM_CREDIT_POLICY_H
#define CLM_CREDIT_POLICY_H

#include "common.h"
#include "credit.h"
#include "rate.h"
#include "xml.h"

CLM_BEGIN_DECLS

/* ---- vocabulary -------------------------------------------------------------- */

/** A financial-standing model's band level: what each band of a model
 *  (credit_model.h) reports and the grade reads. Values are stable. */
typedef enum clm_credit_band {
    CLM_CREDIT_BAND_DISTRESS = 1,   /**< "distress" */
    CLM_CREDIT_BAND_GREY     = 2,   /**< "grey" */
    CLM_CREDIT_BAND_SAFE     = 3    /**< "safe" */
} clm_credit_band;

/** What a limit formula is a percentage of. Values are stable. */
typedef enum clm_credit_basis {
    CLM_CREDIT_BASIS_NET_WORTH       = 1, /**< "net-worth" */
    CLM_CREDIT_BASIS_WORKING_CAPITAL = 2, /**< "working-capital" */
    CLM_CREDIT_BASIS_MONTHLY_SALES   = 3, /**< "monthly-sales" (average) */
    CLM_CREDIT_BASIS_FIXED           = 4  /**< a fixed amount: "fixed" */
} clm_credit_basis;

/** The check's decision. Values are stable. */
typedef enum clm_credit_decision {
    CLM_CREDIT_ALLOW = 0,  /**< "allow" */
    CLM_CREDIT_WARN  = 1,  /**< "warn" */
    CLM_CREDIT_BLOCK = 2   /**< "block" */
} clm_credit_decision;

/** Why: bits of clm_credit_check.reasons. */
#define CLM_CREDIT_REASON_OVER_LIMIT   1u  /**< limit < exposure */
#define CLM_CREDIT_REASON_NEAR_LIMIT   2u  /**< exposure >= warn-at x limit */
#define CLM_CREDIT_REASON_OVERDUE      4u  /**< overdue beyond block-overdue-days */
#define CLM_CREDIT_REASON_LATE         8u  /**< overdue beyond warn-overdue-days */

/** Which parts of exposure count: bits of the policy's `counts`. */
#define CLM_CREDIT_COUNT_RECEIVABLES 1u
#define CLM_CREDIT_COUNT_ORDERS      2u
#define CLM_CREDIT_COUNT_DOCUMENT    4u

/** Names ("safe", "net-worth", "block"); NULL for another value. Static. */
CLM_API const char *clm_credit_band_name(clm_credit_band b);
CLM_API const char *clm_credit_basis_name(clm_credit_basis b);
CLM_API const char *clm_credit_decision_name(clm_credit_decision d);
/** The value named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (an
 *  unknown name: the message lists the names). *out untouched on error.
 *  Thread-safe. */
CLM_API int clm_credit_band_from_name(clm_credit_band *out, const char *name);
CLM_API int clm_credit_basis_from_name(clm_credit_basis *out, const char *name);

/* ---- the policy ----------------------------------------------------------------- */

typedef struct clm_credit_policy clm_credit_policy;

/** The grade inputs' weights (>= 0, at least one > 0). */
typedef struct clm_credit_weights {
    unsigned int version;     /**< CLM_CREDIT_WEIGHTS_VERSION */
    int64_t models, payment, overdue, tenure;
    int32_t tenure_full_days; /**< tenure that scores 100 (default 730), > 0 */
} clm_credit_weights;

#define CLM_CREDIT_WEIGHTS_VERSION 1
#define CLM_CREDIT_WEIGHTS_INIT \
    { .version = CLM_CREDIT_WEIGHTS_VERSION, .models = 40, .payment = 30, .overdue = 20, \
      .tenure = 10, .tenure_full_days = 730 }
CLM_API int clm_credit_weights_init(clm_credit_weights *w);

/** The check's settings. */
typedef struct clm_credit_check_rules {
    unsigned int version;       /**< CLM_CREDIT_CHECK_RULES_VERSION */
    unsigned int counts;        /**< CLM_CREDIT_COUNT_* bits (default all three) */
    clm_rate warn_at;           /**< share of the limit that warns (default 90 %), 0..100 % */
    int32_t warn_overdue_days;  /**< overdue more than this warns (default 0); -1: never */
    int32_t block_overdue_days; /**< overdue more than this blocks (default 30); -1: never */
} clm_credit_check_rules;

#define CLM_CREDIT_CHECK_RULES_VERSION 1
#define CLM_CREDIT_CHECK_RULES_INIT \
    { .version = CLM_CREDIT_CHECK_RULES_VERSION, .counts = 7u, \
      .warn_at = 90 * CLM_RATE_PERCENT, .block_overdue_days = 30 }
CLM_API int clm_credit_check_rules_init(clm_credit_check_rules *r);

/**
 * A policy with the defaults above (weights, grades A-E, the check rules),
 * no limit formula, no group limit, no default limit, no override role.
 * `name` is name text; `currency` a known ISO 4217 code.
 * Errors: CLM_EINVAL, CLM_ECURRENCY, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_credit_policy_new(clm_credit_policy **out, const char *name,
                                  const char *currency);
CLM_API void clm_credit_policy_free(clm_credit_policy *p);
CLM_API const char *clm_credit_policy_name(const clm_credit_policy *p);
CLM_API const char *clm_credit_policy_currency(const clm_credit_policy *p);

/** Sets / reads the weights. Errors: CLM_EINVAL (NULL, a negative weight,
 *  all zero, tenure_full_days <= 0), CLM_EVERSION. Unchanged on error. */
CLM_API int clm_credit_policy_set_weights(clm_credit_policy *p, const clm_credit_weights *w);
CLM_API int clm_credit_policy_weights(clm_credit_weights *out, const clm_credit_policy *p);

/**
 * Replaces the grades: names[i] (id text, distinct) reached from
 * min_score[i] milli-points; best first, minimums strictly decreasing, the
 * last 0. 1 to 26 grades. Errors: CLM_EINVAL (the message names the
 * index), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_credit_policy_set_grades(clm_credit_policy *p, const char *const *names,
                                         const int32_t *min_score, size_t n);
CLM_API size_t clm_credit_policy_grade_count(const clm_credit_policy *p);
/** The i-th grade's name (owned by p) and minimum; NULL if out of range. */
CLM_API const char *clm_credit_policy_grade_at(const clm_credit_policy *p, size_t i,
                                               int32_t *min_score);

/**
 * Adds a limit formula for grade `grade` (one of the policy's grades):
 * `rate` (> 0, at most 1000 %) of `basis`, or for CLM_CREDIT_BASIS_FIXED
 * `amount` (>= 0 minor units; rate ignored). Errors: CLM_EINVAL,
 * CLM_ENOTFOUND (no such grade), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_credit_policy_add_limit(clm_credit_policy *p, const char *grade,
                                        clm_credit_basis basis, clm_rate rate, int64_t amount);
/** Sets how limit formulas round (default CLM_ROUND_DOWN). Errors: CLM_EINVAL. */
CLM_API int clm_credit_policy_set_limit_rounding(clm_credit_policy *p, clm_rounding mode);
/** Sets the limit of client group `group` (id text; replaces an earlier
 *  one), or the default limit. amount >= 0. Errors: CLM_EINVAL, CLM_ENOMEM. */
CLM_API int clm_credit_policy_set_group_limit(clm_credit_policy *p, const char *group,
                                              int64_t amount);
CLM_API int clm_credit_policy_set_default_limit(clm_credit_policy *p, int64_t amount);

/** Sets / reads the check rules. Errors: CLM_EINVAL (no count bit, a bit
 *  unknown, warn_at out of range, days < -1), CLM_EVERSION. */
CLM_API int clm_credit_policy_set_check(clm_credit_policy *p, const clm_credit_check_rules *r);
CLM_API int clm_credit_policy_check_rules(clm_credit_check_rules *out, const clm_credit_policy *p);

/**
 * Sets / reads the ageing buckets of the policy's receivables reports
 * (default CLM_CREDIT_BUCKETS_INIT: current, 1-30, 31-60, 61-90, over 90):
 * what a caller passes to clm_credit_ageing_compute() (credit.h); a policy
 * file gives them as <ageing limits="0 30 60 90"/>.
 * Errors: CLM_EINVAL (NULL; a count out of 1..CLM_CREDIT_BUCKETS_MAX,
 * limits not strictly increasing, a last limit of INT32_MAX: the message
 * names the index, as clm_credit_ageing_compute() checks them),
 * CLM_EVERSION. Unchanged on error.
 */
CLM_API int clm_credit_policy_set_buckets(clm_credit_policy *p, const clm_credit_buckets *b);
CLM_API int clm_credit_policy_buckets(clm_credit_buckets *out, const clm_credit_policy *p);

/**
 * Sets / reads how the bad-debt reserve's 50 % share of the 45-90 days
 * group rounds (default CLM_ROUND_HALF_UP): what a caller puts in
 * clm_credit_reserve_options.rounding (credit.h); a policy file gives it
 * as <reserve rounding="half-up"/>.
 * Errors: CLM_EINVAL (NULL, a mode rate.h does not name). Unchanged on error.
 */
CLM_API int clm_credit_policy_set_reserve_rounding(clm_credit_policy *p, clm_rounding mode);
CLM_API int clm_credit_policy_reserve_rounding(clm_rounding *out, const clm_credit_policy *p);

/** Adds a role that may override a warn or block (id text; a duplicate is
 *  CLM_EEXISTS). Errors: CLM_EINVAL, CLM_EEXISTS, CLM_ENOMEM. */
CLM_API int clm_credit_policy_add_override_role(clm_credit_policy *p, const char *role);
/** 1 if `role` may override, else 0 (0 for NULL). */
CLM_API int clm_credit_policy_may_override(const clm_credit_policy *p, const char *role);

/* ---- grade ------------------------------------------------------------------------ */

/** What is known of the client. */
typedef struct clm_credit_grade_input {
    unsigned int version;           /**< CLM_CREDIT_GRADE_INPUT_VERSION */
    const clm_credit_band *bands;   /**< one per model scored; none: input absent */
    size_t band_count;
    int has_paydex;                 /**< 0: the payment index is unavailable */
    int paydex;                     /**< 0..100 (clm_credit_paydex.index_rounded) */
    int64_t receivables;            /**< open receivables, minor units, >= 0 */
    int64_t overdue;                /**< of them past due, 0..receivables */
    int32_t tenure_days;            /**< days a client; -1: unknown (absent) */
} clm_credit_grade_input;

#define CLM_CREDIT_GRADE_INPUT_VERSION 1
#define CLM_CREDIT_GRADE_INPUT_INIT \
    { .version = CLM_CREDIT_GRADE_INPUT_VERSION, .tenure_days = -1 }
CLM_API int clm_credit_grade_input_init(clm_credit_grade_input *in);

/** The inputs of a grade, in this order in clm_credit_grade.part. */
#define CLM_CREDIT_GRADE_MODELS  0
#define CLM_CREDIT_GRADE_PAYMENT 1
#define CLM_CREDIT_GRADE_OVERDUE 2
#define CLM_CREDIT_GRADE_TENURE  3

typedef struct clm_credit_grade_part {
    const char *input;      /**< "models", "payment", "overdue", "tenure" */
    int present;
    int64_t weight;         /**< the policy's weight */
    int32_t score;          /**< milli-points, 0..100000 (0 when absent) */
    double contribution;    /**< weight x score / sum of present weights,
                                 in points; the parts add up to the score */
} clm_credit_grade_part;

typedef struct clm_credit_grade {
    const char *grade;      /**< the grade's name, owned by the policy */
    size_t grade_index;     /**< 0 = best */
    int32_t score;          /**< composite, milli-points, half-up */
    clm_credit_grade_part part[4];
} clm_credit_grade;

/**
 * Grades a client. Errors: CLM_EINVAL (NULL; a band, paydex or amount out
 * of range: the field is named; no input present with a weight > 0),
 * CLM_EVERSION. *out untouched on error. Thread-safe for a const policy.
 */
CLM_API int clm_credit_grade_compute(clm_credit_grade *out, const clm_credit_policy *p,
                                     const clm_credit_grade_input *in);

/* ---- limits ------------------------------------------------------------------------ */

/** The client's figures, minor units of the policy's currency. */
typedef struct clm_credit_figures {
    unsigned int version;           /**< CLM_CREDIT_FIGURES_VERSION */
    int has_net_worth;        int64_t net_worth;
    int has_working_capital;  int64_t working_capital;
    int has_monthly_sales;    int64_t monthly_sales;
} clm_credit_figures;

#define CLM_CREDIT_FIGURES_VERSION 1
#define CLM_CREDIT_FIGURES_INIT { .version = CLM_CREDIT_FIGURES_VERSION }
CLM_API int clm_credit_figures_init(clm_credit_figures *f);

#define CLM_CREDIT_LIMIT_FORMULAS_MAX 8

typedef struct clm_credit_limit_term {
    clm_credit_basis basis;
    clm_rate rate;          /**< 0 for a fixed amount */
    int64_t base;           /**< the figure (the amount, for fixed) */
    int64_t amount;         /**< rate x base rounded, at least 0 */
} clm_credit_limit_term;

typedef struct clm_credit_limit {
    int64_t amount;         /**< the recommendation: the smallest term */
    size_t chosen;          /**< the term that gave it */
    size_t count;
    clm_credit_limit_term term[CLM_CREDIT_LIMIT_FORMULAS_MAX];
} clm_credit_limit;

/**
 * The recommended limit for grade `grade` from the client's figures.
 * Errors: CLM_EINVAL (NULL; a figure a formula needs is absent: the
 * message names the basis and the grade), CLM_ENOTFOUND (no such grade, or
 * no formula for it), CLM_EVERSION, CLM_EOVERFLOW. *out untouched on error.
 */
CLM_API int clm_credit_limit_recommend(clm_credit_limit *out, const clm_credit_policy *p,
                                       const char *grade, const clm_credit_figures *f);

/** Where the limit in force comes from. */
typedef enum clm_credit_limit_source {
    CLM_CREDIT_LIMIT_CLIENT  = 1,   /**< "client" */
    CLM_CREDIT_LIMIT_GROUP   = 2,   /**< "group" */
    CLM_CREDIT_LIMIT_DEFAULT = 3    /**< "default" */
} clm_credit_limit_source;

CLM_API const char *clm_credit_limit_source_name(clm_credit_limit_source s);

/**
 * The limit in force: `client_limit` if not NULL (>= 0), else the limit of
 * `group` if the policy has one, else the policy's default.
 * Errors: CLM_EINVAL (NULL out or p, a negative client limit),
 * CLM_ENOTFOUND (none of the three). Outputs untouched on error; `source`
 * may be NULL.
 */
CLM_API int clm_credit_limit_resolve(int64_t *out, clm_credit_limit_source *source,
                                     const clm_credit_policy *p, const int64_t *client_limit,
                                     const char *group);

/* ---- check ------------------------------------------------------------------------- */

typedef struct clm_credit_check_input {
    unsigned int version;         /**< CLM_CREDIT_CHECK_INPUT_VERSION */
    int64_t receivables;          /**< open receivables, >= 0 */
    int64_t orders;               /**< uninvoiced confirmed orders, >= 0 */
    int64_t document;             /**< the new offer or order, >= 0 */
    int32_t max_days_overdue;     /**< the oldest debt's days past due (0: none) */
    int64_t limit;                /**< the limit in force, >= 0 */
} clm_credit_check_input;

#define CLM_CREDIT_CHECK_INPUT_VERSION 1
#define CLM_CREDIT_CHECK_INPUT_INIT { .version = CLM_CREDIT_CHECK_INPUT_VERSION }
CLM_API int clm_credit_check_input_init(clm_credit_check_input *in);

typedef struct clm_credit_check {
    clm_credit_decision decision;
    unsigned int reasons;         /**< CLM_CREDIT_REASON_* bits */
    int64_t exposure;             /**< the parts counted, summed */
    int64_t receivables, orders, document; /**< each as counted (0 if not) */
    int64_t limit;
    int64_t headroom;             /**< limit - exposure (negative when over) */
    int32_t max_days_overdue;
} clm_credit_check;

/**
 * The credit check (see "Check" above). Errors: CLM_EINVAL (NULL, a
 * negative amount or limit, negative days: the field is named),
 * CLM_EVERSION, CLM_EOVERFLOW. *out untouched on error. Thread-safe for a
 * const policy.
 */
CLM_API int clm_credit_check_compute(clm_credit_check *out, const clm_credit_policy *p,
                                     const clm_credit_check_input *in);

/* ---- XML -------------------------------------------------------------------------- */

/**
 * Reads a policy from buf[0..len) against the schema "credit-policy"
 * (namespace urn:libclm:credit-policy:1; examples/data/credit-policy.xml
 * shows every element). Every value is checked as the setters check it;
 * grade names in limit formulas must be the policy's; an error names the
 * source, the line and the attribute.
 * Errors: CLM_EINVAL (NULL), CLM_EVERSION, CLM_ELIMIT, CLM_EPARSE,
 * CLM_ESCHEMA, CLM_ECURRENCY, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_credit_policy_load_xml(clm_credit_policy **out, const char *buf, size_t len,
                                       const char *source, const clm_xml_options *opts);
/** As clm_credit_policy_load_xml() from a file; CLM_EIO if it cannot be read. */
CLM_API int clm_credit_policy_load_file(clm_credit_policy **out, const char *path,
                                        const clm_xml_options *opts);
/** Writes `p` as XML that clm_credit_policy_load_xml() reads back to an
 *  equal policy. *out (NUL-terminated, *len bytes) is freed with
 *  clm_free(). Errors: CLM_EINVAL, CLM_ENOMEM. Outputs untouched on error. */
CLM_API int clm_credit_policy_save_xml(char **out, size_t *len, const clm_credit_policy *p);

CLM_END_DECLS

#endif /* CLM_CREDIT_POLICY_H */
