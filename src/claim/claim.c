/*
 * claim.c — the claim object and its workflow (claim.h): registration,
 * the transition table after ISO 10002, the decision, the notice, the
 * change of demand, the cause and escalation. Every mutating call first
 * checks and allocates everything it needs, then changes the claim in
 * steps that cannot fail, so a failure leaves the claim as it was.
 */
#include <stdio.h>
#include <string.h>

#include "claim_internal.h"

/* ---- the transition table (ISO 10002:2018 8.1-8.8; claim.h) ------------- */

#define B(s) (1u << (s))
static const unsigned TABLE[CLM_CLAIM_STATE_COUNT + 1] = {
    [CLM_CLAIM_RECEIVED] = B(CLM_CLAIM_ACKNOWLEDGED),
    [CLM_CLAIM_ACKNOWLEDGED] = B(CLM_CLAIM_UNDER_ASSESSMENT) | B(CLM_CLAIM_AWAITING_CLIENT),
    [CLM_CLAIM_UNDER_ASSESSMENT] = B(CLM_CLAIM_UNDER_INVESTIGATION) | B(CLM_CLAIM_DECIDED) |
                                   B(CLM_CLAIM_AWAITING_CLIENT),
    [CLM_CLAIM_UNDER_INVESTIGATION] = B(CLM_CLAIM_DECIDED) | B(CLM_CLAIM_AWAITING_CLIENT),
    [CLM_CLAIM_AWAITING_CLIENT] = B(CLM_CLAIM_UNDER_ASSESSMENT) | B(CLM_CLAIM_UNDER_INVESTIGATION),
    [CLM_CLAIM_DECIDED] = B(CLM_CLAIM_REMEDY_IN_PROGRESS) | B(CLM_CLAIM_CLIENT_INFORMED),
    [CLM_CLAIM_REMEDY_IN_PROGRESS] = B(CLM_CLAIM_CLIENT_INFORMED),
    [CLM_CLAIM_CLIENT_INFORMED] = B(CLM_CLAIM_CLOSED),
    [CLM_CLAIM_CLOSED] = B(CLM_CLAIM_REOPENED),
    [CLM_CLAIM_REOPENED] = B(CLM_CLAIM_UNDER_ASSESSMENT) | B(CLM_CLAIM_UNDER_INVESTIGATION),
};
#undef B

int clm_claim_transition_allowed(clm_claim_state from, clm_claim_state to)
{
    if ((int)from < 1 || (int)from > CLM_CLAIM_STATE_COUNT || (int)to < 1 ||
        (int)to > CLM_CLAIM_STATE_COUNT)
        return 0;
    return (TABLE[from] & (1u << to)) != 0;
}

static const char *state_name(clm_claim_state s)
{
    const char *n = clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)s);
    return n != NULL ? n : "?";
}

/* ---- the object ------------------------------------------------------------ */

clm_claim *clm_claim__alloc(void)
{
    clm_claim *c = clm_core__calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->paused_since = CLM_CLAIM_NO_DATE;
    c->closed_on = CLM_CLAIM_NO_DATE;
    c->satisfied_on = CLM_CLAIM_NO_DATE;
    c->decided_on = CLM_CLAIM_NO_DATE;
    c->info.obligation_due = CLM_CLAIM_NO_DATE;
    c->notice.on = CLM_CLAIM_NO_DATE;
    return c;
}

static void free_step(clm_claim__step *s)
{
    clm_core__free(s->what);
    clm_core__free(s->user);
    clm_core__free(s->role);
    clm_core__free(s->note);
}

static void free_esc(clm_claim__esc *e)
{
    clm_core__free(e->from_user);
    clm_core__free(e->to_user);
    clm_core__free(e->by_user);
    clm_core__free(e->by_role);
    clm_core__free(e->reason);
}

void clm_claim_free(clm_claim *c)
{
    if (c == NULL)
        return;
    clm_core__free(c->number);
    clm_core__free((char *)c->info.client_id);
    clm_core__free((char *)c->info.manager);
    clm_core__free((char *)c->info.client_category);
    clm_core__free((char *)c->info.concerns_id);
    clm_core__free((char *)c->info.regime);
    clm_core__free((char *)c->info.description);
    clm_core__free(c->handler);
    clm_core__free(c->reasons);
    clm_core__free((char *)c->notice.user);
    clm_core__free((char *)c->notice.role);
    clm_core__free((char *)c->notice.text);
    clm_core__free(c->cause);
    for (size_t i = 0; i < c->nsteps; i++)
        free_step(&c->steps[i]);
    clm_core__free(c->steps);
    for (size_t i = 0; i < c->nescs; i++)
        free_esc(&c->escs[i]);
    clm_core__free(c->escs);
    clm_core__free(c);
}

int clm_claim_info_init(clm_claim_info *info)
{
    if (info == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_info_init: NULL");
    clm_claim_info init = CLM_CLAIM_INFO_INIT;
    *info = init;
    return 0;
}

static int check_date(clm_date d, const char *field)
{
    if (clm_date_to_ymd(d, NULL, NULL, NULL) < 0)
        return clm_core__fail_at(CLM_EINVAL, field, NULL, 0, "claim: %s is not a valid date",
                                 field);
    return 0;
}

static int check_money(const clm_money *m, const char *field)
{
    clm_currency cur;
    if (clm_currency_find(&cur, m->currency) < 0)
        return clm_core__fail_at(CLM_ECURRENCY, field, NULL, 0,
                                 "claim: %s has an unknown currency '%.3s'", field, m->currency);
    if (m->amount < 0)
        return clm_core__fail_at(CLM_EINVAL, field, NULL, 0, "claim: %s is negative", field);
    return 0;
}

static int check_info(const clm_claim_info *in)
{
    int rc;
    if ((rc = clm_core__check_version(in->version, CLM_CLAIM_INFO_VERSION, "claim info")) < 0)
        return rc;
    if ((rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_DIRECTION, (int)in->direction, "direction")) < 0 ||
        (rc = clm_core__check_text(in->client_id, CLM_CORE__TEXT_ID, "client_id")) < 0 ||
        (rc = clm_core__check_text(in->manager, CLM_CORE__TEXT_ID, "manager")) < 0 ||
        (in->client_category != NULL &&
         (rc = clm_core__check_text(in->client_category, CLM_CORE__TEXT_ID, "client_category")) < 0) ||
        (rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_CONCERNS, (int)in->concerns, "concerns")) < 0 ||
        (rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_FORM, (int)in->form, "form")) < 0 ||
        (rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_CHANNEL, (int)in->channel, "channel")) < 0 ||
        (rc = check_date(in->received, "received")) < 0 ||
        (rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_SUBJECT, (int)in->subject, "subject")) < 0 ||
        (rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_DEMAND, (int)in->demand, "demand")) < 0 ||
        (rc = check_money(&in->claimed, "claimed")) < 0 ||
        (rc = check_money(&in->price, "price")) < 0 ||
        (rc = clm_core__check_text(in->regime, CLM_CORE__TEXT_ID, "regime")) < 0 ||
        (rc = clm_core__check_text(in->description, CLM_CORE__TEXT_NOTE, "description")) < 0)
        return rc;
    if (in->concerns == CLM_CLAIM_CONCERNS_NONE) {
        if (in->concerns_id != NULL)
            return clm_core__fail_at(CLM_EINVAL, "concerns_id", NULL, 0,
                                     "claim: concerns_id given but concerns is none");
    } else if ((rc = clm_core__check_text(in->concerns_id, CLM_CORE__TEXT_ID, "concerns_id")) < 0) {
        return rc;
    }
    if (strcmp(in->claimed.currency, in->price.currency) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, "price", NULL, 0,
                                 "claim: price in %.3s, amount claimed in %.3s", in->price.currency,
                                 in->claimed.currency);
    if (in->quality_check != 0 && in->quality_check != 1)
        return clm_core__fail_at(CLM_EINVAL, "quality_check", NULL, 0,
                                 "claim: quality_check must be 0 or 1");
    if (in->out_of_stock != 0 && in->out_of_stock != 1)
        return clm_core__fail_at(CLM_EINVAL, "out_of_stock", NULL, 0,
                                 "claim: out_of_stock must be 0 or 1");
    if (in->contract_rate < 0 || in->contract_rate > 1000000)
        return clm_core__fail_at(CLM_EINVAL, "contract_rate", NULL, 0,
                                 "claim: contract_rate must be 0..100%% a day");
    if (in->contract_cap.currency[0] != '\0') {
        if ((rc = check_money(&in->contract_cap, "contract_cap")) < 0)
            return rc;
        if (strcmp(in->contract_cap.currency, in->claimed.currency) != 0)
            return clm_core__fail_at(CLM_ECURRENCY, "contract_cap", NULL, 0,
                                     "claim: contract_cap in %.3s, amount claimed in %.3s",
                                     in->contract_cap.currency, in->claimed.currency);
    } else if (in->contract_cap.amount != 0) {
        return clm_core__fail_at(CLM_EINVAL, "contract_cap", NULL, 0,
                                 "claim: contract_cap has an amount but no currency");
    }
    if (in->obligation_due != CLM_CLAIM_NO_DATE &&
        (rc = check_date(in->obligation_due, "obligation_due")) < 0)
        return rc;
    return 0;
}

static char *dup_opt(const char *s, int *failed)
{
    if (s == NULL)
        return NULL;
    char *d = clm_core__strdup(s);
    if (d == NULL)
        *failed = 1;
    return d;
}

int clm_claim_new(clm_claim **out, const char *number, const clm_claim_info *info,
                  const clm_claim_regimes *regimes)
{
    if (out == NULL || info == NULL || regimes == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_new: NULL argument");
    int rc = clm_core__check_text(number, CLM_CORE__TEXT_ID, "number");
    if (rc < 0 || (rc = check_info(info)) < 0)
        return rc;
    const clm_claim_regime *r;
    if ((rc = clm_claim_regimes_find(&r, regimes, info->regime)) < 0)
        return rc;
    clm_claim_term res, resp;
    int cond = (info->quality_check ? CLM_CLAIM_COND_QUALITY_CHECK : 0) |
               (info->out_of_stock ? CLM_CLAIM_COND_OUT_OF_STOCK : 0);
    if ((rc = clm_claim__terms(&res, &resp, r, info->demand, cond, info->agreed_term)) < 0)
        return rc;
    clm_claim *c = clm_claim__alloc();
    if (c == NULL)
        return clm_core__oom("claim");
    int failed = 0;
    c->info = *info;
    c->info.client_id = c->info.manager = c->info.client_category = NULL;
    c->info.concerns_id = c->info.regime = c->info.description = NULL;
    c->number = dup_opt(number, &failed);
    c->info.client_id = dup_opt(info->client_id, &failed);
    c->info.manager = dup_opt(info->manager, &failed);
    c->info.client_category = dup_opt(info->client_category, &failed);
    c->info.concerns_id = dup_opt(info->concerns_id, &failed);
    c->info.regime = dup_opt(info->regime, &failed);
    c->info.description = dup_opt(info->description, &failed);
    c->handler = dup_opt(info->manager, &failed);
    if (failed) {
        clm_claim_free(c);
        return clm_core__oom("claim");
    }
    c->state = CLM_CLAIM_RECEIVED;
    c->demand = info->demand;
    c->conditions = cond;
    c->ack = r->acknowledgement;
    c->response = resp;
    c->resolution = res;
    c->penalty = r->penalty;
    c->penalty_rate = r->penalty_rate;
    c->term_start = info->received;
    c->last_on = info->received;
    *out = c;
    return 0;
}

int clm_claim_dup(clm_claim **out, const clm_claim *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_dup: NULL argument");
    char *buf = NULL;
    size_t len = 0;
    int rc = clm_claim_encode(&buf, &len, c);
    if (rc < 0)
        return rc;
    clm_claim *d = NULL;
    rc = clm_claim_decode(&d, buf, len);
    clm_core__free(buf);
    if (rc < 0)
        return rc;
    d->stored_version = c->stored_version;
    *out = d;
    return 0;
}

int clm_claim_equal(const clm_claim *a, const clm_claim *b)
{
    if (a == NULL || b == NULL)
        return 0;
    char *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    int eq = clm_claim_encode(&x, &nx, a) == 0 && clm_claim_encode(&y, &ny, b) == 0 && nx == ny &&
             memcmp(x, y, nx) == 0;
    clm_core__free(x);
    clm_core__free(y);
    return eq;
}

const char *clm_claim_number(const clm_claim *c)
{
    return c != NULL ? c->number : NULL;
}

clm_claim_state clm_claim_state_get(const clm_claim *c)
{
    return c != NULL ? c->state : (clm_claim_state)0;
}

const clm_claim_info *clm_claim_info_get(const clm_claim *c)
{
    return c != NULL ? &c->info : NULL;
}

clm_claim_demand clm_claim_demand_get(const clm_claim *c)
{
    return c != NULL ? c->demand : (clm_claim_demand)0;
}

const char *clm_claim_handler(const clm_claim *c)
{
    return c != NULL ? c->handler : NULL;
}

int clm_claim_level(const clm_claim *c)
{
    return c != NULL ? c->level : -1;
}

/* ---- steps ------------------------------------------------------------------ */

/* Checks the common arguments of a mutating call. */
static int check_act(const clm_claim *c, const clm_actor *who, clm_date on, const char *what)
{
    if (c == NULL || who == NULL)
        return clm_core__fail(CLM_EINVAL, "claim %s: NULL argument", what);
    int rc = clm_actor_check(who);
    if (rc < 0 || (rc = check_date(on, "on")) < 0)
        return rc;
    if (on < c->last_on) {
        char a[CLM_DATE_FORMAT_MAX], b[CLM_DATE_FORMAT_MAX];
        clm_date_format(a, sizeof a, on);
        clm_date_format(b, sizeof b, c->last_on);
        return clm_core__fail_at(CLM_EINVAL, "on", NULL, 0,
                                 "claim %s: %s: day %s is before the claim's last step (%s)",
                                 c->number, what, a, b);
    }
    return 0;
}

/* Prepares a history step: room in the array and copies of the strings. */
static int step_prepare(clm_claim__step *s, clm_claim *c, clm_claim_state to, const char *what,
                        const clm_actor *who, clm_date on, const char *note)
{
    int rc = clm_core__grow((void **)&c->steps, &c->capsteps, c->nsteps + 1, sizeof *c->steps,
                            "claim history");
    if (rc < 0)
        return rc;
    memset(s, 0, sizeof *s);
    s->from = c->state;
    s->to = to;
    s->at = who->at;
    s->on = on;
    s->what = clm_core__strdup(what);
    s->user = clm_core__strdup(who->user);
    s->role = clm_core__strdup(who->role);
    s->note = clm_core__strdup(note != NULL ? note : "");
    if (s->what == NULL || s->user == NULL || s->role == NULL || s->note == NULL) {
        free_step(s);
        return clm_core__oom("claim history");
    }
    return 0;
}

static void step_commit(clm_claim *c, clm_claim__step *s)
{
    c->steps[c->nsteps++] = *s;
    c->last_on = s->on;
}

/* Leaves a pause: its days count towards the terms. */
static void end_pause(clm_claim *c, clm_date on)
{
    if (c->paused_since != CLM_CLAIM_NO_DATE) {
        if (on > c->paused_since)
            c->paused_days += on - c->paused_since;
        c->paused_since = CLM_CLAIM_NO_DATE;
    }
}

int clm_claim_move(clm_claim *c, clm_claim_state to, const clm_actor *who, clm_date on,
                   const char *note, const clm_claim_policy *policy)
{
    int rc = check_act(c, who, on, "move");
    if (rc < 0 || (rc = clm_core__check_text(note, CLM_CORE__TEXT_NOTE, "note")) < 0)
        return rc;
    clm_claim_policy pol;
    if ((rc = clm_claim__policy(&pol, policy)) < 0)
        return rc;
    if (to == CLM_CLAIM_DECIDED || to == CLM_CLAIM_CLIENT_INFORMED)
        return clm_core__fail_at(CLM_EINVAL, "to", NULL, 0,
                                 "claim %s: %s is entered with clm_claim_%s(), not a move",
                                 c->number, state_name(to),
                                 to == CLM_CLAIM_DECIDED ? "decide" : "inform");
    if (!clm_claim_transition_allowed(c->state, to))
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s cannot move from %s to %s", c->number,
                                 state_name(c->state),
                                 clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)to) != NULL
                                     ? state_name(to) : "an unknown state");
    if (to == CLM_CLAIM_REMEDY_IN_PROGRESS && c->outcome == CLM_CLAIM_REJECTED)
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s was rejected: there is no remedy to carry out", c->number);
    if (to == CLM_CLAIM_CLOSED && !c->informed)
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s cannot close: the client's notice is not on record",
                                 c->number);
    if (to == CLM_CLAIM_REOPENED && (int64_t)on - c->closed_on > pol.reopen_days)
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s closed %ld days ago; it may be reopened within %ld",
                                 c->number, (long)(on - c->closed_on), (long)pol.reopen_days);
    clm_claim__step s;
    if ((rc = step_prepare(&s, c, to, "move", who, on, note)) < 0)
        return rc;
    if (c->state == CLM_CLAIM_AWAITING_CLIENT)
        end_pause(c, on);
    if (to == CLM_CLAIM_AWAITING_CLIENT)
        c->paused_since = on;
    if (to == CLM_CLAIM_CLOSED)
        c->closed_on = on;
    if (to == CLM_CLAIM_REOPENED) {
        /* A reopened claim is a renewed demand: its terms run again. */
        c->term_start = on;
        c->paused_days = 0;
        c->closed_on = CLM_CLAIM_NO_DATE;
        c->satisfied_on = CLM_CLAIM_NO_DATE;
        c->decided = 0;
        c->informed = 0;
    }
    step_commit(c, &s);
    c->state = to;
    return 0;
}

int clm_claim_decide(clm_claim *c, clm_claim_outcome outcome, const clm_money *granted,
                     const char *reasons, const clm_actor *who, clm_date on)
{
    int rc = check_act(c, who, on, "decide");
    if (rc < 0)
        return rc;
    if (granted == NULL)
        return clm_core__fail(CLM_EINVAL, "claim decide: NULL amount granted");
    if ((rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_OUTCOME, (int)outcome, "outcome")) < 0 ||
        (rc = clm_core__check_text(reasons, CLM_CORE__TEXT_NAME, "reasons")) < 0)
        return rc;
    if (strncmp(granted->currency, c->info.claimed.currency, 4) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, "granted", NULL, 0,
                                 "claim %s: granted in %.3s, claimed in %.3s", c->number,
                                 granted->currency, c->info.claimed.currency);
    int64_t g = granted->amount, cl = c->info.claimed.amount;
    int ok = outcome == CLM_CLAIM_ACCEPTED ? (g >= 0 && g <= cl)
             : outcome == CLM_CLAIM_REJECTED ? g == 0
             : (cl == 0 ? g == 0 : (g > 0 && g < cl));
    if (!ok)
        return clm_core__fail_at(CLM_ERANGE, "granted", NULL, 0,
                                 "claim %s: %lld granted does not fit a decision '%s' on %lld claimed",
                                 c->number, (long long)g,
                                 clm_claim_name(CLM_CLAIM_VOCAB_OUTCOME, (int)outcome), (long long)cl);
    if (!clm_claim_transition_allowed(c->state, CLM_CLAIM_DECIDED))
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s cannot move from %s to decided", c->number,
                                 state_name(c->state));
    char *r = clm_core__strdup(reasons);
    if (r == NULL)
        return clm_core__oom("claim decision");
    clm_claim__step s;
    if ((rc = step_prepare(&s, c, CLM_CLAIM_DECIDED, "decide", who, on, reasons)) < 0) {
        clm_core__free(r);
        return rc;
    }
    clm_core__free(c->reasons);
    c->reasons = r;
    c->decided = 1;
    c->outcome = outcome;
    c->granted = *granted;
    c->decided_on = on;
    step_commit(c, &s);
    c->state = CLM_CLAIM_DECIDED;
    return 0;
}

int clm_claim_inform(clm_claim *c, clm_claim_channel channel, const char *text,
                     const clm_actor *who, clm_date on)
{
    int rc = check_act(c, who, on, "inform");
    if (rc < 0)
        return rc;
    if ((rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_CHANNEL, (int)channel, "channel")) < 0 ||
        (rc = clm_core__check_text(text, CLM_CORE__TEXT_NOTE, "text")) < 0)
        return rc;
    if (text == NULL || text[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "text", NULL, 0,
                                 "claim %s: the notice must say what the client was told",
                                 c->number);
    if (!clm_claim_transition_allowed(c->state, CLM_CLAIM_CLIENT_INFORMED))
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s cannot move from %s to client_informed", c->number,
                                 state_name(c->state));
    char *u = clm_core__strdup(who->user), *r = clm_core__strdup(who->role),
         *t = clm_core__strdup(text);
    clm_claim__step s;
    if (u == NULL || r == NULL || t == NULL ||
        (rc = step_prepare(&s, c, CLM_CLAIM_CLIENT_INFORMED, "inform", who, on, text)) < 0) {
        clm_core__free(u);
        clm_core__free(r);
        clm_core__free(t);
        return u == NULL || r == NULL || t == NULL ? clm_core__oom("claim notice") : rc;
    }
    clm_core__free((char *)c->notice.user);
    clm_core__free((char *)c->notice.role);
    clm_core__free((char *)c->notice.text);
    c->notice.user = u;
    c->notice.role = r;
    c->notice.text = t;
    c->notice.on = on;
    c->notice.channel = channel;
    c->informed = 1;
    c->satisfied_on = on;
    step_commit(c, &s);
    c->state = CLM_CLAIM_CLIENT_INFORMED;
    return 0;
}

int clm_claim_change_demand(clm_claim *c, clm_claim_demand demand, int conditions,
                            const clm_claim_regimes *regimes, const clm_actor *who, clm_date on)
{
    int rc = check_act(c, who, on, "change demand");
    if (rc < 0)
        return rc;
    if (regimes == NULL)
        return clm_core__fail(CLM_EINVAL, "claim change demand: NULL regimes");
    if ((rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_DEMAND, (int)demand, "demand")) < 0)
        return rc;
    if ((conditions & ~(CLM_CLAIM_COND_QUALITY_CHECK | CLM_CLAIM_COND_OUT_OF_STOCK)) != 0)
        return clm_core__fail_at(CLM_EINVAL, "conditions", NULL, 0,
                                 "claim: conditions %d has bits that are no CLM_CLAIM_COND_*",
                                 conditions);
    switch (c->state) {
    case CLM_CLAIM_RECEIVED: case CLM_CLAIM_ACKNOWLEDGED: case CLM_CLAIM_UNDER_ASSESSMENT:
    case CLM_CLAIM_UNDER_INVESTIGATION: case CLM_CLAIM_AWAITING_CLIENT: case CLM_CLAIM_REOPENED:
        break;
    default:
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s is %s: the demand can change only before the decision",
                                 c->number, state_name(c->state));
    }
    const clm_claim_regime *r;
    if ((rc = clm_claim_regimes_find(&r, regimes, c->info.regime)) < 0)
        return rc;
    clm_claim_term res, resp;
    /* A term agreed for the old demand does not carry over to a new one. */
    if ((rc = clm_claim__terms(&res, &resp, r, demand, conditions, 0)) < 0)
        return rc;
    char note[96];
    snprintf(note, sizeof note, "%s -> %s", clm_claim_name(CLM_CLAIM_VOCAB_DEMAND, (int)c->demand),
             clm_claim_name(CLM_CLAIM_VOCAB_DEMAND, (int)demand));
    clm_claim__step s;
    if ((rc = step_prepare(&s, c, c->state, "demand", who, on, note)) < 0)
        return rc;
    /* The new demand's term runs from the day it is made (consumer law
     * art. 21, 22: "from the day the demand is presented"). */
    c->demand = demand;
    c->conditions = conditions;
    c->resolution = res;
    c->response = resp;
    c->info.agreed_term = 0;
    c->term_start = on;
    c->paused_days = 0;
    if (c->paused_since != CLM_CLAIM_NO_DATE)
        c->paused_since = on;
    step_commit(c, &s);
    return 0;
}

int clm_claim_set_cause(clm_claim *c, const char *cause, clm_claim_party party,
                        const clm_actor *who, clm_date on)
{
    int rc = check_act(c, who, on, "set cause");
    if (rc < 0)
        return rc;
    if ((rc = clm_core__check_text(cause, CLM_CORE__TEXT_NAME, "cause")) < 0 ||
        (rc = clm_claim__check_vocab(CLM_CLAIM_VOCAB_PARTY, (int)party, "party")) < 0)
        return rc;
    if (c->state == CLM_CLAIM_CLOSED)
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0, "claim %s is closed", c->number);
    char *d = clm_core__strdup(cause);
    if (d == NULL)
        return clm_core__oom("claim cause");
    clm_claim__step s;
    if ((rc = step_prepare(&s, c, c->state, "cause", who, on, cause)) < 0) {
        clm_core__free(d);
        return rc;
    }
    clm_core__free(c->cause);
    c->cause = d;
    c->party = party;
    step_commit(c, &s);
    return 0;
}

int clm_claim_escalate(clm_claim *c, const clm_claim_policy *policy,
                       const clm_delegations *delegations, const char *to_user,
                       const char *reason, int automatic, const clm_actor *who, clm_date on)
{
    int rc = check_act(c, who, on, "escalate");
    if (rc < 0)
        return rc;
    clm_claim_policy pol;
    if ((rc = clm_claim__policy(&pol, policy)) < 0 ||
        (rc = clm_core__check_text(to_user, CLM_CORE__TEXT_ID, "to_user")) < 0 ||
        (rc = clm_core__check_text(reason, CLM_CORE__TEXT_NAME, "reason")) < 0)
        return rc;
    if (automatic != 0 && automatic != 1)
        return clm_core__fail_at(CLM_EINVAL, "automatic", NULL, 0, "claim: automatic must be 0 or 1");
    if (c->state == CLM_CLAIM_CLOSED || c->state == CLM_CLAIM_CLIENT_INFORMED)
        return clm_core__fail_at(CLM_ESTATE, "state", NULL, 0,
                                 "claim %s is %s: nothing left to escalate", c->number,
                                 state_name(c->state));
    size_t nroles = clm_claim__role_count(&pol);
    if ((size_t)c->level + 1 >= nroles)
        return clm_core__fail_at(CLM_ESTATE, "level", NULL, 0,
                                 "claim %s is with %s, the top of the escalation chain", c->number,
                                 pol.roles[nroles - 1]);
    const char *role = pol.roles[c->level];
    if (strcmp(who->role, role) != 0)
        return clm_core__fail_at(CLM_EPERM, "role", NULL, 0,
                                 "claim %s: escalating from level %s needs role %s, not %s",
                                 c->number, role, role, who->role);
    if (!automatic) {
        int may = 0;
        if ((rc = clm_delegations_may_act(&may, delegations, who->user, c->handler, on)) < 0)
            return rc;
        if (!may)
            return clm_core__fail_at(CLM_EPERM, "user", NULL, 0,
                                     "claim %s: %s neither handles it (%s does) nor deputises for %s",
                                     c->number, who->user, c->handler, c->handler);
    }
    int grow = clm_core__grow((void **)&c->escs, &c->capescs, c->nescs + 1, sizeof *c->escs,
                              "claim escalations");
    if (grow < 0)
        return grow;
    clm_claim__esc e;
    memset(&e, 0, sizeof e);
    e.from_level = c->level;
    e.to_level = c->level + 1;
    e.on = on;
    e.automatic = automatic;
    e.from_user = clm_core__strdup(c->handler);
    e.to_user = clm_core__strdup(to_user);
    e.by_user = clm_core__strdup(who->user);
    e.by_role = clm_core__strdup(who->role);
    e.reason = clm_core__strdup(reason);
    char *h = clm_core__strdup(to_user);
    if (e.from_user == NULL || e.to_user == NULL || e.by_user == NULL || e.by_role == NULL ||
        e.reason == NULL || h == NULL) {
        free_esc(&e);
        clm_core__free(h);
        return clm_core__oom("claim escalation");
    }
    clm_claim__step s;
    if ((rc = step_prepare(&s, c, c->state, "escalate", who, on, reason)) < 0) {
        free_esc(&e);
        clm_core__free(h);
        return rc;
    }
    c->escs[c->nescs++] = e;
    clm_core__free(c->handler);
    c->handler = h;
    c->level++;
    step_commit(c, &s);
    return 0;
}

/* ---- the record ---------------------------------------------------------- */

size_t clm_claim_step_count(const clm_claim *c)
{
    return c != NULL ? c->nsteps : 0;
}

int clm_claim_step_at(clm_claim_step *out, const clm_claim *c, size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_step_at: NULL argument");
    if (i >= c->nsteps)
        return clm_core__fail(CLM_ERANGE, "claim_step_at: step %zu of %zu", i, c->nsteps);
    const clm_claim__step *s = &c->steps[i];
    out->from = s->from;
    out->to = s->to;
    out->what = s->what;
    out->user = s->user;
    out->role = s->role;
    out->at = s->at;
    out->on = s->on;
    out->note = s->note;
    return 0;
}

int clm_claim_decision(const clm_claim *c, clm_claim_outcome *outcome, clm_money *granted,
                       const char **reasons, clm_date *on)
{
    if (c == NULL || !c->decided)
        return 0;
    if (outcome != NULL)
        *outcome = c->outcome;
    if (granted != NULL)
        *granted = c->granted;
    if (reasons != NULL)
        *reasons = c->reasons;
    if (on != NULL)
        *on = c->decided_on;
    return 1;
}

int clm_claim_notice_get(clm_claim_notice *out, const clm_claim *c)
{
    if (c == NULL || !c->informed)
        return 0;
    if (out != NULL)
        *out = c->notice;
    return 1;
}

int clm_claim_cause(const clm_claim *c, const char **cause, clm_claim_party *party)
{
    if (c == NULL || c->cause == NULL)
        return 0;
    if (cause != NULL)
        *cause = c->cause;
    if (party != NULL)
        *party = c->party;
    return 1;
}

size_t clm_claim_escalation_count(const clm_claim *c)
{
    return c != NULL ? c->nescs : 0;
}

int clm_claim_escalation_at(clm_claim_escalation *out, const clm_claim *c, size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_escalation_at: NULL argument");
    if (i >= c->nescs)
        return clm_core__fail(CLM_ERANGE, "claim_escalation_at: %zu of %zu", i, c->nescs);
    const clm_claim__esc *e = &c->escs[i];
    out->from_level = e->from_level;
    out->to_level = e->to_level;
    out->from_user = e->from_user;
    out->to_user = e->to_user;
    out->by_user = e->by_user;
    out->by_role = e->by_role;
    out->on = e->on;
    out->automatic = e->automatic;
    out->reason = e->reason;
    return 0;
}
