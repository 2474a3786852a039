/*
 * lang.c — the language of libclm's texts (clm/lang.h) for Lua: languages
 * are their names ("en", "ru"; a locale name such as "ru_RU.UTF-8" is read
 * too). The language belongs to the operating-system thread that runs the
 * Lua state, as in C; a new thread starts in English.
 *
 *   clm.lang_set("ru")          -> true, or nil, message, code
 *   clm.lang_get()              -> "ru"
 *   clm.lang_text(msgid [, lang]) -> the translation, or msgid itself
 *   clm.strerror(code)          -> the code's text in the thread's language
 */
#include "clmlua.h"

/* The language named at idx: *out set, or nil, message, code pushed (3). */
static int lang_arg(lua_State *L, int idx, clm_lang *out)
{
    int rc = clm_lang_from_name(out, luaL_checkstring(L, idx));
    return rc < 0 ? fail(L, rc) : 0;
}

static int l_lang_set(lua_State *L)
{
    clm_lang lang;
    int n = lang_arg(L, 1, &lang);
    if (n)
        return n;
    TRY(clm_lang_set(lang));
    lua_pushboolean(L, 1);
    return 1;
}

static int l_lang_get(lua_State *L)
{
    lua_pushstring(L, clm_lang_name(clm_lang_get()));
    return 1;
}

static int l_lang_text(lua_State *L)
{
    const char *msgid = luaL_checkstring(L, 1);
    clm_lang lang = clm_lang_get();
    if (!lua_isnoneornil(L, 2)) {
        int n = lang_arg(L, 2, &lang);
        if (n)
            return n;
    }
    lua_pushstring(L, clm_lang_text(lang, msgid));
    return 1;
}

static int l_strerror(lua_State *L)
{
    lua_pushstring(L, clm_strerror((int)luaL_checkinteger(L, 1)));
    return 1;
}

static const luaL_Reg functions[] = {
    {"lang_set", l_lang_set}, {"lang_get", l_lang_get}, {"lang_text", l_lang_text},
    {"strerror", l_strerror}, {NULL, NULL}
};

void clmlua_open_lang(lua_State *L)
{
    luaL_setfuncs(L, functions, 0);
}
