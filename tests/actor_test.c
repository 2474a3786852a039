/*
 * actor_test.c — the contract of actor.h: an actor names a non-empty user
 * and role of at most 255 bytes each; a bad one is CLM_EINVAL with the
 * field at fault in the last error.
 */
#include "core_check.h"

#include "clm/actor.h"

static void test_valid(void **state)
{
    (void)state;
    clm_actor a = {"u42", "manager", 0};
    CHECK_OK(clm_actor_check(&a));
    /* the moment is not checked: before 1970 is a moment too */
    a.at = -86400;
    CHECK_OK(clm_actor_check(&a));
    a.at = INT64_MAX;
    CHECK_OK(clm_actor_check(&a));
    /* UTF-8 names */
    clm_actor ru = {"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "\xd0\xb4\xd0\xb8\xd1\x80\xd0\xb5"
                                                       "\xd0\xba\xd1\x82\xd0\xbe\xd1\x80",
                    1763856000};
    CHECK_OK(clm_actor_check(&ru));
}

static void check_field(const clm_actor *a, const char *field)
{
    clm_error_clear();
    CHECK_RC(clm_actor_check(a), CLM_EINVAL);
    const clm_error *e = clm_error_last();
    assert_int_equal(e->code, CLM_EINVAL);
    CHECK_STR(e->field, field);
    assert_true(e->message[0] != '\0');
}

static void test_invalid(void **state)
{
    (void)state;
    clm_actor a = {NULL, "manager", 0};
    check_field(&a, "user");
    a.user = "";
    check_field(&a, "user");
    a.user = "u1";
    a.role = NULL;
    check_field(&a, "role");
    a.role = "";
    check_field(&a, "role");
    CHECK_FAIL(clm_actor_check(NULL), CLM_EINVAL);
}

static void test_length_limit(void **state)
{
    (void)state;
    char s255[256], s256[257];
    memset(s255, 'x', 255);
    s255[255] = '\0';
    memset(s256, 'y', 256);
    s256[256] = '\0';
    clm_actor a = {s255, s255, 0};
    CHECK_OK(clm_actor_check(&a));
    a.user = s256;
    check_field(&a, "user");
    a.user = s255;
    a.role = s256;
    check_field(&a, "role");
    /* the limit is in bytes: 128 two-byte characters are 256 bytes */
    char cyr[257];
    for (int i = 0; i < 128; i++) {
        cyr[2 * i] = '\xd0';
        cyr[2 * i + 1] = '\xb0';
    }
    cyr[256] = '\0';
    a.role = cyr;
    check_field(&a, "role");
    cyr[254] = '\0'; /* 127 characters, 254 bytes */
    CHECK_OK(clm_actor_check(&a));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_length_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
