/*
 * claim_xml.h — legal regimes of claims a user defines in XML.
 *
 *   <claim-regimes xmlns="urn:libclm:claim-regimes:1">
 *     <regime id="kz-consumer" name="KZ consumer law" penalty="consumer"
 *             penalty-rate="1%" agreed-max="30" agreed-demands="repair">
 *       <acknowledgement n="3" unit="working-days"/>
 *       <resolution n="15" unit="days"/>                  (every demand)
 *       <resolution demand="replacement" n="7" unit="days"/>
 *       <quality-check n="20" unit="days"/>
 *       <out-of-stock n="1" unit="months"/>        (art. 21: no goods to replace with)
 *     </regime>
 *   </claim-regimes>
 *
 * The schema ("claim-regimes", installed as schemas/claim-regimes.xsd)
 * fixes the shape; every name (unit, demand, penalty) is then checked
 * against libclm's one vocabulary (clm_claim_from_name()), and an unknown one
 * fails naming the line and the attribute. A <resolution> without
 * `demand` is the default term and must appear exactly once.
 *
 * Thread safety: as common.h says.
 */
#ifndef CLM_CLAIM_XML_H
#define CLM_CLAIM_XML_H

#include "common.h"
#include "claim.h"
#include "xml.h"

CLM_BEGIN_DECLS

/**
 * Adds every regime of the document buf[0..len) to `set`, all or none.
 * `source` names the input in errors (NULL: "<memory>"); `opts` may be
 * NULL. Errors: CLM_EINVAL (NULL; a bad name or figure: the message names
 * the line and the attribute), CLM_EVERSION, CLM_ELIMIT, CLM_EPARSE (not
 * well-formed, a DTD), CLM_ESCHEMA (against the schema), CLM_EEXISTS (an
 * id already in the set or twice in the document), CLM_ENOMEM. The set is
 * unchanged on error.
 */
CLM_API int clm_claim_regimes_load_xml(clm_claim_regimes *set, const char *buf, size_t len,
                                       const char *source, const clm_xml_options *opts);

/** The same from a file (errors also CLM_EIO naming the path). */
CLM_API int clm_claim_regimes_load_file(clm_claim_regimes *set, const char *path,
                                        const clm_xml_options *opts);

CLM_END_DECLS

#endif /* CLM_CLAIM_XML_H */
