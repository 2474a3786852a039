/*
 * task.h — stored tasks: a manager's to-dos that are done, cancelled or
 * rescheduled, with who and when, and due lists across clients.
 *
 * clm_contact_due() (contact.h) computes the tasks that follow from the
 * contact log and follow-up rules; they close only when a matching contact
 * is logged. A clm_todo is a task kept as a record of kind
 * CLM_RECORD_TASK: someone creates it ("call back about the invoice by
 * Friday"), and it stays open until a user marks it done or cancels it;
 * it may be moved to another day any number of times. Every act is kept in
 * the task's own history (what, who in which role, when, the due day before
 * and after, a note), and every save is an audited write of the store.
 *
 * States and acts (stable names):
 *
 *   open --done--> done            acts: "created", "done", "cancelled",
 *   open --cancel--> cancelled           "rescheduled"
 *   open --reschedule--> open (another due day)
 *
 * done and cancelled are final: a task done by mistake is followed by a new
 * task, so the record of what happened is never rewritten.
 *
 * A stored task is also closed by logging the contact that does it:
 * clm_todo_store_done_by_contact() stores the contact and the done act
 * (which names the contact) in one transaction.
 *
 * Due lists (clm_todo_due()): the open tasks due on a day or before it, for
 * one manager or a whole team, across all clients, read through the store's
 * manager, state and due-date index (not a scan of every task). A deputy
 * sees an absent manager's tasks for the delegation period (delegation.h):
 * who acts on a task is clm_delegations_acting(manager, day).
 *
 * Days are whole days (clm_date); moments are clm_time (actor.h).
 *
 * Thread safety: as common.h says (a const clm_todo may be read from
 * several threads; store calls follow store.h: one thread per handle).
 */
#ifndef CLM_TASK_H
#define CLM_TASK_H

#include "common.h"
#include "actor.h"
#include "contact.h"
#include "date.h"
#include "delegation.h"
#include "store.h"

CLM_BEGIN_DECLS

/** A task's state. Stable names: "open", "done", "cancelled". */
typedef enum clm_todo_state {
    CLM_TODO_OPEN = 1,       /**< to be done */
    CLM_TODO_DONE = 2,       /**< done (final) */
    CLM_TODO_CANCELLED = 3   /**< will not be done (final) */
} clm_todo_state;

/** An act in a task's history. Stable names: "created", "done",
 *  "cancelled", "rescheduled". */
typedef enum clm_todo_act_kind {
    CLM_TODO_CREATED = 1,     /**< the task was created */
    CLM_TODO_ACT_DONE = 2,    /**< marked done */
    CLM_TODO_ACT_CANCELLED = 3, /**< cancelled */
    CLM_TODO_RESCHEDULED = 4  /**< moved to another due day */
} clm_todo_act_kind;

/** A state's name, or NULL for a value that is not a state. Static. */
CLM_API const char *clm_todo_state_name(clm_todo_state s);
/** An act's name, or NULL for a value that is not an act. Static. */
CLM_API const char *clm_todo_act_name(clm_todo_act_kind a);
/** The state named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND.
 *  *out untouched on error. */
CLM_API int clm_todo_state_from_name(clm_todo_state *out, const char *name);

/** A stored task (opaque). */
typedef struct clm_todo clm_todo;

/**
 * A new open task `id` for client `client_id`, assigned to user `manager`:
 * do `action` by day `due`. Its history holds one "created" act by `who`
 * (due before = after = due).
 * Text: id, client_id and manager are ids (common.h), action a line of 1..
 * CLM_RECORD_FIELD_MAX bytes (it is the record's indexed name).
 * Errors: CLM_EINVAL (NULL, bad text: the field named; a bad actor),
 * CLM_ERANGE (due not a valid date), CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_todo_new(clm_todo **out, const char *id, const char *client_id,
                         const char *manager, const char *action, clm_date due,
                         const clm_actor *who);

/** Frees a task; NULL is a no-op. */
CLM_API void clm_todo_free(clm_todo *t);

/**
 * Marks an open task done by `who` (when: who->at). `note` may be NULL
 * (what came of it; NOTE text, at most CLM_TEXT_MAX bytes).
 * Errors: CLM_EINVAL (NULL t or who, a bad actor or note), CLM_ESTATE (the
 * task is not open: the message names its state), CLM_ENOMEM. The task is
 * unchanged on error.
 */
CLM_API int clm_todo_done(clm_todo *t, const clm_actor *who, const char *note);

/**
 * Cancels an open task. `reason` is required (NOTE text, non-empty): a
 * cancelled task must say why. Errors and guarantees as clm_todo_done().
 */
CLM_API int clm_todo_cancel(clm_todo *t, const clm_actor *who, const char *reason);

/**
 * Moves an open task to day `due`, which must differ from the current due
 * day; `reason` may be NULL. The act records both days.
 * Errors: as clm_todo_done(), and CLM_ERANGE (not a valid date),
 * CLM_EINVAL (the same day as now). Unchanged on error.
 */
CLM_API int clm_todo_reschedule(clm_todo *t, const clm_actor *who, clm_date due,
                                const char *reason);

/** Accessors. Strings are owned by the task and live until it is freed or
 *  changed; NULL t gives NULL, 0 or CLM_RECORD_NO_DUE. */
CLM_API const char *clm_todo_id(const clm_todo *t);
CLM_API const char *clm_todo_client(const clm_todo *t);
CLM_API const char *clm_todo_manager(const clm_todo *t);
CLM_API const char *clm_todo_action(const clm_todo *t);
CLM_API clm_date clm_todo_due_day(const clm_todo *t);
CLM_API clm_todo_state clm_todo_state_of(const clm_todo *t);

/** One act of a task's history. Strings owned by the task. */
typedef struct clm_todo_act {
    clm_todo_act_kind kind;  /**< what was done */
    const char *user;        /**< who did it */
    const char *role;        /**< in which role */
    clm_time at;             /**< when */
    clm_date due_before;     /**< the due day before the act */
    clm_date due_after;      /**< the due day after it (differs only for a
                                  reschedule) */
    const char *note;        /**< the note or reason; "" if none */
} clm_todo_act;

/** The number of acts (at least 1: the creation). 0 for NULL. */
CLM_API size_t clm_todo_history_count(const clm_todo *t);

/**
 * Copies the i-th act (0 = the creation) into *out.
 * Errors: CLM_EINVAL (NULL), CLM_ERANGE (i out of range). *out untouched
 * on error.
 */
CLM_API int clm_todo_history_at(clm_todo_act *out, const clm_todo *t, size_t i);

/* ---- the store ------------------------------------------------------------ */

/**
 * Writes the task as the record (CLM_RECORD_TASK, id) through
 * clm_store_put_audited() with actor `who` and `note` (may be NULL):
 * `version` 0 creates it, v > 0 replaces version v (a stale v is
 * CLM_ECONFLICT). The record's indexed fields: client_id, manager, state
 * (the state's name), name (the action) and due (the due day), so due
 * lists and per-client lists are index ranges. *out (may be NULL) receives
 * the new version.
 * Errors: CLM_EINVAL (NULL st, who or t; version < 0), those of
 * clm_store_put_audited() (CLM_EEXISTS, CLM_ENOTFOUND, CLM_ECONFLICT,
 * CLM_EBUSY, CLM_EIO), CLM_ENOMEM. On error nothing is written.
 */
CLM_API int clm_todo_store_save(int64_t *out, clm_store *st, const clm_actor *who,
                                const clm_todo *t, int64_t version, const char *note);

/**
 * Reads the task `id`. *version (may be NULL) receives its stored version,
 * the one to name in the next save.
 * Errors: CLM_EINVAL (NULL out, st or id), CLM_ENOTFOUND, CLM_EPARSE (the
 * record's body is not a task: the message names the record and the line),
 * CLM_EVERSION (a body written by a newer libclm), CLM_EBUSY, CLM_EIO,
 * CLM_ENOMEM. Outputs untouched on error.
 */
CLM_API int clm_todo_store_load(clm_todo **out, int64_t *version, clm_store *st,
                                const char *id);

/**
 * Logs a contact that closes a stored task: stores contact-log entry `e`
 * as the new entry `entry_id` (as clm_contact_store_save() with version 0)
 * and marks the stored task `task_id` done by `who` (when: who->at), in
 * one transaction of the store: both are written, or neither. The done act
 * names the contact: its note is "contact ENTRY_ID", followed by ": NOTE"
 * when `note` (may be NULL) is given; `note` is also the audit note of
 * both writes. Inside a transaction the caller opened, the pair is a
 * nested level of it (store.h).
 *
 * `task_version` 0 takes the stored task as it is; v > 0 must be the
 * stored version (CLM_ECONFLICT otherwise: someone changed the task since
 * the caller read it). *out (may be NULL) receives the task's new version.
 *
 * Errors: CLM_EINVAL (NULL st, who, task_id, entry_id or e; task_version <
 * 0; a bad entry_id, actor or note; an entry failing
 * clm_contact_entry_check(); a contact with another client than the
 * task's: field "client_id"), CLM_EVERSION (e->version), CLM_ENOTFOUND (no
 * such task), CLM_ESTATE (the task is done or cancelled: the message names
 * its state), CLM_ECONFLICT, CLM_EEXISTS (entry_id taken), CLM_EPARSE (the
 * stored task does not decode), CLM_ELIMIT, CLM_EBUSY, CLM_EIO,
 * CLM_ENOMEM. On error nothing is written and *out is untouched.
 */
CLM_API int clm_todo_store_done_by_contact(int64_t *out, clm_store *st, const clm_actor *who,
                                           const char *task_id, int64_t task_version,
                                           const char *entry_id, const clm_contact_entry *e,
                                           const char *note);

/* ---- due lists -------------------------------------------------------------- */

/** What clm_todo_due() lists. */
typedef struct clm_todo_query {
    unsigned int version;                /**< CLM_TODO_QUERY_VERSION */
    /** The users whose list it is: one manager, or a team (at least one;
     *  each an id). */
    const char *const *users;
    size_t nusers;                       /**< >= 1 */
    clm_date on;                         /**< the day of the list; required */
    /** Absences (may be NULL: nobody is replaced). */
    const clm_delegations *delegations;
    const char *client_id;               /**< NULL = every client */
} clm_todo_query;

#define CLM_TODO_QUERY_VERSION 1
#define CLM_TODO_QUERY_INIT { .version = CLM_TODO_QUERY_VERSION, .on = CLM_RECORD_NO_DUE }
/** Sets *q as CLM_TODO_QUERY_INIT does. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_todo_query_init(clm_todo_query *q);

/** One line of a due list. Pointers owned by the list. */
typedef struct clm_todo_due_entry {
    const clm_todo *task;   /**< the task (its manager is the principal) */
    const char *acting;     /**< who acts on it that day: the manager, or
                                 the deputy replacing the manager */
    int overdue;            /**< 1 if due before the list's day */
} clm_todo_due_entry;

typedef struct clm_todo_list clm_todo_list;

/** Frees a list; NULL is a no-op. */
CLM_API void clm_todo_list_free(clm_todo_list *l);
/** The number of lines; 0 for NULL. */
CLM_API size_t clm_todo_list_count(const clm_todo_list *l);
/**
 * Copies the i-th line into *out. Errors: CLM_EINVAL (NULL), CLM_ERANGE.
 * *out untouched on error.
 */
CLM_API int clm_todo_list_at(clm_todo_due_entry *out, const clm_todo_list *l, size_t i);

/**
 * Lists the open tasks due on q->on or before it (overdue) that q->users
 * act on that day: a task of manager M is listed when M is one of the users
 * or when M is absent on q->on and M's deputy (delegation.h) is one of
 * them. A task is listed once, with `acting` = who acts for M that day.
 * With q->client_id set, only that client's tasks. Lines are ordered by
 * due day, then client id, then task id.
 *
 * The store is read by one index range per manager (manager, state "open",
 * due <= q->on), never by a scan of every task.
 *
 * Errors: CLM_EINVAL (NULL, no users, a user that is not an id: the field
 * named), CLM_EVERSION, CLM_ERANGE (q->on not a valid date), CLM_EPARSE (a
 * stored task that does not decode: the message names it), CLM_EBUSY,
 * CLM_EIO, CLM_ENOMEM. *out untouched on error. Changes nothing.
 */
CLM_API int clm_todo_due(clm_todo_list **out, clm_store *st, const clm_todo_query *q);

CLM_END_DECLS

#endif /* CLM_TASK_H */
