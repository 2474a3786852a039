/*
 * offer_internal.h — the offer's and the contract's layout, shared by the
 * files of src/offer/. Not installed.
 */
#ifndef CLM_OFFER_INTERNAL_H
#define CLM_OFFER_INTERNAL_H

#include "core/core.h"
#include "clm/offer.h"
#include "clm/contract.h"

#define CLM_OFFER__MAX_LINES 10000

typedef struct clm_offer__event {
    clm_time at;
    char *user, *role, *on_behalf_of, *action, *note;
    clm_offer_state from, to;
} clm_offer__event;

typedef struct clm_offer__line {
    char *product, *group;
    int64_t quantity;
    clm_money unit_price;
    clm_money unit_cost;
    int has_cost;
    clm_rate manual_rate;
} clm_offer__line;

typedef struct clm_offer__trace {
    clm_discount_trace_entry *e;      /* name and reason owned (cast away const) */
    size_t n;
} clm_offer__trace;

typedef struct clm_offer__credit {
    clm_offer_stage stage;
    clm_credit_check check;
    clm_time at;
    char *user, *role;
    int overridden;
    char *ov_user, *ov_role, *ov_note;
} clm_offer__credit;

/* The priced snapshot: everything the engine said, copied. */
typedef struct clm_offer__pricing {
    size_t n;                        /* lines */
    clm_offer_line_price *lines;
    clm_offer__trace *trace;         /* n + 1 buckets; [n] is the document's */
    clm_discount_totals totals;
    char *policy_name, *policy_version;
    char **ladder;
    size_t ladder_n;
    size_t required;                 /* ladder index, or CLM_DISCOUNT_NONE */
    int approvable;
    char *why;                       /* may be NULL */
    clm_date priced_on;
} clm_offer__pricing;

struct clm_offer {
    char *id, *client_id, *manager;
    char currency[4];
    clm_date date;
    int from_client;
    clm_rate prepayment;
    int32_t deferral_days;
    char *delivery;
    int32_t delivery_days;
    clm_date term;                   /* own term of acceptance, or CLM_OFFER_NO_DATE */
    int revocable;

    clm_offer_state state;
    int revision;
    char *supersedes, *superseded_by, *counter_of, *countered_by;
    clm_date sent_on, received_on, accept_by, accepted_on;
    clm_offer_verdict verdict;       /* of the acceptance; 0 before */
    clm_date withdrawal_on;          /* the day a withdrawal reached the client */
    int not_binding;                 /* withdrawn no later than received (art. 435) */

    clm_offer__line *lines;
    size_t n_lines, cap_lines;

    clm_offer__pricing *pricing;     /* NULL: not priced */

    clm_offer__credit *credits;
    size_t n_credits, cap_credits;

    int has_override;                /* an override waiting for a blocked check */
    char *ov_user, *ov_role, *ov_note;

    clm_offer__event *events;
    size_t n_events, cap_events;

    int64_t stored_version;
};

/* names.c */
int clm_offer__valid_state(int s);
/* The value named `name` among names[1..n-1]; CLM_ENOTFOUND lists them. */
int clm_offer__from_name(int *out, const char *const *names, size_t n, const char *name,
                         const char *what);

/* offer.c */
clm_date clm_offer__day(clm_time at);
void clm_offer__pricing_free(clm_offer__pricing *p);
int clm_offer__pricing_dup(clm_offer__pricing **out, const clm_offer__pricing *p);
void clm_offer__event_clear(clm_offer__event *e);
/* Fills *e with copies (NULL strings stay NULL). CLM_ENOMEM leaves *e clear. */
int clm_offer__event_make(clm_offer__event *e, const clm_actor *who, const char *on_behalf_of,
                          const char *action, clm_offer_state from, clm_offer_state to,
                          const char *note);
/* Makes room for one more event; then clm_offer__event_push cannot fail. */
int clm_offer__event_reserve(clm_offer *o);
void clm_offer__event_push(clm_offer *o, clm_offer__event *e);
/* reserve + make + push, and moves the state to `to`: the whole act for the
 * acts that change nothing else. */
int clm_offer__act(clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                   const char *action, clm_offer_state to, const char *note);
int clm_offer__check_actor(const clm_actor *who);
int clm_offer__check_move(const clm_offer *o, clm_offer_state to, const char *act);
int clm_offer__check_id(const char *s, const char *field);
/* An empty offer with every date "none" (for the codec and dup). */
clm_offer *clm_offer__alloc(void);

/* ---- the contract ---------------------------------------------------------- */

#define CLM_CONTRACT__MAX_DISAGREEMENTS 1000
#define CLM_CONTRACT__MAX_SPECIALS 100

typedef struct clm_contract__disagreement {
    char *clause;                    /* NULL for a line */
    size_t line;                     /* CLM_CONTRACT_NO_LINE for a clause */
    char *draft, *client;
    int has_figure;
    int64_t figure;
    clm_date received_on;
    char *answer;
    int has_answer_figure;
    int64_t answer_figure;
    clm_contract_settlement settlement;
    char *decided_by, *decided_role, *note;
    clm_time decided_at;
} clm_contract__disagreement;

typedef struct clm_contract__special {
    clm_contract_special_kind kind;
    char *text;
    int32_t days;
    clm_rate rate;
} clm_contract__special;

typedef struct clm_contract__event {
    clm_time at;
    char *user, *role, *action, *note;
    clm_contract_state from, to;
} clm_contract__event;

struct clm_contract {
    char *id;
    int obligatory;
    clm_contract_state state;
    clm_offer *offer;                /* the frozen copy; never changed */
    clm_date created_on, agreed_on, concluded_on, closed_on;
    char *renewal_of, *renewed_by;
    int64_t invoiced;

    clm_contract__disagreement *dis;
    size_t n_dis, cap_dis;
    clm_contract__special *specials;
    size_t n_specials, cap_specials;
    clm_contract__event *events;
    size_t n_events, cap_events;

    int64_t stored_version;
};

/* contract.c */
/* An empty contract with every date "none" (for the codec). */
clm_contract *clm_contract__alloc(void);
void clm_contract__dis_clear(clm_contract__disagreement *d);
void clm_contract__event_clear(clm_contract__event *e);
int clm_contract__valid_state(int s);
/* Orders two clause numbers part by part (contract_protocol.c). */
int clm_contract__clause_cmp(const char *a, const char *b);

#endif /* CLM_OFFER_INTERNAL_H */
