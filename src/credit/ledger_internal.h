/*
 * ledger_internal.h — the ledger's insides, shared by the payment-behaviour
 * files of src/credit/ (ledger.c, positions.c, reconciliation.c). Not
 * installed.
 */
#ifndef CLM_CREDIT_LEDGER_INTERNAL_H
#define CLM_CREDIT_LEDGER_INTERNAL_H

#include "clm/credit.h"
#include "core/core.h"

#define CLM_CREDIT__NONE SIZE_MAX

typedef struct clm_credit__invoice {
    char *id;
    char *client;
    char *manager;           /* NULL if none */
    int64_t amount;
    clm_date issued;
    clm_date due;
} clm_credit__invoice;

typedef struct clm_credit__payment {
    char *id;
    char *client;
    clm_credit_payment_kind kind;
    int64_t amount;
    clm_date date;
    size_t invoice;          /* index into invoices, or CLM_CREDIT__NONE */
} clm_credit__payment;

/* An open-addressing id index: slots hold index + 1, 0 = empty. */
typedef struct clm_credit__index {
    size_t *slot;
    size_t cap;              /* a power of two, or 0 */
} clm_credit__index;

struct clm_credit_ledger {
    char currency[4];
    clm_credit__invoice *inv;
    size_t ninv, capinv;
    clm_credit__payment *pay;
    size_t npay, cappay;
    clm_credit__index inv_index;
    clm_credit__index pay_index;
};

/* The invoice with that id, or CLM_CREDIT__NONE. */
size_t clm_credit__find_invoice(const clm_credit_ledger *l, const char *id);

/* Checks a date argument: CLM_ERANGE naming `field` if invalid. */
int clm_credit__check_date(clm_date d, const char *field, const char *what);

/* The checks of clm_credit_ledger_add_invoice() / _add_payment() that need
 * no ledger (the named invoice's existence aside), against `currency`. */
int clm_credit__check_invoice(const clm_credit_invoice *inv, const char *currency);
int clm_credit__check_payment(const clm_credit_payment *p, const char *currency);

struct clm_store;

/* The ledger for sales (store.c): the stored invoices due on `from` or
 * later (so every one issued from `from` on, and a few issued before) and
 * the credit notes dated from..to, read by ranges of the store's (kind,
 * due) index, not the whole ledger; a credit note's invoice reference is
 * left out. Errors as clm_credit_store_load_ledger(). */
int clm_credit__store_load_sales(clm_credit_ledger **out, struct clm_store *st, const char *currency,
                                 clm_date from, clm_date to);

#endif
