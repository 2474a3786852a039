/*
 * due_list.c — the debts overdue on a date, per manager (credit.h): what a
 * manager who "works with debtors" calls about, oldest first.
 */
#include <string.h>

#include "ledger_internal.h"

struct clm_credit_due_list {
    clm_credit_due_item *item;
    size_t n;
    int64_t total;
};

static int cmp_opt(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b ? 0 : a == NULL ? -1 : 1;
    return strcmp(a, b);
}

static int item_cmp(const void *a, const void *b)
{
    const clm_credit_due_item *x = a, *y = b;
    int c = cmp_opt(x->manager, y->manager);
    if (c != 0)
        return c;
    if (x->days_overdue != y->days_overdue)
        return x->days_overdue > y->days_overdue ? -1 : 1;
    if ((c = strcmp(x->client_id, y->client_id)) != 0)
        return c;
    return strcmp(x->invoice_id, y->invoice_id);
}

int clm_credit_due_list_new(clm_credit_due_list **out, const clm_credit_positions *p,
                            const char *manager)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_due_list_new: NULL argument");
    clm_date on = clm_credit_positions_as_of(p);
    size_t n = clm_credit_positions_count(p), m = 0;
    const clm_credit_position *pos = clm_credit_positions_array(p);
    for (size_t i = 0; i < n; i++)
        if (pos[i].open > 0 && on > pos[i].due &&
            (manager == NULL || clm_core__streq(pos[i].manager, manager)))
            m++;
    clm_credit_due_list *d = clm_core__calloc(1, sizeof *d);
    if (d == NULL || (m > 0 && (d->item = clm_core__calloc(m, sizeof *d->item)) == NULL)) {
        clm_core__free(d);
        return clm_core__oom("credit due list");
    }
    for (size_t i = 0; i < n; i++) {
        const clm_credit_position *q = &pos[i];
        if (q->open <= 0 || on <= q->due || (manager != NULL && !clm_core__streq(q->manager, manager)))
            continue;
        clm_credit_due_item *it = &d->item[d->n++];
        it->manager = q->manager;
        it->client_id = q->client_id;
        it->invoice_id = q->invoice_id;
        it->open = q->open;
        it->due = q->due;
        it->since = q->due + 1;
        it->days_overdue = (int32_t)(on - q->due);
        d->total += q->open; /* each open is part of the positions' total, which fits */
    }
    clm_core__qsort(d->item, d->n, sizeof *d->item, item_cmp);
    *out = d;
    return 0;
}

void clm_credit_due_list_free(clm_credit_due_list *d)
{
    if (d == NULL)
        return;
    clm_core__free(d->item);
    clm_core__free(d);
}

size_t clm_credit_due_list_count(const clm_credit_due_list *d)
{
    return d != NULL ? d->n : 0;
}

const clm_credit_due_item *clm_credit_due_list_at(const clm_credit_due_list *d, size_t i)
{
    return d != NULL && i < d->n ? &d->item[i] : NULL;
}

int64_t clm_credit_due_list_total(const clm_credit_due_list *d)
{
    return d != NULL ? d->total : 0;
}
