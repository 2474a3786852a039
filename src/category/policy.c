/*
 * policy.c — category policies: categories with their assigning roles,
 * rules compiled into a flat node array, and the authority check.
 */
#include <stdio.h>
#include <string.h>

#include "clm/money.h"
#include "category_internal.h"

#define ROLE_MAX 255 /* as clm_actor_check() */

int clm_category_policy_new(clm_category_policy **out, const char *name,
                            const char *currency)
{
    if (out == NULL || currency == NULL)
        return clm_core__fail(CLM_EINVAL, "category policy: %s is NULL",
                         out == NULL ? "out" : "currency");
    if (name != NULL && name[0] != '\0') {
        int rc = clm_category__check_name(name, CLM_CATEGORY_NAME_MAX, "policy name");
        if (rc < 0)
            return rc;
    }
    clm_currency cur;
    int rc = clm_currency_find(&cur, currency);
    if (rc < 0)
        return rc;
    clm_category_policy *p = clm_core__calloc(1, sizeof *p);
    if (p == NULL)
        return clm_core__oom("category policy");
    p->name = clm_core__strdup(name != NULL ? name : "");
    if (p->name == NULL) {
        clm_core__free(p);
        return clm_core__oom("category policy name");
    }
    memcpy(p->currency, cur.code, sizeof p->currency);
    *out = p;
    return CLM_OK;
}

static void category_clear(clm_category__category *c)
{
    for (size_t r = 0; r < c->nroles; r++)
        clm_core__free(c->roles[r]);
    clm_core__free(c->roles);
    clm_core__free(c->name);
    memset(c, 0, sizeof *c);
}

void clm_category_policy_free(clm_category_policy *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->ncats; i++)
        category_clear(&p->cats[i]);
    for (size_t j = 0; j < p->nrules; j++)
        clm_core__free(p->rules[j].name);
    clm_core__free(p->rules);
    clm_core__free(p->nodes);
    clm_core__free(p->ints);
    for (size_t t = 0; t < p->ntexts; t++)
        clm_core__free(p->texts[t]);
    clm_core__free(p->texts);
    clm_core__free(p->name);
    clm_core__free(p);
}

static int find_category(const clm_category_policy *p, const char *name, size_t *out)
{
    for (size_t i = 0; i < p->ncats; i++) {
        if (strcmp(p->cats[i].name, name) == 0) {
            *out = i;
            return 1;
        }
    }
    return 0;
}

int clm_category_policy_add_category(clm_category_policy *p, const char *name,
                                     const char *const *roles, size_t nroles)
{
    if (p == NULL || (roles == NULL && nroles > 0))
        return clm_core__fail(CLM_EINVAL, "category policy: %s is NULL",
                         p == NULL ? "policy" : "roles");
    int rc = clm_category__check_name(name, CLM_CATEGORY_NAME_MAX, "category name");
    if (rc < 0)
        return rc;
    for (size_t r = 0; r < nroles; r++) {
        rc = clm_category__check_name(roles[r], ROLE_MAX, "role");
        if (rc < 0)
            return rc;
    }
    size_t dummy;
    if (find_category(p, name, &dummy))
        return clm_core__fail_at(CLM_EEXISTS, "category", "", 0,
                            "category policy: category '%s' is declared twice", name);
    if (p->ncats >= CLM_CATEGORY_MAX)
        return clm_core__fail(CLM_ELIMIT, "category policy: at most %d categories",
                         CLM_CATEGORY_MAX);
    clm_category__category c = { 0 };
    c.name = clm_core__strdup(name);
    if (c.name == NULL)
        return clm_core__oom("category name");
    if (nroles > 0) {
        c.roles = clm_core__calloc(nroles, sizeof *c.roles);
        if (c.roles == NULL) {
            category_clear(&c);
            return clm_core__oom("category roles");
        }
        for (size_t r = 0; r < nroles; r++) {
            c.roles[r] = clm_core__strdup(roles[r]);
            if (c.roles[r] == NULL) {
                category_clear(&c);
                return clm_core__oom("category role");
            }
            c.nroles = r + 1;
        }
    }
    p->cats[p->ncats++] = c;
    return CLM_OK;
}

/* ---- compiling a condition ---------------------------------------------- */

/* Appends the subtree `c` in pre-order. On failure the caller rolls back. */
static int compile(clm_category_policy *p, const clm_condition *c, int depth)
{
    if (depth > CLM__COND_MAX_DEPTH)
        return clm_core__fail(CLM_ELIMIT, "category policy: conditions nest deeper than %d levels",
                         CLM__COND_MAX_DEPTH);
    if (p->nnodes >= UINT32_MAX)
        return clm_core__fail(CLM_ELIMIT, "category policy: too many condition nodes");
    int rc = clm_core__grow((void **)&p->nodes, &p->nodes_cap, p->nnodes + 1, sizeof *p->nodes, "category policy");
    if (rc < 0)
        return rc;
    size_t self = p->nnodes++;
    clm_category__cnode n = { 0 };
    n.kind = c->kind;
    n.fact = c->fact;
    n.op = c->op;
    n.a = c->a;
    n.b = c->b;
    switch (c->kind) {
    case CLM__COND_IN:
        rc = clm_core__grow((void **)&p->ints, &p->ints_cap, p->nints + c->nvals, sizeof *p->ints, "category policy");
        if (rc < 0)
            return rc;
        n.first = (uint32_t)p->nints;
        n.count = (uint32_t)c->nvals;
        memcpy(p->ints + p->nints, c->ints, c->nvals * sizeof *p->ints);
        p->nints += c->nvals;
        break;
    case CLM__COND_CMP_TEXT:
    case CLM__COND_IN_TEXT:
        rc = clm_core__grow((void **)&p->texts, &p->texts_cap, p->ntexts + c->nvals, sizeof *p->texts, "category policy");
        if (rc < 0)
            return rc;
        n.first = (uint32_t)p->ntexts;
        n.count = (uint32_t)c->nvals;
        for (size_t i = 0; i < c->nvals; i++) {
            char *t = clm_core__strdup(c->texts[i]);
            if (t == NULL)
                return clm_core__oom("category policy text");
            p->texts[p->ntexts++] = t;
        }
        break;
    default:
        break;
    }
    if (clm_category__fact_kind_of(c->fact) == CLM__KIND_MONEY && c->kind != CLM__COND_KNOWN)
        p->uses_money = true;
    for (size_t k = 0; k < c->nkids; k++) {
        rc = compile(p, c->kids[k], depth + 1);
        if (rc < 0)
            return rc;
    }
    n.size = (uint32_t)(p->nnodes - self);
    p->nodes[self] = n;
    return CLM_OK;
}

int clm_category_policy_add_rule(clm_category_policy *p, const char *name,
                                 const char *category, const clm_condition *cond)
{
    if (p == NULL || category == NULL || cond == NULL)
        return clm_core__fail(CLM_EINVAL, "category policy: %s is NULL",
                         p == NULL ? "policy" : category == NULL ? "category" : "condition");
    int rc = clm_category__check_name(name, CLM_CATEGORY_NAME_MAX, "rule name");
    if (rc < 0)
        return rc;
    size_t cat;
    if (!find_category(p, category, &cat))
        return clm_core__fail_at(CLM_ENOTFOUND, "category", "", 0,
                            "category policy: rule '%s' names category '%s', which is not"
                            " declared", name, category);
    for (size_t j = 0; j < p->nrules; j++)
        if (strcmp(p->rules[j].name, name) == 0)
            return clm_core__fail_at(CLM_EEXISTS, "rule", "", 0,
                                "category policy: rule '%s' is declared twice", name);
    if (p->nrules >= CLM_CATEGORY_MAX_RULES)
        return clm_core__fail(CLM_ELIMIT, "category policy: at most %d rules",
                         CLM_CATEGORY_MAX_RULES);
    rc = clm_core__grow((void **)&p->rules, &p->rules_cap, p->nrules + 1, sizeof *p->rules, "category policy");
    if (rc < 0)
        return rc;
    char *copy = clm_core__strdup(name);
    if (copy == NULL)
        return clm_core__oom("rule name");

    size_t old_nodes = p->nnodes, old_ints = p->nints, old_texts = p->ntexts;
    bool old_money = p->uses_money;
    rc = compile(p, cond, 1);
    if (rc < 0) {
        while (p->ntexts > old_texts)
            clm_core__free(p->texts[--p->ntexts]);
        p->nnodes = old_nodes;
        p->nints = old_ints;
        p->uses_money = old_money;
        clm_core__free(copy);
        return rc;
    }
    p->rules[p->nrules].name = copy;
    p->rules[p->nrules].category = (uint32_t)cat;
    p->rules[p->nrules].root = (uint32_t)old_nodes;
    p->nrules++;
    return CLM_OK;
}

/* ---- queries -------------------------------------------------------------- */

const char *clm_category_policy_name(const clm_category_policy *p)
{
    return p != NULL ? p->name : NULL;
}

const char *clm_category_policy_currency(const clm_category_policy *p)
{
    return p != NULL ? p->currency : NULL;
}

size_t clm_category_policy_category_count(const clm_category_policy *p)
{
    return p != NULL ? p->ncats : 0;
}

size_t clm_category_policy_rule_count(const clm_category_policy *p)
{
    return p != NULL ? p->nrules : 0;
}

const char *clm_category_policy_category_name(const clm_category_policy *p, size_t i)
{
    return p != NULL && i < p->ncats ? p->cats[i].name : NULL;
}

const char *clm_category_policy_rule_name(const clm_category_policy *p, size_t j)
{
    return p != NULL && j < p->nrules ? p->rules[j].name : NULL;
}

size_t clm_category_policy_rule_category(const clm_category_policy *p, size_t j)
{
    return p != NULL && j < p->nrules ? p->rules[j].category : (size_t)-1;
}

int clm_category_policy_category_find(size_t *out, const clm_category_policy *p,
                                      const char *name)
{
    if (out == NULL || p == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "category policy: NULL argument");
    size_t i;
    if (!find_category(p, name, &i))
        return clm_core__fail_at(CLM_ENOTFOUND, "category", "", 0,
                            "category policy '%s': no category '%s'", p->name, name);
    *out = i;
    return CLM_OK;
}

int clm_category_policy_check_assign(const clm_category_policy *p, const char *category,
                                     const clm_actor *actor)
{
    if (p == NULL || category == NULL || actor == NULL)
        return clm_core__fail(CLM_EINVAL, "category authority: %s is NULL",
                         p == NULL ? "policy" : category == NULL ? "category" : "actor");
    int rc = clm_actor_check(actor);
    if (rc < 0)
        return rc;
    size_t i;
    if (!find_category(p, category, &i))
        return clm_core__fail_at(CLM_ENOTFOUND, "category", "", 0,
                            "category authority: policy '%s' has no category '%s'", p->name,
                            category);
    const clm_category__category *c = &p->cats[i];
    for (size_t r = 0; r < c->nroles; r++)
        if (strcmp(c->roles[r], actor->role) == 0)
            return CLM_OK;
    if (c->nroles == 0)
        return clm_core__fail_at(CLM_EPERM, "role", "", 0,
                            "user '%s' in role '%s' may not assign category '%s': the policy"
                            " lets no role assign it by hand (rules only)",
                            actor->user, actor->role, category);
    /* The roles that may, listed without allocating (an authority check
     * never fails for want of memory); a very long list is cut with "...". */
    char list[300];
    size_t used = 0;
    list[0] = '\0';
    for (size_t r = 0; r < c->nroles && used < sizeof list; r++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", r > 0 ? ", " : "",
                         c->roles[r]);
        used += w > 0 ? (size_t)w : 0;
    }
    if (used >= sizeof list)
        memcpy(list + sizeof list - 4, "...", 4);
    return clm_core__fail_at(CLM_EPERM, "role", "", 0,
                        "user '%s' in role '%s' may not assign category '%s': only %s may",
                        actor->user, actor->role, category, list);
}
