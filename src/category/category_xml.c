/*
 * category_xml.c — category policies in and out of XML (schema
 * category-policy.xsd, namespace urn:libclm:category-policy:1).
 *
 * The schema checks the shape; this file checks what the schema cannot
 * (values against their fact's kind, operators per kind, unique names,
 * declared categories) and builds the policy through the public builder, so
 * an XML policy and one built in code compile to the same thing. Every
 * error names the source, the line and the attribute or element.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "category_internal.h"
#include "clm/money.h"
#include "xml/xml_reader.h"

#define NS "urn:libclm:category-policy:1"

typedef struct ctx {
    const char *source;
    clm_category_policy *policy;
} ctx;

static const char *const op_names[] = { NULL, "eq", "ne", "lt", "le", "gt", "ge" };

static clm_cmp_op op_from_name(const char *s)
{
    for (int i = CLM_CMP_EQ; i <= CLM_CMP_GE; i++)
        if (clm_core__streq(op_names[i], s))
            return (clm_cmp_op)i;
    return (clm_cmp_op)0;
}

/* A builder error becomes a schema error at `node` unless it is ENOMEM or
 * ELIMIT, which keep their code. */
static int wrap(int rc, const xmlNode *node, const ctx *c, const char *field)
{
    if (rc == CLM_ENOMEM)
        return rc;
    return clm_xml__fail(rc == CLM_ELIMIT ? CLM_ELIMIT : CLM_ESCHEMA, node, c->source, field,
                         "%s", clm_error_last()->message);
}

static int parse_int64(int64_t *out, const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return -1;
    for (const char *q = p; *q != '\0'; q++)
        if (*q < '0' || *q > '9')
            return -1;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return -1;
    *out = (int64_t)v;
    return 0;
}

/* Parses `text` as a value of `fact` (not a text fact). */
static int parse_value(int64_t *out, clm_fact fact, const char *text, const xmlNode *node,
                       const ctx *c, const char *field)
{
    const char *fname = clm_fact_name(fact);
    switch (clm_category__fact_kind_of((int)fact)) {
    case CLM__KIND_MONEY: {
        clm_money m;
        if (clm_money_parse(&m, text) != 0)
            return clm_xml__fail(CLM_ESCHEMA, node, c->source, field,
                                 "'%s' is not an amount for '%s': %s", text, fname,
                                 clm_error_last()->message);
        const char *cur = clm_category_policy_currency(c->policy);
        if (strcmp(m.currency, cur) != 0)
            return clm_xml__fail(CLM_ESCHEMA, node, c->source, field,
                                 "'%s' is in %s; the policy's amounts are in %s", text,
                                 m.currency, cur);
        *out = m.amount;
        return CLM_OK;
    }
    case CLM__KIND_NUMBER:
        if (parse_int64(out, text) != 0)
            return clm_xml__fail(CLM_ESCHEMA, node, c->source, field,
                                 "'%s' is not an integer for '%s'", text, fname);
        return CLM_OK;
    case CLM__KIND_DATE: {
        clm_date d;
        if (clm_date_parse(&d, text) != 0)
            return clm_xml__fail(CLM_ESCHEMA, node, c->source, field,
                                 "'%s' is not a date for '%s': %s", text, fname,
                                 clm_error_last()->message);
        *out = d;
        return CLM_OK;
    }
    case CLM__KIND_CLASS: {
        const char *letters = fact == CLM_FACT_ABC ? "ABC" : "XYZ";
        if (strlen(text) == 1 && text[0] != '\0' && strchr(letters, text[0]) != NULL) {
            *out = strchr(letters, text[0]) - letters + 1;
            return CLM_OK;
        }
        return clm_xml__fail(CLM_ESCHEMA, node, c->source, field,
                             "'%s' is not a class of '%s' (one of %c, %c, %c)", text, fname,
                             letters[0], letters[1], letters[2]);
    }
    default:
        return clm_xml__fail(CLM_ESCHEMA, node, c->source, field, "'%s' takes no value",
                             fname);
    }
}

static int fact_attr(clm_fact *out, const xmlNode *node, const ctx *c)
{
    const char *s = clm_xml__attr(node, "fact");
    if (s == NULL || clm_fact_from_name(out, s) != 0)
        return clm_xml__fail(CLM_ESCHEMA, node, c->source, "fact", "unknown fact '%s'",
                             s != NULL ? s : "");
    return CLM_OK;
}

static int build(clm_condition **out, xmlNode *node, const ctx *c, int depth);

static int build_group(clm_condition **out, xmlNode *node, const ctx *c, int depth)
{
    size_t n = 0;
    for (xmlNode *k = clm_xml__next_element(node->children); k != NULL;
         k = clm_xml__next_element(k->next))
        n++;
    clm_condition **kids = n > 0 ? clm_core__calloc(n, sizeof *kids) : NULL;
    if (n > 0 && kids == NULL)
        return clm_core__oom("category policy: condition");
    size_t i = 0;
    int rc = CLM_OK;
    for (xmlNode *k = clm_xml__next_element(node->children); k != NULL && rc == CLM_OK;
         k = clm_xml__next_element(k->next))
        if ((rc = build(&kids[i], k, c, depth + 1)) == CLM_OK)
            i++;
    if (rc == CLM_OK) {
        if (clm_xml__is(node, "not"))
            rc = clm_condition_not(out, kids[0]);
        else if (clm_xml__is(node, "all"))
            rc = clm_condition_all(out, kids, n);
        else
            rc = clm_condition_any(out, kids, n);
        if (rc == CLM_OK)
            i = 0; /* the new node owns them */
        else
            rc = wrap(rc, node, c, NULL);
    }
    for (size_t j = 0; j < i; j++)
        clm_condition_free(kids[j]);
    clm_core__free(kids);
    return rc;
}

/* The text of a <value> element: its text and CDATA children joined
 * (comments and processing instructions between them are skipped). The
 * caller frees *out with clm_core__free. */
static int value_text(char **out, const xmlNode *k)
{
    clm_core__buf b;
    clm_core__buf_init(&b);
    /* Workaround: clm_core__buf_finish() on a buffer never appended to returns
     * an unterminated allocation (reported); an empty append terminates. */
    clm_core__buf_append(&b, "", 0);
    for (const xmlNode *t = k->children; t != NULL; t = t->next)
        if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) &&
            t->content != NULL)
            clm_core__buf_puts(&b, (const char *)t->content);
    if (clm_core__buf_finish(&b, out, NULL) != 0)
        return clm_core__oom("category policy: value");
    return CLM_OK;
}

static int build_in(clm_condition **out, xmlNode *node, clm_fact fact, const ctx *c)
{
    size_t n = 0;
    for (xmlNode *k = clm_xml__next_element(node->children); k != NULL;
         k = clm_xml__next_element(k->next))
        n++;
    bool text = clm_category__fact_kind_of((int)fact) == CLM__KIND_TEXT;
    char **texts = clm_core__calloc(n, sizeof *texts);
    int64_t *ints = text ? NULL : clm_core__calloc(n, sizeof *ints);
    if (texts == NULL || (!text && ints == NULL)) {
        clm_core__free(texts);
        clm_core__free(ints);
        return clm_core__oom("category policy: set");
    }
    size_t i = 0;
    int rc = CLM_OK;
    for (xmlNode *k = clm_xml__next_element(node->children); k != NULL;
         k = clm_xml__next_element(k->next), i++) {
        if ((rc = value_text(&texts[i], k)) != CLM_OK)
            break;
        if (!text && (rc = parse_value(&ints[i], fact, texts[i], k, c, "value")) != CLM_OK)
            break;
        /* an enumerated fact's value outside its vocabulary: name its line */
        rc = text ? clm_category__check_text_value((int)fact, texts[i])
                  : clm_category__check_value((int)fact, ints[i]);
        if (rc != CLM_OK) {
            rc = wrap(rc, k, c, "value");
            break;
        }
    }
    if (rc == CLM_OK) {
        rc = text ? clm_condition_in_text(out, fact, (const char *const *)texts, n)
                  : clm_condition_in(out, fact, ints, n);
        if (rc != CLM_OK)
            rc = wrap(rc, node, c, "fact");
    }
    for (size_t j = 0; j < n; j++)
        clm_core__free(texts[j]);
    clm_core__free(texts);
    clm_core__free(ints);
    return rc;
}

static int build(clm_condition **out, xmlNode *node, const ctx *c, int depth)
{
    if (depth > CLM__COND_MAX_DEPTH)
        return clm_xml__fail(CLM_ELIMIT, node, c->source, NULL,
                             "conditions nest deeper than %d levels", CLM__COND_MAX_DEPTH);
    if (clm_xml__is(node, "all") || clm_xml__is(node, "any") || clm_xml__is(node, "not"))
        return build_group(out, node, c, depth);
    clm_fact fact;
    int rc = fact_attr(&fact, node, c);
    if (rc != CLM_OK)
        return rc;
    bool text = clm_category__fact_kind_of((int)fact) == CLM__KIND_TEXT;
    if (clm_xml__is(node, "known")) {
        rc = clm_condition_known(out, fact);
        return rc == CLM_OK ? rc : wrap(rc, node, c, "fact");
    }
    if (clm_xml__is(node, "in"))
        return build_in(out, node, fact, c);
    if (clm_xml__is(node, "range")) {
        int64_t lo, hi;
        const char *smin = clm_xml__attr(node, "min"), *smax = clm_xml__attr(node, "max");
        if (text || fact == CLM_FACT_ABC || fact == CLM_FACT_XYZ)
            return clm_xml__fail(CLM_ESCHEMA, node, c->source, "fact",
                                 "a range does not apply to '%s'", clm_fact_name(fact));
        if ((rc = parse_value(&lo, fact, smin != NULL ? smin : "", node, c, "min")) != 0 ||
            (rc = parse_value(&hi, fact, smax != NULL ? smax : "", node, c, "max")) != 0)
            return rc;
        rc = clm_condition_range(out, fact, lo, hi);
        return rc == CLM_OK ? rc : wrap(rc, node, c, "max");
    }
    if (clm_xml__is(node, "compare")) {
        clm_cmp_op op = op_from_name(clm_xml__attr(node, "op"));
        const char *v = clm_xml__attr(node, "value");
        if (op == 0 || v == NULL)
            return clm_xml__fail(CLM_ESCHEMA, node, c->source, op == 0 ? "op" : "value",
                                 "missing or unknown %s", op == 0 ? "operator" : "value");
        if (text) {
            if ((rc = clm_category__check_text_value((int)fact, v)) != CLM_OK)
                return wrap(rc, node, c, "value");
            rc = clm_condition_compare_text(out, fact, op, v);
        } else {
            int64_t x;
            if ((rc = parse_value(&x, fact, v, node, c, "value")) != 0)
                return rc;
            if ((op == CLM_CMP_EQ || op == CLM_CMP_NE) &&
                (rc = clm_category__check_value((int)fact, x)) != CLM_OK)
                return wrap(rc, node, c, "value");
            rc = clm_condition_compare(out, fact, op, x);
        }
        return rc == CLM_OK ? rc : wrap(rc, node, c, "op");
    }
    return clm_xml__fail(CLM_ESCHEMA, node, c->source, NULL, "unknown condition <%s>",
                         (const char *)node->name);
}

static int load_category(xmlNode *node, const ctx *c)
{
    size_t n = 0;
    for (xmlNode *k = clm_xml__next_element(node->children); k != NULL;
         k = clm_xml__next_element(k->next))
        n++;
    const char **roles = n > 0 ? clm_core__calloc(n, sizeof *roles) : NULL;
    if (n > 0 && roles == NULL)
        return clm_core__oom("category policy: roles");
    size_t i = 0;
    for (xmlNode *k = clm_xml__next_element(node->children); k != NULL;
         k = clm_xml__next_element(k->next))
        roles[i++] = clm_xml__attr(k, "name");
    const char *name = clm_xml__attr(node, "name");
    int rc = clm_category_policy_add_category(c->policy, name, roles, n);
    clm_core__free(roles);
    if (rc == CLM_EEXISTS)
        return clm_xml__fail(CLM_ESCHEMA, node, c->source, "name",
                             "category '%s' is declared twice", name);
    return rc == CLM_OK ? rc : wrap(rc, node, c, "name");
}

static int load_rule(xmlNode *node, const ctx *c)
{
    const char *name = clm_xml__attr(node, "name");
    const char *category = clm_xml__attr(node, "category");
    xmlNode *cn = clm_xml__next_element(node->children);
    if (cn == NULL || name == NULL || category == NULL)
        return clm_xml__fail(CLM_ESCHEMA, node, c->source, NULL, "a rule needs a name, a"
                             " category and one condition");
    clm_condition *cond = NULL;
    int rc = build(&cond, cn, c, 1);
    if (rc != CLM_OK)
        return rc;
    rc = clm_category_policy_add_rule(c->policy, name, category, cond);
    clm_condition_free(cond);
    switch (rc) {
    case CLM_OK:
        return rc;
    case CLM_ENOTFOUND:
        return clm_xml__fail(CLM_ESCHEMA, node, c->source, "category",
                             "rule '%s' names category '%s', which the policy does not"
                             " declare", name, category);
    case CLM_EEXISTS:
        return clm_xml__fail(CLM_ESCHEMA, node, c->source, "name",
                             "rule '%s' is declared twice", name);
    default:
        return wrap(rc, node, c, "name");
    }
}

int clm_category_policy_load_xml(clm_category_policy **out, const char *buf, size_t len,
                                 const char *source, const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_category_policy_load_xml: %s is NULL",
                         out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "category-policy", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    ctx c = { source, NULL };
    rc = clm_category_policy_new(&c.policy, clm_xml__attr(root, "name"),
                                 clm_xml__attr(root, "currency"));
    if (rc != CLM_OK)
        rc = wrap(rc, root, &c, "currency");
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL && rc == CLM_OK;
         n = clm_xml__next_element(n->next))
        rc = clm_xml__is(n, "category") ? load_category(n, &c) : load_rule(n, &c);
    xmlFreeDoc(doc);
    if (rc != CLM_OK) {
        clm_category_policy_free(c.policy);
        return rc;
    }
    *out = c.policy;
    return CLM_OK;
}

int clm_category_policy_load_file(clm_category_policy **out, const char *path,
                                  const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_category_policy_load_file");
    if (rc != 0)
        return rc;
    rc = clm_category_policy_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

/* ---- saving ---------------------------------------------------------------- */

static void put_value(clm_core__buf *b, const clm_category_policy *p, int fact, int64_t v)
{
    char s[CLM_MONEY_FORMAT_MAX];
    switch (clm_category__fact_kind_of(fact)) {
    case CLM__KIND_MONEY: {
        clm_money m;
        m.amount = v;
        memcpy(m.currency, p->currency, sizeof m.currency);
        if (clm_money_format(s, sizeof s, &m) < 0)
            s[0] = '\0';
        break;
    }
    case CLM__KIND_DATE:
        if (clm_date_format(s, sizeof s, (clm_date)v) < 0)
            s[0] = '\0';
        break;
    case CLM__KIND_CLASS:
        s[0] = (fact == CLM_FACT_ABC ? "ABC" : "XYZ")[v - 1];
        s[1] = '\0';
        break;
    default:
        snprintf(s, sizeof s, "%lld", (long long)v);
        break;
    }
    clm_core__buf_xml_escape(b, s);
}

static void indent(clm_core__buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        clm_core__buf_puts(b, "  ");
}

/* Writes node i and its subtree. */
static void put_node(clm_core__buf *b, const clm_category_policy *p, uint32_t i, int depth)
{
    const clm_category__cnode *n = &p->nodes[i];
    const char *fact = clm_fact_name((clm_fact)n->fact);
    indent(b, depth);
    switch (n->kind) {
    case CLM__COND_CMP:
    case CLM__COND_CMP_TEXT:
        clm_core__buf_printf(b, "<compare fact=\"%s\" op=\"%s\" value=\"", fact, op_names[n->op]);
        if (n->kind == CLM__COND_CMP)
            put_value(b, p, n->fact, n->a);
        else
            clm_core__buf_xml_escape(b, p->texts[n->first]);
        clm_core__buf_puts(b, "\"/>\n");
        return;
    case CLM__COND_RANGE:
        clm_core__buf_printf(b, "<range fact=\"%s\" min=\"", fact);
        put_value(b, p, n->fact, n->a);
        clm_core__buf_puts(b, "\" max=\"");
        put_value(b, p, n->fact, n->b);
        clm_core__buf_puts(b, "\"/>\n");
        return;
    case CLM__COND_IN:
    case CLM__COND_IN_TEXT:
        clm_core__buf_printf(b, "<in fact=\"%s\">", fact);
        for (uint32_t k = 0; k < n->count; k++) {
            clm_core__buf_puts(b, "<value>");
            if (n->kind == CLM__COND_IN)
                put_value(b, p, n->fact, p->ints[n->first + k]);
            else
                clm_core__buf_xml_escape(b, p->texts[n->first + k]);
            clm_core__buf_puts(b, "</value>");
        }
        clm_core__buf_puts(b, "</in>\n");
        return;
    case CLM__COND_KNOWN:
        clm_core__buf_printf(b, "<known fact=\"%s\"/>\n", fact);
        return;
    default: {
        const char *tag = n->kind == CLM__COND_ALL ? "all" : n->kind == CLM__COND_ANY ? "any"
                                                                                     : "not";
        if (n->size == 1) {
            clm_core__buf_printf(b, "<%s/>\n", tag);
            return;
        }
        clm_core__buf_printf(b, "<%s>\n", tag);
        for (uint32_t j = i + 1; j < i + n->size; j += p->nodes[j].size)
            put_node(b, p, j, depth + 1);
        indent(b, depth);
        clm_core__buf_printf(b, "</%s>\n", tag);
        return;
    }
    }
}

int clm_category_policy_save_xml(char **out, size_t *len, const clm_category_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_category_policy_save_xml: %s is NULL",
                         out == NULL ? "out" : "policy");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<category-policy xmlns=\""
                      NS "\"");
    if (p->name[0] != '\0') {
        clm_core__buf_puts(&b, " name=\"");
        clm_core__buf_xml_escape(&b, p->name);
        clm_core__buf_puts(&b, "\"");
    }
    clm_core__buf_printf(&b, " currency=\"%s\">\n", p->currency);
    for (size_t i = 0; i < p->ncats; i++) {
        const clm_category__category *cat = &p->cats[i];
        clm_core__buf_puts(&b, "  <category name=\"");
        clm_core__buf_xml_escape(&b, cat->name);
        if (cat->nroles == 0) {
            clm_core__buf_puts(&b, "\"/>\n");
            continue;
        }
        clm_core__buf_puts(&b, "\">\n");
        for (size_t r = 0; r < cat->nroles; r++) {
            clm_core__buf_puts(&b, "    <assign-role name=\"");
            clm_core__buf_xml_escape(&b, cat->roles[r]);
            clm_core__buf_puts(&b, "\"/>\n");
        }
        clm_core__buf_puts(&b, "  </category>\n");
    }
    for (size_t j = 0; j < p->nrules; j++) {
        const clm_category__rule *r = &p->rules[j];
        clm_core__buf_puts(&b, "  <rule name=\"");
        clm_core__buf_xml_escape(&b, r->name);
        clm_core__buf_puts(&b, "\" category=\"");
        clm_core__buf_xml_escape(&b, p->cats[r->category].name);
        clm_core__buf_puts(&b, "\">\n");
        put_node(&b, p, r->root, 2);
        clm_core__buf_puts(&b, "  </rule>\n");
    }
    clm_core__buf_puts(&b, "</category-policy>\n");
    return clm_core__buf_finish(&b, out, len);
}
