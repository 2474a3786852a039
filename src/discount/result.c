/*
 * result.c — the priced document as an object: evaluation of one document
 * with its explanation trace, and the getters.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "discount_internal.h"

struct clm_discount_result {
    clm_discount_line_result *lines;
    size_t nlines;
    clm_discount_totals tot;
    const char *approval_role;  /* in `text`, or NULL */
    const char *approval_why;   /* in `text` */
    clm_discount_trace_entry *entries;
    size_t nentries;
    size_t *off;                /* nlines + 2 offsets: lines, then the document */
    char *text;
    /* all of them in the result's one block, in this order: the lines,
     * the entries, the offsets, the text (finish()) */
};

int clm_discount_rule_init(clm_discount_rule *rule)
{
    if (rule == NULL)
        return clm_core__fail(CLM_EINVAL, "discount rule init: NULL");
    *rule = (clm_discount_rule)CLM_DISCOUNT_RULE_INIT;
    return 0;
}

int clm_discount_condition_init(clm_discount_condition *cond)
{
    if (cond == NULL)
        return clm_core__fail(CLM_EINVAL, "discount condition init: NULL");
    *cond = (clm_discount_condition)CLM_DISCOUNT_CONDITION_INIT;
    return 0;
}

int clm_discount_caps_init(clm_discount_caps *caps)
{
    if (caps == NULL)
        return clm_core__fail(CLM_EINVAL, "discount caps init: NULL");
    *caps = (clm_discount_caps)CLM_DISCOUNT_CAPS_INIT;
    return 0;
}

int clm_discount_document_init(clm_discount_document *doc)
{
    if (doc == NULL)
        return clm_core__fail(CLM_EINVAL, "discount document init: NULL");
    *doc = (clm_discount_document)CLM_DISCOUNT_DOCUMENT_INIT;
    return 0;
}

int clm_discount_eval_options_init(clm_discount_eval_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "discount options init: NULL");
    *opts = (clm_discount_eval_options)CLM_DISCOUNT_EVAL_OPTIONS_INIT;
    return 0;
}

void clm_discount_result_free(clm_discount_result *r)
{
    /* the lines, the entries, their offsets and their text live in r's
     * block */
    clm_core__free(r);
}

/* Sizes of the parts of a result's block, each a multiple of 8 bytes (of
 * the alignment every part needs), or false if they do not fit a size_t. */
static bool block_size(size_t nlines, size_t nentries, size_t text, size_t *size)
{
    size_t lines_max = (SIZE_MAX / 4) / sizeof(clm_discount_line_result);
    size_t entries_max = (SIZE_MAX / 4) / sizeof(clm_discount_trace_entry);
    if (nlines > lines_max || nentries > entries_max || text > SIZE_MAX / 8)
        return false;
    *size = sizeof(clm_discount_result) + nlines * sizeof(clm_discount_line_result) +
            nentries * sizeof(clm_discount_trace_entry) + (nlines + 2) * sizeof(size_t) +
            ((text + 7) & ~(size_t)7);
    return true;
}

/* Makes the result of a priced document in one block: its lines (copied
 * from `lines`), its totals, the trace's entries grouped by line (a
 * stable counting sort: the document's entries last) and their text,
 * and the approval sentence. Its text is the trace's (t->text, which the
 * caller keeps), with the approval's role and sentence after it. */
static int finish(clm_discount_result **out, const clm_discount_line_result *lines, size_t nlines,
                  const clm_discount_totals *tot, clm_discount__trace *t,
                  const clm_discount_policy *p, bool traced)
{
    size_t role_off = t->text.len;
    const char *role = tot->approvable && tot->approval != CLM_DISCOUNT_NONE
                           ? p->ladder[tot->approval].role
                           : "";
    clm_core__buf_append(&t->text, role, strlen(role) + 1);
    /* the approval sentence: the end of the trace's approval entry, or
     * written now */
    size_t why_off = t->why_off;
    if (why_off == 0) {
        size_t n = t->has_why ? strlen(t->why) : clm_discount__approve_explain(t->why, sizeof t->why, p, tot);
        why_off = t->text.len;
        clm_core__buf_append(&t->text, t->why, n + 1);
    }
    if (t->failed || t->text.failed)
        return clm_core__oom("discount trace");
    size_t n = traced ? t->n : 0;
    size_t size;
    if (!block_size(nlines, n, t->text.len, &size))
        return clm_core__oom("discount result");
    clm_discount_result *r = clm_core__malloc(size);
    if (r == NULL)
        return clm_core__oom("discount result");
    /* every part is written below */
    r->lines = (clm_discount_line_result *)(void *)(r + 1);
    r->entries = (clm_discount_trace_entry *)(void *)(r->lines + nlines);
    r->off = (size_t *)(void *)(r->entries + n);
    char *text = (char *)(r->off + nlines + 2);
    r->text = text;
    r->nlines = nlines;
    r->tot = *tot;
    r->nentries = n;
    memcpy(r->lines, lines, nlines * sizeof *lines);
    memcpy(text, t->text.data, t->text.len);
    memset(r->off, 0, (nlines + 2) * sizeof *r->off);
    /* count per slot (slot nlines = the document), then prefix sums */
    for (size_t i = 0; i < n; i++) {
        size_t slot = t->raw[i].line == CLM_DISCOUNT_DOCUMENT ? nlines : t->raw[i].line;
        r->off[slot + 1]++;
    }
    for (size_t i = 0; i <= nlines; i++)
        r->off[i + 1] += r->off[i];
    size_t *fill = r->off; /* reuse: advance the starts, then shift back */
    for (size_t i = 0; i < n; i++) {
        const clm_discount__trace_raw *w = &t->raw[i];
        size_t slot = w->line == CLM_DISCOUNT_DOCUMENT ? nlines : w->line;
        clm_discount_trace_entry *e = &r->entries[fill[slot]++];
        e->kind = w->kind;
        e->stage = w->stage;
        e->rule = w->rule;
        e->name = text + w->name_off;
        e->before = w->before;
        e->amount = w->amount;
        e->after = w->after;
        e->reason = text + w->reason_off;
    }
    for (size_t i = nlines + 1; i > 0; i--)
        r->off[i] = r->off[i - 1];
    r->off[0] = 0;
    r->approval_role = text[role_off] ? text + role_off : NULL;
    r->approval_why = text + why_off;
    *out = r;
    return 0;
}

/* The spare's scratch state carries over as between the documents of a
 * batch (each document starts a new generation of its caches), but for
 * the names it remembers by address, forgotten at the end of each call. */
static void spare_destroy(struct clm_discount__spare *sp)
{
    if (sp == NULL)
        return;
    clm_discount__scratch_free(&sp->s);
    clm_core__free(sp->raw);
    clm_core__free(sp->lines_out);
    clm_core__buf_free(&sp->text);
    clm_core__free(sp);
}

void clm_discount__spare_free(clm_discount_engine *e)
{
    spare_destroy(atomic_exchange_explicit(&e->spare, NULL, memory_order_acquire));
}

struct clm_discount__spare *clm_discount__spare_take(const clm_discount_engine *e, size_t lines)
{
    clm_discount_engine *slot = (clm_discount_engine *)e;
    struct clm_discount__spare *sp =
        atomic_exchange_explicit(&slot->spare, NULL, memory_order_acquire);
    if (sp == NULL) {
        sp = clm_core__calloc(1, sizeof *sp);
        if (sp == NULL) {
            clm_core__oom("discount evaluation");
            return NULL;
        }
        clm_core__buf_init(&sp->text);
    }
    if (sp->lines < lines || sp->s.cands == NULL) {
        clm_discount__scratch_free(&sp->s);
        clm_core__free(sp->lines_out);
        sp->lines_out = NULL;
        sp->lines = 0;
        if (clm_discount__scratch_new(&sp->s, e, lines) < 0) {
            spare_destroy(sp);
            return NULL;
        }
        sp->lines = lines;
    }
    return sp;
}

void clm_discount__spare_give(const clm_discount_engine *e, struct clm_discount__spare *sp)
{
    clm_discount__scratch_forget(&sp->s);
    clm_discount_engine *slot = (clm_discount_engine *)e;
    struct clm_discount__spare *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&slot->spare, &none, sp, memory_order_release,
                                                 memory_order_relaxed))
        spare_destroy(sp);
}

int clm_discount_engine_evaluate(clm_discount_result **out, const clm_discount_engine *e,
                                 const clm_discount_document *doc,
                                 const clm_discount_eval_options *opts)
{
    if (out == NULL || e == NULL || doc == NULL)
        return clm_core__fail(CLM_EINVAL, "discount evaluate: NULL argument");
    if (opts != NULL && clm_core__check_version(opts->version, CLM_DISCOUNT_EVAL_OPTIONS_VERSION, "discount evaluate options") < 0)
        return CLM_EVERSION;
    bool traced = opts == NULL || opts->trace;
    int rc = clm_discount__doc_check(e, doc, 0);
    if (rc < 0)
        return rc;
    struct clm_discount__spare *sp = clm_discount__spare_take(e, doc->line_count);
    if (sp == NULL)
        return CLM_ENOMEM;
    /* the lines are priced into the spare's array, then copied into the
     * result's block with the trace */
    if (sp->lines_out == NULL) {
        sp->lines_out = clm_core__reallocarray(NULL, sp->lines ? sp->lines : 1,
                                               sizeof *sp->lines_out);
        if (sp->lines_out == NULL) {
            spare_destroy(sp);
            return clm_core__oom("discount result");
        }
    }
    clm_discount_totals tot;
    clm_discount__trace t;
    clm_discount__trace_init(&t, e->policy->currency, e->exponent);
    t.raw = sp->raw;
    t.cap = sp->rawcap;
    t.text = sp->text; /* emptied below: only its memory is kept */
    if (traced) { /* a line's base, its candidates and a few more; the document's */
        clm_discount__trace_reserve(&t, doc->line_count * 8 + e->ngeneral + 16);
        t.texts = clm_discount__texts_get(e);
    }
    rc = clm_discount__price(e, doc, 0, &sp->s, sp->lines_out, &tot, traced ? &t : NULL);
    if (rc == 0 && t.failed)
        rc = clm_core__oom("discount trace");
    clm_discount_result *r = NULL;
    if (rc == 0)
        rc = finish(&r, sp->lines_out, doc->line_count, &tot, &t, e->policy, traced);
    sp->raw = t.raw;
    sp->rawcap = t.cap;
    t.raw = NULL;
    if (t.text.failed) { /* a failed buffer keeps nothing */
        clm_core__buf_free(&t.text);
        clm_core__buf_init(&t.text);
    }
    t.text.len = 0;
    sp->text = t.text;
    clm_core__buf_init(&t.text);
    clm_discount__trace_free(&t);
    clm_discount__spare_give(e, sp);
    if (rc < 0)
        return rc;
    *out = r;
    return 0;
}

size_t clm_discount_result_line_count(const clm_discount_result *r)
{
    return r ? r->nlines : 0;
}

const clm_discount_line_result *clm_discount_result_line(const clm_discount_result *r, size_t i)
{
    if (r == NULL || i >= r->nlines)
        return NULL;
    return &r->lines[i];
}

const clm_discount_totals *clm_discount_result_totals(const clm_discount_result *r)
{
    return r ? &r->tot : NULL;
}

const char *clm_discount_result_approval(const clm_discount_result *r, const char **why)
{
    if (r == NULL)
        return NULL;
    if (why)
        *why = r->approval_why;
    return r->approval_role;
}

static bool slot_of(const clm_discount_result *r, size_t line, size_t *slot)
{
    if (r == NULL || r->off == NULL)
        return false;
    if (line == CLM_DISCOUNT_DOCUMENT)
        *slot = r->nlines;
    else if (line < r->nlines)
        *slot = line;
    else
        return false;
    return true;
}

size_t clm_discount_result_trace_count(const clm_discount_result *r, size_t line)
{
    size_t slot;
    if (!slot_of(r, line, &slot))
        return 0;
    return r->off[slot + 1] - r->off[slot];
}

const clm_discount_trace_entry *clm_discount_result_trace(const clm_discount_result *r,
                                                          size_t line, size_t i)
{
    size_t slot;
    if (!slot_of(r, line, &slot) || i >= r->off[slot + 1] - r->off[slot])
        return NULL;
    return &r->entries[r->off[slot] + i];
}
