/*
 * columns.c — batch pricing from columns: order lines given as one column
 * per field (products, quantities in thousandths, prices and costs in
 * minor units), priced by clm_discount_engine_price_batch() with the GIL
 * released, and the results kept as the engine's C structs until asked
 * for: a column of them as array('q'), one line or one document's totals
 * as the tuples discount.c makes.
 *
 * Nothing is built per line but the C line itself: numbers are read from
 * buffers (array('q'), NumPy int64...) or from ints, product names are the
 * UTF-8 CPython caches in each str, and the document headers (currency,
 * date, client...) are converted once for each run of the same object.
 */
#include "clmpy.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* Raises clm.InvalidArgument (a ValueError) naming the column at fault. */
static int bad_column(const char *field, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad_column(const char *field, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    PyOS_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!clmpy_error_factory) {
        PyErr_SetString(PyExc_ValueError, msg);
        return -1;
    }
    PyObject *exc = PyObject_CallFunction(clmpy_error_factory, "isssi", CLM_EINVAL, msg, field,
                                          NULL, 0);
    if (exc) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return -1;
}

/* ---- integer columns ------------------------------------------------------ */

/* A column of int64: a buffer of signed 64-bit integers read in place, or
 * a sequence of int read item by item. */
typedef struct icol {
    const char *name;
    Py_buffer view;
    int has_view;
    const int64_t *v;     /* the buffer's items, or NULL: read `fast` */
    PyObject *fast;
    Py_ssize_t n;
} icol;

static int is_int64_format(const char *f, Py_ssize_t itemsize)
{
    if (itemsize != 8 || f == NULL)
        return 0;
    if (*f == '@' || *f == '=' || (*f == '<' && PY_LITTLE_ENDIAN) || (*f == '>' && PY_BIG_ENDIAN))
        f++;
    return (f[0] == 'q' || f[0] == 'l') && f[1] == '\0';
}

static int icol_open(icol *c, PyObject *obj, const char *name)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    if (PyUnicode_Check(obj) || PyBytes_Check(obj) || PyByteArray_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a sequence of int or a buffer of signed "
                     "64-bit integers (array('q')), not %.50s", name, Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (PyObject_CheckBuffer(obj)) {
        if (PyObject_GetBuffer(obj, &c->view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
            return -1;
        c->has_view = 1;
        if (c->view.ndim != 1 || !is_int64_format(c->view.format, c->view.itemsize)) {
            PyErr_Format(PyExc_TypeError, "%s: a buffer of format '%s' (%zd-byte items, %d "
                         "dimensions); expected signed 64-bit integers (array('q')) in one "
                         "dimension", name, c->view.format ? c->view.format : "B",
                         c->view.itemsize, c->view.ndim);
            return -1;
        }
        c->v = c->view.buf;
        c->n = c->view.len / 8;
        return 0;
    }
    char what[96];
    PyOS_snprintf(what, sizeof what, "%s: expected a sequence of int or a buffer of signed "
                  "64-bit integers", name);
    if (!(c->fast = PySequence_Fast(obj, what)))
        return -1;
    c->n = PySequence_Fast_GET_SIZE(c->fast);
    return 0;
}

static int icol_get(const icol *c, Py_ssize_t i, int64_t *out)
{
    if (c->v) {
        *out = c->v[i];
        return 0;
    }
    PyObject *x = PySequence_Fast_GET_ITEM(c->fast, i);
    if (!PyLong_Check(x)) {
        PyErr_Format(PyExc_TypeError, "%s[%zd]: expected an int, not %.50s%s", c->name, i,
                     Py_TYPE(x)->tp_name, PyFloat_Check(x) ? " (money and quantities are "
                     "never floats: give minor units and thousandths as int)" : "");
        return -1;
    }
    long long v = PyLong_AsLongLong(x);
    if (v == -1 && PyErr_Occurred())
        return -1;
    *out = v;
    return 0;
}

static void icol_close(icol *c)
{
    if (c->has_view)
        PyBuffer_Release(&c->view);
    Py_CLEAR(c->fast);
    c->has_view = 0;
    c->v = NULL;
}

/* A column of str (None allowed when `optional`): a tuple, so that no
 * other thread can drop an item while the GIL is released. */
static PyObject *text_column(PyObject *obj, const char *name)
{
    if (PyUnicode_Check(obj) || PyBytes_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a sequence of str, not one %.50s", name,
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return PySequence_Tuple(obj);
}

static int text_item(PyObject *tuple, Py_ssize_t i, const char *name, int optional,
                     const char **out)
{
    PyObject *s = PyTuple_GET_ITEM(tuple, i);
    if (optional && s == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!PyUnicode_Check(s)) {
        PyErr_Format(PyExc_TypeError, "%s[%zd]: expected a str%s, not %.50s", name, i,
                     optional ? " or None" : "", Py_TYPE(s)->tp_name);
        return -1;
    }
    return (*out = PyUnicode_AsUTF8(s)) ? 0 : -1;
}

/* ---- the priced batch ----------------------------------------------------- */

/* What a handle tagged "discount_priced" owns: the engine's results. */
typedef struct priced {
    clm_discount_line_result *lines;
    size_t nlines;
    clm_discount_totals *totals;
    size_t ndocs;
    size_t *first;    /* first line of document k; first[ndocs] == nlines */
} priced;

static void priced_destroy(void *p)
{
    priced *r = p;
    if (!r)
        return;
    PyMem_RawFree(r->lines);
    PyMem_RawFree(r->totals);
    PyMem_RawFree(r->first);
    PyMem_RawFree(r);
}

static int priced_arg(PyObject *o, void *out)
{
    return (*(priced **)out = clmpy_handle_get(o, "discount_priced")) != NULL;
}

static int engine_arg(PyObject *o, void *out)
{
    return (*(clm_discount_engine **)out = clmpy_handle_get(o, "discount_engine")) != NULL;
}

/* Document headers: one object for every document, or one per document,
 * converted once for each run of the same object. */
typedef struct headers {
    PyObject *fast;          /* NULL when one header serves every document */
    clmpy_docbuf *bufs;      /* converted runs */
    Py_ssize_t nbufs;
} headers;

static void headers_free(headers *h)
{
    for (Py_ssize_t i = 0; h->bufs && i < h->nbufs; i++)
        clmpy_docbuf_free(&h->bufs[i]);
    PyMem_Free(h->bufs);
    Py_CLEAR(h->fast);
    h->bufs = NULL;
    h->nbufs = 0;
}

static int header_convert(clmpy_docbuf *b, PyObject *obj, Py_ssize_t k)
{
    if (clmpy_docbuf_from(b, obj) < 0)
        return -1;
    if (b->doc.line_count != 0)
        return bad_column("header", "header %zd: a header document has no lines of its own "
                          "(it has %zu): the lines are the columns", k, b->doc.line_count);
    return 0;
}

/* Fills docs[k] (all but the lines) from the headers. */
static int headers_fill(headers *h, PyObject *obj, clm_discount_document *docs, Py_ssize_t ndocs)
{
    memset(h, 0, sizeof *h);
    int one = !PyList_Check(obj) && !PyTuple_Check(obj);
    Py_ssize_t n = 1;
    if (!one) {
        h->fast = Py_NewRef(obj);
        n = PySequence_Fast_GET_SIZE(h->fast);
        if (n != ndocs)
            return bad_column("header", "header: %zd headers for %zd documents", n, ndocs);
    }
    if (!(h->bufs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *h->bufs))) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject *prev = NULL;
    for (Py_ssize_t k = 0; k < ndocs; k++) {
        PyObject *o = one ? obj : PySequence_Fast_GET_ITEM(h->fast, k);
        if (o != prev) {
            if (header_convert(&h->bufs[h->nbufs++], o, k) < 0)
                return -1;
            prev = o;
        }
        docs[k] = h->bufs[h->nbufs - 1].doc;
    }
    return 0;
}

/* price_columns(engine, header, counts, products, quantities, unit_prices,
 *               unit_costs|None, groups|None, manual_rates|None) -> handle */
static PyObject *price_columns(PyObject *self, PyObject *args)
{
    clm_discount_engine *e;
    PyObject *hdr, *counts_obj, *prod_obj, *qty_obj, *price_obj, *cost_obj, *group_obj,
             *manual_obj;
    if (!PyArg_ParseTuple(args, "O&OOOOOOOO", engine_arg, &e, &hdr, &counts_obj, &prod_obj,
                          &qty_obj, &price_obj, &cost_obj, &group_obj, &manual_obj))
        return NULL;
    icol qty = {0}, price = {0}, cost = {0}, manual = {0}, counts = {0};
    headers h = {0};
    PyObject *products = NULL, *groups = NULL, *res = NULL;
    clm_discount_line *lines = NULL;
    clm_discount_document *docs = NULL;
    priced *r = NULL;
    Py_ssize_t n = 0, ndocs = 0, per = 0;

    if (!(products = text_column(prod_obj, "products")))
        goto out;
    n = PyTuple_GET_SIZE(products);
    if (icol_open(&qty, qty_obj, "quantity_thousandths") < 0 ||
        icol_open(&price, price_obj, "unit_price_minor") < 0 ||
        (cost_obj != Py_None && icol_open(&cost, cost_obj, "unit_cost_minor") < 0) ||
        (manual_obj != Py_None && icol_open(&manual, manual_obj, "manual_rate_ppm") < 0) ||
        (group_obj != Py_None && !(groups = text_column(group_obj, "groups"))))
        goto out;
    const icol *cols[] = { &qty, &price, &cost, &manual };
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        if (cols[c]->name && cols[c]->n != n) {
            bad_column(cols[c]->name, "%s: %zd values for %zd lines (products)", cols[c]->name,
                       cols[c]->n, n);
            goto out;
        }
    if (groups && PyTuple_GET_SIZE(groups) != n) {
        bad_column("groups", "groups: %zd values for %zd lines (products)",
                   PyTuple_GET_SIZE(groups), n);
        goto out;
    }
    if (n == 0) {
        bad_column("products", "products: no lines to price");
        goto out;
    }

    /* Documents: a fixed number of lines each, or a column of counts. */
    if (PyLong_Check(counts_obj)) {
        per = PyLong_AsSsize_t(counts_obj);
        if (per == -1 && PyErr_Occurred())
            goto out;
        if (per < 1 || n % per != 0) {
            bad_column("lines_per_document", "lines_per_document: %zd does not divide %zd "
                       "lines into whole documents", per, n);
            goto out;
        }
        ndocs = n / per;
    } else {
        if (icol_open(&counts, counts_obj, "lines_per_document") < 0)
            goto out;
        ndocs = counts.n;
    }
    if (!(r = PyMem_RawCalloc(1, sizeof *r)) ||
        !(r->first = PyMem_RawCalloc((size_t)ndocs + 1, sizeof *r->first)) ||
        !(docs = PyMem_Calloc(ndocs ? (size_t)ndocs : 1, sizeof *docs)) ||
        !(lines = PyMem_Calloc((size_t)n, sizeof *lines))) {
        PyErr_NoMemory();
        goto out;
    }
    size_t at = 0;
    for (Py_ssize_t k = 0; k < ndocs; k++) {
        int64_t c = per;
        if (!per && icol_get(&counts, k, &c) < 0)
            goto out;
        if (c < 1 || (uint64_t)c > (uint64_t)n - at) {
            bad_column("lines_per_document", "lines_per_document[%zd]: %lld lines, where "
                       "%zu of the %zd lines are left", k, (long long)c, (size_t)n - at, n);
            goto out;
        }
        r->first[k] = at;
        at += (size_t)c;
    }
    if (at != (size_t)n) {
        bad_column("lines_per_document", "lines_per_document: the documents hold %zu lines, "
                   "the columns %zd", at, n);
        goto out;
    }
    r->first[ndocs] = at;
    if (headers_fill(&h, hdr, docs, ndocs) < 0)
        goto out;

    /* The lines: in the currency of their document's header. */
    for (Py_ssize_t k = 0; k < ndocs; k++) {
        const char *cur = docs[k].currency ? docs[k].currency : "";
        size_t curlen = strlen(cur);
        if (curlen >= sizeof lines[0].unit_price.currency) {
            PyErr_Format(PyExc_ValueError, "header %zd: currency '%.8s' is not a 3-letter code",
                         k, cur);
            goto out;
        }
        for (size_t i = r->first[k]; i < r->first[k + 1]; i++) {
            clm_discount_line *l = &lines[i];
            Py_ssize_t j = (Py_ssize_t)i;
            int64_t v = 0;
            if (text_item(products, j, "products", 0, &l->product) < 0 ||
                (groups && text_item(groups, j, "groups", 1, &l->group) < 0) ||
                icol_get(&qty, j, &l->quantity) < 0 || icol_get(&price, j, &v) < 0)
                goto out;
            l->unit_price.amount = v;
            memcpy(l->unit_price.currency, cur, curlen + 1);
            /* A line without a cost: None in a sequence of costs. */
            if (cost.name && (cost.v || PySequence_Fast_GET_ITEM(cost.fast, j) != Py_None)) {
                if (icol_get(&cost, j, &v) < 0)
                    goto out;
                l->unit_cost.amount = v;
                memcpy(l->unit_cost.currency, cur, curlen + 1);
                l->has_cost = 1;
            }
            if (manual.name && icol_get(&manual, j, &l->manual_rate) < 0)
                goto out;
        }
        docs[k].lines = &lines[r->first[k]];
        docs[k].line_count = r->first[k + 1] - r->first[k];
    }

    r->nlines = (size_t)n;
    r->ndocs = (size_t)ndocs;
    /* Filled whole by the engine (or freed unread when it refuses). */
    if (!(r->lines = PyMem_RawMalloc((size_t)n * sizeof *r->lines)) ||
        !(r->totals = PyMem_RawMalloc((size_t)ndocs * sizeof *r->totals))) {
        PyErr_NoMemory();
        goto out;
    }
    int rc;
    CLMPY_CALL(rc, clm_discount_engine_price_batch(r->lines, r->nlines, r->totals, e, docs,
                                                   r->ndocs));
    if (rc) {
        clmpy_raise(rc);
        goto out;
    }
    res = clmpy_handle_new(r, priced_destroy, "discount_priced", NULL, 0);
    r = NULL;   /* the handle owns it (or freed it on failure) */
out:
    priced_destroy(r);
    headers_free(&h);
    PyMem_Free(docs);
    PyMem_Free(lines);
    icol_close(&qty);
    icol_close(&price);
    icol_close(&cost);
    icol_close(&manual);
    icol_close(&counts);
    Py_XDECREF(products);
    Py_XDECREF(groups);
    return res;
}

/* ---- reading the results -------------------------------------------------- */

typedef enum kind { I64, INT, INDEX } kind;

typedef struct field {
    const char *name;
    size_t off;
    kind k;
} field;

#define LF(n, k) { #n, offsetof(clm_discount_line_result, n), k }
static const field line_fields[] = {
    LF(base, I64), LF(discount, I64), LF(surcharge, I64), LF(capped, I64), LF(net, I64),
    LF(cost, I64), LF(rate, I64), LF(margin, I64), LF(has_margin, INT),
    LF(rules_applied, INDEX), LF(unit_price, I64),
};
#undef LF

#define TF(n, k) { #n, offsetof(clm_discount_totals, n), k }
static const field totals_fields[] = {
    TF(base, I64), TF(discount, I64), TF(surcharge, I64), TF(capped, I64), TF(net, I64),
    TF(rate, I64), TF(max_line_rate, I64), TF(max_line, INDEX), TF(min_margin, I64),
    TF(min_margin_line, INDEX), TF(has_margin, INT), TF(approval, INDEX), TF(approvable, INT),
    TF(role_suffices, INT), TF(has_early_payment, INT), TF(early_payment_amount, I64),
};
#undef TF

static PyObject *array_type;   /* array.array, imported on first use */

/* array('q') of field `name` of n structs of `size` bytes from `base`;
 * an index of CLM_DISCOUNT_NONE is -1. */
static PyObject *column(const field *fields, size_t nfields, const char *name,
                        const char *base, size_t size, size_t n)
{
    const field *f = NULL;
    for (size_t i = 0; i < nfields && !f; i++)
        if (strcmp(fields[i].name, name) == 0)
            f = &fields[i];
    if (!f) {
        PyObject *names = PyList_New(0);
        for (size_t i = 0; names && i < nfields; i++) {
            PyObject *s = PyUnicode_FromString(fields[i].name);
            if (!s || PyList_Append(names, s) < 0)
                Py_CLEAR(names);
            Py_XDECREF(s);
        }
        if (names) {
            PyErr_Format(PyExc_KeyError, "no column '%s'; the columns are %R", name, names);
            Py_DECREF(names);
        }
        return NULL;
    }
    if (!array_type) {
        PyObject *m = PyImport_ImportModule("array");
        array_type = m ? PyObject_GetAttrString(m, "array") : NULL;
        Py_XDECREF(m);
        if (!array_type)
            return NULL;
    }
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(n * sizeof(int64_t)));
    if (!bytes)
        return NULL;
    char *dst = PyBytes_AS_STRING(bytes);
    const char *src = base + f->off;
    for (size_t i = 0; i < n; i++, src += size, dst += sizeof(int64_t)) {
        int64_t v = 0;
        if (f->k == I64) {
            memcpy(&v, src, sizeof v);
        } else if (f->k == INT) {
            int x = 0;
            memcpy(&x, src, sizeof x);
            v = x;
        } else {
            size_t x = 0;
            memcpy(&x, src, sizeof x);
            v = x == CLM_DISCOUNT_NONE ? -1 : (int64_t)x;
        }
        memcpy(dst, &v, sizeof v);
    }
    PyObject *arr = PyObject_CallFunction(array_type, "sO", "q", bytes);
    Py_DECREF(bytes);
    return arr;
}

static PyObject *priced_line_column(PyObject *self, PyObject *args)
{
    priced *r;
    const char *name;
    if (!PyArg_ParseTuple(args, "O&s", priced_arg, &r, &name))
        return NULL;
    return column(line_fields, sizeof line_fields / sizeof *line_fields, name,
                  (const char *)r->lines, sizeof *r->lines, r->nlines);
}

static PyObject *priced_totals_column(PyObject *self, PyObject *args)
{
    priced *r;
    const char *name;
    if (!PyArg_ParseTuple(args, "O&s", priced_arg, &r, &name))
        return NULL;
    return column(totals_fields, sizeof totals_fields / sizeof *totals_fields, name,
                  (const char *)r->totals, sizeof *r->totals, r->ndocs);
}

/* (lines, documents) */
static PyObject *priced_size(PyObject *self, PyObject *args)
{
    priced *r;
    if (!PyArg_ParseTuple(args, "O&", priced_arg, &r))
        return NULL;
    return Py_BuildValue("(nn)", (Py_ssize_t)r->nlines, (Py_ssize_t)r->ndocs);
}

static int index_in(Py_ssize_t i, size_t n, const char *what)
{
    if (i < 0 || (size_t)i >= n) {
        PyErr_Format(PyExc_IndexError, "%s %zd out of range (0..%zd)", what, i,
                     (Py_ssize_t)n - 1);
        return -1;
    }
    return 0;
}

/* The line's tuple, as clm.discount.LineResult takes it. */
static PyObject *priced_line(PyObject *self, PyObject *args)
{
    priced *r;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "O&n", priced_arg, &r, &i) || index_in(i, r->nlines, "line") < 0)
        return NULL;
    return clmpy_discount_line_to_py(&r->lines[i]);
}

/* (totals tuple, first line, line count) of document k. */
static PyObject *priced_document(PyObject *self, PyObject *args)
{
    priced *r;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "O&n", priced_arg, &r, &k) ||
        index_in(k, r->ndocs, "document") < 0)
        return NULL;
    return Py_BuildValue("(Nnn)", clmpy_discount_totals_to_py(&r->totals[k]),
                         (Py_ssize_t)r->first[k], (Py_ssize_t)(r->first[k + 1] - r->first[k]));
}

PyMethodDef clmpy_columns_methods[] = {
    {"discount_price_columns", price_columns, METH_VARARGS, NULL},
    {"priced_size", priced_size, METH_VARARGS, NULL},
    {"priced_line_column", priced_line_column, METH_VARARGS, NULL},
    {"priced_totals_column", priced_totals_column, METH_VARARGS, NULL},
    {"priced_line", priced_line, METH_VARARGS, NULL},
    {"priced_document", priced_document, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
