/*
 * ratio.c — receivables against turnover per client or per manager, with a
 * norm (credit.h): the ratio a head of sales watches for each manager.
 */
#include <string.h>

#include "ledger_internal.h"

struct clm_credit_ratios {
    clm_credit_ratio *row;
    size_t n;
};

typedef struct keyed {
    const char *key;
    const clm_credit_position *q;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const char *x = ((const keyed *)a)->key, *y = ((const keyed *)b)->key;
    if (x == NULL || y == NULL)
        return x == y ? 0 : x == NULL ? -1 : 1;
    return strcmp(x, y);
}

int clm_credit_ratios_new(clm_credit_ratios **out, const clm_credit_positions *p,
                          clm_credit_grouping by, clm_date from, clm_date to, clm_rate norm)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_ratios_new: NULL argument");
    if (by != CLM_CREDIT_BY_CLIENT && by != CLM_CREDIT_BY_MANAGER)
        return clm_core__fail_at(CLM_EINVAL, "by", NULL, 0, "credit ratios: unknown grouping %d",
                                 (int)by);
    if (norm < 0)
        return clm_core__fail_at(CLM_EINVAL, "norm", NULL, 0, "credit ratios: a negative norm");
    int rc;
    if ((rc = clm_credit__check_date(from, "from", "credit ratios")) < 0 ||
        (rc = clm_credit__check_date(to, "to", "credit ratios")) < 0)
        return rc;
    if (from > to)
        return clm_core__fail_at(CLM_ERANGE, "to", NULL, 0,
                                 "credit ratios: the period ends before it starts");
    size_t n = clm_credit_positions_count(p);
    const clm_credit_position *pos = clm_credit_positions_array(p);
    keyed *k = NULL;
    clm_credit_ratios *r = clm_core__calloc(1, sizeof *r);
    if (r == NULL || (n > 0 && ((k = clm_core__calloc(n, sizeof *k)) == NULL ||
                                (r->row = clm_core__calloc(n, sizeof *r->row)) == NULL))) {
        rc = clm_core__oom("credit ratios");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        k[i].key = by == CLM_CREDIT_BY_CLIENT ? pos[i].client_id : pos[i].manager;
        k[i].q = &pos[i];
    }
    clm_core__qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t i = 0; i < n; i++) {
        if (r->n == 0 || keyed_cmp(&k[i], &k[i - 1]) != 0)
            r->row[r->n++].key = k[i].key;
        clm_credit_ratio *row = &r->row[r->n - 1];
        const clm_credit_position *q = k[i].q;
        if (clm_core__add_ovf(row->receivables, q->open, &row->receivables) ||
            (q->issued >= from && q->issued <= to &&
             clm_core__add_ovf(row->turnover, q->amount - q->credited, &row->turnover))) {
            rc = clm_core__fail(CLM_EOVERFLOW, "credit ratios: a sum overflows");
            goto fail;
        }
    }
    for (size_t i = 0; i < r->n; i++) {
        clm_credit_ratio *row = &r->row[i];
        if (row->turnover > 0) {
            row->defined = 1;
            if ((rc = clm_muldiv_round(&row->ratio, row->receivables, CLM_RATE_ONE, row->turnover,
                                       CLM_ROUND_HALF_UP)) < 0)
                goto fail;
            row->over_norm = row->ratio > norm;
        } else {
            row->over_norm = row->receivables > 0;
        }
    }
    clm_core__free(k);
    *out = r;
    return 0;
fail:
    clm_core__free(k);
    clm_credit_ratios_free(r);
    return rc;
}

void clm_credit_ratios_free(clm_credit_ratios *r)
{
    if (r == NULL)
        return;
    clm_core__free(r->row);
    clm_core__free(r);
}

size_t clm_credit_ratios_count(const clm_credit_ratios *r)
{
    return r != NULL ? r->n : 0;
}

const clm_credit_ratio *clm_credit_ratios_at(const clm_credit_ratios *r, size_t i)
{
    return r != NULL && i < r->n ? &r->row[i] : NULL;
}
