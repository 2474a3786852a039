/*
 * followup.c — follow-up rules ("N days after event E, do action A") and
 * the list of what is due or overdue for a user on a day (contact.h).
 */
#include <stdlib.h>
#include <string.h>

#include "contact_internal.h"

typedef struct task_item {
    char *block;
    clm_task view;
} task_item;

struct clm_task_list {
    task_item *items;
    size_t n, cap;
};

int clm_followup_rule_init(clm_followup_rule *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "followup_rule_init: NULL");
    clm_followup_rule init = CLM_FOLLOWUP_RULE_INIT;
    *r = init;
    return 0;
}

int clm_due_query_init(clm_due_query *q)
{
    if (q == NULL)
        return clm_core__fail(CLM_EINVAL, "due_query_init: NULL");
    clm_due_query init = CLM_DUE_QUERY_INIT;
    *q = init;
    return 0;
}

void clm_task_list_free(clm_task_list *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++)
        clm_core__free(t->items[i].block);
    clm_core__free(t->items);
    clm_core__free(t);
}

size_t clm_task_list_count(const clm_task_list *t)
{
    return t != NULL ? t->n : 0;
}

const clm_task *clm_task_list_at(const clm_task_list *t, size_t i)
{
    if (t == NULL || i >= t->n)
        return NULL;
    return &t->items[i].view;
}

static int task_push(clm_task_list *t, clm_task_origin origin, const char *client,
                     const char *manager, const char *action, const char *source,
                     clm_date due, clm_date on, size_t ref)
{
    const char *parts[4] = { client, manager, action, source };
    size_t lens[4], total = 0;
    for (int i = 0; i < 4; i++) {
        lens[i] = strlen(parts[i]);
        total += lens[i] + 1;
    }
    if (clm_core__grow((void **)&t->items, &t->cap, t->n + 1, sizeof(task_item), "task list") < 0)
        return CLM_ENOMEM;
    char *block = clm_core__malloc(total);
    if (block == NULL)
        return clm_core__oom("task");
    const char *ptr[4];
    char *w = block;
    for (int i = 0; i < 4; i++) {
        memcpy(w, parts[i], lens[i] + 1);
        ptr[i] = w;
        w += lens[i] + 1;
    }
    task_item *it = &t->items[t->n++];
    it->block = block;
    it->view.origin = origin;
    it->view.client_id = ptr[0];
    it->view.manager = ptr[1];
    it->view.action = ptr[2];
    it->view.source = ptr[3];
    it->view.due = due;
    it->view.overdue = due < on;
    it->view.ref = ref;
    return 0;
}

static int task_cmp(const void *a, const void *b)
{
    const clm_task *x = &((const task_item *)a)->view;
    const clm_task *y = &((const task_item *)b)->view;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    int r = strcmp(x->client_id, y->client_id);
    if (r == 0)
        r = strcmp(x->action, y->action);
    if (r == 0 && x->origin != y->origin)
        r = x->origin < y->origin ? -1 : 1;
    if (r == 0 && x->ref != y->ref)
        r = x->ref < y->ref ? -1 : 1;
    return r;
}

static int check_rule(const clm_followup_rule *r, size_t i, const clm_calendar *cal)
{
    if (clm_core__check_version(r->version, CLM_FOLLOWUP_RULE_VERSION, "followup rule") < 0)
        return clm_core__fail_at(CLM_EVERSION, "version", "", 0,
                                 "followup rule %zu: struct version %u is not supported", i, r->version);
    int rc;
    if ((rc = clm_core__check_text(r->name, CLM_CORE__TEXT_ID, "rule.name")) < 0 ||
        (rc = clm_core__check_text(r->event, CLM_CORE__TEXT_ID, "rule.event")) < 0 ||
        (rc = clm_core__check_text(r->action, CLM_CORE__TEXT_ID, "rule.action")) < 0)
        return rc;
    if (r->offset < 0)
        return clm_core__fail_at(CLM_EINVAL, "rule.offset", "", 0,
                            "followup rule %s: negative offset", r->name);
    if (r->unit != CLM_TERM_DAYS && r->unit != CLM_TERM_WORKING_DAYS &&
        r->unit != CLM_TERM_MONTHS)
        return clm_core__fail_at(CLM_EINVAL, "rule.unit", "", 0,
                            "followup rule %s: unknown unit", r->name);
    if (r->unit == CLM_TERM_WORKING_DAYS && cal == NULL)
        return clm_core__fail_at(CLM_EINVAL, "calendar", "", 0,
                            "followup rule %s counts working days: a calendar is needed",
                            r->name);
    if (clm_contact_channel_name(r->channel) == NULL ||
        clm_contact_direction_name(r->direction) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rule.channel", "", 0,
                            "followup rule %s: unknown channel or direction", r->name);
    return 0;
}

static int rule_due(clm_date *out, const clm_followup_rule *r, clm_date ev,
                    const clm_calendar *cal)
{
    if (cal != NULL)
        return clm_term_end(out, cal, ev, r->offset, r->unit);
    if (r->unit == CLM_TERM_MONTHS)
        return clm_date_add_months(out, ev, r->offset);
    return clm_date_add_days(out, ev, r->offset);
}

/* Stable merge sort of indices (no global state, so the function stays
 * thread-safe). */
static void idx_sort(size_t *a, size_t *tmp, size_t n, const clm_client__contact *items)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    idx_sort(a, tmp, h, items);
    idx_sort(a + h, tmp, n - h, items);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        const clm_contact_entry *x = &items[a[i]].view, *y = &items[a[j]].view;
        int r = strcmp(x->client_id, y->client_id);
        if (r == 0)
            r = x->at < y->at ? -1 : x->at > y->at ? 1 : (a[i] < a[j] ? -1 : 1);
        tmp[k++] = r <= 0 ? a[i++] : a[j++];
    }
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof(size_t));
}

/* First position in idx[0..n) whose client is >= client. */
typedef struct client_key {
    const clm_client__contact *items;
    const char *client;
} client_key;

static int cmp_client(const void *key, const void *elem)
{
    const client_key *k = key;
    return strcmp(k->client, k->items[*(const size_t *)elem].view.client_id);
}

static size_t lower_client(const size_t *idx, size_t n, const clm_client__contact *items,
                           const char *client)
{
    client_key key = { items, client };
    return clm_core__lower_bound(&key, idx, n, sizeof idx[0], cmp_client);
}

int clm_contact_due(clm_task_list **out, const clm_contact_log *log,
                    const clm_due_query *q)
{
    if (out == NULL || log == NULL || q == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_due: NULL argument");
    if (clm_core__check_version(q->version, CLM_DUE_QUERY_VERSION, "due query") < 0)
        return CLM_EVERSION;
    int rc = clm_core__check_text(q->user, CLM_CORE__TEXT_ID, "user");
    if (rc < 0)
        return rc;
    if (q->on < CLM_DATE_MIN || q->on > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_ERANGE, "on", "", 0, "contact_due: day out of range");
    if ((q->rules == NULL && q->nrules > 0) || (q->events == NULL && q->nevents > 0))
        return clm_core__fail(CLM_EINVAL, "contact_due: NULL rules or events");
    for (size_t i = 0; i < q->nrules; i++)
        if ((rc = check_rule(&q->rules[i], i, q->calendar)) < 0)
            return rc;
    for (size_t i = 0; i < q->nevents; i++) {
        const clm_contact_event *ev = &q->events[i];
        if ((rc = clm_core__check_text(ev->name, CLM_CORE__TEXT_ID, "event.name")) < 0 ||
            (rc = clm_core__check_text(ev->client_id, CLM_CORE__TEXT_ID, "event.client_id")) < 0 ||
            (rc = clm_core__check_text(ev->manager, CLM_CORE__TEXT_ID, "event.manager")) < 0)
            return rc;
        if (ev->on < CLM_DATE_MIN || ev->on > CLM_DATE_MAX)
            return clm_core__fail_at(CLM_ERANGE, "event.on", "", 0,
                                "contact_due: event %zu: day out of range", i);
    }

    clm_task_list *t = clm_core__calloc(1, sizeof(*t));
    size_t *idx = NULL, *tmp = NULL, nidx = 0;
    if (t == NULL)
        return clm_core__oom("task list");
    if (log->n > 0) {
        idx = clm_core__calloc(log->n, sizeof(size_t));
        tmp = clm_core__calloc(log->n, sizeof(size_t));
        if (idx == NULL || tmp == NULL) {
            rc = clm_core__oom("task list");
            goto fail;
        }
    }
    for (size_t i = 0; i < log->n; i++)
        if (log->items[i].day <= q->on)
            idx[nidx++] = i;
    idx_sort(idx, tmp, nidx, log->items);

    /* follow-up tasks */
    for (size_t e = 0; e < q->nevents; e++) {
        const clm_contact_event *ev = &q->events[e];
        int may = 0;
        if ((rc = clm_delegations_may_act(&may, q->delegations, q->user, ev->manager,
                                          q->on)) < 0)
            goto fail;
        if (!may)
            continue;
        for (size_t r = 0; r < q->nrules; r++) {
            const clm_followup_rule *rule = &q->rules[r];
            if (strcmp(rule->event, ev->name) != 0)
                continue;
            clm_date due;
            if ((rc = rule_due(&due, rule, ev->on, q->calendar)) < 0)
                goto fail;
            if (due > q->on)
                continue;
            int done = 0;
            for (size_t k = lower_client(idx, nidx, log->items, ev->client_id);
                 !done && k < nidx &&
                 strcmp(log->items[idx[k]].view.client_id, ev->client_id) == 0;
                 k++) {
                const clm_client__contact *c = &log->items[idx[k]];
                done = c->day > ev->on && c->view.channel == rule->channel &&
                       c->view.direction == rule->direction;
            }
            if (done)
                continue;
            if ((rc = task_push(t, CLM_TASK_FOLLOWUP, ev->client_id, ev->manager,
                                rule->action, rule->name, due, q->on, e)) < 0)
                goto fail;
        }
    }

    /* next actions of the log */
    for (size_t k = 0; k < nidx; k++) {
        const clm_client__contact *c = &log->items[idx[k]];
        if (c->view.next_due == CLM_CONTACT_NO_DATE || c->view.next_due > q->on)
            continue;
        /* idx is sorted by (client, at): a later contact with the same
         * client follows directly, unless it has the very same moment. */
        int closed = 0;
        for (size_t m = k + 1; m < nidx && !closed; m++) {
            const clm_client__contact *n = &log->items[idx[m]];
            if (strcmp(n->view.client_id, c->view.client_id) != 0)
                break;
            closed = n->view.at > c->view.at;
        }
        if (closed)
            continue;
        int may = 0;
        if ((rc = clm_delegations_may_act(&may, q->delegations, q->user, c->view.manager,
                                          q->on)) < 0)
            goto fail;
        if (!may)
            continue;
        if ((rc = task_push(t, CLM_TASK_NEXT_ACTION, c->view.client_id, c->view.manager,
                            c->view.next_action, "", c->view.next_due, q->on,
                            idx[k])) < 0)
            goto fail;
    }
    clm_core__free(idx);
    clm_core__free(tmp);
    if (t->n > 1)
        clm_core__qsort(t->items, t->n, sizeof(task_item), task_cmp);
    *out = t;
    return 0;
fail:
    clm_core__free(idx);
    clm_core__free(tmp);
    clm_task_list_free(t);
    return rc;
}
