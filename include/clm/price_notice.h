/*
 * price_notice.h — price-change notices: which clients to notify of a new
 * version of the price lists, of what, and by when (docs/rules.md, "Price
 * lists, promotions and retro-bonuses", Price-change notices).
 *
 * A manager "notifies clients in time of changes in selling prices". Given
 * the books compiled from the old and the new version of the lists
 * (price.h), the date the new version takes effect and a notice period in
 * working days, clm_price_notices_new() lists, per client, the products
 * whose price for that client changes, with the old and the new price, and
 * the last day the notice may go out. clm_price_notice_store_sent()
 * records in the store that a notice went out (who, when, how), as an
 * outgoing entry of the client's contact log (client_store.h). The
 * clients and interests come from the caller, or from the store through
 * clm_offer_store_notice_input() (offer_notice.h, in the offer module).
 *
 *     clm_price_notice_request r = CLM_PRICE_NOTICE_REQUEST_INIT;
 *     r.currency = "RUB"; r.old_prices = old_book; r.new_prices = new_book;
 *     r.effective = d_2026_03_02; r.notice_days = 5; r.calendar = ru;
 *     r.window_from = d_2025_09_01; r.window_to = d_2026_02_28;
 *     r.clients = clients; r.client_count = n;
 *     r.interests = bought_offered; r.interest_count = m;
 *     clm_price_notices *ns;
 *     clm_price_notices_new(&ns, &r);
 *
 * ------------------------------------------------------------------------
 * Who is notified, of what
 *
 * An interest ties a client to a product: a purchase dated within the
 * window [window_from, window_to], or an open offer or contract that names
 * the product (the caller passes only open ones; their dates do not
 * matter). For each distinct (client, product, group, quantity) of the
 * interests, the price is looked up in both books exactly as the discount
 * engine would price the line on the effective date (the client's id,
 * categories, region and channel; the interest's product, group and
 * quantity: a quantity break counts). The pair is a change when:
 *
 *   - both books price it and the prices differ (CHANGED: up or down);
 *   - only the new book prices it (ADDED);
 *   - only the old book prices it (WITHDRAWN: the product is no longer on
 *     any list the client sees).
 *
 * A client is listed when at least one of its pairs is a change; its
 * changes are in byte order of product, then group ("" first), then
 * quantity; clients in byte order of id.
 *
 * The deadline
 *
 * A notice sent on day d gives notice from the day after d (as a term
 * starts on the day after its event, Civil Code art. 191). The deadline is
 * therefore the last working day before the notice_days-th working day
 * before the effective date, so that notice_days whole working days lie
 * between the notice and the change: with the Russian 2026 calendar, a
 * change effective Monday 2 March with 5 working days' notice counts back
 * 27, 26, 25, 24 and 20 February (21-23 February are non-working) and must
 * go out by Thursday 19 February. With notice_days 0 the deadline is the
 * last working day before the effective date.
 *
 * Thread safety: clm_price_notices_new() only reads its inputs (books are
 * immutable) and may run concurrently; a list is immutable once built.
 * The store function follows store.h: one thread per handle.
 */
#ifndef CLM_PRICE_NOTICE_H
#define CLM_PRICE_NOTICE_H

#include "actor.h"
#include "calendar.h"
#include "common.h"
#include "contact.h"
#include "date.h"
#include "price.h"
#include "store.h"

CLM_BEGIN_DECLS

/** Why a client is concerned by a product (a bit mask in a change). */
typedef enum clm_price_interest_kind {
    CLM_PRICE_INTEREST_PURCHASE = 1, /**< bought it in the window. "purchase" */
    CLM_PRICE_INTEREST_OFFER    = 2, /**< holds an open offer with it. "offer" */
    CLM_PRICE_INTEREST_CONTRACT = 4  /**< holds an open contract with it. "contract" */
} clm_price_interest_kind;

/** "purchase", "offer", "contract"; NULL for another value. Thread-safe. */
CLM_API const char *clm_price_interest_kind_name(clm_price_interest_kind k);
/** The kind named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (the
 *  message lists the names). *out untouched on error. */
CLM_API int clm_price_interest_kind_from_name(clm_price_interest_kind *out, const char *name);

/** What a price depends on, for one client. Strings borrowed for the call;
 *  any but `id` may be NULL. */
typedef struct clm_price_notice_client {
    const char *id;                  /**< an id, unique among the clients */
    const char *const *categories;   /**< the client's categories */
    size_t category_count;           /**< how many */
    const char *region;              /**< or NULL */
    const char *channel;             /**< or NULL */
} clm_price_notice_client;

/** One interest. Strings borrowed for the call. */
typedef struct clm_price_interest {
    clm_price_interest_kind kind;    /**< one of the kinds */
    const char *client;              /**< the id of one of the request's clients */
    const char *product;             /**< an id */
    const char *group;               /**< the product's group, or NULL */
    int64_t quantity;                /**< thousandths, > 0: the quantity bought or offered */
    clm_date date;                   /**< PURCHASE: the day of the purchase; else ignored */
} clm_price_interest;

#define CLM_PRICE_NOTICE_REQUEST_VERSION 1

/** What to compare. Pointers borrowed for the call. */
typedef struct clm_price_notice_request {
    unsigned int version;                       /**< CLM_PRICE_NOTICE_REQUEST_VERSION */
    const char *currency;                       /**< of the prices compared */
    const clm_price_book *old_prices;           /**< the version in force */
    const clm_price_book *new_prices;           /**< the version to come */
    clm_date effective;                         /**< the first day of the new prices */
    int32_t notice_days;                        /**< working days of notice, >= 0 */
    const clm_calendar *calendar;               /**< the working days */
    clm_date window_from;                       /**< purchases from this day ... */
    clm_date window_to;                         /**< ... to this day, inclusive */
    const clm_price_notice_client *clients;     /**< client_count clients */
    size_t client_count;                        /**< how many */
    const clm_price_interest *interests;        /**< interest_count interests */
    size_t interest_count;                      /**< how many */
} clm_price_notice_request;

#define CLM_PRICE_NOTICE_REQUEST_INIT { .version = CLM_PRICE_NOTICE_REQUEST_VERSION }

/** Sets *r to CLM_PRICE_NOTICE_REQUEST_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_price_notice_request_init(clm_price_notice_request *r);

/** What happens to a price. */
typedef enum clm_price_change_kind {
    CLM_PRICE_CHANGED   = 1, /**< both versions price it, differently. "changed" */
    CLM_PRICE_ADDED     = 2, /**< only the new version prices it. "added" */
    CLM_PRICE_WITHDRAWN = 3  /**< only the old version prices it. "withdrawn" */
} clm_price_change_kind;

/** "changed", "added", "withdrawn"; NULL for another value. */
CLM_API const char *clm_price_change_kind_name(clm_price_change_kind k);

/** One product whose price changes for a client. Strings owned by the list. */
typedef struct clm_price_change {
    clm_price_change_kind kind;      /**< what happens to the price */
    const char *product;             /**< the product */
    const char *group;               /**< NULL when the interests gave none */
    int64_t quantity;                /**< thousandths */
    unsigned int reasons;            /**< clm_price_interest_kind bits */
    int64_t old_price;               /**< minor units (0 when ADDED) */
    int64_t new_price;               /**< minor units (0 when WITHDRAWN) */
    const char *old_list;            /**< the list that gave the old price, or NULL */
    const char *new_list;            /**< the list that gives the new price, or NULL */
} clm_price_change;

/** One client to notify. Strings owned by the list. */
typedef struct clm_price_notice {
    const char *client;              /**< the client's id */
    clm_date deadline;               /**< the last day the notice may go out */
    clm_date effective;              /**< the request's */
    size_t change_count;             /**< >= 1 */
} clm_price_notice;

typedef struct clm_price_notices clm_price_notices;

/**
 * The clients to notify, as described above.
 * Errors: CLM_EINVAL (NULL; a bad request: no books or calendar, a
 * negative notice period, window_from after window_to, a client without a
 * valid id or given twice, an interest with an unknown kind, a bad product
 * or group, a quantity <= 0, or naming a client not in `clients`; the
 * message names the client or interest and the field), CLM_EVERSION,
 * CLM_ECURRENCY (unknown currency), CLM_ERANGE (a date outside the
 * calendar or its coverage), CLM_EOVERFLOW, CLM_ENOMEM; and a lookup's
 * errors other than CLM_ENOTFOUND (CLM_ERANGE for a formula giving a
 * negative price). *out untouched on error. Free with
 * clm_price_notices_free().
 */
CLM_API int clm_price_notices_new(clm_price_notices **out, const clm_price_notice_request *r);

/** Frees a list; NULL is a no-op. */
CLM_API void clm_price_notices_free(clm_price_notices *n);

/** Number of clients to notify (0 for NULL). */
CLM_API size_t clm_price_notices_count(const clm_price_notices *n);

/** Client i (owned by the list), or NULL if out of range. */
CLM_API const clm_price_notice *clm_price_notices_at(const clm_price_notices *n, size_t i);

/** Change k of client i (owned by the list), or NULL if out of range. */
CLM_API const clm_price_change *clm_price_notices_change(const clm_price_notices *n, size_t i,
                                                         size_t k);

/**
 * *out = the deadline for a change effective on `effective` with
 * `notice_days` working days' notice (see "The deadline").
 * Errors: CLM_EINVAL (NULL, notice_days < 0), CLM_ERANGE (a day needed
 * lies outside the calendar's coverage or the valid dates). *out
 * untouched on error. Thread-safe for a const calendar.
 */
CLM_API int clm_price_notice_deadline(clm_date *out, const clm_calendar *cal, clm_date effective,
                                      int32_t notice_days);

/**
 * Records that the notice of the change effective on `effective` went out
 * to `client`, by `channel`, at `at`, sent by who->user: an outgoing
 * contact-log entry (client_store.h) with id
 * "price-notice:<client>:<effective, YYYY-MM-DD>", purpose "price change
 * notice, effective YYYY-MM-DD", result `note` (NULL: "sent"), audited as
 * done by `who`. A second record of the same notice fails with CLM_EEXISTS:
 * a notice goes out once.
 * Errors: CLM_EINVAL (NULL st or who; a bad client id; an unknown channel;
 * a bad actor or note), CLM_ERANGE (a bad date or moment), CLM_EEXISTS,
 * and the store's errors. Nothing is written on error.
 */
CLM_API int clm_price_notice_store_sent(clm_store *st, const clm_actor *who, const char *client,
                                        clm_date effective, clm_contact_channel channel,
                                        clm_time at, const char *note);

/**
 * *out = 1 if the notice of the change effective on `effective` is on
 * record for `client` (as clm_price_notice_store_sent() writes it), else 0;
 * when it is, *at and *channel (each may be NULL) receive when and how it
 * went out.
 * Errors: CLM_EINVAL (NULL out or st, a bad client id), CLM_ERANGE (a bad
 * date), CLM_EPARSE (a stored entry that does not decode), the store's
 * errors. Outputs untouched on error. Changes nothing.
 */
CLM_API int clm_price_notice_store_was_sent(int *out, clm_time *at, clm_contact_channel *channel,
                                            clm_store *st, const char *client, clm_date effective);

CLM_END_DECLS

#endif /* CLM_PRICE_NOTICE_H */
