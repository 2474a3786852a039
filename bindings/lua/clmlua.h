/*
 * clmlua.h — what the files of the Lua module share: errors as nil,
 * message, code; boxes (one metatable per type, idempotent __gc); the
 * conversions (money as "1234.50 RUB" strings, dates as "YYYY-MM-DD",
 * actors as {user=, role=, at=}); and each part's opening function, which
 * adds its functions to the module table on the top of the stack.
 */
#ifndef CLMLUA_H
#define CLMLUA_H

#include <lauxlib.h>
#include <lua.h>

#include <clm/clm.h>

#define MT_CALENDAR "clm.calendar"
#define MT_STORE "clm.store"
#define MT_CLIENT "clm.client"
#define MT_POLICY "clm.discount_policy"
#define MT_ENGINE "clm.discount_engine"
#define MT_ORDER "clm.discount_order"
#define MT_CLAIM "clm.claim"
#define MT_PRICE_SET "clm.price_set"
#define MT_PRICE_BOOK "clm.price_book"
#define MT_CREDIT_POLICY "clm.credit_policy"

/* nil, message, code: libclm's last error for rc (3 results). */
int fail(lua_State *L, int rc);
#define TRY(expr) do { int rc_ = (expr); if (rc_ < 0) return fail(L, rc_); } while (0)

typedef struct box {
    void *ptr;
    void (*destroy)(void *);
} box;

/* A userdata of metatable `mt` owning ptr (one user value: a parent kept alive). */
box *box_new(lua_State *L, void *ptr, void (*destroy)(void *), const char *mt);
/* The pointer of a live box at idx; a Lua error after close(). */
void *box_get(lua_State *L, int idx, const char *mt);
int box_gc(lua_State *L);
/* Registers metatable `name` with its methods, close, __gc and __close. */
void new_type(lua_State *L, const char *name, const luaL_Reg *methods);

/* Conversions: check_* return libclm's code (0 or negative). */
int check_date(lua_State *L, int idx, clm_date *out);
void push_date(lua_State *L, clm_date d);
int check_money(lua_State *L, int idx, clm_money *out);
/* Minor units of the money string at idx, which must be in `currency`
 * (CLM_ECURRENCY, with the error set); nil or none gives `dflt`. */
int check_minor(lua_State *L, int idx, const char *currency, int64_t dflt, int64_t *out);
void push_money(lua_State *L, const clm_money *m);
void push_minor(lua_State *L, int64_t minor, const char *cur);
void push_rate(lua_State *L, clm_rate r);
int check_rounding(lua_State *L, int idx, clm_rounding *out);
void check_actor(lua_State *L, int idx, clm_actor *a);
/* Fields of the table on the top of the stack (nothing for NULL / `none`). */
void set_str(lua_State *L, const char *k, const char *v);
void set_int(lua_State *L, const char *k, lua_Integer v);
void set_date_unless(lua_State *L, const char *k, clm_date d, clm_date none);
void set_minor(lua_State *L, const char *k, int64_t minor, const char *cur);
/* A string field of the table at idx, or NULL (the table keeps it alive). */
const char *opt_field(lua_State *L, int idx, const char *k);

/* Discount results as tables (clm.c): a line's figures, the totals, one
 * trace entry (`p`, may be NULL, names the rule ids). */
void push_line_result(lua_State *L, const clm_discount_line_result *l, const char *cur);
void push_totals(lua_State *L, const clm_discount_totals *t, const char *cur);
void push_trace_entry(lua_State *L, const clm_discount_trace_entry *e,
                      const clm_discount_policy *p, const char *cur);

/* A credit check as a table (credit.c): decision, reasons, amounts. */
void push_credit_check(lua_State *L, const clm_credit_check *c, const char *cur);

/* The parts (credit.c, segment.c, category.c, contact.c). */
void clmlua_open_credit(lua_State *L);
void clmlua_open_segment(lua_State *L);
void clmlua_open_category(lua_State *L);
void clmlua_open_contact(lua_State *L);
void clmlua_open_offer(lua_State *L);
void clmlua_open_lang(lua_State *L);

#endif /* CLMLUA_H */
