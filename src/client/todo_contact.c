/*
 * todo_contact.c — closing a stored task by logging the contact that does
 * it (task.h): the contact entry and the task's done act, which names the
 * contact, written in one transaction of the store.
 */
#include <stdio.h>
#include <string.h>

#include "todo_internal.h"
#include "clm/client_store.h"
#include "clm/store.h"
#include "store/store_op.h"

/* The done act's note: "contact ENTRY_ID" or "contact ENTRY_ID: NOTE". */
static char *act_note(const char *entry_id, const char *note)
{
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_printf(&b, "contact %s", entry_id);
    if (note != NULL && note[0] != '\0')
        clm_core__buf_printf(&b, ": %s", note);
    char *s = NULL;
    size_t n = 0;
    if (clm_core__buf_finish(&b, &s, &n) < 0) {
        clm_core__oom("task act note");
        return NULL;
    }
    return s;
}

/* The writes, inside the transaction the caller opened. */
static int close_in_tx(int64_t *out, clm_store *st, const clm_actor *who, const char *task_id,
                       int64_t task_version, const char *entry_id, const clm_contact_entry *e,
                       const char *note)
{
    clm_todo *t = NULL;
    int64_t v = 0;
    int rc = clm_todo_store_load(&t, &v, st, task_id);
    if (rc < 0)
        return rc;
    char *an = NULL;
    if (task_version > 0 && v != task_version)
        rc = clm_core__fail_at(CLM_ECONFLICT, "task_version", task_id, 0,
                               "clm_todo_store_done_by_contact: task '%s' is at version %lld, "
                               "not %lld: it changed since it was read",
                               task_id, (long long)v, (long long)task_version);
    else if (strcmp(e->client_id, t->client) != 0)
        rc = clm_core__fail_at(CLM_EINVAL, "client_id", task_id, 0,
                               "clm_todo_store_done_by_contact: the contact is with client '%s', "
                               "task '%s' is for client '%s'",
                               e->client_id, task_id, t->client);
    else if ((an = act_note(entry_id, note)) == NULL)
        rc = CLM_ENOMEM;
    else if ((rc = clm_todo_done(t, who, an)) == 0 &&
             (rc = clm_contact_store_save(NULL, st, who, entry_id, 0, e, note)) == 0)
        rc = clm_todo_store_save(out, st, who, t, v, note);
    clm_core__free(an);
    clm_todo_free(t);
    return rc;
}

int clm_todo_store_done_by_contact(int64_t *out, clm_store *st, const clm_actor *who,
                                   const char *task_id, int64_t task_version,
                                   const char *entry_id, const clm_contact_entry *e,
                                   const char *note)
{
    if (st == NULL || who == NULL || task_id == NULL || entry_id == NULL || e == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_todo_store_done_by_contact: NULL argument");
    if (task_version < 0)
        return clm_core__fail_at(CLM_EINVAL, "task_version", "", 0,
                                 "clm_todo_store_done_by_contact: task version %lld (0 takes the "
                                 "stored task, v > 0 must be its version)",
                                 (long long)task_version);
    /* Everything that needs no store is checked before the transaction. */
    int rc = clm_actor_check(who);
    if (rc < 0 || (rc = clm_core__check_text(task_id, CLM_CORE__TEXT_ID, "task_id")) < 0 ||
        (rc = clm_core__check_text(entry_id, CLM_CORE__TEXT_ID, "entry_id")) < 0 ||
        (rc = clm_core__check_text(note, CLM_CORE__TEXT_NOTE, "note")) < 0 ||
        (rc = clm_contact_entry_check(e)) < 0)
        return rc;
    /* One level for the task's read and both audited writes, which open
     * none of their own inside it (store_op.h). */
    unsigned int saved;
    if ((rc = clm_store__op_begin(st, &saved)) < 0)
        return rc;
    int64_t v = 0;
    rc = close_in_tx(&v, st, who, task_id, task_version, entry_id, e, note);
    if ((rc = clm_store__op_end(st, saved, rc)) < 0)
        return rc;
    if (out != NULL)
        *out = v;
    return CLM_OK;
}
