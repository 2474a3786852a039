/*
 * contact.c — the contact log for Lua (clm/contact.h, clm/client_store.h):
 * save an entry (audited) and list the entries of a client, a manager or
 * a range of next-action dates. An entry is a table {direction=
 * "incoming"|"outgoing", channel= (libclm's name), at= (seconds),
 * client_id=, manager=, purpose=, result=, next_action=, next_due=}.
 */
#include "clmlua.h"

#include <string.h>

/* The entry table at idx into *e (strings owned by the table). */
static int entry_from(lua_State *L, int idx, clm_contact_entry *e)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    clm_contact_entry_init(e);
    int rc = 0;
    const char *dir = opt_field(L, idx, "direction"), *ch = opt_field(L, idx, "channel");
    if (dir)
        rc = clm_contact_direction_from_name(&e->direction, dir);
    if (rc == 0 && ch)
        rc = clm_contact_channel_from_name(&e->channel, ch);
    if (rc < 0)
        return rc;
    lua_getfield(L, idx, "at");
    e->at = (clm_time)luaL_optinteger(L, -1, 0);
    lua_pop(L, 1);
    e->client_id = opt_field(L, idx, "client_id");
    e->manager = opt_field(L, idx, "manager");
    e->purpose = opt_field(L, idx, "purpose");
    e->result = opt_field(L, idx, "result");
    e->next_action = opt_field(L, idx, "next_action");
    lua_getfield(L, idx, "next_due");
    if (!lua_isnil(L, -1))
        rc = check_date(L, -1, &e->next_due);
    lua_pop(L, 1);
    return rc;
}

/* contact_save(store, actor, entry_id, version (0: new), entry, note) -> version */
static int l_contact_save(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_actor a;
    check_actor(L, 2, &a);
    const char *id = luaL_checkstring(L, 3);
    int64_t version = luaL_checkinteger(L, 4);
    clm_contact_entry e;
    TRY(entry_from(L, 5, &e));
    int64_t v;
    TRY(clm_contact_store_save(&v, st, &a, id, version, &e, luaL_optstring(L, 6, NULL)));
    lua_pushinteger(L, v);
    return 1;
}

static int collect(const char *id, int64_t version, const clm_contact_entry *e, void *payload)
{
    lua_State *L = payload;
    lua_createtable(L, 0, 11);
    set_str(L, "id", id);
    set_int(L, "version", version);
    set_str(L, "direction", clm_contact_direction_name(e->direction));
    set_str(L, "channel", clm_contact_channel_name(e->channel));
    set_int(L, "at", e->at);
    set_str(L, "client_id", e->client_id);
    set_str(L, "manager", e->manager);
    /* a scan gives "" for an absent text: nil here, as on the way in */
    set_str(L, "purpose", *e->purpose ? e->purpose : NULL);
    set_str(L, "result", *e->result ? e->result : NULL);
    set_str(L, "next_action", *e->next_action ? e->next_action : NULL);
    set_date_unless(L, "next_due", e->next_due, CLM_CONTACT_NO_DATE);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    return 0;
}

/* contact_scan(store, {client_id=, manager=, due_from=, due_to=}) -> {entries} */
static int l_contact_scan(lua_State *L)
{
    clm_store *st = box_get(L, 1, MT_STORE);
    clm_contact_filter f;
    clm_contact_filter_init(&f);
    if (lua_istable(L, 2)) {
        f.client_id = opt_field(L, 2, "client_id");
        f.manager = opt_field(L, 2, "manager");
        static const char *const keys[] = {"due_from", "due_to"};
        clm_date *slots[] = {&f.due_from, &f.due_to};
        for (int i = 0; i < 2; i++) {
            lua_getfield(L, 2, keys[i]);
            int rc = lua_isnil(L, -1) ? 0 : check_date(L, -1, slots[i]);
            lua_pop(L, 1);
            TRY(rc);
        }
    }
    lua_newtable(L);
    TRY(clm_contact_store_scan(st, &f, collect, L));
    return 1;
}

static const luaL_Reg functions[] = {
    {"contact_save", l_contact_save}, {"contact_scan", l_contact_scan}, {NULL, NULL}
};

void clmlua_open_contact(lua_State *L)
{
    luaL_setfuncs(L, functions, 0);
}
