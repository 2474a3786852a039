/*
 * category.c — category policies (clm/category.h, clm/category_client.h):
 * load, evaluate a client's facts (one client, or many with the GIL
 * released), apply the result to a client, assign by hand.
 */
#include "clmpy.h"

#include <string.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void policy_destroy(void *p) { clm_category_policy_free(p); }

static int policy_arg(PyObject *o, void *out)
{
    return (*(clm_category_policy **)out = clmpy_handle_get(o, "category_policy")) != NULL;
}

static PyObject *policy_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    clm_category_policy *p;
    int rc;
    CLMPY_CALL(rc, clm_category_policy_load_file(&p, PyBytes_AS_STRING(path), NULL));
    Py_DECREF(path);
    CHECK(rc);
    return clmpy_handle_new(p, policy_destroy, "category_policy", NULL, 0);
}

/* (name, currency|None, [categories], [(rule name, category index)]) */
static PyObject *policy_info(PyObject *self, PyObject *args)
{
    clm_category_policy *p;
    if (!PyArg_ParseTuple(args, "O&", policy_arg, &p))
        return NULL;
    size_t nc = clm_category_policy_category_count(p), nr = clm_category_policy_rule_count(p);
    PyObject *cats = PyList_New((Py_ssize_t)nc), *rules = PyList_New((Py_ssize_t)nr);
    for (size_t i = 0; cats && rules && i < nc; i++) {
        PyObject *s = PyUnicode_FromString(clm_category_policy_category_name(p, i));
        if (!s)
            goto fail;
        PyList_SET_ITEM(cats, (Py_ssize_t)i, s);
    }
    for (size_t j = 0; cats && rules && j < nr; j++) {
        PyObject *t = Py_BuildValue("(sn)", clm_category_policy_rule_name(p, j),
                                    (Py_ssize_t)clm_category_policy_rule_category(p, j));
        if (!t)
            goto fail;
        PyList_SET_ITEM(rules, (Py_ssize_t)j, t);
    }
    if (!cats || !rules)
        goto fail;
    const char *cur = clm_category_policy_currency(p);
    return Py_BuildValue("(szNN)", clm_category_policy_name(p), cur && *cur ? cur : NULL, cats,
                         rules);
fail:
    Py_XDECREF(cats);
    Py_XDECREF(rules);
    return NULL;
}

/* Facts from a clm.category.Facts; strings borrowed from `keep`'s objects. */
static int facts_from_py(PyObject *o, clm_category_facts *f, PyObject *keep,
                         const char *default_currency)
{
    clm_category_facts_init(f);
    static const char *const texts[] = {"id", "risk_class", "region", "legal_type", "state"};
    const char **slots[] = {&f->id, &f->risk_class, &f->region, &f->legal_type, &f->state};
    for (int i = 0; i < 5; i++) {
        PyObject *v = PyObject_GetAttrString(o, texts[i]);
        if (!v)
            return -1;
        int rc = PyList_Append(keep, v);
        Py_DECREF(v);
        if (rc < 0 || clmpy_opt_text(v, slots[i]) < 0)
            return -1;
    }
    PyObject *t = PyObject_GetAttrString(o, "_clm_tuple");
    if (!t)
        return -1;
    /* (currency|None, turnover, margin, since|None, last|None, abc, xyz, r, f, m) */
    const char *cur;
    long long turnover, margin;
    PyObject *since, *last;
    int abc, xyz, r, fr, m;
    int ok = PyArg_ParseTuple(t, "zLLOOiiiii", &cur, &turnover, &margin, &since, &last, &abc,
                              &xyz, &r, &fr, &m);
    if (ok && !cur && default_currency && *default_currency)
        cur = default_currency;   /* no amounts given: 0 in the policy's currency */
    if (ok && cur) {
        if (strlen(cur) != 3) {
            PyErr_SetString(PyExc_ValueError, "a currency is a three-letter code");
            ok = 0;
        } else {
            memcpy(f->currency, cur, 4);
        }
    }
    if (ok) {
        f->turnover = turnover;
        f->margin = margin;
        f->abc = (clm_abc_class)abc;
        f->xyz = (clm_xyz_class)xyz;
        f->rfm.r = (uint8_t)r;
        f->rfm.f = (uint8_t)fr;
        f->rfm.m = (uint8_t)m;
        ok = (since == Py_None || clmpy_date_from_py(since, &f->client_since) == 0) &&
             (last == Py_None || clmpy_date_from_py(last, &f->last_purchase) == 0);
    }
    int rc = ok ? PyList_Append(keep, t) : -1;
    Py_DECREF(t);
    return rc < 0 ? -1 : 0;
}

static PyObject *rules_row(const uint32_t *row, size_t k)
{
    PyObject *res = PyList_New((Py_ssize_t)k);
    for (size_t c = 0; res && c < k; c++) {
        PyObject *v = row[c] == CLM_CATEGORY_NO_RULE ? Py_NewRef(Py_None) : PyLong_FromUnsignedLong(row[c]);
        if (!v) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)c, v);
    }
    return res;
}

/* evaluate(policy, [facts], as_of) -> [[rule index|None per category]] */
static PyObject *evaluate(PyObject *self, PyObject *args)
{
    clm_category_policy *p;
    PyObject *seq, *on;
    if (!PyArg_ParseTuple(args, "O&OO", policy_arg, &p, &seq, &on))
        return NULL;
    clm_date as_of;
    if (clmpy_date_from_py(on, &as_of) < 0)
        return NULL;
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of Facts");
    PyObject *keep = fast ? PyList_New(0) : NULL;
    if (!keep) {
        Py_XDECREF(fast);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    size_t k = clm_category_policy_category_count(p);
    clm_category_facts *facts = PyMem_Calloc(n ? (size_t)n : 1, sizeof *facts);
    uint32_t *out = PyMem_Calloc(n && k ? (size_t)n * k : 1, sizeof *out);
    PyObject *res = NULL;
    if (!facts || !out) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (facts_from_py(PySequence_Fast_GET_ITEM(fast, i), &facts[i], keep,
                          clm_category_policy_currency(p)) < 0)
            goto done;
    int rc;
    CLMPY_CALL(rc, clm_category_policy_evaluate_batch(out, (size_t)n * k, p, facts, (size_t)n, as_of));
    if (rc) {
        clmpy_raise(rc);
        goto done;
    }
    res = PyList_New(n);
    for (Py_ssize_t i = 0; res && i < n; i++) {
        PyObject *row = rules_row(out + (size_t)i * k, k);
        if (!row) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, i, row);
    }
done:
    PyMem_Free(facts);
    PyMem_Free(out);
    Py_DECREF(keep);
    Py_DECREF(fast);
    return res;
}

/* facts_from_client(client) -> the tuple Facts is built from */
static PyObject *facts_from_client(PyObject *self, PyObject *args)
{
    clm_client *c;
    if (!PyArg_ParseTuple(args, "O&", clmpy_client_arg, &c))
        return NULL;
    clm_category_facts f;
    clm_category_facts_init(&f);
    CHECK(clm_category_facts_from_client(&f, c));
    PyObject *since = f.client_since == CLM_FACT_NO_DATE ? Py_NewRef(Py_None) : clmpy_date_to_py(f.client_since);
    PyObject *last = f.last_purchase == CLM_FACT_NO_DATE ? Py_NewRef(Py_None) : clmpy_date_to_py(f.last_purchase);
    if (!since || !last) {
        Py_XDECREF(since);
        Py_XDECREF(last);
        return NULL;
    }
    return Py_BuildValue("(zzzzzNNii)", f.id, f.risk_class, f.region, f.legal_type, f.state,
                         since, last, (int)f.abc, (int)f.xyz);
}

/* apply(client, actor, policy, [rule|None per category]) -> changed */
static PyObject *apply(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    clm_category_policy *p;
    PyObject *row;
    if (!PyArg_ParseTuple(args, "O&O&O&O", clmpy_client_arg, &c, clmpy_actor_arg, &a, policy_arg, &p, &row))
        return NULL;
    PyObject *fast = PySequence_Fast(row, "expected the result of evaluate()");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    uint32_t *rules = PyMem_Calloc(n ? (size_t)n : 1, sizeof *rules);
    if (!rules) {
        Py_DECREF(fast);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PySequence_Fast_GET_ITEM(fast, i);
        rules[i] = v == Py_None ? CLM_CATEGORY_NO_RULE : (uint32_t)PyLong_AsUnsignedLong(v);
    }
    Py_DECREF(fast);
    if (PyErr_Occurred()) {
        PyMem_Free(rules);
        return NULL;
    }
    size_t changed = 0;
    int rc = clm_category_policy_apply(c, &a, p, rules, (size_t)n, &changed);
    PyMem_Free(rules);
    CHECK(rc);
    return PyLong_FromSize_t(changed);
}

static PyObject *assign(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    clm_category_policy *p;
    const char *category, *note;
    int yes;
    if (!PyArg_ParseTuple(args, "O&O&O&sps", clmpy_client_arg, &c, clmpy_actor_arg, &a, policy_arg, &p,
                          &category, &yes, &note))
        return NULL;
    CHECK(clm_category_policy_assign(c, &a, p, category, yes, note));
    Py_RETURN_NONE;
}

static PyObject *abc_xyz_names(PyObject *self, PyObject *unused)
{
    PyObject *abc = PyDict_New(), *xyz = PyDict_New();
    for (int i = 0; abc && xyz && i <= 3; i++) {
        const char *a = clm_abc_class_name((clm_abc_class)i), *x = clm_xyz_class_name((clm_xyz_class)i);
        PyObject *v = PyLong_FromLong(i);
        if (!v || (a && PyDict_SetItemString(abc, a, v) < 0) || (x && PyDict_SetItemString(xyz, x, v) < 0)) {
            Py_XDECREF(v);
            Py_CLEAR(abc);
            break;
        }
        Py_DECREF(v);
    }
    if (!abc || !xyz) {
        Py_XDECREF(abc);
        Py_XDECREF(xyz);
        return NULL;
    }
    return Py_BuildValue("(NN)", abc, xyz);
}

PyMethodDef clmpy_category_methods[] = {
    {"category_policy_load_file", policy_load_file, METH_VARARGS, NULL},
    {"category_policy_info", policy_info, METH_VARARGS, NULL},
    {"category_evaluate", evaluate, METH_VARARGS, NULL},
    {"category_facts_from_client", facts_from_client, METH_VARARGS, NULL},
    {"category_apply", apply, METH_VARARGS, NULL},
    {"category_assign", assign, METH_VARARGS, NULL},
    {"category_abc_xyz_names", abc_xyz_names, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};
