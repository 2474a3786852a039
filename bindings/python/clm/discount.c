/*
 * discount.c — discount policies (load, save, validate, compile), orders,
 * pricing a document with its trace, and batch pricing.
 *
 * Pricing runs with the GIL released: an engine is shared by any number of
 * threads (clm/discount.h), and the document is converted to C first.
 */
#include "clmpy.h"

#include <string.h>
#include <time.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void policy_destroy(void *p) { clm_discount_policy_free(p); }
static void engine_destroy(void *p) { clm_discount_engine_free(p); }
static void order_destroy(void *p) { clm_discount_order_free(p); }

static int policy_arg(PyObject *o, void *out)
{
    return (*(clm_discount_policy **)out = clmpy_handle_get(o, "discount_policy")) != NULL;
}

static int engine_arg(PyObject *o, void *out)
{
    return (*(clm_discount_engine **)out = clmpy_handle_get(o, "discount_engine")) != NULL;
}

/* ---- policies ------------------------------------------------------------ */

static PyObject *policy_load_xml(PyObject *self, PyObject *args)
{
    const char *buf, *source = NULL;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "y#|z", &buf, &len, &source))
        return NULL;
    clm_discount_policy *p;
    int rc;
    CLMPY_CALL(rc, clm_discount_policy_load_xml(&p, buf, (size_t)len, source, NULL));
    CHECK(rc);
    return clmpy_handle_new(p, policy_destroy, "discount_policy", NULL, 0);
}

static PyObject *policy_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    clm_discount_policy *p;
    int rc;
    CLMPY_CALL(rc, clm_discount_policy_load_file(&p, PyBytes_AS_STRING(path), NULL));
    Py_DECREF(path);
    CHECK(rc);
    return clmpy_handle_new(p, policy_destroy, "discount_policy", NULL, 0);
}

static PyObject *policy_save_xml(PyObject *self, PyObject *args)
{
    clm_discount_policy *p;
    if (!PyArg_ParseTuple(args, "O&", policy_arg, &p))
        return NULL;
    char *out;
    size_t len;
    CHECK(clm_discount_policy_save_xml(&out, &len, p));
    PyObject *res = PyBytes_FromStringAndSize(out, (Py_ssize_t)len);
    clm_free(out);
    return res;
}

/* (name, currency, stacking name, rounding name, [(rule id, description, priority,
 *  exclusion group, action name)], [approval roles]) */
static PyObject *policy_info(PyObject *self, PyObject *args)
{
    clm_discount_policy *p;
    if (!PyArg_ParseTuple(args, "O&", policy_arg, &p))
        return NULL;
    size_t n = clm_discount_policy_rule_count(p);
    PyObject *rules = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; rules && i < n; i++) {
        const clm_discount_rule *r = clm_discount_policy_rule(p, i);
        PyObject *t = Py_BuildValue("(szizs)", r->id, r->description, (int)r->priority,
                                    r->exclusion_group, clm_discount_action_name(r->action.kind));
        if (!t) {
            Py_CLEAR(rules);
            break;
        }
        PyList_SET_ITEM(rules, (Py_ssize_t)i, t);
    }
    if (!rules)
        return NULL;
    size_t na = clm_discount_policy_approval_count(p);
    PyObject *ladder = PyList_New((Py_ssize_t)na);
    for (size_t i = 0; ladder && i < na; i++) {
        PyObject *s = PyUnicode_FromString(clm_discount_policy_approval(p, i)->role);
        if (!s) {
            Py_CLEAR(ladder);
            break;
        }
        PyList_SET_ITEM(ladder, (Py_ssize_t)i, s);
    }
    if (!ladder) {
        Py_DECREF(rules);
        return NULL;
    }
    return Py_BuildValue("(ssssNN)", clm_discount_policy_name(p), clm_discount_policy_currency(p),
                         clm_discount_stacking_name(clm_discount_policy_stacking(p)),
                         clm_rounding_name(clm_discount_policy_rounding(p)), rules, ladder);
}

static int strv_from(PyObject *seq, clmpy_strv *out)
{
    out->v = NULL;
    out->n = 0;
    out->fast = NULL;
    if (seq == Py_None)
        return 0;
    out->fast = PySequence_Fast(seq, "expected a sequence of str");
    if (!out->fast)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(out->fast);
    out->v = PyMem_Calloc(n ? (size_t)n : 1, sizeof *out->v);
    if (!out->v) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PySequence_Fast_GET_ITEM(out->fast, i);
        if (!PyUnicode_Check(s)) {
            PyErr_SetString(PyExc_TypeError, "expected a sequence of str");
            return -1;
        }
        if (!(out->v[i] = PyUnicode_AsUTF8(s)))
            return -1;
    }
    out->n = (size_t)n;
    return 0;
}

static void strv_free(clmpy_strv *s)
{
    PyMem_Free(s->v);
    Py_XDECREF(s->fast);
    s->v = NULL;
    s->fast = NULL;
}

static PyObject *policy_validate(PyObject *self, PyObject *args)
{
    clm_discount_policy *p;
    PyObject *today, *cats, *prods, *groups;
    if (!PyArg_ParseTuple(args, "O&OOOO", policy_arg, &p, &today, &cats, &prods, &groups))
        return NULL;
    clm_discount_validate_options o;
    clm_discount_validate_options_init(&o);
    if (today != Py_None) {
        if (clmpy_date_from_py(today, &o.today) < 0)
            return NULL;
        o.has_today = 1;
    }
    clmpy_strv c = {0}, pr = {0}, g = {0};
    PyObject *res = NULL;
    if (strv_from(cats, &c) < 0 || strv_from(prods, &pr) < 0 || strv_from(groups, &g) < 0)
        goto out;
    o.categories = c.v;
    o.n_categories = c.n;
    o.products = pr.v;
    o.n_products = pr.n;
    o.groups = g.v;
    o.n_groups = g.n;
    clm_discount_findings *f;
    int rc;
    CLMPY_CALL(rc, clm_discount_validate(&f, p, &o));
    if (rc) {
        clmpy_raise(rc);
        goto out;
    }
    size_t n = clm_discount_findings_count(f);
    res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        const clm_discount_finding *x = clm_discount_findings_get(f, i);
        PyObject *t = Py_BuildValue("(iisNNNs)", (int)x->kind, (int)x->severity, x->code,
                                    clmpy_text_or_none(x->rule), clmpy_text_or_none(x->other),
                                    clmpy_text_or_none(x->subject), x->message);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    clm_discount_findings_free(f);
out:
    strv_free(&c);
    strv_free(&pr);
    strv_free(&g);
    return res;
}

static PyObject *policy_compile(PyObject *self, PyObject *args)
{
    PyObject *h;
    if (!PyArg_ParseTuple(args, "O", &h))
        return NULL;
    clm_discount_policy *p = clmpy_handle_get(h, "discount_policy");
    if (!p)
        return NULL;
    clm_discount_engine *e;
    int rc;
    CLMPY_CALL(rc, clm_discount_policy_compile(&e, p));
    CHECK(rc);
    /* The engine keeps its policy object alive (rule ids in traces). */
    return clmpy_handle_new(e, engine_destroy, "discount_engine", h, 0);
}

/* ---- price lists ---------------------------------------------------------- */

static void price_set_destroy(void *p) { clm_price_set_free(p); }
static void price_book_destroy(void *p) { clm_price_book_free(p); }

static PyObject *price_set_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    clm_price_set *ps;
    int rc = clm_price_set_load_file(&ps, PyBytes_AS_STRING(path), NULL);
    Py_DECREF(path);
    CHECK(rc);
    return clmpy_handle_new(ps, price_set_destroy, "price_set", NULL, 0);
}

/* price_book_compile(set, policy|None): the policy gives the product groups. */
static PyObject *price_book_compile(PyObject *self, PyObject *args)
{
    PyObject *sh, *ph;
    if (!PyArg_ParseTuple(args, "OO", &sh, &ph))
        return NULL;
    clm_price_set *ps = clmpy_handle_get(sh, "price_set");
    clm_discount_policy *p = NULL;
    if (!ps || (ph != Py_None && !(p = clmpy_handle_get(ph, "discount_policy"))))
        return NULL;
    clm_price_book *b;
    CHECK(clm_price_book_compile(&b, ps, p));
    return clmpy_handle_new(b, price_book_destroy, "price_book", NULL, 0);
}

static PyObject *policy_compile_with_prices(PyObject *self, PyObject *args)
{
    PyObject *h, *bh;
    if (!PyArg_ParseTuple(args, "OO", &h, &bh))
        return NULL;
    clm_discount_policy *p = clmpy_handle_get(h, "discount_policy");
    clm_price_book *b = p ? clmpy_handle_get(bh, "price_book") : NULL;
    if (!b)
        return NULL;
    clm_discount_engine *e;
    int rc;
    CLMPY_CALL(rc, clm_discount_policy_compile_with_prices(&e, p, b));
    CHECK(rc);
    /* The engine holds the book itself; it keeps its policy object alive. */
    return clmpy_handle_new(e, engine_destroy, "discount_engine", h, 0);
}

/* ---- orders -------------------------------------------------------------- */

static PyObject *order_load_xml(PyObject *self, PyObject *args)
{
    const char *buf, *source = NULL;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "y#|z", &buf, &len, &source))
        return NULL;
    clm_discount_order *o;
    int rc;
    CLMPY_CALL(rc, clm_discount_order_load_xml(&o, buf, (size_t)len, source, NULL));
    CHECK(rc);
    return clmpy_handle_new(o, order_destroy, "discount_order", NULL, 0);
}

static PyObject *order_load_file(PyObject *self, PyObject *args)
{
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path))
        return NULL;
    clm_discount_order *o;
    int rc;
    CLMPY_CALL(rc, clm_discount_order_load_file(&o, PyBytes_AS_STRING(path), NULL));
    Py_DECREF(path);
    CHECK(rc);
    return clmpy_handle_new(o, order_destroy, "discount_order", NULL, 0);
}

static PyObject *order_id(PyObject *self, PyObject *args)
{
    PyObject *h;
    if (!PyArg_ParseTuple(args, "O", &h))
        return NULL;
    clm_discount_order *o = clmpy_handle_get(h, "discount_order");
    if (!o)
        return NULL;
    return clmpy_text_or_none(clm_discount_order_id(o));
}

/* order_document(order) -> (currency, date, client id|None, role|None,
 * [(product, quantity thousandths, unit price minor|None)]) */
static PyObject *order_document(PyObject *self, PyObject *args)
{
    PyObject *h;
    if (!PyArg_ParseTuple(args, "O", &h))
        return NULL;
    clm_discount_order *o = clmpy_handle_get(h, "discount_order");
    if (!o)
        return NULL;
    const clm_discount_document *d = clm_discount_order_document(o);
    PyObject *lines = PyList_New((Py_ssize_t)d->line_count);
    for (size_t i = 0; lines && i < d->line_count; i++) {
        const clm_discount_line *l = &d->lines[i];
        PyObject *price = l->unit_price.currency[0] ? PyLong_FromLongLong(l->unit_price.amount)
                                                    : Py_NewRef(Py_None);
        PyObject *t = price ? Py_BuildValue("(sLN)", l->product, (long long)l->quantity, price) : NULL;
        if (!t) {
            Py_CLEAR(lines);
            break;
        }
        PyList_SET_ITEM(lines, (Py_ssize_t)i, t);
    }
    PyObject *date = lines ? clmpy_date_to_py(d->date) : NULL;
    if (!date) {
        Py_XDECREF(lines);
        return NULL;
    }
    return Py_BuildValue("(sNzzN)", d->currency, date, d->client.id, d->role, lines);
}

/* ---- clients from Python (shared: offers price for a client too) -------- */

static int dclient_text(clmpy_dclient *d, PyObject *obj, const char *name, const char **out)
{
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (!v)
        return -1;
    int rc = PyList_Append(d->keep, v);
    Py_DECREF(v);
    return rc < 0 ? -1 : clmpy_opt_text(v, out);
}

void clmpy_dclient_free(clmpy_dclient *d)
{
    PyMem_Free(d->cats);
    PyMem_Free(d->turnover);
    Py_CLEAR(d->cats_fast);
    Py_CLEAR(d->keep);
    d->cats = NULL;
    d->turnover = NULL;
}

int clmpy_dclient_from_py(clmpy_dclient *d, PyObject *c)
{
    memset(d, 0, sizeof *d);
    d->c.since = CLM_DISCOUNT_NO_DATE;
    if (!(d->keep = PyList_New(0)))
        return -1;
    clm_discount_client *cl = &d->c;
    if (dclient_text(d, c, "id", &cl->id) < 0 || dclient_text(d, c, "legal_type", &cl->legal_type) < 0 ||
        dclient_text(d, c, "region", &cl->region) < 0 ||
        dclient_text(d, c, "risk_class", &cl->risk_class) < 0)
        return -1;
    clmpy_strv cats = { NULL, 0, NULL };
    PyObject *v = PyObject_GetAttrString(c, "categories");
    int rc = v ? strv_from(v, &cats) : -1;
    Py_XDECREF(v);
    d->cats = cats.v;
    d->cats_fast = cats.fast;
    if (rc < 0)
        return -1;
    cl->categories = cats.v;
    cl->category_count = cats.n;
    if (!(v = PyObject_GetAttrString(c, "since")))
        return -1;
    rc = v != Py_None && clmpy_date_from_py(v, &cl->since) < 0;
    Py_DECREF(v);
    if (rc)
        return -1;
    /* turnover: {period_days: Money} */
    if (!(v = PyObject_GetAttrString(c, "turnover")))
        return -1;
    rc = PyList_Append(d->keep, v);
    Py_DECREF(v);
    if (rc < 0)
        return -1;
    if (v != Py_None) {
        Py_ssize_t n = PyDict_Size(v);
        if (n < 0)
            return -1;
        d->turnover = PyMem_Calloc(n ? (size_t)n : 1, sizeof *d->turnover);
        if (!d->turnover) {
            PyErr_NoMemory();
            return -1;
        }
        Py_ssize_t pos = 0, i = 0;
        PyObject *k, *m;
        while (PyDict_Next(v, &pos, &k, &m)) {
            clm_money mm;
            long days = PyLong_AsLong(k);
            if ((days == -1 && PyErr_Occurred()) || clmpy_money_from_py(m, &mm) < 0)
                return -1;
            d->turnover[i].period_days = (int32_t)days;
            d->turnover[i].amount = mm.amount;
            i++;
        }
        cl->turnover = d->turnover;
        cl->turnover_count = (size_t)n;
    }
    return 0;
}

/* ---- documents from Python ----------------------------------------------- */

void clmpy_docbuf_free(clmpy_docbuf *b)
{
    PyMem_Free(b->lines);
    clmpy_dclient_free(&b->client);
    strv_free(&b->coupons);
    Py_CLEAR(b->keep);
}

static PyObject *keep_attr(clmpy_docbuf *b, PyObject *obj, const char *name)
{
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (!v)
        return NULL;
    int rc = PyList_Append(b->keep, v);
    Py_DECREF(v);
    return rc < 0 ? NULL : v;
}

static int keep_text(clmpy_docbuf *b, PyObject *obj, const char *name, const char **out)
{
    PyObject *v = keep_attr(b, obj, name);
    return v ? clmpy_opt_text(v, out) : -1;
}

static int keep_long(clmpy_docbuf *b, PyObject *obj, const char *name, long long *out)
{
    PyObject *v = keep_attr(b, obj, name);
    if (!v)
        return -1;
    *out = PyLong_AsLongLong(v);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

int clmpy_docbuf_from(clmpy_docbuf *b, PyObject *d)
{
    memset(b, 0, sizeof *b);
    clm_discount_document_init(&b->doc);
    if (!(b->keep = PyList_New(0)))
        return -1;
    PyObject *v;
    long long x;
    if (keep_text(b, d, "currency", &b->doc.currency) < 0)
        return -1;
    if (!(v = keep_attr(b, d, "date")) || clmpy_date_from_py(v, &b->doc.date) < 0)
        return -1;
    if (keep_long(b, d, "_clm_prepayment", &x) < 0)
        return -1;
    b->doc.prepayment = x;
    if (keep_long(b, d, "deferral_days", &x) < 0)
        return -1;
    b->doc.deferral_days = (int32_t)x;
    if (keep_text(b, d, "channel", &b->doc.channel) < 0 || keep_text(b, d, "role", &b->doc.role) < 0)
        return -1;
    if (!(v = keep_attr(b, d, "coupons")) || strv_from(v, &b->coupons) < 0)
        return -1;
    b->doc.coupons = b->coupons.v;
    b->doc.coupon_count = b->coupons.n;

    PyObject *c = keep_attr(b, d, "client");
    if (!c)
        return -1;
    if (c != Py_None) {
        if (clmpy_dclient_from_py(&b->client, c) < 0)
            return -1;
        b->doc.client = b->client.c;
    }

    PyObject *lines = keep_attr(b, d, "lines");
    if (!lines)
        return -1;
    PyObject *fast = PySequence_Fast(lines, "Document.lines must be a sequence of Line");
    if (!fast)
        return -1;
    int rc = PyList_Append(b->keep, fast);
    Py_DECREF(fast);
    if (rc < 0)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    b->lines = PyMem_Calloc(n ? (size_t)n : 1, sizeof *b->lines);
    if (!b->lines) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *l = PySequence_Fast_GET_ITEM(fast, i);
        clm_discount_line *dl = &b->lines[i];
        if (keep_text(b, l, "product", &dl->product) < 0 || keep_text(b, l, "group", &dl->group) < 0)
            return -1;
        if (keep_long(b, l, "_clm_quantity", &x) < 0)
            return -1;
        dl->quantity = x;
        if (!(v = keep_attr(b, l, "unit_price")) || clmpy_money_from_py(v, &dl->unit_price) < 0)
            return -1;
        if (!(v = keep_attr(b, l, "unit_cost")))
            return -1;
        if (v != Py_None) {
            if (clmpy_money_from_py(v, &dl->unit_cost) < 0)
                return -1;
            dl->has_cost = 1;
        }
        if (keep_long(b, l, "_clm_manual_rate", &x) < 0)
            return -1;
        dl->manual_rate = x;
    }
    b->doc.lines = b->lines;
    b->doc.line_count = (size_t)n;
    return 0;
}

/* The document of `obj`: an order handle's (borrowed from it), or built in b. */
static const clm_discount_document *document_of(PyObject *obj, clmpy_docbuf *b)
{
    memset(b, 0, sizeof *b);
    if (PyObject_TypeCheck(obj, &clmpy_handle_type)) {
        clm_discount_order *o = clmpy_handle_get(obj, "discount_order");
        return o ? clm_discount_order_document(o) : NULL;
    }
    if (clmpy_docbuf_from(b, obj) < 0)
        return NULL;
    return &b->doc;
}

/* ---- results ------------------------------------------------------------- */

/* (base, discount, surcharge, capped, net, cost|None, rate, margin|None,
 *  rules_applied, unit_price): amounts in minor units of the policy's
 *  currency, rates in ppm (the Python side makes Money of them on access). */
PyObject *clmpy_discount_line_to_py(const clm_discount_line_result *l)
{
    PyObject *cost = l->has_margin || l->cost ? PyLong_FromLongLong(l->cost) : Py_NewRef(Py_None);
    PyObject *margin = l->has_margin ? PyLong_FromLongLong(l->margin) : Py_NewRef(Py_None);
    if (!cost || !margin) {
        Py_XDECREF(cost);
        Py_XDECREF(margin);
        return NULL;
    }
    return Py_BuildValue("(LLLLLNLNnL)", (long long)l->base, (long long)l->discount,
                         (long long)l->surcharge, (long long)l->capped, (long long)l->net, cost,
                         (long long)l->rate, margin, (Py_ssize_t)l->rules_applied,
                         (long long)l->unit_price);
}

static PyObject *index_or_none(size_t i)
{
    if (i == CLM_DISCOUNT_NONE)
        Py_RETURN_NONE;
    return PyLong_FromSize_t(i);
}

/* (base, discount, surcharge, capped, net, rate, max_line_rate, max_line|None,
 *  min_margin|None, min_margin_line|None, approval step|None, approvable,
 *  role_suffices, early payment tuple|None): amounts in minor units. */
PyObject *clmpy_discount_totals_to_py(const clm_discount_totals *t)
{
    PyObject *ep;
    if (t->has_early_payment)
        ep = Py_BuildValue("(nLiiLL)", (Py_ssize_t)t->early_payment_rule,
                           (long long)t->early_payment_rate, (int)t->early_payment_days,
                           (int)t->early_payment_net_days, (long long)t->early_payment_amount,
                           (long long)t->early_payment_annual_cost);
    else
        ep = Py_NewRef(Py_None);
    if (!ep)
        return NULL;
    return Py_BuildValue("(LLLLLLLNNNNiiN)", (long long)t->base, (long long)t->discount,
                         (long long)t->surcharge, (long long)t->capped, (long long)t->net,
                         (long long)t->rate, (long long)t->max_line_rate,
                         index_or_none(t->max_line),
                         t->has_margin ? PyLong_FromLongLong(t->min_margin) : Py_NewRef(Py_None),
                         t->has_margin ? index_or_none(t->min_margin_line) : Py_NewRef(Py_None),
                         index_or_none(t->approval), t->approvable, t->role_suffices, ep);
}

PyObject *clmpy_discount_trace_entry_to_py(const clm_discount_trace_entry *e, const char *cur)
{
    PyObject *b = clmpy_money_of(e->before, cur), *a = clmpy_money_of(e->amount, cur),
             *f = clmpy_money_of(e->after, cur);
    PyObject *t = NULL;
    if (b && a && f)
        t = Py_BuildValue("(iiNzOOOz)", (int)e->kind, (int)e->stage, index_or_none(e->rule),
                          e->name, b, a, f, e->reason);
    Py_XDECREF(b);
    Py_XDECREF(a);
    Py_XDECREF(f);
    return t;
}

static PyObject *trace_to_py(const clm_discount_result *r, size_t line, const char *cur)
{
    size_t n = clm_discount_result_trace_count(r, line);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        PyObject *t = clmpy_discount_trace_entry_to_py(clm_discount_result_trace(r, line, i), cur);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

/* evaluate(engine, document, trace) -> (lines, totals, approval role|None,
 * why|None, [trace of each line], document trace) */
static PyObject *evaluate(PyObject *self, PyObject *args)
{
    clm_discount_engine *e;
    PyObject *docobj;
    int trace = 1;
    if (!PyArg_ParseTuple(args, "O&O|p", engine_arg, &e, &docobj, &trace))
        return NULL;
    clmpy_docbuf b;
    const clm_discount_document *doc = document_of(docobj, &b);
    if (!doc) {
        clmpy_docbuf_free(&b);
        return NULL;
    }
    clm_discount_eval_options o;
    clm_discount_eval_options_init(&o);
    o.trace = trace;
    clm_discount_result *r = NULL;
    int rc;
    CLMPY_CALL(rc, clm_discount_engine_evaluate(&r, e, doc, &o));
    if (rc) {
        clmpy_docbuf_free(&b);
        return clmpy_raise(rc);
    }
    const char *cur = clm_discount_policy_currency(clm_discount_engine_policy(e));
    size_t n = clm_discount_result_line_count(r);
    PyObject *lines = PyList_New((Py_ssize_t)n), *traces = PyList_New((Py_ssize_t)n);
    PyObject *res = NULL;
    for (size_t i = 0; lines && traces && i < n; i++) {
        PyObject *l = clmpy_discount_line_to_py(clm_discount_result_line(r, i));
        PyObject *t = l ? trace_to_py(r, i, cur) : NULL;
        if (!t) {
            Py_XDECREF(l);
            Py_CLEAR(lines);
            break;
        }
        PyList_SET_ITEM(lines, (Py_ssize_t)i, l);
        PyList_SET_ITEM(traces, (Py_ssize_t)i, t);
    }
    if (lines && traces) {
        const char *why = NULL;
        const char *role = clm_discount_result_approval(r, &why);
        PyObject *totals = clmpy_discount_totals_to_py(clm_discount_result_totals(r));
        PyObject *doctrace = totals ? trace_to_py(r, CLM_DISCOUNT_DOCUMENT, cur) : NULL;
        if (totals && doctrace)
            res = Py_BuildValue("(OOzzON)", lines, totals, role, why, traces, doctrace);
        else
            Py_XDECREF(doctrace);
        Py_XDECREF(totals);
    }
    Py_XDECREF(lines);
    Py_XDECREF(traces);
    clm_discount_result_free(r);
    clmpy_docbuf_free(&b);
    return res;
}

/* price_batch(engine, documents) -> [(lines, totals)]: no traces; the whole
 * batch is priced by one C call with the GIL released. */
static PyObject *price_batch(PyObject *self, PyObject *args)
{
    clm_discount_engine *e;
    PyObject *seq;
    if (!PyArg_ParseTuple(args, "O&O", engine_arg, &e, &seq))
        return NULL;
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of documents");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    clmpy_docbuf *bufs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *bufs);
    clm_discount_document *docs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *docs);
    clm_discount_totals *totals = PyMem_Calloc(n ? (size_t)n : 1, sizeof *totals);
    clm_discount_line_result *lines = NULL;
    PyObject *res = NULL;
    Py_ssize_t built = 0;
    size_t nlines = 0;
    if (!bufs || !docs || !totals) {
        PyErr_NoMemory();
        goto out;
    }
    for (; built < n; built++) {
        const clm_discount_document *d = document_of(PySequence_Fast_GET_ITEM(fast, built),
                                                     &bufs[built]);
        if (!d) {
            built++;
            goto out;
        }
        docs[built] = *d;
        nlines += d->line_count;
    }
    lines = PyMem_Calloc(nlines ? nlines : 1, sizeof *lines);
    if (!lines) {
        PyErr_NoMemory();
        goto out;
    }
    int rc;
    CLMPY_CALL(rc, clm_discount_engine_price_batch(lines, nlines, totals, e, docs, (size_t)n));
    if (rc) {
        clmpy_raise(rc);
        goto out;
    }
    res = PyList_New(n);
    size_t at = 0;
    for (Py_ssize_t k = 0; res && k < n; k++) {
        PyObject *ls = PyList_New((Py_ssize_t)docs[k].line_count);
        for (size_t i = 0; ls && i < docs[k].line_count; i++) {
            PyObject *l = clmpy_discount_line_to_py(&lines[at + i]);
            if (!l) {
                Py_CLEAR(ls);
                break;
            }
            PyList_SET_ITEM(ls, (Py_ssize_t)i, l);
        }
        at += docs[k].line_count;
        PyObject *t = ls ? clmpy_discount_totals_to_py(&totals[k]) : NULL;
        PyObject *pair = t ? PyTuple_Pack(2, ls, t) : NULL;
        Py_XDECREF(ls);
        Py_XDECREF(t);
        if (!pair) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, k, pair);
    }
out:
    for (Py_ssize_t k = 0; bufs && k < built; k++)
        clmpy_docbuf_free(&bufs[k]);
    PyMem_Free(bufs);
    PyMem_Free(docs);
    PyMem_Free(totals);
    PyMem_Free(lines);
    Py_DECREF(fast);
    return res;
}

/* _bench_c(engine, documents, repeat) -> (seconds, CPU seconds): prices
 * the documents `repeat` times by clm_discount_engine_price_batch() in a C
 * loop, after converting them once: the C figure the Python benchmark
 * prints beside its own (bench/python_pricing.py), by the clock and by the
 * calling thread's CPU time. Not part of the clm package's API. */
static PyObject *bench_c(PyObject *self, PyObject *args)
{
    clm_discount_engine *e;
    PyObject *seq;
    int repeat;
    if (!PyArg_ParseTuple(args, "O&Oi", engine_arg, &e, &seq, &repeat))
        return NULL;
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of documents");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast), built = 0;
    clmpy_docbuf *bufs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *bufs);
    clm_discount_document *docs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *docs);
    clm_discount_totals *totals = PyMem_Calloc(n ? (size_t)n : 1, sizeof *totals);
    clm_discount_line_result *lines = NULL;
    PyObject *res = NULL;
    size_t nlines = 0;
    if (!bufs || !docs || !totals) {
        PyErr_NoMemory();
        goto out;
    }
    for (; built < n; built++) {
        const clm_discount_document *d = document_of(PySequence_Fast_GET_ITEM(fast, built),
                                                     &bufs[built]);
        if (!d) {
            built++;
            goto out;
        }
        docs[built] = *d;
        nlines += d->line_count;
    }
    if (!(lines = PyMem_Calloc(nlines ? nlines : 1, sizeof *lines))) {
        PyErr_NoMemory();
        goto out;
    }
    int rc = 0;
    struct timespec t0 = {0}, t1 = {0}, c0 = {0}, c1 = {0};
    Py_BEGIN_ALLOW_THREADS
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    for (int i = 0; i < repeat && rc == 0; i++)
        rc = clm_discount_engine_price_batch(lines, nlines, totals, e, docs, (size_t)n);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    Py_END_ALLOW_THREADS
    if (rc)
        clmpy_raise(rc);
    else
        res = Py_BuildValue("(dd)", (double)(t1.tv_sec - t0.tv_sec) +
                                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
                            (double)(c1.tv_sec - c0.tv_sec) +
                            (double)(c1.tv_nsec - c0.tv_nsec) / 1e9);
out:
    for (Py_ssize_t k = 0; bufs && k < built; k++)
        clmpy_docbuf_free(&bufs[k]);
    PyMem_Free(bufs);
    PyMem_Free(docs);
    PyMem_Free(totals);
    PyMem_Free(lines);
    Py_DECREF(fast);
    return res;
}

static PyObject *early_payment_cost(PyObject *self, PyObject *args)
{
    long long d;
    int days, net, mode;
    if (!PyArg_ParseTuple(args, "Liii", &d, &days, &net, &mode))
        return NULL;
    clm_rate out;
    CHECK(clm_discount_early_payment_cost(&out, d, days, net, (clm_rounding)mode));
    return PyLong_FromLongLong(out);
}

PyMethodDef clmpy_discount_methods[] = {
    {"discount_policy_load_xml", policy_load_xml, METH_VARARGS, NULL},
    {"discount_policy_load_file", policy_load_file, METH_VARARGS, NULL},
    {"discount_policy_save_xml", policy_save_xml, METH_VARARGS, NULL},
    {"discount_policy_info", policy_info, METH_VARARGS, NULL},
    {"discount_policy_validate", policy_validate, METH_VARARGS, NULL},
    {"discount_policy_compile", policy_compile, METH_VARARGS, NULL},
    {"discount_policy_compile_with_prices", policy_compile_with_prices, METH_VARARGS, NULL},
    {"price_set_load_file", price_set_load_file, METH_VARARGS, NULL},
    {"price_book_compile", price_book_compile, METH_VARARGS, NULL},
    {"discount_order_load_xml", order_load_xml, METH_VARARGS, NULL},
    {"discount_order_load_file", order_load_file, METH_VARARGS, NULL},
    {"discount_order_id", order_id, METH_VARARGS, NULL},
    {"discount_order_document", order_document, METH_VARARGS, NULL},
    {"discount_evaluate", evaluate, METH_VARARGS, NULL},
    {"discount_price_batch", price_batch, METH_VARARGS, NULL},
    {"discount_early_payment_cost", early_payment_cost, METH_VARARGS, NULL},
    {"_bench_c", bench_c, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
