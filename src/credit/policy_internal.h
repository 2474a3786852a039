/*
 * policy_internal.h — the credit policy's insides, shared by policy.c,
 * grade.c, limit.c, check.c and policy_xml.c. Not installed.
 */
#ifndef CLM_CREDIT_POLICY_INTERNAL_H
#define CLM_CREDIT_POLICY_INTERNAL_H

#include "clm/credit_policy.h"
#include "core/core.h"

#define CLM_CREDIT__GRADES_MAX 26

typedef struct clm_credit__formula {
    size_t grade;
    clm_credit_basis basis;
    clm_rate rate;
    int64_t amount;
} clm_credit__formula;

typedef struct clm_credit__group_limit {
    char *group;
    int64_t amount;
} clm_credit__group_limit;

struct clm_credit_policy {
    char *name;
    char currency[4];
    clm_credit_weights weights;
    char *grade[CLM_CREDIT__GRADES_MAX];
    int32_t min_score[CLM_CREDIT__GRADES_MAX];
    size_t ngrades;
    clm_credit__formula *formula;
    size_t nformula, capformula;
    clm_rounding limit_rounding;
    clm_credit__group_limit *group;
    size_t ngroup, capgroup;
    int has_default_limit;
    int64_t default_limit;
    clm_credit_check_rules check;
    char **role;
    size_t nrole, caprole;
    clm_credit_buckets buckets;
    clm_rounding reserve_rounding;
};

/* Checks ageing buckets (count, increasing limits, room for the last
 * bucket) as clm_credit_ageing_compute() needs them; `what` starts the
 * message. Not the version: callers check it. */
int clm_credit__check_buckets(const clm_credit_buckets *b, const char *what);

/* The index of grade `name`, or CLM_CREDIT__GRADES_MAX. */
size_t clm_credit__grade_find(const clm_credit_policy *p, const char *name);

#endif
