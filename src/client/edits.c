/*
 * edits.c — several changes to a client applied as one act (client.h,
 * clm_client_apply): all of them or none, each with its reason in the
 * history.
 *
 * How "none" is kept: the changes are made by the ordinary setters on a
 * private copy of the client; only when every one succeeded does the copy's
 * content take the place of the caller's (the struct is swapped, so the
 * caller's pointer stays valid), and the old content is freed. A failure at
 * any point, out of memory included, frees the copy and leaves the caller's
 * client as it was. The cost is one copy of the client per call that has
 * something to change.
 */
#include <stdio.h>
#include <string.h>

#include "client_internal.h"

typedef enum edit_kind {
    EDIT_TEXT = 1,
    EDIT_DATE,
    EDIT_FLAG,
    EDIT_STATE,
    EDIT_MANAGER,
    EDIT_CATEGORY_ADD,
    EDIT_CATEGORY_REMOVE
} edit_kind;

typedef struct edit {
    edit_kind kind;
    int field;       /* clm_client_text / _date_field / _flag; the state */
    clm_date date;
    bool flag;
    char *value;     /* text, lost_to, manager, category; NULL for none */
    char *reason;    /* NULL for none */
} edit;

struct clm_client_edits {
    edit *v;
    size_t n, cap;
};

int clm_client_edits_new(clm_client_edits **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "client edits: out is NULL");
    clm_client_edits *e = clm_core__calloc(1, sizeof *e);
    if (e == NULL)
        return clm_core__oom("client edits");
    *out = e;
    return CLM_OK;
}

void clm_client_edits_free(clm_client_edits *e)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < e->n; i++) {
        clm_core__free(e->v[i].value);
        clm_core__free(e->v[i].reason);
    }
    clm_core__free(e->v);
    clm_core__free(e);
}

size_t clm_client_edits_count(const clm_client_edits *e)
{
    return e != NULL ? e->n : 0;
}

/* Appends `x` with copies of value and reason; the list is unchanged on
 * failure. */
static int push(clm_client_edits *e, edit x, const char *value, const char *reason)
{
    if (e == NULL)
        return clm_core__fail(CLM_EINVAL, "client edits: the list is NULL");
    if (reason != NULL && reason[0] == '\0')
        reason = NULL;
    int rc = reason != NULL ? clm_core__check_text(reason, CLM_CORE__TEXT_LINE, "reason") : 0;
    if (rc < 0)
        return rc;
    if ((rc = clm_core__grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v, "client edits")) < 0)
        return rc;
    x.value = NULL;
    x.reason = NULL;
    if ((value != NULL && (x.value = clm_core__strdup(value)) == NULL) ||
        (reason != NULL && (x.reason = clm_core__strdup(reason)) == NULL)) {
        clm_core__free(x.value);
        return clm_core__oom("client edits");
    }
    e->v[e->n++] = x;
    return CLM_OK;
}

int clm_client_edits_set_text(clm_client_edits *e, clm_client_text f, const char *value,
                              const char *reason)
{
    if ((unsigned)f >= CLM_CLIENT__TEXT_COUNT)
        return clm_core__fail_at(CLM_EINVAL, "field", "", 0,
                                 "client edits: %d is not a text field", (int)f);
    return push(e, (edit){ .kind = EDIT_TEXT, .field = (int)f }, value, reason);
}

int clm_client_edits_set_date(clm_client_edits *e, clm_client_date_field f, clm_date d,
                              const char *reason)
{
    if ((unsigned)f >= CLM_CLIENT__DATE_COUNT)
        return clm_core__fail_at(CLM_EINVAL, "field", "", 0,
                                 "client edits: %d is not a date field", (int)f);
    return push(e, (edit){ .kind = EDIT_DATE, .field = (int)f, .date = d }, NULL, reason);
}

int clm_client_edits_set_flag(clm_client_edits *e, clm_client_flag f, bool value,
                              const char *reason)
{
    if ((unsigned)f >= CLM_CLIENT__FLAG_COUNT)
        return clm_core__fail_at(CLM_EINVAL, "field", "", 0,
                                 "client edits: %d is not a flag", (int)f);
    return push(e, (edit){ .kind = EDIT_FLAG, .field = (int)f, .flag = value }, NULL, reason);
}

int clm_client_edits_set_state(clm_client_edits *e, clm_client_state to, const char *lost_to,
                               const char *reason)
{
    if (clm_client_state_name(to) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "state", "", 0,
                                 "client edits: %d is not a lifecycle state", (int)to);
    return push(e, (edit){ .kind = EDIT_STATE, .field = (int)to }, lost_to, reason);
}

int clm_client_edits_reassign(clm_client_edits *e, const char *manager, const char *reason)
{
    return push(e, (edit){ .kind = EDIT_MANAGER }, manager, reason);
}

static int category_edit(clm_client_edits *e, edit_kind kind, const char *category,
                         const char *reason)
{
    if (category == NULL || category[0] == '\0' || reason == NULL || reason[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, category == NULL || category[0] == '\0'
                                 ? "category" : "reason", "", 0,
                                 "client edits: a category change needs the category and a"
                                 " reason");
    return push(e, (edit){ .kind = kind }, category, reason);
}

int clm_client_edits_category_add(clm_client_edits *e, const char *category, const char *reason)
{
    return category_edit(e, EDIT_CATEGORY_ADD, category, reason);
}

int clm_client_edits_category_remove(clm_client_edits *e, const char *category,
                                     const char *reason)
{
    return category_edit(e, EDIT_CATEGORY_REMOVE, category, reason);
}

/* Gives the history entries from `first` on the edit's reason: the setters
 * record none (the category setters record the one they are given). */
static int give_reason(clm_client *c, size_t first, const char *reason)
{
    for (size_t i = first; i < c->nhist; i++) {
        const clm_client_change *v = &c->hist[i].view;
        if (strcmp(v->reason, reason) == 0)
            continue;
        clm_actor who = { v->user, v->role, v->at };
        clm_client__change ch;
        if (clm_client__change_make(&ch, &who, v->field, v->old_value, v->new_value, reason) < 0)
            return CLM_ENOMEM;
        clm_client__change_free(&c->hist[i]);
        c->hist[i] = ch;
    }
    return CLM_OK;
}

static int apply_one(clm_client *c, const clm_actor *actor, const edit *x,
                     const clm_category_authority *auth)
{
    switch (x->kind) {
    case EDIT_TEXT:
        return clm_client_set_text(c, actor, (clm_client_text)x->field, x->value);
    case EDIT_DATE:
        return clm_client_set_date(c, actor, (clm_client_date_field)x->field, x->date);
    case EDIT_FLAG:
        return clm_client_set_flag(c, actor, (clm_client_flag)x->field, x->flag);
    case EDIT_STATE:
        return clm_client_set_state(c, actor, (clm_client_state)x->field, x->value);
    case EDIT_MANAGER:
        return clm_client_reassign(c, actor, x->value);
    case EDIT_CATEGORY_ADD:
        return clm_client_category_add(c, actor, x->value, x->reason, auth);
    case EDIT_CATEGORY_REMOVE:
        return clm_client_category_remove(c, actor, x->value, x->reason, auth);
    }
    return clm_core__fail(CLM_EINVAL, "client edits: unknown change %d", (int)x->kind);
}

/* Puts "edit N: " before the last error's message, keeping its code and
 * field (out of memory keeps its own message). */
static int name_edit(int rc, size_t i)
{
    if (rc == CLM_ENOMEM)
        return rc;
    const clm_error *err = clm_error_last();
    char field[128], msg[512];
    snprintf(field, sizeof field, "%s", err->field);
    snprintf(msg, sizeof msg, "%s", err->message);
    return clm_core__fail_at(rc, field, "", 0, "edit %zu: %s", i + 1, msg);
}

int clm_client_apply(clm_client *c, const clm_actor *actor, const clm_client_edits *e,
                     const clm_category_authority *auth)
{
    if (e == NULL)
        return clm_core__fail(CLM_EINVAL, "client apply: the list of changes is NULL");
    int rc = clm_client__check_actor(c, actor);
    if (rc < 0 || e->n == 0)
        return rc;
    clm_client *copy = NULL;
    if ((rc = clm_client_dup(&copy, c)) < 0)
        return rc;
    for (size_t i = 0; i < e->n && rc == CLM_OK; i++) {
        size_t first = copy->nhist;
        rc = apply_one(copy, actor, &e->v[i], auth);
        if (rc == CLM_OK && e->v[i].reason != NULL)
            rc = give_reason(copy, first, e->v[i].reason);
        if (rc < 0)
            rc = name_edit(rc, i);
    }
    if (rc < 0) {
        clm_client_free(copy);
        return rc;
    }
    /* Every change held: the copy's content becomes the client's. */
    clm_client old = *c;
    *c = *copy;
    *copy = old;
    clm_client_free(copy);
    return CLM_OK;
}
