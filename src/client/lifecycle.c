/*
 * lifecycle.c — the client's lifecycle states and the transition table
 * documented in client.h, and the inactivity test.
 */
#include <string.h>

#include "client_internal.h"

#define S(x) (1u << (CLM_CLIENT_##x))

/* allowed[from] = mask of the states `from` may move to (client.h table). */
static const unsigned int allowed[] = {
    [CLM_CLIENT_POTENTIAL]  = S(INTERESTED) | S(NEW) | S(LOST),
    [CLM_CLIENT_INTERESTED] = S(POTENTIAL) | S(NEW) | S(LOST),
    [CLM_CLIENT_NEW]        = S(ACTIVE) | S(INACTIVE) | S(LOST),
    [CLM_CLIENT_ACTIVE]     = S(REGULAR) | S(KEY) | S(INACTIVE) | S(LOST),
    [CLM_CLIENT_REGULAR]    = S(ACTIVE) | S(KEY) | S(INACTIVE) | S(LOST),
    [CLM_CLIENT_KEY]        = S(ACTIVE) | S(REGULAR) | S(INACTIVE) | S(LOST),
    [CLM_CLIENT_INACTIVE]   = S(ACTIVE) | S(REGULAR) | S(LOST),
    [CLM_CLIENT_LOST]       = S(POTENTIAL) | S(ACTIVE),
};

int clm_client_state_allowed(clm_client_state from, clm_client_state to)
{
    if (clm_client_state_name(from) == NULL || clm_client_state_name(to) == NULL)
        return 0;
    return (allowed[from] & (1u << to)) != 0;
}

int clm_client_set_state(clm_client *c, const clm_actor *actor,
                         clm_client_state to, const char *lost_to)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if (clm_client_state_name(to) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "state", "", 0, "state: unknown value %d",
                            (int)to);
    if (clm_client__empty(lost_to))
        lost_to = NULL;
    if (lost_to != NULL && to != CLM_CLIENT_LOST)
        return clm_core__fail_at(CLM_EINVAL, "lost_to", "", 0,
                            "lost_to: a competitor is given only with state lost");
    if (lost_to != NULL && (rc = clm_core__check_text(lost_to, CLM_CORE__TEXT_ID, "lost_to")) < 0)
        return rc;
    if (!clm_client_state_allowed(c->state, to))
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                            "state: client %s cannot move from %s to %s", c->id,
                            clm_client_state_name(c->state), clm_client_state_name(to));
    /* Leaving lost clears the competitor; entering lost sets it. */
    int lost_changes = !clm_core__streq(c->lost_to, lost_to);
    char *nl = NULL;
    clm_client__change ch = { NULL, { 0 } }, ch2 = { NULL, { 0 } };
    if ((lost_to != NULL && (nl = clm_core__strdup(lost_to)) == NULL) ||
        clm_client__hist_reserve(c, 2) < 0 ||
        clm_client__change_make(&ch, actor, "state", clm_client_state_name(c->state),
                         clm_client_state_name(to), "") < 0 ||
        (lost_changes &&
         clm_client__change_make(&ch2, actor, "lost_to", c->lost_to, lost_to, "") < 0)) {
        clm_core__free(nl);
        clm_client__change_free(&ch);
        return clm_core__oom("state change");
    }
    c->state = to;
    clm_core__free(c->lost_to);
    c->lost_to = nl;
    clm_client__hist_push(c, &ch);
    if (lost_changes)
        clm_client__hist_push(c, &ch2);
    return 0;
}

int clm_client_is_inactive(int *out, const clm_client *c, clm_date on,
                           int32_t threshold_days)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_is_inactive: NULL argument");
    if (threshold_days < 0)
        return clm_core__fail_at(CLM_EINVAL, "threshold_days", "", 0,
                            "client_is_inactive: negative threshold %ld",
                            (long)threshold_days);
    if (on < CLM_DATE_MIN || on > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "on", "", 0,
                            "client_is_inactive: date out of range");
    clm_date from = c->dates[CLM_CLIENT_LAST_PURCHASE];
    if (from == CLM_CLIENT_NO_DATE)
        from = c->dates[CLM_CLIENT_FIRST_CONTACT];
    /* Both are valid dates, so the difference fits comfortably in int64. */
    *out = from != CLM_CLIENT_NO_DATE &&
           (int64_t)on - (int64_t)from > (int64_t)threshold_days;
    return 0;
}
