/*
 * radix.h — helpers the segmentation functions share. Not installed.
 *
 * ABC and RFM need only a few order statistics of the client base (the two
 * ABC boundaries, the four RFM quintile thresholds per measure), never the
 * full order. They find them by radix selection: passes over the caller's
 * read-only arrays that histogram one 11-bit digit of the values inside the
 * current candidate prefix, narrowing it level by level. That costs a few
 * linear scans and ~100 KiB of scratch instead of an n-element copy and
 * sort (and on machines where touching fresh memory is expensive, the copy
 * alone costs more than the whole selection).
 */
#ifndef CLM_SEGMENT_RADIX_H
#define CLM_SEGMENT_RADIX_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* 128-bit integers (the build requires them: see meson.build). */


#define CLM__DIGIT_BITS 11u
#define CLM__BUCKETS (1u << CLM__DIGIT_BITS)

/* Maps a signed value to an unsigned key with the same order. */
static inline uint64_t clm_segment__radix_key(int64_t v)
{
    return (uint64_t)v ^ (UINT64_C(1) << 63);
}

/* Number of significant bits of v (0 for 0). */
static inline unsigned clm_segment__bit_width(uint64_t v)
{
    return v == 0 ? 0u : 64u - (unsigned)__builtin_clzll(v);
}

#endif
