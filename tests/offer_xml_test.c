/*
 * offer_xml_test.c — offers and contracts to and from XML
 * (clm/offer_xml.h): round trips in every kind of state, a sent offer's
 * figures surviving a policy change through a save and a load, bad input
 * with the line at fault, files, and the OOM walk.
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

static clm_date ACC;

/* Saves o, loads it back, checks equality and that a second save gives the
 * same bytes; returns the text (caller frees). */
static char *offer_round_trip(const clm_offer *o)
{
    char *x, *y;
    size_t lx, ly;
    CHECK_OK(clm_offer_save_xml(&x, &lx, o));
    clm_offer *back = NULL;
    CHECK_OK(clm_offer_load_xml(&back, x, lx, "rt.xml", NULL));
    if (!clm_offer_equal(o, back))
        fail_msg("offer %s: not equal after a round trip:\n%s", clm_offer_id(o), x);
    CHECK_OK(clm_offer_save_xml(&y, &ly, back));
    assert_int_equal(lx, ly);
    assert_string_equal(x, y);
    clm_free(y);
    clm_offer_free(back);
    return x;
}

static clm_contract *negotiated(void)
{
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = "K-1";
    info.obligatory = 1;
    clm_contract *c;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    CHECK_OK(clm_contract_from_offer(&c, o, &info, &m));
    clm_offer_free(o);
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = "4.2";
    d.draft = "payment within 14 days";
    d.client = "payment within 30 days\nof delivery";
    d.received_on = ACC + 1;
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
    d.clause = NULL;
    d.line = 1;
    d.draft = NULL;
    d.client = "100.00 per tonne";
    d.has_figure = 1;
    d.figure = 50000;
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
    d.line = 0;
    d.client = "420.00 per tonne";
    d.figure = 420000;
    CHECK_OK(clm_contract_dispute(NULL, c, &m, &d));
    clm_actor h = fx_who("petrova", "head_of_department", ACC + 2);
    CHECK_OK(clm_contract_answer(c, &h, 0, "payment within 21 days", 0, 0));
    CHECK_OK(clm_contract_settle(c, &h, 0, CLM_CONTRACT_ANSWER, "agreed by phone"));
    CHECK_OK(clm_contract_answer(c, &h, 1, "110.00 per tonne", 1, 52000));
    clm_contract_special s = CLM_CONTRACT_SPECIAL_INIT;
    s.kind = CLM_CONTRACT_ACCELERATED;
    s.text = "delivery within 2 days";
    s.days = 2;
    CHECK_OK(clm_contract_add_special(c, &m, &s));
    s.kind = CLM_CONTRACT_INDIVIDUAL;
    s.text = "3 % on every order";
    s.days = 0;
    s.rate = 30000;
    CHECK_OK(clm_contract_add_special(c, &m, &s));
    return c;
}

static void test_offer_round_trip(void **state)
{
    (void)state;
    clm_offer *os[] = {
        fx_draft("O-1", "C-1", "ivanov"),
        fx_priced("O-2", "C-1", "ivanov"),
        fx_approved("O-3", "C-1", "ivanov"),
        fx_sent("O-4", "C-1", "ivanov"),
        fx_accepted("O-5", "C-1", "ivanov"),
    };
    /* a manual price with a cost, a group and a fractional quantity */
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "GRAVEL";
    l.group = "bulk & loose <5-20 mm>";
    l.quantity = 2500;
    clm_money_make(&l.unit_price, 30000, "RUB");
    clm_money_make(&l.unit_cost, 21000, "RUB");
    l.has_cost = 1;
    l.manual_rate = 15000;
    CHECK_OK(clm_offer_add_line(NULL, os[0], &l));
    /* a withdrawn one (art. 435) and a pending override */
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_actor cfo = fx_who("kuznetsova", "cfo", ACC);
    CHECK_OK(clm_offer_credit_override(os[2], &cfo, fx_credit, "trusted \"client\""));
    for (size_t i = 0; i < 5; i++)
        clm_free(offer_round_trip(os[i]));
    CHECK_OK(clm_offer_withdraw(os[3], &m, ACC, "prices changed"));
    clm_free(offer_round_trip(os[3]));
    /* a counter-offer from the client, linked both ways (art. 443) */
    clm_offer *sent = fx_sent("O-6", "C-1", "ivanov"), *counter;
    CHECK_OK(clm_offer_counter_draft(&counter, sent, "O-6-C", &m));
    clm_free(offer_round_trip(counter));
    clm_offer_free(counter);
    clm_offer_free(sent);
    char *x = offer_round_trip(os[4]);
    assert_non_null(strstr(x, "xmlns=\"urn:libclm:offer:1\""));
    assert_non_null(strstr(x, "policy-version=\"2025-12\""));
    assert_non_null(strstr(x, "net=\"4590.00 RUB\""));
    clm_free(x);
    for (size_t i = 0; i < 5; i++)
        clm_offer_free(os[i]);
    assert_non_null(clm_xml_schema("offer"));
}

/* A sent offer's figures survive a policy change and a reload. */
static void test_snapshot_survives(void **state)
{
    (void)state;
    clm_offer *o = fx_sent("O-1", "C-1", "ivanov");
    char *x;
    size_t n;
    CHECK_OK(clm_offer_save_xml(&x, &n, o));
    /* the policy changes: 20 % instead of 10 %; a new version prices at it */
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "wholesale-2026", "RUB"));
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "all";
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = 20 * CLM_RATE_PERCENT;
    CHECK_OK(clm_discount_policy_add_rule(NULL, p, &r));
    clm_offer *back;
    CHECK_OK(clm_offer_load_xml(&back, x, n, NULL, NULL));
    assert_true(clm_offer_equal(o, back));
    CHECK_I64(clm_offer_totals(back)->net, 459000);
    CHECK_I64(clm_offer_line_price_at(back, 0)->result.net, 405000);
    /* and it still cannot be re-priced in place */
    clm_offer_pricing pr = CLM_OFFER_PRICING_INIT;
    pr.engine = fx_engine;
    clm_discount_client dc = { .id = "C-1", .since = CLM_DISCOUNT_NO_DATE };
    pr.client = &dc;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    CHECK_FAIL(clm_offer_price(back, &m, &pr), CLM_ESTATE);
    CHECK_I64(clm_offer_totals(back)->net, 459000);
    clm_discount_policy_free(p);
    clm_offer_free(back);
    clm_offer_free(o);
    clm_free(x);
}

static void test_contract_round_trip(void **state)
{
    (void)state;
    clm_contract *c = negotiated();
    char *x, *y;
    size_t lx, ly;
    CHECK_OK(clm_contract_save_xml(&x, &lx, c));
    clm_contract *back;
    CHECK_OK(clm_contract_load_xml(&back, x, lx, NULL, NULL));
    if (!clm_contract_equal(c, back))
        fail_msg("contract not equal after a round trip:\n%s", x);
    CHECK_OK(clm_contract_save_xml(&y, &ly, back));
    assert_string_equal(x, y);
    clm_free(x);
    clm_free(y);
    clm_contract_free(back);
    /* settled, concluded, invoiced, renewed */
    clm_actor h = fx_who("petrova", "head_of_department", ACC + 3);
    CHECK_OK(clm_contract_settle(c, &h, 1, CLM_CONTRACT_CLIENT, NULL));
    CHECK_OK(clm_contract_settle(c, &h, 2, CLM_CONTRACT_COMPANY, NULL));
    CHECK_OK(clm_contract_agree(c, &h));
    CHECK_OK(clm_contract_conclude(c, &h, ACC + 3));
    CHECK_OK(clm_contract_invoice(c, &h, 100000));
    clm_contract *next;
    CHECK_OK(clm_contract_renew(&next, c, "K-2", &h));
    clm_contract *all[] = { c, next };
    for (size_t i = 0; i < 2; i++) {
        CHECK_OK(clm_contract_save_xml(&x, &lx, all[i]));
        CHECK_OK(clm_contract_load_xml(&back, x, lx, NULL, NULL));
        if (!clm_contract_equal(all[i], back))
            fail_msg("contract not equal after a round trip:\n%s", x);
        int64_t a, b;
        CHECK_OK(clm_contract_amount(&a, all[i]));
        CHECK_OK(clm_contract_amount(&b, back));
        CHECK_I64(a, b);
        clm_contract_free(back);
        clm_free(x);
    }
    clm_contract_free(next);
    clm_contract_free(c);
}

/* ---- bad input: a clear error with the line, nothing returned -------------------------------- */

/* Replaces the first `from` in the saved text by `to` and loads it. */
static void bad_offer(const char *from, const char *to, int code, int line, const char *field)
{
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    char *x;
    CHECK_OK(clm_offer_save_xml(&x, NULL, o));
    char *at = strstr(x, from);
    if (at == NULL)
        fail_msg("\"%s\" not in:\n%s", from, x);
    size_t n = strlen(x) - strlen(from) + strlen(to);
    char *y = malloc(n + 1);
    memcpy(y, x, (size_t)(at - x));
    strcpy(y + (at - x), to);
    strcat(y, at + strlen(from));
    clm_offer *back = (clm_offer *)0x1;
    clm_error_clear();
    int rc = clm_offer_load_xml(&back, y, n, "bad.xml", NULL);
    if (rc != code)
        fail_msg("%s -> %s: rc %d (%s), expected %d", from, to, rc, clm_error_last()->message,
                 code);
    assert_ptr_equal(back, (clm_offer *)0x1);
    const clm_error *e = clm_error_last();
    if (line > 0 && e->line != line)
        fail_msg("%s -> %s: line %d, expected %d (%s)", from, to, e->line, line, e->message);
    if (field != NULL)
        CHECK_STR(e->field, field);
    CHECK_STR(e->source, "bad.xml");
    free(y);
    clm_free(x);
    clm_offer_free(o);
}

static void test_bad_input(void **state)
{
    (void)state;
    /* line 2 is <offer>; lines 3-4 the two lines; 5 <pricing>, then ladder
     * (4 roles), totals on 10, priced on 11-12 */
    bad_offer("state=\"accepted\"", "state=\"signed\"", CLM_ESCHEMA, 2, "state");
    bad_offer("verdict=\"in-time\"", "verdict=\"on-time\"", CLM_ESCHEMA, 2, "verdict");
    bad_offer("currency=\"RUB\"", "currency=\"XXZ\"", CLM_ECURRENCY, 2, "currency");
    bad_offer("quantity=\"10\"", "quantity=\"0\"", CLM_EINVAL, 3, "quantity");
    bad_offer("prepayment=\"0%\"", "prepayment=\"101%\"", CLM_EINVAL, 2, "prepayment");
    bad_offer("base=\"4500.00 RUB\"", "base=\"4500.00 USD\"", CLM_ECURRENCY, 11, "base");
    bad_offer("net=\"4050.00 RUB\"", "net=\"4000.00 RUB\"", CLM_ESCHEMA, 5, "net");
    bad_offer("source=\"price-list\"", "source=\"catalogue\"", CLM_ESCHEMA, 11, "source");
    bad_offer("kind=\"applied\"", "kind=\"used\"", CLM_ESCHEMA, 0, "kind");
    bad_offer("decision=\"allow\"", "decision=\"maybe\"", CLM_ESCHEMA, 0, "decision");
    bad_offer("action=\"send\"", "action=\"mail\"", CLM_ESCHEMA, 0, "action");
    bad_offer("from=\"approved\"", "from=\"ready\"", CLM_ESCHEMA, 0, "from");
    bad_offer("revision=\"1\"", "revision=\"0\"", CLM_EINVAL, 2, "revision");
    bad_offer("user=\"ivanov\"", "user=\" ivanov\"", CLM_ESCHEMA, 0, "user");
    bad_offer("<line product=\"SAND\"", "<line product=\"SAND\" colour=\"red\"", CLM_ESCHEMA, 4, NULL);
    bad_offer("<pricing", "<pricing><oops/></pricing><pricing", CLM_ESCHEMA, 5, NULL);
    bad_offer("</offer>", "</offr>", CLM_EPARSE, 0, NULL);
    bad_offer("<trace line=\"0\"", "<trace line=\"7\"", CLM_EINVAL, 0, "line");
    /* a contract: the wrong root, a disagreement on a line the offer lacks */
    clm_contract *c = negotiated(), *back = NULL;
    char *x;
    CHECK_OK(clm_contract_save_xml(&x, NULL, c));
    CHECK_FAIL(clm_offer_load_xml((clm_offer **)&back, x, strlen(x), NULL, NULL), CLM_ESCHEMA);
    assert_non_null(strstr(clm_error_last()->message, "<contract>"));
    char *at = strstr(x, "<disagreement line=\"1\"");
    assert_non_null(at);
    at[strlen("<disagreement line=\"")] = '5';
    CHECK_FAIL(clm_contract_load_xml(&back, x, strlen(x), NULL, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "line");
    assert_true(clm_error_last()->line > 2);
    at[strlen("<disagreement line=\"")] = '1';
    at = strstr(x, "settlement=\"answered\"");
    memcpy(at, "settlement=\"client-wording\"", 27);   /* answered -> client-wording: longer */
    CHECK_FAIL(clm_contract_load_xml(&back, x, strlen(x), NULL, NULL), CLM_EPARSE);
    assert_null(back);
    clm_free(x);
    clm_contract_free(c);
    CHECK_FAIL(clm_offer_load_xml(NULL, "", 0, NULL, NULL), CLM_EINVAL);
}

static void test_settlement_consistency(void **state)
{
    (void)state;
    clm_contract *c = negotiated(), *back = NULL;
    char *x;
    CHECK_OK(clm_contract_save_xml(&x, NULL, c));
    /* "answered" without an answer can never have been written */
    char *at = strstr(x, " answer=\"110.00 per tonne\"");
    assert_non_null(at);
    memset(at, ' ', strlen(" answer=\"110.00 per tonne\""));
    CHECK_FAIL(clm_contract_load_xml(&back, x, strlen(x), "k.xml", NULL), CLM_ESCHEMA);
    CHECK_STR(clm_error_last()->field, "settlement");
    assert_null(back);
    clm_free(x);
    clm_contract_free(c);
}

static void test_files(void **state)
{
    (void)state;
    clm_contract *c = negotiated(), *back;
    char *x;
    size_t n;
    CHECK_OK(clm_contract_save_xml(&x, &n, c));
    char path[] = "/tmp/clm-contract-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fwrite(x, 1, n, f);
    fclose(f);
    CHECK_OK(clm_contract_load_file(&back, path, NULL));
    assert_true(clm_contract_equal(c, back));
    clm_contract_free(back);
    clm_offer *o;
    CHECK_FAIL(clm_offer_load_file(&o, path, NULL), CLM_ESCHEMA);
    remove(path);
    CHECK_FAIL(clm_contract_load_file(&back, path, NULL), CLM_EIO);
    assert_non_null(strstr(clm_error_last()->message, path));
    clm_xml_options small = CLM_XML_OPTIONS_INIT;
    small.max_bytes = 100;
    CHECK_FAIL(clm_contract_load_xml(&back, x, n, NULL, &small), CLM_ELIMIT);
    clm_free(x);
    clm_contract_free(c);
}

/* ---- OOM ----------------------------------------------------------------------------------------- */

typedef struct oom_state {
    clm_contract *c;
    clm_offer *o, *back;
    clm_contract *cback;
    char *x, *cx, *out;
} oom_state;

static oom_state g;

static void *oom_setup(void)
{
    memset(&g, 0, sizeof g);
    g.c = negotiated();
    g.o = fx_accepted("O-9", "C-1", "ivanov");
    CHECK_OK(clm_offer_save_xml(&g.x, NULL, g.o));
    CHECK_OK(clm_contract_save_xml(&g.cx, NULL, g.c));
    return &g;
}

static void oom_teardown(void *st)
{
    oom_state *s = st;
    clm_contract_free(s->c);
    clm_contract_free(s->cback);
    clm_offer_free(s->o);
    clm_offer_free(s->back);
    clm_free(s->x);
    clm_free(s->cx);
    clm_free(s->out);
}

static int op_load_offer(void *st)
{
    oom_state *s = st;
    return clm_offer_load_xml(&s->back, s->x, strlen(s->x), NULL, NULL);
}
static int op_load_contract(void *st)
{
    oom_state *s = st;
    return clm_contract_load_xml(&s->cback, s->cx, strlen(s->cx), NULL, NULL);
}
static int op_save_offer(void *st)
{
    oom_state *s = st;
    return clm_offer_save_xml(&s->out, NULL, s->o);
}
static int op_save_contract(void *st)
{
    oom_state *s = st;
    return clm_contract_save_xml(&s->out, NULL, s->c);
}

static void test_oom(void **state)
{
    (void)state;
    const oom_case cases[] = {
        { oom_setup, op_load_offer, NULL, oom_teardown },
        { oom_setup, op_load_contract, NULL, oom_teardown },
        { oom_setup, op_save_offer, NULL, oom_teardown },
        { oom_setup, op_save_contract, NULL, oom_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(oom_check(&cases[i]) > 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offer_round_trip),
        cmocka_unit_test(test_snapshot_survives),
        cmocka_unit_test(test_contract_round_trip),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_settlement_consistency),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_oom),
    };
    if (fx_setup() < 0) {
        fprintf(stderr, "offer_xml_test: fixture setup failed: %s\n", clm_error_last()->message);
        return 1;
    }
    ACC = fx_day(2025, 12, 29);
    int rc = core_run("offer_xml", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
    fx_teardown();
    return rc;
}
