/*
 * contact.h — the contact log, follow-up rules and contact figures.
 *
 * "Keeps a log of incoming and outgoing calls and telephonograms"; "a
 * follow-up call on the 7th day after delivery" (car-service job
 * description). A clm_contact_log holds entries in the order they were
 * added: direction, channel, moment, client, manager, purpose, result and
 * a next action with its due date.
 *
 * Days: an entry's moment is a clm_time (UTC seconds); its day is the UTC
 * calendar day of that moment (floor(at / 86400)). A program working in
 * another time zone shifts `at` by its offset before adding entries, or
 * keeps the log in UTC days consistently.
 *
 * Thread safety: as common.h says.
 */
#ifndef CLM_CONTACT_H
#define CLM_CONTACT_H

#include "common.h"
#include "actor.h"
#include "calendar.h"
#include "date.h"
#include "delegation.h"

CLM_BEGIN_DECLS

/** Stable names: "incoming", "outgoing". */
typedef enum clm_contact_direction {
    CLM_CONTACT_INCOMING = 1,
    CLM_CONTACT_OUTGOING = 2
} clm_contact_direction;

/** Stable names: "call", "meeting", "email", "fax", "telephonogram",
 *  "letter", "event". */
typedef enum clm_contact_channel {
    CLM_CHANNEL_CALL = 1,
    CLM_CHANNEL_MEETING,
    CLM_CHANNEL_EMAIL,
    CLM_CHANNEL_FAX,
    CLM_CHANNEL_TELEPHONOGRAM,
    CLM_CHANNEL_LETTER,
    CLM_CHANNEL_EVENT
} clm_contact_channel;

CLM_API const char *clm_contact_direction_name(clm_contact_direction d);
CLM_API const char *clm_contact_channel_name(clm_contact_channel ch);
/** Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND. *out untouched on error. */
CLM_API int clm_contact_direction_from_name(clm_contact_direction *out,
                                            const char *name);
CLM_API int clm_contact_channel_from_name(clm_contact_channel *out,
                                          const char *name);

/** The day of a moment (UTC): floor(at / 86400); CLM_CONTACT_NO_DATE if
 *  that lies outside CLM_DATE_MIN..CLM_DATE_MAX. */
CLM_API clm_date clm_time_day(clm_time at);

/**
 * One contact. As input, strings are borrowed and copied by the log; as
 * output (clm_contact_log_at), they are owned by the log and never NULL
 * ("" for an absent one).
 */
typedef struct clm_contact_entry {
    unsigned int version;             /**< CLM_CONTACT_ENTRY_VERSION */
    clm_contact_direction direction;
    clm_contact_channel channel;
    clm_time at;                      /**< when it took place */
    const char *client_id;            /**< required */
    const char *manager;              /**< the user who had the contact; required */
    const char *purpose;              /**< may be NULL */
    const char *result;               /**< may be NULL */
    const char *next_action;          /**< may be NULL: nothing planned */
    clm_date next_due;                /**< CLM_CONTACT_NO_DATE iff no next action */
} clm_contact_entry;

#define CLM_CONTACT_NO_DATE INT32_MIN
#define CLM_CONTACT_ENTRY_VERSION 1
#define CLM_CONTACT_ENTRY_INIT \
    { .version = CLM_CONTACT_ENTRY_VERSION, .next_due = CLM_CONTACT_NO_DATE }
/** As CLM_CONTACT_ENTRY_INIT, for bindings. CLM_EINVAL if e is NULL. */
CLM_API int clm_contact_entry_init(clm_contact_entry *e);

/**
 * Checks an entry: version, direction and channel in range, client_id and
 * manager non-empty (at most 255 bytes), texts at most 4096 bytes, all
 * valid UTF-8 without control characters (purpose, result and next action
 * may hold newlines and tabs), a
 * next action (non-empty) exactly when next_due is set, next_due a valid
 * date not before the contact's day, `at` within valid dates.
 * Errors: CLM_EVERSION, CLM_EINVAL (field named). Thread-safe.
 */
CLM_API int clm_contact_entry_check(const clm_contact_entry *e);

/* ---- the log ------------------------------------------------------------ */

typedef struct clm_contact_log clm_contact_log;

CLM_API int clm_contact_log_new(clm_contact_log **out);
CLM_API void clm_contact_log_free(clm_contact_log *log);

/**
 * Appends a copy of `e` (checked with clm_contact_entry_check()). Entries
 * keep the order of addition; *index (may be NULL) receives the new
 * entry's position. Errors: as clm_contact_entry_check, CLM_ENOMEM.
 * Unchanged on error.
 */
CLM_API int clm_contact_log_add(clm_contact_log *log, const clm_contact_entry *e,
                                size_t *index);

CLM_API size_t clm_contact_log_count(const clm_contact_log *log);

/** Copies the i-th entry into *out (strings owned by the log).
 *  Errors: CLM_EINVAL, CLM_ERANGE. *out untouched on error. */
CLM_API int clm_contact_log_at(clm_contact_entry *out, const clm_contact_log *log,
                               size_t i);

/* ---- follow-up rules and due tasks --------------------------------------- */

/**
 * A business event that follow-up rules react to ("delivery", "invoice",
 * "claim_closed"): which client, whose, on which day. Strings borrowed.
 */
typedef struct clm_contact_event {
    const char *name;
    const char *client_id;
    const char *manager;   /**< who must follow up */
    clm_date on;
} clm_contact_event;

/**
 * "`offset` units after event `event`, do `action` by `channel` in
 * `direction`": e.g. {"delivery", 7, CLM_TERM_DAYS, "follow-up call",
 * CLM_CHANNEL_CALL, CLM_CONTACT_OUTGOING}. The due day is
 * clm_term_end(calendar, event day, offset, unit) when a calendar is given
 * (so a calendar-day term falling on a day off moves to the next working
 * day, Civil Code art. 193, and working days count working days), and
 * event day + offset days without one (CLM_TERM_WORKING_DAYS then needs a
 * calendar: CLM_EINVAL). CLM_TERM_MONTHS counts calendar months.
 * A task is done once the log holds a contact with the same client,
 * channel and direction on a day after the event's day (a contact made
 * earlier than planned counts: the purpose is served).
 */
typedef struct clm_followup_rule {
    unsigned int version;            /**< CLM_FOLLOWUP_RULE_VERSION */
    const char *name;                /**< names the rule in tasks; required */
    const char *event;               /**< the event name it reacts to */
    int32_t offset;                  /**< >= 0 */
    clm_term_unit unit;
    const char *action;              /**< what to do; required */
    clm_contact_channel channel;
    clm_contact_direction direction;
} clm_followup_rule;

#define CLM_FOLLOWUP_RULE_VERSION 1
#define CLM_FOLLOWUP_RULE_INIT \
    { .version = CLM_FOLLOWUP_RULE_VERSION, .unit = CLM_TERM_DAYS, \
      .channel = CLM_CHANNEL_CALL, .direction = CLM_CONTACT_OUTGOING }
CLM_API int clm_followup_rule_init(clm_followup_rule *r);

/** Where a task comes from. */
typedef enum clm_task_origin {
    CLM_TASK_FOLLOWUP = 1,    /**< a follow-up rule applied to an event */
    CLM_TASK_NEXT_ACTION = 2  /**< a log entry's next action */
} clm_task_origin;

/** A due task. Strings owned by the task list. */
typedef struct clm_task {
    clm_task_origin origin;
    const char *client_id;
    const char *manager;     /**< whose task it is (the principal, also
                                  when a deputy lists it) */
    const char *action;
    const char *source;      /**< rule name, or "" for a next action */
    clm_date due;
    int overdue;             /**< 1 if due < the query day */
    size_t ref;              /**< event index (follow-up) or log index */
} clm_task;

typedef struct clm_task_list clm_task_list;

CLM_API void clm_task_list_free(clm_task_list *t);
CLM_API size_t clm_task_list_count(const clm_task_list *t);
/** The i-th task; NULL if out of range. Owned by the list. */
CLM_API const clm_task *clm_task_list_at(const clm_task_list *t, size_t i);

/** What clm_contact_due() looks at. */
typedef struct clm_due_query {
    unsigned int version;                 /**< CLM_DUE_QUERY_VERSION */
    const char *user;                     /**< whose list; required */
    clm_date on;                          /**< the day of the list */
    const clm_followup_rule *rules;       /**< may be NULL if nrules is 0 */
    size_t nrules;
    const clm_contact_event *events;      /**< may be NULL if nevents is 0 */
    size_t nevents;
    const clm_calendar *calendar;         /**< may be NULL (see the rule) */
    const clm_delegations *delegations;   /**< may be NULL */
} clm_due_query;

#define CLM_DUE_QUERY_VERSION 1
#define CLM_DUE_QUERY_INIT { .version = CLM_DUE_QUERY_VERSION, .on = CLM_CONTACT_NO_DATE }
CLM_API int clm_due_query_init(clm_due_query *q);

/**
 * Lists the tasks due on q->on or overdue for q->user: those of every
 * manager M for whom clm_delegations_may_act(user, M, on) holds (so a
 * deputy sees the absent manager's tasks, marked with M).
 *  - follow-up tasks: for each event and each rule with that event name, a
 *    task due on the rule's due day (above), listed if due <= on and not
 *    done by then (only contacts on or before `on` count);
 *  - next actions: each log entry with a next action whose next_due <= on,
 *    unless a later contact with the same client (a moment after the
 *    entry's, on or before the end of day `on`) closed it: the next contact
 *    is the action taken.
 * Tasks are sorted by due day, then client id, then action, then origin.
 * Errors: CLM_EINVAL (NULL, missing user, a bad rule or event: field
 * named), CLM_EVERSION, CLM_ERANGE (a date outside the calendar coverage or
 * valid dates), CLM_ENOMEM. *out untouched on error. Thread-safe for const
 * inputs.
 */
CLM_API int clm_contact_due(clm_task_list **out, const clm_contact_log *log,
                            const clm_due_query *q);

/* ---- figures ------------------------------------------------------------ */

/** One cell of the contact figures. */
typedef struct clm_contact_count {
    const char *manager;            /**< owned by the stats object */
    clm_contact_channel channel;
    clm_contact_direction direction;
    size_t count;
} clm_contact_count;

typedef struct clm_contact_stats clm_contact_stats;

/**
 * Counts the log's contacts whose day lies in first..last (inclusive), per
 * manager, channel and direction. Cells with a zero count are not listed.
 * Errors: CLM_EINVAL (NULL, first > last), CLM_ERANGE (invalid date),
 * CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_contact_stats_new(clm_contact_stats **out,
                                  const clm_contact_log *log,
                                  clm_date first, clm_date last);
CLM_API void clm_contact_stats_free(clm_contact_stats *s);

/** Number of non-zero cells and the i-th, ordered by manager (bytes),
 *  channel, direction. NULL if out of range. */
CLM_API size_t clm_contact_stats_cells(const clm_contact_stats *s);
CLM_API const clm_contact_count *clm_contact_stats_at(const clm_contact_stats *s,
                                                      size_t i);

/**
 * Sum of the cells that match: `manager` NULL = every manager, `channel` 0 =
 * every channel, `direction` 0 = both. 0 for a NULL s.
 */
CLM_API size_t clm_contact_stats_sum(const clm_contact_stats *s,
                                     const char *manager, int channel,
                                     int direction);

/* ---- encoding for storage ------------------------------------------------
 * Text format version 1, as client.h's: first line "clm-contact 1", then
 * key=value lines: direction, channel (names), at (decimal seconds),
 * client_id, manager, purpose, result, next_action, next_due (YYYY-MM-DD),
 * absent values omitted, escapes as in client.h.
 */

/** Encodes one entry. *out freed with clm_free(); len may be NULL.
 *  Errors: CLM_EINVAL (entry fails clm_contact_entry_check), CLM_ENOMEM. */
CLM_API int clm_contact_entry_encode(char **out, size_t *len,
                                     const clm_contact_entry *e);

/**
 * Decodes one entry and appends it to `log` (the log owns its strings).
 * Errors: CLM_EINVAL (NULL), CLM_EVERSION (format version other than 1),
 * CLM_EPARSE (line and field in the last error), CLM_ELIMIT (over 1 MiB),
 * the errors of clm_contact_log_add. Unchanged on error.
 */
CLM_API int clm_contact_entry_decode(clm_contact_log *log, const char *text,
                                     size_t len, size_t *index);

CLM_END_DECLS

#endif /* CLM_CONTACT_H */
