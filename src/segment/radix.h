/*
 * radix.h — the sort the segmentation functions share. Not installed.
 */
#ifndef CLM_SEGMENT_RADIX_H
#define CLM_SEGMENT_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* 128-bit integers (the build requires them: see meson.build). */
__extension__ typedef unsigned __int128 clm__u128;
__extension__ typedef __int128 clm__i128;

/* Maps a signed value to an unsigned key with the same order. */
static inline uint64_t clm__radix_key(int64_t v)
{
    return (uint64_t)v ^ (UINT64_C(1) << 63);
}

static inline int64_t clm__radix_unkey(uint64_t k)
{
    return (int64_t)(k ^ (UINT64_C(1) << 63));
}

/*
 * Sorts keys[0..n) ascending with an LSD radix sort of 11-bit digits,
 * skipping the digits every key shares (for amounts below 2^33, three of
 * the six passes). `tmp` is scratch of n keys and `hist` scratch of
 * CLM__RADIX_HIST counters. The sorted keys end in `keys`. O(n) per pass,
 * no allocation.
 */
#define CLM__RADIX_HIST (6u * 2048u)
void clm__radix_sort_u64(uint64_t *keys, uint64_t *tmp, size_t *hist, size_t n);

#endif
