/*
 * price_test.c — price lists (include/clm/price.h, price_xml.h): the
 * lookup precedence key by key, inheritance and formulas with their
 * rounding steps, quantity breaks and dates, currencies that never mix,
 * cycles refused, the engine taking prices from a book (price, then
 * discounts, then rounding), a random corpus priced by the book and the
 * engine against a literal reference of the precedence, the engine's
 * short path (a category list taking its parent's price by formula)
 * against the general path, XML round trips and bad files with their
 * line and field, sharing a book between threads, and the OOM walk.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <clm/clm.h>

#include "core_check.h"
#include "oom.h"
#include "price_internal.h" /* which lists the book gives a short path */

#define PCT(x) ((clm_rate)((x) * CLM_RATE_PERCENT))
#define QTY(x) ((int64_t)(x) * CLM_DISCOUNT_QTY_SCALE)

static clm_date D(int y, int m, int d)
{
    clm_date r;
    assert_int_equal(clm_date_from_ymd(&r, y, m, d), 0);
    return r;
}

static const char *data_path(const char *name)
{
    static char buf[4096];
    const char *root = getenv("CLM_SOURCE_ROOT");
    snprintf(buf, sizeof buf, "%s/examples/data/%s", root != NULL ? root : "..", name);
    return buf;
}

static void add_list(clm_price_set *s, const char *id, const char *currency, clm_price_audience a,
                     const char *value, const char *parent)
{
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = id;
    d.currency = currency;
    d.audience = a;
    d.audience_value = value;
    d.parent = parent;
    CHECK_OK(clm_price_set_add_list(s, &d));
}

static void add_price(clm_price_set *s, const char *list, const char *product, const char *group,
                      int64_t min_qty, int64_t price)
{
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = product;
    e.group = group;
    e.min_quantity = min_qty;
    e.unit_price = price;
    CHECK_OK(clm_price_set_add_entry(s, list, &e));
}

static clm_discount_policy *groups_policy(void)
{
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "groups", "RUB"));
    CHECK_OK(clm_discount_policy_add_group(p, "building", NULL));
    CHECK_OK(clm_discount_policy_add_group(p, "cement", "building"));
    return p;
}

static clm_price_book *compile(const clm_price_set *s)
{
    clm_discount_policy *p = groups_policy();
    clm_price_book *b = NULL;
    CHECK_OK(clm_price_book_compile(&b, s, p));
    clm_discount_policy_free(p);
    return b;
}

static clm_price_query query(const char *product, const char *group, int64_t qty)
{
    clm_price_query q = CLM_PRICE_QUERY_INIT;
    q.currency = "RUB";
    q.date = D(2026, 4, 14);
    q.product = product;
    q.group = group;
    q.quantity = qty;
    return q;
}

static int64_t price_of(const clm_price_book *b, const clm_price_query *q, clm_price_quote *out)
{
    clm_price_quote r;
    CHECK_OK(clm_price_book_lookup(&r, b, q));
    CHECK_STR(r.unit_price.currency, q->currency);
    if (out)
        *out = r;
    return r.unit_price.amount;
}

/* ---- precedence ------------------------------------------------------------------------ */

static void test_audience_precedence(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "base", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_list(s, "phone", "RUB", CLM_PRICE_CHANNEL, "phone", NULL);
    add_list(s, "moscow", "RUB", CLM_PRICE_REGION, "RU-MOW", NULL);
    add_list(s, "vip", "RUB", CLM_PRICE_CATEGORY, "vip", NULL);
    add_list(s, "c1", "RUB", CLM_PRICE_CLIENT, "C-1", NULL);
    add_price(s, "base", "P", NULL, 0, 1000);
    add_price(s, "phone", "P", NULL, 0, 900);
    add_price(s, "moscow", "P", NULL, 0, 800);
    add_price(s, "vip", "P", NULL, 0, 700);
    add_price(s, "c1", "P", NULL, 0, 600);
    clm_price_book *b = compile(s);
    clm_price_query q = query("P", NULL, QTY(1));
    clm_price_quote r;
    CHECK_I64(price_of(b, &q, &r), 1000);
    CHECK_STR(r.list_id, "base");
    q.channel = "phone";
    CHECK_I64(price_of(b, &q, NULL), 900);
    q.region = "RU-MOW";
    CHECK_I64(price_of(b, &q, NULL), 800);
    const char *cats[] = { "regular", "vip" };
    q.categories = cats;
    q.category_count = 2;
    CHECK_I64(price_of(b, &q, NULL), 700);
    q.client = "C-2";
    CHECK_I64(price_of(b, &q, NULL), 700); /* another client's list is not seen */
    q.client = "C-1";
    CHECK_I64(price_of(b, &q, &r), 600);
    CHECK_STR(r.list_id, "c1");
    assert_int_equal(r.audience, CLM_PRICE_CLIENT);
    assert_int_equal(r.list, 4);
    assert_int_equal(r.entry, 0);

    /* the explanation lists every candidate and the key that ranked it */
    char *text = NULL;
    CHECK_OK(clm_price_book_explain(&text, b, &q));
    assert_non_null(strstr(text, "chosen: 6.00 RUB from list c1 (client C-1); list c1 entry 1 (product P"));
    assert_non_null(strstr(text, "not chosen (audience): 7.00 RUB from list vip (category vip)"));
    assert_non_null(strstr(text, "not chosen (audience): 10.00 RUB from list base (everyone)"));
    assert_true(strstr(text, "list vip") < strstr(text, "list moscow"));
    assert_true(strstr(text, "list moscow") < strstr(text, "list phone"));
    clm_free(text);
    clm_price_book_free(b);
    clm_price_set_free(s);
}

static void test_target_quantity_and_dates(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "retail", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_price(s, "retail", NULL, "building", 0, 10000);  /* entry 1 */
    add_price(s, "retail", NULL, "cement", 0, 9000);     /* entry 2 */
    add_price(s, "retail", "CEM", NULL, 0, 45000);       /* entry 3 */
    add_price(s, "retail", "CEM", NULL, QTY(100), 43000); /* entry 4 */
    add_price(s, "retail", "CEM", NULL, QTY(500), 41000); /* entry 5 */
    /* a price from 1 May replaces the 100-unit break */
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = "CEM";
    e.min_quantity = QTY(100);
    e.valid_from = D(2026, 5, 1);
    e.unit_price = 44000;                                 /* entry 6 */
    CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
    clm_price_book *b = compile(s);

    clm_price_quote r;
    /* product over group over parent group */
    clm_price_query q = query("CEM", "cement", QTY(1));
    CHECK_I64(price_of(b, &q, &r), 45000);
    assert_int_equal(r.target_distance, 0);
    q.product = "OTHER";
    CHECK_I64(price_of(b, &q, &r), 9000);
    assert_int_equal(r.target_distance, 1);
    assert_int_equal(r.entry, 1);
    q.group = "building";
    CHECK_I64(price_of(b, &q, &r), 10000);
    q.group = NULL;
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "OTHER"));

    /* quantity breaks: the highest not above the quantity, edges included */
    q = query("CEM", "cement", QTY(99));
    CHECK_I64(price_of(b, &q, NULL), 45000);
    q.quantity = QTY(100);
    CHECK_I64(price_of(b, &q, &r), 43000);
    assert_int_equal(r.entry, 3);
    q.quantity = QTY(499) + 999;
    CHECK_I64(price_of(b, &q, NULL), 43000);
    q.quantity = QTY(500);
    CHECK_I64(price_of(b, &q, NULL), 41000);

    /* dates: on 1 May the later valid-from wins the tie on the break */
    q.quantity = QTY(100);
    q.date = D(2026, 4, 30);
    CHECK_I64(price_of(b, &q, NULL), 43000);
    q.date = D(2026, 5, 1);
    CHECK_I64(price_of(b, &q, &r), 44000);
    assert_int_equal(r.entry, 5);
    char *text = NULL;
    CHECK_OK(clm_price_book_explain(&text, b, &q));
    /* one list: one candidate, its own best entry */
    assert_non_null(strstr(text, "chosen: 440.00 RUB from list retail (everyone); list retail entry 6 "
                                 "(product CEM, from 100 units, valid 2026-05-01..)"));
    clm_free(text);
    clm_price_book_free(b);
    clm_price_set_free(s);
}

static void test_list_validity_and_definition_order(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "q1";
    d.currency = "RUB";
    d.valid_to = D(2026, 3, 31);
    CHECK_OK(clm_price_set_add_list(s, &d));
    add_list(s, "a", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_list(s, "b", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_price(s, "q1", "P", NULL, 0, 100);
    add_price(s, "b", "P", NULL, 0, 300);
    add_price(s, "a", "P", NULL, 0, 200);
    clm_price_book *b = compile(s);
    clm_price_query q = query("P", NULL, QTY(1));
    q.date = D(2026, 3, 31);
    CHECK_I64(price_of(b, &q, NULL), 100);   /* q1 first defined, still valid */
    q.date = D(2026, 4, 1);
    CHECK_I64(price_of(b, &q, NULL), 200);   /* q1 expired; a is defined before b */
    char *text;
    CHECK_OK(clm_price_book_explain(&text, b, &q));
    assert_non_null(strstr(text, "not chosen (order of definition): 3.00 RUB from list b"));
    assert_null(strstr(text, "list q1"));
    clm_free(text);
    clm_price_book_free(b);
    clm_price_set_free(s);
}

/* ---- formulas and inheritance ------------------------------------------------------------- */

static void test_formula_rounding_steps(void **state)
{
    (void)state;
    static const struct {
        int64_t base;
        clm_rate rate;
        int64_t amount, step;
        clm_rounding mode;
        int64_t expect;
    } v[] = {
        { 45000, PCT(-12), 0, 100, CLM_ROUND_HALF_UP, 39600 },    /* 450 - 12 % = 396.00 */
        { 45555, PCT(-12), 0, 100, CLM_ROUND_HALF_UP, 40100 },    /* 400.884 -> 401 */
        { 45555, PCT(-12), 0, 100, CLM_ROUND_DOWN, 40000 },
        { 45555, PCT(-12), 0, 1, CLM_ROUND_HALF_EVEN, 40088 },    /* 40088.4 kopecks */
        { 9700, PCT(-50), 0, 100, CLM_ROUND_HALF_EVEN, 4800 },    /* 48.5 -> 48 (even) */
        { 9700, PCT(-50), 0, 100, CLM_ROUND_HALF_UP, 4900 },
        { 9900, PCT(-50), 0, 100, CLM_ROUND_HALF_EVEN, 5000 },    /* 49.5 -> 50 (even) */
        { 9700, PCT(-50), 0, 100, CLM_ROUND_CEILING, 4900 },
        { 9701, PCT(-50), 0, 100, CLM_ROUND_HALF_DOWN, 4900 },   /* 48.505 -> 49 */
        { 10000, 0, 99, 50, CLM_ROUND_UP, 10100 },                /* 100.99 -> 101.00 by 0.50 */
        { 10000, PCT(10), -1, 1, CLM_ROUND_HALF_EVEN, 10999 },    /* + 10 % - 0.01 */
        { 2355, PCT(-15), 0, 50, CLM_ROUND_HALF_UP, 2000 },       /* 20.0175 -> 20.00 by 0.50 */
        { 0, PCT(-100), 0, 100, CLM_ROUND_HALF_UP, 0 },
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        clm_price_formula f = { v[i].rate, v[i].amount, v[i].step, v[i].mode };
        int64_t r = -1;
        CHECK_OK(clm_price_formula_apply(&r, &f, v[i].base));
        if (r != v[i].expect)
            fail_msg("vector %zu: %lld, expected %lld", i, (long long)r, (long long)v[i].expect);
    }
    clm_price_formula f = CLM_PRICE_FORMULA_INIT;
    int64_t r = 7;
    f.amount = -101;
    CHECK_FAIL(clm_price_formula_apply(&r, &f, 100), CLM_ERANGE);
    f.amount = 0;
    f.step = 0;
    CHECK_FAIL(clm_price_formula_apply(&r, &f, 100), CLM_EINVAL);
    f.step = 1;
    f.rate = -CLM_RATE_ONE - 1;
    CHECK_FAIL(clm_price_formula_apply(&r, &f, 100), CLM_EINVAL);
    f.rate = 0;
    f.rounding = (clm_rounding)42;
    CHECK_FAIL(clm_price_formula_apply(&r, &f, 100), CLM_EINVAL);
    f.rounding = CLM_ROUND_UP;
    CHECK_FAIL(clm_price_formula_apply(&r, &f, -1), CLM_EINVAL);
    f.rate = CLM_RATE_MAX;
    CHECK_FAIL(clm_price_formula_apply(&r, &f, INT64_MAX / 2), CLM_EOVERFLOW);
    CHECK_I64(r, 7);
}

static void test_inheritance(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "retail", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "wholesale";
    d.currency = "RUB";
    d.audience = CLM_PRICE_CATEGORY;
    d.audience_value = "wholesale";
    d.parent = "retail";
    d.parent_formula.rate = PCT(-12);
    d.parent_formula.step = 100;
    d.parent_formula.rounding = CLM_ROUND_HALF_UP;
    CHECK_OK(clm_price_set_add_list(s, &d));
    /* a dealer list inherits wholesale: two levels */
    d.id = "dealer";
    d.audience_value = "dealer";
    d.parent = "wholesale";
    d.parent_formula.rate = PCT(-5);
    d.parent_formula.step = 1;
    CHECK_OK(clm_price_set_add_list(s, &d));
    add_price(s, "retail", "P", NULL, 0, 45555);
    add_price(s, "retail", "P", NULL, QTY(10), 45000);
    add_price(s, "wholesale", "P", NULL, QTY(1000), 35000);
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = "Q";
    e.base = "retail";
    e.formula.rate = PCT(-15);
    e.formula.step = 50;
    e.formula.rounding = CLM_ROUND_HALF_UP;
    CHECK_OK(clm_price_set_add_entry(s, "wholesale", &e));
    add_price(s, "retail", "Q", NULL, 0, 2355);
    clm_price_book *b = compile(s);

    const char *ws[] = { "wholesale" }, *dl[] = { "dealer" };
    clm_price_query q = query("P", NULL, QTY(1));
    clm_price_quote r;
    CHECK_I64(price_of(b, &q, &r), 45555);
    q.categories = ws;
    q.category_count = 1;
    CHECK_I64(price_of(b, &q, &r), 40100);    /* 455.55 - 12 % = 400.884 -> 401 */
    assert_true(r.inherited);
    CHECK_STR(r.list_id, "wholesale");
    assert_int_equal(r.entry_list, 0);
    assert_int_equal(r.entry, 0);
    q.quantity = QTY(10);
    CHECK_I64(price_of(b, &q, NULL), 39600);  /* the parent's quantity break carries over */
    q.quantity = QTY(1000);
    CHECK_I64(price_of(b, &q, &r), 35000);    /* its own entry first */
    assert_false(r.inherited);
    q.categories = dl;
    CHECK_I64(price_of(b, &q, NULL), 33250);  /* 350 - 5 % */
    q.quantity = QTY(1);
    CHECK_I64(price_of(b, &q, NULL), 38095);  /* 401.00 - 5 % */
    char *text;
    CHECK_OK(clm_price_book_explain(&text, b, &q));
    assert_non_null(strstr(text, "chosen: 380.95 RUB from list dealer (category dealer): inherits list wholesale - 5%, "
                                 "rounded to 0.01 RUB half-up: inherits list retail - 12%, rounded to 1.00 RUB half-up; "
                                 "list retail entry 1 (product P, from 0 units)"));
    clm_free(text);

    /* an entry's formula on another list */
    q = query("Q", NULL, QTY(1));
    q.categories = ws;
    q.category_count = 1;
    CHECK_I64(price_of(b, &q, &r), 2000);     /* 23.55 - 15 % = 20.0175 -> 20.00 by 0.50 */
    assert_true(r.derived);
    CHECK_OK(clm_price_book_explain(&text, b, &q));
    assert_non_null(strstr(text, "= list retail's 23.55 RUB - 15%, rounded to 0.50 RUB half-up"));
    clm_free(text);
    clm_price_book_free(b);
    clm_price_set_free(s);
}

static void test_cycles_and_currencies(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "a", "RUB", CLM_PRICE_EVERYONE, NULL, "c");
    add_list(s, "b", "RUB", CLM_PRICE_EVERYONE, NULL, "a");
    add_list(s, "c", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    CHECK_OK(clm_price_set_check(s));
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = "P";
    e.base = "b";
    CHECK_OK(clm_price_set_add_entry(s, "c", &e)); /* c -> b -> a -> c */
    CHECK_FAIL(clm_price_set_check(s), CLM_ESTATE);
    assert_non_null(strstr(clm_error_last()->message, "cycle"));
    clm_price_book *b = (clm_price_book *)s;
    CHECK_FAIL(clm_price_book_compile(&b, s, NULL), CLM_ESTATE);
    assert_ptr_equal(b, (clm_price_book *)s);
    clm_price_set_free(s);

    /* a list cannot be its own parent; an unknown parent fails the check */
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "x";
    d.currency = "RUB";
    d.parent = "x";
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);
    assert_int_equal(clm_price_set_list_count(s), 0);
    d.parent = "nowhere";
    CHECK_OK(clm_price_set_add_list(s, &d));
    CHECK_FAIL(clm_price_set_check(s), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "nowhere"));
    clm_price_set_free(s);

    /* currencies never mix: not through a parent, not in a lookup */
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "usd", "USD", CLM_PRICE_EVERYONE, NULL, NULL);
    add_list(s, "rub", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_price(s, "usd", "P", NULL, 0, 500);
    add_price(s, "rub", "P", NULL, 0, 45000);
    b = compile(s);
    clm_price_query q = query("P", NULL, QTY(1));
    CHECK_I64(price_of(b, &q, NULL), 45000);
    q.currency = "USD";
    CHECK_I64(price_of(b, &q, NULL), 500);
    q.currency = "EUR";
    clm_price_quote r;
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_ENOTFOUND);
    q.currency = "XXX";
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_ECURRENCY);
    clm_price_book_free(b);
    add_list(s, "rub2", "RUB", CLM_PRICE_EVERYONE, NULL, "usd");
    CHECK_FAIL(clm_price_set_check(s), CLM_ECURRENCY);
    clm_price_set_free(s);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.currency = "RUB";
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);          /* no id */
    d.id = " x";
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);          /* space at an end */
    d.id = "x";
    d.currency = "ZZZ";
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_ECURRENCY);
    d.currency = "RUB";
    d.audience = CLM_PRICE_CATEGORY;
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);          /* no audience value */
    d.audience = CLM_PRICE_EVERYONE;
    d.audience_value = "v";
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);
    d.audience_value = NULL;
    d.valid_from = D(2026, 2, 1);
    d.valid_to = D(2026, 1, 1);
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EINVAL);
    d.valid_to = CLM_DATE_MAX;
    d.version = 99;
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EVERSION);
    d.version = CLM_PRICE_LIST_VERSION;
    CHECK_OK(clm_price_set_add_list(s, &d));
    CHECK_FAIL(clm_price_set_add_list(s, &d), CLM_EEXISTS);
    assert_int_equal(clm_price_set_list_count(s), 1);

    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    CHECK_FAIL(clm_price_set_add_entry(s, "x", &e), CLM_EINVAL);    /* neither product nor group */
    e.product = "P";
    e.group = "G";
    CHECK_FAIL(clm_price_set_add_entry(s, "x", &e), CLM_EINVAL);    /* both */
    e.group = NULL;
    e.unit_price = -1;
    CHECK_FAIL(clm_price_set_add_entry(s, "x", &e), CLM_EINVAL);
    e.unit_price = 1;
    e.min_quantity = -1;
    CHECK_FAIL(clm_price_set_add_entry(s, "x", &e), CLM_EINVAL);
    e.min_quantity = 0;
    e.base = "x";
    e.formula.step = 0;
    CHECK_FAIL(clm_price_set_add_entry(s, "x", &e), CLM_EINVAL);
    e.base = NULL;
    CHECK_FAIL(clm_price_set_add_entry(s, "nope", &e), CLM_ENOTFOUND);
    assert_int_equal(clm_price_set_entry_count(s, 0), 0);
    CHECK_OK(clm_price_set_add_entry(s, "x", &e));
    assert_int_equal(clm_price_set_entry_count(s, 0), 1);
    CHECK_STR(clm_price_set_entry(s, 0, 0)->product, "P");
    assert_null(clm_price_set_entry(s, 0, 1));
    assert_null(clm_price_set_list(s, 1));

    clm_price_book *b = compile(s);
    clm_price_quote r;
    memset(&r, 0x5a, sizeof r);
    clm_price_quote before = r;
    clm_price_query q = query(NULL, NULL, QTY(1));
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_EINVAL);
    q.product = "P";
    q.quantity = 0;
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_EINVAL);
    q.quantity = 1;
    q.category_count = 1;
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_EINVAL);
    q.category_count = 0;
    q.version = 0;
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_EVERSION);
    assert_memory_equal(&r, &before, sizeof r);
    CHECK_FAIL(clm_price_book_lookup(NULL, b, &q), CLM_EINVAL);
    CHECK_FAIL(clm_price_book_compile(NULL, s, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_audience_from_name(&d.audience, "Category"), CLM_ENOTFOUND);
    clm_price_audience a;
    CHECK_OK(clm_price_audience_from_name(&a, "region"));
    assert_int_equal(a, CLM_PRICE_REGION);
    assert_null(clm_price_audience_name((clm_price_audience)9));
    clm_price_book_free(b);
    clm_price_set_free(s);
    clm_price_set_free(NULL);
    clm_price_book_free(NULL);
}

/* ---- the engine ------------------------------------------------------------------------------- */

static clm_price_set *sample_set(void)
{
    clm_price_set *s = NULL;
    int rc = clm_price_set_load_file(&s, data_path("price-lists.xml"), NULL);
    if (rc != 0)
        fail_msg("price-lists.xml: %s", clm_error_last()->message);
    return s;
}

static void test_engine_takes_prices(void **state)
{
    (void)state;
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_load_file(&p, data_path("wholesale-policy.xml"), NULL));
    clm_price_set *s = sample_set();
    clm_price_book *b;
    CHECK_OK(clm_price_book_compile(&b, s, p));
    clm_discount_engine *e;
    CHECK_OK(clm_discount_policy_compile_with_prices(&e, p, b));
    clm_price_book_free(b); /* the engine holds it */
    clm_discount_order *o;
    CHECK_OK(clm_discount_order_load_file(&o, data_path("priced-order.xml"), NULL));
    clm_discount_result *res;
    CHECK_OK(clm_discount_engine_evaluate(&res, e, clm_discount_order_document(o), NULL));
    /* wholesale: cement 410.00 - 12 % = 360.80 -> 361; bricks 23.55 - 15 %
     * -> 20.00 by 0.50; tools 2500.00 - 12 % = 2200.00 */
    CHECK_I64(clm_discount_result_line(res, 0)->unit_price, 36100);
    CHECK_I64(clm_discount_result_line(res, 0)->base, 36100 * 600);
    CHECK_I64(clm_discount_result_line(res, 1)->unit_price, 2000);
    CHECK_I64(clm_discount_result_line(res, 2)->unit_price, 220000);
    /* discounts come after the price: volume-500 gives 5 % on 600 bags */
    const clm_discount_line_result *l0 = clm_discount_result_line(res, 0);
    CHECK_I64(l0->discount, 36100 * 600 / 20);
    const clm_discount_trace_entry *t0 = clm_discount_result_trace(res, 0, 0);
    CHECK_STR(t0->name, "price");
    assert_int_equal(t0->stage, CLM_DISCOUNT_STAGE_BASE);
    assert_non_null(strstr(t0->reason, "361.00 RUB from list wholesale (category wholesale): inherits list retail "
                                       "- 12%, rounded to 1.00 RUB half-up; list retail entry 3 (product CEM-M500, "
                                       "from 500 units, valid 2026-01-01..2026-12-31)"));
    CHECK_STR(clm_discount_result_trace(res, 0, 1)->name, "base");

    /* the batch prices the same */
    clm_discount_line_result lines[3];
    clm_discount_totals tot;
    CHECK_OK(clm_discount_engine_price_batch(lines, 3, &tot, e, clm_discount_order_document(o), 1));
    CHECK_I64(tot.net, clm_discount_result_totals(res)->net);
    CHECK_I64(lines[1].unit_price, 2000);
    clm_discount_result_free(res);

    /* a line the lists do not price fails, naming the line */
    clm_discount_document doc = *clm_discount_order_document(o);
    clm_discount_line ln[2] = { doc.lines[0], doc.lines[0] };
    ln[1].product = "UNKNOWN";
    ln[1].group = NULL;
    doc.lines = ln;
    doc.line_count = 2;
    res = (clm_discount_result *)o;
    CHECK_FAIL(clm_discount_engine_evaluate(&res, e, &doc, NULL), CLM_ENOTFOUND);
    assert_non_null(strstr(clm_error_last()->message, "line 2"));
    assert_ptr_equal(res, (clm_discount_result *)o);
    clm_discount_engine_free(e);

    /* an engine without a book refuses a line without a price */
    CHECK_OK(clm_discount_policy_compile(&e, p));
    CHECK_FAIL(clm_discount_engine_evaluate(&res, e, clm_discount_order_document(o), NULL), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "no price book"));
    clm_discount_engine_free(e);
    clm_discount_order_free(o);
    clm_price_set_free(s);
    clm_discount_policy_free(p);
}

/* The engine finds the client's lists once per document and prices every
 * line in them: the same price as a lookup of each line on its own, for
 * every audience, a duplicated category, another currency's list, an
 * inherited list, groups, breaks, and a document of many lines. */
static void test_engine_lookup_matches_book(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "base", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_list(s, "usd", "USD", CLM_PRICE_EVERYONE, NULL, NULL);
    add_list(s, "phone", "RUB", CLM_PRICE_CHANNEL, "phone", NULL);
    add_list(s, "moscow", "RUB", CLM_PRICE_REGION, "RU-MOW", NULL);
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "vip";
    d.currency = "RUB";
    d.audience = CLM_PRICE_CATEGORY;
    d.audience_value = "vip";
    d.parent = "base";
    d.parent_formula.rate = -PCT(7);
    d.parent_formula.step = 100;
    d.parent_formula.rounding = CLM_ROUND_HALF_UP;
    CHECK_OK(clm_price_set_add_list(s, &d));
    add_list(s, "c1", "RUB", CLM_PRICE_CLIENT, "C-1", NULL);
    static const char *const products[] = { "P", "Q", "R", "S" };
    for (int i = 0; i < 4; i++) {
        add_price(s, "base", products[i], NULL, 0, 10000 + 1111 * i);
        add_price(s, "base", products[i], NULL, QTY(10), 9000 + 1111 * i);
        add_price(s, "usd", products[i], NULL, 0, 100 + i);
    }
    add_price(s, "base", NULL, "building", 0, 5000);
    add_price(s, "base", NULL, "tools", 0, 4000); /* a group only the book knows */
    add_price(s, "phone", "Q", NULL, 0, 9900);
    add_price(s, "moscow", NULL, "cement", 0, 8800);
    add_price(s, "vip", "R", NULL, QTY(5), 7700);
    add_price(s, "c1", "S", NULL, 0, 6600);
    clm_discount_policy *p = groups_policy();
    clm_price_book *b;
    CHECK_OK(clm_price_book_compile(&b, s, p));
    clm_discount_engine *e;
    CHECK_OK(clm_discount_policy_compile_with_prices(&e, p, b));

    static const char *const lprod[] = { "P", "Q", "R", "S", "T" };
    static const char *const lgroup[] = { NULL, "cement", "building", "tools" };
    static const int64_t lqty[] = { QTY(1), QTY(5), QTY(12) };
    clm_discount_line lines[60];
    size_t n = 0;
    for (int i = 0; i < 5; i++)
        for (int g = 0; g < 4; g++)
            for (int k = 0; k < 3; k++) {
                if (i == 4 && g == 0)
                    continue; /* T has no price without a group */
                clm_discount_line l = { .product = lprod[i], .group = lgroup[g], .quantity = lqty[k] };
                lines[n++] = l;
            }
    static const char *const cats_dup[] = { "vip", "regular", "vip" };
    for (int who = 0; who < 8; who++) {
        clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
        doc.currency = who == 7 ? "USD" : "RUB";
        doc.date = D(2026, 4, 14);
        doc.client.id = who & 1 ? "C-1" : "C-2";
        doc.client.categories = who & 2 ? cats_dup : NULL;
        doc.client.category_count = who & 2 ? 3 : 0;
        doc.client.region = who & 4 ? "RU-MOW" : NULL;
        doc.channel = who >= 4 ? "phone" : NULL;
        doc.lines = lines;
        doc.line_count = who == 7 ? 12 : n; /* USD: P..S, no group entries */
        clm_discount_line usd[12];
        if (who == 7) {
            for (int i = 0; i < 4; i++)
                for (int k = 0; k < 3; k++)
                    usd[i * 3 + k] = (clm_discount_line){ .product = lprod[i], .quantity = lqty[k] };
            doc.lines = usd;
        }
        clm_discount_line_result res[60];
        clm_discount_totals tot;
        clm_discount_engine *ee = e;
        clm_discount_policy *pu = NULL;
        if (who == 7) {
            CHECK_OK(clm_discount_policy_new(&pu, "usd", "USD"));
            CHECK_OK(clm_discount_policy_compile_with_prices(&ee, pu, b));
        }
        CHECK_OK(clm_discount_engine_price_batch(res, doc.line_count, &tot, ee, &doc, 1));
        for (size_t i = 0; i < doc.line_count; i++) {
            clm_price_query q = CLM_PRICE_QUERY_INIT;
            q.currency = doc.currency;
            q.date = doc.date;
            q.client = doc.client.id;
            q.categories = doc.client.categories;
            q.category_count = doc.client.category_count;
            q.region = doc.client.region;
            q.channel = doc.channel;
            q.product = doc.lines[i].product;
            q.group = doc.lines[i].group;
            q.quantity = doc.lines[i].quantity;
            clm_price_quote r;
            CHECK_OK(clm_price_book_lookup(&r, b, &q));
            if (res[i].unit_price != r.unit_price.amount)
                fail_msg("client %d, line %zu (%s/%s): engine %lld, lookup %lld", who, i, q.product,
                         q.group ? q.group : "-", (long long)res[i].unit_price, (long long)r.unit_price.amount);
        }
        if (who == 7) {
            clm_discount_engine_free(ee);
            clm_discount_policy_free(pu);
        }
    }
    /* a figure by hand: C-1 in vip, in Moscow, by phone: S is its own
     * 66.00; R at 5 units is vip's 77.00; P is vip's base 100.00 - 7 % =
     * 93.00; Q is vip's 111.11 - 7 % = 103.33 -> 103.00, not the phone
     * list's 99.00 (a category list ranks above a channel list) */
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    doc.currency = "RUB";
    doc.date = D(2026, 4, 14);
    doc.client.id = "C-1";
    doc.client.categories = cats_dup;
    doc.client.category_count = 3;
    doc.client.region = "RU-MOW";
    doc.channel = "phone";
    clm_discount_line four[4] = {
        { .product = "S", .quantity = QTY(1) },
        { .product = "R", .quantity = QTY(5) },
        { .product = "P", .quantity = QTY(1) },
        { .product = "Q", .quantity = QTY(1) },
    };
    doc.lines = four;
    doc.line_count = 4;
    clm_discount_line_result res[4];
    clm_discount_totals tot;
    CHECK_OK(clm_discount_engine_price_batch(res, 4, &tot, e, &doc, 1));
    CHECK_I64(res[0].unit_price, 6600);
    CHECK_I64(res[1].unit_price, 7700);
    CHECK_I64(res[2].unit_price, 9300);
    CHECK_I64(res[3].unit_price, 10300);
    clm_discount_engine_free(e);
    clm_price_book_free(b);
    clm_discount_policy_free(p);
    clm_price_set_free(s);
}

/* ---- a random corpus against a straightforward reference ----------------------------- */

/* The reference reads the set through its public accessors and applies
 * include/clm/price.h's precedence literally: every entry of every list
 * compared key by key, no index. The book and the engine must give the
 * same figures for every query of a random corpus. */
static const char *ref_parent_group(const clm_discount_policy *p, const char *g)
{
    for (size_t i = 0; i < clm_discount_policy_group_count(p); i++) {
        const char *name, *parent;
        CHECK_OK(clm_discount_policy_group_at(&name, &parent, p, i));
        if (strcmp(name, g) == 0)
            return parent != NULL && parent[0] != '\0' ? parent : NULL;
    }
    return NULL;
}

/* Distance of an entry's target from the line: 0 its product, 1 its
 * group, 2 the group's parent...; -1 if the entry does not name it. */
static int ref_dist(const clm_discount_policy *p, const clm_price_entry *e, const clm_price_query *q)
{
    if (e->product != NULL)
        return strcmp(e->product, q->product) == 0 ? 0 : -1;
    int d = 1;
    for (const char *g = q->group; g != NULL && d < 64; g = ref_parent_group(p, g), d++)
        if (strcmp(g, e->group) == 0)
            return d;
    return -1;
}

typedef struct ref_result {
    int64_t price;
    size_t list, entry_list, entry;
    int inherited, derived, dist;
    int64_t min_qty;
    clm_date from;
} ref_result;

static size_t ref_find_list(const clm_price_set *s, const char *id)
{
    for (size_t i = 0; i < clm_price_set_list_count(s); i++)
        if (strcmp(clm_price_set_list(s, i)->id, id) == 0)
            return i;
    fail_msg("reference: no list %s", id);
    return 0;
}

/* 0 and *out when list li prices q, 1 when it does not, or an error. */
static int ref_list(ref_result *out, const clm_price_set *s, const clm_discount_policy *p, size_t li,
                    const clm_price_query *q)
{
    const clm_price_list_def *l = clm_price_set_list(s, li);
    if (q->date < l->valid_from || q->date > l->valid_to)
        return 1;
    int found = 0;
    ref_result best = { .price = 0 };
    for (size_t k = 0; k < clm_price_set_entry_count(s, li); k++) {
        const clm_price_entry *e = clm_price_set_entry(s, li, k);
        clm_date from = e->valid_from > l->valid_from ? e->valid_from : l->valid_from;
        clm_date to = e->valid_to < l->valid_to ? e->valid_to : l->valid_to;
        int d = ref_dist(p, e, q);
        if (d < 0 || e->min_quantity > q->quantity || q->date < from || q->date > to)
            continue;
        /* keys 2-5 within the list; entries come in definition order */
        if (found && (d > best.dist || (d == best.dist && (e->min_quantity < best.min_qty ||
                                                           (e->min_quantity == best.min_qty && from <= best.from)))))
            continue;
        best = (ref_result){ .list = li, .entry_list = li, .entry = k, .dist = d, .min_qty = e->min_quantity,
                             .from = from };
        found = 1;
    }
    if (found) {
        const clm_price_entry *e = clm_price_set_entry(s, li, best.entry);
        if (e->base == NULL) {
            best.price = e->unit_price;
        } else {
            ref_result base = { .price = 0 };
            int rc = ref_list(&base, s, p, ref_find_list(s, e->base), q);
            if (rc != 0)
                return rc < 0 ? rc : CLM_ENOTFOUND;
            if ((rc = clm_price_formula_apply(&best.price, &e->formula, base.price)) < 0)
                return rc;
            best.derived = 1;
        }
        *out = best;
        return 0;
    }
    if (l->parent == NULL)
        return 1;
    ref_result pr = { .price = 0 };
    int rc = ref_list(&pr, s, p, ref_find_list(s, l->parent), q);
    if (rc != 0)
        return rc;
    if ((rc = clm_price_formula_apply(&pr.price, &l->parent_formula, pr.price)) < 0)
        return rc;
    pr.list = li;
    pr.inherited = 1;
    *out = pr;
    return 0;
}

static bool ref_sees(const clm_price_list_def *l, const clm_price_query *q)
{
    const char *v = l->audience_value;
    switch (l->audience) {
    case CLM_PRICE_EVERYONE:
        return true;
    case CLM_PRICE_CLIENT:
        return q->client != NULL && strcmp(q->client, v) == 0;
    case CLM_PRICE_CATEGORY:
        for (size_t i = 0; i < q->category_count; i++)
            if (strcmp(q->categories[i], v) == 0)
                return true;
        return false;
    case CLM_PRICE_REGION:
        return q->region != NULL && strcmp(q->region, v) == 0;
    case CLM_PRICE_CHANNEL:
        return q->channel != NULL && strcmp(q->channel, v) == 0;
    }
    return false;
}

/* The price of q: 0 and *out, or the error code the lookup must give. */
static int ref_lookup(ref_result *out, const clm_price_set *s, const clm_discount_policy *p, const clm_price_query *q)
{
    for (int a = CLM_PRICE_CLIENT; a >= CLM_PRICE_EVERYONE; a--) {
        int found = 0;
        ref_result best = { .price = 0 };
        for (size_t li = 0; li < clm_price_set_list_count(s); li++) {
            const clm_price_list_def *l = clm_price_set_list(s, li);
            if ((int)l->audience != a || strcmp(l->currency, q->currency) != 0 || !ref_sees(l, q))
                continue;
            ref_result r = { .price = 0 };
            int rc = ref_list(&r, s, p, li, q);
            if (rc < 0)
                return rc;
            if (rc == 1)
                continue;
            /* keys 2-5 between lists of one audience; lists come in
             * definition order, so a tie keeps the earlier list (key 5:
             * the list added first, whichever list its price came from) */
            if (found && (r.dist > best.dist ||
                          (r.dist == best.dist &&
                           (r.min_qty < best.min_qty ||
                            (r.min_qty == best.min_qty && r.from <= best.from)))))
                continue;
            best = r;
            found = 1;
        }
        if (found) {
            *out = best;
            return 0;
        }
    }
    return CLM_ENOTFOUND;
}

static uint64_t corpus_rng = 0x9E3779B97F4A7C15ULL;
static uint32_t rnd(uint32_t n)
{
    corpus_rng ^= corpus_rng << 13;
    corpus_rng ^= corpus_rng >> 7;
    corpus_rng ^= corpus_rng << 17;
    return (uint32_t)(corpus_rng % n);
}

/* The engine's answer for a document of q's one line (q in the engine's
 * currency): 0 and *price (when not NULL), or the error. */
static int engine_line(const clm_discount_engine *eng, const clm_price_query *q, int64_t *price)
{
    clm_discount_line line = { .product = q->product, .group = q->group, .quantity = q->quantity };
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    doc.currency = q->currency;
    doc.date = q->date;
    doc.client.id = q->client;
    doc.client.categories = q->categories;
    doc.client.category_count = q->category_count;
    doc.client.region = q->region;
    doc.channel = q->channel;
    doc.lines = &line;
    doc.line_count = 1;
    clm_discount_line_result res;
    clm_discount_totals tot;
    int rc = clm_discount_engine_price_batch(&res, 1, &tot, eng, &doc, 1);
    if (rc == 0 && price != NULL)
        *price = res.unit_price;
    return rc;
}

/* The shape of a random corpus: how many lists and entries a round has,
 * whether parents are mostly the list just before (chains longer than the
 * lookup's short path follows) and whether formulas take figures beyond
 * 31 bits and steps other than 1 and 100. */
#define CORPUS_MAX_LISTS 96
typedef struct corpus_shape {
    int rounds, lists_min, lists_extra, entries_min, entries_extra;
    bool chains, wide;
} corpus_shape;

typedef struct corpus_counts {
    int priced, unpriced, inherited, derived, dated;
} corpus_counts;

static void corpus_run(const corpus_shape *sh, corpus_counts *cnt)
{
    static const char *const products[] = {
        "P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "EIGHTCHR", "NINECHARS",
        "a-product-id-of-some-forty-bytes-length!", "p-10", "p-11", "p-12", "P13", "P14",
    };
    static const char *const groups[] = { "G0", "G1", "G2", "G3", "G4", "G5", "GX" };
    static const char *const clients[] = { "C-1", "C-2", "C-3" };
    static const char *const cats[] = { "vip", "dealer", "new" };
    static const char *const regions[] = { "RU-MOW", "RU-SPE" };
    static const char *const channels[] = { "web", "phone" };
    static const clm_rounding modes[] = { CLM_ROUND_HALF_UP, CLM_ROUND_HALF_EVEN, CLM_ROUND_DOWN, CLM_ROUND_CEILING };
    const int nprod = (int)(sizeof products / sizeof *products);
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "corpus", "RUB"));
    CHECK_OK(clm_discount_policy_add_group(p, "G0", NULL));
    CHECK_OK(clm_discount_policy_add_group(p, "G1", NULL));
    CHECK_OK(clm_discount_policy_add_group(p, "G2", "G0"));
    CHECK_OK(clm_discount_policy_add_group(p, "G3", "G2"));
    CHECK_OK(clm_discount_policy_add_group(p, "G4", "G1"));
    CHECK_OK(clm_discount_policy_add_group(p, "G5", "G3"));
    const clm_date day0 = D(2026, 3, 1);
    int priced = 0, unpriced = 0, inherited = 0, derived = 0, dated = 0;
    for (int round = 0; round < sh->rounds; round++) {
        clm_price_set *s;
        CHECK_OK(clm_price_set_new(&s));
        int nlists = sh->lists_min + (int)rnd((uint32_t)sh->lists_extra);
        char ids[CORPUS_MAX_LISTS][16];
        assert_true(nlists <= CORPUS_MAX_LISTS);
        for (int i = 0; i < nlists; i++) {
            snprintf(ids[i], sizeof ids[i], "L%d", i);
            clm_price_list_def d = CLM_PRICE_LIST_INIT;
            d.id = ids[i];
            d.currency = i > 0 && rnd(8) == 0 ? "USD" : "RUB";
            d.audience = i == 0 ? CLM_PRICE_EVERYONE : (clm_price_audience)rnd(5);
            switch (d.audience) {
            case CLM_PRICE_CLIENT: d.audience_value = clients[rnd(3)]; break;
            case CLM_PRICE_CATEGORY: d.audience_value = cats[rnd(3)]; break;
            case CLM_PRICE_REGION: d.audience_value = regions[rnd(2)]; break;
            case CLM_PRICE_CHANNEL: d.audience_value = channels[rnd(2)]; break;
            case CLM_PRICE_EVERYONE: break;
            }
            if (i > 0 && rnd(3) == 0) {
                d.valid_from = day0 + (clm_date)rnd(20);
                d.valid_to = rnd(2) ? CLM_DATE_MAX : d.valid_from + (clm_date)rnd(30);
            }
            /* parents and bases are earlier lists: no cycle */
            if (i > 0 && (sh->chains || rnd(2) == 0) && strcmp(d.currency, "RUB") == 0) {
                d.parent = ids[sh->chains && rnd(4) != 0 ? (uint32_t)i - 1 : rnd((uint32_t)i)];
                if (strcmp(clm_price_set_list(s, ref_find_list(s, d.parent))->currency, "RUB") != 0)
                    d.parent = NULL;
                d.parent_formula.rate = (clm_rate)rnd(50) * CLM_RATE_PERCENT - 30 * CLM_RATE_PERCENT;
                d.parent_formula.amount = rnd(3) == 0 ? (int64_t)rnd(500) : 0;
                d.parent_formula.step = rnd(2) ? 100 : 1;
                d.parent_formula.rounding = modes[rnd(4)];
                if (sh->wide) {
                    /* steps other than 1 and 100, amounts and factors
                     * beyond 31 bits, negative results (an error) */
                    static const int64_t steps[] = { 1, 7, 10, 100, 1000, 100000 };
                    d.parent_formula.step = steps[rnd(6)];
                    if (rnd(8) == 0)
                        d.parent_formula.amount = (int64_t)rnd(4) * INT64_C(1500000000) - INT64_C(2000000000);
                    if (rnd(8) == 0)
                        d.parent_formula.rate = (clm_rate)rnd(3000) * CLM_RATE_PERCENT;
                }
            }
            CHECK_OK(clm_price_set_add_list(s, &d));
        }
        int nentries = sh->entries_min + (int)rnd((uint32_t)sh->entries_extra);
        for (int k = 0; k < nentries; k++) {
            int li = (int)rnd((uint32_t)nlists);
            /* chains: most entries in every twelfth list, so a lookup
             * climbs many lists without entries */
            if (sh->chains && rnd(4) != 0)
                li -= li % 12;
            clm_price_entry e = CLM_PRICE_ENTRY_INIT;
            if (rnd(4) == 0)
                e.group = groups[rnd(7)];
            else
                e.product = products[rnd((uint32_t)nprod)];
            static const int64_t breaks[] = { 0, 0, 0, 5, 10, 20 };
            e.min_quantity = QTY(breaks[rnd(6)]) + (rnd(5) == 0 ? 500 : 0);
            /* now and then a figure above 32 bits (the book keeps smaller
             * ones narrower) */
            if (rnd(40) == 0)
                e.min_quantity = QTY(3000000);
            if (rnd(5) == 0) {
                e.valid_from = day0 + (clm_date)rnd(25);
                e.valid_to = rnd(2) ? CLM_DATE_MAX : e.valid_from + (clm_date)rnd(20);
            }
            e.unit_price = rnd(40) == 0 ? INT64_C(3000000000) + rnd(1000) : 100 + (int64_t)rnd(100000);
            const clm_price_list_def *l = clm_price_set_list(s, (size_t)li);
            if (li > 0 && rnd(6) == 0 && strcmp(l->currency, "RUB") == 0) {
                e.base = ids[rnd((uint32_t)li)];
                if (strcmp(clm_price_set_list(s, ref_find_list(s, e.base))->currency, "RUB") != 0)
                    e.base = NULL;
                e.formula.rate = (clm_rate)rnd(40) * CLM_RATE_PERCENT - 20 * CLM_RATE_PERCENT;
                e.formula.step = rnd(2) ? 100 : 10;
                e.formula.rounding = modes[rnd(4)];
            }
            CHECK_OK(clm_price_set_add_entry(s, ids[li], &e));
        }
        clm_price_book *b;
        CHECK_OK(clm_price_book_compile(&b, s, p));
        clm_discount_engine *eng;
        CHECK_OK(clm_discount_policy_compile_with_prices(&eng, p, b));
        for (int who = 0; who < 20; who++) {
            const char *qcats[2] = { cats[rnd(3)], cats[rnd(3)] };
            clm_price_query q = CLM_PRICE_QUERY_INIT;
            q.currency = rnd(10) == 0 ? "USD" : "RUB";
            q.date = day0 + (clm_date)rnd(50);
            q.client = rnd(4) ? clients[rnd(3)] : NULL;
            q.categories = qcats;
            q.category_count = rnd(3);
            q.region = rnd(2) ? regions[rnd(2)] : NULL;
            q.channel = rnd(2) ? channels[rnd(2)] : NULL;
            clm_discount_line lines[40];
            int64_t want[40];
            size_t n = 0;
            for (int i = 0; i < 40; i++) {
                q.product = products[rnd((uint32_t)nprod)];
                q.group = rnd(5) ? groups[rnd(7)] : NULL;
                q.quantity = rnd(20) == 0 ? QTY(3000000) + rnd(2) : (int64_t)(1 + rnd(25000));
                ref_result r = { .price = 0 };
                int rc = ref_lookup(&r, s, p, &q);
                clm_price_quote got = { .list = 0 };
                int got_rc = clm_price_book_lookup(&got, b, &q);
                if (rc != got_rc)
                    fail_msg("round %d, query %d/%d (%s/%s, %lld): reference %d, book %d (%s)", round, who, i,
                             q.product, q.group ? q.group : "-", (long long)q.quantity, rc, got_rc,
                             got_rc < 0 ? clm_error_last()->message : "");
                if (rc < 0) {
                    unpriced++;
                    if (strcmp(q.currency, "RUB") == 0)
                        assert_int_equal(engine_line(eng, &q, NULL), rc);
                    continue;
                }
                priced++;
                inherited += r.inherited;
                derived += r.derived;
                dated += r.from != CLM_DATE_MIN;
                if (got.unit_price.amount != r.price || got.list != r.list || got.entry_list != r.entry_list ||
                    got.entry != r.entry || got.inherited != r.inherited || got.derived != r.derived ||
                    (int)got.target_distance != r.dist || got.min_quantity != r.min_qty ||
                    got.valid_from != r.from || (int)got.audience != (int)clm_price_set_list(s, r.list)->audience)
                    fail_msg("round %d, query %d/%d (%s/%s, %lld): reference %lld from list %zu entry %zu/%zu, "
                             "book %lld from list %zu entry %zu/%zu",
                             round, who, i, q.product, q.group ? q.group : "-", (long long)q.quantity,
                             (long long)r.price, r.list, r.entry_list, r.entry, (long long)got.unit_price.amount,
                             got.list, got.entry_list, got.entry);
                if (strcmp(q.currency, "RUB") == 0) {
                    lines[n] = (clm_discount_line){ .product = q.product, .group = q.group, .quantity = q.quantity };
                    want[n++] = r.price;
                }
            }
            if (n == 0)
                continue;
            /* the engine prices a document of the priced lines alike */
            clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
            doc.currency = "RUB";
            doc.date = q.date;
            doc.client.id = q.client;
            doc.client.categories = q.categories;
            doc.client.category_count = q.category_count;
            doc.client.region = q.region;
            doc.channel = q.channel;
            doc.lines = lines;
            doc.line_count = n;
            clm_discount_line_result res[40];
            clm_discount_totals tot;
            CHECK_OK(clm_discount_engine_price_batch(res, n, &tot, eng, &doc, 1));
            for (size_t i = 0; i < n; i++)
                if (res[i].unit_price != want[i])
                    fail_msg("round %d, document %d, line %zu (%s): engine %lld, reference %lld", round, who, i,
                             lines[i].product, (long long)res[i].unit_price, (long long)want[i]);
        }
        clm_discount_engine_free(eng);
        clm_price_book_free(b);
        clm_price_set_free(s);
    }
    clm_discount_policy_free(p);
    *cnt = (corpus_counts){ priced, unpriced, inherited, derived, dated };
}

/* Runs corpus sh and checks it reached every path at least as often as
 * `least` says: priced and not, inherited, derived, entries with periods
 * of their own. */
static void corpus_check(const corpus_shape *sh, const corpus_counts *least)
{
    corpus_counts n;
    corpus_run(sh, &n);
    assert_true(n.priced > least->priced);
    assert_true(n.unpriced > least->unpriced);
    assert_true(n.inherited > least->inherited);
    assert_true(n.derived > least->derived);
    assert_true(n.dated > least->dated);
}

static void test_random_corpus_matches_reference(void **state)
{
    (void)state;
    corpus_check(&(corpus_shape){ .rounds = 12, .lists_min = 3, .lists_extra = 10, .entries_min = 20,
                                  .entries_extra = 120 },
                 &(corpus_counts){ .priced = 1000, .unpriced = 100, .inherited = 50, .derived = 20, .dated = 20 });
}

/* The same against books of 64 to 95 lists (two lists share a bit of a
 * record's filter of its lists), mostly in long chains of inheritance
 * (longer than the lookup's short path follows), with formulas whose
 * figures pass 31 bits, steps other than 1 and 100, and negative
 * results: the engine's lookup takes its short path or resolve() and
 * must give the same figures, and a line the reference cannot price
 * must fail the engine's document with the reference's error. */
static void test_random_corpus_long_chains(void **state)
{
    (void)state;
    corpus_check(&(corpus_shape){ .rounds = 8, .lists_min = 64, .lists_extra = 32, .entries_min = 200,
                                  .entries_extra = 400, .chains = true, .wide = true },
                 &(corpus_counts){ .priced = 1000, .unpriced = 50, .inherited = 300, .derived = 20, .dated = 20 });
}

/* ---- the engine's short path (issue 14) ------------------------------------------------ */

/* The engine's short path for a price: a category list with no entry of
 * its own for the product takes its parent's price through its formula
 * without the general walk, its formula's ranges checked once when the
 * book is built. The engine (clm_discount_engine_price_batch(), which
 * takes the short path) must give every figure and every error that
 * clm_price_book_lookup() (the general path, resolve()) gives: on random
 * books shaped like a retail list and its category lists, and on the
 * edges: dates out of a list's validity, quantity breaks, formulas near
 * the 64-bit limit, every rounding mode at its halfway points, a category
 * list with an entry of its own, chains deeper than one. */
__extension__ typedef __int128 i128;

static void add_inheriting(clm_price_set *s, const char *id, clm_price_audience a, const char *value,
                           const char *parent, clm_price_formula f)
{
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = id;
    d.currency = "RUB";
    d.audience = a;
    d.audience_value = value;
    d.parent = parent;
    d.parent_formula = f;
    CHECK_OK(clm_price_set_add_list(s, &d));
}

static clm_price_formula formula(clm_rate rate, int64_t amount, int64_t step, clm_rounding mode)
{
    clm_price_formula f = CLM_PRICE_FORMULA_INIT;
    f.rate = rate;
    f.amount = amount;
    f.step = step;
    f.rounding = mode;
    return f;
}

/* How many of b's lists have a short path to their parent. */
static size_t short_lists(const clm_price_book *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->nlists; i++)
        n += b->lists[i].fall.kind != CLM_DISCOUNT__FALL_NONE;
    return n;
}

/* The kind of list `id`'s short path. */
static int fall_kind(const clm_price_book *b, const char *id)
{
    for (size_t i = 0; i < b->nlists; i++)
        if (strcmp(b->lists[i].l->pub.id, id) == 0)
            return b->lists[i].fall.kind;
    fail_msg("no list %s", id);
    return -1;
}

typedef struct pair_counts {
    int priced, unpriced, inherited_product, too_big;
} pair_counts;

/*
 * The query through both paths: the book's lookup (the general path) and
 * the engine's document of one line (the short path where it applies):
 * the same error, or the same figure. Returns the book's answer.
 */
static int both_paths(const clm_price_book *b, const clm_discount_engine *e, const clm_price_query *q,
                      clm_price_quote *quote, pair_counts *cnt)
{
    clm_price_quote got = { .list = 0 };
    int rc = clm_price_book_lookup(&got, b, q);
    int64_t engine_price = 0;
    int erc = engine_line(e, q, &engine_price);
    /* a line whose amount (price x quantity) passes 64 bits fails the
     * document after the lookup: nothing to compare */
    if (rc == 0 && erc == CLM_EOVERFLOW &&
        (i128)got.unit_price.amount * q->quantity / CLM_DISCOUNT_QTY_SCALE > INT64_MAX / 4) {
        if (cnt != NULL)
            cnt->too_big++;
        return rc;
    }
    if (rc != erc)
        fail_msg("%s at %lld, date %d: book %d, engine %d (%s)", q->product, (long long)q->quantity, (int)q->date, rc,
                 erc, erc < 0 ? clm_error_last()->message : "");
    if (rc == 0 && engine_price != got.unit_price.amount)
        fail_msg("%s at %lld, date %d, %zu categories: book %lld from list %zu (inherited %d), engine %lld",
                 q->product, (long long)q->quantity, (int)q->date, q->category_count,
                 (long long)got.unit_price.amount, got.list, got.inherited, (long long)engine_price);
    if (cnt != NULL) {
        if (rc == 0) {
            cnt->priced++;
            cnt->inherited_product += got.inherited && got.target_distance == 0 &&
                                      got.audience == CLM_PRICE_CATEGORY;
        } else {
            cnt->unpriced++;
        }
    }
    if (quote != NULL)
        *quote = got;
    return rc;
}

/* ---- random books shaped like a retail list and its category lists ------------------ */

static clm_price_formula random_formula(void)
{
    static const clm_rounding modes[] = { CLM_ROUND_HALF_EVEN, CLM_ROUND_HALF_UP, CLM_ROUND_HALF_DOWN,
                                          CLM_ROUND_UP,        CLM_ROUND_DOWN,    CLM_ROUND_CEILING,
                                          CLM_ROUND_FLOOR };
    static const int64_t steps[] = { 1, 100, 100, 1, 7, 10, 1000, 100000 };
    clm_price_formula f = formula(PCT((int)rnd(61) - 30), rnd(4) == 0 ? (int64_t)rnd(500) : 0, steps[rnd(8)],
                                  modes[rnd(7)]);
    switch (rnd(24)) {
    case 0: /* a negative amount: no short path (the result may go negative) */
        f.amount = -(int64_t)rnd(100000);
        break;
    case 1: /* a factor beyond 31 bits: no short path */
        f.rate = (clm_rate)(INT32_MAX - CLM_RATE_ONE + 1 + (int64_t)rnd(1000));
        break;
    case 2: /* the widest factor and amount the short path takes */
        f.rate = (clm_rate)(INT32_MAX - CLM_RATE_ONE);
        f.amount = INT32_MAX;
        break;
    case 3: /* a step whose 10^6-fold is 2^61 or just above */
        f.step = ((INT64_C(1) << 61) / CLM_RATE_ONE) + (int64_t)rnd(2);
        break;
    default:
        break;
    }
    return f;
}

static void random_round(pair_counts *cnt, size_t *shorts)
{
    static const char *const products[] = {
        "P0", "P1", "P2", "P3", "P4", "EIGHTCHR", "NINECHARS", "p-16-bytes-long!",
        "a-product-id-of-some-forty-bytes-length", "Q", "P5", "P6",
    };
    static const char *const probes[] = { "P", "P00", "EIGHTCH", "EIGHTCHRS", "NINECHAR", "" };
    static const char *const cats[] = { "wholesale", "dealer", "vip", "new", "staff" };
    const int nprod = (int)(sizeof products / sizeof *products);
    const clm_date day0 = D(2026, 3, 1);
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    /* the parent: everyone's retail list, now and then dated */
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "retail";
    d.currency = "RUB";
    if (rnd(4) == 0) {
        d.valid_from = day0 + (clm_date)rnd(10);
        d.valid_to = day0 + 20 + (clm_date)rnd(20);
    }
    CHECK_OK(clm_price_set_add_list(s, &d));
    /* a list no query sees: the base of some retail entries' formulas */
    d = (clm_price_list_def)CLM_PRICE_LIST_INIT;
    d.id = "cost";
    d.currency = "RUB";
    d.audience = CLM_PRICE_CLIENT;
    d.audience_value = "nobody";
    CHECK_OK(clm_price_set_add_list(s, &d));
    for (int k = 0; k < nprod; k += 2)
        add_price(s, "cost", products[k], NULL, 0, 100 + rnd(100000));
    /* category lists: on retail, or (chains deeper than one) on the
     * category list before */
    char ids[8][16];
    int ncat = 2 + (int)rnd(5);
    for (int c = 0; c < ncat; c++) {
        snprintf(ids[c], sizeof ids[c], "list-%d", c);
        clm_price_list_def l = CLM_PRICE_LIST_INIT;
        l.id = ids[c];
        l.currency = "RUB";
        l.audience = CLM_PRICE_CATEGORY;
        l.audience_value = cats[rnd(5)];
        l.parent = c > 0 && rnd(5) == 0 ? ids[c - 1] : "retail";
        l.parent_formula = random_formula();
        if (rnd(6) == 0) {
            l.valid_from = day0 + (clm_date)rnd(15);
            l.valid_to = rnd(2) ? CLM_DATE_MAX : l.valid_from + (clm_date)rnd(20);
        }
        CHECK_OK(clm_price_set_add_list(s, &l));
    }
    /* retail's breaks: mostly 1-8 (the jump's run), sometimes more */
    for (int p = 0; p < nprod; p++) {
        if (rnd(10) == 0)
            continue; /* a product retail does not price */
        int nb = rnd(8) == 0 ? 9 + (int)rnd(4) : 1 + (int)rnd(8);
        for (int k = 0; k < nb; k++) {
            clm_price_entry e = CLM_PRICE_ENTRY_INIT;
            e.product = products[p];
            e.min_quantity = k == 0 && rnd(6) != 0 ? 0 : QTY(k * 5) + (rnd(3) == 0 ? 500 : 0);
            e.unit_price = rnd(30) == 0 ? INT64_C(3000000000) + rnd(1000)   /* wide record */
                           : rnd(30) == 0 ? INT32_MAX - (int64_t)rnd(3)     /* the widest narrow */
                                          : (int64_t)rnd(1000000);
            if (rnd(25) == 0) /* a period narrower than the list's: a dated record */
                e.valid_from = day0 + (clm_date)rnd(25);
            if (rnd(40) == 0) { /* a formula on a base list */
                e.base = "cost";
                e.unit_price = 0;
                e.formula = formula(PCT(-5), 0, 1, CLM_ROUND_HALF_UP);
                CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
                continue;
            }
            CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
        }
    }
    if (rnd(3) == 0)
        add_price(s, "retail", NULL, "G", 0, 5000 + rnd(100));
    /* category lists' own prices for some products, and now and then a
     * group's (no short path for that list) */
    for (int c = 0; c < ncat; c++) {
        int own = (int)rnd(4);
        for (int k = 0; k < own; k++)
            add_price(s, ids[c], products[rnd((uint32_t)nprod)], NULL, rnd(3) == 0 ? QTY(10) : 0,
                      1000 + rnd(100000));
        if (rnd(10) == 0)
            add_price(s, ids[c], NULL, "G", 0, 4000);
    }
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "short", "RUB"));
    CHECK_OK(clm_discount_policy_add_group(p, "G", NULL));
    clm_price_book *b;
    CHECK_OK(clm_price_book_compile(&b, s, p));
    clm_discount_engine *e;
    CHECK_OK(clm_discount_policy_compile_with_prices(&e, p, b));
    *shorts += short_lists(b);
    for (int i = 0; i < 300; i++) {
        const char *qcats[3] = { cats[rnd(5)], cats[rnd(5)], cats[rnd(5)] };
        clm_price_query q = CLM_PRICE_QUERY_INIT;
        q.currency = "RUB";
        q.date = day0 + (clm_date)rnd(50);
        q.categories = qcats;
        q.category_count = rnd(4) == 0 ? 0 : rnd(4) == 0 ? 2 + rnd(2) : 1;
        q.product = rnd(12) == 0 ? probes[rnd(6)] : products[rnd((uint32_t)nprod)];
        if (q.product[0] == '\0')
            q.product = "X";
        q.group = rnd(4) == 0 ? "G" : NULL;
        switch (rnd(10)) {
        case 0:
            q.quantity = (int64_t)INT32_MAX + rnd(3); /* beyond a narrow minimum */
            break;
        case 1:
            q.quantity = QTY(5 * rnd(12)) + (rnd(2) ? 500 : 0); /* at a break */
            if (q.quantity == 0)
                q.quantity = 1;
            break;
        default:
            q.quantity = 1 + rnd(70000);
            break;
        }
        both_paths(b, e, &q, NULL, cnt);
    }
    clm_discount_engine_free(e);
    clm_price_book_free(b);
    clm_discount_policy_free(p);
    clm_price_set_free(s);
}

static void test_short_path_random_books(void **state)
{
    (void)state;
    pair_counts cnt = { 0 };
    size_t shorts = 0;
    for (int round = 0; round < 60; round++)
        random_round(&cnt, &shorts);
    /* every path reached: the short one (lists that have it, prices
     * inherited by a category list for the product itself), and lines
     * no list prices */
    assert_true(shorts > 100);
    assert_true(cnt.priced > 8000);
    assert_true(cnt.inherited_product > 3000);
    assert_true(cnt.unpriced > 300);
    assert_true(cnt.too_big < cnt.priced / 100);
}

/* ---- the edges, by hand ------------------------------------------------------------- */

/* retail with breaks at 0, 10 and 20 units, wholesale on it at -12 % to
 * whole roubles half-up (the usual shape), valid in April only */
static clm_price_set *wholesale_set(clm_price_formula f)
{
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "retail", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "wholesale";
    d.currency = "RUB";
    d.audience = CLM_PRICE_CATEGORY;
    d.audience_value = "wholesale";
    d.parent = "retail";
    d.parent_formula = f;
    d.valid_from = D(2026, 4, 1);
    d.valid_to = D(2026, 4, 30);
    CHECK_OK(clm_price_set_add_list(s, &d));
    add_price(s, "retail", "CEM-M500", NULL, 0, 41000);
    add_price(s, "retail", "CEM-M500", NULL, QTY(10), 40000);
    add_price(s, "retail", "CEM-M500", NULL, QTY(20), 39050);
    return s;
}

typedef struct book_engine {
    clm_price_set *s;
    clm_discount_policy *p;
    clm_price_book *b;
    clm_discount_engine *e;
} book_engine;

static book_engine open_book(clm_price_set *s)
{
    book_engine be = { .s = s };
    CHECK_OK(clm_discount_policy_new(&be.p, "short", "RUB"));
    CHECK_OK(clm_price_book_compile(&be.b, s, be.p));
    CHECK_OK(clm_discount_policy_compile_with_prices(&be.e, be.p, be.b));
    return be;
}

static void close_book(book_engine *be)
{
    clm_discount_engine_free(be->e);
    clm_price_book_free(be->b);
    clm_discount_policy_free(be->p);
    clm_price_set_free(be->s);
}

/* Retail pricing products B0, B1... at bases[0 .. n) (their ids into
 * ids[]), and wholesale on retail by f. */
static book_engine bases_book(clm_price_formula f, const int64_t *bases, int n, char (*ids)[16])
{
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "retail", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_inheriting(s, "wholesale", CLM_PRICE_CATEGORY, "wholesale", "retail", f);
    for (int k = 0; k < n; k++) {
        snprintf(ids[k], sizeof ids[k], "B%d", k);
        add_price(s, "retail", ids[k], NULL, 0, bases[k]);
    }
    return open_book(s);
}

static const char *const wholesale_cat[] = { "wholesale" };

static clm_price_query wq(const char *product, int64_t qty, clm_date date)
{
    clm_price_query q = query(product, NULL, qty);
    q.date = date;
    q.categories = wholesale_cat;
    q.category_count = 1;
    return q;
}

/* The figure both paths give for q (which both must price). */
static int64_t both_price(const book_engine *be, const clm_price_query *q)
{
    clm_price_quote r;
    assert_int_equal(both_paths(be->b, be->e, q, &r, NULL), 0);
    return r.unit_price.amount;
}

static void test_short_path_breaks_and_dates(void **state)
{
    (void)state;
    book_engine be = open_book(wholesale_set(formula(PCT(-12), 0, 100, CLM_ROUND_HALF_UP)));
    assert_int_equal(fall_kind(be.b, "wholesale"), CLM_DISCOUNT__FALL_100);
    assert_int_equal(fall_kind(be.b, "retail"), CLM_DISCOUNT__FALL_NONE);
    const clm_date apr = D(2026, 4, 14);
    /* 410.00 - 12 % = 360.80 -> 361.00; 400.00 -> 352.00; 390.50 -> 343.64 -> 344.00 */
    clm_price_query q = wq("CEM-M500", QTY(1), apr);
    CHECK_I64(both_price(&be, &q), 36100);
    q.quantity = QTY(10) - 1; /* just below a break */
    CHECK_I64(both_price(&be, &q), 36100);
    q.quantity = QTY(10); /* at the break */
    CHECK_I64(both_price(&be, &q), 35200);
    q.quantity = QTY(20);
    CHECK_I64(both_price(&be, &q), 34400);
    q.quantity = (int64_t)INT32_MAX + 1; /* beyond every narrow minimum */
    CHECK_I64(both_price(&be, &q), 34400);
    q.quantity = QTY(1000000);
    CHECK_I64(both_price(&be, &q), 34400);
    /* out of wholesale's validity: retail's own price, both ways */
    q = wq("CEM-M500", QTY(1), D(2026, 3, 31));
    CHECK_I64(both_price(&be, &q), 41000);
    q.date = D(2026, 5, 1);
    CHECK_I64(both_price(&be, &q), 41000);
    q.date = D(2026, 4, 30); /* the last day */
    CHECK_I64(both_price(&be, &q), 36100);
    /* a product the book does not know: the same error both ways */
    q.product = "CEM-M400";
    assert_int_equal(both_paths(be.b, be.e, &q, NULL, NULL), CLM_ENOTFOUND);
    q.product = "CEM-M50"; /* a prefix of a known id */
    assert_int_equal(both_paths(be.b, be.e, &q, NULL, NULL), CLM_ENOTFOUND);
    q.product = "CEM-M5000"; /* a known id and more */
    assert_int_equal(both_paths(be.b, be.e, &q, NULL, NULL), CLM_ENOTFOUND);
    close_book(&be);

    /* retail valid only in April: in May wholesale has no parent's price */
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "retail";
    d.currency = "RUB";
    d.valid_from = D(2026, 4, 1);
    d.valid_to = D(2026, 4, 30);
    CHECK_OK(clm_price_set_add_list(s, &d));
    add_inheriting(s, "wholesale", CLM_PRICE_CATEGORY, "wholesale", "retail", formula(PCT(-12), 0, 100, CLM_ROUND_HALF_UP));
    add_price(s, "retail", "CEM-M500", NULL, QTY(5), 41000); /* none below 5 units */
    be = open_book(s);
    q = wq("CEM-M500", QTY(5), apr);
    CHECK_I64(both_price(&be, &q), 36100);
    q.date = D(2026, 5, 1);
    assert_int_equal(both_paths(be.b, be.e, &q, NULL, NULL), CLM_ENOTFOUND);
    q.date = apr;
    q.quantity = QTY(5) - 1; /* below the lowest break */
    assert_int_equal(both_paths(be.b, be.e, &q, NULL, NULL), CLM_ENOTFOUND);
    close_book(&be);
}

/* Every rounding mode at and around its halfway points, step 1, 100 and
 * another, against clm_price_formula_apply() and against figures by
 * hand. */
static void test_short_path_rounding_modes(void **state)
{
    (void)state;
    static const clm_rounding modes[] = { CLM_ROUND_HALF_EVEN, CLM_ROUND_HALF_UP, CLM_ROUND_HALF_DOWN,
                                          CLM_ROUND_UP,        CLM_ROUND_DOWN,    CLM_ROUND_CEILING,
                                          CLM_ROUND_FLOOR };
    /* 150 and 250 at step 100: exactly halfway (x.5); 151 above, 149 below */
    static const int64_t bases[] = { 150, 250, 151, 149, 100, 0, 1, 99, 350 };
    static const int64_t want[7][9] = {
        /* HALF_EVEN */ { 200, 200, 200, 100, 100, 0, 0, 100, 400 },
        /* HALF_UP   */ { 200, 300, 200, 100, 100, 0, 0, 100, 400 },
        /* HALF_DOWN */ { 100, 200, 200, 100, 100, 0, 0, 100, 300 },
        /* UP        */ { 200, 300, 200, 200, 100, 0, 100, 100, 400 },
        /* DOWN      */ { 100, 200, 100, 100, 100, 0, 0, 0, 300 },
        /* CEILING   */ { 200, 300, 200, 200, 100, 0, 100, 100, 400 },
        /* FLOOR     */ { 100, 200, 100, 100, 100, 0, 0, 0, 300 },
    };
    static const int64_t steps[] = { 100, 1, 7 };
    for (int m = 0; m < 7; m++)
        for (int st = 0; st < 3; st++) {
            clm_price_formula f = formula(0, 0, steps[st], modes[m]);
            char ids[9][16];
            book_engine be = bases_book(f, bases, 9, ids);
            assert_int_not_equal(fall_kind(be.b, "wholesale"), CLM_DISCOUNT__FALL_NONE);
            for (int k = 0; k < 9; k++) {
                clm_price_query q = wq(ids[k], 1, D(2026, 4, 14));
                int64_t expect;
                CHECK_OK(clm_price_formula_apply(&expect, &f, bases[k]));
                CHECK_I64(both_price(&be, &q), expect);
                if (st == 0)
                    CHECK_I64(expect, want[m][k]);
            }
            /* a rate and an amount: 123.45 + 5 % + 0.07 = 129.6925 */
            close_book(&be);
            f = formula(PCT(5), 7, steps[st], modes[m]);
            be = bases_book(f, &(int64_t){ 12345 }, 1, ids);
            int64_t expect;
            CHECK_OK(clm_price_formula_apply(&expect, &f, 12345));
            clm_price_query q = wq(ids[0], 1, D(2026, 4, 14));
            CHECK_I64(both_price(&be, &q), expect);
            close_book(&be);
        }
}

/* Formulas at the edges of the short path's ranges: the widest it takes
 * give exact figures, one beyond them leaves the list to the general
 * path (the same figures or the same error). */
static void test_short_path_formula_ranges(void **state)
{
    (void)state;
    static const struct {
        clm_rate rate;
        int64_t amount, step;
        bool fast;
    } cases[] = {
        { (clm_rate)(INT32_MAX - CLM_RATE_ONE), INT32_MAX, 1, true },       /* factor and amount at 31 bits */
        { (clm_rate)(INT32_MAX - CLM_RATE_ONE), INT32_MAX, 100, true },
        { (clm_rate)(INT32_MAX - CLM_RATE_ONE + 1), 0, 1, false },          /* factor beyond */
        { 0, (int64_t)INT32_MAX + 1, 1, false },                            /* amount beyond */
        { 0, -1, 100, false },                                              /* a negative amount */
        { -CLM_RATE_ONE, 0, 100, true },                                    /* -100 %: zero */
        { 0, 0, (INT64_C(1) << 61) / CLM_RATE_ONE, true },                  /* the widest step */
        { 0, 0, (INT64_C(1) << 61) / CLM_RATE_ONE + 1, false },
        { PCT(7), 3, INT64_C(1000000000000), true },
    };
    static const int64_t bases[] = { 0, 1, 99, 12345, INT32_MAX - 1, INT32_MAX, (int64_t)INT32_MAX + 1,
                                     INT64_C(4000000000000) };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        clm_price_formula f = formula(cases[c].rate, cases[c].amount, cases[c].step, CLM_ROUND_HALF_UP);
        for (int mode = 0; mode < 2; mode++) {
            f.rounding = mode ? CLM_ROUND_HALF_EVEN : CLM_ROUND_HALF_UP;
            char ids[8][16];
            book_engine be = bases_book(f, bases, 8, ids);
            if ((fall_kind(be.b, "wholesale") != CLM_DISCOUNT__FALL_NONE) != cases[c].fast)
                fail_msg("case %zu: short path %d, want %d", c, fall_kind(be.b, "wholesale"), cases[c].fast);
            for (int k = 0; k < 8; k++) {
                clm_price_query q = wq(ids[k], 1, D(2026, 4, 14));
                int64_t expect = 0;
                int rc = clm_price_formula_apply(&expect, &f, bases[k]);
                clm_price_quote r;
                int got = both_paths(be.b, be.e, &q, &r, NULL);
                if (rc != got)
                    fail_msg("case %zu, base %lld: formula %d, lookup %d", c, (long long)bases[k], rc, got);
                if (rc == 0)
                    CHECK_I64(r.unit_price.amount, expect);
            }
            close_book(&be);
        }
    }
}

/* A category list with an entry of its own for the product, a second
 * category list of the same audience, a chain of two, and a list that
 * prices groups: the short path steps aside and both paths agree. */
static void test_short_path_own_entries_and_chains(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    clm_price_formula f12 = formula(PCT(-12), 0, 100, CLM_ROUND_HALF_UP);
    add_list(s, "retail", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_inheriting(s, "wholesale", CLM_PRICE_CATEGORY, "wholesale", "retail", f12);
    add_inheriting(s, "dealer", CLM_PRICE_CATEGORY, "dealer", "retail", formula(PCT(-15), 0, 50, CLM_ROUND_HALF_EVEN));
    add_inheriting(s, "vip", CLM_PRICE_CATEGORY, "vip", "wholesale", formula(PCT(-3), 0, 1, CLM_ROUND_DOWN));
    add_inheriting(s, "staff", CLM_PRICE_CATEGORY, "staff", "retail", f12);
    add_price(s, "retail", "A", NULL, 0, 41000);
    add_price(s, "retail", "A", NULL, QTY(10), 40000);
    add_price(s, "retail", "B", NULL, 0, 2355);
    add_price(s, "retail", NULL, "G", 0, 99900);
    add_price(s, "wholesale", "B", NULL, 0, 1999);  /* its own */
    add_price(s, "wholesale", "A", NULL, QTY(5), 35000); /* its own, from 5 units */
    add_price(s, "staff", NULL, "G", 0, 10000);     /* a group: no short path */
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "short", "RUB"));
    CHECK_OK(clm_discount_policy_add_group(p, "G", NULL));
    book_engine be = { .s = s, .p = p };
    CHECK_OK(clm_price_book_compile(&be.b, s, p));
    CHECK_OK(clm_discount_policy_compile_with_prices(&be.e, p, be.b));
    assert_int_equal(fall_kind(be.b, "wholesale"), CLM_DISCOUNT__FALL_100);
    assert_int_equal(fall_kind(be.b, "dealer"), CLM_DISCOUNT__FALL_EVEN_ANY);
    assert_int_equal(fall_kind(be.b, "vip"), CLM_DISCOUNT__FALL_1);
    assert_int_equal(fall_kind(be.b, "staff"), CLM_DISCOUNT__FALL_NONE);

    static const char *const whole[] = { "wholesale" }, *const both[] = { "wholesale", "dealer" },
                             *const rboth[] = { "dealer", "wholesale" }, *const vip[] = { "vip" },
                             *const staff[] = { "staff" };
    static const struct {
        const char *const *cats;
        size_t ncats;
        const char *product, *group;
        int64_t qty, want;
    } cases[] = {
        { whole, 1, "A", NULL, QTY(1), 36100 },  /* 410.00 - 12 % = 360.80 -> 361 */
        { whole, 1, "A", NULL, QTY(5), 35000 },  /* its own from 5 units */
        { whole, 1, "A", NULL, QTY(10), 35000 }, /* its own: the parent is not asked */
        { whole, 1, "B", NULL, QTY(1), 1999 },   /* its own */
        { whole, 1, "C", "G", QTY(1), 87900 },   /* the group's retail price - 12 % */
        /* two category lists: A at 1 unit, wholesale 361.00 and dealer
         * 410.00 - 15 % = 348.50 to 0.50: the same entry, the earlier list */
        { both, 2, "A", NULL, QTY(1), 36100 },
        { rboth, 2, "A", NULL, QTY(1), 36100 },
        { both, 2, "B", NULL, QTY(1), 1999 },    /* wholesale's own against dealer's 20.00: a tie to the
                                                    earlier list */
        { vip, 1, "A", NULL, QTY(1), 35017 },    /* 361.00 - 3 % = 350.17, down */
        { vip, 1, "A", NULL, QTY(7), 33950 },    /* wholesale's own 350.00 - 3 % */
        { vip, 1, "B", NULL, QTY(1), 1939 },     /* 19.99 - 3 % = 19.3903 -> 19.39 */
        { staff, 1, "A", NULL, QTY(1), 36100 },
        { staff, 1, "A", "G", QTY(1), 10000 },   /* staff's own price for the group */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        clm_price_query q = CLM_PRICE_QUERY_INIT;
        q.currency = "RUB";
        q.date = D(2026, 4, 14);
        q.categories = cases[c].cats;
        q.category_count = cases[c].ncats;
        q.product = cases[c].product;
        q.group = cases[c].group;
        q.quantity = cases[c].qty;
        clm_price_quote r;
        assert_int_equal(both_paths(be.b, be.e, &q, &r, NULL), 0);
        if (r.unit_price.amount != cases[c].want)
            fail_msg("case %zu: %lld, want %lld", c, (long long)r.unit_price.amount, (long long)cases[c].want);
    }
    close_book(&be);
}

/* Lists are asked from the most specific audience down: once one prices
 * the line, a less specific list is not asked, and its formula's error
 * (a negative price) does not stop the lookup; asked, it does. The engine
 * does the same. */
static void test_specific_audience_stops_lookup(void **state)
{
    (void)state;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "retail", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_list(s, "cheap", "RUB", CLM_PRICE_EVERYONE, NULL, NULL);
    add_list(s, "vip", "RUB", CLM_PRICE_CATEGORY, "vip", NULL);
    add_price(s, "retail", "P", NULL, 0, 1000);
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = "P";
    e.base = "retail";
    e.formula.amount = -2000; /* 10.00 - 20.00: negative */
    CHECK_OK(clm_price_set_add_entry(s, "cheap", &e));
    add_price(s, "vip", "P", NULL, 0, 700);
    clm_price_book *b = compile(s);
    clm_price_query q = query("P", NULL, QTY(1));
    clm_price_quote r;
    CHECK_FAIL(clm_price_book_lookup(&r, b, &q), CLM_ERANGE);
    const char *cats[] = { "vip" };
    q.categories = cats;
    q.category_count = 1;
    CHECK_I64(price_of(b, &q, NULL), 700);

    clm_discount_policy *p = groups_policy();
    clm_discount_engine *en;
    CHECK_OK(clm_discount_policy_compile_with_prices(&en, p, b));
    clm_discount_line l = { .product = "P", .quantity = QTY(1) };
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    doc.currency = "RUB";
    doc.date = q.date;
    doc.lines = &l;
    doc.line_count = 1;
    clm_discount_line_result lr;
    clm_discount_totals tot;
    CHECK_FAIL(clm_discount_engine_price_batch(&lr, 1, &tot, en, &doc, 1), CLM_ERANGE);
    doc.client.categories = cats;
    doc.client.category_count = 1;
    CHECK_OK(clm_discount_engine_price_batch(&lr, 1, &tot, en, &doc, 1));
    CHECK_I64(lr.unit_price, 700);
    clm_discount_engine_free(en);
    clm_discount_policy_free(p);
    clm_price_book_free(b);
    clm_price_set_free(s);
}

/* A priced order saved with its result reads back with the prices the
 * lists gave, and prices again to the same figures without the lists. */
static void test_priced_order_round_trip(void **state)
{
    (void)state;
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_load_file(&p, data_path("wholesale-policy.xml"), NULL));
    clm_price_set *s = sample_set();
    clm_price_book *b;
    CHECK_OK(clm_price_book_compile(&b, s, p));
    clm_discount_engine *e;
    CHECK_OK(clm_discount_policy_compile_with_prices(&e, p, b));
    clm_price_book_free(b);
    clm_discount_order *o;
    CHECK_OK(clm_discount_order_load_file(&o, data_path("priced-order.xml"), NULL));
    clm_discount_result *res;
    CHECK_OK(clm_discount_engine_evaluate(&res, e, clm_discount_order_document(o), NULL));
    char *xml = NULL;
    size_t len = 0;
    CHECK_OK(clm_discount_order_save_xml(&xml, &len, clm_discount_order_id(o),
                                         clm_discount_order_document(o), res));
    assert_non_null(strstr(xml, "unit-price=\"361.00 RUB\""));
    /* without the result the lines stay unpriced */
    char *bare = NULL;
    CHECK_OK(clm_discount_order_save_xml(&bare, NULL, NULL, clm_discount_order_document(o), NULL));
    assert_null(strstr(bare, "unit-price"));
    clm_free(bare);
    clm_discount_order *o2;
    CHECK_OK(clm_discount_order_load_xml(&o2, xml, len, "saved", NULL));
    clm_discount_engine *plain;
    CHECK_OK(clm_discount_policy_compile(&plain, p));
    clm_discount_result *res2;
    CHECK_OK(clm_discount_engine_evaluate(&res2, plain, clm_discount_order_document(o2), NULL));
    const clm_discount_totals *t1 = clm_discount_result_totals(res), *t2 = clm_discount_result_totals(res2);
    CHECK_I64(t2->base, t1->base);
    CHECK_I64(t2->discount, t1->discount);
    CHECK_I64(t2->net, t1->net);
    for (size_t i = 0; i < clm_discount_result_line_count(res); i++) {
        CHECK_I64(clm_discount_result_line(res2, i)->unit_price, clm_discount_result_line(res, i)->unit_price);
        CHECK_I64(clm_discount_result_line(res2, i)->net, clm_discount_result_line(res, i)->net);
    }
    /* a result of another document is refused */
    clm_discount_document one = *clm_discount_order_document(o);
    one.line_count = 1;
    char *x = NULL;
    CHECK_FAIL(clm_discount_order_save_xml(&x, NULL, NULL, &one, res), CLM_EINVAL);
    assert_null(x);
    clm_discount_result_free(res2);
    clm_discount_result_free(res);
    clm_discount_engine_free(plain);
    clm_discount_engine_free(e);
    clm_discount_order_free(o2);
    clm_discount_order_free(o);
    clm_free(xml);
    clm_price_set_free(s);
    clm_discount_policy_free(p);
}

/* ---- XML ------------------------------------------------------------------------------------------- */

static void test_xml_sample_and_round_trip(void **state)
{
    (void)state;
    clm_price_set *s = sample_set();
    assert_int_equal(clm_price_set_list_count(s), 2);
    const clm_price_list_def *w = clm_price_set_list(s, 1);
    CHECK_STR(w->id, "wholesale");
    assert_int_equal(w->audience, CLM_PRICE_CATEGORY);
    CHECK_STR(w->parent, "retail");
    CHECK_I64(w->parent_formula.rate, PCT(-12));
    CHECK_I64(w->parent_formula.step, 100);
    assert_int_equal(w->parent_formula.rounding, CLM_ROUND_HALF_UP);
    assert_int_equal(clm_price_set_entry_count(s, 0), 7);
    CHECK_I64(clm_price_set_entry(s, 0, 2)->min_quantity, QTY(500));
    CHECK_I64(clm_price_set_entry(s, 0, 4)->unit_price, 2355);
    CHECK_STR(clm_price_set_entry(s, 1, 1)->base, "retail");
    char *x1, *x2;
    size_t n1;
    CHECK_OK(clm_price_set_save_xml(&x1, &n1, s));
    assert_int_equal(strlen(x1), n1);
    clm_price_set *s2;
    CHECK_OK(clm_price_set_load_xml(&s2, x1, n1, "saved", NULL));
    CHECK_OK(clm_price_set_save_xml(&x2, NULL, s2));
    CHECK_STR(x2, x1);
    clm_free(x1);
    clm_free(x2);
    clm_price_set_free(s2);
    clm_price_set_free(s);
}

#define HEAD "<?xml version=\"1.0\"?>\n<price-lists xmlns=\"urn:libclm:price-list:1\">\n"
static const struct bad_case {
    const char *what;
    const char *xml;
    int code;
    int line;
    const char *field;
} bad_cases[] = {
    { "unknown audience", HEAD "<price-list id=\"a\" currency=\"RUB\" audience=\"segment\" audience-value=\"x\"/>\n"
      "</price-lists>", CLM_ESCHEMA, 3, "audience" },
    { "unknown rounding", HEAD "<price-list id=\"r\" currency=\"RUB\"/>\n<price-list id=\"a\" currency=\"RUB\" "
      "parent=\"r\" rounding=\"bankers\"/>\n</price-lists>", CLM_ESCHEMA, 4, "rounding" },
    { "product and group", HEAD "<price-list id=\"a\" currency=\"RUB\">\n<entry product=\"P\" group=\"G\" "
      "price=\"1.00 RUB\"/>\n</price-list>\n</price-lists>", CLM_ESCHEMA, 4, "group" },
    { "price and base", HEAD "<price-list id=\"a\" currency=\"RUB\">\n<entry product=\"P\" base=\"a\" "
      "price=\"1.00 RUB\"/>\n</price-list>\n</price-lists>", CLM_ESCHEMA, 4, "base" },
    { "formula without base", HEAD "<price-list id=\"a\" currency=\"RUB\">\n<entry product=\"P\" rate=\"5%\" "
      "price=\"1.00 RUB\"/>\n</price-list>\n</price-lists>", CLM_ESCHEMA, 4, "rate" },
    { "price in USD", HEAD "<price-list id=\"a\" currency=\"RUB\">\n\n<entry product=\"P\" price=\"1.00 USD\"/>\n"
      "</price-list>\n</price-lists>", CLM_ECURRENCY, 5, "price" },
    { "unknown parent", HEAD "<price-list id=\"a\" currency=\"RUB\" parent=\"zz\"/>\n</price-lists>",
      CLM_ESCHEMA, 3, "parent" },
    { "parent in USD", HEAD "<price-list id=\"u\" currency=\"USD\"/>\n<price-list id=\"a\" currency=\"RUB\" "
      "parent=\"u\"/>\n</price-lists>", CLM_ECURRENCY, 4, "parent" },
    { "cycle", HEAD "<price-list id=\"a\" currency=\"RUB\" parent=\"b\"/>\n<price-list id=\"b\" currency=\"RUB\">\n"
      "<entry product=\"P\" base=\"a\"/>\n</price-list>\n</price-lists>", CLM_ESCHEMA, 5, "base" },
    { "twice", HEAD "<price-list id=\"a\" currency=\"RUB\"/>\n<price-list id=\"a\" currency=\"RUB\"/>\n"
      "</price-lists>", CLM_ESCHEMA, 4, "id" },
    { "empty period", HEAD "<price-list id=\"a\" currency=\"RUB\" from=\"2026-02-01\" to=\"2026-01-01\"/>\n"
      "</price-lists>", CLM_ESCHEMA, 3, "from" },
    { "bad date", HEAD "<price-list id=\"a\" currency=\"RUB\" from=\"2026-02-30\"/>\n</price-lists>",
      CLM_ESCHEMA, 3, "from" },
    { "schema: unknown attribute", HEAD "<price-list id=\"a\" currency=\"RUB\" colour=\"red\"/>\n</price-lists>",
      CLM_ESCHEMA, 3, NULL },
    { "no lists", HEAD "</price-lists>", CLM_ESCHEMA, 0, NULL },
    { "doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e \"boom\">]>\n<price-lists "
      "xmlns=\"urn:libclm:price-list:1\"/>", CLM_EPARSE, 0, NULL },
    { "wrong root", "<?xml version=\"1.0\"?>\n<discount-order xmlns=\"urn:libclm:price-list:1\"/>",
      CLM_ESCHEMA, 0, NULL },
};

static void test_xml_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        clm_price_set *s = (clm_price_set *)c;
        clm_error_clear();
        int rc = clm_price_set_load_xml(&s, c->xml, strlen(c->xml), "bad.xml", NULL);
        const clm_error *e = clm_error_last();
        if (rc != c->code)
            fail_msg("%s: rc %d, expected %d (%s)", c->what, rc, c->code, e->message);
        assert_ptr_equal(s, (clm_price_set *)c);
        if (c->line > 0 && e->line != c->line)
            fail_msg("%s: line %d, expected %d (%s)", c->what, e->line, c->line, e->message);
        if (c->field != NULL && (e->field == NULL || strcmp(e->field, c->field) != 0))
            fail_msg("%s: field %s, expected %s (%s)", c->what, e->field ? e->field : "(null)", c->field, e->message);
    }
    clm_price_set *s;
    CHECK_FAIL(clm_price_set_load_file(&s, data_path("no-such-file.xml"), NULL), CLM_EIO);
}

/* ---- threads ------------------------------------------------------------------------------------------ */

typedef struct thread_arg {
    const clm_price_book *b;
    int64_t sum;
    int rc;
} thread_arg;

static void *lookups(void *p)
{
    thread_arg *a = p;
    const char *ws[] = { "wholesale" };
    for (int i = 0; i < 20000 && a->rc == 0; i++) {
        clm_price_query q = query(i % 2 ? "CEM-M500" : "BRK-RED", i % 2 ? "cement" : "bricks", QTY(1 + i % 1500));
        q.categories = ws;
        q.category_count = (size_t)(i % 3 == 0);
        clm_price_quote r;
        a->rc = clm_price_book_lookup(&r, a->b, &q);
        a->sum += r.unit_price.amount;
    }
    return NULL;
}

static void test_threads_share_a_book(void **state)
{
    (void)state;
    clm_price_set *s = sample_set();
    clm_price_book *b = compile(s);
    thread_arg one = { b, 0, 0 };
    lookups(&one);
    CHECK_OK(one.rc);
    pthread_t t[4];
    thread_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i] = (thread_arg){ b, 0, 0 };
        assert_int_equal(pthread_create(&t[i], NULL, lookups, &a[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK_OK(a[i].rc);
        CHECK_I64(a[i].sum, one.sum);
    }
    clm_price_book_free(b);
    clm_price_set_free(s);
}

/* ---- OOM ----------------------------------------------------------------------------------------------- */

typedef struct oom_state {
    clm_price_set *set;
    clm_price_book *book;
    clm_discount_policy *policy;
    clm_discount_engine *engine;
    clm_discount_order *order;
    clm_discount_result *result;
    char *text;
    char *xml;
    size_t len;
    size_t nlists;
} oom_state;

static void *oom_setup(void)
{
    oom_state *s = calloc(1, sizeof *s);
    s->set = sample_set();
    s->nlists = clm_price_set_list_count(s->set);
    CHECK_OK(clm_discount_policy_load_file(&s->policy, data_path("wholesale-policy.xml"), NULL));
    CHECK_OK(clm_price_book_compile(&s->book, s->set, s->policy));
    CHECK_OK(clm_discount_order_load_file(&s->order, data_path("priced-order.xml"), NULL));
    CHECK_OK(clm_price_set_save_xml(&s->xml, &s->len, s->set));
    return s;
}

static void oom_teardown(void *p)
{
    oom_state *s = p;
    clm_discount_result_free(s->result);
    clm_discount_engine_free(s->engine);
    clm_discount_order_free(s->order);
    clm_price_book_free(s->book);
    clm_discount_policy_free(s->policy);
    clm_price_set_free(s->set);
    clm_free(s->text);
    clm_free(s->xml);
    free(s);
}

static int op_load(void *p)
{
    oom_state *s = p;
    clm_price_set_free(s->set);
    s->set = NULL;
    return clm_price_set_load_xml(&s->set, s->xml, s->len, NULL, NULL);
}
static bool unchanged_load(void *p)
{
    return ((oom_state *)p)->set == NULL;
}
static int op_save(void *p)
{
    oom_state *s = p;
    clm_free(s->xml);
    s->xml = NULL;
    return clm_price_set_save_xml(&s->xml, NULL, s->set);
}
static bool unchanged_save(void *p)
{
    return ((oom_state *)p)->xml == NULL;
}
static int op_compile(void *p)
{
    oom_state *s = p;
    clm_price_book_free(s->book);
    s->book = NULL;
    return clm_price_book_compile(&s->book, s->set, s->policy);
}
static bool unchanged_compile(void *p)
{
    return ((oom_state *)p)->book == NULL;
}
static int op_explain(void *p)
{
    oom_state *s = p;
    const char *ws[] = { "wholesale" };
    clm_price_query q = query("BRK-RED", "bricks", QTY(5));
    q.categories = ws;
    q.category_count = 1;
    return clm_price_book_explain(&s->text, s->book, &q);
}
static bool unchanged_text(void *p)
{
    return ((oom_state *)p)->text == NULL;
}
static int op_add(void *p)
{
    oom_state *s = p;
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "new";
    d.currency = "RUB";
    d.audience = CLM_PRICE_CLIENT;
    d.audience_value = "C-9";
    d.parent = "retail";
    int rc = clm_price_set_add_list(s->set, &d);
    if (rc < 0)
        return rc;
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = "P";
    e.base = "retail";
    rc = clm_price_set_add_entry(s->set, "new", &e);
    return rc;
}
static bool unchanged_add(void *p)
{
    oom_state *s = p;
    /* the list may have been added before the entry failed: a separate
     * call, which succeeded; the failed call added no entry */
    size_t n = clm_price_set_list_count(s->set);
    return n == s->nlists || (n == s->nlists + 1 && clm_price_set_entry_count(s->set, n - 1) == 0);
}
static int op_evaluate(void *p)
{
    oom_state *s = p;
    if (s->engine == NULL) {
        int rc = clm_discount_policy_compile_with_prices(&s->engine, s->policy, s->book);
        if (rc < 0)
            return rc;
    }
    return clm_discount_engine_evaluate(&s->result, s->engine, clm_discount_order_document(s->order), NULL);
}
static bool unchanged_evaluate(void *p)
{
    return ((oom_state *)p)->result == NULL;
}

static void test_oom(void **state)
{
    (void)state;
    oom_case cases[] = {
        { oom_setup, op_load, unchanged_load, oom_teardown },
        { oom_setup, op_save, unchanged_save, oom_teardown },
        { oom_setup, op_compile, unchanged_compile, oom_teardown },
        { oom_setup, op_explain, unchanged_text, oom_teardown },
        { oom_setup, op_add, unchanged_add, oom_teardown },
        { oom_setup, op_evaluate, unchanged_evaluate, oom_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_true(oom_check(&cases[i]) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audience_precedence),
        cmocka_unit_test(test_target_quantity_and_dates),
        cmocka_unit_test(test_list_validity_and_definition_order),
        cmocka_unit_test(test_formula_rounding_steps),
        cmocka_unit_test(test_inheritance),
        cmocka_unit_test(test_cycles_and_currencies),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_engine_takes_prices),
        cmocka_unit_test(test_engine_lookup_matches_book),
        cmocka_unit_test(test_random_corpus_matches_reference),
        cmocka_unit_test(test_random_corpus_long_chains),
        cmocka_unit_test(test_specific_audience_stops_lookup),
        cmocka_unit_test(test_priced_order_round_trip),
        cmocka_unit_test(test_xml_sample_and_round_trip),
        cmocka_unit_test(test_xml_bad),
        cmocka_unit_test(test_threads_share_a_book),
        cmocka_unit_test(test_oom),
        /* last: the random books draw on the corpus's generator */
        cmocka_unit_test(test_short_path_random_books),
        cmocka_unit_test(test_short_path_breaks_and_dates),
        cmocka_unit_test(test_short_path_rounding_modes),
        cmocka_unit_test(test_short_path_formula_ranges),
        cmocka_unit_test(test_short_path_own_entries_and_chains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
