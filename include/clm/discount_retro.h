/*
 * discount_retro.h — retro-bonuses: a rebate settled after the period
 * (docs/rules.md, "Price lists, promotions and retro-bonuses",
 * Retro-bonuses).
 *
 * At the end of a period the client's turnover for the period falls into a
 * tier of a scheme, and the tier's rate applies retroactively, less what
 * the period's invoices already granted; what is left is the amount of a
 * credit note. Mid-period, a forecast says how much more turnover reaches
 * the next tier and what the client earns if it buys a given amount more.
 *
 *     static const clm_retro_tier tiers[] = {
 *         { .threshold = 100000000, .rate = 2 * CLM_RATE_PERCENT }, // 1 000 000.00
 *         { .threshold = 300000000, .rate = 3 * CLM_RATE_PERCENT }, // 3 000 000.00
 *         { .threshold = 500000000, .rate = 5 * CLM_RATE_PERCENT }, // 5 000 000.00
 *     };
 *     clm_retro_scheme s = CLM_RETRO_SCHEME_INIT;
 *     s.currency = "RUB"; s.tiers = tiers; s.tier_count = 3;
 *     clm_retro_bonus b;
 *     clm_retro_bonus_accrue(&b, &s, 345678901, 500000);
 *     // tier 1 (3 %): bonus 10 370 367 (103 703.67 RUB), credit 9 870 367
 *
 * ------------------------------------------------------------------------
 * The rules
 *
 *  - Money is int64 minor units of the scheme's currency; rates are ppm.
 *  - A tier is reached when the turnover is at least its threshold
 *    (inclusive); the tier reached is the one with the highest threshold
 *    not above the turnover. A turnover below the first threshold (or
 *    negative: more credited than invoiced) reaches no tier and earns 0.
 *  - Mode FROM_FIRST ("from-first"): the tier's rate applies to the whole
 *    turnover, from the first rouble. Mode ABOVE_THRESHOLD
 *    ("above-threshold"): it applies only to the turnover above the
 *    reached tier's threshold. In this mode crossing a threshold can lower
 *    the bonus (3 % of what lies above 3 000 000.00 may be less than 2 % of
 *    what lay above 1 000 000.00): that is what the scheme says, and the
 *    forecast shows it rather than hiding it.
 *  - bonus = rate x base / 10^6, computed exactly and rounded ONCE to a
 *    minor unit by the scheme's named rounding mode.
 *  - granted is what the period's invoices already gave on account of the
 *    bonus (discounts on the invoices, advances). credit = bonus - granted
 *    when positive; when the invoices gave more than the bonus, credit is 0
 *    and over_granted says by how much (a claw-back is the caller's
 *    decision, never made silently).
 *
 * Thread safety: the pure functions (names, check, accrue, forecast,
 * explain) only read their arguments and may run concurrently. The store
 * functions follow store.h: one thread per handle.
 */
#ifndef CLM_DISCOUNT_RETRO_H
#define CLM_DISCOUNT_RETRO_H

#include "common.h"
#include "date.h"
#include "rate.h"
#include "store.h"

CLM_BEGIN_DECLS

/** Which part of the turnover the reached tier's rate applies to. */
typedef enum clm_retro_mode {
    CLM_RETRO_FROM_FIRST      = 1, /**< the whole turnover. "from-first" */
    CLM_RETRO_ABOVE_THRESHOLD = 2  /**< the turnover above the tier's threshold.
                                        "above-threshold" */
} clm_retro_mode;

/** "from-first", "above-threshold"; NULL for an unknown value. Thread-safe. */
CLM_API const char *clm_retro_mode_name(clm_retro_mode m);
/** The mode named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND
 *  (unknown name; the message quotes it and lists the names). *out
 *  untouched on error. Thread-safe. */
CLM_API int clm_retro_mode_from_name(clm_retro_mode *out, const char *name);

/** "No tier reached" for clm_retro_bonus.tier and clm_retro_forecast.next_tier. */
#define CLM_RETRO_NO_TIER ((size_t)-1)

/** One tier: from `threshold` minor units of turnover (>= 0), `rate`
 *  (0 < rate <= 100 %). */
typedef struct clm_retro_tier {
    int64_t threshold;               /**< minor units of turnover, inclusive */
    clm_rate rate;                   /**< ppm of the base */
} clm_retro_tier;

#define CLM_RETRO_SCHEME_VERSION 1

/**
 * A scheme. Tiers are given in strictly ascending order of threshold, and
 * their rates never decrease (a larger turnover never earns a smaller
 * rate: a scheme that says otherwise is a typing error). Pointers are
 * borrowed for each call.
 */
typedef struct clm_retro_scheme {
    unsigned int version;            /**< CLM_RETRO_SCHEME_VERSION */
    const char *currency;            /**< ISO 4217; amounts are its minor units */
    clm_retro_mode mode;             /**< default FROM_FIRST */
    clm_rounding rounding;           /**< the bonus's one rounding; default HALF_UP */
    const clm_retro_tier *tiers;     /**< tier_count tiers */
    size_t tier_count;               /**< >= 1 */
} clm_retro_scheme;

#define CLM_RETRO_SCHEME_INIT \
    { .version = CLM_RETRO_SCHEME_VERSION, .mode = CLM_RETRO_FROM_FIRST, \
      .rounding = CLM_ROUND_HALF_UP }

/** Sets *s to CLM_RETRO_SCHEME_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_retro_scheme_init(clm_retro_scheme *s);

/**
 * Checks a scheme: version, a known currency, mode and rounding, at least
 * one tier, thresholds >= 0 and strictly ascending, rates in (0, 100 %] and
 * never decreasing.
 * Errors: CLM_EINVAL (NULL; a bad field: the message names the tier and
 * the field), CLM_EVERSION, CLM_ECURRENCY. Only reads. Thread-safe.
 */
CLM_API int clm_retro_scheme_check(const clm_retro_scheme *s);

/** A period's bonus and how it was reached. */
typedef struct clm_retro_bonus {
    char currency[4];          /**< the scheme's */
    clm_retro_mode mode;       /**< the scheme's */
    clm_rounding rounding;     /**< the scheme's */
    int64_t turnover;          /**< the period's turnover */
    size_t tier;               /**< index of the tier reached, or CLM_RETRO_NO_TIER */
    int64_t threshold;         /**< its threshold (0 without a tier) */
    clm_rate rate;             /**< its rate (0 without a tier) */
    int64_t base;              /**< what the rate applies to: the turnover, or
                                    the turnover above the threshold */
    int64_t bonus;             /**< rate x base, rounded by `rounding` */
    int64_t granted;           /**< already granted by the period's invoices */
    int64_t credit;            /**< bonus - granted when positive, else 0 */
    int64_t over_granted;      /**< granted - bonus when positive, else 0 */
} clm_retro_bonus;

/**
 * The bonus for a period with `turnover` (any value; see the rules for a
 * negative one) of which the invoices already granted `granted` (>= 0).
 * Errors: those of clm_retro_scheme_check(), CLM_EINVAL (NULL out, granted
 * < 0), CLM_EOVERFLOW. *out untouched on error. Allocates nothing;
 * thread-safe.
 */
CLM_API int clm_retro_bonus_accrue(clm_retro_bonus *out, const clm_retro_scheme *s,
                                   int64_t turnover, int64_t granted);

/** A mid-period forecast. */
typedef struct clm_retro_forecast {
    clm_retro_bonus now;       /**< the bonus if the period ended today */
    size_t next_tier;          /**< the first tier above the one reached, or
                                    CLM_RETRO_NO_TIER at the top */
    int64_t next_threshold;    /**< its threshold (0 at the top) */
    clm_rate next_rate;        /**< its rate (0 at the top) */
    int64_t to_next;           /**< turnover still needed to reach it (0 at the top) */
    int64_t bonus_at_next;     /**< the bonus at exactly that turnover (0 at the top) */
    int64_t more;              /**< the extra turnover asked about */
    clm_retro_bonus with_more; /**< the bonus at turnover + more */
    int64_t gain;              /**< with_more.bonus - now.bonus; negative when
                                    ABOVE_THRESHOLD makes crossing a tier cost */
} clm_retro_forecast;

/**
 * The forecast for a period whose turnover so far is `turnover`, with
 * `granted` granted so far, and what buying `more` (>= 0) more would give.
 * Errors: as clm_retro_bonus_accrue(), CLM_EINVAL (more < 0),
 * CLM_EOVERFLOW (turnover + more). *out untouched on error. Allocates
 * nothing; thread-safe.
 */
CLM_API int clm_retro_bonus_forecast(clm_retro_forecast *out, const clm_retro_scheme *s,
                                     int64_t turnover, int64_t granted, int64_t more);

/**
 * The bonus's trace: a NUL-terminated text (free with clm_free()), one
 * line per step: the turnover and the tier it reaches (or the first
 * threshold it misses), the base by the mode, the bonus with its exact
 * value and rounding mode, what was granted, and the credit note (or the
 * amount over-granted). `b` must come from clm_retro_bonus_accrue() with
 * the same scheme. The text is in the calling thread's language
 * (clm/lang.h), money and rates in its forms.
 * Errors: CLM_EINVAL (NULL, a bonus whose figures do not follow from the
 * scheme), those of clm_retro_scheme_check(), CLM_ENOMEM. *out untouched
 * on error.
 */
CLM_API int clm_retro_bonus_explain(char **out, const clm_retro_scheme *s,
                                    const clm_retro_bonus *b);

/* ======================================================================
 * Turnover from the store
 * ====================================================================== */

/** Flags of clm_retro_store_turnover(). */
#define CLM_RETRO_NET_OF_CREDIT_NOTES 1u /**< subtract the period's credit notes */

/**
 * *out = the turnover of client `client` over [from, to] (both inclusive)
 * as the store holds it under the credit module's record contract
 * (credit_store.h): the sum of the amounts of the client's invoices
 * (CLM_RECORD_INVOICE) issued in the period (the body's "issued=" date),
 * and with CLM_RETRO_NET_OF_CREDIT_NOTES less the amounts of its credit
 * notes (CLM_RECORD_PAYMENT, state "credit-note") dated in the period.
 * Payments never count: turnover is what was sold, not what was paid.
 * Errors: CLM_EINVAL (NULL, a bad client id, unknown flags), CLM_ERANGE
 * (a date outside the calendar, from > to), CLM_ECURRENCY (unknown
 * currency, or a record in another currency: the record is named),
 * CLM_EPARSE (an invoice whose body is not "issued=YYYY-MM-DD"),
 * CLM_EOVERFLOW, the store's errors (CLM_EBUSY, CLM_EIO, CLM_ENOMEM).
 * *out untouched on error. Changes nothing.
 */
CLM_API int clm_retro_store_turnover(int64_t *out, clm_store *st, const char *currency,
                                     const char *client, clm_date from, clm_date to,
                                     unsigned flags);

/**
 * The bonus of `client` for the period [from, to]: the turnover read by
 * clm_retro_store_turnover() in the scheme's currency, then
 * clm_retro_bonus_accrue() with `granted`.
 * Errors: those two functions'. *out untouched on error. Changes nothing.
 */
CLM_API int clm_retro_store_accrue(clm_retro_bonus *out, clm_store *st,
                                   const clm_retro_scheme *s, const char *client,
                                   clm_date from, clm_date to, unsigned flags,
                                   int64_t granted);

CLM_END_DECLS

#endif /* CLM_DISCOUNT_RETRO_H */
