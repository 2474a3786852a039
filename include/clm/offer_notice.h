/*
 * offer_notice.h — what a price-change notice (price_notice.h) needs to
 * know of the clients, gathered from the store: who bought which product
 * in the window, who holds an open offer or contract with it, and each
 * such client's categories and region from its client record.
 *
 * It lives in the offer module because the offers and contracts are its
 * records; price_notice.h, below it, takes the same figures from the
 * caller. docs/rules.md, "Price-change notices", says which records count.
 *
 *     clm_offer_notice_query q = CLM_OFFER_NOTICE_QUERY_INIT;
 *     q.window_from = d_2025_09_01; q.window_to = d_2026_02_28;
 *     clm_offer_notice_input *in;
 *     clm_offer_store_notice_input(&in, st, &q);
 *     clm_price_notice_request r = CLM_PRICE_NOTICE_REQUEST_INIT;
 *     ... books, effective day, notice period, calendar ...
 *     clm_offer_notice_input_fill(&r, in);
 *     clm_price_notices_new(&ns, &r);
 *     clm_offer_notice_input_free(in);   // after the notices are built
 *
 * ------------------------------------------------------------------------
 * What counts (the store holds no invoice lines, so the offers and the
 * contracts are the records that name products):
 *
 *   OFFER     every line of a stored offer in an open state: draft,
 *             awaiting-approval, approved, sent (an offer that can still
 *             become a contract). Accepted offers count through their
 *             contract; rejected, expired, withdrawn, countered and
 *             superseded ones do not count.
 *   CONTRACT  every line of the accepted offer (its frozen copy) of a
 *             stored contract in an open state: draft, negotiation,
 *             agreed, concluded, in-execution.
 *   PURCHASE  every line of a contract concluded on a day within
 *             [window_from, window_to] (concluded, in execution or
 *             completed; a terminated contract is not a purchase), dated
 *             the day it was concluded.
 *
 * A client named by any of these is read from the client records
 * (client_store.h) for its categories and region (as discount_client.h
 * takes them); the channel is left NULL (a client record has none).
 * Interests come in the order of the records' ids (offers, then
 * contracts), lines in their order; clients in byte order of id.
 *
 * Thread safety: as store.h (one thread per store handle); a finished
 * input is immutable and may be read from several threads.
 */
#ifndef CLM_OFFER_NOTICE_H
#define CLM_OFFER_NOTICE_H

#include "common.h"
#include "date.h"
#include "price_notice.h"
#include "store.h"

CLM_BEGIN_DECLS

#define CLM_OFFER_NOTICE_QUERY_VERSION 1

/** What to gather. */
typedef struct clm_offer_notice_query {
    unsigned int version;            /**< CLM_OFFER_NOTICE_QUERY_VERSION */
    clm_date window_from;            /**< purchases from this day ... */
    clm_date window_to;              /**< ... to this day, inclusive */
    const char *client;              /**< only this client, or NULL: every client */
} clm_offer_notice_query;

#define CLM_OFFER_NOTICE_QUERY_INIT { .version = CLM_OFFER_NOTICE_QUERY_VERSION }

/** Sets *q to CLM_OFFER_NOTICE_QUERY_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_offer_notice_query_init(clm_offer_notice_query *q);

/** The gathered clients and interests (opaque, immutable). */
typedef struct clm_offer_notice_input clm_offer_notice_input;

/**
 * Gathers the interests and clients described above.
 * Errors: CLM_EINVAL (NULL; a bad client id), CLM_EVERSION, CLM_ERANGE
 * (a window date outside the calendar, window_from after window_to),
 * CLM_ENOTFOUND (a client named by an offer or contract has no client
 * record: the message names both), CLM_EPARSE or CLM_ESCHEMA (a stored
 * offer, contract or client that does not read: the record is named),
 * the store's errors, CLM_ENOMEM. *out untouched on error. Changes
 * nothing. Free with clm_offer_notice_input_free().
 */
CLM_API int clm_offer_store_notice_input(clm_offer_notice_input **out, clm_store *st,
                                         const clm_offer_notice_query *q);

/** Frees an input; NULL is a no-op. */
CLM_API void clm_offer_notice_input_free(clm_offer_notice_input *in);

/** The number of clients (0 for NULL). */
CLM_API size_t clm_offer_notice_input_client_count(const clm_offer_notice_input *in);
/** The clients (owned by the input), or NULL when there are none. */
CLM_API const clm_price_notice_client *
clm_offer_notice_input_clients(const clm_offer_notice_input *in);
/** The number of interests (0 for NULL). */
CLM_API size_t clm_offer_notice_input_interest_count(const clm_offer_notice_input *in);
/** The interests (owned by the input), or NULL when there are none. */
CLM_API const clm_price_interest *clm_offer_notice_input_interests(const clm_offer_notice_input *in);

/**
 * Sets r's clients, interests and window from `in` (the pointers borrow
 * from `in`: keep it until clm_price_notices_new() returns), leaving the
 * rest of r alone. Errors: CLM_EINVAL (NULL). r untouched on error.
 */
CLM_API int clm_offer_notice_input_fill(clm_price_notice_request *r, const clm_offer_notice_input *in);

CLM_END_DECLS

#endif /* CLM_OFFER_NOTICE_H */
