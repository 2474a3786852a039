/*
 * retro_store.c — a period's turnover read from the store for a
 * retro-bonus (discount_retro.h). It only reads invoice and credit-note
 * records, by the record contract credit_store.h publishes (invoice: kind
 * INVOICE, client_id, amount, body "issued=YYYY-MM-DD\n"; credit note:
 * kind PAYMENT, state "credit-note", due = its date, amount); it writes
 * nothing.
 */
#include <stdio.h>
#include <string.h>

#include "clm/discount_retro.h"
#include "clm/money.h"
#include "discount_internal.h"

typedef struct turnover_ctx {
    const char *currency;
    clm_date from, to;
    int64_t sum;
    int sign;  /* +1 invoices, -1 credit notes */
} turnover_ctx;

static int bad_record(int code, const clm_record *rec, const char *field, const char *why)
{
    return clm_core__fail_at(code, field, rec->id, 0, "retro-bonus turnover: %s record '%s': %s",
                             clm_record_kind_name(rec->kind), rec->id, why);
}

static int add_record(const clm_record *rec, void *payload)
{
    turnover_ctx *c = payload;
    if (rec->amount.currency[0] == '\0')
        return bad_record(CLM_EPARSE, rec, "amount", "no amount");
    if (strncmp(rec->amount.currency, c->currency, 4) != 0)
        return bad_record(CLM_ECURRENCY, rec, "amount", "the amount is in another currency");
    if (rec->kind == CLM_RECORD_INVOICE) {
        const char *b = rec->body != NULL ? rec->body : "";
        char day[CLM_DATE_FORMAT_MAX];
        clm_date issued;
        if (rec->body_len != 18 || strncmp(b, "issued=", 7) != 0 || b[17] != '\n')
            return bad_record(CLM_EPARSE, rec, "body", "the body is not \"issued=YYYY-MM-DD\"");
        memcpy(day, b + 7, 10);
        day[10] = '\0';
        if (clm_date_parse(&issued, day) < 0)
            return bad_record(CLM_EPARSE, rec, "body", "the issue date does not parse");
        if (issued < c->from || issued > c->to)
            return 0;
    }
    int64_t next;
    if (c->sign > 0 ? clm_core__add_ovf(c->sum, rec->amount.amount, &next)
                    : clm_core__sub_ovf(c->sum, rec->amount.amount, &next))
        return clm_core__fail(CLM_EOVERFLOW, "retro-bonus turnover: the sum does not fit");
    c->sum = next;
    return 0;
}

int clm_retro_store_turnover(int64_t *out, clm_store *st, const char *currency, const char *client,
                             clm_date from, clm_date to, unsigned flags)
{
    if (out == NULL || st == NULL || currency == NULL || client == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus turnover: NULL argument");
    int rc = clm_core__check_text(client, CLM_CORE__TEXT_ID, "client");
    if (rc < 0)
        return rc;
    if ((flags & ~CLM_RETRO_NET_OF_CREDIT_NOTES) != 0)
        return clm_core__fail_at(CLM_EINVAL, "flags", "", 0, "retro-bonus turnover: unknown flags %#x",
                                 flags);
    clm_currency cur;
    if (clm_currency_find(&cur, currency) < 0)
        return clm_core__fail_at(CLM_ECURRENCY, "currency", "", 0,
                                 "retro-bonus turnover: unknown currency '%.8s'", currency);
    if (from < CLM_DATE_MIN || from > CLM_DATE_MAX || to < CLM_DATE_MIN || to > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, from < CLM_DATE_MIN || from > CLM_DATE_MAX ? "from" : "to",
                                 "", 0, "retro-bonus turnover: a date outside the calendar");
    if (from > to)
        return clm_core__fail_at(CLM_ERANGE, "to", "", 0,
                                 "retro-bonus turnover: the period ends before it starts");
    turnover_ctx c = { .currency = cur.code, .from = from, .to = to, .sign = 1 };
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_INVOICE;
    f.client_id = client;
    if ((rc = clm_store_scan(st, &f, add_record, &c)) != 0)
        return rc;
    if (flags & CLM_RETRO_NET_OF_CREDIT_NOTES) {
        f = (clm_store_filter)CLM_STORE_FILTER_INIT;
        f.kind = CLM_RECORD_PAYMENT;
        f.client_id = client;
        f.state = "credit-note";
        f.due_from = from;
        f.due_to = to;
        c.sign = -1;
        if ((rc = clm_store_scan(st, &f, add_record, &c)) != 0)
            return rc;
    }
    *out = c.sum;
    return 0;
}

int clm_retro_store_accrue(clm_retro_bonus *out, clm_store *st, const clm_retro_scheme *s,
                           const char *client, clm_date from, clm_date to, unsigned flags,
                           int64_t granted)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus: NULL argument");
    int rc = clm_retro_scheme_check(s);
    if (rc < 0)
        return rc;
    int64_t turnover;
    if ((rc = clm_retro_store_turnover(&turnover, st, s->currency, client, from, to, flags)) < 0)
        return rc;
    return clm_retro_bonus_accrue(out, s, turnover, granted);
}
