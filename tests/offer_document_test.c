/*
 * offer_document_test.c — a priced offer printed as text and as HTML
 * (clm/offer_document.h): the lines with their figures and reasons, the
 * totals, the terms and the term of acceptance; HTML escaping; display
 * options; bad input and the OOM walk. A contract's document: its state,
 * dates, amounts, special terms and protocol, then the accepted offer.
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

static void has(const char *text, const char *want)
{
    if (strstr(text, want) == NULL)
        fail_msg("\"%s\" not in:\n%s", want, text);
}

static void test_text(void **state)
{
    (void)state;
    clm_offer *o = fx_sent("O-1", "C-1", "ivanov");
    char *t;
    size_t n;
    CHECK_OK(clm_offer_document(&t, &n, o, CLM_OFFER_DOC_TEXT, NULL));
    assert_int_equal(strlen(t), n);
    has(t, "Offer to client C-1");
    /* 10 x 450.00 = 4 500.00, 10 % wholesale = 450.00 off, 4 050.00 */
    has(t, "1. CEM-M500 x 10 at 450.00 RUB = 4 500.00 RUB, less 450.00 RUB = 4 050.00 RUB (price list)");
    has(t, "2. SAND x 5 at 120.00 RUB = 600.00 RUB, less 60.00 RUB = 540.00 RUB");
    has(t, "wholesale: ");
    has(t, "Total: 4 590.00 RUB");
    has(t, "Discount rate: 10.00%");
    has(t, "Priced under: wholesale-2025");
    has(t, "Payment deferral: 14 days");
    has(t, "Delivery: FCA Moscow warehouse");
    /* sent Fri 26 Dec 2025 without a term: 10 working days -> 21 Jan 2026 */
    has(t, "Term of acceptance: until 2026-01-21 inclusive");
    assert_null(strstr(t, "<"));
    clm_free(t);
    /* a draft without a term of its own: the reasonable term, art. 441 */
    clm_offer *p = fx_priced("O-2", "C-1", "ivanov");
    CHECK_OK(clm_offer_document(&t, NULL, p, CLM_OFFER_DOC_TEXT, NULL));
    has(t, "the reasonable term counted from the day it is sent (Civil Code art. 441 p. 1)");
    clm_free(t);
    /* the Russian display form */
    clm_format_options ru = CLM_FORMAT_OPTIONS_INIT;
    ru.decimal = ",";
    ru.date_style = CLM_DATE_STYLE_DMY;
    CHECK_OK(clm_offer_document(&t, NULL, o, CLM_OFFER_DOC_TEXT, &ru));
    has(t, "Total: 4 590,00 RUB");
    has(t, "until 21.01.2026 inclusive");
    clm_free(t);
    /* in Russian (clm/lang.h): the labels and terms, money and dates in
     * the language's forms (no-break spaces, the rouble sign); the
     * reasons stay in the language the offer was priced in */
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_OK(clm_offer_document(&t, NULL, o, CLM_OFFER_DOC_TEXT, NULL));
    clm_lang_set(CLM_LANG_EN);
    has(t, "Оферта клиенту C-1");
    has(t, "1. CEM-M500 x 10 по 450,00\u00a0₽ = 4\u00a0500,00\u00a0₽, скидка 450,00\u00a0₽ = "
           "4\u00a0050,00\u00a0₽ (прайс-лист)");
    has(t, "Итого: 4\u00a0590,00\u00a0₽");
    has(t, "Отсрочка платежа: 14 дн.");
    has(t, "Срок для акцепта: до 21.01.2026 включительно");
    has(t, "wholesale: 10% off");
    clm_free(t);
    clm_offer_free(p);
    clm_offer_free(o);
}

static void test_html(void **state)
{
    (void)state;
    clm_offer *o = fx_priced("O-<1>", "C-1", "ivanov");
    clm_offer_info terms;
    CHECK_OK(clm_offer_info_get(&terms, o));
    terms.delivery = "DAP \"Stroy & Co\" <site>";
    terms.accept_by = fx_day(2026, 1, 15);
    CHECK_OK(clm_offer_set_terms(o, &terms));
    char *t;
    /* new terms drop the pricing: no figures, no document */
    CHECK_FAIL(clm_offer_document(&t, NULL, o, CLM_OFFER_DOC_HTML, NULL), CLM_ESTATE);
    static const char *const cats[] = { "wholesale" };
    clm_discount_client dc = { .id = "C-1", .categories = cats, .category_count = 1,
                               .since = CLM_DISCOUNT_NO_DATE };
    clm_offer_pricing pr = CLM_OFFER_PRICING_INIT;
    pr.engine = fx_engine;
    pr.client = &dc;
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 25));
    CHECK_OK(clm_offer_price(o, &m, &pr));
    CHECK_OK(clm_offer_document(&t, NULL, o, CLM_OFFER_DOC_HTML, NULL));
    has(t, "<!DOCTYPE html>");
    has(t, "<title>Offer O-&lt;1&gt;</title>");
    has(t, "<td>CEM-M500</td><td>10</td><td>450.00 RUB</td><td>4 500.00 RUB</td>"
           "<td>450.00 RUB</td><td>4 050.00 RUB</td>");
    has(t, "<tr><th>Total</th><td>4 590.00 RUB</td></tr>");
    has(t, "</html>");
    has(t, "<td>DAP &quot;Stroy &amp; Co&quot; &lt;site&gt;</td>");
    has(t, "<td>until 2026-01-15 inclusive</td>");
    has(t, "cannot withdraw it during the term (Civil Code art. 436)");
    assert_null(strstr(t, "O-<1>"));
    assert_null(strstr(t, "<site>"));
    clm_free(t);
    clm_offer_free(o);
}

static void test_bad_input(void **state)
{
    (void)state;
    clm_offer *d = fx_draft("O-1", "C-1", "ivanov");
    char *t = (char *)0x1;
    CHECK_FAIL(clm_offer_document(&t, NULL, d, CLM_OFFER_DOC_TEXT, NULL), CLM_ESTATE);
    clm_offer *o = fx_priced("O-2", "C-1", "ivanov");
    CHECK_FAIL(clm_offer_document(&t, NULL, o, (clm_offer_doc_format)3, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_offer_document(NULL, NULL, o, CLM_OFFER_DOC_TEXT, NULL), CLM_EINVAL);
    clm_format_options bad = CLM_FORMAT_OPTIONS_INIT;
    bad.version = 9;
    CHECK_FAIL(clm_offer_document(&t, NULL, o, CLM_OFFER_DOC_TEXT, &bad), CLM_EVERSION);
    assert_ptr_equal(t, (char *)0x1);
    clm_offer_free(o);
    clm_offer_free(d);
}

static clm_offer *g_o;
static char *g_t;

static int op_doc(void *st)
{
    (void)st;
    return clm_offer_document(&g_t, NULL, g_o, CLM_OFFER_DOC_HTML, NULL);
}

static void oom_teardown(void *st)
{
    (void)st;
    clm_free(g_t);
    g_t = NULL;
}

static void test_oom(void **state)
{
    (void)state;
    g_o = fx_sent("O-1", "C-1", "ivanov");
    oom_case c = { NULL, op_doc, NULL, oom_teardown };
    assert_true(oom_check(&c) > 0);
    clm_offer_free(g_o);
}

/* The fixture's accepted offer (accepted Mon 29 Dec 2025) as contract K-1,
 * with a special term and one disagreement on clause 4.2 settled. */
static clm_contract *fx_contract(const char *id)
{
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    clm_date acc = fx_day(2025, 12, 29);
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = id;
    info.obligatory = 1;
    clm_contract *c = NULL;
    clm_actor m = fx_who("ivanov", "manager", acc);
    CHECK_OK(clm_contract_from_offer(&c, o, &info, &m));
    clm_offer_free(o);
    clm_contract_special sp = CLM_CONTRACT_SPECIAL_INIT;
    sp.kind = CLM_CONTRACT_INDIVIDUAL;
    sp.text = "key client <A> & partners";
    sp.rate = 20000; /* 2 % in ppm */
    CHECK_OK(clm_contract_add_special(c, &m, &sp));
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = "4.2";
    d.draft = "payment in 14 days";
    d.client = "payment in 30 days";
    d.received_on = acc + 1;
    size_t i = 0;
    CHECK_OK(clm_contract_dispute(&i, c, &m, &d));
    clm_actor h = fx_who("petrova", "head_of_department", acc + 2);
    CHECK_OK(clm_contract_settle(c, &h, i, CLM_CONTRACT_COMPANY, NULL));
    return c;
}

static void test_contract_text(void **state)
{
    (void)state;
    clm_contract *c = fx_contract("K-1");
    char *t;
    size_t n;
    CHECK_OK(clm_contract_document(&t, &n, c, CLM_OFFER_DOC_TEXT, NULL));
    assert_int_equal(strlen(t), n);
    has(t, "Contract K-1 with client C-1");
    has(t, "State: negotiation");
    has(t, "Made on: 2025-12-29");
    has(t, "(Civil Code art. 445 p. 1)");
    /* the offer's net total, nothing invoiced yet */
    has(t, "Amount: 4 590.00 RUB");
    has(t, "Invoiced: 0.00 RUB");
    /* not concluded: nothing confirmed counts yet */
    has(t, "Confirmed, not yet invoiced: 0.00 RUB");
    has(t, "individual-discount: key client <A> & partners (2.00%)");
    has(t, "Protocol of disagreements to contract K-1");
    has(t, "Clause 4.2 (received 2025-12-30)");
    has(t, "payment in 30 days");
    /* the accepted offer's figures, from the frozen copy */
    has(t, "The accepted offer");
    has(t, "1. CEM-M500 x 10 at 450.00 RUB = 4 500.00 RUB, less 450.00 RUB = 4 050.00 RUB (price list)");
    has(t, "Total: 4 590.00 RUB");
    assert_null(strstr(t, "<tr>"));
    /* the protocol comes before the offer */
    assert_true(strstr(t, "Protocol of disagreements") < strstr(t, "The accepted offer"));
    clm_free(t);
    clm_contract_free(c);
}

static void test_contract_html(void **state)
{
    (void)state;
    clm_contract *c = fx_contract("K-<1>");
    clm_actor h = fx_who("petrova", "head_of_department", fx_day(2026, 1, 12));
    CHECK_OK(clm_contract_agree(c, &h));
    CHECK_OK(clm_contract_conclude(c, &h, fx_day(2026, 1, 12)));
    char *t;
    CHECK_OK(clm_contract_document(&t, NULL, c, CLM_OFFER_DOC_HTML, NULL));
    has(t, "<!DOCTYPE html>");
    has(t, "<title>Contract K-&lt;1&gt;</title>");
    has(t, "<tr><th>Concluded on</th><td>2026-01-12</td></tr>");
    /* concluded, nothing invoiced: the whole amount is confirmed */
    has(t, "<tr><th>Confirmed, not yet invoiced</th><td>4 590.00 RUB</td></tr>");
    has(t, "<td>key client &lt;A&gt; &amp; partners (2.00%)</td>");
    has(t, "<h2>Protocol of disagreements</h2>\n<pre>");
    has(t, "<tr><th>Total</th><td>4 590.00 RUB</td></tr>");
    has(t, "</html>");
    assert_null(strstr(t, "K-<1>"));
    assert_null(strstr(t, "<A>"));
    /* exactly one page */
    assert_ptr_equal(strstr(t, "<!DOCTYPE"), strstr(t, "<!DOCTYPE html>"));
    assert_null(strstr(strstr(t, "<!DOCTYPE") + 1, "<!DOCTYPE"));
    clm_free(t);
    clm_contract_free(c);
}

static void test_contract_bad_input(void **state)
{
    (void)state;
    clm_contract *c = fx_contract("K-1");
    char *t = (char *)0x1;
    CHECK_FAIL(clm_contract_document(&t, NULL, NULL, CLM_OFFER_DOC_TEXT, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_document(NULL, NULL, c, CLM_OFFER_DOC_TEXT, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_contract_document(&t, NULL, c, (clm_offer_doc_format)0, NULL), CLM_EINVAL);
    clm_format_options bad = CLM_FORMAT_OPTIONS_INIT;
    bad.version = 9;
    CHECK_FAIL(clm_contract_document(&t, NULL, c, CLM_OFFER_DOC_HTML, &bad), CLM_EVERSION);
    assert_ptr_equal(t, (char *)0x1);
    clm_contract_free(c);
}

static clm_contract *g_c;

static int op_contract_doc(void *st)
{
    (void)st;
    return clm_contract_document(&g_t, NULL, g_c, CLM_OFFER_DOC_TEXT, NULL);
}

static void test_contract_oom(void **state)
{
    (void)state;
    g_c = fx_contract("K-1");
    oom_case c = { NULL, op_contract_doc, NULL, oom_teardown };
    assert_true(oom_check(&c) > 0);
    clm_contract_free(g_c);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_contract_text),
        cmocka_unit_test(test_contract_html),
        cmocka_unit_test(test_contract_bad_input),
        cmocka_unit_test(test_contract_oom),
        cmocka_unit_test(test_oom),
    };
    if (fx_setup() < 0) {
        fprintf(stderr, "offer_document_test: fixture setup failed: %s\n",
                clm_error_last()->message);
        return 1;
    }
    int rc = core_run("offer_document", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
    fx_teardown();
    return rc;
}
