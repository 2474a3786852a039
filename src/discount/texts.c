/*
 * texts.c — the parts of the trace's sentences that depend on the policy
 * alone, written once per language: what a condition asks for ("at least
 * 10", "2025-06-01 to 2025-06-07", "wholesale, vip"), the whole sentence
 * of a failed condition that names nothing of the document ("coupon: the
 * document has none of the coupons SPRING-10") and what a rule does
 * ("5% off"), and the document's sentences that name only the policy's
 * approval ladder (approval.c). A document with the trace explains every rule it considers,
 * and the same rules on every document: a 1-line document under a
 * 10,000-rule policy explains about 200 rules that look only at the
 * document, each naming its dates or values. A failed condition's whole
 * sentence is kept too, written once with a mark where the document's
 * fact goes (and once for a fact the document does not give), so that an
 * entry copies its pieces around the fact; the other sentences are still
 * formatted for each entry, from the same formats (conditions.c,
 * actions.c). These parts are kept in the engine, one set per language
 * (clm/lang.h), made by the first traced evaluation in that language and
 * shared by every later one.
 */
#include <stdatomic.h>
#include <string.h>

#include "clm/lang.h"
#include "discount_internal.h"

#define NO_TEXT SIZE_MAX
/* The fact's place in a condition's sentence: mark 1
 * (clm_discount__marks), which no sentence holds elsewhere (a sentence
 * that does is not kept). */
#define FACT_MARK "\x01"

struct clm_discount__texts {
    size_t *want;     /* per compiled condition (e->cconds): its text's offset */
    size_t *fixed;    /* per compiled condition: its whole sentence's offset, or NO_TEXT */
    size_t *fixed_len;
    /* per compiled condition, its sentence with the fact (clm_discount__texts_frame):
     * its offset or NO_TEXT, its length, the fact's place in it */
    size_t *frame;
    size_t *frame_len;
    size_t *frame_at;
    /* per compiled condition, its sentence without the fact: offset or NO_TEXT, length */
    size_t *missing;
    size_t *missing_len;
    size_t *action;   /* per rule: its action's text's offset, or NO_TEXT */
    /* per rule, its APPLIED sentence (stacking.c) around the amount: the
     * part before it (offset or NO_TEXT, length) and the part after it,
     * without and with the cut (offset, length; the same for most rules,
     * kept once for them) */
    size_t *applied;
    size_t *applied_len;
    size_t *applied_post[2];
    size_t *applied_post_len[2];
    /* per rule, its whole NO_EFFECT sentence (stacking.c): offset or NO_TEXT, length */
    size_t *no_effect;
    size_t *no_effect_len;
    /* per rule, its EXCLUDED sentence (stacking.c) in each state (1: its
     * exclusion group, 2: best-only) before the winner's name: offset or
     * NO_TEXT, length; the parts between the name and the amount and after
     * the amount, the same for every rule: offset or NO_TEXT, length */
    size_t *excluded[2];
    size_t *excluded_len[2];
    size_t excluded_mid[2], excluded_mid_len[2], excluded_post[2], excluded_post_len[2];
    /* a line's BASE sentence around its four values (unit price,
     * quantity, base, product): five parts, offset (NO_TEXT: not kept) and
     * length */
    size_t base[5], base_len[5];
    /* the document's sentences (approval.c), or NULL without memory */
    clm_discount__ladder_texts *ladder;
    /* the ROUNDING sentence around the exact amount: offset or NO_TEXT, length */
    size_t rounding, rounding_len, rounding_post, rounding_post_len;
    char *text;
};

static void texts_destroy(clm_discount__texts *x)
{
    if (x == NULL)
        return;
    clm_core__free(x->want);
    clm_core__free(x->fixed);
    clm_core__free(x->fixed_len);
    clm_core__free(x->frame);
    clm_core__free(x->frame_len);
    clm_core__free(x->frame_at);
    clm_core__free(x->missing);
    clm_core__free(x->missing_len);
    clm_core__free(x->action);
    clm_core__free(x->applied);
    clm_core__free(x->applied_len);
    for (int i = 0; i < 2; i++) {
        clm_core__free(x->applied_post[i]);
        clm_core__free(x->applied_post_len[i]);
    }
    clm_core__free(x->no_effect);
    clm_core__free(x->no_effect_len);
    clm_discount__ladder_texts_destroy(x->ladder);
    for (int i = 0; i < 2; i++) {
        clm_core__free(x->excluded[i]);
        clm_core__free(x->excluded_len[i]);
    }
    clm_core__free(x->text);
    clm_core__free(x);
}

void clm_discount__texts_free(clm_discount_engine *e)
{
    for (int i = 0; i < CLM_LANG_COUNT; i++)
        texts_destroy(atomic_exchange_explicit(&e->texts[i], NULL, memory_order_acquire));
}

/* Appends the text in buf (NUL included) to b; its offset. */
static size_t keep(clm_core__buf *b, const char *buf)
{
    size_t off = b->len;
    clm_core__buf_append(b, buf, strlen(buf) + 1);
    return off;
}

/* Appends the n bytes at s and a NUL to b; their offset. */
static size_t keep_n(clm_core__buf *b, const char *s, size_t n)
{
    size_t off = b->len;
    clm_core__buf_append(b, s, n);
    clm_core__buf_append(b, "", 1);
    return off;
}

/* The second value's place in a sentence: mark 2. */
#define FACT_MARK2 "\x02"

/* Rule i's EXCLUDED sentences (`what` as keep_stacking() takes it): made
 * by the call that writes them for an entry, on the same arguments, with
 * FACT_MARK for the winner's name and FACT_MARK2 for the amount; kept in
 * the states the rule and the policy allow, when each mark is there once,
 * in that order, the sentence is not cut, and the parts after the first
 * mark are those of the rules kept before. */
static void keep_excluded(clm_discount__texts *x, clm_core__buf *b, const clm_discount_engine *e,
                          size_t i, const char *what)
{
    char s[CLM_DISCOUNT__REASON_MAX];
    for (int k = 0; k < 2; k++) {
        if (k == 0 ? e->rules[i].r->pub.exclusion_group == NULL
                   : e->policy->stacking != CLM_DISCOUNT_STACK_BEST_ONLY)
            continue;
        int r = clm_discount__stack_excluded(s, sizeof s, e, (uint32_t)i, k + 1, what, FACT_MARK, FACT_MARK2);
        if (r < 0 || (size_t)r + 1 >= sizeof s)
            continue;
        size_t off[3], len[3];
        if (!clm_discount__marks_split(s, (size_t)r, 2, off, len))
            continue;
        const char *mid = s + off[1], *post = s + off[2];
        size_t mid_len = len[1], post_len = len[2];
        if (x->excluded_mid[k] == NO_TEXT) {
            x->excluded_mid[k] = keep_n(b, mid, mid_len);
            x->excluded_mid_len[k] = mid_len;
            x->excluded_post[k] = keep_n(b, post, post_len);
            x->excluded_post_len[k] = post_len;
        }
        if (b->failed || x->excluded_mid_len[k] != mid_len || x->excluded_post_len[k] != post_len ||
            memcmp(b->data + x->excluded_mid[k], mid, mid_len) != 0 ||
            memcmp(b->data + x->excluded_post[k], post, post_len) != 0)
            continue;
        x->excluded[k][i] = keep_n(b, s, len[0]);
        x->excluded_len[k][i] = len[0];
    }
}

/* The ROUNDING sentence around a FACT_MARK for the amount, made by the
 * call that writes it for an entry; kept when the mark is there once and
 * the sentence is not cut. */
static void keep_rounding(clm_discount__texts *x, clm_core__buf *b, const clm_discount_engine *e)
{
    char s[CLM_DISCOUNT__REASON_MAX];
    x->rounding = NO_TEXT;
    int r = clm_discount__stack_rounding(s, sizeof s, e, FACT_MARK);
    size_t off[2], len[2];
    if (r < 0 || (size_t)r + 1 >= sizeof s || !clm_discount__marks_split(s, (size_t)r, 1, off, len))
        return;
    x->rounding_post = keep_n(b, s + off[1], len[1]);
    x->rounding_post_len = len[1];
    x->rounding = keep_n(b, s, len[0]);
    x->rounding_len = len[0];
}

/* Rule i's APPLIED and NO_EFFECT sentences (stacking.c's trace_stack), its
 * action's text `action` (as kept in x->action[i]): made by the calls
 * that write them for an entry, on the same arguments, with a FACT_MARK
 * for the amount. */
static void keep_stacking(clm_discount__texts *x, clm_core__buf *b, const clm_discount_engine *e,
                          size_t i, const char *action)
{
    /* the action as trace_stack() takes it (clm_discount__action_text()
     * into its buffer of CLM_DISCOUNT__STACK_WHAT bytes) */
    char what[CLM_DISCOUNT__STACK_WHAT], s[2][CLM_DISCOUNT__REASON_MAX];
    size_t n = strlen(action);
    if (n >= sizeof what)
        n = clm_core__utf8_cut(action, sizeof what - 1);
    memcpy(what, action, n);
    what[n] = '\0';
    keep_excluded(x, b, e, i, what);
    n = (size_t)clm_discount__stack_no_effect(s[0], sizeof s[0], e, (uint32_t)i, what);
    if (n + 1 < sizeof s[0]) {
        x->no_effect[i] = keep(b, s[0]);
        x->no_effect_len[i] = n;
    }
    /* both forms (without and with the cut) around one mark, the same
     * before it */
    size_t off[2][2], len[2][2];
    for (int cut = 0; cut < 2; cut++) {
        int r = clm_discount__stack_applied(s[cut], sizeof s[cut], e, what, FACT_MARK, cut);
        if (r < 0 || (size_t)r + 1 >= sizeof s[cut] ||
            !clm_discount__marks_split(s[cut], (size_t)r, 1, off[cut], len[cut]))
            return;
    }
    size_t pre = len[0][0];
    if (pre != len[1][0] || memcmp(s[0], s[1], pre) != 0)
        return;
    for (int cut = 0; cut < 2; cut++) {
        const char *post = s[cut] + off[cut][1];
        size_t plen = len[cut][1];
        /* most rules end alike: the previous rule's part if it is the same */
        if (i > 0 && !b->failed && x->applied[i - 1] != NO_TEXT && x->applied_post_len[cut][i - 1] == plen &&
            memcmp(b->data + x->applied_post[cut][i - 1], post, plen) == 0) {
            x->applied_post[cut][i] = x->applied_post[cut][i - 1];
        } else {
            x->applied_post[cut][i] = keep(b, post);
        }
        x->applied_post_len[cut][i] = plen;
    }
    s[0][pre] = '\0';
    x->applied[i] = keep(b, s[0]);
    x->applied_len[i] = pre;
}

/* The BASE sentence (clm_discount__trace_base(), the same format) around
 * marks 1 to 4, made by the call that writes it for an entry; kept when
 * each mark is there once, in order, and the sentence is not cut. */
static void keep_base(clm_discount__texts *x, clm_core__buf *b)
{
    char s[CLM_DISCOUNT__REASON_MAX];
    x->base[0] = NO_TEXT;
    int r = clm_discount__fmt_pieces(s, sizeof s,
                                     clm_core__tr("%s x %s = %s (product %s)"), /* trace.c's */
                                     4, clm_discount__marks, clm_discount__marks_len);
    size_t off[5], len[5];
    if (r < 0 || (size_t)r + 1 >= sizeof s || !clm_discount__marks_split(s, (size_t)r, 4, off, len))
        return;
    for (size_t i = 0; i < 5; i++) {
        x->base[i] = keep_n(b, s + off[i], len[i]);
        x->base_len[i] = len[i];
    }
}

/* The texts of engine e in the thread's language, or NULL when there is
 * no memory for them (the caller then writes each part itself). */
static clm_discount__texts *texts_make(const clm_discount_engine *e)
{
    size_t ncond = 0;
    for (size_t i = 0; i < e->nrules; i++)
        ncond += e->rules[i].ncond;
    clm_discount__texts *x = clm_core__calloc(1, sizeof *x);
    if (x == NULL)
        return NULL;
    x->want = clm_core__calloc(ncond ? ncond : 1, sizeof *x->want);
    x->fixed = clm_core__calloc(ncond ? ncond : 1, sizeof *x->fixed);
    x->fixed_len = clm_core__calloc(ncond ? ncond : 1, sizeof *x->fixed_len);
    size_t **per_cond[] = { &x->frame, &x->frame_len, &x->frame_at, &x->missing, &x->missing_len };
    bool lacking = false;
    for (size_t i = 0; i < sizeof per_cond / sizeof per_cond[0]; i++) {
        *per_cond[i] = clm_core__calloc(ncond ? ncond : 1, sizeof **per_cond[i]);
        lacking |= *per_cond[i] == NULL;
    }
    x->action = clm_core__calloc(e->nrules ? e->nrules : 1, sizeof *x->action);
    size_t **per_rule[] = { &x->applied,         &x->applied_len,         &x->applied_post[0],
                            &x->applied_post[1], &x->applied_post_len[0], &x->applied_post_len[1],
                            &x->no_effect,       &x->no_effect_len,       &x->excluded[0],
                            &x->excluded[1],     &x->excluded_len[0],     &x->excluded_len[1] };
    for (size_t i = 0; i < sizeof per_rule / sizeof per_rule[0]; i++) {
        *per_rule[i] = clm_core__calloc(e->nrules ? e->nrules : 1, sizeof **per_rule[i]);
        lacking |= *per_rule[i] == NULL;
    }
    clm_core__buf b;
    clm_core__buf_init(&b);
    if (x->want == NULL || x->fixed == NULL || x->fixed_len == NULL || x->action == NULL || lacking) {
        texts_destroy(x);
        return NULL;
    }
    for (int k = 0; k < 2; k++)
        x->excluded_mid[k] = x->excluded_post[k] = NO_TEXT;
    keep_rounding(x, &b, e);
    keep_base(x, &b);
    char buf[CLM_DISCOUNT__REASON_MAX], want[CLM_DISCOUNT__WANT_MAX];
    for (size_t i = 0; i < ncond; i++) {
        clm_discount__cond_want(want, sizeof want, &e->cconds[i], e);
        x->want[i] = keep(&b, want);
        /* the whole reason, as long as a reason may be: an entry cuts it
         * where its own buffer would */
        size_t n = clm_discount__cond_fixed(buf, sizeof buf, &e->cconds[i], want);
        x->fixed[i] = n > 0 ? keep(&b, buf) : NO_TEXT;
        x->fixed_len[i] = n;
        x->frame[i] = x->missing[i] = NO_TEXT;
        if (n > 0)
            continue;
        /* without the fact: whole, as long as a reason may be, as above */
        n = clm_discount__cond_sentence(buf, sizeof buf, &e->cconds[i], want, NULL);
        x->missing[i] = keep(&b, buf);
        x->missing_len[i] = n;
        /* with it: the sentence around a FACT_MARK, kept when it holds the
         * mark once and is not cut (a cut would fall elsewhere with the fact) */
        n = clm_discount__cond_sentence(buf, sizeof buf, &e->cconds[i], want, FACT_MARK);
        size_t off[2], len[2];
        if (n + 1 < sizeof buf && clm_discount__marks_split(buf, n, 1, off, len)) {
            x->frame[i] = keep(&b, buf);
            x->frame_len[i] = n;
            x->frame_at[i] = len[0];
        }
    }
    for (size_t i = 0; i < e->nrules; i++) {
        const clm_discount_action *a = &e->rules[i].r->pub.action;
        x->action[i] = x->applied[i] = x->no_effect[i] = x->excluded[0][i] = x->excluded[1][i] = NO_TEXT;
        if (a->kind == CLM_DISCOUNT_FREE_GOODS) /* counts the line's units */
            continue;
        clm_discount__action_describe(buf, CLM_DISCOUNT__ACTION_MAX, a, NULL, e);
        x->action[i] = keep(&b, buf);
        keep_stacking(x, &b, e, i, buf);
    }
    if (clm_core__buf_finish(&b, &x->text, NULL) < 0) {
        texts_destroy(x);
        return NULL;
    }
    /* without memory for them, the document's sentences are written in
     * full (approval.c) */
    x->ladder = clm_discount__ladder_texts_make(e->policy);
    return x;
}

const clm_discount__texts *clm_discount__texts_get(const clm_discount_engine *e)
{
    clm_lang lang = clm_lang_get();
    clm_discount_engine *slot = (clm_discount_engine *)e; /* set once per language */
    clm_discount__texts *x = atomic_load_explicit(&slot->texts[lang], memory_order_acquire);
    if (x != NULL)
        return x;
    x = texts_make(e);
    if (x == NULL)
        return NULL;
    clm_discount__texts *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&slot->texts[lang], &none, x, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        texts_destroy(x); /* another thread's came first */
        return none;
    }
    return x;
}

const char *clm_discount__texts_want(const clm_discount__texts *x, const clm_discount_engine *e,
                                     const clm_discount__ccond *cc)
{
    return x == NULL ? NULL : x->text + x->want[cc - e->cconds];
}

const char *clm_discount__texts_fixed(const clm_discount__texts *x, const clm_discount_engine *e,
                                      const clm_discount__ccond *cc, size_t *len)
{
    if (x == NULL)
        return NULL;
    size_t i = (size_t)(cc - e->cconds);
    *len = x->fixed_len[i];
    return x->fixed[i] == NO_TEXT ? NULL : x->text + x->fixed[i];
}

const char *clm_discount__texts_frame(const clm_discount__texts *x, const clm_discount_engine *e,
                                      const clm_discount__ccond *cc, bool given, size_t *at,
                                      size_t *len)
{
    if (x == NULL)
        return NULL;
    size_t i = (size_t)(cc - e->cconds);
    size_t off = given ? x->frame[i] : x->missing[i];
    if (off == NO_TEXT)
        return NULL;
    if (given) {
        *at = x->frame_at[i];
        *len = x->frame_len[i];
    } else {
        *len = x->missing_len[i];
    }
    return x->text + off;
}

const char *clm_discount__texts_action(const clm_discount__texts *x, uint32_t rule)
{
    return x == NULL || x->action[rule] == NO_TEXT ? NULL : x->text + x->action[rule];
}

bool clm_discount__texts_applied(const clm_discount__texts *x, uint32_t rule, bool cut,
                                 clm_discount__pieces *out)
{
    if (x == NULL || x->applied[rule] == NO_TEXT)
        return false;
    out->pre = x->text + x->applied[rule];
    out->pre_len = x->applied_len[rule];
    out->post = x->text + x->applied_post[cut][rule];
    out->post_len = x->applied_post_len[cut][rule];
    return true;
}

const char *clm_discount__texts_no_effect(const clm_discount__texts *x, uint32_t rule, size_t *len)
{
    if (x == NULL || x->no_effect[rule] == NO_TEXT)
        return NULL;
    *len = x->no_effect_len[rule];
    return x->text + x->no_effect[rule];
}

bool clm_discount__texts_excluded(const clm_discount__texts *x, uint32_t rule, int state,
                                  clm_discount__pieces2 *out)
{
    if (x == NULL || (state != 1 && state != 2))
        return false;
    int k = state - 1;
    if (x->excluded[k][rule] == NO_TEXT)
        return false;
    out->pre = x->text + x->excluded[k][rule];
    out->pre_len = x->excluded_len[k][rule];
    out->mid = x->text + x->excluded_mid[k];
    out->mid_len = x->excluded_mid_len[k];
    out->post = x->text + x->excluded_post[k];
    out->post_len = x->excluded_post_len[k];
    return true;
}

bool clm_discount__texts_rounding(const clm_discount__texts *x, clm_discount__pieces *out)
{
    if (x == NULL || x->rounding == NO_TEXT)
        return false;
    out->pre = x->text + x->rounding;
    out->pre_len = x->rounding_len;
    out->post = x->text + x->rounding_post;
    out->post_len = x->rounding_post_len;
    return true;
}

const clm_discount__ladder_texts *clm_discount__texts_ladder(const clm_discount__texts *x)
{
    return x == NULL ? NULL : x->ladder;
}


bool clm_discount__texts_base(const clm_discount__texts *x, clm_discount__piece *out)
{
    if (x == NULL || x->base[0] == NO_TEXT)
        return false;
    for (int i = 0; i < 5; i++)
        out[i] = (clm_discount__piece){ x->text + x->base[i], x->base_len[i] };
    return true;
}
