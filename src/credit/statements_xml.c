/*
 * statements_xml.c — a client's financial statements in and out of XML
 * (schema credit-statements.xsd, namespace urn:libclm:credit-statements:1;
 * clm/credit_model.h). Built through the public setters, so every check
 * they make holds for a file too; every error names the line.
 */
#include <string.h>

#include <libxml/parser.h>

#include "model_internal.h"
#include "xml/xml_reader.h"

#define NS "urn:libclm:credit-statements:1"

static int wrap(int rc, const xmlNode *node, const char *source, const char *field)
{
    if (rc == CLM_ENOMEM)
        return rc;
    return clm_xml__fail(rc == CLM_ELIMIT ? CLM_ELIMIT : CLM_ESCHEMA, node, source, field, "%s",
                         clm_error_last()->message);
}

static int load_period(clm_credit_statements *st, clm_credit_period p, xmlNode *node,
                       const char *source)
{
    unsigned char seen[CLM_CREDIT__NLINES] = { 0 };
    for (xmlNode *n = clm_xml__next_element(node->children); n != NULL;
         n = clm_xml__next_element(n->next)) {
        int64_t code = 0;
        int rc = clm_xml__attr_int64(&code, n, "code", source, 1);
        if (rc != CLM_OK)
            return rc;
        if (code < 1000 || code > 9999 || !clm_credit_line_known((int)code))
            return clm_xml__fail(CLM_ESCHEMA, n, source, "code", "line %lld is not a"
                                 " balance-sheet or income-statement line libclm knows",
                                 (long long)code);
        int slot = clm_credit__slot((int)code);
        if (seen[slot])
            return clm_xml__fail(CLM_ESCHEMA, n, source, "code", "line %lld is given twice in"
                                 " the %s period", (long long)code, p == 0 ? "current" : "prior");
        seen[slot] = 1;
        clm_money m;
        if ((rc = clm_xml__attr_money(&m, n, "amount", source, 1)) != CLM_OK)
            return rc;
        if ((rc = clm_credit_statements_set(st, p, (int)code, &m)) != CLM_OK)
            return wrap(rc, n, source, "amount");
    }
    return CLM_OK;
}

int clm_credit_statements_load_xml(clm_credit_statements **out, const char *buf, size_t len,
                                   const char *source, const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_statements_load_xml: %s is NULL",
                              out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "credit-statements", opts);
    if (rc != CLM_OK)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    clm_credit_statements *st = NULL;
    const char *cur = clm_xml__attr(root, "currency");
    rc = clm_credit_statements_new(&st, cur != NULL ? cur : "");
    if (rc != CLM_OK)
        rc = wrap(rc, root, source, "currency");
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL && rc == CLM_OK;
         n = clm_xml__next_element(n->next)) {
        if (clm_xml__is(n, "current") || clm_xml__is(n, "prior")) {
            rc = load_period(st, clm_xml__is(n, "current") ? CLM_CREDIT_CURRENT : CLM_CREDIT_PRIOR,
                             n, source);
        } else if (clm_xml__is(n, "market-equity")) {
            clm_money m;
            if ((rc = clm_xml__attr_money(&m, n, "amount", source, 1)) == CLM_OK &&
                (rc = clm_credit_statements_set_market_equity(st, &m)) != CLM_OK)
                rc = wrap(rc, n, source, "amount");
        } else {
            const char *name = clm_xml__attr(n, "name"), *v = clm_xml__attr(n, "value");
            double value = 0;
            if (clm_credit__strtod(&value, v != NULL ? v : "") != 0)
                rc = clm_xml__fail(CLM_ESCHEMA, n, source, "value", "'%s' is not a finite"
                                   " decimal number", v != NULL ? v : "");
            else if (name != NULL && clm_credit__given_find(st, name) != NULL)
                rc = clm_xml__fail(CLM_ESCHEMA, n, source, "name", "ratio '%s' is given twice",
                                   name);
            else if ((rc = clm_credit_statements_set_ratio(st, name != NULL ? name : "", value)) !=
                     CLM_OK)
                rc = wrap(rc, n, source, "name");
        }
    }
    xmlFreeDoc(doc);
    if (rc != CLM_OK) {
        clm_credit_statements_free(st);
        return rc;
    }
    *out = st;
    return CLM_OK;
}

int clm_credit_statements_load_file(clm_credit_statements **out, const char *path,
                                    const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_credit_statements_load_file");
    if (rc != CLM_OK)
        return rc;
    rc = clm_credit_statements_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

static void put_money(clm_core__buf *b, const clm_credit_statements *st, int64_t amount)
{
    clm_money m;
    m.amount = amount;
    memcpy(m.currency, st->currency, sizeof m.currency);
    char s[CLM_MONEY_FORMAT_MAX];
    if (clm_money_format(s, sizeof s, &m) < 0)
        s[0] = '\0';
    clm_core__buf_puts(b, s);
}

int clm_credit_statements_save_xml(char **out, size_t *len, const clm_credit_statements *st)
{
    if (out == NULL || st == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_statements_save_xml: %s is NULL",
                              out == NULL ? "out" : "statements");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credit-statements"
                             " xmlns=\"" NS "\" currency=\"%s\">\n", st->currency);
    int has_prior = 0;
    for (int s = 0; s < CLM_CREDIT__NLINES; s++)
        has_prior |= st->present[CLM_CREDIT_PRIOR][s];
    for (int p = 0; p <= has_prior; p++) {
        const char *tag = p == 0 ? "current" : "prior";
        clm_core__buf_printf(&b, "  <%s>\n", tag);
        for (int s = 0; s < CLM_CREDIT__NLINES; s++)
            if (st->present[p][s]) {
                clm_core__buf_printf(&b, "    <line code=\"%d\" amount=\"", clm_credit__codes[s]);
                put_money(&b, st, st->amount[p][s]);
                clm_core__buf_puts(&b, "\"/>\n");
            }
        clm_core__buf_printf(&b, "  </%s>\n", tag);
    }
    if (st->has_mve) {
        clm_core__buf_puts(&b, "  <market-equity amount=\"");
        put_money(&b, st, st->mve);
        clm_core__buf_puts(&b, "\"/>\n");
    }
    for (size_t i = 0; i < st->ngiven; i++) {
        char num[32];
        clm_credit__dtoa(num, st->given[i].value);
        clm_core__buf_puts(&b, "  <ratio name=\"");
        clm_core__buf_xml_escape(&b, st->given[i].name);
        clm_core__buf_printf(&b, "\" value=\"%s\"/>\n", num);
    }
    clm_core__buf_puts(&b, "</credit-statements>\n");
    return clm_core__buf_finish(&b, out, len) == 0 ? CLM_OK
                                                   : clm_core__oom("credit statements XML");
}
