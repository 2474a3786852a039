/* fuzz_retro_xml.c — clm_retro_scheme_load_xml() on every input: a
 * documented code, and on failure a message and *out untouched. What loads
 * checks, saves, loads back and saves to the same bytes, and the copy
 * gives the same bonus as the first at every tier's threshold, a minor
 * unit below it, and with a forecast of a given amount more. */
#include "fuzz.h"

static void same_bonus(const clm_retro_scheme *a, const clm_retro_scheme *b, int64_t turnover)
{
    clm_retro_bonus x, y;
    int ra = clm_retro_bonus_accrue(&x, a, turnover, 0);
    int rb = clm_retro_bonus_accrue(&y, b, turnover, 0);
    FUZZ_RC("clm_retro_bonus_accrue", ra, CLM_EOVERFLOW);
    FUZZ_CHECK(ra == rb, "accrue at %lld: %d, after reload %d", (long long)turnover, ra, rb);
    if (ra == 0)
        FUZZ_CHECK(x.bonus == y.bonus && x.tier == y.tier && x.base == y.base,
                   "the bonus at %lld differs after reload", (long long)turnover);
    clm_retro_forecast f, g;
    ra = clm_retro_bonus_forecast(&f, a, turnover, 0, 100);
    rb = clm_retro_bonus_forecast(&g, b, turnover, 0, 100);
    FUZZ_RC("clm_retro_bonus_forecast", ra, CLM_EOVERFLOW);
    FUZZ_CHECK(ra == rb, "forecast at %lld: %d, after reload %d", (long long)turnover, ra, rb);
    if (ra == 0)
        FUZZ_CHECK(f.to_next == g.to_next && f.gain == g.gain,
                   "the forecast at %lld differs after reload", (long long)turnover);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_retro_scheme *s = FUZZ_SENTINEL;
    int rc = clm_retro_scheme_load_xml(&s, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_retro_scheme_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA, CLM_ECURRENCY);
    if (rc != 0) {
        FUZZ_CHECK(s == FUZZ_SENTINEL, "clm_retro_scheme_load_xml changed *out on failure");
        return 0;
    }
    FUZZ_CHECK(clm_retro_scheme_check(s) == 0, "a loaded scheme fails its check: %s",
               clm_error_last()->message);
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    rc = clm_retro_scheme_save_xml(&x1, &n1, s);
    FUZZ_CHECK(rc == 0, "save of a loaded scheme failed: %s", clm_error_last()->message);
    FUZZ_CHECK(strlen(x1) == n1, "the saved text holds a NUL");
    clm_retro_scheme *t = NULL;
    rc = clm_retro_scheme_load_xml(&t, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "the saved scheme does not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_retro_scheme_save_xml(&x2, &n2, t) == 0, "second save failed");
    fuzz_same_bytes("retro-bonus scheme", x1, n1, x2, n2);
    FUZZ_CHECK(s->tier_count == t->tier_count, "the reloaded scheme has another number of tiers");
    size_t budget = 32; /* tiers tried per input, so a huge scheme stays fast */
    for (size_t i = 0; i < s->tier_count && i < budget; i++) {
        same_bonus(s, t, s->tiers[i].threshold);
        same_bonus(s, t, s->tiers[i].threshold - 1);
    }
    clm_free(x1);
    clm_free(x2);
    clm_retro_scheme_free(t);
    clm_retro_scheme_free(s);
    return 0;
}
