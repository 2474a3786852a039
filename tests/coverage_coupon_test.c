/*
 * coverage_coupon_test.c — the coupon refusals the module tests leave
 * unexercised (discount_coupon.h): a definition with a bad field is
 * refused naming it and writes nothing; a use outside the validity period
 * says the period (an open end as "open"); the per-client limit names
 * itself and the count; a document that holds a use for another client is
 * refused; the code helpers' edges (a buffer too small, a code too long,
 * an unknown match).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

static const clm_actor MGR = { "ivanov", "manager", 1767000000 };

static clm_date D(int y, int m, int d)
{
    clm_date x;
    CHECK_OK(clm_date_from_ymd(&x, y, m, d));
    return x;
}

static clm_store *store(void)
{
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    return st;
}

/* def is refused with CLM_EINVAL naming `field`, and nothing is stored. */
static void define_refused(clm_store *st, const clm_coupon_def *def, int code, const char *field)
{
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, def), code);
    if (field != NULL)
        CHECK_STR(clm_error_last()->field, field);
    clm_coupon_info info;
    if (def->code != NULL && clm_coupon_code_fold(info.key, sizeof info.key, def->code) == 0)
        CHECK_FAIL(clm_coupon_store_get(&info, st, def->code), CLM_ENOTFOUND);
}

static void test_define_refusals(void **state)
{
    (void)state;
    clm_store *st = store();
    clm_coupon_def ok = CLM_COUPON_DEF_INIT;
    ok.code = "SPRING";
    clm_coupon_def d = ok;
    CHECK_FAIL(clm_coupon_store_define(NULL, &MGR, &d), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_define(st, NULL, &d), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, NULL), CLM_EINVAL);
    d.version = 2;
    define_refused(st, &d, CLM_EVERSION, NULL);
    d = ok;
    d.code = "SPR ING\n";
    define_refused(st, &d, CLM_EINVAL, "code");
    d = ok;
    d.valid_from = D(2026, 5, 1);
    d.valid_to = D(2026, 4, 30);
    define_refused(st, &d, CLM_EINVAL, "valid_to");
    d = ok;
    d.valid_from = CLM_DATE_MIN - 1;
    define_refused(st, &d, CLM_EINVAL, "valid_from");
    d = ok;
    d.max_uses = 0;
    define_refused(st, &d, CLM_EINVAL, "max_uses");
    d = ok;
    d.max_uses_per_client = -5;
    define_refused(st, &d, CLM_EINVAL, "max_uses_per_client");
    d = ok;
    d.count_at = (clm_coupon_stage)9;
    define_refused(st, &d, CLM_EINVAL, "count_at");
    d = ok;
    d.match = (clm_discount_coupon_match)9;
    define_refused(st, &d, CLM_EINVAL, "match");
    /* defined once; a code folding to the same text exists already */
    CHECK_OK(clm_coupon_store_define(st, &MGR, &ok));
    d = ok;
    d.code = "spring";
    CHECK_FAIL(clm_coupon_store_define(st, &MGR, &d), CLM_EEXISTS);
    clm_coupon_info info;
    CHECK_OK(clm_coupon_store_get(&info, st, "Spring"));
    CHECK_STR(info.code, "SPRING");
    /* the readers refuse NULLs and a bad client id */
    int64_t uses = -1;
    CHECK_FAIL(clm_coupon_store_get(NULL, st, "SPRING"), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_get(&info, NULL, "SPRING"), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_get(&info, st, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_client_uses(NULL, st, "SPRING", "C-1"), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_client_uses(&uses, st, "SPRING", NULL), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_client_uses(&uses, st, "SPRING", "C\n1"), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_client_uses(&uses, st, "AUTUMN", "C-1"), CLM_ENOTFOUND);
    assert_int_equal(uses, -1);
    clm_store_free(st);
}

static clm_coupon_use_request request(const char *code, const char *client, const char *doc,
                                      clm_date date)
{
    clm_coupon_use_request r = CLM_COUPON_USE_REQUEST_INIT;
    r.code = code;
    r.client = client;
    r.document = doc;
    r.date = date;
    return r;
}

static void test_use_refusals(void **state)
{
    (void)state;
    clm_store *st = store();
    clm_coupon_def d = CLM_COUPON_DEF_INIT;
    d.code = "MAY";
    d.valid_from = D(2026, 5, 1); /* open at the end */
    d.max_uses_per_client = 1;
    CHECK_OK(clm_coupon_store_define(st, &MGR, &d));
    d = (clm_coupon_def)CLM_COUPON_DEF_INIT;
    d.code = "UNTIL-MAY";
    d.valid_to = D(2026, 5, 31); /* open at the start */
    CHECK_OK(clm_coupon_store_define(st, &MGR, &d));

    clm_coupon_use u;
    memset(&u, 0x5A, sizeof u);
    clm_coupon_use before = u;
    clm_coupon_use_request r = request("MAY", "C-1", "ORD-1", D(2026, 4, 30));
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_ERANGE);
    CHECK_STR(clm_error_last()->field, "date");
    assert_non_null(strstr(clm_error_last()->message, "valid from 2026-05-01 to open"));
    r = request("UNTIL-MAY", "C-1", "ORD-1", D(2026, 6, 1));
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_ERANGE);
    assert_non_null(strstr(clm_error_last()->message, "valid from open to 2026-05-31"));
    r = request("MAY", "C-1", "ORD-1", CLM_DATE_MAX + 1);
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "date");
    r = request("MAY", "C-1", "ORD\n1", D(2026, 5, 2));
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EINVAL);
    r = request("MAY", "C-1", "ORD-1", D(2026, 5, 2));
    r.version = 7;
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_EVERSION);
    CHECK_FAIL(clm_coupon_store_use(NULL, st, &MGR, &r), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, NULL), CLM_EINVAL);
    assert_memory_equal(&u, &before, sizeof u);

    /* one use per client: the second document of C-1 is refused, naming
     * the limit and the count; another client may */
    r = request("MAY", "C-1", "ORD-1", D(2026, 5, 2));
    CHECK_OK(clm_coupon_store_use(&u, st, &MGR, &r));
    assert_int_equal(u.counted, 1);
    before = u;
    r = request("MAY", "C-1", "ORD-2", D(2026, 5, 3));
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_ELIMIT);
    CHECK_STR(clm_error_last()->field, "max_uses_per_client");
    assert_non_null(strstr(clm_error_last()->message, "has used it 1 time,"));
    assert_memory_equal(&u, &before, sizeof u);
    /* the document that holds C-1's use cannot be claimed for C-2 */
    r = request("MAY", "C-2", "ORD-1", D(2026, 5, 3));
    CHECK_FAIL(clm_coupon_store_use(&u, st, &MGR, &r), CLM_ESTATE);
    CHECK_STR(clm_error_last()->field, "client");
    clm_coupon_info info;
    CHECK_OK(clm_coupon_store_get(&info, st, "MAY"));
    CHECK_I64(info.uses, 1);

    /* release: NULLs, a bad document, a document holding nothing */
    CHECK_FAIL(clm_coupon_store_release(NULL, &MGR, "MAY", "ORD-1"), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_release(st, &MGR, "MAY", NULL), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_release(st, &MGR, "MAY", "ORD\n1"), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_store_release(st, &MGR, "MAY", "ORD-9"), CLM_ENOTFOUND);
    CHECK_FAIL(clm_coupon_store_release(st, &MGR, "JUNE", "ORD-1"), CLM_ENOTFOUND);
    CHECK_OK(clm_coupon_store_get(&info, st, "MAY"));
    CHECK_I64(info.uses, 1);
    CHECK_OK(clm_coupon_store_release(st, &MGR, "may", "ORD-1"));
    CHECK_OK(clm_coupon_store_get(&info, st, "MAY"));
    CHECK_I64(info.uses, 0);
    clm_store_free(st);
}

static void test_code_helpers(void **state)
{
    (void)state;
    char buf[CLM_COUPON_CODE_MAX + 1];
    memcpy(buf, "untouched", 10);
    CHECK_FAIL(clm_coupon_code_fold(NULL, sizeof buf, "ABC"), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_code_fold(buf, sizeof buf, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_code_fold(buf, 3, "ABC"), CLM_EBUFSIZE);
    char longer[CLM_COUPON_CODE_MAX + 2];
    memset(longer, 'A', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    CHECK_FAIL(clm_coupon_code_fold(buf, sizeof buf, longer), CLM_EINVAL);
    CHECK_STR(clm_error_last()->field, "code");
    CHECK_STR(buf, "untouched");
    CHECK_OK(clm_coupon_code_fold(buf, 4, "AbC"));
    CHECK_STR(buf, "abc");
    assert_int_equal(clm_coupon_code_equal("ABC", "abc", CLM_DISCOUNT_COUPON_FOLD_ASCII), 1);
    assert_int_equal(clm_coupon_code_equal("ABC", "abcd", CLM_DISCOUNT_COUPON_FOLD_ASCII), 0);
    assert_int_equal(clm_coupon_code_equal("ABC", "abc", CLM_DISCOUNT_COUPON_EXACT), 0);
    assert_int_equal(clm_coupon_code_equal("ABC", "ABC", (clm_discount_coupon_match)9), 0);
    assert_int_equal(clm_coupon_code_equal(NULL, "ABC", CLM_DISCOUNT_COUPON_EXACT), 0);
    assert_null(clm_coupon_stage_name((clm_coupon_stage)9));
    clm_coupon_stage s = CLM_COUPON_AT_OFFER;
    CHECK_FAIL(clm_coupon_stage_from_name(&s, "invoice"), CLM_ENOTFOUND);
    CHECK_FAIL(clm_coupon_stage_from_name(NULL, "order"), CLM_EINVAL);
    assert_int_equal(s, CLM_COUPON_AT_OFFER);
    CHECK_OK(clm_coupon_stage_from_name(&s, "order"));
    assert_int_equal(s, CLM_COUPON_AT_ORDER);
    CHECK_FAIL(clm_coupon_def_init(NULL), CLM_EINVAL);
    CHECK_FAIL(clm_coupon_use_request_init(NULL), CLM_EINVAL);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_define_refusals),
        cmocka_unit_test(test_use_refusals),
        cmocka_unit_test(test_code_helpers),
    };
    return core_run("coverage_coupon", tests, sizeof tests / sizeof tests[0], NULL, 0, argc, argv);
}
