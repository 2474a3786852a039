/*
 * coverage_discount_xml_test.c — discount policy documents the schema
 * accepts and the policy model refuses: each is CLM_ESCHEMA (or the
 * model's code) naming the line and the attribute at fault, with *out
 * untouched (include/clm/discount_xml.h).
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

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_refusals),
    };
    return core_run("coverage_discount_xml", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
