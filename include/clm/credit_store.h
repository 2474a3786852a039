/*
 * credit_store.h — invoices, payments and credit notes kept in a store; the
 * exposure of a client read from it; the audited override of a credit
 * check.
 *
 * Records
 * -------
 * An invoice is one record of kind CLM_RECORD_INVOICE under its id:
 * client_id, manager (absent when none), due = the due date, amount = the
 * invoiced amount with its currency, body = "issued=YYYY-MM-DD\n". The
 * open balance is not stored: it follows from the payments (credit.h).
 * A payment or credit note is one record of kind CLM_RECORD_PAYMENT under
 * its id: client_id, state = its kind's name ("payment", "credit-note"),
 * due = the date it was paid or issued, amount, body = "invoice=<id>\n"
 * when it names an invoice, else empty.
 * An uninvoiced confirmed order is a record of kind CLM_RECORD_ORDER with
 * state "confirmed", the client in client_id and its amount in amount:
 * the order module's contract; this adapter only reads it.
 *
 * Every write goes through clm_store_put_audited(): on any error nothing
 * changed (records, audit log; an enclosing transaction stays open and
 * intact) and no object passed in was modified.
 *
 * Thread safety: as store.h: a store handle is used by one thread at a time.
 */
#ifndef CLM_CREDIT_STORE_H
#define CLM_CREDIT_STORE_H

#include "common.h"
#include "actor.h"
#include "credit.h"
#include "credit_policy.h"
#include "delegation.h"
#include "store.h"

CLM_BEGIN_DECLS

/**
 * Stores invoice `inv`: version 0 creates it (CLM_EEXISTS if the id is
 * taken), v > 0 replaces stored version v. One audit entry (who, note).
 * *out (may be NULL) receives the new version.
 * Errors: CLM_EINVAL (NULL; an invoice clm_credit_ledger_add_invoice()
 * would refuse, the field named; version < 0; bad actor or note),
 * CLM_EVERSION, CLM_ECURRENCY, CLM_ERANGE, CLM_ELIMIT, CLM_EEXISTS,
 * CLM_ECONFLICT, CLM_ENOTFOUND, CLM_EBUSY, CLM_EIO, CLM_ENOMEM.
 */
CLM_API int clm_credit_store_save_invoice(int64_t *out, clm_store *st, const clm_actor *who,
                                          const clm_credit_invoice *inv, int64_t version,
                                          const char *note);

/**
 * Stores payment or credit note `p` as above. A named invoice must be
 * stored, of the same client and in the same currency.
 * Errors: as clm_credit_store_save_invoice(); CLM_ENOTFOUND also for a
 * named invoice that is not stored.
 */
CLM_API int clm_credit_store_save_payment(int64_t *out, clm_store *st, const clm_actor *who,
                                          const clm_credit_payment *p, int64_t version,
                                          const char *note);

/**
 * A new ledger in `currency` with every stored invoice, payment and credit
 * note of `client_id` (NULL: of every client), in byte order of id.
 * Errors: CLM_EINVAL (NULL out, st or currency), CLM_ECURRENCY (unknown,
 * or a record in another currency: the record is named), CLM_EPARSE (a
 * body that does not decode), a record the ledger refuses with the
 * ledger's code and the record named (CLM_EINVAL: an amount <= 0 or due
 * before issued; CLM_ERANGE; CLM_EEXISTS; CLM_ENOTFOUND: a payment names
 * an invoice the store does not hold), the store's errors, CLM_ENOMEM.
 * *out untouched on error. Changes nothing.
 */
CLM_API int clm_credit_store_load_ledger(clm_credit_ledger **out, clm_store *st,
                                         const char *currency, const char *client_id);

/** What a client owes and has ordered, minor units. */
typedef struct clm_credit_exposure {
    int64_t receivables;       /**< open balances of its invoices */
    int64_t overdue;           /**< of them past due on the date */
    int32_t max_days_overdue;  /**< the oldest past-due balance's days (0: none) */
    int64_t orders;            /**< confirmed, uninvoiced orders */
    int64_t unapplied;         /**< unapplied payments and credit notes */
} clm_credit_exposure;

/**
 * The exposure of `client_id` on `as_of`, read from the store (a ledger
 * and its positions, and the client's "confirmed" order records).
 * Three scans by client, one per kind (invoices, payments and credit
 * notes, orders): a store filter names one kind (clm_store_filter.kind),
 * and one scan of several kinds would need every backend to answer such a
 * filter, a new backend interface (sys/store_backend.h). They are three
 * reads: another handle's write between them may be seen by the later ones
 * only.
 * Errors: as clm_credit_store_load_ledger(), CLM_ERANGE (as_of),
 * CLM_EOVERFLOW. *out untouched on error. Changes nothing.
 */
CLM_API int clm_credit_store_exposure(clm_credit_exposure *out, clm_store *st,
                                      const char *currency, const char *client_id,
                                      clm_date as_of);

/** Who overrides a warn or a block, for which order, and why. */
typedef struct clm_credit_override_request {
    unsigned int version;        /**< CLM_CREDIT_OVERRIDE_REQUEST_VERSION */
    clm_actor who;               /**< the user acting, in the role he acts in */
    /** The user whose authority is used when `who.user` is that user's
     *  deputy (delegation.h), or NULL: his own. */
    const char *principal;
    const clm_delegations *delegations;  /**< may be NULL (none) */
    clm_date on;                 /**< the day of the act (for delegations) */
    const char *order_id;        /**< the stored order overridden */
    const char *reason;          /**< why: note text, not empty */
} clm_credit_override_request;

#define CLM_CREDIT_OVERRIDE_REQUEST_VERSION 1
#define CLM_CREDIT_OVERRIDE_REQUEST_INIT { .version = CLM_CREDIT_OVERRIDE_REQUEST_VERSION }
CLM_API int clm_credit_override_request_init(clm_credit_override_request *r);

/**
 * Records the override of `check` (a warn or a block) for the stored order
 * req->order_id: the order record is written back unchanged (its version
 * moves on) with one audit entry whose actor is req->who and whose note
 * says the decision, its reasons, exposure and limit, who acted for whom
 * and why. Only a role the policy names may override; a deputy acts for
 * req->principal only on a day a delegation covers.
 * Errors: CLM_EINVAL (NULL; an empty or bad reason, order id or actor),
 * CLM_EVERSION, CLM_ESTATE (the check allowed: nothing to override),
 * CLM_EPERM (the role may not override, or the user may not act for the
 * principal that day), CLM_ENOTFOUND (no such order), the store's errors.
 * On error nothing changed. *out (may be NULL) gets the order's new version.
 */
CLM_API int clm_credit_override(int64_t *out, clm_store *st, const clm_credit_policy *p,
                                const clm_credit_check *check,
                                const clm_credit_override_request *req);

CLM_END_DECLS

#endif /* CLM_CREDIT_STORE_H */
