/*
 * clmpy.h — what the files of the _clm extension share.
 *
 * The extension is the thin C half of the `clm` package: it converts
 * between Python values and libclm's C values and calls the library; every
 * figure comes from libclm. The Python half (the package's .py files) gives the values
 * their classes (Money, Record, the enumerations, the exceptions).
 */
#ifndef CLMPY_H
#define CLMPY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>

#include <clm/clm.h>

/* A libclm object owned by Python: freed once (close() or the collector),
 * keeping the Python objects it borrows from alive while it lives. */
typedef struct clmpy_handle {
    PyObject_HEAD
    void *ptr;
    void (*destroy)(void *);
    const char *tag;          /* what ptr is: "store", "calendar"... */
    PyObject *parent;         /* kept alive while ptr lives; may be NULL */
    PyThread_type_lock lock;  /* for objects one thread at a time uses (stores) */
} clmpy_handle;

extern PyTypeObject clmpy_handle_type;

/* A new handle over ptr (owned: destroy(ptr) when the handle goes). On
 * failure destroys ptr and returns NULL with an exception set. */
PyObject *clmpy_handle_new(void *ptr, void (*destroy)(void *), const char *tag,
                           PyObject *parent, int with_lock);
/* The pointer of a live handle tagged `tag`, or NULL with TypeError /
 * ValueError (closed) set. */
void *clmpy_handle_get(PyObject *obj, const char *tag);

/* Raises the clm.Error subclass for rc with clm_error_last()'s details;
 * returns NULL for `return clmpy_raise(rc);`. */
PyObject *clmpy_raise(int rc);

/* Conversions. Each returns 0, or -1 with an exception set. */
int clmpy_date_from_py(PyObject *obj, clm_date *out);
PyObject *clmpy_date_to_py(clm_date d);
/* None for CLM_RECORD_NO_DUE-like sentinels is the caller's business. */
int clmpy_money_from_py(PyObject *obj, clm_money *out);
/* clm.Money(amount: Decimal, currency), or None for the absent amount
 * (currency ""). */
PyObject *clmpy_money_to_py(const clm_money *m);
/* A clm.Actor (user, role, at seconds) into a clm_actor whose strings stay
 * owned by `obj` (keep obj alive while the actor is used). */
int clmpy_actor_from_py(PyObject *obj, clm_actor *out);
/* Optional text: None -> NULL, str -> its UTF-8 (owned by obj). */
int clmpy_opt_text(PyObject *obj, const char **out);

/* Records: the Python objects a converted record borrows from, and the
 * conversions (store.c). */
typedef struct clmpy_holder {
    PyObject *objs[12];
    int n;
} clmpy_holder;
int clmpy_record_from_py(PyObject *obj, clm_record *r, clmpy_holder *h);
void clmpy_holder_clear(clmpy_holder *h);
/* (kind, id, version, client_id, manager, state, name, category, due,
 *  amount, body) */
PyObject *clmpy_record_to_py(const clm_record *r);

/* Hooks the Python half registers (clm._clm._set_hooks). */
extern PyObject *clmpy_error_factory;  /* (code, message, field, source, line) -> exception */
extern PyObject *clmpy_money_class;    /* Money(amount: Decimal, currency: str) */
extern PyObject *clmpy_decimal_class;  /* decimal.Decimal */

/* The method tables of each part. */
extern PyMethodDef clmpy_core_methods[];
extern PyMethodDef clmpy_store_methods[];
extern PyMethodDef clmpy_discount_methods[];
extern PyMethodDef clmpy_client_methods[];
extern PyMethodDef clmpy_claim_methods[];
extern PyMethodDef clmpy_pystore_methods[];
extern PyMethodDef clmpy_credit_methods[];
extern PyMethodDef clmpy_segment_methods[];
extern PyMethodDef clmpy_category_methods[];

#define CLMPY_CALL(rc, expr) do { \
        Py_BEGIN_ALLOW_THREADS \
        (rc) = (expr); \
        Py_END_ALLOW_THREADS \
    } while (0)

#endif /* CLMPY_H */
