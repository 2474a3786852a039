/*
 * discount_xml.c — discount policies and orders in and out of XML
 * (schemas discount-policy.xsd and discount-order.xsd).
 *
 * Loading builds a new object through discount.h's public API only, after
 * the shared hardened reader (xml.c) has parsed and validated the document;
 * any failure frees what was built, so a failed load creates nothing. The
 * policy model's own refusals (min above max, a duplicate id...) come back
 * as CLM_ESCHEMA with the line and the attribute of the element at fault.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlstring.h>

#include "clm/discount_xml.h"
#include "clm/idcheck.h"
#include "xml/xml_reader.h"

#define POLICY_NS "urn:libclm:discount-policy:1"
#define ORDER_NS "urn:libclm:discount-order:1"

/* ======================================================================
 * Small readers for the units of the schemas
 * ====================================================================== */

static int is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Relays the policy model's refusal (its message is the last error) as an
 * error at `node`/`field`. Out of memory stays CLM_ENOMEM; an unknown
 * currency stays CLM_ECURRENCY; every other refusal means the document
 * says something the model cannot hold: CLM_ESCHEMA. */
/* Quantity in units with at most 3 decimals -> thousandths. 1 if absent. */
static int attr_quantity(int64_t *out, const xmlNode *node, const char *name, const char *source)
{
    const char *v = clm_xml__attr(node, name);
    if (v == NULL)
        return 1;
    const char *p = v;
    int neg = *p == '-';
    if (neg)
        p++;
    int64_t r = 0;
    int digits = 0, decimals = -1;
    for (; *p != '\0'; p++) {
        if (*p == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
            continue;
        }
        if (*p < '0' || *p > '9')
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is not a quantity", v);
        if (decimals >= 0 && ++decimals > 3)
            return clm_xml__fail(CLM_ESCHEMA, node, source, name,
                                 "'%s' has more than 3 decimals (quantities are thousandths)", v);
        digits++;
        /* accumulate negatively so INT64_MIN fits */
        if (clm_core__mul_ovf(r, 10, &r) || clm_core__sub_ovf(r, *p - '0', &r))
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is too large", v);
    }
    if (digits == 0 || decimals == 0)
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is not a quantity", v);
    for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
        if (clm_core__mul_ovf(r, 10, &r))
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is too large", v);
    if (!neg) {
        if (r == INT64_MIN)
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is too large", v);
        r = -r;
    }
    *out = r;
    return 0;
}

/* A whole number that must fit int32 (days, priorities). 1 if absent. */
static int attr_int32(int32_t *out, const xmlNode *node, const char *name, const char *source, int required)
{
    int64_t v;
    int rc = clm_xml__attr_int64(&v, node, name, source, required);
    if (rc != 0)
        return rc;
    if (v < INT32_MIN || v > INT32_MAX)
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "%lld does not fit a 32-bit integer",
                             (long long)v);
    *out = (int32_t)v;
    return 0;
}

/* ======================================================================
 * Loading a policy
 * ====================================================================== */

typedef struct policy_loader {
    clm_discount_policy *p;
    const char *source;
    const char *currency;
} policy_loader;

static int load_caps(clm_discount_caps *caps, const xmlNode *n, const char *source)
{
    clm_discount_caps c = CLM_DISCOUNT_CAPS_INIT;
    int rc;
    if ((rc = clm_xml__attr_rate(&c.max_line, n, "max-line", source, 0)) < 0)
        return rc;
    if ((rc = clm_xml__attr_rate(&c.max_document, n, "max-document", source, 0)) < 0)
        return rc;
    if ((rc = clm_xml__attr_rate(&c.margin_floor, n, "margin-floor", source, 0)) < 0)
        return rc;
    *caps = c;
    return 0;
}

/* Which attribute of a caps element the model refused: its error names the
 * field (not its message, which is in the thread's language); fall back to
 * the first one given. */
static const char *caps_field(const xmlNode *n)
{
    const char *field = clm_error_last()->field;
    if (strcmp(field, "max-document") == 0 || strcmp(field, "margin-floor") == 0 ||
        strcmp(field, "max-line") == 0)
        return field;
    if (clm_xml__attr(n, "max-line") != NULL)
        return "max-line";
    return clm_xml__attr(n, "max-document") != NULL ? "max-document" : "margin-floor";
}

static int load_groups(policy_loader *L, xmlNode *groups)
{
    for (xmlNode *g = clm_xml__next_element(groups->children); g != NULL; g = clm_xml__next_element(g->next)) {
        const char *name = clm_xml__attr(g, "name");
        const char *parent = clm_xml__attr(g, "parent");
        int rc = clm_discount_policy_add_group(L->p, name, parent);
        if (rc == CLM_ENOTFOUND)
            return clm_xml__fail(CLM_ESCHEMA, g, L->source, "parent",
                                 "group '%s' names parent '%s', which is not declared before it", name, parent);
        if (rc == CLM_EEXISTS)
            return clm_xml__fail(CLM_ESCHEMA, g, L->source, "name", "group '%s' is declared twice", name);
        if (rc != 0)
            return clm_xml__relay(rc, g, L->source, "name");
    }
    return 0;
}

static int load_approval(policy_loader *L, xmlNode *ladder)
{
    for (xmlNode *s = clm_xml__next_element(ladder->children); s != NULL; s = clm_xml__next_element(s->next)) {
        clm_discount_approval a = { clm_xml__attr(s, "role"), CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT };
        int rc;
        if ((rc = clm_xml__attr_rate(&a.max_discount, s, "max-discount", L->source, 0)) < 0)
            return rc;
        if ((rc = clm_xml__attr_rate(&a.min_margin, s, "min-margin", L->source, 0)) < 0)
            return rc;
        rc = clm_discount_policy_add_approval(L->p, &a);
        if (rc == CLM_EEXISTS)
            return clm_xml__fail(CLM_ESCHEMA, s, L->source, "role", "role '%s' appears twice in the ladder", a.role);
        if (rc != 0) {
            const char *field = "max-discount";
            if (strlen(a.role) > 255)
                field = "role"; /* the schema counts characters, the model bytes */
            else if (strcmp(clm_error_last()->field, "min-margin") == 0)
                field = "min-margin";
            return clm_xml__relay(rc, s, L->source, field);
        }
    }
    return 0;
}

/* Splits a space-separated list in place into `values` (at most `cap`). */
static size_t split_list(char *s, const char **values, size_t cap)
{
    size_t n = 0;
    while (*s != '\0') {
        while (is_xml_space(*s))
            *s++ = '\0';
        if (*s == '\0')
            break;
        if (n < cap)
            values[n] = s;
        n++;
        while (*s != '\0' && !is_xml_space(*s))
            s++;
    }
    return n;
}

static int load_set_condition(policy_loader *L, size_t ri, const xmlNode *n, clm_discount_cond_kind kind)
{
    const char *in = clm_xml__attr(n, "in");
    if (in == NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, L->source, "in", "required attribute is missing");
    char *copy = clm_core__strdup(in);
    if (copy == NULL)
        return clm_core__oom("discount policy: condition values");
    size_t count = split_list(copy, NULL, 0);
    /* split_list wrote NULs between the values; walk them again */
    const char **values = count > 0 ? clm_core__calloc(count, sizeof *values) : NULL;
    if (count > 0 && values == NULL) {
        clm_core__free(copy);
        return clm_core__oom("discount policy: condition values");
    }
    size_t i = 0;
    for (char *s = copy; i < count; s++) {
        if (*s != '\0') {
            values[i++] = s;
            s += strlen(s);
        }
    }
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = kind;
    c.values = values;
    c.value_count = count;
    int rc = clm_discount_policy_add_condition(L->p, ri, &c);
    clm_core__free(values);
    clm_core__free(copy);
    return rc != 0 ? clm_xml__relay(rc, n, L->source, "in") : 0;
}

static int load_range_condition(policy_loader *L, size_t ri, const xmlNode *n, clm_discount_cond_kind kind)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = kind;
    const char *lo = "min", *hi = "max";
    int rc = 0, rc2 = 0;
    switch (kind) {
    case CLM_DISCOUNT_COND_LINE_QUANTITY:
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
    case CLM_DISCOUNT_COND_GROUP_QUANTITY:
        rc = attr_quantity(&c.min, n, lo, L->source);
        rc2 = rc < 0 ? 0 : attr_quantity(&c.max, n, hi, L->source);
        break;
    case CLM_DISCOUNT_COND_LINE_AMOUNT:
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
    case CLM_DISCOUNT_COND_GROUP_AMOUNT:
    case CLM_DISCOUNT_COND_TURNOVER:
        rc = clm_xml__attr_amount(&c.min, n, lo, L->source, L->currency, 0, "the document");
        rc2 = rc < 0 ? 0 : clm_xml__attr_amount(&c.max, n, hi, L->source, L->currency, 0, "the document");
        break;
    case CLM_DISCOUNT_COND_DATE: {
        clm_date from = 0, to = 0;
        lo = "from";
        hi = "to";
        rc = clm_xml__attr_date(&from, n, lo, L->source, 0);
        if (rc == 0)
            c.min = from;
        rc2 = rc < 0 ? 0 : clm_xml__attr_date(&to, n, hi, L->source, 0);
        if (rc2 == 0)
            c.max = to;
        break;
    }
    case CLM_DISCOUNT_COND_PREPAYMENT:
        rc = clm_xml__attr_rate(&c.min, n, lo, L->source, 0);
        rc2 = rc < 0 ? 0 : clm_xml__attr_rate(&c.max, n, hi, L->source, 0);
        break;
    default: /* deferral, tenure: whole days */
        rc = clm_xml__attr_int64(&c.min, n, lo, L->source, 0);
        rc2 = rc < 0 ? 0 : clm_xml__attr_int64(&c.max, n, hi, L->source, 0);
        break;
    }
    if (rc < 0)
        return rc;
    if (rc2 < 0)
        return rc2;
    if (c.min > c.max)
        return clm_xml__fail(CLM_ESCHEMA, n, L->source, hi, "the range is empty: '%s' is below '%s'",
                             clm_xml__attr(n, hi), clm_xml__attr(n, lo));
    if (kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
        c.group = clm_xml__attr(n, "group");
    if (kind == CLM_DISCOUNT_COND_TURNOVER) {
        rc = attr_int32(&c.period_days, n, "period-days", L->source, 1);
        if (rc != 0)
            return rc;
    }
    rc = clm_discount_policy_add_condition(L->p, ri, &c);
    if (rc == 0)
        return 0;
    const char *field = lo;
    const char *at = clm_error_last()->field; /* the model's name of the field */
    if (strcmp(at, "period") == 0)
        field = "period-days";
    else if (strcmp(at, "group") == 0 && c.group != NULL)
        field = "group";
    else if (clm_xml__attr(n, lo) == NULL)
        field = hi;
    return clm_xml__relay(rc, n, L->source, field);
}

static int load_action(policy_loader *L, clm_discount_action *a, const xmlNode *n)
{
    clm_discount_action_kind kind;
    if (clm_discount_action_from_name(&kind, (const char *)n->name) != 0)
        return clm_xml__fail(CLM_ESCHEMA, n, L->source, NULL, "<%s> is not an action", (const char *)n->name);
    a->kind = kind;
    int rc = 0;
    switch (kind) {
    case CLM_DISCOUNT_PERCENT:
    case CLM_DISCOUNT_SURCHARGE:
        rc = clm_xml__attr_rate(&a->rate, n, "rate", L->source, 1);
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_UNIT:
    case CLM_DISCOUNT_AMOUNT_OFF_LINE:
    case CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT:
    case CLM_DISCOUNT_FIXED_PRICE:
        rc = clm_xml__attr_amount(&a->amount, n, "amount", L->source, L->currency, 1, "the document");
        break;
    case CLM_DISCOUNT_FREE_GOODS:
        rc = clm_xml__attr_int64(&a->buy, n, "buy", L->source, 1);
        if (rc == 0)
            rc = clm_xml__attr_int64(&a->get, n, "get", L->source, 1);
        break;
    case CLM_DISCOUNT_EARLY_PAYMENT:
        rc = clm_xml__attr_rate(&a->rate, n, "rate", L->source, 1);
        if (rc == 0)
            rc = attr_int32(&a->days, n, "days", L->source, 1);
        if (rc == 0)
            rc = attr_int32(&a->net_days, n, "net-days", L->source, 1);
        break;
    }
    return rc;
}

/* The attribute of an action element the model refused, judged by the
 * limits discount.h documents for each action. */
static const char *action_field(const clm_discount_action *a)
{
    switch (a->kind) {
    case CLM_DISCOUNT_FREE_GOODS:
        return a->buy < 1 || a->buy > INT64_C(1000000000) ? "buy" : "get";
    case CLM_DISCOUNT_EARLY_PAYMENT:
        if (a->rate <= 0 || a->rate >= CLM_RATE_ONE)
            return "rate";
        return a->days < 0 ? "days" : "net-days";
    case CLM_DISCOUNT_AMOUNT_OFF_UNIT:
    case CLM_DISCOUNT_AMOUNT_OFF_LINE:
    case CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT:
    case CLM_DISCOUNT_FIXED_PRICE:
        return "amount";
    default:
        return "rate";
    }
}

static int load_rule(policy_loader *L, xmlNode *rn)
{
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = clm_xml__attr(rn, "id");
    r.exclusion_group = clm_xml__attr(rn, "exclusion-group");
    int rc = attr_int32(&r.priority, rn, "priority", L->source, 0);
    if (rc < 0)
        return rc;
    xmlChar *description = NULL;
    xmlNode *action = NULL;
    for (xmlNode *c = clm_xml__next_element(rn->children); c != NULL; c = clm_xml__next_element(c->next)) {
        if (clm_xml__is(c, "description")) {
            description = xmlNodeGetContent(c);
            if (description == NULL)
                return clm_core__oom("discount policy: rule description");
        }
        action = c; /* the schema puts the action last */
    }
    if (action == NULL || clm_xml__is(action, "description")) {
        xmlFree(description);
        return clm_xml__fail(CLM_ESCHEMA, rn, L->source, NULL, "rule '%s' has no action", r.id);
    }
    rc = load_action(L, &r.action, action);
    if (rc != 0) {
        xmlFree(description);
        return rc;
    }
    r.description = (const char *)description;
    size_t ri;
    rc = clm_discount_policy_add_rule(&ri, L->p, &r);
    xmlFree(description);
    if (rc == CLM_EEXISTS)
        return clm_xml__fail(CLM_ESCHEMA, rn, L->source, "id", "rule id '%s' is used twice", r.id);
    if (rc != 0) {
        /* the schema bounds the id in characters, the model in bytes
         * (255); then the exclusion group (a surcharge may not have one,
         * its length) or the action's figures */
        if (strlen(r.id) > 255)
            return clm_xml__relay(rc, rn, L->source, "id");
        if (strcmp(clm_error_last()->field, "exclusion-group") == 0)
            return clm_xml__relay(rc, rn, L->source, "exclusion-group");
        return clm_xml__relay(rc, action, L->source, action_field(&r.action));
    }
    for (xmlNode *c = clm_xml__next_element(rn->children); c != NULL && c != action;
         c = clm_xml__next_element(c->next)) {
        if (clm_xml__is(c, "description"))
            continue;
        clm_discount_cond_kind kind;
        if (clm_discount_cond_from_name(&kind, (const char *)c->name) != 0)
            return clm_xml__fail(CLM_ESCHEMA, c, L->source, NULL, "<%s> is not a condition", (const char *)c->name);
        int is_set = clm_discount_cond_is_set(kind);
        rc = is_set == 1 ? load_set_condition(L, ri, c, kind) : load_range_condition(L, ri, c, kind);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int load_policy(policy_loader *L, xmlNode *root)
{
    int rc;
    clm_discount_stacking stacking;
    if (clm_discount_stacking_from_name(&stacking, clm_xml__attr(root, "stacking")) != 0)
        return clm_xml__relay(CLM_EPARSE, root, L->source, "stacking");
    if ((rc = clm_discount_policy_set_stacking(L->p, stacking)) != 0)
        return clm_xml__relay(rc, root, L->source, "stacking");
    clm_rounding rounding;
    if (clm_rounding_from_name(&rounding, clm_xml__attr(root, "rounding")) != 0)
        return clm_xml__relay(CLM_EPARSE, root, L->source, "rounding");
    if ((rc = clm_discount_policy_set_rounding(L->p, rounding)) != 0)
        return clm_xml__relay(rc, root, L->source, "rounding");
    const char *basis_name = clm_xml__attr(root, "margin-basis");
    if (basis_name != NULL) {
        clm_discount_margin_basis basis;
        if (clm_discount_margin_basis_from_name(&basis, basis_name) != 0)
            return clm_xml__relay(CLM_EPARSE, root, L->source, "margin-basis");
        if ((rc = clm_discount_policy_set_margin_basis(L->p, basis)) != 0)
            return clm_xml__relay(rc, root, L->source, "margin-basis");
    }
    const char *match_name = clm_xml__attr(root, "coupon-match");
    if (match_name != NULL) {
        clm_discount_coupon_match match;
        if (clm_discount_coupon_match_from_name(&match, match_name) != 0)
            return clm_xml__relay(CLM_EPARSE, root, L->source, "coupon-match");
        if ((rc = clm_discount_policy_set_coupon_match(L->p, match)) != 0)
            return clm_xml__relay(rc, root, L->source, "coupon-match");
    }
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL; n = clm_xml__next_element(n->next)) {
        if (clm_xml__is(n, "groups")) {
            rc = load_groups(L, n);
        } else if (clm_xml__is(n, "caps")) {
            clm_discount_caps caps;
            rc = load_caps(&caps, n, L->source);
            if (rc == 0 && (rc = clm_discount_policy_set_caps(L->p, &caps)) != 0)
                rc = clm_xml__relay(rc, n, L->source, caps_field(n));
        } else if (clm_xml__is(n, "role-caps")) {
            clm_discount_caps caps;
            const char *role = clm_xml__attr(n, "role");
            rc = load_caps(&caps, n, L->source);
            if (rc == 0 && (rc = clm_discount_policy_add_role_caps(L->p, role, &caps)) != 0) {
                if (rc == CLM_EEXISTS)
                    rc = clm_xml__fail(CLM_ESCHEMA, n, L->source, "role", "role '%s' has caps already", role);
                else if (strlen(role) > 255)
                    rc = clm_xml__relay(rc, n, L->source, "role");
                else
                    rc = clm_xml__relay(rc, n, L->source, caps_field(n));
            }
        } else if (clm_xml__is(n, "approval")) {
            rc = load_approval(L, n);
        } else if (clm_xml__is(n, "rule")) {
            rc = load_rule(L, n);
        } else {
            rc = clm_xml__fail(CLM_ESCHEMA, n, L->source, NULL, "unexpected element <%s>", (const char *)n->name);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The schema fixes the namespace of every element but the root's: a
 * document in another namespace (or none) would not even match the root
 * declaration, but say so plainly. */
static int check_root(const xmlNode *root, const char *name, const char *ns, const char *source)
{
    if (root == NULL || !clm_xml__is(root, name) || root->ns == NULL ||
        strcmp((const char *)root->ns->href, ns) != 0)
        return clm_xml__fail(CLM_ESCHEMA, root, source, NULL, "the root element must be <%s xmlns=\"%s\">", name,
                             ns);
    return 0;
}

int clm_discount_policy_load_xml(clm_discount_policy **out, const char *buf, size_t len, const char *source,
                                 const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_discount_policy_load_xml: %s is NULL", out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "discount-policy", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    policy_loader L = { NULL, source, NULL };
    rc = check_root(root, "discount-policy", POLICY_NS, source);
    if (rc == 0) {
        rc = clm_discount_policy_new(&L.p, clm_xml__attr(root, "name"), clm_xml__attr(root, "currency"));
        if (rc != 0)
            rc = clm_xml__relay(rc, root, source, rc == CLM_ECURRENCY ? "currency" : "name");
    }
    if (rc == 0) {
        L.currency = clm_discount_policy_currency(L.p);
        rc = load_policy(&L, root);
    }
    xmlFreeDoc(doc);
    if (rc != 0) {
        clm_discount_policy_free(L.p);
        return rc;
    }
    *out = L.p;
    return 0;
}

int clm_discount_policy_load_file(clm_discount_policy **out, const char *path, const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_discount_policy_load_file");
    if (rc != 0)
        return rc;
    rc = clm_discount_policy_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

/* ======================================================================
 * Saving a policy
 * ====================================================================== */

typedef struct writer {
    clm_core__buf b;
    const char *currency;
    int err;              /* first refusal (CLM_EINVAL), recorded once */
} writer;

/* Text a file can carry and give back: the one text rule (clm/common.h,
 * "Text"); the setters refuse anything else already, so this guards the
 * file against a model changed behind their back. */
static int writable(writer *w, const char *s, const char *what, const char *rule)
{
    if (w->err != 0)
        return 0;
    (void)rule;
    if (clm_core__check_text(s, CLM_CORE__TEXT_NOTE, what) < 0) {
        w->err = CLM_EINVAL;
        return 0;
    }
    return 1;
}

/* Attribute values and text alike: clm_core__buf_xml_escape keeps tab, LF and
 * CR as character references, so they read back unchanged. */
static void put_escaped(writer *w, const char *s)
{
    clm_core__buf_xml_escape(&w->b, s);
}

static void put_attr(writer *w, const char *name, const char *value, const char *rule)
{
    if (!writable(w, value, name, rule))
        return;
    clm_core__buf_printf(&w->b, " %s=\"", name);
    put_escaped(w, value);
    clm_core__buf_puts(&w->b, "\"");
}

static void put_rate(writer *w, const char *name, clm_rate r, const char *rule)
{
    char s[CLM_RATE_FORMAT_MAX];
    if (w->err != 0)
        return;
    if (r > CLM_RATE_MAX || r < -CLM_RATE_MAX) {
        w->err = clm_core__fail_at(CLM_EINVAL, name, NULL, 0,
                              "discount policy: %s%s%s is %s, beyond the largest rate a file can hold",
                              name, rule != NULL ? " of rule " : "", rule != NULL ? rule : "",
                              clm_core__rate_text(s, sizeof s, r));
        return;
    }
    clm_rate_format(s, sizeof s, r);
    clm_core__buf_printf(&w->b, " %s=\"%s\"", name, s);
}

static void put_money(writer *w, const char *name, int64_t amount, const char *rule)
{
    clm_money m;
    char s[CLM_MONEY_FORMAT_MAX];
    if (w->err != 0)
        return;
    if (clm_money_make(&m, amount, w->currency) != 0 || clm_money_format(s, sizeof s, &m) < 0) {
        w->err = clm_core__fail_at(CLM_EINVAL, name, NULL, 0, "discount policy: %s of rule %s cannot be written",
                              name, rule);
        return;
    }
    clm_core__buf_printf(&w->b, " %s=\"%s\"", name, s);
}

static void put_quantity(writer *w, const char *name, int64_t q)
{
    /* thousandths -> units with the decimals needed */
    uint64_t mag = q < 0 ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
    unsigned frac = (unsigned)(mag % 1000);
    char s[48];
    if (frac == 0)
        snprintf(s, sizeof s, "%s%llu", q < 0 ? "-" : "", (unsigned long long)(mag / 1000));
    else {
        int digits = frac % 100 == 0 ? 1 : frac % 10 == 0 ? 2 : 3;
        unsigned shown = digits == 1 ? frac / 100 : digits == 2 ? frac / 10 : frac;
        snprintf(s, sizeof s, "%s%llu.%0*u", q < 0 ? "-" : "", (unsigned long long)(mag / 1000), digits, shown);
    }
    clm_core__buf_printf(&w->b, " %s=\"%s\"", name, s);
}

static void put_date(writer *w, const char *name, int64_t d, const char *rule)
{
    char s[CLM_DATE_FORMAT_MAX];
    if (w->err != 0)
        return;
    if (d < CLM_DATE_MIN || d > CLM_DATE_MAX || clm_date_format(s, sizeof s, (clm_date)d) < 0) {
        w->err = clm_core__fail_at(CLM_EINVAL, name, NULL, 0,
                              "discount policy: date bound %lld of rule %s is not a date a file can hold",
                              (long long)d, rule);
        return;
    }
    clm_core__buf_printf(&w->b, " %s=\"%s\"", name, s);
}

static void put_caps(writer *w, const clm_discount_caps *c)
{
    if (c->max_line != CLM_DISCOUNT_NO_LIMIT)
        put_rate(w, "max-line", c->max_line, NULL);
    if (c->max_document != CLM_DISCOUNT_NO_LIMIT)
        put_rate(w, "max-document", c->max_document, NULL);
    if (c->margin_floor != CLM_DISCOUNT_NO_LIMIT)
        put_rate(w, "margin-floor", c->margin_floor, NULL);
}

static void put_condition(writer *w, const clm_discount_condition *c, const char *rule)
{
    const char *name = clm_discount_cond_name(c->kind);
    clm_core__buf_printf(&w->b, "    <%s", name);
    if (clm_discount_cond_is_set(c->kind) == 1) {
        for (size_t i = 0; i < c->value_count && w->err == 0; i++) {
            const char *v = c->values[i];
            for (const char *p = v; *p != '\0'; p++) {
                if (is_xml_space(*p)) {
                    w->err = clm_core__fail_at(CLM_EINVAL, name, NULL, 0,
                                          "discount policy: value '%s' of condition %s of rule %s holds whitespace; "
                                          "a file lists values separated by spaces",
                                          v, name, rule);
                    break;
                }
            }
            if (v[0] == '\0' && w->err == 0)
                w->err = clm_core__fail_at(CLM_EINVAL, name, NULL, 0,
                                      "discount policy: condition %s of rule %s has an empty value", name, rule);
            writable(w, v, name, rule);
        }
        if (w->err != 0)
            return;
        clm_core__buf_puts(&w->b, " in=\"");
        for (size_t i = 0; i < c->value_count; i++) {
            if (i > 0)
                clm_core__buf_puts(&w->b, " ");
            put_escaped(w, c->values[i]);
        }
        clm_core__buf_puts(&w->b, "\"/>\n");
        return;
    }
    if (c->kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || c->kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
        put_attr(w, "group", c->group != NULL ? c->group : "", rule);
    if (c->kind == CLM_DISCOUNT_COND_TURNOVER)
        clm_core__buf_printf(&w->b, " period-days=\"%ld\"", (long)c->period_days);
    int has_min = c->min != INT64_MIN, has_max = c->max != INT64_MAX;
    switch (c->kind) {
    case CLM_DISCOUNT_COND_LINE_QUANTITY:
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
    case CLM_DISCOUNT_COND_GROUP_QUANTITY:
        if (has_min)
            put_quantity(w, "min", c->min);
        if (has_max)
            put_quantity(w, "max", c->max);
        break;
    case CLM_DISCOUNT_COND_LINE_AMOUNT:
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
    case CLM_DISCOUNT_COND_GROUP_AMOUNT:
    case CLM_DISCOUNT_COND_TURNOVER:
        if (has_min)
            put_money(w, "min", c->min, rule);
        if (has_max)
            put_money(w, "max", c->max, rule);
        break;
    case CLM_DISCOUNT_COND_DATE:
        if (has_min)
            put_date(w, "from", c->min, rule);
        if (has_max)
            put_date(w, "to", c->max, rule);
        break;
    case CLM_DISCOUNT_COND_PREPAYMENT:
        if (has_min)
            put_rate(w, "min", c->min, rule);
        if (has_max)
            put_rate(w, "max", c->max, rule);
        break;
    default:
        if (has_min)
            clm_core__buf_printf(&w->b, " min=\"%lld\"", (long long)c->min);
        if (has_max)
            clm_core__buf_printf(&w->b, " max=\"%lld\"", (long long)c->max);
        break;
    }
    clm_core__buf_puts(&w->b, "/>\n");
}

static void put_action(writer *w, const clm_discount_action *a, const char *rule)
{
    clm_core__buf_printf(&w->b, "    <%s", clm_discount_action_name(a->kind));
    switch (a->kind) {
    case CLM_DISCOUNT_PERCENT:
    case CLM_DISCOUNT_SURCHARGE:
        put_rate(w, "rate", a->rate, rule);
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_UNIT:
    case CLM_DISCOUNT_AMOUNT_OFF_LINE:
    case CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT:
    case CLM_DISCOUNT_FIXED_PRICE:
        put_money(w, "amount", a->amount, rule);
        break;
    case CLM_DISCOUNT_FREE_GOODS:
        clm_core__buf_printf(&w->b, " buy=\"%lld\" get=\"%lld\"", (long long)a->buy, (long long)a->get);
        break;
    case CLM_DISCOUNT_EARLY_PAYMENT:
        put_rate(w, "rate", a->rate, rule);
        clm_core__buf_printf(&w->b, " days=\"%ld\" net-days=\"%ld\"", (long)a->days, (long)a->net_days);
        break;
    }
    clm_core__buf_puts(&w->b, "/>\n");
}

int clm_discount_policy_save_xml(char **out, size_t *len, const clm_discount_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_discount_policy_save_xml: %s is NULL", out == NULL ? "out" : "policy");
    writer w;
    clm_core__buf_init(&w.b);
    w.currency = clm_discount_policy_currency(p);
    w.err = 0;

    clm_core__buf_puts(&w.b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<discount-policy xmlns=\"" POLICY_NS "\"");
    const char *name = clm_discount_policy_name(p);
    if (name != NULL && name[0] != '\0')
        put_attr(&w, "name", name, NULL);
    clm_core__buf_printf(&w.b, " currency=\"%s\" stacking=\"%s\" rounding=\"%s\" margin-basis=\"%s\"", w.currency,
                    clm_discount_stacking_name(clm_discount_policy_stacking(p)),
                    clm_rounding_name(clm_discount_policy_rounding(p)),
                    clm_discount_margin_basis_name(clm_discount_policy_margin_basis(p)));
    if (clm_discount_policy_coupon_match(p) != CLM_DISCOUNT_COUPON_FOLD_ASCII)
        clm_core__buf_printf(&w.b, " coupon-match=\"%s\"",
                             clm_discount_coupon_match_name(clm_discount_policy_coupon_match(p)));
    clm_core__buf_puts(&w.b, ">\n");

    size_t ng = clm_discount_policy_group_count(p);
    if (ng > 0) {
        clm_core__buf_puts(&w.b, "  <groups>\n");
        for (size_t i = 0; i < ng; i++) {
            const char *g = NULL, *parent = NULL;
            clm_discount_policy_group_at(&g, &parent, p, i);
            clm_core__buf_puts(&w.b, "    <group");
            put_attr(&w, "name", g, NULL);
            if (parent != NULL && parent[0] != '\0')
                put_attr(&w, "parent", parent, NULL);
            clm_core__buf_puts(&w.b, "/>\n");
        }
        clm_core__buf_puts(&w.b, "  </groups>\n");
    }

    clm_discount_caps caps;
    if (clm_discount_policy_caps(&caps, p) == 0 &&
        (caps.max_line != CLM_DISCOUNT_NO_LIMIT || caps.max_document != CLM_DISCOUNT_NO_LIMIT ||
         caps.margin_floor != CLM_DISCOUNT_NO_LIMIT)) {
        clm_core__buf_puts(&w.b, "  <caps");
        put_caps(&w, &caps);
        clm_core__buf_puts(&w.b, "/>\n");
    }
    for (size_t i = 0; i < clm_discount_policy_role_caps_count(p); i++) {
        const char *role = NULL;
        clm_discount_policy_role_caps_at(&role, &caps, p, i);
        clm_core__buf_puts(&w.b, "  <role-caps");
        put_attr(&w, "role", role, NULL);
        put_caps(&w, &caps);
        clm_core__buf_puts(&w.b, "/>\n");
    }

    size_t na = clm_discount_policy_approval_count(p);
    if (na > 0) {
        clm_core__buf_puts(&w.b, "  <approval>\n");
        for (size_t i = 0; i < na; i++) {
            const clm_discount_approval *a = clm_discount_policy_approval(p, i);
            clm_core__buf_puts(&w.b, "    <step");
            put_attr(&w, "role", a->role, NULL);
            if (a->max_discount != CLM_DISCOUNT_NO_LIMIT)
                put_rate(&w, "max-discount", a->max_discount, NULL);
            if (a->min_margin != CLM_DISCOUNT_NO_LIMIT)
                put_rate(&w, "min-margin", a->min_margin, NULL);
            clm_core__buf_puts(&w.b, "/>\n");
        }
        clm_core__buf_puts(&w.b, "  </approval>\n");
    }

    size_t nr = clm_discount_policy_rule_count(p);
    for (size_t i = 0; i < nr && w.err == 0; i++) {
        const clm_discount_rule *r = clm_discount_policy_rule(p, i);
        clm_core__buf_puts(&w.b, "  <rule");
        put_attr(&w, "id", r->id, NULL);
        if (r->priority != 0)
            clm_core__buf_printf(&w.b, " priority=\"%ld\"", (long)r->priority);
        if (r->exclusion_group != NULL && r->exclusion_group[0] != '\0')
            put_attr(&w, "exclusion-group", r->exclusion_group, r->id);
        clm_core__buf_puts(&w.b, ">\n");
        if (r->description != NULL && writable(&w, r->description, "description", r->id)) {
            clm_core__buf_puts(&w.b, "    <description>");
            put_escaped(&w, r->description);
            clm_core__buf_puts(&w.b, "</description>\n");
        }
        size_t nc = clm_discount_policy_condition_count(p, i);
        for (size_t k = 0; k < nc; k++)
            put_condition(&w, clm_discount_policy_condition(p, i, k), r->id);
        put_action(&w, &r->action, r->id);
        clm_core__buf_puts(&w.b, "  </rule>\n");
    }
    clm_core__buf_puts(&w.b, "</discount-policy>\n");

    if (w.err != 0) {
        clm_core__buf_free(&w.b);
        return w.err;
    }
    char *data;
    size_t n;
    int rc = clm_core__buf_finish(&w.b, &data, &n);
    if (rc != 0)
        return clm_core__oom("discount policy XML");
    *out = data;
    if (len != NULL)
        *len = n;
    return 0;
}

/* ======================================================================
 * Orders
 * ====================================================================== */

struct clm_discount_order {
    clm_discount_document doc;
    char currency[4];
    char *id;
    char *client_id, *legal_type, *region, *risk_class, *channel, *role;
    char **categories;
    size_t n_categories;
    clm_discount_turnover *turnover;
    char **coupons;
    size_t n_coupons;
    clm_discount_line *lines;
    size_t n_lines; /* lines whose strings are allocated */
};

void clm_discount_order_free(clm_discount_order *o)
{
    if (o == NULL)
        return;
    clm_core__free(o->id);
    clm_core__free(o->client_id);
    clm_core__free(o->legal_type);
    clm_core__free(o->region);
    clm_core__free(o->risk_class);
    clm_core__free(o->channel);
    clm_core__free(o->role);
    for (size_t i = 0; i < o->n_categories; i++)
        clm_core__free(o->categories[i]);
    clm_core__free(o->categories);
    clm_core__free(o->turnover);
    for (size_t i = 0; i < o->n_coupons; i++)
        clm_core__free(o->coupons[i]);
    clm_core__free(o->coupons);
    for (size_t i = 0; i < o->n_lines; i++) {
        clm_core__free((char *)o->lines[i].product);
        clm_core__free((char *)o->lines[i].group);
    }
    clm_core__free(o->lines);
    clm_core__free(o);
}

/* Copies attribute `name` (NULL stays NULL); 0 or CLM_ENOMEM. */
static int dup_attr(char **out, const xmlNode *n, const char *name)
{
    const char *v = clm_xml__attr(n, name);
    if (v == NULL) {
        *out = NULL;
        return 0;
    }
    *out = clm_core__strdup(v);
    return *out == NULL ? clm_core__oom("discount order") : 0;
}

static size_t count_children(const xmlNode *parent, const char *name)
{
    size_t n = 0;
    for (xmlNode *c = clm_xml__next_element(parent->children); c != NULL; c = clm_xml__next_element(c->next))
        if (clm_xml__is(c, name))
            n++;
    return n;
}

static int rate_0_100(clm_rate *out, const xmlNode *n, const char *name, const char *source)
{
    clm_rate r = 0;
    int rc = clm_xml__attr_rate(&r, n, name, source, 0);
    if (rc < 0)
        return rc;
    if (r < 0 || r > CLM_RATE_ONE)
        return clm_xml__fail(CLM_ESCHEMA, n, source, name, "'%s' is outside 0%%..100%%", clm_xml__attr(n, name));
    *out = r;
    return 0;
}

static int load_client(clm_discount_order *o, xmlNode *cn, const char *source)
{
    int rc;
    if ((rc = dup_attr(&o->client_id, cn, "id")) != 0 || (rc = dup_attr(&o->legal_type, cn, "legal-type")) != 0 ||
        (rc = dup_attr(&o->region, cn, "region")) != 0 || (rc = dup_attr(&o->risk_class, cn, "risk-class")) != 0)
        return rc;
    clm_legal_type lt;
    if (o->legal_type != NULL && clm_legal_type_from_name(&lt, o->legal_type) != 0)
        return clm_xml__fail(CLM_ESCHEMA, cn, source, "legal-type", "'%s' is not a legal type (one of %s, %s, %s)",
                             o->legal_type, clm_legal_type_name(CLM_LEGAL_ENTITY),
                             clm_legal_type_name(CLM_SOLE_TRADER), clm_legal_type_name(CLM_INDIVIDUAL));
    clm_date since = CLM_DISCOUNT_NO_DATE;
    if ((rc = clm_xml__attr_date(&since, cn, "since", source, 0)) < 0)
        return rc;
    size_t ncat = count_children(cn, "category"), nturn = count_children(cn, "turnover");
    if (ncat > 0 && (o->categories = clm_core__calloc(ncat, sizeof *o->categories)) == NULL)
        return clm_core__oom("discount order: categories");
    if (nturn > 0 && (o->turnover = clm_core__calloc(nturn, sizeof *o->turnover)) == NULL)
        return clm_core__oom("discount order: turnover");
    size_t t = 0;
    for (xmlNode *c = clm_xml__next_element(cn->children); c != NULL; c = clm_xml__next_element(c->next)) {
        if (clm_xml__is(c, "category")) {
            if ((rc = dup_attr(&o->categories[o->n_categories], c, "name")) != 0)
                return rc;
            o->n_categories++;
        } else if (clm_xml__is(c, "turnover")) {
            clm_discount_turnover *tv = &o->turnover[t];
            if ((rc = attr_int32(&tv->period_days, c, "period-days", source, 1)) != 0)
                return rc;
            if (tv->period_days <= 0)
                return clm_xml__fail(CLM_ESCHEMA, c, source, "period-days", "the period must be at least one day");
            for (size_t k = 0; k < t; k++)
                if (o->turnover[k].period_days == tv->period_days)
                    return clm_xml__fail(CLM_ESCHEMA, c, source, "period-days",
                                         "a turnover over %ld days is given twice", (long)tv->period_days);
            if ((rc = clm_xml__attr_amount(&tv->amount, c, "amount", source, o->currency, 1, "the document")) != 0)
                return rc;
            t++;
        }
    }
    clm_discount_client *cl = &o->doc.client;
    cl->id = o->client_id;
    cl->legal_type = o->legal_type;
    cl->region = o->region;
    cl->risk_class = o->risk_class;
    cl->categories = (const char *const *)o->categories;
    cl->category_count = o->n_categories;
    cl->since = since;
    cl->turnover = o->turnover;
    cl->turnover_count = t;
    return 0;
}

static int load_line(clm_discount_order *o, xmlNode *ln, const char *source)
{
    clm_discount_line *l = &o->lines[o->n_lines];
    int rc;
    char *product = NULL, *group = NULL;
    if ((rc = dup_attr(&product, ln, "product")) != 0)
        return rc;
    if ((rc = dup_attr(&group, ln, "group")) != 0) {
        clm_core__free(product);
        return rc;
    }
    l->product = product;
    l->group = group;
    o->n_lines++; /* from here the order owns the strings */
    if (product == NULL || product[0] == '\0')
        return clm_xml__fail(CLM_ESCHEMA, ln, source, "product", "a line needs a product");
    rc = attr_quantity(&l->quantity, ln, "quantity", source);
    if (rc == 1)
        return clm_xml__fail(CLM_ESCHEMA, ln, source, "quantity", "required attribute is missing");
    if (rc != 0)
        return rc;
    if (l->quantity <= 0)
        return clm_xml__fail(CLM_ESCHEMA, ln, source, "quantity", "the quantity must be above 0");
    int64_t amount;
    rc = clm_xml__attr_amount(&amount, ln, "unit-price", source, o->currency, 0, "the document");
    if (rc < 0)
        return rc;
    if (rc == 0 && amount < 0)
        return clm_xml__fail(CLM_ESCHEMA, ln, source, "unit-price", "a price cannot be negative");
    /* no unit-price: the line carries none, and an engine with a price
     * book takes it from the price lists (clm/price.h) */
    if (rc == 0)
        clm_money_make(&l->unit_price, amount, o->currency);
    else
        memset(&l->unit_price, 0, sizeof l->unit_price);
    rc = clm_xml__attr_amount(&amount, ln, "unit-cost", source, o->currency, 0, "the document");
    if (rc < 0)
        return rc;
    if (rc == 0) {
        if (amount < 0)
            return clm_xml__fail(CLM_ESCHEMA, ln, source, "unit-cost", "a cost cannot be negative");
        clm_money_make(&l->unit_cost, amount, o->currency);
        l->has_cost = 1;
    } else {
        clm_money_make(&l->unit_cost, 0, o->currency);
        l->has_cost = 0;
    }
    l->manual_rate = 0;
    return rate_0_100(&l->manual_rate, ln, "manual-discount", source);
}

static int load_order(clm_discount_order *o, xmlNode *root, const char *source)
{
    int rc;
    const char *currency = clm_xml__attr(root, "currency");
    clm_currency cur;
    if (currency == NULL || clm_currency_find(&cur, currency) != 0)
        return clm_xml__relay(CLM_ECURRENCY, root, source, "currency");
    memcpy(o->currency, cur.code, sizeof o->currency);
    clm_discount_document init = CLM_DISCOUNT_DOCUMENT_INIT;
    o->doc = init;
    o->doc.currency = o->currency;
    if ((rc = clm_xml__attr_date(&o->doc.date, root, "date", source, 1)) != 0)
        return rc;
    const char *id = clm_xml__attr(root, "id");
    if ((o->id = clm_core__strdup(id != NULL ? id : "")) == NULL)
        return clm_core__oom("discount order");
    if ((rc = dup_attr(&o->channel, root, "channel")) != 0 || (rc = dup_attr(&o->role, root, "role")) != 0)
        return rc;
    o->doc.channel = o->channel;
    o->doc.role = o->role;
    if ((rc = rate_0_100(&o->doc.prepayment, root, "prepayment", source)) != 0)
        return rc;
    o->doc.deferral_days = 0;
    rc = attr_int32(&o->doc.deferral_days, root, "deferral-days", source, 0);
    if (rc < 0)
        return rc;
    if (o->doc.deferral_days < 0)
        return clm_xml__fail(CLM_ESCHEMA, root, source, "deferral-days", "a deferral cannot be negative");

    size_t ncoupon = count_children(root, "coupon"), nline = count_children(root, "line");
    if (ncoupon > 0 && (o->coupons = clm_core__calloc(ncoupon, sizeof *o->coupons)) == NULL)
        return clm_core__oom("discount order: coupons");
    if (nline == 0)
        return clm_xml__fail(CLM_ESCHEMA, root, source, NULL, "an order needs at least one line");
    if ((o->lines = clm_core__calloc(nline, sizeof *o->lines)) == NULL)
        return clm_core__oom("discount order: lines");
    for (xmlNode *c = clm_xml__next_element(root->children); c != NULL; c = clm_xml__next_element(c->next)) {
        if (clm_xml__is(c, "client"))
            rc = load_client(o, c, source);
        else if (clm_xml__is(c, "coupon"))
            rc = dup_attr(&o->coupons[o->n_coupons++], c, "code");
        else if (clm_xml__is(c, "line"))
            rc = load_line(o, c, source);
        if (rc != 0)
            return rc;
    }
    o->doc.coupons = (const char *const *)o->coupons;
    o->doc.coupon_count = o->n_coupons;
    o->doc.lines = o->lines;
    o->doc.line_count = o->n_lines;
    return 0;
}

int clm_discount_order_load_xml(clm_discount_order **out, const char *buf, size_t len, const char *source,
                                const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_discount_order_load_xml: %s is NULL", out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "discount-order", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    clm_discount_order *o = NULL;
    rc = check_root(root, "discount-order", ORDER_NS, source);
    if (rc == 0) {
        o = clm_core__calloc(1, sizeof *o);
        rc = o == NULL ? clm_core__oom("discount order") : load_order(o, root, source);
    }
    xmlFreeDoc(doc);
    if (rc != 0) {
        clm_discount_order_free(o);
        return rc;
    }
    *out = o;
    return 0;
}

int clm_discount_order_load_file(clm_discount_order **out, const char *path, const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_discount_order_load_file");
    if (rc != 0)
        return rc;
    rc = clm_discount_order_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

const clm_discount_document *clm_discount_order_document(const clm_discount_order *o)
{
    return o != NULL ? &o->doc : NULL;
}

const char *clm_discount_order_id(const clm_discount_order *o)
{
    return o != NULL ? o->id : NULL;
}

/* ======================================================================
 * Saving an order
 * ====================================================================== */

/* A string the reader takes back unchanged: 1..255 bytes (the schema's
 * name type) of text XML 1.0 carries. */
static int order_text(const char *s, const char *field, size_t line)
{
    if (s == NULL || s[0] == '\0' || strlen(s) > 255 ||
        clm_core__check_text(s, CLM_CORE__TEXT_NOTE, field) < 0) {
        if (line > 0)
            return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                     "discount order: line %zu: %s is missing, empty, longer than "
                                     "255 bytes or holds a character a file cannot carry", line, field);
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                 "discount order: %s is missing, empty, longer than 255 bytes or "
                                 "holds a character a file cannot carry", field);
    }
    return 0;
}

static int order_opt_text(const char *s, const char *field)
{
    return s == NULL ? 0 : order_text(s, field, 0);
}

static int order_money(const clm_money *m, const char *currency, const char *field, size_t line,
                       int may_be_empty)
{
    if (may_be_empty && m->currency[0] == '\0')
        return 0;
    if (strcmp(m->currency, currency) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, field, "", 0,
                                 "discount order: line %zu: the %s is in '%.8s', not the "
                                 "order's %s", line, field, m->currency, currency);
    if (m->amount < 0)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                 "discount order: line %zu: the %s is negative", line, field);
    return 0;
}

static int order_check(const clm_discount_document *d, const char *id,
                       const clm_discount_result *priced)
{
    int rc = clm_core__check_version(d->version, CLM_DISCOUNT_DOCUMENT_VERSION,
                                     "discount document");
    clm_currency cur;
    if (rc < 0)
        return rc;
    if (d->currency == NULL || clm_currency_find(&cur, d->currency) < 0 ||
        strcmp(cur.code, d->currency) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, "currency", "", 0,
                                 "discount order: unknown currency '%.8s'",
                                 d->currency != NULL ? d->currency : "");
    if (d->date < CLM_DATE_MIN || d->date > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "date", "", 0, "discount order: date outside the calendar");
    if ((id != NULL && id[0] != '\0' && (rc = order_text(id, "id", 0)) < 0) ||
        (rc = order_opt_text(d->channel, "channel")) < 0 ||
        (rc = order_opt_text(d->role, "role")) < 0 ||
        (rc = order_opt_text(d->client.id, "client.id")) < 0 ||
        (rc = order_opt_text(d->client.region, "client.region")) < 0 ||
        (rc = order_opt_text(d->client.risk_class, "client.risk_class")) < 0)
        return rc;
    clm_legal_type lt;
    if (d->client.legal_type != NULL && clm_legal_type_from_name(&lt, d->client.legal_type) != 0)
        return clm_core__fail_at(CLM_EINVAL, "client.legal_type", "", 0,
                                 "discount order: '%.64s' is not a legal type",
                                 d->client.legal_type);
    if (d->client.since != CLM_DISCOUNT_NO_DATE &&
        (d->client.since < CLM_DATE_MIN || d->client.since > CLM_DATE_MAX))
        return clm_core__fail_at(CLM_EINVAL, "client.since", "", 0,
                                 "discount order: client since a date outside the calendar");
    if (d->client.category_count > 0 && d->client.categories == NULL)
        return clm_core__fail_at(CLM_EINVAL, "client.categories", "", 0,
                                 "discount order: the categories array is missing");
    for (size_t i = 0; i < d->client.category_count; i++)
        if ((rc = order_text(d->client.categories[i], "client.categories", 0)) < 0)
            return rc;
    if (d->client.turnover_count > 0 && d->client.turnover == NULL)
        return clm_core__fail_at(CLM_EINVAL, "client.turnover", "", 0,
                                 "discount order: the turnover array is missing");
    for (size_t i = 0; i < d->client.turnover_count; i++) {
        int32_t p = d->client.turnover[i].period_days;
        bool twice = false;
        for (size_t k = 0; k < i; k++)
            twice = twice || d->client.turnover[k].period_days == p;
        if (p < 1 || twice)
            return clm_core__fail_at(CLM_EINVAL, "client.turnover", "", 0,
                                     "discount order: a turnover period of %ld days is %s",
                                     (long)p, twice ? "given twice" : "below one day");
    }
    if (d->coupon_count > 0 && d->coupons == NULL)
        return clm_core__fail_at(CLM_EINVAL, "coupons", "", 0,
                                 "discount order: the coupons array is missing");
    for (size_t i = 0; i < d->coupon_count; i++)
        if ((rc = order_text(d->coupons[i], "coupons", 0)) < 0)
            return rc;
    if (d->prepayment < 0 || d->prepayment > CLM_RATE_ONE)
        return clm_core__fail_at(CLM_EINVAL, "prepayment", "", 0,
                                 "discount order: prepayment outside 0..100%%");
    if (d->deferral_days < 0)
        return clm_core__fail_at(CLM_EINVAL, "deferral_days", "", 0,
                                 "discount order: a deferral cannot be negative");
    if (d->line_count == 0 || d->lines == NULL)
        return clm_core__fail_at(CLM_EINVAL, "lines", "", 0, "discount order: no lines");
    if (priced != NULL && clm_discount_result_line_count(priced) != d->line_count)
        return clm_core__fail_at(CLM_EINVAL, "priced", "", 0,
                                 "discount order: the result has %zu lines, the order %zu",
                                 clm_discount_result_line_count(priced), d->line_count);
    for (size_t i = 0; i < d->line_count; i++) {
        const clm_discount_line *l = &d->lines[i];
        if ((rc = order_text(l->product, "product", i + 1)) < 0 ||
            (l->group != NULL && (rc = order_text(l->group, "group", i + 1)) < 0) ||
            (rc = order_money(&l->unit_price, d->currency, "unit_price", i + 1, 1)) < 0 ||
            (l->has_cost && (rc = order_money(&l->unit_cost, d->currency, "unit_cost", i + 1, 0)) < 0))
            return rc;
        if (l->quantity <= 0)
            return clm_core__fail_at(CLM_EINVAL, "quantity", "", 0,
                                     "discount order: line %zu: the quantity must be above 0", i + 1);
        if (l->manual_rate < 0 || l->manual_rate > CLM_RATE_ONE)
            return clm_core__fail_at(CLM_EINVAL, "manual_rate", "", 0,
                                     "discount order: line %zu: manual discount outside 0..100%%", i + 1);
    }
    return 0;
}

int clm_discount_order_save_xml(char **out, size_t *len, const char *id,
                                const clm_discount_document *d, const clm_discount_result *priced)
{
    if (out == NULL || d == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_discount_order_save_xml: %s is NULL",
                              out == NULL ? "out" : "doc");
    int rc = order_check(d, id, priced);
    if (rc < 0)
        return rc;
    writer w;
    clm_core__buf_init(&w.b);
    w.currency = d->currency;
    w.err = 0;
    clm_core__buf_puts(&w.b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<discount-order xmlns=\"" ORDER_NS "\"");
    if (id != NULL && id[0] != '\0')
        clm_core__buf_attr(&w.b, "id", id);
    clm_core__buf_attr(&w.b, "currency", d->currency);
    clm_core__buf_attr_date(&w.b, "date", d->date);
    if (d->channel != NULL)
        clm_core__buf_attr(&w.b, "channel", d->channel);
    if (d->role != NULL)
        clm_core__buf_attr(&w.b, "role", d->role);
    if (d->prepayment != 0)
        clm_core__buf_attr_rate(&w.b, "prepayment", d->prepayment);
    if (d->deferral_days != 0)
        clm_core__buf_printf(&w.b, " deferral-days=\"%ld\"", (long)d->deferral_days);
    clm_core__buf_puts(&w.b, ">\n");
    const clm_discount_client *c = &d->client;
    {   /* the schema wants a client element, with no facts if none are known */
        clm_core__buf_puts(&w.b, "  <client");
        if (c->id != NULL)
            clm_core__buf_attr(&w.b, "id", c->id);
        if (c->legal_type != NULL)
            clm_core__buf_attr(&w.b, "legal-type", c->legal_type);
        if (c->region != NULL)
            clm_core__buf_attr(&w.b, "region", c->region);
        if (c->risk_class != NULL)
            clm_core__buf_attr(&w.b, "risk-class", c->risk_class);
        if (c->since != CLM_DISCOUNT_NO_DATE)
            clm_core__buf_attr_date(&w.b, "since", c->since);
        if (c->category_count == 0 && c->turnover_count == 0) {
            clm_core__buf_puts(&w.b, "/>\n");
        } else {
            clm_core__buf_puts(&w.b, ">\n");
            for (size_t i = 0; i < c->category_count; i++) {
                clm_core__buf_puts(&w.b, "    <category");
                clm_core__buf_attr(&w.b, "name", c->categories[i]);
                clm_core__buf_puts(&w.b, "/>\n");
            }
            for (size_t i = 0; i < c->turnover_count; i++) {
                clm_core__buf_printf(&w.b, "    <turnover period-days=\"%ld\"",
                                     (long)c->turnover[i].period_days);
                clm_core__buf_attr_money(&w.b, "amount", c->turnover[i].amount, d->currency);
                clm_core__buf_puts(&w.b, "/>\n");
            }
            clm_core__buf_puts(&w.b, "  </client>\n");
        }
    }
    for (size_t i = 0; i < d->coupon_count; i++) {
        clm_core__buf_puts(&w.b, "  <coupon");
        clm_core__buf_attr(&w.b, "code", d->coupons[i]);
        clm_core__buf_puts(&w.b, "/>\n");
    }
    for (size_t i = 0; i < d->line_count; i++) {
        const clm_discount_line *l = &d->lines[i];
        clm_core__buf_puts(&w.b, "  <line");
        clm_core__buf_attr(&w.b, "product", l->product);
        if (l->group != NULL)
            clm_core__buf_attr(&w.b, "group", l->group);
        put_quantity(&w, "quantity", l->quantity);
        if (l->unit_price.currency[0] != '\0')
            clm_core__buf_attr_money(&w.b, "unit-price", l->unit_price.amount, d->currency);
        else if (priced != NULL)
            clm_core__buf_attr_money(&w.b, "unit-price",
                                     clm_discount_result_line(priced, i)->unit_price, d->currency);
        if (l->has_cost)
            clm_core__buf_attr_money(&w.b, "unit-cost", l->unit_cost.amount, d->currency);
        if (l->manual_rate != 0)
            clm_core__buf_attr_rate(&w.b, "manual-discount", l->manual_rate);
        clm_core__buf_puts(&w.b, "/>\n");
    }
    clm_core__buf_puts(&w.b, "</discount-order>\n");
    char *data;
    size_t n;
    if (clm_core__buf_finish(&w.b, &data, &n) != 0)
        return clm_core__oom("discount order XML");
    *out = data;
    if (len != NULL)
        *len = n;
    return 0;
}
