/*
 * offer_store.h — offers and contracts kept in a store: saving every
 * change with its audit entry, loading, and the lists a manager works
 * from (per client, per manager, awaiting approval, expiring within N
 * working days; contracts per client or manager with their special terms
 * and what is left to invoice).
 *
 * Records
 * -------
 * An offer is one record of kind CLM_RECORD_OFFER whose id is the offer's
 * id and whose body is the offer as clm_offer_save_xml() writes it.
 * Indexed columns:
 *   client_id  the client it is addressed to;
 *   manager    who prepared it;
 *   state      the state's name ("sent", "awaiting-approval"...);
 *   name       the id of the offer it supersedes or counters, if any;
 *   due        the last day of the term of acceptance, while the offer is
 *              sent (the store's due-date index then holds exactly the
 *              offers that can still be accepted in time); absent otherwise;
 *   amount     the priced net total (absent while not priced).
 * A contract is one record of kind CLM_RECORD_CONTRACT (id: the
 * contract's; body: clm_contract_save_xml()), with client_id, manager (the
 * offer's), state, name (the offer's id), category (the kinds of its
 * special terms, space-separated, "accelerated-deadline
 * individual-discount"; absent when none) and amount: the confirmed but
 * uninvoiced amount (clm_contract_uninvoiced), what a credit check counts
 * as exposure from orders; absent when zero.
 *
 * Every save is one clm_store_put_audited() (the record and its audit
 * entry, both or neither) naming the version the object was loaded from
 * or last saved as; a stale one is CLM_ECONFLICT. On any error nothing
 * changed in the store nor in the object. Thread safety: as store.h.
 */
#ifndef CLM_OFFER_STORE_H
#define CLM_OFFER_STORE_H

#include "common.h"
#include "actor.h"
#include "calendar.h"
#include "contract.h"
#include "credit_store.h"
#include "offer.h"
#include "store.h"

CLM_BEGIN_DECLS

/**
 * Saves offer `o`: creates its record when it was never stored, else
 * replaces the version it was loaded from or last saved as; one audit
 * entry by `who` with `note` (may be NULL). On success the offer records
 * the new version (clm_offer_stored_version).
 * Errors: CLM_EINVAL (NULL, a bad actor or note), CLM_EEXISTS (a new
 * offer whose id is taken), CLM_ECONFLICT (the stored offer changed
 * since: reload, reapply, save again), CLM_ENOTFOUND (the record was
 * deleted), CLM_ENOMEM, the store's errors (CLM_EIO, CLM_EBUSY...).
 * Unchanged on error.
 */
CLM_API int clm_offer_store_save(clm_store *st, clm_offer *o, const clm_actor *who,
                                 const char *note);

/**
 * Loads offer `id`. Errors: CLM_EINVAL, CLM_ENOTFOUND, CLM_EPARSE or
 * CLM_ESCHEMA (a body that does not read: the message names the record
 * and the line; a body holding another offer is CLM_EPARSE), the other
 * codes of clm_offer_load_xml() for such a body (CLM_ECURRENCY,
 * CLM_ELIMIT), the store's errors. *out untouched on error; free with
 * clm_offer_free().
 */
CLM_API int clm_offer_store_load(clm_offer **out, clm_store *st, const char *id);

/** The version the offer was last loaded from or saved as (0: never). */
CLM_API int64_t clm_offer_stored_version(const clm_offer *o);

/** As clm_offer_store_save(), for a contract. */
CLM_API int clm_contract_store_save(clm_store *st, clm_contract *c, const clm_actor *who,
                                    const char *note);
/** As clm_offer_store_load(), for a contract; free with clm_contract_free(). */
CLM_API int clm_contract_store_load(clm_contract **out, clm_store *st, const char *id);
/** The version the contract was last loaded from or saved as (0: never). */
CLM_API int64_t clm_contract_stored_version(const clm_contract *c);

/* ---- lists ------------------------------------------------------------------ */

/** One offer in a list, from its record's columns (no body is read);
 *  strings borrowed for the callback's duration. */
typedef struct clm_offer_item {
    const char *id;              /**< the offer's id */
    const char *client_id;       /**< the client */
    const char *manager;         /**< who prepared it */
    clm_offer_state state;       /**< its state */
    const char *linked;          /**< the offer it supersedes or counters, or NULL */
    clm_date accept_by;          /**< last day of the term (sent), or CLM_OFFER_NO_DATE */
    int priced;                  /**< 1 if `net` holds the priced total */
    clm_money net;               /**< the priced net total */
} clm_offer_item;

typedef int (*clm_offer_item_cb)(const clm_offer_item *item, void *payload);

/**
 * Calls `cb` for each stored offer matching every condition given (NULL:
 * any): the client, the manager who prepared it, the state (0: any; use
 * CLM_OFFER_AWAITING_APPROVAL for what awaits approval), in ascending
 * order of id. The store filters on its indexed columns. The callback's
 * non-zero value stops the list and is returned; it must not call the
 * store. Errors: CLM_EINVAL (a bad id or state), the store's errors,
 * CLM_EPARSE (a record with an unknown state name).
 */
CLM_API int clm_offer_store_list(clm_store *st, const char *client_id, const char *manager,
                                 clm_offer_state state, clm_offer_item_cb cb, void *payload);

/**
 * Calls `cb` for each sent offer whose term of acceptance ends no later
 * than `days` working days of `cal` after `on` (0: on `on` itself),
 * including those whose term has already run out but that nobody has
 * marked expired; `manager` (NULL: any) narrows to one manager's offers.
 * The store filters on its due-date index. Offers come in ascending order
 * of id. Errors: CLM_EINVAL (NULL, days < 0 or > 365), CLM_ERANGE (the
 * horizon lies outside the calendar), the store's errors, CLM_EPARSE.
 */
CLM_API int clm_offer_store_expiring(clm_store *st, const clm_calendar *cal, clm_date on,
                                     int32_t days, const char *manager, clm_offer_item_cb cb,
                                     void *payload);

/** One contract in a list, from its record's columns; strings borrowed
 *  for the callback's duration. */
typedef struct clm_contract_item {
    const char *id;              /**< the contract's id */
    const char *client_id;       /**< the client */
    const char *manager;         /**< the offer's manager */
    clm_contract_state state;    /**< its state */
    const char *offer_id;        /**< the offer it was made from */
    const char *special;         /**< its special terms' kinds, or NULL */
    clm_money uninvoiced;        /**< confirmed but not invoiced (0 when none) */
} clm_contract_item;

typedef int (*clm_contract_item_cb)(const clm_contract_item *item, void *payload);

/** As clm_offer_store_list(), for contracts (state 0: any). */
CLM_API int clm_contract_store_list(clm_store *st, const char *client_id, const char *manager,
                                    clm_contract_state state, clm_contract_item_cb cb,
                                    void *payload);

/* ---- conversion ---------------------------------------------------------------- */

/** One manager's offers sent in a period and what became of them. */
typedef struct clm_offer_conversion {
    const char *manager;       /**< the manager (borrowed for the callback) */
    int64_t sent;              /**< the company's offers sent in the period */
    int64_t accepted;          /**< of those, accepted by the client */
    int64_t countered;         /**< of those, answered by a counter-offer (art. 443) */
    int64_t contracts;         /**< of those, made into a contract (from the offer or
                                    from its counter-offer) */
    int64_t concluded;         /**< of those contracts, concluded (also in execution
                                    or completed) */
} clm_offer_conversion;

typedef int (*clm_offer_conversion_cb)(const clm_offer_conversion *c, void *payload);

/**
 * The conversion of offers into contracts per manager: for every manager
 * (or only `manager`, if not NULL) who sent an offer on a day in
 * from..to (inclusive), calls `cb` once with the counts above, managers in
 * ascending byte order. Reads every offer record of the manager(s) (the
 * day an offer was sent is in its body) and every contract record's
 * columns. The callback's non-zero value stops the report and is returned;
 * it must not call the store.
 * Errors: CLM_EINVAL (NULL, bad manager, from > to), CLM_EPARSE or
 * CLM_ESCHEMA (a body that does not read), CLM_ENOMEM, the store's errors.
 */
CLM_API int clm_offer_store_conversion(clm_store *st, const char *manager, clm_date from,
                                       clm_date to, clm_offer_conversion_cb cb, void *payload);

/* ---- exposure ------------------------------------------------------------------ */

/**
 * The client's credit exposure as clm_credit_store_exposure() reads it
 * (the ledger's open receivables and overdue days, its "confirmed" order
 * records), with the confirmed but uninvoiced amount of each of the
 * client's concluded and in-execution contracts in `currency` added to
 * `orders`: a contract is an order the client has confirmed, and what is
 * not invoiced yet is what a credit check counts from it.
 * Errors: as clm_credit_store_exposure(), CLM_ECURRENCY (a contract in
 * another currency), CLM_EPARSE (a contract record with a negative
 * amount). *out untouched on error. Changes nothing.
 */
CLM_API int clm_contract_store_exposure(clm_credit_exposure *out, clm_store *st,
                                        const char *currency, const char *client_id,
                                        clm_date as_of);

CLM_END_DECLS

#endif /* CLM_OFFER_STORE_H */
