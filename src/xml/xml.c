/*
 * xml.c — the hardened XML reader every loader uses.
 *
 * Threats and what stops them:
 *  - network access (external DTDs, schemaLocation): XML_PARSE_NONET, no
 *    DTD loading, schemas come only from the library itself;
 *  - entity expansion (billion laughs) and external entities (XXE): any
 *    DOCTYPE stops the parser at once, so no entity is ever declared;
 *  - oversized input: the size limit is checked before parsing, and it is
 *    the only size limit: libxml2's own per-node limits (10 MB for a text
 *    node or a comment, 50 000 bytes for a name) are lifted with
 *    XML_PARSE_HUGE, which is safe because no entity can ever expand, so a
 *    document accepted by size is never refused for "Comment too big";
 *  - deep nesting: XML_PARSE_HUGE also lifts libxml2's depth limit, so the
 *    reader counts depth itself and stops at CLM_XML_MAX_DEPTH (256, the
 *    depth libxml2 allows by default), reported as CLM_ELIMIT in the
 *    library's terms; the loaders' recursive walks stay shallow.
 * libxml2's own allocator is left alone (it is process-wide state that the
 * host program may own).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "xml/xml_reader.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

/* ---- compiled schemas, cached per process ---------------------------------- */

#define MAX_SCHEMAS 16
static pthread_mutex_t schema_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    const char *name; /* points into the embedded table */
    xmlSchemaPtr schema;
} schemas[MAX_SCHEMAS];

/* A compiled schema is read-only after compilation and shared by every
 * validation; the lock only guards the cache. */
static int schema_get(xmlSchemaPtr *out, const char *name)
{
    char key[96];
    snprintf(key, sizeof key, "schema:%s", name);
    const clm_core__embedded *e = clm_core__embedded_find(key);
    if (e == NULL)
        return clm_core__fail(CLM_EINVAL, "xml: no schema named '%s' is built into libclm", name);
    pthread_mutex_lock(&schema_lock);
    for (int i = 0; i < MAX_SCHEMAS && schemas[i].name != NULL; i++) {
        if (schemas[i].name == e->name) {
            *out = schemas[i].schema;
            pthread_mutex_unlock(&schema_lock);
            return 0;
        }
    }
    int rc = 0;
    xmlSchemaParserCtxtPtr pctx = xmlSchemaNewMemParserCtxt(e->data, (int)e->size);
    xmlSchemaPtr schema = pctx != NULL ? xmlSchemaParse(pctx) : NULL;
    xmlSchemaFreeParserCtxt(pctx);
    if (schema == NULL) {
        rc = clm_core__fail(CLM_ENOMEM, "xml: the built-in schema '%s' could not be compiled", name);
    } else {
        int i = 0;
        while (i < MAX_SCHEMAS && schemas[i].name != NULL)
            i++;
        if (i < MAX_SCHEMAS) {
            schemas[i].name = e->name;
            schemas[i].schema = schema;
        }
        *out = schema;
        if (i == MAX_SCHEMAS) /* cannot happen with the schemas we ship */
            rc = clm_core__fail(CLM_ELIMIT, "xml: schema cache full");
    }
    pthread_mutex_unlock(&schema_lock);
    return rc;
}

/* ---- error capture ---------------------------------------------------------- */

/* Longest message a schema or parse error keeps, in bytes, before it is cut
 * at a word boundary with an ellipsis (libxml2 lists every element it
 * expected, which can run to kilobytes). */
#define MESSAGE_MAX 300

typedef struct capture {
    int seen;
    int line;
    void *node;           /* the node at fault (validation errors), or NULL */
    char message[2048];
    char field[96];
    int doctype;
    int too_deep;
    startElementNsSAX2Func start; /* libxml2's own handler, called after the depth check */
} capture;

/* libxml2's schema errors name the attribute or element in the message
 * ("Element '{ns}holiday', attribute 'date': ..."); the attribute if there
 * is one, else the element, becomes the error's field. */
static void field_from_message(char *field, size_t size, const char *msg)
{
    const char *start = NULL, *p;
    if ((p = strstr(msg, "attribute '")) != NULL) {
        start = p + strlen("attribute '");
    } else if ((p = strstr(msg, "Element '")) != NULL) {
        start = p + strlen("Element '");
        if (*start == '{') {
            const char *close = strchr(start, '}');
            if (close != NULL)
                start = close + 1;
        }
    }
    field[0] = '\0';
    if (start == NULL)
        return;
    size_t n = strcspn(start, "'");
    if (n >= size)
        n = size - 1;
    memcpy(field, start, n);
    field[n] = '\0';
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '.'))
        s[--n] = '\0';
}

static void capture_error(void *ctx, xmlErrorPtr err)
{
    capture *c = ctx;
    if (c->seen || err == NULL || err->level < XML_ERR_ERROR)
        return;
    c->seen = 1;
    c->line = err->line;
    c->node = err->node;
    snprintf(c->message, sizeof c->message, "%s", err->message != NULL ? err->message : "invalid");
    trim(c->message);
    field_from_message(c->field, sizeof c->field, c->message);
}

/* Appends at most the room left of s[0..n) to out (length *len, capacity size). */
static void put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
    if (*len + n >= size)
        n = size - 1 - *len;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

/* libxml2 names elements as "{namespace}name"; a user wrote them with the
 * prefix their file declares for that namespace. Rewrites each "{uri}name"
 * as "prefix:name", or "name" where the namespace is the default one (or
 * not declared in scope of `node`), then cuts the text to MESSAGE_MAX bytes
 * at a word boundary, ending it with an ellipsis. */
static void tidy_message(char *out, size_t size, const char *msg, xmlDocPtr doc, xmlNodePtr node)
{
    size_t len = 0;
    out[0] = '\0';
    for (const char *p = msg; *p != '\0';) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        /* only "{uri}name": a set of values ("{'sat', 'sun'}") stays */
        if (close != NULL && (memchr(p, ' ', (size_t)(close - p)) != NULL ||
                              memchr(p, '\'', (size_t)(close - p)) != NULL ||
                              memchr(p, ':', (size_t)(close - p)) == NULL ||
                              !((close[1] >= 'a' && close[1] <= 'z') || (close[1] >= 'A' && close[1] <= 'Z') ||
                                close[1] == '_')))
            close = NULL;
        if (close == NULL) {
            put(out, size, &len, p, 1);
            p++;
            continue;
        }
        char uri[512];
        size_t un = (size_t)(close - p - 1);
        if (un < sizeof uri) {
            memcpy(uri, p + 1, un);
            uri[un] = '\0';
            xmlNsPtr ns = doc != NULL ? xmlSearchNsByHref(doc, node != NULL ? node : xmlDocGetRootElement(doc),
                                                          (const xmlChar *)uri)
                                      : NULL;
            if (ns != NULL && ns->prefix != NULL) {
                put(out, size, &len, (const char *)ns->prefix, strlen((const char *)ns->prefix));
                put(out, size, &len, ":", 1);
            }
        }
        p = close + 1;
    }
    if (len <= MESSAGE_MAX)
        return;
    /* cut before the last space that leaves room for " …" (UTF-8, 3 bytes),
     * and drop the punctuation the cut leaves dangling */
    size_t cut = MESSAGE_MAX - 3;
    while (cut > 0 && out[cut] != ' ')
        cut--;
    if (cut == 0)  /* one unbroken word: cut inside it, not inside a UTF-8 sequence */
        for (cut = MESSAGE_MAX - 3; cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80; cut--)
            ;
    while (cut > 0 && strchr(" ,;:(", out[cut - 1]) != NULL)
        cut--;
    memcpy(out + cut, "\xe2\x80\xa6", 4); /* U+2026 HORIZONTAL ELLIPSIS and the NUL */
}

static void reject_doctype(void *user, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id)
{
    (void)name;
    (void)ext_id;
    (void)sys_id;
    xmlParserCtxtPtr ctxt = user;
    capture *c = ctxt->_private;
    c->doctype = 1;
    c->line = ctxt->input != NULL ? ctxt->input->line : 0;
    xmlStopParser(ctxt);
}

static void start_element(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                          int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                          const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = user;
    capture *c = ctxt->_private;
    if (ctxt->nameNr >= CLM_XML_MAX_DEPTH) { /* the new element is at depth nameNr + 1 */
        if (!c->too_deep) {
            c->too_deep = 1;
            c->line = ctxt->input != NULL ? ctxt->input->line : 0;
        }
        xmlStopParser(ctxt);
        return;
    }
    c->start(user, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
}

int clm_xml__read(xmlDoc **out, const char *buf, size_t len, const char *source, const char *schema,
                  const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "xml: %s is NULL", out == NULL ? "out" : "buffer");
    if (source == NULL)
        source = "<memory>";
    size_t max = CLM_XML_DEFAULT_MAX_BYTES;
    if (opts != NULL) {
        if (clm_core__check_version(opts->version, CLM_XML_OPTIONS_VERSION, "xml options") < 0)
            return CLM_EVERSION;
        max = opts->max_bytes;
    }
    if (max > CLM_XML_MAX_BYTES_CEILING)
        max = CLM_XML_MAX_BYTES_CEILING;
    if (len > max)
        return clm_core__fail_at(CLM_ELIMIT, NULL, source, 0, "%s: %zu bytes exceed the limit of %zu bytes", source, len,
                            max);
    pthread_once(&init_once, xml_init);

    xmlSchemaPtr xsd = NULL;
    int rc = schema_get(&xsd, schema);
    if (rc != 0)
        return rc;

    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL)
        return clm_core__oom("XML parser");
    capture cap = { 0, 0, NULL, "", "", 0, 0, ctxt->sax->startElementNs };
    ctxt->_private = &cap;
    ctxt->sax->internalSubset = reject_doctype;
    ctxt->sax->startElementNs = start_element;
    /* The handler is per thread in libxml2; the host's is put back after. */
    xmlStructuredErrorFunc saved_fn = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&cap, capture_error);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_HUGE);
    xmlSetStructuredErrorFunc(saved_ctx, saved_fn);
    int well_formed = ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    if (cap.doctype) {
        xmlFreeDoc(doc);
        return clm_core__fail_at(CLM_EPARSE, "DOCTYPE", source, cap.line,
                            "%s:%d: a DOCTYPE is not allowed (DTDs and entities are refused)", source, cap.line);
    }
    /* libxml2 would word a depth limit for its own users ("Excessive depth
     * in document: 256 use XML_PARSE_HUGE option"); say it in the
     * library's terms. The parser was stopped, so the document may be
     * partial and still marked well-formed. */
    if (cap.too_deep || (cap.seen && strstr(cap.message, "Excessive depth") != NULL)) {
        xmlFreeDoc(doc);
        return clm_core__fail_at(CLM_ELIMIT, NULL, source, cap.line,
                                 "%s:%d: elements nested deeper than %d levels, the limit for a document",
                                 source, cap.line, CLM_XML_MAX_DEPTH);
    }
    if (doc == NULL || !well_formed) {
        xmlFreeDoc(doc);
        if (!cap.seen && doc == NULL && len > 0)
            return clm_core__oom("XML document");
        char msg[MESSAGE_MAX + 8];
        tidy_message(msg, sizeof msg, cap.seen ? cap.message : "empty document", NULL, NULL);
        return clm_core__fail_at(CLM_EPARSE, NULL, source, cap.line, "%s:%d: not well-formed XML: %s", source, cap.line,
                            msg);
    }

    xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(xsd);
    if (vctx == NULL) {
        xmlFreeDoc(doc);
        return clm_core__oom("XML schema validation");
    }
    capture vcap = { 0, 0, NULL, "", "", 0, 0, NULL };
    xmlSchemaSetValidStructuredErrors(vctx, capture_error, &vcap);
    int v = xmlSchemaValidateDoc(vctx, doc);
    xmlSchemaFreeValidCtxt(vctx);
    if (v != 0) {
        char msg[MESSAGE_MAX + 8];
        tidy_message(msg, sizeof msg, vcap.seen ? vcap.message : "invalid", doc, vcap.node);
        xmlFreeDoc(doc);
        if (v < 0)
            return clm_core__fail_at(CLM_ENOMEM, NULL, source, 0, "%s: schema validation failed internally", source);
        return clm_core__fail_at(CLM_ESCHEMA, vcap.field, source, vcap.line, "%s:%d: invalid against schema '%s': %s", source,
                            vcap.line, schema, msg);
    }
    *out = doc;
    return 0;
}

int clm_xml__file_read(char **out, size_t *len, const char *path, size_t max_bytes)
{
    if (out == NULL || path == NULL)
        return clm_core__fail(CLM_EINVAL, "file: %s is NULL", out == NULL ? "out" : "path");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return clm_core__fail_at(CLM_EIO, NULL, path, 0, "%s: cannot open: %s", path, strerror(errno));
    clm_core__buf b;
    clm_core__buf_init(&b);
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max_bytes) {
            rc = clm_core__fail_at(CLM_ELIMIT, NULL, path, 0, "%s: larger than the limit of %zu bytes", path, max_bytes);
            break;
        }
        clm_core__buf_append(&b, chunk, n);
        if (b.failed)
            break;
    }
    if (rc == 0 && ferror(f))
        rc = clm_core__fail_at(CLM_EIO, NULL, path, 0, "%s: read error: %s", path, strerror(errno));
    fclose(f);
    if (rc != 0) {
        clm_core__buf_free(&b);
        return rc;
    }
    return clm_core__buf_finish(&b, out, len);
}

int clm_xml__fail(int code, const xmlNode *node, const char *source, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, clm_core__tr(fmt), ap);
    va_end(ap);
    int line = node != NULL ? (int)xmlGetLineNo(node) : 0;
    if (source == NULL)
        source = "<memory>";
    if (field != NULL && node != NULL && node->name != NULL)
        return clm_core__fail_at(code, field, source, line, "%s:%d: <%s %s>: %s", source, line, (const char *)node->name,
                            field, msg);
    return clm_core__fail_at(code, field, source, line, "%s:%d: %s", source, line, msg);
}

int clm_xml__is(const xmlNode *node, const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

xmlNode *clm_xml__next_element(xmlNode *node)
{
    while (node != NULL && node->type != XML_ELEMENT_NODE)
        node = node->next;
    return node;
}

const char *clm_xml__attr(const xmlNode *node, const char *name)
{
    if (node == NULL)
        return NULL;
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        if (a->children == NULL)
            return "";
        if (a->children->type == XML_TEXT_NODE && a->children->next == NULL)
            return (const char *)a->children->content;
        return NULL; /* entity references cannot occur: DOCTYPEs are refused */
    }
    return NULL;
}

static int attr_missing(const xmlNode *node, const char *name, const char *source, int required)
{
    if (required)
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "required attribute is missing");
    return 1;
}

int clm_xml__attr_date(clm_date *out, const xmlNode *node, const char *name, const char *source, int required)
{
    const char *v = clm_xml__attr(node, name);
    if (v == NULL)
        return attr_missing(node, name, source, required);
    clm_date d;
    if (clm_date_parse(&d, v) != 0)
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "%s", clm_error_last()->message);
    *out = d;
    return 0;
}

int clm_xml__attr_int64(int64_t *out, const xmlNode *node, const char *name, const char *source, int required)
{
    const char *v = clm_xml__attr(node, name);
    if (v == NULL)
        return attr_missing(node, name, source, required);
    const char *p = v;
    int neg = *p == '-';
    if (neg)
        p++;
    if (*p == '\0')
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is not an integer", v);
    int64_t r = 0;
    for (; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' is not an integer", v);
        if (clm_core__mul_ovf(r, 10, &r) || clm_core__sub_ovf(r, *p - '0', &r))
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' does not fit a 64-bit integer", v);
    }
    if (!neg) {
        if (r == INT64_MIN)
            return clm_xml__fail(CLM_ESCHEMA, node, source, name, "'%s' does not fit a 64-bit integer", v);
        r = -r;
    }
    *out = r;
    return 0;
}

int clm_xml__attr_rate(clm_rate *out, const xmlNode *node, const char *name, const char *source, int required)
{
    const char *v = clm_xml__attr(node, name);
    if (v == NULL)
        return attr_missing(node, name, source, required);
    clm_rate r;
    if (clm_rate_parse(&r, v) != 0)
        return clm_xml__fail(CLM_ESCHEMA, node, source, name, "%s", clm_error_last()->message);
    *out = r;
    return 0;
}

int clm_xml__attr_money(clm_money *out, const xmlNode *node, const char *name, const char *source, int required)
{
    const char *v = clm_xml__attr(node, name);
    if (v == NULL)
        return attr_missing(node, name, source, required);
    clm_money m;
    int rc = clm_money_parse(&m, v);
    if (rc != 0)
        return clm_xml__fail(rc == CLM_ECURRENCY ? CLM_ECURRENCY : CLM_ESCHEMA, node, source, name, "%s",
                             clm_error_last()->message);
    *out = m;
    return 0;
}

int clm_xml_options_init(clm_xml_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_xml_options_init: opts is NULL");
    clm_xml_options init = CLM_XML_OPTIONS_INIT;
    *opts = init;
    return 0;
}

const char *clm_xml_schema(const char *name)
{
    if (name == NULL)
        return NULL;
    char key[96];
    snprintf(key, sizeof key, "schema:%s", name);
    const clm_core__embedded *e = clm_core__embedded_find(key);
    return e != NULL ? e->data : NULL;
}

int clm_xml__read_input(char **buf, size_t *len, const void *out, const char *path,
                        const clm_xml_options *opts, const char *fn)
{
    if (out == NULL || path == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: %s is NULL", fn, out == NULL ? "out" : "path");
    if (opts != NULL) {
        int rc = clm_core__check_version(opts->version, CLM_XML_OPTIONS_VERSION, "xml options");
        if (rc < 0)
            return rc;
    }
    return clm_xml__file_read(buf, len, path,
                              opts != NULL ? opts->max_bytes : CLM_XML_DEFAULT_MAX_BYTES);
}

int clm_xml__relay(int rc, const xmlNode *node, const char *source, const char *field)
{
    if (rc == CLM_ENOMEM)
        return rc;
    int code = rc == CLM_ECURRENCY ? CLM_ECURRENCY : CLM_ESCHEMA;
    /* clm_xml__fail formats into its own buffer before it records, so the
     * last error's message may be passed to it. */
    return clm_xml__fail(code, node, source, field, "%s", clm_error_last()->message);
}

int clm_xml__attr_amount(int64_t *out, const xmlNode *node, const char *name,
                         const char *source, const char *currency, int required,
                         const char *whole)
{
    clm_money m;
    int rc = clm_xml__attr_money(&m, node, name, source, required);
    if (rc != 0)
        return rc;
    if (strncmp(m.currency, currency, sizeof m.currency) != 0)
        return clm_xml__fail(CLM_ECURRENCY, node, source, name,
                             "the amount is in %s, %s in %s: currencies never mix",
                             m.currency, whole, currency);
    *out = m.amount;
    return 0;
}
