/*
 * policy.c — the credit policy object (credit_policy.h): defaults,
 * validated setters, the vocabulary's names. Every setter checks all it is
 * given before it changes anything.
 */
#include <string.h>

#include "policy_internal.h"

const char *clm_credit_band_name(clm_credit_band b)
{
    switch (b) {
    case CLM_CREDIT_BAND_DISTRESS: return "distress";
    case CLM_CREDIT_BAND_GREY: return "grey";
    case CLM_CREDIT_BAND_SAFE: return "safe";
    }
    return NULL;
}

const char *clm_credit_basis_name(clm_credit_basis b)
{
    switch (b) {
    case CLM_CREDIT_BASIS_NET_WORTH: return "net-worth";
    case CLM_CREDIT_BASIS_WORKING_CAPITAL: return "working-capital";
    case CLM_CREDIT_BASIS_MONTHLY_SALES: return "monthly-sales";
    case CLM_CREDIT_BASIS_FIXED: return "fixed";
    }
    return NULL;
}

const char *clm_credit_decision_name(clm_credit_decision d)
{
    switch (d) {
    case CLM_CREDIT_ALLOW: return "allow";
    case CLM_CREDIT_WARN: return "warn";
    case CLM_CREDIT_BLOCK: return "block";
    }
    return NULL;
}

const char *clm_credit_limit_source_name(clm_credit_limit_source s)
{
    switch (s) {
    case CLM_CREDIT_LIMIT_CLIENT: return "client";
    case CLM_CREDIT_LIMIT_GROUP: return "group";
    case CLM_CREDIT_LIMIT_DEFAULT: return "default";
    }
    return NULL;
}

int clm_credit_band_from_name(clm_credit_band *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_band_from_name: NULL");
    for (int b = CLM_CREDIT_BAND_DISTRESS; b <= CLM_CREDIT_BAND_SAFE; b++)
        if (clm_core__streq(name, clm_credit_band_name((clm_credit_band)b))) {
            *out = (clm_credit_band)b;
            return 0;
        }
    return clm_core__fail_at(CLM_ENOTFOUND, "band", NULL, 0,
                             "credit: '%s' is not a band (distress, grey, safe)", name);
}

int clm_credit_basis_from_name(clm_credit_basis *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_basis_from_name: NULL");
    for (int b = CLM_CREDIT_BASIS_NET_WORTH; b <= CLM_CREDIT_BASIS_FIXED; b++)
        if (clm_core__streq(name, clm_credit_basis_name((clm_credit_basis)b))) {
            *out = (clm_credit_basis)b;
            return 0;
        }
    return clm_core__fail_at(CLM_ENOTFOUND, "basis", NULL, 0,
                             "credit: '%s' is not a limit basis (net-worth, working-capital, "
                             "monthly-sales, fixed)", name);
}

int clm_credit_weights_init(clm_credit_weights *w)
{
    if (w == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_weights_init: NULL");
    clm_credit_weights init = CLM_CREDIT_WEIGHTS_INIT;
    *w = init;
    return 0;
}

int clm_credit_check_rules_init(clm_credit_check_rules *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_check_rules_init: NULL");
    clm_credit_check_rules init = CLM_CREDIT_CHECK_RULES_INIT;
    *r = init;
    return 0;
}

size_t clm_credit__grade_find(const clm_credit_policy *p, const char *name)
{
    for (size_t i = 0; i < p->ngrades; i++)
        if (clm_core__streq(p->grade[i], name))
            return i;
    return CLM_CREDIT__GRADES_MAX;
}

static void free_grades(clm_credit_policy *p)
{
    for (size_t i = 0; i < p->ngrades; i++)
        clm_core__free(p->grade[i]);
    p->ngrades = 0;
}

int clm_credit_policy_new(clm_credit_policy **out, const char *name, const char *currency)
{
    if (out == NULL || name == NULL || currency == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_new: NULL argument");
    int rc = clm_core__check_text(name, CLM_CORE__TEXT_NAME, "name");
    if (rc < 0)
        return rc;
    clm_currency cur;
    if ((rc = clm_currency_find(&cur, currency)) < 0)
        return rc;
    clm_credit_policy *p = clm_core__calloc(1, sizeof *p);
    if (p == NULL || (p->name = clm_core__strdup(name)) == NULL) {
        clm_core__free(p);
        return clm_core__oom("credit policy");
    }
    memcpy(p->currency, cur.code, sizeof p->currency);
    clm_credit_weights w = CLM_CREDIT_WEIGHTS_INIT;
    clm_credit_check_rules c = CLM_CREDIT_CHECK_RULES_INIT;
    p->weights = w;
    p->check = c;
    p->limit_rounding = CLM_ROUND_DOWN;
    clm_credit_buckets b = CLM_CREDIT_BUCKETS_INIT;
    p->buckets = b;
    p->reserve_rounding = CLM_ROUND_HALF_UP;
    static const char *const names[] = { "A", "B", "C", "D", "E" };
    static const int32_t mins[] = { 80000, 65000, 50000, 35000, 0 };
    if ((rc = clm_credit_policy_set_grades(p, names, mins, 5)) < 0) {
        clm_credit_policy_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void clm_credit_policy_free(clm_credit_policy *p)
{
    if (p == NULL)
        return;
    free_grades(p);
    for (size_t i = 0; i < p->ngroup; i++)
        clm_core__free(p->group[i].group);
    for (size_t i = 0; i < p->nrole; i++)
        clm_core__free(p->role[i]);
    clm_core__free(p->group);
    clm_core__free(p->role);
    clm_core__free(p->formula);
    clm_core__free(p->name);
    clm_core__free(p);
}

const char *clm_credit_policy_name(const clm_credit_policy *p)
{
    return p != NULL ? p->name : NULL;
}

const char *clm_credit_policy_currency(const clm_credit_policy *p)
{
    return p != NULL ? p->currency : NULL;
}

int clm_credit_policy_set_weights(clm_credit_policy *p, const clm_credit_weights *w)
{
    if (p == NULL || w == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_set_weights: NULL argument");
    int rc = clm_core__check_version(w->version, CLM_CREDIT_WEIGHTS_VERSION, "credit weights");
    if (rc < 0)
        return rc;
    const int64_t v[4] = { w->models, w->payment, w->overdue, w->tenure };
    static const char *const f[4] = { "models", "payment", "overdue", "tenure" };
    int64_t sum = 0;
    for (int i = 0; i < 4; i++) {
        if (v[i] < 0 || v[i] > 1000000)
            return clm_core__fail_at(CLM_EINVAL, f[i], NULL, 0,
                                     "credit policy: weight %s = %lld; 0 to 1000000", f[i],
                                     (long long)v[i]);
        sum += v[i];
    }
    if (sum == 0)
        return clm_core__fail_at(CLM_EINVAL, "weights", NULL, 0,
                                 "credit policy: every weight is 0");
    if (w->tenure_full_days <= 0)
        return clm_core__fail_at(CLM_EINVAL, "tenure_full_days", NULL, 0,
                                 "credit policy: tenure_full_days must be positive");
    p->weights = *w;
    p->weights.version = CLM_CREDIT_WEIGHTS_VERSION;
    return 0;
}

int clm_credit_policy_weights(clm_credit_weights *out, const clm_credit_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_weights: NULL argument");
    *out = p->weights;
    return 0;
}

int clm_credit_policy_set_grades(clm_credit_policy *p, const char *const *names,
                                 const int32_t *min_score, size_t n)
{
    if (p == NULL || names == NULL || min_score == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_set_grades: NULL argument");
    if (n < 1 || n > CLM_CREDIT__GRADES_MAX)
        return clm_core__fail_at(CLM_EINVAL, "grades", NULL, 0,
                                 "credit policy: %zu grades; 1 to %d", n, CLM_CREDIT__GRADES_MAX);
    for (size_t i = 0; i < n; i++) {
        int rc = clm_core__check_text(names[i], CLM_CORE__TEXT_ID, "grade");
        if (rc < 0)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return clm_core__fail_at(CLM_EINVAL, "grade", NULL, 0,
                                         "credit policy: grade '%s' is named twice", names[i]);
        if (min_score[i] < 0 || min_score[i] > 100000 ||
            (i > 0 && min_score[i] >= min_score[i - 1]))
            return clm_core__fail_at(CLM_EINVAL, "min-score", NULL, 0,
                                     "credit policy: grade %zu ('%s'): its minimum must be 0 to "
                                     "100 points and below the grade before it", i, names[i]);
    }
    if (min_score[n - 1] != 0)
        return clm_core__fail_at(CLM_EINVAL, "min-score", NULL, 0,
                                 "credit policy: the last grade ('%s') must start at 0 points",
                                 names[n - 1]);
    /* Formulas name grades by index: a new set of grades must keep every
     * graded formula's grade name. */
    char *copy[CLM_CREDIT__GRADES_MAX] = { 0 };
    size_t remap[CLM_CREDIT__GRADES_MAX];
    for (size_t i = 0; i < p->ngrades; i++) {
        remap[i] = CLM_CREDIT__GRADES_MAX;
        for (size_t j = 0; j < n; j++)
            if (strcmp(p->grade[i], names[j]) == 0)
                remap[i] = j;
    }
    for (size_t k = 0; k < p->nformula; k++)
        if (remap[p->formula[k].grade] == CLM_CREDIT__GRADES_MAX)
            return clm_core__fail_at(CLM_EINVAL, "grade", NULL, 0,
                                     "credit policy: limit formulas use grade '%s', which the "
                                     "new grades drop", p->grade[p->formula[k].grade]);
    for (size_t i = 0; i < n; i++)
        if ((copy[i] = clm_core__strdup(names[i])) == NULL) {
            for (size_t j = 0; j < i; j++)
                clm_core__free(copy[j]);
            return clm_core__oom("credit grades");
        }
    for (size_t k = 0; k < p->nformula; k++)
        p->formula[k].grade = remap[p->formula[k].grade];
    free_grades(p);
    for (size_t i = 0; i < n; i++) {
        p->grade[i] = copy[i];
        p->min_score[i] = min_score[i];
    }
    p->ngrades = n;
    return 0;
}

size_t clm_credit_policy_grade_count(const clm_credit_policy *p)
{
    return p != NULL ? p->ngrades : 0;
}

const char *clm_credit_policy_grade_at(const clm_credit_policy *p, size_t i, int32_t *min_score)
{
    if (p == NULL || i >= p->ngrades)
        return NULL;
    if (min_score != NULL)
        *min_score = p->min_score[i];
    return p->grade[i];
}

int clm_credit_policy_add_limit(clm_credit_policy *p, const char *grade, clm_credit_basis basis,
                                clm_rate rate, int64_t amount)
{
    if (p == NULL || grade == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_add_limit: NULL argument");
    size_t g = clm_credit__grade_find(p, grade);
    if (g == CLM_CREDIT__GRADES_MAX)
        return clm_core__fail_at(CLM_ENOTFOUND, "grade", NULL, 0,
                                 "credit policy: no grade '%s' for a limit formula", grade);
    if (clm_credit_basis_name(basis) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "basis", NULL, 0,
                                 "credit policy: limit basis %d is unknown", (int)basis);
    size_t per_grade = 0;
    for (size_t k = 0; k < p->nformula; k++)
        per_grade += p->formula[k].grade == g;
    if (per_grade >= CLM_CREDIT_LIMIT_FORMULAS_MAX)
        return clm_core__fail_at(CLM_ELIMIT, "formula", NULL, 0,
                                 "credit policy: grade '%s' has %d limit formulas already",
                                 grade, CLM_CREDIT_LIMIT_FORMULAS_MAX);
    if (basis == CLM_CREDIT_BASIS_FIXED) {
        if (amount < 0)
            return clm_core__fail_at(CLM_EINVAL, "amount", NULL, 0,
                                     "credit policy: a fixed limit may not be negative");
        rate = 0;
    } else {
        if (rate <= 0 || rate > 10 * CLM_RATE_ONE)
            return clm_core__fail_at(CLM_EINVAL, "rate", NULL, 0,
                                     "credit policy: a limit rate must be above 0 and at most "
                                     "1000%%");
        amount = 0;
    }
    int rc = clm_core__grow((void **)&p->formula, &p->capformula, p->nformula + 1,
                            sizeof *p->formula, "credit limit formulas");
    if (rc < 0)
        return rc;
    clm_credit__formula f = { g, basis, rate, amount };
    p->formula[p->nformula++] = f;
    return 0;
}

int clm_credit_policy_set_limit_rounding(clm_credit_policy *p, clm_rounding mode)
{
    if (p == NULL || clm_rounding_name(mode) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rounding", NULL, 0,
                                 "credit policy: NULL policy or unknown rounding mode");
    p->limit_rounding = mode;
    return 0;
}

int clm_credit_policy_set_buckets(clm_credit_policy *p, const clm_credit_buckets *b)
{
    if (p == NULL || b == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_set_buckets: NULL argument");
    int rc = clm_core__check_version(b->version, CLM_CREDIT_BUCKETS_VERSION, "credit buckets");
    if (rc < 0 || (rc = clm_credit__check_buckets(b, "credit policy")) < 0)
        return rc;
    clm_credit_buckets copy = CLM_CREDIT_BUCKETS_INIT;
    copy.count = b->count;
    memcpy(copy.limit, b->limit, b->count * sizeof b->limit[0]);
    for (size_t i = b->count; i < CLM_CREDIT_BUCKETS_MAX; i++)
        copy.limit[i] = 0; /* two policies with the same buckets compare equal */
    p->buckets = copy;
    return 0;
}

int clm_credit_policy_buckets(clm_credit_buckets *out, const clm_credit_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_buckets: NULL argument");
    *out = p->buckets;
    return 0;
}

int clm_credit_policy_set_reserve_rounding(clm_credit_policy *p, clm_rounding mode)
{
    if (p == NULL || clm_rounding_name(mode) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rounding", NULL, 0,
                                 "credit policy: NULL policy or unknown rounding mode");
    p->reserve_rounding = mode;
    return 0;
}

int clm_credit_policy_reserve_rounding(clm_rounding *out, const clm_credit_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_reserve_rounding: NULL argument");
    *out = p->reserve_rounding;
    return 0;
}

int clm_credit_policy_set_group_limit(clm_credit_policy *p, const char *group, int64_t amount)
{
    if (p == NULL || group == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_set_group_limit: NULL argument");
    int rc = clm_core__check_text(group, CLM_CORE__TEXT_ID, "group");
    if (rc < 0)
        return rc;
    if (amount < 0)
        return clm_core__fail_at(CLM_EINVAL, "limit", NULL, 0,
                                 "credit policy: group '%s': a limit may not be negative", group);
    for (size_t i = 0; i < p->ngroup; i++)
        if (strcmp(p->group[i].group, group) == 0) {
            p->group[i].amount = amount;
            return 0;
        }
    char *copy = clm_core__strdup(group);
    if (copy == NULL)
        return clm_core__oom("credit group limit");
    if ((rc = clm_core__grow((void **)&p->group, &p->capgroup, p->ngroup + 1, sizeof *p->group,
                             "credit group limits")) < 0) {
        clm_core__free(copy);
        return rc;
    }
    p->group[p->ngroup].group = copy;
    p->group[p->ngroup].amount = amount;
    p->ngroup++;
    return 0;
}

int clm_credit_policy_set_default_limit(clm_credit_policy *p, int64_t amount)
{
    if (p == NULL || amount < 0)
        return clm_core__fail_at(CLM_EINVAL, "default", NULL, 0,
                                 "credit policy: NULL policy or a negative default limit");
    p->has_default_limit = 1;
    p->default_limit = amount;
    return 0;
}

int clm_credit_policy_set_check(clm_credit_policy *p, const clm_credit_check_rules *r)
{
    if (p == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_set_check: NULL argument");
    int rc = clm_core__check_version(r->version, CLM_CREDIT_CHECK_RULES_VERSION,
                                     "credit check rules");
    if (rc < 0)
        return rc;
    if (r->counts == 0 || (r->counts & ~7u) != 0)
        return clm_core__fail_at(CLM_EINVAL, "counts", NULL, 0,
                                 "credit policy: exposure must count at least one of "
                                 "receivables, orders, document, and nothing else");
    if (r->warn_at < 0 || r->warn_at > CLM_RATE_ONE)
        return clm_core__fail_at(CLM_EINVAL, "warn-at", NULL, 0,
                                 "credit policy: warn-at must be 0 to 100%%");
    if (r->warn_overdue_days < -1 || r->block_overdue_days < -1)
        return clm_core__fail_at(CLM_EINVAL, r->warn_overdue_days < -1 ? "warn-overdue-days"
                                                                       : "block-overdue-days",
                                 NULL, 0, "credit policy: days must be >= 0 (or -1: never)");
    p->check = *r;
    p->check.version = CLM_CREDIT_CHECK_RULES_VERSION;
    return 0;
}

int clm_credit_policy_check_rules(clm_credit_check_rules *out, const clm_credit_policy *p)
{
    if (out == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_check_rules: NULL argument");
    *out = p->check;
    return 0;
}

int clm_credit_policy_add_override_role(clm_credit_policy *p, const char *role)
{
    if (p == NULL || role == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_policy_add_override_role: NULL argument");
    int rc = clm_core__check_text(role, CLM_CORE__TEXT_ID, "role");
    if (rc < 0)
        return rc;
    if (clm_credit_policy_may_override(p, role))
        return clm_core__fail_at(CLM_EEXISTS, "role", NULL, 0,
                                 "credit policy: role '%s' is named twice", role);
    char *copy = clm_core__strdup(role);
    if (copy == NULL)
        return clm_core__oom("credit override role");
    if ((rc = clm_core__grow((void **)&p->role, &p->caprole, p->nrole + 1, sizeof *p->role,
                             "credit override roles")) < 0) {
        clm_core__free(copy);
        return rc;
    }
    p->role[p->nrole++] = copy;
    return 0;
}

int clm_credit_policy_may_override(const clm_credit_policy *p, const char *role)
{
    if (p == NULL || role == NULL)
        return 0;
    for (size_t i = 0; i < p->nrole; i++)
        if (strcmp(p->role[i], role) == 0)
            return 1;
    return 0;
}
