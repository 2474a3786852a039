/*
 * discount_eval_test.c — evaluation as a caller sees it: bad documents
 * (a clear error naming the field, nothing written), the batch call, the
 * same figures from many threads at once (the engine's shared scratch
 * memory and per-language sentence parts under four threads mixing batch,
 * quiet and traced pricing in two languages), overflow, and the OOM walk.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "discount_internal.h" /* e->quick: which path the engines take */
#include "discount_support.h"
#include "oom.h"

static clm_discount_policy *policy(void)
{
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    size_t r = t_rule(p, "vol", CLM_DISCOUNT_PERCENT, PCT(5), 0, NULL);
    t_range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, UNITS(10), INT64_MAX);
    r = t_rule(p, "vip", CLM_DISCOUNT_PERCENT, PCT(3), 0, NULL);
    t_set(p, r, CLM_DISCOUNT_COND_CATEGORY, "vip");
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_document = PCT(6);
    clm_discount_policy_set_caps(p, &caps);
    clm_discount_approval a = { "manager", PCT(5), CLM_DISCOUNT_NO_LIMIT };
    clm_discount_policy_add_approval(p, &a);
    return p;
}

static const char *vip[] = { "vip" };

static void expect_bad(const clm_discount_engine *e, const clm_discount_document *d, int code,
                       const char *field)
{
    clm_discount_result *sentinel = (clm_discount_result *)&code;
    clm_discount_result *r = sentinel;
    int rc = clm_discount_engine_evaluate(&r, e, d, NULL);
    if (rc != code)
        fail_msg("got %d, want %d (%s)", rc, code, clm_error_last()->message);
    assert_ptr_equal(r, sentinel);
    if (field && strcmp(clm_error_last()->field, field) != 0)
        fail_msg("field '%s', want '%s' (%s)", clm_error_last()->field, field,
                 clm_error_last()->message);
    /* the batch refuses it the same way and writes nothing */
    clm_discount_line_result lines[4];
    clm_discount_totals tot[2];
    memset(lines, 0x5a, sizeof lines);
    memset(tot, 0x5a, sizeof tot);
    clm_discount_document two[2] = { *d, *d };
    two[0].line_count = d->line_count ? 1 : 0;
    assert_int_equal(clm_discount_engine_price_batch(lines, 4, tot, e, two, 2), code);
    for (size_t i = 0; i < sizeof lines; i++)
        assert_int_equal(((unsigned char *)lines)[i], 0x5a);
    for (size_t i = 0; i < sizeof tot; i++)
        assert_int_equal(((unsigned char *)tot)[i], 0x5a);
}

static void test_bad_documents(void **state)
{
    (void)state;
    clm_discount_policy *p = policy();
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l[2] = { t_line("a", NULL, UNITS(1), 100), t_line("b", NULL, UNITS(1), 100) };
    clm_discount_document d = t_doc(l, 2);

    d.version = 2;
    expect_bad(e, &d, CLM_EVERSION, "version");
    d = t_doc(l, 2);
    d.currency = "USD";
    expect_bad(e, &d, CLM_ECURRENCY, "currency");
    assert_non_null(strstr(clm_error_last()->message, "RUB"));
    /* the policy's code as a prefix, or the document's as one of it,
     * is another code */
    static const char *const near[] = { "RUBX", "RU", "R", "", "rub" };
    for (size_t k = 0; k < sizeof near / sizeof near[0]; k++) {
        d.currency = near[k];
        expect_bad(e, &d, CLM_ECURRENCY, "currency");
    }
    d.currency = NULL;
    expect_bad(e, &d, CLM_EINVAL, "currency");
    d = t_doc(l, 0);
    expect_bad(e, &d, CLM_EINVAL, "lines");
    d = t_doc(l, 2);
    d.prepayment = PCT(101);
    expect_bad(e, &d, CLM_EINVAL, "prepayment");
    d.prepayment = 0;
    d.deferral_days = -1;
    expect_bad(e, &d, CLM_EINVAL, "deferral_days");
    d.deferral_days = 0;
    d.client.category_count = 1; /* no array */
    expect_bad(e, &d, CLM_EINVAL, "client.categories");
    d.client.category_count = 0;
    d.coupon_count = 2;
    expect_bad(e, &d, CLM_EINVAL, "coupons");
    d.coupon_count = 0;
    d.date = CLM_DATE_MAX + 1;
    expect_bad(e, &d, CLM_EINVAL, "date");
    d = t_doc(l, 2);

    l[1].quantity = 0;
    expect_bad(e, &d, CLM_EINVAL, "lines[1].quantity");
    assert_non_null(strstr(clm_error_last()->message, "line 2"));
    l[1].quantity = UNITS(1);
    l[1].product = "";
    expect_bad(e, &d, CLM_EINVAL, "lines[1].product");
    l[1].product = "b";
    l[1].unit_price.amount = -1;
    expect_bad(e, &d, CLM_EINVAL, "lines[1].unit_price");
    l[1].unit_price.amount = 100;
    memcpy(l[1].unit_price.currency, "EUR", 4);
    expect_bad(e, &d, CLM_ECURRENCY, "lines[1].unit_price");
    memcpy(l[1].unit_price.currency, "RUB", 4);
    l[1].has_cost = 1;
    l[1].unit_cost.amount = -5;
    expect_bad(e, &d, CLM_EINVAL, "lines[1].unit_cost");
    l[1].unit_cost.amount = 5;
    l[1].manual_rate = -1;
    expect_bad(e, &d, CLM_EINVAL, "lines[1].manual_rate");
    l[1].manual_rate = 0;
    /* amounts that do not fit */
    l[1].unit_price.amount = INT64_MAX / 2;
    l[1].quantity = UNITS(3);
    expect_bad(e, &d, CLM_EOVERFLOW, NULL);
    l[1].unit_price.amount = INT64_MAX / 2 + 1;
    l[1].quantity = UNITS(1);
    l[0].unit_price.amount = INT64_MAX / 2 + 1;
    expect_bad(e, &d, CLM_EOVERFLOW, NULL);
    l[0].unit_price.amount = 100;
    l[1].unit_price.amount = 100;

    /* misuse */
    clm_discount_result *r = NULL;
    assert_int_equal(clm_discount_engine_evaluate(NULL, e, &d, NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_engine_evaluate(&r, NULL, &d, NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_engine_evaluate(&r, e, NULL, NULL), CLM_EINVAL);
    clm_discount_eval_options o = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
    o.version = 7;
    assert_int_equal(clm_discount_engine_evaluate(&r, e, &d, &o), CLM_EVERSION);
    assert_null(r);
    assert_int_equal(clm_discount_document_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_discount_eval_options_init(NULL), CLM_EINVAL);
    clm_discount_document z;
    assert_int_equal(clm_discount_document_init(&z), 0);
    assert_int_equal(z.version, CLM_DISCOUNT_DOCUMENT_VERSION);
    assert_int_equal(z.client.since, CLM_DISCOUNT_NO_DATE);
    /* NULL-safe getters */
    assert_int_equal(clm_discount_result_line_count(NULL), 0);
    assert_null(clm_discount_result_line(NULL, 0));
    assert_null(clm_discount_result_totals(NULL));
    assert_null(clm_discount_result_approval(NULL, NULL));
    assert_int_equal(clm_discount_result_trace_count(NULL, 0), 0);
    assert_null(clm_discount_result_trace(NULL, 0, 0));
    clm_discount_result_free(NULL);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void test_batch_matches_evaluate(void **state)
{
    (void)state;
    clm_discount_policy *p = policy();
    clm_discount_engine *e = t_compile(p);
    clm_discount_line l1[3] = { t_line("a", NULL, UNITS(12), 1999), t_line("b", NULL, UNITS(1), 5000),
                                t_line("c", NULL, 2500, 333) };
    clm_discount_line l2[1] = { t_line("d", NULL, UNITS(40), 12345) };
    clm_discount_document docs[3] = { t_doc(l1, 3), t_doc(l2, 1), t_doc(l1, 2) };
    docs[1].client.categories = vip;
    docs[1].client.category_count = 1;
    clm_discount_line_result lines[6];
    clm_discount_totals tot[3];
    /* too small an array: refused, untouched */
    memset(lines, 0, sizeof lines);
    assert_int_equal(clm_discount_engine_price_batch(lines, 5, tot, e, docs, 3), CLM_EBUFSIZE);
    assert_int_equal(lines[0].base, 0);
    assert_int_equal(clm_discount_engine_price_batch(lines, 6, tot, e, docs, 3), 0);
    size_t at = 0;
    for (size_t k = 0; k < 3; k++) {
        clm_discount_result *r = t_eval(e, &docs[k]);
        const clm_discount_totals *t = clm_discount_result_totals(r);
        assert_memory_equal(t, &tot[k], sizeof *t);
        int64_t sum = 0;
        for (size_t i = 0; i < docs[k].line_count; i++, at++) {
            assert_memory_equal(clm_discount_result_line(r, i), &lines[at], sizeof lines[at]);
            sum += lines[at].net;
        }
        assert_int_equal(sum, tot[k].net);
        clm_discount_result_free(r);
    }
    /* document 2: 40 x 123.45 = 4938.00, 5 % then 3 % compounding = 7.85 %,
     * capped at 6 % per document: 4641.72 */
    assert_int_equal(tot[1].base, 493800);
    assert_int_equal(tot[1].net, 464172);
    assert_int_equal(tot[1].approval, CLM_DISCOUNT_NONE);
    assert_int_equal(tot[1].approvable, 0);
    assert_int_equal(clm_discount_engine_price_batch(NULL, 0, NULL, e, NULL, 0), 0);
    assert_int_equal(clm_discount_engine_price_batch(lines, 6, tot, NULL, docs, 3), CLM_EINVAL);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- threads: one engine, many evaluations at once ------------------------------- */

typedef struct worker {
    const clm_discount_engine *e;
    int64_t net;
    int rc;
} worker;

/* A rule filed under ten client categories with a line condition: a
 * client in all ten draws it from ten buckets, and an engine with rule
 * masks takes its line test once (its list of tests holds one per
 * rule); the figures are the traced path's. */
static void test_many_categories_one_test(void **state)
{
    (void)state;
    static const char *cats[] = { "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9" };
    clm_discount_policy *p = t_policy(CLM_DISCOUNT_STACK_ADDITIVE);
    size_t r = t_rule(p, "wide", CLM_DISCOUNT_PERCENT, PCT(4), 0, NULL);
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_CATEGORY;
    c.values = cats;
    c.value_count = 10;
    assert_int_equal(clm_discount_policy_add_condition(p, r, &c), 0);
    t_range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, UNITS(2), INT64_MAX);
    clm_discount_engine *e = t_compile(p);
    assert_true(e->masks);
    clm_discount_line l[1] = { t_line("a", NULL, UNITS(3), 1000) };
    clm_discount_document d = t_doc(l, 1);
    d.client.categories = cats;
    d.client.category_count = 10;
    clm_discount_line_result out;
    clm_discount_totals tot;
    assert_int_equal(clm_discount_engine_price_batch(&out, 1, &tot, e, &d, 1), 0);
    assert_int_equal(out.base, 3000);
    assert_int_equal(out.discount, 120);
    assert_int_equal(out.rules_applied, 1);
    clm_discount_result *res = t_eval(e, &d);
    assert_int_equal(clm_discount_result_line(res, 0)->net, out.net);
    assert_int_equal(clm_discount_result_totals(res)->net, tot.net);
    clm_discount_result_free(res);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

static void *work(void *v)
{
    worker *w = v;
    clm_discount_line l[2] = { t_line("a", NULL, UNITS(12), 1999), t_line("b", NULL, UNITS(3), 777) };
    clm_discount_document d = t_doc(l, 2);
    d.client.categories = vip;
    d.client.category_count = 1;
    w->net = 0;
    for (int i = 0; i < 2000 && w->rc == 0; i++) {
        clm_discount_result *r = NULL;
        w->rc = clm_discount_engine_evaluate(&r, w->e, &d, NULL);
        if (w->rc == 0) {
            int64_t net = clm_discount_result_totals(r)->net;
            if (w->net != 0 && net != w->net)
                w->rc = -100;
            w->net = net;
        }
        clm_discount_result_free(r);
    }
    return NULL;
}

static void test_concurrent_evaluation(void **state)
{
    (void)state;
    clm_discount_policy *p = policy();
    clm_discount_engine *e = t_compile(p);
    pthread_t th[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){ e, 0, 0 };
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].rc, 0);
        assert_int_equal(w[i].net, w[0].net);
    }
    /* 12 x 19.99 = 239.88 -> 5 %, 3 % = 220.99...; 3 x 7.77 = 23.31 -> 3 %;
     * document cap 6 % of 263.19 = 15.79 */
    assert_int_equal(w[0].net, 26319 - 1579);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- threads: the engine's shared caches -------------------------------------------
 *
 * An engine keeps the scratch memory of a call for the next (taken and
 * given back atomically, sized for the largest document priced) and
 * writes the policy's parts of the trace's sentences on the first traced
 * evaluation in each language (compare-and-swap). Four threads share one
 * engine, each mixing price_batch(), quiet evaluate() and traced
 * evaluate() in English and Russian, on documents of 1 to 20 lines, and
 * compare every result with the one computed beforehand, in one thread,
 * on another engine compiled from the same policy: on a PERCENT-only
 * engine (the quick path of quiet and batch pricing) and on a general
 * one. */

#define MIX_DOCS 5
#define MIX_LINES 20

typedef struct mix_docs {
    clm_discount_line lines[MIX_DOCS][MIX_LINES];
    clm_discount_document docs[MIX_DOCS];
} mix_docs;

static const char *mix_products[] = { "a", "b", "c" };

static void mix_make(mix_docs *m)
{
    static const size_t counts[MIX_DOCS] = { 1, 3, 20, 2, 8 };
    for (size_t k = 0; k < MIX_DOCS; k++) {
        for (size_t i = 0; i < counts[k]; i++)
            m->lines[k][i] = t_line(mix_products[(k + i) % 3], (i % 2) ? "g" : NULL,
                                    UNITS(1 + (int64_t)((k * 7 + i * 5) % 15)),
                                    (int64_t)(99 + k * 1000 + i * 313));
        m->docs[k] = t_doc(m->lines[k], counts[k]);
        if (k % 2 == 0) {
            m->docs[k].client.categories = vip;
            m->docs[k].client.category_count = 1;
        }
    }
}

/* A growing text; `failed` after a failed allocation (the caller reports it). */
typedef struct mix_text {
    char *s;
    size_t n, cap;
    bool failed;
} mix_text;

static void mix_put(mix_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mix_put(mix_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->failed || w < 0) {
        t->failed = true;
        return;
    }
    if (t->n + (size_t)w + 1 > t->cap) {
        size_t cap = (t->n + (size_t)w + 1) * 2;
        char *grown = realloc(t->s, cap);
        if (grown == NULL) {
            t->failed = true;
            return;
        }
        t->s = grown;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)w + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)w;
}

static void mix_line(mix_text *t, const clm_discount_line_result *l)
{
    mix_put(t, "line %lld %lld %lld %lld %lld %lld %lld %lld %d %zu %lld\n", (long long)l->base,
            (long long)l->discount, (long long)l->surcharge, (long long)l->capped,
            (long long)l->net, (long long)l->cost, (long long)l->rate,
            l->has_margin ? (long long)l->margin : 0LL, l->has_margin, l->rules_applied,
            (long long)l->unit_price);
}

static void mix_totals(mix_text *t, const clm_discount_totals *o)
{
    mix_put(t, "totals %lld %lld %lld %lld %lld %lld %lld %zu %d %zu %zu %d\n", (long long)o->base,
            (long long)o->discount, (long long)o->surcharge, (long long)o->capped,
            (long long)o->net, (long long)o->rate, (long long)o->max_line_rate, o->max_line,
            o->has_margin, o->has_margin ? o->min_margin_line : 0, o->approval, o->approvable);
}

static void mix_entries(mix_text *t, const clm_discount_result *r, size_t line)
{
    for (size_t i = 0; i < clm_discount_result_trace_count(r, line); i++) {
        const clm_discount_trace_entry *x = clm_discount_result_trace(r, line, i);
        mix_put(t, "  %d %d %zu %s %lld %lld | %s\n", (int)x->kind, (int)x->stage, x->rule, x->name,
                (long long)x->before, (long long)x->after, x->reason);
    }
}

/* Document k priced by evaluate() (traced or not), as text; NULL on an
 * error. */
static char *mix_evaluate(const clm_discount_engine *e, const clm_discount_document *d, int trace)
{
    clm_discount_eval_options o = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
    o.trace = trace;
    clm_discount_result *r = NULL;
    if (clm_discount_engine_evaluate(&r, e, d, &o) != 0)
        return NULL;
    mix_text t = { 0 };
    for (size_t i = 0; i < clm_discount_result_line_count(r); i++) {
        mix_line(&t, clm_discount_result_line(r, i));
        mix_entries(&t, r, i);
    }
    mix_totals(&t, clm_discount_result_totals(r));
    mix_entries(&t, r, CLM_DISCOUNT_DOCUMENT);
    const char *why = NULL;
    const char *role = clm_discount_result_approval(r, &why);
    mix_put(&t, "approval %s: %s\n", role ? role : "-", why ? why : "-");
    clm_discount_result_free(r);
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

/* Every document priced by one price_batch() call, as text; NULL on an
 * error. */
static char *mix_batch(const clm_discount_engine *e, const mix_docs *m)
{
    clm_discount_line_result lines[MIX_DOCS * MIX_LINES];
    clm_discount_totals tot[MIX_DOCS];
    if (clm_discount_engine_price_batch(lines, MIX_DOCS * MIX_LINES, tot, e, m->docs, MIX_DOCS) != 0)
        return NULL;
    mix_text t = { 0 };
    size_t at = 0;
    for (size_t k = 0; k < MIX_DOCS; k++) {
        for (size_t i = 0; i < m->docs[k].line_count; i++)
            mix_line(&t, &lines[at++]);
        mix_totals(&t, &tot[k]);
    }
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

/* The texts computed in one thread beforehand. */
typedef struct mix_ref {
    char *batch;
    char *quiet[2][MIX_DOCS];  /* [0] English, [1] Russian (the approval's sentence) */
    char *traced[2][MIX_DOCS];
} mix_ref;

static const clm_lang mix_langs[2] = { CLM_LANG_EN, CLM_LANG_RU };

typedef struct mixer {
    const clm_discount_engine *e;
    const mix_docs *m;
    const mix_ref *ref;
    int id;
    int bad;          /* 0, or the iteration that differed + 1 */
    char what[64];
} mixer;

static void *mix_work(void *v)
{
    mixer *w = v;
    for (int i = 0; i < 240 && w->bad == 0; i++) {
        size_t k = (size_t)(i + w->id) % MIX_DOCS;
        int lang = (i / 3 + w->id) % 2; /* each thread changes language as it goes */
        if (clm_lang_set(mix_langs[lang]) != 0) {
            w->bad = i + 1;
            snprintf(w->what, sizeof w->what, "clm_lang_set");
            break;
        }
        const char *want;
        char *got;
        switch ((i + w->id) % 3) {
        case 0:
            got = mix_batch(w->e, w->m);
            want = w->ref->batch;
            break;
        case 1:
            got = mix_evaluate(w->e, &w->m->docs[k], 0);
            want = w->ref->quiet[lang][k];
            break;
        default:
            got = mix_evaluate(w->e, &w->m->docs[k], 1);
            want = w->ref->traced[lang][k];
            break;
        }
        if (got == NULL || strcmp(got, want) != 0) {
            w->bad = i + 1;
            snprintf(w->what, sizeof w->what, "op %d, document %zu, language %d%s",
                     (i + w->id) % 3, k, lang, got == NULL ? ": failed" : "");
        }
        free(got);
    }
    (void)clm_lang_set(CLM_LANG_EN);
    return NULL;
}

static void mix_engine(const clm_discount_policy *p, bool quick)
{
    mix_docs *m = calloc(1, sizeof *m);
    assert_non_null(m);
    mix_make(m);
    /* the reference, on an engine of its own */
    clm_discount_engine *alone = t_compile(p);
    assert_int_equal(alone->quick, quick);
    mix_ref ref;
    ref.batch = mix_batch(alone, m);
    assert_non_null(ref.batch);
    for (size_t k = 0; k < MIX_DOCS; k++) {
        for (size_t g = 0; g < 2; g++) {
            assert_int_equal(clm_lang_set(mix_langs[g]), 0);
            ref.quiet[g][k] = mix_evaluate(alone, &m->docs[k], 0);
            assert_non_null(ref.quiet[g][k]);
            ref.traced[g][k] = mix_evaluate(alone, &m->docs[k], 1);
            assert_non_null(ref.traced[g][k]);
        }
        assert_int_equal(clm_lang_set(CLM_LANG_EN), 0);
    }
    /* the languages differ, so a thread that read the other language's
     * parts would be caught */
    assert_string_not_equal(ref.traced[0][2], ref.traced[1][2]);
    clm_discount_engine_free(alone);

    /* a fresh engine: its caches are first filled by the threads */
    clm_discount_engine *e = t_compile(p);
    pthread_t th[4];
    mixer w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (mixer){ .e = e, .m = m, .ref = &ref, .id = i };
        assert_int_equal(pthread_create(&th[i], NULL, mix_work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < 4; i++)
        if (w[i].bad != 0)
            fail_msg("thread %d, iteration %d: %s differs from the one-thread result", i,
                     w[i].bad - 1, w[i].what);
    clm_discount_engine_free(e);
    free(ref.batch);
    for (size_t k = 0; k < MIX_DOCS; k++) {
        free(ref.quiet[0][k]);
        free(ref.quiet[1][k]);
        free(ref.traced[0][k]);
        free(ref.traced[1][k]);
    }
    free(m);
}

static void test_concurrent_mixed_pricing(void **state)
{
    (void)state;
    /* PERCENT rules only: quiet and batch pricing take the quick path */
    clm_discount_policy *p = policy();
    size_t r = t_rule(p, "group-c", CLM_DISCOUNT_PERCENT, PCT(2), 1, "volume");
    t_set(p, r, CLM_DISCOUNT_COND_PRODUCT, "c");
    r = t_rule(p, "group-c-more", CLM_DISCOUNT_PERCENT, PCT(4), 1, "volume");
    t_range(p, r, CLM_DISCOUNT_COND_LINE_QUANTITY, UNITS(8), INT64_MAX);
    mix_engine(p, true);
    /* and the general path: an amount off the document shared by the
     * lines, a fixed price */
    r = t_rule(p, "doc-off", CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT, 500, 0, NULL);
    t_range(p, r, CLM_DISCOUNT_COND_DOC_AMOUNT, 10000, INT64_MAX);
    r = t_rule(p, "fixed-b", CLM_DISCOUNT_FIXED_PRICE, 500, 2, NULL);
    t_set(p, r, CLM_DISCOUNT_COND_PRODUCT, "b");
    mix_engine(p, false);
    clm_discount_policy_free(p);
}

/* ---- OOM --------------------------------------------------------------------------- */

static clm_discount_policy *g_policy;
static clm_discount_engine *g_engine;
static clm_discount_line g_lines[3];
static clm_discount_document g_doc;

typedef struct eval_state {
    clm_discount_result *r;
    clm_discount_line_result lines[3];
    clm_discount_totals tot;
} eval_state;

static void *setup_eval(void)
{
    eval_state *s = calloc(1, sizeof *s);
    memset(s->lines, 0x5a, sizeof s->lines);
    memset(&s->tot, 0x5a, sizeof s->tot);
    return s;
}

static bool eval_unchanged(void *v)
{
    eval_state *s = v;
    if (s->r != NULL)
        return false;
    for (size_t i = 0; i < sizeof s->lines; i++)
        if (((unsigned char *)s->lines)[i] != 0x5a)
            return false;
    return true;
}

static void eval_teardown(void *v)
{
    eval_state *s = v;
    clm_discount_result_free(s->r);
    free(s);
}

static int op_evaluate(void *v)
{
    eval_state *s = v;
    return clm_discount_engine_evaluate(&s->r, g_engine, &g_doc, NULL);
}

/* The same with an engine compiled for each run: its first evaluation
 * makes the scratch memory the engine keeps for the next, and a failure
 * leaves none behind once the engine is freed. */
static clm_discount_engine *g_warm;

static void *setup_eval_cold(void)
{
    g_warm = g_engine;
    g_engine = t_compile(g_policy);
    return setup_eval();
}

static void eval_teardown_cold(void *v)
{
    eval_teardown(v);
    clm_discount_engine_free(g_engine);
    g_engine = g_warm;
}

/* Evaluates once, so the engine holds its spare scratch memory (kept
 * from one evaluation to the next) before allocations are counted. */
static void warm(void)
{
    clm_discount_result *r = NULL;
    assert_int_equal(clm_discount_engine_evaluate(&r, g_engine, &g_doc, NULL), 0);
    clm_discount_result_free(r);
}

static int op_batch(void *v)
{
    eval_state *s = v;
    return clm_discount_engine_price_batch(s->lines, 3, &s->tot, g_engine, &g_doc, 1);
}

/* An amount off the document: its split over the lines allocates (the
 * shares and their order), and every failure leaves nothing behind. */
static void test_oom_amount_off(void **state)
{
    (void)state;
    g_policy = t_policy(CLM_DISCOUNT_STACK_COMPOUNDING);
    t_rule(g_policy, "doc-100", CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT, 10000, 0, NULL);
    g_engine = t_compile(g_policy);
    g_lines[0] = t_line("a", NULL, UNITS(1), 10000);
    g_lines[1] = t_line("b", NULL, UNITS(2), 10000);
    g_lines[2] = t_line("c", NULL, UNITS(3), 10000);
    g_doc = t_doc(g_lines, 3);
    /* the figures first: 16.67, 33.33, 50.00 of 100.00 (docs/rules.md,
     * "Amount off the document") */
    clm_discount_result *r = NULL;
    assert_int_equal(clm_discount_engine_evaluate(&r, g_engine, &g_doc, NULL), 0);
    assert_int_equal(clm_discount_result_line(r, 0)->discount, 1667);
    assert_int_equal(clm_discount_result_line(r, 1)->discount, 3333);
    assert_int_equal(clm_discount_result_line(r, 2)->discount, 5000);
    clm_discount_result_free(r);
    oom_case cold = { setup_eval_cold, op_evaluate, eval_unchanged, eval_teardown_cold };
    assert_true(oom_check(&cold) > 3);
    warm();
    oom_case ev = { setup_eval, op_evaluate, eval_unchanged, eval_teardown };
    /* warm, an evaluation allocates its result alone: one block with
     * its lines, its trace's entries and their text */
    assert_int_equal(oom_check(&ev), 1);
    /* the batch takes the engine's spare scratch memory too: cold, it
     * makes it, and every failure leaves nothing behind; warm, a batch
     * priced in place allocates nothing */
    oom_case bc = { setup_eval_cold, op_batch, eval_unchanged, eval_teardown_cold };
    assert_true(oom_check(&bc) > 3);
    oom_case b = { setup_eval, op_batch, eval_unchanged, eval_teardown };
    assert_int_equal(oom_check(&b), 0);
    clm_discount_engine_free(g_engine);
    clm_discount_policy_free(g_policy);
}

static void test_oom_evaluate(void **state)
{
    (void)state;
    g_policy = policy();
    clm_discount_rule ep = CLM_DISCOUNT_RULE_INIT;
    ep.id = "ep";
    ep.action = (clm_discount_action){ CLM_DISCOUNT_EARLY_PAYMENT, PCT(2), 0, 0, 0, 10, 30 };
    assert_int_equal(clm_discount_policy_add_rule(NULL, g_policy, &ep), 0);
    t_rule(g_policy, "sur", CLM_DISCOUNT_SURCHARGE, PCT(1), 0, NULL);
    g_engine = t_compile(g_policy);
    g_lines[0] = t_line("a", NULL, UNITS(12), 1999);
    g_lines[1] = t_line("b", NULL, UNITS(3), 777);
    g_lines[2] = t_line("c", NULL, 1500, 123);
    g_lines[2].manual_rate = PCT(7);
    g_doc = t_doc(g_lines, 3);
    g_doc.client.categories = vip;
    g_doc.client.category_count = 1;
    oom_case cold = { setup_eval_cold, op_evaluate, eval_unchanged, eval_teardown_cold };
    assert_true(oom_check(&cold) > 10); /* the scratch memory, the result, the trace */
    warm();
    oom_case ev = { setup_eval, op_evaluate, eval_unchanged, eval_teardown };
    /* warm, an evaluation allocates its result alone: one block with
     * its lines, its trace's entries and their text */
    assert_int_equal(oom_check(&ev), 1);
    /* the batch takes the engine's spare scratch memory too: cold, it
     * makes it, and every failure leaves nothing behind; warm, a batch
     * priced in place allocates nothing */
    oom_case bc = { setup_eval_cold, op_batch, eval_unchanged, eval_teardown_cold };
    assert_true(oom_check(&bc) > 3);
    oom_case b = { setup_eval, op_batch, eval_unchanged, eval_teardown };
    assert_int_equal(oom_check(&b), 0);
    clm_discount_engine_free(g_engine);
    clm_discount_policy_free(g_policy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_documents),
        cmocka_unit_test(test_batch_matches_evaluate),
        cmocka_unit_test(test_many_categories_one_test),
        cmocka_unit_test(test_concurrent_evaluation),
        cmocka_unit_test(test_concurrent_mixed_pricing),
        cmocka_unit_test(test_oom_evaluate),
        cmocka_unit_test(test_oom_amount_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
