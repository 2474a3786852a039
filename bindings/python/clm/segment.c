/*
 * segment.c — ABC, XYZ and RFM segmentation over the client base
 * (clm/segment.h). The arrays are converted first and the classification
 * runs with the GIL released (scoring many clients).
 */
#include "clmpy.h"

#include <datetime.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

/* A sequence of Python ints into a new int64 array (PyMem). */
static int64_t *int64s(PyObject *seq, Py_ssize_t *n, const char *what)
{
    PyObject *fast = PySequence_Fast(seq, what);
    if (!fast)
        return NULL;
    *n = PySequence_Fast_GET_SIZE(fast);
    int64_t *v = PyMem_Calloc(*n ? (size_t)*n : 1, sizeof *v);
    if (!v) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        v[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, i));
        if (v[i] == -1 && PyErr_Occurred()) {
            PyMem_Free(v);
            Py_DECREF(fast);
            return NULL;
        }
    }
    Py_DECREF(fast);
    return v;
}

/* abc(amounts, a_cut ppm, b_cut ppm, reject_negative) -> [class names] */
static PyObject *abc(PyObject *self, PyObject *args)
{
    PyObject *seq;
    long long a_cut, b_cut;
    int reject;
    if (!PyArg_ParseTuple(args, "OLLp", &seq, &a_cut, &b_cut, &reject))
        return NULL;
    Py_ssize_t n;
    int64_t *v = int64s(seq, &n, "amounts: a sequence of int");
    if (!v)
        return NULL;
    clm_abc_class *out = PyMem_Calloc(n ? (size_t)n : 1, sizeof *out);
    if (!out) {
        PyMem_Free(v);
        return PyErr_NoMemory();
    }
    clm_abc_options o;
    clm_abc_options_init(&o);
    o.a_cut = a_cut;
    o.b_cut = b_cut;
    o.reject_negative = reject;
    int rc;
    CLMPY_CALL(rc, clm_abc_classify(out, v, (size_t)n, &o));
    PyObject *res = NULL;
    if (rc)
        clmpy_raise(rc);
    else
        res = PyList_New(n);
    for (Py_ssize_t i = 0; res && i < n; i++) {
        const char *name = clm_abc_class_name(out[i]);
        PyObject *s = PyUnicode_FromString(name ? name : "");
        if (!s) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, i, s);
    }
    PyMem_Free(v);
    PyMem_Free(out);
    return res;
}

/* xyz(flat amounts client-major, periods, x_cut, y_cut, reject_negative)
 * -> [(class name, cv)] */
static PyObject *xyz(PyObject *self, PyObject *args)
{
    PyObject *seq;
    Py_ssize_t periods;
    long long x_cut, y_cut;
    int reject;
    if (!PyArg_ParseTuple(args, "OnLLp", &seq, &periods, &x_cut, &y_cut, &reject))
        return NULL;
    Py_ssize_t total;
    int64_t *v = int64s(seq, &total, "amounts: a sequence of int");
    if (!v)
        return NULL;
    if (periods <= 0 || total % periods != 0) {
        PyMem_Free(v);
        PyErr_SetString(PyExc_ValueError, "every client needs the same number of periods");
        return NULL;
    }
    Py_ssize_t n = total / periods;
    clm_xyz_class *out = PyMem_Calloc(n ? (size_t)n : 1, sizeof *out);
    double *cv = PyMem_Calloc(n ? (size_t)n : 1, sizeof *cv);
    PyObject *res = NULL;
    if (!out || !cv) {
        PyErr_NoMemory();
        goto done;
    }
    clm_xyz_options o;
    clm_xyz_options_init(&o);
    o.x_cut = x_cut;
    o.y_cut = y_cut;
    o.reject_negative = reject;
    int rc;
    CLMPY_CALL(rc, clm_xyz_classify(out, cv, v, (size_t)n, (size_t)periods, &o));
    if (rc) {
        clmpy_raise(rc);
        goto done;
    }
    res = PyList_New(n);
    for (Py_ssize_t i = 0; res && i < n; i++) {
        const char *name = clm_xyz_class_name(out[i]);
        PyObject *t = Py_BuildValue("(sd)", name ? name : "", cv[i]);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, i, t);
    }
done:
    PyMem_Free(v);
    PyMem_Free(out);
    PyMem_Free(cv);
    return res;
}

/* rfm(last days|None..., frequency, monetary) -> [(r, f, m, default segment name)] */
static PyObject *rfm(PyObject *self, PyObject *args)
{
    PyObject *lseq, *fseq, *mseq;
    if (!PyArg_ParseTuple(args, "OOO", &lseq, &fseq, &mseq))
        return NULL;
    if (!PyDateTimeAPI)
        PyDateTime_IMPORT;
    PyObject *fast = PySequence_Fast(lseq, "last: a sequence of dates, ints or None");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast), nf = 0, nm = 0;
    int32_t *last = PyMem_Calloc(n ? (size_t)n : 1, sizeof *last);
    int64_t *f = NULL, *m = NULL;
    clm_rfm_score *out = NULL;
    clm_rfm_segments *segs = NULL;
    PyObject *res = NULL;
    if (!last) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PySequence_Fast_GET_ITEM(fast, i);
        if (x == Py_None)
            last[i] = CLM_RFM_NEVER;
        else if (PyDate_Check(x)) {
            if (clmpy_date_from_py(x, &last[i]) < 0)
                goto done;
        } else {
            last[i] = (int32_t)PyLong_AsLong(x);
        }
        if (PyErr_Occurred())
            goto done;
    }
    if (!(f = int64s(fseq, &nf, "frequency: a sequence of int")) ||
        !(m = int64s(mseq, &nm, "monetary: a sequence of int")))
        goto done;
    if (nf != n || nm != n) {
        PyErr_SetString(PyExc_ValueError, "last, frequency and monetary differ in length");
        goto done;
    }
    if (!(out = PyMem_Calloc(n ? (size_t)n : 1, sizeof *out))) {
        PyErr_NoMemory();
        goto done;
    }
    int rc;
    CLMPY_CALL(rc, clm_rfm_score_batch(out, last, f, m, (size_t)n));
    if (rc == 0)
        rc = clm_rfm_segments_new_default(&segs);
    if (rc) {
        clmpy_raise(rc);
        goto done;
    }
    res = PyList_New(n);
    for (Py_ssize_t i = 0; res && i < n; i++) {
        const char *name = clm_rfm_segments_name(segs, out[i]);
        PyObject *t = Py_BuildValue("(iiiz)", out[i].r, out[i].f, out[i].m, name);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, i, t);
    }
done:
    clm_rfm_segments_free(segs);
    PyMem_Free(last);
    PyMem_Free(f);
    PyMem_Free(m);
    PyMem_Free(out);
    Py_DECREF(fast);
    return res;
}

PyMethodDef clmpy_segment_methods[] = {
    {"segment_abc", abc, METH_VARARGS, NULL},
    {"segment_xyz", xyz, METH_VARARGS, NULL},
    {"segment_rfm", rfm, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
