/*
 * xml_limits_test.c — the XML reader's limits are the library's: a
 * document within opts->max_bytes is never refused by a limit of libxml2's
 * own (a 12 MB comment, a 60 000-byte name), and nesting deeper than
 * CLM_XML_MAX_DEPTH is CLM_ELIMIT with a message in the library's terms,
 * never libxml2's wording ("Comment too big", "use XML_PARSE_HUGE").
 * Schema messages name elements with the prefix the file itself uses (not
 * libxml2's "{urn:...}name"), keep a set of allowed values as written, and
 * a long one is cut at a word boundary and ends with an ellipsis.
 */
#include "core_check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/calendar.h"
#include "clm/category.h"
#include "clm/xml.h"

static const char head[] = "<calendar xmlns=\"urn:libclm:calendar:1\" name=\"T\" weekend=\"sat sun\">";
static const char tail[] = "</calendar>";

/* head + middle + tail, malloc'd */
static char *doc3(const char *a, const char *b, const char *c, size_t *len)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *s = malloc(na + nb + nc + 1);
    assert_non_null(s);
    memcpy(s, a, na);
    memcpy(s + na, b, nb);
    memcpy(s + na + nb, c, nc + 1);
    *len = na + nb + nc;
    return s;
}

static void no_libxml2_wording(void)
{
    const char *m = clm_error_last()->message;
    assert_null(strstr(m, "XML_PARSE_HUGE"));
    assert_null(strstr(m, "too big"));
    assert_null(strstr(m, "Excessive"));
}

static void test_big_comment_within_limit(void **state)
{
    (void)state;
    /* 12 000 000 bytes of comment: over libxml2's 10 MB node limit, under
     * the library's 16 MiB document limit, so it loads */
    size_t n = 12000000;
    char *mid = malloc(n + 8);
    assert_non_null(mid);
    memcpy(mid, "<!--", 4);
    memset(mid + 4, 'c', n);
    memcpy(mid + 4 + n, "-->", 4);
    size_t len = 0;
    char *xml = doc3(head, mid, tail, &len);
    assert_true(len < CLM_XML_DEFAULT_MAX_BYTES);
    clm_calendar *cal = NULL;
    int rc = clm_calendar_load_xml(&cal, xml, len, "big", NULL);
    if (rc != 0)
        fail_msg("a %zu-byte document was refused: %s", len, clm_error_last()->message);
    assert_string_equal(clm_calendar_name(cal), "T");
    clm_calendar_free(cal);

    /* the same document over a smaller limit: the library's limit, named */
    clm_xml_options o = CLM_XML_OPTIONS_INIT;
    o.max_bytes = 1000000;
    cal = (clm_calendar *)&o;
    assert_int_equal(clm_calendar_load_xml(&cal, xml, len, "big", &o), CLM_ELIMIT);
    assert_ptr_equal(cal, (clm_calendar *)&o);
    assert_non_null(strstr(clm_error_last()->message, "exceed the limit of 1000000 bytes"));
    free(xml);
    free(mid);
}

static void test_long_name_is_not_a_limit(void **state)
{
    (void)state;
    /* a 60 000-byte element name: over libxml2's default name limit; the
     * document is refused by the schema (no such element), not for size */
    size_t n = 60000;
    char *mid = malloc(2 * n + 8);
    assert_non_null(mid);
    mid[0] = '<';
    memset(mid + 1, 'n', n);
    memcpy(mid + 1 + n, "/>", 3);
    size_t len = 0;
    char *xml = doc3(head, mid, tail, &len);
    clm_calendar *cal = NULL;
    assert_int_equal(clm_calendar_load_xml(&cal, xml, len, "name", NULL), CLM_ESCHEMA);
    assert_null(cal);
    no_libxml2_wording();
    free(xml);
    free(mid);
}

/* A calendar with `depth` nested elements inside the root. */
static char *nested(int depth, size_t *len)
{
    size_t cap = (size_t)depth * 8 + 256;
    char *mid = malloc(cap);
    assert_non_null(mid);
    size_t k = 0;
    for (int i = 0; i < depth; i++)
        k += (size_t)snprintf(mid + k, cap - k, "<x>");
    for (int i = 0; i < depth; i++)
        k += (size_t)snprintf(mid + k, cap - k, "</x>");
    char *xml = doc3(head, mid, tail, len);
    free(mid);
    return xml;
}

static void test_depth(void **state)
{
    (void)state;
    size_t len = 0;
    /* the root and 255 levels below it: at the limit, refused by the schema
     * only (a calendar holds no <x>) */
    char *xml = nested(CLM_XML_MAX_DEPTH - 1, &len);
    clm_calendar *cal = NULL;
    assert_int_equal(clm_calendar_load_xml(&cal, xml, len, "deep", NULL), CLM_ESCHEMA);
    free(xml);
    /* one level more: the library's depth limit, said in its terms */
    xml = nested(CLM_XML_MAX_DEPTH, &len);
    assert_int_equal(clm_calendar_load_xml(&cal, xml, len, "deep", NULL), CLM_ELIMIT);
    assert_null(cal);
    assert_non_null(strstr(clm_error_last()->message, "deep:1: elements nested deeper than 256 levels"));
    no_libxml2_wording();
    free(xml);
    /* far deeper (100 000 levels) is the same error, and no stack trouble */
    xml = nested(100000, &len);
    assert_int_equal(clm_calendar_load_xml(&cal, xml, len, "deeper", NULL), CLM_ELIMIT);
    no_libxml2_wording();
    free(xml);
}

static void test_deep_category_policy(void **state)
{
    (void)state;
    /* category conditions nest (all / any / not): 300 <not> deep */
    size_t cap = 300 * 12 + 1024, k = 0;
    char *xml = malloc(cap);
    assert_non_null(xml);
    k += (size_t)snprintf(xml + k, cap - k,
                          "<category-policy xmlns=\"urn:libclm:category-policy:1\" name=\"d\" currency=\"RUB\">"
                          "<category name=\"c\"/><rule name=\"r\" category=\"c\">");
    for (int i = 0; i < 300; i++)
        k += (size_t)snprintf(xml + k, cap - k, "<not>");
    k += (size_t)snprintf(xml + k, cap - k, "<known fact=\"region\"/>");
    for (int i = 0; i < 300; i++)
        k += (size_t)snprintf(xml + k, cap - k, "</not>");
    k += (size_t)snprintf(xml + k, cap - k, "</rule></category-policy>");
    clm_category_policy *p = NULL;
    assert_int_equal(clm_category_policy_load_xml(&p, xml, k, "deep-policy", NULL), CLM_ELIMIT);
    assert_null(p);
    assert_non_null(strstr(clm_error_last()->message, "nested deeper than 256 levels"));
    free(xml);
}

static void test_ceiling(void **state)
{
    (void)state;
    /* a max_bytes above the ceiling means the ceiling; documents load */
    clm_xml_options o = CLM_XML_OPTIONS_INIT;
    o.max_bytes = SIZE_MAX;
    size_t len = 0;
    char *xml = doc3(head, "", tail, &len);
    clm_calendar *cal = NULL;
    assert_int_equal(clm_calendar_load_xml(&cal, xml, len, "small", &o), 0);
    clm_calendar_free(cal);
    free(xml);
}

static const char *load_calendar(const char *doc)
{
    clm_calendar *c = NULL;
    CHECK_FAIL(clm_calendar_load_xml(&c, doc, strlen(doc), "t.xml", NULL), CLM_ESCHEMA);
    assert_null(c);
    const char *m = clm_error_last()->message;
    if (strstr(m, "{urn") != NULL)
        fail_msg("namespace in braces: %s", m);
    return m;
}

static void test_schema_messages(void **state)
{
    (void)state;
    /* the file's prefix */
    const char *m = load_calendar("<c:calendar xmlns:c=\"urn:libclm:calendar:1\" name=\"T\" weekend=\"sat sun\">"
                                  "<c:vacation/></c:calendar>");
    CHECK_STR(m, "t.xml:1: invalid against schema 'calendar': Element 'c:vacation': This element is not "
                 "expected. Expected is one of ( c:holiday, c:working )");
    CHECK_STR(clm_error_last()->field, "vacation");
    /* the default namespace: bare names */
    m = load_calendar("<calendar xmlns=\"urn:libclm:calendar:1\" name=\"T\" weekend=\"sat sun\"><vacation/></calendar>");
    assert_non_null(strstr(m, "Element 'vacation': This element is not expected. Expected is one of ( holiday, working )"));
    /* a set of values is not a namespace */
    m = load_calendar("<calendar xmlns=\"urn:libclm:calendar:1\" name=\"T\" weekend=\"someday\"/>");
    assert_non_null(strstr(m, "{'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'}"));
    /* a long message: cut at a word boundary, with an ellipsis */
    char doc[2048], val[600] = "";
    for (int i = 0; i < 60; i++)
        strcat(val, "someday ");
    strcat(val, "end");
    snprintf(doc, sizeof doc,
             "<c:calendar xmlns:c=\"urn:libclm:calendar:1\" name=\"T\" weekend=\"sat sun\">"
             "<c:holiday date=\"%s\"/></c:calendar>", val);
    m = load_calendar(doc);
    size_t n = strlen(m);
    const char *ell = "\xe2\x80\xa6";
    if (n < 3 || strcmp(m + n - 3, ell) != 0)
        fail_msg("no ellipsis at the end: %s", m);
    /* what precedes the ellipsis is a whole word */
    assert_memory_equal(m + n - 3 - strlen("someday"), "someday", strlen("someday"));
    assert_non_null(strstr(m, "Element 'c:holiday', attribute 'date'"));
    /* the libxml2 part is at most 300 bytes; the prefix adds the source and schema */
    const char *part = strstr(m, "Element ");
    assert_non_null(part);
    assert_true(strlen(part) <= 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_comment_within_limit),
        cmocka_unit_test(test_long_name_is_not_a_limit),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_deep_category_policy),
        cmocka_unit_test(test_ceiling),
        cmocka_unit_test(test_schema_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
