/*
 * coverage_offer_workflow_test.c — the offer workflow's refusals the module
 * tests leave unexercised (offer.h): judging an acceptance refuses bad
 * rules and an acceptance whose days contradict each other; receipt is
 * recorded once and not before sending; a withdrawal cannot arrive before
 * the offer; a new version or a counter-draft needs an id of its own; a
 * counter-offer must be made from the offer it answers. Each refusal has
 * the documented code and field, and leaves the offer equal to a copy
 * taken before (clm_offer_equal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"
#include "offer_fixture.h"

static clm_offer *copy(const clm_offer *o)
{
    clm_offer *d = NULL;
    CHECK_OK(clm_offer_dup(&d, o));
    return d;
}

/* The last call failed naming `field` (NULL: any); o is still `before`. */
static void unchanged(const clm_offer *o, clm_offer *before, const char *field)
{
    if (field != NULL)
        CHECK_STR(clm_error_last()->field, field);
    assert_true(clm_offer_equal(o, before));
    clm_offer_free(before);
}

static void test_judge_refusals(void **state)
{
    (void)state;
    clm_offer *o = fx_sent("O-1", "C-1", "ivanov");
    clm_offer_verdict v = (clm_offer_verdict)77;
    const char *art = NULL;
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = fx_day(2025, 12, 27);
    a.received_on = fx_day(2025, 12, 29);
    CHECK_OK(clm_offer_judge_acceptance(&v, &art, o, &a, &fx_rules, fx_ru));
    assert_int_equal(v, CLM_OFFER_IN_TIME);
    v = (clm_offer_verdict)77;

    clm_offer_rules r = fx_rules;
    r.version = 99;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &a, &r, fx_ru), CLM_EVERSION);
    r = fx_rules;
    r.reasonable_days = 0;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &a, &r, fx_ru), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "reasonable_days");
    r.reasonable_days = 366;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &a, &r, fx_ru), CLM_EINVAL);
    r = fx_rules;
    r.prompt_notice_days = -1;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &a, &r, fx_ru), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "prompt_notice_days");
    r.prompt_notice_days = 31;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &a, &r, fx_ru), CLM_EINVAL);

    clm_offer_acceptance b = a;
    b.version = 99;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &b, &fx_rules, fx_ru), CLM_EVERSION);
    b = a;
    b.full = 2;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &b, &fx_rules, fx_ru), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "full");
    b = a;
    b.dispatched_on = CLM_DATE_MAX + 1; /* no day at all */
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &b, &fx_rules, fx_ru), CLM_ERANGE);
    CHECK_STR(clm_error_last()->field, "dispatched_on");
    b = a;
    b.dispatched_on = fx_day(2025, 12, 30); /* after its receipt */
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &b, &fx_rules, fx_ru), CLM_EINVAL);
    b = a;
    b.late_notice_on = fx_day(2025, 12, 28); /* before the receipt */
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &b, &fx_rules, fx_ru), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "late_notice_on");
    b = a;
    b.late_confirmed_on = fx_day(2025, 12, 28);
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, &b, &fx_rules, fx_ru), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "late_confirmed_on");
    CHECK_FAIL(clm_offer_judge_acceptance(&v, &art, o, NULL, &fx_rules, fx_ru), CLM_EINVAL);
    CHECK_FAIL(clm_offer_judge_acceptance(NULL, &art, o, &a, &fx_rules, fx_ru), CLM_EINVAL);
    assert_int_equal(v, 77);

    /* clm_offer_accept relays the same refusals and changes nothing */
    clm_offer *before = copy(o);
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    clm_offer_credit credit = fx_credit_ok();
    b = a;
    b.full = 2;
    CHECK_FAIL(clm_offer_accept(o, &m, &b, &fx_rules, fx_ru, &credit), CLM_EINVAL);
    unchanged(o, copy(before), "full");
    CHECK_FAIL(clm_offer_accept(o, &m, &a, &fx_rules, fx_ru, NULL), CLM_EINVAL);
    unchanged(o, before, NULL);
    clm_offer_free(o);
}

static void test_receipt_and_withdrawal_refusals(void **state)
{
    (void)state;
    clm_offer *o = fx_sent("O-2", "C-1", "ivanov");
    clm_offer *before = copy(o);
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 27));
    CHECK_FAIL(clm_offer_receive(NULL, &m, fx_day(2025, 12, 27)), CLM_EINVAL);
    CHECK_FAIL(clm_offer_receive(o, NULL, fx_day(2025, 12, 27)), CLM_EINVAL);
    CHECK_FAIL(clm_offer_receive(o, &m, CLM_DATE_MAX + 1), CLM_ERANGE);
    unchanged(o, copy(before), "received_on");
    /* sent on Fri 26 Dec 2025: not received the day before */
    CHECK_FAIL(clm_offer_receive(o, &m, fx_day(2025, 12, 25)), CLM_ERANGE);
    unchanged(o, copy(before), "received_on");
    /* nor does a withdrawal arrive before it */
    CHECK_FAIL(clm_offer_withdraw(o, &m, fx_day(2025, 12, 25), "n"), CLM_ERANGE);
    unchanged(o, copy(before), "arrives_on");
    CHECK_FAIL(clm_offer_withdraw(o, &m, CLM_DATE_MAX + 1, "n"), CLM_ERANGE);
    unchanged(o, copy(before), "arrives_on");
    CHECK_FAIL(clm_offer_withdraw(NULL, &m, fx_day(2025, 12, 27), "n"), CLM_EINVAL);
    /* received once; a second receipt is refused */
    CHECK_OK(clm_offer_receive(o, &m, fx_day(2025, 12, 27)));
    assert_int_equal(clm_offer_received_on(o), fx_day(2025, 12, 27));
    clm_offer_free(before);
    before = copy(o);
    CHECK_FAIL(clm_offer_receive(o, &m, fx_day(2025, 12, 28)), CLM_ESTATE);
    unchanged(o, before, "state");
    /* a draft was never sent: withdrawn before it binds; NULL binds nothing */
    clm_offer *d = fx_draft("O-3", "C-1", "ivanov");
    assert_int_equal(clm_offer_withdrawn_before_binding(d, fx_day(2025, 12, 27)), 1);
    assert_int_equal(clm_offer_withdrawn_before_binding(NULL, fx_day(2025, 12, 27)), 0);
    CHECK_FAIL(clm_offer_receive(d, &m, fx_day(2025, 12, 27)), CLM_ESTATE);
    clm_offer_free(d);
    clm_offer_free(o);
}

static void test_versions_and_counters_refused(void **state)
{
    (void)state;
    clm_offer *o = fx_sent("O-4", "C-1", "ivanov");
    clm_offer *before = copy(o);
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 27));
    clm_offer *out = (clm_offer *)&out;
    CHECK_FAIL(clm_offer_new_version(&out, o, "O-4", &m), CLM_EINVAL);
    unchanged(o, copy(before), "id");
    CHECK_FAIL(clm_offer_new_version(&out, o, "O\n4", &m), CLM_EINVAL);
    CHECK_FAIL(clm_offer_new_version(NULL, o, "O-5", &m), CLM_EINVAL);
    CHECK_FAIL(clm_offer_counter_draft(&out, o, "O-4", &m), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "id");
    CHECK_FAIL(clm_offer_counter_draft(NULL, o, "O-4C", &m), CLM_EINVAL);
    assert_ptr_equal(out, (clm_offer *)&out);
    unchanged(o, copy(before), NULL);
    /* a draft has no counter-draft: it was never sent */
    clm_offer *d = fx_draft("O-5", "C-1", "ivanov");
    CHECK_FAIL(clm_offer_counter_draft(&out, d, "O-5C", &m), CLM_ESTATE);
    assert_ptr_equal(out, (clm_offer *)&out);
    /* a counter-offer must come from this offer: an unrelated priced draft
     * is refused, and neither offer changes */
    clm_offer *other = fx_priced("O-6", "C-1", "ivanov");
    clm_offer *other_before = copy(other);
    CHECK_FAIL(clm_offer_counter(o, other, &m, fx_day(2025, 12, 27), &fx_rules, fx_ru), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "counter");
    unchanged(o, copy(before), NULL);
    unchanged(other, copy(other_before), NULL);
    CHECK_FAIL(clm_offer_counter(o, NULL, &m, fx_day(2025, 12, 27), &fx_rules, fx_ru), CLM_EINVAL);
    clm_offer_rules bad = fx_rules;
    bad.reasonable_days = 0;
    CHECK_FAIL(clm_offer_counter(o, other, &m, fx_day(2025, 12, 27), &bad, fx_ru), CLM_EINVAL);
    unchanged(o, before, NULL);
    unchanged(other, other_before, NULL);
    clm_offer_free(other);
    clm_offer_free(d);
    clm_offer_free(o);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_judge_refusals),
        cmocka_unit_test(test_receipt_and_withdrawal_refusals),
        cmocka_unit_test(test_versions_and_counters_refused),
    };
    if (fx_setup() != 0)
        return 1;
    int rc = core_run("coverage_offer_workflow", tests, sizeof tests / sizeof tests[0], NULL, 0,
                      argc, argv);
    fx_teardown();
    return rc;
}
