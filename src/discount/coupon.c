/*
 * coupon.c — coupon codes (ASCII case folding) and coupons with usage limits
 * counted through the store (include/clm/discount_coupon.h; docs/rules.md,
 * "Price lists, promotions and retro-bonuses", Coupons).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/discount_coupon.h"
#include "discount_internal.h"

/* A call that opened its own transaction retries after losing a race for
 * the coupon's record this many times before giving the conflict up. */
#define RACE_RETRIES 64

static const char STATE_COUPON[] = "coupon";
static const char STATE_USED[] = "used";

/* ---- names and codes -------------------------------------------------------- */

const char *clm_coupon_stage_name(clm_coupon_stage s)
{
    switch (s) {
    case CLM_COUPON_AT_ORDER: return "order";
    case CLM_COUPON_AT_OFFER: return "offer";
    }
    return NULL;
}

int clm_coupon_stage_from_name(clm_coupon_stage *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon stage: NULL argument");
    if (strcmp(name, "order") == 0)
        *out = CLM_COUPON_AT_ORDER;
    else if (strcmp(name, "offer") == 0)
        *out = CLM_COUPON_AT_OFFER;
    else
        return clm_core__fail(CLM_ENOTFOUND,
                              "coupon stage: unknown name '%.64s' (order, offer)", name);
    return 0;
}

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int clm_coupon_code_fold(char *out, size_t size, const char *code)
{
    if (out == NULL || code == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon code: NULL argument");
    int rc = clm_core__check_text(code, CLM_CORE__TEXT_ID, "code");
    if (rc < 0)
        return rc;
    size_t n = strlen(code);
    if (n > CLM_COUPON_CODE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "code", "", 0,
                                 "coupon code: longer than %d bytes", CLM_COUPON_CODE_MAX);
    if (n >= size)
        return clm_core__fail(CLM_EBUFSIZE, "coupon code: %zu bytes do not fit %zu", n + 1,
                              size);
    for (size_t i = 0; i < n; i++)
        out[i] = fold(code[i]);
    out[n] = '\0';
    return 0;
}

int clm_coupon_code_equal(const char *a, const char *b, clm_discount_coupon_match match)
{
    if (a == NULL || b == NULL)
        return 0;
    if (match == CLM_DISCOUNT_COUPON_EXACT)
        return strcmp(a, b) == 0;
    if (match != CLM_DISCOUNT_COUPON_FOLD_ASCII)
        return 0;
    for (; *a != '\0' && *b != '\0'; a++, b++)
        if (fold(*a) != fold(*b))
            return 0;
    return *a == *b;
}

int clm_coupon_def_init(clm_coupon_def *def)
{
    if (def == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon_def_init: NULL");
    *def = (clm_coupon_def)CLM_COUPON_DEF_INIT;
    return 0;
}

int clm_coupon_use_request_init(clm_coupon_use_request *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon_use_request_init: NULL");
    *r = (clm_coupon_use_request)CLM_COUPON_USE_REQUEST_INIT;
    return 0;
}

/* ---- the coupon's record ---------------------------------------------------- */

static int check_def(const clm_coupon_def *d, char *key)
{
    int rc = clm_core__check_version(d->version, CLM_COUPON_DEF_VERSION, "coupon definition");
    if (rc < 0 || (rc = clm_coupon_code_fold(key, CLM_COUPON_CODE_MAX + 1, d->code)) < 0)
        return rc;
    if (d->valid_from < CLM_DATE_MIN || d->valid_to > CLM_DATE_MAX ||
        d->valid_from > d->valid_to)
        return clm_core__fail_at(CLM_EINVAL, d->valid_from > d->valid_to ? "valid_to" : "valid_from",
                                 "", 0, "coupon '%s': the validity period is empty or outside "
                                 "the calendar", d->code);
    if (d->max_uses != CLM_COUPON_UNLIMITED && d->max_uses < 1)
        return clm_core__fail_at(CLM_EINVAL, "max_uses", "", 0,
                                 "coupon '%s': max_uses must be at least 1 or unlimited (got %"
                                 PRId64 ")", d->code, d->max_uses);
    if (d->max_uses_per_client != CLM_COUPON_UNLIMITED && d->max_uses_per_client < 1)
        return clm_core__fail_at(CLM_EINVAL, "max_uses_per_client", "", 0,
                                 "coupon '%s': max_uses_per_client must be at least 1 or "
                                 "unlimited (got %" PRId64 ")", d->code, d->max_uses_per_client);
    if (clm_coupon_stage_name(d->count_at) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "count_at", "", 0,
                                 "coupon '%s': unknown counting stage %d", d->code,
                                 (int)d->count_at);
    if (clm_discount_coupon_match_name(d->match) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "match", "", 0,
                                 "coupon '%s': unknown coupon match %d", d->code, (int)d->match);
    return 0;
}

/* The body: one "name=value" line per field, in this order. */
static int encode_body(char *buf, size_t size, const clm_coupon_info *c)
{
    int n = snprintf(buf, size,
                     "coupon 1\nfrom=%" PRId32 "\nto=%" PRId32 "\nmax=%" PRId64
                     "\nper-client=%" PRId64 "\nat=%s\nmatch=%s\nuses=%" PRId64 "\n",
                     (int32_t)c->valid_from, (int32_t)c->valid_to, c->max_uses,
                     c->max_uses_per_client, clm_coupon_stage_name(c->count_at),
                     clm_discount_coupon_match_name(c->match), c->uses);
    return n > 0 && (size_t)n < size ? n : -1;
}

static int corrupt(const char *id, const char *what)
{
    return clm_core__fail_at(CLM_EPARSE, what, id, 0,
                             "coupon store: record '%s' does not hold a coupon (%s)", id, what);
}

/* Reads "name=<integer>\n" at *p. */
static int read_int(const char **p, const char *end, const char *name, int64_t *out)
{
    size_t n = strlen(name);
    if ((size_t)(end - *p) <= n + 1 || memcmp(*p, name, n) != 0 || (*p)[n] != '=')
        return -1;
    const char *s = *p + n + 1;
    char num[24];
    size_t k = 0;
    while (s < end && *s != '\n' && k < sizeof num - 1)
        num[k++] = *s++;
    num[k] = '\0';
    if (s >= end || *s != '\n' || k == 0)
        return -1;
    char *stop;
    long long v = strtoll(num, &stop, 10);
    if (*stop != '\0')
        return -1;
    *out = v;
    *p = s + 1;
    return 0;
}

static int read_word(const char **p, const char *end, const char *name, char *out, size_t size)
{
    size_t n = strlen(name);
    if ((size_t)(end - *p) <= n + 1 || memcmp(*p, name, n) != 0 || (*p)[n] != '=')
        return -1;
    const char *s = *p + n + 1;
    size_t k = 0;
    while (s < end && *s != '\n' && k < size - 1)
        out[k++] = *s++;
    out[k] = '\0';
    if (s >= end || *s != '\n')
        return -1;
    *p = s + 1;
    return 0;
}

static int decode(clm_coupon_info *out, const clm_record *rec)
{
    clm_coupon_info c;
    memset(&c, 0, sizeof c);
    const char *id = rec->id;
    if (rec->state == NULL || strcmp(rec->state, STATE_COUPON) != 0 || rec->name == NULL ||
        strlen(rec->name) > CLM_COUPON_CODE_MAX || strncmp(id, "c:", 2) != 0 ||
        strlen(id + 2) > CLM_COUPON_CODE_MAX)
        return corrupt(id, "state");
    memcpy(c.code, rec->name, strlen(rec->name) + 1);
    memcpy(c.key, id + 2, strlen(id + 2) + 1);
    static const char head[] = "coupon 1\n";
    /* A record without a body has body == NULL: no offset may be added to it. */
    if (rec->body == NULL || rec->body_len < sizeof head - 1 ||
        memcmp(rec->body, head, sizeof head - 1) != 0)
        return corrupt(id, "body");
    const char *p = rec->body, *end = p + rec->body_len;
    p += sizeof head - 1;
    int64_t from, to;
    char at[16], match[16];
    if (read_int(&p, end, "from", &from) < 0 || read_int(&p, end, "to", &to) < 0 ||
        read_int(&p, end, "max", &c.max_uses) < 0 ||
        read_int(&p, end, "per-client", &c.max_uses_per_client) < 0 ||
        read_word(&p, end, "at", at, sizeof at) < 0 ||
        read_word(&p, end, "match", match, sizeof match) < 0 ||
        read_int(&p, end, "uses", &c.uses) < 0 || p != end)
        return corrupt(id, "body");
    if (from < CLM_DATE_MIN || to > CLM_DATE_MAX || from > to || c.uses < 0 ||
        clm_coupon_stage_from_name(&c.count_at, at) < 0 ||
        clm_discount_coupon_match_from_name(&c.match, match) < 0)
        return corrupt(id, "body");
    c.valid_from = (clm_date)from;
    c.valid_to = (clm_date)to;
    *out = c;
    return 0;
}

static void coupon_record(clm_record *r, const char *id, const clm_coupon_info *c,
                          const char *body, size_t len, int64_t version)
{
    *r = (clm_record)CLM_RECORD_INIT;
    r->kind = CLM_RECORD_COUPON;
    r->id = id;
    r->version = version;
    r->state = STATE_COUPON;
    r->name = c->code;
    r->body = body;
    r->body_len = len;
}

int clm_coupon_store_define(clm_store *st, const clm_actor *who, const clm_coupon_def *def)
{
    if (st == NULL || who == NULL || def == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon_store_define: NULL argument");
    clm_coupon_info c;
    memset(&c, 0, sizeof c);
    int rc = check_def(def, c.key);
    if (rc < 0)
        return rc;
    memcpy(c.code, def->code, strlen(def->code) + 1);
    c.valid_from = def->valid_from;
    c.valid_to = def->valid_to;
    c.max_uses = def->max_uses;
    c.max_uses_per_client = def->max_uses_per_client;
    c.count_at = def->count_at;
    c.match = def->match;
    char id[CLM_COUPON_CODE_MAX + 3], body[256];
    snprintf(id, sizeof id, "c:%s", c.key);
    int len = encode_body(body, sizeof body, &c);
    clm_record r;
    coupon_record(&r, id, &c, body, (size_t)len, 0);
    rc = clm_store_put_audited(NULL, st, who, &r, "coupon defined");
    if (rc == CLM_EEXISTS)
        return clm_core__fail_at(CLM_EEXISTS, "code", "", 0,
                                 "coupon '%s': a coupon with this code (compared as '%s') "
                                 "exists already", def->code, c.key);
    return rc;
}

/* Reads the coupon `code` names: its info and the record's version. */
static int load(clm_coupon_info *out, int64_t *version, clm_store *st, const char *code)
{
    char key[CLM_COUPON_CODE_MAX + 1], id[CLM_COUPON_CODE_MAX + 3];
    int rc = clm_coupon_code_fold(key, sizeof key, code);
    if (rc < 0)
        return rc;
    snprintf(id, sizeof id, "c:%s", key);
    clm_record *rec = NULL;
    rc = clm_store_get(&rec, st, CLM_RECORD_COUPON, id);
    if (rc == CLM_ENOTFOUND)
        return clm_core__fail_at(CLM_ENOTFOUND, "code", "", 0, "coupon '%s': no such coupon",
                                 code);
    if (rc < 0)
        return rc;
    clm_coupon_info c;
    rc = decode(&c, rec);
    if (version != NULL)
        *version = rec->version;
    clm_record_free(rec);
    if (rc < 0)
        return rc;
    if (c.match == CLM_DISCOUNT_COUPON_EXACT && strcmp(c.code, code) != 0)
        return clm_core__fail_at(CLM_ENOTFOUND, "code", "", 0,
                                 "coupon '%s': no such coupon ('%s' compares byte for byte)",
                                 code, c.code);
    *out = c;
    return 0;
}

int clm_coupon_store_get(clm_coupon_info *out, clm_store *st, const char *code)
{
    if (out == NULL || st == NULL || code == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon_store_get: NULL argument");
    return load(out, NULL, st, code);
}

static int client_uses(int64_t *out, clm_store *st, const char *key, const char *client)
{
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_COUPON;
    f.client_id = client;
    f.category = key;
    f.state = STATE_USED;
    return clm_store_count(out, st, &f);
}

int clm_coupon_store_client_uses(int64_t *out, clm_store *st, const char *code,
                                 const char *client)
{
    if (out == NULL || st == NULL || code == NULL || client == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon_store_client_uses: NULL argument");
    int rc = clm_core__check_text(client, CLM_CORE__TEXT_ID, "client");
    if (rc < 0)
        return rc;
    clm_coupon_info c;
    if ((rc = load(&c, NULL, st, code)) < 0)
        return rc;
    return client_uses(out, st, c.key, client);
}

static int use_id(char *id, size_t size, const char *key, const char *document)
{
    int n = snprintf(id, size, "u:%zu:%s:%s", strlen(key), key, document);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

static int check_document(const char *document)
{
    int rc = clm_core__check_text(document, CLM_CORE__TEXT_ID, "document");
    if (rc < 0)
        return rc;
    if (strlen(document) > CLM_COUPON_DOCUMENT_MAX)
        return clm_core__fail_at(CLM_EINVAL, "document", "", 0,
                                 "coupon: a document id is at most %d bytes",
                                 CLM_COUPON_DOCUMENT_MAX);
    return 0;
}

/* Writes the coupon back with `uses` (version check) and notes why. */
static int put_coupon(clm_store *st, const clm_actor *who, clm_coupon_info *c, int64_t version,
                      const char *note)
{
    char id[CLM_COUPON_CODE_MAX + 3], body[256];
    snprintf(id, sizeof id, "c:%s", c->key);
    int len = encode_body(body, sizeof body, c);
    clm_record r;
    coupon_record(&r, id, c, body, (size_t)len, version);
    return clm_store_put_audited(NULL, st, who, &r, note);
}

static int use_once(clm_coupon_use *out, clm_store *st, const clm_actor *who,
                    const clm_coupon_use_request *req)
{
    clm_coupon_info c;
    int64_t version = 0;
    int rc = load(&c, &version, st, req->code);
    if (rc < 0)
        return rc;
    clm_coupon_use u;
    memset(&u, 0, sizeof u);
    memcpy(u.key, c.key, sizeof u.key);
    char uid[CLM_RECORD_ID_MAX + 1];
    if (use_id(uid, sizeof uid, c.key, req->document) < 0)
        return clm_core__fail_at(CLM_ELIMIT, "document", "", 0, "coupon: document id too long");
    clm_record *held = NULL;
    rc = clm_store_get(&held, st, CLM_RECORD_COUPON, uid);
    if (rc == 0) {
        bool same = held->client_id != NULL && strcmp(held->client_id, req->client) == 0;
        char other[CLM__ID_MAX + 1];
        snprintf(other, sizeof other, "%s", held->client_id ? held->client_id : "");
        clm_record_free(held);
        if (!same)
            return clm_core__fail_at(CLM_ESTATE, "client", "", 0,
                                     "coupon '%s': document '%s' holds a use for client '%s', "
                                     "not '%s'", c.code, req->document, other, req->client);
        if ((rc = client_uses(&u.client_uses, st, c.key, req->client)) < 0)
            return rc;
        u.held = 1;
        u.uses = c.uses;
        *out = u;
        return 0;
    }
    if (rc != CLM_ENOTFOUND)
        return rc;
    if (req->date < c.valid_from || req->date > c.valid_to) {
        char f[16] = "open", t[16] = "open";
        if (c.valid_from != CLM_DATE_MIN)
            clm_date_format(f, sizeof f, c.valid_from);
        if (c.valid_to != CLM_DATE_MAX)
            clm_date_format(t, sizeof t, c.valid_to);
        return clm_core__fail_at(CLM_ERANGE, "date", "", 0,
                                 "coupon '%s': not valid on that date (valid from %s to %s)",
                                 c.code, f, t);
    }
    int64_t mine = 0;
    if ((rc = client_uses(&mine, st, c.key, req->client)) < 0)
        return rc;
    if (c.max_uses != CLM_COUPON_UNLIMITED && c.uses >= c.max_uses)
        return clm_core__fail_at(CLM_ELIMIT, "max_uses", "", 0,
                                 "coupon '%s': all %" PRId64 " uses are taken", c.code,
                                 c.max_uses);
    if (c.max_uses_per_client != CLM_COUPON_UNLIMITED && mine >= c.max_uses_per_client)
        return clm_core__fail_at(CLM_ELIMIT, "max_uses_per_client", "", 0,
                                 "coupon '%s': client '%s' has used it %" PRId64 " time%s, "
                                 "the limit per client", c.code, req->client, mine,
                                 mine == 1 ? "" : "s");
    u.uses = c.uses;
    u.client_uses = mine;
    if (req->stage != c.count_at) {
        *out = u;
        return 0;
    }
    c.uses++;
    if ((rc = put_coupon(st, who, &c, version, "coupon used")) < 0)
        return rc;
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_COUPON;
    r.id = uid;
    r.state = STATE_USED;
    r.client_id = req->client;
    r.category = c.key;
    r.name = req->document;
    r.due = req->date;
    if ((rc = clm_store_put_audited(NULL, st, who, &r, "coupon used")) < 0)
        return rc == CLM_EEXISTS ? CLM_ECONFLICT : rc;
    u.counted = 1;
    u.held = 1;
    u.uses = c.uses;
    u.client_uses = mine + 1;
    *out = u;
    return 0;
}

/* Runs `once` in a transaction level of its own; retries a lost race when
 * that level is the outermost (inside the caller's transaction the
 * conflict is the caller's to handle). */
typedef int (*once_fn)(void *ctx);

static int atomically(clm_store *st, once_fn once, void *ctx)
{
    unsigned depth0 = clm_store_depth(st);
    for (int attempt = 1;; attempt++) {
        int rc = clm_store_begin(st);
        if (rc < 0)
            return rc;
        rc = once(ctx);
        if (rc == 0) {
            /* a failed commit rolls its level back and closes it */
            if ((rc = clm_store_commit(st)) == 0)
                return 0;
        } else {
            clm_store_rollback(st);
        }
        if (rc != CLM_ECONFLICT || depth0 != 0 || attempt >= RACE_RETRIES)
            return rc;
    }
}

typedef struct use_ctx {
    clm_coupon_use *out;
    clm_store *st;
    const clm_actor *who;
    const clm_coupon_use_request *req;
} use_ctx;

static int use_cb(void *p)
{
    use_ctx *x = p;
    return use_once(x->out, x->st, x->who, x->req);
}

int clm_coupon_store_use(clm_coupon_use *out, clm_store *st, const clm_actor *who,
                         const clm_coupon_use_request *req)
{
    if (out == NULL || st == NULL || who == NULL || req == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon_store_use: NULL argument");
    int rc = clm_core__check_version(req->version, CLM_COUPON_USE_REQUEST_VERSION,
                                     "coupon use request");
    char key[CLM_COUPON_CODE_MAX + 1];
    if (rc < 0 || (rc = clm_coupon_code_fold(key, sizeof key, req->code)) < 0 ||
        (rc = clm_core__check_text(req->client, CLM_CORE__TEXT_ID, "client")) < 0 ||
        (rc = check_document(req->document)) < 0)
        return rc;
    if (req->date < CLM_DATE_MIN || req->date > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "date", "", 0, "coupon use: date outside the calendar");
    if (clm_coupon_stage_name(req->stage) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "stage", "", 0, "coupon use: unknown stage %d",
                                 (int)req->stage);
    clm_coupon_use u;
    use_ctx x = { &u, st, who, req };
    if ((rc = atomically(st, use_cb, &x)) < 0)
        return rc;
    *out = u;
    return 0;
}

typedef struct release_ctx {
    clm_store *st;
    const clm_actor *who;
    const char *code;
    const char *document;
} release_ctx;

static int release_cb(void *p)
{
    release_ctx *x = p;
    clm_coupon_info c;
    int64_t version = 0;
    int rc = load(&c, &version, x->st, x->code);
    if (rc < 0)
        return rc;
    char uid[CLM_RECORD_ID_MAX + 1];
    if (use_id(uid, sizeof uid, c.key, x->document) < 0)
        return clm_core__fail_at(CLM_ELIMIT, "document", "", 0, "coupon: document id too long");
    clm_record *held = NULL;
    rc = clm_store_get(&held, x->st, CLM_RECORD_COUPON, uid);
    if (rc == CLM_ENOTFOUND)
        return clm_core__fail_at(CLM_ENOTFOUND, "document", "", 0,
                                 "coupon '%s': document '%s' holds no use of it", c.code,
                                 x->document);
    if (rc < 0)
        return rc;
    int64_t hv = held->version;
    clm_record_free(held);
    if (c.uses < 1)
        return corrupt(uid, "uses");
    c.uses--;
    if ((rc = put_coupon(x->st, x->who, &c, version, "coupon use released")) < 0)
        return rc;
    rc = clm_store_delete_audited(x->st, x->who, CLM_RECORD_COUPON, uid, hv,
                                  "coupon use released");
    return rc == CLM_ENOTFOUND ? CLM_ECONFLICT : rc;
}

int clm_coupon_store_release(clm_store *st, const clm_actor *who, const char *code,
                             const char *document)
{
    if (st == NULL || who == NULL || code == NULL || document == NULL)
        return clm_core__fail(CLM_EINVAL, "coupon_store_release: NULL argument");
    char key[CLM_COUPON_CODE_MAX + 1];
    int rc = clm_coupon_code_fold(key, sizeof key, code);
    if (rc < 0 || (rc = check_document(document)) < 0)
        return rc;
    release_ctx x = { st, who, code, document };
    return atomically(st, release_cb, &x);
}
