/*
 * claim_internal.h — the claim object's layout, shared by the files of
 * src/claim/. Not installed.
 */
#ifndef CLM_CLAIM_INTERNAL_H
#define CLM_CLAIM_INTERNAL_H

#include "core/core.h"
#include "clm/claim.h"

typedef struct clm_claim__step {
    clm_claim_state from, to;
    char *what, *user, *role, *note;
    clm_time at;
    clm_date on;
} clm_claim__step;

typedef struct clm_claim__esc {
    int from_level, to_level;
    char *from_user, *to_user, *by_user, *by_role, *reason;
    clm_date on;
    int automatic;
} clm_claim__esc;

struct clm_claim {
    char *number;
    clm_claim_info info;          /* strings owned */
    clm_claim_state state;
    clm_claim_demand demand;      /* now */
    int conditions;               /* now: CLM_CLAIM_COND_* bits */
    /* the regime's figures, taken at registration */
    clm_claim_term ack, response, resolution;
    clm_claim_penalty_method penalty;
    clm_rate penalty_rate;
    /* the clock */
    clm_date term_start;
    int32_t paused_days;
    clm_date paused_since;        /* CLM_CLAIM_NO_DATE when running */
    clm_date last_on;             /* the day of the last step */
    /* who handles it */
    char *handler;
    int level;
    /* the decision */
    int decided;
    clm_claim_outcome outcome;
    clm_money granted;
    char *reasons;
    clm_date decided_on;
    /* the notice */
    int informed;
    clm_claim_notice notice;      /* strings owned */
    /* the cause */
    char *cause;
    clm_claim_party party;
    clm_date closed_on;           /* NO_DATE unless closed */
    clm_date satisfied_on;        /* the day informed (resolution met), NO_DATE if not */
    clm_claim__step *steps;
    size_t nsteps, capsteps;
    clm_claim__esc *escs;
    size_t nescs, capescs;
    int64_t stored_version;       /* not encoded: the store adapter's */
};

/* An empty claim (every pointer NULL, dates NO_DATE). */
clm_claim *clm_claim__alloc(void);
/* Checks a vocabulary value: CLM_EINVAL naming `field` if not in it. */
int clm_claim__check_vocab(clm_claim_vocab v, int value, const char *field);
/* The resolution term of `demand` under `r` (with a quality check, and an
 * agreed term), checked against the regime's limits. */
int clm_claim__terms(clm_claim_term *resolution, clm_claim_term *response,
                     const clm_claim_regime *r, clm_claim_demand demand, int conditions,
                     int32_t agreed);
/* Checks a term (n 1..3660, known unit) naming `field`. */
int clm_claim__check_term(const clm_claim_term *t, const char *field);
/* The policy, defaults for NULL, checked. */
int clm_claim__policy(clm_claim_policy *out, const clm_claim_policy *p);
/* Number of roles in a checked policy. */
size_t clm_claim__role_count(const clm_claim_policy *p);

/* An empty set (no built-ins); NULL when out of memory. */
clm_claim_regimes *clm_claim__regimes_empty(void);
/* Moves every regime of `from` into `set`, all or none (CLM_EEXISTS for an
 * id `set` holds, CLM_ENOMEM); `from` is left empty on success. */
int clm_claim__regimes_take(clm_claim_regimes *set, clm_claim_regimes *from);

#endif
