/*
 * todo_codec.c — the versioned text body of a stored task (task.h):
 *
 *   clm-task 1
 *   id=...  client_id=...  manager=...  action=...   (one per line)
 *   due=YYYY-MM-DD
 *   state=open|done|cancelled
 *   act=kind|user|role|at|due_before|due_after|note  (one per act, in order)
 *
 * Values are escaped as in the client format (textcodec.c). The decoder
 * checks every value against the same rules as clm_todo_new() and the
 * history against the state machine, so a body that decodes is a task the
 * API could have built.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "todo_internal.h"
#include "clm/date.h"

#define MAGIC "clm-task "
#define FORMAT_VERSION 1
#define LIMIT ((size_t)16 << 20)

static void put_kv(clm_core__buf *b, const char *k, const char *v)
{
    clm_core__buf_printf(b, "%s=", k);
    clm_client__esc(b, v);
    clm_core__buf_puts(b, "\n");
}

int clm_client__todo_encode(char **out, size_t *len, const clm_todo *t)
{
    char d[CLM_DATE_FORMAT_MAX];
    if (clm_date_format(d, sizeof d, t->due) < 0)
        return CLM_ERANGE;
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_printf(&b, "%s%d\n", MAGIC, FORMAT_VERSION);
    put_kv(&b, "id", t->id);
    put_kv(&b, "client_id", t->client);
    put_kv(&b, "manager", t->manager);
    put_kv(&b, "action", t->action);
    clm_core__buf_printf(&b, "due=%s\nstate=%s\n", d, clm_todo_state_name(t->state));
    for (size_t i = 0; i < t->nacts; i++) {
        const clm_client__todo_act *a = &t->acts[i];
        char d1[CLM_DATE_FORMAT_MAX], d2[CLM_DATE_FORMAT_MAX];
        if (clm_date_format(d1, sizeof d1, a->before) < 0 || clm_date_format(d2, sizeof d2, a->after) < 0) {
            clm_core__buf_free(&b);
            return CLM_ERANGE;
        }
        clm_core__buf_printf(&b, "act=%s|", clm_todo_act_name(a->kind));
        clm_client__esc(&b, a->user);
        clm_core__buf_puts(&b, "|");
        clm_client__esc(&b, a->role);
        clm_core__buf_printf(&b, "|%lld|%s|%s|", (long long)a->at, d1, d2);
        clm_client__esc(&b, a->note);
        clm_core__buf_puts(&b, "\n");
    }
    char *text = NULL;
    size_t n = 0;
    if (clm_core__buf_finish(&b, &text, &n) < 0)
        return clm_core__oom("task encoding");
    *out = text;
    *len = n;
    return CLM_OK;
}

typedef struct dec {
    const char *source;
    int line;
} dec;

/* `what` is a CLM_N_ text (translated here, clm/lang.h) or a message
 * already in the thread's language. */
static int bad(const dec *d, const char *field, const char *what)
{
    return clm_core__fail_at(CLM_EPARSE, field, d->source, d->line, "task '%s': line %d (%s): %s", d->source,
                             d->line, field, clm_core__tr(what));
}

static int parse_date(clm_date *out, const char *s, size_t n)
{
    char tmp[16];
    if (n >= sizeof tmp)
        return CLM_EPARSE;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return clm_date_parse(out, tmp);
}

static int parse_act(clm_todo *t, const dec *d, const char *s, size_t n)
{
    const char *p[8];
    size_t l[8];
    if (clm_client__split(s, n, p, l, 8) != 7)
        return bad(d, "act", CLM_N_("an act is kind|user|role|at|due_before|due_after|note"));
    int kind = 0;
    for (int k = CLM_TODO_CREATED; k <= CLM_TODO_RESCHEDULED; k++) {
        const char *name = clm_todo_act_name((clm_todo_act_kind)k);
        if (strlen(name) == l[0] && memcmp(name, p[0], l[0]) == 0)
            kind = k;
    }
    if (kind == 0)
        return bad(d, "act", CLM_N_("unknown act (created, done, cancelled, rescheduled)"));
    char num[24];
    if (l[3] == 0 || l[3] >= sizeof num)
        return bad(d, "act", CLM_N_("the moment is not a number"));
    memcpy(num, p[3], l[3]);
    num[l[3]] = '\0';
    char *end = NULL;
    errno = 0;
    long long at = strtoll(num, &end, 10);
    if (errno != 0 || *end != '\0')
        return bad(d, "act", CLM_N_("the moment is not a number"));
    clm_date before, after;
    if (parse_date(&before, p[4], l[4]) < 0 || parse_date(&after, p[5], l[5]) < 0)
        return bad(d, "act", CLM_N_("a due day is not a YYYY-MM-DD date"));
    int ub = 0, rb = 0, nb = 0;
    char *user = clm_client__unesc(p[1], l[1], &ub);
    char *role = user != NULL ? clm_client__unesc(p[2], l[2], &rb) : NULL;
    char *note = role != NULL ? clm_client__unesc(p[6], l[6], &nb) : NULL;
    int rc = CLM_OK;
    if (ub || rb || nb)
        rc = bad(d, "act", CLM_N_("a bad escape"));
    else if (user == NULL || role == NULL || note == NULL)
        rc = CLM_ENOMEM;
    else if (clm_core__check_text(user, CLM_CORE__TEXT_ID, "act.user") < 0 ||
             clm_core__check_text(role, CLM_CORE__TEXT_ID, "act.role") < 0 ||
             clm_core__check_text(note, CLM_CORE__TEXT_NOTE, "act.note") < 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", clm_error_last()->message);
        rc = bad(d, "act", msg);
    } else {
        rc = clm_client__todo_push(t, (clm_todo_act_kind)kind, user, role, (clm_time)at, before, after, note);
    }
    clm_core__free(user);
    clm_core__free(role);
    clm_core__free(note);
    return rc;
}

/* The history must be one that the API can build: "created" first and
 * only first; every later act starts from the due day the previous one
 * left; nothing after a final act; the stated state and due day are those
 * the history ends in. */
static int check_history(const clm_todo *t, const dec *d)
{
    if (t->nacts == 0 || t->acts[0].kind != CLM_TODO_CREATED)
        return bad(d, "act", CLM_N_("the history does not begin with \"created\""));
    clm_todo_state s = CLM_TODO_OPEN;
    clm_date due = t->acts[0].after;
    if (t->acts[0].before != due)
        return bad(d, "act", CLM_N_("\"created\" moves the due day"));
    for (size_t i = 1; i < t->nacts; i++) {
        const clm_client__todo_act *a = &t->acts[i];
        if (s != CLM_TODO_OPEN)
            return bad(d, "act", CLM_N_("an act after the task was closed"));
        if (a->before != due)
            return bad(d, "act", CLM_N_("an act's due_before is not the day the previous act left"));
        switch (a->kind) {
        case CLM_TODO_CREATED:
            return bad(d, "act", CLM_N_("\"created\" after the first act"));
        case CLM_TODO_RESCHEDULED:
            if (a->after == a->before)
                return bad(d, "act", CLM_N_("a reschedule to the same day"));
            break;
        case CLM_TODO_ACT_DONE:
        case CLM_TODO_ACT_CANCELLED:
            if (a->after != a->before)
                return bad(d, "act", CLM_N_("only a reschedule moves the due day"));
            s = a->kind == CLM_TODO_ACT_DONE ? CLM_TODO_DONE : CLM_TODO_CANCELLED;
            break;
        }
        due = a->after;
    }
    if (s != t->state)
        return bad(d, "state", CLM_N_("the state is not the one the history ends in"));
    if (due != t->due)
        return bad(d, "due", CLM_N_("the due day is not the one the history ends in"));
    return CLM_OK;
}

int clm_client__todo_decode(clm_todo **out, const char *text, size_t len, const char *source)
{
    dec d = {source, 0};
    if (len > LIMIT)
        return clm_core__fail_at(CLM_ELIMIT, "", source, 0, "task '%s': %zu bytes, the limit is %zu", source, len,
                                 LIMIT);
    if (memchr(text, '\0', len) != NULL)
        return bad(&d, "", CLM_N_("a NUL byte in the body"));
    enum { K_ID, K_CLIENT, K_MANAGER, K_ACTION, K_DUE, K_STATE, NK };
    static const char *const keys[NK] = {"id", "client_id", "manager", "action", "due", "state"};
    char *vals[NK] = {NULL};
    const char *acts = NULL; /* the first act line */
    int rc = CLM_OK;
    const char *p = text, *end = text + len;
    while (p < end) {
        d.line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            rc = bad(&d, "", CLM_N_("the last line has no line end"));
            goto out;
        }
        size_t n = (size_t)(nl - p);
        if (d.line == 1) {
            size_t mn = strlen(MAGIC);
            if (n <= mn || memcmp(p, MAGIC, mn) != 0) {
                rc = bad(&d, "", CLM_N_("not a task (\"clm-task 1\")"));
                goto out;
            }
            if (n - mn != 1 || p[mn] != '0' + FORMAT_VERSION) {
                rc = clm_core__fail_at(CLM_EVERSION, "", source, 1, "task '%s': format version %.*s, this library reads %d",
                                       source, (int)(n - mn > 20 ? 20 : n - mn), p + mn, FORMAT_VERSION);
                goto out;
            }
        } else if (n > 4 && memcmp(p, "act=", 4) == 0) {
            if (acts == NULL)
                acts = p;
        } else {
            if (acts != NULL) {
                rc = bad(&d, "", CLM_N_("a field after the history"));
                goto out;
            }
            const char *eq = memchr(p, '=', n);
            int k = -1;
            for (int i = 0; eq != NULL && i < NK; i++)
                if (strlen(keys[i]) == (size_t)(eq - p) && memcmp(keys[i], p, (size_t)(eq - p)) == 0)
                    k = i;
            if (k < 0) {
                rc = bad(&d, "", CLM_N_("expected one of id, client_id, manager, action, due, state, act"));
                goto out;
            }
            if (vals[k] != NULL) {
                rc = bad(&d, keys[k], CLM_N_("given twice"));
                goto out;
            }
            int esc = 0;
            vals[k] = clm_client__unesc(eq + 1, (size_t)(nl - eq - 1), &esc);
            if (esc) {
                rc = bad(&d, keys[k], CLM_N_("a bad escape"));
                goto out;
            }
            if (vals[k] == NULL) {
                rc = CLM_ENOMEM;
                goto out;
            }
        }
        p = nl + 1;
    }
    for (int k = 0; k < NK; k++)
        if (vals[k] == NULL) {
            rc = bad(&d, keys[k], CLM_N_("missing"));
            goto out;
        }
    clm_date due;
    clm_todo_state state;
    if (clm_date_parse(&due, vals[K_DUE]) < 0) {
        rc = bad(&d, "due", CLM_N_("not a YYYY-MM-DD date"));
        goto out;
    }
    if (clm_todo_state_from_name(&state, vals[K_STATE]) < 0) {
        rc = bad(&d, "state", CLM_N_("unknown state (open, done, cancelled)"));
        goto out;
    }
    if (clm_client__todo_check_fields(vals[K_ID], vals[K_CLIENT], vals[K_MANAGER], vals[K_ACTION], due) < 0) {
        const clm_error *e = clm_error_last();
        char field[64], msg[512];
        snprintf(field, sizeof field, "%s", e->field != NULL ? e->field : "");
        snprintf(msg, sizeof msg, "%s", e->message);
        rc = bad(&d, field, msg);
        goto out;
    }
    clm_todo *t = clm_client__todo_alloc(vals[K_ID], vals[K_CLIENT], vals[K_MANAGER], vals[K_ACTION], due);
    if (t == NULL) {
        rc = CLM_ENOMEM;
        goto out;
    }
    t->state = state;
    /* the act lines, numbered again from the first */
    int first_act_line = 1;
    for (const char *q = text; q < acts; q++)
        first_act_line += *q == '\n';
    d.line = first_act_line;
    for (p = acts; p != NULL && p < end; d.line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if ((rc = parse_act(t, &d, p + 4, (size_t)(nl - p - 4))) < 0)
            break;
        p = nl + 1;
    }
    if (rc == CLM_OK)
        rc = check_history(t, &d);
    if (rc < 0) {
        clm_todo_free(t);
        goto out;
    }
    *out = t;
out:
    for (int k = 0; k < NK; k++)
        clm_core__free(vals[k]);
    return rc;
}
