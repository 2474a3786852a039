/*
 * approval.c — the approval ladder: who must sign a priced document.
 * A manager "signs documents within his competence" (job descriptions;
 * docs/rules.md, Discounts): a typical ladder is manager 10 %, head of
 * department 20 %, commercial director 30 %, general director above, and
 * some companies judge by the margin left instead: a step may carry
 * either limit, or both.
 */
#include <string.h>

#include "discount_internal.h"

/* NO_LIMIT is the most authority: compare with it as infinite. */
static bool disc_le(clm_rate a, clm_rate b)
{
    if (b == CLM_DISCOUNT_NO_LIMIT)
        return true;
    if (a == CLM_DISCOUNT_NO_LIMIT)
        return false;
    return a <= b;
}

static bool margin_ge(clm_rate a, clm_rate b) /* a step with min a has no more authority than b */
{
    if (b == CLM_DISCOUNT_NO_LIMIT)
        return true;
    if (a == CLM_DISCOUNT_NO_LIMIT)
        return false;
    return a >= b;
}

int clm_discount_policy_add_approval(clm_discount_policy *p, const clm_discount_approval *step)
{
    if (p == NULL || step == NULL)
        return clm_core__fail(CLM_EINVAL, "discount approval: NULL argument");
    if (clm_core__check_text(step->role, CLM_CORE__TEXT_ID, "role") < 0)
        return CLM_EINVAL;
    if (step->max_discount != CLM_DISCOUNT_NO_LIMIT &&
        (step->max_discount < 0 || step->max_discount > CLM_RATE_ONE)) {
        char t[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "max-discount", "", 0,
                            "discount approval '%s': the discount limit must be 0..100%% or "
                            "no limit (got %s)", step->role, clm_core__rate_text(t, sizeof t, step->max_discount));
    }
    if (step->min_margin != CLM_DISCOUNT_NO_LIMIT &&
        (step->min_margin < 0 || step->min_margin > CLM_RATE_MAX)) {
        char mx[CLM_CORE__RATE_TEXT_MAX], t[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "min-margin", "", 0,
                            "discount approval '%s': the margin limit must be 0..%s"
                            " or no limit (got %s)", step->role, clm_core__rate_text(mx, sizeof mx, CLM_RATE_MAX),
                            clm_core__rate_text(t, sizeof t, step->min_margin));
    }
    for (size_t i = 0; i < p->nladder; i++)
        if (strcmp(p->ladder[i].role, step->role) == 0)
            return clm_core__fail_at(CLM_EEXISTS, "role", "", 0,
                                "discount approval: role '%s' is in the ladder already",
                                step->role);
    if (p->nladder > 0) {
        const clm_discount_approval *prev = &p->ladder[p->nladder - 1];
        if (!disc_le(prev->max_discount, step->max_discount) ||
            !margin_ge(prev->min_margin, step->min_margin))
            return clm_core__fail_at(CLM_EINVAL, "role", "", 0,
                                "discount approval '%s': the ladder goes from least to most "
                                "authority, and this step may grant less than '%s' before it",
                                step->role, prev->role);
    }
    int rc = clm_core__grow((void **)&p->ladder, &p->capladder, p->nladder + 1, sizeof *p->ladder,
                       "discount approval ladder");
    if (rc < 0)
        return rc;
    char *role = clm_core__strdup(step->role);
    if (role == NULL)
        return clm_core__oom("discount approval ladder");
    p->ladder[p->nladder] = *step;
    p->ladder[p->nladder].role = role;
    p->nladder++;
    return 0;
}

size_t clm_discount_policy_approval_count(const clm_discount_policy *p)
{
    return p ? p->nladder : 0;
}

const clm_discount_approval *clm_discount_policy_approval(const clm_discount_policy *p,
                                                          size_t i)
{
    if (p == NULL || i >= p->nladder)
        return NULL;
    return &p->ladder[i];
}

static void limit_text(char *buf, size_t size, clm_rate r)
{
    if (r == CLM_DISCOUNT_NO_LIMIT)
        clm_discount__fmt(buf, size, clm_core__tr("no limit"));
    else
        clm_discount__fmt_rate(buf, size, r);
}

/* A sentence's conversions in order, as texts (clm_discount__fmt_texts). */
typedef struct texts {
    const char *a[7];
    size_t n[7];
    unsigned k;
} texts;

static void put(texts *x, const char *s)
{
    x->a[x->k] = s;
    x->n[x->k++] = strlen(s);
}

static void put_n(texts *x, const char *s, size_t n)
{
    x->a[x->k] = s;
    x->n[x->k++] = n;
}

/* The sentence's first two: the line's number and its rate (a discount
 * or a margin), written into line[24] and rate. */
static void put_line(texts *x, char *line, size_t i, char *rate, clm_rate r)
{
    put_n(x, line, clm_discount__zu_text(line, i + 1));
    clm_discount__fmt_rate(rate, CLM_RATE_FORMAT_MAX, r);
    put(x, rate);
}

/* A role and its limit, written into lim. */
static void put_role(texts *x, const char *role, char *lim, clm_rate r)
{
    put(x, role);
    limit_text(lim, CLM_RATE_FORMAT_MAX, r);
    put(x, lim);
}

/* Writes the approval sentence into buf (size bytes, as snprintf() would,
 * then cut on a whole UTF-8 character: long role names cut it) and
 * returns its length. The figures are written first, then the sentence
 * from its translated format's pieces (clm_discount__fmt_texts), without
 * the format scanned again. */
static size_t approve_explain(char *buf, size_t size, const clm_discount_policy *p,
                              const clm_discount_totals *tot)
{
    char line[24], rate[CLM_RATE_FORMAT_MAX], lim[CLM_RATE_FORMAT_MAX], up[CLM_RATE_FORMAT_MAX],
        marg[CLM_RATE_FORMAT_MAX];
    texts x = { .k = 0 };
    const char *fmt;
    if (p->nladder == 0) {
        fmt = clm_core__tr("the policy has no approval ladder");
    } else if (!tot->approvable) {
        const clm_discount_approval *top = &p->ladder[p->nladder - 1];
        if (!clm_discount__covers_discount(top, tot)) {
            fmt = clm_core__tr("line %zu: discount %s exceeds every role's limit (the "
                               "highest, %s, may grant %s)");
            put_line(&x, line, tot->max_line, rate, tot->max_line_rate);
            put_role(&x, top->role, lim, top->max_discount);
        } else {
            fmt = clm_core__tr("line %zu: margin %s %s is below every role's limit (the "
                               "highest, %s, may go down to %s)");
            put_line(&x, line, tot->min_margin_line, marg, tot->min_margin);
            put(&x, p->basis == CLM_DISCOUNT_MARGIN_ON_COST ? clm_core__tr("on cost")
                                                            : clm_core__tr("on price"));
            put_role(&x, top->role, lim, top->min_margin);
        }
    } else if (tot->approval == 0) {
        const clm_discount_approval *s = &p->ladder[0];
        if (tot->max_line == CLM_DISCOUNT_NONE) {
            fmt = clm_core__tr("no discount: %s may sign");
            put(&x, s->role);
        } else {
            fmt = clm_core__tr("line %zu: the largest discount, %s, is within %s's %s");
            put_line(&x, line, tot->max_line, rate, tot->max_line_rate);
            put_role(&x, s->role, lim, s->max_discount);
        }
    } else {
        const clm_discount_approval *s = &p->ladder[tot->approval];
        const clm_discount_approval *below = &p->ladder[tot->approval - 1];
        if (!clm_discount__covers_discount(below, tot)) {
            fmt = clm_core__tr("line %zu: discount %s exceeds %s's %s; %s may grant %s");
            put_line(&x, line, tot->max_line, rate, tot->max_line_rate);
            put_role(&x, below->role, lim, below->max_discount);
            put_role(&x, s->role, up, s->max_discount);
        } else {
            fmt = clm_core__tr("line %zu: margin %s %s is below %s's %s; %s may go down to %s");
            put_line(&x, line, tot->min_margin_line, marg, tot->min_margin);
            put(&x, p->basis == CLM_DISCOUNT_MARGIN_ON_COST ? clm_core__tr("on cost")
                                                            : clm_core__tr("on price"));
            put_role(&x, below->role, lim, below->min_margin);
            put_role(&x, s->role, up, s->min_margin);
        }
    }
    int n = clm_discount__fmt_texts(buf, size, fmt, x.k, x.a, x.n);
    size_t len = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
    if (n < 0)
        buf[0] = '\0';
    len = clm_core__utf8_cut(buf, len);
    buf[len] = '\0';
    return len;
}

size_t clm_discount__approve_explain(char *buf, size_t size, const clm_discount_policy *p,
                                     const clm_discount_totals *tot)
{
    return approve_explain(buf, size, p, tot);
}

void clm_discount__trace_approval(clm_discount__trace *t, const clm_discount_policy *p,
                                  const clm_discount_totals *tot)
{
    const char *who = tot->approvable && tot->approval != CLM_DISCOUNT_NONE
                          ? p->ladder[tot->approval].role
                          : (p->nladder ? clm_core__tr("no role") : clm_core__tr("none"));
    size_t wl = strlen(who);
    const size_t why_max = sizeof t->why;
    if (wl + 2 + why_max <= CLM_DISCOUNT__REASON_MAX) {
        /* "role: why", the sentence written in place: the result's
         * approval sentence is this entry's (t->why_off) */
        char *reason = clm_discount__trace_open(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_ADJUSTED,
                                                CLM_DISCOUNT_STAGE_DOCUMENT, CLM_DISCOUNT_NONE,
                                                "approval", tot->net, tot->net);
        if (reason == NULL)
            return;
        clm_discount__copy(reason, who, wl);
        reason[wl] = ':';
        reason[wl + 1] = ' ';
        size_t n = approve_explain(reason + wl + 2, why_max, p, tot);
        t->why_off = (size_t)(reason - t->text.data) + wl + 2;
        clm_discount__trace_close(t, wl + 2 + n);
        return;
    }
    /* a role name too long for that: the sentence cut where the entry
     * cuts it */
    approve_explain(t->why, why_max, p, tot);
    t->has_why = true;
    clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_ADJUSTED,
                            CLM_DISCOUNT_STAGE_DOCUMENT, CLM_DISCOUNT_NONE, "approval", tot->net,
                            tot->net, "%s%s%s", who, ": ", t->why);
}
