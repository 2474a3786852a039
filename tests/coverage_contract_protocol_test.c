/*
 * coverage_contract_protocol_test.c — the protocol of disagreements
 * (Civil Code art. 443, 445; contract.h):
 *  - the printed protocol lists clauses in their natural order (numeric
 *    parts by value, leading zeros ignored, a number before text, a clause
 *    before its sub-clauses, equal numbers in the order recorded), then the
 *    lines by number;
 *  - a disagreement, an answer and a settlement each refuse a bad field
 *    with the documented code, naming it, and leave the contract equal to a
 *    copy taken before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"
#include "offer_fixture.h"

static clm_offer *g_offer;

static clm_actor mgr(void)
{
    return fx_who("ivanov", "manager", fx_day(2025, 12, 29));
}

static clm_contract *draft(void)
{
    g_offer = fx_accepted("O-1", "C-1", "ivanov");
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = "K-1";
    clm_contract *c = NULL;
    clm_actor m = mgr();
    CHECK_OK(clm_contract_from_offer(&c, g_offer, &info, &m));
    return c;
}

static void done(clm_contract *c)
{
    clm_contract_free(c);
    clm_offer_free(g_offer);
    g_offer = NULL;
}

static clm_contract *copy(const clm_contract *c)
{
    clm_contract *d = NULL;
    CHECK_OK(clm_contract_dup(&d, c));
    return d;
}

static void unchanged(const clm_contract *c, clm_contract *before, const char *field)
{
    if (field != NULL)
        CHECK_STR(clm_error_last()->field, field);
    assert_true(clm_contract_equal(c, before));
    clm_contract_free(before);
}

static void dispute_clause(clm_contract *c, const char *clause)
{
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = clause;
    d.client = "other wording";
    d.received_on = fx_day(2025, 12, 30);
    clm_actor m = mgr();
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
}

static void dispute_line(clm_contract *c, size_t line)
{
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.line = line;
    d.client = "a lower price";
    d.has_figure = 1;
    d.figure = 100000;
    d.received_on = fx_day(2025, 12, 30);
    clm_actor m = mgr();
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
}

static void test_protocol_order(void **state)
{
    (void)state;
    clm_contract *c = draft();
    /* recorded in this order ... */
    dispute_line(c, 1);
    static const char *const recorded[] = { "10.1", "4.a", "4.10", "A.1", "4.2",
                                            "4",    "04.2", "4.1a", "4.2.1" };
    for (size_t i = 0; i < sizeof recorded / sizeof recorded[0]; i++)
        dispute_clause(c, recorded[i]);
    dispute_line(c, 0);
    /* ... printed in this one */
    static const char *const printed[] = { "Clause 4 ",   "Clause 4.2 ",  "Clause 04.2 ",
                                           "Clause 4.2.1 ", "Clause 4.10 ", "Clause 4.1a ",
                                           "Clause 4.a ", "Clause 10.1 ", "Clause A.1 ",
                                           "Line 1 ",     "Line 2 " };
    char *text = NULL;
    size_t len = 0;
    CHECK_OK(clm_contract_protocol_text(&text, &len, c));
    assert_int_equal(strlen(text), len);
    const char *at = text;
    for (size_t i = 0; i < sizeof printed / sizeof printed[0]; i++) {
        const char *next = strstr(at, printed[i]);
        if (next == NULL)
            fail_msg("'%s' is missing or out of order in:\n%s", printed[i], text);
        at = next + strlen(printed[i]);
    }
    /* a line names its product and the client's figure */
    assert_non_null(strstr(text, "Line 1 (received 2025-12-30)\n  product: CEM-M500\n"));
    assert_non_null(strstr(text, "client's figure: 1000.00 RUB"));
    clm_free(text);
    CHECK_FAIL(clm_contract_protocol_text(NULL, NULL, c), CLM_EINVAL);
    CHECK_FAIL(clm_contract_protocol_text(&text, NULL, NULL), CLM_EINVAL);
    done(c);
}

static void test_dispute_refusals(void **state)
{
    (void)state;
    clm_contract *c = draft();
    dispute_clause(c, "7.1");
    clm_contract *b = copy(c);
    clm_actor m = mgr();
    clm_contract_disagreement ok = CLM_CONTRACT_DISAGREEMENT_INIT;
    ok.clause = "8.1";
    ok.client = "other wording";
    ok.received_on = fx_day(2025, 12, 30);
    clm_contract_disagreement d = ok;
    size_t index = 99;

    CHECK_FAIL(clm_contract_dispute(&index, NULL, &m, &d), CLM_EINVAL);
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, NULL), CLM_EINVAL);
    d.version = 99;
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EVERSION);
    d = ok;
    CHECK_FAIL(clm_contract_dispute(&index, c, NULL, &d), CLM_EINVAL);
    d.line = 0; /* a clause and a line */
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "clause");
    d = ok;
    d.clause = NULL; /* neither */
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "clause");
    d.line = 2; /* the offer has two lines */
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "line");
    d = ok;
    d.clause = "8\n1";
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "clause");
    d = ok;
    d.client = "";
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "client");
    d.client = NULL;
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "client");
    d = ok;
    d.has_figure = 2;
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "has_figure");
    d.has_figure = 1; /* a figure on a clause */
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "figure");
    d.clause = NULL;
    d.line = 0;
    d.figure = -1;
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "figure");
    d = ok;
    d.received_on = CLM_DATE_MAX + 1;
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EINVAL);
    unchanged(c, copy(b), "received_on");
    d = ok;
    d.clause = "7.1"; /* disputed already, unsettled */
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &d), CLM_EEXISTS);
    unchanged(c, copy(b), "clause");
    assert_int_equal(index, 99);
    /* once the contract is concluded there is no protocol to add to */
    clm_actor boss = fx_who("petrova", "head_of_department", fx_day(2025, 12, 30));
    CHECK_OK(clm_contract_settle(c, &boss, 0, CLM_CONTRACT_CLIENT, "fine"));
    CHECK_OK(clm_contract_agree(c, &boss));
    CHECK_OK(clm_contract_conclude(c, &boss, fx_day(2025, 12, 30)));
    clm_contract_free(b);
    b = copy(c);
    CHECK_FAIL(clm_contract_dispute(&index, c, &m, &ok), CLM_ESTATE);
    unchanged(c, b, "state");
    done(c);
}

static void test_answer_and_settle_refusals(void **state)
{
    (void)state;
    clm_contract *c = draft();
    dispute_clause(c, "7.1");
    dispute_line(c, 0);
    clm_contract *b = copy(c);
    clm_actor h = fx_who("petrova", "head_of_department", fx_day(2025, 12, 30));
    CHECK_FAIL(clm_contract_answer(NULL, &h, 0, "no", 0, 0), CLM_EINVAL);
    CHECK_FAIL(clm_contract_answer(c, NULL, 0, "no", 0, 0), CLM_EINVAL);
    CHECK_FAIL(clm_contract_answer(c, &h, 0, "", 0, 0), CLM_EINVAL);
    unchanged(c, copy(b), "answer");
    CHECK_FAIL(clm_contract_answer(c, &h, 0, NULL, 0, 0), CLM_EINVAL);
    unchanged(c, copy(b), "answer");
    CHECK_FAIL(clm_contract_answer(c, &h, 0, "no", 2, 0), CLM_EINVAL);
    unchanged(c, copy(b), "has_figure");
    CHECK_FAIL(clm_contract_answer(c, &h, 0, "no", 1, 100), CLM_EINVAL); /* on a clause */
    unchanged(c, copy(b), "figure");
    CHECK_FAIL(clm_contract_answer(c, &h, 1, "no", 1, -1), CLM_EINVAL);
    unchanged(c, copy(b), "figure");
    CHECK_FAIL(clm_contract_answer(c, &h, 2, "no", 0, 0), CLM_ERANGE);
    unchanged(c, copy(b), NULL);

    CHECK_FAIL(clm_contract_settle(NULL, &h, 0, CLM_CONTRACT_CLIENT, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_settle(c, NULL, 0, CLM_CONTRACT_CLIENT, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_settle(c, &h, 0, CLM_CONTRACT_OPEN, NULL), CLM_EINVAL);
    unchanged(c, copy(b), "how");
    CHECK_FAIL(clm_contract_settle(c, &h, 0, CLM_CONTRACT_CLIENT, "a\nb"), CLM_EINVAL);
    unchanged(c, copy(b), "note");
    /* nothing answered yet: no answer to settle on */
    CHECK_FAIL(clm_contract_settle(c, &h, 0, CLM_CONTRACT_ANSWER, NULL), CLM_EINVAL);
    unchanged(c, copy(b), "how");
    /* a settled disagreement is not settled or answered again */
    CHECK_OK(clm_contract_settle(c, &h, 0, CLM_CONTRACT_COMPANY, NULL));
    clm_contract_free(b);
    b = copy(c);
    CHECK_FAIL(clm_contract_settle(c, &h, 0, CLM_CONTRACT_CLIENT, NULL), CLM_ESTATE);
    unchanged(c, copy(b), NULL);
    CHECK_FAIL(clm_contract_answer(c, &h, 0, "no", 0, 0), CLM_ESTATE);
    unchanged(c, b, NULL);

    clm_contract_disagreement_record r;
    CHECK_FAIL(clm_contract_disagreement_at(NULL, c, 0), CLM_EINVAL);
    CHECK_FAIL(clm_contract_disagreement_at(&r, NULL, 0), CLM_EINVAL);
    CHECK_FAIL(clm_contract_disagreement_at(&r, c, 2), CLM_ERANGE);
    assert_int_equal(clm_contract_disagreement_count(NULL), 0);
    CHECK_OK(clm_contract_disagreement_at(&r, c, 0));
    assert_int_equal(r.settlement, CLM_CONTRACT_COMPANY);
    CHECK_STR(r.decided_by, "petrova");
    done(c);
}

static void test_special_terms_refused(void **state)
{
    (void)state;
    clm_contract *c = draft();
    clm_contract *b = copy(c);
    clm_actor m = mgr();
    clm_contract_special ok = CLM_CONTRACT_SPECIAL_INIT;
    ok.kind = CLM_CONTRACT_ACCELERATED;
    ok.text = "delivery within 2 days";
    ok.days = 2;
    clm_contract_special s = ok;
    CHECK_FAIL(clm_contract_add_special(c, &m, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_add_special(NULL, &m, &s), CLM_EINVAL);
    s.version = 9;
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EVERSION);
    s = ok;
    s.kind = (clm_contract_special_kind)9;
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "kind");
    s = ok;
    s.text = "";
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "text");
    s.text = "a\x01b";
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "text");
    s = ok;
    s.days = 0; /* an accelerated deadline needs its days */
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "days");
    s = ok;
    s.kind = CLM_CONTRACT_INDIVIDUAL; /* days only for a deadline */
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "days");
    s.days = 0;
    s.rate = 0; /* a discount needs its rate */
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "rate");
    s.rate = CLM_RATE_ONE + 1;
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "rate");
    s = ok;
    s.rate = CLM_RATE_PERCENT; /* a rate only for a discount */
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    unchanged(c, copy(b), "rate");
    clm_contract_special out;
    CHECK_FAIL(clm_contract_special_at(&out, c, 0), CLM_ERANGE);
    CHECK_FAIL(clm_contract_special_at(NULL, c, 0), CLM_EINVAL);
    CHECK_FAIL(clm_contract_special_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_contract_special_count(NULL), 0);
    /* once concluded: no more special terms */
    clm_actor boss = fx_who("petrova", "head_of_department", fx_day(2025, 12, 30));
    CHECK_OK(clm_contract_agree(c, &boss));
    CHECK_OK(clm_contract_conclude(c, &boss, fx_day(2025, 12, 30)));
    clm_contract_free(b);
    b = copy(c);
    CHECK_FAIL(clm_contract_add_special(c, &m, &ok), CLM_ESTATE);
    unchanged(c, b, "state");
    done(c);
}

static void test_accessors_and_amounts(void **state)
{
    (void)state;
    assert_int_equal(clm_contract_obligatory(NULL), 0);
    assert_null(clm_contract_offer(NULL));
    assert_null(clm_contract_offer_id(NULL));
    assert_null(clm_contract_client_id(NULL));
    assert_null(clm_contract_manager(NULL));
    assert_null(clm_contract_currency(NULL));
    assert_int_equal(clm_contract_created_on(NULL), CLM_OFFER_NO_DATE);
    assert_int_equal(clm_contract_concluded_on(NULL), CLM_OFFER_NO_DATE);
    assert_int_equal(clm_contract_closed_on(NULL), CLM_OFFER_NO_DATE);
    assert_null(clm_contract_renewal_of(NULL));
    assert_null(clm_contract_renewed_by(NULL));
    CHECK_I64(clm_contract_invoiced(NULL), 0);
    int64_t v = -1;
    CHECK_FAIL(clm_contract_amount(&v, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_uninvoiced(NULL, NULL), CLM_EINVAL);

    clm_contract *c = draft();
    CHECK_STR(clm_contract_offer_id(c), "O-1");
    CHECK_STR(clm_contract_client_id(c), "C-1");
    CHECK_STR(clm_contract_manager(c), "ivanov");
    CHECK_STR(clm_contract_currency(c), "RUB");
    /* the protocol settles line 1 on the client's figure, line 2 on the
     * company's answer figure: the amount counts those figures */
    dispute_line(c, 0); /* the client's figure: 1000.00 */
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.line = 1;
    d.client = "cheaper sand";
    d.received_on = fx_day(2025, 12, 30);
    clm_actor m = mgr();
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
    clm_actor h = fx_who("petrova", "head_of_department", fx_day(2025, 12, 30));
    CHECK_OK(clm_contract_answer(c, &h, 1, "500.00 for the sand", 1, 50000));
    CHECK_OK(clm_contract_settle(c, &h, 0, CLM_CONTRACT_CLIENT, NULL));
    CHECK_OK(clm_contract_settle(c, &h, 1, CLM_CONTRACT_ANSWER, NULL));
    CHECK_OK(clm_contract_amount(&v, c));
    CHECK_I64(v, 100000 + 50000);
    /* not concluded: nothing uninvoiced */
    CHECK_OK(clm_contract_uninvoiced(&v, c));
    CHECK_I64(v, 0);
    /* the exposure over several contracts refuses NULLs and bad ids */
    const clm_contract *cs[] = { c, NULL };
    CHECK_FAIL(clm_contract_exposure(NULL, cs, 1, "C-1", "RUB"), CLM_EINVAL);
    CHECK_FAIL(clm_contract_exposure(&v, NULL, 1, "C-1", "RUB"), CLM_EINVAL);
    CHECK_FAIL(clm_contract_exposure(&v, cs, 1, "C\n1", "RUB"), CLM_EINVAL);
    CHECK_FAIL(clm_contract_exposure(&v, cs, 1, "C-1", NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_exposure(&v, cs, 2, "C-1", "RUB"), CLM_EINVAL);
    CHECK_OK(clm_contract_exposure(&v, NULL, 0, "C-1", "RUB"));
    CHECK_I64(v, 0);
    CHECK_OK(clm_contract_agree(c, &h));
    CHECK_OK(clm_contract_conclude(c, &h, fx_day(2025, 12, 30)));
    CHECK_OK(clm_contract_exposure(&v, cs, 1, "C-1", "RUB"));
    CHECK_I64(v, 150000);
    CHECK_OK(clm_contract_exposure(&v, cs, 1, "C-2", "RUB"));
    CHECK_I64(v, 0);
    CHECK_OK(clm_contract_exposure(&v, cs, 1, "C-1", "USD"));
    CHECK_I64(v, 0);
    assert_int_equal(clm_contract_concluded_on(c), fx_day(2025, 12, 30));
    done(c);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_protocol_order),
        cmocka_unit_test(test_dispute_refusals),
        cmocka_unit_test(test_answer_and_settle_refusals),
        cmocka_unit_test(test_special_terms_refused),
        cmocka_unit_test(test_accessors_and_amounts),
    };
    if (fx_setup() != 0)
        return 1;
    int rc = core_run("coverage_contract_protocol", tests, sizeof tests / sizeof tests[0], NULL, 0,
                      argc, argv);
    fx_teardown();
    return rc;
}
