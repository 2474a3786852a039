/*
 * delegation.c — deputies (clm/delegation.h): who acts for a manager on
 * which days; offers are approved and refused on a principal's behalf
 * through them (offer.c).
 */
#include "clmpy.h"

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void delegations_destroy(void *p) { clm_delegations_free(p); }

int clmpy_delegations_arg(PyObject *o, void *out)
{
    if (o == Py_None) {
        *(clm_delegations **)out = NULL;
        return 1;
    }
    return (*(clm_delegations **)out = clmpy_handle_get(o, "delegations")) != NULL;
}

static PyObject *delegations_new(PyObject *self, PyObject *unused)
{
    clm_delegations *d;
    CHECK(clm_delegations_new(&d));
    return clmpy_handle_new(d, delegations_destroy, "delegations", NULL, 0);
}

/* add(d, manager, deputy, first, last) */
static PyObject *delegations_add(PyObject *self, PyObject *args)
{
    clm_delegations *d;
    const char *manager, *deputy;
    clm_date first, last;
    if (!PyArg_ParseTuple(args, "O&ssO&O&", clmpy_delegations_arg, &d, &manager, &deputy,
                          clmpy_date_arg, &first, clmpy_date_arg, &last))
        return NULL;
    if (!d)
        return PyErr_Format(PyExc_TypeError, "expected a delegations handle");
    CHECK(clm_delegations_add(d, manager, deputy, first, last));
    Py_RETURN_NONE;
}

static PyObject *delegations_remove(PyObject *self, PyObject *args)
{
    clm_delegations *d;
    const char *manager;
    clm_date first;
    if (!PyArg_ParseTuple(args, "O&sO&", clmpy_delegations_arg, &d, &manager, clmpy_date_arg,
                          &first))
        return NULL;
    if (!d)
        return PyErr_Format(PyExc_TypeError, "expected a delegations handle");
    CHECK(clm_delegations_remove(d, manager, first));
    Py_RETURN_NONE;
}

/* periods(d) -> [(manager, deputy, first, last)] */
static PyObject *delegations_periods(PyObject *self, PyObject *args)
{
    clm_delegations *d;
    if (!PyArg_ParseTuple(args, "O&", clmpy_delegations_arg, &d))
        return NULL;
    size_t n = clm_delegations_count(d);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        const char *manager, *deputy;
        clm_date first, last;
        int rc = clm_delegations_at(&manager, &deputy, &first, &last, d, i);
        PyObject *t = rc ? clmpy_raise(rc)
                         : Py_BuildValue("(ssNN)", manager, deputy, clmpy_date_to_py(first),
                                         clmpy_date_to_py(last));
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

/* acting(d, manager, on) -> who acts for the manager that day */
static PyObject *delegations_acting(PyObject *self, PyObject *args)
{
    clm_delegations *d;
    const char *manager, *who = NULL;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&sO&", clmpy_delegations_arg, &d, &manager, clmpy_date_arg, &on))
        return NULL;
    CHECK(clm_delegations_acting(&who, d, manager, on));
    return PyUnicode_FromString(who);
}

PyMethodDef clmpy_delegation_methods[] = {
    {"delegations_new", delegations_new, METH_NOARGS, NULL},
    {"delegations_add", delegations_add, METH_VARARGS, NULL},
    {"delegations_remove", delegations_remove, METH_VARARGS, NULL},
    {"delegations_periods", delegations_periods, METH_VARARGS, NULL},
    {"delegations_acting", delegations_acting, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
