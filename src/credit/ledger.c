/*
 * ledger.c — the ledger of invoices, payments and credit notes (credit.h):
 * validated copies, with hash indexes on the ids so that adding is O(1)
 * even for millions of invoices. Every add prepares everything that can
 * fail before it changes the ledger.
 */
#include <string.h>

#include "ledger_internal.h"

int clm_credit__check_date(clm_date d, const char *field, const char *what)
{
    if (d < CLM_DATE_MIN || d > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, field, NULL, 0,
                                 "%s: %s %ld is not a valid date", what, field, (long)d);
    return 0;
}

int clm_credit_invoice_init(clm_credit_invoice *inv)
{
    if (inv == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_invoice_init: NULL");
    clm_credit_invoice init = CLM_CREDIT_INVOICE_INIT;
    *inv = init;
    return 0;
}

int clm_credit_payment_init(clm_credit_payment *p)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_payment_init: NULL");
    clm_credit_payment init = CLM_CREDIT_PAYMENT_INIT;
    *p = init;
    return 0;
}

const char *clm_credit_payment_kind_name(clm_credit_payment_kind k)
{
    switch (k) {
    case CLM_CREDIT_PAYMENT: return "payment";
    case CLM_CREDIT_CREDIT_NOTE: return "credit-note";
    }
    return NULL;
}

int clm_credit_payment_kind_from_name(clm_credit_payment_kind *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_payment_kind_from_name: NULL");
    for (int k = CLM_CREDIT_PAYMENT; k <= CLM_CREDIT_CREDIT_NOTE; k++)
        if (clm_core__streq(name, clm_credit_payment_kind_name((clm_credit_payment_kind)k))) {
            *out = (clm_credit_payment_kind)k;
            return 0;
        }
    return clm_core__fail_at(CLM_ENOTFOUND, "kind", NULL, 0,
                             "credit: '%s' is not a payment kind (payment, credit-note)", name);
}

/* ---- the id index ---------------------------------------------------------- */

static size_t hash_id(const char *s)
{
    uint64_t h = UINT64_C(1469598103934665603); /* FNV-1a, 64 bit */
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    return (size_t)h;
}

typedef const char *(*id_of_fn)(const clm_credit_ledger *l, size_t i);

static const char *invoice_id_of(const clm_credit_ledger *l, size_t i) { return l->inv[i].id; }
static const char *payment_id_of(const clm_credit_ledger *l, size_t i) { return l->pay[i].id; }

static size_t index_find(const clm_credit_ledger *l, const clm_credit__index *x, id_of_fn id_of,
                         const char *id)
{
    if (x->cap == 0)
        return CLM_CREDIT__NONE;
    size_t mask = x->cap - 1;
    for (size_t at = hash_id(id) & mask;; at = (at + 1) & mask) {
        size_t v = x->slot[at];
        if (v == 0)
            return CLM_CREDIT__NONE;
        if (strcmp(id_of(l, v - 1), id) == 0)
            return v - 1;
    }
}

static void index_put(clm_credit__index *x, const char *id, size_t i)
{
    size_t mask = x->cap - 1;
    size_t at = hash_id(id) & mask;
    while (x->slot[at] != 0)
        at = (at + 1) & mask;
    x->slot[at] = i + 1;
}

/* Makes room for n entries at a load of at most one half; unchanged on
 * failure. */
static int index_reserve(clm_credit_ledger *l, clm_credit__index *x, id_of_fn id_of, size_t n)
{
    if (n <= x->cap / 2)
        return 0;
    size_t cap = x->cap != 0 ? x->cap : 16;
    while (n > cap / 2) {
        if (cap > SIZE_MAX / 4)
            return clm_core__oom("credit ledger index");
        cap *= 2;
    }
    size_t *slot = clm_core__calloc(cap, sizeof *slot);
    if (slot == NULL)
        return clm_core__oom("credit ledger index");
    clm_credit__index nx = { slot, cap };
    for (size_t i = 0; i < x->cap; i++)
        if (x->slot[i] != 0)
            index_put(&nx, id_of(l, x->slot[i] - 1), x->slot[i] - 1);
    clm_core__free(x->slot);
    *x = nx;
    return 0;
}

size_t clm_credit__find_invoice(const clm_credit_ledger *l, const char *id)
{
    return index_find(l, &l->inv_index, invoice_id_of, id);
}

/* ---- the ledger -------------------------------------------------------------- */

int clm_credit_ledger_new(clm_credit_ledger **out, const char *currency)
{
    if (out == NULL || currency == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_ledger_new: NULL argument");
    clm_currency cur;
    int rc = clm_currency_find(&cur, currency);
    if (rc < 0)
        return rc;
    clm_credit_ledger *l = clm_core__calloc(1, sizeof *l);
    if (l == NULL)
        return clm_core__oom("credit ledger");
    memcpy(l->currency, cur.code, sizeof l->currency);
    *out = l;
    return 0;
}

void clm_credit_ledger_free(clm_credit_ledger *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->ninv; i++) {
        clm_core__free(l->inv[i].id);
        clm_core__free(l->inv[i].client);
        clm_core__free(l->inv[i].manager);
    }
    for (size_t i = 0; i < l->npay; i++) {
        clm_core__free(l->pay[i].id);
        clm_core__free(l->pay[i].client);
    }
    clm_core__free(l->inv);
    clm_core__free(l->pay);
    clm_core__free(l->inv_index.slot);
    clm_core__free(l->pay_index.slot);
    clm_core__free(l);
}

const char *clm_credit_ledger_currency(const clm_credit_ledger *l)
{
    return l != NULL ? l->currency : NULL;
}

size_t clm_credit_ledger_invoice_count(const clm_credit_ledger *l)
{
    return l != NULL ? l->ninv : 0;
}

size_t clm_credit_ledger_payment_count(const clm_credit_ledger *l)
{
    return l != NULL ? l->npay : 0;
}

static int check_amount(const char *currency, const clm_money *m, const char *what)
{
    if (strncmp(m->currency, currency, 4) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, "amount", NULL, 0,
                                 "%s: amount in '%.3s', the ledger is in %s", what, m->currency,
                                 currency);
    if (m->amount <= 0)
        return clm_core__fail_at(CLM_EINVAL, "amount", NULL, 0,
                                 "%s: amount %lld minor units; it must be positive", what,
                                 (long long)m->amount);
    return 0;
}

int clm_credit__check_invoice(const clm_credit_invoice *inv, const char *currency)
{
    int rc = clm_core__check_version(inv->version, CLM_CREDIT_INVOICE_VERSION, "credit invoice");
    if (rc < 0)
        return rc;
    if ((rc = clm_core__check_text(inv->id, CLM_CORE__TEXT_ID, "id")) < 0 ||
        (rc = clm_core__check_text(inv->client_id, CLM_CORE__TEXT_ID, "client_id")) < 0 ||
        (inv->manager != NULL &&
         (rc = clm_core__check_text(inv->manager, CLM_CORE__TEXT_ID, "manager")) < 0))
        return rc;
    if ((rc = check_amount(currency, &inv->amount, "credit invoice")) < 0 ||
        (rc = clm_credit__check_date(inv->issued, "issued", "credit invoice")) < 0 ||
        (rc = clm_credit__check_date(inv->due, "due", "credit invoice")) < 0)
        return rc;
    if (inv->due < inv->issued)
        return clm_core__fail_at(CLM_EINVAL, "due", NULL, 0,
                                 "credit invoice '%s': due before it was issued", inv->id);
    return 0;
}

int clm_credit_ledger_add_invoice(clm_credit_ledger *l, const clm_credit_invoice *inv)
{
    if (l == NULL || inv == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_ledger_add_invoice: NULL argument");
    int rc = clm_credit__check_invoice(inv, l->currency);
    if (rc < 0)
        return rc;
    if (clm_credit__find_invoice(l, inv->id) != CLM_CREDIT__NONE)
        return clm_core__fail_at(CLM_EEXISTS, "id", NULL, 0,
                                 "credit invoice '%s' is already in the ledger", inv->id);
    clm_credit__invoice x = { 0 };
    x.id = clm_core__strdup(inv->id);
    x.client = clm_core__strdup(inv->client_id);
    x.manager = clm_core__strdup(inv->manager);
    if (x.id == NULL || x.client == NULL || (inv->manager != NULL && x.manager == NULL)) {
        rc = clm_core__oom("credit invoice");
        goto fail;
    }
    x.amount = inv->amount.amount;
    x.issued = inv->issued;
    x.due = inv->due;
    if ((rc = clm_core__grow((void **)&l->inv, &l->capinv, l->ninv + 1, sizeof *l->inv,
                             "credit invoices")) < 0 ||
        (rc = index_reserve(l, &l->inv_index, invoice_id_of, l->ninv + 1)) < 0)
        goto fail;
    l->inv[l->ninv] = x;
    index_put(&l->inv_index, x.id, l->ninv);
    l->ninv++;
    return 0;
fail:
    clm_core__free(x.id);
    clm_core__free(x.client);
    clm_core__free(x.manager);
    return rc;
}

int clm_credit__check_payment(const clm_credit_payment *p, const char *currency)
{
    int rc = clm_core__check_version(p->version, CLM_CREDIT_PAYMENT_VERSION, "credit payment");
    if (rc < 0)
        return rc;
    if ((rc = clm_core__check_text(p->id, CLM_CORE__TEXT_ID, "id")) < 0 ||
        (rc = clm_core__check_text(p->client_id, CLM_CORE__TEXT_ID, "client_id")) < 0 ||
        (p->invoice_id != NULL &&
         (rc = clm_core__check_text(p->invoice_id, CLM_CORE__TEXT_ID, "invoice_id")) < 0))
        return rc;
    if (clm_credit_payment_kind_name(p->kind) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "kind", NULL, 0,
                                 "credit payment '%s': kind %d is neither a payment nor a "
                                 "credit note", p->id, (int)p->kind);
    if ((rc = check_amount(currency, &p->amount, "credit payment")) < 0 ||
        (rc = clm_credit__check_date(p->date, "date", "credit payment")) < 0)
        return rc;
    return 0;
}

int clm_credit_ledger_add_payment(clm_credit_ledger *l, const clm_credit_payment *p)
{
    if (l == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_ledger_add_payment: NULL argument");
    int rc = clm_credit__check_payment(p, l->currency);
    if (rc < 0)
        return rc;
    size_t inv = CLM_CREDIT__NONE;
    if (p->invoice_id != NULL) {
        inv = clm_credit__find_invoice(l, p->invoice_id);
        if (inv == CLM_CREDIT__NONE)
            return clm_core__fail_at(CLM_ENOTFOUND, "invoice_id", NULL, 0,
                                     "credit %s '%s': no invoice '%s' in the ledger",
                                     clm_credit_payment_kind_name(p->kind), p->id, p->invoice_id);
        if (strcmp(l->inv[inv].client, p->client_id) != 0)
            return clm_core__fail_at(CLM_EINVAL, "invoice_id", NULL, 0,
                                     "credit %s '%s' of client '%s' names invoice '%s' of "
                                     "client '%s'", clm_credit_payment_kind_name(p->kind), p->id,
                                     p->client_id, p->invoice_id, l->inv[inv].client);
    }
    if (index_find(l, &l->pay_index, payment_id_of, p->id) != CLM_CREDIT__NONE)
        return clm_core__fail_at(CLM_EEXISTS, "id", NULL, 0,
                                 "credit payment '%s' is already in the ledger", p->id);
    clm_credit__payment x = { 0 };
    x.id = clm_core__strdup(p->id);
    x.client = clm_core__strdup(p->client_id);
    if (x.id == NULL || x.client == NULL) {
        rc = clm_core__oom("credit payment");
        goto fail;
    }
    x.kind = p->kind;
    x.amount = p->amount.amount;
    x.date = p->date;
    x.invoice = inv;
    if ((rc = clm_core__grow((void **)&l->pay, &l->cappay, l->npay + 1, sizeof *l->pay,
                             "credit payments")) < 0 ||
        (rc = index_reserve(l, &l->pay_index, payment_id_of, l->npay + 1)) < 0)
        goto fail;
    l->pay[l->npay] = x;
    index_put(&l->pay_index, x.id, l->npay);
    l->npay++;
    return 0;
fail:
    clm_core__free(x.id);
    clm_core__free(x.client);
    return rc;
}
