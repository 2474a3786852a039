/*
 * lang_texts_test.c — the texts of the modules that a person reads, in the
 * calling thread's language (clm/lang.h), each pinned whole in English
 * (the library's own text, unchanged by the translation) and in Russian
 * (the catalogues, src/<module>/po/ru.po):
 *  - clm_strerror() for every code, and a new thread's English;
 *  - the client validator's findings (clm_client_check), an identifier
 *    validator's reason and the import's refusal reasons;
 *  - the protocol of disagreements (clm_contract_protocol_text);
 *  - the retro-bonus explanation (clm_retro_bonus_explain), both modes;
 *  - the offer's approval reason for a manual price below the list;
 *  - the price-list validator's findings;
 *  - the category validator's never-fires reasons;
 *  - errors put together from parts: a calendar's coverage, damaged
 *    client and claim records.
 */
#include "core_check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "clm/clm.h"
#include "offer_fixture.h"

#define NBSP "\xc2\xa0"
#define RUBLE "\xe2\x82\xbd"

static int reset(void **state)
{
    (void)state;
    clm_lang_set(CLM_LANG_EN);
    return 0;
}

/* ---- clm_strerror ------------------------------------------------------------ */

static const int CODES[] = { CLM_OK,        CLM_EINVAL,   CLM_ENOMEM,   CLM_EOVERFLOW, CLM_ECURRENCY,
                             CLM_EPARSE,    CLM_ESCHEMA,  CLM_ERANGE,   CLM_ENOTFOUND, CLM_EEXISTS,
                             CLM_ECONFLICT, CLM_ESTATE,   CLM_EPERM,    CLM_EIO,       CLM_EVERSION,
                             CLM_ENOTSUP,   CLM_ELIMIT,   CLM_EBUFSIZE, CLM_EBUSY,     -12345 };
#define NCODES (sizeof CODES / sizeof CODES[0])

static void *english_thread(void *arg)
{
    /* a new thread starts in English whatever the others chose */
    const char **out = arg;
    *out = clm_strerror(CLM_ENOMEM);
    return NULL;
}

static void test_strerror(void **state)
{
    (void)state;
    const char *en[NCODES];
    for (size_t i = 0; i < NCODES; i++)
        en[i] = clm_strerror(CODES[i]);
    CHECK_STR(clm_strerror(CLM_ENOMEM), "out of memory");
    CHECK_STR(clm_strerror(CLM_EPERM), "role lacks the authority");
    CHECK_STR(clm_strerror(-12345), "unknown error");

    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_STR(clm_strerror(CLM_OK), "успешно");
    CHECK_STR(clm_strerror(CLM_ENOMEM), "не хватает памяти");
    CHECK_STR(clm_strerror(CLM_ECONFLICT), "одновременное изменение (устаревшая версия)");
    CHECK_STR(clm_strerror(CLM_EPERM), "у роли нет полномочий");
    CHECK_STR(clm_strerror(-12345), "неизвестная ошибка");
    /* every code has its Russian text, the catalogue's translation of the
     * English one */
    for (size_t i = 0; i < NCODES; i++) {
        const char *ru = clm_strerror(CODES[i]);
        assert_non_null(ru);
        if (strcmp(ru, en[i]) == 0)
            fail_msg("code %d has no Russian text (\"%s\")", CODES[i], ru);
        CHECK_STR(ru, clm_lang_text(CLM_LANG_RU, en[i]));
    }
    /* another thread that never chose writes English meanwhile */
    const char *other = NULL;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, english_thread, &other), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    CHECK_STR(other, "out of memory");
    /* the strings are static: the English ones taken before are intact */
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    for (size_t i = 0; i < NCODES; i++)
        CHECK_STR(clm_strerror(CODES[i]), en[i]);
    /* a text the catalogue does not know stays English, as every text does */
    assert_ptr_equal(clm_lang_text(CLM_LANG_RU, "not an error text"), "not an error text");
}

/* ---- the client validator ------------------------------------------------------ */

static const clm_actor LOADER = { "loader", "admin", 1764547200 }; /* 2025-12-01 */

static clm_date D(int y, int m, int d)
{
    clm_date x = 0;
    CHECK_OK(clm_date_from_ymd(&x, y, m, d));
    return x;
}

/* The findings of clm_client_check, one "field: why" a line. */
static char *findings_text(const clm_client *c, clm_date as_of)
{
    clm_client_findings *f = NULL;
    CHECK_OK(clm_client_check(&f, c, NULL, as_of));
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < clm_client_findings_count(f); i++) {
        clm_client_finding x;
        CHECK_OK(clm_client_findings_at(&x, f, i));
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s %s: %s\n", x.field, x.what, x.why);
    }
    clm_client_findings_free(f);
    return buf;
}

static void test_client_findings(void **state)
{
    (void)state;
    /* a legal entity with no legal name, no OGRN, nothing to reach it by,
     * dates out of order and a state that contradicts them */
    clm_client *c = NULL;
    CHECK_OK(clm_client_new(&c, &LOADER, "C-9", CLM_LEGAL_ENTITY, "Kedr"));
    CHECK_OK(clm_client_set_taxid(c, &LOADER, NULL, "RU", "INN", "7707083893"));
    CHECK_OK(clm_client_set_date(c, &LOADER, CLM_CLIENT_FIRST_CONTACT, D(2025, 5, 1)));
    CHECK_OK(clm_client_set_date(c, &LOADER, CLM_CLIENT_FIRST_DEAL, D(2025, 4, 1)));
    static const char en[] = "legal_name required: client C-9: a legal entity needs its legal name\n"
                             "id.RU.OGRN required: client C-9: a legal entity of RU needs identifier OGRN\n"
                             "phone required: client C-9: no phone or e-mail, neither its own nor a person's\n"
                             "first_deal order: client C-9: first deal before first contact\n"
                             "state inconsistent: client C-9: state potential, yet it has a first deal date\n"
                             "first_contact future: client C-9: first_contact 2025-05-01 lies after 2025-04-15\n";
    static const char ru[] = "legal_name required: клиент C-9: для юридического лица нужно полное наименование\n"
                             "id.RU.OGRN required: клиент C-9: юридическому лицу страны RU нужен идентификатор OGRN\n"
                             "phone required: клиент C-9: нет ни телефона, ни электронной почты — ни у самого клиента, ни у его контактных лиц\n"
                             "first_deal order: клиент C-9: первая сделка раньше первого контакта\n"
                             "state inconsistent: клиент C-9: состояние potential, но указана дата первой сделки\n"
                             "first_contact future: клиент C-9: first_contact 01.05.2025 позже 15.04.2025\n";
    CHECK_STR(findings_text(c, D(2025, 4, 15)), en);
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_STR(findings_text(c, D(2025, 4, 15)), ru);
    /* clm_client_validate reports the first, in the thread's language */
    CHECK_FAIL(clm_client_validate(c, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->message, "клиент C-9: для юридического лица нужно полное наименование");
    /* a sole trader's missing identifiers */
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    CHECK_OK(clm_client_set_date(c, &LOADER, CLM_CLIENT_FIRST_DEAL, D(2025, 6, 1)));
    CHECK_OK(clm_client_set_legal_type(c, &LOADER, CLM_SOLE_TRADER));
    CHECK_OK(clm_client_set_taxid(c, &LOADER, NULL, "RU", "INN", NULL));
    CHECK_OK(clm_client_set_text(c, &LOADER, CLM_CLIENT_PHONE, "+7 495 000-00-00"));
    static const char en2[] = "id.RU.INN required: client C-9: a sole trader of RU needs identifier INN\n"
                              "id.RU.OGRNIP required: client C-9: a sole trader of RU needs identifier OGRNIP\n"
                              "state inconsistent: client C-9: state potential, yet it has a first deal date\n";
    static const char ru2[] = "id.RU.INN required: клиент C-9: индивидуальному предпринимателю страны RU нужен идентификатор INN\n"
                              "id.RU.OGRNIP required: клиент C-9: индивидуальному предпринимателю страны RU нужен идентификатор OGRNIP\n"
                              "state inconsistent: клиент C-9: состояние potential, но указана дата первой сделки\n";
    CHECK_STR(findings_text(c, CLM_CLIENT_NO_DATE), en2);
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_STR(findings_text(c, CLM_CLIENT_NO_DATE), ru2);
    /* an identifier a sole trader cannot have: the validator's reason */
    CHECK_FAIL(clm_client_set_taxid(c, &LOADER, NULL, "RU", "KPP", "773301001"), CLM_EINVAL);
    CHECK_STR(clm_error_last()->message, "id.RU.KPP: КПП: КПП бывает только у организаций");
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    CHECK_FAIL(clm_client_set_taxid(c, &LOADER, NULL, "RU", "KPP", "773301001"), CLM_EINVAL);
    CHECK_STR(clm_error_last()->message, "id.RU.KPP: kpp: only organisations have a KPP");
    clm_client_free(c);
}

/* An import refused: the reason in the thread's language. */
static void test_client_import_reason(void **state)
{
    (void)state;
    static const clm_actor importer = { "loader", "admin", 1761955200 }; /* 2025-11-01 */
    clm_client *d = NULL, *e = NULL, *c = NULL;
    CHECK_OK(clm_client_new(&d, &LOADER, "C-10", CLM_INDIVIDUAL, "Kedr"));
    CHECK_OK(clm_client_set_date(d, &LOADER, CLM_CLIENT_FIRST_DEAL, D(2025, 11, 20)));
    CHECK_OK(clm_client_new(&e, &LOADER, "C-11", CLM_INDIVIDUAL, "Kedr"));
    CHECK_FAIL(clm_client_import(&c, &importer, d, CLM_CLIENT_ACTIVE, NULL, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->message, "client_import: client C-10: first_deal 2025-11-20 lies after the day of the import, 2025-11-01");
    CHECK_FAIL(clm_client_import(&c, &importer, e, CLM_CLIENT_ACTIVE, NULL, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->message, "client_import: client C-11: state active needs the date of the first deal");
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_FAIL(clm_client_import(&c, &importer, d, CLM_CLIENT_ACTIVE, NULL, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->message, "импорт клиентов: клиент C-10: first_deal 20.11.2025 позже дня импорта (01.11.2025)");
    CHECK_FAIL(clm_client_import(&c, &importer, e, CLM_CLIENT_ACTIVE, NULL, NULL), CLM_EINVAL);
    CHECK_STR(clm_error_last()->message, "импорт клиентов: клиент C-11: для состояния active нужна дата первой сделки");
    assert_null(c);
    clm_client_free(d);
    clm_client_free(e);
}

/* ---- the protocol of disagreements ---------------------------------------------- */

static char *protocol(clm_lang lang)
{
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = "K-1";
    clm_contract *c = NULL;
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    clm_actor h = fx_who("petrova", "head_of_department", fx_day(2025, 12, 30));
    CHECK_OK(clm_contract_from_offer(&c, o, &info, &m));
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = "4.2";
    d.draft = "delivery by the seller's transport";
    d.client = "delivery by the buyer's transport";
    d.received_on = fx_day(2025, 12, 29);
    size_t a, b, l;
    CHECK_OK(clm_contract_dispute(&a, c, &m, &d));
    d.clause = "7.1";
    d.draft = NULL;
    d.client = "payment within 30 days";
    CHECK_OK(clm_contract_dispute(&b, c, &m, &d));
    d = (clm_contract_disagreement)CLM_CONTRACT_DISAGREEMENT_INIT;
    d.line = 0;
    d.client = "a lower price";
    d.has_figure = 1;
    d.figure = 420000;
    d.received_on = fx_day(2025, 12, 30);
    CHECK_OK(clm_contract_dispute(&l, c, &m, &d));
    CHECK_OK(clm_contract_answer(c, &h, a, "delivery by the buyer's transport, FCA", 0, 0));
    CHECK_OK(clm_contract_settle(c, &h, a, CLM_CONTRACT_ANSWER, "the client agreed by letter"));
    CHECK_OK(clm_contract_answer(c, &h, l, "435.00 per tonne", 1, 435000));
    char *text = NULL;
    CHECK_OK(clm_lang_set(lang));
    CHECK_OK(clm_contract_protocol_text(&text, NULL, c));
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    clm_contract_free(c);
    clm_offer_free(o);
    return text;
}

static void test_protocol(void **state)
{
    (void)state;
    char *en = protocol(CLM_LANG_EN);
    CHECK_STR(en, "Protocol of disagreements to contract K-1 (offer O-1, client C-1)\n"
            "\n"
            "Clause 4.2 (received 2025-12-29)\n"
            "  draft: delivery by the seller's transport\n"
            "  client: delivery by the buyer's transport\n"
            "  company: delivery by the buyer's transport, FCA\n"
            "  settlement: answer (decided by petrova, head_of_department)\n"
            "  note: the client agreed by letter\n"
            "\n"
            "Clause 7.1 (received 2025-12-29)\n"
            "  client: payment within 30 days\n"
            "  settlement: open\n"
            "\n"
            "Line 1 (received 2025-12-30)\n"
            "  product: CEM-M500\n"
            "  client: a lower price\n"
            "  client's figure: 4200.00 RUB\n"
            "  company: 435.00 per tonne\n"
            "  company's figure: 4350.00 RUB\n"
            "  settlement: answered\n");
    char *ru = protocol(CLM_LANG_RU);
    CHECK_STR(ru, "Протокол разногласий к договору K-1 (оферта O-1, клиент C-1)\n"
            "\n"
            "Пункт 4.2 (получено 29.12.2025)\n"
            "  редакция проекта: delivery by the seller's transport\n"
            "  редакция клиента: delivery by the buyer's transport\n"
            "  ответ компании: delivery by the buyer's transport, FCA\n"
            "  итог: согласовано в редакции ответа компании (решение: petrova, head_of_department)\n"
            "  примечание: the client agreed by letter\n"
            "\n"
            "Пункт 7.1 (получено 29.12.2025)\n"
            "  редакция клиента: payment within 30 days\n"
            "  итог: не урегулировано, ответа нет\n"
            "\n"
            "Строка 1 (получено 30.12.2025)\n"
            "  товар: CEM-M500\n"
            "  редакция клиента: a lower price\n"
            "  сумма клиента: 4" NBSP "200,00" NBSP RUBLE "\n"
            "  ответ компании: 435.00 per tonne\n"
            "  сумма компании: 4" NBSP "350,00" NBSP RUBLE "\n"
            "  итог: дан ответ, не согласовано\n");
    clm_free(en);
    clm_free(ru);
}

/* ---- the retro-bonus explanation --------------------------------------------------- */

static const clm_retro_tier TIERS[] = {
    { .threshold = 100000000, .rate = 2 * CLM_RATE_PERCENT },
    { .threshold = 300000000, .rate = 3 * CLM_RATE_PERCENT },
    { .threshold = 500000000, .rate = 5 * CLM_RATE_PERCENT + 5000 },
};

static char *retro(clm_lang lang, clm_retro_mode mode, clm_rounding rounding, int64_t turnover,
                   int64_t granted)
{
    clm_retro_scheme s = CLM_RETRO_SCHEME_INIT;
    s.currency = "RUB";
    s.mode = mode;
    s.rounding = rounding;
    s.tiers = TIERS;
    s.tier_count = 3;
    clm_retro_bonus b;
    CHECK_OK(clm_retro_bonus_accrue(&b, &s, turnover, granted));
    char *text = NULL;
    CHECK_OK(clm_lang_set(lang));
    CHECK_OK(clm_retro_bonus_explain(&text, &s, &b));
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    return text;
}

static void test_retro(void **state)
{
    (void)state;
    static const struct {
        clm_retro_mode mode;
        clm_rounding rounding;
        int64_t turnover, granted;
        const char *en, *ru;
    } cases[] = {
        { CLM_RETRO_FROM_FIRST, CLM_ROUND_HALF_UP, 345678901, 500000,
          "turnover 3456789.01 RUB reaches tier 2 of 3 (from 3000000.00 RUB, 3%)\n"
          "base: the whole turnover (from-first) = 3456789.01 RUB\n"
          "bonus: 3% of 3456789.01 RUB = 10370367.030000 minor units, rounded half-up: 103703.67 RUB\n"
          "granted by the period's invoices: 5000.00 RUB\n"
          "credit note: 98703.67 RUB\n",
          "оборот 3" NBSP "456" NBSP "789,01" NBSP RUBLE " достигает ступени 2 из 3 (от 3" NBSP "000" NBSP "000,00" NBSP RUBLE ", 3" NBSP "%)\n"
          "база: весь оборот (бонус начисляется на весь оборот) = 3" NBSP "456" NBSP "789,01" NBSP RUBLE "\n"
          "бонус: 3" NBSP "% от 3" NBSP "456" NBSP "789,01" NBSP RUBLE " = 10370367,030000 мин. ед. валюты, округление математическое (половина от нуля): 103" NBSP "703,67" NBSP RUBLE "\n"
          "уже предоставлено в счетах периода: 5" NBSP "000,00" NBSP RUBLE "\n"
          "кредит-нота: 98" NBSP "703,67" NBSP RUBLE "\n" },
        { CLM_RETRO_ABOVE_THRESHOLD, CLM_ROUND_HALF_EVEN, 612345678, 9000000,
          "turnover 6123456.78 RUB reaches tier 3 of 3 (from 5000000.00 RUB, 5.5%)\n"
          "base: the turnover above 5000000.00 RUB (above-threshold) = 1123456.78 RUB\n"
          "bonus: 5.5% of 1123456.78 RUB = 6179012.290000 minor units, rounded half-even: 61790.12 RUB\n"
          "granted by the period's invoices: 90000.00 RUB\n"
          "credit note: 0.00 RUB (the invoices granted 28209.88 RUB more than the bonus)\n",
          "оборот 6" NBSP "123" NBSP "456,78" NBSP RUBLE " достигает ступени 3 из 3 (от 5" NBSP "000" NBSP "000,00" NBSP RUBLE ", 5,5" NBSP "%)\n"
          "база: оборот сверх 5" NBSP "000" NBSP "000,00" NBSP RUBLE " (бонус начисляется на превышение порога) = 1" NBSP "123" NBSP "456,78" NBSP RUBLE "\n"
          "бонус: 5,5" NBSP "% от 1" NBSP "123" NBSP "456,78" NBSP RUBLE " = 6179012,290000 мин. ед. валюты, округление банковское (половина к чётному): 61" NBSP "790,12" NBSP RUBLE "\n"
          "уже предоставлено в счетах периода: 90" NBSP "000,00" NBSP RUBLE "\n"
          "кредит-нота: 0,00" NBSP RUBLE " (в счетах предоставлено на 28" NBSP "209,88" NBSP RUBLE " больше бонуса)\n" },
        { CLM_RETRO_FROM_FIRST, CLM_ROUND_DOWN, 5000, 0,
          "turnover 50.00 RUB is below the first tier (from 1000000.00 RUB): no bonus\n"
          "granted by the period's invoices: 0.00 RUB\n"
          "credit note: 0.00 RUB\n",
          "оборот 50,00" NBSP RUBLE " ниже первой ступени (от 1" NBSP "000" NBSP "000,00" NBSP RUBLE "): бонуса нет\n"
          "уже предоставлено в счетах периода: 0,00" NBSP RUBLE "\n"
          "кредит-нота: 0,00" NBSP RUBLE "\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *en = retro(CLM_LANG_EN, cases[i].mode, cases[i].rounding, cases[i].turnover,
                         cases[i].granted);
        char *ru = retro(CLM_LANG_RU, cases[i].mode, cases[i].rounding, cases[i].turnover,
                         cases[i].granted);
        CHECK_STR(en, cases[i].en);
        CHECK_STR(ru, cases[i].ru);
        clm_free(en);
        clm_free(ru);
    }
}

/* ---- the offer's approval reason for a manual price ------------------------------- */

/* The sample offer with one line of 10 x CEM-M500 at a manual 300.00 (the
 * list says 450.00: 40 % below it, beyond the commercial director's 30 %),
 * priced in `lang`: the approval reason, kept with the pricing. */
static const char *manual_price_why(clm_lang lang, clm_offer **o)
{
    *o = fx_draft("O-9", "C-1", "ivanov");
    CHECK_OK(clm_offer_remove_line(*o, 1));
    CHECK_OK(clm_offer_remove_line(*o, 0));
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "CEM-M500";
    l.quantity = 10 * CLM_DISCOUNT_QTY_SCALE;
    CHECK_OK(clm_money_make(&l.unit_price, 30000, "RUB"));
    CHECK_OK(clm_offer_add_line(NULL, *o, &l));
    static const char *const cats[] = { "wholesale" };
    clm_discount_client dc = { 0 };
    dc.id = "C-1";
    dc.categories = cats;
    dc.category_count = 1;
    dc.since = CLM_DISCOUNT_NO_DATE;
    clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
    p.engine = fx_engine;
    p.client = &dc;
    p.book = fx_book;
    p.policy_version = "2025-12";
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 25));
    CHECK_OK(clm_lang_set(lang));
    CHECK_OK(clm_offer_price(*o, &m, &p));
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    const char *why = NULL;
    CHECK_STR(clm_offer_approval_required(*o, &why, NULL), "general_director");
    return why;
}

static void test_offer_manual_price(void **state)
{
    (void)state;
    clm_offer *en = NULL, *ru = NULL;
    CHECK_STR(manual_price_why(CLM_LANG_EN, &en), "line 1: manual price 300.00 RUB is 40% below the list price 450.00 RUB, beyond commercial_director's limit");
    CHECK_STR(manual_price_why(CLM_LANG_RU, &ru), "строка 1: ручная цена 300,00" NBSP RUBLE " на 40" NBSP "% ниже цены прайс-листа 450,00" NBSP RUBLE " — это сверх полномочий роли commercial_director");
    clm_offer_free(en);
    clm_offer_free(ru);
}

/* ---- the price-list validator ------------------------------------------------------ */

static const char *price_findings(clm_lang lang)
{
    const clm_date MIN = CLM_DATE_MIN, MAX = CLM_DATE_MAX;
    clm_price_set *s = NULL;
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "retail";
    d.currency = "RUB";
    d.audience = CLM_PRICE_EVERYONE;
    d.valid_from = MIN;
    d.valid_to = MAX;
    CHECK_OK(clm_price_set_add_list(s, &d));
    d.id = "promo";
    d.audience = CLM_PRICE_CHANNEL;
    d.audience_value = "web";
    d.valid_from = D(2026, 1, 1);
    d.valid_to = D(2026, 1, 31);
    CHECK_OK(clm_price_set_add_list(s, &d));
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = "CEM";
    e.unit_price = 45000;
    e.valid_from = MIN;
    e.valid_to = MAX;
    CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
    e.unit_price = 46000; /* the same product and break again, defined later */
    CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
    e.valid_from = D(2026, 3, 1); /* after its list ends */
    CHECK_OK(clm_price_set_add_entry(s, "promo", &e));
    e.product = NULL;
    e.group = "cement";
    e.min_quantity = 2500;
    e.valid_from = MIN;
    CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
    CHECK_OK(clm_price_set_add_entry(s, "retail", &e)); /* a group's entry twice */
    clm_discount_line lines[1] = { { .product = "NAILS", .quantity = 1000 } };
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    doc.currency = "RUB";
    doc.date = D(2026, 2, 15);
    doc.lines = lines;
    doc.line_count = 1;
    clm_discount_findings *f = NULL;
    CHECK_OK(clm_lang_set(lang));
    CHECK_OK(clm_price_set_validate(&f, s, NULL, &doc, 1));
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < clm_discount_findings_count(f); i++) {
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s\n", clm_discount_findings_get(f, i)->message);
    }
    clm_discount_findings_free(f);
    clm_price_set_free(s);
    return buf;
}

static void test_price_findings(void **state)
{
    (void)state;
    CHECK_STR(price_findings(CLM_LANG_EN), "price entry retail#1 (CEM from 0 units) can never be chosen: on every day of its validity an entry for the same product and quantity break in a list for the same clients ranks ahead of it (retail#0 first, defined earlier)\n"
                                     "price entry retail#3 (cement from 2.500 units) can never be chosen: on every day of its validity an entry for the same group and quantity break in a list for the same clients ranks ahead of it (retail#2 first, defined earlier)\n"
                                     "price entry promo#0 (CEM) can never be chosen: its validity lies outside list 'promo''s\n"
                                     "sample 1 line 1: no price list prices product 'NAILS' for client '(none)' on that date and quantity, and the line carries no price\n");
    CHECK_STR(price_findings(CLM_LANG_RU), "позиция прайс-листа retail#1 (CEM от 0 ед.) никогда не будет выбрана: в каждый день её действия позиция для того же товара и того же порога количества в прайс-листе для тех же клиентов стоит впереди (первой идёт retail#0, она задана раньше)\n"
                                     "позиция прайс-листа retail#3 (cement от 2,500 ед.) никогда не будет выбрана: в каждый день её действия позиция для той же товарной группы и того же порога количества в прайс-листе для тех же клиентов стоит впереди (первой идёт retail#2, она задана раньше)\n"
                                     "позиция прайс-листа promo#0 (CEM) никогда не будет выбрана: срок её действия лежит вне срока действия прайс-листа «promo»\n"
                                     "образец 1, строка 1: ни один прайс-лист не даёт цену товара «NAILS» для клиента «(нет)» на эту дату при этом количестве, а в строке цены нет\n");
}

/* ---- the category validator --------------------------------------------------------- */

static const char *category_findings(clm_lang lang)
{
    static const char xml[] =
        "<category-policy xmlns=\"urn:libclm:category-policy:1\" name=\"t\" currency=\"RUB\">"
        "<category name=\"k\"><assign-role name=\"manager\"/></category>"
        "<rule name=\"r1\" category=\"k\"><range fact=\"rfm-cell\" min=\"560\" max=\"599\"/></rule>"
        "<rule name=\"r2\" category=\"k\"><compare fact=\"rfm-r\" op=\"gt\" value=\"5\"/></rule>"
        "<rule name=\"r3\" category=\"k\"><all><in fact=\"abc\"><value>A</value></in>"
        "<compare fact=\"abc\" op=\"ne\" value=\"A\"/></all></rule>"
        "<rule name=\"r4\" category=\"k\"><all><compare fact=\"tenure-days\" op=\"eq\" value=\"10\"/>"
        "<compare fact=\"tenure-days\" op=\"ne\" value=\"10\"/></all></rule>"
        "<rule name=\"r5\" category=\"k\"><any/></rule>"
        "<rule name=\"r6\" category=\"k\"><any><compare fact=\"rfm-r\" op=\"gt\" value=\"5\"/></any></rule>"
        "<rule name=\"r7\" category=\"k\"><not><all/></not></rule>"
        "</category-policy>";
    clm_category_policy *p = NULL;
    CHECK_OK(clm_category_policy_load_xml(&p, xml, strlen(xml), "t.xml", NULL));
    clm_category_findings *f = NULL;
    CHECK_OK(clm_lang_set(lang));
    CHECK_OK(clm_category_policy_validate(&f, p));
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < clm_category_findings_count(f); i++) {
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s\n", clm_category_findings_at(f, i)->message);
    }
    clm_category_findings_free(f);
    clm_category_policy_free(p);
    return buf;
}

static void test_category_findings(void **state)
{
    (void)state;
    CHECK_STR(category_findings(CLM_LANG_EN), "rule 'r1' (category 'k') can never fire: its conditions on rfm-cell admit no cell the RFM scoring produces (111..555, each digit 1..5)\n"
                                        "rule 'r2' (category 'k') can never fire: its conditions on rfm-r admit no score the RFM scoring produces (1..5)\n"
                                        "rule 'r3' (category 'k') can never fire: its conditions on abc admit no class\n"
                                        "rule 'r4' (category 'k') can never fire: its conditions on tenure-days contradict each other\n"
                                        "rule 'r5' (category 'k') can never fire: an empty 'any' is never true\n"
                                        "rule 'r6' (category 'k') can never fire: no branch of its 'any' can hold\n"
                                        "rule 'r7' (category 'k') can never fire: 'not' of an empty 'all' is never true\n");
    CHECK_STR(category_findings(CLM_LANG_RU), "правило «r1» (категория «k») никогда не сработает: его условия на rfm-cell не допускают ни одной ячейки, которую даёт RFM-оценка (111..555, каждая цифра 1..5)\n"
                                        "правило «r2» (категория «k») никогда не сработает: его условия на rfm-r не допускают ни одного балла, который даёт RFM-оценка (1..5)\n"
                                        "правило «r3» (категория «k») никогда не сработает: его условия на abc не допускают ни одного класса\n"
                                        "правило «r4» (категория «k») никогда не сработает: его условия на tenure-days противоречат друг другу\n"
                                        "правило «r5» (категория «k») никогда не сработает: пустое «any» никогда не истинно\n"
                                        "правило «r6» (категория «k») никогда не сработает: ни одна ветвь его «any» не может выполниться\n"
                                        "правило «r7» (категория «k») никогда не сработает: «not» от пустого «all» никогда не истинно\n");
}

/* ---- errors built from parts: a calendar's coverage, a damaged record --------------- */

static void test_error_parts(void **state)
{
    (void)state;
    clm_calendar *ru = NULL;
    CHECK_OK(clm_calendar_new_ru(&ru));
    int working = 0;
    CHECK_FAIL(clm_calendar_is_working(&working, ru, D(2030, 1, 9)), CLM_ERANGE);
    CHECK_STR(clm_error_last()->message,
              "calendar 'RU': has no data for 2030-01-09; its data covers 2024-01-01..2026-12-31");
    CHECK_OK(clm_lang_set(CLM_LANG_RU));
    CHECK_FAIL(clm_calendar_is_working(&working, ru, D(2030, 1, 9)), CLM_ERANGE);
    CHECK_STR(clm_error_last()->message,
              "календарь «RU»: нет данных на 09.01.2030; его данные охватывают 01.01.2024..31.12.2026");
    clm_calendar_free(ru);
    /* a stored client's text with a key twice; a claim body that is not one */
    static const char client_text[] = "clm-client 1\nid=C-9\nlegal_type=legal_entity\n"
                                      "state=potential\nname=Kedr\nname=Kedr\n";
    clm_client *c = NULL;
    CHECK_FAIL(clm_client_decode(&c, client_text, strlen(client_text)), CLM_EPARSE);
    CHECK_STR(clm_error_last()->message,
              "клиент: строка 6 (name): ключ указан дважды");
    clm_claim *k = NULL;
    CHECK_FAIL(clm_claim_decode(&k, "nonsense\n", 9), CLM_EPARSE);
    CHECK_STR(clm_error_last()->message,
              "строка 1 тела претензии (nonsense): claim: первая строка должна быть «claim»");
    CHECK_OK(clm_lang_set(CLM_LANG_EN));
    CHECK_FAIL(clm_client_decode(&c, client_text, strlen(client_text)), CLM_EPARSE);
    CHECK_STR(clm_error_last()->message,
              "client: line 6 (name): key given twice");
    CHECK_FAIL(clm_claim_decode(&k, "nonsense\n", 9), CLM_EPARSE);
    CHECK_STR(clm_error_last()->message,
              "claim body line 1 (nonsense): claim: the first line must be 'claim'");
    assert_null(c);
    assert_null(k);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_strerror, reset, reset),
        cmocka_unit_test_setup_teardown(test_client_findings, reset, reset),
        cmocka_unit_test_setup_teardown(test_client_import_reason, reset, reset),
        cmocka_unit_test_setup_teardown(test_protocol, reset, reset),
        cmocka_unit_test_setup_teardown(test_retro, reset, reset),
        cmocka_unit_test_setup_teardown(test_offer_manual_price, reset, reset),
        cmocka_unit_test_setup_teardown(test_price_findings, reset, reset),
        cmocka_unit_test_setup_teardown(test_category_findings, reset, reset),
        cmocka_unit_test_setup_teardown(test_error_parts, reset, reset),
    };
    if (fx_setup() != 0)
        return 1;
    int rc = core_run("lang_texts", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
    fx_teardown();
    return rc;
}
