/*
 * store_memory_test — the conformance suite on the in-memory backend, plus
 * what is particular to it and to the handle (backend vtable checks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "clm/store.h"
#include "clm/sys/store_backend.h"
#include "store_conformance.h"

static int open_memory(clm_store **out, void *payload)
{
    (void)payload;
    return clm_store_open_memory(out);
}

int main(void)
{
    store_conformance c = { "store conformance: memory", open_memory, NULL, NULL, NULL, true };
    return store_conformance_run(&c);
}
