/*
 * oom.h — the failing allocator and the OOM walk every module's tests use.
 *
 * oom_check() runs an operation once per allocation it makes, failing the
 * 1st, then the 2nd, then the 3rd ... allocation, until the operation
 * succeeds. After each failure it asserts (cmocka) that:
 *   - the operation returned CLM_ENOMEM,
 *   - case->unchanged(state) says the objects are exactly as before,
 *   - after teardown, no allocation made since setup is still live (no leak).
 * Then it asserts the successful run leaks nothing either.
 */
#ifndef CLM_TEST_OOM_H
#define CLM_TEST_OOM_H

#include <stdbool.h>

typedef struct oom_case {
    /* Builds the objects the operation works on; its allocations never fail.
     * May be NULL (state is then NULL). */
    void *(*setup)(void);
    /* The operation under test; returns 0 or a negative CLM_E* code. */
    int (*op)(void *state);
    /* After a failed op: true if the objects are exactly as setup left them.
     * May be NULL when op has no objects to change. */
    bool (*unchanged)(void *state);
    /* Frees everything setup and op made. May be NULL. */
    void (*teardown)(void *state);
} oom_case;

/* Installs the counting allocator (idempotent). oom_check calls it itself. */
void oom_install(void);
/* Allocation number n (1-based, counted from now) and every later one fails;
 * 0 disables failing. */
void oom_fail_after(long n);
/* Allocations currently live through the libclm allocator. */
long oom_live(void);
/* Allocations attempted since install. */
long oom_attempts(void);

/* Runs the walk described above; returns how many failure points it ran
 * (the allocations the successful run made). */
long oom_check(const oom_case *c);

#endif
