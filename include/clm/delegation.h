/*
 * delegation.h — a deputy acts with an absent manager's authority.
 *
 * The job descriptions: "during the manager's absence his duties are
 * performed by a deputy, who acquires the corresponding rights and bears
 * the responsibility". A clm_delegations object holds such periods: manager
 * M is replaced by deputy U from day `first` to day `last`, both included.
 *
 * Rules (documented choices):
 *  - a manager has at most one deputy on any day: periods of the same
 *    manager may not overlap (CLM_EEXISTS); a deputy may stand in for
 *    several managers at once;
 *  - a manager always acts for himself, even while replaced (he may come
 *    back early);
 *  - authority is not transitive: if deputy U is absent and replaced by V,
 *    V acts for U but not for U's principal M (register M -> V explicitly).
 *
 * Acting with the principal's authority: a deputy who acts for M checks
 * clm_delegations_may_act(deputy, M, day) and then acts with an actor whose
 * user is the deputy and whose role is M's role (clm_actor), so every
 * recorded act names who actually did it and under which authority; role
 * checks (category authority, approval limits) then see M's role.
 * clm_contact_due() takes delegations directly.
 *
 * Thread safety: as common.h says.
 */
#ifndef CLM_DELEGATION_H
#define CLM_DELEGATION_H

#include "common.h"
#include "date.h"

CLM_BEGIN_DECLS

typedef struct clm_delegations clm_delegations;

/** Creates an empty set. Errors: CLM_EINVAL (NULL out), CLM_ENOMEM. */
CLM_API int clm_delegations_new(clm_delegations **out);
CLM_API void clm_delegations_free(clm_delegations *d);

/**
 * Adds "deputy acts for manager from first to last" (user ids copied,
 * non-empty, at most 255 bytes, different from each other).
 * Errors: CLM_EINVAL (NULL, empty, deputy == manager), CLM_ERANGE (first >
 * last, or a date outside CLM_DATE_MIN..CLM_DATE_MAX), CLM_EEXISTS (the
 * period overlaps one of the same manager's; the message gives it),
 * CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_delegations_add(clm_delegations *d, const char *manager,
                                const char *deputy, clm_date first, clm_date last);

/**
 * Removes the manager's period that starts on `first`.
 * Errors: CLM_EINVAL, CLM_ENOTFOUND. Unchanged on error.
 */
CLM_API int clm_delegations_remove(clm_delegations *d, const char *manager,
                                   clm_date first);

/** Number of periods, and the i-th in (manager, first) order. Outputs may
 *  be NULL; strings owned by d. Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API size_t clm_delegations_count(const clm_delegations *d);
CLM_API int clm_delegations_at(const char **manager, const char **deputy, clm_date *first,
                               clm_date *last, const clm_delegations *d, size_t i);

/**
 * *out = 1 if `user` may act for `manager` on `on`: user is the manager, or
 * user is the manager's deputy for a period covering `on`; else 0.
 * `d` may be NULL (no delegations). Errors: CLM_EINVAL (NULL out, user or
 * manager), CLM_ERANGE (invalid date). Thread-safe for a const d.
 */
CLM_API int clm_delegations_may_act(int *out, const clm_delegations *d,
                                    const char *user, const char *manager,
                                    clm_date on);

/**
 * *out = who acts for `manager` on `on`: the deputy if a period covers the
 * day (owned by d), else `manager` itself (the pointer given).
 * Errors: CLM_EINVAL, CLM_ERANGE. *out untouched on error.
 */
CLM_API int clm_delegations_acting(const char **out, const clm_delegations *d,
                                   const char *manager, clm_date on);

CLM_END_DECLS

#endif /* CLM_DELEGATION_H */
