/*
 * client_store.h — clients and the contact log kept in a store.
 *
 * The glue between the pure domain objects (client.h, contact.h) and the
 * store (store.h): every write goes through clm_store_put_audited() or
 * clm_store_delete_audited(), so each change lands in the store together
 * with its one audit entry (who, in which role, when, the record before and
 * after), both or neither.
 *
 * Clients
 * -------
 * A client is stored as one record of kind CLM_RECORD_CLIENT whose id is
 * the client's id and whose body is clm_client_encode() (history
 * included). The indexed columns are filled from the client:
 *
 *   name      the client's name, cut at a UTF-8 character boundary to at
 *             most CLM_RECORD_FIELD_MAX bytes (a display column: no filter
 *             reads it, so a cut costs nothing but a shorter label);
 *   manager   the assigned manager; absent when none;
 *   state     the lifecycle state's stable name ("potential", "key"...);
 *   category  the client's categories in byte order, joined by one space
 *             ("dormant key"); absent when it has none. A client whose
 *             joined list is longer than CLM_RECORD_FIELD_MAX bytes cannot
 *             be saved (CLM_ELIMIT): the column must stay true.
 *
 * The store's own category filter (clm_store_filter.category) compares
 * that column as a whole, so it finds the clients whose category set is
 * exactly the one given ("key" finds a client with only "key", not one
 * with "dormant key"). To find every client that has one category among
 * others, use clm_client_store_scan() with clm_client_filter.category: it
 * pre-selects records whose column contains the name and then decides on
 * the decoded client (category names may themselves hold spaces, so the
 * column cannot be split reliably). A token-indexed category filter in the
 * backends (one row per category) is future work.
 *
 * Versions
 * --------
 * A client object remembers the version of the stored record it was last
 * loaded from or saved as (clm_client_stored_version(); 0 for a client
 * never stored). clm_client_store_save() creates the record when that is 0
 * and otherwise replaces exactly that version, so two copies loaded at the
 * same version cannot silently overwrite each other: the second save gets
 * CLM_ECONFLICT and must reload, reapply its change and save again.
 *
 * Inside a transaction the caller opened (clm_store_begin()), a save that
 * succeeded updates the object's stored version at once; if the caller
 * then rolls the transaction back, that version was never stored, and the
 * object's next save fails (CLM_ECONFLICT or CLM_ENOTFOUND) rather than
 * overwrite anything: reload after a rollback.
 *
 * Contact log
 * -----------
 * A contact-log entry is one record of kind CLM_RECORD_CONTACT under an id
 * the caller chooses (unique among contacts, e.g. the application's own
 * key), with client_id, manager, due = the next action's due date (absent
 * when none), body = clm_contact_entry_encode(). `state` is left absent:
 * whether a next action is done is derived by clm_contact_due() from later
 * contacts, not stored on the entry.
 *
 * Failure atomicity: on any error nothing changed, neither in the store
 * (records and audit log; an enclosing transaction stays open and intact)
 * nor in the objects passed in; except that a client save that the
 * storage fails half-way inside a caller's transaction leaves that
 * transaction refused until it is rolled back (clm_client_store_save()).
 *
 * Thread safety: as store.h: a store handle is used by one thread at a
 * time; the client objects passed in must not be used by another thread
 * during the call.
 */
#ifndef CLM_CLIENT_STORE_H
#define CLM_CLIENT_STORE_H

#include "common.h"
#include "actor.h"
#include "client.h"
#include "contact.h"
#include "date.h"
#include "store.h"

CLM_BEGIN_DECLS

/* ---- clients ------------------------------------------------------------ */

/**
 * Saves `c`: creates its record when clm_client_stored_version(c) is 0,
 * otherwise replaces the stored record of that version. One audit entry
 * is written with actor `who` and `note` (may be NULL; at most
 * CLM_RECORD_NOTE_MAX bytes). On success the client's stored version is
 * the new one (1 after a create) and *out (if out is not NULL) holds it.
 *
 * Errors: CLM_EINVAL (NULL st or c, bad actor or note), CLM_ELIMIT (the
 * category list is too long for its column, or a long note),
 * CLM_EEXISTS (create: a client with this id is already stored),
 * CLM_ECONFLICT (the stored version is not the client's: another writer
 * saved it since it was loaded), CLM_ENOTFOUND (update: the record was
 * deleted), CLM_EBUSY, CLM_EIO, CLM_ENOMEM. On error nothing changed: not
 * the client (its stored version included), not *out, and, outside a
 * transaction, not the store.
 *
 * Inside a caller's transaction the save opens no nested level (a
 * savepoint copies every page it touches: it cost SQLite more than the
 * rest of the save). Every refusal above (CLM_EINVAL, CLM_ELIMIT,
 * CLM_EEXISTS, CLM_ECONFLICT, CLM_ENOTFOUND) is found before its first
 * write, and so leaves the caller's transaction open and intact. A
 * failure of the storage itself (CLM_EIO, CLM_EBUSY, CLM_ENOMEM) after
 * the record was written (writing its audit entry or its lookup keys)
 * leaves the handle broken (store.h, "Transactions"): every call but
 * clm_store_rollback() then fails with CLM_EIO and a commit rolls back
 * instead, so the half-written save can never be committed; rolling back
 * the caller's level undoes it. On PostgreSQL a server error (a statement
 * timeout, a deadlock) in one of the save's reads, when the caller's
 * level has already written, aborts the caller's transaction at the
 * server, as it does for any read the caller makes there: later calls
 * fail and a commit rolls back, so there too nothing half-done is
 * committed, and rolling back the level recovers. (A failed put of the
 * record there runs under a savepoint of its own and is undone alone.)
 */
CLM_API int clm_client_store_save(int64_t *out, clm_store *st, clm_client *c,
                                  const clm_actor *who, const char *note);

/**
 * Loads the client `client_id`. *out is a new client the caller owns
 * (clm_client_free()), whose stored version is the record's.
 * Errors: CLM_EINVAL (NULL, bad id), CLM_ELIMIT (id too long),
 * CLM_ENOTFOUND, CLM_EPARSE / CLM_EVERSION (the stored body is not a
 * client this libclm can decode; the last error says where), CLM_EBUSY,
 * CLM_EIO, CLM_ENOMEM. *out untouched on error. Changes nothing.
 */
CLM_API int clm_client_store_load(clm_client **out, clm_store *st,
                                  const char *client_id);

/**
 * Deletes the stored client `client_id` whose stored version is `version`
 * (clm_client_stored_version() of the copy the caller decided on), with
 * one audit entry (who, note). The client's contact-log entries are kept:
 * the log is a record of what happened.
 * Errors: CLM_EINVAL (NULL, bad id, version < 1, bad actor or note),
 * CLM_ENOTFOUND, CLM_ECONFLICT (stored version differs), CLM_ELIMIT,
 * CLM_EBUSY, CLM_EIO, CLM_ENOMEM. On error nothing changed.
 */
CLM_API int clm_client_store_delete(clm_store *st, const clm_actor *who,
                                    const char *client_id, int64_t version,
                                    const char *note);

/** Which clients clm_client_store_scan() visits; all conditions hold (AND). */
typedef struct clm_client_filter {
    unsigned int version;     /**< CLM_CLIENT_FILTER_VERSION */
    const char *manager;      /**< NULL = any; "" is CLM_EINVAL */
    clm_client_state state;   /**< 0 = any */
    /** NULL = any; else clients that have this category among theirs
     *  (clm_client_has_category()), whatever other categories they hold. */
    const char *category;
} clm_client_filter;

#define CLM_CLIENT_FILTER_VERSION 1
#define CLM_CLIENT_FILTER_INIT { .version = CLM_CLIENT_FILTER_VERSION }

/** Sets *f as CLM_CLIENT_FILTER_INIT does. Errors: CLM_EINVAL (NULL).
 *  Thread-safe. */
CLM_API int clm_client_filter_init(clm_client_filter *f);

/**
 * Called once per client a scan visits. `c` (with its stored version set)
 * is borrowed for the call; clm_client_dup() keeps a copy. Return 0 to go
 * on; any other value stops the scan, which returns it.
 */
typedef int (*clm_client_cb)(const clm_client *c, void *payload);

/**
 * Calls `cb` for every stored client matching `f` (NULL = all), in
 * ascending byte order of id. As with clm_store_scan(), `cb` must not call
 * the store (CLM_EBUSY): collect, then write.
 * Errors: CLM_EINVAL (NULL st or cb; "" in a text condition; a state out
 * of range), CLM_EVERSION (f->version), CLM_EPARSE / CLM_EVERSION (a
 * stored body that does not decode: the scan stops there and the last
 * error names the record), the store's errors, or the callback's value.
 * Changes nothing.
 */
CLM_API int clm_client_store_scan(clm_store *st, const clm_client_filter *f,
                                  clm_client_cb cb, void *payload);

/* ---- contact log --------------------------------------------------------- */

/**
 * Stores contact-log entry `e` under `entry_id`: version 0 creates it
 * (CLM_EEXISTS if the id is taken), version v > 0 replaces stored version v
 * (a correction; CLM_ECONFLICT if the stored version differs). One audit
 * entry (who, note). *out (may be NULL) receives the new version.
 * Errors: CLM_EINVAL (NULL st, e or who; bad entry_id; version < 0; an entry
 * failing clm_contact_entry_check(): the field is named; bad actor or
 * note), CLM_EVERSION (e->version), CLM_ELIMIT, CLM_EEXISTS,
 * CLM_ECONFLICT, CLM_ENOTFOUND, CLM_EBUSY, CLM_EIO, CLM_ENOMEM. On error
 * nothing changed and *out is untouched.
 */
CLM_API int clm_contact_store_save(int64_t *out, clm_store *st, const clm_actor *who,
                                   const char *entry_id, int64_t version,
                                   const clm_contact_entry *e, const char *note);

/** Which contact-log entries clm_contact_store_scan() visits (AND). */
typedef struct clm_contact_filter {
    unsigned int version;    /**< CLM_CONTACT_FILTER_VERSION */
    const char *client_id;   /**< NULL = any */
    const char *manager;     /**< NULL = any */
    /** Inclusive range of the next action's due date; CLM_CONTACT_NO_DATE =
     *  unbounded on that side. With either bound set, entries without a
     *  next action are excluded. */
    clm_date due_from;
    clm_date due_to;
} clm_contact_filter;

#define CLM_CONTACT_FILTER_VERSION 1
#define CLM_CONTACT_FILTER_INIT \
    { .version = CLM_CONTACT_FILTER_VERSION, .due_from = CLM_CONTACT_NO_DATE, \
      .due_to = CLM_CONTACT_NO_DATE }

/** Sets *f as CLM_CONTACT_FILTER_INIT does. Errors: CLM_EINVAL (NULL).
 *  Thread-safe. */
CLM_API int clm_contact_filter_init(clm_contact_filter *f);

/**
 * Called once per entry a scan visits: its id, stored version and the
 * entry (strings never NULL, "" when absent), all borrowed for the call.
 * The return value works as clm_client_cb's.
 */
typedef int (*clm_contact_cb)(const char *entry_id, int64_t version,
                              const clm_contact_entry *e, void *payload);

/**
 * Calls `cb` for every stored entry matching `f` (NULL = all), in ascending
 * byte order of entry id. `cb` must not call the store (CLM_EBUSY).
 * Errors: CLM_EINVAL (NULL st or cb, "" in a text condition, due_from >
 * due_to), CLM_EVERSION, CLM_EPARSE (a stored body that does not decode),
 * the store's errors, or the callback's value. Changes nothing.
 */
CLM_API int clm_contact_store_scan(clm_store *st, const clm_contact_filter *f,
                                   clm_contact_cb cb, void *payload);

/**
 * A new contact log holding every stored entry matching `f` (NULL = all),
 * in ascending byte order of entry id, ready for clm_contact_due() and
 * clm_contact_stats_new() (e.g. every entry of a manager, or of a client).
 * Choose entry ids that sort in time order (a zero-padded timestamp first)
 * if log order matters to you; clm_contact_due() itself reads the moments,
 * not the order. Note that clm_contact_due() treats a later contact with
 * the client by anyone as closing a next action: a log loaded for one
 * manager only does not hold colleagues' contacts, so load by client (or
 * everything) when that matters. *out is owned by the caller (clm_contact_log_free()).
 * Errors: as clm_contact_store_scan(), and CLM_EINVAL for NULL out.
 * *out untouched on error. Changes nothing in the store.
 */
CLM_API int clm_contact_store_load_log(clm_contact_log **out, clm_store *st,
                                       const clm_contact_filter *f);

CLM_END_DECLS

#endif /* CLM_CLIENT_STORE_H */
