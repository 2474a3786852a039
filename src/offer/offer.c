/*
 * offer.c — the offer object: creation, copies, comparison, getters, lines
 * and terms, and the event helpers every act uses (clm/offer.h).
 */
#include <string.h>

#include "offer_internal.h"

/* ---- small helpers ---------------------------------------------------------- */

clm_date clm_offer__day(clm_time at)
{
    int64_t d = at / 86400;
    if (at % 86400 < 0)
        d--;
    return (clm_date)d;
}

int clm_offer__check_actor(const clm_actor *who)
{
    return clm_actor_check(who);
}

int clm_offer__check_id(const char *s, const char *field)
{
    return clm_core__check_text(s, CLM_CORE__TEXT_ID, field);
}

int clm_offer__check_move(const clm_offer *o, clm_offer_state to, const char *act)
{
    if (!clm_offer_transition_allowed(o->state, to))
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: cannot %s: no move from %s to %s", o->id, act,
                                 clm_offer_state_name(o->state), clm_offer_state_name(to));
    return 0;
}

void clm_offer__event_clear(clm_offer__event *e)
{
    clm_core__free(e->user);
    clm_core__free(e->role);
    clm_core__free(e->on_behalf_of);
    clm_core__free(e->action);
    clm_core__free(e->note);
    memset(e, 0, sizeof *e);
}

int clm_offer__event_make(clm_offer__event *e, const clm_actor *who, const char *on_behalf_of,
                          const char *action, clm_offer_state from, clm_offer_state to,
                          const char *note)
{
    memset(e, 0, sizeof *e);
    e->at = who->at;
    e->from = from;
    e->to = to;
    e->user = clm_core__strdup(who->user);
    e->role = clm_core__strdup(who->role);
    e->action = clm_core__strdup(action);
    if (on_behalf_of != NULL)
        e->on_behalf_of = clm_core__strdup(on_behalf_of);
    if (note != NULL)
        e->note = clm_core__strdup(note);
    if (e->user == NULL || e->role == NULL || e->action == NULL ||
        (on_behalf_of != NULL && e->on_behalf_of == NULL) || (note != NULL && e->note == NULL)) {
        clm_offer__event_clear(e);
        return clm_core__oom("offer event");
    }
    return 0;
}

int clm_offer__event_reserve(clm_offer *o)
{
    void *arr = o->events;
    int rc = clm_core__grow(&arr, &o->cap_events, o->n_events + 1, sizeof *o->events,
                            "offer events");
    if (rc == 0)
        o->events = arr;
    return rc;
}

void clm_offer__event_push(clm_offer *o, clm_offer__event *e)
{
    o->events[o->n_events++] = *e;
    memset(e, 0, sizeof *e);
}

int clm_offer__act(clm_offer *o, const clm_actor *who, const char *on_behalf_of,
                   const char *action, clm_offer_state to, const char *note)
{
    clm_offer__event ev;
    int rc = clm_offer__event_reserve(o);
    if (rc < 0)
        return rc;
    rc = clm_offer__event_make(&ev, who, on_behalf_of, action, o->state, to, note);
    if (rc < 0)
        return rc;
    clm_offer__event_push(o, &ev);
    o->state = to;
    return 0;
}

/* ---- pricing snapshot: free and copy ------------------------------------------ */

void clm_offer__pricing_free(clm_offer__pricing *p)
{
    if (p == NULL)
        return;
    if (p->trace != NULL)
        for (size_t b = 0; b <= p->n; b++) {
            for (size_t i = 0; i < p->trace[b].n; i++) {
                clm_core__free((char *)p->trace[b].e[i].name);
                clm_core__free((char *)p->trace[b].e[i].reason);
            }
            clm_core__free(p->trace[b].e);
        }
    clm_core__free(p->trace);
    clm_core__free(p->lines);
    clm_core__free(p->policy_name);
    clm_core__free(p->policy_version);
    for (size_t i = 0; i < p->ladder_n; i++)
        clm_core__free(p->ladder[i]);
    clm_core__free(p->ladder);
    clm_core__free(p->why);
    clm_core__free(p);
}

int clm_offer__pricing_dup(clm_offer__pricing **out, const clm_offer__pricing *p)
{
    clm_offer__pricing *q = clm_core__calloc(1, sizeof *q);
    if (q == NULL)
        return clm_core__oom("offer pricing");
    q->n = p->n;
    q->totals = p->totals;
    q->required = p->required;
    q->approvable = p->approvable;
    q->priced_on = p->priced_on;
    q->lines = clm_core__calloc(p->n ? p->n : 1, sizeof *q->lines);
    q->trace = clm_core__calloc(p->n + 1, sizeof *q->trace);
    q->policy_name = clm_core__strdup(p->policy_name);
    q->policy_version = clm_core__strdup(p->policy_version);
    q->why = p->why != NULL ? clm_core__strdup(p->why) : NULL;
    if (q->lines == NULL || q->trace == NULL || q->policy_name == NULL ||
        q->policy_version == NULL || (p->why != NULL && q->why == NULL))
        goto oom;
    if (p->n)
        memcpy(q->lines, p->lines, p->n * sizeof *q->lines);
    if (p->ladder_n) {
        q->ladder = clm_core__calloc(p->ladder_n, sizeof *q->ladder);
        if (q->ladder == NULL)
            goto oom;
        for (; q->ladder_n < p->ladder_n; q->ladder_n++)
            if ((q->ladder[q->ladder_n] = clm_core__strdup(p->ladder[q->ladder_n])) == NULL)
                goto oom;
    }
    for (size_t b = 0; b <= p->n; b++) {
        if (p->trace[b].n == 0)
            continue;
        q->trace[b].e = clm_core__calloc(p->trace[b].n, sizeof *q->trace[b].e);
        if (q->trace[b].e == NULL)
            goto oom;
        for (; q->trace[b].n < p->trace[b].n; q->trace[b].n++) {
            clm_discount_trace_entry *d = &q->trace[b].e[q->trace[b].n];
            *d = p->trace[b].e[q->trace[b].n];
            d->name = clm_core__strdup(d->name);
            d->reason = clm_core__strdup(d->reason);
            if (d->name == NULL || d->reason == NULL) {
                clm_core__free((char *)d->name);
                clm_core__free((char *)d->reason);
                goto oom;
            }
        }
    }
    *out = q;
    return 0;
oom:
    clm_offer__pricing_free(q);
    return clm_core__oom("offer pricing");
}

/* ---- the object ------------------------------------------------------------------ */

clm_offer *clm_offer__alloc(void)
{
    clm_offer *o = clm_core__calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    o->term = CLM_OFFER_NO_DATE;
    o->sent_on = o->received_on = o->accept_by = o->accepted_on = CLM_OFFER_NO_DATE;
    o->withdrawal_on = CLM_OFFER_NO_DATE;
    o->state = CLM_OFFER_DRAFT;
    o->revision = 1;
    return o;
}

static void line_clear(clm_offer__line *l)
{
    clm_core__free(l->product);
    clm_core__free(l->group);
}

static void credit_clear(clm_offer__credit *c)
{
    clm_core__free(c->user);
    clm_core__free(c->role);
    clm_core__free(c->ov_user);
    clm_core__free(c->ov_role);
    clm_core__free(c->ov_note);
}

void clm_offer_free(clm_offer *o)
{
    if (o == NULL)
        return;
    clm_core__free(o->id);
    clm_core__free(o->client_id);
    clm_core__free(o->manager);
    clm_core__free(o->delivery);
    clm_core__free(o->supersedes);
    clm_core__free(o->superseded_by);
    clm_core__free(o->counter_of);
    clm_core__free(o->countered_by);
    for (size_t i = 0; i < o->n_lines; i++)
        line_clear(&o->lines[i]);
    clm_core__free(o->lines);
    clm_offer__pricing_free(o->pricing);
    for (size_t i = 0; i < o->n_credits; i++)
        credit_clear(&o->credits[i]);
    clm_core__free(o->credits);
    clm_core__free(o->ov_user);
    clm_core__free(o->ov_role);
    clm_core__free(o->ov_note);
    for (size_t i = 0; i < o->n_events; i++)
        clm_offer__event_clear(&o->events[i]);
    clm_core__free(o->events);
    clm_core__free(o);
}

int clm_offer_rules_init(clm_offer_rules *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_rules_init: NULL");
    *r = (clm_offer_rules)CLM_OFFER_RULES_INIT;
    return 0;
}

int clm_offer_info_init(clm_offer_info *info)
{
    if (info == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_info_init: NULL");
    *info = (clm_offer_info)CLM_OFFER_INFO_INIT;
    return 0;
}

int clm_offer_line_init(clm_offer_line *l)
{
    if (l == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_line_init: NULL");
    *l = (clm_offer_line)CLM_OFFER_LINE_INIT;
    return 0;
}

static int check_date(clm_date d, const char *field)
{
    if (d < CLM_DATE_MIN || d > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "offer: %s is not a valid date",
                                 field);
    return 0;
}

/* The terms part of an info (shared by new and set_terms). */
static int check_terms(const clm_offer_info *t, clm_date date)
{
    int rc;
    if (t->prepayment < 0 || t->prepayment > CLM_RATE_ONE)
        return clm_core__fail_at(CLM_EINVAL, "prepayment", "", 0,
                                 "offer: prepayment must be 0..100%%");
    if (t->deferral_days < 0)
        return clm_core__fail_at(CLM_EINVAL, "deferral_days", "", 0,
                                 "offer: deferral_days must be >= 0");
    if (t->delivery_days < 0)
        return clm_core__fail_at(CLM_EINVAL, "delivery_days", "", 0,
                                 "offer: delivery_days must be >= 0");
    if ((rc = clm_core__check_text(t->delivery, CLM_CORE__TEXT_LINE, "delivery")) < 0)
        return rc;
    if (t->accept_by != CLM_OFFER_NO_DATE) {
        if ((rc = check_date(t->accept_by, "accept_by")) < 0)
            return rc;
        if (t->accept_by < date)
            return clm_core__fail_at(CLM_EINVAL, "accept_by", "", 0,
                                     "offer: the term of acceptance ends before the offer's date");
    }
    if (t->revocable != 0 && t->revocable != 1)
        return clm_core__fail_at(CLM_EINVAL, "revocable", "", 0, "offer: revocable must be 0 or 1");
    return 0;
}

int clm_offer_new(clm_offer **out, const clm_offer_info *info, const clm_actor *who)
{
    int rc;
    clm_currency cur;
    if (out == NULL || info == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_new: NULL argument");
    if ((rc = clm_core__check_version(info->version, CLM_OFFER_INFO_VERSION, "clm_offer_info")) < 0)
        return rc;
    if ((rc = clm_offer__check_actor(who)) < 0)
        return rc;
    if ((rc = clm_offer__check_id(info->id, "id")) < 0 ||
        (rc = clm_offer__check_id(info->client_id, "client_id")) < 0 ||
        (rc = clm_offer__check_id(info->manager, "manager")) < 0)
        return rc;
    if (info->currency == NULL)
        return clm_core__fail_at(CLM_EINVAL, "currency", "", 0, "offer: currency is NULL");
    if ((rc = clm_currency_find(&cur, info->currency)) < 0)
        return rc;
    if ((rc = check_date(info->date, "date")) < 0 || (rc = check_terms(info, info->date)) < 0)
        return rc;
    if (info->from_client != 0 && info->from_client != 1)
        return clm_core__fail_at(CLM_EINVAL, "from_client", "", 0,
                                 "offer: from_client must be 0 or 1");
    clm_offer *o = clm_offer__alloc();
    if (o == NULL)
        return clm_core__oom("offer");
    o->id = clm_core__strdup(info->id);
    o->client_id = clm_core__strdup(info->client_id);
    o->manager = clm_core__strdup(info->manager);
    o->delivery = info->delivery != NULL ? clm_core__strdup(info->delivery) : NULL;
    if (o->id == NULL || o->client_id == NULL || o->manager == NULL ||
        (info->delivery != NULL && o->delivery == NULL)) {
        clm_offer_free(o);
        return clm_core__oom("offer");
    }
    memcpy(o->currency, cur.code, sizeof o->currency);
    o->date = info->date;
    o->from_client = info->from_client;
    o->prepayment = info->prepayment;
    o->deferral_days = info->deferral_days;
    o->delivery_days = info->delivery_days;
    o->term = info->accept_by;
    o->revocable = info->revocable;
    if ((rc = clm_offer__act(o, who, NULL, "create", CLM_OFFER_DRAFT, NULL)) < 0) {
        clm_offer_free(o);
        return rc;
    }
    *out = o;
    return 0;
}

int clm_offer_set_terms(clm_offer *o, const clm_offer_info *t)
{
    int rc;
    if (o == NULL || t == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_set_terms: NULL argument");
    if ((rc = clm_core__check_version(t->version, CLM_OFFER_INFO_VERSION, "clm_offer_info")) < 0)
        return rc;
    if (o->state != CLM_OFFER_DRAFT)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: terms change only in a draft (it is %s)", o->id,
                                 clm_offer_state_name(o->state));
    if ((rc = check_terms(t, o->date)) < 0)
        return rc;
    char *delivery = NULL;
    if (t->delivery != NULL && (delivery = clm_core__strdup(t->delivery)) == NULL)
        return clm_core__oom("offer terms");
    clm_core__free(o->delivery);
    o->delivery = delivery;
    o->prepayment = t->prepayment;
    o->deferral_days = t->deferral_days;
    o->delivery_days = t->delivery_days;
    o->term = t->accept_by;
    o->revocable = t->revocable;
    clm_offer__pricing_free(o->pricing);
    o->pricing = NULL;
    return 0;
}

/* ---- copies ---------------------------------------------------------------------- */

static int dup_str(char **dst, const char *src)
{
    if (src == NULL) {
        *dst = NULL;
        return 0;
    }
    *dst = clm_core__strdup(src);
    return *dst == NULL ? -1 : 0;
}

int clm_offer_dup(clm_offer **out, const clm_offer *o)
{
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_dup: NULL argument");
    clm_offer *c = clm_offer__alloc();
    if (c == NULL)
        return clm_core__oom("offer copy");
    /* scalars first, then every owned pointer reset before copying */
    *c = *o;
    c->id = c->client_id = c->manager = c->delivery = NULL;
    c->supersedes = c->superseded_by = c->counter_of = c->countered_by = NULL;
    c->ov_user = c->ov_role = c->ov_note = NULL;
    c->lines = NULL;
    c->n_lines = c->cap_lines = 0;
    c->pricing = NULL;
    c->credits = NULL;
    c->n_credits = c->cap_credits = 0;
    c->events = NULL;
    c->n_events = c->cap_events = 0;
    if (dup_str(&c->id, o->id) || dup_str(&c->client_id, o->client_id) ||
        dup_str(&c->manager, o->manager) || dup_str(&c->delivery, o->delivery) ||
        dup_str(&c->supersedes, o->supersedes) || dup_str(&c->superseded_by, o->superseded_by) ||
        dup_str(&c->counter_of, o->counter_of) || dup_str(&c->countered_by, o->countered_by) ||
        dup_str(&c->ov_user, o->ov_user) || dup_str(&c->ov_role, o->ov_role) ||
        dup_str(&c->ov_note, o->ov_note))
        goto oom;
    if (o->n_lines) {
        c->lines = clm_core__calloc(o->n_lines, sizeof *c->lines);
        if (c->lines == NULL)
            goto oom;
        c->cap_lines = o->n_lines;
        for (; c->n_lines < o->n_lines; c->n_lines++) {
            clm_offer__line *d = &c->lines[c->n_lines];
            *d = o->lines[c->n_lines];
            d->product = d->group = NULL;
            if (dup_str(&d->product, o->lines[c->n_lines].product) ||
                dup_str(&d->group, o->lines[c->n_lines].group)) {
                line_clear(d);
                goto oom;
            }
        }
    }
    if (o->pricing != NULL && clm_offer__pricing_dup(&c->pricing, o->pricing) < 0)
        goto oom;
    if (o->n_credits) {
        c->credits = clm_core__calloc(o->n_credits, sizeof *c->credits);
        if (c->credits == NULL)
            goto oom;
        c->cap_credits = o->n_credits;
        for (; c->n_credits < o->n_credits; c->n_credits++) {
            const clm_offer__credit *s = &o->credits[c->n_credits];
            clm_offer__credit *d = &c->credits[c->n_credits];
            *d = *s;
            d->user = d->role = d->ov_user = d->ov_role = d->ov_note = NULL;
            if (dup_str(&d->user, s->user) || dup_str(&d->role, s->role) ||
                dup_str(&d->ov_user, s->ov_user) || dup_str(&d->ov_role, s->ov_role) ||
                dup_str(&d->ov_note, s->ov_note)) {
                credit_clear(d);
                goto oom;
            }
        }
    }
    if (o->n_events) {
        c->events = clm_core__calloc(o->n_events, sizeof *c->events);
        if (c->events == NULL)
            goto oom;
        c->cap_events = o->n_events;
        for (; c->n_events < o->n_events; c->n_events++) {
            const clm_offer__event *s = &o->events[c->n_events];
            clm_offer__event *d = &c->events[c->n_events];
            *d = *s;
            d->user = d->role = d->on_behalf_of = d->action = d->note = NULL;
            if (dup_str(&d->user, s->user) || dup_str(&d->role, s->role) ||
                dup_str(&d->on_behalf_of, s->on_behalf_of) || dup_str(&d->action, s->action) ||
                dup_str(&d->note, s->note)) {
                clm_offer__event_clear(d);
                goto oom;
            }
        }
    }
    *out = c;
    return 0;
oom:
    clm_offer_free(c);
    return clm_core__oom("offer copy");
}

/* ---- equality --------------------------------------------------------------------- */

#define SEQ(a, b) clm_core__streq((a), (b))

static int money_eq(const clm_money *a, const clm_money *b)
{
    return a->amount == b->amount && strcmp(a->currency, b->currency) == 0;
}

static int trace_eq(const clm_discount_trace_entry *a, const clm_discount_trace_entry *b)
{
    return a->kind == b->kind && a->stage == b->stage && a->rule == b->rule &&
           SEQ(a->name, b->name) && a->before == b->before && a->amount == b->amount &&
           a->after == b->after && SEQ(a->reason, b->reason);
}

static int line_result_eq(const clm_discount_line_result *a, const clm_discount_line_result *b)
{
    return a->base == b->base && a->discount == b->discount && a->surcharge == b->surcharge &&
           a->capped == b->capped && a->net == b->net && a->cost == b->cost &&
           a->rate == b->rate && a->has_margin == b->has_margin &&
           (!a->has_margin || a->margin == b->margin) && a->rules_applied == b->rules_applied &&
           a->unit_price == b->unit_price;
}

static int totals_eq(const clm_discount_totals *a, const clm_discount_totals *b)
{
    return a->base == b->base && a->discount == b->discount && a->surcharge == b->surcharge &&
           a->capped == b->capped && a->net == b->net && a->rate == b->rate &&
           a->max_line_rate == b->max_line_rate && a->max_line == b->max_line &&
           a->has_margin == b->has_margin &&
           (!a->has_margin || (a->min_margin == b->min_margin &&
                               a->min_margin_line == b->min_margin_line)) &&
           a->approval == b->approval && a->approvable == b->approvable &&
           a->role_suffices == b->role_suffices && a->has_early_payment == b->has_early_payment &&
           (!a->has_early_payment ||
            (a->early_payment_rule == b->early_payment_rule &&
             a->early_payment_rate == b->early_payment_rate &&
             a->early_payment_days == b->early_payment_days &&
             a->early_payment_net_days == b->early_payment_net_days &&
             a->early_payment_amount == b->early_payment_amount &&
             a->early_payment_annual_cost == b->early_payment_annual_cost));
}

static int pricing_eq(const clm_offer__pricing *a, const clm_offer__pricing *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->n != b->n || !totals_eq(&a->totals, &b->totals) ||
        !SEQ(a->policy_name, b->policy_name) || !SEQ(a->policy_version, b->policy_version) ||
        a->ladder_n != b->ladder_n || a->required != b->required ||
        a->approvable != b->approvable || !SEQ(a->why, b->why) || a->priced_on != b->priced_on)
        return 0;
    for (size_t i = 0; i < a->ladder_n; i++)
        if (!SEQ(a->ladder[i], b->ladder[i]))
            return 0;
    for (size_t i = 0; i < a->n; i++) {
        const clm_offer_line_price *x = &a->lines[i], *y = &b->lines[i];
        if (!line_result_eq(&x->result, &y->result) || x->source != y->source ||
            x->has_list_price != y->has_list_price ||
            (x->has_list_price && (x->list_price != y->list_price || x->list_rate != y->list_rate)))
            return 0;
    }
    for (size_t t = 0; t <= a->n; t++) {
        if (a->trace[t].n != b->trace[t].n)
            return 0;
        for (size_t i = 0; i < a->trace[t].n; i++)
            if (!trace_eq(&a->trace[t].e[i], &b->trace[t].e[i]))
                return 0;
    }
    return 1;
}

int clm_offer_equal(const clm_offer *a, const clm_offer *b)
{
    if (a == NULL || b == NULL)
        return 0;
    if (!SEQ(a->id, b->id) || !SEQ(a->client_id, b->client_id) || !SEQ(a->manager, b->manager) ||
        strcmp(a->currency, b->currency) != 0 || a->date != b->date ||
        a->from_client != b->from_client || a->prepayment != b->prepayment ||
        a->deferral_days != b->deferral_days || !SEQ(a->delivery, b->delivery) ||
        a->delivery_days != b->delivery_days || a->term != b->term ||
        a->revocable != b->revocable || a->state != b->state || a->revision != b->revision ||
        !SEQ(a->supersedes, b->supersedes) || !SEQ(a->superseded_by, b->superseded_by) ||
        !SEQ(a->counter_of, b->counter_of) || !SEQ(a->countered_by, b->countered_by) ||
        a->sent_on != b->sent_on || a->received_on != b->received_on ||
        a->accept_by != b->accept_by || a->accepted_on != b->accepted_on ||
        a->verdict != b->verdict || a->withdrawal_on != b->withdrawal_on ||
        a->not_binding != b->not_binding || a->has_override != b->has_override ||
        !SEQ(a->ov_user, b->ov_user) || !SEQ(a->ov_role, b->ov_role) ||
        !SEQ(a->ov_note, b->ov_note) || a->n_lines != b->n_lines ||
        a->n_credits != b->n_credits || a->n_events != b->n_events)
        return 0;
    for (size_t i = 0; i < a->n_lines; i++) {
        const clm_offer__line *x = &a->lines[i], *y = &b->lines[i];
        if (!SEQ(x->product, y->product) || !SEQ(x->group, y->group) ||
            x->quantity != y->quantity || !money_eq(&x->unit_price, &y->unit_price) ||
            x->has_cost != y->has_cost || (x->has_cost && !money_eq(&x->unit_cost, &y->unit_cost)) ||
            x->manual_rate != y->manual_rate)
            return 0;
    }
    if (!pricing_eq(a->pricing, b->pricing))
        return 0;
    for (size_t i = 0; i < a->n_credits; i++) {
        const clm_offer__credit *x = &a->credits[i], *y = &b->credits[i];
        const clm_credit_check *p = &x->check, *q = &y->check;
        if (x->stage != y->stage || x->at != y->at || !SEQ(x->user, y->user) ||
            !SEQ(x->role, y->role) || x->overridden != y->overridden ||
            !SEQ(x->ov_user, y->ov_user) || !SEQ(x->ov_role, y->ov_role) ||
            !SEQ(x->ov_note, y->ov_note) || p->decision != q->decision ||
            p->reasons != q->reasons || p->exposure != q->exposure ||
            p->receivables != q->receivables || p->orders != q->orders ||
            p->document != q->document || p->limit != q->limit || p->headroom != q->headroom ||
            p->max_days_overdue != q->max_days_overdue)
            return 0;
    }
    for (size_t i = 0; i < a->n_events; i++) {
        const clm_offer__event *x = &a->events[i], *y = &b->events[i];
        if (x->at != y->at || !SEQ(x->user, y->user) || !SEQ(x->role, y->role) ||
            !SEQ(x->on_behalf_of, y->on_behalf_of) || !SEQ(x->action, y->action) ||
            x->from != y->from || x->to != y->to || !SEQ(x->note, y->note))
            return 0;
    }
    return 1;
}

/* ---- getters ----------------------------------------------------------------------- */

int clm_offer_info_get(clm_offer_info *out, const clm_offer *o)
{
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_info_get: NULL argument");
    clm_offer_info i = CLM_OFFER_INFO_INIT;
    i.id = o->id;
    i.client_id = o->client_id;
    i.manager = o->manager;
    i.currency = o->currency;
    i.date = o->date;
    i.from_client = o->from_client;
    i.prepayment = o->prepayment;
    i.deferral_days = o->deferral_days;
    i.delivery = o->delivery;
    i.delivery_days = o->delivery_days;
    i.accept_by = o->term;
    i.revocable = o->revocable;
    *out = i;
    return 0;
}

const char *clm_offer_id(const clm_offer *o) { return o ? o->id : NULL; }
clm_offer_state clm_offer_state_get(const clm_offer *o) { return o ? o->state : (clm_offer_state)0; }
int clm_offer_revision(const clm_offer *o) { return o ? o->revision : 0; }
const char *clm_offer_supersedes(const clm_offer *o) { return o ? o->supersedes : NULL; }
const char *clm_offer_superseded_by(const clm_offer *o) { return o ? o->superseded_by : NULL; }
const char *clm_offer_counter_of(const clm_offer *o) { return o ? o->counter_of : NULL; }
const char *clm_offer_countered_by(const clm_offer *o) { return o ? o->countered_by : NULL; }
clm_date clm_offer_sent_on(const clm_offer *o) { return o ? o->sent_on : CLM_OFFER_NO_DATE; }
clm_date clm_offer_received_on(const clm_offer *o) { return o ? o->received_on : CLM_OFFER_NO_DATE; }
clm_date clm_offer_accept_by(const clm_offer *o) { return o ? o->accept_by : CLM_OFFER_NO_DATE; }
clm_date clm_offer_accepted_on(const clm_offer *o) { return o ? o->accepted_on : CLM_OFFER_NO_DATE; }

size_t clm_offer_event_count(const clm_offer *o) { return o ? o->n_events : 0; }

int clm_offer_event_at(clm_offer_event *out, const clm_offer *o, size_t i)
{
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_event_at: NULL argument");
    if (i >= o->n_events)
        return clm_core__fail(CLM_ERANGE, "clm_offer_event_at: no event %zu (%zu)", i, o->n_events);
    const clm_offer__event *e = &o->events[i];
    out->at = e->at;
    out->user = e->user;
    out->role = e->role;
    out->on_behalf_of = e->on_behalf_of;
    out->action = e->action;
    out->from = e->from;
    out->to = e->to;
    out->note = e->note;
    return 0;
}

/* ---- lines ------------------------------------------------------------------------- */

static int check_line(const clm_offer *o, const clm_offer_line *l)
{
    int rc;
    if ((rc = clm_core__check_version(l->version, CLM_OFFER_LINE_VERSION, "clm_offer_line")) < 0)
        return rc;
    if ((rc = clm_offer__check_id(l->product, "product")) < 0)
        return rc;
    if (l->group != NULL && (rc = clm_offer__check_id(l->group, "group")) < 0)
        return rc;
    if (l->quantity <= 0)
        return clm_core__fail_at(CLM_EINVAL, "quantity", "", 0,
                                 "offer %s: line %s: quantity must be > 0", o->id, l->product);
    if (l->unit_price.currency[0] != '\0') {
        if (strcmp(l->unit_price.currency, o->currency) != 0)
            return clm_core__fail_at(CLM_ECURRENCY, "unit_price", "", 0,
                                     "offer %s: line %s: price in %.3s, the offer is in %s",
                                     o->id, l->product, l->unit_price.currency, o->currency);
        if (l->unit_price.amount < 0)
            return clm_core__fail_at(CLM_EINVAL, "unit_price", "", 0,
                                     "offer %s: line %s: negative price", o->id, l->product);
    } else if (l->unit_price.amount != 0) {
        return clm_core__fail_at(CLM_EINVAL, "unit_price", "", 0,
                                 "offer %s: line %s: an amount without a currency", o->id,
                                 l->product);
    }
    if (l->has_cost != 0 && l->has_cost != 1)
        return clm_core__fail_at(CLM_EINVAL, "has_cost", "", 0, "offer: has_cost must be 0 or 1");
    if (l->has_cost) {
        if (strcmp(l->unit_cost.currency, o->currency) != 0)
            return clm_core__fail_at(CLM_ECURRENCY, "unit_cost", "", 0,
                                     "offer %s: line %s: cost in %.3s, the offer is in %s",
                                     o->id, l->product, l->unit_cost.currency, o->currency);
        if (l->unit_cost.amount < 0)
            return clm_core__fail_at(CLM_EINVAL, "unit_cost", "", 0,
                                     "offer %s: line %s: negative cost", o->id, l->product);
    }
    if (l->manual_rate < 0 || l->manual_rate > CLM_RATE_ONE)
        return clm_core__fail_at(CLM_EINVAL, "manual_rate", "", 0,
                                 "offer %s: line %s: manual discount must be 0..100%%", o->id,
                                 l->product);
    return 0;
}

static int must_be_draft(const clm_offer *o, const char *act)
{
    if (o->state != CLM_OFFER_DRAFT)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: cannot %s: it is %s, not a draft (a sent offer's "
                                 "figures are frozen: make a new version)",
                                 o->id, act, clm_offer_state_name(o->state));
    return 0;
}

int clm_offer_add_line(size_t *out, clm_offer *o, const clm_offer_line *line)
{
    int rc;
    if (o == NULL || line == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_add_line: NULL argument");
    if ((rc = must_be_draft(o, "add a line")) < 0 || (rc = check_line(o, line)) < 0)
        return rc;
    if (o->n_lines >= CLM_OFFER__MAX_LINES)
        return clm_core__fail(CLM_ELIMIT, "offer %s: more than %d lines", o->id,
                              CLM_OFFER__MAX_LINES);
    void *arr = o->lines;
    if ((rc = clm_core__grow(&arr, &o->cap_lines, o->n_lines + 1, sizeof *o->lines,
                             "offer lines")) < 0)
        return rc;
    o->lines = arr;
    clm_offer__line l = { 0 };
    l.product = clm_core__strdup(line->product);
    l.group = line->group != NULL ? clm_core__strdup(line->group) : NULL;
    if (l.product == NULL || (line->group != NULL && l.group == NULL)) {
        line_clear(&l);
        return clm_core__oom("offer line");
    }
    l.quantity = line->quantity;
    l.unit_price = line->unit_price;
    if (l.unit_price.currency[0] == '\0')
        memset(&l.unit_price, 0, sizeof l.unit_price);
    l.has_cost = line->has_cost;
    if (l.has_cost)
        l.unit_cost = line->unit_cost;
    l.manual_rate = line->manual_rate;
    if (out != NULL)
        *out = o->n_lines;
    o->lines[o->n_lines++] = l;
    clm_offer__pricing_free(o->pricing);
    o->pricing = NULL;
    return 0;
}

int clm_offer_remove_line(clm_offer *o, size_t i)
{
    int rc;
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_remove_line: NULL argument");
    if ((rc = must_be_draft(o, "remove a line")) < 0)
        return rc;
    if (i >= o->n_lines)
        return clm_core__fail(CLM_ERANGE, "offer %s: no line %zu", o->id, i);
    line_clear(&o->lines[i]);
    memmove(&o->lines[i], &o->lines[i + 1], (o->n_lines - i - 1) * sizeof *o->lines);
    o->n_lines--;
    clm_offer__pricing_free(o->pricing);
    o->pricing = NULL;
    return 0;
}

size_t clm_offer_line_count(const clm_offer *o) { return o ? o->n_lines : 0; }

int clm_offer_line_at(clm_offer_line *out, const clm_offer *o, size_t i)
{
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_line_at: NULL argument");
    if (i >= o->n_lines)
        return clm_core__fail(CLM_ERANGE, "offer %s: no line %zu", o->id, i);
    const clm_offer__line *l = &o->lines[i];
    clm_offer_line r = CLM_OFFER_LINE_INIT;
    r.product = l->product;
    r.group = l->group;
    r.quantity = l->quantity;
    r.unit_price = l->unit_price;
    r.unit_cost = l->unit_cost;
    r.has_cost = l->has_cost;
    r.manual_rate = l->manual_rate;
    *out = r;
    return 0;
}
