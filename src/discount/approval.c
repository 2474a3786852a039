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

static void approve_explain(char *buf, size_t size, const clm_discount_policy *p,
                            const clm_discount_totals *tot);

void clm_discount__approve_explain(char *buf, size_t size, const clm_discount_policy *p,
                           const clm_discount_totals *tot)
{
    approve_explain(buf, size, p, tot);
    /* long role names cut the sentence at `size`: on a whole UTF-8
     * character, as the trace's entries */
    buf[clm_core__utf8_cut(buf, strlen(buf))] = '\0';
}

static void approve_explain(char *buf, size_t size, const clm_discount_policy *p,
                            const clm_discount_totals *tot)
{
    char rate[CLM_RATE_FORMAT_MAX], lim[CLM_RATE_FORMAT_MAX], marg[CLM_RATE_FORMAT_MAX];
    if (p->nladder == 0) {
        clm_discount__fmt(buf, size, clm_core__tr("the policy has no approval ladder"));
        return;
    }
    clm_discount__fmt_rate(rate, sizeof rate, tot->max_line_rate);
    if (tot->has_margin)
        clm_discount__fmt_rate(marg, sizeof marg, tot->min_margin);
    const char *mbasis = p->basis == CLM_DISCOUNT_MARGIN_ON_COST ? clm_core__tr("on cost") : clm_core__tr("on price");
    if (!tot->approvable) {
        const clm_discount_approval *top = &p->ladder[p->nladder - 1];
        if (!clm_discount__covers_discount(top, tot)) {
            limit_text(lim, sizeof lim, top->max_discount);
            clm_discount__fmt(buf, size, clm_core__tr("line %zu: discount %s exceeds every role's limit (the "
                              "highest, %s, may grant %s)"), tot->max_line + 1, rate, top->role, lim);
        } else {
            limit_text(lim, sizeof lim, top->min_margin);
            clm_discount__fmt(buf, size, clm_core__tr("line %zu: margin %s %s is below every role's limit (the "
                              "highest, %s, may go down to %s)"), tot->min_margin_line + 1, marg,
                              mbasis, top->role, lim);
        }
        return;
    }
    const clm_discount_approval *s = &p->ladder[tot->approval];
    if (tot->approval == 0) {
        limit_text(lim, sizeof lim, s->max_discount);
        if (tot->max_line == CLM_DISCOUNT_NONE)
            clm_discount__fmt(buf, size, clm_core__tr("no discount: %s may sign"), s->role);
        else
            clm_discount__fmt(buf, size, clm_core__tr("line %zu: the largest discount, %s, is within %s's %s"),
                              tot->max_line + 1, rate, s->role, lim);
        return;
    }
    const clm_discount_approval *below = &p->ladder[tot->approval - 1];
    if (!clm_discount__covers_discount(below, tot)) {
        limit_text(lim, sizeof lim, below->max_discount);
        char up[CLM_RATE_FORMAT_MAX];
        limit_text(up, sizeof up, s->max_discount);
        clm_discount__fmt(buf, size, clm_core__tr("line %zu: discount %s exceeds %s's %s; %s may grant %s"),
                          tot->max_line + 1, rate, below->role, lim, s->role, up);
    } else {
        limit_text(lim, sizeof lim, below->min_margin);
        char up[CLM_RATE_FORMAT_MAX];
        limit_text(up, sizeof up, s->min_margin);
        clm_discount__fmt(buf, size, clm_core__tr("line %zu: margin %s %s is below %s's %s; %s may go down to %s"),
                          tot->min_margin_line + 1, marg, mbasis, below->role, lim, s->role, up);
    }
}
