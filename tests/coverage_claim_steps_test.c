/*
 * coverage_claim_steps_test.c — the claim's workflow steps refuse what
 * claim.h says they refuse, with the documented code and the field named,
 * and leave the claim exactly as it was (clm_claim_equal with a copy taken
 * before); the accessors answer a NULL claim with their documented empty
 * values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

static const clm_actor MGR = { "ivanov", "manager", 1767000000 };

static clm_date D(int y, int m, int d)
{
    clm_date x;
    CHECK_OK(clm_date_from_ymd(&x, y, m, d));
    return x;
}

static clm_money RUB(int64_t minor)
{
    clm_money m;
    CHECK_OK(clm_money_make(&m, minor, "RUB"));
    return m;
}

static clm_claim_regimes *g_regimes;

/* A consumer's refund claim for 15000.50 RUB received on 2 Mar 2026, moved
 * on to `state` along the table (received, acknowledged, under_assessment,
 * decided, client_informed, closed). */
static clm_claim *claim_in(clm_claim_state state)
{
    clm_claim_info in = CLM_CLAIM_INFO_INIT;
    in.client_id = "C-0001";
    in.manager = "ivanov";
    in.form = CLM_CLAIM_WRITTEN;
    in.channel = CLM_CLAIM_EMAIL;
    in.received = D(2026, 3, 2);
    in.subject = CLM_CLAIM_QUALITY_DEFECT;
    in.demand = CLM_CLAIM_REFUND;
    in.claimed = RUB(1500050);
    in.price = RUB(1500050);
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    if (g_regimes == NULL)
        CHECK_OK(clm_claim_regimes_new(&g_regimes));
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_new(&c, "CL-1", &in, g_regimes));
    if (state == CLM_CLAIM_RECEIVED)
        return c;
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 2), NULL, NULL));
    if (state == CLM_CLAIM_ACKNOWLEDGED)
        return c;
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, D(2026, 3, 3), NULL, NULL));
    if (state == CLM_CLAIM_UNDER_ASSESSMENT)
        return c;
    clm_money g = RUB(1500050);
    CHECK_OK(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &g, "defect confirmed", &MGR, D(2026, 3, 5)));
    if (state == CLM_CLAIM_DECIDED)
        return c;
    CHECK_OK(clm_claim_inform(c, CLM_CLAIM_EMAIL, "refund approved", &MGR, D(2026, 3, 6)));
    if (state == CLM_CLAIM_CLIENT_INFORMED)
        return c;
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_CLOSED, &MGR, D(2026, 3, 7), NULL, NULL));
    assert_int_equal(state, CLM_CLAIM_CLOSED);
    return c;
}

/* Asserts the last call failed with `code` naming `field` (NULL: any) and
 * that c is still equal to `before`; frees `before`. */
static void unchanged(clm_claim *c, clm_claim *before, const char *field)
{
    if (field != NULL)
        CHECK_STR(clm_error_last()->field, field);
    assert_true(clm_claim_equal(c, before));
    clm_claim_free(before);
}

static clm_claim *copy(const clm_claim *c)
{
    clm_claim *d = NULL;
    CHECK_OK(clm_claim_dup(&d, c));
    return d;
}

static void test_null_claim_accessors(void **state)
{
    (void)state;
    assert_null(clm_claim_number(NULL));
    assert_int_equal(clm_claim_state_get(NULL), 0);
    assert_null(clm_claim_info_get(NULL));
    assert_int_equal(clm_claim_demand_get(NULL), 0);
    assert_null(clm_claim_handler(NULL));
    assert_int_equal(clm_claim_level(NULL), -1);
    assert_int_equal(clm_claim_step_count(NULL), 0);
    assert_int_equal(clm_claim_escalation_count(NULL), 0);
    assert_int_equal(clm_claim_decision(NULL, NULL, NULL, NULL, NULL), 0);
    assert_int_equal(clm_claim_cause(NULL, NULL, NULL), 0);
    clm_claim_notice n;
    assert_int_equal(clm_claim_notice_get(&n, NULL), 0);
    clm_claim_step s;
    CHECK_FAIL(clm_claim_step_at(&s, NULL, 0), CLM_EINVAL);
    clm_claim_escalation e;
    CHECK_FAIL(clm_claim_escalation_at(&e, NULL, 0), CLM_EINVAL);
    clm_claim *c = claim_in(CLM_CLAIM_RECEIVED);
    CHECK_FAIL(clm_claim_step_at(NULL, c, 0), CLM_EINVAL);
    CHECK_FAIL(clm_claim_step_at(&s, c, clm_claim_step_count(c)), CLM_ERANGE);
    CHECK_FAIL(clm_claim_escalation_at(NULL, c, 0), CLM_EINVAL);
    CHECK_FAIL(clm_claim_escalation_at(&e, c, 0), CLM_ERANGE);
    /* nothing decided, informed or found yet; NULL outputs are allowed */
    assert_int_equal(clm_claim_decision(c, NULL, NULL, NULL, NULL), 0);
    assert_int_equal(clm_claim_notice_get(&n, c), 0);
    assert_int_equal(clm_claim_cause(c, NULL, NULL), 0);
    assert_false(clm_claim_equal(c, NULL));
    assert_false(clm_claim_equal(NULL, c));
    clm_claim_free(c);
    clm_claim *d = claim_in(CLM_CLAIM_CLIENT_INFORMED);
    clm_claim_outcome o = 0;
    clm_money g;
    memset(&g, 0, sizeof g);
    const char *why = NULL;
    clm_date on = 0;
    assert_int_equal(clm_claim_decision(d, &o, &g, &why, &on), 1);
    assert_int_equal(o, CLM_CLAIM_ACCEPTED);
    CHECK_I64(g.amount, 1500050);
    CHECK_STR(why, "defect confirmed");
    CHECK_I64(on, D(2026, 3, 5));
    assert_int_equal(clm_claim_decision(d, NULL, NULL, NULL, NULL), 1);
    assert_int_equal(clm_claim_notice_get(NULL, d), 1);
    assert_int_equal(clm_claim_notice_get(&n, d), 1);
    CHECK_STR(n.text, "refund approved");
    assert_int_equal(n.channel, CLM_CLAIM_EMAIL);
    clm_claim_free(d);
}

static void test_move_refusals(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_ACKNOWLEDGED);
    clm_claim *b = copy(c);
    clm_date day = D(2026, 3, 4);
    CHECK_FAIL(clm_claim_move(NULL, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, day, NULL, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, NULL, day, NULL, NULL), CLM_EINVAL);
    clm_actor nobody = { "", "manager", 1767000000 };
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &nobody, day, NULL, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, CLM_DATE_MAX + 1, NULL, NULL),
               CLM_EINVAL);
    unchanged(c, copy(b), "on");
    /* earlier than the last step (acknowledged on 2 Mar) */
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, D(2026, 3, 1), NULL, NULL),
               CLM_EINVAL);
    unchanged(c, copy(b), "on");
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, day, "a\x01note", NULL),
               CLM_EINVAL);
    unchanged(c, copy(b), "note");
    clm_claim_policy pol;
    CHECK_OK(clm_claim_policy_init(&pol));
    pol.version = 99;
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, day, NULL, &pol), CLM_EVERSION);
    unchanged(c, copy(b), NULL);
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_DECIDED, &MGR, day, NULL, NULL), CLM_EINVAL);
    unchanged(c, copy(b), "to");
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_CLIENT_INFORMED, &MGR, day, NULL, NULL), CLM_EINVAL);
    unchanged(c, copy(b), "to");
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_CLOSED, &MGR, day, NULL, NULL), CLM_ESTATE);
    unchanged(c, copy(b), "state");
    CHECK_FAIL(clm_claim_move(c, (clm_claim_state)99, &MGR, day, NULL, NULL), CLM_ESTATE);
    unchanged(c, copy(b), "state");
    assert_true(strstr(clm_error_last()->message, "an unknown state") != NULL);
    clm_claim_free(b);
    clm_claim_free(c);
    /* closing needs the client's notice on record */
    c = claim_in(CLM_CLAIM_DECIDED);
    b = copy(c);
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_CLOSED, &MGR, D(2026, 3, 9), NULL, NULL), CLM_ESTATE);
    unchanged(c, b, "state");
    clm_claim_free(c);
    /* reopening after the policy's period */
    c = claim_in(CLM_CLAIM_CLOSED);
    CHECK_OK(clm_claim_policy_init(&pol));
    b = copy(c);
    clm_date late = D(2026, 3, 7) + (clm_date)pol.reopen_days + 1;
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_REOPENED, &MGR, late, NULL, &pol), CLM_ESTATE);
    unchanged(c, b, "state");
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_REOPENED, &MGR, late - 1, NULL, &pol));
    assert_int_equal(clm_claim_state_get(c), CLM_CLAIM_REOPENED);
    clm_claim_free(c);
}

static void test_decide_refusals(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_UNDER_ASSESSMENT);
    clm_claim *b = copy(c);
    clm_date day = D(2026, 3, 5);
    clm_money all = RUB(1500050), none = RUB(0), more = RUB(1500051), some = RUB(100);
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, NULL, "r", &MGR, day), CLM_EINVAL);
    CHECK_FAIL(clm_claim_decide(c, (clm_claim_outcome)9, &all, "r", &MGR, day), CLM_EINVAL);
    unchanged(c, copy(b), "outcome");
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &all, "", &MGR, day), CLM_EINVAL);
    unchanged(c, copy(b), "reasons");
    clm_money usd;
    CHECK_OK(clm_money_make(&usd, 100, "USD"));
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &usd, "r", &MGR, day), CLM_ECURRENCY);
    unchanged(c, copy(b), "granted");
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &more, "r", &MGR, day), CLM_ERANGE);
    unchanged(c, copy(b), "granted");
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_REJECTED, &some, "r", &MGR, day), CLM_ERANGE);
    unchanged(c, copy(b), "granted");
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_PARTLY_ACCEPTED, &all, "r", &MGR, day), CLM_ERANGE);
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_PARTLY_ACCEPTED, &none, "r", &MGR, day), CLM_ERANGE);
    unchanged(c, copy(b), "granted");
    /* a partial grant inside the claim is a decision */
    CHECK_OK(clm_claim_decide(c, CLM_CLAIM_PARTLY_ACCEPTED, &some, "half the lot", &MGR, day));
    clm_claim_free(b);
    b = copy(c);
    /* decided: a second decision has no state to come from */
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &all, "r", &MGR, day), CLM_ESTATE);
    unchanged(c, b, "state");
    clm_claim_free(c);
}

static void test_other_steps_refused(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_UNDER_ASSESSMENT);
    clm_claim *b = copy(c);
    clm_date day = D(2026, 3, 5);
    /* the notice comes after a decision */
    CHECK_FAIL(clm_claim_inform(c, CLM_CLAIM_EMAIL, "done", &MGR, day), CLM_ESTATE);
    unchanged(c, copy(b), "state");
    CHECK_FAIL(clm_claim_inform(c, CLM_CLAIM_EMAIL, "", &MGR, day), CLM_EINVAL);
    unchanged(c, copy(b), "text");
    CHECK_FAIL(clm_claim_inform(c, (clm_claim_channel)99, "done", &MGR, day), CLM_EINVAL);
    unchanged(c, copy(b), NULL);
    /* a new demand: the regimes, the condition bits */
    CHECK_FAIL(clm_claim_change_demand(c, CLM_CLAIM_REPLACEMENT, 0, NULL, &MGR, day), CLM_EINVAL);
    CHECK_FAIL(clm_claim_change_demand(c, CLM_CLAIM_REPLACEMENT, 4, g_regimes, &MGR, day),
               CLM_EINVAL);
    unchanged(c, copy(b), "conditions");
    CHECK_FAIL(clm_claim_change_demand(c, (clm_claim_demand)99, 0, g_regimes, &MGR, day),
               CLM_EINVAL);
    unchanged(c, copy(b), "demand");
    /* the cause: a line and a known party */
    CHECK_FAIL(clm_claim_set_cause(c, "", CLM_CLAIM_PARTY_SUPPLIER, &MGR, day), CLM_EINVAL);
    unchanged(c, copy(b), "cause");
    CHECK_FAIL(clm_claim_set_cause(c, "bad batch", (clm_claim_party)99, &MGR, day), CLM_EINVAL);
    unchanged(c, copy(b), "party");
    /* escalation: automatic is 0 or 1; the role must be the level's */
    clm_actor boss = { "petrova", "head_of_department", 1767000000 };
    CHECK_FAIL(clm_claim_escalate(c, NULL, NULL, "petrova", "slow", 2, &MGR, day), CLM_EINVAL);
    unchanged(c, copy(b), "automatic");
    CHECK_FAIL(clm_claim_escalate(c, NULL, NULL, "petrova", "slow", 0, &boss, day), CLM_EPERM);
    unchanged(c, copy(b), NULL);
    clm_claim_free(b);
    clm_claim_free(c);
    /* once the claim is closed, no cause and no demand change */
    c = claim_in(CLM_CLAIM_CLOSED);
    b = copy(c);
    CHECK_FAIL(clm_claim_set_cause(c, "bad batch", CLM_CLAIM_PARTY_SUPPLIER, &MGR, D(2026, 3, 8)),
               CLM_ESTATE);
    unchanged(c, copy(b), "state");
    CHECK_FAIL(clm_claim_change_demand(c, CLM_CLAIM_REPLACEMENT, 0, g_regimes, &MGR, D(2026, 3, 8)),
               CLM_ESTATE);
    unchanged(c, copy(b), "state");
    CHECK_FAIL(clm_claim_escalate(c, NULL, NULL, "petrova", "slow", 0, &MGR, D(2026, 3, 8)),
               CLM_ESTATE);
    unchanged(c, b, "state");
    clm_claim_free(c);
}

static int teardown(void **state)
{
    (void)state;
    clm_claim_regimes_free(g_regimes);
    g_regimes = NULL;
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_null_claim_accessors, teardown),
        cmocka_unit_test_teardown(test_move_refusals, teardown),
        cmocka_unit_test_teardown(test_decide_refusals, teardown),
        cmocka_unit_test_teardown(test_other_steps_refused, teardown),
    };
    return core_run("coverage_claim_steps", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
