/*
 * client_import.h — bringing an existing client base in, and checking a
 * client record with every problem reported at once.
 *
 * Import
 * ------
 * A CRM that starts with libclm already has clients: some are key clients
 * since 2019, some were lost last year. Walking each one through the
 * lifecycle table (potential -> new -> active -> regular -> key) would
 * invent history that never happened. clm_client_import() instead takes a
 * draft client, built with the ordinary setters (clm_client_new(),
 * clm_client_set_text(), clm_client_set_taxid(), clm_client_set_date() ...),
 * and makes the client to keep: the draft's data in the given lifecycle
 * state, with a history of exactly one entry, "imported", by the importing
 * actor at actor->at. The draft's own history (the setters' entries) is not
 * carried over: it describes how the draft was assembled, not the client.
 *
 * Checking
 * --------
 * clm_client_validate() (client.h) stops at the first problem; a form
 * wants all of them. clm_client_check() runs the same rules and collects
 * every finding (field, what, why), and can also refuse dates that lie
 * after a given day (a last purchase in the future cannot have happened).
 *
 * Thread safety: as common.h says. Both calls read the draft or client
 * only; they are thread-safe for a client no other thread modifies.
 */
#ifndef CLM_CLIENT_IMPORT_H
#define CLM_CLIENT_IMPORT_H

#include "common.h"
#include "actor.h"
#include "client.h"
#include "date.h"

CLM_BEGIN_DECLS

/* ---- import -------------------------------------------------------------- */

/**
 * A new client *out with everything `draft` holds (id, legal type, texts,
 * identifiers, persons and decision maker, manager, source, dates, flags,
 * categories) in lifecycle state `state`, lost to `lost_to` (allowed only
 * with CLM_CLIENT_LOST; NULL or "" = unknown), and one history entry by
 * `actor` at actor->at: field "imported", old "", new the state's stable
 * name ("key"), reason `note` (NULL or "" for none; one line of text, e.g.
 * "1C export of 2026-12-01").
 *
 * The draft is checked as an imported client must be, and every problem
 * refuses the import (no partial client):
 *  - its dates are in order (first_contact <= first_deal <= last_purchase,
 *    first_contact <= last_purchase), and none lies after the actor's day
 *    (clm_time_day(actor->at), contact.h): each is a fact that has happened;
 *  - a lead (potential, interested) has no first deal and no last purchase;
 *  - a client in state new, active, regular or key has a first deal (a
 *    client is one because a first deal happened; rules 6-7 of
 *    clm_client_validate() and docs/rules.md "Clients");
 *  - the draft was never stored (clm_client_stored_version() is 0).
 * Completeness (names, identifiers, a way to reach the client) is not
 * required here: run clm_client_check() for that, which reports all of it.
 *
 * Errors: CLM_EINVAL (NULL out or draft, invalid actor, a state out of
 * range, lost_to with another state, a bad note, a draft already stored,
 * or one of the checks above: the last error names the field, e.g.
 * "last_purchase" or "first_deal"), CLM_ERANGE (the day of actor->at outside
 * the date range), CLM_ENOMEM. *out untouched on error; the draft is never
 * modified. Free *out with clm_client_free().
 */
CLM_API int clm_client_import(clm_client **out, const clm_actor *actor,
                              const clm_client *draft, clm_client_state state,
                              const char *lost_to, const char *note);

/* ---- every finding at once ------------------------------------------------ */

/** One problem of a client record. Strings are owned by the findings list. */
typedef struct clm_client_finding {
    /** The field at fault, as the history names it: "name", "legal_name",
     *  "id.RU.INN", "phone", "first_deal", "last_purchase", "state". */
    const char *field;
    /** What is wrong, a stable word: "required" (missing), "invalid"
     *  (fails its validator), "order" (dates out of order), "inconsistent"
     *  (state and dates disagree), "future" (a date after as_of). */
    const char *what;
    /** Why, a sentence for the user ("client C-1: last purchase
     *  2027-01-05 lies after 2026-12-04"), in the language of the thread
     *  that ran the check (clm/lang.h); field and what never change. */
    const char *why;
} clm_client_finding;

typedef struct clm_client_findings clm_client_findings;

/**
 * Runs the checks of clm_client_validate(), in its order, and collects
 * every problem instead of stopping at the first; with `as_of` a valid
 * date (not CLM_CLIENT_NO_DATE) it also reports each date after as_of
 * ("future"). *out is a list the caller frees with
 * clm_client_findings_free(); it is empty when the client is valid (so
 * clm_client_validate() returns 0 exactly when the list, run without
 * as_of, is empty, and otherwise reports the list's first finding).
 * Errors: CLM_EINVAL (NULL out or c, bad options), CLM_EVERSION,
 * CLM_ERANGE (as_of not a valid date), CLM_ENOMEM, or an identifier
 * validator's own error (not a finding: the validator failed). *out
 * untouched on error. Never modifies the client.
 */
CLM_API int clm_client_check(clm_client_findings **out, const clm_client *c,
                             const clm_client_validate_options *opts, clm_date as_of);

/** Number of findings; 0 for NULL. */
CLM_API size_t clm_client_findings_count(const clm_client_findings *f);

/** The i-th finding, in check order. Errors: CLM_EINVAL (NULL), CLM_ERANGE
 *  (i >= count). *out untouched on error. */
CLM_API int clm_client_findings_at(clm_client_finding *out, const clm_client_findings *f,
                                   size_t i);

/** Frees a list; NULL is a no-op. */
CLM_API void clm_client_findings_free(clm_client_findings *f);

CLM_END_DECLS

#endif /* CLM_CLIENT_IMPORT_H */
