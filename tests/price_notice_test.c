/*
 * price_notice_test.c — price-change notices (clm/price_notice.h): the
 * deadline counted back over the Russian 2026 and 2025 production
 * calendars, who is listed (purchases in the window, open offers and
 * contracts; the client's own list, category list and quantity breaks
 * decide the price), changed, added and withdrawn prices, bad requests,
 * the sent notice on record in the store, and the OOM walks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "clm/client_store.h"
#include "core_check.h"
#include "oom.h"

#define QTY(x) ((int64_t)(x) * CLM_DISCOUNT_QTY_SCALE)

static const clm_actor MGR = { "ivanov", "manager", 1771000000 };

static clm_date D(int y, int m, int d)
{
    clm_date r = 0;
    if (clm_date_from_ymd(&r, y, m, d) < 0)
        fail_msg("bad date");
    return r;
}

static void add_list(clm_price_set *s, const char *id, clm_price_audience a, const char *value,
                     const char *parent, clm_rate rate)
{
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = id;
    d.currency = "RUB";
    d.audience = a;
    d.audience_value = value;
    d.parent = parent;
    if (parent != NULL) {
        d.parent_formula.rate = rate;
        d.parent_formula.step = 100;
        d.parent_formula.rounding = CLM_ROUND_HALF_UP;
    }
    CHECK_OK(clm_price_set_add_list(s, &d));
}

static void add_price(clm_price_set *s, const char *list, const char *product, const char *group,
                      int64_t min_qty, int64_t price)
{
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    e.product = product;
    e.group = group;
    e.min_quantity = min_qty;
    e.unit_price = price;
    CHECK_OK(clm_price_set_add_entry(s, list, &e));
}

/* The old and the new version. Retail for everyone; wholesale (category
 * "wholesale") = retail - 12 %, to whole roubles half-up; C-3's own list.
 * The new version raises CEM-M500 450.00 -> 470.00 and SAND's break of
 * 100 units 90.00 -> 95.00, adds GLUE 300.00 and drops NAILS 5.00. */
static clm_price_book *book(int version)
{
    clm_price_set *s;
    CHECK_OK(clm_price_set_new(&s));
    add_list(s, "retail", CLM_PRICE_EVERYONE, NULL, NULL, 0);
    add_list(s, "wholesale", CLM_PRICE_CATEGORY, "wholesale", "retail", -12 * CLM_RATE_PERCENT);
    add_list(s, "vip-C-3", CLM_PRICE_CLIENT, "C-3", NULL, 0);
    add_price(s, "retail", "CEM-M500", NULL, 0, version == 1 ? 45000 : 47000);
    add_price(s, "retail", NULL, "bricks", 0, 2000);
    add_price(s, "retail", "SAND", NULL, 0, 10000);
    add_price(s, "retail", "SAND", NULL, QTY(100), version == 1 ? 9000 : 9500);
    if (version == 1)
        add_price(s, "retail", "NAILS", NULL, 0, 500);
    else
        add_price(s, "retail", "GLUE", NULL, 0, 30000);
    add_price(s, "vip-C-3", "CEM-M500", NULL, 0, 40000);
    clm_price_book *b = NULL;
    CHECK_OK(clm_price_book_compile(&b, s, NULL));
    clm_price_set_free(s);
    return b;
}

static const char *const WHOLESALE[] = { "wholesale" };

static const clm_price_notice_client CLIENTS[] = {
    { .id = "C-1" },
    { .id = "C-2", .categories = WHOLESALE, .category_count = 1 },
    { .id = "C-3" },
    { .id = "C-4" },
    { .id = "C-5" },
};

static clm_price_interest I(clm_price_interest_kind k, const char *client, const char *product,
                            const char *group, int64_t qty, clm_date date)
{
    clm_price_interest it = { k, client, product, group, qty, date };
    return it;
}

typedef struct fixture {
    clm_price_book *old_b, *new_b;
    clm_calendar *cal;
    clm_price_interest interests[12];
    clm_price_notice_request r;
} fixture;

static void fixture_init(fixture *f)
{
    f->old_b = book(1);
    f->new_b = book(2);
    CHECK_OK(clm_calendar_new_ru(&f->cal));
    size_t n = 0;
    clm_date jan = D(2026, 1, 20);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-1", "CEM-M500", NULL, QTY(10), jan);
    f->interests[n++] = I(CLM_PRICE_INTEREST_OFFER, "C-1", "GLUE", NULL, QTY(1), 0);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-1", "NAILS", NULL, QTY(1000), jan);
    f->interests[n++] = I(CLM_PRICE_INTEREST_CONTRACT, "C-2", "CEM-M500", NULL, QTY(10), 0);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-2", "CEM-M500", NULL, QTY(10), jan);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-2", "SAND", NULL, QTY(150), jan);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-2", "SAND", NULL, QTY(50), jan);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-3", "CEM-M500", NULL, QTY(10), jan);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-4", "BRK-1", "bricks", QTY(500), jan);
    f->interests[n++] = I(CLM_PRICE_INTEREST_PURCHASE, "C-5", "CEM-M500", NULL, QTY(10),
                          D(2025, 8, 31));
    f->r = (clm_price_notice_request)CLM_PRICE_NOTICE_REQUEST_INIT;
    f->r.currency = "RUB";
    f->r.old_prices = f->old_b;
    f->r.new_prices = f->new_b;
    f->r.effective = D(2026, 3, 2);
    f->r.notice_days = 5;
    f->r.calendar = f->cal;
    f->r.window_from = D(2025, 9, 1);
    f->r.window_to = D(2026, 2, 28);
    f->r.clients = CLIENTS;
    f->r.client_count = sizeof CLIENTS / sizeof CLIENTS[0];
    f->r.interests = f->interests;
    f->r.interest_count = n;
}

static void fixture_free(fixture *f)
{
    clm_price_book_free(f->old_b);
    clm_price_book_free(f->new_b);
    clm_calendar_free(f->cal);
}

static void test_names(void **state)
{
    (void)state;
    clm_price_interest_kind k = CLM_PRICE_INTEREST_OFFER;
    assert_string_equal(clm_price_interest_kind_name(CLM_PRICE_INTEREST_CONTRACT), "contract");
    assert_null(clm_price_interest_kind_name((clm_price_interest_kind)3));
    CHECK_OK(clm_price_interest_kind_from_name(&k, "purchase"));
    assert_int_equal(k, CLM_PRICE_INTEREST_PURCHASE);
    CHECK_FAIL(clm_price_interest_kind_from_name(&k, "order"), CLM_ENOTFOUND);
    assert_int_equal(k, CLM_PRICE_INTEREST_PURCHASE);
    assert_string_equal(clm_price_change_kind_name(CLM_PRICE_WITHDRAWN), "withdrawn");
    assert_null(clm_price_change_kind_name((clm_price_change_kind)0));
    clm_price_notice_request r;
    memset(&r, 0x11, sizeof r);
    CHECK_OK(clm_price_notice_request_init(&r));
    assert_int_equal(r.version, CLM_PRICE_NOTICE_REQUEST_VERSION);
    assert_null(r.clients);
}

/* Worked on the production calendars (decrees No. 1466 of 24.09.2025 and
 * No. 1335 of 04.10.2024). */
static void test_deadline(void **state)
{
    (void)state;
    clm_calendar *ru;
    CHECK_OK(clm_calendar_new_ru(&ru));
    clm_date d = 0;
    /* Mon 2 Mar 2026, 5 working days: 27, 26, 25, 24 Feb, then 20 Feb
     * (21-23 Feb off); the notice goes out the working day before: Thu 19 */
    CHECK_OK(clm_price_notice_deadline(&d, ru, D(2026, 3, 2), 5));
    CHECK_I64(d, D(2026, 2, 19));
    /* no notice period: the last working day before the change */
    CHECK_OK(clm_price_notice_deadline(&d, ru, D(2026, 3, 2), 0));
    CHECK_I64(d, D(2026, 2, 27));
    /* Mon 12 Jan 2026 (1-11 Jan off), 1 working day: 31 Dec 2025 is off
     * (the 5 Jan transfer), so 30 Dec, and the notice by Mon 29 Dec 2025 */
    CHECK_OK(clm_price_notice_deadline(&d, ru, D(2026, 1, 12), 1));
    CHECK_I64(d, D(2025, 12, 29));
    /* outside the calendar's coverage (2024-2026) */
    d = 7;
    CHECK_FAIL(clm_price_notice_deadline(&d, ru, D(2024, 1, 3), 5), CLM_ERANGE);
    CHECK_FAIL(clm_price_notice_deadline(&d, ru, D(2026, 3, 2), -1), CLM_EINVAL);
    CHECK_FAIL(clm_price_notice_deadline(&d, NULL, D(2026, 3, 2), 1), CLM_EINVAL);
    CHECK_I64(d, 7);
    clm_calendar_free(ru);
}

static void test_notices(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    clm_price_notices *ns = NULL;
    CHECK_OK(clm_price_notices_new(&ns, &f.r));
    /* C-3 keeps its own price, C-4's bricks do not change, C-5 bought
     * before the window */
    assert_int_equal(clm_price_notices_count(ns), 2);

    const clm_price_notice *n = clm_price_notices_at(ns, 0);
    assert_string_equal(n->client, "C-1");
    CHECK_I64(n->deadline, D(2026, 2, 19));
    CHECK_I64(n->effective, D(2026, 3, 2));
    assert_int_equal(n->change_count, 3);
    const clm_price_change *c = clm_price_notices_change(ns, 0, 0);
    assert_string_equal(c->product, "CEM-M500");
    assert_int_equal(c->kind, CLM_PRICE_CHANGED);
    CHECK_I64(c->old_price, 45000);
    CHECK_I64(c->new_price, 47000);
    assert_string_equal(c->old_list, "retail");
    assert_string_equal(c->new_list, "retail");
    assert_int_equal(c->reasons, CLM_PRICE_INTEREST_PURCHASE);
    c = clm_price_notices_change(ns, 0, 1);
    assert_string_equal(c->product, "GLUE");
    assert_int_equal(c->kind, CLM_PRICE_ADDED);
    CHECK_I64(c->old_price, 0);
    CHECK_I64(c->new_price, 30000);
    assert_null(c->old_list);
    assert_int_equal(c->reasons, CLM_PRICE_INTEREST_OFFER);
    c = clm_price_notices_change(ns, 0, 2);
    assert_string_equal(c->product, "NAILS");
    assert_int_equal(c->kind, CLM_PRICE_WITHDRAWN);
    CHECK_I64(c->old_price, 500);
    CHECK_I64(c->new_price, 0);
    assert_null(c->new_list);
    assert_null(clm_price_notices_change(ns, 0, 3));

    n = clm_price_notices_at(ns, 1);
    assert_string_equal(n->client, "C-2");
    assert_int_equal(n->change_count, 2);
    /* wholesale = retail - 12 %, to whole roubles half-up:
     * 450.00 x 0.88 = 396.00; 470.00 x 0.88 = 413.60 -> 414.00 */
    c = clm_price_notices_change(ns, 1, 0);
    assert_string_equal(c->product, "CEM-M500");
    CHECK_I64(c->old_price, 39600);
    CHECK_I64(c->new_price, 41400);
    assert_string_equal(c->old_list, "wholesale");
    /* bought and under contract: one change, both reasons */
    assert_int_equal(c->reasons, CLM_PRICE_INTEREST_PURCHASE | CLM_PRICE_INTEREST_CONTRACT);
    /* 150 units reach the 100-unit break: 90.00 x 0.88 = 79.20 -> 79.00;
     * 95.00 x 0.88 = 83.60 -> 84.00. The 50 units (100.00 -> 88.00 in
     * both versions) do not change. */
    c = clm_price_notices_change(ns, 1, 1);
    assert_string_equal(c->product, "SAND");
    CHECK_I64(c->quantity, QTY(150));
    CHECK_I64(c->old_price, 7900);
    CHECK_I64(c->new_price, 8400);
    assert_null(clm_price_notices_at(ns, 2));
    clm_price_notices_free(ns);

    /* the same versions: nobody to notify */
    f.r.new_prices = f.old_b;
    CHECK_OK(clm_price_notices_new(&ns, &f.r));
    assert_int_equal(clm_price_notices_count(ns), 0);
    clm_price_notices_free(ns);
    /* a wider window takes in C-5's August purchase */
    f.r.new_prices = f.new_b;
    f.r.window_from = D(2025, 8, 1);
    CHECK_OK(clm_price_notices_new(&ns, &f.r));
    assert_int_equal(clm_price_notices_count(ns), 3);
    assert_string_equal(clm_price_notices_at(ns, 2)->client, "C-5");
    clm_price_notices_free(ns);
    fixture_free(&f);
}

static void test_bad_request(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    clm_price_notices *ns = (clm_price_notices *)&f; /* must stay untouched */
    clm_price_notices *before = ns;
    clm_price_notice_request r = f.r;

    r.version = 0;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EVERSION);
    r = f.r;
    r.currency = "ZZZ";
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_ECURRENCY);
    r = f.r;
    r.old_prices = NULL;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "old_prices");
    r = f.r;
    r.calendar = NULL;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    r = f.r;
    r.notice_days = -1;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    r = f.r;
    r.window_from = D(2026, 3, 1);
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    r = f.r;
    r.effective = D(2027, 3, 1); /* beyond the calendar */
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_ERANGE);
    r = f.r;
    r.client_count = 0; /* interests name clients that are not given */
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "'C-1'"));

    clm_price_notice_client twice[] = { { .id = "C-1" }, { .id = "C-2" }, { .id = "C-1" } };
    r = f.r;
    r.clients = twice;
    r.client_count = 3;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_non_null(strstr(clm_error_last()->message, "twice"));

    clm_price_interest bad[1];
    r = f.r;
    r.interests = bad;
    r.interest_count = 1;
    bad[0] = I(CLM_PRICE_INTEREST_OFFER, "C-1", "CEM-M500", NULL, 0, 0);
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "quantity");
    bad[0] = I((clm_price_interest_kind)3, "C-1", "CEM-M500", NULL, 1, 0);
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "kind");
    bad[0] = I(CLM_PRICE_INTEREST_OFFER, "C-1", " CEM", NULL, 1, 0);
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "product");
    bad[0] = I(CLM_PRICE_INTEREST_PURCHASE, "C-1", "CEM-M500", NULL, 1, CLM_DATE_MAX + 1);
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "date");
    bad[0] = I(CLM_PRICE_INTEREST_OFFER, NULL, "CEM-M500", NULL, 1, 0);
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "client");
    bad[0] = I(CLM_PRICE_INTEREST_OFFER, "C-1", "CEM-M500", "bulk\n", 1, 0);
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "group");
    r.interests = NULL;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    CHECK_FAIL(clm_price_notices_new(NULL, &f.r), CLM_EINVAL);

    /* the new book, the dates' domain, the clients' array */
    r = f.r;
    r.new_prices = NULL;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "new_prices");
    r = f.r;
    r.currency = NULL;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_ECURRENCY);
    r = f.r;
    r.effective = CLM_DATE_MAX + 1;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_ERANGE);
    assert_string_equal(clm_error_last()->field, "effective");
    r = f.r;
    r.window_to = CLM_DATE_MAX + 1;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_ERANGE);
    assert_string_equal(clm_error_last()->field, "window");
    r = f.r;
    r.window_from = CLM_DATE_MIN - 1;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_ERANGE);
    r = f.r;
    r.clients = NULL;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    clm_price_notice_client odd[] = { { .id = "C-1" }, { .id = "C\t2" } };
    r = f.r;
    r.clients = odd;
    r.client_count = 2;
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "clients.id");
    odd[1] = (clm_price_notice_client){ .id = NULL };
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "clients.id");
    odd[1] = (clm_price_notice_client){ .id = "C-2", .categories = NULL, .category_count = 1 };
    CHECK_FAIL(clm_price_notices_new(&ns, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "clients.categories");
    assert_ptr_equal(ns, before);
    fixture_free(&f);
}

static void test_store(void **state)
{
    (void)state;
    clm_store *st;
    CHECK_OK(clm_store_open_memory(&st));
    int sent = -1;
    clm_time at = 0;
    clm_contact_channel ch = CLM_CHANNEL_CALL;
    CHECK_OK(clm_price_notice_store_was_sent(&sent, &at, &ch, st, "C-1", D(2026, 3, 2)));
    assert_int_equal(sent, 0);
    CHECK_OK(clm_price_notice_store_sent(st, &MGR, "C-1", D(2026, 3, 2), CLM_CHANNEL_EMAIL,
                                         1771400000, NULL));
    CHECK_OK(clm_price_notice_store_was_sent(&sent, &at, &ch, st, "C-1", D(2026, 3, 2)));
    assert_int_equal(sent, 1);
    CHECK_I64(at, 1771400000);
    assert_int_equal(ch, CLM_CHANNEL_EMAIL);
    /* another change, another client: not sent */
    CHECK_OK(clm_price_notice_store_was_sent(&sent, NULL, NULL, st, "C-1", D(2026, 4, 1)));
    assert_int_equal(sent, 0);
    CHECK_OK(clm_price_notice_store_was_sent(&sent, NULL, NULL, st, "C-2", D(2026, 3, 2)));
    assert_int_equal(sent, 0);

    /* the record is the client's contact log: outgoing, by the sender */
    clm_contact_log *log = NULL;
    clm_contact_filter cf = CLM_CONTACT_FILTER_INIT;
    cf.client_id = "C-1";
    CHECK_OK(clm_contact_store_load_log(&log, st, &cf));
    assert_int_equal(clm_contact_log_count(log), 1);
    clm_contact_entry e;
    CHECK_OK(clm_contact_log_at(&e, log, 0));
    assert_int_equal(e.direction, CLM_CONTACT_OUTGOING);
    assert_string_equal(e.manager, "ivanov");
    assert_string_equal(e.purpose, "price change notice, effective 2026-03-02");
    assert_string_equal(e.result, "sent");
    clm_contact_log_free(log);

    /* a notice goes out once; bad input writes nothing */
    int64_t before = 0, after = 0;
    clm_store_filter sf = CLM_STORE_FILTER_INIT;
    sf.kind = CLM_RECORD_CONTACT;
    CHECK_OK(clm_store_count(&before, st, &sf));
    CHECK_FAIL(clm_price_notice_store_sent(st, &MGR, "C-1", D(2026, 3, 2), CLM_CHANNEL_LETTER,
                                           1771500000, "by post"), CLM_EEXISTS);
    CHECK_FAIL(clm_price_notice_store_sent(st, &MGR, "C-2", D(2026, 3, 2), (clm_contact_channel)99,
                                           1771500000, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_notice_store_sent(st, &MGR, "C 2 ", D(2026, 3, 2), CLM_CHANNEL_EMAIL,
                                           1771500000, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_price_notice_store_sent(st, &MGR, "C-2", CLM_DATE_MAX + 1, CLM_CHANNEL_EMAIL,
                                           1771500000, NULL), CLM_ERANGE);
    clm_actor nobody = { "", "manager", 1771500000 };
    CHECK_FAIL(clm_price_notice_store_sent(st, &nobody, "C-2", D(2026, 3, 2), CLM_CHANNEL_EMAIL,
                                           1771500000, NULL), CLM_EINVAL);
    CHECK_OK(clm_store_count(&after, st, &sf));
    CHECK_I64(after, before);
    sent = 7;
    CHECK_FAIL(clm_price_notice_store_was_sent(&sent, NULL, NULL, st, "", D(2026, 3, 2)), CLM_EINVAL);
    assert_int_equal(sent, 7);
    clm_store_free(st);
}

/* ---- allocation failures ------------------------------------------------------------ */

static void *oom_setup_notices(void)
{
    fixture *f = calloc(1, sizeof *f);
    fixture_init(f);
    return f;
}

static void oom_teardown_notices(void *state)
{
    fixture_free(state);
    free(state);
}

static int oom_op_notices(void *state)
{
    fixture *f = state;
    clm_price_notices *ns = NULL;
    int rc = clm_price_notices_new(&ns, &f->r);
    if (rc == 0 && clm_price_notices_count(ns) != 2)
        rc = CLM_EINVAL;
    clm_price_notices_free(ns);
    return rc;
}

static void *oom_setup_store(void)
{
    clm_store *st = NULL;
    CHECK_OK(clm_store_open_memory(&st));
    return st;
}

static int oom_op_store(void *state)
{
    return clm_price_notice_store_sent(state, &MGR, "C-1", D(2026, 3, 2), CLM_CHANNEL_EMAIL,
                                       1771400000, NULL);
}

static void *oom_setup_sent(void)
{
    clm_store *st = oom_setup_store();
    CHECK_OK(oom_op_store(st));
    return st;
}

static int oom_op_was_sent(void *state)
{
    int sent = 0;
    int rc = clm_price_notice_store_was_sent(&sent, NULL, NULL, state, "C-1", D(2026, 3, 2));
    return rc < 0 ? rc : (sent == 1 ? 0 : CLM_EINVAL);
}

static bool oom_store_unchanged(void *state)
{
    int64_t n = -1;
    clm_store_filter sf = CLM_STORE_FILTER_INIT;
    sf.kind = CLM_RECORD_CONTACT;
    return clm_store_count(&n, state, &sf) == 0 && n == 0;
}

static void oom_teardown_store(void *state)
{
    clm_store_free(state);
}

static void test_oom(void **state)
{
    (void)state;
    oom_case notices = { oom_setup_notices, oom_op_notices, NULL, oom_teardown_notices };
    assert_true(oom_check(&notices) >= 1);
    oom_case store = { oom_setup_store, oom_op_store, oom_store_unchanged, oom_teardown_store };
    assert_true(oom_check(&store) >= 1);
    /* reading allocates (the stored entry is decoded) */
    oom_case was_sent = { oom_setup_sent, oom_op_was_sent, NULL, oom_teardown_store };
    assert_true(oom_check(&was_sent) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_notices),
        cmocka_unit_test(test_bad_request),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests_name("price notices", tests, NULL, NULL);
}
