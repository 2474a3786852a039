/*
 * coverage_claim_test.c — the claim's refusals and roundings the module
 * tests leave unexercised: each bad field of a new claim is refused with
 * the documented code and the field named; the consumer penalty (Law of
 * the RF No. 2300-1 "On the protection of consumers' rights", art. 23:
 * 1 % of the price per day of delay) rounds a half kopeck by each mode the
 * policy names; the store adapter refuses what it cannot keep or read.
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

static clm_claim_info info(void)
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
    return in;
}

static void refused(const clm_claim_info *in, int code, const char *field)
{
    clm_claim_regimes *g = NULL;
    CHECK_OK(clm_claim_regimes_new(&g));
    clm_claim *c = (clm_claim *)&c;
    CHECK_FAIL(clm_claim_new(&c, "CL-1", in, g), code);
    assert_ptr_equal(c, (clm_claim *)&c);
    if (field != NULL)
        CHECK_STR(clm_error_last()->field, field);
    clm_claim_regimes_free(g);
}

static void test_info_refused(void **state)
{
    (void)state;
    clm_claim_info in = info();
    in.concerns = CLM_CLAIM_CONCERNS_ORDER; /* without naming the order */
    refused(&in, CLM_EINVAL, "concerns_id");
    in = info();
    in.quality_check = 2;
    refused(&in, CLM_EINVAL, "quality_check");
    in = info();
    in.contract_rate = -1;
    refused(&in, CLM_EINVAL, "contract_rate");
    in = info();
    in.contract_cap = RUB(-1);
    refused(&in, CLM_EINVAL, "contract_cap");
    in = info();
    CHECK_OK(clm_money_make(&in.contract_cap, 100, "USD"));
    refused(&in, CLM_ECURRENCY, "contract_cap");
    in = info();
    in.received = CLM_DATE_MAX + 1;
    refused(&in, CLM_EINVAL, "received");
    in = info();
    memcpy(in.price.currency, "ZZZ", 4);
    refused(&in, CLM_ECURRENCY, "price");
    clm_claim_info z;
    memset(&z, 0x5A, sizeof z);
    CHECK_FAIL(clm_claim_info_init(NULL), CLM_EINVAL);
    CHECK_OK(clm_claim_info_init(&z));
    assert_int_equal(z.received, CLM_CLAIM_NO_DATE);
    assert_null(z.client_id);
    clm_claim_regimes *g = NULL;
    CHECK_OK(clm_claim_regimes_new(&g));
    in = info();
    clm_claim *c = NULL;
    CHECK_FAIL(clm_claim_new(NULL, "CL-1", &in, g), CLM_EINVAL);
    CHECK_FAIL(clm_claim_new(&c, "CL-1", NULL, g), CLM_EINVAL);
    CHECK_FAIL(clm_claim_dup(NULL, NULL), CLM_EINVAL);
    clm_claim_regimes_free(g);
}

/* A refund due Thu 12 Mar 2026 (10 days, art. 22), satisfied on Fri
 * 13 Mar: one day of delay at 1 % of 15000.50 RUB = 150.005 RUB, i.e.
 * 15000.5 kopecks, rounded by the policy's mode. */
static void test_penalty_roundings(void **state)
{
    (void)state;
    clm_claim_regimes *g = NULL;
    clm_calendar *ru = NULL;
    CHECK_OK(clm_claim_regimes_new(&g));
    CHECK_OK(clm_calendar_new_ru(&ru));
    clm_claim_info in = info();
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_new(&c, "CL-1", &in, g));
    static const struct {
        clm_rounding mode;
        int64_t want;
    } cases[] = {
        { CLM_ROUND_HALF_UP, 15001 }, { CLM_ROUND_HALF_DOWN, 15000 },
        { CLM_ROUND_HALF_EVEN, 15000 }, { CLM_ROUND_UP, 15001 },
        { CLM_ROUND_DOWN, 15000 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clm_claim_policy p = CLM_CLAIM_POLICY_INIT;
        p.rounding = cases[i].mode;
        clm_claim_penalty_result r;
        CHECK_OK(clm_claim_penalty(&r, c, ru, D(2026, 3, 13), NULL, 0, &p));
        assert_int_equal(r.days, 1);
        if (r.amount.amount != cases[i].want)
            fail_msg("%s: %lld kopecks, expected %lld", clm_rounding_name(cases[i].mode),
                     (long long)r.amount.amount, (long long)cases[i].want);
        CHECK_STR(r.basis, "consumer-art23");
    }
    clm_claim_penalty_result r;
    memset(&r, 0x5A, sizeof r);
    clm_claim_penalty_result before = r;
    CHECK_FAIL(clm_claim_penalty(&r, c, ru, CLM_DATE_MAX + 1, NULL, 0, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "satisfied_on");
    CHECK_FAIL(clm_claim_penalty(&r, NULL, ru, D(2026, 3, 13), NULL, 0, NULL), CLM_EINVAL);
    assert_memory_equal(&r, &before, sizeof r);
    /* The claim's accessors on a claim with one step and no cause. */
    clm_claim_step s;
    CHECK_FAIL(clm_claim_step_at(&s, c, 5), CLM_ERANGE);
    CHECK_FAIL(clm_claim_step_at(NULL, c, 0), CLM_EINVAL);
    clm_claim_escalation e;
    CHECK_FAIL(clm_claim_escalation_at(NULL, c, 0), CLM_EINVAL);
    (void)e;
    const char *cause = "untouched";
    clm_claim_party party = CLM_CLAIM_PARTY_CLIENT;
    assert_int_equal(clm_claim_cause(c, &cause, &party), 0);
    CHECK_STR(cause, "untouched");
    CHECK_OK(clm_claim_set_cause(c, "bad seal", CLM_CLAIM_PARTY_SUPPLIER, &MGR, D(2026, 3, 3)));
    assert_int_equal(clm_claim_cause(c, &cause, &party), 1);
    CHECK_STR(cause, "bad seal");
    assert_int_equal(party, CLM_CLAIM_PARTY_SUPPLIER);
    clm_claim_deadlines dl;
    CHECK_FAIL(clm_claim_deadlines_get(&dl, c, ru, CLM_DATE_MAX + 1), CLM_ERANGE);
    CHECK_FAIL(clm_claim_deadlines_get(NULL, c, ru, D(2026, 3, 3)), CLM_EINVAL);
    clm_claim_free(c);
    clm_calendar_free(ru);
    clm_claim_regimes_free(g);
}

static int count_cb(const clm_claim_due_item *item, void *payload)
{
    (void)item;
    ++*(int *)payload;
    return 0;
}

static void test_store_refusals(void **state)
{
    (void)state;
    clm_claim_regimes *g = NULL;
    clm_calendar *ru = NULL;
    clm_store *st = NULL;
    CHECK_OK(clm_claim_regimes_new(&g));
    CHECK_OK(clm_calendar_new_ru(&ru));
    CHECK_OK(clm_store_open_memory(&st));
    clm_claim_info in = info();
    /* A claim made by the pure constructor was never stored. */
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_new(&c, "CL-2026-000009", &in, g));
    CHECK_FAIL(clm_claim_store_save(st, c, ru, &MGR, NULL), CLM_ENOTFOUND);
    CHECK_STR(clm_error_last()->field, "version");
    CHECK_FAIL(clm_claim_store_save(NULL, c, ru, &MGR, NULL), CLM_EINVAL);
    /* A record under one number holding the body of another claim. */
    char *body = NULL;
    size_t len = 0;
    CHECK_OK(clm_claim_encode(&body, &len, c));
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLAIM;
    r.id = "CL-2026-000010";
    r.state = "received";
    r.body = body;
    r.body_len = len;
    CHECK_OK(clm_store_put(NULL, st, &r));
    clm_claim *out = (clm_claim *)&out;
    CHECK_FAIL(clm_claim_store_load(&out, st, "CL-2026-000010"), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "number");
    assert_ptr_equal(out, (clm_claim *)&out);
    CHECK_FAIL(clm_claim_store_load(&out, st, NULL), CLM_EINVAL);
    /* A due claim whose record carries a state outside the vocabulary. */
    r.id = "CL-2026-000011";
    r.state = "misplaced";
    r.due = D(2026, 3, 10);
    CHECK_OK(clm_store_put(NULL, st, &r));
    int n = 0;
    CHECK_FAIL(clm_claim_store_due(st, ru, D(2026, 3, 11), NULL, NULL, count_cb, &n), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "state");
    CHECK_FAIL(clm_claim_store_due(NULL, ru, D(2026, 3, 11), NULL, NULL, count_cb, &n), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_scan(st, "bad\nmanager", NULL, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_scan(NULL, NULL, NULL, NULL), CLM_EINVAL);
    /* A number pattern too long for the counter's id. */
    char pattern[300];
    memset(pattern, 'X', sizeof pattern - 8);
    strcpy(pattern + sizeof pattern - 8, "-{N}");
    clm_claim_policy pol = CLM_CLAIM_POLICY_INIT;
    pol.number_pattern = pattern;
    clm_claim *reg = (clm_claim *)&reg;
    int rc = clm_claim_store_register(&reg, st, &in, g, ru, &pol, &MGR);
    assert_true(rc == CLM_ELIMIT || rc == CLM_EINVAL);
    assert_ptr_equal(reg, (clm_claim *)&reg);
    CHECK_STR(clm_error_last()->field, "number_pattern");
    CHECK_FAIL(clm_claim_store_register(NULL, NULL, &in, g, ru, NULL, &MGR), CLM_EINVAL);
    clm_free(body);
    clm_claim_free(c);
    clm_store_free(st);
    clm_calendar_free(ru);
    clm_claim_regimes_free(g);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_info_refused),
        cmocka_unit_test(test_penalty_roundings),
        cmocka_unit_test(test_store_refusals),
    };
    return core_run("coverage_claim", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
}
