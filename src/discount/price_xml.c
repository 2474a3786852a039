/*
 * price_xml.c — price lists in and out of XML (schema price-list.xsd).
 * Loading builds the set through price.h's public calls after the shared
 * hardened reader has parsed and validated the document; any failure frees
 * what was built.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "clm/price_xml.h"
#include "price_internal.h"
#include "xml/xml_reader.h"

#define PRICE_NS "urn:libclm:price-list:1"

/* The model's refusal (the last error) as an error at node/field. */
static int relay(int rc, const xmlNode *node, const char *source, const char *field)
{
    const char *f = clm_error_last()->field;
    if (f != NULL && f[0] != '\0')
        field = f;
    /* the field names of the C structs are the attributes with '-' */
    char attr[64];
    snprintf(attr, sizeof attr, "%s", field ? field : "");
    for (char *p = attr; *p; p++)
        if (*p == '_')
            *p = '-';
    if (strcmp(attr, "valid-from") == 0)
        snprintf(attr, sizeof attr, "from");
    else if (strcmp(attr, "valid-to") == 0)
        snprintf(attr, sizeof attr, "to");
    else if (strcmp(attr, "unit-price") == 0)
        snprintf(attr, sizeof attr, "price");
    return clm_xml__relay(rc, node, source, attr[0] ? attr : NULL);
}

/* Units with at most 3 decimals -> thousandths; 1 if absent. */
static int attr_quantity(int64_t *out, const xmlNode *n, const char *name, const char *source)
{
    const char *v = clm_xml__attr(n, name);
    if (v == NULL)
        return 1;
    int64_t r = 0;
    int decimals = -1;
    for (const char *p = v; *p; p++) {
        if (*p == '.') {
            decimals = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || (decimals >= 0 && ++decimals > 3) || clm_core__mul_ovf(r, 10, &r) ||
            clm_core__add_ovf(r, *p - '0', &r))
            return clm_xml__fail(CLM_ESCHEMA, n, source, name, "'%s' is not a quantity of at most 3 decimals", v);
    }
    for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
        if (clm_core__mul_ovf(r, 10, &r))
            return clm_xml__fail(CLM_ESCHEMA, n, source, name, "'%s' is too large", v);
    *out = r;
    return 0;
}

/* rate, amount, step, rounding; *given = 1 if any is present. */
static int load_formula(clm_price_formula *f, int *given, const xmlNode *n, const char *source,
                        const char *currency)
{
    *f = (clm_price_formula)CLM_PRICE_FORMULA_INIT;
    *given = 0;
    int rc;
    if ((rc = clm_xml__attr_rate(&f->rate, n, "rate", source, 0)) < 0)
        return rc;
    *given |= rc == 0;
    if ((rc = clm_xml__attr_amount(&f->amount, n, "amount", source, currency, 0, "the list")) < 0)
        return rc;
    *given |= rc == 0;
    if ((rc = clm_xml__attr_amount(&f->step, n, "step", source, currency, 0, "the list")) < 0)
        return rc;
    *given |= rc == 0;
    const char *r = clm_xml__attr(n, "rounding");
    if (r != NULL) {
        *given = 1;
        if (clm_rounding_from_name(&f->rounding, r) < 0)
            return clm_xml__fail(CLM_ESCHEMA, n, source, "rounding",
                                 "rounding '%s' is unknown (half-even, half-up, half-down, up, down, ceiling, floor)", r);
    }
    return 0;
}

static int attr_date(clm_date *out, const xmlNode *n, const char *name, const char *source)
{
    int rc = clm_xml__attr_date(out, n, name, source, 0);
    return rc < 0 ? rc : 0;
}

static int load_entry(clm_price_set *s, const char *list, const char *currency, xmlNode *n, const char *source)
{
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    int rc;
    e.product = clm_xml__attr(n, "product");
    e.group = clm_xml__attr(n, "group");
    e.base = clm_xml__attr(n, "base");
    if ((e.product == NULL) == (e.group == NULL))
        return clm_xml__fail(CLM_ESCHEMA, n, source, e.product ? "group" : "product",
                             "an entry names a product or a group (exactly one)");
    if ((rc = attr_quantity(&e.min_quantity, n, "min-quantity", source)) < 0)
        return rc;
    if ((rc = attr_date(&e.valid_from, n, "from", source)) < 0 || (rc = attr_date(&e.valid_to, n, "to", source)) < 0)
        return rc;
    int has_price = clm_xml__attr(n, "price") != NULL;
    if (has_price == (e.base != NULL))
        return clm_xml__fail(CLM_ESCHEMA, n, source, has_price ? "base" : "price",
                             "an entry has a price or a base list with a formula (exactly one)");
    if (has_price && (rc = clm_xml__attr_amount(&e.unit_price, n, "price", source, currency, 0, "the list")) < 0)
        return rc;
    int given;
    if ((rc = load_formula(&e.formula, &given, n, source, currency)) < 0)
        return rc;
    if (given && e.base == NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "rate", "a formula needs a base list (attribute base)");
    rc = clm_price_set_add_entry(s, list, &e);
    return rc < 0 ? relay(rc, n, source, NULL) : 0;
}

static int load_list(clm_price_set *s, xmlNode *n, const char *source)
{
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    int rc;
    d.id = clm_xml__attr(n, "id");
    d.currency = clm_xml__attr(n, "currency");
    clm_currency cur;
    if (clm_currency_find(&cur, d.currency) < 0)
        return clm_xml__fail(CLM_ECURRENCY, n, source, "currency", "currency '%s' is unknown", d.currency);
    if ((rc = attr_date(&d.valid_from, n, "from", source)) < 0 || (rc = attr_date(&d.valid_to, n, "to", source)) < 0)
        return rc;
    const char *a = clm_xml__attr(n, "audience");
    if (a != NULL && clm_price_audience_from_name(&d.audience, a) < 0)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "audience", "%s", clm_error_last()->message);
    d.audience_value = clm_xml__attr(n, "audience-value");
    if (d.audience != CLM_PRICE_EVERYONE && d.audience_value == NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "audience-value", "a list for a %s names it (audience-value)",
                             clm_price_audience_name(d.audience));
    if (d.audience == CLM_PRICE_EVERYONE && d.audience_value != NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "audience-value",
                             "audience-value needs an audience other than everyone");
    d.parent = clm_xml__attr(n, "parent");
    int given;
    if ((rc = load_formula(&d.parent_formula, &given, n, source, cur.code)) < 0)
        return rc;
    if (given && d.parent == NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "rate", "a formula needs a parent list (attribute parent)");
    rc = clm_price_set_add_list(s, &d);
    if (rc == CLM_EEXISTS)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "id", "price list '%s' is defined twice", d.id);
    if (rc < 0)
        return relay(rc, n, source, NULL);
    for (xmlNode *c = clm_xml__next_element(n->children); c != NULL; c = clm_xml__next_element(c->next))
        if ((rc = load_entry(s, d.id, cur.code, c, source)) < 0)
            return rc;
    return 0;
}

/* The element of list li (entry ei, or the list itself for NONE). */
static xmlNode *element_at(xmlNode *root, size_t li, size_t ei)
{
    size_t i = 0;
    for (xmlNode *l = clm_xml__next_element(root->children); l != NULL; l = clm_xml__next_element(l->next), i++) {
        if (i != li)
            continue;
        if (ei == CLM_DISCOUNT_NONE)
            return l;
        size_t k = 0;
        for (xmlNode *e = clm_xml__next_element(l->children); e != NULL; e = clm_xml__next_element(e->next), k++)
            if (k == ei)
                return e;
        return l;
    }
    return root;
}

int clm_price_set_load_xml(clm_price_set **out, const char *buf, size_t len, const char *source,
                           const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_price_set_load_xml: %s is NULL", out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "price-list", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    clm_price_set *s = NULL;
    if (root == NULL || !clm_xml__is(root, "price-lists") || root->ns == NULL ||
        strcmp((const char *)root->ns->href, PRICE_NS) != 0)
        rc = clm_xml__fail(CLM_ESCHEMA, root, source, NULL, "the root element must be <price-lists xmlns=\"%s\">",
                           PRICE_NS);
    if (rc == 0)
        rc = clm_price_set_new(&s);
    for (xmlNode *l = rc == 0 ? clm_xml__next_element(root->children) : NULL; l != NULL && rc == 0;
         l = clm_xml__next_element(l->next))
        rc = load_list(s, l, source);
    if (rc == 0) {
        size_t li, ei;
        rc = clm_discount__pset_check(s, &li, &ei);
        if (rc < 0 && rc != CLM_ENOMEM)
            rc = relay(rc, element_at(root, li, ei), source, ei == CLM_DISCOUNT_NONE ? "parent" : "base");
    }
    xmlFreeDoc(doc);
    if (rc != 0) {
        clm_price_set_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int clm_price_set_load_file(clm_price_set **out, const char *path, const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_price_set_load_file");
    if (rc != 0)
        return rc;
    rc = clm_price_set_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

/* ---- writing ---------------------------------------------------------------------- */

static void put_date(clm_core__buf *b, const char *name, clm_date d, clm_date open)
{
    if (d != open)
        clm_core__buf_attr_date(b, name, d);
}

static void put_formula(clm_core__buf *b, const clm_price_formula *f, const char *currency)
{
    char r[CLM_RATE_FORMAT_MAX];
    if (f->rate != 0) {
        clm_rate_format(r, sizeof r, f->rate);
        clm_core__buf_printf(b, " rate=\"%s\"", r);
    }
    if (f->amount != 0)
        clm_core__buf_attr_money(b, "amount", f->amount, currency);
    clm_core__buf_attr_money(b, "step", f->step, currency);
    clm_core__buf_printf(b, " rounding=\"%s\"", clm_rounding_name(f->rounding));
}

int clm_price_set_save_xml(char **out, size_t *len, const clm_price_set *s)
{
    if (out == NULL || s == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_price_set_save_xml: %s is NULL", out == NULL ? "out" : "set");
    if (s->n == 0)
        return clm_core__fail(CLM_EINVAL, "clm_price_set_save_xml: a file holds at least one list");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<price-lists xmlns=\"" PRICE_NS "\">\n");
    for (size_t i = 0; i < s->n; i++) {
        const clm_price_list_def *l = &s->lists[i].pub;
        clm_core__buf_puts(&b, "  <price-list");
        clm_core__buf_attr(&b, "id", l->id);
        clm_core__buf_printf(&b, " currency=\"%s\"", l->currency);
        put_date(&b, "from", l->valid_from, CLM_DATE_MIN);
        put_date(&b, "to", l->valid_to, CLM_DATE_MAX);
        if (l->audience != CLM_PRICE_EVERYONE) {
            clm_core__buf_printf(&b, " audience=\"%s\"", clm_price_audience_name(l->audience));
            clm_core__buf_attr(&b, "audience-value", l->audience_value);
        }
        if (l->parent != NULL) {
            clm_core__buf_attr(&b, "parent", l->parent);
            put_formula(&b, &l->parent_formula, l->currency);
        }
        clm_core__buf_puts(&b, s->lists[i].n ? ">\n" : "/>\n");
        for (size_t k = 0; k < s->lists[i].n; k++) {
            const clm_price_entry *e = &s->lists[i].entries[k];
            clm_core__buf_puts(&b, "    <entry");
            clm_core__buf_attr(&b, e->product ? "product" : "group", e->product ? e->product : e->group);
            if (e->min_quantity != 0) {
                char q[48];
                clm_discount__fmt_qty_plain(q, sizeof q, e->min_quantity);
                clm_core__buf_printf(&b, " min-quantity=\"%s\"", q);
            }
            put_date(&b, "from", e->valid_from, CLM_DATE_MIN);
            put_date(&b, "to", e->valid_to, CLM_DATE_MAX);
            if (e->base == NULL) {
                clm_core__buf_attr_money(&b, "price", e->unit_price, l->currency);
            } else {
                clm_core__buf_attr(&b, "base", e->base);
                put_formula(&b, &e->formula, l->currency);
            }
            clm_core__buf_puts(&b, "/>\n");
        }
        if (s->lists[i].n)
            clm_core__buf_puts(&b, "  </price-list>\n");
    }
    clm_core__buf_puts(&b, "</price-lists>\n");
    char *data;
    size_t n;
    if (clm_core__buf_finish(&b, &data, &n) != 0)
        return clm_core__oom("price list XML");
    *out = data;
    if (len != NULL)
        *len = n;
    return 0;
}
