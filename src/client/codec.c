/*
 * codec.c — the versioned text format of a client (client.h, "encoding for
 * storage"): what a store writes into its body blob.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_internal.h"
#include "clm/alloc.h"
#include "clm/date.h"

#define FORMAT_MAGIC "clm-client "
#define FORMAT_VERSION 1
#define DECODE_LIMIT ((size_t)16 * 1024 * 1024)

/* Appends a string literal (its length known at compile time). */
#define PUT(b, lit) clm_client__put((b), lit, sizeof lit - 1)

static void puts_(clm_core__buf *b, const char *s)
{
    clm_client__put(b, s, strlen(s));
}

static void kv(clm_core__buf *b, const char *key, const char *value)
{
    puts_(b, key);
    PUT(b, "=");
    clm_client__esc(b, value);
    PUT(b, "\n");
}

int clm_client_encode(char **out, size_t *len, const clm_client *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_encode: NULL argument");
    clm_core__buf b;
    clm_core__buf_init(&b);
    /* A usual client encodes to a few hundred bytes: one allocation of
     * 512 instead of six reallocations doubling from 8 (a tenth of the
     * encoding's cost); a longer one doubles from there. */
    clm_core__buf_reserve(&b, 511);
    PUT(&b, FORMAT_MAGIC);
    clm_core__buf_int(&b, FORMAT_VERSION);
    PUT(&b, "\n");
    kv(&b, "id", c->id);
    kv(&b, "legal_type", clm_legal_type_name(c->legal));
    kv(&b, "state", clm_client_state_name(c->state));
    if (c->source != CLM_SOURCE_UNKNOWN)
        kv(&b, "source", clm_source_channel_name(c->source));
    if (c->manager != NULL)
        kv(&b, "manager", c->manager);
    if (c->lost_to != NULL)
        kv(&b, "lost_to", c->lost_to);
    for (int f = 0; f < CLM_CLIENT__TEXT_COUNT; f++)
        if (c->text[f] != NULL)
            kv(&b, clm_client_text_name((clm_client_text)f), c->text[f]);
    for (int f = 0; f < CLM_CLIENT__DATE_COUNT; f++) {
        char d[CLM_DATE_FORMAT_MAX];
        if (c->dates[f] != CLM_CLIENT_NO_DATE &&
            clm_date_format(d, sizeof(d), c->dates[f]) > 0)
            kv(&b, clm_client_date_name((clm_client_date_field)f), d);
    }
    for (int f = 0; f < CLM_CLIENT__FLAG_COUNT; f++)
        if (c->flags[f])
            kv(&b, clm_client_flag_name((clm_client_flag)f), "true");
    for (size_t i = 0; i < c->nids; i++) {
        PUT(&b, "id.");
        puts_(&b, c->ids[i].country);
        PUT(&b, ".");
        puts_(&b, c->ids[i].kind);
        PUT(&b, "=");
        clm_client__esc(&b, c->ids[i].value);
        PUT(&b, "\n");
    }
    for (size_t i = 0; i < c->npersons; i++) {
        const clm_client__person *p = &c->persons[i];
        PUT(&b, "person=");
        clm_client__esc(&b, p->name);
        PUT(&b, "|");
        clm_client__esc(&b, p->position);
        PUT(&b, "|");
        clm_client__esc(&b, p->phone);
        PUT(&b, "|");
        clm_client__esc(&b, p->email);
        PUT(&b, "\n");
    }
    if (c->dm != CLM_CLIENT_NO_PERSON) {
        PUT(&b, "decision_maker=");
        clm_core__buf_int(&b, (int64_t)c->dm);
        PUT(&b, "\n");
    }
    for (size_t i = 0; i < c->ncats; i++)
        kv(&b, "category", c->cats[i]);
    for (size_t i = 0; i < c->nhist; i++) {
        const clm_client_change *h = &c->hist[i].view;
        PUT(&b, "history=");
        clm_client__esc(&b, h->user);
        PUT(&b, "|");
        clm_client__esc(&b, h->role);
        PUT(&b, "|");
        clm_core__buf_int(&b, h->at);
        PUT(&b, "|");
        clm_client__esc(&b, h->field);
        PUT(&b, "|");
        clm_client__esc(&b, h->old_value);
        PUT(&b, "|");
        clm_client__esc(&b, h->new_value);
        PUT(&b, "|");
        clm_client__esc(&b, h->reason);
        PUT(&b, "\n");
    }
    char *text = NULL;
    size_t n = 0;
    if (clm_core__buf_finish(&b, &text, &n) < 0)
        return clm_core__oom("client encoding");
    *out = text;
    if (len != NULL)
        *len = n;
    return 0;
}

/* ---- decoding ----------------------------------------------------------- */

typedef struct dec {
    int line;
    const char *key;
} dec;

#define SRC "<memory>"

/* `what` is a CLM_N_ text (translated here, clm/lang.h) or a message
 * already in the thread's language. */
static int bad(const dec *d, const char *what)
{
    return clm_core__fail_at(CLM_EPARSE, d->key, SRC, d->line, "client: line %d (%s): %s",
                        d->line, d->key, clm_core__tr(what));
}

/* Turns a shape check's EINVAL into EPARSE at the line, keeping its words. */
static int reshape(const dec *d, int rc)
{
    if (rc == CLM_EINVAL || rc == CLM_ERANGE || rc == CLM_ENOTFOUND)
        return bad(d, clm_error_last()->message);
    return rc;
}

/* Unescapes a value; NULL and the last error set on failure (*rc). */
static char *value(const dec *d, const char *v, size_t n, int *rc)
{
    int isbad;
    char *s = clm_client__unesc(v, n, &isbad);
    if (s == NULL)
        *rc = isbad ? bad(d, CLM_N_("malformed escape or control byte")) : CLM_ENOMEM;
    return s;
}

static int parse_i64(const char *s, size_t n, long long *out)
{
    char buf[24];
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!((buf[i] >= '0' && buf[i] <= '9') || (i == 0 && buf[i] == '-' && n > 1)))
            return -1;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(buf, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

static int key_is(const char *k, size_t kn, const char *name)
{
    return strlen(name) == kn && memcmp(k, name, kn) == 0;
}

/* Inserts into a sorted array of strings; -1 if already there. */
static int insert_sorted(char **arr, size_t *n, char *s)
{
    size_t at = 0;
    while (at < *n && strcmp(arr[at], s) < 0)
        at++;
    if (at < *n && strcmp(arr[at], s) == 0)
        return -1;
    memmove(&arr[at + 1], &arr[at], (*n - at) * sizeof(char *));
    arr[at] = s;
    (*n)++;
    return 0;
}

static int decode_line(clm_client *c, dec *d, const char *k, size_t kn,
                       const char *v, size_t vn, unsigned int *seen, long long *dm)
{
    int rc = 0;
    /* single-valued keys: bit per key to refuse duplicates */
    static const char *const singles[] = { "state", "source", "manager", "lost_to",
                                           "decision_maker" };
    char keybuf[40];
    size_t kcopy = kn < sizeof(keybuf) - 1 ? kn : sizeof(keybuf) - 1;
    memcpy(keybuf, k, kcopy);
    keybuf[kcopy] = '\0';
    d->key = keybuf;
    for (unsigned int i = 0; i < sizeof(singles) / sizeof(singles[0]); i++) {
        if (key_is(k, kn, singles[i])) {
            if (*seen & (1u << i))
                return bad(d, CLM_N_("key given twice"));
            *seen |= 1u << i;
        }
    }
    if (key_is(k, kn, "state") || key_is(k, kn, "source")) {
        char *s = value(d, v, vn, &rc);
        if (s == NULL)
            return rc;
        if (k[1] == 't') {
            clm_client_state st;
            rc = clm_client_state_from_name(&st, s);
            if (rc == 0)
                c->state = st;
        } else {
            clm_source_channel ch;
            rc = clm_source_channel_from_name(&ch, s);
            if (rc == 0)
                c->source = ch;
        }
        clm_core__free(s);
        return reshape(d, rc);
    }
    if (key_is(k, kn, "manager") || key_is(k, kn, "lost_to")) {
        char *s = value(d, v, vn, &rc);
        if (s == NULL)
            return rc;
        if ((rc = clm_core__check_text(s, CLM_CORE__TEXT_ID, keybuf)) < 0) {
            clm_core__free(s);
            return reshape(d, rc);
        }
        if (k[0] == 'm')
            c->manager = s;
        else
            c->lost_to = s;
        return 0;
    }
    for (int f = 0; f < CLM_CLIENT__TEXT_COUNT; f++) {
        if (!key_is(k, kn, clm_client_text_name((clm_client_text)f)))
            continue;
        if (c->text[f] != NULL)
            return bad(d, CLM_N_("key given twice"));
        char *s = value(d, v, vn, &rc);
        if (s == NULL)
            return rc;
        if (s[0] == '\0')
            rc = bad(d, CLM_N_("empty value"));
        else if ((rc = clm_client__text_check((clm_client_text)f, s)) < 0)
            rc = reshape(d, rc);
        if (rc < 0) {
            clm_core__free(s);
            return rc;
        }
        c->text[f] = s;
        return 0;
    }
    for (int f = 0; f < CLM_CLIENT__DATE_COUNT; f++) {
        if (!key_is(k, kn, clm_client_date_name((clm_client_date_field)f)))
            continue;
        if (c->dates[f] != CLM_CLIENT_NO_DATE)
            return bad(d, CLM_N_("key given twice"));
        char buf[CLM_DATE_FORMAT_MAX];
        clm_date dt;
        if (vn != 10)
            return bad(d, CLM_N_("a date is YYYY-MM-DD"));
        memcpy(buf, v, 10);
        buf[10] = '\0';
        if ((rc = clm_date_parse(&dt, buf)) < 0)
            return rc == CLM_EPARSE ? bad(d, clm_error_last()->message) : reshape(d, rc);
        c->dates[f] = dt;
        return 0;
    }
    for (int f = 0; f < CLM_CLIENT__FLAG_COUNT; f++) {
        if (!key_is(k, kn, clm_client_flag_name((clm_client_flag)f)))
            continue;
        if (c->flags[f])
            return bad(d, CLM_N_("key given twice"));
        if (!(vn == 4 && memcmp(v, "true", 4) == 0))
            return bad(d, CLM_N_("a flag line says \"true\""));
        c->flags[f] = true;
        return 0;
    }
    if (kn > 3 && memcmp(k, "id.", 3) == 0) {
        /* id.<country>.<kind> */
        const char *rest = k + 3;
        size_t rn = kn - 3;
        char country[3], kind[17];
        if (rn < 4 || rest[2] != '.' || rn - 3 > 16)
            return bad(d, CLM_N_("an identifier key is id.<country>.<kind>"));
        memcpy(country, rest, 2);
        country[2] = '\0';
        memcpy(kind, rest + 3, rn - 3);
        kind[rn - 3] = '\0';
        if ((rc = clm_client__country_check(country, keybuf)) < 0 ||
            (rc = clm_client__idkind_check(kind, keybuf)) < 0)
            return reshape(d, rc);
        if (clm_client_taxid(c, country, kind) != NULL)
            return bad(d, CLM_N_("identifier given twice"));
        clm_client__ident e = { NULL, NULL, NULL };
        if ((e.value = value(d, v, vn, &rc)) == NULL)
            return rc;
        if ((rc = clm_core__check_text(e.value, CLM_CORE__TEXT_ID, keybuf)) < 0) {
            clm_core__free(e.value);
            return reshape(d, rc);
        }
        if ((e.country = clm_core__strdup(country)) == NULL ||
            (e.kind = clm_core__strdup(kind)) == NULL ||
            clm_core__grow((void **)&c->ids, &c->capids, c->nids + 1, sizeof(clm_client__ident), "client decode") < 0) {
            clm_core__free(e.country);
            clm_core__free(e.kind);
            clm_core__free(e.value);
            return clm_core__oom("identifier");
        }
        size_t at = 0;
        while (at < c->nids && (strcmp(c->ids[at].country, country) < 0 ||
                                (strcmp(c->ids[at].country, country) == 0 &&
                                 strcmp(c->ids[at].kind, kind) < 0)))
            at++;
        memmove(&c->ids[at + 1], &c->ids[at], (c->nids - at) * sizeof(clm_client__ident));
        c->ids[at] = e;
        c->nids++;
        return 0;
    }
    if (key_is(k, kn, "person")) {
        const char *parts[4];
        size_t lens[4];
        if (clm_client__split(v, vn, parts, lens, 4) != 4)
            return bad(d, CLM_N_("a person is name|position|phone|email"));
        char *s[4] = { NULL, NULL, NULL, NULL };
        for (int i = 0; i < 4; i++) {
            if ((s[i] = value(d, parts[i], lens[i], &rc)) == NULL)
                goto person_fail;
            if (s[i][0] == '\0') {
                clm_core__free(s[i]);
                s[i] = NULL;
            }
        }
        if ((rc = clm_client__person_check(s[0], s[1], s[2], s[3])) < 0) {
            rc = reshape(d, rc);
            goto person_fail;
        }
        if (clm_core__grow((void **)&c->persons, &c->cappersons, c->npersons + 1,
                      sizeof(clm_client__person), "client decode") < 0) {
            rc = CLM_ENOMEM;
            goto person_fail;
        }
        clm_client__person p = { s[0], s[1], s[2], s[3] };
        c->persons[c->npersons++] = p;
        return 0;
person_fail:
        for (int i = 0; i < 4; i++)
            clm_core__free(s[i]);
        return rc;
    }
    if (key_is(k, kn, "decision_maker")) {
        if (parse_i64(v, vn, dm) < 0 || *dm < 0)
            return bad(d, CLM_N_("not an index"));
        return 0;
    }
    if (key_is(k, kn, "category")) {
        char *s = value(d, v, vn, &rc);
        if (s == NULL)
            return rc;
        if ((rc = clm_core__check_text(s, CLM_CORE__TEXT_ID, "category")) < 0) {
            clm_core__free(s);
            return reshape(d, rc);
        }
        if (clm_core__grow((void **)&c->cats, &c->capcats, c->ncats + 1, sizeof(char *), "client decode") < 0) {
            clm_core__free(s);
            return CLM_ENOMEM;
        }
        if (insert_sorted(c->cats, &c->ncats, s) < 0) {
            clm_core__free(s);
            return bad(d, CLM_N_("category given twice"));
        }
        return 0;
    }
    if (key_is(k, kn, "history")) {
        const char *parts[7];
        size_t lens[7];
        if (clm_client__split(v, vn, parts, lens, 7) != 7)
            return bad(d, CLM_N_("a history line is user|role|at|field|old|new|reason"));
        long long at;
        if (parse_i64(parts[2], lens[2], &at) < 0)
            return bad(d, CLM_N_("the moment is not a number"));
        char *s[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
        static const int idx[6] = { 0, 1, 3, 4, 5, 6 };
        for (int i = 0; i < 6; i++)
            if ((s[i] = value(d, parts[idx[i]], lens[idx[i]], &rc)) == NULL)
                goto hist_out;
        if (clm_core__check_text(s[0], CLM_CORE__TEXT_ID, "history.user") < 0 ||
            clm_core__check_text(s[1], CLM_CORE__TEXT_ID, "history.role") < 0 ||
            clm_core__check_text(s[2], CLM_CORE__TEXT_ID, "history.field") < 0 ||
            clm_core__check_text(s[3], CLM_CORE__TEXT_NOTE, "history.old") < 0 ||
            clm_core__check_text(s[4], CLM_CORE__TEXT_NOTE, "history.new") < 0 ||
            clm_core__check_text(s[5], CLM_CORE__TEXT_NOTE, "history.reason") < 0) {
            rc = bad(d, clm_error_last()->message);
            goto hist_out;
        }
        clm_actor a = { s[0], s[1], (clm_time)at };
        clm_client__change ch;
        if (clm_client__hist_reserve(c, 1) < 0 ||
            clm_client__change_make(&ch, &a, s[2], s[3], s[4], s[5]) < 0) {
            rc = CLM_ENOMEM;
            goto hist_out;
        }
        clm_client__hist_push(c, &ch);
        rc = 0;
hist_out:
        for (int i = 0; i < 6; i++)
            clm_core__free(s[i]);
        return rc;
    }
    return bad(d, CLM_N_("unknown key"));
}

/* Reads "key=value" of a line; -1 if there is no '='. */
static int split_kv(const char *line, size_t n, size_t *kn)
{
    const char *eq = memchr(line, '=', n);
    if (eq == NULL || eq == line)
        return -1;
    *kn = (size_t)(eq - line);
    return 0;
}

int clm_client_decode(clm_client **out, const char *text, size_t len)
{
    if (out == NULL || text == NULL)
        return clm_core__fail(CLM_EINVAL, "client_decode: NULL argument");
    if (len > DECODE_LIMIT)
        return clm_core__fail(CLM_ELIMIT, "client_decode: %zu bytes, the limit is %zu", len,
                         DECODE_LIMIT);
    if (memchr(text, '\0', len) != NULL)
        return clm_core__fail_at(CLM_EPARSE, "", SRC, 0, "client: NUL byte in the input");
    dec d = { 1, "" };
    const char *p = text, *end = text + len;
    /* header */
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t hn = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
    size_t mn = strlen(FORMAT_MAGIC);
    long long ver;
    if (hn <= mn || memcmp(p, FORMAT_MAGIC, mn) != 0 ||
        parse_i64(p + mn, hn - mn, &ver) < 0)
        return clm_core__fail_at(CLM_EPARSE, "", SRC, 1,
                            "client: line 1: not a client record (\"clm-client 1\")");
    if (ver != FORMAT_VERSION)
        return clm_core__fail_at(CLM_EVERSION, "", SRC, 1,
                            "client: format version %lld, this library reads %d", ver,
                            FORMAT_VERSION);
    if (nl == NULL)
        return clm_core__fail_at(CLM_EPARSE, "id", SRC, 1, "client: no id line");
    p = nl + 1;
    /* id and legal_type come first, in that order */
    const char *fixed[2] = { "id", "legal_type" };
    char *id = NULL;
    clm_legal_type lt = 0;
    int rc = 0;
    for (int i = 0; i < 2; i++) {
        d.line++;
        d.key = fixed[i];
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            clm_core__free(id);
            return bad(&d, CLM_N_("missing line"));
        }
        size_t kn;
        if (split_kv(p, (size_t)(nl - p), &kn) < 0 || !key_is(p, kn, fixed[i])) {
            clm_core__free(id);
            return bad(&d, i == 0 ? CLM_N_("expected id=") : CLM_N_("expected legal_type="));
        }
        char *s = value(&d, p + kn + 1, (size_t)(nl - p) - kn - 1, &rc);
        if (s == NULL) {
            clm_core__free(id);
            return rc;
        }
        if (i == 0) {
            if ((rc = clm_core__check_text(s, CLM_CORE__TEXT_ID, "client_id")) < 0) {
                clm_core__free(s);
                return reshape(&d, rc);
            }
            id = s;
        } else {
            rc = clm_legal_type_from_name(&lt, s);
            clm_core__free(s);
            if (rc < 0) {
                clm_core__free(id);
                return reshape(&d, rc);
            }
        }
        p = nl + 1;
    }
    clm_client *c = clm_client__alloc(id, lt);
    clm_core__free(id);
    if (c == NULL)
        return CLM_ENOMEM;
    unsigned int seen = 0;
    long long dm = -1;
    while (p < end) {
        d.line++;
        d.key = "";
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            rc = bad(&d, CLM_N_("the last line has no line end"));
            goto fail;
        }
        size_t kn;
        if (split_kv(p, (size_t)(nl - p), &kn) < 0) {
            rc = bad(&d, CLM_N_("expected key=value"));
            goto fail;
        }
        rc = decode_line(c, &d, p, kn, p + kn + 1, (size_t)(nl - p) - kn - 1, &seen, &dm);
        if (rc < 0)
            goto fail;
        p = nl + 1;
    }
    d.key = "";
    if (c->text[CLM_CLIENT_NAME] == NULL) {
        d.key = "name";
        rc = bad(&d, CLM_N_("no name"));
        goto fail;
    }
    if (c->lost_to != NULL && c->state != CLM_CLIENT_LOST) {
        d.key = "lost_to";
        rc = bad(&d, CLM_N_("a competitor without state lost"));
        goto fail;
    }
    if (dm >= 0) {
        if ((unsigned long long)dm >= c->npersons) {
            d.key = "decision_maker";
            rc = bad(&d, CLM_N_("no such person"));
            goto fail;
        }
        c->dm = (size_t)dm;
    }
    *out = c;
    return 0;
fail:
    clm_client_free(c);
    return rc;
}
