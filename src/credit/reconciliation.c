/*
 * reconciliation.c — the reconciliation statement (act of mutual settlements)
 * of a client for a period (credit.h): opening balance, every invoice,
 * credit note and payment in date order with the running balance, closing
 * balance; docs/rules.md, "Payment behaviour and limits".
 */
#include <string.h>

#include "ledger_internal.h"

struct clm_credit_reconciliation {
    char currency[4];
    char *client;
    clm_date from, to;
    int64_t opening, closing, debits, credits;
    clm_credit_reconciliation_line *line;
    size_t n;
};

const char *clm_credit_entry_kind_name(clm_credit_entry_kind k)
{
    switch (k) {
    case CLM_CREDIT_ENTRY_INVOICE: return "invoice";
    case CLM_CREDIT_ENTRY_CREDIT_NOTE: return "credit-note";
    case CLM_CREDIT_ENTRY_PAYMENT: return "payment";
    }
    return NULL;
}

static int line_cmp(const void *a, const void *b)
{
    const clm_credit_reconciliation_line *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int overflow(void)
{
    return clm_core__fail(CLM_EOVERFLOW, "credit reconciliation: a balance does not fit in 64 bits");
}

int clm_credit_reconciliation_new(clm_credit_reconciliation **out, const clm_credit_ledger *l,
                             const char *client_id, clm_date from, clm_date to)
{
    if (out == NULL || l == NULL || client_id == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_statement_new: NULL argument");
    int rc;
    if ((rc = clm_credit__check_date(from, "from", "credit reconciliation")) < 0 ||
        (rc = clm_credit__check_date(to, "to", "credit reconciliation")) < 0)
        return rc;
    if (from > to)
        return clm_core__fail_at(CLM_ERANGE, "to", NULL, 0,
                                 "credit reconciliation: the period ends before it starts");
    clm_credit_reconciliation *s = clm_core__calloc(1, sizeof *s);
    if (s == NULL || (s->client = clm_core__strdup(client_id)) == NULL) {
        clm_core__free(s);
        return clm_core__oom("credit reconciliation");
    }
    memcpy(s->currency, l->currency, sizeof s->currency);
    s->from = from;
    s->to = to;
    size_t n = 0;
    for (size_t i = 0; i < l->ninv; i++)
        if (strcmp(l->inv[i].client, client_id) == 0) {
            if (l->inv[i].issued < from) {
                if (clm_core__add_ovf(s->opening, l->inv[i].amount, &s->opening))
                    goto ovf;
            } else if (l->inv[i].issued <= to) {
                n++;
            }
        }
    for (size_t i = 0; i < l->npay; i++)
        if (strcmp(l->pay[i].client, client_id) == 0) {
            if (l->pay[i].date < from) {
                if (clm_core__sub_ovf(s->opening, l->pay[i].amount, &s->opening))
                    goto ovf;
            } else if (l->pay[i].date <= to) {
                n++;
            }
        }
    if (n > 0 && (s->line = clm_core__calloc(n, sizeof *s->line)) == NULL) {
        clm_credit_reconciliation_free(s);
        return clm_core__oom("credit reconciliation lines");
    }
    for (size_t i = 0; i < l->ninv; i++) {
        const clm_credit__invoice *v = &l->inv[i];
        if (strcmp(v->client, client_id) != 0 || v->issued < from || v->issued > to)
            continue;
        clm_credit_reconciliation_line *q = &s->line[s->n++];
        q->date = v->issued;
        q->kind = CLM_CREDIT_ENTRY_INVOICE;
        q->id = v->id;
        q->debit = v->amount;
    }
    for (size_t i = 0; i < l->npay; i++) {
        const clm_credit__payment *y = &l->pay[i];
        if (strcmp(y->client, client_id) != 0 || y->date < from || y->date > to)
            continue;
        clm_credit_reconciliation_line *q = &s->line[s->n++];
        q->date = y->date;
        q->kind = y->kind == CLM_CREDIT_CREDIT_NOTE ? CLM_CREDIT_ENTRY_CREDIT_NOTE
                                                    : CLM_CREDIT_ENTRY_PAYMENT;
        q->id = y->id;
        q->invoice_id = y->invoice != CLM_CREDIT__NONE ? l->inv[y->invoice].id : NULL;
        q->credit = y->amount;
    }
    clm_core__qsort(s->line, s->n, sizeof *s->line, line_cmp);
    int64_t bal = s->opening;
    for (size_t i = 0; i < s->n; i++) {
        clm_credit_reconciliation_line *q = &s->line[i];
        if (clm_core__add_ovf(bal, q->debit, &bal) || clm_core__sub_ovf(bal, q->credit, &bal) ||
            clm_core__add_ovf(s->debits, q->debit, &s->debits) ||
            clm_core__add_ovf(s->credits, q->credit, &s->credits))
            goto ovf;
        q->balance = bal;
    }
    s->closing = bal;
    *out = s;
    return 0;
ovf:
    clm_credit_reconciliation_free(s);
    return overflow();
}

void clm_credit_reconciliation_free(clm_credit_reconciliation *s)
{
    if (s == NULL)
        return;
    clm_core__free(s->line);
    clm_core__free(s->client);
    clm_core__free(s);
}

size_t clm_credit_reconciliation_count(const clm_credit_reconciliation *s)
{
    return s != NULL ? s->n : 0;
}

const clm_credit_reconciliation_line *clm_credit_reconciliation_at(const clm_credit_reconciliation *s, size_t i)
{
    return s != NULL && i < s->n ? &s->line[i] : NULL;
}

int64_t clm_credit_reconciliation_opening(const clm_credit_reconciliation *s)
{
    return s != NULL ? s->opening : 0;
}

int64_t clm_credit_reconciliation_closing(const clm_credit_reconciliation *s)
{
    return s != NULL ? s->closing : 0;
}

int64_t clm_credit_reconciliation_debits(const clm_credit_reconciliation *s)
{
    return s != NULL ? s->debits : 0;
}

int64_t clm_credit_reconciliation_credits(const clm_credit_reconciliation *s)
{
    return s != NULL ? s->credits : 0;
}

/* ---- XML ------------------------------------------------------------------------ */

int clm_credit_reconciliation_save_xml(char **out, size_t *len, const clm_credit_reconciliation *s)
{
    if (out == NULL || len == NULL || s == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_statement_save_xml: NULL argument");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<reconciliation "
                           "xmlns=\"urn:libclm:credit-reconciliation:1\" client=\"");
    clm_core__buf_xml_escape(&b, s->client);
    clm_core__buf_printf(&b, "\" currency=\"%s\"", s->currency);
    clm_core__buf_attr_date(&b, "from", s->from);
    clm_core__buf_attr_date(&b, "to", s->to);
    clm_core__buf_puts(&b, ">\n  <opening");
    clm_core__buf_attr_money(&b, "balance", s->opening, s->currency);
    clm_core__buf_puts(&b, "/>\n");
    for (size_t i = 0; i < s->n; i++) {
        const clm_credit_reconciliation_line *q = &s->line[i];
        clm_core__buf_puts(&b, "  <entry");
        clm_core__buf_attr_date(&b, "date", q->date);
        clm_core__buf_printf(&b, " kind=\"%s\" id=\"", clm_credit_entry_kind_name(q->kind));
        clm_core__buf_xml_escape(&b, q->id);
        clm_core__buf_puts(&b, "\"");
        if (q->invoice_id != NULL) {
            clm_core__buf_puts(&b, " invoice=\"");
            clm_core__buf_xml_escape(&b, q->invoice_id);
            clm_core__buf_puts(&b, "\"");
        }
        if (q->kind == CLM_CREDIT_ENTRY_INVOICE)
            clm_core__buf_attr_money(&b, "debit", q->debit, s->currency);
        else
            clm_core__buf_attr_money(&b, "credit", q->credit, s->currency);
        clm_core__buf_attr_money(&b, "balance", q->balance, s->currency);
        clm_core__buf_puts(&b, "/>\n");
    }
    clm_core__buf_puts(&b, "  <closing");
    clm_core__buf_attr_money(&b, "debits", s->debits, s->currency);
    clm_core__buf_attr_money(&b, "credits", s->credits, s->currency);
    clm_core__buf_attr_money(&b, "balance", s->closing, s->currency);
    clm_core__buf_puts(&b, "/>\n</reconciliation>\n");
    return clm_core__buf_finish(&b, out, len);
}
