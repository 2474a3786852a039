/*
 * offer_notice_test.c — the input of price-change notices gathered from
 * stored offers, contracts and client records (clm/offer_notice.h): which
 * records count as an offer, a contract or a purchase in the window, the
 * clients' categories and region, the filter by client, the whole path to
 * the notices, bad input leaving the output untouched, and the OOM walk.
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
#include "core_check.h"
#include "offer_fixture.h"
#include "oom.h"

static clm_date ACC; /* Mon 29 Dec 2025: the contracts are concluded on it */

static void save_client(clm_store *st, const char *id, const char *category, const char *region)
{
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_client *c;
    CHECK_OK(clm_client_new(&c, &m, id, CLM_LEGAL_ENTITY, "Romashka"));
    if (category != NULL)
        CHECK_OK(clm_client_category_add(c, &m, category, "manual:test", NULL));
    if (region != NULL)
        CHECK_OK(clm_client_set_text(c, &m, CLM_CLIENT_REGION, region));
    CHECK_OK(clm_client_store_save(NULL, st, c, &m, NULL));
    clm_client_free(c);
}

/* A contract from a new accepted offer `offer` of `client`, concluded on
 * ACC; completed when `complete`. */
static void save_contract(clm_store *st, const char *id, const char *offer, const char *client,
                          int complete)
{
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_offer *o = fx_accepted(offer, client, "ivanov");
    CHECK_OK(clm_offer_store_save(st, o, &m, NULL));
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = id;
    clm_contract *k;
    CHECK_OK(clm_contract_from_offer(&k, o, &info, &m));
    CHECK_OK(clm_contract_agree(k, &m));
    CHECK_OK(clm_contract_conclude(k, &m, ACC));
    if (complete) {
        CHECK_OK(clm_contract_start(k, &m));
        CHECK_OK(clm_contract_complete(k, &m));
    }
    CHECK_OK(clm_contract_store_save(st, k, &m, NULL));
    clm_contract_free(k);
    clm_offer_free(o);
}

/*
 * C-1 (wholesale, region 77): offer O-1 sent, contract K-1 concluded on
 * ACC from accepted offer O-3. C-2: draft O-2, contract K-2 completed
 * from O-4. Every offer has the fixture's lines: 10 x CEM-M500, 5 x SAND.
 */
static clm_store *build(void)
{
    clm_store *st;
    CHECK_OK(clm_store_open_memory(&st));
    save_client(st, "C-1", "wholesale", "77");
    save_client(st, "C-2", NULL, NULL);
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_offer *o = fx_sent("O-1", "C-1", "ivanov");
    CHECK_OK(clm_offer_store_save(st, o, &m, NULL));
    clm_offer_free(o);
    o = fx_draft("O-2", "C-2", "ivanov");
    CHECK_OK(clm_offer_store_save(st, o, &m, NULL));
    clm_offer_free(o);
    save_contract(st, "K-1", "O-3", "C-1", 0);
    save_contract(st, "K-2", "O-4", "C-2", 1);
    return st;
}

static clm_offer_notice_query window(clm_date from, clm_date to)
{
    clm_offer_notice_query q;
    CHECK_OK(clm_offer_notice_query_init(&q));
    q.window_from = from;
    q.window_to = to;
    return q;
}

/* The kinds of the interests of `client` in `product`, or-ed. */
static unsigned kinds(const clm_offer_notice_input *in, const char *client, const char *product)
{
    unsigned k = 0;
    const clm_price_interest *it = clm_offer_notice_input_interests(in);
    for (size_t i = 0; i < clm_offer_notice_input_interest_count(in); i++)
        if (strcmp(it[i].client, client) == 0 && strcmp(it[i].product, product) == 0)
            k |= (unsigned)it[i].kind;
    return k;
}

static void test_gather(void **state)
{
    (void)state;
    clm_store *st = build();
    clm_offer_notice_query q = window(fx_day(2025, 12, 1), fx_day(2025, 12, 31));
    clm_offer_notice_input *in = NULL;
    CHECK_OK(clm_offer_store_notice_input(&in, st, &q));
    /* O-1 (sent) and O-2 (draft) count as offers, O-3 and O-4 (accepted)
     * only through their contracts; K-1 is open and bought in December,
     * K-2 is completed: bought, no longer open */
    const clm_price_interest *it = clm_offer_notice_input_interests(in);
    assert_int_equal(clm_offer_notice_input_interest_count(in), 10);
    CHECK_STR(it[0].client, "C-1");
    CHECK_STR(it[0].product, "CEM-M500");
    assert_int_equal(it[0].kind, CLM_PRICE_INTEREST_OFFER);
    CHECK_I64(it[0].quantity, 10 * CLM_DISCOUNT_QTY_SCALE);
    assert_int_equal(kinds(in, "C-1", "CEM-M500"),
                     CLM_PRICE_INTEREST_OFFER | CLM_PRICE_INTEREST_CONTRACT | CLM_PRICE_INTEREST_PURCHASE);
    assert_int_equal(kinds(in, "C-1", "SAND"),
                     CLM_PRICE_INTEREST_OFFER | CLM_PRICE_INTEREST_CONTRACT | CLM_PRICE_INTEREST_PURCHASE);
    assert_int_equal(kinds(in, "C-2", "SAND"), CLM_PRICE_INTEREST_OFFER | CLM_PRICE_INTEREST_PURCHASE);
    for (size_t i = 0; i < clm_offer_notice_input_interest_count(in); i++)
        if (it[i].kind == CLM_PRICE_INTEREST_PURCHASE)
            assert_int_equal(it[i].date, ACC);
    /* the clients, in byte order, from their records */
    assert_int_equal(clm_offer_notice_input_client_count(in), 2);
    const clm_price_notice_client *c = clm_offer_notice_input_clients(in);
    CHECK_STR(c[0].id, "C-1");
    assert_int_equal(c[0].category_count, 1);
    CHECK_STR(c[0].categories[0], "wholesale");
    CHECK_STR(c[0].region, "77");
    assert_null(c[0].channel);
    CHECK_STR(c[1].id, "C-2");
    assert_int_equal(c[1].category_count, 0);
    assert_null(c[1].region);
    clm_offer_notice_input_free(in);

    /* a window before the contracts: no purchases */
    q = window(fx_day(2025, 1, 1), fx_day(2025, 12, 28));
    CHECK_OK(clm_offer_store_notice_input(&in, st, &q));
    assert_int_equal(clm_offer_notice_input_interest_count(in), 6);
    assert_int_equal(kinds(in, "C-2", "SAND"), CLM_PRICE_INTEREST_OFFER);
    assert_int_equal(kinds(in, "C-1", "SAND"), CLM_PRICE_INTEREST_OFFER | CLM_PRICE_INTEREST_CONTRACT);
    clm_offer_notice_input_free(in);

    /* one client */
    q = window(fx_day(2025, 12, 1), fx_day(2025, 12, 31));
    q.client = "C-2";
    CHECK_OK(clm_offer_store_notice_input(&in, st, &q));
    assert_int_equal(clm_offer_notice_input_interest_count(in), 4);
    assert_int_equal(clm_offer_notice_input_client_count(in), 1);
    CHECK_STR(clm_offer_notice_input_clients(in)[0].id, "C-2");
    clm_offer_notice_input_free(in);
    q.client = "C-9";
    CHECK_OK(clm_offer_store_notice_input(&in, st, &q));
    assert_int_equal(clm_offer_notice_input_interest_count(in), 0);
    assert_null(clm_offer_notice_input_interests(in));
    assert_null(clm_offer_notice_input_clients(in));
    clm_offer_notice_input_free(in);
    clm_store_free(st);
}

static clm_price_book *book(const char *cement)
{
    char xml[512];
    snprintf(xml, sizeof xml,
             "<price-lists xmlns=\"urn:libclm:price-list:1\"><price-list id=\"retail\" currency=\"RUB\">"
             "<entry product=\"CEM-M500\" price=\"%s RUB\"/><entry product=\"SAND\" price=\"120.00 RUB\"/>"
             "</price-list></price-lists>",
             cement);
    clm_price_set *s;
    CHECK_OK(clm_price_set_load_xml(&s, xml, strlen(xml), NULL, NULL));
    clm_price_book *b;
    CHECK_OK(clm_price_book_compile(&b, s, NULL));
    clm_price_set_free(s);
    return b;
}

static void test_notices_from_the_store(void **state)
{
    (void)state;
    clm_store *st = build();
    clm_offer_notice_query q = window(fx_day(2025, 12, 1), fx_day(2025, 12, 31));
    clm_offer_notice_input *in;
    CHECK_OK(clm_offer_store_notice_input(&in, st, &q));
    clm_price_book *old_b = book("450.00"), *new_b = book("470.00");
    clm_price_notice_request r = CLM_PRICE_NOTICE_REQUEST_INIT;
    r.currency = "RUB";
    r.old_prices = old_b;
    r.new_prices = new_b;
    r.effective = fx_day(2026, 3, 2);
    r.notice_days = 5;
    r.calendar = fx_ru;
    CHECK_OK(clm_offer_notice_input_fill(&r, in));
    assert_int_equal(r.window_from, q.window_from);
    assert_int_equal(r.window_to, q.window_to);
    clm_price_notices *ns;
    CHECK_OK(clm_price_notices_new(&ns, &r));
    /* both clients hold cement: 450.00 -> 470.00, by Thu 19 Feb 2026 */
    assert_int_equal(clm_price_notices_count(ns), 2);
    const clm_price_notice *n = clm_price_notices_at(ns, 0);
    CHECK_STR(n->client, "C-1");
    assert_int_equal(n->deadline, fx_day(2026, 2, 19));
    assert_int_equal(n->change_count, 1);
    const clm_price_change *ch = clm_price_notices_change(ns, 0, 0);
    CHECK_STR(ch->product, "CEM-M500");
    CHECK_I64(ch->old_price, 45000);
    CHECK_I64(ch->new_price, 47000);
    assert_int_equal(ch->reasons,
                     CLM_PRICE_INTEREST_OFFER | CLM_PRICE_INTEREST_CONTRACT | CLM_PRICE_INTEREST_PURCHASE);
    ch = clm_price_notices_change(ns, 1, 0);
    assert_int_equal(ch->reasons, CLM_PRICE_INTEREST_OFFER | CLM_PRICE_INTEREST_PURCHASE);
    clm_price_notices_free(ns);
    clm_offer_notice_input_free(in);
    clm_price_book_free(old_b);
    clm_price_book_free(new_b);
    clm_store_free(st);
}

static void test_bad_input(void **state)
{
    (void)state;
    clm_store *st = build();
    clm_offer_notice_input *in = (clm_offer_notice_input *)st; /* a sentinel */
    clm_offer_notice_query q = window(fx_day(2025, 12, 1), fx_day(2025, 12, 31));
    CHECK_FAIL(clm_offer_store_notice_input(NULL, st, &q), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_notice_input(&in, NULL, &q), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_notice_input(&in, st, NULL), CLM_EINVAL);
    q.version = 99;
    CHECK_FAIL(clm_offer_store_notice_input(&in, st, &q), CLM_EVERSION);
    q = window(fx_day(2025, 12, 31), fx_day(2025, 12, 1));
    CHECK_FAIL(clm_offer_store_notice_input(&in, st, &q), CLM_ERANGE);
    CHECK_STR(clm_error_last()->field, "window_to");
    q = window(CLM_DATE_MIN - 1, fx_day(2025, 12, 1));
    CHECK_FAIL(clm_offer_store_notice_input(&in, st, &q), CLM_ERANGE);
    CHECK_STR(clm_error_last()->field, "window_from");
    q = window(fx_day(2025, 12, 1), fx_day(2025, 12, 31));
    q.client = " C-1";
    CHECK_FAIL(clm_offer_store_notice_input(&in, st, &q), CLM_EINVAL);
    assert_ptr_equal(in, (clm_offer_notice_input *)st);
    /* an offer to a client nobody recorded */
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_offer *o = fx_draft("O-9", "C-9", "ivanov");
    CHECK_OK(clm_offer_store_save(st, o, &m, NULL));
    clm_offer_free(o);
    q.client = NULL;
    CHECK_FAIL(clm_offer_store_notice_input(&in, st, &q), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "'C-9'"));
    assert_ptr_equal(in, (clm_offer_notice_input *)st);
    CHECK_FAIL(clm_offer_notice_input_fill(NULL, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_notice_query_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_offer_notice_input_client_count(NULL), 0);
    assert_int_equal(clm_offer_notice_input_interest_count(NULL), 0);
    clm_offer_notice_input_free(NULL);
    clm_store_free(st);
}

static void *oom_setup(void)
{
    return build();
}

static void oom_teardown(void *state)
{
    clm_store_free(state);
}

static int oom_op(void *state)
{
    clm_offer_notice_query q = window(fx_day(2025, 12, 1), fx_day(2025, 12, 31));
    clm_offer_notice_input *in = NULL;
    int rc = clm_offer_store_notice_input(&in, state, &q);
    if (rc == 0) {
        if (clm_offer_notice_input_interest_count(in) != 10)
            rc = CLM_EINVAL;
        clm_offer_notice_input_free(in);
    }
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    oom_case c = { oom_setup, oom_op, NULL, oom_teardown };
    assert_true(oom_check(&c) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gather),
        cmocka_unit_test(test_notices_from_the_store),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_oom),
    };
    if (fx_setup() < 0) {
        fprintf(stderr, "offer_notice_test: fixture setup failed: %s\n", clm_error_last()->message);
        return 1;
    }
    ACC = fx_day(2025, 12, 29);
    int failed = cmocka_run_group_tests_name("offer notice input", tests, NULL, NULL);
    fx_teardown();
    return failed;
}
