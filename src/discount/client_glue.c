/*
 * client_glue.c — a discount document's client part from a client record
 * (discount_client.h).
 */
#include "clm/discount_client.h"
#include "core/core.h"

int clm_discount_client_from_client(clm_discount_client *out, const char **categories, size_t capacity,
                                    const clm_client *c)
{
    if (out == NULL || c == NULL || (categories == NULL && capacity > 0))
        return clm_core__fail(CLM_EINVAL, "clm_discount_client_from_client: %s is NULL",
                              out == NULL ? "out" : c == NULL ? "client" : "categories");
    size_t n = clm_client_category_count(c);
    if (n > capacity)
        return clm_core__fail_at(CLM_EBUFSIZE, "categories", "", 0,
                                 "clm_discount_client_from_client: client '%s' has %zu categories, the array "
                                 "holds %zu",
                                 clm_client_id(c), n, capacity);
    for (size_t i = 0; i < n; i++)
        categories[i] = clm_client_category_at(c, i);
    const char *region = clm_client_text_get(c, CLM_CLIENT_REGION);
    clm_date since = clm_client_date_get(c, CLM_CLIENT_FIRST_DEAL);
    out->id = clm_client_id(c);
    out->legal_type = clm_legal_type_name(clm_client_legal_type(c));
    out->region = region != NULL && region[0] != '\0' ? region : NULL;
    out->since = since == CLM_CLIENT_NO_DATE ? CLM_DISCOUNT_NO_DATE : since;
    out->categories = n > 0 ? categories : NULL;
    out->category_count = n;
    return CLM_OK;
}
