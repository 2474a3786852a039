/*
 * core.c — money, rates, rounding, dates, calendars and legal terms.
 */
#include "clmpy.h"

#include <string.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static int money_arg(PyObject *o, void *out) { return clmpy_money_from_py(o, out) == 0; }
static int date_arg(PyObject *o, void *out) { return clmpy_date_from_py(o, out) == 0; }

/* ---- money --------------------------------------------------------------- */

static PyObject *currency_find(PyObject *self, PyObject *args)
{
    const char *code;
    clm_currency c;
    if (!PyArg_ParseTuple(args, "s", &code))
        return NULL;
    CHECK(clm_currency_find(&c, code));
    return Py_BuildValue("(sii)", c.code, (int)c.numeric, (int)c.exponent);
}

static PyObject *money_parse(PyObject *self, PyObject *args)
{
    const char *text;
    clm_money m;
    if (!PyArg_ParseTuple(args, "s", &text))
        return NULL;
    CHECK(clm_money_parse(&m, text));
    return clmpy_money_to_py(&m);
}

static PyObject *money_format(PyObject *self, PyObject *args)
{
    clm_money m;
    char buf[CLM_MONEY_FORMAT_MAX];
    if (!PyArg_ParseTuple(args, "O&", money_arg, &m))
        return NULL;
    int rc = clm_money_format(buf, sizeof buf, &m);
    if (rc < 0)
        return clmpy_raise(rc);
    return PyUnicode_FromString(buf);
}

static PyObject *money_minor(PyObject *self, PyObject *args)
{
    clm_money m;
    if (!PyArg_ParseTuple(args, "O&", money_arg, &m))
        return NULL;
    return PyLong_FromLongLong(m.amount);
}

static PyObject *money_from_minor(PyObject *self, PyObject *args)
{
    long long minor;
    const char *cur;
    clm_money m;
    if (!PyArg_ParseTuple(args, "Ls", &minor, &cur))
        return NULL;
    CHECK(clm_money_make(&m, minor, cur));
    return clmpy_money_to_py(&m);
}

static PyObject *money_add(PyObject *self, PyObject *args)
{
    clm_money a, b, r;
    if (!PyArg_ParseTuple(args, "O&O&", money_arg, &a, money_arg, &b))
        return NULL;
    CHECK(clm_money_add(&r, &a, &b));
    return clmpy_money_to_py(&r);
}

static PyObject *money_sub(PyObject *self, PyObject *args)
{
    clm_money a, b, r;
    if (!PyArg_ParseTuple(args, "O&O&", money_arg, &a, money_arg, &b))
        return NULL;
    CHECK(clm_money_sub(&r, &a, &b));
    return clmpy_money_to_py(&r);
}

static PyObject *money_neg(PyObject *self, PyObject *args)
{
    clm_money a, r;
    if (!PyArg_ParseTuple(args, "O&", money_arg, &a))
        return NULL;
    CHECK(clm_money_neg(&r, &a));
    return clmpy_money_to_py(&r);
}

static PyObject *money_mul(PyObject *self, PyObject *args)
{
    clm_money a, r;
    long long q;
    if (!PyArg_ParseTuple(args, "O&L", money_arg, &a, &q))
        return NULL;
    CHECK(clm_money_mul(&r, &a, q));
    return clmpy_money_to_py(&r);
}

static PyObject *money_mul_frac(PyObject *self, PyObject *args)
{
    clm_money a, r;
    long long q, scale;
    int mode;
    if (!PyArg_ParseTuple(args, "O&LLi", money_arg, &a, &q, &scale, &mode))
        return NULL;
    CHECK(clm_money_mul_frac(&r, &a, q, scale, (clm_rounding)mode));
    return clmpy_money_to_py(&r);
}

static PyObject *money_mul_rate(PyObject *self, PyObject *args)
{
    clm_money a, r;
    long long rate;
    int mode;
    if (!PyArg_ParseTuple(args, "O&Li", money_arg, &a, &rate, &mode))
        return NULL;
    CHECK(clm_money_mul_rate(&r, &a, rate, (clm_rounding)mode));
    return clmpy_money_to_py(&r);
}

static PyObject *money_cmp(PyObject *self, PyObject *args)
{
    clm_money a, b;
    int out;
    if (!PyArg_ParseTuple(args, "O&O&", money_arg, &a, money_arg, &b))
        return NULL;
    CHECK(clm_money_cmp(&out, &a, &b));
    return PyLong_FromLong(out);
}

static PyObject *money_allocate(PyObject *self, PyObject *args)
{
    clm_money total;
    PyObject *wseq;
    if (!PyArg_ParseTuple(args, "O&O", money_arg, &total, &wseq))
        return NULL;
    PyObject *fast = PySequence_Fast(wseq, "weights must be a sequence of int");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    int64_t *w = PyMem_Calloc(n ? (size_t)n : 1, sizeof *w);
    clm_money *parts = PyMem_Calloc(n ? (size_t)n : 1, sizeof *parts);
    PyObject *res = NULL;
    if (!w || !parts) {
        PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        w[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, i));
        if (w[i] == -1 && PyErr_Occurred())
            goto out;
    }
    int rc = clm_money_allocate(parts, &total, w, (size_t)n);
    if (rc) {
        clmpy_raise(rc);
        goto out;
    }
    res = PyList_New(n);
    for (Py_ssize_t i = 0; res && i < n; i++) {
        PyObject *p = clmpy_money_to_py(&parts[i]);
        if (!p) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, i, p);
    }
out:
    PyMem_Free(w);
    PyMem_Free(parts);
    Py_DECREF(fast);
    return res;
}

/* ---- rates and rounding -------------------------------------------------- */

static PyObject *rate_parse(PyObject *self, PyObject *args)
{
    const char *text;
    clm_rate r;
    if (!PyArg_ParseTuple(args, "s", &text))
        return NULL;
    CHECK(clm_rate_parse(&r, text));
    return PyLong_FromLongLong(r);
}

static PyObject *rate_format(PyObject *self, PyObject *args)
{
    long long r;
    char buf[CLM_RATE_FORMAT_MAX];
    if (!PyArg_ParseTuple(args, "L", &r))
        return NULL;
    int rc = clm_rate_format(buf, sizeof buf, r);
    if (rc < 0)
        return clmpy_raise(rc);
    return PyUnicode_FromString(buf);
}

static PyObject *rate_apply(PyObject *self, PyObject *args)
{
    long long v, r;
    int mode;
    int64_t out;
    if (!PyArg_ParseTuple(args, "LLi", &v, &r, &mode))
        return NULL;
    CHECK(clm_rate_apply(&out, v, r, (clm_rounding)mode));
    return PyLong_FromLongLong(out);
}

static PyObject *div_round(PyObject *self, PyObject *args)
{
    long long num, den;
    int mode;
    int64_t out;
    if (!PyArg_ParseTuple(args, "LLi", &num, &den, &mode))
        return NULL;
    CHECK(clm_div_round(&out, num, den, (clm_rounding)mode));
    return PyLong_FromLongLong(out);
}

static PyObject *muldiv_round(PyObject *self, PyObject *args)
{
    long long a, num, den;
    int mode;
    int64_t out;
    if (!PyArg_ParseTuple(args, "LLLi", &a, &num, &den, &mode))
        return NULL;
    CHECK(clm_muldiv_round(&out, a, num, den, (clm_rounding)mode));
    return PyLong_FromLongLong(out);
}

/* ---- dates --------------------------------------------------------------- */

static PyObject *date_parse(PyObject *self, PyObject *args)
{
    const char *text;
    clm_date d;
    if (!PyArg_ParseTuple(args, "s", &text))
        return NULL;
    CHECK(clm_date_parse(&d, text));
    return clmpy_date_to_py(d);
}

static PyObject *date_format(PyObject *self, PyObject *args)
{
    clm_date d;
    char buf[CLM_DATE_FORMAT_MAX];
    if (!PyArg_ParseTuple(args, "O&", date_arg, &d))
        return NULL;
    int rc = clm_date_format(buf, sizeof buf, d);
    if (rc < 0)
        return clmpy_raise(rc);
    return PyUnicode_FromString(buf);
}

static PyObject *date_add_days(PyObject *self, PyObject *args)
{
    clm_date d, r;
    int n;
    if (!PyArg_ParseTuple(args, "O&i", date_arg, &d, &n))
        return NULL;
    CHECK(clm_date_add_days(&r, d, n));
    return clmpy_date_to_py(r);
}

static PyObject *date_add_months(PyObject *self, PyObject *args)
{
    clm_date d, r;
    int n;
    if (!PyArg_ParseTuple(args, "O&i", date_arg, &d, &n))
        return NULL;
    CHECK(clm_date_add_months(&r, d, n));
    return clmpy_date_to_py(r);
}

static PyObject *date_weekday(PyObject *self, PyObject *args)
{
    clm_date d;
    if (!PyArg_ParseTuple(args, "O&", date_arg, &d))
        return NULL;
    int wd = clm_date_weekday(d);
    if (wd < 0)
        return clmpy_raise(wd);
    return PyLong_FromLong(wd);
}

/* ---- calendars ----------------------------------------------------------- */

static void calendar_destroy(void *p) { clm_calendar_free(p); }

static PyObject *calendar_wrap(clm_calendar *cal)
{
    return clmpy_handle_new(cal, calendar_destroy, "calendar", NULL, 0);
}

static int cal_arg(PyObject *o, void *out)
{
    if (o == Py_None) {
        *(clm_calendar **)out = NULL;
        return 1;
    }
    *(clm_calendar **)out = clmpy_handle_get(o, "calendar");
    return *(clm_calendar **)out != NULL;
}

static PyObject *calendar_new(PyObject *self, PyObject *args)
{
    const char *name;
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "s", &name))
        return NULL;
    CHECK(clm_calendar_new(&cal, name));
    return calendar_wrap(cal);
}

static PyObject *calendar_new_ru(PyObject *self, PyObject *unused)
{
    clm_calendar *cal;
    CHECK(clm_calendar_new_ru(&cal));
    return calendar_wrap(cal);
}

static PyObject *calendar_load_xml(PyObject *self, PyObject *args)
{
    const char *buf, *source = NULL;
    Py_ssize_t len;
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "y#|z", &buf, &len, &source))
        return NULL;
    int rc;
    CLMPY_CALL(rc, clm_calendar_load_xml(&cal, buf, (size_t)len, source, NULL));
    CHECK(rc);
    return calendar_wrap(cal);
}

static PyObject *calendar_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    int rc;
    CLMPY_CALL(rc, clm_calendar_load_file(&cal, PyBytes_AS_STRING(path), NULL));
    Py_DECREF(path);
    CHECK(rc);
    return calendar_wrap(cal);
}

static PyObject *calendar_save_xml(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    char *out;
    size_t len;
    if (!PyArg_ParseTuple(args, "O&", cal_arg, &cal))
        return NULL;
    CHECK(clm_calendar_save_xml(&out, &len, cal));
    PyObject *res = PyBytes_FromStringAndSize(out, (Py_ssize_t)len);
    clm_free(out);
    return res;
}

static PyObject *calendar_dup(PyObject *self, PyObject *args)
{
    clm_calendar *cal, *copy;
    if (!PyArg_ParseTuple(args, "O&", cal_arg, &cal))
        return NULL;
    CHECK(clm_calendar_dup(&copy, cal));
    return calendar_wrap(copy);
}

static PyObject *calendar_name(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "O&", cal_arg, &cal))
        return NULL;
    const char *n = clm_calendar_name(cal);
    return PyUnicode_FromString(n ? n : "");
}

static PyObject *calendar_set_weekend(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    unsigned int mask;
    if (!PyArg_ParseTuple(args, "O&I", cal_arg, &cal, &mask))
        return NULL;
    CHECK(clm_calendar_set_weekend(cal, mask));
    Py_RETURN_NONE;
}

static PyObject *calendar_weekend(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "O&", cal_arg, &cal))
        return NULL;
    return PyLong_FromUnsignedLong(clm_calendar_weekend(cal));
}

static PyObject *calendar_set_coverage(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date a, b;
    if (!PyArg_ParseTuple(args, "O&O&O&", cal_arg, &cal, date_arg, &a, date_arg, &b))
        return NULL;
    CHECK(clm_calendar_set_coverage(cal, a, b));
    Py_RETURN_NONE;
}

static PyObject *calendar_coverage(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date a, b;
    if (!PyArg_ParseTuple(args, "O&", cal_arg, &cal))
        return NULL;
    if (clm_calendar_coverage(cal, &a, &b) != 1)
        Py_RETURN_NONE;
    PyObject *x = clmpy_date_to_py(a), *y = x ? clmpy_date_to_py(b) : NULL;
    PyObject *res = y ? PyTuple_Pack(2, x, y) : NULL;
    Py_XDECREF(x);
    Py_XDECREF(y);
    return res;
}

static PyObject *calendar_add_day(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date d;
    int kind;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&i|z", cal_arg, &cal, date_arg, &d, &kind, &note))
        return NULL;
    CHECK(clm_calendar_add_day(cal, d, (clm_day_kind)kind, note));
    Py_RETURN_NONE;
}

static PyObject *calendar_days(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "O&", cal_arg, &cal))
        return NULL;
    size_t n = clm_calendar_day_count(cal);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_date d;
        clm_day_kind kind;
        const char *note;
        int rc = clm_calendar_day_at(&d, &kind, &note, cal, i);
        PyObject *day = rc ? clmpy_raise(rc) : clmpy_date_to_py(d);
        PyObject *item = day ? Py_BuildValue("(Niz)", day, (int)kind, note) : NULL;
        if (!item) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, item);
    }
    return res;
}

static PyObject *calendar_is_working(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date d;
    int out;
    if (!PyArg_ParseTuple(args, "O&O&", cal_arg, &cal, date_arg, &d))
        return NULL;
    CHECK(clm_calendar_is_working(&out, cal, d));
    return PyBool_FromLong(out);
}

static PyObject *calendar_roll_forward(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date d, r;
    if (!PyArg_ParseTuple(args, "O&O&", cal_arg, &cal, date_arg, &d))
        return NULL;
    CHECK(clm_calendar_roll_forward(&r, cal, d));
    return clmpy_date_to_py(r);
}

static PyObject *calendar_add_working_days(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date d, r;
    int n;
    if (!PyArg_ParseTuple(args, "O&O&i", cal_arg, &cal, date_arg, &d, &n))
        return NULL;
    CHECK(clm_calendar_add_working_days(&r, cal, d, n));
    return clmpy_date_to_py(r);
}

static PyObject *calendar_count_working_days(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date a, b;
    int32_t out;
    if (!PyArg_ParseTuple(args, "O&O&O&", cal_arg, &cal, date_arg, &a, date_arg, &b))
        return NULL;
    CHECK(clm_calendar_count_working_days(&out, cal, a, b));
    return PyLong_FromLong(out);
}

static PyObject *term_end(PyObject *self, PyObject *args)
{
    clm_calendar *cal;
    clm_date ev, r;
    int n, unit;
    if (!PyArg_ParseTuple(args, "O&O&ii", cal_arg, &cal, date_arg, &ev, &n, &unit))
        return NULL;
    CHECK(clm_term_end(&r, cal, ev, n, (clm_term_unit)unit));
    return clmpy_date_to_py(r);
}

PyMethodDef clmpy_core_methods[] = {
    {"currency_find", currency_find, METH_VARARGS, NULL},
    {"money_parse", money_parse, METH_VARARGS, NULL},
    {"money_format", money_format, METH_VARARGS, NULL},
    {"money_minor", money_minor, METH_VARARGS, NULL},
    {"money_from_minor", money_from_minor, METH_VARARGS, NULL},
    {"money_add", money_add, METH_VARARGS, NULL},
    {"money_sub", money_sub, METH_VARARGS, NULL},
    {"money_neg", money_neg, METH_VARARGS, NULL},
    {"money_mul", money_mul, METH_VARARGS, NULL},
    {"money_mul_frac", money_mul_frac, METH_VARARGS, NULL},
    {"money_mul_rate", money_mul_rate, METH_VARARGS, NULL},
    {"money_cmp", money_cmp, METH_VARARGS, NULL},
    {"money_allocate", money_allocate, METH_VARARGS, NULL},
    {"rate_parse", rate_parse, METH_VARARGS, NULL},
    {"rate_format", rate_format, METH_VARARGS, NULL},
    {"rate_apply", rate_apply, METH_VARARGS, NULL},
    {"div_round", div_round, METH_VARARGS, NULL},
    {"muldiv_round", muldiv_round, METH_VARARGS, NULL},
    {"date_parse", date_parse, METH_VARARGS, NULL},
    {"date_format", date_format, METH_VARARGS, NULL},
    {"date_add_days", date_add_days, METH_VARARGS, NULL},
    {"date_add_months", date_add_months, METH_VARARGS, NULL},
    {"date_weekday", date_weekday, METH_VARARGS, NULL},
    {"calendar_new", calendar_new, METH_VARARGS, NULL},
    {"calendar_new_ru", calendar_new_ru, METH_NOARGS, NULL},
    {"calendar_load_xml", calendar_load_xml, METH_VARARGS, NULL},
    {"calendar_load_file", calendar_load_file, METH_VARARGS, NULL},
    {"calendar_save_xml", calendar_save_xml, METH_VARARGS, NULL},
    {"calendar_dup", calendar_dup, METH_VARARGS, NULL},
    {"calendar_name", calendar_name, METH_VARARGS, NULL},
    {"calendar_set_weekend", calendar_set_weekend, METH_VARARGS, NULL},
    {"calendar_weekend", calendar_weekend, METH_VARARGS, NULL},
    {"calendar_set_coverage", calendar_set_coverage, METH_VARARGS, NULL},
    {"calendar_coverage", calendar_coverage, METH_VARARGS, NULL},
    {"calendar_add_day", calendar_add_day, METH_VARARGS, NULL},
    {"calendar_days", calendar_days, METH_VARARGS, NULL},
    {"calendar_is_working", calendar_is_working, METH_VARARGS, NULL},
    {"calendar_roll_forward", calendar_roll_forward, METH_VARARGS, NULL},
    {"calendar_add_working_days", calendar_add_working_days, METH_VARARGS, NULL},
    {"calendar_count_working_days", calendar_count_working_days, METH_VARARGS, NULL},
    {"term_end", term_end, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
