/*
 * price_xml.h — price lists (price.h) as XML files, schema price-list.xsd
 * (namespace urn:libclm:price-list:1; built in as clm_xml_schema("price-list")
 * and installed under <datadir>/libclm/schemas/).
 *
 * Reading is hardened as everywhere in libclm (xml.h): no network, no DTD,
 * no entity, a size limit, and the document is validated against the
 * schema before anything is built. The loader then checks what a schema
 * cannot (a product and a group on one entry, a price and a base on one
 * entry, a formula attribute with nothing to apply it to, an amount in
 * another currency, an audience or rounding name outside the library's one
 * vocabulary, an unknown or cyclic parent or base, a list in another
 * currency than its parent or base) and names the input, the line and the
 * attribute in clm_error_last().
 *
 * Thread safety: as every function of libclm; clm_price_set_save_xml()
 * only reads its set.
 */
#ifndef CLM_PRICE_XML_H
#define CLM_PRICE_XML_H

#include "common.h"
#include "price.h"
#include "xml.h"

CLM_BEGIN_DECLS

/**
 * Reads the lists of buf[0..len) into a new set, then checks it
 * (clm_price_set_check). `source` names the input in errors (NULL:
 * "<memory>"); `opts` may be NULL.
 * Errors: CLM_EINVAL (NULL out or buf), CLM_EVERSION, CLM_ELIMIT,
 * CLM_EPARSE, CLM_ESCHEMA (invalid against the schema, or a value the
 * model refuses, an unknown name, an unknown parent or base, a cycle:
 * the line and the attribute are named), CLM_ECURRENCY (an unknown
 * currency, an amount in another currency than its list's, a parent or
 * base in another currency), CLM_ENOMEM.
 * On error *out is untouched and nothing is left allocated.
 */
CLM_API int clm_price_set_load_xml(clm_price_set **out, const char *buf, size_t len,
                                   const char *source, const clm_xml_options *opts);

/** As clm_price_set_load_xml(), reading the file at `path`; adds CLM_EIO. */
CLM_API int clm_price_set_load_file(clm_price_set **out, const char *path,
                                    const clm_xml_options *opts);

/**
 * Writes `s` as a document clm_price_set_load_xml() reads back into an
 * equal set (lists and entries in the same order, every field kept).
 * *out receives a NUL-terminated buffer the caller frees with clm_free();
 * *len (may be NULL) its length.
 * Errors: CLM_EINVAL (NULL; an empty set, which the schema cannot hold),
 * CLM_ENOMEM. Outputs untouched on error.
 */
CLM_API int clm_price_set_save_xml(char **out, size_t *len, const clm_price_set *s);

CLM_END_DECLS

#endif /* CLM_PRICE_XML_H */
