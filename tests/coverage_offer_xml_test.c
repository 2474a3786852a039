/*
 * coverage_offer_xml_test.c — the offer and contract documents, one field
 * at a time, from the seed documents of the offer XML fuzz harness
 * (tests/fuzz/corpus/offer_xml/):
 *  - equality sees every field: a document with one value changed loads
 *    to an object that clm_offer_equal() / clm_contract_equal() tells from
 *    the original (both ways), and that equals its own save-and-reload;
 *  - the reader refuses a value the schema lets through but the object
 *    cannot hold (an unknown name, an amount in another currency, an index
 *    past the lines, a figure out of range, text that is not valid for its
 *    field) with the documented code, naming the attribute, and returns
 *    nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"
#include "text_fixture.h"

/* A check in a table loop reports and counts, so one run lists every row
 * at fault; the test fails at the end if any did. */
static int g_bad;
#define ROW_FAIL(...)                \
    do {                             \
        print_message(__VA_ARGS__);  \
        print_message("\n");         \
        g_bad++;                     \
    } while (0)

typedef struct change {
    const char *from, *to;
} change;

/* Each changes one field of accepted-offer.xml to another valid value. */
static const change OFFER_CHANGES[] = {
    { "id=\"O-1\"", "id=\"O-9\"" },
    { "client=\"C-1\"", "client=\"C-9\"" },
    { "manager=\"ivanov\" currency", "manager=\"petrov\" currency" },
    { "date=\"2025-12-25\"", "date=\"2025-12-24\"" },
    { "from-client=\"0\"", "from-client=\"1\"" },
    { "prepayment=\"0%\"", "prepayment=\"50%\"" },
    { "deferral-days=\"14\"", "deferral-days=\"15\"" },
    { "delivery=\"FCA Moscow warehouse\"", "delivery=\"EXW Tula\"" },
    { "delivery-days=\"5\"", "delivery-days=\"6\"" },
    { "revocable=\"0\"", "revocable=\"1\"" },
    { "revision=\"1\"", "revision=\"2\"" },
    { "sent-on=\"2025-12-26\"", "sent-on=\"2025-12-27\"" },
    { "accept-by=\"2026-01-21\"", "accept-by=\"2026-01-22\"" },
    { "accepted-on=\"2025-12-29\"", "accepted-on=\"2025-12-30\"" },
    { "verdict=\"in-time\"", "verdict=\"late-valid\"" },
    { "not-binding=\"0\">", "not-binding=\"1\">" },
    { "not-binding=\"0\">", "not-binding=\"0\" supersedes=\"O-0\">" },
    { "not-binding=\"0\">", "not-binding=\"0\" superseded-by=\"O-2\">" },
    { "not-binding=\"0\">", "not-binding=\"0\" counter-of=\"O-0\">" },
    { "not-binding=\"0\">", "not-binding=\"0\" countered-by=\"O-2\">" },
    { "not-binding=\"0\">", "not-binding=\"0\" received-on=\"2025-12-26\">" },
    { "not-binding=\"0\">", "not-binding=\"0\" withdrawal-on=\"2025-12-27\">" },
    { "not-binding=\"0\">", "not-binding=\"0\" term=\"2026-01-10\">" },
    /* lines */
    { "product=\"CEM-M500\"", "product=\"CEM-M400\"" },
    { "quantity=\"10\"", "quantity=\"10.5\"" },
    { "quantity=\"10\" manual-rate=\"0%\"", "quantity=\"10\" manual-rate=\"1%\"" },
    { "product=\"SAND\"", "product=\"SAND\" group=\"bulk\"" },
    { "product=\"SAND\"", "product=\"SAND\" unit-price=\"120.00 RUB\"" },
    { "product=\"SAND\"", "product=\"SAND\" unit-cost=\"80.00 RUB\"" },
    /* the priced snapshot */
    { "policy=\"wholesale-2025\"", "policy=\"wholesale-2026\"" },
    { "policy-version=\"2025-12\"", "policy-version=\"2026-01\"" },
    { "priced-on=\"2025-12-25\"", "priced-on=\"2025-12-24\"" },
    { "required=\"1\"", "required=\"2\"" },
    { "approvable=\"1\" why", "approvable=\"0\" why" },
    { "why=\"line 1:", "why=\"line one:" },
    { "<ladder role=\"general_director\"/>", "<ladder role=\"owner\"/>" },
    { "<ladder role=\"general_director\"/>", "" },
    { "<totals base=\"5100.00 RUB\"", "<totals base=\"5101.00 RUB\"" },
    { "discount=\"510.00 RUB\" surcharge", "discount=\"511.00 RUB\" surcharge" },
    { "surcharge=\"0.00 RUB\" capped=\"0.00 RUB\" net=\"4590", "surcharge=\"1.00 RUB\" capped=\"0.00 RUB\" net=\"4590" },
    { "capped=\"0.00 RUB\" net=\"4590", "capped=\"1.00 RUB\" net=\"4590" },
    { "rate=\"10%\" max-line-rate", "rate=\"11%\" max-line-rate" },
    { "max-line-rate=\"10%\"", "max-line-rate=\"11%\"" },
    { "max-line=\"0\"", "max-line=\"1\"" },
    { "approval=\"1\" approvable", "approval=\"2\" approvable" },
    { "approval=\"1\" approvable=\"1\"", "approval=\"1\" approvable=\"0\"" },
    { "role-suffices=\"0\"", "role-suffices=\"1\"" },
    { "role-suffices=\"0\"", "role-suffices=\"0\" min-margin=\"5%\" min-margin-line=\"1\"" },
    { "role-suffices=\"0\"",
      "role-suffices=\"0\" early-payment-rule=\"0\" early-payment-rate=\"2%\" early-payment-days=\"10\" "
      "early-payment-net-days=\"30\" early-payment-amount=\"91.80 RUB\" early-payment-annual-cost=\"37.24%\"" },
    { "<priced base=\"4500.00 RUB\"", "<priced base=\"4501.00 RUB\"" },
    { "discount=\"450.00 RUB\" surcharge", "discount=\"451.00 RUB\" surcharge" },
    { "net=\"4050.00 RUB\" cost=\"0.00 RUB\"", "net=\"4050.00 RUB\" cost=\"1.00 RUB\"" },
    { "rules-applied=\"1\" unit-price=\"450", "rules-applied=\"2\" unit-price=\"450" },
    { "unit-price=\"450.00 RUB\"", "unit-price=\"451.00 RUB\"" },
    { "source=\"price-list\"", "source=\"manual\"" },
    { "source=\"price-list\"", "source=\"price-list\" margin=\"5%\"" },
    { "source=\"price-list\"", "source=\"price-list\" list-price=\"500.00 RUB\" list-rate=\"10%\"" },
    { "kind=\"adjusted\" stage=\"base\" name=\"price\"", "kind=\"applied\" stage=\"base\" name=\"price\"" },
    { "stage=\"base\" name=\"price\"", "stage=\"discount\" name=\"price\"" },
    { "name=\"price\"", "name=\"cost\"" },
    { "stage=\"base\" name=\"price\"", "stage=\"base\" rule=\"3\" name=\"price\"" },
    { "name=\"price\" before=\"0.00 RUB\"", "name=\"price\" before=\"1.00 RUB\"" },
    { "name=\"price\" before=\"0.00 RUB\" amount=\"0.00 RUB\"",
      "name=\"price\" before=\"0.00 RUB\" amount=\"1.00 RUB\"" },
    { "amount=\"0.00 RUB\" after=\"0.00 RUB\"", "amount=\"0.00 RUB\" after=\"1.00 RUB\"" },
    { "reason=\"450.00 RUB from list", "reason=\"451.00 RUB from list" },
    { "<trace line=\"document\" kind=\"adjusted\" stage=\"document\" name=\"approval\"",
      "<trace line=\"document\" kind=\"adjusted\" stage=\"document\" name=\"approval2\"" },
    /* credit checks */
    { "<credit stage=\"approval\"", "<credit stage=\"sending\"" },
    { "decision=\"allow\"", "decision=\"warn\"" },
    { "reasons=\"0\"", "reasons=\"1\"" },
    { "exposure=\"4590.00 RUB\"", "exposure=\"4591.00 RUB\"" },
    { "receivables=\"0.00 RUB\"", "receivables=\"1.00 RUB\"" },
    { "orders=\"0.00 RUB\"", "orders=\"1.00 RUB\"" },
    { "document=\"4590.00 RUB\"", "document=\"4591.00 RUB\"" },
    { "limit=\"1000000.00 RUB\"", "limit=\"1000001.00 RUB\"" },
    { "headroom=\"995410.00 RUB\"", "headroom=\"995411.00 RUB\"" },
    { "max-days-overdue=\"0\"", "max-days-overdue=\"1\"" },
    { "at=\"1766656800\" user=\"petrova\"", "at=\"1766656801\" user=\"petrova\"" },
    { "user=\"petrova\" role=\"head_of_department\" overridden",
      "user=\"sidorova\" role=\"head_of_department\" overridden" },
    { "role=\"head_of_department\" overridden", "role=\"cfo\" overridden" },
    { "overridden=\"0\"/>", "overridden=\"1\" override-user=\"kuz\" override-role=\"cfo\" override-note=\"ok\"/>" },
    /* events */
    { "<event at=\"1766656800\"", "<event at=\"1766656801\"" },
    { "user=\"ivanov\" role=\"manager\" action=\"create\"", "user=\"sidorov\" role=\"manager\" action=\"create\"" },
    { "role=\"manager\" action=\"create\"", "role=\"director\" action=\"create\"" },
    { "role=\"manager\" action=\"create\"", "role=\"manager\" on-behalf-of=\"p\" action=\"create\"" },
    { "action=\"create\"", "action=\"price\"" },
    { "action=\"create\" from=\"draft\"", "action=\"create\" from=\"approved\"" },
    { "from=\"draft\" to=\"draft\"/>", "from=\"draft\" to=\"approved\"/>" },
    { "to=\"draft\"/>", "to=\"draft\" note=\"n\"/>" },
};

/* Each changes one field of contract.xml (outside its frozen offer). */
static const change CONTRACT_CHANGES[] = {
    { "id=\"K-1\"", "id=\"K-2\"" },
    { "obligatory=\"1\"", "obligatory=\"0\"" },
    { "created-on=\"2025-12-29\"", "created-on=\"2025-12-30\"" },
    { "invoiced=\"0.00 RUB\">", "invoiced=\"0.00 RUB\" renewal-of=\"K-0\">" },
    { "invoiced=\"0.00 RUB\">", "invoiced=\"0.00 RUB\" renewed-by=\"K-2\">" },
    { "clause=\"4.2\"", "clause=\"4.3\"" },
    { "client=\"payment within 30 days\"", "client=\"payment within 31 days\"" },
    { "received-on=\"2025-12-30\" settlement=\"open\"", "received-on=\"2025-12-31\" settlement=\"open\"" },
    { "<disagreement line=\"0\"", "<disagreement line=\"1\"" },
    { "client=\"420.00\"", "client=\"421.00\"" },
    { "figure=\"4200.00 RUB\"", "figure=\"4210.00 RUB\"" },
    { "answer=\"435.00\"", "answer=\"436.00\"" },
    { "answer-figure=\"4350.00 RUB\"", "answer-figure=\"4360.00 RUB\"" },
    { "settlement=\"answer\"", "settlement=\"client-wording\"" },
    { "decided-by=\"ivanov\"", "decided-by=\"petrov\"" },
    { "decided-role=\"manager\"", "decided-role=\"director\"" },
    { "decided-at=\"1767002400\"", "decided-at=\"1767002401\"" },
    { "note=\"ok\"/>", "note=\"fine\"/>" },
    { "text=\"2 days\"", "text=\"3 days\"" },
    { "days=\"2\"", "days=\"3\"" },
    { "<event at=\"1767002400\" user=\"ivanov\" role=\"manager\" action=\"create\"",
      "<event at=\"1767002401\" user=\"ivanov\" role=\"manager\" action=\"create\"" },
    { "action=\"dispute\" from=\"draft\" to=\"negotiation\" note=\"clause 4.2\"",
      "action=\"dispute\" from=\"draft\" to=\"negotiation\" note=\"clause 4.3\"" },
    { "action=\"special\" from=\"negotiation\"", "action=\"answer\" from=\"negotiation\"" },
    { "state=\"negotiation\" created-on", "state=\"agreed\" created-on" },
    { "invoiced=\"0.00 RUB\">", "invoiced=\"0.00 RUB\" agreed-on=\"2025-12-30\">" },
    { "invoiced=\"0.00 RUB\">", "invoiced=\"0.00 RUB\" concluded-on=\"2025-12-31\">" },
    { "invoiced=\"0.00 RUB\">", "invoiced=\"0.00 RUB\" closed-on=\"2026-01-31\">" },
    { "invoiced=\"0.00 RUB\">", "invoiced=\"1.00 RUB\">" },
    { "clause=\"4.2\"", "clause=\"4.2\" draft=\"payment within 14 days\"" },
    { "figure=\"4200.00 RUB\" received-on", "received-on" },
    { "answer=\"435.00\"", "answer=\"436.50\"" },
    { "answer-figure=\"4350.00 RUB\" ", "" },
    { "kind=\"accelerated-deadline\" text=\"2 days\" days=\"2\"",
      "kind=\"special-execution\" text=\"2 days\"" },
    { "kind=\"accelerated-deadline\" text=\"2 days\" days=\"2\"",
      "kind=\"individual-discount\" text=\"2 days\" rate=\"2%\"" },
    { "<special kind=\"accelerated-deadline\" text=\"2 days\" days=\"2\"/>", "" },
    { "<event at=\"1767002400\" user=\"ivanov\" role=\"manager\" action=\"create\"",
      "<event at=\"1767002400\" user=\"petrov\" role=\"manager\" action=\"create\"" },
    { "<event at=\"1767002400\" user=\"ivanov\" role=\"manager\" action=\"create\"",
      "<event at=\"1767002400\" user=\"ivanov\" role=\"director\" action=\"create\"" },
    { "action=\"create\" from=\"draft\" to=\"draft\"/>\n  <event",
      "action=\"create\" from=\"negotiation\" to=\"draft\"/>\n  <event" },
    { "action=\"create\" from=\"draft\" to=\"draft\"/>\n  <event",
      "action=\"create\" from=\"draft\" to=\"agreed\"/>\n  <event" },
    { "action=\"create\" from=\"draft\" to=\"draft\"/>\n  <event",
      "action=\"create\" from=\"draft\" to=\"draft\" note=\"n\"/>\n  <event" },
    /* the frozen offer */
    { "deferral-days=\"14\"", "deferral-days=\"15\"" },
};

static void test_offer_equality_sees_every_field(void **state)
{
    (void)state;
    g_bad = 0;
    char *doc = fixture_slurp("tests/fuzz/corpus/offer_xml/accepted-offer.xml");
    clm_offer *base = NULL;
    CHECK_OK(clm_offer_load_xml(&base, doc, strlen(doc), "accepted-offer.xml", NULL));
    assert_true(clm_offer_equal(base, base));
    for (size_t i = 0; i < sizeof OFFER_CHANGES / sizeof OFFER_CHANGES[0]; i++) {
        char *m = fixture_replace(doc, OFFER_CHANGES[i].from, OFFER_CHANGES[i].to);
        clm_offer *o = NULL;
        int rc = clm_offer_load_xml(&o, m, strlen(m), "changed", NULL);
        if (rc != 0) {
            ROW_FAIL("change %zu (%s): the document no longer loads: %s", i, OFFER_CHANGES[i].to,
                     clm_error_last()->message);
            free(m);
            continue;
        }
        if (clm_offer_equal(base, o) || clm_offer_equal(o, base))
            ROW_FAIL("change %zu (%s -> %s): clm_offer_equal does not see it", i,
                     OFFER_CHANGES[i].from, OFFER_CHANGES[i].to);
        char *x = NULL;
        CHECK_OK(clm_offer_save_xml(&x, NULL, o));
        clm_offer *back = NULL;
        CHECK_OK(clm_offer_load_xml(&back, x, strlen(x), "saved", NULL));
        if (!clm_offer_equal(o, back))
            ROW_FAIL("change %zu (%s): the changed offer does not survive save and load", i,
                     OFFER_CHANGES[i].to);
        clm_offer_free(back);
        clm_free(x);
        clm_offer_free(o);
        free(m);
    }
    assert_int_equal(g_bad, 0);
    assert_false(clm_offer_equal(base, NULL));
    assert_false(clm_offer_equal(NULL, base));
    clm_offer_free(base);
    free(doc);
}

static void test_contract_equality_sees_every_field(void **state)
{
    (void)state;
    g_bad = 0;
    char *doc = fixture_slurp("tests/fuzz/corpus/offer_xml/contract.xml");
    clm_contract *base = NULL;
    CHECK_OK(clm_contract_load_xml(&base, doc, strlen(doc), "contract.xml", NULL));
    assert_true(clm_contract_equal(base, base));
    for (size_t i = 0; i < sizeof CONTRACT_CHANGES / sizeof CONTRACT_CHANGES[0]; i++) {
        char *m = fixture_replace(doc, CONTRACT_CHANGES[i].from, CONTRACT_CHANGES[i].to);
        clm_contract *c = NULL;
        int rc = clm_contract_load_xml(&c, m, strlen(m), "changed", NULL);
        if (rc != 0) {
            ROW_FAIL("change %zu (%s): the document no longer loads: %s", i,
                     CONTRACT_CHANGES[i].to, clm_error_last()->message);
            free(m);
            continue;
        }
        if (clm_contract_equal(base, c) || clm_contract_equal(c, base))
            ROW_FAIL("change %zu (%s -> %s): clm_contract_equal does not see it", i,
                     CONTRACT_CHANGES[i].from, CONTRACT_CHANGES[i].to);
        char *x = NULL;
        CHECK_OK(clm_contract_save_xml(&x, NULL, c));
        clm_contract *back = NULL;
        CHECK_OK(clm_contract_load_xml(&back, x, strlen(x), "saved", NULL));
        if (!clm_contract_equal(c, back))
            ROW_FAIL("change %zu (%s): the changed contract does not survive save and load", i,
                     CONTRACT_CHANGES[i].to);
        clm_contract_free(back);
        clm_free(x);
        clm_contract_free(c);
        free(m);
    }
    assert_int_equal(g_bad, 0);
    assert_false(clm_contract_equal(base, NULL));
    assert_false(clm_contract_equal(NULL, base));
    clm_contract_free(base);
    free(doc);
}

typedef struct refusal {
    const char *from, *to;
    int code;
    const char *field; /* the attribute the error names */
} refusal;

/* Values the schema lets through and the reader must refuse. */
static const refusal OFFER_REFUSALS[] = {
    /* unknown names */
    { "state=\"accepted\"", "state=\"pending\"", CLM_ESCHEMA, "state" },
    { "verdict=\"in-time\"", "verdict=\"whenever\"", CLM_ESCHEMA, "verdict" },
    { "source=\"price-list\"", "source=\"guess\"", CLM_ESCHEMA, "source" },
    { "kind=\"adjusted\"", "kind=\"moved\"", CLM_ESCHEMA, "kind" },
    { "stage=\"base\"", "stage=\"later\"", CLM_ESCHEMA, "stage" },
    { "<credit stage=\"approval\"", "<credit stage=\"later\"", CLM_ESCHEMA, "stage" },
    { "decision=\"allow\"", "decision=\"maybe\"", CLM_ESCHEMA, "decision" },
    { "action=\"create\"", "action=\"dance\"", CLM_ESCHEMA, "action" },
    { "from=\"draft\" to=\"draft\"/>", "from=\"limbo\" to=\"draft\"/>", CLM_ESCHEMA, "from" },
    { "from=\"draft\" to=\"draft\"/>", "from=\"draft\" to=\"limbo\"/>", CLM_ESCHEMA, "to" },
    /* amounts in another currency */
    { "<totals base=\"5100.00 RUB\"", "<totals base=\"5100.00 USD\"", CLM_ECURRENCY, "base" },
    { "<priced base=\"4500.00 RUB\"", "<priced base=\"4500.00 USD\"", CLM_ECURRENCY, "base" },
    { "exposure=\"4590.00 RUB\"", "exposure=\"4590.00 USD\"", CLM_ECURRENCY, "exposure" },
    { "name=\"price\" before=\"0.00 RUB\"", "name=\"price\" before=\"0.00 USD\"", CLM_ECURRENCY,
      "before" },
    { "product=\"SAND\"", "product=\"SAND\" unit-price=\"1.00 EUR\"", CLM_ECURRENCY, "unit-price" },
    /* figures the object cannot hold */
    { "product=\"SAND\"", "product=\"SAND\" unit-cost=\"-1.00 RUB\"", CLM_EINVAL, "unit-cost" },
    { "quantity=\"10\"", "quantity=\"0\"", CLM_EINVAL, "quantity" },
    { "quantity=\"10\" manual-rate=\"0%\"", "quantity=\"10\" manual-rate=\"101%\"", CLM_EINVAL,
      "manual-rate" },
    { "max-line=\"0\"", "max-line=\"2\"", CLM_EINVAL, "max-line" },
    { "approval=\"1\" approvable", "approval=\"4\" approvable", CLM_EINVAL, "approval" },
    { "role-suffices=\"0\"", "role-suffices=\"0\" min-margin=\"5%\" min-margin-line=\"2\"", CLM_EINVAL,
      "min-margin-line" },
    { "<trace line=\"0\"", "<trace line=\"2\"", CLM_EINVAL, "line" },
    { "revision=\"1\"", "revision=\"0\"", CLM_EINVAL, "revision" },
    { "deferral-days=\"14\"", "deferral-days=\"-1\"", CLM_EINVAL, "deferral-days" },
    { "max-days-overdue=\"0\"", "max-days-overdue=\"-1\"", CLM_EINVAL, "max-days-overdue" },
    /* a day that does not exist, text that is not valid for its field */
    { "date=\"2025-12-25\"", "date=\"2025-13-25\"", CLM_ESCHEMA, "date" },
    { "sent-on=\"2025-12-26\"", "sent-on=\"10000-01-01\"", CLM_ESCHEMA, "sent-on" },
    { "product=\"SAND\"", "product=\"SA&#10;ND\"", CLM_ESCHEMA, "product" },
    { "user=\"petrova\"", "user=\"pet&#9;rova\"", CLM_ESCHEMA, "user" },
    { "client=\"C-1\"", "client=\"C&#10;1\"", CLM_ESCHEMA, "client" },
};

static void test_offer_reader_refusals(void **state)
{
    (void)state;
    g_bad = 0;
    char *doc = fixture_slurp("tests/fuzz/corpus/offer_xml/accepted-offer.xml");
    for (size_t i = 0; i < sizeof OFFER_REFUSALS / sizeof OFFER_REFUSALS[0]; i++) {
        const refusal *r = &OFFER_REFUSALS[i];
        char *m = fixture_replace(doc, r->from, r->to);
        clm_offer *o = (clm_offer *)m; /* any non-NULL value: must stay */
        clm_error_clear();
        int rc = clm_offer_load_xml(&o, m, strlen(m), "bad", NULL);
        const clm_error *e = clm_error_last();
        if (rc != r->code)
            ROW_FAIL("refusal %zu (%s): %d (%s), expected %d", i, r->to, rc, e->message, r->code);
        if (e->field == NULL || strcmp(e->field, r->field) != 0)
            ROW_FAIL("refusal %zu (%s): the error names '%s', expected '%s' (%s)", i, r->to,
                     e->field != NULL ? e->field : "(none)", r->field, e->message);
        if (rc < 0 && e->line <= 0)
            ROW_FAIL("refusal %zu (%s): the error names no line", i, r->to);
        assert_ptr_equal(o, (clm_offer *)m);
        free(m);
    }
    assert_int_equal(g_bad, 0);
    free(doc);
}

static const refusal CONTRACT_REFUSALS[] = {
    { "state=\"negotiation\"", "state=\"dreaming\"", CLM_ESCHEMA, "state" },
    { "settlement=\"open\"", "settlement=\"someday\"", CLM_ESCHEMA, "settlement" },
    { "kind=\"accelerated-deadline\"", "kind=\"free-lunch\"", CLM_ESCHEMA, "kind" },
    { "action=\"dispute\" from=\"draft\"", "action=\"shrug\" from=\"draft\"", CLM_ESCHEMA, "action" },
    { "invoiced=\"0.00 RUB\"", "invoiced=\"0.00 USD\"", CLM_ECURRENCY, "invoiced" },
    { "figure=\"4200.00 RUB\"", "figure=\"4200.00 USD\"", CLM_ECURRENCY, "figure" },
    { "<disagreement line=\"0\"", "<disagreement line=\"2\"", CLM_EINVAL, "line" },
    { "decided-by=\"ivanov\"", "decided-by=\"iva&#10;nov\"", CLM_ESCHEMA, "decided-by" },
};

static void test_contract_reader_refusals(void **state)
{
    (void)state;
    g_bad = 0;
    char *doc = fixture_slurp("tests/fuzz/corpus/offer_xml/contract.xml");
    for (size_t i = 0; i < sizeof CONTRACT_REFUSALS / sizeof CONTRACT_REFUSALS[0]; i++) {
        const refusal *r = &CONTRACT_REFUSALS[i];
        char *m = fixture_replace(doc, r->from, r->to);
        clm_contract *c = (clm_contract *)m;
        clm_error_clear();
        int rc = clm_contract_load_xml(&c, m, strlen(m), "bad", NULL);
        const clm_error *e = clm_error_last();
        if (rc != r->code)
            ROW_FAIL("refusal %zu (%s): %d (%s), expected %d", i, r->to, rc, e->message, r->code);
        if (e->field == NULL || strcmp(e->field, r->field) != 0)
            ROW_FAIL("refusal %zu (%s): the error names '%s', expected '%s' (%s)", i, r->to,
                     e->field != NULL ? e->field : "(none)", r->field, e->message);
        assert_ptr_equal(c, (clm_contract *)m);
        free(m);
    }
    assert_int_equal(g_bad, 0);
    free(doc);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offer_equality_sees_every_field),
        cmocka_unit_test(test_contract_equality_sees_every_field),
        cmocka_unit_test(test_offer_reader_refusals),
        cmocka_unit_test(test_contract_reader_refusals),
    };
    return core_run("coverage_offer_xml", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
