/*
 * dso.c — days sales outstanding (credit.h): receivables / credit sales x
 * days in the period; docs/rules.md, "Payment behaviour and limits".
 */
#include "clm/credit.h"
#include "core/core.h"

int clm_credit_dso_compute(clm_credit_dso *out, const clm_credit_position *positions, size_t n,
                           clm_date from, clm_date to)
{
    if (out == NULL || (positions == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "credit_dso_compute: NULL argument");
    if (from < CLM_DATE_MIN || from > CLM_DATE_MAX || to < CLM_DATE_MIN || to > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "from", NULL, 0, "credit DSO: an invalid date");
    if (from > to)
        return clm_core__fail_at(CLM_ERANGE, "to", NULL, 0,
                                 "credit DSO: the period ends before it starts");
    clm_credit_dso r = { 0 };
    r.days = (int32_t)(to - from + 1);
    for (size_t i = 0; i < n; i++) {
        const clm_credit_position *q = &positions[i];
        if (clm_core__add_ovf(r.receivables, q->open, &r.receivables))
            return clm_core__fail(CLM_EOVERFLOW, "credit DSO: receivables overflow");
        if (q->issued >= from && q->issued <= to &&
            clm_core__add_ovf(r.sales, q->amount - q->credited, &r.sales))
            return clm_core__fail(CLM_EOVERFLOW, "credit DSO: sales overflow");
    }
    if (r.sales > 0) {
        r.defined = 1;
        r.dso = (double)r.receivables / (double)r.sales * (double)r.days;
    }
    *out = r;
    return 0;
}
