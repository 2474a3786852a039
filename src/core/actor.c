/* actor.c — who acts, in which role, and when. */
#include <string.h>

#include "clm/actor.h"
#include "core/core.h"

static int check_name(const char *s, const char *field)
{
    if (s == NULL || s[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, field, NULL, 0, "actor: %s is empty", field);
    if (strlen(s) > 255)
        return clm_core__fail_at(CLM_EINVAL, field, NULL, 0, "actor: %s is longer than 255 bytes", field);
    return 0;
}

int clm_actor_check(const clm_actor *a)
{
    if (a == NULL)
        return clm_core__fail(CLM_EINVAL, "actor: NULL");
    int rc = check_name(a->user, "user");
    if (rc == 0)
        rc = check_name(a->role, "role");
    return rc;
}
