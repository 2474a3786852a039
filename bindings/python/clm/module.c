/*
 * module.c — the _clm extension: the handle type, errors, the conversions
 * every part uses, and the module's constants (taken from the headers, so
 * the Python enumerations never restate a value).
 */
#include "clmpy.h"

#include <datetime.h>
#include <stdio.h>
#include <string.h>

PyObject *clmpy_error_factory;
PyObject *clmpy_money_class;
PyObject *clmpy_decimal_class;

/* ---- the handle ---------------------------------------------------------- */

static void handle_release(clmpy_handle *h)
{
    if (h->ptr && h->destroy) {
        void *p = h->ptr;
        h->ptr = NULL;
        if (h->lock) {
            /* Another thread may be inside a call on the object; wait. */
            Py_BEGIN_ALLOW_THREADS
            PyThread_acquire_lock(h->lock, WAIT_LOCK);
            Py_END_ALLOW_THREADS
            h->destroy(p);
            PyThread_release_lock(h->lock);
        } else {
            h->destroy(p);
        }
    }
    h->ptr = NULL;
}

static int handle_traverse(clmpy_handle *h, visitproc visit, void *arg)
{
    Py_VISIT(h->parent);
    return 0;
}

static int handle_clear(clmpy_handle *h)
{
    handle_release(h);
    Py_CLEAR(h->parent);
    return 0;
}

static void handle_dealloc(clmpy_handle *h)
{
    PyObject_GC_UnTrack(h);
    handle_clear(h);
    if (h->lock)
        PyThread_free_lock(h->lock);
    Py_TYPE(h)->tp_free((PyObject *)h);
}

static PyObject *handle_close(clmpy_handle *h, PyObject *unused)
{
    handle_release(h);
    Py_CLEAR(h->parent);
    Py_RETURN_NONE;
}

static PyObject *handle_closed(clmpy_handle *h, void *unused)
{
    return PyBool_FromLong(h->ptr == NULL);
}

static PyObject *handle_repr(clmpy_handle *h)
{
    return PyUnicode_FromFormat("<_clm.Handle %s%s>", h->tag,
                                h->ptr ? "" : " (closed)");
}

static PyMethodDef handle_methods[] = {
    {"close", (PyCFunction)handle_close, METH_NOARGS,
     "Frees the C object now (idempotent)."},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef handle_getset[] = {
    {"closed", (getter)handle_closed, NULL, "True once freed.", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

PyTypeObject clmpy_handle_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "clm._clm.Handle",
    .tp_basicsize = sizeof(clmpy_handle),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A libclm object owned by Python.",
    .tp_dealloc = (destructor)handle_dealloc,
    .tp_traverse = (traverseproc)handle_traverse,
    .tp_clear = (inquiry)handle_clear,
    .tp_repr = (reprfunc)handle_repr,
    .tp_methods = handle_methods,
    .tp_getset = handle_getset,
};

PyObject *clmpy_handle_new(void *ptr, void (*destroy)(void *), const char *tag,
                           PyObject *parent, int with_lock)
{
    clmpy_handle *h = PyObject_GC_New(clmpy_handle, &clmpy_handle_type);
    if (!h) {
        if (destroy)
            destroy(ptr);
        return NULL;
    }
    h->ptr = ptr;
    h->destroy = destroy;
    h->tag = tag;
    h->parent = parent;
    Py_XINCREF(parent);
    h->lock = NULL;
    if (with_lock) {
        h->lock = PyThread_allocate_lock();
        if (!h->lock) {
            Py_DECREF(h);
            return PyErr_NoMemory();
        }
    }
    PyObject_GC_Track(h);
    return (PyObject *)h;
}

void *clmpy_handle_get(PyObject *obj, const char *tag)
{
    if (!PyObject_TypeCheck(obj, &clmpy_handle_type)) {
        PyErr_Format(PyExc_TypeError, "expected a %s handle", tag);
        return NULL;
    }
    clmpy_handle *h = (clmpy_handle *)obj;
    if (strcmp(h->tag, tag) != 0) {
        PyErr_Format(PyExc_TypeError, "expected a %s handle, got %s", tag, h->tag);
        return NULL;
    }
    if (!h->ptr) {
        PyErr_Format(PyExc_ValueError, "the %s is closed", tag);
        return NULL;
    }
    return h->ptr;
}

/* ---- errors -------------------------------------------------------------- */

PyObject *clmpy_raise(int rc)
{
    if (PyErr_Occurred())
        return NULL;   /* a callback's exception already explains it */
    const clm_error *e = clm_error_last();
    const char *msg = (e && e->code == rc && e->message) ? e->message : clm_strerror(rc);
    const char *field = (e && e->code == rc) ? e->field : NULL;
    const char *source = (e && e->code == rc) ? e->source : NULL;
    int line = (e && e->code == rc) ? e->line : 0;
    if (!clmpy_error_factory) {
        PyErr_Format(PyExc_RuntimeError, "libclm error %d: %s", rc, msg);
        return NULL;
    }
    PyObject *exc = PyObject_CallFunction(clmpy_error_factory, "isssi", rc,
                                          msg ? msg : "", field, source, line);
    if (!exc)
        return NULL;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    return NULL;
}

/* ---- conversions --------------------------------------------------------- */

int clmpy_date_from_py(PyObject *obj, clm_date *out)
{
    if (!PyDate_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "expected a datetime.date");
        return -1;
    }
    if (PyDateTime_Check(obj)) {
        PyErr_SetString(PyExc_TypeError,
                        "expected a datetime.date, not a datetime (dates are whole days)");
        return -1;
    }
    int rc = clm_date_from_ymd(out, PyDateTime_GET_YEAR(obj), PyDateTime_GET_MONTH(obj),
                               PyDateTime_GET_DAY(obj));
    if (rc) {
        clmpy_raise(rc);
        return -1;
    }
    return 0;
}

PyObject *clmpy_date_to_py(clm_date d)
{
    int y, m, day;
    int rc = clm_date_to_ymd(d, &y, &m, &day);
    if (rc)
        return clmpy_raise(rc);
    return PyDate_FromDate(y, m, day);
}

int clmpy_money_from_py(PyObject *obj, clm_money *out)
{
    if (!clmpy_money_class || !PyObject_IsInstance(obj, clmpy_money_class)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "expected a clm.Money");
        return -1;
    }
    /* Once parsed, a Money (immutable) keeps its minor units: the next
     * crossing only checks the currency again (clm_money_make). */
    PyObject *cached = PyObject_GetAttrString(obj, "_clm_minor");
    if (!cached)
        return -1;
    if (cached != Py_None) {
        long long minor = PyLong_AsLongLong(cached);
        Py_DECREF(cached);
        if (minor == -1 && PyErr_Occurred())
            return -1;
        PyObject *cur = PyObject_GetAttrString(obj, "currency");
        const char *c = cur ? PyUnicode_AsUTF8(cur) : NULL;
        int rc = c ? clm_money_make(out, minor, c) : -1;
        Py_XDECREF(cur);
        if (!c)
            return -1;
        if (rc) {
            clmpy_raise(rc);
            return -1;
        }
        return 0;
    }
    Py_DECREF(cached);
    /* The amount goes to libclm as text ("1234.50 RUB"): the library's
     * parser decides what the currency's minor units allow (no rounding). */
    PyObject *text = PyObject_CallMethod(obj, "_clm_text", NULL);
    if (!text)
        return -1;
    const char *s = PyUnicode_AsUTF8(text);
    int rc = s ? clm_money_parse(out, s) : -1;
    Py_DECREF(text);
    if (!s)
        return -1;
    if (rc) {
        clmpy_raise(rc);
        return -1;
    }
    PyObject *minor = PyLong_FromLongLong(out->amount);
    PyObject *name = PyUnicode_FromString("_clm_minor");
    int bad = !minor || !name || PyObject_GenericSetAttr(obj, name, minor) < 0;
    Py_XDECREF(minor);
    Py_XDECREF(name);
    return bad ? -1 : 0;
}

PyObject *clmpy_money_to_py(const clm_money *m)
{
    if (m->currency[0] == '\0')
        Py_RETURN_NONE;
    char buf[CLM_MONEY_FORMAT_MAX];
    int rc = clm_money_format(buf, sizeof buf, m);
    if (rc < 0)
        return clmpy_raise(rc);
    char *space = strchr(buf, ' ');
    if (!space) {
        PyErr_SetString(PyExc_RuntimeError, "libclm formatted money without a currency");
        return NULL;
    }
    *space = '\0';
    PyObject *amount = PyObject_CallFunction(clmpy_decimal_class, "s", buf);
    if (!amount)
        return NULL;
    PyObject *res = PyObject_CallFunction(clmpy_money_class, "Os", amount, space + 1);
    Py_DECREF(amount);
    return res;
}

int clmpy_opt_text(PyObject *obj, const char **out)
{
    if (obj == NULL || obj == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "expected str or None, got %s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    *out = PyUnicode_AsUTF8(obj);
    return *out ? 0 : -1;
}

int clmpy_actor_from_py(PyObject *obj, clm_actor *out)
{
    PyObject *user = PyObject_GetAttrString(obj, "user");
    PyObject *role = user ? PyObject_GetAttrString(obj, "role") : NULL;
    PyObject *at = role ? PyObject_GetAttrString(obj, "_clm_seconds") : NULL;
    int ok = at != NULL;
    if (ok)
        ok = clmpy_opt_text(user, &out->user) == 0 && clmpy_opt_text(role, &out->role) == 0;
    if (ok) {
        long long t = PyLong_AsLongLong(at);
        ok = !(t == -1 && PyErr_Occurred());
        out->at = t;
    }
    /* The strings stay alive through obj's attributes. */
    Py_XDECREF(user);
    Py_XDECREF(role);
    Py_XDECREF(at);
    return ok ? 0 : -1;
}

/* ---- shared glue ------------------------------------------------------- */

PyObject *clmpy_text_or_none(const char *s)
{
    if (!s)
        Py_RETURN_NONE;
    return PyUnicode_FromString(s);
}

PyObject *clmpy_opt_date_to_py(clm_date d, clm_date none)
{
    if (d == none)
        Py_RETURN_NONE;
    return clmpy_date_to_py(d);
}

PyObject *clmpy_money_of(int64_t minor, const char *currency)
{
    clm_money m;
    int rc = clm_money_make(&m, minor, currency);
    if (rc)
        return clmpy_raise(rc);
    return clmpy_money_to_py(&m);
}

int clmpy_minor_from_py(PyObject *obj, const char *currency, int allow_none, int64_t dflt,
                        int64_t *out)
{
    if (obj == Py_None && allow_none) {
        *out = dflt;
        return 0;
    }
    clm_money m;
    if (clmpy_money_from_py(obj, &m) < 0)
        return -1;
    if (strcmp(m.currency, currency) != 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "an amount in %s where %s is expected", m.currency, currency);
        PyObject *exc = PyObject_CallFunction(clmpy_error_factory, "isssi", CLM_ECURRENCY, msg,
                                              NULL, NULL, 0);
        if (exc) {
            PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
            Py_DECREF(exc);
        }
        return -1;
    }
    *out = m.amount;
    return 0;
}

int clmpy_date_arg(PyObject *o, void *out) { return clmpy_date_from_py(o, out) == 0; }
int clmpy_opt_date_arg(PyObject *o, void *out)
{
    return o == Py_None || clmpy_date_from_py(o, out) == 0;
}
int clmpy_actor_arg(PyObject *o, void *out) { return clmpy_actor_from_py(o, out) == 0; }
int clmpy_text_arg(PyObject *o, void *out) { return clmpy_opt_text(o, out) == 0; }
int clmpy_calendar_arg(PyObject *o, void *out)
{
    return (*(clm_calendar **)out = clmpy_handle_get(o, "calendar")) != NULL;
}

int clmpy_client_arg(PyObject *o, void *out)
{
    return (*(clm_client **)out = clmpy_handle_get(o, "client")) != NULL;
}

int clmpy_store_arg(PyObject *o, void *out)
{
    clmpy_store_ref *r = out;
    r->st = clmpy_handle_get(o, "store");
    r->h = (clmpy_handle *)o;
    return r->st != NULL;
}

/* ---- hooks --------------------------------------------------------------- */

static PyObject *set_hooks(PyObject *self, PyObject *args)
{
    PyObject *factory, *money, *decimal;
    if (!PyArg_ParseTuple(args, "OOO", &factory, &money, &decimal))
        return NULL;
    Py_XSETREF(clmpy_error_factory, Py_NewRef(factory));
    Py_XSETREF(clmpy_money_class, Py_NewRef(money));
    Py_XSETREF(clmpy_decimal_class, Py_NewRef(decimal));
    Py_RETURN_NONE;
}

static PyObject *strerror_py(PyObject *self, PyObject *args)
{
    int code;
    if (!PyArg_ParseTuple(args, "i", &code))
        return NULL;
    return PyUnicode_FromString(clm_strerror(code));
}

/* ---- the language of the library's texts (clm/lang.h) ---------------------
 * Per OS thread, as in C: a Python thread is one, so each Python thread
 * has its own; the binding starts no threads of its own. */

static PyObject *lang_set_py(PyObject *self, PyObject *args)
{
    int lang;
    if (!PyArg_ParseTuple(args, "i", &lang))
        return NULL;
    int rc = clm_lang_set((clm_lang)lang);
    if (rc)
        return clmpy_raise(rc);
    Py_RETURN_NONE;
}

static PyObject *lang_get_py(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong((long)clm_lang_get());
}

static PyObject *lang_from_name_py(PyObject *self, PyObject *args)
{
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name))
        return NULL;
    clm_lang lang;
    int rc = clm_lang_from_name(&lang, name);
    if (rc)
        return clmpy_raise(rc);
    return PyLong_FromLong((long)lang);
}

static PyObject *lang_name_py(PyObject *self, PyObject *args)
{
    int lang;
    if (!PyArg_ParseTuple(args, "i", &lang))
        return NULL;
    const char *name = clm_lang_name((clm_lang)lang);
    if (name == NULL)
        Py_RETURN_NONE;
    return PyUnicode_FromString(name);
}

static PyObject *lang_text_py(PyObject *self, PyObject *args)
{
    int lang;
    const char *msgid;
    if (!PyArg_ParseTuple(args, "is", &lang, &msgid))
        return NULL;
    return PyUnicode_FromString(clm_lang_text((clm_lang)lang, msgid));
}

static PyObject *version_py(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString(clm_version(NULL, NULL, NULL));
}

static PyMethodDef module_methods[] = {
    {"_set_hooks", set_hooks, METH_VARARGS, NULL},
    {"strerror", strerror_py, METH_VARARGS, "clm_strerror()"},
    {"version", version_py, METH_NOARGS, "clm_version()"},
    {"lang_set", lang_set_py, METH_VARARGS, "clm_lang_set()"},
    {"lang_get", lang_get_py, METH_NOARGS, "clm_lang_get()"},
    {"lang_from_name", lang_from_name_py, METH_VARARGS, "clm_lang_from_name()"},
    {"lang_name", lang_name_py, METH_VARARGS, "clm_lang_name()"},
    {"lang_text", lang_text_py, METH_VARARGS, "clm_lang_text()"},
    {NULL, NULL, 0, NULL}
};

/* ---- the module ---------------------------------------------------------- */

static struct PyModuleDef clm_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "clm._clm",
    .m_doc = "The C half of the clm package (libclm's C API).",
    .m_size = -1,
};

static int add_methods(PyObject *m, PyMethodDef *defs)
{
    for (PyMethodDef *d = defs; d->ml_name; d++) {
        PyObject *f = PyCFunction_NewEx(d, NULL, PyModule_GetNameObject(m));
        if (!f || PyModule_AddObject(m, d->ml_name, f) < 0) {
            Py_XDECREF(f);
            return -1;
        }
    }
    return 0;
}

/* A {name: value} dict from a name function over [lo, hi]. */
static PyObject *names_dict(const char *(*name)(int), int lo, int hi)
{
    PyObject *d = PyDict_New();
    for (int i = lo; d && i <= hi; i++) {
        const char *n = name(i);
        if (!n)
            continue;
        PyObject *v = PyLong_FromLong(i);
        if (!v || PyDict_SetItemString(d, n, v) < 0) {
            Py_XDECREF(v);
            Py_CLEAR(d);
            break;
        }
        Py_DECREF(v);
    }
    return d;
}

static const char *rounding_name(int i) { return clm_rounding_name((clm_rounding)i); }
static const char *record_kind_name(int i) { return clm_record_kind_name((clm_record_kind)i); }
static const char *client_state_name(int i) { return clm_client_state_name((clm_client_state)i); }
static const char *client_text_name(int i) { return clm_client_text_name((clm_client_text)i); }
static const char *client_date_name(int i) { return clm_client_date_name((clm_client_date_field)i); }
static const char *client_flag_name(int i) { return clm_client_flag_name((clm_client_flag)i); }
static const char *source_name(int i) { return clm_source_channel_name((clm_source_channel)i); }
static const char *legal_type_name(int i) { return clm_legal_type_name((clm_legal_type)i); }
static const char *finding_kind_name(int i)
{
    return clm_discount_finding_kind_name((clm_discount_finding_kind)i);
}

static int add_names(PyObject *m, const char *attr, const char *(*name)(int), int lo, int hi)
{
    PyObject *d = names_dict(name, lo, hi);
    if (!d || PyModule_AddObject(m, attr, d) < 0) {
        Py_XDECREF(d);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit__clm(void);
PyMODINIT_FUNC PyInit__clm(void)
{
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI)
        return NULL;
    if (PyType_Ready(&clmpy_handle_type) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&clm_module);
    if (!m)
        return NULL;
    Py_INCREF(&clmpy_handle_type);
    if (PyModule_AddObject(m, "Handle", (PyObject *)&clmpy_handle_type) < 0)
        goto fail;
    if (add_methods(m, module_methods) < 0 || add_methods(m, clmpy_core_methods) < 0 ||
        add_methods(m, clmpy_store_methods) < 0 || add_methods(m, clmpy_discount_methods) < 0 ||
        add_methods(m, clmpy_client_methods) < 0 || add_methods(m, clmpy_claim_methods) < 0 ||
        add_methods(m, clmpy_pystore_methods) < 0 || add_methods(m, clmpy_credit_methods) < 0 ||
        add_methods(m, clmpy_segment_methods) < 0 || add_methods(m, clmpy_category_methods) < 0 ||
        add_methods(m, clmpy_offer_methods) < 0 || add_methods(m, clmpy_delegation_methods) < 0 ||
        add_methods(m, clmpy_columns_methods) < 0)
        goto fail;

#define C(name) if (PyModule_AddIntConstant(m, #name, name) < 0) goto fail
    C(CLM_OK); C(CLM_EINVAL); C(CLM_ENOMEM); C(CLM_EOVERFLOW); C(CLM_ECURRENCY);
    C(CLM_EPARSE); C(CLM_ESCHEMA); C(CLM_ERANGE); C(CLM_ENOTFOUND); C(CLM_EEXISTS);
    C(CLM_ECONFLICT); C(CLM_ESTATE); C(CLM_EPERM); C(CLM_EIO); C(CLM_EVERSION);
    C(CLM_ENOTSUP); C(CLM_ELIMIT); C(CLM_EBUFSIZE); C(CLM_EBUSY);
    C(CLM_LANG_EN); C(CLM_LANG_RU);
    C(CLM_RATE_ONE); C(CLM_RATE_PERCENT); C(CLM_RATE_BP);
    C(CLM_DAY_HOLIDAY); C(CLM_DAY_WORKING);
    C(CLM_TERM_DAYS); C(CLM_TERM_WORKING_DAYS); C(CLM_TERM_MONTHS);
    C(CLM_MONDAY); C(CLM_TUESDAY); C(CLM_WEDNESDAY); C(CLM_THURSDAY);
    C(CLM_FRIDAY); C(CLM_SATURDAY); C(CLM_SUNDAY);
    C(CLM_AUDIT_CREATE); C(CLM_AUDIT_UPDATE); C(CLM_AUDIT_DELETE);
    C(CLM_DISCOUNT_QTY_SCALE);
    C(CLM_DISCOUNT_TRACE_NOT_MATCHED); C(CLM_DISCOUNT_TRACE_EXCLUDED);
    C(CLM_DISCOUNT_TRACE_APPLIED); C(CLM_DISCOUNT_TRACE_NO_EFFECT);
    C(CLM_DISCOUNT_TRACE_ADJUSTED);
    C(CLM_DISCOUNT_STAGE_BASE); C(CLM_DISCOUNT_STAGE_DISCOUNT); C(CLM_DISCOUNT_STAGE_ROUNDING);
    C(CLM_DISCOUNT_STAGE_SURCHARGE); C(CLM_DISCOUNT_STAGE_CAP); C(CLM_DISCOUNT_STAGE_DOCUMENT);
    C(CLM_DISCOUNT_SEVERITY_WARNING); C(CLM_DISCOUNT_SEVERITY_ERROR);
    C(CLM_CLAIM_VOCAB_STATE); C(CLM_CLAIM_VOCAB_FORM); C(CLM_CLAIM_VOCAB_CHANNEL);
    C(CLM_CLAIM_VOCAB_SUBJECT); C(CLM_CLAIM_VOCAB_DEMAND); C(CLM_CLAIM_VOCAB_OUTCOME);
    C(CLM_CLAIM_VOCAB_PARTY); C(CLM_CREDIT_LINE_MVE); C(CLM_CLAIM_VOCAB_DIRECTION); C(CLM_CLAIM_VOCAB_CONCERNS);
#undef C
    if (add_names(m, "ROUNDING_NAMES", rounding_name, 0, 31) < 0 ||
        add_names(m, "RECORD_KIND_NAMES", record_kind_name, 1, 255) < 0 ||
        add_names(m, "FINDING_KIND_NAMES", finding_kind_name, 1, 255) < 0 ||
        add_names(m, "CLIENT_STATE_NAMES", client_state_name, 1, 255) < 0 ||
        add_names(m, "CLIENT_TEXT_NAMES", client_text_name, 0, 255) < 0 ||
        add_names(m, "CLIENT_DATE_NAMES", client_date_name, 0, 255) < 0 ||
        add_names(m, "CLIENT_FLAG_NAMES", client_flag_name, 0, 255) < 0 ||
        add_names(m, "SOURCE_CHANNEL_NAMES", source_name, 0, (int)clm_source_channel_count() - 1) < 0 ||
        add_names(m, "LEGAL_TYPE_NAMES", legal_type_name, 1, 255) < 0)
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
