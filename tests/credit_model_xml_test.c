/*
 * credit_model_xml_test.c — models and statements as XML files
 * (clm/credit_model.h, schemas credit-model.xsd and credit-statements.xsd),
 * and the shipped samples in examples/data/credit/.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/alloc.h"
#include "clm/credit_model.h"
#include "clm/error.h"
#include "clm/xml.h"
#include "core_check.h"
#include "oom.h"

static char *sample(const char *name)
{
    static char path[4096];
    const char *root = getenv("CLM_SOURCE_ROOT");
    snprintf(path, sizeof path, "%s/examples/data/credit/%s", root != NULL ? root : ".", name);
    return path;
}

static clm_credit_statements *test_company(void)
{
    static const char xml[] =
        "<credit-statements xmlns='urn:libclm:credit-statements:1' currency='RUB'>\n"
        " <current>\n"
        "  <line code='1100' amount='4000000.00 RUB'/> <line code='1200' amount='6000000.00 RUB'/>\n"
        "  <line code='1210' amount='1500000.00 RUB'/>\n"
        "  <line code='1300' amount='5000000.00 RUB'/> <line code='1370' amount='3000000.00 RUB'/>\n"
        "  <line code='1400' amount='1000000.00 RUB'/> <line code='1500' amount='4000000.00 RUB'/>\n"
        "  <line code='1600' amount='10000000.00 RUB'/> <line code='2110' amount='15000000.00 RUB'/>\n"
        "  <line code='2120' amount='11000000.00 RUB'/> <line code='2210' amount='1200000.00 RUB'/>\n"
        "  <line code='2220' amount='1300000.00 RUB'/> <line code='2200' amount='1500000.00 RUB'/>\n"
        "  <line code='2330' amount='200000.00 RUB'/> <line code='2300' amount='1250000.00 RUB'/>\n"
        "  <line code='2400' amount='1000000.00 RUB'/>\n"
        " </current>\n"
        " <market-equity amount='7500000.00 RUB'/>\n"
        "</credit-statements>\n";
    clm_credit_statements *st = NULL;
    CHECK_RC(clm_credit_statements_load_xml(&st, xml, sizeof xml - 1, "company.xml", NULL), 0);
    return st;
}

/* The XML form of Altman's Z gives the built-in's score, to the bit. */
static void altman_xml_equals_builtin(void **state)
{
    (void)state;
    clm_credit_statements *st = test_company();
    clm_credit_model *x = NULL, *b = NULL;
    CHECK_RC(clm_credit_model_load_file(&x, sample("altman-z-model.xml"), NULL), 0);
    CHECK_RC(clm_credit_model_builtin(&b, CLM_CREDIT_ALTMAN_Z, NULL), 0);
    double sx, sb;
    clm_credit_band lx, lb;
    CHECK_RC(clm_credit_model_evaluate(&sx, &lx, x, st), 0);
    CHECK_RC(clm_credit_model_evaluate(&sb, &lb, b, st), 0);
    assert_true(sx == sb);
    assert_true(fabs(sx - 3.5385) < 1e-12);
    assert_int_equal(lx, lb);
    assert_string_equal(clm_credit_model_name(x), "altman-z-xml");
    /* On the given ratios of docs/rules.md (2.169, grey) too. */
    clm_credit_statements *r = NULL;
    CHECK_RC(clm_credit_statements_new(&r, "RUB"), 0);
    const char *names[] = { "wc/ta", "re/ta", "ebit/ta", "mve/tl", "sales/ta" };
    const double v[] = { 0.10, 0.20, 0.13, 0.65, 0.95 };
    for (int i = 0; i < 5; i++)
        CHECK_RC(clm_credit_statements_set_ratio(r, names[i], v[i]), 0);
    CHECK_RC(clm_credit_model_evaluate(&sx, &lx, x, r), 0);
    assert_true(fabs(sx - 2.169) < 1e-12);
    assert_int_equal(lx, CLM_CREDIT_BAND_GREY);
    clm_credit_statements_free(r);
    clm_credit_model_free(x);
    clm_credit_model_free(b);
    clm_credit_statements_free(st);
}

/* The sample of Taffler (1983) as a model of your own gives the built-in's
 * score to the bit: on the test company (6.126287, not-at-risk) and on a
 * score of 0 in decimals (3.2 + 2.5 x 0.0016 - 10.68 x 0.3), which both
 * band not-at-risk. */
static void taffler_1983_xml_equals_builtin(void **state)
{
    (void)state;
    clm_credit_statements *st = test_company();
    clm_credit_model *x = NULL, *b = NULL;
    CHECK_RC(clm_credit_model_load_file(&x, sample("taffler-1983-model.xml"), NULL), 0);
    CHECK_RC(clm_credit_model_builtin(&b, CLM_CREDIT_TAFFLER_1983, NULL), 0);
    double sx, sb;
    clm_credit_band lx, lb;
    CHECK_RC(clm_credit_model_evaluate(&sx, &lx, x, st), 0);
    CHECK_RC(clm_credit_model_evaluate(&sb, &lb, b, st), 0);
    assert_true(sx == sb);
    assert_true(fabs(sx - 6.126287037) < 5e-9);
    assert_int_equal(lx, CLM_CREDIT_BAND_SAFE);
    assert_int_equal(lb, CLM_CREDIT_BAND_SAFE);
    clm_credit_statements *r = NULL;
    CHECK_RC(clm_credit_statements_new(&r, "RUB"), 0);
    const char *names[] = { "pbt/cl", "ca/tl", "cl/ta", "nci-years" };
    const double v[] = { 0, 0.0016, 0.3, 0 };
    for (int i = 0; i < 4; i++)
        CHECK_RC(clm_credit_statements_set_ratio(r, names[i], v[i]), 0);
    CHECK_RC(clm_credit_model_evaluate(&sx, &lx, x, r), 0);
    CHECK_RC(clm_credit_model_evaluate(&sb, &lb, b, r), 0);
    assert_true(sx == sb);
    assert_true(fabs(sx) < 1e-12);
    assert_int_equal(lx, CLM_CREDIT_BAND_SAFE);
    assert_int_equal(lb, CLM_CREDIT_BAND_SAFE);
    clm_credit_statements_free(r);
    clm_credit_model_free(x);
    clm_credit_model_free(b);
    clm_credit_statements_free(st);
}

/* Every built-in model saves to XML that loads back into a model with the
 * same scores and saves to the same text. */
static void builtin_round_trip(void **state)
{
    (void)state;
    clm_credit_statements *st = test_company();
    for (int i = 0; i < CLM_CREDIT_BUILTIN_COUNT; i++) {
        clm_credit_model *b = NULL, *x = NULL;
        CHECK_RC(clm_credit_model_builtin(&b, (clm_credit_builtin)i, NULL), 0);
        char *t1 = NULL, *t2 = NULL;
        size_t l1 = 0;
        CHECK_RC(clm_credit_model_save_xml(&t1, &l1, b), 0);
        assert_int_equal(l1, strlen(t1));
        CHECK_RC(clm_credit_model_load_xml(&x, t1, l1, "saved", NULL), 0);
        CHECK_RC(clm_credit_model_save_xml(&t2, NULL, x), 0);
        assert_string_equal(t1, t2);
        clm_credit_result *rb = NULL, *rx = NULL;
        CHECK_RC(clm_credit_model_score(&rb, b, st), 0);
        CHECK_RC(clm_credit_model_score(&rx, x, st), 0);
        clm_credit_summary sb, sx;
        CHECK_RC(clm_credit_result_summary(&sb, rb), 0);
        CHECK_RC(clm_credit_result_summary(&sx, rx), 0);
        assert_true(sb.score == sx.score);
        assert_true(sb.banded == sx.banded);
        assert_true(sb.probability == sx.probability);
        assert_string_equal(sb.band, sx.band);
        assert_string_equal(sb.source, sx.source);
        clm_credit_result_free(rb);
        clm_credit_result_free(rx);
        clm_free(t1);
        clm_free(t2);
        clm_credit_model_free(b);
        clm_credit_model_free(x);
    }
    /* The EM variant keeps its constant and what its bands read. */
    clm_credit_model *em = NULL;
    CHECK_RC(clm_credit_model_builtin(&em, CLM_CREDIT_ALTMAN_Z_EM, NULL), 0);
    char *t = NULL;
    CHECK_RC(clm_credit_model_save_xml(&t, NULL, em), 0);
    assert_non_null(strstr(t, "constant=\"3.25\" band-on=\"score-without-constant\""));
    assert_non_null(strstr(t, "<band name=\"grey\" level=\"grey\" to=\"2.6\""));
    clm_free(t);
    clm_credit_model_free(em);
    clm_credit_statements_free(st);
}

static void statements_round_trip(void **state)
{
    (void)state;
    const char *files[] = { "healthy-statements.xml", "distressed-statements.xml" };
    for (int f = 0; f < 2; f++) {
        clm_credit_statements *a = NULL, *b = NULL;
        CHECK_RC(clm_credit_statements_load_file(&a, sample(files[f]), NULL), 0);
        CHECK_RC(clm_credit_statements_set_ratio(a, "extra", 0.125), 0);
        char *t1 = NULL, *t2 = NULL;
        size_t l1;
        CHECK_RC(clm_credit_statements_save_xml(&t1, &l1, a), 0);
        CHECK_RC(clm_credit_statements_load_xml(&b, t1, l1, "saved", NULL), 0);
        CHECK_RC(clm_credit_statements_save_xml(&t2, NULL, b), 0);
        assert_string_equal(t1, t2);
        assert_non_null(strstr(t1, "<ratio name=\"extra\" value=\"0.125\"/>"));
        assert_non_null(strstr(t1, "<prior>"));
        clm_money m;
        CHECK_RC(clm_credit_statements_get(&m, b, CLM_CREDIT_PRIOR, 1600), 0);
        assert_true(m.amount > 0);
        clm_free(t1);
        clm_free(t2);
        clm_credit_statements_free(a);
        clm_credit_statements_free(b);
    }
}

/* The shipped samples: the healthy company is safe, the distressed one in
 * distress, on every built-in model but one: the two-factor model with its
 * published coefficients is positive (above 50 %) only when CA/CL is below
 * (0.0579 x borrowed/total - 0.3877) / 1.0736, which is negative unless
 * borrowed capital is over 6.7 times the balance total: it never flags a
 * real company (docs/rules.md). */
static void samples_band(void **state)
{
    (void)state;
    const char *files[] = { "healthy-statements.xml", "distressed-statements.xml" };
    const clm_credit_band want[] = { CLM_CREDIT_BAND_SAFE, CLM_CREDIT_BAND_DISTRESS };
    for (int f = 0; f < 2; f++) {
        clm_credit_statements *st = NULL;
        CHECK_RC(clm_credit_statements_load_file(&st, sample(files[f]), NULL), 0);
        clm_credit_results *rs = NULL;
        CHECK_RC(clm_credit_score_builtins(&rs, st, NULL), 0);
        for (size_t i = 0; i < clm_credit_results_count(rs); i++) {
            int err = 0;
            const char *msg = NULL;
            const clm_credit_result *r = clm_credit_results_get(rs, i, &err, &msg);
            if (r == NULL)
                fail_msg("%s, model %zu: %s", files[f], i, msg);
            clm_credit_summary s;
            CHECK_RC(clm_credit_result_summary(&s, r), 0);
            if (f == 1 && i == CLM_CREDIT_TWO_FACTOR) {
                assert_int_equal(s.level, CLM_CREDIT_BAND_SAFE);
                assert_true(s.score < 0);
                continue;
            }
            if (s.level != want[f])
                fail_msg("%s: %s scores %.6f, band %s", files[f], s.model, s.score, s.band);
        }
        clm_credit_results_free(rs);
        clm_credit_statements_free(st);
    }
    clm_credit_model *m = NULL;
    CHECK_RC(clm_credit_model_load_file(&m, sample("liquidity-logit-model.xml"), NULL), 0);
    assert_int_equal(clm_credit_model_kind(m), CLM_CREDIT_LOGIT);
    clm_credit_model_free(m);
}

/* The bands of every built-in model feed the composite grade: the healthy
 * sample grades better than the distressed one on the models alone. */
static void bands_feed_the_grade(void **state)
{
    (void)state;
    const char *files[] = { "healthy-statements.xml", "distressed-statements.xml" };
    clm_credit_policy *p = NULL;
    CHECK_RC(clm_credit_policy_new(&p, "default", "RUB"), 0);
    size_t grade_index[2];
    for (int f = 0; f < 2; f++) {
        clm_credit_statements *st = NULL;
        CHECK_RC(clm_credit_statements_load_file(&st, sample(files[f]), NULL), 0);
        clm_credit_results *rs = NULL;
        CHECK_RC(clm_credit_score_builtins(&rs, st, NULL), 0);
        clm_credit_band bands[CLM_CREDIT_BUILTIN_COUNT];
        size_t n = 0;
        CHECK_RC(clm_credit_results_bands(NULL, 0, &n, rs), 0); /* the size query */
        assert_int_equal(n, CLM_CREDIT_BUILTIN_COUNT);
        /* Too small: fails, names both figures, and changes nothing. */
        for (size_t i = 0; i < CLM_CREDIT_BUILTIN_COUNT; i++)
            bands[i] = (clm_credit_band)77;
        n = 12345;
        CHECK_RC(clm_credit_results_bands(bands, 3, &n, rs), CLM_EBUFSIZE);
        assert_int_equal(n, 12345);
        for (size_t i = 0; i < CLM_CREDIT_BUILTIN_COUNT; i++)
            assert_int_equal(bands[i], 77);
        char want[64];
        snprintf(want, sizeof want, "%d bands, room for 3", (int)CLM_CREDIT_BUILTIN_COUNT);
        assert_non_null(strstr(clm_error_last()->message, want));
        CHECK_RC(clm_credit_results_bands(NULL, 1, &n, rs), CLM_EINVAL);
        assert_int_equal(n, 12345);
        CHECK_RC(clm_credit_results_bands(bands, CLM_CREDIT_BUILTIN_COUNT, &n, rs), 0);
        assert_int_equal(n, CLM_CREDIT_BUILTIN_COUNT);
        assert_int_equal(bands[CLM_CREDIT_ALTMAN_Z], f == 0 ? CLM_CREDIT_BAND_SAFE
                                                            : CLM_CREDIT_BAND_DISTRESS);
        clm_credit_grade_input in = CLM_CREDIT_GRADE_INPUT_INIT;
        in.bands = bands;
        in.band_count = n;
        clm_credit_grade g;
        CHECK_RC(clm_credit_grade_compute(&g, p, &in), 0);
        assert_true(g.part[CLM_CREDIT_GRADE_MODELS].present);
        grade_index[f] = g.grade_index;
        clm_credit_results_free(rs);
        clm_credit_statements_free(st);
    }
    assert_true(grade_index[0] < grade_index[1]);
    clm_credit_policy_free(p);
}

typedef struct bad {
    const char *body;
    int rc;
    const char *want[3];
} bad;

#define MODEL_HEAD "<credit-model xmlns='urn:libclm:credit-model:1' name='m' kind='linear'>\n"
#define OK_RATIO "<ratio name='r' coefficient='1' numerator='1200' denominator='1500'/>\n"
#define OK_BAND "<band name='all' level='grey'/>\n"

static const bad bad_models[] = {
    { MODEL_HEAD "<ratio name='r' coefficient='1' numerator='1234'/>\n" OK_BAND "</credit-model>",
      CLM_ESCHEMA, { ".xml:2:", "numerator", "1234" } },
    { MODEL_HEAD OK_RATIO OK_RATIO OK_BAND "</credit-model>", CLM_ESCHEMA,
      { ".xml:3:", "name", "twice" } },
    { MODEL_HEAD OK_RATIO "<band name='a' level='grey' below='2'/>\n"
      "<band name='b' level='grey' below='1'/>\n" OK_BAND "</credit-model>", CLM_ESCHEMA,
      { ".xml:4:", "below", "not above" } },
    { MODEL_HEAD OK_RATIO "<band name='a' level='grey' below='2'/>\n</credit-model>",
      CLM_ESCHEMA, { ".xml:3:", "open upwards", NULL } },
    { MODEL_HEAD OK_RATIO "<band name='a' level='grey' below='2' to='3'/>\n" OK_BAND
      "</credit-model>", CLM_ESCHEMA, { ".xml:3:", "not both", NULL } },
    { MODEL_HEAD OK_RATIO "<band name='a' level='green'/>\n</credit-model>", CLM_ESCHEMA,
      { ".xml:3:", NULL, NULL } },
    { "<credit-model xmlns='urn:libclm:credit-model:1' name='m' kind='linear'"
      " band-on='probability'>\n" OK_RATIO OK_BAND "</credit-model>", CLM_ESCHEMA,
      { ".xml:1:", "band-on", "no probability" } },
    { "<credit-model xmlns='urn:libclm:credit-model:1' name='m' kind='cubic'>\n" OK_RATIO OK_BAND
      "</credit-model>", CLM_ESCHEMA, { ".xml:1:", NULL, NULL } },
    { MODEL_HEAD "<ratio name='r' coefficient='1e999' numerator='1200'/>\n" OK_BAND
      "</credit-model>", CLM_ESCHEMA, { ".xml:2:", "coefficient", "finite" } },
    { MODEL_HEAD "<ratio name='r' coefficient='1' numerator='1200'/>\n" OK_BAND,
      CLM_EPARSE, { NULL, NULL, NULL } },
    { "<!DOCTYPE x [<!ENTITY e 'x'>]>" MODEL_HEAD OK_RATIO OK_BAND "</credit-model>",
      CLM_EPARSE, { NULL, NULL, NULL } },
};

#define ST_HEAD "<credit-statements xmlns='urn:libclm:credit-statements:1' currency='RUB'>\n"

static const bad bad_statements[] = {
    { ST_HEAD "<current>\n<line code='1260' amount='1.00 RUB'/>\n</current>\n</credit-statements>",
      CLM_ESCHEMA, { ".xml:3:", "code", "1260" } },
    { ST_HEAD "<current>\n<line code='1200' amount='1.00 RUB'/>\n"
      "<line code='1200' amount='2.00 RUB'/>\n</current>\n</credit-statements>",
      CLM_ESCHEMA, { ".xml:4:", "code", "twice" } },
    { ST_HEAD "<current>\n<line code='1200' amount='1.00 USD'/>\n</current>\n</credit-statements>",
      CLM_ESCHEMA, { ".xml:3:", "amount", "USD" } },
    { ST_HEAD "<current/>\n<ratio name='x' value='1'/>\n<ratio name='x' value='2'/>\n"
      "</credit-statements>", CLM_ESCHEMA, { ".xml:4:", "name", "twice" } },
    { "<credit-statements xmlns='urn:libclm:credit-statements:1' currency='XXQ'>\n<current/>\n"
      "</credit-statements>", CLM_ESCHEMA, { ".xml:1:", "currency", NULL } },
    { ST_HEAD "<prior/>\n</credit-statements>", CLM_ESCHEMA, { NULL, NULL, NULL } },
    { ST_HEAD "<current>\n<line code='1200' amount='1.001 RUB'/>\n</current>\n"
      "</credit-statements>", CLM_ESCHEMA, { ".xml:3:", "amount", NULL } },
};

static void errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_models / sizeof bad_models[0]; i++) {
        const bad *b = &bad_models[i];
        /* *out is untouched on error: it still holds what it held */
        clm_credit_model *held = NULL, *m = NULL;
        CHECK_RC(clm_credit_model_builtin(&held, CLM_CREDIT_TAFFLER, NULL), 0);
        m = held;
        print_message("bad model %zu\n", i);
        CHECK_RC(clm_credit_model_load_xml(&m, b->body, strlen(b->body), "m.xml", NULL), b->rc);
        assert_ptr_equal(m, held);
        clm_credit_model_free(held);
        for (int k = 0; k < 3 && b->want[k] != NULL; k++)
            if (strstr(clm_error_last()->message, b->want[k]) == NULL)
                fail_msg("bad model %zu: '%s' lacks '%s'", i, clm_error_last()->message,
                         b->want[k]);
    }
    for (size_t i = 0; i < sizeof bad_statements / sizeof bad_statements[0]; i++) {
        const bad *b = &bad_statements[i];
        clm_credit_statements *held = NULL, *st = NULL;
        CHECK_RC(clm_credit_statements_new(&held, "RUB"), 0);
        st = held;
        print_message("bad statements %zu\n", i);
        CHECK_RC(clm_credit_statements_load_xml(&st, b->body, strlen(b->body), "s.xml", NULL),
                 b->rc);
        assert_ptr_equal(st, held);
        clm_credit_statements_free(held);
        for (int k = 0; k < 3 && b->want[k] != NULL; k++)
            if (strstr(clm_error_last()->message, b->want[k]) == NULL)
                fail_msg("bad statements %zu: '%s' lacks '%s'", i, clm_error_last()->message,
                         b->want[k]);
    }
    clm_credit_model *m = NULL;
    CHECK_RC(clm_credit_model_load_file(&m, "/nonexistent/model.xml", NULL), CLM_EIO);
    clm_credit_statements *st = NULL;
    CHECK_RC(clm_credit_statements_load_file(&st, "/nonexistent/st.xml", NULL), CLM_EIO);
    clm_xml_options o = CLM_XML_OPTIONS_INIT;
    o.max_bytes = 10;
    CHECK_RC(clm_credit_model_load_file(&m, sample("altman-z-model.xml"), &o), CLM_ELIMIT);
    o.version = 9;
    CHECK_RC(clm_credit_statements_load_file(&st, sample("healthy-statements.xml"), &o),
             CLM_EVERSION);
    CHECK_RC(clm_credit_model_load_xml(NULL, "x", 1, NULL, NULL), CLM_EINVAL);
    CHECK_RC(clm_credit_model_save_xml(NULL, NULL, NULL), CLM_EINVAL);
    assert_null(m);
    assert_null(st);
    assert_non_null(clm_xml_schema("credit-model"));
    assert_non_null(clm_xml_schema("credit-statements"));
}

/* ---- out of memory ------------------------------------------------------------- */

static char *oom_text;
static size_t oom_len;
static clm_credit_model *oom_model;
static clm_credit_statements *oom_st;
static char *oom_out;

static void *setup_model_text(void)
{
    FILE *f = fopen(sample("altman-z-model.xml"), "rb");
    assert_non_null(f);
    static char buf[8192];
    oom_len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    oom_text = buf;
    return NULL;
}
static void *setup_st_text(void)
{
    FILE *f = fopen(sample("distressed-statements.xml"), "rb");
    assert_non_null(f);
    static char buf[8192];
    oom_len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    oom_text = buf;
    return NULL;
}
static void teardown(void *s)
{
    (void)s;
    clm_credit_model_free(oom_model);
    oom_model = NULL;
    clm_credit_statements_free(oom_st);
    oom_st = NULL;
    clm_free(oom_out);
    oom_out = NULL;
}
static int op_load_model(void *s)
{
    (void)s;
    return clm_credit_model_load_xml(&oom_model, oom_text, oom_len, "m", NULL);
}
static int op_load_st(void *s)
{
    (void)s;
    return clm_credit_statements_load_xml(&oom_st, oom_text, oom_len, "s", NULL);
}
static int op_load_model_file(void *s)
{
    (void)s;
    return clm_credit_model_load_file(&oom_model, sample("altman-z-model.xml"), NULL);
}
static int op_load_st_file(void *s)
{
    (void)s;
    return clm_credit_statements_load_file(&oom_st, sample("healthy-statements.xml"), NULL);
}
static bool nothing_out(void *s)
{
    (void)s;
    return oom_model == NULL && oom_st == NULL && oom_out == NULL;
}
static void *setup_objects(void)
{
    oom_install();
    oom_fail_after(0);
    setup_model_text();
    CHECK_RC(clm_credit_model_load_xml(&oom_model, oom_text, oom_len, "m", NULL), 0);
    setup_st_text();
    CHECK_RC(clm_credit_statements_load_xml(&oom_st, oom_text, oom_len, "s", NULL), 0);
    return NULL;
}
static int op_save_both(void *s)
{
    (void)s;
    char *a = NULL;
    int rc = clm_credit_model_save_xml(&a, NULL, oom_model);
    if (rc == 0)
        rc = clm_credit_statements_save_xml(&oom_out, NULL, oom_st);
    clm_free(a);
    if (rc == 0) {
        clm_free(oom_out);
        oom_out = NULL;
    }
    return rc;
}
static bool out_untouched(void *s)
{
    (void)s;
    return oom_out == NULL;
}

static void oom(void **state)
{
    (void)state;
    oom_case a = { setup_model_text, op_load_model, nothing_out, teardown };
    assert_true(oom_check(&a) >= 5);
    oom_case b = { setup_st_text, op_load_st, nothing_out, teardown };
    assert_true(oom_check(&b) >= 1);
    oom_case c = { setup_objects, op_save_both, out_untouched, teardown };
    assert_true(oom_check(&c) >= 2);
    /* the file forms: the read buffer too */
    oom_case d = { NULL, op_load_model_file, nothing_out, teardown };
    assert_true(oom_check(&d) >= 5);
    oom_case e = { NULL, op_load_st_file, nothing_out, teardown };
    assert_true(oom_check(&e) >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(altman_xml_equals_builtin),
        cmocka_unit_test(taffler_1983_xml_equals_builtin),
        cmocka_unit_test(builtin_round_trip),
        cmocka_unit_test(statements_round_trip),
        cmocka_unit_test(samples_band),
        cmocka_unit_test(bands_feed_the_grade),
        cmocka_unit_test(errors),
        cmocka_unit_test(oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
