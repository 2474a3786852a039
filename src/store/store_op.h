/*
 * store_op.h — one write made of several store calls, for the modules
 * above the store (the store's library header for them; not installed).
 *
 * A client save writes its record, the record's audit entry and its
 * lookup keys, and must write all of them or none. clm_store_begin()
 * gives that, but clm_store_put_audited() and clm_store_keys_set() each
 * open a level of their own inside it as well, and inside a caller's
 * transaction every level is a savepoint the database pays for (SQLite
 * copies each page the level touches into a sub-journal). A level opened
 * here is marked as one operation's: the audited writes and keys_set
 * called straight in it (not in a deeper level) run in it without a
 * level of their own, since the operation undoes the level whole when any
 * of its steps fails.
 *
 * Thread safety: as the store handle's (one thread at a time).
 */
#ifndef CLM_STORE_OP_H
#define CLM_STORE_OP_H

#include "clm/store.h"
#include "clm/store_keys.h"

/*
 * Opens a level as clm_store_begin() does (a transaction, or inside one a
 * nested level) and marks it as one operation's. *saved receives the mark
 * of an enclosing operation, for clm_store__op_end().
 * Errors: as clm_store_begin() (CLM_EINVAL NULL store, CLM_EBUSY inside a
 * scan callback, CLM_ELIMIT nesting, backend errors); then nothing is open.
 */
int clm_store__op_begin(clm_store *st, unsigned int *saved);

/*
 * Ends the level clm_store__op_begin() opened, which MUST be the innermost
 * one: rc == 0 commits it and returns the commit's result (a failed
 * commit closes the level, as clm_store_commit() does); rc < 0 rolls it
 * back, everything the operation wrote with it, and returns rc. Every
 * path of an operation ends here, exactly once.
 */
int clm_store__op_end(clm_store *st, unsigned int saved, int rc);

/*
 * A flat operation: one that opens no level at all inside a caller's
 * transaction, for writes whose every expected failure is found before
 * their first write (the client save: the duplicate check, the version
 * rule, the keys' checks; the backend's put refuses an existing id or a
 * changed version atomically and writes nothing then), so that what can
 * fail after the first write is only the storage itself (CLM_EIO,
 * CLM_EBUSY, CLM_ENOMEM: the audit append, the keys). Inside a caller's
 * transaction a level is a savepoint, and SQLite copies every page a
 * savepoint touches into its sub-journal: it was the largest cost of an
 * audited save there.
 *
 * Outside a transaction (depth 0) it opens one, as clm_store__op_begin()
 * does, and the whole write is undone on failure. Inside one, it opens
 * nothing; the audited writes and keys_set called straight in it open no
 * level either. If the operation then fails after one of its writes
 * succeeded, clm_store__flat_end() marks the handle broken (store.h,
 * "Transactions"): every call but clm_store_rollback() fails with
 * CLM_EIO, a clm_store_commit() rolls the innermost level back instead
 * of committing it, and rolling back the level the operation ran in (it
 * holds the half-written write) makes the handle usable again. So half
 * a record can never be committed. A failure before any write leaves
 * the caller's transaction open and intact.
 */
typedef struct clm_store__flat {
    unsigned int saved;   /* the enclosing operation's mark */
    int opened;           /* a transaction was opened (depth was 0) */
    unsigned long writes; /* the handle's write count at the start */
} clm_store__flat;

/* Begins a flat operation. Errors: as clm_store__op_begin(); then
 * nothing is open and *op must not be passed to clm_store__flat_end(). */
int clm_store__flat_begin(clm_store *st, clm_store__flat *op);

/* Ends it: rc == 0 commits what clm_store__flat_begin() opened (if
 * anything) and returns the commit's result; rc < 0 undoes the opened
 * transaction, or, inside a caller's one, marks the handle broken when
 * a write of the operation went through; returns rc then (the last
 * error stays the one that failed the operation). */
int clm_store__flat_end(clm_store *st, clm_store__flat *op, int rc);

/* The checks clm_store_keys_set() makes of keys[0 .. n) (names,
 * values; NULL keys with n > 0), for an operation that must know them
 * good before its first write. Errors: CLM_EINVAL, CLM_ELIMIT, with the
 * last error naming the key. Thread-safe. */
int clm_store__keys_check(const clm_record_key *keys, size_t n);

#endif /* CLM_STORE_OP_H */
