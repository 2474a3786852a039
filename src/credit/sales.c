/*
 * sales.c — segmentation input from stored sales (credit_sales.h): the
 * ledger read from the store, summed per client and period.
 */
#include <string.h>

#include "clm/credit_sales.h"
#include "clm/credit_store.h"
#include "clm/segment.h"
#include "ledger_internal.h"

struct clm_credit_sales {
    char **clients;   /* row order */
    size_t n;
    size_t periods;
    int64_t *amounts; /* n * periods */
};

int clm_credit_sales_query_init(clm_credit_sales_query *q)
{
    if (q == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_sales_query_init: NULL query");
    *q = (clm_credit_sales_query)CLM_CREDIT_SALES_QUERY_INIT;
    return CLM_OK;
}

void clm_credit_sales_free(clm_credit_sales *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        clm_core__free(s->clients[i]);
    clm_core__free(s->clients);
    clm_core__free(s->amounts);
    clm_core__free(s);
}

size_t clm_credit_sales_count(const clm_credit_sales *s)
{
    return s != NULL ? s->n : 0;
}

size_t clm_credit_sales_periods(const clm_credit_sales *s)
{
    return s != NULL ? s->periods : 0;
}

const char *clm_credit_sales_client(const clm_credit_sales *s, size_t i)
{
    return s != NULL && i < s->n ? s->clients[i] : NULL;
}

const int64_t *clm_credit_sales_amounts(const clm_credit_sales *s)
{
    return s != NULL && s->n > 0 ? s->amounts : NULL;
}

/* A row lookup entry: client id -> row. */
typedef struct row_of {
    const char *client;
    size_t row;
} row_of;

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const row_of *)a)->client, ((const row_of *)b)->client);
}

static int cmp_key_row(const void *key, const void *elem)
{
    return strcmp(key, ((const row_of *)elem)->client);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The period of `day`, or SIZE_MAX outside them: the last p with
 * bounds[p] <= day, if day < bounds[periods]. */
static size_t period_of(const clm_date *bounds, size_t periods, clm_date day)
{
    if (day < bounds[0] || day >= bounds[periods])
        return SIZE_MAX;
    size_t lo = 0, hi = periods; /* bounds[lo] <= day < bounds[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (bounds[mid] <= day)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int check_query(const clm_credit_sales_query *q)
{
    int rc = clm_core__check_version(q->version, CLM_CREDIT_SALES_QUERY_VERSION, "clm_credit_sales_query");
    if (rc < 0)
        return rc;
    if (q->currency == NULL)
        return clm_core__fail_at(CLM_EINVAL, "currency", "", 0, "credit sales: no currency");
    if (q->bounds == NULL || q->periods == 0)
        return clm_core__fail_at(CLM_EINVAL, "bounds", "", 0, "credit sales: no periods (bounds and periods >= 1)");
    if (q->periods > CLM_SEGMENT_MAX_PERIODS)
        return clm_core__fail_at(CLM_ELIMIT, "periods", "", 0, "credit sales: %zu periods, at most %zu", q->periods,
                                 CLM_SEGMENT_MAX_PERIODS);
    for (size_t p = 0; p <= q->periods; p++) {
        if (clm_date_to_ymd(q->bounds[p], NULL, NULL, NULL) < 0)
            return clm_core__fail_at(CLM_EINVAL, "bounds", "", 0, "credit sales: bound %zu is not a valid date", p);
        if (p > 0 && q->bounds[p] <= q->bounds[p - 1])
            return clm_core__fail_at(CLM_EINVAL, "bounds", "", 0,
                                     "credit sales: bound %zu is not after bound %zu (periods must not be empty)", p,
                                     p - 1);
    }
    if (q->clients == NULL && q->nclients > 0)
        return clm_core__fail_at(CLM_EINVAL, "clients", "", 0, "credit sales: %zu clients but no array", q->nclients);
    for (size_t i = 0; i < q->nclients; i++)
        if ((rc = clm_core__check_text(q->clients[i], CLM_CORE__TEXT_ID, "clients")) < 0)
            return rc;
    return CLM_OK;
}

int clm_credit_store_sales(clm_credit_sales **out, clm_store *st, const clm_credit_sales_query *q)
{
    if (out == NULL || st == NULL || q == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_store_sales: NULL argument");
    int rc = check_query(q);
    if (rc < 0)
        return rc;
    clm_credit_ledger *l = NULL;
    if ((rc = clm_credit__store_load_sales(&l, st, q->currency, q->bounds[0],
                                           q->bounds[q->periods] - 1)) < 0)
        return rc;

    clm_credit_sales *s = clm_core__calloc(1, sizeof *s);
    row_of *rows = NULL;
    const char **names = NULL;
    size_t n = 0;
    if (s == NULL) {
        rc = clm_core__oom("credit sales");
        goto out;
    }
    s->periods = q->periods;
    /* the row names: the caller's, or every client with a sale in range */
    if (q->clients != NULL) {
        n = q->nclients;
        names = clm_core__calloc(n > 0 ? n : 1, sizeof *names);
        if (names == NULL) {
            rc = clm_core__oom("credit sales");
            goto out;
        }
        memcpy(names, q->clients, n * sizeof *names);
    } else {
        names = clm_core__calloc(l->ninv + l->npay + 1, sizeof *names);
        if (names == NULL) {
            rc = clm_core__oom("credit sales");
            goto out;
        }
        for (size_t i = 0; i < l->ninv; i++)
            if (period_of(q->bounds, q->periods, l->inv[i].issued) != SIZE_MAX)
                names[n++] = l->inv[i].client;
        for (size_t i = 0; i < l->npay; i++)
            if (l->pay[i].kind == CLM_CREDIT_CREDIT_NOTE &&
                period_of(q->bounds, q->periods, l->pay[i].date) != SIZE_MAX)
                names[n++] = l->pay[i].client;
        clm_core__qsort(names, n, sizeof *names, cmp_str);
        size_t w = 0;
        for (size_t i = 0; i < n; i++)
            if (w == 0 || strcmp(names[w - 1], names[i]) != 0)
                names[w++] = names[i];
        n = w;
    }
    rows = clm_core__calloc(n > 0 ? n : 1, sizeof *rows);
    s->clients = clm_core__calloc(n > 0 ? n : 1, sizeof *s->clients);
    s->amounts = clm_core__calloc(n > 0 ? n * q->periods : 1, sizeof *s->amounts);
    if (rows == NULL || s->clients == NULL || s->amounts == NULL) {
        rc = clm_core__oom("credit sales");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if ((s->clients[i] = clm_core__strdup(names[i])) == NULL) {
            rc = clm_core__oom("credit sales");
            goto out;
        }
        s->n = i + 1;
        rows[i] = (row_of){s->clients[i], i};
    }
    clm_core__qsort(rows, n, sizeof *rows, cmp_row);
    for (size_t i = 1; i < n; i++)
        if (strcmp(rows[i - 1].client, rows[i].client) == 0) {
            rc = clm_core__fail_at(CLM_EINVAL, "clients", "", 0, "credit sales: client '%s' given twice",
                                   rows[i].client);
            goto out;
        }
    /* the sums: invoices add, credit notes subtract */
    for (size_t i = 0; i < l->ninv + l->npay && rc == CLM_OK; i++) {
        const char *client;
        clm_date day;
        int64_t amount;
        if (i < l->ninv) {
            client = l->inv[i].client;
            day = l->inv[i].issued;
            amount = l->inv[i].amount;
        } else {
            const clm_credit__payment *p = &l->pay[i - l->ninv];
            if (p->kind != CLM_CREDIT_CREDIT_NOTE)
                continue;
            client = p->client;
            day = p->date;
            amount = -p->amount;
        }
        size_t per = period_of(q->bounds, q->periods, day);
        if (per == SIZE_MAX)
            continue;
        size_t k = clm_core__lower_bound(client, rows, n, sizeof *rows, cmp_key_row);
        if (k == n || strcmp(rows[k].client, client) != 0)
            continue; /* a client the caller left out */
        int64_t *cell = &s->amounts[rows[k].row * q->periods + per];
        if (clm_core__add_ovf(*cell, amount, cell))
            rc = clm_core__fail(CLM_EOVERFLOW, "credit sales: client '%s', period %zu: the sum does not fit int64",
                                client, per);
    }
out:
    clm_core__free(rows);
    clm_core__free(names);
    clm_credit_ledger_free(l);
    if (rc < 0) {
        clm_credit_sales_free(s);
        return rc;
    }
    *out = s;
    return CLM_OK;
}
