/*
 * store_conformance.h — the one conformance suite every storage backend
 * passes (memory, SQLite, PostgreSQL, examples/custom-store.c, and yours).
 *
 * It drives a backend through the public store API (clm/store.h) and checks
 * every rule of clm/sys/store_backend.h: get/put/delete, the version rule
 * (CLM_ECONFLICT, CLM_EEXISTS, CLM_ENOTFOUND), kinds as separate name
 * spaces, scans (id order, every filter, early stop, re-entry refused),
 * count, transactions (commit, rollback, nesting, the depth limit), the
 * audit log (entries, filters, atomicity with the change), bad arguments,
 * limits, and OOM walks where libclm allocates. With `reopen` it also
 * checks persistence, isolation between handles and two handles racing on
 * one version.
 *
 *     static int open_mine(clm_store **out, void *payload) { ... empty store ... }
 *     int main(void) {
 *         store_conformance c = { "mine", open_mine, NULL, NULL, NULL, true };
 *         return store_conformance_run(&c);
 *     }
 */
#ifndef CLM_TEST_STORE_CONFORMANCE_H
#define CLM_TEST_STORE_CONFORMANCE_H

#include <stdbool.h>

#include "clm/store.h"

typedef struct store_conformance {
    /* Names the cmocka group. */
    const char *name;
    /* REQUIRED. Opens a new handle on a fresh, EMPTY store (no record, no
     * audit entry). Called at the start of every test and every OOM step. */
    int (*open)(clm_store **out, void *payload);
    /* OPTIONAL (persistent backends). Opens another handle on the same
     * storage as the last `open`; both may be open at once. */
    int (*reopen)(clm_store **out, void *payload);
    /* OPTIONAL. Called after every test, once its handles are freed
     * (remove files, drop tables). */
    void (*cleanup)(void *payload);
    void *payload;
    /* Run the OOM walks (oom.h). They open a store per allocation, so a slow
     * backend may turn them off; the memory backend keeps them on. */
    bool oom;
} store_conformance;

/* Runs the suite; returns the number of failed tests (0 = conformant). */
int store_conformance_run(const store_conformance *c);

#endif
