/*
 * document.c — a priced offer as a text or HTML document
 * (clm/offer_document.h). Everything comes from the offer's snapshot.
 */
#include <stdio.h>
#include <string.h>

#include "offer_internal.h"
#include "clm/alloc.h"
#include "clm/offer_document.h"

typedef struct doc {
    clm_core__buf b;
    int html;
    const clm_format_options *opts;
    const char *cur;
    int rc;                     /* the first formatting error */
} doc;

/* Text from the offer: escaped in HTML. */
static void put(doc *d, const char *s)
{
    if (d->html)
        clm_core__buf_xml_escape(&d->b, s);
    else
        clm_core__buf_puts(&d->b, s);
}

/* Markup (HTML only) or plain text (text only). */
static void tag(doc *d, const char *html, const char *text)
{
    const char *s = d->html ? html : text;
    if (s != NULL)
        clm_core__buf_puts(&d->b, s);
}

static const char *money(doc *d, char *buf, int64_t v)
{
    clm_money m;
    int rc = clm_money_make(&m, v, d->cur);
    if (rc == 0)
        rc = clm_format_money(buf, CLM_FORMAT_MAX, &m, d->opts);
    if (rc < 0) {
        if (d->rc == 0)
            d->rc = rc;
        buf[0] = '\0';
    }
    return buf;
}

static const char *rate(doc *d, char *buf, clm_rate r)
{
    /* two decimals, HALF_UP for display; the figures themselves are exact */
    int rc = clm_format_rate(buf, CLM_FORMAT_MAX, r, 2, CLM_ROUND_HALF_UP, d->opts);
    if (rc < 0) {
        if (d->rc == 0)
            d->rc = rc;
        buf[0] = '\0';
    }
    return buf;
}

static const char *date(doc *d, char *buf, clm_date x)
{
    int rc = clm_format_date(buf, CLM_FORMAT_MAX, x, d->opts);
    if (rc < 0) {
        if (d->rc == 0)
            d->rc = rc;
        buf[0] = '\0';
    }
    return buf;
}

static void qty(char *buf, size_t n, int64_t q)
{
    if (q % CLM_DISCOUNT_QTY_SCALE == 0)
        snprintf(buf, n, "%lld", (long long)(q / CLM_DISCOUNT_QTY_SCALE));
    else
        snprintf(buf, n, "%lld.%03lld", (long long)(q / CLM_DISCOUNT_QTY_SCALE),
                 (long long)(q % CLM_DISCOUNT_QTY_SCALE));
}

/* "label: value" as a text line or a table row; the label in the thread's
 * language (clm/lang.h; xgettext finds row's labels, tools/i18n.py). */
static void row(doc *d, const char *label, const char *value)
{
    tag(d, "<tr><th>", "");
    put(d, clm_core__tr(label));
    tag(d, "</th><td>", ": ");
    put(d, value);
    tag(d, "</td></tr>\n", "\n");
}

/* A section's heading: "<h2>title</h2>" opening a table in HTML, the
 * title on a line of its own in text; `before` closes what came before
 * (HTML only). */
static void heading(doc *d, const char *before, const char *title)
{
    tag(d, before, "\n");
    tag(d, "<h2>", NULL);
    put(d, clm_core__tr(title));
    tag(d, "</h2>\n<table>\n", "\n");
}

/* The offer's own sections, from its first table's rows to the end of its
 * terms table; the caller has opened the first table ("<table>" in HTML). */
static void offer_sections(doc *d, const clm_offer *o)
{
    const clm_offer__pricing *p = o->pricing;
    char a[CLM_FORMAT_MAX], b[CLM_FORMAT_MAX], c[CLM_FORMAT_MAX], e[CLM_FORMAT_MAX];
    char line[1024];

    row(d, "Offer", o->id);
    snprintf(line, sizeof line, "%d", o->revision);
    row(d, "Revision", line);
    row(d, "Date", date(d, a, o->date));
    row(d, "Prepared by", o->manager);
    row(d, "State", clm_offer_state_name(o->state));
    row(d, "Currency", o->currency);
    heading(d, "</table>\n", CLM_N_("Lines"));
    if (d->html) {
        static const char *const cols[] = { "#", CLM_N_("Product"), CLM_N_("Quantity"),
                                            CLM_N_("Unit price"), CLM_N_("Amount"), CLM_N_("Discount"),
                                            CLM_N_("Net") };
        tag(d, "<tr>", NULL);
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            tag(d, "<th>", NULL);
            put(d, clm_core__tr(cols[k]));
            tag(d, "</th>", NULL);
        }
        tag(d, "</tr>\n", NULL);
    }
    for (size_t i = 0; i < p->n; i++) {
        const clm_offer_line_price *lp = &p->lines[i];
        const clm_discount_line_result *r = &lp->result;
        char q[40], num[24];
        qty(q, sizeof q, o->lines[i].quantity);
        snprintf(num, sizeof num, "%zu", i + 1);
        money(d, a, r->unit_price);
        money(d, b, r->base);
        money(d, c, r->base - r->net);
        money(d, e, r->net);
        if (d->html) {
            tag(d, "<tr><td>", NULL);
            put(d, num);
            tag(d, "</td><td>", NULL);
            put(d, o->lines[i].product);
            tag(d, "</td><td>", NULL);
            put(d, q);
            tag(d, "</td><td>", NULL);
            put(d, a);
            tag(d, "</td><td>", NULL);
            put(d, b);
            tag(d, "</td><td>", NULL);
            put(d, c);
            tag(d, "</td><td>", NULL);
            put(d, e);
            tag(d, "</td></tr>\n", NULL);
        } else {
            clm_core__buf_printf(&d->b, clm_core__tr("%s. %s x %s at %s = %s, less %s = %s (%s)\n"), num,
                                 o->lines[i].product, q, a, b, c, e,
                                 lp->source == CLM_OFFER_PRICE_MANUAL ? clm_core__tr("manual price")
                                                                      : clm_core__tr("price list"));
        }
        /* the reasons: every rule that changed the line */
        for (size_t k = 0; k < p->trace[i].n; k++) {
            const clm_discount_trace_entry *t = &p->trace[i].e[k];
            if (t->kind != CLM_DISCOUNT_TRACE_APPLIED)
                continue;
            tag(d, "<tr class=\"why\"><td></td><td colspan=\"6\">", "     ");
            put(d, t->name);
            put(d, ": ");
            put(d, t->reason);
            tag(d, "</td></tr>\n", "\n");
        }
    }
    heading(d, "</table>\n", CLM_N_("Totals"));
    const clm_discount_totals *t = &p->totals;
    row(d, "Amount", money(d, a, t->base));
    row(d, "Discount", money(d, a, t->base - t->net));
    row(d, "Discount rate", rate(d, b, t->rate));
    row(d, "Total", money(d, a, t->net));
    if (t->has_early_payment) {
        snprintf(line, sizeof line, clm_core__tr("%s off (%s) if paid within %d days, net %d days"),
                 rate(d, b, t->early_payment_rate), money(d, a, t->early_payment_amount),
                 (int)t->early_payment_days, (int)t->early_payment_net_days);
        row(d, "Early payment", line);
    }
    row(d, "Priced under", p->policy_name);
    if (p->policy_version[0] != '\0')
        row(d, "Policy version", p->policy_version);
    heading(d, "</table>\n", CLM_N_("Terms"));
    row(d, "Prepayment", rate(d, b, o->prepayment));
    snprintf(line, sizeof line, clm_core__tr("%d days"), (int)o->deferral_days);
    row(d, "Payment deferral", line);
    if (o->delivery != NULL)
        row(d, "Delivery", o->delivery);
    snprintf(line, sizeof line, clm_core__tr("%d days"), (int)o->delivery_days);
    row(d, "Delivery time", line);
    if (o->accept_by != CLM_OFFER_NO_DATE) {
        snprintf(line, sizeof line, clm_core__tr("until %s inclusive"), date(d, a, o->accept_by));
    } else if (o->term != CLM_OFFER_NO_DATE) {
        snprintf(line, sizeof line, clm_core__tr("until %s inclusive"), date(d, a, o->term));
    } else {
        snprintf(line, sizeof line, "%s",
                 clm_core__tr("the reasonable term counted from the day it is sent (Civil Code art. 441 p. 1)"));
    }
    row(d, "Term of acceptance", line);
    if (!o->from_client && (o->accept_by != CLM_OFFER_NO_DATE || o->term != CLM_OFFER_NO_DATE))
        row(d, "Binding", o->revocable
                               ? clm_core__tr("the company reserves the right to withdraw it (Civil Code art. 436)")
                               : clm_core__tr("the company cannot withdraw it during the term (Civil Code art. 436)"));
    row(d, "Acceptance",
        clm_core__tr("full and unconditional; an answer on other terms is a new offer (Civil Code art. 438, 443)"));
    tag(d, "</table>\n", NULL);
}

/* Hands the finished buffer to the caller, or frees it on the first error. */
static int finish(doc *d, char **out, size_t *len)
{
    if (d->rc < 0) {
        clm_core__buf_free(&d->b);
        return d->rc;
    }
    char *text;
    size_t n;
    int rc = clm_core__buf_finish(&d->b, &text, &n);
    if (rc < 0)
        return rc;
    *out = text;
    if (len != NULL)
        *len = n;
    return 0;
}

int clm_offer_document(char **out, size_t *len, const clm_offer *o, clm_offer_doc_format fmt,
                       const clm_format_options *opts)
{
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_document: NULL argument");
    if (fmt != CLM_OFFER_DOC_TEXT && fmt != CLM_OFFER_DOC_HTML)
        return clm_core__fail_at(CLM_EINVAL, "fmt", "", 0, "offer document: form %d is not one",
                                 (int)fmt);
    const clm_offer__pricing *p = o->pricing;
    if (p == NULL)
        return clm_core__fail_at(CLM_ESTATE, "pricing", "", 0,
                                 "offer %s: not priced: a document needs its figures", o->id);
    doc d = { .html = fmt == CLM_OFFER_DOC_HTML, .opts = opts, .cur = o->currency };
    clm_core__buf_init(&d.b);
    tag(&d, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Offer ", NULL);
    if (d.html) {
        put(&d, o->id);
        tag(&d, "</title></head>\n<body>\n<h1>", NULL);
    }
    put(&d, o->from_client ? clm_core__tr("Offer from client ") : clm_core__tr("Offer to client "));
    put(&d, o->client_id);
    tag(&d, "</h1>\n<table>\n", "\n\n");
    offer_sections(&d, o);
    tag(&d, "</body></html>\n", NULL);
    return finish(&d, out, len);
}

int clm_contract_document(char **out, size_t *len, const clm_contract *c,
                          clm_offer_doc_format fmt, const clm_format_options *opts)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_document: NULL argument");
    if (fmt != CLM_OFFER_DOC_TEXT && fmt != CLM_OFFER_DOC_HTML)
        return clm_core__fail_at(CLM_EINVAL, "fmt", "", 0, "contract document: form %d is not one",
                                 (int)fmt);
    const clm_offer *o = c->offer;
    if (o == NULL || o->pricing == NULL)
        return clm_core__fail_at(CLM_ESTATE, "pricing", "", 0,
                                 "contract %s: its offer is not priced: a document needs its figures",
                                 c->id);
    int64_t amount = 0, uninvoiced = 0;
    int rc = clm_contract_amount(&amount, c);
    if (rc == 0)
        rc = clm_contract_uninvoiced(&uninvoiced, c);
    if (rc < 0)
        return rc;
    doc d = { .html = fmt == CLM_OFFER_DOC_HTML, .opts = opts, .cur = o->currency };
    clm_core__buf_init(&d.b);
    char a[CLM_FORMAT_MAX], b[CLM_FORMAT_MAX];
    char line[1024];

    tag(&d, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Contract ", NULL);
    if (d.html) {
        put(&d, c->id);
        tag(&d, "</title></head>\n<body>\n<h1>", NULL);
    }
    put(&d, clm_core__tr("Contract "));
    put(&d, c->id);
    put(&d, clm_core__tr(" with client "));
    put(&d, o->client_id);
    tag(&d, "</h1>\n<table>\n", "\n\n");
    row(&d, "Contract", c->id);
    row(&d, "State", clm_contract_state_name(c->state));
    row(&d, "Client", o->client_id);
    row(&d, "Manager", o->manager);
    row(&d, "Currency", o->currency);
    row(&d, "Made on", date(&d, a, c->created_on));
    if (c->agreed_on != CLM_OFFER_NO_DATE)
        row(&d, "Agreed on", date(&d, a, c->agreed_on));
    if (c->concluded_on != CLM_OFFER_NO_DATE)
        row(&d, "Concluded on", date(&d, a, c->concluded_on));
    if (c->closed_on != CLM_OFFER_NO_DATE)
        row(&d, "Closed on", date(&d, a, c->closed_on));
    if (c->renewal_of != NULL)
        row(&d, "Renews", c->renewal_of);
    if (c->renewed_by != NULL)
        row(&d, "Renewed by", c->renewed_by);
    if (c->obligatory)
        row(&d, "Obligatory", clm_core__tr("a protocol of disagreements is answered within 30 days "
                                           "(Civil Code art. 445 p. 1)"));
    row(&d, "Amount", money(&d, a, amount));
    row(&d, "Invoiced", money(&d, a, c->invoiced));
    row(&d, "Confirmed, not yet invoiced", money(&d, a, uninvoiced));
    tag(&d, "</table>\n", NULL);
    if (c->n_specials > 0) {
        heading(&d, "", CLM_N_("Special terms"));
        for (size_t i = 0; i < c->n_specials; i++) {
            const clm_contract__special *s = &c->specials[i];
            if (s->days > 0)
                snprintf(line, sizeof line, clm_core__tr("%s (%d days)"), s->text, (int)s->days);
            else if (s->rate > 0)
                snprintf(line, sizeof line, "%s (%s)", s->text, rate(&d, b, s->rate));
            else
                snprintf(line, sizeof line, "%s", s->text);
            row(&d, clm_contract_special_kind_name(s->kind), line);
        }
        tag(&d, "</table>\n", NULL);
    }
    if (c->n_dis > 0) {
        char *protocol = NULL;
        rc = clm_contract_protocol_text(&protocol, NULL, c);
        if (rc < 0) {
            clm_core__buf_free(&d.b);
            return rc;
        }
        tag(&d, "<h2>", "\n");
        if (d.html)
            put(&d, clm_core__tr("Protocol of disagreements"));
        tag(&d, "</h2>\n<pre>", NULL);
        put(&d, protocol);
        tag(&d, "</pre>\n", NULL);
        clm_free(protocol);
    }
    heading(&d, "", CLM_N_("The accepted offer"));
    offer_sections(&d, o);
    tag(&d, "</body></html>\n", NULL);
    return finish(&d, out, len);
}
