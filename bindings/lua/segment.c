/*
 * segment.c — ABC, XYZ and RFM segmentation for Lua (clm/segment.h).
 * Amounts are integers of minor units or money strings (one currency per
 * call); cut-offs are rates ("80%") or integers of parts per million.
 * segment_all() gives all three from one reading of the months.
 * Scratch arrays are Lua userdata, so an error leaks nothing.
 */
#include "clmlua.h"

#include <string.h>

/* A scratch array of n elements of `size` bytes, owned by the Lua stack. */
static void *scratch(lua_State *L, size_t n, size_t size)
{
    return lua_newuserdatauv(L, (n ? n : 1) * size, 0);
}

/* The amounts of the sequence at idx into v[0..n): integers as they are,
 * money strings as their minor units, all in the currency `cur` (set by
 * the first string when it is ""). */
static int amounts_in(lua_State *L, int idx, int64_t *v, size_t n, char cur[4])
{
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        int rc = 0;
        if (lua_isinteger(L, -1)) {
            v[i] = lua_tointeger(L, -1);
        } else {
            clm_money m;
            rc = check_money(L, -1, &m);
            if (rc == 0 && cur[0] == '\0')
                memcpy(cur, m.currency, 4);
            if (rc == 0)
                rc = check_minor(L, -1, cur, 0, &v[i]);
        }
        lua_pop(L, 1);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* amounts_in() for one sequence: all in its first string's currency. */
static int amounts_from(lua_State *L, int idx, int64_t *v, size_t n)
{
    char cur[4] = "";
    return amounts_in(L, idx, v, n, cur);
}

/* The months table at index 1, a sequence of n clients' sequences of as
 * many amounts as the first one's (*periods; left as it is when n is 0),
 * into a scratch array *out (pushed on the stack). The amounts are in
 * `cur` (set by the first string when ""), or, when cur is NULL, each
 * client's in its own first string's currency. A row of another length
 * raises a Lua error naming `fn`. */
static int months_table(lua_State *L, const char *fn, size_t n, size_t *periods, char cur[4],
                        int64_t **out)
{
    if (n > 0) {
        lua_rawgeti(L, 1, 1);
        luaL_checktype(L, -1, LUA_TTABLE);
        *periods = lua_rawlen(L, -1);
        lua_pop(L, 1);
    }
    const size_t m = *periods;
    int64_t *v = scratch(L, n * m, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, 1, (lua_Integer)i + 1);
        luaL_checktype(L, -1, LUA_TTABLE);
        if (lua_rawlen(L, -1) != m)
            return luaL_error(L, "%s: client %d has %d periods, the first %d", fn, (int)i + 1,
                              (int)lua_rawlen(L, -1), (int)m);
        int rc = cur != NULL ? amounts_in(L, lua_gettop(L), v + i * m, m, cur)
                             : amounts_from(L, lua_gettop(L), v + i * m, m);
        lua_pop(L, 1);
        if (rc < 0)
            return rc;
    }
    *out = v;
    return 0;
}

/* A cut-off at idx: a rate string, integer ppm, or nil for `dflt`. */
static int opt_cut(lua_State *L, int idx, clm_rate dflt, clm_rate *out)
{
    if (lua_isnoneornil(L, idx)) {
        *out = dflt;
        return 0;
    }
    if (lua_isinteger(L, idx)) {
        *out = lua_tointeger(L, idx);
        return 0;
    }
    return clm_rate_parse(out, luaL_checkstring(L, idx));
}

/* abc(amounts, a_cut, b_cut) -> {"A", "B", ...} */
static int l_abc(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    size_t n = lua_rawlen(L, 1);
    clm_abc_options o;
    clm_abc_options_init(&o);
    TRY(opt_cut(L, 2, o.a_cut, &o.a_cut));
    TRY(opt_cut(L, 3, o.b_cut, &o.b_cut));
    int64_t *v = scratch(L, n, sizeof *v);
    clm_abc_class *out = scratch(L, n, sizeof *out);
    TRY(amounts_from(L, 1, v, n));
    TRY(clm_abc_classify(out, v, n, &o));
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, clm_abc_class_name(out[i]));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* xyz({{period amounts of client 1}, ...}, x_cut, y_cut)
 * -> {{class=, cv=}, ...} (every client the same number of periods) */
static int l_xyz(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    size_t n = lua_rawlen(L, 1), periods = 0;
    clm_xyz_options o;
    clm_xyz_options_init(&o);
    TRY(opt_cut(L, 2, o.x_cut, &o.x_cut));
    TRY(opt_cut(L, 3, o.y_cut, &o.y_cut));
    int64_t *v;
    TRY(months_table(L, "xyz", n, &periods, NULL, &v));
    clm_xyz_class *out = scratch(L, n, sizeof *out);
    double *cv = scratch(L, n, sizeof *cv);
    TRY(clm_xyz_classify(out, cv, v, n, periods, &o));
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 2);
        set_str(L, "class", clm_xyz_class_name(out[i]));
        lua_pushnumber(L, cv[i]);
        lua_setfield(L, -2, "cv");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* rfm(last, frequency, monetary): last purchases as dates, integers that
 * grow with recency, or false for never; -> {{r=, f=, m=, segment=}, ...}
 * with the default segment names. */
static int l_rfm(lua_State *L)
{
    for (int a = 1; a <= 3; a++)
        luaL_checktype(L, a, LUA_TTABLE);
    size_t n = lua_rawlen(L, 1);
    if (lua_rawlen(L, 2) != n || lua_rawlen(L, 3) != n)
        return luaL_error(L, "rfm: last, frequency and monetary differ in length");
    int32_t *last = scratch(L, n, sizeof *last);
    int64_t *f = scratch(L, n, sizeof *f), *m = scratch(L, n, sizeof *m);
    clm_rfm_score *out = scratch(L, n, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, 1, (lua_Integer)i + 1);
        int rc = 0;
        if (lua_isinteger(L, -1))
            last[i] = (int32_t)lua_tointeger(L, -1);
        else if (lua_isnil(L, -1) || (lua_isboolean(L, -1) && !lua_toboolean(L, -1)))
            last[i] = CLM_RFM_NEVER;
        else
            rc = check_date(L, -1, &last[i]);
        lua_pop(L, 1);
        TRY(rc);
    }
    TRY(amounts_from(L, 2, f, n));
    TRY(amounts_from(L, 3, m, n));
    TRY(clm_rfm_score_batch(out, last, f, m, n));
    clm_rfm_segments *segs;
    TRY(clm_rfm_segments_new_default(&segs));
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 4);
        set_int(L, "r", out[i].r);
        set_int(L, "f", out[i].f);
        set_int(L, "m", out[i].m);
        set_str(L, "segment", clm_rfm_segments_name(segs, out[i]));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    clm_rfm_segments_free(segs);
    return 1;
}

/* segment_all({{period amounts of client 1}, ...}, a_cut, b_cut, x_cut, y_cut)
 * -> {{abc=, xyz=, cv=, r=, f=, m=, segment=, total=, frequency=, last=}, ...}:
 * ABC, XYZ and RFM from one reading of the months (clm_segment_all()), the
 * same as segment_abc(totals), segment_xyz(periods) and segment_rfm(last,
 * frequency, totals); total in minor units, last the number (from 1) of the
 * last period with an amount > 0, nil if none. */
static int l_all(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    size_t n = lua_rawlen(L, 1), periods = 2; /* no client: any valid count */
    clm_segment_options o;
    clm_segment_options_init(&o);
    TRY(opt_cut(L, 2, o.abc.a_cut, &o.abc.a_cut));
    TRY(opt_cut(L, 3, o.abc.b_cut, &o.abc.b_cut));
    TRY(opt_cut(L, 4, o.xyz.x_cut, &o.xyz.x_cut));
    TRY(opt_cut(L, 5, o.xyz.y_cut, &o.xyz.y_cut));
    char cur[4] = "";
    int64_t *v;
    TRY(months_table(L, "segment_all", n, &periods, cur, &v));
    clm_segment_result out = {
        .abc = scratch(L, n, sizeof *out.abc),
        .xyz = scratch(L, n, sizeof *out.xyz),
        .rfm = scratch(L, n, sizeof *out.rfm),
        .cv = scratch(L, n, sizeof *out.cv),
        .total = scratch(L, n, sizeof *out.total),
        .frequency = scratch(L, n, sizeof *out.frequency),
        .last = scratch(L, n, sizeof *out.last),
    };
    TRY(clm_segment_all(&out, v, n, periods, &o));
    clm_rfm_segments *segs;
    TRY(clm_rfm_segments_new_default(&segs));
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 10);
        set_str(L, "abc", clm_abc_class_name(out.abc[i]));
        set_str(L, "xyz", clm_xyz_class_name(out.xyz[i]));
        lua_pushnumber(L, out.cv[i]);
        lua_setfield(L, -2, "cv");
        set_int(L, "r", out.rfm[i].r);
        set_int(L, "f", out.rfm[i].f);
        set_int(L, "m", out.rfm[i].m);
        set_str(L, "segment", clm_rfm_segments_name(segs, out.rfm[i]));
        set_int(L, "total", out.total[i]);
        set_int(L, "frequency", out.frequency[i]);
        if (out.last[i] != CLM_RFM_NEVER)
            set_int(L, "last", (lua_Integer)out.last[i] + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    clm_rfm_segments_free(segs);
    return 1;
}

static const luaL_Reg functions[] = {
    {"segment_abc", l_abc}, {"segment_xyz", l_xyz}, {"segment_rfm", l_rfm},
    {"segment_all", l_all}, {NULL, NULL}
};

void clmlua_open_segment(lua_State *L)
{
    luaL_setfuncs(L, functions, 0);
}
