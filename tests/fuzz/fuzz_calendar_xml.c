/* fuzz_calendar_xml.c — clm_calendar_load_xml(): documented codes, *out
 * untouched on failure; load -> save -> load gives a calendar that saves to
 * the same bytes and answers every working-day question the same way. */
#include "fuzz.h"

static void same_answers(const clm_calendar *a, const clm_calendar *b)
{
    FUZZ_CHECK(clm_calendar_weekend(a) == clm_calendar_weekend(b), "weekend differs after reload");
    FUZZ_CHECK(clm_calendar_day_count(a) == clm_calendar_day_count(b), "day count differs after reload");
    clm_date first = 0, last = 0;
    if (clm_calendar_coverage(a, &first, &last) != 0 || last - first > 800) {
        /* no coverage, or a long one: ask about the days the calendar lists */
        for (size_t i = 0; i < clm_calendar_day_count(a) && i < 400; i++) {
            clm_date d = 0;
            int wa = -1, wb = -1;
            FUZZ_CHECK(clm_calendar_day_at(&d, NULL, NULL, a, i) == 0, "day_at %zu failed", i);
            int ra = clm_calendar_is_working(&wa, a, d), rb = clm_calendar_is_working(&wb, b, d);
            FUZZ_CHECK(ra == rb && wa == wb, "day %zu is decided differently after reload", i);
        }
        return;
    }
    for (clm_date d = first; d <= last; d++) {
        int wa = -1, wb = -1;
        int ra = clm_calendar_is_working(&wa, a, d), rb = clm_calendar_is_working(&wb, b, d);
        FUZZ_CHECK(ra == rb && wa == wb, "date %ld is decided differently after reload", (long)d);
        clm_date ea = 0, eb = 0;
        ra = clm_term_end(&ea, a, d, 10, CLM_TERM_WORKING_DAYS);
        rb = clm_term_end(&eb, b, d, 10, CLM_TERM_WORKING_DAYS);
        FUZZ_CHECK(ra == rb && (ra != 0 || ea == eb), "a 10-working-day term differs after reload");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_calendar *cal = FUZZ_SENTINEL;
    int rc = clm_calendar_load_xml(&cal, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_calendar_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA);
    if (rc != 0) {
        FUZZ_CHECK(cal == FUZZ_SENTINEL, "clm_calendar_load_xml changed *out on failure");
        return 0;
    }
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    rc = clm_calendar_save_xml(&x1, &n1, cal);
    FUZZ_CHECK(rc == 0, "clm_calendar_save_xml of a loaded calendar failed: %s", clm_error_last()->message);
    clm_calendar *again = NULL;
    rc = clm_calendar_load_xml(&again, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "the saved calendar does not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_calendar_save_xml(&x2, &n2, again) == 0, "second save failed");
    fuzz_same_bytes("calendar", x1, n1, x2, n2);
    FUZZ_CHECK(strcmp(clm_calendar_name(cal), clm_calendar_name(again)) == 0, "name differs after reload");
    same_answers(cal, again);
    clm_free(x1);
    clm_free(x2);
    clm_calendar_free(again);
    clm_calendar_free(cal);
    return 0;
}
