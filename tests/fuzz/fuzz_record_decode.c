/* fuzz_record_decode.c — clm_record_decode(), the reader of the portable
 * record images a backend keeps in one column or file (the SQLite and
 * PostgreSQL audit trails' before/after images): bytes a damaged or foreign
 * database could hold. A documented code, and on failure a message and
 * *out untouched. The format is canonical, so what decodes passes
 * clm_record_check(), encodes back to exactly the input bytes, and decodes
 * again to an equal record. */
#include "fuzz.h"

#include "clm/sys/store_backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* libFuzzer may hand an empty input as NULL: the call's contract then
     * is CLM_EINVAL, so give it a real (empty) buffer instead */
    const void *in = size > 0 ? (const void *)data : (const void *)"";
    clm_record *r = FUZZ_SENTINEL;
    int rc = clm_record_decode(&r, in, size);
    FUZZ_RC("clm_record_decode", rc, CLM_EPARSE, CLM_ENOMEM);
    if (rc != 0) {
        FUZZ_CHECK(r == FUZZ_SENTINEL, "clm_record_decode changed *out on failure");
        return 0;
    }
    FUZZ_CHECK(clm_record_check(r) == 0, "a decoded record fails clm_record_check: %s",
               clm_error_last()->message);
    FUZZ_CHECK((r->body == NULL) == (r->body_len == 0),
               "a decoded record has body %p with body_len %zu", r->body, r->body_len);
    void *enc = NULL;
    size_t n = 0;
    rc = clm_record_encode(&enc, &n, r);
    FUZZ_CHECK(rc == 0, "a decoded record does not encode: %s", clm_error_last()->message);
    fuzz_same_bytes("record", (const char *)data, size, enc, n);
    clm_record *d = NULL;
    rc = clm_record_decode(&d, enc, n);
    FUZZ_CHECK(rc == 0, "the encoding does not decode: %s", clm_error_last()->message);
    FUZZ_CHECK(clm_record_equal(r, d), "the record decoded back differs");
    clm_record_free(d);
    clm_free(enc);
    clm_record_free(r);
    return 0;
}
