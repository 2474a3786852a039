/*
 * claim_store.c — claims kept in a store (claim_store.h). Every write goes
 * through clm_store_put_audited(); registration puts the number counter
 * and the claim in one transaction. Everything that can fail is prepared
 * before the first write, and the claim object is touched only after the
 * last write succeeded.
 */
#include <stdio.h>
#include <string.h>

#include "claim_internal.h"
#include "clm/claim_store.h"

#define SEQ_STATE "sequence"
#define RACE_RETRIES 100

int64_t clm_claim_stored_version(const clm_claim *c)
{
    return c != NULL ? c->stored_version : 0;
}

/* Re-records a decode failure with the record it came from. */
static int fail_record(int rc, const char *id)
{
    const clm_error *e = clm_error_last();
    char msg[512], field[128];
    snprintf(msg, sizeof msg, "%s", e->message != NULL ? e->message : "");
    snprintf(field, sizeof field, "%s", e->field != NULL ? e->field : "");
    return clm_core__fail_at(rc, field, id, e->line, "claim store: record '%s': %s", id, msg);
}

/* The record of claim `c` (columns borrowed from c and body). */
static int fill_record(clm_record *r, const clm_claim *c, const clm_calendar *cal, char **body,
                       size_t *len)
{
    clm_claim_deadlines d;
    int rc = clm_claim_deadlines_get(&d, c, cal, c->last_on);
    if (rc < 0 || (rc = clm_claim_encode(body, len, c)) < 0)
        return rc;
    clm_record init = CLM_RECORD_INIT;
    *r = init;
    r->kind = CLM_RECORD_CLAIM;
    r->id = c->number;
    r->version = c->stored_version;
    r->client_id = c->info.client_id;
    r->manager = c->handler;
    r->state = clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)c->state);
    r->name = clm_claim_name(CLM_CLAIM_VOCAB_SUBJECT, (int)c->info.subject);
    r->category = c->info.client_category;
    r->due = d.next == CLM_CLAIM_NO_DATE ? CLM_RECORD_NO_DUE : d.next;
    r->amount = c->info.claimed;
    r->body = *body;
    r->body_len = *len;
    return 0;
}

int clm_claim_store_save(clm_store *st, clm_claim *c, const clm_calendar *cal,
                         const clm_actor *who, const char *note)
{
    if (st == NULL || c == NULL || cal == NULL || who == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_store_save: NULL argument");
    if (c->stored_version < 1)
        return clm_core__fail_at(CLM_ENOTFOUND, "version", NULL, 0,
                                 "claim store: claim %s was never stored; register it", c->number);
    clm_record r;
    char *body = NULL;
    size_t len = 0;
    int rc = fill_record(&r, c, cal, &body, &len);
    int64_t v = 0;
    if (rc == 0 && (rc = clm_store_put_audited(&v, st, who, &r, note)) == 0)
        c->stored_version = v;
    clm_core__free(body);
    return rc;
}

static int decode_record(clm_claim **out, const clm_record *rec)
{
    if (rec->state != NULL && strcmp(rec->state, SEQ_STATE) == 0)
        return clm_core__fail_at(CLM_ENOTFOUND, "number", NULL, 0,
                                 "claim store: '%s' is a number counter, not a claim", rec->id);
    clm_claim *c = NULL;
    int rc = clm_claim_decode(&c, rec->body != NULL ? (const char *)rec->body : "", rec->body_len);
    if (rc < 0)
        return fail_record(rc, rec->id);
    if (strcmp(c->number, rec->id) != 0) {
        rc = clm_core__fail_at(CLM_EPARSE, "number", rec->id, 0,
                               "claim store: record '%s' holds claim '%s'", rec->id, c->number);
        clm_claim_free(c);
        return rc;
    }
    c->stored_version = rec->version;
    *out = c;
    return 0;
}

int clm_claim_store_load(clm_claim **out, clm_store *st, const char *number)
{
    if (out == NULL || st == NULL || number == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_store_load: NULL argument");
    clm_record *rec = NULL;
    int rc = clm_store_get(&rec, st, CLM_RECORD_CLAIM, number);
    if (rc < 0)
        return rc;
    rc = decode_record(out, rec);
    clm_record_free(rec);
    return rc;
}

/* One attempt: inside an open transaction level, read the counter, write
 * it one higher and create the claim. */
static int register_once(clm_claim **out, clm_store *st, const clm_claim_info *info,
                         const clm_claim_regimes *regimes, const clm_calendar *cal,
                         const clm_claim_policy *pol, const clm_actor *who)
{
    int year;
    int rc = clm_date_to_ymd(info->received, &year, NULL, NULL);
    if (rc < 0)
        return clm_core__fail_at(CLM_EINVAL, "received", NULL, 0,
                                 "claim: received is not a valid date");
    char seq_id[CLM_ID_MAX + 32];
    snprintf(seq_id, sizeof seq_id, "#seq:%s:%04d", pol->number_pattern, year);
    if (strlen(seq_id) > CLM_RECORD_ID_MAX)
        return clm_core__fail_at(CLM_ELIMIT, "number_pattern", NULL, 0,
                                 "claim store: the number pattern is too long for a counter id");
    clm_record *cur = NULL;
    int64_t last = 0, version = 0;
    rc = clm_store_get(&cur, st, CLM_RECORD_CLAIM, seq_id);
    if (rc == CLM_ENOTFOUND) {
        rc = 0;
    } else if (rc == 0) {
        char num[32];
        size_t n = cur->body_len < sizeof num - 1 ? cur->body_len : sizeof num - 1;
        memcpy(num, cur->body != NULL ? cur->body : "", n);
        num[n] = '\0';
        char *end;
        long long v = strtoll(num, &end, 10);
        if (n == 0 || *end != '\0' || v < 0 || v >= INT64_MAX || cur->state == NULL ||
            strcmp(cur->state, SEQ_STATE) != 0)
            rc = clm_core__fail_at(CLM_EPARSE, "sequence", seq_id, 0,
                                   "claim store: counter '%s' does not hold a number", seq_id);
        last = v;
        version = cur->version;
        clm_record_free(cur);
    }
    if (rc < 0)
        return rc;
    char number[CLM_ID_MAX + 1];
    if ((rc = clm_claim_number_format(number, sizeof number, pol, year, last + 1)) < 0)
        return rc;
    clm_claim *c = NULL;
    if ((rc = clm_claim_new(&c, number, info, regimes)) < 0)
        return rc;
    char next[32];
    int nlen = snprintf(next, sizeof next, "%lld", (long long)(last + 1));
    clm_record seq = CLM_RECORD_INIT;
    seq.kind = CLM_RECORD_CLAIM;
    seq.id = seq_id;
    seq.version = version;
    seq.state = SEQ_STATE;
    seq.name = pol->number_pattern;
    seq.body = next;
    seq.body_len = (size_t)nlen;
    clm_record r;
    char *body = NULL;
    size_t len = 0;
    int64_t v = 0;
    if ((rc = fill_record(&r, c, cal, &body, &len)) == 0 &&
        (rc = clm_store_put_audited(NULL, st, who, &seq, "claim number sequence")) == CLM_EEXISTS &&
        version == 0) {
        /* Another writer created the year's counter since we looked: the
         * same lost race as a changed counter, and retried the same way. */
        rc = clm_core__fail_at(CLM_ECONFLICT, "sequence", seq_id, 0,
                               "claim store: counter '%s' was created by another writer", seq_id);
    }
    if (rc == 0 && (rc = clm_store_put_audited(&v, st, who, &r, "claim registered")) == 0) {
        c->stored_version = v;
        *out = c;
        c = NULL;
    }
    clm_core__free(body);
    clm_claim_free(c);
    return rc;
}

int clm_claim_store_register(clm_claim **out, clm_store *st, const clm_claim_info *info,
                             const clm_claim_regimes *regimes, const clm_calendar *cal,
                             const clm_claim_policy *policy, const clm_actor *who)
{
    if (st == NULL || info == NULL || regimes == NULL || cal == NULL || who == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_store_register: NULL argument");
    clm_claim_policy pol;
    int rc = clm_claim__policy(&pol, policy);
    if (rc < 0)
        return rc;
    /* Only a transaction this call opens can be retried after losing a
     * race for the counter; inside the caller's, the conflict is his. */
    unsigned depth0 = clm_store_depth(st);
    for (int attempt = 1;; attempt++) {
        if ((rc = clm_store_begin(st)) < 0)
            return rc;
        clm_claim *c = NULL;
        rc = register_once(&c, st, info, regimes, cal, &pol, who);
        if (rc == 0) {
            /* A failed commit rolls its level back and closes it. */
            if ((rc = clm_store_commit(st)) == 0) {
                if (out != NULL)
                    *out = c;
                else
                    clm_claim_free(c);
                return 0;
            }
            clm_claim_free(c);
        } else {
            clm_store_rollback(st);
        }
        if (rc != CLM_ECONFLICT || depth0 != 0 || attempt >= RACE_RETRIES)
            return rc;
    }
}

/* ---- what is due ---------------------------------------------------------- */

typedef struct due_ctx {
    clm_date on;
    clm_claim_due_cb cb;
    void *payload;
} due_ctx;

static int due_one(const clm_record *rec, void *payload)
{
    due_ctx *x = payload;
    int state = 0;
    if (rec->state == NULL || clm_claim_from_name(&state, CLM_CLAIM_VOCAB_STATE, rec->state) < 0)
        return clm_core__fail_at(CLM_EPARSE, "state", rec->id, 0,
                                 "claim store: record '%s' has state '%s', not a claim state",
                                 rec->id, rec->state != NULL ? rec->state : "");
    clm_claim_due_item it;
    it.number = rec->id;
    it.handler = rec->manager != NULL ? rec->manager : "";
    it.client_id = rec->client_id != NULL ? rec->client_id : "";
    it.state = (clm_claim_state)state;
    it.deadline = rec->due;
    /* The index gave only deadlines up to the warning horizon, computed
     * once for the listing: what clm_claim_urgency_of() would say of each
     * is then a comparison with `on`, with no calendar walk per claim. */
    it.urgency = rec->due < x->on    ? CLM_CLAIM_OVERDUE
                 : rec->due == x->on ? CLM_CLAIM_DUE_TODAY
                                     : CLM_CLAIM_WARNING;
    return x->cb(&it, x->payload);
}

int clm_claim_store_due(clm_store *st, const clm_calendar *cal, clm_date on, const char *manager,
                        const clm_claim_policy *policy, clm_claim_due_cb cb, void *payload)
{
    if (st == NULL || cal == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_store_due: NULL argument");
    if (manager != NULL && manager[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "manager", NULL, 0,
                                 "claim_store_due: empty manager (NULL means the department)");
    clm_claim_policy pol;
    int rc = clm_claim__policy(&pol, policy);
    if (rc < 0)
        return rc;
    clm_date horizon;
    if ((rc = clm_calendar_add_working_days(&horizon, cal, on, pol.warn_days)) < 0)
        return rc;
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLAIM;
    f.manager = manager;
    f.due_to = horizon;
    due_ctx x = { on, cb, payload };
    return clm_store_scan(st, &f, due_one, &x);
}

/* ---- scans ------------------------------------------------------------------ */

typedef struct scan_ctx {
    clm_claim_cb cb;
    void *payload;
} scan_ctx;

static int scan_one(const clm_record *rec, void *payload)
{
    scan_ctx *x = payload;
    if (rec->state != NULL && strcmp(rec->state, SEQ_STATE) == 0)
        return 0;
    clm_claim *c = NULL;
    int rc = decode_record(&c, rec);
    if (rc < 0)
        return rc;
    rc = x->cb(c, x->payload);
    clm_claim_free(c);
    return rc;
}

int clm_claim_store_scan(clm_store *st, const char *manager, clm_claim_cb cb, void *payload)
{
    if (st == NULL || cb == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_store_scan: NULL argument");
    if (manager != NULL && manager[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "manager", NULL, 0,
                                 "claim_store_scan: empty manager (NULL means any)");
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLAIM;
    f.manager = manager;
    scan_ctx x = { cb, payload };
    return clm_store_scan(st, &f, scan_one, &x);
}
