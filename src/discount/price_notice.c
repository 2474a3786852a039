/*
 * price_notice.c — which clients to notify of a new version of the price
 * lists, of which prices, and by when (price_notice.h; docs/rules.md,
 * "Price-change notices"). Pure: it reads two compiled books through
 * their public lookup and a calendar; the store record of a sent notice is
 * price_notice_store.c.
 */
#include <stdio.h>
#include <string.h>

#include "clm/price_notice.h"
#include "discount_internal.h"

/* ---- names ---------------------------------------------------------------------- */

const char *clm_price_interest_kind_name(clm_price_interest_kind k)
{
    switch (k) {
    case CLM_PRICE_INTEREST_PURCHASE: return "purchase";
    case CLM_PRICE_INTEREST_OFFER: return "offer";
    case CLM_PRICE_INTEREST_CONTRACT: return "contract";
    }
    return NULL;
}

int clm_price_interest_kind_from_name(clm_price_interest_kind *out, const char *name)
{
    static const clm_price_interest_kind all[] = {
        CLM_PRICE_INTEREST_PURCHASE, CLM_PRICE_INTEREST_OFFER, CLM_PRICE_INTEREST_CONTRACT
    };
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "price interest kind: NULL argument");
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (strcmp(name, clm_price_interest_kind_name(all[i])) == 0) {
            *out = all[i];
            return 0;
        }
    return clm_core__fail(CLM_ENOTFOUND,
                          "price interest kind '%.64s' is unknown (purchase, offer, contract)", name);
}

const char *clm_price_change_kind_name(clm_price_change_kind k)
{
    switch (k) {
    case CLM_PRICE_CHANGED: return "changed";
    case CLM_PRICE_ADDED: return "added";
    case CLM_PRICE_WITHDRAWN: return "withdrawn";
    }
    return NULL;
}

int clm_price_notice_request_init(clm_price_notice_request *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "price notice request: NULL argument");
    *r = (clm_price_notice_request)CLM_PRICE_NOTICE_REQUEST_INIT;
    return 0;
}

/* ---- the deadline ----------------------------------------------------------------- */

/* The last working day before `d`. */
static int working_before(clm_date *out, const clm_calendar *cal, clm_date d)
{
    for (;;) {
        if (d <= CLM_DATE_MIN)
            return clm_core__fail(CLM_ERANGE, "price notice: no working day before 0001-01-01");
        d--;
        int w;
        int rc = clm_calendar_is_working(&w, cal, d);
        if (rc < 0)
            return rc;
        if (w) {
            *out = d;
            return 0;
        }
    }
}

int clm_price_notice_deadline(clm_date *out, const clm_calendar *cal, clm_date effective,
                              int32_t notice_days)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "price notice deadline: NULL argument");
    if (notice_days < 0)
        return clm_core__fail_at(CLM_EINVAL, "notice_days", "", 0,
                                 "price notice deadline: the notice period is negative");
    if (effective < CLM_DATE_MIN || effective > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "effective", "", 0,
                                 "price notice deadline: the effective date is outside the calendar");
    /* the notice_days-th working day before the change (the 0th is the
     * effective date itself), then the working day before that: a notice
     * runs from the day after it is sent (Civil Code art. 191) */
    clm_date d = effective;
    for (int32_t i = 0; i < notice_days; i++) {
        int rc = working_before(&d, cal, d);
        if (rc < 0)
            return rc;
    }
    return working_before(out, cal, d);
}

/* ---- the list ------------------------------------------------------------------------ */

typedef struct pair {
    size_t client;            /* index in the request's clients */
    const char *product;
    const char *group;        /* NULL or not */
    int64_t quantity;
    unsigned reasons;
} pair;

struct clm_price_notices {
    clm_price_notice *notices;
    size_t n;
    size_t *first;            /* notices[i]'s changes start at changes[first[i]] */
    clm_price_change *changes;
    size_t nchanges;
    char **strings;           /* every string the list owns */
    size_t nstrings, capstrings;
};

void clm_price_notices_free(clm_price_notices *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->nstrings; i++)
        clm_core__free(n->strings[i]);
    clm_core__free(n->strings);
    clm_core__free(n->notices);
    clm_core__free(n->first);
    clm_core__free(n->changes);
    clm_core__free(n);
}

size_t clm_price_notices_count(const clm_price_notices *n)
{
    return n == NULL ? 0 : n->n;
}

const clm_price_notice *clm_price_notices_at(const clm_price_notices *n, size_t i)
{
    return n == NULL || i >= n->n ? NULL : &n->notices[i];
}

const clm_price_change *clm_price_notices_change(const clm_price_notices *n, size_t i, size_t k)
{
    if (n == NULL || i >= n->n || k >= n->notices[i].change_count)
        return NULL;
    return &n->changes[n->first[i] + k];
}

/* A copy of `s` owned by the list (NULL stays NULL). */
static int own(const char **out, clm_price_notices *n, const char *s)
{
    if (s == NULL) {
        *out = NULL;
        return 0;
    }
    if (clm_core__grow((void **)&n->strings, &n->capstrings, n->nstrings + 1, sizeof *n->strings,
                       "price notices") < 0)
        return CLM_ENOMEM;
    char *c = clm_core__strdup(s);
    if (c == NULL)
        return clm_core__oom("price notices");
    n->strings[n->nstrings++] = c;
    *out = c;
    return 0;
}

static int strcmp_null(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* A pair with its client's id, for sorting. */
typedef struct sort_pair {
    pair p;
    const char *client_id;
} sort_pair;

static int cmp_pairs(const void *a, const void *b)
{
    const sort_pair *x = a, *y = b;
    int c = strcmp(x->client_id, y->client_id);
    if (c == 0)
        c = strcmp(x->p.product, y->p.product);
    if (c == 0)
        c = strcmp_null(x->p.group, y->p.group);
    if (c == 0)
        c = (x->p.quantity > y->p.quantity) - (x->p.quantity < y->p.quantity);
    return c;
}

/* A client id and its index in the request; the id comes first, so
 * cmp_ids compares a key `const char **` with an element too. */
typedef struct client_ix {
    const char *id;
    size_t index;
} client_ix;

static int cmp_ids(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int check_request(const clm_price_notice_request *r, clm_currency *cur)
{
    int rc = clm_core__check_version(r->version, CLM_PRICE_NOTICE_REQUEST_VERSION,
                                     "price notice request");
    if (rc < 0)
        return rc;
    if (r->currency == NULL || clm_currency_find(cur, r->currency) < 0)
        return clm_core__fail_at(CLM_ECURRENCY, "currency", "", 0,
                                 "price notice request: unknown currency '%.8s'",
                                 r->currency != NULL ? r->currency : "(null)");
    if (r->old_prices == NULL || r->new_prices == NULL)
        return clm_core__fail_at(CLM_EINVAL, r->old_prices == NULL ? "old_prices" : "new_prices", "",
                                 0, "price notice request: both versions' books are needed");
    if (r->calendar == NULL)
        return clm_core__fail_at(CLM_EINVAL, "calendar", "", 0,
                                 "price notice request: a calendar is needed for the notice period");
    if (r->notice_days < 0)
        return clm_core__fail_at(CLM_EINVAL, "notice_days", "", 0,
                                 "price notice request: the notice period is negative");
    if (r->effective < CLM_DATE_MIN || r->effective > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "effective", "", 0,
                                 "price notice request: the effective date is outside the calendar");
    if (r->window_from < CLM_DATE_MIN || r->window_from > CLM_DATE_MAX || r->window_to < CLM_DATE_MIN ||
        r->window_to > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "window", "", 0,
                                 "price notice request: the purchase window is outside the calendar");
    if (r->window_from > r->window_to)
        return clm_core__fail_at(CLM_EINVAL, "window_from", "", 0,
                                 "price notice request: the purchase window ends before it starts");
    if ((r->clients == NULL && r->client_count > 0) || (r->interests == NULL && r->interest_count > 0))
        return clm_core__fail(CLM_EINVAL, "price notice request: an array is NULL with a count");
    for (size_t i = 0; i < r->client_count; i++) {
        const clm_price_notice_client *c = &r->clients[i];
        if (c->id == NULL || clm_core__check_text(c->id, CLM_CORE__TEXT_ID, "clients.id") < 0)
            return clm_core__fail_at(CLM_EINVAL, "clients.id", "", 0,
                                     "price notice request: client %zu has no valid id", i);
        if (c->categories == NULL && c->category_count > 0)
            return clm_core__fail_at(CLM_EINVAL, "clients.categories", "", 0,
                                     "price notice request: client '%s' has NULL categories", c->id);
    }
    for (size_t i = 0; i < r->interest_count; i++) {
        const clm_price_interest *it = &r->interests[i];
        const char *field = NULL;
        if (clm_price_interest_kind_name(it->kind) == NULL)
            field = "kind";
        else if (it->client == NULL)
            field = "client";
        else if (it->product == NULL || clm_core__check_text(it->product, CLM_CORE__TEXT_ID, "product") < 0)
            field = "product";
        else if (it->group != NULL && clm_core__check_text(it->group, CLM_CORE__TEXT_ID, "group") < 0)
            field = "group";
        else if (it->quantity <= 0)
            field = "quantity";
        else if (it->kind == CLM_PRICE_INTEREST_PURCHASE &&
                 (it->date < CLM_DATE_MIN || it->date > CLM_DATE_MAX))
            field = "date";
        if (field != NULL)
            return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                     "price notice request: interest %zu has a bad %s", i, field);
    }
    return 0;
}

typedef struct quote_or_none {
    int has;
    clm_price_quote q;
} quote_or_none;

static int price_of(quote_or_none *out, const clm_price_book *b, const clm_price_notice_request *r,
                    const clm_price_notice_client *c, const pair *p)
{
    clm_price_query q = CLM_PRICE_QUERY_INIT;
    q.currency = r->currency;
    q.date = r->effective;
    q.client = c->id;
    q.categories = c->categories;
    q.category_count = c->category_count;
    q.region = c->region;
    q.channel = c->channel;
    q.product = p->product;
    q.group = p->group;
    q.quantity = p->quantity;
    int rc = clm_price_book_lookup(&out->q, b, &q);
    out->has = rc == 0;
    return rc == CLM_ENOTFOUND ? 0 : rc;
}

int clm_price_notices_new(clm_price_notices **out, const clm_price_notice_request *r)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "price notices: NULL argument");
    clm_currency cur;
    int rc = check_request(r, &cur);
    if (rc < 0)
        return rc;
    clm_date deadline;
    if ((rc = clm_price_notice_deadline(&deadline, r->calendar, r->effective, r->notice_days)) < 0)
        return rc;

    /* clients by id, refusing duplicates */
    client_ix *ids = NULL;
    sort_pair *pairs = NULL;
    clm_price_notices *n = NULL;
    if (r->client_count > 0 &&
        (ids = clm_core__reallocarray(NULL, r->client_count, sizeof *ids)) == NULL) {
        rc = clm_core__oom("price notices");
        goto fail;
    }
    for (size_t i = 0; i < r->client_count; i++)
        ids[i] = (client_ix){ r->clients[i].id, i };
    clm_core__qsort(ids, r->client_count, sizeof *ids, cmp_ids);
    for (size_t i = 1; i < r->client_count; i++)
        if (strcmp(ids[i - 1].id, ids[i].id) == 0) {
            rc = clm_core__fail_at(CLM_EINVAL, "clients.id", "", 0,
                                   "price notice request: client '%s' is given twice", ids[i].id);
            goto fail;
        }

    /* the interests that count, as (client, product, group, quantity) */
    size_t np = 0;
    if (r->interest_count > 0 &&
        (pairs = clm_core__reallocarray(NULL, r->interest_count, sizeof *pairs)) == NULL) {
        rc = clm_core__oom("price notices");
        goto fail;
    }
    for (size_t i = 0; i < r->interest_count; i++) {
        const clm_price_interest *it = &r->interests[i];
        size_t at = clm_core__lower_bound(&it->client, ids, r->client_count, sizeof *ids, cmp_ids);
        if (at == r->client_count || strcmp(ids[at].id, it->client) != 0) {
            rc = clm_core__fail_at(CLM_EINVAL, "client", "", 0,
                                   "price notice request: interest %zu names client '%.64s', "
                                   "who is not among the clients", i, it->client);
            goto fail;
        }
        if (it->kind == CLM_PRICE_INTEREST_PURCHASE &&
            (it->date < r->window_from || it->date > r->window_to))
            continue;
        pairs[np].p = (pair){ ids[at].index, it->product, it->group, it->quantity,
                              (unsigned)it->kind };
        pairs[np].client_id = ids[at].id;
        np++;
    }
    clm_core__qsort(pairs, np, sizeof *pairs, cmp_pairs);
    size_t w = 0;
    for (size_t i = 0; i < np; i++) {
        if (w > 0 && cmp_pairs(&pairs[w - 1], &pairs[i]) == 0)
            pairs[w - 1].p.reasons |= pairs[i].p.reasons;
        else
            pairs[w++] = pairs[i];
    }
    np = w;

    if ((n = clm_core__calloc(1, sizeof *n)) == NULL) {
        rc = clm_core__oom("price notices");
        goto fail;
    }
    if (np > 0 && ((n->changes = clm_core__calloc(np, sizeof *n->changes)) == NULL ||
                   (n->notices = clm_core__calloc(np, sizeof *n->notices)) == NULL ||
                   (n->first = clm_core__calloc(np, sizeof *n->first)) == NULL)) {
        rc = clm_core__oom("price notices");
        goto fail;
    }
    for (size_t i = 0; i < np; i++) {
        const pair *p = &pairs[i].p;
        const clm_price_notice_client *c = &r->clients[p->client];
        quote_or_none o, nw;
        if ((rc = price_of(&o, r->old_prices, r, c, p)) < 0 ||
            (rc = price_of(&nw, r->new_prices, r, c, p)) < 0)
            goto fail;
        clm_price_change ch;
        memset(&ch, 0, sizeof ch);
        if (o.has && nw.has) {
            if (o.q.unit_price.amount == nw.q.unit_price.amount)
                continue;
            ch.kind = CLM_PRICE_CHANGED;
        } else if (nw.has) {
            ch.kind = CLM_PRICE_ADDED;
        } else if (o.has) {
            ch.kind = CLM_PRICE_WITHDRAWN;
        } else {
            continue;
        }
        ch.quantity = p->quantity;
        ch.reasons = p->reasons;
        ch.old_price = o.has ? o.q.unit_price.amount : 0;
        ch.new_price = nw.has ? nw.q.unit_price.amount : 0;
        if ((rc = own(&ch.product, n, p->product)) < 0 || (rc = own(&ch.group, n, p->group)) < 0 ||
            (rc = own(&ch.old_list, n, o.has ? o.q.list_id : NULL)) < 0 ||
            (rc = own(&ch.new_list, n, nw.has ? nw.q.list_id : NULL)) < 0)
            goto fail;
        /* a new client starts a notice (pairs are sorted by client) */
        if (n->n == 0 || strcmp(n->notices[n->n - 1].client, c->id) != 0) {
            clm_price_notice *no = &n->notices[n->n];
            if ((rc = own(&no->client, n, c->id)) < 0)
                goto fail;
            no->deadline = deadline;
            no->effective = r->effective;
            n->first[n->n] = n->nchanges;
            n->n++;
        }
        n->notices[n->n - 1].change_count++;
        n->changes[n->nchanges++] = ch;
    }
    clm_core__free(ids);
    clm_core__free(pairs);
    *out = n;
    return 0;
fail:
    clm_core__free(ids);
    clm_core__free(pairs);
    clm_price_notices_free(n);
    return rc;
}
