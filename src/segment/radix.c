/*
 * radix.c — LSD radix sort of 64-bit keys for the segmentation functions.
 *
 * ABC and RFM need the order of up to millions of values; a comparison sort
 * costs ~n log n compares with unpredictable branches, while six counting
 * passes of 11 bits cost a few ns per value, and passes whose digit is the
 * same for every key (the high bits of realistic amounts) are skipped.
 */
#include "radix.h"

#include <string.h>

#define DIGIT_BITS 11
#define DIGITS 6 /* ceil(64 / 11) */
#define BUCKETS (1u << DIGIT_BITS)

void clm__radix_sort_u64(uint64_t *keys, uint64_t *tmp, size_t *hist, size_t n)
{
    if (n < 2)
        return;
    /* One pass builds the histograms of all digits. */
    _Static_assert(CLM__RADIX_HIST == DIGITS * BUCKETS, "histogram size");
    memset(hist, 0, CLM__RADIX_HIST * sizeof *hist);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = keys[i];
        for (unsigned d = 0; d < DIGITS; d++)
            hist[d * BUCKETS + ((k >> (d * DIGIT_BITS)) & (BUCKETS - 1))]++;
    }
    uint64_t *src = keys, *dst = tmp;
    for (unsigned d = 0; d < DIGITS; d++) {
        size_t *h = hist + d * BUCKETS;
        unsigned shift = d * DIGIT_BITS;
        /* Every key has the same digit: this pass would not move anything. */
        if (h[(src[0] >> shift) & (BUCKETS - 1)] == n)
            continue;
        size_t sum = 0;
        for (unsigned b = 0; b < BUCKETS; b++) {
            size_t c = h[b];
            h[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t k = src[i];
            dst[h[(k >> shift) & (BUCKETS - 1)]++] = k;
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != keys)
        memcpy(keys, src, n * sizeof *keys);
}
