/*
 * offer_fixture.c — see offer_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "offer_fixture.h"

clm_calendar *fx_ru;
clm_discount_engine *fx_engine;
clm_credit_policy *fx_credit;
clm_offer_rules fx_rules = CLM_OFFER_RULES_INIT;

static clm_discount_policy *fx_policy;
clm_price_book *fx_book;
static const char *const WHOLESALE[] = { "wholesale" };

#define OK(call)                                                                   \
    do {                                                                           \
        int fx_rc_ = (call);                                                       \
        if (fx_rc_ < 0)                                                            \
            fail_msg("%s: %d (%s)", #call, fx_rc_, clm_error_last()->message);     \
    } while (0)

clm_date fx_day(int y, int m, int d)
{
    clm_date x = 0;
    OK(clm_date_from_ymd(&x, y, m, d));
    return x;
}

clm_actor fx_who(const char *user, const char *role, clm_date d)
{
    clm_actor a = { user, role, (clm_time)d * 86400 + 36000 };
    return a;
}

int fx_setup(void)
{
    int rc;
    if ((rc = clm_calendar_new_ru(&fx_ru)) < 0)
        return rc;
    clm_price_set *s;
    if ((rc = clm_price_set_new(&s)) < 0)
        return rc;
    clm_price_list_def l = CLM_PRICE_LIST_INIT;
    l.id = "retail";
    l.currency = "RUB";
    clm_price_entry en = CLM_PRICE_ENTRY_INIT;
    if ((rc = clm_price_set_add_list(s, &l)) < 0)
        return rc;
    en.product = "CEM-M500";
    en.unit_price = 45000;
    if ((rc = clm_price_set_add_entry(s, "retail", &en)) < 0)
        return rc;
    en.product = "SAND";
    en.unit_price = 12000;
    if ((rc = clm_price_set_add_entry(s, "retail", &en)) < 0)
        return rc;
    rc = clm_price_book_compile(&fx_book, s, NULL);
    clm_price_set_free(s);
    if (rc < 0)
        return rc;
    if ((rc = clm_discount_policy_new(&fx_policy, "wholesale-2025", "RUB")) < 0)
        return rc;
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "wholesale";
    r.description = "wholesale clients";
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = 10 * CLM_RATE_PERCENT;
    size_t ri;
    if ((rc = clm_discount_policy_add_rule(&ri, fx_policy, &r)) < 0)
        return rc;
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_CATEGORY;
    c.values = WHOLESALE;
    c.value_count = 1;
    if ((rc = clm_discount_policy_add_condition(fx_policy, ri, &c)) < 0)
        return rc;
    /* docs/rules.md, Discounts: manager 5 % here, head 20 %, commercial
     * director 30 %, general director without limit */
    clm_discount_approval a[] = {
        { "manager", 5 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
        { "head_of_department", 20 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
        { "commercial_director", 30 * CLM_RATE_PERCENT, CLM_DISCOUNT_NO_LIMIT },
        { "general_director", CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT },
    };
    for (size_t i = 0; i < 4; i++)
        if ((rc = clm_discount_policy_add_approval(fx_policy, &a[i])) < 0)
            return rc;
    if ((rc = clm_discount_policy_compile_with_prices(&fx_engine, fx_policy, fx_book)) < 0)
        return rc;
    if ((rc = clm_credit_policy_new(&fx_credit, "standard", "RUB")) < 0 ||
        (rc = clm_credit_policy_set_default_limit(fx_credit, 100000000)) < 0 ||
        (rc = clm_credit_policy_add_override_role(fx_credit, "cfo")) < 0)
        return rc;
    return 0;
}

void fx_teardown(void)
{
    clm_discount_engine_free(fx_engine);
    clm_discount_policy_free(fx_policy);
    clm_price_book_free(fx_book);
    clm_credit_policy_free(fx_credit);
    clm_calendar_free(fx_ru);
}

clm_offer_credit fx_credit_ok(void)
{
    clm_offer_credit c = CLM_OFFER_CREDIT_INIT;
    c.policy = fx_credit;
    c.position.limit = 100000000;
    return c;
}

clm_offer *fx_draft(const char *id, const char *client, const char *manager)
{
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = id;
    info.client_id = client;
    info.manager = manager;
    info.currency = "RUB";
    info.date = fx_day(2025, 12, 25);
    info.deferral_days = 14;
    info.delivery = "FCA Moscow warehouse";
    info.delivery_days = 5;
    clm_offer *o = NULL;
    clm_actor m = fx_who(manager, "manager", info.date);
    OK(clm_offer_new(&o, &info, &m));
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "CEM-M500";
    l.quantity = 10 * CLM_DISCOUNT_QTY_SCALE;
    OK(clm_offer_add_line(NULL, o, &l));
    l.product = "SAND";
    l.quantity = 5 * CLM_DISCOUNT_QTY_SCALE;
    OK(clm_offer_add_line(NULL, o, &l));
    return o;
}

clm_offer *fx_priced(const char *id, const char *client, const char *manager)
{
    clm_offer *o = fx_draft(id, client, manager);
    clm_discount_client dc = { 0 };
    dc.id = client;
    dc.categories = WHOLESALE;
    dc.category_count = 1;
    dc.since = CLM_DISCOUNT_NO_DATE;
    clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
    p.engine = fx_engine;
    p.client = &dc;
    p.book = fx_book;
    p.policy_version = "2025-12";
    clm_actor m = fx_who(manager, "manager", fx_day(2025, 12, 25));
    OK(clm_offer_price(o, &m, &p));
    return o;
}

clm_offer *fx_approved(const char *id, const char *client, const char *manager)
{
    clm_offer *o = fx_priced(id, client, manager);
    clm_offer_credit c = fx_credit_ok();
    clm_actor h = fx_who("petrova", "head_of_department", fx_day(2025, 12, 25));
    OK(clm_offer_submit(o, &h, &c));
    return o;
}

clm_offer *fx_sent(const char *id, const char *client, const char *manager)
{
    clm_offer *o = fx_approved(id, client, manager);
    clm_offer_credit c = fx_credit_ok();
    clm_actor m = fx_who(manager, "manager", fx_day(2025, 12, 26));
    OK(clm_offer_send(o, &m, &fx_rules, fx_ru, &c));
    return o;
}

clm_offer *fx_accepted(const char *id, const char *client, const char *manager)
{
    clm_offer *o = fx_sent(id, client, manager);
    clm_offer_credit c = fx_credit_ok();
    clm_date day = fx_day(2025, 12, 29);
    clm_actor m = fx_who(manager, "manager", day);
    clm_offer_acceptance a = CLM_OFFER_ACCEPTANCE_INIT;
    a.dispatched_on = a.received_on = day;
    OK(clm_offer_accept(o, &m, &a, &fx_rules, fx_ru, &c));
    return o;
}
