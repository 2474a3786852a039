/*
 * history_xml.c — a client's payment history file (credit_history.h): the
 * client element and a ledger built through clm_credit_ledger_add_*(), so
 * a file is held to the rules the API holds a caller to.
 */
#include <string.h>

#include "xml/xml_reader.h"
#include "ledger_internal.h"
#include "clm/credit_history.h"

#define HISTORY_NS "urn:libclm:credit-history:1"

struct clm_credit_history {
    clm_credit_ledger *ledger;
    int has_client;
    clm_credit_client_file client;
    char *id, *name, *group;
    clm_date last;
};

static int attr_amount(int64_t *out, int *has, const xmlNode *n, const char *name,
                       const char *source, const char *currency, int required)
{
    int rc = clm_xml__attr_amount(out, n, name, source, currency, required, "the history");
    if (rc == 0 && has != NULL)
        *has = 1;
    return rc; /* 1: absent */
}

static int load_client(clm_credit_history *h, const xmlNode *n, const char *source)
{
    const char *cur = clm_credit_ledger_currency(h->ledger);
    clm_credit_client_file *c = &h->client;
    int rc;
    c->since = CLM_CREDIT_NO_DATE;
    if ((rc = clm_xml__attr_date(&c->since, n, "since", source, 0)) < 0 ||
        (rc = attr_amount(&c->limit, &c->has_limit, n, "limit", source, cur, 0)) < 0 ||
        (rc = attr_amount(&c->figures.net_worth, &c->figures.has_net_worth, n, "net-worth", source,
                          cur, 0)) < 0 ||
        (rc = attr_amount(&c->figures.working_capital, &c->figures.has_working_capital, n,
                          "working-capital", source, cur, 0)) < 0 ||
        (rc = attr_amount(&c->figures.monthly_sales, &c->figures.has_monthly_sales, n,
                          "monthly-sales", source, cur, 0)) < 0)
        return rc;
    if (c->has_limit && c->limit < 0)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "limit", "a limit may not be negative");
    const char *name = clm_xml__attr(n, "name");
    if (name != NULL && (rc = clm_core__check_text(name, CLM_CORE__TEXT_NAME, "name")) < 0)
        return clm_xml__relay(rc, n, source, "name");
    const char *id = clm_xml__attr(n, "id");
    if ((rc = clm_core__check_text(id, CLM_CORE__TEXT_ID, "id")) < 0)
        return clm_xml__relay(rc, n, source, "id");
    h->id = clm_core__strdup(id);
    h->name = clm_core__strdup(name);
    h->group = clm_core__strdup(clm_xml__attr(n, "group"));
    if (h->id == NULL || (name != NULL && h->name == NULL) ||
        (clm_xml__attr(n, "group") != NULL && h->group == NULL))
        return clm_core__oom("credit history client");
    c->id = h->id;
    c->name = h->name;
    c->group = h->group;
    h->has_client = 1;
    return 0;
}

static void note_date(clm_credit_history *h, clm_date d)
{
    if (h->last == CLM_CREDIT_NO_DATE || d > h->last)
        h->last = d;
}

static int load_invoice(clm_credit_history *h, const xmlNode *n, const char *source)
{
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    int rc;
    if ((rc = clm_xml__attr_money(&inv.amount, n, "amount", source, 1)) < 0 ||
        (rc = clm_xml__attr_date(&inv.issued, n, "issued", source, 1)) < 0 ||
        (rc = clm_xml__attr_date(&inv.due, n, "due", source, 1)) < 0)
        return rc;
    inv.id = clm_xml__attr(n, "id");
    inv.client_id = clm_xml__attr(n, "client");
    inv.manager = clm_xml__attr(n, "manager");
    if ((rc = clm_credit_ledger_add_invoice(h->ledger, &inv)) < 0)
        return clm_xml__relay(rc, n, source, clm_error_last()->field);
    note_date(h, inv.issued);
    return 0;
}

static int load_payment(clm_credit_history *h, const xmlNode *n, const char *source)
{
    clm_credit_payment p = CLM_CREDIT_PAYMENT_INIT;
    int rc;
    const char *kind = clm_xml__attr(n, "kind");
    if (kind != NULL && (rc = clm_credit_payment_kind_from_name(&p.kind, kind)) < 0)
        return clm_xml__relay(rc, n, source, "kind");
    if ((rc = clm_xml__attr_money(&p.amount, n, "amount", source, 1)) < 0 ||
        (rc = clm_xml__attr_date(&p.date, n, "date", source, 1)) < 0)
        return rc;
    p.id = clm_xml__attr(n, "id");
    p.client_id = clm_xml__attr(n, "client");
    p.invoice_id = clm_xml__attr(n, "invoice");
    if ((rc = clm_credit_ledger_add_payment(h->ledger, &p)) < 0) {
        const char *f = clm_error_last()->field;
        return clm_xml__relay(rc, n, source, clm_core__streq(f, "invoice_id") ? "invoice" : f);
    }
    note_date(h, p.date);
    return 0;
}

void clm_credit_history_free(clm_credit_history *h)
{
    if (h == NULL)
        return;
    clm_credit_ledger_free(h->ledger);
    clm_core__free(h->id);
    clm_core__free(h->name);
    clm_core__free(h->group);
    clm_core__free(h);
}

int clm_credit_history_load_xml(clm_credit_history **out, const char *buf, size_t len,
                                const char *source, const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_history_load_xml: NULL argument");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "credit-history", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    clm_credit_history *h = clm_core__calloc(1, sizeof *h);
    if (h == NULL) {
        rc = clm_core__oom("credit history");
    } else if (root == NULL || root->ns == NULL ||
               strcmp((const char *)root->ns->href, HISTORY_NS) != 0) {
        rc = clm_xml__fail(CLM_ESCHEMA, root, source, NULL,
                           "the root element must be <credit-history xmlns=\"" HISTORY_NS "\">");
    } else if ((rc = clm_credit_ledger_new(&h->ledger, clm_xml__attr(root, "currency"))) < 0) {
        rc = clm_xml__relay(rc, root, source, "currency");
    } else {
        h->last = CLM_CREDIT_NO_DATE;
        clm_credit_figures f = CLM_CREDIT_FIGURES_INIT;
        h->client.figures = f;
        h->client.since = CLM_CREDIT_NO_DATE;
        /* invoices first, so a payment may come before the invoice it names */
        for (int pass = 0; pass < 2 && rc == 0; pass++)
            for (xmlNode *n = clm_xml__next_element(root->children); n != NULL && rc == 0;
                 n = clm_xml__next_element(n->next)) {
                if (clm_xml__is(n, "client"))
                    rc = pass == 0 ? load_client(h, n, source) : 0;
                else if (clm_xml__is(n, "invoice"))
                    rc = pass == 0 ? load_invoice(h, n, source) : 0;
                else
                    rc = pass == 1 ? load_payment(h, n, source) : 0;
            }
    }
    xmlFreeDoc(doc);
    if (rc < 0) {
        clm_credit_history_free(h);
        return rc;
    }
    *out = h;
    return 0;
}

int clm_credit_history_load_file(clm_credit_history **out, const char *path,
                                 const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_credit_history_load_file");
    if (rc != 0)
        return rc;
    rc = clm_credit_history_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

const clm_credit_ledger *clm_credit_history_ledger(const clm_credit_history *h)
{
    return h != NULL ? h->ledger : NULL;
}

const clm_credit_client_file *clm_credit_history_client(const clm_credit_history *h)
{
    return h != NULL && h->has_client ? &h->client : NULL;
}

clm_date clm_credit_history_last_date(const clm_credit_history *h)
{
    return h != NULL ? h->last : CLM_CREDIT_NO_DATE;
}
