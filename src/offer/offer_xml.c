/*
 * offer_xml.c — offers and contracts to and from XML (clm/offer_xml.h,
 * schema offer.xsd). The schema fixes the shape; every name is read back
 * through the library's vocabularies and every figure is checked as the
 * objects hold it, so a document that could never have been written by
 * clm_offer_save_xml() fails naming its line.
 */
#include <stdio.h>
#include <string.h>

#include "offer_internal.h"
#include "clm/offer_xml.h"
#include "xml/xml_reader.h"

#define OFFER_NS "urn:libclm:offer:1"

/* The trace's kinds and stages have no names of their own in the discount
 * module; these are the codec's, in the enumerations' order. */
static const char *const TRACE_KIND[] = {
    NULL, "not-matched", "excluded", "applied", "no-effect", "adjusted",
};
static const char *const TRACE_STAGE[] = {
    NULL, "base", "discount", "rounding", "surcharge", "cap", "document",
};
static const char *const DECISION[] = { "allow", "warn", "block" };
/* The acts clm/offer.h and clm/contract.h record. */
static const char *const OFFER_ACTIONS[] = {
    "create", "price", "submit", "approve", "refuse", "credit-override", "send", "receive",
    "accept", "reject", "expire", "withdraw", "counter", "supersede",
};
static const char *const CONTRACT_ACTIONS[] = {
    "create", "dispute", "answer", "settle", "special", "agree", "conclude", "start",
    "invoice", "complete", "terminate", "renew",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- writing ------------------------------------------------------------------ */

static void attr_opt(clm_core__buf *b, const char *name, const char *v)
{
    if (v != NULL)
        clm_core__buf_attr(b, name, v);
}

static void attr_int(clm_core__buf *b, const char *name, int64_t v)
{
    char s[32];
    snprintf(s, sizeof s, "%lld", (long long)v);
    clm_core__buf_attr(b, name, s);
}

static void attr_size(clm_core__buf *b, const char *name, size_t v)
{
    if (v != CLM_DISCOUNT_NONE)
        attr_int(b, name, (int64_t)v);
}

static void attr_date_opt(clm_core__buf *b, const char *name, clm_date d)
{
    if (d != CLM_OFFER_NO_DATE)
        clm_core__buf_attr_date(b, name, d);
}

static void attr_qty(clm_core__buf *b, const char *name, int64_t q)
{
    char s[40];
    if (q % CLM_DISCOUNT_QTY_SCALE == 0)
        snprintf(s, sizeof s, "%lld", (long long)(q / CLM_DISCOUNT_QTY_SCALE));
    else
        snprintf(s, sizeof s, "%lld.%03lld", (long long)(q / CLM_DISCOUNT_QTY_SCALE),
                 (long long)(q % CLM_DISCOUNT_QTY_SCALE));
    clm_core__buf_attr(b, name, s);
}

static void write_event(clm_core__buf *b, clm_time at, const char *user, const char *role,
                        const char *obo, const char *action, const char *from, const char *to,
                        const char *note, const char *indent)
{
    clm_core__buf_printf(b, "%s<event", indent);
    attr_int(b, "at", at);
    clm_core__buf_attr(b, "user", user);
    clm_core__buf_attr(b, "role", role);
    attr_opt(b, "on-behalf-of", obo);
    clm_core__buf_attr(b, "action", action);
    clm_core__buf_attr(b, "from", from);
    clm_core__buf_attr(b, "to", to);
    attr_opt(b, "note", note);
    clm_core__buf_puts(b, "/>\n");
}

static void write_offer(clm_core__buf *b, const clm_offer *o, const char *ns, const char *in)
{
    const char *cur = o->currency;
    clm_core__buf_printf(b, "%s<offer", in);
    if (ns != NULL)
        clm_core__buf_attr(b, "xmlns", ns);
    clm_core__buf_attr(b, "id", o->id);
    clm_core__buf_attr(b, "client", o->client_id);
    clm_core__buf_attr(b, "manager", o->manager);
    clm_core__buf_attr(b, "currency", cur);
    clm_core__buf_attr_date(b, "date", o->date);
    attr_int(b, "from-client", o->from_client);
    clm_core__buf_attr_rate(b, "prepayment", o->prepayment);
    attr_int(b, "deferral-days", o->deferral_days);
    attr_opt(b, "delivery", o->delivery);
    attr_int(b, "delivery-days", o->delivery_days);
    attr_date_opt(b, "term", o->term);
    attr_int(b, "revocable", o->revocable);
    clm_core__buf_attr(b, "state", clm_offer_state_name(o->state));
    attr_int(b, "revision", o->revision);
    attr_opt(b, "supersedes", o->supersedes);
    attr_opt(b, "superseded-by", o->superseded_by);
    attr_opt(b, "counter-of", o->counter_of);
    attr_opt(b, "countered-by", o->countered_by);
    attr_date_opt(b, "sent-on", o->sent_on);
    attr_date_opt(b, "received-on", o->received_on);
    attr_date_opt(b, "accept-by", o->accept_by);
    attr_date_opt(b, "accepted-on", o->accepted_on);
    if (o->verdict != 0)
        clm_core__buf_attr(b, "verdict", clm_offer_verdict_name(o->verdict));
    attr_date_opt(b, "withdrawal-on", o->withdrawal_on);
    attr_int(b, "not-binding", o->not_binding);
    clm_core__buf_puts(b, ">\n");
    for (size_t i = 0; i < o->n_lines; i++) {
        const clm_offer__line *l = &o->lines[i];
        clm_core__buf_printf(b, "%s  <line", in);
        clm_core__buf_attr(b, "product", l->product);
        attr_opt(b, "group", l->group);
        attr_qty(b, "quantity", l->quantity);
        if (l->unit_price.currency[0] != '\0')
            clm_core__buf_attr_money(b, "unit-price", l->unit_price.amount, cur);
        if (l->has_cost)
            clm_core__buf_attr_money(b, "unit-cost", l->unit_cost.amount, cur);
        clm_core__buf_attr_rate(b, "manual-rate", l->manual_rate);
        clm_core__buf_puts(b, "/>\n");
    }
    const clm_offer__pricing *p = o->pricing;
    if (p != NULL) {
        clm_core__buf_printf(b, "%s  <pricing", in);
        clm_core__buf_attr(b, "policy", p->policy_name);
        clm_core__buf_attr(b, "policy-version", p->policy_version);
        clm_core__buf_attr_date(b, "priced-on", p->priced_on);
        attr_size(b, "required", p->required);
        attr_int(b, "approvable", p->approvable);
        attr_opt(b, "why", p->why);
        clm_core__buf_puts(b, ">\n");
        for (size_t i = 0; i < p->ladder_n; i++) {
            clm_core__buf_printf(b, "%s    <ladder", in);
            clm_core__buf_attr(b, "role", p->ladder[i]);
            clm_core__buf_puts(b, "/>\n");
        }
        const clm_discount_totals *t = &p->totals;
        clm_core__buf_printf(b, "%s    <totals", in);
        clm_core__buf_attr_money(b, "base", t->base, cur);
        clm_core__buf_attr_money(b, "discount", t->discount, cur);
        clm_core__buf_attr_money(b, "surcharge", t->surcharge, cur);
        clm_core__buf_attr_money(b, "capped", t->capped, cur);
        clm_core__buf_attr_money(b, "net", t->net, cur);
        clm_core__buf_attr_rate(b, "rate", t->rate);
        clm_core__buf_attr_rate(b, "max-line-rate", t->max_line_rate);
        attr_size(b, "max-line", t->max_line);
        if (t->has_margin) {
            clm_core__buf_attr_rate(b, "min-margin", t->min_margin);
            attr_int(b, "min-margin-line", (int64_t)t->min_margin_line);
        }
        attr_size(b, "approval", t->approval);
        attr_int(b, "approvable", t->approvable);
        attr_int(b, "role-suffices", t->role_suffices);
        if (t->has_early_payment) {
            attr_int(b, "early-payment-rule", (int64_t)t->early_payment_rule);
            clm_core__buf_attr_rate(b, "early-payment-rate", t->early_payment_rate);
            attr_int(b, "early-payment-days", t->early_payment_days);
            attr_int(b, "early-payment-net-days", t->early_payment_net_days);
            clm_core__buf_attr_money(b, "early-payment-amount", t->early_payment_amount, cur);
            clm_core__buf_attr_rate(b, "early-payment-annual-cost", t->early_payment_annual_cost);
        }
        clm_core__buf_puts(b, "/>\n");
        for (size_t i = 0; i < p->n; i++) {
            const clm_offer_line_price *lp = &p->lines[i];
            const clm_discount_line_result *r = &lp->result;
            clm_core__buf_printf(b, "%s    <priced", in);
            clm_core__buf_attr_money(b, "base", r->base, cur);
            clm_core__buf_attr_money(b, "discount", r->discount, cur);
            clm_core__buf_attr_money(b, "surcharge", r->surcharge, cur);
            clm_core__buf_attr_money(b, "capped", r->capped, cur);
            clm_core__buf_attr_money(b, "net", r->net, cur);
            clm_core__buf_attr_money(b, "cost", r->cost, cur);
            clm_core__buf_attr_rate(b, "rate", r->rate);
            if (r->has_margin)
                clm_core__buf_attr_rate(b, "margin", r->margin);
            attr_int(b, "rules-applied", (int64_t)r->rules_applied);
            clm_core__buf_attr_money(b, "unit-price", r->unit_price, cur);
            clm_core__buf_attr(b, "source", clm_offer_price_source_name(lp->source));
            if (lp->has_list_price) {
                clm_core__buf_attr_money(b, "list-price", lp->list_price, cur);
                clm_core__buf_attr_rate(b, "list-rate", lp->list_rate);
            }
            clm_core__buf_puts(b, "/>\n");
        }
        for (size_t k = 0; k <= p->n; k++)
            for (size_t i = 0; i < p->trace[k].n; i++) {
                const clm_discount_trace_entry *e = &p->trace[k].e[i];
                clm_core__buf_printf(b, "%s    <trace", in);
                if (k == p->n)
                    clm_core__buf_attr(b, "line", "document");
                else
                    attr_int(b, "line", (int64_t)k);
                clm_core__buf_attr(b, "kind", TRACE_KIND[e->kind]);
                clm_core__buf_attr(b, "stage", TRACE_STAGE[e->stage]);
                attr_size(b, "rule", e->rule);
                clm_core__buf_attr(b, "name", e->name);
                clm_core__buf_attr_money(b, "before", e->before, cur);
                clm_core__buf_attr_money(b, "amount", e->amount, cur);
                clm_core__buf_attr_money(b, "after", e->after, cur);
                clm_core__buf_attr(b, "reason", e->reason);
                clm_core__buf_puts(b, "/>\n");
            }
        clm_core__buf_printf(b, "%s  </pricing>\n", in);
    }
    for (size_t i = 0; i < o->n_credits; i++) {
        const clm_offer__credit *c = &o->credits[i];
        const clm_credit_check *k = &c->check;
        clm_core__buf_printf(b, "%s  <credit", in);
        clm_core__buf_attr(b, "stage", clm_offer_stage_name(c->stage));
        clm_core__buf_attr(b, "decision", DECISION[k->decision]);
        attr_int(b, "reasons", k->reasons);
        clm_core__buf_attr_money(b, "exposure", k->exposure, cur);
        clm_core__buf_attr_money(b, "receivables", k->receivables, cur);
        clm_core__buf_attr_money(b, "orders", k->orders, cur);
        clm_core__buf_attr_money(b, "document", k->document, cur);
        clm_core__buf_attr_money(b, "limit", k->limit, cur);
        clm_core__buf_attr_money(b, "headroom", k->headroom, cur);
        attr_int(b, "max-days-overdue", k->max_days_overdue);
        attr_int(b, "at", c->at);
        clm_core__buf_attr(b, "user", c->user);
        clm_core__buf_attr(b, "role", c->role);
        attr_int(b, "overridden", c->overridden);
        attr_opt(b, "override-user", c->ov_user);
        attr_opt(b, "override-role", c->ov_role);
        attr_opt(b, "override-note", c->ov_note);
        clm_core__buf_puts(b, "/>\n");
    }
    if (o->has_override) {
        clm_core__buf_printf(b, "%s  <override", in);
        clm_core__buf_attr(b, "user", o->ov_user);
        clm_core__buf_attr(b, "role", o->ov_role);
        clm_core__buf_attr(b, "note", o->ov_note);
        clm_core__buf_puts(b, "/>\n");
    }
    char sub[16];
    snprintf(sub, sizeof sub, "%s  ", in);
    for (size_t i = 0; i < o->n_events; i++) {
        const clm_offer__event *e = &o->events[i];
        write_event(b, e->at, e->user, e->role, e->on_behalf_of, e->action,
                    clm_offer_state_name(e->from), clm_offer_state_name(e->to), e->note, sub);
    }
    clm_core__buf_printf(b, "%s</offer>\n", in);
}

static int finish(clm_core__buf *b, char **out, size_t *len)
{
    char *text;
    size_t n;
    int rc = clm_core__buf_finish(b, &text, &n);
    if (rc < 0)
        return rc;
    *out = text;
    if (len != NULL)
        *len = n;
    return 0;
}

int clm_offer_save_xml(char **out, size_t *len, const clm_offer *o)
{
    if (out == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_save_xml: NULL argument");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_offer(&b, o, OFFER_NS, "");
    return finish(&b, out, len);
}

int clm_contract_save_xml(char **out, size_t *len, const clm_contract *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_save_xml: NULL argument");
    const char *cur = c->offer->currency;
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<contract");
    clm_core__buf_attr(&b, "xmlns", OFFER_NS);
    clm_core__buf_attr(&b, "id", c->id);
    attr_int(&b, "obligatory", c->obligatory);
    clm_core__buf_attr(&b, "state", clm_contract_state_name(c->state));
    clm_core__buf_attr_date(&b, "created-on", c->created_on);
    attr_date_opt(&b, "agreed-on", c->agreed_on);
    attr_date_opt(&b, "concluded-on", c->concluded_on);
    attr_date_opt(&b, "closed-on", c->closed_on);
    attr_opt(&b, "renewal-of", c->renewal_of);
    attr_opt(&b, "renewed-by", c->renewed_by);
    clm_core__buf_attr_money(&b, "invoiced", c->invoiced, cur);
    clm_core__buf_puts(&b, ">\n");
    write_offer(&b, c->offer, NULL, "  ");
    for (size_t i = 0; i < c->n_dis; i++) {
        const clm_contract__disagreement *d = &c->dis[i];
        clm_core__buf_puts(&b, "  <disagreement");
        attr_opt(&b, "clause", d->clause);
        if (d->line != CLM_CONTRACT_NO_LINE)
            attr_int(&b, "line", (int64_t)d->line);
        attr_opt(&b, "draft", d->draft);
        clm_core__buf_attr(&b, "client", d->client);
        if (d->has_figure)
            clm_core__buf_attr_money(&b, "figure", d->figure, cur);
        clm_core__buf_attr_date(&b, "received-on", d->received_on);
        attr_opt(&b, "answer", d->answer);
        if (d->has_answer_figure)
            clm_core__buf_attr_money(&b, "answer-figure", d->answer_figure, cur);
        clm_core__buf_attr(&b, "settlement", clm_contract_settlement_name(d->settlement));
        attr_opt(&b, "decided-by", d->decided_by);
        attr_opt(&b, "decided-role", d->decided_role);
        if (d->decided_by != NULL)
            attr_int(&b, "decided-at", d->decided_at);
        attr_opt(&b, "note", d->note);
        clm_core__buf_puts(&b, "/>\n");
    }
    for (size_t i = 0; i < c->n_specials; i++) {
        const clm_contract__special *s = &c->specials[i];
        clm_core__buf_puts(&b, "  <special");
        clm_core__buf_attr(&b, "kind", clm_contract_special_kind_name(s->kind));
        clm_core__buf_attr(&b, "text", s->text);
        if (s->days != 0)
            attr_int(&b, "days", s->days);
        if (s->rate != 0)
            clm_core__buf_attr_rate(&b, "rate", s->rate);
        clm_core__buf_puts(&b, "/>\n");
    }
    for (size_t i = 0; i < c->n_events; i++) {
        const clm_contract__event *e = &c->events[i];
        write_event(&b, e->at, e->user, e->role, NULL, e->action,
                    clm_contract_state_name(e->from), clm_contract_state_name(e->to), e->note,
                    "  ");
    }
    clm_core__buf_puts(&b, "</contract>\n");
    return finish(&b, out, len);
}

/* ---- reading -------------------------------------------------------------------- */

typedef struct rd {
    const char *source;
    const char *cur;          /* the offer's currency, once read */
} rd;

/* A name among names[first..n-1]; anything else is CLM_ESCHEMA at the
 * attribute, listing the names. */
static int vocab(int *out, const xmlNode *n, const char *attr, const char *const *names,
                 size_t first, size_t count, const char *what, const rd *r, int required)
{
    const char *s = clm_xml__attr(n, attr);
    if (s == NULL) {
        if (!required)
            return 1;
        return clm_xml__fail(CLM_ESCHEMA, n, r->source, attr, "<%s %s> is required",
                             (const char *)n->name, attr);
    }
    for (size_t i = first; i < count; i++)
        if (names[i] != NULL && strcmp(names[i], s) == 0) {
            *out = (int)i;
            return 0;
        }
    char list[400];
    size_t len = 0;
    list[0] = '\0';
    for (size_t i = first; i < count && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i > first ? ", " : "",
                                names[i]);
    return clm_xml__fail(CLM_ESCHEMA, n, r->source, attr, "<%s %s>: %s \"%.64s\" is not one of %s",
                         (const char *)n->name, attr, what, s, list);
}

/* The offer's and contract's own vocabularies, through their name functions. */
typedef const char *(*name_fn)(int);

static int vocab_fn(int *out, const xmlNode *n, const char *attr, name_fn fn, int max,
                    const char *what, const rd *r, int required)
{
    const char *names[16] = { NULL };
    for (int i = 1; i <= max && i < 16; i++)
        names[i] = fn(i);
    return vocab(out, n, attr, names, 1, (size_t)max + 1, what, r, required);
}

static const char *state_n(int v) { return clm_offer_state_name((clm_offer_state)v); }
static const char *verdict_n(int v) { return clm_offer_verdict_name((clm_offer_verdict)v); }
static const char *stage_n(int v) { return clm_offer_stage_name((clm_offer_stage)v); }
static const char *source_n(int v)
{
    return clm_offer_price_source_name((clm_offer_price_source)v);
}
static const char *cstate_n(int v) { return clm_contract_state_name((clm_contract_state)v); }
static const char *settle_n(int v)
{
    return clm_contract_settlement_name((clm_contract_settlement)v);
}
static const char *special_n(int v)
{
    return clm_contract_special_kind_name((clm_contract_special_kind)v);
}

/* A copy of text attribute `attr` checked as `kind`; NULL stays NULL when
 * absent and not required. */
static int text_attr(char **out, const xmlNode *n, const char *attr, clm_core__text_kind kind,
                     const rd *r, int required)
{
    const char *s = clm_xml__attr(n, attr);
    *out = NULL;
    if (s == NULL) {
        if (required)
            return clm_xml__fail(CLM_ESCHEMA, n, r->source, attr, "<%s %s> is required",
                                 (const char *)n->name, attr);
        return 0;
    }
    int rc = clm_core__check_text(s, kind, attr);
    if (rc < 0)
        return clm_xml__relay(rc, n, r->source, attr);
    if ((*out = clm_core__strdup(s)) == NULL)
        return clm_core__oom("offer XML");
    return 0;
}

static int int_attr(int64_t *out, const xmlNode *n, const char *attr, int64_t lo, int64_t hi,
                    const rd *r, int required)
{
    int64_t v = 0;
    int rc = clm_xml__attr_int64(&v, n, attr, r->source, required);
    if (rc != 0)
        return rc;
    if (v < lo || v > hi)
        return clm_xml__fail(CLM_EINVAL, n, r->source, attr, "<%s %s> %lld is outside %lld..%lld",
                             (const char *)n->name, attr, (long long)v, (long long)lo,
                             (long long)hi);
    *out = v;
    return 0;
}

static int flag_attr(int *out, const xmlNode *n, const char *attr, const rd *r)
{
    int64_t v = 0; /* set by int_attr() on success; gcc -O2 cannot see it */
    int rc = int_attr(&v, n, attr, 0, 1, r, 1);
    if (rc == 0)
        *out = (int)v;
    return rc;
}

/* An index attribute: absent is CLM_DISCOUNT_NONE. */
static int index_attr(size_t *out, const xmlNode *n, const char *attr, size_t bound, const rd *r)
{
    int64_t v = 0;
    int rc = int_attr(&v, n, attr, 0, (int64_t)bound - 1, r, 0);
    if (rc < 0)
        return rc;
    *out = rc == 1 ? CLM_DISCOUNT_NONE : (size_t)v;
    return 0;
}

static int date_attr(clm_date *out, const xmlNode *n, const char *attr, const rd *r, int required)
{
    clm_date d;
    int rc = clm_xml__attr_date(&d, n, attr, r->source, required);
    if (rc < 0)
        return rc;
    *out = rc == 1 ? CLM_OFFER_NO_DATE : d;
    return 0;
}

static int money_attr(int64_t *out, const xmlNode *n, const char *attr, const rd *r,
                      int required)
{
    return clm_xml__attr_amount(out, n, attr, r->source, r->cur, required, "the offer");
}

static int nonneg_money(int64_t *out, const xmlNode *n, const char *attr, const rd *r,
                        int required)
{
    int rc = money_attr(out, n, attr, r, required);
    if (rc == 0 && *out < 0)
        return clm_xml__fail(CLM_EINVAL, n, r->source, attr, "<%s %s> may not be negative",
                             (const char *)n->name, attr);
    return rc;
}

static int rate_attr(clm_rate *out, const xmlNode *n, const char *attr, const rd *r,
                     int required)
{
    return clm_xml__attr_rate(out, n, attr, r->source, required);
}

static int qty_attr(int64_t *out, const xmlNode *n, const char *attr, const rd *r)
{
    const char *s = clm_xml__attr(n, attr);
    int64_t whole = 0, frac = 0;
    int digits = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++)
        if (clm_core__mul_ovf(whole, 10, &whole) || clm_core__add_ovf(whole, *p - '0', &whole))
            goto bad;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
            frac = frac * 10 + (*p - '0');
    if (*p != '\0' || p == s)
        goto bad;
    for (; digits < 3; digits++)
        frac *= 10;
    int64_t q;
    if (clm_core__mul_ovf(whole, CLM_DISCOUNT_QTY_SCALE, &q) || clm_core__add_ovf(q, frac, &q))
        goto bad;
    if (q <= 0)
        return clm_xml__fail(CLM_EINVAL, n, r->source, attr, "<%s %s> must be > 0",
                             (const char *)n->name, attr);
    *out = q;
    return 0;
bad:
    return clm_xml__fail(CLM_EINVAL, n, r->source, attr, "<%s %s> \"%.40s\" is not a quantity",
                         (const char *)n->name, attr, s);
}

static int read_event(clm_offer__event *e, const xmlNode *n, const rd *r)
{
    int64_t at = 0;
    int from, to, act, rc;
    memset(e, 0, sizeof *e);
    if ((rc = int_attr(&at, n, "at", INT64_MIN, INT64_MAX, r, 1)) < 0 ||
        (rc = vocab(&act, n, "action", OFFER_ACTIONS, 0, N(OFFER_ACTIONS), "offer act", r, 1)) < 0 ||
        (rc = vocab_fn(&from, n, "from", state_n, CLM_OFFER_SUPERSEDED, "offer state", r, 1)) < 0 ||
        (rc = vocab_fn(&to, n, "to", state_n, CLM_OFFER_SUPERSEDED, "offer state", r, 1)) < 0)
        return rc;
    e->at = at;
    e->from = (clm_offer_state)from;
    e->to = (clm_offer_state)to;
    if ((rc = text_attr(&e->user, n, "user", CLM_CORE__TEXT_ID, r, 1)) < 0 ||
        (rc = text_attr(&e->role, n, "role", CLM_CORE__TEXT_ID, r, 1)) < 0 ||
        (rc = text_attr(&e->on_behalf_of, n, "on-behalf-of", CLM_CORE__TEXT_ID, r, 0)) < 0 ||
        (rc = text_attr(&e->note, n, "note", CLM_CORE__TEXT_NOTE, r, 0)) < 0) {
        clm_offer__event_clear(e);
        return rc;
    }
    if ((e->action = clm_core__strdup(OFFER_ACTIONS[act])) == NULL) {
        clm_offer__event_clear(e);
        return clm_core__oom("offer XML");
    }
    return 0;
}

static int read_line(clm_offer *o, const xmlNode *n, const rd *r)
{
    int rc;
    void *arr = o->lines;
    if (o->n_lines >= CLM_OFFER__MAX_LINES)
        return clm_xml__fail(CLM_ELIMIT, n, r->source, "line", "more than %d lines",
                             CLM_OFFER__MAX_LINES);
    if ((rc = clm_core__grow(&arr, &o->cap_lines, o->n_lines + 1, sizeof *o->lines,
                             "offer lines")) < 0)
        return rc;
    o->lines = arr;
    clm_offer__line *l = &o->lines[o->n_lines];
    memset(l, 0, sizeof *l);
    o->n_lines++;   /* owned from here: freed with the offer */
    int64_t v = 0;
    if ((rc = text_attr(&l->product, n, "product", CLM_CORE__TEXT_ID, r, 1)) < 0 ||
        (rc = text_attr(&l->group, n, "group", CLM_CORE__TEXT_ID, r, 0)) < 0 ||
        (rc = qty_attr(&l->quantity, n, "quantity", r)) < 0)
        return rc;
    if ((rc = nonneg_money(&v, n, "unit-price", r, 0)) < 0)
        return rc;
    if (rc == 0)
        clm_money_make(&l->unit_price, v, r->cur);
    if ((rc = nonneg_money(&v, n, "unit-cost", r, 0)) < 0)
        return rc;
    if (rc == 0) {
        clm_money_make(&l->unit_cost, v, r->cur);
        l->has_cost = 1;
    }
    if ((rc = rate_attr(&l->manual_rate, n, "manual-rate", r, 1)) < 0)
        return rc;
    if (l->manual_rate < 0 || l->manual_rate > CLM_RATE_ONE)
        return clm_xml__fail(CLM_EINVAL, n, r->source, "manual-rate", "<line manual-rate> must be 0..100%%");
    return 0;
}

static int read_totals(clm_discount_totals *t, const xmlNode *n, size_t nlines, size_t nladder,
                       const rd *r)
{
    int rc;
    int64_t v = 0;
    memset(t, 0, sizeof *t);
    if ((rc = money_attr(&t->base, n, "base", r, 1)) < 0 ||
        (rc = money_attr(&t->discount, n, "discount", r, 1)) < 0 ||
        (rc = money_attr(&t->surcharge, n, "surcharge", r, 1)) < 0 ||
        (rc = money_attr(&t->capped, n, "capped", r, 1)) < 0 ||
        (rc = money_attr(&t->net, n, "net", r, 1)) < 0 ||
        (rc = rate_attr(&t->rate, n, "rate", r, 1)) < 0 ||
        (rc = rate_attr(&t->max_line_rate, n, "max-line-rate", r, 1)) < 0 ||
        (rc = index_attr(&t->max_line, n, "max-line", nlines, r)) < 0 ||
        (rc = index_attr(&t->approval, n, "approval", nladder ? nladder : 1, r)) < 0 ||
        (rc = flag_attr(&t->approvable, n, "approvable", r)) < 0 ||
        (rc = flag_attr(&t->role_suffices, n, "role-suffices", r)) < 0)
        return rc;
    if ((rc = rate_attr(&t->min_margin, n, "min-margin", r, 0)) < 0)
        return rc;
    if (rc == 0) {
        t->has_margin = 1;
        if ((rc = int_attr(&v, n, "min-margin-line", 0, (int64_t)nlines - 1, r, 1)) < 0)
            return rc;
        t->min_margin_line = (size_t)v;
    } else {
        t->min_margin_line = CLM_DISCOUNT_NONE;
    }
    if ((rc = int_attr(&v, n, "early-payment-rule", 0, INT32_MAX, r, 0)) < 0)
        return rc;
    if (rc == 0) {
        t->has_early_payment = 1;
        t->early_payment_rule = (size_t)v;
        if ((rc = rate_attr(&t->early_payment_rate, n, "early-payment-rate", r, 1)) < 0 ||
            (rc = int_attr(&v, n, "early-payment-days", 0, INT32_MAX, r, 1)) < 0)
            return rc;
        t->early_payment_days = (int32_t)v;
        if ((rc = int_attr(&v, n, "early-payment-net-days", 0, INT32_MAX, r, 1)) < 0)
            return rc;
        t->early_payment_net_days = (int32_t)v;
        if ((rc = money_attr(&t->early_payment_amount, n, "early-payment-amount", r, 1)) < 0 ||
            (rc = rate_attr(&t->early_payment_annual_cost, n, "early-payment-annual-cost", r, 1)) < 0)
            return rc;
    } else {
        t->early_payment_rule = CLM_DISCOUNT_NONE;
    }
    return 0;
}

static int read_priced(clm_offer_line_price *lp, const xmlNode *n, const rd *r)
{
    int rc, src;
    int64_t v = 0;
    clm_discount_line_result *x = &lp->result;
    memset(lp, 0, sizeof *lp);
    if ((rc = money_attr(&x->base, n, "base", r, 1)) < 0 ||
        (rc = money_attr(&x->discount, n, "discount", r, 1)) < 0 ||
        (rc = money_attr(&x->surcharge, n, "surcharge", r, 1)) < 0 ||
        (rc = money_attr(&x->capped, n, "capped", r, 1)) < 0 ||
        (rc = money_attr(&x->net, n, "net", r, 1)) < 0 ||
        (rc = money_attr(&x->cost, n, "cost", r, 1)) < 0 ||
        (rc = rate_attr(&x->rate, n, "rate", r, 1)) < 0 ||
        (rc = int_attr(&v, n, "rules-applied", 0, INT32_MAX, r, 1)) < 0)
        return rc;
    x->rules_applied = (size_t)v;
    if ((rc = money_attr(&x->unit_price, n, "unit-price", r, 1)) < 0 ||
        (rc = vocab_fn(&src, n, "source", source_n, CLM_OFFER_PRICE_MANUAL, "price source", r, 1)) < 0)
        return rc;
    lp->source = (clm_offer_price_source)src;
    if ((rc = rate_attr(&x->margin, n, "margin", r, 0)) < 0)
        return rc;
    x->has_margin = rc == 0;
    if ((rc = money_attr(&lp->list_price, n, "list-price", r, 0)) < 0)
        return rc;
    if (rc == 0) {
        lp->has_list_price = 1;
        if ((rc = rate_attr(&lp->list_rate, n, "list-rate", r, 1)) < 0)
            return rc;
    }
    return 0;
}

static int read_trace(clm_offer__pricing *p, const xmlNode *n, const rd *r)
{
    const char *ls = clm_xml__attr(n, "line");
    size_t b;
    int rc, kind = 0, stage = 0;
    if (ls != NULL && strcmp(ls, "document") == 0) {
        b = p->n;
    } else {
        int64_t v = 0;
        if ((rc = int_attr(&v, n, "line", 0, (int64_t)p->n - 1, r, 1)) < 0)
            return rc;
        b = (size_t)v;
    }
    if ((rc = vocab(&kind, n, "kind", TRACE_KIND, 1, N(TRACE_KIND), "trace kind", r, 1)) < 0 ||
        (rc = vocab(&stage, n, "stage", TRACE_STAGE, 1, N(TRACE_STAGE), "trace stage", r, 1)) < 0)
        return rc;
    clm_discount_trace_entry e = { .kind = (clm_discount_trace_kind)kind,
                                   .stage = (clm_discount_stage)stage };
    if ((rc = index_attr(&e.rule, n, "rule", (size_t)INT32_MAX, r)) < 0 ||
        (rc = money_attr(&e.before, n, "before", r, 1)) < 0 ||
        (rc = money_attr(&e.amount, n, "amount", r, 1)) < 0 ||
        (rc = money_attr(&e.after, n, "after", r, 1)) < 0)
        return rc;
    void *arr = p->trace[b].e;
    size_t cap = p->trace[b].n;
    if ((rc = clm_core__grow(&arr, &cap, p->trace[b].n + 1, sizeof e, "offer trace")) < 0)
        return rc;
    p->trace[b].e = arr;
    char *name = NULL, *reason = NULL;
    if ((rc = text_attr(&name, n, "name", CLM_CORE__TEXT_NAME, r, 1)) < 0 ||
        (rc = text_attr(&reason, n, "reason", CLM_CORE__TEXT_NOTE, r, 1)) < 0) {
        clm_core__free(name);
        return rc;
    }
    e.name = name;
    e.reason = reason;
    p->trace[b].e[p->trace[b].n++] = e;
    return 0;
}

static int read_pricing(clm_offer *o, const xmlNode *pn, const rd *r)
{
    int rc;
    int64_t v = 0;
    clm_offer__pricing *p = clm_core__calloc(1, sizeof *p);
    if (p == NULL)
        return clm_core__oom("offer XML");
    o->pricing = p;   /* owned by the offer from here */
    p->n = 0;
    p->required = CLM_DISCOUNT_NONE;
    if ((rc = text_attr(&p->policy_name, pn, "policy", CLM_CORE__TEXT_LINE, r, 1)) < 0 ||
        (rc = text_attr(&p->policy_version, pn, "policy-version", CLM_CORE__TEXT_LINE, r, 1)) < 0 ||
        (rc = text_attr(&p->why, pn, "why", CLM_CORE__TEXT_NOTE, r, 0)) < 0 ||
        (rc = date_attr(&p->priced_on, pn, "priced-on", r, 1)) < 0 ||
        (rc = flag_attr(&p->approvable, pn, "approvable", r)) < 0)
        return rc;
    /* count the priced lines first: the trace buckets need them */
    size_t n_priced = 0, n_ladder = 0;
    for (xmlNode *c = clm_xml__next_element(pn->children); c; c = clm_xml__next_element(c->next)) {
        if (clm_xml__is(c, "priced"))
            n_priced++;
        else if (clm_xml__is(c, "ladder"))
            n_ladder++;
    }
    if (n_priced != o->n_lines)
        return clm_xml__fail(CLM_ESCHEMA, pn, r->source, "priced",
                             "<pricing> has %zu priced lines for %zu lines", n_priced, o->n_lines);
    p->lines = clm_core__calloc(n_priced ? n_priced : 1, sizeof *p->lines);
    p->trace = clm_core__calloc(n_priced + 1, sizeof *p->trace);
    p->ladder = clm_core__calloc(n_ladder ? n_ladder : 1, sizeof *p->ladder);
    if (p->lines == NULL || p->trace == NULL || p->ladder == NULL)
        return clm_core__oom("offer XML");
    p->n = n_priced;
    if ((rc = int_attr(&v, pn, "required", 0, (int64_t)n_ladder - 1, r, 0)) < 0)
        return rc;
    if (rc == 0)
        p->required = (size_t)v;
    size_t li = 0;
    int64_t sum = 0;
    for (xmlNode *c = clm_xml__next_element(pn->children); c; c = clm_xml__next_element(c->next)) {
        if (clm_xml__is(c, "ladder")) {
            if ((rc = text_attr(&p->ladder[p->ladder_n], c, "role", CLM_CORE__TEXT_ID, r, 1)) < 0)
                return rc;
            p->ladder_n++;
        } else if (clm_xml__is(c, "totals")) {
            if ((rc = read_totals(&p->totals, c, n_priced, n_ladder, r)) < 0)
                return rc;
        } else if (clm_xml__is(c, "priced")) {
            if ((rc = read_priced(&p->lines[li], c, r)) < 0)
                return rc;
            if (clm_core__add_ovf(sum, p->lines[li].result.net, &sum))
                return clm_xml__fail(CLM_EOVERFLOW, c, r->source, "net", "the lines' sum overflows");
            li++;
        } else if (clm_xml__is(c, "trace")) {
            if ((rc = read_trace(p, c, r)) < 0)
                return rc;
        }
    }
    if (sum != p->totals.net)
        return clm_xml__fail(CLM_ESCHEMA, pn, r->source, "net",
                             "the priced lines' net amounts add up to %lld, the total says %lld",
                             (long long)sum, (long long)p->totals.net);
    return 0;
}

static int read_credit(clm_offer *o, const xmlNode *n, const rd *r)
{
    int rc, stage, dec;
    int64_t v = 0;
    void *arr = o->credits;
    if ((rc = clm_core__grow(&arr, &o->cap_credits, o->n_credits + 1, sizeof *o->credits,
                             "offer credit checks")) < 0)
        return rc;
    o->credits = arr;
    clm_offer__credit *c = &o->credits[o->n_credits];
    memset(c, 0, sizeof *c);
    o->n_credits++;
    clm_credit_check *k = &c->check;
    if ((rc = vocab_fn(&stage, n, "stage", stage_n, CLM_OFFER_STAGE_ACCEPTANCE, "credit-check stage", r, 1)) < 0 ||
        (rc = vocab(&dec, n, "decision", DECISION, 0, N(DECISION), "credit decision", r, 1)) < 0 ||
        (rc = int_attr(&v, n, "reasons", 0, 15, r, 1)) < 0)
        return rc;
    c->stage = (clm_offer_stage)stage;
    k->decision = (clm_credit_decision)dec;
    k->reasons = (unsigned)v;
    if ((rc = money_attr(&k->exposure, n, "exposure", r, 1)) < 0 ||
        (rc = money_attr(&k->receivables, n, "receivables", r, 1)) < 0 ||
        (rc = money_attr(&k->orders, n, "orders", r, 1)) < 0 ||
        (rc = money_attr(&k->document, n, "document", r, 1)) < 0 ||
        (rc = money_attr(&k->limit, n, "limit", r, 1)) < 0 ||
        (rc = money_attr(&k->headroom, n, "headroom", r, 1)) < 0 ||
        (rc = int_attr(&v, n, "max-days-overdue", 0, INT32_MAX, r, 1)) < 0)
        return rc;
    k->max_days_overdue = (int32_t)v;
    if ((rc = int_attr(&c->at, n, "at", INT64_MIN, INT64_MAX, r, 1)) < 0 ||
        (rc = flag_attr(&c->overridden, n, "overridden", r)) < 0 ||
        (rc = text_attr(&c->user, n, "user", CLM_CORE__TEXT_ID, r, 1)) < 0 ||
        (rc = text_attr(&c->role, n, "role", CLM_CORE__TEXT_ID, r, 1)) < 0 ||
        (rc = text_attr(&c->ov_user, n, "override-user", CLM_CORE__TEXT_ID, r, 0)) < 0 ||
        (rc = text_attr(&c->ov_role, n, "override-role", CLM_CORE__TEXT_ID, r, 0)) < 0 ||
        (rc = text_attr(&c->ov_note, n, "override-note", CLM_CORE__TEXT_NAME, r, 0)) < 0)
        return rc;
    return 0;
}

static int read_offer(clm_offer **out, const xmlNode *on, const rd *r0)
{
    int rc, st;
    int64_t v = 0;
    rd r = *r0;
    clm_offer *o = clm_offer__alloc();
    if (o == NULL)
        return clm_core__oom("offer XML");
    const char *cur = clm_xml__attr(on, "currency");
    clm_currency cc;
    if (cur == NULL || clm_currency_find(&cc, cur) < 0) {
        rc = clm_xml__fail(CLM_ECURRENCY, on, r.source, "currency", "<offer currency> \"%s\" is not an ISO 4217 code",
                           cur != NULL ? cur : "");
        goto fail;
    }
    memcpy(o->currency, cc.code, sizeof o->currency);
    r.cur = o->currency;
    if ((rc = text_attr(&o->id, on, "id", CLM_CORE__TEXT_ID, &r, 1)) < 0 ||
        (rc = text_attr(&o->client_id, on, "client", CLM_CORE__TEXT_ID, &r, 1)) < 0 ||
        (rc = text_attr(&o->manager, on, "manager", CLM_CORE__TEXT_ID, &r, 1)) < 0 ||
        (rc = text_attr(&o->delivery, on, "delivery", CLM_CORE__TEXT_LINE, &r, 0)) < 0 ||
        (rc = text_attr(&o->supersedes, on, "supersedes", CLM_CORE__TEXT_ID, &r, 0)) < 0 ||
        (rc = text_attr(&o->superseded_by, on, "superseded-by", CLM_CORE__TEXT_ID, &r, 0)) < 0 ||
        (rc = text_attr(&o->counter_of, on, "counter-of", CLM_CORE__TEXT_ID, &r, 0)) < 0 ||
        (rc = text_attr(&o->countered_by, on, "countered-by", CLM_CORE__TEXT_ID, &r, 0)) < 0)
        goto fail;
    if ((rc = date_attr(&o->date, on, "date", &r, 1)) < 0 ||
        (rc = flag_attr(&o->from_client, on, "from-client", &r)) < 0 ||
        (rc = rate_attr(&o->prepayment, on, "prepayment", &r, 1)) < 0 ||
        (rc = int_attr(&v, on, "deferral-days", 0, INT32_MAX, &r, 1)) < 0)
        goto fail;
    o->deferral_days = (int32_t)v;
    if (o->prepayment < 0 || o->prepayment > CLM_RATE_ONE) {
        rc = clm_xml__fail(CLM_EINVAL, on, r.source, "prepayment", "<offer prepayment> must be 0..100%%");
        goto fail;
    }
    if ((rc = int_attr(&v, on, "delivery-days", 0, INT32_MAX, &r, 1)) < 0)
        goto fail;
    o->delivery_days = (int32_t)v;
    if ((rc = date_attr(&o->term, on, "term", &r, 0)) < 0 ||
        (rc = flag_attr(&o->revocable, on, "revocable", &r)) < 0 ||
        (rc = vocab_fn(&st, on, "state", state_n, CLM_OFFER_SUPERSEDED, "offer state", &r, 1)) < 0 ||
        (rc = int_attr(&v, on, "revision", 1, INT32_MAX, &r, 1)) < 0)
        goto fail;
    o->state = (clm_offer_state)st;
    o->revision = (int)v;
    if (o->term != CLM_OFFER_NO_DATE && o->term < o->date) {
        rc = clm_xml__fail(CLM_EINVAL, on, r.source, "term",
                           "<offer term> ends before the offer's date");
        goto fail;
    }
    if ((rc = date_attr(&o->sent_on, on, "sent-on", &r, 0)) < 0 ||
        (rc = date_attr(&o->received_on, on, "received-on", &r, 0)) < 0 ||
        (rc = date_attr(&o->accept_by, on, "accept-by", &r, 0)) < 0 ||
        (rc = date_attr(&o->accepted_on, on, "accepted-on", &r, 0)) < 0 ||
        (rc = date_attr(&o->withdrawal_on, on, "withdrawal-on", &r, 0)) < 0 ||
        (rc = flag_attr(&o->not_binding, on, "not-binding", &r)) < 0)
        goto fail;
    if ((rc = vocab_fn(&st, on, "verdict", verdict_n, CLM_OFFER_NOT_OPEN, "acceptance verdict", &r, 0)) < 0)
        goto fail;
    o->verdict = rc == 0 ? (clm_offer_verdict)st : (clm_offer_verdict)0;
    for (xmlNode *c = clm_xml__next_element(on->children); c; c = clm_xml__next_element(c->next)) {
        if (clm_xml__is(c, "line")) {
            rc = read_line(o, c, &r);
        } else if (clm_xml__is(c, "pricing")) {
            rc = read_pricing(o, c, &r);
        } else if (clm_xml__is(c, "credit")) {
            rc = read_credit(o, c, &r);
        } else if (clm_xml__is(c, "override")) {
            o->has_override = 1;
            if ((rc = text_attr(&o->ov_user, c, "user", CLM_CORE__TEXT_ID, &r, 1)) == 0 &&
                (rc = text_attr(&o->ov_role, c, "role", CLM_CORE__TEXT_ID, &r, 1)) == 0)
                rc = text_attr(&o->ov_note, c, "note", CLM_CORE__TEXT_NAME, &r, 1);
        } else if (clm_xml__is(c, "event")) {
            clm_offer__event e;
            if ((rc = clm_offer__event_reserve(o)) == 0 && (rc = read_event(&e, c, &r)) == 0)
                clm_offer__event_push(o, &e);
        } else {
            rc = 0;
        }
        if (rc < 0)
            goto fail;
    }
    *out = o;
    return 0;
fail:
    clm_offer_free(o);
    return rc;
}

static int load(xmlDoc **doc, const char *buf, size_t len, const char *source,
                const clm_xml_options *opts, const char *root)
{
    int rc = clm_xml__read(doc, buf, len, source, "offer", opts);
    if (rc < 0)
        return rc;
    xmlNode *n = xmlDocGetRootElement(*doc);
    if (!clm_xml__is(n, root)) {
        rc = clm_xml__fail(CLM_ESCHEMA, n, source ? source : "<memory>", NULL,
                           "the document is a <%s>, not an <%s>", n ? (const char *)n->name : "",
                           root);
        xmlFreeDoc(*doc);
        *doc = NULL;
        return rc;
    }
    return 0;
}

int clm_offer_load_xml(clm_offer **out, const char *buf, size_t len, const char *source,
                       const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_load_xml: NULL argument");
    xmlDoc *doc;
    int rc = load(&doc, buf, len, source, opts, "offer");
    if (rc < 0)
        return rc;
    rd r = { source ? source : "<memory>", NULL };
    rc = read_offer(out, xmlDocGetRootElement(doc), &r);
    xmlFreeDoc(doc);
    return rc;
}

int clm_offer_load_file(clm_offer **out, const char *path, const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_offer_load_file");
    if (rc < 0)
        return rc;
    rc = clm_offer_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

static int read_disagreement(clm_contract *c, const xmlNode *n, const rd *r)
{
    int rc, st;
    int64_t v = 0;
    void *arr = c->dis;
    if ((rc = clm_core__grow(&arr, &c->cap_dis, c->n_dis + 1, sizeof *c->dis,
                             "contract disagreements")) < 0)
        return rc;
    c->dis = arr;
    clm_contract__disagreement *d = &c->dis[c->n_dis];
    memset(d, 0, sizeof *d);
    c->n_dis++;
    d->line = CLM_CONTRACT_NO_LINE;
    if ((rc = text_attr(&d->clause, n, "clause", CLM_CORE__TEXT_ID, r, 0)) < 0 ||
        (rc = int_attr(&v, n, "line", 0, (int64_t)c->offer->n_lines - 1, r, 0)) < 0)
        return rc;
    if (rc == 0)
        d->line = (size_t)v;
    if ((d->clause == NULL) == (d->line == CLM_CONTRACT_NO_LINE))
        return clm_xml__fail(CLM_ESCHEMA, n, r->source, "clause",
                             "<disagreement> needs exactly one of clause and line");
    if ((rc = text_attr(&d->draft, n, "draft", CLM_CORE__TEXT_NOTE, r, 0)) < 0 ||
        (rc = text_attr(&d->client, n, "client", CLM_CORE__TEXT_NOTE, r, 1)) < 0 ||
        (rc = text_attr(&d->answer, n, "answer", CLM_CORE__TEXT_NOTE, r, 0)) < 0 ||
        (rc = text_attr(&d->decided_by, n, "decided-by", CLM_CORE__TEXT_ID, r, 0)) < 0 ||
        (rc = text_attr(&d->decided_role, n, "decided-role", CLM_CORE__TEXT_ID, r, 0)) < 0 ||
        (rc = text_attr(&d->note, n, "note", CLM_CORE__TEXT_LINE, r, 0)) < 0 ||
        (rc = date_attr(&d->received_on, n, "received-on", r, 1)) < 0 ||
        (rc = vocab_fn(&st, n, "settlement", settle_n, CLM_CONTRACT_ANSWER, "settlement", r, 1)) < 0)
        return rc;
    d->settlement = (clm_contract_settlement)st;
    if (d->client[0] == '\0')
        return clm_xml__fail(CLM_EINVAL, n, r->source, "client", "<disagreement client> is empty");
    if ((rc = nonneg_money(&d->figure, n, "figure", r, 0)) < 0)
        return rc;
    d->has_figure = rc == 0;
    if ((rc = nonneg_money(&d->answer_figure, n, "answer-figure", r, 0)) < 0)
        return rc;
    d->has_answer_figure = rc == 0;
    if ((d->has_figure || d->has_answer_figure) && d->clause != NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, r->source, "figure", "a figure only on a line");
    if ((rc = int_attr(&d->decided_at, n, "decided-at", INT64_MIN, INT64_MAX, r, 0)) < 0)
        return rc;
    if (clm_contract_settled(d->settlement) != (d->decided_by != NULL && d->decided_role != NULL) ||
        (d->settlement == CLM_CONTRACT_ANSWERED) != (d->answer != NULL && !clm_contract_settled(d->settlement)) ||
        (d->settlement == CLM_CONTRACT_ANSWER && d->answer == NULL))
        return clm_xml__fail(CLM_ESCHEMA, n, r->source, "settlement",
                             "<disagreement settlement> \"%s\" does not fit its answer and who "
                             "decided",
                             clm_contract_settlement_name(d->settlement));
    return 0;
}

static int read_special(clm_contract *c, const xmlNode *n, const rd *r)
{
    int rc, k;
    int64_t v = 0;
    void *arr = c->specials;
    if ((rc = clm_core__grow(&arr, &c->cap_specials, c->n_specials + 1, sizeof *c->specials,
                             "contract special terms")) < 0)
        return rc;
    c->specials = arr;
    clm_contract__special *s = &c->specials[c->n_specials];
    memset(s, 0, sizeof *s);
    c->n_specials++;
    if ((rc = vocab_fn(&k, n, "kind", special_n, CLM_CONTRACT_INDIVIDUAL, "special term", r, 1)) < 0 ||
        (rc = text_attr(&s->text, n, "text", CLM_CORE__TEXT_NOTE, r, 1)) < 0 ||
        (rc = int_attr(&v, n, "days", 1, 36600, r, 0)) < 0)
        return rc;
    s->kind = (clm_contract_special_kind)k;
    s->days = rc == 0 ? (int32_t)v : 0;
    if ((rc = rate_attr(&s->rate, n, "rate", r, 0)) < 0)
        return rc;
    if (rc == 1)
        s->rate = 0;
    if ((s->kind == CLM_CONTRACT_ACCELERATED) != (s->days > 0) ||
        (s->kind == CLM_CONTRACT_INDIVIDUAL) != (s->rate > 0) || s->rate < 0 ||
        s->rate > CLM_RATE_ONE || s->text[0] == '\0')
        return clm_xml__fail(CLM_EINVAL, n, r->source, "kind",
                             "<special kind=\"%s\"> with days or a rate it cannot have",
                             clm_contract_special_kind_name(s->kind));
    return 0;
}

static int read_contract_event(clm_contract *c, const xmlNode *n, const rd *r)
{
    int rc, act, from, to;
    int64_t at = 0;
    void *arr = c->events;
    if ((rc = clm_core__grow(&arr, &c->cap_events, c->n_events + 1, sizeof *c->events,
                             "contract events")) < 0)
        return rc;
    c->events = arr;
    if ((rc = int_attr(&at, n, "at", INT64_MIN, INT64_MAX, r, 1)) < 0 ||
        (rc = vocab(&act, n, "action", CONTRACT_ACTIONS, 0, N(CONTRACT_ACTIONS), "contract act", r, 1)) < 0 ||
        (rc = vocab_fn(&from, n, "from", cstate_n, CLM_CONTRACT_TERMINATED, "contract state", r, 1)) < 0 ||
        (rc = vocab_fn(&to, n, "to", cstate_n, CLM_CONTRACT_TERMINATED, "contract state", r, 1)) < 0)
        return rc;
    if (clm_xml__attr(n, "on-behalf-of") != NULL)
        return clm_xml__fail(CLM_ESCHEMA, n, r->source, "on-behalf-of",
                             "a contract's event has no on-behalf-of");
    clm_contract__event *e = &c->events[c->n_events];
    memset(e, 0, sizeof *e);
    c->n_events++;
    e->at = at;
    e->from = (clm_contract_state)from;
    e->to = (clm_contract_state)to;
    if ((rc = text_attr(&e->user, n, "user", CLM_CORE__TEXT_ID, r, 1)) < 0 ||
        (rc = text_attr(&e->role, n, "role", CLM_CORE__TEXT_ID, r, 1)) < 0 ||
        (rc = text_attr(&e->note, n, "note", CLM_CORE__TEXT_NOTE, r, 0)) < 0)
        return rc;
    if ((e->action = clm_core__strdup(CONTRACT_ACTIONS[act])) == NULL)
        return clm_core__oom("contract XML");
    return 0;
}

int clm_contract_load_xml(clm_contract **out, const char *buf, size_t len, const char *source,
                          const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_load_xml: NULL argument");
    xmlDoc *doc;
    int rc = load(&doc, buf, len, source, opts, "contract");
    if (rc < 0)
        return rc;
    rd r = { source ? source : "<memory>", NULL };
    xmlNode *cn = xmlDocGetRootElement(doc);
    int st;
    clm_contract *c = clm_contract__alloc();
    if (c == NULL) {
        rc = clm_core__oom("contract XML");
        goto done;
    }
    xmlNode *on = clm_xml__next_element(cn->children);
    if ((rc = read_offer(&c->offer, on, &r)) < 0)
        goto done;
    r.cur = c->offer->currency;
    if ((rc = text_attr(&c->id, cn, "id", CLM_CORE__TEXT_ID, &r, 1)) < 0 ||
        (rc = text_attr(&c->renewal_of, cn, "renewal-of", CLM_CORE__TEXT_ID, &r, 0)) < 0 ||
        (rc = text_attr(&c->renewed_by, cn, "renewed-by", CLM_CORE__TEXT_ID, &r, 0)) < 0 ||
        (rc = flag_attr(&c->obligatory, cn, "obligatory", &r)) < 0 ||
        (rc = vocab_fn(&st, cn, "state", cstate_n, CLM_CONTRACT_TERMINATED, "contract state", &r, 1)) < 0 ||
        (rc = date_attr(&c->created_on, cn, "created-on", &r, 1)) < 0 ||
        (rc = date_attr(&c->agreed_on, cn, "agreed-on", &r, 0)) < 0 ||
        (rc = date_attr(&c->concluded_on, cn, "concluded-on", &r, 0)) < 0 ||
        (rc = date_attr(&c->closed_on, cn, "closed-on", &r, 0)) < 0 ||
        (rc = nonneg_money(&c->invoiced, cn, "invoiced", &r, 1)) < 0)
        goto done;
    c->state = (clm_contract_state)st;
    if (c->offer->state != CLM_OFFER_ACCEPTED) {
        rc = clm_xml__fail(CLM_ESCHEMA, on, r.source, "state",
                           "a contract's offer is accepted, this one is %s",
                           clm_offer_state_name(c->offer->state));
        goto done;
    }
    for (xmlNode *n = clm_xml__next_element(on->next); n; n = clm_xml__next_element(n->next)) {
        if (clm_xml__is(n, "disagreement"))
            rc = read_disagreement(c, n, &r);
        else if (clm_xml__is(n, "special"))
            rc = read_special(c, n, &r);
        else if (clm_xml__is(n, "event"))
            rc = read_contract_event(c, n, &r);
        if (rc < 0)
            goto done;
    }
    int64_t amount;
    if (c->invoiced > 0 && (clm_contract_amount(&amount, c) < 0 || c->invoiced > amount)) {
        rc = clm_xml__fail(CLM_ESCHEMA, cn, r.source, "invoiced",
                           "<contract invoiced> exceeds the contract's amount");
        goto done;
    }
    *out = c;
    c = NULL;
    rc = 0;
done:
    clm_contract_free(c);
    xmlFreeDoc(doc);
    return rc;
}

int clm_contract_load_file(clm_contract **out, const char *path, const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_contract_load_file");
    if (rc < 0)
        return rc;
    rc = clm_contract_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}
