/*
 * credit_history.h — a client's payment history as an XML file: the client
 * (since when, group, own limit, the figures limits are computed from) and
 * its invoices, payments and credit notes, read into a ledger (credit.h).
 *
 *   <credit-history xmlns="urn:libclm:credit-history:1" currency="RUB">
 *     <client id="vostok" name="Vostok LLC" since="2019-03-01" group="wholesale"
 *             net-worth="52000000.00 RUB" working-capital="18000000.00 RUB"
 *             monthly-sales="4500000.00 RUB"/>
 *     <invoice id="INV-1" client="vostok" manager="ivanov" amount="1000.00 RUB"
 *              issued="2025-01-10" due="2025-02-09"/>
 *     <payment id="PAY-1" client="vostok" amount="1000.00 RUB" date="2025-02-07"
 *              invoice="INV-1"/>
 *     <payment id="CN-1" kind="credit-note" client="vostok" amount="50.00 RUB"
 *              date="2025-02-01" invoice="INV-1"/>
 *   </credit-history>
 *
 * The schema (credit-history.xsd, built in and installed) checks the
 * shape; the loader checks every value as clm_credit_ledger_add_*() do and
 * names the source, the line and the attribute at fault. Invoices and
 * payments may come in any order (payments are added after every invoice).
 * Thread safety: as common.h says.
 */
#ifndef CLM_CREDIT_HISTORY_H
#define CLM_CREDIT_HISTORY_H

#include "common.h"
#include "credit.h"
#include "credit_policy.h"
#include "xml.h"

CLM_BEGIN_DECLS

/** What the file says of the client; strings owned by the history. */
typedef struct clm_credit_client_file {
    const char *id;
    const char *name;            /**< NULL if not given */
    const char *group;           /**< NULL if not given */
    clm_date since;              /**< CLM_CREDIT_NO_DATE if not given */
    int has_limit;               /**< the client's own limit */
    int64_t limit;
    clm_credit_figures figures;  /**< net worth, working capital, monthly sales as given */
} clm_credit_client_file;

typedef struct clm_credit_history clm_credit_history;

/**
 * Reads a history from buf[0..len) (schema "credit-history"). `source`
 * names the input in errors (NULL: "<memory>"); `opts` may be NULL.
 * Errors: CLM_EINVAL (NULL), CLM_EVERSION, CLM_ELIMIT, CLM_EPARSE,
 * CLM_ESCHEMA (a value the ledger refuses: line and attribute named),
 * CLM_ECURRENCY, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_credit_history_load_xml(clm_credit_history **out, const char *buf, size_t len,
                                        const char *source, const clm_xml_options *opts);
/** As clm_credit_history_load_xml() from a file; CLM_EIO if unreadable. */
CLM_API int clm_credit_history_load_file(clm_credit_history **out, const char *path,
                                         const clm_xml_options *opts);
CLM_API void clm_credit_history_free(clm_credit_history *h);
/** The ledger (owned by h). */
CLM_API const clm_credit_ledger *clm_credit_history_ledger(const clm_credit_history *h);
/** The client element, or NULL when the file has none. */
CLM_API const clm_credit_client_file *clm_credit_history_client(const clm_credit_history *h);
/** The latest date in the file (an issue or payment date), or CLM_CREDIT_NO_DATE. */
CLM_API clm_date clm_credit_history_last_date(const clm_credit_history *h);

CLM_END_DECLS

#endif /* CLM_CREDIT_HISTORY_H */
