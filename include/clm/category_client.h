/*
 * category_client.h — a category policy (category.h) applied to client
 * records (client.h).
 *
 * The policy's rules evaluate over facts; this header connects them to a
 * clm_client: facts read from the record, a rule result written into the
 * client's categories (each change in its history with the rule that
 * caused it, docs/rules.md, Segmentation), and manual assignment checked against
 * the policy's role authority.
 *
 * Reasons written to the history, so that a later reader (and apply)
 * tells rules from people:
 *   "rule:<rule name>"                    a rule put the client in it
 *   "rule:none of policy '<name>' holds"  no rule holds any more
 *   "manual:<note>"                       assigned or removed by hand
 *
 * Thread safety: as common.h; functions that modify a client need it
 * exclusively.
 */
#ifndef CLM_CATEGORY_CLIENT_H
#define CLM_CATEGORY_CLIENT_H

#include "common.h"
#include "actor.h"
#include "category.h"
#include "client.h"

CLM_BEGIN_DECLS

/**
 * Fills the facts a client record holds: id, legal_type (its stable name),
 * region (NULL when unset), state (its stable name), client_since (the
 * first deal; CLM_FACT_NO_DATE if none) and last_purchase. The other
 * fields (currency, turnover, margin, abc, xyz, rfm, risk_class) come from
 * the sales and credit figures and are left as they are, so initialise
 * `facts` with CLM_CATEGORY_FACTS_INIT first. The strings are borrowed from
 * the client and valid while it is unmodified.
 * Errors: CLM_EINVAL (NULL). *facts untouched on error.
 */
CLM_API int clm_category_facts_from_client(clm_category_facts *facts, const clm_client *c);

/**
 * Brings the client's categories in line with a rule result from policy
 * `p`: rules[0..n) as clm_category_policy_evaluate() gives it for this
 * client's facts (n at least the policy's category count, else
 * CLM_EBUFSIZE; entries past it are ignored):
 *  - each category of `p` the result puts the client in and the client
 *    lacks is added, reason "rule:<the rule the result names>";
 *  - each category of `p` the result leaves out that the client has is
 *    removed, reason "rule:none of policy '<name>' holds", but only if
 *    rules put it there (the latest history entry adding it has a "rule:"
 *    reason); a category assigned by hand stays until someone removes it
 *    by hand;
 *  - categories the policy does not declare are left alone.
 * A category a person removed comes back while a rule holds for it: the
 * rules say what the client is; to keep a client out, change the rule (or
 * the facts it reads), not the category.
 * The changes are acts of `actor` (the system user that runs the rules);
 * no role check applies to them: the policy itself is the authority.
 *
 * The client is changed in place, all changes or none, as one
 * clm_client_apply() (one history entry per change, each with its reason):
 * `client` stays the same object. `changed` (may be NULL) receives the
 * number of categories added or removed; it is untouched on error.
 *
 * Errors: CLM_EINVAL (NULL, an invalid actor, a result naming a rule the
 * policy does not have), CLM_EBUFSIZE (n too small), CLM_ENOMEM. On error
 * the client, its history included, is exactly as before.
 */
CLM_API int clm_category_policy_apply(clm_client *client, const clm_actor *actor,
                                      const clm_category_policy *p, const uint32_t *rules,
                                      size_t n, size_t *changed);

/**
 * Assigns (assign = 1) or removes (assign = 0) `category` by hand, after
 * clm_category_policy_check_assign(): only the roles the policy lists for
 * the category may. The history records reason "manual:<note>" (`note`
 * non-empty: why).
 * Errors: CLM_EINVAL (NULL, empty note, invalid actor), CLM_ENOTFOUND (the
 * policy has no such category, or removing one the client lacks), CLM_EPERM
 * (the actor's role lacks the authority: the message names user, role and
 * the roles that have it), CLM_EEXISTS (assigning one the client has),
 * CLM_ENOMEM. The client is unchanged on error.
 */
CLM_API int clm_category_policy_assign(clm_client *c, const clm_actor *actor,
                                       const clm_category_policy *p, const char *category,
                                       int assign, const char *note);

CLM_END_DECLS

#endif /* CLM_CATEGORY_CLIENT_H */
