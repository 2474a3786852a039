/*
 * validate_internal.h — the findings list shared by the discount policy
 * validator (validate.c) and the price-list checks (price_validate.c).
 * Not installed; nothing here is exported.
 */
#ifndef CLM_DISCOUNT_VALIDATE_INTERNAL_H
#define CLM_DISCOUNT_VALIDATE_INTERNAL_H

#include "clm/discount_validate.h"

/* An empty list, or NULL when out of memory (nothing recorded). */
clm_discount_findings *clm_discount__findings_new(void);
/* Appends a finding with copies of the strings (rule, other, subject may
 * be NULL). The list is ordered by rule_key, then kind, other_key and seq
 * when sorted. CLM_ENOMEM (recorded) leaves the list as it was. */
int clm_discount__findings_add(clm_discount_findings *f, clm_discount_finding_kind kind,
                               const char *rule, const char *other, const char *subject,
                               size_t rule_key, size_t other_key, size_t seq, const char *msg);
/* Sorts the list into its documented order. */
void clm_discount__findings_sort(clm_discount_findings *f);

#endif
