/*
 * todo.c — stored tasks (task.h): the object, its three acts and its
 * history. Pure rules: the store adapter is todo_store.c.
 */
#include <string.h>

#include "todo_internal.h"

static const char *const state_names[] = {NULL, "open", "done", "cancelled"};
static const char *const act_names[] = {NULL, "created", "done", "cancelled", "rescheduled"};

const char *clm_todo_state_name(clm_todo_state s)
{
    return s >= CLM_TODO_OPEN && s <= CLM_TODO_CANCELLED ? state_names[s] : NULL;
}

const char *clm_todo_act_name(clm_todo_act_kind a)
{
    return a >= CLM_TODO_CREATED && a <= CLM_TODO_RESCHEDULED ? act_names[a] : NULL;
}

int clm_todo_state_from_name(clm_todo_state *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_state_from_name: NULL argument");
    for (int s = CLM_TODO_OPEN; s <= CLM_TODO_CANCELLED; s++)
        if (strcmp(state_names[s], name) == 0) {
            *out = (clm_todo_state)s;
            return CLM_OK;
        }
    return clm_core__fail_at(CLM_ENOTFOUND, "state", "", 0,
                             "task: unknown state \"%s\" (open, done, cancelled)", name);
}

int clm_client__todo_check_fields(const char *id, const char *client, const char *manager,
                                  const char *action, clm_date due)
{
    int rc;
    if ((rc = clm_core__check_text(id, CLM_CORE__TEXT_ID, "id")) < 0 ||
        (rc = clm_core__check_text(client, CLM_CORE__TEXT_ID, "client_id")) < 0 ||
        (rc = clm_core__check_text(manager, CLM_CORE__TEXT_ID, "manager")) < 0 ||
        (rc = clm_core__check_text(action, CLM_CORE__TEXT_NAME, "action")) < 0)
        return rc;
    if (strlen(action) > CLM_RECORD_FIELD_MAX)
        return clm_core__fail_at(CLM_EINVAL, "action", "", 0,
                                 "task: the action is %zu bytes long; at most %d are allowed",
                                 strlen(action), CLM_RECORD_FIELD_MAX);
    if (clm_date_to_ymd(due, NULL, NULL, NULL) < 0)
        return clm_core__fail_at(CLM_ERANGE, "due", "", 0, "task: due day %ld is not a valid date",
                                 (long)due);
    return CLM_OK;
}

static void act_free(clm_client__todo_act *a)
{
    clm_core__free(a->user);
    clm_core__free(a->role);
    clm_core__free(a->note);
}

void clm_todo_free(clm_todo *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->nacts; i++)
        act_free(&t->acts[i]);
    clm_core__free(t->acts);
    clm_core__free(t->id);
    clm_core__free(t->client);
    clm_core__free(t->manager);
    clm_core__free(t->action);
    clm_core__free(t);
}

clm_todo *clm_client__todo_alloc(const char *id, const char *client, const char *manager,
                                 const char *action, clm_date due)
{
    clm_todo *t = clm_core__calloc(1, sizeof *t);
    if (t == NULL) {
        clm_core__oom("task");
        return NULL;
    }
    t->id = clm_core__strdup(id);
    t->client = clm_core__strdup(client);
    t->manager = clm_core__strdup(manager);
    t->action = clm_core__strdup(action);
    t->due = due;
    t->state = CLM_TODO_OPEN;
    if (t->id == NULL || t->client == NULL || t->manager == NULL || t->action == NULL) {
        clm_todo_free(t);
        clm_core__oom("task");
        return NULL;
    }
    return t;
}

int clm_client__todo_push(clm_todo *t, clm_todo_act_kind kind, const char *user, const char *role,
                          clm_time at, clm_date before, clm_date after, const char *note)
{
    if (clm_core__grow((void **)&t->acts, &t->cap, t->nacts + 1, sizeof *t->acts, "task history") < 0)
        return CLM_ENOMEM;
    clm_client__todo_act a = {kind, clm_core__strdup(user), clm_core__strdup(role), at, before, after,
                              clm_core__strdup(note != NULL ? note : "")};
    if (a.user == NULL || a.role == NULL || a.note == NULL) {
        act_free(&a);
        return clm_core__oom("task history");
    }
    t->acts[t->nacts++] = a;
    return CLM_OK;
}

int clm_todo_new(clm_todo **out, const char *id, const char *client_id, const char *manager,
                 const char *action, clm_date due, const clm_actor *who)
{
    if (out == NULL || id == NULL || client_id == NULL || manager == NULL || action == NULL || who == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_new: NULL argument");
    int rc = clm_client__todo_check_fields(id, client_id, manager, action, due);
    if (rc < 0 || (rc = clm_actor_check(who)) < 0)
        return rc;
    clm_todo *t = clm_client__todo_alloc(id, client_id, manager, action, due);
    if (t == NULL)
        return CLM_ENOMEM;
    rc = clm_client__todo_push(t, CLM_TODO_CREATED, who->user, who->role, who->at, due, due, NULL);
    if (rc < 0) {
        clm_todo_free(t);
        return rc;
    }
    *out = t;
    return CLM_OK;
}

/* The checks every act shares; `fn` names the call. */
static int act_check(const clm_todo *t, const clm_actor *who, const char *note, const char *fn)
{
    if (t == NULL || who == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL argument", fn);
    int rc = clm_actor_check(who);
    if (rc < 0 || (rc = clm_core__check_text(note, CLM_CORE__TEXT_NOTE, "note")) < 0)
        return rc;
    if (t->state != CLM_TODO_OPEN)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "%s: task '%s' is %s; only an open task can be changed (create a new one)",
                                 fn, t->id, clm_todo_state_name(t->state));
    return CLM_OK;
}

int clm_todo_done(clm_todo *t, const clm_actor *who, const char *note)
{
    int rc = act_check(t, who, note, "clm_todo_done");
    if (rc < 0 || (rc = clm_client__todo_push(t, CLM_TODO_ACT_DONE, who->user, who->role, who->at, t->due,
                                              t->due, note)) < 0)
        return rc;
    t->state = CLM_TODO_DONE;
    return CLM_OK;
}

int clm_todo_cancel(clm_todo *t, const clm_actor *who, const char *reason)
{
    int rc = act_check(t, who, reason, "clm_todo_cancel");
    if (rc < 0)
        return rc;
    if (reason == NULL || reason[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "reason", "", 0,
                                 "clm_todo_cancel: task '%s': a cancellation needs a reason", t->id);
    if ((rc = clm_client__todo_push(t, CLM_TODO_ACT_CANCELLED, who->user, who->role, who->at, t->due, t->due,
                                    reason)) < 0)
        return rc;
    t->state = CLM_TODO_CANCELLED;
    return CLM_OK;
}

int clm_todo_reschedule(clm_todo *t, const clm_actor *who, clm_date due, const char *reason)
{
    int rc = act_check(t, who, reason, "clm_todo_reschedule");
    if (rc < 0)
        return rc;
    if (clm_date_to_ymd(due, NULL, NULL, NULL) < 0)
        return clm_core__fail_at(CLM_ERANGE, "due", "", 0,
                                 "clm_todo_reschedule: task '%s': %ld is not a valid date", t->id, (long)due);
    if (due == t->due)
        return clm_core__fail_at(CLM_EINVAL, "due", "", 0,
                                 "clm_todo_reschedule: task '%s' is already due on that day", t->id);
    if ((rc = clm_client__todo_push(t, CLM_TODO_RESCHEDULED, who->user, who->role, who->at, t->due, due,
                                    reason)) < 0)
        return rc;
    t->due = due;
    return CLM_OK;
}

const char *clm_todo_id(const clm_todo *t)
{
    return t != NULL ? t->id : NULL;
}

const char *clm_todo_client(const clm_todo *t)
{
    return t != NULL ? t->client : NULL;
}

const char *clm_todo_manager(const clm_todo *t)
{
    return t != NULL ? t->manager : NULL;
}

const char *clm_todo_action(const clm_todo *t)
{
    return t != NULL ? t->action : NULL;
}

clm_date clm_todo_due_day(const clm_todo *t)
{
    return t != NULL ? t->due : CLM_RECORD_NO_DUE;
}

clm_todo_state clm_todo_state_of(const clm_todo *t)
{
    return t != NULL ? t->state : (clm_todo_state)0;
}

size_t clm_todo_history_count(const clm_todo *t)
{
    return t != NULL ? t->nacts : 0;
}

int clm_todo_history_at(clm_todo_act *out, const clm_todo *t, size_t i)
{
    if (out == NULL || t == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_history_at: NULL argument");
    if (i >= t->nacts)
        return clm_core__fail(CLM_ERANGE, "clm_todo_history_at: act %zu of %zu", i, t->nacts);
    const clm_client__todo_act *a = &t->acts[i];
    *out = (clm_todo_act){a->kind, a->user, a->role, a->at, a->before, a->after, a->note};
    return CLM_OK;
}
