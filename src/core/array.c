/* array.c — the library's one growable array and one binary search. */
#include <assert.h>
#include <stdint.h>

#include "core/core.h"

int clm_core__grow(void **arr, size_t *cap, size_t need, size_t elem, const char *what)
{
    assert(arr != NULL && cap != NULL && elem > 0);
    assert(*arr != NULL || *cap == 0); /* a capacity always has its array */
    if (need <= *cap)
        return 0;
    size_t ncap = *cap < 8 ? 8 : *cap;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return clm_core__oom(what);
        ncap *= 2;
    }
    if (elem != 0 && ncap > SIZE_MAX / elem)
        return clm_core__oom(what);
    void *p = clm_core__reallocarray(*arr, ncap, elem);
    if (p == NULL)
        return clm_core__oom(what);
    *arr = p;
    *cap = ncap;
    return 0;
}

size_t clm_core__lower_bound(const void *key, const void *base, size_t n, size_t size,
                             int (*cmp)(const void *key, const void *elem))
{
    assert(cmp != NULL && size > 0);
    assert(base != NULL || n == 0);
    const unsigned char *b = base;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(key, b + mid * size) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* everything before lo sorts before key */
    assert(lo == 0 || cmp(key, b + (lo - 1) * size) > 0);
    return lo;
}
