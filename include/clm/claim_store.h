/*
 * claim_store.h — claims kept in a store: registration with a unique,
 * gapless number, saving every change with its audit entry, loading, and
 * what is due or overdue on a day through the store's due-date index.
 *
 * Records
 * -------
 * A claim is one record of kind CLM_RECORD_CLAIM whose id is the claim's
 * number and whose body is clm_claim_encode(). Indexed columns:
 *   client_id  the client;
 *   manager    who handles the claim now (clm_claim_handler(): the
 *              manager, or whom it was escalated to);
 *   state      the state's name ("received", "decided"...);
 *   name       the subject's name; category: the client category (if any);
 *   due        the pending deadline (clm_claim_deadlines.next): absent
 *              while the claim is paused, informed or closed, so the
 *              due-date index holds exactly the claims whose clock runs;
 *   amount     the amount claimed.
 *
 * Numbers
 * -------
 * Each pattern and year has a counter: a record of kind CLM_RECORD_CLAIM
 * with id "#seq:<pattern>:<year>", state "sequence" and the last number
 * given as its body. (No claim number can equal such an id: a number never
 * holds "{", a counter id always does.) clm_claim_store_register() reads
 * the counter, writes it back one higher naming the version it read, and
 * creates the claim, all in one transaction: a failed registration uses
 * no number (the sequence stays gapless), and two writers that read the
 * same counter cannot both succeed (the second gets CLM_ECONFLICT on the
 * counter, also when both found no counter and tried to create it, and,
 * when the call opened the transaction itself, retries with the next
 * number, up to 100 times). Every write is audited.
 *
 * Failure atomicity: on any error nothing changed in the store (records
 * and audit log; an enclosing transaction stays open and intact) nor in
 * the objects passed in. Thread safety: as store.h.
 */
#ifndef CLM_CLAIM_STORE_H
#define CLM_CLAIM_STORE_H

#include "common.h"
#include "actor.h"
#include "calendar.h"
#include "claim.h"
#include "store.h"

CLM_BEGIN_DECLS

/**
 * Registers a new claim: allocates the next number of the policy's
 * pattern for the year `info->received` falls in, builds the claim
 * (clm_claim_new()) and stores it with its counter, both audited as done
 * by `who`. On success *out (if not NULL) is the new claim, stored at
 * version 1. `cal` gives the claim's first deadline (the due column).
 * Errors: those of clm_claim_new(), clm_claim_deadlines_get() and the
 * store (CLM_EIO, CLM_EBUSY...), CLM_ECONFLICT (inside a caller's
 * transaction, or after 100 lost races), CLM_EEXISTS (the number is taken
 * by a record that did not come from the counter), CLM_EPARSE (a counter
 * whose body is not a number). *out untouched on error.
 */
CLM_API int clm_claim_store_register(clm_claim **out, clm_store *st, const clm_claim_info *info,
                                     const clm_claim_regimes *regimes, const clm_calendar *cal,
                                     const clm_claim_policy *policy, const clm_actor *who);

/**
 * Saves the claim over the version it was loaded from or last saved as,
 * with one audit entry (note may be NULL), and records the new version in
 * the claim. Errors: CLM_EINVAL, CLM_ECONFLICT (the stored claim changed
 * since: reload, reapply, save again), CLM_ENOTFOUND (never stored),
 * CLM_ERANGE (calendar coverage), the store's errors. Unchanged on error.
 */
CLM_API int clm_claim_store_save(clm_store *st, clm_claim *c, const clm_calendar *cal,
                                 const clm_actor *who, const char *note);

/**
 * Loads claim `number`. Errors: CLM_EINVAL, CLM_ENOTFOUND, CLM_EPARSE (a
 * body that does not decode: the message names the record and the line),
 * the store's errors. *out untouched on error.
 */
CLM_API int clm_claim_store_load(clm_claim **out, clm_store *st, const char *number);

/** The version the claim was last loaded from or saved as (0 if never). */
CLM_API int64_t clm_claim_stored_version(const clm_claim *c);

/** One claim that is due, from the record's columns (borrowed for the
 *  callback's duration). */
typedef struct clm_claim_due_item {
    const char *number;
    const char *handler;
    const char *client_id;
    clm_claim_state state;
    clm_date deadline;
    clm_claim_urgency urgency;   /**< WARNING, DUE_TODAY or OVERDUE */
} clm_claim_due_item;

typedef int (*clm_claim_due_cb)(const clm_claim_due_item *item, void *payload);

/**
 * Calls `cb` for every claim whose pending deadline falls on or before the
 * policy's warning horizon (`on` plus warn_days working days): overdue,
 * due on `on`, or within the warning. `manager` = NULL lists the whole
 * department, else only the claims that user handles. The store filters
 * on its due-date index (clm_store_filter.due_to); no claim body is read.
 * Claims come in ascending order of number. The callback's non-zero value
 * stops the listing and is returned; it must not call the store.
 * Errors: CLM_EINVAL, CLM_ERANGE (the horizon lies outside the calendar),
 * the store's errors, CLM_EPARSE (a record with an unknown state name).
 */
CLM_API int clm_claim_store_due(clm_store *st, const clm_calendar *cal, clm_date on,
                                const char *manager, const clm_claim_policy *policy,
                                clm_claim_due_cb cb, void *payload);

/**
 * Who takes a claim escalated automatically: *out = the user who is to
 * hold role `to_role` (the next role of the policy's chain) for claim `c`
 * (borrowed for the call). *out is borrowed until the callback is called
 * again or clm_claim_store_escalate_due() returns. A negative return stops
 * the run (nothing is changed) and is returned. The callback must not call
 * the store.
 */
typedef int (*clm_claim_assignee_cb)(const char **out, const clm_claim *c, const char *to_role,
                                     void *payload);

/**
 * The deadline rule run over the store (docs/rules.md "Claims",
 * "Escalation"): on day `on`, every claim whose pending deadline falls
 * on or before `on` plus the policy's auto_escalate_days working days is
 * found through the store's due-date index (clm_store_filter.due_to: no
 * scan of every claim), loaded, and, when clm_claim_escalation_due() says
 * so, escalated one level up the policy's chain to the user `assignee`
 * names, as an automatic escalation (clm_claim_escalate(), automatic = 1)
 * done by user `who->user` acting in the role of the claim's current
 * level (who->role is not used), with `reason` (a line; NULL =
 * "deadline <date> within <n> working day(s)"). The escalation is in the
 * claim's history and record, and each claim saved is audited as done by
 * that actor with the note "automatic escalation".
 *
 * A claim already escalated on `on` (automatically or by hand) is left
 * alone, so running the rule twice on a day escalates nothing more; run
 * daily, a claim still at risk climbs one level a day to the top of the
 * chain. `manager` = NULL takes the whole department, else only the
 * claims that user handles. A policy with auto_escalate_days < 0 escalates
 * nothing. Claims are taken in ascending order of number; *escalated (may
 * be NULL) = how many were escalated.
 *
 * Everything happens in one transaction (nested in the caller's, if one
 * is open): on any error nothing changed in the store and *escalated is
 * untouched. Errors: CLM_EINVAL (NULL; empty manager; a bad reason or a
 * user from `assignee` that is not an id: the message names the claim),
 * CLM_ERANGE (a day outside the calendar's coverage), CLM_ECONFLICT (a
 * claim changed by another writer meanwhile: run again), CLM_EPARSE (a
 * record that does not decode), the store's errors, CLM_ENOMEM, or the
 * callback's negative value.
 */
CLM_API int clm_claim_store_escalate_due(size_t *escalated, clm_store *st,
                                         const clm_calendar *cal, clm_date on,
                                         const char *manager, const clm_claim_policy *policy,
                                         clm_claim_assignee_cb assignee, void *payload,
                                         const char *reason, const clm_actor *who);

/** Called for each claim a scan visits (borrowed for the call). */
typedef int (*clm_claim_cb)(const clm_claim *c, void *payload);

/**
 * Calls `cb` for every stored claim (counters skipped), decoded, in
 * ascending order of number; `manager` (NULL = any) filters on the
 * handler. Errors: as clm_claim_store_load(), or the callback's value.
 */
CLM_API int clm_claim_store_scan(clm_store *st, const char *manager, clm_claim_cb cb,
                                 void *payload);

CLM_END_DECLS

#endif /* CLM_CLAIM_STORE_H */
