/*
 * client_import_test.c — importing an existing client in its own state
 * (one "imported" history entry), the refusals that leave everything as it
 * was, a deal dated in the future refused at the client, and
 * clm_client_check() reporting every problem at once (also under OOM).
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

/* 2026-12-04 12:00 UTC */
static const clm_actor LOADER = { "etl", "system", 1796385600 };
static const clm_actor IMPORTER = { "petrova", "head_of_department", 1796385600 };

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

/* A draft of a key client since 2019, built with the ordinary setters. */
static clm_client *draft(void)
{
    clm_client *c = NULL;
    assert_int_equal(clm_client_new(&c, &LOADER, "C-7", CLM_LEGAL_ENTITY, "Vostok"), 0);
    assert_int_equal(clm_client_set_text(c, &LOADER, CLM_CLIENT_LEGAL_NAME, "OOO Vostok"), 0);
    assert_int_equal(clm_client_set_taxid(c, &LOADER, NULL, "RU", "INN", "7707083893"), 0);
    assert_int_equal(clm_client_set_taxid(c, &LOADER, NULL, "RU", "OGRN", "1027700132195"), 0);
    assert_int_equal(clm_client_set_text(c, &LOADER, CLM_CLIENT_PHONE, "+7 495 500-55-50"), 0);
    assert_int_equal(clm_client_reassign(c, &LOADER, "ivanov"), 0);
    assert_int_equal(clm_client_set_date(c, &LOADER, CLM_CLIENT_FIRST_CONTACT, D(2019, 2, 1)), 0);
    assert_int_equal(clm_client_set_date(c, &LOADER, CLM_CLIENT_FIRST_DEAL, D(2019, 3, 15)), 0);
    assert_int_equal(clm_client_set_date(c, &LOADER, CLM_CLIENT_LAST_PURCHASE, D(2026, 11, 30)), 0);
    assert_int_equal(clm_client_category_add(c, &LOADER, "key", "manual: 1C", NULL), 0);
    return c;
}

static void test_import_key_client(void **state)
{
    (void)state;
    clm_client *d = draft(), *c = NULL;
    assert_int_equal(clm_client_import(&c, &IMPORTER, d, CLM_CLIENT_KEY, NULL, "1C export of 2026-12-01"), 0);
    assert_int_equal(clm_client_state_get(c), CLM_CLIENT_KEY);
    assert_string_equal(clm_client_id(c), "C-7");
    assert_string_equal(clm_client_text_get(c, CLM_CLIENT_LEGAL_NAME), "OOO Vostok");
    assert_string_equal(clm_client_taxid(c, "RU", "INN"), "7707083893");
    assert_string_equal(clm_client_manager(c), "ivanov");
    assert_int_equal(clm_client_date_get(c, CLM_CLIENT_FIRST_DEAL), D(2019, 3, 15));
    assert_int_equal(clm_client_date_get(c, CLM_CLIENT_LAST_PURCHASE), D(2026, 11, 30));
    assert_int_equal(clm_client_has_category(c, "key"), 1);
    /* one history entry: who, when, what */
    assert_int_equal(clm_client_history_count(c), 1);
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, 0), 0);
    assert_string_equal(ch.field, "imported");
    assert_string_equal(ch.user, "petrova");
    assert_string_equal(ch.role, "head_of_department");
    assert_int_equal(ch.at, 1796385600);
    assert_string_equal(ch.old_value, "");
    assert_string_equal(ch.new_value, "key");
    assert_string_equal(ch.reason, "1C export of 2026-12-01");
    /* it is a full client: valid, encodes and decodes with its history */
    assert_int_equal(clm_client_validate(c, NULL), 0);
    char *text = NULL;
    assert_int_equal(clm_client_encode(&text, NULL, c), 0);
    clm_client *back = NULL;
    assert_int_equal(clm_client_decode(&back, text, strlen(text)), 0);
    assert_int_equal(clm_client_equal(back, c), 1);
    /* and it moves on by the lifecycle table from its imported state */
    assert_int_equal(clm_client_set_state(c, &IMPORTER, CLM_CLIENT_REGULAR, NULL), 0);
    assert_int_equal(clm_client_set_state(c, &IMPORTER, CLM_CLIENT_NEW, NULL), CLM_ESTATE);
    clm_free(text);
    clm_client_free(back);
    clm_client_free(c);
    clm_client_free(d);
}

static void test_import_lost_and_lead(void **state)
{
    (void)state;
    clm_client *d = draft(), *c = NULL;
    assert_int_equal(clm_client_import(&c, &IMPORTER, d, CLM_CLIENT_LOST, "Zapad", NULL), 0);
    assert_string_equal(clm_client_lost_to(c), "Zapad");
    clm_client_change ch;
    assert_int_equal(clm_client_history_at(&ch, c, 0), 0);
    assert_string_equal(ch.new_value, "lost");
    assert_string_equal(ch.reason, "");
    clm_client_free(c);
    clm_client_free(d);

    /* a lead without deals */
    assert_int_equal(clm_client_new(&d, &LOADER, "L-1", CLM_INDIVIDUAL, "Petrov"), 0);
    assert_int_equal(clm_client_set_date(d, &LOADER, CLM_CLIENT_FIRST_CONTACT, D(2026, 10, 1)), 0);
    assert_int_equal(clm_client_import(&c, &IMPORTER, d, CLM_CLIENT_INTERESTED, NULL, NULL), 0);
    assert_int_equal(clm_client_state_get(c), CLM_CLIENT_INTERESTED);
    assert_int_equal(clm_client_history_count(c), 1);
    clm_client_free(c);
    clm_client_free(d);
}

/* Every refusal: the error, the field, *out untouched, the draft as it was. */
static void expect_refused(const clm_actor *a, clm_client *d, clm_client_state s,
                           const char *lost_to, const char *note, int code, const char *field)
{
    clm_client *before = NULL, *sentinel = (clm_client *)0x1;
    clm_client *out = sentinel;
    assert_int_equal(clm_client_dup(&before, d), 0);
    assert_int_equal(clm_client_import(&out, a, d, s, lost_to, note), code);
    assert_ptr_equal(out, sentinel);
    if (field != NULL)
        assert_string_equal(clm_error_last()->field, field);
    assert_int_equal(clm_client_equal(before, d), 1);
    clm_client_free(before);
}

static void test_import_refusals(void **state)
{
    (void)state;
    clm_client *d = draft();
    clm_client *out = NULL;
    assert_int_equal(clm_client_import(NULL, &IMPORTER, d, CLM_CLIENT_KEY, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_import(&out, &IMPORTER, NULL, CLM_CLIENT_KEY, NULL, NULL), CLM_EINVAL);
    clm_actor bad = { "", "x", 0 };
    expect_refused(&bad, d, CLM_CLIENT_KEY, NULL, NULL, CLM_EINVAL, NULL);
    expect_refused(&IMPORTER, d, (clm_client_state)0, NULL, NULL, CLM_EINVAL, "state");
    expect_refused(&IMPORTER, d, (clm_client_state)99, NULL, NULL, CLM_EINVAL, "state");
    expect_refused(&IMPORTER, d, CLM_CLIENT_KEY, "Zapad", NULL, CLM_EINVAL, "lost_to");
    expect_refused(&IMPORTER, d, CLM_CLIENT_KEY, NULL, "two\nlines", CLM_EINVAL, "note");
    /* a lead with a deal; a lead with a purchase only */
    expect_refused(&IMPORTER, d, CLM_CLIENT_POTENTIAL, NULL, NULL, CLM_EINVAL, "first_deal");
    assert_int_equal(clm_client_set_date(d, &LOADER, CLM_CLIENT_FIRST_DEAL, CLM_CLIENT_NO_DATE), 0);
    expect_refused(&IMPORTER, d, CLM_CLIENT_INTERESTED, NULL, NULL, CLM_EINVAL, "last_purchase");
    /* a client without a first deal */
    expect_refused(&IMPORTER, d, CLM_CLIENT_ACTIVE, NULL, NULL, CLM_EINVAL, "first_deal");
    /* dates out of order */
    assert_int_equal(clm_client_set_date(d, &LOADER, CLM_CLIENT_FIRST_DEAL, D(2019, 1, 1)), 0);
    expect_refused(&IMPORTER, d, CLM_CLIENT_KEY, NULL, NULL, CLM_EINVAL, "first_deal");
    assert_int_equal(clm_client_set_date(d, &LOADER, CLM_CLIENT_FIRST_DEAL, D(2019, 3, 15)), 0);
    /* the import is a day before the last purchase: it has not happened yet */
    clm_actor early = IMPORTER;
    early.at = 1796385600 - 5 * 86400; /* 2026-11-29 */
    expect_refused(&early, d, CLM_CLIENT_KEY, NULL, NULL, CLM_EINVAL, "last_purchase");
    /* a first contact in the future */
    clm_client *lead = NULL;
    assert_int_equal(clm_client_new(&lead, &LOADER, "L-2", CLM_INDIVIDUAL, "Sidorov"), 0);
    assert_int_equal(clm_client_set_date(lead, &LOADER, CLM_CLIENT_FIRST_CONTACT, D(2027, 1, 1)), 0);
    expect_refused(&IMPORTER, lead, CLM_CLIENT_POTENTIAL, NULL, NULL, CLM_EINVAL, "first_contact");
    clm_client_free(lead);
    /* a moment whose day is outside the date range */
    clm_actor far = IMPORTER;
    far.at = INT64_MAX;
    expect_refused(&far, d, CLM_CLIENT_KEY, NULL, NULL, CLM_ERANGE, NULL);
    clm_client_free(d);
}

static void test_import_refuses_stored(void **state)
{
    (void)state;
    clm_store *st = NULL;
    assert_int_equal(clm_store_open_memory(&st), 0);
    clm_client *d = draft();
    assert_int_equal(clm_client_store_save(NULL, st, d, &LOADER, NULL), 0);
    expect_refused(&IMPORTER, d, CLM_CLIENT_KEY, NULL, NULL, CLM_EINVAL, "draft");
    clm_client_free(d);
    clm_store_free(st);
}

/* A deal or purchase dated after the day of the act is refused at the
 * client, not later by a category rule. */
static void test_set_date_future(void **state)
{
    (void)state;
    clm_client *c = draft(), *before = NULL;
    assert_int_equal(clm_client_dup(&before, c), 0);
    assert_int_equal(clm_client_set_date(c, &IMPORTER, CLM_CLIENT_LAST_PURCHASE, D(2026, 12, 5)),
                     CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "last_purchase");
    assert_non_null(strstr(clm_error_last()->message, "2026-12-05"));
    assert_int_equal(clm_client_set_date(c, &IMPORTER, CLM_CLIENT_FIRST_DEAL, D(2027, 1, 1)),
                     CLM_EINVAL);
    assert_int_equal(clm_client_equal(before, c), 1);
    /* the day of the act itself is fine, and so is a planned first contact */
    assert_int_equal(clm_client_set_date(c, &IMPORTER, CLM_CLIENT_LAST_PURCHASE, D(2026, 12, 4)), 0);
    assert_int_equal(clm_client_set_date(c, &IMPORTER, CLM_CLIENT_FIRST_CONTACT, D(2019, 1, 1)), 0);
    /* through an edit list too, which applies nothing */
    clm_client_edits *e = NULL;
    assert_int_equal(clm_client_edits_new(&e), 0);
    assert_int_equal(clm_client_edits_set_text(e, CLM_CLIENT_REGION, "Tver", NULL), 0);
    assert_int_equal(clm_client_edits_set_date(e, CLM_CLIENT_LAST_PURCHASE, D(2026, 12, 31), NULL), 0);
    clm_client_free(before);
    assert_int_equal(clm_client_dup(&before, c), 0);
    assert_int_equal(clm_client_apply(c, &IMPORTER, e, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_equal(before, c), 1);
    clm_client_edits_free(e);
    clm_client_free(before);
    clm_client_free(c);
}

/* ---- every finding at once ------------------------------------------------ */

static void expect_finding(const clm_client_findings *f, size_t i, const char *field,
                           const char *what)
{
    clm_client_finding x;
    assert_int_equal(clm_client_findings_at(&x, f, i), 0);
    assert_string_equal(x.field, field);
    assert_string_equal(x.what, what);
    assert_true(strlen(x.why) > 0);
}

static void test_check_all_findings(void **state)
{
    (void)state;
    /* a legal entity with no legal name, no OGRN, a bad KPP, no way to reach
     * it, dates out of order and a state that contradicts them */
    clm_client *c = NULL;
    assert_int_equal(clm_client_new(&c, &LOADER, "C-9", CLM_LEGAL_ENTITY, "Kedr"), 0);
    assert_int_equal(clm_client_set_taxid(c, &LOADER, NULL, "RU", "INN", "7707083893"), 0);
    assert_int_equal(clm_client_set_date(c, &LOADER, CLM_CLIENT_FIRST_CONTACT, D(2025, 5, 1)), 0);
    assert_int_equal(clm_client_set_date(c, &LOADER, CLM_CLIENT_FIRST_DEAL, D(2025, 4, 1)), 0);
    /* a 10-digit INN on an individual fails its validator */
    assert_int_equal(clm_client_set_legal_type(c, &LOADER, CLM_INDIVIDUAL), 0);
    assert_int_equal(clm_client_set_legal_type(c, &LOADER, CLM_LEGAL_ENTITY), 0);

    clm_client_findings *f = NULL;
    assert_int_equal(clm_client_check(&f, c, NULL, CLM_CLIENT_NO_DATE), 0);
    assert_int_equal(clm_client_findings_count(f), 5);
    expect_finding(f, 0, "legal_name", "required");
    expect_finding(f, 1, "id.RU.OGRN", "required");
    expect_finding(f, 2, "phone", "required");
    expect_finding(f, 3, "first_deal", "order");
    expect_finding(f, 4, "state", "inconsistent");
    /* clm_client_validate reports the first of them */
    assert_int_equal(clm_client_validate(c, NULL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "legal_name");
    clm_client_finding x;
    assert_int_equal(clm_client_findings_at(&x, f, 5), CLM_ERANGE);
    assert_int_equal(clm_client_findings_at(NULL, f, 0), CLM_EINVAL);
    assert_int_equal(clm_client_findings_at(&x, NULL, 0), CLM_EINVAL);
    clm_client_findings_free(f);

    /* an identifier that fails its validator is a finding, with its reason */
    assert_int_equal(clm_client_set_legal_type(c, &LOADER, CLM_INDIVIDUAL), 0);
    assert_int_equal(clm_client_check(&f, c, NULL, CLM_CLIENT_NO_DATE), 0);
    expect_finding(f, 0, "id.RU.INN", "invalid");
    clm_client_findings_free(f);
    clm_client_free(c);
}

static void test_check_future_and_valid(void **state)
{
    (void)state;
    clm_client *d = draft(), *c = NULL;
    assert_int_equal(clm_client_import(&c, &IMPORTER, d, CLM_CLIENT_KEY, NULL, NULL), 0);
    clm_client_free(d);
    clm_client_findings *f = NULL;
    assert_int_equal(clm_client_check(&f, c, NULL, D(2026, 12, 4)), 0);
    assert_int_equal(clm_client_findings_count(f), 0);
    clm_client_findings_free(f);
    /* the same client checked as of a day before its last purchase */
    assert_int_equal(clm_client_check(&f, c, NULL, D(2026, 11, 29)), 0);
    assert_int_equal(clm_client_findings_count(f), 1);
    expect_finding(f, 0, "last_purchase", "future");
    clm_client_finding x;
    assert_int_equal(clm_client_findings_at(&x, f, 0), 0);
    assert_non_null(strstr(x.why, "2026-11-30"));
    clm_client_findings_free(f);
    /* bad arguments leave *out untouched */
    clm_client_findings *sentinel = (clm_client_findings *)0x1;
    f = sentinel;
    assert_int_equal(clm_client_check(NULL, c, NULL, CLM_CLIENT_NO_DATE), CLM_EINVAL);
    assert_int_equal(clm_client_check(&f, NULL, NULL, CLM_CLIENT_NO_DATE), CLM_EINVAL);
    assert_int_equal(clm_client_check(&f, c, NULL, CLM_DATE_MAX + 1), CLM_ERANGE);
    clm_client_validate_options o = CLM_CLIENT_VALIDATE_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(clm_client_check(&f, c, &o, CLM_CLIENT_NO_DATE), CLM_EVERSION);
    o.version = CLM_CLIENT_VALIDATE_OPTIONS_VERSION;
    o.home_country = "ru";
    assert_int_equal(clm_client_check(&f, c, &o, CLM_CLIENT_NO_DATE), CLM_EINVAL);
    assert_ptr_equal(f, sentinel);
    assert_int_equal(clm_client_findings_count(NULL), 0);
    clm_client_findings_free(NULL);
    clm_client_free(c);
}

/* ---- OOM -------------------------------------------------------------- */

typedef struct ost {
    clm_client *draft, *copy, *made;
    clm_client_findings *f;
} ost;

static void *setup(void)
{
    ost *s = calloc(1, sizeof *s);
    s->draft = draft();
    assert_int_equal(clm_client_set_text(s->draft, &LOADER, CLM_CLIENT_PHONE, NULL), 0);
    assert_int_equal(clm_client_dup(&s->copy, s->draft), 0);
    return s;
}
static bool unchanged(void *st)
{
    ost *s = st;
    return clm_client_equal(s->draft, s->copy) && s->made == NULL && s->f == NULL;
}
static void teardown(void *st)
{
    ost *s = st;
    clm_client_free(s->draft);
    clm_client_free(s->copy);
    clm_client_free(s->made);
    clm_client_findings_free(s->f);
    free(s);
}
static int op_import(void *st)
{
    ost *s = st;
    return clm_client_import(&s->made, &IMPORTER, s->draft, CLM_CLIENT_LOST, "Zapad", "note");
}
static int op_check(void *st)
{
    ost *s = st;
    return clm_client_check(&s->f, s->draft, NULL, D(2020, 1, 1));
}

static void test_oom(void **state)
{
    (void)state;
    oom_case a = { setup, op_import, unchanged, teardown };
    assert_true(oom_check(&a) >= 2);
    oom_case b = { setup, op_check, unchanged, teardown };
    assert_true(oom_check(&b) >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_key_client),
        cmocka_unit_test(test_import_lost_and_lead),
        cmocka_unit_test(test_import_refusals),
        cmocka_unit_test(test_import_refuses_stored),
        cmocka_unit_test(test_set_date_future),
        cmocka_unit_test(test_check_all_findings),
        cmocka_unit_test(test_check_future_and_valid),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
