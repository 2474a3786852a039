/*
 * person.c — a client's contact persons and its decision maker.
 */
#include <stdio.h>
#include <string.h>

#include "client_internal.h"

int clm_client_person_init(clm_client_person *p)
{
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "client_person_init: NULL");
    clm_client_person init = CLM_CLIENT_PERSON_INIT;
    *p = init;
    return 0;
}

int clm_client__person_check(const char *name, const char *position, const char *phone,
                      const char *email)
{
    int rc;
    if (clm_client__empty(name))
        return clm_core__fail_at(CLM_EINVAL, "person.name", "", 0,
                            "person.name: must not be empty");
    if ((rc = clm_core__check_text(name, CLM_CORE__TEXT_LINE, "person.name")) < 0 ||
        (rc = clm_core__check_text(position, CLM_CORE__TEXT_LINE, "person.position")) < 0)
        return rc;
    if (!clm_client__empty(phone) && clm_phone_check(phone) < 0)
        return clm_core__fail_at(CLM_EINVAL, "person.phone", "", 0, "person.%s",
                            clm_error_last()->message);
    if (!clm_client__empty(email) && clm_email_check(email) < 0)
        return clm_core__fail_at(CLM_EINVAL, "person.email", "", 0, "person.%s",
                            clm_error_last()->message);
    return 0;
}

/* "name; position; phone; email", the person's history value. */
static char *person_text(const char *name, const char *position, const char *phone,
                         const char *email)
{
    clm_core__buf b;
    char *s = NULL;
    clm_core__buf_init(&b);
    clm_core__buf_printf(&b, "%s; %s; %s; %s", clm_client__s(name), clm_client__s(position),
                    clm_client__s(phone), clm_client__s(email));
    if (clm_core__buf_finish(&b, &s, NULL) < 0)
        return NULL;
    return s;
}

static int dup_opt(char **dst, const char *s)
{
    *dst = NULL;
    if (clm_client__empty(s))
        return 0;
    *dst = clm_core__strdup(s);
    return *dst != NULL ? 0 : -1;
}

int clm_client_person_add(clm_client *c, const clm_actor *actor,
                          const clm_client_person *p)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if (p == NULL)
        return clm_core__fail(CLM_EINVAL, "client_person_add: NULL person");
    if (clm_core__check_version(p->version, CLM_CLIENT_PERSON_VERSION, "client person") < 0)
        return CLM_EVERSION;
    if ((rc = clm_client__person_check(p->name, p->position, p->phone, p->email)) < 0)
        return rc;
    clm_client__person np = { NULL, NULL, NULL, NULL };
    clm_client__change ch = { NULL, { 0 } };
    char *text = NULL;
    if (dup_opt(&np.name, p->name) < 0 || dup_opt(&np.position, p->position) < 0 ||
        dup_opt(&np.phone, p->phone) < 0 || dup_opt(&np.email, p->email) < 0 ||
        (text = person_text(p->name, p->position, p->phone, p->email)) == NULL ||
        clm_core__grow((void **)&c->persons, &c->cappersons, c->npersons + 1,
                  sizeof(clm_client__person), "person") < 0 ||
        clm_client__hist_reserve(c, 1) < 0 ||
        clm_client__change_make(&ch, actor, "person", "", text, "") < 0) {
        clm_core__free(np.name);
        clm_core__free(np.position);
        clm_core__free(np.phone);
        clm_core__free(np.email);
        clm_core__free(text);
        return clm_core__oom("person");
    }
    clm_core__free(text);
    c->persons[c->npersons++] = np;
    clm_client__hist_push(c, &ch);
    return 0;
}

int clm_client_person_remove(clm_client *c, const clm_actor *actor, size_t i)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if (i >= c->npersons)
        return clm_core__fail(CLM_ERANGE, "client_person_remove: index %zu, client has %zu",
                         i, c->npersons);
    clm_client__person *p = &c->persons[i];
    int was_dm = c->dm == i;
    clm_client__change ch = { NULL, { 0 } }, ch2 = { NULL, { 0 } };
    char *text = person_text(p->name, p->position, p->phone, p->email);
    if (text == NULL || clm_client__hist_reserve(c, 2) < 0 ||
        clm_client__change_make(&ch, actor, "person", text, "", "") < 0 ||
        (was_dm && clm_client__change_make(&ch2, actor, "decision_maker", p->name, "", "") < 0)) {
        clm_core__free(text);
        clm_client__change_free(&ch);
        return clm_core__oom("person");
    }
    clm_core__free(text);
    clm_core__free(p->name);
    clm_core__free(p->position);
    clm_core__free(p->phone);
    clm_core__free(p->email);
    memmove(&c->persons[i], &c->persons[i + 1],
            (c->npersons - i - 1) * sizeof(clm_client__person));
    c->npersons--;
    if (was_dm)
        c->dm = CLM_CLIENT_NO_PERSON;
    else if (c->dm != CLM_CLIENT_NO_PERSON && c->dm > i)
        c->dm--;
    clm_client__hist_push(c, &ch);
    if (was_dm)
        clm_client__hist_push(c, &ch2);
    return 0;
}

size_t clm_client_person_count(const clm_client *c)
{
    return c != NULL ? c->npersons : 0;
}

int clm_client_person_at(clm_client_person *out, const clm_client *c, size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_person_at: NULL argument");
    if (i >= c->npersons)
        return clm_core__fail(CLM_ERANGE, "client_person_at: index %zu, client has %zu", i,
                         c->npersons);
    const clm_client__person *p = &c->persons[i];
    out->version = CLM_CLIENT_PERSON_VERSION;
    out->name = clm_client__s(p->name);
    out->position = clm_client__s(p->position);
    out->phone = clm_client__s(p->phone);
    out->email = clm_client__s(p->email);
    return 0;
}

int clm_client_set_decision_maker(clm_client *c, const clm_actor *actor, size_t i)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0)
        return rc;
    if (i != CLM_CLIENT_NO_PERSON && i >= c->npersons)
        return clm_core__fail(CLM_ERANGE,
                         "client_set_decision_maker: index %zu, client has %zu persons",
                         i, c->npersons);
    if (i == c->dm)
        return 0;
    const char *old = c->dm != CLM_CLIENT_NO_PERSON ? c->persons[c->dm].name : "";
    const char *nw = i != CLM_CLIENT_NO_PERSON ? c->persons[i].name : "";
    rc = clm_client__record(c, actor, "decision_maker", old, nw, "");
    if (rc == 0)
        c->dm = i;
    return rc;
}

size_t clm_client_decision_maker(const clm_client *c)
{
    return c != NULL ? c->dm : CLM_CLIENT_NO_PERSON;
}
