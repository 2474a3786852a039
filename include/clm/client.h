/*
 * client.h — the client record, its change history and its lifecycle.
 *
 * A clm_client is one entry of the client base ("forms the client database
 * and keeps it up to date"): legal type, names, tax identifiers, contact
 * persons and the decision maker, region, country, language, source
 * channel, assigned manager, needs, notes, key dates, flags, categories and
 * the lifecycle state (lost: to which competitor).
 *
 * Every change goes through a function that takes a clm_actor (actor.h)
 * and appends one entry to the client's history: who (user), in which role,
 * when (actor->at), which field, the old and the new value as text, and a
 * reason where the act has one (category assignments). The history lives in
 * the client object, in the order the changes were made, and travels with
 * it through clm_client_encode()/clm_client_decode(). A call that sets a
 * field to the value it already has changes nothing and records nothing
 * (returns 0). A failed call records nothing and changes nothing.
 *
 * Every string a client holds is valid UTF-8 without control characters
 * (address, needs and notes may also hold newlines and tabs); a setter
 * given anything else fails with CLM_EINVAL naming the field.
 *
 * Values in the history are text: strings as given; enumerations by their
 * stable names (clm_legal_type_name() ...); dates as "YYYY-MM-DD" and an
 * unset date as ""; flags as "true"/"false"; an absent value as "".
 *
 * The record is pure data with rules: no storage, no I/O. A store persists
 * it through clm_client_encode() (a versioned text format, below) next to
 * the indexed columns it reads with the getters.
 *
 * Thread safety: as common.h says; a clm_client is not internally locked.
 */
#ifndef CLM_CLIENT_H
#define CLM_CLIENT_H

#include <stdbool.h>

#include "common.h"
#include "actor.h"
#include "date.h"
#include "idcheck.h"

CLM_BEGIN_DECLS

typedef struct clm_client clm_client;

/** An unset date (first contact, first deal, last purchase). */
#define CLM_CLIENT_NO_DATE INT32_MIN

/** Longest string field, identifier, category or person field, in bytes. */
#define CLM_CLIENT_TEXT_MAX 4096

/* ---- enumerations ------------------------------------------------------ */

/**
 * How a client came to us (the search channels the job descriptions list).
 * Stable names: "advertising", "exhibition", "fair", "presentation",
 * "email", "fax", "cold_call", "inbound_call", "referral", "website",
 * "other"; CLM_SOURCE_UNKNOWN is "".
 */
typedef enum clm_source_channel {
    CLM_SOURCE_UNKNOWN = 0,
    CLM_SOURCE_ADVERTISING,
    CLM_SOURCE_EXHIBITION,
    CLM_SOURCE_FAIR,
    CLM_SOURCE_PRESENTATION,
    CLM_SOURCE_EMAIL,
    CLM_SOURCE_FAX,
    CLM_SOURCE_COLD_CALL,
    CLM_SOURCE_INBOUND_CALL,
    CLM_SOURCE_REFERRAL,
    CLM_SOURCE_WEBSITE,
    CLM_SOURCE_OTHER
} clm_source_channel;

/**
 * The client's lifecycle state. Stable names: "potential", "interested",
 * "new", "active", "regular", "key", "inactive", "lost".
 *
 * Allowed transitions (clm_client_set_state); every other pair, including
 * a state to itself, is CLM_ESTATE:
 *
 *   from \ to   potential interested new active regular key inactive lost
 *   potential       -         x       x    .      .     .     .       x
 *   interested      x         -       x    .      .     .     .       x
 *   new             .         .       -    x      .     .     x       x
 *   active          .         .       .    -      x     x     x       x
 *   regular         .         .       .    x      -     x     x       x
 *   key             .         .       .    x      x     -     x       x
 *   inactive        .         .       .    x      x     .     -       x
 *   lost            x         .       .    x      .     .     .       -
 *
 * Why: a lead (potential, interested) becomes a client only through a
 * first deal (new) and may cool down or be lost; a client's standing moves
 * among active, regular and key as figures change; any client can fall
 * inactive or be lost to a competitor; an inactive client comes back with
 * a purchase (active, or regular if the policy says so) but not straight to
 * key, which is earned from active or regular; a lost client is won back
 * as a lead (potential) or with a new purchase (active).
 */
typedef enum clm_client_state {
    CLM_CLIENT_POTENTIAL = 1,
    CLM_CLIENT_INTERESTED,
    CLM_CLIENT_NEW,
    CLM_CLIENT_ACTIVE,
    CLM_CLIENT_REGULAR,
    CLM_CLIENT_KEY,
    CLM_CLIENT_INACTIVE,
    CLM_CLIENT_LOST
} clm_client_state;

/** Text fields set with clm_client_set_text(). Stable history names in
 *  brackets. */
typedef enum clm_client_text {
    CLM_CLIENT_NAME = 0,    /**< [name] short or trade name; a person's full name */
    CLM_CLIENT_LEGAL_NAME,  /**< [legal_name] full registered name */
    CLM_CLIENT_REGION,      /**< [region] free text ("Moscow region", "77") */
    CLM_CLIENT_COUNTRY,     /**< [country] ISO 3166-1 alpha-2, upper case ("RU") */
    CLM_CLIENT_LANGUAGE,    /**< [language] BCP 47 primary tag, optional region ("ru", "en-GB") */
    CLM_CLIENT_EMAIL,       /**< [email] the client's general address (shape checked) */
    CLM_CLIENT_PHONE,       /**< [phone] the client's general number (shape checked) */
    CLM_CLIENT_ADDRESS,     /**< [address] */
    CLM_CLIENT_NEEDS,       /**< [needs] what the client needs, its level and direction */
    CLM_CLIENT_NOTES        /**< [notes] */
} clm_client_text;

/** Date fields. History names: first_contact, first_deal, last_purchase. */
typedef enum clm_client_date_field {
    CLM_CLIENT_FIRST_CONTACT = 0,
    CLM_CLIENT_FIRST_DEAL,
    CLM_CLIENT_LAST_PURCHASE
} clm_client_date_field;

/** Flags. History names: debtor, foreign, privileged. */
typedef enum clm_client_flag {
    CLM_CLIENT_DEBTOR = 0,
    CLM_CLIENT_FOREIGN,
    CLM_CLIENT_PRIVILEGED
} clm_client_flag;

/** Stable names of the enumerations; NULL for a value out of range. The
 *  enumerations carry no count member: a later release may add values, so
 *  walk them until the name is NULL, or ask clm_source_channel_count(). */
CLM_API const char *clm_source_channel_name(clm_source_channel ch);
CLM_API const char *clm_client_state_name(clm_client_state s);
CLM_API const char *clm_client_text_name(clm_client_text f);
CLM_API const char *clm_client_date_name(clm_client_date_field f);
CLM_API const char *clm_client_flag_name(clm_client_flag f);

/** The number of source channel values, CLM_SOURCE_UNKNOWN (0) included:
 *  the values are 0 .. count - 1 (12 in this release). Thread-safe. */
CLM_API size_t clm_source_channel_count(void);

/** Parses a stable name back. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND
 *  (no such name). *out untouched on error. Thread-safe. */
CLM_API int clm_source_channel_from_name(clm_source_channel *out, const char *name);
CLM_API int clm_client_state_from_name(clm_client_state *out, const char *name);

/**
 * 1 if the lifecycle table above allows from -> to, 0 if not (also for
 * values out of range). Pure; thread-safe.
 */
CLM_API int clm_client_state_allowed(clm_client_state from, clm_client_state to);

/* ---- life of the object ------------------------------------------------- */

/**
 * Creates a client with the caller's id `client_id` (non-empty, at most
 * 255 bytes, copied; the store's key, never changed afterwards), legal
 * type, and name (non-empty, copied). The new client is in state
 * potential, with source unknown, no manager, no dates, flags false, no
 * categories, and one history entry by `actor`: field "created", old "",
 * new = the name.
 * Errors: CLM_EINVAL (NULL, empty or too long id or name, bad legal type,
 * invalid actor: the last error names the field), CLM_ENOMEM.
 * *out untouched on error. Free with clm_client_free().
 */
CLM_API int clm_client_new(clm_client **out, const clm_actor *actor,
                           const char *client_id, clm_legal_type type,
                           const char *name);

/**
 * The version of the stored record this object was last loaded from or
 * saved as by client_store.h; 0 for a client never stored (a new one, or
 * one made by clm_client_decode()). clm_client_dup() copies it;
 * clm_client_equal() ignores it (it is where the object came from, not
 * what it holds). 0 for NULL. Thread-safe for a const client.
 */
CLM_API int64_t clm_client_stored_version(const clm_client *c);

/** Frees a client; NULL is a no-op. */
CLM_API void clm_client_free(clm_client *c);

/** A deep copy, history and stored version included. Errors: CLM_EINVAL,
 *  CLM_ENOMEM. */
CLM_API int clm_client_dup(clm_client **out, const clm_client *c);

/**
 * 1 if a and b hold the same data and the same history, 0 if not (or if
 * either is NULL); the stored version is not compared. For tests and for
 * a store that checks a round trip.
 */
CLM_API int clm_client_equal(const clm_client *a, const clm_client *b);

/* ---- getters (never fail; for a NULL client: "" for the id, NULL for
 *      text, 0 for enumerations, CLM_CLIENT_NO_DATE, false) ------------- */

/** The client id; "" for NULL. Owned by the client. */
CLM_API const char *clm_client_id(const clm_client *c);
CLM_API clm_legal_type clm_client_legal_type(const clm_client *c);
CLM_API clm_client_state clm_client_state_get(const clm_client *c);
CLM_API clm_source_channel clm_client_source(const clm_client *c);
/** A text field; "" when unset, NULL for a NULL client or bad field.
 *  Owned by the client, valid until the field changes. */
CLM_API const char *clm_client_text_get(const clm_client *c, clm_client_text f);
/** Shortcut for clm_client_text_get(c, CLM_CLIENT_NAME). */
CLM_API const char *clm_client_name(const clm_client *c);
/** The assigned manager's user id; "" when none. */
CLM_API const char *clm_client_manager(const clm_client *c);
/** The competitor the client was lost to; "" when unknown or not lost. */
CLM_API const char *clm_client_lost_to(const clm_client *c);
/** A date field; CLM_CLIENT_NO_DATE when unset or on bad input. */
CLM_API clm_date clm_client_date_get(const clm_client *c, clm_client_date_field f);
/** A flag; false on bad input. */
CLM_API bool clm_client_flag_get(const clm_client *c, clm_client_flag f);

/* ---- setters: each records one history entry ----------------------------
 * Common contract: `actor` must pass clm_actor_check(); the change is
 * recorded with actor->user, actor->role and actor->at. Setting the value
 * a field already has returns 0 and records nothing. Errors: CLM_EINVAL
 * (NULL client, invalid actor, field out of range, a value whose shape is
 * wrong: the last error names the field and says why), CLM_ENOMEM. On error
 * the client, its history included, is unchanged.
 */

/**
 * Sets a text field; NULL or "" clears it. Values are valid UTF-8 of at
 * most CLM_CLIENT_TEXT_MAX bytes with no control characters except in
 * address, needs and notes (which may hold newlines and tabs). Shapes
 * checked: name may not be cleared; country "RU" (two upper-case ASCII
 * letters); language "ru", "en-GB" (2-3 lower-case letters, optionally "-"
 * and 2 upper-case letters); email and phone as clm_email_check() and
 * clm_phone_check().
 */
CLM_API int clm_client_set_text(clm_client *c, const clm_actor *actor,
                                clm_client_text f, const char *value);

/** Sets the legal type. Identifiers already held are not re-checked
 *  (clm_client_validate() does that). */
CLM_API int clm_client_set_legal_type(clm_client *c, const clm_actor *actor,
                                      clm_legal_type type);

/** Sets the source channel (CLM_SOURCE_UNKNOWN clears it). */
CLM_API int clm_client_set_source(clm_client *c, const clm_actor *actor,
                                  clm_source_channel ch);

/** Sets a date (CLM_CLIENT_NO_DATE clears it). A date outside
 *  CLM_DATE_MIN..CLM_DATE_MAX is CLM_ERANGE. A first deal or a last
 *  purchase after the day of the act (clm_time_day(actor->at)) is
 *  CLM_EINVAL: it has not happened. Order between the dates is
 *  checked by clm_client_validate(), not here (data arrive in any order). */
CLM_API int clm_client_set_date(clm_client *c, const clm_actor *actor,
                                clm_client_date_field f, clm_date d);

/** Sets a flag. */
CLM_API int clm_client_set_flag(clm_client *c, const clm_actor *actor,
                                clm_client_flag f, bool value);

/**
 * Sets the tax or registration identifier `kind` of `country` (e.g. "RU",
 * "INN") to `value`; NULL or "" removes it. Country is two upper-case
 * letters; kind is 1-16 characters of [A-Z0-9_]. The history field is
 * "id.<country>.<kind>" ("id.RU.INN").
 *
 * A non-empty value is checked with the validator that `reg` holds for
 * (country, kind), given the client's legal type; `reg` NULL means the
 * library's built-in registry (clm_idcheck_registry_builtin()). A pair with
 * no validator is accepted as it is. A value the validator rejects is
 * CLM_EINVAL with the validator's reason (field "id.RU.INN"); an error the
 * validator itself returns is passed through.
 */
CLM_API int clm_client_set_taxid(clm_client *c, const clm_actor *actor,
                              const clm_idcheck_registry *reg,
                              const char *country, const char *kind,
                              const char *value);

/** The identifier of (country, kind), or NULL if the client has none. */
CLM_API const char *clm_client_taxid(const clm_client *c, const char *country,
                                      const char *kind);

/** Number of identifiers held, and the i-th in (country, kind) order. Any
 *  output may be NULL; strings owned by the client. Errors: CLM_EINVAL,
 *  CLM_ERANGE (i >= count). */
CLM_API size_t clm_client_taxid_count(const clm_client *c);
CLM_API int clm_client_taxid_at(const char **country, const char **kind, const char **value,
                                const clm_client *c, size_t i);

/* ---- contact persons and the decision maker ----------------------------- */

/** A contact person, as the caller fills it in (strings borrowed, copied
 *  by clm_client_person_add). */
typedef struct clm_client_person {
    unsigned int version;  /**< CLM_CLIENT_PERSON_VERSION */
    const char *name;      /**< required */
    const char *position;  /**< may be NULL */
    const char *phone;     /**< may be NULL; shape as clm_phone_check() */
    const char *email;     /**< may be NULL; shape as clm_email_check() */
} clm_client_person;

#define CLM_CLIENT_PERSON_VERSION 1
#define CLM_CLIENT_PERSON_INIT { .version = CLM_CLIENT_PERSON_VERSION }
/** As CLM_CLIENT_PERSON_INIT, for bindings. CLM_EINVAL if p is NULL. */
CLM_API int clm_client_person_init(clm_client_person *p);

/**
 * Appends a contact person. History: field "person", old "", new the
 * person as "name; position; phone; email" (empty parts kept).
 * Errors: CLM_EINVAL (NULL, empty name, bad shape: field "person.phone"
 * ...), CLM_EVERSION, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_client_person_add(clm_client *c, const clm_actor *actor,
                                  const clm_client_person *p);

/**
 * Removes the i-th person. If it was the decision maker, the client then
 * has none, and a second entry records that ("decision_maker": name -> "").
 * Errors: CLM_EINVAL, CLM_ERANGE (i >= count), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_client_person_remove(clm_client *c, const clm_actor *actor,
                                     size_t i);

CLM_API size_t clm_client_person_count(const clm_client *c);

/** The i-th person; the struct's strings are owned by the client ("" for
 *  an absent part). Errors: CLM_EINVAL, CLM_ERANGE. *out untouched. */
CLM_API int clm_client_person_at(clm_client_person *out, const clm_client *c,
                                 size_t i);

/**
 * Names the i-th person as the decision maker; CLM_CLIENT_NO_PERSON clears
 * it. History: "decision_maker", old and new the persons' names ("" none).
 * Errors: CLM_EINVAL, CLM_ERANGE, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_client_set_decision_maker(clm_client *c, const clm_actor *actor,
                                          size_t i);
#define CLM_CLIENT_NO_PERSON ((size_t)-1)

/** Index of the decision maker, CLM_CLIENT_NO_PERSON if none. */
CLM_API size_t clm_client_decision_maker(const clm_client *c);

/* ---- lifecycle ---------------------------------------------------------- */

/**
 * Moves the client to state `to` if the table above allows it.
 * `lost_to` names the competitor and is allowed only with CLM_CLIENT_LOST
 * (NULL or "" = unknown). History: "state" old -> new, and when the
 * competitor changes, a second entry "lost_to" (leaving lost clears it).
 * No other field changes implicitly: the dates (first deal, last purchase)
 * are facts the caller records with clm_client_set_date(), and the table
 * does not read them (clm_client_validate() checks their consistency).
 * Errors: CLM_ESTATE (transition not in the table; the message names both
 * states), CLM_EINVAL (bad state, lost_to with another state, invalid
 * actor), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_client_set_state(clm_client *c, const clm_actor *actor,
                                 clm_client_state to, const char *lost_to);

/**
 * Inactivity as a pure function: *out = 1 if the client's last purchase
 * lies more than `threshold_days` days before `on` (on - last_purchase >
 * threshold_days), or if it never purchased and its first contact (if
 * set) lies more than threshold_days before `on`; 0 otherwise. A client
 * with neither date is not judged inactive (0): there is nothing to
 * measure from. It does not change the state: a policy that wants the
 * state to follow calls clm_client_set_state(..., CLM_CLIENT_INACTIVE).
 * Errors: CLM_EINVAL (NULL, threshold_days < 0), CLM_ERANGE (`on` not a
 * valid date). *out untouched on error. Thread-safe.
 */
CLM_API int clm_client_is_inactive(int *out, const clm_client *c, clm_date on,
                                   int32_t threshold_days);

/* ---- manager ------------------------------------------------------------ */

/**
 * Assigns the client to `manager` (a user id, non-empty, at most 255 bytes;
 * NULL or "" leaves it unassigned). History: "manager" old -> new. Who may
 * reassign is the caller's policy; the act is recorded with its author.
 * Errors: CLM_EINVAL, CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_client_reassign(clm_client *c, const clm_actor *actor,
                                const char *manager);

/* ---- categories --------------------------------------------------------- */

typedef struct clm_category_authority clm_category_authority;

/**
 * Decides whether `actor` may add (adding = 1) or remove (adding = 0)
 * `category`. Returns 1 to allow, 0 to refuse, or a negative CLM_E* code
 * which the calling function returns as it is.
 */
typedef int (*clm_category_authority_fn)(const char *category,
                                         const clm_actor *actor, int adding,
                                         void *payload);

/**
 * Creates an authority table: "which role may assign which category".
 * A category with no entry may be assigned and removed by any role when
 * `default_allow` is 1, by none when it is 0. A category with entries may
 * be assigned and removed only by the roles listed for it. A callback set
 * with clm_category_authority_set_callback() is asked after the table
 * allows, so it can only narrow it (e.g. "not on weekends").
 * Errors: CLM_EINVAL (NULL out), CLM_ENOMEM.
 */
CLM_API int clm_category_authority_new(clm_category_authority **out,
                                       int default_allow);
CLM_API void clm_category_authority_free(clm_category_authority *a);

/**
 * Allows `role` to assign and remove `category` (both copied). Adding a
 * pair twice is harmless. Errors: CLM_EINVAL (NULL or empty), CLM_ENOMEM.
 */
CLM_API int clm_category_authority_allow(clm_category_authority *a,
                                         const char *category, const char *role);

/** Installs (or with NULL fn removes) the narrowing callback. */
CLM_API int clm_category_authority_set_callback(clm_category_authority *a,
                                                clm_category_authority_fn fn,
                                                void *payload);

/**
 * *out = 1 if actor->role may add (adding = 1) or remove `category`, 0 if
 * not. `a` NULL allows everything. Errors: CLM_EINVAL, or the callback's
 * error. Thread-safe for a const table if the callback is.
 */
CLM_API int clm_category_authority_check(int *out, const clm_category_authority *a,
                                         const char *category,
                                         const clm_actor *actor, int adding);

/**
 * Adds `category` to the client's set. `reason` (required, non-empty) names
 * the rule that assigns it ("rule:turnover_over_10m") or the manual act
 * ("manual: agreed with the director"); it is kept in the history entry:
 * field "category", old "", new the category. `auth` (NULL = no
 * restriction; the category policy engine passes its own table or NULL)
 * decides whether the actor may do it.
 * Category names are 1-255 bytes of UTF-8 without control characters.
 * Errors: CLM_EPERM (the actor's role may not assign it; the message names
 * role and category), CLM_EEXISTS (the client has it already),
 * CLM_EINVAL, CLM_ENOMEM, or the authority callback's error. Unchanged on
 * error.
 */
CLM_API int clm_client_category_add(clm_client *c, const clm_actor *actor,
                                    const char *category, const char *reason,
                                    const clm_category_authority *auth);

/** Removes a category; as clm_client_category_add, history old the
 *  category, new "". CLM_ENOTFOUND if the client does not have it. */
CLM_API int clm_client_category_remove(clm_client *c, const clm_actor *actor,
                                       const char *category, const char *reason,
                                       const clm_category_authority *auth);

/* ---- several changes as one act ----------------------------------------- */

/**
 * A list of changes to apply to a client all at once (clm_client_apply()):
 * an opaque builder, so a kind of change added later changes no struct.
 * Each add call copies its strings and checks only what it can without a
 * client (a known field, a valid reason); the values are checked when the
 * list is applied, by the setter each change stands for.
 */
typedef struct clm_client_edits clm_client_edits;

/** A new, empty list. Errors: CLM_EINVAL (NULL out), CLM_ENOMEM. */
CLM_API int clm_client_edits_new(clm_client_edits **out);
/** Frees a list; NULL is a no-op. */
CLM_API void clm_client_edits_free(clm_client_edits *e);
/** Number of changes in the list (0 for NULL). */
CLM_API size_t clm_client_edits_count(const clm_client_edits *e);

/**
 * Append one change, as the setter of the same name would make it. `reason`
 * (NULL or "" for none; required for categories) is a single line of text
 * kept in every history entry the change records ("rule:key-by-turnover").
 * Errors: CLM_EINVAL (NULL e, a field out of range, a reason that is not a
 * single line of text, an empty category), CLM_ENOMEM. The list is
 * unchanged on error.
 */
CLM_API int clm_client_edits_set_text(clm_client_edits *e, clm_client_text f,
                                      const char *value, const char *reason);
CLM_API int clm_client_edits_set_date(clm_client_edits *e, clm_client_date_field f,
                                      clm_date d, const char *reason);
CLM_API int clm_client_edits_set_flag(clm_client_edits *e, clm_client_flag f, bool value,
                                      const char *reason);
CLM_API int clm_client_edits_set_state(clm_client_edits *e, clm_client_state to,
                                       const char *lost_to, const char *reason);
CLM_API int clm_client_edits_reassign(clm_client_edits *e, const char *manager,
                                      const char *reason);
CLM_API int clm_client_edits_category_add(clm_client_edits *e, const char *category,
                                          const char *reason);
CLM_API int clm_client_edits_category_remove(clm_client_edits *e, const char *category,
                                             const char *reason);

/**
 * Applies every change of `e`, in order, to `c` as acts of `actor`: all of
 * them or none. Each change does what its setter does (clm_client_set_text,
 * _set_date, _set_flag, _set_state, clm_client_reassign,
 * clm_client_category_add / _remove with `auth`) and records the same
 * history entries, each carrying the change's reason; a change to the value
 * a field already has records nothing. The client stays the same object
 * (pointers to it stay valid; strings it returned before may not).
 *
 * Errors: CLM_EINVAL (NULL c or e, an invalid actor), and the first error
 * of a change (CLM_EINVAL, CLM_ERANGE, CLM_ESTATE, CLM_EPERM, CLM_EEXISTS,
 * CLM_ENOTFOUND, as its setter; the message is the setter's, prefixed with
 * the change's position "edit 3: "), CLM_ENOMEM. On error the client, its
 * history included, is exactly as before. An empty list changes nothing
 * and succeeds. Needs exclusive access to c.
 */
CLM_API int clm_client_apply(clm_client *c, const clm_actor *actor, const clm_client_edits *e,
                             const clm_category_authority *auth);

/** 1 if the client has the category, else 0. */
CLM_API int clm_client_has_category(const clm_client *c, const char *category);
/** Number of categories, and the i-th in byte order (owned by the client;
 *  NULL if i is out of range). */
CLM_API size_t clm_client_category_count(const clm_client *c);
CLM_API const char *clm_client_category_at(const clm_client *c, size_t i);

/* ---- history ------------------------------------------------------------ */

/** One recorded change. Strings are owned by the client and never NULL. */
typedef struct clm_client_change {
    const char *user;
    const char *role;
    clm_time at;
    const char *field;
    const char *old_value;
    const char *new_value;
    const char *reason;   /**< "" unless the act gives one */
} clm_client_change;

CLM_API size_t clm_client_history_count(const clm_client *c);

/** The i-th change, oldest first. Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API int clm_client_history_at(clm_client_change *out, const clm_client *c,
                                  size_t i);

/* ---- validation --------------------------------------------------------- */

typedef struct clm_client_validate_options {
    unsigned int version;       /**< CLM_CLIENT_VALIDATE_OPTIONS_VERSION */
    /** Country taken for a client whose country field is unset ("RU");
     *  NULL: such a client has no required identifiers. */
    const char *home_country;
    /** Require a way to reach the client: phone, email, or a person with
     *  one (default 1). */
    int require_contact;
    /** Validators; NULL = the built-in registry. */
    const clm_idcheck_registry *registry;
} clm_client_validate_options;

#define CLM_CLIENT_VALIDATE_OPTIONS_VERSION 1
#define CLM_CLIENT_VALIDATE_OPTIONS_INIT \
    { .version = CLM_CLIENT_VALIDATE_OPTIONS_VERSION, .home_country = "RU", \
      .require_contact = 1 }
CLM_API int clm_client_validate_options_init(clm_client_validate_options *o);

/**
 * Checks that the record is complete and consistent; reports the first
 * problem, in this order, with the field in the last error:
 *  1. every client: a name;
 *  2. legal entity: a legal name;
 *  3. the identifiers the registry marks as required for the client's
 *     country (its country field, else home_country) and legal type (for
 *     "RU" in the built-in registry: legal entity INN and OGRN, sole trader
 *     INN and OGRNIP, individual none);
 *  4. every identifier held passes its validator for the client's current
 *     legal type (so a 10-digit INN on an individual is an error);
 *  5. if require_contact: a phone, an email, or a person with either;
 *  6. dates in order where set: first_contact <= first_deal <=
 *     last_purchase, and first_contact <= last_purchase;
 *  7. a first deal or a last purchase while the state is potential or
 *     interested is inconsistent (such a client is at least new).
 * Returns 0 if valid. Errors: CLM_EINVAL (the problem), CLM_EVERSION,
 * or a validator's own error. Never modifies anything. Thread-safe.
 */
CLM_API int clm_client_validate(const clm_client *c,
                                const clm_client_validate_options *opts);

/* ---- conversion figures -------------------------------------------------- */

/** Conversion of one source channel. */
typedef struct clm_conversion {
    clm_source_channel channel;
    size_t leads;      /**< clients first contacted in the period */
    size_t converted;  /**< of them, those with a first deal by `as_of` */
    double rate;       /**< converted / leads; 0 when leads is 0 */
} clm_conversion;

/**
 * Conversion from potential to client per source channel.
 * What counts: a client is a lead of the period if its first-contact date
 * lies in first..last (inclusive). A lead converted if its first-deal date
 * is set and on or before `as_of` (the usual choice is as_of = last; a
 * later as_of lets late deals of the cohort count). Clients without a
 * first-contact date are not leads of any period. The state is not read:
 * a lead that made a first deal and was lost since still converted.
 * out[k], for k in 0 .. n - 1, receives the figures of source channel
 * value k (out[0]: clients whose source is unknown). `n` is the length of
 * `out`: with n smaller than clm_source_channel_count(), only the first n
 * channels are reported (clients of the others are left out of every
 * entry); with n larger, the entries past the last channel are zeroed
 * (channel CLM_SOURCE_UNKNOWN, no leads, rate 0). n == 0 succeeds and
 * writes nothing (out may then be NULL). `clients` may hold NULLs, which
 * are skipped.
 * Errors: CLM_EINVAL (NULL out with n > 0, NULL clients with count > 0,
 * first > last), CLM_ERANGE (a date invalid). out untouched on error.
 * Thread-safe.
 */
CLM_API int clm_client_conversion(clm_conversion *out, size_t n,
                                  const clm_client *const *clients, size_t count,
                                  clm_date first, clm_date last, clm_date as_of);

/* ---- encoding for storage ------------------------------------------------
 *
 * Text format version 1 (UTF-8, LF line ends), stable across releases:
 *
 *     clm-client 1
 *     id=<client id>
 *     legal_type=<name>
 *     <key>=<value>            one line per set field, keys in a fixed order
 *     ...
 *     history=<user>|<role>|<at>|<field>|<old>|<new>|<reason>
 *
 * Values escape '\\' as "\\\\", LF as "\\n", CR as "\\r", '|' as "\\|" and
 * other control bytes as "\\xHH". Keys: id, legal_type, state, source,
 * manager, lost_to, the text field names, the date names (YYYY-MM-DD),
 * flag names ("true"), "id.<country>.<kind>", "person" (name|position|
 * phone|email), "decision_maker" (index), "category" (one line each),
 * "history" (one line each, oldest first). A later version adds keys;
 * a decoder of version 1 rejects unknown keys.
 */

/**
 * Encodes the client, history included. *out is NUL-terminated, *len its
 * length without the NUL (len may be NULL); free it with clm_free().
 * Errors: CLM_EINVAL, CLM_ENOMEM. Outputs untouched on error.
 */
CLM_API int clm_client_encode(char **out, size_t *len, const clm_client *c);

/**
 * Rebuilds a client from clm_client_encode() output (`len` bytes; the text
 * need not be NUL-terminated). No history entry is added: the history is
 * the one encoded. Values are checked as the setters check their shapes
 * (enumerations, dates, country, email...), identifiers are not re-run
 * through validators (the registry may differ from the writer's).
 * Errors: CLM_EINVAL (NULL), CLM_EVERSION (a format version other than 1),
 * CLM_EPARSE (malformed; the last error gives the 1-based line and field),
 * CLM_ELIMIT (more than 16 MiB), CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_client_decode(clm_client **out, const char *text, size_t len);

CLM_END_DECLS

#endif /* CLM_CLIENT_H */
