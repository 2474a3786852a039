/*
 * category_authority.h — a client's category authority table
 * (client.h, clm_category_authority) that asks a category policy
 * (category.h) who may assign a category by hand.
 *
 * client.h's clm_client_category_add()/_remove() consult an authority
 * table; a category policy declares, per category, the roles that may
 * assign or remove it by hand (clm_category_policy_check_assign()). This
 * adapter installs the policy as the table's narrowing callback, so that
 * every hand-made category change on a client, wherever it is made, obeys
 * the same policy that the rules use:
 *
 *     clm_category_authority *a;
 *     clm_category_authority_new(&a, 1);            // the table allows all...
 *     clm_category_authority_use_policy(a, p, 0);   // ...the policy decides
 *     clm_client_category_add(c, &who, "key", "manual: agreed", a);
 *     // CLM_EPERM unless who->role is one the policy lists for "key"
 *
 * Thread safety: the callback only reads the policy, so a table set up
 * this way may be shared between threads as long as neither the table nor
 * the policy is modified.
 */
#ifndef CLM_CATEGORY_AUTHORITY_H
#define CLM_CATEGORY_AUTHORITY_H

#include "common.h"
#include "category.h"
#include "client.h"

CLM_BEGIN_DECLS

/**
 * Installs on `a` (replacing any callback it had) a callback that allows
 * a hand-made change of category C by an actor only when
 * clm_category_policy_check_assign(p, C, actor) allows it: the same roles
 * may add and remove C. The table is asked first (client.h): the callback
 * can only narrow it, so build the table with default_allow = 1 and no
 * entries to let the policy alone decide.
 *
 * `others_allowed` says what happens to a category the policy does not
 * declare (tags kept by other processes): 1 leaves the decision to the
 * table, 0 refuses it (CLM_EPERM from the client call).
 *
 * A refusal makes clm_client_category_add()/_remove() fail with CLM_EPERM
 * naming role and category (the client unchanged); an error other than
 * "not allowed" or "no such category" from the policy check (CLM_EINVAL
 * for an invalid actor) is passed through.
 *
 * `p` is borrowed: it must outlive `a`, or the callback must be removed
 * first (clm_category_authority_set_callback(a, NULL, NULL)).
 * Errors: CLM_EINVAL (NULL a or p, others_allowed not 0 or 1). On error
 * the table is unchanged.
 */
CLM_API int clm_category_authority_use_policy(clm_category_authority *a,
                                              const clm_category_policy *p,
                                              int others_allowed);

CLM_END_DECLS

#endif /* CLM_CATEGORY_AUTHORITY_H */
