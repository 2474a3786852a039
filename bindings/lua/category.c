/*
 * category.c — category policies for Lua (clm/category.h,
 * clm/category_client.h): load, evaluate a client's facts (a table, or a
 * client's own with fields over them), apply the result to a client, assign
 * by hand. Facts: {id=, client=, currency=, turnover=, margin= (money),
 * since=, last_purchase= (dates), abc="A", xyz="X", r=, f=, m=,
 * risk_class=, region=, legal_type=, state=}.
 */
#include "clmlua.h"

#include <string.h>

#define MT_CATEGORY_POLICY "clm.category_policy"

static void policy_destroy(void *p) { clm_category_policy_free(p); }

static clm_category_policy *policy_at(lua_State *L, int i)
{
    return box_get(L, i, MT_CATEGORY_POLICY);
}

static int l_policy_load(lua_State *L)
{
    clm_category_policy *p;
    TRY(clm_category_policy_load_file(&p, luaL_checkstring(L, 1), NULL));
    box_new(L, p, policy_destroy, MT_CATEGORY_POLICY);
    return 1;
}

/* info() -> {name=, currency=, categories={...}, rules={{name=, category=}...}} */
static int pol_info(lua_State *L)
{
    clm_category_policy *p = policy_at(L, 1);
    lua_newtable(L);
    set_str(L, "name", clm_category_policy_name(p));
    const char *cur = clm_category_policy_currency(p);
    set_str(L, "currency", cur && *cur ? cur : NULL);
    lua_newtable(L);
    for (size_t i = 0; i < clm_category_policy_category_count(p); i++) {
        lua_pushstring(L, clm_category_policy_category_name(p, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "categories");
    lua_newtable(L);
    for (size_t j = 0; j < clm_category_policy_rule_count(p); j++) {
        lua_newtable(L);
        set_str(L, "name", clm_category_policy_rule_name(p, j));
        set_str(L, "category",
                clm_category_policy_category_name(p, clm_category_policy_rule_category(p, j)));
        lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_setfield(L, -2, "rules");
    return 1;
}

static int class_of(const char *name, const char *(*namer)(int), int *out)
{
    for (int i = 1; i <= 3; i++)
        if (namer(i) && strcmp(namer(i), name) == 0) {
            *out = i;
            return 0;
        }
    return CLM_EINVAL;
}
static const char *abc_name(int i) { return clm_abc_class_name((clm_abc_class)i); }
static const char *xyz_name(int i) { return clm_xyz_class_name((clm_xyz_class)i); }

/* The facts table at idx into *f; strings stay owned by the table. */
static int facts_from(lua_State *L, int idx, clm_category_facts *f, const char *policy_currency)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    clm_category_facts_init(f);
    lua_getfield(L, idx, "client");
    int rc = 0;
    if (!lua_isnil(L, -1))
        rc = clm_category_facts_from_client(f, box_get(L, -1, MT_CLIENT));
    lua_pop(L, 1);
    if (rc < 0)
        return rc;
    static const char *const texts[] = {"id", "risk_class", "region", "legal_type", "state"};
    const char **slots[] = {&f->id, &f->risk_class, &f->region, &f->legal_type, &f->state};
    for (int i = 0; i < 5; i++) {
        const char *s = opt_field(L, idx, texts[i]);
        if (s)
            *slots[i] = s;
    }
    /* The currency: the facts', else the policy's, else the first amount's. */
    char cur[4] = "";
    const char *given = opt_field(L, idx, "currency");
    if (!given && policy_currency && *policy_currency)
        given = policy_currency;
    if (given) {
        if (strlen(given) != 3)
            return luaL_error(L, "facts.currency: '%s' is not a three-letter code", given);
        memcpy(cur, given, sizeof cur);
    }
    static const char *const monies[] = {"turnover", "margin"};
    int64_t *mslots[] = {&f->turnover, &f->margin};
    for (int i = 0; i < 2; i++) {
        lua_getfield(L, idx, monies[i]);
        if (!lua_isnil(L, -1)) {
            clm_money m;
            rc = check_money(L, -1, &m);
            if (rc == 0 && cur[0] == '\0')
                memcpy(cur, m.currency, sizeof cur);
            if (rc == 0)
                rc = check_minor(L, -1, cur, 0, mslots[i]);
        }
        lua_pop(L, 1);
        if (rc < 0)
            return rc;
    }
    if (cur[0])
        memcpy(f->currency, cur, sizeof cur);
    static const char *const dates[] = {"since", "last_purchase"};
    clm_date *dslots[] = {&f->client_since, &f->last_purchase};
    for (int i = 0; i < 2; i++) {
        lua_getfield(L, idx, dates[i]);
        if (!lua_isnil(L, -1))
            rc = check_date(L, -1, dslots[i]);
        lua_pop(L, 1);
        if (rc < 0)
            return rc;
    }
    const char *abc = opt_field(L, idx, "abc"), *xyz = opt_field(L, idx, "xyz");
    int v;
    if (abc) {
        if ((rc = class_of(abc, abc_name, &v)) < 0)
            return luaL_error(L, "facts.abc: '%s' is not A, B or C", abc);
        f->abc = (clm_abc_class)v;
    }
    if (xyz) {
        if ((rc = class_of(xyz, xyz_name, &v)) < 0)
            return luaL_error(L, "facts.xyz: '%s' is not X, Y or Z", xyz);
        f->xyz = (clm_xyz_class)v;
    }
    static const char *const rfm[] = {"r", "f", "m"};
    uint8_t *rslots[] = {&f->rfm.r, &f->rfm.f, &f->rfm.m};
    for (int i = 0; i < 3; i++) {
        lua_getfield(L, idx, rfm[i]);
        if (!lua_isnil(L, -1))
            *rslots[i] = (uint8_t)luaL_checkinteger(L, -1);
        lua_pop(L, 1);
    }
    return 0;
}

/* Evaluates the facts at idx on the date at idx + 1 into out[0..k). */
static int evaluate_into(lua_State *L, clm_category_policy *p, int idx, uint32_t *out, size_t k)
{
    clm_category_facts f;
    clm_date as_of;
    int rc = facts_from(L, idx, &f, clm_category_policy_currency(p));
    if (rc == 0)
        rc = check_date(L, idx + 1, &as_of);
    if (rc == 0)
        rc = clm_category_policy_evaluate(out, k, p, &f, as_of);
    return rc;
}

/* evaluate(facts, as_of) -> {category = rule name, ...} (the categories that hold) */
static int pol_evaluate(lua_State *L)
{
    clm_category_policy *p = policy_at(L, 1);
    size_t k = clm_category_policy_category_count(p);
    uint32_t *out = lua_newuserdatauv(L, (k ? k : 1) * sizeof *out, 0);
    TRY(evaluate_into(L, p, 2, out, k));
    lua_newtable(L);
    for (size_t c = 0; c < k; c++)
        if (out[c] != CLM_CATEGORY_NO_RULE)
            set_str(L, clm_category_policy_category_name(p, c),
                    clm_category_policy_rule_name(p, out[c]));
    return 1;
}

/* apply(client, actor, facts, as_of) -> the number of categories changed */
static int pol_apply(lua_State *L)
{
    clm_category_policy *p = policy_at(L, 1);
    clm_client *c = box_get(L, 2, MT_CLIENT);
    clm_actor a;
    check_actor(L, 3, &a);
    size_t k = clm_category_policy_category_count(p);
    uint32_t *out = lua_newuserdatauv(L, (k ? k : 1) * sizeof *out, 0);
    TRY(evaluate_into(L, p, 4, out, k));
    size_t changed = 0;
    TRY(clm_category_policy_apply(c, &a, p, out, k, &changed));
    lua_pushinteger(L, (lua_Integer)changed);
    return 1;
}

/* assign(client, actor, category, yes, note) -> true */
static int pol_assign(lua_State *L)
{
    clm_category_policy *p = policy_at(L, 1);
    clm_client *c = box_get(L, 2, MT_CLIENT);
    clm_actor a;
    check_actor(L, 3, &a);
    TRY(clm_category_policy_assign(c, &a, p, luaL_checkstring(L, 4), lua_toboolean(L, 5),
                                   luaL_checkstring(L, 6)));
    lua_pushboolean(L, 1);
    return 1;
}

static const luaL_Reg policy_methods[] = {
    {"info", pol_info}, {"evaluate", pol_evaluate}, {"apply", pol_apply},
    {"assign", pol_assign}, {NULL, NULL}
};
static const luaL_Reg functions[] = {{"category_policy_load", l_policy_load}, {NULL, NULL}};

void clmlua_open_category(lua_State *L)
{
    new_type(L, MT_CATEGORY_POLICY, policy_methods);
    luaL_setfuncs(L, functions, 0);
}
