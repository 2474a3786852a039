/*
 * coverage_offer_store_test.c — the offer store's lists and reports
 * (offer_store.h) refuse bad arguments with the documented code, and a
 * record a damaged or foreign database holds (an unknown state name, a
 * contract's uninvoiced amount in another currency or negative) is
 * reported with the record and the field named, never counted or listed
 * as if it were sound; the exposure's output is untouched on error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"
#include "offer_fixture.h"

static int count_offer(const clm_offer_item *item, void *payload)
{
    (void)item;
    ++*(int *)payload;
    return 0;
}

static int count_contract(const clm_contract_item *item, void *payload)
{
    (void)item;
    ++*(int *)payload;
    return 0;
}

static int count_conversion(const clm_offer_conversion *c, void *payload)
{
    (void)c;
    ++*(int *)payload;
    return 0;
}

static clm_store *store(void)
{
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    return st;
}

/* Puts a raw record, as a foreign writer could. */
static void put(clm_store *st, clm_record_kind kind, const char *id, const char *client,
                const char *manager, const char *state, const char *amount)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = kind;
    r.id = id;
    r.client_id = client;
    r.manager = manager;
    r.state = state;
    if (amount != NULL)
        CHECK_OK(clm_money_parse(&r.amount, amount));
    CHECK_OK(clm_store_put(NULL, st, &r));
}

static void test_argument_refusals(void **state)
{
    (void)state;
    clm_store *st = store();
    int n = 0;
    clm_date on = fx_day(2026, 1, 12);
    CHECK_FAIL(clm_offer_store_list(NULL, NULL, NULL, 0, count_offer, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_list(st, NULL, NULL, 0, NULL, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_list(st, "", NULL, 0, count_offer, &n), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "client_id");
    CHECK_FAIL(clm_offer_store_list(st, NULL, "", 0, count_offer, &n), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "manager");
    CHECK_FAIL(clm_offer_store_list(st, NULL, NULL, (clm_offer_state)99, count_offer, &n),
               CLM_EINVAL);
    CHECK_FAIL(clm_contract_store_list(NULL, NULL, NULL, 0, count_contract, &n), CLM_EINVAL);
    CHECK_FAIL(clm_contract_store_list(st, "", NULL, 0, count_contract, &n), CLM_EINVAL);
    CHECK_FAIL(clm_contract_store_list(st, NULL, NULL, (clm_contract_state)99, count_contract, &n),
               CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_expiring(st, fx_ru, on, -1, NULL, count_offer, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_expiring(st, fx_ru, on, 366, NULL, count_offer, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_expiring(st, NULL, on, 5, NULL, count_offer, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_expiring(st, fx_ru, on, 5, "", count_offer, &n), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "manager");
    CHECK_FAIL(clm_offer_store_conversion(NULL, NULL, on, on, count_conversion, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_conversion(st, NULL, on + 1, on, count_conversion, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_conversion(st, "", on, on, count_conversion, &n), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_conversion(st, NULL, CLM_DATE_MIN - 1, on, count_conversion, &n),
               CLM_EINVAL);
    clm_offer *o = NULL;
    CHECK_FAIL(clm_offer_store_load(NULL, st, "O-1"), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_load(&o, NULL, "O-1"), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_load(&o, st, "O-1"), CLM_ENOTFOUND);
    clm_contract *c = NULL;
    CHECK_FAIL(clm_contract_store_load(NULL, st, "K-1"), CLM_EINVAL);
    CHECK_FAIL(clm_contract_store_load(&c, st, "K-1"), CLM_ENOTFOUND);
    assert_null(o);
    assert_null(c);
    clm_actor m = fx_who("ivanov", "manager", on);
    CHECK_FAIL(clm_offer_store_save(NULL, NULL, &m, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_store_save(st, NULL, &m, NULL), CLM_EINVAL);
    assert_int_equal(clm_offer_stored_version(NULL), 0);
    assert_int_equal(clm_contract_stored_version(NULL), 0);
    assert_int_equal(n, 0);
    clm_store_free(st);
}

static void test_damaged_records(void **state)
{
    (void)state;
    clm_store *st = store();
    int n = 0;
    /* an offer record whose state is no offer state */
    put(st, CLM_RECORD_OFFER, "O-9", "C-1", "ivanov", "dreaming", NULL);
    CHECK_FAIL(clm_offer_store_list(st, "C-1", NULL, 0, count_offer, &n), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "state");
    assert_non_null(strstr(clm_error_last()->message, "O-9"));
    /* a contract record likewise */
    put(st, CLM_RECORD_CONTRACT, "K-9", "C-1", "ivanov", "limbo", NULL);
    CHECK_FAIL(clm_contract_store_list(st, "C-1", NULL, 0, count_contract, &n), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "state");
    assert_int_equal(n, 0);

    /* the exposure: a damaged state, another currency, a negative amount */
    clm_credit_exposure x, before;
    memset(&x, 0x5A, sizeof x);
    before = x;
    clm_date on = fx_day(2026, 1, 12);
    CHECK_FAIL(clm_contract_store_exposure(&x, st, "RUB", "C-1", on), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "state");
    put(st, CLM_RECORD_CONTRACT, "K-2", "C-2", "ivanov", "concluded", "100.00 USD");
    CHECK_FAIL(clm_contract_store_exposure(&x, st, "RUB", "C-2", on), CLM_ECURRENCY);
    CHECK_STR(clm_error_last()->field, "amount");
    put(st, CLM_RECORD_CONTRACT, "K-3", "C-3", "ivanov", "in-execution", "-1.00 RUB");
    CHECK_FAIL(clm_contract_store_exposure(&x, st, "RUB", "C-3", on), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "amount");
    assert_memory_equal(&x, &before, sizeof x);
    /* sound records count: a concluded contract's uninvoiced amount, not a
     * draft's, nor one without an amount */
    put(st, CLM_RECORD_CONTRACT, "K-4", "C-4", "ivanov", "concluded", "250.00 RUB");
    put(st, CLM_RECORD_CONTRACT, "K-5", "C-4", "ivanov", "draft", "999.00 RUB");
    put(st, CLM_RECORD_CONTRACT, "K-6", "C-4", "ivanov", "in-execution", NULL);
    CHECK_OK(clm_contract_store_exposure(&x, st, "RUB", "C-4", on));
    CHECK_I64(x.orders, 25000);
    /* an offer record with no body cannot be read for the conversion */
    CHECK_FAIL(clm_offer_store_conversion(st, "ivanov", on - 30, on, count_conversion, &n),
               CLM_EPARSE);
    clm_store_free(st);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_argument_refusals),
        cmocka_unit_test(test_damaged_records),
    };
    if (fx_setup() != 0)
        return 1;
    int rc = core_run("coverage_offer_store", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                      argv);
    fx_teardown();
    return rc;
}
