/*
 * record.c — the record value type: checks, copies, comparison, the kind
 * names and the portable encoding (clm_record_encode/decode).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "clm/money.h"
#include "core/core.h"
#include "store_internal.h"

static const char *const kind_names[] = {
    NULL, "client", "contact", "task", "category_policy", "discount_policy",
    "offer", "contract", "claim", "invoice", "payment", "order",
    "coupon",
};

const char *const clm_store__family_tables[CLM__STORE_FAMILIES] = {
    "clm_clients", "clm_activities", "clm_policies",
    "clm_deals",   "clm_claims",     "clm_ledger",
};

static const int kind_family[] = {
    -1, 0, /* client */ 1, 1, /* contact, task */ 2, 2, /* policies */
    3, 3, /* offer, contract */ 4, /* claim */ 5, 5, /* invoice, payment */
    3, /* order */
    2, /* coupon: kept with the discount policies */
};

const char *clm_record_kind_name(clm_record_kind kind)
{
    return clm_store__record_kind_valid(kind) ? kind_names[kind] : NULL;
}

int clm_record_kind_from_name(clm_record_kind *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "record kind: %s is NULL", out == NULL ? "out" : "name");
    for (int k = 1; k <= (int)CLM__RECORD_KIND_LAST; k++) {
        if (strcmp(kind_names[k], name) == 0) {
            *out = (clm_record_kind)k;
            return 0;
        }
    }
    return clm_core__fail_at(CLM_ENOTFOUND, "kind", "", 0, "record kind: no kind is named '%.64s'", name);
}

int clm_store__kind_family(clm_record_kind kind)
{
    return clm_store__record_kind_valid(kind) ? kind_family[kind] : -1;
}

const char *clm_store__kind_table(clm_record_kind kind)
{
    int f = clm_store__kind_family(kind);
    return f < 0 ? NULL : clm_store__family_tables[f];
}

const char *clm_store__audit_op_name(clm_audit_op op)
{
    switch (op) {
    case CLM_AUDIT_CREATE: return "create";
    case CLM_AUDIT_UPDATE: return "update";
    case CLM_AUDIT_DELETE: return "delete";
    }
    return NULL;
}

int clm_store__audit_op_from_name(clm_audit_op *out, const char *name)
{
    static const clm_audit_op ops[] = { CLM_AUDIT_CREATE, CLM_AUDIT_UPDATE, CLM_AUDIT_DELETE };
    for (size_t i = 0; name != NULL && i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(clm_store__audit_op_name(ops[i]), name) == 0) {
            *out = ops[i];
            return 0;
        }
    }
    return clm_core__fail(CLM_EPARSE, "audit: unknown operation '%.32s'", name != NULL ? name : "(null)");
}

int clm_record_init(clm_record *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "record: NULL record");
    static const clm_record init = CLM_RECORD_INIT;
    *r = init;
    return 0;
}

int clm_store__record_check_id(const char *id, const char *field)
{
    if (id == NULL)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "record: %s is NULL", field);
    size_t n = strnlen(id, CLM_RECORD_ID_MAX + 1);
    if (n == 0)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "record: %s is empty", field);
    if (n > CLM_RECORD_ID_MAX)
        return clm_core__fail_at(CLM_ELIMIT, field, "", 0,
                            "record: %s is longer than %d bytes", field, CLM_RECORD_ID_MAX);
    /* the store's own limit (ELIMIT) first, then the one text rule */
    return clm_core__check_textn(id, n, CLM_CORE__TEXT_ID, field);
}

int clm_store__record_check_text(const char *s, size_t max, bool allow_null, const char *field)
{
    if (s == NULL) {
        if (allow_null)
            return 0;
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "record: %s is NULL", field);
    }
    size_t n = strnlen(s, max + 1);
    if (n == 0)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "record: %s is \"\" (leave it NULL when absent)", field);
    if (n > max)
        return clm_core__fail_at(CLM_ELIMIT, field, "", 0, "record: %s is longer than %zu bytes",
                            field, max);
    return clm_core__check_textn(s, n, CLM_CORE__TEXT_LINE, field);
}

static bool date_valid(clm_date d)
{
    return d >= CLM_DATE_MIN && d <= CLM_DATE_MAX;
}

int clm_record_check(const clm_record *r)
{
    if (r == NULL)
        return clm_core__fail(CLM_EINVAL, "record: NULL record");
    if (!clm_store__record_kind_valid(r->kind))
        return clm_core__fail_at(CLM_EINVAL, "kind", "", 0, "record: %d is not a record kind",
                            (int)r->kind);
    int rc = clm_store__record_check_id(r->id, "id");
    if (rc < 0)
        return rc;
    if (r->version < 0)
        return clm_core__fail_at(CLM_EINVAL, "version", "", 0,
                            "record: version %lld is negative", (long long)r->version);
    const char *texts[] = { r->client_id, r->manager, r->state, r->name, r->category };
    static const char *const names[] = { "client_id", "manager", "state", "name", "category" };
    for (size_t i = 0; i < 5; i++) {
        rc = clm_store__record_check_text(texts[i], CLM_RECORD_FIELD_MAX, true, names[i]);
        if (rc < 0)
            return rc;
    }
    if (r->due != CLM_RECORD_NO_DUE && !date_valid(r->due))
        return clm_core__fail_at(CLM_EINVAL, "due", "", 0,
                            "record: due %ld is not a valid date", (long)r->due);
    if (memchr(r->amount.currency, '\0', sizeof r->amount.currency) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "amount", "", 0,
                            "record: amount's currency is not NUL-terminated");
    if (r->amount.currency[0] == '\0') {
        if (r->amount.amount != 0)
            return clm_core__fail_at(CLM_EINVAL, "amount", "", 0,
                                "record: amount %lld has no currency",
                                (long long)r->amount.amount);
    } else {
        clm_currency c;
        rc = clm_currency_find(&c, r->amount.currency);
        if (rc < 0)
            return clm_core__fail_at(rc, "amount", "", 0,
                                "record: amount's currency '%.3s' is not a known ISO 4217 code",
                                r->amount.currency);
    }
    if (r->body_len > CLM_RECORD_BODY_MAX)
        return clm_core__fail_at(CLM_ELIMIT, "body", "", 0,
                            "record: body of %zu bytes is larger than %u", r->body_len,
                            (unsigned)CLM_RECORD_BODY_MAX);
    if (r->body == NULL && r->body_len > 0)
        return clm_core__fail_at(CLM_EINVAL, "body", "", 0,
                            "record: body is NULL but body_len is %zu", r->body_len);
    return 0;
}

int clm_store__record_build(clm_record **out, const clm_record *r, const size_t lens[6])
{
    const char *strs[6] = { r->id, r->client_id, r->manager, r->state, r->name, r->category };
    size_t total = sizeof(clm_record);
    for (int i = 0; i < 6; i++) {
        if (strs[i] != NULL && (__builtin_add_overflow(total, lens[i], &total) ||
                                __builtin_add_overflow(total, (size_t)1, &total)))
            return clm_core__fail(CLM_ELIMIT, "record: too large to copy");
    }
    if (__builtin_add_overflow(total, r->body_len, &total))
        return clm_core__fail(CLM_ELIMIT, "record: too large to copy");
    clm_record *c = clm_core__malloc(total);
    if (c == NULL)
        return clm_core__oom("copying a record");
    *c = *r;
    char *p = (char *)(c + 1);
    const char **dst[6] = { &c->id, &c->client_id, &c->manager, &c->state, &c->name, &c->category };
    for (int i = 0; i < 6; i++) {
        if (strs[i] == NULL) {
            *dst[i] = NULL;
            continue;
        }
        memcpy(p, strs[i], lens[i]);
        p[lens[i]] = '\0';
        *dst[i] = p;
        p += lens[i] + 1;
    }
    if (r->body_len > 0) {
        memcpy(p, r->body, r->body_len);
        c->body = p;
    } else {
        c->body = NULL;
        c->body_len = 0;
    }
    *out = c;
    return 0;
}

int clm_record_dup(clm_record **out, const clm_record *r)
{
    if (out == NULL || r == NULL)
        return clm_core__fail(CLM_EINVAL, "record: %s is NULL", out == NULL ? "out" : "record");
    if (r->body == NULL && r->body_len > 0)
        return clm_core__fail_at(CLM_EINVAL, "body", "", 0, "record: body is NULL but body_len is %zu",
                            r->body_len);
    const char *strs[6] = { r->id, r->client_id, r->manager, r->state, r->name, r->category };
    size_t lens[6];
    for (int i = 0; i < 6; i++)
        lens[i] = strs[i] != NULL ? strlen(strs[i]) : 0;
    return clm_store__record_build(out, r, lens);
}

void clm_record_free(clm_record *r)
{
    clm_core__free(r);
}

int clm_record_equal(const clm_record *a, const clm_record *b)
{
    if (a == NULL || b == NULL)
        return 0;
    if (a->kind != b->kind || a->version != b->version || a->due != b->due ||
        a->amount.amount != b->amount.amount ||
        strncmp(a->amount.currency, b->amount.currency, sizeof a->amount.currency) != 0)
        return 0;
    if (!clm_core__streq(a->id, b->id) || !clm_core__streq(a->client_id, b->client_id) ||
        !clm_core__streq(a->manager, b->manager) || !clm_core__streq(a->state, b->state) ||
        !clm_core__streq(a->name, b->name) || !clm_core__streq(a->category, b->category))
        return 0;
    if (a->body_len != b->body_len)
        return 0;
    return a->body_len == 0 || memcmp(a->body, b->body, a->body_len) == 0;
}

/* ---- filters ------------------------------------------------------------ */

int clm_store__filter_check(const clm_store_filter *f)
{
    if (f == NULL)
        return clm_core__fail(CLM_EINVAL, "store filter: NULL filter");
    if (clm_core__check_version(f->version, CLM_STORE_FILTER_VERSION, "store filter") < 0)
        return CLM_EVERSION;
    if (!clm_store__record_kind_valid(f->kind))
        return clm_core__fail_at(CLM_EINVAL, "kind", "", 0, "store filter: %d is not a record kind",
                            (int)f->kind);
    const char *texts[] = { f->client_id, f->manager, f->state, f->category };
    static const char *const names[] = { "client_id", "manager", "state", "category" };
    for (size_t i = 0; i < 4; i++) {
        int rc = clm_store__record_check_text(texts[i], CLM_RECORD_FIELD_MAX, true, names[i]);
        if (rc < 0)
            return rc;
    }
    if (f->due_from != CLM_RECORD_NO_DUE && !date_valid(f->due_from))
        return clm_core__fail_at(CLM_EINVAL, "due_from", "", 0, "store filter: due_from is not a valid date");
    if (f->due_to != CLM_RECORD_NO_DUE && !date_valid(f->due_to))
        return clm_core__fail_at(CLM_EINVAL, "due_to", "", 0, "store filter: due_to is not a valid date");
    if (f->due_from != CLM_RECORD_NO_DUE && f->due_to != CLM_RECORD_NO_DUE &&
        f->due_from > f->due_to)
        return clm_core__fail_at(CLM_EINVAL, "due_from", "", 0,
                            "store filter: due_from is after due_to");
    return 0;
}

static bool cond_ok(const char *want, const char *have)
{
    return want == NULL || (have != NULL && strcmp(want, have) == 0);
}

bool clm_store__record_matches(const clm_record *r, const clm_store_filter *f)
{
    if (r->kind != f->kind)
        return false;
    if (!cond_ok(f->client_id, r->client_id) || !cond_ok(f->manager, r->manager) ||
        !cond_ok(f->state, r->state) || !cond_ok(f->category, r->category))
        return false;
    if (f->due_from != CLM_RECORD_NO_DUE || f->due_to != CLM_RECORD_NO_DUE) {
        if (r->due == CLM_RECORD_NO_DUE)
            return false;
        if (f->due_from != CLM_RECORD_NO_DUE && r->due < f->due_from)
            return false;
        if (f->due_to != CLM_RECORD_NO_DUE && r->due > f->due_to)
            return false;
    }
    return true;
}

bool clm_store__audit_matches(const clm_audit_entry *e, const clm_audit_filter *f)
{
    if (f == NULL)
        return true;
    if (f->kind != 0 && e->kind != f->kind)
        return false;
    if (f->id != NULL && strcmp(f->id, e->id) != 0)
        return false;
    return e->seq >= f->from_seq;
}

/* ---- encoding ------------------------------------------------------------
 * "CLR1", then little-endian: u32 kind, i64 version, six strings (id,
 * client_id, manager, state, name, category) each as u32 length + bytes
 * (length 0xFFFFFFFF = NULL), i32 due, i64 amount, 4 bytes currency, u32
 * body length + bytes. */

#define ENC_MAGIC "CLR1"
#define ENC_NULL 0xFFFFFFFFu

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(v >> (8 * i));
    return p;
}

static unsigned char *put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        *p++ = (unsigned char)(v >> (8 * i));
    return p;
}

int clm_record_encode(void **out, size_t *len, const clm_record *r)
{
    if (out == NULL || len == NULL)
        return clm_core__fail(CLM_EINVAL, "record encode: %s is NULL", out == NULL ? "out" : "len");
    int rc = clm_record_check(r);
    if (rc < 0)
        return rc;
    return clm_store__record_encode(out, len, r);
}

int clm_store__record_encode(void **out, size_t *len, const clm_record *r)
{
    const char *strs[6] = { r->id, r->client_id, r->manager, r->state, r->name, r->category };
    size_t n = 4 + 4 + 8 + 4 + 8 + 4 + 4 + r->body_len;
    for (int i = 0; i < 6; i++)
        n += 4 + (strs[i] != NULL ? strlen(strs[i]) : 0);
    unsigned char *buf = clm_core__malloc(n);
    if (buf == NULL)
        return clm_core__oom("encoding a record");
    unsigned char *p = buf;
    memcpy(p, ENC_MAGIC, 4);
    p += 4;
    p = put_u32(p, (uint32_t)r->kind);
    p = put_u64(p, (uint64_t)r->version);
    for (int i = 0; i < 6; i++) {
        if (strs[i] == NULL) {
            p = put_u32(p, ENC_NULL);
            continue;
        }
        size_t l = strlen(strs[i]);
        p = put_u32(p, (uint32_t)l);
        memcpy(p, strs[i], l);
        p += l;
    }
    p = put_u32(p, (uint32_t)r->due);
    p = put_u64(p, (uint64_t)r->amount.amount);
    memcpy(p, r->amount.currency, 4);
    p += 4;
    p = put_u32(p, (uint32_t)r->body_len);
    if (r->body_len > 0)
        memcpy(p, r->body, r->body_len);
    *out = buf;
    *len = n;
    return 0;
}

typedef struct reader {
    const unsigned char *p;
    size_t left;
} reader;

static bool get_u32(reader *rd, uint32_t *v)
{
    if (rd->left < 4)
        return false;
    *v = 0;
    for (int i = 0; i < 4; i++)
        *v |= (uint32_t)rd->p[i] << (8 * i);
    rd->p += 4;
    rd->left -= 4;
    return true;
}

static bool get_u64(reader *rd, uint64_t *v)
{
    if (rd->left < 8)
        return false;
    *v = 0;
    for (int i = 0; i < 8; i++)
        *v |= (uint64_t)rd->p[i] << (8 * i);
    rd->p += 8;
    rd->left -= 8;
    return true;
}

static bool get_bytes(reader *rd, size_t n, const unsigned char **v)
{
    if (rd->left < n)
        return false;
    *v = rd->p;
    rd->p += n;
    rd->left -= n;
    return true;
}

int clm_record_decode(clm_record **out, const void *data, size_t len)
{
    if (out == NULL || data == NULL)
        return clm_core__fail(CLM_EINVAL, "record decode: %s is NULL", out == NULL ? "out" : "data");
    reader rd = { data, len };
    const unsigned char *magic;
    if (!get_bytes(&rd, 4, &magic) || memcmp(magic, ENC_MAGIC, 4) != 0)
        return clm_core__fail(CLM_EPARSE, "record decode: not an encoded record (bad tag)");
    clm_record r = CLM_RECORD_INIT;
    uint32_t u32;
    uint64_t u64;
    if (!get_u32(&rd, &u32) || !get_u64(&rd, &u64))
        goto truncated;
    r.kind = u32 <= (uint32_t)CLM__RECORD_KIND_LAST ? (clm_record_kind)u32 : (clm_record_kind)0;
    r.version = (int64_t)u64;
    const char **dst[6] = { &r.id, &r.client_id, &r.manager, &r.state, &r.name, &r.category };
    size_t lens[6] = { 0 };
    for (int i = 0; i < 6; i++) {
        if (!get_u32(&rd, &u32))
            goto truncated;
        if (u32 == ENC_NULL) {
            *dst[i] = NULL;
            continue;
        }
        const unsigned char *s;
        if (!get_bytes(&rd, u32, &s))
            goto truncated;
        if (memchr(s, '\0', u32) != NULL)
            return clm_core__fail(CLM_EPARSE, "record decode: a string holds a NUL byte");
        *dst[i] = (const char *)s;
        lens[i] = u32;
    }
    if (!get_u32(&rd, &u32))
        goto truncated;
    r.due = (clm_date)(int32_t)u32;
    if (!get_u64(&rd, &u64))
        goto truncated;
    r.amount.amount = (int64_t)u64;
    const unsigned char *cur;
    if (!get_bytes(&rd, 4, &cur))
        goto truncated;
    memcpy(r.amount.currency, cur, 4);
    if (!get_u32(&rd, &u32))
        goto truncated;
    const unsigned char *body;
    if (!get_bytes(&rd, u32, &body))
        goto truncated;
    r.body = u32 > 0 ? body : NULL;
    r.body_len = u32;
    if (rd.left != 0)
        return clm_core__fail(CLM_EPARSE, "record decode: %zu bytes after the end of the record",
                         rd.left);
    clm_record *c;
    int rc = clm_store__record_build(&c, &r, lens);
    if (rc < 0)
        return rc == CLM_ENOMEM ? rc : clm_core__fail(CLM_EPARSE, "record decode: bad lengths");
    rc = clm_record_check(c);
    if (rc < 0) {
        char why[256];
        snprintf(why, sizeof why, "%s", clm_error_last()->message);
        clm_record_free(c);
        return clm_core__fail(CLM_EPARSE, "record decode: the decoded record is not valid: %s", why);
    }
    *out = c;
    return 0;
truncated:
    return clm_core__fail(CLM_EPARSE, "record decode: truncated at byte %zu of %zu", len - rd.left, len);
}

/* ---- key prefixes ------------------------------------------------------------ */

static size_t utf8_put(char *w, uint32_t c)
{
    if (c < 0x80) {
        w[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        w[0] = (char)(0xC0 | (c >> 6));
        w[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        w[0] = (char)(0xE0 | (c >> 12));
        w[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        w[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    w[0] = (char)(0xF0 | (c >> 18));
    w[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    w[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    w[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

int clm_store__prefix_upper(char **out, const char *prefix)
{
    size_t n = strlen(prefix);
    char *u = clm_core__malloc(n + 4);
    if (u == NULL)
        return clm_core__oom("key prefix bound");
    memcpy(u, prefix, n + 1);
    while (n > 0) {
        size_t start = n - 1; /* the last code point starts at a non-continuation byte */
        while (start > 0 && ((unsigned char)u[start] & 0xC0u) == 0x80u)
            start--;
        const unsigned char *b = (const unsigned char *)u + start;
        size_t len = n - start;
        uint32_t c = len == 1 ? b[0]
                   : len == 2 ? ((uint32_t)(b[0] & 0x1F) << 6) | (b[1] & 0x3F)
                   : len == 3 ? ((uint32_t)(b[0] & 0x0F) << 12) | ((uint32_t)(b[1] & 0x3F) << 6) | (b[2] & 0x3F)
                              : ((uint32_t)(b[0] & 0x07) << 18) | ((uint32_t)(b[1] & 0x3F) << 12) |
                                    ((uint32_t)(b[2] & 0x3F) << 6) | (b[3] & 0x3F);
        if (c >= 0x10FFFF) {
            n = start; /* nothing above it: raise the one before */
            continue;
        }
        c = c + 1 == 0xD800 ? 0xE000 : c + 1;
        n = start + utf8_put(u + start, c);
        u[n] = '\0';
        *out = u;
        return 0;
    }
    clm_core__free(u);
    *out = NULL;
    return 0;
}
