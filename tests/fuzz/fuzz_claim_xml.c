/* fuzz_claim_xml.c — clm_claim_regimes_load_xml() on every input: a
 * documented code, and on failure a message and the set exactly as it was
 * (the two built-in regimes, nothing added). What loads is all or none:
 * every regime it added passes clm_claim_regimes_add() into a fresh set,
 * and loading the same document again is CLM_EEXISTS with the set
 * unchanged. (There is no writer, so no round trip.) */
#include "fuzz.h"

static clm_claim_regimes *new_set(void)
{
    clm_claim_regimes *set = NULL;
    if (clm_claim_regimes_new(&set) != 0)
        fuzz_die("clm_claim_regimes_new failed: %s", clm_error_last()->message);
    return set;
}

static int builtin(const char *id)
{
    return strcmp(id, CLM_CLAIM_REGIME_RU_CONSUMER) == 0 ||
           strcmp(id, CLM_CLAIM_REGIME_RU_BUSINESS) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_claim_regimes *set = new_set();
    size_t before = clm_claim_regimes_count(set);
    int rc = clm_claim_regimes_load_xml(set, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_claim_regimes_load_xml", rc, CLM_EINVAL, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA,
            CLM_EEXISTS);
    size_t after = clm_claim_regimes_count(set);
    if (rc != 0) {
        FUZZ_CHECK(after == before, "a failed load left %zu regimes, not %zu", after, before);
        clm_claim_regimes_free(set);
        return 0;
    }
    FUZZ_CHECK(after > before, "a successful load added no regime");
    /* Every regime the loader accepted passes the setter's own checks. */
    clm_claim_regimes *copy = new_set();
    for (size_t i = 0; i < after; i++) {
        const clm_claim_regime *r = NULL;
        FUZZ_CHECK(clm_claim_regimes_at(&r, set, i) == 0 && r != NULL, "regime %zu missing", i);
        if (builtin(r->id))
            continue;
        const clm_claim_regime *found = NULL;
        FUZZ_CHECK(clm_claim_regimes_find(&found, set, r->id) == 0 && found == r,
                   "regime '%s' is not found by its id", r->id);
        rc = clm_claim_regimes_add(copy, r);
        FUZZ_CHECK(rc == 0, "a loaded regime '%s' is refused by clm_claim_regimes_add: %s", r->id,
                   clm_error_last()->message);
    }
    FUZZ_CHECK(clm_claim_regimes_count(copy) == after, "the copy holds %zu regimes, not %zu",
               clm_claim_regimes_count(copy), after);
    clm_claim_regimes_free(copy);
    /* The same document again: every id is taken, and nothing is added. */
    rc = clm_claim_regimes_load_xml(set, (const char *)data, size, "fuzz", NULL);
    FUZZ_CHECK(rc == CLM_EEXISTS, "loading the document twice returned %d, not CLM_EEXISTS", rc);
    FUZZ_CHECK(clm_claim_regimes_count(set) == after, "a refused second load changed the set");
    clm_claim_regimes_free(set);
    return 0;
}
