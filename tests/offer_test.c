/*
 * offer_test.c — the offer (clm/offer.h): the vocabulary, every pair of
 * states through the acts (legal and illegal), pricing through the engine
 * with its snapshot, the approval ladder with a deputy, manual prices, the
 * credit check with an override, Civil Code art. 435, 436, 438, 440-443,
 * counter-offers, new versions, bad input and the OOM walk.
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

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static void check_date(clm_date got, clm_date want)
{
    if (got != want) {
        char a[CLM_DATE_FORMAT_MAX] = "?", b[CLM_DATE_FORMAT_MAX] = "?";
        clm_date_format(a, sizeof a, got);
        clm_date_format(b, sizeof b, want);
        fail_msg("date %s, expected %s", a, b);
    }
}

/* An actor acting at 10:00 UTC of day `d`. */
static clm_actor who(const char *user, const char *role, clm_date d)
{
    clm_actor a = { user, role, (clm_time)d * 86400 + 36000 };
    return a;
}

/* ---- the fixture: a policy with a ladder, a price book, a credit policy ------ */

static clm_calendar *g_ru;
static clm_discount_policy *g_policy;
static clm_price_book *g_book;
static clm_discount_engine *g_engine;
static clm_credit_policy *g_credit;
static const char *const WHOLESALE[] = { "wholesale" };
static clm_discount_client g_client;

static clm_discount_engine *make_engine(clm_rate wholesale_rate, clm_discount_policy **pout)
{
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "wholesale-2025", "RUB"));
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "wholesale";
    r.description = "wholesale clients";
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = wholesale_rate;
    size_t ri;
    CHECK_OK(clm_discount_policy_add_rule(&ri, p, &r));
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_CATEGORY;
    c.values = WHOLESALE;
    c.value_count = 1;
    CHECK_OK(clm_discount_policy_add_condition(p, ri, &c));
    /* docs/rules.md, Discounts: manager 5 % here (the house example's 10 %
     * would cover the wholesale rule), head 20 %, commercial director 30 %,
     * general director without limit */
    clm_discount_approval a[] = {
        { "manager", 5 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
        { "head_of_department", 20 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
        { "commercial_director", 30 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
        { "general_director", CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT },
    };
    for (size_t i = 0; i < 4; i++)
        CHECK_OK(clm_discount_policy_add_approval(p, &a[i]));
    clm_discount_engine *e;
    CHECK_OK(clm_discount_policy_compile_with_prices(&e, p, g_book));
    if (pout)
        *pout = p;
    else
        clm_discount_policy_free(p);
    return e;
}

static int group_setup(void **state)
{
    (void)state;
    if (clm_calendar_new_ru(&g_ru) < 0)
        return -1;
    clm_price_set *s;
    clm_price_set_new(&s);
    clm_price_list_def l = CLM_PRICE_LIST_INIT;
    l.id = "retail";
    l.currency = "RUB";
    clm_price_set_add_list(s, &l);
    clm_price_entry en = CLM_PRICE_ENTRY_INIT;
    en.product = "CEM-M500";
    en.unit_price = 45000;
    clm_price_set_add_entry(s, "retail", &en);
    en.product = "SAND";
    en.unit_price = 12000;
    clm_price_set_add_entry(s, "retail", &en);
    if (clm_price_book_compile(&g_book, s, NULL) < 0)
        return -1;
    clm_price_set_free(s);
    g_engine = make_engine(10 * CLM_RATE_PERCENT, &g_policy);
    if (clm_credit_policy_new(&g_credit, "standard", "RUB") < 0 ||
        clm_credit_policy_set_default_limit(g_credit, 100000000) < 0 ||
        clm_credit_policy_add_override_role(g_credit, "cfo") < 0)
        return -1;
    g_client.id = "C-1";
    g_client.categories = WHOLESALE;
    g_client.category_count = 1;
    g_client.since = CLM_DISCOUNT_NO_DATE;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    clm_discount_engine_free(g_engine);
    clm_discount_policy_free(g_policy);
    clm_price_book_free(g_book);
    clm_credit_policy_free(g_credit);
    clm_calendar_free(g_ru);
    return 0;
}

/* Thu 25 Dec 2025 prepared, Fri 26 Dec sent. */
static clm_date PREP, SEND;

static clm_offer_credit credit_with(int64_t receivables, int64_t limit)
{
    clm_offer_credit c = CLM_OFFER_CREDIT_INIT;
    c.policy = g_credit;
    c.position.receivables = receivables;
    c.position.limit = limit;
    return c;
}

static clm_offer_rules RULES = CLM_OFFER_RULES_INIT;

static clm_offer *draft(const char *id, clm_date accept_by)
{
    PREP = D(2025, 12, 25);
    SEND = D(2025, 12, 26);
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = id;
    info.client_id = "C-1";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = PREP;
    info.deferral_days = 14;
    info.delivery = "FCA Moscow warehouse";
    info.delivery_days = 5;
    info.accept_by = accept_by;
    clm_offer *o;
    clm_actor m = who("ivanov", "manager", PREP);
    CHECK_OK(clm_offer_new(&o, &info, &m));
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "CEM-M500";
    l.quantity = 10 * CLM_DISCOUNT_QTY_SCALE;
    CHECK_OK(clm_offer_add_line(NULL, o, &l));
    l.product = "SAND";
    l.quantity = 5 * CLM_DISCOUNT_QTY_SCALE;
    CHECK_OK(clm_offer_add_line(NULL, o, &l));
    return o;
}

static void price(clm_offer *o)
{
    clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
    p.engine = g_engine;
    p.client = &g_client;
    p.book = g_book;
    p.policy_version = "2025-12";
    clm_actor m = who("ivanov", "manager", PREP);
    CHECK_OK(clm_offer_price(o, &m, &p));
}

static clm_offer *priced(const char *id, clm_date accept_by)
{
    clm_offer *o = draft(id, accept_by);
    price(o);
    return o;
}

static clm_offer *approved(const char *id, clm_date accept_by)
{
    clm_offer *o = priced(id, accept_by);
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor h = who("petrova", "head_of_department", PREP);
    CHECK_OK(clm_offer_submit(o, &h, &c));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_APPROVED);
    return o;
}

static clm_offer *sent(const char *id, clm_date accept_by)
{
    clm_offer *o = approved(id, accept_by);
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor m = who("ivanov", "manager", SEND);
    CHECK_OK(clm_offer_send(o, &m, &RULES, g_ru, &c));
    return o;
}

/* ---- vocabulary ----------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    for (int s = 1; clm_offer_state_name((clm_offer_state)s) != NULL; s++) {
        clm_offer_state back;
        CHECK_OK(clm_offer_state_from_name(&back, clm_offer_state_name((clm_offer_state)s)));
        assert_int_equal(back, s);
        if (s == 10)
            assert_null(clm_offer_state_name((clm_offer_state)11));
    }
    CHECK_STR(clm_offer_state_name(CLM_OFFER_AWAITING_APPROVAL), "awaiting-approval");
    clm_offer_state st = CLM_OFFER_SENT;
    CHECK_FAIL(clm_offer_state_from_name(&st, "Sent"), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "awaiting-approval"));
    assert_int_equal(st, CLM_OFFER_SENT);
    CHECK_FAIL(clm_offer_state_from_name(NULL, "sent"), CLM_EINVAL);
    clm_offer_verdict v;
    CHECK_OK(clm_offer_verdict_from_name(&v, "late-valid"));
    assert_int_equal(v, CLM_OFFER_LATE_VALID);
    clm_offer_stage g;
    CHECK_OK(clm_offer_stage_from_name(&g, "sending"));
    assert_int_equal(g, CLM_OFFER_STAGE_SENDING);
    clm_offer_price_source ps;
    CHECK_OK(clm_offer_price_source_from_name(&ps, "manual"));
    assert_int_equal(ps, CLM_OFFER_PRICE_MANUAL);
    assert_null(clm_offer_verdict_name((clm_offer_verdict)0));
}

/* ---- the transition table, every pair through the acts ---------------------------------- */

/* The table of clm/offer.h, written out again from the header. */
static int expected_allowed(int from, int to)
{
    static const int T[11][11] = {
        /* to:      D  AW AP S  AC RJ EX WD CO SU */
        [1] =  { 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1 },
        [2] =  { 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1 },
        [3] =  { 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1 },
        [4] =  { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1 },
        [7] =  { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 },
    };
    return T[from][to];
}

static void test_table(void **state)
{
    (void)state;
    for (int f = 0; f <= 11; f++)
        for (int t = 0; t <= 11; t++) {
            int want = f >= 1 && f <= 10 && t >= 1 && t <= 10 ? expected_allowed(f, t) : 0;
            if (clm_offer_transition_allowed((clm_offer_state)f, (clm_offer_state)t) != want)
                fail_msg("%d -> %d: table says %d", f, t, !want);
        }
}

static clm_offer *g_counter_src;

/* An offer in state s. */
static clm_offer *reach(clm_offer_state s)
{
    clm_offer *o;
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor m = who("ivanov", "manager", PREP);
    switch (s) {
    case CLM_OFFER_DRAFT:
        return priced("O-1", CLM_OFFER_NO_DATE);
    case CLM_OFFER_AWAITING_APPROVAL:
        o = priced("O-1", CLM_OFFER_NO_DATE);
        CHECK_OK(clm_offer_submit(o, &m, &c));
        return o;
    case CLM_OFFER_APPROVED:
        return approved("O-1", CLM_OFFER_NO_DATE);
    case CLM_OFFER_SENT:
        return sent("O-1", CLM_OFFER_NO_DATE);
    default:
        break;
    }
    o = sent("O-1", CLM_OFFER_NO_DATE);
    clm_date by = clm_offer_accept_by(o);
    clm_actor later = who("ivanov", "manager", by + 1);
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = a.received_on = by;
    switch (s) {
    case CLM_OFFER_ACCEPTED:
        CHECK_OK(clm_offer_accept(o, &m, &a, &RULES, g_ru, &c));
        break;
    case CLM_OFFER_REJECTED:
        CHECK_OK(clm_offer_reject(o, &m, "too dear"));
        break;
    case CLM_OFFER_EXPIRED:
        CHECK_OK(clm_offer_expire(o, &later, by + 1));
        break;
    case CLM_OFFER_WITHDRAWN:
        CHECK_OK(clm_offer_withdraw(o, &m, SEND, NULL));
        break;
    case CLM_OFFER_COUNTERED: {
        clm_offer *k;
        CHECK_OK(clm_offer_counter_draft(&k, o, "O-1-C", &m));
        price(k);
        CHECK_OK(clm_offer_counter(o, k, &m, SEND + 1, &RULES, g_ru));
        clm_offer_free(k);
        break;
    }
    case CLM_OFFER_SUPERSEDED: {
        clm_offer *n;
        clm_actor s2 = who("ivanov", "manager", SEND);
        CHECK_OK(clm_offer_new_version(&n, o, "O-1-v2", &s2));
        clm_offer_free(n);
        break;
    }
    default:
        fail();
    }
    assert_int_equal(clm_offer_state_get(o), s);
    return o;
}

/* Tries the act that moves o to `to`; returns its code. */
static int try_move(clm_offer *o, clm_offer_state to)
{
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor m = who("ivanov", "manager", PREP);
    clm_actor h = who("petrova", "head_of_department", PREP);
    clm_date by = clm_offer_accept_by(o);
    clm_date day = by != CLM_OFFER_NO_DATE ? by : SEND;
    clm_actor late = who("ivanov", "manager", day + 30);
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = day;
    a.received_on = day + 5; /* late but sent in time: art. 442 p. 1 */
    switch (to) {
    case CLM_OFFER_DRAFT:
        return clm_offer_refuse(o, &h, NULL, NULL, "too generous");
    case CLM_OFFER_AWAITING_APPROVAL:
        return clm_offer_submit(o, &m, &c);
    case CLM_OFFER_APPROVED:
        return clm_offer_state_get(o) == CLM_OFFER_DRAFT ? clm_offer_submit(o, &h, &c)
                                                         : clm_offer_approve(o, &h, NULL, NULL, &c, NULL);
    case CLM_OFFER_SENT: {
        clm_actor s = who("ivanov", "manager", SEND);
        return clm_offer_send(o, &s, &RULES, g_ru, &c);
    }
    case CLM_OFFER_ACCEPTED:
        return clm_offer_accept(o, &m, &a, &RULES, g_ru, &c);
    case CLM_OFFER_REJECTED:
        return clm_offer_reject(o, &m, NULL);
    case CLM_OFFER_EXPIRED:
        return clm_offer_expire(o, &late, day + 30);
    case CLM_OFFER_WITHDRAWN:
        return clm_offer_withdraw(o, &m, SEND, "changed our mind");
    case CLM_OFFER_COUNTERED: {
        clm_offer *k;
        int rc;
        if (clm_offer_state_get(o) == CLM_OFFER_SENT || clm_offer_state_get(o) == CLM_OFFER_EXPIRED) {
            if (clm_offer_countered_by(o) != NULL) /* answered already */
                return clm_offer_counter(o, g_counter_src, &m, SEND + 1, &RULES, g_ru);
            CHECK_OK(clm_offer_counter_draft(&k, o, "O-1-C", &m));
            price(k);
        } else {
            k = priced("O-1-C", CLM_OFFER_NO_DATE);
        }
        rc = clm_offer_counter(o, k, &m, SEND + 1, &RULES, g_ru);
        clm_offer_free(k);
        return rc;
    }
    case CLM_OFFER_SUPERSEDED: {
        clm_offer *n = NULL;
        clm_actor s = who("ivanov", "manager", SEND);
        int rc = clm_offer_new_version(&n, o, "O-1-v2", &s);
        clm_offer_free(n);
        return rc;
    }
    }
    return -999;
}

static void test_every_pair(void **state)
{
    (void)state;
    g_counter_src = priced("O-1-C2", CLM_OFFER_NO_DATE);
    for (int f = CLM_OFFER_DRAFT; f <= CLM_OFFER_SUPERSEDED; f++)
        for (int t = CLM_OFFER_DRAFT; t <= CLM_OFFER_SUPERSEDED; t++) {
            clm_offer *o = reach((clm_offer_state)f), *before;
            CHECK_OK(clm_offer_dup(&before, o));
            clm_error_clear();
            int rc = try_move(o, (clm_offer_state)t);
            int legal = expected_allowed(f, t);
            /* expired -> countered: a late acceptance recorded as a new offer
             * links both and leaves the original expired (art. 442) */
            if (f == CLM_OFFER_EXPIRED && t == CLM_OFFER_COUNTERED) {
                if (rc != 0 || clm_offer_state_get(o) != CLM_OFFER_EXPIRED)
                    fail_msg("expired -> counter-offer: rc %d state %d", rc, clm_offer_state_get(o));
            } else if (legal) {
                if (rc != 0 || clm_offer_state_get(o) != (clm_offer_state)t)
                    fail_msg("%s -> %s: rc %d (%s), state %s", clm_offer_state_name((clm_offer_state)f),
                             clm_offer_state_name((clm_offer_state)t), rc, clm_error_last()->message,
                             clm_offer_state_name(clm_offer_state_get(o)));
            } else {
                if (rc != CLM_ESTATE)
                    fail_msg("%s -> %s: rc %d (%s), expected CLM_ESTATE",
                             clm_offer_state_name((clm_offer_state)f),
                             clm_offer_state_name((clm_offer_state)t), rc, clm_error_last()->message);
                if (!clm_offer_equal(o, before))
                    fail_msg("%s -> %s refused but the offer changed",
                             clm_offer_state_name((clm_offer_state)f),
                             clm_offer_state_name((clm_offer_state)t));
            }
            clm_offer_free(before);
            clm_offer_free(o);
        }
    clm_offer_free(g_counter_src);
}

/* ---- pricing and the snapshot ------------------------------------------------------------ */

static void test_pricing_snapshot(void **state)
{
    (void)state;
    clm_offer *o = priced("O-2", CLM_OFFER_NO_DATE);
    /* CEM-M500: 10 x 450.00 = 4500.00, 10 % off -> 4050.00; SAND: 5 x 120.00
     * = 600.00 -> 540.00 */
    const clm_offer_line_price *l0 = clm_offer_line_price_at(o, 0), *l1 = clm_offer_line_price_at(o, 1);
    assert_non_null(l0);
    CHECK_I64(l0->result.unit_price, 45000);
    CHECK_I64(l0->result.base, 450000);
    CHECK_I64(l0->result.net, 405000);
    CHECK_I64(l1->result.net, 54000);
    assert_int_equal(l0->source, CLM_OFFER_PRICE_LIST);
    const clm_discount_totals *t = clm_offer_totals(o);
    CHECK_I64(t->net, 459000);
    CHECK_I64(t->max_line_rate, 10 * CLM_RATE_PERCENT);
    /* the trace says where the price came from and why the discount */
    int saw_price = 0, saw_rule = 0;
    for (size_t i = 0; i < clm_offer_trace_count(o, 0); i++) {
        const clm_discount_trace_entry *e = clm_offer_trace(o, 0, i);
        if (strcmp(e->name, "price") == 0 && strstr(e->reason, "retail") != NULL)
            saw_price = 1;
        if (strcmp(e->name, "wholesale") == 0 && e->kind == CLM_DISCOUNT_TRACE_APPLIED) {
            CHECK_I64(e->amount, 45000);
            saw_rule = 1;
        }
    }
    assert_true(saw_price && saw_rule);
    assert_true(clm_offer_trace_count(o, CLM_DISCOUNT_DOCUMENT) > 0);
    assert_null(clm_offer_trace(o, 2, 0));
    const char *name, *ver;
    CHECK_OK(clm_offer_policy(&name, &ver, o));
    CHECK_STR(name, "wholesale-2025");
    CHECK_STR(ver, "2025-12");
    const char *why;
    int ok;
    CHECK_STR(clm_offer_approval_required(o, &why, &ok), "head_of_department");
    assert_int_equal(ok, 1);
    assert_non_null(why);
    assert_int_equal(clm_offer_ladder_count(o), 4);
    assert_false(clm_offer_role_suffices(o, "manager"));
    assert_true(clm_offer_role_suffices(o, "head_of_department"));
    assert_true(clm_offer_role_suffices(o, "general_director"));
    assert_false(clm_offer_role_suffices(o, "cashier"));

    /* send it; then the policy changes to 20 % and the engine is rebuilt:
     * the sent offer keeps its figures, and cannot be re-priced */
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor h = who("petrova", "head_of_department", PREP), m = who("ivanov", "manager", SEND);
    CHECK_OK(clm_offer_submit(o, &h, &c));
    CHECK_OK(clm_offer_send(o, &m, &RULES, g_ru, &c));
    clm_discount_engine *e2 = make_engine(20 * CLM_RATE_PERCENT, NULL);
    clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
    p.engine = e2;
    p.client = &g_client;
    clm_offer *before;
    CHECK_OK(clm_offer_dup(&before, o));
    CHECK_FAIL(clm_offer_price(o, &m, &p), CLM_ESTATE);
    assert_true(clm_offer_equal(o, before));
    CHECK_I64(clm_offer_totals(o)->net, 459000);
    /* re-pricing is a new version that supersedes the old; both kept */
    clm_offer *v2;
    CHECK_OK(clm_offer_new_version(&v2, o, "O-2-v2", &m));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_SUPERSEDED);
    CHECK_STR(clm_offer_superseded_by(o), "O-2-v2");
    CHECK_STR(clm_offer_supersedes(v2), "O-2");
    assert_int_equal(clm_offer_revision(v2), 2);
    assert_int_equal(clm_offer_state_get(v2), CLM_OFFER_DRAFT);
    assert_false(clm_offer_priced(v2));
    p.policy_version = "2026-01";
    CHECK_OK(clm_offer_price(v2, &m, &p));
    CHECK_I64(clm_offer_totals(v2)->net, 408000);   /* 20 % off 5100.00 */
    CHECK_I64(clm_offer_totals(o)->net, 459000);    /* the old one unchanged */
    clm_discount_engine_free(e2);
    clm_offer_free(before);
    clm_offer_free(v2);
    clm_offer_free(o);
}

static void test_manual_price(void **state)
{
    (void)state;
    clm_offer *o = draft("O-3", CLM_OFFER_NO_DATE);
    CHECK_OK(clm_offer_remove_line(o, 1));
    CHECK_OK(clm_offer_remove_line(o, 0));
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "CEM-M500";
    l.quantity = 10 * CLM_DISCOUNT_QTY_SCALE;
    CHECK_OK(clm_money_make(&l.unit_price, 42000, "RUB"));  /* list 450.00 */
    CHECK_OK(clm_offer_add_line(NULL, o, &l));
    price(o);
    const clm_offer_line_price *lp = clm_offer_line_price_at(o, 0);
    assert_int_equal(lp->source, CLM_OFFER_PRICE_MANUAL);
    assert_int_equal(lp->has_list_price, 1);
    CHECK_I64(lp->list_price, 45000);
    /* 420.00 less 10 % = 3780.00 for 10; the list base is 4500.00:
     * 720.00 / 4500.00 = 16 % */
    CHECK_I64(lp->result.net, 378000);
    CHECK_I64(lp->list_rate, 16 * CLM_RATE_PERCENT);
    const char *why;
    CHECK_STR(clm_offer_approval_required(o, &why, NULL), "head_of_department");

    /* 300.00 a unit: (4500 - 2700) / 4500 = 40 %: beyond the commercial
     * director's 30 %, so the general director */
    CHECK_OK(clm_offer_remove_line(o, 0));
    CHECK_OK(clm_money_make(&l.unit_price, 30000, "RUB"));
    CHECK_OK(clm_offer_add_line(NULL, o, &l));
    price(o);
    CHECK_STR(clm_offer_approval_required(o, &why, NULL), "general_director");
    assert_non_null(strstr(why, "list price 450.00 RUB"));
    assert_non_null(strstr(why, "commercial_director"));
    clm_offer_free(o);
}

/* ---- approval ----------------------------------------------------------------------- */

static void test_approval_and_deputy(void **state)
{
    (void)state;
    clm_offer *o = priced("O-4", CLM_OFFER_NO_DATE), *before;
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor m = who("ivanov", "manager", PREP);
    CHECK_OK(clm_offer_submit(o, &m, &c));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_AWAITING_APPROVAL);
    CHECK_OK(clm_offer_dup(&before, o));
    /* the manager cannot approve what is beyond his authority */
    CHECK_FAIL(clm_offer_approve(o, &m, NULL, NULL, &c, NULL), CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "head_of_department"));
    assert_true(clm_offer_equal(o, before));
    /* a deputy acting for the head, with the head's role, on a day the
     * delegation covers */
    clm_delegations *d;
    CHECK_OK(clm_delegations_new(&d));
    CHECK_OK(clm_delegations_add(d, "petrova", "sidorov", D(2025, 12, 20), D(2025, 12, 31)));
    clm_actor dep_out = who("sidorov", "head_of_department", D(2026, 1, 12));
    CHECK_FAIL(clm_offer_approve(o, &dep_out, "petrova", d, &c, NULL), CLM_EPERM);
    assert_true(clm_offer_equal(o, before));
    clm_actor dep = who("sidorov", "head_of_department", PREP);
    CHECK_FAIL(clm_offer_refuse(o, &dep, "petrova", d, NULL), CLM_EINVAL);  /* a refusal says why */
    CHECK_OK(clm_offer_refuse(o, &dep, "petrova", d, "deferral too long"));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_DRAFT);
    CHECK_OK(clm_offer_submit(o, &m, &c));
    CHECK_OK(clm_offer_approve(o, &dep, "petrova", d, &c, "key client"));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_APPROVED);
    /* the record: who, when, for whom, why */
    clm_offer_event ev;
    size_t n = clm_offer_event_count(o);
    CHECK_OK(clm_offer_event_at(&ev, o, n - 1));
    CHECK_STR(ev.action, "approve");
    CHECK_STR(ev.user, "sidorov");
    CHECK_STR(ev.role, "head_of_department");
    CHECK_STR(ev.on_behalf_of, "petrova");
    CHECK_STR(ev.note, "key client");
    CHECK_I64(ev.at, dep.at);
    int refusals = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK_OK(clm_offer_event_at(&ev, o, i));
        if (strcmp(ev.action, "refuse") == 0) {
            CHECK_STR(ev.note, "deferral too long");
            refusals++;
        }
    }
    assert_int_equal(refusals, 1);
    /* approval ran the credit check */
    clm_offer_credit_record cr;
    assert_int_equal(clm_offer_credit_count(o), 1);
    CHECK_OK(clm_offer_credit_at(&cr, o, 0));
    assert_int_equal(cr.stage, CLM_OFFER_STAGE_APPROVAL);
    assert_int_equal(cr.check.decision, CLM_CREDIT_ALLOW);
    CHECK_I64(cr.check.document, 459000);
    clm_delegations_free(d);
    clm_offer_free(before);
    clm_offer_free(o);
}

static void test_unapprovable(void **state)
{
    (void)state;
    /* a ladder whose top step has a limit: a 100 % manual discount is beyond it */
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "strict", "RUB"));
    clm_discount_approval a = { "manager", 5 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT };
    CHECK_OK(clm_discount_policy_add_approval(p, &a));
    clm_discount_engine *e;
    CHECK_OK(clm_discount_policy_compile_with_prices(&e, p, g_book));
    clm_offer *o = draft("O-5", CLM_OFFER_NO_DATE), *before;
    clm_offer_pricing pr = CLM_OFFER_PRICING_INIT;
    pr.engine = e;
    pr.client = &g_client;
    clm_actor m = who("ivanov", "manager", PREP);
    CHECK_OK(clm_offer_set_terms(o, &(clm_offer_info){ .version = 1, .accept_by = CLM_OFFER_NO_DATE }));
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "SAND";
    l.manual_rate = 50 * CLM_RATE_PERCENT;
    CHECK_OK(clm_offer_add_line(NULL, o, &l));
    CHECK_OK(clm_offer_price(o, &m, &pr));
    int ok = 1;
    assert_null(clm_offer_approval_required(o, NULL, &ok));
    assert_int_equal(ok, 0);
    CHECK_OK(clm_offer_dup(&before, o));
    clm_offer_credit c = credit_with(0, 100000000);
    CHECK_FAIL(clm_offer_submit(o, &m, &c), CLM_EPERM);
    assert_true(clm_offer_equal(o, before));
    clm_offer_free(before);
    clm_offer_free(o);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- the credit check ---------------------------------------------------------------- */

static void test_credit_block_and_override(void **state)
{
    (void)state;
    clm_offer *o = approved("O-6", CLM_OFFER_NO_DATE), *before;
    /* limit 5000.00, receivables 1000.00 + the offer's 4590.00 = 5590.00 */
    clm_offer_credit c = credit_with(100000, 500000);
    clm_credit_check chk;
    CHECK_OK(clm_offer_credit_compute(&chk, o, &c));
    assert_int_equal(chk.decision, CLM_CREDIT_BLOCK);
    CHECK_I64(chk.exposure, 559000);
    CHECK_OK(clm_offer_dup(&before, o));
    clm_actor m = who("ivanov", "manager", SEND);
    CHECK_FAIL(clm_offer_send(o, &m, &RULES, g_ru, &c), CLM_EPERM);
    assert_true(clm_offer_equal(o, before));
    /* only a role the credit policy names may override */
    CHECK_FAIL(clm_offer_credit_override(o, &m, g_credit, "good payer"), CLM_EPERM);
    assert_true(clm_offer_equal(o, before));
    clm_actor cfo = who("kuznetsova", "cfo", SEND);
    CHECK_FAIL(clm_offer_credit_override(o, &cfo, g_credit, ""), CLM_EINVAL);
    CHECK_OK(clm_offer_credit_override(o, &cfo, g_credit, "prepayment promised"));
    CHECK_FAIL(clm_offer_credit_override(o, &cfo, g_credit, "again"), CLM_ESTATE);
    CHECK_OK(clm_offer_send(o, &m, &RULES, g_ru, &c));
    clm_offer_credit_record r;
    size_t n = clm_offer_credit_count(o);
    CHECK_OK(clm_offer_credit_at(&r, o, n - 1));
    assert_int_equal(r.stage, CLM_OFFER_STAGE_SENDING);
    assert_int_equal(r.check.decision, CLM_CREDIT_BLOCK);
    assert_int_equal(r.overridden, 1);
    CHECK_STR(r.override_user, "kuznetsova");
    CHECK_STR(r.override_note, "prepayment promised");
    /* the client's acceptance concludes the contract (art. 433): a block at
     * acceptance is recorded, not a refusal */
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = a.received_on = SEND + 3;
    CHECK_OK(clm_offer_accept(o, &m, &a, &RULES, g_ru, &c));
    CHECK_OK(clm_offer_credit_at(&r, o, clm_offer_credit_count(o) - 1));
    assert_int_equal(r.stage, CLM_OFFER_STAGE_ACCEPTANCE);
    assert_int_equal(r.check.decision, CLM_CREDIT_BLOCK);
    assert_int_equal(r.overridden, 0);
    /* the wrong currency */
    clm_credit_policy *usd;
    CHECK_OK(clm_credit_policy_new(&usd, "usd", "USD"));
    clm_offer_credit cu = credit_with(0, 1);
    cu.policy = usd;
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, &cu), CLM_ECURRENCY);
    clm_credit_policy_free(usd);
    clm_offer_free(before);
    clm_offer_free(o);
}

/* ---- the law ------------------------------------------------------------------------- */

static void test_art441_reasonable_term(void **state)
{
    (void)state;
    /* Civil Code art. 441 p. 1 with a 10-working-day reasonable term on the
     * Russian production calendar: sent Fri 26 Dec 2025; 29, 30 Dec count,
     * 31 Dec 2025 and 1-11 Jan 2026 are days off (decrees No. 1335 and
     * No. 1466), then 12-16 and 19-21 Jan: the term ends Wed 21 Jan 2026. */
    clm_offer *o = sent("O-7", CLM_OFFER_NO_DATE);
    check_date(clm_offer_sent_on(o), D(2025, 12, 26));
    check_date(clm_offer_accept_by(o), D(2026, 1, 21));
    clm_offer_free(o);
    /* an own term (art. 440) is kept as set */
    o = sent("O-8", D(2026, 1, 15));
    check_date(clm_offer_accept_by(o), D(2026, 1, 15));
    clm_offer_free(o);
    /* a reasonable term that runs outside the calendar's coverage is refused */
    clm_offer *a = approved("O-9", CLM_OFFER_NO_DATE), *before;
    CHECK_OK(clm_offer_dup(&before, a));
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor m = who("ivanov", "manager", D(2026, 12, 25));
    CHECK_FAIL(clm_offer_send(a, &m, &RULES, g_ru, &c), CLM_ERANGE);
    assert_true(clm_offer_equal(a, before));
    clm_offer_free(before);
    clm_offer_free(a);
}

static void test_art435_436_withdrawal(void **state)
{
    (void)state;
    clm_actor m = who("ivanov", "manager", SEND);
    /* art. 435 p. 2: the withdrawal reaches the client with the offer */
    clm_offer *o = sent("O-10", D(2026, 1, 30));
    CHECK_OK(clm_offer_receive(o, &m, SEND + 3));
    assert_true(clm_offer_withdrawn_before_binding(o, SEND + 3));
    assert_false(clm_offer_withdrawn_before_binding(o, SEND + 4));
    CHECK_OK(clm_offer_withdraw(o, &m, SEND + 3, "price error"));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_WITHDRAWN);
    assert_true(clm_offer_withdrawn_before_binding(o, SEND + 100));
    clm_offer_free(o);
    /* art. 436: received, with a term of its own: binding for the term */
    o = sent("O-11", D(2026, 1, 30));
    CHECK_OK(clm_offer_receive(o, &m, SEND + 3));
    CHECK_FAIL(clm_offer_receive(o, &m, SEND + 4), CLM_ESTATE);
    clm_offer *before;
    CHECK_OK(clm_offer_dup(&before, o));
    CHECK_FAIL(clm_offer_withdraw(o, &m, SEND + 4, NULL), CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "436"));
    assert_true(clm_offer_equal(o, before));
    clm_offer *v = NULL;
    clm_actor m2 = who("ivanov", "manager", SEND + 4);
    CHECK_FAIL(clm_offer_new_version(&v, o, "O-11-v2", &m2), CLM_EPERM);
    assert_null(v);
    assert_true(clm_offer_equal(o, before));
    /* after the term it may be withdrawn; it had bound the company */
    CHECK_OK(clm_offer_withdraw(o, &m, D(2026, 1, 31), NULL));
    assert_false(clm_offer_withdrawn_before_binding(o, 0));
    clm_offer_free(before);
    clm_offer_free(o);
    /* ... unless the offer reserved the right (art. 436 "unless the offer says otherwise") */
    o = draft("O-12", D(2026, 1, 30));
    clm_offer_info t;
    CHECK_OK(clm_offer_info_get(&t, o));
    t.revocable = 1;
    CHECK_OK(clm_offer_set_terms(o, &t));
    price(o);
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor h = who("petrova", "head_of_department", PREP);
    CHECK_OK(clm_offer_submit(o, &h, &c));
    CHECK_OK(clm_offer_send(o, &m, &RULES, g_ru, &c));
    CHECK_OK(clm_offer_receive(o, &m, SEND + 3));
    CHECK_OK(clm_offer_withdraw(o, &m, SEND + 4, NULL));
    clm_offer_free(o);
    /* without a term of its own (reasonable term) art. 436 does not apply */
    o = sent("O-13", CLM_OFFER_NO_DATE);
    CHECK_OK(clm_offer_receive(o, &m, SEND + 3));
    CHECK_OK(clm_offer_withdraw(o, &m, SEND + 4, NULL));
    clm_offer_free(o);
    /* a withdrawal cannot arrive before the offer was sent */
    o = sent("O-14", CLM_OFFER_NO_DATE);
    CHECK_FAIL(clm_offer_withdraw(o, &m, SEND - 1, NULL), CLM_ERANGE);
    clm_offer_free(o);
}

static void test_art438_443_counter(void **state)
{
    (void)state;
    clm_actor m = who("ivanov", "manager", SEND + 2);
    clm_offer *o = sent("O-20", CLM_OFFER_NO_DATE), *before;
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = a.received_on = SEND + 2;
    a.full = 0;   /* "we accept if delivery is in 3 days" */
    clm_offer_verdict v;
    const char *art;
    CHECK_OK(clm_offer_judge_acceptance(&v, &art, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_COUNTER);
    CHECK_STR(art, "art. 443");
    CHECK_OK(clm_offer_dup(&before, o));
    clm_offer_credit c = credit_with(0, 100000000);
    CHECK_FAIL(clm_offer_accept(o, &m, &a, &RULES, g_ru, &c), CLM_ESTATE);
    assert_non_null(strstr(clm_error_last()->message, "art. 443"));
    assert_true(clm_offer_equal(o, before));
    /* the client's terms as a counter-offer linked to the original */
    clm_offer *k;
    CHECK_OK(clm_offer_counter_draft(&k, o, "O-20-C", &m));
    CHECK_STR(clm_offer_counter_of(k), "O-20");
    clm_offer_info t;
    CHECK_OK(clm_offer_info_get(&t, k));
    assert_int_equal(t.from_client, 1);
    t.delivery_days = 3;
    CHECK_OK(clm_offer_set_terms(k, &t));
    price(k);
    CHECK_FAIL(clm_offer_counter(o, o, &m, SEND + 2, &RULES, g_ru), CLM_EINVAL);
    CHECK_OK(clm_offer_counter(o, k, &m, SEND + 2, &RULES, g_ru));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_COUNTERED);
    CHECK_STR(clm_offer_countered_by(o), "O-20-C");
    assert_int_equal(clm_offer_state_get(k), CLM_OFFER_SENT);
    check_date(clm_offer_received_on(k), SEND + 2);
    /* the original can no longer be accepted (art. 443) */
    a.full = 1;
    CHECK_OK(clm_offer_judge_acceptance(&v, &art, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_NOT_OPEN);
    CHECK_STR(art, "art. 443");
    CHECK_FAIL(clm_offer_accept(o, &m, &a, &RULES, g_ru, &c), CLM_ESTATE);
    /* the company accepts the client's counter-offer: its pricing needs a
     * head of department; a manager may not */
    a.dispatched_on = a.received_on = SEND + 4;
    clm_offer *kb;
    CHECK_OK(clm_offer_dup(&kb, k));
    CHECK_FAIL(clm_offer_accept(k, &m, &a, &RULES, g_ru, &c), CLM_EPERM);
    assert_true(clm_offer_equal(k, kb));
    /* and a credit block stops the company's own acceptance without override */
    clm_actor h = who("petrova", "head_of_department", SEND + 4);
    clm_offer_credit blocked = credit_with(0, 1000);
    CHECK_FAIL(clm_offer_accept(k, &h, &a, &RULES, g_ru, &blocked), CLM_EPERM);
    assert_true(clm_offer_equal(k, kb));
    CHECK_OK(clm_offer_accept(k, &h, &a, &RULES, g_ru, &c));
    assert_int_equal(clm_offer_state_get(k), CLM_OFFER_ACCEPTED);
    check_date(clm_offer_accepted_on(k), SEND + 4);
    clm_offer_free(kb);
    clm_offer_free(k);
    clm_offer_free(before);
    clm_offer_free(o);
}

static void test_art442_late(void **state)
{
    (void)state;
    clm_offer *o = sent("O-30", D(2026, 1, 15));  /* term to Thu 15 Jan 2026 */
    clm_offer_verdict v;
    const char *art;
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    /* in time (art. 440): received on the last day */
    a.dispatched_on = D(2026, 1, 14);
    a.received_on = D(2026, 1, 15);
    CHECK_OK(clm_offer_judge_acceptance(&v, &art, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_IN_TIME);
    CHECK_STR(art, "art. 440");
    /* art. 442 p. 1: sent on the last day, received Mon 19 Jan */
    a.dispatched_on = D(2026, 1, 15);
    a.received_on = D(2026, 1, 19);
    CHECK_OK(clm_offer_judge_acceptance(&v, &art, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_LATE_VALID);
    CHECK_STR(art, "art. 442 p. 1");
    /* ... with a notice of lateness the next working day (prompt: 1) */
    a.late_notice_on = D(2026, 1, 20);
    CHECK_OK(clm_offer_judge_acceptance(&v, NULL, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_LATE_NEW_OFFER);
    /* ... a notice two working days later is not prompt: valid */
    a.late_notice_on = D(2026, 1, 21);
    CHECK_OK(clm_offer_judge_acceptance(&v, NULL, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_LATE_VALID);
    /* a received on Fri 16 Jan: the next working day is Mon 19 Jan */
    a.received_on = D(2026, 1, 16);
    a.late_notice_on = D(2026, 1, 19);
    CHECK_OK(clm_offer_judge_acceptance(&v, NULL, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_LATE_NEW_OFFER);
    /* art. 442 p. 2: sent after the term */
    a.dispatched_on = D(2026, 1, 16);
    a.received_on = D(2026, 1, 19);
    a.late_notice_on = CLM_OFFER_NO_DATE;
    CHECK_OK(clm_offer_judge_acceptance(&v, &art, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_LATE_NEW_OFFER);
    CHECK_STR(art, "art. 442 p. 2");
    a.late_confirmed_on = D(2026, 1, 19);
    CHECK_OK(clm_offer_judge_acceptance(&v, NULL, o, &a, &RULES, g_ru));
    assert_int_equal(v, CLM_OFFER_LATE_CONFIRMED);
    /* bad acceptances */
    a.dispatched_on = D(2026, 1, 20);
    CHECK_FAIL(clm_offer_judge_acceptance(&v, NULL, o, &a, &RULES, g_ru), CLM_EINVAL);
    a.dispatched_on = D(2026, 1, 16);
    a.late_confirmed_on = D(2026, 1, 18);
    CHECK_FAIL(clm_offer_judge_acceptance(&v, NULL, o, &a, &RULES, g_ru), CLM_EINVAL);

    /* expired, then the late acceptance sent in time arrives: accepted */
    clm_actor m = who("ivanov", "manager", D(2026, 1, 16));
    clm_offer *before;
    CHECK_OK(clm_offer_dup(&before, o));
    CHECK_FAIL(clm_offer_expire(o, &m, D(2026, 1, 15)), CLM_ESTATE);
    assert_true(clm_offer_equal(o, before));
    CHECK_OK(clm_offer_expire(o, &m, D(2026, 1, 16)));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_EXPIRED);
    clm_offer_acceptance late = CLM_OFFER_ACCEPTANCE_INIT;
    late.dispatched_on = D(2026, 1, 15);
    late.received_on = D(2026, 1, 19);
    clm_offer_credit c = credit_with(0, 100000000);
    CHECK_OK(clm_offer_accept(o, &m, &late, &RULES, g_ru, &c));
    assert_int_equal(clm_offer_state_get(o), CLM_OFFER_ACCEPTED);
    clm_offer_event ev;
    CHECK_OK(clm_offer_event_at(&ev, o, clm_offer_event_count(o) - 1));
    assert_non_null(strstr(ev.note, "art. 442 p. 1"));
    clm_offer_free(before);
    clm_offer_free(o);

    /* a late acceptance that is a new offer cannot be accepted as such */
    o = sent("O-31", D(2026, 1, 15));
    late.dispatched_on = D(2026, 1, 16);
    CHECK_OK(clm_offer_dup(&before, o));
    CHECK_FAIL(clm_offer_accept(o, &m, &late, &RULES, g_ru, &c), CLM_ESTATE);
    assert_non_null(strstr(clm_error_last()->message, "442"));
    assert_true(clm_offer_equal(o, before));
    clm_offer_free(before);
    clm_offer_free(o);
}

/* ---- bad input ----------------------------------------------------------------------- */

static void test_bad_input(void **state)
{
    (void)state;
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = "O-40";
    info.client_id = "C-1";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = D(2025, 12, 25);
    clm_actor m = who("ivanov", "manager", info.date);
    clm_offer *o = NULL;
    info.id = " O";
    CHECK_FAIL(clm_offer_new(&o, &info, &m), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "id");
    info.id = "O-40";
    info.currency = "RUR";
    CHECK_FAIL(clm_offer_new(&o, &info, &m), CLM_ECURRENCY);
    info.currency = "RUB";
    info.accept_by = D(2025, 12, 24);
    CHECK_FAIL(clm_offer_new(&o, &info, &m), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "accept_by");
    info.accept_by = CLM_OFFER_NO_DATE;
    info.prepayment = CLM_RATE_ONE + 1;
    CHECK_FAIL(clm_offer_new(&o, &info, &m), CLM_EINVAL);
    info.prepayment = 0;
    info.version = 2;
    CHECK_FAIL(clm_offer_new(&o, &info, &m), CLM_EVERSION);
    info.version = CLM_OFFER_INFO_VERSION;
    clm_actor nobody = { "", "manager", 0 };
    CHECK_FAIL(clm_offer_new(&o, &info, &nobody), CLM_EINVAL);
    assert_null(o);
    CHECK_OK(clm_offer_new(&o, &info, &m));

    clm_offer *before;
    CHECK_OK(clm_offer_dup(&before, o));
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "CEM-M500";
    l.quantity = 0;
    CHECK_FAIL(clm_offer_add_line(NULL, o, &l), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "quantity");
    l.quantity = 1000;
    CHECK_OK(clm_money_make(&l.unit_price, 100, "USD"));
    CHECK_FAIL(clm_offer_add_line(NULL, o, &l), CLM_ECURRENCY);
    memset(&l.unit_price, 0, sizeof l.unit_price);
    l.manual_rate = -1;
    CHECK_FAIL(clm_offer_add_line(NULL, o, &l), CLM_EINVAL);
    assert_true(clm_offer_equal(o, before));
    CHECK_FAIL(clm_offer_remove_line(o, 0), CLM_ERANGE);

    /* nothing to price; facts of another client */
    clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
    p.engine = g_engine;
    p.client = &g_client;
    CHECK_FAIL(clm_offer_price(o, &m, &p), CLM_EINVAL);
    l.manual_rate = 0;
    l.product = "UNKNOWN";
    CHECK_OK(clm_offer_add_line(NULL, o, &l));
    clm_offer_free(before);
    CHECK_OK(clm_offer_dup(&before, o));
    CHECK_FAIL(clm_offer_price(o, &m, &p), CLM_ENOTFOUND);   /* no list prices it */
    assert_true(clm_offer_equal(o, before));
    clm_discount_client other = g_client;
    other.id = "C-2";
    p.client = &other;
    CHECK_FAIL(clm_offer_price(o, &m, &p), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "client.id");
    assert_true(clm_offer_equal(o, before));
    /* not priced: no submit, no credit check */
    clm_offer_credit c = credit_with(0, 1);
    CHECK_FAIL(clm_offer_submit(o, &m, &c), CLM_ESTATE);
    clm_credit_check chk;
    CHECK_FAIL(clm_offer_credit_compute(&chk, o, &c), CLM_ESTATE);
    assert_true(clm_offer_equal(o, before));
    clm_offer_rules bad = RULES;
    bad.reasonable_days = 0;
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    clm_offer_verdict v;
    CHECK_FAIL(clm_offer_judge_acceptance(&v, NULL, o, &a, &bad, g_ru), CLM_EINVAL);
    clm_offer_free(before);
    clm_offer_free(o);
    clm_offer_free(NULL);
}

/* ---- the OOM walk ---------------------------------------------------------------------- */

typedef struct oom_state {
    clm_offer *o, *before, *other;
    clm_offer_state reach;
} oom_state;

static oom_state g_oom;

static void *oom_setup_state(clm_offer_state s)
{
    memset(&g_oom, 0, sizeof g_oom);
    g_oom.o = s == 0 ? draft("O-50", CLM_OFFER_NO_DATE) : reach(s);
    clm_offer_dup(&g_oom.before, g_oom.o);
    return &g_oom;
}

static void *setup_draft(void) { return oom_setup_state(0); }
static void *setup_priced(void) { return oom_setup_state(CLM_OFFER_DRAFT); }
static void *setup_awaiting(void) { return oom_setup_state(CLM_OFFER_AWAITING_APPROVAL); }
static void *setup_approved(void) { return oom_setup_state(CLM_OFFER_APPROVED); }
static void *setup_sent(void) { return oom_setup_state(CLM_OFFER_SENT); }

static bool unchanged(void *st)
{
    oom_state *s = st;
    return clm_offer_equal(s->o, s->before);
}

static void teardown(void *st)
{
    oom_state *s = st;
    clm_offer_free(s->o);
    clm_offer_free(s->before);
    clm_offer_free(s->other);
}

static int op_new(void *st)
{
    oom_state *s = st;
    clm_offer_info info;
    clm_offer_info_get(&info, s->o);
    info.id = "O-51";
    clm_actor m = who("ivanov", "manager", PREP);
    return clm_offer_new(&s->other, &info, &m);
}

static int op_dup(void *st)
{
    oom_state *s = st;
    return clm_offer_dup(&s->other, s->o);
}

static int op_add_line(void *st)
{
    oom_state *s = st;
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "GRAVEL";
    l.group = "bulk";
    return clm_offer_add_line(NULL, s->o, &l);
}

static int op_price(void *st)
{
    oom_state *s = st;
    clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
    p.engine = g_engine;
    p.client = &g_client;
    p.book = g_book;
    p.policy_version = "v1";
    clm_actor m = who("ivanov", "manager", PREP);
    return clm_offer_price(s->o, &m, &p);
}

static int op_submit(void *st)
{
    oom_state *s = st;
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor h = who("petrova", "head_of_department", PREP);
    return clm_offer_submit(s->o, &h, &c);
}

static int op_approve(void *st)
{
    oom_state *s = st;
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor h = who("petrova", "head_of_department", PREP);
    return clm_offer_approve(s->o, &h, NULL, NULL, &c, "ok");
}

static int op_send(void *st)
{
    oom_state *s = st;
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor m = who("ivanov", "manager", SEND);
    return clm_offer_send(s->o, &m, &RULES, g_ru, &c);
}

static int op_accept(void *st)
{
    oom_state *s = st;
    clm_offer_credit c = credit_with(0, 100000000);
    clm_actor m = who("ivanov", "manager", SEND + 1);
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = a.received_on = SEND + 1;
    return clm_offer_accept(s->o, &m, &a, &RULES, g_ru, &c);
}

static int op_withdraw(void *st)
{
    oom_state *s = st;
    clm_actor m = who("ivanov", "manager", SEND + 1);
    return clm_offer_withdraw(s->o, &m, SEND, "n");
}

static int op_new_version(void *st)
{
    oom_state *s = st;
    clm_actor m = who("ivanov", "manager", SEND + 1);
    return clm_offer_new_version(&s->other, s->o, "O-50-v2", &m);
}

static int op_counter_draft(void *st)
{
    oom_state *s = st;
    clm_actor m = who("ivanov", "manager", SEND + 1);
    return clm_offer_counter_draft(&s->other, s->o, "O-50-C", &m);
}

static int op_override(void *st)
{
    oom_state *s = st;
    clm_actor cfo = who("kuznetsova", "cfo", SEND);
    return clm_offer_credit_override(s->o, &cfo, g_credit, "trusted");
}

static void test_oom(void **state)
{
    (void)state;
    const oom_case cases[] = {
        { setup_draft, op_new, unchanged, teardown },
        { setup_sent, op_dup, unchanged, teardown },
        { setup_draft, op_add_line, unchanged, teardown },
        { setup_draft, op_price, unchanged, teardown },
        { setup_priced, op_submit, unchanged, teardown },
        { setup_awaiting, op_approve, unchanged, teardown },
        { setup_approved, op_send, unchanged, teardown },
        { setup_approved, op_override, unchanged, teardown },
        { setup_sent, op_accept, unchanged, teardown },
        { setup_sent, op_withdraw, unchanged, teardown },
        { setup_sent, op_new_version, unchanged, teardown },
        { setup_sent, op_counter_draft, unchanged, teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(oom_check(&cases[i]) > 0);
}

static void test_oom_counter(void **state)
{
    (void)state;
    /* clm_offer_counter changes two offers: both must stay as they were */
    oom_install();
    for (long n = 1;; n++) {
        clm_offer *o = sent("O-60", CLM_OFFER_NO_DATE), *k, *ob, *kb;
        clm_actor m = who("ivanov", "manager", SEND + 1);
        CHECK_OK(clm_offer_counter_draft(&k, o, "O-60-C", &m));
        price(k);
        CHECK_OK(clm_offer_dup(&ob, o));
        CHECK_OK(clm_offer_dup(&kb, k));
        oom_fail_after(n);
        int rc = clm_offer_counter(o, k, &m, SEND + 1, &RULES, g_ru);
        oom_fail_after(0);
        if (rc == 0) {
            assert_int_equal(clm_offer_state_get(o), CLM_OFFER_COUNTERED);
            clm_offer_free(o), clm_offer_free(k), clm_offer_free(ob), clm_offer_free(kb);
            break;
        }
        assert_int_equal(rc, CLM_ENOMEM);
        assert_true(clm_offer_equal(o, ob));
        assert_true(clm_offer_equal(k, kb));
        clm_offer_free(o), clm_offer_free(k), clm_offer_free(ob), clm_offer_free(kb);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_every_pair),
        cmocka_unit_test(test_pricing_snapshot),
        cmocka_unit_test(test_manual_price),
        cmocka_unit_test(test_approval_and_deputy),
        cmocka_unit_test(test_unapprovable),
        cmocka_unit_test(test_credit_block_and_override),
        cmocka_unit_test(test_art441_reasonable_term),
        cmocka_unit_test(test_art435_436_withdrawal),
        cmocka_unit_test(test_art438_443_counter),
        cmocka_unit_test(test_art442_late),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_oom_counter),
    };
    if (group_setup(NULL) < 0) {
        fprintf(stderr, "offer_test: fixture setup failed: %s\n", clm_error_last()->message);
        return 1;
    }
    int rc = core_run("offer", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
    group_teardown(NULL);
    return rc;
}
