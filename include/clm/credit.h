/*
 * credit.h — payment behaviour: invoices, payments and credit notes; what
 * is still open on a date; days beyond terms; a PAYDEX-style index; DSO;
 * receivables ageing; the bad-debt reserve of the Tax Code art. 266; the
 * receivables-to-turnover ratio and the due list of a manager.
 * The rules and their sources are in docs/rules.md, "Credit reliability",
 * "Payment behaviour and limits".
 *
 * The ledger
 * ----------
 * A clm_credit_ledger holds invoices, payments and credit notes of one
 * currency (any number of clients). Payments and credit notes name the
 * invoice they settle, or none (unallocated: money the client has paid, not
 * yet applied). Nothing is computed when they are added.
 *
 * Positions (what is open on a date)
 * ----------------------------------
 * clm_credit_positions_new() settles every invoice issued on or before
 * `as_of` with the payments and credit notes dated on or before it that
 * name it, in order of date, then credit notes before payments, then id.
 * Each one reduces the invoice's open balance; the part that finds nothing
 * left to settle (an overpayment) becomes the client's unapplied credit, as
 * does every unallocated payment or credit note. An invoice is settled on
 * the date its open balance reaches zero.
 *
 * Days beyond terms: each payment applied to an invoice is a slice weighted
 * by the amount applied, with days = payment date - due date (negative:
 * paid early); an open balance past its due date on `as_of` is a slice
 * with days = as_of - due date. Credit notes are not payment experiences
 * (they change what is owed, not how it is paid). An invoice with at least
 * one slice is one payment experience; its days beyond terms is the
 * amount-weighted average of its slices.
 *
 * Money is int64 minor units of the ledger's currency, exact: open =
 * amount - credited - paid for every position, and the sum of what every
 * payment and credit note brought equals what was applied plus the
 * unapplied credit, to the minor unit.
 *
 * Thread safety: as common.h says. The pure functions over position arrays
 * are thread-safe.
 */
#ifndef CLM_CREDIT_H
#define CLM_CREDIT_H

#include "common.h"
#include "date.h"
#include "money.h"
#include "rate.h"

CLM_BEGIN_DECLS

/** A date that is not set (outside every valid date). */
#define CLM_CREDIT_NO_DATE INT32_MIN

/* ---- the ledger ---------------------------------------------------------- */

/** An invoice: borrowed for the call (the ledger copies it). */
typedef struct clm_credit_invoice {
    unsigned int version;    /**< CLM_CREDIT_INVOICE_VERSION */
    const char *id;          /**< unique among the ledger's invoices (id text) */
    const char *client_id;   /**< id text */
    const char *manager;     /**< the responsible manager (id text), or NULL */
    clm_money amount;        /**< > 0, the ledger's currency */
    clm_date issued;
    clm_date due;            /**< >= issued */
} clm_credit_invoice;

#define CLM_CREDIT_INVOICE_VERSION 1
#define CLM_CREDIT_INVOICE_INIT { .version = CLM_CREDIT_INVOICE_VERSION }
/** Sets *inv as CLM_CREDIT_INVOICE_INIT does. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_credit_invoice_init(clm_credit_invoice *inv);

/** What a payment record is. Values are stable. */
typedef enum clm_credit_payment_kind {
    CLM_CREDIT_PAYMENT     = 1,  /**< money received. "payment" */
    CLM_CREDIT_CREDIT_NOTE = 2   /**< an amount the seller forgoes (a return,
                                      a price correction). "credit-note" */
} clm_credit_payment_kind;

/** "payment", "credit-note"; NULL for another value. Static; thread-safe. */
CLM_API const char *clm_credit_payment_kind_name(clm_credit_payment_kind k);
/** The kind named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND (no
 *  such name: the message lists the names). *out untouched on error.
 *  Thread-safe. */
CLM_API int clm_credit_payment_kind_from_name(clm_credit_payment_kind *out, const char *name);

/** A payment or a credit note: borrowed for the call. */
typedef struct clm_credit_payment {
    unsigned int version;          /**< CLM_CREDIT_PAYMENT_VERSION */
    const char *id;                /**< unique among the ledger's payments and notes */
    const char *client_id;
    clm_credit_payment_kind kind;
    clm_money amount;              /**< > 0, the ledger's currency */
    clm_date date;
    const char *invoice_id;        /**< the invoice it settles, or NULL (unallocated) */
} clm_credit_payment;

#define CLM_CREDIT_PAYMENT_VERSION 1
#define CLM_CREDIT_PAYMENT_INIT \
    { .version = CLM_CREDIT_PAYMENT_VERSION, .kind = CLM_CREDIT_PAYMENT }
/** Sets *p as CLM_CREDIT_PAYMENT_INIT does. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_credit_payment_init(clm_credit_payment *p);

typedef struct clm_credit_ledger clm_credit_ledger;

/** An empty ledger in `currency` (a known ISO 4217 code).
 *  Errors: CLM_EINVAL (NULL), CLM_ECURRENCY, CLM_ENOMEM. *out untouched on error. */
CLM_API int clm_credit_ledger_new(clm_credit_ledger **out, const char *currency);
/** Frees a ledger; NULL is a no-op. */
CLM_API void clm_credit_ledger_free(clm_credit_ledger *l);
/** The ledger's currency ("RUB"); NULL for NULL. */
CLM_API const char *clm_credit_ledger_currency(const clm_credit_ledger *l);
/** How many invoices, and payments plus credit notes, it holds (0 for NULL). */
CLM_API size_t clm_credit_ledger_invoice_count(const clm_credit_ledger *l);
CLM_API size_t clm_credit_ledger_payment_count(const clm_credit_ledger *l);

/**
 * Adds an invoice (copied).
 * Errors: CLM_EINVAL (NULL; bad id, client or manager text: the field is
 * named; amount <= 0; due before issued), CLM_EVERSION, CLM_ECURRENCY (not
 * the ledger's currency), CLM_ERANGE (an invalid date), CLM_EEXISTS (the id
 * is taken), CLM_ENOMEM. The ledger is unchanged on error.
 */
CLM_API int clm_credit_ledger_add_invoice(clm_credit_ledger *l, const clm_credit_invoice *inv);

/**
 * Adds a payment or credit note (copied). A named invoice must be in the
 * ledger already and belong to the same client.
 * Errors: CLM_EINVAL (NULL, bad text, amount <= 0, unknown kind, the
 * invoice belongs to another client), CLM_EVERSION, CLM_ECURRENCY,
 * CLM_ERANGE (invalid date), CLM_EEXISTS (id taken), CLM_ENOTFOUND (no
 * such invoice), CLM_ENOMEM. The ledger is unchanged on error.
 */
CLM_API int clm_credit_ledger_add_payment(clm_credit_ledger *l, const clm_credit_payment *p);

/* ---- positions ------------------------------------------------------------ */

/** One invoice as it stands on a date. Its strings belong to the ledger it
 *  was computed from (valid while the ledger lives). Amounts in minor units
 *  of the ledger's currency. */
typedef struct clm_credit_position {
    const char *invoice_id;
    const char *client_id;
    const char *manager;      /**< NULL if the invoice has none */
    clm_date issued;
    clm_date due;
    int64_t amount;           /**< invoiced */
    int64_t credited;         /**< credit notes applied */
    int64_t paid;             /**< payments applied */
    int64_t open;             /**< amount - credited - paid, >= 0 */
    clm_date settled;         /**< the day open reached 0; CLM_CREDIT_NO_DATE while open */
    /** 1 if the invoice is a payment experience (see above); then
     *  days_beyond and experience_weight are set, else both are 0. */
    int has_experience;
    double days_beyond;       /**< amount-weighted days beyond terms (< 0: early) */
    int64_t experience_weight;/**< the amount its slices weigh: paid + overdue open */
} clm_credit_position;

typedef struct clm_credit_positions clm_credit_positions;

/**
 * The positions of the invoices of `client_id` (NULL: of every client)
 * issued on or before `as_of`, in the order the invoices were added, with
 * the unapplied credit of the same clients (see "Positions" above).
 * Errors: CLM_EINVAL (NULL out or ledger), CLM_ERANGE (invalid as_of),
 * CLM_EOVERFLOW (a sum does not fit int64), CLM_ENOMEM. *out untouched on
 * error; the ledger is never changed.
 */
CLM_API int clm_credit_positions_new(clm_credit_positions **out, const clm_credit_ledger *l,
                                     const char *client_id, clm_date as_of);
CLM_API void clm_credit_positions_free(clm_credit_positions *p);
/** The number of positions, the array of them (NULL when there are none)
 *  and the i-th (NULL if out of range). Owned by `p`. */
CLM_API size_t clm_credit_positions_count(const clm_credit_positions *p);
CLM_API const clm_credit_position *clm_credit_positions_array(const clm_credit_positions *p);
CLM_API const clm_credit_position *clm_credit_positions_at(const clm_credit_positions *p, size_t i);
/** The date the positions are computed on. */
CLM_API clm_date clm_credit_positions_as_of(const clm_credit_positions *p);
/** Unallocated payments and credit notes plus overpayments, minor units (>= 0). */
CLM_API int64_t clm_credit_positions_unapplied(const clm_credit_positions *p);
/** Sum of the positions' open balances, minor units. */
CLM_API int64_t clm_credit_positions_open(const clm_credit_positions *p);
/** The currency ("RUB"). */
CLM_API const char *clm_credit_positions_currency(const clm_credit_positions *p);

/* ---- the payment index (PAYDEX-style) -------------------------------------- */

/**
 * The index (0-100) of one payment experience `days` beyond terms, from the
 * Dun & Bradstreet PAYDEX key: 100 = anticipates (30 days early or
 * earlier), 80 = prompt (on the due date), 70 = 15 days beyond, 60 = 22,
 * 50 = 30, 40 = 60, 30 = 90, 20 = 120. Between two points the index is
 * linear in the days (so the key's "90 = discounts" falls on 15 days
 * early); beyond 120 days the 90-120 slope continues (10 points per 30
 * days) down to 0 at 180 days and after. Thread-safe; NaN gives NaN.
 */
CLM_API double clm_credit_paydex_of_days(double days);

/** A payment index over a set of positions. */
typedef struct clm_credit_paydex {
    int available;            /**< 1 if at least min_experiences experiences */
    size_t experiences;       /**< positions with has_experience */
    int64_t weight;           /**< sum of their experience_weight */
    double days_beyond;       /**< amount-weighted average days beyond terms */
    double index;             /**< amount-weighted average of the experiences'
                                   indices; 0 when not available */
    int index_rounded;        /**< index rounded half-up to an integer; 0 when
                                   not available */
} clm_credit_paydex;

typedef struct clm_credit_paydex_options {
    unsigned int version;       /**< CLM_CREDIT_PAYDEX_OPTIONS_VERSION */
    size_t min_experiences;     /**< default 3 (the D&B minimum); >= 1 */
} clm_credit_paydex_options;

#define CLM_CREDIT_PAYDEX_OPTIONS_VERSION 1
#define CLM_CREDIT_PAYDEX_OPTIONS_INIT \
    { .version = CLM_CREDIT_PAYDEX_OPTIONS_VERSION, .min_experiences = 3 }
CLM_API int clm_credit_paydex_options_init(clm_credit_paydex_options *o);

/**
 * The index of positions[0..n): each experience's index
 * (clm_credit_paydex_of_days of its days_beyond) weighted by its
 * experience_weight. With fewer than min_experiences experiences, or zero
 * weight, available is 0 ("unavailable"): not an error. `opts` may be NULL.
 * Errors: CLM_EINVAL (NULL out; NULL positions with n > 0; a negative
 * weight; min_experiences 0), CLM_EVERSION, CLM_EOVERFLOW. *out untouched
 * on error. Thread-safe.
 */
CLM_API int clm_credit_paydex_compute(clm_credit_paydex *out, const clm_credit_position *positions,
                                      size_t n, const clm_credit_paydex_options *opts);

/* ---- ageing --------------------------------------------------------------- */

/** The most buckets an ageing table has (CLM_CREDIT_BUCKETS_MAX limits + 1). */
#define CLM_CREDIT_BUCKETS_MAX 15

/**
 * Ageing buckets by days past due (as_of - due): `limit[0] < limit[1] < ...`
 * are the inclusive upper ends; bucket 0 is everything up to limit[0],
 * bucket i covers limit[i-1] + 1 .. limit[i], and a last bucket holds what
 * is beyond limit[count-1]. The default {0, 30, 60, 90} gives current (not
 * yet past due), 1-30, 31-60, 61-90 and over 90.
 */
typedef struct clm_credit_buckets {
    unsigned int version;                     /**< CLM_CREDIT_BUCKETS_VERSION */
    size_t count;                             /**< 1..CLM_CREDIT_BUCKETS_MAX */
    int32_t limit[CLM_CREDIT_BUCKETS_MAX];
} clm_credit_buckets;

#define CLM_CREDIT_BUCKETS_VERSION 1
#define CLM_CREDIT_BUCKETS_INIT \
    { .version = CLM_CREDIT_BUCKETS_VERSION, .count = 4, .limit = { 0, 30, 60, 90 } }
CLM_API int clm_credit_buckets_init(clm_credit_buckets *b);

/** One line of an ageing table. */
typedef struct clm_credit_bucket {
    int32_t from_days;    /**< INT32_MIN for the first bucket */
    int32_t to_days;      /**< INT32_MAX for the last bucket */
    int64_t amount;       /**< open balance, minor units */
    size_t invoices;      /**< positions with an open balance in it */
} clm_credit_bucket;

typedef struct clm_credit_ageing {
    size_t count;                                        /**< buckets used */
    clm_credit_bucket bucket[CLM_CREDIT_BUCKETS_MAX + 1];
    int64_t total;                                       /**< sum of the buckets */
} clm_credit_ageing;

/**
 * The open balances of positions[0..n) by days past due on `as_of`
 * (normally the positions' own date). `buckets` may be NULL (the default).
 * Errors: CLM_EINVAL (NULL out; NULL positions with n > 0; a count out of
 * range, limits not increasing: the message names the index), CLM_EVERSION,
 * CLM_ERANGE (as_of), CLM_EOVERFLOW. *out untouched on error. Thread-safe.
 */
CLM_API int clm_credit_ageing_compute(clm_credit_ageing *out, const clm_credit_position *positions,
                                      size_t n, clm_date as_of, const clm_credit_buckets *buckets);

/* ---- DSO ------------------------------------------------------------------ */

typedef struct clm_credit_dso {
    int64_t receivables;  /**< open balances of the positions, minor units */
    int64_t sales;        /**< amount - credited of the invoices issued in the period */
    int32_t days;         /**< to - from + 1 */
    int defined;          /**< 0 when sales is 0 (dso is then 0) */
    double dso;           /**< receivables / sales x days */
} clm_credit_dso;

/**
 * Days sales outstanding over [from, to] (both included) for positions
 * computed as of `to`: receivables / credit sales x days in the period.
 * Errors: CLM_EINVAL (NULL), CLM_ERANGE (invalid dates, from > to),
 * CLM_EOVERFLOW. *out untouched on error. Thread-safe.
 */
CLM_API int clm_credit_dso_compute(clm_credit_dso *out, const clm_credit_position *positions,
                                   size_t n, clm_date from, clm_date to);

/* ---- the bad-debt reserve (Tax Code art. 266) ------------------------------ */

typedef struct clm_credit_reserve_options {
    unsigned int version;        /**< CLM_CREDIT_RESERVE_OPTIONS_VERSION */
    /** Revenue of the current reporting period and of the previous tax
     *  period, minor units (>= 0): the reserve is capped at 10 % of the
     *  larger (art. 266 p. 4). */
    int64_t revenue_current;
    int64_t revenue_previous;
    /** How the 50 % share of the 45-90 days group rounds (default
     *  half-up). The cap always rounds down: it may never exceed 10 %. */
    clm_rounding rounding;
} clm_credit_reserve_options;

#define CLM_CREDIT_RESERVE_OPTIONS_VERSION 1
#define CLM_CREDIT_RESERVE_OPTIONS_INIT \
    { .version = CLM_CREDIT_RESERVE_OPTIONS_VERSION, .rounding = CLM_ROUND_HALF_UP }
CLM_API int clm_credit_reserve_options_init(clm_credit_reserve_options *o);

typedef struct clm_credit_reserve {
    int64_t over_90;     /**< open debt more than 90 days past due: counts 100 % */
    int64_t from_45;     /**< 45 to 90 days past due, both included: counts 50 % */
    int64_t under_45;    /**< 1 to 44 days past due: does not count */
    int64_t uncapped;    /**< over_90 + 50 % of from_45 */
    int64_t cap;         /**< 10 % of max(revenue_current, revenue_previous), rounded down */
    int64_t reserve;     /**< min(uncapped, cap) */
    int capped;          /**< 1 if the cap cut the reserve */
} clm_credit_reserve;

/**
 * The reserve for doubtful debts on `as_of` (Tax Code of the Russian
 * Federation, part II, art. 266 p. 4): debt more than 90 calendar days past
 * due enters in full, 45 to 90 days (inclusive) at 50 %, under 45 days not
 * at all; the reserve may not exceed 10 % of the revenue of the previous
 * tax period or of the current reporting period, whichever is larger.
 * Days past due = as_of - due. Unapplied credits are not netted: allocate
 * them first. `opts` may not be NULL (revenue has no default).
 * Errors: CLM_EINVAL (NULL, negative revenue, unknown rounding),
 * CLM_EVERSION, CLM_ERANGE (as_of), CLM_EOVERFLOW. *out untouched on error.
 * Thread-safe.
 */
CLM_API int clm_credit_reserve_compute(clm_credit_reserve *out,
                                       const clm_credit_position *positions, size_t n,
                                       clm_date as_of, const clm_credit_reserve_options *opts);

/* ---- the reconciliation statement (act of mutual settlements) ------------- */

/** What a line of a reconciliation statement is. Values are stable. */
typedef enum clm_credit_entry_kind {
    CLM_CREDIT_ENTRY_INVOICE     = 1,  /**< "invoice" (a debit) */
    CLM_CREDIT_ENTRY_CREDIT_NOTE = 2,  /**< "credit-note" (a credit) */
    CLM_CREDIT_ENTRY_PAYMENT     = 3   /**< "payment" (a credit) */
} clm_credit_entry_kind;

/** "invoice", "credit-note", "payment"; NULL for another value. */
CLM_API const char *clm_credit_entry_kind_name(clm_credit_entry_kind k);

/** A line: strings owned by the ledger the statement was made from. */
typedef struct clm_credit_reconciliation_line {
    clm_date date;                /**< issue date of an invoice, date of a payment or note */
    clm_credit_entry_kind kind;
    const char *id;
    const char *invoice_id;       /**< the invoice a payment or note names, or NULL */
    int64_t debit;                /**< an invoice's amount, else 0 */
    int64_t credit;               /**< a payment's or note's amount, else 0 */
    int64_t balance;              /**< after this line; > 0: the client owes */
} clm_credit_reconciliation_line;

typedef struct clm_credit_reconciliation clm_credit_reconciliation;

/**
 * The reconciliation statement of `client_id` for [from, to] (both
 * included): the opening balance (every invoice before `from` less every
 * payment and credit note before it, allocated or not), every invoice,
 * credit note and payment of the period in date order (on one day:
 * invoices, then credit notes, then payments; then by id), and the closing
 * balance = opening + debits - credits, exact to the minor unit.
 * Errors: CLM_EINVAL (NULL), CLM_ERANGE (invalid dates, from > to),
 * CLM_EOVERFLOW, CLM_ENOMEM. *out untouched on error. The statement points
 * into the ledger: free it before the ledger.
 */
CLM_API int clm_credit_reconciliation_new(clm_credit_reconciliation **out, const clm_credit_ledger *l,
                                     const char *client_id, clm_date from, clm_date to);
CLM_API void clm_credit_reconciliation_free(clm_credit_reconciliation *s);
CLM_API size_t clm_credit_reconciliation_count(const clm_credit_reconciliation *s);
CLM_API const clm_credit_reconciliation_line *clm_credit_reconciliation_at(const clm_credit_reconciliation *s,
                                                                 size_t i);
/** Opening and closing balances, total debits and credits (0 for NULL). */
CLM_API int64_t clm_credit_reconciliation_opening(const clm_credit_reconciliation *s);
CLM_API int64_t clm_credit_reconciliation_closing(const clm_credit_reconciliation *s);
CLM_API int64_t clm_credit_reconciliation_debits(const clm_credit_reconciliation *s);
CLM_API int64_t clm_credit_reconciliation_credits(const clm_credit_reconciliation *s);

/**
 * The statement as XML (schema "credit-reconciliation", namespace
 * urn:libclm:credit-reconciliation:1, built into the library and installed).
 * *out (NUL-terminated, *len bytes) is freed with clm_free().
 * Errors: CLM_EINVAL, CLM_ENOMEM. Outputs untouched on error.
 */
CLM_API int clm_credit_reconciliation_save_xml(char **out, size_t *len, const clm_credit_reconciliation *s);

/* ---- the due list and the receivables-to-turnover ratio --------------------- */

/** One overdue debt. Strings owned by the ledger. */
typedef struct clm_credit_due_item {
    const char *manager;     /**< NULL: no manager */
    const char *client_id;
    const char *invoice_id;
    int64_t open;            /**< how much is overdue */
    clm_date due;
    clm_date since;          /**< the first day overdue (due + 1) */
    int32_t days_overdue;    /**< as_of - due, >= 1 */
} clm_credit_due_item;

typedef struct clm_credit_due_list clm_credit_due_list;

/**
 * What is overdue on the positions' date (clm_credit_positions_as_of()),
 * for `manager` (NULL: every manager), ordered by manager (none first),
 * then most days overdue first, then client and invoice id: the list a
 * manager works with debtors from.
 * Errors: CLM_EINVAL (NULL), CLM_ENOMEM. *out untouched on error. The list
 * points into the ledger behind `p`.
 */
CLM_API int clm_credit_due_list_new(clm_credit_due_list **out, const clm_credit_positions *p,
                                    const char *manager);
CLM_API void clm_credit_due_list_free(clm_credit_due_list *d);
CLM_API size_t clm_credit_due_list_count(const clm_credit_due_list *d);
CLM_API const clm_credit_due_item *clm_credit_due_list_at(const clm_credit_due_list *d, size_t i);
/** Sum of the items' open amounts. */
CLM_API int64_t clm_credit_due_list_total(const clm_credit_due_list *d);

/** How receivables are grouped for the ratio. */
typedef enum clm_credit_grouping {
    CLM_CREDIT_BY_CLIENT  = 1,
    CLM_CREDIT_BY_MANAGER = 2
} clm_credit_grouping;

/** One group's receivables against its turnover. */
typedef struct clm_credit_ratio {
    const char *key;         /**< client id or manager; NULL: invoices with no manager */
    int64_t receivables;     /**< open on the positions' date */
    int64_t turnover;        /**< invoiced less credited, issued in the period */
    int defined;             /**< 0 when the turnover is 0 */
    clm_rate ratio;          /**< receivables / turnover in ppm, half-up */
    int over_norm;           /**< ratio > norm (or receivables without turnover) */
} clm_credit_ratio;

typedef struct clm_credit_ratios clm_credit_ratios;

/**
 * The receivables-to-turnover ratio per client or per manager over the
 * period [from, to], against `norm` (>= 0; a ratio above it is flagged).
 * Groups in byte order of key (no manager first).
 * Errors: CLM_EINVAL (NULL, unknown grouping, negative norm), CLM_ERANGE
 * (dates), CLM_EOVERFLOW, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_credit_ratios_new(clm_credit_ratios **out, const clm_credit_positions *p,
                                  clm_credit_grouping by, clm_date from, clm_date to,
                                  clm_rate norm);
CLM_API void clm_credit_ratios_free(clm_credit_ratios *r);
CLM_API size_t clm_credit_ratios_count(const clm_credit_ratios *r);
CLM_API const clm_credit_ratio *clm_credit_ratios_at(const clm_credit_ratios *r, size_t i);

CLM_END_DECLS

#endif /* CLM_CREDIT_H */
