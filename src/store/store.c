/*
 * store.c — the store handle: argument checks, transaction depth, the
 * re-entry guard for scans, and the audited writes (a change and its audit
 * entry in one transaction level, so both or neither are written).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "clm/actor.h"
#include "clm/store_keys.h"
#include "core/core.h"
#include "store_internal.h"
#include "store_op.h"

struct clm_store {
    clm_store_backend *b;
    unsigned int depth;    /* open transaction levels */
    unsigned int op_depth; /* the level clm_store__op_begin() opened; 0: none */
    int in_scan;           /* a scan's callback is running */
    unsigned long writes;  /* backend writes that went through (or may have, keys_set) */
    /* The level a flat operation left half-written (store_op.h); 0: none.
     * Every call but rollback is refused while it is set. */
    unsigned int broken;
    char broken_why[384];
};

/* Set by clm_store_backend_fail(): the backend described its failure. */
static _Thread_local int backend_explained;

int clm_store_backend_init(clm_store_backend *b, unsigned int version)
{
    if (b == NULL)
        return clm_core__fail(CLM_EINVAL, "store backend: NULL backend");
    if (clm_core__check_version(version, CLM_STORE_BACKEND_VERSION, "store backend") < 0)
        return CLM_EVERSION;
    /* A backend struct built against an older header ends before the
     * callbacks of later versions: zero only what it has. */
    memset(b, 0, version >= 3   ? sizeof *b
                 : version == 2 ? offsetof(clm_store_backend, get_for_write)
                                : offsetof(clm_store_backend, keys_set));
    b->version = version;
    return 0;
}

int clm_store_backend_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = clm_core__vfail_at(code, "", "", 0, fmt != NULL ? fmt : "store backend failed", ap);
    va_end(ap);
    backend_explained = 1;
    return rc;
}

static const char *kind_name(clm_record_kind k)
{
    const char *n = clm_record_kind_name(k);
    return n != NULL ? n : "?";
}

/* Runs before every backend call. */
static void backend_call_start(void)
{
    backend_explained = 0;
}

/* Normalises a backend's return code and makes sure the last error says
 * something: a code outside CLM_E* becomes CLM_EIO. */
static int backend_result(int rc, const char *what, clm_record_kind kind, const char *id)
{
    if (rc == 0)
        return 0;
    char where[300] = "";
    if (id != NULL)
        snprintf(where, sizeof where, " %s '%.64s'", kind_name(kind), id);
    if (rc > 0 || rc < CLM_EBUSY)
        return clm_core__fail(CLM_EIO, "store: backend %s%s returned %d, which is not a libclm error code",
                         what, where, rc);
    if (!backend_explained && clm_error_last()->code != rc)
        return clm_core__fail(rc, "store: backend %s%s failed: %s", what, where, clm_strerror(rc));
    return rc;
}

/* The checks of every call: a handle, not from a scan callback. */
static int guard_base(const clm_store *st, const char *what)
{
    if (st == NULL)
        return clm_core__fail(CLM_EINVAL, "store: %s on a NULL store", what);
    if (st->in_scan)
        return clm_core__fail(CLM_EBUSY, "store: %s called from inside a scan callback on the same store "
                                    "(collect the records first, then write)", what);
    return 0;
}

static int broken_fail(const clm_store *st, const char *what)
{
    return clm_core__fail(CLM_EIO, "store: %s refused: a write failed half-way in transaction level "
                                   "%u (%s); roll that level back before using the store again",
                          what, st->broken, st->broken_why);
}

/* ... and not on a broken handle (every call but rollback and commit). */
static int guard(const clm_store *st, const char *what)
{
    int rc = guard_base(st, what);
    if (rc == 0 && st->broken != 0)
        rc = broken_fail(st, what);
    return rc;
}

/* After a level closed: the broken mark goes with the level it named. */
static void level_closed(clm_store *st)
{
    if (st->broken > st->depth)
        st->broken = 0;
}

int clm_store_new(clm_store **out, clm_store_backend *b)
{
    if (out == NULL || b == NULL)
        return clm_core__fail(CLM_EINVAL, "store: %s is NULL", out == NULL ? "out" : "backend");
    if (clm_core__check_version(b->version, CLM_STORE_BACKEND_VERSION, "store backend") < 0)
        return CLM_EVERSION;
    struct {
        const char *name;
        int missing;
    } req[] = {
        { "get", b->get == NULL },          { "put", b->put == NULL },
        { "del", b->del == NULL },          { "scan", b->scan == NULL },
        { "begin", b->begin == NULL },      { "commit", b->commit == NULL },
        { "rollback", b->rollback == NULL }, { "audit_append", b->audit_append == NULL },
        { "audit_scan", b->audit_scan == NULL }, { "free", b->free == NULL },
    };
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++)
        if (req[i].missing)
            return clm_core__fail_at(CLM_EINVAL, req[i].name, "", 0,
                                "store: the backend's required callback '%s' is NULL", req[i].name);
    if (b->version >= 2 && (b->keys_set == NULL) != (b->keys_find == NULL))
        return clm_core__fail_at(CLM_EINVAL, b->keys_set == NULL ? "keys_set" : "keys_find", "", 0,
                                 "store: the backend has one of keys_set and keys_find: "
                                 "give both or neither");
    clm_store *st = clm_core__calloc(1, sizeof *st);
    if (st == NULL)
        return clm_core__oom("store handle");
    st->b = b;
    *out = st;
    return 0;
}

/* The shipped backends open through these two steps. The handle is
 * allocated before the backend opens: opening may create a database and
 * its schema, which a later allocation failure must not leave behind. */
static int handle_alloc(clm_store **st, clm_store **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "store: out is NULL");
    *st = clm_core__calloc(1, sizeof **st);
    return *st != NULL ? 0 : clm_core__oom("store handle");
}

/* rc is the backend constructor's result; on failure the handle goes. */
static int handle_attach(clm_store **out, clm_store *st, int rc, clm_store_backend *b)
{
    if (rc < 0) {
        clm_core__free(st);
        return rc;
    }
    st->b = b;
    *out = st;
    return 0;
}

int clm_store_open_memory(clm_store **out)
{
    clm_store *st;
    int rc = handle_alloc(&st, out);
    if (rc < 0)
        return rc;
    clm_store_backend *b = NULL;
    rc = clm_store_backend_memory_new(&b);
    return handle_attach(out, st, rc, b);
}

int clm_store_open_sqlite(clm_store **out, const char *path, const clm_store_sqlite_options *opts)
{
    clm_store *st;
    int rc = handle_alloc(&st, out);
    if (rc < 0)
        return rc;
    clm_store_backend *b = NULL;
    rc = clm_store_backend_sqlite_new(&b, path, opts);
    return handle_attach(out, st, rc, b);
}

int clm_store_open_postgres(clm_store **out, const char *conninfo)
{
    clm_store *st;
    int rc = handle_alloc(&st, out);
    if (rc < 0)
        return rc;
    clm_store_backend *b = NULL;
    rc = clm_store_backend_postgres_new(&b, conninfo);
    return handle_attach(out, st, rc, b);
}

void clm_store_free(clm_store *st)
{
    if (st == NULL)
        return;
    while (st->depth > 0) {
        st->b->rollback(st->b, st->depth);
        st->depth--;
    }
    st->b->free(st->b);
    clm_core__free(st);
}

unsigned int clm_store_depth(const clm_store *st)
{
    return st != NULL ? st->depth : 0;
}

/* ---- transactions ------------------------------------------------------- */

static int level_begin(clm_store *st)
{
    if (st->depth >= CLM__STORE_DEPTH_MAX)
        return clm_core__fail(CLM_ELIMIT, "store: transactions nested deeper than %d levels",
                         CLM__STORE_DEPTH_MAX);
    backend_call_start();
    int rc = backend_result(st->b->begin(st->b, st->depth + 1), "begin", (clm_record_kind)0, NULL);
    if (rc < 0)
        return rc;
    st->depth++;
    return 0;
}

/* Closes the innermost level undoing it; keeps the caller's error. */
static void level_abort(clm_store *st)
{
    st->b->rollback(st->b, st->depth);
    st->depth--;
    level_closed(st);
}

static int level_commit(clm_store *st)
{
    backend_call_start();
    int rc = backend_result(st->b->commit(st->b, st->depth), "commit", (clm_record_kind)0, NULL);
    if (rc < 0) {
        /* commit(1) that fails has closed the transaction itself; a
         * savepoint that cannot be released is rolled back. */
        if (st->depth > 1)
            st->b->rollback(st->b, st->depth);
        st->depth--;
        level_closed(st);
        return rc;
    }
    st->depth--;
    return 0;
}

int clm_store_begin(clm_store *st)
{
    int rc = guard(st, "begin");
    return rc < 0 ? rc : level_begin(st);
}

int clm_store_commit(clm_store *st)
{
    int rc = guard_base(st, "commit");
    if (rc < 0)
        return rc;
    if (st->depth == 0)
        return clm_core__fail(CLM_ESTATE, "store: commit without an open transaction");
    if (st->broken != 0) {
        /* Half a write must not be committed: the level goes instead. */
        rc = broken_fail(st, "commit");
        level_abort(st);
        return rc;
    }
    return level_commit(st);
}

int clm_store_rollback(clm_store *st)
{
    int rc = guard_base(st, "rollback");
    if (rc < 0)
        return rc;
    if (st->depth == 0)
        return clm_core__fail(CLM_ESTATE, "store: rollback without an open transaction");
    backend_call_start();
    rc = backend_result(st->b->rollback(st->b, st->depth), "rollback", (clm_record_kind)0, NULL);
    st->depth--;
    level_closed(st);
    return rc;
}

/* ---- one write of several calls (store_op.h) ----------------------------- */

int clm_store__op_begin(clm_store *st, unsigned int *saved)
{
    int rc = guard(st, "begin");
    if (rc < 0)
        return rc;
    if ((rc = level_begin(st)) < 0)
        return rc;
    *saved = st->op_depth;
    st->op_depth = st->depth;
    return 0;
}

int clm_store__op_end(clm_store *st, unsigned int saved, int rc)
{
    st->op_depth = saved;
    if (rc < 0) {
        level_abort(st);
        return rc;
    }
    return level_commit(st);
}

int clm_store__flat_begin(clm_store *st, clm_store__flat *op)
{
    int rc = guard(st, "begin");
    if (rc < 0)
        return rc;
    op->opened = st->depth == 0;
    if (op->opened && (rc = level_begin(st)) < 0)
        return rc;
    op->saved = st->op_depth;
    op->writes = st->writes;
    st->op_depth = st->depth;
    return 0;
}

int clm_store__flat_end(clm_store *st, clm_store__flat *op, int rc)
{
    st->op_depth = op->saved;
    if (op->opened) {
        if (rc < 0) {
            level_abort(st);
            return rc;
        }
        return level_commit(st);
    }
    if (rc < 0 && st->writes != op->writes && st->broken == 0) {
        /* Part of the write is in the caller's level: refuse everything
         * but its rollback (store.h, "Transactions"). The last error
         * stays the one that failed the operation. */
        const char *m = clm_error_last()->message;
        snprintf(st->broken_why, sizeof st->broken_why, "%s",
                 m != NULL && m[0] != '\0' ? m : clm_strerror(rc));
        st->broken = st->depth;
    }
    return rc;
}

/* The level an audited write or a keys_set runs in: its own (*opened = 1),
 * or, called straight inside clm_store__op_begin()'s level, that one (the
 * op undoes it whole on any failure, so a second level inside it would
 * only cost a savepoint). */
static int write_level(clm_store *st, int *opened)
{
    *opened = st->op_depth == 0 || st->op_depth != st->depth;
    return *opened ? level_begin(st) : 0;
}

/* Ends what write_level() opened: commits it, or undoes it on rc < 0. */
static int write_level_end(clm_store *st, int opened, int rc)
{
    if (!opened)
        return rc;
    if (rc < 0) {
        level_abort(st);
        return rc;
    }
    return level_commit(st);
}

/* ---- reading ------------------------------------------------------------ */

static int check_key(clm_record_kind kind, const char *id)
{
    if (!clm_store__record_kind_valid(kind))
        return clm_core__fail_at(CLM_EINVAL, "kind", "", 0, "store: %d is not a record kind", (int)kind);
    return clm_store__record_check_id(id, "id");
}

enum {
    READ_MISSING_OK = 1, /* not found: 0 and *out = NULL */
    READ_FOR_WRITE = 2   /* the before-image of an audited write: get_for_write */
};

/* Reads kind/id into a copy the caller owns; *out = NULL if not found. */
static int read_copy(clm_record **out, clm_store *st, clm_record_kind kind, const char *id,
                     int flags)
{
    clm_record view = CLM_RECORD_INIT;
    backend_call_start();
    int rc = (flags & READ_FOR_WRITE) && st->b->version >= 3 && st->b->get_for_write != NULL
                 ? st->b->get_for_write(&view, st->b, kind, id)
                 : st->b->get(&view, st->b, kind, id);
    if (rc == CLM_ENOTFOUND && (flags & READ_MISSING_OK)) {
        *out = NULL;
        return 0;
    }
    if (rc == CLM_ENOTFOUND)
        return clm_core__fail_at(CLM_ENOTFOUND, "id", "", 0, "store: no %s '%.64s'", kind_name(kind), id);
    rc = backend_result(rc, "get", kind, id);
    if (rc < 0)
        return rc;
    if (view.kind != kind || !clm_core__streq(view.id, id) || view.version < 1)
        return clm_core__fail(CLM_EIO, "store: backend get %s '%.64s' returned another record or no version",
                         kind_name(kind), id);
    return clm_record_dup(out, &view);
}

int clm_store_get(clm_record **out, clm_store *st, clm_record_kind kind, const char *id)
{
    int rc = guard(st, "get");
    if (rc < 0)
        return rc;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "store: get with a NULL out");
    rc = check_key(kind, id);
    if (rc < 0)
        return rc;
    return read_copy(out, st, kind, id, 0);
}

int clm_store_filter_init(clm_store_filter *f)
{
    if (f == NULL)
        return clm_core__fail(CLM_EINVAL, "store filter: NULL filter");
    static const clm_store_filter init = CLM_STORE_FILTER_INIT;
    *f = init;
    return 0;
}

int clm_store_sqlite_options_init(clm_store_sqlite_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "sqlite options: NULL options");
    static const clm_store_sqlite_options init = CLM_STORE_SQLITE_OPTIONS_INIT;
    *o = init;
    return 0;
}

int clm_audit_filter_init(clm_audit_filter *f)
{
    if (f == NULL)
        return clm_core__fail(CLM_EINVAL, "audit filter: NULL filter");
    static const clm_audit_filter init = CLM_AUDIT_FILTER_INIT;
    *f = init;
    return 0;
}

typedef struct scan_ctx {
    const clm_store_filter *f;
    clm_record_cb cb;
    void *payload;
    int stopped;   /* the user's nonzero return */
    int64_t count; /* for counting */
} scan_ctx;

static int scan_tramp(const clm_record *rec, void *payload)
{
    scan_ctx *c = payload;
    if (c->stopped != 0) /* a backend that did not stop: do not call on */
        return c->stopped;
    if (!clm_store__record_matches(rec, c->f))
        return 0;
    int rc = c->cb(rec, c->payload);
    if (rc != 0)
        c->stopped = rc;
    return rc;
}

static int count_cb(const clm_record *rec, void *payload)
{
    (void)rec;
    ((scan_ctx *)payload)->count++;
    return 0;
}

static int run_scan(clm_store *st, scan_ctx *c)
{
    st->in_scan = 1;
    backend_call_start();
    int rc = st->b->scan(st->b, c->f, scan_tramp, c);
    st->in_scan = 0;
    if (c->stopped != 0)
        return c->stopped;
    return backend_result(rc, "scan", c->f->kind, NULL);
}

int clm_store_scan(clm_store *st, const clm_store_filter *f, clm_record_cb cb, void *payload)
{
    int rc = guard(st, "scan");
    if (rc < 0)
        return rc;
    if (cb == NULL)
        return clm_core__fail(CLM_EINVAL, "store: scan with a NULL callback");
    rc = clm_store__filter_check(f);
    if (rc < 0)
        return rc;
    scan_ctx c = { f, cb, payload, 0, 0 };
    return run_scan(st, &c);
}

int clm_store_count(int64_t *out, clm_store *st, const clm_store_filter *f)
{
    int rc = guard(st, "count");
    if (rc < 0)
        return rc;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "store: count with a NULL out");
    rc = clm_store__filter_check(f);
    if (rc < 0)
        return rc;
    if (st->b->count != NULL) {
        int64_t n = 0;
        backend_call_start();
        rc = backend_result(st->b->count(&n, st->b, f), "count", f->kind, NULL);
        if (rc < 0)
            return rc;
        if (n < 0)
            return clm_core__fail(CLM_EIO, "store: backend count returned %lld", (long long)n);
        *out = n;
        return 0;
    }
    scan_ctx c = { f, count_cb, NULL, 0, 0 };
    c.payload = &c;
    rc = run_scan(st, &c);
    if (rc < 0)
        return rc;
    *out = c.count;
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

static int do_put(int64_t *out, clm_store *st, const clm_record *rec)
{
    int64_t v = 0;
    backend_call_start();
    int rc = backend_result(st->b->put(&v, st->b, rec), "put", rec->kind, rec->id);
    if (rc < 0)
        return rc;
    st->writes++;
    int64_t want = rec->version == 0 ? 1 : rec->version + 1;
    if (v != want)
        return clm_core__fail(CLM_EIO, "store: backend put %s '%.64s' stored version %lld, not %lld",
                         kind_name(rec->kind), rec->id, (long long)v, (long long)want);
    *out = v;
    return 0;
}

int clm_store_put(int64_t *out, clm_store *st, const clm_record *rec)
{
    int rc = guard(st, "put");
    if (rc < 0)
        return rc;
    rc = clm_record_check(rec);
    if (rc < 0)
        return rc;
    int64_t v;
    rc = do_put(&v, st, rec);
    if (rc < 0)
        return rc;
    if (out != NULL)
        *out = v;
    return 0;
}

static int check_version_arg(int64_t version)
{
    if (version < 1)
        return clm_core__fail_at(CLM_EINVAL, "version", "", 0,
                            "store: delete needs the version read (>= 1), not %lld",
                            (long long)version);
    return 0;
}

int clm_store_delete(clm_store *st, clm_record_kind kind, const char *id, int64_t version)
{
    int rc = guard(st, "delete");
    if (rc < 0)
        return rc;
    rc = check_key(kind, id);
    if (rc < 0)
        return rc;
    rc = check_version_arg(version);
    if (rc < 0)
        return rc;
    backend_call_start();
    rc = backend_result(st->b->del(st->b, kind, id, version), "delete", kind, id);
    if (rc == 0)
        st->writes++;
    return rc;
}

static int check_note(const char *note)
{
    if (note == NULL)
        return 0;
    size_t n = strnlen(note, CLM_RECORD_NOTE_MAX + 1);
    if (n > CLM_RECORD_NOTE_MAX)
        return clm_core__fail_at(CLM_ELIMIT, "note", "", 0, "store: audit note longer than %d bytes",
                            CLM_RECORD_NOTE_MAX);
    return clm_core__check_textn(note, n, CLM_CORE__TEXT_NOTE, "note");
}

/* The version rule, checked against the record as read in this level, so
 * the error names what the caller got wrong before anything is written.
 * The backend's put/del checks again atomically. */
static int check_against(const clm_record *before, clm_record_kind kind, const char *id,
                         int64_t version)
{
    if (version == 0 && before != NULL)
        return clm_core__fail_at(CLM_EEXISTS, "id", "", 0, "store: %s '%.64s' exists already (version %lld)",
                            kind_name(kind), id, (long long)before->version);
    if (version > 0 && before == NULL)
        return clm_core__fail_at(CLM_ENOTFOUND, "id", "", 0, "store: no %s '%.64s' to change",
                            kind_name(kind), id);
    if (version > 0 && before->version != version)
        return clm_core__fail_at(CLM_ECONFLICT, "version", "", 0,
                            "store: %s '%.64s' was changed by someone else: you read version %lld, "
                            "the stored one is %lld",
                            kind_name(kind), id, (long long)version, (long long)before->version);
    return 0;
}

static int append_entry(clm_store *st, const clm_audit_entry *e)
{
    int64_t seq = 0;
    backend_call_start();
    int rc = backend_result(st->b->audit_append(&seq, st->b, e), "audit append", e->kind, e->id);
    if (rc == 0)
        st->writes++;
    return rc;
}

int clm_store_put_audited(int64_t *out, clm_store *st, const clm_actor *who,
                          const clm_record *rec, const char *note)
{
    int rc = guard(st, "put_audited");
    if (rc < 0)
        return rc;
    if ((rc = clm_record_check(rec)) < 0 || (rc = clm_actor_check(who)) < 0 ||
        (rc = check_note(note)) < 0)
        return rc;
    int opened;
    if ((rc = write_level(st, &opened)) < 0)
        return rc;
    clm_record *before = NULL;
    int64_t v = 0;
    if (rec->version > 0) {
        /* An update: the entry keeps the record as it was, and the
         * backend keeps it so until the level ends (get_for_write). */
        rc = read_copy(&before, st, rec->kind, rec->id, READ_MISSING_OK | READ_FOR_WRITE);
        if (rc == 0)
            rc = check_against(before, rec->kind, rec->id, rec->version);
        if (rc == 0)
            rc = do_put(&v, st, rec);
    } else {
        /* A create has nothing before it: the backend's insert refuses an
         * existing record atomically, and only then is it read, to say
         * which version is there (as check_against() would have). */
        rc = do_put(&v, st, rec);
        if (rc == CLM_EEXISTS) {
            int e = read_copy(&before, st, rec->kind, rec->id, READ_MISSING_OK);
            rc = e < 0 ? e : before != NULL ? check_against(before, rec->kind, rec->id, 0) : rc;
            clm_record_free(before);
            before = NULL;
        }
    }
    if (rc == 0) {
        clm_record after = *rec;
        after.version = v;
        clm_audit_entry e = {
            0, *who, before == NULL ? CLM_AUDIT_CREATE : CLM_AUDIT_UPDATE, rec->kind, rec->id,
            v, note != NULL ? note : "", before, &after,
        };
        rc = append_entry(st, &e);
    }
    clm_record_free(before);
    rc = write_level_end(st, opened, rc);
    if (rc < 0)
        return rc;
    if (out != NULL)
        *out = v;
    return 0;
}

int clm_store_delete_audited(clm_store *st, const clm_actor *who, clm_record_kind kind,
                             const char *id, int64_t version, const char *note)
{
    int rc = guard(st, "delete_audited");
    if (rc < 0)
        return rc;
    if ((rc = check_key(kind, id)) < 0 || (rc = check_version_arg(version)) < 0 ||
        (rc = clm_actor_check(who)) < 0 || (rc = check_note(note)) < 0)
        return rc;
    int opened;
    if ((rc = write_level(st, &opened)) < 0)
        return rc;
    clm_record *before = NULL;
    rc = read_copy(&before, st, kind, id, READ_MISSING_OK | READ_FOR_WRITE);
    if (rc == 0)
        rc = check_against(before, kind, id, version);
    if (rc == 0) {
        backend_call_start();
        rc = backend_result(st->b->del(st->b, kind, id, version), "delete", kind, id);
        if (rc == 0)
            st->writes++;
    }
    if (rc == 0) {
        clm_audit_entry e = {
            0, *who, CLM_AUDIT_DELETE, kind, id, version, note != NULL ? note : "", before, NULL,
        };
        rc = append_entry(st, &e);
    }
    clm_record_free(before);
    return write_level_end(st, opened, rc);
}

/* ---- the audit log ------------------------------------------------------ */

typedef struct audit_ctx {
    const clm_audit_filter *f;
    clm_audit_cb cb;
    void *payload;
    int stopped;
} audit_ctx;

static int audit_tramp(const clm_audit_entry *e, void *payload)
{
    audit_ctx *c = payload;
    if (c->stopped != 0)
        return c->stopped;
    if (!clm_store__audit_matches(e, c->f))
        return 0;
    int rc = c->cb(e, c->payload);
    if (rc != 0)
        c->stopped = rc;
    return rc;
}

int clm_store_audit_scan(clm_store *st, const clm_audit_filter *f, clm_audit_cb cb, void *payload)
{
    int rc = guard(st, "audit_scan");
    if (rc < 0)
        return rc;
    if (cb == NULL)
        return clm_core__fail(CLM_EINVAL, "store: audit scan with a NULL callback");
    clm_audit_filter all = CLM_AUDIT_FILTER_INIT;
    if (f == NULL)
        f = &all;
    if (clm_core__check_version(f->version, CLM_AUDIT_FILTER_VERSION, "audit filter") < 0)
        return CLM_EVERSION;
    if (f->kind != 0 && !clm_store__record_kind_valid(f->kind))
        return clm_core__fail_at(CLM_EINVAL, "kind", "", 0, "audit filter: %d is not a record kind",
                            (int)f->kind);
    if (f->id != NULL) {
        if (f->kind == 0)
            return clm_core__fail_at(CLM_EINVAL, "id", "", 0, "audit filter: an id needs a kind");
        rc = clm_store__record_check_id(f->id, "id");
        if (rc < 0)
            return rc;
    }
    audit_ctx c = { f, cb, payload, 0 };
    st->in_scan = 1;
    backend_call_start();
    rc = st->b->audit_scan(st->b, f, audit_tramp, &c);
    st->in_scan = 0;
    if (c.stopped != 0)
        return c.stopped;
    return backend_result(rc, "audit scan", f->kind, NULL);
}

/* ---- lookup keys (store_keys.h) ------------------------------------------ */

static int has_keys(const clm_store *st)
{
    if (st->b->version >= 2 && st->b->keys_set != NULL)
        return 1;
    return clm_core__fail(CLM_ENOTSUP, "store: this backend keeps no lookup keys (a backend of "
                                       "version %u; lookup keys came with version 2)",
                          st->b->version);
}

static int check_key_name(const char *name)
{
    size_t n = name != NULL ? strlen(name) : 0;
    if (n == 0 || n > CLM_RECORD_KEY_NAME_MAX)
        return clm_core__fail_at(CLM_EINVAL, "name", "", 0,
                                 "store: a key name is 1-%d bytes, not %zu",
                                 CLM_RECORD_KEY_NAME_MAX, n);
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.'))
            return clm_core__fail_at(CLM_EINVAL, "name", "", 0,
                                     "store: key name '%.64s': byte %zu is not one of "
                                     "[A-Za-z0-9_.]", name, i + 1);
    }
    return 0;
}

static int check_key_value(const char *value, int allow_empty)
{
    if (value == NULL)
        return clm_core__fail_at(CLM_EINVAL, "value", "", 0, "store: a key value is NULL");
    if (value[0] == '\0')
        return allow_empty ? 0
                           : clm_core__fail_at(CLM_EINVAL, "value", "", 0,
                                               "store: a key value is empty");
    size_t n = strlen(value);
    if (n > CLM_RECORD_FIELD_MAX)
        return clm_core__fail_at(CLM_ELIMIT, "value", "", 0,
                                 "store: a key value of %zu bytes; at most %d", n,
                                 CLM_RECORD_FIELD_MAX);
    return clm_core__check_text(value, CLM_CORE__TEXT_NAME, "value");
}

static int key_cmp(const void *a, const void *b)
{
    const clm_record_key *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c != 0 ? c : strcmp(x->value, y->value);
}

int clm_store__keys_check(const clm_record_key *keys, size_t n)
{
    if (keys == NULL && n > 0)
        return clm_core__fail(CLM_EINVAL, "store: keys_set with NULL keys and n = %zu", n);
    int rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = check_key_name(keys[i].name)) < 0 || (rc = check_key_value(keys[i].value, 0)) < 0)
            return rc;
    return 0;
}

int clm_store_keys_set(clm_store *st, clm_record_kind kind, const char *id,
                       const clm_record_key *keys, size_t n)
{
    int rc = guard(st, "keys_set");
    if (rc < 0)
        return rc;
    if ((rc = check_key(kind, id)) < 0)
        return rc;
    if ((rc = clm_store__keys_check(keys, n)) < 0)
        return rc;
    if ((rc = has_keys(st)) < 0)
        return rc;
    clm_record_key *sorted = NULL;
    size_t m = 0;
    if (n > 0) {
        if (n > SIZE_MAX / sizeof *sorted)
            return clm_core__fail(CLM_ELIMIT, "store: %zu keys", n);
        sorted = clm_core__malloc(n * sizeof *sorted);
        if (sorted == NULL)
            return clm_core__oom("store keys");
        memcpy(sorted, keys, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, key_cmp);
        for (size_t i = 0; i < n; i++)
            if (m == 0 || key_cmp(&sorted[m - 1], &sorted[i]) != 0)
                sorted[m++] = sorted[i];
    }
    int opened;
    rc = write_level(st, &opened);
    if (rc == 0) {
        backend_call_start();
        rc = backend_result(st->b->keys_set(st->b, kind, id, sorted, m), "keys_set", kind, id);
        /* A backend's keys_set may have written part of the keys when it
         * fails (its level undoes them): counted as a write either way. */
        st->writes++;
        rc = write_level_end(st, opened, rc);
    }
    clm_core__free(sorted);
    return rc;
}

typedef struct keys_ctx {
    clm_key_cb cb;
    void *payload;
    int stopped;
} keys_ctx;

static int keys_tramp(const char *id, const char *name, const char *value, void *payload)
{
    keys_ctx *c = payload;
    if (c->stopped != 0)
        return c->stopped;
    int rc = c->cb(id, name, value, c->payload);
    if (rc != 0)
        c->stopped = rc;
    return rc;
}

int clm_store_keys_find(clm_store *st, clm_record_kind kind, const char *name, const char *value,
                        clm_key_match match, clm_key_cb cb, void *payload)
{
    int rc = guard(st, "keys_find");
    if (rc < 0)
        return rc;
    if (!clm_store__record_kind_valid(kind))
        return clm_core__fail_at(CLM_EINVAL, "kind", "", 0, "store: %d is not a record kind",
                                 (int)kind);
    if (cb == NULL)
        return clm_core__fail(CLM_EINVAL, "store: keys_find with a NULL callback");
    if (match != CLM_KEY_EXACT && match != CLM_KEY_PREFIX)
        return clm_core__fail_at(CLM_EINVAL, "match", "", 0, "store: %d is not a key match",
                                 (int)match);
    if (name == NULL) {
        if (match != CLM_KEY_PREFIX || value == NULL || value[0] != '\0')
            return clm_core__fail_at(CLM_EINVAL, "name", "", 0,
                                     "store: keys_find over every name takes a prefix \"\"");
    } else if ((rc = check_key_name(name)) < 0) {
        return rc;
    }
    if ((rc = check_key_value(value, match == CLM_KEY_PREFIX)) < 0)
        return rc;
    if ((rc = has_keys(st)) < 0)
        return rc;
    keys_ctx c = { cb, payload, 0 };
    st->in_scan = 1;
    backend_call_start();
    rc = st->b->keys_find(st->b, kind, name, value, match, keys_tramp, &c);
    st->in_scan = 0;
    if (c.stopped != 0)
        return c.stopped;
    return backend_result(rc, "keys_find", kind, NULL);
}
