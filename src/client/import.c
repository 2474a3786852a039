/*
 * import.c — a client brought in from an existing base in its own state
 * (client_import.h): a copy of the draft whose history is one "imported"
 * entry. Everything is checked and built before anything is handed out.
 */
#include <stdio.h>
#include <string.h>

#include "clm/client_import.h"
#include "clm/contact.h"
#include "client_internal.h"

static int date_fail(const clm_client *d, clm_client_date_field f, const char *why)
{
    return clm_core__fail_at(CLM_EINVAL, clm_client_date_name(f), "", 0,
                             "client_import: client %s: %s", d->id, why);
}

/* The checks an imported client must pass (the header's list). */
static int check_draft(const clm_client *d, clm_client_state state, clm_date today)
{
    clm_date fc = d->dates[CLM_CLIENT_FIRST_CONTACT];
    clm_date fd = d->dates[CLM_CLIENT_FIRST_DEAL];
    clm_date lp = d->dates[CLM_CLIENT_LAST_PURCHASE];
    for (int f = 0; f < CLM_CLIENT__DATE_COUNT; f++) {
        if (d->dates[f] == CLM_CLIENT_NO_DATE || d->dates[f] <= today)
            continue;
        /* the reason in the thread's language (clm/lang.h) */
        char a[CLM_CORE__TEXT_VALUE_MAX], b[CLM_CORE__TEXT_VALUE_MAX], why[256];
        clm_core__date_text(a, sizeof a, d->dates[f]);
        clm_core__date_text(b, sizeof b, today);
        snprintf(why, sizeof why, clm_core__tr("%s %s lies after the day of the import, %s"),
                 clm_client_date_name((clm_client_date_field)f), a, b);
        return date_fail(d, (clm_client_date_field)f, why);
    }
    if (fc != CLM_CLIENT_NO_DATE && fd != CLM_CLIENT_NO_DATE && fd < fc)
        return date_fail(d, CLM_CLIENT_FIRST_DEAL, clm_core__tr("first deal before first contact"));
    if (fd != CLM_CLIENT_NO_DATE && lp != CLM_CLIENT_NO_DATE && lp < fd)
        return date_fail(d, CLM_CLIENT_LAST_PURCHASE, clm_core__tr("last purchase before first deal"));
    if (fc != CLM_CLIENT_NO_DATE && lp != CLM_CLIENT_NO_DATE && lp < fc)
        return date_fail(d, CLM_CLIENT_LAST_PURCHASE,
                         clm_core__tr("last purchase before first contact"));
    int lead = state == CLM_CLIENT_POTENTIAL || state == CLM_CLIENT_INTERESTED;
    if (lead && fd != CLM_CLIENT_NO_DATE)
        return date_fail(d, CLM_CLIENT_FIRST_DEAL, clm_core__tr("a lead has no first deal yet"));
    if (lead && lp != CLM_CLIENT_NO_DATE)
        return date_fail(d, CLM_CLIENT_LAST_PURCHASE, clm_core__tr("a lead has no purchase yet"));
    int client = state == CLM_CLIENT_NEW || state == CLM_CLIENT_ACTIVE ||
                 state == CLM_CLIENT_REGULAR || state == CLM_CLIENT_KEY;
    if (client && fd == CLM_CLIENT_NO_DATE) {
        char why[192];
        snprintf(why, sizeof why, clm_core__tr("state %s needs the date of the first deal"),
                 clm_client_state_name(state));
        return date_fail(d, CLM_CLIENT_FIRST_DEAL, why);
    }
    return 0;
}

int clm_client_import(clm_client **out, const clm_actor *actor, const clm_client *draft,
                      clm_client_state state, const char *lost_to, const char *note)
{
    if (out == NULL || draft == NULL)
        return clm_core__fail(CLM_EINVAL, "client_import: NULL %s", out == NULL ? "out" : "draft");
    int rc = clm_actor_check(actor);
    if (rc < 0)
        return rc;
    if (clm_client_state_name(state) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "state", "", 0, "client_import: unknown state %d",
                                 (int)state);
    if (clm_client__empty(lost_to))
        lost_to = NULL;
    if (lost_to != NULL && state != CLM_CLIENT_LOST)
        return clm_core__fail_at(CLM_EINVAL, "lost_to", "", 0,
                                 "client_import: a competitor is given only with state lost");
    if (lost_to != NULL && (rc = clm_core__check_text(lost_to, CLM_CORE__TEXT_ID, "lost_to")) < 0)
        return rc;
    if (note != NULL && (rc = clm_core__check_text(note, CLM_CORE__TEXT_LINE, "note")) < 0)
        return rc;
    if (draft->stored_version != 0)
        return clm_core__fail_at(CLM_EINVAL, "draft", "", 0,
                                 "client_import: client %s is a stored client (version %lld), "
                                 "not a draft: import makes a new client",
                                 draft->id, (long long)draft->stored_version);
    clm_date today = clm_time_day(actor->at);
    if (today == CLM_CONTACT_NO_DATE)
        return clm_core__fail_at(CLM_ERANGE, "at", "", 0,
                                 "client_import: the actor's moment %lld is outside the date range",
                                 (long long)actor->at);
    if ((rc = check_draft(draft, state, today)) < 0)
        return rc;

    clm_client *c = NULL;
    if ((rc = clm_client_dup(&c, draft)) < 0)
        return rc;
    char *nl = NULL;
    clm_client__change ch = { 0 };
    if ((lost_to != NULL && (nl = clm_core__strdup(lost_to)) == NULL) ||
        clm_client__change_make(&ch, actor, "imported", "", clm_client_state_name(state),
                                note) < 0) {
        clm_client_free(c);
        clm_core__free(nl);
        return clm_core__oom("imported client");
    }
    /* The dup has room for at least one entry: the draft had its "created". */
    for (size_t i = 0; i < c->nhist; i++)
        clm_client__change_free(&c->hist[i]);
    c->nhist = 0;
    if (c->caphist == 0 && clm_client__hist_reserve(c, 1) < 0) {
        clm_client__change_free(&ch);
        clm_client_free(c);
        clm_core__free(nl);
        return CLM_ENOMEM;
    }
    clm_client__hist_push(c, &ch);
    clm_core__free(c->lost_to);
    c->lost_to = nl;
    c->state = state;
    *out = c;
    return 0;
}
