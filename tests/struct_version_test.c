/*
 * struct_version_test.c — every caller-filled struct with a `version` field
 * accepts the versions 1..current and refuses 0 and current + 1 with
 * CLM_EVERSION naming the field "version" (clm/common.h, "Versioned
 * structs"). Each struct is checked through the public call that reads it.
 *
 * Structs covered (one test each): clm_allocator, clm_xml_options (calendar,
 * category policy and discount policy loaders, from memory and from a file),
 * clm_category_facts, clm_store_backend (init and clm_store_new),
 * clm_store_sqlite_options, clm_store_filter, clm_audit_filter,
 * clm_client_filter, clm_contact_filter, clm_contact_entry,
 * clm_client_validate_options, clm_client_person, clm_followup_rule,
 * clm_due_query, clm_abc_options, clm_xyz_options,
 * clm_discount_validate_options, clm_discount_document,
 * clm_discount_eval_options, clm_contract_info, clm_contract_disagreement,
 * clm_contract_special, and clm_xml_options through the offer and
 * contract loaders; clm_format_options, clm_rfm_options, clm_todo_query,
 * clm_credit_sales_query.
 *
 * Every struct is at version 1 today, so "older than current" is empty for
 * now; the loop below runs over 1..current and covers older versions as
 * soon as a struct grows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "clm/sys/store_backend.h"
#include "discount_support.h"
#include "offer_fixture.h"

typedef int (*call_fn)(void *ctx);

/* Runs `call` with *version at 0, current + 1 (both CLM_EVERSION naming
 * "version") and every version 1..current (all succeed). */
static void versions(const char *what, unsigned *version, unsigned current, call_fn call,
                     void *ctx)
{
    const unsigned bad[2] = { 0, current + 1 };
    for (int i = 0; i < 2; i++) {
        *version = bad[i];
        int rc = call(ctx);
        if (rc != CLM_EVERSION)
            fail_msg("%s: version %u gave %d, want CLM_EVERSION (%s)", what, bad[i], rc,
                     clm_error_last()->message);
        assert_non_null(clm_error_last()->field);
        assert_string_equal(clm_error_last()->field, "version");
    }
    for (unsigned v = 1; v <= current; v++) {
        *version = v;
        int rc = call(ctx);
        if (rc != 0)
            fail_msg("%s: version %u gave %d, want 0 (%s)", what, v, rc, clm_error_last()->message);
    }
    *version = current;
}

static const char *source_path(const char *rel)
{
    const char *root = getenv("CLM_SOURCE_ROOT");
    if (root == NULL)
        fail_msg("CLM_SOURCE_ROOT is not set (run through meson test)");
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    return path;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static const clm_actor MGR = { "ivanov", "manager", 1700000000 };

/* ---- core ------------------------------------------------------------- */

static void *t_malloc(size_t size, void *payload)
{
    (void)payload;
    return malloc(size);
}

static void *t_realloc(void *ptr, size_t size, void *payload)
{
    (void)payload;
    return realloc(ptr, size);
}

static void t_free(void *ptr, void *payload)
{
    (void)payload;
    free(ptr);
}

static int call_allocator(void *ctx)
{
    int rc = clm_allocator_set(ctx);
    clm_allocator_set(NULL);
    return rc;
}

static void test_allocator(void **state)
{
    (void)state;
    clm_allocator a = CLM_ALLOCATOR_INIT;
    a.malloc_fn = t_malloc;
    a.realloc_fn = t_realloc;
    a.free_fn = t_free;
    versions("clm_allocator", &a.version, CLM_ALLOCATOR_VERSION, call_allocator, &a);
}

/* ---- XML loaders ---------------------------------------------------------- */

typedef struct xml_ctx {
    clm_xml_options o;
    const char *buf;
    size_t len;
    const char *path;
    int which; /* 0 calendar, 1 category policy, 2 discount policy */
} xml_ctx;

static int call_xml(void *p)
{
    xml_ctx *x = p;
    int rc;
    if (x->which == 0) {
        clm_calendar *cal = NULL;
        rc = x->path != NULL ? clm_calendar_load_file(&cal, x->path, &x->o)
                             : clm_calendar_load_xml(&cal, x->buf, x->len, NULL, &x->o);
        clm_calendar_free(cal);
    } else if (x->which == 1) {
        clm_category_policy *pol = NULL;
        rc = x->path != NULL ? clm_category_policy_load_file(&pol, x->path, &x->o)
                             : clm_category_policy_load_xml(&pol, x->buf, x->len, NULL, &x->o);
        clm_category_policy_free(pol);
    } else {
        clm_discount_policy *pol = NULL;
        rc = x->path != NULL ? clm_discount_policy_load_file(&pol, x->path, &x->o)
                             : clm_discount_policy_load_xml(&pol, x->buf, x->len, NULL, &x->o);
        clm_discount_policy_free(pol);
    }
    return rc;
}

static void test_xml_options(void **state)
{
    (void)state;
    static const char *const files[3] = { "data/calendars/ru.xml", "examples/data/category-policy.xml",
                                          "examples/data/wholesale-policy.xml" };
    for (int which = 0; which < 3; which++) {
        xml_ctx x;
        memset(&x, 0, sizeof x);
        assert_int_equal(clm_xml_options_init(&x.o), 0);
        x.which = which;
        size_t len;
        char *buf = slurp(source_path(files[which]), &len);
        x.buf = buf;
        x.len = len;
        versions(files[which], &x.o.version, CLM_XML_OPTIONS_VERSION, call_xml, &x);
        free(buf);
        x.buf = NULL;
        x.path = source_path(files[which]);
        versions(files[which], &x.o.version, CLM_XML_OPTIONS_VERSION, call_xml, &x);
    }
}

/* ---- category --------------------------------------------------------- */

typedef struct facts_ctx {
    clm_category_policy *p;
    clm_category_facts f;
} facts_ctx;

static int call_facts(void *p)
{
    facts_ctx *c = p;
    uint32_t r[64];
    clm_date as_of;
    assert_int_equal(clm_date_from_ymd(&as_of, 2025, 12, 31), 0);
    return clm_category_policy_evaluate(r, sizeof r / sizeof r[0], c->p, &c->f, as_of);
}

static void test_category_facts(void **state)
{
    (void)state;
    facts_ctx c;
    assert_int_equal(clm_category_policy_new(&c.p, "versions", "RUB"), 0);
    c.f = (clm_category_facts)CLM_CATEGORY_FACTS_INIT;
    c.f.id = "C-1";
    memcpy(c.f.currency, "RUB", 4);
    versions("clm_category_facts", &c.f.version, CLM_CATEGORY_FACTS_VERSION, call_facts, &c);
    clm_category_policy_free(c.p);
}

/* ---- store ------------------------------------------------------------ */

static int call_backend_init(void *p)
{
    unsigned *v = p;
    clm_store_backend b;
    return clm_store_backend_init(&b, *v);
}

static void test_store_backend_init(void **state)
{
    (void)state;
    unsigned v = CLM_STORE_BACKEND_VERSION;
    versions("clm_store_backend_init", &v, CLM_STORE_BACKEND_VERSION, call_backend_init, &v);
}

typedef struct sqlite_ctx {
    clm_store_sqlite_options o;
    char path[64];
} sqlite_ctx;

static int call_sqlite(void *p)
{
    sqlite_ctx *c = p;
    clm_store *st = NULL;
    int rc = clm_store_open_sqlite(&st, c->path, &c->o);
    clm_store_free(st);
    return rc;
}

static void test_sqlite_options(void **state)
{
    (void)state;
    sqlite_ctx c;
    assert_int_equal(clm_store_sqlite_options_init(&c.o), 0);
    snprintf(c.path, sizeof c.path, ":memory:");
    clm_store *probe = NULL;
    int rc = clm_store_open_sqlite(&probe, c.path, &c.o);
    clm_store_free(probe);
    if (rc == CLM_ENOTSUP)
        skip();
    versions("clm_store_sqlite_options", &c.o.version, CLM_STORE_SQLITE_OPTIONS_VERSION, call_sqlite,
             &c);
}

static int never_record(const clm_record *r, void *payload)
{
    (void)r;
    (void)payload;
    return 0;
}

static int never_audit(const clm_audit_entry *e, void *payload)
{
    (void)e;
    (void)payload;
    return 0;
}

static int never_client(const clm_client *c, void *payload)
{
    (void)c;
    (void)payload;
    return 0;
}

static int never_contact(const char *id, int64_t version, const clm_contact_entry *e, void *payload)
{
    (void)id;
    (void)version;
    (void)e;
    (void)payload;
    return 0;
}

typedef struct filter_ctx {
    clm_store *st;
    clm_store_filter f;
    clm_audit_filter af;
    clm_client_filter cf;
    clm_contact_filter kf;
} filter_ctx;

static int call_store_filter(void *p)
{
    filter_ctx *c = p;
    return clm_store_scan(c->st, &c->f, never_record, NULL);
}

static int call_audit_filter(void *p)
{
    filter_ctx *c = p;
    return clm_store_audit_scan(c->st, &c->af, never_audit, NULL);
}

static int call_client_filter(void *p)
{
    filter_ctx *c = p;
    return clm_client_store_scan(c->st, &c->cf, never_client, NULL);
}

static int call_contact_filter(void *p)
{
    filter_ctx *c = p;
    return clm_contact_store_scan(c->st, &c->kf, never_contact, NULL);
}

static void test_store_filters(void **state)
{
    (void)state;
    filter_ctx c;
    assert_int_equal(clm_store_open_memory(&c.st), 0);
    c.f = (clm_store_filter)CLM_STORE_FILTER_INIT;
    c.f.kind = CLM_RECORD_CLIENT;
    c.af = (clm_audit_filter)CLM_AUDIT_FILTER_INIT;
    c.cf = (clm_client_filter)CLM_CLIENT_FILTER_INIT;
    c.kf = (clm_contact_filter)CLM_CONTACT_FILTER_INIT;
    versions("clm_store_filter", &c.f.version, CLM_STORE_FILTER_VERSION, call_store_filter, &c);
    versions("clm_audit_filter", &c.af.version, CLM_AUDIT_FILTER_VERSION, call_audit_filter, &c);
    versions("clm_client_filter", &c.cf.version, CLM_CLIENT_FILTER_VERSION, call_client_filter, &c);
    versions("clm_contact_filter", &c.kf.version, CLM_CONTACT_FILTER_VERSION, call_contact_filter, &c);
    clm_store_free(c.st);
}

/* A backend a caller filled itself: clm_store_new checks its version (old
 * backends keep working: clm/sys/store_backend.h). The memory backend's
 * callbacks are borrowed through a store opened for the purpose. */
typedef struct toy {
    clm_store_backend parent;
} toy;

static int toy_get(clm_record *out, clm_store_backend *b, clm_record_kind kind, const char *id)
{
    (void)out, (void)b, (void)kind, (void)id;
    return CLM_ENOTFOUND;
}

static int toy_put(int64_t *out, clm_store_backend *b, const clm_record *rec)
{
    (void)out, (void)b, (void)rec;
    return CLM_EIO;
}

static int toy_del(clm_store_backend *b, clm_record_kind k, const char *id, int64_t v)
{
    (void)b, (void)k, (void)id, (void)v;
    return CLM_EIO;
}

static int toy_scan(clm_store_backend *b, const clm_store_filter *f, clm_record_cb cb, void *p)
{
    (void)b, (void)f, (void)cb, (void)p;
    return 0;
}

static int toy_txn(clm_store_backend *b, unsigned int depth)
{
    (void)b, (void)depth;
    return 0;
}

static int toy_append(int64_t *out, clm_store_backend *b, const clm_audit_entry *e)
{
    (void)b, (void)e;
    *out = 1;
    return 0;
}

static int toy_audit_scan(clm_store_backend *b, const clm_audit_filter *f, clm_audit_cb cb, void *p)
{
    (void)b, (void)f, (void)cb, (void)p;
    return 0;
}

static void toy_free(clm_store_backend *b)
{
    (void)b;
}

static int call_store_new(void *p)
{
    toy *t = p;
    clm_store *st = NULL;
    int rc = clm_store_new(&st, &t->parent);
    if (rc == 0) {
        /* clm_store_free frees the backend through b->free; ours is static */
        clm_store_free(st);
    }
    return rc;
}

static void test_store_new(void **state)
{
    (void)state;
    toy t;
    assert_int_equal(clm_store_backend_init(&t.parent, CLM_STORE_BACKEND_VERSION), 0);
    t.parent.get = toy_get;
    t.parent.put = toy_put;
    t.parent.del = toy_del;
    t.parent.scan = toy_scan;
    t.parent.begin = toy_txn;
    t.parent.commit = toy_txn;
    t.parent.rollback = toy_txn;
    t.parent.audit_append = toy_append;
    t.parent.audit_scan = toy_audit_scan;
    t.parent.free = toy_free;
    versions("clm_store_backend", &t.parent.version, CLM_STORE_BACKEND_VERSION, call_store_new, &t);
}

/* ---- client ------------------------------------------------------------- */

static int call_contact_entry(void *p)
{
    return clm_contact_entry_check(p);
}

static void test_contact_entry(void **state)
{
    (void)state;
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    e.direction = CLM_CONTACT_OUTGOING;
    e.channel = CLM_CHANNEL_CALL;
    e.at = 1700000000;
    e.client_id = "c1";
    e.manager = "ivanov";
    versions("clm_contact_entry", &e.version, CLM_CONTACT_ENTRY_VERSION, call_contact_entry, &e);
}

typedef struct client_ctx {
    clm_client *c;
    clm_client_validate_options vo;
    clm_client_person person;
} client_ctx;

static int call_validate(void *p)
{
    client_ctx *c = p;
    return clm_client_validate(c->c, &c->vo);
}

static int call_person(void *p)
{
    client_ctx *c = p;
    clm_client *copy = NULL;
    assert_int_equal(clm_client_dup(&copy, c->c), 0);
    int rc = clm_client_person_add(copy, &MGR, &c->person);
    clm_client_free(copy);
    return rc;
}

static void test_client_structs(void **state)
{
    (void)state;
    client_ctx c;
    assert_int_equal(clm_client_new(&c.c, &MGR, "c1", CLM_INDIVIDUAL, "Ivan Petrov"), 0);
    assert_int_equal(clm_client_set_text(c.c, &MGR, CLM_CLIENT_PHONE, "+7 495 123-45-67"), 0);
    assert_int_equal(clm_client_validate_options_init(&c.vo), 0);
    if (clm_client_validate(c.c, &c.vo) != 0)
        fail_msg("the sample client is not valid: %s", clm_error_last()->message);
    versions("clm_client_validate_options", &c.vo.version, CLM_CLIENT_VALIDATE_OPTIONS_VERSION,
             call_validate, &c);
    c.person = (clm_client_person)CLM_CLIENT_PERSON_INIT;
    c.person.name = "Anna";
    versions("clm_client_person", &c.person.version, CLM_CLIENT_PERSON_VERSION, call_person, &c);
    clm_client_free(c.c);
}

typedef struct due_ctx {
    clm_contact_log *log;
    clm_due_query q;
    clm_followup_rule r;
    clm_contact_event ev;
} due_ctx;

static int call_due(void *p)
{
    due_ctx *c = p;
    clm_task_list *t = NULL;
    int rc = clm_contact_due(&t, c->log, &c->q);
    clm_task_list_free(t);
    return rc;
}

static void test_due_structs(void **state)
{
    (void)state;
    due_ctx c;
    assert_int_equal(clm_contact_log_new(&c.log), 0);
    assert_int_equal(clm_due_query_init(&c.q), 0);
    assert_int_equal(clm_followup_rule_init(&c.r), 0);
    c.r.name = "call back";
    c.r.event = "order";
    c.r.offset = 7;
    c.r.action = "call";
    memset(&c.ev, 0, sizeof c.ev);
    c.q.user = "ivanov";
    assert_int_equal(clm_date_from_ymd(&c.q.on, 2025, 3, 3), 0);
    versions("clm_due_query", &c.q.version, CLM_DUE_QUERY_VERSION, call_due, &c);
    c.q.rules = &c.r;
    c.q.nrules = 1;
    versions("clm_followup_rule", &c.r.version, CLM_FOLLOWUP_RULE_VERSION, call_due, &c);
    clm_contact_log_free(c.log);
}

/* ---- segment ---------------------------------------------------------- */

static const int64_t AMOUNTS[4] = { 500, 300, 150, 50 };

static int call_abc(void *p)
{
    clm_abc_class out[4];
    return clm_abc_classify(out, AMOUNTS, 4, p);
}

static int call_xyz(void *p)
{
    clm_xyz_class out[2];
    return clm_xyz_classify(out, NULL, AMOUNTS, 2, 2, p);
}

static void test_segment_options(void **state)
{
    (void)state;
    clm_abc_options a;
    assert_int_equal(clm_abc_options_init(&a), 0);
    versions("clm_abc_options", &a.version, CLM_ABC_OPTIONS_VERSION, call_abc, &a);
    clm_xyz_options x;
    assert_int_equal(clm_xyz_options_init(&x), 0);
    versions("clm_xyz_options", &x.version, CLM_XYZ_OPTIONS_VERSION, call_xyz, &x);
}

/* ---- display formats, RFM ties, task due lists, stored sales ------------- */

typedef struct crm_ctx {
    clm_format_options fo;
    clm_rfm_options ro;
    clm_store *st;
    clm_todo_query tq;
    clm_credit_sales_query sq;
    clm_date bounds[2];
} crm_ctx;

static int call_format(void *p)
{
    char buf[CLM_FORMAT_MAX];
    clm_money m = { 12345, "RUB" };
    int rc = clm_format_money(buf, sizeof buf, &m, &((crm_ctx *)p)->fo);
    return rc < 0 ? rc : 0;
}

static int call_rfm(void *p)
{
    static const int32_t last[2] = { 3, 5 };
    static const int64_t freq[2] = { 1, 2 }, mon[2] = { 10, 20 };
    clm_rfm_score out[2];
    return clm_rfm_score_opts(out, last, freq, mon, 2, &((crm_ctx *)p)->ro);
}

static int call_todo_due(void *p)
{
    clm_todo_list *l = NULL;
    int rc = clm_todo_due(&l, ((crm_ctx *)p)->st, &((crm_ctx *)p)->tq);
    clm_todo_list_free(l);
    return rc;
}

static int call_sales(void *p)
{
    clm_credit_sales *s = NULL;
    int rc = clm_credit_store_sales(&s, ((crm_ctx *)p)->st, &((crm_ctx *)p)->sq);
    clm_credit_sales_free(s);
    return rc;
}

static void test_crm_structs(void **state)
{
    (void)state;
    crm_ctx c;
    memset(&c, 0, sizeof c);
    assert_int_equal(clm_format_options_init(&c.fo), 0);
    versions("clm_format_options", &c.fo.version, CLM_FORMAT_OPTIONS_VERSION, call_format, &c);
    assert_int_equal(clm_rfm_options_init(&c.ro), 0);
    c.ro.ties = CLM_RFM_TIES_BY_KEY;
    versions("clm_rfm_options", &c.ro.version, CLM_RFM_OPTIONS_VERSION, call_rfm, &c);
    assert_int_equal(clm_store_open_memory(&c.st), 0);
    static const char *const users[] = { "ivanov" };
    assert_int_equal(clm_todo_query_init(&c.tq), 0);
    c.tq.users = users;
    c.tq.nusers = 1;
    c.tq.on = 20000;
    versions("clm_todo_query", &c.tq.version, CLM_TODO_QUERY_VERSION, call_todo_due, &c);
    assert_int_equal(clm_credit_sales_query_init(&c.sq), 0);
    c.bounds[0] = 20000;
    c.bounds[1] = 20031;
    c.sq.currency = "RUB";
    c.sq.bounds = c.bounds;
    c.sq.periods = 1;
    versions("clm_credit_sales_query", &c.sq.version, CLM_CREDIT_SALES_QUERY_VERSION, call_sales, &c);
    clm_store_free(c.st);
}

/* ---- discount ----------------------------------------------------------- */

typedef struct discount_ctx {
    clm_discount_policy *p;
    clm_discount_engine *e;
    clm_discount_validate_options vo;
    clm_discount_line lines[1];
    clm_discount_document doc;
    clm_discount_eval_options eo;
} discount_ctx;

static int call_validate_policy(void *p)
{
    discount_ctx *c = p;
    clm_discount_findings *f = NULL;
    int rc = clm_discount_validate(&f, c->p, &c->vo);
    clm_discount_findings_free(f);
    return rc;
}

static int call_evaluate(void *p)
{
    discount_ctx *c = p;
    clm_discount_result *r = NULL;
    int rc = clm_discount_engine_evaluate(&r, c->e, &c->doc, &c->eo);
    clm_discount_result_free(r);
    return rc;
}

static void test_discount_structs(void **state)
{
    (void)state;
    discount_ctx c;
    c.p = t_policy(CLM_DISCOUNT_STACK_BEST_ONLY);
    t_rule(c.p, "ten", CLM_DISCOUNT_PERCENT, PCT(10), 1, NULL);
    c.e = t_compile(c.p);
    assert_int_equal(clm_discount_validate_options_init(&c.vo), 0);
    versions("clm_discount_validate_options", &c.vo.version, CLM_DISCOUNT_VALIDATE_OPTIONS_VERSION,
             call_validate_policy, &c);
    c.lines[0] = t_line("a", NULL, UNITS(1), 100);
    c.doc = t_doc(c.lines, 1);
    assert_int_equal(clm_discount_eval_options_init(&c.eo), 0);
    versions("clm_discount_document", &c.doc.version, CLM_DISCOUNT_DOCUMENT_VERSION, call_evaluate, &c);
    versions("clm_discount_eval_options", &c.eo.version, CLM_DISCOUNT_EVAL_OPTIONS_VERSION,
             call_evaluate, &c);
    clm_discount_engine_free(c.e);
    clm_discount_policy_free(c.p);
}

typedef struct contract_ctx {
    clm_offer *offer;
    clm_contract *draft;
    clm_contract_info info;
    clm_contract_disagreement dis;
    clm_contract_special special;
    clm_xml_options xo;
    char *xml;
} contract_ctx;

static int call_contract_from_offer(void *p)
{
    contract_ctx *c = p;
    clm_contract *k = NULL;
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    int rc = clm_contract_from_offer(&k, c->offer, &c->info, &m);
    clm_contract_free(k);
    return rc;
}

static int call_dispute(void *p)
{
    contract_ctx *c = p;
    clm_contract *k;
    if (clm_contract_dup(&k, c->draft) < 0)
        return CLM_ENOMEM;
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    int rc = clm_contract_dispute(NULL, k, &m, &c->dis);
    clm_contract_free(k);
    return rc;
}

static int call_add_special(void *p)
{
    contract_ctx *c = p;
    clm_contract *k;
    if (clm_contract_dup(&k, c->draft) < 0)
        return CLM_ENOMEM;
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    int rc = clm_contract_add_special(k, &m, &c->special);
    clm_contract_free(k);
    return rc;
}

static int call_offer_load(void *p)
{
    contract_ctx *c = p;
    clm_offer *o = NULL;
    int rc = clm_offer_load_xml(&o, c->xml, strlen(c->xml), NULL, &c->xo);
    clm_offer_free(o);
    return rc;
}

static void test_contract_structs(void **state)
{
    (void)state;
    contract_ctx c;
    assert_int_equal(fx_setup(), 0);
    c.offer = fx_accepted("O-1", "C-1", "ivanov");
    assert_int_equal(clm_contract_info_init(&c.info), 0);
    c.info.id = "K-1";
    versions("clm_contract_info", &c.info.version, CLM_CONTRACT_INFO_VERSION,
             call_contract_from_offer, &c);
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    assert_int_equal(clm_contract_from_offer(&c.draft, c.offer, &c.info, &m), 0);
    assert_int_equal(clm_contract_disagreement_init(&c.dis), 0);
    c.dis.clause = "4.2";
    c.dis.client = "payment within 30 days";
    c.dis.received_on = fx_day(2025, 12, 30);
    versions("clm_contract_disagreement", &c.dis.version, CLM_CONTRACT_DISAGREEMENT_VERSION,
             call_dispute, &c);
    assert_int_equal(clm_contract_special_init(&c.special), 0);
    c.special.kind = CLM_CONTRACT_EXECUTION;
    c.special.text = "shipment on weekends";
    versions("clm_contract_special", &c.special.version, CLM_CONTRACT_SPECIAL_VERSION,
             call_add_special, &c);
    assert_int_equal(clm_offer_save_xml(&c.xml, NULL, c.offer), 0);
    assert_int_equal(clm_xml_options_init(&c.xo), 0);
    versions("clm_xml_options (offer)", &c.xo.version, CLM_XML_OPTIONS_VERSION, call_offer_load,
             &c);
    clm_free(c.xml);
    clm_contract_free(c.draft);
    clm_offer_free(c.offer);
    fx_teardown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocator),
        cmocka_unit_test(test_xml_options),
        cmocka_unit_test(test_category_facts),
        cmocka_unit_test(test_store_backend_init),
        cmocka_unit_test(test_store_new),
        cmocka_unit_test(test_sqlite_options),
        cmocka_unit_test(test_store_filters),
        cmocka_unit_test(test_contact_entry),
        cmocka_unit_test(test_client_structs),
        cmocka_unit_test(test_due_structs),
        cmocka_unit_test(test_segment_options),
        cmocka_unit_test(test_crm_structs),
        cmocka_unit_test(test_discount_structs),
        cmocka_unit_test(test_contract_structs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
