/*
 * sys/store_backend.h — for implementers of a storage backend.
 *
 * A backend is a table of callbacks (clm_store_backend) that a store handle
 * (clm/store.h) calls. libclm ships three (memory, SQLite, PostgreSQL); a
 * user writes their own to keep libclm's records in their CRM or ERP
 * database (see examples/custom-store.c, one record per file). Headers in
 * clm/sys/ carry a weaker stability promise than clm/: a new
 * CLM_STORE_BACKEND_VERSION may add callbacks; an old version keeps being
 * accepted as long as the library can serve it.
 *
 * Writing one
 * -----------
 * Embed clm_store_backend as the FIRST member of your own struct, set it
 * up with clm_store_backend_init() (or CLM_STORE_BACKEND_INIT), fill in the
 * callbacks, and hand it to clm_store_new(). Each callback gets the backend
 * pointer first (cast it to your struct).
 *
 *     typedef struct my_backend { clm_store_backend parent; DB *db; } my_backend;
 *     my_backend *b = calloc(1, sizeof *b);
 *     clm_store_backend_init(&b->parent, CLM_STORE_BACKEND_VERSION);
 *     b->parent.get = my_get; ... b->parent.free = my_free;
 *     clm_store_new(&st, &b->parent);
 *
 * Then run the conformance suite on it (tests/support/store_conformance.h):
 * it checks every rule below.
 *
 * What the store does for you
 * ---------------------------
 * Before calling a backend the store has checked every argument: records
 * pass clm_record_check(), kinds are valid, ids are well-formed, filters
 * are sane, actors are checked. A backend need not check them again. The
 * store also keeps the transaction depth, forbids re-entry from a scan
 * callback, filters scan results again (so a backend MAY return extra
 * records), and turns a backend that returns an error without setting the
 * last error into a readable message.
 *
 * Rules every callback follows
 * ----------------------------
 *  - Return 0 or a negative CLM_E* code: CLM_ENOTFOUND, CLM_EEXISTS,
 *    CLM_ECONFLICT as each callback says; CLM_EBUSY when the database stays
 *    locked; CLM_EIO for any other storage failure; CLM_ENOMEM. Set the
 *    last error with clm_store_backend_fail() to say what happened.
 *  - A failed callback changes nothing that is stored (no half record, no
 *    entry without its record).
 *  - Strings, records, filters and entries passed IN are borrowed for the
 *    call: copy what you keep.
 *  - Records passed OUT (get) and to callbacks (scans) are owned by the
 *    backend; the store copies them before it makes another call.
 *  - Allocate with any allocator you like; what you allocate, you free.
 *    libclm's own backends allocate through clm_allocator_set()'s allocator.
 *  - One thread at a time: the store never calls a backend concurrently,
 *    and never calls it from inside that backend's own scan callback.
 */
#ifndef CLM_SYS_STORE_BACKEND_H
#define CLM_SYS_STORE_BACKEND_H

#include "../common.h"
#include "../store.h"
#include "../store_keys.h"

CLM_BEGIN_DECLS

/* 2 added the lookup keys (keys_set, keys_find; clm/store_keys.h). A
 * backend of version 1 is still accepted: the store then answers the key
 * calls with CLM_ENOTSUP. 3 added get_for_write; a backend of version 1 or
 * 2 is still accepted: the store then reads with get. */
#define CLM_STORE_BACKEND_VERSION 3

struct clm_store_backend {
    /** MUST be CLM_STORE_BACKEND_VERSION (set by clm_store_backend_init()). */
    unsigned int version;

    /**
     * MUST. Reads the record (kind, id) into *out: every field, with the
     * stored version. The strings and body *out points to belong to the
     * backend and MUST stay valid until the next call to any callback of
     * this backend. Returns CLM_ENOTFOUND if there is no such record (in
     * the current transaction's view).
     */
    int (*get)(clm_record *out, clm_store_backend *b, clm_record_kind kind,
               const char *id);

    /**
     * MUST. Writes `rec` as one atomic compare-and-set:
     *  - rec->version == 0: insert with version 1; CLM_EEXISTS if (kind, id)
     *    exists;
     *  - rec->version  > 0: replace the record whose stored version is
     *    rec->version, storing version rec->version + 1; CLM_ENOTFOUND if
     *    there is none, CLM_ECONFLICT if its stored version differs.
     * The check and the write MUST be atomic against other connections to
     * the same database (e.g. UPDATE ... WHERE version = ?, then look at
     * the row count). On success *out = the new version. A put that
     * fails, for any reason (a refusal, CLM_EIO, CLM_ENOMEM, CLM_EBUSY),
     * MUST leave the database as it was, with nothing of `rec` written:
     * an audited save inside a caller's transaction opens no savepoint
     * (clm/store.h, "Transactions") and relies on this to keep a failed
     * put from being committed in half.
     */
    int (*put)(int64_t *out, clm_store_backend *b, const clm_record *rec);

    /**
     * MUST. Deletes the record (kind, id) whose stored version is `version`
     * (>= 1), atomically as put. CLM_ENOTFOUND, CLM_ECONFLICT as put; a
     * delete that fails MUST leave the record as it was, as put.
     */
    int (*del)(clm_store_backend *b, clm_record_kind kind, const char *id,
               int64_t version);

    /**
     * MUST. Calls cb(rec, payload) for the records of kind f->kind that
     * match f, in ascending byte order of id (memcmp; SQL: COLLATE BINARY
     * in SQLite, COLLATE "C" in PostgreSQL). It MUST visit every matching
     * record and MAY visit others too (the store filters again, so a
     * backend may ignore any condition but the kind). When cb returns
     * nonzero the backend MUST stop at once and return that value. The
     * record given to cb is the backend's, valid during the call. The
     * store does not call the backend from inside cb.
     */
    int (*scan)(clm_store_backend *b, const clm_store_filter *f,
                clm_record_cb cb, void *payload);

    /**
     * MUST. Transactions, by depth. begin(1) opens the outermost
     * transaction; begin(n > 1) opens a nested level (a savepoint) inside
     * level n - 1. commit(1) makes everything durable at once (if it fails
     * it MUST leave nothing of the transaction written and the transaction
     * closed); commit(n > 1) merges level n into level n - 1 (releases the
     * savepoint; if that fails, the store calls rollback(n)). rollback(n) undoes every write since begin(n), audit
     * appends included, and closes level n; rollback MUST succeed when at
     * all possible, and after rollback(1) nothing of the transaction is
     * stored, whatever it returns. The store calls them strictly nested
     * (begin(n) only with n - 1 open; commit/rollback(n) only for the
     * innermost). Outside a transaction each put, del and audit_append is
     * its own transaction; the store wraps a put and its audit entry in
     * begin/commit itself. A transaction SHOULD take the write lock at
     * begin(1) (SQLite: BEGIN IMMEDIATE) so that it cannot fail later on a
     * lock upgrade.
     */
    int (*begin)(clm_store_backend *b, unsigned int depth);
    /** MUST. commit(1) makes the transaction durable, commit(n > 1) merges
     *  level n into level n - 1 (see begin). */
    int (*commit)(clm_store_backend *b, unsigned int depth);
    /** MUST. Undoes every write since begin(depth) and closes that level
     *  (see begin). */
    int (*rollback)(clm_store_backend *b, unsigned int depth);

    /**
     * MUST. Appends `e` to the audit log and sets *out to its seq: the
     * backend assigns seqs, strictly increasing in order of writing
     * (e->seq is ignored). e->before / e->after are full records (store
     * every field and the body: the log must give them back as they were);
     * e->note is never NULL. The store calls it only inside a transaction,
     * right after the put or del it describes. The log is append-only: no
     * callback ever changes or removes an entry, except rollback undoing an
     * append of its own transaction.
     * clm_record_encode() is there for backends that keep a record in one
     * column.
     */
    int (*audit_append)(int64_t *out, clm_store_backend *b, const clm_audit_entry *e);

    /**
     * MUST. Calls cb(entry, payload) for the entries matching f, in
     * ascending seq, stopping as scan does. Unlike scan, the filter MUST be
     * applied exactly (kind 0 = every kind; id NULL = every id; seq >=
     * from_seq).
     */
    int (*audit_scan)(clm_store_backend *b, const clm_audit_filter *f,
                      clm_audit_cb cb, void *payload);

    /**
     * MAY (NULL: the store counts with scan). *out = the number of records
     * matching f, exactly (all conditions applied).
     */
    int (*count)(int64_t *out, clm_store_backend *b, const clm_store_filter *f);

    /**
     * MUST. Releases the backend and everything it holds. Called once, by
     * clm_store_free(), after any open transaction was rolled back. Not
     * called if clm_store_new() failed (the caller still owns the backend).
     */
    void (*free)(clm_store_backend *b);

    /* ---- version 2 and later: a backend of version 1 has none of these,
     *      and the store does not read them from it ---------------------- */

    /**
     * MAY (both or neither; NULL: clm_store_keys_set()/_find() fail with
     * CLM_ENOTSUP). Replaces the lookup keys of the record (kind, id) with
     * keys[0 .. n) (n may be 0): the store has checked them, removed
     * duplicate pairs and sorted them by (name, value). CLM_ENOTFOUND if
     * there is no such record. The store calls it only inside a
     * transaction (it opens a level itself when the caller has none);
     * rollback MUST restore the keys as they were. Once a backend has
     * keys_set, its `del` MUST remove the record's keys with the record,
     * atomically; `put` leaves them as they are.
     */
    int (*keys_set)(clm_store_backend *b, clm_record_kind kind, const char *id,
                    const clm_record_key *keys, size_t n);

    /**
     * MAY (see keys_set). Calls cb(id, name, value, payload) for exactly
     * the keys of records of `kind` that match, in ascending byte order of
     * (name, value, id): name == NULL: every key of the kind (match is
     * then CLM_KEY_PREFIX and value ""); otherwise the keys called `name`
     * whose value equals `value` (CLM_KEY_EXACT) or starts with it
     * (CLM_KEY_PREFIX; "" = every value). Stops when cb returns nonzero and
     * returns that value. It MUST NOT read every key of the kind to do so
     * (an index range: the lookups are why the table exists).
     */
    int (*keys_find)(clm_store_backend *b, clm_record_kind kind, const char *name,
                     const char *value, clm_key_match match, clm_key_cb cb, void *payload);

    /* ---- version 3 and later: a backend of version 1 or 2 has none of
     *      these, and the store does not read them from it ---------------- */

    /**
     * MAY (NULL: the store calls get instead). As get, for the read an
     * audited write makes of the record it is about to change or delete
     * (the audit entry's before-image): the store calls it only inside a
     * transaction level it is about to write in. Until that transaction
     * ends, no other connection may change or delete the record read (nor
     * delete it and create it again with the same version), so the put or
     * del that follows changes exactly the record read. A backend whose
     * transactions already keep other writers out (SQLite: BEGIN IMMEDIATE
     * takes the write lock at the start), or that has one connection only
     * (memory), leaves it NULL; a server database
     * under READ COMMITTED needs it (PostgreSQL: SELECT ... FOR UPDATE).
     * Without it, two writers could interleave as: A reads version 1, B
     * deletes the record and creates it again (version 1), A's put of
     * version 1 replaces B's record while A's entry says it replaced the
     * one A read. Since it is called only before an audited write, a
     * backend whose audit_append serialises appenders with a lock held to
     * the end of the transaction may take that lock here, before the
     * record's: audited writers then wait for each other before holding
     * any row, instead of one holding a row while it waits for the log
     * and another holding the log while it waits for that row (a
     * deadlock; PostgreSQL does so). Errors: as get, plus CLM_EBUSY (the
     * record or the log is locked and the wait timed out, or a deadlock).
     */
    int (*get_for_write)(clm_record *out, clm_store_backend *b, clm_record_kind kind,
                         const char *id);
};

/** Static initialiser: version set, every callback NULL. */
#define CLM_STORE_BACKEND_INIT { .version = CLM_STORE_BACKEND_VERSION }

/**
 * Zeroes *b and sets b->version = version (for bindings and for backends
 * embedded in a larger struct).
 * Errors: CLM_EINVAL (NULL), CLM_EVERSION (a version this libclm does not
 * know). *b untouched on error. Thread-safe (for different structs).
 */
CLM_API int clm_store_backend_init(clm_store_backend *b, unsigned int version);

/**
 * Records the calling thread's last error for a backend and returns
 * `code`, so a callback can `return clm_store_backend_fail(CLM_EIO,
 * "disk full writing %s", path);`. `code` should be one of the codes the
 * callback may return. Thread-safe (per thread).
 */
CLM_API int clm_store_backend_fail(int code, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- libclm's backends, for stacking or wrapping ------------------------
 * Each returns a new backend owned by the caller until clm_store_new()
 * takes it; a caller that does not hand it over frees it with
 * backend->free(backend). clm_store_open_*() are these plus
 * clm_store_new(). */

/** The in-memory backend. Errors: CLM_EINVAL, CLM_ENOMEM. Thread-safe (each
 *  call makes its own; a backend is then used by one thread at a time). */
CLM_API int clm_store_backend_memory_new(clm_store_backend **out);

/** The SQLite backend; `path` and `opts` as clm_store_open_sqlite(), same errors. */
CLM_API int clm_store_backend_sqlite_new(clm_store_backend **out, const char *path,
                                         const clm_store_sqlite_options *opts);

/** The PostgreSQL backend; as clm_store_open_postgres(), same errors. */
CLM_API int clm_store_backend_postgres_new(clm_store_backend **out,
                                           const char *conninfo);

/* ---- a portable encoding of a record ------------------------------------ */

/**
 * Encodes `r` (which must pass clm_record_check(), except that version may
 * be anything >= 0) as bytes that clm_record_decode() reads back on any
 * platform: every field, the body included, little-endian, with a format
 * tag. For backends that keep a whole record in one column or file, and for
 * audit before/after images. *out is allocated with libclm's allocator:
 * free it with clm_free(). *len is its size.
 * Errors: CLM_EINVAL, CLM_ELIMIT (as clm_record_check()), CLM_ENOMEM.
 * Outputs untouched on error. Thread-safe.
 */
CLM_API int clm_record_encode(void **out, size_t *len, const clm_record *r);

/**
 * Decodes what clm_record_encode() wrote into a new record (one
 * allocation, free with clm_record_free()). The input is untrusted: any
 * truncation, bad tag, bad length or a result failing clm_record_check()
 * is CLM_EPARSE, never a crash.
 * Errors: CLM_EINVAL (NULL), CLM_EPARSE, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_record_decode(clm_record **out, const void *data, size_t len);

CLM_END_DECLS

#endif /* CLM_SYS_STORE_BACKEND_H */
