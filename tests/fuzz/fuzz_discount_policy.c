/* fuzz_discount_policy.c — clm_discount_policy_load_xml(): documented codes,
 * *out untouched on failure; load -> save -> load gives a policy that saves
 * to the same bytes and prices sample orders to the same figures and
 * approval; the validator runs on every policy that loads (its findings
 * equal on both copies). */
#include "fuzz.h"

#define MAX_NAMES 8

/* Strings the policy's conditions name, so the samples can meet them. */
static size_t policy_names(const clm_discount_policy *p, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < clm_discount_policy_rule_count(p) && n < MAX_NAMES; i++)
        for (size_t k = 0; k < clm_discount_policy_condition_count(p, i) && n < MAX_NAMES; k++) {
            const clm_discount_condition *c = clm_discount_policy_condition(p, i, k);
            for (size_t v = 0; v < c->value_count && n < MAX_NAMES; v++)
                names[n++] = c->values[v];
        }
    for (size_t i = 0; i < clm_discount_policy_group_count(p) && n < MAX_NAMES; i++) {
        const char *g = NULL, *parent = NULL;
        if (clm_discount_policy_group_at(&g, &parent, p, i) == 0 && g != NULL)
            names[n++] = g;
    }
    if (n == 0)
        names[n++] = "P";
    return n;
}

static void same_result(unsigned k, const clm_discount_result *a, const clm_discount_result *b)
{
    FUZZ_CHECK(clm_discount_result_line_count(a) == clm_discount_result_line_count(b), "order %u: line count", k);
    for (size_t i = 0; i < clm_discount_result_line_count(a); i++) {
        const clm_discount_line_result *la = clm_discount_result_line(a, i), *lb = clm_discount_result_line(b, i);
        FUZZ_CHECK(la->base == lb->base && la->discount == lb->discount && la->surcharge == lb->surcharge &&
                       la->capped == lb->capped && la->net == lb->net && la->rate == lb->rate &&
                       la->has_margin == lb->has_margin && (!la->has_margin || la->margin == lb->margin) &&
                       la->rules_applied == lb->rules_applied,
                   "order %u line %zu priced differently after reload", k, i);
    }
    const clm_discount_totals *ta = clm_discount_result_totals(a), *tb = clm_discount_result_totals(b);
    FUZZ_CHECK(ta->net == tb->net && ta->rate == tb->rate && ta->approval == tb->approval &&
                   ta->approvable == tb->approvable && ta->role_suffices == tb->role_suffices,
               "order %u: totals or approval differ after reload", k);
    const char *ra = clm_discount_result_approval(a, NULL), *rb = clm_discount_result_approval(b, NULL);
    FUZZ_CHECK((ra == NULL) == (rb == NULL) && (ra == NULL || strcmp(ra, rb) == 0),
               "order %u: approving role differs after reload", k);
}

static void same_prices(const clm_discount_policy *a, const clm_discount_policy *b)
{
    clm_discount_engine *ea = NULL, *eb = NULL;
    int ca = clm_discount_policy_compile(&ea, a), cb = clm_discount_policy_compile(&eb, b);
    /* a policy that loads compiles (only NULL or no memory can fail) */
    FUZZ_CHECK(ca == 0 && cb == 0, "compile of a loaded policy failed: %d / %d: %s", ca, cb,
               clm_error_last()->message);
    const char *names[MAX_NAMES];
    size_t nn = policy_names(a, names);
    const char *cur = clm_discount_policy_currency(a);
    static const char *const roles[] = { NULL, "manager", "head_of_department", "director" };
    static const clm_discount_turnover turnover[] = { { 90, 100000000 }, { 365, 2500000000 } };
    for (unsigned k = 0; k < 24; k++) {
        clm_discount_line lines[3];
        memset(lines, 0, sizeof lines);
        size_t nl = 1 + k % 3;
        for (size_t i = 0; i < nl; i++) {
            lines[i].product = names[(k + i) % nn];
            lines[i].group = (k + i) % 2 ? names[(k + 2 * i + 1) % nn] : NULL;
            lines[i].quantity = (int64_t)(1 + (k * 37 + i * 11) % 2000) * 1000;
            lines[i].unit_price.amount = (int64_t)(k + 1) * 12345 + (int64_t)i * 999;
            snprintf(lines[i].unit_price.currency, 4, "%s", cur);
            lines[i].has_cost = (k + i) % 3 != 0;
            lines[i].unit_cost.amount = lines[i].unit_price.amount * 7 / 10;
            snprintf(lines[i].unit_cost.currency, 4, "%s", cur);
            lines[i].manual_rate = (k % 5 == 0) ? (clm_rate)(k * 10000) : 0;
        }
        const char *cats[2] = { names[k % nn], names[(k + 3) % nn] };
        const char *coupons[1] = { names[(k + 1) % nn] };
        clm_discount_document doc;
        clm_discount_document_init(&doc);
        doc.currency = cur;
        clm_date_from_ymd(&doc.date, 2025 + (int)(k % 3), 1 + (int)(k % 12), 1 + (int)(k % 28));
        doc.client.id = "C";
        doc.client.legal_type = names[(k + 4) % nn];
        doc.client.region = names[(k + 5) % nn];
        doc.client.risk_class = names[(k + 6) % nn];
        doc.client.categories = cats;
        doc.client.category_count = k % 3;
        if (k % 2)
            doc.client.since = doc.date - (clm_date)(k * 200);
        doc.client.turnover = turnover;
        doc.client.turnover_count = k % 3;
        doc.coupons = coupons;
        doc.coupon_count = k % 2;
        doc.prepayment = (clm_rate)((k % 4) * 250000);
        doc.deferral_days = (int32_t)((k % 4) * 15);
        doc.channel = names[(k + 7) % nn];
        doc.role = roles[k % 4];
        doc.lines = lines;
        doc.line_count = nl;
        clm_discount_result *ra = NULL, *rb = NULL;
        ca = clm_discount_engine_evaluate(&ra, ea, &doc, NULL);
        cb = clm_discount_engine_evaluate(&rb, eb, &doc, NULL);
        FUZZ_RC("clm_discount_engine_evaluate", ca, CLM_EINVAL, CLM_EOVERFLOW);
        FUZZ_CHECK(ca == cb, "order %u: evaluate returns %d, after reload %d", k, ca, cb);
        if (ca == 0)
            same_result(k, ra, rb);
        clm_discount_result_free(ra);
        clm_discount_result_free(rb);
    }
    clm_discount_engine_free(ea);
    clm_discount_engine_free(eb);
}

static void same_findings(const clm_discount_policy *a, const clm_discount_policy *b)
{
    clm_discount_findings *fa = NULL, *fb = NULL;
    int ca = clm_discount_validate(&fa, a, NULL), cb = clm_discount_validate(&fb, b, NULL);
    FUZZ_RC("clm_discount_validate", ca, CLM_ENOMEM);
    FUZZ_CHECK(ca == 0 && cb == 0, "validate failed: %d / %d", ca, cb);
    FUZZ_CHECK(clm_discount_findings_count(fa) == clm_discount_findings_count(fb),
               "validator findings differ after reload");
    for (size_t i = 0; i < clm_discount_findings_count(fa); i++) {
        const clm_discount_finding *x = clm_discount_findings_get(fa, i), *y = clm_discount_findings_get(fb, i);
        FUZZ_CHECK(x->kind == y->kind && strcmp(x->message, y->message) == 0, "finding %zu differs after reload", i);
    }
    clm_discount_findings_free(fa);
    clm_discount_findings_free(fb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_discount_policy *p = FUZZ_SENTINEL;
    int rc = clm_discount_policy_load_xml(&p, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_discount_policy_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA, CLM_ECURRENCY);
    if (rc != 0) {
        FUZZ_CHECK(p == FUZZ_SENTINEL, "clm_discount_policy_load_xml changed *out on failure");
        return 0;
    }
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    rc = clm_discount_policy_save_xml(&x1, &n1, p);
    /* a loaded policy holds only what a file can carry */
    FUZZ_CHECK(rc == 0, "save of a loaded policy failed: %s", clm_error_last()->message);
    clm_discount_policy *q = NULL;
    rc = clm_discount_policy_load_xml(&q, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "the saved policy does not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_discount_policy_save_xml(&x2, &n2, q) == 0, "second save failed");
    fuzz_same_bytes("discount policy", x1, n1, x2, n2);
    same_findings(p, q);
    same_prices(p, q);
    clm_free(x1);
    clm_free(x2);
    clm_discount_policy_free(q);
    clm_discount_policy_free(p);
    return 0;
}
