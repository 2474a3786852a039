/*
 * credit.c — credit policies (grade, limits, the check) and client
 * histories (positions, the payment index) from clm/credit.h,
 * clm/credit_policy.h, clm/credit_history.h. Amounts cross as minor units
 * of the policy's or the ledger's currency; the Python side makes Money.
 */
#include "clmpy.h"

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void policy_destroy(void *p) { clm_credit_policy_free(p); }
static void history_destroy(void *p) { clm_credit_history_free(p); }

static int policy_arg(PyObject *o, void *out)
{
    return (*(clm_credit_policy **)out = clmpy_handle_get(o, "credit_policy")) != NULL;
}

static int history_arg(PyObject *o, void *out)
{
    return (*(clm_credit_history **)out = clmpy_handle_get(o, "credit_history")) != NULL;
}

static PyObject *policy_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    clm_credit_policy *p;
    int rc = clm_credit_policy_load_file(&p, PyBytes_AS_STRING(path), NULL);
    Py_DECREF(path);
    CHECK(rc);
    return clmpy_handle_new(p, policy_destroy, "credit_policy", NULL, 0);
}

/* (name, currency, [grade names]) */
static PyObject *policy_info(PyObject *self, PyObject *args)
{
    clm_credit_policy *p;
    if (!PyArg_ParseTuple(args, "O&", policy_arg, &p))
        return NULL;
    size_t n = clm_credit_policy_grade_count(p);
    PyObject *grades = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; grades && i < n; i++) {
        PyObject *s = clmpy_text_or_none(clm_credit_policy_grade_at(p, i, NULL));
        if (!s) {
            Py_CLEAR(grades);
            break;
        }
        PyList_SET_ITEM(grades, (Py_ssize_t)i, s);
    }
    if (!grades)
        return NULL;
    return Py_BuildValue("(ssN)", clm_credit_policy_name(p), clm_credit_policy_currency(p), grades);
}

/* grade(policy, [band names], paydex|None, receivables, overdue, tenure_days|None)
 * -> (grade, index, score milli-points, [(input, present, weight, score, contribution)]) */
static PyObject *grade(PyObject *self, PyObject *args)
{
    clm_credit_policy *p;
    PyObject *bands, *paydex, *tenure;
    long long receivables, overdue;
    if (!PyArg_ParseTuple(args, "O&OOLLO", policy_arg, &p, &bands, &paydex, &receivables,
                          &overdue, &tenure))
        return NULL;
    PyObject *fast = PySequence_Fast(bands, "bands: a sequence of band names");
    if (!fast)
        return NULL;
    Py_ssize_t nb = PySequence_Fast_GET_SIZE(fast);
    clm_credit_band *bv = PyMem_Calloc(nb ? (size_t)nb : 1, sizeof *bv);
    if (!bv) {
        Py_DECREF(fast);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < nb; i++) {
        const char *s = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(fast, i));
        int rc = s ? clm_credit_band_from_name(&bv[i], s) : -1;
        if (rc) {
            PyMem_Free(bv);
            Py_DECREF(fast);
            return s ? clmpy_raise(rc) : NULL;
        }
    }
    Py_DECREF(fast);
    clm_credit_grade_input in;
    clm_credit_grade_input_init(&in);
    in.bands = bv;
    in.band_count = (size_t)nb;
    if (paydex != Py_None) {
        in.has_paydex = 1;
        in.paydex = (int)PyLong_AsLong(paydex);
    }
    in.receivables = receivables;
    in.overdue = overdue;
    if (tenure != Py_None)
        in.tenure_days = (int32_t)PyLong_AsLong(tenure);
    if (PyErr_Occurred()) {
        PyMem_Free(bv);
        return NULL;
    }
    clm_credit_grade g;
    int rc = clm_credit_grade_compute(&g, p, &in);
    PyMem_Free(bv);
    CHECK(rc);
    PyObject *parts = PyList_New(4);
    for (int i = 0; parts && i < 4; i++) {
        PyObject *t = Py_BuildValue("(siLid)", g.part[i].input, g.part[i].present,
                                    (long long)g.part[i].weight, (int)g.part[i].score,
                                    g.part[i].contribution);
        if (!t) {
            Py_CLEAR(parts);
            break;
        }
        PyList_SET_ITEM(parts, i, t);
    }
    if (!parts)
        return NULL;
    return Py_BuildValue("(sniN)", g.grade, (Py_ssize_t)g.grade_index, (int)g.score, parts);
}

/* recommend_limit(policy, grade, net_worth|None, working_capital|None,
 * monthly_sales|None) -> (amount, chosen, [(basis, rate, base, amount)]) */
static PyObject *recommend_limit(PyObject *self, PyObject *args)
{
    clm_credit_policy *p;
    const char *grade_name;
    PyObject *nw, *wc, *ms;
    if (!PyArg_ParseTuple(args, "O&sOOO", policy_arg, &p, &grade_name, &nw, &wc, &ms))
        return NULL;
    clm_credit_figures f;
    clm_credit_figures_init(&f);
    if (nw != Py_None) {
        f.has_net_worth = 1;
        f.net_worth = PyLong_AsLongLong(nw);
    }
    if (wc != Py_None) {
        f.has_working_capital = 1;
        f.working_capital = PyLong_AsLongLong(wc);
    }
    if (ms != Py_None) {
        f.has_monthly_sales = 1;
        f.monthly_sales = PyLong_AsLongLong(ms);
    }
    if (PyErr_Occurred())
        return NULL;
    clm_credit_limit l;
    CHECK(clm_credit_limit_recommend(&l, p, grade_name, &f));
    PyObject *terms = PyList_New((Py_ssize_t)l.count);
    for (size_t i = 0; terms && i < l.count; i++) {
        PyObject *t = Py_BuildValue("(sLLL)", clm_credit_basis_name(l.term[i].basis),
                                    (long long)l.term[i].rate, (long long)l.term[i].base,
                                    (long long)l.term[i].amount);
        if (!t) {
            Py_CLEAR(terms);
            break;
        }
        PyList_SET_ITEM(terms, (Py_ssize_t)i, t);
    }
    if (!terms)
        return NULL;
    return Py_BuildValue("(LnN)", (long long)l.amount, (Py_ssize_t)l.chosen, terms);
}

/* resolve_limit(policy, client_limit|None, group|None) -> (amount, source) */
static PyObject *resolve_limit(PyObject *self, PyObject *args)
{
    clm_credit_policy *p;
    PyObject *cl;
    const char *group = NULL;
    if (!PyArg_ParseTuple(args, "O&Oz", policy_arg, &p, &cl, &group))
        return NULL;
    int64_t client_limit = 0, out;
    if (cl != Py_None && ((client_limit = PyLong_AsLongLong(cl)) == -1 && PyErr_Occurred()))
        return NULL;
    clm_credit_limit_source src;
    CHECK(clm_credit_limit_resolve(&out, &src, p, cl != Py_None ? &client_limit : NULL, group));
    return Py_BuildValue("(Ls)", (long long)out, clm_credit_limit_source_name(src));
}

/* (decision, reasons, exposure, receivables, orders, document, limit,
 *  headroom): amounts in minor units (credit.Check makes Money of them). */
PyObject *clmpy_credit_check_to_py(const clm_credit_check *c)
{
    return Py_BuildValue("(sILLLLLL)", clm_credit_decision_name(c->decision), c->reasons,
                         (long long)c->exposure, (long long)c->receivables, (long long)c->orders,
                         (long long)c->document, (long long)c->limit, (long long)c->headroom);
}

/* check(policy, receivables, orders, document, max_days_overdue, limit)
 * -> (decision, reasons, exposure, receivables, orders, document, limit, headroom) */
static PyObject *check(PyObject *self, PyObject *args)
{
    clm_credit_policy *p;
    clm_credit_check_input in;
    clm_credit_check_input_init(&in);
    long long r, o, d, l;
    int days;
    if (!PyArg_ParseTuple(args, "O&LLLiL", policy_arg, &p, &r, &o, &d, &days, &l))
        return NULL;
    in.receivables = r;
    in.orders = o;
    in.document = d;
    in.max_days_overdue = days;
    in.limit = l;
    clm_credit_check c;
    CHECK(clm_credit_check_compute(&c, p, &in));
    return clmpy_credit_check_to_py(&c);
}

static PyObject *history_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    clm_credit_history *h;
    int rc = clm_credit_history_load_file(&h, PyBytes_AS_STRING(path), NULL);
    Py_DECREF(path);
    CHECK(rc);
    return clmpy_handle_new(h, history_destroy, "credit_history", NULL, 0);
}

/* (client id, name, group, since|None, own limit|None, currency, last date,
 *  net_worth|None, working_capital|None, monthly_sales|None) */
static PyObject *history_info(PyObject *self, PyObject *args)
{
    clm_credit_history *h;
    if (!PyArg_ParseTuple(args, "O&", history_arg, &h))
        return NULL;
    const clm_credit_client_file *c = clm_credit_history_client(h);
    const clm_credit_ledger *l = clm_credit_history_ledger(h);
    PyObject *since = c->since == CLM_CREDIT_NO_DATE ? Py_NewRef(Py_None) : clmpy_date_to_py(c->since);
    PyObject *last = clmpy_date_to_py(clm_credit_history_last_date(h));
    if (!since || !last) {
        Py_XDECREF(since);
        Py_XDECREF(last);
        return NULL;
    }
#define OPT(has, v) ((has) ? PyLong_FromLongLong(v) : Py_NewRef(Py_None))
    return Py_BuildValue("(sNNNNsNNNN)", c->id, clmpy_text_or_none(c->name), clmpy_text_or_none(c->group),
                         since, OPT(c->has_limit, c->limit), clm_credit_ledger_currency(l), last,
                         OPT(c->figures.has_net_worth, c->figures.net_worth),
                         OPT(c->figures.has_working_capital, c->figures.working_capital),
                         OPT(c->figures.has_monthly_sales, c->figures.monthly_sales));
#undef OPT
}

/* standing(history, as_of) -> (open, unapplied, positions, overdue,
 * max days overdue, tenure days|None, (available, experiences, days_beyond,
 * index_rounded)): the client's positions, its due list and its payment
 * index, each by libclm. */
static PyObject *history_standing(PyObject *self, PyObject *args)
{
    clm_credit_history *h;
    PyObject *on;
    if (!PyArg_ParseTuple(args, "O&O", history_arg, &h, &on))
        return NULL;
    clm_date as_of;
    if (clmpy_date_from_py(on, &as_of) < 0)
        return NULL;
    const clm_credit_client_file *c = clm_credit_history_client(h);
    clm_credit_positions *ps;
    CHECK(clm_credit_positions_new(&ps, clm_credit_history_ledger(h), c->id, as_of));
    clm_credit_paydex px;
    clm_credit_due_list *due = NULL;
    int rc = clm_credit_paydex_compute(&px, clm_credit_positions_array(ps),
                                       clm_credit_positions_count(ps), NULL);
    if (rc == 0)
        rc = clm_credit_due_list_new(&due, ps, NULL);
    PyObject *res = NULL;
    if (rc) {
        clmpy_raise(rc);
    } else {
        int32_t max_days = 0;
        for (size_t i = 0; i < clm_credit_due_list_count(due); i++)
            if (clm_credit_due_list_at(due, i)->days_overdue > max_days)
                max_days = clm_credit_due_list_at(due, i)->days_overdue;
        /* Tenure: whole days from the client's "since" to as_of. */
        PyObject *tenure = c->since != CLM_CREDIT_NO_DATE && c->since <= as_of
                               ? PyLong_FromLong((long)(as_of - c->since)) : Py_NewRef(Py_None);
        res = Py_BuildValue("(LLnLiN(indi))", (long long)clm_credit_positions_open(ps),
                            (long long)clm_credit_positions_unapplied(ps),
                            (Py_ssize_t)clm_credit_positions_count(ps),
                            (long long)clm_credit_due_list_total(due), (int)max_days, tenure,
                            px.available, (Py_ssize_t)px.experiences, px.days_beyond,
                            px.index_rounded);
    }
    clm_credit_due_list_free(due);
    clm_credit_positions_free(ps);
    return res;
}

PyMethodDef clmpy_credit_methods[] = {
    {"credit_policy_load_file", policy_load_file, METH_VARARGS, NULL},
    {"credit_policy_info", policy_info, METH_VARARGS, NULL},
    {"credit_grade", grade, METH_VARARGS, NULL},
    {"credit_recommend_limit", recommend_limit, METH_VARARGS, NULL},
    {"credit_resolve_limit", resolve_limit, METH_VARARGS, NULL},
    {"credit_check", check, METH_VARARGS, NULL},
    {"credit_history_load_file", history_load_file, METH_VARARGS, NULL},
    {"credit_history_info", history_info, METH_VARARGS, NULL},
    {"credit_history_standing", history_standing, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
