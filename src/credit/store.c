/*
 * store.c — invoices, payments and credit notes in a store, and a client's
 * exposure read from it (credit_store.h). Every save checks the whole
 * object before its one audited write.
 */
#include <stdio.h>
#include <string.h>

#include "clm/credit_store.h"
#include "ledger_internal.h"

static const char *currency_of(const clm_money *m, char buf[4])
{
    memcpy(buf, m->currency, 3);
    buf[3] = '\0';
    return buf;
}

int clm_credit_store_save_invoice(int64_t *out, clm_store *st, const clm_actor *who,
                                  const clm_credit_invoice *inv, int64_t version, const char *note)
{
    if (st == NULL || who == NULL || inv == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_store_save_invoice: NULL argument");
    char cur[4];
    int rc = clm_currency_find(&(clm_currency){ { 0 }, 0, 0 }, currency_of(&inv->amount, cur));
    if (rc < 0)
        return rc;
    if ((rc = clm_credit__check_invoice(inv, cur)) < 0)
        return rc;
    if (version < 0)
        return clm_core__fail_at(CLM_EINVAL, "version", NULL, 0,
                                 "credit store: version %lld", (long long)version);
    char body[32], day[CLM_DATE_FORMAT_MAX];
    clm_date_format(day, sizeof day, inv->issued);
    snprintf(body, sizeof body, "issued=%s\n", day);
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_INVOICE;
    r.id = inv->id;
    r.version = version;
    r.client_id = inv->client_id;
    r.manager = inv->manager;
    r.due = inv->due;
    r.amount = inv->amount;
    r.body = body;
    r.body_len = strlen(body);
    return clm_store_put_audited(out, st, who, &r, note);
}

int clm_credit_store_save_payment(int64_t *out, clm_store *st, const clm_actor *who,
                                  const clm_credit_payment *p, int64_t version, const char *note)
{
    if (st == NULL || who == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_store_save_payment: NULL argument");
    char cur[4];
    int rc = clm_currency_find(&(clm_currency){ { 0 }, 0, 0 }, currency_of(&p->amount, cur));
    if (rc < 0)
        return rc;
    if ((rc = clm_credit__check_payment(p, cur)) < 0)
        return rc;
    if (version < 0)
        return clm_core__fail_at(CLM_EINVAL, "version", NULL, 0,
                                 "credit store: version %lld", (long long)version);
    char *body = NULL;
    if (p->invoice_id != NULL) {
        clm_record *inv = NULL;
        if ((rc = clm_store_get(&inv, st, CLM_RECORD_INVOICE, p->invoice_id)) < 0) {
            if (rc == CLM_ENOTFOUND)
                return clm_core__fail_at(CLM_ENOTFOUND, "invoice_id", NULL, 0,
                                         "credit store: %s '%s' names invoice '%s', which is "
                                         "not stored", clm_credit_payment_kind_name(p->kind),
                                         p->id, p->invoice_id);
            return rc;
        }
        int same_client = clm_core__streq(inv->client_id, p->client_id);
        int same_cur = strncmp(inv->amount.currency, cur, 4) == 0;
        clm_record_free(inv);
        if (!same_client || !same_cur)
            return clm_core__fail_at(same_client ? CLM_ECURRENCY : CLM_EINVAL, "invoice_id", NULL,
                                     0, "credit store: %s '%s' names invoice '%s' of another %s",
                                     clm_credit_payment_kind_name(p->kind), p->id, p->invoice_id,
                                     same_client ? "currency" : "client");
        size_t n = strlen(p->invoice_id) + sizeof "invoice=\n";
        if ((body = clm_core__malloc(n)) == NULL)
            return clm_core__oom("credit payment record");
        snprintf(body, n, "invoice=%s\n", p->invoice_id);
    }
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_PAYMENT;
    r.id = p->id;
    r.version = version;
    r.client_id = p->client_id;
    r.state = clm_credit_payment_kind_name(p->kind);
    r.due = p->date;
    r.amount = p->amount;
    r.body = body;
    r.body_len = body != NULL ? strlen(body) : 0;
    rc = clm_store_put_audited(out, st, who, &r, note);
    clm_core__free(body);
    return rc;
}

/* ---- loading ------------------------------------------------------------------ */

typedef struct load_ctx {
    clm_credit_ledger *l;
    int drop_refs; /* leave out a payment's invoice (the ledger holds only some) */
} load_ctx;

static int bad_record(int code, const clm_record *rec, const char *field, const char *why)
{
    return clm_core__fail_at(code, field, rec->id, 0, "credit store: %s record '%s': %s",
                             clm_record_kind_name(rec->kind), rec->id, why);
}

/* Re-records the last error with the record it came from. */
static int relay(int rc, const clm_record *rec)
{
    const clm_error *e = clm_error_last();
    char msg[512], field[64];
    snprintf(msg, sizeof msg, "%s", e->message);
    snprintf(field, sizeof field, "%s", e->field);
    return clm_core__fail_at(rc, field, rec->id, 0, "credit store: %s record '%s': %s",
                             clm_record_kind_name(rec->kind), rec->id, msg);
}

static int load_invoice(const clm_record *rec, void *payload)
{
    load_ctx *ctx = payload;
    const char *b = rec->body != NULL ? rec->body : "";
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    char day[CLM_DATE_FORMAT_MAX];
    if (rec->body_len != 18 || strncmp(b, "issued=", 7) != 0 || b[17] != '\n')
        return bad_record(CLM_EPARSE, rec, "body", "the body is not \"issued=YYYY-MM-DD\"");
    memcpy(day, b + 7, 10);
    day[10] = '\0';
    if (clm_date_parse(&inv.issued, day) < 0)
        return bad_record(CLM_EPARSE, rec, "body", "the issue date does not parse");
    if (rec->client_id == NULL || rec->due == CLM_RECORD_NO_DUE)
        return bad_record(CLM_EPARSE, rec, rec->client_id == NULL ? "client_id" : "due",
                          "an invoice needs a client and a due date");
    inv.id = rec->id;
    inv.client_id = rec->client_id;
    inv.manager = rec->manager;
    inv.amount = rec->amount;
    inv.due = rec->due;
    int rc = clm_credit_ledger_add_invoice(ctx->l, &inv);
    return rc < 0 && rc != CLM_ENOMEM ? relay(rc, rec) : rc;
}

static int load_payment(const clm_record *rec, void *payload)
{
    load_ctx *ctx = payload;
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    char invoice[CLM_RECORD_ID_MAX + 1];
    if (rec->state == NULL || clm_credit_payment_kind_from_name(&p.kind, rec->state) < 0)
        return bad_record(CLM_EPARSE, rec, "state", "the state is not a payment kind");
    if (rec->body_len > 0) {
        const char *b = rec->body;
        size_t n = rec->body_len;
        if (n < 10 || n - 9 > CLM_RECORD_ID_MAX || strncmp(b, "invoice=", 8) != 0 ||
            b[n - 1] != '\n')
            return bad_record(CLM_EPARSE, rec, "body", "the body is not \"invoice=<id>\"");
        memcpy(invoice, b + 8, n - 9);
        invoice[n - 9] = '\0';
        p.invoice_id = ctx->drop_refs ? NULL : invoice;
    }
    if (rec->client_id == NULL || rec->due == CLM_RECORD_NO_DUE)
        return bad_record(CLM_EPARSE, rec, rec->client_id == NULL ? "client_id" : "due",
                          "a payment needs a client and a date");
    p.id = rec->id;
    p.client_id = rec->client_id;
    p.amount = rec->amount;
    p.date = rec->due;
    int rc = clm_credit_ledger_add_payment(ctx->l, &p);
    return rc < 0 && rc != CLM_ENOMEM ? relay(rc, rec) : rc;
}

int clm_credit_store_load_ledger(clm_credit_ledger **out, clm_store *st, const char *currency,
                                 const char *client_id)
{
    if (out == NULL || st == NULL || currency == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_store_load_ledger: NULL argument");
    load_ctx ctx = { .l = NULL };
    int rc = clm_credit_ledger_new(&ctx.l, currency);
    if (rc < 0)
        return rc;
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_INVOICE;
    f.client_id = client_id;
    if ((rc = clm_store_scan(st, &f, load_invoice, &ctx)) == 0) {
        f.kind = CLM_RECORD_PAYMENT;
        rc = clm_store_scan(st, &f, load_payment, &ctx);
    }
    if (rc != 0) {
        clm_credit_ledger_free(ctx.l);
        return rc;
    }
    *out = ctx.l;
    return 0;
}

int clm_credit__store_load_sales(clm_credit_ledger **out, clm_store *st, const char *currency,
                                 clm_date from, clm_date to)
{
    load_ctx ctx = { NULL, 1 };
    int rc = clm_credit_ledger_new(&ctx.l, currency);
    if (rc < 0)
        return rc;
    /* An invoice is due no earlier than it is issued (the ledger refuses
     * one that is not), so every invoice issued from `from` on is due from
     * `from` on: one range of the (kind, due) index. */
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_INVOICE;
    f.due_from = from;
    if ((rc = clm_store_scan(st, &f, load_invoice, &ctx)) == 0) {
        f.kind = CLM_RECORD_PAYMENT;
        f.state = clm_credit_payment_kind_name(CLM_CREDIT_CREDIT_NOTE);
        f.due_to = to;
        rc = clm_store_scan(st, &f, load_payment, &ctx);
    }
    if (rc != 0) {
        clm_credit_ledger_free(ctx.l);
        return rc;
    }
    *out = ctx.l;
    return 0;
}

typedef struct order_ctx {
    const char *currency;
    int64_t sum;
} order_ctx;

static int add_order(const clm_record *rec, void *payload)
{
    order_ctx *ctx = payload;
    if (rec->amount.currency[0] == '\0' && rec->amount.amount == 0)
        return 0;
    if (strncmp(rec->amount.currency, ctx->currency, 4) != 0)
        return bad_record(CLM_ECURRENCY, rec, "amount", "an order in another currency");
    if (rec->amount.amount < 0)
        return bad_record(CLM_EPARSE, rec, "amount", "a negative order amount");
    if (clm_core__add_ovf(ctx->sum, rec->amount.amount, &ctx->sum))
        return clm_core__fail(CLM_EOVERFLOW, "credit store: confirmed orders overflow");
    return 0;
}

int clm_credit_store_exposure(clm_credit_exposure *out, clm_store *st, const char *currency,
                              const char *client_id, clm_date as_of)
{
    if (out == NULL || st == NULL || currency == NULL || client_id == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_store_exposure: NULL argument");
    int rc = clm_credit__check_date(as_of, "as_of", "credit exposure");
    if (rc < 0)
        return rc;
    clm_credit_ledger *l = NULL;
    clm_credit_positions *ps = NULL;
    if ((rc = clm_credit_store_load_ledger(&l, st, currency, client_id)) < 0)
        return rc;
    clm_credit_exposure x = { 0 };
    if ((rc = clm_credit_positions_new(&ps, l, client_id, as_of)) < 0)
        goto done;
    x.receivables = clm_credit_positions_open(ps);
    x.unapplied = clm_credit_positions_unapplied(ps);
    for (size_t i = 0; i < clm_credit_positions_count(ps); i++) {
        const clm_credit_position *q = clm_credit_positions_at(ps, i);
        if (q->open > 0 && as_of > q->due) {
            x.overdue += q->open; /* <= receivables, which fit */
            if (as_of - q->due > x.max_days_overdue)
                x.max_days_overdue = (int32_t)(as_of - q->due);
        }
    }
    order_ctx oc = { clm_credit_ledger_currency(l), 0 };
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_ORDER;
    f.client_id = client_id;
    f.state = "confirmed";
    if ((rc = clm_store_scan(st, &f, add_order, &oc)) != 0)
        goto done;
    x.orders = oc.sum;
    *out = x;
done:
    clm_credit_positions_free(ps);
    clm_credit_ledger_free(l);
    return rc;
}
