/* fuzz_price_xml.c — clm_price_set_load_xml() on every input: a documented
 * code, and on failure a message and *out untouched. What loads saves,
 * loads back and saves to the same bytes, and the book compiled from the
 * copy prices every product the set names (at each list's currency, on
 * each list's first day, at each entry's minimum quantity) exactly as the
 * book compiled from the first. */
#include "fuzz.h"

static int lookup(clm_price_quote *q, char **why, const clm_price_book *b, const char *currency,
                  clm_date date, const char *product, int64_t qty)
{
    clm_price_query pq = CLM_PRICE_QUERY_INIT;
    pq.currency = currency;
    pq.date = date;
    pq.product = product;
    pq.quantity = qty > 0 ? qty : CLM_DISCOUNT_QTY_SCALE;
    int rc = clm_price_book_lookup(q, b, &pq);
    FUZZ_RC("clm_price_book_lookup", rc, CLM_EINVAL, CLM_ENOTFOUND, CLM_ERANGE, CLM_EOVERFLOW);
    *why = NULL;
    int rx = clm_price_book_explain(why, b, &pq);
    FUZZ_CHECK(rx == rc, "explain returns %d where lookup returns %d", rx, rc);
    return rc;
}

static void same_prices(const clm_price_set *s, const clm_price_book *a, const clm_price_book *b)
{
    size_t budget = 64; /* queries per input, so a huge set stays fast */
    for (size_t i = 0; i < clm_price_set_list_count(s) && budget > 0; i++) {
        const clm_price_list_def *def = clm_price_set_list(s, i);
        clm_date day = def->valid_from == CLM_DATE_MIN ? 0 : def->valid_from;
        for (size_t j = 0; j < clm_price_set_entry_count(s, i) && budget > 0; j++) {
            const clm_price_entry *e = clm_price_set_entry(s, i, j);
            if (e->product == NULL)
                continue;
            budget--;
            clm_price_quote qa, qb;
            char *wa, *wb;
            int ra = lookup(&qa, &wa, a, def->currency, day, e->product, e->min_quantity);
            int rb = lookup(&qb, &wb, b, def->currency, day, e->product, e->min_quantity);
            FUZZ_CHECK(ra == rb, "product %s: lookup %d, after reload %d", e->product, ra, rb);
            if (ra == 0) {
                FUZZ_CHECK(qa.unit_price.amount == qb.unit_price.amount &&
                               strcmp(qa.unit_price.currency, qb.unit_price.currency) == 0 &&
                               qa.list == qb.list && qa.entry == qb.entry &&
                               qa.entry_list == qb.entry_list,
                           "product %s is priced differently after reload", e->product);
                FUZZ_CHECK(wa != NULL && wb != NULL && strcmp(wa, wb) == 0,
                           "product %s: the explanation differs after reload", e->product);
            }
            clm_free(wa);
            clm_free(wb);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_price_set *s = FUZZ_SENTINEL;
    int rc = clm_price_set_load_xml(&s, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_price_set_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA, CLM_ECURRENCY);
    if (rc != 0) {
        FUZZ_CHECK(s == FUZZ_SENTINEL, "clm_price_set_load_xml changed *out on failure");
        return 0;
    }
    FUZZ_CHECK(clm_price_set_check(s) == 0, "a loaded set fails its check: %s",
               clm_error_last()->message);
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    rc = clm_price_set_save_xml(&x1, &n1, s);
    FUZZ_CHECK(rc == 0, "save of a loaded set failed: %s", clm_error_last()->message);
    FUZZ_CHECK(strlen(x1) == n1, "the saved text holds a NUL");
    clm_price_set *t = NULL;
    rc = clm_price_set_load_xml(&t, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "the saved set does not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_price_set_save_xml(&x2, &n2, t) == 0, "second save failed");
    fuzz_same_bytes("price lists", x1, n1, x2, n2);
    FUZZ_CHECK(clm_price_set_list_count(s) == clm_price_set_list_count(t),
               "the reloaded set has another number of lists");
    clm_price_book *a = NULL, *b = NULL;
    int ca = clm_price_book_compile(&a, s, NULL);
    int cb = clm_price_book_compile(&b, t, NULL);
    FUZZ_RC("clm_price_book_compile", ca, CLM_ENOTFOUND, CLM_ECURRENCY, CLM_ESTATE);
    FUZZ_CHECK(ca == cb, "compile returns %d, after reload %d", ca, cb);
    if (ca == 0)
        same_prices(s, a, b);
    clm_price_book_free(a);
    clm_price_book_free(b);
    clm_free(x1);
    clm_free(x2);
    clm_price_set_free(t);
    clm_price_set_free(s);
    return 0;
}
