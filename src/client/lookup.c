/*
 * lookup.c — the normalised forms lookups compare, the lookup keys a
 * stored client carries, and the lookups and the duplicate search over
 * them (client_lookup.h). The save with its duplicate check is in
 * client_store.c.
 */
#include <stdio.h>
#include <string.h>

#include "clm/client_lookup.h"
#include "client_internal.h"

/* ---- normalising ----------------------------------------------------------- */

/* Decodes one code point of valid UTF-8 at s; *len its bytes. */
static uint32_t cp_at(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

static uint32_t fold(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x0410 && c <= 0x042F) /* А..Я */
        return c + 0x20;
    if (c >= 0x0400 && c <= 0x040F) /* Ѐ..Џ */
        c += 0x50;
    if (c == 0x0451) /* ё as е */
        return 0x0435;
    return c;
}

/* Whether an ASCII character separates words. */
static int is_ascii_separator(unsigned char c)
{
    switch (c) {
    case ' ': case '\t': case '"': case '\'': case '`': case '.': case ',': case ';':
    case ':': case '!': case '?': case '(': case ')': case '/': case '\\': case '-':
        return 1;
    default:
        return 0;
    }
}

/* Whether a character past ASCII separates words: quotation marks and
 * the no-break space (the ASCII ones: is_ascii_separator()). */
static int is_separator(uint32_t c)
{
    static const uint32_t seps[] = { 0x00AB, 0x00BB, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x00A0 };
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (c == seps[i])
            return 1;
    return 0;
}

/* Legal-form words and phrases (lower case, words separated by one space),
 * with their lengths in bytes. */
typedef struct legal_form {
    const char *s;
    size_t n;
} legal_form;
#define LF(s) { s, sizeof s - 1 }
static const legal_form legal_forms[] = {
    LF("общество с ограниченной ответственностью"), LF("публичное акционерное общество"),
    LF("непубличное акционерное общество"), LF("закрытое акционерное общество"),
    LF("открытое акционерное общество"), LF("акционерное общество"),
    LF("индивидуальный предприниматель"), LF("limited liability company"),
    LF("ооо"), LF("зао"), LF("оао"), LF("пао"), LF("ао"), LF("нао"), LF("ип"), LF("гуп"),
    LF("муп"), LF("фгуп"), LF("ано"), LF("нко"),
    LF("ooo"), LF("zao"), LF("oao"), LF("pao"), LF("ao"), LF("ip"), LF("llc"), LF("ltd"),
    LF("inc"), LF("corp"), LF("plc"), LF("jsc"), LF("pjsc"), LF("cjsc"), LF("gmbh"),
};
#undef LF

/* The words of the folded text t (" w1 w2 ... ", one space between words)
 * a legal form may start with, at most WORDS_MAX of them. */
#define WORDS_MAX 16
typedef struct words {
    const char *at[WORDS_MAX];
    size_t len[WORDS_MAX];
    size_t n;
    int all; /* more words than kept: every form may be there */
} words;

static void words_of(words *w, const char *t, size_t tlen)
{
    w->n = 0;
    w->all = 0;
    for (size_t i = 1; i < tlen;) {
        const char *e = memchr(t + i, ' ', tlen - i);
        size_t end = e != NULL ? (size_t)(e - t) : tlen;
        if (w->n == WORDS_MAX) {
            w->all = 1;
            return;
        }
        w->at[w->n] = t + i;
        w->len[w->n] = end - i;
        w->n++;
        i = end + 1;
    }
}

/* Whether the form f may stand in the text: its first word is one of the
 * text's words. Dropping a form only removes words, so a form whose first
 * word is not in the text at the start is never found later either. */
static int form_may_stand(const legal_form *f, const words *w)
{
    if (w->all)
        return 1;
    for (size_t i = 0; i < w->n; i++) {
        size_t wl = w->len[i];
        if (wl <= f->n && (wl == f->n || f->s[wl] == ' ') && f->s[0] == w->at[i][0] &&
            memcmp(f->s, w->at[i], wl) == 0)
            return 1;
    }
    return 0;
}

int clm_client_name_normalize(char **out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "client_name_normalize: NULL argument");
    int rc = clm_core__check_text(name, CLM_CORE__TEXT_LINE, "name");
    if (rc < 0)
        return rc;
    /* 1: fold and turn separators into single spaces, " w1 w2 ". Folding
     * keeps each character's length in UTF-8 and a separator becomes at
     * most one space: the text fits in the name's length and the two
     * spaces around it, in one allocation. ASCII, most of a name, is
     * folded a byte at a time. */
    size_t nlen = strlen(name);
    char *t = clm_core__malloc(nlen + 3);
    if (t == NULL)
        return clm_core__oom("string buffer");
    size_t tlen = 0;
    t[tlen++] = ' ';
    int space = 1;
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0';) {
        int sep;
        if (*p < 0x80) {
            unsigned char c = *p++;
            if (!(sep = is_ascii_separator(c)))
                t[tlen++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else {
            size_t len;
            uint32_t c = cp_at(p, &len);
            if (!(sep = is_separator(c))) {
                /* fold() changes no character outside U+0400..U+045F, and
                 * maps those to ones in it: two bytes each in UTF-8 */
                uint32_t f = fold(c);
                if (f == c) {
                    memcpy(t + tlen, p, len);
                } else {
                    t[tlen] = (char)(0xC0 | (f >> 6));
                    t[tlen + 1] = (char)(0x80 | (f & 0x3F));
                }
                tlen += len;
            }
            p += len;
        }
        if (sep && !space)
            t[tlen++] = ' ';
        space = sep;
    }
    if (!space)
        t[tlen++] = ' ';
    t[tlen] = '\0';
    /* 2: drop each legal form standing as whole words (" form "), in the
     * table's order, each as often as it stands; only the forms whose
     * first word is one of the text's are looked for */
    words w;
    words_of(&w, t, tlen);
    for (size_t i = 0; i < sizeof legal_forms / sizeof legal_forms[0]; i++) {
        const legal_form *f = &legal_forms[i];
        if (!form_may_stand(f, &w))
            continue;
        /* " form ", built by hand: a lookup normalises its query, and
         * formatting 40 patterns with snprintf was a tenth of its cost */
        char pat[128];
        pat[0] = ' ';
        memcpy(pat + 1, f->s, f->n);
        pat[f->n + 1] = ' ';
        pat[f->n + 2] = '\0';
        size_t pl = f->n + 2;
        char *hit;
        while ((hit = strstr(t, pat)) != NULL) {
            memmove(hit + 1, hit + pl, strlen(hit + pl) + 1);
        }
    }
    /* 3: trim the ends */
    size_t n = strlen(t);
    size_t start = 0;
    while (start < n && t[start] == ' ')
        start++;
    while (n > start && t[n - 1] == ' ')
        n--;
    memmove(t, t + start, n - start);
    t[n - start] = '\0';
    *out = t;
    return 0;
}

int clm_client_phone_normalize(char **out, const char *phone)
{
    if (out == NULL || phone == NULL)
        return clm_core__fail(CLM_EINVAL, "client_phone_normalize: NULL argument");
    int rc = clm_core__check_text(phone, CLM_CORE__TEXT_LINE, "phone");
    if (rc < 0)
        return rc;
    size_t n = strlen(phone), d = 0;
    char *s = clm_core__malloc(n + 1);
    if (s == NULL)
        return clm_core__oom("normalised phone");
    for (size_t i = 0; i < n; i++)
        if (phone[i] >= '0' && phone[i] <= '9')
            s[d++] = phone[i];
    if (d == 11 && s[0] == '8')
        s[0] = '7';
    if (d < 5)
        d = 0;
    s[d] = '\0';
    *out = s;
    return 0;
}

int clm_client_email_normalize(char **out, const char *email)
{
    if (out == NULL || email == NULL)
        return clm_core__fail(CLM_EINVAL, "client_email_normalize: NULL argument");
    int rc = clm_core__check_text(email, CLM_CORE__TEXT_LINE, "email");
    if (rc < 0)
        return rc;
    while (*email == ' ' || *email == '\t')
        email++;
    size_t n = strlen(email);
    while (n > 0 && (email[n - 1] == ' ' || email[n - 1] == '\t'))
        n--;
    char *s = clm_core__strndup(email, n);
    if (s == NULL)
        return clm_core__oom("normalised email");
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            s[i] = (char)(s[i] + 32);
    *out = s;
    return 0;
}

/* ---- the keys of a client ---------------------------------------------------- */

void clm_client__keys_free(clm_client__keys *k)
{
    for (size_t i = 0; i < k->n; i++) {
        clm_core__free((char *)k->v[i].name);
        clm_core__free((char *)k->v[i].value);
    }
    clm_core__free(k->v);
    memset(k, 0, sizeof *k);
}

/* Adds (name, value); takes `value` (freed on failure); "" is skipped. A
 * value over the column limit is cut at a character boundary. */
static int key_add(clm_client__keys *k, const char *name, char *value)
{
    if (value == NULL)
        return clm_core__oom("client lookup key");
    size_t n = strlen(value);
    if (n == 0) {
        clm_core__free(value);
        return 0;
    }
    if (n > CLM_RECORD_FIELD_MAX) {
        n = CLM_RECORD_FIELD_MAX;
        while (n > 0 && ((unsigned char)value[n] & 0xC0u) == 0x80u)
            n--;
        value[n] = '\0';
    }
    char *nm = clm_core__strdup(name);
    if (nm == NULL || clm_core__grow((void **)&k->v, &k->cap, k->n + 1, sizeof k->v[0],
                                     "client lookup keys") < 0) {
        clm_core__free(nm);
        clm_core__free(value);
        return CLM_ENOMEM;
    }
    k->v[k->n].name = nm;
    k->v[k->n].value = value;
    k->n++;
    return 0;
}

typedef int (*normalizer)(char **out, const char *s);

static int key_norm(clm_client__keys *k, const char *name, normalizer f, const char *s)
{
    if (clm_client__empty(s))
        return 0;
    char *v = NULL;
    int rc = f(&v, s);
    if (rc < 0)
        return rc;
    return key_add(k, name, v);
}

int clm_client__keys_of(clm_client__keys *k, const clm_client *c)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < c->nids; i++) {
        char name[64];
        snprintf(name, sizeof name, "id.%s.%s", c->ids[i].country, c->ids[i].kind);
        rc = key_add(k, name, clm_core__strdup(c->ids[i].value));
    }
    if (rc == 0)
        rc = key_norm(k, "name", clm_client_name_normalize, c->text[CLM_CLIENT_NAME]);
    if (rc == 0)
        rc = key_norm(k, "name", clm_client_name_normalize, c->text[CLM_CLIENT_LEGAL_NAME]);
    if (rc == 0)
        rc = key_norm(k, "phone", clm_client_phone_normalize, c->text[CLM_CLIENT_PHONE]);
    if (rc == 0)
        rc = key_norm(k, "email", clm_client_email_normalize, c->text[CLM_CLIENT_EMAIL]);
    for (size_t i = 0; rc == 0 && i < c->npersons; i++) {
        rc = key_norm(k, "phone", clm_client_phone_normalize, c->persons[i].phone);
        if (rc == 0)
            rc = key_norm(k, "email", clm_client_email_normalize, c->persons[i].email);
    }
    return rc;
}

/* ---- lookups ------------------------------------------------------------------ */

typedef struct id_ctx {
    clm_client_id_cb cb;
    void *payload;
} id_ctx;

static int id_tramp(const char *id, const char *name, const char *value, void *payload)
{
    (void)name;
    (void)value;
    id_ctx *x = payload;
    return x->cb(id, x->payload);
}

static int find_by(clm_store *st, const char *key, const char *value, clm_key_match match,
                   clm_client_id_cb cb, void *payload)
{
    if (st == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "client lookup: NULL %s", st == NULL ? "store" : "callback");
    if (match == CLM_KEY_EXACT && value[0] == '\0')
        return 0; /* nothing normalises to a key of "" */
    id_ctx x = { cb, payload };
    return clm_store_keys_find(st, CLM_RECORD_CLIENT, key, value, match, id_tramp, &x);
}

int clm_client_store_find_taxid(clm_store *st, const char *country, const char *kind,
                                const char *value, clm_client_id_cb cb, void *payload)
{
    if (country == NULL || kind == NULL || value == NULL)
        return clm_core__fail(CLM_EINVAL, "client_store_find_taxid: NULL argument");
    int rc;
    if ((rc = clm_client__country_check(country, "country")) < 0 ||
        (rc = clm_client__idkind_check(kind, "kind")) < 0)
        return rc;
    if (value[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "value", "", 0,
                                 "client_store_find_taxid: an empty identifier");
    char key[64];
    snprintf(key, sizeof key, "id.%s.%s", country, kind);
    return find_by(st, key, value, CLM_KEY_EXACT, cb, payload);
}

static int find_normalized(clm_store *st, const char *key, normalizer f, const char *value,
                           clm_key_match match, clm_client_id_cb cb, void *payload)
{
    if (value == NULL)
        return clm_core__fail(CLM_EINVAL, "client lookup: NULL %s", key);
    if (match != CLM_KEY_EXACT && match != CLM_KEY_PREFIX)
        return clm_core__fail_at(CLM_EINVAL, "match", "", 0, "client lookup: match %d",
                                 (int)match);
    char *v = NULL;
    int rc = f(&v, value);
    if (rc < 0)
        return rc;
    if (v[0] == '\0') { /* a name of legal forms only, no digits: finds nothing */
        clm_core__free(v);
        return st == NULL || cb == NULL ? clm_core__fail(CLM_EINVAL, "client lookup: NULL argument") : 0;
    }
    rc = find_by(st, key, v, match, cb, payload);
    clm_core__free(v);
    return rc;
}

int clm_client_store_find_name(clm_store *st, const char *name, clm_key_match match,
                               clm_client_id_cb cb, void *payload)
{
    return find_normalized(st, "name", clm_client_name_normalize, name, match, cb, payload);
}

int clm_client_store_find_phone(clm_store *st, const char *phone, clm_client_id_cb cb,
                                void *payload)
{
    return find_normalized(st, "phone", clm_client_phone_normalize, phone, CLM_KEY_EXACT, cb,
                           payload);
}

int clm_client_store_find_email(clm_store *st, const char *email, clm_client_id_cb cb,
                                void *payload)
{
    return find_normalized(st, "email", clm_client_email_normalize, email, CLM_KEY_EXACT, cb,
                           payload);
}

/* ---- likely duplicates ------------------------------------------------------------ */

typedef struct dup_ctx {
    const char *self;
    clm_client_dup_cb cb;
    void *payload;
} dup_ctx;

static int dup_tramp(const char *id, const char *name, const char *value, void *payload)
{
    (void)value;
    dup_ctx *x = payload;
    if (strcmp(id, x->self) == 0)
        return 0;
    return x->cb(id, name, x->payload);
}

static int key_order(const void *a, const void *b)
{
    const clm_record_key *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c != 0 ? c : strcmp(x->value, y->value);
}

int clm_client_store_likely_duplicates(clm_store *st, const clm_client *c, clm_client_dup_cb cb,
                                       void *payload)
{
    if (st == NULL || c == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "client_store_likely_duplicates: NULL argument");
    clm_client__keys k = { 0 };
    int rc = clm_client__keys_of(&k, c);
    if (rc == 0 && k.n > 1)
        qsort(k.v, k.n, sizeof k.v[0], key_order);
    dup_ctx x = { c->id, cb, payload };
    for (size_t i = 0; rc == 0 && i < k.n; i++) {
        if (i > 0 && key_order(&k.v[i - 1], &k.v[i]) == 0)
            continue;
        rc = clm_store_keys_find(st, CLM_RECORD_CLIENT, k.v[i].name, k.v[i].value,
                                 CLM_KEY_EXACT, dup_tramp, &x);
    }
    clm_client__keys_free(&k);
    return rc;
}
