/*
 * credit_sales.h — segmentation input from stored sales: a table of the
 * amounts each client bought per period, read from the invoices and credit
 * notes in a store (credit_store.h), in the row-major n x periods layout
 * that clm_xyz_classify() and clm_periods_summarize() (segment.h) take.
 *
 * What counts as a sale (documented choice): an invoice counts in the
 * period of its issue date, for its full amount; a credit note (a return,
 * a price correction) counts negatively in the period of its date, so a
 * period may be net negative. Payments are not sales and are ignored.
 *
 * Thread safety: as store.h (one thread per store handle); a finished
 * table is immutable and may be read from several threads.
 */
#ifndef CLM_CREDIT_SALES_H
#define CLM_CREDIT_SALES_H

#include "common.h"
#include "date.h"
#include "store.h"

CLM_BEGIN_DECLS

/** What clm_credit_store_sales() reads. */
typedef struct clm_credit_sales_query {
    unsigned int version;        /**< CLM_CREDIT_SALES_QUERY_VERSION */
    const char *currency;        /**< the ledger's currency; required */
    /** periods + 1 strictly ascending days: period p is the days from
     *  bounds[p] up to, not including, bounds[p + 1] (months: the 1st of
     *  each month and the 1st of the month after the last). */
    const clm_date *bounds;
    size_t periods;              /**< >= 1, at most CLM_SEGMENT_MAX_PERIODS
                                      (1 << 20) */
    /** The rows, in this order (ids; no id twice): clients without sales
     *  get a row of zeros, and sales of other clients are left out. NULL:
     *  one row per client with a sale in the periods, in byte order of
     *  id. */
    const char *const *clients;
    size_t nclients;             /**< the number of `clients` */
} clm_credit_sales_query;

#define CLM_CREDIT_SALES_QUERY_VERSION 1
#define CLM_CREDIT_SALES_QUERY_INIT { .version = CLM_CREDIT_SALES_QUERY_VERSION }
/** Sets *q as CLM_CREDIT_SALES_QUERY_INIT does. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_credit_sales_query_init(clm_credit_sales_query *q);

/** A table of sales per client and period (opaque, immutable). */
typedef struct clm_credit_sales clm_credit_sales;

/**
 * Reads the stored invoices and credit notes of the periods and sums them
 * per client and period as above. Only the range is read, by ranges of
 * the store's (kind, due) index, not the whole ledger: the invoices due on
 * bounds[0] or later (an invoice is never due before it is issued, so
 * these hold every invoice issued in the periods, and those issued
 * earlier but due since, which are left out) and the credit notes dated
 * in the periods. Payments are not read.
 *
 * Errors: CLM_EINVAL (NULL; no periods; bounds not strictly ascending or
 * not valid dates: the field named; a client that is not an id or given
 * twice), CLM_EVERSION, CLM_ELIMIT (too many periods), CLM_ECURRENCY (an
 * unknown currency, or a stored invoice in another: the record named),
 * CLM_EPARSE (a record that does not decode), CLM_EOVERFLOW (a sum does
 * not fit int64: the client and period named), the store's errors,
 * CLM_ENOMEM. *out untouched on error. Changes nothing.
 */
CLM_API int clm_credit_store_sales(clm_credit_sales **out, clm_store *st,
                                   const clm_credit_sales_query *q);

/** Frees the table; NULL is a no-op. */
CLM_API void clm_credit_sales_free(clm_credit_sales *s);
/** The number of rows (clients); 0 for NULL. */
CLM_API size_t clm_credit_sales_count(const clm_credit_sales *s);
/** The number of periods; 0 for NULL. */
CLM_API size_t clm_credit_sales_periods(const clm_credit_sales *s);
/** Row i's client id (owned by the table), or NULL if i is out of range. */
CLM_API const char *clm_credit_sales_client(const clm_credit_sales *s, size_t i);
/** The amounts, row-major: client i's period p at [i * periods + p], in
 *  minor units of the query's currency. Owned by the table; NULL when it
 *  has no rows. */
CLM_API const int64_t *clm_credit_sales_amounts(const clm_credit_sales *s);

CLM_END_DECLS

#endif /* CLM_CREDIT_SALES_H */
