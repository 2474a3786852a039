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

/* Shared glue, so the parts do not each keep a copy. */
/* str, or None for NULL. */
PyObject *clmpy_text_or_none(const char *s);
/* A date, or None for the module's "no date" sentinel `none`. */
PyObject *clmpy_opt_date_to_py(clm_date d, clm_date none);
/* clm.Money of `minor` units of `currency`. */
PyObject *clmpy_money_of(int64_t minor, const char *currency);
/* Minor units of a clm.Money that must be in `currency` (CurrencyError
 * otherwise); None gives `dflt` when allow_none, else TypeError. */
int clmpy_minor_from_py(PyObject *obj, const char *currency, int allow_none, int64_t dflt,
                        int64_t *out);
/* PyArg_ParseTuple "O&" converters. */
int clmpy_date_arg(PyObject *o, void *out);          /* clm_date */
int clmpy_opt_date_arg(PyObject *o, void *out);      /* clm_date; None leaves it */
int clmpy_actor_arg(PyObject *o, void *out);         /* clm_actor (strings owned by o) */
int clmpy_text_arg(PyObject *o, void *out);          /* const char *, None -> NULL */
int clmpy_calendar_arg(PyObject *o, void *out);      /* clm_calendar * */
int clmpy_client_arg(PyObject *o, void *out);        /* clm_client * */

/* A store handle with its lock: calls through CLMPY_STORE_CALL take the
 * lock with the GIL released, as store.c does. */
typedef struct clmpy_store_ref {
    clm_store *st;
    clmpy_handle *h;
} clmpy_store_ref;
int clmpy_store_arg(PyObject *o, void *out);         /* clmpy_store_ref */
#define CLMPY_STORE_CALL(ref, rc, expr) do { \
        Py_BEGIN_ALLOW_THREADS \
        PyThread_acquire_lock((ref).h->lock, WAIT_LOCK); \
        (rc) = (ref).h->ptr ? (expr) : CLM_EINVAL; \
        PyThread_release_lock((ref).h->lock); \
        Py_END_ALLOW_THREADS \
    } while (0)

/* Discount results as tuples (discount.c; the Python half makes objects of
 * them): a line's figures, the totals, one trace entry. */
PyObject *clmpy_discount_line_to_py(const clm_discount_line_result *l);
PyObject *clmpy_discount_totals_to_py(const clm_discount_totals *t);
PyObject *clmpy_discount_trace_entry_to_py(const clm_discount_trace_entry *e, const char *cur);

/* A credit check as a tuple (credit.c; clm.credit.Check takes it). */
PyObject *clmpy_credit_check_to_py(const clm_credit_check *c);

/* A clm_discount_client from a clm.discount.Client (discount.c): arrays
 * owned here, strings borrowed from the objects `keep` holds. */
typedef struct clmpy_dclient {
    clm_discount_client c;
    const char **cats;
    PyObject *cats_fast;
    clm_discount_turnover *turnover;
    PyObject *keep;
} clmpy_dclient;
int clmpy_dclient_from_py(clmpy_dclient *out, PyObject *client);
void clmpy_dclient_free(clmpy_dclient *d);

/* A NULL-or-array of UTF-8 strings borrowed from a sequence of str
 * (discount.c). */
typedef struct clmpy_strv {
    const char **v;
    size_t n;
    PyObject *fast;
} clmpy_strv;

/* A clm_discount_document built from a clm.discount.Document (discount.c):
 * arrays owned here, strings borrowed from the Python objects `keep`
 * holds. clmpy_docbuf_from() returns 0, or -1 with an exception set; free
 * with clmpy_docbuf_free() either way (a zeroed docbuf frees to nothing). */
typedef struct clmpy_docbuf {
    clm_discount_document doc;
    clm_discount_line *lines;
    clmpy_strv coupons;
    clmpy_dclient client;
    PyObject *keep;   /* list of objects whose UTF-8 the document borrows */
} clmpy_docbuf;
int clmpy_docbuf_from(clmpy_docbuf *b, PyObject *doc);
void clmpy_docbuf_free(clmpy_docbuf *b);

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
extern PyMethodDef clmpy_offer_methods[];
extern PyMethodDef clmpy_delegation_methods[];
extern PyMethodDef clmpy_columns_methods[];

/* A delegations handle, or None for none (delegation.c). */
int clmpy_delegations_arg(PyObject *o, void *out);

#define CLMPY_CALL(rc, expr) do { \
        Py_BEGIN_ALLOW_THREADS \
        (rc) = (expr); \
        Py_END_ALLOW_THREADS \
    } while (0)

#endif /* CLMPY_H */
