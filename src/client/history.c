/*
 * history.c — the change history of a client: building entries, reserving
 * room, appending. Every mutating call builds its entries before it touches
 * the client, so a failed allocation leaves both record and history as
 * they were.
 */
#include <assert.h>
#include <string.h>

#include "client_internal.h"

int clm_client__change_make(clm_client__change *out, const clm_actor *actor, const char *field,
                     const char *old_value, const char *new_value,
                     const char *reason)
{
    const char *parts[6] = { actor->user, actor->role, field, clm_client__s(old_value),
                             clm_client__s(new_value), clm_client__s(reason) };
    size_t lens[6], total = 0;
    for (int i = 0; i < 6; i++) {
        lens[i] = strlen(parts[i]);
        total += lens[i] + 1;
    }
    char *block = clm_core__malloc(total);
    if (block == NULL)
        return clm_core__oom("history entry");
    const char *ptrs[6];
    char *w = block;
    for (int i = 0; i < 6; i++) {
        memcpy(w, parts[i], lens[i] + 1);
        ptrs[i] = w;
        w += lens[i] + 1;
    }
    out->block = block;
    out->view.user = ptrs[0];
    out->view.role = ptrs[1];
    out->view.at = actor->at;
    out->view.field = ptrs[2];
    out->view.old_value = ptrs[3];
    out->view.new_value = ptrs[4];
    out->view.reason = ptrs[5];
    return 0;
}

void clm_client__change_free(clm_client__change *ch)
{
    if (ch != NULL) {
        clm_core__free(ch->block);
        ch->block = NULL;
    }
}

int clm_client__hist_reserve(clm_client *c, size_t extra)
{
    return clm_core__grow((void **)&c->hist, &c->caphist, c->nhist + extra,
                     sizeof(clm_client__change), "client history");
}

void clm_client__hist_push(clm_client *c, clm_client__change *ch)
{
    /* callers reserve first (clm_client__hist_reserve), so a push cannot fail */
    assert(c->nhist < c->caphist);
    assert(ch->block != NULL);
    c->hist[c->nhist++] = *ch;
    ch->block = NULL;
}

int clm_client__check_actor(const clm_client *c, const clm_actor *actor)
{
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "client: NULL client");
    return clm_actor_check(actor);
}

int clm_client__record(clm_client *c, const clm_actor *actor, const char *field,
                       const char *old_value, const char *new_value,
                       const char *reason)
{
    clm_client__change ch;
    if (clm_client__hist_reserve(c, 1) < 0)
        return CLM_ENOMEM;
    if (clm_client__change_make(&ch, actor, field, old_value, new_value, reason) < 0)
        return CLM_ENOMEM;
    clm_client__hist_push(c, &ch);
    return 0;
}

size_t clm_client_history_count(const clm_client *c)
{
    return c != NULL ? c->nhist : 0;
}

int clm_client_history_at(clm_client_change *out, const clm_client *c, size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_history_at: NULL argument");
    if (i >= c->nhist)
        return clm_core__fail(CLM_ERANGE, "client_history_at: index %zu, history has %zu",
                         i, c->nhist);
    *out = c->hist[i].view;
    return 0;
}
