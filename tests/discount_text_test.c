/*
 * discount_text_test.c — the trace's formatter (src/discount/text.c) gives
 * snprintf()'s text, truncation and return value for random formats,
 * arguments and buffer sizes, the conversions it handles itself and the
 * ones it hands to vsnprintf(); so does its path for formats that live as
 * long as the library (clm_discount__vfmt_static); and the splitter of a
 * sentence written with marks (clm_discount__marks_split) finds its
 * pieces only when each mark is there once and in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "discount_internal.h"

static uint64_t rng = 0x853c49e6748fea9bULL;

static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

static void same(size_t size, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void same(size_t size, const char *fmt, ...)
{
    char want[600], got[600], split[600];
    memset(want, 'W', sizeof want);
    memset(got, 'W', sizeof got);
    memset(split, 'W', sizeof split);
    va_list ap, aq, as;
    va_start(ap, fmt);
    va_copy(aq, ap);
    va_copy(as, ap);
    int rw = vsnprintf(size ? want : NULL, size, fmt, ap);
    int rg = clm_discount__vfmt(size ? got : NULL, size, fmt, aq);
    /* every format here is a literal: the static formats' path too */
    int rs = clm_discount__vfmt_static(size ? split : NULL, size, fmt, as);
    va_end(as);
    va_end(aq);
    va_end(ap);
    if (rw != rg || memcmp(want, got, sizeof want) != 0)
        fail_msg("format \"%s\" size %zu: snprintf %d \"%.*s\", formatter %d \"%.*s\"", fmt, size,
                 rw, size ? (int)strnlen(want, size) : 0, want, rg,
                 size ? (int)strnlen(got, size) : 0, got);
    if (rw != rs || memcmp(want, split, sizeof want) != 0)
        fail_msg("format \"%s\" size %zu: snprintf %d \"%.*s\", static formatter %d \"%.*s\"",
                 fmt, size, rw, size ? (int)strnlen(want, size) : 0, want, rs,
                 size ? (int)strnlen(split, size) : 0, split);
}

static void test_fixed_cases(void **state)
{
    (void)state;
    same(64, "plain text");
    same(64, "100%% off");
    same(64, "%s and %s", "a", "bc");
    same(64, "%s%s", "", "");
    same(64, "%s", "");
    same(200, "%s (%s %s%s) and a long tail of text after the last conversion", "5% off",
         "on the base:", "1506.372 RUB", ", cut to the amount left");
    /* more conversions than the static path splits: the general path */
    same(64, "%s%s%s%s%s%s%s", "1", "2", "3", "4", "5", "6", "7");
    same(64, "%s%s%s%s%s%s%s%s", "1", "2", "3", "4", "5", "6", "7", "8");
    same(9, "%s%s%s%s%s%s%s%s", "1", "2", "3", "4", "5", "6", "7", "8");
    same(5, "%s", "truncated here");
    same(1, "%s", "nothing fits");
    same(0, "%s", "no buffer");
    same(64, "%.3s|%.*s|%.0s", "abcdef", 2, "xyz", "gone");
    same(64, "%6s|%-6s|%2s", "ab", "cd", "long");
    same(64, "%d %d %d", 0, -1, 2147483647);
    same(64, "%d", -2147483647 - 1);
    same(64, "%ld %lld", (long)INT64_MIN, (long long)INT64_MAX);
    same(64, "%" PRId64 " %" PRIu64 " %" PRId32, INT64_MIN, UINT64_MAX, (int32_t)-7);
    same(64, "%zu %u", (size_t)SIZE_MAX, 4000000000u);
    same(64, "%05d|%-5d|%5d|%+d|% d|%+05d", 42, 42, -42, 42, 42, -42);
    same(64, "%0*" PRIu64 "|%0*" PRId64, 2, (uint64_t)5, 6, (int64_t)-123);
    same(64, "%0*" PRIu64, 0, (uint64_t)0);
    same(64, "%c%c", 'o', 'k');
    same(64, "%*d|%-*d", 6, 12, 6, 12);
    same(64, "%*d", -6, 12);           /* to vsnprintf */
    same(64, "%x %o %.2f", 255u, 8u, 1.5); /* to vsnprintf */
    same(64, "%.3d", 7);                /* to vsnprintf */
    const char *volatile none = NULL; /* hidden from the compiler's format checks */
    same(64, "%s", none);
    same(64, "%.3s|%.6s", none, none);
}

static const char *const words[] = { "", "a", "RUB", "rule-17", "exclusion group",
                                     "line's share of 100.00 RUB off the document",
                                     "naïve ü text" };

static void test_random_cases(void **state)
{
    (void)state;
    for (int round = 0; round < 20000; round++) {
        size_t size = (size_t)(next() % 80);
        int64_t v = (int64_t)next() >> (next() % 64);
        uint64_t u = next() >> (next() % 64);
        const char *s = words[next() % (sizeof words / sizeof *words)];
        int w = (int)(next() % 12), p = (int)(next() % 8);
        switch (next() % 12) {
        case 0: same(size, "x %s y", s); break;
        case 1: same(size, "%" PRId64 " minor", v); break;
        case 2: same(size, "%s%" PRIu64 ".%0*" PRIu64 " %s", v < 0 ? "-" : "", u / 100, w, u % 100, s); break;
        case 3: same(size, "%.*s|%*s|%-*s", p, s, w, s, w, s); break;
        case 4: same(size, "%zu lines%s", (size_t)u, s); break;
        case 5: same(size, "%0*" PRId64 "|%-*" PRId64 "|%*" PRId64, w, v, w, v, w, v); break;
        case 6: same(size, "%+" PRId64 "|% " PRId64, v, v); break;
        case 7: same(size, "%d%%", (int)v); break;
        case 8: same(size, "%" PRId32 " days, net %" PRId32 " days", (int32_t)v, (int32_t)u); break;
        case 9: same(size, "%c|%5c|%-3c", 'a' + (int)(u % 26), 'z', 'q'); break;
        case 10: same(size, "%u|%lu|%llu", (unsigned)u, (unsigned long)u, (unsigned long long)u); break;
        default: same(size, "%s: '%s' is not %s", s, s, s); break;
        }
    }
}

/* s split at marks 1..k into the k + 1 pieces want (offset, length). */
static void split_is(const char *s, unsigned k, const size_t (*want)[2])
{
    size_t off[5], len[5];
    assert_true(clm_discount__marks_split(s, strlen(s), k, off, len));
    for (unsigned i = 0; i <= k; i++) {
        assert_int_equal(off[i], want[i][0]);
        assert_int_equal(len[i], want[i][1]);
    }
}

/* The pieces around marks 1..k, the marks left out; false for a mark
 * missing, repeated or out of order, and a byte above k not a mark. */
static void test_marks_split(void **state)
{
    (void)state;
    size_t off[5], len[5];
    split_is("a\x01" "bc\x02\x03" "d", 3, (const size_t[][2]){ { 0, 1 }, { 2, 2 }, { 5, 0 }, { 6, 1 } });
    /* marks at both ends: empty first and last pieces */
    split_is("\x01" "x\x02", 2, (const size_t[][2]){ { 0, 0 }, { 1, 1 }, { 3, 0 } });
    /* k = 1: mark 2 is plain text */
    split_is("p\x02q\x01r", 1, (const size_t[][2]){ { 0, 3 }, { 4, 1 } });
    /* k = 0: one piece, the whole */
    split_is("abc", 0, (const size_t[][2]){ { 0, 3 } });
    /* only n bytes are read: a mark past them is not there */
    assert_false(clm_discount__marks_split("ab\x01", 2, 1, off, len));
    assert_false(clm_discount__marks_split("ab", 2, 1, off, len));               /* missing */
    assert_false(clm_discount__marks_split("\x01\x01", 2, 1, off, len));        /* repeated */
    assert_false(clm_discount__marks_split("\x02\x01", 2, 2, off, len));        /* out of order */
    assert_false(clm_discount__marks_split("\x01" "a\x02\x01", 4, 2, off, len)); /* 1 again */
    assert_false(clm_discount__marks_split("\x01\x02\x03", 3, 4, off, len));   /* 4 missing */
}

/* The marks as a trace writer takes them: one byte each, 1 to 4. */
static void test_marks_texts(void **state)
{
    (void)state;
    char buf[64];
    int r = clm_discount__fmt_texts_once(buf, sizeof buf, "%zu lines: base %s, to pay %s", 3,
                                         clm_discount__marks, clm_discount__marks_len);
    assert_int_equal(r, (int)strlen("\x01 lines: base \x02, to pay \x03"));
    assert_string_equal(buf, "\x01 lines: base \x02, to pay \x03");
    size_t off[4], len[4];
    assert_true(clm_discount__marks_split(buf, (size_t)r, 3, off, len));
    assert_int_equal(len[1], strlen(" lines: base "));
    assert_memory_equal(buf + off[2], ", to pay ", len[2]);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(clm_discount__marks_len[i], 1);
        assert_int_equal(clm_discount__marks[i][0], i + 1);
        assert_int_equal(clm_discount__marks[i][1], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_cases),
        cmocka_unit_test(test_random_cases),
        cmocka_unit_test(test_marks_split),
        cmocka_unit_test(test_marks_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
