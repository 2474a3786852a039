/*
 * fact.c — the facts category conditions test: names, kinds, defaults.
 */
#include <string.h>

#include "category_internal.h"

static const struct {
    const char *name;
    clm_category__fact_kind kind;
} facts[] = {
    [CLM_FACT_TURNOVER] = { "turnover", CLM__KIND_MONEY },
    [CLM_FACT_MARGIN] = { "margin", CLM__KIND_MONEY },
    [CLM_FACT_TENURE_DAYS] = { "tenure-days", CLM__KIND_NUMBER },
    [CLM_FACT_DAYS_SINCE_PURCHASE] = { "days-since-purchase", CLM__KIND_NUMBER },
    [CLM_FACT_CLIENT_SINCE] = { "client-since", CLM__KIND_DATE },
    [CLM_FACT_LAST_PURCHASE] = { "last-purchase", CLM__KIND_DATE },
    [CLM_FACT_ABC] = { "abc", CLM__KIND_CLASS },
    [CLM_FACT_XYZ] = { "xyz", CLM__KIND_CLASS },
    [CLM_FACT_RFM_R] = { "rfm-r", CLM__KIND_NUMBER },
    [CLM_FACT_RFM_F] = { "rfm-f", CLM__KIND_NUMBER },
    [CLM_FACT_RFM_M] = { "rfm-m", CLM__KIND_NUMBER },
    [CLM_FACT_RFM_CELL] = { "rfm-cell", CLM__KIND_NUMBER },
    [CLM_FACT_RISK_CLASS] = { "risk-class", CLM__KIND_TEXT },
    [CLM_FACT_REGION] = { "region", CLM__KIND_TEXT },
    [CLM_FACT_LEGAL_TYPE] = { "legal-type", CLM__KIND_TEXT },
    [CLM_FACT_STATE] = { "state", CLM__KIND_TEXT },
};

clm_category__fact_kind clm_category__fact_kind_of(int fact)
{
    if (fact < CLM_FACT_TURNOVER || fact > CLM__FACT_LAST)
        return 0;
    return facts[fact].kind;
}

const char *clm_fact_name(clm_fact fact)
{
    if ((int)fact < CLM_FACT_TURNOVER || (int)fact > CLM__FACT_LAST)
        return NULL;
    return facts[fact].name;
}

int clm_fact_from_name(clm_fact *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "fact: %s is NULL", out == NULL ? "out" : "name");
    for (int f = CLM_FACT_TURNOVER; f <= CLM__FACT_LAST; f++) {
        if (strcmp(facts[f].name, name) == 0) {
            *out = (clm_fact)f;
            return CLM_OK;
        }
    }
    return clm_core__fail_at(CLM_ENOTFOUND, "fact", "", 0, "fact: no fact named '%s'", name);
}

int clm_category_facts_init(clm_category_facts *f)
{
    if (f == NULL)
        return clm_core__fail(CLM_EINVAL, "category facts: NULL");
    *f = (clm_category_facts)CLM_CATEGORY_FACTS_INIT;
    return CLM_OK;
}

int clm_category__check_name(const char *name, size_t max, const char *what)
{
    if (name == NULL)
        return clm_core__fail_at(CLM_EINVAL, what, "", 0, "%s is NULL", what);
    size_t len = strlen(name);
    if (len == 0 || len > max)
        return clm_core__fail_at(CLM_EINVAL, what, "", 0, "%s '%.80s' must have 1 to %zu bytes",
                            what, name, max);
    return clm_core__check_textn(name, len, CLM_CORE__TEXT_ID, what);
}
