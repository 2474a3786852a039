/*
 * store.h — where libclm keeps its records: the store handle.
 *
 * libclm does not own the user's database. The domain modules (clients,
 * contacts, offers, contracts, claims, policies, invoices, payments, orders)
 * read and write generic records through a store handle, and the handle
 * talks to a backend: the in-memory one (tests, examples), SQLite (the
 * embedded default), PostgreSQL (a shared server), or the user's own over
 * their CRM or ERP tables (include/clm/sys/store_backend.h).
 *
 * The model
 * ---------
 * A record (clm_record) is one domain object: its kind, its id, a version
 * for optimistic concurrency, the few fields the modules query on (client,
 * manager, state, name, category, a due date, an amount) and a body whose
 * encoding belongs to the domain module that owns the kind. Backends keep
 * the indexed fields in real columns, so a user's reports can read them;
 * the body is opaque bytes to the store.
 *
 *     clm_store *st;
 *     clm_store_open_sqlite(&st, "/var/lib/app/clm.db", NULL);
 *     clm_record r = CLM_RECORD_INIT;
 *     r.kind = CLM_RECORD_CLIENT; r.id = "c-42"; r.name = "Vostok LLC";
 *     r.manager = "ivanov"; r.state = "new";
 *     clm_actor who = { "ivanov", "manager", now };
 *     int64_t v;
 *     if (clm_store_put_audited(&v, st, &who, &r, NULL) < 0) ...   // v == 1
 *
 * Versions and conflicts (optimistic concurrency)
 * -----------------------------------------------
 * Every stored record carries a version, starting at 1. A put names the
 * version it read: 0 creates a new record (CLM_EEXISTS if the id is taken);
 * v > 0 replaces version v and stores v + 1 (CLM_ECONFLICT if the stored
 * version is not v, CLM_ENOTFOUND if there is no such record). A delete
 * names the version too. So two writers that read the same version never
 * silently overwrite each other: one wins, the other gets CLM_ECONFLICT,
 * re-reads and decides again. A failed put or delete changes nothing.
 *
 * Audit log
 * ---------
 * The store keeps an append-only audit log: who (user, role), when, which
 * record (kind, id, version), what changed (the record before and after).
 * clm_store_put_audited() and clm_store_delete_audited() write the change
 * and its one audit entry atomically: both or neither. Domain modules only
 * use these; clm_store_put()/clm_store_delete() (no entry) are for imports,
 * migrations and tests.
 *
 * Transactions
 * ------------
 * clm_store_begin() / clm_store_commit() / clm_store_rollback(). They nest:
 * an inner begin opens a savepoint, and an inner rollback undoes only what
 * was done since the matching begin; nothing is durable until the
 * outermost commit. A write outside any transaction is its own
 * transaction. Reads inside a transaction see its writes. Isolation
 * between two handles on one database is what the backend gives (SQLite:
 * serialisable; PostgreSQL: read committed, with the version check making
 * lost updates impossible); the version rule holds in every case.
 *
 * Failures of the database itself (a full disk, an I/O error, a lost
 * server connection) are CLM_EIO with the database's message. Outside a
 * transaction such a call changed nothing. Inside one, the database may
 * have rolled back the whole transaction by itself (SQLite does so on a
 * full disk or an I/O error; PostgreSQL when the connection is lost): the
 * failing call says so ("... rolled back the whole transaction ..."), and
 * from then on every call on the handle but clm_store_rollback() fails
 * with CLM_EIO, so no later write can be committed on its own; rolling
 * back the outermost level makes the handle usable again.
 *
 * A broken level. A few domain writes made of several store calls (a
 * client save, clm_client_store_save(): its record, its audit entry and
 * its lookup keys) open no nested level inside a caller's transaction,
 * because a nested level is a savepoint the database pays for on every
 * page it touches. They check everything that can be refused (versions,
 * ids taken, duplicates, keys) before their first write, so a refusal
 * leaves the caller's transaction open and intact. Only a failure of the
 * storage itself after their first write (CLM_EIO, CLM_EBUSY, CLM_ENOMEM)
 * can leave part of such a write in the caller's transaction; then the
 * handle is broken: the failing call returns its error, every later call
 * but clm_store_rollback() fails with CLM_EIO saying so, and
 * clm_store_commit() rolls the innermost level back (returning CLM_EIO)
 * instead of committing it. Rolling back the level the write ran in
 * undoes the partial write with the rest of that level and makes the
 * handle usable again. So half a record is never committed. Outside a
 * transaction those writes are their own transaction and a failure
 * changes nothing.
 *
 * Reconnecting (PostgreSQL): a connection that broke (the server
 * restarted, a network failure, the session was terminated) is
 * re-established by the next call made outside a transaction; a read or
 * a BEGIN that meets the broken connection is retried once on the new one,
 * a write is not (whether the server applied it is unknown: CLM_EIO says
 * so, and the caller re-reads). While the server is down every call fails
 * with CLM_EIO and changes nothing; the first call after it is back works.
 * A connection lost during the outermost commit leaves its outcome unknown
 * (CLM_EIO says so): re-read before deciding again.
 *
 * A SQLite database file without write permission opens if its schema is
 * current: reads work, and every write fails with CLM_EIO naming the
 * read-only database.
 *
 * Scans
 * -----
 * clm_store_scan() calls back once per record of one kind that matches a
 * filter (client, manager, state, category, due date range), in ascending
 * byte order of id. The choice of a callback over a cursor is deliberate:
 * a cursor would keep a backend statement open between calls, which every
 * backend then has to make safe against writes; a callback bounds that to
 * one call. A caller that wants a list collects the records it is given
 * (clm_record_dup()). The callback must not call the store being scanned
 * (CLM_EBUSY); collect first, then write.
 *
 * Ownership
 * ---------
 * Records passed in are borrowed for the call: the store copies what it
 * keeps. Records handed out by clm_store_get() and clm_record_dup() are one
 * allocation each, owned by the caller, freed with clm_record_free().
 * Records and audit entries given to callbacks are borrowed for the
 * duration of the callback only.
 *
 * Thread safety
 * -------------
 * A store handle is used by one thread at a time (it holds the transaction
 * state and, for SQLite and PostgreSQL, one connection). Several handles
 * (in one process or several) may open the same database concurrently;
 * that is what the version rule is for. The clm_record_* helpers are pure
 * functions of their arguments and thread-safe.
 */
#ifndef CLM_STORE_H
#define CLM_STORE_H

#include "common.h"
#include "actor.h"
#include "date.h"
#include "error.h"
#include "money.h"

CLM_BEGIN_DECLS

/* ---- records --------------------------------------------------------- */

/**
 * What a record is. Values are stable across releases; new kinds are
 * appended (the gaps between families leave room for related kinds).
 */
typedef enum clm_record_kind {
    CLM_RECORD_CLIENT          = 1,
    CLM_RECORD_CONTACT         = 2,  /**< a contact-log entry (call, letter, visit) */
    CLM_RECORD_TASK            = 3,  /**< a due task (follow-up, callback) */
    CLM_RECORD_CATEGORY_POLICY = 4,
    CLM_RECORD_DISCOUNT_POLICY = 5,
    CLM_RECORD_OFFER           = 6,
    CLM_RECORD_CONTRACT        = 7,
    CLM_RECORD_CLAIM           = 8,
    CLM_RECORD_INVOICE         = 9,
    CLM_RECORD_PAYMENT         = 10,
    CLM_RECORD_ORDER           = 11,
    CLM_RECORD_COUPON          = 12  /**< a coupon and its uses (discount_coupon.h) */
} clm_record_kind;

/** Limits, in bytes; longer values fail with CLM_ELIMIT. */
#define CLM_RECORD_ID_MAX     255          /**< an id */
#define CLM_RECORD_FIELD_MAX  1024         /**< an indexed text field */
#define CLM_RECORD_BODY_MAX   (16u << 20)  /**< a body: 16 MiB */
#define CLM_RECORD_NOTE_MAX   4096         /**< an audit note */

/** The `due` of a record that has no due date (outside every valid date). */
#define CLM_RECORD_NO_DUE INT32_MIN

/**
 * A record: a transparent value. The caller fills one in to write it; the
 * strings and the body are borrowed for the call.
 *
 * Rules (checked by clm_record_check() and by every function that takes a
 * record; violations fail with CLM_EINVAL, CLM_ELIMIT for lengths, or
 * CLM_ECURRENCY for a currency code libclm does not know):
 *  - `kind` is one of clm_record_kind.
 *  - `id` is non-empty valid UTF-8 without control characters (bytes below
 *    0x20 and 0x7F), at most CLM_RECORD_ID_MAX bytes. Ids compare as bytes.
 *  - `version` >= 0 (see "Versions" above; 0 = create).
 *  - each indexed text field is NULL (absent) or non-empty valid UTF-8 of at
 *    most CLM_RECORD_FIELD_MAX bytes. "" is rejected rather than stored, so
 *    that no backend has to tell "" from absent (SQL databases disagree).
 *  - `due` is a valid date (CLM_DATE_MIN..CLM_DATE_MAX) or CLM_RECORD_NO_DUE.
 *  - `amount`: currency "" with amount 0 (absent), or a known ISO 4217 code.
 *  - `body`: body_len bytes, at most CLM_RECORD_BODY_MAX; body may be NULL
 *    only when body_len is 0. Records read back have body == NULL exactly
 *    when body_len == 0.
 *
 * What the indexed fields hold, by kind, is the owning module's contract;
 * the suggested use: client_id = the client a record belongs to; manager =
 * the responsible user; state = the lifecycle state ("new", "sent",
 * "overdue"...); name = a display name; category = a client's category;
 * due = a claim's deadline, an invoice's due date, an offer's acceptance
 * term, a task's date; amount = what a credit check adds into exposure (an
 * open invoice's balance, a confirmed order's amount).
 */
typedef struct clm_record {
    clm_record_kind kind;
    const char *id;
    int64_t version;
    const char *client_id;
    const char *manager;
    const char *state;
    const char *name;
    const char *category;
    clm_date due;
    clm_money amount;
    const void *body;
    size_t body_len;
} clm_record;

/** Static initialiser: no kind, no id, version 0, every field absent. */
#define CLM_RECORD_INIT { .due = CLM_RECORD_NO_DUE }

/** Sets *r as CLM_RECORD_INIT does (for bindings). Errors: CLM_EINVAL (NULL).
 *  Thread-safe. */
CLM_API int clm_record_init(clm_record *r);

/**
 * Checks `r` against the rules above. Errors: CLM_EINVAL (the last error
 * names the field at fault), CLM_ELIMIT. Thread-safe.
 */
CLM_API int clm_record_check(const clm_record *r);

/**
 * A deep copy of `r` in one allocation (strings and body included), owned
 * by the caller; free it with clm_record_free(). `r` need not pass
 * clm_record_check() (a copy is a copy), but its strings must be
 * NUL-terminated and body readable for body_len bytes.
 * Errors: CLM_EINVAL (NULL), CLM_ENOMEM. *out untouched on error.
 * Thread-safe.
 */
CLM_API int clm_record_dup(clm_record **out, const clm_record *r);

/**
 * Frees a record that libclm allocated (clm_store_get(), clm_record_dup(),
 * clm_record_decode()). NULL is a no-op. Never pass a record you filled in
 * yourself. Thread-safe (for different records).
 */
CLM_API void clm_record_free(clm_record *r);

/**
 * 1 if a and b are equal in every field (strings by content, NULL equal
 * only to NULL, bodies by bytes, body NULL/0 equal to any empty body),
 * 0 otherwise or if either is NULL. Thread-safe.
 */
CLM_API int clm_record_equal(const clm_record *a, const clm_record *b);

/**
 * The kind's name: "client", "contact", "task", "category_policy",
 * "discount_policy", "offer", "contract", "claim", "invoice", "payment",
 * "order", "coupon". NULL for a value that is not a kind. Static string; thread-safe.
 */
CLM_API const char *clm_record_kind_name(clm_record_kind kind);

/**
 * The kind named `name` (as clm_record_kind_name() spells it).
 * Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (no such kind). *out untouched
 * on error.
 * Thread-safe.
 */
CLM_API int clm_record_kind_from_name(clm_record_kind *out, const char *name);

/* ---- the handle ------------------------------------------------------ */

typedef struct clm_store clm_store;

/* Defined in clm/sys/store_backend.h; only implementers need its fields. */
typedef struct clm_store_backend clm_store_backend;

/**
 * A store over `backend`. On success the store owns the backend and calls
 * its `free` callback from clm_store_free(); on failure the caller still
 * owns it.
 * Errors: CLM_EINVAL (NULL, a required callback missing), CLM_EVERSION
 * (backend->version unsupported), CLM_ENOMEM. *out untouched on error.
 * Thread safety: the new handle belongs to the calling thread until it
 * hands it over; a backend is given to one store only.
 */
CLM_API int clm_store_new(clm_store **out, clm_store_backend *backend);

/**
 * A new, empty in-memory store: the default for tests and examples, with
 * the same semantics as the persistent backends (versions, transactions,
 * audit log, scan order). Its contents die with the handle: two handles
 * never share one in-memory store.
 * Errors: CLM_EINVAL, CLM_ENOMEM. Thread-safe (each call makes its own).
 */
CLM_API int clm_store_open_memory(clm_store **out);

/** Options of the SQLite backend. */
typedef struct clm_store_sqlite_options {
    unsigned int version;    /**< CLM_STORE_SQLITE_OPTIONS_VERSION */
    /** How long a write waits for another connection's lock before it
     *  fails with CLM_EBUSY, in milliseconds (default 5000; 0 = fail at once). */
    int busy_timeout_ms;
    /** 0 (default): create the file if it does not exist; 1: fail with
     *  CLM_ENOTFOUND instead. */
    int must_exist;
} clm_store_sqlite_options;

#define CLM_STORE_SQLITE_OPTIONS_VERSION 1
#define CLM_STORE_SQLITE_OPTIONS_INIT \
    { .version = CLM_STORE_SQLITE_OPTIONS_VERSION, .busy_timeout_ms = 5000 }

/** Sets *o as CLM_STORE_SQLITE_OPTIONS_INIT does. Errors: CLM_EINVAL (NULL).
 *  Thread-safe. */
CLM_API int clm_store_sqlite_options_init(clm_store_sqlite_options *o);

/**
 * A store in the SQLite database file `path` (created with libclm's schema
 * if new; an older libclm schema is migrated in place, in one transaction).
 * The file is put in WAL mode, so readers do not block the writer, and
 * several processes may open it at once. Each handle keeps a page cache of
 * up to 64 MiB (SQLite's cache_size), filled only as pages are read.
 * `opts` may be NULL (defaults).
 *
 * Errors: CLM_EINVAL (NULL path or out, bad options), CLM_EVERSION (options
 * version; or the file's schema is newer than this libclm knows),
 * CLM_ENOTFOUND (must_exist and no file), CLM_EIO (cannot open, not a
 * database, or not a libclm database), CLM_EBUSY (locked longer than the
 * busy timeout during migration), CLM_ENOMEM, CLM_ENOTSUP (libclm built
 * without SQLite: meson option 'sqlite'). *out untouched on error; a
 * failed migration leaves the file as it was.
 * Thread safety: any thread may open its own handle on the same file, and
 * so may other processes; each handle is one SQLite connection used by one
 * thread at a time.
 */
CLM_API int clm_store_open_sqlite(clm_store **out, const char *path,
                                  const clm_store_sqlite_options *opts);

/**
 * A store in the PostgreSQL database that `conninfo` (a libpq connection
 * string or URI, passed to libpq as is) names, with the same schema as the
 * SQLite backend.
 * Errors: CLM_EINVAL, CLM_EIO (cannot connect), CLM_EVERSION (schema newer
 * than this libclm), CLM_ENOMEM, CLM_ENOTSUP (built without PostgreSQL:
 * meson option 'postgresql').
 * Thread safety: as clm_store_open_sqlite(): one connection per handle.
 */
CLM_API int clm_store_open_postgres(clm_store **out, const char *conninfo);

/**
 * Frees the store: rolls back any open transaction (every level), then
 * frees the backend. NULL is a no-op. Must not be called from inside a
 * scan callback of the same store. Thread safety: one thread per handle.
 */
CLM_API void clm_store_free(clm_store *st);

/* ---- reading --------------------------------------------------------- */

/**
 * Reads the record (kind, id). *out is a copy the caller owns (free with
 * clm_record_free()); its `version` is the one to name in the next put.
 * Errors: CLM_EINVAL (NULL, bad kind or id), CLM_ELIMIT (id too long),
 * CLM_ENOTFOUND, CLM_EBUSY (called from a scan callback), CLM_EIO,
 * CLM_ENOMEM. *out untouched on error.
 * Thread safety: one thread per handle.
 */
CLM_API int clm_store_get(clm_record **out, clm_store *st, clm_record_kind kind,
                          const char *id);

/** Which records a scan visits. All conditions must hold (AND). */
typedef struct clm_store_filter {
    unsigned int version;     /**< CLM_STORE_FILTER_VERSION */
    clm_record_kind kind;     /**< required */
    const char *client_id;    /**< NULL = any */
    const char *manager;      /**< NULL = any */
    const char *state;        /**< NULL = any */
    const char *category;     /**< NULL = any */
    /** Inclusive due-date range; CLM_RECORD_NO_DUE = unbounded on that side.
     *  With either bound set, records without a due date are excluded. */
    clm_date due_from;
    clm_date due_to;
} clm_store_filter;

#define CLM_STORE_FILTER_VERSION 1
#define CLM_STORE_FILTER_INIT \
    { .version = CLM_STORE_FILTER_VERSION, .due_from = CLM_RECORD_NO_DUE, \
      .due_to = CLM_RECORD_NO_DUE }

/** Sets *f as CLM_STORE_FILTER_INIT does. Errors: CLM_EINVAL (NULL).
 *  Thread-safe. */
CLM_API int clm_store_filter_init(clm_store_filter *f);

/**
 * Called once per record a scan visits. `rec` and everything it points to
 * are borrowed for the duration of the call (clm_record_dup() to keep it).
 * Return 0 to go on; any other value stops the scan, which then returns
 * that value (return a negative CLM_E* code for an error, or a positive
 * value of your own for "found, stop").
 */
typedef int (*clm_record_cb)(const clm_record *rec, void *payload);

/**
 * Calls `cb` for every record matching `f`, in ascending byte order of id.
 * Returns 0 after the last record, or the callback's nonzero value.
 * During the scan `cb` must not call any function on `st` (those calls fail
 * with CLM_EBUSY).
 * Errors: CLM_EINVAL (NULL st, f or cb; bad kind; "" in a text condition;
 * due_from > due_to), CLM_EVERSION (f->version), CLM_EBUSY (a scan is already
 * running on st), CLM_EIO, CLM_ENOMEM, or the callback's value.
 * Changes nothing. Thread safety: one thread per handle.
 */
CLM_API int clm_store_scan(clm_store *st, const clm_store_filter *f,
                           clm_record_cb cb, void *payload);

/**
 * *out = how many records match `f`. Same errors as clm_store_scan() (but
 * no callback). *out untouched on error. Thread safety: one thread per
 * handle.
 */
CLM_API int clm_store_count(int64_t *out, clm_store *st, const clm_store_filter *f);

/* ---- writing --------------------------------------------------------- */

/**
 * Creates (rec->version == 0) or replaces (rec->version == the stored
 * version) the record rec->kind/rec->id, without an audit entry (imports,
 * migrations, tests: domain changes use clm_store_put_audited()).
 * On success *out (if out is not NULL) is the new version: 1 for a created
 * record, rec->version + 1 for a replaced one. `rec` is not modified.
 *
 * Errors: CLM_EINVAL / CLM_ELIMIT / CLM_ECURRENCY (a record breaking the
 * rules of clm_record), CLM_EEXISTS (create, the id is taken), CLM_ECONFLICT (the
 * stored version is not rec->version), CLM_ENOTFOUND (replace, no such
 * record), CLM_EBUSY (from a scan callback; or the database stayed locked
 * past the busy timeout), CLM_EIO, CLM_ENOMEM. On error nothing changed
 * and *out is untouched; an enclosing transaction stays open and intact.
 * Thread safety: one thread per handle.
 */
CLM_API int clm_store_put(int64_t *out, clm_store *st, const clm_record *rec);

/**
 * Deletes the record kind/id whose stored version is `version`, without an
 * audit entry. Errors: CLM_EINVAL (bad kind or id, version < 1),
 * CLM_ENOTFOUND, CLM_ECONFLICT (stored version differs), CLM_EBUSY,
 * CLM_EIO, CLM_ENOMEM. On error nothing changed.
 * Thread safety: one thread per handle.
 */
CLM_API int clm_store_delete(clm_store *st, clm_record_kind kind, const char *id,
                             int64_t version);

/**
 * As clm_store_put(), and appends one audit entry in the same transaction:
 * actor `who` (checked with clm_actor_check(); who->at is the time
 * recorded), op CLM_AUDIT_CREATE or CLM_AUDIT_UPDATE, the record as it was
 * before (NULL for a create) and as it is after (with its new version), and
 * `note` (may be NULL; a reason, the rule that caused the change; at most
 * CLM_RECORD_NOTE_MAX bytes of UTF-8, without control characters other
 * than tab, LF and CR).
 * Either both the record and its entry are written or neither is: on any
 * error nothing changed (the enclosing transaction, if any, stays open and
 * intact). Errors: as clm_store_put(), plus CLM_EINVAL for a bad actor or
 * note, CLM_ELIMIT for a long note or when the transaction is already
 * nested 64 levels deep (the write needs one more level).
 * Thread safety: one thread per handle.
 */
CLM_API int clm_store_put_audited(int64_t *out, clm_store *st, const clm_actor *who,
                                  const clm_record *rec, const char *note);

/**
 * As clm_store_delete(), and appends one audit entry (op CLM_AUDIT_DELETE,
 * before = the deleted record, after = NULL) in the same transaction.
 * Both or neither, as clm_store_put_audited(). Thread safety: one thread
 * per handle.
 */
CLM_API int clm_store_delete_audited(clm_store *st, const clm_actor *who,
                                     clm_record_kind kind, const char *id,
                                     int64_t version, const char *note);

/* ---- transactions ---------------------------------------------------- */

/**
 * Opens a transaction, or, inside one, a nested level (a savepoint).
 * Errors: CLM_EINVAL (NULL), CLM_ELIMIT (nesting deeper than 64 levels),
 * CLM_EBUSY (from a scan callback; or the database is locked), CLM_EIO,
 * CLM_ENOMEM. On error the depth is unchanged.
 * Thread safety: one thread per handle (a transaction belongs to its
 * handle, and so to the thread using it).
 */
CLM_API int clm_store_begin(clm_store *st);

/**
 * Closes the innermost level keeping its writes; at the outermost level
 * makes every write of the transaction durable, all at once.
 * Errors: CLM_EINVAL (NULL), CLM_ESTATE (no transaction open), CLM_EBUSY
 * (from a scan callback: nothing happens then; or the database stayed
 * locked), CLM_EIO. If the commit itself fails, the level is rolled back
 * and closed: at the outermost level nothing of the transaction was
 * written. On a broken handle ("Transactions" above) it commits nothing:
 * it rolls the innermost level back, closes it and fails with CLM_EIO.
 * Thread safety: one thread per handle.
 */
CLM_API int clm_store_commit(clm_store *st);

/**
 * Closes the innermost level undoing every write made since its
 * clm_store_begin() (audit entries included). Errors: CLM_EINVAL,
 * CLM_ESTATE (no transaction open), CLM_EBUSY (from a scan callback: nothing
 * happens), CLM_EIO (the backend could not roll back; the level is closed
 * anyway, and at the outermost level the backend guarantees nothing was
 * committed). The one call a broken handle ("Transactions" above) takes:
 * rolling back the level that holds the partial write makes the handle
 * usable again. Thread safety: one thread per handle.
 */
CLM_API int clm_store_rollback(clm_store *st);

/** How many transaction levels are open (0 = none). 0 for NULL. Thread
 *  safety: one thread per handle. */
CLM_API unsigned int clm_store_depth(const clm_store *st);

/* ---- the audit log --------------------------------------------------- */

/** What an audit entry records. Values are stable. */
typedef enum clm_audit_op {
    CLM_AUDIT_CREATE = 1,
    CLM_AUDIT_UPDATE = 2,
    CLM_AUDIT_DELETE = 3
} clm_audit_op;

/**
 * One entry of the audit log, as a callback receives it (everything
 * borrowed for the duration of the callback).
 */
typedef struct clm_audit_entry {
    int64_t seq;             /**< position in the log: 1, 2, 3... in order of writing */
    clm_actor actor;         /**< who, in which role, when (actor.at) */
    clm_audit_op op;
    clm_record_kind kind;
    const char *id;
    int64_t version;         /**< the version after the change; for a delete, the version deleted */
    const char *note;        /**< "" if none; never NULL */
    const clm_record *before;/**< NULL for a create */
    const clm_record *after; /**< NULL for a delete */
} clm_audit_entry;

/** Which audit entries a scan visits. */
typedef struct clm_audit_filter {
    unsigned int version;    /**< CLM_AUDIT_FILTER_VERSION */
    clm_record_kind kind;    /**< 0 = every kind */
    const char *id;          /**< NULL = every id (needs a kind otherwise) */
    int64_t from_seq;        /**< entries with seq >= from_seq (0 or 1 = all) */
} clm_audit_filter;

#define CLM_AUDIT_FILTER_VERSION 1
#define CLM_AUDIT_FILTER_INIT { .version = CLM_AUDIT_FILTER_VERSION }

/** Sets *f as CLM_AUDIT_FILTER_INIT does. Errors: CLM_EINVAL (NULL).
 *  Thread-safe. */
CLM_API int clm_audit_filter_init(clm_audit_filter *f);

/** Called once per audit entry; the return value works as clm_record_cb's. */
typedef int (*clm_audit_cb)(const clm_audit_entry *entry, void *payload);

/**
 * Calls `cb` for every audit entry matching `f` (NULL = all), in ascending
 * seq order. Entries written in the current open transaction are visible
 * to it. The log is append-only: no function changes or removes an entry
 * (a rolled-back transaction never wrote its entries).
 * Errors: CLM_EINVAL (NULL st or cb, id without kind, bad kind),
 * CLM_EVERSION, CLM_EBUSY (during a scan), CLM_EIO, CLM_ENOMEM, or the
 * callback's value. Changes nothing. Thread safety: one thread per handle.
 */
CLM_API int clm_store_audit_scan(clm_store *st, const clm_audit_filter *f,
                                 clm_audit_cb cb, void *payload);

CLM_END_DECLS

#endif /* CLM_STORE_H */
