/*
 * names.c — the offer's vocabulary and its transition table
 * (clm/offer.h; docs/rules.md, "Offers and contracts").
 */
#include <stdio.h>
#include <string.h>

#include "offer_internal.h"

static const char *const STATE[] = {
    NULL, "draft", "awaiting-approval", "approved", "sent", "accepted", "rejected",
    "expired", "withdrawn", "countered", "superseded",
};
static const char *const STAGE[] = { NULL, "approval", "sending", "acceptance" };
static const char *const SOURCE[] = { NULL, "price-list", "manual" };
static const char *const VERDICT[] = {
    NULL, "in-time", "late-valid", "late-confirmed", "late-new-offer", "counter", "not-open",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int v)
{
    return v >= 1 && (size_t)v < n ? names[v] : NULL;
}

int clm_offer__from_name(int *out, const char *const *names, size_t n, const char *name,
                         const char *what)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL argument", what);
    for (size_t i = 1; i < n; i++)
        if (strcmp(names[i], name) == 0) {
            *out = (int)i;
            return 0;
        }
    char list[256];
    size_t len = 0;
    list[0] = '\0';
    for (size_t i = 1; i < n && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i > 1 ? ", " : "",
                                names[i]);
    return clm_core__fail_at(CLM_ENOTFOUND, what, "", 0, "%s: \"%.64s\" is not one of %s",
                             what, name, list);
}

const char *clm_offer_state_name(clm_offer_state s) { return name_of(STATE, N(STATE), (int)s); }
const char *clm_offer_stage_name(clm_offer_stage s) { return name_of(STAGE, N(STAGE), (int)s); }
const char *clm_offer_price_source_name(clm_offer_price_source s)
{
    return name_of(SOURCE, N(SOURCE), (int)s);
}
const char *clm_offer_verdict_name(clm_offer_verdict v)
{
    return name_of(VERDICT, N(VERDICT), (int)v);
}

int clm_offer_state_from_name(clm_offer_state *out, const char *name)
{
    int v = 0; /* set by from_name() on success; gcc -O2 cannot see it */
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "offer state: NULL argument");
    int rc = clm_offer__from_name(&v, STATE, N(STATE), name, "offer state");
    if (rc == 0)
        *out = (clm_offer_state)v;
    return rc;
}

int clm_offer_stage_from_name(clm_offer_stage *out, const char *name)
{
    int v = 0; /* set by from_name() on success; gcc -O2 cannot see it */
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "credit-check stage: NULL argument");
    int rc = clm_offer__from_name(&v, STAGE, N(STAGE), name, "credit-check stage");
    if (rc == 0)
        *out = (clm_offer_stage)v;
    return rc;
}

int clm_offer_price_source_from_name(clm_offer_price_source *out, const char *name)
{
    int v = 0; /* set by from_name() on success; gcc -O2 cannot see it */
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "price source: NULL argument");
    int rc = clm_offer__from_name(&v, SOURCE, N(SOURCE), name, "price source");
    if (rc == 0)
        *out = (clm_offer_price_source)v;
    return rc;
}

int clm_offer_verdict_from_name(clm_offer_verdict *out, const char *name)
{
    int v = 0; /* set by from_name() on success; gcc -O2 cannot see it */
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "acceptance verdict: NULL argument");
    int rc = clm_offer__from_name(&v, VERDICT, N(VERDICT), name, "acceptance verdict");
    if (rc == 0)
        *out = (clm_offer_verdict)v;
    return rc;
}

int clm_offer__valid_state(int s)
{
    return s >= CLM_OFFER_DRAFT && s <= CLM_OFFER_SUPERSEDED;
}

/* The transition table of clm/offer.h: row = from, bit (to) set = allowed. */
#define B(s) (1u << (s))
static const unsigned TABLE[CLM_OFFER_SUPERSEDED + 1] = {
    [CLM_OFFER_DRAFT] = B(CLM_OFFER_AWAITING_APPROVAL) | B(CLM_OFFER_APPROVED) |
                        B(CLM_OFFER_WITHDRAWN) | B(CLM_OFFER_SUPERSEDED),
    [CLM_OFFER_AWAITING_APPROVAL] = B(CLM_OFFER_APPROVED) | B(CLM_OFFER_DRAFT) |
                                    B(CLM_OFFER_WITHDRAWN) | B(CLM_OFFER_SUPERSEDED),
    [CLM_OFFER_APPROVED] = B(CLM_OFFER_SENT) | B(CLM_OFFER_WITHDRAWN) | B(CLM_OFFER_SUPERSEDED),
    [CLM_OFFER_SENT] = B(CLM_OFFER_ACCEPTED) | B(CLM_OFFER_REJECTED) | B(CLM_OFFER_EXPIRED) |
                       B(CLM_OFFER_WITHDRAWN) | B(CLM_OFFER_COUNTERED) | B(CLM_OFFER_SUPERSEDED),
    /* Civil Code art. 442 p. 1: an acceptance sent in time and received
     * after the term is valid unless the offeror promptly objects, so an
     * offer marked expired can still be accepted. */
    [CLM_OFFER_EXPIRED] = B(CLM_OFFER_ACCEPTED),
};

int clm_offer_transition_allowed(clm_offer_state from, clm_offer_state to)
{
    if (!clm_offer__valid_state((int)from) || !clm_offer__valid_state((int)to))
        return 0;
    return (int)((TABLE[from] >> to) & 1u);
}
