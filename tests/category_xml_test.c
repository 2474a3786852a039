/*
 * category_xml_test.c — category policies in XML (category.h, schema
 * category-policy.xsd): loading, saving, round trips, and bad policies:
 * malformed, schema-invalid, unknown category, bad values, DTD and external
 * entities, the size limit; each error names the line and the field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/alloc.h"
#include "clm/category.h"
#include "clm/error.h"
#include "clm/xml.h"
#include "oom.h"

#define D2025_06_30 20269
#define D2025_12_31 20453

static const char policy_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                   /* 1 */
    "<category-policy xmlns=\"urn:libclm:category-policy:1\" name=\"main\"\n"        /* 2 */
    "                 currency=\"RUB\">\n"                                           /* 3 */
    "  <category name=\"key\">\n"                                                    /* 4 */
    "    <assign-role name=\"head_of_department\"/>\n"                               /* 5 */
    "    <assign-role name=\"director\"/>\n"                                         /* 6 */
    "  </category>\n"                                                                /* 7 */
    "  <category name=\"regular\"><assign-role name=\"manager\"/></category>\n"      /* 8 */
    "  <category name=\"dormant\"/>\n"                                               /* 9 */
    "  <category name=\"capital\"/>\n"                                               /* 10 */
    "  <rule name=\"key-a\" category=\"key\">\n"                                     /* 11 */
    "    <all>\n"                                                                    /* 12 */
    "      <in fact=\"abc\"><value>A</value></in>\n"                                 /* 13 */
    "      <compare fact=\"turnover\" op=\"ge\" value=\"1000000.00 RUB\"/>\n"        /* 14 */
    "    </all>\n"                                                                   /* 15 */
    "  </rule>\n"                                                                    /* 16 */
    "  <rule name=\"key-champion\" category=\"key\">\n"                              /* 17 */
    "    <compare fact=\"rfm-cell\" op=\"eq\" value=\"555\"/>\n"                     /* 18 */
    "  </rule>\n"                                                                    /* 19 */
    "  <rule name=\"regular\" category=\"regular\">\n"                               /* 20 */
    "    <any><range fact=\"rfm-f\" min=\"4\" max=\"5\"/>\n"                         /* 21 */
    "         <compare fact=\"xyz\" op=\"eq\" value=\"X\"/></any>\n"                 /* 22 */
    "  </rule>\n"                                                                    /* 23 */
    "  <rule name=\"dormant\" category=\"dormant\">\n"                               /* 24 */
    "    <not><compare fact=\"days-since-purchase\" op=\"le\" value=\"180\"/></not>\n" /* 25 */
    "  </rule>\n"                                                                    /* 26 */
    "  <rule name=\"capital\" category=\"capital\">\n"                               /* 27 */
    "    <all><in fact=\"region\"><value>Moscow</value>"                             /* 28 */
    "<value>Saint Petersburg</value></in>\n"
    "      <compare fact=\"state\" op=\"ne\" value=\"lost\"/>\n"                     /* 29 */
    "      <known fact=\"client-since\"/>\n"                                         /* 30 */
    "      <range fact=\"client-since\" min=\"2000-01-01\" max=\"2025-12-31\"/>\n"   /* 31 */
    "    </all>\n"                                                                   /* 32 */
    "  </rule>\n"                                                                    /* 33 */
    "</category-policy>\n";

static clm_category_facts client(void)
{
    clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
    f.id = "C-1";
    memcpy(f.currency, "RUB", 4);
    f.turnover = 100000000;
    f.client_since = 19723;
    f.last_purchase = D2025_06_30;
    f.abc = CLM_ABC_A;
    f.xyz = CLM_XYZ_Y;
    f.rfm = (clm_rfm_score){ 5, 3, 5 };
    f.region = "Saint Petersburg";
    f.state = "active";
    return f;
}

static clm_category_policy *load(const char *xml)
{
    clm_category_policy *p = NULL;
    int rc = clm_category_policy_load_xml(&p, xml, strlen(xml), "test.xml", NULL);
    if (rc != 0)
        fail_msg("load: %d %s", rc, clm_error_last()->message);
    return p;
}

/* A result as these tests read it: the rule per category, as
 * clm_category_policy_evaluate() writes it into an array sized for the
 * largest policy, and the categories the client is in as bits. */
typedef struct result {
    uint64_t categories;
    uint32_t rule[CLM_CATEGORY_MAX];
} result;

static int eval(result *r, const clm_category_policy *p, const clm_category_facts *f,
                clm_date as_of)
{
    uint32_t rules[CLM_CATEGORY_MAX];
    int rc = clm_category_policy_evaluate(rules, CLM_CATEGORY_MAX, p, f, as_of);
    if (rc == 0) {
        r->categories = 0;
        for (size_t c = 0; c < CLM_CATEGORY_MAX; c++) {
            r->rule[c] = rules[c];
            if (rules[c] != CLM_CATEGORY_NO_RULE)
                r->categories |= UINT64_C(1) << c;
        }
    }
    return rc;
}

static void loads_and_evaluates(void **state)
{
    (void)state;
    clm_category_policy *p = load(policy_xml);
    assert_string_equal(clm_category_policy_name(p), "main");
    assert_string_equal(clm_category_policy_currency(p), "RUB");
    assert_int_equal(clm_category_policy_category_count(p), 4);
    assert_int_equal(clm_category_policy_rule_count(p), 5);
    assert_string_equal(clm_category_policy_rule_name(p, 4), "capital");

    clm_category_facts f = client();
    result r;
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    /* key by key-a (1 000 000.00 exactly), dormant (184 days), capital; not
     * regular (F 3, Y). */
    assert_int_equal(r.categories, 1 | 4 | 8);
    assert_int_equal(r.rule[0], 0);
    assert_int_equal(r.rule[2], 3);
    assert_int_equal(r.rule[3], 4);
    f.turnover -= 1;
    f.xyz = CLM_XYZ_X;
    f.rfm = (clm_rfm_score){ 5, 5, 5 };
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 1 | 2 | 4 | 8);
    assert_int_equal(r.rule[0], 1); /* now by the champion rule */
    f.region = "Kazan";
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_false(r.categories & 8);

    /* Authority comes from assign-role. */
    clm_actor mgr = { "ivanov", "manager", 0 }, dir = { "sidorov", "director", 0 };
    assert_int_equal(clm_category_policy_check_assign(p, "key", &mgr), CLM_EPERM);
    assert_int_equal(clm_category_policy_check_assign(p, "key", &dir), 0);
    assert_int_equal(clm_category_policy_check_assign(p, "regular", &mgr), 0);
    assert_int_equal(clm_category_policy_check_assign(p, "dormant", &dir), CLM_EPERM);
    clm_category_policy_free(p);
}

/* save -> load -> save gives the same text, and the same results. */
static void round_trip(void **state)
{
    (void)state;
    clm_category_policy *p = load(policy_xml);
    char *a = NULL, *b = NULL;
    size_t alen = 0;
    assert_int_equal(clm_category_policy_save_xml(&a, &alen, p), 0);
    assert_int_equal(alen, strlen(a));
    clm_category_policy *q = load(a);
    assert_int_equal(clm_category_policy_save_xml(&b, NULL, q), 0);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "value=\"1000000.00 RUB\""));
    assert_non_null(strstr(a, "<value>Saint Petersburg</value>"));
    assert_non_null(strstr(a, "max=\"2025-12-31\""));
    clm_category_facts f = client();
    result r1, r2;
    for (int d = 0; d < 400; d += 7) {
        f.rfm.f = (uint8_t)(1 + d % 5);
        assert_int_equal(eval(&r1, p, &f, D2025_06_30 + d), 0);
        assert_int_equal(eval(&r2, q, &f, D2025_06_30 + d), 0);
        assert_memory_equal(&r1, &r2, sizeof r1);
    }
    clm_free(a);
    clm_free(b);
    clm_category_policy_free(q);
    clm_category_policy_free(p);

    /* A policy built in code, with names that need escaping, empty groups
     * and every kind of value. */
    clm_category_policy *c = NULL;
    assert_int_equal(clm_category_policy_new(&c, NULL, "USD"), 0);
    const char *roles[] = { "r&d <lead>" };
    assert_int_equal(clm_category_policy_add_category(c, "a\"b", roles, 1), 0);
    clm_condition *k[4], *all = NULL, *none = NULL, *top = NULL;
    assert_int_equal(clm_condition_all(&all, NULL, 0), 0);
    assert_int_equal(clm_condition_any(&none, NULL, 0), 0);
    assert_int_equal(clm_condition_compare(&k[0], CLM_FACT_MARGIN, CLM_CMP_LT, -5), 0);
    assert_int_equal(clm_condition_compare_text(&k[1], CLM_FACT_REGION, CLM_CMP_EQ,
                                                "sole <trader> & co \"\xd0\x98\xd0\x9f\""),
                     0);
    k[2] = all;
    k[3] = none;
    assert_int_equal(clm_condition_any(&top, k, 4), 0);
    assert_int_equal(clm_category_policy_add_rule(c, "r", "a\"b", top), 0);
    clm_condition_free(top);
    assert_int_equal(clm_category_policy_save_xml(&a, NULL, c), 0);
    assert_non_null(strstr(a, "value=\"-0.05 USD\""));
    assert_null(strstr(a, " name=\"\""));
    q = load(a);
    assert_int_equal(clm_category_policy_save_xml(&b, NULL, q), 0);
    /* Equal texts: the tab, newline, quote and Cyrillic came back as such
     * (a loader that normalised them would save something else). */
    assert_string_equal(a, b);
    clm_category_facts g = CLM_CATEGORY_FACTS_INIT;
    memcpy(g.currency, "USD", 4);
    assert_int_equal(eval(&r1, q, &g, D2025_12_31), 0);
    assert_int_equal(r1.categories, 1); /* the empty all holds */
    clm_actor lead = { "x", "r&d <lead>", 0 };
    assert_int_equal(clm_category_policy_check_assign(q, "a\"b", &lead), 0);
    clm_free(a);
    clm_free(b);
    clm_category_policy_free(q);
    clm_category_policy_free(c);
}

/* Loads `xml` expecting `code`; checks the line and field named. */
static void expect_error(const char *xml, int code, int line, const char *field,
                         const char *needle)
{
    clm_category_policy *p = (clm_category_policy *)0x1;
    int rc = clm_category_policy_load_xml(&p, xml, strlen(xml), "bad.xml", NULL);
    const clm_error *e = clm_error_last();
    if (rc != code)
        fail_msg("expected %d, got %d: %s", code, rc, e->message);
    assert_ptr_equal(p, (clm_category_policy *)0x1); /* untouched */
    if (line > 0 && e->line != line)
        fail_msg("expected line %d, got %d: %s", line, e->line, e->message);
    if (field != NULL && strcmp(e->field, field) != 0)
        fail_msg("expected field '%s', got '%s': %s", field, e->field, e->message);
    if (needle != NULL && strstr(e->message, needle) == NULL)
        fail_msg("message lacks '%s': %s", needle, e->message);
    assert_non_null(strstr(e->message, "bad.xml"));
}

#define HEAD "<category-policy xmlns=\"urn:libclm:category-policy:1\" currency=\"RUB\">\n"
#define CATS "<category name=\"key\"/>\n"

static void bad_policies(void **state)
{
    (void)state;
    /* Malformed. */
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n<known fact=\"abc\">\n</rule>\n"
                 "</category-policy>\n", CLM_EPARSE, 0, NULL, NULL);
    /* Schema-invalid: unknown element, unknown fact, bad op, missing currency,
     * two conditions in a rule, a rule with none. */
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n<maybe fact=\"abc\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, NULL, NULL);
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n<known fact=\"revenue\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, NULL, NULL);
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"margin\" op=\"gte\" value=\"1.00 RUB\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, NULL, NULL);
    expect_error("<category-policy xmlns=\"urn:libclm:category-policy:1\">\n" CATS
                 "</category-policy>\n", CLM_ESCHEMA, 1, NULL, NULL);
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n<known fact=\"abc\"/>\n"
                 "<known fact=\"xyz\"/>\n</rule>\n</category-policy>\n", CLM_ESCHEMA, 0,
                 NULL, NULL);
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\"/>\n</category-policy>\n",
                 CLM_ESCHEMA, 3, NULL, NULL);
    /* Unknown category referenced. */
    expect_error(HEAD CATS "<rule name=\"r\" category=\"vip\">\n<known fact=\"abc\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 3, "category", "'vip'");
    /* Duplicates. */
    expect_error(HEAD CATS CATS "</category-policy>\n", CLM_ESCHEMA, 3, "name", "twice");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\"><known fact=\"abc\"/></rule>\n"
                 "<rule name=\"r\" category=\"key\"><known fact=\"xyz\"/></rule>\n"
                 "</category-policy>\n", CLM_ESCHEMA, 4, "name", "twice");
    /* Values against their fact's kind. */
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"turnover\" op=\"ge\" value=\"100.00 USD\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "value", "USD");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"turnover\" op=\"ge\" value=\"100\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "value", "amount");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<in fact=\"abc\"><value>A</value>\n<value>D</value></in>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 5, "value", "'D'");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<range fact=\"tenure-days\" min=\"10\" max=\"1e3\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "max", "integer");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<range fact=\"tenure-days\" min=\"10\" max=\"9\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, NULL, "min");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"last-purchase\" op=\"lt\" value=\"2025-02-30\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "value", "date");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"rfm-r\" op=\"lt\" value=\"99999999999999999999\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "value", NULL);
    /* Enumerated facts take their own vocabulary, and the error names the
     * line of the value: a legal type or a state as the client module
     * names it, an RFM part 1..5 or a cell of such digits. */
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<in fact=\"legal-type\"><value>legal_entity</value>\n"
                 "<value>legal-entity</value></in>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 5, "value",
                 "'legal-entity' is not a legal type");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"state\" op=\"eq\" value=\"dormant\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "value",
                 "'dormant' is not a lifecycle state");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<in fact=\"rfm-cell\"><value>555</value>\n<value>556</value></in>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 5, "value", "556");
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"rfm-f\" op=\"eq\" value=\"0\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "value", "1..5");
    /* Operators a kind does not take. */
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"region\" op=\"lt\" value=\"M\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "op", NULL);
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<compare fact=\"abc\" op=\"gt\" value=\"B\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "op", NULL);
    expect_error(HEAD CATS "<rule name=\"r\" category=\"key\">\n"
                 "<range fact=\"state\" min=\"a\" max=\"b\"/>\n"
                 "</rule>\n</category-policy>\n", CLM_ESCHEMA, 4, "fact", NULL);
    /* Unknown currency. */
    expect_error("<category-policy xmlns=\"urn:libclm:category-policy:1\" currency=\"ABC\">"
                 "</category-policy>", CLM_ESCHEMA, 1, "currency", NULL);
    /* Too many categories (schema: 64) . */
    char big[8192];
    size_t o = (size_t)snprintf(big, sizeof big, "%s", HEAD);
    for (int i = 0; i < 65; i++)
        o += (size_t)snprintf(big + o, sizeof big - o, "<category name=\"c%d\"/>\n", i);
    snprintf(big + o, sizeof big - o, "</category-policy>\n");
    expect_error(big, CLM_ESCHEMA, 0, NULL, NULL);
}

/* DTDs and entities are refused before anything is expanded or fetched. */
static void hardened(void **state)
{
    (void)state;
    expect_error("<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE category-policy [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                 "<category-policy xmlns=\"urn:libclm:category-policy:1\" currency=\"RUB\">\n"
                 "<category name=\"&x;\"/></category-policy>\n",
                 CLM_EPARSE, 0, NULL, "DOCTYPE");
    expect_error("<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>\n"
                 "<category-policy xmlns=\"urn:libclm:category-policy:1\" currency=\"RUB\">\n"
                 "<category name=\"&b;\"/></category-policy>\n",
                 CLM_EPARSE, 0, NULL, NULL);
    expect_error("<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE category-policy SYSTEM \"http://example.com/p.dtd\">\n"
                 "<category-policy xmlns=\"urn:libclm:category-policy:1\" currency=\"RUB\"/>\n",
                 CLM_EPARSE, 0, NULL, NULL);
    /* Size limit, and options. */
    clm_xml_options o = CLM_XML_OPTIONS_INIT;
    o.max_bytes = 100;
    clm_category_policy *p = NULL;
    assert_int_equal(clm_category_policy_load_xml(&p, policy_xml, strlen(policy_xml), NULL, &o),
                     CLM_ELIMIT);
    o.version = 77;
    assert_int_equal(clm_category_policy_load_xml(&p, policy_xml, strlen(policy_xml), NULL, &o),
                     CLM_EVERSION);
    assert_int_equal(clm_category_policy_load_xml(NULL, policy_xml, 10, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_category_policy_load_xml(&p, NULL, 10, NULL, NULL), CLM_EINVAL);
    assert_null(p);
    /* Nesting deeper than the limit. */
    char deep[8192];
    size_t n = (size_t)snprintf(deep, sizeof deep, "%s%s<rule name=\"r\" category=\"key\">",
                                HEAD, CATS);
    for (int i = 0; i < 70; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "<not>");
    n += (size_t)snprintf(deep + n, sizeof deep - n, "<known fact=\"abc\"/>");
    for (int i = 0; i < 70; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "</not>");
    snprintf(deep + n, sizeof deep - n, "</rule></category-policy>");
    expect_error(deep, CLM_ELIMIT, 3, NULL, "deeper");
    assert_int_equal(clm_category_policy_save_xml(NULL, NULL, NULL), CLM_EINVAL);
}

/* A <value> is all its text: entities, CDATA, text around a comment. */
static void value_text(void **state)
{
    (void)state;
    clm_category_policy *p = load(
        HEAD CATS "<rule name=\"r\" category=\"key\"><in fact=\"region\">"
        "<value>A &amp; B</value><value>C<!-- x -->D</value>"
        "<value><![CDATA[E<F]]></value><value/></in></rule></category-policy>");
    clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
    result r;
    const char *hits[] = { "A & B", "CD", "E<F", "" };
    for (size_t i = 0; i < 4; i++) {
        f.region = hits[i];
        assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
        assert_int_equal(r.categories, 1);
    }
    f.region = "C";
    assert_int_equal(eval(&r, p, &f, D2025_12_31), 0);
    assert_int_equal(r.categories, 0);
    clm_category_policy_free(p);
}

static void files_and_schema(void **state)
{
    (void)state;
    const char *xsd = clm_xml_schema("category-policy");
    assert_non_null(xsd);
    assert_non_null(strstr(xsd, "urn:libclm:category-policy:1"));
    const char *root = getenv("CLM_SOURCE_ROOT");
    assert_non_null(root);
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/data/category-policy.xml", root);
    clm_category_policy *p = NULL;
    int rc = clm_category_policy_load_file(&p, path, NULL);
    if (rc != 0)
        fail_msg("%s", clm_error_last()->message);
    assert_true(clm_category_policy_rule_count(p) >= 4);
    clm_category_policy_free(p);
    p = NULL;
    snprintf(path, sizeof path, "%s/examples/data/no-such-policy.xml", root);
    assert_int_equal(clm_category_policy_load_file(&p, path, NULL), CLM_EIO);
    assert_non_null(strstr(clm_error_last()->message, "no-such-policy.xml"));
    assert_null(p);
    snprintf(path, sizeof path, "%s/examples/data/category-policy-bad.xml", root);
    assert_int_equal(clm_category_policy_load_file(&p, path, NULL), CLM_ESCHEMA);
    assert_string_equal(clm_error_last()->source, path);
    assert_true(clm_error_last()->line > 0);
}

static clm_category_policy *oom_loaded;
static int oom_load_op(void *st)
{
    (void)st;
    return clm_category_policy_load_xml(&oom_loaded, policy_xml, strlen(policy_xml), NULL,
                                        NULL);
}
static void oom_load_teardown(void *st)
{
    (void)st;
    clm_category_policy_free(oom_loaded);
    oom_loaded = NULL;
}
static bool oom_load_unchanged(void *st)
{
    (void)st;
    return oom_loaded == NULL;
}
static void *oom_save_setup(void)
{
    return load(policy_xml);
}
static char *oom_saved;
static int oom_save_op(void *st)
{
    return clm_category_policy_save_xml(&oom_saved, NULL, st);
}
static bool oom_save_unchanged(void *st)
{
    (void)st;
    return oom_saved == NULL;
}
static void oom_save_teardown(void *st)
{
    clm_category_policy_free(st);
    clm_free(oom_saved);
    oom_saved = NULL;
}

static void oom(void **state)
{
    (void)state;
    oom_case l = { NULL, oom_load_op, oom_load_unchanged, oom_load_teardown };
    assert_true(oom_check(&l) > 20);
    oom_case s = { oom_save_setup, oom_save_op, oom_save_unchanged, oom_save_teardown };
    assert_true(oom_check(&s) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_and_evaluates),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(bad_policies),
        cmocka_unit_test(hardened),
        cmocka_unit_test(value_text),
        cmocka_unit_test(files_and_schema),
        cmocka_unit_test(oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
