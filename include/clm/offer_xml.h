/*
 * offer_xml.h — offers and contracts saved to and read from XML (schema
 * "offer", namespace urn:libclm:offer:1, shipped in the library and
 * installed under <datadir>/libclm/schemas/offer.xsd).
 *
 * A saved offer holds every field of the object: the terms, the lines, the
 * priced snapshot (every line's figures, the totals, the trace, the policy
 * name and version, the ladder), the credit checks, a pending override and
 * every event; a saved contract holds its own fields, the frozen offer, the
 * protocol of disagreements, the special terms and its events. Reading
 * one back gives an equal object (clm_offer_equal, clm_contract_equal), so
 * a sent offer's figures survive whatever happens to the policy between
 * the two.
 *
 * Reading is hardened and validated against the schema (clm/xml.h); then
 * every name (state, stage, verdict, trace kind and stage, credit
 * decision, settlement, special-term kind, event action) is checked
 * against the library's vocabulary, every amount must be in the offer's
 * currency, every text must be valid text for its field, and the figures
 * must hang together (one priced line per line, the lines' net amounts
 * adding up to the total, trace entries on existing lines). An error names
 * the line of the document, the attribute and the reason
 * (clm_error_last()); nothing is returned on error.
 *
 * Thread safety: as common.h says; the functions share nothing.
 */
#ifndef CLM_OFFER_XML_H
#define CLM_OFFER_XML_H

#include "common.h"
#include "contract.h"
#include "offer.h"
#include "xml.h"

CLM_BEGIN_DECLS

/**
 * Writes `o` as an <offer> document. *out is NUL-terminated, freed with
 * clm_free(); *len (may be NULL) is its length.
 * Errors: CLM_EINVAL (NULL), CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_offer_save_xml(char **out, size_t *len, const clm_offer *o);

/**
 * Reads an <offer> document from buf[0..len). `source` names the input in
 * errors (NULL: "<memory>"); `opts` may be NULL for the defaults.
 * Errors: CLM_EINVAL (NULL; a figure outside the range the object
 * covers: a negative count or price, a line index past the lines, a rate
 * over 100%), CLM_EVERSION (opts), CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA (the
 * schema, an unknown name, text that is not valid for its field, a day
 * that does not exist or lies outside 0001..9999, figures that do not add
 * up), CLM_ECURRENCY (an amount in another currency), CLM_ENOMEM; each
 * with the line and the attribute. *out untouched on error; free with
 * clm_offer_free().
 */
CLM_API int clm_offer_load_xml(clm_offer **out, const char *buf, size_t len,
                               const char *source, const clm_xml_options *opts);
/** As clm_offer_load_xml(), reading the file at `path`; adds CLM_EIO. */
CLM_API int clm_offer_load_file(clm_offer **out, const char *path, const clm_xml_options *opts);

/** Writes `c` as a <contract> document, its frozen offer inside; as
 *  clm_offer_save_xml(). */
CLM_API int clm_contract_save_xml(char **out, size_t *len, const clm_contract *c);

/** Reads a <contract> document; errors as clm_offer_load_xml(), plus
 *  CLM_ESCHEMA for a disagreement on a line the offer does not have.
 *  Free with clm_contract_free(). */
CLM_API int clm_contract_load_xml(clm_contract **out, const char *buf, size_t len,
                                  const char *source, const clm_xml_options *opts);
/** As clm_contract_load_xml(), reading the file at `path`; adds CLM_EIO. */
CLM_API int clm_contract_load_file(clm_contract **out, const char *path,
                                   const clm_xml_options *opts);

CLM_END_DECLS

#endif /* CLM_OFFER_XML_H */
