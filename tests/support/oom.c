#include "oom.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "clm/alloc.h"
#include "clm/error.h"

/* Not thread-safe: the tests that use it run one thread. */
static long attempts;
static long live;
static long fail_from; /* absolute attempt number from which to fail; 0 = never */
static int installed;

static void *t_malloc(size_t size, void *payload)
{
    (void)payload;
    attempts++;
    if (fail_from > 0 && attempts >= fail_from)
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        live++;
    return p;
}

static void *t_realloc(void *ptr, size_t size, void *payload)
{
    (void)payload;
    attempts++;
    if (fail_from > 0 && attempts >= fail_from)
        return NULL;
    return realloc(ptr, size);
}

static void t_free(void *ptr, void *payload)
{
    (void)payload;
    live--;
    free(ptr);
}

void oom_install(void)
{
    if (installed)
        return;
    clm_allocator a = CLM_ALLOCATOR_INIT;
    a.malloc_fn = t_malloc;
    a.realloc_fn = t_realloc;
    a.free_fn = t_free;
    assert_int_equal(clm_allocator_set(&a), 0);
    installed = 1;
}

void oom_fail_after(long n)
{
    fail_from = n > 0 ? attempts + n : 0;
}

long oom_live(void)
{
    return live;
}

long oom_attempts(void)
{
    return attempts;
}

long oom_check(const oom_case *c)
{
    oom_install();
    for (long n = 1;; n++) {
        long baseline = live;
        oom_fail_after(0);
        void *state = c->setup != NULL ? c->setup() : NULL;
        oom_fail_after(n);
        int rc = c->op(state);
        oom_fail_after(0);
        if (rc == 0) {
            if (c->teardown != NULL)
                c->teardown(state);
            if (live != baseline)
                fail_msg("leak after the successful run: %ld allocation(s) live", live - baseline);
            return n - 1;
        }
        if (rc != CLM_ENOMEM)
            fail_msg("allocation %ld failed: expected CLM_ENOMEM, got %d (%s)", n, rc,
                     clm_error_last()->message);
        if (c->unchanged != NULL && !c->unchanged(state))
            fail_msg("allocation %ld failed and the objects changed", n);
        if (c->teardown != NULL)
            c->teardown(state);
        if (live != baseline)
            fail_msg("allocation %ld failed and %ld allocation(s) leaked", n, live - baseline);
        if (n > 1000000)
            fail_msg("operation never succeeded");
    }
}
