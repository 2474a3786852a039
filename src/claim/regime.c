/*
 * regime.c — legal regimes of claims (their terms and penalty method), the
 * built-in Russian ones, the house policy and claim numbers.
 */
#include <stdio.h>
#include <string.h>

#include "claim_internal.h"

typedef struct regime_entry {
    clm_claim_regime r; /* id and name owned */
} regime_entry;

struct clm_claim_regimes {
    regime_entry *v;
    size_t n, cap;
};

int clm_claim_regime_init(clm_claim_regime *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_regime_init: NULL");
    clm_claim_regime init = CLM_CLAIM_REGIME_INIT;
    *r = init;
    return 0;
}

int clm_claim__check_term(const clm_claim_term *t, const char *field)
{
    if (t->n < 1 || t->n > 3660)
        return clm_core__fail_at(CLM_EINVAL, field, NULL, 0,
                                 "claim regime: %s: a term of %ld units; it must be 1..3660",
                                 field, (long)t->n);
    if (clm_claim_name(CLM_CLAIM_VOCAB_UNIT, (int)t->unit) == NULL)
        return clm_core__fail_at(CLM_EINVAL, field, NULL, 0,
                                 "claim regime: %s: unit %d is not days, working-days or months",
                                 field, (int)t->unit);
    return 0;
}

static int unset(const clm_claim_term *t)
{
    return t->n == 0 && t->unit == 0;
}

static int check_regime(const clm_claim_regime *r)
{
    int rc;
    if ((rc = clm_core__check_version(r->version, CLM_CLAIM_REGIME_VERSION, "claim regime")) < 0)
        return rc;
    if ((rc = clm_core__check_text(r->id, CLM_CORE__TEXT_ID, "id")) < 0 ||
        (rc = clm_core__check_text(r->name, CLM_CORE__TEXT_LINE, "name")) < 0)
        return rc;
    if ((rc = clm_claim__check_term(&r->acknowledgement, "acknowledgement")) < 0 ||
        (rc = clm_claim__check_term(&r->resolution_default, "resolution_default")) < 0)
        return rc;
    if (!unset(&r->response) && (rc = clm_claim__check_term(&r->response, "response")) < 0)
        return rc;
    if (!unset(&r->quality_check) &&
        (rc = clm_claim__check_term(&r->quality_check, "quality_check")) < 0)
        return rc;
    if (!unset(&r->out_of_stock) &&
        (rc = clm_claim__check_term(&r->out_of_stock, "out_of_stock")) < 0)
        return rc;
    if (r->resolution[0].n != 0 || r->resolution[0].unit != 0)
        return clm_core__fail_at(CLM_EINVAL, "resolution", NULL, 0,
                                 "claim regime: resolution[0] is not a demand; leave it unset");
    for (int d = 1; d <= CLM_CLAIM_DEMAND_COUNT; d++)
        if (!unset(&r->resolution[d]) &&
            (rc = clm_claim__check_term(&r->resolution[d], "resolution")) < 0)
            return rc;
    if (r->agreed_max < 0 || r->agreed_max > 3660)
        return clm_core__fail_at(CLM_EINVAL, "agreed_max", NULL, 0,
                                 "claim regime: agreed_max %ld must be 0..3660",
                                 (long)r->agreed_max);
    if ((r->agreed_demands & ~(((1u << (CLM_CLAIM_DEMAND_COUNT + 1)) - 1u) & ~1u)) != 0)
        return clm_core__fail_at(CLM_EINVAL, "agreed_demands", NULL, 0,
                                 "claim regime: agreed_demands has bits that are no demand");
    if ((rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_PENALTY, (int)r->penalty, "penalty")) < 0)
        return rc;
    if (r->penalty == CLM_CLAIM_PENALTY_CONSUMER && (r->penalty_rate <= 0 || r->penalty_rate > 1000000))
        return clm_core__fail_at(CLM_EINVAL, "penalty_rate", NULL, 0,
                                 "claim regime: a consumer penalty rate must be above 0 and at most 100%%");
    return 0;
}

static int cmp_id(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const regime_entry *)elem)->r.id);
}

int clm_claim_regimes_add(clm_claim_regimes *set, const clm_claim_regime *r)
{
    if (set == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_regimes_add: NULL argument");
    int rc = check_regime(r);
    if (rc < 0)
        return rc;
    size_t at = clm_core__lower_bound(r->id, set->v, set->n, sizeof *set->v, cmp_id);
    if (at < set->n && strcmp(set->v[at].r.id, r->id) == 0)
        return clm_core__fail_at(CLM_EEXISTS, "id", NULL, 0,
                                 "claim regimes: regime '%s' exists already", r->id);
    if ((rc = clm_core__grow((void **)&set->v, &set->cap, set->n + 1, sizeof *set->v,
                             "claim regimes")) < 0)
        return rc;
    char *id = clm_core__strdup(r->id);
    char *name = clm_core__strdup(r->name != NULL ? r->name : "");
    if (id == NULL || name == NULL) {
        clm_core__free(id);
        clm_core__free(name);
        return clm_core__oom("claim regime");
    }
    memmove(set->v + at + 1, set->v + at, (set->n - at) * sizeof *set->v);
    set->v[at].r = *r;
    set->v[at].r.id = id;
    set->v[at].r.name = name;
    set->n++;
    return 0;
}

static clm_claim_term T(int32_t n, clm_term_unit u)
{
    clm_claim_term t = { n, u };
    return t;
}

void clm_claim_regimes_free(clm_claim_regimes *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->n; i++) {
        clm_core__free((char *)set->v[i].r.id);
        clm_core__free((char *)set->v[i].r.name);
    }
    clm_core__free(set->v);
    clm_core__free(set);
}

int clm_claim_regimes_new(clm_claim_regimes **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_regimes_new: NULL out");
    clm_claim_regimes *set = clm_core__calloc(1, sizeof *set);
    if (set == NULL)
        return clm_core__oom("claim regimes");
    /* Law of the RF No. 2300-1 "On the protection of consumers' rights". */
    clm_claim_regime c = CLM_CLAIM_REGIME_INIT;
    c.id = CLM_CLAIM_REGIME_RU_CONSUMER;
    c.name = "RU consumer protection law, art. 20-23";
    c.acknowledgement = T(1, CLM_TERM_WORKING_DAYS);          /* house default */
    c.resolution[CLM_CLAIM_PRICE_REDUCTION] = T(10, CLM_TERM_DAYS); /* art. 22 */
    c.resolution[CLM_CLAIM_REFUND] = T(10, CLM_TERM_DAYS);          /* art. 22 */
    c.resolution[CLM_CLAIM_DAMAGES] = T(10, CLM_TERM_DAYS);         /* art. 22 */
    c.resolution[CLM_CLAIM_REPLACEMENT] = T(7, CLM_TERM_DAYS);      /* art. 21 p. 1 */
    c.quality_check = T(20, CLM_TERM_DAYS);                         /* art. 21 p. 1 */
    c.out_of_stock = T(1, CLM_TERM_MONTHS);                         /* art. 21 p. 1 */
    c.resolution[CLM_CLAIM_REPAIR] = T(45, CLM_TERM_DAYS);          /* art. 20 p. 1 */
    c.agreed_max = 45;                                              /* art. 20 p. 1 */
    c.agreed_demands = 1u << CLM_CLAIM_REPAIR;
    c.resolution_default = T(10, CLM_TERM_DAYS);
    c.penalty = CLM_CLAIM_PENALTY_CONSUMER;
    c.penalty_rate = 10000;                                         /* art. 23 p. 1: 1 % */
    /* Arbitration Procedure Code art. 4 part 5: 30 calendar days unless the
     * law or the contract sets another term. */
    clm_claim_regime b = CLM_CLAIM_REGIME_INIT;
    b.id = CLM_CLAIM_REGIME_RU_BUSINESS;
    b.name = "RU pre-trial business claim, APC art. 4 part 5";
    b.acknowledgement = T(1, CLM_TERM_WORKING_DAYS);
    b.resolution_default = T(30, CLM_TERM_DAYS);
    b.penalty = CLM_CLAIM_PENALTY_CONTRACTUAL;
    int rc;
    if ((rc = clm_claim_regimes_add(set, &c)) < 0 || (rc = clm_claim_regimes_add(set, &b)) < 0) {
        clm_claim_regimes_free(set);
        return rc;
    }
    *out = set;
    return 0;
}

size_t clm_claim_regimes_count(const clm_claim_regimes *set)
{
    return set != NULL ? set->n : 0;
}

int clm_claim_regimes_at(const clm_claim_regime **out, const clm_claim_regimes *set, size_t i)
{
    if (out == NULL || set == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_regimes_at: NULL argument");
    if (i >= set->n)
        return clm_core__fail(CLM_ERANGE, "claim_regimes_at: index %zu of %zu", i, set->n);
    *out = &set->v[i].r;
    return 0;
}

int clm_claim_regimes_find(const clm_claim_regime **out, const clm_claim_regimes *set,
                           const char *id)
{
    if (out == NULL || set == NULL || id == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_regimes_find: NULL argument");
    size_t at = clm_core__lower_bound(id, set->v, set->n, sizeof *set->v, cmp_id);
    if (at == set->n || strcmp(set->v[at].r.id, id) != 0)
        return clm_core__fail_at(CLM_ENOTFOUND, "regime", NULL, 0,
                                 "claim: no regime '%.64s'", id);
    *out = &set->v[at].r;
    return 0;
}

int clm_claim__terms(clm_claim_term *resolution, clm_claim_term *response,
                     const clm_claim_regime *r, clm_claim_demand demand, int conditions,
                     int32_t agreed)
{
    clm_claim_term t = r->resolution[demand];
    if (unset(&t))
        t = r->resolution_default;
    /* Consumer law art. 21 p. 1: 7 days, 20 with a quality check, one
     * month without goods to replace with; both conditions: the longer. */
    if ((conditions & CLM_CLAIM_COND_QUALITY_CHECK) && demand == CLM_CLAIM_REPLACEMENT &&
        !unset(&r->quality_check))
        t = r->quality_check;
    if ((conditions & CLM_CLAIM_COND_OUT_OF_STOCK) && demand == CLM_CLAIM_REPLACEMENT &&
        !unset(&r->out_of_stock))
        t = r->out_of_stock;
    if (agreed != 0) {
        if (agreed < 0 || agreed > 3660)
            return clm_core__fail_at(CLM_EINVAL, "agreed_term", NULL, 0,
                                     "claim: agreed term %ld must be 1..3660", (long)agreed);
        if (r->agreed_demands != 0 && (r->agreed_demands & (1u << demand)) == 0)
            return clm_core__fail_at(CLM_ERANGE, "agreed_term", NULL, 0,
                                     "claim: regime '%s' allows no agreed term for demand %s",
                                     r->id, clm_claim_name(CLM_CLAIM_VOCAB_DEMAND, (int)demand));
        if (r->agreed_max > 0 && agreed > r->agreed_max)
            return clm_core__fail_at(CLM_ERANGE, "agreed_term", NULL, 0,
                                     "claim: agreed term %ld exceeds regime '%s''s limit of %ld",
                                     (long)agreed, r->id, (long)r->agreed_max);
        t.n = agreed;
    }
    *resolution = t;
    *response = unset(&r->response) ? t : r->response;
    return 0;
}

/* ---- the policy ----------------------------------------------------------- */

static const char *const DEFAULT_ROLES[] = { "manager", "head_of_department", "director", NULL };

int clm_claim_policy_init(clm_claim_policy *p)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_policy_init: NULL");
    clm_claim_policy init = CLM_CLAIM_POLICY_INIT;
    *p = init;
    return 0;
}

size_t clm_claim__role_count(const clm_claim_policy *p)
{
    size_t n = 0;
    while (p->roles[n] != NULL)
        n++;
    return n;
}

static int check_pattern(const char *pat)
{
    int rc = clm_core__check_text(pat, CLM_CORE__TEXT_ID, "number_pattern");
    if (rc < 0)
        return rc;
    int ns = 0;
    for (const char *s = pat; *s != '\0'; s++) {
        if (*s == '}')
            return clm_core__fail_at(CLM_EINVAL, "number_pattern", NULL, 0,
                                     "claim policy: number pattern '%s': a '}' without '{'", pat);
        if (*s != '{')
            continue;
        if (strncmp(s, "{YYYY}", 6) == 0) {
            s += 5;
        } else if (strncmp(s, "{N}", 3) == 0) {
            ns++;
            s += 2;
        } else if (strncmp(s, "{N:", 3) == 0 && s[3] >= '1' && s[3] <= '9' &&
                   (s[4] == '}' || (s[4] >= '0' && s[4] <= '9' && s[5] == '}' &&
                                    (s[3] - '0') * 10 + (s[4] - '0') <= 12))) {
            ns++;
            s += s[4] == '}' ? 4 : 5;
        } else {
            return clm_core__fail_at(CLM_EINVAL, "number_pattern", NULL, 0,
                                     "claim policy: number pattern '%s': unknown field at '%.8s' "
                                     "(fields: {YYYY}, {N}, {N:w} with w 1..12)", pat, s);
        }
    }
    if (ns != 1)
        return clm_core__fail_at(CLM_EINVAL, "number_pattern", NULL, 0,
                                 "claim policy: number pattern '%s' must hold {N} exactly once", pat);
    return 0;
}

int clm_claim__policy(clm_claim_policy *out, const clm_claim_policy *p)
{
    clm_claim_policy d = CLM_CLAIM_POLICY_INIT;
    if (p != NULL) {
        int rc = clm_core__check_version(p->version, CLM_CLAIM_POLICY_VERSION, "claim policy");
        if (rc < 0)
            return rc;
        d = *p;
    }
    if (d.number_pattern == NULL)
        d.number_pattern = "CL-{YYYY}-{N:6}";
    if (d.roles == NULL)
        d.roles = DEFAULT_ROLES;
    int rc = check_pattern(d.number_pattern);
    if (rc < 0)
        return rc;
    size_t n = clm_claim__role_count(&d);
    if (n < 1 || n > 8)
        return clm_core__fail_at(CLM_EINVAL, "roles", NULL, 0,
                                 "claim policy: %zu roles in the escalation chain; 1..8 allowed", n);
    for (size_t i = 0; i < n; i++)
        if ((rc = clm_core__check_text(d.roles[i], CLM_CORE__TEXT_ID, "roles")) < 0)
            return rc;
    if (d.warn_days < 0 || d.warn_days > 366 || d.auto_escalate_days < -1 ||
        d.auto_escalate_days > 366 || d.reopen_days < 0 || d.reopen_days > 3660)
        return clm_core__fail_at(CLM_EINVAL, "policy", NULL, 0,
                                 "claim policy: warn_days and auto_escalate_days must be 0..366 "
                                 "(auto_escalate_days -1 = never), reopen_days 0..3660");
    if (clm_rounding_name(d.rounding) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rounding", NULL, 0,
                                 "claim policy: rounding %d is not a rounding mode", (int)d.rounding);
    *out = d;
    return 0;
}

int clm_claim_number_format(char *buf, size_t size, const clm_claim_policy *p, int year,
                            int64_t seq)
{
    clm_claim_policy pol;
    if (buf == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_number_format: NULL buffer");
    int rc = clm_claim__policy(&pol, p);
    if (rc < 0)
        return rc;
    if (year < 1 || year > 9999 || seq < 1)
        return clm_core__fail(CLM_EINVAL, "claim_number_format: year %d or number %lld out of range",
                              year, (long long)seq);
    char tmp[CLM_ID_MAX + 64];
    size_t at = 0;
    for (const char *s = pol.number_pattern; *s != '\0' && at < sizeof tmp - 32; s++) {
        if (strncmp(s, "{YYYY}", 6) == 0) {
            at += (size_t)snprintf(tmp + at, sizeof tmp - at, "%04d", year);
            s += 5;
        } else if (strncmp(s, "{N}", 3) == 0) {
            at += (size_t)snprintf(tmp + at, sizeof tmp - at, "%lld", (long long)seq);
            s += 2;
        } else if (strncmp(s, "{N:", 3) == 0) {
            int w = s[3] - '0';
            if (s[4] != '}') {
                w = w * 10 + (s[4] - '0');
                s++;
            }
            at += (size_t)snprintf(tmp + at, sizeof tmp - at, "%0*lld", w, (long long)seq);
            s += 4;
        } else {
            tmp[at++] = *s;
        }
    }
    if (at > CLM_ID_MAX)
        return clm_core__fail_at(CLM_ELIMIT, "number_pattern", NULL, 0,
                                 "claim: the number would be longer than %d bytes", CLM_ID_MAX);
    tmp[at] = '\0';
    if (at + 1 > size)
        return clm_core__fail(CLM_EBUFSIZE, "claim_number_format: buffer of %zu bytes, %zu needed",
                              size, at + 1);
    memcpy(buf, tmp, at + 1);
    return (int)at;
}

clm_claim_regimes *clm_claim__regimes_empty(void)
{
    return clm_core__calloc(1, sizeof(clm_claim_regimes));
}

int clm_claim__regimes_take(clm_claim_regimes *set, clm_claim_regimes *from)
{
    for (size_t i = 0; i < from->n; i++) {
        size_t at = clm_core__lower_bound(from->v[i].r.id, set->v, set->n, sizeof *set->v, cmp_id);
        if (at < set->n && strcmp(set->v[at].r.id, from->v[i].r.id) == 0)
            return clm_core__fail_at(CLM_EEXISTS, "id", NULL, 0,
                                     "claim regimes: regime '%s' exists already", from->v[i].r.id);
    }
    int rc = clm_core__grow((void **)&set->v, &set->cap, set->n + from->n, sizeof *set->v,
                            "claim regimes");
    if (rc < 0)
        return rc;
    /* Nothing fails from here on: the entries (and their strings) move. */
    for (size_t i = 0; i < from->n; i++) {
        size_t at = clm_core__lower_bound(from->v[i].r.id, set->v, set->n, sizeof *set->v, cmp_id);
        memmove(set->v + at + 1, set->v + at, (set->n - at) * sizeof *set->v);
        set->v[at] = from->v[i];
        set->n++;
    }
    from->n = 0;
    return 0;
}
