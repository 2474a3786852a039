/*
 * category_authority_test.c — the authority table that asks a category
 * policy (clm/category_authority.h), and a policy result applied to a
 * stored client and saved back (category_client.h + client_store.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "fault_store.h"
#include "oom.h"

static const clm_actor MGR = { "ivanov", "manager", 1700000000 };
static const clm_actor HEAD = { "petrova", "head_of_department", 1700000100 };
static const clm_actor RULES = { "rules", "system", 1700000200 };

/* key: head of department only; regular: manager or head; dormant: rules
 * only. Rule "big": turnover >= 10,000,000.00 RUB puts a client in key. */
static clm_category_policy *make_policy(void)
{
    clm_category_policy *p = NULL;
    const char *key_roles[] = { "head_of_department" };
    const char *reg_roles[] = { "manager", "head_of_department" };
    clm_condition *big = NULL;
    if (clm_category_policy_new(&p, "standard", "RUB") != 0 ||
        clm_category_policy_add_category(p, "key", key_roles, 1) != 0 ||
        clm_category_policy_add_category(p, "regular", reg_roles, 2) != 0 ||
        clm_category_policy_add_category(p, "dormant", NULL, 0) != 0 ||
        clm_condition_compare(&big, CLM_FACT_TURNOVER, CLM_CMP_GE, 1000000000) != 0 ||
        clm_category_policy_add_rule(p, "big", "key", big) != 0)
        fail_msg("policy: %s", clm_error_last()->message);
    clm_condition_free(big);
    return p;
}

static clm_client *make_client(const char *id)
{
    clm_client *c = NULL;
    if (clm_client_new(&c, &MGR, id, CLM_LEGAL_ENTITY, "Vostok LLC") != 0)
        fail_msg("client: %s", clm_error_last()->message);
    return c;
}

static clm_client *dup_client(const clm_client *c)
{
    clm_client *d = NULL;
    if (clm_client_dup(&d, c) != 0)
        fail_msg("dup");
    return d;
}

/* ---- the authority adapter ------------------------------------------------ */

static void test_policy_decides(void **state)
{
    (void)state;
    clm_category_policy *p = make_policy();
    clm_category_authority *a = NULL;
    assert_int_equal(clm_category_authority_new(&a, 1), 0);
    assert_int_equal(clm_category_authority_use_policy(a, p, 1), 0);
    clm_client *c = make_client("c-1");
    clm_client *before = dup_client(c);

    /* A manager may not make a client key; nothing changes. */
    assert_int_equal(clm_client_category_add(c, &MGR, "key", "manual: asked", a), CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "key"));
    assert_true(clm_client_equal(c, before));
    /* The head of department may. */
    assert_int_equal(clm_client_category_add(c, &HEAD, "key", "manual: agreed", a), 0);
    assert_true(clm_client_has_category(c, "key"));
    /* Removing is the same authority. */
    assert_int_equal(clm_client_category_remove(c, &MGR, "key", "manual: no", a), CLM_EPERM);
    assert_true(clm_client_has_category(c, "key"));
    assert_int_equal(clm_client_category_remove(c, &HEAD, "key", "manual: downgrade", a), 0);
    /* Two roles listed: both may. */
    assert_int_equal(clm_client_category_add(c, &MGR, "regular", "manual: x", a), 0);
    assert_int_equal(clm_client_category_remove(c, &HEAD, "regular", "manual: y", a), 0);
    /* No role listed: rules only. */
    assert_int_equal(clm_client_category_add(c, &HEAD, "dormant", "manual: z", a), CLM_EPERM);
    /* A category the policy does not declare: the table decides (allows). */
    assert_int_equal(clm_client_category_add(c, &MGR, "newsletter", "manual: opted in", a), 0);

    /* Refusing undeclared categories instead. */
    assert_int_equal(clm_category_authority_use_policy(a, p, 0), 0);
    assert_int_equal(clm_client_category_add(c, &HEAD, "vip", "manual: v", a), CLM_EPERM);
    assert_false(clm_client_has_category(c, "vip"));
    int ok = -1;
    assert_int_equal(clm_category_authority_check(&ok, a, "key", &HEAD, 1), 0);
    assert_int_equal(ok, 1);
    assert_int_equal(clm_category_authority_check(&ok, a, "key", &MGR, 0), 0);
    assert_int_equal(ok, 0);

    /* Removing the callback: the table alone again. */
    assert_int_equal(clm_category_authority_set_callback(a, NULL, NULL), 0);
    assert_int_equal(clm_client_category_add(c, &MGR, "key", "manual: table", a), 0);

    clm_client_free(before);
    clm_client_free(c);
    clm_category_authority_free(a);
    clm_category_policy_free(p);
}

/* The table is asked first: the policy only narrows it. */
static void test_table_and_policy(void **state)
{
    (void)state;
    clm_category_policy *p = make_policy();
    clm_category_authority *a = NULL;
    assert_int_equal(clm_category_authority_new(&a, 0), 0);
    assert_int_equal(clm_category_authority_allow(a, "key", "manager"), 0);
    assert_int_equal(clm_category_authority_use_policy(a, p, 1), 0);
    int ok = -1;
    /* table yes, policy no */
    assert_int_equal(clm_category_authority_check(&ok, a, "key", &MGR, 1), 0);
    assert_int_equal(ok, 0);
    /* table no, policy yes */
    assert_int_equal(clm_category_authority_check(&ok, a, "key", &HEAD, 1), 0);
    assert_int_equal(ok, 0);
    /* undeclared, table default deny */
    assert_int_equal(clm_category_authority_check(&ok, a, "newsletter", &MGR, 1), 0);
    assert_int_equal(ok, 0);
    clm_category_authority_free(a);
    clm_category_policy_free(p);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    clm_category_policy *p = make_policy();
    clm_category_authority *a = NULL;
    assert_int_equal(clm_category_authority_new(&a, 1), 0);
    assert_int_equal(clm_category_authority_use_policy(NULL, p, 1), CLM_EINVAL);
    assert_int_equal(clm_category_authority_use_policy(a, NULL, 1), CLM_EINVAL);
    assert_int_equal(clm_category_authority_use_policy(a, p, 2), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "others_allowed");
    /* The failed calls installed nothing: the table still allows all. */
    int ok = -1;
    assert_int_equal(clm_category_authority_check(&ok, a, "key", &MGR, 1), 0);
    assert_int_equal(ok, 1);
    /* An invalid actor is the policy check's error, passed through. */
    assert_int_equal(clm_category_authority_use_policy(a, p, 1), 0);
    clm_actor nobody = { "", "manager", 0 };
    clm_client *c = make_client("c-1");
    assert_int_equal(clm_client_category_add(c, &nobody, "key", "manual", a), CLM_EINVAL);
    assert_int_equal(clm_client_category_count(c), 0);
    clm_client_free(c);
    clm_category_authority_free(a);
    clm_category_policy_free(p);
}

/* ---- a policy result applied to a stored client ----------------------------- */

static int apply_rules(clm_client *c, const clm_category_policy *p, int64_t turnover,
                       size_t *changed)
{
    clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
    int rc = clm_category_facts_from_client(&f, c);
    if (rc < 0)
        return rc;
    memcpy(f.currency, "RUB", 4);
    f.turnover = turnover;
    uint32_t r[CLM_CATEGORY_MAX];
    clm_date as_of = 0;
    if ((rc = clm_date_from_ymd(&as_of, 2026, 11, 23)) < 0 ||
        (rc = clm_category_policy_evaluate(r, CLM_CATEGORY_MAX, p, &f, as_of)) < 0)
        return rc;
    return clm_category_policy_apply(c, &RULES, p, r, CLM_CATEGORY_MAX, changed);
}

static clm_client *decode_body(const clm_record *r)
{
    clm_client *c = NULL;
    if (r == NULL || clm_client_decode(&c, r->body, r->body_len) != 0)
        fail_msg("decode");
    return c;
}

static int last_after(const clm_audit_entry *e, void *payload)
{
    clm_client **out = payload;
    clm_client_free(*out);
    *out = decode_body(e->after);
    return 0;
}

static void test_apply_then_save(void **state)
{
    (void)state;
    clm_category_policy *p = make_policy();
    clm_store *st = NULL;
    assert_int_equal(clm_store_open_memory(&st), 0);
    clm_client *c = make_client("c-1");
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, NULL), 0);
    clm_client_free(c);

    /* Load, let the rules speak, save: an update of the loaded version. */
    assert_int_equal(clm_client_store_load(&c, st, "c-1"), 0);
    size_t changed = 0;
    assert_int_equal(apply_rules(c, p, 1500000000, &changed), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(clm_client_stored_version(c), 1); /* in place: still the loaded version */
    int64_t v = 0;
    assert_int_equal(clm_client_store_save(&v, st, c, &RULES, "rules run"), 0);
    assert_int_equal(v, 2);

    /* The audit entry's after-body carries the rule as the reason. */
    clm_client *after = NULL;
    clm_audit_filter af = CLM_AUDIT_FILTER_INIT;
    af.kind = CLM_RECORD_CLIENT;
    af.id = "c-1";
    assert_int_equal(clm_store_audit_scan(st, &af, last_after, &after), 0);
    assert_true(clm_client_equal(after, c));
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, after, clm_client_history_count(after) - 1),
                     0);
    assert_string_equal(ch.field, "category");
    assert_string_equal(ch.new_value, "key");
    assert_string_equal(ch.reason, "rule:big");
    assert_string_equal(ch.user, "rules");
    clm_client_free(after);
    after = NULL;

    /* Turnover falls: the rule no longer holds, the category goes. */
    assert_int_equal(apply_rules(c, p, 100, &changed), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(clm_client_store_save(&v, st, c, &RULES, "rules run"), 0);
    assert_int_equal(v, 3);
    assert_int_equal(clm_store_audit_scan(st, &af, last_after, &after), 0);
    assert_false(clm_client_has_category(after, "key"));
    assert_int_equal(clm_client_history_at(&ch, after, clm_client_history_count(after) - 1),
                     0);
    assert_string_equal(ch.old_value, "key");
    assert_non_null(strstr(ch.reason, "rule:"));
    clm_client_free(after);

    /* Nothing to change: nothing recorded, nothing to save. */
    size_t nhist = clm_client_history_count(c);
    assert_int_equal(apply_rules(c, p, 100, &changed), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(clm_client_history_count(c), nhist);

    clm_client_free(c);
    clm_store_free(st);
    clm_category_policy_free(p);
}

/* Load, apply, save as one operation: no partial write at any storage call. */
typedef struct fstate {
    clm_category_policy *p;
} fstate;

static void *fault_setup(clm_store *st)
{
    clm_client *c = make_client("c-1");
    if (clm_client_store_save(NULL, st, c, &MGR, NULL) != 0)
        fail_msg("seed");
    clm_client_free(c);
    fstate *s = calloc(1, sizeof *s);
    s->p = make_policy();
    return s;
}

static void fault_teardown(void *state)
{
    fstate *s = state;
    clm_category_policy_free(s->p);
    free(s);
}

static int fault_op(clm_store *st, void *state)
{
    fstate *s = state;
    clm_client *c = NULL;
    int rc = clm_client_store_load(&c, st, "c-1");
    if (rc < 0)
        return rc;
    if ((rc = apply_rules(c, s->p, 1500000000, NULL)) == 0)
        rc = clm_client_store_save(NULL, st, c, &RULES, "rules run");
    clm_client_free(c);
    return rc;
}

static void test_apply_fault_walk(void **state)
{
    (void)state;
    fault_case fc = { fault_setup, fault_op, fault_teardown };
    /* get, then the client save in one level: begin, the audited update
     * (get, put, append) and the lookup keys (keys_set) with no level of
     * their own, commit */
    assert_int_equal(fault_check(&fc), 7);
}

/* ---- out of memory ------------------------------------------------------ */

typedef struct ostate {
    clm_category_policy *p;
    clm_category_authority *a;
    clm_client *c, *copy;
} ostate;

static void *oom_setup(void)
{
    ostate *s = calloc(1, sizeof *s);
    s->p = make_policy();
    if (clm_category_authority_new(&s->a, 1) != 0)
        fail_msg("authority");
    s->c = make_client("c-1");
    s->copy = dup_client(s->c);
    return s;
}

static int oom_op(void *state)
{
    ostate *s = state;
    int rc = clm_category_authority_use_policy(s->a, s->p, 1);
    if (rc == 0)
        rc = clm_client_category_add(s->c, &HEAD, "key", "manual: agreed", s->a);
    return rc;
}

static bool oom_unchanged(void *state)
{
    ostate *s = state;
    return clm_client_equal(s->c, s->copy);
}

static void oom_teardown(void *state)
{
    ostate *s = state;
    clm_client_free(s->c);
    clm_client_free(s->copy);
    clm_category_authority_free(s->a);
    clm_category_policy_free(s->p);
    free(s);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case oc = { oom_setup, oom_op, oom_unchanged, oom_teardown };
    assert_true(oom_check(&oc) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_decides),
        cmocka_unit_test(test_table_and_policy),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_apply_then_save),
        cmocka_unit_test(test_apply_fault_walk),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests_name("category authority", tests, NULL, NULL);
}
