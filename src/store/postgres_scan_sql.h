/*
 * postgres_scan_sql.h — the SQL text of the PostgreSQL backend's filtered
 * scans and counts (postgres.c). It lives apart so that
 * tests/store_postgres_test.c asks the server for the plans of exactly the
 * statements the backend prepares. Not installed.
 */
#ifndef CLM_STORE_POSTGRES_SCAN_SQL_H
#define CLM_STORE_POSTGRES_SCAN_SQL_H

#include <stdio.h>

/* The columns every family table has, in the order rows are decoded. */
#define CLM_STORE__PG_COLS "kind, id, version, client_id, manager, state, name, category, " \
                           "due, amount, currency, body"

/* The conditions of a filter, as bits of a mask, in this order. */
#define CLM_STORE__PG_NCOND 6 /* client_id, manager, state, category, due_from, due_to */
#define CLM_STORE__PG_CLIENT_BIT 1u
#define CLM_STORE__PG_DUE_BITS (16u | 32u)

/* Rows fetched per page of a keyset scan. */
#define CLM_STORE__PG_PAGE 128

/* A due range holding at most this many records of the filter is read
 * from the due index in one statement (form DUE_NARROW); a wider one is
 * walked in id order (form SCAN). */
#define CLM_STORE__PG_DUE_MAX 2048

/*
 * The forms of a filtered statement. Parameters: $1 the kind; for SCAN $2
 * the last id of the page before ("" for the first); then one parameter
 * per condition present, in mask-bit order ($3, $4 ... for SCAN; $2, $3
 * ... for the other forms).
 *
 *  SCAN        the record columns of the next CLM_STORE__PG_PAGE records in
 *              id order after $2 (keyset pagination).
 *  COUNT       count(*).
 *  DUE_PROBE   how many records match, counted up to
 *              CLM_STORE__PG_DUE_MAX + 1 from the due index.
 *  DUE_NARROW  the record columns of every match in id order, up to
 *              CLM_STORE__PG_DUE_MAX + 1 of them, found through the due
 *              index.
 *
 * Why a due range has forms of its own. The backend prepares each
 * statement once per connection, and after five runs PostgreSQL plans a
 * prepared statement once for any parameter values (a generic plan),
 * guessing that `due <= $n` keeps a third of the rows. For SCAN's "ORDER BY
 * id LIMIT 128" that guess makes walking the primary key in id order and
 * filtering on the due date look cheapest (128 matches within the first
 * 400 rows), so a listing of the few claims due this week read every
 * claim of the table, page after page. DUE_PROBE and DUE_NARROW ask for
 * rows in due order with a LIMIT, which only the due index (kind, due)
 * gives without reading the whole kind, so the planner takes it whatever
 * it guesses, with or without statistics; DUE_NARROW then sorts the few
 * rows by id. A range wider than CLM_STORE__PG_DUE_MAX (most of the
 * kind, such as every open claim) is walked by SCAN, where reading most of
 * the kind is the cost of the answer. With a client condition the client
 * index serves (a client has few records), so the due forms are not used.
 *
 * The due index is partial (due IS NOT NULL), which `due >= $n` and `due
 * <= $n` imply (the operators are strict), so the planner accepts it.
 */
#define CLM_STORE__PG_SCAN 0
#define CLM_STORE__PG_COUNT 1
#define CLM_STORE__PG_DUE_PROBE 2
#define CLM_STORE__PG_DUE_NARROW 3
#define CLM_STORE__PG_FORMS 4

/* True when a scan with the conditions in `mask` first probes the due range. */
static inline int clm_store__pg_due_adaptive(unsigned mask)
{
    return (mask & CLM_STORE__PG_DUE_BITS) != 0 && (mask & CLM_STORE__PG_CLIENT_BIT) == 0;
}

/* The statement of `form` on table `table` (one of the backend's own
 * names, a few characters) for the conditions in `mask`; *nparams gets
 * its number of parameters. */
static inline void clm_store__pg_filter_sql(char *sql, size_t size, const char *table,
                                            unsigned mask, int form, int *nparams)
{
    static const char *const conds[CLM_STORE__PG_NCOND] = {
        "client_id =", "manager =", "state =", "category =", "due >=", "due <=",
    };
    char where[256];
    int n = form == CLM_STORE__PG_SCAN ? 2 : 1;
    size_t len = (size_t)snprintf(where, sizeof where, "kind = $1%s",
                                  form == CLM_STORE__PG_SCAN ? " AND id > $2" : "");
    for (int i = 0; i < CLM_STORE__PG_NCOND && len < sizeof where; i++) {
        if (!(mask & (1u << i)))
            continue;
        n++;
        len += (size_t)snprintf(where + len, sizeof where - len, " AND %s $%d", conds[i], n);
    }
    *nparams = n;
    switch (form) {
    case CLM_STORE__PG_COUNT:
        snprintf(sql, size, "SELECT count(*) FROM %.64s WHERE %s", table, where);
        break;
    case CLM_STORE__PG_DUE_PROBE:
        snprintf(sql, size,
                 "SELECT count(*) FROM (SELECT 1 FROM %.64s WHERE %s ORDER BY due LIMIT %d) AS p",
                 table, where, CLM_STORE__PG_DUE_MAX + 1);
        break;
    case CLM_STORE__PG_DUE_NARROW:
        snprintf(sql, size,
                 "SELECT * FROM (SELECT " CLM_STORE__PG_COLS " FROM %.64s WHERE %s "
                 "ORDER BY due LIMIT %d) AS d ORDER BY id",
                 table, where, CLM_STORE__PG_DUE_MAX + 1);
        break;
    default: /* CLM_STORE__PG_SCAN */
        if (mask & CLM_STORE__PG_CLIENT_BIT) {
            /* By client: the rows are found from the client index and
             * sorted (a client has few). Asked for "ORDER BY id LIMIT" in
             * one query, the planner walks the primary key in id order and
             * filters every record of the kind on the client, so a
             * client's scan grew with the store; OFFSET 0 keeps the search
             * apart from the order. */
            snprintf(sql, size,
                     "SELECT * FROM (SELECT " CLM_STORE__PG_COLS " FROM %.64s WHERE %s "
                     "OFFSET 0) AS c ORDER BY id LIMIT %d",
                     table, where, CLM_STORE__PG_PAGE);
        } else {
            snprintf(sql, size, "SELECT " CLM_STORE__PG_COLS " FROM %.64s WHERE %s "
                     "ORDER BY id LIMIT %d", table, where, CLM_STORE__PG_PAGE);
        }
        break;
    }
}

#endif
