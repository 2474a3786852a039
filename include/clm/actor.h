/*
 * actor.h — who acts, in which role, and when.
 *
 * Every act libclm records (a change to a client, a category assignment, a
 * discount granted, an audit-log entry) names its actor: the user, the role
 * the user acts in, and the moment. Roles are names the user's policies
 * define ("manager", "head_of_department", "director"); which role may do
 * what is decided by the module that owns the act (category policy,
 * discount approval ladder).
 */
#ifndef CLM_ACTOR_H
#define CLM_ACTOR_H

#include "common.h"

CLM_BEGIN_DECLS

/** A moment: seconds since 1970-01-01T00:00:00Z (UTC). */
typedef int64_t clm_time;

/**
 * Who acts. A transparent value the caller fills in; the strings are
 * borrowed for the duration of the call (functions that keep them copy
 * them). `user` and `role` must be non-empty.
 */
typedef struct clm_actor {
    const char *user;  /**< user id, as the caller's system names users */
    const char *role;  /**< the role the user acts in for this act */
    clm_time at;       /**< when the act happens */
} clm_actor;

/**
 * Checks that `a` names a user and a role (non-NULL, non-empty, at most
 * 255 bytes each). Errors: CLM_EINVAL, with the field at fault in the last
 * error. Thread-safe.
 */
CLM_API int clm_actor_check(const clm_actor *a);

CLM_END_DECLS

#endif /* CLM_ACTOR_H */
