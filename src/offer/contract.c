/*
 * contract.c — the contract object made from an accepted offer: its frozen
 * copy, getters, the amount and exposure, special terms and the acts from
 * agreement to completion and renewal (clm/contract.h).
 */
#include <string.h>

#include "offer_internal.h"

/* ---- helpers ------------------------------------------------------------------ */

static clm_date day_of(clm_time at)
{
    return clm_offer__day(at);
}

void clm_contract__event_clear(clm_contract__event *e)
{
    clm_core__free(e->user);
    clm_core__free(e->role);
    clm_core__free(e->action);
    clm_core__free(e->note);
    memset(e, 0, sizeof *e);
}

void clm_contract__dis_clear(clm_contract__disagreement *d)
{
    clm_core__free(d->clause);
    clm_core__free(d->draft);
    clm_core__free(d->client);
    clm_core__free(d->answer);
    clm_core__free(d->decided_by);
    clm_core__free(d->decided_role);
    clm_core__free(d->note);
    memset(d, 0, sizeof *d);
}

static int check_move(const clm_contract *c, clm_contract_state to, const char *act)
{
    if (!clm_contract_transition_allowed(c->state, to))
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "contract %s: cannot %s: no move from %s to %s", c->id, act,
                                 clm_contract_state_name(c->state), clm_contract_state_name(to));
    return 0;
}

/* Makes room for one more event. */
static int event_reserve(clm_contract *c)
{
    void *arr = c->events;
    int rc = clm_core__grow(&arr, &c->cap_events, c->n_events + 1, sizeof *c->events,
                            "contract events");
    if (rc == 0)
        c->events = arr;
    return rc;
}

/* Builds an event in *e (copies); CLM_ENOMEM leaves *e clear. */
static int event_make(clm_contract__event *e, const clm_actor *who, const char *action,
                      clm_contract_state from, clm_contract_state to, const char *note)
{
    memset(e, 0, sizeof *e);
    e->at = who->at;
    e->from = from;
    e->to = to;
    e->user = clm_core__strdup(who->user);
    e->role = clm_core__strdup(who->role);
    e->action = clm_core__strdup(action);
    if (note != NULL)
        e->note = clm_core__strdup(note);
    if (e->user == NULL || e->role == NULL || e->action == NULL ||
        (note != NULL && e->note == NULL)) {
        clm_contract__event_clear(e);
        return clm_core__oom("contract event");
    }
    return 0;
}

/* Reserve + make: after 0 the caller pushes with event_push, which cannot
 * fail. */
static int event_prepare(clm_contract__event *e, clm_contract *c, const clm_actor *who,
                         const char *action, clm_contract_state to, const char *note)
{
    int rc = event_reserve(c);
    if (rc < 0)
        return rc;
    return event_make(e, who, action, c->state, to, note);
}

static void event_push(clm_contract *c, clm_contract__event *e)
{
    c->events[c->n_events++] = *e;
    memset(e, 0, sizeof *e);
    c->state = c->events[c->n_events - 1].to;
}

/* The whole act for acts that change only the state. */
static int act(clm_contract *c, const clm_actor *who, const char *action, clm_contract_state to,
               const char *note)
{
    clm_contract__event e;
    int rc = event_prepare(&e, c, who, action, to, note);
    if (rc < 0)
        return rc;
    event_push(c, &e);
    return 0;
}

static int check_args(const clm_contract *c, const clm_actor *who, const char *fn)
{
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL contract", fn);
    return clm_actor_check(who);
}

/* ---- the object ---------------------------------------------------------------- */

clm_contract *clm_contract__alloc(void)
{
    clm_contract *c = clm_core__calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->state = CLM_CONTRACT_DRAFT;
    c->created_on = c->agreed_on = c->concluded_on = c->closed_on = CLM_OFFER_NO_DATE;
    return c;
}

void clm_contract_free(clm_contract *c)
{
    if (c == NULL)
        return;
    clm_core__free(c->id);
    clm_offer_free(c->offer);
    clm_core__free(c->renewal_of);
    clm_core__free(c->renewed_by);
    for (size_t i = 0; i < c->n_dis; i++)
        clm_contract__dis_clear(&c->dis[i]);
    clm_core__free(c->dis);
    for (size_t i = 0; i < c->n_specials; i++)
        clm_core__free(c->specials[i].text);
    clm_core__free(c->specials);
    for (size_t i = 0; i < c->n_events; i++)
        clm_contract__event_clear(&c->events[i]);
    clm_core__free(c->events);
    clm_core__free(c);
}

int clm_contract_info_init(clm_contract_info *info)
{
    if (info == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_info_init: NULL");
    *info = (clm_contract_info)CLM_CONTRACT_INFO_INIT;
    return 0;
}

int clm_contract_from_offer(clm_contract **out, const clm_offer *offer,
                            const clm_contract_info *info, const clm_actor *who)
{
    int rc;
    if (out == NULL || offer == NULL || info == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_from_offer: NULL argument");
    if ((rc = clm_core__check_version(info->version, CLM_CONTRACT_INFO_VERSION,
                                      "clm_contract_info")) < 0)
        return rc;
    if ((rc = clm_actor_check(who)) < 0)
        return rc;
    if ((rc = clm_offer__check_id(info->id, "id")) < 0)
        return rc;
    if (info->obligatory != 0 && info->obligatory != 1)
        return clm_core__fail_at(CLM_EINVAL, "obligatory", "", 0,
                                 "contract: obligatory must be 0 or 1");
    /* Civil Code art. 432 p. 2, 433 p. 1: a contract follows an accepted
     * offer, and only that. */
    if (offer->state != CLM_OFFER_ACCEPTED)
        return clm_core__fail_at(CLM_ESTATE, "offer", "", 0,
                                 "contract %s: offer %s is %s, not accepted (Civil Code art. "
                                 "433 p. 1)",
                                 info->id, offer->id, clm_offer_state_name(offer->state));
    clm_contract *c = clm_contract__alloc();
    if (c == NULL)
        return clm_core__oom("contract");
    c->obligatory = info->obligatory;
    c->created_on = day_of(who->at);
    if ((c->id = clm_core__strdup(info->id)) == NULL ||
        (rc = clm_offer_dup(&c->offer, offer)) < 0) {
        clm_contract_free(c);
        return clm_core__oom("contract");
    }
    clm_contract__event e;
    if ((rc = event_prepare(&e, c, who, "create", CLM_CONTRACT_DRAFT, NULL)) < 0) {
        clm_contract_free(c);
        return rc;
    }
    event_push(c, &e);
    *out = c;
    return 0;
}

int clm_contract_dup(clm_contract **out, const clm_contract *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_dup: NULL argument");
    clm_contract *d = clm_contract__alloc();
    if (d == NULL)
        return clm_core__oom("contract");
    d->obligatory = c->obligatory;
    d->state = c->state;
    d->created_on = c->created_on;
    d->agreed_on = c->agreed_on;
    d->concluded_on = c->concluded_on;
    d->closed_on = c->closed_on;
    d->invoiced = c->invoiced;
    d->stored_version = c->stored_version;
    d->id = clm_core__strdup(c->id);
    if (c->renewal_of != NULL)
        d->renewal_of = clm_core__strdup(c->renewal_of);
    if (c->renewed_by != NULL)
        d->renewed_by = clm_core__strdup(c->renewed_by);
    if (d->id == NULL || (c->renewal_of != NULL && d->renewal_of == NULL) ||
        (c->renewed_by != NULL && d->renewed_by == NULL) || clm_offer_dup(&d->offer, c->offer) < 0)
        goto oom;
    if (c->n_dis) {
        if ((d->dis = clm_core__calloc(c->n_dis, sizeof *d->dis)) == NULL)
            goto oom;
        d->cap_dis = c->n_dis;
        for (; d->n_dis < c->n_dis; d->n_dis++) {
            const clm_contract__disagreement *s = &c->dis[d->n_dis];
            clm_contract__disagreement *t = &d->dis[d->n_dis];
            *t = *s;
            t->clause = clm_core__strdup(s->clause);
            t->draft = clm_core__strdup(s->draft);
            t->client = clm_core__strdup(s->client);
            t->answer = clm_core__strdup(s->answer);
            t->decided_by = clm_core__strdup(s->decided_by);
            t->decided_role = clm_core__strdup(s->decided_role);
            t->note = clm_core__strdup(s->note);
            if ((s->clause && !t->clause) || (s->draft && !t->draft) ||
                (s->client && !t->client) || (s->answer && !t->answer) ||
                (s->decided_by && !t->decided_by) || (s->decided_role && !t->decided_role) ||
                (s->note && !t->note)) {
                d->n_dis++;
                goto oom;
            }
        }
    }
    if (c->n_specials) {
        if ((d->specials = clm_core__calloc(c->n_specials, sizeof *d->specials)) == NULL)
            goto oom;
        d->cap_specials = c->n_specials;
        for (; d->n_specials < c->n_specials; d->n_specials++) {
            d->specials[d->n_specials] = c->specials[d->n_specials];
            d->specials[d->n_specials].text = clm_core__strdup(c->specials[d->n_specials].text);
            if (d->specials[d->n_specials].text == NULL)
                goto oom;
        }
    }
    if (c->n_events) {
        if ((d->events = clm_core__calloc(c->n_events, sizeof *d->events)) == NULL)
            goto oom;
        d->cap_events = c->n_events;
        for (; d->n_events < c->n_events; d->n_events++) {
            const clm_contract__event *s = &c->events[d->n_events];
            clm_contract__event *t = &d->events[d->n_events];
            *t = *s;
            t->user = clm_core__strdup(s->user);
            t->role = clm_core__strdup(s->role);
            t->action = clm_core__strdup(s->action);
            t->note = clm_core__strdup(s->note);
            if (!t->user || !t->role || !t->action || (s->note && !t->note)) {
                d->n_events++;
                goto oom;
            }
        }
    }
    *out = d;
    return 0;
oom:
    clm_contract_free(d);
    return clm_core__oom("contract");
}

int clm_contract_equal(const clm_contract *a, const clm_contract *b)
{
    if (a == NULL || b == NULL)
        return 0;
    if (!clm_core__streq(a->id, b->id) || a->obligatory != b->obligatory ||
        a->state != b->state || a->created_on != b->created_on ||
        a->agreed_on != b->agreed_on || a->concluded_on != b->concluded_on ||
        a->closed_on != b->closed_on || a->invoiced != b->invoiced ||
        !clm_core__streq(a->renewal_of, b->renewal_of) ||
        !clm_core__streq(a->renewed_by, b->renewed_by) || a->n_dis != b->n_dis ||
        a->n_specials != b->n_specials || a->n_events != b->n_events ||
        !clm_offer_equal(a->offer, b->offer))
        return 0;
    for (size_t i = 0; i < a->n_dis; i++) {
        const clm_contract__disagreement *x = &a->dis[i], *y = &b->dis[i];
        if (!clm_core__streq(x->clause, y->clause) || x->line != y->line ||
            !clm_core__streq(x->draft, y->draft) || !clm_core__streq(x->client, y->client) ||
            x->has_figure != y->has_figure || (x->has_figure && x->figure != y->figure) ||
            x->received_on != y->received_on || !clm_core__streq(x->answer, y->answer) ||
            x->has_answer_figure != y->has_answer_figure ||
            (x->has_answer_figure && x->answer_figure != y->answer_figure) ||
            x->settlement != y->settlement || !clm_core__streq(x->decided_by, y->decided_by) ||
            !clm_core__streq(x->decided_role, y->decided_role) ||
            x->decided_at != y->decided_at || !clm_core__streq(x->note, y->note))
            return 0;
    }
    for (size_t i = 0; i < a->n_specials; i++) {
        const clm_contract__special *x = &a->specials[i], *y = &b->specials[i];
        if (x->kind != y->kind || !clm_core__streq(x->text, y->text) || x->days != y->days ||
            x->rate != y->rate)
            return 0;
    }
    for (size_t i = 0; i < a->n_events; i++) {
        const clm_contract__event *x = &a->events[i], *y = &b->events[i];
        if (x->at != y->at || !clm_core__streq(x->user, y->user) ||
            !clm_core__streq(x->role, y->role) || !clm_core__streq(x->action, y->action) ||
            x->from != y->from || x->to != y->to || !clm_core__streq(x->note, y->note))
            return 0;
    }
    return 1;
}

/* ---- getters ------------------------------------------------------------------- */

const char *clm_contract_id(const clm_contract *c) { return c ? c->id : NULL; }
clm_contract_state clm_contract_state_get(const clm_contract *c)
{
    return c ? c->state : (clm_contract_state)0;
}
int clm_contract_obligatory(const clm_contract *c) { return c ? c->obligatory : 0; }
const clm_offer *clm_contract_offer(const clm_contract *c) { return c ? c->offer : NULL; }
const char *clm_contract_offer_id(const clm_contract *c) { return c ? c->offer->id : NULL; }
const char *clm_contract_client_id(const clm_contract *c)
{
    return c ? c->offer->client_id : NULL;
}
const char *clm_contract_manager(const clm_contract *c) { return c ? c->offer->manager : NULL; }
const char *clm_contract_currency(const clm_contract *c)
{
    return c ? c->offer->currency : NULL;
}
clm_date clm_contract_created_on(const clm_contract *c)
{
    return c ? c->created_on : CLM_OFFER_NO_DATE;
}
clm_date clm_contract_agreed_on(const clm_contract *c)
{
    return c ? c->agreed_on : CLM_OFFER_NO_DATE;
}
clm_date clm_contract_concluded_on(const clm_contract *c)
{
    return c ? c->concluded_on : CLM_OFFER_NO_DATE;
}
clm_date clm_contract_closed_on(const clm_contract *c)
{
    return c ? c->closed_on : CLM_OFFER_NO_DATE;
}
const char *clm_contract_renewal_of(const clm_contract *c) { return c ? c->renewal_of : NULL; }
const char *clm_contract_renewed_by(const clm_contract *c) { return c ? c->renewed_by : NULL; }
int64_t clm_contract_invoiced(const clm_contract *c) { return c ? c->invoiced : 0; }

/* ---- amounts --------------------------------------------------------------------- */

int clm_contract_amount(int64_t *out, const clm_contract *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_amount: NULL argument");
    const clm_offer__pricing *p = c->offer->pricing;
    if (p == NULL)
        return clm_core__fail_at(CLM_ESTATE, "offer", "", 0,
                                 "contract %s: its offer carries no pricing", c->id);
    int64_t sum = 0;
    for (size_t i = 0; i < p->n; i++) {
        int64_t v = p->lines[i].result.net;
        /* The last settlement on the line counts (one unsettled at a time,
         * so at most one settled figure stands per line in practice; the
         * later one wins). */
        for (size_t k = 0; k < c->n_dis; k++) {
            const clm_contract__disagreement *d = &c->dis[k];
            if (d->line != i)
                continue;
            if (d->settlement == CLM_CONTRACT_CLIENT && d->has_figure)
                v = d->figure;
            else if (d->settlement == CLM_CONTRACT_ANSWER && d->has_answer_figure)
                v = d->answer_figure;
            else if (d->settlement == CLM_CONTRACT_COMPANY)
                v = p->lines[i].result.net;
        }
        if (clm_core__add_ovf(sum, v, &sum))
            return clm_core__fail(CLM_EOVERFLOW, "contract %s: amount overflows", c->id);
    }
    *out = sum;
    return 0;
}

int clm_contract_uninvoiced(int64_t *out, const clm_contract *c)
{
    int64_t amount;
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_uninvoiced: NULL argument");
    if (c->state != CLM_CONTRACT_CONCLUDED && c->state != CLM_CONTRACT_IN_EXECUTION) {
        *out = 0;
        return 0;
    }
    int rc = clm_contract_amount(&amount, c);
    if (rc < 0)
        return rc;
    int64_t left = amount - c->invoiced;   /* invoiced <= amount at every invoice */
    *out = left > 0 ? left : 0;
    return 0;
}

int clm_contract_exposure(int64_t *out, const clm_contract *const *cs, size_t n,
                          const char *client_id, const char *currency)
{
    int rc;
    clm_currency cur;
    if (out == NULL || (cs == NULL && n > 0))
        return clm_core__fail(CLM_EINVAL, "clm_contract_exposure: NULL argument");
    if ((rc = clm_offer__check_id(client_id, "client_id")) < 0)
        return rc;
    if (currency == NULL)
        return clm_core__fail_at(CLM_EINVAL, "currency", "", 0, "contract exposure: NULL currency");
    if ((rc = clm_currency_find(&cur, currency)) < 0)
        return rc;
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t v;
        if (cs[i] == NULL)
            return clm_core__fail(CLM_EINVAL, "clm_contract_exposure: contract %zu is NULL", i);
        if (strcmp(cs[i]->offer->client_id, client_id) != 0 ||
            strcmp(cs[i]->offer->currency, currency) != 0)
            continue;
        if ((rc = clm_contract_uninvoiced(&v, cs[i])) < 0)
            return rc;
        if (clm_core__add_ovf(sum, v, &sum))
            return clm_core__fail(CLM_EOVERFLOW, "contract exposure overflows");
    }
    *out = sum;
    return 0;
}

/* ---- special terms ----------------------------------------------------------------- */

int clm_contract_special_init(clm_contract_special *s)
{
    if (s == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_special_init: NULL");
    *s = (clm_contract_special)CLM_CONTRACT_SPECIAL_INIT;
    return 0;
}

int clm_contract_add_special(clm_contract *c, const clm_actor *who, const clm_contract_special *s)
{
    int rc;
    if ((rc = check_args(c, who, "clm_contract_add_special")) < 0)
        return rc;
    if (s == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_add_special: NULL term");
    if ((rc = clm_core__check_version(s->version, CLM_CONTRACT_SPECIAL_VERSION,
                                      "clm_contract_special")) < 0)
        return rc;
    if (clm_contract_special_kind_name(s->kind) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "kind", "", 0, "special term: kind %d is not one",
                                 (int)s->kind);
    if (s->text == NULL || s->text[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "text", "", 0, "special term: text is required");
    if ((rc = clm_core__check_text(s->text, CLM_CORE__TEXT_NOTE, "text")) < 0)
        return rc;
    if (s->kind == CLM_CONTRACT_ACCELERATED ? s->days <= 0 : s->days != 0)
        return clm_core__fail_at(CLM_EINVAL, "days", "", 0,
                                 "special term: days > 0 for an accelerated deadline, else 0");
    if (s->kind == CLM_CONTRACT_INDIVIDUAL ? (s->rate <= 0 || s->rate > CLM_RATE_ONE)
                                           : s->rate != 0)
        return clm_core__fail_at(CLM_EINVAL, "rate", "", 0,
                                 "special term: rate 0..100%% (not 0) for an individual "
                                 "discount, else 0");
    if (c->state != CLM_CONTRACT_DRAFT && c->state != CLM_CONTRACT_NEGOTIATION &&
        c->state != CLM_CONTRACT_AGREED)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "contract %s: special terms only before conclusion (it is %s)",
                                 c->id, clm_contract_state_name(c->state));
    if (c->n_specials >= CLM_CONTRACT__MAX_SPECIALS)
        return clm_core__fail(CLM_ELIMIT, "contract %s: more than %d special terms", c->id,
                              CLM_CONTRACT__MAX_SPECIALS);
    void *arr = c->specials;
    if ((rc = clm_core__grow(&arr, &c->cap_specials, c->n_specials + 1, sizeof *c->specials,
                             "contract special terms")) < 0)
        return rc;
    c->specials = arr;
    char *text = clm_core__strdup(s->text);
    if (text == NULL)
        return clm_core__oom("contract special term");
    clm_contract__event e;
    if ((rc = event_prepare(&e, c, who, "special", c->state,
                            clm_contract_special_kind_name(s->kind))) < 0) {
        clm_core__free(text);
        return rc;
    }
    c->specials[c->n_specials++] =
        (clm_contract__special){ .kind = s->kind, .text = text, .days = s->days, .rate = s->rate };
    event_push(c, &e);
    return 0;
}

size_t clm_contract_special_count(const clm_contract *c) { return c ? c->n_specials : 0; }

int clm_contract_special_at(clm_contract_special *out, const clm_contract *c, size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_special_at: NULL argument");
    if (i >= c->n_specials)
        return clm_core__fail(CLM_ERANGE, "contract %s: no special term %zu", c->id, i);
    const clm_contract__special *s = &c->specials[i];
    *out = (clm_contract_special){ .version = CLM_CONTRACT_SPECIAL_VERSION, .kind = s->kind,
                                   .text = s->text, .days = s->days, .rate = s->rate };
    return 0;
}

/* ---- the acts ------------------------------------------------------------------------ */

int clm_contract_agree(clm_contract *c, const clm_actor *who)
{
    int rc;
    if ((rc = check_args(c, who, "clm_contract_agree")) < 0)
        return rc;
    if ((rc = check_move(c, CLM_CONTRACT_AGREED, "agree")) < 0)
        return rc;
    /* Civil Code art. 432 p. 1: agreed only on all its terms. */
    for (size_t i = 0; i < c->n_dis; i++) {
        const clm_contract__disagreement *d = &c->dis[i];
        if (clm_contract_settled(d->settlement))
            continue;
        if (d->clause != NULL)
            return clm_core__fail_at(CLM_ESTATE, "disagreements", "", 0,
                                     "contract %s: clause %s is %s: every disagreement must be "
                                     "settled (Civil Code art. 432 p. 1)",
                                     c->id, d->clause, clm_contract_settlement_name(d->settlement));
        return clm_core__fail_at(CLM_ESTATE, "disagreements", "", 0,
                                 "contract %s: line %zu is %s: every disagreement must be "
                                 "settled (Civil Code art. 432 p. 1)",
                                 c->id, d->line + 1, clm_contract_settlement_name(d->settlement));
    }
    clm_contract__event e;
    if ((rc = event_prepare(&e, c, who, "agree", CLM_CONTRACT_AGREED, NULL)) < 0)
        return rc;
    c->agreed_on = day_of(who->at);
    event_push(c, &e);
    return 0;
}

int clm_contract_conclude(clm_contract *c, const clm_actor *who, clm_date signed_on)
{
    int rc;
    if ((rc = check_args(c, who, "clm_contract_conclude")) < 0)
        return rc;
    if ((rc = check_move(c, CLM_CONTRACT_CONCLUDED, "conclude")) < 0)
        return rc;
    if (signed_on < c->agreed_on || signed_on > day_of(who->at))
        return clm_core__fail_at(CLM_ERANGE, "signed_on", "", 0,
                                 "contract %s: signed before it was agreed or after the day of "
                                 "the act",
                                 c->id);
    clm_contract__event e;
    if ((rc = event_prepare(&e, c, who, "conclude", CLM_CONTRACT_CONCLUDED, NULL)) < 0)
        return rc;
    c->concluded_on = signed_on;
    event_push(c, &e);
    return 0;
}

int clm_contract_start(clm_contract *c, const clm_actor *who)
{
    int rc;
    if ((rc = check_args(c, who, "clm_contract_start")) < 0)
        return rc;
    if ((rc = check_move(c, CLM_CONTRACT_IN_EXECUTION, "start")) < 0)
        return rc;
    return act(c, who, "start", CLM_CONTRACT_IN_EXECUTION, NULL);
}

int clm_contract_invoice(clm_contract *c, const clm_actor *who, int64_t amount)
{
    int rc;
    int64_t total, after;
    if ((rc = check_args(c, who, "clm_contract_invoice")) < 0)
        return rc;
    if (amount <= 0)
        return clm_core__fail_at(CLM_EINVAL, "amount", "", 0,
                                 "contract %s: an invoiced amount must be > 0", c->id);
    if (c->state != CLM_CONTRACT_CONCLUDED && c->state != CLM_CONTRACT_IN_EXECUTION)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "contract %s: cannot invoice: it is %s", c->id,
                                 clm_contract_state_name(c->state));
    if ((rc = clm_contract_amount(&total, c)) < 0)
        return rc;
    if (clm_core__add_ovf(c->invoiced, amount, &after))
        return clm_core__fail(CLM_EOVERFLOW, "contract %s: invoiced overflows", c->id);
    if (after > total)
        return clm_core__fail_at(CLM_ERANGE, "amount", "", 0,
                                 "contract %s: invoicing %lld would exceed the amount %lld "
                                 "(%lld invoiced)",
                                 c->id, (long long)amount, (long long)total,
                                 (long long)c->invoiced);
    clm_contract__event e;
    if ((rc = event_prepare(&e, c, who, "invoice", CLM_CONTRACT_IN_EXECUTION, NULL)) < 0)
        return rc;
    c->invoiced = after;
    event_push(c, &e);
    return 0;
}

int clm_contract_complete(clm_contract *c, const clm_actor *who)
{
    int rc;
    if ((rc = check_args(c, who, "clm_contract_complete")) < 0)
        return rc;
    if ((rc = check_move(c, CLM_CONTRACT_COMPLETED, "complete")) < 0)
        return rc;
    clm_contract__event e;
    if ((rc = event_prepare(&e, c, who, "complete", CLM_CONTRACT_COMPLETED, NULL)) < 0)
        return rc;
    c->closed_on = day_of(who->at);
    event_push(c, &e);
    return 0;
}

int clm_contract_terminate(clm_contract *c, const clm_actor *who, const char *note)
{
    int rc;
    if ((rc = check_args(c, who, "clm_contract_terminate")) < 0)
        return rc;
    if ((rc = clm_core__check_text(note, CLM_CORE__TEXT_NAME, "note")) < 0)
        return rc;
    if ((rc = check_move(c, CLM_CONTRACT_TERMINATED, "terminate")) < 0)
        return rc;
    clm_contract__event e;
    if ((rc = event_prepare(&e, c, who, "terminate", CLM_CONTRACT_TERMINATED, note)) < 0)
        return rc;
    c->closed_on = day_of(who->at);
    event_push(c, &e);
    return 0;
}

int clm_contract_renew(clm_contract **out, clm_contract *c, const char *id, const clm_actor *who)
{
    int rc;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_renew: NULL argument");
    if ((rc = check_args(c, who, "clm_contract_renew")) < 0)
        return rc;
    if ((rc = clm_offer__check_id(id, "id")) < 0)
        return rc;
    if (strcmp(id, c->id) == 0)
        return clm_core__fail_at(CLM_EINVAL, "id", "", 0,
                                 "contract %s: a renewal needs an id of its own", c->id);
    if ((c->state != CLM_CONTRACT_IN_EXECUTION && c->state != CLM_CONTRACT_COMPLETED) ||
        c->renewed_by != NULL)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "contract %s: cannot renew: it is %s%s", c->id,
                                 clm_contract_state_name(c->state),
                                 c->renewed_by != NULL ? " and renewed already" : "");
    clm_contract *n = clm_contract__alloc();
    if (n == NULL)
        return clm_core__oom("contract");
    n->obligatory = c->obligatory;
    n->created_on = day_of(who->at);
    char *by = clm_core__strdup(id);
    if (by == NULL || (n->id = clm_core__strdup(id)) == NULL ||
        (n->renewal_of = clm_core__strdup(c->id)) == NULL ||
        clm_offer_dup(&n->offer, c->offer) < 0)
        goto oom;
    if (c->n_specials) {
        if ((n->specials = clm_core__calloc(c->n_specials, sizeof *n->specials)) == NULL)
            goto oom;
        n->cap_specials = c->n_specials;
        for (; n->n_specials < c->n_specials; n->n_specials++) {
            n->specials[n->n_specials] = c->specials[n->n_specials];
            if ((n->specials[n->n_specials].text =
                     clm_core__strdup(c->specials[n->n_specials].text)) == NULL)
                goto oom;
        }
    }
    clm_contract__event en, eo;
    if ((rc = event_prepare(&en, n, who, "create", CLM_CONTRACT_DRAFT, c->id)) < 0)
        goto fail;
    event_push(n, &en);
    if ((rc = event_prepare(&eo, c, who, "renew", c->state, id)) < 0)
        goto fail;
    c->renewed_by = by;
    event_push(c, &eo);
    *out = n;
    return 0;
oom:
    rc = clm_core__oom("contract");
fail:
    clm_core__free(by);
    clm_contract_free(n);
    return rc;
}

/* ---- events ---------------------------------------------------------------------------- */

size_t clm_contract_event_count(const clm_contract *c) { return c ? c->n_events : 0; }

int clm_contract_event_at(clm_contract_event *out, const clm_contract *c, size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_event_at: NULL argument");
    if (i >= c->n_events)
        return clm_core__fail(CLM_ERANGE, "contract %s: no event %zu", c->id, i);
    const clm_contract__event *e = &c->events[i];
    *out = (clm_contract_event){ .at = e->at, .user = e->user, .role = e->role,
                                 .action = e->action, .from = e->from, .to = e->to,
                                 .note = e->note };
    return 0;
}
