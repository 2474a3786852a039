/*
 * category_authority.c — a client's category authority table that asks a
 * category policy (category_authority.h).
 */
#include "core/core.h"
#include "clm/category_authority.h"

/* 1 allow, 0 refuse, < 0 an error passed through. */
static int ask(const char *category, const clm_actor *actor, const clm_category_policy *p,
               int others_allowed)
{
    int rc = clm_category_policy_check_assign(p, category, actor);
    if (rc == 0)
        return 1;
    if (rc == CLM_EPERM)
        return 0;
    if (rc == CLM_ENOTFOUND)
        return others_allowed;
    return rc;
}

/* The policy is only read; the payload is not const because the callback
 * type is shared with callers whose payload is mutable. */
static int ask_others_allowed(const char *category, const clm_actor *actor, int adding,
                              void *payload)
{
    (void)adding; /* the same roles may add and remove */
    return ask(category, actor, payload, 1);
}

static int ask_others_refused(const char *category, const clm_actor *actor, int adding,
                              void *payload)
{
    (void)adding;
    return ask(category, actor, payload, 0);
}

int clm_category_authority_use_policy(clm_category_authority *a,
                                      const clm_category_policy *p, int others_allowed)
{
    if (a == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "category_authority_use_policy: NULL argument");
    if (others_allowed != 0 && others_allowed != 1)
        return clm_core__fail_at(CLM_EINVAL, "others_allowed", NULL, 0,
                            "category_authority_use_policy: others_allowed is %d, "
                            "expected 0 or 1",
                            others_allowed);
    return clm_category_authority_set_callback(
        a, others_allowed ? ask_others_allowed : ask_others_refused, (void *)(uintptr_t)p);
}
