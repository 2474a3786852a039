/*
 * category_validate_test.c — the category policy validator
 * (clm/category_validate.h): rules that can never fire (RFM parts and
 * cells the scoring cannot produce, contradictory ranges, two values of a
 * text fact, an empty "any"), rules shadowed by an earlier rule of their
 * category, unassignable categories; no finding on rules that can matter
 * (the sample policy, near misses); an unknown fact refused at load; OOM.
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
#include "oom.h"

#define HEAD "<category-policy xmlns=\"urn:libclm:category-policy:1\" name=\"t\" currency=\"RUB\">" \
             "<category name=\"k\"><assign-role name=\"manager\"/></category>"
#define TAIL "</category-policy>"

static clm_category_policy *load(const char *xml)
{
    clm_category_policy *p = NULL;
    int rc = clm_category_policy_load_xml(&p, xml, strlen(xml), "t.xml", NULL);
    if (rc != 0)
        fail_msg("load: %s", clm_error_last()->message);
    return p;
}

/* "code:rule:other" of each finding, joined by spaces */
static void expect(const char *xml, const char *want)
{
    clm_category_policy *p = load(xml);
    clm_category_findings *f = NULL;
    assert_int_equal(clm_category_policy_validate(&f, p), 0);
    char got[1024] = "";
    for (size_t i = 0; i < clm_category_findings_count(f); i++) {
        const clm_category_finding *x = clm_category_findings_at(f, i);
        char one[200];
        snprintf(one, sizeof one, "%s%s:%s:%s", i ? " " : "", x->code, x->rule ? x->rule : x->category,
                 x->other ? x->other : "");
        strcat(got, one);
        assert_non_null(x->message);
        assert_int_equal(x->is_error, x->kind == CLM_CATEGORY_FINDING_NEVER_FIRES);
    }
    assert_null(clm_category_findings_at(f, clm_category_findings_count(f)));
    if (strcmp(got, want) != 0)
        fail_msg("findings \"%s\", expected \"%s\"", got, want);
    clm_category_findings_free(f);
    clm_category_policy_free(p);
}

#define RULE(name, body) "<rule name=\"" name "\" category=\"k\">" body "</rule>"

static void test_never_fires(void **state)
{
    (void)state;
    /* RFM cells have digits 1..5: nothing in 560..599, but 551..555 exist */
    expect(HEAD RULE("r1", "<range fact=\"rfm-cell\" min=\"560\" max=\"599\"/>")
               RULE("r2", "<range fact=\"rfm-cell\" min=\"551\" max=\"599\"/>") TAIL,
           "never-fires:r1:");
    expect(HEAD RULE("r1", "<compare fact=\"rfm-r\" op=\"gt\" value=\"5\"/>")
               RULE("r2", "<compare fact=\"rfm-m\" op=\"lt\" value=\"1\"/>")
               RULE("r3", "<compare fact=\"rfm-f\" op=\"ge\" value=\"5\"/>") TAIL,
           "never-fires:r1: never-fires:r2:");
    /* contradictory ranges of one fact under all (nested all too) */
    expect(HEAD RULE("r1", "<all><compare fact=\"turnover\" op=\"ge\" value=\"1000000.00 RUB\"/>"
                           "<all><compare fact=\"turnover\" op=\"lt\" value=\"500000.00 RUB\"/></all></all>")
               RULE("r2", "<all><compare fact=\"tenure-days\" op=\"ge\" value=\"10\"/>"
                          "<compare fact=\"tenure-days\" op=\"le\" value=\"10\"/></all>")
               RULE("r3", "<all><compare fact=\"tenure-days\" op=\"eq\" value=\"10\"/>"
                          "<compare fact=\"tenure-days\" op=\"ne\" value=\"10\"/></all>") TAIL,
           "never-fires:r1: never-fires:r3:");
    /* two values of one text fact; a set and a value that do not meet */
    expect(HEAD RULE("r1", "<all><compare fact=\"region\" op=\"eq\" value=\"Moscow\"/>"
                           "<compare fact=\"region\" op=\"eq\" value=\"Kazan\"/></all>")
               RULE("r2", "<all><in fact=\"region\"><value>Moscow</value><value>Kazan</value></in>"
                          "<compare fact=\"region\" op=\"ne\" value=\"Moscow\"/></all>")
               RULE("r3", "<all><in fact=\"abc\"><value>A</value></in>"
                          "<compare fact=\"abc\" op=\"ne\" value=\"A\"/></all>") TAIL,
           "never-fires:r1: never-fires:r3:");
    /* structure: an empty any; any whose branches all fail; not of true */
    expect(HEAD RULE("r1", "<any/>")
               RULE("r2", "<any><compare fact=\"rfm-r\" op=\"gt\" value=\"5\"/>"
                          "<range fact=\"rfm-cell\" min=\"600\" max=\"700\"/></any>")
               RULE("r3", "<not><all/></not>")
               RULE("r4", "<not><compare fact=\"rfm-r\" op=\"gt\" value=\"5\"/></not>") TAIL,
           "never-fires:r1: never-fires:r2: never-fires:r3:");
}

static void test_shadowed(void **state)
{
    (void)state;
    /* a wider earlier rule; the same condition; an always-true rule */
    expect(HEAD RULE("wide", "<compare fact=\"turnover\" op=\"ge\" value=\"1000000.00 RUB\"/>")
               RULE("narrow", "<all><range fact=\"turnover\" min=\"2000000.00 RUB\" max=\"3000000.00 RUB\"/>"
                              "<in fact=\"xyz\"><value>X</value></in></all>")
               RULE("again", "<compare fact=\"turnover\" op=\"ge\" value=\"1000000.00 RUB\"/>") TAIL,
           "shadowed:narrow:wide shadowed:again:wide");
    expect(HEAD RULE("always", "<all/>") RULE("later", "<known fact=\"region\"/>") TAIL, "shadowed:later:always");
    /* sets and RFM: the scores 4 and 5 are all of "> 3"; a cell range and
     * a set of cells in it */
    expect(HEAD RULE("r45", "<in fact=\"rfm-r\"><value>4</value><value>5</value></in>")
               RULE("r-gt3", "<compare fact=\"rfm-r\" op=\"gt\" value=\"3\"/>")
               RULE("r3", "<compare fact=\"rfm-r\" op=\"ge\" value=\"3\"/>")
               RULE("cells", "<range fact=\"rfm-cell\" min=\"500\" max=\"599\"/>")
               RULE("cell-set", "<in fact=\"rfm-cell\"><value>555</value><value>511</value></in>")
               RULE("regions", "<in fact=\"region\"><value>Moscow</value></in>")
               RULE("moscow", "<all><compare fact=\"region\" op=\"eq\" value=\"Moscow\"/>"
                              "<compare fact=\"rfm-f\" op=\"eq\" value=\"1\"/></all>") TAIL,
           "shadowed:r-gt3:r45 shadowed:cell-set:cells shadowed:moscow:regions");
    /* near misses: a narrower earlier rule shadows nothing; other
     * categories never shadow; "known" does not imply a value */
    expect("<category-policy xmlns=\"urn:libclm:category-policy:1\" name=\"t\" currency=\"RUB\">"
           "<category name=\"k\"><assign-role name=\"manager\"/></category>"
           "<category name=\"j\"><assign-role name=\"manager\"/></category>"
           "<rule name=\"narrow\" category=\"k\"><compare fact=\"turnover\" op=\"ge\" value=\"2000000.00 RUB\"/></rule>"
           "<rule name=\"wide\" category=\"k\"><compare fact=\"turnover\" op=\"ge\" value=\"1000000.00 RUB\"/></rule>"
           "<rule name=\"other-cat\" category=\"j\"><compare fact=\"turnover\" op=\"ge\" value=\"3000000.00 RUB\"/></rule>"
           "<rule name=\"eq\" category=\"j\"><compare fact=\"region\" op=\"eq\" value=\"Kazan\"/></rule>"
           "<rule name=\"known\" category=\"j\"><known fact=\"region\"/></rule>"
           "<rule name=\"any\" category=\"j\"><any><known fact=\"abc\"/></any></rule>"
           "<rule name=\"any2\" category=\"j\"><all><any><known fact=\"abc\"/></any>"
           "<known fact=\"xyz\"/></all></rule>" TAIL,
           "shadowed:any2:any");
}

static void test_unassignable(void **state)
{
    (void)state;
    expect("<category-policy xmlns=\"urn:libclm:category-policy:1\" name=\"t\" currency=\"RUB\">"
           "<category name=\"by-hand\"><assign-role name=\"director\"/></category>"
           "<category name=\"by-rule\"/>"
           "<category name=\"nobody\"/>"
           "<category name=\"dead\"/>"
           "<rule name=\"r\" category=\"by-rule\"><known fact=\"abc\"/></rule>"
           "<rule name=\"d\" category=\"dead\"><compare fact=\"rfm-r\" op=\"eq\" value=\"5\"/>"
           "</rule><rule name=\"d2\" category=\"dead\"><compare fact=\"rfm-r\" op=\"ge\" value=\"6\"/></rule>" TAIL,
           "never-fires:d2: unassignable:nobody:");
}

static void test_samples(void **state)
{
    (void)state;
    const char *root = getenv("CLM_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/data/category-policy.xml", root != NULL ? root : "..");
    clm_category_policy *p = NULL;
    assert_int_equal(clm_category_policy_load_file(&p, path, NULL), 0);
    clm_category_findings *f = NULL;
    assert_int_equal(clm_category_policy_validate(&f, p), 0);
    assert_int_equal(clm_category_findings_count(f), 0);
    clm_category_findings_free(f);
    clm_category_policy_free(p);

    snprintf(path, sizeof path, "%s/examples/data/category-policy-findings.xml", root != NULL ? root : "..");
    assert_int_equal(clm_category_policy_load_file(&p, path, NULL), 0);
    assert_int_equal(clm_category_policy_validate(&f, p), 0);
    assert_int_equal(clm_category_findings_count(f), 5);
    assert_int_equal(clm_category_findings_errors(f), 3);
    clm_category_findings_free(f);
    clm_category_policy_free(p);

    /* a fact the library does not know is refused at load, naming it */
    snprintf(path, sizeof path, "%s/examples/data/category-policy-unknown-fact.xml", root != NULL ? root : "..");
    p = NULL;
    assert_int_equal(clm_category_policy_load_file(&p, path, NULL), CLM_ESCHEMA);
    assert_null(p);
    assert_non_null(strstr(clm_error_last()->message, "'loyalty'"));
    assert_int_equal(clm_error_last()->line, 7);

    assert_int_equal(clm_category_policy_validate(NULL, p), CLM_EINVAL);
    assert_int_equal(clm_category_policy_validate(&f, NULL), CLM_EINVAL);
    assert_int_equal(clm_category_findings_count(NULL), 0);
}

static void *oom_setup(void)
{
    return load(HEAD RULE("wide", "<compare fact=\"turnover\" op=\"ge\" value=\"1.00 RUB\"/>")
                    RULE("narrow", "<compare fact=\"turnover\" op=\"ge\" value=\"2.00 RUB\"/>")
                    RULE("never", "<compare fact=\"rfm-r\" op=\"gt\" value=\"5\"/>") TAIL);
}

static int oom_op(void *state)
{
    clm_category_findings *f = NULL;
    int rc = clm_category_policy_validate(&f, state);
    clm_category_findings_free(f);
    return rc;
}

static void oom_teardown(void *state)
{
    clm_category_policy_free(state);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case c = {oom_setup, oom_op, NULL, oom_teardown};
    assert_true(oom_check(&c) >= 3);
}

int main(void)
{
    oom_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_never_fires),
        cmocka_unit_test(test_shadowed),
        cmocka_unit_test(test_unassignable),
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
