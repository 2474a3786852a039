/*
 * conversion.c — conversion from lead to client per source channel (the
 * definition is client.h's: a cohort by first-contact date, converted by a
 * first deal on or before as_of).
 */
#include <string.h>

#include "client_internal.h"

int clm_client_conversion(clm_conversion out[CLM_SOURCE_COUNT_],
                          const clm_client *const *clients, size_t n,
                          clm_date first, clm_date last, clm_date as_of)
{
    if (out == NULL || (clients == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "client_conversion: NULL argument");
    if (first < CLM_DATE_MIN || first > CLM_DATE_MAX || last < CLM_DATE_MIN ||
        last > CLM_DATE_MAX || as_of < CLM_DATE_MIN || as_of > CLM_DATE_MAX)
        return clm_core__fail(CLM_ERANGE, "client_conversion: a date is out of range");
    if (first > last)
        return clm_core__fail_at(CLM_EINVAL, "first", "", 0,
                            "client_conversion: period starts after it ends");
    clm_conversion tmp[CLM_SOURCE_COUNT_];
    memset(tmp, 0, sizeof(tmp));
    for (int ch = 0; ch < CLM_SOURCE_COUNT_; ch++)
        tmp[ch].channel = (clm_source_channel)ch;
    for (size_t i = 0; i < n; i++) {
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
    for (int ch = 0; ch < CLM_SOURCE_COUNT_; ch++)
        tmp[ch].rate = tmp[ch].leads > 0
                           ? (double)tmp[ch].converted / (double)tmp[ch].leads : 0.0;
    memcpy(out, tmp, sizeof(tmp));
    return 0;
}
