/*
 * offer_store_test.c — offers and contracts in a store
 * (clm/offer_store.h) on the memory, SQLite and PostgreSQL backends: the
 * records' columns, audited saves with optimistic versions, a sent offer's
 * figures surviving a reload, the lists (per client, per manager, awaiting
 * approval, expiring within N working days; contracts with their special
 * terms and what is left to invoice), a bad body, and the storage-fault
 * and OOM walks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "core_check.h"
#include "fault_store.h"
#include "oom.h"
#include "offer_fixture.h"
#include "store_snapshot.h"

static clm_date ACC;

/* ---- the backends ------------------------------------------------------------- */

static int g_backend; /* 0 memory, 1 SQLite, 2 PostgreSQL */
static char g_dir[64];
static char g_path[128];

#ifdef CLM_HAVE_POSTGRES
#include <libpq-fe.h>

static const char *g_conninfo;
static PGconn *g_admin;
static char g_schema[64];
static int g_schema_seq;

static void pg_exec(const char *sql)
{
    PGresult *r = PQexec(g_admin, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("SQL failed: %s\n%s", sql, PQerrorMessage(g_admin));
    PQclear(r);
}

static void pg_drop_schema(void)
{
    char sql[128];
    if (g_schema[0] == '\0')
        return;
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", g_schema);
    pg_exec(sql);
    g_schema[0] = '\0';
}

static void pg_new_schema(void)
{
    char sql[128], opt[160];
    pg_drop_schema();
    snprintf(g_schema, sizeof g_schema, "clm_ofs%ld_%d", (long)getpid(), ++g_schema_seq);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", g_schema);
    pg_exec(sql);
    snprintf(opt, sizeof opt, "-c search_path=%s", g_schema);
    setenv("PGOPTIONS", opt, 1);
}
#endif

static void remove_db(void)
{
    char buf[192];
    unlink(g_path);
    snprintf(buf, sizeof buf, "%s-wal", g_path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", g_path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-journal", g_path);
    unlink(buf);
}

static clm_store *open_store(void)
{
    clm_store *st = NULL;
#ifdef CLM_HAVE_POSTGRES
    if (g_backend == 2) {
        pg_new_schema();
        if (clm_store_open_postgres(&st, g_conninfo) != 0)
            fail_msg("open postgres: %s", clm_error_last()->message);
        return st;
    }
#endif
    if (g_backend == 1) {
        remove_db();
        if (clm_store_open_sqlite(&st, g_path, NULL) != 0)
            fail_msg("open sqlite: %s", clm_error_last()->message);
    } else if (clm_store_open_memory(&st) != 0) {
        fail_msg("open memory: %s", clm_error_last()->message);
    }
    return st;
}

static void close_store(clm_store *st)
{
    clm_store_free(st);
#ifdef CLM_HAVE_POSTGRES
    if (g_backend == 2) {
        pg_drop_schema();
        return;
    }
#endif
    if (g_backend == 1)
        remove_db();
}

/* ---- helpers -------------------------------------------------------------------- */

static int count_audit(const clm_audit_entry *e, void *payload)
{
    (void)e;
    ++*(int *)payload;
    return 0;
}

static int audit_entries(clm_store *st, clm_record_kind kind, const char *id)
{
    clm_audit_filter f = CLM_AUDIT_FILTER_INIT;
    f.kind = kind;
    f.id = id;
    int n = 0;
    CHECK_OK(clm_store_audit_scan(st, &f, count_audit, &n));
    return n;
}

static clm_contract *contract_from(const clm_offer *o, const char *id)
{
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = id;
    clm_contract *c;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    CHECK_OK(clm_contract_from_offer(&c, o, &info, &m));
    return c;
}

/* ---- records -------------------------------------------------------------------- */

static void test_offer_records(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_offer *o = fx_sent("O-1", "C-1", "ivanov");
    clm_actor m = fx_who("ivanov", "manager", ACC);
    assert_int_equal(clm_offer_stored_version(o), 0);
    CHECK_OK(clm_offer_store_save(st, o, &m, "sent to the client"));
    assert_int_equal(clm_offer_stored_version(o), 1);
    clm_record *r;
    CHECK_OK(clm_store_get(&r, st, CLM_RECORD_OFFER, "O-1"));
    CHECK_STR(r->client_id, "C-1");
    CHECK_STR(r->manager, "ivanov");
    CHECK_STR(r->state, "sent");
    assert_int_equal(r->due, clm_offer_accept_by(o));
    CHECK_I64(r->amount.amount, 459000);
    CHECK_STR(r->amount.currency, "RUB");
    clm_record_free(r);
    assert_int_equal(audit_entries(st, CLM_RECORD_OFFER, "O-1"), 1);

    /* the sent figures come back whole */
    clm_offer *back;
    CHECK_OK(clm_offer_store_load(&back, st, "O-1"));
    assert_true(clm_offer_equal(o, back));
    assert_int_equal(clm_offer_stored_version(back), 1);
    CHECK_I64(clm_offer_totals(back)->net, 459000);
    const char *pv;
    CHECK_OK(clm_offer_policy(NULL, &pv, back));
    CHECK_STR(pv, "2025-12");

    /* the policy changes (20 % instead of 10 %): a new offer prices at it,
     * the stored one still reads back at its sent figures */
    clm_discount_policy *p20;
    CHECK_OK(clm_discount_policy_new(&p20, "wholesale-2026", "RUB"));
    clm_discount_rule rule = CLM_DISCOUNT_RULE_INIT;
    rule.id = "all";
    rule.action.kind = CLM_DISCOUNT_PERCENT;
    rule.action.rate = 20 * CLM_RATE_PERCENT;
    CHECK_OK(clm_discount_policy_add_rule(NULL, p20, &rule));
    clm_discount_engine *e20;
    CHECK_OK(clm_discount_policy_compile(&e20, p20));
    clm_offer *fresh = NULL;
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    clm_offer_pricing pr = CLM_OFFER_PRICING_INIT;
    clm_discount_client dc = { .id = "C-1", .since = CLM_DISCOUNT_NO_DATE };
    pr.engine = e20;
    pr.client = &dc;
    /* the 20 % engine has no price book: the fresh offer's line carries
     * the same unit price, 450.00, as a manual price */
    clm_offer_info fi;
    CHECK_OK(clm_offer_info_get(&fi, o));
    fi.id = "O-9";
    CHECK_OK(clm_offer_new(&fresh, &fi, &m));
    l.product = "CEM-M500";
    l.quantity = 10 * CLM_DISCOUNT_QTY_SCALE;
    clm_money_make(&l.unit_price, 45000, "RUB");
    CHECK_OK(clm_offer_add_line(NULL, fresh, &l));
    CHECK_OK(clm_offer_price(fresh, &m, &pr));
    CHECK_I64(clm_offer_totals(fresh)->net, 360000);
    clm_offer *again;
    CHECK_OK(clm_offer_store_load(&again, st, "O-1"));
    CHECK_I64(clm_offer_totals(again)->net, 459000);
    CHECK_I64(clm_offer_line_price_at(again, 0)->result.net, 405000);
    assert_true(clm_offer_equal(o, again));
    clm_offer_free(again);
    clm_offer_free(fresh);
    clm_discount_engine_free(e20);
    clm_discount_policy_free(p20);

    /* accepted and saved again: version 2, the term leaves the due index */
    clm_offer_credit c = fx_credit_ok();
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = a.received_on = ACC;
    CHECK_OK(clm_offer_accept(back, &m, &a, &fx_rules, fx_ru, &c));
    CHECK_OK(clm_offer_store_save(st, back, &m, NULL));
    assert_int_equal(clm_offer_stored_version(back), 2);
    CHECK_OK(clm_store_get(&r, st, CLM_RECORD_OFFER, "O-1"));
    CHECK_STR(r->state, "accepted");
    assert_int_equal(r->due, CLM_RECORD_NO_DUE);
    clm_record_free(r);
    assert_int_equal(audit_entries(st, CLM_RECORD_OFFER, "O-1"), 2);

    /* the stale copy loses: nothing changes, its version stays */
    CHECK_OK(clm_offer_withdraw(o, &m, ACC, "too late"));
    CHECK_FAIL(clm_offer_store_save(st, o, &m, NULL), CLM_ECONFLICT);
    assert_int_equal(clm_offer_stored_version(o), 1);
    assert_int_equal(audit_entries(st, CLM_RECORD_OFFER, "O-1"), 2);
    /* a new offer with a taken id */
    clm_offer *dup = fx_draft("O-1", "C-2", "sidorov");
    CHECK_FAIL(clm_offer_store_save(st, dup, &m, NULL), CLM_EEXISTS);
    assert_int_equal(clm_offer_stored_version(dup), 0);
    clm_actor bad = { "", "manager", 0 };
    CHECK_FAIL(clm_offer_store_save(st, dup, &bad, NULL), CLM_EINVAL);
    clm_offer *none = NULL;
    CHECK_FAIL(clm_offer_store_load(&none, st, "O-404"), CLM_ENOTFOUND);
    CHECK_FAIL(clm_offer_store_load(&none, st, ""), CLM_EINVAL);
    assert_null(none);
    clm_offer_free(dup);
    clm_offer_free(back);
    clm_offer_free(o);
    close_store(st);
}

static void test_contract_records(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    clm_contract *k = contract_from(o, "K-1");
    clm_actor m = fx_who("ivanov", "manager", ACC + 1);
    clm_contract_special s = CLM_CONTRACT_SPECIAL_INIT;
    s.kind = CLM_CONTRACT_INDIVIDUAL;
    s.text = "3 % on every order";
    s.rate = 30000;
    CHECK_OK(clm_contract_add_special(k, &m, &s));
    s.kind = CLM_CONTRACT_ACCELERATED;
    s.text = "delivery within 2 days";
    s.rate = 0;
    s.days = 2;
    CHECK_OK(clm_contract_add_special(k, &m, &s));
    CHECK_OK(clm_contract_store_save(st, k, &m, NULL));
    clm_record *r;
    CHECK_OK(clm_store_get(&r, st, CLM_RECORD_CONTRACT, "K-1"));
    CHECK_STR(r->state, "draft");
    CHECK_STR(r->name, "O-1");
    CHECK_STR(r->category, "accelerated-deadline individual-discount");
    assert_int_equal(r->amount.currency[0], '\0');
    clm_record_free(r);
    CHECK_OK(clm_contract_agree(k, &m));
    CHECK_OK(clm_contract_conclude(k, &m, ACC + 1));
    CHECK_OK(clm_contract_invoice(k, &m, 159000));
    CHECK_OK(clm_contract_store_save(st, k, &m, "first shipment invoiced"));
    assert_int_equal(clm_contract_stored_version(k), 2);
    CHECK_OK(clm_store_get(&r, st, CLM_RECORD_CONTRACT, "K-1"));
    CHECK_STR(r->state, "in-execution");
    /* what the credit check counts: 4590.00 - 1590.00 */
    CHECK_I64(r->amount.amount, 300000);
    clm_record_free(r);
    clm_contract *back;
    CHECK_OK(clm_contract_store_load(&back, st, "K-1"));
    assert_true(clm_contract_equal(k, back));
    assert_int_equal(clm_contract_stored_version(back), 2);
    assert_int_equal(audit_entries(st, CLM_RECORD_CONTRACT, "K-1"), 2);
    /* stale */
    CHECK_OK(clm_contract_complete(back, &m));
    CHECK_OK(clm_contract_store_save(st, back, &m, NULL));
    CHECK_FAIL(clm_contract_store_save(st, k, &m, NULL), CLM_ECONFLICT);
    assert_int_equal(clm_contract_stored_version(k), 2);
    clm_contract_free(back);
    clm_contract_free(k);
    clm_offer_free(o);
    close_store(st);
}

static int seen_count;

static int count_item(const clm_offer_item *it, void *payload)
{
    (void)it;
    ++*(int *)payload;
    return 0;
}

/* A record whose body the codec refuses: the error names the record. */
static void test_bad_body(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_OFFER;
    r.id = "O-bad";
    r.state = "sent";
    r.body = "<offer xmlns=\"urn:libclm:offer:1\"/>";
    r.body_len = strlen(r.body);
    CHECK_OK(clm_store_put(NULL, st, &r));
    clm_offer *o = NULL;
    clm_error_clear();
    int rc = clm_offer_store_load(&o, st, "O-bad");
    assert_true(rc == CLM_ESCHEMA || rc == CLM_EPARSE);
    assert_non_null(strstr(clm_error_last()->source, "O-bad"));
    assert_null(o);
    r.kind = CLM_RECORD_CONTRACT;
    r.body = NULL;
    r.body_len = 0;
    CHECK_OK(clm_store_put(NULL, st, &r));
    clm_contract *c = NULL;
    CHECK_FAIL(clm_contract_store_load(&c, st, "O-bad"), CLM_EPARSE);
    /* an unknown state in the list's columns */
    r.kind = CLM_RECORD_OFFER;
    r.id = "O-bad2";
    r.state = "signed";
    CHECK_OK(clm_store_put(NULL, st, &r));
    seen_count = 0;
    CHECK_FAIL(clm_offer_store_list(st, NULL, NULL, 0, count_item, &seen_count), CLM_EPARSE);
    assert_non_null(strstr(clm_error_last()->message, "signed"));
    close_store(st);
}

/* ---- lists ---------------------------------------------------------------------- */

typedef struct seen {
    char ids[16][32];
    int n;
} seen;

static int collect(const clm_offer_item *it, void *payload)
{
    seen *s = payload;
    if (s->n < 16)
        snprintf(s->ids[s->n++], 32, "%s", it->id);
    return 0;
}

static int collect_contract(const clm_contract_item *it, void *payload)
{
    seen *s = payload;
    if (s->n < 16)
        snprintf(s->ids[s->n++], 32, "%s|%s|%lld", it->id, it->special ? it->special : "-",
                 (long long)it->uninvoiced.amount);
    return 0;
}

static void want(const seen *s, const char *const *ids, int n)
{
    if (s->n != n)
        fail_msg("%d offers listed, expected %d (first: %s)", s->n, n, s->n ? s->ids[0] : "");
    for (int i = 0; i < n; i++)
        CHECK_STR(s->ids[i], ids[i]);
}

static int stop_at_first(const clm_offer_item *it, void *payload)
{
    (void)it;
    (void)payload;
    return 7;
}

static void test_lists(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_offer *os[] = {
        fx_sent("O-1", "C-1", "ivanov"),     /* term ends 2026-01-21 (art. 441, 10 working days) */
        fx_sent("O-2", "C-2", "sidorov"),
        fx_draft("O-3", "C-1", "ivanov"),
        fx_accepted("O-4", "C-1", "sidorov"),
        fx_priced("O-5", "C-3", "ivanov"),
    };
    clm_offer_credit c = fx_credit_ok();
    CHECK_OK(clm_offer_submit(os[4], &m, &c));   /* a manager's 5 % is not enough */
    assert_int_equal(clm_offer_state_get(os[4]), CLM_OFFER_AWAITING_APPROVAL);
    for (size_t i = 0; i < 5; i++)
        CHECK_OK(clm_offer_store_save(st, os[i], &m, NULL));
    seen s = { 0 };
    CHECK_OK(clm_offer_store_list(st, "C-1", NULL, 0, collect, &s));
    want(&s, (const char *const[]){ "O-1", "O-3", "O-4" }, 3);
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_offer_store_list(st, NULL, "ivanov", 0, collect, &s));
    want(&s, (const char *const[]){ "O-1", "O-3", "O-5" }, 3);
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_offer_store_list(st, NULL, NULL, CLM_OFFER_AWAITING_APPROVAL, collect, &s));
    want(&s, (const char *const[]){ "O-5" }, 1);
    CHECK_FAIL(clm_offer_store_list(st, NULL, NULL, (clm_offer_state)42, collect, &s),
               CLM_EINVAL);
    CHECK_RC(clm_offer_store_list(st, NULL, NULL, 0, stop_at_first, NULL), 7);

    /* expiring: both sent offers end on Wed 21 Jan 2026; from Mon 19 Jan,
     * 2 working days reach it, 1 does not */
    clm_date term = clm_offer_accept_by(os[0]);
    assert_int_equal(term, fx_day(2026, 1, 21));
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_offer_store_expiring(st, fx_ru, fx_day(2026, 1, 19), 1, NULL, collect, &s));
    want(&s, NULL, 0);
    CHECK_OK(clm_offer_store_expiring(st, fx_ru, fx_day(2026, 1, 19), 2, NULL, collect, &s));
    want(&s, (const char *const[]){ "O-1", "O-2" }, 2);
    memset(&s, 0, sizeof s);
    /* from Fri 16 Jan, 3 working days (19, 20, 21) reach it; one manager's */
    CHECK_OK(clm_offer_store_expiring(st, fx_ru, fx_day(2026, 1, 16), 3, "sidorov", collect, &s));
    want(&s, (const char *const[]){ "O-2" }, 1);
    /* a term already run out is still listed until someone marks it expired */
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_offer_store_expiring(st, fx_ru, fx_day(2026, 2, 2), 0, NULL, collect, &s));
    assert_int_equal(s.n, 2);
    CHECK_FAIL(clm_offer_store_expiring(st, fx_ru, term, -1, NULL, collect, &s), CLM_EINVAL);
    CHECK_FAIL(clm_offer_store_expiring(st, fx_ru, fx_day(2026, 12, 30), 30, NULL, collect, &s),
               CLM_ERANGE);

    /* contracts: per client, with special terms and what is left to invoice */
    clm_contract *k1 = contract_from(os[3], "K-1"), *k2 = contract_from(os[3], "K-2");
    clm_contract_special sp = CLM_CONTRACT_SPECIAL_INIT;
    sp.kind = CLM_CONTRACT_EXECUTION;
    sp.text = "shipment on weekends";
    CHECK_OK(clm_contract_add_special(k1, &m, &sp));
    CHECK_OK(clm_contract_agree(k1, &m));
    CHECK_OK(clm_contract_conclude(k1, &m, ACC));
    CHECK_OK(clm_contract_store_save(st, k1, &m, NULL));
    CHECK_OK(clm_contract_store_save(st, k2, &m, NULL));
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_contract_store_list(st, "C-1", NULL, 0, collect_contract, &s));
    want(&s, (const char *const[]){ "K-1|special-execution|459000", "K-2|-|0" }, 2);
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_contract_store_list(st, NULL, "sidorov", CLM_CONTRACT_CONCLUDED,
                                     collect_contract, &s));
    want(&s, (const char *const[]){ "K-1|special-execution|459000" }, 1);
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_contract_store_list(st, "C-2", NULL, 0, collect_contract, &s));
    want(&s, NULL, 0);
    clm_contract_free(k1);
    clm_contract_free(k2);
    for (size_t i = 0; i < 5; i++)
        clm_offer_free(os[i]);
    close_store(st);
}

/* ---- conversion per manager ------------------------------------------------------------- */

typedef struct conv_seen {
    char line[4][96];
    int n;
} conv_seen;

static int collect_conv(const clm_offer_conversion *c, void *payload)
{
    conv_seen *s = payload;
    if (s->n < 4)
        snprintf(s->line[s->n++], 96, "%s sent %lld accepted %lld countered %lld contracts %lld "
                 "concluded %lld", c->manager, (long long)c->sent, (long long)c->accepted,
                 (long long)c->countered, (long long)c->contracts, (long long)c->concluded);
    return 0;
}

static void test_conversion(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_actor h = fx_who("petrova", "head_of_department", ACC);
    clm_offer *sent = fx_sent("O-1", "C-1", "ivanov");
    clm_offer *acc = fx_accepted("O-2", "C-2", "ivanov");
    clm_offer *countered = fx_sent("O-3", "C-3", "ivanov");
    clm_offer *other = fx_sent("O-4", "C-4", "sidorov");
    clm_offer *draft = fx_priced("O-5", "C-5", "ivanov");
    /* O-3: the client answers on other terms; the company accepts */
    clm_offer *counter;
    CHECK_OK(clm_offer_counter_draft(&counter, countered, "O-3-C", &m));
    static const char *const cats[] = { "wholesale" };
    clm_discount_client dc = { .id = "C-3", .categories = cats, .category_count = 1,
                               .since = CLM_DISCOUNT_NO_DATE };
    clm_offer_pricing pr = CLM_OFFER_PRICING_INIT;
    pr.engine = fx_engine;
    pr.client = &dc;
    CHECK_OK(clm_offer_price(counter, &m, &pr));
    CHECK_OK(clm_offer_counter(countered, counter, &m, ACC, &fx_rules, fx_ru));
    clm_offer_credit cr = fx_credit_ok();
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = a.received_on = ACC;
    CHECK_OK(clm_offer_accept(counter, &h, &a, &fx_rules, fx_ru, &cr));
    clm_offer *all[] = { sent, acc, countered, counter, other, draft };
    for (size_t i = 0; i < 6; i++)
        CHECK_OK(clm_offer_store_save(st, all[i], &m, NULL));
    clm_contract *k1 = contract_from(acc, "K-1"), *k2 = contract_from(counter, "K-2");
    CHECK_OK(clm_contract_agree(k1, &m));
    CHECK_OK(clm_contract_conclude(k1, &m, ACC));
    CHECK_OK(clm_contract_store_save(st, k1, &m, NULL));
    CHECK_OK(clm_contract_store_save(st, k2, &m, NULL));
    conv_seen s = { 0 };
    CHECK_OK(clm_offer_store_conversion(st, NULL, fx_day(2025, 12, 1), fx_day(2025, 12, 31),
                                        collect_conv, &s));
    assert_int_equal(s.n, 2);
    CHECK_STR(s.line[0], "ivanov sent 3 accepted 1 countered 1 contracts 2 concluded 1");
    CHECK_STR(s.line[1], "sidorov sent 1 accepted 0 countered 0 contracts 0 concluded 0");
    memset(&s, 0, sizeof s);
    CHECK_OK(clm_offer_store_conversion(st, "sidorov", fx_day(2025, 12, 26), fx_day(2025, 12, 26),
                                        collect_conv, &s));
    assert_int_equal(s.n, 1);
    memset(&s, 0, sizeof s);
    /* sent on 26 Dec: nothing in January */
    CHECK_OK(clm_offer_store_conversion(st, NULL, fx_day(2026, 1, 1), fx_day(2026, 1, 31),
                                        collect_conv, &s));
    assert_int_equal(s.n, 0);
    CHECK_FAIL(clm_offer_store_conversion(st, NULL, fx_day(2026, 1, 31), fx_day(2026, 1, 1),
                                          collect_conv, &s), CLM_EINVAL);
    clm_contract_free(k1);
    clm_contract_free(k2);
    for (size_t i = 0; i < 6; i++)
        clm_offer_free(all[i]);
    close_store(st);
}

/* ---- exposure: contracts count as confirmed orders -------------------------------------- */

static void test_exposure(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_offer *o = fx_accepted("O-1", "C-1", "ivanov");
    clm_contract *k1 = contract_from(o, "K-1"), *k2 = contract_from(o, "K-2");
    CHECK_OK(clm_contract_agree(k1, &m));
    CHECK_OK(clm_contract_conclude(k1, &m, ACC));
    CHECK_OK(clm_contract_invoice(k1, &m, 159000));
    CHECK_OK(clm_contract_store_save(st, k1, &m, NULL));
    CHECK_OK(clm_contract_store_save(st, k2, &m, NULL));   /* a draft: not confirmed */
    /* the invoice of the shipment, and an order confirmed elsewhere */
    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = "INV-1";
    inv.client_id = "C-1";
    clm_money_make(&inv.amount, 159000, "RUB");
    inv.issued = ACC;
    inv.due = ACC + 30;
    CHECK_OK(clm_credit_store_save_invoice(NULL, st, &m, &inv, 0, NULL));
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_ORDER;
    r.id = "ORD-1";
    r.client_id = "C-1";
    r.state = "confirmed";
    clm_money_make(&r.amount, 50000, "RUB");
    CHECK_OK(clm_store_put(NULL, st, &r));
    clm_credit_exposure x;
    CHECK_OK(clm_contract_store_exposure(&x, st, "RUB", "C-1", ACC + 1));
    CHECK_I64(x.receivables, 159000);
    /* 4590.00 - 1590.00 left on the contract, and the 500.00 order */
    CHECK_I64(x.orders, 300000 + 50000);
    clm_credit_exposure y;
    CHECK_OK(clm_credit_store_exposure(&y, st, "RUB", "C-1", ACC + 1));
    CHECK_I64(y.orders, 50000);
    CHECK_OK(clm_contract_store_exposure(&x, st, "RUB", "C-2", ACC + 1));
    CHECK_I64(x.orders, 0);
    clm_contract_free(k1);
    clm_contract_free(k2);
    clm_offer_free(o);
    close_store(st);
}

/* ---- storage faults and OOM (memory) --------------------------------------------------- */

typedef struct walk {
    clm_offer *o;
    clm_contract *c;
    clm_offer *loaded;
    clm_contract *cloaded;
} walk;

static walk g_walk;

static void *fault_setup(clm_store *st)
{
    clm_actor m = fx_who("ivanov", "manager", ACC);
    memset(&g_walk, 0, sizeof g_walk);
    g_walk.o = fx_sent("O-1", "C-1", "ivanov");
    CHECK_OK(clm_offer_store_save(st, g_walk.o, &m, NULL));
    clm_offer *acc = fx_accepted("O-2", "C-1", "ivanov");
    g_walk.c = contract_from(acc, "K-1");
    clm_offer_free(acc);
    CHECK_OK(clm_contract_store_save(st, g_walk.c, &m, NULL));
    return &g_walk;
}

static void fault_teardown(void *state)
{
    walk *w = state;
    clm_offer_free(w->o);
    clm_contract_free(w->c);
    clm_offer_free(w->loaded);
    clm_contract_free(w->cloaded);
}

static int op_save_new(clm_store *st, void *state)
{
    (void)state;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_offer *o = fx_priced("O-9", "C-9", "ivanov");
    int rc = clm_offer_store_save(st, o, &m, "new");
    if (rc < 0 && clm_offer_stored_version(o) != 0)
        fail_msg("a failed save changed the offer's version");
    clm_offer_free(o);
    return rc;
}

static int op_save_update(clm_store *st, void *state)
{
    walk *w = state;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_offer *o;
    CHECK_OK(clm_offer_dup(&o, w->o));
    CHECK_OK(clm_offer_expire(o, &m, fx_day(2026, 1, 22)));
    int rc = clm_offer_store_save(st, o, &m, NULL);
    if (rc < 0 && clm_offer_stored_version(o) != 1)
        fail_msg("a failed save changed the offer's version");
    clm_offer_free(o);
    return rc;
}

static int op_save_contract(clm_store *st, void *state)
{
    walk *w = state;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    clm_contract *c;
    CHECK_OK(clm_contract_dup(&c, w->c));
    CHECK_OK(clm_contract_agree(c, &m));
    int rc = clm_contract_store_save(st, c, &m, NULL);
    clm_contract_free(c);
    return rc;
}

static void test_faults(void **state)
{
    (void)state;
    fault_case cases[] = {
        { fault_setup, op_save_new, fault_teardown },
        { fault_setup, op_save_update, fault_teardown },
        { fault_setup, op_save_contract, fault_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(fault_check(&cases[i]) >= 1);
}

typedef struct oom_state {
    clm_store *st;
    store_snapshot before;
    walk *w;
    clm_offer *before_o;
} oom_state;

static void *oom_setup(void)
{
    oom_state *s = calloc(1, sizeof *s);
    CHECK_OK(clm_store_open_memory(&s->st));
    s->w = fault_setup(s->st);
    CHECK_OK(clm_offer_dup(&s->before_o, s->w->o));
    assert_int_equal(store_snapshot_take(&s->before, s->st), 0);
    return s;
}

static bool oom_unchanged(void *state)
{
    oom_state *s = state;
    return store_snapshot_matches(&s->before, s->st) && clm_offer_equal(s->w->o, s->before_o) &&
           clm_offer_stored_version(s->w->o) == 1;
}

static void oom_teardown(void *state)
{
    oom_state *s = state;
    store_snapshot_free(&s->before);
    fault_teardown(s->w);
    clm_offer_free(s->before_o);
    clm_store_free(s->st);
    free(s);
}

static int oom_save(void *state)
{
    oom_state *s = state;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    return clm_offer_store_save(s->st, s->w->o, &m, "again");
}

static int oom_load(void *state)
{
    oom_state *s = state;
    return clm_offer_store_load(&s->w->loaded, s->st, "O-1");
}

static int oom_save_contract(void *state)
{
    oom_state *s = state;
    clm_actor m = fx_who("ivanov", "manager", ACC);
    return clm_contract_store_save(s->st, s->w->c, &m, NULL);
}

static int oom_load_contract(void *state)
{
    oom_state *s = state;
    return clm_contract_store_load(&s->w->cloaded, s->st, "K-1");
}

static int oom_list_cb(const clm_offer_item *it, void *payload)
{
    (void)it;
    ++*(int *)payload;
    return 0;
}

static int oom_list(void *state)
{
    oom_state *s = state;
    int n = 0;
    return clm_offer_store_expiring(s->st, fx_ru, ACC, 30, NULL, oom_list_cb, &n);
}

static int oom_conv_cb(const clm_offer_conversion *c, void *payload)
{
    (void)c;
    ++*(int *)payload;
    return 0;
}

static int oom_conversion(void *state)
{
    oom_state *s = state;
    int n = 0;
    return clm_offer_store_conversion(s->st, NULL, fx_day(2025, 12, 1), fx_day(2025, 12, 31),
                                      oom_conv_cb, &n);
}

static int oom_exposure(void *state)
{
    oom_state *s = state;
    clm_credit_exposure x;
    return clm_contract_store_exposure(&x, s->st, "RUB", "C-1", ACC);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case cases[] = {
        { oom_setup, oom_save, oom_unchanged, oom_teardown },
        { oom_setup, oom_load, oom_unchanged, oom_teardown },
        { oom_setup, oom_save_contract, oom_unchanged, oom_teardown },
        { oom_setup, oom_load_contract, oom_unchanged, oom_teardown },
        { oom_setup, oom_list, oom_unchanged, oom_teardown },
        { oom_setup, oom_conversion, oom_unchanged, oom_teardown },
        { oom_setup, oom_exposure, oom_unchanged, oom_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(oom_check(&cases[i]) >= 1);
}

/* ---- groups --------------------------------------------------------------------------- */

static int group_memory(void **state)
{
    (void)state;
    g_backend = 0;
    return 0;
}

#ifdef CLM_HAVE_SQLITE
static int group_sqlite(void **state)
{
    (void)state;
    g_backend = 1;
    return 0;
}
#endif

static int run_postgres(const struct CMUnitTest *tests, size_t n)
{
#ifdef CLM_HAVE_POSTGRES
    g_conninfo = getenv("CLM_TEST_PG");
    if (g_conninfo == NULL || g_conninfo[0] == '\0') {
        const char *req = getenv("CLM_TEST_PG_REQUIRED");
        int required = req != NULL && strcmp(req, "1") == 0;
        printf("offer store: the PostgreSQL tests need a server and CLM_TEST_PG is not set: %s.\n"
               "  `meson test` starts a throwaway server itself (scripts/pg-test-server.sh).\n",
               required ? "FAIL (CLM_TEST_PG_REQUIRED=1)" : "SKIP");
        return required ? 1 : 77;
    }
    g_admin = PQconnectdb(g_conninfo);
    if (PQstatus(g_admin) != CONNECTION_OK) {
        printf("FAIL: cannot connect to CLM_TEST_PG: %s", PQerrorMessage(g_admin));
        PQfinish(g_admin);
        return 1;
    }
    PQclear(PQexec(g_admin, "SET client_min_messages = warning"));
    g_backend = 2;
    int failed = _cmocka_run_group_tests("offer store: postgres", tests, n, NULL, NULL);
    pg_drop_schema();
    PQfinish(g_admin);
    return failed;
#else
    (void)tests;
    (void)n;
    printf("offer store: libclm built without PostgreSQL (meson option 'postgresql'): SKIP\n");
    return 77;
#endif
}

int main(int argc, char **argv)
{
    const struct CMUnitTest every_backend[] = {
        cmocka_unit_test(test_offer_records),
        cmocka_unit_test(test_contract_records),
        cmocka_unit_test(test_bad_body),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_conversion),
        cmocka_unit_test(test_exposure),
    };
    size_t n = sizeof every_backend / sizeof every_backend[0];
    if (fx_setup() < 0) {
        fprintf(stderr, "offer_store_test: fixture setup failed: %s\n", clm_error_last()->message);
        return 1;
    }
    ACC = fx_day(2025, 12, 29);
    int failed;
    if (argc > 1 && strcmp(argv[1], "--postgres") == 0) {
        failed = run_postgres(every_backend, n);
        fx_teardown();
        return failed;
    }
    const struct CMUnitTest memory_only[] = {
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_oom),
    };
    failed = cmocka_run_group_tests_name("offer store: memory", every_backend, group_memory, NULL);
    failed += cmocka_run_group_tests_name("offer store: memory, walks", memory_only, NULL, NULL);
#ifdef CLM_HAVE_SQLITE
    snprintf(g_dir, sizeof g_dir, "/tmp/clm-offer-store-XXXXXX");
    if (mkdtemp(g_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(g_path, sizeof g_path, "%s/clm.db", g_dir);
    failed += cmocka_run_group_tests_name("offer store: sqlite", every_backend, group_sqlite, NULL);
    remove_db();
    rmdir(g_dir);
#endif
    fx_teardown();
    return failed;
}
