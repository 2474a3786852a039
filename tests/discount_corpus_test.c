/*
 * discount_corpus_test.c — batch pricing and explained pricing agree on a
 * large random corpus. Random policies (every stacking mode, rounding
 * mode, margin basis and coupon matching, every action and condition
 * kind, group trees, exclusion groups, priorities, caps with role
 * overrides, approval ladders) price random documents three ways: many
 * documents in one clm_discount_engine_price_batch() call, one at a time
 * with the explanation trace, and one at a time without it. Every figure
 * of every line and of the totals must be the same, so a faster batch
 * path cannot change a result the trace explains. The corpus is
 * generated from a fixed seed, and a digest of all its figures pins them
 * to what the library gave before the batch path was sped up. A second
 * corpus has policies of many single-fact rules, which the batch path
 * answers from threshold and coupon tables. A corpus of PERCENT-only
 * policies checks (through the internal header) that its engines take
 * the quick path, with and without its rule masks, and priced again
 * by the same policy compiled with a price book, about half their lines
 * carrying no price. The traces the three corpora write (English, and
 * Russian for every third document) are pinned by digests too, entry
 * for entry and byte for byte, so a faster traced path cannot change
 * what a client is shown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "discount_internal.h" /* e->quick, e->masks: the path untraced pricing takes */

#define POLICIES 600
#define DOCS 24
#define MAX_LINES 40

static uint64_t rng;

static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

static int64_t pick(int64_t n)
{
    return (int64_t)(next() % (uint64_t)n);
}

static const char *const products[] = { "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7",
                                        "p8", "p9", "p10", "p11", "p12", "p13", "p14", "p15" };
static const char *const groups[] = { "g0", "g1", "g2", "g3", "g4", "g5",
                                      "g6", "g7", "g8", "g9", "g10", "g11" };
static const char *const categories[] = { "c0", "c1", "c2", "c3", "c4" };
static const char *const coupons_rule[] = { "K0", "K1", "K2", "K3" };
static const char *const coupons_doc[] = { "K0", "k1", "K2", "k3", "K9" };
static const char *const clients[] = { "a", "b", "c" };
static const char *const regions[] = { "north", "south" };
static const char *const channels[] = { "web", "shop" };
static const char *const roles[] = { "manager", "head", "director" };
static const char *const excls[] = { "x0", "x1", "x2" };

#define COUNT(a) ((int64_t)(sizeof(a) / sizeof((a)[0])))

/* a group's parent: g0..g2 top, g3..g8 below them, g9..g11 below g3..g5 */
static const char *parent_of(int g)
{
    if (g < 3)
        return NULL;
    if (g < 9)
        return groups[g % 3];
    return groups[g - 6];
}

static const char *group_of_product(int p)
{
    return p % 5 == 4 ? NULL : groups[(p * 7) % COUNT(groups)];
}

static clm_rate some_rate(void)
{
    static const clm_rate r[] = { 1, 5000, 10000, 25000, 33333, 50000, 100000, 125000,
                                  333333, 500000, 999999, 1000000 };
    return r[pick(COUNT(r))];
}

static int64_t some_range_value(clm_discount_cond_kind k)
{
    switch (k) {
    case CLM_DISCOUNT_COND_LINE_QUANTITY:
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
    case CLM_DISCOUNT_COND_GROUP_QUANTITY:
        return pick(60000);
    case CLM_DISCOUNT_COND_DATE:
        return 20200 + pick(100);
    case CLM_DISCOUNT_COND_PREPAYMENT:
        return pick(1000001);
    case CLM_DISCOUNT_COND_DEFERRAL:
    case CLM_DISCOUNT_COND_TENURE:
        return pick(400);
    default:
        return pick(5) == 0 ? 0 : pick(20000000);
    }
}

static void add_condition(clm_discount_policy *p, size_t rule)
{
    static const clm_discount_cond_kind kinds[] = {
        CLM_DISCOUNT_COND_CLIENT, CLM_DISCOUNT_COND_CATEGORY, CLM_DISCOUNT_COND_LEGAL_TYPE,
        CLM_DISCOUNT_COND_REGION, CLM_DISCOUNT_COND_PRODUCT, CLM_DISCOUNT_COND_PRODUCT,
        CLM_DISCOUNT_COND_GROUP, CLM_DISCOUNT_COND_GROUP, CLM_DISCOUNT_COND_COUPON,
        CLM_DISCOUNT_COND_CHANNEL, CLM_DISCOUNT_COND_LINE_QUANTITY,
        CLM_DISCOUNT_COND_LINE_AMOUNT, CLM_DISCOUNT_COND_DOC_QUANTITY,
        CLM_DISCOUNT_COND_DOC_AMOUNT, CLM_DISCOUNT_COND_GROUP_QUANTITY,
        CLM_DISCOUNT_COND_GROUP_AMOUNT, CLM_DISCOUNT_COND_DATE, CLM_DISCOUNT_COND_PREPAYMENT,
        CLM_DISCOUNT_COND_DEFERRAL, CLM_DISCOUNT_COND_TURNOVER, CLM_DISCOUNT_COND_TENURE,
    };
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = kinds[pick(COUNT(kinds))];
    const char *v[3];
    const char *const *from = NULL;
    int64_t nfrom = 0;
    switch (c.kind) {
    case CLM_DISCOUNT_COND_CLIENT: from = clients; nfrom = COUNT(clients); break;
    case CLM_DISCOUNT_COND_CATEGORY: from = categories; nfrom = COUNT(categories); break;
    case CLM_DISCOUNT_COND_REGION: from = regions; nfrom = COUNT(regions); break;
    case CLM_DISCOUNT_COND_PRODUCT: from = products; nfrom = COUNT(products); break;
    case CLM_DISCOUNT_COND_GROUP: from = groups; nfrom = COUNT(groups); break;
    case CLM_DISCOUNT_COND_COUPON: from = coupons_rule; nfrom = COUNT(coupons_rule); break;
    case CLM_DISCOUNT_COND_CHANNEL: from = channels; nfrom = COUNT(channels); break;
    case CLM_DISCOUNT_COND_LEGAL_TYPE:
        v[0] = clm_legal_type_name(pick(2) ? CLM_LEGAL_ENTITY : CLM_SOLE_TRADER);
        c.values = v;
        c.value_count = 1;
        break;
    default: {
        int64_t a = some_range_value(c.kind), b = some_range_value(c.kind);
        c.min = pick(4) == 0 ? INT64_MIN : (a < b ? a : b);
        c.max = pick(3) == 0 ? INT64_MAX : (a < b ? b : a);
        if (c.kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || c.kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
            c.group = groups[pick(COUNT(groups))];
        if (c.kind == CLM_DISCOUNT_COND_TURNOVER)
            c.period_days = pick(2) ? 90 : 365;
    }
    }
    if (from != NULL) {
        c.value_count = (size_t)(1 + pick(3));
        for (size_t i = 0; i < c.value_count; i++)
            v[i] = from[pick(nfrom)];
        c.values = v;
    }
    /* a condition the rule's action cannot take is refused; that is
     * the setter's business, not this test's */
    (void)clm_discount_policy_add_condition(p, rule, &c);
}

static clm_discount_caps some_caps(void)
{
    clm_discount_caps c = CLM_DISCOUNT_CAPS_INIT;
    if (pick(2))
        c.max_line = some_rate();
    if (pick(2))
        c.max_document = some_rate();
    if (pick(2))
        c.margin_floor = some_rate() % 900000;
    return c;
}

/* make_policy() gives only the actions the quick path takes (PERCENT,
 * SURCHARGE, EARLY_PAYMENT) while this is set; 2: with 64 to 103 rules,
 * beyond the masks of an engine of at most 63. */
static int percent_only;

static clm_discount_policy *make_policy(void)
{
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "corpus", "RUB"), 0);
    assert_int_equal(clm_discount_policy_set_stacking(p, (clm_discount_stacking)(1 + pick(3))), 0);
    assert_int_equal(clm_discount_policy_set_rounding(p, (clm_rounding)pick(7)), 0);
    assert_int_equal(clm_discount_policy_set_margin_basis(
                         p, pick(2) ? CLM_DISCOUNT_MARGIN_ON_COST : CLM_DISCOUNT_MARGIN_ON_PRICE),
                     0);
    assert_int_equal(clm_discount_policy_set_coupon_match(
                         p, pick(2) ? CLM_DISCOUNT_COUPON_FOLD_ASCII : CLM_DISCOUNT_COUPON_EXACT),
                     0);
    for (int g = 0; g < COUNT(groups); g++)
        assert_int_equal(clm_discount_policy_add_group(p, groups[g], parent_of(g)), 0);
    int nrules = 1 + (int)pick(pick(4) == 0 ? 60 : 12);
    if (percent_only == 2) /* more rules than the quick path's masks hold */
        nrules = 64 + (int)pick(40);
    for (int i = 0; i < nrules; i++) {
        static const clm_discount_action_kind kinds[] = {
            CLM_DISCOUNT_PERCENT, CLM_DISCOUNT_PERCENT, CLM_DISCOUNT_PERCENT,
            CLM_DISCOUNT_AMOUNT_OFF_UNIT, CLM_DISCOUNT_AMOUNT_OFF_LINE, CLM_DISCOUNT_FIXED_PRICE,
            CLM_DISCOUNT_FREE_GOODS, CLM_DISCOUNT_EARLY_PAYMENT, CLM_DISCOUNT_SURCHARGE,
            CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT,
        };
        char id[32];
        snprintf(id, sizeof id, "r%d", i);
        clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
        r.id = id;
        r.priority = (int32_t)pick(4);
        static const clm_discount_action_kind percent_kinds[] = {
            CLM_DISCOUNT_PERCENT, CLM_DISCOUNT_PERCENT, CLM_DISCOUNT_PERCENT,
            CLM_DISCOUNT_PERCENT, CLM_DISCOUNT_SURCHARGE, CLM_DISCOUNT_EARLY_PAYMENT,
        };
        r.action.kind = percent_only ? percent_kinds[pick(COUNT(percent_kinds))]
                                     : kinds[pick(COUNT(kinds))];
        switch (r.action.kind) {
        case CLM_DISCOUNT_PERCENT:
        case CLM_DISCOUNT_SURCHARGE:
            r.action.rate = some_rate();
            break;
        case CLM_DISCOUNT_EARLY_PAYMENT:
            r.action.rate = 1 + pick(100000);
            r.action.days = (int32_t)pick(20);
            r.action.net_days = r.action.days + 1 + (int32_t)pick(60);
            break;
        case CLM_DISCOUNT_FREE_GOODS:
            r.action.buy = 1 + pick(5);
            r.action.get = 1 + pick(3);
            break;
        case CLM_DISCOUNT_FIXED_PRICE:
            r.action.amount = pick(200000);
            break;
        default:
            r.action.amount = 1 + pick(pick(2) ? 100 : 2000000);
        }
        if (r.action.kind != CLM_DISCOUNT_SURCHARGE && r.action.kind != CLM_DISCOUNT_EARLY_PAYMENT &&
            pick(2))
            r.exclusion_group = excls[pick(COUNT(excls))];
        size_t at = 0;
        assert_int_equal(clm_discount_policy_add_rule(&at, p, &r), 0);
        int nc = (int)pick(4);
        for (int k = 0; k < nc; k++)
            add_condition(p, at);
    }
    clm_discount_caps caps = some_caps();
    if (pick(3))
        assert_int_equal(clm_discount_policy_set_caps(p, &caps), 0);
    if (pick(3) == 0) {
        caps = some_caps();
        assert_int_equal(clm_discount_policy_add_role_caps(p, roles[pick(COUNT(roles))], &caps), 0);
    }
    if (pick(2)) {
        clm_discount_approval a[] = {
            { "manager", 50000 + pick(100000), pick(2) ? CLM_DISCOUNT_NO_LIMIT : 100000 },
            { "head", 200000 + pick(100000), CLM_DISCOUNT_NO_LIMIT },
            { "director", CLM_DISCOUNT_NO_LIMIT, CLM_DISCOUNT_NO_LIMIT },
        };
        for (int i = 0; i < 3; i++)
            assert_int_equal(clm_discount_policy_add_approval(p, &a[i]), 0);
    }
    return p;
}

typedef struct corpus_doc {
    clm_discount_document doc;
    clm_discount_line lines[MAX_LINES];
    const char *cats[2];
    const char *coupons[2];
    clm_discount_turnover turnover[2];
} corpus_doc;

static void make_doc(corpus_doc *c)
{
    memset(c, 0, sizeof *c);
    clm_discount_document *d = &c->doc;
    assert_int_equal(clm_discount_document_init(d), 0);
    d->currency = "RUB";
    d->date = (clm_date)(20200 + pick(100));
    d->client.id = pick(4) ? clients[pick(COUNT(clients))] : NULL;
    d->client.region = pick(3) ? regions[pick(COUNT(regions))] : NULL;
    d->client.legal_type = pick(2) ? clm_legal_type_name(CLM_LEGAL_ENTITY) : NULL;
    d->client.category_count = (size_t)pick(3);
    for (size_t i = 0; i < d->client.category_count; i++)
        c->cats[i] = categories[pick(COUNT(categories))];
    d->client.categories = c->cats;
    if (pick(2))
        d->client.since = (clm_date)(19800 + pick(400));
    d->client.turnover_count = (size_t)pick(3);
    for (size_t i = 0; i < d->client.turnover_count; i++) {
        c->turnover[i].period_days = i == 0 ? 90 : 365;
        c->turnover[i].amount = pick(50000000);
    }
    d->client.turnover = c->turnover;
    d->coupon_count = (size_t)pick(3);
    for (size_t i = 0; i < d->coupon_count; i++)
        c->coupons[i] = coupons_doc[pick(COUNT(coupons_doc))];
    d->coupons = c->coupons;
    d->prepayment = pick(2) ? 0 : pick(1000001);
    d->deferral_days = (int32_t)pick(120);
    d->channel = pick(2) ? channels[pick(COUNT(channels))] : NULL;
    d->role = pick(4) ? roles[pick(COUNT(roles))] : NULL;
    d->line_count = (size_t)(1 + pick(pick(3) ? 6 : MAX_LINES));
    for (size_t i = 0; i < d->line_count; i++) {
        clm_discount_line *l = &c->lines[i];
        int p = (int)pick(COUNT(products));
        l->product = products[p];
        l->group = pick(8) ? group_of_product(p) : groups[pick(COUNT(groups))];
        l->quantity = pick(3) ? 1000 * (1 + pick(40)) : 1 + pick(50000);
        int64_t price = pick(10) == 0 ? pick(3) : pick(pick(4) ? 200000 : 5000000);
        assert_int_equal(clm_money_make(&l->unit_price, price, "RUB"), 0);
        if (pick(4)) {
            l->has_cost = 1;
            assert_int_equal(clm_money_make(&l->unit_cost, price * (int64_t)pick(120) / 100, "RUB"),
                             0);
        }
        l->manual_rate = pick(6) == 0 ? some_rate() : 0;
    }
    d->lines = c->lines;
}

/* FNV-1a over the figures */
static uint64_t digest_add(uint64_t h, int64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (uint64_t)(v >> (8 * i)) & 0xff;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static uint64_t digest_line(uint64_t h, const clm_discount_line_result *r)
{
    const int64_t v[] = { r->base, r->discount, r->surcharge, r->capped, r->net, r->cost,
                          r->rate, r->margin, r->has_margin, (int64_t)r->rules_applied,
                          r->unit_price };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        h = digest_add(h, v[i]);
    return h;
}

static uint64_t digest_totals(uint64_t h, const clm_discount_totals *t)
{
    const int64_t v[] = { t->base, t->discount, t->surcharge, t->capped, t->net, t->rate,
                          t->max_line_rate, (int64_t)t->max_line, t->min_margin,
                          (int64_t)t->min_margin_line, t->has_margin, (int64_t)t->approval,
                          t->approvable, t->role_suffices, t->has_early_payment,
                          (int64_t)t->early_payment_rule, t->early_payment_rate,
                          t->early_payment_days, t->early_payment_net_days,
                          t->early_payment_amount, t->early_payment_annual_cost };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        h = digest_add(h, v[i]);
    return h;
}

static void same_line(const clm_discount_line_result *a, const clm_discount_line_result *b,
                      int pol, size_t doc, size_t line)
{
    if (digest_line(0, a) == digest_line(0, b) && a->net == b->net && a->discount == b->discount &&
        a->rate == b->rate && a->capped == b->capped && a->surcharge == b->surcharge &&
        a->margin == b->margin && a->rules_applied == b->rules_applied)
        return;
    fail_msg("policy %d, document %zu, line %zu: batch net %lld discount %lld surcharge %lld "
             "capped %lld rate %lld margin %lld rules %zu; one by one net %lld discount %lld "
             "surcharge %lld capped %lld rate %lld margin %lld rules %zu",
             pol, doc, line, (long long)a->net, (long long)a->discount, (long long)a->surcharge,
             (long long)a->capped, (long long)a->rate, (long long)a->margin, a->rules_applied,
             (long long)b->net, (long long)b->discount, (long long)b->surcharge,
             (long long)b->capped, (long long)b->rate, (long long)b->margin, b->rules_applied);
}

static void same_totals(const clm_discount_totals *a, const clm_discount_totals *b, int pol,
                        size_t doc)
{
    if (digest_totals(0, a) == digest_totals(0, b) && a->net == b->net &&
        a->approval == b->approval && a->early_payment_amount == b->early_payment_amount &&
        a->max_line == b->max_line && a->min_margin_line == b->min_margin_line)
        return;
    fail_msg("policy %d, document %zu: totals differ (batch net %lld approval %zu, one by one "
             "net %lld approval %zu)", pol, doc, (long long)a->net, a->approval,
             (long long)b->net, b->approval);
}

static uint64_t digest_text(uint64_t h, const char *s)
{
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    return digest_add(h, 0);
}

/* FNV-1a over a result's trace, entry for entry and byte for byte (the
 * entries of each line, then the document's), and its approval. */
static uint64_t digest_trace(uint64_t h, const clm_discount_result *r)
{
    size_t nl = clm_discount_result_line_count(r);
    for (size_t i = 0; i <= nl; i++) {
        size_t line = i < nl ? i : CLM_DISCOUNT_DOCUMENT;
        size_t n = clm_discount_result_trace_count(r, line);
        h = digest_add(h, (int64_t)n);
        for (size_t j = 0; j < n; j++) {
            const clm_discount_trace_entry *t = clm_discount_result_trace(r, line, j);
            const int64_t v[] = { (int64_t)t->kind, (int64_t)t->stage, (int64_t)t->rule,
                                  t->before, t->amount, t->after };
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
                h = digest_add(h, v[k]);
            h = digest_text(h, t->name);
            h = digest_text(h, t->reason);
        }
    }
    const char *why = NULL;
    const char *role = clm_discount_result_approval(r, &why);
    h = digest_text(h, role != NULL ? role : "(none)");
    return digest_text(h, why);
}

/* The digest of every trace the corpus tests write (English for every
 * document, Russian for every third), in the order they write them. */
static uint64_t trace_digest;

/* Evaluates doc (the trace per opts) and checks its lines and totals
 * against what batch pricing gave it (lines, *tot); a traced result goes
 * into trace_digest, and every third document's trace in Russian too. */
static void agrees(const clm_discount_engine *e, const clm_discount_document *doc,
                   const clm_discount_eval_options *opts, const clm_discount_line_result *lines,
                   const clm_discount_totals *tot, int pol, size_t k)
{
    bool traced = opts == NULL || opts->trace;
    for (int ru = 0; ru < (traced && k % 3 == 0 ? 2 : 1); ru++) {
        clm_discount_result *r = NULL;
        if (ru)
            assert_int_equal(clm_lang_set(CLM_LANG_RU), 0);
        int rc = clm_discount_engine_evaluate(&r, e, doc, opts);
        if (ru)
            assert_int_equal(clm_lang_set(CLM_LANG_EN), 0);
        assert_int_equal(rc, 0);
        assert_int_equal(clm_discount_result_line_count(r), doc->line_count);
        for (size_t i = 0; i < doc->line_count; i++)
            same_line(&lines[i], clm_discount_result_line(r, i), pol, k, i);
        same_totals(tot, clm_discount_result_totals(r), pol, k);
        if (traced)
            trace_digest = digest_trace(trace_digest, r);
        clm_discount_result_free(r);
    }
}

/* Fails when the traces the test wrote (trace_digest) are not those
 * recorded before the traced path was sped up (the library of commit
 * d6cff58; the percent corpus's, with its price-book pass, on the batch
 * path's commit 7e131c7 with this test): every entry, its figures and
 * its sentence in English and Russian, byte for byte. */
#define TRACE_DIGEST_MIXED UINT64_C(0xb30fc91b726c3cce)
#define TRACE_DIGEST_TABLES UINT64_C(0x021f92cde775bcd1)
#define TRACE_DIGEST_PERCENT UINT64_C(0x47f5a0f332d4ffb7)

static void same_traces(uint64_t recorded, const char *what)
{
    if (trace_digest != recorded)
        fail_msg("the %s corpus's traces changed: digest %016llx, recorded %016llx", what,
                 (unsigned long long)trace_digest, (unsigned long long)recorded);
}

/* The digest of the corpus's figures as the library priced it before
 * the batch path's speed-ups (commit 1a0f8d9): the new path must give
 * these exact figures, not merely agree with itself. */
#define CORPUS_DIGEST UINT64_C(0xd0c15d6bd34e2c03)

static void test_batch_and_trace_agree(void **state)
{
    (void)state;
    rng = UINT64_C(0x9e3779b97f4a7c15);
    trace_digest = UINT64_C(14695981039346656037);
    static corpus_doc docs[DOCS];
    clm_discount_document plain[DOCS];
    static clm_discount_line_result batch[DOCS * MAX_LINES];
    clm_discount_totals tot[DOCS];
    clm_discount_eval_options quiet = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
    quiet.trace = 0;
    uint64_t digest = UINT64_C(14695981039346656037);
    size_t lines_seen = 0, docs_priced = 0, discounted = 0, small_tables = 0;
    for (int pol = 0; pol < POLICIES; pol++) {
        clm_discount_policy *p = make_policy();
        clm_discount_engine *e = NULL;
        assert_int_equal(clm_discount_policy_compile(&e, p), 0);
        /* threshold tables of a single rule (two or three segments) are
         * built too: the batch answers from them what the trace tests */
        for (int f = 0; f < CLM_DISCOUNT__FACTS; f++)
            small_tables += e->ftables[f].nseg > 0 && e->ftables[f].nseg <= 3;
        for (size_t k = 0; k < DOCS; k++) {
            make_doc(&docs[k]);
            plain[k] = docs[k].doc;
        }
        int rc = clm_discount_engine_price_batch(batch, DOCS * MAX_LINES, tot, e, plain, DOCS);
        assert_int_equal(rc, 0);
        size_t at = 0;
        for (size_t k = 0; k < DOCS; k++) {
            for (int traced = 0; traced < 2; traced++)
                agrees(e, &plain[k], traced ? NULL : &quiet, &batch[at], &tot[k], pol, k);
            for (size_t i = 0; i < plain[k].line_count; i++) {
                digest = digest_line(digest, &batch[at + i]);
                discounted += batch[at + i].discount > 0;
            }
            digest = digest_totals(digest, &tot[k]);
            lines_seen += plain[k].line_count;
            docs_priced++;
            at += plain[k].line_count;
        }
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
    }
    /* the corpus is not trivial: many lines, a good share discounted */
    assert_true(lines_seen > 20000);
    assert_true(discounted * 5 > lines_seen);
    assert_true(small_tables > 50);
    if (digest != CORPUS_DIGEST)
        fail_msg("the corpus's figures changed: digest %016llx, %zu documents, %zu lines "
                 "(%zu discounted)", (unsigned long long)digest, docs_priced, lines_seen,
                 discounted);
    same_traces(TRACE_DIGEST_MIXED, "mixed");
}

/* A policy with many general rules on one fact each (date windows,
 * quantity and amount tiers, deferral and prepayment bands, coupons), so
 * the batch path answers them from large threshold and coupon tables,
 * and the trace tests them one by one. */
static clm_discount_policy *make_table_policy(void)
{
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "tables", "RUB"), 0);
    assert_int_equal(clm_discount_policy_set_stacking(p, (clm_discount_stacking)(1 + pick(3))), 0);
    assert_int_equal(clm_discount_policy_set_coupon_match(
                         p, pick(2) ? CLM_DISCOUNT_COUPON_FOLD_ASCII : CLM_DISCOUNT_COUPON_EXACT),
                     0);
    static const clm_discount_cond_kind facts[] = {
        CLM_DISCOUNT_COND_DATE, CLM_DISCOUNT_COND_DOC_QUANTITY, CLM_DISCOUNT_COND_DOC_AMOUNT,
        CLM_DISCOUNT_COND_DEFERRAL, CLM_DISCOUNT_COND_PREPAYMENT, CLM_DISCOUNT_COND_COUPON,
    };
    int nrules = 40 + (int)pick(80);
    for (int i = 0; i < nrules; i++) {
        char id[32];
        snprintf(id, sizeof id, "t%d", i);
        clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
        r.id = id;
        r.priority = (int32_t)pick(3);
        r.action.kind = pick(6) == 0 ? CLM_DISCOUNT_SURCHARGE : CLM_DISCOUNT_PERCENT;
        r.action.rate = 1 + pick(200000);
        if (r.action.kind == CLM_DISCOUNT_PERCENT && pick(2))
            r.exclusion_group = excls[pick(COUNT(excls))];
        size_t at = 0;
        assert_int_equal(clm_discount_policy_add_rule(&at, p, &r), 0);
        clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
        c.kind = facts[pick(COUNT(facts))];
        const char *v[2];
        if (c.kind == CLM_DISCOUNT_COND_COUPON) {
            v[0] = coupons_rule[pick(COUNT(coupons_rule))];
            v[1] = coupons_rule[pick(COUNT(coupons_rule))];
            c.values = v;
            c.value_count = (size_t)(1 + pick(2));
        } else {
            int64_t a = some_range_value(c.kind), b = some_range_value(c.kind);
            c.min = pick(5) == 0 ? INT64_MIN : (a < b ? a : b);
            c.max = pick(4) == 0 ? INT64_MAX : (a < b ? b : a);
        }
        assert_int_equal(clm_discount_policy_add_condition(p, at, &c), 0);
    }
    return p;
}

static void test_tables_agree(void **state)
{
    (void)state;
    rng = UINT64_C(0x2545f4914f6cdd1d);
    trace_digest = UINT64_C(14695981039346656037);
    static corpus_doc docs[DOCS];
    clm_discount_document plain[DOCS];
    static clm_discount_line_result batch[DOCS * MAX_LINES];
    clm_discount_totals tot[DOCS];
    size_t lines_seen = 0;
    for (int pol = 0; pol < 60; pol++) {
        clm_discount_policy *p = make_table_policy();
        clm_discount_engine *e = NULL;
        assert_int_equal(clm_discount_policy_compile(&e, p), 0);
        for (size_t k = 0; k < DOCS; k++) {
            make_doc(&docs[k]);
            plain[k] = docs[k].doc;
        }
        assert_int_equal(clm_discount_engine_price_batch(batch, DOCS * MAX_LINES, tot, e, plain, DOCS), 0);
        size_t at = 0;
        for (size_t k = 0; k < DOCS; k++) {
            agrees(e, &plain[k], NULL, &batch[at], &tot[k], pol, k);
            at += plain[k].line_count;
            lines_seen += plain[k].line_count;
        }
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
    }
    assert_true(lines_seen > 5000);
    same_traces(TRACE_DIGEST_TABLES, "tables");
}

/* A price book for the corpus's documents: a list for everyone with
 * two quantity breaks for every other product and for those a line may
 * name without a group, and a price for every group (so every line finds
 * a price), and a list for category c0 that
 * inherits it at -10 % to whole units (half up) and prices p1 itself. */
static clm_price_book *make_book(const clm_discount_policy *p)
{
    clm_price_set *s = NULL;
    assert_int_equal(clm_price_set_new(&s), 0);
    clm_price_list_def d = CLM_PRICE_LIST_INIT;
    d.id = "retail";
    d.currency = "RUB";
    assert_int_equal(clm_price_set_add_list(s, &d), 0);
    clm_price_entry e = CLM_PRICE_ENTRY_INIT;
    for (int i = 0; i < COUNT(products); i++)
        for (int b = 0; b < 2 && (i % 2 == 0 || group_of_product(i) == NULL); b++) {
            e.product = products[i];
            e.min_quantity = b * 5000;
            e.unit_price = pick(pick(4) ? 200000 : 5000000);
            assert_int_equal(clm_price_set_add_entry(s, "retail", &e), 0);
        }
    e.product = NULL;
    e.min_quantity = 0;
    for (int g = 0; g < COUNT(groups); g++) {
        e.group = groups[g];
        e.unit_price = pick(10) == 0 ? 0 : pick(300000);
        assert_int_equal(clm_price_set_add_entry(s, "retail", &e), 0);
    }
    d.id = "c0-list";
    d.audience = CLM_PRICE_CATEGORY;
    d.audience_value = "c0";
    d.parent = "retail";
    d.parent_formula.rate = -100000;
    d.parent_formula.step = 100;
    d.parent_formula.rounding = CLM_ROUND_HALF_UP;
    assert_int_equal(clm_price_set_add_list(s, &d), 0);
    e = (clm_price_entry)CLM_PRICE_ENTRY_INIT;
    e.product = "p1";
    e.unit_price = 12345;
    assert_int_equal(clm_price_set_add_entry(s, "c0-list", &e), 0);
    clm_price_book *b = NULL;
    assert_int_equal(clm_price_book_compile(&b, s, p), 0);
    clm_price_set_free(s);
    return b;
}

/* Policies of percentages, surcharges and early-payment terms only,
 * which untraced pricing (batch, or evaluate without the trace) prices
 * by the ranks of src/discount/quick.c (as bit masks up to 63 rules, a
 * quarter of the policies have more): the same figures as the traced
 * path on random documents, some of whose lines are too large for its
 * 64-bit arithmetic (they take the general path) and some of whose
 * bases are zero. */
static void test_percent_policies_agree(void **state)
{
    (void)state;
    rng = UINT64_C(0x6a09e667f3bcc909);
    trace_digest = UINT64_C(14695981039346656037);
    static corpus_doc docs[DOCS];
    clm_discount_document plain[DOCS];
    static clm_discount_line_result batch[DOCS * MAX_LINES];
    clm_discount_totals tot[DOCS];
    clm_discount_eval_options quiet = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
    quiet.trace = 0;
    size_t lines_seen = 0, discounted = 0, applied_many = 0, with_masks = 0, without_masks = 0;
    size_t from_book = 0;
    percent_only = 1;
    for (int pol = 0; pol < 400; pol++) {
        percent_only = pol % 4 == 3 ? 2 : 1;
        clm_discount_policy *p = make_policy();
        clm_discount_engine *e = NULL;
        assert_int_equal(clm_discount_policy_compile(&e, p), 0);
        /* the batch and the quiet evaluations below take the quick path
         * (quick.c), with its rule masks up to 63 rules: what this test
         * compares with the traced evaluation */
        assert_true(e->quick);
        assert_int_equal(e->masks, e->nrules <= 63);
        with_masks += e->masks;
        without_masks += !e->masks;
        for (size_t k = 0; k < DOCS; k++) {
            make_doc(&docs[k]);
            if (pick(40) == 0) /* beyond the 64-bit path's bound */
                assert_int_equal(clm_money_make(&docs[k].lines[0].unit_price,
                                                INT64_C(1000000000000) + pick(1000), "RUB"),
                                 0);
            plain[k] = docs[k].doc;
        }
        assert_int_equal(clm_discount_engine_price_batch(batch, DOCS * MAX_LINES, tot, e, plain,
                                                         DOCS),
                         0);
        size_t at = 0;
        for (size_t k = 0; k < DOCS; k++) {
            for (int traced = 0; traced < 2; traced++)
                agrees(e, &plain[k], traced ? NULL : &quiet, &batch[at], &tot[k], pol, k);
            for (size_t i = 0; i < plain[k].line_count; i++) {
                discounted += batch[at + i].discount > 0;
                applied_many += batch[at + i].rules_applied > 2;
            }
            lines_seen += plain[k].line_count;
            at += plain[k].line_count;
        }
        /* the same policy with a price book (the batch and the quiet
         * evaluations take the quick path as well): about half the lines
         * take their price from it; drawn from a stream of their own, so
         * the corpus's policies and documents stay as they were */
        uint64_t corpus_rng = rng;
        rng ^= UINT64_C(0xbb67ae8584caa73b);
        clm_price_book *book = make_book(p);
        clm_discount_engine *ep = NULL;
        assert_int_equal(clm_discount_policy_compile_with_prices(&ep, p, book), 0);
        clm_price_book_free(book);
        assert_true(ep->quick);
        for (size_t k = 0; k < DOCS; k++)
            for (size_t i = 0; i < docs[k].doc.line_count; i++)
                if (pick(2)) {
                    memset(&docs[k].lines[i].unit_price, 0, sizeof docs[k].lines[i].unit_price);
                    from_book++;
                }
        if (clm_discount_engine_price_batch(batch, DOCS * MAX_LINES, tot, ep, plain, DOCS) != 0)
            fail_msg("policy %d with a price book: %s", pol, clm_error_last()->message);
        at = 0;
        for (size_t k = 0; k < DOCS; k++) {
            for (int traced = 0; traced < 2; traced++)
                agrees(ep, &plain[k], traced ? NULL : &quiet, &batch[at], &tot[k], pol, k);
            at += plain[k].line_count;
        }
        clm_discount_engine_free(ep);
        rng = corpus_rng;
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
    }
    percent_only = 0;
    assert_true(from_book > 7000);
    assert_true(lines_seen > 15000);
    assert_true(discounted * 3 > lines_seen);
    assert_true(applied_many > 500);
    assert_true(with_masks > 200 && without_masks > 50); /* both quick paths ran */
    same_traces(TRACE_DIGEST_PERCENT, "percent");
}

/* One way of making a 1-line document bad (each a check of the
 * document the batch makes before it prices anything), or, for `kind`
 * past the last, of making it unbounded: a price whose base cannot be
 * shown to fit the 64-bit path (kind 20) or overflows (21). */
static void spoil(corpus_doc *c, int kind)
{
    clm_discount_document *d = &c->doc;
    clm_discount_line *l = &c->lines[0];
    static const char *const none[1] = { NULL };
    switch (kind) {
    case 0: d->version = 2; break;
    case 1: d->currency = NULL; break;
    case 2: d->currency = pick(2) ? "RU" : "RUBX"; break;
    case 3: d->line_count = 0; break;
    case 4: d->lines = NULL; break;
    case 5: d->date = CLM_DATE_MAX + 1; break;
    case 6: d->client.since = CLM_DATE_MIN - 1; break;
    case 7: d->client.legal_type = "company"; break;
    case 8: d->client.categories = none; d->client.category_count = 1; break;
    case 9: d->coupons = NULL; d->coupon_count = 1; break;
    case 10: d->client.turnover = NULL; d->client.turnover_count = 1; break;
    case 11: d->prepayment = pick(2) ? -1 : CLM_RATE_ONE + 1; break;
    case 12: d->deferral_days = -1; break;
    case 13: l->product = pick(2) ? NULL : ""; break;
    case 14: l->quantity = -pick(2); break;
    case 15: memcpy(l->unit_price.currency, pick(2) ? "EUR" : "\0\0\0", 4); break;
    case 16: l->unit_price.amount = -1; break;
    case 17: l->has_cost = 1; memcpy(l->unit_cost.currency, "USD", 4); break;
    case 18: l->has_cost = 1; l->unit_cost.amount = -7; break;
    case 19: l->manual_rate = pick(2) ? -1 : CLM_RATE_ONE + 1; break;
    case 20: l->unit_price.amount = INT64_C(9000000000000); l->quantity = 1000; break;
    default: l->unit_price.amount = INT64_MAX / 2; l->quantity = 3000; break;
    }
}

#define SPOILS 22

/* Fails unless the batch's error is the one clm_discount_engine_evaluate()
 * gives for document `bad` alone: the same code, field and message
 * (which names the document by its place, k + 1, in the batch). */
static void same_error(const clm_discount_engine *e, const clm_discount_document *bad, size_t k,
                       int rc, const char *field, const char *message)
{
    clm_discount_result *r = NULL;
    int want = clm_discount_engine_evaluate(&r, e, bad, NULL);
    assert_null(r);
    if (rc != want || strcmp(field, clm_error_last()->field) != 0)
        fail_msg("document %zu: batch %d '%s' (%s), alone %d '%s' (%s)", k, rc, field, message,
                 want, clm_error_last()->field, clm_error_last()->message);
    const char *alone = clm_error_last()->message, *prefix = "discount document 1";
    char expect[512];
    if (strncmp(alone, prefix, strlen(prefix)) == 0)
        snprintf(expect, sizeof expect, "discount document %zu%s", k + 1, alone + strlen(prefix));
    else
        snprintf(expect, sizeof expect, "%s", alone);
    if (strcmp(expect, message) != 0)
        fail_msg("document %zu: batch '%s', alone '%s'", k, message, alone);
}

/* 1-line documents, which the batch prices in one pass
 * (clm_discount__quick_one()) when its engine allows (e->one) and every
 * document of the call is bounded: the same bytes as the general path of
 * clm_discount__price() (the same engine with e->one cleared), and the
 * same figures as evaluate() with the trace and without. Batches with a
 * bad document mixed in (every check of the document, at any place)
 * fail as evaluate() fails on that document alone and write nothing;
 * batches with an unbounded document take the general path for all. */
static void test_one_line_documents(void **state)
{
    (void)state;
    rng = UINT64_C(0x3c6ef372fe94f82b);
    trace_digest = UINT64_C(14695981039346656037);
    static corpus_doc docs[DOCS];
    clm_discount_document plain[DOCS];
    static clm_discount_line_result fast[DOCS * MAX_LINES], general[DOCS * MAX_LINES];
    clm_discount_totals tot_fast[DOCS], tot_general[DOCS];
    clm_discount_eval_options quiet = CLM_DISCOUNT_EVAL_OPTIONS_INIT;
    quiet.trace = 0;
    size_t one_engines = 0, one_docs = 0, spoiled = 0, failed = 0, discounted = 0;
    percent_only = 1;
    for (int pol = 0; pol < 300; pol++) {
        clm_discount_policy *p = make_policy();
        clm_discount_engine *e = NULL;
        assert_int_equal(clm_discount_policy_compile(&e, p), 0);
        const bool one = e->one;
        one_engines += one;
        /* the bounds of the policy's ranges on a line's quantity and
         * amount, and the values beside them: lines placed on them test
         * the tables' edges */
        int64_t qb[64], ab[64];
        size_t nqb = 0, nab = 0;
        for (size_t r = 0; r < clm_discount_policy_rule_count(p); r++)
            for (size_t c = 0; c < clm_discount_policy_condition_count(p, r); c++) {
                const clm_discount_condition *cd = clm_discount_policy_condition(p, r, c);
                bool q = cd->kind == CLM_DISCOUNT_COND_LINE_QUANTITY;
                if (!q && cd->kind != CLM_DISCOUNT_COND_LINE_AMOUNT)
                    continue;
                /* (an open end, INT64_MIN or INT64_MAX, is no bound) */
                const int64_t lo = cd->min > 0 ? cd->min : 1, hi = cd->max < INT64_C(1000000000)
                                                                      ? cd->max : INT64_C(999999999);
                const int64_t v[4] = { lo - 1, lo, hi, hi + 1 };
                for (int k = 0; k < 4; k++)
                    if (v[k] > 0 && v[k] < INT64_C(1000000000) && (q ? nqb : nab) < 64) {
                        if (q)
                            qb[nqb++] = v[k];
                        else
                            ab[nab++] = v[k];
                    }
            }
        for (int round = 0; round < 3; round++) {
            size_t need = 0;
            for (size_t k = 0; k < DOCS; k++) {
                make_doc(&docs[k]);
                if (pick(8) != 0) /* most documents of one line */
                    docs[k].doc.line_count = 1;
                clm_discount_line *l = &docs[k].lines[0];
                if (nqb > 0 && pick(3) == 0)
                    l->quantity = qb[pick((int64_t)nqb)];
                if (nab > 0 && pick(3) == 0) { /* a base of exactly the bound */
                    l->quantity = 1000;
                    l->unit_price.amount = ab[pick((int64_t)nab)];
                    l->unit_cost.amount = l->unit_price.amount / 2;
                }
                need += docs[k].doc.line_count;
            }
            /* round 1: a bad or unbounded document somewhere */
            size_t bad = DOCS;
            int kind = -1;
            if (round == 1) {
                bad = (size_t)pick(DOCS);
                docs[bad].doc.line_count = 1;
                kind = (int)pick(SPOILS);
                spoil(&docs[bad], kind);
                spoiled++;
            }
            for (size_t k = 0; k < DOCS; k++)
                plain[k] = docs[k].doc;
            memset(fast, 0x5a, sizeof fast);
            memset(tot_fast, 0x5a, sizeof tot_fast);
            e->one = one;
            int rc = clm_discount_engine_price_batch(fast, DOCS * MAX_LINES, tot_fast, e, plain, DOCS);
            char field[64], message[512];
            snprintf(field, sizeof field, "%s", rc < 0 ? clm_error_last()->field : "");
            snprintf(message, sizeof message, "%s", rc < 0 ? clm_error_last()->message : "");
            if (rc < 0) {
                /* a bad document (or one whose pricing overflows): its
                 * error, and nothing written */
                if (kind < 0)
                    fail_msg("policy %d: %s", pol, message);
                failed++;
                same_error(e, &plain[bad], bad, rc, field, message);
                for (size_t i = 0; i < sizeof fast; i++)
                    if (((unsigned char *)fast)[i] != 0x5a)
                        fail_msg("policy %d: a failed batch wrote line byte %zu", pol, i);
                for (size_t i = 0; i < sizeof tot_fast; i++)
                    if (((unsigned char *)tot_fast)[i] != 0x5a)
                        fail_msg("policy %d: a failed batch wrote totals byte %zu", pol, i);
                continue;
            }
            assert_true(kind < 0 || kind >= 20); /* only an unbounded document passes */
            /* the general path: the same bytes, padding included */
            memset(general, 0x5a, sizeof general);
            memset(tot_general, 0x5a, sizeof tot_general);
            e->one = false;
            assert_int_equal(clm_discount_engine_price_batch(general, DOCS * MAX_LINES, tot_general,
                                                             e, plain, DOCS),
                             0);
            e->one = one;
            if (memcmp(fast, general, need * sizeof *fast) != 0 ||
                memcmp(tot_fast, tot_general, sizeof tot_fast) != 0)
                fail_msg("policy %d, round %d: the one-pass path's results differ from the "
                         "general path's", pol, round);
            size_t at = 0;
            for (size_t k = 0; k < DOCS; k++) {
                for (int traced = 0; traced < 2; traced++)
                    agrees(e, &plain[k], traced ? NULL : &quiet, &fast[at], &tot_fast[k], pol, k);
                one_docs += one && kind < 0 && plain[k].line_count == 1;
                discounted += fast[at].discount > 0;
                at += plain[k].line_count;
            }
        }
        clm_discount_engine_free(e);
        clm_discount_policy_free(p);
    }
    percent_only = 0;
    /* the one-pass path ran on most policies and documents, and the bad
     * documents failed (all but the unbounded ones) */
    assert_true(one_engines > 250);
    assert_true(one_docs > 10000);
    assert_true(discounted * 3 > one_docs);
    assert_true(failed * 10 > spoiled * 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_and_trace_agree),
        cmocka_unit_test(test_tables_agree),
        cmocka_unit_test(test_percent_policies_agree),
        cmocka_unit_test(test_one_line_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
