/*
 * names.c — the one vocabulary of claims: every enumerated value's stable
 * name. The codec, the XML loader and the examples all go through it.
 */
#include <stdio.h>
#include <string.h>

#include "claim_internal.h"

static const char *const STATES[] = { NULL, "received", "acknowledged", "under_assessment",
    "under_investigation", "awaiting_client", "decided", "remedy_in_progress",
    "client_informed", "closed", "reopened" };
static const char *const FORMS[] = { NULL, "oral", "written", "electronic" };
static const char *const CHANNELS[] = { NULL, "in_person", "phone", "post", "email", "web",
    "messenger", "other" };
static const char *const SUBJECTS[] = { NULL, "quality_defect", "shortage", "delivery_delay",
    "billing", "service", "late_payment", "breach_of_terms", "other" };
static const char *const DEMANDS[] = { NULL, "replacement", "price_reduction", "repair",
    "refund", "damages", "payment", "other" };
static const char *const OUTCOMES[] = { NULL, "accepted", "partly_accepted", "rejected" };
static const char *const PARTIES[] = { NULL, "company", "supplier", "carrier", "client" };
static const char *const DIRECTIONS[] = { NULL, "incoming", "outgoing" };
static const char *const CONCERNS[] = { NULL, "none", "contract", "offer", "order" };
static const char *const UNITS[] = { NULL, "days", "working-days", "months" };
static const char *const PENALTIES[] = { NULL, "none", "consumer", "contractual" };

typedef struct vocab {
    const char *what;
    const char *const *names;
    int count; /* values 1..count */
} vocab;

#define V(what, arr) { what, arr, (int)(sizeof arr / sizeof arr[0]) - 1 }
static const vocab VOCABS[] = {
    { NULL, NULL, 0 },
    V("state", STATES), V("form", FORMS), V("channel", CHANNELS), V("subject", SUBJECTS),
    V("demand", DEMANDS), V("outcome", OUTCOMES), V("party", PARTIES),
    V("direction", DIRECTIONS), V("concerns", CONCERNS), V("unit", UNITS),
    V("penalty", PENALTIES),
};
#undef V

static const vocab *find(clm_claim_vocab v)
{
    if ((int)v < 1 || (size_t)v >= sizeof VOCABS / sizeof VOCABS[0])
        return NULL;
    return &VOCABS[v];
}

const char *clm_claim_name(clm_claim_vocab v, int value)
{
    const vocab *t = find(v);
    if (t == NULL || value < 1 || value > t->count)
        return NULL;
    return t->names[value];
}

int clm_claim_from_name(int *out, clm_claim_vocab v, const char *name)
{
    const vocab *t = find(v);
    if (out == NULL || name == NULL || t == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_from_name: NULL argument or unknown vocabulary");
    for (int i = 1; i <= t->count; i++)
        if (strcmp(t->names[i], name) == 0) {
            *out = i;
            return 0;
        }
    char list[512];
    size_t at = 0;
    list[0] = '\0';
    for (int i = 1; i <= t->count && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i > 1 ? ", " : "",
                               t->names[i]);
    return clm_core__fail_at(CLM_ENOTFOUND, t->what, NULL, 0,
                             "claim: '%.64s' is not a %s (one of: %s)", name, t->what, list);
}

int clm_claim__check_vocab(clm_claim_vocab v, int value, const char *field)
{
    if (clm_claim_name(v, value) == NULL)
        return clm_core__fail_at(CLM_EINVAL, field, NULL, 0, "claim: %s %d is not a %s", field,
                                 value, VOCABS[v].what);
    return 0;
}
