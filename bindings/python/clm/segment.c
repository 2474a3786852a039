/*
 * segment.c — ABC, XYZ and RFM segmentation over the client base
 * (clm/segment.h), separately or all three in one reading of the months
 * (clm_segment_all(), or clm_segmenter_run() with a kept "segmenter"
 * handle). The arrays are converted first and the classification runs
 * with the GIL released (scoring many clients).
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

/* The flat months of *n clients, `periods` each, into a new int64 array
 * (PyMem); ValueError unless the count is a multiple of periods > 0. */
static int64_t *months(PyObject *seq, Py_ssize_t periods, Py_ssize_t *n)
{
    Py_ssize_t total;
    int64_t *v = int64s(seq, &total, "amounts: a sequence of int");
    if (!v)
        return NULL;
    if (periods <= 0 || total % periods != 0) {
        PyMem_Free(v);
        PyErr_SetString(PyExc_ValueError, "every client needs the same number of periods");
        return NULL;
    }
    *n = total / periods;
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
    Py_ssize_t n;
    int64_t *v = months(seq, periods, &n);
    if (!v)
        return NULL;
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

static void segmenter_destroy(void *p)
{
    clm_segmenter_free(p);
}

/* segmenter_new() -> a "segmenter" handle (one run at a time: its lock) */
static PyObject *segmenter_new(PyObject *self, PyObject *unused)
{
    clm_segmenter *s = NULL;
    int rc = clm_segmenter_new(&s);
    if (rc)
        return clmpy_raise(rc);
    return clmpy_handle_new(s, segmenter_destroy, "segmenter", NULL, 1);
}

/* A list of n items made by item(i), or NULL with an exception set. */
#define LIST_OF(res, n, make) do { \
        (res) = PyList_New(n); \
        for (Py_ssize_t i = 0; (res) && i < (n); i++) { \
            PyObject *x_ = (make); \
            if (!x_) { \
                Py_CLEAR(res); \
                break; \
            } \
            PyList_SET_ITEM((res), i, x_); \
        } \
    } while (0)

/* segment_all(segmenter handle or None, flat amounts client-major, periods,
 * a_cut, b_cut, abc reject_negative, x_cut, y_cut, xyz reject_negative)
 * -> ([abc names], [(xyz name, cv)], [(r, f, m, default segment name)],
 *     [totals], [frequencies], [last period or None]) */
static PyObject *segment_all(PyObject *self, PyObject *args)
{
    PyObject *hobj, *seq;
    Py_ssize_t periods;
    long long a_cut, b_cut, x_cut, y_cut;
    int abc_reject, xyz_reject;
    if (!PyArg_ParseTuple(args, "OOnLLpLLp", &hobj, &seq, &periods, &a_cut, &b_cut,
                          &abc_reject, &x_cut, &y_cut, &xyz_reject))
        return NULL;
    clmpy_handle *h = NULL;
    if (hobj != Py_None) {
        if (!clmpy_handle_get(hobj, "segmenter"))
            return NULL;
        h = (clmpy_handle *)hobj;
    }
    Py_ssize_t n;
    int64_t *v = months(seq, periods, &n);
    if (!v)
        return NULL;
    size_t m = n ? (size_t)n : 1;
    clm_segment_result out = {
        .abc = PyMem_Calloc(m, sizeof *out.abc),
        .xyz = PyMem_Calloc(m, sizeof *out.xyz),
        .rfm = PyMem_Calloc(m, sizeof *out.rfm),
        .cv = PyMem_Calloc(m, sizeof *out.cv),
        .total = PyMem_Calloc(m, sizeof *out.total),
        .frequency = PyMem_Calloc(m, sizeof *out.frequency),
        .last = PyMem_Calloc(m, sizeof *out.last),
    };
    clm_rfm_segments *segs = NULL;
    PyObject *la = NULL, *lx = NULL, *lr = NULL, *lt = NULL, *lf = NULL, *ll = NULL, *res = NULL;
    if (!out.abc || !out.xyz || !out.rfm || !out.cv || !out.total || !out.frequency ||
        !out.last) {
        PyErr_NoMemory();
        goto done;
    }
    clm_segment_options o;
    clm_segment_options_init(&o);
    o.abc.a_cut = a_cut;
    o.abc.b_cut = b_cut;
    o.abc.reject_negative = abc_reject;
    o.xyz.x_cut = x_cut;
    o.xyz.y_cut = y_cut;
    o.xyz.reject_negative = xyz_reject;
    int rc, closed = 0;
    if (h) {
        Py_BEGIN_ALLOW_THREADS
        PyThread_acquire_lock(h->lock, WAIT_LOCK);
        closed = h->ptr == NULL;
        rc = closed ? CLM_EINVAL
                    : clm_segmenter_run(h->ptr, &out, v, (size_t)n, (size_t)periods, &o);
        PyThread_release_lock(h->lock);
        Py_END_ALLOW_THREADS
        if (closed) {
            PyErr_SetString(PyExc_ValueError, "the segmenter is closed");
            goto done;
        }
    } else {
        CLMPY_CALL(rc, clm_segment_all(&out, v, (size_t)n, (size_t)periods, &o));
    }
    if (rc == 0)
        rc = clm_rfm_segments_new_default(&segs);
    if (rc) {
        clmpy_raise(rc);
        goto done;
    }
    const char *name;
    LIST_OF(la, n, PyUnicode_FromString((name = clm_abc_class_name(out.abc[i])) ? name : ""));
    LIST_OF(lx, n, Py_BuildValue("(sd)", (name = clm_xyz_class_name(out.xyz[i])) ? name : "",
                                 out.cv[i]));
    LIST_OF(lr, n, Py_BuildValue("(iiiz)", out.rfm[i].r, out.rfm[i].f, out.rfm[i].m,
                                 clm_rfm_segments_name(segs, out.rfm[i])));
    LIST_OF(lt, n, PyLong_FromLongLong(out.total[i]));
    LIST_OF(lf, n, PyLong_FromLongLong(out.frequency[i]));
    LIST_OF(ll, n, out.last[i] == CLM_RFM_NEVER ? Py_NewRef(Py_None)
                                                : PyLong_FromLong(out.last[i]));
    if (la && lx && lr && lt && lf && ll)
        res = PyTuple_Pack(6, la, lx, lr, lt, lf, ll);
done:
    Py_XDECREF(la);
    Py_XDECREF(lx);
    Py_XDECREF(lr);
    Py_XDECREF(lt);
    Py_XDECREF(lf);
    Py_XDECREF(ll);
    clm_rfm_segments_free(segs);
    PyMem_Free(v);
    PyMem_Free(out.abc);
    PyMem_Free(out.xyz);
    PyMem_Free(out.rfm);
    PyMem_Free(out.cv);
    PyMem_Free(out.total);
    PyMem_Free(out.frequency);
    PyMem_Free(out.last);
    return res;
}

PyMethodDef clmpy_segment_methods[] = {
    {"segment_abc", abc, METH_VARARGS, NULL},
    {"segment_xyz", xyz, METH_VARARGS, NULL},
    {"segment_rfm", rfm, METH_VARARGS, NULL},
    {"segment_all", segment_all, METH_VARARGS, NULL},
    {"segmenter_new", segmenter_new, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};
