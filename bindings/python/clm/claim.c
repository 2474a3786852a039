/*
 * claim.c — claims: regimes, registration through a store, the workflow,
 * deadlines on a working-day calendar, penalties (clm/claim.h,
 * clm/claim_store.h, clm/claim_xml.h). Enumerated values cross by
 * libclm's own names (clm_claim_name / clm_claim_from_name).
 */
#include "clmpy.h"

#include <stdlib.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void regimes_destroy(void *p) { clm_claim_regimes_free(p); }
static void claim_destroy(void *p) { clm_claim_free(p); }

static int regimes_arg(PyObject *o, void *out)
{
    return (*(clm_claim_regimes **)out = clmpy_handle_get(o, "claim_regimes")) != NULL;
}

static int claim_arg(PyObject *o, void *out)
{
    return (*(clm_claim **)out = clmpy_handle_get(o, "claim")) != NULL;
}



static PyObject *opt_date(clm_date d) { return clmpy_opt_date_to_py(d, CLM_CLAIM_NO_DATE); }

static PyObject *name_of(clm_claim_vocab v, int value)
{
    return clmpy_text_or_none(clm_claim_name(v, value));
}

/* ---- regimes --------------------------------------------------------------- */

static PyObject *regimes_new(PyObject *self, PyObject *unused)
{
    clm_claim_regimes *r;
    CHECK(clm_claim_regimes_new(&r));
    return clmpy_handle_new(r, regimes_destroy, "claim_regimes", NULL, 0);
}

static PyObject *regimes_load_file(PyObject *self, PyObject *args)
{
    clm_claim_regimes *r;
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&O&", regimes_arg, &r, PyUnicode_FSConverter, &path))
        return NULL;
    int rc = clm_claim_regimes_load_file(r, PyBytes_AS_STRING(path), NULL);
    Py_DECREF(path);
    CHECK(rc);
    Py_RETURN_NONE;
}

static PyObject *regimes_ids(PyObject *self, PyObject *args)
{
    clm_claim_regimes *r;
    if (!PyArg_ParseTuple(args, "O&", regimes_arg, &r))
        return NULL;
    size_t n = clm_claim_regimes_count(r);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        const clm_claim_regime *g;
        int rc = clm_claim_regimes_at(&g, r, i);
        PyObject *t = rc ? clmpy_raise(rc) : Py_BuildValue("(sz)", g->id, g->name);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

/* ---- registration ---------------------------------------------------------- */

static int vocab_value(PyObject *obj, const char *attr, clm_claim_vocab v, int *out)
{
    PyObject *x = PyObject_GetAttrString(obj, attr);
    if (!x)
        return -1;
    int ok = 0;
    if (x == Py_None) {
        ok = 1;
    } else if (PyUnicode_Check(x)) {
        const char *s = PyUnicode_AsUTF8(x);
        int rc = s ? clm_claim_from_name(out, v, s) : -1;
        if (rc < 0 && s)
            clmpy_raise(rc);
        ok = rc == 0;
    } else {
        PyErr_Format(PyExc_TypeError, "ClaimInfo.%s: expected libclm's name (str)", attr);
    }
    Py_DECREF(x);
    return ok ? 0 : -1;
}

/* ClaimInfo -> clm_claim_info; strings stay owned by `info`'s attributes
 * (kept in `keep`). */
static int info_from_py(PyObject *o, clm_claim_info *in, PyObject *keep)
{
    clm_claim_info_init(in);
    int v;
#define VOC(attr, vocab, field, type) \
    v = (int)in->field; \
    if (vocab_value(o, attr, vocab, &v) < 0) return -1; \
    in->field = (type)v;
    VOC("direction", CLM_CLAIM_VOCAB_DIRECTION, direction, clm_claim_direction)
    VOC("concerns", CLM_CLAIM_VOCAB_CONCERNS, concerns, clm_claim_concerns)
    VOC("form", CLM_CLAIM_VOCAB_FORM, form, clm_claim_form)
    VOC("channel", CLM_CLAIM_VOCAB_CHANNEL, channel, clm_claim_channel)
    VOC("subject", CLM_CLAIM_VOCAB_SUBJECT, subject, clm_claim_subject)
    VOC("demand", CLM_CLAIM_VOCAB_DEMAND, demand, clm_claim_demand)
#undef VOC
    static const char *const texts[] = {"client_id", "manager", "client_category", "concerns_id",
                                        "regime", "description"};
    const char **slots[] = {&in->client_id, &in->manager, &in->client_category,
                            &in->concerns_id, &in->regime, &in->description};
    for (int i = 0; i < 6; i++) {
        PyObject *x = PyObject_GetAttrString(o, texts[i]);
        if (!x)
            return -1;
        int rc = PyList_Append(keep, x);
        Py_DECREF(x);
        if (rc < 0 || clmpy_opt_text(x, slots[i]) < 0)
            return -1;
    }
    static const char *const dates[] = {"received", "obligation_due"};
    clm_date *dslots[] = {&in->received, &in->obligation_due};
    for (int i = 0; i < 2; i++) {
        PyObject *x = PyObject_GetAttrString(o, dates[i]);
        if (!x)
            return -1;
        int bad = x != Py_None && clmpy_date_from_py(x, dslots[i]) < 0;
        Py_DECREF(x);
        if (bad)
            return -1;
    }
    static const char *const monies[] = {"claimed", "price", "contract_cap"};
    clm_money *mslots[] = {&in->claimed, &in->price, &in->contract_cap};
    for (int i = 0; i < 3; i++) {
        PyObject *x = PyObject_GetAttrString(o, monies[i]);
        if (!x)
            return -1;
        int bad = x != Py_None && clmpy_money_from_py(x, mslots[i]) < 0;
        Py_DECREF(x);
        if (bad)
            return -1;
    }
    static const char *const ints[] = {"quality_check", "agreed_term", "_clm_contract_rate"};
    for (int i = 0; i < 3; i++) {
        PyObject *x = PyObject_GetAttrString(o, ints[i]);
        if (!x)
            return -1;
        long long n = PyLong_AsLongLong(x);
        Py_DECREF(x);
        if (n == -1 && PyErr_Occurred())
            return -1;
        if (i == 0)
            in->quality_check = n != 0;
        else if (i == 1)
            in->agreed_term = (int32_t)n;
        else
            in->contract_rate = n;
    }
    return 0;
}

static PyObject *claim_register(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    PyObject *info;
    clm_claim_regimes *regs;
    clm_calendar *cal;
    clm_actor who;
    if (!PyArg_ParseTuple(args, "O&OO&O&O&", clmpy_store_arg, &s, &info, regimes_arg, &regs, clmpy_calendar_arg,
                          &cal, clmpy_actor_arg, &who))
        return NULL;
    PyObject *keep = PyList_New(0);
    if (!keep)
        return NULL;
    clm_claim_info in;
    if (info_from_py(info, &in, keep) < 0) {
        Py_DECREF(keep);
        return NULL;
    }
    clm_claim *c = NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_claim_store_register(&c, s.st, &in, regs, cal, NULL, &who));
    Py_DECREF(keep);
    CHECK(rc);
    return clmpy_handle_new(c, claim_destroy, "claim", NULL, 0);
}

static PyObject *claim_new(PyObject *self, PyObject *args)
{
    const char *number;
    PyObject *info;
    clm_claim_regimes *regs;
    if (!PyArg_ParseTuple(args, "sOO&", &number, &info, regimes_arg, &regs))
        return NULL;
    PyObject *keep = PyList_New(0);
    if (!keep)
        return NULL;
    clm_claim_info in;
    if (info_from_py(info, &in, keep) < 0) {
        Py_DECREF(keep);
        return NULL;
    }
    clm_claim *c = NULL;
    int rc = clm_claim_new(&c, number, &in, regs);
    Py_DECREF(keep);
    CHECK(rc);
    return clmpy_handle_new(c, claim_destroy, "claim", NULL, 0);
}

/* (number, state name, handler, level, demand name, client_id, manager, regime,
 *  received, price|None, claimed|None, stored version) */
static PyObject *claim_get(PyObject *self, PyObject *args)
{
    clm_claim *c;
    if (!PyArg_ParseTuple(args, "O&", claim_arg, &c))
        return NULL;
    const clm_claim_info *in = clm_claim_info_get(c);
    return Py_BuildValue("(sNNiNssNNNNL)", clm_claim_number(c),
                         name_of(CLM_CLAIM_VOCAB_STATE, clm_claim_state_get(c)),
                         clmpy_text_or_none(clm_claim_handler(c)), clm_claim_level(c),
                         name_of(CLM_CLAIM_VOCAB_DEMAND, clm_claim_demand_get(c)),
                         in->client_id, in->manager, clmpy_text_or_none(in->regime),
                         opt_date(in->received), clmpy_money_to_py(&in->price),
                         clmpy_money_to_py(&in->claimed),
                         (long long)clm_claim_stored_version(c));
}

static PyObject *claim_move(PyObject *self, PyObject *args)
{
    clm_claim *c;
    const char *to, *note = NULL;
    clm_actor who;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&sO&O&|O&", claim_arg, &c, &to, clmpy_actor_arg, &who, clmpy_date_arg,
                          &on, clmpy_text_arg, &note))
        return NULL;
    int st;
    CHECK(clm_claim_from_name(&st, CLM_CLAIM_VOCAB_STATE, to));
    CHECK(clm_claim_move(c, (clm_claim_state)st, &who, on, note, NULL));
    Py_RETURN_NONE;
}

static PyObject *claim_decide(PyObject *self, PyObject *args)
{
    clm_claim *c;
    const char *outcome, *reasons;
    PyObject *granted;
    clm_actor who;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&sOsO&O&", claim_arg, &c, &outcome, &granted, &reasons,
                          clmpy_actor_arg, &who, clmpy_date_arg, &on))
        return NULL;
    int o;
    CHECK(clm_claim_from_name(&o, CLM_CLAIM_VOCAB_OUTCOME, outcome));
    clm_money g;
    if (granted != Py_None && clmpy_money_from_py(granted, &g) < 0)
        return NULL;
    CHECK(clm_claim_decide(c, (clm_claim_outcome)o, granted != Py_None ? &g : NULL, reasons,
                           &who, on));
    Py_RETURN_NONE;
}

static PyObject *claim_inform(PyObject *self, PyObject *args)
{
    clm_claim *c;
    const char *channel, *text;
    clm_actor who;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&ssO&O&", claim_arg, &c, &channel, &text, clmpy_actor_arg, &who,
                          clmpy_date_arg, &on))
        return NULL;
    int ch;
    CHECK(clm_claim_from_name(&ch, CLM_CLAIM_VOCAB_CHANNEL, channel));
    CHECK(clm_claim_inform(c, (clm_claim_channel)ch, text, &who, on));
    Py_RETURN_NONE;
}

static PyObject *claim_steps(PyObject *self, PyObject *args)
{
    clm_claim *c;
    if (!PyArg_ParseTuple(args, "O&", claim_arg, &c))
        return NULL;
    size_t n = clm_claim_step_count(c);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_claim_step s;
        int rc = clm_claim_step_at(&s, c, i);
        PyObject *t = rc ? clmpy_raise(rc)
                         : Py_BuildValue("(NNszzLNz)", name_of(CLM_CLAIM_VOCAB_STATE, s.from),
                                         name_of(CLM_CLAIM_VOCAB_STATE, s.to), s.what, s.user,
                                         s.role, (long long)s.at, opt_date(s.on), s.note);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

static PyObject *claim_deadlines(PyObject *self, PyObject *args)
{
    clm_claim *c;
    clm_calendar *cal;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&O&O&", claim_arg, &c, clmpy_calendar_arg, &cal, clmpy_date_arg, &on))
        return NULL;
    clm_claim_deadlines d;
    CHECK(clm_claim_deadlines_get(&d, c, cal, on));
    return Py_BuildValue("(NNNNiN)", opt_date(d.acknowledgement), opt_date(d.response),
                         opt_date(d.resolution), opt_date(d.term_start), (int)d.paused_days,
                         opt_date(d.next));
}

static PyObject *claim_penalty(PyObject *self, PyObject *args)
{
    clm_claim *c;
    clm_calendar *cal;
    clm_date on;
    PyObject *rates = Py_None;
    if (!PyArg_ParseTuple(args, "O&O&O&|O", claim_arg, &c, clmpy_calendar_arg, &cal, clmpy_date_arg, &on, &rates))
        return NULL;
    clm_claim_key_rate *kr = NULL;
    Py_ssize_t n = 0;
    if (rates != Py_None) {
        PyObject *fast = PySequence_Fast(rates, "key rates: a sequence of (date, ppm)");
        if (!fast)
            return NULL;
        n = PySequence_Fast_GET_SIZE(fast);
        kr = PyMem_Calloc(n ? (size_t)n : 1, sizeof *kr);
        for (Py_ssize_t i = 0; kr && i < n; i++) {
            PyObject *d, *r;
            if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "OO", &d, &r) ||
                clmpy_date_from_py(d, &kr[i].from) < 0 ||
                ((kr[i].rate = PyLong_AsLongLong(r)) == -1 && PyErr_Occurred())) {
                PyMem_Free(kr);
                Py_DECREF(fast);
                return NULL;
            }
        }
        Py_DECREF(fast);
        if (!kr)
            return PyErr_NoMemory();
    }
    clm_claim_penalty_result p;
    int rc = clm_claim_penalty(&p, c, cal, on, kr, (size_t)n, NULL);
    PyMem_Free(kr);
    CHECK(rc);
    return Py_BuildValue("(NiNNz)", clmpy_money_to_py(&p.amount), (int)p.days,
                         opt_date(p.first_day), opt_date(p.last_day), p.basis);
}

static PyObject *claim_save(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_claim *c;
    clm_calendar *cal;
    clm_actor who;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&O&|O&", clmpy_store_arg, &s, claim_arg, &c, clmpy_calendar_arg, &cal,
                          clmpy_actor_arg, &who, clmpy_text_arg, &note))
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_claim_store_save(s.st, c, cal, &who, note));
    CHECK(rc);
    return PyLong_FromLongLong(clm_claim_stored_version(c));
}

static PyObject *claim_load(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *number;
    if (!PyArg_ParseTuple(args, "O&s", clmpy_store_arg, &s, &number))
        return NULL;
    clm_claim *c = NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_claim_store_load(&c, s.st, number));
    CHECK(rc);
    return clmpy_handle_new(c, claim_destroy, "claim", NULL, 0);
}

static PyObject *vocab_names(PyObject *self, PyObject *args)
{
    int vocab;
    if (!PyArg_ParseTuple(args, "i", &vocab))
        return NULL;
    PyObject *d = PyDict_New();
    for (int i = 0; d && i < 64; i++) {
        const char *n = clm_claim_name((clm_claim_vocab)vocab, i);
        if (!n)
            continue;
        PyObject *v = PyLong_FromLong(i);
        if (!v || PyDict_SetItemString(d, n, v) < 0)
            Py_CLEAR(d);
        Py_XDECREF(v);
    }
    return d;
}

PyMethodDef clmpy_claim_methods[] = {
    {"claim_regimes_new", regimes_new, METH_NOARGS, NULL},
    {"claim_regimes_load_file", regimes_load_file, METH_VARARGS, NULL},
    {"claim_regimes_ids", regimes_ids, METH_VARARGS, NULL},
    {"claim_register", claim_register, METH_VARARGS, NULL},
    {"claim_new", claim_new, METH_VARARGS, NULL},
    {"claim_get", claim_get, METH_VARARGS, NULL},
    {"claim_move", claim_move, METH_VARARGS, NULL},
    {"claim_decide", claim_decide, METH_VARARGS, NULL},
    {"claim_inform", claim_inform, METH_VARARGS, NULL},
    {"claim_steps", claim_steps, METH_VARARGS, NULL},
    {"claim_deadlines", claim_deadlines, METH_VARARGS, NULL},
    {"claim_penalty", claim_penalty, METH_VARARGS, NULL},
    {"claim_save", claim_save, METH_VARARGS, NULL},
    {"claim_load", claim_load, METH_VARARGS, NULL},
    {"claim_vocab_names", vocab_names, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
