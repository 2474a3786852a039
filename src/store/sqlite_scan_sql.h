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
#define CLM_STORE__SQLITE_MANAGER_BIT 2u
#define CLM_STORE__SQLITE_STATE_BIT 4u
#define CLM_STORE__SQLITE_CATEGORY_BIT 8u
#define CLM_STORE__SQLITE_DUE_BITS (16u | 32u)

#define CLM_STORE__SQLITE_SELECT_COLS \
    "id, version, client_id, manager, state, name, category, due, amount, currency, body"

/* The forms of a filtered statement. */
#define CLM_STORE__SQLITE_SCAN 0  /* the record columns in id order */
#define CLM_STORE__SQLITE_COUNT 1 /* count(*) */
#define CLM_STORE__SQLITE_WALK 2  /* as SCAN, walking the kind by its key */

/* A due range finding fewer records than this reads the due index and
 * sorts them; one finding this many walks the kind (see below). */
#define CLM_STORE__SQLITE_DUE_NARROW 2048

/*
 * The index a statement of `form` with the conditions in `mask` reads: the
 * suffix of "<table>_<suffix>", or NULL to leave the choice to SQLite
 * (which then walks the kind by its primary key).
 *
 * SQLite has no statistics on a new file (no ANALYZE has run), and then it
 * takes an equality on the primary key's first column (kind) to be as
 * selective as one on (kind, client_id) or (kind, manager), and prefers
 * the primary key because it gives id order for free: it walked every
 * record of the kind to return one client's, one manager's or those due
 * this week, so such a scan's cost grew with the store (and a count on
 * manager and due did the same).
 *
 * Each index (kind, x) of a WITHOUT ROWID table ends with the primary key
 * (kind, id), so the entries of one value of x already come in id order:
 * an equality index needs no sort. Client, manager and category (a coupon's
 * code, a key-account mark) are read from their index, in that order of
 * preference. State is not: a kind has a handful of states and one of them
 * often covers most records (every payment is "payment"), where reading
 * each record through an index costs many times the walk.
 *
 * A due range is either narrow (what is due this week) or covers most of
 * the kind; only the records tell. The backend first counts, from the due
 * index alone and at most CLM_STORE__SQLITE_DUE_NARROW of them, the
 * records in the range (clm_store__sqlite_due_probe_sql()): fewer, and the
 * scan reads the due index and sorts what it finds by id (a cost of the
 * range's size); as many, and it walks the kind (form WALK), where a sort of
 * most of the kind would cost far more than the walk. A count always reads
 * the due index (it needs no order and no record).
 *
 * The indexes are partial (x IS NOT NULL), which `x = ?`, `due >= ?` and
 * `due <= ?` imply, so SQLite accepts them.
 *
 * `table` is one of the backend's own table names (a few characters); the
 * "%.64s" bounds let the compiler see that the text fits.
 */
static inline const char *clm_store__sqlite_filter_index(unsigned mask, int form)
{
    if (mask & CLM_STORE__SQLITE_CLIENT_BIT)
        return "client";
    if (mask & CLM_STORE__SQLITE_MANAGER_BIT)
        return "manager";
    if (mask & CLM_STORE__SQLITE_CATEGORY_BIT)
        return "category";
    if ((mask & CLM_STORE__SQLITE_DUE_BITS) && form != CLM_STORE__SQLITE_WALK)
        return "due";
    return NULL;
}

/* True when a scan of `mask` asks the due probe which form to run. */
static inline int clm_store__sqlite_due_adaptive(unsigned mask)
{
    const char *i = clm_store__sqlite_filter_index(mask, CLM_STORE__SQLITE_SCAN);
    return i != NULL && strcmp(i, "due") == 0;
}

static inline void clm_store__sqlite_conds(char *sql, size_t size, unsigned mask)
{
    static const char *const conds[CLM_STORE__SQLITE_NCOND] = {
        " AND client_id = ?2", " AND manager = ?3", " AND state = ?4",
        " AND category = ?5",  " AND due >= ?6",    " AND due <= ?7",
    };
    for (int i = 0; i < CLM_STORE__SQLITE_NCOND; i++)
        if (mask & (1u << i))
            strncat(sql, conds[i], size - strlen(sql) - 1);
}

/* The statement of `form` on table `table` for the conditions in `mask`. */
static inline void clm_store__sqlite_filter_sql(char *sql, size_t size, const char *table,
                                                unsigned mask, int form)
{
    char indexed[160] = "";
    const char *index = clm_store__sqlite_filter_index(mask, form);
    if (index != NULL)
        snprintf(indexed, sizeof indexed, " INDEXED BY %.64s_%s", table, index);
    snprintf(sql, size, "SELECT %s FROM %.64s%s WHERE kind = ?1",
             form == CLM_STORE__SQLITE_COUNT ? "count(*)" : CLM_STORE__SQLITE_SELECT_COLS, table,
             indexed);
    clm_store__sqlite_conds(sql, size, mask);
    if (form != CLM_STORE__SQLITE_COUNT)
        strncat(sql, " ORDER BY id", size - strlen(sql) - 1);
}

/* The due probe: how many records of the kind are in the due range of
 * `mask`, counted from the due index alone (covering: no record is read)
 * and up to CLM_STORE__SQLITE_DUE_NARROW. Its parameters are the filter's
 * (?1 kind, ?6 due_from, ?7 due_to). */
static inline void clm_store__sqlite_due_probe_sql(char *sql, size_t size, const char *table,
                                                   unsigned mask)
{
    snprintf(sql, size,
             "SELECT count(*) FROM (SELECT 1 FROM %.64s INDEXED BY %.64s_due WHERE kind = ?1",
             table, table);
    clm_store__sqlite_conds(sql, size, mask & CLM_STORE__SQLITE_DUE_BITS);
    char tail[48];
    snprintf(tail, sizeof tail, " LIMIT %d)", CLM_STORE__SQLITE_DUE_NARROW);
    strncat(sql, tail, size - strlen(sql) - 1);
}

#endif
