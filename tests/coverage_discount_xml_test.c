/*
 * coverage_discount_xml_test.c — discount policy documents the schema
 * accepts and the policy model refuses: each is CLM_ESCHEMA (or the
 * model's code) naming the line and the attribute at fault, with *out
 * untouched (include/clm/discount_xml.h). Then documents the engine
 * refuses: a bad field, a cost in another currency, and sums past 64 bits,
 * each named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

/* The policy with `body` inside is refused with `code`, naming `field`. */
static void refused(const char *body, int code, const char *field)
{
    char doc[4096];
    snprintf(doc, sizeof doc,
             "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" currency=\"RUB\" "
             "stacking=\"additive\" rounding=\"half-even\">%s</discount-policy>",
             body);
    clm_discount_policy *p = (clm_discount_policy *)&p;
    clm_error_clear();
    int rc = clm_discount_policy_load_xml(&p, doc, strlen(doc), "p.xml", NULL);
    if (rc != code)
        fail_msg("%s\nreturned %d, expected %d: %s", body, rc, code, clm_error_last()->message);
    assert_ptr_equal(p, (clm_discount_policy *)&p);
    const clm_error *e = clm_error_last();
    if (field != NULL && (e->field == NULL || strcmp(e->field, field) != 0))
        fail_msg("%s\nfield '%s', expected '%s': %s", body, e->field ? e->field : "(null)", field,
                 e->message);
    assert_true(e->line >= 1);
}

#define RULE(conds, action) "<rule id=\"r\">" conds action "</rule>"

static void test_model_refusals(void **state)
{
    (void)state;
    /* caps and the approval ladder */
    refused("<caps max-line=\"150%\"/>", CLM_ESCHEMA, "max-line");
    refused("<caps max-document=\"-5%\"/>", CLM_ESCHEMA, "max-document");
    refused("<role-caps role=\"head\" max-line=\"10%\"/><role-caps role=\"head\" max-line=\"20%\"/>",
            CLM_ESCHEMA, "role");
    refused("<role-caps role=\"head\" max-line=\"200%\"/>", CLM_ESCHEMA, "max-line");
    refused("<approval><step role=\"head\" max-discount=\"10%\"/><step role=\"head\" "
            "max-discount=\"20%\"/></approval>",
            CLM_ESCHEMA, "role");
    /* groups */
    refused("<groups><group name=\"tools\" parent=\"hardware\"/></groups>", CLM_ESCHEMA, "parent");
    refused("<groups><group name=\"tools\"/><group name=\"tools\"/></groups>", CLM_ESCHEMA, "name");
    /* actions the model refuses, by the attribute at fault */
    refused(RULE("", "<free-goods buy=\"0\" get=\"1\"/>"), CLM_ESCHEMA, "buy");
    refused(RULE("", "<early-payment rate=\"0%\" days=\"10\" net-days=\"30\"/>"), CLM_ESCHEMA,
            "rate");
    refused(RULE("", "<early-payment rate=\"2%\" days=\"-1\" net-days=\"30\"/>"), CLM_ESCHEMA,
            "days");
    refused(RULE("", "<amount-off-unit amount=\"-5.00 RUB\"/>"), CLM_ESCHEMA, "amount");
    refused(RULE("", "<percent rate=\"150%\"/>"), CLM_ESCHEMA, "rate");
    /* conditions */
    refused(RULE("<turnover period-days=\"0\" min=\"100.00 RUB\"/>", "<percent rate=\"1%\"/>"),
            CLM_ESCHEMA, "period-days");
    refused(RULE("<line-quantity min=\"20\" max=\"10\"/>", "<percent rate=\"1%\"/>"), CLM_ESCHEMA,
            NULL);
    refused(RULE("<line-quantity min=\"1.2345\"/>", "<percent rate=\"1%\"/>"), CLM_ESCHEMA, NULL);
    refused(RULE("<line-quantity min=\"9999999999999999\"/>", "<percent rate=\"1%\"/>"),
            CLM_ESCHEMA, "min");
    refused(RULE("<line-quantity min=\"-9999999999999999\"/>", "<percent rate=\"1%\"/>"),
            CLM_ESCHEMA, "min");
}

/* ---- evaluation: documents refused ------------------------------------------ */

static clm_discount_engine *engine(void)
{
    static const char doc[] =
        "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" currency=\"RUB\" "
        "stacking=\"additive\" rounding=\"half-even\"><groups><group name=\"tools\"/></groups>"
        "<rule id=\"r\"><group-quantity group=\"tools\" min=\"1\"/><percent rate=\"1%\"/>"
        "</rule></discount-policy>";
    clm_discount_policy *p = NULL;
    CHECK_OK(clm_discount_policy_load_xml(&p, doc, sizeof doc - 1, NULL, NULL));
    clm_discount_engine *e = NULL;
    CHECK_OK(clm_discount_policy_compile(&e, p));
    clm_discount_policy_free(p);
    return e;
}

/* `doc` is refused with `code` naming `field`; *out untouched. */
static void doc_refused(const clm_discount_engine *e, const clm_discount_document *doc, int code,
                        const char *field)
{
    clm_discount_result *r = (clm_discount_result *)&r;
    CHECK_FAIL(clm_discount_engine_evaluate(&r, e, doc, NULL), code);
    assert_ptr_equal(r, (clm_discount_result *)&r);
    CHECK_STR(clm_error_last()->field, field);
}

static void test_documents_refused(void **state)
{
    (void)state;
    clm_discount_engine *e = engine();
    clm_discount_line l[2];
    memset(l, 0, sizeof l);
    for (int i = 0; i < 2; i++) {
        l[i].product = "hammer";
        l[i].group = "tools";
        l[i].quantity = 1000;
        CHECK_OK(clm_money_make(&l[i].unit_price, 100, "RUB"));
    }
    clm_discount_document d = CLM_DISCOUNT_DOCUMENT_INIT;
    d.currency = "RUB";
    d.date = 20454;
    d.lines = l;
    d.line_count = 2;
    clm_discount_result *ok = NULL;
    CHECK_OK(clm_discount_engine_evaluate(&ok, e, &d, NULL));
    clm_discount_result_free(ok);
    /* the document's fields */
    d.client.since = CLM_DATE_MAX + 1;
    doc_refused(e, &d, CLM_EINVAL, "client.since");
    d.client.since = CLM_DISCOUNT_NO_DATE;
    d.client.turnover_count = 1;
    doc_refused(e, &d, CLM_EINVAL, "client.turnover");
    d.client.turnover_count = 0;
    /* a cost in another currency */
    l[1].has_cost = 1;
    CHECK_OK(clm_money_make(&l[1].unit_cost, 50, "USD"));
    doc_refused(e, &d, CLM_ECURRENCY, "lines[1].unit_cost");
    l[1].has_cost = 0;
    /* amounts that do not fit 64 bits, each named */
    l[0].quantity = INT64_MAX / 2 + 1;
    l[1].quantity = INT64_MAX / 2 + 1;
    CHECK_OK(clm_money_make(&l[0].unit_price, 0, "RUB"));
    CHECK_OK(clm_money_make(&l[1].unit_price, 0, "RUB"));
    doc_refused(e, &d, CLM_EOVERFLOW, "document quantity");
    l[0].quantity = l[1].quantity = 1000;
    l[0].has_cost = 1;
    CHECK_OK(clm_money_make(&l[0].unit_cost, INT64_MAX / 2, "RUB"));
    l[0].quantity = 4000; /* 4 units at half of INT64_MAX each */
    doc_refused(e, &d, CLM_EOVERFLOW, "line cost");
    l[0].has_cost = 0;
    l[0].quantity = 1000;
    CHECK_OK(clm_money_make(&l[0].unit_price, INT64_MAX / 2 + 1, "RUB"));
    CHECK_OK(clm_money_make(&l[1].unit_price, INT64_MAX / 2 + 1, "RUB"));
    doc_refused(e, &d, CLM_EOVERFLOW, "document amount");
    clm_discount_engine_free(e);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_refusals),
        cmocka_unit_test(test_documents_refused),
    };
    return core_run("coverage_discount_xml", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
