/*
 * claim_store_escalate.c — the automatic escalation rule run over a store
 * (claim_store.h, docs/rules.md "Claims"). The candidates come from the
 * store's due-date index; each is loaded, judged by the pure rule
 * (clm_claim_escalation_due()), escalated and saved through the adapter's
 * public calls, all in one transaction of its own.
 */
#include <stdio.h>
#include <string.h>

#include "claim_internal.h"
#include "clm/claim_store.h"

#define SEQ_STATE "sequence"

typedef struct ids {
    char **v;
    size_t n, cap;
} ids;

static void ids_free(ids *x)
{
    for (size_t i = 0; i < x->n; i++)
        clm_core__free(x->v[i]);
    clm_core__free(x->v);
}

/* Collects the numbers of the claims the index gives (the scan callback
 * may not call the store, so the work happens after the scan). */
static int collect(const clm_record *rec, void *payload)
{
    ids *x = payload;
    if (rec->state != NULL && strcmp(rec->state, SEQ_STATE) == 0)
        return 0;
    int rc = clm_core__grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v, "claim numbers");
    if (rc < 0)
        return rc;
    if ((x->v[x->n] = clm_core__strdup(rec->id)) == NULL)
        return clm_core__oom("claim number");
    x->n++;
    return 0;
}

/* 1 if the claim's last escalation happened on `on`. */
static int escalated_on(const clm_claim *c, clm_date on)
{
    return c->nescs > 0 && c->escs[c->nescs - 1].on == on;
}

/* Judges and, when due, escalates and saves claim `number`; *done = 1 if
 * it was escalated. */
static int one(int *done, clm_store *st, const char *number, const clm_calendar *cal, clm_date on,
               const clm_claim_policy *pol, clm_claim_assignee_cb assignee, void *payload,
               const char *reason, const clm_actor *who)
{
    clm_claim *c = NULL;
    int rc = clm_claim_store_load(&c, st, number);
    if (rc < 0)
        return rc;
    int due = 0;
    *done = 0;
    if ((rc = clm_claim_escalation_due(&due, c, cal, on, pol)) < 0 || !due || escalated_on(c, on))
        goto out;
    const char *to_role = pol->roles[c->level + 1];
    const char *to_user = NULL;
    if ((rc = assignee(&to_user, c, to_role, payload)) < 0)
        goto out;
    char why[320];
    if (reason == NULL) {
        clm_claim_deadlines d;
        char ds[CLM_CORE__TEXT_VALUE_MAX];
        if ((rc = clm_claim_deadlines_get(&d, c, cal, on)) < 0)
            goto out;
        /* the reason in the thread's language (clm/lang.h); it is kept
         * with the claim as written */
        clm_core__date_text(ds, sizeof ds, d.next);
        snprintf(why, sizeof why, clm_core__tr("deadline %s within %ld working day(s)"), ds,
                 (long)pol->auto_escalate_days);
        reason = why;
    }
    /* The rule acts in the role of the claim's current level (an automatic
     * escalation needs no handler's consent, but keeps the chain's roles). */
    clm_actor rule = *who;
    rule.role = pol->roles[c->level];
    if ((rc = clm_claim_escalate(c, pol, NULL, to_user, reason, 1, &rule, on)) < 0) {
        char msg[512], field[64];
        snprintf(msg, sizeof msg, "%s", clm_error_last()->message);
        snprintf(field, sizeof field, "%s", clm_error_last()->field);
        rc = clm_core__fail_at(rc, field, number, 0, "automatic escalation of %s: %s", number, msg);
        goto out;
    }
    if ((rc = clm_claim_store_save(st, c, cal, &rule, "automatic escalation")) == 0)
        *done = 1;
out:
    clm_claim_free(c);
    return rc;
}

int clm_claim_store_escalate_due(size_t *escalated, clm_store *st, const clm_calendar *cal,
                                 clm_date on, const char *manager, const clm_claim_policy *policy,
                                 clm_claim_assignee_cb assignee, void *payload, const char *reason,
                                 const clm_actor *who)
{
    if (st == NULL || cal == NULL || assignee == NULL || who == NULL || who->user == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_store_escalate_due: NULL argument");
    if (manager != NULL && manager[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "manager", NULL, 0,
                                 "claim_store_escalate_due: empty manager (NULL means the "
                                 "department)");
    int rc;
    if (reason != NULL && (rc = clm_core__check_text(reason, CLM_CORE__TEXT_NAME, "reason")) < 0)
        return rc;
    clm_claim_policy pol;
    if ((rc = clm_claim__policy(&pol, policy)) < 0)
        return rc;
    if (pol.auto_escalate_days < 0) {
        if (escalated != NULL)
            *escalated = 0;
        return 0;
    }
    clm_date horizon;
    if ((rc = clm_calendar_add_working_days(&horizon, cal, on, pol.auto_escalate_days)) < 0)
        return rc;
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLAIM;
    f.manager = manager;
    f.due_to = horizon;
    if ((rc = clm_store_begin(st)) < 0)
        return rc;
    ids x = { NULL, 0, 0 };
    size_t n = 0;
    rc = clm_store_scan(st, &f, collect, &x);
    for (size_t i = 0; rc == 0 && i < x.n; i++) {
        int done = 0;
        rc = one(&done, st, x.v[i], cal, on, &pol, assignee, payload, reason, who);
        n += (size_t)done;
    }
    ids_free(&x);
    if (rc < 0) {
        clm_store_rollback(st);
        return rc;
    }
    /* A failed commit rolls its level back and closes it. */
    if ((rc = clm_store_commit(st)) < 0)
        return rc;
    if (escalated != NULL)
        *escalated = n;
    return 0;
}
