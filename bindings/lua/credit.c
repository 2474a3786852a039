/*
 * credit.c — credit for Lua (clm/credit.h, credit_policy.h,
 * credit_history.h): a client's history (standing, positions, ageing in
 * the policy's buckets, the due list, the art. 266 reserve, DSO) and the
 * credit policy (grade, recommended and resolved limits, the check).
 * Amounts are money strings in the policy's or the ledger's currency.
 */
#include "clmlua.h"

#include <string.h>

#define MT_CREDIT_HISTORY "clm.credit_history"

static void policy_destroy(void *p) { clm_credit_policy_free(p); }
static void history_destroy(void *p) { clm_credit_history_free(p); }

static clm_credit_policy *policy_at(lua_State *L, int i) { return box_get(L, i, MT_CREDIT_POLICY); }
static clm_credit_history *history_at(lua_State *L, int i) { return box_get(L, i, MT_CREDIT_HISTORY); }

static const char *ledger_currency(clm_credit_history *h)
{
    return clm_credit_ledger_currency(clm_credit_history_ledger(h));
}

/* ---- policies ------------------------------------------------------------ */

static int l_policy_load(lua_State *L)
{
    clm_credit_policy *p;
    TRY(clm_credit_policy_load_file(&p, luaL_checkstring(L, 1), NULL));
    box_new(L, p, policy_destroy, MT_CREDIT_POLICY);
    return 1;
}

/* info() -> {name=, currency=, grades={...}} */
static int pol_info(lua_State *L)
{
    clm_credit_policy *p = policy_at(L, 1);
    lua_newtable(L);
    set_str(L, "name", clm_credit_policy_name(p));
    set_str(L, "currency", clm_credit_policy_currency(p));
    lua_newtable(L);
    for (size_t i = 0; i < clm_credit_policy_grade_count(p); i++) {
        lua_pushstring(L, clm_credit_policy_grade_at(p, i, NULL));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "grades");
    return 1;
}

/* grade{bands={"safe",...}, paydex=, receivables=, overdue=, tenure_days=}
 * -> {grade=, index=, score= (milli-points), parts={{input=, present=,
 *     weight=, score=, contribution=}...}} */
static int pol_grade(lua_State *L)
{
    clm_credit_policy *p = policy_at(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    const char *cur = clm_credit_policy_currency(p);
    clm_credit_grade_input in;
    clm_credit_grade_input_init(&in);
    clm_credit_band bands[64];
    lua_getfield(L, 2, "bands");
    size_t nb = lua_istable(L, -1) ? lua_rawlen(L, -1) : 0;
    if (nb > sizeof bands / sizeof bands[0])
        return luaL_error(L, "grade: at most %d bands", (int)(sizeof bands / sizeof bands[0]));
    for (size_t i = 0; i < nb; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        int rc = clm_credit_band_from_name(&bands[i], luaL_checkstring(L, -1));
        lua_pop(L, 1);
        TRY(rc);
    }
    lua_pop(L, 1);
    in.bands = nb ? bands : NULL;
    in.band_count = nb;
    lua_getfield(L, 2, "paydex");
    if (!lua_isnil(L, -1)) {
        in.has_paydex = 1;
        in.paydex = (int)luaL_checkinteger(L, -1);
    }
    lua_getfield(L, 2, "tenure_days");
    in.tenure_days = (int32_t)luaL_optinteger(L, -1, -1);
    lua_getfield(L, 2, "receivables");
    lua_getfield(L, 2, "overdue");
    TRY(check_minor(L, -2, cur, 0, &in.receivables));
    TRY(check_minor(L, -1, cur, 0, &in.overdue));
    lua_pop(L, 4);
    clm_credit_grade g;
    TRY(clm_credit_grade_compute(&g, p, &in));
    lua_newtable(L);
    set_str(L, "grade", g.grade);
    set_int(L, "index", (lua_Integer)g.grade_index);
    set_int(L, "score", g.score);
    lua_newtable(L);
    for (int i = 0; i < 4; i++) {
        lua_newtable(L);
        set_str(L, "input", g.part[i].input);
        lua_pushboolean(L, g.part[i].present);
        lua_setfield(L, -2, "present");
        set_int(L, "weight", g.part[i].weight);
        set_int(L, "score", g.part[i].score);
        lua_pushnumber(L, g.part[i].contribution);
        lua_setfield(L, -2, "contribution");
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "parts");
    return 1;
}

/* recommend_limit(grade, {net_worth=, working_capital=, monthly_sales=})
 * -> {amount=, basis=, terms={{basis=, rate=, base=, amount=}...}} */
static int pol_recommend_limit(lua_State *L)
{
    clm_credit_policy *p = policy_at(L, 1);
    const char *grade = luaL_checkstring(L, 2);
    const char *cur = clm_credit_policy_currency(p);
    clm_credit_figures f;
    clm_credit_figures_init(&f);
    if (lua_istable(L, 3)) {
        static const char *const keys[] = {"net_worth", "working_capital", "monthly_sales"};
        int *has[] = {&f.has_net_worth, &f.has_working_capital, &f.has_monthly_sales};
        int64_t *val[] = {&f.net_worth, &f.working_capital, &f.monthly_sales};
        for (int i = 0; i < 3; i++) {
            lua_getfield(L, 3, keys[i]);
            if (!lua_isnil(L, -1)) {
                *has[i] = 1;
                TRY(check_minor(L, -1, cur, 0, val[i]));
            }
            lua_pop(L, 1);
        }
    }
    clm_credit_limit l;
    TRY(clm_credit_limit_recommend(&l, p, grade, &f));
    lua_newtable(L);
    set_minor(L, "amount", l.amount, cur);
    set_str(L, "basis", clm_credit_basis_name(l.term[l.chosen].basis));
    lua_newtable(L);
    for (size_t i = 0; i < l.count; i++) {
        lua_newtable(L);
        set_str(L, "basis", clm_credit_basis_name(l.term[i].basis));
        push_rate(L, l.term[i].rate);
        lua_setfield(L, -2, "rate");
        set_minor(L, "base", l.term[i].base, cur);
        set_minor(L, "amount", l.term[i].amount, cur);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "terms");
    return 1;
}

/* resolve_limit(client_limit|nil, group|nil) -> amount, source */
static int pol_resolve_limit(lua_State *L)
{
    clm_credit_policy *p = policy_at(L, 1);
    const char *cur = clm_credit_policy_currency(p);
    int64_t own = 0, out;
    int has = !lua_isnoneornil(L, 2);
    TRY(check_minor(L, 2, cur, 0, &own));
    clm_credit_limit_source src;
    TRY(clm_credit_limit_resolve(&out, &src, p, has ? &own : NULL, luaL_optstring(L, 3, NULL)));
    push_minor(L, out, cur);
    lua_pushstring(L, clm_credit_limit_source_name(src));
    return 2;
}

/* check{receivables=, orders=, document=, max_days_overdue=, limit=}
 * -> {decision=, reasons={"over the limit"...}, exposure=, headroom=, ...} */
static int pol_check(lua_State *L)
{
    clm_credit_policy *p = policy_at(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    const char *cur = clm_credit_policy_currency(p);
    clm_credit_check_input in;
    clm_credit_check_input_init(&in);
    static const char *const keys[] = {"receivables", "orders", "document", "limit"};
    int64_t *val[] = {&in.receivables, &in.orders, &in.document, &in.limit};
    for (int i = 0; i < 4; i++) {
        lua_getfield(L, 2, keys[i]);
        int rc = check_minor(L, -1, cur, 0, val[i]);
        lua_pop(L, 1);
        TRY(rc);
    }
    lua_getfield(L, 2, "max_days_overdue");
    in.max_days_overdue = (int32_t)luaL_optinteger(L, -1, 0);
    lua_pop(L, 1);
    clm_credit_check c;
    TRY(clm_credit_check_compute(&c, p, &in));
    push_credit_check(L, &c, cur);
    return 1;
}

void push_credit_check(lua_State *L, const clm_credit_check *c, const char *cur)
{
    lua_newtable(L);
    set_str(L, "decision", clm_credit_decision_name(c->decision));
    lua_newtable(L);
    static const struct { unsigned bit; const char *text; } reasons[] = {
        {CLM_CREDIT_REASON_OVER_LIMIT, "over the limit"},
        {CLM_CREDIT_REASON_NEAR_LIMIT, "near the limit"},
        {CLM_CREDIT_REASON_OVERDUE, "overdue"},
        {CLM_CREDIT_REASON_LATE, "late"},
    };
    int k = 0;
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (c->reasons & reasons[i].bit) {
            lua_pushstring(L, reasons[i].text);
            lua_rawseti(L, -2, ++k);
        }
    lua_setfield(L, -2, "reasons");
    set_minor(L, "exposure", c->exposure, cur);
    set_minor(L, "receivables", c->receivables, cur);
    set_minor(L, "orders", c->orders, cur);
    set_minor(L, "document", c->document, cur);
    set_minor(L, "limit", c->limit, cur);
    set_minor(L, "headroom", c->headroom, cur);
}

/* ---- histories ----------------------------------------------------------- */

static int l_history_load(lua_State *L)
{
    clm_credit_history *h;
    TRY(clm_credit_history_load_file(&h, luaL_checkstring(L, 1), NULL));
    box_new(L, h, history_destroy, MT_CREDIT_HISTORY);
    return 1;
}

/* client() -> {id=, name=, group=, since=, limit=, net_worth=,
 *  working_capital=, monthly_sales=, currency=, last_date=}, or nil, message */
static int hist_client(lua_State *L)
{
    clm_credit_history *h = history_at(L, 1);
    const clm_credit_client_file *c = clm_credit_history_client(h);
    const char *cur = ledger_currency(h);
    if (!c) {
        lua_pushnil(L);
        lua_pushstring(L, "the history names no client");
        return 2;
    }
    lua_newtable(L);
    set_str(L, "id", c->id);
    set_str(L, "name", c->name);
    set_str(L, "group", c->group);
    set_str(L, "currency", cur);
    set_date_unless(L, "since", c->since, CLM_CREDIT_NO_DATE);
    set_date_unless(L, "last_date", clm_credit_history_last_date(h), CLM_CREDIT_NO_DATE);
    if (c->has_limit)
        set_minor(L, "limit", c->limit, cur);
    if (c->figures.has_net_worth)
        set_minor(L, "net_worth", c->figures.net_worth, cur);
    if (c->figures.has_working_capital)
        set_minor(L, "working_capital", c->figures.working_capital, cur);
    if (c->figures.has_monthly_sales)
        set_minor(L, "monthly_sales", c->figures.monthly_sales, cur);
    return 1;
}

/* The client's positions on the date at idx (default: the history's last
 * date); NULL and *rc on failure. */
static clm_credit_positions *positions_at(lua_State *L, clm_credit_history *h, int idx,
                                          clm_date *as_of, int *rc)
{
    const clm_credit_client_file *c = clm_credit_history_client(h);
    *as_of = clm_credit_history_last_date(h);
    *rc = lua_isnoneornil(L, idx) ? 0 : check_date(L, idx, as_of);
    clm_credit_positions *ps = NULL;
    if (*rc == 0)
        *rc = clm_credit_positions_new(&ps, clm_credit_history_ledger(h), c ? c->id : NULL, *as_of);
    return *rc < 0 ? NULL : ps;
}

/* standing(as_of) -> {open=, unapplied=, overdue=, max_days_overdue=,
 *  paydex=, experiences=, days_beyond=, tenure_days=} */
static int hist_standing(lua_State *L)
{
    clm_credit_history *h = history_at(L, 1);
    const char *cur = ledger_currency(h);
    clm_date as_of;
    int rc;
    clm_credit_positions *ps = positions_at(L, h, 2, &as_of, &rc);
    TRY(rc);
    const clm_credit_position *pos = clm_credit_positions_array(ps);
    size_t n = clm_credit_positions_count(ps);
    clm_credit_paydex px;
    rc = clm_credit_paydex_compute(&px, pos, n, NULL);
    if (rc < 0) {
        clm_credit_positions_free(ps);
        return fail(L, rc);
    }
    int64_t overdue = 0;
    int32_t max_days = 0;
    for (size_t i = 0; i < n; i++)
        if (pos[i].open > 0 && as_of > pos[i].due) {
            overdue += pos[i].open;
            if (as_of - pos[i].due > max_days)
                max_days = (int32_t)(as_of - pos[i].due);
        }
    lua_newtable(L);
    push_date(L, as_of);
    lua_setfield(L, -2, "as_of");
    set_minor(L, "open", clm_credit_positions_open(ps), cur);
    set_minor(L, "unapplied", clm_credit_positions_unapplied(ps), cur);
    set_minor(L, "overdue", overdue, cur);
    set_int(L, "max_days_overdue", max_days);
    if (px.available)
        set_int(L, "paydex", px.index_rounded);
    set_int(L, "experiences", (lua_Integer)px.experiences);
    lua_pushnumber(L, px.days_beyond);
    lua_setfield(L, -2, "days_beyond");
    const clm_credit_client_file *c = clm_credit_history_client(h);
    if (c && c->since != CLM_CREDIT_NO_DATE && c->since <= as_of)
        set_int(L, "tenure_days", as_of - c->since);
    clm_credit_positions_free(ps);
    return 1;
}

/* ageing(as_of, policy) -> {buckets={{from=, to=, amount=, invoices=}...}, total=} */
static int hist_ageing(lua_State *L)
{
    clm_credit_history *h = history_at(L, 1);
    clm_credit_policy *p = policy_at(L, 3);
    const char *cur = ledger_currency(h);
    clm_credit_buckets b;
    TRY(clm_credit_policy_buckets(&b, p));
    clm_date as_of;
    int rc;
    clm_credit_positions *ps = positions_at(L, h, 2, &as_of, &rc);
    TRY(rc);
    clm_credit_ageing ag;
    rc = clm_credit_ageing_compute(&ag, clm_credit_positions_array(ps),
                                   clm_credit_positions_count(ps), as_of, &b);
    clm_credit_positions_free(ps);
    TRY(rc);
    lua_newtable(L);
    lua_newtable(L);
    for (size_t k = 0; k < ag.count; k++) {
        lua_newtable(L);
        if (ag.bucket[k].from_days != INT32_MIN)
            set_int(L, "from", ag.bucket[k].from_days);
        if (ag.bucket[k].to_days != INT32_MAX)
            set_int(L, "to", ag.bucket[k].to_days);
        set_minor(L, "amount", ag.bucket[k].amount, cur);
        set_int(L, "invoices", (lua_Integer)ag.bucket[k].invoices);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    lua_setfield(L, -2, "buckets");
    set_minor(L, "total", ag.total, cur);
    return 1;
}

/* due(as_of) -> {{invoice=, open=, since=, days=, manager=}...} */
static int hist_due(lua_State *L)
{
    clm_credit_history *h = history_at(L, 1);
    const char *cur = ledger_currency(h);
    clm_date as_of;
    int rc;
    clm_credit_positions *ps = positions_at(L, h, 2, &as_of, &rc);
    TRY(rc);
    clm_credit_due_list *due = NULL;
    rc = clm_credit_due_list_new(&due, ps, NULL);
    clm_credit_positions_free(ps);
    TRY(rc);
    lua_newtable(L);
    for (size_t i = 0; i < clm_credit_due_list_count(due); i++) {
        const clm_credit_due_item *it = clm_credit_due_list_at(due, i);
        lua_newtable(L);
        set_str(L, "invoice", it->invoice_id);
        set_minor(L, "open", it->open, cur);
        push_date(L, it->since);
        lua_setfield(L, -2, "since");
        set_int(L, "days", it->days_overdue);
        set_str(L, "manager", it->manager);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    clm_credit_due_list_free(due);
    return 1;
}

/* reserve(as_of, policy, revenue) -> {reserve=, over_90=, from_45=, capped=} */
static int hist_reserve(lua_State *L)
{
    clm_credit_history *h = history_at(L, 1);
    clm_credit_policy *p = policy_at(L, 3);
    const char *cur = ledger_currency(h);
    clm_credit_reserve_options ro;
    clm_credit_reserve_options_init(&ro);
    TRY(check_minor(L, 4, cur, 0, &ro.revenue_current));
    TRY(clm_credit_policy_reserve_rounding(&ro.rounding, p));
    clm_date as_of;
    int rc;
    clm_credit_positions *ps = positions_at(L, h, 2, &as_of, &rc);
    TRY(rc);
    clm_credit_reserve r;
    rc = clm_credit_reserve_compute(&r, clm_credit_positions_array(ps),
                                    clm_credit_positions_count(ps), as_of, &ro);
    clm_credit_positions_free(ps);
    TRY(rc);
    lua_newtable(L);
    set_minor(L, "reserve", r.reserve, cur);
    set_minor(L, "over_90", r.over_90, cur);
    set_minor(L, "from_45", r.from_45, cur);
    lua_pushboolean(L, r.capped);
    lua_setfield(L, -2, "capped");
    return 1;
}

/* dso(from, to) -> {dso= (nil when no sales), receivables=, sales=, days=} */
static int hist_dso(lua_State *L)
{
    clm_credit_history *h = history_at(L, 1);
    const char *cur = ledger_currency(h);
    clm_date from;
    TRY(check_date(L, 2, &from));
    clm_date to;
    int rc;
    clm_credit_positions *ps = positions_at(L, h, 3, &to, &rc);
    TRY(rc);
    clm_credit_dso d;
    rc = clm_credit_dso_compute(&d, clm_credit_positions_array(ps),
                                clm_credit_positions_count(ps), from, to);
    clm_credit_positions_free(ps);
    TRY(rc);
    lua_newtable(L);
    if (d.defined) {
        lua_pushnumber(L, d.dso);
        lua_setfield(L, -2, "dso");
    }
    set_minor(L, "receivables", d.receivables, cur);
    set_minor(L, "sales", d.sales, cur);
    set_int(L, "days", d.days);
    return 1;
}


/* positions(as_of) -> {{invoice=, manager=, due=, amount=, paid=, open=,
 *  experience=, days_beyond=, paydex=}...} */
static int hist_positions(lua_State *L)
{
    clm_credit_history *h = history_at(L, 1);
    const char *cur = ledger_currency(h);
    clm_date as_of;
    int rc;
    clm_credit_positions *ps = positions_at(L, h, 2, &as_of, &rc);
    TRY(rc);
    const clm_credit_position *pos = clm_credit_positions_array(ps);
    size_t n = clm_credit_positions_count(ps);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 9);
        set_str(L, "invoice", pos[i].invoice_id);
        set_str(L, "manager", pos[i].manager);
        push_date(L, pos[i].due);
        lua_setfield(L, -2, "due");
        set_minor(L, "amount", pos[i].amount, cur);
        set_minor(L, "paid", pos[i].paid, cur);
        set_minor(L, "open", pos[i].open, cur);
        lua_pushboolean(L, pos[i].has_experience);
        lua_setfield(L, -2, "experience");
        lua_pushnumber(L, pos[i].days_beyond);
        lua_setfield(L, -2, "days_beyond");
        lua_pushnumber(L, clm_credit_paydex_of_days(pos[i].days_beyond));
        lua_setfield(L, -2, "paydex");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    clm_credit_positions_free(ps);
    return 1;
}

/* ---- statements and the built-in models ------------------------------------ */

#define MT_CREDIT_STATEMENTS "clm.credit_statements"

static void statements_destroy(void *p) { clm_credit_statements_free(p); }

static int l_statements_load(lua_State *L)
{
    clm_credit_statements *st;
    TRY(clm_credit_statements_load_file(&st, luaL_checkstring(L, 1), NULL));
    box_new(L, st, statements_destroy, MT_CREDIT_STATEMENTS);
    return 1;
}

/* Built-in model i that cannot score: its name and the lines it lacks. */
static void push_unscored(lua_State *L, size_t i, const clm_credit_statements *st, const char *why)
{
    clm_credit_model *m = NULL;
    int lines[24];
    size_t n = 0;
    lua_newtable(L);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "scored");
    set_str(L, "why", why);
    lua_newtable(L);
    if (clm_credit_model_builtin(&m, (clm_credit_builtin)i, NULL) == 0 &&
        clm_credit_model_missing(lines, sizeof lines / sizeof lines[0], &n, m, st) == 0) {
        for (size_t k = 0; k < n; k++) {
            lua_pushinteger(L, lines[k]);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, "missing");
        set_str(L, "model", clm_credit_model_name(m));
    } else {
        lua_setfield(L, -2, "missing");
    }
    clm_credit_model_free(m);
}

/* score_builtins() -> per built-in model {scored=true, model=, score=,
 *  probability=, band=, level=, explanation=} or {scored=false, model=,
 *  missing={lines; clm.CREDIT_LINE_MVE: the market value of equity}, why=} */
static int stm_score_builtins(lua_State *L)
{
    clm_credit_statements *st = box_get(L, 1, MT_CREDIT_STATEMENTS);
    clm_credit_results *rs = NULL;
    TRY(clm_credit_score_builtins(&rs, st, NULL));
    size_t n = clm_credit_results_count(rs);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        int err = 0;
        const char *why = NULL;
        const clm_credit_result *r = clm_credit_results_get(rs, i, &err, &why);
        clm_credit_summary sm;
        char *text = NULL;
        if (!r || clm_credit_result_summary(&sm, r) < 0 ||
            clm_credit_result_format(&text, NULL, r) < 0) {
            push_unscored(L, i, st, why);
        } else {
            lua_newtable(L);
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, "scored");
            set_str(L, "model", sm.model);
            lua_pushnumber(L, sm.score);
            lua_setfield(L, -2, "score");
            if (sm.has_probability) {
                lua_pushnumber(L, sm.probability);
                lua_setfield(L, -2, "probability");
            }
            set_str(L, "band", sm.band);
            set_str(L, "level", clm_credit_band_name(sm.level));
            set_str(L, "explanation", text);
        }
        clm_free(text);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    clm_credit_results_free(rs);
    return 1;
}

static const luaL_Reg statements_methods[] = {{"score_builtins", stm_score_builtins}, {NULL, NULL}};

static const luaL_Reg policy_methods[] = {
    {"info", pol_info}, {"grade", pol_grade}, {"recommend_limit", pol_recommend_limit},
    {"resolve_limit", pol_resolve_limit}, {"check", pol_check}, {NULL, NULL}
};
static const luaL_Reg history_methods[] = {
    {"client", hist_client}, {"standing", hist_standing}, {"ageing", hist_ageing},
    {"due", hist_due}, {"reserve", hist_reserve}, {"dso", hist_dso},
    {"positions", hist_positions}, {NULL, NULL}
};
static const luaL_Reg functions[] = {
    {"credit_policy_load", l_policy_load}, {"credit_history_load", l_history_load},
    {"credit_statements_load", l_statements_load}, {NULL, NULL}
};

void clmlua_open_credit(lua_State *L)
{
    new_type(L, MT_CREDIT_POLICY, policy_methods);
    new_type(L, MT_CREDIT_HISTORY, history_methods);
    new_type(L, MT_CREDIT_STATEMENTS, statements_methods);
    luaL_setfuncs(L, functions, 0);
    lua_pushinteger(L, CLM_CREDIT_LINE_MVE);
    lua_setfield(L, -2, "CREDIT_LINE_MVE");
}
