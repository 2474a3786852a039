/*
 * todo_store.c — stored tasks in a store (task.h): one record of kind
 * CLM_RECORD_TASK per task, written only through the audited store call,
 * and the due lists read through the manager/state/due index.
 */
#include <stdio.h>
#include <string.h>

#include "todo_internal.h"
#include "clm/store.h"

int clm_todo_store_save(int64_t *out, clm_store *st, const clm_actor *who, const clm_todo *t, int64_t version,
                        const char *note)
{
    if (st == NULL || who == NULL || t == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_store_save: NULL argument");
    if (version < 0)
        return clm_core__fail_at(CLM_EINVAL, "version", "", 0,
                                 "clm_todo_store_save: version %lld (0 creates, v > 0 replaces version v)",
                                 (long long)version);
    char *body = NULL;
    size_t len = 0;
    int rc = clm_client__todo_encode(&body, &len, t);
    if (rc < 0)
        return rc;
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_TASK;
    r.id = t->id;
    r.version = version;
    r.client_id = t->client;
    r.manager = t->manager;
    r.state = clm_todo_state_name(t->state);
    r.name = t->action;
    r.due = t->due;
    r.body = body;
    r.body_len = len;
    int64_t v = 0;
    rc = clm_store_put_audited(&v, st, who, &r, note);
    clm_core__free(body);
    if (rc < 0)
        return rc;
    if (out != NULL)
        *out = v;
    return CLM_OK;
}

int clm_todo_store_load(clm_todo **out, int64_t *version, clm_store *st, const char *id)
{
    if (out == NULL || st == NULL || id == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_store_load: NULL argument");
    clm_record *r = NULL;
    int rc = clm_store_get(&r, st, CLM_RECORD_TASK, id);
    if (rc < 0)
        return rc;
    clm_todo *t = NULL;
    rc = clm_client__todo_decode(&t, r->body != NULL ? r->body : "", r->body_len, r->id);
    if (rc == CLM_OK && strcmp(t->id, r->id) != 0) {
        rc = clm_core__fail_at(CLM_EPARSE, "id", r->id, 0, "task '%s': the body names task '%s'", r->id, t->id);
        clm_todo_free(t);
    }
    int64_t v = r->version;
    clm_record_free(r);
    if (rc < 0)
        return rc;
    *out = t;
    if (version != NULL)
        *version = v;
    return CLM_OK;
}

int clm_todo_query_init(clm_todo_query *q)
{
    if (q == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_query_init: NULL query");
    *q = (clm_todo_query)CLM_TODO_QUERY_INIT;
    return CLM_OK;
}

typedef struct due_item {
    clm_todo *task;
    size_t actor;   /* index into actors */
    int overdue;
} due_item;

struct clm_todo_list {
    due_item *items;
    size_t n, cap;
    char **actors;  /* who acts, one per manager read */
    size_t nactors, acap;
};

void clm_todo_list_free(clm_todo_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        clm_todo_free(l->items[i].task);
    for (size_t i = 0; i < l->nactors; i++)
        clm_core__free(l->actors[i]);
    clm_core__free(l->items);
    clm_core__free(l->actors);
    clm_core__free(l);
}

size_t clm_todo_list_count(const clm_todo_list *l)
{
    return l != NULL ? l->n : 0;
}

int clm_todo_list_at(clm_todo_due_entry *out, const clm_todo_list *l, size_t i)
{
    if (out == NULL || l == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_list_at: NULL argument");
    if (i >= l->n)
        return clm_core__fail(CLM_ERANGE, "clm_todo_list_at: line %zu of %zu", i, l->n);
    *out = (clm_todo_due_entry){l->items[i].task, l->actors[l->items[i].actor], l->items[i].overdue};
    return CLM_OK;
}

static bool in_list(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

typedef struct due_ctx {
    clm_todo_list *l;
    size_t actor;
    clm_date on;
} due_ctx;

static int due_one(const clm_record *rec, void *payload)
{
    due_ctx *c = payload;
    if (clm_core__grow((void **)&c->l->items, &c->l->cap, c->l->n + 1, sizeof *c->l->items, "due list") < 0)
        return CLM_ENOMEM;
    clm_todo *t = NULL;
    int rc = clm_client__todo_decode(&t, rec->body != NULL ? rec->body : "", rec->body_len, rec->id);
    if (rc < 0)
        return rc;
    c->l->items[c->l->n++] = (due_item){t, c->actor, t->due < c->on};
    return 0;
}

static int cmp_item(const void *a, const void *b)
{
    const clm_todo *x = ((const due_item *)a)->task, *y = ((const due_item *)b)->task;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    int c = strcmp(x->client, y->client);
    return c != 0 ? c : strcmp(x->id, y->id);
}

int clm_todo_due(clm_todo_list **out, clm_store *st, const clm_todo_query *q)
{
    if (out == NULL || st == NULL || q == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_due: NULL argument");
    int rc = clm_core__check_version(q->version, CLM_TODO_QUERY_VERSION, "clm_todo_query");
    if (rc < 0)
        return rc;
    if (q->users == NULL || q->nusers == 0)
        return clm_core__fail_at(CLM_EINVAL, "users", "", 0, "clm_todo_due: no users (one manager or a team)");
    for (size_t i = 0; i < q->nusers; i++)
        if ((rc = clm_core__check_text(q->users[i], CLM_CORE__TEXT_ID, "users")) < 0)
            return rc;
    if (q->client_id != NULL && (rc = clm_core__check_text(q->client_id, CLM_CORE__TEXT_ID, "client_id")) < 0)
        return rc;
    if (clm_date_to_ymd(q->on, NULL, NULL, NULL) < 0)
        return clm_core__fail_at(CLM_ERANGE, "on", "", 0, "clm_todo_due: the list's day %ld is not a valid date",
                                 (long)q->on);

    /* The managers whose tasks the users act on: the users themselves, and
     * every manager absent on q->on whose deputy is one of them. */
    size_t nd = clm_delegations_count(q->delegations);
    const char **managers = clm_core__calloc(q->nusers + nd, sizeof *managers);
    if (managers == NULL)
        return clm_core__oom("due list");
    size_t nm = 0;
    for (size_t i = 0; i < q->nusers; i++)
        if (!in_list(managers, nm, q->users[i]))
            managers[nm++] = q->users[i];
    for (size_t i = 0; i < nd; i++) {
        const char *m = NULL, *dep = NULL;
        clm_date first = 0, last = 0;
        if (clm_delegations_at(&m, &dep, &first, &last, q->delegations, i) == 0 && first <= q->on &&
            q->on <= last && in_list(q->users, q->nusers, dep) && !in_list(managers, nm, m))
            managers[nm++] = m;
    }

    clm_todo_list *l = clm_core__calloc(1, sizeof *l);
    rc = l == NULL ? clm_core__oom("due list") : CLM_OK;
    if (rc == CLM_OK && (l->actors = clm_core__calloc(nm, sizeof *l->actors)) == NULL)
        rc = clm_core__oom("due list");
    for (size_t i = 0; rc == CLM_OK && i < nm; i++) {
        const char *acting = managers[i];
        if ((rc = clm_delegations_acting(&acting, q->delegations, managers[i], q->on)) < 0)
            break;
        if ((l->actors[i] = clm_core__strdup(acting)) == NULL) {
            rc = clm_core__oom("due list");
            break;
        }
        l->nactors = i + 1;
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = CLM_RECORD_TASK;
        f.manager = managers[i];
        f.state = "open";
        f.client_id = q->client_id;
        f.due_to = q->on;
        due_ctx c = {l, i, q->on};
        rc = clm_store_scan(st, &f, due_one, &c);
    }
    clm_core__free(managers);
    if (rc < 0) {
        clm_todo_list_free(l);
        return rc;
    }
    clm_core__qsort(l->items, l->n, sizeof *l->items, cmp_item);
    *out = l;
    return CLM_OK;
}
