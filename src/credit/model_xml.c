/*
 * model_xml.c — scoring models in and out of XML (schema credit-model.xsd,
 * namespace urn:libclm:credit-model:1; clm/credit_model.h).
 *
 * The schema checks the shape; this file checks what it cannot (line codes
 * libclm knows, unique names, bands upwards and closed, band-on against the
 * kind) by building the model through the public builder, so a model from
 * XML and one built in code (or built in) score by the same code. Every
 * error names the source, the line and the attribute.
 */
#include <math.h>
#include <string.h>

#include <libxml/parser.h>

#include "model_internal.h"
#include "xml/xml_reader.h"

#define NS "urn:libclm:credit-model:1"

/* A builder error becomes a schema error at `node` naming `field`, unless
 * it is ENOMEM. */
static int wrap(int rc, const xmlNode *node, const char *source, const char *field)
{
    if (rc == CLM_ENOMEM)
        return rc;
    return clm_xml__fail(rc == CLM_ELIMIT ? CLM_ELIMIT : CLM_ESCHEMA, node, source, field, "%s",
                         clm_error_last()->message);
}

static int number(double *out, const xmlNode *node, const char *name, const char *source,
                  int required)
{
    const char *s = clm_xml__attr(node, name);
    if (s == NULL) {
        if (required)
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "missing");
        return 1;
    }
    if (clm_credit__strtod(out, s) != 0)
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is not a finite decimal"
                             " number", s);
    return CLM_OK;
}

static int items(clm_credit_item *out, size_t *n, const xmlNode *node, const char *name,
                 const char *source)
{
    const char *s = clm_xml__attr(node, name);
    if (s == NULL) {
        *n = 0;
        return CLM_OK;
    }
    size_t bad = 0;
    if (clm_credit__items_parse(out, n, CLM_CREDIT_ITEMS_MAX, s, &bad) != 0)
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' at '%.16s': not a line"
                             " libclm knows (1100 ... 2400, or mve), or more than %d items", s,
                             s + bad, CLM_CREDIT_ITEMS_MAX);
    return CLM_OK;
}

static int load_ratio(clm_credit_model *m, const xmlNode *node, const char *source)
{
    double coef = 0;
    int rc = number(&coef, node, "coefficient", source, 1);
    if (rc != CLM_OK)
        return rc;
    clm_credit_item num[CLM_CREDIT_ITEMS_MAX], den[CLM_CREDIT_ITEMS_MAX];
    size_t nn = 0, nd = 0;
    if ((rc = items(num, &nn, node, "numerator", source)) != CLM_OK ||
        (rc = items(den, &nd, node, "denominator", source)) != CLM_OK)
        return rc;
    const char *name = clm_xml__attr(node, "name");
    rc = clm_credit_model_add_ratio(m, name != NULL ? name : "", coef, num, nn, den, nd);
    return rc == CLM_OK ? rc : wrap(rc, node, source, rc == CLM_EEXISTS ? "name" : "numerator");
}

static int load_band(clm_credit_model *m, const xmlNode *node, const char *source)
{
    double below = 0, to = 0;
    int hb = number(&below, node, "below", source, 0);
    int ht = number(&to, node, "to", source, 0);
    if (hb < 0)
        return hb;
    if (ht < 0)
        return ht;
    if (hb == CLM_OK && ht == CLM_OK)
        return clm_xml__fail(CLM_ESCHEMA, node, source, "to", "a band has `below` or `to`,"
                             " not both");
    double upper = hb == CLM_OK ? below : ht == CLM_OK ? to : INFINITY;
    clm_credit_band level;
    const char *ls = clm_xml__attr(node, "level");
    int rc = clm_credit_band_from_name(&level, ls != NULL ? ls : "");
    if (rc != CLM_OK)
        return wrap(rc, node, source, "level");
    const char *name = clm_xml__attr(node, "name");
    rc = clm_credit_model_add_band(m, name != NULL ? name : "", level, upper, ht == CLM_OK,
                                   clm_xml__attr(node, "meaning"));
    return rc == CLM_OK ? rc
                        : wrap(rc, node, source,
                               rc == CLM_EEXISTS ? "name" : hb == CLM_OK ? "below" : "to");
}

static const char *const kind_names[] = { NULL, "linear", "probit", "logit" };
static const char *const band_on_names[] = { NULL, "score", "score-without-constant",
                                             "probability" };

static int index_of(const char *const *names, int n, const char *s)
{
    for (int i = 1; i < n; i++)
        if (s != NULL && strcmp(names[i], s) == 0)
            return i;
    return 0;
}

int clm_credit_model_load_xml(clm_credit_model **out, const char *buf, size_t len,
                              const char *source, const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_load_xml: %s is NULL",
                              out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "credit-model", opts);
    if (rc != CLM_OK)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    clm_credit_model *m = NULL;
    int kind = index_of(kind_names, 4, clm_xml__attr(root, "kind"));
    const char *name = clm_xml__attr(root, "name");
    rc = clm_credit_model_new(&m, name != NULL ? name : "", (clm_credit_kind)kind);
    if (rc != CLM_OK)
        rc = wrap(rc, root, source, kind == 0 ? "kind" : "name");
    double constant = 0;
    if (rc == CLM_OK) {
        int c = number(&constant, root, "constant", source, 0);
        if (c < 0)
            rc = c;
        else if (c == CLM_OK && (rc = clm_credit_model_set_constant(m, constant)) != CLM_OK)
            rc = wrap(rc, root, source, "constant");
    }
    const char *on = clm_xml__attr(root, "band-on");
    if (rc == CLM_OK && on != NULL) {
        rc = clm_credit_model_set_band_on(m, (clm_credit_band_on)index_of(band_on_names, 4, on));
        if (rc != CLM_OK)
            rc = wrap(rc, root, source, "band-on");
    }
    if (rc == CLM_OK && clm_xml__attr(root, "source") != NULL &&
        (rc = clm_credit_model_set_source(m, clm_xml__attr(root, "source"))) != CLM_OK)
        rc = wrap(rc, root, source, "source");
    xmlNode *last = root;
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL && rc == CLM_OK;
         n = clm_xml__next_element(n->next)) {
        last = n;
        rc = clm_xml__is(n, "ratio") ? load_ratio(m, n, source) : load_band(m, n, source);
    }
    if (rc == CLM_OK && !m->closed)
        rc = clm_xml__fail(CLM_ESCHEMA, last, source, "below", "credit model '%s': the last"
                           " band must be open upwards (neither `below` nor `to`)", m->name);
    xmlFreeDoc(doc);
    if (rc != CLM_OK) {
        clm_credit_model_free(m);
        return rc;
    }
    *out = m;
    return CLM_OK;
}

int clm_credit_model_load_file(clm_credit_model **out, const char *path,
                               const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_credit_model_load_file");
    if (rc != CLM_OK)
        return rc;
    rc = clm_credit_model_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

int clm_credit_model_save_xml(char **out, size_t *len, const clm_credit_model *m)
{
    if (out == NULL || m == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_save_xml: %s is NULL",
                              out == NULL ? "out" : "model");
    clm_core__buf b;
    clm_core__buf_init(&b);
    char num[32];
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credit-model xmlns=\""
                           NS "\"");
    clm_core__buf_attr(&b, "name", m->name);
    clm_core__buf_attr(&b, "kind", kind_names[m->kind]);
    clm_credit__dtoa(num, m->constant);
    clm_core__buf_attr(&b, "constant", num);
    clm_core__buf_attr(&b, "band-on", band_on_names[m->band_on]);
    if (m->source[0] != '\0')
        clm_core__buf_attr(&b, "source", m->source);
    clm_core__buf_puts(&b, ">\n");
    for (size_t i = 0; i < m->nratios; i++) {
        const clm_credit__ratio *r = &m->ratios[i];
        clm_core__buf_puts(&b, "  <ratio");
        clm_core__buf_attr(&b, "name", r->name);
        clm_credit__dtoa(num, r->coef);
        clm_core__buf_attr(&b, "coefficient", num);
        clm_core__buf_puts(&b, " numerator=\"");
        clm_credit__items_put(&b, r->num, r->nnum);
        clm_core__buf_puts(&b, "\"");
        if (r->nden > 0) {
            clm_core__buf_puts(&b, " denominator=\"");
            clm_credit__items_put(&b, r->den, r->nden);
            clm_core__buf_puts(&b, "\"");
        }
        clm_core__buf_puts(&b, "/>\n");
    }
    for (size_t i = 0; i < m->nbands; i++) {
        const clm_credit__band *bd = &m->bands[i];
        clm_core__buf_puts(&b, "  <band");
        clm_core__buf_attr(&b, "name", bd->name);
        clm_core__buf_attr(&b, "level", clm_credit_band_name(bd->level));
        if (bd->upper != INFINITY) {
            clm_credit__dtoa(num, bd->upper);
            clm_core__buf_attr(&b, bd->inclusive ? "to" : "below", num);
        }
        if (bd->meaning[0] != '\0')
            clm_core__buf_attr(&b, "meaning", bd->meaning);
        clm_core__buf_puts(&b, "/>\n");
    }
    clm_core__buf_puts(&b, "</credit-model>\n");
    return clm_core__buf_finish(&b, out, len) == 0 ? CLM_OK : clm_core__oom("credit model XML");
}
