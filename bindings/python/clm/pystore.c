/*
 * pystore.c — a storage backend written in Python (clm/sys/store_backend.h).
 *
 * The callbacks call the methods of a Python object (clm.storage.Backend):
 * records cross as clm.Record, audit entries as clm.AuditEntry. An
 * exception raised by a method comes back to the store as an error code
 * (the code of a clm.Error, CLM_EIO for any other exception, with its
 * text as the message), so the store reports it and changes nothing.
 * Store calls run with the GIL released, so each callback takes it.
 */
#include "clmpy.h"

#include <clm/sys/store_backend.h>

#include <string.h>

typedef struct py_backend {
    clm_store_backend parent;   /* first, as the backend interface asks */
    PyObject *obj;
    clm_record *last;           /* what get() handed out, valid until the next call */
} py_backend;

static PyObject *record_class;      /* clm.Record */
static PyObject *audit_entry_class; /* clm.AuditEntry */

/* The error code for the current Python exception (cleared). */
static int from_exception(const char *what)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    int code = CLM_EIO;
    PyObject *c = value ? PyObject_GetAttrString(value, "code") : NULL;
    if (c && PyLong_Check(c)) {
        long v = PyLong_AsLong(c);
        if (v < 0 && v >= CLM_EBUSY)
            code = (int)v;
    }
    PyErr_Clear();
    Py_XDECREF(c);
    PyObject *s = value ? PyObject_Str(value) : NULL;
    const char *msg = s ? PyUnicode_AsUTF8(s) : NULL;
    if (!msg)
        PyErr_Clear();
    clm_store_backend_fail(code, "python backend: %s: %s: %s", what,
                           type ? ((PyTypeObject *)type)->tp_name : "error", msg ? msg : "");
    Py_XDECREF(s);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return code;
}

static void drop_last(py_backend *b)
{
    clm_record_free(b->last);
    b->last = NULL;
}

static PyObject *record_obj(const clm_record *r)
{
    PyObject *t = clmpy_record_to_py(r);
    if (!t)
        return NULL;
    PyObject *res = PyObject_CallMethod(record_class, "_from_c", "(O)", t);
    Py_DECREF(t);
    return res;
}

/* Converts a clm.Record returned by Python into an owned copy in b->last. */
static int keep_record(py_backend *b, PyObject *obj)
{
    clmpy_holder h = {{0}, 0};
    clm_record r;
    int ok = clmpy_record_from_py(obj, &r, &h) == 0;
    int rc = ok ? clm_record_dup(&b->last, &r) : 0;
    clmpy_holder_clear(&h);
    if (!ok)
        return from_exception("a record");
    return rc;
}

static int b_get(clm_record *out, clm_store_backend *base, clm_record_kind kind, const char *id)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    int rc;
    PyObject *r = PyObject_CallMethod(b->obj, "get", "is", (int)kind, id);
    if (!r)
        rc = from_exception("get");
    else if (r == Py_None)
        rc = clm_store_backend_fail(CLM_ENOTFOUND, "no %s '%s'", clm_record_kind_name(kind), id);
    else if ((rc = keep_record(b, r)) == 0)
        *out = *b->last;
    Py_XDECREF(r);
    PyGILState_Release(g);
    return rc;
}

static int long_result(PyObject *r, int64_t *out, const char *what)
{
    if (!r)
        return from_exception(what);
    long long v = PyLong_AsLongLong(r);
    Py_DECREF(r);
    if (v == -1 && PyErr_Occurred())
        return from_exception(what);
    if (out)
        *out = v;
    return 0;
}

static int b_put(int64_t *out, clm_store_backend *base, const clm_record *rec)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    PyObject *r = record_obj(rec);
    int rc = r ? long_result(PyObject_CallMethod(b->obj, "put", "O", r), out, "put")
               : from_exception("put");
    Py_XDECREF(r);
    PyGILState_Release(g);
    return rc;
}

static int b_del(clm_store_backend *base, clm_record_kind kind, const char *id, int64_t version)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    PyObject *r = PyObject_CallMethod(b->obj, "delete", "isL", (int)kind, id, (long long)version);
    int rc = r ? 0 : from_exception("delete");
    Py_XDECREF(r);
    PyGILState_Release(g);
    return rc;
}

static PyObject *filter_args(const clm_store_filter *f)
{
    PyObject *from = f->due_from == CLM_RECORD_NO_DUE ? Py_NewRef(Py_None) : clmpy_date_to_py(f->due_from);
    PyObject *to = f->due_to == CLM_RECORD_NO_DUE ? Py_NewRef(Py_None) : clmpy_date_to_py(f->due_to);
    if (!from || !to) {
        Py_XDECREF(from);
        Py_XDECREF(to);
        return NULL;
    }
    return Py_BuildValue("(izzzzNN)", (int)f->kind, f->client_id, f->manager, f->state,
                         f->category, from, to);
}

static int b_scan(clm_store_backend *base, const clm_store_filter *f, clm_record_cb cb,
                  void *payload)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    PyObject *args = filter_args(f);
    PyObject *fn = args ? PyObject_GetAttrString(b->obj, "scan") : NULL;
    PyObject *list = fn ? PyObject_CallObject(fn, args) : NULL;
    PyObject *fast = list ? PySequence_Fast(list, "scan() returns a sequence of Record") : NULL;
    Py_XDECREF(args);
    Py_XDECREF(fn);
    Py_XDECREF(list);
    int rc = 0;
    if (!fast) {
        rc = from_exception("scan");
    } else {
        for (Py_ssize_t i = 0; rc == 0 && i < PySequence_Fast_GET_SIZE(fast); i++) {
            if ((rc = keep_record(b, PySequence_Fast_GET_ITEM(fast, i))) != 0)
                break;
            clm_record r = *b->last;
            /* The store's callback may not call back into Python's backend,
             * but it may take time: it runs with the GIL held, which is what
             * its own Python callers (a collecting scan) expect anyway. */
            rc = cb(&r, payload);
            drop_last(b);
        }
        Py_DECREF(fast);
    }
    PyGILState_Release(g);
    return rc;
}

static int b_level(clm_store_backend *base, const char *method, unsigned int depth)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    PyObject *r = PyObject_CallMethod(b->obj, method, "I", depth);
    int rc = r ? 0 : from_exception(method);
    Py_XDECREF(r);
    PyGILState_Release(g);
    return rc;
}

static int b_begin(clm_store_backend *b, unsigned int d) { return b_level(b, "begin", d); }
static int b_commit(clm_store_backend *b, unsigned int d) { return b_level(b, "commit", d); }
static int b_rollback(clm_store_backend *b, unsigned int d) { return b_level(b, "rollback", d); }

static int b_audit_append(int64_t *out, clm_store_backend *base, const clm_audit_entry *e)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    PyObject *before = e->before ? clmpy_record_to_py(e->before) : Py_NewRef(Py_None);
    PyObject *after = before && e->after ? clmpy_record_to_py(e->after)
                      : (before ? Py_NewRef(Py_None) : NULL);
    PyObject *t = NULL, *entry = NULL;
    if (before && after)
        t = Py_BuildValue("(L(zzL)iisLsOO)", (long long)0, e->actor.user, e->actor.role,
                          (long long)e->actor.at, (int)e->op, (int)e->kind, e->id,
                          (long long)e->version, e->note ? e->note : "", before, after);
    if (t)
        entry = PyObject_CallFunctionObjArgs(audit_entry_class, t, NULL);
    int rc = entry ? long_result(PyObject_CallMethod(b->obj, "audit_append", "O", entry), out,
                                 "audit_append")
                   : from_exception("audit_append");
    Py_XDECREF(before);
    Py_XDECREF(after);
    Py_XDECREF(t);
    Py_XDECREF(entry);
    PyGILState_Release(g);
    return rc;
}

static int b_audit_scan(clm_store_backend *base, const clm_audit_filter *f, clm_audit_cb cb,
                        void *payload)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    PyObject *list = PyObject_CallMethod(b->obj, "audit_scan", "izL", (int)f->kind, f->id,
                                         (long long)f->from_seq);
    PyObject *fast = list ? PySequence_Fast(list, "audit_scan() returns AuditEntry objects") : NULL;
    Py_XDECREF(list);
    int rc = 0;
    if (!fast) {
        rc = from_exception("audit_scan");
    } else {
        for (Py_ssize_t i = 0; rc == 0 && i < PySequence_Fast_GET_SIZE(fast); i++) {
            PyObject *o = PySequence_Fast_GET_ITEM(fast, i);
            clm_audit_entry e;
            memset(&e, 0, sizeof e);
            clm_record *before = NULL, *after = NULL;
            PyObject *actor = NULL, *seq = NULL, *op = NULL, *kind = NULL, *id = NULL,
                     *ver = NULL, *note = NULL, *bo = NULL, *ao = NULL;
            int ok = (seq = PyObject_GetAttrString(o, "seq")) && (actor = PyObject_GetAttrString(o, "actor")) &&
                     (op = PyObject_GetAttrString(o, "op")) && (kind = PyObject_GetAttrString(o, "kind")) &&
                     (id = PyObject_GetAttrString(o, "id")) && (ver = PyObject_GetAttrString(o, "version")) &&
                     (note = PyObject_GetAttrString(o, "note")) && (bo = PyObject_GetAttrString(o, "before")) &&
                     (ao = PyObject_GetAttrString(o, "after"));
            if (ok) {
                e.seq = PyLong_AsLongLong(seq);
                e.op = (clm_audit_op)PyLong_AsLong(op);
                e.kind = (clm_record_kind)PyLong_AsLong(kind);
                e.version = PyLong_AsLongLong(ver);
                ok = !PyErr_Occurred() && clmpy_actor_from_py(actor, &e.actor) == 0 &&
                     clmpy_opt_text(id, &e.id) == 0 && clmpy_opt_text(note, &e.note) == 0;
            }
            if (ok && bo != Py_None)
                ok = keep_record(b, bo) == 0 && (before = b->last, b->last = NULL, 1);
            if (ok && ao != Py_None)
                ok = keep_record(b, ao) == 0 && (after = b->last, b->last = NULL, 1);
            if (ok) {
                e.before = before;
                e.after = after;
                if (!e.note)
                    e.note = "";
                rc = cb(&e, payload);
            } else {
                rc = PyErr_Occurred() ? from_exception("audit_scan") : CLM_EIO;
            }
            clm_record_free(before);
            clm_record_free(after);
            Py_XDECREF(seq); Py_XDECREF(actor); Py_XDECREF(op); Py_XDECREF(kind);
            Py_XDECREF(id); Py_XDECREF(ver); Py_XDECREF(note); Py_XDECREF(bo); Py_XDECREF(ao);
        }
        Py_DECREF(fast);
    }
    PyGILState_Release(g);
    return rc;
}

static void b_free(clm_store_backend *base)
{
    py_backend *b = (py_backend *)base;
    PyGILState_STATE g = PyGILState_Ensure();
    drop_last(b);
    PyObject *r = PyObject_CallMethod(b->obj, "close", NULL);
    if (!r)
        PyErr_Clear();   /* nothing to report to: the store is going */
    Py_XDECREF(r);
    Py_DECREF(b->obj);
    PyMem_RawFree(b);
    PyGILState_Release(g);
}

static void store_destroy(void *p) { clm_store_free(p); }

/* store_open_python(backend) -> store handle */
static PyObject *store_open_python(PyObject *self, PyObject *args)
{
    PyObject *obj;
    if (!PyArg_ParseTuple(args, "O", &obj))
        return NULL;
    if (!record_class) {
        PyObject *mod = PyImport_ImportModule("clm.store");
        if (!mod)
            return NULL;
        record_class = PyObject_GetAttrString(mod, "Record");
        audit_entry_class = PyObject_GetAttrString(mod, "AuditEntry");
        Py_DECREF(mod);
        if (!record_class || !audit_entry_class)
            return NULL;
    }
    py_backend *b = PyMem_RawCalloc(1, sizeof *b);
    if (!b)
        return PyErr_NoMemory();
    /* Version 1: no lookup keys (the store answers them with CLM_ENOTSUP). */
    clm_store_backend_init(&b->parent, 1);
    b->parent.get = b_get;
    b->parent.put = b_put;
    b->parent.del = b_del;
    b->parent.scan = b_scan;
    b->parent.begin = b_begin;
    b->parent.commit = b_commit;
    b->parent.rollback = b_rollback;
    b->parent.audit_append = b_audit_append;
    b->parent.audit_scan = b_audit_scan;
    b->parent.free = b_free;
    b->obj = Py_NewRef(obj);
    clm_store *st;
    int rc = clm_store_new(&st, &b->parent);
    if (rc) {
        Py_DECREF(b->obj);
        PyMem_RawFree(b);
        return clmpy_raise(rc);
    }
    return clmpy_handle_new(st, store_destroy, "store", NULL, 1);
}

PyMethodDef clmpy_pystore_methods[] = {
    {"store_open_python", store_open_python, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
