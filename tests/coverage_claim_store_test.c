/*
 * coverage_claim_store_test.c — the claim store (claim_store.h) given a
 * damaged or foreign database: a number counter that holds no number, or
 * is not marked as a counter, stops registration with CLM_EPARSE naming
 * the counter, and nothing is registered; a counter is not a claim to
 * load; a claim record with an unknown state stops the due list naming the
 * record. Bad arguments to the lists are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

static const clm_actor MGR = { "ivanov", "manager", 1767000000 };
/* The counter of the default pattern for claims received in 2026. */
#define COUNTER "#seq:CL-{YYYY}-{N:6}:2026"

static clm_claim_regimes *g_regimes;
static clm_calendar *g_ru;

static clm_date D(int y, int m, int d)
{
    clm_date x;
    CHECK_OK(clm_date_from_ymd(&x, y, m, d));
    return x;
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
    CHECK_OK(clm_money_make(&in.claimed, 100000, "RUB"));
    CHECK_OK(clm_money_make(&in.price, 100000, "RUB"));
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    return in;
}

static void put(clm_store *st, const char *id, const char *state, const char *body, clm_date due)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLAIM;
    r.id = id;
    r.state = state;
    r.manager = "ivanov";
    r.due = due;
    r.body = body;
    r.body_len = body != NULL ? strlen(body) : 0;
    CHECK_OK(clm_store_put(NULL, st, &r));
}

static int count(const clm_claim *c, void *payload)
{
    (void)c;
    ++*(int *)payload;
    return 0;
}

static int count_due(const clm_claim_due_item *it, void *payload)
{
    (void)it;
    ++*(int *)payload;
    return 0;
}

/* Registration fails with CLM_EPARSE naming the counter; nothing is
 * registered and the counter keeps its version. */
static void register_refused(const char *state, const char *body)
{
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    put(st, COUNTER, state, body, CLM_RECORD_NO_DUE);
    clm_claim_info in = info();
    clm_claim *c = (clm_claim *)&c;
    CHECK_FAIL(clm_claim_store_register(&c, st, &in, g_regimes, g_ru, NULL, &MGR), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "sequence");
    CHECK_STR(clm_error_last()->source, COUNTER);
    assert_ptr_equal(c, (clm_claim *)&c);
    /* the first number of the year was not taken */
    clm_record *r = NULL;
    CHECK_FAIL(clm_store_get(&r, st, CLM_RECORD_CLAIM, "CL-2026-000001"), CLM_ENOTFOUND);
    CHECK_OK(clm_store_get(&r, st, CLM_RECORD_CLAIM, COUNTER));
    CHECK_I64(r->version, 1);
    clm_record_free(r);
    clm_store_free(st);
}

static void test_damaged_counter(void **state)
{
    (void)state;
    register_refused("sequence", "twelve");
    register_refused("sequence", "-3");
    register_refused("sequence", NULL);
    register_refused("sequence", "9223372036854775807");
    register_refused("received", "12"); /* not marked as a counter */
    register_refused(NULL, "12");
    /* a sound counter: the next number follows it */
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    put(st, COUNTER, "sequence", "41", CLM_RECORD_NO_DUE);
    clm_claim_info in = info();
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_store_register(&c, st, &in, g_regimes, g_ru, NULL, &MGR));
    CHECK_STR(clm_claim_number(c), "CL-2026-000042");
    clm_claim_free(c);
    /* the counter is no claim to load */
    c = (clm_claim *)&c;
    CHECK_FAIL(clm_claim_store_load(&c, st, COUNTER), CLM_ENOTFOUND);
    CHECK_STR(clm_error_last()->field, "number");
    assert_ptr_equal(c, (clm_claim *)&c);
    clm_store_free(st);
}

static void test_lists_refuse(void **state)
{
    (void)state;
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    int n = 0;
    clm_date on = D(2026, 3, 10);
    CHECK_FAIL(clm_claim_store_due(NULL, g_ru, on, NULL, NULL, count_due, &n), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_due(st, NULL, on, NULL, NULL, count_due, &n), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_due(st, g_ru, on, NULL, NULL, NULL, &n), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_due(st, g_ru, on, "", NULL, count_due, &n), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "manager");
    clm_claim_policy pol;
    CHECK_OK(clm_claim_policy_init(&pol));
    pol.version = 9;
    CHECK_FAIL(clm_claim_store_due(st, g_ru, on, NULL, &pol, count_due, &n), CLM_EVERSION);
    CHECK_FAIL(clm_claim_store_scan(NULL, NULL, count, &n), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_scan(st, NULL, NULL, &n), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_scan(st, "", count, &n), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "manager");
    clm_claim *c = NULL;
    CHECK_FAIL(clm_claim_store_load(NULL, st, "CL-1"), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_load(&c, st, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_save(NULL, NULL, g_ru, &MGR, NULL), CLM_EINVAL);
    assert_int_equal(clm_claim_stored_version(NULL), 0);
    clm_claim_info in = info();
    CHECK_FAIL(clm_claim_store_register(&c, NULL, &in, g_regimes, g_ru, NULL, &MGR), CLM_EINVAL);
    CHECK_FAIL(clm_claim_store_register(&c, st, &in, g_regimes, NULL, NULL, &MGR), CLM_EINVAL);
    in.received = CLM_DATE_MAX + 1;
    CHECK_FAIL(clm_claim_store_register(&c, st, &in, g_regimes, g_ru, NULL, &MGR), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "received");
    assert_null(c);
    /* a claim record with a state that is no claim state */
    put(st, "CL-X", "pondering", NULL, on);
    CHECK_FAIL(clm_claim_store_due(st, g_ru, on, NULL, NULL, count_due, &n), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "state");
    CHECK_STR(clm_error_last()->source, "CL-X");
    assert_int_equal(n, 0);
    clm_store_free(st);
}

static int setup(void **state)
{
    (void)state;
    if (clm_claim_regimes_new(&g_regimes) < 0 || clm_calendar_new_ru(&g_ru) < 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    clm_claim_regimes_free(g_regimes);
    clm_calendar_free(g_ru);
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_damaged_counter),
        cmocka_unit_test(test_lists_refuse),
    };
    if (setup(NULL) != 0)
        return 1;
    int rc = core_run("coverage_claim_store", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                      argv);
    teardown(NULL);
    return rc;
}
