/*
 * client.c — the client record: construction, copies, getters and the
 * setters of its plain fields (text, legal type, source, dates, flags,
 * identifiers, manager). Each setter checks, then allocates everything it
 * needs (new value, history entry), then commits without a failure point.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "clm/contact.h"
#include "client_internal.h"
#include "client_stored.h"
#include "clm/date.h"

clm_client *clm_client__alloc(const char *id, clm_legal_type type)
{
    clm_client *c = clm_core__calloc(1, sizeof(*c));
    if (c == NULL) {
        clm_core__oom("client");
        return NULL;
    }
    c->id = clm_core__strdup(id);
    if (c->id == NULL) {
        clm_core__free(c);
        clm_core__oom("client id");
        return NULL;
    }
    c->legal = type;
    c->state = CLM_CLIENT_POTENTIAL;
    c->source = CLM_SOURCE_UNKNOWN;
    for (int i = 0; i < CLM_CLIENT__DATE_COUNT; i++)
        c->dates[i] = CLM_CLIENT_NO_DATE;
    c->dm = CLM_CLIENT_NO_PERSON;
    return c;
}

static void person_clear(clm_client__person *p)
{
    clm_core__free(p->name);
    clm_core__free(p->position);
    clm_core__free(p->phone);
    clm_core__free(p->email);
}

static void ident_clear(clm_client__ident *e)
{
    clm_core__free(e->country);
    clm_core__free(e->kind);
    clm_core__free(e->value);
}

void clm_client_free(clm_client *c)
{
    if (c == NULL)
        return;
    clm_core__free(c->id);
    clm_core__free(c->manager);
    clm_core__free(c->lost_to);
    for (int i = 0; i < CLM_CLIENT__TEXT_COUNT; i++)
        clm_core__free(c->text[i]);
    for (size_t i = 0; i < c->nids; i++)
        ident_clear(&c->ids[i]);
    clm_core__free(c->ids);
    for (size_t i = 0; i < c->npersons; i++)
        person_clear(&c->persons[i]);
    clm_core__free(c->persons);
    for (size_t i = 0; i < c->ncats; i++)
        clm_core__free(c->cats[i]);
    clm_core__free(c->cats);
    for (size_t i = 0; i < c->nhist; i++)
        clm_core__free(c->hist[i].block);
    clm_core__free(c->hist);
    clm_core__free(c);
}

int clm_client__text_check(clm_client_text f, const char *v)
{
    const char *field = clm_client_text_name(f);
    if (field == NULL)
        return clm_core__fail(CLM_EINVAL, "client: unknown text field %d", (int)f);
    bool multiline = f == CLM_CLIENT_ADDRESS || f == CLM_CLIENT_NEEDS ||
                     f == CLM_CLIENT_NOTES;
    int rc = clm_core__check_text(v, multiline ? CLM_CORE__TEXT_NOTE : CLM_CORE__TEXT_LINE, field);
    if (rc < 0 || clm_client__empty(v))
        return rc;
    switch (f) {
    case CLM_CLIENT_COUNTRY:
        return clm_client__country_check(v, field);
    case CLM_CLIENT_LANGUAGE: {
        size_t n = strlen(v), i = 0;
        while (i < n && v[i] >= 'a' && v[i] <= 'z')
            i++;
        int ok = i >= 2 && i <= 3;
        if (ok && i < n)
            ok = n == i + 3 && v[i] == '-' && v[i + 1] >= 'A' && v[i + 1] <= 'Z' &&
                 v[i + 2] >= 'A' && v[i + 2] <= 'Z';
        if (!ok)
            return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                "language: expected a BCP 47 tag such as \"ru\" or \"en-GB\"");
        return 0;
    }
    case CLM_CLIENT_EMAIL:
        return clm_email_check(v);
    case CLM_CLIENT_PHONE:
        return clm_phone_check(v);
    default:
        return 0;
    }
}

int clm_client_new(clm_client **out, const clm_actor *actor, const char *client_id,
                   clm_legal_type type, const char *name)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "client_new: NULL out");
    int rc = clm_actor_check(actor);
    if (rc < 0)
        return rc;
    if ((rc = clm_core__check_text(client_id, CLM_CORE__TEXT_ID, "client_id")) < 0)
        return rc;
    if (clm_legal_type_name(type) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "legal_type", "", 0,
                            "client_new: unknown legal type %d", (int)type);
    if (clm_client__empty(name))
        return clm_core__fail_at(CLM_EINVAL, "name", "", 0, "name: must not be empty");
    if ((rc = clm_client__text_check(CLM_CLIENT_NAME, name)) < 0)
        return rc;
    clm_client *c = clm_client__alloc(client_id, type);
    if (c == NULL)
        return CLM_ENOMEM;
    c->text[CLM_CLIENT_NAME] = clm_core__strdup(name);
    if (c->text[CLM_CLIENT_NAME] == NULL ||
        clm_client__record(c, actor, "created", "", name, "") < 0) {
        clm_client_free(c);
        return clm_core__oom("client");
    }
    *out = c;
    return 0;
}

/* ---- copies ------------------------------------------------------------- */

static int dup_str(char **dst, const char *src)
{
    if (src == NULL) {
        *dst = NULL;
        return 0;
    }
    *dst = clm_core__strdup(src);
    return *dst != NULL ? 0 : -1;
}

int clm_client_dup(clm_client **out, const clm_client *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_dup: NULL argument");
    clm_client *d = clm_client__alloc(c->id, c->legal);
    if (d == NULL)
        return CLM_ENOMEM;
    d->state = c->state;
    d->source = c->source;
    d->dm = c->dm;
    d->stored_version = c->stored_version;
    memcpy(d->dates, c->dates, sizeof(d->dates));
    memcpy(d->flags, c->flags, sizeof(d->flags));
    if (dup_str(&d->manager, c->manager) < 0 || dup_str(&d->lost_to, c->lost_to) < 0)
        goto oom;
    for (int i = 0; i < CLM_CLIENT__TEXT_COUNT; i++)
        if (dup_str(&d->text[i], c->text[i]) < 0)
            goto oom;
    if (c->nids > 0) {
        if (clm_core__grow((void **)&d->ids, &d->capids, c->nids, sizeof(clm_client__ident), "client") < 0)
            goto oom;
        for (size_t i = 0; i < c->nids; i++) {
            clm_client__ident *e = &d->ids[d->nids++];
            memset(e, 0, sizeof(*e));
            if (dup_str(&e->country, c->ids[i].country) < 0 ||
                dup_str(&e->kind, c->ids[i].kind) < 0 ||
                dup_str(&e->value, c->ids[i].value) < 0)
                goto oom;
        }
    }
    if (c->npersons > 0) {
        if (clm_core__grow((void **)&d->persons, &d->cappersons, c->npersons,
                      sizeof(clm_client__person), "client") < 0)
            goto oom;
        for (size_t i = 0; i < c->npersons; i++) {
            clm_client__person *p = &d->persons[d->npersons++];
            memset(p, 0, sizeof(*p));
            if (dup_str(&p->name, c->persons[i].name) < 0 ||
                dup_str(&p->position, c->persons[i].position) < 0 ||
                dup_str(&p->phone, c->persons[i].phone) < 0 ||
                dup_str(&p->email, c->persons[i].email) < 0)
                goto oom;
        }
    }
    if (c->ncats > 0) {
        if (clm_core__grow((void **)&d->cats, &d->capcats, c->ncats, sizeof(char *), "client") < 0)
            goto oom;
        for (size_t i = 0; i < c->ncats; i++) {
            if (dup_str(&d->cats[i], c->cats[i]) < 0)
                goto oom;
            d->ncats++;
        }
    }
    if (c->nhist > 0) {
        if (clm_client__hist_reserve(d, c->nhist) < 0)
            goto oom;
        for (size_t i = 0; i < c->nhist; i++) {
            const clm_client_change *v = &c->hist[i].view;
            clm_actor a = { v->user, v->role, v->at };
            clm_client__change ch;
            if (clm_client__change_make(&ch, &a, v->field, v->old_value, v->new_value,
                                 v->reason) < 0)
                goto oom;
            clm_client__hist_push(d, &ch);
        }
    }
    *out = d;
    return 0;
oom:
    clm_client_free(d);
    return clm_core__oom("client copy");
}

int clm_client_equal(const clm_client *a, const clm_client *b)
{
    if (a == NULL || b == NULL)
        return 0;
    if (!clm_core__streq(a->id, b->id) || a->legal != b->legal || a->state != b->state ||
        a->source != b->source || !clm_core__streq(a->manager, b->manager) ||
        !clm_core__streq(a->lost_to, b->lost_to) || a->dm != b->dm ||
        memcmp(a->dates, b->dates, sizeof(a->dates)) != 0 ||
        memcmp(a->flags, b->flags, sizeof(a->flags)) != 0 || a->nids != b->nids ||
        a->npersons != b->npersons || a->ncats != b->ncats || a->nhist != b->nhist)
        return 0;
    for (int i = 0; i < CLM_CLIENT__TEXT_COUNT; i++)
        if (!clm_core__streq(a->text[i], b->text[i]))
            return 0;
    for (size_t i = 0; i < a->nids; i++)
        if (!clm_core__streq(a->ids[i].country, b->ids[i].country) ||
            !clm_core__streq(a->ids[i].kind, b->ids[i].kind) ||
            !clm_core__streq(a->ids[i].value, b->ids[i].value))
            return 0;
    for (size_t i = 0; i < a->npersons; i++)
        if (!clm_core__streq(a->persons[i].name, b->persons[i].name) ||
            !clm_core__streq(a->persons[i].position, b->persons[i].position) ||
            !clm_core__streq(a->persons[i].phone, b->persons[i].phone) ||
            !clm_core__streq(a->persons[i].email, b->persons[i].email))
            return 0;
    for (size_t i = 0; i < a->ncats; i++)
        if (!clm_core__streq(a->cats[i], b->cats[i]))
            return 0;
    for (size_t i = 0; i < a->nhist; i++) {
        const clm_client_change *x = &a->hist[i].view, *y = &b->hist[i].view;
        if (x->at != y->at || !clm_core__streq(x->user, y->user) || !clm_core__streq(x->role, y->role) ||
            !clm_core__streq(x->field, y->field) || !clm_core__streq(x->old_value, y->old_value) ||
            !clm_core__streq(x->new_value, y->new_value) || !clm_core__streq(x->reason, y->reason))
            return 0;
    }
    return 1;
}

/* ---- getters ------------------------------------------------------------ */

int64_t clm_client_stored_version(const clm_client *c)
{
    return c != NULL ? c->stored_version : 0;
}

void clm_client__set_stored_version(clm_client *c, int64_t v)
{
    c->stored_version = v;
}

const char *clm_client_id(const clm_client *c)
{
    return c != NULL ? c->id : "";
}

clm_legal_type clm_client_legal_type(const clm_client *c)
{
    return c != NULL ? c->legal : (clm_legal_type)0;
}

clm_client_state clm_client_state_get(const clm_client *c)
{
    return c != NULL ? c->state : (clm_client_state)0;
}

clm_source_channel clm_client_source(const clm_client *c)
{
    return c != NULL ? c->source : CLM_SOURCE_UNKNOWN;
}

const char *clm_client_text_get(const clm_client *c, clm_client_text f)
{
    if (c == NULL || (int)f < 0 || f >= CLM_CLIENT__TEXT_COUNT)
        return NULL;
    return clm_client__s(c->text[f]);
}

const char *clm_client_name(const clm_client *c)
{
    return clm_client_text_get(c, CLM_CLIENT_NAME);
}

const char *clm_client_manager(const clm_client *c)
{
    return c != NULL ? clm_client__s(c->manager) : "";
}

const char *clm_client_lost_to(const clm_client *c)
{
    return c != NULL ? clm_client__s(c->lost_to) : "";
}

clm_date clm_client_date_get(const clm_client *c, clm_client_date_field f)
{
    if (c == NULL || (int)f < 0 || f >= CLM_CLIENT__DATE_COUNT)
        return CLM_CLIENT_NO_DATE;
    return c->dates[f];
}

bool clm_client_flag_get(const clm_client *c, clm_client_flag f)
{
    if (c == NULL || (int)f < 0 || f >= CLM_CLIENT__FLAG_COUNT)
        return false;
    return c->flags[f];
}

/* ---- setters ------------------------------------------------------------ */

/* Replaces *slot with a copy of value (NULL or "" = none), recording the
 * change under `field`. The common core of every string setter. */
static int set_string(clm_client *c, const clm_actor *actor, char **slot,
                      const char *field, const char *value)
{
    if (clm_client__empty(value))
        value = NULL;
    /* a client stores an absent value as NULL, never "": equality below
     * relies on it */
    assert(*slot == NULL || (*slot)[0] != '\0');
    if (clm_core__streq(*slot, value))
        return 0;
    char *nv = NULL;
    if (value != NULL && (nv = clm_core__strdup(value)) == NULL)
        return clm_core__oom(field);
    clm_client__change ch;
    if (clm_client__hist_reserve(c, 1) < 0 ||
        clm_client__change_make(&ch, actor, field, *slot, value, "") < 0) {
        clm_core__free(nv);
        return CLM_ENOMEM;
    }
    clm_core__free(*slot);
    *slot = nv;
    clm_client__hist_push(c, &ch);
    return 0;
}

int clm_client_set_text(clm_client *c, const clm_actor *actor, clm_client_text f,
                        const char *value)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if ((rc = clm_client__text_check(f, value)) < 0)
        return rc;
    if (f == CLM_CLIENT_NAME && clm_client__empty(value))
        return clm_core__fail_at(CLM_EINVAL, "name", "", 0, "name: may not be cleared");
    return set_string(c, actor, &c->text[f], clm_client_text_name(f), value);
}

int clm_client_reassign(clm_client *c, const clm_actor *actor, const char *manager)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if (!clm_client__empty(manager) && (rc = clm_core__check_text(manager, CLM_CORE__TEXT_ID, "manager")) < 0)
        return rc;
    return set_string(c, actor, &c->manager, "manager", manager);
}

int clm_client_set_legal_type(clm_client *c, const clm_actor *actor,
                              clm_legal_type type)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if (clm_legal_type_name(type) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "legal_type", "", 0,
                            "legal_type: unknown value %d", (int)type);
    if (type == c->legal)
        return 0;
    rc = clm_client__record(c, actor, "legal_type", clm_legal_type_name(c->legal),
                            clm_legal_type_name(type), "");
    if (rc == 0)
        c->legal = type;
    return rc;
}

int clm_client_set_source(clm_client *c, const clm_actor *actor,
                          clm_source_channel ch)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if (clm_source_channel_name(ch) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "source", "", 0, "source: unknown value %d",
                            (int)ch);
    if (ch == c->source)
        return 0;
    rc = clm_client__record(c, actor, "source", clm_source_channel_name(c->source),
                            clm_source_channel_name(ch), "");
    if (rc == 0)
        c->source = ch;
    return rc;
}

static void fmt_date(char buf[CLM_DATE_FORMAT_MAX], clm_date d)
{
    buf[0] = '\0';
    if (d != CLM_CLIENT_NO_DATE && clm_date_format(buf, CLM_DATE_FORMAT_MAX, d) < 0)
        buf[0] = '\0';
}

int clm_client_set_date(clm_client *c, const clm_actor *actor,
                        clm_client_date_field f, clm_date d)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    const char *field = clm_client_date_name(f);
    if (field == NULL)
        return clm_core__fail(CLM_EINVAL, "client_set_date: unknown date field %d", (int)f);
    if (d != CLM_CLIENT_NO_DATE && (d < CLM_DATE_MIN || d > CLM_DATE_MAX))
        return clm_core__fail_at(CLM_ERANGE, field, "", 0, "%s: date %ld out of range",
                            field, (long)d);
    /* A deal or a purchase is a fact: one dated after the day of the act
     * recording it has not happened (docs/rules.md "Clients"). */
    if ((f == CLM_CLIENT_FIRST_DEAL || f == CLM_CLIENT_LAST_PURCHASE) && d != CLM_CLIENT_NO_DATE) {
        clm_date today = clm_time_day(actor->at);
        if (today != CLM_CONTACT_NO_DATE && d > today) {
            char a[CLM_DATE_FORMAT_MAX] = "?", b[CLM_DATE_FORMAT_MAX] = "?";
            clm_date_format(a, sizeof a, d);
            clm_date_format(b, sizeof b, today);
            return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                     "%s: %s lies after the day of the act recording it (%s): "
                                     "a deal in the future has not happened",
                                     field, a, b);
        }
    }
    if (d == c->dates[f])
        return 0;
    char o[CLM_DATE_FORMAT_MAX], n[CLM_DATE_FORMAT_MAX];
    fmt_date(o, c->dates[f]);
    fmt_date(n, d);
    rc = clm_client__record(c, actor, field, o, n, "");
    if (rc == 0)
        c->dates[f] = d;
    return rc;
}

int clm_client_set_flag(clm_client *c, const clm_actor *actor, clm_client_flag f,
                        bool value)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    const char *field = clm_client_flag_name(f);
    if (field == NULL)
        return clm_core__fail(CLM_EINVAL, "client_set_flag: unknown flag %d", (int)f);
    if (c->flags[f] == value)
        return 0;
    rc = clm_client__record(c, actor, field, c->flags[f] ? "true" : "false",
                            value ? "true" : "false", "");
    if (rc == 0)
        c->flags[f] = value;
    return rc;
}

/* ---- identifiers -------------------------------------------------------- */

/* Identifiers are sorted by (country, kind). */
static int cmp_ident(const void *key, const void *elem)
{
    const clm_client__ident *k = key, *e = elem;
    int r = strcmp(k->country, e->country);
    return r != 0 ? r : strcmp(k->kind, e->kind);
}

static size_t ident_find(const clm_client *c, const char *country, const char *kind,
                         int *found)
{
    clm_client__ident key = { (char *)country, (char *)kind, NULL };
    size_t i = clm_core__lower_bound(&key, c->ids, c->nids, sizeof c->ids[0], cmp_ident);
    *found = i < c->nids && cmp_ident(&key, &c->ids[i]) == 0;
    return i;
}

int clm_client_set_taxid(clm_client *c, const clm_actor *actor,
                      const clm_idcheck_registry *reg, const char *country,
                      const char *kind, const char *value)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if ((rc = clm_client__country_check(country, "country")) < 0 ||
        (rc = clm_client__idkind_check(kind, "kind")) < 0)
        return rc;
    char field[32];
    snprintf(field, sizeof(field), "id.%s.%s", country, kind);
    if (clm_client__empty(value)) {
        value = NULL;
    } else {
        if ((rc = clm_core__check_text(value, CLM_CORE__TEXT_ID, field)) < 0)
            return rc;
        if ((rc = clm_idcheck(reg, country, kind, c->legal, value, NULL)) < 0)
            return rc;
    }
    int found;
    size_t at = ident_find(c, country, kind, &found);
    const char *old = found ? c->ids[at].value : NULL;
    if (clm_core__streq(old, value))
        return 0;
    clm_client__ident ne = { NULL, NULL, NULL };
    clm_client__change ch = { NULL, { 0 } };
    if (value != NULL) {
        if ((ne.value = clm_core__strdup(value)) == NULL)
            goto oom;
        if (!found) {
            if ((ne.country = clm_core__strdup(country)) == NULL ||
                (ne.kind = clm_core__strdup(kind)) == NULL ||
                clm_core__grow((void **)&c->ids, &c->capids, c->nids + 1,
                          sizeof(clm_client__ident), "client") < 0)
                goto oom;
        }
    }
    if (clm_client__hist_reserve(c, 1) < 0 ||
        clm_client__change_make(&ch, actor, field, old, value, "") < 0)
        goto oom;
    /* commit */
    if (value == NULL) {                 /* remove */
        ident_clear(&c->ids[at]);
        memmove(&c->ids[at], &c->ids[at + 1], (c->nids - at - 1) * sizeof(clm_client__ident));
        c->nids--;
    } else if (found) {                  /* replace */
        clm_core__free(c->ids[at].value);
        c->ids[at].value = ne.value;
    } else {                             /* insert */
        memmove(&c->ids[at + 1], &c->ids[at], (c->nids - at) * sizeof(clm_client__ident));
        c->ids[at] = ne;
        c->nids++;
    }
    clm_client__hist_push(c, &ch);
    return 0;
oom:
    ident_clear(&ne);
    return clm_core__oom("identifier");
}

const char *clm_client_taxid(const clm_client *c, const char *country,
                              const char *kind)
{
    if (c == NULL || country == NULL || kind == NULL)
        return NULL;
    int found;
    size_t at = ident_find(c, country, kind, &found);
    return found ? c->ids[at].value : NULL;
}

size_t clm_client_taxid_count(const clm_client *c)
{
    return c != NULL ? c->nids : 0;
}

int clm_client_taxid_at(const char **country, const char **kind, const char **value,
                        const clm_client *c, size_t i)
{
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_id_at: NULL client");
    if (i >= c->nids)
        return clm_core__fail(CLM_ERANGE, "client_id_at: index %zu, client has %zu", i,
                         c->nids);
    if (country != NULL)
        *country = c->ids[i].country;
    if (kind != NULL)
        *kind = c->ids[i].kind;
    if (value != NULL)
        *value = c->ids[i].value;
    return 0;
}
