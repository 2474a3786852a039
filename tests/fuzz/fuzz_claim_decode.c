/* fuzz_claim_decode.c — clm_claim_decode(), the reader of the claim bodies
 * a store holds: a documented code, and on failure a message and *out
 * untouched. What decodes encodes, decodes back to an equal claim
 * (clm_claim_equal) and encodes to the same bytes. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_claim *c = FUZZ_SENTINEL;
    int rc = clm_claim_decode(&c, (const char *)data, size);
    FUZZ_RC("clm_claim_decode", rc, CLM_EINVAL, CLM_EPARSE);
    if (rc != 0) {
        FUZZ_CHECK(c == FUZZ_SENTINEL, "clm_claim_decode changed *out on failure");
        return 0;
    }
    char *t1 = NULL, *t2 = NULL;
    size_t n1 = 0, n2 = 0;
    rc = clm_claim_encode(&t1, &n1, c);
    FUZZ_CHECK(rc == 0, "encode of a decoded claim failed: %s", clm_error_last()->message);
    FUZZ_CHECK(strlen(t1) == n1, "the encoding holds a NUL");
    clm_claim *d = NULL;
    rc = clm_claim_decode(&d, t1, n1);
    FUZZ_CHECK(rc == 0, "the encoding does not decode: %s\n%s", clm_error_last()->message, t1);
    FUZZ_CHECK(clm_claim_equal(c, d), "the claim decoded back differs\n%s", t1);
    FUZZ_CHECK(clm_claim_encode(&t2, &n2, d) == 0, "second encode failed");
    fuzz_same_bytes("claim", t1, n1, t2, n2);
    clm_free(t1);
    clm_free(t2);
    clm_claim_free(d);
    clm_claim_free(c);
    return 0;
}
