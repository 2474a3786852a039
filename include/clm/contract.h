/*
 * contract.h — the contract that follows an accepted offer: its frozen
 * copy of the offer, its states, the protocol of disagreements and its
 * settlement, special terms, conclusion, execution and renewal
 * (docs/rules.md, "Offers and contracts").
 *
 * A contract is made from an accepted offer (clm_contract_from_offer) and
 * carries a deep copy of it: the lines, the priced snapshot (figures,
 * trace, policy name and version), the approvals and the credit checks as
 * they stood when the offer was accepted. Nothing re-prices it: a later
 * change to a price list, a policy or the offer object itself never
 * changes the contract. What the negotiation changes is recorded in the
 * protocol of disagreements, line by line, and the contract's amount
 * (clm_contract_amount) is the snapshot's net total with the figures the
 * protocol settled in place of the lines' own.
 *
 * States and the transition table (clm_contract_transition_allowed; every
 * act fails with CLM_ESTATE from any other state, changing nothing):
 *
 *   draft        -> negotiation, agreed, terminated
 *   negotiation  -> agreed, terminated
 *   agreed       -> negotiation, concluded, terminated
 *   concluded    -> in-execution, terminated
 *   in-execution -> completed, terminated
 *   completed, terminated: final.
 *
 * Renewal (clm_contract_renew) is not a state: it makes a new draft
 * contract linked to its predecessor (each names the other), carrying the
 * same snapshot; the predecessor keeps its state.
 *
 * The law (Civil Code of the Russian Federation, part one):
 *  - art. 432 p. 1: a contract is concluded when the parties have agreed on
 *    all its essential terms: a contract cannot be agreed (nor concluded)
 *    while a disagreement is unsettled;
 *  - art. 432 p. 2, 433 p. 1: the contract follows the offer and its
 *    acceptance: only an accepted offer becomes a contract;
 *  - art. 434 p. 1, 2: a written contract is one document signed by the
 *    parties: conclusion records the day of signing;
 *  - art. 443: a draft signed with a protocol of disagreements is an
 *    acceptance on other terms: the contract goes into negotiation;
 *  - art. 445 p. 1: where the contract is obligatory for the company, the
 *    company answers a protocol of disagreements within thirty days of
 *    receiving it (clm_contract_answer_due);
 *  - art. 450 p. 1: a contract ends early by the parties' agreement or as
 *    the law or the contract allows (termination, with its reason).
 *
 * Days: the day of an act is the UTC day of its actor's `at`.
 *
 * Thread safety: as common.h says. Failure atomicity: every function that
 * fails leaves the contract (and every other object given) exactly as it
 * was.
 */
#ifndef CLM_CONTRACT_H
#define CLM_CONTRACT_H

#include "common.h"
#include "actor.h"
#include "date.h"
#include "money.h"
#include "offer.h"

CLM_BEGIN_DECLS

typedef struct clm_contract clm_contract;

/** A line index meaning "no line" (a disagreement on a clause). */
#define CLM_CONTRACT_NO_LINE SIZE_MAX

/* ---- vocabulary ---------------------------------------------------------- */

/** A contract's state. Values and names are stable. */
typedef enum clm_contract_state {
    CLM_CONTRACT_DRAFT        = 1, /**< "draft" */
    CLM_CONTRACT_NEGOTIATION  = 2, /**< "negotiation" */
    CLM_CONTRACT_AGREED       = 3, /**< "agreed" */
    CLM_CONTRACT_CONCLUDED    = 4, /**< "concluded" */
    CLM_CONTRACT_IN_EXECUTION = 5, /**< "in-execution" */
    CLM_CONTRACT_COMPLETED    = 6, /**< "completed" */
    CLM_CONTRACT_TERMINATED   = 7  /**< "terminated" */
} clm_contract_state;

/** Where a disagreement stands. Values and names are stable. */
typedef enum clm_contract_settlement {
    CLM_CONTRACT_OPEN     = 1, /**< "open": the client's wording, no answer yet */
    CLM_CONTRACT_ANSWERED = 2, /**< "answered": the company answered, not agreed yet */
    CLM_CONTRACT_CLIENT   = 3, /**< "client-wording": agreed on the client's wording */
    CLM_CONTRACT_COMPANY  = 4, /**< "company-wording": agreed on the draft's own wording */
    CLM_CONTRACT_ANSWER   = 5  /**< "answer": agreed on the company's answer */
} clm_contract_settlement;

/** A special term's kind (terms granted to key clients). Values and names
 *  are stable. */
typedef enum clm_contract_special_kind {
    CLM_CONTRACT_ACCELERATED   = 1, /**< "accelerated-deadline": days instead of the usual */
    CLM_CONTRACT_EXECUTION     = 2, /**< "special-execution": execution terms in words */
    CLM_CONTRACT_INDIVIDUAL    = 3  /**< "individual-discount": a rate granted to this client */
} clm_contract_special_kind;

/** Names ("in-execution", "client-wording", "accelerated-deadline"); NULL
 *  for a value out of range. Static strings; thread-safe. */
CLM_API const char *clm_contract_state_name(clm_contract_state s);
CLM_API const char *clm_contract_settlement_name(clm_contract_settlement s);
CLM_API const char *clm_contract_special_kind_name(clm_contract_special_kind k);
/** The value named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (the
 *  message quotes the name and lists the valid ones). *out untouched on
 *  error. Thread-safe. */
CLM_API int clm_contract_state_from_name(clm_contract_state *out, const char *name);
CLM_API int clm_contract_settlement_from_name(clm_contract_settlement *out, const char *name);
CLM_API int clm_contract_special_kind_from_name(clm_contract_special_kind *out,
                                                const char *name);

/** 1 if the table above allows from -> to, 0 if not (also for values out
 *  of range). Thread-safe. */
CLM_API int clm_contract_transition_allowed(clm_contract_state from, clm_contract_state to);

/** 1 if the settlement is an agreement (client-wording, company-wording,
 *  answer), else 0. Thread-safe. */
CLM_API int clm_contract_settled(clm_contract_settlement s);

/* ---- making a contract --------------------------------------------------- */

#define CLM_CONTRACT_INFO_VERSION 1

/**
 * What a contract is made with.
 *  - id: the contract's id (id text);
 *  - obligatory: 1 if the contract is obligatory for the company (a public
 *    contract, art. 426), so that art. 445 p. 1 sets the term to answer a
 *    protocol of disagreements; 0 otherwise.
 */
typedef struct clm_contract_info {
    unsigned int version;     /**< CLM_CONTRACT_INFO_VERSION */
    const char *id;           /**< the contract's id */
    int obligatory;           /**< 1: obligatory for the company (art. 445) */
} clm_contract_info;

#define CLM_CONTRACT_INFO_INIT { .version = CLM_CONTRACT_INFO_VERSION }
/** Sets *info to CLM_CONTRACT_INFO_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_contract_info_init(clm_contract_info *info);

/**
 * A draft contract from the accepted offer `offer` (art. 432 p. 2, 433
 * p. 1), with a "create" event by `who`. The contract keeps a deep copy of
 * the offer (clm_contract_offer); `offer` is not changed and may be freed.
 * Errors: CLM_EINVAL (NULL, bad id or obligatory, a bad actor),
 * CLM_EVERSION, CLM_ESTATE (the offer is not accepted: the message names
 * its state), CLM_ENOMEM. *out untouched on error. Free with
 * clm_contract_free().
 */
CLM_API int clm_contract_from_offer(clm_contract **out, const clm_offer *offer,
                                    const clm_contract_info *info, const clm_actor *who);
/** Frees a contract; NULL is a no-op. */
CLM_API void clm_contract_free(clm_contract *c);
/** A deep copy. Errors: CLM_EINVAL, CLM_ENOMEM (*out untouched). */
CLM_API int clm_contract_dup(clm_contract **out, const clm_contract *c);
/** 1 if a and b hold the same contract (every field, the offer snapshot,
 *  disagreements, special terms and events; not the stored version), else
 *  0 (0 for NULL). */
CLM_API int clm_contract_equal(const clm_contract *a, const clm_contract *b);

/* ---- getters --------------------------------------------------------------- */

/** Getters; NULL, 0 or CLM_OFFER_NO_DATE for a NULL contract. Strings are
 *  owned by the contract. */
CLM_API const char *clm_contract_id(const clm_contract *c);
CLM_API clm_contract_state clm_contract_state_get(const clm_contract *c);
/** 1 if obligatory for the company (art. 445), else 0. */
CLM_API int clm_contract_obligatory(const clm_contract *c);
/** The frozen copy of the accepted offer (owned by c; never changes). */
CLM_API const clm_offer *clm_contract_offer(const clm_contract *c);
/** The offer's id, client id, manager (who prepared it) and currency. */
CLM_API const char *clm_contract_offer_id(const clm_contract *c);
CLM_API const char *clm_contract_client_id(const clm_contract *c);
CLM_API const char *clm_contract_manager(const clm_contract *c);
CLM_API const char *clm_contract_currency(const clm_contract *c);
/** The day the contract was made (the day of its "create" event). */
CLM_API clm_date clm_contract_created_on(const clm_contract *c);
/** The day it was agreed, signed (concluded), and completed or
 *  terminated; CLM_OFFER_NO_DATE until then. */
CLM_API clm_date clm_contract_agreed_on(const clm_contract *c);
CLM_API clm_date clm_contract_concluded_on(const clm_contract *c);
CLM_API clm_date clm_contract_closed_on(const clm_contract *c);
/** The id of the contract this one renews, and of the one that renewed
 *  it; NULL when none. */
CLM_API const char *clm_contract_renewal_of(const clm_contract *c);
CLM_API const char *clm_contract_renewed_by(const clm_contract *c);

/**
 * *out = the contract's amount in minor units of its currency: the
 * snapshot's net total, where each line the protocol settled on a figure
 * (client-wording with the client's figure, answer with the answer's)
 * counts that figure instead of the line's net total. Exact integer sums.
 * Errors: CLM_EINVAL (NULL), CLM_ESTATE (the snapshot is not priced),
 * CLM_EOVERFLOW. *out untouched on error.
 */
CLM_API int clm_contract_amount(int64_t *out, const clm_contract *c);
/** The amount invoiced so far (clm_contract_invoice); 0 for NULL. */
CLM_API int64_t clm_contract_invoiced(const clm_contract *c);

/**
 * *out = the confirmed but uninvoiced amount: amount - invoiced for a
 * concluded or in-execution contract, 0 in every other state. This is what
 * a credit check counts as the client's exposure from orders.
 * Errors: as clm_contract_amount(). *out untouched on error.
 */
CLM_API int clm_contract_uninvoiced(int64_t *out, const clm_contract *c);

/**
 * *out = the sum of clm_contract_uninvoiced() over those of the `n`
 * contracts `cs` (none NULL) that belong to `client_id` in `currency`:
 * the orders part of the client's exposure (clm_credit_check_input's
 * `orders`). Errors: CLM_EINVAL (NULL, bad id, currency), CLM_EOVERFLOW.
 * *out untouched on error. Thread-safe.
 */
CLM_API int clm_contract_exposure(int64_t *out, const clm_contract *const *cs, size_t n,
                                  const char *client_id, const char *currency);

/* ---- the protocol of disagreements ------------------------------------------ */

#define CLM_CONTRACT_DISAGREEMENT_VERSION 1

/**
 * A disagreement as the client's protocol states it.
 *  - clause: the clause's number ("4.2", "5.1.3"; id text) for a
 *    disagreement on the contract's text, or NULL for one on a line;
 *  - line: the offer line (index into clm_offer_line_at) for one on a
 *    line, CLM_CONTRACT_NO_LINE for one on a clause; exactly one of clause
 *    and line is given;
 *  - draft: the draft's own wording (note text, may be NULL);
 *  - client: the client's wording (note text, required, non-empty);
 *  - has_figure, figure: the client's figure for a line, the line's net
 *    amount in minor units of the contract's currency (>= 0); only on a line;
 *  - received_on: the day the protocol was received (for art. 445).
 */
typedef struct clm_contract_disagreement {
    unsigned int version;     /**< CLM_CONTRACT_DISAGREEMENT_VERSION */
    const char *clause;       /**< the clause's number, or NULL for a line */
    size_t line;              /**< the line, or CLM_CONTRACT_NO_LINE */
    const char *draft;        /**< the draft's wording, or NULL */
    const char *client;       /**< the client's wording */
    int has_figure;           /**< 1: `figure` is given */
    int64_t figure;           /**< the client's line amount, minor units */
    clm_date received_on;     /**< the day the protocol was received */
} clm_contract_disagreement;

#define CLM_CONTRACT_DISAGREEMENT_INIT \
    { .version = CLM_CONTRACT_DISAGREEMENT_VERSION, .line = CLM_CONTRACT_NO_LINE }
/** Sets *d to CLM_CONTRACT_DISAGREEMENT_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_contract_disagreement_init(clm_contract_disagreement *d);

/**
 * Records a disagreement of the client's protocol (art. 443) on a draft,
 * a contract in negotiation or an agreed one not yet signed: the contract
 * goes into negotiation. *index (may be NULL) is its index. The same clause
 * or line may not be disputed twice while the first is unsettled.
 * Errors: CLM_EINVAL (a bad field, named; a line out of range; a figure on
 * a clause), CLM_EVERSION, CLM_ESTATE (another state), CLM_EEXISTS (an
 * unsettled disagreement on that clause or line), CLM_ELIMIT (1 000
 * disagreements), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_contract_dispute(size_t *index, clm_contract *c, const clm_actor *who,
                                 const clm_contract_disagreement *d);

/**
 * The company's answer to disagreement i of a contract in negotiation:
 * `answer` (note text, required) and, on a line, an optional figure
 * (`figure` >= 0 when has_figure). The disagreement becomes answered; an
 * earlier answer is replaced.
 * Errors: CLM_EINVAL, CLM_ERANGE (i), CLM_ESTATE (not in negotiation, or
 * the disagreement settled already), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_contract_answer(clm_contract *c, const clm_actor *who, size_t i,
                                const char *answer, int has_figure, int64_t figure);

/**
 * Settles disagreement i of a contract in negotiation on `how`:
 * CLM_CONTRACT_CLIENT (the client's wording), CLM_CONTRACT_COMPANY (the
 * draft's) or CLM_CONTRACT_ANSWER (the company's answer, which must have
 * been given). Who decided (`who`) and when are kept; `note` (line text,
 * may be NULL) says why.
 * Errors: CLM_EINVAL (NULL, `how` not a settlement, no answer to settle
 * on), CLM_ERANGE (i), CLM_ESTATE (not in negotiation, or settled
 * already), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_contract_settle(clm_contract *c, const clm_actor *who, size_t i,
                                clm_contract_settlement how, const char *note);

/** A disagreement as recorded. Strings owned by the contract; NULL where
 *  not given. */
typedef struct clm_contract_disagreement_record {
    const char *clause;               /**< the clause, or NULL */
    size_t line;                      /**< the line, or CLM_CONTRACT_NO_LINE */
    const char *draft;                /**< the draft's wording, or NULL */
    const char *client;               /**< the client's wording */
    int has_figure;                   /**< the client gave a figure */
    int64_t figure;                   /**< the client's figure */
    clm_date received_on;             /**< the day the protocol was received */
    const char *answer;               /**< the company's answer, or NULL */
    int has_answer_figure;            /**< the answer gave a figure */
    int64_t answer_figure;            /**< the answer's figure */
    clm_contract_settlement settlement; /**< where it stands */
    const char *decided_by;           /**< who settled it (user), or NULL */
    const char *decided_role;         /**< in which role, or NULL */
    clm_time decided_at;              /**< when (0 while unsettled) */
    const char *note;                 /**< why, or NULL */
} clm_contract_disagreement_record;

/** Number of disagreements (0 for NULL), and disagreement i in the order
 *  recorded. Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API size_t clm_contract_disagreement_count(const clm_contract *c);
CLM_API int clm_contract_disagreement_at(clm_contract_disagreement_record *out,
                                         const clm_contract *c, size_t i);

/**
 * *out = the last day the company may answer disagreement i: for an
 * obligatory contract, thirty days after the protocol was received (art.
 * 445 p. 1; the term runs from the next day, art. 191, and ends on day
 * received_on + 30); CLM_OFFER_NO_DATE for a contract that is not
 * obligatory. Errors: CLM_EINVAL, CLM_ERANGE (i, or a date past the
 * calendar's range). *out untouched on error.
 */
CLM_API int clm_contract_answer_due(clm_date *out, const clm_contract *c, size_t i);

/**
 * The protocol of disagreements as text, in clause order: clauses first,
 * by their numbers compared part by part ("2.9" before "2.10"; a part that
 * is not a number compares as text, after numbers), then lines by index.
 * One block per disagreement: the clause or line, the draft's wording, the
 * client's, the company's answer, and how it was settled and by whom. The
 * document is in the calling thread's language (clm/lang.h), money and
 * dates in its forms; the parties' wordings are as recorded.
 * *out is NUL-terminated, freed with clm_free(); *len (may be NULL) is its
 * length. Errors: CLM_EINVAL, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_contract_protocol_text(char **out, size_t *len, const clm_contract *c);

/* ---- special terms ---------------------------------------------------------- */

#define CLM_CONTRACT_SPECIAL_VERSION 1

/**
 * A special term for a key client: `kind`; `text` (note text, required)
 * says it in words; `days` (> 0) for an accelerated deadline (the
 * deadline in days), else 0; `rate` (0 < rate <= 100 %) for an individual
 * discount, else 0.
 */
typedef struct clm_contract_special {
    unsigned int version;     /**< CLM_CONTRACT_SPECIAL_VERSION */
    clm_contract_special_kind kind; /**< what it is */
    const char *text;         /**< the term in words */
    int32_t days;             /**< accelerated-deadline: days */
    clm_rate rate;            /**< individual-discount: the rate */
} clm_contract_special;

#define CLM_CONTRACT_SPECIAL_INIT { .version = CLM_CONTRACT_SPECIAL_VERSION }
/** Sets *s to CLM_CONTRACT_SPECIAL_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_contract_special_init(clm_contract_special *s);

/**
 * Records a special term on a contract not yet concluded (draft,
 * negotiation, agreed). Errors: CLM_EINVAL (a bad kind, text, days or rate,
 * named), CLM_EVERSION, CLM_ESTATE, CLM_ELIMIT (100 terms), CLM_ENOMEM.
 * Unchanged on error.
 */
CLM_API int clm_contract_add_special(clm_contract *c, const clm_actor *who,
                                     const clm_contract_special *s);
/** Number of special terms (0 for NULL), and term i (strings owned by c).
 *  Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API size_t clm_contract_special_count(const clm_contract *c);
CLM_API int clm_contract_special_at(clm_contract_special *out, const clm_contract *c,
                                    size_t i);

/* ---- the acts ----------------------------------------------------------------- */

/**
 * Agrees the contract (draft or negotiation -> agreed): every disagreement
 * must be settled (art. 432 p. 1), else CLM_ESTATE naming the first open
 * clause or line. Errors: CLM_EINVAL, CLM_ESTATE, CLM_ENOMEM. Unchanged on
 * error.
 */
CLM_API int clm_contract_agree(clm_contract *c, const clm_actor *who);

/**
 * Concludes an agreed contract, signed by both parties on `signed_on`
 * (art. 434 p. 1, 2), which is no earlier than the day it was agreed and no
 * later than the day of the act. Errors: CLM_EINVAL (NULL, bad actor),
 * CLM_ESTATE, CLM_ERANGE (signed_on), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_contract_conclude(clm_contract *c, const clm_actor *who, clm_date signed_on);

/** Starts the execution of a concluded contract. Errors: CLM_EINVAL,
 *  CLM_ESTATE, CLM_ENOMEM. Unchanged on error. */
CLM_API int clm_contract_start(clm_contract *c, const clm_actor *who);

/**
 * Records `amount` (> 0, minor units) invoiced against a concluded or
 * in-execution contract; a concluded one starts its execution. The total
 * invoiced may not exceed the amount. Errors: CLM_EINVAL (amount <= 0),
 * CLM_ESTATE, CLM_ERANGE (more than is left uninvoiced), CLM_EOVERFLOW,
 * CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_contract_invoice(clm_contract *c, const clm_actor *who, int64_t amount);

/** Completes a contract in execution. Errors: CLM_EINVAL, CLM_ESTATE,
 *  CLM_ENOMEM. Unchanged on error. */
CLM_API int clm_contract_complete(clm_contract *c, const clm_actor *who);

/**
 * Terminates a contract that is not final (art. 450 p. 1); `note` (name
 * text) gives the reason and is required. Errors: CLM_EINVAL, CLM_ESTATE,
 * CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_contract_terminate(clm_contract *c, const clm_actor *who, const char *note);

/**
 * Renewal: a new draft contract with id `id` carrying c's snapshot and
 * special terms (no disagreements), renewal_of c's id; c (in execution or
 * completed, not renewed before) records renewed_by and a "renew" event,
 * its state unchanged. Errors: CLM_EINVAL (NULL, bad id, id equal to c's),
 * CLM_ESTATE (another state, or renewed already), CLM_ENOMEM. *out and c
 * untouched on error.
 */
CLM_API int clm_contract_renew(clm_contract **out, clm_contract *c, const char *id,
                               const clm_actor *who);

/* ---- the record of events -------------------------------------------------------- */

/** One act on the contract. Strings owned by the contract; note may be
 *  NULL. `action` is "create", "dispute", "answer", "settle", "special",
 *  "agree", "conclude", "start", "invoice", "complete", "terminate",
 *  "renew". */
typedef struct clm_contract_event {
    clm_time at;                      /**< when */
    const char *user;                 /**< who */
    const char *role;                 /**< in which role */
    const char *action;               /**< what */
    clm_contract_state from;          /**< state before */
    clm_contract_state to;            /**< state after */
    const char *note;                 /**< why, or NULL */
} clm_contract_event;

/** Number of events (0 for NULL), and event i in order. Errors:
 *  CLM_EINVAL, CLM_ERANGE. */
CLM_API size_t clm_contract_event_count(const clm_contract *c);
CLM_API int clm_contract_event_at(clm_contract_event *out, const clm_contract *c, size_t i);

CLM_END_DECLS

#endif /* CLM_CONTRACT_H */
