/*
 * lang_test.c — the contract of lang.h and the language forms of format.h:
 * the thread's language and its names; an error, a discount explanation
 * and approval reason, a credit explanation and a claim error in English
 * and in Russian; a text the catalogue has no translation for stays
 * English; two threads with different languages at once; money, rates and
 * dates in each language's forms.
 *
 * The Russian texts expected here are the catalogues' (src/<module>/po/
 * ru.po); the English ones are the library's own.
 */
#include "core_check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "clm/alloc.h"
#include "clm/claim.h"
#include "clm/credit_model.h"
#include "clm/discount.h"
#include "clm/discount_xml.h"
#include "clm/format.h"
#include "clm/lang.h"
#include "clm/money.h"

#define NBSP "\xc2\xa0"
#define RUBLE "\xe2\x82\xbd"

static void contains(const char *text, const char *part)
{
    if (text == NULL || strstr(text, part) == NULL)
        fail_msg("\"%s\" does not contain \"%s\"", text ? text : "(null)", part);
}

static int reset(void **state)
{
    (void)state;
    clm_lang_set(CLM_LANG_EN);
    return 0;
}

/* ---- the thread's language and its names -------------------------------- */

static void test_set_get_names(void **state)
{
    (void)state;
    assert_int_equal(clm_lang_get(), CLM_LANG_EN); /* the default */
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    assert_int_equal(clm_lang_get(), CLM_LANG_RU);
    /* a value that is not a language changes nothing */
    CHECK_FAIL(clm_lang_set((clm_lang)7), CLM_EINVAL);
    CHECK_FAIL(clm_lang_set((clm_lang)-1), CLM_EINVAL);
    assert_int_equal(clm_lang_get(), CLM_LANG_RU);
    CHECK_OK(clm_lang_set(CLM_LANG_EN));

    CHECK_STR(clm_lang_name(CLM_LANG_EN), "en");
    CHECK_STR(clm_lang_name(CLM_LANG_RU), "ru");
    assert_null(clm_lang_name((clm_lang)CLM_LANG_COUNT));

    static const struct { const char *name; clm_lang lang; } ok[] = {
        { "ru", CLM_LANG_RU }, { "RU", CLM_LANG_RU }, { "ru_RU.UTF-8", CLM_LANG_RU },
        { "ru-RU", CLM_LANG_RU }, { "en", CLM_LANG_EN }, { "en_GB", CLM_LANG_EN },
        { "en@quot", CLM_LANG_EN },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        clm_lang l = (clm_lang)-1;
        CHECK_OK(clm_lang_from_name(&l, ok[i].name));
        assert_int_equal(l, ok[i].lang);
    }
    static const char *const bad[] = { "de", "", "r", "rus", "russian", "e", "C" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clm_lang l = CLM_LANG_RU;
        CHECK_FAIL(clm_lang_from_name(&l, bad[i]), CLM_ENOTFOUND);
        assert_int_equal(l, CLM_LANG_RU); /* untouched */
    }
    CHECK_FAIL(clm_lang_from_name(NULL, "ru"), CLM_EINVAL);
    clm_lang l;
    CHECK_FAIL(clm_lang_from_name(&l, NULL), CLM_EINVAL);
}

/* ---- errors ------------------------------------------------------------------ */

static void test_error_both_languages(void **state)
{
    (void)state;
    clm_money m;
    CHECK_FAIL(clm_money_parse(&m, "12.345 RUB"), CLM_EPARSE);
    CHECK_STR(clm_error_last()->message, "amount '12.345 RUB': too many decimals for RUB (3, at most 2)");
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_FAIL(clm_money_parse(&m, "12.345 RUB"), CLM_EPARSE);
    CHECK_STR(clm_error_last()->message,
              "сумма «12.345 RUB»: слишком много знаков после точки для RUB (3, не более 2)");
    /* the field and the code do not depend on the language */
    assert_int_equal(clm_error_last()->code, CLM_EPARSE);
    /* the library's own message from clm_lang_text(), per call */
    CHECK_STR(clm_lang_text(CLM_LANG_RU, "out of memory (%s)"), "не хватает памяти (%s)");
    CHECK_STR(clm_lang_text(CLM_LANG_EN, "out of memory (%s)"), "out of memory (%s)");
}

/* A text with no translation stays English: a msgid the catalogues lack,
 * and a message a backend gives through the library's error helper. */
static void test_missing_translation_falls_back(void **state)
{
    (void)state;
    static const char text[] = "a text no catalogue translates: %s";
    assert_ptr_equal(clm_lang_text(CLM_LANG_RU, text), text);
    assert_ptr_equal(clm_lang_text((clm_lang)9, text), text);
    assert_null(clm_lang_text(CLM_LANG_RU, NULL));
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    clm_date d;
    /* "date: ..." is translated; a date parse error names the input */
    CHECK_FAIL(clm_date_parse(&d, "2025-13-01"), CLM_ERANGE);
    contains(clm_error_last()->message, "дата «2025-13-01»");
    /* a language libclm does not write: the error is in Russian, the name
     * as given */
    clm_lang l;
    CHECK_FAIL(clm_lang_from_name(&l, "de"), CLM_ENOTFOUND);
    CHECK_STR(clm_error_last()->message, "язык «de» не входит в языки libclm (en, ru)");
}

/* ---- a discount explanation and approval reason ---------------------------- */

static char *data_path(const char *name)
{
    const char *root = getenv("CLM_SOURCE_ROOT");
    if (root == NULL)
        fail_msg("CLM_SOURCE_ROOT is not set (run through meson test)");
    static char path[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/examples/data/%s", root, name);
    return path[k];
}

/* The sample wholesale order priced in `lang`: the first line's applied
 * rule's reason and the approval reason. */
static void price_sample(clm_lang lang, char *reason, size_t rsize, char *why, size_t wsize)
{
    CHECK_OK(clm_lang_set(lang));
    clm_discount_policy *p = NULL;
    clm_discount_order *o = NULL;
    clm_discount_engine *e = NULL;
    clm_discount_result *r = NULL;
    CHECK_OK(clm_discount_policy_load_file(&p, data_path("wholesale-policy.xml"), NULL));
    CHECK_OK(clm_discount_order_load_file(&o, data_path("wholesale-order.xml"), NULL));
    CHECK_OK(clm_discount_policy_compile(&e, p));
    CHECK_OK(clm_discount_engine_evaluate(&r, e, clm_discount_order_document(o), NULL));
    reason[0] = '\0';
    for (size_t i = 0; i < clm_discount_result_trace_count(r, 0); i++) {
        const clm_discount_trace_entry *t = clm_discount_result_trace(r, 0, i);
        if (t->kind == CLM_DISCOUNT_TRACE_APPLIED)
            snprintf(reason, rsize, "%s", t->reason);
    }
    const char *w = NULL;
    const char *role = clm_discount_result_approval(r, &w);
    CHECK_STR(role, "manager");
    snprintf(why, wsize, "%s", w);
    clm_discount_result_free(r);
    clm_discount_engine_free(e);
    clm_discount_order_free(o);
    clm_discount_policy_free(p);
}

static void test_discount_explanation(void **state)
{
    (void)state;
    char reason[512], why[512];
    price_sample(CLM_LANG_EN, reason, sizeof reason, why, sizeof why);
    CHECK_STR(reason, "5% off (on the base: 13500.00 RUB)");
    CHECK_STR(why, "line 2: the largest discount, 8%, is within manager's 10%");
    price_sample(CLM_LANG_RU, reason, sizeof reason, why, sizeof why);
    CHECK_STR(reason, "скидка 5" NBSP "% (от базы: 13" NBSP "500,00" NBSP RUBLE ")");
    CHECK_STR(why, "строка 2: наибольшая скидка, 8" NBSP "%, в пределах полномочий manager (10" NBSP "%)");
}

/* ---- a credit explanation ------------------------------------------------------ */

static char *credit_text(clm_lang lang)
{
    CHECK_OK(clm_lang_set(lang));
    clm_credit_statements *st = NULL;
    CHECK_OK(clm_credit_statements_new(&st, "USD"));
    const char *names[] = { "wc/ta", "re/ta", "ebit/ta", "mve/tl", "sales/ta" };
    const double v[] = { 0.10, 0.20, 0.13, 0.65, 0.95 };
    for (int i = 0; i < 5; i++)
        CHECK_OK(clm_credit_statements_set_ratio(st, names[i], v[i]));
    clm_credit_model *m = NULL;
    CHECK_OK(clm_credit_model_builtin(&m, CLM_CREDIT_ALTMAN_Z, NULL));
    clm_credit_result *r = NULL;
    CHECK_OK(clm_credit_model_score(&r, m, st));
    char *text = NULL;
    CHECK_OK(clm_credit_result_format(&text, NULL, r));
    clm_credit_result_free(r);
    clm_credit_model_free(m);
    clm_credit_statements_free(st);
    return text;
}

static void test_credit_explanation(void **state)
{
    (void)state;
    char *en = credit_text(CLM_LANG_EN);
    contains(en, "ratios:\n  wc/ta = given directly = 0.100000\n");
    contains(en, "band: grey (grey): grey zone: the model does not decide; analyse further\n");
    char *ru = credit_text(CLM_LANG_RU);
    contains(ru, "коэффициенты:\n  wc/ta = задан напрямую = 0.100000\n");
    contains(ru, "зона: grey (grey): серая зона: модель не даёт ответа; нужен дальнейший анализ\n");
    clm_free(en);
    clm_free(ru);
}

/* ---- a claim's error ------------------------------------------------------------- */

static void test_claim_texts(void **state)
{
    (void)state;
    clm_claim_regimes *regimes = NULL;
    CHECK_OK(clm_claim_regimes_new(&regimes));
    clm_claim_info in = CLM_CLAIM_INFO_INIT;
    in.client_id = "C-0001";
    in.manager = "ivanov";
    in.form = CLM_CLAIM_WRITTEN;
    in.channel = CLM_CLAIM_EMAIL;
    clm_date_from_ymd(&in.received, 2025, 12, 25);
    in.subject = CLM_CLAIM_QUALITY_DEFECT;
    in.demand = CLM_CLAIM_REFUND;
    CHECK_OK(clm_money_make(&in.claimed, 1500000, "RUB"));
    CHECK_OK(clm_money_make(&in.price, 1500000, "RUB"));
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_new(&c, "CL-2025-000001", &in, regimes));
    clm_actor who = { .user = "ivanov", .role = "manager", .at = 0 };
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_CLOSED, &who, in.received, NULL, NULL), CLM_ESTATE);
    CHECK_STR(clm_error_last()->message, "claim CL-2025-000001 cannot move from received to closed");
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_FAIL(clm_claim_move(c, CLM_CLAIM_CLOSED, &who, in.received, NULL, NULL), CLM_ESTATE);
    CHECK_STR(clm_error_last()->message,
              "претензия CL-2025-000001 не может перейти из состояния received в closed");
    clm_claim_free(c);
    clm_claim_regimes_free(regimes);
}

/* ---- two threads, two languages, at once ---------------------------------------- */

typedef struct worker {
    clm_lang lang;
    pthread_barrier_t *start;
    int wrong;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    clm_lang_set(w->lang);
    pthread_barrier_wait(w->start);
    const char *want = w->lang == CLM_LANG_RU ? "сумма «1,5 RUB»: ожидаются один пробел и код валюты в позиции 2"
                                              : "amount '1,5 RUB': expected one space and a currency code at character 2";
    const char *money = w->lang == CLM_LANG_RU ? "1" NBSP "234,50" NBSP RUBLE : "1 234.50 RUB";
    for (int i = 0; i < 2000; i++) {
        clm_money m;
        if (clm_money_parse(&m, "1,5 RUB") != CLM_EPARSE || strcmp(clm_error_last()->message, want) != 0)
            w->wrong++;
        char buf[CLM_FORMAT_MAX];
        clm_money amount = { .amount = 123450, .currency = "RUB" };
        if (clm_format_money(buf, sizeof buf, &amount, NULL) < 0 || strcmp(buf, money) != 0)
            w->wrong++;
        if (clm_lang_get() != w->lang)
            w->wrong++;
    }
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
    worker w[2] = { { CLM_LANG_RU, &start, 0 }, { CLM_LANG_EN, &start, 0 } };
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    pthread_barrier_destroy(&start);
    assert_int_equal(w[0].wrong, 0);
    assert_int_equal(w[1].wrong, 0);
    /* this thread never chose: still English */
    assert_int_equal(clm_lang_get(), CLM_LANG_EN);
}

/* ---- money, rates and dates per language ------------------------------------------ */

static void test_format_per_language(void **state)
{
    (void)state;
    char buf[CLM_FORMAT_MAX];
    clm_money m = { .amount = 123450, .currency = "RUB" };
    CHECK_RC(clm_format_money_lang(buf, sizeof buf, &m, CLM_LANG_RU), (int)strlen("1" NBSP "234,50" NBSP RUBLE));
    CHECK_STR(buf, "1" NBSP "234,50" NBSP RUBLE);
    assert_true(clm_format_money_lang(buf, sizeof buf, &m, CLM_LANG_EN) > 0);
    CHECK_STR(buf, "1 234.50 RUB");
    clm_money usd = { .amount = -12345678901, .currency = "USD" };
    clm_format_money_lang(buf, sizeof buf, &usd, CLM_LANG_RU);
    CHECK_STR(buf, "-123" NBSP "456" NBSP "789,01" NBSP "USD");
    clm_money jpy = { .amount = 1000, .currency = "JPY" };
    clm_format_money_lang(buf, sizeof buf, &jpy, CLM_LANG_RU);
    CHECK_STR(buf, "1" NBSP "000" NBSP "JPY");

    clm_date d;
    CHECK_OK(clm_date_from_ymd(&d, 2025, 12, 25));
    CHECK_RC(clm_format_date_lang(buf, sizeof buf, d, CLM_LANG_RU), 10);
    CHECK_STR(buf, "25.12.2025");
    CHECK_RC(clm_format_date_lang(buf, sizeof buf, d, CLM_LANG_EN), 10);
    CHECK_STR(buf, "2025-12-25");

    assert_true(clm_format_rate_lang(buf, sizeof buf, 125000, 2, CLM_ROUND_HALF_EVEN, CLM_LANG_RU) > 0);
    CHECK_STR(buf, "12,50" NBSP "%");
    assert_true(clm_format_rate_lang(buf, sizeof buf, 125000, 2, CLM_ROUND_HALF_EVEN, CLM_LANG_EN) > 0);
    CHECK_STR(buf, "12.50%");

    /* NULL options follow the thread's language; options are obeyed as given */
    clm_format_money(buf, sizeof buf, &m, NULL);
    CHECK_STR(buf, "1 234.50 RUB");
    clm_format_date(buf, sizeof buf, d, NULL);
    CHECK_STR(buf, "2025-12-25");
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    clm_format_money(buf, sizeof buf, &m, NULL);
    CHECK_STR(buf, "1" NBSP "234,50" NBSP RUBLE);
    clm_format_date(buf, sizeof buf, d, NULL);
    CHECK_STR(buf, "25.12.2025");
    clm_format_rate(buf, sizeof buf, 125000, 1, CLM_ROUND_HALF_EVEN, NULL);
    CHECK_STR(buf, "12,5" NBSP "%");
    clm_format_options en = CLM_FORMAT_OPTIONS_INIT;
    clm_format_money(buf, sizeof buf, &m, &en);
    CHECK_STR(buf, "1 234.50 RUB");

    /* the buffer contract holds for the language forms: one byte short
     * fails and leaves the buffer as it was */
    char small[16];
    memset(small, '#', sizeof small);
    size_t need = strlen("1" NBSP "234,50" NBSP RUBLE) + 1;
    CHECK_FAIL(clm_format_money_lang(small, need - 1, &m, CLM_LANG_RU), CLM_EBUFSIZE);
    assert_int_equal(small[0], '#');
    CHECK_FAIL(clm_format_money_lang(buf, sizeof buf, &m, (clm_lang)5), CLM_EINVAL);
    CHECK_FAIL(clm_format_date_lang(buf, sizeof buf, d, (clm_lang)5), CLM_EINVAL);
    CHECK_FAIL(clm_format_rate_lang(buf, sizeof buf, 1, 0, CLM_ROUND_HALF_EVEN, (clm_lang)5), CLM_EINVAL);
    CHECK_FAIL(clm_format_money_lang(NULL, 1, &m, CLM_LANG_RU), CLM_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_set_get_names, reset, reset),
        cmocka_unit_test_setup_teardown(test_error_both_languages, reset, reset),
        cmocka_unit_test_setup_teardown(test_missing_translation_falls_back, reset, reset),
        cmocka_unit_test_setup_teardown(test_discount_explanation, reset, reset),
        cmocka_unit_test_setup_teardown(test_credit_explanation, reset, reset),
        cmocka_unit_test_setup_teardown(test_claim_texts, reset, reset),
        cmocka_unit_test_setup_teardown(test_two_threads, reset, reset),
        cmocka_unit_test_setup_teardown(test_format_per_language, reset, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
