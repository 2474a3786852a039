/*
 * discount_trace_test.c — the explanation trace against batch pricing and
 * against its own recorded text.
 *
 * Random policies (every action kind, every condition kind with open and
 * closed ranges, exclusion groups, the three stacking modes, every
 * rounding mode, caps with role overrides, approval ladders, currencies
 * with 0, 2 and 3 decimals, ids and value lists long enough to fill the
 * reasons' limits) and random documents (lines with and without costs
 * and manual discounts, unknown products and groups, coupons in other
 * cases, clients with and without each fact) are priced:
 *  - through clm_discount_engine_evaluate() with the trace, without it,
 *    and through clm_discount_engine_price_batch(), and every figure of
 *    every line and of the totals must agree; the trace's own figures
 *    must add up to them (each line's steps run from 0 to its net, the
 *    document's total entry ends at the total net, one APPLIED entry per
 *    rule that changed a line);
 *  - for a fixed corpus, the whole result (figures, every trace entry
 *    with its name and reason, the approval sentence) is printed and must
 *    be byte for byte the text recorded in
 *    tests/data/discount_trace_expected.txt, which was written by the
 *    library before the trace's text was built without printf. Run with
 *    CLM_TRACE_EXPECTED_WRITE=FILE to write the text instead (only when a
 *    change of wording is meant);
 *  - the same corpus priced in Russian (clm/lang.h: the translated
 *    sentences and the Russian forms of amounts, rates and dates) must
 *    give the text recorded in tests/data/discount_trace_expected_ru.txt
 *    (one hash a document, the first document in full), written by the
 *    library whose every sentence had two writers, an English one and a
 *    translated one, before they became one; CLM_TRACE_EXPECTED_RU_WRITE
 *    writes it (when src/discount/po/ru.po changes a discount text, this
 *    file is written again with it).
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"

/* ---- a deterministic generator ---------------------------------------------- */

static uint64_t rng_state;

static void seed(uint64_t s)
{
    rng_state = s * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
    if (rng_state == 0)
        rng_state = 1;
}

static uint64_t next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

/* 0 .. n-1 */
static uint32_t pick(uint32_t n)
{
    return (uint32_t)((next() >> 11) % n);
}

/* true with probability num/den */
static bool chance(uint32_t num, uint32_t den)
{
    return pick(den) < num;
}

static int64_t between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)((next() >> 1) % (uint64_t)(hi - lo + 1));
}

/* ---- strings that outlive a policy and its documents ----------------------- */

#define POOL_MAX 4096
static char *pool[POOL_MAX];
static size_t npool;

static const char *keep(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *keep(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_true(npool < POOL_MAX);
    pool[npool] = strdup(buf);
    assert_non_null(pool[npool]);
    return pool[npool++];
}

static void drop_pool(void)
{
    for (size_t i = 0; i < npool; i++)
        free(pool[i]);
    npool = 0;
}

/* An id of `len` characters (the rule ids and values that fill a reason). */
static const char *long_id(const char *head, size_t len)
{
    char buf[300];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", head);
    while (n < len && n + 1 < sizeof buf) {
        buf[n] = (char)('a' + (n % 26));
        n++;
    }
    buf[n] = '\0';
    return keep("%s", buf);
}

/* ---- the vocabulary of a corpus -------------------------------------------- */

#define NPRODUCTS 12
#define NGROUPS 6
static const char *products[NPRODUCTS] = { "p0", "p1", "p2", "p3", "p4", "p5",
                                           "p6", "p7", "p8", "p9", "p10", "p11" };
/* g0, g1 top; g2, g3 under g0; g4 under g2; g5 under g1 */
static const char *groups[NGROUPS] = { "g0", "g1", "g2", "g3", "g4", "g5" };
static const char *group_parent[NGROUPS] = { NULL, NULL, "g0", "g0", "g2", "g1" };
static const char *categories[] = { "wholesale", "retail", "vip", "partner" };
static const char *regions[] = { "north", "south", "east" };
static const char *risks[] = { "A", "B", "C" };
static const char *channels[] = { "web", "office" };
static const char *coupons[] = { "SPRING10", "VIP", "WELCOME" };
static const char *coupon_spellings[] = { "SPRING10", "spring10", "Vip", "VIP", "welcome", "NONE" };
static const char *roles[] = { "manager", "head", "director", "ceo" };
static const char *legal[] = { "legal_entity", "sole_trader", "individual" };
static const char *currencies[] = { "RUB", "RUB", "RUB", "JPY", "BHD" };

#define NCOND_KINDS 20
static const clm_discount_cond_kind cond_kinds[NCOND_KINDS] = {
    CLM_DISCOUNT_COND_CLIENT, CLM_DISCOUNT_COND_CATEGORY, CLM_DISCOUNT_COND_LEGAL_TYPE,
    CLM_DISCOUNT_COND_REGION, CLM_DISCOUNT_COND_RISK_CLASS, CLM_DISCOUNT_COND_PRODUCT,
    CLM_DISCOUNT_COND_GROUP, CLM_DISCOUNT_COND_COUPON, CLM_DISCOUNT_COND_CHANNEL,
    CLM_DISCOUNT_COND_LINE_QUANTITY, CLM_DISCOUNT_COND_LINE_AMOUNT,
    CLM_DISCOUNT_COND_DOC_QUANTITY, CLM_DISCOUNT_COND_DOC_AMOUNT,
    CLM_DISCOUNT_COND_GROUP_QUANTITY, CLM_DISCOUNT_COND_GROUP_AMOUNT, CLM_DISCOUNT_COND_DATE,
    CLM_DISCOUNT_COND_PREPAYMENT, CLM_DISCOUNT_COND_DEFERRAL, CLM_DISCOUNT_COND_TURNOVER,
    CLM_DISCOUNT_COND_TENURE,
};

static bool is_line_cond(clm_discount_cond_kind k)
{
    return k == CLM_DISCOUNT_COND_PRODUCT || k == CLM_DISCOUNT_COND_GROUP ||
           k == CLM_DISCOUNT_COND_LINE_QUANTITY || k == CLM_DISCOUNT_COND_LINE_AMOUNT;
}

/* A value of a set condition of kind k. */
static const char *set_value(clm_discount_cond_kind k)
{
    switch (k) {
    case CLM_DISCOUNT_COND_CLIENT: return chance(1, 2) ? "c1" : keep("c%u", pick(5));
    case CLM_DISCOUNT_COND_CATEGORY: return categories[pick(4)];
    case CLM_DISCOUNT_COND_LEGAL_TYPE: return legal[pick(3)];
    case CLM_DISCOUNT_COND_REGION: return regions[pick(3)];
    case CLM_DISCOUNT_COND_RISK_CLASS: return risks[pick(3)];
    case CLM_DISCOUNT_COND_PRODUCT: return chance(1, 10) ? "unknown-product" : products[pick(NPRODUCTS)];
    case CLM_DISCOUNT_COND_GROUP: return chance(1, 10) ? "unknown-group" : groups[pick(NGROUPS)];
    case CLM_DISCOUNT_COND_COUPON: return coupons[pick(3)];
    default: return channels[pick(2)];
    }
}

/* A range bound on kind k's scale. */
static int64_t range_value(clm_discount_cond_kind k)
{
    switch (k) {
    case CLM_DISCOUNT_COND_LINE_QUANTITY:
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
    case CLM_DISCOUNT_COND_GROUP_QUANTITY: {
        int64_t q = between(0, 60) * 500;
        return chance(1, 4) ? q + between(1, 999) : q;
    }
    case CLM_DISCOUNT_COND_LINE_AMOUNT:
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
    case CLM_DISCOUNT_COND_GROUP_AMOUNT:
    case CLM_DISCOUNT_COND_TURNOVER: return between(0, 2000000);
    case CLM_DISCOUNT_COND_DATE: return between(20200, 20300);
    case CLM_DISCOUNT_COND_PREPAYMENT: return between(0, 1000000);
    case CLM_DISCOUNT_COND_DEFERRAL: return between(0, 120);
    default: return between(-30, 3000); /* tenure */
    }
}

static void add_condition(clm_discount_policy *p, size_t rule, bool doc_only)
{
    clm_discount_cond_kind k;
    do
        k = cond_kinds[pick(NCOND_KINDS)];
    while (doc_only && is_line_cond(k));
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = k;
    const char *vals[40];
    if (clm_discount_cond_is_set(k) == 1) {
        size_t n = 1 + pick(3);
        if (chance(1, 25))
            n = 40; /* a list longer than a reason shows */
        for (size_t i = 0; i < n; i++)
            vals[i] = n == 40 && k != CLM_DISCOUNT_COND_LEGAL_TYPE ? long_id("v", 3 + pick(30))
                                                                   : set_value(k);
        c.values = vals;
        c.value_count = n;
    } else {
        int64_t a = range_value(k), b = range_value(k);
        c.min = a < b ? a : b;
        c.max = a < b ? b : a;
        uint32_t open = pick(4);
        if (open == 1)
            c.min = INT64_MIN;
        else if (open == 2)
            c.max = INT64_MAX;
        if (k == CLM_DISCOUNT_COND_GROUP_QUANTITY || k == CLM_DISCOUNT_COND_GROUP_AMOUNT)
            c.group = chance(1, 8) ? "unknown-group" : groups[pick(NGROUPS)];
        if (k == CLM_DISCOUNT_COND_TURNOVER)
            c.period_days = chance(1, 2) ? 365 : 90;
    }
    (void)clm_discount_policy_add_condition(p, rule, &c); /* a refused one is left out */
}

static clm_rate a_rate(void)
{
    static const clm_rate r[] = { 10000, 25000, 50000, 75000, 100000, 125000, 333333, 500000, 1000000 };
    return chance(1, 4) ? (clm_rate)between(1, 999999) : r[pick(9)];
}

static clm_rate cap_rate(void)
{
    return chance(1, 2) ? CLM_DISCOUNT_NO_LIMIT : (clm_rate)between(0, 400000);
}

static clm_discount_policy *make_policy(void)
{
    clm_discount_policy *p = NULL;
    const char *cur = currencies[pick(5)];
    assert_int_equal(clm_discount_policy_new(&p, "corpus", cur), 0);
    assert_int_equal(clm_discount_policy_set_stacking(p, (clm_discount_stacking)(1 + pick(3))), 0);
    assert_int_equal(clm_discount_policy_set_rounding(p, (clm_rounding)pick(7)), 0);
    assert_int_equal(clm_discount_policy_set_margin_basis(p, (clm_discount_margin_basis)(1 + pick(2))), 0);
    assert_int_equal(clm_discount_policy_set_coupon_match(p, (clm_discount_coupon_match)(1 + pick(2))), 0);
    for (size_t g = 0; g < NGROUPS; g++)
        if (chance(3, 4))
            (void)clm_discount_policy_add_group(p, groups[g], group_parent[g]);
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    caps.max_line = cap_rate();
    caps.max_document = cap_rate();
    caps.margin_floor = chance(1, 2) ? CLM_DISCOUNT_NO_LIMIT : (clm_rate)between(0, 300000);
    (void)clm_discount_policy_set_caps(p, &caps);
    if (chance(1, 3)) {
        caps.max_line = cap_rate();
        caps.max_document = cap_rate();
        (void)clm_discount_policy_add_role_caps(p, roles[pick(4)], &caps);
    }
    size_t nrules = 1 + pick(chance(1, 5) ? 40 : 12);
    for (size_t i = 0; i < nrules; i++) {
        clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
        r.id = chance(1, 30) ? long_id(keep("rule-%zu-", i), 200 + pick(55)) : keep("r%zu", i);
        r.priority = (int32_t)between(-2, 3);
        static const char *excl[] = { NULL, NULL, "price", "volume", "loyalty" };
        r.exclusion_group = excl[pick(5)];
        r.action.kind = (clm_discount_action_kind)(1 + pick(8));
        switch (r.action.kind) {
        case CLM_DISCOUNT_PERCENT:
        case CLM_DISCOUNT_SURCHARGE:
            r.action.rate = a_rate();
            break;
        case CLM_DISCOUNT_EARLY_PAYMENT:
            r.action.rate = (clm_rate)between(1000, 100000);
            r.action.days = (int32_t)between(0, 20);
            r.action.net_days = r.action.days + (int32_t)between(1, 60);
            break;
        case CLM_DISCOUNT_FREE_GOODS:
            r.action.buy = between(1, 5);
            r.action.get = between(1, 3);
            break;
        case CLM_DISCOUNT_FIXED_PRICE:
            r.action.amount = between(0, 50000);
            break;
        default:
            r.action.amount = between(1, 200000);
        }
        if (r.action.kind == CLM_DISCOUNT_SURCHARGE || r.action.kind == CLM_DISCOUNT_EARLY_PAYMENT)
            r.exclusion_group = NULL;
        size_t at;
        if (clm_discount_policy_add_rule(&at, p, &r) != 0)
            continue;
        bool doc_only = r.action.kind == CLM_DISCOUNT_EARLY_PAYMENT ||
                        r.action.kind == CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT;
        size_t nc = pick(4);
        for (size_t c = 0; c < nc; c++)
            add_condition(p, at, doc_only);
    }
    size_t steps = pick(5);
    clm_rate disc = 0, marg = 600000;
    for (size_t i = 0; i < steps; i++) {
        disc += (clm_rate)between(0, 150000);
        marg -= (clm_rate)between(0, 150000);
        /* one draw per statement: the order of a call's arguments or an
         * initialiser's members is unspecified */
        clm_discount_approval a = { roles[i], disc, marg };
        if (i + 1 == steps && chance(1, 2))
            a.max_discount = CLM_DISCOUNT_NO_LIMIT;
        if (chance(1, 3))
            a.min_margin = CLM_DISCOUNT_NO_LIMIT;
        if (clm_discount_policy_add_approval(p, &a) != 0)
            break;
    }
    return p;
}

/* ---- documents ------------------------------------------------------------- */

#define MAX_LINES 8

typedef struct doc_store {
    clm_discount_document doc;
    clm_discount_line lines[MAX_LINES];
    const char *cats[3];
    const char *cps[3];
    clm_discount_turnover turnover[2];
} doc_store;

static void make_document(doc_store *s, const char *currency, bool big)
{
    memset(s, 0, sizeof *s);
    clm_discount_document *d = &s->doc;
    assert_int_equal(clm_discount_document_init(d), 0);
    d->currency = currency;
    d->date = (clm_date)between(20200, 20300);
    d->client.id = chance(2, 3) ? keep("c%u", pick(5)) : NULL;
    d->client.legal_type = chance(2, 3) ? legal[pick(3)] : NULL;
    d->client.region = chance(2, 3) ? regions[pick(3)] : NULL;
    d->client.risk_class = chance(2, 3) ? risks[pick(3)] : NULL;
    size_t nc = pick(4);
    for (size_t i = 0; i < nc; i++)
        s->cats[i] = chance(1, 6) ? "unknown-category" : categories[pick(4)];
    d->client.categories = nc ? s->cats : NULL;
    d->client.category_count = nc;
    if (chance(2, 3))
        d->client.since = d->date - (clm_date)between(-10, 2500);
    size_t nt = pick(3);
    for (size_t i = 0; i < nt; i++) {
        s->turnover[i].period_days = i == 0 ? 365 : 90;
        s->turnover[i].amount = between(0, 3000000);
    }
    d->client.turnover = nt ? s->turnover : NULL;
    d->client.turnover_count = nt;
    size_t ncp = pick(3);
    for (size_t i = 0; i < ncp; i++)
        s->cps[i] = coupon_spellings[pick(6)];
    d->coupons = ncp ? s->cps : NULL;
    d->coupon_count = ncp;
    d->prepayment = chance(1, 2) ? 0 : (clm_rate)between(0, 1000000);
    d->deferral_days = (int32_t)between(0, 120);
    d->channel = chance(2, 3) ? channels[pick(2)] : NULL;
    d->role = chance(3, 4) ? roles[pick(4)] : NULL;
    size_t nl = big ? 1 + pick(MAX_LINES) : 1 + pick(4);
    for (size_t i = 0; i < nl; i++) {
        clm_discount_line *l = &s->lines[i];
        l->product = chance(1, 12) ? "unknown-product" : products[pick(NPRODUCTS)];
        uint32_t g = pick(NGROUPS + 2);
        l->group = g < NGROUPS ? groups[g] : g == NGROUPS ? NULL : "unknown-group";
        l->quantity = chance(1, 3) ? between(1, 40000) : between(1, 40) * 1000;
        int64_t price = chance(1, 20) ? 0 : between(1, 200000);
        if (chance(1, 40))
            price = between(1, 1000000000000);
        assert_int_equal(clm_money_make(&l->unit_price, price, currency), 0);
        if (chance(2, 3)) {
            l->has_cost = 1;
            assert_int_equal(clm_money_make(&l->unit_cost, price * between(30, 110) / 100, currency), 0);
        }
        l->manual_rate = chance(1, 6) ? (clm_rate)between(0, 300000) : 0;
    }
    d->lines = s->lines;
    d->line_count = nl;
}

/* ---- printing a result ----------------------------------------------------- */

typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(w >= 0);
    if (t->n + (size_t)w + 1 > t->cap) {
        t->cap = (t->n + (size_t)w + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)w + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)w;
}

/* ---- UTF-8, checked here independently of the library ------------------------ */

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: shortest
 * form, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* overlong */
        hi = c == 0xED ? 0x9F : 0xBF; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80; /* overlong */
        hi = c == 0xF4 ? 0x8F : 0xBF; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

static bool valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u != '\0') {
        size_t k = utf8_seq(u);
        if (k == 0)
            return false;
        u += k;
    }
    return true;
}

/* The length of the longest prefix of the valid UTF-8 text s that has at
 * most `max` bytes and ends on a whole character. */
static size_t whole_prefix(const char *s, size_t max)
{
    size_t n = 0;
    while (s[n] != '\0') {
        size_t k = utf8_seq((const unsigned char *)s + n);
        assert_true(k > 0);
        if (n + k > max)
            break;
        n += k;
    }
    return n;
}

static void print_entries(text *out, const clm_discount_result *r, size_t line)
{
    size_t n = clm_discount_result_trace_count(r, line);
    for (size_t i = 0; i < n; i++) {
        const clm_discount_trace_entry *e = clm_discount_result_trace(r, line, i);
        if (!valid_utf8(e->reason)) /* every reason, cut or not, in every language */
            fail_msg("a reason is not valid UTF-8: %s", e->reason);
        put(out, "  %d %d %lld %s %" PRId64 " %" PRId64 " %" PRId64 " | %s\n", (int)e->kind,
            (int)e->stage, e->rule == CLM_DISCOUNT_NONE ? -1LL : (long long)e->rule, e->name,
            e->before, e->amount, e->after, e->reason);
    }
}

static void print_line(text *out, const clm_discount_line_result *l)
{
    put(out, "base %" PRId64 " discount %" PRId64 " surcharge %" PRId64 " capped %" PRId64
             " net %" PRId64 " cost %" PRId64 " rate %" PRId64 " margin %" PRId64 "/%d applied %zu"
             " unit %" PRId64 "\n",
        l->base, l->discount, l->surcharge, l->capped, l->net, l->cost, (int64_t)l->rate,
        (int64_t)l->margin, l->has_margin, l->rules_applied, l->unit_price);
}

static void print_totals(text *out, const clm_discount_totals *t)
{
    put(out, "total base %" PRId64 " discount %" PRId64 " surcharge %" PRId64 " capped %" PRId64
             " net %" PRId64 " rate %" PRId64 " max %" PRId64 "@%lld margin %" PRId64 "@%lld/%d"
             " approval %lld/%d/%d early %d %lld %" PRId64 " %d %d %" PRId64 " %" PRId64 "\n",
        t->base, t->discount, t->surcharge, t->capped, t->net, (int64_t)t->rate,
        (int64_t)t->max_line_rate, t->max_line == CLM_DISCOUNT_NONE ? -1LL : (long long)t->max_line,
        (int64_t)t->min_margin,
        t->min_margin_line == CLM_DISCOUNT_NONE ? -1LL : (long long)t->min_margin_line, t->has_margin,
        t->approval == CLM_DISCOUNT_NONE ? -1LL : (long long)t->approval, t->approvable,
        t->role_suffices, t->has_early_payment,
        t->has_early_payment ? (long long)t->early_payment_rule : -1LL,
        (int64_t)t->early_payment_rate, t->early_payment_days, t->early_payment_net_days,
        t->early_payment_amount, (int64_t)t->early_payment_annual_cost);
}

static void print_result(text *out, const clm_discount_result *r)
{
    size_t nl = clm_discount_result_line_count(r);
    for (size_t i = 0; i < nl; i++) {
        put(out, " line %zu: ", i + 1);
        print_line(out, clm_discount_result_line(r, i));
        print_entries(out, r, i);
    }
    put(out, " ");
    print_totals(out, clm_discount_result_totals(r));
    print_entries(out, r, CLM_DISCOUNT_DOCUMENT);
    const char *why = NULL;
    const char *role = clm_discount_result_approval(r, &why);
    put(out, " approval %s: %s\n", role ? role : "(none)", why ? why : "(null)");
}

/* ---- trace against batch ----------------------------------------------------- */

static void same_line(const clm_discount_line_result *a, const clm_discount_line_result *b)
{
    assert_int_equal(a->base, b->base);
    assert_int_equal(a->discount, b->discount);
    assert_int_equal(a->surcharge, b->surcharge);
    assert_int_equal(a->capped, b->capped);
    assert_int_equal(a->net, b->net);
    assert_int_equal(a->cost, b->cost);
    assert_int_equal(a->rate, b->rate);
    assert_int_equal(a->has_margin, b->has_margin);
    if (a->has_margin)
        assert_int_equal(a->margin, b->margin);
    assert_int_equal(a->rules_applied, b->rules_applied);
    assert_int_equal(a->unit_price, b->unit_price);
}

static void same_totals(const clm_discount_totals *a, const clm_discount_totals *b)
{
    assert_int_equal(a->base, b->base);
    assert_int_equal(a->discount, b->discount);
    assert_int_equal(a->surcharge, b->surcharge);
    assert_int_equal(a->capped, b->capped);
    assert_int_equal(a->net, b->net);
    assert_int_equal(a->rate, b->rate);
    assert_int_equal(a->max_line_rate, b->max_line_rate);
    assert_int_equal(a->max_line, b->max_line);
    assert_int_equal(a->has_margin, b->has_margin);
    if (a->has_margin) {
        assert_int_equal(a->min_margin, b->min_margin);
        assert_int_equal(a->min_margin_line, b->min_margin_line);
    }
    assert_int_equal(a->approval, b->approval);
    assert_int_equal(a->approvable, b->approvable);
    assert_int_equal(a->role_suffices, b->role_suffices);
    assert_int_equal(a->has_early_payment, b->has_early_payment);
    if (a->has_early_payment) {
        assert_int_equal(a->early_payment_rule, b->early_payment_rule);
        assert_int_equal(a->early_payment_rate, b->early_payment_rate);
        assert_int_equal(a->early_payment_days, b->early_payment_days);
        assert_int_equal(a->early_payment_net_days, b->early_payment_net_days);
        assert_int_equal(a->early_payment_amount, b->early_payment_amount);
        assert_int_equal(a->early_payment_annual_cost, b->early_payment_annual_cost);
    }
}

/* The trace's figures agree with the result's: a line's steps run from 0
 * (before its base) to its net, each step's amount is before - after, and
 * a rule that changed the line has its APPLIED entry. */
static void trace_adds_up(const clm_discount_result *r)
{
    size_t nl = clm_discount_result_line_count(r);
    for (size_t i = 0; i < nl; i++) {
        const clm_discount_line_result *l = clm_discount_result_line(r, i);
        size_t n = clm_discount_result_trace_count(r, i);
        assert_true(n >= 1);
        int64_t run = 0;
        size_t applied = 0;
        bool base_seen = false;
        for (size_t k = 0; k < n; k++) {
            const clm_discount_trace_entry *e = clm_discount_result_trace(r, i, k);
            assert_non_null(e->name);
            assert_non_null(e->reason);
            assert_int_equal(e->amount, e->before - e->after);
            if (strcmp(e->name, "price") == 0)
                continue;
            if (strcmp(e->name, "base") == 0) {
                base_seen = true;
                assert_int_equal(e->after, l->base);
            }
            if (e->kind == CLM_DISCOUNT_TRACE_APPLIED || e->amount != 0 ||
                strcmp(e->name, "base") == 0) {
                assert_int_equal(e->before, run);
                run = e->after;
            }
            if (e->kind == CLM_DISCOUNT_TRACE_APPLIED && e->stage == CLM_DISCOUNT_STAGE_DISCOUNT)
                applied++;
        }
        assert_true(base_seen);
        assert_int_equal(run, l->net);
        /* the surcharges count once their total is positive */
        size_t sur = 0;
        for (size_t k = 0; k < n; k++) {
            const clm_discount_trace_entry *e = clm_discount_result_trace(r, i, k);
            if (e->kind == CLM_DISCOUNT_TRACE_APPLIED && e->stage == CLM_DISCOUNT_STAGE_SURCHARGE)
                sur++;
        }
        assert_int_equal(l->rules_applied, applied + (l->surcharge > 0 ? sur : 0));
    }
    const clm_discount_totals *t = clm_discount_result_totals(r);
    size_t n = clm_discount_result_trace_count(r, CLM_DISCOUNT_DOCUMENT);
    bool total_seen = false;
    for (size_t k = 0; k < n; k++) {
        const clm_discount_trace_entry *e = clm_discount_result_trace(r, CLM_DISCOUNT_DOCUMENT, k);
        assert_int_equal(e->amount, e->before - e->after);
        if (strcmp(e->name, "total") == 0) {
            total_seen = true;
            assert_int_equal(e->before, t->base);
            assert_int_equal(e->after, t->net);
        }
    }
    assert_true(total_seen);
}

/* Prices `ndocs` documents of one random policy three ways; *docs_out and
 * *lines_out count what was compared. */
static void compare_policy(size_t *docs_out, size_t *lines_out, size_t ndocs)
{
    clm_discount_policy *p = make_policy();
    clm_discount_engine *e = NULL;
    assert_int_equal(clm_discount_policy_compile(&e, p), 0);
    const char *cur = clm_discount_policy_currency(p);
    doc_store *ds = calloc(ndocs, sizeof *ds);
    clm_discount_document *docs = calloc(ndocs, sizeof *docs);
    assert_non_null(ds);
    assert_non_null(docs);
    size_t total_lines = 0;
    for (size_t k = 0; k < ndocs; k++) {
        make_document(&ds[k], cur, chance(1, 3));
        ds[k].doc.lines = ds[k].lines;
        docs[k] = ds[k].doc;
        total_lines += docs[k].line_count;
    }
    clm_discount_line_result *lines = calloc(total_lines, sizeof *lines);
    clm_discount_totals *tots = calloc(ndocs, sizeof *tots);
    assert_non_null(lines);
    assert_non_null(tots);
    int brc = clm_discount_engine_price_batch(lines, total_lines, tots, e, docs, ndocs);
    clm_discount_eval_options plain = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
    plain.trace = 0;
    size_t at = 0;
    bool any_failed = false;
    for (size_t k = 0; k < ndocs; k++) {
        clm_discount_result *traced = NULL, *untraced = NULL;
        int rc = clm_discount_engine_evaluate(&traced, e, &docs[k], NULL);
        int rc2 = clm_discount_engine_evaluate(&untraced, e, &docs[k], &plain);
        assert_int_equal(rc, rc2);
        if (rc != 0) {
            any_failed = true; /* an amount beyond int64: refused both ways */
            assert_int_equal(rc, CLM_EOVERFLOW);
            at += docs[k].line_count;
            continue;
        }
        size_t nl = clm_discount_result_line_count(traced);
        assert_int_equal(nl, docs[k].line_count);
        for (size_t i = 0; i < nl; i++) {
            same_line(clm_discount_result_line(traced, i), clm_discount_result_line(untraced, i));
            if (brc == 0)
                same_line(clm_discount_result_line(traced, i), &lines[at + i]);
            assert_int_equal(clm_discount_result_trace_count(untraced, i), 0);
        }
        same_totals(clm_discount_result_totals(traced), clm_discount_result_totals(untraced));
        if (brc == 0)
            same_totals(clm_discount_result_totals(traced), &tots[k]);
        const char *w1 = NULL, *w2 = NULL;
        const char *r1 = clm_discount_result_approval(traced, &w1);
        const char *r2 = clm_discount_result_approval(untraced, &w2);
        assert_true((r1 == NULL) == (r2 == NULL));
        if (r1)
            assert_string_equal(r1, r2);
        assert_string_equal(w1, w2);
        trace_adds_up(traced);
        at += nl;
        *lines_out += nl;
        (*docs_out)++;
        clm_discount_result_free(traced);
        clm_discount_result_free(untraced);
    }
    /* the batch fails exactly when a document does */
    assert_int_equal(brc != 0, any_failed);
    free(lines);
    free(tots);
    free(ds);
    free(docs);
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
    drop_pool();
}

static void test_trace_agrees_with_batch(void **state)
{
    (void)state;
    size_t docs = 0, lines = 0;
    for (uint64_t s = 1; s <= 400; s++) {
        seed(1000 + s);
        compare_policy(&docs, &lines, 60);
    }
    /* the corpus is what it claims: tens of thousands of documents */
    assert_true(docs > 20000);
    assert_true(lines > 50000);
}

/* A caller that reuses its buffers: the names of the next document sit at
 * the addresses of the last one's, with other contents. Each evaluation
 * must price the names it is given (the engine keeps scratch memory from
 * one evaluation to the next, and nothing in it may stand for a name). */
static void test_names_at_reused_addresses(void **state)
{
    (void)state;
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "reuse", "RUB"), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "g0", NULL), 0);
    assert_int_equal(clm_discount_policy_add_group(p, "g1", NULL), 0);
    const char *names[4] = { "p0", "p1", "g0", "g1" };
    for (size_t k = 0; k < 4; k++) {
        clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
        r.id = names[k];
        r.action.kind = CLM_DISCOUNT_PERCENT;
        r.action.rate = (clm_rate)(10000 * (k + 1));
        size_t at;
        assert_int_equal(clm_discount_policy_add_rule(&at, p, &r), 0);
        clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
        c.kind = k < 2 ? CLM_DISCOUNT_COND_PRODUCT : CLM_DISCOUNT_COND_GROUP;
        c.values = &names[k];
        c.value_count = 1;
        assert_int_equal(clm_discount_policy_add_condition(p, at, &c), 0);
    }
    clm_discount_engine *e = NULL;
    assert_int_equal(clm_discount_policy_compile(&e, p), 0);
    char product[8], group[8];
    clm_discount_line line = { .product = product, .group = group, .quantity = 1000 };
    assert_int_equal(clm_money_make(&line.unit_price, 100000, "RUB"), 0);
    clm_discount_document doc;
    assert_int_equal(clm_discount_document_init(&doc), 0);
    doc.currency = "RUB";
    doc.date = 20254;
    doc.lines = &line;
    doc.line_count = 1;
    for (int round = 0; round < 8; round++) {
        for (int trace = 0; trace < 2; trace++) {
            snprintf(product, sizeof product, "p%d", round % 2);
            snprintf(group, sizeof group, "g%d", (round / 2) % 2);
            clm_discount_eval_options o = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
            o.trace = trace;
            clm_discount_result *r = NULL;
            assert_int_equal(clm_discount_engine_evaluate(&r, e, &doc, &o), 0);
            clm_discount_line_result b;
            clm_discount_totals bt;
            assert_int_equal(clm_discount_engine_price_batch(&b, 1, &bt, e, &doc, 1), 0);
            same_line(clm_discount_result_line(r, 0), &b);
            /* compounding: the product's rate, then the group's */
            int64_t after_product = 100000 - 100000 * (10000 * (round % 2 + 1)) / 1000000;
            int64_t want = after_product - after_product * (10000 * ((round / 2) % 2 + 3)) / 1000000;
            assert_int_equal(b.net, want);
            clm_discount_result_free(r);
        }
    }
    clm_discount_engine_free(e);
    clm_discount_policy_free(p);
}

/* ---- the recorded text ------------------------------------------------------ */

/* The recorded corpus: every document of the first TEXT_FULL policies in
 * full, then one line per document of all TEXT_POLICIES policies with a
 * 64-bit FNV-1a hash of its text (the file stays small, the corpus large). */
#define TEXT_POLICIES 300
#define TEXT_FULL 8
#define TEXT_DOCS 8

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Prints the corpus into *out, the documents of the first `full`
 * policies in full; docs[i] receives document i's own text (a malloc'd
 * string) when docs is not NULL. */
static void print_corpus(text *out, char **docs, uint64_t full)
{
    text hashes = { 0 };
    size_t at = 0;
    for (uint64_t s = 1; s <= TEXT_POLICIES; s++) {
        seed(s);
        clm_discount_policy *p = make_policy();
        clm_discount_engine *e = NULL;
        assert_int_equal(clm_discount_policy_compile(&e, p), 0);
        const char *cur = clm_discount_policy_currency(p);
        for (size_t k = 0; k < TEXT_DOCS; k++) {
            doc_store ds;
            make_document(&ds, cur, true);
            ds.doc.lines = ds.lines;
            clm_discount_result *r = NULL;
            int rc = clm_discount_engine_evaluate(&r, e, &ds.doc, NULL);
            text one = { 0 };
            put(&one, "policy %" PRIu64 " document %zu: %d\n", s, k + 1, rc);
            if (rc == 0)
                print_result(&one, r);
            clm_discount_result_free(r);
            if (s <= full)
                put(out, "%s", one.s);
            put(&hashes, "policy %" PRIu64 " document %zu: %016" PRIx64 "\n", s, k + 1,
                fnv1a(one.s, one.n));
            if (docs != NULL)
                docs[at] = one.s;
            else
                free(one.s);
            at++;
        }
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
        drop_pool();
    }
    put(out, "%s", hashes.s);
    free(hashes.s);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t got;
    while ((got = fread(s + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    fclose(f);
    *len = n;
    return s;
}

/* Prints the corpus in `lang` (the first `full` policies in full) and
 * compares it with tests/data/`file`, or writes it to the file the
 * environment variable `write_env` names. */
static void check_recorded(clm_lang lang, uint64_t full, const char *file, const char *write_env)
{
    text out = { 0 };
    char **docs = calloc((size_t)TEXT_POLICIES * TEXT_DOCS, sizeof *docs);
    assert_non_null(docs);
    assert_int_equal(clm_lang_set(lang), 0);
    print_corpus(&out, docs, full);
    assert_int_equal(clm_lang_set(CLM_LANG_EN), 0);
    const char *write = getenv(write_env);
    if (write != NULL && write[0] != '\0') {
        FILE *f = fopen(write, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(out.s, 1, out.n, f), out.n);
        assert_int_equal(fclose(f), 0);
        for (size_t k = 0; k < (size_t)TEXT_POLICIES * TEXT_DOCS; k++)
            free(docs[k]);
        free(docs);
        free(out.s);
        return;
    }
    const char *root = getenv("CLM_SOURCE_ROOT");
    assert_non_null(root);
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/%s", root, file);
    size_t n = 0;
    char *want = read_all(path, &n);
    if (want == NULL)
        fail_msg("cannot read %s", path);
    /* name the first line that differs */
    size_t i = 0, line = 1, start = 0;
    while (i < n && i < out.n && want[i] == out.s[i]) {
        if (want[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    if (i < n || i < out.n) {
        /* a hash line: show the document's whole text as it is now */
        unsigned long long ps = 0;
        size_t dk = 0;
        char hex[17] = "", end = 0;
        if (sscanf(out.s + start, "policy %llu document %zu: %16[0-9a-f]%c", &ps, &dk, hex, &end) == 4 &&
            strlen(hex) == 16 && end == '\n' && ps >= 1 && ps <= TEXT_POLICIES && dk >= 1 &&
            dk <= TEXT_DOCS)
            print_message("document now:\n%s", docs[(ps - 1) * TEXT_DOCS + dk - 1]);
        const char *we = memchr(want + start, '\n', n - start);
        const char *ge = memchr(out.s + start, '\n', out.n - start);
        fail_msg("line %zu differs:\nrecorded: %.*s\nnow:      %.*s", line,
                 (int)((we ? we : want + n) - (want + start)), want + start,
                 (int)((ge ? ge : out.s + out.n) - (out.s + start)), out.s + start);
    }
    free(want);
    for (size_t k = 0; k < (size_t)TEXT_POLICIES * TEXT_DOCS; k++)
        free(docs[k]);
    free(docs);
    free(out.s);
}

/* Document `doc`'s whole result priced by engine e in `lang` (a malloc'd
 * text). */
static char *priced_text(const clm_discount_engine *e, const clm_discount_document *doc,
                         clm_lang lang)
{
    assert_int_equal(clm_lang_set(lang), 0);
    clm_discount_result *r = NULL;
    int rc = clm_discount_engine_evaluate(&r, e, doc, NULL);
    text one = { 0 };
    put(&one, "%d\n", rc);
    if (rc == 0)
        print_result(&one, r);
    clm_discount_result_free(r);
    assert_int_equal(clm_lang_set(CLM_LANG_EN), 0);
    return one.s;
}

/* An engine keeps the policy's constant parts of the sentences per
 * language (made by its first traced evaluation in each): one engine
 * pricing in English, Russian and English again writes what an engine
 * used in one language only writes. */
static void test_one_engine_in_two_languages(void **state)
{
    (void)state;
    static const clm_lang order[3] = { CLM_LANG_EN, CLM_LANG_RU, CLM_LANG_EN };
    for (uint64_t s = 1; s <= 40; s++) {
        seed(s);
        clm_discount_policy *p = make_policy();
        clm_discount_engine *shared = NULL;
        assert_int_equal(clm_discount_policy_compile(&shared, p), 0);
        const char *cur = clm_discount_policy_currency(p);
        for (size_t k = 0; k < 4; k++) {
            doc_store ds;
            make_document(&ds, cur, true);
            ds.doc.lines = ds.lines;
            for (size_t i = 0; i < 3; i++) {
                clm_discount_engine *fresh = NULL;
                assert_int_equal(clm_discount_policy_compile(&fresh, p), 0);
                char *want = priced_text(fresh, &ds.doc, order[i]);
                char *got = priced_text(shared, &ds.doc, order[i]);
                assert_string_equal(got, want);
                free(want);
                free(got);
                clm_discount_engine_free(fresh);
            }
        }
        clm_discount_engine_free(shared);
        clm_discount_policy_free(p);
        drop_pool();
    }
}

/* ---- reasons cut at their limit ------------------------------------------------ */

/* The reason of rule `id`'s NOT_MATCHED entry (the only one: the document
 * has one line) in `lang`, copied into out. */
static void not_matched_reason(char *out, size_t size, const clm_discount_engine *e,
                               const clm_discount_document *doc, const char *id, clm_lang lang)
{
    assert_int_equal(clm_lang_set(lang), 0);
    clm_discount_result *r = NULL;
    assert_int_equal(clm_discount_engine_evaluate(&r, e, doc, NULL), 0);
    assert_int_equal(clm_lang_set(CLM_LANG_EN), 0);
    size_t found = 0;
    const size_t lines[2] = { 0, CLM_DISCOUNT_DOCUMENT };
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < clm_discount_result_trace_count(r, lines[k]); i++) {
            const clm_discount_trace_entry *t = clm_discount_result_trace(r, lines[k], i);
            if (!valid_utf8(t->reason))
                fail_msg("a reason is not valid UTF-8: %s", t->reason);
            if (t->kind == CLM_DISCOUNT_TRACE_NOT_MATCHED && strcmp(t->name, id) == 0) {
                assert_true(strlen(t->reason) < size);
                strcpy(out, t->reason);
                found++;
            }
        }
    assert_int_equal(found, 1);
    clm_discount_result_free(r);
}

/* *doc: one line, 1 of product "p0" at 100.00 RUB, dated day 20250. */
static void one_line_doc(clm_discount_document *doc, clm_discount_line *line)
{
    *line = (clm_discount_line){ 0 };
    line->product = "p0";
    line->quantity = 1000;
    assert_int_equal(clm_money_make(&line->unit_price, 10000, "RUB"), 0);
    assert_int_equal(clm_discount_document_init(doc), 0);
    doc->currency = "RUB";
    doc->date = 20250;
    doc->lines = line;
    doc->line_count = 1;
}

/* The policy: rule "cat" asks for product "p0" and one of `nvals`
 * categories, rule "reg" for region "север". */
static clm_discount_engine *cut_engine(const char *const *vals, size_t nvals)
{
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "cut", "RUB"), 0);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    size_t at;
    r.id = "cat";
    r.action.rate = 100000;
    assert_int_equal(clm_discount_policy_add_rule(&at, p, &r), 0);
    /* anchored on the line's product, which matches: a rule anchored on a
     * category the client is not in is not considered at all */
    static const char *product[] = { "p0" };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_PRODUCT;
    c.values = product;
    c.value_count = 1;
    assert_int_equal(clm_discount_policy_add_condition(p, at, &c), 0);
    c.kind = CLM_DISCOUNT_COND_CATEGORY;
    c.values = vals;
    c.value_count = nvals;
    assert_int_equal(clm_discount_policy_add_condition(p, at, &c), 0);
    r.id = "reg";
    assert_int_equal(clm_discount_policy_add_rule(&at, p, &r), 0);
    static const char *north[] = { "север" };
    c.kind = CLM_DISCOUNT_COND_REGION;
    c.values = north;
    c.value_count = 1;
    assert_int_equal(clm_discount_policy_add_condition(p, at, &c), 0);
    clm_discount_engine *e = NULL;
    assert_int_equal(clm_discount_policy_compile(&e, p), 0);
    clm_discount_policy_free(p);
    return e;
}

/* A reason cut at its limit ends on its last whole UTF-8 character, in
 * English and in Russian: a category rule listing 30 values
 * "abКатегорияN" (the list is cut where the rule's wanted values are cut:
 * inside "Кат" of the ninth), and a region the client is in whose name
 * runs past the reason's limit in Cyrillic. Each reason must be the
 * longest whole-character prefix of the uncut sentence within the limit,
 * which the same reason with ASCII names of the same byte lengths
 * measures (ASCII is cut at the byte). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* the sentences of two languages */
static void test_reasons_cut_on_whole_characters(void **state)
{
    (void)state;
    enum { NV = 30 };
    char cyr[NV][32], lat[NV][32];
    const char *cv[NV], *lv[NV];
    char list[NV * 32] = "";
    for (int i = 0; i < NV; i++) {
        snprintf(cyr[i], sizeof cyr[i], "abКатегория%d", i);
        snprintf(lat[i], sizeof lat[i], "ab%s%d", "xxxxxxxxxxxxxxxxxx", i); /* 18 bytes, as "Категория" */
        assert_int_equal(strlen(cyr[i]), strlen(lat[i]));
        cv[i] = cyr[i];
        lv[i] = lat[i];
        if (i > 0)
            strcat(list, ", ");
        strcat(list, cyr[i]);
    }
    clm_discount_engine *ce = cut_engine(cv, NV), *le = cut_engine(lv, NV);
    static const struct {
        clm_lang lang;
        const char *cat, *reg; /* the sentences, as src/discount/po gives them */
    } langs[2] = {
        { CLM_LANG_EN, "%s: the client is in none of %s", "%s: '%s' is not %s" },
        { CLM_LANG_RU, "%s: клиент не входит ни в одну из категорий %s", "%s: «%s», а нужно %s" },
    };
    const char *cat_name = clm_discount_cond_name(CLM_DISCOUNT_COND_CATEGORY);
    const char *reg_name = clm_discount_cond_name(CLM_DISCOUNT_COND_REGION);
    for (size_t g = 0; g < 2; g++) {
        bool split_region = false;
        for (size_t pad = 0; pad < 2; pad++) { /* the cut falls on one of two bytes */
            char cregion[700], lregion[700];
            size_t n = 0;
            if (pad) {
                cregion[n] = lregion[n] = 'a';
                n++;
            }
            for (int k = 0; k < 300; k++, n += 2) { /* 300 "ю": 600 bytes */
                memcpy(cregion + n, "ю", 2);
                memcpy(lregion + n, "yy", 2);
            }
            cregion[n] = lregion[n] = '\0';
            static const char *other[] = { "other" };
            clm_discount_line line;
            clm_discount_document doc;
            one_line_doc(&doc, &line);
            doc.client.categories = other;
            doc.client.category_count = 1;

            char got[1024], ascii[1024], full[2048];
            /* the category list: cut inside a character */
            doc.client.region = lregion;
            not_matched_reason(ascii, sizeof ascii, le, &doc, "cat", langs[g].lang);
            doc.client.region = cregion;
            not_matched_reason(got, sizeof got, ce, &doc, "cat", langs[g].lang);
            size_t head = (size_t)snprintf(full, sizeof full, langs[g].cat, cat_name, "");
            size_t want_max = strlen(ascii) - head; /* the list's limit, in bytes */
            assert_true(want_max < strlen(list));
            assert_true(((unsigned char)list[want_max] & 0xC0) == 0x80); /* inside a character */
            char want[NV * 32];
            memcpy(want, list, whole_prefix(list, want_max));
            want[whole_prefix(list, want_max)] = '\0';
            assert_true(strlen(want) < want_max);
            snprintf(full, sizeof full, langs[g].cat, cat_name, want);
            assert_string_equal(got, full);

            /* the region: a reason longer than its limit */
            doc.client.region = lregion;
            not_matched_reason(ascii, sizeof ascii, le, &doc, "reg", langs[g].lang);
            doc.client.region = cregion;
            not_matched_reason(got, sizeof got, ce, &doc, "reg", langs[g].lang);
            size_t cap = strlen(ascii); /* the limit: the ASCII sentence is cut at it */
            size_t whole = (size_t)snprintf(full, sizeof full, langs[g].reg, reg_name, cregion, "север");
            assert_true(whole > cap);
            if (((unsigned char)full[cap] & 0xC0) == 0x80)
                split_region = true;
            full[whole_prefix(full, cap)] = '\0';
            assert_string_equal(got, full);
        }
        assert_true(split_region); /* one of the two cut a character */
    }
    clm_discount_engine_free(ce);
    clm_discount_engine_free(le);
}
#pragma GCC diagnostic pop

/* The approval sentence (clm_discount_result_approval()'s `why`, and the
 * trace's approval entry) with role names long enough to pass its limit
 * ends on a whole UTF-8 character, in English and in Russian: two ladder
 * steps named with 120 Cyrillic letters each (240 bytes), the document needing the
 * second; one byte of padding moves the cut from one byte to the next,
 * so one of the two cuts falls inside a character. */
static void test_approval_reason_cut_on_whole_characters(void **state)
{
    (void)state;
    static const clm_lang langs[2] = { CLM_LANG_EN, CLM_LANG_RU };
    for (size_t pad = 0; pad < 2; pad++) {
        char low[300], high[300];
        size_t n = 0;
        if (pad)
            low[n++] = 'a';
        for (int k = 0; k < 120; k++, n += 2) /* within CLM_ID_MAX */
            memcpy(low + n, "ю", 2);
        low[n] = '\0';
        memcpy(high, low, n + 1);
        high[0] = pad ? 'b' : high[0];
        if (!pad)
            memcpy(high, "я", 2); /* a different role: unique in the ladder */
        clm_discount_policy *p = NULL;
        assert_int_equal(clm_discount_policy_new(&p, "why", "RUB"), 0);
        clm_discount_approval step = { low, 50000, CLM_DISCOUNT_NO_LIMIT };
        assert_int_equal(clm_discount_policy_add_approval(p, &step), 0);
        step.role = high;
        step.max_discount = CLM_DISCOUNT_NO_LIMIT;
        assert_int_equal(clm_discount_policy_add_approval(p, &step), 0);
        clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
        size_t at;
        r.id = "big";
        r.action.rate = 100000; /* 10 %: beyond the first role's 5 % */
        assert_int_equal(clm_discount_policy_add_rule(&at, p, &r), 0);
        clm_discount_engine *e = NULL;
        assert_int_equal(clm_discount_policy_compile(&e, p), 0);
        clm_discount_line line;
        clm_discount_document doc;
        one_line_doc(&doc, &line);
        for (size_t g = 0; g < 2; g++) {
            assert_int_equal(clm_lang_set(langs[g]), 0);
            clm_discount_result *res = NULL;
            assert_int_equal(clm_discount_engine_evaluate(&res, e, &doc, NULL), 0);
            assert_int_equal(clm_lang_set(CLM_LANG_EN), 0);
            const char *why = NULL;
            const char *role = clm_discount_result_approval(res, &why);
            assert_non_null(role);
            assert_string_equal(role, high);
            assert_non_null(why);
            if (!valid_utf8(why))
                fail_msg("the approval reason is not valid UTF-8: %s", why);
            /* cut: the sentence names both roles (over 480 bytes) */
            assert_true(strlen(why) >= 319 - 3 && strlen(why) <= 319);
            assert_non_null(strstr(why, low));
            size_t nt = clm_discount_result_trace_count(res, CLM_DISCOUNT_DOCUMENT);
            for (size_t i = 0; i < nt; i++) {
                const clm_discount_trace_entry *t =
                    clm_discount_result_trace(res, CLM_DISCOUNT_DOCUMENT, i);
                if (!valid_utf8(t->reason))
                    fail_msg("a reason is not valid UTF-8: %s", t->reason);
            }
            clm_discount_result_free(res);
        }
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
    }
}

static void test_trace_text_is_the_recorded_one(void **state)
{
    (void)state;
    check_recorded(CLM_LANG_EN, TEXT_FULL, "discount_trace_expected.txt",
                   "CLM_TRACE_EXPECTED_WRITE");
}

static void test_russian_trace_text_is_the_recorded_one(void **state)
{
    (void)state;
    check_recorded(CLM_LANG_RU, 1, "discount_trace_expected_ru.txt",
                   "CLM_TRACE_EXPECTED_RU_WRITE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_text_is_the_recorded_one),
        cmocka_unit_test(test_russian_trace_text_is_the_recorded_one),
        cmocka_unit_test(test_one_engine_in_two_languages),
        cmocka_unit_test(test_trace_agrees_with_batch),
        cmocka_unit_test(test_names_at_reused_addresses),
        cmocka_unit_test(test_reasons_cut_on_whole_characters),
        cmocka_unit_test(test_approval_reason_cut_on_whole_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
