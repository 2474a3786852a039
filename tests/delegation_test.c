/*
 * delegation_test.c — a deputy acting with an absent manager's authority:
 * periods, overlaps, inverted ranges, the "may act" and "who acts" queries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "oom.h"

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static void test_periods(void **state)
{
    (void)state;
    clm_delegations *d = NULL;
    assert_int_equal(clm_delegations_new(&d), 0);
    assert_int_equal(clm_delegations_count(d), 0);
    /* ivanov is on leave 1-14 July, sidorov replaces him */
    assert_int_equal(clm_delegations_add(d, "ivanov", "sidorov", D(2025, 7, 1),
                                         D(2025, 7, 14)), 0);
    /* a one-day period is fine; so is a second one for the same manager */
    assert_int_equal(clm_delegations_add(d, "ivanov", "kozlov", D(2025, 7, 15),
                                         D(2025, 7, 15)), 0);
    /* the same deputy may cover another manager at the same time */
    assert_int_equal(clm_delegations_add(d, "petrova", "sidorov", D(2025, 7, 10),
                                         D(2025, 7, 20)), 0);
    assert_int_equal(clm_delegations_count(d), 3);

    /* overlaps of the same manager: at either end, inside, around */
    clm_date f[] = { D(2025, 6, 20), D(2025, 7, 14), D(2025, 7, 5), D(2025, 6, 1),
                     D(2025, 7, 15) };
    clm_date l[] = { D(2025, 7, 1), D(2025, 7, 20), D(2025, 7, 6), D(2025, 8, 1),
                     D(2025, 7, 15) };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(clm_delegations_add(d, "ivanov", "orlov", f[i], l[i]), CLM_EEXISTS);
        assert_non_null(strstr(clm_error_last()->message, "ivanov"));
    }
    /* inverted range, bad dates, self-delegation, empty names */
    assert_int_equal(clm_delegations_add(d, "orlov", "ivanov", D(2025, 7, 2),
                                         D(2025, 7, 1)), CLM_ERANGE);
    assert_int_equal(clm_delegations_add(d, "orlov", "ivanov", CLM_DATE_MIN - 1,
                                         D(2025, 7, 1)), CLM_ERANGE);
    assert_int_equal(clm_delegations_add(d, "orlov", "ivanov", D(2025, 7, 1),
                                         CLM_DATE_MAX + 1), CLM_ERANGE);
    assert_int_equal(clm_delegations_add(d, "orlov", "orlov", D(2025, 7, 1),
                                         D(2025, 7, 2)), CLM_EINVAL);
    assert_int_equal(clm_delegations_add(d, "", "x", D(2025, 7, 1), D(2025, 7, 2)),
                     CLM_EINVAL);
    assert_int_equal(clm_delegations_add(d, "x", NULL, D(2025, 7, 1), D(2025, 7, 2)),
                     CLM_EINVAL);
    assert_int_equal(clm_delegations_add(NULL, "x", "y", D(2025, 7, 1), D(2025, 7, 2)),
                     CLM_EINVAL);
    assert_int_equal(clm_delegations_count(d), 3);

    /* listing: (manager, first) order */
    const char *m, *dep;
    clm_date a, b;
    assert_int_equal(clm_delegations_at(&m, &dep, &a, &b, d, 0), 0);
    assert_string_equal(m, "ivanov");
    assert_string_equal(dep, "sidorov");
    assert_int_equal(a, D(2025, 7, 1));
    assert_int_equal(b, D(2025, 7, 14));
    assert_int_equal(clm_delegations_at(NULL, &dep, NULL, NULL, d, 1), 0);
    assert_string_equal(dep, "kozlov");
    assert_int_equal(clm_delegations_at(&m, NULL, NULL, NULL, d, 2), 0);
    assert_string_equal(m, "petrova");
    assert_int_equal(clm_delegations_at(NULL, NULL, NULL, NULL, d, 3), CLM_ERANGE);

    /* remove */
    assert_int_equal(clm_delegations_remove(d, "ivanov", D(2025, 7, 2)), CLM_ENOTFOUND);
    assert_int_equal(clm_delegations_remove(d, "ivanov", D(2025, 7, 15)), 0);
    assert_int_equal(clm_delegations_count(d), 2);
    assert_int_equal(clm_delegations_add(d, "ivanov", "orlov", D(2025, 7, 15),
                                         D(2025, 7, 31)), 0);
    clm_delegations_free(d);
    clm_delegations_free(NULL);
    assert_int_equal(clm_delegations_new(NULL), CLM_EINVAL);
}

static void test_queries(void **state)
{
    (void)state;
    clm_delegations *d = NULL;
    assert_int_equal(clm_delegations_new(&d), 0);
    assert_int_equal(clm_delegations_add(d, "ivanov", "sidorov", D(2025, 7, 1),
                                         D(2025, 7, 14)), 0);
    assert_int_equal(clm_delegations_add(d, "sidorov", "kozlov", D(2025, 7, 10),
                                         D(2025, 7, 12)), 0);
    int may = -1;
    /* the edges of the period are included */
    assert_int_equal(clm_delegations_may_act(&may, d, "sidorov", "ivanov", D(2025, 6, 30)), 0);
    assert_int_equal(may, 0);
    assert_int_equal(clm_delegations_may_act(&may, d, "sidorov", "ivanov", D(2025, 7, 1)), 0);
    assert_int_equal(may, 1);
    assert_int_equal(clm_delegations_may_act(&may, d, "sidorov", "ivanov", D(2025, 7, 14)), 0);
    assert_int_equal(may, 1);
    assert_int_equal(clm_delegations_may_act(&may, d, "sidorov", "ivanov", D(2025, 7, 15)), 0);
    assert_int_equal(may, 0);
    /* a manager acts for himself, also while replaced */
    assert_int_equal(clm_delegations_may_act(&may, d, "ivanov", "ivanov", D(2025, 7, 5)), 0);
    assert_int_equal(may, 1);
    assert_int_equal(clm_delegations_may_act(&may, NULL, "ivanov", "ivanov", D(2025, 7, 5)), 0);
    assert_int_equal(may, 1);
    /* the principal does not act for his deputy */
    assert_int_equal(clm_delegations_may_act(&may, d, "ivanov", "sidorov", D(2025, 7, 5)), 0);
    assert_int_equal(may, 0);
    /* not transitive: kozlov acts for sidorov, not for ivanov */
    assert_int_equal(clm_delegations_may_act(&may, d, "kozlov", "sidorov", D(2025, 7, 11)), 0);
    assert_int_equal(may, 1);
    assert_int_equal(clm_delegations_may_act(&may, d, "kozlov", "ivanov", D(2025, 7, 11)), 0);
    assert_int_equal(may, 0);
    /* who acts */
    const char *who = NULL;
    assert_int_equal(clm_delegations_acting(&who, d, "ivanov", D(2025, 7, 3)), 0);
    assert_string_equal(who, "sidorov");
    const char *me = "ivanov";
    assert_int_equal(clm_delegations_acting(&who, d, me, D(2025, 8, 1)), 0);
    assert_ptr_equal(who, me);
    assert_int_equal(clm_delegations_acting(&who, NULL, me, D(2025, 7, 3)), 0);
    assert_ptr_equal(who, me);
    /* bad input */
    may = 9;
    who = NULL;
    assert_int_equal(clm_delegations_may_act(NULL, d, "a", "b", 0), CLM_EINVAL);
    assert_int_equal(clm_delegations_may_act(&may, d, NULL, "b", 0), CLM_EINVAL);
    assert_int_equal(clm_delegations_may_act(&may, d, "a", "b", CLM_DATE_MAX + 1), CLM_ERANGE);
    assert_int_equal(clm_delegations_acting(&who, d, NULL, 0), CLM_EINVAL);
    assert_int_equal(clm_delegations_acting(&who, d, "a", CLM_DATE_MIN - 1), CLM_ERANGE);
    assert_int_equal(may, 9);
    assert_null(who);
    clm_delegations_free(d);
}

typedef struct dst {
    clm_delegations *d;
} dst;

static void *setup(void)
{
    dst *s = calloc(1, sizeof(*s));
    assert_int_equal(clm_delegations_new(&s->d), 0);
    assert_int_equal(clm_delegations_add(s->d, "a", "b", 100, 110), 0);
    return s;
}

static int op_add(void *st)
{
    return clm_delegations_add(((dst *)st)->d, "a", "c", 111, 120);
}

static bool unchanged(void *st)
{
    const clm_delegations *d = ((dst *)st)->d;
    const char *dep;
    return clm_delegations_count(d) == 1 &&
           clm_delegations_at(NULL, &dep, NULL, NULL, d, 0) == 0 && strcmp(dep, "b") == 0;
}

static void teardown(void *st)
{
    clm_delegations_free(((dst *)st)->d);
    free(st);
}

static int op_new(void *st)
{
    (void)st;
    clm_delegations *d = NULL;
    int rc = clm_delegations_new(&d);
    clm_delegations_free(d);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    oom_case c = { setup, op_add, unchanged, teardown };
    assert_true(oom_check(&c) >= 1);
    oom_case c2 = { NULL, op_new, NULL, NULL };
    assert_int_equal(oom_check(&c2), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_queries),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
