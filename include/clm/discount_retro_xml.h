/*
 * discount_retro_xml.h — retro-bonus schemes (discount_retro.h) as XML
 * files, schema retro-scheme.xsd (namespace urn:libclm:retro-scheme:1;
 * built in as clm_xml_schema("retro-scheme") and installed under
 * <datadir>/libclm/schemas/). One file holds one scheme:
 *
 *     <retro-scheme xmlns="urn:libclm:retro-scheme:1" currency="RUB"
 *                   mode="from-first" rounding="half-up">
 *       <tier threshold="1000000.00 RUB" rate="2%"/>
 *       <tier threshold="3000000.00 RUB" rate="3%"/>
 *     </retro-scheme>
 *
 * Reading is hardened as everywhere in libclm (xml.h): no network, no DTD,
 * no entity, a size limit, and the document is validated against the
 * schema before anything is built. The loader then checks what a schema
 * cannot: the mode and rounding names against the library's one
 * vocabulary (clm_retro_mode_from_name, clm_rounding_from_name), a known
 * currency, thresholds in the scheme's currency, and the scheme's rules
 * (clm_retro_scheme_check: thresholds ascending, rates in (0, 100 %] and
 * never decreasing), naming the input, the line and the attribute in
 * clm_error_last().
 *
 * Thread safety: as every function of libclm; clm_retro_scheme_save_xml()
 * only reads its scheme.
 */
#ifndef CLM_DISCOUNT_RETRO_XML_H
#define CLM_DISCOUNT_RETRO_XML_H

#include "common.h"
#include "discount_retro.h"
#include "xml.h"

CLM_BEGIN_DECLS

/**
 * Reads the scheme of buf[0..len). *out receives a scheme held in one
 * allocation with its currency and tiers (its pointers point into it);
 * free it with clm_retro_scheme_free(). `source` names the input in errors
 * (NULL: "<memory>"); `opts` may be NULL. mode and rounding are always
 * present in a file (the schema requires them: a scheme never depends on
 * a default that could change).
 * Errors: CLM_EINVAL (NULL out or buf), CLM_EVERSION (opts), CLM_ELIMIT,
 * CLM_EPARSE, CLM_ESCHEMA (invalid against the schema, an unknown mode or
 * rounding name, tiers out of order, a rate out of range or below the
 * previous tier's: the line and the attribute are named), CLM_ECURRENCY
 * (an unknown currency, a threshold in another currency), CLM_ENOMEM.
 * On error *out is untouched and nothing is left allocated.
 */
CLM_API int clm_retro_scheme_load_xml(clm_retro_scheme **out, const char *buf, size_t len,
                                      const char *source, const clm_xml_options *opts);

/** As clm_retro_scheme_load_xml(), reading the file at `path`; adds CLM_EIO. */
CLM_API int clm_retro_scheme_load_file(clm_retro_scheme **out, const char *path,
                                       const clm_xml_options *opts);

/** Frees a scheme returned by clm_retro_scheme_load_xml() or
 *  clm_retro_scheme_load_file() (never one the caller built). NULL is a
 *  no-op. */
CLM_API void clm_retro_scheme_free(clm_retro_scheme *s);

/**
 * Writes `s` as a document clm_retro_scheme_load_xml() reads back into an
 * equal scheme; saving that again gives the same bytes. Every attribute is
 * written (mode and rounding included), thresholds as money in the
 * scheme's currency, rates as percentages ("2.5%").
 * *out receives a NUL-terminated buffer the caller frees with clm_free();
 * *len (may be NULL) its length.
 * Errors: CLM_EINVAL (NULL out or s), those of clm_retro_scheme_check()
 * (a scheme that does not check is never written), CLM_ENOMEM. Outputs
 * untouched on error.
 */
CLM_API int clm_retro_scheme_save_xml(char **out, size_t *len, const clm_retro_scheme *s);

CLM_END_DECLS

#endif /* CLM_DISCOUNT_RETRO_XML_H */
