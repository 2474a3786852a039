/*
 * claim.h — clients' claims (and the company's claims against clients):
 * registration, the ISO 10002 workflow, deadlines by legal regime, the
 * pause, the decision, the notice to the client, escalation and penalties.
 *
 * The vocabulary
 * --------------
 * Every enumerated value a claim holds (form, channel, subject, demand,
 * state, outcome, party at fault, direction, what it concerns, the unit of
 * a term, a regime's penalty method) has one stable name, and
 * clm_claim_name() / clm_claim_from_name() are the only translation between
 * names and values: the store codec and the XML loader read every name
 * through clm_claim_from_name(), so an unknown name is an error naming the
 * field (and the line) wherever it comes from.
 *
 * States and transitions (ISO 10002:2018 clauses 8.1-8.8: receipt,
 * acknowledgement, initial assessment, investigation, response,
 * communicating the decision, closing)
 * -----------------------------------------------------------------------
 *
 *   received           -> acknowledged
 *   acknowledged       -> under_assessment, awaiting_client
 *   under_assessment   -> under_investigation, decided, awaiting_client
 *   under_investigation-> decided, awaiting_client
 *   awaiting_client    -> under_assessment, under_investigation  (resume)
 *   decided            -> remedy_in_progress (not when rejected),
 *                         client_informed
 *   remedy_in_progress -> client_informed
 *   client_informed    -> closed
 *   closed             -> reopened (within the policy's reopen period)
 *   reopened           -> under_assessment, under_investigation
 *
 * clm_claim_transition_allowed() is that table. Every other pair is
 * illegal: the call fails with CLM_ESTATE and the claim is unchanged.
 * `decided` is entered only through clm_claim_decide() (a decision carries
 * its outcome, reasons and amount granted) and `client_informed` only
 * through clm_claim_inform() (the notice: when, how, by whom, what was
 * said); clm_claim_move() to either is CLM_EINVAL. Since `closed` is
 * reachable only from `client_informed`, a claim cannot close before the
 * client was informed and the notice is on record.
 *
 * Deadlines (docs/rules.md "Claims")
 * ----------------------------------
 * A claim takes its terms from its regime at registration (a later change
 * to the regime does not move the deadlines of claims already open):
 *   acknowledgement  from the day received: to leave `received`;
 *   response         to take the decision (`decided`);
 *   resolution       to satisfy the demand and inform the client
 *                    (`client_informed`).
 * Each is the last day of a term (clm_term_end(): Civil Code art. 191-193)
 * counted from the term's start: the day the claim was received, or the
 * day the demand was last changed or the claim reopened (a changed demand
 * is a new demand, and the law's terms run "from the day the demand is
 * made": consumer protection law art. 21, 22). Days spent in
 * `awaiting_client` since the term's start move the start later by as many
 * calendar days (the clock stops while the client owes an answer).
 *
 * Thread safety: as common.h says; a clm_claim_regimes or clm_claim_policy
 * that is no longer modified may be shared by threads.
 */
#ifndef CLM_CLAIM_H
#define CLM_CLAIM_H

#include "common.h"
#include "actor.h"
#include "calendar.h"
#include "date.h"
#include "delegation.h"
#include "money.h"
#include "rate.h"

CLM_BEGIN_DECLS

/* ---- the vocabulary ---------------------------------------------------- */

/** Which enumeration a name belongs to (clm_claim_name, clm_claim_from_name). */
typedef enum clm_claim_vocab {
    CLM_CLAIM_VOCAB_STATE = 1,
    CLM_CLAIM_VOCAB_FORM,
    CLM_CLAIM_VOCAB_CHANNEL,
    CLM_CLAIM_VOCAB_SUBJECT,
    CLM_CLAIM_VOCAB_DEMAND,
    CLM_CLAIM_VOCAB_OUTCOME,
    CLM_CLAIM_VOCAB_PARTY,
    CLM_CLAIM_VOCAB_DIRECTION,
    CLM_CLAIM_VOCAB_CONCERNS,
    CLM_CLAIM_VOCAB_UNIT,
    CLM_CLAIM_VOCAB_PENALTY
} clm_claim_vocab;

/** States (names: "received", "acknowledged", "under_assessment",
 *  "under_investigation", "awaiting_client", "decided",
 *  "remedy_in_progress", "client_informed", "closed", "reopened"). */
typedef enum clm_claim_state {
    CLM_CLAIM_RECEIVED = 1,
    CLM_CLAIM_ACKNOWLEDGED,
    CLM_CLAIM_UNDER_ASSESSMENT,
    CLM_CLAIM_UNDER_INVESTIGATION,
    CLM_CLAIM_AWAITING_CLIENT,
    CLM_CLAIM_DECIDED,
    CLM_CLAIM_REMEDY_IN_PROGRESS,
    CLM_CLAIM_CLIENT_INFORMED,
    CLM_CLAIM_CLOSED,
    CLM_CLAIM_REOPENED
} clm_claim_state;
#define CLM_CLAIM_STATE_COUNT 10

/** Form ("oral", "written", "electronic"). */
typedef enum clm_claim_form {
    CLM_CLAIM_ORAL = 1, CLM_CLAIM_WRITTEN, CLM_CLAIM_ELECTRONIC
} clm_claim_form;

/** Channel ("in_person", "phone", "post", "email", "web", "messenger", "other"). */
typedef enum clm_claim_channel {
    CLM_CLAIM_IN_PERSON = 1, CLM_CLAIM_PHONE, CLM_CLAIM_POST, CLM_CLAIM_EMAIL,
    CLM_CLAIM_WEB, CLM_CLAIM_MESSENGER, CLM_CLAIM_CHANNEL_OTHER
} clm_claim_channel;

/** Subject ("quality_defect", "shortage", "delivery_delay", "billing",
 *  "service", "late_payment", "breach_of_terms", "other"); the last but
 *  one two are the subjects of outgoing claims. */
typedef enum clm_claim_subject {
    CLM_CLAIM_QUALITY_DEFECT = 1, CLM_CLAIM_SHORTAGE, CLM_CLAIM_DELIVERY_DELAY,
    CLM_CLAIM_BILLING, CLM_CLAIM_SERVICE, CLM_CLAIM_LATE_PAYMENT,
    CLM_CLAIM_BREACH_OF_TERMS, CLM_CLAIM_SUBJECT_OTHER
} clm_claim_subject;
#define CLM_CLAIM_SUBJECT_COUNT 8

/** What the claimant demands ("replacement", "price_reduction", "repair",
 *  "refund", "damages", "payment", "other"): consumer protection law
 *  art. 18 lists the consumer's choices; "payment" is an outgoing claim's. */
typedef enum clm_claim_demand {
    CLM_CLAIM_REPLACEMENT = 1, CLM_CLAIM_PRICE_REDUCTION, CLM_CLAIM_REPAIR,
    CLM_CLAIM_REFUND, CLM_CLAIM_DAMAGES, CLM_CLAIM_PAYMENT, CLM_CLAIM_DEMAND_OTHER
} clm_claim_demand;
#define CLM_CLAIM_DEMAND_COUNT 7

/** A decision's outcome ("accepted", "partly_accepted", "rejected"). */
typedef enum clm_claim_outcome {
    CLM_CLAIM_ACCEPTED = 1, CLM_CLAIM_PARTLY_ACCEPTED, CLM_CLAIM_REJECTED
} clm_claim_outcome;

/** The party at fault ("company", "supplier", "carrier", "client"). */
typedef enum clm_claim_party {
    CLM_CLAIM_PARTY_COMPANY = 1, CLM_CLAIM_PARTY_SUPPLIER, CLM_CLAIM_PARTY_CARRIER,
    CLM_CLAIM_PARTY_CLIENT
} clm_claim_party;

/** "incoming" (a client's claim against the company) or "outgoing" (the
 *  company's claim against a client who broke the contract). */
typedef enum clm_claim_direction {
    CLM_CLAIM_INCOMING = 1, CLM_CLAIM_OUTGOING
} clm_claim_direction;

/** What the claim concerns ("none", "contract", "offer", "order"). */
typedef enum clm_claim_concerns {
    CLM_CLAIM_CONCERNS_NONE = 1, CLM_CLAIM_CONCERNS_CONTRACT, CLM_CLAIM_CONCERNS_OFFER,
    CLM_CLAIM_CONCERNS_ORDER
} clm_claim_concerns;

/** How a regime's penalty is computed ("none", "consumer", "contractual"):
 *  see clm_claim_penalty(). */
typedef enum clm_claim_penalty_method {
    CLM_CLAIM_PENALTY_NONE = 1, CLM_CLAIM_PENALTY_CONSUMER, CLM_CLAIM_PENALTY_CONTRACTUAL
} clm_claim_penalty_method;

/** The name of `value` in `vocab`; NULL if it is not one. The names of
 *  CLM_CLAIM_VOCAB_UNIT are "days", "working-days", "months" (clm_term_unit).
 *  Static strings. Thread-safe. */
CLM_API const char *clm_claim_name(clm_claim_vocab vocab, int value);

/**
 * *out = the value named `name` in `vocab`.
 * Errors: CLM_EINVAL (NULL, unknown vocabulary), CLM_ENOTFOUND (a name
 * that is not in it: the message lists the names allowed). *out untouched
 * on error.
 * Thread-safe.
 */
CLM_API int clm_claim_from_name(int *out, clm_claim_vocab vocab, const char *name);

/* ---- regimes --------------------------------------------------------- */

/** A term: n units (n = 0 with unit 0 means "not set"). */
typedef struct clm_claim_term {
    int32_t n;
    clm_term_unit unit;
} clm_claim_term;

/**
 * A legal regime: the terms a claim under it must meet and how its penalty
 * is computed. A transparent value; strings are borrowed and copied by
 * clm_claim_regimes_add().
 */
typedef struct clm_claim_regime {
    unsigned int version;          /**< CLM_CLAIM_REGIME_VERSION */
    const char *id;                /**< an id ("ru-consumer") */
    const char *name;              /**< a line of text, may be NULL */
    clm_claim_term acknowledgement;/**< required */
    /** The term to decide; unset = the resolution term of the demand. */
    clm_claim_term response;
    /** The term to satisfy each demand (index: clm_claim_demand); an unset
     *  entry falls back to `resolution_default`. */
    clm_claim_term resolution[CLM_CLAIM_DEMAND_COUNT + 1];
    clm_claim_term resolution_default;  /**< required */
    /** Replacement needing a quality check (consumer law art. 21: 20 days);
     *  unset = no longer term for a quality check. */
    clm_claim_term quality_check;
    /** The longest term the parties may agree for a repair or set in the
     *  contract, in the unit of the demand's term (art. 20: 45 days);
     *  0 = any. A claim with a longer agreed term is refused. */
    int32_t agreed_max;
    /** The demands an agreed term may replace the law's term for, as bits
     *  (1u << demand); 0 = every demand. Consumer law: repair only. */
    unsigned int agreed_demands;
    clm_claim_penalty_method penalty;
    /** CONSUMER: the part of the price of the goods per day (art. 23: 1 %,
     *  10000 ppm). Ignored for the other methods. */
    clm_rate penalty_rate;
    /** Replacement when the seller has no goods to replace with on the day
     *  the demand is made (consumer law art. 21 p. 1: one month, counted
     *  by Civil Code art. 192: 31 Jan -> 28 or 29 Feb); unset = no longer
     *  term. It wins over `quality_check` when both apply (the longer). */
    clm_claim_term out_of_stock;
} clm_claim_regime;

#define CLM_CLAIM_REGIME_VERSION 1
#define CLM_CLAIM_REGIME_INIT \
    { .version = CLM_CLAIM_REGIME_VERSION, .penalty = CLM_CLAIM_PENALTY_NONE }
CLM_API int clm_claim_regime_init(clm_claim_regime *r);

/** The built-in regimes' ids. */
#define CLM_CLAIM_REGIME_RU_CONSUMER "ru-consumer"
#define CLM_CLAIM_REGIME_RU_BUSINESS "ru-business"

/** A set of regimes by id. */
typedef struct clm_claim_regimes clm_claim_regimes;

/**
 * A set holding the two built-in regimes (docs/rules.md "Claims"):
 *
 *  "ru-consumer" (Law of the RF No. 2300-1 "On the protection of consumers'
 *  rights"): acknowledgement 1 working day (a house default: the law sets
 *  none); resolution: price reduction, refund, damages 10 days (art. 22),
 *  replacement 7 days, 20 with a quality check (art. 21), repair 45 days or
 *  the term agreed in writing, at most 45 (art. 20), other demands 10
 *  days; response = resolution; penalty CONSUMER at 1 % per day (art. 23).
 *
 *  "ru-business" (Arbitration Procedure Code art. 4 part 5): the claim must
 *  be answered within 30 calendar days unless the contract sets another
 *  term (the claim's agreed_term); acknowledgement 1 working day; response
 *  and resolution 30 days; penalty CONTRACTUAL (the contract's rate per
 *  day, optionally capped; where the contract is silent, interest at the
 *  key rate, Civil Code art. 395).
 *
 * Errors: CLM_EINVAL (NULL), CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_claim_regimes_new(clm_claim_regimes **out);
CLM_API void clm_claim_regimes_free(clm_claim_regimes *set);

/**
 * Adds a regime (copied). Errors: CLM_EVERSION, CLM_EINVAL (a bad field:
 * the message names it; a term's n must be 1..3660 with a known unit),
 * CLM_EEXISTS (the id is taken), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_claim_regimes_add(clm_claim_regimes *set, const clm_claim_regime *r);

/** Number of regimes, and the i-th in id order (borrowed: valid until the
 *  set changes). Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API size_t clm_claim_regimes_count(const clm_claim_regimes *set);
CLM_API int clm_claim_regimes_at(const clm_claim_regime **out, const clm_claim_regimes *set,
                                 size_t i);
/** The regime `id`. Errors: CLM_EINVAL, CLM_ENOTFOUND. */
CLM_API int clm_claim_regimes_find(const clm_claim_regime **out, const clm_claim_regimes *set,
                                   const char *id);

/* ---- the policy -------------------------------------------------------- */

/** The house's choices for claims. Strings are borrowed by the calls that
 *  take a policy (nothing keeps them). */
typedef struct clm_claim_policy {
    unsigned int version;       /**< CLM_CLAIM_POLICY_VERSION */
    /** The number pattern: literal text with "{YYYY}" (the year received)
     *  and exactly one "{N}" or "{N:w}" (the year's sequence number, zero
     *  padded to w digits, 1 <= w <= 12). Default "CL-{YYYY}-{N:6}". */
    const char *number_pattern;
    /** The escalation chain, lowest first (default "manager",
     *  "head_of_department", "director"); 1..8 roles, NULL-terminated. */
    const char *const *roles;
    /** Warn this many working days before a deadline (default 2). */
    int32_t warn_days;
    /** Escalate automatically this many working days before the
     *  resolution or response deadline (default 1; -1 = never). */
    int32_t auto_escalate_days;
    /** A closed claim may be reopened for this many calendar days after
     *  the day it closed (default 30). */
    int32_t reopen_days;
    /** The rounding of every penalty (default CLM_ROUND_HALF_UP). */
    clm_rounding rounding;
} clm_claim_policy;

#define CLM_CLAIM_POLICY_VERSION 1
#define CLM_CLAIM_POLICY_INIT \
    { .version = CLM_CLAIM_POLICY_VERSION, .warn_days = 2, .auto_escalate_days = 1, \
      .reopen_days = 30, .rounding = CLM_ROUND_HALF_UP }
CLM_API int clm_claim_policy_init(clm_claim_policy *p);

/**
 * Formats claim number `seq` of `year` with the policy's pattern into buf.
 * Returns the length written. Errors: CLM_EINVAL (a bad pattern: the
 * message says what is wrong; seq < 1; year outside 1..9999), CLM_ELIMIT
 * (the number would be longer than CLM_ID_MAX), CLM_EBUFSIZE.
 * Thread-safe.
 */
CLM_API int clm_claim_number_format(char *buf, size_t size, const clm_claim_policy *p,
                                    int year, int64_t seq);

/* ---- registration ---------------------------------------------------- */

/** No date (an optional date that is absent). */
#define CLM_CLAIM_NO_DATE INT32_MIN

/** What is registered. Strings are borrowed for the call and copied. */
typedef struct clm_claim_info {
    unsigned int version;           /**< CLM_CLAIM_INFO_VERSION */
    clm_claim_direction direction;  /**< default incoming */
    const char *client_id;          /**< id, required */
    const char *manager;            /**< id, required: the responsible manager */
    const char *client_category;    /**< id or NULL (the reports group by it) */
    clm_claim_concerns concerns;    /**< default none */
    const char *concerns_id;        /**< id, required unless concerns is none */
    clm_claim_form form;            /**< required */
    clm_claim_channel channel;      /**< required */
    clm_date received;              /**< required: the day the claim was made */
    clm_claim_subject subject;      /**< required */
    clm_claim_demand demand;        /**< required */
    clm_money claimed;              /**< the amount claimed (>= 0) */
    clm_money price;                /**< the price of the goods (>= 0; same currency) */
    const char *regime;             /**< regime id, required */
    int quality_check;              /**< 1: a replacement needs a quality check */
    /** A term agreed in writing (a repair, art. 20) or set by the contract
     *  (a business claim), in the unit of the demand's term; 0 = none. */
    int32_t agreed_term;
    /** CONTRACTUAL penalty: the contract's rate per day of delay on the
     *  amount claimed (ppm); 0 = the contract is silent (Civil Code
     *  art. 395 interest at the key rate instead). */
    clm_rate contract_rate;
    /** CONTRACTUAL penalty cap; currency "" = no cap. */
    clm_money contract_cap;
    /** An outgoing claim: the day the client's obligation fell due (the
     *  delay, and the penalty, run from the day after it); NO_DATE = the
     *  claim's resolution deadline instead. */
    clm_date obligation_due;
    const char *description;        /**< note text, may be NULL */
    /** 1: the seller has no goods to replace with on the day the demand is
     *  made (a replacement's term is then the regime's out_of_stock term:
     *  consumer law art. 21 p. 1, one month). 0 or 1. */
    int out_of_stock;
} clm_claim_info;

#define CLM_CLAIM_INFO_VERSION 1
#define CLM_CLAIM_INFO_INIT \
    { .version = CLM_CLAIM_INFO_VERSION, .direction = CLM_CLAIM_INCOMING, \
      .concerns = CLM_CLAIM_CONCERNS_NONE, .received = CLM_CLAIM_NO_DATE, \
      .obligation_due = CLM_CLAIM_NO_DATE }
CLM_API int clm_claim_info_init(clm_claim_info *info);

typedef struct clm_claim clm_claim;

/**
 * A new claim numbered `number` (an id) in state `received`, with its
 * regime's terms taken from `regimes`. A claim's number is normally
 * allocated through the store (so it is unique and gapless); this is the
 * pure constructor.
 * Errors: CLM_EINVAL / CLM_EVERSION (a bad field: the message names it;
 * unknown enumerated values; a negative amount), CLM_ECURRENCY (currencies differ or are unknown),
 * CLM_ENOTFOUND (no such regime), CLM_ERANGE (agreed_term above the
 * regime's agreed_max), CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_claim_new(clm_claim **out, const char *number, const clm_claim_info *info,
                          const clm_claim_regimes *regimes);
CLM_API void clm_claim_free(clm_claim *c);
/** A deep copy. Errors: CLM_EINVAL, CLM_ENOMEM. */
CLM_API int clm_claim_dup(clm_claim **out, const clm_claim *c);
/** 1 if a and b hold the same claim (every field and record), else 0. */
CLM_API int clm_claim_equal(const clm_claim *a, const clm_claim *b);

/* Accessors: strings owned by the claim, valid until it changes. */
CLM_API const char *clm_claim_number(const clm_claim *c);
CLM_API clm_claim_state clm_claim_state_get(const clm_claim *c);
/** The registration as given (strings owned by the claim). */
CLM_API const clm_claim_info *clm_claim_info_get(const clm_claim *c);
/** The demand now (changed by clm_claim_change_demand). */
CLM_API clm_claim_demand clm_claim_demand_get(const clm_claim *c);
/** Who handles the claim now (the manager, or whom it was escalated to),
 *  and the escalation level (0 = the first role of the chain). */
CLM_API const char *clm_claim_handler(const clm_claim *c);
CLM_API int clm_claim_level(const clm_claim *c);

/* ---- the workflow ------------------------------------------------------ */

/** 1 if the table above allows from -> to, else 0 (also for non-states). */
CLM_API int clm_claim_transition_allowed(clm_claim_state from, clm_claim_state to);

/**
 * Moves the claim to `to` on day `on` by `who` (user, role and the moment
 * recorded), with a note (may be NULL). `to` may be any state the table
 * allows except decided and client_informed. Entering awaiting_client
 * pauses the clock; leaving it resumes it (the paused days extend the
 * deadlines). Reopening (closed -> reopened) is allowed up to the
 * policy's reopen_days after the closing day, and restarts the terms on
 * `on`. `on` may not be earlier than the last step's day.
 * `policy` may be NULL (defaults).
 * Errors: CLM_EINVAL (NULL, bad actor or note, `to` is decided or
 * client_informed, `on` invalid or before the last step), CLM_ESTATE (the
 * table forbids it; remedy after a rejection; reopening too late),
 * CLM_ENOMEM. The claim is unchanged on error.
 */
CLM_API int clm_claim_move(clm_claim *c, clm_claim_state to, const clm_actor *who,
                           clm_date on, const char *note, const clm_claim_policy *policy);

/**
 * Decides the claim (under_assessment or under_investigation -> decided):
 * the outcome, the reasons (a non-empty line) and the amount granted
 * (accepted: up to the amount claimed; partly accepted: more than zero
 * and less than claimed, unless nothing was claimed; rejected: zero; in
 * the claim's currency).
 * Errors: CLM_EINVAL, CLM_ECURRENCY, CLM_ERANGE (the amount does not fit
 * the outcome), CLM_ESTATE, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_claim_decide(clm_claim *c, clm_claim_outcome outcome, const clm_money *granted,
                             const char *reasons, const clm_actor *who, clm_date on);

/**
 * Records the notice to the client of the decision (decided or
 * remedy_in_progress -> client_informed): on day `on`, by `who`, through
 * `channel`, saying `text` (a non-empty note).
 * Errors: CLM_EINVAL, CLM_ESTATE, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_claim_inform(clm_claim *c, clm_claim_channel channel, const char *text,
                             const clm_actor *who, clm_date on);

/** Conditions of a replacement (clm_claim_change_demand's `conditions`,
 *  as bits): a quality check is needed; the seller has no goods to
 *  replace with on the day of the demand (consumer law art. 21 p. 1). */
#define CLM_CLAIM_COND_QUALITY_CHECK 1
#define CLM_CLAIM_COND_OUT_OF_STOCK 2

/**
 * The client changes the demand on day `on` (before the decision): the
 * terms restart on `on` with the new demand's term from `regimes` (the
 * regime the claim was registered under), and the paused days so far no
 * longer count. `conditions` is 0 or CLM_CLAIM_COND_* bits (1 alone means
 * a quality check, as clm_claim_info.quality_check).
 * Errors: CLM_EINVAL (also: other bits in `conditions`), CLM_ESTATE (decided or later), CLM_ENOTFOUND (the
 * regime is no longer in `regimes`), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_claim_change_demand(clm_claim *c, clm_claim_demand demand, int conditions,
                                    const clm_claim_regimes *regimes, const clm_actor *who,
                                    clm_date on);

/**
 * Records the cause found (a non-empty line) and the party at fault.
 * Errors: CLM_EINVAL, CLM_ESTATE (closed), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_claim_set_cause(clm_claim *c, const char *cause, clm_claim_party party,
                                const clm_actor *who, clm_date on);

/**
 * Escalates the claim one step up the policy's chain of roles, to user
 * `to_user`, on day `on`, with a reason (a non-empty line).
 * Who may: the current handler, or the deputy acting for him on `on`
 * (clm_delegations_may_act(); `delegations` may be NULL), acting in the
 * role of the claim's current level (who->role). `automatic` = 1 records
 * an escalation made by the deadline rule (clm_claim_escalation_due());
 * then any user may act, but who->role must still be the current level's.
 * Errors: CLM_EINVAL, CLM_EPERM (neither the handler nor his deputy, or
 * the wrong role), CLM_ESTATE (closed, client_informed, or already at the
 * top of the chain), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_claim_escalate(clm_claim *c, const clm_claim_policy *policy,
                               const clm_delegations *delegations, const char *to_user,
                               const char *reason, int automatic, const clm_actor *who,
                               clm_date on);

/* ---- the record -------------------------------------------------------- */

/** One step of the claim's history. Strings owned by the claim. */
typedef struct clm_claim_step {
    clm_claim_state from, to;   /**< equal for a step that is no transition */
    const char *what;           /**< "move", "decide", "inform", "demand", "cause",
                                     "escalate", "register" */
    const char *user, *role;
    clm_time at;
    clm_date on;
    const char *note;           /**< "" if none */
} clm_claim_step;

CLM_API size_t clm_claim_step_count(const clm_claim *c);
/** Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API int clm_claim_step_at(clm_claim_step *out, const clm_claim *c, size_t i);

/** The decision (1 and outputs set when decided; 0 if none). Outputs may
 *  be NULL; strings owned by the claim. */
CLM_API int clm_claim_decision(const clm_claim *c, clm_claim_outcome *outcome,
                               clm_money *granted, const char **reasons, clm_date *on);

/** The notice to the client (1 when on record, else 0). */
typedef struct clm_claim_notice {
    clm_date on;
    clm_claim_channel channel;
    const char *user, *role;
    const char *text;
} clm_claim_notice;
CLM_API int clm_claim_notice_get(clm_claim_notice *out, const clm_claim *c);

/** The cause (1 when found, else 0); outputs may be NULL. */
CLM_API int clm_claim_cause(const clm_claim *c, const char **cause, clm_claim_party *party);

/** One escalation. */
typedef struct clm_claim_escalation {
    int from_level, to_level;
    const char *from_user, *to_user;
    const char *by_user, *by_role;  /**< who acted */
    clm_date on;
    int automatic;
    const char *reason;
} clm_claim_escalation;
CLM_API size_t clm_claim_escalation_count(const clm_claim *c);
CLM_API int clm_claim_escalation_at(clm_claim_escalation *out, const clm_claim *c, size_t i);

/* ---- deadlines --------------------------------------------------------- */

typedef struct clm_claim_deadlines {
    clm_date acknowledgement;
    clm_date response;
    clm_date resolution;
    clm_date term_start;   /**< the day the response and resolution terms start from */
    int32_t paused_days;   /**< calendar days paused since term_start (to `on` if paused now) */
    /** The deadline that matters now (acknowledgement in `received`,
     *  response before the decision, resolution until the client is
     *  informed); CLM_CLAIM_NO_DATE while paused, informed or closed. */
    clm_date next;
} clm_claim_deadlines;

/**
 * The claim's deadlines on `cal` as of day `on` (which only matters while
 * the claim is paused: the days paused up to `on` count).
 * Errors: CLM_EINVAL, CLM_ERANGE (a day needed lies outside the
 * calendar's coverage). *out untouched on error. Thread-safe for const
 * arguments.
 */
CLM_API int clm_claim_deadlines_get(clm_claim_deadlines *out, const clm_claim *c,
                                    const clm_calendar *cal, clm_date on);

/** Where a claim stands against its deadline on a day. */
typedef enum clm_claim_urgency {
    CLM_CLAIM_NOT_DUE = 0,   /**< no deadline pending, or more than warn_days away */
    CLM_CLAIM_WARNING = 1,   /**< due within the policy's warn_days working days */
    CLM_CLAIM_DUE_TODAY = 2,
    CLM_CLAIM_OVERDUE = 3
} clm_claim_urgency;

/** *out = the urgency of a claim whose pending deadline is `next` on day
 *  `on` (policy may be NULL). Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API int clm_claim_urgency_of(clm_claim_urgency *out, clm_date next, clm_date on,
                                 const clm_calendar *cal, const clm_claim_policy *policy);

/**
 * *out = 1 if the claim should be escalated automatically on `on`: it is
 * not paused, informed or closed, is below the top of the chain, and its
 * pending response or resolution deadline is at most the policy's
 * auto_escalate_days working days away (or passed); else 0.
 * Errors: CLM_EINVAL, CLM_ERANGE.
 */
CLM_API int clm_claim_escalation_due(int *out, const clm_claim *c, const clm_calendar *cal,
                                     clm_date on, const clm_claim_policy *policy);

/* ---- penalties ------------------------------------------------------- */

/** A key-rate table for Civil Code art. 395: the rate (ppm a year) in
 *  force from each day, in ascending order of `from`. */
typedef struct clm_claim_key_rate {
    clm_date from;
    clm_rate rate;
} clm_claim_key_rate;

/** The penalty computed, and how. */
typedef struct clm_claim_penalty_result {
    clm_money amount;
    int32_t days;            /**< days of delay counted */
    clm_date first_day;      /**< the first day of delay; NO_DATE if none */
    clm_date last_day;
    /** "none", "consumer-art23", "contractual", "contractual-capped",
     *  "key-rate-art395" (static). */
    const char *basis;
} clm_claim_penalty_result;

/**
 * The penalty for the delay up to day `satisfied_on` (the day the demand
 * was or will be satisfied, inclusive), by the claim's regime:
 *
 *  CONSUMER (consumer protection law art. 23 p. 1): rate (1 %) of the
 *   price of the goods for each day of delay, from the day after the
 *   resolution deadline to `satisfied_on` inclusive:
 *   price x rate x days, rounded once by the policy's rounding.
 *  CONTRACTUAL with a contract rate: the amount claimed x rate x days of
 *   delay (from the day after the obligation fell due, or after the
 *   resolution deadline), rounded once, then capped by contract_cap.
 *  CONTRACTUAL without one (Civil Code art. 395 p. 1): interest on the
 *   amount claimed at the key rate in force on each day of delay:
 *   sum over days of amount x rate / days in that day's year (365 or 366),
 *   summed exactly and rounded once. `rates` must cover the first day of
 *   delay (CLM_ERANGE otherwise).
 *  NONE: zero.
 * No delay gives zero. Errors: CLM_EINVAL (NULL; rates not ascending;
 * a negative rate), CLM_ERANGE (a deadline outside the calendar; rates
 * missing), CLM_EOVERFLOW. *out untouched on error.
 */
CLM_API int clm_claim_penalty(clm_claim_penalty_result *out, const clm_claim *c,
                              const clm_calendar *cal, clm_date satisfied_on,
                              const clm_claim_key_rate *rates, size_t nrates,
                              const clm_claim_policy *policy);

/* ---- encoding -------------------------------------------------------- */

/**
 * The claim as text (the store body): one field per line, every name from
 * the vocabulary. *out is NUL-terminated, freed with clm_free().
 * Errors: CLM_EINVAL, CLM_ENOMEM.
 */
CLM_API int clm_claim_encode(char **out, size_t *len, const clm_claim *c);
/**
 * Reads a claim clm_claim_encode() wrote. Errors: CLM_EINVAL, CLM_EPARSE
 * (the line and field at fault; an unknown name; a claim past
 * client_informed without a notice), CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_claim_decode(clm_claim **out, const char *buf, size_t len);

CLM_END_DECLS

#endif /* CLM_CLAIM_H */
