/*
 * version_test.c — the compile-time version macros, the run-time
 * clm_version() and the version meson was given (CLM_VERSION_FROM_MESON,
 * passed by tests/meson.build) all agree.
 */
#include "core_check.h"

#include <stdio.h>

#include "clm/version.h"

#ifndef CLM_VERSION_FROM_MESON
#error "tests/meson.build passes -DCLM_VERSION_FROM_MESON"
#endif

static void test_macros_match_meson(void **state)
{
    (void)state;
    CHECK_STR(CLM_VERSION_STRING, CLM_VERSION_FROM_MESON);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", CLM_VERSION_MAJOR, CLM_VERSION_MINOR,
             CLM_VERSION_PATCH);
    CHECK_STR(buf, CLM_VERSION_FROM_MESON);
    assert_int_equal(CLM_VERSION_NUMBER,
                     CLM_VERSION_MAJOR * 10000 + CLM_VERSION_MINOR * 100 + CLM_VERSION_PATCH);
    assert_true(CLM_VERSION_MAJOR >= 0 && CLM_VERSION_MINOR >= 0 && CLM_VERSION_PATCH >= 0);
    assert_true(CLM_VERSION_MINOR < 100 && CLM_VERSION_PATCH < 100);
#if CLM_VERSION_NUMBER < 100
#error "CLM_VERSION_NUMBER must be usable in #if (0.1.0 or later)"
#endif
}

static void test_runtime_matches(void **state)
{
    (void)state;
    int major = -1, minor = -1, patch = -1;
    const char *v = clm_version(&major, &minor, &patch);
    assert_non_null(v);
    CHECK_STR(v, CLM_VERSION_STRING);
    CHECK_STR(v, CLM_VERSION_FROM_MESON);
    assert_int_equal(major, CLM_VERSION_MAJOR);
    assert_int_equal(minor, CLM_VERSION_MINOR);
    assert_int_equal(patch, CLM_VERSION_PATCH);
    /* the string is the numbers */
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", major, minor, patch);
    CHECK_STR(v, buf);
}

static void test_null_outputs(void **state)
{
    (void)state;
    const char *v = clm_version(NULL, NULL, NULL);
    CHECK_STR(v, CLM_VERSION_STRING);
    int minor = -1;
    assert_ptr_equal(clm_version(NULL, &minor, NULL), v); /* a static string */
    assert_int_equal(minor, CLM_VERSION_MINOR);
    int patch = -1;
    (void)clm_version(NULL, NULL, &patch);
    assert_int_equal(patch, CLM_VERSION_PATCH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_macros_match_meson),
        cmocka_unit_test(test_runtime_matches),
        cmocka_unit_test(test_null_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
