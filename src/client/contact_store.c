/*
 * contact_store.c — contact-log entries kept in a store (client_store.h):
 * one record of kind CLM_RECORD_CONTACT per entry, written only through
 * the audited store call.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "clm/client_store.h"

int clm_contact_store_save(int64_t *out, clm_store *st, const clm_actor *who,
                           const char *entry_id, int64_t version,
                           const clm_contact_entry *e, const char *note)
{
    if (st == NULL || who == NULL || entry_id == NULL || e == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_store_save: NULL argument");
    if (version < 0)
        return clm_core__fail_at(CLM_EINVAL, "version", NULL, 0,
                            "contact_store_save: version %lld (0 creates, v > 0 "
                            "replaces version v)",
                            (long long)version);
    char *body = NULL;
    size_t body_len = 0;
    int rc = clm_core__check_text(entry_id, CLM_CORE__TEXT_ID, "entry_id");
    if (rc < 0 || (rc = clm_contact_entry_encode(&body, &body_len, e)) < 0) /* checks the entry */
        return rc;
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CONTACT;
    r.id = entry_id;
    r.version = version;
    r.client_id = e->client_id;
    r.manager = e->manager;
    r.due = e->next_due == CLM_CONTACT_NO_DATE ? CLM_RECORD_NO_DUE : e->next_due;
    r.body = body;
    r.body_len = body_len;
    int64_t v = 0;
    rc = clm_store_put_audited(&v, st, who, &r, note);
    clm_core__free(body);
    if (rc < 0)
        return rc;
    if (out != NULL)
        *out = v;
    return 0;
}

int clm_contact_filter_init(clm_contact_filter *f)
{
    if (f == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_filter_init: NULL filter");
    clm_contact_filter init = CLM_CONTACT_FILTER_INIT;
    *f = init;
    return 0;
}

typedef struct scan_ctx {
    clm_contact_cb cb;
    void *payload;
} scan_ctx;

static int scan_one(const clm_record *rec, void *payload)
{
    scan_ctx *ctx = payload;
    clm_contact_log *log = NULL;
    int rc = clm_contact_log_new(&log);
    if (rc < 0)
        return rc;
    rc = clm_contact_entry_decode(log, rec->body != NULL ? (const char *)rec->body : "",
                                  rec->body_len, NULL);
    if (rc < 0) {
        const clm_error *e = clm_error_last();
        char msg[512], field[128];
        snprintf(msg, sizeof msg, "%s", e->message != NULL ? e->message : "");
        snprintf(field, sizeof field, "%s", e->field != NULL ? e->field : "");
        rc = clm_core__fail_at(rc, field, rec->id, e->line,
                          "contact store: record '%s': %s", rec->id, msg);
    } else {
        clm_contact_entry entry;
        rc = clm_contact_log_at(&entry, log, 0);
        if (rc == 0)
            rc = ctx->cb(rec->id, rec->version, &entry, ctx->payload);
    }
    clm_contact_log_free(log);
    return rc;
}

int clm_contact_store_scan(clm_store *st, const clm_contact_filter *f, clm_contact_cb cb,
                           void *payload)
{
    if (st == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_store_scan: NULL argument");
    clm_contact_filter all = CLM_CONTACT_FILTER_INIT;
    if (f == NULL)
        f = &all;
    if (clm_core__check_version(f->version, CLM_CONTACT_FILTER_VERSION, "contact filter") < 0)
        return CLM_EVERSION;
    clm_store_filter sf = CLM_STORE_FILTER_INIT;
    sf.kind = CLM_RECORD_CONTACT;
    sf.client_id = f->client_id;
    sf.manager = f->manager;
    sf.due_from = f->due_from == CLM_CONTACT_NO_DATE ? CLM_RECORD_NO_DUE : f->due_from;
    sf.due_to = f->due_to == CLM_CONTACT_NO_DATE ? CLM_RECORD_NO_DUE : f->due_to;
    scan_ctx ctx = { cb, payload };
    return clm_store_scan(st, &sf, scan_one, &ctx); /* checks "" and the range */
}

static int append_one(const char *id, int64_t version, const clm_contact_entry *e,
                      void *payload)
{
    (void)id;
    (void)version;
    return clm_contact_log_add(payload, e, NULL);
}

int clm_contact_store_load_log(clm_contact_log **out, clm_store *st,
                               const clm_contact_filter *f)
{
    if (out == NULL || st == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_store_load_log: NULL argument");
    clm_contact_log *log = NULL;
    int rc = clm_contact_log_new(&log);
    if (rc < 0)
        return rc;
    rc = clm_contact_store_scan(st, f, append_one, log);
    if (rc < 0) {
        clm_contact_log_free(log);
        return rc;
    }
    *out = log;
    return 0;
}
