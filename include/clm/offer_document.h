/*
 * offer_document.h — a priced offer printed as a document a manager could
 * send: a text form and an HTML form with the lines, each discount and its
 * reason, the totals and early-payment terms, the terms of payment and
 * delivery, and the term of acceptance.
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

CLM_END_DECLS

#endif /* CLM_OFFER_DOCUMENT_H */
