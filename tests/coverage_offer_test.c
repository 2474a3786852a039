/*
 * coverage_offer_test.c — every offer entry point refuses a missing
 * argument with CLM_EINVAL and a message, the argument initialisers set
 * their documented defaults, and a draft refuses the steps that need a
 * priced offer or another state with CLM_ESTATE, unchanged (no event
 * recorded).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

static clm_date D(int y, int m, int d)
{
    clm_date x;
    CHECK_OK(clm_date_from_ymd(&x, y, m, d));
    return x;
}

static clm_actor MGR;

static clm_offer *draft(void)
{
    MGR = (clm_actor){ "ivanov", "manager", 1767000000 };
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = "OF-1";
    info.client_id = "C-1";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = D(2025, 12, 25);
    clm_offer *o = NULL;
    CHECK_OK(clm_offer_new(&o, &info, &MGR));
    return o;
}

static void test_inits(void **state)
{
    (void)state;
    clm_offer_credit c;
    clm_offer_acceptance a;
    clm_offer_rules r;
    clm_offer_info i;
    CHECK_FAIL(clm_offer_credit_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_acceptance_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_rules_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_info_init(NULL), CLM_EINVAL);
    memset(&c, 0x5A, sizeof c);
    memset(&a, 0x5A, sizeof a);
    CHECK_OK(clm_offer_credit_init(&c));
    assert_int_equal(c.version, CLM_OFFER_CREDIT_VERSION);
    assert_null(c.policy);
    CHECK_OK(clm_offer_acceptance_init(&a));
    assert_int_equal(a.version, CLM_OFFER_ACCEPTANCE_VERSION);
    CHECK_OK(clm_offer_rules_init(&r));
    assert_int_equal(r.reasonable_days, 10);
    assert_int_equal(r.prompt_notice_days, 1);
    CHECK_OK(clm_offer_info_init(&i));
    assert_int_equal(i.accept_by, CLM_OFFER_NO_DATE);
}

static void test_null_arguments(void **state)
{
    (void)state;
    clm_offer *o = draft();
    clm_offer_credit credit = CLM_OFFER_CREDIT_INIT;
    clm_offer_acceptance acc = CLM_OFFER_ACCEPTANCE_INIT;
    clm_offer_rules rules = CLM_OFFER_RULES_INIT;
    clm_credit_check chk;
    clm_offer_credit_record rec;
    clm_offer_verdict v;
    const char *article = NULL;
    clm_offer *out = NULL;
    clm_date day = D(2025, 12, 26);
    CHECK_FAIL(clm_offer_credit_compute(NULL, o, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_compute(&chk, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_at(NULL, o, 0), CLM_EINVAL);
    CHECK_FAIL(clm_offer_credit_override(NULL, &MGR, NULL, "x"), CLM_EINVAL);
    CHECK_FAIL(clm_offer_submit(NULL, &MGR, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_submit(o, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_approve(NULL, &MGR, NULL, NULL, &credit, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_refuse(NULL, &MGR, NULL, NULL, "no"), CLM_EINVAL);
    CHECK_FAIL(clm_offer_send(NULL, &MGR, &rules, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_receive(NULL, &MGR, day), CLM_EINVAL);
    CHECK_FAIL(clm_offer_withdraw(NULL, &MGR, day, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_expire(NULL, &MGR, day), CLM_EINVAL);
    CHECK_FAIL(clm_offer_judge_acceptance(NULL, &article, o, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, NULL, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_accept(NULL, &MGR, &acc, &rules, NULL, &credit), CLM_EINVAL);
    CHECK_FAIL(clm_offer_reject(NULL, &MGR, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter_draft(NULL, o, "OF-2", &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter_draft(&out, NULL, "OF-2", &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter(NULL, o, &MGR, day, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter(o, NULL, &MGR, day, &rules, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_new_version(NULL, o, "OF-2", &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_offer_new_version(&out, NULL, "OF-2", &MGR), CLM_EINVAL);
    assert_null(out);
    /* nothing was recorded */
    assert_int_equal(clm_offer_event_count(o), 1);
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_DRAFT);
    (void)rec;
    clm_offer_free(o);
}

static void test_draft_refusals(void **state)
{
    (void)state;
    clm_offer *o = draft();
    clm_offer_rules rules = CLM_OFFER_RULES_INIT;
    clm_offer_credit_record rec;
    CHECK_FAIL(clm_offer_credit_at(&rec, o, 0), CLM_ERANGE);
    /* The credit check needs a policy, then a priced offer. */
    clm_offer_credit credit = CLM_OFFER_CREDIT_INIT;
    clm_credit_check chk;
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, &credit), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "policy");
    clm_credit_policy *p = NULL;
    CHECK_OK(clm_credit_policy_new(&p, "p", "RUB"));
    credit.policy = p;
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, &credit), CLM_ESTATE);
    /* A draft cannot be countered; its credit check is overridden only by a
     * role the policy names, and once while the override is pending. */
    clm_offer *out = (clm_offer *)&out;
    CHECK_FAIL(clm_offer_counter_draft(&out, o, "OF-2", &MGR), CLM_ESTATE);
    assert_ptr_equal(out, (clm_offer *)&out);
    CHECK_FAIL(clm_offer_credit_override(o, &MGR, p, "trust them"), CLM_EPERM);
    CHECK_OK(clm_credit_policy_add_override_role(p, "manager"));
    CHECK_OK(clm_offer_credit_override(o, &MGR, p, "trust them"));
    CHECK_FAIL(clm_offer_credit_override(o, &MGR, p, "again"), CLM_ESTATE);
    /* Rules out of range are refused before anything is looked at. */
    clm_offer_acceptance acc = CLM_OFFER_ACCEPTANCE_INIT;
    clm_offer_verdict v = CLM_OFFER_IN_TIME;
    const char *article = NULL;
    rules.reasonable_days = 0;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, o, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "reasonable_days");
    rules = (clm_offer_rules)CLM_OFFER_RULES_INIT;
    rules.prompt_notice_days = 31;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, o, &acc, &rules, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "prompt_notice_days");
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &article, o, &acc, NULL, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "rules");
    assert_int_equal(v, CLM_OFFER_IN_TIME);
    assert_int_equal(clm_offer_event_count(o), 2); /* create, the one override */
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_DRAFT);
    clm_credit_policy_free(p);
    clm_offer_free(o);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inits),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_draft_refusals),
    };
    return core_run("coverage_offer", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
}
