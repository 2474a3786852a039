/*
 * validate.c — completeness and consistency of a client record. One walk
 * over the rules (in the order client.h lists them) feeds a sink:
 * clm_client_validate() stops at the first finding and reports it as the
 * last error; clm_client_check() (client_import.h) collects them all.
 */
#include <stdio.h>
#include <string.h>

#include "clm/client_import.h"
#include "client_internal.h"

int clm_client_validate_options_init(clm_client_validate_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "client_validate_options_init: NULL");
    clm_client_validate_options init = CLM_CLIENT_VALIDATE_OPTIONS_INIT;
    *o = init;
    return 0;
}

/* Receives one finding; returns 0 to go on, 1 to stop, or a negative error. */
typedef int (*finding_sink)(const char *field, const char *what, const char *why, void *payload);

/* A finding's reason in the thread's language (clm/lang.h): `fmt` is the
 * English text and the catalogue's msgid (xgettext keyword EMIT:3,
 * tools/i18n.py); `what` is a code and stays as it is. */
#define EMIT(field, what, fmt, ...)                                   \
    do {                                                              \
        char why_[600];                                               \
        snprintf(why_, sizeof why_, clm_core__tr(fmt), __VA_ARGS__);  \
        int src_ = sink((field), (what), why_, payload);              \
        if (src_ != 0)                                                \
            return src_;                                              \
    } while (0)

static int check_options(const clm_client_validate_options *opts)
{
    if (clm_core__check_version(opts->version, CLM_CLIENT_VALIDATE_OPTIONS_VERSION,
                                "client validate options") < 0)
        return CLM_EVERSION;
    if (opts->home_country != NULL &&
        clm_client__country_check(opts->home_country, "home_country") < 0)
        return CLM_EINVAL;
    return 0;
}

static int walk(const clm_client *c, const clm_client_validate_options *opts, clm_date as_of,
                finding_sink sink, void *payload)
{
    const char *id = c->id;
    int rc;

    /* 1-2: names */
    if (clm_client__empty(c->text[CLM_CLIENT_NAME]))
        EMIT("name", "required", "client %s: name is required", id);
    if (c->legal == CLM_LEGAL_ENTITY && clm_client__empty(c->text[CLM_CLIENT_LEGAL_NAME]))
        EMIT("legal_name", "required", "client %s: a legal entity needs its legal name", id);

    /* 3: required identifiers of the client's country */
    const char *country = !clm_client__empty(c->text[CLM_CLIENT_COUNTRY])
                              ? c->text[CLM_CLIENT_COUNTRY] : opts->home_country;
    if (country != NULL) {
        size_t n = clm_idcheck_count(opts->registry != NULL ? opts->registry
                                                            : clm_idcheck_registry_builtin());
        const char *kind = NULL;
        for (size_t i = clm_client__idcheck_required(opts->registry, country, c->legal, 0, &kind);
             i < n; i = clm_client__idcheck_required(opts->registry, country, c->legal, i + 1, &kind)) {
            if (clm_client_taxid(c, country, kind) == NULL) {
                char field[32];
                snprintf(field, sizeof(field), "id.%s.%s", country, kind);
                /* one sentence per legal type: a translation declines the noun */
                if (c->legal == CLM_LEGAL_ENTITY)
                    EMIT(field, "required", "client %s: a legal entity of %s needs identifier %s",
                         id, country, kind);
                else if (c->legal == CLM_SOLE_TRADER)
                    EMIT(field, "required", "client %s: a sole trader of %s needs identifier %s",
                         id, country, kind);
                else
                    EMIT(field, "required", "client %s: a individual of %s needs identifier %s",
                         id, country, kind);
            }
        }
    }

    /* 4: every identifier held passes its validator */
    for (size_t i = 0; i < c->nids; i++) {
        rc = clm_idcheck(opts->registry, c->ids[i].country, c->ids[i].kind, c->legal,
                         c->ids[i].value, NULL);
        if (rc == CLM_EINVAL) {
            const clm_error *e = clm_error_last();
            char field[64];
            snprintf(field, sizeof field, "id.%s.%s", c->ids[i].country, c->ids[i].kind);
            /* the validator's message, in the thread's language already */
            EMIT(field, "invalid", "%s",
                 e->message != NULL ? e->message : clm_core__tr("invalid identifier"));
        } else if (rc < 0) {
            return rc;
        }
    }

    /* 5: a way to reach the client */
    if (opts->require_contact) {
        int reach = !clm_client__empty(c->text[CLM_CLIENT_PHONE]) ||
                    !clm_client__empty(c->text[CLM_CLIENT_EMAIL]);
        for (size_t i = 0; !reach && i < c->npersons; i++)
            reach = !clm_client__empty(c->persons[i].phone) || !clm_client__empty(c->persons[i].email);
        if (!reach)
            EMIT("phone", "required",
                 "client %s: no phone or e-mail, neither its own nor a person's", id);
    }

    /* 6: dates in order */
    clm_date fc = c->dates[CLM_CLIENT_FIRST_CONTACT];
    clm_date fd = c->dates[CLM_CLIENT_FIRST_DEAL];
    clm_date lp = c->dates[CLM_CLIENT_LAST_PURCHASE];
    if (fc != CLM_CLIENT_NO_DATE && fd != CLM_CLIENT_NO_DATE && fd < fc)
        EMIT("first_deal", "order", "client %s: first deal before first contact", id);
    if (fd != CLM_CLIENT_NO_DATE && lp != CLM_CLIENT_NO_DATE && lp < fd)
        EMIT("last_purchase", "order", "client %s: last purchase before first deal", id);
    if (fc != CLM_CLIENT_NO_DATE && lp != CLM_CLIENT_NO_DATE && lp < fc)
        EMIT("last_purchase", "order", "client %s: last purchase before first contact", id);

    /* 7: a lead has not bought yet */
    if ((c->state == CLM_CLIENT_POTENTIAL || c->state == CLM_CLIENT_INTERESTED) &&
        (fd != CLM_CLIENT_NO_DATE || lp != CLM_CLIENT_NO_DATE))
    {
        if (fd != CLM_CLIENT_NO_DATE)
            EMIT("state", "inconsistent", "client %s: state %s, yet it has a first deal date", id,
                 clm_client_state_name(c->state));
        else
            EMIT("state", "inconsistent", "client %s: state %s, yet it has a last purchase date",
                 id, clm_client_state_name(c->state));
    }

    /* 8 (clm_client_check with as_of): facts cannot lie in the future */
    if (as_of != CLM_CLIENT_NO_DATE) {
        for (int f = 0; f < CLM_CLIENT__DATE_COUNT; f++) {
            clm_date d = c->dates[f];
            if (d == CLM_CLIENT_NO_DATE || d <= as_of)
                continue;
            char a[CLM_CORE__TEXT_VALUE_MAX], b[CLM_CORE__TEXT_VALUE_MAX];
            clm_core__date_text(a, sizeof a, d);
            clm_core__date_text(b, sizeof b, as_of);
            const char *name = clm_client_date_name((clm_client_date_field)f);
            EMIT(name, "future", "client %s: %s %s lies after %s", id, name, a, b);
        }
    }
    return 0;
}

static int first_sink(const char *field, const char *what, const char *why, void *payload)
{
    (void)what;
    (void)payload;
    clm_core__fail_at(CLM_EINVAL, field, "", 0, "%s", why);
    return CLM_EINVAL;
}

int clm_client_validate(const clm_client *c, const clm_client_validate_options *opts)
{
    clm_client_validate_options def = CLM_CLIENT_VALIDATE_OPTIONS_INIT;
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_validate: NULL client");
    if (opts == NULL)
        opts = &def;
    int rc = check_options(opts);
    if (rc < 0)
        return rc;
    return walk(c, opts, CLM_CLIENT_NO_DATE, first_sink, NULL);
}

/* ---- every finding ------------------------------------------------------- */

typedef struct finding {
    char *block; /* field \0 what \0 why \0 */
    clm_client_finding view;
} finding;

struct clm_client_findings {
    finding *v;
    size_t n, cap;
};

void clm_client_findings_free(clm_client_findings *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++)
        clm_core__free(f->v[i].block);
    clm_core__free(f->v);
    clm_core__free(f);
}

static int collect_sink(const char *field, const char *what, const char *why, void *payload)
{
    clm_client_findings *f = payload;
    int rc = clm_core__grow((void **)&f->v, &f->cap, f->n + 1, sizeof f->v[0], "client findings");
    if (rc < 0)
        return rc;
    size_t lf = strlen(field) + 1, lw = strlen(what) + 1, ly = strlen(why) + 1;
    char *b = clm_core__malloc(lf + lw + ly);
    if (b == NULL)
        return clm_core__oom("client finding");
    memcpy(b, field, lf);
    memcpy(b + lf, what, lw);
    memcpy(b + lf + lw, why, ly);
    f->v[f->n].block = b;
    f->v[f->n].view.field = b;
    f->v[f->n].view.what = b + lf;
    f->v[f->n].view.why = b + lf + lw;
    f->n++;
    return 0;
}

int clm_client_check(clm_client_findings **out, const clm_client *c,
                     const clm_client_validate_options *opts, clm_date as_of)
{
    clm_client_validate_options def = CLM_CLIENT_VALIDATE_OPTIONS_INIT;
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_check: NULL %s", out == NULL ? "out" : "client");
    if (opts == NULL)
        opts = &def;
    int rc = check_options(opts);
    if (rc < 0)
        return rc;
    if (as_of != CLM_CLIENT_NO_DATE && (as_of < CLM_DATE_MIN || as_of > CLM_DATE_MAX))
        return clm_core__fail_at(CLM_ERANGE, "as_of", "", 0,
                                 "client_check: as_of %ld is not a valid date", (long)as_of);
    clm_client_findings *f = clm_core__calloc(1, sizeof *f);
    if (f == NULL)
        return clm_core__oom("client findings");
    rc = walk(c, opts, as_of, collect_sink, f);
    if (rc < 0) {
        clm_client_findings_free(f);
        return rc;
    }
    *out = f;
    return 0;
}

size_t clm_client_findings_count(const clm_client_findings *f)
{
    return f != NULL ? f->n : 0;
}

int clm_client_findings_at(clm_client_finding *out, const clm_client_findings *f, size_t i)
{
    if (out == NULL || f == NULL)
        return clm_core__fail(CLM_EINVAL, "client_findings_at: NULL argument");
    if (i >= f->n)
        return clm_core__fail(CLM_ERANGE, "client_findings_at: %zu of %zu findings", i, f->n);
    *out = f->v[i].view;
    return 0;
}
