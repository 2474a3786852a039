/*
 * idcheck_test.c — Russian identifier checksums, e-mail and phone shapes,
 * and the pluggable registry of identifier validators.
 *
 * Every valid number below has its check digit(s) computed by hand with
 * the published algorithm (the comments show the arithmetic); each invalid
 * one differs from a valid one in one place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "oom.h"

static void test_inn10(void **state)
{
    (void)state;
    /* Sberbank: 7707083893. 2*7+4*7+10*0+3*7+5*0+9*8+4*3+6*8+8*9 = 14+28+0+21+
     * 0+72+12+48+72 = 267; 267 mod 11 = 3; 3 mod 10 = 3 = n10. */
    assert_int_equal(clm_inn_check("7707083893", CLM_LEGAL_ENTITY), 0);
    /* 500100732 -> sum 2*5+4*0+10*0+3*1+5*0+9*0+4*7+6*3+8*2 = 75; 75 mod 11 = 9. */
    assert_int_equal(clm_inn_check("5001007329", CLM_LEGAL_ENTITY), 0);
    /* sum mod 11 = 10 -> check digit 0 (the "mod 10" step matters). */
    assert_int_equal(clm_inn_check("7707000030", CLM_LEGAL_ENTITY), 0);
    assert_int_equal(clm_inn_check("7707000030", 0), 0);
    /* one digit changed */
    assert_int_equal(clm_inn_check("7707083894", CLM_LEGAL_ENTITY), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "inn");
    /* the message names the position and the digit the checksum wants (3) */
    assert_string_equal(clm_error_last()->message,
                        "inn: check digit at position 10 is 4, the checksum expects 3");
    assert_int_equal(clm_inn_check("7707083983", CLM_LEGAL_ENTITY), CLM_EINVAL);
    /* an organisation's INN on an individual: wrong length */
    assert_int_equal(clm_inn_check("7707083893", CLM_INDIVIDUAL), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "10 digits"));
}

static void test_inn12(void **state)
{
    (void)state;
    /* 5003012345: n11 = (7*5+2*0+4*0+10*3+3*0+5*1+9*2+4*3+6*4+8*5) = 164;
     * 164 mod 11 = 10 -> 0. n12 over 50030123450 with 3,7,2,4,10,3,5,9,4,6,8:
     * 15+0+0+12+0+3+10+27+16+30+0 = 113; 113 mod 11 = 3. */
    assert_int_equal(clm_inn_check("500301234503", CLM_INDIVIDUAL), 0);
    assert_int_equal(clm_inn_check("500301234503", CLM_SOLE_TRADER), 0);
    assert_int_equal(clm_inn_check("774301390193", CLM_INDIVIDUAL), 0);
    assert_int_equal(clm_inn_check("500000000029", 0), 0);
    /* n11 wrong, n12 wrong */
    assert_int_equal(clm_inn_check("500301234513", CLM_INDIVIDUAL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->message,
                        "inn: check digit at position 11 is 1, the checksum expects 0");
    assert_int_equal(clm_inn_check("500301234504", CLM_INDIVIDUAL), CLM_EINVAL);
    assert_string_equal(clm_error_last()->message,
                        "inn: check digit at position 12 is 4, the checksum expects 3");
    /* an individual's INN on an organisation */
    assert_int_equal(clm_inn_check("500301234503", CLM_LEGAL_ENTITY), CLM_EINVAL);
}

static void test_inn_bad_input(void **state)
{
    (void)state;
    assert_int_equal(clm_inn_check(NULL, 0), CLM_EINVAL);
    assert_int_equal(clm_inn_check("", 0), CLM_EINVAL);
    assert_int_equal(clm_inn_check("77070838 3", 0), CLM_EINVAL);
    assert_int_equal(clm_inn_check("770708389", 0), CLM_EINVAL);     /* 9 digits */
    assert_int_equal(clm_inn_check("77070838933", 0), CLM_EINVAL);   /* 11 digits */
    assert_int_equal(clm_inn_check("+707083893", 0), CLM_EINVAL);
    assert_int_equal(clm_inn_check("7707083893", 7), CLM_EINVAL);    /* bad type */
}

static void test_ogrn(void **state)
{
    (void)state;
    /* Sberbank: 102770013219 mod 11 = 5 -> 1027700132195. */
    assert_int_equal(clm_ogrn_check("1027700132195"), 0);
    assert_int_equal(clm_ogrn_check("1025000000002"), 0);   /* mod 11 = 2 */
    assert_int_equal(clm_ogrn_check("5123456789011"), 0);   /* first digit 5 */
    assert_int_equal(clm_ogrn_check("1027700132020"), 0);   /* mod 11 = 10 -> 0 */
    assert_int_equal(clm_ogrn_check("1027700132196"), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "ogrn");
    /* right checksum but a first digit that marks another kind of record:
     * 202770013219 mod 11 = 7 */
    assert_int_equal(clm_ogrn_check("2027700132197"), CLM_EINVAL);
    assert_int_equal(clm_ogrn_check("102770013219"), CLM_EINVAL);
    assert_int_equal(clm_ogrn_check("10277001321955"), CLM_EINVAL);
    assert_int_equal(clm_ogrn_check("1027700l32195"), CLM_EINVAL);
    assert_int_equal(clm_ogrn_check(NULL), CLM_EINVAL);
}

static void test_ogrnip(void **state)
{
    (void)state;
    /* 30450011600015 mod 13 = 7 -> 304500116000157. */
    assert_int_equal(clm_ogrnip_check("304500116000157"), 0);
    assert_int_equal(clm_ogrnip_check("314774600000120"), 0);
    /* 30450011600005 mod 13 = 10 -> check digit 0 */
    assert_int_equal(clm_ogrnip_check("304500116000050"), 0);
    assert_int_equal(clm_ogrnip_check("304500116000158"), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "ogrnip");
    assert_string_equal(clm_error_last()->message,
                        "ogrnip: check digit at position 15 is 8, the checksum expects 7");
    /* an OGRN is not an OGRNIP */
    assert_int_equal(clm_ogrnip_check("1027700132195"), CLM_EINVAL);
    assert_int_equal(clm_ogrnip_check("3045001160001570"), CLM_EINVAL);
    assert_int_equal(clm_ogrnip_check(NULL), CLM_EINVAL);
}

static void test_kpp(void **state)
{
    (void)state;
    assert_int_equal(clm_kpp_check("773601001"), 0);
    assert_int_equal(clm_kpp_check("7736AB001"), 0);
    assert_int_equal(clm_kpp_check("77360100"), CLM_EINVAL);
    assert_int_equal(clm_kpp_check("7736ab001"), CLM_EINVAL);
    assert_int_equal(clm_kpp_check("A73601001"), CLM_EINVAL);
    assert_int_equal(clm_kpp_check(NULL), CLM_EINVAL);
}

static void test_email(void **state)
{
    (void)state;
    const char *good[] = { "a@b.ru", "ivan.petrov@example.com", "sales+crm@mail.co.uk",
                           "o'brien@x-y.org", "\xd0\xb8@\xd0\xbf\xd1\x80.\xd1\x80\xd1\x84" };
    const char *bad[] = { "", "plain", "@b.ru", "a@", "a@@b.ru", "a@b@c.ru", "a@b",
                          ".a@b.ru", "a.@b.ru", "a..b@c.ru", "a@-b.ru", "a@b-.ru",
                          "a@b..ru", "a@b.r", "a@b.r1", "a b@c.ru", "a@b c.ru",
                          "a@b.ru.", "a\n@b.ru" };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_int_equal(clm_email_check(good[i]), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(clm_email_check(bad[i]), CLM_EINVAL);
        assert_string_equal(clm_error_last()->field, "email");
    }
    char longlocal[80];
    memset(longlocal, 'a', 65);
    strcpy(longlocal + 65, "@b.ru");
    assert_int_equal(clm_email_check(longlocal), CLM_EINVAL);
    assert_int_equal(clm_email_check(NULL), CLM_EINVAL);
}

static void test_phone(void **state)
{
    (void)state;
    const char *good[] = { "+7 495 123-45-67", "+7 (495) 123-45-67", "84951234567",
                           "12345", "+44.20.7946.0958", "(495) 1234567",
                           "+123456789012345" };
    const char *bad[] = { "", "1234", "+1234567890123456", "+7 495  1234567",
                          "7+495", "+7 (495 123", "+7 495) 123", "+7 (495) (12) 3",
                          "+7-", "abc12345", "+7 495 123 45 6x", "-7 495 1234567",
                          "+ 7 495 1234567", "()12345" };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_int_equal(clm_phone_check(good[i]), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(clm_phone_check(bad[i]), CLM_EINVAL);
        assert_string_equal(clm_error_last()->field, "phone");
    }
    assert_int_equal(clm_phone_check(NULL), CLM_EINVAL);
}

static void test_builtin_registry(void **state)
{
    (void)state;
    const clm_idcheck_registry *b = clm_idcheck_registry_builtin();
    assert_int_equal(clm_idcheck_count(b), 4);
    const char *country, *kind;
    unsigned int req;
    assert_int_equal(clm_idcheck_at(&country, &kind, &req, b, 0), 0);
    assert_string_equal(country, "RU");
    assert_string_equal(kind, "INN");
    assert_int_equal(req, CLM_LEGAL_BIT(CLM_LEGAL_ENTITY) | CLM_LEGAL_BIT(CLM_SOLE_TRADER));
    assert_int_equal(clm_idcheck_at(NULL, NULL, NULL, b, 4), CLM_ERANGE);

    int known = -1;
    assert_int_equal(clm_idcheck(NULL, "RU", "INN", CLM_LEGAL_ENTITY, "7707083893", &known), 0);
    assert_int_equal(known, 1);
    assert_int_equal(clm_idcheck(NULL, "RU", "INN", CLM_INDIVIDUAL, "7707083893", &known),
                     CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id.RU.INN");
    /* OGRN on a sole trader, OGRNIP on an organisation, KPP on a person */
    assert_int_equal(clm_idcheck(NULL, "RU", "OGRN", CLM_SOLE_TRADER, "1027700132195", NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_idcheck(NULL, "RU", "OGRNIP", CLM_LEGAL_ENTITY, "304500116000157",
                                 NULL), CLM_EINVAL);
    assert_int_equal(clm_idcheck(NULL, "RU", "KPP", CLM_INDIVIDUAL, "773601001", NULL),
                     CLM_EINVAL);
    /* no validator: accepted, known = 0 */
    assert_int_equal(clm_idcheck(NULL, "DE", "USTID", CLM_LEGAL_ENTITY, "anything", &known), 0);
    assert_int_equal(known, 0);
    /* bad names */
    assert_int_equal(clm_idcheck(NULL, "ru", "INN", CLM_LEGAL_ENTITY, "7707083893", NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_idcheck(NULL, "RU", "inn", CLM_LEGAL_ENTITY, "7707083893", NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_idcheck(NULL, "RU", "INN", 0, "7707083893", NULL), CLM_EINVAL);
    assert_int_equal(clm_idcheck(NULL, "RU", "INN", CLM_LEGAL_ENTITY, NULL, NULL), CLM_EINVAL);
    /* the built-in registry is read-only */
    assert_int_equal(clm_idcheck_register((clm_idcheck_registry *)b, "DE", "X", 0,
                                          (clm_idcheck_fn)NULL, NULL), CLM_EINVAL);
}

typedef struct calls {
    int n;
    clm_legal_type last_type;
    char last_value[64];
} calls;

/* A German VAT id shape: "DE" + 9 digits (a user's validator). */
static int de_vat(const char *value, clm_legal_type t, char *reason, size_t size,
                  void *payload)
{
    calls *c = payload;
    c->n++;
    c->last_type = t;
    snprintf(c->last_value, sizeof(c->last_value), "%s", value);
    if (strlen(value) == 11 && value[0] == 'D' && value[1] == 'E')
        return 0;
    snprintf(reason, size, "expected DE and 9 digits");
    return 1;
}

static int failing(const char *value, clm_legal_type t, char *reason, size_t size,
                   void *payload)
{
    (void)value; (void)t; (void)reason; (void)size; (void)payload;
    return CLM_EIO;
}

static void test_user_validator(void **state)
{
    (void)state;
    clm_idcheck_registry *r = NULL;
    calls c = { 0, 0, "" };
    assert_int_equal(clm_idcheck_registry_new(&r, 1), 0);
    assert_int_equal(clm_idcheck_count(r), 4);
    assert_int_equal(clm_idcheck_register(r, "DE", "USTID",
                                          CLM_LEGAL_BIT(CLM_LEGAL_ENTITY), de_vat, &c), 0);
    assert_int_equal(clm_idcheck_count(r), 5);
    const char *country;
    assert_int_equal(clm_idcheck_at(&country, NULL, NULL, r, 0), 0);
    assert_string_equal(country, "DE");   /* kept in (country, kind) order */

    int known = 0;
    assert_int_equal(clm_idcheck(r, "DE", "USTID", CLM_LEGAL_ENTITY, "DE123456789", &known), 0);
    assert_int_equal(known, 1);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.last_type, CLM_LEGAL_ENTITY);
    assert_string_equal(c.last_value, "DE123456789");
    assert_int_equal(clm_idcheck(r, "DE", "USTID", CLM_SOLE_TRADER, "FR1", NULL), CLM_EINVAL);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.last_type, CLM_SOLE_TRADER);
    assert_non_null(strstr(clm_error_last()->message, "expected DE and 9 digits"));
    assert_string_equal(clm_error_last()->field, "id.DE.USTID");

    /* a validator's own failure passes through */
    assert_int_equal(clm_idcheck_register(r, "RU", "INN", 0, failing, NULL), 0);
    assert_int_equal(clm_idcheck_count(r), 5);      /* replaced, not added */
    assert_int_equal(clm_idcheck(r, "RU", "INN", CLM_LEGAL_ENTITY, "7707083893", NULL),
                     CLM_EIO);

    /* bad registrations change nothing */
    assert_int_equal(clm_idcheck_register(r, "D", "X", 0, de_vat, NULL), CLM_EINVAL);
    assert_int_equal(clm_idcheck_register(r, "DE", "TOO_LONG_KIND_NAME", 0, de_vat, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_idcheck_register(r, "DE", "X", 0, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_idcheck_register(r, "DE", "X", 1u << 5, de_vat, NULL), CLM_EINVAL);
    assert_int_equal(clm_idcheck_register(NULL, "DE", "X", 0, de_vat, NULL), CLM_EINVAL);
    assert_int_equal(clm_idcheck_count(r), 5);
    clm_idcheck_registry_free(r);

    assert_int_equal(clm_idcheck_registry_new(&r, 0), 0);
    assert_int_equal(clm_idcheck_count(r), 0);
    assert_int_equal(clm_idcheck(r, "RU", "INN", CLM_LEGAL_ENTITY, "garbage", &known), 0);
    assert_int_equal(known, 0);
    clm_idcheck_registry_free(r);
    clm_idcheck_registry_free(NULL);
    assert_int_equal(clm_idcheck_registry_new(NULL, 0), CLM_EINVAL);
}

/* ---- OOM ---------------------------------------------------------------- */

static int op_registry(void *s)
{
    (void)s;
    clm_idcheck_registry *r = NULL;
    int rc = clm_idcheck_registry_new(&r, 1);
    if (rc == 0)
        rc = clm_idcheck_register(r, "DE", "USTID", 0, de_vat, NULL);
    if (rc == 0)
        rc = clm_idcheck_register(r, "AA", "X", 0, de_vat, NULL);
    clm_idcheck_registry_free(r);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    oom_case c = { NULL, op_registry, NULL, NULL };
    assert_true(oom_check(&c) >= 2);
}

static void test_names(void **state)
{
    (void)state;
    clm_legal_type t;
    assert_string_equal(clm_legal_type_name(CLM_SOLE_TRADER), "sole_trader");
    assert_null(clm_legal_type_name(0));
    assert_null(clm_legal_type_name(4));
    assert_int_equal(clm_legal_type_from_name(&t, "individual"), 0);
    assert_int_equal(t, CLM_INDIVIDUAL);
    assert_int_equal(clm_legal_type_from_name(&t, "person"), CLM_ENOTFOUND);
    assert_int_equal(clm_legal_type_from_name(NULL, "individual"), CLM_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inn10),
        cmocka_unit_test(test_inn12),
        cmocka_unit_test(test_inn_bad_input),
        cmocka_unit_test(test_ogrn),
        cmocka_unit_test(test_ogrnip),
        cmocka_unit_test(test_kpp),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_builtin_registry),
        cmocka_unit_test(test_user_validator),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
