/*
 * workflow.c — the acts on an offer: approval, the credit check, sending,
 * receipt, withdrawal, expiry, acceptance, counter-offers and new
 * versions, with the rules of Civil Code art. 435-443 (clm/offer.h;
 * docs/rules.md, "Offers and contracts").
 */
#include <stdio.h>
#include <string.h>

#include "offer_internal.h"

/* ---- arguments ------------------------------------------------------------------ */

int clm_offer_credit_init(clm_offer_credit *c)
{
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_credit_init: NULL");
    *c = (clm_offer_credit)CLM_OFFER_CREDIT_INIT;
    return 0;
}

int clm_offer_acceptance_init(clm_offer_acceptance *a)
{
    if (a == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_acceptance_init: NULL");
    *a = (clm_offer_acceptance)CLM_OFFER_ACCEPTANCE_INIT;
    return 0;
}

static int check_rules(const clm_offer_rules *r)
{
    int rc;
    if (r == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rules", "", 0, "offer: no offer rules given");
    if ((rc = clm_core__check_version(r->version, CLM_OFFER_RULES_VERSION, "clm_offer_rules")) < 0)
        return rc;
    if (r->reasonable_days < 1 || r->reasonable_days > 365)
        return clm_core__fail_at(CLM_EINVAL, "reasonable_days", "", 0,
                                 "offer rules: reasonable_days must be 1..365");
    if (r->prompt_notice_days < 0 || r->prompt_notice_days > 30)
        return clm_core__fail_at(CLM_EINVAL, "prompt_notice_days", "", 0,
                                 "offer rules: prompt_notice_days must be 0..30");
    return 0;
}

static int valid_date(clm_date d, const char *field)
{
    if (d < CLM_DATE_MIN || d > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, field, "", 0, "offer: %s is not a valid date", field);
    return 0;
}

static const char *fmt_date(char *buf, clm_date d)
{
    if (clm_date_format(buf, CLM_DATE_FORMAT_MAX, d) < 0)
        strcpy(buf, "?");
    return buf;
}

/* ---- the credit check ----------------------------------------------------------- */

int clm_offer_credit_compute(clm_credit_check *out, const clm_offer *o,
                             const clm_offer_credit *credit)
{
    int rc;
    if (out == NULL || o == NULL || credit == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_credit_compute: NULL argument");
    if ((rc = clm_core__check_version(credit->version, CLM_OFFER_CREDIT_VERSION,
                                      "clm_offer_credit")) < 0)
        return rc;
    if (credit->policy == NULL)
        return clm_core__fail_at(CLM_EINVAL, "policy", "", 0, "offer credit check: no policy");
    if (o->pricing == NULL)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: the credit check needs a priced offer", o->id);
    if (strcmp(clm_credit_policy_currency(credit->policy), o->currency) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, "policy", "", 0,
                                 "offer %s is in %s, the credit policy in %s", o->id, o->currency,
                                 clm_credit_policy_currency(credit->policy));
    clm_credit_check_input in = credit->position;
    in.document = o->pricing->totals.net;
    return clm_credit_check_compute(out, credit->policy, &in);
}

size_t clm_offer_credit_count(const clm_offer *o) { return o ? o->n_credits : 0; }

int clm_offer_credit_at(clm_offer_credit_record *out, const clm_offer *o, size_t i)
{
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_credit_at: NULL argument");
    if (i >= o->n_credits)
        return clm_core__fail(CLM_ERANGE, "offer %s: no credit check %zu", o->id, i);
    const clm_offer__credit *c = &o->credits[i];
    out->stage = c->stage;
    out->check = c->check;
    out->at = c->at;
    out->user = c->user;
    out->role = c->role;
    out->overridden = c->overridden;
    out->override_user = c->ov_user;
    out->override_role = c->ov_role;
    out->override_note = c->ov_note;
    return 0;
}

static void credit_clear(clm_offer__credit *c)
{
    clm_core__free(c->user);
    clm_core__free(c->role);
    clm_core__free(c->ov_user);
    clm_core__free(c->ov_role);
    clm_core__free(c->ov_note);
    memset(c, 0, sizeof *c);
}

/* Builds the record of a check (copies); `use_override` takes the pending
 * override into it. Reserves room for it in o. */
static int credit_prepare(clm_offer__credit *rec, clm_offer *o, clm_offer_stage stage,
                          const clm_credit_check *chk, const clm_actor *who, int use_override)
{
    memset(rec, 0, sizeof *rec);
    void *arr = o->credits;
    int rc = clm_core__grow(&arr, &o->cap_credits, o->n_credits + 1, sizeof *o->credits,
                            "offer credit checks");
    if (rc < 0)
        return rc;
    o->credits = arr;
    rec->stage = stage;
    rec->check = *chk;
    rec->at = who->at;
    rec->user = clm_core__strdup(who->user);
    rec->role = clm_core__strdup(who->role);
    if (rec->user == NULL || rec->role == NULL)
        goto oom;
    if (use_override) {
        rec->overridden = 1;
        rec->ov_user = clm_core__strdup(o->ov_user);
        rec->ov_role = clm_core__strdup(o->ov_role);
        rec->ov_note = clm_core__strdup(o->ov_note);
        if (rec->ov_user == NULL || rec->ov_role == NULL || rec->ov_note == NULL)
            goto oom;
    }
    return 0;
oom:
    credit_clear(rec);
    return clm_core__oom("offer credit check");
}

/* Pushes a prepared record; consumes the pending override it used. */
static void credit_push(clm_offer *o, clm_offer__credit *rec)
{
    if (rec->overridden) {
        clm_core__free(o->ov_user);
        clm_core__free(o->ov_role);
        clm_core__free(o->ov_note);
        o->ov_user = o->ov_role = o->ov_note = NULL;
        o->has_override = 0;
    }
    o->credits[o->n_credits++] = *rec;
    memset(rec, 0, sizeof *rec);
}

static int final_state(clm_offer_state s)
{
    return s == CLM_OFFER_ACCEPTED || s == CLM_OFFER_REJECTED || s == CLM_OFFER_WITHDRAWN ||
           s == CLM_OFFER_COUNTERED || s == CLM_OFFER_SUPERSEDED || s == CLM_OFFER_EXPIRED;
}

int clm_offer_credit_override(clm_offer *o, const clm_actor *who, const clm_credit_policy *policy,
                              const char *note)
{
    int rc;
    if (o == NULL || policy == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_credit_override: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 ||
        (rc = clm_core__check_text(note, CLM_CORE__TEXT_NAME, "note")) < 0)
        return rc;
    if (final_state(o->state))
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: no credit override on a %s offer", o->id,
                                 clm_offer_state_name(o->state));
    if (o->has_override)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: an override by %s is pending already", o->id,
                                 o->ov_user);
    if (!clm_credit_policy_may_override(policy, who->role))
        return clm_core__fail_at(CLM_EPERM, "role", "", 0,
                                 "offer %s: role %s may not override the credit check "
                                 "(credit policy %s)", o->id, who->role,
                                 clm_credit_policy_name(policy));
    char *u = clm_core__strdup(who->user), *r = clm_core__strdup(who->role),
         *n = clm_core__strdup(note);
    if (u == NULL || r == NULL || n == NULL || (rc = clm_offer__event_reserve(o)) < 0) {
        clm_core__free(u);
        clm_core__free(r);
        clm_core__free(n);
        return u == NULL || r == NULL || n == NULL ? clm_core__oom("offer override") : rc;
    }
    if ((rc = clm_offer__act(o, who, NULL, "credit-override", o->state, note)) < 0) {
        clm_core__free(u);
        clm_core__free(r);
        clm_core__free(n);
        return rc;
    }
    o->ov_user = u;
    o->ov_role = r;
    o->ov_note = n;
    o->has_override = 1;
    return 0;
}

/* ---- approval ------------------------------------------------------------------- */

static int authority(const clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                     const clm_delegations *d, const char *act)
{
    int rc;
    if (on_behalf_of != NULL) {
        int ok = 0;
        char day[CLM_DATE_FORMAT_MAX];
        clm_date on = clm_offer__day(who->at);
        if ((rc = clm_offer__check_id(on_behalf_of, "on_behalf_of")) < 0)
            return rc;
        if ((rc = clm_delegations_may_act(&ok, d, who->user, on_behalf_of, on)) < 0)
            return rc;
        if (!ok)
            return clm_core__fail_at(CLM_EPERM, "on_behalf_of", "", 0,
                                     "offer %s: %s does not act for %s on %s: no delegation "
                                     "covers the day", o->id, who->user, on_behalf_of,
                                     fmt_date(day, on));
    }
    if (!clm_offer_role_suffices(o, who->role)) {
        const char *why = NULL;
        const char *need = clm_offer_approval_required(o, &why, NULL);
        return clm_core__fail_at(CLM_EPERM, "role", "", 0,
                                 "offer %s: role %s may not %s it: it needs %s (%s)", o->id,
                                 who->role, act, need ? need : clm_core__tr("a step no role of the ladder has"),
                                 why ? why : clm_core__tr("beyond the ladder"));
    }
    return 0;
}

/* The approval itself (event + credit record), after the checks. */
static int do_approve(clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                      const clm_credit_check *chk, const char *note)
{
    clm_offer__credit rec;
    clm_offer__event ev;
    int rc;
    if ((rc = clm_offer__event_reserve(o)) < 0)
        return rc;
    if ((rc = credit_prepare(&rec, o, CLM_OFFER_STAGE_APPROVAL, chk, who, 0)) < 0)
        return rc;
    if ((rc = clm_offer__event_make(&ev, who, on_behalf_of, "approve", o->state,
                                    CLM_OFFER_APPROVED, note)) < 0) {
        credit_clear(&rec);
        return rc;
    }
    credit_push(o, &rec);
    clm_offer__event_push(o, &ev);
    o->state = CLM_OFFER_APPROVED;
    return 0;
}

int clm_offer_submit(clm_offer *o, const clm_actor *who, const clm_offer_credit *credit)
{
    int rc;
    clm_credit_check chk;
    if (o == NULL || credit == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_submit: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0)
        return rc;
    if ((rc = clm_offer__check_move(o, CLM_OFFER_AWAITING_APPROVAL, "submit")) < 0)
        return rc;
    if (o->pricing == NULL)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: price it before submitting", o->id);
    if (!o->pricing->approvable) {
        return clm_core__fail_at(CLM_EPERM, "approval", "", 0,
                                 "offer %s: no role of the ladder may approve it (%s): change it",
                                 o->id, o->pricing->why ? o->pricing->why : clm_core__tr("beyond the ladder"));
    }
    if ((rc = clm_offer_credit_compute(&chk, o, credit)) < 0)
        return rc;
    if (clm_offer_role_suffices(o, who->role))
        return do_approve(o, who, NULL, &chk, "within the preparer's own authority");
    return clm_offer__act(o, who, NULL, "submit", CLM_OFFER_AWAITING_APPROVAL,
                          o->pricing->why);
}

int clm_offer_approve(clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                      const clm_delegations *delegations, const clm_offer_credit *credit,
                      const char *note)
{
    int rc;
    clm_credit_check chk;
    if (o == NULL || credit == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_approve: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 ||
        (rc = clm_core__check_text(note, CLM_CORE__TEXT_LINE, "note")) < 0)
        return rc;
    if (o->state != CLM_OFFER_AWAITING_APPROVAL)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: cannot approve: it is %s, not awaiting approval",
                                 o->id, clm_offer_state_name(o->state));
    if ((rc = authority(o, who, on_behalf_of, delegations, "approve")) < 0)
        return rc;
    if ((rc = clm_offer_credit_compute(&chk, o, credit)) < 0)
        return rc;
    return do_approve(o, who, on_behalf_of, &chk, note);
}

int clm_offer_refuse(clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                     const clm_delegations *delegations, const char *note)
{
    int rc;
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_refuse: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 ||
        (rc = clm_core__check_text(note, CLM_CORE__TEXT_NAME, "note")) < 0)
        return rc;
    if (o->state != CLM_OFFER_AWAITING_APPROVAL)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: cannot refuse: it is %s, not awaiting approval",
                                 o->id, clm_offer_state_name(o->state));
    if ((rc = authority(o, who, on_behalf_of, delegations, "refuse")) < 0)
        return rc;
    return clm_offer__act(o, who, on_behalf_of, "refuse", CLM_OFFER_DRAFT, note);
}

/* ---- sending ---------------------------------------------------------------------- */

/* The last day of the term of acceptance for an offer sent on `from`: its
 * own term, or the reasonable term (Civil Code art. 441 p. 1). */
static int fix_term(clm_date *out, const clm_offer *o, clm_date from, const clm_offer_rules *rules,
                    const clm_calendar *cal)
{
    int rc;
    if (o->term != CLM_OFFER_NO_DATE) {
        if (o->term < from) {
            char a[CLM_DATE_FORMAT_MAX], b[CLM_DATE_FORMAT_MAX];
            return clm_core__fail_at(CLM_ERANGE, "accept_by", "", 0,
                                     "offer %s: its term of acceptance ended on %s, before %s",
                                     o->id, fmt_date(a, o->term), fmt_date(b, from));
        }
        *out = o->term;
        return 0;
    }
    if ((rc = check_rules(rules)) < 0)
        return rc;
    if (cal == NULL)
        return clm_core__fail_at(CLM_EINVAL, "calendar", "", 0,
                                 "offer %s: the reasonable term needs a calendar", o->id);
    return clm_calendar_add_working_days(out, cal, from, rules->reasonable_days);
}

int clm_offer_send(clm_offer *o, const clm_actor *who, const clm_offer_rules *rules,
                   const clm_calendar *cal, const clm_offer_credit *credit)
{
    int rc;
    clm_credit_check chk;
    clm_date day, by;
    if (o == NULL || credit == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_send: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0)
        return rc;
    if (rules != NULL && (rc = check_rules(rules)) < 0)
        return rc;
    if ((rc = clm_offer__check_move(o, CLM_OFFER_SENT, "send")) < 0)
        return rc;
    day = clm_offer__day(who->at);
    if ((rc = valid_date(day, "who.at")) < 0 || (rc = fix_term(&by, o, day, rules, cal)) < 0)
        return rc;
    if ((rc = clm_offer_credit_compute(&chk, o, credit)) < 0)
        return rc;
    int use_override = 0;
    if (chk.decision == CLM_CREDIT_BLOCK) {
        if (!o->has_override)
            return clm_core__fail_at(CLM_EPERM, "credit", "", 0,
                                     "offer %s: the credit check blocks it (exposure %lld over "
                                     "limit %lld, or debt overdue %d days): record an override "
                                     "by a role the credit policy names",
                                     o->id, (long long)chk.exposure, (long long)chk.limit,
                                     (int)chk.max_days_overdue);
        use_override = 1;
    }
    clm_offer__credit rec;
    clm_offer__event ev;
    if ((rc = clm_offer__event_reserve(o)) < 0)
        return rc;
    if ((rc = credit_prepare(&rec, o, CLM_OFFER_STAGE_SENDING, &chk, who, use_override)) < 0)
        return rc;
    if ((rc = clm_offer__event_make(&ev, who, NULL, "send", o->state, CLM_OFFER_SENT, NULL)) < 0) {
        credit_clear(&rec);
        return rc;
    }
    credit_push(o, &rec);
    clm_offer__event_push(o, &ev);
    o->state = CLM_OFFER_SENT;
    o->sent_on = day;
    o->accept_by = by;
    return 0;
}

int clm_offer_receive(clm_offer *o, const clm_actor *who, clm_date received_on)
{
    int rc;
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_receive: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 ||
        (rc = valid_date(received_on, "received_on")) < 0)
        return rc;
    if (o->state != CLM_OFFER_SENT || o->received_on != CLM_OFFER_NO_DATE)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: receipt is recorded once, on a sent offer", o->id);
    if (received_on < o->sent_on)
        return clm_core__fail_at(CLM_ERANGE, "received_on", "", 0,
                                 "offer %s: received before it was sent", o->id);
    if ((rc = clm_offer__act(o, who, NULL, "receive", o->state, NULL)) < 0)
        return rc;
    o->received_on = received_on;
    return 0;
}

/* ---- withdrawal (art. 435, 436) ------------------------------------------------------- */

int clm_offer_withdrawn_before_binding(const clm_offer *o, clm_date arrives_on)
{
    if (o == NULL)
        return 0;
    if (o->state == CLM_OFFER_WITHDRAWN)
        return o->not_binding;
    if (o->sent_on == CLM_OFFER_NO_DATE)
        return 1;
    /* Civil Code art. 435 p. 2: a withdrawal that reaches the addressee
     * before or together with the offer means it was never received. */
    return o->received_on == CLM_OFFER_NO_DATE || arrives_on <= o->received_on;
}

/* May a sent offer be taken back by a withdrawal reaching the client on
 * `arrives_on`? Sets *not_binding (art. 435 p. 2). */
static int may_revoke(int *not_binding, const clm_offer *o, clm_date arrives_on)
{
    char a[CLM_DATE_FORMAT_MAX], b[CLM_DATE_FORMAT_MAX];
    int rc;
    if ((rc = valid_date(arrives_on, "arrives_on")) < 0)
        return rc;
    if (arrives_on < o->sent_on)
        return clm_core__fail_at(CLM_ERANGE, "arrives_on", "", 0,
                                 "offer %s: a withdrawal cannot arrive before the offer was sent "
                                 "(%s)", o->id, fmt_date(a, o->sent_on));
    *not_binding = clm_offer_withdrawn_before_binding(o, arrives_on);
    /* Civil Code art. 436: a received offer with a term of acceptance cannot
     * be withdrawn during the term, unless the offer itself says so. */
    if (!*not_binding && o->term != CLM_OFFER_NO_DATE && arrives_on <= o->accept_by &&
        !o->revocable)
        return clm_core__fail_at(CLM_EPERM, "arrives_on", "", 0,
                                 "offer %s: received on %s with a term of acceptance to %s, it "
                                 "binds the company for that term and cannot be withdrawn "
                                 "(Civil Code art. 436)",
                                 o->id, fmt_date(a, o->received_on), fmt_date(b, o->accept_by));
    return 0;
}

int clm_offer_withdraw(clm_offer *o, const clm_actor *who, clm_date arrives_on, const char *note)
{
    int rc, not_binding = 1;
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_withdraw: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 ||
        (rc = clm_core__check_text(note, CLM_CORE__TEXT_LINE, "note")) < 0)
        return rc;
    if ((rc = clm_offer__check_move(o, CLM_OFFER_WITHDRAWN, "withdraw")) < 0)
        return rc;
    if (o->state == CLM_OFFER_SENT && (rc = may_revoke(&not_binding, o, arrives_on)) < 0)
        return rc;
    if ((rc = clm_offer__act(o, who, NULL, "withdraw", CLM_OFFER_WITHDRAWN, note)) < 0)
        return rc;
    o->not_binding = not_binding;
    if (o->sent_on != CLM_OFFER_NO_DATE)
        o->withdrawal_on = arrives_on;
    return 0;
}

int clm_offer_expire(clm_offer *o, const clm_actor *who, clm_date today)
{
    int rc;
    char a[CLM_DATE_FORMAT_MAX];
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_expire: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 || (rc = valid_date(today, "today")) < 0)
        return rc;
    if ((rc = clm_offer__check_move(o, CLM_OFFER_EXPIRED, "expire")) < 0)
        return rc;
    /* Civil Code art. 440, 441: the term runs to the end of its last day
     * (art. 194), so the offer lapses the day after. */
    if (today <= o->accept_by)
        return clm_core__fail_at(CLM_ESTATE, "today", "", 0,
                                 "offer %s: its term of acceptance runs to %s", o->id,
                                 fmt_date(a, o->accept_by));
    return clm_offer__act(o, who, NULL, "expire", CLM_OFFER_EXPIRED, NULL);
}

/* ---- acceptance (art. 438, 440-443) ------------------------------------------------------ */

int clm_offer_judge_acceptance(clm_offer_verdict *out, const char **article, const clm_offer *o,
                               const clm_offer_acceptance *a, const clm_offer_rules *rules,
                               const clm_calendar *cal)
{
    int rc;
    if (out == NULL || o == NULL || a == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_judge_acceptance: NULL argument");
    if ((rc = clm_core__check_version(a->version, CLM_OFFER_ACCEPTANCE_VERSION,
                                      "clm_offer_acceptance")) < 0 ||
        (rc = check_rules(rules)) < 0)
        return rc;
    if ((rc = valid_date(a->dispatched_on, "dispatched_on")) < 0 ||
        (rc = valid_date(a->received_on, "received_on")) < 0)
        return rc;
    if (a->dispatched_on > a->received_on)
        return clm_core__fail_at(CLM_EINVAL, "dispatched_on", "", 0,
                                 "acceptance of offer %s: dispatched after it was received", o->id);
    if (a->full != 0 && a->full != 1)
        return clm_core__fail_at(CLM_EINVAL, "full", "", 0, "acceptance: full must be 0 or 1");
    if (a->late_notice_on != CLM_OFFER_NO_DATE &&
        ((rc = valid_date(a->late_notice_on, "late_notice_on")) < 0 ||
         a->late_notice_on < a->received_on))
        return rc < 0 ? rc
                      : clm_core__fail_at(CLM_EINVAL, "late_notice_on", "", 0,
                                          "acceptance: a notice of lateness before the "
                                          "acceptance was received");
    if (a->late_confirmed_on != CLM_OFFER_NO_DATE &&
        ((rc = valid_date(a->late_confirmed_on, "late_confirmed_on")) < 0 ||
         a->late_confirmed_on < a->received_on))
        return rc < 0 ? rc
                      : clm_core__fail_at(CLM_EINVAL, "late_confirmed_on", "", 0,
                                          "acceptance: a confirmation before the acceptance "
                                          "was received");
    clm_offer_verdict v;
    const char *art;
    if (o->state != CLM_OFFER_SENT && o->state != CLM_OFFER_EXPIRED) {
        v = CLM_OFFER_NOT_OPEN;
        /* art. 443: a countered offer can no longer be accepted */
        art = o->state == CLM_OFFER_COUNTERED ? "art. 443" : "art. 438";
    } else if (!a->full) {
        /* art. 438 p. 1, 443: on other terms it is a refusal and a new offer */
        v = CLM_OFFER_COUNTER;
        art = "art. 443";
    } else if (a->received_on <= o->accept_by) {
        v = CLM_OFFER_IN_TIME;
        art = o->term != CLM_OFFER_NO_DATE ? "art. 440" : "art. 441 p. 1";
    } else {
        clm_date prompt;
        if (cal == NULL)
            return clm_core__fail_at(CLM_EINVAL, "calendar", "", 0,
                                     "a late acceptance is judged on a calendar");
        if ((rc = clm_calendar_add_working_days(&prompt, cal, a->received_on,
                                                rules->prompt_notice_days)) < 0)
            return rc;
        if (a->dispatched_on <= o->accept_by) {
            /* art. 442 p. 1: sent in time, received late: valid unless the
             * offeror promptly notifies that it came late */
            int notified = a->late_notice_on != CLM_OFFER_NO_DATE && a->late_notice_on <= prompt;
            v = notified ? CLM_OFFER_LATE_NEW_OFFER : CLM_OFFER_LATE_VALID;
            art = "art. 442 p. 1";
        } else {
            /* art. 442 p. 2: sent late: concluded only if the offeror
             * promptly confirms; otherwise a new offer */
            int confirmed = a->late_confirmed_on != CLM_OFFER_NO_DATE &&
                            a->late_confirmed_on <= prompt;
            v = confirmed ? CLM_OFFER_LATE_CONFIRMED : CLM_OFFER_LATE_NEW_OFFER;
            art = "art. 442 p. 2";
        }
    }
    *out = v;
    if (article)
        *article = art;
    return 0;
}

int clm_offer_accept(clm_offer *o, const clm_actor *who, const clm_offer_acceptance *a,
                     const clm_offer_rules *rules, const clm_calendar *cal,
                     const clm_offer_credit *credit)
{
    int rc;
    clm_offer_verdict v;
    const char *art;
    clm_credit_check chk;
    if (o == NULL || a == NULL || credit == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_accept: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0)
        return rc;
    if ((rc = clm_offer_judge_acceptance(&v, &art, o, a, rules, cal)) < 0)
        return rc;
    if (v != CLM_OFFER_IN_TIME && v != CLM_OFFER_LATE_VALID && v != CLM_OFFER_LATE_CONFIRMED) {
        if (v == CLM_OFFER_NOT_OPEN)
            return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                     "offer %s: cannot accept a %s offer (Civil Code %s)", o->id,
                                     clm_offer_state_name(o->state), art);
        return clm_core__fail_at(CLM_ESTATE, "acceptance", "", 0,
                                 "offer %s: the answer is %s (Civil Code %s): record it as a "
                                 "counter-offer from the client", o->id,
                                 v == CLM_OFFER_COUNTER ? "an acceptance on other terms"
                                                        : "a late acceptance, a new offer",
                                 art);
    }
    if ((rc = clm_offer__check_move(o, CLM_OFFER_ACCEPTED, "accept")) < 0)
        return rc;
    if (o->from_client && (rc = authority(o, who, NULL, NULL, "accept")) < 0)
        return rc;
    if ((rc = clm_offer_credit_compute(&chk, o, credit)) < 0)
        return rc;
    int use_override = 0;
    if (o->from_client && chk.decision == CLM_CREDIT_BLOCK) {
        if (!o->has_override)
            return clm_core__fail_at(CLM_EPERM, "credit", "", 0,
                                     "offer %s from the client: the credit check blocks "
                                     "accepting it: record an override first", o->id);
        use_override = 1;
    }
    char note[96];
    snprintf(note, sizeof note, "%s (Civil Code %s)", clm_offer_verdict_name(v), art);
    clm_offer__credit rec;
    clm_offer__event ev;
    if ((rc = clm_offer__event_reserve(o)) < 0)
        return rc;
    if ((rc = credit_prepare(&rec, o, CLM_OFFER_STAGE_ACCEPTANCE, &chk, who, use_override)) < 0)
        return rc;
    if ((rc = clm_offer__event_make(&ev, who, NULL, "accept", o->state, CLM_OFFER_ACCEPTED,
                                    note)) < 0) {
        credit_clear(&rec);
        return rc;
    }
    credit_push(o, &rec);
    clm_offer__event_push(o, &ev);
    o->state = CLM_OFFER_ACCEPTED;
    o->accepted_on = a->received_on;
    o->verdict = v;
    return 0;
}

int clm_offer_reject(clm_offer *o, const clm_actor *who, const char *note)
{
    int rc;
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_reject: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 ||
        (rc = clm_core__check_text(note, CLM_CORE__TEXT_LINE, "note")) < 0)
        return rc;
    if ((rc = clm_offer__check_move(o, CLM_OFFER_REJECTED, "reject")) < 0)
        return rc;
    return clm_offer__act(o, who, NULL, "reject", CLM_OFFER_REJECTED, note);
}

/* ---- counter-offers and new versions ---------------------------------------------------- */

/* A new draft with o's terms and lines, id `id`, dated `date`. */
static int copy_as_draft(clm_offer **out, const clm_offer *o, const char *id, clm_date date,
                         int from_client, const clm_actor *who)
{
    int rc;
    clm_offer_info info;
    clm_offer_info_get(&info, o);
    info.id = id;
    info.date = date;
    info.from_client = from_client;
    if (info.accept_by != CLM_OFFER_NO_DATE && info.accept_by < date)
        info.accept_by = CLM_OFFER_NO_DATE;
    clm_offer *c;
    if ((rc = clm_offer_new(&c, &info, who)) < 0)
        return rc;
    for (size_t i = 0; i < o->n_lines; i++) {
        clm_offer_line l;
        clm_offer_line_at(&l, o, i);
        if ((rc = clm_offer_add_line(NULL, c, &l)) < 0) {
            clm_offer_free(c);
            return rc;
        }
    }
    *out = c;
    return 0;
}

int clm_offer_counter_draft(clm_offer **out, const clm_offer *o, const char *id,
                            const clm_actor *who)
{
    int rc;
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_counter_draft: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 || (rc = clm_offer__check_id(id, "id")) < 0)
        return rc;
    if (strcmp(id, o->id) == 0)
        return clm_core__fail_at(CLM_EINVAL, "id", "", 0,
                                 "a counter-offer needs an id of its own, not %s", id);
    if (o->state != CLM_OFFER_SENT && o->state != CLM_OFFER_EXPIRED)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: only a sent or expired offer is answered by a "
                                 "counter-offer (it is %s)", o->id, clm_offer_state_name(o->state));
    clm_offer *c;
    clm_date day = clm_offer__day(who->at);
    if ((rc = copy_as_draft(&c, o, id, day > o->date ? day : o->date, 1, who)) < 0)
        return rc;
    if ((c->counter_of = clm_core__strdup(o->id)) == NULL) {
        clm_offer_free(c);
        return clm_core__oom("counter-offer");
    }
    *out = c;
    return 0;
}

int clm_offer_counter(clm_offer *o, clm_offer *counter, const clm_actor *who,
                      clm_date received_on, const clm_offer_rules *rules, const clm_calendar *cal)
{
    int rc;
    clm_date by;
    if (o == NULL || counter == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_counter: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 ||
        (rc = valid_date(received_on, "received_on")) < 0)
        return rc;
    if (rules != NULL && (rc = check_rules(rules)) < 0)
        return rc;
    if (o->state != CLM_OFFER_SENT && o->state != CLM_OFFER_EXPIRED)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: cannot be countered: it is %s", o->id,
                                 clm_offer_state_name(o->state));
    if (o->countered_by != NULL)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s was answered by counter-offer %s already", o->id,
                                 o->countered_by);
    if (!clm_core__streq(counter->counter_of, o->id) || !counter->from_client ||
        strcmp(counter->client_id, o->client_id) != 0 ||
        strcmp(counter->currency, o->currency) != 0)
        return clm_core__fail_at(CLM_EINVAL, "counter", "", 0,
                                 "offer %s: %s is not a counter-offer made from it "
                                 "(clm_offer_counter_draft)", o->id, counter->id);
    if (counter->state != CLM_OFFER_DRAFT || counter->pricing == NULL)
        return clm_core__fail_at(CLM_ESTATE, "counter", "", 0,
                                 "counter-offer %s must be a priced draft", counter->id);
    if (received_on < o->sent_on)
        return clm_core__fail_at(CLM_ERANGE, "received_on", "", 0,
                                 "offer %s: answered before it was sent", o->id);
    if ((rc = fix_term(&by, counter, received_on, rules, cal)) < 0)
        return rc;
    char *link = clm_core__strdup(counter->id);
    if (link == NULL)
        return clm_core__oom("counter-offer");
    clm_offer__event e1, e2;
    clm_offer_state to = o->state == CLM_OFFER_SENT ? CLM_OFFER_COUNTERED : o->state;
    char note[CLM_ID_MAX + 64];
    snprintf(note, sizeof note, "counter-offer %s (Civil Code %s)", counter->id,
             o->state == CLM_OFFER_SENT ? "art. 443" : "art. 442");
    if ((rc = clm_offer__event_reserve(o)) < 0 || (rc = clm_offer__event_reserve(counter)) < 0) {
        clm_core__free(link);
        return rc;
    }
    if ((rc = clm_offer__event_make(&e1, who, NULL, "counter", o->state, to, note)) < 0) {
        clm_core__free(link);
        return rc;
    }
    snprintf(note, sizeof note, "answers offer %s", o->id);
    if ((rc = clm_offer__event_make(&e2, who, NULL, "counter", counter->state, CLM_OFFER_SENT,
                                    note)) < 0) {
        clm_offer__event_clear(&e1);
        clm_core__free(link);
        return rc;
    }
    clm_offer__event_push(o, &e1);
    o->state = to;
    o->countered_by = link;
    clm_offer__event_push(counter, &e2);
    counter->state = CLM_OFFER_SENT;
    counter->sent_on = counter->received_on = received_on;
    counter->accept_by = by;
    return 0;
}

int clm_offer_new_version(clm_offer **out, clm_offer *o, const char *id, const clm_actor *who)
{
    int rc, not_binding = 1;
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_new_version: NULL argument");
    if ((rc = clm_offer__check_actor(who)) < 0 || (rc = clm_offer__check_id(id, "id")) < 0)
        return rc;
    if (strcmp(id, o->id) == 0)
        return clm_core__fail_at(CLM_EINVAL, "id", "", 0,
                                 "a new version needs an id of its own, not %s", id);
    if ((rc = clm_offer__check_move(o, CLM_OFFER_SUPERSEDED, "supersede")) < 0)
        return rc;
    clm_date day = clm_offer__day(who->at);
    if (o->state == CLM_OFFER_SENT && (rc = may_revoke(&not_binding, o, day)) < 0)
        return rc;
    clm_offer *c;
    if ((rc = copy_as_draft(&c, o, id, day > o->date ? day : o->date, o->from_client, who)) < 0)
        return rc;
    c->revision = o->revision + 1;
    char *link = clm_core__strdup(id);
    if ((c->supersedes = clm_core__strdup(o->id)) == NULL || link == NULL ||
        (o->counter_of != NULL && (c->counter_of = clm_core__strdup(o->counter_of)) == NULL)) {
        clm_core__free(link);
        clm_offer_free(c);
        return clm_core__oom("offer version");
    }
    char note[CLM_ID_MAX + 32];
    snprintf(note, sizeof note, "new version %s", id);
    if ((rc = clm_offer__act(o, who, NULL, "supersede", CLM_OFFER_SUPERSEDED, note)) < 0) {
        clm_core__free(link);
        clm_offer_free(c);
        return rc;
    }
    o->superseded_by = link;
    *out = c;
    return 0;
}
