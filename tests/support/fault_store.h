/*
 * fault_store.h — a backend that fails on demand, and the walk that proves
 * a writing operation leaves no partial write behind.
 *
 * The fault backend wraps the in-memory backend: it forwards every call,
 * counts the storage calls (get, get_for_write, put, del, scan, count,
 * begin, commit, audit_append, audit_scan, keys_set, keys_find) and makes the Nth one fail with a chosen code
 * without forwarding it. rollback is never failed: it is how the store
 * recovers, and the backend contract says it succeeds when at all
 * possible. A failed commit(1) rolls the inner transaction back first, as
 * the contract asks of a commit that fails.
 *
 * fault_check() runs an operation once per storage call it makes, failing
 * the 1st, then the 2nd ... call, until the operation succeeds without a
 * fault. After each failure it asserts (cmocka) that the operation returned
 * the injected error, that no transaction level was left open, and that the
 * stored state (every record of every kind, and the audit log) is exactly
 * as the setup left it. Domain modules use it for every operation that
 * writes:
 *
 *     static void *setup(clm_store *st) { ... seed st ...; return my_state; }
 *     static int op(clm_store *st, void *state) { return clm_offer_accept(...); }
 *     fault_case c = { setup, op, NULL };
 *     fault_check(&c);
 */
#ifndef CLM_TEST_FAULT_STORE_H
#define CLM_TEST_FAULT_STORE_H

#include <stdbool.h>

#include "clm/store.h"
#include "clm/sys/store_backend.h"

typedef struct fault_backend fault_backend;

/* A store over a fault backend over a new in-memory backend. *fb stays
 * valid while the store lives (the store owns it). */
int fault_store_open(clm_store **out, fault_backend **fb);

/* The same over `inner` (any backend; the store owns it on success, the
 * caller on failure). */
int fault_store_wrap(clm_store **out, fault_backend **fb, clm_store_backend *inner);

/* From now on, the nth storage call (1-based) fails with `code`;
 * n = 0 never fails. Counting restarts. */
void fault_fail_at(fault_backend *fb, long n, int code);
/* Runs hook(payload) once, just before the next `call` ("put" or "del")
 * is forwarded to the inner backend: for a race, another handle's writes
 * between an operation's read and its write. */
void fault_hook_before(fault_backend *fb, const char *call, void (*hook)(void *payload),
                       void *payload);
/* Storage calls since the last fault_fail_at() (or since open). */
long fault_calls(const fault_backend *fb);
/* True if the armed failure has been injected. */
bool fault_fired(const fault_backend *fb);

typedef struct fault_case {
    /* Seeds the store (no faults armed); returns the op's state (may be NULL). */
    void *(*setup)(clm_store *st);
    /* The writing operation under test; returns 0 or a negative CLM_E* code. */
    int (*op)(clm_store *st, void *state);
    /* Frees the state. May be NULL. */
    void (*teardown)(void *state);
} fault_case;

/* Runs the walk described above for each code in {CLM_EIO, CLM_EBUSY};
 * returns how many storage calls the successful run made. */
long fault_check(const fault_case *c);

/* The same walk over another backend: new_inner(&b, payload) must return a
 * new backend on a fresh, empty store each time it is called. */
long fault_check_over(const fault_case *c, int (*new_inner)(clm_store_backend **out, void *payload),
                      void *payload);

#endif
