/*
 * offer.c — offers and contracts for Lua (clm/offer.h, contract.h,
 * offer_store.h, offer_xml.h, offer_document.h). Tables in:
 *   info        {id=, client_id=, manager=, currency=, date=, from_client=,
 *                prepayment= (rate), deferral_days=, delivery=,
 *                delivery_days=, accept_by=, revocable=}
 *   line        {product=, group=, quantity= (units: 600, "2.5"),
 *                unit_price= (money; nil: the price book's), unit_cost=,
 *                manual_rate=}
 *   pricing     {engine=, client={id=, legal_type=, categories={...},
 *                region=, risk_class=, since=}, book=, policy_version=,
 *                channel=}
 *   credit      {policy= (credit policy), receivables=, orders=, limit=,
 *                max_days_overdue=}   (nil: no check)
 *   rules       {reasonable_days=, prompt_notice_days=}   (nil: defaults)
 *   acceptance  {dispatched_on=, received_on=, full=, late_notice_on=,
 *                late_confirmed_on=}
 * Disagreements are counted from 1, as Lua counts.
 */
#include "clmlua.h"

#include <string.h>

#define MT_OFFER "clm.offer"
#define MT_CONTRACT "clm.contract"

static void offer_destroy(void *p) { clm_offer_free(p); }
static void contract_destroy(void *p) { clm_contract_free(p); }

static clm_offer *offer_at(lua_State *L, int i) { return box_get(L, i, MT_OFFER); }
static clm_contract *contract_at(lua_State *L, int i) { return box_get(L, i, MT_CONTRACT); }

static int push_offer(lua_State *L, clm_offer *o)
{
    box_new(L, o, offer_destroy, MT_OFFER);
    return 1;
}

static int push_contract(lua_State *L, clm_contract *c)
{
    box_new(L, c, contract_destroy, MT_CONTRACT);
    return 1;
}

/* ---- tables in --------------------------------------------------------------- */

static int opt_date_field(lua_State *L, int idx, const char *k, clm_date *out)
{
    lua_getfield(L, idx, k);
    int rc = lua_isnil(L, -1) ? 0 : check_date(L, -1, out);
    lua_pop(L, 1);
    return rc;
}

static int opt_rate_field(lua_State *L, int idx, const char *k, clm_rate *out)
{
    lua_getfield(L, idx, k);
    int rc = 0;
    if (lua_isinteger(L, -1))
        *out = lua_tointeger(L, -1);
    else if (!lua_isnil(L, -1))
        rc = clm_rate_parse(out, luaL_checkstring(L, -1));
    lua_pop(L, 1);
    return rc;
}

static lua_Integer int_field(lua_State *L, int idx, const char *k, lua_Integer dflt)
{
    lua_getfield(L, idx, k);
    lua_Integer v = luaL_optinteger(L, -1, dflt);
    lua_pop(L, 1);
    return v;
}

static int bool_field(lua_State *L, int idx, const char *k)
{
    lua_getfield(L, idx, k);
    int v = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return v;
}

static int info_from(lua_State *L, int idx, clm_offer_info *in)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    clm_offer_info_init(in);
    in->id = opt_field(L, idx, "id");
    in->client_id = opt_field(L, idx, "client_id");
    in->manager = opt_field(L, idx, "manager");
    in->currency = opt_field(L, idx, "currency");
    in->delivery = opt_field(L, idx, "delivery");
    in->from_client = bool_field(L, idx, "from_client");
    in->revocable = bool_field(L, idx, "revocable");
    in->deferral_days = (int32_t)int_field(L, idx, "deferral_days", 0);
    in->delivery_days = (int32_t)int_field(L, idx, "delivery_days", 0);
    int rc = opt_date_field(L, idx, "date", &in->date);
    if (rc == 0)
        rc = opt_date_field(L, idx, "accept_by", &in->accept_by);
    if (rc == 0)
        rc = opt_rate_field(L, idx, "prepayment", &in->prepayment);
    return rc;
}

static void push_info(lua_State *L, const clm_offer_info *in)
{
    lua_newtable(L);
    set_str(L, "id", in->id);
    set_str(L, "client_id", in->client_id);
    set_str(L, "manager", in->manager);
    set_str(L, "currency", in->currency);
    push_date(L, in->date);
    lua_setfield(L, -2, "date");
    lua_pushboolean(L, in->from_client);
    lua_setfield(L, -2, "from_client");
    push_rate(L, in->prepayment);
    lua_setfield(L, -2, "prepayment");
    set_int(L, "deferral_days", in->deferral_days);
    set_str(L, "delivery", in->delivery);
    set_int(L, "delivery_days", in->delivery_days);
    set_date_unless(L, "accept_by", in->accept_by, CLM_OFFER_NO_DATE);
    lua_pushboolean(L, in->revocable);
    lua_setfield(L, -2, "revocable");
}

/* A quantity in units (integer, or a decimal string of at most three
 * decimals) as thousandths. */
static int quantity_from(lua_State *L, int idx, int64_t *out)
{
    if (lua_isinteger(L, idx)) {
        lua_Integer q = lua_tointeger(L, idx);
        if (q > INT64_MAX / CLM_DISCOUNT_QTY_SCALE || q < INT64_MIN / CLM_DISCOUNT_QTY_SCALE)
            return CLM_EOVERFLOW;
        *out = q * CLM_DISCOUNT_QTY_SCALE;
        return 0;
    }
    const char *s = luaL_checkstring(L, idx);
    int64_t whole = 0, frac = 0, scale = CLM_DISCOUNT_QTY_SCALE;
    const char *p = s;
    if (!*p)
        return luaL_error(L, "quantity '%s': not a number of units", s);
    for (; *p >= '0' && *p <= '9'; p++) {
        if (whole > (INT64_MAX / CLM_DISCOUNT_QTY_SCALE - 9) / 10)
            return CLM_EOVERFLOW;
        whole = whole * 10 + (*p - '0');
    }
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (scale == 1)
                return luaL_error(L, "quantity '%s': more decimals than a thousandth", s);
            scale /= 10;
            frac += (*p - '0') * scale;
        }
    if (*p)
        return luaL_error(L, "quantity '%s': not a number of units", s);
    *out = whole * CLM_DISCOUNT_QTY_SCALE + frac;
    return 0;
}

/* The credit table at idx (nil: none) into *c; *use is NULL for none. */
static int credit_from(lua_State *L, int idx, clm_offer_credit *c, const clm_offer_credit **use)
{
    clm_offer_credit_init(c);
    *use = NULL;
    if (lua_isnoneornil(L, idx))
        return 0;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "policy");
    c->policy = box_get(L, -1, MT_CREDIT_POLICY);
    lua_pop(L, 1);
    const char *cur = clm_credit_policy_currency(c->policy);
    static const char *const keys[] = {"receivables", "orders", "limit"};
    int64_t *val[] = {&c->position.receivables, &c->position.orders, &c->position.limit};
    for (int i = 0; i < 3; i++) {
        lua_getfield(L, idx, keys[i]);
        int rc = check_minor(L, -1, cur, 0, val[i]);
        lua_pop(L, 1);
        if (rc < 0)
            return rc;
    }
    c->position.max_days_overdue = (int32_t)int_field(L, idx, "max_days_overdue", 0);
    *use = c;
    return 0;
}

static void rules_from(lua_State *L, int idx, clm_offer_rules *r)
{
    clm_offer_rules_init(r);
    if (lua_isnoneornil(L, idx))
        return;
    luaL_checktype(L, idx, LUA_TTABLE);
    r->reasonable_days = (int32_t)int_field(L, idx, "reasonable_days", r->reasonable_days);
    r->prompt_notice_days = (int32_t)int_field(L, idx, "prompt_notice_days",
                                               r->prompt_notice_days);
}

static int acceptance_from(lua_State *L, int idx, clm_offer_acceptance *a)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    clm_offer_acceptance_init(a);
    lua_getfield(L, idx, "full");
    if (!lua_isnil(L, -1))
        a->full = lua_toboolean(L, -1);
    lua_pop(L, 1);
    int rc = opt_date_field(L, idx, "dispatched_on", &a->dispatched_on);
    if (rc == 0)
        rc = opt_date_field(L, idx, "received_on", &a->received_on);
    if (rc == 0)
        rc = opt_date_field(L, idx, "late_notice_on", &a->late_notice_on);
    if (rc == 0)
        rc = opt_date_field(L, idx, "late_confirmed_on", &a->late_confirmed_on);
    return rc;
}

/* ---- the offer ------------------------------------------------------------------ */

/* offer_new(info, actor) -> offer */
static int l_offer_new(lua_State *L)
{
    clm_offer_info in;
    clm_actor who;
    TRY(info_from(L, 1, &in));
    check_actor(L, 2, &who);
    clm_offer *o;
    TRY(clm_offer_new(&o, &in, &who));
    return push_offer(L, o);
}

static int of_id(lua_State *L)
{
    lua_pushstring(L, clm_offer_id(offer_at(L, 1)));
    return 1;
}

static int of_state(lua_State *L)
{
    lua_pushstring(L, clm_offer_state_name(clm_offer_state_get(offer_at(L, 1))));
    return 1;
}

/* info() -> the info table, with state=, revision=, the links and the days */
static int of_info(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_offer_info in;
    TRY(clm_offer_info_get(&in, o));
    push_info(L, &in);
    set_str(L, "state", clm_offer_state_name(clm_offer_state_get(o)));
    set_int(L, "revision", clm_offer_revision(o));
    set_str(L, "supersedes", clm_offer_supersedes(o));
    set_str(L, "superseded_by", clm_offer_superseded_by(o));
    set_str(L, "counter_of", clm_offer_counter_of(o));
    set_str(L, "countered_by", clm_offer_countered_by(o));
    set_date_unless(L, "sent_on", clm_offer_sent_on(o), CLM_OFFER_NO_DATE);
    set_date_unless(L, "received_on", clm_offer_received_on(o), CLM_OFFER_NO_DATE);
    set_date_unless(L, "term_ends", clm_offer_accept_by(o), CLM_OFFER_NO_DATE);
    set_date_unless(L, "accepted_on", clm_offer_accepted_on(o), CLM_OFFER_NO_DATE);
    lua_pushboolean(L, clm_offer_priced(o));
    lua_setfield(L, -2, "priced");
    return 1;
}

static int of_set_terms(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_offer_info in;
    TRY(info_from(L, 2, &in));
    TRY(clm_offer_set_terms(o, &in));
    lua_pushboolean(L, 1);
    return 1;
}

/* add_line(line) -> its index (from 1) */
static int of_add_line(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    clm_offer_line l;
    clm_offer_line_init(&l);
    l.product = opt_field(L, 2, "product");
    l.group = opt_field(L, 2, "group");
    lua_getfield(L, 2, "quantity");
    int rc = lua_isnil(L, -1) ? 0 : quantity_from(L, -1, &l.quantity);
    lua_pop(L, 1);
    TRY(rc);
    lua_getfield(L, 2, "unit_price");
    rc = lua_isnil(L, -1) ? 0 : check_money(L, -1, &l.unit_price);
    lua_pop(L, 1);
    TRY(rc);
    lua_getfield(L, 2, "unit_cost");
    if (!lua_isnil(L, -1)) {
        rc = check_money(L, -1, &l.unit_cost);
        l.has_cost = 1;
    }
    lua_pop(L, 1);
    TRY(rc);
    TRY(opt_rate_field(L, 2, "manual_rate", &l.manual_rate));
    size_t i;
    TRY(clm_offer_add_line(&i, o, &l));
    lua_pushinteger(L, (lua_Integer)i + 1);
    return 1;
}

/* lines() -> {{product=, group=, quantity_milli=, unit_price=, unit_cost=,
 *  manual_rate=, priced figures when priced: base=, net=, ..., source=,
 *  trace={...}}...} */
static int of_lines(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_offer_info in;
    TRY(clm_offer_info_get(&in, o));
    size_t n = clm_offer_line_count(o);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        clm_offer_line l;
        TRY(clm_offer_line_at(&l, o, i));
        const clm_offer_line_price *lp = clm_offer_line_price_at(o, i);
        if (lp) {
            push_line_result(L, &lp->result, in.currency);
            set_str(L, "source", clm_offer_price_source_name(lp->source));
            if (lp->has_list_price)
                set_minor(L, "list_price", lp->list_price, in.currency);
            size_t nt = clm_offer_trace_count(o, i);
            lua_createtable(L, (int)nt, 0);
            for (size_t k = 0; k < nt; k++) {
                push_trace_entry(L, clm_offer_trace(o, i, k), NULL, in.currency);
                lua_rawseti(L, -2, (lua_Integer)k + 1);
            }
            lua_setfield(L, -2, "trace");
        } else {
            lua_newtable(L);
        }
        set_str(L, "product", l.product);
        set_str(L, "group", l.group);
        set_int(L, "quantity_milli", l.quantity);
        if (l.unit_price.currency[0]) {
            push_money(L, &l.unit_price);
            lua_setfield(L, -2, "unit_price");
        }
        if (l.has_cost) {
            push_money(L, &l.unit_cost);
            lua_setfield(L, -2, "unit_cost");
        }
        push_rate(L, l.manual_rate);
        lua_setfield(L, -2, "manual_rate");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* price(actor, pricing) -> true */
static int of_price(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    luaL_checktype(L, 3, LUA_TTABLE);
    clm_offer_pricing p;
    clm_offer_pricing_init(&p);
    lua_getfield(L, 3, "engine");
    p.engine = box_get(L, -1, MT_ENGINE);
    lua_getfield(L, 3, "book");
    p.book = lua_isnil(L, -1) ? NULL : box_get(L, -1, MT_PRICE_BOOK);
    lua_pop(L, 2);
    p.policy_version = opt_field(L, 3, "policy_version");
    p.channel = opt_field(L, 3, "channel");
    clm_discount_client c = {.since = CLM_DISCOUNT_NO_DATE};
    lua_getfield(L, 3, "client");
    int ci = lua_gettop(L);
    luaL_checktype(L, ci, LUA_TTABLE);
    c.id = opt_field(L, ci, "id");
    c.legal_type = opt_field(L, ci, "legal_type");
    c.region = opt_field(L, ci, "region");
    c.risk_class = opt_field(L, ci, "risk_class");
    TRY(opt_date_field(L, ci, "since", &c.since));
    lua_getfield(L, ci, "categories");
    size_t nc = lua_istable(L, -1) ? lua_rawlen(L, -1) : 0;
    const char **cats = lua_newuserdatauv(L, (nc ? nc : 1) * sizeof *cats, 0);
    for (size_t i = 0; i < nc; i++) {
        lua_rawgeti(L, -2, (lua_Integer)i + 1);
        cats[i] = luaL_checkstring(L, -1);
        lua_pop(L, 1);   /* the categories table keeps it alive */
    }
    c.categories = cats;
    c.category_count = nc;
    p.client = &c;
    TRY(clm_offer_price(o, &who, &p));
    lua_pushboolean(L, 1);
    return 1;
}

static int of_totals(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    const clm_discount_totals *t = clm_offer_totals(o);
    if (!t)
        return fail(L, CLM_ESTATE);
    clm_offer_info in;
    TRY(clm_offer_info_get(&in, o));
    push_totals(L, t, in.currency);
    return 1;
}

/* approval() -> role|nil, why|nil, approvable */
static int of_approval(lua_State *L)
{
    const char *why = NULL;
    int approvable = 0;
    const char *role = clm_offer_approval_required(offer_at(L, 1), &why, &approvable);
    lua_pushstring(L, role);
    lua_pushstring(L, why);
    lua_pushboolean(L, approvable);
    return 3;
}

/* credit_records() -> {{stage=, user=, role=, overridden=, check={...}}...} */
static int of_credit_records(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_offer_info in;
    TRY(clm_offer_info_get(&in, o));
    size_t n = clm_offer_credit_count(o);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        clm_offer_credit_record r;
        TRY(clm_offer_credit_at(&r, o, i));
        lua_newtable(L);
        set_str(L, "stage", clm_offer_stage_name(r.stage));
        set_str(L, "user", r.user);
        set_str(L, "role", r.role);
        set_int(L, "at", r.at);
        lua_pushboolean(L, r.overridden);
        lua_setfield(L, -2, "overridden");
        push_credit_check(L, &r.check, in.currency);
        lua_setfield(L, -2, "check");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

#define DONE do { lua_pushboolean(L, 1); return 1; } while (0)

static int of_submit(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    clm_offer_credit c;
    const clm_offer_credit *cp;
    TRY(credit_from(L, 3, &c, &cp));
    TRY(clm_offer_submit(o, &who, cp));
    DONE;
}

static int of_approve(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    clm_offer_credit c;
    const clm_offer_credit *cp;
    TRY(credit_from(L, 3, &c, &cp));
    TRY(clm_offer_approve(o, &who, NULL, NULL, cp, luaL_optstring(L, 4, NULL)));
    DONE;
}

static int of_refuse(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    TRY(clm_offer_refuse(o, &who, NULL, NULL, luaL_checkstring(L, 3)));
    DONE;
}

/* send(actor, rules|nil, calendar, credit|nil) */
static int of_send(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    clm_offer_rules r;
    rules_from(L, 3, &r);
    clm_calendar *cal = box_get(L, 4, MT_CALENDAR);
    clm_offer_credit c;
    const clm_offer_credit *cp;
    TRY(credit_from(L, 5, &c, &cp));
    TRY(clm_offer_send(o, &who, &r, cal, cp));
    DONE;
}

/* credit_override(actor, credit policy, note) */
static int of_credit_override(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    TRY(clm_offer_credit_override(o, &who, box_get(L, 3, MT_CREDIT_POLICY),
                                  luaL_checkstring(L, 4)));
    DONE;
}

/* receive / withdraw / expire(actor, date[, note]) */
static int of_dated(lua_State *L, int what)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    clm_date d;
    TRY(check_date(L, 3, &d));
    if (what == 0)
        TRY(clm_offer_receive(o, &who, d));
    else if (what == 1)
        TRY(clm_offer_withdraw(o, &who, d, luaL_optstring(L, 4, NULL)));
    else
        TRY(clm_offer_expire(o, &who, d));
    DONE;
}
static int of_receive(lua_State *L) { return of_dated(L, 0); }
static int of_withdraw(lua_State *L) { return of_dated(L, 1); }
static int of_expire(lua_State *L) { return of_dated(L, 2); }

/* judge(acceptance, rules|nil, calendar) -> verdict, article */
static int of_judge(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_offer_acceptance a;
    TRY(acceptance_from(L, 2, &a));
    clm_offer_rules r;
    rules_from(L, 3, &r);
    clm_offer_verdict v;
    const char *article = NULL;
    TRY(clm_offer_judge_acceptance(&v, &article, o, &a, &r, box_get(L, 4, MT_CALENDAR)));
    lua_pushstring(L, clm_offer_verdict_name(v));
    lua_pushstring(L, article);
    return 2;
}

/* accept(actor, acceptance, rules|nil, calendar, credit|nil) */
static int of_accept(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    clm_offer_acceptance a;
    TRY(acceptance_from(L, 3, &a));
    clm_offer_rules r;
    rules_from(L, 4, &r);
    clm_calendar *cal = box_get(L, 5, MT_CALENDAR);
    clm_offer_credit c;
    const clm_offer_credit *cp;
    TRY(credit_from(L, 6, &c, &cp));
    TRY(clm_offer_accept(o, &who, &a, &r, cal, cp));
    DONE;
}

static int of_reject(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    TRY(clm_offer_reject(o, &who, luaL_optstring(L, 3, NULL)));
    DONE;
}

/* counter_draft(id, actor) -> the draft counter-offer */
static int of_counter_draft(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 3, &who);
    clm_offer *c;
    TRY(clm_offer_counter_draft(&c, o, luaL_checkstring(L, 2), &who));
    return push_offer(L, c);
}

/* counter(counter, actor, received_on, rules|nil, calendar) */
static int of_counter(lua_State *L)
{
    clm_offer *o = offer_at(L, 1), *c = offer_at(L, 2);
    clm_actor who;
    check_actor(L, 3, &who);
    clm_date on;
    TRY(check_date(L, 4, &on));
    clm_offer_rules r;
    rules_from(L, 5, &r);
    TRY(clm_offer_counter(o, c, &who, on, &r, box_get(L, 6, MT_CALENDAR)));
    DONE;
}

static int of_new_version(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_actor who;
    check_actor(L, 3, &who);
    clm_offer *n;
    TRY(clm_offer_new_version(&n, o, luaL_checkstring(L, 2), &who));
    return push_offer(L, n);
}

/* events() -> {{at=, user=, role=, on_behalf_of=, action=, from=, to=, note=}...} */
static int of_events(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    size_t n = clm_offer_event_count(o);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        clm_offer_event e;
        TRY(clm_offer_event_at(&e, o, i));
        lua_newtable(L);
        set_int(L, "at", e.at);
        set_str(L, "user", e.user);
        set_str(L, "role", e.role);
        set_str(L, "on_behalf_of", e.on_behalf_of);
        set_str(L, "action", e.action);
        set_str(L, "from", clm_offer_state_name(e.from));
        set_str(L, "to", clm_offer_state_name(e.to));
        set_str(L, "note", e.note);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int of_equal(lua_State *L)
{
    lua_pushboolean(L, clm_offer_equal(offer_at(L, 1), offer_at(L, 2)));
    return 1;
}

/* Text libclm allocated, pushed and freed. */
static int push_text(lua_State *L, int rc, char *text, size_t len)
{
    if (rc < 0)
        return fail(L, rc);
    lua_pushlstring(L, text, len);
    clm_free(text);
    return 1;
}

static int of_to_xml(lua_State *L)
{
    char *text = NULL;
    size_t len = 0;
    int rc = clm_offer_save_xml(&text, &len, offer_at(L, 1));
    return push_text(L, rc, text, len);
}

/* document(html) -> the text or HTML document */
static int of_document(lua_State *L)
{
    char *text = NULL;
    size_t len = 0;
    int rc = clm_offer_document(&text, &len, offer_at(L, 1),
                                lua_toboolean(L, 2) ? CLM_OFFER_DOC_HTML : CLM_OFFER_DOC_TEXT,
                                NULL);
    return push_text(L, rc, text, len);
}

/* save(store, actor, note) -> the stored version */
static int of_save(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    clm_store *st = box_get(L, 2, MT_STORE);
    clm_actor who;
    check_actor(L, 3, &who);
    TRY(clm_offer_store_save(st, o, &who, luaL_optstring(L, 4, NULL)));
    lua_pushinteger(L, clm_offer_stored_version(o));
    return 1;
}

static int l_offer_load(lua_State *L)
{
    clm_offer *o;
    TRY(clm_offer_store_load(&o, box_get(L, 1, MT_STORE), luaL_checkstring(L, 2)));
    return push_offer(L, o);
}

static int l_offer_from_xml(lua_State *L)
{
    size_t len;
    const char *buf = luaL_checklstring(L, 1, &len);
    clm_offer *o;
    TRY(clm_offer_load_xml(&o, buf, len, luaL_optstring(L, 2, NULL), NULL));
    return push_offer(L, o);
}

/* ---- contracts ------------------------------------------------------------------- */

/* contract_from_offer(offer, {id=, obligatory=}, actor) -> contract */
static int l_contract_from_offer(lua_State *L)
{
    clm_offer *o = offer_at(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    clm_contract_info in;
    clm_contract_info_init(&in);
    in.id = opt_field(L, 2, "id");
    in.obligatory = bool_field(L, 2, "obligatory");
    clm_actor who;
    check_actor(L, 3, &who);
    clm_contract *c;
    TRY(clm_contract_from_offer(&c, o, &in, &who));
    return push_contract(L, c);
}

static int ct_id(lua_State *L)
{
    lua_pushstring(L, clm_contract_id(contract_at(L, 1)));
    return 1;
}

static int ct_state(lua_State *L)
{
    lua_pushstring(L, clm_contract_state_name(clm_contract_state_get(contract_at(L, 1))));
    return 1;
}

/* amounts() -> amount, uninvoiced, invoiced */
static int ct_amounts(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    const char *cur = clm_contract_currency(c);
    int64_t amount, open;
    TRY(clm_contract_amount(&amount, c));
    TRY(clm_contract_uninvoiced(&open, c));
    push_minor(L, amount, cur);
    push_minor(L, open, cur);
    push_minor(L, clm_contract_invoiced(c), cur);
    return 3;
}

/* dispute(actor, {clause=, line= (from 1), draft=, client=, figure=,
 *  received_on=}) -> the disagreement's number (from 1) */
static int ct_dispute(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    luaL_checktype(L, 3, LUA_TTABLE);
    clm_contract_disagreement d;
    clm_contract_disagreement_init(&d);
    d.clause = opt_field(L, 3, "clause");
    d.draft = opt_field(L, 3, "draft");
    d.client = opt_field(L, 3, "client");
    lua_Integer line = int_field(L, 3, "line", 0);
    if (line > 0)
        d.line = (size_t)line - 1;
    lua_getfield(L, 3, "figure");
    int rc = 0;
    if (!lua_isnil(L, -1)) {
        rc = check_minor(L, -1, clm_contract_currency(c), 0, &d.figure);
        d.has_figure = 1;
    }
    lua_pop(L, 1);
    TRY(rc);
    TRY(opt_date_field(L, 3, "received_on", &d.received_on));
    size_t k;
    TRY(clm_contract_dispute(&k, c, &who, &d));
    lua_pushinteger(L, (lua_Integer)k + 1);
    return 1;
}

static size_t check_index(lua_State *L, int idx)
{
    lua_Integer i = luaL_checkinteger(L, idx);
    return i >= 1 ? (size_t)i - 1 : SIZE_MAX - 1;   /* out of range: libclm says so */
}

/* answer(actor, i, text, figure|nil) */
static int ct_answer(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    size_t i = check_index(L, 3);
    int64_t f = 0;
    int has = !lua_isnoneornil(L, 5);
    TRY(check_minor(L, 5, clm_contract_currency(c), 0, &f));
    TRY(clm_contract_answer(c, &who, i, luaL_checkstring(L, 4), has, f));
    DONE;
}

/* settle(actor, i, how ("client-wording", "company-wording", "answer"), note) */
static int ct_settle(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    size_t i = check_index(L, 3);
    clm_contract_settlement how;
    TRY(clm_contract_settlement_from_name(&how, luaL_checkstring(L, 4)));
    TRY(clm_contract_settle(c, &who, i, how, luaL_optstring(L, 5, NULL)));
    DONE;
}

static int ct_protocol_text(lua_State *L)
{
    char *text = NULL;
    size_t len = 0;
    int rc = clm_contract_protocol_text(&text, &len, contract_at(L, 1));
    return push_text(L, rc, text, len);
}

/* The acts of one actor: agree, start, complete; conclude(actor, signed_on);
 * invoice(actor, amount); terminate(actor, note). */
static int ct_act(lua_State *L, int what)
{
    clm_contract *c = contract_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    clm_date d;
    int64_t amount;
    switch (what) {
    case 0: TRY(clm_contract_agree(c, &who)); break;
    case 1: TRY(clm_contract_start(c, &who)); break;
    case 2: TRY(clm_contract_complete(c, &who)); break;
    case 3:
        TRY(check_date(L, 3, &d));
        TRY(clm_contract_conclude(c, &who, d));
        break;
    case 4:
        TRY(check_minor(L, 3, clm_contract_currency(c), 0, &amount));
        TRY(clm_contract_invoice(c, &who, amount));
        break;
    default: TRY(clm_contract_terminate(c, &who, luaL_checkstring(L, 3))); break;
    }
    DONE;
}
static int ct_agree(lua_State *L) { return ct_act(L, 0); }
static int ct_start(lua_State *L) { return ct_act(L, 1); }
static int ct_complete(lua_State *L) { return ct_act(L, 2); }
static int ct_conclude(lua_State *L) { return ct_act(L, 3); }
static int ct_invoice(lua_State *L) { return ct_act(L, 4); }
static int ct_terminate(lua_State *L) { return ct_act(L, 5); }

/* disagreements() -> {{clause=, line= (from 1), draft=, client=, figure=,
 *  received_on=, answer=, answer_figure=, settlement=, decided_by=,
 *  decided_role=, note=, answer_due=}...} */
static int ct_disagreements(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    const char *cur = clm_contract_currency(c);
    size_t n = clm_contract_disagreement_count(c);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        clm_contract_disagreement_record r;
        clm_date due = CLM_OFFER_NO_DATE;
        TRY(clm_contract_disagreement_at(&r, c, i));
        TRY(clm_contract_answer_due(&due, c, i));
        lua_newtable(L);
        set_str(L, "clause", r.clause);
        if (r.line != CLM_CONTRACT_NO_LINE)
            set_int(L, "line", (lua_Integer)r.line + 1);
        set_str(L, "draft", r.draft);
        set_str(L, "client", r.client);
        if (r.has_figure)
            set_minor(L, "figure", r.figure, cur);
        set_date_unless(L, "received_on", r.received_on, CLM_OFFER_NO_DATE);
        set_str(L, "answer", r.answer);
        if (r.has_answer_figure)
            set_minor(L, "answer_figure", r.answer_figure, cur);
        set_str(L, "settlement", clm_contract_settlement_name(r.settlement));
        set_str(L, "decided_by", r.decided_by);
        set_str(L, "decided_role", r.decided_role);
        set_str(L, "note", r.note);
        set_date_unless(L, "answer_due", due, CLM_OFFER_NO_DATE);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* add_special(actor, {kind=, text=, days=, rate=}) */
static int ct_add_special(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    clm_actor who;
    check_actor(L, 2, &who);
    luaL_checktype(L, 3, LUA_TTABLE);
    clm_contract_special sp;
    clm_contract_special_init(&sp);
    const char *kind = opt_field(L, 3, "kind");
    TRY(clm_contract_special_kind_from_name(&sp.kind, kind ? kind : ""));
    sp.text = opt_field(L, 3, "text");
    sp.days = (int32_t)int_field(L, 3, "days", 0);
    TRY(opt_rate_field(L, 3, "rate", &sp.rate));
    TRY(clm_contract_add_special(c, &who, &sp));
    DONE;
}

/* specials() -> {{kind=, text=, days=, rate=}...} */
static int ct_specials(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    size_t n = clm_contract_special_count(c);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        clm_contract_special sp;
        TRY(clm_contract_special_at(&sp, c, i));
        lua_newtable(L);
        set_str(L, "kind", clm_contract_special_kind_name(sp.kind));
        set_str(L, "text", sp.text);
        set_int(L, "days", sp.days);
        push_rate(L, sp.rate);
        lua_setfield(L, -2, "rate");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* renew(id, actor) -> the new draft contract */
static int ct_renew(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    clm_actor who;
    check_actor(L, 3, &who);
    clm_contract *n;
    TRY(clm_contract_renew(&n, c, luaL_checkstring(L, 2), &who));
    return push_contract(L, n);
}

/* events() -> {{at=, user=, role=, action=, from=, to=, note=}...} */
static int ct_events(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    size_t n = clm_contract_event_count(c);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        clm_contract_event e;
        TRY(clm_contract_event_at(&e, c, i));
        lua_newtable(L);
        set_int(L, "at", e.at);
        set_str(L, "user", e.user);
        set_str(L, "role", e.role);
        set_str(L, "action", e.action);
        set_str(L, "from", clm_contract_state_name(e.from));
        set_str(L, "to", clm_contract_state_name(e.to));
        set_str(L, "note", e.note);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int ct_equal(lua_State *L)
{
    lua_pushboolean(L, clm_contract_equal(contract_at(L, 1), contract_at(L, 2)));
    return 1;
}

static int ct_to_xml(lua_State *L)
{
    char *text = NULL;
    size_t len = 0;
    int rc = clm_contract_save_xml(&text, &len, contract_at(L, 1));
    return push_text(L, rc, text, len);
}

static int ct_document(lua_State *L)
{
    char *text = NULL;
    size_t len = 0;
    int rc = clm_contract_document(&text, &len, contract_at(L, 1),
                                   lua_toboolean(L, 2) ? CLM_OFFER_DOC_HTML : CLM_OFFER_DOC_TEXT,
                                   NULL);
    return push_text(L, rc, text, len);
}

static int ct_save(lua_State *L)
{
    clm_contract *c = contract_at(L, 1);
    clm_store *st = box_get(L, 2, MT_STORE);
    clm_actor who;
    check_actor(L, 3, &who);
    TRY(clm_contract_store_save(st, c, &who, luaL_optstring(L, 4, NULL)));
    lua_pushinteger(L, clm_contract_stored_version(c));
    return 1;
}

static int l_contract_load(lua_State *L)
{
    clm_contract *c;
    TRY(clm_contract_store_load(&c, box_get(L, 1, MT_STORE), luaL_checkstring(L, 2)));
    return push_contract(L, c);
}

static const luaL_Reg offer_methods[] = {
    {"id", of_id}, {"state", of_state}, {"info", of_info}, {"set_terms", of_set_terms},
    {"add_line", of_add_line}, {"lines", of_lines}, {"price", of_price}, {"totals", of_totals},
    {"approval", of_approval}, {"credit_records", of_credit_records}, {"submit", of_submit},
    {"approve", of_approve}, {"refuse", of_refuse}, {"send", of_send}, {"receive", of_receive},
    {"withdraw", of_withdraw}, {"expire", of_expire}, {"judge", of_judge},
    {"accept", of_accept}, {"reject", of_reject}, {"counter_draft", of_counter_draft},
    {"counter", of_counter}, {"new_version", of_new_version}, {"events", of_events},
    {"equal", of_equal}, {"to_xml", of_to_xml}, {"document", of_document}, {"save", of_save},
    {"credit_override", of_credit_override},
    {NULL, NULL}
};
static const luaL_Reg contract_methods[] = {
    {"id", ct_id}, {"state", ct_state}, {"amounts", ct_amounts}, {"dispute", ct_dispute},
    {"answer", ct_answer}, {"settle", ct_settle}, {"protocol_text", ct_protocol_text},
    {"agree", ct_agree}, {"start", ct_start}, {"complete", ct_complete},
    {"conclude", ct_conclude}, {"invoice", ct_invoice}, {"terminate", ct_terminate},
    {"equal", ct_equal}, {"to_xml", ct_to_xml}, {"document", ct_document}, {"save", ct_save},
    {"disagreements", ct_disagreements}, {"add_special", ct_add_special},
    {"specials", ct_specials}, {"renew", ct_renew}, {"events", ct_events},
    {NULL, NULL}
};
static const luaL_Reg functions[] = {
    {"offer_new", l_offer_new}, {"offer_load", l_offer_load},
    {"offer_from_xml", l_offer_from_xml}, {"contract_from_offer", l_contract_from_offer},
    {"contract_load", l_contract_load}, {NULL, NULL}
};

void clmlua_open_offer(lua_State *L)
{
    new_type(L, MT_OFFER, offer_methods);
    new_type(L, MT_CONTRACT, contract_methods);
    luaL_setfuncs(L, functions, 0);
}
