/* fuzz_discount_order.c — clm_discount_order_load_xml(): documented codes,
 * *out untouched on failure; an order that loads is priced by a fixed
 * policy without a contract break (there is no order writer, so no round
 * trip). */
#include "fuzz.h"

static const char policy_xml[] =
    "<discount-policy xmlns=\"urn:libclm:discount-policy:1\" name=\"fuzz\" currency=\"RUB\"\n"
    "  stacking=\"additive\" rounding=\"half-even\">\n"
    "  <caps max-line=\"30%\" max-document=\"25%\" margin-floor=\"5%\"/>\n"
    "  <rule id=\"vol\"><line-quantity min=\"10\"/><percent rate=\"5%\"/></rule>\n"
    "  <rule id=\"key\"><category in=\"key\"/><percent rate=\"3%\"/></rule>\n"
    "  <rule id=\"cem\"><group in=\"cement\"/><percent rate=\"2%\"/></rule>\n"
    "</discount-policy>\n";

static clm_discount_engine *engine(void)
{
    static clm_discount_engine *e;
    if (e == NULL) {
        clm_discount_policy *p = NULL;
        if (clm_discount_policy_load_xml(&p, policy_xml, sizeof policy_xml - 1, "fuzz-policy", NULL) != 0 ||
            clm_discount_policy_compile(&e, p) != 0)
            fuzz_die("the harness's own policy does not load: %s", clm_error_last()->message);
        clm_discount_policy_free(p); /* the engine keeps its own copy */
    }
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_discount_order *o = FUZZ_SENTINEL;
    int rc = clm_discount_order_load_xml(&o, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_discount_order_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA, CLM_ECURRENCY);
    if (rc != 0) {
        FUZZ_CHECK(o == FUZZ_SENTINEL, "clm_discount_order_load_xml changed *out on failure");
        return 0;
    }
    const clm_discount_document *doc = clm_discount_order_document(o);
    FUZZ_CHECK(doc != NULL && clm_discount_order_id(o) != NULL, "a loaded order has no document or id");
    clm_discount_result *r = FUZZ_SENTINEL;
    rc = clm_discount_engine_evaluate(&r, engine(), doc, NULL);
    FUZZ_RC("clm_discount_engine_evaluate", rc, CLM_EINVAL, CLM_ECURRENCY, CLM_EOVERFLOW);
    if (rc != 0) {
        FUZZ_CHECK(r == FUZZ_SENTINEL, "clm_discount_engine_evaluate changed *out on failure");
    } else {
        const clm_discount_totals *t = clm_discount_result_totals(r);
        FUZZ_CHECK(clm_discount_result_line_count(r) == doc->line_count, "result has %zu lines, order %zu",
                   clm_discount_result_line_count(r), doc->line_count);
        int64_t net = 0;
        for (size_t i = 0; i < doc->line_count; i++) {
            const clm_discount_line_result *l = clm_discount_result_line(r, i);
            FUZZ_CHECK(l->net == l->base - l->discount + l->surcharge + l->capped,
                       "line %zu: net is not base - discount + surcharge + capped", i);
            net += l->net;
        }
        /* line totals add up exactly to the document total */
        FUZZ_CHECK(net == t->net, "lines sum to %lld, the total says %lld", (long long)net, (long long)t->net);
        clm_discount_result_free(r);
    }
    clm_discount_order_free(o);
    return 0;
}
