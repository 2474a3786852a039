/*
 * override.c — the override of a credit check (credit_store.h): only the
 * roles the policy names, a deputy only on a day his delegation covers,
 * and one audit entry that says who, for whom, what and why.
 */
#include <stdio.h>
#include <string.h>

#include "clm/credit_store.h"
#include "policy_internal.h"

int clm_credit_override_request_init(clm_credit_override_request *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_override_request_init: NULL");
    clm_credit_override_request init = CLM_CREDIT_OVERRIDE_REQUEST_INIT;
    *r = init;
    return 0;
}

static void put_money(char *buf, size_t n, int64_t amount, const char *currency)
{
    clm_money m = { amount, { 0 } };
    memcpy(m.currency, currency, 4);
    if (clm_money_format(buf, n, &m) < 0)
        snprintf(buf, n, "%lld", (long long)amount);
}

int clm_credit_override(int64_t *out, clm_store *st, const clm_credit_policy *p,
                        const clm_credit_check *check, const clm_credit_override_request *req)
{
    if (st == NULL || p == NULL || check == NULL || req == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_override: NULL argument");
    int rc = clm_core__check_version(req->version, CLM_CREDIT_OVERRIDE_REQUEST_VERSION,
                                     "credit override request");
    if (rc < 0 || (rc = clm_actor_check(&req->who)) < 0)
        return rc;
    if ((rc = clm_core__check_text(req->order_id, CLM_CORE__TEXT_ID, "order_id")) < 0 ||
        (rc = clm_core__check_text(req->reason, CLM_CORE__TEXT_NOTE, "reason")) < 0 ||
        (req->principal != NULL &&
         (rc = clm_core__check_text(req->principal, CLM_CORE__TEXT_ID, "principal")) < 0))
        return rc;
    if (req->reason == NULL || req->reason[0] == '\0' || strlen(req->reason) > 3000)
        return clm_core__fail_at(CLM_EINVAL, "reason", NULL, 0,
                                 "credit override: a reason (1 to 3000 bytes) is required");
    if (check->decision != CLM_CREDIT_WARN && check->decision != CLM_CREDIT_BLOCK)
        return clm_core__fail(CLM_ESTATE, "credit override: the check %s the order; there is "
                              "nothing to override",
                              clm_core__tr(check->decision == CLM_CREDIT_ALLOW ? CLM_N_("allowed")
                                                                               : CLM_N_("did not decide on")));
    if (!clm_credit_policy_may_override(p, req->who.role))
        return clm_core__fail_at(CLM_EPERM, "role", NULL, 0,
                                 "credit override: role '%s' may not override a credit check "
                                 "under policy '%s'", req->who.role, p->name);
    if (req->principal != NULL && strcmp(req->principal, req->who.user) != 0) {
        int may = 0;
        if ((rc = clm_delegations_may_act(&may, req->delegations, req->who.user, req->principal,
                                          req->on)) < 0)
            return rc;
        if (!may)
            return clm_core__fail_at(CLM_EPERM, "principal", NULL, 0,
                                     "credit override: '%s' is not '%s''s deputy on that day",
                                     req->who.user, req->principal);
    }
    clm_record *order = NULL;
    if ((rc = clm_store_get(&order, st, CLM_RECORD_ORDER, req->order_id)) < 0)
        return rc;
    char exposure[CLM_MONEY_FORMAT_MAX], limit[CLM_MONEY_FORMAT_MAX];
    put_money(exposure, sizeof exposure, check->exposure, p->currency);
    put_money(limit, sizeof limit, check->limit, p->currency);
    char note[4096];
    snprintf(note, sizeof note,
             "credit override of %s (%s%s%s%s): exposure %s, limit %s, %ld days overdue; "
             "by %s as %s%s%s; reason: %s",
             clm_credit_decision_name(check->decision),
             (check->reasons & CLM_CREDIT_REASON_OVER_LIMIT) ? "over-limit " : "",
             (check->reasons & CLM_CREDIT_REASON_NEAR_LIMIT) ? "near-limit " : "",
             (check->reasons & CLM_CREDIT_REASON_OVERDUE) ? "overdue " : "",
             (check->reasons & CLM_CREDIT_REASON_LATE) ? "late " : "", exposure, limit,
             (long)check->max_days_overdue, req->who.user, req->who.role,
             req->principal != NULL ? " for " : "", req->principal != NULL ? req->principal : "",
             req->reason);
    rc = clm_store_put_audited(out, st, &req->who, order, note);
    clm_record_free(order);
    return rc;
}
