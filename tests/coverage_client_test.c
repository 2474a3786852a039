/*
 * coverage_client_test.c — clm_client_equal() sees every field: the full
 * client of the client decoder's fuzz seeds
 * (tests/fuzz/corpus/client_decode/client-full) with one value changed
 * decodes to a client that differs from the original (both ways) and
 * equals its own encode-and-decode; and the accessors answer a NULL client
 * or a field outside their enum with their documented empty values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"
#include "text_fixture.h"

typedef struct change {
    const char *from, *to;
} change;

static const change CHANGES[] = {
    { "id=c-1\n", "id=c-2\n" },
    { "legal_type=legal_entity", "legal_type=individual" },
    { "state=lost\nsource=fair\nmanager=ivanov\nlost_to=Rival, LLC\n",
      "state=inactive\nsource=fair\nmanager=ivanov\n" },
    { "source=fair", "source=referral" },
    { "manager=ivanov", "manager=petrov" },
    { "lost_to=Rival, LLC", "lost_to=Rival, Inc" },
    { "name=Sber\n", "name=Sberbank\n" },
    { "legal_name=PAO Sberbank", "legal_name=PJSC Sberbank" },
    { "first_contact=2024-02-29", "first_contact=2024-03-01" },
    { "debtor=true\n", "" },
    { "privileged=true\n", "" },
    { "id.RU.INN=7707083893\n", "" },
    { "id.RU.OGRN=1027700132195", "id.RU.OGRN=1027700132196" },
    { "id.RU.OGRN=1027700132195", "id.KZ.OGRN=1027700132195" },
    { "id.RU.OGRN=1027700132195", "id.RU.OKPO=1027700132195" },
    { "person=Anna \\| \"Boss\"", "person=Anne \\| \"Boss\"" },
    { "person=Oleg|CFO||", "person=Oleg|CEO||" },
    { "person=Oleg|CFO||", "person=Oleg|CFO|+7 495 000-00-00|" },
    { "person=Oleg|CFO||", "person=Oleg|CFO||oleg@sber.ru" },
    { "person=Oleg|CFO||\ndecision_maker=1\n", "" },
    { "decision_maker=1", "decision_maker=0" },
    { "category=key\n", "category=vip\n" },
    { "category=key\n", "" },
    { "history=u\\|x|r\\\\y|-5|debtor|false|true|\n", "" },
    { "history=u\\|x|r\\\\y|-5|", "history=u\\|z|r\\\\y|-5|" },
    { "history=u\\|x|r\\\\y|-5|", "history=u\\|x|r\\\\z|-5|" },
    { "history=u\\|x|r\\\\y|-5|", "history=u\\|x|r\\\\y|-6|" },
    { "|-5|debtor|", "|-5|foreign|" },
    { "|debtor|false|true|", "|debtor||true|" },
    { "|debtor|false|true|", "|debtor|false|yes|" },
    { "|debtor|false|true|", "|debtor|false|true|why" },
};

static void test_equality_sees_every_field(void **state)
{
    (void)state;
    char *text = fixture_slurp("tests/fuzz/corpus/client_decode/client-full");
    clm_client *base = NULL;
    CHECK_OK(clm_client_decode(&base, text, strlen(text)));
    assert_true(clm_client_equal(base, base));
    int bad = 0;
    for (size_t i = 0; i < sizeof CHANGES / sizeof CHANGES[0]; i++) {
        char *m = fixture_replace(text, CHANGES[i].from, CHANGES[i].to);
        clm_client *c = NULL;
        int rc = clm_client_decode(&c, m, strlen(m));
        if (rc != 0) {
            print_message("change %zu (%s): the text no longer decodes: %s\n", i, CHANGES[i].to,
                          clm_error_last()->message);
            bad++;
            free(m);
            continue;
        }
        if (clm_client_equal(base, c) || clm_client_equal(c, base)) {
            print_message("change %zu (%s -> %s): clm_client_equal does not see it\n", i,
                          CHANGES[i].from, CHANGES[i].to);
            bad++;
        }
        char *t = NULL;
        size_t n = 0;
        CHECK_OK(clm_client_encode(&t, &n, c));
        clm_client *back = NULL;
        CHECK_OK(clm_client_decode(&back, t, n));
        if (!clm_client_equal(c, back)) {
            print_message("change %zu (%s): the client does not survive encode and decode\n", i,
                          CHANGES[i].to);
            bad++;
        }
        clm_client_free(back);
        clm_free(t);
        clm_client_free(c);
        free(m);
    }
    assert_int_equal(bad, 0);
    assert_false(clm_client_equal(base, NULL));
    assert_false(clm_client_equal(NULL, base));
    clm_client_free(base);
    free(text);
}

static void test_accessors_outside_their_domain(void **state)
{
    (void)state;
    assert_int_equal(clm_client_legal_type(NULL), 0);
    assert_int_equal(clm_client_state_get(NULL), 0);
    assert_int_equal(clm_client_source(NULL), CLM_SOURCE_UNKNOWN);
    assert_null(clm_client_text_get(NULL, CLM_CLIENT_NAME));
    assert_null(clm_client_name(NULL));
    CHECK_STR(clm_client_manager(NULL), "");
    CHECK_STR(clm_client_lost_to(NULL), "");
    assert_int_equal(clm_client_date_get(NULL, CLM_CLIENT_FIRST_CONTACT), CLM_CLIENT_NO_DATE);
    assert_false(clm_client_flag_get(NULL, CLM_CLIENT_DEBTOR));
    assert_null(clm_client_taxid(NULL, "RU", "INN"));
    assert_int_equal(clm_client_taxid_count(NULL), 0);
    const char *country = NULL, *kind = NULL, *value = NULL;
    CHECK_FAIL(clm_client_taxid_at(&country, &kind, &value, NULL, 0), CLM_EINVAL);

    char *text = fixture_slurp("tests/fuzz/corpus/client_decode/client-full");
    clm_client *c = NULL;
    CHECK_OK(clm_client_decode(&c, text, strlen(text)));
    /* a field outside its enum, on either side */
    assert_null(clm_client_text_get(c, (clm_client_text)-1));
    assert_null(clm_client_text_get(c, (clm_client_text)999));
    assert_int_equal(clm_client_date_get(c, (clm_client_date_field)-1), CLM_CLIENT_NO_DATE);
    assert_int_equal(clm_client_date_get(c, (clm_client_date_field)999), CLM_CLIENT_NO_DATE);
    assert_false(clm_client_flag_get(c, (clm_client_flag)-1));
    assert_false(clm_client_flag_get(c, (clm_client_flag)999));
    /* the same client's real values */
    assert_int_equal(clm_client_legal_type(c), CLM_LEGAL_ENTITY);
    CHECK_STR(clm_client_name(c), "Sber");
    CHECK_STR(clm_client_manager(c), "ivanov");
    CHECK_STR(clm_client_lost_to(c), "Rival, LLC");
    assert_true(clm_client_flag_get(c, CLM_CLIENT_DEBTOR));
    assert_null(clm_client_taxid(c, NULL, "INN"));
    assert_null(clm_client_taxid(c, "RU", NULL));
    assert_null(clm_client_taxid(c, "KZ", "BIN"));
    CHECK_STR(clm_client_taxid(c, "RU", "INN"), "7707083893");
    assert_int_equal(clm_client_taxid_count(c), 2);
    CHECK_FAIL(clm_client_taxid_at(&country, &kind, &value, c, 2), CLM_ERANGE);
    assert_null(country);
    CHECK_OK(clm_client_taxid_at(NULL, NULL, NULL, c, 1));
    CHECK_OK(clm_client_taxid_at(&country, &kind, &value, c, 0));
    CHECK_STR(country, "RU");
    clm_client_free(c);
    free(text);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equality_sees_every_field),
        cmocka_unit_test(test_accessors_outside_their_domain),
    };
    return core_run("coverage_client", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
}
