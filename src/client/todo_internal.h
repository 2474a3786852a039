/*
 * todo_internal.h — the layout of a stored task (task.h) and its text
 * encoding, shared by todo.c, todo_codec.c and todo_store.c. Not installed.
 */
#ifndef CLM_CLIENT_TODO_INTERNAL_H
#define CLM_CLIENT_TODO_INTERNAL_H

#include "client_internal.h"
#include "clm/task.h"

typedef struct clm_client__todo_act {
    clm_todo_act_kind kind;
    char *user;
    char *role;
    clm_time at;
    clm_date before;
    clm_date after;
    char *note;   /* never NULL ("" for none) */
} clm_client__todo_act;

struct clm_todo {
    char *id;
    char *client;
    char *manager;
    char *action;
    clm_date due;
    clm_todo_state state;
    clm_client__todo_act *acts;
    size_t nacts;
    size_t cap;
};

/* An empty task with its four strings copied (no act yet); NULL on OOM
 * (recorded). Checks nothing. */
clm_todo *clm_client__todo_alloc(const char *id, const char *client, const char *manager,
                                 const char *action, clm_date due);
/* Checks the task's fields as clm_todo_new() does (id, client, manager,
 * action, due). */
int clm_client__todo_check_fields(const char *id, const char *client, const char *manager,
                                  const char *action, clm_date due);
/* Appends an act with copies of its strings; the task is unchanged on
 * failure (CLM_ENOMEM recorded). */
int clm_client__todo_push(clm_todo *t, clm_todo_act_kind kind, const char *user,
                          const char *role, clm_time at, clm_date before, clm_date after,
                          const char *note);

/* The body of a task record ("clm-task 1" and key=value lines). */
int clm_client__todo_encode(char **out, size_t *len, const clm_todo *t);
/* Decodes a body; `source` names it in errors (the record id). */
int clm_client__todo_decode(clm_todo **out, const char *text, size_t len, const char *source);

#endif
