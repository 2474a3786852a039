/*
 * discount.h — discount policies: rules, stacking, caps, approvals and the
 * explanation of every price.
 *
 * A manager "must calculate the discount correctly when preparing an offer,
 * taking into account the ordered volume and the payment deferral",
 * "informs the client of the size of the discounts granted" and "signs
 * documents within his competence" (job descriptions; docs/rules.md,
 * Discounts).
 * This header turns that into three objects:
 *
 *   clm_discount_policy   a mutable, fully introspectable set of rules and
 *                         settings, built in code or loaded from XML
 *                         (clm_discount_policy_load_xml, declared by the
 *                         XML module);
 *   clm_discount_engine   the (logically immutable) compiled form of a policy, indexed
 *                         by product, product group and client category;
 *                         any number of threads may price with it at once;
 *   clm_discount_result   the priced document: per-line amounts, totals,
 *                         the approval needed and an explanation trace.
 *
 *     clm_discount_policy *p;
 *     clm_discount_policy_new(&p, "wholesale", "RUB");
 *     clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
 *     r.id = "volume-100"; r.action.kind = CLM_DISCOUNT_PERCENT;
 *     r.action.rate = 5 * CLM_RATE_PERCENT;
 *     size_t ri;
 *     clm_discount_policy_add_rule(&ri, p, &r);
 *     clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
 *     c.kind = CLM_DISCOUNT_COND_LINE_QUANTITY;
 *     c.min = 100 * CLM_DISCOUNT_QTY_SCALE;           // 100 units or more
 *     clm_discount_policy_add_condition(p, ri, &c);
 *     clm_discount_engine *e;
 *     clm_discount_policy_compile(&e, p);
 *     ... clm_discount_engine_evaluate(&res, e, &doc, NULL) ...
 *
 * ------------------------------------------------------------------------
 * Units
 *
 *  - Money: int64 minor units of the policy's currency (clm_money). Every
 *    amount in a policy (amount off, fixed price, amount ranges, turnover)
 *    is in the policy's currency; a document in another currency is
 *    refused with CLM_ECURRENCY (conversion is the caller's business).
 *  - Rates: clm_rate, parts per million (10 % = 100 000).
 *  - Quantities: int64 thousandths of a unit, CLM_DISCOUNT_QTY_SCALE = 1000
 *    (2.5 kg = 2500, 3 pieces = 3000). The scale is fixed so that every
 *    quantity condition and every price times quantity is exact.
 *  - Dates: clm_date (whole days).
 *
 * ------------------------------------------------------------------------
 * The stages of pricing a line (fixed; this order is part of the contract)
 *
 *  0. Price.     A line that carries no unit price (its unit_price has
 *                an empty currency) takes it from the engine's price book
 *                (clm/price.h, clm_discount_policy_compile_with_prices):
 *                the price list's precedence picks one entry, its
 *                formulas are applied and rounded there, and the trace's
 *                "price" entry names the list and the entry. Discounts
 *                always start from this price: price, then discounts,
 *                then rounding.
 *  1. Base.      base = unit_price x quantity / 1000, rounded to a minor
 *                unit with the policy's rounding mode (exact for whole
 *                quantities).
 *  2. Discounts. The rules whose conditions all hold are found through the
 *                compiled index. Within each exclusion group only the best
 *                one (largest discount computed on the base; ties: higher
 *                priority, then the rule defined first) survives. The
 *                survivors and the line's manual discount are combined by
 *                the policy's stacking mode:
 *                 - BEST_ONLY:   only the single largest discount applies
 *                                (ties as above);
 *                 - ADDITIVE:    every discount is computed on the base and
 *                                the discounts are summed: 10 % and 100.00
 *                                off a 1000.00 line give 200.00;
 *                 - COMPOUNDING: discounts apply one after the other to
 *                                the running amount, by priority (higher
 *                                first, ties by definition order; the
 *                                manual discount last): 10 % then 100.00
 *                                off 1000.00 gives 900.00 then 800.00,
 *                                two 10 % give 19 %, not 20 %.
 *                No discount takes the running amount below zero (it is cut
 *                to what is left, and the trace says so). Amounts in this
 *                stage are exact to 10^-6 of a minor unit (the only
 *                roundings at that precision, with the policy's mode, are
 *                a percentage of a running amount in COMPOUNDING and the
 *                free units' share of a line whose quantity has a
 *                fraction).
 *  3. Rounding.  The line's discounted amount is rounded once to a minor
 *                unit with the policy's mode. The discount of the line is
 *                base minus that amount; it is split over the applied
 *                rules in proportion to their exact shares by the
 *                largest-remainder method, so the per-rule amounts in the
 *                trace add up exactly to the line's discount.
 *  4. Surcharge. SURCHARGE rules (a deferral surcharge, a small-order
 *                surcharge) add their rates up and apply once to the
 *                rounded discounted amount, rounded with the policy's mode.
 *  5. Caps.      In this order: the maximum discount per line (base - net
 *                never above max_line x base, the allowance rounded down
 *                to a minor unit); the margin floor (net never below the
 *                line's cost plus the minimum margin, rounded up, but a
 *                floor never lifts net above the base); then the maximum
 *                discount per document (sum of (base - net) never above
 *                max_document x sum of bases): the excess is given back to
 *                the lines in proportion to their discounts, by the
 *                largest-remainder method, so lines still add up exactly
 *                to the document total. Caps only ever raise a net amount.
 *
 * After stage 5 the document total is the sum of the line nets, exactly.
 * Early-payment terms ("2/10 net 30") never change a line: they are
 * offered on the document total (see clm_discount_totals).
 *
 * ------------------------------------------------------------------------
 * Matching
 *
 * A rule applies to a line when every one of its conditions holds (AND).
 * A condition on a set of strings (product, category, coupon, ...) holds
 * when the fact is any of its values (OR within one condition). Strings
 * compare exactly (byte for byte, case-sensitive), except coupon codes,
 * which compare by the policy's coupon match: ASCII case folding by
 * default ("Spring10" is "SPRING10"; non-ASCII letters are not folded),
 * byte for byte with CLM_DISCOUNT_COUPON_EXACT. A range condition holds when min <= fact <= max (both
 * inclusive; INT64_MIN / INT64_MAX leave a side open). A fact the
 * document does not supply (a NULL region, no turnover for the period, no
 * client_since date) makes its condition fail, and the trace says why.
 *
 * Product groups form a hierarchy (clm_discount_policy_add_group): a line
 * in group "screws" matches a GROUP condition on "fasteners" when
 * "fasteners" is an ancestor of "screws". Groups a policy does not declare
 * are leaves without a parent.
 *
 * ------------------------------------------------------------------------
 * Approvals
 *
 * The approval ladder lists roles from the least to the most authority,
 * each with the largest discount it may grant alone and/or the smallest
 * margin it may leave (docs/rules.md, Discounts: manager 10 %, head of department 20 %,
 * commercial director 30 %, general director without limit). A priced
 * document names the first role of the ladder whose limits cover both its
 * largest line discount rate and its smallest line margin; the lines are
 * judged one by one, so a 30 % line is not hidden in a large document.
 * The reason names the line, the figure and the limit of the role below.
 */
#ifndef CLM_DISCOUNT_H
#define CLM_DISCOUNT_H

#include "common.h"
#include "date.h"
#include "money.h"
#include "rate.h"

CLM_BEGIN_DECLS

/** Quantities are thousandths of a unit: 1 unit = 1000. */
#define CLM_DISCOUNT_QTY_SCALE INT64_C(1000)

/** "No limit" for a cap, an approval limit or a margin. */
#define CLM_DISCOUNT_NO_LIMIT INT64_C(-1)

/** An index that names nothing (no rule, no line, no approval level). */
#define CLM_DISCOUNT_NONE ((size_t)-1)

/** Trace entries of the document as a whole use this line index. */
#define CLM_DISCOUNT_DOCUMENT CLM_DISCOUNT_NONE

/** A clm_date meaning "not known" (client_since). */
#define CLM_DISCOUNT_NO_DATE INT32_MIN

typedef struct clm_discount_policy clm_discount_policy;
typedef struct clm_discount_engine clm_discount_engine;
typedef struct clm_discount_result clm_discount_result;

/* ======================================================================
 * Enumerations and their names (the names are what the XML uses)
 * ====================================================================== */

/** How the discounts that survive exclusion groups combine (stage 2). */
typedef enum clm_discount_stacking {
    CLM_DISCOUNT_STACK_BEST_ONLY   = 1, /**< "best-only" */
    CLM_DISCOUNT_STACK_ADDITIVE    = 2, /**< "additive" */
    CLM_DISCOUNT_STACK_COMPOUNDING = 3  /**< "compounding" */
} clm_discount_stacking;

/**
 * How a margin is measured, for the margin floor and the approval ladder.
 *  - ON_COST ("markup", "cost plus"): (net - cost) / cost. Default, as the
 *    issue words the floor: "price never below cost plus a minimum margin".
 *  - ON_PRICE (gross margin): (net - cost) / net.
 */
typedef enum clm_discount_margin_basis {
    CLM_DISCOUNT_MARGIN_ON_COST  = 1, /**< "on-cost" */
    CLM_DISCOUNT_MARGIN_ON_PRICE = 2  /**< "on-price" */
} clm_discount_margin_basis;

/** What a rule does. Exactly one action per rule. */
typedef enum clm_discount_action_kind {
    /** `rate` (0 < rate <= 100 %) off the line (off the running amount in
     *  COMPOUNDING, off the base otherwise). "percent" */
    CLM_DISCOUNT_PERCENT = 1,
    /** `amount` (> 0 minor units) off each unit: amount x quantity / 1000.
     *  "amount-off-unit" */
    CLM_DISCOUNT_AMOUNT_OFF_UNIT = 2,
    /** `amount` (> 0) off the line once, whatever its quantity.
     *  "amount-off-line" */
    CLM_DISCOUNT_AMOUNT_OFF_LINE = 3,
    /** The unit price becomes `amount` (>= 0). A fixed price not below the
     *  current unit amount has no effect (it never raises a price); the
     *  trace says so. "fixed-price" */
    CLM_DISCOUNT_FIXED_PRICE = 4,
    /** Buy `buy` get `get` free: of every buy + get whole units on the
     *  line, `get` are free (the line's quantity includes the free units;
     *  fractions of a unit never count). "free-goods" */
    CLM_DISCOUNT_FREE_GOODS = 5,
    /** Early-payment terms on the document: `rate` off the total if paid
     *  within `days` days, the full total due in `net_days` days
     *  ("2/10 net 30": rate 2 %, days 10, net_days 30). 0 < rate < 100 %,
     *  0 <= days < net_days. The rule may only have document and client
     *  conditions. Of several matching, the largest rate wins (ties:
     *  priority, then definition order). "early-payment" */
    CLM_DISCOUNT_EARLY_PAYMENT = 6,
    /** `rate` (0 < rate <= 100 %) added to the line in stage 4.
     *  "surcharge" */
    CLM_DISCOUNT_SURCHARGE = 7,
    /** `amount` (> 0 minor units) off the whole document, split over its
     *  lines in proportion to their bases (stage 1) by the largest-remainder
     *  method: each line gets amount x base / total base rounded down, and
     *  the minor units left go one each to the lines with the largest
     *  remainders (ties: the earlier line), so the shares add up exactly to
     *  the amount. An amount above the document's total base is cut to it.
     *  Each line's share is then that line's discount by this rule, and
     *  stacks, is excluded, capped and traced like any other discount.
     *  Two such rules never meet line by line: of those that hold for a
     *  document and share an exclusion group (or, with BEST_ONLY
     *  stacking, of all of them) one is kept for the whole document, the
     *  one taking the most off it (both cut to its base), then the larger
     *  amount as written, then the higher priority, then the earlier
     *  definition; the others are traced once, on the document, as
     *  excluded. The largest-remainder split is not monotone in the
     *  amount, so a choice line by line could take more than either.
     *  The rule may only have document and client conditions (as
     *  EARLY_PAYMENT). "amount-off-document" */
    CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT = 8
} clm_discount_action_kind;

/** How a coupon condition compares a rule's codes with a document's
 *  (and how the coupon store keys coupons: discount_coupon.h). */
typedef enum clm_discount_coupon_match {
    /** ASCII case folding: 'A'..'Z' equal 'a'..'z', every other byte
     *  (every byte of a non-ASCII character too) compares as it is.
     *  The default. "fold-ascii" */
    CLM_DISCOUNT_COUPON_FOLD_ASCII = 1,
    /** Byte for byte. "exact" */
    CLM_DISCOUNT_COUPON_EXACT = 2
} clm_discount_coupon_match;

/** What a condition looks at. Set conditions use `values`; range
 *  conditions use `min`..`max` in the unit given. */
typedef enum clm_discount_cond_kind {
    /* sets of strings: the fact is any of `values` */
    CLM_DISCOUNT_COND_CLIENT     = 1,  /**< client id. "client" */
    CLM_DISCOUNT_COND_CATEGORY   = 2,  /**< any of the client's categories. "category" */
    CLM_DISCOUNT_COND_LEGAL_TYPE = 3,  /**< "legal-type"; values are clm_legal_type_name()'s
                                            names ("legal_entity" ...), nothing else */
    CLM_DISCOUNT_COND_REGION     = 4,  /**< "region"; any id */
    CLM_DISCOUNT_COND_RISK_CLASS = 5,  /**< "risk-class"; any id: risk classes are the
                                            names the user (or the credit module's
                                            grading) gives them */
    CLM_DISCOUNT_COND_PRODUCT    = 6,  /**< the line's product. "product" */
    CLM_DISCOUNT_COND_GROUP      = 7,  /**< the line's group or an ancestor. "group" */
    CLM_DISCOUNT_COND_COUPON     = 8,  /**< any coupon of the document. "coupon" */
    CLM_DISCOUNT_COND_CHANNEL    = 9,  /**< the sales channel, a name the user
                                            defines ("web", "office"). "channel" */
    /* ranges */
    CLM_DISCOUNT_COND_LINE_QUANTITY  = 20, /**< thousandths. "line-quantity" */
    CLM_DISCOUNT_COND_LINE_AMOUNT    = 21, /**< line base, minor units. "line-amount" */
    CLM_DISCOUNT_COND_DOC_QUANTITY   = 22, /**< sum over the document. "document-quantity" */
    CLM_DISCOUNT_COND_DOC_AMOUNT     = 23, /**< sum of line bases. "document-amount" */
    CLM_DISCOUNT_COND_GROUP_QUANTITY = 24, /**< sum over the document's lines in
                                                `group` (or below it). "group-quantity" */
    CLM_DISCOUNT_COND_GROUP_AMOUNT   = 25, /**< same, sum of bases. "group-amount" */
    CLM_DISCOUNT_COND_DATE           = 26, /**< document date, clm_date. "date" */
    CLM_DISCOUNT_COND_PREPAYMENT     = 27, /**< prepaid share, ppm. "prepayment" */
    CLM_DISCOUNT_COND_DEFERRAL       = 28, /**< payment deferral, days. "deferral" */
    CLM_DISCOUNT_COND_TURNOVER       = 29, /**< the client's turnover over the last
                                                `period_days` days, minor units. "turnover" */
    CLM_DISCOUNT_COND_TENURE         = 30  /**< days from client_since to the
                                                document date. "tenure" */
} clm_discount_cond_kind;

/** Pricing stages, in order (used by the trace). */
typedef enum clm_discount_stage {
    CLM_DISCOUNT_STAGE_BASE      = 1,
    CLM_DISCOUNT_STAGE_DISCOUNT  = 2,
    CLM_DISCOUNT_STAGE_ROUNDING  = 3,
    CLM_DISCOUNT_STAGE_SURCHARGE = 4,
    CLM_DISCOUNT_STAGE_CAP       = 5,
    CLM_DISCOUNT_STAGE_DOCUMENT  = 6  /**< early payment, approval */
} clm_discount_stage;

/** The names of the enumerations ("best-only", "percent", "group-amount",
 *  "on-cost"); NULL for an unknown value. Static strings; thread-safe. */
CLM_API const char *clm_discount_stacking_name(clm_discount_stacking s);
CLM_API const char *clm_discount_margin_basis_name(clm_discount_margin_basis b);
CLM_API const char *clm_discount_action_name(clm_discount_action_kind k);
CLM_API const char *clm_discount_cond_name(clm_discount_cond_kind k);
CLM_API const char *clm_discount_coupon_match_name(clm_discount_coupon_match m);

/** The value named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND
 *  (unknown name; the message quotes it). *out untouched on error.
 *  Thread-safe. */
CLM_API int clm_discount_stacking_from_name(clm_discount_stacking *out, const char *name);
CLM_API int clm_discount_margin_basis_from_name(clm_discount_margin_basis *out, const char *name);
CLM_API int clm_discount_action_from_name(clm_discount_action_kind *out, const char *name);
CLM_API int clm_discount_cond_from_name(clm_discount_cond_kind *out, const char *name);
CLM_API int clm_discount_coupon_match_from_name(clm_discount_coupon_match *out,
                                                const char *name);

/** 1 if `k` is a set condition (uses `values`), 0 if a range, -1 if
 *  unknown. Thread-safe. */
CLM_API int clm_discount_cond_is_set(clm_discount_cond_kind k);

/* ======================================================================
 * The policy model (transparent value types, copied in by the add calls)
 * ====================================================================== */

/** A rule's action; which fields count depends on `kind` (see above). */
typedef struct clm_discount_action {
    clm_discount_action_kind kind;
    clm_rate rate;     /**< PERCENT, SURCHARGE, EARLY_PAYMENT */
    int64_t amount;    /**< AMOUNT_OFF_*, FIXED_PRICE: minor units */
    int64_t buy;       /**< FREE_GOODS: whole units paid for, >= 1 */
    int64_t get;       /**< FREE_GOODS: whole units free, >= 1 */
    int32_t days;      /**< EARLY_PAYMENT: discount period D, >= 0 */
    int32_t net_days;  /**< EARLY_PAYMENT: net period N, > D */
} clm_discount_action;

/**
 * A rule. `id` is unique in its policy, non-empty, at most 255 bytes.
 * `priority`: higher applies first in COMPOUNDING and wins ties; any int.
 * `exclusion_group`: NULL or "" for none (a getter then returns NULL); of
 * the matching rules sharing a group, only the one giving the largest
 * discount on the base applies. Exclusion groups choose between discounts:
 * SURCHARGE and EARLY_PAYMENT rules cannot be in one.
 * `description`: free text for people (may be NULL).
 */
typedef struct clm_discount_rule {
    const char *id;
    const char *description;
    int32_t priority;
    const char *exclusion_group;
    clm_discount_action action;
} clm_discount_rule;

#define CLM_DISCOUNT_RULE_INIT { .action = { .kind = CLM_DISCOUNT_PERCENT } }
/** Sets *rule as CLM_DISCOUNT_RULE_INIT does (for bindings).
 *  Errors: CLM_EINVAL (NULL). */
CLM_API int clm_discount_rule_init(clm_discount_rule *rule);

/**
 * A condition.
 *  - set kinds: `values` points to `value_count` (>= 1) non-empty strings;
 *  - range kinds: min <= max (INT64_MIN / INT64_MAX for an open side);
 *  - GROUP_QUANTITY / GROUP_AMOUNT: `group` names the group summed over
 *    (required; NULL otherwise);
 *  - TURNOVER: `period_days` (> 0) selects which turnover figure of the
 *    client facts counts (0 otherwise).
 * Line conditions (PRODUCT, GROUP, LINE_*) are refused on EARLY_PAYMENT and AMOUNT_OFF_DOCUMENT
 * rules, which apply to a document.
 * A condition on an enumerated fact takes only that fact's values in the
 * library's one vocabulary: LEGAL_TYPE values are the names of
 * clm_legal_type_name() ("legal_entity", "sole_trader", "individual"); any
 * other value is CLM_EINVAL naming it (a policy file then fails to load,
 * naming the line), never a condition that silently matches nothing. The
 * other set kinds name things the user defines (ids, categories, regions,
 * risk classes, products, groups, coupons, channels): any non-empty value.
 */
typedef struct clm_discount_condition {
    clm_discount_cond_kind kind;
    const char *const *values;
    size_t value_count;
    int64_t min;
    int64_t max;
    const char *group;
    int32_t period_days;
} clm_discount_condition;

#define CLM_DISCOUNT_CONDITION_INIT \
    { .kind = CLM_DISCOUNT_COND_PRODUCT, .min = INT64_MIN, .max = INT64_MAX }
/** Sets *cond as CLM_DISCOUNT_CONDITION_INIT does (for bindings).
 *  Errors: CLM_EINVAL (NULL). */
CLM_API int clm_discount_condition_init(clm_discount_condition *cond);

/**
 * Caps (stage 5). Each is a rate or CLM_DISCOUNT_NO_LIMIT.
 *  - max_line:     largest (base - net) / base of a line;
 *  - max_document: largest sum(base - net) / sum(base);
 *  - margin_floor: smallest margin (by the policy's margin basis) a line
 *                  may keep; lines without a cost are not floored.
 */
typedef struct clm_discount_caps {
    clm_rate max_line;
    clm_rate max_document;
    clm_rate margin_floor;
} clm_discount_caps;

#define CLM_DISCOUNT_CAPS_INIT \
    { .max_line = CLM_DISCOUNT_NO_LIMIT, .max_document = CLM_DISCOUNT_NO_LIMIT, \
      .margin_floor = CLM_DISCOUNT_NO_LIMIT }
/** Sets *caps as CLM_DISCOUNT_CAPS_INIT does: no limits (for bindings).
 *  Errors: CLM_EINVAL (NULL). */
CLM_API int clm_discount_caps_init(clm_discount_caps *caps);

/**
 * One step of the approval ladder: `role` (non-empty, unique in the
 * ladder) may grant alone any line discount up to `max_discount` and
 * leave any line margin down to `min_margin` (each a rate or
 * CLM_DISCOUNT_NO_LIMIT).
 */
typedef struct clm_discount_approval {
    const char *role;
    clm_rate max_discount;
    clm_rate min_margin;
} clm_discount_approval;

/* ======================================================================
 * Building and inspecting a policy
 *
 * Thread safety: calls taking a const policy may run concurrently; the
 * others need exclusive access. Pointers returned by the getters are owned
 * by the policy and stay valid until the policy is next modified or freed.
 * A failed call leaves the policy exactly as it was.
 * ====================================================================== */

/**
 * Creates an empty policy named `name` (copied; NULL means "") whose
 * amounts are in `currency` (an ISO 4217 code). Defaults: stacking
 * COMPOUNDING (a second discount never gives more than its figure says),
 * rounding HALF_EVEN, margin basis ON_COST, no caps, no groups, no rules,
 * no approval ladder.
 * Errors: CLM_EINVAL (NULL out), CLM_ECURRENCY (unknown currency),
 * CLM_ENOMEM. *out untouched on error. Free with clm_discount_policy_free().
 */
CLM_API int clm_discount_policy_new(clm_discount_policy **out, const char *name,
                                    const char *currency);

/** Frees a policy; NULL is a no-op. Engines compiled from it stay valid. */
CLM_API void clm_discount_policy_free(clm_discount_policy *p);

/** A deep copy. Errors: CLM_EINVAL, CLM_ENOMEM (*out untouched). */
CLM_API int clm_discount_policy_dup(clm_discount_policy **out,
                                    const clm_discount_policy *p);

/** The policy's name ("" if none) and currency code. NULL if p is NULL. */
CLM_API const char *clm_discount_policy_name(const clm_discount_policy *p);
CLM_API const char *clm_discount_policy_currency(const clm_discount_policy *p);

/** Setters. Errors: CLM_EINVAL (NULL p, unknown enumeration value). */
CLM_API int clm_discount_policy_set_stacking(clm_discount_policy *p, clm_discount_stacking s);
CLM_API int clm_discount_policy_set_rounding(clm_discount_policy *p, clm_rounding mode);
CLM_API int clm_discount_policy_set_margin_basis(clm_discount_policy *p,
                                                 clm_discount_margin_basis b);

/** How coupon codes compare (see clm_discount_coupon_match; default
 *  FOLD_ASCII). Errors: CLM_EINVAL (NULL p, unknown value). */
CLM_API int clm_discount_policy_set_coupon_match(clm_discount_policy *p,
                                                 clm_discount_coupon_match m);
/** The policy's coupon match; FOLD_ASCII for NULL. */
CLM_API clm_discount_coupon_match clm_discount_policy_coupon_match(const clm_discount_policy *p);

/** Getters; with p NULL they return the defaults. */
CLM_API clm_discount_stacking clm_discount_policy_stacking(const clm_discount_policy *p);
CLM_API clm_rounding clm_discount_policy_rounding(const clm_discount_policy *p);
CLM_API clm_discount_margin_basis clm_discount_policy_margin_basis(const clm_discount_policy *p);

/**
 * Sets the policy's caps. Each field is CLM_DISCOUNT_NO_LIMIT or a rate
 * in 0..100 % (a margin floor may exceed 100 % on cost).
 * Errors: CLM_EINVAL (NULL, a rate out of range; the field is named).
 */
CLM_API int clm_discount_policy_set_caps(clm_discount_policy *p, const clm_discount_caps *caps);

/** *out = the policy's caps. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_discount_policy_caps(clm_discount_caps *out, const clm_discount_policy *p);

/**
 * Caps that replace the policy's caps when the document's acting `role`
 * is `role` (a head of department may lift the line cap to 25 %). One
 * entry per role; `role` is copied.
 * Errors: CLM_EINVAL (NULL, empty role, rate out of range), CLM_EEXISTS
 * (the role has caps already), CLM_ENOMEM.
 */
CLM_API int clm_discount_policy_add_role_caps(clm_discount_policy *p, const char *role,
                                              const clm_discount_caps *caps);

/** Number of role caps (0 for NULL). */
CLM_API size_t clm_discount_policy_role_caps_count(const clm_discount_policy *p);

/** The i-th role caps, in the order added: *role (owned by the policy)
 *  and *caps; either output may be NULL. Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API int clm_discount_policy_role_caps_at(const char **role, clm_discount_caps *caps,
                                             const clm_discount_policy *p, size_t i);

/**
 * Declares product group `group` with parent `parent` (NULL or "" for a
 * top-level group). The parent must be declared first, so the hierarchy
 * is a forest and never has a cycle.
 * Errors: CLM_EINVAL (NULL, empty name or longer than 255 bytes),
 * CLM_EEXISTS (group declared already), CLM_ENOTFOUND (unknown parent),
 * CLM_ELIMIT (2^32 - 2 groups), CLM_ENOMEM.
 */
CLM_API int clm_discount_policy_add_group(clm_discount_policy *p, const char *group,
                                          const char *parent);

/** Number of declared groups (0 for NULL). */
CLM_API size_t clm_discount_policy_group_count(const clm_discount_policy *p);

/** The i-th group in declaration order: *name and *parent ("" for a top
 *  group), owned by the policy; either may be NULL.
 *  Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API int clm_discount_policy_group_at(const char **name, const char **parent,
                                         const clm_discount_policy *p, size_t i);

/**
 * Appends a rule (copied, strings included) with no conditions yet; its
 * index is *out (may be NULL). Rule indexes are definition order, which
 * breaks ties.
 * Errors: CLM_EINVAL (NULL, empty or too long id, unknown action kind, an
 * action field out of range, an exclusion group on a SURCHARGE or
 * EARLY_PAYMENT rule: the message names the rule, the field names the
 * field), CLM_EEXISTS (id used already), CLM_ELIMIT (2^32 - 2 rules),
 * CLM_ENOMEM.
 */
CLM_API int clm_discount_policy_add_rule(size_t *out, clm_discount_policy *p,
                                         const clm_discount_rule *rule);

/** Number of rules (0 for NULL). */
CLM_API size_t clm_discount_policy_rule_count(const clm_discount_policy *p);

/** The i-th rule (owned by the policy), or NULL if i is out of range. */
CLM_API const clm_discount_rule *clm_discount_policy_rule(const clm_discount_policy *p,
                                                          size_t i);

/** *out = the index of the rule with id `id`.
 *  Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND. */
CLM_API int clm_discount_policy_find_rule(size_t *out, const clm_discount_policy *p,
                                          const char *id);

/**
 * Adds a condition (copied, strings included) to rule `rule`.
 * Errors: CLM_EINVAL (NULL, unknown kind, no values or an empty value for a
 * set kind, a LEGAL_TYPE value that is not a legal type name, min > max, a missing or superfluous group/period, a line
 * condition on an EARLY_PAYMENT rule), CLM_ERANGE (no rule with that
 * index), CLM_ENOMEM.
 */
CLM_API int clm_discount_policy_add_condition(clm_discount_policy *p, size_t rule,
                                              const clm_discount_condition *cond);

/** Number of conditions of rule `rule` (0 if p is NULL or no such rule). */
CLM_API size_t clm_discount_policy_condition_count(const clm_discount_policy *p, size_t rule);

/** The i-th condition of rule `rule` (owned by the policy), or NULL. */
CLM_API const clm_discount_condition *
clm_discount_policy_condition(const clm_discount_policy *p, size_t rule, size_t i);

/**
 * Appends a step to the approval ladder (copied). Steps go from the least
 * to the most authority: max_discount may not decrease and min_margin may
 * not increase along the ladder (NO_LIMIT counts as infinite authority).
 * Errors: CLM_EINVAL (NULL, empty role, a rate out of range, a step with
 * less authority than the one before), CLM_EEXISTS (role in the ladder
 * already), CLM_ENOMEM.
 */
CLM_API int clm_discount_policy_add_approval(clm_discount_policy *p,
                                             const clm_discount_approval *step);

/** Number of ladder steps (0 for NULL). */
CLM_API size_t clm_discount_policy_approval_count(const clm_discount_policy *p);

/** The i-th ladder step (owned by the policy), or NULL. */
CLM_API const clm_discount_approval *
clm_discount_policy_approval(const clm_discount_policy *p, size_t i);

/* ======================================================================
 * Compiling
 * ====================================================================== */

/**
 * Compiles `p` into an engine: a private deep copy of the policy
 * plus indexes by product, by group and by client category, so a line is
 * checked only against the rules that could concern it (plus the rules
 * that name none of the three). The policy may be changed or freed
 * afterwards without affecting the engine.
 * Errors: CLM_EINVAL (NULL), CLM_ENOMEM. *out untouched on error.
 * Thread safety: the engine is logically immutable: no call changes what
 * it computes. Its internal caches (the spare scratch memory of pricing,
 * sized for the largest document priced and kept until
 * clm_discount_engine_free(); the parts of the trace's sentences, made
 * once per language) are updated atomically, so any number of threads may
 * evaluate and batch-price with it at once, in any languages. Free with
 * clm_discount_engine_free().
 */
CLM_API int clm_discount_policy_compile(clm_discount_engine **out,
                                        const clm_discount_policy *p);

/** Frees an engine; NULL is a no-op. No evaluation may be running on it. */
CLM_API void clm_discount_engine_free(clm_discount_engine *e);

/** The engine's copy of the policy it was compiled from (owned by the
 *  engine, read-only), for inspection. NULL if e is NULL. */
CLM_API const clm_discount_policy *clm_discount_engine_policy(const clm_discount_engine *e);

/* ======================================================================
 * Documents (what is priced): transparent structs the caller fills in.
 * Every pointer is borrowed for the duration of the call.
 * ====================================================================== */

/** The client's turnover over the last `period_days` days. */
typedef struct clm_discount_turnover {
    int32_t period_days;
    int64_t amount;      /**< minor units of the policy's currency */
} clm_discount_turnover;

/** What is known of the client. Any string may be NULL (unknown).
 *  `legal_type`, when given, is a clm_legal_type_name() name (else the
 *  document is refused with CLM_EINVAL, field "client.legal_type"). */
typedef struct clm_discount_client {
    const char *id;
    const char *legal_type;
    const char *region;
    const char *risk_class;
    const char *const *categories;   /**< from the category module */
    size_t category_count;
    clm_date since;                  /**< client since; CLM_DISCOUNT_NO_DATE */
    const clm_discount_turnover *turnover;
    size_t turnover_count;
} clm_discount_client;

/**
 * A line. `product` is required (non-empty); `group` may be NULL.
 * `quantity` > 0 in thousandths. `unit_price` >= 0, or left empty (a
 * zeroed clm_money, currency "") for an engine with a price book to take
 * the price from its lists (stage 0); and, if has_cost,
 * `unit_cost` >= 0, both in the document's currency. `manual_rate`
 * (0 .. 100 %) is a discount the manager grants by hand; it stacks with
 * the rules as a discount named "manual" and is judged by the approval
 * ladder like any other.
 */
typedef struct clm_discount_line {
    const char *product;
    const char *group;
    int64_t quantity;
    clm_money unit_price;
    clm_money unit_cost;
    int has_cost;
    clm_rate manual_rate;
} clm_discount_line;

#define CLM_DISCOUNT_DOCUMENT_VERSION 1

/**
 * A document to price (a quote, an order, an invoice). `currency` must be
 * the policy's. `role` is the role of the person pricing it (NULL for
 * none): it selects role caps and is compared with the approval needed.
 * `prepayment` is the share paid in advance (0 .. 100 %), `deferral_days`
 * (>= 0) the payment deferral granted.
 */
typedef struct clm_discount_document {
    unsigned int version;            /**< CLM_DISCOUNT_DOCUMENT_VERSION */
    const char *currency;
    clm_date date;
    clm_discount_client client;
    const char *const *coupons;
    size_t coupon_count;
    clm_rate prepayment;
    int32_t deferral_days;
    const char *channel;
    const char *role;
    const clm_discount_line *lines;
    size_t line_count;
} clm_discount_document;

#define CLM_DISCOUNT_DOCUMENT_INIT \
    { .version = CLM_DISCOUNT_DOCUMENT_VERSION, \
      .client = { .since = CLM_DISCOUNT_NO_DATE } }

/** Sets *doc to CLM_DISCOUNT_DOCUMENT_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_discount_document_init(clm_discount_document *doc);

/* ======================================================================
 * Results
 * ====================================================================== */

/** One priced line, in minor units of the document's currency.
 *  net = base - discount + surcharge + capped, exactly. */
typedef struct clm_discount_line_result {
    int64_t base;          /**< stage 1 */
    int64_t discount;      /**< stages 2-3, >= 0 */
    int64_t surcharge;     /**< stage 4, >= 0 */
    int64_t capped;        /**< stage 5: given back by caps, >= 0 */
    int64_t net;           /**< what the client pays for the line */
    int64_t cost;          /**< unit_cost x quantity, policy rounding; 0 without cost */
    clm_rate rate;         /**< (base - net) / base, CEILING; 0 if base is 0 */
    clm_rate margin;       /**< by the policy's basis, FLOOR; valid if has_margin */
    int has_margin;        /**< the line has a cost and the margin is defined */
    size_t rules_applied;  /**< rules (and manual) that changed the line */
    int64_t unit_price;    /**< the unit price of stage 1: the line's, or the
                                price list's (clm/price.h) */
} clm_discount_line_result;

/** The document, with its early-payment terms and approval. */
typedef struct clm_discount_totals {
    int64_t base, discount, surcharge, capped, net; /**< sums of the lines, exact */
    clm_rate rate;                 /**< (base - net) / base, CEILING */
    clm_rate max_line_rate;        /**< largest line rate (0 if no line has a discount) */
    size_t max_line;               /**< its line, or CLM_DISCOUNT_NONE if no line
                                        has a positive rate */
    clm_rate min_margin;           /**< smallest line margin, valid if has_margin */
    size_t min_margin_line;
    int has_margin;
    /** Approval: the first ladder step covering every line, or
     *  CLM_DISCOUNT_NONE with approvable 0 when no step does, or
     *  CLM_DISCOUNT_NONE with approvable 1 when the policy has no ladder. */
    size_t approval;
    int approvable;
    /** 1 if the document's role is in the ladder at or above `approval`;
     *  also 1 when the policy has no ladder, 0 when no step can approve. */
    int role_suffices;
    /** Early payment (docs/rules.md, Discounts): has_early_payment, the rule, its terms,
     *  the amount off the total if paid within `days` (policy rounding),
     *  and the implied annual cost of not taking it,
     *  d/(1-d) x 365/(N-D), HALF_EVEN to a ppm. */
    int has_early_payment;
    size_t early_payment_rule;
    clm_rate early_payment_rate;
    int32_t early_payment_days;
    int32_t early_payment_net_days;
    int64_t early_payment_amount;
    clm_rate early_payment_annual_cost;
} clm_discount_totals;

/**
 * What a trace entry records. A line's trace lists, in this order: the
 * base; every rule considered for the line, that is every rule the
 * compiled index selected (rules naming the line's product, its group or
 * an ancestor, one of the client's categories, or none of the three; a
 * rule the index rules out is not listed, so a 10 000-rule policy does
 * not give 10 000 entries per line) with what happened to it; the
 * rounding; surcharges; caps. A rule that looks only at the document
 * (client, coupon, date, document totals...) and fails is reported once,
 * in the document's trace, not on every line. The document's trace holds
 * those, the document cap, the early-payment terms, the total and the
 * approval.
 */
typedef enum clm_discount_trace_kind {
    CLM_DISCOUNT_TRACE_NOT_MATCHED = 1, /**< a considered rule: a condition failed */
    CLM_DISCOUNT_TRACE_EXCLUDED    = 2, /**< matched, dropped (exclusion group, best-only) */
    CLM_DISCOUNT_TRACE_APPLIED     = 3, /**< changed the amount from before to after */
    CLM_DISCOUNT_TRACE_NO_EFFECT   = 4, /**< matched and kept, changed nothing */
    CLM_DISCOUNT_TRACE_ADJUSTED    = 5  /**< base, rounding, cap, total, approval */
} clm_discount_trace_kind;

/**
 * One step of the explanation. `rule` is the rule's index or
 * CLM_DISCOUNT_NONE (manual discount, base, rounding, caps, approval);
 * `name` is the rule id, "manual", "base", "rounding", "cap:line",
 * "cap:margin", "cap:document", "total", "early-payment" or "approval".
 * `before` and `after` are the running amount of the line (the document
 * total for document entries) around the step, in minor units, and
 * amount = before - after: what the step took off (positive) or added
 * (negative: a surcharge, a cap giving discount back). Entries that change
 * nothing (NOT_MATCHED, EXCLUDED, NO_EFFECT) have before = after and
 * amount 0; an EXCLUDED entry's reason names the discount it would have
 * given. `reason` is a sentence for the client ("10% off: category is
 * wholesale"). Strings owned by the result.
 */
typedef struct clm_discount_trace_entry {
    clm_discount_trace_kind kind;
    clm_discount_stage stage;
    size_t rule;
    const char *name;
    int64_t before;
    int64_t amount;
    int64_t after;
    const char *reason;
} clm_discount_trace_entry;

#define CLM_DISCOUNT_EVAL_OPTIONS_VERSION 1

/** Options for clm_discount_engine_evaluate(). NULL means the defaults. */
typedef struct clm_discount_eval_options {
    unsigned int version;  /**< CLM_DISCOUNT_EVAL_OPTIONS_VERSION */
    int trace;             /**< 1 (default): build the explanation trace */
} clm_discount_eval_options;

#define CLM_DISCOUNT_EVAL_OPTIONS_INIT \
    { .version = CLM_DISCOUNT_EVAL_OPTIONS_VERSION, .trace = 1 }

/** Sets *opts to the defaults. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_discount_eval_options_init(clm_discount_eval_options *opts);

/**
 * Prices `doc` with engine `e`.
 * Errors: CLM_EINVAL (NULL, a bad document: no lines, an empty product, a
 * quantity <= 0, a negative price or cost, a rate or deferral out of
 * range; the message names the line and the field), CLM_EVERSION (doc or
 * opts version), CLM_ECURRENCY (a currency other than the policy's),
 * CLM_EOVERFLOW (an amount does not fit int64), CLM_ENOMEM.
 * *out untouched on error; on success free it with clm_discount_result_free().
 * The result is one allocation (its lines, its trace's entries and their
 * text together). The engine keeps the scratch memory of one evaluation
 * for the next, the trace's text included (it changes no figure;
 * clm_discount_engine_free() releases it): an evaluation that finds it
 * free and large enough allocates nothing but its result. The
 * first evaluation with the trace in a language (clm/lang.h) writes the
 * parts of the trace's sentences that depend on the policy alone (what
 * each condition asks for, what each rule does, what each step of the
 * approval ladder may grant) for every later one in that language: it
 * takes about as long as compiling the policy.
 * Thread-safe: any number of threads may evaluate on one engine.
 */
CLM_API int clm_discount_engine_evaluate(clm_discount_result **out,
                                         const clm_discount_engine *e,
                                         const clm_discount_document *doc,
                                         const clm_discount_eval_options *opts);

/**
 * Batch pricing without traces: prices `n` documents and writes, for
 * document k, its lines' results consecutively into `lines` (the lines of
 * document 0 first, then document 1...) and its totals into totals[k].
 * `lines` has room for `line_capacity` results, which must be at least the
 * sum of the documents' line counts. Allocates only scratch memory,
 * which the engine keeps for its next call (as for
 * clm_discount_engine_evaluate(); clm_discount_engine_free() releases
 * it): a call whose documents cannot fail allocates nothing when that
 * memory, kept from an earlier call with as many lines in a document, is
 * free (a call running at the same time on the engine makes its own).
 * Errors: as clm_discount_engine_evaluate(), plus CLM_EBUFSIZE (too few
 * lines); the message names the document at fault. On error `lines` and
 * `totals` are untouched (the batch is computed in scratch memory first).
 * Thread-safe as above.
 */
CLM_API int clm_discount_engine_price_batch(clm_discount_line_result *lines,
                                            size_t line_capacity,
                                            clm_discount_totals *totals,
                                            const clm_discount_engine *e,
                                            const clm_discount_document *docs,
                                            size_t n);

/** Frees a result; NULL is a no-op. */
CLM_API void clm_discount_result_free(clm_discount_result *r);

/** Number of lines (0 for NULL). */
CLM_API size_t clm_discount_result_line_count(const clm_discount_result *r);

/** Line i's result (owned by r), or NULL if out of range. */
CLM_API const clm_discount_line_result *clm_discount_result_line(const clm_discount_result *r,
                                                                 size_t i);

/** The document's totals (owned by r), or NULL if r is NULL. */
CLM_API const clm_discount_totals *clm_discount_result_totals(const clm_discount_result *r);

/**
 * The role that must approve the document: the ladder step's role, or
 * NULL when no step can (or the policy has no ladder). `why` (may be
 * NULL) receives a sentence naming the line, its figure and the limit
 * exceeded ("line 2: discount 24.5% exceeds head_of_department's 20%").
 * Strings owned by r. Thread-safe for a const result.
 */
CLM_API const char *clm_discount_result_approval(const clm_discount_result *r,
                                                 const char **why);

/** Number of trace entries of line `line` (CLM_DISCOUNT_DOCUMENT for the
 *  document's); 0 when the trace was not built or the line does not exist. */
CLM_API size_t clm_discount_result_trace_count(const clm_discount_result *r, size_t line);

/** The i-th trace entry of `line` in the order the steps happened (owned
 *  by r), or NULL. */
CLM_API const clm_discount_trace_entry *
clm_discount_result_trace(const clm_discount_result *r, size_t line, size_t i);

/* ======================================================================
 * Early-payment terms
 * ====================================================================== */

/**
 * *out = the annual cost of NOT taking an early-payment discount `d`
 * offered for paying within `days` instead of `net_days`:
 *     d / (1 - d) x 365 / (net_days - days)
 * computed exactly in integers and rounded to a ppm by `mode`. docs/rules.md, Discounts:
 * "2/10 net 30" (d = 20 000 ppm, 10, 30) gives 372 449 ppm = 37.2449 %
 * with HALF_EVEN (37.24 % to two decimals). The 365-day year is the
 * convention of the formula as usually cited (Brealey-Myers).
 * Errors: CLM_EINVAL (NULL, d outside 0 < d < 100 %, days < 0,
 * net_days <= days, unknown mode), CLM_EOVERFLOW. *out untouched on error.
 * Thread-safe.
 */
CLM_API int clm_discount_early_payment_cost(clm_rate *out, clm_rate d, int32_t days,
                                            int32_t net_days, clm_rounding mode);

CLM_END_DECLS

#endif /* CLM_DISCOUNT_H */
