/*
 * policy_xml.c — the credit policy as an XML file (credit_policy.h; schema
 * schemas/credit-policy.xsd). The loader builds the policy through its
 * setters, so a file is held to exactly the rules the API holds a caller
 * to; every refusal names the source, the line and the attribute.
 */
#include <string.h>

#include "xml/xml_reader.h"
#include "policy_internal.h"

#define POLICY_NS "urn:libclm:credit-policy:1"

/* A score in points with at most 3 decimals, 0..100 -> milli-points. The
 * schema types it xs:decimal, so every lexical form of such a value is
 * read: a leading '+', leading zeros ("050"), no integer part (".5"),
 * zeros after the third decimal ("35.5000"). */
static int attr_points(int32_t *out, const xmlNode *n, const char *name, const char *source)
{
    const char *v = clm_xml__attr(n, name);
    if (v == NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, source, name, "%s is required", name);
    int64_t whole = 0, frac = 0;
    int digits = 0, fd = 0, fraction_digits = 0;
    const char *p = v;
    if (*p == '+')
        p++;
    while (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
        p++;
    for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, fraction_digits++) {
            if (fd < 3)
                frac = frac * 10 + (*p - '0'), fd++;
            else if (*p != '0')
                break; /* a fourth decimal that is not zero */
        }
    }
    if ((digits == 0 && fraction_digits == 0) || *p != '\0')
        return clm_xml__fail(CLM_ESCHEMA, n, source, name,
                             "'%s' is not a score in points (0 to 100, at most 3 decimals)", v);
    for (; fd < 3; fd++)
        frac *= 10;
    int64_t m = whole * 1000 + frac;
    if (m > 100000)
        return clm_xml__fail(CLM_ESCHEMA, n, source, name, "score %s is above 100 points", v);
    *out = (int32_t)m;
    return 0;
}

static int load_weights(clm_credit_policy *p, const xmlNode *n, const char *source)
{
    clm_credit_weights w = p->weights;
    static const char *const names[] = { "models", "payment", "overdue", "tenure" };
    int64_t *dst[] = { &w.models, &w.payment, &w.overdue, &w.tenure };
    for (int i = 0; i < 4; i++) {
        int rc = clm_xml__attr_int64(dst[i], n, names[i], source, 0);
        if (rc < 0)
            return rc;
    }
    int64_t full = w.tenure_full_days;
    int rc = clm_xml__attr_int64(&full, n, "tenure-full-days", source, 0);
    if (rc < 0)
        return rc;
    if (full > INT32_MAX)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "tenure-full-days", "too many days");
    w.tenure_full_days = (int32_t)full;
    if ((rc = clm_credit_policy_set_weights(p, &w)) < 0)
        return clm_xml__relay(rc, n, source, clm_error_last()->field);
    return 0;
}

static int load_grades(clm_credit_policy *p, const xmlNode *g, const char *source)
{
    const char *names[CLM_CREDIT__GRADES_MAX];
    int32_t mins[CLM_CREDIT__GRADES_MAX];
    size_t n = 0;
    for (xmlNode *e = clm_xml__next_element(g->children); e != NULL; e = clm_xml__next_element(e->next)) {
        if (n == CLM_CREDIT__GRADES_MAX)
            return clm_xml__fail(CLM_ESCHEMA, e, source, NULL, "more than %d grades",
                                 CLM_CREDIT__GRADES_MAX);
        names[n] = clm_xml__attr(e, "name");
        int rc = attr_points(&mins[n], e, "min-score", source);
        if (rc < 0)
            return rc;
        n++;
    }
    int rc = clm_credit_policy_set_grades(p, names, mins, n);
    if (rc < 0)
        return clm_xml__relay(rc, g, source, clm_error_last()->field);
    return 0;
}

static int load_limits(clm_credit_policy *p, const xmlNode *l, const char *source)
{
    const char *rounding = clm_xml__attr(l, "rounding");
    if (rounding != NULL) {
        clm_rounding mode;
        if (clm_rounding_from_name(&mode, rounding) < 0)
            return clm_xml__fail(CLM_ESCHEMA, l, source, "rounding",
                                 "'%s' is not a rounding mode (half-even, half-up, half-down, "
                                 "up, down, ceiling, floor)", rounding);
        p->limit_rounding = mode;
    }
    if (clm_xml__attr(l, "default") != NULL) {
        int64_t d;
        int rc = clm_xml__attr_amount(&d, l, "default", source, p->currency, 1, "the policy");
        if (rc < 0)
            return rc;
        if ((rc = clm_credit_policy_set_default_limit(p, d)) < 0)
            return clm_xml__relay(rc, l, source, "default");
    }
    for (xmlNode *e = clm_xml__next_element(l->children); e != NULL; e = clm_xml__next_element(e->next)) {
        int rc;
        if (clm_xml__is(e, "formula")) {
            clm_credit_basis basis;
            if ((rc = clm_credit_basis_from_name(&basis, clm_xml__attr(e, "basis"))) < 0)
                return clm_xml__relay(rc, e, source, "basis");
            clm_rate rate = 0;
            int64_t amount = 0;
            if (basis == CLM_CREDIT_BASIS_FIXED)
                rc = clm_xml__attr_amount(&amount, e, "amount", source, p->currency, 1, "the policy");
            else
                rc = clm_xml__attr_rate(&rate, e, "rate", source, 1);
            if (rc < 0)
                return rc;
            if ((rc = clm_credit_policy_add_limit(p, clm_xml__attr(e, "grade"), basis, rate,
                                                  amount)) < 0)
                return clm_xml__relay(rc, e, source, clm_error_last()->field);
        } else {
            int64_t amount;
            if ((rc = clm_xml__attr_amount(&amount, e, "limit", source, p->currency, 1, "the policy")) < 0)
                return rc;
            const char *name = clm_xml__attr(e, "name");
            for (size_t i = 0; i < p->ngroup; i++)
                if (strcmp(p->group[i].group, name) == 0)
                    return clm_xml__fail(CLM_ESCHEMA, e, source, "name",
                                         "group '%s' has a limit already", name);
            if ((rc = clm_credit_policy_set_group_limit(p, name, amount)) < 0)
                return clm_xml__relay(rc, e, source, clm_error_last()->field);
        }
    }
    return 0;
}

static int load_check(clm_credit_policy *p, const xmlNode *n, const char *source)
{
    clm_credit_check_rules r = p->check;
    const char *counts = clm_xml__attr(n, "counts");
    if (counts != NULL) {
        r.counts = 0;
        const char *s = counts;
        while (*s != '\0') {
            while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
                s++;
            const char *e = s;
            while (*e != '\0' && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
                e++;
            if (e == s)
                break;
            size_t len = (size_t)(e - s);
            if (len == 11 && strncmp(s, "receivables", len) == 0)
                r.counts |= CLM_CREDIT_COUNT_RECEIVABLES;
            else if (len == 6 && strncmp(s, "orders", len) == 0)
                r.counts |= CLM_CREDIT_COUNT_ORDERS;
            else if (len == 8 && strncmp(s, "document", len) == 0)
                r.counts |= CLM_CREDIT_COUNT_DOCUMENT;
            else
                return clm_xml__fail(CLM_ESCHEMA, n, source, "counts",
                                     "'%.*s' is not a part of exposure (receivables, orders, "
                                     "document)", (int)len, s);
            s = e;
        }
    }
    int rc = clm_xml__attr_rate(&r.warn_at, n, "warn-at", source, 0);
    if (rc < 0)
        return rc;
    int64_t d = r.warn_overdue_days;
    if ((rc = clm_xml__attr_int64(&d, n, "warn-overdue-days", source, 0)) < 0)
        return rc;
    r.warn_overdue_days = (int32_t)d;
    d = r.block_overdue_days;
    if ((rc = clm_xml__attr_int64(&d, n, "block-overdue-days", source, 0)) < 0)
        return rc;
    r.block_overdue_days = (int32_t)d;
    if ((rc = clm_credit_policy_set_check(p, &r)) < 0)
        return clm_xml__relay(rc, n, source, clm_error_last()->field);
    return 0;
}

/* <ageing limits="0 30 60 90"/>: the buckets' inclusive upper ends in
 * days past due, increasing (credit.h, "ageing"). */
static int load_ageing(clm_credit_policy *p, const xmlNode *n, const char *source)
{
    const char *v = clm_xml__attr(n, "limits");
    if (v == NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "limits", "limits is required");
    clm_credit_buckets b = CLM_CREDIT_BUCKETS_INIT;
    b.count = 0;
    const char *s = v;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (*s == '\0')
            break;
        if (b.count == CLM_CREDIT_BUCKETS_MAX)
            return clm_xml__fail(CLM_ESCHEMA, n, source, "limits",
                                 "more than %d limits", CLM_CREDIT_BUCKETS_MAX);
        const char *q = s;
        int neg = *q == '-';
        if (neg || *q == '+')
            q++;
        int64_t x = 0;
        int digits = 0;
        for (; *q >= '0' && *q <= '9'; q++, digits++)
            if ((x = x * 10 + (*q - '0')) > (int64_t)INT32_MAX + 1)
                break;
        if (digits == 0 || (*q != '\0' && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') ||
            (neg ? -x < INT32_MIN : x > INT32_MAX))
            return clm_xml__fail(CLM_ESCHEMA, n, source, "limits",
                                 "'%s' is not a list of whole numbers of days", v);
        b.limit[b.count++] = (int32_t)(neg ? -x : x);
        s = q;
    }
    int rc = clm_credit_policy_set_buckets(p, &b);
    if (rc < 0)
        return clm_xml__relay(rc, n, source, "limits");
    return 0;
}

/* <reserve rounding="half-up"/>: how the 50 % share rounds (credit.h). */
static int load_reserve(clm_credit_policy *p, const xmlNode *n, const char *source)
{
    const char *v = clm_xml__attr(n, "rounding");
    if (v == NULL)
        return 0;
    clm_rounding mode;
    if (clm_rounding_from_name(&mode, v) < 0)
        return clm_xml__fail(CLM_ESCHEMA, n, source, "rounding",
                             "'%s' is not a rounding mode (half-even, half-up, half-down, "
                             "up, down, ceiling, floor)", v);
    p->reserve_rounding = mode;
    return 0;
}

static int load_policy(clm_credit_policy *p, const xmlNode *root, const char *source)
{
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL; n = clm_xml__next_element(n->next)) {
        int rc;
        if (clm_xml__is(n, "weights"))
            rc = load_weights(p, n, source);
        else if (clm_xml__is(n, "grades"))
            rc = load_grades(p, n, source);
        else if (clm_xml__is(n, "limits"))
            rc = load_limits(p, n, source);
        else if (clm_xml__is(n, "check"))
            rc = load_check(p, n, source);
        else if (clm_xml__is(n, "ageing"))
            rc = load_ageing(p, n, source);
        else if (clm_xml__is(n, "reserve"))
            rc = load_reserve(p, n, source);
        else if ((rc = clm_credit_policy_add_override_role(p, clm_xml__attr(n, "role"))) < 0)
            rc = clm_xml__relay(rc, n, source, "role");
        if (rc < 0)
            return rc;
    }
    return 0;
}

int clm_credit_policy_load_xml(clm_credit_policy **out, const char *buf, size_t len,
                               const char *source, const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_load_xml: NULL argument");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "credit-policy", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    clm_credit_policy *p = NULL;
    if (root == NULL || root->ns == NULL || strcmp((const char *)root->ns->href, POLICY_NS) != 0) {
        rc = clm_xml__fail(CLM_ESCHEMA, root, source, NULL,
                           "the root element must be <credit-policy xmlns=\"" POLICY_NS "\">");
    } else if ((rc = clm_credit_policy_new(&p, clm_xml__attr(root, "name"),
                                           clm_xml__attr(root, "currency"))) < 0) {
        rc = clm_xml__relay(rc, root, source, rc == CLM_ECURRENCY ? "currency" : "name");
    } else {
        rc = load_policy(p, root, source);
    }
    xmlFreeDoc(doc);
    if (rc < 0) {
        clm_credit_policy_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

int clm_credit_policy_load_file(clm_credit_policy **out, const char *path,
                                const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_credit_policy_load_file");
    if (rc != 0)
        return rc;
    rc = clm_credit_policy_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

/* ---- saving ------------------------------------------------------------------ */

int clm_credit_policy_save_xml(char **out, size_t *len, const clm_credit_policy *p)
{
    if (out == NULL || len == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_save_xml: NULL argument");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<credit-policy xmlns=\"" POLICY_NS "\" name=\"");
    clm_core__buf_xml_escape(&b, p->name);
    clm_core__buf_printf(&b, "\" currency=\"%s\">\n", p->currency);
    const clm_credit_weights *w = &p->weights;
    clm_core__buf_printf(&b, "  <weights models=\"%lld\" payment=\"%lld\" overdue=\"%lld\" "
                             "tenure=\"%lld\" tenure-full-days=\"%ld\"/>\n",
                         (long long)w->models, (long long)w->payment, (long long)w->overdue,
                         (long long)w->tenure, (long)w->tenure_full_days);
    clm_core__buf_puts(&b, "  <grades>\n");
    for (size_t i = 0; i < p->ngrades; i++) {
        clm_core__buf_puts(&b, "    <grade name=\"");
        clm_core__buf_xml_escape(&b, p->grade[i]);
        clm_core__buf_printf(&b, "\" min-score=\"%ld.%03ld\"/>\n", (long)(p->min_score[i] / 1000),
                             (long)(p->min_score[i] % 1000));
    }
    clm_core__buf_puts(&b, "  </grades>\n");
    clm_core__buf_printf(&b, "  <limits rounding=\"%s\"", clm_rounding_name(p->limit_rounding));
    if (p->has_default_limit)
        clm_core__buf_attr_money(&b, "default", p->default_limit, p->currency);
    clm_core__buf_puts(&b, ">\n");
    for (size_t k = 0; k < p->nformula; k++) {
        const clm_credit__formula *f = &p->formula[k];
        clm_core__buf_puts(&b, "    <formula grade=\"");
        clm_core__buf_xml_escape(&b, p->grade[f->grade]);
        clm_core__buf_printf(&b, "\" basis=\"%s\"", clm_credit_basis_name(f->basis));
        if (f->basis == CLM_CREDIT_BASIS_FIXED)
            clm_core__buf_attr_money(&b, "amount", f->amount, p->currency);
        else
            clm_core__buf_attr_rate(&b, "rate", f->rate);
        clm_core__buf_puts(&b, "/>\n");
    }
    for (size_t i = 0; i < p->ngroup; i++) {
        clm_core__buf_puts(&b, "    <group name=\"");
        clm_core__buf_xml_escape(&b, p->group[i].group);
        clm_core__buf_puts(&b, "\"");
        clm_core__buf_attr_money(&b, "limit", p->group[i].amount, p->currency);
        clm_core__buf_puts(&b, "/>\n");
    }
    clm_core__buf_puts(&b, "  </limits>\n  <check counts=\"");
    const char *sep = "";
    static const char *const parts[3] = { "receivables", "orders", "document" };
    for (unsigned i = 0; i < 3; i++)
        if (p->check.counts & (1u << i)) {
            clm_core__buf_printf(&b, "%s%s", sep, parts[i]);
            sep = " ";
        }
    clm_core__buf_puts(&b, "\"");
    clm_core__buf_attr_rate(&b, "warn-at", p->check.warn_at);
    clm_core__buf_printf(&b, " warn-overdue-days=\"%ld\" block-overdue-days=\"%ld\"/>\n",
                         (long)p->check.warn_overdue_days, (long)p->check.block_overdue_days);
    clm_core__buf_puts(&b, "  <ageing limits=\"");
    for (size_t i = 0; i < p->buckets.count; i++)
        clm_core__buf_printf(&b, "%s%ld", i > 0 ? " " : "", (long)p->buckets.limit[i]);
    clm_core__buf_printf(&b, "\"/>\n  <reserve rounding=\"%s\"/>\n",
                         clm_rounding_name(p->reserve_rounding));
    for (size_t i = 0; i < p->nrole; i++) {
        clm_core__buf_puts(&b, "  <override role=\"");
        clm_core__buf_xml_escape(&b, p->role[i]);
        clm_core__buf_puts(&b, "\"/>\n");
    }
    clm_core__buf_puts(&b, "</credit-policy>\n");
    return clm_core__buf_finish(&b, out, len);
}
