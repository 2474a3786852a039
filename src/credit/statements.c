/*
 * statements.c — a client's financial statements by line code
 * (clm/credit_model.h). The codes are those of the Russian balance sheet
 * and income statement forms (Order of the Ministry of Finance of Russia
 * No. 66n of 2 July 2010); docs/rules.md, "Financial-standing models".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clm/money.h"
#include "model_internal.h"

const int clm_credit__codes[CLM_CREDIT__NLINES] = {
    1100, 1200, 1210, 1220, 1230, 1240, 1250, 1300, 1370, 1400, 1500, 1510,
    1520, 1600, 1700, 2110, 2120, 2200, 2210, 2220, 2300, 2330, 2400,
};

_Static_assert(sizeof clm_credit__codes / sizeof clm_credit__codes[0] == CLM_CREDIT__NLINES,
               "one slot per line code");

static int cmp_code(const void *key, const void *elem)
{
    int a = *(const int *)key, b = *(const int *)elem;
    return (a > b) - (a < b);
}

int clm_credit__slot(int line)
{
    if (line == CLM_CREDIT_LINE_MVE)
        return CLM_CREDIT__SLOT_MVE;
    size_t i = clm_core__lower_bound(&line, clm_credit__codes, CLM_CREDIT__NLINES,
                                     sizeof(int), cmp_code);
    return i < CLM_CREDIT__NLINES && clm_credit__codes[i] == line ? (int)i : -1;
}

/* The 1600/1700 substitution (model_evaluate.c) reads these two slots. */
_Static_assert(CLM_CREDIT__SLOT_1600 == 13 && CLM_CREDIT__SLOT_1700 == 14, "slots of 1600, 1700");

int clm_credit_line_known(int line)
{
    return line != CLM_CREDIT_LINE_MVE && clm_credit__slot(line) >= 0;
}

int clm_credit_statements_new(clm_credit_statements **out, const char *currency)
{
    if (out == NULL || currency == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_statements_new: %s is NULL",
                              out == NULL ? "out" : "currency");
    clm_currency cur;
    int rc = clm_currency_find(&cur, currency);
    if (rc != CLM_OK)
        return rc;
    clm_credit_statements *st = clm_core__calloc(1, sizeof *st);
    if (st == NULL)
        return clm_core__oom("credit statements");
    memcpy(st->currency, cur.code, sizeof st->currency);
    st->exponent = cur.exponent;
    *out = st;
    return CLM_OK;
}

void clm_credit_statements_free(clm_credit_statements *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->ngiven; i++)
        clm_core__free(st->given[i].name);
    clm_core__free(st->given);
    clm_core__free(st);
}

const char *clm_credit_statements_currency(const clm_credit_statements *st)
{
    return st != NULL ? st->currency : NULL;
}

static int check_line(const clm_credit_statements *st, clm_credit_period period, int line,
                      const char *fn)
{
    if (st == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: statements are NULL", fn);
    if (period != CLM_CREDIT_CURRENT && period != CLM_CREDIT_PRIOR)
        return clm_core__fail(CLM_EINVAL, "%s: period %d is neither current (0) nor prior (1)",
                              fn, (int)period);
    if (!clm_credit_line_known(line))
        return clm_core__fail(CLM_EINVAL, "%s: line %d is not a balance-sheet or"
                              " income-statement line libclm knows (1100 ... 2400)", fn, line);
    return CLM_OK;
}

/* line 0: the market value of equity. */
static int check_amount(const clm_credit_statements *st, const clm_money *amount,
                        const char *fn, int line)
{
    if (amount == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: amount is NULL", fn);
    if (strncmp(amount->currency, st->currency, sizeof st->currency) != 0) {
        if (line == 0)
            return clm_core__fail(CLM_ECURRENCY, "%s: the market value of equity is in '%.3s';"
                                  " the statements are in %s", fn, amount->currency,
                                  st->currency);
        return clm_core__fail(CLM_ECURRENCY, "%s: line %d is in '%.3s'; the statements are in"
                              " %s", fn, line, amount->currency, st->currency);
    }
    return CLM_OK;
}

int clm_credit_statements_set(clm_credit_statements *st, clm_credit_period period, int line,
                              const clm_money *amount)
{
    int rc = check_line(st, period, line, "clm_credit_statements_set");
    if (rc != CLM_OK)
        return rc;
    if ((rc = check_amount(st, amount, "clm_credit_statements_set", line)) != CLM_OK)
        return rc;
    int s = clm_credit__slot(line);
    st->amount[period][s] = amount->amount;
    st->present[period][s] = 1;
    return CLM_OK;
}

int clm_credit_statements_get(clm_money *out, const clm_credit_statements *st,
                              clm_credit_period period, int line)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_statements_get: out is NULL");
    int rc = check_line(st, period, line, "clm_credit_statements_get");
    if (rc != CLM_OK)
        return rc;
    int s = clm_credit__slot(line);
    if (!st->present[period][s])
        return clm_core__fail(CLM_ENOTFOUND, "credit statements: line %d of the %s period is"
                              " not given", line, period == CLM_CREDIT_CURRENT ? "current"
                                                                               : "prior");
    out->amount = st->amount[period][s];
    memcpy(out->currency, st->currency, sizeof out->currency);
    return CLM_OK;
}

int clm_credit_statements_unset(clm_credit_statements *st, clm_credit_period period, int line)
{
    int rc = check_line(st, period, line, "clm_credit_statements_unset");
    if (rc != CLM_OK)
        return rc;
    int s = clm_credit__slot(line);
    st->present[period][s] = 0;
    st->amount[period][s] = 0;
    return CLM_OK;
}

int clm_credit_statements_set_market_equity(clm_credit_statements *st, const clm_money *amount)
{
    if (st == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_statements_set_market_equity: statements"
                              " are NULL");
    int rc = check_amount(st, amount, "clm_credit_statements_set_market_equity", 0);
    if (rc != CLM_OK)
        return rc;
    st->mve = amount->amount;
    st->has_mve = 1;
    return CLM_OK;
}

const clm_credit__given *clm_credit__given_find(const clm_credit_statements *st, const char *name)
{
    for (size_t i = 0; i < st->ngiven; i++)
        if (clm_core__streq(st->given[i].name, name))
            return &st->given[i];
    return NULL;
}

int clm_credit_statements_set_ratio(clm_credit_statements *st, const char *name, double value)
{
    if (st == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_statements_set_ratio: %s is NULL",
                              st == NULL ? "statements" : "name");
    int rc = clm_core__check_text(name, CLM_CORE__TEXT_ID, "ratio name");
    if (rc != CLM_OK)
        return rc;
    if (!isfinite(value))
        return clm_core__fail(CLM_EINVAL, "clm_credit_statements_set_ratio: ratio '%s' is not"
                              " a finite number", name);
    clm_credit__given *g = (clm_credit__given *)clm_credit__given_find(st, name);
    if (g != NULL) {
        g->value = value;
        return CLM_OK;
    }
    if (st->ngiven == CLM_CREDIT_RATIOS_MAX)
        return clm_core__fail(CLM_ELIMIT, "clm_credit_statements_set_ratio: more than %d ratios",
                              CLM_CREDIT_RATIOS_MAX);
    char *copy = clm_core__strdup(name);
    if (copy == NULL)
        return clm_core__oom("credit statements: ratio name");
    rc = clm_core__grow((void **)&st->given, &st->cap, st->ngiven + 1, sizeof *st->given,
                        "credit statements: ratios");
    if (rc != CLM_OK) {
        clm_core__free(copy);
        return rc;
    }
    st->given[st->ngiven].name = copy;
    st->given[st->ngiven].value = value;
    st->ngiven++;
    return CLM_OK;
}
