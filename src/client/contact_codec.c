/*
 * contact_codec.c — the versioned text format of one contact-log entry
 * (contact.h, "encoding for storage").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "contact_internal.h"
#include "clm/date.h"

#define MAGIC "clm-contact "
#define VERSION 1
#define LIMIT ((size_t)1024 * 1024)
#define SRC "<memory>"

int clm_contact_entry_encode(char **out, size_t *len, const clm_contact_entry *e)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_entry_encode: NULL out");
    int rc = clm_contact_entry_check(e);
    if (rc < 0)
        return rc;
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_printf(&b, "%s%d\n", MAGIC, VERSION);
    clm_core__buf_printf(&b, "direction=%s\nchannel=%s\nat=%lld\n",
                    clm_contact_direction_name(e->direction),
                    clm_contact_channel_name(e->channel), (long long)e->at);
    const char *keys[5] = { "client_id", "manager", "purpose", "result", "next_action" };
    const char *vals[5] = { e->client_id, e->manager, e->purpose, e->result,
                            e->next_action };
    for (int i = 0; i < 5; i++) {
        if (clm_client__empty(vals[i]))
            continue;
        clm_core__buf_printf(&b, "%s=", keys[i]);
        clm_client__esc(&b, vals[i]);
        clm_core__buf_puts(&b, "\n");
    }
    if (e->next_due != CLM_CONTACT_NO_DATE) {
        char d[CLM_DATE_FORMAT_MAX];
        if (clm_date_format(d, sizeof(d), e->next_due) < 0) {
            clm_core__buf_free(&b);
            return CLM_ERANGE;
        }
        clm_core__buf_printf(&b, "next_due=%s\n", d);
    }
    char *text = NULL;
    size_t n = 0;
    if (clm_core__buf_finish(&b, &text, &n) < 0)
        return clm_core__oom("contact encoding");
    *out = text;
    if (len != NULL)
        *len = n;
    return 0;
}

/* `what` is a CLM_N_ text (translated here, clm/lang.h) or a message
 * already in the thread's language. */
static int bad(int line, const char *key, const char *what)
{
    return clm_core__fail_at(CLM_EPARSE, key, SRC, line, "contact: line %d (%s): %s", line,
                        key, clm_core__tr(what));
}

int clm_contact_entry_decode(clm_contact_log *log, const char *text, size_t len,
                             size_t *index)
{
    if (log == NULL || text == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_entry_decode: NULL argument");
    if (len > LIMIT)
        return clm_core__fail(CLM_ELIMIT, "contact_entry_decode: %zu bytes, the limit is %zu",
                         len, LIMIT);
    if (memchr(text, '\0', len) != NULL)
        return bad(0, "", CLM_N_("NUL byte in the input"));
    static const char *const keys[] = { "direction", "channel", "at", "client_id",
                                        "manager", "purpose", "result", "next_action",
                                        "next_due" };
    enum { NKEYS = sizeof(keys) / sizeof(keys[0]) };
    char *vals[NKEYS] = { NULL };
    int rc = 0, line = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            rc = bad(line, "", CLM_N_("the last line has no line end"));
            goto out;
        }
        size_t n = (size_t)(nl - p);
        if (line == 1) {
            size_t mn = strlen(MAGIC);
            if (n <= mn || memcmp(p, MAGIC, mn) != 0) {
                rc = bad(1, "", CLM_N_("not a contact entry (\"clm-contact 1\")"));
                goto out;
            }
            if (n - mn != 1 || p[mn] != '0' + VERSION) {
                rc = clm_core__fail_at(CLM_EVERSION, "", SRC, 1,
                                  "contact: format version %.*s, this library reads %d",
                                  (int)(n - mn > 20 ? 20 : n - mn), p + mn, VERSION);
                goto out;
            }
            p = nl + 1;
            continue;
        }
        const char *eq = memchr(p, '=', n);
        if (eq == NULL) {
            rc = bad(line, "", CLM_N_("expected key=value"));
            goto out;
        }
        size_t kn = (size_t)(eq - p);
        int k = -1;
        for (int i = 0; i < NKEYS; i++)
            if (strlen(keys[i]) == kn && memcmp(keys[i], p, kn) == 0)
                k = i;
        if (k < 0) {
            rc = bad(line, "", CLM_N_("unknown key"));
            goto out;
        }
        if (vals[k] != NULL) {
            rc = bad(line, keys[k], CLM_N_("key given twice"));
            goto out;
        }
        int isbad;
        vals[k] = clm_client__unesc(eq + 1, n - kn - 1, &isbad);
        if (vals[k] == NULL) {
            rc = isbad ? bad(line, keys[k], CLM_N_("malformed escape or control byte"))
                       : CLM_ENOMEM;
            goto out;
        }
        p = nl + 1;
    }
    if (line == 0) {
        rc = bad(1, "", CLM_N_("empty input"));
        goto out;
    }
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    for (int i = 0; i < 3; i++)
        if (vals[i] == NULL) {
            rc = bad(line, keys[i], CLM_N_("missing"));
            goto out;
        }
    if (clm_contact_direction_from_name(&e.direction, vals[0]) < 0) {
        rc = bad(line, "direction", CLM_N_("unknown direction"));
        goto out;
    }
    if (clm_contact_channel_from_name(&e.channel, vals[1]) < 0) {
        rc = bad(line, "channel", CLM_N_("unknown channel"));
        goto out;
    }
    {
        char *endp = NULL;
        const char *a = vals[2];
        int ok = a[0] != '\0';
        for (size_t i = 0; ok && a[i] != '\0'; i++)
            ok = (a[i] >= '0' && a[i] <= '9') || (i == 0 && a[i] == '-' && a[1] != '\0');
        errno = 0;
        long long v = ok ? strtoll(a, &endp, 10) : 0;
        if (!ok || errno != 0) {
            rc = bad(line, "at", CLM_N_("not a moment"));
            goto out;
        }
        e.at = (clm_time)v;
    }
    e.client_id = vals[3];
    e.manager = vals[4];
    e.purpose = vals[5];
    e.result = vals[6];
    e.next_action = vals[7];
    if (vals[8] != NULL && clm_date_parse(&e.next_due, vals[8]) < 0) {
        rc = bad(line, "next_due", clm_error_last()->message);
        goto out;
    }
    rc = clm_contact_log_add(log, &e, index);
out:
    for (int i = 0; i < NKEYS; i++)
        clm_core__free(vals[i]);
    return rc;
}
