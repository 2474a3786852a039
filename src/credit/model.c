/*
 * model.c — a scoring model: named ratios with coefficients, a constant and
 * bands (clm/credit_model.h). The built-in models are made with these same
 * calls (model_builtin.c), so a built-in model and one loaded from XML
 * score by the same code.
 */
#include <math.h>
#include <string.h>

#include "model_internal.h"

int clm_credit_model_options_init(clm_credit_model_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_options_init: opts is NULL");
    clm_credit_model_options d = CLM_CREDIT_MODEL_OPTIONS_INIT;
    *opts = d;
    return CLM_OK;
}

int clm_credit_model_new(clm_credit_model **out, const char *name, clm_credit_kind kind)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_new: %s is NULL",
                              out == NULL ? "out" : "name");
    int rc = clm_core__check_text(name, CLM_CORE__TEXT_ID, "model name");
    if (rc != CLM_OK)
        return rc;
    if (kind != CLM_CREDIT_LINEAR && kind != CLM_CREDIT_PROBIT && kind != CLM_CREDIT_LOGIT)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_new: kind %d is not linear (1),"
                              " probit (2) or logit (3)", (int)kind);
    clm_credit_model *m = clm_core__calloc(1, sizeof *m);
    char *n = clm_core__strdup(name);
    char *s = clm_core__strdup("");
    if (m == NULL || n == NULL || s == NULL) {
        clm_core__free(m);
        clm_core__free(n);
        clm_core__free(s);
        return clm_core__oom("credit model");
    }
    m->name = n;
    m->source = s;
    m->kind = kind;
    m->band_on = kind == CLM_CREDIT_LINEAR ? CLM_CREDIT_BAND_SCORE : CLM_CREDIT_BAND_PROBABILITY;
    *out = m;
    return CLM_OK;
}

void clm_credit_model_free(clm_credit_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nratios; i++)
        clm_core__free(m->ratios[i].name);
    clm_core__free(m->ratios);
    for (size_t i = 0; i < m->nbands; i++) {
        clm_core__free(m->bands[i].name);
        clm_core__free(m->bands[i].meaning);
    }
    clm_core__free(m->name);
    clm_core__free(m->source);
    clm_core__free(m);
}

int clm_credit_model_set_constant(clm_credit_model *m, double constant)
{
    if (m == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_set_constant: model is NULL");
    if (!isfinite(constant))
        return clm_core__fail(CLM_EINVAL, "credit model '%s': the constant is not a finite"
                              " number", m->name);
    m->constant = constant;
    return CLM_OK;
}

int clm_credit_model_set_band_on(clm_credit_model *m, clm_credit_band_on on)
{
    if (m == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_set_band_on: model is NULL");
    if (on != CLM_CREDIT_BAND_SCORE && on != CLM_CREDIT_BAND_SCORE_NO_CONSTANT &&
        on != CLM_CREDIT_BAND_PROBABILITY)
        return clm_core__fail(CLM_EINVAL, "credit model '%s': bands cannot read %d", m->name,
                              (int)on);
    if (on == CLM_CREDIT_BAND_PROBABILITY && m->kind == CLM_CREDIT_LINEAR)
        return clm_core__fail(CLM_EINVAL, "credit model '%s': a linear model has no"
                              " probability for its bands to read", m->name);
    m->band_on = on;
    return CLM_OK;
}

int clm_credit_model_set_source(clm_credit_model *m, const char *source)
{
    if (m == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_set_source: model is NULL");
    int rc = clm_core__check_text(source, CLM_CORE__TEXT_LINE, "model source");
    if (rc != CLM_OK)
        return rc;
    char *s = clm_core__strdup(source != NULL ? source : "");
    if (s == NULL)
        return clm_core__oom("credit model: source");
    clm_core__free(m->source);
    m->source = s;
    return CLM_OK;
}

static int check_items(const clm_credit_model *m, const char *ratio, const char *side,
                       const clm_credit_item *items, size_t n, size_t min)
{
    if (n < min || n > CLM_CREDIT_ITEMS_MAX)
        return clm_core__fail(CLM_EINVAL, "credit model '%s', ratio '%s': the %s has %zu items"
                              " (%zu to %d allowed)", m->name, ratio, side, n, min,
                              CLM_CREDIT_ITEMS_MAX);
    if (n > 0 && items == NULL)
        return clm_core__fail(CLM_EINVAL, "credit model '%s', ratio '%s': the %s is NULL",
                              m->name, ratio, side);
    for (size_t i = 0; i < n; i++)
        if (clm_credit__slot(items[i].line) < 0)
            return clm_core__fail(CLM_EINVAL, "credit model '%s', ratio '%s': the %s names line"
                                  " %d, which is not a statement line libclm knows", m->name,
                                  ratio, side, items[i].line);
    return CLM_OK;
}

int clm_credit_model_add_ratio(clm_credit_model *m, const char *name, double coefficient,
                               const clm_credit_item *num, size_t nnum,
                               const clm_credit_item *den, size_t nden)
{
    if (m == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_add_ratio: %s is NULL",
                              m == NULL ? "model" : "name");
    int rc = clm_core__check_text(name, CLM_CORE__TEXT_ID, "ratio name");
    if (rc != CLM_OK)
        return rc;
    if (!isfinite(coefficient))
        return clm_core__fail(CLM_EINVAL, "credit model '%s', ratio '%s': the coefficient is"
                              " not a finite number", m->name, name);
    if ((rc = check_items(m, name, "numerator", num, nnum, 1)) != CLM_OK ||
        (rc = check_items(m, name, "denominator", den, nden, 0)) != CLM_OK)
        return rc;
    for (size_t i = 0; i < m->nratios; i++)
        if (strcmp(m->ratios[i].name, name) == 0)
            return clm_core__fail(CLM_EEXISTS, "credit model '%s': ratio '%s' is defined twice",
                                  m->name, name);
    if (m->nratios == CLM_CREDIT_RATIOS_MAX)
        return clm_core__fail(CLM_ELIMIT, "credit model '%s': more than %d ratios", m->name,
                              CLM_CREDIT_RATIOS_MAX);
    char *copy = clm_core__strdup(name);
    if (copy == NULL)
        return clm_core__oom("credit model: ratio");
    if ((rc = clm_core__grow((void **)&m->ratios, &m->cap, m->nratios + 1, sizeof *m->ratios,
                             "credit model: ratios")) != CLM_OK) {
        clm_core__free(copy);
        return rc;
    }
    clm_credit__ratio *r = &m->ratios[m->nratios];
    memset(r, 0, sizeof *r);
    r->name = copy;
    r->coef = coefficient;
    r->nnum = (uint8_t)nnum;
    r->nden = (uint8_t)nden;
    for (size_t i = 0; i < nnum; i++) {
        r->num[i] = num[i];
        r->num[i].negate = num[i].negate != 0;
        r->num[i].average = num[i].average != 0;
        r->num_slot[i] = (signed char)clm_credit__slot(num[i].line);
    }
    for (size_t i = 0; i < nden; i++) {
        r->den[i] = den[i];
        r->den[i].negate = den[i].negate != 0;
        r->den[i].average = den[i].average != 0;
        r->den_slot[i] = (signed char)clm_credit__slot(den[i].line);
    }
    m->coefs[m->nratios] = coefficient;
    m->nratios++;
    return CLM_OK;
}

int clm_credit_model_add_band(clm_credit_model *m, const char *name, clm_credit_band level,
                              double upper, int upper_inclusive, const char *meaning)
{
    if (m == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_add_band: %s is NULL",
                              m == NULL ? "model" : "name");
    int rc;
    if ((rc = clm_core__check_text(name, CLM_CORE__TEXT_ID, "band name")) != CLM_OK ||
        (rc = clm_core__check_text(meaning, CLM_CORE__TEXT_LINE, "band meaning")) != CLM_OK)
        return rc;
    if (clm_credit_band_name(level) == NULL)
        return clm_core__fail(CLM_EINVAL, "credit model '%s', band '%s': level %d is not"
                              " distress (1), grey (2) or safe (3)", m->name, name, (int)level);
    if (m->closed)
        return clm_core__fail(CLM_EINVAL, "credit model '%s', band '%s': the bands are closed"
                              " already (the last one is open upwards)", m->name, name);
    if (isnan(upper) || upper == -INFINITY ||
        (upper != INFINITY && fabs(upper) >= CLM_CREDIT__BOUND_MAX))
        return clm_core__fail(CLM_EINVAL, "credit model '%s', band '%s': the upper bound is not"
                              " a number below %g in magnitude, nor +infinity", m->name, name,
                              CLM_CREDIT__BOUND_MAX);
    int64_t un = upper == INFINITY ? INT64_MAX : clm_credit__nano(upper);
    /* Strictly above the previous bound; equal only for a one-point band
     * after an exclusive bound (the two-factor model's 0 itself). */
    if (m->nbands > 0 &&
        (un < m->upper_nano[m->nbands - 1] ||
         (un == m->upper_nano[m->nbands - 1] &&
          (m->inclusive[m->nbands - 1] || !upper_inclusive))))
        return clm_core__fail(CLM_EINVAL, "credit model '%s', band '%s': its upper bound %.9g is"
                              " not above the previous band's %.9g (bands are added upwards)",
                              m->name, name, upper, m->bands[m->nbands - 1].upper);
    for (size_t i = 0; i < m->nbands; i++)
        if (strcmp(m->bands[i].name, name) == 0)
            return clm_core__fail(CLM_EEXISTS, "credit model '%s': band '%s' is defined twice",
                                  m->name, name);
    if (m->nbands == CLM_CREDIT_BANDS_MAX)
        return clm_core__fail(CLM_ELIMIT, "credit model '%s': more than %d bands", m->name,
                              CLM_CREDIT_BANDS_MAX);
    char *n = clm_core__strdup(name);
    char *t = clm_core__strdup(meaning != NULL ? meaning : "");
    if (n == NULL || t == NULL) {
        clm_core__free(n);
        clm_core__free(t);
        return clm_core__oom("credit model: band");
    }
    clm_credit__band *b = &m->bands[m->nbands];
    b->name = n;
    b->meaning = t;
    b->level = level;
    b->upper = upper;
    b->inclusive = upper_inclusive != 0;
    m->upper_nano[m->nbands] = un;
    m->inclusive[m->nbands] = (unsigned char)(upper_inclusive != 0);
    m->nbands++;
    m->closed = upper == INFINITY;
    return CLM_OK;
}

const char *clm_credit_model_name(const clm_credit_model *m)
{
    return m != NULL ? m->name : NULL;
}

const char *clm_credit_model_source(const clm_credit_model *m)
{
    return m != NULL ? m->source : NULL;
}

clm_credit_kind clm_credit_model_kind(const clm_credit_model *m)
{
    return m != NULL ? m->kind : (clm_credit_kind)0;
}
