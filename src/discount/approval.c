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

/* ---- the ladder's sentences, kept per engine and language ------------------ */

/* A sentence of the discount ladder whose values past the first two (the
 * line's number, then its discount) are the policy's, written out once
 * with marks 1 and 2 for those two: its text before the number (n0 bytes
 * at head), between the number and the discount (n1 bytes at mid) and
 * after it (ntail bytes at tail). ok false: a format or a text that does
 * not allow it (the sentence is written in full each time). */
typedef struct ladder_sentence {
    bool ok;
    const char *head, *mid, *tail;
    size_t n0, n1, ntail;
} ladder_sentence;

#define WHY_MAX sizeof(((clm_discount__trace *)0)->why)

/* sent[0]: step 0's "within"; sent[k], 0 < k < nladder: step k - 1's
 * limit exceeded, step k's granted; sent[nladder]: every role's exceeded. */
struct clm_discount__ladder_texts {
    size_t nladder;
    ladder_sentence *sent;
    char *text;   /* WHY_MAX bytes a sentence */
    /* the "total" entry's format, "%zu lines: base %s, to pay %s" in the
     * language: its four pieces around the three conversions (ok false:
     * a translation of another form, written by the general path) */
    bool total_ok;
    const char *total[4];
    size_t total_len[4];
    char total_text[CLM_DISCOUNT__REASON_MAX]; /* where they are */
    /* the sentence without figures: "the policy has no approval ladder",
     * or step 0's "no discount: %s may sign" (fixed_len WHY_MAX: too long,
     * written by the general path) */
    char fixed[WHY_MAX];
    size_t fixed_len;
};

/* Writes fmt (the translated format of a discount sentence) into text
 * with marks 1 and 2 for the line's number and its discount and the n
 * texts arg (n <= 4) for the rest, and splits it at the marks. */
static void ladder_sentence_make(ladder_sentence *ls, char *text, const char *fmt, unsigned n,
                                 const char *const *arg)
{
    const char *a[6] = { clm_discount__marks[0], clm_discount__marks[1] };
    size_t alen[6] = { clm_discount__marks_len[0], clm_discount__marks_len[1] };
    for (unsigned i = 0; i < n; i++) {
        a[i + 2] = arg[i];
        alen[i + 2] = strlen(arg[i]);
    }
    int r = clm_discount__fmt_texts_once(text, WHY_MAX, fmt, n + 2, a, alen);
    size_t off[3], len[3];
    ls->ok = r >= 0 && (size_t)r < WHY_MAX && clm_discount__marks_split(text, (size_t)r, 2, off, len);
    if (!ls->ok)
        return;
    ls->head = text;
    ls->n0 = len[0];
    ls->mid = text + off[1];
    ls->n1 = len[1];
    ls->tail = text + off[2];
    ls->ntail = len[2];
}

/* The "total" entry's format in the thread's language. */
static const char *total_fmt(void)
{
    return clm_core__tr("%zu lines: base %s, to pay %s");
}

/* The total's sentence written with marks 1 to 3 for its values, split
 * at them into x->total. */
static void total_make(clm_discount__ladder_texts *x)
{
    char *s = x->total_text;
    int r = clm_discount__fmt_texts_once(s, sizeof x->total_text, total_fmt(), 3, clm_discount__marks,
                                         clm_discount__marks_len);
    size_t off[4];
    x->total_ok = r >= 0 && (size_t)r < sizeof x->total_text &&
                  clm_discount__marks_split(s, (size_t)r, 3, off, x->total_len);
    if (!x->total_ok)
        return;
    for (int i = 0; i < 4; i++)
        x->total[i] = s + off[i];
    /* room in the entry for its two amounts and its number, whole */
    x->total_ok = (size_t)r - 3 + 2 * CLM_DISCOUNT__AMOUNT_BUF + 24 < CLM_DISCOUNT__REASON_MAX;
}

clm_discount__ladder_texts *clm_discount__ladder_texts_make(const clm_discount_policy *p)
{
    size_t n = p->nladder > 0 ? p->nladder + 1 : 0;
    if (n > SIZE_MAX / (sizeof(ladder_sentence) + WHY_MAX) - 1)
        return NULL;
    clm_discount__ladder_texts *x =
        clm_core__malloc(sizeof *x + n * (sizeof(ladder_sentence) + WHY_MAX));
    if (x == NULL)
        return NULL;
    x->nladder = p->nladder;
    x->sent = (ladder_sentence *)(void *)(x + 1);
    x->text = (char *)(x->sent + n);
    total_make(x);
    int r;
    if (p->nladder == 0) {
        r = clm_discount__fmt_texts_once(x->fixed, WHY_MAX, clm_core__tr("the policy has no approval ladder"),
                                         0, NULL, NULL);
    } else {
        const char *role = p->ladder[0].role;
        size_t rl = strlen(role);
        r = clm_discount__fmt_texts_once(x->fixed, WHY_MAX, clm_core__tr("no discount: %s may sign"), 1,
                                         &role, &rl);
    }
    x->fixed_len = r < 0 || (size_t)r >= WHY_MAX ? WHY_MAX : (size_t)r;
    char lim[CLM_RATE_FORMAT_MAX], up[CLM_RATE_FORMAT_MAX];
    for (size_t k = 0; k < n; k++) {
        char *text = x->text + k * WHY_MAX;
        if (k == 0) {
            limit_text(lim, sizeof lim, p->ladder[0].max_discount);
            const char *arg[2] = { p->ladder[0].role, lim };
            ladder_sentence_make(&x->sent[0], text,
                                 clm_core__tr("line %zu: the largest discount, %s, is within %s's %s"),
                                 2, arg);
        } else if (k < p->nladder) {
            const clm_discount_approval *s = &p->ladder[k], *below = &p->ladder[k - 1];
            limit_text(lim, sizeof lim, below->max_discount);
            limit_text(up, sizeof up, s->max_discount);
            const char *arg[4] = { below->role, lim, s->role, up };
            ladder_sentence_make(&x->sent[k], text,
                                 clm_core__tr("line %zu: discount %s exceeds %s's %s; %s may grant %s"),
                                 4, arg);
        } else {
            const clm_discount_approval *top = &p->ladder[p->nladder - 1];
            limit_text(lim, sizeof lim, top->max_discount);
            const char *arg[2] = { top->role, lim };
            ladder_sentence_make(&x->sent[k], text,
                                 clm_core__tr("line %zu: discount %s exceeds every role's limit (the "
                                              "highest, %s, may grant %s)"),
                                 2, arg);
        }
    }
    return x;
}

void clm_discount__ladder_texts_destroy(clm_discount__ladder_texts *x)
{
    clm_core__free(x);
}

/* The discount sentence of ladder_sentence ls for the document's largest
 * line discount into buf, when the whole of it fits; its length, or 0
 * (then it is written in full). */
static size_t ladder_sentence_put(char *buf, size_t size, const ladder_sentence *ls,
                                  const clm_discount_totals *tot)
{
    if (!ls->ok)
        return 0;
    char line[24], rate[CLM_RATE_FORMAT_MAX];
    size_t nl = clm_discount__zu_text(line, tot->max_line + 1);
    clm_discount__fmt_rate(rate, sizeof rate, tot->max_line_rate);
    size_t nr = strlen(rate);
    size_t total = ls->n0 + nl + ls->n1 + nr + ls->ntail;
    if (total >= size)
        return 0;
    char *p = buf;
    clm_discount__copy(p, ls->head, ls->n0);
    p += ls->n0;
    clm_discount__copy(p, line, nl);
    p += nl;
    clm_discount__copy(p, ls->mid, ls->n1);
    p += ls->n1;
    clm_discount__copy(p, rate, nr);
    p += nr;
    clm_discount__copy(p, ls->tail, ls->ntail);
    p[ls->ntail] = '\0';
    return total;
}

/* What the approval sentence says, chosen once from the document's
 * totals: the kept sentences (clm_discount__ladder_texts) and the
 * formats below follow it. */
typedef enum approval_case {
    SAYS_NO_LADDER,     /* the policy has none */
    SAYS_NO_DISCOUNT,   /* no line discounted: step 0 signs */
    SAYS_WITHIN,        /* step 0's discount limit holds the largest */
    SAYS_EXCEEDS,       /* the step below tot->approval: discount limit exceeded */
    SAYS_MARGIN,        /* the step below tot->approval: margin below its limit */
    SAYS_EXCEEDS_ALL,   /* no step's discount limit holds it */
    SAYS_MARGIN_ALL     /* no step's margin limit holds it */
} approval_case;

static approval_case approval_says(const clm_discount_policy *p, const clm_discount_totals *tot)
{
    if (p->nladder == 0)
        return SAYS_NO_LADDER;
    if (!tot->approvable)
        return clm_discount__covers_discount(&p->ladder[p->nladder - 1], tot) ? SAYS_MARGIN_ALL
                                                                               : SAYS_EXCEEDS_ALL;
    if (tot->approval == 0)
        return tot->max_line == CLM_DISCOUNT_NONE ? SAYS_NO_DISCOUNT : SAYS_WITHIN;
    return clm_discount__covers_discount(&p->ladder[tot->approval - 1], tot) ? SAYS_MARGIN
                                                                             : SAYS_EXCEEDS;
}

/* The engine's kept sentence for case c, written into buf when it has
 * one and it fits: its length, or 0 (the sentence is then formatted). */
static size_t approve_kept(char *buf, size_t size, approval_case c, const clm_discount_policy *p,
                           const clm_discount_totals *tot, const clm_discount__ladder_texts *lt)
{
    if (lt == NULL)
        return 0;
    if (c == SAYS_NO_LADDER || c == SAYS_NO_DISCOUNT) {
        if (lt->fixed_len >= size)
            return 0;
        clm_discount__copy(buf, lt->fixed, lt->fixed_len + 1);
        return lt->fixed_len;
    }
    if (tot->max_line == CLM_DISCOUNT_NONE)
        return 0;
    const ladder_sentence *ls = c == SAYS_WITHIN       ? &lt->sent[0]
                                : c == SAYS_EXCEEDS     ? &lt->sent[tot->approval]
                                : c == SAYS_EXCEEDS_ALL ? &lt->sent[p->nladder]
                                                        : NULL;
    return ls != NULL ? ladder_sentence_put(buf, size, ls, tot) : 0;
}

/* Writes the approval sentence into buf (size bytes, as snprintf() would,
 * then cut on a whole UTF-8 character: long role names cut it) and
 * returns its length: the engine's kept sentence when it has one
 * (approve_kept), else from the translated format's pieces
 * (clm_discount__fmt_texts), the figures written first. */
static size_t approve_explain(char *buf, size_t size, const clm_discount_policy *p,
                              const clm_discount_totals *tot, const clm_discount__ladder_texts *lt)
{
    approval_case c = approval_says(p, tot);
    size_t kept = approve_kept(buf, size, c, p, tot, lt);
    if (kept > 0)
        return kept;
    char line[24], rate[CLM_RATE_FORMAT_MAX], lim[CLM_RATE_FORMAT_MAX], up[CLM_RATE_FORMAT_MAX],
        marg[CLM_RATE_FORMAT_MAX];
    texts x = { .k = 0 };
    const char *fmt = NULL;
    /* the steps it names: the top one when none approves; else the
     * approving one (step 0 when no line is discounted) and the one below */
    const clm_discount_approval *top = NULL, *st = NULL;
    if (c != SAYS_NO_LADDER) {
        top = &p->ladder[p->nladder - 1];
        st = &p->ladder[c == SAYS_EXCEEDS || c == SAYS_MARGIN ? tot->approval : 0];
    }
    switch (c) {
    case SAYS_NO_LADDER:
        fmt = clm_core__tr("the policy has no approval ladder");
        break;
    case SAYS_EXCEEDS_ALL:
        fmt = clm_core__tr("line %zu: discount %s exceeds every role's limit (the "
                           "highest, %s, may grant %s)");
        put_line(&x, line, tot->max_line, rate, tot->max_line_rate);
        put_role(&x, top->role, lim, top->max_discount);
        break;
    case SAYS_MARGIN_ALL:
        fmt = clm_core__tr("line %zu: margin %s %s is below every role's limit (the "
                           "highest, %s, may go down to %s)");
        put_line(&x, line, tot->min_margin_line, marg, tot->min_margin);
        put(&x, p->basis == CLM_DISCOUNT_MARGIN_ON_COST ? clm_core__tr("on cost") : clm_core__tr("on price"));
        put_role(&x, top->role, lim, top->min_margin);
        break;
    case SAYS_NO_DISCOUNT:
        fmt = clm_core__tr("no discount: %s may sign");
        put(&x, st->role);
        break;
    case SAYS_WITHIN:
        fmt = clm_core__tr("line %zu: the largest discount, %s, is within %s's %s");
        put_line(&x, line, tot->max_line, rate, tot->max_line_rate);
        put_role(&x, st->role, lim, st->max_discount);
        break;
    case SAYS_EXCEEDS:
        fmt = clm_core__tr("line %zu: discount %s exceeds %s's %s; %s may grant %s");
        put_line(&x, line, tot->max_line, rate, tot->max_line_rate);
        put_role(&x, st[-1].role, lim, st[-1].max_discount);
        put_role(&x, st->role, up, st->max_discount);
        break;
    case SAYS_MARGIN:
        fmt = clm_core__tr("line %zu: margin %s %s is below %s's %s; %s may go down to %s");
        put_line(&x, line, tot->min_margin_line, marg, tot->min_margin);
        put(&x, p->basis == CLM_DISCOUNT_MARGIN_ON_COST ? clm_core__tr("on cost") : clm_core__tr("on price"));
        put_role(&x, st[-1].role, lim, st[-1].min_margin);
        put_role(&x, st->role, up, st->min_margin);
        break;
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
    return approve_explain(buf, size, p, tot, NULL);
}

void clm_discount__trace_approval(clm_discount__trace *t, const clm_discount_engine *e,
                                  const clm_discount_totals *tot)
{
    const clm_discount_policy *p = e->policy;
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
        size_t n = approve_explain(reason + wl + 2, why_max, p, tot, clm_discount__texts_ladder(t->texts));
        t->why_off = (size_t)(reason - t->text.data) + wl + 2;
        clm_discount__trace_close(t, wl + 2 + n);
        return;
    }
    /* a role name too long for that: the sentence cut where the entry
     * cuts it */
    approve_explain(t->why, why_max, p, tot, NULL);
    t->has_why = true;
    clm_discount__trace_add(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_ADJUSTED,
                            CLM_DISCOUNT_STAGE_DOCUMENT, CLM_DISCOUNT_NONE, "approval", tot->net,
                            tot->net, "%s%s%s", who, ": ", t->why);
}

void clm_discount__trace_total(clm_discount__trace *t, const clm_discount_engine *e,
                               const clm_discount_totals *tot, size_t lines)
{
    const clm_discount__ladder_texts *x = clm_discount__texts_ladder(t->texts);
    char *reason = clm_discount__trace_open(t, CLM_DISCOUNT_DOCUMENT, CLM_DISCOUNT_TRACE_ADJUSTED,
                                            CLM_DISCOUNT_STAGE_DOCUMENT, CLM_DISCOUNT_NONE, "total",
                                            tot->base, tot->net);
    if (reason == NULL)
        return;
    if (x != NULL && x->total_ok) {
        /* the pieces and the figures straight into the entry */
        char *p = reason;
        clm_discount__copy(p, x->total[0], x->total_len[0]);
        p += x->total_len[0];
        p += clm_discount__zu_text(p, lines);
        clm_discount__copy(p, x->total[1], x->total_len[1]);
        p += x->total_len[1];
        p += clm_discount__trace_money(t, p, tot->base);
        clm_discount__copy(p, x->total[2], x->total_len[2]);
        p += x->total_len[2];
        p += clm_discount__trace_money(t, p, tot->net);
        clm_discount__copy(p, x->total[3], x->total_len[3]);
        p += x->total_len[3];
        *p = '\0';
        clm_discount__trace_close(t, (size_t)(p - reason));
        return;
    }
    char c[24], b[CLM_DISCOUNT__AMOUNT_BUF], n[CLM_DISCOUNT__AMOUNT_BUF];
    const char *arg[3] = { c, b, n };
    size_t alen[3] = { clm_discount__zu_text(c, lines), clm_discount__trace_money(t, b, tot->base),
                       clm_discount__trace_money(t, n, tot->net) };
    int r = clm_discount__fmt_texts(reason, CLM_DISCOUNT__REASON_MAX, total_fmt(), 3, arg,
                                    alen);
    clm_discount__trace_close(t, r < 0                                    ? 0
                                 : (size_t)r < CLM_DISCOUNT__REASON_MAX ? (size_t)r
                                                                        : CLM_DISCOUNT__REASON_MAX - 1);
}
