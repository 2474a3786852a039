/*
 * offer.h — an offer (оферта) addressed to one client: its lines priced by
 * the discount engine, its terms, its approval, the credit check, and its
 * life from draft to acceptance (docs/rules.md, "Offers and contracts").
 *
 * An offer holds
 *  - who it is addressed to (one client id), who prepared it, its currency
 *    and its date;
 *  - lines: a product, a quantity and either no price (the engine's price
 *    book gives it: the price list) or a manual price, which the approval
 *    ladder judges against the price list's (see clm_offer_price);
 *  - terms: prepayment share, payment deferral, the early-payment terms the
 *    policy grants (from the priced result), delivery terms and days, and
 *    the term of acceptance: a date, or none, and then the reasonable term
 *    of the offer rules counted in working days of a calendar from the day
 *    it is sent (Civil Code art. 441 p. 1);
 *  - once priced, a copy of the engine's whole result: every line's
 *    figures, the totals, the early-payment terms, the approval the ladder
 *    asks for and why, and the explanation trace; with the policy's name
 *    and version. The copy belongs to the offer: a later change to a price
 *    list or a policy never changes it. Sending freezes it (no re-pricing
 *    afterwards); a new price is a new version of the offer
 *    (clm_offer_new_version) that supersedes the old one, both kept;
 *  - the approvals and refusals, the credit checks and every transition as
 *    events with who, when, in which role, for whom, and why.
 *
 * States and the transition table (clm_offer_transition_allowed; every act
 * below is one of these moves and fails with CLM_ESTATE from any other
 * state, changing nothing):
 *
 *   draft             -> awaiting-approval, approved, withdrawn, superseded
 *   awaiting-approval -> approved, draft (refused), withdrawn, superseded
 *   approved          -> sent, withdrawn, superseded
 *   sent              -> accepted, rejected, expired, withdrawn, countered,
 *                        superseded
 *   expired           -> accepted (a late acceptance sent in time: art. 442)
 *   accepted, rejected, withdrawn, countered, superseded: final.
 *
 * The law (Civil Code of the Russian Federation, part one):
 *  - art. 435 p. 2: an offer binds from its receipt; a withdrawal that
 *    reaches the client no later than the offer does cancels it;
 *  - art. 436: a received offer with a term of acceptance cannot be
 *    withdrawn during the term, unless the offer itself reserves it
 *    (clm_offer_info.revocable);
 *  - art. 438 p. 1: an acceptance must be full and unconditional;
 *  - art. 440: with a term, the acceptance must reach the offeror within it;
 *  - art. 441 p. 1: without a term, within the time normally needed: the
 *    rules' reasonable term;
 *  - art. 442 p. 1: an acceptance sent in time but received late is valid
 *    unless the offeror promptly notifies the client that it came late;
 *    p. 2: an acceptance sent late concludes the contract if the offeror
 *    promptly confirms it; otherwise a late acceptance is a new offer;
 *  - art. 443: an acceptance on other terms is a refusal and a new offer:
 *    a counter-offer linked to the original, which can no longer be
 *    accepted.
 * "Promptly" is the rules' prompt_notice_days working days after the
 * acceptance was received (the Code says "immediately"; the figure is the
 * policy's reading of it).
 *
 * Days: the day of an act is the UTC day of its actor's `at`
 * (floor(at / 86400)); dates the law turns on (receipt, dispatch) are given
 * explicitly.
 *
 * Thread safety: as common.h says. Failure atomicity: every function that
 * fails leaves the offer (and every other object given) exactly as it was.
 */
#ifndef CLM_OFFER_H
#define CLM_OFFER_H

#include "common.h"
#include "actor.h"
#include "calendar.h"
#include "credit_policy.h"
#include "date.h"
#include "delegation.h"
#include "discount.h"
#include "money.h"
#include "price.h"
#include "rate.h"

CLM_BEGIN_DECLS

typedef struct clm_offer clm_offer;

/** A clm_date meaning "none" (no term set, not received yet). */
#define CLM_OFFER_NO_DATE INT32_MIN

/* ---- vocabulary ------------------------------------------------------------ */

/** An offer's state. Values and names are stable. */
typedef enum clm_offer_state {
    CLM_OFFER_DRAFT             = 1,  /**< "draft" */
    CLM_OFFER_AWAITING_APPROVAL = 2,  /**< "awaiting-approval" */
    CLM_OFFER_APPROVED          = 3,  /**< "approved" */
    CLM_OFFER_SENT              = 4,  /**< "sent" */
    CLM_OFFER_ACCEPTED          = 5,  /**< "accepted" */
    CLM_OFFER_REJECTED          = 6,  /**< "rejected" */
    CLM_OFFER_EXPIRED           = 7,  /**< "expired" */
    CLM_OFFER_WITHDRAWN         = 8,  /**< "withdrawn" */
    CLM_OFFER_COUNTERED         = 9,  /**< "countered" */
    CLM_OFFER_SUPERSEDED        = 10  /**< "superseded" */
} clm_offer_state;

/** When a credit check ran. Values and names are stable. */
typedef enum clm_offer_stage {
    CLM_OFFER_STAGE_APPROVAL   = 1,   /**< "approval" */
    CLM_OFFER_STAGE_SENDING    = 2,   /**< "sending" */
    CLM_OFFER_STAGE_ACCEPTANCE = 3    /**< "acceptance" */
} clm_offer_stage;

/** Where a line's unit price came from. Values and names are stable. */
typedef enum clm_offer_price_source {
    CLM_OFFER_PRICE_LIST   = 1,       /**< "price-list": the engine's book */
    CLM_OFFER_PRICE_MANUAL = 2        /**< "manual": the manager's figure */
} clm_offer_price_source;

/** What the law makes of an acceptance (clm_offer_judge_acceptance).
 *  Values and names are stable. */
typedef enum clm_offer_verdict {
    CLM_OFFER_IN_TIME        = 1, /**< "in-time": received within the term (art. 440, 441) */
    CLM_OFFER_LATE_VALID     = 2, /**< "late-valid": sent in time, received late, no
                                       prompt notice (art. 442 p. 1) */
    CLM_OFFER_LATE_CONFIRMED = 3, /**< "late-confirmed": sent late, the offeror promptly
                                       confirmed it (art. 442 p. 2) */
    CLM_OFFER_LATE_NEW_OFFER = 4, /**< "late-new-offer": late otherwise: a new offer from
                                       the client (art. 442) */
    CLM_OFFER_COUNTER        = 5, /**< "counter": not full and unconditional: a refusal
                                       and a counter-offer (art. 438 p. 1, 443) */
    CLM_OFFER_NOT_OPEN       = 6  /**< "not-open": the offer is in no state to accept */
} clm_offer_verdict;

/** Names ("awaiting-approval", "sending", "manual", "late-valid"); NULL for
 *  a value out of range. Static strings; thread-safe. */
CLM_API const char *clm_offer_state_name(clm_offer_state s);
CLM_API const char *clm_offer_stage_name(clm_offer_stage s);
CLM_API const char *clm_offer_price_source_name(clm_offer_price_source s);
CLM_API const char *clm_offer_verdict_name(clm_offer_verdict v);
/** The value named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (the
 *  message quotes the name and lists the valid ones). *out untouched on
 *  error. Thread-safe. */
CLM_API int clm_offer_state_from_name(clm_offer_state *out, const char *name);
CLM_API int clm_offer_stage_from_name(clm_offer_stage *out, const char *name);
CLM_API int clm_offer_price_source_from_name(clm_offer_price_source *out, const char *name);
CLM_API int clm_offer_verdict_from_name(clm_offer_verdict *out, const char *name);

/** 1 if the table above allows from -> to, 0 if not (also for values out of
 *  range). Thread-safe. */
CLM_API int clm_offer_transition_allowed(clm_offer_state from, clm_offer_state to);

/* ---- rules --------------------------------------------------------------------- */

#define CLM_OFFER_RULES_VERSION 1

/**
 * The offer policy's figures.
 *  - reasonable_days: the term of acceptance of an offer that sets none,
 *    in working days after the day it is sent (art. 441 p. 1); default 10,
 *    1..365.
 *  - prompt_notice_days: how many working days after an acceptance is
 *    received a notice or confirmation of lateness still counts as
 *    "immediate" (art. 442); default 1, 0..30 (0: the same day).
 */
typedef struct clm_offer_rules {
    unsigned int version;     /**< CLM_OFFER_RULES_VERSION */
    int32_t reasonable_days;
    int32_t prompt_notice_days;
} clm_offer_rules;

#define CLM_OFFER_RULES_INIT \
    { .version = CLM_OFFER_RULES_VERSION, .reasonable_days = 10, .prompt_notice_days = 1 }
/** Sets *r to CLM_OFFER_RULES_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_offer_rules_init(clm_offer_rules *r);

/* ---- the offer ------------------------------------------------------------------ */

#define CLM_OFFER_INFO_VERSION 1

/**
 * What an offer is created with (copied by clm_offer_new).
 *  - id, client_id, manager (the preparing user): id text;
 *  - currency: an ISO 4217 code, the pricing policy's;
 *  - date: the offer's date (pricing date);
 *  - from_client: 1 for an offer the client made (a counter-offer), 0 for
 *    the company's own;
 *  - prepayment: share paid in advance, 0..100 %; deferral_days >= 0;
 *  - delivery: delivery terms (line text, may be NULL); delivery_days >= 0;
 *  - accept_by: the term of acceptance (last day, inclusive), or
 *    CLM_OFFER_NO_DATE for the reasonable term (art. 441);
 *  - revocable: 1 if the offer reserves the right to withdraw it during its
 *    term (art. 436, "unless the offer says otherwise").
 * Defaults (CLM_OFFER_INFO_INIT): accept_by CLM_OFFER_NO_DATE, the rest 0.
 */
typedef struct clm_offer_info {
    unsigned int version;     /**< CLM_OFFER_INFO_VERSION */
    const char *id;
    const char *client_id;
    const char *manager;
    const char *currency;
    clm_date date;
    int from_client;
    clm_rate prepayment;
    int32_t deferral_days;
    const char *delivery;
    int32_t delivery_days;
    clm_date accept_by;
    int revocable;
} clm_offer_info;

#define CLM_OFFER_INFO_INIT \
    { .version = CLM_OFFER_INFO_VERSION, .accept_by = CLM_OFFER_NO_DATE }
/** Sets *info to CLM_OFFER_INFO_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_offer_info_init(clm_offer_info *info);

/**
 * A new draft offer, with one "create" event by `who`.
 * Errors: CLM_EINVAL (NULL; bad text, a rate, day count or date out of
 * range: the field is named; accept_by before date), CLM_EVERSION,
 * CLM_ECURRENCY, CLM_ENOMEM. *out untouched on error. Free with
 * clm_offer_free().
 */
CLM_API int clm_offer_new(clm_offer **out, const clm_offer_info *info, const clm_actor *who);
/** Frees an offer; NULL is a no-op. */
CLM_API void clm_offer_free(clm_offer *o);
/** A deep copy. Errors: CLM_EINVAL, CLM_ENOMEM (*out untouched). */
CLM_API int clm_offer_dup(clm_offer **out, const clm_offer *o);
/** 1 if a and b hold the same offer (every field, line, figure, trace
 *  entry, event and check; not the stored version), else 0 (0 for NULL). */
CLM_API int clm_offer_equal(const clm_offer *a, const clm_offer *b);

/** *out = the offer's info (strings owned by o; accept_by is the term as
 *  set, CLM_OFFER_NO_DATE for the reasonable term). Errors: CLM_EINVAL. */
CLM_API int clm_offer_info_get(clm_offer_info *out, const clm_offer *o);
/** Getters; NULL (or 0, or CLM_OFFER_NO_DATE) for a NULL offer. */
CLM_API const char *clm_offer_id(const clm_offer *o);
CLM_API clm_offer_state clm_offer_state_get(const clm_offer *o);
/** The revision: 1 for a first offer, n + 1 for a new version of n. */
CLM_API int clm_offer_revision(const clm_offer *o);
/** The id of the offer this one supersedes (a new version), or NULL. */
CLM_API const char *clm_offer_supersedes(const clm_offer *o);
/** The id of the offer that superseded this one, or NULL. */
CLM_API const char *clm_offer_superseded_by(const clm_offer *o);
/** The id of the offer this one counters (art. 443, 442), or NULL. */
CLM_API const char *clm_offer_counter_of(const clm_offer *o);
/** The id of the counter-offer that countered this one, or NULL. */
CLM_API const char *clm_offer_countered_by(const clm_offer *o);
/** The day the offer was sent, received by the client, and the last day of
 *  its term of acceptance (set when sent); CLM_OFFER_NO_DATE until then. */
CLM_API clm_date clm_offer_sent_on(const clm_offer *o);
CLM_API clm_date clm_offer_received_on(const clm_offer *o);
CLM_API clm_date clm_offer_accept_by(const clm_offer *o);
/** The day of the acceptance that concluded it, or CLM_OFFER_NO_DATE. */
CLM_API clm_date clm_offer_accepted_on(const clm_offer *o);

/**
 * Replaces the terms of a draft: prepayment, deferral_days, delivery,
 * delivery_days, accept_by and revocable of `terms` (its id, client,
 * manager, currency, date and from_client are ignored). Pricing is
 * dropped (prepayment and deferral are conditions of the discount rules):
 * price again.
 * Errors: CLM_EINVAL (as clm_offer_new), CLM_EVERSION, CLM_ESTATE (not a
 * draft), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_set_terms(clm_offer *o, const clm_offer_info *terms);

/* ---- lines ------------------------------------------------------------------------ */

#define CLM_OFFER_LINE_VERSION 1

/**
 * A line. `product` (id text) is required; `group` may be NULL. `quantity`
 * > 0 in thousandths (CLM_DISCOUNT_QTY_SCALE). `unit_price`: currency ""
 * (zeroed) to take the price from the price list, or the offer's currency
 * and an amount >= 0: a manual price. `unit_cost` (if has_cost) >= 0 in the
 * offer's currency. `manual_rate` 0..100 %: a discount granted by hand.
 */
typedef struct clm_offer_line {
    unsigned int version;     /**< CLM_OFFER_LINE_VERSION */
    const char *product;
    const char *group;
    int64_t quantity;
    clm_money unit_price;
    clm_money unit_cost;
    int has_cost;
    clm_rate manual_rate;
} clm_offer_line;

#define CLM_OFFER_LINE_INIT \
    { .version = CLM_OFFER_LINE_VERSION, .quantity = CLM_DISCOUNT_QTY_SCALE }
/** Sets *l to CLM_OFFER_LINE_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_offer_line_init(clm_offer_line *l);

/**
 * Appends a line to a draft (copied); *out (may be NULL) is its index.
 * Pricing is dropped. Errors: CLM_EINVAL (bad field, named), CLM_EVERSION,
 * CLM_ECURRENCY (a price or cost in another currency), CLM_ESTATE (not a
 * draft), CLM_ELIMIT (10 000 lines), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_add_line(size_t *out, clm_offer *o, const clm_offer_line *line);
/** Removes line i of a draft; pricing is dropped. Errors: CLM_EINVAL,
 *  CLM_ERANGE, CLM_ESTATE. Unchanged on error. */
CLM_API int clm_offer_remove_line(clm_offer *o, size_t i);
/** Number of lines (0 for NULL). */
CLM_API size_t clm_offer_line_count(const clm_offer *o);
/** *out = line i (strings owned by o). Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API int clm_offer_line_at(clm_offer_line *out, const clm_offer *o, size_t i);

/* ---- pricing ---------------------------------------------------------------------- */

#define CLM_OFFER_PRICING_VERSION 1

/**
 * How to price: `engine` (compiled, with a price book for lines without a
 * price), `client` (the client's facts; its id must be the offer's
 * client_id), `book` (optional: the price book a manual price is judged
 * against), `policy_version` (id text naming the policy's version as the
 * caller keeps it, recorded in the snapshot; NULL for none), and the
 * document's channel (may be NULL).
 */
typedef struct clm_offer_pricing {
    unsigned int version;     /**< CLM_OFFER_PRICING_VERSION */
    const clm_discount_engine *engine;
    const clm_discount_client *client;
    const clm_price_book *book;
    const char *policy_version;
    const char *channel;
} clm_offer_pricing;

#define CLM_OFFER_PRICING_INIT { .version = CLM_OFFER_PRICING_VERSION }
/** Sets *p to CLM_OFFER_PRICING_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_offer_pricing_init(clm_offer_pricing *p);

/**
 * Prices a draft through the compiled engine, acting as `who` (its role is
 * the document's role: role caps). The offer keeps a copy of the whole
 * result (line figures, totals, early-payment terms, the trace, the
 * approval asked for and why), the policy's name and `policy_version`, and
 * the approval ladder's roles.
 *
 * Approval needed: the engine's (the first ladder step whose limits cover
 * every line's discount and margin). A line with a manual price is judged
 * too: when `book` prices its product for this client, the line's discount
 * is counted from the list price, (list base - net) / list base, CEILING
 * to a ppm, and the first step whose max_discount covers it must approve;
 * the offer asks for the higher of the two steps. The line's list price and
 * that rate are kept. Without a book (or without a list price for the
 * product) a manual price is judged by the engine alone (its margin).
 *
 * Errors: CLM_EINVAL (NULL, no lines, a client id other than the offer's,
 * bad policy_version), CLM_EVERSION, CLM_ESTATE (not a draft),
 * CLM_ECURRENCY, CLM_ENOTFOUND (a line without a price the book cannot
 * price), CLM_EOVERFLOW, CLM_ENOMEM; the engine's errors name the line.
 * Unchanged on error (an earlier pricing stays).
 */
CLM_API int clm_offer_price(clm_offer *o, const clm_actor *who, const clm_offer_pricing *p);

/** 1 if the offer carries a pricing (a snapshot once sent), else 0. */
CLM_API int clm_offer_priced(const clm_offer *o);

/** A priced line: the engine's figures plus where its price came from. */
typedef struct clm_offer_line_price {
    clm_discount_line_result result;   /**< the engine's figures, copied */
    clm_offer_price_source source;
    int has_list_price;                /**< a manual line priced in the book too */
    int64_t list_price;                /**< its unit list price */
    clm_rate list_rate;                /**< discount from the list price (see above) */
} clm_offer_line_price;

/** Line i's priced figures (owned by o), or NULL (not priced, i out of range). */
CLM_API const clm_offer_line_price *clm_offer_line_price_at(const clm_offer *o, size_t i);
/** The priced totals (owned by o), or NULL when not priced. */
CLM_API const clm_discount_totals *clm_offer_totals(const clm_offer *o);
/** The trace copied from the engine: as clm_discount_result_trace_count()
 *  and clm_discount_result_trace() (line CLM_DISCOUNT_DOCUMENT for the
 *  document's entries); entries and strings owned by o. */
CLM_API size_t clm_offer_trace_count(const clm_offer *o, size_t line);
CLM_API const clm_discount_trace_entry *clm_offer_trace(const clm_offer *o, size_t line,
                                                         size_t i);
/** The policy's name and the version given when priced (owned by o; ""
 *  when none). Errors: CLM_EINVAL (NULL o), CLM_ESTATE (not priced).
 *  Either output may be NULL. */
CLM_API int clm_offer_policy(const char **name, const char **version, const clm_offer *o);
/**
 * The ladder role the priced offer asks for (the first step whose limits
 * cover it), or NULL when the policy has no ladder or no step can. *why
 * (may be NULL) gets the reason ("line 2: discount 24.5% exceeds ..."),
 * owned by o. *approvable (may be NULL) is 0 when no step of the ladder
 * can approve the offer. NULL when not priced.
 */
CLM_API const char *clm_offer_approval_required(const clm_offer *o, const char **why,
                                                int *approvable);
/** Number of ladder roles copied when priced, and role i (owned by o). */
CLM_API size_t clm_offer_ladder_count(const clm_offer *o);
CLM_API const char *clm_offer_ladder_role(const clm_offer *o, size_t i);
/** 1 if `role` may approve the priced offer alone (no ladder, or role in
 *  the ladder at or above the step asked for), else 0 (0 when not priced). */
CLM_API int clm_offer_role_suffices(const clm_offer *o, const char *role);

/* ---- the credit check -------------------------------------------------------------- */

#define CLM_OFFER_CREDIT_VERSION 1

/**
 * The client's credit position for a check: `policy` (its currency must
 * be the offer's) and `position` (receivables, orders, max_days_overdue,
 * limit; its `document` is ignored: the offer's net total is the
 * document). The check is clm_credit_check_compute().
 */
typedef struct clm_offer_credit {
    unsigned int version;     /**< CLM_OFFER_CREDIT_VERSION */
    const clm_credit_policy *policy;
    clm_credit_check_input position;
} clm_offer_credit;

#define CLM_OFFER_CREDIT_INIT \
    { .version = CLM_OFFER_CREDIT_VERSION, \
      .position = { .version = CLM_CREDIT_CHECK_INPUT_VERSION } }
/** Sets *c to CLM_OFFER_CREDIT_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_offer_credit_init(clm_offer_credit *c);

/** The check of the priced offer on `credit`, computed but not recorded.
 *  Errors: CLM_EINVAL, CLM_EVERSION, CLM_ESTATE (not priced),
 *  CLM_ECURRENCY, CLM_EOVERFLOW. *out untouched on error. Thread-safe. */
CLM_API int clm_offer_credit_compute(clm_credit_check *out, const clm_offer *o,
                                     const clm_offer_credit *credit);

/** A check as recorded on the offer. Strings owned by the offer. */
typedef struct clm_offer_credit_record {
    clm_offer_stage stage;
    clm_credit_check check;
    clm_time at;
    const char *user, *role;
    int overridden;                   /**< a block or warn let through by override */
    const char *override_user, *override_role, *override_note; /**< NULL if not */
} clm_offer_credit_record;

/** Number of recorded checks, and check i in the order run. */
CLM_API size_t clm_offer_credit_count(const clm_offer *o);
CLM_API int clm_offer_credit_at(clm_offer_credit_record *out, const clm_offer *o, size_t i);

/**
 * Records an override of the credit check by `who`, whose role the credit
 * policy names as one that may override (clm_credit_policy_may_override),
 * with `note` (why: name text, required). It lets the next sending or
 * acceptance through a block, and is recorded with that check.
 * Errors: CLM_EINVAL (NULL, bad note), CLM_EPERM (the role may not
 * override), CLM_ESTATE (a final state, or an override pending already),
 * CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_credit_override(clm_offer *o, const clm_actor *who,
                                      const clm_credit_policy *policy, const char *note);

/* ---- approval ------------------------------------------------------------------------- */

/**
 * Submits a priced draft. When `who`'s role suffices (clm_offer_role_suffices)
 * the offer is approved at once (an "approve" event by who, within its own
 * authority) and the credit check runs (stage approval); otherwise it
 * awaits approval.
 * Errors: CLM_EINVAL, CLM_EVERSION, CLM_ESTATE (not a draft, or not
 * priced), CLM_EPERM (no step of the ladder can approve it: change it),
 * CLM_ECURRENCY, CLM_EOVERFLOW, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_submit(clm_offer *o, const clm_actor *who, const clm_offer_credit *credit);

/**
 * Approves an offer awaiting approval. `who` acts in its role; with
 * `on_behalf_of` (a user id, may be NULL) it acts as that user's deputy,
 * which `delegations` must show on the day of the act
 * (clm_delegations_may_act), and then `who->role` is the principal's role
 * (delegation.h). The role must suffice. The credit check runs (stage
 * approval) and is recorded; a block does not stop the approval (it stops
 * the sending). `note` (line text, may be NULL) says why.
 * Errors: CLM_EINVAL, CLM_EVERSION, CLM_ESTATE, CLM_EPERM (role below the
 * step asked for, or no delegation covering the day), CLM_ECURRENCY,
 * CLM_EOVERFLOW, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_approve(clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                              const clm_delegations *delegations,
                              const clm_offer_credit *credit, const char *note);

/**
 * Refuses an offer awaiting approval: it returns to draft, with a "refuse"
 * event. Authority as clm_offer_approve(); `note` (name text) is required.
 * Errors: CLM_EINVAL, CLM_ESTATE, CLM_EPERM, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_refuse(clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                             const clm_delegations *delegations, const char *note);

/* ---- sending, receipt, withdrawal, expiry ------------------------------------------------ */

/**
 * Sends an approved offer on the day of `who->at`: runs the credit check
 * (stage sending; a block needs an override recorded first, else CLM_EPERM
 * and nothing changes), fixes the last day of the term of acceptance (the
 * offer's own, or `rules->reasonable_days` working days of `cal` after the
 * sending day, art. 441 p. 1) and freezes the snapshot.
 * Errors: CLM_EINVAL, CLM_EVERSION, CLM_ESTATE (not approved), CLM_EPERM
 * (credit block without override), CLM_ERANGE (the term runs outside the
 * calendar's coverage; an own term before the sending day), CLM_ECURRENCY,
 * CLM_EOVERFLOW, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_send(clm_offer *o, const clm_actor *who, const clm_offer_rules *rules,
                           const clm_calendar *cal, const clm_offer_credit *credit);

/**
 * Records the day the client received the sent offer (art. 435: it binds
 * from then). Errors: CLM_EINVAL, CLM_ESTATE (not sent, or received
 * already), CLM_ERANGE (before the sending day), CLM_ENOMEM.
 */
CLM_API int clm_offer_receive(clm_offer *o, const clm_actor *who, clm_date received_on);

/**
 * Withdraws the offer; `arrives_on` is the day the withdrawal reaches the
 * client (ignored before sending). A draft, awaiting or approved offer may
 * always be withdrawn. A sent offer:
 *  - not received, or received no earlier than the withdrawal arrives:
 *    withdrawn, it never bound the company (art. 435 p. 2);
 *  - received earlier, with a term of its own that has not run out on
 *    `arrives_on` and not revocable: CLM_EPERM (art. 436);
 *  - otherwise withdrawn (revoked).
 * `note` (line text, may be NULL) says why.
 * Errors: CLM_EINVAL, CLM_ESTATE, CLM_EPERM, CLM_ERANGE (bad date),
 * CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_withdraw(clm_offer *o, const clm_actor *who, clm_date arrives_on,
                               const char *note);

/** 1 if a withdrawal reaching the client on `arrives_on` means the offer
 *  never bound the company (art. 435 p. 2), else 0; for a withdrawn offer,
 *  what its withdrawal meant. 0 for NULL. */
CLM_API int clm_offer_withdrawn_before_binding(const clm_offer *o, clm_date arrives_on);

/**
 * Marks a sent offer expired when its term of acceptance has run out on
 * `today` (today > accept_by). Errors: CLM_EINVAL, CLM_ESTATE (not sent, or
 * the term runs still), CLM_ENOMEM.
 */
CLM_API int clm_offer_expire(clm_offer *o, const clm_actor *who, clm_date today);

/* ---- acceptance ------------------------------------------------------------------------- */

#define CLM_OFFER_ACCEPTANCE_VERSION 1

/**
 * An acceptance as it arrived: the day the client sent it, the day it was
 * received, whether it is full and unconditional (art. 438 p. 1), and the
 * offeror's answers to a late one: the day it notified the client that the
 * acceptance came late (art. 442 p. 1) or confirmed it accepts a late one
 * (p. 2); CLM_OFFER_NO_DATE for none.
 */
typedef struct clm_offer_acceptance {
    unsigned int version;     /**< CLM_OFFER_ACCEPTANCE_VERSION */
    clm_date dispatched_on;
    clm_date received_on;
    int full;
    clm_date late_notice_on;
    clm_date late_confirmed_on;
} clm_offer_acceptance;

#define CLM_OFFER_ACCEPTANCE_INIT \
    { .version = CLM_OFFER_ACCEPTANCE_VERSION, .full = 1, \
      .late_notice_on = CLM_OFFER_NO_DATE, .late_confirmed_on = CLM_OFFER_NO_DATE }
/** Sets *a to CLM_OFFER_ACCEPTANCE_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_offer_acceptance_init(clm_offer_acceptance *a);

/**
 * What the law makes of acceptance `a` of offer `o` (see the verdicts):
 * NOT_OPEN unless o is sent or expired; COUNTER if not full; IN_TIME if
 * received on or before accept_by; then, received late: sent on or before
 * accept_by -> LATE_VALID unless a late notice came within
 * rules->prompt_notice_days working days of `cal` after receipt (then
 * LATE_NEW_OFFER); sent late -> LATE_CONFIRMED if a confirmation came
 * within that time, else LATE_NEW_OFFER. *article (may be NULL) gets the
 * article applied ("art. 442 p. 1"), a static string.
 * Errors: CLM_EINVAL (NULL, dispatched after received, a notice or
 * confirmation before receipt), CLM_EVERSION, CLM_ERANGE (a day outside
 * the calendar's coverage). *out untouched on error. Thread-safe.
 */
CLM_API int clm_offer_judge_acceptance(clm_offer_verdict *out, const char **article,
                                       const clm_offer *o, const clm_offer_acceptance *a,
                                       const clm_offer_rules *rules, const clm_calendar *cal);

/**
 * Records an acceptance of a sent (or, art. 442, expired) offer: the
 * verdict must be IN_TIME, LATE_VALID or LATE_CONFIRMED, else CLM_ESTATE
 * naming the verdict and the article (record the client's answer as a
 * counter-offer: clm_offer_counter). The credit check runs (stage
 * acceptance) and is recorded. For the company's offer the client's
 * acceptance concludes the contract (art. 433 p. 1): a block is recorded,
 * it does not undo the acceptance. For an offer from the client (a
 * counter-offer) the company accepts: `who`'s role must suffice for its
 * pricing (CLM_EPERM) and a block needs an override (CLM_EPERM).
 * Errors: those of clm_offer_judge_acceptance(), CLM_ESTATE, CLM_EPERM,
 * CLM_ECURRENCY, CLM_EOVERFLOW, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_offer_accept(clm_offer *o, const clm_actor *who, const clm_offer_acceptance *a,
                             const clm_offer_rules *rules, const clm_calendar *cal,
                             const clm_offer_credit *credit);

/** Records the refusal of a sent offer (by the client; or by the company,
 *  of a client's offer). `note` line text, may be NULL. Errors:
 *  CLM_EINVAL, CLM_ESTATE, CLM_ENOMEM. Unchanged on error. */
CLM_API int clm_offer_reject(clm_offer *o, const clm_actor *who, const char *note);

/* ---- counter-offers and versions --------------------------------------------------------- */

/**
 * A draft counter-offer to `o` with id `id`: a copy of its lines and terms
 * with from_client 1, counter_of o's id, not priced; edit it to the
 * client's terms, price it, then clm_offer_counter(). `o` is not changed.
 * Errors: CLM_EINVAL (NULL, bad id, id equal to o's), CLM_ESTATE (o not
 * sent or expired), CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_offer_counter_draft(clm_offer **out, const clm_offer *o, const char *id,
                                    const clm_actor *who);

/**
 * Records the client's answer on other terms (art. 443) or its late
 * acceptance (art. 442) as the new offer `counter` (a priced draft from
 * clm_offer_counter_draft), received on `received_on`: a sent `o` becomes
 * countered and can no longer be accepted; an expired one stays expired.
 * `counter` becomes sent (sent and received on received_on), its term of
 * acceptance fixed as clm_offer_send() does; each names the other.
 * Errors: CLM_EINVAL (NULL; counter not made from o, or for another client
 * or currency), CLM_EVERSION, CLM_ESTATE (o not sent or expired, counter
 * not a priced draft), CLM_ERANGE (received_on before o was sent, a term
 * outside the calendar), CLM_ENOMEM. Both unchanged on error.
 */
CLM_API int clm_offer_counter(clm_offer *o, clm_offer *counter, const clm_actor *who,
                              clm_date received_on, const clm_offer_rules *rules,
                              const clm_calendar *cal);

/**
 * Re-pricing: a new draft version of `o` with id `id` (revision + 1,
 * supersedes o's id, lines and terms copied, not priced), and `o` becomes
 * superseded (both kept). A sent `o` is superseded only where it could be
 * withdrawn on the day of `who->at` (art. 435, 436: clm_offer_withdraw).
 * Errors: CLM_EINVAL (NULL, bad id, id equal to o's), CLM_ESTATE (o in a
 * state that cannot be superseded), CLM_EPERM (art. 436), CLM_ENOMEM.
 * *out and o untouched on error.
 */
CLM_API int clm_offer_new_version(clm_offer **out, clm_offer *o, const char *id,
                                  const clm_actor *who);

/* ---- the record of events ------------------------------------------------------------------ */

/** One act on the offer. Strings owned by the offer; on_behalf_of and note
 *  may be NULL. `action` is "create", "price", "submit", "approve",
 *  "refuse", "credit-override", "send", "receive", "accept", "reject",
 *  "expire", "withdraw", "counter", "supersede". */
typedef struct clm_offer_event {
    clm_time at;
    const char *user, *role, *on_behalf_of;
    const char *action;
    clm_offer_state from, to;
    const char *note;
} clm_offer_event;

/** Number of events, and event i in order. Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API size_t clm_offer_event_count(const clm_offer *o);
CLM_API int clm_offer_event_at(clm_offer_event *out, const clm_offer *o, size_t i);

CLM_END_DECLS

#endif /* CLM_OFFER_H */
