/*
 * store.c — store handles (memory, SQLite, PostgreSQL), records, scans,
 * transactions and the audit log.
 *
 * A store handle is used by one thread at a time (clm/store.h): each call
 * takes the handle's lock with the GIL released, so Python threads that
 * share a Store wait for each other and others run meanwhile.
 */
#include "clmpy.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void store_destroy(void *p) { clm_store_free(p); }

static PyObject *store_wrap(clm_store *st)
{
    return clmpy_handle_new(st, store_destroy, "store", NULL, 1);
}

/* ---- records ------------------------------------------------------------- */

typedef clmpy_holder holder;

void clmpy_holder_clear(holder *h)
{
    for (int i = 0; i < h->n; i++)
        Py_DECREF(h->objs[i]);
    h->n = 0;
}

static PyObject *hold_attr(holder *h, PyObject *obj, const char *name)
{
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (v)
        h->objs[h->n++] = v;
    return v;
}

int clmpy_record_from_py(PyObject *obj, clm_record *r, holder *h)
{
    clm_record_init(r);
    PyObject *v;
    if (!(v = hold_attr(h, obj, "kind")))
        return -1;
    long kind = PyLong_AsLong(v);
    if (kind == -1 && PyErr_Occurred())
        return -1;
    r->kind = (clm_record_kind)kind;
    if (!(v = hold_attr(h, obj, "id")) || clmpy_opt_text(v, &r->id) < 0)
        return -1;
    if (!(v = hold_attr(h, obj, "version")))
        return -1;
    r->version = PyLong_AsLongLong(v);
    if (r->version == -1 && PyErr_Occurred())
        return -1;
    static const char *const texts[] = {"client_id", "manager", "state", "name", "category"};
    const char **slots[] = {&r->client_id, &r->manager, &r->state, &r->name, &r->category};
    for (int i = 0; i < 5; i++)
        if (!(v = hold_attr(h, obj, texts[i])) || clmpy_opt_text(v, slots[i]) < 0)
            return -1;
    if (!(v = hold_attr(h, obj, "due")))
        return -1;
    if (v != Py_None && clmpy_date_from_py(v, &r->due) < 0)
        return -1;
    if (!(v = hold_attr(h, obj, "amount")))
        return -1;
    if (v != Py_None && clmpy_money_from_py(v, &r->amount) < 0)
        return -1;
    if (!(v = hold_attr(h, obj, "body")))
        return -1;
    if (v != Py_None) {
        char *buf;
        Py_ssize_t len;
        if (PyBytes_AsStringAndSize(v, &buf, &len) < 0)
            return -1;
        r->body = len ? buf : NULL;
        r->body_len = (size_t)len;
    }
    return 0;
}

PyObject *clmpy_record_to_py(const clm_record *r)
{
    PyObject *due;
    if (r->due == CLM_RECORD_NO_DUE)
        due = Py_NewRef(Py_None);
    else if (!(due = clmpy_date_to_py(r->due)))
        return NULL;
    PyObject *amount = clmpy_money_to_py(&r->amount);
    if (!amount) {
        Py_DECREF(due);
        return NULL;
    }
    return Py_BuildValue("(isLNNNNNNNy#)", (int)r->kind, r->id, (long long)r->version,
                         clmpy_text_or_none(r->client_id), clmpy_text_or_none(r->manager),
                         clmpy_text_or_none(r->state), clmpy_text_or_none(r->name),
                         clmpy_text_or_none(r->category), due, amount,
                         r->body ? (const char *)r->body : "", (Py_ssize_t)r->body_len);
}

static PyObject *record_check(PyObject *self, PyObject *args)
{
    PyObject *obj;
    clm_record r;
    holder h = {0};
    if (!PyArg_ParseTuple(args, "O", &obj))
        return NULL;
    int ok = clmpy_record_from_py(obj, &r, &h) == 0;
    int rc = ok ? clm_record_check(&r) : 0;
    clmpy_holder_clear(&h);
    if (!ok)
        return NULL;
    CHECK(rc);
    Py_RETURN_NONE;
}

/* ---- opening ------------------------------------------------------------- */

static PyObject *store_open_memory(PyObject *self, PyObject *unused)
{
    clm_store *st;
    CHECK(clm_store_open_memory(&st));
    return store_wrap(st);
}

static PyObject *store_open_sqlite(PyObject *self, PyObject *args)
{
    PyObject *path;
    int busy = 5000, must_exist = 0;
    if (!PyArg_ParseTuple(args, "O&|ip", PyUnicode_FSConverter, &path, &busy, &must_exist))
        return NULL;
    clm_store_sqlite_options o;
    clm_store_sqlite_options_init(&o);
    o.busy_timeout_ms = busy;
    o.must_exist = must_exist;
    clm_store *st;
    int rc;
    CLMPY_CALL(rc, clm_store_open_sqlite(&st, PyBytes_AS_STRING(path), &o));
    Py_DECREF(path);
    CHECK(rc);
    return store_wrap(st);
}

static PyObject *store_open_postgres(PyObject *self, PyObject *args)
{
    const char *conninfo;
    if (!PyArg_ParseTuple(args, "s", &conninfo))
        return NULL;
    clm_store *st;
    int rc;
    CLMPY_CALL(rc, clm_store_open_postgres(&st, conninfo));
    CHECK(rc);
    return store_wrap(st);
}

/* ---- reading ------------------------------------------------------------- */

static PyObject *store_get(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    int kind;
    const char *id;
    if (!PyArg_ParseTuple(args, "O&is", clmpy_store_arg, &s, &kind, &id))
        return NULL;
    clm_record *r = NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_store_get(&r, s.st, (clm_record_kind)kind, id));
    CHECK(rc);
    PyObject *res = clmpy_record_to_py(r);
    clm_record_free(r);
    return res;
}

/* filter arguments: kind, client_id, manager, state, category, due_from, due_to */
static int filter_from_args(PyObject *args, clmpy_store_ref *s, clm_store_filter *f)
{
    int kind;
    PyObject *c, *m, *st, *cat, *from, *to;
    if (!PyArg_ParseTuple(args, "O&iOOOOOO", clmpy_store_arg, s, &kind, &c, &m, &st, &cat, &from, &to))
        return -1;
    clm_store_filter_init(f);
    f->kind = (clm_record_kind)kind;
    if (clmpy_opt_text(c, &f->client_id) < 0 || clmpy_opt_text(m, &f->manager) < 0 ||
        clmpy_opt_text(st, &f->state) < 0 || clmpy_opt_text(cat, &f->category) < 0)
        return -1;
    if (from != Py_None && clmpy_date_from_py(from, &f->due_from) < 0)
        return -1;
    if (to != Py_None && clmpy_date_from_py(to, &f->due_to) < 0)
        return -1;
    return 0;
}

typedef struct collected {
    clm_record **items;
    size_t n, cap;
    int oom;
} collected;

static int collect_record(const clm_record *rec, void *payload)
{
    collected *c = payload;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        clm_record **p = realloc(c->items, cap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return 1;
        }
        c->items = p;
        c->cap = cap;
    }
    if (clm_record_dup(&c->items[c->n], rec) != 0) {
        c->oom = 1;
        return 1;
    }
    c->n++;
    return 0;
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n; i++)
        clm_record_free(c->items[i]);
    free(c->items);
}

/* The scan runs with the GIL released: the records are copied in C, then
 * converted, so other Python threads run while the backend reads. */
static PyObject *store_scan(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_store_filter f;
    if (filter_from_args(args, &s, &f) < 0)
        return NULL;
    collected c = {0};
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_store_scan(s.st, &f, collect_record, &c));
    if (c.oom) {
        collected_free(&c);
        return PyErr_NoMemory();
    }
    if (rc) {
        collected_free(&c);
        return clmpy_raise(rc);
    }
    PyObject *res = PyList_New((Py_ssize_t)c.n);
    for (size_t i = 0; res && i < c.n; i++) {
        PyObject *t = clmpy_record_to_py(c.items[i]);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    collected_free(&c);
    return res;
}

static PyObject *store_count(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_store_filter f;
    if (filter_from_args(args, &s, &f) < 0)
        return NULL;
    int64_t n = 0;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_store_count(&n, s.st, &f));
    CHECK(rc);
    return PyLong_FromLongLong(n);
}

/* ---- writing ------------------------------------------------------------- */

static PyObject *store_put(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    PyObject *obj, *actor = Py_None, *note = Py_None;
    if (!PyArg_ParseTuple(args, "O&O|OO", clmpy_store_arg, &s, &obj, &actor, &note))
        return NULL;
    clm_record r;
    holder h = {0};
    clm_actor who;
    const char *note_s = NULL;
    if (clmpy_record_from_py(obj, &r, &h) < 0 ||
        (actor != Py_None && clmpy_actor_from_py(actor, &who) < 0) ||
        clmpy_opt_text(note, &note_s) < 0) {
        clmpy_holder_clear(&h);
        return NULL;
    }
    int64_t version = 0;
    int rc;
    if (actor == Py_None)
        CLMPY_STORE_CALL(s, rc, clm_store_put(&version, s.st, &r));
    else
        CLMPY_STORE_CALL(s, rc, clm_store_put_audited(&version, s.st, &who, &r, note_s));
    clmpy_holder_clear(&h);
    CHECK(rc);
    return PyLong_FromLongLong(version);
}

static PyObject *store_delete(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    int kind;
    const char *id;
    long long version;
    PyObject *actor = Py_None, *note = Py_None;
    if (!PyArg_ParseTuple(args, "O&isL|OO", clmpy_store_arg, &s, &kind, &id, &version, &actor, &note))
        return NULL;
    clm_actor who;
    const char *note_s = NULL;
    if ((actor != Py_None && clmpy_actor_from_py(actor, &who) < 0) ||
        clmpy_opt_text(note, &note_s) < 0)
        return NULL;
    int rc;
    if (actor == Py_None)
        CLMPY_STORE_CALL(s, rc, clm_store_delete(s.st, (clm_record_kind)kind, id, version));
    else
        CLMPY_STORE_CALL(s, rc, clm_store_delete_audited(s.st, &who, (clm_record_kind)kind, id,
                                                   version, note_s));
    CHECK(rc);
    Py_RETURN_NONE;
}

/* ---- transactions -------------------------------------------------------- */

static PyObject *store_begin(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    if (!PyArg_ParseTuple(args, "O&", clmpy_store_arg, &s))
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_store_begin(s.st));
    CHECK(rc);
    Py_RETURN_NONE;
}

static PyObject *store_commit(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    if (!PyArg_ParseTuple(args, "O&", clmpy_store_arg, &s))
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_store_commit(s.st));
    CHECK(rc);
    Py_RETURN_NONE;
}

static PyObject *store_rollback(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    if (!PyArg_ParseTuple(args, "O&", clmpy_store_arg, &s))
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_store_rollback(s.st));
    CHECK(rc);
    Py_RETURN_NONE;
}

static PyObject *store_depth(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    if (!PyArg_ParseTuple(args, "O&", clmpy_store_arg, &s))
        return NULL;
    unsigned int d;
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(s.h->lock, WAIT_LOCK);
    d = s.h->ptr ? clm_store_depth(s.st) : 0;
    PyThread_release_lock(s.h->lock);
    Py_END_ALLOW_THREADS
    return PyLong_FromUnsignedLong(d);
}

/* ---- the audit log ------------------------------------------------------- */

typedef struct audit_list {
    PyObject *list;
} audit_list;

static int collect_audit(const clm_audit_entry *e, void *payload)
{
    audit_list *a = payload;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *before = e->before ? clmpy_record_to_py(e->before) : Py_NewRef(Py_None);
    PyObject *after = before && e->after ? clmpy_record_to_py(e->after)
                      : (before ? Py_NewRef(Py_None) : NULL);
    PyObject *t = NULL;
    if (before && after)
        t = Py_BuildValue("(L(zzL)iisLsOO)", (long long)e->seq, e->actor.user, e->actor.role,
                          (long long)e->actor.at, (int)e->op, (int)e->kind, e->id,
                          (long long)e->version, e->note ? e->note : "", before, after);
    Py_XDECREF(before);
    Py_XDECREF(after);
    int rc = t ? PyList_Append(a->list, t) : -1;
    Py_XDECREF(t);
    PyGILState_Release(g);
    return rc < 0 ? 1 : 0;
}

static PyObject *store_audit(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    int kind = 0;
    const char *id = NULL;
    long long from_seq = 0;
    if (!PyArg_ParseTuple(args, "O&|izL", clmpy_store_arg, &s, &kind, &id, &from_seq))
        return NULL;
    clm_audit_filter f;
    clm_audit_filter_init(&f);
    f.kind = (clm_record_kind)kind;
    f.id = id;
    f.from_seq = from_seq;
    audit_list a = {PyList_New(0)};
    if (!a.list)
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_store_audit_scan(s.st, &f, collect_audit, &a));
    if (rc || PyErr_Occurred()) {
        Py_DECREF(a.list);
        return clmpy_raise(rc ? rc : CLM_ENOMEM);
    }
    return a.list;
}

PyMethodDef clmpy_store_methods[] = {
    {"record_check", record_check, METH_VARARGS, NULL},
    {"store_open_memory", store_open_memory, METH_NOARGS, NULL},
    {"store_open_sqlite", store_open_sqlite, METH_VARARGS, NULL},
    {"store_open_postgres", store_open_postgres, METH_VARARGS, NULL},
    {"store_get", store_get, METH_VARARGS, NULL},
    {"store_scan", store_scan, METH_VARARGS, NULL},
    {"store_count", store_count, METH_VARARGS, NULL},
    {"store_put", store_put, METH_VARARGS, NULL},
    {"store_delete", store_delete, METH_VARARGS, NULL},
    {"store_begin", store_begin, METH_VARARGS, NULL},
    {"store_commit", store_commit, METH_VARARGS, NULL},
    {"store_rollback", store_rollback, METH_VARARGS, NULL},
    {"store_depth", store_depth, METH_VARARGS, NULL},
    {"store_audit", store_audit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
