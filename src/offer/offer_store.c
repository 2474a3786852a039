/*
 * offer_store.c — offers and contracts in a store (clm/offer_store.h): one
 * audited write per save, the body in the module's own XML, the lists
 * from the indexed columns alone.
 */
#include <stdio.h>
#include <string.h>

#include "offer_internal.h"
#include "clm/offer_store.h"
#include "clm/offer_xml.h"

int64_t clm_offer_stored_version(const clm_offer *o) { return o ? o->stored_version : 0; }
int64_t clm_contract_stored_version(const clm_contract *c) { return c ? c->stored_version : 0; }

static int put(clm_store *st, int64_t *newv, const clm_actor *who, const clm_record *r,
               const char *note)
{
    return clm_store_put_audited(newv, st, who, r, note);
}

int clm_offer_store_save(clm_store *st, clm_offer *o, const clm_actor *who, const char *note)
{
    if (st == NULL || o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_store_save: NULL argument");
    int rc = clm_actor_check(who);
    if (rc < 0)
        return rc;
    char *body;
    size_t len;
    if ((rc = clm_offer_save_xml(&body, &len, o)) < 0)
        return rc;
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_OFFER;
    r.id = o->id;
    r.version = o->stored_version;
    r.client_id = o->client_id;
    r.manager = o->manager;
    r.state = clm_offer_state_name(o->state);
    r.name = o->supersedes != NULL ? o->supersedes : o->counter_of;
    if (o->state == CLM_OFFER_SENT && o->accept_by != CLM_OFFER_NO_DATE)
        r.due = o->accept_by;
    if (o->pricing != NULL)
        clm_money_make(&r.amount, o->pricing->totals.net, o->currency);
    r.body = body;
    r.body_len = len;
    int64_t v;
    rc = put(st, &v, who, &r, note);
    clm_core__free(body);
    if (rc < 0)
        return rc;
    o->stored_version = v;
    return 0;
}

/* Reads a record's body with the codec, naming the record on failure. */
static int body_of(const clm_record *r, char *source, size_t size)
{
    snprintf(source, size, "%s record %.200s", clm_record_kind_name(r->kind), r->id);
    if (r->body_len == 0)
        return clm_core__fail_at(CLM_EPARSE, "body", source, 0, "%s has no body", source);
    return 0;
}

int clm_offer_store_load(clm_offer **out, clm_store *st, const char *id)
{
    if (out == NULL || st == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_store_load: NULL argument");
    int rc = clm_offer__check_id(id, "id");
    if (rc < 0)
        return rc;
    clm_record *r;
    if ((rc = clm_store_get(&r, st, CLM_RECORD_OFFER, id)) < 0)
        return rc;
    char source[256];
    clm_offer *o = NULL;
    if ((rc = body_of(r, source, sizeof source)) == 0 &&
        (rc = clm_offer_load_xml(&o, r->body, r->body_len, source, NULL)) == 0) {
        if (strcmp(o->id, r->id) != 0) {
            /* a damaged or hand-made record: it must not pass for another offer */
            rc = clm_core__fail_at(CLM_EPARSE, "id", source, 0, "%s holds offer '%s'", source,
                                   o->id);
            clm_offer_free(o);
        } else {
            o->stored_version = r->version;
            *out = o;
        }
    }
    clm_record_free(r);
    return rc;
}

/* The kinds of the special terms, space-separated, into buf; NULL if none. */
static const char *special_kinds(char *buf, size_t size, const clm_contract *c)
{
    unsigned seen = 0;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->n_specials; i++)
        seen |= 1u << c->specials[i].kind;
    for (int k = CLM_CONTRACT_ACCELERATED; k <= CLM_CONTRACT_INDIVIDUAL; k++)
        if (seen & (1u << k))
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "",
                                    clm_contract_special_kind_name((clm_contract_special_kind)k));
    return len ? buf : NULL;
}

int clm_contract_store_save(clm_store *st, clm_contract *c, const clm_actor *who,
                            const char *note)
{
    if (st == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_store_save: NULL argument");
    int rc = clm_actor_check(who);
    if (rc < 0)
        return rc;
    int64_t open = 0;
    if ((rc = clm_contract_uninvoiced(&open, c)) < 0)
        return rc;
    char *body;
    size_t len;
    if ((rc = clm_contract_save_xml(&body, &len, c)) < 0)
        return rc;
    char kinds[128];
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CONTRACT;
    r.id = c->id;
    r.version = c->stored_version;
    r.client_id = c->offer->client_id;
    r.manager = c->offer->manager;
    r.state = clm_contract_state_name(c->state);
    r.name = c->offer->id;
    r.category = special_kinds(kinds, sizeof kinds, c);
    if (open > 0)
        clm_money_make(&r.amount, open, c->offer->currency);
    r.body = body;
    r.body_len = len;
    int64_t v;
    rc = put(st, &v, who, &r, note);
    clm_core__free(body);
    if (rc < 0)
        return rc;
    c->stored_version = v;
    return 0;
}

int clm_contract_store_load(clm_contract **out, clm_store *st, const char *id)
{
    if (out == NULL || st == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_store_load: NULL argument");
    int rc = clm_offer__check_id(id, "id");
    if (rc < 0)
        return rc;
    clm_record *r;
    if ((rc = clm_store_get(&r, st, CLM_RECORD_CONTRACT, id)) < 0)
        return rc;
    char source[256];
    clm_contract *c = NULL;
    if ((rc = body_of(r, source, sizeof source)) == 0 &&
        (rc = clm_contract_load_xml(&c, r->body, r->body_len, source, NULL)) == 0) {
        if (strcmp(clm_contract_id(c), r->id) != 0) {
            rc = clm_core__fail_at(CLM_EPARSE, "id", source, 0, "%s holds contract '%s'", source,
                                   clm_contract_id(c));
            clm_contract_free(c);
        } else {
            c->stored_version = r->version;
            *out = c;
        }
    }
    clm_record_free(r);
    return rc;
}

/* ---- lists ------------------------------------------------------------------------ */

typedef struct offer_scan {
    clm_offer_item_cb cb;
    void *payload;
} offer_scan;

static int offer_row(const clm_record *r, void *payload)
{
    offer_scan *s = payload;
    clm_offer_item it = { .id = r->id, .client_id = r->client_id, .manager = r->manager,
                          .linked = r->name, .accept_by = CLM_OFFER_NO_DATE };
    clm_offer_state st;
    if (r->state == NULL || clm_offer_state_from_name(&st, r->state) < 0)
        return clm_core__fail_at(CLM_EPARSE, "state", "", 0,
                                 "offer record %s: unknown state \"%.64s\"", r->id,
                                 r->state != NULL ? r->state : "");
    it.state = st;
    if (r->due != CLM_RECORD_NO_DUE)
        it.accept_by = r->due;
    if (r->amount.currency[0] != '\0') {
        it.priced = 1;
        it.net = r->amount;
    }
    return s->cb(&it, s->payload);
}

static int check_filter_text(const char *s, const char *field)
{
    return s == NULL ? 0 : clm_offer__check_id(s, field);
}

int clm_offer_store_list(clm_store *st, const char *client_id, const char *manager,
                         clm_offer_state state, clm_offer_item_cb cb, void *payload)
{
    int rc;
    if (st == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_store_list: NULL argument");
    if ((rc = check_filter_text(client_id, "client_id")) < 0 ||
        (rc = check_filter_text(manager, "manager")) < 0)
        return rc;
    if (state != 0 && clm_offer_state_name(state) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "state", "", 0, "offer list: state %d is not one",
                                 (int)state);
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_OFFER;
    f.client_id = client_id;
    f.manager = manager;
    f.state = state != 0 ? clm_offer_state_name(state) : NULL;
    offer_scan s = { cb, payload };
    return clm_store_scan(st, &f, offer_row, &s);
}

int clm_offer_store_expiring(clm_store *st, const clm_calendar *cal, clm_date on, int32_t days,
                             const char *manager, clm_offer_item_cb cb, void *payload)
{
    int rc;
    if (st == NULL || cal == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_store_expiring: NULL argument");
    if (days < 0 || days > 365)
        return clm_core__fail_at(CLM_EINVAL, "days", "", 0,
                                 "offer list: days must be 0..365, not %d", (int)days);
    if ((rc = check_filter_text(manager, "manager")) < 0)
        return rc;
    clm_date horizon = on;
    if (days > 0 && (rc = clm_calendar_add_working_days(&horizon, cal, on, days)) < 0)
        return rc;
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_OFFER;
    f.manager = manager;
    f.state = clm_offer_state_name(CLM_OFFER_SENT);
    f.due_from = CLM_DATE_MIN;
    f.due_to = horizon;
    offer_scan s = { cb, payload };
    return clm_store_scan(st, &f, offer_row, &s);
}

typedef struct contract_scan {
    clm_contract_item_cb cb;
    void *payload;
} contract_scan;

static int contract_row(const clm_record *r, void *payload)
{
    contract_scan *s = payload;
    clm_contract_state st;
    if (r->state == NULL || clm_contract_state_from_name(&st, r->state) < 0)
        return clm_core__fail_at(CLM_EPARSE, "state", "", 0,
                                 "contract record %s: unknown state \"%.64s\"", r->id,
                                 r->state != NULL ? r->state : "");
    clm_contract_item it = { .id = r->id, .client_id = r->client_id, .manager = r->manager,
                             .state = st, .offer_id = r->name, .special = r->category,
                             .uninvoiced = r->amount };
    return s->cb(&it, s->payload);
}

int clm_contract_store_list(clm_store *st, const char *client_id, const char *manager,
                            clm_contract_state state, clm_contract_item_cb cb, void *payload)
{
    int rc;
    if (st == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_store_list: NULL argument");
    if ((rc = check_filter_text(client_id, "client_id")) < 0 ||
        (rc = check_filter_text(manager, "manager")) < 0)
        return rc;
    if (state != 0 && clm_contract_state_name(state) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "state", "", 0,
                                 "contract list: state %d is not one", (int)state);
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CONTRACT;
    f.client_id = client_id;
    f.manager = manager;
    f.state = state != 0 ? clm_contract_state_name(state) : NULL;
    contract_scan s = { cb, payload };
    return clm_store_scan(st, &f, contract_row, &s);
}

/* ---- conversion ----------------------------------------------------------------------- */

typedef struct sent_offer {
    char *id, *counter, *manager;   /* counter: the counter-offer's id, or NULL */
    int accepted;
    int contract, concluded;
} sent_offer;

typedef struct conv_key {
    const char *key;                /* an offer's id or its counter-offer's */
    size_t i;                       /* the sent offer */
} conv_key;

typedef struct conv {
    sent_offer *v;
    size_t n, cap;
    conv_key *keys;                 /* sorted by key */
    size_t n_keys;
    clm_date from, to;
} conv;

static int key_cmp(const void *a, const void *b)
{
    const conv_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

static int key_find(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const conv_key *)elem)->key);
}

static int conv_offer(const clm_record *r, void *payload)
{
    conv *cv = payload;
    char source[256];
    clm_offer *o = NULL;
    int rc = body_of(r, source, sizeof source);
    if (rc == 0)
        rc = clm_offer_load_xml(&o, r->body, r->body_len, source, NULL);
    if (rc < 0)
        return rc;
    if (o->from_client || o->sent_on == CLM_OFFER_NO_DATE || o->sent_on < cv->from ||
        o->sent_on > cv->to) {
        clm_offer_free(o);
        return 0;
    }
    void *arr = cv->v;
    if ((rc = clm_core__grow(&arr, &cv->cap, cv->n + 1, sizeof *cv->v, "offer conversion")) < 0) {
        clm_offer_free(o);
        return rc;
    }
    cv->v = arr;
    sent_offer *s = &cv->v[cv->n];
    memset(s, 0, sizeof *s);
    s->id = clm_core__strdup(o->id);
    s->manager = clm_core__strdup(o->manager);
    s->counter = o->countered_by != NULL ? clm_core__strdup(o->countered_by) : NULL;
    s->accepted = o->state == CLM_OFFER_ACCEPTED;
    int bad = s->id == NULL || s->manager == NULL || (o->countered_by != NULL && !s->counter);
    clm_offer_free(o);
    cv->n++;
    return bad ? clm_core__oom("offer conversion") : 0;
}

static int conv_contract(const clm_record *r, void *payload)
{
    conv *cv = payload;
    clm_contract_state st;
    if (r->name == NULL)
        return 0;
    int concluded = r->state != NULL && clm_contract_state_from_name(&st, r->state) == 0 &&
                    (st == CLM_CONTRACT_CONCLUDED || st == CLM_CONTRACT_IN_EXECUTION ||
                     st == CLM_CONTRACT_COMPLETED);
    /* a contract names the offer it was made from: the sent offer or its
     * counter-offer */
    size_t k = clm_core__lower_bound(r->name, cv->keys, cv->n_keys, sizeof *cv->keys, key_find);
    for (; k < cv->n_keys && strcmp(cv->keys[k].key, r->name) == 0; k++) {
        cv->v[cv->keys[k].i].contract = 1;
        cv->v[cv->keys[k].i].concluded |= concluded;
    }
    return 0;
}

static int by_manager(const void *a, const void *b)
{
    const sent_offer *x = a, *y = b;
    int c = strcmp(x->manager, y->manager);
    return c != 0 ? c : strcmp(x->id, y->id);
}

int clm_offer_store_conversion(clm_store *st, const char *manager, clm_date from, clm_date to,
                               clm_offer_conversion_cb cb, void *payload)
{
    int rc;
    if (st == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_offer_store_conversion: NULL argument");
    if ((rc = check_filter_text(manager, "manager")) < 0)
        return rc;
    if (from < CLM_DATE_MIN || to > CLM_DATE_MAX || from > to)
        return clm_core__fail_at(CLM_EINVAL, "from", "", 0,
                                 "offer conversion: the period must be valid dates, from <= to");
    conv cv = { .from = from, .to = to };
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_OFFER;
    f.manager = manager;
    rc = clm_store_scan(st, &f, conv_offer, &cv);
    if (rc == 0 && cv.n > 0) {
        cv.keys = clm_core__calloc(2 * cv.n, sizeof *cv.keys);
        if (cv.keys == NULL)
            rc = clm_core__oom("offer conversion");
        for (size_t i = 0; rc == 0 && i < cv.n; i++) {
            cv.keys[cv.n_keys++] = (conv_key){ cv.v[i].id, i };
            if (cv.v[i].counter != NULL)
                cv.keys[cv.n_keys++] = (conv_key){ cv.v[i].counter, i };
        }
        if (rc == 0)
            clm_core__qsort(cv.keys, cv.n_keys, sizeof *cv.keys, key_cmp);
    }
    if (rc == 0 && cv.n > 0) {
        clm_store_filter fc = CLM_STORE_FILTER_INIT;
        fc.kind = CLM_RECORD_CONTRACT;
        fc.manager = manager;
        rc = clm_store_scan(st, &fc, conv_contract, &cv);
    }
    if (rc == 0) {
        clm_core__qsort(cv.v, cv.n, sizeof *cv.v, by_manager);
        for (size_t i = 0; i < cv.n && rc == 0;) {
            clm_offer_conversion c = { .manager = cv.v[i].manager };
            size_t j = i;
            for (; j < cv.n && strcmp(cv.v[j].manager, c.manager) == 0; j++) {
                c.sent++;
                c.accepted += cv.v[j].accepted;
                c.countered += cv.v[j].counter != NULL;
                c.contracts += cv.v[j].contract;
                c.concluded += cv.v[j].concluded;
            }
            rc = cb(&c, payload);
            i = j;
        }
    }
    for (size_t i = 0; i < cv.n; i++) {
        clm_core__free(cv.v[i].id);
        clm_core__free(cv.v[i].counter);
        clm_core__free(cv.v[i].manager);
    }
    clm_core__free(cv.v);
    clm_core__free(cv.keys);
    return rc;
}

/* ---- exposure ----------------------------------------------------------------------------- */

typedef struct open_sum {
    const char *currency;
    int64_t sum;
} open_sum;

static int add_open(const clm_record *r, void *payload)
{
    open_sum *s = payload;
    clm_contract_state st;
    if (r->state == NULL || clm_contract_state_from_name(&st, r->state) < 0)
        return clm_core__fail_at(CLM_EPARSE, "state", "", 0,
                                 "contract record %s: unknown state \"%.64s\"", r->id,
                                 r->state != NULL ? r->state : "");
    if ((st != CLM_CONTRACT_CONCLUDED && st != CLM_CONTRACT_IN_EXECUTION) ||
        r->amount.currency[0] == '\0')
        return 0;
    if (strncmp(r->amount.currency, s->currency, 4) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, "amount", "", 0,
                                 "contract record %s: in %s, the exposure in %s", r->id,
                                 r->amount.currency, s->currency);
    if (r->amount.amount < 0)
        return clm_core__fail_at(CLM_EPARSE, "amount", "", 0,
                                 "contract record %s: a negative uninvoiced amount", r->id);
    if (clm_core__add_ovf(s->sum, r->amount.amount, &s->sum))
        return clm_core__fail(CLM_EOVERFLOW, "contract exposure overflows");
    return 0;
}

int clm_contract_store_exposure(clm_credit_exposure *out, clm_store *st, const char *currency,
                                const char *client_id, clm_date as_of)
{
    clm_credit_exposure x;
    int rc = clm_credit_store_exposure(&x, st, currency, client_id, as_of);
    if (rc < 0)
        return rc;
    open_sum s = { currency, 0 };
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CONTRACT;
    f.client_id = client_id;
    if ((rc = clm_store_scan(st, &f, add_open, &s)) != 0)
        return rc;
    if (clm_core__add_ovf(x.orders, s.sum, &x.orders))
        return clm_core__fail(CLM_EOVERFLOW, "contract exposure overflows");
    *out = x;
    return 0;
}
