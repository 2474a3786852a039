/*
 * evaluate.c — evaluating a compiled category policy for clients.
 *
 * The facts are first turned into a vector indexed by clm_fact (numbers,
 * texts and a known-mask), then each rule's nodes are walked with
 * short-circuit and/or. Nothing is allocated, so a batch of a million
 * clients costs one pass.
 */
#include <string.h>

#include "category_internal.h"

typedef struct fact_vec {
    uint32_t known;                       /* bit f: fact f has a value */
    int64_t num[CLM__FACT_LAST + 1];
    const char *text[CLM__FACT_LAST + 1];
} fact_vec;

#define BIT(f) (UINT32_C(1) << (f))

static const char *client_label(const clm_category_facts *f)
{
    return f->id != NULL ? f->id : "(no id)";
}

static int check_date(clm_date d, clm_date as_of, const clm_category_facts *f,
                      const char *field, size_t index)
{
    if (d == CLM_FACT_NO_DATE)
        return CLM_OK;
    if (d < CLM_DATE_MIN || d > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "category facts: client %zu '%s': %s %ld is not a valid date",
                            index, client_label(f), field, (long)d);
    if (d > as_of)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "category facts: client %zu '%s': %s is after the evaluation"
                            " date", index, client_label(f), field);
    return CLM_OK;
}

/* Checks one client's facts against the policy; `index` is for messages. */
static int check_facts(const clm_category_policy *p, const clm_category_facts *f,
                       clm_date as_of, size_t index)
{
    /* The check is the library's one; the message adds which client. */
    if (clm_core__check_version(f->version, CLM_CATEGORY_FACTS_VERSION, "category facts") < 0)
        return clm_core__fail_at(CLM_EVERSION, "version", "", 0,
                                 "category facts: client %zu: struct version %u is not supported",
                                 index, f->version);
    if (p->uses_money && memcmp(f->currency, p->currency, 4) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, "currency", "", 0,
                            "category facts: client %zu '%s': amounts in '%.3s', the policy"
                            " tests money in %s", index, client_label(f), f->currency,
                            p->currency);
    int rc = check_date(f->client_since, as_of, f, "client_since", index);
    if (rc == 0)
        rc = check_date(f->last_purchase, as_of, f, "last_purchase", index);
    if (rc < 0)
        return rc;
    if ((unsigned)f->abc > CLM_ABC_C || (unsigned)f->xyz > CLM_XYZ_Z)
        return clm_core__fail_at(CLM_EINVAL, (unsigned)f->abc > CLM_ABC_C ? "abc" : "xyz", "", 0,
                            "category facts: client %zu '%s': an ABC/XYZ class out of range",
                            index, client_label(f));
    /* Enumerated text facts are in their module's vocabulary, as the
     * conditions on them are: a misspelt state would silently match none. */
    const char *bad = NULL;
    if (f->legal_type != NULL && clm_category__check_text_value(CLM_FACT_LEGAL_TYPE, f->legal_type) < 0)
        bad = "legal_type";
    else if (f->state != NULL && clm_category__check_text_value(CLM_FACT_STATE, f->state) < 0)
        bad = "state";
    if (bad != NULL)
        return clm_core__fail_at(CLM_EINVAL, bad, "", 0,
                            "category facts: client %zu '%s': %s '%.80s' is not a %s name of"
                            " the client module", index, client_label(f), bad,
                            bad[0] == 's' ? f->state : f->legal_type,
                            bad[0] == 's' ? "lifecycle state" : "legal type");
    const clm_rfm_score s = f->rfm;
    bool unscored = s.r == 0 && s.f == 0 && s.m == 0;
    bool scored = s.r >= 1 && s.r <= 5 && s.f >= 1 && s.f <= 5 && s.m >= 1 && s.m <= 5;
    if (!unscored && !scored)
        return clm_core__fail_at(CLM_EINVAL, "rfm", "", 0,
                            "category facts: client %zu '%s': RFM score %u%u%u is neither"
                            " 1..5 in each part nor unscored (000)", index, client_label(f),
                            s.r, s.f, s.m);
    return CLM_OK;
}

static void load(fact_vec *v, const clm_category_facts *f, clm_date as_of)
{
    uint32_t known = BIT(CLM_FACT_TURNOVER) | BIT(CLM_FACT_MARGIN);
    v->num[CLM_FACT_TURNOVER] = f->turnover;
    v->num[CLM_FACT_MARGIN] = f->margin;
    if (f->client_since != CLM_FACT_NO_DATE) {
        known |= BIT(CLM_FACT_CLIENT_SINCE) | BIT(CLM_FACT_TENURE_DAYS);
        v->num[CLM_FACT_CLIENT_SINCE] = f->client_since;
        v->num[CLM_FACT_TENURE_DAYS] = (int64_t)as_of - f->client_since;
    }
    if (f->last_purchase != CLM_FACT_NO_DATE) {
        known |= BIT(CLM_FACT_LAST_PURCHASE) | BIT(CLM_FACT_DAYS_SINCE_PURCHASE);
        v->num[CLM_FACT_LAST_PURCHASE] = f->last_purchase;
        v->num[CLM_FACT_DAYS_SINCE_PURCHASE] = (int64_t)as_of - f->last_purchase;
    }
    if (f->abc != CLM_ABC_NONE) {
        known |= BIT(CLM_FACT_ABC);
        v->num[CLM_FACT_ABC] = f->abc;
    }
    if (f->xyz != CLM_XYZ_NONE) {
        known |= BIT(CLM_FACT_XYZ);
        v->num[CLM_FACT_XYZ] = f->xyz;
    }
    if (f->rfm.r != 0) {
        known |= BIT(CLM_FACT_RFM_R) | BIT(CLM_FACT_RFM_F) | BIT(CLM_FACT_RFM_M) |
                 BIT(CLM_FACT_RFM_CELL);
        v->num[CLM_FACT_RFM_R] = f->rfm.r;
        v->num[CLM_FACT_RFM_F] = f->rfm.f;
        v->num[CLM_FACT_RFM_M] = f->rfm.m;
        v->num[CLM_FACT_RFM_CELL] = f->rfm.r * 100 + f->rfm.f * 10 + f->rfm.m;
    }
    v->text[CLM_FACT_RISK_CLASS] = f->risk_class;
    v->text[CLM_FACT_REGION] = f->region;
    v->text[CLM_FACT_LEGAL_TYPE] = f->legal_type;
    v->text[CLM_FACT_STATE] = f->state;
    if (f->risk_class != NULL)
        known |= BIT(CLM_FACT_RISK_CLASS);
    if (f->region != NULL)
        known |= BIT(CLM_FACT_REGION);
    if (f->legal_type != NULL)
        known |= BIT(CLM_FACT_LEGAL_TYPE);
    if (f->state != NULL)
        known |= BIT(CLM_FACT_STATE);
    v->known = known;
}

static bool eval(const clm_category_policy *p, uint32_t i, const fact_vec *v)
{
    const clm_category__cnode *n = &p->nodes[i];
    switch (n->kind) {
    case CLM__COND_CMP: {
        if (!(v->known & BIT(n->fact)))
            return false;
        int64_t x = v->num[n->fact];
        switch (n->op) {
        case CLM_CMP_EQ: return x == n->a;
        case CLM_CMP_NE: return x != n->a;
        case CLM_CMP_LT: return x < n->a;
        case CLM_CMP_LE: return x <= n->a;
        case CLM_CMP_GT: return x > n->a;
        case CLM_CMP_GE: return x >= n->a;
        }
        return false;
    }
    case CLM__COND_CMP_TEXT: {
        if (!(v->known & BIT(n->fact)))
            return false;
        bool eq = strcmp(v->text[n->fact], p->texts[n->first]) == 0;
        return n->op == CLM_CMP_EQ ? eq : !eq;
    }
    case CLM__COND_RANGE:
        return (v->known & BIT(n->fact)) && n->a <= v->num[n->fact] &&
               v->num[n->fact] <= n->b;
    case CLM__COND_IN: {
        if (!(v->known & BIT(n->fact)))
            return false;
        int64_t x = v->num[n->fact];
        const int64_t *vals = p->ints + n->first;
        for (uint32_t k = 0; k < n->count; k++)
            if (vals[k] == x)
                return true;
        return false;
    }
    case CLM__COND_IN_TEXT: {
        if (!(v->known & BIT(n->fact)))
            return false;
        const char *x = v->text[n->fact];
        char *const *vals = p->texts + n->first;
        for (uint32_t k = 0; k < n->count; k++)
            if (strcmp(vals[k], x) == 0)
                return true;
        return false;
    }
    case CLM__COND_KNOWN:
        return (v->known & BIT(n->fact)) != 0;
    case CLM__COND_ALL:
        for (uint32_t j = i + 1; j < i + n->size; j += p->nodes[j].size)
            if (!eval(p, j, v))
                return false;
        return true;
    case CLM__COND_ANY:
        for (uint32_t j = i + 1; j < i + n->size; j += p->nodes[j].size)
            if (eval(p, j, v))
                return true;
        return false;
    case CLM__COND_NOT:
        return !eval(p, i + 1, v);
    }
    return false;
}

/* Evaluates every rule; rule_of[c] gets the first rule for category c. */
static uint64_t run(const clm_category_policy *p, const fact_vec *v, uint32_t *rule_of)
{
    uint64_t mask = 0;
    for (size_t j = 0; j < p->nrules; j++) {
        const clm_category__rule *r = &p->rules[j];
        if (eval(p, r->root, v)) {
            uint64_t bit = UINT64_C(1) << r->category;
            if (!(mask & bit)) {
                mask |= bit;
                if (rule_of != NULL)
                    rule_of[r->category] = (uint32_t)j;
            }
        }
    }
    return mask;
}

static int check_as_of(clm_date as_of)
{
    if (as_of < CLM_DATE_MIN || as_of > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "as_of", "", 0,
                            "category evaluation: as_of %ld is not a valid date", (long)as_of);
    return CLM_OK;
}

int clm_category_policy_evaluate(uint32_t *out, size_t n, const clm_category_policy *p,
                                 const clm_category_facts *facts, clm_date as_of)
{
    if (out == NULL || p == NULL || facts == NULL)
        return clm_core__fail(CLM_EINVAL, "category evaluation: %s is NULL",
                         out == NULL ? "out" : p == NULL ? "policy" : "facts");
    if (n < p->ncats)
        return clm_core__fail_at(CLM_EBUFSIZE, "n", "", 0,
                            "category evaluation: room for %zu categories, policy '%s' has %zu",
                            n, p->name, p->ncats);
    int rc = check_as_of(as_of);
    if (rc == 0)
        rc = check_facts(p, facts, as_of, 0);
    if (rc < 0)
        return rc;
    fact_vec v;
    load(&v, facts, as_of);
    uint32_t rule_of[CLM_CATEGORY_MAX];
    uint64_t mask = run(p, &v, rule_of);
    for (size_t c = 0; c < n; c++)
        out[c] = c < p->ncats && (mask >> c) & 1 ? rule_of[c] : CLM_CATEGORY_NO_RULE;
    return CLM_OK;
}

int clm_category_policy_evaluate_batch(uint32_t *out, size_t n, const clm_category_policy *p,
                                       const clm_category_facts *facts, size_t count,
                                       clm_date as_of)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "category evaluation: policy is NULL");
    if (count == 0)
        return CLM_OK;
    if (out == NULL || facts == NULL)
        return clm_core__fail(CLM_EINVAL, "category evaluation: %s is NULL",
                         out == NULL ? "out" : "facts");
    const size_t nc = p->ncats;
    if (nc > 0 && (count > SIZE_MAX / nc || n < count * nc))
        return clm_core__fail_at(CLM_EBUFSIZE, "n", "", 0,
                            "category evaluation: room for %zu results, %zu clients x %zu"
                            " categories need more", n, count, nc);
    int rc = check_as_of(as_of);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < count; i++) {
        rc = check_facts(p, &facts[i], as_of, i);
        if (rc < 0)
            return rc;
    }
    uint32_t rule_of[CLM_CATEGORY_MAX];
    for (size_t i = 0; i < count; i++) {
        fact_vec v;
        load(&v, &facts[i], as_of);
        uint64_t mask = run(p, &v, rule_of);
        for (size_t c = 0; c < nc; c++)
            out[i * nc + c] = (mask >> c) & 1 ? rule_of[c] : CLM_CATEGORY_NO_RULE;
    }
    return CLM_OK;
}
