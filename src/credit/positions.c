/*
 * positions.c — what every invoice of a ledger owes on a date (credit.h,
 * "Positions"): payments and credit notes applied in date order, the
 * overpayments and unallocated money as unapplied credit, and the slices
 * that make an invoice's days beyond terms.
 */
#include <string.h>

#include "ledger_internal.h"

struct clm_credit_positions {
    char currency[4];
    clm_date as_of;
    clm_credit_position *pos;
    size_t n;
    int64_t unapplied;
    int64_t open;
};

/* A payment or note to apply to one invoice, with what orders it there. */
typedef struct apply_item {
    clm_date date;
    int kind;
    const char *id;
    int64_t amount;
} apply_item;

/* The order of one invoice's items: by date; on one day a credit note
 * before money (it changes what is owed on its day before money meets it);
 * then by id, which is unique in a ledger, so the order is total. */
static int apply_cmp(const void *a, const void *b)
{
    const apply_item *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind == CLM_CREDIT_CREDIT_NOTE ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Sorts one invoice's items: almost always one or two, so insertion sort;
 * qsort for the rare invoice paid in many parts. */
static void sort_items(apply_item *it, size_t n)
{
    if (n > 16) {
        clm_core__qsort(it, n, sizeof *it, apply_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        apply_item x = it[i];
        size_t j = i;
        for (; j > 0 && apply_cmp(&it[j - 1], &x) > 0; j--)
            it[j] = it[j - 1];
        it[j] = x;
    }
}

static int overflow(const char *what)
{
    return clm_core__fail(CLM_EOVERFLOW, "credit positions: %s does not fit in 64 bits", what);
}

int clm_credit_positions_new(clm_credit_positions **out, const clm_credit_ledger *l,
                             const char *client_id, clm_date as_of)
{
    if (out == NULL || l == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_positions_new: NULL argument");
    int rc = clm_credit__check_date(as_of, "as_of", "credit positions");
    if (rc < 0)
        return rc;
    clm_credit_positions *p = clm_core__calloc(1, sizeof *p);
    size_t *slot = NULL;     /* ledger invoice index -> position + 1 */
    size_t *end = NULL;      /* position -> end of its items in `items` */
    apply_item *items = NULL;
    if (p == NULL || (l->ninv > 0 && (slot = clm_core__calloc(l->ninv, sizeof *slot)) == NULL)) {
        rc = clm_core__oom("credit positions");
        goto fail;
    }
    memcpy(p->currency, l->currency, sizeof p->currency);
    p->as_of = as_of;
    size_t n = 0;
    for (size_t i = 0; i < l->ninv; i++)
        if (l->inv[i].issued <= as_of && (client_id == NULL || strcmp(l->inv[i].client, client_id) == 0))
            n++;
    if (n > 0 && (p->pos = clm_core__calloc(n, sizeof *p->pos)) == NULL) {
        rc = clm_core__oom("credit positions");
        goto fail;
    }
    for (size_t i = 0; i < l->ninv; i++) {
        const clm_credit__invoice *v = &l->inv[i];
        if (v->issued > as_of || (client_id != NULL && strcmp(v->client, client_id) != 0))
            continue;
        clm_credit_position *q = &p->pos[p->n];
        q->invoice_id = v->id;
        q->client_id = v->client;
        q->manager = v->manager;
        q->issued = v->issued;
        q->due = v->due;
        q->amount = v->amount;
        q->open = v->amount;
        q->settled = CLM_CREDIT_NO_DATE;
        slot[i] = ++p->n;
    }
    /* The payments and notes that apply: dated on or before as_of, to an
     * invoice with a position (so of the clients selected: a payment and
     * its invoice share the client). They are grouped by position with a
     * counting sort (end[j] ends position j's group), and each group is
     * sorted alone: the settling needs each invoice's items in order, not
     * one order of all of them, and a sort of millions of items compared
     * field by field was most of the time this took. Those with no
     * position to settle are unapplied. */
    size_t m = 0;
    if (p->n > 0 && (end = clm_core__calloc(p->n, sizeof *end)) == NULL) {
        rc = clm_core__oom("credit positions");
        goto fail;
    }
    for (size_t i = 0; i < l->npay; i++) {
        const clm_credit__payment *y = &l->pay[i];
        if (y->date <= as_of && y->invoice != CLM_CREDIT__NONE && slot[y->invoice] != 0) {
            end[slot[y->invoice] - 1]++;
            m++;
        }
    }
    if (m > 0 && (items = clm_core__calloc(m, sizeof *items)) == NULL) {
        rc = clm_core__oom("credit positions");
        goto fail;
    }
    for (size_t j = 0, at = 0; j < p->n; j++) { /* end[j]: where group j starts */
        size_t c = end[j];
        end[j] = at;
        at += c;
    }
    for (size_t i = 0; i < l->npay; i++) {
        const clm_credit__payment *y = &l->pay[i];
        if (y->date > as_of || (client_id != NULL && strcmp(y->client, client_id) != 0))
            continue;
        if (y->invoice != CLM_CREDIT__NONE && slot[y->invoice] != 0) {
            apply_item *it = &items[end[slot[y->invoice] - 1]++];
            it->date = y->date;
            it->kind = (int)y->kind;
            it->id = y->id;
            it->amount = y->amount;
        } else if (clm_core__add_ovf(p->unapplied, y->amount, &p->unapplied)) {
            rc = overflow("the unapplied credit");
            goto fail;
        }
    }
    /* Walk each position's items, then close its slices. */
    for (size_t j = 0, k = 0; j < p->n; j++) {
        clm_credit_position *q = &p->pos[j];
        clm_core__i128 num = 0; /* sum of applied x days beyond */
        int64_t weight = 0;
        if (end[j] > k) /* no items: `items` may be NULL, and NULL + 0 is undefined */
            sort_items(items + k, end[j] - k);
        for (; k < end[j]; k++) {
            const apply_item *it = &items[k];
            int64_t applied = it->amount < q->open ? it->amount : q->open;
            int64_t excess = it->amount - applied;
            if (excess > 0 && clm_core__add_ovf(p->unapplied, excess, &p->unapplied)) {
                rc = overflow("the unapplied credit");
                goto fail;
            }
            if (applied == 0)
                continue;
            q->open -= applied;
            if (it->kind == CLM_CREDIT_CREDIT_NOTE) {
                q->credited += applied;
            } else {
                q->paid += applied;
                num += (clm_core__i128)applied * (int64_t)(it->date - q->due);
                weight += applied;
            }
            if (q->open == 0)
                q->settled = it->date;
        }
        if (q->open > 0 && as_of > q->due) {
            num += (clm_core__i128)q->open * (int64_t)(as_of - q->due);
            weight += q->open;
        }
        if (weight > 0) {
            q->has_experience = 1;
            q->experience_weight = weight;
            q->days_beyond = (double)num / (double)weight;
        }
        if (clm_core__add_ovf(p->open, q->open, &p->open)) {
            rc = overflow("the open balance");
            goto fail;
        }
    }
    clm_core__free(items);
    clm_core__free(end);
    clm_core__free(slot);
    *out = p;
    return 0;
fail:
    clm_core__free(items);
    clm_core__free(end);
    clm_core__free(slot);
    clm_credit_positions_free(p);
    return rc;
}

void clm_credit_positions_free(clm_credit_positions *p)
{
    if (p == NULL)
        return;
    clm_core__free(p->pos);
    clm_core__free(p);
}

size_t clm_credit_positions_count(const clm_credit_positions *p)
{
    return p != NULL ? p->n : 0;
}

const clm_credit_position *clm_credit_positions_array(const clm_credit_positions *p)
{
    return p != NULL && p->n > 0 ? p->pos : NULL;
}

const clm_credit_position *clm_credit_positions_at(const clm_credit_positions *p, size_t i)
{
    return p != NULL && i < p->n ? &p->pos[i] : NULL;
}

clm_date clm_credit_positions_as_of(const clm_credit_positions *p)
{
    return p != NULL ? p->as_of : CLM_CREDIT_NO_DATE;
}

int64_t clm_credit_positions_unapplied(const clm_credit_positions *p)
{
    return p != NULL ? p->unapplied : 0;
}

int64_t clm_credit_positions_open(const clm_credit_positions *p)
{
    return p != NULL ? p->open : 0;
}

const char *clm_credit_positions_currency(const clm_credit_positions *p)
{
    return p != NULL ? p->currency : NULL;
}
