/* currency.h — internal currency lookup. */
#ifndef CLM_CURRENCY_INTERNAL_H
#define CLM_CURRENCY_INTERNAL_H

#include "clm/money.h"

/* The table entry for `code` (exactly 3 upper-case letters + NUL), or NULL. */
const clm_currency *clm_core__currency_get(const char *code);

#endif
