/*
 * store_random_writers.h — several processes writing the same records of
 * one shared database at random, then a check that nothing was lost.
 *
 * Each process opens its own handle (open() runs in the child, after the
 * fork), then for `ops` rounds picks one of a few records and does an
 * audited create, update (a counter in the amount goes up by one, the
 * state and body change) or delete, or a transaction of two to four such
 * writes that it commits or rolls back, reading each record before it
 * writes it. A conflict (CLM_ECONFLICT, CLM_EEXISTS, CLM_ENOTFOUND: another
 * process got there first) or a busy database (CLM_EBUSY) rolls back what
 * is open and tries again with a fresh read; any other error fails the
 * run. Each process counts the changes it committed.
 *
 * Then, on a handle of the caller's: the audit log, replayed in seq order
 * from an empty store, gives exactly the records the store holds (a serial
 * replay of the committed operations); each entry's before is the previous
 * entry's after for that record (no lost update: every change started
 * from the version it replaced), versions run 1, 2, 3... from each create,
 * and there is one entry per committed change (the processes' counts add
 * up to the entries).
 */
#ifndef CLM_TEST_STORE_RANDOM_WRITERS_H
#define CLM_TEST_STORE_RANDOM_WRITERS_H

#include "clm/store.h"

typedef int (*random_writers_open)(clm_store **out, void *payload);

typedef struct random_writers_result {
    long committed;  /* changes committed, all processes */
    long retries;    /* conflicts and busy errors retried */
    long rollbacks;  /* transactions rolled back on purpose */
    long entries;    /* audit entries found */
} random_writers_result;

/* Runs `procs` processes of `ops` rounds each, seeded from `seed`, then
 * checks `check` (a handle on the same database, opened by the caller
 * before or after) as above; fails the cmocka test on any breach. */
void random_writers_run(random_writers_result *out, random_writers_open open, void *payload,
                        clm_store *check, int procs, int ops, unsigned seed);

#endif
