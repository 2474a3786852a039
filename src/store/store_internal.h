/*
 * store_internal.h — helpers shared by the store handle and libclm's own
 * backends (memory, SQLite, PostgreSQL). Not installed, not exported.
 */
#ifndef CLM_STORE_INTERNAL_H
#define CLM_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "clm/store.h"
#include "clm/sys/store_backend.h"

/* The last kind this build knows; kinds run 1..CLM__RECORD_KIND_LAST. */
#define CLM__RECORD_KIND_LAST CLM_RECORD_COUPON

/* Deepest transaction nesting the store allows (levels 1..this). */
#define CLM__STORE_DEPTH_MAX 64

static inline bool clm_store__record_kind_valid(clm_record_kind k)
{
    return (int)k >= 1 && (int)k <= (int)CLM__RECORD_KIND_LAST;
}

/* Checks an id as clm_record_check() does; `field` names it in the error. */
int clm_store__record_check_id(const char *id, const char *field);

/* Checks an optional text value: NULL is allowed when allow_null; otherwise
 * non-empty, valid UTF-8, at most max bytes. */
int clm_store__record_check_text(const char *s, size_t max, bool allow_null,
                           const char *field);

/* True if `r` (of kind f->kind) meets every condition of `f`. */
bool clm_store__record_matches(const clm_record *r, const clm_store_filter *f);

/* Checks a record filter (version, kind, conditions). */
int clm_store__filter_check(const clm_store_filter *f);

/* True if e matches the audit filter f (NULL = all). */
bool clm_store__audit_matches(const clm_audit_entry *e, const clm_audit_filter *f);

/*
 * Copies `r` into one allocation. lens[] are the byte lengths of id,
 * client_id, manager, state, name, category (in that order; ignored for
 * NULL strings), so the strings need not be NUL-terminated in `r`.
 */
int clm_store__record_build(clm_record **out, const clm_record *r, const size_t lens[6]);

/*
 * clm_record_encode() of a record known to pass clm_record_check() (an
 * audit entry's after image: the record the store checked before its
 * put, at the version the put stored), without checking it again.
 * Errors: CLM_ENOMEM.
 */
int clm_store__record_encode(void **out, size_t *len, const clm_record *r);

/*
 * The SQL table that holds a kind: records are grouped in families that
 * share a shape (clm_clients; clm_activities for contacts and tasks;
 * clm_policies; clm_deals for offers, contracts and orders; clm_claims;
 * clm_ledger for invoices and payments). NULL for an invalid kind. Every SQL
 * backend uses the same names so one schema serves SQLite and PostgreSQL.
 */
const char *clm_store__kind_table(clm_record_kind kind);

/* The families' table names, in a fixed order, and how many there are. */
#define CLM__STORE_FAMILIES 6
extern const char *const clm_store__family_tables[CLM__STORE_FAMILIES];
/* The family index (0..CLM__STORE_FAMILIES-1) of a valid kind. */
int clm_store__kind_family(clm_record_kind kind);

/* The audit op's name in SQL ("create", "update", "delete") and back. */
const char *clm_store__audit_op_name(clm_audit_op op);
int clm_store__audit_op_from_name(clm_audit_op *out, const char *name);

/*
 * The least string above every string that starts with `prefix` (valid
 * UTF-8, non-empty), for a range value >= prefix AND value < *out: the
 * prefix with its last code point raised by one (a surrogate skipped; a
 * U+10FFFF dropped and the one before raised), still valid UTF-8, so a
 * server that checks text accepts it. UTF-8 keeps code-point order in
 * byte order and no encoding is a prefix of another, so the range holds
 * exactly the strings with the prefix. *out NULL: no bound (the prefix is
 * all U+10FFFF). *out is freed with clm_core__free(). Errors: CLM_ENOMEM.
 */
int clm_store__prefix_upper(char **out, const char *prefix);

#endif /* CLM_STORE_INTERNAL_H */
