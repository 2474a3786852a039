/*
 * stacking.c — stages 2 and 3 of a line: exclusion groups, the policy's
 * stacking mode (best-only, additive, compounding), the single rounding
 * of the discounted amount, and the split of the line's discount over the
 * rules that gave it. Peers get this wrong: in ERPNext 10 % and 100 units
 * off a 1000 line gave 100, not 200 (https://github.com/frappe/erpnext/pull/41211;
 * docs/rules.md, Discounts); here additive gives 200 and
 * compounding 190 or 200 depending on the order, which the priorities fix.
 */
#include <inttypes.h>
#include <string.h>

#include "discount_internal.h"

/* ---- largest remainder ---------------------------------------------------- */

/* true if i should get a leftover unit before j */
static bool before(const clm_core__i128 *rem, uint32_t i, uint32_t j)
{
    return rem[i] > rem[j] || (rem[i] == rem[j] && i < j);
}

static void sift_down(uint32_t *h, size_t n, size_t i, const clm_core__i128 *rem)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && before(rem, h[l], h[m]))
            m = l;
        if (r < n && before(rem, h[r], h[m]))
            m = r;
        if (m == i)
            return;
        uint32_t t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* Gives one unit each to the `left` entries with the largest remainders. */
static void give_leftover(int64_t *parts, int64_t left, const clm_core__i128 *rem, size_t n,
                          uint32_t *idx)
{
    if (left <= 0)
        return;
    if (n <= 16) {
        /* few parts: pick the largest remainder left each time (each part
         * gets at most one unit, and left <= n) */
        uint32_t done = 0;
        while (left > 0) {
            size_t best = n;
            for (size_t i = 0; i < n; i++)
                if (!(done & (1u << i)) && (best == n || before(rem, (uint32_t)i, (uint32_t)best)))
                    best = i;
            if (best == n)
                return;
            done |= 1u << best;
            parts[best]++;
            left--;
        }
        return;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(idx, n, i, rem);
    size_t heap = n;
    while (left > 0 && heap > 0) {
        parts[idx[0]]++;
        left--;
        idx[0] = idx[--heap];
        sift_down(idx, heap, 0, rem);
    }
}

void clm_discount__split(int64_t *parts, int64_t total, const int64_t *weights, size_t n,
                 clm_core__i128 *rem, uint32_t *idx)
{
    clm_core__i128 sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += weights[i];
    int64_t given = 0;
    for (size_t i = 0; i < n; i++) {
        if (sum == 0) {
            parts[i] = 0;
            rem[i] = 0;
            continue;
        }
        clm_core__i128 t = (clm_core__i128)total * weights[i];
        parts[i] = (int64_t)(t / sum);
        rem[i] = t % sum;
        given += parts[i];
    }
    give_leftover(parts, total - given, rem, n, idx);
}

/* ---- stacking ------------------------------------------------------------- */

/* The order of a line's matches, on the key (value, priority, rule), for
 * both paths (64-bit and exact). */

/* The manual discount (rule NONE) has the lowest priority. */
static int32_t prio(const clm_discount__match *m)
{
    return m->rule == CLM__NONE32 ? INT32_MIN : m->priority;
}

/* true if a applies before b: priority, then definition order (the manual
 * discount, rule NONE, comes last) */
static bool applies_first(const clm_discount__match *a, const clm_discount__match *b)
{
    if (prio(a) != prio(b))
        return prio(a) > prio(b);
    return a->rule < b->rule;
}

/* true if a wins over b (an exclusion group, best-only): the larger
 * discount, then the one that applies first */
static bool wins(const clm_discount__match *a, const clm_discount__match *b)
{
    if (a->value != b->value)
        return a->value > b->value;
    return applies_first(a, b);
}

/* Stage 2's choice among a line's matches: only the best of each
 * exclusion group stays (the others state 1), then with best-only
 * stacking only the best of those left (the others state 2); each
 * excluded match records the rule that beat it. A single match is kept
 * whatever the mode. The groups' winners in one pass (s->xstamp and
 * s->xbest by group: wins() is a strict order, so the winner is the
 * group's best whatever the order the matches come in), then the
 * others marked in a second: a line may meet dozens of groups. */
static void choose(const clm_discount_engine *e, clm_discount__scratch *s, clm_discount__match *m,
                   size_t nmatch)
{
    if (nmatch < 2)
        return;
    uint32_t now = 0;
    for (size_t i = 0; i < nmatch; i++) {
        uint32_t x = m[i].excl;
        if (x == 0)
            continue;
        if (now == 0)
            now = clm_discount__next_xstamp(s, e);
        if (s->xstamp[x] != now) {
            s->xstamp[x] = now;
            s->xbest[x] = (uint32_t)i;
        } else if (wins(&m[i], &m[s->xbest[x]])) {
            s->xbest[x] = (uint32_t)i;
        }
    }
    for (size_t i = 0; now != 0 && i < nmatch; i++) {
        uint32_t x = m[i].excl;
        if (x != 0 && s->xbest[x] != i) {
            m[i].state = 1;
            m[i].beaten_by = m[s->xbest[x]].rule;
        }
    }
    if (e->policy->stacking == CLM_DISCOUNT_STACK_BEST_ONLY) {
        size_t best = nmatch;
        for (size_t i = 0; i < nmatch; i++)
            if (!m[i].state && (best == nmatch || wins(&m[i], &m[best])))
                best = i;
        for (size_t i = 0; i < nmatch; i++)
            if (!m[i].state && i != best) {
                m[i].state = 2;
                m[i].beaten_by = m[best].rule;
            }
    }
}

/* Moves the kept matches to the front in their order of application and
 * returns how many there are: the order changes a compounded figure, and
 * under the other modes which rule the cut to the amount left leaves at
 * zero. With `dropped` (room for nmatch; the trace), the excluded matches
 * follow in the order they came; without, they are left out. */
static size_t order(clm_discount__match *m, size_t nmatch, clm_discount__match *dropped)
{
    size_t kept = 0, ex = 0;
    for (size_t i = 0; i < nmatch; i++) {
        if (m[i].state) {
            if (dropped != NULL)
                dropped[ex++] = m[i];
        } else if (kept++ != i) {
            m[kept - 1] = m[i];
        }
    }
    if (ex > 0)
        memcpy(m + kept, dropped, ex * sizeof *m);
    for (size_t i = 1; i < kept; i++) {
        if (!applies_first(&m[i], &m[i - 1]))
            continue;
        clm_discount__match x = m[i];
        size_t j = i;
        while (j > 0 && applies_first(&x, &m[j - 1])) {
            m[j] = m[j - 1];
            j--;
        }
        m[j] = x;
    }
    return kept;
}

static const char *match_name(const clm_discount_engine *e, uint32_t rule)
{
    return rule == CLM__NONE32 ? "manual" : e->rules[rule].r->pub.id;
}

/* match_name() with its length (the engine's e->rule_names). */
static clm_discount__piece match_piece(const clm_discount_engine *e, uint32_t rule)
{
    return rule == CLM__NONE32 ? (clm_discount__piece){ "manual", 6 } : e->rule_names[rule];
}

int clm_discount__stack_lean(const clm_discount_engine *e, clm_discount__scratch *s,
                             size_t nmatch, const clm_discount__line *l, size_t line_no,
                             clm_discount_line_result *res)
{
    const clm_discount_policy *p = e->policy;
    clm_discount__match *m = s->matches;
    if (nmatch == 0) {
        res->discount = 0;
        res->net = res->base;
        res->rules_applied = 0;
        return 0;
    }
    choose(e, s, m, nmatch);
    size_t kept = order(m, nmatch, NULL);
    /* stage 2 on the running amount, stage 3 one rounding */
    bool compounding = p->stacking == CLM_DISCOUNT_STACK_COMPOUNDING;
    int64_t running = res->base * CLM_DISCOUNT__MICRO;
    size_t napplied = 0;
    for (size_t i = 0; i < kept; i++) {
        int64_t d;
        if (!compounding)
            d = (int64_t)m[i].value; /* computed in 64 bits */
        else if (m[i].rule == CLM__NONE32)
            d = clm_discount__muldiv64(running, l->line->manual_rate, p->rounding);
        else if (e->rules[m[i].rule].kind == CLM_DISCOUNT_PERCENT)
            d = clm_discount__muldiv64(running, e->rules[m[i].rule].rate, p->rounding);
        else
            d = clm_discount__amount64(&e->rules[m[i].rule].r->pub.action, running, l,
                                       p->rounding, clm_discount__share(e, s, m[i].rule, line_no));
        if (d > running)
            d = running;
        running -= d;
        napplied += d > 0;
    }
    int64_t net = (int64_t)clm_discount__round(running / CLM_DISCOUNT__MICRO,
                                               running % CLM_DISCOUNT__MICRO, CLM_DISCOUNT__MICRO,
                                               p->rounding);
    res->discount = res->base - net;
    res->net = net;
    res->rules_applied = napplied;
    return 0;
}

int clm_discount__stack_no_effect(char *buf, size_t size, const clm_discount_engine *e,
                                  uint32_t rule, const char *what)
{
    /* two whole sentences, not an English fragment put into one, so that
       each translates as a sentence */
    if (rule != CLM__NONE32 && e->rules[rule].r->pub.action.kind == CLM_DISCOUNT_FIXED_PRICE)
        return clm_discount__fmt_static(buf, size, clm_core__tr("%s: no effect on a price already at or below it"),
                                        what);
    return clm_discount__fmt_static(buf, size, clm_core__tr("%s: no effect on this line"), what);
}

int clm_discount__stack_applied(char *buf, size_t size, const clm_discount_engine *e,
                                const char *what, const char *amount, bool cut)
{
    return clm_discount__fmt_static(buf, size, clm_core__tr("%s (%s %s%s)"), what,
                                    e->policy->stacking == CLM_DISCOUNT_STACK_COMPOUNDING
                                        ? clm_core__tr("on the running amount:")
                                        : clm_core__tr("on the base:"),
                                    amount, cut ? clm_core__tr(", cut to the amount left") : "");
}

int clm_discount__stack_excluded(char *buf, size_t size, const clm_discount_engine *e, uint32_t rule,
                                 int state, const char *what, const char *winner, const char *amount)
{
    if (state == 1)
        return clm_discount__fmt_static(buf, size,
                                        clm_core__tr("%s: excluded, exclusion group '%s' takes '%s' (this rule "
                                                     "would give %s)"),
                                        what, e->rules[rule].r->pub.exclusion_group, winner, amount);
    return clm_discount__fmt_static(buf, size,
                                    clm_core__tr("%s: excluded, the policy applies only the best discount, "
                                                 "'%s' (this one would give %s)"),
                                    what, winner, amount);
}

int clm_discount__stack_rounding(char *buf, size_t size, const clm_discount_engine *e,
                                 const char *amount)
{
    return clm_discount__fmt_static(buf, size,
                                    clm_core__tr("exact amount %s rounded %s to a minor unit; the discounts "
                                                 "above share the difference by largest remainder"),
                                    amount, clm_rounding_name(e->policy->rounding));
}

/* Closes the entry whose reason (opened by clm_discount__trace_open())
 * one of the two above wrote, n as it returned: as
 * clm_discount__trace_add() closes its own. */
static void close_written(clm_discount__trace *t, int n)
{
    clm_discount__trace_close(t, n < 0 ? 0 : (size_t)n < CLM_DISCOUNT__REASON_MAX ? (size_t)n
                                                                                 : CLM_DISCOUNT__REASON_MAX - 1);
}

/* Rule `rule`'s APPLIED or NO_EFFECT entry (the match tk, `run` before
 * it) from the pieces the engine keeps in t's language (texts.c), when it
 * has them and the sentence is not cut: true once written (or once t has
 * failed), false for the caller to write it. The same text as the
 * formats below, which made the pieces. */
static bool kept_sentence(const clm_discount_engine *e, uint32_t rule, const clm_discount__taken *tk,
                          size_t line_no, int64_t run, clm_discount__trace *t)
{
    clm_discount__piece pc[3];
    if (tk->exact == 0) {
        pc[0].s = clm_discount__texts_no_effect(t->texts, rule, &pc[0].len);
        return pc[0].s != NULL &&
               clm_discount__trace_put(t, line_no, CLM_DISCOUNT_TRACE_NO_EFFECT, CLM_DISCOUNT_STAGE_DISCOUNT,
                                       rule, e->rule_names[rule], run, run, CLM_DISCOUNT__REASON_MAX, 1, pc);
    }
    clm_discount__pieces kp;
    if (!clm_discount__texts_applied(t->texts, rule, tk->cut != 0, &kp))
        return false;
    char amt[CLM_DISCOUNT__AMOUNT_BUF];
    pc[0] = (clm_discount__piece){ kp.pre, kp.pre_len };
    pc[1] = (clm_discount__piece){ amt, clm_discount__trace_micro(t, amt, tk->exact) };
    pc[2] = (clm_discount__piece){ kp.post, kp.post_len };
    return clm_discount__trace_put(t, line_no, CLM_DISCOUNT_TRACE_APPLIED, CLM_DISCOUNT_STAGE_DISCOUNT, rule,
                                   e->rule_names[rule], run, run - tk->part,
                                   CLM_DISCOUNT__REASON_MAX, 3, pc);
}

/* Match m's EXCLUDED entry (`run` before it) from the pieces the engine
 * keeps in t's language (texts.c), when it has them and the sentence is
 * not cut: true once written (or once t has failed), false for the caller
 * to write it. The same text as clm_discount__stack_excluded(), which
 * made the pieces. */
static bool kept_excluded(const clm_discount_engine *e, const clm_discount__match *m, size_t line_no,
                          int64_t run, clm_discount__trace *t)
{
    clm_discount__pieces2 kp;
    if (m->rule == CLM__NONE32 || !clm_discount__texts_excluded(t->texts, m->rule, m->state, &kp))
        return false;
    char amt[CLM_DISCOUNT__AMOUNT_BUF];
    clm_discount__piece pc[5] = { { kp.pre, kp.pre_len },
                                  match_piece(e, m->beaten_by),
                                  { kp.mid, kp.mid_len },
                                  { amt, clm_discount__trace_micro(t, amt, m->value) },
                                  { kp.post, kp.post_len } };
    return clm_discount__trace_put(t, line_no, CLM_DISCOUNT_TRACE_EXCLUDED, CLM_DISCOUNT_STAGE_DISCOUNT,
                                   m->rule, e->rule_names[m->rule], run, run,
                                   CLM_DISCOUNT__REASON_MAX, 5, pc);
}

/* The line's ROUNDING entry: the exact amount `running` rounded to `net`,
 * from the engine's kept pieces when it has them and the sentence is not
 * cut, else written by clm_discount__stack_rounding(), which made them. */
static void trace_rounding(const clm_discount_engine *e, size_t line_no, clm_core__i128 running,
                           int64_t net, clm_discount__trace *t)
{
    char amt[CLM_DISCOUNT__AMOUNT_BUF];
    size_t na = clm_discount__trace_micro(t, amt, running);
    clm_discount__pieces kp;
    if (clm_discount__texts_rounding(t->texts, &kp)) {
        clm_discount__piece pc[3] = { { kp.pre, kp.pre_len }, { amt, na }, { kp.post, kp.post_len } };
        if (clm_discount__trace_put(t, line_no, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_ROUNDING,
                                    CLM_DISCOUNT_NONE, (clm_discount__piece){ "rounding", 8 }, net, net,
                                    CLM_DISCOUNT__REASON_MAX, 3, pc))
            return;
    }
    char *r = clm_discount__trace_open(t, line_no, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_ROUNDING,
                                       CLM_DISCOUNT_NONE, "rounding", net, net);
    if (r != NULL)
        close_written(t, clm_discount__stack_rounding(r, CLM_DISCOUNT__REASON_MAX, e, amt));
}

/* The trace of stages 2 and 3: what each match did, in order (the
 * kept ones in order of application, then the excluded), and the
 * rounding. */
static void trace_stack(const clm_discount_engine *e, const clm_discount__match *m,
                        const clm_discount__taken *tk, size_t nmatch,
                        const clm_discount__line *l, size_t line_no,
                        const clm_discount_line_result *res, clm_core__i128 running,
                        clm_core__i128 r, int64_t net, clm_discount__trace *t)
{
    char wbuf[CLM_DISCOUNT__STACK_WHAT], amt[CLM_DISCOUNT__AMOUNT_BUF];
    int64_t run = res->base;
    for (size_t i = 0; i < nmatch; i++) {
        if (m[i].rule != CLM__NONE32 && !m[i].state && kept_sentence(e, m[i].rule, &tk[i], line_no, run, t)) {
            if (tk[i].exact != 0)
                run -= tk[i].part;
            continue;
        }
        if (m[i].state && kept_excluded(e, &m[i], line_no, run, t))
            continue;
        /* written in full: the kept pieces cannot say it */
        const char *name = match_name(e, m[i].rule);
        size_t ridx = m[i].rule == CLM__NONE32 ? CLM_DISCOUNT_NONE : m[i].rule;
        const char *what = wbuf;
        if (m[i].rule == CLM__NONE32) {
            clm_discount__fmt_rate(amt, sizeof amt, l->line->manual_rate);
            clm_discount__fmt(wbuf, sizeof wbuf, clm_core__tr("manual discount %s"), amt);
        } else {
            what = clm_discount__action_text(wbuf, sizeof wbuf, t, m[i].rule, l->line, e);
        }
        if (m[i].state) {
            clm_discount__trace_micro(t, amt, m[i].value);
            char *reason = clm_discount__trace_open(t, line_no, CLM_DISCOUNT_TRACE_EXCLUDED,
                                                    CLM_DISCOUNT_STAGE_DISCOUNT, ridx, name, run, run);
            if (reason != NULL)
                close_written(t, clm_discount__stack_excluded(reason, CLM_DISCOUNT__REASON_MAX, e, m[i].rule,
                                                              m[i].state, what,
                                                              match_name(e, m[i].beaten_by), amt));
            continue;
        }
        if (tk[i].exact == 0) {
            char *reason = clm_discount__trace_open(t, line_no, CLM_DISCOUNT_TRACE_NO_EFFECT,
                                                    CLM_DISCOUNT_STAGE_DISCOUNT, ridx, name, run, run);
            if (reason != NULL)
                close_written(t, clm_discount__stack_no_effect(reason, CLM_DISCOUNT__REASON_MAX, e,
                                                               m[i].rule, what));
            continue;
        }
        clm_discount__trace_micro(t, amt, tk[i].exact);
        char *reason = clm_discount__trace_open(t, line_no, CLM_DISCOUNT_TRACE_APPLIED,
                                                CLM_DISCOUNT_STAGE_DISCOUNT, ridx, name, run,
                                                run - tk[i].part);
        if (reason != NULL)
            close_written(t, clm_discount__stack_applied(reason, CLM_DISCOUNT__REASON_MAX, e, what, amt,
                                                         tk[i].cut != 0));
        run -= tk[i].part;
    }
    if (r != 0)
        trace_rounding(e, line_no, running, net, t);
}

int clm_discount__stack(const clm_discount_engine *e, clm_discount__scratch *s, size_t nmatch,
                const clm_discount__line *l, size_t line_no, clm_discount_line_result *res,
                clm_discount__trace *t)
{
    const clm_discount_policy *p = e->policy;
    clm_discount__match *m = s->matches;
    clm_discount__taken *tk = s->taken;
    const clm_core__i128 base = (clm_core__i128)res->base * CLM_DISCOUNT__MICRO;

    choose(e, s, m, nmatch);
    /* the kept discounts first, then (for the trace) the excluded: a tier
     * table can exclude dozens */
    size_t kept = order(m, nmatch, t != NULL ? s->matches + e->nrules + 1 : NULL);
    if (t == NULL)
        nmatch = kept;
    /* stage 2: exact amounts */
    clm_core__i128 running = base;
    for (size_t i = kept; i < nmatch; i++) {
        tk[i].exact = 0;
        tk[i].cut = 0;
        tk[i].part = 0;
    }
    for (size_t i = 0; i < kept; i++) {
        tk[i].exact = 0;
        tk[i].cut = 0;
        tk[i].part = 0;
        clm_core__i128 d;
        if (p->stacking == CLM_DISCOUNT_STACK_COMPOUNDING) {
            if (m[i].rule == CLM__NONE32)
                d = clm_discount__muldiv(running, l->line->manual_rate, CLM_RATE_ONE, p->rounding);
            else
                clm_discount__action_amount(&d, &e->rules[m[i].rule].r->pub.action, running, l,
                                    p->rounding, clm_discount__share(e, s, m[i].rule, line_no));
        } else {
            d = m[i].value;
        }
        if (d > running) {
            d = running;
            tk[i].cut = 1;
        } else if (p->stacking != CLM_DISCOUNT_STACK_COMPOUNDING && d < m[i].value) {
            tk[i].cut = 1;
        }
        tk[i].exact = d;
        running -= d;
    }
    /* stage 3: one rounding of the line's amount */
    clm_core__i128 q, r;
    if (running <= INT64_MAX) {
        q = (int64_t)running / CLM_DISCOUNT__MICRO;
        r = (int64_t)running % CLM_DISCOUNT__MICRO;
    } else {
        q = running / CLM_DISCOUNT__MICRO;
        r = running % CLM_DISCOUNT__MICRO;
    }
    int64_t net = (int64_t)clm_discount__round(q, r, CLM_DISCOUNT__MICRO, p->rounding);
    int64_t discount = res->base - net;
    /* split the discount over the applied rules on their exact amounts */
    int64_t given = 0;
    size_t napplied = 0;
    for (size_t i = 0; i < kept; i++) {
        if (tk[i].exact <= INT64_MAX) {
            tk[i].part = (int64_t)tk[i].exact / CLM_DISCOUNT__MICRO;
            s->wide[i] = (int64_t)tk[i].exact % CLM_DISCOUNT__MICRO;
        } else {
            tk[i].part = (int64_t)(tk[i].exact / CLM_DISCOUNT__MICRO);
            s->wide[i] = tk[i].exact % CLM_DISCOUNT__MICRO;
        }
        given += tk[i].part;
        if (tk[i].exact > 0)
            napplied++;
    }
    /* given <= discount: the parts are the integer parts of the exact
     * amounts, whose sum's integer part is base - ceil(running), and
     * net = round(running) <= ceil(running). And discount - given <= the
     * number of non-zero fractions, so no rule without an amount gets a
     * unit: the largest-remainder split on the exact amounts. */
    int64_t left = discount - given;
    if (left > 0) {
        /* the parts live beside the amounts: copy to a plain array and back */
        for (size_t i = 0; i < kept; i++)
            s->parts[i] = tk[i].part;
        give_leftover(s->parts, left, s->wide, kept, s->idx);
        for (size_t i = 0; i < kept; i++)
            tk[i].part = s->parts[i];
    }
    res->discount = discount;
    res->net = net;
    res->rules_applied = napplied;

    if (t == NULL)
        return 0;
    trace_stack(e, m, tk, nmatch, l, line_no, res, running, r, net, t);
    return 0;
}
