/*
 * bench_offer.c — group "offer": offers of 10 lines created, priced
 * through the compiled engine and the price book, approved, sent and
 * accepted (each of the three runs the credit check), saved to the store
 * when created and when accepted; on the memory store and on SQLite.
 * Prints offers per second for each backend and the share of the time
 * spent in pricing, in the approve/send/accept acts (each runs a credit
 * check; the check alone is timed apart) and in storage (two audited
 * saves; the XML encoding of their bodies is timed apart).
 *
 * Sizes at --scale 1: 100,000 offers on each backend.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#include "clm/clm.h"

#define LINES 10

static const char *const CATEGORY[] = { "wholesale" };

typedef struct fixture {
    clm_discount_policy *policy;
    clm_price_book *book;
    clm_discount_engine *engine;
    clm_credit_policy *credit;
    clm_calendar *ru;
    char products[LINES][16];
} fixture;

static void fixture_make(fixture *f)
{
    clm_price_set *s;
    bench_check(clm_price_set_new(&s), "price set");
    clm_price_list_def l = CLM_PRICE_LIST_INIT;
    l.id = "retail";
    l.currency = "RUB";
    bench_check(clm_price_set_add_list(s, &l), "list");
    for (int i = 0; i < LINES; i++) {
        snprintf(f->products[i], sizeof f->products[i], "P-%02d", i);
        clm_price_entry e = CLM_PRICE_ENTRY_INIT;
        e.product = f->products[i];
        e.unit_price = 10000 + 1000 * i;
        bench_check(clm_price_set_add_entry(s, "retail", &e), "entry");
    }
    bench_check(clm_price_book_compile(&f->book, s, NULL), "book");
    clm_price_set_free(s);
    bench_check(clm_discount_policy_new(&f->policy, "bench", "RUB"), "policy");
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "wholesale";
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = 10 * CLM_RATE_PERCENT;
    size_t ri;
    bench_check(clm_discount_policy_add_rule(&ri, f->policy, &r), "rule");
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_CATEGORY;
    c.values = CATEGORY;
    c.value_count = 1;
    bench_check(clm_discount_policy_add_condition(f->policy, ri, &c), "condition");
    clm_discount_approval a[] = {
        { "manager", 5 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
        { "head_of_department", 20 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
    };
    for (int i = 0; i < 2; i++)
        bench_check(clm_discount_policy_add_approval(f->policy, &a[i]), "approval");
    bench_check(clm_discount_policy_compile_with_prices(&f->engine, f->policy, f->book), "engine");
    bench_check(clm_credit_policy_new(&f->credit, "standard", "RUB"), "credit policy");
    bench_check(clm_credit_policy_set_default_limit(f->credit, INT64_C(100000000000)), "limit");
    bench_check(clm_calendar_new_ru(&f->ru), "calendar");
}

static void fixture_free(fixture *f)
{
    clm_discount_engine_free(f->engine);
    clm_discount_policy_free(f->policy);
    clm_price_book_free(f->book);
    clm_credit_policy_free(f->credit);
    clm_calendar_free(f->ru);
}

static clm_actor at(const char *user, const char *role, clm_date d)
{
    clm_actor a = { user, role, (clm_time)d * 86400 + 36000 };
    return a;
}

static void run(const char *backend, clm_store *st, const fixture *f, int64_t n)
{
    clm_date prep, send;
    bench_check(clm_date_parse(&prep, "2025-12-25"), "date");
    bench_check(clm_date_parse(&send, "2025-12-26"), "date");
    clm_actor m = at("ivanov", "manager", prep), h = at("petrova", "head_of_department", prep);
    clm_actor ms = at("ivanov", "manager", send), ma = at("ivanov", "manager", send + 3);
    clm_offer_rules rules = CLM_OFFER_RULES_INIT;
    clm_offer_credit cr = CLM_OFFER_CREDIT_INIT;
    cr.policy = f->credit;
    cr.position.receivables = 1000000;
    cr.position.limit = INT64_C(100000000000);
    clm_offer_acceptance acc = CLM_OFFER_ACCEPTANCE_INIT;
    acc.dispatched_on = acc.received_on = send + 3;
    char id[32], client[16];
    double t_create = 0, t_price = 0, t_acts = 0, t_store = 0, t_check = 0, t_xml = 0;
    int64_t bytes = 0;
    double t0 = bench_now();
    bench_check(clm_store_begin(st), "begin");
    for (int64_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "O-%08lld", (long long)i);
        snprintf(client, sizeof client, "C-%05lld", (long long)(i % 5000));
        double a = bench_now();
        clm_offer_info info = CLM_OFFER_INFO_INIT;
        info.id = id;
        info.client_id = client;
        info.manager = "ivanov";
        info.currency = "RUB";
        info.date = prep;
        clm_offer *o;
        bench_check(clm_offer_new(&o, &info, &m), "new");
        for (int k = 0; k < LINES; k++) {
            clm_offer_line l = CLM_OFFER_LINE_INIT;
            l.product = f->products[k];
            l.quantity = (k + 1) * CLM_DISCOUNT_QTY_SCALE;
            bench_check(clm_offer_add_line(NULL, o, &l), "line");
        }
        double b = bench_now();
        clm_discount_client dc = { .id = client, .categories = CATEGORY, .category_count = 1,
                                   .since = CLM_DISCOUNT_NO_DATE };
        clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
        p.engine = f->engine;
        p.client = &dc;
        p.book = f->book;
        p.policy_version = "v1";
        bench_check(clm_offer_price(o, &m, &p), "price");
        double c = bench_now();
        bench_check(clm_offer_store_save(st, o, &m, NULL), "save");
        double d = bench_now();
        bench_check(clm_offer_submit(o, &m, &cr), "submit");
        bench_check(clm_offer_approve(o, &h, NULL, NULL, &cr, NULL), "approve");
        bench_check(clm_offer_send(o, &ms, &rules, f->ru, &cr), "send");
        bench_check(clm_offer_accept(o, &ma, &acc, &rules, f->ru, &cr), "accept");
        double e = bench_now();
        bench_check(clm_offer_store_save(st, o, &ma, NULL), "save");
        double g = bench_now();
        /* the credit check alone, three times as the acts run it */
        clm_credit_check k;
        for (int j = 0; j < 3; j++)
            bench_check(clm_offer_credit_compute(&k, o, &cr), "check");
        double h2 = bench_now();
        /* what one save spends encoding the body, timed apart */
        char *xml;
        size_t xlen;
        bench_check(clm_offer_save_xml(&xml, &xlen, o), "xml");
        double h3 = bench_now();
        bytes += (int64_t)xlen;
        clm_free(xml);
        t_xml += h3 - h2;
        t_create += b - a;
        t_price += c - b;
        t_store += (d - c) + (g - e);
        t_acts += e - d;
        t_check += h2 - g;
        bench_sink += k.exposure;
        clm_offer_free(o);
        if (i % 1000 == 999) {
            double s = bench_now();
            bench_check(clm_store_commit(st), "commit");
            bench_check(clm_store_begin(st), "begin");
            t_store += bench_now() - s;
        }
    }
    double s = bench_now();
    bench_check(clm_store_commit(st), "commit");
    t_store += bench_now() - s;
    double total = bench_now() - t0 - t_check - t_xml;
    char name[96];
    snprintf(name, sizeof name, "offer %s: create, price 10 lines, approve, send, accept, 2 saves",
             backend);
    bench_report(name, n, total);
    double work = t_create + t_price + t_acts + t_store;
    snprintf(name, sizeof name, "offer %s: share in creating (10 lines)", backend);
    bench_figure(name, 100.0 * t_create / work, "%");
    snprintf(name, sizeof name, "offer %s: share in pricing", backend);
    bench_figure(name, 100.0 * t_price / work, "%");
    snprintf(name, sizeof name, "offer %s: share in approve, send, accept (3 credit checks)", backend);
    bench_figure(name, 100.0 * t_acts / work, "%");
    snprintf(name, sizeof name, "offer %s: share in storage (2 audited saves)", backend);
    bench_figure(name, 100.0 * t_store / work, "%");
    snprintf(name, sizeof name, "offer %s: the 3 credit checks alone, share", backend);
    bench_figure(name, 100.0 * t_check / work, "%");
    snprintf(name, sizeof name, "offer %s: XML encoding of the 2 bodies alone, share", backend);
    bench_figure(name, 100.0 * 2 * t_xml / work, "%");
    snprintf(name, sizeof name, "offer %s: body of an accepted offer", backend);
    bench_figure(name, (double)bytes / (double)n, "bytes");
}

void bench_offer(void)
{
    fixture f;
    fixture_make(&f);
    int64_t n = bench_scaled(100000);
    clm_store *st;
    bench_check(clm_store_open_memory(&st), "memory");
    run("memory", st, &f, n);
    clm_store_free(st);
    bench_tmpdb db;
    if (bench_tmpdb_make(&db, "offer") == 0) {
        if (clm_store_open_sqlite(&st, db.path, NULL) == 0) {
            run("sqlite", st, &f, n);
            clm_store_free(st);
        } else {
            printf("offer sqlite: skipped: %s\n", clm_error_last()->message);
        }
        bench_tmpdb_remove(&db);
    }
    fixture_free(&f);
}
