/*
 * offer_document_test.c — a priced offer printed as text and as HTML
 * (clm/offer_document.h): the lines with their figures and reasons, the
 * totals, the terms and the term of acceptance; HTML escaping; display
 * options; bad input and the OOM walk.
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

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_bad_input),
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
