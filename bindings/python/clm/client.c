/*
 * client.c — client records (lifecycle, fields, persons, categories,
 * history, validation) and their storage (clm/client_store.h).
 */
#include "clmpy.h"

#include <stdlib.h>

#define CHECK(rc) do { int rc_ = (rc); if (rc_) return clmpy_raise(rc_); } while (0)

static void client_destroy(void *p) { clm_client_free(p); }

static PyObject *client_wrap(clm_client *c)
{
    return clmpy_handle_new(c, client_destroy, "client", NULL, 0);
}


/* ---- life ---------------------------------------------------------------- */

static PyObject *client_new(PyObject *self, PyObject *args)
{
    clm_actor a;
    PyObject *actor;
    const char *id, *name;
    int type;
    if (!PyArg_ParseTuple(args, "Osis", &actor, &id, &type, &name) || clmpy_actor_arg(actor, &a) == 0)
        return NULL;
    clm_client *c;
    CHECK(clm_client_new(&c, &a, id, (clm_legal_type)type, name));
    return client_wrap(c);
}

static PyObject *client_dup(PyObject *self, PyObject *args)
{
    clm_client *c, *copy;
    if (!PyArg_ParseTuple(args, "O&", clmpy_client_arg, &c))
        return NULL;
    CHECK(clm_client_dup(&copy, c));
    return client_wrap(copy);
}

static PyObject *client_equal(PyObject *self, PyObject *args)
{
    clm_client *a, *b;
    if (!PyArg_ParseTuple(args, "O&O&", clmpy_client_arg, &a, clmpy_client_arg, &b))
        return NULL;
    return PyBool_FromLong(clm_client_equal(a, b));
}

/* Everything a client holds, as plain values:
 * (id, legal_type, state, source, manager, lost_to, stored_version,
 *  {text name: value}, {date name: date}, {flag name: bool}, [categories],
 *  [(country, kind, value)], [(name, position, phone, email)],
 *  decision maker index|None) */
static PyObject *client_get(PyObject *self, PyObject *args)
{
    clm_client *c;
    if (!PyArg_ParseTuple(args, "O&", clmpy_client_arg, &c))
        return NULL;
    PyObject *texts = PyDict_New(), *dates = PyDict_New(), *flags = PyDict_New();
    PyObject *cats = PyList_New(0), *ids = PyList_New(0), *persons = PyList_New(0);
    PyObject *res = NULL;
    if (!texts || !dates || !flags || !cats || !ids || !persons)
        goto out;
    for (int f = CLM_CLIENT_NAME; f <= CLM_CLIENT_NOTES; f++) {
        const char *v = clm_client_text_get(c, (clm_client_text)f);
        PyObject *s = clmpy_text_or_none(v);
        if (!s || PyDict_SetItemString(texts, clm_client_text_name((clm_client_text)f), s) < 0) {
            Py_XDECREF(s);
            goto out;
        }
        Py_DECREF(s);
    }
    for (int f = CLM_CLIENT_FIRST_CONTACT; f <= CLM_CLIENT_LAST_PURCHASE; f++) {
        clm_date d = clm_client_date_get(c, (clm_client_date_field)f);
        PyObject *v = d == CLM_CLIENT_NO_DATE ? Py_NewRef(Py_None) : clmpy_date_to_py(d);
        if (!v || PyDict_SetItemString(dates, clm_client_date_name((clm_client_date_field)f), v) < 0) {
            Py_XDECREF(v);
            goto out;
        }
        Py_DECREF(v);
    }
    for (int f = CLM_CLIENT_DEBTOR; f <= CLM_CLIENT_PRIVILEGED; f++) {
        if (PyDict_SetItemString(flags, clm_client_flag_name((clm_client_flag)f),
                                 clm_client_flag_get(c, (clm_client_flag)f) ? Py_True : Py_False) < 0)
            goto out;
    }
    for (size_t i = 0; i < clm_client_category_count(c); i++) {
        PyObject *s = PyUnicode_FromString(clm_client_category_at(c, i));
        if (!s || PyList_Append(cats, s) < 0) {
            Py_XDECREF(s);
            goto out;
        }
        Py_DECREF(s);
    }
    for (size_t i = 0; i < clm_client_taxid_count(c); i++) {
        const char *country, *kind, *value;
        if (clm_client_taxid_at(&country, &kind, &value, c, i) != 0)
            continue;
        PyObject *t = Py_BuildValue("(sss)", country, kind, value);
        if (!t || PyList_Append(ids, t) < 0) {
            Py_XDECREF(t);
            goto out;
        }
        Py_DECREF(t);
    }
    for (size_t i = 0; i < clm_client_person_count(c); i++) {
        clm_client_person p;
        clm_client_person_init(&p);
        if (clm_client_person_at(&p, c, i) != 0)
            continue;
        PyObject *t = Py_BuildValue("(szzz)", p.name, p.position, p.phone, p.email);
        if (!t || PyList_Append(persons, t) < 0) {
            Py_XDECREF(t);
            goto out;
        }
        Py_DECREF(t);
    }
    size_t dm = clm_client_decision_maker(c);
    PyObject *dmo = dm == CLM_CLIENT_NO_PERSON ? Py_NewRef(Py_None) : PyLong_FromSize_t(dm);
    res = Py_BuildValue("(siiiNNLOOOOOON)", clm_client_id(c), (int)clm_client_legal_type(c),
                        (int)clm_client_state_get(c), (int)clm_client_source(c),
                        clmpy_text_or_none(clm_client_manager(c)), clmpy_text_or_none(clm_client_lost_to(c)),
                        (long long)clm_client_stored_version(c), texts, dates, flags, cats, ids,
                        persons, dmo);
out:
    Py_XDECREF(texts);
    Py_XDECREF(dates);
    Py_XDECREF(flags);
    Py_XDECREF(cats);
    Py_XDECREF(ids);
    Py_XDECREF(persons);
    return res;
}

/* ---- changes ------------------------------------------------------------- */

static PyObject *client_set_text(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    int f;
    const char *v;
    if (!PyArg_ParseTuple(args, "O&O&iO&", clmpy_client_arg, &c, clmpy_actor_arg, &a, &f, clmpy_text_arg, &v))
        return NULL;
    CHECK(clm_client_set_text(c, &a, (clm_client_text)f, v));
    Py_RETURN_NONE;
}

static PyObject *client_set_date(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    int f;
    PyObject *d;
    if (!PyArg_ParseTuple(args, "O&O&iO", clmpy_client_arg, &c, clmpy_actor_arg, &a, &f, &d))
        return NULL;
    clm_date day = CLM_CLIENT_NO_DATE;
    if (d != Py_None && clmpy_date_from_py(d, &day) < 0)
        return NULL;
    CHECK(clm_client_set_date(c, &a, (clm_client_date_field)f, day));
    Py_RETURN_NONE;
}

static PyObject *client_set_flag(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    int f, v;
    if (!PyArg_ParseTuple(args, "O&O&ip", clmpy_client_arg, &c, clmpy_actor_arg, &a, &f, &v))
        return NULL;
    CHECK(clm_client_set_flag(c, &a, (clm_client_flag)f, v != 0));
    Py_RETURN_NONE;
}

static PyObject *client_set_source(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    int ch;
    if (!PyArg_ParseTuple(args, "O&O&i", clmpy_client_arg, &c, clmpy_actor_arg, &a, &ch))
        return NULL;
    CHECK(clm_client_set_source(c, &a, (clm_source_channel)ch));
    Py_RETURN_NONE;
}

static PyObject *client_set_legal_type(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    int t;
    if (!PyArg_ParseTuple(args, "O&O&i", clmpy_client_arg, &c, clmpy_actor_arg, &a, &t))
        return NULL;
    CHECK(clm_client_set_legal_type(c, &a, (clm_legal_type)t));
    Py_RETURN_NONE;
}

static PyObject *client_set_state(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    int s;
    const char *lost_to = NULL;
    if (!PyArg_ParseTuple(args, "O&O&i|O&", clmpy_client_arg, &c, clmpy_actor_arg, &a, &s, clmpy_text_arg, &lost_to))
        return NULL;
    CHECK(clm_client_set_state(c, &a, (clm_client_state)s, lost_to));
    Py_RETURN_NONE;
}

static PyObject *client_reassign(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    const char *m;
    if (!PyArg_ParseTuple(args, "O&O&O&", clmpy_client_arg, &c, clmpy_actor_arg, &a, clmpy_text_arg, &m))
        return NULL;
    CHECK(clm_client_reassign(c, &a, m));
    Py_RETURN_NONE;
}

static PyObject *client_set_taxid(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    const char *country, *kind, *value;
    if (!PyArg_ParseTuple(args, "O&O&ssO&", clmpy_client_arg, &c, clmpy_actor_arg, &a, &country, &kind,
                          clmpy_text_arg, &value))
        return NULL;
    CHECK(clm_client_set_taxid(c, &a, NULL, country, kind, value));
    Py_RETURN_NONE;
}

static PyObject *client_person_add(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    clm_client_person p;
    clm_client_person_init(&p);
    if (!PyArg_ParseTuple(args, "O&O&sO&O&O&", clmpy_client_arg, &c, clmpy_actor_arg, &a, &p.name,
                          clmpy_text_arg, &p.position, clmpy_text_arg, &p.phone, clmpy_text_arg, &p.email))
        return NULL;
    CHECK(clm_client_person_add(c, &a, &p));
    Py_RETURN_NONE;
}

static PyObject *client_set_decision_maker(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "O&O&n", clmpy_client_arg, &c, clmpy_actor_arg, &a, &i))
        return NULL;
    CHECK(clm_client_set_decision_maker(c, &a, i < 0 ? CLM_CLIENT_NO_PERSON : (size_t)i));
    Py_RETURN_NONE;
}

static PyObject *client_category(PyObject *self, PyObject *args)
{
    clm_client *c;
    clm_actor a;
    const char *cat, *reason = NULL;
    int adding;
    if (!PyArg_ParseTuple(args, "O&O&psO&", clmpy_client_arg, &c, clmpy_actor_arg, &a, &adding, &cat,
                          clmpy_text_arg, &reason))
        return NULL;
    if (adding)
        CHECK(clm_client_category_add(c, &a, cat, reason, NULL));
    else
        CHECK(clm_client_category_remove(c, &a, cat, reason, NULL));
    Py_RETURN_NONE;
}

static PyObject *client_history(PyObject *self, PyObject *args)
{
    clm_client *c;
    if (!PyArg_ParseTuple(args, "O&", clmpy_client_arg, &c))
        return NULL;
    size_t n = clm_client_history_count(c);
    PyObject *res = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; res && i < n; i++) {
        clm_client_change ch;
        int rc = clm_client_history_at(&ch, c, i);
        PyObject *t = rc ? clmpy_raise(rc)
                         : Py_BuildValue("(zzLzzzz)", ch.user, ch.role, (long long)ch.at, ch.field,
                                         ch.old_value, ch.new_value, ch.reason);
        if (!t) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, t);
    }
    return res;
}

static PyObject *client_validate(PyObject *self, PyObject *args)
{
    clm_client *c;
    const char *home = "RU";
    int require_contact = 1;
    if (!PyArg_ParseTuple(args, "O&O&p", clmpy_client_arg, &c, clmpy_text_arg, &home, &require_contact))
        return NULL;
    clm_client_validate_options o;
    clm_client_validate_options_init(&o);
    o.home_country = home;
    o.require_contact = require_contact;
    CHECK(clm_client_validate(c, &o));
    Py_RETURN_NONE;
}

static PyObject *client_is_inactive(PyObject *self, PyObject *args)
{
    clm_client *c;
    PyObject *on;
    int days;
    if (!PyArg_ParseTuple(args, "O&Oi", clmpy_client_arg, &c, &on, &days))
        return NULL;
    clm_date d;
    if (clmpy_date_from_py(on, &d) < 0)
        return NULL;
    int out;
    CHECK(clm_client_is_inactive(&out, c, d, days));
    return PyBool_FromLong(out);
}

static PyObject *client_state_allowed(PyObject *self, PyObject *args)
{
    int from, to;
    if (!PyArg_ParseTuple(args, "ii", &from, &to))
        return NULL;
    return PyBool_FromLong(clm_client_state_allowed((clm_client_state)from, (clm_client_state)to));
}

/* ---- storage ------------------------------------------------------------- */

static PyObject *client_store_save(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_client *c;
    clm_actor a;
    const char *note = NULL;
    if (!PyArg_ParseTuple(args, "O&O&O&|O&", clmpy_store_arg, &s, clmpy_client_arg, &c, clmpy_actor_arg, &a,
                          clmpy_text_arg, &note))
        return NULL;
    int64_t v = 0;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_client_store_save(&v, s.st, c, &a, note));
    CHECK(rc);
    return PyLong_FromLongLong(v);
}

static PyObject *client_store_load(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *id;
    if (!PyArg_ParseTuple(args, "O&s", clmpy_store_arg, &s, &id))
        return NULL;
    clm_client *c = NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_client_store_load(&c, s.st, id));
    CHECK(rc);
    return client_wrap(c);
}

static PyObject *client_store_delete(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_actor a;
    const char *id, *note = NULL;
    long long version;
    if (!PyArg_ParseTuple(args, "O&O&sL|O&", clmpy_store_arg, &s, clmpy_actor_arg, &a, &id, &version,
                          clmpy_text_arg, &note))
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_client_store_delete(s.st, &a, id, version, note));
    CHECK(rc);
    Py_RETURN_NONE;
}

typedef struct client_list {
    clm_client **items;
    size_t n, cap;
    int oom;
} client_list;

static int collect_client(const clm_client *c, void *payload)
{
    client_list *l = payload;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        clm_client **p = realloc(l->items, cap * sizeof *p);
        if (!p) {
            l->oom = 1;
            return 1;
        }
        l->items = p;
        l->cap = cap;
    }
    if (clm_client_dup(&l->items[l->n], c) != 0) {
        l->oom = 1;
        return 1;
    }
    l->n++;
    return 0;
}

static PyObject *client_store_scan(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *manager = NULL, *category = NULL;
    int state = 0;
    if (!PyArg_ParseTuple(args, "O&O&iO&", clmpy_store_arg, &s, clmpy_text_arg, &manager, &state,
                          clmpy_text_arg, &category))
        return NULL;
    clm_client_filter f;
    clm_client_filter_init(&f);
    f.manager = manager;
    f.state = (clm_client_state)state;
    f.category = category;
    client_list l = {0};
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_client_store_scan(s.st, &f, collect_client, &l));
    PyObject *res = NULL;
    if (l.oom)
        PyErr_NoMemory();
    else if (rc)
        clmpy_raise(rc);
    else
        res = PyList_New((Py_ssize_t)l.n);
    size_t i = 0;
    for (; res && i < l.n; i++) {
        PyObject *h = client_wrap(l.items[i]);
        if (!h) {
            Py_CLEAR(res);
            i++;
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, h);
    }
    for (; i < l.n; i++)
        clm_client_free(l.items[i]);
    free(l.items);
    return res;
}

/* ---- the contact log ------------------------------------------------------ */

/* A clm.ContactEntry (names for direction and channel) into a C entry whose
 * strings stay owned by the object's attributes (kept in `keep`). */
static int entry_from_py(PyObject *o, clm_contact_entry *e, PyObject *keep)
{
    clm_contact_entry_init(e);
    static const char *const texts[] = {"client_id", "manager", "purpose", "result", "next_action",
                                        "direction", "channel"};
    const char *v[7];
    for (int i = 0; i < 7; i++) {
        PyObject *x = PyObject_GetAttrString(o, texts[i]);
        if (!x)
            return -1;
        int rc = PyList_Append(keep, x);
        Py_DECREF(x);
        if (rc < 0 || clmpy_opt_text(x, &v[i]) < 0)
            return -1;
    }
    e->client_id = v[0];
    e->manager = v[1];
    e->purpose = v[2];
    e->result = v[3];
    e->next_action = v[4];
    int rc = clm_contact_direction_from_name(&e->direction, v[5] ? v[5] : "");
    if (rc == 0)
        rc = clm_contact_channel_from_name(&e->channel, v[6] ? v[6] : "");
    if (rc) {
        clmpy_raise(rc);
        return -1;
    }
    PyObject *at = PyObject_GetAttrString(o, "_clm_seconds");
    PyObject *due = at ? PyObject_GetAttrString(o, "next_due") : NULL;
    int ok = due != NULL;
    if (ok) {
        e->at = PyLong_AsLongLong(at);
        ok = !PyErr_Occurred() && (due == Py_None || clmpy_date_from_py(due, &e->next_due) == 0);
    }
    Py_XDECREF(at);
    Py_XDECREF(due);
    return ok ? 0 : -1;
}

static PyObject *contact_save(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    clm_actor a;
    const char *id, *note = NULL;
    long long version;
    PyObject *entry;
    if (!PyArg_ParseTuple(args, "O&O&sLO|O&", clmpy_store_arg, &s, clmpy_actor_arg, &a, &id, &version,
                          &entry, clmpy_text_arg, &note))
        return NULL;
    PyObject *keep = PyList_New(0);
    if (!keep)
        return NULL;
    clm_contact_entry e;
    if (entry_from_py(entry, &e, keep) < 0) {
        Py_DECREF(keep);
        return NULL;
    }
    int64_t v = 0;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_contact_store_save(&v, s.st, &a, id, version, &e, note));
    Py_DECREF(keep);
    CHECK(rc);
    return PyLong_FromLongLong(v);
}

static int collect_entry(const char *id, int64_t version, const clm_contact_entry *e, void *payload)
{
    PyObject *list = payload;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *due = e->next_due == CLM_CONTACT_NO_DATE ? Py_NewRef(Py_None) : clmpy_date_to_py(e->next_due);
    PyObject *t = due ? Py_BuildValue("(sLssLsszzzN)", id, (long long)version,
                                      clm_contact_direction_name(e->direction),
                                      clm_contact_channel_name(e->channel), (long long)e->at,
                                      e->client_id, e->manager, e->purpose, e->result,
                                      e->next_action, due) : NULL;
    int rc = t ? PyList_Append(list, t) : -1;
    Py_XDECREF(t);
    PyGILState_Release(g);
    return rc < 0 ? CLM_ENOMEM : 0;
}

static PyObject *contact_scan(PyObject *self, PyObject *args)
{
    clmpy_store_ref s;
    const char *client = NULL, *manager = NULL;
    PyObject *from, *to;
    if (!PyArg_ParseTuple(args, "O&O&O&OO", clmpy_store_arg, &s, clmpy_text_arg, &client, clmpy_text_arg, &manager,
                          &from, &to))
        return NULL;
    clm_contact_filter f;
    clm_contact_filter_init(&f);
    f.client_id = client;
    f.manager = manager;
    if ((from != Py_None && clmpy_date_from_py(from, &f.due_from) < 0) ||
        (to != Py_None && clmpy_date_from_py(to, &f.due_to) < 0))
        return NULL;
    PyObject *list = PyList_New(0);
    if (!list)
        return NULL;
    int rc;
    CLMPY_STORE_CALL(s, rc, clm_contact_store_scan(s.st, &f, collect_entry, list));
    if (rc || PyErr_Occurred()) {
        Py_DECREF(list);
        return clmpy_raise(rc ? rc : CLM_ENOMEM);
    }
    return list;
}

PyMethodDef clmpy_client_methods[] = {
    {"contact_save", contact_save, METH_VARARGS, NULL},
    {"contact_scan", contact_scan, METH_VARARGS, NULL},
    {"client_new", client_new, METH_VARARGS, NULL},
    {"client_dup", client_dup, METH_VARARGS, NULL},
    {"client_equal", client_equal, METH_VARARGS, NULL},
    {"client_get", client_get, METH_VARARGS, NULL},
    {"client_set_text", client_set_text, METH_VARARGS, NULL},
    {"client_set_date", client_set_date, METH_VARARGS, NULL},
    {"client_set_flag", client_set_flag, METH_VARARGS, NULL},
    {"client_set_source", client_set_source, METH_VARARGS, NULL},
    {"client_set_legal_type", client_set_legal_type, METH_VARARGS, NULL},
    {"client_set_state", client_set_state, METH_VARARGS, NULL},
    {"client_reassign", client_reassign, METH_VARARGS, NULL},
    {"client_set_taxid", client_set_taxid, METH_VARARGS, NULL},
    {"client_person_add", client_person_add, METH_VARARGS, NULL},
    {"client_set_decision_maker", client_set_decision_maker, METH_VARARGS, NULL},
    {"client_category", client_category, METH_VARARGS, NULL},
    {"client_history", client_history, METH_VARARGS, NULL},
    {"client_validate", client_validate, METH_VARARGS, NULL},
    {"client_is_inactive", client_is_inactive, METH_VARARGS, NULL},
    {"client_state_allowed", client_state_allowed, METH_VARARGS, NULL},
    {"client_store_save", client_store_save, METH_VARARGS, NULL},
    {"client_store_load", client_store_load, METH_VARARGS, NULL},
    {"client_store_delete", client_store_delete, METH_VARARGS, NULL},
    {"client_store_scan", client_store_scan, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
