/*
 * offer_notice.c — the clients and interests of price-change notices
 * gathered from stored offers, contracts and client records
 * (include/clm/offer_notice.h; docs/rules.md, Price-change notices).
 * Reads only; every string the result holds is its own copy.
 */
#include <string.h>

#include "clm/client_store.h"
#include "clm/discount_client.h"
#include "clm/offer_notice.h"
#include "clm/offer_store.h"
#include "offer_internal.h"

struct clm_offer_notice_input {
    clm_price_notice_client *clients;
    size_t nclients, cap_clients;
    clm_price_interest *interests;
    size_t ninterests, cap_interests;
    char **strings;        /* every string the clients and interests point at */
    size_t nstrings, cap_strings;
    const char **cats;     /* the clients' category pointers, in order */
    size_t ncats, cap_cats;
    clm_date window_from, window_to;
};

/* a stored record to read after the listing (a listing's callback must not
 * call the store) */
typedef struct pending {
    char **ids;
    size_t n, cap;
} pending;

int clm_offer_notice_query_init(clm_offer_notice_query *q)
{
    if (q == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_notice_query_init: NULL argument");
    *q = (clm_offer_notice_query)CLM_OFFER_NOTICE_QUERY_INIT;
    return 0;
}

void clm_offer_notice_input_free(clm_offer_notice_input *in)
{
    if (in == NULL)
        return;
    for (size_t i = 0; i < in->nstrings; i++)
        clm_core__free(in->strings[i]);
    clm_core__free(in->strings);
    clm_core__free(in->clients);
    clm_core__free(in->interests);
    clm_core__free(in->cats);
    clm_core__free(in);
}

static void pending_free(pending *p)
{
    for (size_t i = 0; i < p->n; i++)
        clm_core__free(p->ids[i]);
    clm_core__free(p->ids);
    p->ids = NULL;
    p->n = p->cap = 0;
}

static int pending_add(pending *p, const char *id)
{
    if (clm_core__grow((void **)&p->ids, &p->cap, p->n + 1, sizeof *p->ids, "notice input") < 0)
        return CLM_ENOMEM;
    if ((p->ids[p->n] = clm_core__strdup(id)) == NULL)
        return clm_core__oom("notice input");
    p->n++;
    return 0;
}

/* A copy of s owned by the input (NULL stays NULL). */
static int keep(const char **out, clm_offer_notice_input *in, const char *s)
{
    if (s == NULL) {
        *out = NULL;
        return 0;
    }
    if (clm_core__grow((void **)&in->strings, &in->cap_strings, in->nstrings + 1, sizeof *in->strings,
                       "notice input") < 0)
        return CLM_ENOMEM;
    char *c = clm_core__strdup(s);
    if (c == NULL)
        return clm_core__oom("notice input");
    in->strings[in->nstrings++] = c;
    *out = c;
    return 0;
}

/* One interest per line of `o` for `client`. */
static int add_lines(clm_offer_notice_input *in, const clm_offer *o, const char *client,
                     clm_price_interest_kind kind, clm_date date)
{
    const char *kept_client = NULL;
    int rc = keep(&kept_client, in, client);
    for (size_t i = 0; rc == 0 && i < clm_offer_line_count(o); i++) {
        clm_offer_line l;
        if ((rc = clm_offer_line_at(&l, o, i)) < 0)
            break;
        if ((rc = clm_core__grow((void **)&in->interests, &in->cap_interests, in->ninterests + 1,
                                 sizeof *in->interests, "notice input")) < 0)
            break;
        clm_price_interest *it = &in->interests[in->ninterests];
        memset(it, 0, sizeof *it);
        it->kind = kind;
        it->client = kept_client;
        it->quantity = l.quantity;
        it->date = date;
        if ((rc = keep(&it->product, in, l.product)) < 0 || (rc = keep(&it->group, in, l.group)) < 0)
            break;
        in->ninterests++;
    }
    return rc;
}

static int offer_open(clm_offer_state s)
{
    return s == CLM_OFFER_DRAFT || s == CLM_OFFER_AWAITING_APPROVAL || s == CLM_OFFER_APPROVED ||
           s == CLM_OFFER_SENT;
}

static int contract_open(clm_contract_state s)
{
    return s == CLM_CONTRACT_DRAFT || s == CLM_CONTRACT_NEGOTIATION || s == CLM_CONTRACT_AGREED ||
           s == CLM_CONTRACT_CONCLUDED || s == CLM_CONTRACT_IN_EXECUTION;
}

static int contract_bought(clm_contract_state s)
{
    return s == CLM_CONTRACT_CONCLUDED || s == CLM_CONTRACT_IN_EXECUTION || s == CLM_CONTRACT_COMPLETED;
}

static int on_offer(const clm_offer_item *item, void *payload)
{
    return offer_open(item->state) ? pending_add(payload, item->id) : 0;
}

static int on_contract(const clm_contract_item *item, void *payload)
{
    return contract_open(item->state) || contract_bought(item->state) ? pending_add(payload, item->id)
                                                                      : 0;
}

static int gather_offers(clm_offer_notice_input *in, clm_store *st, const char *client)
{
    pending p = { 0 };
    int rc = clm_offer_store_list(st, client, NULL, 0, on_offer, &p);
    for (size_t i = 0; rc == 0 && i < p.n; i++) {
        clm_offer *o = NULL;
        if ((rc = clm_offer_store_load(&o, st, p.ids[i])) < 0)
            break;
        clm_offer_info info;
        rc = clm_offer_info_get(&info, o);
        if (rc == 0)
            rc = add_lines(in, o, info.client_id, CLM_PRICE_INTEREST_OFFER, 0);
        clm_offer_free(o);
    }
    pending_free(&p);
    return rc;
}

static int gather_contracts(clm_offer_notice_input *in, clm_store *st, const clm_offer_notice_query *q)
{
    pending p = { 0 };
    int rc = clm_contract_store_list(st, q->client, NULL, 0, on_contract, &p);
    for (size_t i = 0; rc == 0 && i < p.n; i++) {
        clm_contract *c = NULL;
        if ((rc = clm_contract_store_load(&c, st, p.ids[i])) < 0)
            break;
        clm_contract_state s = clm_contract_state_get(c);
        const clm_offer *o = clm_contract_offer(c);
        const char *client = clm_contract_client_id(c);
        if (contract_open(s))
            rc = add_lines(in, o, client, CLM_PRICE_INTEREST_CONTRACT, 0);
        clm_date on = clm_contract_concluded_on(c);
        if (rc == 0 && contract_bought(s) && on != CLM_OFFER_NO_DATE && on >= q->window_from &&
            on <= q->window_to)
            rc = add_lines(in, o, client, CLM_PRICE_INTEREST_PURCHASE, on);
        clm_contract_free(c);
    }
    pending_free(&p);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct clients of the interests, in byte order, each read from
 * its client record. */
static int gather_clients(clm_offer_notice_input *in, clm_store *st)
{
    if (in->ninterests == 0)
        return 0;
    const char **ids = clm_core__calloc(in->ninterests, sizeof *ids);
    if (ids == NULL)
        return clm_core__oom("notice input");
    for (size_t i = 0; i < in->ninterests; i++)
        ids[i] = in->interests[i].client;
    clm_core__qsort(ids, in->ninterests, sizeof *ids, cmp_str);
    size_t n = 0;
    for (size_t i = 0; i < in->ninterests; i++)
        if (n == 0 || strcmp(ids[n - 1], ids[i]) != 0)
            ids[n++] = ids[i];
    int rc = clm_core__grow((void **)&in->clients, &in->cap_clients, n, sizeof *in->clients, "notice input");
    /* the category pointers of each client start at an offset of in->cats,
     * which may move while it grows: offsets first, pointers at the end */
    size_t *first = rc == 0 ? clm_core__calloc(n, sizeof *first) : NULL;
    if (rc == 0 && first == NULL)
        rc = clm_core__oom("notice input");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        clm_client *c = NULL;
        rc = clm_client_store_load(&c, st, ids[i]);
        if (rc == CLM_ENOTFOUND) {
            rc = clm_core__fail_at(CLM_ENOTFOUND, "client", ids[i], 0,
                                   "price-change notices: client '%s' holds an offer or a contract "
                                   "but has no client record", ids[i]);
            break;
        }
        if (rc < 0)
            break;
        size_t k = clm_client_category_count(c);
        const char **cats = NULL;
        clm_discount_client dc;
        memset(&dc, 0, sizeof dc);
        if ((rc = clm_core__grow((void **)&in->cats, &in->cap_cats, in->ncats + k + 1, sizeof *in->cats,
                                 "notice input")) == 0) {
            cats = in->cats + in->ncats;
            rc = clm_discount_client_from_client(&dc, cats, k, c);
        }
        clm_price_notice_client *pc = &in->clients[i];
        memset(pc, 0, sizeof *pc);
        pc->id = ids[i]; /* already the input's own copy */
        for (size_t j = 0; rc == 0 && j < k; j++)
            rc = keep(&cats[j], in, cats[j]);
        if (rc == 0)
            rc = keep(&pc->region, in, dc.region);
        if (rc == 0) {
            first[i] = in->ncats;
            pc->category_count = k;
            in->ncats += k;
            in->nclients = i + 1;
        }
        clm_client_free(c);
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        in->clients[i].categories = in->clients[i].category_count ? in->cats + first[i] : NULL;
    clm_core__free(first);
    clm_core__free(ids);
    return rc;
}

int clm_offer_store_notice_input(clm_offer_notice_input **out, clm_store *st,
                                 const clm_offer_notice_query *q)
{
    if (out == NULL || st == NULL || q == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_store_notice_input: NULL argument");
    if (clm_core__check_version(q->version, CLM_OFFER_NOTICE_QUERY_VERSION, "notice query") < 0)
        return CLM_EVERSION;
    if (q->window_from < CLM_DATE_MIN || q->window_from > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "window_from", "", 0,
                                 "price-change notices: window_from is not a valid date");
    if (q->window_to < CLM_DATE_MIN || q->window_to > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "window_to", "", 0,
                                 "price-change notices: window_to is not a valid date");
    if (q->window_from > q->window_to)
        return clm_core__fail_at(CLM_ERANGE, "window_to", "", 0,
                                 "price-change notices: the window ends before it starts");
    if (q->client != NULL && clm_core__check_text(q->client, CLM_CORE__TEXT_ID, "client") < 0)
        return CLM_EINVAL;
    clm_offer_notice_input *in = clm_core__calloc(1, sizeof *in);
    if (in == NULL)
        return clm_core__oom("notice input");
    in->window_from = q->window_from;
    in->window_to = q->window_to;
    int rc = gather_offers(in, st, q->client);
    if (rc == 0)
        rc = gather_contracts(in, st, q);
    if (rc == 0)
        rc = gather_clients(in, st);
    if (rc != 0) {
        clm_offer_notice_input_free(in);
        return rc;
    }
    *out = in;
    return 0;
}

size_t clm_offer_notice_input_client_count(const clm_offer_notice_input *in)
{
    return in != NULL ? in->nclients : 0;
}

const clm_price_notice_client *clm_offer_notice_input_clients(const clm_offer_notice_input *in)
{
    return in != NULL && in->nclients > 0 ? in->clients : NULL;
}

size_t clm_offer_notice_input_interest_count(const clm_offer_notice_input *in)
{
    return in != NULL ? in->ninterests : 0;
}

const clm_price_interest *clm_offer_notice_input_interests(const clm_offer_notice_input *in)
{
    return in != NULL && in->ninterests > 0 ? in->interests : NULL;
}

int clm_offer_notice_input_fill(clm_price_notice_request *r, const clm_offer_notice_input *in)
{
    if (r == NULL || in == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_notice_input_fill: NULL argument");
    r->clients = clm_offer_notice_input_clients(in);
    r->client_count = in->nclients;
    r->interests = clm_offer_notice_input_interests(in);
    r->interest_count = in->ninterests;
    r->window_from = in->window_from;
    r->window_to = in->window_to;
    return 0;
}
