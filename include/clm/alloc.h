/*
 * alloc.h — allocator hooks.
 *
 * libclm allocates through one process-wide allocator. By default it is the
 * C library's malloc/realloc/free. A program may install its own (an arena,
 * a counting allocator, a test allocator that fails on demand) before it
 * makes any other libclm call.
 */
#ifndef CLM_ALLOC_H
#define CLM_ALLOC_H

#include "common.h"

CLM_BEGIN_DECLS

#define CLM_ALLOCATOR_VERSION 1

/**
 * A set of allocation functions. `version` must be CLM_ALLOCATOR_VERSION.
 * All three functions are required. `payload` is passed back as the last
 * argument of each. Semantics are those of malloc/realloc/free; libclm never
 * calls malloc with size 0, never calls realloc with a NULL pointer or a zero
 * size, and never passes NULL to free.
 */
typedef struct clm_allocator {
    unsigned int version;                                       /**< CLM_ALLOCATOR_VERSION */
    void *(*malloc_fn)(size_t size, void *payload);             /**< as malloc() */
    void *(*realloc_fn)(void *ptr, size_t size, void *payload); /**< as realloc() */
    void (*free_fn)(void *ptr, void *payload);                  /**< as free() */
    void *payload;                                              /**< passed to each function */
} clm_allocator;

/** Static initialiser: version set, every function NULL. */
#define CLM_ALLOCATOR_INIT { .version = CLM_ALLOCATOR_VERSION }

/**
 * Initialises `a` as CLM_ALLOCATOR_INIT does (for bindings that cannot use
 * the macro). Returns CLM_EINVAL if `a` is NULL.
 */
CLM_API int clm_allocator_init(clm_allocator *a);

/**
 * Installs `a` as the process-wide allocator; NULL restores the C library's.
 * The struct is copied.
 *
 * Errors: CLM_EVERSION if a->version is not CLM_ALLOCATOR_VERSION;
 * CLM_EINVAL if a function is NULL. On error the current allocator stays.
 * Thread safety: NOT thread-safe. Call it before any other libclm call, or
 * while no other thread uses libclm and no libclm object allocated with the
 * previous allocator is still alive.
 */
CLM_API int clm_allocator_set(const clm_allocator *a);

/** Allocates through the installed allocator; for objects a caller must
 *  hand to libclm for freeing (rare; each such case says so). NULL on
 *  failure or when size is 0. Thread-safe if the allocator is. */
CLM_API void *clm_malloc(size_t size);

/** Frees memory that libclm allocated and handed over (strings returned by
 *  functions documented as "free with clm_free"). NULL is a no-op. */
CLM_API void clm_free(void *ptr);

CLM_END_DECLS

#endif /* CLM_ALLOC_H */
