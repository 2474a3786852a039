/*
 * contract_test.c — the contract (clm/contract.h): the vocabulary, every
 * pair of states through the acts (legal and illegal), conversion of an
 * accepted offer with its frozen snapshot, the protocol of disagreements
 * and its settlement, Civil Code art. 432, 433, 443, 445 and 450, special
 * terms, invoicing and the exposure a credit check counts, renewal, bad
 * input and the OOM walk.
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
#include "oom.h"
#include "offer_fixture.h"

/* The fixture's accepted offer: accepted Mon 29 Dec 2025. */
static clm_date ACC;

static clm_contract *contract_of(const char *id, int obligatory)
{
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = id;
    info.obligatory = obligatory;
    clm_contract *c = NULL;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    CHECK_OK(clm_contract_from_offer(&c, o, &info, &m));
    clm_offer_free(o);
    return c;
}

static size_t dispute_clause(clm_contract *c, const char *clause, const char *wording)
{
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = clause;
    d.draft = "the draft's wording";
    d.client = wording;
    d.received_on = ACC + 1;
    size_t i = 99;
    clm_actor m = fx_who("ivanov", "manager", ACC + 1);
    CHECK_OK(clm_contract_dispute(&i, c, &m, &d));
    return i;
}

static void settle(clm_contract *c, size_t i, clm_contract_settlement how)
{
    clm_actor h = fx_who("petrova", "head_of_department", ACC + 2);
    CHECK_OK(clm_contract_settle(c, &h, i, how, NULL));
}

/* A contract in state s; a negotiation holds one settled disagreement so
 * that it can be agreed. */
static clm_contract *reach(clm_contract_state s)
{
    clm_contract *c = contract_of("K-1", 0);
    clm_actor m = fx_who("ivanov", "manager", ACC + 3);
    if (s == CLM_CONTRACT_DRAFT)
        return c;
    if (s == CLM_CONTRACT_NEGOTIATION) {
        settle(c, dispute_clause(c, "4.2", "payment in 30 days"), CLM_CONTRACT_COMPANY);
        return c;
    }
    if (s == CLM_CONTRACT_TERMINATED) {
        CHECK_OK(clm_contract_terminate(c, &m, "the client withdrew"));
        return c;
    }
    CHECK_OK(clm_contract_agree(c, &m));
    if (s == CLM_CONTRACT_AGREED)
        return c;
    CHECK_OK(clm_contract_conclude(c, &m, ACC + 3));
    if (s == CLM_CONTRACT_CONCLUDED)
        return c;
    CHECK_OK(clm_contract_start(c, &m));
    if (s == CLM_CONTRACT_IN_EXECUTION)
        return c;
    CHECK_OK(clm_contract_complete(c, &m));
    return c;
}

/* ---- vocabulary ---------------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    int n = 0;
    for (int s = 1; clm_contract_state_name((clm_contract_state)s) != NULL; s++, n++) {
        clm_contract_state back;
        CHECK_OK(clm_contract_state_from_name(&back, clm_contract_state_name((clm_contract_state)s)));
        assert_int_equal(back, s);
    }
    assert_int_equal(n, 7);
    CHECK_STR(clm_contract_state_name(CLM_CONTRACT_IN_EXECUTION), "in-execution");
    clm_contract_state st = CLM_CONTRACT_AGREED;
    CHECK_FAIL(clm_contract_state_from_name(&st, "signed"), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "in-execution"));
    assert_int_equal(st, CLM_CONTRACT_AGREED);
    CHECK_FAIL(clm_contract_state_from_name(NULL, "draft"), CLM_EINVAL);
    clm_contract_settlement se;
    CHECK_OK(clm_contract_settlement_from_name(&se, "client-wording"));
    assert_int_equal(se, CLM_CONTRACT_CLIENT);
    assert_null(clm_contract_settlement_name((clm_contract_settlement)6));
    clm_contract_special_kind k;
    CHECK_OK(clm_contract_special_kind_from_name(&k, "individual-discount"));
    assert_int_equal(k, CLM_CONTRACT_INDIVIDUAL);
    assert_null(clm_contract_special_kind_name((clm_contract_special_kind)0));
    assert_false(clm_contract_settled(CLM_CONTRACT_OPEN));
    assert_false(clm_contract_settled(CLM_CONTRACT_ANSWERED));
    assert_true(clm_contract_settled(CLM_CONTRACT_ANSWER));
}

/* ---- the table, and every pair through the acts --------------------------------------------- */

/* The table of clm/contract.h, written out again from the header. */
static int expected_allowed(int from, int to)
{
    static const int T[8][8] = {
        /* to:     D  N  A  C  X  P  T */
        [1] = { 0, 0, 1, 1, 0, 0, 0, 1 },
        [2] = { 0, 0, 0, 1, 0, 0, 0, 1 },
        [3] = { 0, 0, 1, 0, 1, 0, 0, 1 },
        [4] = { 0, 0, 0, 0, 0, 1, 0, 1 },
        [5] = { 0, 0, 0, 0, 0, 0, 1, 1 },
    };
    return T[from][to];
}

static void test_table(void **state)
{
    (void)state;
    for (int f = 0; f <= 8; f++)
        for (int t = 0; t <= 8; t++) {
            int want = f >= 1 && f <= 7 && t >= 1 && t <= 7 ? expected_allowed(f, t) : 0;
            if (clm_contract_transition_allowed((clm_contract_state)f, (clm_contract_state)t) != want)
                fail_msg("%d -> %d: table says %d", f, t, !want);
        }
}

/* The act that moves a contract to `to`; DRAFT has none (nothing returns
 * to a draft), so a disagreement on a new clause stands in for it. */
static int try_move(clm_contract *c, clm_contract_state to)
{
    clm_actor m = fx_who("ivanov", "manager", ACC + 4);
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = "9.1";
    d.client = "another wording";
    d.received_on = ACC + 4;
    switch (to) {
    case CLM_CONTRACT_DRAFT:
        return CLM_ESTATE;
    case CLM_CONTRACT_NEGOTIATION:
        return clm_contract_dispute(NULL, c, &m, &d);
    case CLM_CONTRACT_AGREED:
        return clm_contract_agree(c, &m);
    case CLM_CONTRACT_CONCLUDED:
        return clm_contract_conclude(c, &m, ACC + 4);
    case CLM_CONTRACT_IN_EXECUTION:
        return clm_contract_start(c, &m);
    case CLM_CONTRACT_COMPLETED:
        return clm_contract_complete(c, &m);
    case CLM_CONTRACT_TERMINATED:
        return clm_contract_terminate(c, &m, "by agreement of the parties");
    }
    return CLM_EINVAL;
}

static void test_every_pair(void **state)
{
    (void)state;
    for (int f = CLM_CONTRACT_DRAFT; f <= CLM_CONTRACT_TERMINATED; f++)
        for (int t = CLM_CONTRACT_DRAFT; t <= CLM_CONTRACT_TERMINATED; t++) {
            clm_contract *c = reach((clm_contract_state)f), *before;
            assert_int_equal(clm_contract_state_get(c), f);
            CHECK_OK(clm_contract_dup(&before, c));
            clm_error_clear();
            int rc = try_move(c, (clm_contract_state)t);
            const char *fn = clm_contract_state_name((clm_contract_state)f);
            const char *tn = clm_contract_state_name((clm_contract_state)t);
            if (f == CLM_CONTRACT_NEGOTIATION && t == CLM_CONTRACT_NEGOTIATION) {
                /* a further disagreement while negotiating: no move, one more entry */
                if (rc != 0 || clm_contract_state_get(c) != CLM_CONTRACT_NEGOTIATION ||
                    clm_contract_disagreement_count(c) != 2)
                    fail_msg("negotiation: a further disagreement: rc %d", rc);
            } else if (expected_allowed(f, t)) {
                if (rc != 0 || clm_contract_state_get(c) != (clm_contract_state)t)
                    fail_msg("%s -> %s: rc %d (%s), state %s", fn, tn, rc,
                             clm_error_last()->message,
                             clm_contract_state_name(clm_contract_state_get(c)));
                clm_contract_event e;
                CHECK_OK(clm_contract_event_at(&e, c, clm_contract_event_count(c) - 1));
                assert_int_equal(e.from, f);
                assert_int_equal(e.to, t);
            } else {
                if (rc != CLM_ESTATE)
                    fail_msg("%s -> %s: rc %d (%s), expected CLM_ESTATE", fn, tn, rc,
                             clm_error_last()->message);
                if (!clm_contract_equal(c, before))
                    fail_msg("%s -> %s refused but the contract changed", fn, tn);
            }
            clm_contract_free(before);
            clm_contract_free(c);
        }
}

/* ---- conversion: the frozen snapshot -------------------------------------------------------- */

static void test_from_offer(void **state)
{
    (void)state;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = "K-1";
    clm_contract *c = NULL;
    /* art. 433 p. 1: only an accepted offer; a sent one is refused, naming its state */
    clm_offer *sent = fx_sent("O-2", "C-1", "ivanov");
    CHECK_FAIL(clm_contract_from_offer(&c, sent, &info, &m), CLM_ESTATE);
    assert_non_null(strstr(clm_error_last()->message, "sent"));
    assert_null(c);
    clm_offer_free(sent);

    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    CHECK_OK(clm_contract_from_offer(&c, o, &info, &m));
    assert_int_equal(clm_contract_state_get(c), CLM_CONTRACT_DRAFT);
    CHECK_STR(clm_contract_offer_id(c), "O-1");
    CHECK_STR(clm_contract_client_id(c), "C-1");
    CHECK_STR(clm_contract_manager(c), "ivanov");
    CHECK_STR(clm_contract_currency(c), "RUB");
    assert_int_equal(clm_contract_created_on(c), ACC);
    assert_true(clm_offer_equal(clm_contract_offer(c), o));
    /* the snapshot is the contract's own: the offer object going away (or
     * being re-priced as a new version) changes nothing in it */
    clm_offer *v2 = NULL;
    clm_offer_free(o);
    const clm_offer *snap = clm_contract_offer(c);
    CHECK_I64(clm_offer_totals(snap)->net, 459000);
    const char *pname, *pver;
    CHECK_OK(clm_offer_policy(&pname, &pver, snap));
    CHECK_STR(pname, "wholesale-2025");
    CHECK_STR(pver, "2025-12");
    assert_true(clm_offer_trace_count(snap, 0) > 0);
    int64_t amount;
    CHECK_OK(clm_contract_amount(&amount, c));
    CHECK_I64(amount, 459000);
    /* an accepted offer cannot be re-priced either: no new version */
    clm_offer *o2 = fx_accepted("O-3", "C-1", "ivanov");
    CHECK_FAIL(clm_offer_new_version(&v2, o2, "O-3-v2", &m), CLM_ESTATE);
    clm_offer_free(o2);
    clm_contract_event e;
    CHECK_OK(clm_contract_event_at(&e, c, 0));
    CHECK_STR(e.action, "create");
    CHECK_STR(e.user, "ivanov");
    CHECK_FAIL(clm_contract_event_at(&e, c, 1), CLM_ERANGE);
    clm_contract_free(c);
}

/* ---- the protocol of disagreements ---------------------------------------------------------- */

static void test_protocol(void **state)
{
    (void)state;
    clm_contract *c = contract_of("K-1", 0);
    clm_actor m = fx_who("ivanov", "manager", ACC + 1);
    clm_actor h = fx_who("petrova", "head_of_department", ACC + 2);
    /* art. 443: the client signs with a protocol of disagreements */
    size_t a = dispute_clause(c, "2.10", "delivery by the supplier's transport");
    assert_int_equal(clm_contract_state_get(c), CLM_CONTRACT_NEGOTIATION);
    size_t b = dispute_clause(c, "2.9", "acceptance by quantity at the buyer's warehouse");
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.line = 0;
    d.client = "price 420.00 per tonne";
    d.has_figure = 1;
    d.figure = 420000;
    d.received_on = ACC + 1;
    size_t l = 0;
    CHECK_OK(clm_contract_dispute(&l, c, &m, &d));
    assert_int_equal(l, 2);
    /* the same clause twice while open: refused, nothing changes */
    clm_contract *before;
    CHECK_OK(clm_contract_dup(&before, c));
    d.line = CLM_CONTRACT_NO_LINE;
    d.has_figure = 0;
    d.clause = "2.9";
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EEXISTS);
    assert_true(clm_contract_equal(c, before));
    /* art. 432 p. 1: not agreed while a disagreement is open; the message
     * names the first open one */
    CHECK_FAIL(clm_contract_agree(c, &h), CLM_ESTATE);
    assert_non_null(strstr(clm_error_last()->message, "clause 2.10"));
    assert_non_null(strstr(clm_error_last()->message, "432"));
    assert_true(clm_contract_equal(c, before));
    clm_contract_free(before);
    /* settle on an answer that was never given: refused */
    CHECK_FAIL(clm_contract_settle(c, &h, a, CLM_CONTRACT_ANSWER, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_settle(c, &h, a, CLM_CONTRACT_ANSWERED, NULL), CLM_EINVAL);
    CHECK_OK(clm_contract_answer(c, &h, a, "delivery by the buyer's transport, FCA", 0, 0));
    CHECK_OK(clm_contract_settle(c, &h, a, CLM_CONTRACT_ANSWER, "the client agreed by letter"));
    CHECK_OK(clm_contract_settle(c, &h, b, CLM_CONTRACT_CLIENT, NULL));
    CHECK_FAIL(clm_contract_settle(c, &h, b, CLM_CONTRACT_COMPANY, NULL), CLM_ESTATE);
    CHECK_FAIL(clm_contract_answer(c, &h, b, "too late", 0, 0), CLM_ESTATE);
    /* the line: answered with 435.00, not agreed yet */
    CHECK_FAIL(clm_contract_answer(c, &h, l, "435.00", 1, -1), CLM_EINVAL);
    CHECK_OK(clm_contract_answer(c, &h, l, "435.00 per tonne", 1, 435000));
    CHECK_FAIL(clm_contract_agree(c, &h), CLM_ESTATE);
    assert_non_null(strstr(clm_error_last()->message, "line 1"));
    CHECK_OK(clm_contract_settle(c, &h, l, CLM_CONTRACT_ANSWER, NULL));
    clm_contract_disagreement_record r;
    CHECK_OK(clm_contract_disagreement_at(&r, c, l));
    assert_int_equal(r.settlement, CLM_CONTRACT_ANSWER);
    CHECK_STR(r.decided_by, "petrova");
    CHECK_STR(r.decided_role, "head_of_department");
    CHECK_I64(r.decided_at, h.at);
    CHECK_I64(r.answer_figure, 435000);
    CHECK_I64(r.figure, 420000);
    /* the amount: line 1 at the settled 4350.00 instead of 4050.00, line 2
     * as priced (540.00) */
    int64_t amount;
    CHECK_OK(clm_contract_amount(&amount, c));
    CHECK_I64(amount, 435000 + 54000);
    /* the snapshot itself is not re-priced */
    CHECK_I64(clm_offer_line_price_at(clm_contract_offer(c), 0)->result.net, 405000);
    CHECK_OK(clm_contract_agree(c, &h));
    assert_int_equal(clm_contract_agreed_on(c), ACC + 2);
    /* the printed protocol: 2.9 before 2.10, clauses before lines */
    char *text;
    size_t len;
    CHECK_OK(clm_contract_protocol_text(&text, &len, c));
    assert_int_equal(strlen(text), len);
    const char *p9 = strstr(text, "Clause 2.9"), *p10 = strstr(text, "Clause 2.10");
    const char *pl = strstr(text, "Line 1");
    assert_non_null(p9);
    assert_non_null(p10);
    assert_non_null(pl);
    assert_true(p9 < p10 && p10 < pl);
    assert_non_null(strstr(text, "4350.00 RUB"));
    assert_non_null(strstr(text, "decided by petrova"));
    assert_non_null(strstr(text, "product: CEM-M500"));
    clm_free(text);
    clm_contract_free(c);
}

static void test_clause_order(void **state)
{
    (void)state;
    /* clause numbers part by part: 1 < 1.2 < 1.10 < 2 < 10 < A.1 */
    static const char *const order[] = { "1", "1.2", "1.10", "2", "10", "A.1" };
    clm_contract *c = contract_of("K-1", 0);
    /* recorded in reverse */
    for (size_t i = 6; i-- > 0;)
        dispute_clause(c, order[i], "other");
    char *text;
    CHECK_OK(clm_contract_protocol_text(&text, NULL, c));
    const char *prev = text;
    for (size_t i = 0; i < 6; i++) {
        char want[32];
        snprintf(want, sizeof want, "Clause %s (", order[i]);
        const char *at = strstr(text, want);
        if (at == NULL || at < prev)
            fail_msg("clause %s out of order in:\n%s", order[i], text);
        prev = at;
    }
    clm_free(text);
    clm_contract_free(c);
}

/* art. 445 p. 1: thirty days to answer a protocol for an obligatory contract */
static void test_art445(void **state)
{
    (void)state;
    clm_contract *c = contract_of("K-1", 1);
    assert_int_equal(clm_contract_obligatory(c), 1);
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = "5.1";
    d.client = "penalty 0.1 % a day";
    d.received_on = fx_day(2026, 1, 12);
    clm_actor m = fx_who("ivanov", "manager", fx_day(2026, 1, 12));
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
    clm_date due = 0;
    CHECK_OK(clm_contract_answer_due(&due, c, 0));
    assert_int_equal(due, fx_day(2026, 2, 11));
    CHECK_FAIL(clm_contract_answer_due(&due, c, 1), CLM_ERANGE);
    clm_contract_free(c);
    c = contract_of("K-2", 0);
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
    CHECK_OK(clm_contract_answer_due(&due, c, 0));
    assert_int_equal(due, CLM_OFFER_NO_DATE);
    clm_contract_free(c);
}

/* ---- special terms ---------------------------------------------------------------------------- */

static void test_special_terms(void **state)
{
    (void)state;
    clm_contract *c = contract_of("K-1", 0);
    clm_actor m = fx_who("ivanov", "manager", ACC + 1);
    clm_contract_special s = CLM_CONTRACT_SPECIAL_INIT;
    s.kind = CLM_CONTRACT_ACCELERATED;
    s.text = "delivery within 2 days of the order";
    s.days = 2;
    CHECK_OK(clm_contract_add_special(c, &m, &s));
    s.kind = CLM_CONTRACT_INDIVIDUAL;
    s.text = "3 % on every order";
    s.days = 0;
    s.rate = 3 * CLM_RATE_PERCENT;
    CHECK_OK(clm_contract_add_special(c, &m, &s));
    /* bad input: named, nothing changes */
    clm_contract *before;
    CHECK_OK(clm_contract_dup(&before, c));
    s.rate = 0;
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "rate");
    s.kind = CLM_CONTRACT_ACCELERATED;
    s.days = 0;
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "days");
    s.kind = (clm_contract_special_kind)9;
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    s.kind = CLM_CONTRACT_EXECUTION;
    s.text = "";
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EINVAL);
    s.version = 99;
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_EVERSION);
    assert_true(clm_contract_equal(c, before));
    clm_contract_free(before);
    assert_int_equal(clm_contract_special_count(c), 2);
    clm_contract_special got;
    CHECK_OK(clm_contract_special_at(&got, c, 1));
    assert_int_equal(got.kind, CLM_CONTRACT_INDIVIDUAL);
    CHECK_I64(got.rate, 30000);
    CHECK_STR(got.text, "3 % on every order");
    CHECK_FAIL(clm_contract_special_at(&got, c, 2), CLM_ERANGE);
    /* not after conclusion */
    CHECK_OK(clm_contract_agree(c, &m));
    CHECK_OK(clm_contract_conclude(c, &m, ACC + 1));
    s = (clm_contract_special)CLM_CONTRACT_SPECIAL_INIT;
    s.kind = CLM_CONTRACT_EXECUTION;
    s.text = "shipment on weekends";
    CHECK_FAIL(clm_contract_add_special(c, &m, &s), CLM_ESTATE);
    clm_contract_free(c);
}

/* ---- conclusion, invoicing and exposure ---------------------------------------------------------- */

static void test_conclude_invoice_exposure(void **state)
{
    (void)state;
    clm_contract *c = contract_of("K-1", 0);
    clm_actor m = fx_who("ivanov", "manager", ACC + 5);
    int64_t v = -1;
    /* a draft is not confirmed: no exposure yet */
    CHECK_OK(clm_contract_uninvoiced(&v, c));
    CHECK_I64(v, 0);
    CHECK_FAIL(clm_contract_invoice(c, &m, 1000), CLM_ESTATE);
    CHECK_OK(clm_contract_agree(c, &m));
    /* art. 434: signed no earlier than agreed, no later than the act */
    CHECK_FAIL(clm_contract_conclude(c, &m, ACC + 4), CLM_ERANGE);
    CHECK_FAIL(clm_contract_conclude(c, &m, ACC + 6), CLM_ERANGE);
    assert_int_equal(clm_contract_state_get(c), CLM_CONTRACT_AGREED);
    CHECK_OK(clm_contract_conclude(c, &m, ACC + 5));
    assert_int_equal(clm_contract_concluded_on(c), ACC + 5);
    CHECK_OK(clm_contract_uninvoiced(&v, c));
    CHECK_I64(v, 459000);
    CHECK_FAIL(clm_contract_invoice(c, &m, 0), CLM_EINVAL);
    CHECK_FAIL(clm_contract_invoice(c, &m, 459001), CLM_ERANGE);
    CHECK_OK(clm_contract_invoice(c, &m, 100000));
    /* invoicing starts the execution */
    assert_int_equal(clm_contract_state_get(c), CLM_CONTRACT_IN_EXECUTION);
    CHECK_I64(clm_contract_invoiced(c), 100000);
    CHECK_OK(clm_contract_uninvoiced(&v, c));
    CHECK_I64(v, 359000);

    /* the orders part of the client's exposure: C-1's confirmed contracts
     * in RUB, not another client's, not a draft */
    clm_contract *other = contract_of("K-2", 0), *draft = contract_of("K-3", 0);
    clm_offer *o = fx_accepted("O-9", "C-2", "sidorov");
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = "K-4";
    clm_contract *c2;
    CHECK_OK(clm_contract_from_offer(&c2, o, &info, &m));
    clm_offer_free(o);
    CHECK_OK(clm_contract_agree(other, &m));
    CHECK_OK(clm_contract_conclude(other, &m, ACC + 5));
    CHECK_OK(clm_contract_agree(c2, &m));
    CHECK_OK(clm_contract_conclude(c2, &m, ACC + 5));
    const clm_contract *all[] = { c, other, draft, c2 };
    CHECK_OK(clm_contract_exposure(&v, all, 4, "C-1", "RUB"));
    CHECK_I64(v, 359000 + 459000);
    CHECK_OK(clm_contract_exposure(&v, all, 4, "C-2", "RUB"));
    CHECK_I64(v, 459000);
    CHECK_OK(clm_contract_exposure(&v, all, 4, "C-1", "USD"));
    CHECK_I64(v, 0);
    CHECK_FAIL(clm_contract_exposure(&v, all, 4, "C-1", "XXZ"), CLM_ECURRENCY);
    /* it feeds the credit check as `orders` */
    clm_offer_credit cr = fx_credit_ok();
    CHECK_OK(clm_contract_exposure(&cr.position.orders, all, 4, "C-1", "RUB"));
    CHECK_I64(cr.position.orders, 818000);
    /* completion closes it; nothing is left confirmed */
    CHECK_OK(clm_contract_complete(c, &m));
    assert_int_equal(clm_contract_closed_on(c), ACC + 5);
    CHECK_OK(clm_contract_uninvoiced(&v, c));
    CHECK_I64(v, 0);
    clm_contract_free(c);
    clm_contract_free(other);
    clm_contract_free(draft);
    clm_contract_free(c2);
}

/* ---- termination and renewal ---------------------------------------------------------------------- */

static void test_terminate_and_renew(void **state)
{
    (void)state;
    clm_contract *c = reach(CLM_CONTRACT_IN_EXECUTION), *n = NULL;
    clm_actor m = fx_who("ivanov", "manager", ACC + 30);
    CHECK_FAIL(clm_contract_renew(&n, c, "K-1", &m), CLM_EINVAL);
    CHECK_OK(clm_contract_renew(&n, c, "K-1-2026", &m));
    assert_int_equal(clm_contract_state_get(n), CLM_CONTRACT_DRAFT);
    assert_int_equal(clm_contract_state_get(c), CLM_CONTRACT_IN_EXECUTION);
    CHECK_STR(clm_contract_renewal_of(n), "K-1");
    CHECK_STR(clm_contract_renewed_by(c), "K-1-2026");
    assert_true(clm_offer_equal(clm_contract_offer(n), clm_contract_offer(c)));
    assert_int_equal(clm_contract_disagreement_count(n), 0);
    clm_contract *again = NULL;
    CHECK_FAIL(clm_contract_renew(&again, c, "K-1-2027", &m), CLM_ESTATE);
    assert_null(again);
    /* a draft cannot be renewed */
    CHECK_FAIL(clm_contract_renew(&again, n, "K-1-2027", &m), CLM_ESTATE);
    /* art. 450 p. 1: termination needs its reason */
    CHECK_FAIL(clm_contract_terminate(n, &m, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_terminate(n, &m, ""), CLM_EINVAL);
    CHECK_OK(clm_contract_terminate(n, &m, "by agreement of the parties"));
    clm_contract_event e;
    CHECK_OK(clm_contract_event_at(&e, n, clm_contract_event_count(n) - 1));
    CHECK_STR(e.action, "terminate");
    CHECK_STR(e.note, "by agreement of the parties");
    CHECK_FAIL(clm_contract_terminate(n, &m, "again"), CLM_ESTATE);
    clm_contract_free(n);
    clm_contract_free(c);
}

/* ---- bad input --------------------------------------------------------------------------------------- */

static void test_bad_input(void **state)
{
    (void)state;
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_actor bad = { "", "manager", 0 };
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    clm_contract *c = NULL;
    CHECK_FAIL(clm_contract_from_offer(&c, o, &info, &m), CLM_EINVAL); /* no id */
    CHECK_STR(clm_error_last()->field, "id");
    info.id = "K 1 ";
    CHECK_FAIL(clm_contract_from_offer(&c, o, &info, &m), CLM_EINVAL);
    info.id = "K-1";
    info.obligatory = 2;
    CHECK_FAIL(clm_contract_from_offer(&c, o, &info, &m), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "obligatory");
    info.obligatory = 0;
    info.version = 0;
    CHECK_FAIL(clm_contract_from_offer(&c, o, &info, &m), CLM_EVERSION);
    info.version = CLM_CONTRACT_INFO_VERSION;
    CHECK_FAIL(clm_contract_from_offer(&c, o, &info, &bad), CLM_EINVAL);
    CHECK_FAIL(clm_contract_from_offer(NULL, o, &info, &m), CLM_EINVAL);
    assert_null(c);
    CHECK_OK(clm_contract_from_offer(&c, o, &info, &m));
    clm_offer_free(o);

    clm_contract *before;
    CHECK_OK(clm_contract_dup(&before, c));
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.client = "x";
    d.received_on = ACC;
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EINVAL); /* neither */
    d.clause = "1.1";
    d.line = 0;
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EINVAL); /* both */
    d.clause = NULL;
    d.line = 2;
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EINVAL); /* no line 3 */
    CHECK_STR(clm_error_last()->field, "line");
    d.clause = "1.1";
    d.line = CLM_CONTRACT_NO_LINE;
    d.has_figure = 1;
    d.figure = 5;
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EINVAL); /* a figure on a clause */
    CHECK_STR(clm_error_last()->field, "figure");
    d.has_figure = 0;
    d.client = "";
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "client");
    d.client = "bad\rCR";
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EINVAL);
    d.client = "ok";
    d.received_on = CLM_OFFER_NO_DATE;
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "received_on");
    d.received_on = ACC;
    d.version = 2;
    CHECK_FAIL(clm_contract_dispute(NULL, c, &m, &d), CLM_EVERSION);
    /* acts on a draft with no protocol */
    CHECK_FAIL(clm_contract_answer(c, &m, 0, "x", 0, 0), CLM_ERANGE);
    CHECK_FAIL(clm_contract_settle(c, &m, 0, CLM_CONTRACT_CLIENT, NULL), CLM_ERANGE);
    CHECK_FAIL(clm_contract_conclude(c, &m, ACC), CLM_ESTATE);
    CHECK_FAIL(clm_contract_agree(NULL, &m), CLM_EINVAL);
    CHECK_FAIL(clm_contract_agree(c, &bad), CLM_EINVAL);
    assert_true(clm_contract_equal(c, before));
    /* the answer of a disagreement needs negotiation: draft refuses */
    d.version = CLM_CONTRACT_DISAGREEMENT_VERSION;
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
    CHECK_FAIL(clm_contract_answer(c, &m, 0, "", 0, 0), CLM_EINVAL);
    CHECK_FAIL(clm_contract_answer(c, &m, 0, "no", 2, 1), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "has_figure");
    clm_contract_free(before);
    /* getters on NULL */
    assert_null(clm_contract_id(NULL));
    assert_int_equal(clm_contract_state_get(NULL), 0);
    assert_int_equal(clm_contract_disagreement_count(NULL), 0);
    assert_int_equal(clm_contract_agreed_on(NULL), CLM_OFFER_NO_DATE);
    assert_false(clm_contract_equal(c, NULL));
    clm_contract_free(c);
    clm_contract_free(NULL);
}

/* ---- the OOM walk ------------------------------------------------------------------------------------- */

typedef struct oom_state {
    clm_offer *o;
    clm_contract *c, *before, *other;
    char *text;
} oom_state;

static oom_state g_oom;

static void *setup_state(clm_contract_state s)
{
    memset(&g_oom, 0, sizeof g_oom);
    g_oom.o = fx_accepted("O-50", "C-1", "ivanov");
    g_oom.c = reach(s);
    CHECK_OK(clm_contract_dup(&g_oom.before, g_oom.c));
    return &g_oom;
}

static void *setup_draft(void) { return setup_state(CLM_CONTRACT_DRAFT); }
static void *setup_negotiation(void) { return setup_state(CLM_CONTRACT_NEGOTIATION); }
static void *setup_agreed(void) { return setup_state(CLM_CONTRACT_AGREED); }
static void *setup_concluded(void) { return setup_state(CLM_CONTRACT_CONCLUDED); }
static void *setup_executing(void) { return setup_state(CLM_CONTRACT_IN_EXECUTION); }

static void *setup_answered(void)
{
    setup_state(CLM_CONTRACT_NEGOTIATION);
    clm_contract_free(g_oom.before);
    dispute_clause(g_oom.c, "7.1", "force majeure 10 days");
    clm_actor h = fx_who("petrova", "head_of_department", ACC + 2);
    CHECK_OK(clm_contract_answer(g_oom.c, &h, 1, "force majeure 5 days", 0, 0));
    CHECK_OK(clm_contract_dup(&g_oom.before, g_oom.c));
    return &g_oom;
}

static bool unchanged(void *st)
{
    oom_state *s = st;
    return clm_contract_equal(s->c, s->before);
}

static void teardown(void *st)
{
    oom_state *s = st;
    clm_offer_free(s->o);
    clm_contract_free(s->c);
    clm_contract_free(s->before);
    clm_contract_free(s->other);
    clm_free(s->text);
}

static int op_from_offer(void *st)
{
    oom_state *s = st;
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = "K-50";
    clm_actor m = fx_who("ivanov", "manager", ACC);
    return clm_contract_from_offer(&s->other, s->o, &info, &m);
}

static int op_dup(void *st)
{
    oom_state *s = st;
    return clm_contract_dup(&s->other, s->c);
}

static int op_dispute(void *st)
{
    oom_state *s = st;
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.line = 1;
    d.draft = "120.00";
    d.client = "110.00 per tonne";
    d.has_figure = 1;
    d.figure = 50000;
    d.received_on = ACC + 1;
    clm_actor m = fx_who("ivanov", "manager", ACC + 1);
    return clm_contract_dispute(NULL, s->c, &m, &d);
}

static int op_answer(void *st)
{
    oom_state *s = st;
    clm_actor h = fx_who("petrova", "head_of_department", ACC + 2);
    return clm_contract_answer(s->c, &h, 1, "force majeure 7 days", 0, 0);
}

static int op_settle(void *st)
{
    oom_state *s = st;
    clm_actor h = fx_who("petrova", "head_of_department", ACC + 2);
    return clm_contract_settle(s->c, &h, 1, CLM_CONTRACT_ANSWER, "agreed by phone");
}

static int op_special(void *st)
{
    oom_state *s = st;
    clm_contract_special sp = CLM_CONTRACT_SPECIAL_INIT;
    sp.kind = CLM_CONTRACT_EXECUTION;
    sp.text = "shipment on weekends";
    clm_actor m = fx_who("ivanov", "manager", ACC + 1);
    return clm_contract_add_special(s->c, &m, &sp);
}

static int op_agree(void *st)
{
    oom_state *s = st;
    clm_actor m = fx_who("ivanov", "manager", ACC + 3);
    return clm_contract_agree(s->c, &m);
}

static int op_conclude(void *st)
{
    oom_state *s = st;
    clm_actor m = fx_who("ivanov", "manager", ACC + 3);
    return clm_contract_conclude(s->c, &m, ACC + 3);
}

static int op_invoice(void *st)
{
    oom_state *s = st;
    clm_actor m = fx_who("ivanov", "manager", ACC + 3);
    return clm_contract_invoice(s->c, &m, 1000);
}

static int op_terminate(void *st)
{
    oom_state *s = st;
    clm_actor m = fx_who("ivanov", "manager", ACC + 3);
    return clm_contract_terminate(s->c, &m, "the client went bankrupt");
}

static int op_renew(void *st)
{
    oom_state *s = st;
    clm_actor m = fx_who("ivanov", "manager", ACC + 30);
    return clm_contract_renew(&s->other, s->c, "K-1-2", &m);
}

static int op_protocol(void *st)
{
    oom_state *s = st;
    return clm_contract_protocol_text(&s->text, NULL, s->c);
}

static void test_oom(void **state)
{
    (void)state;
    const oom_case cases[] = {
        { setup_draft, op_from_offer, unchanged, teardown },
        { setup_answered, op_dup, unchanged, teardown },
        { setup_draft, op_dispute, unchanged, teardown },
        { setup_negotiation, op_dispute, unchanged, teardown },
        { setup_answered, op_answer, unchanged, teardown },
        { setup_answered, op_settle, unchanged, teardown },
        { setup_negotiation, op_special, unchanged, teardown },
        { setup_negotiation, op_agree, unchanged, teardown },
        { setup_agreed, op_conclude, unchanged, teardown },
        { setup_concluded, op_invoice, unchanged, teardown },
        { setup_executing, op_terminate, unchanged, teardown },
        { setup_executing, op_renew, unchanged, teardown },
        { setup_answered, op_protocol, unchanged, teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(oom_check(&cases[i]) > 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_every_pair),
        cmocka_unit_test(test_from_offer),
        cmocka_unit_test(test_protocol),
        cmocka_unit_test(test_clause_order),
        cmocka_unit_test(test_art445),
        cmocka_unit_test(test_special_terms),
        cmocka_unit_test(test_conclude_invoice_exposure),
        cmocka_unit_test(test_terminate_and_renew),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_oom),
    };
    if (fx_setup() < 0) {
        fprintf(stderr, "contract_test: fixture setup failed: %s\n", clm_error_last()->message);
        return 1;
    }
    ACC = fx_day(2025, 12, 29);
    int rc = core_run("contract", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
    fx_teardown();
    return rc;
}
