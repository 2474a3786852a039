/*
 * caps.c — stage 5: the maximum discount per line, the margin floor and the
 * maximum discount per document, with per-role overrides (peers cap per
 * item only, with no override by role: https://github.com/frappe/erpnext/issues/10372;
 * docs/rules.md, Discounts). Caps only ever raise a net amount.
 */
#include <inttypes.h>
#include <string.h>

#include "discount_internal.h"

int clm_discount__caps_check(const clm_discount_caps *c, clm_discount_margin_basis b, const char *who)
{
    if (c->max_line != CLM_DISCOUNT_NO_LIMIT && (c->max_line < 0 || c->max_line > CLM_RATE_ONE)) {
        char t[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "max-line", "", 0,
                            "discount caps (%s): the line cap must be 0..100%% or no limit "
                            "(got %s)", who, clm_core__rate_text(t, sizeof t, c->max_line));
    }
    if (c->max_document != CLM_DISCOUNT_NO_LIMIT &&
        (c->max_document < 0 || c->max_document > CLM_RATE_ONE)) {
        char t[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "max-document", "", 0,
                            "discount caps (%s): the document cap must be 0..100%% or no "
                            "limit (got %s)", who, clm_core__rate_text(t, sizeof t, c->max_document));
    }
    if (c->margin_floor != CLM_DISCOUNT_NO_LIMIT) {
        if (c->margin_floor < 0 || c->margin_floor > CLM_RATE_MAX) {
            char mx[CLM_CORE__RATE_TEXT_MAX], t[CLM_CORE__RATE_TEXT_MAX];
            return clm_core__fail_at(CLM_EINVAL, "margin-floor", "", 0,
                                "discount caps (%s): the margin floor must be 0..%s"
                                " or no limit (got %s)", who, clm_core__rate_text(mx, sizeof mx, CLM_RATE_MAX),
                                clm_core__rate_text(t, sizeof t, c->margin_floor));
        }
        if (b == CLM_DISCOUNT_MARGIN_ON_PRICE && c->margin_floor >= CLM_RATE_ONE)
            return clm_core__fail_at(CLM_EINVAL, "margin-floor", "", 0,
                                "discount caps (%s): a margin on price must stay below 100%%",
                                who);
    }
    return 0;
}

const clm_discount_caps *clm_discount__caps_for(const clm_discount_policy *p, const char *role)
{
    if (role != NULL)
        for (size_t i = 0; i < p->nrole_caps; i++)
            if (strcmp(p->role_caps[i].role, role) == 0)
                return &p->role_caps[i].caps;
    return &p->caps;
}

static void raise_net(clm_discount_line_result *res, int64_t to)
{
    res->capped += to - res->net;
    res->net = to;
}

int clm_discount__caps_line(const clm_discount_engine *e, const clm_discount_caps *caps,
                    const clm_discount_line *line, clm_discount_line_result *res,
                    size_t line_no, clm_discount__trace *t)
{
    const clm_discount_policy *p = e->policy;
    if (caps->max_line != CLM_DISCOUNT_NO_LIMIT) {
        int64_t allowed = (int64_t)clm_discount__muldiv(res->base, caps->max_line, CLM_RATE_ONE,
                                                CLM_ROUND_DOWN);
        if (res->base - res->net > allowed) {
            int64_t before = res->net;
            raise_net(res, res->base - allowed);
            if (t != NULL) {
                char r[CLM_RATE_FORMAT_MAX], m[64];
                clm_discount__fmt_rate(r, sizeof r, caps->max_line);
                clm_discount__fmt_money(m, sizeof m, allowed, e->exponent, p->currency);
                clm_discount__trace_add(t, line_no, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_CAP,
                                        CLM_DISCOUNT_NONE, "cap:line", before, res->net,
                                        "the discount on a line is capped at %s of its base (%s)", r, m);
            }
        }
    }
    if (caps->margin_floor != CLM_DISCOUNT_NO_LIMIT && line->has_cost) {
        clm_core__i128 floor;
        if (p->basis == CLM_DISCOUNT_MARGIN_ON_COST && res->cost <= INT64_MAX / (2 * CLM_DISCOUNT__MICRO) &&
            caps->margin_floor <= CLM_DISCOUNT__MICRO) {
            /* the common case in 64 bits */
            int64_t num = res->cost * (CLM_DISCOUNT__MICRO + caps->margin_floor);
            floor = num / CLM_DISCOUNT__MICRO + (num % CLM_DISCOUNT__MICRO != 0);
        } else if (p->basis == CLM_DISCOUNT_MARGIN_ON_COST) {
            /* net >= cost x (1 + m) */
            clm_core__i128 num = (clm_core__i128)res->cost * (CLM_DISCOUNT__MICRO + caps->margin_floor);
            floor = clm_discount__round(num / CLM_DISCOUNT__MICRO, num % CLM_DISCOUNT__MICRO, CLM_DISCOUNT__MICRO, CLM_ROUND_UP);
        } else {
            /* (net - cost) / net >= m  <=>  net >= cost / (1 - m) */
            clm_core__i128 num = (clm_core__i128)res->cost * CLM_DISCOUNT__MICRO;
            clm_core__i128 den = CLM_DISCOUNT__MICRO - caps->margin_floor;
            floor = clm_discount__round(num / den, num % den, den, CLM_ROUND_UP);
        }
        /* a floor cancels discounts; it never lifts a price above its base */
        int64_t target = floor > res->base ? res->base : (int64_t)floor;
        if (res->net < target) {
            int64_t before = res->net;
            raise_net(res, target);
            if (t != NULL) {
                char r[CLM_RATE_FORMAT_MAX], m[64];
                clm_discount__fmt_rate(r, sizeof r, caps->margin_floor);
                clm_discount__fmt_money(m, sizeof m, res->cost, e->exponent, p->currency);
                clm_discount__trace_add(t, line_no, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_CAP,
                                        CLM_DISCOUNT_NONE, "cap:margin", before, res->net,
                                        "the price may not fall below the cost %s plus a %s margin %s%s",
                                        m, r,
                                        p->basis == CLM_DISCOUNT_MARGIN_ON_COST ? clm_core__tr("on cost")
                                                                                : clm_core__tr("on price"),
                                        floor > res->base ? clm_core__tr(" (limited to the base price)")
                                                          : "");
            }
        }
    }
    return 0;
}

int clm_discount__caps_document(const clm_discount_engine *e, const clm_discount_caps *caps,
                        clm_discount_line_result *lines, size_t n, clm_discount_totals *tot,
                        clm_discount__scratch *s, clm_discount__trace *t)
{
    (void)tot;
    if (caps->max_document == CLM_DISCOUNT_NO_LIMIT || n == 0)
        return 0;
    clm_core__i128 base = 0, disc = 0;
    for (size_t i = 0; i < n; i++) {
        base += lines[i].base;
        disc += lines[i].base - lines[i].net;
    }
    clm_core__i128 allowed = clm_discount__muldiv(base, caps->max_document, CLM_DISCOUNT__MICRO, CLM_ROUND_DOWN);
    if (disc <= allowed)
        return 0;
    int64_t excess = (int64_t)(disc - allowed); /* <= sum of the positive discounts */
    for (size_t i = 0; i < n; i++)
        s->weights[i] = lines[i].base > lines[i].net ? lines[i].base - lines[i].net : 0;
    clm_discount__split(s->parts, excess, s->weights, n, s->wide, s->idx);
    char r[CLM_RATE_FORMAT_MAX] = "", m[64] = "";
    if (t != NULL) { /* the texts only for a trace */
        clm_discount__fmt_rate(r, sizeof r, caps->max_document);
        clm_discount__fmt_money(m, sizeof m, (int64_t)allowed, e->exponent, e->policy->currency);
    }
    int64_t before = (int64_t)(base - disc);
    clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_CAP,
                    CLM_DISCOUNT_NONE, "cap:document", before, before + excess,
                    "the discount on the document is capped at %s of its base (%s); the "
                    "excess goes back to the lines in proportion to their discounts", r, m);
    for (size_t i = 0; i < n; i++) {
        if (s->parts[i] == 0)
            continue;
        int64_t b = lines[i].net;
        raise_net(&lines[i], lines[i].net + s->parts[i]);
        clm_discount__trace_add(t, i, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_CAP,
                                CLM_DISCOUNT_NONE, "cap:document", b, lines[i].net,
                                "this line's share of the document cap (%s)", r);
    }
    return 0;
}
