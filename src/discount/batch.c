/*
 * batch.c — pricing many documents in one call, without traces: what a
 * quote or an order screen calls for every line. The scratch memory is
 * the engine's spare (result.c), kept from one call to the next. A failure leaves the caller's arrays untouched: documents
 * that cannot fail (clm_discount__doc_check_bounded()) are priced in
 * place, the others into a copy first.
 */
#include <string.h>

#include "discount_internal.h"

int clm_discount_engine_price_batch(clm_discount_line_result *lines, size_t line_capacity,
                                    clm_discount_totals *totals, const clm_discount_engine *e,
                                    const clm_discount_document *docs, size_t n)
{
    if (e == NULL || (n > 0 && (docs == NULL || lines == NULL || totals == NULL)))
        return clm_core__fail(CLM_EINVAL, "discount batch: NULL argument");
    /* every document checked before any is priced; `ones` counts the
     * bounded 1-line documents, seen at a glance */
    size_t need = 0, max_lines = 0, ones = 0;
    bool direct = true;
    const char *cur = NULL; /* a currency string found to be the policy's */
    for (size_t k = 0; k < n; k++) {
        if (clm_discount__one_line_ok(e, &docs[k], &cur)) {
            ones++;
            continue;
        }
        bool bounded = false;
        int rc = clm_discount__doc_check_bounded(e, &docs[k], k, &bounded);
        if (rc < 0)
            return rc;
        direct = direct && bounded;
        if (docs[k].line_count > SIZE_MAX - need)
            return clm_core__fail(CLM_EOVERFLOW, "discount batch: too many lines");
        need += docs[k].line_count;
        if (docs[k].line_count > max_lines)
            max_lines = docs[k].line_count;
    }
    if (ones > SIZE_MAX - need)
        return clm_core__fail(CLM_EOVERFLOW, "discount batch: too many lines");
    need += ones;
    if (ones > 0 && max_lines == 0)
        max_lines = 1;
    if (need > line_capacity)
        return clm_core__fail_at(CLM_EBUFSIZE, "lines", "", 0,
                            "discount batch: %zu documents need %zu line results, the array "
                            "holds %zu", n, need, line_capacity);
    if (n == 0)
        return 0;
    /* documents whose pricing cannot fail are priced straight into the
     * caller's arrays; otherwise into a copy, so a failure leaves them
     * untouched */
    clm_discount_line_result *work = direct ? lines : clm_core__reallocarray(NULL, need, sizeof *work);
    clm_discount_totals *wtot = direct ? totals : clm_core__reallocarray(NULL, n, sizeof *wtot);
    struct clm_discount__spare *sp = NULL;
    int rc = 0;
    if (work == NULL || wtot == NULL)
        rc = clm_core__oom("discount batch");
    if (rc == 0 && (sp = clm_discount__spare_take(e, max_lines)) == NULL)
        rc = CLM_ENOMEM;
    if (rc == 0 && direct && e->one && ones == n) {
        /* bounded 1-line documents only (a quote of one product each):
         * each in one pass */
        rc = clm_discount__quick_ones(e, docs, n, &sp->s, work, wtot);
    } else {
        size_t at = 0;
        for (size_t k = 0; rc == 0 && k < n; k++) {
            /* a bounded 1-line document in one pass (direct: every
             * document is bounded) */
            if (direct && e->one && docs[k].line_count == 1)
                rc = clm_discount__quick_one(e, &docs[k], k, &sp->s, work + at, &wtot[k]);
            else
                rc = clm_discount__price(e, &docs[k], k, &sp->s, work + at, &wtot[k], NULL);
            at += docs[k].line_count;
        }
    }
    if (rc == 0 && !direct) {
        memcpy(lines, work, need * sizeof *work);
        memcpy(totals, wtot, n * sizeof *wtot);
    }
    if (sp != NULL)
        clm_discount__spare_give(e, sp);
    if (!direct) {
        clm_core__free(work);
        clm_core__free(wtot);
    }
    return rc;
}
