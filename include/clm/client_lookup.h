/*
 * client_lookup.h — finding stored clients by what a user knows (INN, a
 * name or its beginning, a phone, an e-mail) and keeping one client from
 * being stored twice.
 *
 * Lookup keys
 * -----------
 * Every save (clm_client_store_save(), clm_client_store_save_opts()) sets
 * the stored client's lookup keys (store_keys.h) from the client, in the
 * same transaction as the record:
 *
 *   "id.<country>.<kind>"  each identifier held, as held ("id.RU.INN" =
 *                          "7707083893");
 *   "name"                 the normalised name and legal name
 *                          (clm_client_name_normalize());
 *   "phone"                the normalised phone of the client and of each
 *                          person (clm_client_phone_normalize());
 *   "email"                the normalised e-mail of the client and of each
 *                          person (clm_client_email_normalize()).
 *
 * A value longer than CLM_RECORD_FIELD_MAX bytes is cut at a character
 * boundary. The lookups below read these keys: one index range in every
 * shipped backend, never a scan of the clients. A backend without lookup
 * keys (a custom backend of version 1) still saves clients and refuses
 * duplicates (by scanning every client); its lookups fail with CLM_ENOTSUP.
 *
 * Duplicates
 * ----------
 * An organisation has one INN and one OGRN; a sole trader one INN and one
 * OGRNIP (docs/rules.md "Client identifiers"). So saving a client whose
 * unique identifier another stored client already holds is refused with
 * CLM_EEXISTS naming that client, unless the caller says the client is a
 * branch (обособленное подразделение): a branch shares its organisation's
 * INN and OGRN and is told apart by its own KPP (Tax Code art. 83-84), so a
 * branch save is refused only when a client with the same identifier has
 * the same KPP, or either has none. Which identifier kinds are unique is
 * the caller's choice (clm_client_save_options.unique), the Russian three
 * by default. clm_client_store_likely_duplicates() reports what is not
 * certain: the same normalised name, phone or e-mail.
 *
 * Concurrency: the check and the write run in one store transaction. On
 * SQLite (a transaction takes the write lock at its start) two savers
 * cannot both pass the check; on PostgreSQL (read committed) two saves at
 * the same moment in two connections can both pass it: run such imports
 * from one connection.
 *
 * Thread safety: as store.h (one thread per store handle); the
 * normalisers are pure and thread-safe.
 */
#ifndef CLM_CLIENT_LOOKUP_H
#define CLM_CLIENT_LOOKUP_H

#include "common.h"
#include "actor.h"
#include "client.h"
#include "store.h"
#include "store_keys.h"

CLM_BEGIN_DECLS

/* ---- normalising --------------------------------------------------------- */

/**
 * A name as lookups compare it: Latin and Cyrillic letters in lower case
 * (ё as е); quotes (" ' ` « » „ “ ” ‘ ’) and the punctuation . , ; : ! ?
 * ( ) / \ - as spaces; the legal-form words dropped where they stand as
 * words (ООО ЗАО ОАО ПАО АО НАО ИП ГУП МУП ФГУП АНО НКО; OOO ZAO OAO PAO AO
 * IP LLC LTD INC CORP PLC JSC PJSC CJSC GMBH, and the spelled-out forms
 * "общество с ограниченной ответственностью", "публичное/закрытое/
 * открытое/непубличное акционерное общество", "акционерное общество",
 * "индивидуальный предприниматель", "limited liability company"); runs of
 * spaces as one, none at either end. «ООО "Ромашка"», "Ромашка, ООО" and
 * "romashka llc" -> "ромашка", "romashka". The result may be "" (a name
 * that is only a legal form). *out is freed with clm_free().
 * Errors: CLM_EINVAL (NULL, not valid UTF-8 text), CLM_ENOMEM. *out
 * untouched on error. Thread-safe.
 */
CLM_API int clm_client_name_normalize(char **out, const char *name);

/**
 * A phone as lookups compare it: its digits only; eleven digits starting
 * with 8 become 7... (the Russian trunk prefix 8 and the country code +7
 * dial the same number). "+7 (495) 500-55-50" and "8 495 5005550" ->
 * "74955005550". A result shorter than 5 digits is "" (not a number to
 * match on). Errors, ownership: as clm_client_name_normalize().
 */
CLM_API int clm_client_phone_normalize(char **out, const char *phone);

/** An e-mail as lookups compare it: without spaces at either end, ASCII
 *  letters in lower case. Errors, ownership: as above. */
CLM_API int clm_client_email_normalize(char **out, const char *email);

/* ---- saving with the duplicate check ------------------------------------- */

/** How clm_client_store_save_opts() checks for duplicates (see
 *  "Duplicates" above). */
typedef struct clm_client_save_options {
    unsigned int version;   /**< CLM_CLIENT_SAVE_OPTIONS_VERSION */
    /** 1: the client is a branch of an organisation already stored (same
     *  INN/OGRN, its own KPP "id.RU.KPP"); 0 (default): it is not. */
    int branch;
    /** The identifier kinds no two clients may share, as "COUNTRY.KIND"
     *  ("RU.INN"); NULL = "RU.INN", "RU.OGRN", "RU.OGRNIP". */
    const char *const *unique;
    size_t nunique;         /**< entries of `unique` */
} clm_client_save_options;

#define CLM_CLIENT_SAVE_OPTIONS_VERSION 1
#define CLM_CLIENT_SAVE_OPTIONS_INIT { .version = CLM_CLIENT_SAVE_OPTIONS_VERSION }

/** Sets *o as CLM_CLIENT_SAVE_OPTIONS_INIT does. Errors: CLM_EINVAL (NULL).
 *  Thread-safe. */
CLM_API int clm_client_save_options_init(clm_client_save_options *o);

/**
 * As clm_client_store_save() (client_store.h; which is this with `opts`
 * NULL), with the duplicate check as `opts` says, and the client's lookup
 * keys set in the same transaction.
 * Errors: those of clm_client_store_save(), and CLM_EEXISTS also when
 * another stored client holds one of the client's unique identifiers (the
 * last error's field names the identifier, "id.RU.INN", and its message
 * the other client's id; clm_client_store_duplicate_of() gives the id);
 * CLM_EINVAL / CLM_EVERSION for bad options (an entry of `unique` that is
 * not "COUNTRY.KIND"). On error nothing changed: not the store, not the
 * client; inside a caller's transaction, as clm_client_store_save() says
 * (the duplicate is found before anything is written, so a duplicate
 * leaves that transaction intact).
 */
CLM_API int clm_client_store_save_opts(int64_t *out, clm_store *st, clm_client *c,
                                       const clm_actor *who, const char *note,
                                       const clm_client_save_options *opts);

/**
 * The id of a stored client (other than c itself) that a save of `c` with
 * `opts` would be refused for; *out NULL when there is none. For a form
 * that warns before it saves. *out is freed with clm_free().
 * Errors: CLM_EINVAL, CLM_EVERSION, the store's errors, CLM_ENOMEM.
 * *out untouched on error. Changes nothing.
 */
CLM_API int clm_client_store_duplicate_of(char **out, clm_store *st, const clm_client *c,
                                          const clm_client_save_options *opts);

/* ---- lookups --------------------------------------------------------------- */

/** Called once per client a lookup finds, with its id (borrowed for the
 *  call). Return 0 to go on; nonzero stops the lookup, which returns it.
 *  It must not call the store (CLM_EBUSY): collect ids, then load. */
typedef int (*clm_client_id_cb)(const char *client_id, void *payload);

/**
 * Clients holding identifier (country, kind) = value exactly ("RU", "INN",
 * "7707083893"), in id order.
 * Errors: CLM_EINVAL (NULL, a bad country or kind, an empty value),
 * CLM_ENOTSUP (the backend keeps no lookup keys), the store's errors, or
 * the callback's value. Changes nothing.
 */
CLM_API int clm_client_store_find_taxid(clm_store *st, const char *country, const char *kind,
                                        const char *value, clm_client_id_cb cb, void *payload);

/**
 * Clients whose normalised name or legal name equals (CLM_KEY_EXACT) or
 * starts with (CLM_KEY_PREFIX) the normalised `name`, in order of
 * (normalised name, id). A client is reported once per name of its that
 * matches (so twice when its name and legal name both do). A name that
 * normalises to "" finds nothing.
 * Errors: as clm_client_store_find_taxid().
 */
CLM_API int clm_client_store_find_name(clm_store *st, const char *name, clm_key_match match,
                                       clm_client_id_cb cb, void *payload);

/** Clients (or their persons) with this phone, normalised; in id order.
 *  Errors: as clm_client_store_find_taxid(). */
CLM_API int clm_client_store_find_phone(clm_store *st, const char *phone, clm_client_id_cb cb,
                                        void *payload);

/** Clients (or their persons) with this e-mail, normalised; in id order.
 *  Errors: as clm_client_store_find_taxid(). */
CLM_API int clm_client_store_find_email(clm_store *st, const char *email, clm_client_id_cb cb,
                                        void *payload);

/**
 * Called once per (stored client, reason) a duplicate search finds:
 * `reason` is the key that matched: "name", "phone", "email" or an
 * identifier "id.RU.INN". Borrowed for the call; return as
 * clm_client_id_cb. It must not call the store.
 */
typedef int (*clm_client_dup_cb)(const char *client_id, const char *reason, void *payload);

/**
 * The stored clients that are likely the same as `c` (stored or not;
 * itself excluded): the same identifier of any kind, the same normalised
 * name or legal name, phone or e-mail (its own or a person's). In order of
 * reason ("email", "id...", "name", "phone"), then value, then id; a
 * client matching on two keys is reported twice.
 * Errors: CLM_EINVAL (NULL), CLM_ENOTSUP, the store's errors, CLM_ENOMEM,
 * or the callback's value. Changes nothing.
 */
CLM_API int clm_client_store_likely_duplicates(clm_store *st, const clm_client *c,
                                               clm_client_dup_cb cb, void *payload);

CLM_END_DECLS

#endif /* CLM_CLIENT_LOOKUP_H */
