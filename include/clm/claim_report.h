/*
 * claim_report.h — the claims report: what was received and satisfied,
 * the amounts claimed, granted and owed in penalties, how fast and how
 * often in term claims were resolved, and whether the client stayed,
 * grouped by cause, party at fault, subject, client category, manager or
 * outcome over a period.
 *
 * Definitions (docs/rules.md "Claims"):
 *   received          claims whose day received lies in from..to;
 *   satisfied         of those, decided accepted or partly accepted;
 *   claimed, granted  sums of the amount claimed and the amount granted;
 *   penalties         the penalty each resolved claim owed on the day it
 *                     was resolved (clm_claim_penalty());
 *   resolved          claims whose client was informed (clm_claim_inform());
 *   in term           resolved on or before the resolution deadline;
 *   median_days       the lower median of days from receipt to the notice
 *                     over resolved claims (-1 if none);
 *   retained          claims whose client bought again after the day the
 *                     claim was received (from the purchases given).
 * A claim without a cause, party, category or outcome falls in the group
 * "(none)". All amounts are in one currency (the first claim's).
 *
 * Thread safety: as common.h says.
 */
#ifndef CLM_CLAIM_REPORT_H
#define CLM_CLAIM_REPORT_H

#include "common.h"
#include "calendar.h"
#include "claim.h"
#include "date.h"
#include "money.h"

CLM_BEGIN_DECLS

/** What the rows group by. */
typedef enum clm_claim_dimension {
    CLM_CLAIM_BY_CAUSE = 1,
    CLM_CLAIM_BY_PARTY,
    CLM_CLAIM_BY_SUBJECT,
    CLM_CLAIM_BY_CATEGORY,
    CLM_CLAIM_BY_MANAGER,
    CLM_CLAIM_BY_OUTCOME
} clm_claim_dimension;

/** A purchase: the client bought on that day. */
typedef struct clm_claim_purchase {
    const char *client_id;
    clm_date on;
} clm_claim_purchase;

typedef struct clm_claim_report_row {
    const char *key;          /**< the group ("(none)" if absent); owned by the report */
    int64_t received;
    int64_t satisfied;
    clm_money claimed;
    clm_money granted;
    clm_money penalties;
    int64_t resolved;
    int64_t resolved_in_term;
    int32_t median_days;
    int64_t retained;
} clm_claim_report_row;

typedef struct clm_claim_report clm_claim_report;

/**
 * Builds the report over claims[0..n) for from..to, grouped `by`.
 * `cal` gives the deadlines; `rates` (may be NULL with nrates 0) the key
 * rates for art. 395 penalties; `policy` (may be NULL) the rounding.
 * Errors: CLM_EINVAL (NULL, from > to, unknown dimension, a purchase with
 * a bad client id or date), CLM_ECURRENCY (claims in different
 * currencies), CLM_ERANGE (a deadline outside the calendar; a key rate
 * missing), CLM_EOVERFLOW, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_claim_report_new(clm_claim_report **out, const clm_claim *const *claims,
                                 size_t n, clm_date from, clm_date to, clm_claim_dimension by,
                                 const clm_claim_purchase *purchases, size_t npurchases,
                                 const clm_calendar *cal, const clm_claim_key_rate *rates,
                                 size_t nrates, const clm_claim_policy *policy);
CLM_API void clm_claim_report_free(clm_claim_report *r);

/** Number of rows (groups), in byte order of key. */
CLM_API size_t clm_claim_report_count(const clm_claim_report *r);
/** The i-th row. Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API int clm_claim_report_row_at(clm_claim_report_row *out, const clm_claim_report *r, size_t i);
/** The totals over every group (key "total"). Errors: CLM_EINVAL. */
CLM_API int clm_claim_report_total(clm_claim_report_row *out, const clm_claim_report *r);

CLM_END_DECLS

#endif /* CLM_CLAIM_REPORT_H */
