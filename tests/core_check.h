/*
 * core_check.h — small assertion helpers shared by the core test programs.
 *
 * cmocka's assert_int_equal prints operands as unsigned; these print signed
 * 64-bit values and the libclm error message, so a failure says what the
 * library reported.
 */
#ifndef CLM_TEST_CORE_CHECK_H
#define CLM_TEST_CORE_CHECK_H

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "clm/error.h"

/* Asserts that two signed 64-bit values are equal. */
#define CHECK_I64(actual, expected)                                             \
    do {                                                                        \
        int64_t check_a_ = (int64_t)(actual);                                   \
        int64_t check_e_ = (int64_t)(expected);                                 \
        if (check_a_ != check_e_)                                               \
            fail_msg("%s = %" PRId64 ", expected %" PRId64, #actual, check_a_,  \
                     check_e_);                                                 \
    } while (0)

/* Asserts that a libclm call returned `expected` (0 or a CLM_E* code). */
#define CHECK_RC(call, expected)                                                \
    do {                                                                        \
        int check_rc_ = (call);                                                 \
        int check_x_ = (expected);                                              \
        if (check_rc_ != check_x_)                                              \
            fail_msg("%s returned %d (%s), expected %d (%s); last error: %s",   \
                     #call, check_rc_, clm_strerror(check_rc_), check_x_,       \
                     clm_strerror(check_x_), clm_error_last()->message);        \
    } while (0)

/* Asserts success. */
#define CHECK_OK(call) CHECK_RC(call, 0)

/* Asserts that a failing call also recorded its code as the last error,
 * with a non-empty message. */
#define CHECK_FAIL(call, expected)                                              \
    do {                                                                        \
        clm_error_clear();                                                      \
        CHECK_RC(call, expected);                                               \
        const clm_error *check_e_ = clm_error_last();                           \
        assert_int_equal(check_e_->code, (expected));                           \
        assert_non_null(check_e_->message);                                     \
        if (check_e_->message[0] == '\0')                                       \
            fail_msg("%s failed with an empty message", #call);                 \
    } while (0)

#define CHECK_STR(actual, expected)                                             \
    do {                                                                        \
        const char *check_s_ = (actual);                                        \
        const char *check_t_ = (expected);                                      \
        if (check_s_ == NULL || strcmp(check_s_, check_t_) != 0)                \
            fail_msg("%s = \"%s\", expected \"%s\"", #actual,                   \
                     check_s_ != NULL ? check_s_ : "(null)", check_t_);         \
    } while (0)

/*
 * Runs a test program. Normally it runs `tests`. With the arguments
 * "--known-bug NAME" it runs only the test NAME from `known`: a test that
 * pins a contract the implementation breaks today. tests/meson.build runs
 * each of those as its own test with should_fail, so the suite stays green
 * while the bug is open, and the fix shows up as an unexpected pass. An
 * unknown NAME exits 0 so that a stale entry is noticed the same way.
 */
static inline int core_run(const char *group, const struct CMUnitTest *tests, size_t n,
                           const struct CMUnitTest *known, size_t nknown, int argc,
                           char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--known-bug") == 0) {
        for (size_t i = 0; i < nknown; i++)
            if (strcmp(known[i].name, argv[2]) == 0)
                return _cmocka_run_group_tests(known[i].name, &known[i], 1, NULL, NULL);
        print_error("no known-bug test named %s\n", argv[2]);
        return 0;
    }
    if (argc != 1) {
        print_error("usage: %s [--known-bug TEST]\n", argv[0]);
        return 2;
    }
    return _cmocka_run_group_tests(group, tests, n, NULL, NULL);
}

#endif
