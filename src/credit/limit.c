/*
 * limit.c — the recommended credit limit per grade and the limit hierarchy
 * (credit_policy.h, "Limits"; docs/rules.md, "Payment behaviour and
 * limits": the rules of thumb of a percentage of net worth, of working
 * capital or of average monthly sales, or the smallest of several).
 */
#include <string.h>

#include "policy_internal.h"

int clm_credit_figures_init(clm_credit_figures *f)
{
    if (f == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_figures_init: NULL");
    clm_credit_figures init = CLM_CREDIT_FIGURES_INIT;
    *f = init;
    return 0;
}

int clm_credit_limit_recommend(clm_credit_limit *out, const clm_credit_policy *p,
                               const char *grade, const clm_credit_figures *f)
{
    if (out == NULL || p == NULL || grade == NULL || f == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_limit_recommend: NULL argument");
    int rc = clm_core__check_version(f->version, CLM_CREDIT_FIGURES_VERSION, "credit figures");
    if (rc < 0)
        return rc;
    size_t g = clm_credit__grade_find(p, grade);
    if (g == CLM_CREDIT__GRADES_MAX)
        return clm_core__fail_at(CLM_ENOTFOUND, "grade", NULL, 0,
                                 "credit limit: the policy has no grade '%s'", grade);
    clm_credit_limit r = { 0 };
    for (size_t k = 0; k < p->nformula; k++) {
        const clm_credit__formula *fm = &p->formula[k];
        if (fm->grade != g)
            continue;
        clm_credit_limit_term *t = &r.term[r.count];
        t->basis = fm->basis;
        t->rate = fm->rate;
        int has = 1;
        switch (fm->basis) {
        case CLM_CREDIT_BASIS_NET_WORTH: has = f->has_net_worth; t->base = f->net_worth; break;
        case CLM_CREDIT_BASIS_WORKING_CAPITAL:
            has = f->has_working_capital;
            t->base = f->working_capital;
            break;
        case CLM_CREDIT_BASIS_MONTHLY_SALES:
            has = f->has_monthly_sales;
            t->base = f->monthly_sales;
            break;
        case CLM_CREDIT_BASIS_FIXED: t->base = fm->amount; break;
        }
        if (!has)
            return clm_core__fail_at(CLM_EINVAL, clm_credit_basis_name(fm->basis), NULL, 0,
                                     "credit limit: grade '%s' needs the client's %s, which is "
                                     "not given", grade, clm_credit_basis_name(fm->basis));
        if (fm->basis == CLM_CREDIT_BASIS_FIXED)
            t->amount = t->base;
        else if ((rc = clm_rate_apply(&t->amount, t->base, t->rate, p->limit_rounding)) < 0)
            return rc;
        if (t->amount < 0)
            t->amount = 0;
        if (r.count == 0 || t->amount < r.amount) {
            r.amount = t->amount;
            r.chosen = r.count;
        }
        r.count++;
    }
    if (r.count == 0)
        return clm_core__fail_at(CLM_ENOTFOUND, "grade", NULL, 0,
                                 "credit limit: the policy has no limit formula for grade '%s'",
                                 grade);
    *out = r;
    return 0;
}

int clm_credit_limit_resolve(int64_t *out, clm_credit_limit_source *source,
                             const clm_credit_policy *p, const int64_t *client_limit,
                             const char *group)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_limit_resolve: NULL argument");
    if (client_limit != NULL) {
        if (*client_limit < 0)
            return clm_core__fail_at(CLM_EINVAL, "client_limit", NULL, 0,
                                     "credit limit: a client's limit may not be negative");
        *out = *client_limit;
        if (source != NULL)
            *source = CLM_CREDIT_LIMIT_CLIENT;
        return 0;
    }
    if (group != NULL)
        for (size_t i = 0; i < p->ngroup; i++)
            if (strcmp(p->group[i].group, group) == 0) {
                *out = p->group[i].amount;
                if (source != NULL)
                    *source = CLM_CREDIT_LIMIT_GROUP;
                return 0;
            }
    if (p->has_default_limit) {
        *out = p->default_limit;
        if (source != NULL)
            *source = CLM_CREDIT_LIMIT_DEFAULT;
        return 0;
    }
    return clm_core__fail_at(CLM_ENOTFOUND, "limit", NULL, 0,
                             "credit limit: no client limit, no limit for group '%s' and no "
                             "default limit in policy '%s'", group != NULL ? group : "", p->name);
}
