/*
 * offer.c — offers and contracts (clm/offer.h, clm/contract.h), their
 * storage (clm/offer_store.h), XML (clm/offer_xml.h) and documents
 * (clm/offer_document.h). Enumerated values cross by libclm's names
 * (clm_offer_state_name / clm_offer_state_from_name...); amounts cross as
 * clm.Money, checked against the offer's or the policy's currency.
 */
#include "clmpy.h"

#include <string.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void offer_destroy(void *p) { clm_offer_free(p); }
static void contract_destroy(void *p) { clm_contract_free(p); }

static PyObject *offer_wrap(clm_offer *o)
{
    return clmpy_handle_new(o, offer_destroy, "offer", NULL, 0);
}

static PyObject *contract_wrap(clm_contract *c)
{
    return clmpy_handle_new(c, contract_destroy, "contract", NULL, 0);
}

static int offer_arg(PyObject *o, void *out)
{
    return (*(clm_offer **)out = clmpy_handle_get(o, "offer")) != NULL;
}

static int contract_arg(PyObject *o, void *out)
{
    return (*(clm_contract **)out = clmpy_handle_get(o, "contract")) != NULL;
}

static PyObject *opt_date(clm_date d) { return clmpy_opt_date_to_py(d, CLM_OFFER_NO_DATE); }

/* ---- vocabulary ------------------------------------------------------------ */

enum { V_STATE, V_STAGE, V_SOURCE, V_VERDICT, V_CSTATE, V_SETTLEMENT, V_SPECIAL, V_COUNT };

static const char *vocab_name(int vocab, int v)
{
    switch (vocab) {
    case V_STATE: return clm_offer_state_name((clm_offer_state)v);
    case V_STAGE: return clm_offer_stage_name((clm_offer_stage)v);
    case V_SOURCE: return clm_offer_price_source_name((clm_offer_price_source)v);
    case V_VERDICT: return clm_offer_verdict_name((clm_offer_verdict)v);
    case V_CSTATE: return clm_contract_state_name((clm_contract_state)v);
    case V_SETTLEMENT: return clm_contract_settlement_name((clm_contract_settlement)v);
    case V_SPECIAL: return clm_contract_special_kind_name((clm_contract_special_kind)v);
    default: return NULL;
    }
}

static PyObject *name_of(int vocab, int v) { return clmpy_text_or_none(vocab_name(vocab, v)); }

/* libclm's names of a vocabulary, in the order of their values. */
static PyObject *vocab_names(PyObject *self, PyObject *args)
{
    int vocab;
    if (!PyArg_ParseTuple(args, "i", &vocab))
        return NULL;
    PyObject *l = PyList_New(0);
    for (int i = 0; l && i < 64; i++) {
        PyObject *s = vocab_name(vocab, i) ? PyUnicode_FromString(vocab_name(vocab, i)) : NULL;
        if (vocab_name(vocab, i) && (!s || PyList_Append(l, s) < 0))
            Py_CLEAR(l);
        Py_XDECREF(s);
    }
    return l;
}

/* "O&" converters from a name to the value (None: 0, "any"). */
#define FROM_NAME(fn, type, from) \
    static int fn(PyObject *o, void *out) \
    { \
        if (o == Py_None) { \
            *(type *)out = (type)0; \
            return 1; \
        } \
        const char *s = PyUnicode_AsUTF8(o); \
        if (!s) \
            return 0; \
        int rc = from((type *)out, s); \
        if (rc) \
            clmpy_raise(rc); \
        return rc == 0; \
    }
FROM_NAME(state_arg, clm_offer_state, clm_offer_state_from_name)
FROM_NAME(cstate_arg, clm_contract_state, clm_contract_state_from_name)
FROM_NAME(settlement_arg, clm_contract_settlement, clm_contract_settlement_from_name)
FROM_NAME(special_arg, clm_contract_special_kind, clm_contract_special_kind_from_name)
#undef FROM_NAME

/* ---- inputs ------------------------------------------------------------------ */

/* (id, client_id, manager, currency, date, from_client, prepayment ppm,
 *  deferral_days, delivery|None, delivery_days, accept_by|None, revocable);
 *  strings borrowed from the tuple. */
static int info_arg(PyObject *t, void *out)
{
    clm_offer_info *in = out;
    clm_offer_info_init(in);
    long long prepay;
    int deferral, ddays;
    if (!PyArg_ParseTuple(t, "zzzzO&pLiO&iO&p;OfferInfo", &in->id, &in->client_id, &in->manager,
                          &in->currency, clmpy_date_arg, &in->date, &in->from_client, &prepay,
                          &deferral, clmpy_text_arg, &in->delivery, &ddays, clmpy_opt_date_arg,
                          &in->accept_by, &in->revocable))
        return 0;
    in->prepayment = prepay;
    in->deferral_days = deferral;
    in->delivery_days = ddays;
    return 1;
}

static PyObject *info_to_py(const clm_offer_info *in)
{
    return Py_BuildValue("(zzzzNiLiziNi)", in->id, in->client_id, in->manager, in->currency,
                         clmpy_date_to_py(in->date), in->from_client, (long long)in->prepayment,
                         (int)in->deferral_days, in->delivery, (int)in->delivery_days,
                         opt_date(in->accept_by), in->revocable);
}

/* None, or (credit policy handle, receivables, orders, max_days_overdue,
 * limit) with Money in the policy's currency. */
typedef struct credit_in {
    clm_offer_credit c;
    const clm_offer_credit *ptr;
} credit_in;

static int credit_arg(PyObject *t, void *out)
{
    credit_in *ci = out;
    clm_offer_credit_init(&ci->c);
    ci->ptr = NULL;
    if (t == Py_None)
        return 1;
    PyObject *ph, *rec, *ord, *lim;
    int days;
    if (!PyArg_ParseTuple(t, "OOOiO;OfferCredit", &ph, &rec, &ord, &days, &lim))
        return 0;
    clm_credit_policy *p = clmpy_handle_get(ph, "credit_policy");
    if (!p)
        return 0;
    const char *cur = clm_credit_policy_currency(p);
    clm_credit_check_input *pos = &ci->c.position;
    if (clmpy_minor_from_py(rec, cur, 0, 0, &pos->receivables) < 0 ||
        clmpy_minor_from_py(ord, cur, 1, 0, &pos->orders) < 0 ||
        clmpy_minor_from_py(lim, cur, 0, 0, &pos->limit) < 0)
        return 0;
    pos->max_days_overdue = days;
    ci->c.policy = p;
    ci->ptr = &ci->c;
    return 1;
}

/* (reasonable_days, prompt_notice_days) */
static int rules_arg(PyObject *t, void *out)
{
    clm_offer_rules *r = out;
    clm_offer_rules_init(r);
    int a, b;
    if (!PyArg_ParseTuple(t, "ii;OfferRules", &a, &b))
        return 0;
    r->reasonable_days = a;
    r->prompt_notice_days = b;
    return 1;
}

/* (dispatched_on, received_on, full, late_notice_on|None, late_confirmed_on|None) */
static int acceptance_arg(PyObject *t, void *out)
{
    clm_offer_acceptance *a = out;
    clm_offer_acceptance_init(a);
    return PyArg_ParseTuple(t, "O&O&pO&O&;Acceptance", clmpy_date_arg, &a->dispatched_on,
                            clmpy_date_arg, &a->received_on, &a->full, clmpy_opt_date_arg,
                            &a->late_notice_on, clmpy_opt_date_arg, &a->late_confirmed_on);
}

/* ---- the offer ------------------------------------------------------------------ */

static PyObject *offer_new(PyObject *self, PyObject *args)
{
    clm_offer_info in;
    clm_actor who;
    if (!PyArg_ParseTuple(args, "O&O&", info_arg, &in, clmpy_actor_arg, &who))
        return NULL;
    clm_offer *o;
    CHECK(clm_offer_new(&o, &in, &who));
    return offer_wrap(o);
}

/* (info tuple, state, revision, supersedes, superseded_by, counter_of,
 *  countered_by, sent_on, received_on, accept_by, accepted_on, priced,
 *  stored_version) */
static PyObject *offer_get(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    clm_offer_info in;
    CHECK(clm_offer_info_get(&in, o));
    return Py_BuildValue("(NNizzzzNNNNiL)", info_to_py(&in),
                         name_of(V_STATE, clm_offer_state_get(o)), clm_offer_revision(o),
                         clm_offer_supersedes(o), clm_offer_superseded_by(o),
                         clm_offer_counter_of(o), clm_offer_countered_by(o),
                         opt_date(clm_offer_sent_on(o)), opt_date(clm_offer_received_on(o)),
                         opt_date(clm_offer_accept_by(o)), opt_date(clm_offer_accepted_on(o)),
                         clm_offer_priced(o), (long long)clm_offer_stored_version(o));
}

static PyObject *offer_set_terms(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_offer_info in;
    if (!PyArg_ParseTuple(args, "O&O&", offer_arg, &o, info_arg, &in))
        return NULL;
    CHECK(clm_offer_set_terms(o, &in));
    Py_RETURN_NONE;
}

/* add_line(offer, product, group|None, quantity in thousandths,
 *          unit_price|None, unit_cost|None, manual_rate ppm) -> index */
static PyObject *offer_add_line(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_offer_line l;
    clm_offer_line_init(&l);
    long long qty, rate;
    PyObject *price, *cost;
    if (!PyArg_ParseTuple(args, "O&sO&LOOL", offer_arg, &o, &l.product, clmpy_text_arg, &l.group,
                          &qty, &price, &cost, &rate))
        return NULL;
    l.quantity = qty;
    l.manual_rate = rate;
    if (price != Py_None && clmpy_money_from_py(price, &l.unit_price) < 0)
        return NULL;
    if (cost != Py_None) {
        if (clmpy_money_from_py(cost, &l.unit_cost) < 0)
            return NULL;
        l.has_cost = 1;
    }
    size_t i;
    CHECK(clm_offer_add_line(&i, o, &l));
    return PyLong_FromSize_t(i);
}

static PyObject *offer_remove_line(PyObject *self, PyObject *args)
{
    clm_offer *o;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "O&n", offer_arg, &o, &i))
        return NULL;
    CHECK(clm_offer_remove_line(o, i < 0 ? SIZE_MAX : (size_t)i));
    Py_RETURN_NONE;
}

/* [(product, group, quantity thousandths, unit_price|None, unit_cost|None, manual_rate)] */
static PyObject *offer_lines(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    size_t n = clm_offer_line_count(o);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_offer_line l;
        int rc = clm_offer_line_at(&l, o, i);
        PyObject *cost = rc ? NULL : l.has_cost ? clmpy_money_to_py(&l.unit_cost)
                                                : Py_NewRef(Py_None);
        PyObject *t = rc ? clmpy_raise(rc)
                    : cost ? Py_BuildValue("(szLNNL)", l.product, l.group, (long long)l.quantity,
                                           clmpy_money_to_py(&l.unit_price), cost,
                                           (long long)l.manual_rate)
                           : NULL;
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

/* price(offer, actor, engine, discount.Client, book|None, policy_version|None,
 *       channel|None) */
static PyObject *offer_price(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    PyObject *eh, *client, *bh;
    clm_offer_pricing p;
    clm_offer_pricing_init(&p);
    if (!PyArg_ParseTuple(args, "O&O&OOOO&O&", offer_arg, &o, clmpy_actor_arg, &who, &eh, &client,
                          &bh, clmpy_text_arg, &p.policy_version, clmpy_text_arg, &p.channel))
        return NULL;
    if (!(p.engine = clmpy_handle_get(eh, "discount_engine")))
        return NULL;
    if (bh != Py_None && !(p.book = clmpy_handle_get(bh, "price_book")))
        return NULL;
    clmpy_dclient dc;
    if (clmpy_dclient_from_py(&dc, client) < 0) {
        clmpy_dclient_free(&dc);
        return NULL;
    }
    p.client = &dc.c;
    /* The GIL stays held: the call changes the offer, which another thread
     * could be reading (one offer's pricing is short). */
    int rc = clm_offer_price(o, &who, &p);
    clmpy_dclient_free(&dc);
    CHECK(rc);
    Py_RETURN_NONE;
}

/* None (not priced), or [(line figures, source, list_price|None, list_rate)] */
static PyObject *offer_line_prices(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    if (!clm_offer_priced(o))
        Py_RETURN_NONE;
    size_t n = clm_offer_line_count(o);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        const clm_offer_line_price *lp = clm_offer_line_price_at(o, i);
        PyObject *lst = lp->has_list_price ? PyLong_FromLongLong(lp->list_price)
                                           : Py_NewRef(Py_None);
        PyObject *t = lst ? Py_BuildValue("(NNNL)", clmpy_discount_line_to_py(&lp->result),
                                          name_of(V_SOURCE, lp->source), lst,
                                          (long long)lp->list_rate)
                          : NULL;
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

static PyObject *offer_totals(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    const clm_discount_totals *t = clm_offer_totals(o);
    if (!t)
        Py_RETURN_NONE;
    return clmpy_discount_totals_to_py(t);
}

/* trace(offer, line|None: the document's) -> [entry tuples] */
static PyObject *offer_trace(PyObject *self, PyObject *args)
{
    clm_offer *o;
    PyObject *lo;
    if (!PyArg_ParseTuple(args, "O&O", offer_arg, &o, &lo))
        return NULL;
    size_t line = CLM_DISCOUNT_DOCUMENT;
    if (lo != Py_None) {
        Py_ssize_t i = PyLong_AsSsize_t(lo);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0 || (size_t)i >= clm_offer_line_count(o)) {
            PyErr_Format(PyExc_IndexError, "offer line %zd out of range", i);
            return NULL;
        }
        line = (size_t)i;
    }
    clm_offer_info in;
    CHECK(clm_offer_info_get(&in, o));
    size_t n = clm_offer_trace_count(o, line);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        PyObject *t = clmpy_discount_trace_entry_to_py(clm_offer_trace(o, line, i), in.currency);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

/* (policy name, version, approval role|None, why|None, approvable, [ladder roles]) */
static PyObject *offer_pricing_info(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    const char *name, *version, *why = NULL;
    CHECK(clm_offer_policy(&name, &version, o));
    int approvable = 0;
    const char *role = clm_offer_approval_required(o, &why, &approvable);
    size_t n = clm_offer_ladder_count(o);
    PyObject *ladder = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; ladder && i < n; i++) {
        PyObject *s = clmpy_text_or_none(clm_offer_ladder_role(o, i));
        if (!s) {
            Py_CLEAR(ladder);
            break;
        }
        PyList_SET_ITEM(ladder, (Py_ssize_t)i, s);
    }
    if (!ladder)
        return NULL;
    return Py_BuildValue("(sszziN)", name, version, role, why, approvable, ladder);
}

static PyObject *offer_role_suffices(PyObject *self, PyObject *args)
{
    clm_offer *o;
    const char *role;
    if (!PyArg_ParseTuple(args, "O&s", offer_arg, &o, &role))
        return NULL;
    return PyBool_FromLong(clm_offer_role_suffices(o, role));
}

/* ---- the credit check ------------------------------------------------------------- */

static PyObject *offer_credit_compute(PyObject *self, PyObject *args)
{
    clm_offer *o;
    credit_in ci;
    if (!PyArg_ParseTuple(args, "O&O&", offer_arg, &o, credit_arg, &ci))
        return NULL;
    clm_credit_check c;
    CHECK(clm_offer_credit_compute(&c, o, ci.ptr));
    return clmpy_credit_check_to_py(&c);
}

/* [(stage, check tuple, at, user, role, overridden, override user, role, note)] */
static PyObject *offer_credit_records(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    size_t n = clm_offer_credit_count(o);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_offer_credit_record r;
        int rc = clm_offer_credit_at(&r, o, i);
        PyObject *t = rc ? clmpy_raise(rc)
                         : Py_BuildValue("(NNLzzizzz)", name_of(V_STAGE, r.stage),
                                         clmpy_credit_check_to_py(&r.check), (long long)r.at,
                                         r.user, r.role, r.overridden, r.override_user,
                                         r.override_role, r.override_note);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

static PyObject *offer_credit_override(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    PyObject *ph;
    const char *note;
    if (!PyArg_ParseTuple(args, "O&O&Os", offer_arg, &o, clmpy_actor_arg, &who, &ph, &note))
        return NULL;
    clm_credit_policy *p = clmpy_handle_get(ph, "credit_policy");
    if (!p)
        return NULL;
    CHECK(clm_offer_credit_override(o, &who, p, note));
    Py_RETURN_NONE;
}

/* ---- the acts ------------------------------------------------------------------------ */

static PyObject *offer_submit(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    credit_in ci;
    if (!PyArg_ParseTuple(args, "O&O&O&", offer_arg, &o, clmpy_actor_arg, &who, credit_arg, &ci))
        return NULL;
    CHECK(clm_offer_submit(o, &who, ci.ptr));
    Py_RETURN_NONE;
}

static PyObject *offer_approve(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    credit_in ci;
    const char *note = NULL, *behalf = NULL;
    clm_delegations *d = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&O&|O&O&", offer_arg, &o, clmpy_actor_arg, &who, credit_arg,
                          &ci, clmpy_text_arg, &note, clmpy_text_arg, &behalf,
                          clmpy_delegations_arg, &d))
        return NULL;
    CHECK(clm_offer_approve(o, &who, behalf, d, ci.ptr, note));
    Py_RETURN_NONE;
}

static PyObject *offer_refuse(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    const char *note, *behalf = NULL;
    clm_delegations *d = NULL;
    if (!PyArg_ParseTuple(args, "O&O&s|O&O&", offer_arg, &o, clmpy_actor_arg, &who, &note,
                          clmpy_text_arg, &behalf, clmpy_delegations_arg, &d))
        return NULL;
    CHECK(clm_offer_refuse(o, &who, behalf, d, note));
    Py_RETURN_NONE;
}

static PyObject *offer_send(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    clm_offer_rules rules;
    clm_calendar *cal;
    credit_in ci;
    if (!PyArg_ParseTuple(args, "O&O&O&O&O&", offer_arg, &o, clmpy_actor_arg, &who, rules_arg,
                          &rules, clmpy_calendar_arg, &cal, credit_arg, &ci))
        return NULL;
    CHECK(clm_offer_send(o, &who, &rules, cal, ci.ptr));
    Py_RETURN_NONE;
}

static PyObject *offer_receive(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&O&O&", offer_arg, &o, clmpy_actor_arg, &who, clmpy_date_arg,
                          &on))
        return NULL;
    CHECK(clm_offer_receive(o, &who, on));
    Py_RETURN_NONE;
}

static PyObject *offer_withdraw(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    clm_date on;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&O&", offer_arg, &o, clmpy_actor_arg, &who, clmpy_date_arg,
                          &on, clmpy_text_arg, &note))
        return NULL;
    CHECK(clm_offer_withdraw(o, &who, on, note));
    Py_RETURN_NONE;
}

static PyObject *offer_withdrawn_before_binding(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&O&", offer_arg, &o, clmpy_date_arg, &on))
        return NULL;
    return PyBool_FromLong(clm_offer_withdrawn_before_binding(o, on));
}

static PyObject *offer_expire(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&O&O&", offer_arg, &o, clmpy_actor_arg, &who, clmpy_date_arg,
                          &on))
        return NULL;
    CHECK(clm_offer_expire(o, &who, on));
    Py_RETURN_NONE;
}

/* judge(offer, acceptance, rules, calendar) -> (verdict, article) */
static PyObject *offer_judge(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_offer_acceptance a;
    clm_offer_rules rules;
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "O&O&O&O&", offer_arg, &o, acceptance_arg, &a, rules_arg, &rules,
                          clmpy_calendar_arg, &cal))
        return NULL;
    clm_offer_verdict v;
    const char *article = NULL;
    CHECK(clm_offer_judge_acceptance(&v, &article, o, &a, &rules, cal));
    return Py_BuildValue("(Nz)", name_of(V_VERDICT, v), article);
}

static PyObject *offer_accept(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    clm_offer_acceptance a;
    clm_offer_rules rules;
    clm_calendar *cal;
    credit_in ci;
    if (!PyArg_ParseTuple(args, "O&O&O&O&O&O&", offer_arg, &o, clmpy_actor_arg, &who,
                          acceptance_arg, &a, rules_arg, &rules, clmpy_calendar_arg, &cal,
                          credit_arg, &ci))
        return NULL;
    CHECK(clm_offer_accept(o, &who, &a, &rules, cal, ci.ptr));
    Py_RETURN_NONE;
}

static PyObject *offer_reject(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_actor who;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&", offer_arg, &o, clmpy_actor_arg, &who, clmpy_text_arg,
                          &note))
        return NULL;
    CHECK(clm_offer_reject(o, &who, note));
    Py_RETURN_NONE;
}

static PyObject *offer_counter_draft(PyObject *self, PyObject *args)
{
    clm_offer *o;
    const char *id;
    clm_actor who;
    if (!PyArg_ParseTuple(args, "O&sO&", offer_arg, &o, &id, clmpy_actor_arg, &who))
        return NULL;
    clm_offer *c;
    CHECK(clm_offer_counter_draft(&c, o, id, &who));
    return offer_wrap(c);
}

static PyObject *offer_counter(PyObject *self, PyObject *args)
{
    clm_offer *o, *c;
    clm_actor who;
    clm_date on;
    clm_offer_rules rules;
    clm_calendar *cal;
    if (!PyArg_ParseTuple(args, "O&O&O&O&O&O&", offer_arg, &o, offer_arg, &c, clmpy_actor_arg,
                          &who, clmpy_date_arg, &on, rules_arg, &rules, clmpy_calendar_arg, &cal))
        return NULL;
    CHECK(clm_offer_counter(o, c, &who, on, &rules, cal));
    Py_RETURN_NONE;
}

static PyObject *offer_new_version(PyObject *self, PyObject *args)
{
    clm_offer *o;
    const char *id;
    clm_actor who;
    if (!PyArg_ParseTuple(args, "O&sO&", offer_arg, &o, &id, clmpy_actor_arg, &who))
        return NULL;
    clm_offer *n;
    CHECK(clm_offer_new_version(&n, o, id, &who));
    return offer_wrap(n);
}

/* [(at, user, role, on_behalf_of, action, from, to, note)] */
static PyObject *offer_events(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    size_t n = clm_offer_event_count(o);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_offer_event e;
        int rc = clm_offer_event_at(&e, o, i);
        PyObject *t = rc ? clmpy_raise(rc)
                         : Py_BuildValue("(LzzzsNNz)", (long long)e.at, e.user, e.role,
                                         e.on_behalf_of, e.action, name_of(V_STATE, e.from),
                                         name_of(V_STATE, e.to), e.note);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

static PyObject *offer_dup(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    clm_offer *d;
    CHECK(clm_offer_dup(&d, o));
    return offer_wrap(d);
}

static PyObject *offer_equal(PyObject *self, PyObject *args)
{
    clm_offer *a, *b;
    if (!PyArg_ParseTuple(args, "O&O&", offer_arg, &a, offer_arg, &b))
        return NULL;
    return PyBool_FromLong(clm_offer_equal(a, b));
}

/* ---- XML and documents (shared by offers and contracts) ---------------------------- */

/* Text libclm allocated, as bytes (xml) or str (document); freed here. */
static PyObject *take_text(int rc, char *text, size_t len, int as_str)
{
    if (rc)
        return clmpy_raise(rc);
    PyObject *res = as_str ? PyUnicode_DecodeUTF8(text, (Py_ssize_t)len, "strict")
                           : PyBytes_FromStringAndSize(text, (Py_ssize_t)len);
    clm_free(text);
    return res;
}

static PyObject *offer_save_xml(PyObject *self, PyObject *args)
{
    clm_offer *o;
    if (!PyArg_ParseTuple(args, "O&", offer_arg, &o))
        return NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = clm_offer_save_xml(&text, &len, o);
    return take_text(rc, text, len, 0);
}

static PyObject *contract_save_xml(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = clm_contract_save_xml(&text, &len, c);
    return take_text(rc, text, len, 0);
}

static PyObject *offer_document(PyObject *self, PyObject *args)
{
    clm_offer *o;
    int html;
    if (!PyArg_ParseTuple(args, "O&p", offer_arg, &o, &html))
        return NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = clm_offer_document(&text, &len, o, html ? CLM_OFFER_DOC_HTML : CLM_OFFER_DOC_TEXT,
                                NULL);
    return take_text(rc, text, len, 1);
}

static PyObject *contract_document(PyObject *self, PyObject *args)
{
    clm_contract *c;
    int html;
    if (!PyArg_ParseTuple(args, "O&p", contract_arg, &c, &html))
        return NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = clm_contract_document(&text, &len, c,
                                   html ? CLM_OFFER_DOC_HTML : CLM_OFFER_DOC_TEXT, NULL);
    return take_text(rc, text, len, 1);
}

/* load_xml(kind 0 offer / 1 contract, bytes, source|None) */
static PyObject *load_xml(PyObject *self, PyObject *args)
{
    int kind;
    const char *buf, *source = NULL;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "iy#z", &kind, &buf, &len, &source))
        return NULL;
    if (kind == 0) {
        clm_offer *o;
        CHECK(clm_offer_load_xml(&o, buf, (size_t)len, source, NULL));
        return offer_wrap(o);
    }
    clm_contract *c;
    CHECK(clm_contract_load_xml(&c, buf, (size_t)len, source, NULL));
    return contract_wrap(c);
}

static PyObject *load_file(PyObject *self, PyObject *args)
{
    int kind;
    PyObject *path;
    if (!PyArg_ParseTuple(args, "iO&", &kind, PyUnicode_FSConverter, &path))
        return NULL;
    void *obj = NULL;
    int rc = kind == 0 ? clm_offer_load_file((clm_offer **)&obj, PyBytes_AS_STRING(path), NULL)
                       : clm_contract_load_file((clm_contract **)&obj, PyBytes_AS_STRING(path),
                                                NULL);
    Py_DECREF(path);
    CHECK(rc);
    return kind == 0 ? offer_wrap(obj) : contract_wrap(obj);
}

/* ---- storage --------------------------------------------------------------------------- */

static PyObject *offer_store_save(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_offer *o;
    clm_actor who;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&O&", clmpy_store_arg, &s, offer_arg, &o, clmpy_actor_arg,
                          &who, clmpy_text_arg, &note))
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_offer_store_save(s.st, o, &who, note));
    CHECK(rc);
    return PyLong_FromLongLong(clm_offer_stored_version(o));
}

static PyObject *offer_store_load(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *id;
    if (!PyArg_ParseTuple(args, "O&s", clmpy_store_arg, &s, &id))
        return NULL;
    clm_offer *o = NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_offer_store_load(&o, s.st, id));
    CHECK(rc);
    return offer_wrap(o);
}

static PyObject *contract_store_save(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_contract *c;
    clm_actor who;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&O&", clmpy_store_arg, &s, contract_arg, &c,
                          clmpy_actor_arg, &who, clmpy_text_arg, &note))
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_contract_store_save(s.st, c, &who, note));
    CHECK(rc);
    return PyLong_FromLongLong(clm_contract_stored_version(c));
}

static PyObject *contract_store_load(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *id;
    if (!PyArg_ParseTuple(args, "O&s", clmpy_store_arg, &s, &id))
        return NULL;
    clm_contract *c = NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_contract_store_load(&c, s.st, id));
    CHECK(rc);
    return contract_wrap(c);
}

/* List callbacks run with the store locked and the GIL released (a thread
 * waiting for the lock has released it too): each takes the GIL back to
 * add its item as a tuple. */
typedef struct gather {
    PyObject *list;
} gather;

static int gather_add(gather *g, PyObject *t)
{
    if (!t || PyList_Append(g->list, t) < 0) {
        Py_XDECREF(t);
        return CLM_ENOMEM;
    }
    Py_DECREF(t);
    return 0;
}

static int collect_offer(const clm_offer_item *it, void *payload)
{
    PyGILState_STATE gs = PyGILState_Ensure();
    PyObject *net = it->priced ? clmpy_money_to_py(&it->net) : Py_NewRef(Py_None);
    int rc = gather_add(payload, net ? Py_BuildValue("(sssNzNN)", it->id, it->client_id,
                                                     it->manager, name_of(V_STATE, it->state),
                                                     it->linked, opt_date(it->accept_by), net)
                                     : NULL);
    PyGILState_Release(gs);
    return rc;
}

static int collect_contract(const clm_contract_item *it, void *payload)
{
    PyGILState_STATE gs = PyGILState_Ensure();
    int rc = gather_add(payload, Py_BuildValue("(sssNszN)", it->id, it->client_id, it->manager,
                                               name_of(V_CSTATE, it->state), it->offer_id,
                                               it->special, clmpy_money_to_py(&it->uninvoiced)));
    PyGILState_Release(gs);
    return rc;
}

static int collect_conversion(const clm_offer_conversion *c, void *payload)
{
    PyGILState_STATE gs = PyGILState_Ensure();
    int rc = gather_add(payload, Py_BuildValue("(sLLLLL)", c->manager, (long long)c->sent,
                                               (long long)c->accepted, (long long)c->countered,
                                               (long long)c->contracts, (long long)c->concluded));
    PyGILState_Release(gs);
    return rc;
}

/* The list, or NULL with the error raised (a Python error set by a
 * callback wins over the code it returned). */
static PyObject *gathered(gather *g, int rc)
{
    if (rc && PyErr_Occurred()) {
        Py_CLEAR(g->list);
        return NULL;
    }
    if (rc) {
        Py_CLEAR(g->list);
        return clmpy_raise(rc);
    }
    return g->list;
}

static PyObject *offer_store_list(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *client = NULL, *manager = NULL;
    clm_offer_state state;
    if (!PyArg_ParseTuple(args, "O&O&O&O&", clmpy_store_arg, &s, clmpy_text_arg, &client,
                          clmpy_text_arg, &manager, state_arg, &state))
        return NULL;
    gather g = { PyList_New(0) };
    if (!g.list)
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_offer_store_list(s.st, client, manager, state, collect_offer, &g));
    return gathered(&g, rc);
}

static PyObject *offer_store_expiring(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_calendar *cal;
    clm_date on;
    int days;
    const char *manager = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&iO&", clmpy_store_arg, &s, clmpy_calendar_arg, &cal,
                          clmpy_date_arg, &on, &days, clmpy_text_arg, &manager))
        return NULL;
    gather g = { PyList_New(0) };
    if (!g.list)
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_offer_store_expiring(s.st, cal, on, days, manager, collect_offer,
                                                     &g));
    return gathered(&g, rc);
}

static PyObject *offer_store_conversion(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *manager = NULL;
    clm_date from, to;
    if (!PyArg_ParseTuple(args, "O&O&O&O&", clmpy_store_arg, &s, clmpy_text_arg, &manager,
                          clmpy_date_arg, &from, clmpy_date_arg, &to))
        return NULL;
    gather g = { PyList_New(0) };
    if (!g.list)
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_offer_store_conversion(s.st, manager, from, to,
                                                       collect_conversion, &g));
    return gathered(&g, rc);
}

static PyObject *contract_store_list(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *client = NULL, *manager = NULL;
    clm_contract_state state;
    if (!PyArg_ParseTuple(args, "O&O&O&O&", clmpy_store_arg, &s, clmpy_text_arg, &client,
                          clmpy_text_arg, &manager, cstate_arg, &state))
        return NULL;
    gather g = { PyList_New(0) };
    if (!g.list)
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_contract_store_list(s.st, client, manager, state,
                                                    collect_contract, &g));
    return gathered(&g, rc);
}

/* ---- contracts ---------------------------------------------------------------------------- */

static PyObject *contract_from_offer(PyObject *self, PyObject *args)
{
    clm_offer *o;
    clm_contract_info in;
    clm_contract_info_init(&in);
    clm_actor who;
    if (!PyArg_ParseTuple(args, "O&spO&", offer_arg, &o, &in.id, &in.obligatory, clmpy_actor_arg,
                          &who))
        return NULL;
    clm_contract *c;
    CHECK(clm_contract_from_offer(&c, o, &in, &who));
    return contract_wrap(c);
}

/* (id, state, obligatory, offer_id, client_id, manager, currency, created_on,
 *  agreed_on, concluded_on, closed_on, renewal_of, renewed_by, invoiced,
 *  stored_version) */
static PyObject *contract_get(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    const char *cur = clm_contract_currency(c);
    return Py_BuildValue("(sNissssNNNNzzNL)", clm_contract_id(c),
                         name_of(V_CSTATE, clm_contract_state_get(c)), clm_contract_obligatory(c),
                         clm_contract_offer_id(c), clm_contract_client_id(c),
                         clm_contract_manager(c), cur, opt_date(clm_contract_created_on(c)),
                         opt_date(clm_contract_agreed_on(c)),
                         opt_date(clm_contract_concluded_on(c)), opt_date(clm_contract_closed_on(c)),
                         clm_contract_renewal_of(c), clm_contract_renewed_by(c),
                         clmpy_money_of(clm_contract_invoiced(c), cur),
                         (long long)clm_contract_stored_version(c));
}

static PyObject *contract_offer(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    clm_offer *o;
    CHECK(clm_offer_dup(&o, clm_contract_offer(c)));
    return offer_wrap(o);
}

/* amounts(contract) -> (amount, uninvoiced) */
static PyObject *contract_amounts(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    int64_t amount, open;
    CHECK(clm_contract_amount(&amount, c));
    CHECK(clm_contract_uninvoiced(&open, c));
    const char *cur = clm_contract_currency(c);
    return Py_BuildValue("(NN)", clmpy_money_of(amount, cur), clmpy_money_of(open, cur));
}

/* dispute(contract, actor, clause|None, line|None, draft|None, client wording,
 *         figure Money|None, received_on) -> index */
static PyObject *contract_dispute(PyObject *self, PyObject *args)
{
    clm_contract *c;
    clm_actor who;
    clm_contract_disagreement d;
    clm_contract_disagreement_init(&d);
    PyObject *line, *figure;
    if (!PyArg_ParseTuple(args, "O&O&O&OO&sOO&", contract_arg, &c, clmpy_actor_arg, &who,
                          clmpy_text_arg, &d.clause, &line, clmpy_text_arg, &d.draft, &d.client,
                          &figure, clmpy_date_arg, &d.received_on))
        return NULL;
    if (line != Py_None) {
        Py_ssize_t i = PyLong_AsSsize_t(line);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        d.line = i < 0 ? SIZE_MAX - 1 : (size_t)i;
    }
    if (figure != Py_None) {
        if (clmpy_minor_from_py(figure, clm_contract_currency(c), 0, 0, &d.figure) < 0)
            return NULL;
        d.has_figure = 1;
    }
    size_t k;
    CHECK(clm_contract_dispute(&k, c, &who, &d));
    return PyLong_FromSize_t(k);
}

static PyObject *contract_answer(PyObject *self, PyObject *args)
{
    clm_contract *c;
    clm_actor who;
    Py_ssize_t i;
    const char *text;
    PyObject *figure;
    if (!PyArg_ParseTuple(args, "O&O&nsO", contract_arg, &c, clmpy_actor_arg, &who, &i, &text,
                          &figure))
        return NULL;
    int64_t f = 0;
    if (figure != Py_None && clmpy_minor_from_py(figure, clm_contract_currency(c), 0, 0, &f) < 0)
        return NULL;
    CHECK(clm_contract_answer(c, &who, i < 0 ? SIZE_MAX - 1 : (size_t)i, text, figure != Py_None,
                              f));
    Py_RETURN_NONE;
}

static PyObject *contract_settle(PyObject *self, PyObject *args)
{
    clm_contract *c;
    clm_actor who;
    Py_ssize_t i;
    clm_contract_settlement how;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&nO&O&", contract_arg, &c, clmpy_actor_arg, &who, &i,
                          settlement_arg, &how, clmpy_text_arg, &note))
        return NULL;
    CHECK(clm_contract_settle(c, &who, i < 0 ? SIZE_MAX - 1 : (size_t)i, how, note));
    Py_RETURN_NONE;
}

static PyObject *opt_figure(int has, int64_t v, const char *cur)
{
    if (!has)
        Py_RETURN_NONE;
    return clmpy_money_of(v, cur);
}

/* [(clause, line|None, draft, client, figure|None, received_on, answer,
 *   answer figure|None, settlement, decided_by, decided_role, decided_at,
 *   note, answer_due|None)] */
static PyObject *contract_disagreements(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    const char *cur = clm_contract_currency(c);
    size_t n = clm_contract_disagreement_count(c);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_contract_disagreement_record r;
        clm_date due = CLM_OFFER_NO_DATE;
        int rc = clm_contract_disagreement_at(&r, c, i);
        if (!rc)
            rc = clm_contract_answer_due(&due, c, i);
        PyObject *line = rc ? NULL : r.line == CLM_CONTRACT_NO_LINE ? Py_NewRef(Py_None)
                                                                    : PyLong_FromSize_t(r.line);
        PyObject *t = rc ? clmpy_raise(rc)
                    : line ? Py_BuildValue("(zNzsNNzNNzzLzN)", r.clause, line, r.draft, r.client,
                                           opt_figure(r.has_figure, r.figure, cur),
                                           opt_date(r.received_on), r.answer,
                                           opt_figure(r.has_answer_figure, r.answer_figure, cur),
                                           name_of(V_SETTLEMENT, r.settlement), r.decided_by,
                                           r.decided_role, (long long)r.decided_at, r.note,
                                           opt_date(due))
                           : NULL;
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

static PyObject *contract_protocol(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = clm_contract_protocol_text(&text, &len, c);
    return take_text(rc, text, len, 1);
}

/* add_special(contract, actor, kind, text, days, rate ppm) */
static PyObject *contract_add_special(PyObject *self, PyObject *args)
{
    clm_contract *c;
    clm_actor who;
    clm_contract_special sp;
    clm_contract_special_init(&sp);
    int days;
    long long rate;
    if (!PyArg_ParseTuple(args, "O&O&O&siL", contract_arg, &c, clmpy_actor_arg, &who, special_arg,
                          &sp.kind, &sp.text, &days, &rate))
        return NULL;
    sp.days = days;
    sp.rate = rate;
    CHECK(clm_contract_add_special(c, &who, &sp));
    Py_RETURN_NONE;
}

/* [(kind, text, days, rate ppm)] */
static PyObject *contract_specials(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    size_t n = clm_contract_special_count(c);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_contract_special sp;
        int rc = clm_contract_special_at(&sp, c, i);
        PyObject *t = rc ? clmpy_raise(rc)
                         : Py_BuildValue("(NziL)", name_of(V_SPECIAL, sp.kind), sp.text,
                                         (int)sp.days, (long long)sp.rate);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

/* act(contract, actor, what, arg): the acts taking nothing or one value. */
static PyObject *contract_act(PyObject *self, PyObject *args)
{
    clm_contract *c;
    clm_actor who;
    const char *what;
    PyObject *arg = Py_None;
    if (!PyArg_ParseTuple(args, "O&O&s|O", contract_arg, &c, clmpy_actor_arg, &who, &what, &arg))
        return NULL;
    int rc;
    if (strcmp(what, "agree") == 0) {
        rc = clm_contract_agree(c, &who);
    } else if (strcmp(what, "start") == 0) {
        rc = clm_contract_start(c, &who);
    } else if (strcmp(what, "complete") == 0) {
        rc = clm_contract_complete(c, &who);
    } else if (strcmp(what, "conclude") == 0) {
        clm_date on;
        if (clmpy_date_from_py(arg, &on) < 0)
            return NULL;
        rc = clm_contract_conclude(c, &who, on);
    } else if (strcmp(what, "invoice") == 0) {
        int64_t amount;
        if (clmpy_minor_from_py(arg, clm_contract_currency(c), 0, 0, &amount) < 0)
            return NULL;
        rc = clm_contract_invoice(c, &who, amount);
    } else if (strcmp(what, "terminate") == 0) {
        const char *note;
        if (clmpy_opt_text(arg, &note) < 0)
            return NULL;
        rc = clm_contract_terminate(c, &who, note);
    } else {
        PyErr_Format(PyExc_ValueError, "no contract act %s", what);
        return NULL;
    }
    CHECK(rc);
    Py_RETURN_NONE;
}

static PyObject *contract_renew(PyObject *self, PyObject *args)
{
    clm_contract *c;
    const char *id;
    clm_actor who;
    if (!PyArg_ParseTuple(args, "O&sO&", contract_arg, &c, &id, clmpy_actor_arg, &who))
        return NULL;
    clm_contract *n;
    CHECK(clm_contract_renew(&n, c, id, &who));
    return contract_wrap(n);
}

/* [(at, user, role, action, from, to, note)] */
static PyObject *contract_events(PyObject *self, PyObject *args)
{
    clm_contract *c;
    if (!PyArg_ParseTuple(args, "O&", contract_arg, &c))
        return NULL;
    size_t n = clm_contract_event_count(c);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_contract_event e;
        int rc = clm_contract_event_at(&e, c, i);
        PyObject *t = rc ? clmpy_raise(rc)
                         : Py_BuildValue("(LzzsNNz)", (long long)e.at, e.user, e.role, e.action,
                                         name_of(V_CSTATE, e.from), name_of(V_CSTATE, e.to),
                                         e.note);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

static PyObject *contract_equal(PyObject *self, PyObject *args)
{
    clm_contract *a, *b;
    if (!PyArg_ParseTuple(args, "O&O&", contract_arg, &a, contract_arg, &b))
        return NULL;
    return PyBool_FromLong(clm_contract_equal(a, b));
}

/* exposure([contract handles], client_id, currency) -> minor units
 * (clm_contract_exposure) */
static PyObject *contract_exposure(PyObject *self, PyObject *args)
{
    PyObject *seq;
    const char *client, *currency;
    if (!PyArg_ParseTuple(args, "Oss", &seq, &client, &currency))
        return NULL;
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of contracts");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    const clm_contract **cs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *cs);
    if (!cs) {
        Py_DECREF(fast);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(cs[i] = clmpy_handle_get(PySequence_Fast_GET_ITEM(fast, i), "contract"))) {
            PyMem_Free(cs);
            Py_DECREF(fast);
            return NULL;
        }
    int64_t out = 0;
    int rc = clm_contract_exposure(&out, (const clm_contract *const *)cs, (size_t)n, client,
                                   currency);
    PyMem_Free(cs);
    Py_DECREF(fast);
    CHECK(rc);
    return PyLong_FromLongLong(out);
}

/* store_exposure(store, currency, client_id, as_of) -> (receivables, overdue,
 *  max_days_overdue, orders, unapplied): the ledger's and the contracts'. */
static PyObject *contract_store_exposure(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *currency, *client;
    clm_date on;
    if (!PyArg_ParseTuple(args, "O&ssO&", clmpy_store_arg, &s, &currency, &client,
                          clmpy_date_arg, &on))
        return NULL;
    clm_credit_exposure e;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_contract_store_exposure(&e, s.st, currency, client, on));
    CHECK(rc);
    return Py_BuildValue("(NNiNN)", clmpy_money_of(e.receivables, currency),
                         clmpy_money_of(e.overdue, currency), (int)e.max_days_overdue,
                         clmpy_money_of(e.orders, currency), clmpy_money_of(e.unapplied, currency));
}

PyMethodDef clmpy_offer_methods[] = {
    {"offer_vocab_names", vocab_names, METH_VARARGS, NULL},
    {"offer_new", offer_new, METH_VARARGS, NULL},
    {"offer_get", offer_get, METH_VARARGS, NULL},
    {"offer_set_terms", offer_set_terms, METH_VARARGS, NULL},
    {"offer_add_line", offer_add_line, METH_VARARGS, NULL},
    {"offer_remove_line", offer_remove_line, METH_VARARGS, NULL},
    {"offer_lines", offer_lines, METH_VARARGS, NULL},
    {"offer_price", offer_price, METH_VARARGS, NULL},
    {"offer_line_prices", offer_line_prices, METH_VARARGS, NULL},
    {"offer_totals", offer_totals, METH_VARARGS, NULL},
    {"offer_trace", offer_trace, METH_VARARGS, NULL},
    {"offer_pricing_info", offer_pricing_info, METH_VARARGS, NULL},
    {"offer_role_suffices", offer_role_suffices, METH_VARARGS, NULL},
    {"offer_credit_compute", offer_credit_compute, METH_VARARGS, NULL},
    {"offer_credit_records", offer_credit_records, METH_VARARGS, NULL},
    {"offer_credit_override", offer_credit_override, METH_VARARGS, NULL},
    {"offer_submit", offer_submit, METH_VARARGS, NULL},
    {"offer_approve", offer_approve, METH_VARARGS, NULL},
    {"offer_refuse", offer_refuse, METH_VARARGS, NULL},
    {"offer_send", offer_send, METH_VARARGS, NULL},
    {"offer_receive", offer_receive, METH_VARARGS, NULL},
    {"offer_withdraw", offer_withdraw, METH_VARARGS, NULL},
    {"offer_withdrawn_before_binding", offer_withdrawn_before_binding, METH_VARARGS, NULL},
    {"offer_expire", offer_expire, METH_VARARGS, NULL},
    {"offer_judge", offer_judge, METH_VARARGS, NULL},
    {"offer_accept", offer_accept, METH_VARARGS, NULL},
    {"offer_reject", offer_reject, METH_VARARGS, NULL},
    {"offer_counter_draft", offer_counter_draft, METH_VARARGS, NULL},
    {"offer_counter", offer_counter, METH_VARARGS, NULL},
    {"offer_new_version", offer_new_version, METH_VARARGS, NULL},
    {"offer_events", offer_events, METH_VARARGS, NULL},
    {"offer_dup", offer_dup, METH_VARARGS, NULL},
    {"offer_equal", offer_equal, METH_VARARGS, NULL},
    {"offer_save_xml", offer_save_xml, METH_VARARGS, NULL},
    {"offer_document", offer_document, METH_VARARGS, NULL},
    {"offer_load_xml", load_xml, METH_VARARGS, NULL},
    {"offer_load_file", load_file, METH_VARARGS, NULL},
    {"offer_store_save", offer_store_save, METH_VARARGS, NULL},
    {"offer_store_load", offer_store_load, METH_VARARGS, NULL},
    {"offer_store_list", offer_store_list, METH_VARARGS, NULL},
    {"offer_store_expiring", offer_store_expiring, METH_VARARGS, NULL},
    {"offer_store_conversion", offer_store_conversion, METH_VARARGS, NULL},
    {"contract_from_offer", contract_from_offer, METH_VARARGS, NULL},
    {"contract_get", contract_get, METH_VARARGS, NULL},
    {"contract_offer", contract_offer, METH_VARARGS, NULL},
    {"contract_amounts", contract_amounts, METH_VARARGS, NULL},
    {"contract_dispute", contract_dispute, METH_VARARGS, NULL},
    {"contract_answer", contract_answer, METH_VARARGS, NULL},
    {"contract_settle", contract_settle, METH_VARARGS, NULL},
    {"contract_disagreements", contract_disagreements, METH_VARARGS, NULL},
    {"contract_protocol", contract_protocol, METH_VARARGS, NULL},
    {"contract_add_special", contract_add_special, METH_VARARGS, NULL},
    {"contract_specials", contract_specials, METH_VARARGS, NULL},
    {"contract_act", contract_act, METH_VARARGS, NULL},
    {"contract_renew", contract_renew, METH_VARARGS, NULL},
    {"contract_events", contract_events, METH_VARARGS, NULL},
    {"contract_equal", contract_equal, METH_VARARGS, NULL},
    {"contract_save_xml", contract_save_xml, METH_VARARGS, NULL},
    {"contract_document", contract_document, METH_VARARGS, NULL},
    {"contract_store_save", contract_store_save, METH_VARARGS, NULL},
    {"contract_store_load", contract_store_load, METH_VARARGS, NULL},
    {"contract_store_list", contract_store_list, METH_VARARGS, NULL},
    {"contract_exposure", contract_exposure, METH_VARARGS, NULL},
    {"contract_store_exposure", contract_store_exposure, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
