/*
 * store_snapshot.h — the whole visible state of a store (every record of
 * every kind, and the audit log) captured as bytes, so a test can say
 * "exactly as before" after a failed write.
 */
#ifndef CLM_TEST_STORE_SNAPSHOT_H
#define CLM_TEST_STORE_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "clm/store.h"

typedef struct store_snapshot {
    unsigned char *data; /* malloc'ed (not libclm's allocator) */
    size_t len;
    long records;        /* how many records it holds */
    long entries;        /* how many audit entries */
} store_snapshot;

/* Captures st. Returns 0 or the store's error. Free with store_snapshot_free. */
int store_snapshot_take(store_snapshot *out, clm_store *st);
void store_snapshot_free(store_snapshot *s);
bool store_snapshot_equal(const store_snapshot *a, const store_snapshot *b);
/* Takes a snapshot of st and compares it with `before` (cmocka-asserts the
 * snapshot succeeds). */
bool store_snapshot_matches(const store_snapshot *before, clm_store *st);

#endif
