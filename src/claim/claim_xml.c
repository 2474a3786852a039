/*
 * claim_xml.c — regimes of claims read from XML (claim_xml.h, schema
 * claim-regimes.xsd). The schema fixes the shape; every name goes through
 * the claims' one vocabulary (clm_claim_from_name), so an unknown unit, demand
 * or penalty fails naming its line.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "claim_internal.h"
#include "clm/claim_xml.h"
#include "xml/xml_reader.h"

static int vocab_attr(int *out, const xmlNode *n, const char *attr, clm_claim_vocab v,
                      const char *source)
{
    const char *s = clm_xml__attr(n, attr);
    if (s == NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, source, attr, "<%s %s> is required", (const char *)n->name,
                             attr);
    if (clm_claim_from_name(out, v, s) < 0) {
        char why[400];
        snprintf(why, sizeof why, "%s", clm_error_last()->message);
        return clm_xml__fail(CLM_EINVAL, n, source, attr, "<%s %s>: %s", (const char *)n->name, attr,
                             why);
    }
    return 0;
}

static int read_term(clm_claim_term *t, const xmlNode *n, const char *source)
{
    int64_t count;
    int unit;
    int rc = clm_xml__attr_int64(&count, n, "n", source, 1);
    if (rc < 0 || (rc = vocab_attr(&unit, n, "unit", CLM_CLAIM_VOCAB_UNIT, source)) < 0)
        return rc;
    t->n = (int32_t)count;
    t->unit = (clm_term_unit)unit;
    return 0;
}

static int read_regime(clm_claim_regimes *into, const xmlNode *rn, const char *source)
{
    clm_claim_regime r = CLM_CLAIM_REGIME_INIT;
    r.id = clm_xml__attr(rn, "id");
    r.name = clm_xml__attr(rn, "name");
    int pen, rc;
    if ((rc = vocab_attr(&pen, rn, "penalty", CLM_CLAIM_VOCAB_PENALTY, source)) < 0)
        return rc;
    r.penalty = (clm_claim_penalty_method)pen;
    if ((rc = clm_xml__attr_rate(&r.penalty_rate, rn, "penalty-rate", source, 0)) < 0)
        return rc;
    int64_t amax = 0;
    if ((rc = clm_xml__attr_int64(&amax, rn, "agreed-max", source, 0)) < 0)
        return rc;
    if (amax > 3660)
        return clm_xml__fail(CLM_EINVAL, rn, source, "agreed-max", "<regime agreed-max> above 3660");
    r.agreed_max = (int32_t)amax;
    const char *ad = clm_xml__attr(rn, "agreed-demands");
    if (ad != NULL) {
        char word[64];
        for (const char *p = ad; *p != '\0';) {
            while (*p == ' ')
                p++;
            size_t k = 0;
            while (p[k] != '\0' && p[k] != ' ')
                k++;
            if (k == 0)
                break;
            snprintf(word, sizeof word, "%.*s", (int)k, p);
            int d;
            if (clm_claim_from_name(&d, CLM_CLAIM_VOCAB_DEMAND, word) < 0) {
                char why[400];
                snprintf(why, sizeof why, "%s", clm_error_last()->message);
                return clm_xml__fail(CLM_EINVAL, rn, source, "agreed-demands",
                                     "<regime agreed-demands>: %s", why);
            }
            r.agreed_demands |= 1u << d;
            p += k;
        }
    }
    int have_default = 0;
    for (xmlNode *n = clm_xml__next_element(rn->children); n != NULL; n = clm_xml__next_element(n->next)) {
        clm_claim_term t;
        if ((rc = read_term(&t, n, source)) < 0)
            return rc;
        if (clm_xml__is(n, "acknowledgement")) {
            r.acknowledgement = t;
        } else if (clm_xml__is(n, "response")) {
            r.response = t;
        } else if (clm_xml__is(n, "quality-check")) {
            r.quality_check = t;
        } else if (clm_xml__is(n, "out-of-stock")) {
            r.out_of_stock = t;
        } else if (clm_xml__is(n, "resolution")) {
            if (clm_xml__attr(n, "demand") == NULL) {
                if (have_default++)
                    return clm_xml__fail(CLM_EINVAL, n, source, "demand",
                                         "regime '%s': a second <resolution> without a demand", r.id);
                r.resolution_default = t;
            } else {
                int d;
                if ((rc = vocab_attr(&d, n, "demand", CLM_CLAIM_VOCAB_DEMAND, source)) < 0)
                    return rc;
                if (r.resolution[d].n != 0)
                    return clm_xml__fail(CLM_EINVAL, n, source, "demand",
                                         "regime '%s': a second term for demand %s", r.id,
                                         clm_claim_name(CLM_CLAIM_VOCAB_DEMAND, d));
                r.resolution[d] = t;
            }
        }
    }
    if (!have_default)
        return clm_xml__fail(CLM_EINVAL, rn, source, "resolution",
                             "regime '%s' has no default <resolution> (one without a demand)", r.id);
    if ((rc = clm_claim_regimes_add(into, &r)) < 0) {
        char why[400], field[64];
        snprintf(why, sizeof why, "%s", clm_error_last()->message);
        snprintf(field, sizeof field, "%s", clm_error_last()->field);
        return clm_xml__fail(rc, rn, source, field, "%s", why);
    }
    return 0;
}

int clm_claim_regimes_load_xml(clm_claim_regimes *set, const char *buf, size_t len,
                               const char *source, const clm_xml_options *opts)
{
    if (set == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_regimes_load_xml: NULL argument");
    xmlDoc *doc = NULL;
    int rc = clm_xml__read(&doc, buf, len, source, "claim-regimes", opts);
    if (rc < 0)
        return rc;
    const char *src = source != NULL ? source : "<memory>";
    clm_claim_regimes *tmp = clm_claim__regimes_empty();
    if (tmp == NULL) {
        xmlFreeDoc(doc);
        return clm_core__oom("claim regimes");
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL && rc == 0;
         n = clm_xml__next_element(n->next))
        rc = read_regime(tmp, n, src);
    if (rc == 0)
        rc = clm_claim__regimes_take(set, tmp);
    clm_claim_regimes_free(tmp);
    xmlFreeDoc(doc);
    return rc;
}

int clm_claim_regimes_load_file(clm_claim_regimes *set, const char *path,
                                const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, set, path, opts, "clm_claim_regimes_load_file");
    if (rc < 0)
        return rc;
    rc = clm_claim_regimes_load_xml(set, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}
