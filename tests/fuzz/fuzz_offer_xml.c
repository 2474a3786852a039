/* fuzz_offer_xml.c — the offer module's XML readers on every input:
 * clm_offer_load_xml() and clm_contract_load_xml(). Each returns a
 * documented code and leaves *out untouched on failure; what loads saves,
 * loads back into an equal object and saves to the same bytes; a loaded
 * contract's amount is the same after the reload. */
#include "fuzz.h"

static void offer(const uint8_t *data, size_t size)
{
    clm_offer *o = FUZZ_SENTINEL;
    int rc = clm_offer_load_xml(&o, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_offer_load_xml", rc, CLM_EINVAL, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA,
            CLM_ECURRENCY, CLM_EOVERFLOW, CLM_ENOMEM);
    if (rc != 0) {
        FUZZ_CHECK(o == FUZZ_SENTINEL, "a failed offer load changed *out");
        return;
    }
    char *a, *b;
    size_t na, nb;
    FUZZ_CHECK(clm_offer_save_xml(&a, &na, o) == 0, "a loaded offer does not save: %s",
               clm_error_last()->message);
    clm_offer *back = NULL;
    FUZZ_CHECK(clm_offer_load_xml(&back, a, na, "saved", NULL) == 0,
               "a saved offer does not load: %s\n%s", clm_error_last()->message, a);
    FUZZ_CHECK(clm_offer_equal(o, back), "the offer changed through save and load");
    FUZZ_CHECK(clm_offer_save_xml(&b, &nb, back) == 0, "the reloaded offer does not save");
    fuzz_same_bytes("offer", a, na, b, nb);
    clm_free(a);
    clm_free(b);
    clm_offer_free(back);
    clm_offer_free(o);
}

static void contract(const uint8_t *data, size_t size)
{
    clm_contract *c = FUZZ_SENTINEL;
    int rc = clm_contract_load_xml(&c, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_contract_load_xml", rc, CLM_EINVAL, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA,
            CLM_ECURRENCY, CLM_EOVERFLOW, CLM_ENOMEM);
    if (rc != 0) {
        FUZZ_CHECK(c == FUZZ_SENTINEL, "a failed contract load changed *out");
        return;
    }
    char *a, *b;
    size_t na, nb;
    FUZZ_CHECK(clm_contract_save_xml(&a, &na, c) == 0, "a loaded contract does not save: %s",
               clm_error_last()->message);
    clm_contract *back = NULL;
    FUZZ_CHECK(clm_contract_load_xml(&back, a, na, "saved", NULL) == 0,
               "a saved contract does not load: %s\n%s", clm_error_last()->message, a);
    FUZZ_CHECK(clm_contract_equal(c, back), "the contract changed through save and load");
    FUZZ_CHECK(clm_contract_save_xml(&b, &nb, back) == 0, "the reloaded contract does not save");
    fuzz_same_bytes("contract", a, na, b, nb);
    int64_t x = 0, y = 0;
    int rx = clm_contract_amount(&x, c), ry = clm_contract_amount(&y, back);
    FUZZ_CHECK(rx == ry && x == y, "the amount changed through save and load");
    clm_free(a);
    clm_free(b);
    clm_contract_free(back);
    clm_contract_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    offer(data, size);
    contract(data, size);
    return 0;
}
