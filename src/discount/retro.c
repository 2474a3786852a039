/*
 * retro.c — retro-bonuses: the tier a period's turnover reaches, the bonus
 * by the scheme's mode, what is left to credit after the invoices, the
 * mid-period forecast and the trace (docs/rules.md, "Price lists,
 * promotions and retro-bonuses", Retro-bonuses). Pure functions; the store
 * adapter is retro_store.c.
 */
#include <stdio.h>
#include <string.h>

#include "clm/discount_retro.h"
#include "clm/money.h"
#include "discount_internal.h"

static const char *const mode_names[] = { NULL, "from-first", "above-threshold" };

const char *clm_retro_mode_name(clm_retro_mode m)
{
    if ((int)m < 1 || (size_t)m >= sizeof mode_names / sizeof *mode_names)
        return NULL;
    return mode_names[m];
}

int clm_retro_mode_from_name(clm_retro_mode *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus mode: NULL argument");
    for (size_t i = 1; i < sizeof mode_names / sizeof *mode_names; i++)
        if (strcmp(name, mode_names[i]) == 0) {
            *out = (clm_retro_mode)i;
            return 0;
        }
    return clm_core__fail(CLM_ENOTFOUND,
                          "retro-bonus mode '%.64s' is unknown (from-first, above-threshold)", name);
}

int clm_retro_scheme_init(clm_retro_scheme *s)
{
    if (s == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus scheme: NULL argument");
    *s = (clm_retro_scheme)CLM_RETRO_SCHEME_INIT;
    return 0;
}

int clm_retro_scheme_check(const clm_retro_scheme *s)
{
    if (s == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus scheme: NULL argument");
    int rc = clm_core__check_version(s->version, CLM_RETRO_SCHEME_VERSION, "retro-bonus scheme");
    if (rc < 0)
        return rc;
    clm_currency cur;
    if (s->currency == NULL)
        return clm_core__fail_at(CLM_EINVAL, "currency", "", 0, "retro-bonus scheme: no currency");
    if (clm_currency_find(&cur, s->currency) < 0)
        return clm_core__fail_at(CLM_ECURRENCY, "currency", "", 0,
                                 "retro-bonus scheme: unknown currency '%.8s'", s->currency);
    if (clm_retro_mode_name(s->mode) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "mode", "", 0, "retro-bonus scheme: unknown mode %d",
                                 (int)s->mode);
    if (clm_rounding_name(s->rounding) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rounding", "", 0,
                                 "retro-bonus scheme: unknown rounding mode %d", (int)s->rounding);
    if (s->tier_count == 0 || s->tiers == NULL)
        return clm_core__fail_at(CLM_EINVAL, "tiers", "", 0, "retro-bonus scheme: no tiers");
    for (size_t i = 0; i < s->tier_count; i++) {
        const clm_retro_tier *t = &s->tiers[i];
        if (t->threshold < 0)
            return clm_core__fail_at(CLM_EINVAL, "threshold", "", 0,
                                     "retro-bonus scheme: tier %zu's threshold is negative", i);
        if (t->rate <= 0 || t->rate > CLM_RATE_ONE)
            return clm_core__fail_at(CLM_EINVAL, "rate", "", 0,
                                     "retro-bonus scheme: tier %zu's rate must be above 0 and at most 100%%",
                                     i);
        if (i > 0 && t->threshold <= s->tiers[i - 1].threshold)
            return clm_core__fail_at(CLM_EINVAL, "threshold", "", 0,
                                     "retro-bonus scheme: tier %zu's threshold is not above tier %zu's "
                                     "(tiers go in ascending order)", i, i - 1);
        if (i > 0 && t->rate < s->tiers[i - 1].rate)
            return clm_core__fail_at(CLM_EINVAL, "rate", "", 0,
                                     "retro-bonus scheme: tier %zu's rate is below tier %zu's "
                                     "(a larger turnover never earns a smaller rate)", i, i - 1);
    }
    return 0;
}

/* The bonus of a checked scheme at `turnover`, without granted. */
static int accrue(clm_retro_bonus *b, const clm_retro_scheme *s, int64_t turnover)
{
    memset(b, 0, sizeof *b);
    memcpy(b->currency, s->currency, 3);
    b->mode = s->mode;
    b->rounding = s->rounding;
    b->turnover = turnover;
    b->tier = CLM_RETRO_NO_TIER;
    for (size_t i = s->tier_count; i-- > 0;)
        if (turnover >= s->tiers[i].threshold) {
            b->tier = i;
            break;
        }
    if (b->tier == CLM_RETRO_NO_TIER)
        return 0;
    b->threshold = s->tiers[b->tier].threshold;
    b->rate = s->tiers[b->tier].rate;
    /* turnover >= threshold >= 0: the difference cannot overflow */
    b->base = s->mode == CLM_RETRO_FROM_FIRST ? turnover : turnover - b->threshold;
    /* rate <= 100 %, so the bonus never exceeds the base: no overflow */
    return clm_rate_apply(&b->bonus, b->base, b->rate, s->rounding);
}

static void settle(clm_retro_bonus *b, int64_t granted)
{
    b->granted = granted;
    if (b->bonus >= granted) {
        b->credit = b->bonus - granted; /* both >= 0 */
        b->over_granted = 0;
    } else {
        b->credit = 0;
        b->over_granted = granted - b->bonus;
    }
}

int clm_retro_bonus_accrue(clm_retro_bonus *out, const clm_retro_scheme *s, int64_t turnover,
                           int64_t granted)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus: NULL argument");
    int rc = clm_retro_scheme_check(s);
    if (rc < 0)
        return rc;
    if (granted < 0)
        return clm_core__fail_at(CLM_EINVAL, "granted", "", 0,
                                 "retro-bonus: the amount already granted is negative");
    clm_retro_bonus b;
    rc = accrue(&b, s, turnover);
    if (rc < 0)
        return rc;
    settle(&b, granted);
    *out = b;
    return 0;
}

int clm_retro_bonus_forecast(clm_retro_forecast *out, const clm_retro_scheme *s, int64_t turnover,
                             int64_t granted, int64_t more)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus forecast: NULL argument");
    int rc = clm_retro_scheme_check(s);
    if (rc < 0)
        return rc;
    if (granted < 0)
        return clm_core__fail_at(CLM_EINVAL, "granted", "", 0,
                                 "retro-bonus forecast: the amount already granted is negative");
    if (more < 0)
        return clm_core__fail_at(CLM_EINVAL, "more", "", 0,
                                 "retro-bonus forecast: the extra turnover is negative");
    int64_t later;
    if (clm_core__add_ovf(turnover, more, &later))
        return clm_core__fail(CLM_EOVERFLOW, "retro-bonus forecast: turnover + more does not fit");
    clm_retro_forecast f;
    memset(&f, 0, sizeof f);
    if ((rc = accrue(&f.now, s, turnover)) < 0)
        return rc;
    settle(&f.now, granted);
    size_t next = f.now.tier == CLM_RETRO_NO_TIER ? 0 : f.now.tier + 1;
    f.next_tier = CLM_RETRO_NO_TIER;
    if (next < s->tier_count) {
        clm_retro_bonus at;
        f.next_tier = next;
        f.next_threshold = s->tiers[next].threshold;
        f.next_rate = s->tiers[next].rate;
        /* turnover < next threshold, and the threshold >= 0 */
        if (clm_core__sub_ovf(f.next_threshold, turnover, &f.to_next))
            return clm_core__fail(CLM_EOVERFLOW, "retro-bonus forecast: the turnover to the next tier does not fit");
        if ((rc = accrue(&at, s, f.next_threshold)) < 0)
            return rc;
        f.bonus_at_next = at.bonus;
    }
    f.more = more;
    if ((rc = accrue(&f.with_more, s, later)) < 0)
        return rc;
    settle(&f.with_more, granted);
    f.gain = f.with_more.bonus - f.now.bonus; /* both in [0, INT64_MAX] */
    *out = f;
    return 0;
}

/* ---- the trace ------------------------------------------------------------------ */

/* The explanation is in the thread's language (clm/lang.h): each line is
 * one translated format, money and rates in the language's forms (in
 * English clm_money_format's and clm_rate_format's). */
static const char *money_text(char *buf, size_t size, int64_t amount, const char *currency)
{
    return clm_core__money_text(buf, size, amount, currency);
}

/* The rounding mode as the explanation says it: its name in English, a
 * word in another language (the catalogue translates these names only
 * here). */
static const char *rounding_text(clm_rounding r)
{
    static const char *const TEXT[] = {
        CLM_N_("half-even"), CLM_N_("half-up"), CLM_N_("half-down"), CLM_N_("up"),
        CLM_N_("down"),      CLM_N_("ceiling"), CLM_N_("floor"),
    };
    const char *name = clm_rounding_name(r);
    if (name == NULL || (int)r < 0 || (size_t)r >= sizeof TEXT / sizeof TEXT[0] ||
        strcmp(name, TEXT[r]) != 0)
        return name != NULL ? name : "?";
    return clm_core__tr(TEXT[r]);
}

int clm_retro_bonus_explain(char **out, const clm_retro_scheme *s, const clm_retro_bonus *b)
{
    if (out == NULL || b == NULL)
        return clm_core__fail(CLM_EINVAL, "retro-bonus explain: NULL argument");
    int rc = clm_retro_scheme_check(s);
    if (rc < 0)
        return rc;
    /* the figures must be the scheme's own: recompute and compare */
    clm_retro_bonus check;
    if (b->granted < 0 || accrue(&check, s, b->turnover) < 0)
        return clm_core__fail(CLM_EINVAL, "retro-bonus explain: the bonus does not follow from the scheme");
    settle(&check, b->granted);
    if (check.tier != b->tier || check.base != b->base || check.bonus != b->bonus ||
        check.credit != b->credit || check.over_granted != b->over_granted ||
        strncmp(b->currency, s->currency, 4) != 0)
        return clm_core__fail(CLM_EINVAL, "retro-bonus explain: the bonus does not follow from the scheme");

    const char *cur = s->currency;
    char m1[CLM_CORE__TEXT_VALUE_MAX], m2[CLM_CORE__TEXT_VALUE_MAX], r1[CLM_CORE__RATE_TEXT_MAX];
    clm_core__buf t;
    clm_core__buf_init(&t);
    if (b->tier == CLM_RETRO_NO_TIER) {
        clm_core__buf_printf(&t, clm_core__tr("turnover %s is below the first tier (from %s): no bonus\n"),
                             money_text(m1, sizeof m1, b->turnover, cur),
                             money_text(m2, sizeof m2, s->tiers[0].threshold, cur));
    } else {
        clm_core__buf_printf(&t, clm_core__tr("turnover %s reaches tier %zu of %zu (from %s, %s)\n"),
                             money_text(m1, sizeof m1, b->turnover, cur), b->tier + 1, s->tier_count,
                             money_text(m2, sizeof m2, b->threshold, cur),
                             clm_core__rate_text(r1, sizeof r1, b->rate));
        if (s->mode == CLM_RETRO_FROM_FIRST)
            clm_core__buf_printf(&t, clm_core__tr("base: the whole turnover (from-first) = %s\n"),
                                 money_text(m1, sizeof m1, b->base, cur));
        else
            clm_core__buf_printf(&t, clm_core__tr("base: the turnover above %s (above-threshold) = %s\n"),
                                 money_text(m1, sizeof m1, b->threshold, cur),
                                 money_text(m2, sizeof m2, b->base, cur));
        /* the exact value in minor units: base x rate / 10^6 has at most
         * six decimals */
        clm_core__i128 exact = (clm_core__i128)b->base * b->rate;
        long long whole = (long long)(exact / CLM_RATE_ONE);
        long long frac = (long long)(exact % CLM_RATE_ONE);
        clm_core__buf_printf(&t, clm_core__tr("bonus: %s of %s = %lld.%06lld minor units, rounded %s: %s\n"),
                             clm_core__rate_text(r1, sizeof r1, b->rate),
                             money_text(m1, sizeof m1, b->base, cur), whole, frac,
                             rounding_text(s->rounding), money_text(m2, sizeof m2, b->bonus, cur));
    }
    clm_core__buf_printf(&t, clm_core__tr("granted by the period's invoices: %s\n"),
                         money_text(m1, sizeof m1, b->granted, cur));
    clm_core__buf_printf(&t, clm_core__tr("credit note: %s"), money_text(m1, sizeof m1, b->credit, cur));
    if (b->over_granted > 0)
        clm_core__buf_printf(&t, clm_core__tr(" (the invoices granted %s more than the bonus)"),
                             money_text(m1, sizeof m1, b->over_granted, cur));
    clm_core__buf_puts(&t, "\n");
    return clm_core__buf_finish(&t, out, NULL);
}
