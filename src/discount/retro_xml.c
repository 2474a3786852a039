/*
 * retro_xml.c — retro-bonus schemes in and out of XML (schema
 * retro-scheme.xsd, include/clm/discount_retro_xml.h). Loading builds the
 * scheme after the shared hardened reader has parsed and validated the
 * document, then checks it by the one rule of clm_retro_scheme_check(),
 * naming the tier at fault.
 */
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "clm/discount_retro_xml.h"
#include "discount_internal.h"
#include "xml/xml_reader.h"

#define RETRO_NS "urn:libclm:retro-scheme:1"

/* A loaded scheme: the public struct first (clm_retro_scheme_free takes
 * it), its currency and its tiers in the same allocation. */
typedef struct owned_scheme {
    clm_retro_scheme s;
    char currency[4];
    clm_retro_tier tiers[];
} owned_scheme;

void clm_retro_scheme_free(clm_retro_scheme *s)
{
    clm_core__free(s);
}

/* The n-th <tier> of root (0-based), or root. */
static const xmlNode *tier_at(const xmlNode *root, size_t n)
{
    size_t i = 0;
    for (xmlNode *c = clm_xml__next_element(root->children); c != NULL; c = clm_xml__next_element(c->next))
        if (i++ == n)
            return c;
    return root;
}

/* The scheme fails clm_retro_scheme_check(): finds the first tier at fault
 * (a prefix of k tiers fails for every k from that tier on, so a binary
 * search finds it in log n checks) and records the check's error there. */
static int locate(owned_scheme *o, const xmlNode *root, const char *source)
{
    clm_retro_scheme view = o->s;
    size_t lo = 1, hi = o->s.tier_count; /* prefix hi fails */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        view.tier_count = mid;
        if (clm_retro_scheme_check(&view) < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    view.tier_count = hi;
    int rc = clm_retro_scheme_check(&view);
    if (rc == 0) /* not a tier's fault: the scheme's own fields */
        rc = clm_retro_scheme_check(&o->s);
    const char *field = clm_error_last()->field;
    int at_tier = field != NULL && (strcmp(field, "threshold") == 0 || strcmp(field, "rate") == 0);
    return clm_xml__relay(rc, at_tier ? tier_at(root, hi - 1) : root, source, field);
}

static int load(owned_scheme **out, xmlNode *root, const char *source)
{
    const char *currency = clm_xml__attr(root, "currency");
    clm_currency cur;
    if (currency == NULL || clm_currency_find(&cur, currency) < 0)
        return clm_xml__fail(CLM_ECURRENCY, root, source, "currency", "currency '%s' is unknown",
                             currency ? currency : "");
    clm_retro_mode mode;
    const char *m = clm_xml__attr(root, "mode");
    if (m == NULL || clm_retro_mode_from_name(&mode, m) < 0)
        return clm_xml__fail(CLM_ESCHEMA, root, source, "mode",
                             "mode '%s' is unknown (from-first, above-threshold)", m ? m : "");
    clm_rounding rounding;
    const char *r = clm_xml__attr(root, "rounding");
    if (r == NULL || clm_rounding_from_name(&rounding, r) < 0)
        return clm_xml__fail(CLM_ESCHEMA, root, source, "rounding",
                             "rounding '%s' is unknown (half-even, half-up, half-down, up, down, "
                             "ceiling, floor)", r ? r : "");
    size_t n = 0;
    for (xmlNode *c = clm_xml__next_element(root->children); c != NULL; c = clm_xml__next_element(c->next))
        n++;
    if (n > (SIZE_MAX - sizeof(owned_scheme)) / sizeof(clm_retro_tier))
        return clm_core__oom("retro-bonus scheme");
    owned_scheme *o = clm_core__calloc(1, sizeof *o + n * sizeof(clm_retro_tier));
    if (o == NULL)
        return clm_core__oom("retro-bonus scheme");
    memcpy(o->currency, cur.code, 4);
    o->s = (clm_retro_scheme)CLM_RETRO_SCHEME_INIT;
    o->s.currency = o->currency;
    o->s.mode = mode;
    o->s.rounding = rounding;
    o->s.tiers = o->tiers;
    o->s.tier_count = n;
    size_t i = 0;
    int rc = 0;
    for (xmlNode *c = clm_xml__next_element(root->children); c != NULL && rc == 0;
         c = clm_xml__next_element(c->next), i++) {
        rc = clm_xml__attr_amount(&o->tiers[i].threshold, c, "threshold", source, o->currency, 1,
                                  "the scheme");
        if (rc == 0)
            rc = clm_xml__attr_rate(&o->tiers[i].rate, c, "rate", source, 1);
    }
    if (rc == 0 && clm_retro_scheme_check(&o->s) < 0)
        rc = locate(o, root, source);
    if (rc != 0) {
        clm_core__free(o);
        return rc;
    }
    *out = o;
    return 0;
}

int clm_retro_scheme_load_xml(clm_retro_scheme **out, const char *buf, size_t len, const char *source,
                              const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_retro_scheme_load_xml: %s is NULL",
                              out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "retro-scheme", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    owned_scheme *o = NULL;
    if (root == NULL || !clm_xml__is(root, "retro-scheme") || root->ns == NULL ||
        strcmp((const char *)root->ns->href, RETRO_NS) != 0)
        rc = clm_xml__fail(CLM_ESCHEMA, root, source, NULL,
                           "the root element must be <retro-scheme xmlns=\"%s\">", RETRO_NS);
    if (rc == 0)
        rc = load(&o, root, source);
    xmlFreeDoc(doc);
    if (rc != 0)
        return rc;
    *out = &o->s;
    return 0;
}

int clm_retro_scheme_load_file(clm_retro_scheme **out, const char *path, const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_retro_scheme_load_file");
    if (rc != 0)
        return rc;
    rc = clm_retro_scheme_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

int clm_retro_scheme_save_xml(char **out, size_t *len, const clm_retro_scheme *s)
{
    if (out == NULL || s == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_retro_scheme_save_xml: %s is NULL",
                              out == NULL ? "out" : "scheme");
    int rc = clm_retro_scheme_check(s);
    if (rc < 0)
        return rc;
    clm_currency cur;
    if (clm_currency_find(&cur, s->currency) < 0)
        return clm_core__fail(CLM_ECURRENCY, "clm_retro_scheme_save_xml: unknown currency");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<retro-scheme xmlns=\"" RETRO_NS "\"");
    clm_core__buf_printf(&b, " currency=\"%s\" mode=\"%s\" rounding=\"%s\">\n", cur.code,
                         clm_retro_mode_name(s->mode), clm_rounding_name(s->rounding));
    for (size_t i = 0; i < s->tier_count; i++) {
        clm_core__buf_puts(&b, "  <tier");
        clm_core__buf_attr_money(&b, "threshold", s->tiers[i].threshold, cur.code);
        clm_core__buf_attr_rate(&b, "rate", s->tiers[i].rate);
        clm_core__buf_puts(&b, "/>\n");
    }
    clm_core__buf_puts(&b, "</retro-scheme>\n");
    char *data;
    size_t n;
    if (clm_core__buf_finish(&b, &data, &n) != 0)
        return clm_core__oom("retro-bonus scheme XML");
    *out = data;
    if (len != NULL)
        *len = n;
    return 0;
}
