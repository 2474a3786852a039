/*
 * offer_document.h — a priced offer, and a contract, printed as a document
 * a manager could send: a text form and an HTML form with the lines, each
 * discount and its reason, the totals and early-payment terms, the terms of
 * payment and delivery, and the term of acceptance; a contract adds its
 * state and dates, amounts, special terms and protocol of disagreements.
 *
 * Both forms are built from the offer alone (its priced snapshot), so a
 * sent offer prints the same figures whatever happened to the policy since.
 * Money, rates and dates are written by clm/format.h with the caller's
 * options. The HTML form escapes every text taken from the offer.
 *
 * Thread safety: as common.h says.
 */
#ifndef CLM_OFFER_DOCUMENT_H
#define CLM_OFFER_DOCUMENT_H

#include "common.h"
#include "contract.h"
#include "format.h"
#include "offer.h"

CLM_BEGIN_DECLS

/** The document's form. Values are stable. */
typedef enum clm_offer_doc_format {
    CLM_OFFER_DOC_TEXT = 1,   /**< plain text, one line per item */
    CLM_OFFER_DOC_HTML = 2    /**< a complete HTML5 page */
} clm_offer_doc_format;

/**
 * Writes the priced offer `o` as a document of form `fmt`. `opts` (may be
 * NULL: the defaults) says how money, rates and dates are written. *out is
 * NUL-terminated, freed with clm_free(); *len (may be NULL) is its length.
 * The term of acceptance is the fixed last day once the offer is sent, else
 * the offer's own term, else "the reasonable term" (Civil Code art. 441
 * p. 1), counted from the day it is sent.
 * Errors: CLM_EINVAL (NULL, an unknown form, bad options), CLM_EVERSION,
 * CLM_ESTATE (the offer is not priced), CLM_ENOMEM. *out untouched on
 * error.
 */
CLM_API int clm_offer_document(char **out, size_t *len, const clm_offer *o,
                               clm_offer_doc_format fmt, const clm_format_options *opts);

/**
 * Writes contract `c` as a document of form `fmt`: its id, state, client,
 * manager and dates (made, agreed, concluded, closed), the renewal links,
 * whether it is obligatory (Civil Code art. 445 p. 1), the amount, the
 * invoiced amount and the confirmed one not yet invoiced
 * (clm_contract_uninvoiced()), its special terms, its
 * protocol of disagreements (as clm_contract_protocol_text() gives it, in
 * clause order) when it has one, then the accepted offer's sections as
 * clm_offer_document() writes them, from the contract's frozen copy. `opts`
 * (may be NULL) as for clm_offer_document(). *out is NUL-terminated,
 * freed with clm_free(); *len (may be NULL) is its length.
 * Errors: CLM_EINVAL (NULL, an unknown form, bad options), CLM_EVERSION,
 * CLM_ESTATE (the offer it carries is not priced), CLM_EOVERFLOW, CLM_ENOMEM.
 * *out untouched on error.
 */
CLM_API int clm_contract_document(char **out, size_t *len, const clm_contract *c,
                                  clm_offer_doc_format fmt, const clm_format_options *opts);

CLM_END_DECLS

#endif /* CLM_OFFER_DOCUMENT_H */
