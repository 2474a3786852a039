/* alloc.c — the process-wide allocator hook. */
#include <stdlib.h>
#include <string.h>

#include "clm/alloc.h"
#include "clm/error.h"
#include "core/core.h"

static void *default_malloc(size_t size, void *payload)
{
    (void)payload;
    return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *payload)
{
    (void)payload;
    return realloc(ptr, size);
}

static void default_free(void *ptr, void *payload)
{
    (void)payload;
    free(ptr);
}

static clm_allocator current = {
    CLM_ALLOCATOR_VERSION, default_malloc, default_realloc, default_free, NULL
};

int clm_allocator_init(clm_allocator *a)
{
    if (a == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_allocator_init: allocator is NULL");
    clm_allocator init = CLM_ALLOCATOR_INIT;
    *a = init;
    return 0;
}

int clm_allocator_set(const clm_allocator *a)
{
    if (a == NULL) {
        clm_allocator def = {
            CLM_ALLOCATOR_VERSION, default_malloc, default_realloc, default_free, NULL
        };
        current = def;
        return 0;
    }
    if (clm_core__check_version(a->version, CLM_ALLOCATOR_VERSION, "allocator") < 0)
        return CLM_EVERSION;
    if (a->malloc_fn == NULL || a->realloc_fn == NULL || a->free_fn == NULL)
        return clm_core__fail_at(CLM_EINVAL,
                            a->malloc_fn == NULL ? "malloc_fn" : a->realloc_fn == NULL ? "realloc_fn" : "free_fn",
                            NULL, 0, "clm_allocator_set: every allocation function is required");
    current = *a;
    return 0;
}

void *clm_core__malloc(size_t size)
{
    if (size == 0)
        return NULL;
    return current.malloc_fn(size, current.payload);
}

void *clm_core__calloc(size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total) || total == 0)
        return NULL;
    void *p = current.malloc_fn(total, current.payload);
    if (p != NULL)
        memset(p, 0, total);
    return p;
}

void *clm_core__realloc(void *ptr, size_t size)
{
    if (size == 0)
        return NULL;
    if (ptr == NULL)
        return current.malloc_fn(size, current.payload);
    return current.realloc_fn(ptr, size, current.payload);
}

void *clm_core__reallocarray(void *ptr, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total))
        return NULL;
    return clm_core__realloc(ptr, total);
}

void clm_core__free(void *ptr)
{
    if (ptr != NULL)
        current.free_fn(ptr, current.payload);
}

char *clm_core__strndup(const char *s, size_t n)
{
    if (s == NULL)
        return NULL;
    char *d = clm_core__malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *clm_core__strdup(const char *s)
{
    return s == NULL ? NULL : clm_core__strndup(s, strlen(s));
}

void *clm_malloc(size_t size)
{
    return clm_core__malloc(size);
}

void clm_free(void *ptr)
{
    clm_core__free(ptr);
}
