/*
 * contract_names.c — the contract's vocabulary and its transition table
 * (clm/contract.h; docs/rules.md, "Offers and contracts").
 */
#include "offer_internal.h"

static const char *const STATE[] = {
    NULL, "draft", "negotiation", "agreed", "concluded", "in-execution", "completed",
    "terminated",
};
static const char *const SETTLEMENT[] = {
    NULL, "open", "answered", "client-wording", "company-wording", "answer",
};
static const char *const SPECIAL[] = {
    NULL, "accelerated-deadline", "special-execution", "individual-discount",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int v)
{
    return v >= 1 && (size_t)v < n ? names[v] : NULL;
}

const char *clm_contract_state_name(clm_contract_state s)
{
    return name_of(STATE, N(STATE), (int)s);
}
const char *clm_contract_settlement_name(clm_contract_settlement s)
{
    return name_of(SETTLEMENT, N(SETTLEMENT), (int)s);
}
const char *clm_contract_special_kind_name(clm_contract_special_kind k)
{
    return name_of(SPECIAL, N(SPECIAL), (int)k);
}

int clm_contract_state_from_name(clm_contract_state *out, const char *name)
{
    int v;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "contract state: NULL argument");
    int rc = clm_offer__from_name(&v, STATE, N(STATE), name, "contract state");
    if (rc == 0)
        *out = (clm_contract_state)v;
    return rc;
}

int clm_contract_settlement_from_name(clm_contract_settlement *out, const char *name)
{
    int v;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "settlement: NULL argument");
    int rc = clm_offer__from_name(&v, SETTLEMENT, N(SETTLEMENT), name, "settlement");
    if (rc == 0)
        *out = (clm_contract_settlement)v;
    return rc;
}

int clm_contract_special_kind_from_name(clm_contract_special_kind *out, const char *name)
{
    int v;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "special term: NULL argument");
    int rc = clm_offer__from_name(&v, SPECIAL, N(SPECIAL), name, "special term");
    if (rc == 0)
        *out = (clm_contract_special_kind)v;
    return rc;
}

int clm_contract__valid_state(int s)
{
    return s >= CLM_CONTRACT_DRAFT && s <= CLM_CONTRACT_TERMINATED;
}

int clm_contract_settled(clm_contract_settlement s)
{
    return s == CLM_CONTRACT_CLIENT || s == CLM_CONTRACT_COMPANY || s == CLM_CONTRACT_ANSWER;
}

/* The table of clm/contract.h: row = from, bit (to) set = allowed. */
#define B(s) (1u << (s))
static const unsigned TABLE[CLM_CONTRACT_TERMINATED + 1] = {
    [CLM_CONTRACT_DRAFT] = B(CLM_CONTRACT_NEGOTIATION) | B(CLM_CONTRACT_AGREED) |
                           B(CLM_CONTRACT_TERMINATED),
    [CLM_CONTRACT_NEGOTIATION] = B(CLM_CONTRACT_AGREED) | B(CLM_CONTRACT_TERMINATED),
    /* An agreed draft not yet signed may still meet a protocol of
     * disagreements (art. 443): back to negotiation. */
    [CLM_CONTRACT_AGREED] = B(CLM_CONTRACT_NEGOTIATION) | B(CLM_CONTRACT_CONCLUDED) |
                            B(CLM_CONTRACT_TERMINATED),
    [CLM_CONTRACT_CONCLUDED] = B(CLM_CONTRACT_IN_EXECUTION) | B(CLM_CONTRACT_TERMINATED),
    [CLM_CONTRACT_IN_EXECUTION] = B(CLM_CONTRACT_COMPLETED) | B(CLM_CONTRACT_TERMINATED),
};

int clm_contract_transition_allowed(clm_contract_state from, clm_contract_state to)
{
    if (!clm_contract__valid_state((int)from) || !clm_contract__valid_state((int)to))
        return 0;
    return (int)((TABLE[from] >> to) & 1u);
}
