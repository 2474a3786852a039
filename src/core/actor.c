/* actor.c — who acts, in which role, and when. */
#include <string.h>

#include "clm/actor.h"
#include "core/core.h"

int clm_actor_check(const clm_actor *a)
{
    if (a == NULL)
        return clm_core__fail(CLM_EINVAL, "actor: NULL");
    int rc = clm_core__check_text(a->user, CLM_CORE__TEXT_ID, "user");
    if (rc == 0)
        rc = clm_core__check_text(a->role, CLM_CORE__TEXT_ID, "role");
    return rc;
}
