/*
 * price_lookup_test.c — the engine's lookup of a product's record by its
 * key (src/discount/price_book.c, find_record()), linked against the
 * static library to call clm_discount__pbook_price_in() with a hash of
 * the test's choosing. A hash is only a hint: a query whose hash is a
 * record's but whose id is not (longer, shorter, a byte different) must
 * not take that record's price, and the comparison reads no byte of the
 * query past its NUL (each query sits in a block of its exact length,
 * so AddressSanitizer sees an over-read).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <clm/clm.h>

#include "core_check.h"
#include "price_internal.h"

/* A copy of s in a block of exactly strlen(s) + 1 bytes. */
static char *exact(const char *s)
{
    size_t n = strlen(s) + 1;
    char *r = malloc(n);
    assert_non_null(r);
    memcpy(r, s, n);
    return r;
}

static void test_hash_is_only_a_hint(void **state)
{
    (void)state;
    /* ids of 1 to 12 bytes: the comparison's 4-byte turns and its tail */
    static const char *const ids[] = { "A", "AB", "ABC", "ABCD", "CEM-M50", "CEM-M500", "CEM-M5000", "NINECHARS",
                                       "ABCDEFGHIJKL" };
    const size_t nids = sizeof ids / sizeof *ids;
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "retail";
    d.currency = "RUB";
    CHECK_OK(clm_price_set_add_list(s, &d));
    d.id = "wholesale";
    d.audience = CLM_PRICE_CATEGORY;
    d.audience_value = "wholesale";
    d.parent = "retail";
    d.parent_formula.rate = -120000;
    d.parent_formula.step = 100;
    d.parent_formula.rounding = CLM_ROUND_HALF_UP;
    CHECK_OK(clm_price_set_add_list(s, &d));
    for (size_t i = 0; i < nids; i++) {
        clm_price_entry e = CLM_PRICE_ENTRY_INIT;
        e.product = ids[i];
        e.unit_price = 10000 * (int64_t)(i + 1);
        CHECK_OK(clm_price_set_add_entry(s, "retail", &e));
    }
    clm_discount_policy *p;
    CHECK_OK(clm_discount_policy_new(&p, "lookup", "RUB"));
    clm_price_book *b;
    CHECK_OK(clm_price_book_compile(&b, s, p));

    static const char *const cats[] = { "wholesale" };
    for (int who = 0; who < 2; who++) {
        clm_price_query q = CLM_PRICE_QUERY_INIT;
        q.currency = "RUB";
        q.date = 20557;
        q.quantity = 1000;
        q.categories = who ? cats : NULL;
        q.category_count = who ? 1 : 0;
        uint32_t lists[8];
        size_t n = clm_discount__pbook_audience(lists, b, &q);
        assert_int_equal(n, who ? 2 : 1);
        for (size_t i = 0; i < nids; i++) {
            const char *id = ids[i];
            size_t len = strlen(id);
            uint64_t h = clm_discount__hash(id);
            /* the id itself: its price (wholesale: - 12 % to whole roubles) */
            char *same = exact(id);
            q.product = same;
            int64_t got = -1;
            CHECK_OK(clm_discount__pbook_price_in(&got, b, &q, h, CLM__NONE32, lists, n));
            CHECK_I64(got, who ? 10000 * (int64_t)(i + 1) * 88 / 100 : 10000 * (int64_t)(i + 1));
            free(same);
            /* with id's hash: longer, every shorter prefix, each byte
             * changed; none is priced (no group either) */
            char probe[32];
            char *cases[40];
            size_t nc = 0;
            snprintf(probe, sizeof probe, "%s0", id);
            cases[nc++] = exact(probe);
            snprintf(probe, sizeof probe, "%sX%s", id, id);
            cases[nc++] = exact(probe);
            for (size_t k = 0; k < len; k++) {
                memcpy(probe, id, k);
                probe[k] = '\0';
                cases[nc++] = exact(probe); /* the prefix of k bytes (k = 0: the empty id) */
                memcpy(probe, id, len + 1);
                probe[k] = (char)(probe[k] ^ 0x20);
                cases[nc++] = exact(probe);
            }
            for (size_t c = 0; c < nc; c++) {
                q.product = cases[c];
                if (clm_discount__pbook_price_in(&got, b, &q, h, CLM__NONE32, lists, n) != CLM_ENOTFOUND)
                    fail_msg("query \"%s\" with the hash of \"%s\": priced %lld", cases[c], id, (long long)got);
                free(cases[c]);
            }
        }
    }
    clm_price_book_free(b);
    clm_discount_policy_free(p);
    clm_price_set_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_is_only_a_hint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
