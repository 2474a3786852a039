/*
 * conversion.c — conversion from lead to client per source channel (the
 * definition is client.h's: a cohort by first-contact date, converted by a
 * first deal on or before as_of).
 */
#include <string.h>

#include "client_internal.h"

int clm_client_conversion(clm_conversion *out, size_t n, const clm_client *const *clients,
                          size_t count, clm_date first, clm_date last, clm_date as_of)
{
    if ((out == NULL && n > 0) || (clients == NULL && count > 0))
        return clm_core__fail(CLM_EINVAL, "client_conversion: NULL argument");
    if (first < CLM_DATE_MIN || first > CLM_DATE_MAX || last < CLM_DATE_MIN ||
        last > CLM_DATE_MAX || as_of < CLM_DATE_MIN || as_of > CLM_DATE_MAX)
        return clm_core__fail(CLM_ERANGE, "client_conversion: a date is out of range");
    if (first > last)
        return clm_core__fail_at(CLM_EINVAL, "first", "", 0,
                            "client_conversion: period starts after it ends");
    clm_conversion tmp[CLM_CLIENT__SOURCE_COUNT];
    memset(tmp, 0, sizeof(tmp));
    for (int ch = 0; ch < CLM_CLIENT__SOURCE_COUNT; ch++)
        tmp[ch].channel = (clm_source_channel)ch;
    for (size_t i = 0; i < count; i++) {
        const clm_client *c = clients[i];
        if (c == NULL)
            continue;
        clm_date fc = c->dates[CLM_CLIENT_FIRST_CONTACT];
        if (fc == CLM_CLIENT_NO_DATE || fc < first || fc > last)
            continue;
        clm_conversion *row = &tmp[c->source];
        row->leads++;
        clm_date fd = c->dates[CLM_CLIENT_FIRST_DEAL];
        if (fd != CLM_CLIENT_NO_DATE && fd <= as_of)
            row->converted++;
    }
    for (int ch = 0; ch < CLM_CLIENT__SOURCE_COUNT; ch++)
        tmp[ch].rate = tmp[ch].leads > 0
                           ? (double)tmp[ch].converted / (double)tmp[ch].leads : 0.0;
    for (size_t k = 0; k < n; k++) {
        if (k < (size_t)CLM_CLIENT__SOURCE_COUNT) {
            out[k] = tmp[k];
        } else {
            memset(&out[k], 0, sizeof out[k]);
            out[k].channel = CLM_SOURCE_UNKNOWN;
        }
    }
    return 0;
}
