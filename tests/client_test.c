/*
 * client_test.c — the client record: fields and their shapes, history,
 * lifecycle table, inactivity, reassignment, categories and their
 * authority, validation, conversion figures, the storage format, and the
 * rule that a failed call changes nothing (also under OOM).
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

static const clm_actor MGR = { "ivanov", "manager", 1780000000 };
static const clm_actor HEAD = { "petrova", "head_of_department", 1780000100 };

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

static clm_client *make(clm_legal_type t, const char *name)
{
    clm_client *c = NULL;
    assert_int_equal(clm_client_new(&c, &MGR, "c-1", t, name), 0);
    return c;
}

/* A complete, valid Russian organisation. */
static clm_client *make_org(void)
{
    clm_client *c = make(CLM_LEGAL_ENTITY, "Sber");
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_LEGAL_NAME,
                                         "PAO Sberbank"), 0);
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", "7707083893"), 0);
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "OGRN", "1027700132195"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_PHONE, "+7 495 500-55-50"), 0);
    return c;
}

static void assert_last_change(const clm_client *c, const char *field, const char *old,
                               const char *nw)
{
    size_t n = clm_client_history_count(c);
    assert_true(n > 0);
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, n - 1), 0);
    assert_string_equal(ch.field, field);
    assert_string_equal(ch.old_value, old);
    assert_string_equal(ch.new_value, nw);
}

/* ---- creation and getters ----------------------------------------------- */

static void test_new_defaults(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "Romashka");
    assert_string_equal(clm_client_id(c), "c-1");
    assert_int_equal(clm_client_legal_type(c), CLM_LEGAL_ENTITY);
    assert_int_equal(clm_client_state_get(c), CLM_CLIENT_POTENTIAL);
    assert_int_equal(clm_client_source(c), CLM_SOURCE_UNKNOWN);
    assert_string_equal(clm_client_name(c), "Romashka");
    assert_string_equal(clm_client_manager(c), "");
    assert_string_equal(clm_client_lost_to(c), "");
    assert_string_equal(clm_client_text_get(c, CLM_CLIENT_NOTES), "");
    assert_null(clm_client_text_get(c, (clm_client_text)(CLM_CLIENT_NOTES + 1)));
    assert_int_equal(clm_client_date_get(c, CLM_CLIENT_FIRST_DEAL), CLM_CLIENT_NO_DATE);
    assert_false(clm_client_flag_get(c, CLM_CLIENT_DEBTOR));
    assert_int_equal(clm_client_category_count(c), 0);
    assert_int_equal(clm_client_person_count(c), 0);
    assert_int_equal(clm_client_decision_maker(c), CLM_CLIENT_NO_PERSON);
    assert_int_equal(clm_client_history_count(c), 1);
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, 0), 0);
    assert_string_equal(ch.user, "ivanov");
    assert_string_equal(ch.role, "manager");
    assert_int_equal(ch.at, 1780000000);
    assert_string_equal(ch.field, "created");
    assert_string_equal(ch.old_value, "");
    assert_string_equal(ch.new_value, "Romashka");
    assert_string_equal(ch.reason, "");
    assert_int_equal(clm_client_history_at(&ch, c, 1), CLM_ERANGE);
    assert_int_equal(clm_client_history_at(NULL, c, 0), CLM_EINVAL);
    assert_int_equal(clm_client_history_at(&ch, NULL, 0), CLM_EINVAL);
    clm_client *d = NULL;
    assert_int_equal(clm_client_dup(&d, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_dup(NULL, c), CLM_EINVAL);
    assert_int_equal(clm_client_equal(c, NULL), 0);
    assert_int_equal(clm_client_equal(c, c), 1);
    assert_int_equal(clm_client_dup(&d, c), 0);
    assert_int_equal(clm_client_equal(c, d), 1);
    /* equality sees the history too */
    assert_int_equal(clm_client_set_text(d, &MGR, CLM_CLIENT_NOTES, "x"), 0);
    assert_int_equal(clm_client_set_text(d, &MGR, CLM_CLIENT_NOTES, NULL), 0);
    assert_int_equal(clm_client_equal(c, d), 0);
    clm_client_free(d);
    clm_client_free(c);
    clm_client_free(NULL);
}

static void test_new_bad_input(void **state)
{
    (void)state;
    clm_client *c = (clm_client *)0x1;
    clm_actor no_user = { "", "manager", 0 };
    clm_actor no_role = { "u", NULL, 0 };
    assert_int_equal(clm_client_new(NULL, &MGR, "x", CLM_INDIVIDUAL, "n"), CLM_EINVAL);
    assert_int_equal(clm_client_new(&c, NULL, "x", CLM_INDIVIDUAL, "n"), CLM_EINVAL);
    assert_int_equal(clm_client_new(&c, &no_user, "x", CLM_INDIVIDUAL, "n"), CLM_EINVAL);
    assert_int_equal(clm_client_new(&c, &no_role, "x", CLM_INDIVIDUAL, "n"), CLM_EINVAL);
    assert_int_equal(clm_client_new(&c, &MGR, "", CLM_INDIVIDUAL, "n"), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "client_id");
    assert_int_equal(clm_client_new(&c, &MGR, NULL, CLM_INDIVIDUAL, "n"), CLM_EINVAL);
    assert_int_equal(clm_client_new(&c, &MGR, "x", 0, "n"), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "legal_type");
    assert_int_equal(clm_client_new(&c, &MGR, "x", CLM_INDIVIDUAL, ""), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "name");
    assert_int_equal(clm_client_new(&c, &MGR, "x", CLM_INDIVIDUAL, "a\nb"), CLM_EINVAL);
    char longid[300];
    memset(longid, 'x', 299);
    longid[299] = '\0';
    assert_int_equal(clm_client_new(&c, &MGR, longid, CLM_INDIVIDUAL, "n"), CLM_EINVAL);
    assert_ptr_equal(c, (clm_client *)0x1);     /* untouched */
    /* getters are NULL-safe */
    assert_string_equal(clm_client_id(NULL), "");
    assert_null(clm_client_name(NULL));
    assert_int_equal(clm_client_history_count(NULL), 0);
    assert_int_equal(clm_client_date_get(NULL, CLM_CLIENT_FIRST_DEAL), CLM_CLIENT_NO_DATE);
}

/* ---- setters and history ------------------------------------------------ */

static void test_text_fields(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "Romashka");
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_REGION, "Moscow region"), 0);
    assert_last_change(c, "region", "", "Moscow region");
    assert_int_equal(clm_client_set_text(c, &HEAD, CLM_CLIENT_REGION, "77"), 0);
    assert_last_change(c, "region", "Moscow region", "77");
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, 2), 0);
    assert_string_equal(ch.user, "petrova");
    assert_string_equal(ch.role, "head_of_department");
    assert_int_equal(ch.at, 1780000100);
    /* same value: nothing recorded */
    size_t n = clm_client_history_count(c);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_REGION, "77"), 0);
    assert_int_equal(clm_client_history_count(c), n);
    /* clear */
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_REGION, NULL), 0);
    assert_last_change(c, "region", "77", "");
    assert_string_equal(clm_client_text_get(c, CLM_CLIENT_REGION), "");
    /* shapes */
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_COUNTRY, "RU"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_LANGUAGE, "ru"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_LANGUAGE, "en-GB"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_EMAIL, "info@romashka.ru"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NOTES,
                                         "\xe2\x82\xac \xf0\x9f\x93\x9e \xd0\xaf"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NOTES, "line 1\nline 2"), 0);
    n = clm_client_history_count(c);
    clm_client *before = NULL;
    assert_int_equal(clm_client_dup(&before, c), 0);
    struct { clm_client_text f; const char *v; const char *field; } bad[] = {
        { CLM_CLIENT_COUNTRY, "Russia", "country" },
        { CLM_CLIENT_COUNTRY, "ru", "country" },
        { CLM_CLIENT_LANGUAGE, "RU", "language" },
        { CLM_CLIENT_LANGUAGE, "en-gb", "language" },
        { CLM_CLIENT_LANGUAGE, "e", "language" },
        { CLM_CLIENT_EMAIL, "info@", "email" },
        { CLM_CLIENT_PHONE, "call me", "phone" },
        { CLM_CLIENT_REGION, "a\nb", "region" },
        { CLM_CLIENT_NAME, "", "name" },
        { CLM_CLIENT_NOTES, "bad \xff byte", "notes" },
        { CLM_CLIENT_NOTES, "overlong \xc0\xaf slash", "notes" },
        { CLM_CLIENT_NOTES, "surrogate \xed\xa0\x80", "notes" },
        { CLM_CLIENT_NOTES, "beyond \xf4\x90\x80\x80", "notes" },
        { CLM_CLIENT_NOTES, "cut \xd0", "notes" },
        { CLM_CLIENT_NOTES, "tab\x7f del", "notes" },
        { CLM_CLIENT_NAME, NULL, "name" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(clm_client_set_text(c, &MGR, bad[i].f, bad[i].v), CLM_EINVAL);
        assert_string_equal(clm_error_last()->field, bad[i].field);
    }
    char *big = malloc(CLM_CLIENT_TEXT_MAX + 2);
    memset(big, 'a', CLM_CLIENT_TEXT_MAX + 1);
    big[CLM_CLIENT_TEXT_MAX + 1] = '\0';
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NOTES, big), CLM_EINVAL);
    big[CLM_CLIENT_TEXT_MAX] = '\0';
    assert_true(clm_client_equal(c, before));
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NOTES, big), 0);
    free(big);
    assert_int_equal(clm_client_set_text(c, &MGR, (clm_client_text)(CLM_CLIENT_NOTES + 1), "x"), CLM_EINVAL);
    assert_int_equal(clm_client_set_text(NULL, &MGR, CLM_CLIENT_NOTES, "x"), CLM_EINVAL);
    assert_int_equal(clm_client_set_text(c, NULL, CLM_CLIENT_NOTES, "x"), CLM_EINVAL);
    assert_int_equal(clm_client_history_count(c), n + 1);
    clm_client_free(before);
    clm_client_free(c);
}

static void test_enum_date_flag_fields(void **state)
{
    (void)state;
    clm_client *c = make(CLM_INDIVIDUAL, "Ivan Petrov");
    assert_int_equal(clm_client_set_source(c, &MGR, CLM_SOURCE_COLD_CALL), 0);
    assert_last_change(c, "source", "", "cold_call");
    assert_int_equal(clm_client_source(c), CLM_SOURCE_COLD_CALL);
    assert_int_equal(clm_client_set_source(c, &MGR, (clm_source_channel)(CLM_SOURCE_OTHER + 1)), CLM_EINVAL);
    assert_int_equal(clm_client_set_legal_type(c, &MGR, CLM_SOLE_TRADER), 0);
    assert_last_change(c, "legal_type", "individual", "sole_trader");
    assert_int_equal(clm_client_set_legal_type(c, &MGR, 9), CLM_EINVAL);
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_CONTACT, D(2025, 3, 4)), 0);
    assert_last_change(c, "first_contact", "", "2025-03-04");
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_CONTACT, D(2025, 3, 5)), 0);
    assert_last_change(c, "first_contact", "2025-03-04", "2025-03-05");
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_CONTACT,
                                         CLM_CLIENT_NO_DATE), 0);
    assert_last_change(c, "first_contact", "2025-03-05", "");
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_LAST_PURCHASE,
                                         CLM_DATE_MAX + 1), CLM_ERANGE);
    assert_int_equal(clm_client_set_date(c, &MGR, (clm_client_date_field)(CLM_CLIENT_LAST_PURCHASE + 1), 0), CLM_EINVAL);
    assert_int_equal(clm_client_set_flag(c, &MGR, CLM_CLIENT_FOREIGN, true), 0);
    assert_last_change(c, "foreign", "false", "true");
    assert_true(clm_client_flag_get(c, CLM_CLIENT_FOREIGN));
    size_t n = clm_client_history_count(c);
    assert_int_equal(clm_client_set_flag(c, &MGR, CLM_CLIENT_FOREIGN, true), 0);
    assert_int_equal(clm_client_history_count(c), n);
    assert_int_equal(clm_client_set_flag(c, &MGR, (clm_client_flag)(CLM_CLIENT_PRIVILEGED + 1), true), CLM_EINVAL);
    clm_client_free(c);
}

static void test_taxids(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "Sber");
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "OGRN", "1027700132195"), 0);
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", "7707083893"), 0);
    assert_last_change(c, "id.RU.INN", "", "7707083893");
    assert_int_equal(clm_client_taxid_count(c), 2);
    const char *country, *kind, *value;
    assert_int_equal(clm_client_taxid_at(&country, &kind, &value, c, 0), 0);
    assert_string_equal(kind, "INN");            /* (country, kind) order */
    assert_string_equal(clm_client_taxid(c, "RU", "OGRN"), "1027700132195");
    assert_null(clm_client_taxid(c, "RU", "KPP"));
    /* invalid checksum: error names the field, nothing changes */
    clm_client *before = NULL;
    assert_int_equal(clm_client_dup(&before, c), 0);
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", "7707083894"),
                     CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id.RU.INN");
    /* a 12-digit INN is an individual's */
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", "500301234503"),
                     CLM_EINVAL);
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "ru", "INN", "7707083893"),
                     CLM_EINVAL);
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "I N", "1"), CLM_EINVAL);
    assert_int_equal(clm_client_taxid_at(NULL, NULL, NULL, c, 2), CLM_ERANGE);
    assert_true(clm_client_equal(c, before));
    /* replace and remove */
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", "5001007329"), 0);
    assert_last_change(c, "id.RU.INN", "7707083893", "5001007329");
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", NULL), 0);
    assert_last_change(c, "id.RU.INN", "5001007329", "");
    assert_int_equal(clm_client_taxid_count(c), 1);
    size_t n = clm_client_history_count(c);
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", ""), 0);  /* absent */
    assert_int_equal(clm_client_history_count(c), n);
    /* an unknown pair is kept as it is */
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "DE", "USTID", "DE123456789"), 0);
    assert_string_equal(clm_client_taxid(c, "DE", "USTID"), "DE123456789");
    clm_client_free(before);
    clm_client_free(c);
}

typedef struct vcalls {
    int n;
} vcalls;

static int kz_bin(const char *value, clm_legal_type t, char *reason, size_t size,
                  void *payload)
{
    ((vcalls *)payload)->n++;
    if (strlen(value) == 12)
        return 0;
    snprintf(reason, size, "a BIN has 12 digits");
    return 1;
}

static void test_taxid_user_validator(void **state)
{
    (void)state;
    clm_idcheck_registry *reg = NULL;
    vcalls calls = { 0 };
    assert_int_equal(clm_idcheck_registry_new(&reg, 1), 0);
    assert_int_equal(clm_idcheck_register(reg, "KZ", "BIN", CLM_LEGAL_BIT(CLM_LEGAL_ENTITY),
                                          kz_bin, &calls), 0);
    clm_client *c = make(CLM_LEGAL_ENTITY, "Kaspi");
    assert_int_equal(clm_client_set_taxid(c, &MGR, reg, "KZ", "BIN", "123"), CLM_EINVAL);
    assert_int_equal(calls.n, 1);
    assert_non_null(strstr(clm_error_last()->message, "12 digits"));
    assert_int_equal(clm_client_set_taxid(c, &MGR, reg, "KZ", "BIN", "990140000123"), 0);
    assert_int_equal(calls.n, 2);
    /* validation uses the registry's required marks for the client's country */
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_LEGAL_NAME, "Kaspi Bank JSC"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_COUNTRY, "KZ"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_EMAIL, "info@kaspi.kz"), 0);
    clm_client_validate_options o;
    assert_int_equal(clm_client_validate_options_init(&o), 0);
    o.registry = reg;
    assert_int_equal(clm_client_validate(c, &o), 0);
    assert_int_equal(calls.n, 3);                        /* re-checked */
    assert_int_equal(clm_client_set_taxid(c, &MGR, reg, "KZ", "BIN", NULL), 0);
    assert_int_equal(clm_client_validate(c, &o), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id.KZ.BIN");
    /* with the built-in registry KZ has no required identifiers */
    assert_int_equal(clm_client_validate(c, NULL), 0);
    clm_client_free(c);
    clm_idcheck_registry_free(reg);
}

static void test_persons(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "Romashka");
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = "Anna Sidorova";
    p.position = "procurement";
    p.phone = "+7 495 111-22-33";
    assert_int_equal(clm_client_person_add(c, &MGR, &p), 0);
    assert_last_change(c, "person", "", "Anna Sidorova; procurement; +7 495 111-22-33; ");
    clm_client_person q;
    assert_int_equal(clm_client_person_init(&q), 0);
    q.name = "Oleg Ivanov";
    q.email = "oleg@romashka.ru";
    assert_int_equal(clm_client_person_add(c, &MGR, &q), 0);
    assert_int_equal(clm_client_person_count(c), 2);
    clm_client_person got;
    assert_int_equal(clm_client_person_at(&got, c, 1), 0);
    assert_string_equal(got.name, "Oleg Ivanov");
    assert_string_equal(got.phone, "");
    assert_string_equal(got.email, "oleg@romashka.ru");
    assert_int_equal(clm_client_person_at(&got, c, 2), CLM_ERANGE);

    /* decision maker */
    assert_int_equal(clm_client_set_decision_maker(c, &HEAD, 1), 0);
    assert_last_change(c, "decision_maker", "", "Oleg Ivanov");
    assert_int_equal(clm_client_decision_maker(c), 1);
    assert_int_equal(clm_client_set_decision_maker(c, &HEAD, 2), CLM_ERANGE);
    assert_int_equal(clm_client_decision_maker(c), 1);

    /* bad persons change nothing */
    size_t n = clm_client_history_count(c);
    clm_client_person bad = CLM_CLIENT_PERSON_INIT;
    assert_int_equal(clm_client_person_add(c, &MGR, &bad), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "person.name");
    bad.name = "X";
    bad.phone = "12";
    assert_int_equal(clm_client_person_add(c, &MGR, &bad), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "person.phone");
    bad.phone = NULL;
    bad.email = "x@";
    assert_int_equal(clm_client_person_add(c, &MGR, &bad), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "person.email");
    bad.email = NULL;
    bad.version = 2;
    assert_int_equal(clm_client_person_add(c, &MGR, &bad), CLM_EVERSION);
    assert_int_equal(clm_client_person_add(c, &MGR, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_person_count(c), 2);
    assert_int_equal(clm_client_history_count(c), n);

    /* removing a person before the decision maker shifts its index */
    assert_int_equal(clm_client_person_remove(c, &MGR, 0), 0);
    assert_int_equal(clm_client_decision_maker(c), 0);
    assert_int_equal(clm_client_history_count(c), n + 1);
    /* removing the decision maker records two entries */
    assert_int_equal(clm_client_person_remove(c, &MGR, 0), 0);
    assert_int_equal(clm_client_decision_maker(c), CLM_CLIENT_NO_PERSON);
    assert_int_equal(clm_client_history_count(c), n + 3);
    assert_last_change(c, "decision_maker", "Oleg Ivanov", "");
    assert_int_equal(clm_client_person_remove(c, &MGR, 0), CLM_ERANGE);
    clm_client_free(c);
}

/* ---- lifecycle ---------------------------------------------------------- */

/* The table of client.h, written out independently as pairs. */
static const int allowed_pairs[][2] = {
    { CLM_CLIENT_POTENTIAL, CLM_CLIENT_INTERESTED }, { CLM_CLIENT_POTENTIAL, CLM_CLIENT_NEW },
    { CLM_CLIENT_POTENTIAL, CLM_CLIENT_LOST },
    { CLM_CLIENT_INTERESTED, CLM_CLIENT_POTENTIAL }, { CLM_CLIENT_INTERESTED, CLM_CLIENT_NEW },
    { CLM_CLIENT_INTERESTED, CLM_CLIENT_LOST },
    { CLM_CLIENT_NEW, CLM_CLIENT_ACTIVE }, { CLM_CLIENT_NEW, CLM_CLIENT_INACTIVE },
    { CLM_CLIENT_NEW, CLM_CLIENT_LOST },
    { CLM_CLIENT_ACTIVE, CLM_CLIENT_REGULAR }, { CLM_CLIENT_ACTIVE, CLM_CLIENT_KEY },
    { CLM_CLIENT_ACTIVE, CLM_CLIENT_INACTIVE }, { CLM_CLIENT_ACTIVE, CLM_CLIENT_LOST },
    { CLM_CLIENT_REGULAR, CLM_CLIENT_ACTIVE }, { CLM_CLIENT_REGULAR, CLM_CLIENT_KEY },
    { CLM_CLIENT_REGULAR, CLM_CLIENT_INACTIVE }, { CLM_CLIENT_REGULAR, CLM_CLIENT_LOST },
    { CLM_CLIENT_KEY, CLM_CLIENT_ACTIVE }, { CLM_CLIENT_KEY, CLM_CLIENT_REGULAR },
    { CLM_CLIENT_KEY, CLM_CLIENT_INACTIVE }, { CLM_CLIENT_KEY, CLM_CLIENT_LOST },
    { CLM_CLIENT_INACTIVE, CLM_CLIENT_ACTIVE }, { CLM_CLIENT_INACTIVE, CLM_CLIENT_REGULAR },
    { CLM_CLIENT_INACTIVE, CLM_CLIENT_LOST },
    { CLM_CLIENT_LOST, CLM_CLIENT_POTENTIAL }, { CLM_CLIENT_LOST, CLM_CLIENT_ACTIVE },
};

static int in_table(int from, int to)
{
    for (size_t i = 0; i < sizeof(allowed_pairs) / sizeof(allowed_pairs[0]); i++)
        if (allowed_pairs[i][0] == from && allowed_pairs[i][1] == to)
            return 1;
    return 0;
}

/* A client brought to state s through allowed transitions. */
static clm_client *in_state(clm_client_state s)
{
    static const clm_client_state path[][4] = {
        [CLM_CLIENT_POTENTIAL] = { 0 },
        [CLM_CLIENT_INTERESTED] = { CLM_CLIENT_INTERESTED },
        [CLM_CLIENT_NEW] = { CLM_CLIENT_NEW },
        [CLM_CLIENT_ACTIVE] = { CLM_CLIENT_NEW, CLM_CLIENT_ACTIVE },
        [CLM_CLIENT_REGULAR] = { CLM_CLIENT_NEW, CLM_CLIENT_ACTIVE, CLM_CLIENT_REGULAR },
        [CLM_CLIENT_KEY] = { CLM_CLIENT_NEW, CLM_CLIENT_ACTIVE, CLM_CLIENT_KEY },
        [CLM_CLIENT_INACTIVE] = { CLM_CLIENT_NEW, CLM_CLIENT_INACTIVE },
        [CLM_CLIENT_LOST] = { CLM_CLIENT_LOST },
    };
    clm_client *c = make(CLM_LEGAL_ENTITY, "X");
    for (int i = 0; i < 4 && path[s][i] != 0; i++)
        assert_int_equal(clm_client_set_state(c, &MGR, path[s][i], NULL), 0);
    assert_int_equal(clm_client_state_get(c), s);
    return c;
}

static void test_lifecycle_table(void **state)
{
    (void)state;
    int allowed = 0;
    for (int from = CLM_CLIENT_POTENTIAL; from <= CLM_CLIENT_LOST; from++) {
        for (int to = CLM_CLIENT_POTENTIAL; to <= CLM_CLIENT_LOST; to++) {
            int want = in_table(from, to);
            assert_int_equal(clm_client_state_allowed(from, to), want);
            clm_client *c = in_state(from);
            clm_client *before = NULL;
            assert_int_equal(clm_client_dup(&before, c), 0);
            int rc = clm_client_set_state(c, &HEAD, to, NULL);
            if (want) {
                allowed++;
                assert_int_equal(rc, 0);
                assert_int_equal(clm_client_state_get(c), to);
                assert_last_change(c, "state", clm_client_state_name(from),
                                   clm_client_state_name(to));
            } else {
                assert_int_equal(rc, CLM_ESTATE);
                assert_string_equal(clm_error_last()->field, "state");
                assert_non_null(strstr(clm_error_last()->message,
                                       clm_client_state_name(from)));
                assert_true(clm_client_equal(c, before));
            }
            clm_client_free(before);
            clm_client_free(c);
        }
    }
    assert_int_equal(allowed, 26);
    assert_int_equal(clm_client_state_allowed(0, CLM_CLIENT_NEW), 0);
    assert_int_equal(clm_client_state_allowed(CLM_CLIENT_NEW, 99), 0);
}

static void test_lost_to(void **state)
{
    (void)state;
    clm_client *c = in_state(CLM_CLIENT_ACTIVE);
    size_t n = clm_client_history_count(c);
    /* a competitor only with lost */
    assert_int_equal(clm_client_set_state(c, &MGR, CLM_CLIENT_KEY, "Rival LLC"), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "lost_to");
    assert_int_equal(clm_client_set_state(c, &MGR, 42, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_history_count(c), n);
    assert_int_equal(clm_client_set_state(c, &MGR, CLM_CLIENT_LOST, "Rival LLC"), 0);
    assert_string_equal(clm_client_lost_to(c), "Rival LLC");
    assert_int_equal(clm_client_history_count(c), n + 2);
    assert_last_change(c, "lost_to", "", "Rival LLC");
    /* won back: the competitor is cleared, on record */
    assert_int_equal(clm_client_set_state(c, &MGR, CLM_CLIENT_ACTIVE, NULL), 0);
    assert_string_equal(clm_client_lost_to(c), "");
    assert_last_change(c, "lost_to", "Rival LLC", "");
    /* lost to an unknown competitor: one entry */
    n = clm_client_history_count(c);
    assert_int_equal(clm_client_set_state(c, &MGR, CLM_CLIENT_LOST, ""), 0);
    assert_int_equal(clm_client_history_count(c), n + 1);
    clm_client_free(c);
}

static void test_inactivity(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "X");
    int out = -1;
    /* no dates: not inactive */
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 6, 1), 90), 0);
    assert_int_equal(out, 0);
    /* first contact only, 91 days ago */
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_CONTACT, D(2025, 1, 1)), 0);
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 4, 2), 90), 0);  /* 91 days */
    assert_int_equal(out, 1);
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 4, 1), 90), 0);  /* 90 days */
    assert_int_equal(out, 0);
    /* the last purchase takes precedence */
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_LAST_PURCHASE, D(2025, 3, 1)), 0);
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 4, 2), 90), 0);
    assert_int_equal(out, 0);
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 5, 30), 90), 0); /* 90 */
    assert_int_equal(out, 0);
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 5, 31), 90), 0); /* 91 */
    assert_int_equal(out, 1);
    /* threshold 0: any day after the purchase */
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 3, 1), 0), 0);
    assert_int_equal(out, 0);
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 3, 2), 0), 0);
    assert_int_equal(out, 1);
    /* bad input leaves out */
    out = 7;
    assert_int_equal(clm_client_is_inactive(&out, c, D(2025, 3, 2), -1), CLM_EINVAL);
    assert_int_equal(clm_client_is_inactive(&out, c, CLM_DATE_MAX + 1, 1), CLM_ERANGE);
    assert_int_equal(clm_client_is_inactive(NULL, c, D(2025, 3, 2), 1), CLM_EINVAL);
    assert_int_equal(clm_client_is_inactive(&out, NULL, D(2025, 3, 2), 1), CLM_EINVAL);
    assert_int_equal(out, 7);
    /* pure: the state did not change */
    assert_int_equal(clm_client_state_get(c), CLM_CLIENT_POTENTIAL);
    clm_client_free(c);
}

static void test_reassign(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "X");
    assert_int_equal(clm_client_reassign(c, &HEAD, "ivanov"), 0);
    assert_last_change(c, "manager", "", "ivanov");
    assert_int_equal(clm_client_reassign(c, &HEAD, "sidorov"), 0);
    assert_last_change(c, "manager", "ivanov", "sidorov");
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, clm_client_history_count(c) - 1), 0);
    assert_string_equal(ch.user, "petrova");
    assert_string_equal(clm_client_manager(c), "sidorov");
    size_t n = clm_client_history_count(c);
    assert_int_equal(clm_client_reassign(c, &HEAD, "sidorov"), 0);
    assert_int_equal(clm_client_history_count(c), n);
    assert_int_equal(clm_client_reassign(c, &HEAD, "bad\tname"), CLM_EINVAL);
    assert_string_equal(clm_client_manager(c), "sidorov");
    assert_int_equal(clm_client_reassign(c, &HEAD, NULL), 0);
    assert_string_equal(clm_client_manager(c), "");
    clm_client_free(c);
}

/* ---- categories --------------------------------------------------------- */

static int no_fridays(const char *category, const clm_actor *actor, int adding,
                      void *payload)
{
    int *calls = payload;
    (*calls)++;
    if (strcmp(category, "blocked") == 0)
        return CLM_EIO;
    return !(adding && strcmp(actor->user, "friday") == 0);
}

static void test_categories(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "X");
    clm_category_authority *auth = NULL;
    assert_int_equal(clm_category_authority_new(&auth, 1), 0);
    assert_int_equal(clm_category_authority_allow(auth, "key", "head_of_department"), 0);
    assert_int_equal(clm_category_authority_allow(auth, "key", "director"), 0);
    assert_int_equal(clm_category_authority_allow(auth, "key", "director"), 0); /* twice */

    /* a manager may not make a client key: EPERM, nothing changes */
    clm_client *before = NULL;
    assert_int_equal(clm_client_dup(&before, c), 0);
    assert_int_equal(clm_client_category_add(c, &MGR, "key", "manual", auth), CLM_EPERM);
    assert_non_null(strstr(clm_error_last()->message, "manager"));
    assert_non_null(strstr(clm_error_last()->message, "key"));
    assert_true(clm_client_equal(c, before));
    /* the head of department may */
    assert_int_equal(clm_client_category_add(c, &HEAD, "key",
                                             "manual: agreed with the director", auth), 0);
    assert_int_equal(clm_client_has_category(c, "key"), 1);
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, clm_client_history_count(c) - 1), 0);
    assert_string_equal(ch.field, "category");
    assert_string_equal(ch.old_value, "");
    assert_string_equal(ch.new_value, "key");
    assert_string_equal(ch.reason, "manual: agreed with the director");
    assert_string_equal(ch.role, "head_of_department");
    /* unlisted categories: default_allow = 1 */
    assert_int_equal(clm_client_category_add(c, &MGR, "regular", "rule:turnover", auth), 0);
    assert_int_equal(clm_client_category_add(c, &MGR, "dormant", "rule:no_purchase", NULL), 0);
    assert_int_equal(clm_client_category_count(c), 3);
    assert_string_equal(clm_client_category_at(c, 0), "dormant");   /* sorted */
    assert_string_equal(clm_client_category_at(c, 2), "regular");
    assert_null(clm_client_category_at(c, 3));
    /* duplicates, absent, bad input */
    assert_int_equal(clm_client_category_add(c, &MGR, "regular", "again", auth), CLM_EEXISTS);
    assert_int_equal(clm_client_category_remove(c, &MGR, "vip", "x", auth), CLM_ENOTFOUND);
    assert_int_equal(clm_client_category_add(c, &MGR, "vip", "", auth), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "reason");
    assert_int_equal(clm_client_category_add(c, &MGR, "vip", NULL, auth), CLM_EINVAL);
    assert_int_equal(clm_client_category_add(c, &MGR, "", "x", auth), CLM_EINVAL);
    assert_int_equal(clm_client_category_add(c, &MGR, "a\x01", "x", auth), CLM_EINVAL);
    /* removal needs the same authority */
    assert_int_equal(clm_client_category_remove(c, &MGR, "key", "demotion", auth), CLM_EPERM);
    assert_int_equal(clm_client_has_category(c, "key"), 1);
    assert_int_equal(clm_client_category_remove(c, &HEAD, "key", "rule:unpromising", auth), 0);
    assert_last_change(c, "category", "key", "");
    assert_int_equal(clm_client_has_category(c, "key"), 0);

    /* default_allow = 0 and a narrowing callback */
    clm_category_authority *strict = NULL;
    int calls = 0;
    assert_int_equal(clm_category_authority_new(&strict, 0), 0);
    assert_int_equal(clm_client_category_add(c, &HEAD, "vip", "manual", strict), CLM_EPERM);
    assert_int_equal(clm_category_authority_allow(strict, "vip", "manager"), 0);
    assert_int_equal(clm_category_authority_allow(strict, "blocked", "manager"), 0);
    assert_int_equal(clm_category_authority_set_callback(strict, no_fridays, &calls), 0);
    clm_actor friday = { "friday", "manager", 0 };
    assert_int_equal(clm_client_category_add(c, &friday, "vip", "manual", strict), CLM_EPERM);
    assert_int_equal(calls, 1);
    assert_int_equal(clm_client_category_add(c, &MGR, "blocked", "manual", strict), CLM_EIO);
    assert_int_equal(clm_client_has_category(c, "blocked"), 0);
    assert_int_equal(clm_client_category_add(c, &MGR, "vip", "manual", strict), 0);
    assert_int_equal(calls, 3);
    /* the callback is told it is a removal: friday may remove */
    assert_int_equal(clm_client_category_remove(c, &friday, "vip", "manual", strict), 0);
    assert_int_equal(calls, 4);
    assert_int_equal(clm_client_category_add(c, &MGR, "vip", "manual", strict), 0);
    assert_int_equal(calls, 5);
    /* the callback is not asked when the table refuses */
    assert_int_equal(clm_client_category_add(c, &HEAD, "other", "manual", strict), CLM_EPERM);
    assert_int_equal(calls, 5);
    int ok = -1;
    assert_int_equal(clm_category_authority_check(&ok, NULL, "key", &MGR, 1), 0);
    assert_int_equal(ok, 1);
    assert_int_equal(clm_category_authority_check(&ok, auth, "key", &MGR, 0), 0);
    assert_int_equal(ok, 0);
    assert_int_equal(clm_category_authority_check(NULL, auth, "key", &MGR, 0), CLM_EINVAL);
    assert_int_equal(clm_category_authority_allow(auth, "", "x"), CLM_EINVAL);
    assert_int_equal(clm_category_authority_allow(NULL, "a", "x"), CLM_EINVAL);
    assert_int_equal(clm_category_authority_set_callback(NULL, NULL, NULL), CLM_EINVAL);
    clm_category_authority_free(strict);
    clm_category_authority_free(auth);
    clm_category_authority_free(NULL);
    clm_client_free(before);
    clm_client_free(c);
}

/* ---- validation --------------------------------------------------------- */

static void test_validate(void **state)
{
    (void)state;
    clm_client *c = make_org();
    assert_int_equal(clm_client_validate(c, NULL), 0);

    /* a legal entity needs its legal name */
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_LEGAL_NAME, NULL), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "legal_name");
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_LEGAL_NAME, "PAO Sberbank"), 0);
    /* and an OGRN */
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "OGRN", NULL), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id.RU.OGRN");
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "OGRN", "1027700132195"), 0);
    /* a way to reach it */
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_PHONE, NULL), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "phone");
    clm_client_validate_options o = CLM_CLIENT_VALIDATE_OPTIONS_INIT;
    o.require_contact = 0;
    assert_int_equal(clm_client_validate(c, &o), 0);
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = "Anna";
    assert_int_equal(clm_client_person_add(c, &MGR, &p), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);   /* no phone or email */
    p.name = "Oleg";
    p.email = "oleg@sber.ru";
    assert_int_equal(clm_client_person_add(c, &MGR, &p), 0);
    assert_int_equal(clm_client_validate(c, NULL), 0);

    /* dates in order */
    assert_int_equal(clm_client_set_state(c, &MGR, CLM_CLIENT_NEW, NULL), 0);
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_CONTACT, D(2025, 2, 1)), 0);
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_DEAL, D(2025, 1, 31)), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "first_deal");
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_DEAL, D(2025, 2, 1)), 0);
    assert_int_equal(clm_client_validate(c, NULL), 0);              /* same day is fine */
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_LAST_PURCHASE, D(2025, 1, 30)), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "last_purchase");
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_DEAL, CLM_CLIENT_NO_DATE), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);     /* still before contact */
    assert_string_equal(clm_error_last()->field, "last_purchase");
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_LAST_PURCHASE, D(2025, 3, 1)), 0);
    assert_int_equal(clm_client_validate(c, NULL), 0);
    clm_client_free(c);

    /* a lead with a deal date is inconsistent */
    c = make_org();
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_DEAL, D(2025, 2, 1)), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "state");
    /* a held identifier that no longer fits the legal type */
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_DEAL, CLM_CLIENT_NO_DATE), 0);
    assert_int_equal(clm_client_set_legal_type(c, &MGR, CLM_INDIVIDUAL), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id.RU.INN");
    /* options */
    o.version = 99;
    assert_int_equal(clm_client_validate(c, &o), CLM_EVERSION);
    assert_int_equal(clm_client_validate(NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_validate_options_init(NULL), CLM_EINVAL);
    clm_client_free(c);

    /* sole trader: INN (12) and OGRNIP; a foreign one needs neither */
    c = make(CLM_SOLE_TRADER, "IP Petrov");
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_PHONE, "+7 900 000-00-00"), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id.RU.INN");
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", "500301234503"), 0);
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id.RU.OGRNIP");
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "OGRNIP", "304500116000157"), 0);
    assert_int_equal(clm_client_validate(c, NULL), 0);
    clm_client_free(c);
    c = make(CLM_SOLE_TRADER, "Hans Meier");
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_COUNTRY, "DE"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_EMAIL, "hans@meier.de"), 0);
    assert_int_equal(clm_client_validate(c, NULL), 0);
    clm_client_free(c);
    /* an individual needs a name and a way to reach him only */
    c = make(CLM_INDIVIDUAL, "Ivan");
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_PHONE, "+7 900 000-00-01"), 0);
    assert_int_equal(clm_client_validate(c, NULL), 0);
    o.version = CLM_CLIENT_VALIDATE_OPTIONS_VERSION;
    o.home_country = "XX";
    assert_int_equal(clm_client_validate(c, &o), 0);
    o.home_country = "bad";
    assert_int_equal(clm_client_validate(c, &o), CLM_EINVAL);
    clm_client_free(c);
}

/* ---- conversion --------------------------------------------------------- */

static clm_client *lead(const char *id, clm_source_channel ch, clm_date contact,
                        clm_date deal)
{
    clm_client *c = NULL;
    assert_int_equal(clm_client_new(&c, &MGR, id, CLM_LEGAL_ENTITY, id), 0);
    assert_int_equal(clm_client_set_source(c, &MGR, ch), 0);
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_CONTACT, contact), 0);
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_DEAL, deal), 0);
    return c;
}

static void test_conversion(void **state)
{
    (void)state;
    clm_date jan1 = D(2025, 1, 1), jan31 = D(2025, 1, 31), feb15 = D(2025, 2, 15);
    const clm_date NO = CLM_CLIENT_NO_DATE;
    clm_client *cs[] = {
        lead("a", CLM_SOURCE_COLD_CALL, jan1, D(2025, 1, 20)),     /* lead, converted */
        lead("b", CLM_SOURCE_COLD_CALL, jan31, NO),                /* lead, not converted */
        lead("c", CLM_SOURCE_COLD_CALL, D(2025, 1, 10), feb15),    /* converted only later */
        lead("d", CLM_SOURCE_COLD_CALL, D(2024, 12, 31), jan1),    /* not in the cohort */
        lead("e", CLM_SOURCE_EXHIBITION, D(2025, 1, 15), D(2025, 1, 16)),
        lead("f", CLM_SOURCE_REFERRAL, NO, D(2025, 1, 16)),        /* no contact date */
        lead("g", CLM_SOURCE_COLD_CALL, D(2025, 2, 1), D(2025, 2, 2)), /* after the period */
        NULL,
    };
    size_t n = sizeof(cs) / sizeof(cs[0]);
    size_t nch = clm_source_channel_count();
    assert_int_equal(nch, CLM_SOURCE_OTHER + 1);
    clm_conversion out[16];
    assert_int_equal(clm_client_conversion(out, nch, (const clm_client *const *)cs, n, jan1,
                                           jan31, jan31), 0);
    assert_int_equal(out[CLM_SOURCE_COLD_CALL].channel, CLM_SOURCE_COLD_CALL);
    assert_int_equal(out[CLM_SOURCE_COLD_CALL].leads, 3);
    assert_int_equal(out[CLM_SOURCE_COLD_CALL].converted, 1);
    assert_true(out[CLM_SOURCE_COLD_CALL].rate > 0.3333 &&
                out[CLM_SOURCE_COLD_CALL].rate < 0.3334);
    assert_int_equal(out[CLM_SOURCE_EXHIBITION].leads, 1);
    assert_int_equal(out[CLM_SOURCE_EXHIBITION].converted, 1);
    assert_true(out[CLM_SOURCE_EXHIBITION].rate == 1.0);
    assert_int_equal(out[CLM_SOURCE_REFERRAL].leads, 0);
    assert_true(out[CLM_SOURCE_REFERRAL].rate == 0.0);
    /* a later as_of lets the cohort's late deal count */
    assert_int_equal(clm_client_conversion(out, nch, (const clm_client *const *)cs, n, jan1,
                                           jan31, D(2025, 3, 1)), 0);
    assert_int_equal(out[CLM_SOURCE_COLD_CALL].converted, 2);
    /* a lost client still converted */
    assert_int_equal(clm_client_set_state(cs[0], &MGR, CLM_CLIENT_LOST, "Rival"), 0);
    assert_int_equal(clm_client_conversion(out, nch, (const clm_client *const *)cs, n, jan1,
                                           jan31, jan31), 0);
    assert_int_equal(out[CLM_SOURCE_COLD_CALL].converted, 1);
    /* bad input leaves out untouched */
    out[0].leads = 77;
    assert_int_equal(clm_client_conversion(out, nch, (const clm_client *const *)cs, n, jan31,
                                           jan1, jan31), CLM_EINVAL);
    assert_int_equal(clm_client_conversion(out, nch, NULL, 1, jan1, jan31, jan31), CLM_EINVAL);
    assert_int_equal(clm_client_conversion(NULL, nch, (const clm_client *const *)cs, n, jan1,
                                           jan31, jan31), CLM_EINVAL);
    assert_int_equal(clm_client_conversion(out, nch, (const clm_client *const *)cs, n, jan1,
                                           CLM_DATE_MAX + 1, jan31), CLM_ERANGE);
    assert_int_equal(out[0].leads, 77);
    assert_int_equal(clm_client_conversion(out, nch, NULL, 0, jan1, jan31, jan31), 0);
    assert_int_equal(out[CLM_SOURCE_COLD_CALL].leads, 0);
    /* n larger than the channels: the tail is zeroed, not left as it was */
    memset(out, 0x5a, sizeof out);
    assert_int_equal(clm_client_conversion(out, 16, (const clm_client *const *)cs, n, jan1,
                                           jan31, jan31), 0);
    assert_int_equal(out[CLM_SOURCE_COLD_CALL].leads, 3);
    for (size_t k = nch; k < 16; k++) {
        assert_int_equal(out[k].channel, CLM_SOURCE_UNKNOWN);
        assert_int_equal(out[k].leads, 0);
        assert_int_equal(out[k].converted, 0);
        assert_true(out[k].rate == 0.0);
    }
    /* n smaller: only the first n channels, nothing written past them */
    memset(out, 0x5a, sizeof out);
    assert_int_equal(clm_client_conversion(out, CLM_SOURCE_EXHIBITION + 1,
                                           (const clm_client *const *)cs, n, jan1, jan31,
                                           jan31), 0);
    assert_int_equal(out[CLM_SOURCE_EXHIBITION].leads, 1);
    assert_int_equal(out[CLM_SOURCE_EXHIBITION].channel, CLM_SOURCE_EXHIBITION);
    assert_int_equal(out[CLM_SOURCE_EXHIBITION + 1].leads, (size_t)0x5a5a5a5a5a5a5a5aULL);
    /* n == 0: nothing to write, out may be NULL */
    assert_int_equal(clm_client_conversion(NULL, 0, (const clm_client *const *)cs, n, jan1,
                                           jan31, jan31), 0);
    for (size_t i = 0; i < n; i++)
        clm_client_free(cs[i]);
}

/* ---- names -------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(clm_source_channel_name(CLM_SOURCE_INBOUND_CALL), "inbound_call");
    assert_string_equal(clm_source_channel_name(CLM_SOURCE_UNKNOWN), "");
    assert_null(clm_source_channel_name((clm_source_channel)clm_source_channel_count()));
    assert_string_equal(clm_client_state_name(CLM_CLIENT_KEY), "key");
    assert_null(clm_client_state_name(0));
    assert_string_equal(clm_client_text_name(CLM_CLIENT_LEGAL_NAME), "legal_name");
    assert_string_equal(clm_client_date_name(CLM_CLIENT_LAST_PURCHASE), "last_purchase");
    assert_string_equal(clm_client_flag_name(CLM_CLIENT_PRIVILEGED), "privileged");
    clm_source_channel ch;
    clm_client_state st;
    for (int i = 0; i < (int)clm_source_channel_count(); i++) {
        assert_int_equal(clm_source_channel_from_name(&ch, clm_source_channel_name(i)), 0);
        assert_int_equal(ch, i);
    }
    for (int i = CLM_CLIENT_POTENTIAL; i <= CLM_CLIENT_LOST; i++) {
        assert_int_equal(clm_client_state_from_name(&st, clm_client_state_name(i)), 0);
        assert_int_equal(st, i);
    }
    assert_int_equal(clm_client_state_from_name(&st, "existing"), CLM_ENOTFOUND);
    assert_int_equal(clm_source_channel_from_name(NULL, "fax"), CLM_EINVAL);
}

/* ---- storage format ----------------------------------------------------- */

static clm_client *make_full(void)
{
    clm_client *c = make_org();
    const char *nasty = "line\nwith | pipe \\ backslash\ttab = eq";
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NOTES, nasty), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NEEDS,
                                         "\xd0\xba\xd0\xbe\xd1\x84\xd0\xb5"), 0);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_COUNTRY, "RU"), 0);
    assert_int_equal(clm_client_set_source(c, &MGR, CLM_SOURCE_FAIR), 0);
    assert_int_equal(clm_client_reassign(c, &HEAD, "ivanov"), 0);
    assert_int_equal(clm_client_set_date(c, &MGR, CLM_CLIENT_FIRST_CONTACT, D(2024, 2, 29)), 0);
    assert_int_equal(clm_client_set_flag(c, &MGR, CLM_CLIENT_PRIVILEGED, true), 0);
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = "Anna | \"Boss\"";
    p.email = "anna@sber.ru";
    assert_int_equal(clm_client_person_add(c, &MGR, &p), 0);
    p.name = "Oleg";
    p.email = NULL;
    p.position = "CFO";
    assert_int_equal(clm_client_person_add(c, &MGR, &p), 0);
    assert_int_equal(clm_client_set_decision_maker(c, &HEAD, 1), 0);
    assert_int_equal(clm_client_category_add(c, &HEAD, "key", "rule: a|b\\c", NULL), 0);
    assert_int_equal(clm_client_category_add(c, &HEAD, "b2b", "manual", NULL), 0);
    assert_int_equal(clm_client_set_state(c, &MGR, CLM_CLIENT_LOST, "Rival, LLC"), 0);
    clm_actor early = { "u|x", "r\\y", -5 };
    assert_int_equal(clm_client_set_flag(c, &early, CLM_CLIENT_DEBTOR, true), 0);
    return c;
}

static void test_codec_roundtrip(void **state)
{
    (void)state;
    clm_client *c = make_full();
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(clm_client_encode(&text, &len, c), 0);
    assert_int_equal(strlen(text), len);
    assert_memory_equal(text, "clm-client 1\nid=c-1\nlegal_type=legal_entity\nstate=lost\n", 54);
    assert_non_null(strstr(text, "\nnotes=line\\nwith \\| pipe \\\\ backslash\\x09tab = eq\n"));
    assert_non_null(strstr(text, "\nfirst_contact=2024-02-29\n"));
    assert_non_null(strstr(text, "\nid.RU.INN=7707083893\n"));
    assert_non_null(strstr(text, "\ndecision_maker=1\n"));
    clm_client *d = NULL;
    assert_int_equal(clm_client_decode(&d, text, len), 0);
    assert_true(clm_client_equal(c, d));
    assert_int_equal(clm_client_history_count(d), clm_client_history_count(c));
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, d, clm_client_history_count(d) - 1), 0);
    assert_string_equal(ch.user, "u|x");
    assert_string_equal(ch.role, "r\\y");
    assert_int_equal(ch.at, -5);
    /* re-encoding is byte-identical */
    char *again = NULL;
    assert_int_equal(clm_client_encode(&again, NULL, d), 0);
    assert_string_equal(text, again);
    /* the text need not be NUL-terminated */
    char *copy = malloc(len);
    memcpy(copy, text, len);
    clm_client *e = NULL;
    assert_int_equal(clm_client_decode(&e, copy, len), 0);
    assert_true(clm_client_equal(c, e));
    free(copy);
    clm_free(again);
    clm_free(text);
    clm_client_free(e);
    clm_client_free(d);
    /* a minimal client */
    c = (clm_client_free(c), make(CLM_INDIVIDUAL, "I"));
    assert_int_equal(clm_client_encode(&text, NULL, c), 0);
    assert_int_equal(clm_client_decode(&d, text, strlen(text)), 0);
    assert_true(clm_client_equal(c, d));
    clm_free(text);
    clm_client_free(d);
    clm_client_free(c);
    assert_int_equal(clm_client_encode(NULL, NULL, c), CLM_EINVAL);
    assert_int_equal(clm_client_encode(&text, NULL, NULL), CLM_EINVAL);
}

/* Escapes written where the encoding's buffer runs out: a notes text
 * longer than the buffer reserved up front, with an escaped byte at
 * every 7th position, and a name with every escaped ASCII byte the
 * setters accept, in their exact form. */
static void test_codec_escape_long(void **state)
{
    (void)state;
    clm_client *c = make(CLM_LEGAL_ENTITY, "A\\B|C\u00e9 D");
    char notes[1201], want[1200 * 4 + 1];
    size_t w = 0;
    for (size_t i = 0; i < 1200; i++) {
        char ch = i % 7 == 6 ? "|\\\n\t"[i / 7 % 4] : (char)('a' + i % 26);
        notes[i] = ch;
        const char *e = ch == '|' ? "\\|" : ch == '\\' ? "\\\\" : ch == '\n' ? "\\n"
                        : ch == '\t' ? "\\x09" : NULL;
        if (e != NULL) {
            memcpy(want + w, e, strlen(e));
            w += strlen(e);
        } else {
            want[w++] = ch;
        }
    }
    notes[1200] = '\0';
    want[w] = '\0';
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NOTES, notes), 0);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(clm_client_encode(&text, &len, c), 0);
    assert_int_equal(strlen(text), len);
    assert_non_null(strstr(text, "\nname=A\\\\B\\|C\u00e9 D\n"));
    char line[sizeof want + 16];
    snprintf(line, sizeof line, "\nnotes=%s\n", want);
    assert_non_null(strstr(text, line));
    clm_client *d = NULL;
    assert_int_equal(clm_client_decode(&d, text, len), 0);
    assert_string_equal(clm_client_text_get(d, CLM_CLIENT_NOTES), notes);
    assert_true(clm_client_equal(c, d));
    clm_free(text);
    clm_client_free(d);
    clm_client_free(c);
}

static void decode_fails(const char *text, int code, int line)
{
    clm_client *d = (clm_client *)0x1;
    assert_int_equal(clm_client_decode(&d, text, strlen(text)), code);
    assert_ptr_equal(d, (clm_client *)0x1);
    if (line > 0)
        assert_int_equal(clm_error_last()->line, line);
}

/* The times of history entries are written in decimal by the codec's own
 * integer writer: the extremes, zero and a negative time, exactly as
 * printf's "%lld" writes them, and read back. */
static void test_codec_history_times(void **state)
{
    (void)state;
    clm_client *c = NULL;
    clm_actor a = { "u", "r", INT64_MIN };
    assert_int_equal(clm_client_new(&c, &a, "c-t", CLM_INDIVIDUAL, "T"), 0);
    const int64_t times[] = { INT64_MAX, 0, -1, 1700000000, -1700000000 };
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        a.at = times[i];
        assert_int_equal(clm_client_set_flag(c, &a, CLM_CLIENT_DEBTOR, i % 2 == 0), 0);
    }
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(clm_client_encode(&text, &len, c), 0);
    assert_memory_equal(text, "clm-client 1\n", 13);
    char want[64];
    snprintf(want, sizeof want, "history=u|r|%lld|", (long long)INT64_MIN);
    assert_non_null(strstr(text, want));
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        snprintf(want, sizeof want, "\nhistory=u|r|%lld|", (long long)times[i]);
        assert_non_null(strstr(text, want));
    }
    clm_client *d = NULL;
    assert_int_equal(clm_client_decode(&d, text, len), 0);
    assert_true(clm_client_equal(c, d));
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, d, 0), 0);
    assert_true(ch.at == INT64_MIN);
    assert_int_equal(clm_client_history_at(&ch, d, 1), 0);
    assert_true(ch.at == INT64_MAX);
    clm_free(text);
    clm_client_free(c);
    clm_client_free(d);
}

static void test_codec_errors(void **state)
{
    (void)state;
    const char *H = "clm-client 1\nid=x\nlegal_type=individual\n";
    char buf[512];
    decode_fails("", CLM_EPARSE, 1);
    decode_fails("clm-client 2\nid=x\n", CLM_EVERSION, 1);
    decode_fails("clm-contact 1\n", CLM_EPARSE, 1);
    decode_fails("clm-client 1\n", CLM_EPARSE, 0);
    decode_fails("clm-client 1\nlegal_type=individual\nid=x\nname=n\n", CLM_EPARSE, 2);
    decode_fails("clm-client 1\nid=x\nlegal_type=robot\nname=n\n", CLM_EPARSE, 3);
    struct { const char *tail; int line; } cases[] = {
        { "name=n\nstate=potential\nstate=new\n", 6 },          /* duplicate */
        { "name=n\ncolour=red\n", 5 },                          /* unknown key */
        { "name=n\nno equals sign\n", 5 },
        { "name=n\nstate=gone\n", 5 },
        { "name=n\nsource=pigeon\n", 5 },
        { "name=n\nfirst_deal=2025-02-30\n", 5 },
        { "name=n\nfirst_deal=25-02-01\n", 5 },
        { "name=n\ndebtor=yes\n", 5 },
        { "name=n\nemail=not-an-email\n", 5 },
        { "name=n\ncountry=Russia\n", 5 },
        { "name=n\nnotes=bad\\q escape\n", 5 },
        { "name=n\nnotes=bad\\x41 escape\n", 5 },            /* \x only for controls */
        { "name=n\nnotes=trailing\\\n", 5 },
        { "name=n\nnotes=raw | pipe\n", 5 },
        { "name=n\nid.R.INN=1\n", 5 },
        { "name=n\nid.RU.INN=1\nid.RU.INN=2\n", 6 },
        { "name=n\nperson=a|b|c\n", 5 },
        { "name=n\nperson=|b||\n", 5 },
        { "name=n\nperson=a|||x@\n", 5 },
        { "name=n\ncategory=k\ncategory=k\n", 6 },
        { "name=n\nhistory=u|r|x|f|||\n", 5 },
        { "name=n\nhistory=u|r|1|f||\n", 5 },
        { "name=n\nhistory=|r|1|f|||\n", 5 },
        { "name=n\nhistory=u|r|1|f|\xff||\n", 5 },
        { "name=n\nnotes=\xe2\x82\n", 5 },
        { "name=n\ndecision_maker=0\n", 0 },                    /* no such person */
        { "name=n\ndecision_maker=-1\n", 5 },
        { "name=n\nlost_to=Rival\n", 0 },                       /* not lost */
        { "state=new\n", 0 },                                   /* no name */
        { "name=n", 4 },                                        /* no final LF */
        { "name=\n", 4 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(buf, sizeof(buf), "%s%s", H, cases[i].tail);
        decode_fails(buf, CLM_EPARSE, cases[i].line);
    }
    /* an embedded NUL */
    clm_client *d = NULL;
    assert_int_equal(clm_client_decode(&d, "clm-client 1\nid=x\0\n", 19), CLM_EPARSE);
    assert_int_equal(clm_client_decode(&d, "x", (size_t)17 * 1024 * 1024), CLM_ELIMIT);
    assert_int_equal(clm_client_decode(NULL, "x", 1), CLM_EINVAL);
    assert_int_equal(clm_client_decode(&d, NULL, 1), CLM_EINVAL);
    /* and a good one built by hand */
    snprintf(buf, sizeof(buf), "%s%s", H,
             "state=lost\nlost_to=Rival\nname=n\nperson=a|||\ndecision_maker=0\n"
             "history=u|r|1|f|||\n");
    assert_int_equal(clm_client_decode(&d, buf, strlen(buf)), 0);
    assert_int_equal(clm_client_decision_maker(d), 0);
    assert_string_equal(clm_client_lost_to(d), "Rival");
    clm_client_free(d);
}

/* ---- OOM: every call that allocates ------------------------------------- */

typedef struct ost {
    clm_client *c;
    clm_client *snap;
    clm_client *made;
    char *text;
} ost;

static void *setup_full(void)
{
    ost *s = calloc(1, sizeof(*s));
    s->c = make_full();
    assert_int_equal(clm_client_dup(&s->snap, s->c), 0);
    return s;
}

static void *setup_active_dm(void)
{
    ost *s = calloc(1, sizeof(*s));
    s->c = make_org();
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = "Anna";
    assert_int_equal(clm_client_person_add(s->c, &MGR, &p), 0);
    assert_int_equal(clm_client_set_decision_maker(s->c, &MGR, 0), 0);
    assert_int_equal(clm_client_set_state(s->c, &MGR, CLM_CLIENT_NEW, NULL), 0);
    assert_int_equal(clm_client_set_state(s->c, &MGR, CLM_CLIENT_ACTIVE, NULL), 0);
    assert_int_equal(clm_client_dup(&s->snap, s->c), 0);
    return s;
}

static bool unchanged(void *state)
{
    ost *s = state;
    return clm_client_equal(s->c, s->snap) && s->made == NULL && s->text == NULL;
}

static void teardown(void *state)
{
    ost *s = state;
    clm_client_free(s->c);
    clm_client_free(s->snap);
    clm_client_free(s->made);
    clm_free(s->text);
    free(s);
}

static int op_new(void *st)
{
    ost *s = st;
    return clm_client_new(&s->made, &MGR, "id-9", CLM_INDIVIDUAL, "Name");
}
static int op_text(void *st)
{
    return clm_client_set_text(((ost *)st)->c, &MGR, CLM_CLIENT_REGION, "Tver");
}
static int op_date(void *st)
{
    return clm_client_set_date(((ost *)st)->c, &MGR, CLM_CLIENT_LAST_PURCHASE, 20000);
}
static int op_flag(void *st)
{
    return clm_client_set_flag(((ost *)st)->c, &MGR, CLM_CLIENT_FOREIGN, true);
}
static int op_source(void *st)
{
    return clm_client_set_source(((ost *)st)->c, &MGR, CLM_SOURCE_WEBSITE);
}
static int op_legal(void *st)
{
    return clm_client_set_legal_type(((ost *)st)->c, &MGR, CLM_SOLE_TRADER);
}
static int op_taxid_new(void *st)
{
    return clm_client_set_taxid(((ost *)st)->c, &MGR, NULL, "RU", "KPP", "773601001");
}
static int op_taxid_replace(void *st)
{
    return clm_client_set_taxid(((ost *)st)->c, &MGR, NULL, "RU", "INN", "5001007329");
}
static int op_taxid_remove(void *st)
{
    return clm_client_set_taxid(((ost *)st)->c, &MGR, NULL, "RU", "INN", NULL);
}
static int op_person_add(void *st)
{
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = "New";
    p.position = "boss";
    p.phone = "+7 900 123-45-67";
    p.email = "new@x.ru";
    return clm_client_person_add(((ost *)st)->c, &MGR, &p);
}
static int op_person_remove_dm(void *st)
{
    return clm_client_person_remove(((ost *)st)->c, &MGR, 0);
}
static int op_dm(void *st)
{
    return clm_client_set_decision_maker(((ost *)st)->c, &MGR, CLM_CLIENT_NO_PERSON);
}
static int op_lost(void *st)
{
    return clm_client_set_state(((ost *)st)->c, &MGR, CLM_CLIENT_LOST, "Rival");
}
static int op_reassign(void *st)
{
    return clm_client_reassign(((ost *)st)->c, &HEAD, "sidorov");
}
static int op_cat_add(void *st)
{
    return clm_client_category_add(((ost *)st)->c, &HEAD, "aaa", "manual", NULL);
}
static int op_cat_remove(void *st)
{
    return clm_client_category_remove(((ost *)st)->c, &HEAD, "key", "manual", NULL);
}
static int op_dup(void *st)
{
    ost *s = st;
    return clm_client_dup(&s->made, s->c);
}
static int op_encode(void *st)
{
    ost *s = st;
    return clm_client_encode(&s->text, NULL, s->c);
}
static char *g_encoded;   /* made before the walk, not under it */

static int op_decode_full(void *st)
{
    ost *s = st;
    return clm_client_decode(&s->made, g_encoded, strlen(g_encoded));
}

static int op_authority(void *st)
{
    (void)st;
    clm_category_authority *a = NULL;
    int rc = clm_category_authority_new(&a, 0);
    if (rc == 0)
        rc = clm_category_authority_allow(a, "key", "head_of_department");
    clm_category_authority_free(a);
    return rc;
}

static void run_oom(void *(*setup)(void), int (*op)(void *))
{
    oom_case oc = { setup, op, unchanged, teardown };
    assert_true(oom_check(&oc) >= 1);
}

static void test_oom(void **state)
{
    (void)state;
    run_oom(setup_full, op_new);
    run_oom(setup_full, op_text);
    run_oom(setup_full, op_date);
    run_oom(setup_full, op_flag);
    run_oom(setup_full, op_source);
    run_oom(setup_full, op_legal);
    run_oom(setup_full, op_taxid_new);
    run_oom(setup_full, op_taxid_replace);
    run_oom(setup_full, op_taxid_remove);
    run_oom(setup_full, op_person_add);
    run_oom(setup_active_dm, op_person_remove_dm);
    run_oom(setup_active_dm, op_dm);
    run_oom(setup_active_dm, op_lost);
    run_oom(setup_full, op_reassign);
    run_oom(setup_full, op_cat_add);
    run_oom(setup_full, op_cat_remove);
    run_oom(setup_full, op_dup);
    run_oom(setup_full, op_encode);
    oom_case oa = { NULL, op_authority, NULL, NULL };
    assert_true(oom_check(&oa) >= 3);
    clm_client *c = make_full();
    assert_int_equal(clm_client_encode(&g_encoded, NULL, c), 0);
    clm_client_free(c);
    run_oom(setup_full, op_decode_full);
    clm_free(g_encoded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_defaults),
        cmocka_unit_test(test_new_bad_input),
        cmocka_unit_test(test_text_fields),
        cmocka_unit_test(test_enum_date_flag_fields),
        cmocka_unit_test(test_taxids),
        cmocka_unit_test(test_taxid_user_validator),
        cmocka_unit_test(test_persons),
        cmocka_unit_test(test_lifecycle_table),
        cmocka_unit_test(test_lost_to),
        cmocka_unit_test(test_inactivity),
        cmocka_unit_test(test_reassign),
        cmocka_unit_test(test_categories),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_conversion),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_codec_roundtrip),
        cmocka_unit_test(test_codec_escape_long),
        cmocka_unit_test(test_codec_history_times),
        cmocka_unit_test(test_codec_errors),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
