/*
 * category.c — assigning a client's categories by hand or by rule, and the
 * authority table that says which role may assign which category ("the
 * head of sales assigns a new client's category according to the client
 * policy").
 */
#include <string.h>

#include "client_internal.h"

typedef struct auth_pair {
    char *category;
    char *role;
} auth_pair;

struct clm_category_authority {
    int default_allow;
    auth_pair *pairs;
    size_t n, cap;
    clm_category_authority_fn fn;
    void *payload;
};

int clm_category_authority_new(clm_category_authority **out, int default_allow)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "category_authority_new: NULL out");
    clm_category_authority *a = clm_core__calloc(1, sizeof(*a));
    if (a == NULL)
        return clm_core__oom("category authority");
    a->default_allow = default_allow != 0;
    *out = a;
    return 0;
}

void clm_category_authority_free(clm_category_authority *a)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < a->n; i++) {
        clm_core__free(a->pairs[i].category);
        clm_core__free(a->pairs[i].role);
    }
    clm_core__free(a->pairs);
    clm_core__free(a);
}

static int category_check(const char *category)
{
    return clm_core__check_text(category, CLM_CORE__TEXT_ID, "category");
}

int clm_category_authority_allow(clm_category_authority *a, const char *category,
                                 const char *role)
{
    if (a == NULL)
        return clm_core__fail(CLM_EINVAL, "category_authority_allow: NULL table");
    int rc = category_check(category);
    if (rc < 0 || (rc = clm_core__check_text(role, CLM_CORE__TEXT_ID, "role")) < 0)
        return rc;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->pairs[i].category, category) == 0 &&
            strcmp(a->pairs[i].role, role) == 0)
            return 0;
    auth_pair p = { clm_core__strdup(category), clm_core__strdup(role) };
    if (p.category == NULL || p.role == NULL ||
        clm_core__grow((void **)&a->pairs, &a->cap, a->n + 1, sizeof(auth_pair), "client category") < 0) {
        clm_core__free(p.category);
        clm_core__free(p.role);
        return clm_core__oom("category authority");
    }
    a->pairs[a->n++] = p;
    return 0;
}

int clm_category_authority_set_callback(clm_category_authority *a,
                                        clm_category_authority_fn fn, void *payload)
{
    if (a == NULL)
        return clm_core__fail(CLM_EINVAL, "category_authority_set_callback: NULL table");
    a->fn = fn;
    a->payload = fn != NULL ? payload : NULL;
    return 0;
}

int clm_category_authority_check(int *out, const clm_category_authority *a,
                                 const char *category, const clm_actor *actor,
                                 int adding)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "category_authority_check: NULL out");
    int rc = clm_actor_check(actor);
    if (rc < 0 || (rc = category_check(category)) < 0)
        return rc;
    if (a == NULL) {
        *out = 1;
        return 0;
    }
    int listed = 0, allow = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->pairs[i].category, category) != 0)
            continue;
        listed = 1;
        if (strcmp(a->pairs[i].role, actor->role) == 0)
            allow = 1;
    }
    if (!listed)
        allow = a->default_allow;
    if (allow && a->fn != NULL) {
        rc = a->fn(category, actor, adding != 0, a->payload);
        if (rc < 0)
            return rc;
        allow = rc > 0;
    }
    *out = allow;
    return 0;
}

/* Index of category in the sorted set, or where it would go. */
static int cmp_cat(const void *key, const void *elem)
{
    return strcmp(key, *(char *const *)elem);
}

static size_t cat_find(const clm_client *c, const char *category, int *found)
{
    size_t i = clm_core__lower_bound(category, c->cats, c->ncats, sizeof c->cats[0], cmp_cat);
    *found = i < c->ncats && strcmp(c->cats[i], category) == 0;
    return i;
}

static int category_change(clm_client *c, const clm_actor *actor,
                           const char *category, const char *reason,
                           const clm_category_authority *auth, int adding)
{
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0 || (rc = category_check(category)) < 0)
        return rc;
    if (clm_client__empty(reason))
        return clm_core__fail_at(CLM_EINVAL, "reason", "", 0,
                            "category: a reason (the rule or the manual act) is required");
    if ((rc = clm_core__check_text(reason, CLM_CORE__TEXT_LINE, "reason")) < 0)
        return rc;
    int found;
    size_t at = cat_find(c, category, &found);
    if (adding && found)
        return clm_core__fail_at(CLM_EEXISTS, "category", "", 0,
                            "category: client %s is already in \"%s\"", c->id, category);
    if (!adding && !found)
        return clm_core__fail_at(CLM_ENOTFOUND, "category", "", 0,
                            "category: client %s is not in \"%s\"", c->id, category);
    int allow = 0;
    if ((rc = clm_category_authority_check(&allow, auth, category, actor, adding)) < 0)
        return rc;
    if (!allow)
        return clm_core__fail_at(CLM_EPERM, "category", "", 0,
                            "category: role \"%s\" (user %s) may not %s category \"%s\"",
                            actor->role, actor->user, adding ? "assign" : "remove",
                            category);
    char *copy = NULL;
    clm_client__change ch = { NULL, { 0 } };
    if ((adding && ((copy = clm_core__strdup(category)) == NULL ||
                    clm_core__grow((void **)&c->cats, &c->capcats, c->ncats + 1,
                              sizeof(char *), "client category") < 0)) ||
        clm_client__hist_reserve(c, 1) < 0 ||
        clm_client__change_make(&ch, actor, "category", adding ? "" : category,
                         adding ? category : "", reason) < 0) {
        clm_core__free(copy);
        return clm_core__oom("category");
    }
    if (adding) {
        memmove(&c->cats[at + 1], &c->cats[at], (c->ncats - at) * sizeof(char *));
        c->cats[at] = copy;
        c->ncats++;
    } else {
        clm_core__free(c->cats[at]);
        memmove(&c->cats[at], &c->cats[at + 1], (c->ncats - at - 1) * sizeof(char *));
        c->ncats--;
    }
    clm_client__hist_push(c, &ch);
    return 0;
}

int clm_client_category_add(clm_client *c, const clm_actor *actor,
                            const char *category, const char *reason,
                            const clm_category_authority *auth)
{
    return category_change(c, actor, category, reason, auth, 1);
}

int clm_client_category_remove(clm_client *c, const clm_actor *actor,
                               const char *category, const char *reason,
                               const clm_category_authority *auth)
{
    return category_change(c, actor, category, reason, auth, 0);
}

int clm_client_has_category(const clm_client *c, const char *category)
{
    if (c == NULL || category == NULL)
        return 0;
    int found;
    cat_find(c, category, &found);
    return found;
}

size_t clm_client_category_count(const clm_client *c)
{
    return c != NULL ? c->ncats : 0;
}

const char *clm_client_category_at(const clm_client *c, size_t i)
{
    if (c == NULL || i >= c->ncats)
        return NULL;
    return c->cats[i];
}
