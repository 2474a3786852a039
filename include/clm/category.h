/*
 * category.h — client categories assigned by a policy of named rules.
 *
 * A category policy (docs/rules.md, Segmentation, "Category rules") declares
 * categories (key, regular, dormant, ...) and rules. Each rule is a
 * condition over a client's facts and assigns one category; a client is in
 * every category at least one rule assigns, and the result names, for each
 * category, the first rule (in policy order) that put the client there.
 * The policy also says which roles may assign each category by hand (the
 * head of sales assigns a category "according to the client policy").
 *
 * Facts are a transparent struct the caller fills in (clm_category_facts):
 * turnover and margin over the period the caller analyses, dates, the
 * ABC/XYZ class and RFM score (segment.h), a risk class (a name the caller
 * supplies: the credit module's class, or its own), region, legal type and
 * lifecycle state name. The rules never read a client record or storage;
 * the caller (or a glue layer) fills the facts.
 *
 * Conditions:
 *   compare  fact op value      op one of = != < <= > >=
 *   range    fact min..max      inclusive at both ends
 *   in       fact {v1, v2, ...} set membership
 *   known    fact               the fact has a value
 *   all / any / not             and, or, negation (all of none is true,
 *                               any of none is false)
 * A comparison, range or set on an unknown fact (a NULL region, no last
 * purchase, an unclassified ABC, an unscored RFM) is false; `not` is plain
 * negation, so "not (days_since_purchase <= 180)" holds for a client who
 * never bought. Use `known` to say what you mean.
 *
 * Kinds of facts and what they accept:
 *   money  (turnover, margin)  all conditions; values in minor units of the
 *                              policy's currency
 *   number (tenure_days, days_since_purchase, rfm_r, rfm_f, rfm_m, rfm_cell)
 *                              all conditions
 *   date   (client_since, last_purchase)  all conditions; values clm_date
 *   class  (abc, xyz)          =, !=, in, known; values CLM_ABC_A.. /
 *                              CLM_XYZ_X..
 *   text   (risk_class, region, legal_type, state)  =, !=, in, known;
 *                              exact byte comparison (case-sensitive)
 *
 * A policy is compiled as it is built: evaluation walks a flat array of
 * nodes with short-circuit and/or, and allocates nothing.
 *
 * Thread safety: a built policy is immutable in use; evaluation and the
 * queries may run concurrently on one policy. Building (add_*) needs
 * exclusive access.
 */
#ifndef CLM_CATEGORY_H
#define CLM_CATEGORY_H

#include "common.h"
#include "actor.h"
#include "date.h"
#include "segment.h"
#include "xml.h"

CLM_BEGIN_DECLS

/** Most categories one policy may declare today. Results are arrays sized
 *  by the policy's category count, so raising it changes no type. */
#define CLM_CATEGORY_MAX 64
/** Most rules one policy may hold. */
#define CLM_CATEGORY_MAX_RULES 65535
/** Longest category, rule, role or policy name, in bytes. */
#define CLM_CATEGORY_NAME_MAX 63
/** A date fact that has no value (never bought, unknown start). */
#define CLM_FACT_NO_DATE INT32_MIN
/** In a result: the client is not in that category. */
#define CLM_CATEGORY_NO_RULE UINT32_MAX

/* ---- facts ---------------------------------------------------------------- */

/** The facts a condition may test. */
typedef enum clm_fact {
    CLM_FACT_TURNOVER = 1,        /**< money: turnover over the analysed period */
    CLM_FACT_MARGIN,              /**< money: margin over the analysed period */
    CLM_FACT_TENURE_DAYS,         /**< number: as_of - client_since */
    CLM_FACT_DAYS_SINCE_PURCHASE, /**< number: as_of - last_purchase */
    CLM_FACT_CLIENT_SINCE,        /**< date: first deal (or first contact) */
    CLM_FACT_LAST_PURCHASE,       /**< date: last purchase */
    CLM_FACT_ABC,                 /**< class: clm_abc_class */
    CLM_FACT_XYZ,                 /**< class: clm_xyz_class */
    CLM_FACT_RFM_R,               /**< number 1..5 */
    CLM_FACT_RFM_F,               /**< number 1..5 */
    CLM_FACT_RFM_M,               /**< number 1..5 */
    CLM_FACT_RFM_CELL,            /**< number 100 r + 10 f + m (111..555) */
    CLM_FACT_RISK_CLASS,          /**< text */
    CLM_FACT_REGION,              /**< text */
    CLM_FACT_LEGAL_TYPE,          /**< text */
    CLM_FACT_STATE                /**< text: lifecycle state name */
} clm_fact;

/**
 * The name of a fact as the XML policy spells it ("turnover",
 * "days-since-purchase", "rfm-cell", "risk-class", ...), or NULL for an
 * unknown value. Static. Thread-safe.
 */
CLM_API const char *clm_fact_name(clm_fact fact);

/** The fact named `name` (as clm_fact_name() spells it).
 *  Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND. */
CLM_API int clm_fact_from_name(clm_fact *out, const char *name);

#define CLM_CATEGORY_FACTS_VERSION 1

/**
 * One client's facts. Transparent: fill it in after CLM_CATEGORY_FACTS_INIT
 * (everything unknown). Strings are borrowed for the duration of the call.
 *
 * turnover and margin are always known (0 when there were no sales) and are
 * in minor units of `currency`, which must be the policy's currency when the
 * policy tests money (else CLM_ECURRENCY). Dates may be CLM_FACT_NO_DATE;
 * abc/xyz CLM_ABC_NONE/CLM_XYZ_NONE; rfm {0,0,0}; strings NULL: all mean
 * "unknown".
 */
typedef struct clm_category_facts {
    unsigned int version;     /**< CLM_CATEGORY_FACTS_VERSION */
    const char *id;           /**< client id, used in error messages; may be NULL */
    char currency[4];         /**< ISO 4217 code of turnover and margin */
    int64_t turnover;         /**< minor units */
    int64_t margin;           /**< minor units, may be negative */
    clm_date client_since;    /**< CLM_FACT_NO_DATE if unknown */
    clm_date last_purchase;   /**< CLM_FACT_NO_DATE if never */
    clm_abc_class abc;
    clm_xyz_class xyz;
    clm_rfm_score rfm;
    const char *risk_class;
    const char *region;
    const char *legal_type;
    const char *state;
} clm_category_facts;

#define CLM_CATEGORY_FACTS_INIT \
    { .version = CLM_CATEGORY_FACTS_VERSION, .client_since = CLM_FACT_NO_DATE, \
      .last_purchase = CLM_FACT_NO_DATE, .abc = CLM_ABC_NONE, .xyz = CLM_XYZ_NONE }

/** Sets *facts to CLM_CATEGORY_FACTS_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_category_facts_init(clm_category_facts *facts);

/* ---- conditions ---------------------------------------------------------- */

/** A condition tree being built. Owned by the caller until handed to an
 *  all/any/not node; freed with clm_condition_free(). */
typedef struct clm_condition clm_condition;

typedef enum clm_cmp_op {
    CLM_CMP_EQ = 1, CLM_CMP_NE, CLM_CMP_LT, CLM_CMP_LE, CLM_CMP_GT, CLM_CMP_GE
} clm_cmp_op;

/**
 * fact op value, for money, number, date and class facts (class facts
 * accept only EQ and NE). Errors: CLM_EINVAL (NULL out, unknown fact or op,
 * a text fact, an order op on a class fact, a class value outside A..C /
 * X..Z), CLM_ENOMEM.
 */
CLM_API int clm_condition_compare(clm_condition **out, clm_fact fact, clm_cmp_op op,
                                  int64_t value);

/** fact op text, for text facts; op EQ or NE. `value` is copied.
 *  Errors: CLM_EINVAL (also a non-text fact, a NULL value), CLM_ENOMEM. */
CLM_API int clm_condition_compare_text(clm_condition **out, clm_fact fact, clm_cmp_op op,
                                       const char *value);

/** min <= fact <= max, for money, number and date facts.
 *  Errors: CLM_EINVAL (also min > max, a class or text fact), CLM_ENOMEM. */
CLM_API int clm_condition_range(clm_condition **out, clm_fact fact, int64_t min,
                                int64_t max);

/** fact in values[0..n) (n >= 1; duplicates are harmless), for money,
 *  number, date and class facts. The values are copied.
 *  Errors: CLM_EINVAL, CLM_ENOMEM. */
CLM_API int clm_condition_in(clm_condition **out, clm_fact fact, const int64_t *values,
                             size_t n);

/** fact in values[0..n) for text facts (strings copied).
 *  Errors: CLM_EINVAL (also a NULL string), CLM_ENOMEM. */
CLM_API int clm_condition_in_text(clm_condition **out, clm_fact fact,
                                  const char *const *values, size_t n);

/** The fact has a value. Errors: CLM_EINVAL, CLM_ENOMEM. */
CLM_API int clm_condition_known(clm_condition **out, clm_fact fact);

/**
 * All of (any of) children[0..n). On success the node owns the children
 * (the caller must not free them); on failure they stay the caller's.
 * n may be 0 (all: true, any: false).
 * Errors: CLM_EINVAL (NULL out, NULL children with n > 0, a NULL child),
 * CLM_ENOMEM.
 */
CLM_API int clm_condition_all(clm_condition **out, clm_condition *const *children,
                              size_t n);
CLM_API int clm_condition_any(clm_condition **out, clm_condition *const *children,
                              size_t n);

/** not child; owns child on success. Errors: CLM_EINVAL, CLM_ENOMEM. */
CLM_API int clm_condition_not(clm_condition **out, clm_condition *child);

/** Frees a condition tree; NULL is a no-op. */
CLM_API void clm_condition_free(clm_condition *c);

/* ---- policies ------------------------------------------------------------ */

typedef struct clm_category_policy clm_category_policy;

/**
 * Creates an empty policy named `name` (copied; may be NULL for "") whose
 * money values are in `currency` (a known ISO 4217 code).
 * Errors: CLM_EINVAL (NULL out, a name over CLM_CATEGORY_NAME_MAX),
 * CLM_ECURRENCY, CLM_ENOMEM. Free with clm_category_policy_free().
 */
CLM_API int clm_category_policy_new(clm_category_policy **out, const char *name,
                                    const char *currency);

/** Frees a policy; NULL is a no-op. */
CLM_API void clm_category_policy_free(clm_category_policy *p);

/**
 * Declares category `name` (1..CLM_CATEGORY_NAME_MAX bytes, no control
 * characters), and the roles that may assign it to, or remove it from, a
 * client by hand: roles[0..nroles) (copied; each 1..255 bytes, no control
 * characters, as clm_actor_check() accepts). nroles == 0 means no role may:
 * the category is assigned by rules only (deny by default; a policy grants
 * authority explicitly).
 * Categories are numbered 0, 1, ... in the order they are declared.
 *
 * Errors: CLM_EINVAL (NULL, bad name or role), CLM_EEXISTS (a category of
 * that name), CLM_ELIMIT (more than CLM_CATEGORY_MAX), CLM_ENOMEM. The
 * policy is unchanged on error.
 */
CLM_API int clm_category_policy_add_category(clm_category_policy *p, const char *name,
                                             const char *const *roles, size_t nroles);

/**
 * Appends rule `name` (unique, 1..CLM_CATEGORY_NAME_MAX bytes) that puts a
 * client in `category` (declared before) when `cond` holds. The condition
 * is compiled into the policy (copied); the caller still owns `cond`.
 * Rules are numbered 0, 1, ... in the order they are added.
 *
 * Errors: CLM_EINVAL (NULL, bad name), CLM_ENOTFOUND (no such category),
 * CLM_EEXISTS (a rule of that name), CLM_ELIMIT (more than
 * CLM_CATEGORY_MAX_RULES rules, or a condition nested deeper than 64
 * levels), CLM_ENOMEM. The policy is unchanged on error.
 */
CLM_API int clm_category_policy_add_rule(clm_category_policy *p, const char *name,
                                         const char *category, const clm_condition *cond);

/** The policy's name ("" if none) and currency code. Owned by the policy. */
CLM_API const char *clm_category_policy_name(const clm_category_policy *p);
CLM_API const char *clm_category_policy_currency(const clm_category_policy *p);

/** Number of categories / rules (0 for NULL). */
CLM_API size_t clm_category_policy_category_count(const clm_category_policy *p);
CLM_API size_t clm_category_policy_rule_count(const clm_category_policy *p);

/** Name of category i / rule j, or NULL when out of range. Owned by the
 *  policy. */
CLM_API const char *clm_category_policy_category_name(const clm_category_policy *p,
                                                      size_t i);
CLM_API const char *clm_category_policy_rule_name(const clm_category_policy *p, size_t j);

/** The category rule j assigns (its index), or (size_t)-1 out of range. */
CLM_API size_t clm_category_policy_rule_category(const clm_category_policy *p, size_t j);

/** *out = the index of category `name`.
 *  Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (the message names it). */
CLM_API int clm_category_policy_category_find(size_t *out, const clm_category_policy *p,
                                              const char *name);

/**
 * May `actor` assign category `category` to a client (or remove it) by
 * hand? Returns 0 if the actor's role is one the policy lists for it.
 *
 * Errors: CLM_EINVAL (NULL, or an actor failing clm_actor_check()),
 * CLM_ENOTFOUND (no such category), CLM_EPERM (the role lacks the
 * authority; the message names user, role, category and the roles that
 * have it, e.g. "user 'ivanov' in role 'manager' may not assign category
 * 'key': only head_of_department, director may"). Role names compare
 * exactly. Thread-safe.
 */
CLM_API int clm_category_policy_check_assign(const clm_category_policy *p,
                                             const char *category, const clm_actor *actor);

/* ---- evaluation ---------------------------------------------------------- */

/**
 * Evaluates every rule of `p` for one client, as of date `as_of` (which
 * gives tenure_days and days_since_purchase). A client's result is one
 * entry per category of the policy, in declaration order: out[c] is the
 * index of the first rule (policy order) that put the client in category
 * c, or CLM_CATEGORY_NO_RULE when the client is not in it.
 *
 * `n` is the length of `out`. It must be at least
 * clm_category_policy_category_count(p) (else CLM_EBUFSIZE, naming both
 * figures); entries from that count up to n are set to
 * CLM_CATEGORY_NO_RULE, so an array sized for the largest policy serves
 * every policy.
 *
 * Errors: CLM_EINVAL (NULL; as_of outside the valid date range; a date in
 * the facts after as_of or outside the valid range; a legal type or state
 * that is not the client module's name: the message names the client id
 * and field), CLM_EVERSION (facts->version), CLM_ECURRENCY (the policy
 * tests money and facts->currency differs from its currency), CLM_EBUFSIZE.
 * out untouched on error. Allocates nothing. Thread-safe.
 */
CLM_API int clm_category_policy_evaluate(uint32_t *out, size_t n, const clm_category_policy *p,
                                         const clm_category_facts *facts, clm_date as_of);

/**
 * Evaluates every rule for facts[0..count): client i's result (as
 * clm_category_policy_evaluate() gives it) is the row
 * out[i * k .. i * k + k), k = clm_category_policy_category_count(p).
 * `n` is the length of `out`: at least count x k (else CLM_EBUFSIZE);
 * entries past count x k are left alone.
 *
 * Every client's facts are checked before anything is written, so on error
 * (the errors of clm_category_policy_evaluate(), naming the client's index
 * and id) out is untouched. count == 0 succeeds (out may then be NULL).
 * Allocates nothing. Thread-safe.
 */
CLM_API int clm_category_policy_evaluate_batch(uint32_t *out, size_t n,
                                               const clm_category_policy *p,
                                               const clm_category_facts *facts, size_t count,
                                               clm_date as_of);

/* ---- XML (implemented in src/category/category_xml.c) -------------------- */

/**
 * Reads a category policy from XML (schema "category-policy", namespace
 * urn:libclm:category-policy:1; clm_xml_schema("category-policy") returns
 * it):
 *
 *   <category-policy xmlns="urn:libclm:category-policy:1" name="default"
 *                    currency="RUB">
 *     <category name="key">
 *       <assign-role name="head_of_department"/>
 *     </category>
 *     <category name="dormant"/>
 *     <rule name="key-by-turnover" category="key">
 *       <all>
 *         <in fact="abc"><value>A</value></in>
 *         <compare fact="turnover" op="ge" value="1000000.00 RUB"/>
 *       </all>
 *     </rule>
 *     <rule name="dormant-180" category="dormant">
 *       <compare fact="days-since-purchase" op="gt" value="180"/>
 *     </rule>
 *   </category-policy>
 *
 * A rule holds exactly one condition element: compare (fact, op = eq ne lt
 * le gt ge, value), range (fact, min, max), in (fact; value children),
 * known (fact), all / any (any number of conditions), not (one). Values are
 * written by kind: money "1000000.00 RUB" (in the policy's currency), number
 * "180", date "2025-01-31", class "A".."C" / "X".."Z", text as is.
 *
 * Errors: CLM_EINVAL (NULL out or buf), CLM_EVERSION (opts), CLM_ELIMIT
 * (over opts->max_bytes, or a policy limit), CLM_EPARSE (not well-formed; a
 * DOCTYPE, DTD or entity), CLM_ESCHEMA (schema-invalid; a bad value, an
 * unknown fact, an op the fact's kind does not take, a money value in
 * another currency, a rule naming an undeclared category, a duplicate
 * name): the last error names the source, the line and the attribute or
 * element. CLM_ENOMEM. *out untouched on error; free the policy with
 * clm_category_policy_free(). Thread-safe.
 */
CLM_API int clm_category_policy_load_xml(clm_category_policy **out, const char *buf,
                                         size_t len, const char *source,
                                         const clm_xml_options *opts);

/** As clm_category_policy_load_xml(), reading the file at `path`; adds
 *  CLM_EIO (the message names the path and the reason). */
CLM_API int clm_category_policy_load_file(clm_category_policy **out, const char *path,
                                          const clm_xml_options *opts);

/**
 * Writes `p` as XML that clm_category_policy_load_xml() reads back into an
 * equivalent policy (same categories, roles, rules and conditions, in the
 * same order). *out is NUL-terminated, freed by the caller with clm_free();
 * *len (may be NULL) receives its length.
 * Errors: CLM_EINVAL (NULL), CLM_ENOMEM. Outputs untouched on error.
 */
CLM_API int clm_category_policy_save_xml(char **out, size_t *len,
                                         const clm_category_policy *p);

CLM_END_DECLS

#endif /* CLM_CATEGORY_H */
