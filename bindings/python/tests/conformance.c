/*
 * conformance.c — the _clm_conformance test module: runs libclm's storage
 * conformance suite (tests/support/store_conformance.c) on stores that a
 * Python factory opens, so a backend written in Python is held to the same
 * rules as the C backends. Built for the tests only, never installed.
 */
#include "clmpy.h"

#include <string.h>

#include "store_conformance.h"

static PyObject *factory;

/* Opens a store through the factory and takes its C handle over from the
 * Python Store object (the suite frees it with clm_store_free()). */
static int open_py(clm_store **out, void *payload)
{
    (void)payload;
    PyObject *store = PyObject_CallObject(factory, NULL);
    PyObject *h = store ? PyObject_GetAttrString(store, "_h") : NULL;
    Py_XDECREF(store);
    if (!h || strcmp(Py_TYPE(h)->tp_name, "clm._clm.Handle") != 0) {
        if (PyErr_Occurred())
            PyErr_Print();
        Py_XDECREF(h);
        return CLM_EIO;
    }
    clmpy_handle *hh = (clmpy_handle *)h;
    *out = hh->ptr;
    hh->ptr = NULL;
    Py_DECREF(h);
    return *out ? 0 : CLM_EIO;
}

static PyObject *run(PyObject *self, PyObject *args)
{
    const char *name;
    PyObject *f;
    if (!PyArg_ParseTuple(args, "sO", &name, &f))
        return NULL;
    Py_XSETREF(factory, Py_NewRef(f));
    store_conformance c = {name, open_py, NULL, NULL, NULL, false};
    int failed = store_conformance_run(&c);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(failed);
}

static PyMethodDef methods[] = {
    {"run", run, METH_VARARGS, "run(name, factory) -> failed tests"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_clm_conformance", .m_size = -1, .m_methods = methods,
};

PyMODINIT_FUNC PyInit__clm_conformance(void);
PyMODINIT_FUNC PyInit__clm_conformance(void)
{
    return PyModule_Create(&module);
}
