/* fuzz_contact_decode.c — clm_contact_entry_decode(), the reader of the
 * contact bodies a store holds: documented codes, the log unchanged on
 * failure; decode -> encode -> decode -> encode gives the same bytes. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_contact_log *log = NULL;
    if (clm_contact_log_new(&log) != 0)
        fuzz_die("clm_contact_log_new failed");
    size_t index = (size_t)-7;
    int rc = clm_contact_entry_decode(log, (const char *)data, size, &index);
    FUZZ_RC("clm_contact_entry_decode", rc, CLM_EINVAL, CLM_EVERSION, CLM_EPARSE, CLM_ELIMIT);
    if (rc != 0) {
        FUZZ_CHECK(clm_contact_log_count(log) == 0, "a failed decode added an entry");
        FUZZ_CHECK(index == (size_t)-7, "a failed decode set *index");
        clm_contact_log_free(log);
        return 0;
    }
    FUZZ_CHECK(clm_contact_log_count(log) == 1 && index == 0, "decode added %zu entries, index %zu",
               clm_contact_log_count(log), index);
    clm_contact_entry e;
    FUZZ_CHECK(clm_contact_log_at(&e, log, 0) == 0, "log_at 0 failed");
    char *t1 = NULL, *t2 = NULL;
    size_t n1 = 0, n2 = 0;
    rc = clm_contact_entry_encode(&t1, &n1, &e);
    FUZZ_CHECK(rc == 0, "encode of a decoded entry failed: %s", clm_error_last()->message);
    clm_contact_log *log2 = NULL;
    if (clm_contact_log_new(&log2) != 0)
        fuzz_die("clm_contact_log_new failed");
    rc = clm_contact_entry_decode(log2, t1, n1, NULL);
    FUZZ_CHECK(rc == 0, "the encoding does not decode: %s\n%s", clm_error_last()->message, t1);
    clm_contact_entry e2;
    FUZZ_CHECK(clm_contact_log_at(&e2, log2, 0) == 0, "log_at 0 failed");
    FUZZ_CHECK(clm_contact_entry_encode(&t2, &n2, &e2) == 0, "second encode failed");
    fuzz_same_bytes("contact entry", t1, n1, t2, n2);
    clm_free(t1);
    clm_free(t2);
    clm_contact_log_free(log2);
    clm_contact_log_free(log);
    return 0;
}
