/*
 * coverage_credit_policy_xml_test.c — the credit policy reader
 * (credit_policy.h), one value at a time, from the fuzz seed
 * tests/fuzz/corpus/credit_xml/credit-policy.xml:
 *  - a value the schema lets through but the policy cannot hold is refused
 *    with the documented code, naming the attribute, and nothing returned;
 *  - the values a policy may hold load and survive save and load (the same
 *    bytes);
 *  - a grade's min-score is read in every lexical form of xs:decimal the
 *    schema accepts (".5", "+035.5000"): such a policy used to be refused
 *    as "not a score in points".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"
#include "text_fixture.h"

typedef struct refusal {
    const char *from, *to;
    int code;
    const char *field;
} refusal;

#define LIMITS "limits=\"0 30 60 90\""
#define COUNTS "counts=\"receivables orders document\""

static const refusal REFUSALS[] = {
    { COUNTS, "counts=\"receivables bogus\"", CLM_ESCHEMA, "counts" },
    { COUNTS, "counts=\"\"", CLM_ESCHEMA, "counts" },
    { LIMITS, "limits=\"0 30 30 90\"", CLM_ESCHEMA, "limits" },
    { LIMITS, "limits=\"0 2147483647\"", CLM_ESCHEMA, "limits" },
    { LIMITS, "limits=\"0 2147483648\"", CLM_ESCHEMA, "limits" },
    { LIMITS, "limits=\"-2147483649 0\"", CLM_ESCHEMA, "limits" },
    { "min-score=\"35.5\"", "min-score=\"35.5001\"", CLM_ESCHEMA, "min-score" },
    { "min-score=\"35.5\"", "min-score=\"10000\"", CLM_ESCHEMA, "min-score" },
    { "min-score=\"35.5\"", "min-score=\"-1\"", CLM_ESCHEMA, "min-score" },
    { "min-score=\"35.5\"", "min-score=\"-0\"", CLM_ESCHEMA, "min-score" },
    { "min-score=\"80\"", "min-score=\"101\"", CLM_ESCHEMA, "min-score" },
    { "min-score=\"80\"", "min-score=\"100.0001\"", CLM_ESCHEMA, "min-score" },
    { "<grade name=\"B\" min-score=\"65\"/>", "<grade name=\"A\" min-score=\"65\"/>", CLM_ESCHEMA,
      "grade" },
    { "grade=\"E\" basis", "grade=\"Z\" basis", CLM_ESCHEMA, "grade" },
    { "basis=\"fixed\"", "basis=\"revenue\"", CLM_ESCHEMA, "basis" },
    { "rate=\"10%\"", "rate=\"ten\"", CLM_ESCHEMA, "rate" },
    { "amount=\"0.00 RUB\"", "amount=\"0.00 USD\"", CLM_ECURRENCY, "amount" },
    { "limit=\"5000000.00 RUB\"", "limit=\"-1.00 RUB\"", CLM_ESCHEMA, "limit" },
    { "<group name=\"wholesale\" limit=\"5000000.00 RUB\"/>",
      "<group name=\"wholesale\" limit=\"5000000.00 RUB\"/><group name=\"wholesale\" limit=\"1.00 RUB\"/>",
      CLM_ESCHEMA, "name" },
    { "default=\"100000.00 RUB\"", "default=\"100000.00 EUR\"", CLM_ECURRENCY, "default" },
    { "warn-at=\"90%\"", "warn-at=\"190%\"", CLM_ESCHEMA, "warn-at" },
    { "<reserve rounding=\"half-up\"/>", "<reserve rounding=\"sideways\"/>", CLM_ESCHEMA, "rounding" },
    { "rounding=\"down\" default", "rounding=\"sideways\" default", CLM_ESCHEMA, "rounding" },
    { "<override role=\"director\"/>", "<override role=\"director\"/><override role=\"director\"/>",
      CLM_ESCHEMA, "role" },
    { "currency=\"RUB\"", "currency=\"ZZZ\"", CLM_ECURRENCY, "currency" },
    { "name=\"standard\"", "name=\"st&#10;andard\"", CLM_ESCHEMA, "name" },
};

/* Values a policy may hold: each loads, and saves to bytes that load back
 * and save to the same bytes; `saved` (NULL: none) is in the saved text. */
typedef struct accepted {
    const char *from, *to, *saved;
} accepted;

static const accepted ACCEPTED[] = {
    { COUNTS, "counts=\"orders\"", "counts=\"orders\"" },
    { LIMITS, "limits=\"-5 30\"", "limits=\"-5 30\"" },
    { LIMITS, "limits=\"+5 30\"", "limits=\"5 30\"" },
    { "block-overdue-days=\"30\"", "block-overdue-days=\"-1\"", "block-overdue-days=\"-1\"" },
    { "warn-overdue-days=\"0\"", "warn-overdue-days=\"40\"", "warn-overdue-days=\"40\"" },
    { "models=\"40\"", "models=\"0\"", NULL },
    /* every xs:decimal form of a score */
    { "min-score=\"35.5\"", "min-score=\".5\"", "min-score=\"0.500\"" },
    { "min-score=\"35.5\"", "min-score=\"+035.5000\"", "min-score=\"35.500\"" },
    { "min-score=\"35.5\"", "min-score=\"35.\"", "min-score=\"35.000\"" },
    { "min-score=\"80\"", "min-score=\"100.000\"", "min-score=\"100.000\"" },
};

static void test_refusals(void **state)
{
    (void)state;
    char *doc = fixture_slurp("tests/fuzz/corpus/credit_xml/credit-policy.xml");
    int bad = 0;
    for (size_t i = 0; i < sizeof REFUSALS / sizeof REFUSALS[0]; i++) {
        const refusal *r = &REFUSALS[i];
        char *m = fixture_replace(doc, r->from, r->to);
        clm_credit_policy *p = (clm_credit_policy *)m;
        clm_error_clear();
        int rc = clm_credit_policy_load_xml(&p, m, strlen(m), "bad", NULL);
        const clm_error *e = clm_error_last();
        if (rc != r->code || e->field == NULL || strcmp(e->field, r->field) != 0 || e->line <= 0) {
            print_message("refusal %zu (%s): %d naming '%s' at line %d (%s), expected %d naming '%s'\n",
                          i, r->to, rc, e->field != NULL ? e->field : "(none)", e->line,
                          e->message, r->code, r->field);
            bad++;
        }
        assert_ptr_equal(p, (clm_credit_policy *)m);
        free(m);
    }
    assert_int_equal(bad, 0);
    free(doc);
}

static void test_accepted_values_round_trip(void **state)
{
    (void)state;
    char *doc = fixture_slurp("tests/fuzz/corpus/credit_xml/credit-policy.xml");
    int bad = 0;
    for (size_t i = 0; i < sizeof ACCEPTED / sizeof ACCEPTED[0]; i++) {
        const accepted *a = &ACCEPTED[i];
        char *m = fixture_replace(doc, a->from, a->to);
        clm_credit_policy *p = NULL;
        int rc = clm_credit_policy_load_xml(&p, m, strlen(m), "ok", NULL);
        free(m);
        if (rc != 0) {
            print_message("value %zu (%s) is refused: %s\n", i, a->to, clm_error_last()->message);
            bad++;
            continue;
        }
        char *x = NULL, *y = NULL;
        size_t nx = 0, ny = 0;
        CHECK_OK(clm_credit_policy_save_xml(&x, &nx, p));
        if (a->saved != NULL && strstr(x, a->saved) == NULL) {
            print_message("value %zu (%s) is not saved as %s\n", i, a->to, a->saved);
            bad++;
        }
        clm_credit_policy *q = NULL;
        CHECK_OK(clm_credit_policy_load_xml(&q, x, nx, "saved", NULL));
        CHECK_OK(clm_credit_policy_save_xml(&y, &ny, q));
        if (nx != ny || memcmp(x, y, nx) != 0) {
            print_message("value %zu (%s): the second save differs\n", i, a->to);
            bad++;
        }
        clm_free(x);
        clm_free(y);
        clm_credit_policy_free(q);
        clm_credit_policy_free(p);
    }
    assert_int_equal(bad, 0);
    free(doc);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_accepted_values_round_trip),
    };
    return core_run("coverage_credit_policy_xml", tests, sizeof tests / sizeof tests[0], NULL, 0,
                    argc, argv);
}
