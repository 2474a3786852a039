/*
 * discount_client.h — a discount document's client part from a client
 * record, as clm_category_facts_from_client() (category_client.h) does for
 * category facts.
 *
 * Thread safety: as common.h (reads the client; writes only the caller's
 * outputs).
 */
#ifndef CLM_DISCOUNT_CLIENT_H
#define CLM_DISCOUNT_CLIENT_H

#include "common.h"
#include "client.h"
#include "discount.h"

CLM_BEGIN_DECLS

/**
 * Fills what a client record holds of `out`: id, legal_type (its stable
 * name, the one the discount module checks), region (NULL when unset),
 * since (the first deal; CLM_DISCOUNT_NO_DATE if none) and the client's
 * categories. The categories are written into the caller's array
 * `categories` of `capacity` pointers, in the client's order, and
 * out->categories / out->category_count point at them. The other fields
 * (risk_class, turnover) come from the credit and sales figures and are
 * left as they are: initialise the document with
 * CLM_DISCOUNT_DOCUMENT_INIT first and set them after.
 *
 * Ownership: every string is borrowed from the client and valid while it
 * is unmodified and alive; the array stays the caller's. Allocates
 * nothing.
 *
 * Errors: CLM_EINVAL (NULL out or c; NULL categories with a capacity > 0),
 * CLM_EBUFSIZE (the client has more categories than `capacity`: the
 * message gives the count needed; clm_client_category_count() tells it
 * before the call). *out and the array untouched on error.
 */
CLM_API int clm_discount_client_from_client(clm_discount_client *out, const char **categories,
                                            size_t capacity, const clm_client *c);

CLM_END_DECLS

#endif /* CLM_DISCOUNT_CLIENT_H */
