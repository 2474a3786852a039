/*
 * model_result.c — the explained result of a scoring (clm/credit_model.h):
 * the inputs used, every ratio and term, the score, the probability, the
 * band and its meaning; its text form; and every built-in model at once.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clm/money.h"
#include "model_internal.h"

struct clm_credit_result {
    char *model, *source, *band, *meaning;
    clm_credit_kind kind;
    double constant, score, probability, banded;
    clm_credit_band level;
    size_t nratios;
    clm_credit_ratio_value *ratios;
    char **names;       /* ratio names (ratios[i].name points here) */
    char **defs;        /* "1200 -1500 / 1600" */
    size_t ninputs;
    clm_credit_input *inputs;
};

void clm_credit_result_free(clm_credit_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nratios; i++) {
        if (r->names != NULL)
            clm_core__free(r->names[i]);
        if (r->defs != NULL)
            clm_core__free(r->defs[i]);
    }
    clm_core__free(r->names);
    clm_core__free(r->defs);
    clm_core__free(r->ratios);
    clm_core__free(r->inputs);
    clm_core__free(r->model);
    clm_core__free(r->source);
    clm_core__free(r->band);
    clm_core__free(r->meaning);
    clm_core__free(r);
}

static char *definition(const clm_credit__ratio *q)
{
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_credit__items_put(&b, q->num, q->nnum);
    if (q->nden > 0) {
        clm_core__buf_puts(&b, " / ");
        clm_credit__items_put(&b, q->den, q->nden);
    }
    char *s = NULL;
    if (clm_core__buf_finish(&b, &s, NULL) != 0)
        return NULL;
    return s;
}

int clm_credit_model_score(clm_credit_result **out, const clm_credit_model *m,
                           const clm_credit_statements *st)
{
    if (out == NULL || m == NULL || st == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_score: %s is NULL",
                              out == NULL ? "out" : m == NULL ? "model" : "statements");
    clm_credit__eval *ev = clm_core__malloc(sizeof *ev);
    if (ev == NULL)
        return clm_core__oom("credit result");
    int rc = clm_credit__evaluate(ev, m, st, 1);
    if (rc != CLM_OK) {
        clm_core__free(ev);
        return rc;
    }
    size_t ninputs = 0;
    for (int p = 0; p < 2; p++)
        for (int s = 0; s <= CLM_CREDIT__NLINES; s++)
            ninputs += ev->used[p][s];
    clm_credit_result *r = clm_core__calloc(1, sizeof *r);
    if (r == NULL)
        goto oom;
    const clm_credit__band *band = &m->bands[ev->band];
    r->nratios = m->nratios;
    r->ninputs = ninputs;
    r->model = clm_core__strdup(m->name);
    r->source = clm_core__strdup(m->source);
    r->band = clm_core__strdup(band->name);
    /* a built-in band's meaning in the thread's language (model_builtin.c) */
    r->meaning = clm_core__strdup(clm_core__tr(band->meaning));
    r->ratios = clm_core__calloc(m->nratios, sizeof *r->ratios);
    r->names = clm_core__calloc(m->nratios, sizeof *r->names);
    r->defs = clm_core__calloc(m->nratios, sizeof *r->defs);
    r->inputs = ninputs > 0 ? clm_core__calloc(ninputs, sizeof *r->inputs) : NULL;
    if (r->model == NULL || r->source == NULL || r->band == NULL || r->meaning == NULL ||
        r->ratios == NULL || r->names == NULL || r->defs == NULL ||
        (ninputs > 0 && r->inputs == NULL))
        goto oom;
    for (size_t i = 0; i < m->nratios; i++) {
        if ((r->names[i] = clm_core__strdup(m->ratios[i].name)) == NULL ||
            (r->defs[i] = definition(&m->ratios[i])) == NULL)
            goto oom;
        clm_credit_ratio_value *v = &r->ratios[i];
        v->name = r->names[i];
        v->given = ev->given[i];
        v->numerator = ev->num[i];
        v->denominator = ev->den[i];
        v->value = ev->values[i];
        v->coefficient = m->ratios[i].coef;
        v->term = ev->terms[i];
    }
    size_t k = 0;
    for (int p = 0; p < 2; p++)
        for (int s = 0; s <= CLM_CREDIT__NLINES; s++)
            if (ev->used[p][s]) {
                clm_credit_input *in = &r->inputs[k++];
                in->line = s == CLM_CREDIT__SLOT_MVE ? CLM_CREDIT_LINE_MVE : clm_credit__codes[s];
                in->period = (clm_credit_period)p;
                in->amount.amount = ev->read[p][s];
                memcpy(in->amount.currency, st->currency, sizeof in->amount.currency);
            }
    r->kind = m->kind;
    r->constant = m->constant;
    r->score = ev->score;
    r->probability = ev->probability;
    r->banded = ev->banded;
    r->level = band->level;
    clm_core__free(ev);
    *out = r;
    return CLM_OK;
oom:
    clm_core__free(ev);
    clm_credit_result_free(r);
    return clm_core__oom("credit result");
}

int clm_credit_result_summary(clm_credit_summary *out, const clm_credit_result *r)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_result_summary: %s is NULL",
                              out == NULL ? "out" : "result");
    out->model = r->model;
    out->source = r->source;
    out->kind = r->kind;
    out->constant = r->constant;
    out->score = r->score;
    out->has_probability = r->kind != CLM_CREDIT_LINEAR;
    out->probability = r->probability;
    out->banded = r->banded;
    out->level = r->level;
    out->band = r->band;
    out->meaning = r->meaning;
    return CLM_OK;
}

size_t clm_credit_result_ratio_count(const clm_credit_result *r)
{
    return r != NULL ? r->nratios : 0;
}

int clm_credit_result_ratio(clm_credit_ratio_value *out, const clm_credit_result *r, size_t i)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_result_ratio: %s is NULL",
                              out == NULL ? "out" : "result");
    if (i >= r->nratios)
        return clm_core__fail(CLM_ERANGE, "clm_credit_result_ratio: ratio %zu of %zu", i,
                              r->nratios);
    *out = r->ratios[i];
    return CLM_OK;
}

size_t clm_credit_result_input_count(const clm_credit_result *r)
{
    return r != NULL ? r->ninputs : 0;
}

int clm_credit_result_input(clm_credit_input *out, const clm_credit_result *r, size_t i)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_result_input: %s is NULL",
                              out == NULL ? "out" : "result");
    if (i >= r->ninputs)
        return clm_core__fail(CLM_ERANGE, "clm_credit_result_input: input %zu of %zu", i,
                              r->ninputs);
    *out = r->inputs[i];
    return CLM_OK;
}

static const char *kind_name(clm_credit_kind k)
{
    return k == CLM_CREDIT_PROBIT ? clm_core__tr("probit")
           : k == CLM_CREDIT_LOGIT ? clm_core__tr("logit") : clm_core__tr("linear");
}

static void put_num(clm_core__buf *b, double x)
{
    char s[48];
    clm_credit__fixed(s, x, 6);
    clm_core__buf_puts(b, s);
}

int clm_credit_result_format(char **out, size_t *len, const clm_credit_result *r)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_result_format: %s is NULL",
                              out == NULL ? "out" : "result");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_printf(&b, clm_core__tr("model: %s (%s)\n"), r->model, kind_name(r->kind));
    if (r->source[0] != '\0')
        clm_core__buf_printf(&b, clm_core__tr("source: %s\n"), r->source);
    if (r->ninputs > 0)
        clm_core__buf_puts(&b, clm_core__tr("inputs:\n"));
    for (size_t i = 0; i < r->ninputs; i++) {
        const clm_credit_input *in = &r->inputs[i];
        char m[CLM_CORE__TEXT_VALUE_MAX], code[sizeof in->amount.currency + 1];
        memcpy(code, in->amount.currency, sizeof in->amount.currency);
        code[sizeof in->amount.currency] = '\0';
        clm_core__money_text(m, sizeof m, in->amount.amount, code);
        if (in->line == CLM_CREDIT_LINE_MVE)
            clm_core__buf_printf(&b, clm_core__tr("  market value of equity  %s\n"), m);
        else
            clm_core__buf_printf(&b, clm_core__tr("  %-7s line %d  %s\n"),
                                 in->period == CLM_CREDIT_CURRENT ? clm_core__tr("current") : clm_core__tr("prior"), in->line,
                                 m);
    }
    clm_core__buf_puts(&b, clm_core__tr("ratios:\n"));
    for (size_t i = 0; i < r->nratios; i++) {
        const clm_credit_ratio_value *v = &r->ratios[i];
        clm_core__buf_printf(&b, "  %s = ", v->name);
        if (v->given) {
            clm_core__buf_puts(&b, clm_core__tr("given directly"));
        } else {
            clm_core__buf_printf(&b, "%s = ", r->defs[i]);
            put_num(&b, v->numerator);
            if (strchr(r->defs[i], '/') != NULL) {
                clm_core__buf_puts(&b, " / ");
                put_num(&b, v->denominator);
            }
        }
        clm_core__buf_puts(&b, " = ");
        put_num(&b, v->value);
        clm_core__buf_puts(&b, "\n");
    }
    clm_core__buf_puts(&b, clm_core__tr("terms:\n  constant "));
    put_num(&b, r->constant);
    clm_core__buf_puts(&b, "\n");
    for (size_t i = 0; i < r->nratios; i++) {
        const clm_credit_ratio_value *v = &r->ratios[i];
        char c[32];
        clm_credit__dtoa(c, v->coefficient);
        clm_core__buf_printf(&b, "  %s x %s = ", c, v->name);
        put_num(&b, v->term);
        clm_core__buf_puts(&b, "\n");
    }
    clm_core__buf_puts(&b, clm_core__tr("score: "));
    put_num(&b, r->score);
    clm_core__buf_puts(&b, "\n");
    if (r->kind != CLM_CREDIT_LINEAR) {
        clm_core__buf_puts(&b, clm_core__tr("probability: "));
        put_num(&b, r->probability);
        clm_core__buf_puts(&b, "\n");
    }
    if (r->banded != r->score && r->kind == CLM_CREDIT_LINEAR) {
        clm_core__buf_puts(&b, clm_core__tr("banded on the score without the constant: "));
        put_num(&b, r->banded);
        clm_core__buf_puts(&b, "\n");
    }
    clm_core__buf_printf(&b, clm_core__tr("band: %s (%s)"), r->band, clm_credit_band_name(r->level));
    if (r->meaning[0] != '\0')
        clm_core__buf_printf(&b, ": %s", r->meaning);
    clm_core__buf_puts(&b, "\n");
    return clm_core__buf_finish(&b, out, len) == 0 ? CLM_OK : clm_core__oom("credit result text");
}

/* ---- every built-in model at once ------------------------------------------- */

typedef struct entry {
    clm_credit_result *result;
    int error;
    char *message;
} entry;

struct clm_credit_results {
    size_t n;
    entry e[CLM_CREDIT_BUILTIN_COUNT];
};

void clm_credit_results_free(clm_credit_results *rs)
{
    if (rs == NULL)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        clm_credit_result_free(rs->e[i].result);
        clm_core__free(rs->e[i].message);
    }
    clm_core__free(rs);
}

int clm_credit_score_builtins(clm_credit_results **out, const clm_credit_statements *st,
                              const clm_credit_model_options *opts)
{
    if (out == NULL || st == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_score_builtins: %s is NULL",
                              out == NULL ? "out" : "statements");
    clm_credit_results *rs = clm_core__calloc(1, sizeof *rs);
    if (rs == NULL)
        return clm_core__oom("credit results");
    int rc = CLM_OK;
    for (int i = 0; i < CLM_CREDIT_BUILTIN_COUNT && rc == CLM_OK; i++) {
        clm_credit_model *m = NULL;
        rc = clm_credit_model_builtin(&m, (clm_credit_builtin)i, opts);
        if (rc != CLM_OK)
            break;
        entry *e = &rs->e[rs->n++];
        rc = clm_credit_model_score(&e->result, m, st);
        clm_credit_model_free(m);
        if (rc != CLM_OK && rc != CLM_ENOMEM) {
            e->error = rc;
            e->message = clm_core__strdup(clm_error_last()->message);
            rc = e->message != NULL ? CLM_OK : clm_core__oom("credit results");
        }
    }
    if (rc != CLM_OK) {
        clm_credit_results_free(rs);
        return rc;
    }
    *out = rs;
    return CLM_OK;
}

size_t clm_credit_results_count(const clm_credit_results *rs)
{
    return rs != NULL ? rs->n : 0;
}

const clm_credit_result *clm_credit_results_get(const clm_credit_results *rs, size_t i,
                                                int *error, const char **message)
{
    if (rs == NULL || i >= rs->n) {
        if (error != NULL)
            *error = CLM_EINVAL;
        if (message != NULL)
            *message = "no such entry";
        return NULL;
    }
    if (error != NULL)
        *error = rs->e[i].error;
    if (message != NULL)
        *message = rs->e[i].message;
    return rs->e[i].result;
}

int clm_credit_results_bands(clm_credit_band *out, size_t cap, size_t *count,
                             const clm_credit_results *rs)
{
    if (rs == NULL || count == NULL || (out == NULL && cap > 0))
        return clm_core__fail(CLM_EINVAL, "clm_credit_results_bands: %s is NULL",
                              rs == NULL ? "results" : count == NULL ? "count" : "out");
    size_t n = 0;
    for (size_t i = 0; i < rs->n; i++)
        n += rs->e[i].result != NULL;
    if (out == NULL) { /* the size query */
        *count = n;
        return CLM_OK;
    }
    if (n > cap)
        return clm_core__fail(CLM_EBUFSIZE, "clm_credit_results_bands: %zu bands, room for %zu",
                              n, cap);
    size_t k = 0;
    for (size_t i = 0; i < rs->n; i++)
        if (rs->e[i].result != NULL)
            out[k++] = rs->e[i].result->level;
    *count = n;
    return CLM_OK;
}
