/*
 * actions.c — what a rule does to a line: validation of an action and the
 * discount it gives on a running amount (stage 2), at 10^-6 of a minor unit.
 */
#include <inttypes.h>
#include <string.h>

#include "discount_internal.h"

/* Larger buy/get counts are certainly typing errors and would only make the
 * arithmetic harder to trust. */
#define FREE_GOODS_MAX INT64_C(1000000000)

int clm_discount__action_check(const clm_discount_rule *r)
{
    const clm_discount_action *a = &r->action;
    const char *kn = clm_discount_action_name(a->kind);
    if (kn == NULL)
        return clm_core__fail_at(CLM_EINVAL, "action", "", 0,
                            "discount rule '%s': unknown action kind %d", r->id, (int)a->kind);
    bool has_excl = r->exclusion_group != NULL && r->exclusion_group[0] != '\0';
    if (has_excl && strlen(r->exclusion_group) > CLM__ID_MAX)
        return clm_core__fail_at(CLM_EINVAL, "exclusion-group", "", 0,
                            "discount rule '%s': the exclusion group is longer than %d bytes",
                            r->id, CLM__ID_MAX);
    switch (a->kind) {
    case CLM_DISCOUNT_PERCENT:
    case CLM_DISCOUNT_SURCHARGE:
        if (a->rate <= 0 || a->rate > CLM_RATE_ONE) {
            char t[CLM_CORE__RATE_TEXT_MAX];
            return clm_core__fail_at(CLM_EINVAL, "rate", "", 0,
                                "discount rule '%s': a %s rate must be above 0 and at most "
                                "100%% (got %s)", r->id, kn, clm_core__rate_text(t, sizeof t, a->rate));
        }
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_UNIT:
    case CLM_DISCOUNT_AMOUNT_OFF_LINE:
    case CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT:
        if (a->amount <= 0)
            return clm_core__fail_at(CLM_EINVAL, "amount", "", 0,
                                "discount rule '%s': the amount off must be positive (got %"
                                PRId64 ")", r->id, a->amount);
        break;
    case CLM_DISCOUNT_FIXED_PRICE:
        if (a->amount < 0)
            return clm_core__fail_at(CLM_EINVAL, "amount", "", 0,
                                "discount rule '%s': a fixed price cannot be negative (got %"
                                PRId64 ")", r->id, a->amount);
        break;
    case CLM_DISCOUNT_FREE_GOODS:
        if (a->buy < 1 || a->get < 1 || a->buy > FREE_GOODS_MAX || a->get > FREE_GOODS_MAX)
            return clm_core__fail_at(CLM_EINVAL, a->buy < 1 || a->buy > FREE_GOODS_MAX ? "buy" : "get",
                                "", 0,
                                "discount rule '%s': buy and get must be whole units from 1 "
                                "to %" PRId64 " (got buy %" PRId64 ", get %" PRId64 ")",
                                r->id, FREE_GOODS_MAX, a->buy, a->get);
        break;
    case CLM_DISCOUNT_EARLY_PAYMENT:
        if (a->rate <= 0 || a->rate >= CLM_RATE_ONE) {
            char t[CLM_CORE__RATE_TEXT_MAX];
            return clm_core__fail_at(CLM_EINVAL, "rate", "", 0,
                                "discount rule '%s': an early-payment rate must be above 0 "
                                "and below 100%% (got %s)", r->id, clm_core__rate_text(t, sizeof t, a->rate));
        }
        if (a->days < 0 || a->net_days <= a->days)
            return clm_core__fail_at(CLM_EINVAL, a->days < 0 ? "days" : "net-days", "", 0,
                                "discount rule '%s': early-payment terms need 0 <= days < "
                                "net days (got %" PRId32 "/%" PRId32 ")", r->id, a->days,
                                a->net_days);
        break;
    }
    if (has_excl && (a->kind == CLM_DISCOUNT_SURCHARGE || a->kind == CLM_DISCOUNT_EARLY_PAYMENT))
        return clm_core__fail_at(CLM_EINVAL, "exclusion-group", "", 0,
                            "discount rule '%s': exclusion groups choose between discounts; "
                            "a %s rule cannot be in one", r->id, kn);
    return 0;
}

int clm_discount__action_amount(clm_core__i128 *out, const clm_discount_action *a, clm_core__i128 running,
                        const clm_discount__line *l, clm_rounding mode, int64_t share)
{
    const int64_t qty = l->line->quantity;
    clm_core__i128 d = 0;
    switch (a->kind) {
    case CLM_DISCOUNT_PERCENT:
        d = clm_discount__muldiv(running, a->rate, CLM_RATE_ONE, mode);
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_UNIT: {
        /* amount x qty / 1000 minor units = amount x qty x 1000 micro */
        clm_core__i128 prod = (clm_core__i128)a->amount * qty;
        d = prod > running ? running : prod * (CLM_DISCOUNT__MICRO / CLM_DISCOUNT_QTY_SCALE);
        break;
    }
    case CLM_DISCOUNT_AMOUNT_OFF_LINE:
        d = (clm_core__i128)a->amount * CLM_DISCOUNT__MICRO;
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT:
        d = (clm_core__i128)share * CLM_DISCOUNT__MICRO;
        break;
    case CLM_DISCOUNT_FIXED_PRICE: {
        clm_core__i128 prod = (clm_core__i128)a->amount * qty;
        clm_core__i128 target = prod > running ? running : prod * (CLM_DISCOUNT__MICRO / CLM_DISCOUNT_QTY_SCALE);
        d = target < running ? running - target : 0;
        break;
    }
    case CLM_DISCOUNT_FREE_GOODS: {
        int64_t whole = qty / CLM_DISCOUNT_QTY_SCALE;
        int64_t free_units = whole / (a->buy + a->get) * a->get;
        d = clm_discount__muldiv(running, free_units * CLM_DISCOUNT_QTY_SCALE, qty, mode);
        break;
    }
    default:
        d = 0;
    }
    if (d > running)
        d = running;
    *out = d;
    return 0;
}

int64_t clm_discount__amount64(const clm_discount_action *a, int64_t running,
                               const clm_discount__line *l, clm_rounding mode, int64_t share)
{
    if (a->kind == CLM_DISCOUNT_PERCENT)
        return clm_discount__muldiv64(running, a->rate, mode);
    clm_core__i128 d;
    clm_discount__action_amount(&d, a, running, l, mode, share);
    return (int64_t)d; /* cut to running */
}

void clm_discount__action_describe(char *buf, size_t size, const clm_discount_action *a,
                           const clm_discount_line *line, const clm_discount_engine *e)
{
    char r[CLM_RATE_FORMAT_MAX], m[64];
    const char *cur = e->policy->currency;
    switch (a->kind) {
    case CLM_DISCOUNT_PERCENT:
        clm_discount__fmt_rate(r, sizeof r, a->rate);
        clm_discount__fmt(buf, size, clm_core__tr("%s off"), r);
        break;
    case CLM_DISCOUNT_SURCHARGE:
        clm_discount__fmt_rate(r, sizeof r, a->rate);
        clm_discount__fmt(buf, size, clm_core__tr("%s surcharge"), r);
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_UNIT:
        clm_discount__fmt_money(m, sizeof m, a->amount, e->exponent, cur);
        clm_discount__fmt(buf, size, clm_core__tr("%s off each unit"), m);
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_LINE:
        clm_discount__fmt_money(m, sizeof m, a->amount, e->exponent, cur);
        clm_discount__fmt(buf, size, clm_core__tr("%s off the line"), m);
        break;
    case CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT:
        clm_discount__fmt_money(m, sizeof m, a->amount, e->exponent, cur);
        clm_discount__fmt(buf, size, clm_core__tr("this line's share of %s off the document (split by the lines' "
                          "bases, largest remainder)"), m);
        break;
    case CLM_DISCOUNT_FIXED_PRICE:
        clm_discount__fmt_money(m, sizeof m, a->amount, e->exponent, cur);
        clm_discount__fmt(buf, size, clm_core__tr("fixed unit price %s"), m);
        break;
    case CLM_DISCOUNT_FREE_GOODS: {
        int64_t whole = line ? line->quantity / CLM_DISCOUNT_QTY_SCALE : 0;
        int64_t free_units = whole / (a->buy + a->get) * a->get;
        clm_discount__fmt(buf, size, clm_core__tr("buy %" PRId64 " get %" PRId64 " free: %" PRId64 " of %" PRId64
                          " whole units free"), a->buy, a->get, free_units, whole);
        break;
    }
    case CLM_DISCOUNT_EARLY_PAYMENT:
        clm_discount__fmt_rate(r, sizeof r, a->rate);
        clm_discount__fmt(buf, size, clm_core__tr("%s if paid within %" PRId32 " days, net %" PRId32 " days"), r,
                          a->days, a->net_days);
        break;
    default:
        clm_discount__fmt(buf, size, clm_core__tr("unknown action"));
    }
    /* a text cut at `size` (a translated one may be) ends on a whole
     * character: it goes on into a sentence */
    buf[clm_core__utf8_cut(buf, strlen(buf))] = '\0';
}

const char *clm_discount__action_text(char *buf, size_t size, const clm_discount__trace *t,
                                      uint32_t rule, const clm_discount_line *line,
                                      const clm_discount_engine *e)
{
    const char *x = clm_discount__texts_action(t != NULL ? t->texts : NULL, rule);
    if (x == NULL) {
        clm_discount__action_describe(buf, size, &e->rules[rule].r->pub.action, line, e);
        return buf;
    }
    /* the engine's text was written into CLM_DISCOUNT__ACTION_MAX bytes:
     * within `size` as it is, else cut as a buffer of `size` would, on
     * its last whole UTF-8 character */
    size_t n = strlen(x);
    if (n < size)
        return x;
    n = clm_core__utf8_cut(x, size - 1); /* on a whole character */
    memcpy(buf, x, n);
    buf[n] = '\0';
    return buf;
}
