/*
 * store_keys.h — lookup keys: finding records by a value other than their
 * id without reading every record.
 *
 * A record may carry any number of lookup keys, each a (name, value) pair
 * of text: a client has "id.RU.INN" = "7707083893", "name" = its
 * normalised name, "phone" = "74955005550"... The owning module computes
 * them from the record and sets them after each write, in the same
 * transaction (clm_client_store_save() does this for clients). Backends
 * keep them in a lookup table ordered by (kind, name, value, id): the
 * in-memory backend in a sorted array, SQLite and PostgreSQL in the table
 * clm_keys with that primary key. So an exact value and a value prefix are
 * both found by one range of the index, never by a scan of the records.
 *
 * Keys are not part of the record: they are not in clm_record, not in the
 * audit log's before/after images (the module derives them again from the
 * record), and clm_store_put() leaves them as they were. Deleting a record
 * removes its keys.
 *
 * Rules: a key name is 1-64 bytes of [a-z0-9_.A-Z]; a value is valid text
 * (UTF-8, no control characters) of 1..CLM_RECORD_FIELD_MAX bytes. Values
 * compare as bytes (as ids do).
 *
 * Thread safety: as store.h: one thread per handle.
 */
#ifndef CLM_STORE_KEYS_H
#define CLM_STORE_KEYS_H

#include "common.h"
#include "store.h"

CLM_BEGIN_DECLS

/** Longest key name, in bytes. */
#define CLM_RECORD_KEY_NAME_MAX 64

/** One lookup key (strings borrowed for the call). */
typedef struct clm_record_key {
    const char *name;   /**< the key's name, at most CLM_RECORD_KEY_NAME_MAX bytes */
    const char *value;  /**< the value the record is found by */
} clm_record_key;

/**
 * Replaces the lookup keys of the stored record (kind, id) with the `n`
 * keys of `keys` (n == 0 removes them all; keys may then be NULL). A pair
 * given twice is kept once. Inside a transaction the change is part of it
 * (a rollback restores the previous keys); outside, it is its own.
 * Errors: CLM_EINVAL (NULL st, bad kind or id, NULL keys with n > 0, a bad
 * name or value: the last error names it), CLM_ELIMIT (a value longer than
 * CLM_RECORD_FIELD_MAX, an id too long), CLM_ENOTFOUND (no such record),
 * CLM_ENOTSUP (the backend keeps no lookup table: a backend written for
 * CLM_STORE_BACKEND_VERSION 1), CLM_EBUSY, CLM_EIO, CLM_ENOMEM. On error
 * the keys are as they were.
 */
CLM_API int clm_store_keys_set(clm_store *st, clm_record_kind kind, const char *id,
                               const clm_record_key *keys, size_t n);

/** How clm_store_keys_find() compares values. */
typedef enum clm_key_match {
    CLM_KEY_EXACT = 0,  /**< the value equals the one given */
    CLM_KEY_PREFIX = 1  /**< the value starts with the bytes given ("" = every value) */
} clm_key_match;

/**
 * Called once per key a lookup finds: the record's id, the key's name and
 * value, borrowed for the call. The return value works as clm_record_cb's
 * (nonzero stops the lookup, which returns it).
 */
typedef int (*clm_key_cb)(const char *id, const char *name, const char *value, void *payload);

/**
 * Calls `cb` for every key of records of `kind` named `name` whose value
 * matches `value` as `match` says, in ascending byte order of (name,
 * value, id). `name` NULL visits keys of every name (then only
 * CLM_KEY_PREFIX with "" is allowed: a dump of the kind's lookup table).
 * `cb` must not call the store (CLM_EBUSY). The cost is one index range:
 * O(log n + matches) in every shipped backend.
 * Errors: CLM_EINVAL (NULL st, value or cb; bad kind; bad name; an exact
 * lookup of ""; a match out of range; name NULL with anything but a
 * prefix ""), CLM_ENOTSUP (as clm_store_keys_set()), CLM_EBUSY, CLM_EIO,
 * CLM_ENOMEM, or the callback's value. Changes nothing.
 */
CLM_API int clm_store_keys_find(clm_store *st, clm_record_kind kind, const char *name,
                                const char *value, clm_key_match match, clm_key_cb cb,
                                void *payload);

CLM_END_DECLS

#endif /* CLM_STORE_KEYS_H */
