/*
 * xml_internal.h — the hardened XML reader and attribute helpers every XML
 * loader in src/xml/ uses. Not installed.
 *
 * Reading is hardened: XML_PARSE_NONET, no DTD loading or validation, no
 * entity substitution, any DOCTYPE or entity reference rejected, a size
 * limit checked before parsing, and every document validated against an XSD
 * embedded in the library (tools/embed.py, name "schema:<name>").
 */
#ifndef CLM_XML_INTERNAL_H
#define CLM_XML_INTERNAL_H

#include <libxml/tree.h>

#include "clm/date.h"
#include "clm/money.h"
#include "clm/rate.h"
#include "clm/xml.h"
#include "core/core.h"

/*
 * Parses buf[0..len) and validates it against the embedded schema
 * "schema:<schema>". `source` names the input in errors (NULL -> "<memory>").
 * On success *out is a document the caller frees with xmlFreeDoc().
 * Errors: CLM_EINVAL, CLM_EVERSION (opts), CLM_ELIMIT, CLM_EPARSE (with the
 * line), CLM_ESCHEMA (with the line and libxml2's reason), CLM_ENOMEM.
 */
int clm_xml__read(xmlDoc **out, const char *buf, size_t len, const char *source,
                  const char *schema, const clm_xml_options *opts);

/* Reads a whole file into a NUL-terminated buffer (free with clm_core__free).
 * Errors: CLM_EINVAL, CLM_EIO (with path and strerror), CLM_ELIMIT, CLM_ENOMEM. */
int clm_xml__file_read(char **out, size_t *len, const char *path, size_t max_bytes);
/* The common start of every public *_load_file(out, path, opts): refuses a
 * NULL `out` or `path` (CLM_EINVAL, naming `fn` and the argument) and an
 * unsupported opts->version (CLM_EVERSION), then reads the file under
 * opts' size limit (or the default) into *buf (free with clm_core__free). */
int clm_xml__read_input(char **buf, size_t *len, const void *out, const char *path,
                        const clm_xml_options *opts, const char *fn);

/* Re-records the calling thread's last error (set by a setter the loader
 * called) at `node`, naming `field`: CLM_ENOMEM passes as it is, a currency
 * refusal stays CLM_ECURRENCY, anything else becomes CLM_ESCHEMA (the
 * document says something the object cannot hold). */
int clm_xml__relay(int rc, const xmlNode *node, const char *source, const char *field);
/* Reads the money attribute `name` (clm_xml__attr_money) and requires it in
 * `currency`, the currency of `whole` ("the policy", "the document"...):
 * otherwise CLM_ECURRENCY at the attribute. 1 when absent and not
 * required; *out is written only on success. */
int clm_xml__attr_amount(int64_t *out, const xmlNode *node, const char *name,
                         const char *source, const char *currency, int required,
                         const char *whole);

/* Records an error at `node` (its line) naming `field` (an attribute or
 * element name, may be NULL) and returns `code`. */
int clm_xml__fail(int code, const xmlNode *node, const char *source, const char *field,
                  const char *fmt, ...) CLM__PRINTF(5, 6);

/* True if `node` is an element named `name` (namespace is checked by the
 * schema, not here). */
int clm_xml__is(const xmlNode *node, const char *name);

/* The next element sibling (or first element child with node->children). */
xmlNode *clm_xml__next_element(xmlNode *node);

/* The value of attribute `name` of `node`, or NULL if absent. The pointer
 * is into the document (valid while it lives); no copy is made. */
const char *clm_xml__attr(const xmlNode *node, const char *name);

/* Typed attribute readers. Each returns 0 and sets *out, returns 1 and leaves
 * *out alone when the attribute is absent and !required, or fails with
 * clm_xml__fail (the line and attribute named) when the value is bad or a
 * required attribute is missing. */
int clm_xml__attr_date(clm_date *out, const xmlNode *node, const char *name,
                       const char *source, int required);
int clm_xml__attr_int64(int64_t *out, const xmlNode *node, const char *name,
                        const char *source, int required);
int clm_xml__attr_rate(clm_rate *out, const xmlNode *node, const char *name,
                       const char *source, int required);
/* Reads "<amount> <CODE>" (clm_money_parse). */
int clm_xml__attr_money(clm_money *out, const xmlNode *node, const char *name,
                        const char *source, int required);

#endif /* CLM_XML_INTERNAL_H */
