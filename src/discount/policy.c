/*
 * policy.c — the discount policy as a mutable, introspectable object:
 * settings, groups, role caps, rules and their conditions. Validation of
 * conditions, actions, caps and the ladder lives with each concept.
 */
#include <string.h>

#include "clm/money.h"
#include "discount_internal.h"

static bool empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

int clm_discount_policy_new(clm_discount_policy **out, const char *name,
                            const char *currency)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy: out is NULL");
    clm_currency cur;
    int rc = clm_core__check_text(name, CLM_CORE__TEXT_LINE, "name");
    if (rc < 0 || (rc = clm_currency_find(&cur, currency)) < 0)
        return rc;
    clm_discount_policy *p = clm_core__calloc(1, sizeof *p);
    if (p == NULL)
        return clm_core__oom("discount policy");
    p->name = clm_core__strdup(name ? name : "");
    if (p->name == NULL) {
        clm_core__free(p);
        return clm_core__oom("discount policy name");
    }
    memcpy(p->currency, cur.code, sizeof p->currency);
    p->stacking = CLM_DISCOUNT_STACK_COMPOUNDING;
    p->rounding = CLM_ROUND_HALF_EVEN;
    p->basis = CLM_DISCOUNT_MARGIN_ON_COST;
    p->coupon_match = CLM_DISCOUNT_COUPON_FOLD_ASCII;
    p->caps = (clm_discount_caps)CLM_DISCOUNT_CAPS_INIT;
    clm_discount__map_init(&p->group_index);
    clm_discount__map_init(&p->rule_index);
    *out = p;
    return 0;
}

static void rule_free(clm_discount__rule *r)
{
    clm_core__free((char *)r->pub.id);
    clm_core__free((char *)r->pub.description);
    clm_core__free((char *)r->pub.exclusion_group);
    for (size_t i = 0; i < r->ncond; i++)
        clm_discount__cond_free(&r->conds[i]);
    clm_core__free(r->conds);
}

void clm_discount_policy_free(clm_discount_policy *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->nrules; i++)
        rule_free(&p->rules[i]);
    clm_core__free(p->rules);
    clm_discount__map_free(&p->rule_index);
    for (size_t i = 0; i < p->ngroups; i++) {
        clm_core__free(p->groups[i].name);
        clm_core__free(p->groups[i].parent);
    }
    clm_core__free(p->groups);
    clm_discount__map_free(&p->group_index);
    for (size_t i = 0; i < p->nrole_caps; i++)
        clm_core__free(p->role_caps[i].role);
    clm_core__free(p->role_caps);
    for (size_t i = 0; i < p->nladder; i++)
        clm_core__free((char *)p->ladder[i].role);
    clm_core__free(p->ladder);
    clm_core__free(p->name);
    clm_core__free(p);
}

int clm_discount_policy_dup(clm_discount_policy **out, const clm_discount_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy dup: NULL argument");
    clm_discount_policy *q;
    int rc = clm_discount_policy_new(&q, p->name, p->currency);
    if (rc < 0)
        return rc;
    q->stacking = p->stacking;
    q->rounding = p->rounding;
    q->basis = p->basis;
    q->coupon_match = p->coupon_match;
    q->caps = p->caps;
    for (size_t i = 0; rc == 0 && i < p->nrole_caps; i++)
        rc = clm_discount_policy_add_role_caps(q, p->role_caps[i].role, &p->role_caps[i].caps);
    for (size_t i = 0; rc == 0 && i < p->ngroups; i++)
        rc = clm_discount_policy_add_group(q, p->groups[i].name, p->groups[i].parent);
    for (size_t i = 0; rc == 0 && i < p->nladder; i++)
        rc = clm_discount_policy_add_approval(q, &p->ladder[i]);
    for (size_t i = 0; rc == 0 && i < p->nrules; i++) {
        const clm_discount__rule *r = &p->rules[i];
        /* reserve the exact condition count up front: one allocation */
        rc = clm_discount_policy_add_rule(NULL, q, &r->pub);
        if (rc == 0 && r->ncond > 0) {
            clm_discount__rule *qr = &q->rules[q->nrules - 1];
            rc = clm_core__grow((void **)&qr->conds, &qr->capcond, r->ncond, sizeof *qr->conds,
                           "discount conditions");
        }
        for (size_t j = 0; rc == 0 && j < r->ncond; j++)
            rc = clm_discount_policy_add_condition(q, i, &r->conds[j]);
    }
    if (rc < 0) {
        clm_discount_policy_free(q);
        return rc;
    }
    *out = q;
    return 0;
}

const char *clm_discount_policy_name(const clm_discount_policy *p)
{
    return p ? p->name : NULL;
}

const char *clm_discount_policy_currency(const clm_discount_policy *p)
{
    return p ? p->currency : NULL;
}

int clm_discount_policy_set_stacking(clm_discount_policy *p, clm_discount_stacking s)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy: NULL policy");
    if (clm_discount_stacking_name(s) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "stacking", "", 0,
                            "discount policy: unknown stacking mode %d", (int)s);
    p->stacking = s;
    return 0;
}

int clm_discount_policy_set_coupon_match(clm_discount_policy *p, clm_discount_coupon_match m)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy: NULL policy");
    if (clm_discount_coupon_match_name(m) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "coupon-match", "", 0,
                                 "discount policy: unknown coupon match %d", (int)m);
    p->coupon_match = m;
    return 0;
}

clm_discount_coupon_match clm_discount_policy_coupon_match(const clm_discount_policy *p)
{
    return p ? p->coupon_match : CLM_DISCOUNT_COUPON_FOLD_ASCII;
}

int clm_discount_policy_set_rounding(clm_discount_policy *p, clm_rounding mode)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy: NULL policy");
    if (clm_rounding_name(mode) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rounding", "", 0,
                            "discount policy: unknown rounding mode %d", (int)mode);
    p->rounding = mode;
    return 0;
}

int clm_discount_policy_set_margin_basis(clm_discount_policy *p, clm_discount_margin_basis b)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy: NULL policy");
    if (clm_discount_margin_basis_name(b) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "margin-basis", "", 0,
                            "discount policy: unknown margin basis %d", (int)b);
    /* every margin figure already in the policy must make sense on the new
     * basis (a 100 % margin on price is impossible) */
    int rc = clm_discount__caps_check(&p->caps, b, "policy caps");
    for (size_t i = 0; rc == 0 && i < p->nrole_caps; i++)
        rc = clm_discount__caps_check(&p->role_caps[i].caps, b, p->role_caps[i].role);
    if (rc < 0)
        return rc;
    p->basis = b;
    return 0;
}

clm_discount_stacking clm_discount_policy_stacking(const clm_discount_policy *p)
{
    return p ? p->stacking : CLM_DISCOUNT_STACK_COMPOUNDING;
}

clm_rounding clm_discount_policy_rounding(const clm_discount_policy *p)
{
    return p ? p->rounding : CLM_ROUND_HALF_EVEN;
}

clm_discount_margin_basis clm_discount_policy_margin_basis(const clm_discount_policy *p)
{
    return p ? p->basis : CLM_DISCOUNT_MARGIN_ON_COST;
}

int clm_discount_policy_set_caps(clm_discount_policy *p, const clm_discount_caps *caps)
{
    if (p == NULL || caps == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy caps: NULL argument");
    int rc = clm_discount__caps_check(caps, p->basis, "policy caps");
    if (rc < 0)
        return rc;
    p->caps = *caps;
    return 0;
}

int clm_discount_policy_caps(clm_discount_caps *out, const clm_discount_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount policy caps: NULL argument");
    *out = p->caps;
    return 0;
}

int clm_discount_policy_add_role_caps(clm_discount_policy *p, const char *role,
                                      const clm_discount_caps *caps)
{
    if (p == NULL || caps == NULL)
        return clm_core__fail(CLM_EINVAL, "discount role caps: NULL argument");
    if (clm_core__check_text(role, CLM_CORE__TEXT_ID, "role") < 0)
        return CLM_EINVAL;
    for (size_t i = 0; i < p->nrole_caps; i++)
        if (strcmp(p->role_caps[i].role, role) == 0)
            return clm_core__fail_at(CLM_EEXISTS, "role", "", 0,
                                "discount role caps: role '%s' has caps already", role);
    int rc = clm_discount__caps_check(caps, p->basis, role);
    if (rc < 0)
        return rc;
    rc = clm_core__grow((void **)&p->role_caps, &p->caprole_caps, p->nrole_caps + 1,
                   sizeof *p->role_caps, "discount role caps");
    if (rc < 0)
        return rc;
    char *r = clm_core__strdup(role);
    if (r == NULL)
        return clm_core__oom("discount role caps");
    p->role_caps[p->nrole_caps].role = r;
    p->role_caps[p->nrole_caps].caps = *caps;
    p->nrole_caps++;
    return 0;
}

size_t clm_discount_policy_role_caps_count(const clm_discount_policy *p)
{
    return p ? p->nrole_caps : 0;
}

int clm_discount_policy_role_caps_at(const char **role, clm_discount_caps *caps,
                                     const clm_discount_policy *p, size_t i)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount role caps: NULL policy");
    if (i >= p->nrole_caps)
        return clm_core__fail(CLM_ERANGE, "discount role caps: index %zu out of range (%zu)", i,
                         p->nrole_caps);
    if (role)
        *role = p->role_caps[i].role;
    if (caps)
        *caps = p->role_caps[i].caps;
    return 0;
}

int clm_discount_policy_add_group(clm_discount_policy *p, const char *group,
                                  const char *parent)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount group: NULL policy");
    if (clm_core__check_text(group, CLM_CORE__TEXT_ID, "group") < 0 ||
        (!empty(parent) && clm_core__check_text(parent, CLM_CORE__TEXT_ID, "parent") < 0))
        return CLM_EINVAL;
    if (clm_discount__map_get(&p->group_index, group) != CLM__NONE32)
        return clm_core__fail_at(CLM_EEXISTS, "group", "", 0,
                            "discount group '%s' is declared already", group);
    if (!empty(parent) && clm_discount__map_get(&p->group_index, parent) == CLM__NONE32)
        return clm_core__fail_at(CLM_ENOTFOUND, "parent", "", 0,
                            "discount group '%s': parent '%s' is not declared (declare "
                            "parents first)", group, parent);
    if (p->ngroups >= UINT32_MAX - 1)
        return clm_core__fail(CLM_ELIMIT, "discount group: too many groups");
    int rc = clm_core__grow((void **)&p->groups, &p->capgroups, p->ngroups + 1, sizeof *p->groups,
                       "discount groups");
    if (rc == 0)
        rc = clm_discount__map_reserve(&p->group_index, 1);
    if (rc < 0)
        return rc;
    char *n = clm_core__strdup(group);
    char *par = clm_core__strdup(parent ? parent : "");
    if (n == NULL || par == NULL) {
        clm_core__free(n);
        clm_core__free(par);
        return clm_core__oom("discount group");
    }
    p->groups[p->ngroups].name = n;
    p->groups[p->ngroups].parent = par;
    clm_discount__map_put(&p->group_index, n, (uint32_t)p->ngroups);
    p->ngroups++;
    return 0;
}

size_t clm_discount_policy_group_count(const clm_discount_policy *p)
{
    return p ? p->ngroups : 0;
}

int clm_discount_policy_group_at(const char **name, const char **parent,
                                 const clm_discount_policy *p, size_t i)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "discount group: NULL policy");
    if (i >= p->ngroups)
        return clm_core__fail(CLM_ERANGE, "discount group: index %zu out of range (%zu)", i,
                         p->ngroups);
    if (name)
        *name = p->groups[i].name;
    if (parent)
        *parent = p->groups[i].parent;
    return 0;
}

int clm_discount_policy_add_rule(size_t *out, clm_discount_policy *p,
                                 const clm_discount_rule *rule)
{
    if (p == NULL || rule == NULL)
        return clm_core__fail(CLM_EINVAL, "discount rule: NULL argument");
    if (clm_core__check_text(rule->id, CLM_CORE__TEXT_ID, "id") < 0 ||
        clm_core__check_text(rule->description, CLM_CORE__TEXT_NOTE, "description") < 0 ||
        (!empty(rule->exclusion_group) &&
         clm_core__check_text(rule->exclusion_group, CLM_CORE__TEXT_ID, "exclusion-group") < 0))
        return CLM_EINVAL;
    if (clm_discount__map_get(&p->rule_index, rule->id) != CLM__NONE32)
        return clm_core__fail_at(CLM_EEXISTS, "id", "", 0,
                            "discount rule '%s': the id is used already", rule->id);
    int rc = clm_discount__action_check(rule);
    if (rc < 0)
        return rc;
    if (p->nrules >= UINT32_MAX - 1)
        return clm_core__fail(CLM_ELIMIT, "discount rule: too many rules");
    rc = clm_core__grow((void **)&p->rules, &p->caprules, p->nrules + 1, sizeof *p->rules,
                   "discount rules");
    if (rc == 0)
        rc = clm_discount__map_reserve(&p->rule_index, 1);
    if (rc < 0)
        return rc;
    clm_discount__rule r;
    memset(&r, 0, sizeof r);
    r.pub = *rule;
    r.pub.id = clm_core__strdup(rule->id);
    r.pub.description = clm_core__strdup(rule->description);
    r.pub.exclusion_group = clm_core__strdup(empty(rule->exclusion_group) ? NULL
                                                                     : rule->exclusion_group);
    if (r.pub.id == NULL || (rule->description && r.pub.description == NULL) ||
        (!empty(rule->exclusion_group) && r.pub.exclusion_group == NULL)) {
        rule_free(&r);
        return clm_core__oom("discount rule");
    }
    p->rules[p->nrules] = r;
    clm_discount__map_put(&p->rule_index, r.pub.id, (uint32_t)p->nrules);
    if (out)
        *out = p->nrules;
    p->nrules++;
    return 0;
}

size_t clm_discount_policy_rule_count(const clm_discount_policy *p)
{
    return p ? p->nrules : 0;
}

const clm_discount_rule *clm_discount_policy_rule(const clm_discount_policy *p, size_t i)
{
    if (p == NULL || i >= p->nrules)
        return NULL;
    return &p->rules[i].pub;
}

int clm_discount_policy_find_rule(size_t *out, const clm_discount_policy *p, const char *id)
{
    if (out == NULL || p == NULL || id == NULL)
        return clm_core__fail(CLM_EINVAL, "discount rule lookup: NULL argument");
    uint32_t i = clm_discount__map_get(&p->rule_index, id);
    if (i == CLM__NONE32)
        return clm_core__fail_at(CLM_ENOTFOUND, "id", "", 0, "discount rule '%.255s' not found", id);
    *out = i;
    return 0;
}

int clm_discount_policy_add_condition(clm_discount_policy *p, size_t rule,
                                      const clm_discount_condition *cond)
{
    if (p == NULL || cond == NULL)
        return clm_core__fail(CLM_EINVAL, "discount condition: NULL argument");
    if (rule >= p->nrules)
        return clm_core__fail(CLM_ERANGE, "discount condition: no rule with index %zu (%zu rules)",
                         rule, p->nrules);
    clm_discount__rule *r = &p->rules[rule];
    int rc = clm_discount__cond_check(cond, &r->pub);
    if (rc < 0)
        return rc;
    rc = clm_core__grow((void **)&r->conds, &r->capcond, r->ncond + 1, sizeof *r->conds,
                   "discount conditions");
    if (rc < 0)
        return rc;
    clm_discount_condition c;
    rc = clm_discount__cond_copy(&c, cond);
    if (rc < 0)
        return rc;
    r->conds[r->ncond++] = c;
    return 0;
}

size_t clm_discount_policy_condition_count(const clm_discount_policy *p, size_t rule)
{
    if (p == NULL || rule >= p->nrules)
        return 0;
    return p->rules[rule].ncond;
}

const clm_discount_condition *clm_discount_policy_condition(const clm_discount_policy *p,
                                                            size_t rule, size_t i)
{
    if (p == NULL || rule >= p->nrules || i >= p->rules[rule].ncond)
        return NULL;
    return &p->rules[rule].conds[i];
}
