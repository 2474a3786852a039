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

#endif /* CLM_STORE_OP_H */
