/* fuzz_date.c — clm_date_parse(): documented codes, *out untouched on
 * failure; a date that parses is exactly its own formatted text. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    clm_date d = (clm_date)0x5A5A5A5A;
    int rc = clm_date_parse(&d, text);
    FUZZ_RC("clm_date_parse", rc, CLM_EPARSE, CLM_ERANGE);
    if (rc != 0) {
        FUZZ_CHECK(d == (clm_date)0x5A5A5A5A, "clm_date_parse changed *out on failure");
    } else {
        FUZZ_CHECK(d >= CLM_DATE_MIN && d <= CLM_DATE_MAX, "'%s' parsed outside the date range", text);
        char buf[CLM_DATE_FORMAT_MAX];
        FUZZ_CHECK(clm_date_format(buf, sizeof buf, d) == 10, "clm_date_format of a parsed date failed");
        /* "exactly YYYY-MM-DD": the only text that parses is the canonical one
         * (strlen, since the input may hold a NUL the parser stops at) */
        FUZZ_CHECK(strcmp(buf, text) == 0, "'%s' parsed but formats as '%s'", text, buf);
        int y = 0, m = 0, dd = 0;
        clm_date back = 0;
        FUZZ_CHECK(clm_date_to_ymd(d, &y, &m, &dd) == 0 && clm_date_from_ymd(&back, y, m, dd) == 0 && back == d,
                   "'%s' does not survive ymd", text);
    }
    free(text);
    return 0;
}
