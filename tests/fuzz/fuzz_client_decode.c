/* fuzz_client_decode.c — clm_client_decode(), the reader of the bodies a
 * store holds: documented codes, *out untouched on failure; decode ->
 * encode -> decode -> encode gives the same bytes (equal clients). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_client *c = FUZZ_SENTINEL;
    int rc = clm_client_decode(&c, (const char *)data, size);
    FUZZ_RC("clm_client_decode", rc, CLM_EVERSION, CLM_EPARSE, CLM_ELIMIT);
    if (rc != 0) {
        FUZZ_CHECK(c == FUZZ_SENTINEL, "clm_client_decode changed *out on failure");
        return 0;
    }
    char *t1 = NULL, *t2 = NULL;
    size_t n1 = 0, n2 = 0;
    rc = clm_client_encode(&t1, &n1, c);
    FUZZ_CHECK(rc == 0, "encode of a decoded client failed: %s", clm_error_last()->message);
    FUZZ_CHECK(strlen(t1) == n1, "the encoding holds a NUL");
    clm_client *d = NULL;
    rc = clm_client_decode(&d, t1, n1);
    FUZZ_CHECK(rc == 0, "the encoding does not decode: %s\n%s", clm_error_last()->message, t1);
    FUZZ_CHECK(clm_client_encode(&t2, &n2, d) == 0, "second encode failed");
    fuzz_same_bytes("client", t1, n1, t2, n2);
    clm_free(t1);
    clm_free(t2);
    clm_client_free(d);
    clm_client_free(c);
    return 0;
}
