/* fuzz_credit_xml.c — the credit module's XML readers on every input:
 * clm_credit_statements_load_xml(), clm_credit_model_load_xml() and
 * clm_credit_policy_load_xml(). Each returns a documented code and leaves
 * *out untouched on failure; what loads saves, loads back and saves to the
 * same bytes; a model loaded back scores the loaded statements (or the
 * sample statements) exactly as the first. */
#include "fuzz.h"

#include <math.h>

/* A small, healthy balance sheet for models to score when the input is
 * not a set of statements (thousand RUB, in minor units). */
static clm_credit_statements *sample_statements(void)
{
    static const char xml[] =
        "<credit-statements xmlns=\"urn:libclm:credit-statements:1\" currency=\"RUB\">"
        "<current>"
        "<line code=\"1100\" amount=\"4000000.00 RUB\"/><line code=\"1200\" amount=\"6000000.00 RUB\"/>"
        "<line code=\"1300\" amount=\"5000000.00 RUB\"/><line code=\"1370\" amount=\"3000000.00 RUB\"/>"
        "<line code=\"1400\" amount=\"1000000.00 RUB\"/><line code=\"1500\" amount=\"4000000.00 RUB\"/>"
        "<line code=\"1600\" amount=\"10000000.00 RUB\"/><line code=\"2110\" amount=\"15000000.00 RUB\"/>"
        "<line code=\"2300\" amount=\"1250000.00 RUB\"/><line code=\"2400\" amount=\"1000000.00 RUB\"/>"
        "</current></credit-statements>";
    clm_credit_statements *st = NULL;
    if (clm_credit_statements_load_xml(&st, xml, sizeof xml - 1, "sample", NULL) != 0)
        fuzz_die("the sample statements do not load: %s", clm_error_last()->message);
    return st;
}

static void same_score(const clm_credit_model *a, const clm_credit_model *b,
                       const clm_credit_statements *st)
{
    clm_credit_result *ra = NULL, *rb = NULL;
    int ca = clm_credit_model_score(&ra, a, st);
    int cb = clm_credit_model_score(&rb, b, st);
    FUZZ_CHECK(ca == cb, "score returns %d, after reload %d", ca, cb);
    if (ca == 0) {
        clm_credit_summary sa, sb;
        FUZZ_CHECK(clm_credit_result_summary(&sa, ra) == 0 && clm_credit_result_summary(&sb, rb) == 0,
                   "summary of a result failed");
        FUZZ_CHECK((isnan(sa.score) && isnan(sb.score)) || sa.score == sb.score,
                   "score %.17g, after reload %.17g", sa.score, sb.score);
        FUZZ_CHECK(sa.level == sb.level, "band level differs after reload");
    }
    clm_credit_result_free(ra);
    clm_credit_result_free(rb);
}

static void statements(const uint8_t *data, size_t size, clm_credit_statements **keep)
{
    clm_credit_statements *s = FUZZ_SENTINEL;
    int rc = clm_credit_statements_load_xml(&s, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_credit_statements_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA,
            CLM_ECURRENCY);
    if (rc != 0) {
        FUZZ_CHECK(s == FUZZ_SENTINEL, "clm_credit_statements_load_xml changed *out on failure");
        return;
    }
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    FUZZ_CHECK(clm_credit_statements_save_xml(&x1, &n1, s) == 0, "save of loaded statements failed");
    clm_credit_statements *t = NULL;
    rc = clm_credit_statements_load_xml(&t, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "saved statements do not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_credit_statements_save_xml(&x2, &n2, t) == 0, "second save failed");
    fuzz_same_bytes("credit statements", x1, n1, x2, n2);
    clm_free(x1);
    clm_free(x2);
    clm_credit_statements_free(t);
    *keep = s;
}

static void model(const uint8_t *data, size_t size, const clm_credit_statements *st)
{
    clm_credit_model *m = FUZZ_SENTINEL;
    int rc = clm_credit_model_load_xml(&m, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_credit_model_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA);
    if (rc != 0) {
        FUZZ_CHECK(m == FUZZ_SENTINEL, "clm_credit_model_load_xml changed *out on failure");
        return;
    }
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    FUZZ_CHECK(clm_credit_model_save_xml(&x1, &n1, m) == 0, "save of a loaded model failed");
    clm_credit_model *q = NULL;
    rc = clm_credit_model_load_xml(&q, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "the saved model does not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_credit_model_save_xml(&x2, &n2, q) == 0, "second save failed");
    fuzz_same_bytes("credit model", x1, n1, x2, n2);
    same_score(m, q, st);
    clm_free(x1);
    clm_free(x2);
    clm_credit_model_free(q);
    clm_credit_model_free(m);
}

static void policy(const uint8_t *data, size_t size)
{
    clm_credit_policy *p = FUZZ_SENTINEL;
    int rc = clm_credit_policy_load_xml(&p, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_credit_policy_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA, CLM_ECURRENCY);
    if (rc != 0) {
        FUZZ_CHECK(p == FUZZ_SENTINEL, "clm_credit_policy_load_xml changed *out on failure");
        return;
    }
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    FUZZ_CHECK(clm_credit_policy_save_xml(&x1, &n1, p) == 0, "save of a loaded policy failed");
    clm_credit_policy *q = NULL;
    rc = clm_credit_policy_load_xml(&q, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "the saved policy does not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_credit_policy_save_xml(&x2, &n2, q) == 0, "second save failed");
    fuzz_same_bytes("credit policy", x1, n1, x2, n2);
    clm_free(x1);
    clm_free(x2);
    clm_credit_policy_free(q);
    clm_credit_policy_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_credit_statements *st = NULL;
    statements(data, size, &st);
    clm_credit_statements *sample = st == NULL ? sample_statements() : NULL;
    model(data, size, st != NULL ? st : sample);
    policy(data, size);
    clm_credit_statements_free(st);
    clm_credit_statements_free(sample);
    return 0;
}
