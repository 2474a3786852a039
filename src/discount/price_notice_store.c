/*
 * price_notice_store.c — a sent price-change notice on record: an outgoing
 * entry of the client's contact log, through the client module's public
 * store adapter (client_store.h), under an id that makes a notice go out
 * once (price_notice.h).
 */
#include <stdio.h>
#include <string.h>

#include "clm/client_store.h"
#include "clm/price_notice.h"
#include "discount_internal.h"

#define NOTICE_ID_MAX (CLM_RECORD_ID_MAX + 1)

static int notice_id(char *out, size_t size, const char *client, clm_date effective,
                     char day[CLM_DATE_FORMAT_MAX])
{
    int rc = clm_core__check_text(client, CLM_CORE__TEXT_ID, "client");
    if (rc < 0)
        return rc;
    if (clm_date_format(day, CLM_DATE_FORMAT_MAX, effective) < 0)
        return clm_core__fail_at(CLM_ERANGE, "effective", "", 0,
                                 "price notice: the effective date is outside the calendar");
    int len = snprintf(out, size, "price-notice:%s:%s", client, day);
    if (len < 0 || (size_t)len >= size || (size_t)len > CLM_RECORD_ID_MAX)
        return clm_core__fail_at(CLM_EINVAL, "client", "", 0,
                                 "price notice: the client id is too long for the notice's record id");
    return 0;
}

int clm_price_notice_store_sent(clm_store *st, const clm_actor *who, const char *client,
                                clm_date effective, clm_contact_channel channel, clm_time at,
                                const char *note)
{
    if (st == NULL || who == NULL || client == NULL)
        return clm_core__fail(CLM_EINVAL, "price notice: NULL argument");
    char id[NOTICE_ID_MAX + 64], day[CLM_DATE_FORMAT_MAX], purpose[64];
    int rc = notice_id(id, sizeof id, client, effective, day);
    if (rc < 0)
        return rc;
    if (clm_contact_channel_name(channel) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "channel", "", 0, "price notice: unknown channel %d",
                                 (int)channel);
    snprintf(purpose, sizeof purpose, "price change notice, effective %s", day);
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    e.direction = CLM_CONTACT_OUTGOING;
    e.channel = channel;
    e.at = at;
    e.client_id = client;
    e.manager = who->user;
    e.purpose = purpose;
    e.result = note != NULL ? note : "sent";
    return clm_contact_store_save(NULL, st, who, id, 0, &e, NULL);
}

typedef struct find_ctx {
    const char *id;
    int found;
    clm_time at;
    clm_contact_channel channel;
} find_ctx;

static int find_entry(const char *entry_id, int64_t version, const clm_contact_entry *e,
                      void *payload)
{
    (void)version;
    find_ctx *c = payload;
    if (strcmp(entry_id, c->id) != 0)
        return 0;
    c->found = 1;
    c->at = e->at;
    c->channel = e->channel;
    return 1; /* found: stop */
}

int clm_price_notice_store_was_sent(int *out, clm_time *at, clm_contact_channel *channel,
                                    clm_store *st, const char *client, clm_date effective)
{
    if (out == NULL || st == NULL || client == NULL)
        return clm_core__fail(CLM_EINVAL, "price notice: NULL argument");
    char id[NOTICE_ID_MAX + 64], day[CLM_DATE_FORMAT_MAX];
    int rc = notice_id(id, sizeof id, client, effective, day);
    if (rc < 0)
        return rc;
    find_ctx c = { .id = id };
    clm_contact_filter f = CLM_CONTACT_FILTER_INIT;
    f.client_id = client;
    rc = clm_contact_store_scan(st, &f, find_entry, &c);
    if (rc < 0)
        return rc;
    *out = c.found;
    if (c.found && at != NULL)
        *at = c.at;
    if (c.found && channel != NULL)
        *channel = c.channel;
    return 0;
}
