/*
 * clm.c — libclm for Lua 5.4: luaopen_clm.
 *
 * A thin binding: every figure comes from libclm. Money is a string
 * "1234.50 RUB" (or an integer of minor units with its currency, through
 * money_minor / money_from_minor), never a Lua float; dates are
 * "YYYY-MM-DD" strings; enumerations are libclm's names ("half-up",
 * "invoice", "interested"). A failed call returns nil, the message and the
 * error code (a negative integer; clm.errors maps names to codes); misuse
 * of the Lua API itself (a wrong argument type) raises a Lua error.
 *
 * One metatable per type (calendar, store, client, discount policy,
 * engine, order, claim; credit.c and category.c add theirs), each with an
 * idempotent __gc and a close() method; an engine keeps its policy alive
 * through its user value. The glue the parts share is declared in clmlua.h.
 */
#include "clmlua.h"

#include <lualib.h>

#include <stdlib.h>
#include <string.h>

/* The one exported symbol (the module is built with hidden visibility). */
__attribute__((visibility("default"))) int luaopen_clm(lua_State *L);

/* ---- errors -------------------------------------------------------------- */

/* nil, message, code: libclm's last error for rc. */
int fail(lua_State *L, int rc)
{
    const clm_error *e = clm_error_last();
    lua_pushnil(L);
    if (e && e->code == rc && e->message) {
        /* the place once: some messages start with it already */
        if (e->source && e->line && strncmp(e->message, e->source, strlen(e->source)) != 0)
            lua_pushfstring(L, "%s:%d: %s", e->source, e->line, e->message);
        else
            lua_pushstring(L, e->message);
    } else {
        lua_pushstring(L, clm_strerror(rc));
    }
    lua_pushinteger(L, rc);
    return 3;
}


/* ---- boxes --------------------------------------------------------------- */

box *box_new(lua_State *L, void *ptr, void (*destroy)(void *), const char *mt)
{
    box *b = lua_newuserdatauv(L, sizeof *b, 1);
    b->ptr = ptr;
    b->destroy = destroy;
    luaL_setmetatable(L, mt);
    return b;
}

void *box_get(lua_State *L, int idx, const char *mt)
{
    box *b = luaL_checkudata(L, idx, mt);
    if (!b->ptr)
        luaL_error(L, "%s: used after close()", mt);
    return b->ptr;
}

int box_gc(lua_State *L)
{
    box *b = lua_touserdata(L, 1);
    if (b && b->ptr) {
        void *p = b->ptr;
        b->ptr = NULL;   /* idempotent: close() then __gc frees once */
        b->destroy(p);
    }
    return 0;
}

static void cal_destroy(void *p) { clm_calendar_free(p); }
static void store_destroy(void *p) { clm_store_free(p); }
static void client_destroy(void *p) { clm_client_free(p); }
static void policy_destroy(void *p) { clm_discount_policy_free(p); }
static void engine_destroy(void *p) { clm_discount_engine_free(p); }
static void order_destroy(void *p) { clm_discount_order_free(p); }
static void claim_destroy(void *p) { clm_claim_free(p); }

/* ---- conversions --------------------------------------------------------- */

int check_date(lua_State *L, int idx, clm_date *out)
{
    return clm_date_parse(out, luaL_checkstring(L, idx));
}

void push_date(lua_State *L, clm_date d)
{
    char buf[CLM_DATE_FORMAT_MAX];
    if (clm_date_format(buf, sizeof buf, d) < 0)
        lua_pushnil(L);
    else
        lua_pushstring(L, buf);
}

int check_money(lua_State *L, int idx, clm_money *out)
{
    return clm_money_parse(out, luaL_checkstring(L, idx));
}

void push_money(lua_State *L, const clm_money *m)
{
    char buf[CLM_MONEY_FORMAT_MAX];
    if (clm_money_format(buf, sizeof buf, m) < 0)
        lua_pushnil(L);
    else
        lua_pushstring(L, buf);
}

void push_minor(lua_State *L, int64_t minor, const char *cur)
{
    clm_money m;
    if (clm_money_make(&m, minor, cur) != 0)
        lua_pushnil(L);
    else
        push_money(L, &m);
}

void push_rate(lua_State *L, clm_rate r)
{
    char buf[CLM_RATE_FORMAT_MAX];
    clm_rate_format(buf, sizeof buf, r);
    lua_pushstring(L, buf);
}

int check_rounding(lua_State *L, int idx, clm_rounding *out)
{
    return clm_rounding_from_name(out, luaL_checkstring(L, idx));
}

/* An actor from a table {user=, role=, at=} (at: seconds, default 0).
 * The strings stay on the Lua stack's table while the call runs. */
void check_actor(lua_State *L, int idx, clm_actor *a)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "user");
    a->user = lua_tostring(L, -1);
    lua_getfield(L, idx, "role");
    a->role = lua_tostring(L, -1);
    lua_getfield(L, idx, "at");
    a->at = (clm_time)luaL_optinteger(L, -1, 0);
    lua_pop(L, 3);   /* the table keeps the strings alive */
}

void set_str(lua_State *L, const char *k, const char *v)
{
    if (v) {
        lua_pushstring(L, v);
        lua_setfield(L, -2, k);
    }
}

void set_int(lua_State *L, const char *k, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

void set_date_unless(lua_State *L, const char *k, clm_date d, clm_date none)
{
    if (d != none) {
        push_date(L, d);
        lua_setfield(L, -2, k);
    }
}

void set_minor(lua_State *L, const char *k, int64_t minor, const char *cur)
{
    push_minor(L, minor, cur);
    lua_setfield(L, -2, k);
}

int check_minor(lua_State *L, int idx, const char *currency, int64_t dflt, int64_t *out)
{
    if (lua_isnoneornil(L, idx)) {
        *out = dflt;
        return 0;
    }
    clm_money m;
    int rc = check_money(L, idx, &m);
    if (rc < 0)
        return rc;
    if (strcmp(m.currency, currency) != 0) {
        /* libclm's own words for the mismatch: adding it to zero of `currency` */
        clm_money zero, sum;
        rc = clm_money_make(&zero, 0, currency);
        if (rc == 0)
            (void)clm_money_add(&sum, &m, &zero);   /* fails, and says why */
        return rc < 0 ? rc : CLM_ECURRENCY;
    }
    *out = m.amount;
    return 0;
}

/* ---- money, rates, dates ------------------------------------------------- */

static int l_version(lua_State *L)
{
    lua_pushstring(L, clm_version(NULL, NULL, NULL));
    return 1;
}

static int l_money_minor(lua_State *L)
{
    clm_money m;
    TRY(check_money(L, 1, &m));
    lua_pushinteger(L, m.amount);
    lua_pushstring(L, m.currency);
    return 2;
}

static int l_money_from_minor(lua_State *L)
{
    clm_money m;
    lua_Integer n = luaL_checkinteger(L, 1);
    TRY(clm_money_make(&m, n, luaL_checkstring(L, 2)));
    push_money(L, &m);
    return 1;
}

static int l_money_format(lua_State *L)
{
    clm_money m;
    TRY(check_money(L, 1, &m));
    push_money(L, &m);
    return 1;
}

static int money_binop(lua_State *L, int (*op)(clm_money *, const clm_money *, const clm_money *))
{
    clm_money a, b, r;
    TRY(check_money(L, 1, &a));
    TRY(check_money(L, 2, &b));
    TRY(op(&r, &a, &b));
    push_money(L, &r);
    return 1;
}

static int l_money_add(lua_State *L) { return money_binop(L, clm_money_add); }
static int l_money_sub(lua_State *L) { return money_binop(L, clm_money_sub); }

static int l_money_mul(lua_State *L)
{
    clm_money a, r;
    TRY(check_money(L, 1, &a));
    TRY(clm_money_mul(&r, &a, luaL_checkinteger(L, 2)));
    push_money(L, &r);
    return 1;
}

static int l_money_mul_rate(lua_State *L)
{
    clm_money a, r;
    clm_rate rate;
    clm_rounding mode;
    TRY(check_money(L, 1, &a));
    TRY(clm_rate_parse(&rate, luaL_checkstring(L, 2)));
    TRY(check_rounding(L, 3, &mode));
    TRY(clm_money_mul_rate(&r, &a, rate, mode));
    push_money(L, &r);
    return 1;
}

static int l_money_cmp(lua_State *L)
{
    clm_money a, b;
    int out;
    TRY(check_money(L, 1, &a));
    TRY(check_money(L, 2, &b));
    TRY(clm_money_cmp(&out, &a, &b));
    lua_pushinteger(L, out);
    return 1;
}

static int l_money_allocate(lua_State *L)
{
    clm_money total;
    TRY(check_money(L, 1, &total));
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 2);
    if (n <= 0)
        return fail(L, CLM_EINVAL);
    int64_t *w = lua_newuserdatauv(L, (size_t)n * sizeof *w, 0);
    clm_money *parts = lua_newuserdatauv(L, (size_t)n * sizeof *parts, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_geti(L, 2, i + 1);
        w[i] = luaL_checkinteger(L, -1);
        lua_pop(L, 1);
    }
    TRY(clm_money_allocate(parts, &total, w, (size_t)n));
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 0; i < n; i++) {
        push_money(L, &parts[i]);
        lua_seti(L, -2, i + 1);
    }
    return 1;
}

static int l_rate_parse(lua_State *L)
{
    clm_rate r;
    TRY(clm_rate_parse(&r, luaL_checkstring(L, 1)));
    lua_pushinteger(L, r);
    return 1;
}

static int l_rate_format(lua_State *L)
{
    push_rate(L, luaL_checkinteger(L, 1));
    return 1;
}

static int l_date_add_days(lua_State *L)
{
    clm_date d, r;
    TRY(check_date(L, 1, &d));
    TRY(clm_date_add_days(&r, d, (int32_t)luaL_checkinteger(L, 2)));
    push_date(L, r);
    return 1;
}

static int l_date_add_months(lua_State *L)
{
    clm_date d, r;
    TRY(check_date(L, 1, &d));
    TRY(clm_date_add_months(&r, d, (int32_t)luaL_checkinteger(L, 2)));
    push_date(L, r);
    return 1;
}

static int l_date_weekday(lua_State *L)
{
    clm_date d;
    TRY(check_date(L, 1, &d));
    lua_pushinteger(L, clm_date_weekday(d));
    return 1;
}

/* ---- calendars ----------------------------------------------------------- */

static int l_calendar_new(lua_State *L)
{
    clm_calendar *c;
    TRY(clm_calendar_new(&c, luaL_optstring(L, 1, "")));
    box_new(L, c, cal_destroy, MT_CALENDAR);
    return 1;
}

static int l_calendar_ru(lua_State *L)
{
    clm_calendar *c;
    TRY(clm_calendar_new_ru(&c));
    box_new(L, c, cal_destroy, MT_CALENDAR);
    return 1;
}

static int l_calendar_load(lua_State *L)
{
    clm_calendar *c;
    TRY(clm_calendar_load_file(&c, luaL_checkstring(L, 1), NULL));
    box_new(L, c, cal_destroy, MT_CALENDAR);
    return 1;
}

static int cal_name(lua_State *L)
{
    lua_pushstring(L, clm_calendar_name(box_get(L, 1, MT_CALENDAR)));
    return 1;
}

static int cal_is_working(lua_State *L)
{
    clm_calendar *c = box_get(L, 1, MT_CALENDAR);
    clm_date d;
    int out;
    TRY(check_date(L, 2, &d));
    TRY(clm_calendar_is_working(&out, c, d));
    lua_pushboolean(L, out);
    return 1;
}

static int cal_roll_forward(lua_State *L)
{
    clm_calendar *c = box_get(L, 1, MT_CALENDAR);
    clm_date d, r;
    TRY(check_date(L, 2, &d));
    TRY(clm_calendar_roll_forward(&r, c, d));
    push_date(L, r);
    return 1;
}

static int cal_add_working_days(lua_State *L)
{
    clm_calendar *c = box_get(L, 1, MT_CALENDAR);
    clm_date d, r;
    TRY(check_date(L, 2, &d));
    TRY(clm_calendar_add_working_days(&r, c, d, (int32_t)luaL_checkinteger(L, 3)));
    push_date(L, r);
    return 1;
}

static int cal_count_working_days(lua_State *L)
{
    clm_calendar *c = box_get(L, 1, MT_CALENDAR);
    clm_date a, b;
    int32_t n;
    TRY(check_date(L, 2, &a));
    TRY(check_date(L, 3, &b));
    TRY(clm_calendar_count_working_days(&n, c, a, b));
    lua_pushinteger(L, n);
    return 1;
}

static int cal_add_day(lua_State *L)
{
    clm_calendar *c = box_get(L, 1, MT_CALENDAR);
    clm_date d;
    TRY(check_date(L, 2, &d));
    static const char *const kinds[] = {"holiday", "working", NULL};
    int k = luaL_checkoption(L, 3, NULL, kinds);
    TRY(clm_calendar_add_day(c, d, k == 0 ? CLM_DAY_HOLIDAY : CLM_DAY_WORKING,
                             luaL_optstring(L, 4, NULL)));
    lua_pushboolean(L, 1);
    return 1;
}

static int cal_term_end(lua_State *L)
{
    clm_calendar *c = box_get(L, 1, MT_CALENDAR);
    clm_date d, r;
    TRY(check_date(L, 2, &d));
    static const char *const units[] = {"days", "working-days", "months", NULL};
    static const clm_term_unit unit_of[] = {CLM_TERM_DAYS, CLM_TERM_WORKING_DAYS, CLM_TERM_MONTHS};
    lua_Integer n = luaL_checkinteger(L, 3);
    int u = luaL_checkoption(L, 4, NULL, units);
    TRY(clm_term_end(&r, c, d, (int32_t)n, unit_of[u]));
    push_date(L, r);
    return 1;
}

/* ---- stores -------------------------------------------------------------- */

static int l_store_memory(lua_State *L)
{
    clm_store *st;
    TRY(clm_store_open_memory(&st));
    box_new(L, st, store_destroy, MT_STORE);
    return 1;
}

static int l_store_sqlite(lua_State *L)
{
    clm_store *st;
    TRY(clm_store_open_sqlite(&st, luaL_checkstring(L, 1), NULL));
    box_new(L, st, store_destroy, MT_STORE);
    return 1;
}

static int l_store_postgres(lua_State *L)
{
    clm_store *st;
    TRY(clm_store_open_postgres(&st, luaL_checkstring(L, 1)));
    box_new(L, st, store_destroy, MT_STORE);
    return 1;
}

static int check_kind(lua_State *L, int idx, clm_record_kind *k)
{
    return clm_record_kind_from_name(k, luaL_checkstring(L, idx));
}

static void push_record(lua_State *L, const clm_record *r)
{
    lua_createtable(L, 0, 12);
    set_str(L, "kind", clm_record_kind_name(r->kind));
    set_str(L, "id", r->id);
    set_int(L, "version", r->version);
    set_str(L, "client_id", r->client_id);
    set_str(L, "manager", r->manager);
    set_str(L, "state", r->state);
    set_str(L, "name", r->name);
    set_str(L, "category", r->category);
    if (r->due != CLM_RECORD_NO_DUE) {
        push_date(L, r->due);
        lua_setfield(L, -2, "due");
    }
    if (r->amount.currency[0]) {
        push_money(L, &r->amount);
        lua_setfield(L, -2, "amount");
    }
    lua_pushlstring(L, r->body ? r->body : "", r->body_len);
    lua_setfield(L, -2, "body");
}

const char *opt_field(lua_State *L, int idx, const char *k)
{
    lua_getfield(L, idx, k);
    const char *s = lua_isnil(L, -1) ? NULL : luaL_checkstring(L, -1);
    lua_pop(L, 1);   /* the table keeps it alive */
    return s;
}

/* A record from a table; returns 0 or a CLM_E* code. */
static int check_record(lua_State *L, int idx, clm_record *r)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    clm_record_init(r);
    int rc = clm_record_kind_from_name(&r->kind, opt_field(L, idx, "kind") ? opt_field(L, idx, "kind") : "");
    if (rc)
        return rc;
    r->id = opt_field(L, idx, "id");
    lua_getfield(L, idx, "version");
    r->version = luaL_optinteger(L, -1, 0);
    lua_pop(L, 1);
    r->client_id = opt_field(L, idx, "client_id");
    r->manager = opt_field(L, idx, "manager");
    r->state = opt_field(L, idx, "state");
    r->name = opt_field(L, idx, "name");
    r->category = opt_field(L, idx, "category");
    const char *due = opt_field(L, idx, "due");
    if (due && (rc = clm_date_parse(&r->due, due)) != 0)
        return rc;
    const char *amount = opt_field(L, idx, "amount");
    if (amount && (rc = clm_money_parse(&r->amount, amount)) != 0)
        return rc;
    lua_getfield(L, idx, "body");
    size_t len = 0;
    const char *body = lua_isnil(L, -1) ? NULL : luaL_checklstring(L, -1, &len);
    lua_pop(L, 1);
    r->body = len ? body : NULL;
    r->body_len = len;
    return 0;
}

static int st_get(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_record_kind k;
    clm_record *r;
    TRY(check_kind(L, 2, &k));
    TRY(clm_store_get(&r, st, k, luaL_checkstring(L, 3)));
    push_record(L, r);
    clm_record_free(r);
    return 1;
}

static int st_put(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_record r;
    int64_t v;
    TRY(check_record(L, 2, &r));
    if (lua_isnoneornil(L, 3)) {
        TRY(clm_store_put(&v, st, &r));
    } else {
        clm_actor a;
        check_actor(L, 3, &a);
        TRY(clm_store_put_audited(&v, st, &a, &r, luaL_optstring(L, 4, NULL)));
    }
    lua_pushinteger(L, v);
    return 1;
}

static int st_delete(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_record_kind k;
    TRY(check_kind(L, 2, &k));
    TRY(clm_store_delete(st, k, luaL_checkstring(L, 3), luaL_checkinteger(L, 4)));
    lua_pushboolean(L, 1);
    return 1;
}

static int filter_from(lua_State *L, clm_store_filter *f)
{
    clm_store_filter_init(f);
    int rc = check_kind(L, 2, &f->kind);
    if (rc || lua_isnoneornil(L, 3))
        return rc;
    luaL_checktype(L, 3, LUA_TTABLE);
    f->client_id = opt_field(L, 3, "client_id");
    f->manager = opt_field(L, 3, "manager");
    f->state = opt_field(L, 3, "state");
    f->category = opt_field(L, 3, "category");
    const char *s;
    if ((s = opt_field(L, 3, "due_from")) && (rc = clm_date_parse(&f->due_from, s)) != 0)
        return rc;
    if ((s = opt_field(L, 3, "due_to")) && (rc = clm_date_parse(&f->due_to, s)) != 0)
        return rc;
    return 0;
}

static int collect(const clm_record *rec, void *payload)
{
    lua_State *L = payload;
    push_record(L, rec);
    lua_seti(L, -2, (lua_Integer)luaL_len(L, -2) + 1);
    return 0;
}

static int scan_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(2));
    lua_geti(L, lua_upvalueindex(1), i);
    return 1;
}

/* store:scan(kind [, filter]) -> an iterator over record tables (the scan
 * is over before the loop runs, so the loop may write to the store). */
static int st_scan(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_store_filter f;
    TRY(filter_from(L, &f));
    lua_newtable(L);
    TRY(clm_store_scan(st, &f, collect, L));
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, scan_next, 2);
    return 1;
}

static int st_count(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_store_filter f;
    int64_t n;
    TRY(filter_from(L, &f));
    TRY(clm_store_count(&n, st, &f));
    lua_pushinteger(L, n);
    return 1;
}

static int st_begin(lua_State *L) { TRY(clm_store_begin(box_get(L, 1, MT_STORE))); lua_pushboolean(L, 1); return 1; }
static int st_commit(lua_State *L) { TRY(clm_store_commit(box_get(L, 1, MT_STORE))); lua_pushboolean(L, 1); return 1; }
static int st_rollback(lua_State *L) { TRY(clm_store_rollback(box_get(L, 1, MT_STORE))); lua_pushboolean(L, 1); return 1; }

static int st_depth(lua_State *L)
{
    lua_pushinteger(L, clm_store_depth(box_get(L, 1, MT_STORE)));
    return 1;
}

/* store:transaction(fn): begin, call fn(store); commit if it returns
 * normally, roll back and re-raise if it raises; commit's own failure is
 * returned as nil, message, code. */
static int st_transaction(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    TRY(clm_store_begin(st));
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        clm_store_rollback(st);
        return lua_error(L);
    }
    TRY(clm_store_commit(st));
    lua_pushboolean(L, 1);
    return 1;
}

/* ---- clients ------------------------------------------------------------- */

static int l_client_new(lua_State *L)
{
    clm_actor a;
    check_actor(L, 1, &a);
    clm_legal_type t;
    TRY(clm_legal_type_from_name(&t, luaL_checkstring(L, 3)));
    clm_client *c;
    TRY(clm_client_new(&c, &a, luaL_checkstring(L, 2), t, luaL_checkstring(L, 4)));
    box_new(L, c, client_destroy, MT_CLIENT);
    return 1;
}

static int l_client_load(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_client *c;
    TRY(clm_client_store_load(&c, st, luaL_checkstring(L, 2)));
    box_new(L, c, client_destroy, MT_CLIENT);
    return 1;
}

static int cl_table(lua_State *L)
{
    clm_client *c = box_get(L, 1, MT_CLIENT);
    lua_createtable(L, 0, 16);
    set_str(L, "id", clm_client_id(c));
    set_str(L, "legal_type", clm_legal_type_name(clm_client_legal_type(c)));
    set_str(L, "state", clm_client_state_name(clm_client_state_get(c)));
    set_str(L, "manager", clm_client_manager(c));
    set_int(L, "stored_version", clm_client_stored_version(c));
    for (int f = CLM_CLIENT_NAME; f <= CLM_CLIENT_NOTES; f++)
        set_str(L, clm_client_text_name((clm_client_text)f),
                clm_client_text_get(c, (clm_client_text)f));
    lua_createtable(L, (int)clm_client_category_count(c), 0);
    for (size_t i = 0; i < clm_client_category_count(c); i++) {
        lua_pushstring(L, clm_client_category_at(c, i));
        lua_seti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "categories");
    return 1;
}

static int text_field(lua_State *L, int idx, clm_client_text *out)
{
    const char *name = luaL_checkstring(L, idx);
    for (int f = CLM_CLIENT_NAME; f <= CLM_CLIENT_NOTES; f++)
        if (strcmp(clm_client_text_name((clm_client_text)f), name) == 0) {
            *out = (clm_client_text)f;
            return 1;
        }
    return 0;
}

static int cl_set(lua_State *L)
{
    clm_client *c = box_get(L, 1, MT_CLIENT);
    clm_actor a;
    check_actor(L, 2, &a);
    clm_client_text f;
    if (!text_field(L, 3, &f))
        return luaL_argerror(L, 3, "not a client text field");
    TRY(clm_client_set_text(c, &a, f, luaL_optstring(L, 4, NULL)));
    lua_pushboolean(L, 1);
    return 1;
}

static int cl_set_state(lua_State *L)
{
    clm_client *c = box_get(L, 1, MT_CLIENT);
    clm_actor a;
    check_actor(L, 2, &a);
    clm_client_state s;
    TRY(clm_client_state_from_name(&s, luaL_checkstring(L, 3)));
    TRY(clm_client_set_state(c, &a, s, luaL_optstring(L, 4, NULL)));
    lua_pushboolean(L, 1);
    return 1;
}

static int cl_set_tax_id(lua_State *L)
{
    clm_client *c = box_get(L, 1, MT_CLIENT);
    clm_actor a;
    check_actor(L, 2, &a);
    TRY(clm_client_set_taxid(c, &a, NULL, luaL_checkstring(L, 3), luaL_checkstring(L, 4),
                             luaL_optstring(L, 5, NULL)));
    lua_pushboolean(L, 1);
    return 1;
}

static int cl_add_category(lua_State *L)
{
    clm_client *c = box_get(L, 1, MT_CLIENT);
    clm_actor a;
    check_actor(L, 2, &a);
    TRY(clm_client_category_add(c, &a, luaL_checkstring(L, 3), luaL_optstring(L, 4, NULL), NULL));
    lua_pushboolean(L, 1);
    return 1;
}

static int cl_save(lua_State *L)
{
    clm_client *c = box_get(L, 1, MT_CLIENT);
    clm_store *st = box_get(L, 2, MT_STORE);
    clm_actor a;
    check_actor(L, 3, &a);
    int64_t v;
    TRY(clm_client_store_save(&v, st, c, &a, luaL_optstring(L, 4, NULL)));
    lua_pushinteger(L, v);
    return 1;
}

/* ---- discounts ----------------------------------------------------------- */

static int l_discount_policy_load(lua_State *L)
{
    clm_discount_policy *p;
    TRY(clm_discount_policy_load_file(&p, luaL_checkstring(L, 1), NULL));
    box_new(L, p, policy_destroy, MT_POLICY);
    return 1;
}

static int l_discount_order_load(lua_State *L)
{
    clm_discount_order *o;
    TRY(clm_discount_order_load_file(&o, luaL_checkstring(L, 1), NULL));
    box_new(L, o, order_destroy, MT_ORDER);
    return 1;
}

static int pol_name(lua_State *L)
{
    clm_discount_policy *p = box_get(L, 1, MT_POLICY);
    lua_pushstring(L, clm_discount_policy_name(p));
    lua_pushstring(L, clm_discount_policy_currency(p));
    return 2;
}

/* policy:info() -> {name, currency, stacking, rounding, ladder = {roles}} */
static int pol_info(lua_State *L)
{
    clm_discount_policy *p = box_get(L, 1, MT_POLICY);
    lua_createtable(L, 0, 5);
    set_str(L, "name", clm_discount_policy_name(p));
    set_str(L, "currency", clm_discount_policy_currency(p));
    set_str(L, "stacking", clm_discount_stacking_name(clm_discount_policy_stacking(p)));
    set_str(L, "rounding", clm_rounding_name(clm_discount_policy_rounding(p)));
    size_t n = clm_discount_policy_approval_count(p);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, clm_discount_policy_approval(p, i)->role);
        lua_seti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "ladder");
    return 1;
}

static int pol_compile(lua_State *L)
{
    clm_discount_policy *p = box_get(L, 1, MT_POLICY);
    clm_discount_engine *e;
    if (lua_isnoneornil(L, 2))
        TRY(clm_discount_policy_compile(&e, p));
    else   /* with a price book: the engine holds the book itself */
        TRY(clm_discount_policy_compile_with_prices(&e, p, box_get(L, 2, MT_PRICE_BOOK)));
    box_new(L, e, engine_destroy, MT_ENGINE);
    lua_pushvalue(L, 1);          /* the engine keeps its policy alive */
    lua_setiuservalue(L, -2, 1);
    return 1;
}

static void price_set_destroy(void *p) { clm_price_set_free(p); }
static void price_book_destroy(void *p) { clm_price_book_free(p); }

static int l_price_set_load(lua_State *L)
{
    clm_price_set *ps;
    TRY(clm_price_set_load_file(&ps, luaL_checkstring(L, 1), NULL));
    box_new(L, ps, price_set_destroy, MT_PRICE_SET);
    return 1;
}

/* set:compile(policy|nil: the product groups) -> a price book */
static int ps_compile(lua_State *L)
{
    clm_price_set *ps = box_get(L, 1, MT_PRICE_SET);
    const clm_discount_policy *groups = lua_isnoneornil(L, 2) ? NULL : box_get(L, 2, MT_POLICY);
    clm_price_book *b;
    TRY(clm_price_book_compile(&b, ps, groups));
    box_new(L, b, price_book_destroy, MT_PRICE_BOOK);
    return 1;
}

static int pol_validate(lua_State *L)
{
    clm_discount_policy *p = box_get(L, 1, MT_POLICY);
    clm_discount_findings *f;
    TRY(clm_discount_validate(&f, p, NULL));
    size_t n = clm_discount_findings_count(f);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        const clm_discount_finding *x = clm_discount_findings_get(f, i);
        lua_createtable(L, 0, 6);
        set_str(L, "code", x->code);
        set_str(L, "severity", clm_discount_severity_name(x->severity));
        set_str(L, "rule", x->rule);
        set_str(L, "other", x->other);
        set_str(L, "subject", x->subject);
        set_str(L, "message", x->message);
        lua_seti(L, -2, (lua_Integer)i + 1);
    }
    clm_discount_findings_free(f);
    return 1;
}

static const char *trace_kind_name(clm_discount_trace_kind k)
{
    switch (k) {
    case CLM_DISCOUNT_TRACE_NOT_MATCHED: return "not-matched";
    case CLM_DISCOUNT_TRACE_EXCLUDED: return "excluded";
    case CLM_DISCOUNT_TRACE_APPLIED: return "applied";
    case CLM_DISCOUNT_TRACE_NO_EFFECT: return "no-effect";
    case CLM_DISCOUNT_TRACE_ADJUSTED: return "adjusted";
    }
    return "?";
}

void push_trace_entry(lua_State *L, const clm_discount_trace_entry *e,
                      const clm_discount_policy *p, const char *cur)
{
    lua_createtable(L, 0, 7);
    set_str(L, "kind", trace_kind_name(e->kind));
    set_int(L, "stage", e->stage);
    set_int(L, "amount_minor", e->amount);
    if (p && e->rule != CLM_DISCOUNT_NONE)
        set_str(L, "rule", clm_discount_policy_rule(p, e->rule)->id);
    set_str(L, "name", e->name);
    push_minor(L, e->before, cur);
    lua_setfield(L, -2, "before");
    push_minor(L, e->amount, cur);
    lua_setfield(L, -2, "amount");
    push_minor(L, e->after, cur);
    lua_setfield(L, -2, "after");
    set_str(L, "reason", e->reason);
}

static void push_trace(lua_State *L, const clm_discount_result *r, size_t line,
                       const clm_discount_policy *p, const char *cur)
{
    size_t n = clm_discount_result_trace_count(r, line);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        push_trace_entry(L, clm_discount_result_trace(r, line, i), p, cur);
        lua_seti(L, -2, (lua_Integer)i + 1);
    }
}

void push_line_result(lua_State *L, const clm_discount_line_result *l, const char *cur)
{
    lua_createtable(L, 0, 9);
    push_minor(L, l->base, cur); lua_setfield(L, -2, "base");
    push_minor(L, l->discount, cur); lua_setfield(L, -2, "discount");
    push_minor(L, l->surcharge, cur); lua_setfield(L, -2, "surcharge");
    push_minor(L, l->capped, cur); lua_setfield(L, -2, "capped");
    push_minor(L, l->net, cur); lua_setfield(L, -2, "net");
    push_minor(L, l->unit_price, cur); lua_setfield(L, -2, "unit_price");
    set_int(L, "surcharge_minor", l->surcharge);
    set_int(L, "capped_minor", l->capped);
    push_rate(L, l->rate); lua_setfield(L, -2, "rate");
}

void push_totals(lua_State *L, const clm_discount_totals *t, const char *cur)
{
    lua_createtable(L, 0, 6);
    push_minor(L, t->base, cur); lua_setfield(L, -2, "base");
    push_minor(L, t->discount, cur); lua_setfield(L, -2, "discount");
    push_minor(L, t->surcharge, cur); lua_setfield(L, -2, "surcharge");
    push_minor(L, t->net, cur); lua_setfield(L, -2, "net");
    push_minor(L, t->capped, cur); lua_setfield(L, -2, "capped");
    set_int(L, "surcharge_minor", t->surcharge);
    set_int(L, "capped_minor", t->capped);
    push_rate(L, t->rate); lua_setfield(L, -2, "rate");
    lua_pushboolean(L, t->approvable);
    lua_setfield(L, -2, "approvable");
    if (t->approval != CLM_DISCOUNT_NONE)
        set_int(L, "approval_step", (lua_Integer)t->approval + 1);   /* 1-based, as Lua counts */
    if (t->has_early_payment) {
        lua_createtable(L, 0, 5);
        push_rate(L, t->early_payment_rate); lua_setfield(L, -2, "rate");
        push_minor(L, t->early_payment_amount, cur); lua_setfield(L, -2, "amount");
        set_int(L, "days", t->early_payment_days);
        set_int(L, "net_days", t->early_payment_net_days);
        push_rate(L, t->early_payment_annual_cost); lua_setfield(L, -2, "annual_cost");
        lua_setfield(L, -2, "early_payment");
    }
}

/* engine:price(order) -> {lines = {...}, totals = {...}, approval, why, trace, document_trace} */
static int eng_price(lua_State *L)
{
    clm_discount_engine *e = box_get(L, 1, MT_ENGINE);
    clm_discount_order *o = box_get(L, 2, MT_ORDER);
    clm_discount_result *r;
    TRY(clm_discount_engine_evaluate(&r, e, clm_discount_order_document(o), NULL));
    const clm_discount_policy *p = clm_discount_engine_policy(e);
    const char *cur = clm_discount_policy_currency(p);
    size_t n = clm_discount_result_line_count(r);
    lua_createtable(L, 0, 6);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        push_line_result(L, clm_discount_result_line(r, i), cur);
        push_trace(L, r, i, p, cur); lua_setfield(L, -2, "trace");
        lua_seti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "lines");
    push_totals(L, clm_discount_result_totals(r), cur);
    lua_setfield(L, -2, "totals");
    const char *why = NULL;
    set_str(L, "approval", clm_discount_result_approval(r, &why));
    set_str(L, "why", why);
    push_trace(L, r, CLM_DISCOUNT_DOCUMENT, p, cur);
    lua_setfield(L, -2, "document_trace");
    clm_discount_result_free(r);
    return 1;
}

static int ord_id(lua_State *L)
{
    lua_pushstring(L, clm_discount_order_id(box_get(L, 1, MT_ORDER)));
    return 1;
}

/* order:document() -> {currency, date, client_id, role, lines = {{product,
 * quantity (thousandths)}}} */
static int ord_document(lua_State *L)
{
    const clm_discount_document *d = clm_discount_order_document(box_get(L, 1, MT_ORDER));
    lua_createtable(L, 0, 5);
    set_str(L, "currency", d->currency);
    push_date(L, d->date);
    lua_setfield(L, -2, "date");
    set_str(L, "client_id", d->client.id);
    set_str(L, "role", d->role);
    lua_createtable(L, (int)d->line_count, 0);
    for (size_t i = 0; i < d->line_count; i++) {
        lua_createtable(L, 0, 2);
        set_str(L, "product", d->lines[i].product);
        set_int(L, "quantity", d->lines[i].quantity);
        lua_seti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "lines");
    return 1;
}

/* ---- claims -------------------------------------------------------------- */

static int vocab_field(lua_State *L, int idx, const char *k, clm_claim_vocab v, int *out)
{
    const char *name = opt_field(L, idx, k);
    return name ? clm_claim_from_name(out, v, name) : 0;
}

/* clm.claim_register(store, info, calendar, actor) -> claim: info is a
 * table of clm_claim_info's fields by name, enumerations by libclm's names
 * ("written", "email", "refund"), money as "15000.00 RUB", dates as text;
 * regimes are the built-in ones ("ru-consumer", "ru-business"). */
static int l_claim_register(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    luaL_checktype(L, 2, LUA_TTABLE);
    clm_calendar *cal = box_get(L, 3, MT_CALENDAR);
    clm_actor who;
    check_actor(L, 4, &who);
    clm_claim_info in;
    clm_claim_info_init(&in);
    int v;
    v = (int)in.form; TRY(vocab_field(L, 2, "form", CLM_CLAIM_VOCAB_FORM, &v)); in.form = (clm_claim_form)v;
    v = (int)in.channel; TRY(vocab_field(L, 2, "channel", CLM_CLAIM_VOCAB_CHANNEL, &v)); in.channel = (clm_claim_channel)v;
    v = (int)in.subject; TRY(vocab_field(L, 2, "subject", CLM_CLAIM_VOCAB_SUBJECT, &v)); in.subject = (clm_claim_subject)v;
    v = (int)in.demand; TRY(vocab_field(L, 2, "demand", CLM_CLAIM_VOCAB_DEMAND, &v)); in.demand = (clm_claim_demand)v;
    v = (int)in.direction; TRY(vocab_field(L, 2, "direction", CLM_CLAIM_VOCAB_DIRECTION, &v)); in.direction = (clm_claim_direction)v;
    in.client_id = opt_field(L, 2, "client_id");
    in.manager = opt_field(L, 2, "manager");
    in.regime = opt_field(L, 2, "regime");
    in.description = opt_field(L, 2, "description");
    const char *s;
    if ((s = opt_field(L, 2, "received")))
        TRY(clm_date_parse(&in.received, s));
    if ((s = opt_field(L, 2, "price")))
        TRY(clm_money_parse(&in.price, s));
    if ((s = opt_field(L, 2, "claimed")))
        TRY(clm_money_parse(&in.claimed, s));
    clm_claim_regimes *regs;
    TRY(clm_claim_regimes_new(&regs));
    clm_claim *c = NULL;
    int rc = clm_claim_store_register(&c, st, &in, regs, cal, NULL, &who);
    clm_claim_regimes_free(regs);
    TRY(rc);
    box_new(L, c, claim_destroy, MT_CLAIM);
    return 1;
}

static int cl_number(lua_State *L)
{
    lua_pushstring(L, clm_claim_number(box_get(L, 1, MT_CLAIM)));
    return 1;
}

static int cl_state(lua_State *L)
{
    lua_pushstring(L, clm_claim_name(CLM_CLAIM_VOCAB_STATE,
                                     clm_claim_state_get(box_get(L, 1, MT_CLAIM))));
    return 1;
}

static void set_date(lua_State *L, const char *k, clm_date d)
{
    set_date_unless(L, k, d, CLM_CLAIM_NO_DATE);
}

static int cl_deadlines(lua_State *L)
{
    clm_claim *c = box_get(L, 1, MT_CLAIM);
    clm_calendar *cal = box_get(L, 2, MT_CALENDAR);
    clm_date on;
    TRY(check_date(L, 3, &on));
    clm_claim_deadlines d;
    TRY(clm_claim_deadlines_get(&d, c, cal, on));
    lua_createtable(L, 0, 6);
    set_date(L, "acknowledgement", d.acknowledgement);
    set_date(L, "response", d.response);
    set_date(L, "resolution", d.resolution);
    set_date(L, "term_start", d.term_start);
    set_date(L, "next", d.next);
    set_int(L, "paused_days", d.paused_days);
    return 1;
}

static int cl_penalty(lua_State *L)
{
    clm_claim *c = box_get(L, 1, MT_CLAIM);
    clm_calendar *cal = box_get(L, 2, MT_CALENDAR);
    clm_date on;
    TRY(check_date(L, 3, &on));
    clm_claim_penalty_result p;
    TRY(clm_claim_penalty(&p, c, cal, on, NULL, 0, NULL));
    lua_createtable(L, 0, 5);
    push_money(L, &p.amount);
    lua_setfield(L, -2, "amount");
    set_int(L, "days", p.days);
    set_date(L, "first_day", p.first_day);
    set_date(L, "last_day", p.last_day);
    set_str(L, "basis", p.basis);
    return 1;
}

static int cl_move(lua_State *L)
{
    clm_claim *c = box_get(L, 1, MT_CLAIM);
    int to;
    TRY(clm_claim_from_name(&to, CLM_CLAIM_VOCAB_STATE, luaL_checkstring(L, 2)));
    clm_actor who;
    check_actor(L, 3, &who);
    clm_date on;
    TRY(check_date(L, 4, &on));
    TRY(clm_claim_move(c, (clm_claim_state)to, &who, on, luaL_optstring(L, 5, NULL), NULL));
    lua_pushboolean(L, 1);
    return 1;
}

static int l_date_weekday_name(lua_State *L)
{
    static const char *const names[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
    clm_date d;
    TRY(check_date(L, 1, &d));
    int wd = clm_date_weekday(d);
    if (wd < 1 || wd > 7)
        return fail(L, CLM_ERANGE);
    lua_pushstring(L, names[wd]);
    return 1;
}

/* ---- the module ---------------------------------------------------------- */

static const luaL_Reg cal_methods[] = {
    {"name", cal_name}, {"is_working", cal_is_working}, {"roll_forward", cal_roll_forward},
    {"add_working_days", cal_add_working_days}, {"count_working_days", cal_count_working_days},
    {"add_day", cal_add_day}, {"term_end", cal_term_end}, {NULL, NULL}
};
static const luaL_Reg store_methods[] = {
    {"get", st_get}, {"put", st_put}, {"delete", st_delete}, {"scan", st_scan},
    {"count", st_count}, {"begin", st_begin}, {"commit", st_commit}, {"rollback", st_rollback},
    {"depth", st_depth}, {"transaction", st_transaction}, {NULL, NULL}
};
static const luaL_Reg client_methods[] = {
    {"table", cl_table}, {"set", cl_set}, {"set_state", cl_set_state},
    {"set_tax_id", cl_set_tax_id}, {"add_category", cl_add_category}, {"save", cl_save},
    {NULL, NULL}
};
static const luaL_Reg policy_methods[] = {
    {"name", pol_name}, {"info", pol_info}, {"compile", pol_compile}, {"validate", pol_validate},
    {NULL, NULL}
};
static const luaL_Reg price_set_methods[] = {{"compile", ps_compile}, {NULL, NULL}};
static const luaL_Reg price_book_methods[] = {{NULL, NULL}};
static const luaL_Reg engine_methods[] = {{"price", eng_price}, {NULL, NULL}};
static const luaL_Reg order_methods[] = {{"id", ord_id}, {"document", ord_document}, {NULL, NULL}};
static const luaL_Reg claim_methods[] = {
    {"number", cl_number}, {"state", cl_state}, {"deadlines", cl_deadlines},
    {"penalty", cl_penalty}, {"move", cl_move}, {NULL, NULL}
};

void new_type(lua_State *L, const char *name, const luaL_Reg *methods)
{
    luaL_newmetatable(L, name);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "close");
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__close");
    lua_pop(L, 1);
}

static const luaL_Reg functions[] = {
    {"version", l_version},
    {"money_minor", l_money_minor}, {"money_from_minor", l_money_from_minor},
    {"money_format", l_money_format}, {"money_add", l_money_add}, {"money_sub", l_money_sub},
    {"money_mul", l_money_mul}, {"money_mul_rate", l_money_mul_rate},
    {"money_cmp", l_money_cmp}, {"money_allocate", l_money_allocate},
    {"rate_parse", l_rate_parse}, {"rate_format", l_rate_format},
    {"date_add_days", l_date_add_days}, {"date_add_months", l_date_add_months},
    {"date_weekday", l_date_weekday},
    {"calendar_new", l_calendar_new}, {"calendar_ru", l_calendar_ru},
    {"calendar_load", l_calendar_load},
    {"store_memory", l_store_memory}, {"store_sqlite", l_store_sqlite},
    {"store_postgres", l_store_postgres},
    {"client_new", l_client_new}, {"client_load", l_client_load},
    {"discount_policy_load", l_discount_policy_load},
    {"discount_order_load", l_discount_order_load}, {"price_set_load", l_price_set_load},
    {"claim_register", l_claim_register}, {"date_weekday_name", l_date_weekday_name},
    {NULL, NULL}
};

int luaopen_clm(lua_State *L)
{
    new_type(L, MT_CALENDAR, cal_methods);
    new_type(L, MT_STORE, store_methods);
    new_type(L, MT_CLIENT, client_methods);
    new_type(L, MT_POLICY, policy_methods);
    new_type(L, MT_ENGINE, engine_methods);
    new_type(L, MT_ORDER, order_methods);
    new_type(L, MT_CLAIM, claim_methods);
    new_type(L, MT_PRICE_SET, price_set_methods);
    new_type(L, MT_PRICE_BOOK, price_book_methods);
    luaL_newlib(L, functions);
    clmlua_open_credit(L);
    clmlua_open_segment(L);
    clmlua_open_category(L);
    clmlua_open_contact(L);
    clmlua_open_offer(L);
    clmlua_open_lang(L);
    lua_newtable(L);
    static const struct { const char *name; int code; } codes[] = {
        {"EINVAL", CLM_EINVAL}, {"ENOMEM", CLM_ENOMEM}, {"EOVERFLOW", CLM_EOVERFLOW},
        {"ECURRENCY", CLM_ECURRENCY}, {"EPARSE", CLM_EPARSE}, {"ESCHEMA", CLM_ESCHEMA},
        {"ERANGE", CLM_ERANGE}, {"ENOTFOUND", CLM_ENOTFOUND}, {"EEXISTS", CLM_EEXISTS},
        {"ECONFLICT", CLM_ECONFLICT}, {"ESTATE", CLM_ESTATE}, {"EPERM", CLM_EPERM},
        {"EIO", CLM_EIO}, {"EVERSION", CLM_EVERSION}, {"ENOTSUP", CLM_ENOTSUP},
        {"ELIMIT", CLM_ELIMIT}, {"EBUFSIZE", CLM_EBUFSIZE}, {"EBUSY", CLM_EBUSY},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        lua_pushinteger(L, codes[i].code);
        lua_setfield(L, -2, codes[i].name);
    }
    lua_setfield(L, -2, "errors");
    return 1;
}
