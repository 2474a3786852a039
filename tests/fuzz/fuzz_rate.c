/* fuzz_rate.c — clm_rate_parse() and clm_rounding_from_name(): documented
 * codes, *out untouched on failure, format -> parse gives the rate back. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    clm_rate r = (clm_rate)0x5A5A5A5A;
    int rc = clm_rate_parse(&r, text);
    FUZZ_RC("clm_rate_parse", rc, CLM_EPARSE, CLM_EOVERFLOW);
    if (rc != 0) {
        FUZZ_CHECK(r == (clm_rate)0x5A5A5A5A, "clm_rate_parse changed *out on failure");
    } else {
        FUZZ_CHECK(r >= -CLM_RATE_MAX && r <= CLM_RATE_MAX, "'%s' parsed beyond CLM_RATE_MAX", text);
        char buf[CLM_RATE_FORMAT_MAX];
        int n = clm_rate_format(buf, sizeof buf, r);
        FUZZ_CHECK(n > 0 && (size_t)n < sizeof buf, "clm_rate_format failed: %d", n);
        clm_rate back = 0;
        FUZZ_CHECK(clm_rate_parse(&back, buf) == 0 && back == r, "'%s' -> '%s' does not read back", text, buf);
    }
    clm_rounding mode = (clm_rounding)77;
    rc = clm_rounding_from_name(&mode, text);
    FUZZ_RC("clm_rounding_from_name", rc, CLM_ENOTFOUND);
    if (rc != 0) {
        FUZZ_CHECK(mode == (clm_rounding)77, "clm_rounding_from_name changed *out on failure");
    } else {
        const char *name = clm_rounding_name(mode);
        FUZZ_CHECK(name != NULL && strcmp(name, text) == 0, "rounding '%s' is named '%s'", text,
                   name != NULL ? name : "(null)");
    }
    free(text);
    return 0;
}
