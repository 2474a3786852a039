/*
 * report.c — the claims report (claim_report.h): counts, amounts, speed,
 * share in term and retention by one dimension over a period.
 */
#include <string.h>

#include "claim_internal.h"
#include "clm/claim_report.h"

typedef struct row {
    clm_claim_report_row r;  /* r.key owned */
} row;

struct clm_claim_report {
    row *rows;
    size_t n, cap;
    clm_claim_report_row total;
};

typedef struct sample {
    size_t row;   /* SIZE_MAX = the total */
    int32_t days;
} sample;

static const char *key_of(const clm_claim *c, clm_claim_dimension by)
{
    const char *k = NULL;
    switch (by) {
    case CLM_CLAIM_BY_CAUSE: k = c->cause; break;
    case CLM_CLAIM_BY_PARTY: k = c->cause != NULL ? clm_claim_name(CLM_CLAIM_VOCAB_PARTY, (int)c->party) : NULL; break;
    case CLM_CLAIM_BY_SUBJECT: k = clm_claim_name(CLM_CLAIM_VOCAB_SUBJECT, (int)c->info.subject); break;
    case CLM_CLAIM_BY_CATEGORY: k = c->info.client_category; break;
    case CLM_CLAIM_BY_MANAGER: k = c->info.manager; break;
    case CLM_CLAIM_BY_OUTCOME: k = c->decided ? clm_claim_name(CLM_CLAIM_VOCAB_OUTCOME, (int)c->outcome) : NULL; break;
    }
    return k != NULL ? k : "(none)";
}

static int cmp_key(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const row *)elem)->r.key);
}

static int cmp_sample(const void *a, const void *b)
{
    const sample *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->days > y->days) - (x->days < y->days);
}

void clm_claim_report_free(clm_claim_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++)
        clm_core__free((char *)r->rows[i].r.key);
    clm_core__free(r->rows);
    clm_core__free(r);
}

static void money_zero(clm_money *m, const char *cur)
{
    m->amount = 0;
    memcpy(m->currency, cur, 4);
}

static int add_to(clm_claim_report_row *t, const clm_claim *c, int satisfied, int64_t penalty,
                  int resolved, int in_term, int retained)
{
    t->received++;
    t->satisfied += satisfied;
    t->resolved += resolved;
    t->resolved_in_term += in_term;
    t->retained += retained;
    if (clm_core__add_ovf(t->claimed.amount, c->info.claimed.amount, &t->claimed.amount) ||
        clm_core__add_ovf(t->granted.amount, c->decided ? c->granted.amount : 0, &t->granted.amount) ||
        clm_core__add_ovf(t->penalties.amount, penalty, &t->penalties.amount))
        return clm_core__fail(CLM_EOVERFLOW, "claim report: a sum does not fit 64 bits");
    return 0;
}

/* Sets median_days of each row (and the total) from the sorted samples. */
static void medians(clm_claim_report *r, sample *s, size_t ns)
{
    for (size_t i = 0; i < r->n; i++)
        r->rows[i].r.median_days = -1;
    r->total.median_days = -1;
    for (size_t i = 0; i < ns;) {
        size_t j = i;
        while (j < ns && s[j].row == s[i].row)
            j++;
        int32_t m = s[i + (j - i - 1) / 2].days; /* the lower median */
        if (s[i].row == SIZE_MAX)
            r->total.median_days = m;
        else
            r->rows[s[i].row].r.median_days = m;
        i = j;
    }
}

int clm_claim_report_new(clm_claim_report **out, const clm_claim *const *claims, size_t n,
                         clm_date from, clm_date to, clm_claim_dimension by,
                         const clm_claim_purchase *purchases, size_t npurchases,
                         const clm_calendar *cal, const clm_claim_key_rate *rates, size_t nrates,
                         const clm_claim_policy *policy)
{
    if (out == NULL || (claims == NULL && n > 0) || (purchases == NULL && npurchases > 0) ||
        cal == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_report_new: NULL argument");
    if (from > to)
        return clm_core__fail_at(CLM_EINVAL, "from", NULL, 0, "claim report: from is after to");
    if ((int)by < CLM_CLAIM_BY_CAUSE || (int)by > CLM_CLAIM_BY_OUTCOME)
        return clm_core__fail_at(CLM_EINVAL, "by", NULL, 0, "claim report: unknown dimension %d",
                                 (int)by);
    for (size_t i = 0; i < npurchases; i++) {
        int rc = clm_core__check_text(purchases[i].client_id, CLM_CORE__TEXT_ID, "purchase client_id");
        if (rc < 0)
            return rc;
    }
    const char *cur = "";
    for (size_t i = 0; i < n; i++) {
        if (claims[i] == NULL)
            return clm_core__fail(CLM_EINVAL, "claim report: claim %zu is NULL", i);
        if (i == 0)
            cur = claims[0]->info.claimed.currency;
        else if (strcmp(cur, claims[i]->info.claimed.currency) != 0)
            return clm_core__fail_at(CLM_ECURRENCY, "claimed", NULL, 0,
                                     "claim report: claim %s is in %s, the report in %s",
                                     claims[i]->number, claims[i]->info.claimed.currency, cur);
    }
    clm_claim_report *r = clm_core__calloc(1, sizeof *r);
    sample *s = n > 0 ? clm_core__calloc(2 * n, sizeof *s) : NULL;
    if (r == NULL || (n > 0 && s == NULL)) {
        clm_core__free(r);
        clm_core__free(s);
        return clm_core__oom("claim report");
    }
    size_t ns = 0;
    r->total.key = "total";
    money_zero(&r->total.claimed, cur);
    money_zero(&r->total.granted, cur);
    money_zero(&r->total.penalties, cur);
    int rc = 0;
    /* First the groups (so that row indexes are stable), then the figures. */
    for (size_t i = 0; i < n && rc == 0; i++) {
        const clm_claim *c = claims[i];
        if (c->info.received < from || c->info.received > to)
            continue;
        const char *k = key_of(c, by);
        size_t at = clm_core__lower_bound(k, r->rows, r->n, sizeof *r->rows, cmp_key);
        if (at < r->n && strcmp(r->rows[at].r.key, k) == 0)
            continue;
        char *dup = clm_core__strdup(k);
        if (dup == NULL || (rc = clm_core__grow((void **)&r->rows, &r->cap, r->n + 1,
                                                sizeof *r->rows, "claim report")) < 0) {
            clm_core__free(dup);
            rc = rc < 0 ? rc : clm_core__oom("claim report");
            break;
        }
        memmove(r->rows + at + 1, r->rows + at, (r->n - at) * sizeof *r->rows);
        memset(&r->rows[at], 0, sizeof r->rows[at]);
        r->rows[at].r.key = dup;
        money_zero(&r->rows[at].r.claimed, cur);
        money_zero(&r->rows[at].r.granted, cur);
        money_zero(&r->rows[at].r.penalties, cur);
        r->n++;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        const clm_claim *c = claims[i];
        if (c->info.received < from || c->info.received > to)
            continue;
        size_t at = clm_core__lower_bound(key_of(c, by), r->rows, r->n, sizeof *r->rows, cmp_key);
        int satisfied = c->decided && c->outcome != CLM_CLAIM_REJECTED;
        int resolved = c->satisfied_on != CLM_CLAIM_NO_DATE;
        int in_term = 0;
        int64_t penalty = 0;
        if (resolved) {
            clm_claim_deadlines d;
            clm_claim_penalty_result p;
            if ((rc = clm_claim_deadlines_get(&d, c, cal, c->satisfied_on)) < 0 ||
                (rc = clm_claim_penalty(&p, c, cal, c->satisfied_on, rates, nrates, policy)) < 0)
                break;
            in_term = c->satisfied_on <= d.resolution;
            penalty = p.amount.amount;
            s[ns].row = at;
            s[ns++].days = c->satisfied_on - c->info.received;
            s[ns].row = SIZE_MAX;
            s[ns++].days = c->satisfied_on - c->info.received;
        }
        int retained = 0;
        for (size_t k = 0; k < npurchases && !retained; k++)
            retained = strcmp(purchases[k].client_id, c->info.client_id) == 0 &&
                       purchases[k].on > c->info.received;
        if ((rc = add_to(&r->rows[at].r, c, satisfied, penalty, resolved, in_term, retained)) < 0 ||
            (rc = add_to(&r->total, c, satisfied, penalty, resolved, in_term, retained)) < 0)
            break;
    }
    if (rc < 0) {
        clm_core__free(s);
        clm_claim_report_free(r);
        return rc;
    }
    clm_core__qsort(s, ns, sizeof *s, cmp_sample);
    medians(r, s, ns);
    clm_core__free(s);
    *out = r;
    return 0;
}

size_t clm_claim_report_count(const clm_claim_report *r)
{
    return r != NULL ? r->n : 0;
}

int clm_claim_report_row_at(clm_claim_report_row *out, const clm_claim_report *r, size_t i)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_report_row_at: NULL argument");
    if (i >= r->n)
        return clm_core__fail(CLM_ERANGE, "claim_report_row_at: row %zu of %zu", i, r->n);
    *out = r->rows[i].r;
    return 0;
}

int clm_claim_report_total(clm_claim_report_row *out, const clm_claim_report *r)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_report_total: NULL argument");
    *out = r->total;
    return 0;
}
