/*
 * discount_client_test.c — a discount document's client part from a client
 * record (clm/discount_client.h): the fields a record holds, the fields it
 * does not left alone, the caller's category array (too small refused,
 * nothing written), and a document so filled priced by a policy whose rules
 * name the client's category, legal type, region and tenure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"

static const clm_actor mgr = {"ivanov", "head_of_sales", 1765000000}; /* 2025-12-06 */

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static clm_client *client(void)
{
    clm_client *c = NULL;
    assert_int_equal(clm_client_new(&c, &mgr, "C-1", CLM_LEGAL_ENTITY, "Romashka"), 0);
    assert_int_equal(clm_client_set_text(c, &mgr, CLM_CLIENT_REGION, "Moscow"), 0);
    assert_int_equal(clm_client_set_date(c, &mgr, CLM_CLIENT_FIRST_DEAL, D(2020, 3, 1)), 0);
    assert_int_equal(clm_client_category_add(c, &mgr, "key", "manual:test", NULL), 0);
    assert_int_equal(clm_client_category_add(c, &mgr, "wholesale", "manual:test", NULL), 0);
    return c;
}

static void test_fields(void **state)
{
    (void)state;
    clm_client *c = client();
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    doc.client.risk_class = "low";
    const char *cats[4] = {NULL};
    assert_int_equal(clm_discount_client_from_client(&doc.client, cats, 4, c), 0);
    assert_string_equal(doc.client.id, "C-1");
    assert_string_equal(doc.client.legal_type, clm_legal_type_name(CLM_LEGAL_ENTITY));
    assert_string_equal(doc.client.region, "Moscow");
    assert_int_equal(doc.client.since, D(2020, 3, 1));
    assert_int_equal(doc.client.category_count, 2);
    assert_ptr_equal(doc.client.categories, cats);
    assert_true(clm_client_has_category(c, cats[0]) && clm_client_has_category(c, cats[1]));
    assert_true(strcmp(cats[0], cats[1]) != 0);
    assert_null(cats[2]);
    assert_string_equal(doc.client.risk_class, "low"); /* left alone */
    assert_null(doc.client.turnover);

    /* too small: refused, nothing written */
    clm_discount_client keep = doc.client, out = doc.client;
    const char *small[1] = {"untouched"};
    assert_int_equal(clm_discount_client_from_client(&out, small, 1, c), CLM_EBUFSIZE);
    assert_non_null(strstr(clm_error_last()->message, "2 categories"));
    assert_string_equal(small[0], "untouched");
    assert_memory_equal(&out, &keep, sizeof out);
    assert_int_equal(clm_discount_client_from_client(&out, NULL, 0, c), CLM_EBUFSIZE);
    assert_int_equal(clm_discount_client_from_client(&out, NULL, 3, c), CLM_EINVAL);
    assert_int_equal(clm_discount_client_from_client(NULL, cats, 4, c), CLM_EINVAL);
    assert_int_equal(clm_discount_client_from_client(&out, cats, 4, NULL), CLM_EINVAL);
    assert_memory_equal(&out, &keep, sizeof out);

    /* a bare record: unknowns stay unknown */
    clm_client *b = NULL;
    assert_int_equal(clm_client_new(&b, &mgr, "C-2", CLM_INDIVIDUAL, "Petrov"), 0);
    assert_int_equal(clm_discount_client_from_client(&out, NULL, 0, b), 0);
    assert_null(out.region);
    assert_int_equal(out.since, CLM_DISCOUNT_NO_DATE);
    assert_int_equal(out.category_count, 0);
    assert_null(out.categories);
    assert_string_equal(out.legal_type, clm_legal_type_name(CLM_INDIVIDUAL));
    clm_client_free(b);
    clm_client_free(c);
}

static const char policy_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" name=\"glue\" currency=\"RUB\"\n"
    "                 stacking=\"additive\" rounding=\"half-up\">\n"
    "  <rule id=\"key\" priority=\"10\"><category in=\"key\"/><percent rate=\"3%\"/></rule>\n"
    "  <rule id=\"moscow-firms\" priority=\"20\"><legal-type in=\"%LT%\"/><region in=\"Moscow\"/>"
    "<percent rate=\"2%\"/></rule>\n"
    "  <rule id=\"tenure\" priority=\"30\"><tenure min=\"1095\"/><percent rate=\"1%\"/></rule>\n"
    "  <rule id=\"vip\" priority=\"40\"><category in=\"vip\"/><percent rate=\"50%\"/></rule>\n"
    "</discount-policy>\n";

static void test_priced(void **state)
{
    (void)state;
    char xml[sizeof policy_xml + 64];
    const char *at = strstr(policy_xml, "%LT%");
    snprintf(xml, sizeof xml, "%.*s%s%s", (int)(at - policy_xml), policy_xml,
             clm_legal_type_name(CLM_LEGAL_ENTITY), at + 4);
    clm_discount_policy *p = NULL;
    int rc = clm_discount_policy_load_xml(&p, xml, strlen(xml), "<glue>", NULL);
    if (rc != 0)
        fail_msg("policy: %s", clm_error_last()->message);
    clm_discount_engine *e = NULL;
    assert_int_equal(clm_discount_policy_compile(&e, p), 0);

    clm_client *c = client();
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    const char *cats[4];
    assert_int_equal(clm_discount_client_from_client(&doc.client, cats, 4, c), 0);
    doc.currency = "RUB";
    doc.date = D(2026, 12, 5);
    clm_discount_line line = {.product = "P-1", .quantity = 1000, .unit_price = {100000, "RUB"}};
    doc.lines = &line;
    doc.line_count = 1;
    clm_discount_result *r = NULL;
    rc = clm_discount_engine_evaluate(&r, e, &doc, NULL);
    if (rc != 0)
        fail_msg("evaluate: %s", clm_error_last()->message);
    /* key 3 % + Moscow legal entity 2 % + more than three years 1 %,
     * additive: 6 % of 1000.00 RUB; "vip" is not the client's */
    assert_int_equal(clm_discount_result_totals(r)->discount, 6000);
    clm_discount_result_free(r);
    clm_client_free(c);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_priced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
