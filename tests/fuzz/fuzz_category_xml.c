/* fuzz_category_xml.c — clm_category_policy_load_xml(): documented codes,
 * *out untouched on failure; load -> save -> load gives a policy that saves
 * to the same bytes and puts sample clients in the same categories by the
 * same rules. */
#include "fuzz.h"

static const char *const texts[] = { NULL, "low", "high", "RU-MOW", "legal-entity", "individual",
                                     "active", "lead", "A", "key" };

/* Sample client k: every fact moves with k, so the samples cross the
 * thresholds a policy is likely to use. */
static void sample(clm_category_facts *f, unsigned k, const char *currency, clm_date as_of)
{
    clm_category_facts_init(f);
    f->id = "fuzz";
    snprintf(f->currency, sizeof f->currency, "%s", currency);
    static const int64_t amounts[] = { 0, 1, 99, 100000, 5000000, 50000000, 100000000, -100000,
                                       INT64_MAX / 4, 123456789 };
    f->turnover = amounts[k % 10] < 0 ? -amounts[k % 10] : amounts[k % 10];
    f->margin = amounts[(k * 7 + 3) % 10];
    f->client_since = (k % 5 == 0) ? CLM_FACT_NO_DATE : as_of - (clm_date)(k * 97 % 4000);
    f->last_purchase = (k % 4 == 0) ? CLM_FACT_NO_DATE : as_of - (clm_date)(k * 31 % 900);
    f->abc = (clm_abc_class)(k % 4);
    f->xyz = (clm_xyz_class)((k / 4) % 4);
    if (k % 6 != 0) {
        f->rfm.r = (uint8_t)(1 + k % 5);
        f->rfm.f = (uint8_t)(1 + (k / 5) % 5);
        f->rfm.m = (uint8_t)(1 + (k / 25) % 5);
    }
    f->risk_class = texts[k % 10];
    f->region = texts[(k + 3) % 10];
    /* legal type and state come from the client module's vocabulary */
    f->legal_type = clm_legal_type_name((clm_legal_type)(k % 4));
    f->state = clm_client_state_name((clm_client_state)(k % 7));
}

static void same_decisions(const clm_category_policy *a, const clm_category_policy *b)
{
    FUZZ_CHECK(clm_category_policy_category_count(a) == clm_category_policy_category_count(b),
               "category count differs after reload");
    FUZZ_CHECK(clm_category_policy_rule_count(a) == clm_category_policy_rule_count(b),
               "rule count differs after reload");
    const char *cur = clm_category_policy_currency(a);
    clm_date as_of = 0;
    clm_date_from_ymd(&as_of, 2026, 4, 1);
    for (unsigned k = 0; k < 125; k++) {
        clm_category_facts f;
        sample(&f, k, cur != NULL && cur[0] != '\0' ? cur : "RUB", as_of);
        uint32_t ra[CLM_CATEGORY_MAX], rb[CLM_CATEGORY_MAX];
        memset(ra, 0xA5, sizeof ra);
        memset(rb, 0xA5, sizeof rb);
        int ca = clm_category_policy_evaluate(ra, CLM_CATEGORY_MAX, a, &f, as_of);
        int cb = clm_category_policy_evaluate(rb, CLM_CATEGORY_MAX, b, &f, as_of);
        FUZZ_RC("clm_category_policy_evaluate", ca, CLM_EINVAL, CLM_ECURRENCY);
        FUZZ_CHECK(ca == cb, "client %u: evaluate returns %d, after reload %d", k, ca, cb);
        if (ca != 0)
            continue;
        for (size_t c = 0; c < CLM_CATEGORY_MAX; c++)
            FUZZ_CHECK(ra[c] == rb[c], "client %u: category %zu by a different rule after reload", k, c);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clm_category_policy *p = FUZZ_SENTINEL;
    int rc = clm_category_policy_load_xml(&p, (const char *)data, size, "fuzz", NULL);
    FUZZ_RC("clm_category_policy_load_xml", rc, CLM_ELIMIT, CLM_EPARSE, CLM_ESCHEMA);
    if (rc != 0) {
        FUZZ_CHECK(p == FUZZ_SENTINEL, "clm_category_policy_load_xml changed *out on failure");
        return 0;
    }
    char *x1 = NULL, *x2 = NULL;
    size_t n1 = 0, n2 = 0;
    FUZZ_CHECK(clm_category_policy_save_xml(&x1, &n1, p) == 0, "save of a loaded policy failed: %s",
               clm_error_last()->message);
    clm_category_policy *q = NULL;
    rc = clm_category_policy_load_xml(&q, x1, n1, "saved", NULL);
    FUZZ_CHECK(rc == 0, "the saved policy does not load: %s\n%s", clm_error_last()->message, x1);
    FUZZ_CHECK(clm_category_policy_save_xml(&x2, &n2, q) == 0, "second save failed");
    fuzz_same_bytes("category policy", x1, n1, x2, n2);
    same_decisions(p, q);
    clm_free(x1);
    clm_free(x2);
    clm_category_policy_free(q);
    clm_category_policy_free(p);
    return 0;
}
