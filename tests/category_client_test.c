/*
 * category_client_test.c — a category policy applied to client records
 * (category_client.h): facts from a record, rule results written into the
 * categories with the rule in the history (docs/rules.md, Segmentation,
 * "Category rules": every change recorded with its rule), manual assignment
 * under the policy's role authority, atomicity.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "clm/category_client.h"
#include "clm/error.h"
#include "oom.h"

#define D2024_01_01 19723
#define D2025_06_30 20269
#define D2025_12_31 20453

static const clm_actor sys = { "rules", "system", 1767139200 };
static const clm_actor head = { "petrova", "head_of_department", 1767139200 };
static const clm_actor mgr = { "ivanov", "manager", 1767139200 };

/* key (head_of_department): rule key-turnover: turnover >= 1 000 000.00;
 * dormant (no role): rule dormant: not (days-since-purchase <= 180). */
static clm_category_policy *policy(void)
{
    clm_category_policy *p = NULL;
    assert_int_equal(clm_category_policy_new(&p, "p", "RUB"), 0);
    const char *heads[] = { "head_of_department" };
    assert_int_equal(clm_category_policy_add_category(p, "key", heads, 1), 0);
    assert_int_equal(clm_category_policy_add_category(p, "dormant", NULL, 0), 0);
    clm_condition *c = NULL, *d = NULL, *n = NULL;
    assert_int_equal(clm_condition_compare(&c, CLM_FACT_TURNOVER, CLM_CMP_GE, 100000000), 0);
    assert_int_equal(clm_category_policy_add_rule(p, "key-turnover", "key", c), 0);
    assert_int_equal(clm_condition_compare(&d, CLM_FACT_DAYS_SINCE_PURCHASE, CLM_CMP_LE, 180),
                     0);
    assert_int_equal(clm_condition_not(&n, d), 0);
    assert_int_equal(clm_category_policy_add_rule(p, "dormant", "dormant", n), 0);
    clm_condition_free(c);
    clm_condition_free(n);
    return p;
}

static clm_client *client(void)
{
    clm_client *c = NULL;
    assert_int_equal(clm_client_new(&c, &mgr, "C-1", CLM_LEGAL_ENTITY, "Romashka"), 0);
    assert_int_equal(clm_client_set_text(c, &mgr, CLM_CLIENT_REGION, "Moscow"), 0);
    assert_int_equal(clm_client_set_state(c, &mgr, CLM_CLIENT_INTERESTED, NULL), 0);
    assert_int_equal(clm_client_set_state(c, &mgr, CLM_CLIENT_NEW, NULL), 0);
    assert_int_equal(clm_client_set_date(c, &mgr, CLM_CLIENT_FIRST_DEAL, D2024_01_01), 0);
    assert_int_equal(clm_client_set_date(c, &mgr, CLM_CLIENT_LAST_PURCHASE, D2025_06_30), 0);
    return c;
}

static clm_category_facts facts_of(const clm_client *c, int64_t turnover)
{
    clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
    memcpy(f.currency, "RUB", 4);
    f.turnover = turnover;
    assert_int_equal(clm_category_facts_from_client(&f, c), 0);
    return f;
}

/* The latest history entry. */
static clm_client_change last_change(const clm_client *c)
{
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, clm_client_history_count(c) - 1), 0);
    return ch;
}

static void facts_from_client(void **state)
{
    (void)state;
    clm_client *c = client();
    clm_category_facts f = facts_of(c, 5);
    assert_string_equal(f.id, "C-1");
    assert_string_equal(f.region, "Moscow");
    assert_string_equal(f.state, "new");
    assert_string_equal(f.legal_type, clm_legal_type_name(CLM_LEGAL_ENTITY));
    assert_int_equal(f.client_since, D2024_01_01);
    assert_int_equal(f.last_purchase, D2025_06_30);
    assert_int_equal(f.turnover, 5); /* left alone */
    assert_memory_equal(f.currency, "RUB", 4);
    /* Unset fields read as unknown. */
    clm_client *b = NULL;
    assert_int_equal(clm_client_new(&b, &mgr, "C-2", CLM_INDIVIDUAL, "Petrov"), 0);
    f = facts_of(b, 0);
    assert_null(f.region);
    assert_int_equal(f.client_since, CLM_FACT_NO_DATE);
    assert_int_equal(f.last_purchase, CLM_FACT_NO_DATE);
    assert_string_equal(f.state, "potential");
    assert_int_equal(clm_category_facts_from_client(NULL, b), CLM_EINVAL);
    assert_int_equal(clm_category_facts_from_client(&f, NULL), CLM_EINVAL);
    clm_client_free(b);
    clm_client_free(c);
}

/* The categories a result puts the client in, as bits (test policies have
 * fewer than 64 categories). */
static uint64_t in_mask(const uint32_t *r, size_t n)
{
    uint64_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (r[k] != CLM_CATEGORY_NO_RULE)
            m |= UINT64_C(1) << k;
    return m;
}

/* Rules add and remove categories, each change in the history with its rule. */
static void apply_records_rules(void **state)
{
    (void)state;
    clm_category_policy *p = policy();
    clm_client *c = client();
    clm_category_facts f = facts_of(c, 150000000);
    uint32_t r[8];
    assert_int_equal(clm_category_policy_evaluate(r, 8, p, &f, D2025_12_31), 0);
    assert_int_equal(in_mask(r, 8), 3); /* key, and dormant (184 days) */
    size_t changed = 99;
    assert_int_equal(clm_category_policy_apply(c, &sys, p, r, 8, &changed), 0);
    assert_int_equal(changed, 2);
    assert_true(clm_client_has_category(c, "key"));
    assert_true(clm_client_has_category(c, "dormant"));
    clm_client_change ch = last_change(c);
    assert_string_equal(ch.field, "category");
    assert_string_equal(ch.new_value, "dormant");
    assert_string_equal(ch.reason, "rule:dormant");
    assert_string_equal(ch.user, "rules");
    assert_int_equal(clm_client_history_at(&ch, c, clm_client_history_count(c) - 2), 0);
    assert_string_equal(ch.new_value, "key");
    assert_string_equal(ch.reason, "rule:key-turnover");

    /* The same result again changes nothing. */
    size_t hist = clm_client_history_count(c);
    assert_int_equal(clm_category_policy_apply(c, &sys, p, r, 8, &changed), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(clm_client_history_count(c), hist);

    /* A purchase and a smaller turnover: both rule categories go. */
    assert_int_equal(clm_client_set_date(c, &mgr, CLM_CLIENT_LAST_PURCHASE, D2025_12_31), 0);
    f = facts_of(c, 99999999);
    assert_int_equal(clm_category_policy_evaluate(r, 8, p, &f, D2025_12_31), 0);
    assert_int_equal(in_mask(r, 8), 0);
    assert_int_equal(clm_category_policy_apply(c, &sys, p, r, 8, &changed), 0);
    assert_int_equal(changed, 2);
    assert_false(clm_client_has_category(c, "key"));
    assert_false(clm_client_has_category(c, "dormant"));
    ch = last_change(c);
    assert_string_equal(ch.old_value, "dormant");
    assert_string_equal(ch.new_value, "");
    assert_string_equal(ch.reason, "rule:none of policy 'p' holds");
    clm_client_free(c);
    clm_category_policy_free(p);
}

/* A category assigned by hand survives the rules; only the listed roles
 * may assign it. */
static void manual_assignment(void **state)
{
    (void)state;
    clm_category_policy *p = policy();
    clm_client *c = client();
    assert_int_equal(clm_category_policy_assign(c, &mgr, p, "key", 1, "big prospect"),
                     CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "only head_of_department may"));
    assert_false(clm_client_has_category(c, "key"));
    assert_int_equal(clm_category_policy_assign(c, &head, p, "dormant", 1, "x"), CLM_EPERM);
    assert_int_equal(clm_category_policy_assign(c, &head, p, "vip", 1, "x"), CLM_ENOTFOUND);
    assert_int_equal(clm_category_policy_assign(c, &head, p, "key", 1, ""), CLM_EINVAL);
    assert_int_equal(clm_category_policy_assign(c, &head, p, "key", 1, "big prospect"), 0);
    clm_client_change ch = last_change(c);
    assert_string_equal(ch.reason, "manual:big prospect");
    assert_string_equal(ch.role, "head_of_department");
    assert_int_equal(clm_category_policy_assign(c, &head, p, "key", 1, "again"), CLM_EEXISTS);

    /* No rule holds for key, but a person put it there: it stays. */
    clm_category_facts f = facts_of(c, 0);
    uint32_t r[2];
    assert_int_equal(clm_category_policy_evaluate(r, 2, p, &f, D2025_06_30), 0);
    assert_int_equal(in_mask(r, 2), 0);
    size_t changed = 9;
    assert_int_equal(clm_category_policy_apply(c, &sys, p, r, 2, &changed), 0);
    assert_int_equal(changed, 0);
    assert_true(clm_client_has_category(c, "key"));
    /* Removed by hand, with the same authority. */
    assert_int_equal(clm_category_policy_assign(c, &mgr, p, "key", 0, "no longer"), CLM_EPERM);
    assert_int_equal(clm_category_policy_assign(c, &head, p, "key", 0, "no longer"), 0);
    assert_false(clm_client_has_category(c, "key"));
    assert_int_equal(clm_category_policy_assign(c, &head, p, "key", 0, "again"), CLM_ENOTFOUND);
    /* While a rule holds, the rules put it back (category_client.h). */
    f = facts_of(c, 100000000);
    assert_int_equal(clm_category_policy_evaluate(r, 2, p, &f, D2025_06_30), 0);
    assert_int_equal(clm_category_policy_apply(c, &sys, p, r, 2, &changed), 0);
    assert_int_equal(changed, 1);
    assert_true(clm_client_has_category(c, "key"));
    assert_string_equal(last_change(c).reason, "rule:key-turnover");
    clm_client_free(c);
    clm_category_policy_free(p);
}

static void apply_bad_input(void **state)
{
    (void)state;
    clm_category_policy *p = policy();
    clm_client *c = client(), *copy = NULL;
    assert_int_equal(clm_client_dup(&copy, c), 0);
    uint32_t r[2] = { 7, CLM_CATEGORY_NO_RULE }; /* rule 7: no such rule */
    size_t changed = 42;
    assert_int_equal(clm_category_policy_apply(c, &sys, p, r, 2, &changed), CLM_EINVAL);
    r[0] = 0;
    assert_int_equal(clm_category_policy_apply(c, &sys, p, r, 1, &changed), CLM_EBUFSIZE);
    clm_actor nobody = { "", "system", 0 };
    assert_int_equal(clm_category_policy_apply(c, &nobody, p, r, 2, &changed), CLM_EINVAL);
    assert_int_equal(clm_category_policy_apply(NULL, &sys, p, r, 2, &changed), CLM_EINVAL);
    assert_int_equal(clm_category_policy_apply(c, &sys, NULL, r, 2, &changed), CLM_EINVAL);
    assert_int_equal(clm_category_policy_apply(c, &sys, p, NULL, 2, &changed), CLM_EINVAL);
    assert_true(clm_client_equal(c, copy));
    assert_int_equal(changed, 42);
    clm_client_free(copy);
    clm_client_free(c);
    clm_category_policy_free(p);
}

/* A change that fails midway (the second of two: the authority refuses
 * "dormant") leaves the client exactly as before: the first change, which
 * succeeded on its own, is not kept either. */
static int refuse_dormant(const char *category, const clm_actor *actor, int adding,
                          void *payload)
{
    (void)actor;
    (void)adding;
    (void)payload;
    return strcmp(category, "dormant") != 0;
}

static void apply_all_or_nothing(void **state)
{
    (void)state;
    clm_client *c = client(), *copy = NULL;
    assert_int_equal(clm_client_dup(&copy, c), 0);
    clm_category_authority *auth = NULL;
    assert_int_equal(clm_category_authority_new(&auth, 1), 0);
    assert_int_equal(clm_category_authority_set_callback(auth, refuse_dormant, NULL), 0);
    clm_client_edits *e = NULL;
    assert_int_equal(clm_client_edits_new(&e), 0);
    assert_int_equal(clm_client_edits_set_text(e, CLM_CLIENT_REGION, "Kazan", "rule:moved"), 0);
    assert_int_equal(clm_client_edits_category_add(e, "key", "rule:key-turnover"), 0);
    assert_int_equal(clm_client_edits_category_add(e, "dormant", "rule:dormant"), 0);
    assert_int_equal(clm_client_edits_count(e), 3);
    clm_client *same = c;
    assert_int_equal(clm_client_apply(c, &sys, e, auth), CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "edit 3: "));
    assert_ptr_equal(c, same);
    assert_true(clm_client_equal(c, copy));
    assert_false(clm_client_has_category(c, "key"));

    /* Without the refusal all three hold, one history entry each, each
     * with its reason, and the client is the same object. */
    size_t hist = clm_client_history_count(c);
    assert_int_equal(clm_client_apply(c, &sys, e, NULL), 0);
    assert_ptr_equal(c, same);
    assert_int_equal(clm_client_history_count(c), hist + 3);
    const char *reasons[] = { "rule:moved", "rule:key-turnover", "rule:dormant" };
    const char *fields[] = { "region", "category", "category" };
    for (size_t i = 0; i < 3; i++) {
        clm_client_change ch;
        assert_int_equal(clm_client_history_at(&ch, c, hist + i), 0);
        assert_string_equal(ch.field, fields[i]);
        assert_string_equal(ch.reason, reasons[i]);
        assert_string_equal(ch.user, "rules");
    }
    assert_string_equal(clm_client_text_get(c, CLM_CLIENT_REGION), "Kazan");
    assert_true(clm_client_has_category(c, "key"));
    assert_true(clm_client_has_category(c, "dormant"));

    /* Applying it again: the region is already Kazan (nothing recorded),
     * the categories are held (CLM_EEXISTS, as the setter says): nothing
     * changes. An empty list succeeds and changes nothing. */
    hist = clm_client_history_count(c);
    assert_int_equal(clm_client_apply(c, &sys, e, NULL), CLM_EEXISTS);
    assert_int_equal(clm_client_history_count(c), hist);
    clm_client_edits *none = NULL;
    assert_int_equal(clm_client_edits_new(&none), 0);
    assert_int_equal(clm_client_apply(c, &sys, none, NULL), 0);
    assert_int_equal(clm_client_history_count(c), hist);

    /* The builder checks what it can: a field out of range, a reason that
     * is not a single line, a category change without a reason. */
    assert_int_equal(clm_client_edits_set_text(e, (clm_client_text)99, "x", NULL), CLM_EINVAL);
    assert_int_equal(clm_client_edits_set_flag(e, CLM_CLIENT_DEBTOR, true, "two\nlines"),
                     CLM_EINVAL);
    assert_int_equal(clm_client_edits_category_remove(e, "key", NULL), CLM_EINVAL);
    assert_int_equal(clm_client_edits_set_state(e, (clm_client_state)0, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_edits_set_text(NULL, CLM_CLIENT_REGION, "x", NULL), CLM_EINVAL);
    assert_int_equal(clm_client_edits_count(e), 3);
    assert_int_equal(clm_client_apply(c, &sys, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_apply(NULL, &sys, e, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_edits_new(NULL), CLM_EINVAL);

    clm_client_edits_free(none);
    clm_client_edits_free(e);
    clm_client_edits_free(NULL);
    clm_category_authority_free(auth);
    clm_client_free(copy);
    clm_client_free(c);
}

/* Under every allocation failure the client stays the same object with the
 * same record and history. */
typedef struct apply_state {
    clm_category_policy *p;
    clm_client *c, *orig_ptr, *snapshot;
    uint32_t r[8];
} apply_state;

static void *apply_setup(void)
{
    static apply_state s;
    s.p = policy();
    s.c = client();
    s.orig_ptr = s.c;
    assert_int_equal(clm_client_dup(&s.snapshot, s.c), 0);
    clm_category_facts f = facts_of(s.c, 150000000);
    assert_int_equal(clm_category_policy_evaluate(s.r, 8, s.p, &f, D2025_12_31), 0);
    return &s;
}
static int apply_op(void *st)
{
    apply_state *s = st;
    return clm_category_policy_apply(s->c, &sys, s->p, s->r, 8, NULL);
}
static bool apply_unchanged(void *st)
{
    apply_state *s = st;
    return s->c == s->orig_ptr && clm_client_equal(s->c, s->snapshot);
}
static void apply_teardown(void *st)
{
    apply_state *s = st;
    clm_client_free(s->c);
    clm_client_free(s->snapshot);
    clm_category_policy_free(s->p);
}

static void apply_oom(void **state)
{
    (void)state;
    oom_case oc = { apply_setup, apply_op, apply_unchanged, apply_teardown };
    assert_true(oom_check(&oc) >= 3);
}

/* The same for a list mixing every kind of change, each with a reason. */
static clm_client_edits *mixed_edits;
static void *edits_setup(void)
{
    static apply_state s;
    s.c = client();
    s.orig_ptr = s.c;
    assert_int_equal(clm_client_dup(&s.snapshot, s.c), 0);
    s.p = NULL;
    clm_client_edits *e = NULL;
    assert_int_equal(clm_client_edits_new(&e), 0);
    assert_int_equal(clm_client_edits_set_text(e, CLM_CLIENT_NOTES, "called\tback", "r:1"), 0);
    assert_int_equal(clm_client_edits_set_date(e, CLM_CLIENT_FIRST_CONTACT, D2025_06_30, "r:2"), 0);
    assert_int_equal(clm_client_edits_set_flag(e, CLM_CLIENT_DEBTOR, true, "r:3"), 0);
    assert_int_equal(clm_client_edits_set_state(e, CLM_CLIENT_LOST, "Rival LLC", "r:4"), 0);
    assert_int_equal(clm_client_edits_reassign(e, "petrov", "r:5"), 0);
    assert_int_equal(clm_client_edits_category_add(e, "key", "r:6"), 0);
    assert_int_equal(clm_client_edits_category_remove(e, "key", "r:7"), 0);
    mixed_edits = e;
    return &s;
}
static int edits_op(void *st)
{
    apply_state *s = st;
    return clm_client_apply(s->c, &sys, mixed_edits, NULL);
}
static void edits_teardown(void *st)
{
    apply_state *s = st;
    clm_client_free(s->c);
    clm_client_free(s->snapshot);
    clm_client_edits_free(mixed_edits);
}

static void apply_edits_oom(void **state)
{
    (void)state;
    oom_case oc = { edits_setup, edits_op, apply_unchanged, edits_teardown };
    assert_true(oom_check(&oc) >= 8);
    /* and what the successful run recorded: every entry with its reason */
    apply_state *s = edits_setup();
    size_t hist = clm_client_history_count(s->c);
    assert_int_equal(edits_op(s), 0);
    /* notes, first_contact, debtor, state, lost_to, manager, +key, -key */
    assert_int_equal(clm_client_history_count(s->c), hist + 8);
    const char *reasons[] = { "r:1", "r:2", "r:3", "r:4", "r:4", "r:5", "r:6", "r:7" };
    for (size_t i = 0; i < 8; i++) {
        clm_client_change ch;
        assert_int_equal(clm_client_history_at(&ch, s->c, hist + i), 0);
        assert_string_equal(ch.reason, reasons[i]);
    }
    assert_int_equal(clm_client_state_get(s->c), CLM_CLIENT_LOST);
    assert_string_equal(clm_client_lost_to(s->c), "Rival LLC");
    assert_string_equal(clm_client_manager(s->c), "petrov");
    edits_teardown(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(facts_from_client),
        cmocka_unit_test(apply_records_rules),
        cmocka_unit_test(manual_assignment),
        cmocka_unit_test(apply_bad_input),
        cmocka_unit_test(apply_all_or_nothing),
        cmocka_unit_test(apply_oom),
        cmocka_unit_test(apply_edits_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
