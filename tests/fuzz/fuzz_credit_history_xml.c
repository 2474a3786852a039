/* fuzz_credit_history_xml.c — clm_credit_history_load_xml() on every
 * input: a documented code, and on failure a message and *out untouched.
 * What loads answers its accessors; its ledger gives positions, ageing and
 * a reconciliation statement as of the file's last date (what the
 * credit-check example does with a history). There is no writer of a
 * history, so no round trip. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_credit_history *h = FUZZ_SENTINEL;
    int rc = clm_credit_history_load_xml(&h, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_credit_history_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA,
            CLM_ECURRENCY);
    if (rc != 0) {
        FUZZ_CHECK(h == FUZZ_SENTINEL, "clm_credit_history_load_xml changed *out on failure");
        return 0;
    }
    const clm_credit_ledger *l = clm_credit_history_ledger(h);
    FUZZ_CHECK(l != NULL, "a loaded history has no ledger");
    const clm_credit_client_file *c = clm_credit_history_client(h);
    if (c != NULL)
        FUZZ_CHECK(c->id != NULL && c->id[0] != '\0', "the client element has no id");
    clm_date last = clm_credit_history_last_date(h);
    if (last != CLM_CREDIT_NO_DATE) {
        /* What credit-check does with a history: positions as of the last
         * date, aged; and the client's reconciliation statement to then. */
        clm_credit_positions *ps = FUZZ_SENTINEL;
        rc = clm_credit_positions_new(&ps, l, c != NULL ? c->id : NULL, last);
        FUZZ_RC("clm_credit_positions_new", rc, CLM_EOVERFLOW);
        if (rc == 0) {
            clm_credit_ageing ag;
            rc = clm_credit_ageing_compute(&ag, clm_credit_positions_array(ps),
                                           clm_credit_positions_count(ps), last, NULL);
            FUZZ_RC("clm_credit_ageing_compute", rc, CLM_EOVERFLOW);
            clm_credit_positions_free(ps);
        } else {
            FUZZ_CHECK(ps == FUZZ_SENTINEL, "clm_credit_positions_new changed *out on failure");
        }
        if (c != NULL) {
            clm_credit_reconciliation *rs = NULL;
            rc = clm_credit_reconciliation_new(&rs, l, c->id, CLM_DATE_MIN, last);
            FUZZ_RC("clm_credit_reconciliation_new", rc, CLM_EOVERFLOW);
            if (rc == 0) {
                char *x = NULL;
                size_t n = 0;
                FUZZ_CHECK(clm_credit_reconciliation_save_xml(&x, &n, rs) == 0,
                           "a reconciliation statement does not save: %s",
                           clm_error_last()->message);
                FUZZ_CHECK(strlen(x) == n, "the statement's length is not its text's");
                clm_free(x);
                clm_credit_reconciliation_free(rs);
            }
        }
    }
    clm_credit_history_free(h);
    return 0;
}
