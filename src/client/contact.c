/*
 * contact.c — contact-log entries and the log that holds them.
 */
#include <string.h>

#include "contact_internal.h"

static const char *const dir_names[] = { NULL, "incoming", "outgoing" };
static const char *const chan_names[] = { NULL, "call", "meeting", "email", "fax",
                                          "telephonogram", "letter", "event" };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *clm_contact_direction_name(clm_contact_direction d)
{
    return (int)d > 0 && (size_t)d < COUNT(dir_names) ? dir_names[d] : NULL;
}

const char *clm_contact_channel_name(clm_contact_channel ch)
{
    return (int)ch > 0 && (size_t)ch < COUNT(chan_names) ? chan_names[ch] : NULL;
}

int clm_contact_direction_from_name(clm_contact_direction *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_direction_from_name: NULL argument");
    for (size_t i = 1; i < COUNT(dir_names); i++)
        if (strcmp(dir_names[i], name) == 0) {
            *out = (clm_contact_direction)i;
            return 0;
        }
    return clm_core__fail_at(CLM_ENOTFOUND, "direction", "", 0,
                        "direction: no such value \"%s\"", name);
}

int clm_contact_channel_from_name(clm_contact_channel *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_channel_from_name: NULL argument");
    for (size_t i = 1; i < COUNT(chan_names); i++)
        if (strcmp(chan_names[i], name) == 0) {
            *out = (clm_contact_channel)i;
            return 0;
        }
    return clm_core__fail_at(CLM_ENOTFOUND, "channel", "", 0,
                        "channel: no such value \"%s\"", name);
}

clm_date clm_time_day(clm_time at)
{
    int64_t q = at / 86400;
    if (at % 86400 < 0)
        q--;                                   /* floor, not truncation */
    if (q < CLM_DATE_MIN || q > CLM_DATE_MAX)
        return CLM_CONTACT_NO_DATE;
    return (clm_date)q;
}

int clm_contact_entry_init(clm_contact_entry *e)
{
    if (e == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_entry_init: NULL");
    clm_contact_entry init = CLM_CONTACT_ENTRY_INIT;
    *e = init;
    return 0;
}

int clm_contact_entry_check(const clm_contact_entry *e)
{
    if (e == NULL)
        return clm_core__fail(CLM_EINVAL, "contact entry: NULL");
    if (clm_core__check_version(e->version, CLM_CONTACT_ENTRY_VERSION, "contact entry") < 0)
        return CLM_EVERSION;
    if (clm_contact_direction_name(e->direction) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "direction", "", 0,
                            "contact entry: unknown direction %d", (int)e->direction);
    if (clm_contact_channel_name(e->channel) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "channel", "", 0,
                            "contact entry: unknown channel %d", (int)e->channel);
    clm_date day = clm_time_day(e->at);
    if (day == CLM_CONTACT_NO_DATE)
        return clm_core__fail_at(CLM_EINVAL, "at", "", 0,
                            "contact entry: moment outside the valid dates");
    int rc;
    if ((rc = clm_core__check_text(e->client_id, CLM_CORE__TEXT_ID, "client_id")) < 0 ||
        (rc = clm_core__check_text(e->manager, CLM_CORE__TEXT_ID, "manager")) < 0 ||
        (rc = clm_core__check_text(e->purpose, CLM_CORE__TEXT_NOTE, "purpose")) < 0 ||
        (rc = clm_core__check_text(e->result, CLM_CORE__TEXT_NOTE, "result")) < 0 ||
        (rc = clm_core__check_text(e->next_action, CLM_CORE__TEXT_NOTE, "next_action")) < 0)
        return rc;
    int has_action = !clm_client__empty(e->next_action);
    int has_due = e->next_due != CLM_CONTACT_NO_DATE;
    if (has_action != has_due)
        return clm_core__fail_at(CLM_EINVAL, has_action ? "next_due" : "next_action", "", 0,
                            "contact entry: a next action needs a due date and a due "
                            "date needs a next action");
    if (has_due && (e->next_due < day || e->next_due > CLM_DATE_MAX))
        return clm_core__fail_at(CLM_EINVAL, "next_due", "", 0,
                            "contact entry: next action due before the contact itself");
    return 0;
}

int clm_contact_log_new(clm_contact_log **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_log_new: NULL out");
    clm_contact_log *log = clm_core__calloc(1, sizeof(*log));
    if (log == NULL)
        return clm_core__oom("contact log");
    *out = log;
    return 0;
}

void clm_contact_log_free(clm_contact_log *log)
{
    if (log == NULL)
        return;
    for (size_t i = 0; i < log->n; i++)
        clm_core__free(log->items[i].block);
    clm_core__free(log->items);
    clm_core__free(log);
}

int clm_contact_log_add(clm_contact_log *log, const clm_contact_entry *e, size_t *index)
{
    if (log == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_log_add: NULL log");
    int rc = clm_contact_entry_check(e);
    if (rc < 0)
        return rc;
    const char *parts[5] = { e->client_id, e->manager, clm_client__s(e->purpose),
                             clm_client__s(e->result), clm_client__s(e->next_action) };
    size_t lens[5], total = 0;
    for (int i = 0; i < 5; i++) {
        lens[i] = strlen(parts[i]);
        total += lens[i] + 1;
    }
    if (clm_core__grow((void **)&log->items, &log->cap, log->n + 1, sizeof(clm_client__contact), "contact log") < 0)
        return CLM_ENOMEM;
    char *block = clm_core__malloc(total);
    if (block == NULL)
        return clm_core__oom("contact entry");
    const char *ptr[5];
    char *w = block;
    for (int i = 0; i < 5; i++) {
        memcpy(w, parts[i], lens[i] + 1);
        ptr[i] = w;
        w += lens[i] + 1;
    }
    clm_client__contact *c = &log->items[log->n];
    c->block = block;
    c->view = *e;
    c->view.client_id = ptr[0];
    c->view.manager = ptr[1];
    c->view.purpose = ptr[2];
    c->view.result = ptr[3];
    c->view.next_action = ptr[4];
    c->day = clm_time_day(e->at);
    if (index != NULL)
        *index = log->n;
    log->n++;
    return 0;
}

size_t clm_contact_log_count(const clm_contact_log *log)
{
    return log != NULL ? log->n : 0;
}

int clm_contact_log_at(clm_contact_entry *out, const clm_contact_log *log, size_t i)
{
    if (out == NULL || log == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_log_at: NULL argument");
    if (i >= log->n)
        return clm_core__fail(CLM_ERANGE, "contact_log_at: index %zu, log has %zu", i, log->n);
    *out = log->items[i].view;
    return 0;
}
