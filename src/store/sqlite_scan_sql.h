/*
 * sqlite_scan_sql.h — the SQL text of the SQLite backend's filtered scans
 * and counts (sqlite.c). It lives apart so that
 * tests/store_sqlite_plan_test.c asks SQLite for the query plan of exactly
 * the statements the backend prepares. Not installed.
 */
#ifndef CLM_STORE_SQLITE_SCAN_SQL_H
#define CLM_STORE_SQLITE_SCAN_SQL_H

#include <stdio.h>
#include <string.h>

/* The conditions of a filter, as bits of a mask, in this order; their
 * parameters keep fixed numbers (?1 kind, ?2 client_id ... ?7 due_to). */
#define CLM_STORE__SQLITE_NCOND 6 /* client_id, manager, state, category, due_from, due_to */
#define CLM_STORE__SQLITE_CLIENT_BIT 1u
#define CLM_STORE__SQLITE_DUE_BITS (1u << 4 | 1u << 5) /* due_from, due_to */

#define CLM_STORE__SQLITE_SELECT_COLS \
    "id, version, client_id, manager, state, name, category, due, amount, currency, body"

/*
 * The scan (counting == 0: the record columns in id order) or the count of
 * table `table` for the conditions in `mask`.
 *
 * A condition on the client names the client index. SQLite has no
 * statistics on a new file (no ANALYZE has run), and then it takes an
 * equality on the primary key's first column (kind) to be as selective as
 * one on (kind, client_id), and prefers the primary key because it gives
 * id order for free: it walked every record of the kind (every client's
 * invoices) to return one client's, so a client's scan cost grew with the
 * store. The index (kind, client_id) of a WITHOUT ROWID table ends with the
 * primary key (kind, id), so one client's entries already come in id
 * order: no sort is added. The index is partial (client_id IS NOT NULL),
 * which `client_id = ?2` implies, so SQLite accepts it.
 *
 * A due-date range without a client names the due index for the same
 * reason: left to itself SQLite walked every record of the kind in id
 * order and tested each one's due date, so the claims due on a day cost
 * as much as reading every claim. The range's records are then sorted
 * into id order (a temporary b-tree over the range only). The index is
 * partial (due IS NOT NULL), which a comparison on due implies.
 *
 * `table` is one of the backend's own table names (a few characters); the
 * "%.64s" bound lets the compiler see that the text fits in 1024 bytes.
 */
static inline void clm_store__sqlite_filter_sql(char *sql, size_t size, const char *table,
                                                unsigned mask, int counting)
{
    static const char *const conds[CLM_STORE__SQLITE_NCOND] = {
        " AND client_id = ?2", " AND manager = ?3", " AND state = ?4",
        " AND category = ?5",  " AND due >= ?6",    " AND due <= ?7",
    };
    char indexed[160] = "";
    if (mask & CLM_STORE__SQLITE_CLIENT_BIT)
        snprintf(indexed, sizeof indexed, " INDEXED BY %.64s_client", table);
    else if (mask & CLM_STORE__SQLITE_DUE_BITS)
        snprintf(indexed, sizeof indexed, " INDEXED BY %.64s_due", table);
    snprintf(sql, size, "SELECT %s FROM %.64s%s WHERE kind = ?1",
             counting ? "count(*)" : CLM_STORE__SQLITE_SELECT_COLS, table, indexed);
    for (int i = 0; i < CLM_STORE__SQLITE_NCOND; i++)
        if (mask & (1u << i))
            strncat(sql, conds[i], size - strlen(sql) - 1);
    if (!counting)
        strncat(sql, " ORDER BY id", size - strlen(sql) - 1);
}

#endif
