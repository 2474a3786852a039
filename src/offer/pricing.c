/*
 * pricing.c — an offer priced through the compiled discount engine, the
 * whole result copied into the offer, and the approval it asks for
 * (clm/offer.h, clm_offer_price; docs/rules.md, "Offers and contracts").
 */
#include <stdio.h>
#include <string.h>

#include "offer_internal.h"

int clm_offer_pricing_init(clm_offer_pricing *p)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_pricing_init: NULL");
    *p = (clm_offer_pricing)CLM_OFFER_PRICING_INIT;
    return 0;
}

/* The first ladder step whose max_discount covers `rate`, or NONE. */
static size_t step_for_rate(const clm_discount_policy *pol, clm_rate rate)
{
    size_t n = clm_discount_policy_approval_count(pol);
    for (size_t k = 0; k < n; k++) {
        const clm_discount_approval *a = clm_discount_policy_approval(pol, k);
        if (a->max_discount == CLM_DISCOUNT_NO_LIMIT || a->max_discount >= rate)
            return k;
    }
    return CLM_DISCOUNT_NONE;
}

/* A manual price judged against the list price (see clm_offer_price). */
static int judge_manual(clm_offer_line_price *lp, const clm_offer *o, const clm_offer__line *l,
                        const clm_offer_pricing *p, clm_rounding mode)
{
    clm_price_query q = CLM_PRICE_QUERY_INIT;
    clm_price_quote quote;
    q.currency = o->currency;
    q.date = o->date;
    q.client = p->client->id;
    q.categories = p->client->categories;
    q.category_count = p->client->category_count;
    q.region = p->client->region;
    q.channel = p->channel;
    q.product = l->product;
    q.group = l->group;
    q.quantity = l->quantity;
    int rc = clm_price_book_lookup(&quote, p->book, &q);
    if (rc == CLM_ENOTFOUND)
        return 0; /* no list price: the engine alone judges it */
    if (rc < 0)
        return rc;
    int64_t list_base, rate = 0;
    if ((rc = clm_muldiv_round(&list_base, quote.unit_price.amount, l->quantity,
                               CLM_DISCOUNT_QTY_SCALE, mode)) < 0)
        return rc;
    if (list_base > 0 && lp->result.net < list_base &&
        (rc = clm_muldiv_round(&rate, list_base - lp->result.net, CLM_RATE_ONE, list_base,
                               CLM_ROUND_CEILING)) < 0)
        return rc;
    lp->has_list_price = 1;
    lp->list_price = quote.unit_price.amount;
    lp->list_rate = rate;
    return 0;
}

static int copy_trace(clm_offer__trace *t, const clm_discount_result *r, size_t line)
{
    size_t n = clm_discount_result_trace_count(r, line);
    if (n == 0)
        return 0;
    t->e = clm_core__calloc(n, sizeof *t->e);
    if (t->e == NULL)
        return clm_core__oom("offer trace");
    for (; t->n < n; t->n++) {
        const clm_discount_trace_entry *s = clm_discount_result_trace(r, line, t->n);
        clm_discount_trace_entry *d = &t->e[t->n];
        *d = *s;
        d->name = clm_core__strdup(s->name != NULL ? s->name : "");
        d->reason = clm_core__strdup(s->reason != NULL ? s->reason : "");
        if (d->name == NULL || d->reason == NULL) {
            clm_core__free((char *)d->name);
            clm_core__free((char *)d->reason);
            return clm_core__oom("offer trace");
        }
    }
    return 0;
}

int clm_offer_price(clm_offer *o, const clm_actor *who, const clm_offer_pricing *p)
{
    int rc;
    if (o == NULL || p == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_price: NULL argument");
    if ((rc = clm_core__check_version(p->version, CLM_OFFER_PRICING_VERSION,
                                      "clm_offer_pricing")) < 0)
        return rc;
    if ((rc = clm_offer__check_actor(who)) < 0)
        return rc;
    if (p->engine == NULL || p->client == NULL)
        return clm_core__fail_at(CLM_EINVAL, p->engine == NULL ? "engine" : "client", "", 0,
                                 "clm_offer_price: no %s", p->engine == NULL ? "engine" : "client");
    if (!clm_core__streq(p->client->id, o->client_id))
        return clm_core__fail_at(CLM_EINVAL, "client.id", "", 0,
                                 "offer %s is addressed to client %s, the facts given are of %s",
                                 o->id, o->client_id, p->client->id ? p->client->id : "(none)");
    if (p->policy_version != NULL &&
        (rc = clm_offer__check_id(p->policy_version, "policy_version")) < 0)
        return rc;
    if (o->state != CLM_OFFER_DRAFT)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "offer %s: cannot price: it is %s, not a draft (a sent offer's "
                                 "figures are frozen: make a new version)",
                                 o->id, clm_offer_state_name(o->state));
    if (o->n_lines == 0)
        return clm_core__fail_at(CLM_EINVAL, "lines", "", 0, "offer %s: no lines to price", o->id);
    if ((rc = clm_offer__event_reserve(o)) < 0)
        return rc;

    const clm_discount_policy *pol = clm_discount_engine_policy(p->engine);
    clm_discount_line *dl = clm_core__calloc(o->n_lines, sizeof *dl);
    if (dl == NULL)
        return clm_core__oom("offer pricing");
    for (size_t i = 0; i < o->n_lines; i++) {
        const clm_offer__line *l = &o->lines[i];
        dl[i].product = l->product;
        dl[i].group = l->group;
        dl[i].quantity = l->quantity;
        dl[i].unit_price = l->unit_price;
        dl[i].unit_cost = l->unit_cost;
        dl[i].has_cost = l->has_cost;
        dl[i].manual_rate = l->manual_rate;
    }
    clm_discount_document doc = CLM_DISCOUNT_DOCUMENT_INIT;
    doc.currency = o->currency;
    doc.date = o->date;
    doc.client = *p->client;
    doc.prepayment = o->prepayment;
    doc.deferral_days = o->deferral_days;
    doc.channel = p->channel;
    doc.role = who->role;
    doc.lines = dl;
    doc.line_count = o->n_lines;
    clm_discount_result *r = NULL;
    rc = clm_discount_engine_evaluate(&r, p->engine, &doc, NULL);
    clm_core__free(dl);
    if (rc < 0)
        return rc;

    clm_offer__pricing *s = clm_core__calloc(1, sizeof *s);
    if (s == NULL) {
        clm_discount_result_free(r);
        return clm_core__oom("offer pricing");
    }
    s->n = o->n_lines;
    s->totals = *clm_discount_result_totals(r);
    s->priced_on = clm_offer__day(who->at);
    s->lines = clm_core__calloc(s->n, sizeof *s->lines);
    s->trace = clm_core__calloc(s->n + 1, sizeof *s->trace);
    s->policy_name = clm_core__strdup(clm_discount_policy_name(pol));
    s->policy_version = clm_core__strdup(p->policy_version != NULL ? p->policy_version : "");
    if (s->lines == NULL || s->trace == NULL || s->policy_name == NULL ||
        s->policy_version == NULL) {
        rc = clm_core__oom("offer pricing");
        goto fail;
    }
    /* the ladder's roles, so the approval can be judged after the policy changes */
    s->ladder_n = 0;
    size_t ladder = clm_discount_policy_approval_count(pol);
    if (ladder) {
        s->ladder = clm_core__calloc(ladder, sizeof *s->ladder);
        if (s->ladder == NULL) {
            rc = clm_core__oom("offer pricing");
            goto fail;
        }
        for (; s->ladder_n < ladder; s->ladder_n++)
            if ((s->ladder[s->ladder_n] =
                     clm_core__strdup(clm_discount_policy_approval(pol, s->ladder_n)->role)) == NULL) {
                rc = clm_core__oom("offer pricing");
                goto fail;
            }
    }
    size_t manual_step = CLM_DISCOUNT_NONE, manual_line = 0;
    int manual_ok = 1;
    for (size_t i = 0; i < s->n; i++) {
        clm_offer_line_price *lp = &s->lines[i];
        lp->result = *clm_discount_result_line(r, i);
        lp->source = o->lines[i].unit_price.currency[0] != '\0' ? CLM_OFFER_PRICE_MANUAL
                                                                 : CLM_OFFER_PRICE_LIST;
        if (lp->source == CLM_OFFER_PRICE_MANUAL && p->book != NULL) {
            if ((rc = judge_manual(lp, o, &o->lines[i], p, clm_discount_policy_rounding(pol))) < 0)
                goto fail;
            if (lp->has_list_price && ladder) {
                size_t k = step_for_rate(pol, lp->list_rate);
                if (k == CLM_DISCOUNT_NONE)
                    manual_ok = 0;
                if (manual_ok && (manual_step == CLM_DISCOUNT_NONE || k > manual_step)) {
                    manual_step = k;
                    manual_line = i;
                }
                if (!manual_ok && k == CLM_DISCOUNT_NONE)
                    manual_line = i;
            }
        }
        if ((rc = copy_trace(&s->trace[i], r, i)) < 0)
            goto fail;
    }
    if ((rc = copy_trace(&s->trace[s->n], r, CLM_DISCOUNT_DOCUMENT)) < 0)
        goto fail;

    /* the approval asked for: the engine's step, or the manual prices' if higher */
    const char *why = NULL;
    clm_discount_result_approval(r, &why);
    char buf[512];
    buf[0] = '\0';
    int manual_why = 0;
    if (ladder == 0) {
        s->required = CLM_DISCOUNT_NONE;
        s->approvable = 1;
    } else if (!manual_ok) {
        s->required = CLM_DISCOUNT_NONE;
        s->approvable = 0;
        manual_why = 1;
    } else if (!s->totals.approvable) {
        s->required = CLM_DISCOUNT_NONE;
        s->approvable = 0;
    } else {
        s->approvable = 1;
        s->required = s->totals.approval;
        if (manual_step != CLM_DISCOUNT_NONE && manual_step > s->required) {
            s->required = manual_step;
            manual_why = 1;
        }
    }
    if (manual_why) {
        const clm_offer_line_price *lp = &s->lines[manual_line];
        /* the reason in the thread's language (clm/lang.h), as the
         * discount's own approval reason */
        char rate[CLM_CORE__RATE_TEXT_MAX], price[CLM_CORE__TEXT_VALUE_MAX], list[CLM_CORE__TEXT_VALUE_MAX];
        clm_core__rate_text(rate, sizeof rate, lp->list_rate);
        clm_core__money_text(price, sizeof price, o->lines[manual_line].unit_price.amount, o->currency);
        clm_core__money_text(list, sizeof list, lp->list_price, o->currency);
        if (!manual_ok)
            snprintf(buf, sizeof buf,
                     clm_core__tr("line %zu: manual price %s is %s below the list price %s, beyond every "
                                  "role of the ladder"), manual_line + 1, price, rate, list);
        else
            snprintf(buf, sizeof buf,
                     clm_core__tr("line %zu: manual price %s is %s below the list price %s, beyond %s's "
                                  "limit"), manual_line + 1, price, rate, list, s->ladder[s->required - 1]);
        why = buf;
    }
    if (why != NULL && (s->why = clm_core__strdup(why)) == NULL) {
        rc = clm_core__oom("offer pricing");
        goto fail;
    }
    clm_offer__event ev;
    if ((rc = clm_offer__event_make(&ev, who, NULL, "price", o->state, o->state, NULL)) < 0)
        goto fail;
    clm_offer__event_push(o, &ev);
    clm_discount_result_free(r);
    clm_offer__pricing_free(o->pricing);
    o->pricing = s;
    return 0;
fail:
    clm_discount_result_free(r);
    clm_offer__pricing_free(s);
    return rc;
}

/* ---- reading the snapshot ---------------------------------------------------------- */

int clm_offer_priced(const clm_offer *o) { return o != NULL && o->pricing != NULL; }

const clm_offer_line_price *clm_offer_line_price_at(const clm_offer *o, size_t i)
{
    if (o == NULL || o->pricing == NULL || i >= o->pricing->n)
        return NULL;
    return &o->pricing->lines[i];
}

const clm_discount_totals *clm_offer_totals(const clm_offer *o)
{
    return o != NULL && o->pricing != NULL ? &o->pricing->totals : NULL;
}

static const clm_offer__trace *bucket(const clm_offer *o, size_t line)
{
    if (o == NULL || o->pricing == NULL)
        return NULL;
    if (line == CLM_DISCOUNT_DOCUMENT)
        return &o->pricing->trace[o->pricing->n];
    return line < o->pricing->n ? &o->pricing->trace[line] : NULL;
}

size_t clm_offer_trace_count(const clm_offer *o, size_t line)
{
    const clm_offer__trace *t = bucket(o, line);
    return t ? t->n : 0;
}

const clm_discount_trace_entry *clm_offer_trace(const clm_offer *o, size_t line, size_t i)
{
    const clm_offer__trace *t = bucket(o, line);
    return t && i < t->n ? &t->e[i] : NULL;
}

int clm_offer_policy(const char **name, const char **version, const clm_offer *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_policy: NULL offer");
    if (o->pricing == NULL)
        return clm_core__fail(CLM_ESTATE, "offer %s is not priced", o->id);
    if (name)
        *name = o->pricing->policy_name;
    if (version)
        *version = o->pricing->policy_version;
    return 0;
}

const char *clm_offer_approval_required(const clm_offer *o, const char **why, int *approvable)
{
    if (o == NULL || o->pricing == NULL)
        return NULL;
    if (why)
        *why = o->pricing->why;
    if (approvable)
        *approvable = o->pricing->approvable;
    return o->pricing->required == CLM_DISCOUNT_NONE ? NULL : o->pricing->ladder[o->pricing->required];
}

size_t clm_offer_ladder_count(const clm_offer *o)
{
    return o != NULL && o->pricing != NULL ? o->pricing->ladder_n : 0;
}

const char *clm_offer_ladder_role(const clm_offer *o, size_t i)
{
    return i < clm_offer_ladder_count(o) ? o->pricing->ladder[i] : NULL;
}

int clm_offer_role_suffices(const clm_offer *o, const char *role)
{
    if (o == NULL || o->pricing == NULL || role == NULL)
        return 0;
    const clm_offer__pricing *s = o->pricing;
    if (s->ladder_n == 0)
        return 1;
    if (!s->approvable)
        return 0;
    size_t need = s->required == CLM_DISCOUNT_NONE ? 0 : s->required;
    for (size_t k = need; k < s->ladder_n; k++)
        if (strcmp(s->ladder[k], role) == 0)
            return 1;
    return 0;
}
