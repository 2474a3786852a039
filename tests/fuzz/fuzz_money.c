/* fuzz_money.c — clm_money_parse(): documented codes, *out untouched on
 * failure, and format -> parse gives the same amount back. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    clm_money m, before;
    memset(&m, 0xA5, sizeof m);
    before = m;
    int rc = clm_money_parse(&m, text);
    FUZZ_RC("clm_money_parse", rc, CLM_EPARSE, CLM_ECURRENCY, CLM_EOVERFLOW);
    if (rc != 0) {
        FUZZ_CHECK(memcmp(&m, &before, sizeof m) == 0, "clm_money_parse changed *out on failure");
    } else {
        char buf[CLM_MONEY_FORMAT_MAX];
        int n = clm_money_format(buf, sizeof buf, &m);
        FUZZ_CHECK(n > 0 && (size_t)n < sizeof buf, "clm_money_format of a parsed amount failed: %d", n);
        clm_money back;
        FUZZ_CHECK(clm_money_parse(&back, buf) == 0, "clm_money_parse refused its own format '%s'", buf);
        FUZZ_CHECK(back.amount == m.amount && strcmp(back.currency, m.currency) == 0,
                   "'%s' -> '%s' does not read back equal", text, buf);
        /* the canonical form is a fixed point */
        char again[CLM_MONEY_FORMAT_MAX];
        FUZZ_CHECK(clm_money_format(again, sizeof again, &back) == n && strcmp(again, buf) == 0,
                   "format is not stable: '%s' then '%s'", buf, again);
    }
    free(text);
    return 0;
}
