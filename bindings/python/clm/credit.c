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
    if (!c) {
        PyErr_SetString(PyExc_ValueError, "history: no <client> element names the client");
        return NULL;
    }
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


/* ---- a client's file on a day (what credit-check prints) --------------- */

/* The client's positions on as_of, or NULL with the error raised. */
static clm_credit_positions *positions_of(clm_credit_history *h, clm_date as_of)
{
    const clm_credit_client_file *c = clm_credit_history_client(h);
    if (!c) {
        PyErr_SetString(PyExc_ValueError, "the history names no client");
        return NULL;
    }
    clm_credit_positions *ps = NULL;
    int rc = clm_credit_positions_new(&ps, clm_credit_history_ledger(h), c->id, as_of);
    if (rc) {
        clmpy_raise(rc);
        return NULL;
    }
    return ps;
}

/* positions(history, as_of) -> [(invoice, manager, issued, due, amount, paid,
 *  open, experience, days_beyond, index of those days)] */
static PyObject *history_positions(PyObject *self, PyObject *args)
{
    clm_credit_history *h;
    clm_date as_of;
    if (!PyArg_ParseTuple(args, "O&O&", history_arg, &h, clmpy_date_arg, &as_of))
        return NULL;
    clm_credit_positions *ps = positions_of(h, as_of);
    if (!ps)
        return NULL;
    const clm_credit_position *pos = clm_credit_positions_array(ps);
    size_t n = clm_credit_positions_count(ps);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        const clm_credit_position *p = &pos[i];
        PyObject *t = Py_BuildValue("(szNNLLLidd)", p->invoice_id, p->manager,
                                    clmpy_date_to_py(p->issued), clmpy_date_to_py(p->due),
                                    (long long)p->amount, (long long)p->paid, (long long)p->open,
                                    p->has_experience, p->days_beyond,
                                    clm_credit_paydex_of_days(p->days_beyond));
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    clm_credit_positions_free(ps);
    return res;
}

/* dso(history, from, to) -> (defined, dso, receivables, sales, days) */
static PyObject *history_dso(PyObject *self, PyObject *args)
{
    clm_credit_history *h;
    clm_date from, to;
    if (!PyArg_ParseTuple(args, "O&O&O&", history_arg, &h, clmpy_date_arg, &from, clmpy_date_arg,
                          &to))
        return NULL;
    clm_credit_positions *ps = positions_of(h, to);
    if (!ps)
        return NULL;
    clm_credit_dso d;
    int rc = clm_credit_dso_compute(&d, clm_credit_positions_array(ps),
                                    clm_credit_positions_count(ps), from, to);
    clm_credit_positions_free(ps);
    CHECK(rc);
    return Py_BuildValue("(idLLi)", d.defined, d.dso, (long long)d.receivables,
                         (long long)d.sales, (int)d.days);
}

/* ageing(history, as_of, policy) -> ([(from|None, to|None, amount, invoices)],
 *  total): the policy's buckets. */
static PyObject *history_ageing(PyObject *self, PyObject *args)
{
    clm_credit_history *h;
    clm_date as_of;
    clm_credit_policy *p;
    if (!PyArg_ParseTuple(args, "O&O&O&", history_arg, &h, clmpy_date_arg, &as_of, policy_arg, &p))
        return NULL;
    clm_credit_buckets b;
    CHECK(clm_credit_policy_buckets(&b, p));
    clm_credit_positions *ps = positions_of(h, as_of);
    if (!ps)
        return NULL;
    clm_credit_ageing ag;
    int rc = clm_credit_ageing_compute(&ag, clm_credit_positions_array(ps),
                                       clm_credit_positions_count(ps), as_of, &b);
    clm_credit_positions_free(ps);
    CHECK(rc);
    PyObject *res = PyList_New((Py_ssize_t)ag.count);
    for (size_t k = 0; res && k < ag.count; k++) {
        const clm_credit_bucket *bk = &ag.bucket[k];
        PyObject *lo = bk->from_days == INT32_MIN ? Py_NewRef(Py_None) : PyLong_FromLong(bk->from_days);
        PyObject *hi = bk->to_days == INT32_MAX ? Py_NewRef(Py_None) : PyLong_FromLong(bk->to_days);
        PyObject *t = lo && hi ? Py_BuildValue("(NNLn)", lo, hi, (long long)bk->amount,
                                               (Py_ssize_t)bk->invoices)
                               : NULL;
        if (!t) {
            if (!(lo && hi)) {
                Py_XDECREF(lo);
                Py_XDECREF(hi);
            }
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)k, t);
    }
    if (!res)
        return NULL;
    return Py_BuildValue("(NL)", res, (long long)ag.total);
}

/* due(history, as_of) -> [(invoice, open, since, days overdue, manager)] */
static PyObject *history_due(PyObject *self, PyObject *args)
{
    clm_credit_history *h;
    clm_date as_of;
    if (!PyArg_ParseTuple(args, "O&O&", history_arg, &h, clmpy_date_arg, &as_of))
        return NULL;
    clm_credit_positions *ps = positions_of(h, as_of);
    if (!ps)
        return NULL;
    clm_credit_due_list *due = NULL;
    int rc = clm_credit_due_list_new(&due, ps, NULL);
    clm_credit_positions_free(ps);
    CHECK(rc);
    size_t n = clm_credit_due_list_count(due);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        const clm_credit_due_item *it = clm_credit_due_list_at(due, i);
        PyObject *t = Py_BuildValue("(sLNiz)", it->invoice_id, (long long)it->open,
                                    clmpy_date_to_py(it->since), (int)it->days_overdue,
                                    it->manager);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    clm_credit_due_list_free(due);
    return res;
}

/* reserve(history, as_of, policy, revenue current, revenue previous)
 *  -> (reserve, over_90, from_45, under_45, cap, capped): art. 266 with the
 *  policy's rounding. */
static PyObject *history_reserve(PyObject *self, PyObject *args)
{
    clm_credit_history *h;
    clm_date as_of;
    clm_credit_policy *p;
    long long cur, prev;
    if (!PyArg_ParseTuple(args, "O&O&O&LL", history_arg, &h, clmpy_date_arg, &as_of, policy_arg,
                          &p, &cur, &prev))
        return NULL;
    clm_credit_reserve_options ro;
    clm_credit_reserve_options_init(&ro);
    ro.revenue_current = cur;
    ro.revenue_previous = prev;
    CHECK(clm_credit_policy_reserve_rounding(&ro.rounding, p));
    clm_credit_positions *ps = positions_of(h, as_of);
    if (!ps)
        return NULL;
    clm_credit_reserve r;
    int rc = clm_credit_reserve_compute(&r, clm_credit_positions_array(ps),
                                        clm_credit_positions_count(ps), as_of, &ro);
    clm_credit_positions_free(ps);
    CHECK(rc);
    return Py_BuildValue("(LLLLLi)", (long long)r.reserve, (long long)r.over_90,
                         (long long)r.from_45, (long long)r.under_45, (long long)r.cap, r.capped);
}

/* ---- financial statements and the built-in models ------------------------- */

static void statements_destroy(void *p) { clm_credit_statements_free(p); }

static PyObject *statements_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    clm_credit_statements *st;
    int rc = clm_credit_statements_load_file(&st, PyBytes_AS_STRING(path), NULL);
    Py_DECREF(path);
    CHECK(rc);
    return clmpy_handle_new(st, statements_destroy, "credit_statements", NULL, 0);
}

/* One built-in model that cannot score: (False, name|None, [lines it lacks:
 * CLM_CREDIT_LINE_MVE for the market value of equity], why). */
static PyObject *unscored(size_t i, const clm_credit_statements *st, const char *why)
{
    clm_credit_model *m = NULL;
    int lines[24];
    size_t n = 0;
    if (clm_credit_model_builtin(&m, (clm_credit_builtin)i, NULL) < 0 ||
        clm_credit_model_missing(lines, sizeof lines / sizeof lines[0], &n, m, st) < 0) {
        clm_credit_model_free(m);
        return Py_BuildValue("(OzNz)", Py_False, (const char *)NULL, PyList_New(0), why);
    }
    PyObject *l = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; l && k < n; k++) {
        PyObject *x = PyLong_FromLong(lines[k]);
        if (!x) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)k, x);
    }
    PyObject *res = l ? Py_BuildValue("(OsNz)", Py_False, clm_credit_model_name(m), l, why) : NULL;
    clm_credit_model_free(m);
    return res;
}

/* score_builtins(statements) -> per built-in model: (True, model, score,
 *  probability|None, band, band level, explanation) or unscored()'s tuple. */
static PyObject *score_builtins(PyObject *self, PyObject *args)
{
    PyObject *sh;
    if (!PyArg_ParseTuple(args, "O", &sh))
        return NULL;
    clm_credit_statements *st = clmpy_handle_get(sh, "credit_statements");
    if (!st)
        return NULL;
    clm_credit_results *rs = NULL;
    int rc;
    CLMPY_CALL(rc, clm_credit_score_builtins(&rs, st, NULL));
    CHECK(rc);
    size_t n = clm_credit_results_count(rs);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        int err = 0;
        const char *why = NULL;
        const clm_credit_result *r = clm_credit_results_get(rs, i, &err, &why);
        clm_credit_summary sm;
        PyObject *t;
        if (!r || clm_credit_result_summary(&sm, r) < 0) {
            t = unscored(i, st, why);
        } else {
            char *text = NULL;
            rc = clm_credit_result_format(&text, NULL, r);
            PyObject *prob = sm.has_probability ? PyFloat_FromDouble(sm.probability)
                                                : Py_NewRef(Py_None);
            t = rc ? clmpy_raise(rc)
                   : prob ? Py_BuildValue("(OsdNssz)", Py_True, sm.model, sm.score, prob, sm.band,
                                          clm_credit_band_name(sm.level), text)
                          : NULL;
            if (rc)
                Py_XDECREF(prob);
            clm_free(text);
        }
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    clm_credit_results_free(rs);
    return res;
}

PyMethodDef clmpy_credit_methods[] = {
    {"credit_history_positions", history_positions, METH_VARARGS, NULL},
    {"credit_history_dso", history_dso, METH_VARARGS, NULL},
    {"credit_history_ageing", history_ageing, METH_VARARGS, NULL},
    {"credit_history_due", history_due, METH_VARARGS, NULL},
    {"credit_history_reserve", history_reserve, METH_VARARGS, NULL},
    {"credit_statements_load_file", statements_load_file, METH_VARARGS, NULL},
    {"credit_score_builtins", score_builtins, METH_VARARGS, NULL},
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
