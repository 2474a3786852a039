/*
 * client_store.c — clients kept in a store (client_store.h): one record of
 * kind CLM_RECORD_CLIENT per client, written only through the audited
 * store calls. Every call prepares everything that can fail (columns,
 * body) before its single store write, and touches the client object only
 * after that write succeeded, so a failure changes nothing anywhere.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "store/store_op.h"
#include "clm/client_store.h"
#include "clm/client_lookup.h"
#include "client_internal.h"
#include "client_stored.h"

/* Re-records the current last error (a decode failure) with the record it
 * came from, keeping its code and field. */
static int fail_record(int rc, const char *kind, const char *id)
{
    const clm_error *e = clm_error_last();
    char msg[512], field[128];
    snprintf(msg, sizeof msg, "%s", e->message != NULL ? e->message : "");
    snprintf(field, sizeof field, "%s", e->field != NULL ? e->field : "");
    return clm_core__fail_at(rc, field, id, e->line, "%s store: record '%s': %s", kind, id,
                        msg);
}

/* The longest prefix of s of at most max bytes that ends on a UTF-8
 * character boundary (s is valid UTF-8, as every client string is). */
static size_t utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0u) == 0x80u)
        n--;
    return n;
}

/* The category column: categories in byte order (the client keeps them
 * sorted) joined by one space; *out NULL when there are none. */
static int category_column(char **out, const clm_client *c)
{
    size_t n = clm_client_category_count(c);
    *out = NULL;
    if (n == 0)
        return 0;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(clm_client_category_at(c, i)) + (i > 0 ? 1 : 0);
    if (total > CLM_RECORD_FIELD_MAX)
        return clm_core__fail_at(CLM_ELIMIT, "category", NULL, 0,
                            "client store: client '%s': its categories take %zu bytes "
                            "joined, the category column holds at most %d",
                            clm_client_id(c), total, CLM_RECORD_FIELD_MAX);
    char *s = clm_core__malloc(total + 1);
    if (s == NULL)
        return clm_core__oom("client category column");
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const char *cat = clm_client_category_at(c, i);
        size_t len = strlen(cat);
        if (i > 0)
            s[at++] = ' ';
        memcpy(s + at, cat, len);
        at += len;
    }
    s[at] = '\0';
    *out = s;
    return 0;
}

/* Writes c's record (create or replace, audited); *v the new version.
 * Touches nothing of c. */
static int put_client(int64_t *v, clm_store *st, const clm_client *c, const clm_actor *who,
                      const char *note)
{
    char *body = NULL, *cats = NULL, *name = NULL;
    size_t body_len = 0;
    int rc = category_column(&cats, c);
    if (rc < 0)
        return rc;
    const char *full = clm_client_name(c);
    size_t name_len = utf8_cut(full, CLM_RECORD_FIELD_MAX);
    if ((name = clm_core__strndup(full, name_len)) == NULL) {
        rc = clm_core__oom("client name column");
        goto done;
    }
    if ((rc = clm_client_encode(&body, &body_len, c)) < 0)
        goto done;
    const char *manager = clm_client_manager(c);
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = clm_client_id(c);
    r.version = clm_client_stored_version(c);
    r.name = name;
    r.manager = manager[0] != '\0' ? manager : NULL;
    r.state = clm_client_state_name(clm_client_state_get(c));
    r.category = cats;
    r.body = body;
    r.body_len = body_len;
    rc = clm_store_put_audited(v, st, who, &r, note);
done:
    clm_core__free(body);
    clm_core__free(cats);
    clm_core__free(name);
    return rc;
}

/* ---- the duplicate check ------------------------------------------------- */

static const char *const default_unique[] = { "RU.INN", "RU.OGRN", "RU.OGRNIP" };

static int check_save_options(const clm_client_save_options *o)
{
    if (clm_core__check_version(o->version, CLM_CLIENT_SAVE_OPTIONS_VERSION,
                                "client save options") < 0)
        return CLM_EVERSION;
    if (o->branch != 0 && o->branch != 1)
        return clm_core__fail_at(CLM_EINVAL, "branch", "", 0,
                                 "client save options: branch is 0 or 1, not %d", o->branch);
    if (o->unique == NULL && o->nunique > 0)
        return clm_core__fail_at(CLM_EINVAL, "unique", "", 0,
                                 "client save options: NULL unique with nunique %zu", o->nunique);
    for (size_t i = 0; o->unique != NULL && i < o->nunique; i++) {
        const char *u = o->unique[i];
        const char *dot = u != NULL ? strchr(u, '.') : NULL;
        char country[8];
        if (dot == NULL || dot - u != 2 || strlen(dot + 1) < 1 || strlen(dot + 1) > 16)
            return clm_core__fail_at(CLM_EINVAL, "unique", "", 0,
                                     "client save options: unique[%zu] '%.40s' is not "
                                     "COUNTRY.KIND (\"RU.INN\")", i, u != NULL ? u : "(null)");
        memcpy(country, u, 2);
        country[2] = '\0';
        int rc;
        if ((rc = clm_client__country_check(country, "unique")) < 0 ||
            (rc = clm_client__idkind_check(dot + 1, "unique")) < 0)
            return rc;
    }
    return 0;
}

static int is_unique(const clm_client_save_options *o, const char *country, const char *kind)
{
    const char *const *list = o->unique != NULL ? o->unique : default_unique;
    size_t n = o->unique != NULL ? o->nunique : 3;
    for (size_t i = 0; i < n; i++)
        if (strncmp(list[i], country, 2) == 0 && list[i][2] == '.' && strcmp(list[i] + 3, kind) == 0)
            return 1;
    return 0;
}

/* The ids (other than self) found for one key; at most a few are kept. */
#define DUP_MAX 8
typedef struct found_ids {
    const char *self;
    char ids[DUP_MAX][CLM_RECORD_ID_MAX + 1];
    int n;
} found_ids;

static int found_cb(const char *id, const char *name, const char *value, void *payload)
{
    (void)name;
    (void)value;
    found_ids *f = payload;
    if (strcmp(id, f->self) == 0)
        return 0;
    snprintf(f->ids[f->n], sizeof f->ids[f->n], "%s", id);
    return ++f->n == DUP_MAX ? 1 : 0;
}

/* Without lookup keys: every stored client, decoded, holding the value. */
typedef struct scan_dup {
    const char *self, *country, *kind, *value;
    found_ids *f;
} scan_dup;

static int scan_dup_cb(const clm_client *o, void *payload)
{
    scan_dup *x = payload;
    const char *v = clm_client_taxid(o, x->country, x->kind);
    if (v == NULL || strcmp(v, x->value) != 0 || strcmp(clm_client_id(o), x->self) == 0)
        return 0;
    snprintf(x->f->ids[x->f->n], sizeof x->f->ids[0], "%s", clm_client_id(o));
    return ++x->f->n == DUP_MAX ? 1 : 0;
}

static int holders(found_ids *f, clm_store *st, const char *self, const char *country,
                   const char *kind, const char *value)
{
    char key[64];
    snprintf(key, sizeof key, "id.%s.%s", country, kind);
    memset(f, 0, sizeof *f);
    f->self = self;
    int rc = clm_store_keys_find(st, CLM_RECORD_CLIENT, key, value, CLM_KEY_EXACT, found_cb, f);
    if (rc == CLM_ENOTSUP) {
        scan_dup x = { self, country, kind, value, f };
        rc = clm_client_store_scan(st, NULL, scan_dup_cb, &x);
    }
    return rc < 0 ? rc : 0;
}

/* *dup = the id of a stored client a save of c is refused for, or "" ;
 * *field = the identifier's key. */
static int find_duplicate(char dup[CLM_RECORD_ID_MAX + 1], char field[64], clm_store *st,
                          const clm_client *c, const clm_client_save_options *o)
{
    dup[0] = '\0';
    const char *my_kpp = clm_client_taxid(c, "RU", "KPP");
    for (size_t i = 0; i < clm_client_taxid_count(c); i++) {
        const char *country, *kind, *value;
        clm_client_taxid_at(&country, &kind, &value, c, i);
        if (!is_unique(o, country, kind))
            continue;
        found_ids f;
        int rc = holders(&f, st, clm_client_id(c), country, kind, value);
        if (rc < 0)
            return rc;
        for (int j = 0; j < f.n; j++) {
            if (o->branch && my_kpp != NULL) {
                clm_client *other = NULL;
                if ((rc = clm_client_store_load(&other, st, f.ids[j])) < 0)
                    return rc;
                const char *kpp = clm_client_taxid(other, "RU", "KPP");
                int same = kpp == NULL || strcmp(kpp, my_kpp) == 0;
                clm_client_free(other);
                if (!same)
                    continue; /* a branch with its own KPP */
            }
            snprintf(dup, CLM_RECORD_ID_MAX + 1, "%s", f.ids[j]);
            snprintf(field, 64, "id.%s.%s", country, kind);
            return 0;
        }
    }
    return 0;
}

int clm_client_save_options_init(clm_client_save_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "client_save_options_init: NULL");
    clm_client_save_options init = CLM_CLIENT_SAVE_OPTIONS_INIT;
    *o = init;
    return 0;
}

int clm_client_store_duplicate_of(char **out, clm_store *st, const clm_client *c,
                                  const clm_client_save_options *opts)
{
    if (out == NULL || st == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_store_duplicate_of: NULL argument");
    clm_client_save_options def = CLM_CLIENT_SAVE_OPTIONS_INIT;
    if (opts == NULL)
        opts = &def;
    int rc = check_save_options(opts);
    if (rc < 0)
        return rc;
    char dup[CLM_RECORD_ID_MAX + 1], field[64];
    if ((rc = find_duplicate(dup, field, st, c, opts)) < 0)
        return rc;
    char *s = NULL;
    if (dup[0] != '\0' && (s = clm_core__strdup(dup)) == NULL)
        return clm_core__oom("duplicate client id");
    *out = s;
    return 0;
}

int clm_client_store_save_opts(int64_t *out, clm_store *st, clm_client *c, const clm_actor *who,
                               const char *note, const clm_client_save_options *opts)
{
    if (st == NULL || c == NULL || who == NULL)
        return clm_core__fail(CLM_EINVAL, "client_store_save: NULL argument");
    clm_client_save_options def = CLM_CLIENT_SAVE_OPTIONS_INIT;
    if (opts == NULL)
        opts = &def;
    int rc = check_save_options(opts);
    if (rc < 0)
        return rc;
    clm_client__keys k = { 0 };
    if ((rc = clm_client__keys_of(&k, c)) < 0 || (rc = clm_store__keys_check(k.v, k.n)) < 0) {
        clm_client__keys_free(&k);
        return rc;
    }
    /* A flat operation (store_op.h): its own transaction when the caller
     * has none; inside the caller's, no level at all (a savepoint was
     * the largest cost of a save on SQLite). Every refusal comes before
     * the first write: the keys were checked above, the duplicate check
     * reads, the audited write checks the version before its put (and
     * the put refuses a taken id or a changed version writing nothing);
     * after the put only the storage can fail (the audit append, the
     * keys), and then the operation leaves the handle broken rather than
     * half a save committable. */
    clm_store__flat op;
    if ((rc = clm_store__flat_begin(st, &op)) < 0) {
        clm_client__keys_free(&k);
        return rc;
    }
    char dup[CLM_RECORD_ID_MAX + 1], field[64];
    int64_t v = 0;
    rc = find_duplicate(dup, field, st, c, opts);
    if (rc == 0 && dup[0] != '\0') {
        char country[3] = { field[3], field[4], '\0' };
        const char *value = clm_client_taxid(c, country, field + 6);
        rc = clm_core__fail_at(CLM_EEXISTS, field, dup, 0,
                               "client store: client '%s' not saved: client '%s' is stored "
                               "with the same %s %s%s",
                               clm_client_id(c), dup, field + 6, value != NULL ? value : "",
                               clm_core__tr(opts->branch
                                                ? CLM_N_(" and the same KPP (or one of them has none): "
                                                         "a branch needs a KPP of its own")
                                                : CLM_N_(" (a branch of it: save with branch = 1 and its "
                                                         "own KPP)")));
    }
    if (rc == 0)
        rc = put_client(&v, st, c, who, note);
    if (rc == 0) {
        rc = clm_store_keys_set(st, CLM_RECORD_CLIENT, clm_client_id(c), k.v, k.n);
        if (rc == CLM_ENOTSUP)
            rc = 0; /* a backend without lookup keys: lookups are not offered there */
    }
    clm_client__keys_free(&k);
    if ((rc = clm_store__flat_end(st, &op, rc)) < 0)
        return rc;
    /* Nothing can fail from here on. */
    clm_client__set_stored_version(c, v);
    if (out != NULL)
        *out = v;
    return 0;
}

int clm_client_store_save(int64_t *out, clm_store *st, clm_client *c,
                          const clm_actor *who, const char *note)
{
    return clm_client_store_save_opts(out, st, c, who, note, NULL);
}

/* Decodes a stored client record into a new client at its version. */
static int decode_record(clm_client **out, const clm_record *rec)
{
    clm_client *c = NULL;
    int rc = clm_client_decode(&c, rec->body != NULL ? (const char *)rec->body : "",
                               rec->body_len);
    if (rc < 0)
        return fail_record(rc, "client", rec->id);
    if (strcmp(clm_client_id(c), rec->id) != 0) {
        rc = clm_core__fail_at(CLM_EPARSE, "id", rec->id, 0,
                          "client store: record '%s' holds client '%s'", rec->id,
                          clm_client_id(c));
        clm_client_free(c);
        return rc;
    }
    clm_client__set_stored_version(c, rec->version);
    *out = c;
    return 0;
}

int clm_client_store_load(clm_client **out, clm_store *st, const char *client_id)
{
    if (out == NULL || st == NULL || client_id == NULL)
        return clm_core__fail(CLM_EINVAL, "client_store_load: NULL argument");
    clm_record *rec = NULL;
    int rc = clm_store_get(&rec, st, CLM_RECORD_CLIENT, client_id);
    if (rc < 0)
        return rc;
    rc = decode_record(out, rec);
    clm_record_free(rec);
    return rc;
}

int clm_client_store_delete(clm_store *st, const clm_actor *who, const char *client_id,
                            int64_t version, const char *note)
{
    if (st == NULL || who == NULL || client_id == NULL)
        return clm_core__fail(CLM_EINVAL, "client_store_delete: NULL argument");
    if (version < 1)
        return clm_core__fail_at(CLM_EINVAL, "version", NULL, 0,
                            "client_store_delete: version %lld; a stored client's "
                            "version is at least 1",
                            (long long)version);
    return clm_store_delete_audited(st, who, CLM_RECORD_CLIENT, client_id, version, note);
}

int clm_client_filter_init(clm_client_filter *f)
{
    if (f == NULL)
        return clm_core__fail(CLM_EINVAL, "client_filter_init: NULL filter");
    clm_client_filter init = CLM_CLIENT_FILTER_INIT;
    *f = init;
    return 0;
}

typedef struct scan_ctx {
    const char *category;
    clm_client_cb cb;
    void *payload;
} scan_ctx;

static int scan_one(const clm_record *rec, void *payload)
{
    scan_ctx *ctx = payload;
    /* The column holds every category as a substring: a cheap pre-filter. */
    if (ctx->category != NULL &&
        (rec->category == NULL || strstr(rec->category, ctx->category) == NULL))
        return 0;
    clm_client *c = NULL;
    int rc = decode_record(&c, rec);
    if (rc < 0)
        return rc;
    if (ctx->category == NULL || clm_client_has_category(c, ctx->category))
        rc = ctx->cb(c, ctx->payload);
    clm_client_free(c);
    return rc;
}

int clm_client_store_scan(clm_store *st, const clm_client_filter *f, clm_client_cb cb,
                          void *payload)
{
    if (st == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "client_store_scan: NULL argument");
    clm_client_filter all = CLM_CLIENT_FILTER_INIT;
    if (f == NULL)
        f = &all;
    if (clm_core__check_version(f->version, CLM_CLIENT_FILTER_VERSION, "client filter") < 0)
        return CLM_EVERSION;
    if (f->manager != NULL && f->manager[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "manager", NULL, 0,
                            "client_store_scan: empty manager (NULL means any)");
    if (f->category != NULL && f->category[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "category", NULL, 0,
                            "client_store_scan: empty category (NULL means any)");
    const char *state = NULL;
    if (f->state != 0 && (state = clm_client_state_name(f->state)) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "state", NULL, 0,
                            "client_store_scan: state %d is not a lifecycle state",
                            (int)f->state);
    clm_store_filter sf = CLM_STORE_FILTER_INIT;
    sf.kind = CLM_RECORD_CLIENT;
    sf.manager = f->manager;
    sf.state = state;
    scan_ctx ctx = { f->category, cb, payload };
    return clm_store_scan(st, &sf, scan_one, &ctx);
}
