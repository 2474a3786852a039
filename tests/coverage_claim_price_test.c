/*
 * coverage_claim_price_test.c — the refusals of the claim regimes and
 * policy setters and of the price-list model and its XML reader that the
 * module tests leave unexercised: each bad value is refused with the code
 * the header documents, the field named and nothing changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

/* ---- claim regimes -------------------------------------------------------- */

static clm_claim_regime good_regime(const char *id)
{
    clm_claim_regime r = CLM_CLAIM_REGIME_INIT;
    r.id = id;
    r.acknowledgement = (clm_claim_term){ 2, CLM_TERM_WORKING_DAYS };
    r.resolution_default = (clm_claim_term){ 1, CLM_TERM_MONTHS };
    return r;
}

/* `r` is refused with CLM_EINVAL naming `field`, and the set keeps its
 * two built-in regimes. */
static void refused(clm_claim_regimes *set, const clm_claim_regime *r, const char *field)
{
    CHECK_FAIL(clm_claim_regimes_add(set, r), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, field);
    assert_int_equal(clm_claim_regimes_count(set), 2);
}

static void test_regime_fields_refused(void **state)
{
    (void)state;
    clm_claim_regimes *set = NULL;
    CHECK_OK(clm_claim_regimes_new(&set));
    clm_claim_regime r = good_regime("x");
    r.acknowledgement.n = 3661;
    refused(set, &r, "acknowledgement");
    r = good_regime("x");
    r.resolution_default.unit = (clm_term_unit)9;
    refused(set, &r, "resolution_default");
    r = good_regime("x");
    r.response = (clm_claim_term){ 0, CLM_TERM_DAYS }; /* a unit without a count is set */
    refused(set, &r, "response");
    r = good_regime("x");
    r.quality_check = (clm_claim_term){ -1, CLM_TERM_DAYS };
    refused(set, &r, "quality_check");
    r = good_regime("x");
    r.resolution[0] = (clm_claim_term){ 5, CLM_TERM_DAYS };
    refused(set, &r, "resolution");
    r = good_regime("x");
    r.resolution[CLM_CLAIM_REPAIR] = (clm_claim_term){ 5000, CLM_TERM_DAYS };
    refused(set, &r, "resolution");
    r = good_regime("x");
    r.agreed_max = 3661;
    refused(set, &r, "agreed_max");
    r = good_regime("x");
    r.agreed_max = -1;
    refused(set, &r, "agreed_max");
    r = good_regime("x");
    r.agreed_demands = 1u; /* bit 0 is no demand */
    refused(set, &r, "agreed_demands");
    r = good_regime("x");
    r.penalty = CLM_CLAIM_PENALTY_CONSUMER;
    r.penalty_rate = 0;
    refused(set, &r, "penalty_rate");
    r.penalty_rate = 1000001; /* above 100 % */
    refused(set, &r, "penalty_rate");
    r = good_regime("");
    refused(set, &r, "id");
    r = good_regime("x");
    r.name = "two\nlines";
    refused(set, &r, "name");
    r = good_regime("x");
    r.version = 0;
    CHECK_FAIL(clm_claim_regimes_add(set, &r), CLM_EVERSION);
    CHECK_FAIL(clm_claim_regimes_add(NULL, &r), CLM_EINVAL);
    CHECK_FAIL(clm_claim_regimes_add(set, NULL), CLM_EINVAL);
    assert_int_equal(clm_claim_regimes_count(set), 2);
    /* The same regime, fixed, is accepted. */
    r = good_regime("x");
    r.penalty = CLM_CLAIM_PENALTY_CONSUMER;
    r.penalty_rate = 10000;
    CHECK_OK(clm_claim_regimes_add(set, &r));
    assert_int_equal(clm_claim_regimes_count(set), 3);
    clm_claim_regimes_free(set);
}

static void test_regime_lookups(void **state)
{
    (void)state;
    clm_claim_regimes *set = NULL;
    CHECK_FAIL(clm_claim_regimes_new(NULL), CLM_EINVAL);
    CHECK_OK(clm_claim_regimes_new(&set));
    const clm_claim_regime *r = (const clm_claim_regime *)&r;
    CHECK_OK(clm_claim_regimes_at(&r, set, 0));
    CHECK_STR(r->id, CLM_CLAIM_REGIME_RU_BUSINESS); /* id order */
    CHECK_OK(clm_claim_regimes_at(&r, set, 1));
    CHECK_STR(r->id, CLM_CLAIM_REGIME_RU_CONSUMER);
    const clm_claim_regime *before = r;
    CHECK_FAIL(clm_claim_regimes_at(&r, set, 2), CLM_ERANGE);
    assert_ptr_equal(r, before);
    CHECK_FAIL(clm_claim_regimes_at(NULL, set, 0), CLM_EINVAL);
    CHECK_FAIL(clm_claim_regimes_at(&r, NULL, 0), CLM_EINVAL);
    CHECK_FAIL(clm_claim_regimes_find(&r, set, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_claim_regimes_find(&r, set, "kz-consumer"), CLM_ENOTFOUND);
    assert_int_equal(clm_claim_regimes_count(NULL), 0);
    clm_claim_regime init;
    memset(&init, 0x5A, sizeof init);
    CHECK_OK(clm_claim_regime_init(&init));
    assert_int_equal(init.version, CLM_CLAIM_REGIME_VERSION);
    assert_int_equal(init.penalty, CLM_CLAIM_PENALTY_NONE);
    assert_null(init.id);
    CHECK_FAIL(clm_claim_regime_init(NULL), CLM_EINVAL);
    clm_claim_regimes_free(set);
}

static void test_claim_policy_refused(void **state)
{
    (void)state;
    char buf[64] = "untouched";
    clm_claim_policy p;
    CHECK_FAIL(clm_claim_policy_init(NULL), CLM_EINVAL);
    CHECK_OK(clm_claim_policy_init(&p));
    CHECK_RC(clm_claim_number_format(buf, sizeof buf, &p, 2026, 42), 14); /* the length */
    CHECK_STR(buf, "CL-2026-000042");
    CHECK_FAIL(clm_claim_number_format(NULL, sizeof buf, &p, 2026, 1), CLM_EINVAL);
    static const char *const too_many[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", NULL };
    p.roles = too_many;
    strcpy(buf, "untouched");
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2026, 1), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "roles");
    static const char *const bad_role[] = { "manager", "head of\ndepartment", NULL };
    p.roles = bad_role;
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2026, 1), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "roles");
    CHECK_OK(clm_claim_policy_init(&p));
    p.warn_days = 367;
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2026, 1), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "policy");
    CHECK_OK(clm_claim_policy_init(&p));
    p.auto_escalate_days = -2;
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2026, 1), CLM_EINVAL);
    CHECK_OK(clm_claim_policy_init(&p));
    p.reopen_days = 3661;
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2026, 1), CLM_EINVAL);
    CHECK_OK(clm_claim_policy_init(&p));
    p.rounding = (clm_rounding)99;
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2026, 1), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "rounding");
    CHECK_OK(clm_claim_policy_init(&p));
    p.version = 0;
    CHECK_FAIL(clm_claim_number_format(buf, sizeof buf, &p, 2026, 1), CLM_EVERSION);
    CHECK_STR(buf, "untouched");
}

/* ---- price lists ---------------------------------------------------------- */

static void test_price_inits_and_nulls(void **state)
{
    (void)state;
    clm_price_list_def d;
    clm_price_entry e;
    clm_price_query q;
    CHECK_FAIL(clm_price_list_def_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_entry_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_query_init(NULL), CLM_EINVAL);
    CHECK_OK(clm_price_list_def_init(&d));
    assert_int_equal(d.valid_from, CLM_DATE_MIN);
    assert_int_equal(d.valid_to, CLM_DATE_MAX);
    assert_int_equal(d.parent_formula.step, 1);
    CHECK_OK(clm_price_entry_init(&e));
    assert_int_equal(e.version, CLM_PRICE_ENTRY_VERSION);
    assert_int_equal(e.formula.rounding, CLM_ROUND_HALF_EVEN);
    CHECK_OK(clm_price_query_init(&q));
    CHECK_I64(q.quantity, CLM_DISCOUNT_QTY_SCALE);
    clm_price_audience a = CLM_PRICE_EVERYONE;
    CHECK_FAIL(clm_price_audience_from_name(&a, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_audience_from_name(NULL, "category"), CLM_EINVAL);
    int64_t out = 7;
    CHECK_FAIL(clm_price_formula_apply(&out, NULL, 100), CLM_EINVAL);
    CHECK_I64(out, 7);
    CHECK_FAIL(clm_price_set_new(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_set_check(NULL), CLM_EINVAL);
    clm_price_set *s = NULL;
    CHECK_OK(clm_price_set_new(&s));
    CHECK_FAIL(clm_price_set_add_list(NULL, &d), CLM_EINVAL);
    CHECK_FAIL(clm_price_set_add_list(s, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_set_add_entry(s, NULL, &e), CLM_EINVAL);
    CHECK_FAIL(clm_price_set_add_entry(s, "retail", NULL), CLM_EINVAL);
    /* An empty set checks, but no file can hold it. */
    CHECK_OK(clm_price_set_check(s));
    char *x = (char *)"untouched";
    size_t n = 99;
    CHECK_FAIL(clm_price_set_save_xml(&x, &n, s), CLM_EINVAL);
    CHECK_STR(x, "untouched");
    CHECK_FAIL(clm_price_set_save_xml(NULL, &n, s), CLM_EINVAL);
    CHECK_FAIL(clm_price_set_save_xml(&x, &n, NULL), CLM_EINVAL);
    clm_price_set_free(s);
}

static void test_price_list_fields_refused(void **state)
{
    (void)state;
    clm_price_set *s = NULL;
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "retail";
    d.currency = "RUB";
    d.valid_from = CLM_DATE_MIN - 1;
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "valid_from");
    d.valid_from = CLM_DATE_MIN;
    d.valid_to = CLM_DATE_MAX + 1;
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "valid_to");
    d.valid_to = CLM_DATE_MAX;
    d.audience = (clm_price_audience)42;
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "audience");
    assert_int_equal(clm_price_set_list_count(s), 0);
    d.audience = CLM_PRICE_EVERYONE;
    CHECK_OK(clm_price_set_add_list(s, &d));
    /* An entry whose base list does not exist fails the set's check, with
     * the list, the entry and the field named. */
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = "CEM-M500";
    e.base = "purchase";
    e.formula.rate = 100000; /* +10 % */
    CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
    CHECK_FAIL(clm_price_set_check(s), CLM_ENOTFOUND);
    CHECK_STR(clm_error_last()->field, "base");
    assert_non_null(strstr(clm_error_last()->message, "purchase"));
    clm_price_set_free(s);
}

/* The document `xml` (inside <price-lists>) is refused with `code`, the
 * attribute `field` named and a line given; *out untouched. */
static void xml_refused(const char *lists, int code, const char *field)
{
    char doc[2048];
    snprintf(doc, sizeof doc, "<price-lists xmlns=\"urn:libclm:price-list:1\">%s</price-lists>",
             lists);
    clm_price_set *s = (clm_price_set *)&s;
    CHECK_FAIL(clm_price_set_load_xml(&s, doc, strlen(doc), "t.xml", NULL), code);
    assert_ptr_equal(s, (clm_price_set *)&s);
    if (field != NULL)
        CHECK_STR(clm_error_last()->field, field);
    assert_true(clm_error_last()->line >= 1);
}

static void test_price_xml_refusals(void **state)
{
    (void)state;
    /* A quantity the schema's pattern allows but thousandths cannot hold. */
    xml_refused("<price-list id=\"r\" currency=\"RUB\"><entry product=\"p\" "
                "min-quantity=\"9999999999999999\" price=\"1.00 RUB\"/></price-list>",
                CLM_ESCHEMA, "min-quantity");
    xml_refused("<price-list id=\"r\" currency=\"XYZ\"/>", CLM_ECURRENCY, "currency");
    xml_refused("<price-list id=\"r\" currency=\"RUB\" audience=\"category\"/>", CLM_ESCHEMA,
                "audience-value");
    xml_refused("<price-list id=\"r\" currency=\"RUB\" audience-value=\"vip\"/>", CLM_ESCHEMA,
                "audience-value");
    xml_refused("<price-list id=\"r\" currency=\"RUB\" audience=\"nobody\"/>", CLM_ESCHEMA,
                "audience");
    xml_refused("<price-list id=\"r\" currency=\"RUB\" rate=\"-5%\"/>", CLM_ESCHEMA, "rate");
    xml_refused("<price-list id=\"r\" currency=\"RUB\" rounding=\"sideways\" parent=\"q\"/>",
                CLM_ESCHEMA, "rounding");
    xml_refused("<price-list id=\"r\" currency=\"RUB\" from=\"2026-02-30\"/>", CLM_ESCHEMA, "from");
    xml_refused("<price-list id=\"r\" currency=\"RUB\"><entry product=\"p\" to=\"2026-13-01\" "
                "price=\"1.00 RUB\"/></price-list>",
                CLM_ESCHEMA, "to");
    xml_refused("<price-list id=\"r\" currency=\"RUB\"><entry product=\"p\" price=\"1.00 USD\"/>"
                "</price-list>",
                CLM_ECURRENCY, "price");
    xml_refused("<price-list id=\"r\" currency=\"RUB\"><entry product=\"p\" base=\"r\" "
                "amount=\"1.00 USD\"/></price-list>",
                CLM_ECURRENCY, "amount");
    xml_refused("<price-list id=\"r\" currency=\"RUB\"><entry product=\"p\" price=\"1.00 RUB\" "
                "step=\"0.50 RUB\"/></price-list>",
                CLM_ESCHEMA, "rate");
    xml_refused("<price-list id=\"r\" currency=\"RUB\"/><price-list id=\"r\" currency=\"RUB\"/>",
                CLM_ESCHEMA, "id");
    clm_price_set *s = NULL;
    CHECK_FAIL(clm_price_set_load_xml(NULL, "<x/>", 4, NULL, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_set_load_xml(&s, NULL, 4, NULL, NULL), CLM_EINVAL);
    assert_null(s);
}

/* A list with a parent formula that adds an amount saves it and loads back
 * to the same text. */
static void test_price_xml_amount_round_trip(void **state)
{
    (void)state;
    static const char doc[] =
        "<price-lists xmlns=\"urn:libclm:price-list:1\">"
        "<price-list id=\"retail\" currency=\"RUB\"><entry product=\"p\" price=\"100.00 RUB\"/>"
        "</price-list>"
        "<price-list id=\"dealer\" currency=\"RUB\" parent=\"retail\" amount=\"5.00 RUB\"/>"
        "</price-lists>";
    clm_price_set *s = NULL, *t = NULL;
    CHECK_OK(clm_price_set_load_xml(&s, doc, sizeof doc - 1, NULL, NULL));
    CHECK_I64(clm_price_set_list(s, 1)->parent_formula.amount, 500);
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    CHECK_OK(clm_price_set_save_xml(&x1, &n1, s));
    assert_non_null(strstr(x1, "amount=\"5.00 RUB\""));
    CHECK_OK(clm_price_set_load_xml(&t, x1, n1, NULL, NULL));
    CHECK_OK(clm_price_set_save_xml(&x2, &n2, t));
    assert_string_equal(x1, x2);
    clm_free(x1);
    clm_free(x2);
    clm_price_set_free(s);
    clm_price_set_free(t);
}

/* ---- the price book: refusals of a lookup ------------------------------------ */

static clm_price_book *book_of(const char *lists)
{
    char doc[2048];
    snprintf(doc, sizeof doc, "<price-lists xmlns=\"urn:libclm:price-list:1\">%s</price-lists>",
             lists);
    clm_price_set *s = NULL;
    CHECK_OK(clm_price_set_load_xml(&s, doc, strlen(doc), "t.xml", NULL));
    clm_price_book *b = NULL;
    CHECK_OK(clm_price_book_compile(&b, s, NULL));
    clm_price_set_free(s);
    return b;
}

static clm_price_query query(const char *product)
{
    clm_price_query q = CLM_PRICE_QUERY_INIT;
    q.currency = "RUB";
    q.product = product;
    q.date = 20454; /* 2026-01-01 */
    return q;
}

static void test_price_lookup_refusals(void **state)
{
    (void)state;
    clm_price_book *b = book_of(
        "<price-list id=\"purchase\" currency=\"RUB\">"
        "<entry product=\"sand\" price=\"10.00 RUB\"/></price-list>"
        /* cement is priced on a base list that has no cement; sand at a
         * formula that goes below zero */
        "<price-list id=\"retail\" currency=\"RUB\">"
        "<entry product=\"cement\" base=\"purchase\" rate=\"10%\"/>"
        "<entry product=\"sand\" base=\"purchase\" rate=\"-100%\" amount=\"-1.00 RUB\"/>"
        "</price-list>");
    clm_price_quote quote;
    memset(&quote, 0x5A, sizeof quote);
    clm_price_quote before = quote;
    clm_price_query q = query("cement");
    CHECK_FAIL(clm_price_book_lookup(&quote, b, &q), CLM_ENOTFOUND);
    CHECK_STR(clm_error_last()->field, "base");
    assert_non_null(strstr(clm_error_last()->message, "purchase"));
    q = query("sand");
    CHECK_FAIL(clm_price_book_lookup(&quote, b, &q), CLM_ERANGE);
    CHECK_STR(clm_error_last()->field, "formula");
    q.date = CLM_DATE_MAX + 1;
    CHECK_FAIL(clm_price_book_lookup(&quote, b, &q), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "date");
    q = query("sand");
    const char *cats[] = { "vip", NULL };
    q.categories = cats;
    q.category_count = 2;
    CHECK_FAIL(clm_price_book_lookup(&quote, b, &q), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "categories");
    CHECK_FAIL(clm_price_book_lookup(NULL, b, &q), CLM_EINVAL);
    CHECK_FAIL(clm_price_book_lookup(&quote, NULL, &q), CLM_EINVAL);
    assert_memory_equal(&quote, &before, sizeof quote);
    CHECK_FAIL(clm_price_book_explain(NULL, b, &q), CLM_EINVAL);
    clm_discount_engine *e = (clm_discount_engine *)&e;
    clm_discount_policy *p = NULL;
    CHECK_OK(clm_discount_policy_new(&p, "p", "RUB"));
    CHECK_FAIL(clm_discount_policy_compile_with_prices(&e, p, NULL), CLM_EINVAL);
    assert_ptr_equal(e, (clm_discount_engine *)&e);
    clm_discount_policy_free(p);
    clm_price_book_free(b);
}

/* A child list's parent formula that goes below zero is CLM_ERANGE naming
 * the parent formula; the parent's own price is unaffected. */
static void test_price_parent_formula_negative(void **state)
{
    (void)state;
    clm_price_book *b = book_of(
        "<price-list id=\"retail\" currency=\"RUB\">"
        "<entry product=\"sand\" price=\"10.00 RUB\"/></price-list>"
        "<price-list id=\"promo\" currency=\"RUB\" audience=\"client\" audience-value=\"C-1\" "
        "parent=\"retail\" rate=\"-100%\" amount=\"-0.01 RUB\"/>");
    clm_price_query q = query("sand");
    clm_price_quote quote;
    CHECK_OK(clm_price_book_lookup(&quote, b, &q));
    CHECK_I64(quote.unit_price.amount, 1000);
    q.client = "C-1";
    CHECK_FAIL(clm_price_book_lookup(&quote, b, &q), CLM_ERANGE);
    CHECK_STR(clm_error_last()->field, "parent_formula");
    clm_price_book_free(b);
}

/* A regimes document with `regimes` inside is refused with `code` naming
 * `field`; the set keeps its two built-in regimes. */
static void regimes_refused(const char *regimes, int code, const char *field)
{
    char doc[2048];
    snprintf(doc, sizeof doc, "<claim-regimes xmlns=\"urn:libclm:claim-regimes:1\">%s</claim-regimes>",
             regimes);
    clm_claim_regimes *set = NULL;
    CHECK_OK(clm_claim_regimes_new(&set));
    clm_error_clear();
    int rc = clm_claim_regimes_load_xml(set, doc, strlen(doc), "r.xml", NULL);
    if (rc != code)
        fail_msg("%s\nreturned %d, expected %d: %s", regimes, rc, code, clm_error_last()->message);
    CHECK_STR(clm_error_last()->field, field);
    assert_true(clm_error_last()->line >= 1);
    assert_int_equal(clm_claim_regimes_count(set), 2);
    clm_claim_regimes_free(set);
}

#define ACK "<acknowledgement n=\"1\" unit=\"days\"/>"
#define RES "<resolution n=\"10\" unit=\"days\"/>"

static void test_regimes_xml_refusals(void **state)
{
    (void)state;
    regimes_refused("<regime id=\"x\" penalty=\"none\" agreed-max=\"3661\">" ACK RES "</regime>",
                    CLM_EINVAL, "agreed-max");
    regimes_refused("<regime id=\"x\" penalty=\"none\" agreed-demands=\"repair apology\">" ACK RES
                    "</regime>",
                    CLM_EINVAL, "agreed-demands");
    regimes_refused("<regime id=\"x\" penalty=\"none\">" ACK RES RES "</regime>", CLM_EINVAL,
                    "demand");
    regimes_refused("<regime id=\"x\" penalty=\"none\">" ACK RES
                    "<resolution demand=\"repair\" n=\"5\" unit=\"days\"/>"
                    "<resolution demand=\"repair\" n=\"6\" unit=\"days\"/></regime>",
                    CLM_EINVAL, "demand");
    regimes_refused("<regime id=\"x\" penalty=\"none\">" ACK
                    "<resolution demand=\"repair\" n=\"5\" unit=\"days\"/></regime>",
                    CLM_EINVAL, "resolution");
    CHECK_FAIL(clm_claim_regimes_load_xml(NULL, "<x/>", 4, NULL, NULL), CLM_EINVAL);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regime_fields_refused),
        cmocka_unit_test(test_regime_lookups),
        cmocka_unit_test(test_claim_policy_refused),
        cmocka_unit_test(test_price_inits_and_nulls),
        cmocka_unit_test(test_price_list_fields_refused),
        cmocka_unit_test(test_price_xml_refusals),
        cmocka_unit_test(test_price_xml_amount_round_trip),
        cmocka_unit_test(test_price_lookup_refusals),
        cmocka_unit_test(test_price_parent_formula_negative),
        cmocka_unit_test(test_regimes_xml_refusals),
    };
    return core_run("coverage_claim_price", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
