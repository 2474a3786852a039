/*
 * names.c — the names of the discount enumerations, as the XML writes them.
 */
#include <string.h>

#include "discount_internal.h"

typedef struct name_entry {
    int value;
    const char *name;
} name_entry;

static const name_entry stackings[] = {
    { CLM_DISCOUNT_STACK_BEST_ONLY, "best-only" },
    { CLM_DISCOUNT_STACK_ADDITIVE, "additive" },
    { CLM_DISCOUNT_STACK_COMPOUNDING, "compounding" },
};

static const name_entry bases[] = {
    { CLM_DISCOUNT_MARGIN_ON_COST, "on-cost" },
    { CLM_DISCOUNT_MARGIN_ON_PRICE, "on-price" },
};

static const name_entry actions[] = {
    { CLM_DISCOUNT_PERCENT, "percent" },
    { CLM_DISCOUNT_AMOUNT_OFF_UNIT, "amount-off-unit" },
    { CLM_DISCOUNT_AMOUNT_OFF_LINE, "amount-off-line" },
    { CLM_DISCOUNT_FIXED_PRICE, "fixed-price" },
    { CLM_DISCOUNT_FREE_GOODS, "free-goods" },
    { CLM_DISCOUNT_EARLY_PAYMENT, "early-payment" },
    { CLM_DISCOUNT_SURCHARGE, "surcharge" },
    { CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT, "amount-off-document" },
};

static const name_entry coupon_matches[] = {
    { CLM_DISCOUNT_COUPON_FOLD_ASCII, "fold-ascii" },
    { CLM_DISCOUNT_COUPON_EXACT, "exact" },
};

static const name_entry conds[] = {
    { CLM_DISCOUNT_COND_CLIENT, "client" },
    { CLM_DISCOUNT_COND_CATEGORY, "category" },
    { CLM_DISCOUNT_COND_LEGAL_TYPE, "legal-type" },
    { CLM_DISCOUNT_COND_REGION, "region" },
    { CLM_DISCOUNT_COND_RISK_CLASS, "risk-class" },
    { CLM_DISCOUNT_COND_PRODUCT, "product" },
    { CLM_DISCOUNT_COND_GROUP, "group" },
    { CLM_DISCOUNT_COND_COUPON, "coupon" },
    { CLM_DISCOUNT_COND_CHANNEL, "channel" },
    { CLM_DISCOUNT_COND_LINE_QUANTITY, "line-quantity" },
    { CLM_DISCOUNT_COND_LINE_AMOUNT, "line-amount" },
    { CLM_DISCOUNT_COND_DOC_QUANTITY, "document-quantity" },
    { CLM_DISCOUNT_COND_DOC_AMOUNT, "document-amount" },
    { CLM_DISCOUNT_COND_GROUP_QUANTITY, "group-quantity" },
    { CLM_DISCOUNT_COND_GROUP_AMOUNT, "group-amount" },
    { CLM_DISCOUNT_COND_DATE, "date" },
    { CLM_DISCOUNT_COND_PREPAYMENT, "prepayment" },
    { CLM_DISCOUNT_COND_DEFERRAL, "deferral" },
    { CLM_DISCOUNT_COND_TURNOVER, "turnover" },
    { CLM_DISCOUNT_COND_TENURE, "tenure" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *find_name(const name_entry *t, size_t n, int v)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].value == v)
            return t[i].name;
    return NULL;
}

static int find_value(const void *out, int *v, const name_entry *t, size_t n,
                      const char *name, const char *what)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL argument", what);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0) {
            *v = t[i].value;
            return 0;
        }
    return clm_core__fail(CLM_ENOTFOUND, "%s: unknown name '%.64s'", what, name);
}

const char *clm_discount_stacking_name(clm_discount_stacking s)
{
    return find_name(stackings, COUNT(stackings), (int)s);
}

const char *clm_discount_margin_basis_name(clm_discount_margin_basis b)
{
    return find_name(bases, COUNT(bases), (int)b);
}

const char *clm_discount_action_name(clm_discount_action_kind k)
{
    return find_name(actions, COUNT(actions), (int)k);
}

const char *clm_discount_cond_name(clm_discount_cond_kind k)
{
    return find_name(conds, COUNT(conds), (int)k);
}

const char *clm_discount_coupon_match_name(clm_discount_coupon_match m)
{
    return find_name(coupon_matches, COUNT(coupon_matches), (int)m);
}

int clm_discount_coupon_match_from_name(clm_discount_coupon_match *out, const char *name)
{
    int v = 0;
    int rc = find_value(out, &v, coupon_matches, COUNT(coupon_matches), name,
                        "discount coupon match");
    if (rc == 0)
        *out = (clm_discount_coupon_match)v;
    return rc;
}

int clm_discount_stacking_from_name(clm_discount_stacking *out, const char *name)
{
    int v = 0;
    int rc = find_value(out, &v, stackings, COUNT(stackings), name, "discount stacking");
    if (rc == 0)
        *out = (clm_discount_stacking)v;
    return rc;
}

int clm_discount_margin_basis_from_name(clm_discount_margin_basis *out, const char *name)
{
    int v = 0;
    int rc = find_value(out, &v, bases, COUNT(bases), name, "discount margin basis");
    if (rc == 0)
        *out = (clm_discount_margin_basis)v;
    return rc;
}

int clm_discount_action_from_name(clm_discount_action_kind *out, const char *name)
{
    int v = 0;
    int rc = find_value(out, &v, actions, COUNT(actions), name, "discount action");
    if (rc == 0)
        *out = (clm_discount_action_kind)v;
    return rc;
}

int clm_discount_cond_from_name(clm_discount_cond_kind *out, const char *name)
{
    int v = 0;
    int rc = find_value(out, &v, conds, COUNT(conds), name, "discount condition");
    if (rc == 0)
        *out = (clm_discount_cond_kind)v;
    return rc;
}

int clm_discount_cond_is_set(clm_discount_cond_kind k)
{
    if (k >= CLM_DISCOUNT_COND_CLIENT && k <= CLM_DISCOUNT_COND_CHANNEL)
        return 1;
    if (k >= CLM_DISCOUNT_COND_LINE_QUANTITY && k <= CLM_DISCOUNT_COND_TENURE)
        return 0;
    return -1;
}
