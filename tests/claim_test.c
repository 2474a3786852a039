/*
 * claim_test.c — the claim object (clm/claim.h): the vocabulary, every
 * pair of states (legal and illegal), the notice before closing, deadlines
 * of each regime across non-working days, the pause, the restart on a
 * changed demand, penalties (consumer, contractual, key rate), escalation
 * with a deputy, the body codec, bad input and the OOM walk.
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

static const clm_actor MGR = { "ivanov", "manager", 1767000000 };
static const clm_actor HEAD = { "petrova", "head_of_department", 1767000100 };
static const clm_actor DIR = { "orlov", "director", 1767000200 };

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static clm_money RUB(int64_t minor)
{
    clm_money m;
    assert_int_equal(clm_money_make(&m, minor, "RUB"), 0);
    return m;
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

static clm_claim_regimes *g_regimes;
static clm_calendar *g_ru;

static int group_setup(void **state)
{
    (void)state;
    if (clm_claim_regimes_new(&g_regimes) < 0 || clm_calendar_new_ru(&g_ru) < 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    clm_claim_regimes_free(g_regimes);
    clm_calendar_free(g_ru);
    return 0;
}

/* A consumer's written claim for a refund of 15000.00 RUB. */
static clm_claim_info consumer_info(clm_date received, clm_claim_demand demand)
{
    clm_claim_info in = CLM_CLAIM_INFO_INIT;
    in.client_id = "C-0001";
    in.manager = "ivanov";
    in.client_category = "retail";
    in.concerns = CLM_CLAIM_CONCERNS_ORDER;
    in.concerns_id = "O-77";
    in.form = CLM_CLAIM_WRITTEN;
    in.channel = CLM_CLAIM_EMAIL;
    in.received = received;
    in.subject = CLM_CLAIM_QUALITY_DEFECT;
    in.demand = demand;
    in.claimed = RUB(1500000);
    in.price = RUB(1500000);
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    return in;
}

static clm_claim *new_claim(const clm_claim_info *in)
{
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_new(&c, "CL-2026-000001", in, g_regimes));
    return c;
}

static clm_claim_deadlines deadlines(const clm_claim *c, clm_date on)
{
    clm_claim_deadlines d;
    CHECK_OK(clm_claim_deadlines_get(&d, c, g_ru, on));
    return d;
}

/* ---- vocabulary ---------------------------------------------------------- */

static void test_vocabulary(void **state)
{
    (void)state;
    static const struct { clm_claim_vocab v; int n; } all[] = {
        { CLM_CLAIM_VOCAB_STATE, 10 }, { CLM_CLAIM_VOCAB_FORM, 3 }, { CLM_CLAIM_VOCAB_CHANNEL, 7 },
        { CLM_CLAIM_VOCAB_SUBJECT, 8 }, { CLM_CLAIM_VOCAB_DEMAND, 7 }, { CLM_CLAIM_VOCAB_OUTCOME, 3 },
        { CLM_CLAIM_VOCAB_PARTY, 4 }, { CLM_CLAIM_VOCAB_DIRECTION, 2 },
        { CLM_CLAIM_VOCAB_CONCERNS, 4 }, { CLM_CLAIM_VOCAB_UNIT, 3 }, { CLM_CLAIM_VOCAB_PENALTY, 3 },
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_null(clm_claim_name(all[i].v, 0));
        assert_null(clm_claim_name(all[i].v, all[i].n + 1));
        for (int x = 1; x <= all[i].n; x++) {
            const char *name = clm_claim_name(all[i].v, x);
            assert_non_null(name);
            int back = 0;
            CHECK_OK(clm_claim_from_name(&back, all[i].v, name));
            assert_int_equal(back, x);
        }
    }
    CHECK_STR(clm_claim_name(CLM_CLAIM_VOCAB_STATE, CLM_CLAIM_AWAITING_CLIENT), "awaiting_client");
    CHECK_STR(clm_claim_name(CLM_CLAIM_VOCAB_UNIT, CLM_TERM_WORKING_DAYS), "working-days");
    int v = 42;
    CHECK_FAIL(clm_claim_from_name(&v, CLM_CLAIM_VOCAB_DEMAND, "exchange"), CLM_ENOTFOUND);
    assert_int_equal(v, 42);
    assert_non_null(strstr(clm_error_last()->message, "replacement, price_reduction"));
    CHECK_STR(clm_error_last()->field, "demand");
    CHECK_FAIL(clm_claim_from_name(&v, (clm_claim_vocab)99, "x"), CLM_EINVAL);
}

/* ---- every pair of states ------------------------------------------------------ */

/* The table as claim.h documents it, written out independently. */
static const char *const LEGAL[] = {
    "received>acknowledged",
    "acknowledged>under_assessment", "acknowledged>awaiting_client",
    "under_assessment>under_investigation", "under_assessment>decided",
    "under_assessment>awaiting_client",
    "under_investigation>decided", "under_investigation>awaiting_client",
    "awaiting_client>under_assessment", "awaiting_client>under_investigation",
    "decided>remedy_in_progress", "decided>client_informed",
    "remedy_in_progress>client_informed",
    "client_informed>closed",
    "closed>reopened",
    "reopened>under_assessment", "reopened>under_investigation",
};

static int documented_legal(clm_claim_state from, clm_claim_state to)
{
    char key[64];
    snprintf(key, sizeof key, "%s>%s", clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)from),
             clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)to));
    for (size_t i = 0; i < sizeof LEGAL / sizeof LEGAL[0]; i++)
        if (strcmp(LEGAL[i], key) == 0)
            return 1;
    return 0;
}

/* Applies the call that enters `to`. */
static int enter(clm_claim *c, clm_claim_state to, clm_date on)
{
    if (to == CLM_CLAIM_DECIDED) {
        clm_money g = RUB(1500000);
        return clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &g, "defect confirmed", &MGR, on);
    }
    if (to == CLM_CLAIM_CLIENT_INFORMED)
        return clm_claim_inform(c, CLM_CLAIM_PHONE, "refund approved", &MGR, on);
    return clm_claim_move(c, to, &MGR, on, NULL, NULL);
}

/* A claim brought to `s` along a legal path. */
static clm_claim *claim_in(clm_claim_state s)
{
    static const clm_claim_state path[][6] = {
        [CLM_CLAIM_RECEIVED] = { 0 },
        [CLM_CLAIM_ACKNOWLEDGED] = { CLM_CLAIM_ACKNOWLEDGED },
        [CLM_CLAIM_UNDER_ASSESSMENT] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_UNDER_ASSESSMENT },
        [CLM_CLAIM_UNDER_INVESTIGATION] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_UNDER_ASSESSMENT,
                                            CLM_CLAIM_UNDER_INVESTIGATION },
        [CLM_CLAIM_AWAITING_CLIENT] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_AWAITING_CLIENT },
        [CLM_CLAIM_DECIDED] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_UNDER_ASSESSMENT, CLM_CLAIM_DECIDED },
        [CLM_CLAIM_REMEDY_IN_PROGRESS] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_UNDER_ASSESSMENT,
                                           CLM_CLAIM_DECIDED, CLM_CLAIM_REMEDY_IN_PROGRESS },
        [CLM_CLAIM_CLIENT_INFORMED] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_UNDER_ASSESSMENT,
                                        CLM_CLAIM_DECIDED, CLM_CLAIM_CLIENT_INFORMED },
        [CLM_CLAIM_CLOSED] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_UNDER_ASSESSMENT, CLM_CLAIM_DECIDED,
                               CLM_CLAIM_CLIENT_INFORMED, CLM_CLAIM_CLOSED },
        [CLM_CLAIM_REOPENED] = { CLM_CLAIM_ACKNOWLEDGED, CLM_CLAIM_UNDER_ASSESSMENT, CLM_CLAIM_DECIDED,
                                 CLM_CLAIM_CLIENT_INFORMED, CLM_CLAIM_CLOSED, CLM_CLAIM_REOPENED },
    };
    clm_claim_info in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    clm_claim *c = new_claim(&in);
    for (int i = 0; i < 6 && path[s][i] != 0; i++)
        CHECK_OK(enter(c, path[s][i], D(2026, 3, 3)));
    assert_int_equal(clm_claim_state_get(c), s);
    return c;
}

static void test_every_pair(void **state)
{
    (void)state;
    int legal = 0;
    for (int from = 1; from <= CLM_CLAIM_STATE_COUNT; from++) {
        for (int to = 1; to <= CLM_CLAIM_STATE_COUNT; to++) {
            int want = documented_legal((clm_claim_state)from, (clm_claim_state)to);
            assert_int_equal(clm_claim_transition_allowed((clm_claim_state)from, (clm_claim_state)to),
                             want);
            clm_claim *c = claim_in((clm_claim_state)from);
            clm_claim *before = NULL;
            CHECK_OK(clm_claim_dup(&before, c));
            int rc = enter(c, (clm_claim_state)to, D(2026, 3, 4));
            if (want) {
                if (rc != 0)
                    fail_msg("%d -> %d refused: %s", from, to, clm_error_last()->message);
                assert_int_equal(clm_claim_state_get(c), to);
                assert_int_equal(clm_claim_step_count(c), clm_claim_step_count(before) + 1);
                legal++;
            } else {
                if (rc != CLM_ESTATE)
                    fail_msg("%d -> %d gave %d, expected CLM_ESTATE", from, to, rc);
                assert_true(clm_claim_equal(c, before));
            }
            clm_claim_free(before);
            clm_claim_free(c);
        }
    }
    assert_int_equal(legal, (int)(sizeof LEGAL / sizeof LEGAL[0]));
    assert_int_equal(clm_claim_transition_allowed((clm_claim_state)0, CLM_CLAIM_CLOSED), 0);
    assert_int_equal(clm_claim_transition_allowed(CLM_CLAIM_CLOSED, (clm_claim_state)11), 0);
}

static void test_decided_and_informed_need_their_calls(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_UNDER_ASSESSMENT);
    clm_claim *before = NULL;
    CHECK_OK(clm_claim_dup(&before, c));
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_DECIDED, &MGR, D(2026, 3, 4), NULL, NULL), CLM_EINVAL);
    assert_true(clm_claim_equal(c, before));
    clm_claim_free(before);
    clm_claim_free(c);
    c = claim_in(CLM_CLAIM_DECIDED);
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_CLIENT_INFORMED, &MGR, D(2026, 3, 4), NULL, NULL),
               CLM_EINVAL);
    clm_claim_free(c);
}

static void test_notice_before_closing(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_REMEDY_IN_PROGRESS);
    assert_int_equal(clm_claim_notice_get(NULL, c), 0);
    /* No way from remedy (or decided) to closed but through the notice. */
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_CLOSED, &MGR, D(2026, 3, 5), NULL, NULL), CLM_ESTATE);
    /* An empty notice is no notice. */
    CHECK_FAIL(clm_claim_inform(c, CLM_CLAIM_PHONE, "", &HEAD, D(2026, 3, 5)), CLM_EINVAL);
    CHECK_FAIL(clm_claim_inform(c, (clm_claim_channel)0, "x", &HEAD, D(2026, 3, 5)), CLM_EINVAL);
    CHECK_OK(clm_claim_inform(c, CLM_CLAIM_POST, "Refund of 15000.00 RUB paid on 5 March.", &HEAD,
                              D(2026, 3, 5)));
    clm_claim_notice n;
    assert_int_equal(clm_claim_notice_get(&n, c), 1);
    check_date(n.on, D(2026, 3, 5));
    assert_int_equal(n.channel, CLM_CLAIM_POST);
    CHECK_STR(n.user, "petrova");
    CHECK_STR(n.role, "head_of_department");
    CHECK_STR(n.text, "Refund of 15000.00 RUB paid on 5 March.");
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_CLOSED, &MGR, D(2026, 3, 6), "done", NULL));
    clm_claim_free(c);
}

static void test_decision_amounts(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_UNDER_INVESTIGATION);
    clm_claim *before = NULL;
    CHECK_OK(clm_claim_dup(&before, c));
    clm_money more = RUB(1500001), zero = RUB(0), part = RUB(500000), usd;
    CHECK_OK(clm_money_make(&usd, 100, "USD"));
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &more, "r", &MGR, D(2026, 3, 4)), CLM_ERANGE);
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_PARTLY_ACCEPTED, &zero, "r", &MGR, D(2026, 3, 4)),
               CLM_ERANGE);
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_REJECTED, &part, "r", &MGR, D(2026, 3, 4)), CLM_ERANGE);
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &usd, "r", &MGR, D(2026, 3, 4)), CLM_ECURRENCY);
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &zero, "", &MGR, D(2026, 3, 4)), CLM_EINVAL);
    /* A day before the claim's last step. */
    CHECK_FAIL(clm_claim_decide(c, CLM_CLAIM_REJECTED, &zero, "r", &MGR, D(2026, 3, 2)), CLM_EINVAL);
    assert_true(clm_claim_equal(c, before));
    CHECK_OK(clm_claim_decide(c, CLM_CLAIM_REJECTED, &zero, "wear and tear, not a defect", &MGR,
                              D(2026, 3, 4)));
    clm_claim_outcome o;
    clm_money g;
    const char *why;
    assert_int_equal(clm_claim_decision(c, &o, &g, &why, NULL), 1);
    assert_int_equal(o, CLM_CLAIM_REJECTED);
    CHECK_I64(g.amount, 0);
    CHECK_STR(why, "wear and tear, not a defect");
    /* A rejected claim has no remedy. */
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_REMEDY_IN_PROGRESS, &MGR, D(2026, 3, 4), NULL, NULL),
               CLM_ESTATE);
    clm_claim_free(before);
    clm_claim_free(c);
}

static void test_reopen_period(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_CLOSED); /* closed on 3 Mar 2026 */
    clm_claim_policy p = CLM_CLAIM_POLICY_INIT;
    p.reopen_days = 14;
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_REOPENED, &MGR, D(2026, 3, 18), NULL, &p), CLM_ESTATE);
    assert_int_equal(clm_claim_state_get(c), CLM_CLAIM_CLOSED);
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_REOPENED, &MGR, D(2026, 3, 17), "defect again", &p));
    /* The terms run again from the reopening: 17 Mar + 10 days = 27 Mar. */
    check_date(deadlines(c, D(2026, 3, 17)).resolution, D(2026, 3, 27));
    clm_claim_free(c);
}

/* ---- deadlines --------------------------------------------------------- */

static void test_deadlines_consumer(void **state)
{
    (void)state;
    /* Refund, art. 22: 10 days. 25 Dec 2025 + 10 = Sun 4 Jan 2026, in the
     * New Year holidays (1-11 Jan, decree No. 1466): Mon 12 Jan 2026. The
     * acknowledgement (1 working day) is Fri 26 Dec 2025. */
    clm_claim_info in = consumer_info(D(2025, 12, 25), CLM_CLAIM_REFUND);
    clm_claim *c = new_claim(&in);
    clm_claim_deadlines d = deadlines(c, D(2025, 12, 25));
    check_date(d.acknowledgement, D(2025, 12, 26));
    check_date(d.resolution, D(2026, 1, 12));
    check_date(d.response, D(2026, 1, 12));
    check_date(d.next, D(2025, 12, 26));
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2025, 12, 26), NULL, NULL));
    check_date(deadlines(c, D(2025, 12, 26)).next, D(2026, 1, 12));
    clm_claim_free(c);

    /* Replacement, art. 21: 7 days. Mon 2 Mar 2026 + 7 = Mon 9 Mar, a day
     * off (7-9 Mar 2026): Tue 10 Mar. */
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REPLACEMENT);
    c = new_claim(&in);
    check_date(deadlines(c, D(2026, 3, 2)).resolution, D(2026, 3, 10));
    clm_claim_free(c);

    /* Replacement with a quality check: 20 days. 13 Apr 2026 + 20 = Sun
     * 3 May (1-3 May off): Mon 4 May 2026. */
    in = consumer_info(D(2026, 4, 13), CLM_CLAIM_REPLACEMENT);
    in.quality_check = 1;
    c = new_claim(&in);
    check_date(deadlines(c, D(2026, 4, 13)).resolution, D(2026, 5, 4));
    clm_claim_free(c);

    /* Repair, art. 20: at most 45 days. 24 Mar 2025 + 45 = Thu 8 May 2025
     * (23 Feb moved to 8 May by decree No. 1335; 9 May a holiday; 10-11 May
     * a weekend): Mon 12 May 2025. */
    in = consumer_info(D(2025, 3, 24), CLM_CLAIM_REPAIR);
    c = new_claim(&in);
    check_date(deadlines(c, D(2025, 3, 24)).resolution, D(2025, 5, 12));
    clm_claim_free(c);

    /* A repair term agreed in writing: 20 days; 46 is beyond art. 20. */
    in = consumer_info(D(2025, 3, 24), CLM_CLAIM_REPAIR);
    in.agreed_term = 20;
    c = new_claim(&in);
    check_date(deadlines(c, D(2025, 3, 24)).resolution, D(2025, 4, 14)); /* Sun 13 Apr -> 14 */
    clm_claim_free(c);
    clm_claim *none = NULL;
    in.agreed_term = 46;
    CHECK_FAIL(clm_claim_new(&none, "X-1", &in, g_regimes), CLM_ERANGE);
    /* ... and a refund's 10 days cannot be agreed away. */
    in = consumer_info(D(2025, 3, 24), CLM_CLAIM_REFUND);
    in.agreed_term = 20;
    CHECK_FAIL(clm_claim_new(&none, "X-1", &in, g_regimes), CLM_ERANGE);
    assert_null(none);
}

/* Consumer law art. 21 p. 1: a replacement the seller has no goods for on
 * the day of the demand is due "within one month" of it. The month is
 * counted by Civil Code art. 192 p. 3 (the same-numbered day, or the last
 * day of a month that has none) and art. 193 (a day off moves the end to
 * the next working day). */
static void test_deadlines_out_of_stock(void **state)
{
    (void)state;
    const clm_claim_regime *r;
    CHECK_OK(clm_claim_regimes_find(&r, g_regimes, CLM_CLAIM_REGIME_RU_CONSUMER));
    assert_int_equal(r->out_of_stock.n, 1);
    assert_int_equal(r->out_of_stock.unit, CLM_TERM_MONTHS);
    static const struct { int y, m, d, ey, em, ed; } v[] = {
        { 2025, 1, 31, 2025, 2, 28 },  /* no 31 Feb: the month's last day, a Friday */
        { 2024, 1, 31, 2024, 2, 29 },  /* a leap year: Thu 29 Feb 2024 */
        { 2024, 3, 15, 2024, 4, 15 },  /* the same-numbered day, Mon 15 Apr */
        { 2026, 4, 9, 2026, 5, 12 },   /* Sat 9 May; 9-11 May 2026 off: Tue 12 May */
        { 2025, 12, 31, 2026, 2, 2 },  /* Sat 31 Jan 2026 -> Mon 2 Feb */
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        clm_claim_info in = consumer_info(D(v[i].y, v[i].m, v[i].d), CLM_CLAIM_REPLACEMENT);
        in.out_of_stock = 1;
        clm_claim *c = new_claim(&in);
        check_date(deadlines(c, in.received).resolution, D(v[i].ey, v[i].em, v[i].ed));
        clm_claim_free(c);
        /* With a quality check as well, the longer term (the month) holds. */
        in.quality_check = 1;
        c = new_claim(&in);
        check_date(deadlines(c, in.received).resolution, D(v[i].ey, v[i].em, v[i].ed));
        clm_claim_free(c);
    }
    /* In stock: 7 days (31 Jan 2025 + 7 = Fri 7 Feb). */
    clm_claim_info in = consumer_info(D(2025, 1, 31), CLM_CLAIM_REPLACEMENT);
    clm_claim *c = new_claim(&in);
    check_date(deadlines(c, in.received).resolution, D(2025, 2, 7));
    /* The flag is for replacements only: a refund stays 10 days. */
    clm_claim_free(c);
    in = consumer_info(D(2025, 1, 31), CLM_CLAIM_REFUND);
    in.out_of_stock = 1;
    c = new_claim(&in);
    check_date(deadlines(c, in.received).resolution, D(2025, 2, 10)); /* Mon 10 Feb */
    /* A changed demand: a replacement out of stock asked for on Thu 30 Apr
     * 2026: Sat 30 May -> Mon 1 Jun 2026. */
    CHECK_OK(clm_claim_change_demand(c, CLM_CLAIM_REPLACEMENT, CLM_CLAIM_COND_OUT_OF_STOCK,
                                     g_regimes, &MGR, D(2026, 4, 30)));
    check_date(deadlines(c, D(2026, 4, 30)).resolution, D(2026, 6, 1));
    /* The condition survives the codec. */
    char *buf = NULL;
    size_t len = 0;
    clm_claim *back = NULL;
    CHECK_OK(clm_claim_encode(&buf, &len, c));
    CHECK_OK(clm_claim_decode(&back, buf, len));
    assert_true(clm_claim_equal(back, c));
    check_date(deadlines(back, D(2026, 4, 30)).resolution, D(2026, 6, 1));
    assert_int_equal(clm_claim_info_get(back)->out_of_stock, 1);
    clm_claim_free(back);
    clm_free(buf);
    /* Bits that are no condition: refused, nothing changes. */
    clm_claim *before = NULL;
    CHECK_OK(clm_claim_dup(&before, c));
    CHECK_FAIL(clm_claim_change_demand(c, CLM_CLAIM_REPLACEMENT, 4, g_regimes, &MGR,
                                       D(2026, 5, 4)), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "conditions");
    assert_true(clm_claim_equal(c, before));
    clm_claim_free(before);
    clm_claim_free(c);
    clm_claim *none = NULL;
    in.out_of_stock = 2;
    CHECK_FAIL(clm_claim_new(&none, "X-1", &in, g_regimes), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "out_of_stock");
    assert_null(none);
}

static void test_deadlines_business(void **state)
{
    (void)state;
    /* APC art. 4 part 5: 30 calendar days. Fri 3 Oct 2025 + 30 = Sun 2 Nov;
     * 3 Nov is a day off (decree No. 1335), 4 Nov a holiday: Wed 5 Nov. */
    clm_claim_info in = consumer_info(D(2025, 10, 3), CLM_CLAIM_PAYMENT);
    in.regime = CLM_CLAIM_REGIME_RU_BUSINESS;
    in.subject = CLM_CLAIM_SHORTAGE;
    in.concerns = CLM_CLAIM_CONCERNS_CONTRACT;
    in.concerns_id = "K-2025-14";
    clm_claim *c = new_claim(&in);
    clm_claim_deadlines d = deadlines(c, D(2025, 10, 3));
    check_date(d.response, D(2025, 11, 5));
    check_date(d.resolution, D(2025, 11, 5));
    check_date(d.acknowledgement, D(2025, 10, 6)); /* the next working day after Fri 3 Oct */
    clm_claim_free(c);
    /* The contract sets 15 days: 28 May 2026 + 15 = Fri 12 Jun, a holiday,
     * 13-14 Jun a weekend: Mon 15 Jun 2026. */
    in.received = D(2026, 5, 28);
    in.agreed_term = 15;
    c = new_claim(&in);
    check_date(deadlines(c, D(2026, 5, 28)).resolution, D(2026, 6, 15));
    clm_claim_free(c);
}

/* A hand-built 2024 calendar: weekends and 8 March (Labour Code art. 112),
 * covering only the days the vectors need. */
static clm_calendar *march_2024(void)
{
    clm_calendar *cal = NULL;
    CHECK_OK(clm_calendar_new(&cal, "RU 2024 (March-April)"));
    CHECK_OK(clm_calendar_set_coverage(cal, D(2024, 3, 1), D(2024, 4, 30)));
    CHECK_OK(clm_calendar_add_day(cal, D(2024, 3, 8), CLM_DAY_HOLIDAY, "International Women's Day"));
    return cal;
}

/* The 2024 vectors (docs/rules.md "Claims"), on the shipped Russian
 * calendar (decree No. 1314 of 10.08.2023) and on a hand-built one that
 * knows only 8 March: the figures must not depend on anything else. */
static void test_deadlines_2024_vectors(void **state)
{
    (void)state;
    clm_calendar *cals[2] = { march_2024(), g_ru };
    static const struct { clm_claim_demand demand; int quality, agreed, month, day; } v[] = {
        { CLM_CLAIM_REPLACEMENT, 0, 0, 3, 11 }, /* +7  -> 11 Mar */
        { CLM_CLAIM_REFUND, 0, 0, 3, 14 },      /* +10 -> 14 Mar */
        { CLM_CLAIM_REPLACEMENT, 1, 0, 3, 25 }, /* +20 -> Sun 24 Mar -> 25 Mar */
        { CLM_CLAIM_REPAIR, 0, 30, 4, 3 },      /* +30 -> 3 Apr */
        { CLM_CLAIM_REPAIR, 0, 0, 4, 18 },      /* +45 -> 18 Apr */
    };
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            clm_claim_info in = consumer_info(D(2024, 3, 4), v[i].demand);
            in.quality_check = v[i].quality;
            in.agreed_term = v[i].agreed;
            clm_claim *c = new_claim(&in);
            clm_claim_deadlines d;
            CHECK_OK(clm_claim_deadlines_get(&d, c, cals[k], D(2024, 3, 4)));
            check_date(d.resolution, D(2024, v[i].month, v[i].day));
            clm_claim_free(c);
        }
        /* 1 Mar 2024 + 7 days = 8 Mar, a holiday, then a weekend: 11 Mar. */
        clm_claim_info in = consumer_info(D(2024, 3, 1), CLM_CLAIM_REPLACEMENT);
        clm_claim *c = new_claim(&in);
        clm_claim_deadlines d;
        CHECK_OK(clm_claim_deadlines_get(&d, c, cals[k], D(2024, 3, 1)));
        check_date(d.resolution, D(2024, 3, 11));
        clm_claim_free(c);
    }
    /* Outside the calendar's coverage: refused, not guessed. */
    clm_claim_info in = consumer_info(D(2023, 12, 20), CLM_CLAIM_REFUND);
    clm_claim *c = new_claim(&in);
    clm_claim_deadlines d;
    CHECK_FAIL(clm_claim_deadlines_get(&d, c, g_ru, D(2023, 12, 20)), CLM_ERANGE);
    clm_claim_free(c);
    clm_calendar_free(cals[0]);
}

static void test_pause_extends(void **state)
{
    (void)state;
    /* Refund received Mon 2 Mar 2026: 10 days -> Thu 12 Mar. Paused from
     * 4 to 9 Mar (5 days): the start moves to 7 Mar, 7 + 10 = Tue 17 Mar. */
    clm_claim_info in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    clm_claim *c = new_claim(&in);
    check_date(deadlines(c, D(2026, 3, 2)).resolution, D(2026, 3, 12));
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_AWAITING_CLIENT, &MGR, D(2026, 3, 4), "photos asked", NULL));
    clm_claim_deadlines d = deadlines(c, D(2026, 3, 6));
    assert_int_equal(d.next, CLM_CLAIM_NO_DATE); /* the clock stands */
    assert_int_equal(d.paused_days, 2);
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, D(2026, 3, 9), "photos came", NULL));
    d = deadlines(c, D(2026, 3, 20));
    assert_int_equal(d.paused_days, 5);
    check_date(d.resolution, D(2026, 3, 17));
    check_date(d.next, D(2026, 3, 17));
    /* The acknowledgement is not moved by a later pause. */
    check_date(d.acknowledgement, D(2026, 3, 3));
    clm_claim_free(c);
}

static void test_changed_demand_restarts(void **state)
{
    (void)state;
    /* Replacement received 2 Mar 2026 (-> 10 Mar); on Thu 5 Mar the client
     * asks for a refund instead: 10 days from 5 Mar = Sun 15 Mar -> 16 Mar. */
    clm_claim_info in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REPLACEMENT);
    clm_claim *c = new_claim(&in);
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 3), NULL, NULL));
    CHECK_OK(clm_claim_change_demand(c, CLM_CLAIM_REFUND, 0, g_regimes, &MGR, D(2026, 3, 5)));
    clm_claim_deadlines d = deadlines(c, D(2026, 3, 5));
    check_date(d.term_start, D(2026, 3, 5));
    check_date(d.resolution, D(2026, 3, 16));
    assert_int_equal(clm_claim_demand_get(c), CLM_CLAIM_REFUND);
    assert_int_equal(clm_claim_info_get(c)->demand, CLM_CLAIM_REPLACEMENT); /* as registered */
    clm_claim_step s;
    CHECK_OK(clm_claim_step_at(&s, c, clm_claim_step_count(c) - 1));
    CHECK_STR(s.what, "demand");
    CHECK_STR(s.note, "replacement -> refund");
    /* After the decision the demand is fixed. */
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, D(2026, 3, 5), NULL, NULL));
    clm_money g = RUB(1500000);
    CHECK_OK(clm_claim_decide(c, CLM_CLAIM_ACCEPTED, &g, "ok", &MGR, D(2026, 3, 6)));
    clm_claim *before = NULL;
    CHECK_OK(clm_claim_dup(&before, c));
    CHECK_FAIL(clm_claim_change_demand(c, CLM_CLAIM_REPAIR, 0, g_regimes, &MGR, D(2026, 3, 6)),
               CLM_ESTATE);
    assert_true(clm_claim_equal(c, before));
    clm_claim_free(before);
    clm_claim_free(c);
}

static void test_urgency(void **state)
{
    (void)state;
    clm_claim_urgency u;
    /* Deadline Tue 17 Mar 2026; warn 2 working days before. */
    CHECK_OK(clm_claim_urgency_of(&u, D(2026, 3, 17), D(2026, 3, 12), g_ru, NULL));
    assert_int_equal(u, CLM_CLAIM_NOT_DUE); /* Thu 12 + 2 working days = Mon 16 */
    CHECK_OK(clm_claim_urgency_of(&u, D(2026, 3, 17), D(2026, 3, 13), g_ru, NULL));
    assert_int_equal(u, CLM_CLAIM_WARNING); /* Fri 13 + 2 = Tue 17 */
    CHECK_OK(clm_claim_urgency_of(&u, D(2026, 3, 17), D(2026, 3, 17), g_ru, NULL));
    assert_int_equal(u, CLM_CLAIM_DUE_TODAY);
    CHECK_OK(clm_claim_urgency_of(&u, D(2026, 3, 17), D(2026, 3, 18), g_ru, NULL));
    assert_int_equal(u, CLM_CLAIM_OVERDUE);
    CHECK_OK(clm_claim_urgency_of(&u, CLM_CLAIM_NO_DATE, D(2026, 3, 18), g_ru, NULL));
    assert_int_equal(u, CLM_CLAIM_NOT_DUE);
}

/* ---- penalties --------------------------------------------------------------- */

static void test_penalty_consumer(void **state)
{
    (void)state;
    /* Art. 23: 1 % of the price a day. Refund due 12 Jan 2026, paid on
     * 22 Jan: delay 13..22 Jan = 10 days x 150.00 = 1500.00 RUB. */
    clm_claim_info in = consumer_info(D(2025, 12, 25), CLM_CLAIM_REFUND);
    clm_claim *c = new_claim(&in);
    clm_claim_penalty_result p;
    CHECK_OK(clm_claim_penalty(&p, c, g_ru, D(2026, 1, 22), NULL, 0, NULL));
    CHECK_I64(p.amount.amount, 150000);
    CHECK_STR(p.amount.currency, "RUB");
    assert_int_equal(p.days, 10);
    check_date(p.first_day, D(2026, 1, 13));
    check_date(p.last_day, D(2026, 1, 22));
    CHECK_STR(p.basis, "consumer-art23");
    /* Paid on the deadline: no delay. */
    CHECK_OK(clm_claim_penalty(&p, c, g_ru, D(2026, 1, 12), NULL, 0, NULL));
    CHECK_I64(p.amount.amount, 0);
    assert_int_equal(p.days, 0);
    clm_claim_free(c);
    /* A named rounding: 1 % of 999.99 x 3 days = 29.9997 -> 30.00 half-up,
     * 29.99 down. */
    in.price = RUB(99999);
    c = new_claim(&in);
    CHECK_OK(clm_claim_penalty(&p, c, g_ru, D(2026, 1, 15), NULL, 0, NULL));
    CHECK_I64(p.amount.amount, 3000);
    clm_claim_policy pol = CLM_CLAIM_POLICY_INIT;
    pol.rounding = CLM_ROUND_DOWN;
    CHECK_OK(clm_claim_penalty(&p, c, g_ru, D(2026, 1, 15), NULL, 0, &pol));
    CHECK_I64(p.amount.amount, 2999);
    clm_claim_free(c);
}

static clm_claim *outgoing(clm_date received, clm_date obligation_due, clm_rate rate,
                           int64_t cap)
{
    clm_claim_info in = consumer_info(received, CLM_CLAIM_PAYMENT);
    in.direction = CLM_CLAIM_OUTGOING;
    in.regime = CLM_CLAIM_REGIME_RU_BUSINESS;
    in.subject = CLM_CLAIM_LATE_PAYMENT;
    in.claimed = RUB(10000000); /* 100 000.00 RUB owed */
    in.price = RUB(10000000);
    in.contract_rate = rate;
    if (cap > 0)
        in.contract_cap = RUB(cap);
    in.obligation_due = obligation_due;
    return new_claim(&in);
}

static void test_penalty_contractual(void **state)
{
    (void)state;
    /* 0.1 % a day on 100 000.00, due 2 Feb 2026, paid 3 Mar 2026: delay
     * 3 Feb .. 3 Mar = 29 days, 100.00 x 29 = 2900.00 RUB. */
    clm_claim *c = outgoing(D(2026, 2, 10), D(2026, 2, 2), 1000, 0);
    clm_claim_penalty_result p;
    CHECK_OK(clm_claim_penalty(&p, c, g_ru, D(2026, 3, 3), NULL, 0, NULL));
    CHECK_I64(p.amount.amount, 290000);
    assert_int_equal(p.days, 29);
    CHECK_STR(p.basis, "contractual");
    clm_claim_free(c);
    /* Capped at 2000.00. */
    c = outgoing(D(2026, 2, 10), D(2026, 2, 2), 1000, 200000);
    CHECK_OK(clm_claim_penalty(&p, c, g_ru, D(2026, 3, 3), NULL, 0, NULL));
    CHECK_I64(p.amount.amount, 200000);
    CHECK_STR(p.basis, "contractual-capped");
    clm_claim_free(c);
}

static void test_penalty_key_rate(void **state)
{
    (void)state;
    clm_calendar *plain = NULL;
    CHECK_OK(clm_calendar_new(&plain, "plain"));
    /* Civil Code art. 395 on 100 000.00 owed since 30 Jun 2025, paid
     * 4 Aug 2025: 1-27 Jul at 20 % (27 days), 28 Jul - 4 Aug at 18 %
     * (8 days): 100000 x (0.20 x 27 + 0.18 x 8) / 365 = 1873.972... ->
     * 1873.97 RUB. */
    const clm_claim_key_rate rates[] = {
        { D(2023, 12, 18), 160000 }, { D(2025, 6, 9), 200000 }, { D(2025, 7, 28), 180000 },
    };
    clm_claim *c = outgoing(D(2025, 7, 10), D(2025, 6, 30), 0, 0);
    clm_claim_penalty_result p;
    CHECK_OK(clm_claim_penalty(&p, c, plain, D(2025, 8, 4), rates, 3, NULL));
    CHECK_I64(p.amount.amount, 187397);
    assert_int_equal(p.days, 35);
    CHECK_STR(p.basis, "key-rate-art395");
    clm_claim_free(c);
    /* Across a year end, 16 %: 30-31 Dec 2023 over 365, 1-2 Jan 2024 over
     * 366: 100000 x 0.16 x (2/365 + 2/366) = 175.1029... -> 175.10 RUB. */
    c = outgoing(D(2024, 1, 10), D(2023, 12, 29), 0, 0);
    CHECK_OK(clm_claim_penalty(&p, c, plain, D(2024, 1, 2), rates, 3, NULL));
    CHECK_I64(p.amount.amount, 17510);
    /* A table that starts after the delay does: refused. */
    CHECK_FAIL(clm_claim_penalty(&p, c, plain, D(2024, 1, 2), rates + 1, 2, NULL), CLM_ERANGE);
    /* Not ascending: refused. */
    const clm_claim_key_rate bad[] = { { D(2025, 1, 1), 1 }, { D(2024, 1, 1), 2 } };
    CHECK_FAIL(clm_claim_penalty(&p, c, plain, D(2024, 1, 2), bad, 2, NULL), CLM_EINVAL);
    clm_claim_free(c);
    clm_calendar_free(plain);
}

/* The Bank of Russia key rate, 2024 to February 2026, from the Board of
 * Directors' decisions as the Bank published them (press releases on the
 * key rate, www.cbr.ru): each decision, taken on a Friday, is in force
 * from the Monday after. docs/rules.md "Claims" lists the same table. */
static const clm_claim_key_rate KEY_RATES[] = {
    { 19709, 160000 }, /* 2023-12-18: 16 %, decision of 15 Dec 2023 */
    { 19933, 180000 }, /* 2024-07-29: 18 %, decision of 26 Jul 2024 */
    { 19982, 190000 }, /* 2024-09-16: 19 %, decision of 13 Sep 2024 */
    { 20024, 210000 }, /* 2024-10-28: 21 %, decision of 25 Oct 2024 */
    { 20248, 200000 }, /* 2025-06-09: 20 %, decision of 6 Jun 2025 */
    { 20297, 180000 }, /* 2025-07-28: 18 %, decision of 25 Jul 2025 */
    { 20346, 170000 }, /* 2025-09-15: 17 %, decision of 12 Sep 2025 */
    { 20388, 165000 }, /* 2025-10-27: 16.5 %, decision of 24 Oct 2025 */
    { 20444, 160000 }, /* 2025-12-22: 16 %, decision of 19 Dec 2025 */
    { 20500, 155000 }, /* 2026-02-16: 15.5 %, decision of 13 Feb 2026 */
};

static void test_key_rate_table(void **state)
{
    (void)state;
    /* The table's days are the Mondays after the decisions. */
    static const int from[][3] = {
        { 2023, 12, 18 }, { 2024, 7, 29 }, { 2024, 9, 16 }, { 2024, 10, 28 }, { 2025, 6, 9 },
        { 2025, 7, 28 },  { 2025, 9, 15 }, { 2025, 10, 27 }, { 2025, 12, 22 }, { 2026, 2, 16 },
    };
    size_t n = sizeof KEY_RATES / sizeof KEY_RATES[0];
    for (size_t i = 0; i < n; i++) {
        check_date(KEY_RATES[i].from, D(from[i][0], from[i][1], from[i][2]));
        assert_int_equal(clm_date_weekday(KEY_RATES[i].from), CLM_MONDAY);
    }
    clm_calendar *plain = NULL;
    CHECK_OK(clm_calendar_new(&plain, "plain"));
    clm_claim_penalty_result p;
    /* 100 000.00 RUB owed since 30 Jun 2024, paid 31 Oct 2024 (leap year,
     * 366): 1-28 Jul at 16 %, 29 Jul - 15 Sep at 18 % (49 days), 16 Sep -
     * 27 Oct at 19 % (42), 28-31 Oct at 21 % (4):
     * 100000 x (0.16 x 28 + 0.18 x 49 + 0.19 x 42 + 0.21 x 4) / 366 =
     * 6043.7158... -> 6043.72 RUB. */
    clm_claim *c = outgoing(D(2024, 7, 5), D(2024, 6, 30), 0, 0);
    CHECK_OK(clm_claim_penalty(&p, c, plain, D(2024, 10, 31), KEY_RATES, n, NULL));
    CHECK_I64(p.amount.amount, 604372);
    assert_int_equal(p.days, 123);
    clm_claim_free(c);
    /* The whole of 2025 (365 days): 159 days at 21 %, 49 at 20 %, 49 at
     * 18 %, 42 at 17 %, 56 at 16.5 %, 10 at 16 %: 19175.342... -> 19175.34. */
    c = outgoing(D(2025, 1, 10), D(2024, 12, 31), 0, 0);
    CHECK_OK(clm_claim_penalty(&p, c, plain, D(2025, 12, 31), KEY_RATES, n, NULL));
    CHECK_I64(p.amount.amount, 1917534);
    assert_int_equal(p.days, 365);
    clm_claim_free(c);
    /* 1 Dec 2025 - 28 Feb 2026: 21 days at 16.5 %, 10 + 46 at 16 % (across
     * the year end, both years of 365), 13 at 15.5 %:
     * 100000 x (0.165 x 21 + 0.16 x 56 + 0.155 x 13) / 365 = 3956.1643... ->
     * 3956.16 RUB. */
    c = outgoing(D(2025, 12, 5), D(2025, 11, 30), 0, 0);
    CHECK_OK(clm_claim_penalty(&p, c, plain, D(2026, 2, 28), KEY_RATES, n, NULL));
    CHECK_I64(p.amount.amount, 395616);
    assert_int_equal(p.days, 90);
    CHECK_STR(p.basis, "key-rate-art395");
    clm_claim_free(c);
    clm_calendar_free(plain);
}

/* ---- escalation ------------------------------------------------------------------ */

static void test_escalation(void **state)
{
    (void)state;
    clm_claim *c = claim_in(CLM_CLAIM_UNDER_ASSESSMENT);
    clm_claim *before = NULL;
    CHECK_OK(clm_claim_dup(&before, c));
    /* Someone else's claim, or the wrong role: refused. */
    clm_actor other = { "sidorov", "manager", 1767000000 };
    CHECK_FAIL(clm_claim_escalate(c, NULL, NULL, "petrova", "cannot settle", 0, &other, D(2026, 3, 4)),
               CLM_EPERM);
    CHECK_FAIL(clm_claim_escalate(c, NULL, NULL, "petrova", "cannot settle", 0, &HEAD, D(2026, 3, 4)),
               CLM_EPERM);
    assert_true(clm_claim_equal(c, before));
    /* sidorov deputises for ivanov from 4 to 10 March. */
    clm_delegations *dl = NULL;
    CHECK_OK(clm_delegations_new(&dl));
    CHECK_OK(clm_delegations_add(dl, "ivanov", "sidorov", D(2026, 3, 4), D(2026, 3, 10)));
    CHECK_OK(clm_claim_escalate(c, NULL, dl, "petrova", "client wants more than I may grant", 0,
                                &other, D(2026, 3, 4)));
    assert_int_equal(clm_claim_level(c), 1);
    CHECK_STR(clm_claim_handler(c), "petrova");
    /* The head escalates to the director. */
    CHECK_OK(clm_claim_escalate(c, NULL, NULL, "orlov", "legal risk", 0, &HEAD, D(2026, 3, 5)));
    assert_int_equal(clm_claim_level(c), 2);
    /* The top of the chain. */
    CHECK_FAIL(clm_claim_escalate(c, NULL, NULL, "nobody", "x", 0, &DIR, D(2026, 3, 5)), CLM_ESTATE);
    assert_int_equal(clm_claim_escalation_count(c), 2);
    clm_claim_escalation e;
    CHECK_OK(clm_claim_escalation_at(&e, c, 0));
    CHECK_STR(e.from_user, "ivanov");
    CHECK_STR(e.to_user, "petrova");
    CHECK_STR(e.by_user, "sidorov");
    CHECK_STR(e.by_role, "manager");
    assert_int_equal(e.automatic, 0);
    CHECK_OK(clm_claim_escalation_at(&e, c, 1));
    CHECK_STR(e.by_user, "petrova");
    assert_int_equal(e.to_level, 2);
    CHECK_FAIL(clm_claim_escalation_at(&e, c, 2), CLM_ERANGE);
    clm_delegations_free(dl);
    clm_claim_free(before);
    clm_claim_free(c);
}

static void test_escalation_due(void **state)
{
    (void)state;
    /* Refund received 2 Mar 2026, due Thu 12 Mar. Auto-escalation 1 working
     * day before: due on Wed 11 Mar, not on Tue 10 Mar. */
    clm_claim *c = claim_in(CLM_CLAIM_UNDER_ASSESSMENT);
    int due = -1;
    CHECK_OK(clm_claim_escalation_due(&due, c, g_ru, D(2026, 3, 10), NULL));
    assert_int_equal(due, 0);
    CHECK_OK(clm_claim_escalation_due(&due, c, g_ru, D(2026, 3, 11), NULL));
    assert_int_equal(due, 1);
    clm_claim_policy never = CLM_CLAIM_POLICY_INIT;
    never.auto_escalate_days = -1;
    CHECK_OK(clm_claim_escalation_due(&due, c, g_ru, D(2026, 3, 11), &never));
    assert_int_equal(due, 0);
    clm_actor sys = { "clm-deadline-rule", "manager", 1767000000 };
    CHECK_OK(clm_claim_escalate(c, NULL, NULL, "petrova", "deadline in 1 working day", 1, &sys,
                                D(2026, 3, 11)));
    clm_claim_escalation e;
    CHECK_OK(clm_claim_escalation_at(&e, c, 0));
    assert_int_equal(e.automatic, 1);
    CHECK_STR(e.by_user, "clm-deadline-rule");
    clm_claim_free(c);
}

/* ---- registration and bad input ------------------------------------------------ */

static void test_bad_registration(void **state)
{
    (void)state;
    clm_claim *c = (clm_claim *)0x1;
    clm_claim_info in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    in.form = (clm_claim_form)9;
    CHECK_FAIL(clm_claim_new(&c, "N-1", &in, g_regimes), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "form");
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    in.regime = "ru-nowhere";
    CHECK_FAIL(clm_claim_new(&c, "N-1", &in, g_regimes), CLM_ENOTFOUND);
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    CHECK_OK(clm_money_make(&in.price, 100, "USD"));
    CHECK_FAIL(clm_claim_new(&c, "N-1", &in, g_regimes), CLM_ECURRENCY);
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    in.claimed.amount = -1;
    CHECK_FAIL(clm_claim_new(&c, "N-1", &in, g_regimes), CLM_EINVAL);
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    in.concerns_id = NULL;
    CHECK_FAIL(clm_claim_new(&c, "N-1", &in, g_regimes), CLM_EINVAL);
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    in.client_id = " C-1";
    CHECK_FAIL(clm_claim_new(&c, "N-1", &in, g_regimes), CLM_EINVAL);
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    in.version = 2;
    CHECK_FAIL(clm_claim_new(&c, "N-1", &in, g_regimes), CLM_EVERSION);
    in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    CHECK_FAIL(clm_claim_new(&c, "", &in, g_regimes), CLM_EINVAL);
    assert_ptr_equal(c, (clm_claim *)0x1);
}

static void test_numbers(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(clm_claim_number_format(buf, sizeof buf, NULL, 2026, 42), 14);
    CHECK_STR(buf, "CL-2026-000042");
    clm_claim_policy p = CLM_CLAIM_POLICY_INIT;
    p.number_pattern = "{YYYY}/R{N}";
    assert_int_equal(clm_claim_number_format(buf, sizeof buf, &p, 2025, 1234567), 13);
    CHECK_STR(buf, "2025/R1234567");
    p.number_pattern = "Q{N:12}";
    assert_int_equal(clm_claim_number_format(buf, sizeof buf, &p, 2025, 7), 13);
    CHECK_STR(buf, "Q000000000007");
    static const char *const bad[] = { "CL-{YYYY}", "{N}{N}", "{N:0}", "{N:13}", "{X}", "A}{N}",
                                       " {N}", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        p.number_pattern = bad[i];
        CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2025, 1), CLM_EINVAL);
    }
    CHECK_FAIL(clm_claim_number_format(buf, 5, NULL, 2025, 1), CLM_EBUFSIZE);
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, NULL, 2025, 0), CLM_EINVAL);
}

static void test_regimes(void **state)
{
    (void)state;
    assert_int_equal(clm_claim_regimes_count(g_regimes), 2);
    const clm_claim_regime *r;
    CHECK_OK(clm_claim_regimes_find(&r, g_regimes, "ru-consumer"));
    assert_int_equal(r->resolution[CLM_CLAIM_REFUND].n, 10);        /* art. 22 */
    assert_int_equal(r->resolution[CLM_CLAIM_REPLACEMENT].n, 7);    /* art. 21 */
    assert_int_equal(r->quality_check.n, 20);                       /* art. 21 */
    assert_int_equal(r->resolution[CLM_CLAIM_REPAIR].n, 45);        /* art. 20 */
    CHECK_I64(r->penalty_rate, 10000);                              /* art. 23: 1 % */
    CHECK_OK(clm_claim_regimes_find(&r, g_regimes, "ru-business"));
    assert_int_equal(r->resolution_default.n, 30);                  /* APC art. 4 p. 5 */
    assert_int_equal(r->resolution_default.unit, CLM_TERM_DAYS);
    clm_claim_regimes *set = NULL;
    CHECK_OK(clm_claim_regimes_new(&set));
    clm_claim_regime x = CLM_CLAIM_REGIME_INIT;
    x.id = "kz-consumer";
    x.acknowledgement.n = 3;
    x.acknowledgement.unit = CLM_TERM_WORKING_DAYS;
    x.resolution_default.n = 15;
    x.resolution_default.unit = CLM_TERM_DAYS;
    CHECK_OK(clm_claim_regimes_add(set, &x));
    CHECK_FAIL(clm_claim_regimes_add(set, &x), CLM_EEXISTS);
    x.id = "bad";
    x.resolution_default.unit = (clm_term_unit)7;
    CHECK_FAIL(clm_claim_regimes_add(set, &x), CLM_EINVAL);
    assert_int_equal(clm_claim_regimes_count(set), 3);
    clm_claim_regimes_free(set);
}

/* ---- the codec ------------------------------------------------------------- */

static clm_claim *full_claim(void)
{
    clm_claim_info in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REPLACEMENT);
    in.description = "Kettle leaks.\tSee photo\\1.\nSecond line.";
    clm_claim *c = new_claim(&in);
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, D(2026, 3, 2), NULL, NULL));
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_AWAITING_CLIENT, &MGR, D(2026, 3, 3), "photos", NULL));
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_UNDER_INVESTIGATION, &MGR, D(2026, 3, 5), NULL, NULL));
    CHECK_OK(clm_claim_change_demand(c, CLM_CLAIM_REFUND, 0, g_regimes, &MGR, D(2026, 3, 5)));
    CHECK_OK(clm_claim_set_cause(c, "bad seal from the supplier", CLM_CLAIM_PARTY_SUPPLIER, &MGR,
                                 D(2026, 3, 6)));
    CHECK_OK(clm_claim_escalate(c, NULL, NULL, "petrova", "refund above my limit", 0, &MGR,
                                D(2026, 3, 6)));
    clm_money g = RUB(1000000);
    CHECK_OK(clm_claim_decide(c, CLM_CLAIM_PARTLY_ACCEPTED, &g, "partial refund", &HEAD,
                              D(2026, 3, 10)));
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_REMEDY_IN_PROGRESS, &HEAD, D(2026, 3, 10), NULL, NULL));
    CHECK_OK(clm_claim_inform(c, CLM_CLAIM_EMAIL, "We refund 10000.00 RUB.", &HEAD, D(2026, 3, 11)));
    return c;
}

static void test_codec_round_trip(void **state)
{
    (void)state;
    clm_claim *c = full_claim();
    char *buf = NULL;
    size_t len = 0;
    CHECK_OK(clm_claim_encode(&buf, &len, c));
    assert_int_equal(strlen(buf), len);
    clm_claim *back = NULL;
    CHECK_OK(clm_claim_decode(&back, buf, len));
    assert_true(clm_claim_equal(c, back));
    CHECK_STR(clm_claim_info_get(back)->description, "Kettle leaks.\tSee photo\\1.\nSecond line.");
    clm_claim_deadlines a = deadlines(c, D(2026, 3, 12)), b = deadlines(back, D(2026, 3, 12));
    assert_memory_equal(&a, &b, sizeof a);
    clm_claim_free(back);
    clm_free(buf);
    clm_claim_free(c);
}

static void test_codec_rejects(void **state)
{
    (void)state;
    clm_claim *c = full_claim();
    char *buf = NULL;
    size_t len = 0;
    CHECK_OK(clm_claim_encode(&buf, &len, c));
    clm_claim *out = (clm_claim *)0x1;
    /* An unknown name: the line and the field are named. */
    char *bad = strdup(buf);
    char *p = strstr(bad, "\tpartly_accepted\t");
    assert_non_null(p);
    memcpy(p + 1, "partly_acceptex", 15);
    CHECK_FAIL(clm_claim_decode(&out, bad, len), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "outcome");
    assert_true(clm_error_last()->line > 1);
    free(bad);
    /* A claim past client_informed without its notice: refused. */
    bad = strdup(buf);
    p = strstr(bad, "\nnotice\t");
    assert_non_null(p);
    char *e = strchr(p + 1, '\n');
    memmove(p, e, strlen(e) + 1);
    CHECK_FAIL(clm_claim_decode(&out, bad, strlen(bad)), CLM_EPARSE);
    CHECK_STR(clm_error_last()->field, "notice");
    free(bad);
    /* Truncated: no end line. */
    CHECK_FAIL(clm_claim_decode(&out, buf, len - 4), CLM_EPARSE);
    /* A repeated line. */
    size_t n2 = len + 64;
    bad = malloc(n2);
    int k = snprintf(bad, n2, "%.*s", (int)(strstr(buf, "\nend\n") - buf + 1), buf);
    k += snprintf(bad + k, n2 - (size_t)k, "handler\tx\t0\nend\n");
    CHECK_FAIL(clm_claim_decode(&out, bad, (size_t)k), CLM_EPARSE);
    free(bad);
    assert_ptr_equal(out, (clm_claim *)0x1);
    clm_free(buf);
    clm_claim_free(c);
}


/* ---- the report --------------------------------------------------------------- */

static clm_claim *resolved_claim(const char *client, clm_date received, clm_claim_demand demand,
                                 clm_claim_outcome outcome, const char *cause,
                                 clm_claim_party party, clm_date informed)
{
    clm_claim_info in = consumer_info(received, demand);
    in.client_id = client;
    clm_claim *c = new_claim(&in);
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_ACKNOWLEDGED, &MGR, received, NULL, NULL));
    if (informed == CLM_CLAIM_NO_DATE)
        return c;
    CHECK_OK(clm_claim_move(c, CLM_CLAIM_UNDER_ASSESSMENT, &MGR, received, NULL, NULL));
    CHECK_OK(clm_claim_set_cause(c, cause, party, &MGR, received));
    clm_money g = RUB(outcome == CLM_CLAIM_REJECTED ? 0 : 1500000);
    CHECK_OK(clm_claim_decide(c, outcome, &g, "reasons", &MGR, informed));
    CHECK_OK(clm_claim_inform(c, CLM_CLAIM_PHONE, "told", &MGR, informed));
    return c;
}

static void test_report(void **state)
{
    (void)state;
    clm_claim *c[5];
    /* Refunds due Thu 12 Mar 2026: one paid on 10 Mar (in term, 8 days),
     * one on 16 Mar (4 days late: 4 x 1 % x 15000.00 = 600.00; 14 days). */
    c[0] = resolved_claim("C-1", D(2026, 3, 2), CLM_CLAIM_REFUND, CLM_CLAIM_ACCEPTED, "defect",
                          CLM_CLAIM_PARTY_SUPPLIER, D(2026, 3, 10));
    c[1] = resolved_claim("C-2", D(2026, 3, 2), CLM_CLAIM_REFUND, CLM_CLAIM_ACCEPTED, "defect",
                          CLM_CLAIM_PARTY_SUPPLIER, D(2026, 3, 16));
    /* A replacement refused in 2 days. */
    c[2] = resolved_claim("C-3", D(2026, 3, 3), CLM_CLAIM_REPLACEMENT, CLM_CLAIM_REJECTED, "misuse",
                          CLM_CLAIM_PARTY_CLIENT, D(2026, 3, 5));
    /* An open repair, and one outside the period. */
    c[3] = resolved_claim("C-4", D(2026, 3, 4), CLM_CLAIM_REPAIR, 0, NULL, 0, CLM_CLAIM_NO_DATE);
    c[4] = resolved_claim("C-5", D(2026, 4, 20), CLM_CLAIM_REPAIR, 0, NULL, 0, CLM_CLAIM_NO_DATE);
    /* C-1 bought again after its claim; C-3 only before. */
    const clm_claim_purchase buys[] = { { "C-1", D(2026, 4, 1) }, { "C-3", D(2026, 3, 1) } };
    clm_claim_report *r = NULL;
    CHECK_OK(clm_claim_report_new(&r, (const clm_claim *const *)c, 5, D(2026, 3, 1), D(2026, 3, 31),
                                  CLM_CLAIM_BY_CAUSE, buys, 2, g_ru, NULL, 0, NULL));
    assert_int_equal(clm_claim_report_count(r), 3);
    clm_claim_report_row row;
    CHECK_OK(clm_claim_report_row_at(&row, r, 0));
    CHECK_STR(row.key, "(none)");
    CHECK_I64(row.received, 1);
    CHECK_I64(row.resolved, 0);
    assert_int_equal(row.median_days, -1);
    CHECK_OK(clm_claim_report_row_at(&row, r, 1));
    CHECK_STR(row.key, "defect");
    CHECK_I64(row.received, 2);
    CHECK_I64(row.satisfied, 2);
    CHECK_I64(row.claimed.amount, 3000000);
    CHECK_I64(row.granted.amount, 3000000);
    CHECK_I64(row.penalties.amount, 60000);
    CHECK_I64(row.resolved, 2);
    CHECK_I64(row.resolved_in_term, 1);
    assert_int_equal(row.median_days, 8);
    CHECK_I64(row.retained, 1);
    CHECK_OK(clm_claim_report_row_at(&row, r, 2));
    CHECK_STR(row.key, "misuse");
    CHECK_I64(row.satisfied, 0);
    CHECK_I64(row.granted.amount, 0);
    CHECK_I64(row.resolved_in_term, 1);
    assert_int_equal(row.median_days, 2);
    CHECK_I64(row.retained, 0);
    CHECK_OK(clm_claim_report_total(&row, r));
    CHECK_I64(row.received, 4);
    CHECK_I64(row.satisfied, 2);
    CHECK_I64(row.claimed.amount, 6000000);
    CHECK_I64(row.penalties.amount, 60000);
    CHECK_I64(row.resolved, 3);
    CHECK_I64(row.resolved_in_term, 2);
    assert_int_equal(row.median_days, 8);
    CHECK_FAIL(clm_claim_report_row_at(&row, r, 3), CLM_ERANGE);
    clm_claim_report_free(r);
    /* By party at fault and by outcome. */
    CHECK_OK(clm_claim_report_new(&r, (const clm_claim *const *)c, 5, D(2026, 3, 1), D(2026, 3, 31),
                                  CLM_CLAIM_BY_PARTY, NULL, 0, g_ru, NULL, 0, NULL));
    assert_int_equal(clm_claim_report_count(r), 3);
    CHECK_OK(clm_claim_report_row_at(&row, r, 1));
    CHECK_STR(row.key, "client");
    CHECK_OK(clm_claim_report_row_at(&row, r, 2));
    CHECK_STR(row.key, "supplier");
    CHECK_I64(row.received, 2);
    clm_claim_report_free(r);
    CHECK_OK(clm_claim_report_new(&r, (const clm_claim *const *)c, 5, D(2026, 1, 1), D(2026, 12, 31),
                                  CLM_CLAIM_BY_OUTCOME, NULL, 0, g_ru, NULL, 0, NULL));
    CHECK_OK(clm_claim_report_row_at(&row, r, 1));
    CHECK_STR(row.key, "accepted");
    CHECK_OK(clm_claim_report_total(&row, r));
    CHECK_I64(row.received, 5);
    clm_claim_report_free(r);
    clm_claim_report *none = NULL;
    CHECK_FAIL(clm_claim_report_new(&none, (const clm_claim *const *)c, 5, D(2026, 3, 31),
                                    D(2026, 3, 1), CLM_CLAIM_BY_CAUSE, NULL, 0, g_ru, NULL, 0, NULL),
               CLM_EINVAL);
    assert_null(none);
    for (int i = 0; i < 5; i++)
        clm_claim_free(c[i]);
}

/* ---- regimes in XML ----------------------------------------------------------- */

static const char KZ[] =
    "<claim-regimes xmlns=\"urn:libclm:claim-regimes:1\">\n"
    "  <regime id=\"kz-consumer\" name=\"KZ consumer\" penalty=\"consumer\"\n"
    "          penalty-rate=\"1%\" agreed-max=\"30\" agreed-demands=\"repair\">\n"
    "    <acknowledgement n=\"3\" unit=\"working-days\"/>\n"
    "    <resolution n=\"15\" unit=\"days\"/>\n"
    "    <resolution demand=\"replacement\" n=\"7\" unit=\"days\"/>\n"
    "    <quality-check n=\"20\" unit=\"days\"/>\n"
    "    <out-of-stock n=\"1\" unit=\"months\"/>\n"
    "  </regime>\n"
    "  <regime id=\"supply-contract\" penalty=\"contractual\">\n"
    "    <acknowledgement n=\"2\" unit=\"working-days\"/>\n"
    "    <response n=\"10\" unit=\"working-days\"/>\n"
    "    <resolution n=\"1\" unit=\"months\"/>\n"
    "  </regime>\n"
    "</claim-regimes>\n";

static void test_regimes_xml(void **state)
{
    (void)state;
    clm_claim_regimes *set = NULL;
    CHECK_OK(clm_claim_regimes_new(&set));
    CHECK_OK(clm_claim_regimes_load_xml(set, KZ, strlen(KZ), "kz.xml", NULL));
    assert_int_equal(clm_claim_regimes_count(set), 4);
    const clm_claim_regime *r;
    CHECK_OK(clm_claim_regimes_find(&r, set, "kz-consumer"));
    assert_int_equal(r->acknowledgement.n, 3);
    assert_int_equal(r->acknowledgement.unit, CLM_TERM_WORKING_DAYS);
    assert_int_equal(r->resolution_default.n, 15);
    assert_int_equal(r->resolution[CLM_CLAIM_REPLACEMENT].n, 7);
    assert_int_equal(r->quality_check.n, 20);
    assert_int_equal(r->out_of_stock.n, 1);
    assert_int_equal(r->out_of_stock.unit, CLM_TERM_MONTHS);
    CHECK_I64(r->penalty_rate, 10000);
    assert_int_equal(r->agreed_demands, 1u << CLM_CLAIM_REPAIR);
    /* A claim under the user's regime: 1 month from 31 Jan 2026 is
     * Sat 28 Feb (art. 192 p. 3), then Mon 2 Mar 2026 (art. 193); the
     * response in 10 working days is 13 Feb. */
    clm_claim_info in = consumer_info(D(2026, 1, 31), CLM_CLAIM_PAYMENT);
    in.regime = "supply-contract";
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_new(&c, "S-1", &in, set));
    clm_claim_deadlines d;
    CHECK_OK(clm_claim_deadlines_get(&d, c, g_ru, D(2026, 1, 31)));
    check_date(d.resolution, D(2026, 3, 2));
    check_date(d.response, D(2026, 2, 13));
    clm_claim_free(c);
    /* Loading it again: every id exists; nothing changes. */
    CHECK_FAIL(clm_claim_regimes_load_xml(set, KZ, strlen(KZ), "kz.xml", NULL), CLM_EEXISTS);
    assert_int_equal(clm_claim_regimes_count(set), 4);
    clm_claim_regimes_free(set);

    /* An unknown unit: the line and the attribute are named, and the
     * regime before it in the same file is not added either. */
    CHECK_OK(clm_claim_regimes_new(&set));
    char bad[sizeof KZ + 16];
    snprintf(bad, sizeof bad, "%s", KZ);
    char *p = strstr(strstr(bad, "supply-contract"), "unit=\"months\"");
    memcpy(p, "unit=\"moons\" ", 13);
    CHECK_FAIL(clm_claim_regimes_load_xml(set, bad, strlen(bad), "bad.xml", NULL), CLM_EINVAL);
    assert_int_equal(clm_error_last()->line, 13);
    CHECK_STR(clm_error_last()->field, "unit");
    assert_non_null(strstr(clm_error_last()->message, "moons"));
    assert_int_equal(clm_claim_regimes_count(set), 2);
    /* An unknown demand, and a shape the schema refuses. */
    snprintf(bad, sizeof bad, "%s", KZ);
    p = strstr(bad, "demand=\"replacement\"");
    memcpy(p, "demand=\"exchange\"   ", 20);
    CHECK_FAIL(clm_claim_regimes_load_xml(set, bad, strlen(bad), "bad.xml", NULL), CLM_EINVAL);
    assert_int_equal(clm_error_last()->line, 6);
    const char *noack = "<claim-regimes xmlns=\"urn:libclm:claim-regimes:1\"><regime id=\"x\" "
                        "penalty=\"none\"><resolution n=\"1\" unit=\"days\"/></regime></claim-regimes>";
    CHECK_FAIL(clm_claim_regimes_load_xml(set, noack, strlen(noack), NULL, NULL), CLM_ESCHEMA);
    assert_int_equal(clm_claim_regimes_count(set), 2);
    clm_claim_regimes_free(set);
}

static int op_regimes_xml(void *st)
{
    (void)st;
    clm_claim_regimes *r = NULL;
    int rc = clm_claim_regimes_new(&r);
    if (rc == 0)
        rc = clm_claim_regimes_load_xml(r, KZ, strlen(KZ), "kz.xml", NULL);
    clm_claim_regimes_free(r);
    return rc;
}

/* ---- OOM --------------------------------------------------------------------- */

typedef struct oom_state {
    clm_claim *c;
    clm_claim *copy;
    char *buf;
    size_t len;
} oom_state;

static void *oom_setup(void)
{
    oom_state *s = calloc(1, sizeof *s);
    s->c = claim_in(CLM_CLAIM_UNDER_ASSESSMENT);
    clm_claim_dup(&s->copy, s->c);
    clm_claim_encode(&s->buf, &s->len, s->c);
    return s;
}

static bool oom_unchanged(void *st)
{
    oom_state *s = st;
    return clm_claim_equal(s->c, s->copy);
}

static void oom_teardown(void *st)
{
    oom_state *s = st;
    clm_claim_free(s->c);
    clm_claim_free(s->copy);
    clm_free(s->buf);
    free(s);
}

static int op_new(void *st)
{
    (void)st;
    clm_claim_info in = consumer_info(D(2026, 3, 2), CLM_CLAIM_REFUND);
    in.description = "text";
    clm_claim *c = NULL;
    int rc = clm_claim_new(&c, "N-1", &in, g_regimes);
    clm_claim_free(c);
    return rc;
}

static int op_move(void *st)
{
    return clm_claim_move(((oom_state *)st)->c, CLM_CLAIM_AWAITING_CLIENT, &MGR, D(2026, 3, 4),
                          "wait", NULL);
}

static int op_decide(void *st)
{
    clm_money g = RUB(1);
    return clm_claim_decide(((oom_state *)st)->c, CLM_CLAIM_PARTLY_ACCEPTED, &g, "r", &MGR,
                            D(2026, 3, 4));
}

static int op_escalate(void *st)
{
    return clm_claim_escalate(((oom_state *)st)->c, NULL, NULL, "petrova", "r", 0, &MGR,
                              D(2026, 3, 4));
}

static int op_demand(void *st)
{
    return clm_claim_change_demand(((oom_state *)st)->c, CLM_CLAIM_REPAIR, 0, g_regimes, &MGR,
                                   D(2026, 3, 4));
}

static int op_cause(void *st)
{
    return clm_claim_set_cause(((oom_state *)st)->c, "c", CLM_CLAIM_PARTY_CARRIER, &MGR,
                               D(2026, 3, 4));
}

static void *oom_setup_decided(void)
{
    oom_state *s = calloc(1, sizeof *s);
    s->c = claim_in(CLM_CLAIM_DECIDED);
    clm_claim_dup(&s->copy, s->c);
    return s;
}

static int op_inform(void *st)
{
    return clm_claim_inform(((oom_state *)st)->c, CLM_CLAIM_PHONE, "told", &MGR, D(2026, 3, 4));
}

static int op_codec(void *st)
{
    oom_state *s = st;
    char *buf = NULL;
    size_t len = 0;
    int rc = clm_claim_encode(&buf, &len, s->c);
    clm_claim *back = NULL;
    if (rc == 0)
        rc = clm_claim_decode(&back, buf, len);
    clm_claim_free(back);
    clm_free(buf);
    return rc;
}

static int op_regimes(void *st)
{
    (void)st;
    clm_claim_regimes *r = NULL;
    int rc = clm_claim_regimes_new(&r);
    clm_claim_regimes_free(r);
    return rc;
}

typedef struct rstate {
    clm_claim *c[3];
} rstate;

static void *oom_setup_report(void)
{
    rstate *s = calloc(1, sizeof *s);
    s->c[0] = resolved_claim("C-1", D(2026, 3, 2), CLM_CLAIM_REFUND, CLM_CLAIM_ACCEPTED, "defect",
                             CLM_CLAIM_PARTY_SUPPLIER, D(2026, 3, 16));
    s->c[1] = resolved_claim("C-2", D(2026, 3, 3), CLM_CLAIM_REFUND, CLM_CLAIM_REJECTED, "misuse",
                             CLM_CLAIM_PARTY_CLIENT, D(2026, 3, 5));
    s->c[2] = resolved_claim("C-3", D(2026, 3, 4), CLM_CLAIM_REPAIR, 0, NULL, 0, CLM_CLAIM_NO_DATE);
    return s;
}

static void oom_teardown_report(void *st)
{
    rstate *s = st;
    for (int i = 0; i < 3; i++)
        clm_claim_free(s->c[i]);
    free(s);
}

static int op_report(void *st)
{
    rstate *s = st;
    clm_claim_report *r = NULL;
    int rc = clm_claim_report_new(&r, (const clm_claim *const *)s->c, 3, D(2026, 3, 1),
                                  D(2026, 3, 31), CLM_CLAIM_BY_CAUSE, NULL, 0, g_ru, NULL, 0, NULL);
    clm_claim_report_free(r);
    return rc;
}

static void test_oom(void **state)
{
    oom_case rep = { oom_setup_report, op_report, NULL, oom_teardown_report };
    assert_true(oom_check(&rep) >= 2);
    (void)state;
    int (*ops[])(void *) = { op_move, op_decide, op_escalate, op_demand, op_cause, op_codec };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        oom_case c = { oom_setup, ops[i], oom_unchanged, oom_teardown };
        assert_true(oom_check(&c) >= 1);
    }
    oom_case n = { NULL, op_new, NULL, NULL };
    assert_true(oom_check(&n) >= 1);
    oom_case r = { NULL, op_regimes, NULL, NULL };
    assert_true(oom_check(&r) >= 1);
    oom_case rx = { NULL, op_regimes_xml, NULL, NULL };
    assert_true(oom_check(&rx) >= 1);
    oom_case inf = { oom_setup_decided, op_inform, oom_unchanged, oom_teardown };
    assert_true(oom_check(&inf) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vocabulary),
        cmocka_unit_test(test_every_pair),
        cmocka_unit_test(test_decided_and_informed_need_their_calls),
        cmocka_unit_test(test_notice_before_closing),
        cmocka_unit_test(test_decision_amounts),
        cmocka_unit_test(test_reopen_period),
        cmocka_unit_test(test_deadlines_consumer),
        cmocka_unit_test(test_deadlines_business),
        cmocka_unit_test(test_deadlines_2024_vectors),
        cmocka_unit_test(test_pause_extends),
        cmocka_unit_test(test_changed_demand_restarts),
        cmocka_unit_test(test_urgency),
        cmocka_unit_test(test_penalty_consumer),
        cmocka_unit_test(test_penalty_contractual),
        cmocka_unit_test(test_penalty_key_rate),
        cmocka_unit_test(test_key_rate_table),
        cmocka_unit_test(test_escalation),
        cmocka_unit_test(test_escalation_due),
        cmocka_unit_test(test_bad_registration),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_regimes),
        cmocka_unit_test(test_deadlines_out_of_stock),
        cmocka_unit_test(test_codec_round_trip),
        cmocka_unit_test(test_codec_rejects),
        cmocka_unit_test(test_regimes_xml),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
