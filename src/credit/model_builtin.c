/*
 * model_builtin.c — the published models (clm/credit_model.h), each made
 * with the public builder from its ratios, coefficients and bands as the
 * source gives them. Sources, and the reading taken where they disagree:
 * docs/rules.md, "Credit reliability", "Financial-standing models".
 *
 * Ratio names are shared between models on purpose: the same definition
 * has the same name ("wc/ta" is Altman's X1 and Springate's A), so a ratio
 * given directly in the statements feeds every model that uses it.
 */
#include <math.h>
#include <string.h>

#include "model_internal.h"

typedef struct spec_ratio {
    const char *name;
    double coef;
    const char *num;
    const char *den; /* NULL: a sum */
} spec_ratio;

typedef struct spec_band {
    const char *name;
    clm_credit_band level;
    double upper;   /* INFINITY: the last */
    int inclusive;
    const char *meaning;
} spec_band;

typedef struct spec {
    const char *name;
    const char *source;
    clm_credit_kind kind;
    clm_credit_band_on band_on;
    double constant;
    spec_ratio ratios[6];
    spec_band bands[6];
} spec;

#define END_R { NULL, 0, NULL, NULL }
#define END_B { NULL, 0, 0, 0, NULL }

/* Altman's three zones, with the grey zone closed at both ends (the paper's
 * "zone of ignorance" includes its bounds: a score of exactly 1.81 or 2.99
 * is grey). */
/* Z'' (Altman 1983) and its emerging-market form (Altman, Hartzell, Peck
 * 1995) share their four ratios and coefficients; only the constant and
 * what the zones are read on differ. */
#define ALTMAN_Z2_RATIOS \
    { { "wc/ta", 6.56, "1200 -1500", "1600" }, \
      { "re/ta", 3.26, "1370", "1600" }, \
      { "ebit/ta", 6.72, "2300 2330", "1600" }, \
      { "bookeq/tl", 1.05, "1300", "1400 1500" }, END_R }

#define ALTMAN_ZONES(lo, hi)                                                              \
    { "distress", CLM_CREDIT_BAND_DISTRESS, lo, 0, CLM_N_("distress zone: high probability of"       \
      " bankruptcy within two years") },                                                 \
    { "grey", CLM_CREDIT_BAND_GREY, hi, 1, CLM_N_("grey zone: the model does not decide;"            \
      " analyse further") },                                                             \
    { "safe", CLM_CREDIT_BAND_SAFE, INFINITY, 0, CLM_N_("safe zone: low probability of bankruptcy") }

static const spec specs[CLM_CREDIT_BUILTIN_COUNT] = {
    [CLM_CREDIT_ALTMAN_Z] = {
        "altman-z",
        "Altman (1968), J. Finance 23(4), 589-609",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 0.0,
        { { "wc/ta", 1.2, "1200 -1500", "1600" },
          { "re/ta", 1.4, "1370", "1600" },
          { "ebit/ta", 3.3, "2300 2330", "1600" },
          { "mve/tl", 0.6, "mve", "1400 1500" },
          { "sales/ta", 1.0, "2110", "1600" }, END_R },
        { ALTMAN_ZONES(1.81, 2.99), END_B } },
    [CLM_CREDIT_ALTMAN_Z_PRIVATE] = {
        "altman-z-private",
        "Altman (1983), Corporate Financial Distress, Wiley (Z')",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 0.0,
        { { "wc/ta", 0.717, "1200 -1500", "1600" },
          { "re/ta", 0.847, "1370", "1600" },
          { "ebit/ta", 3.107, "2300 2330", "1600" },
          { "bookeq/tl", 0.420, "1300", "1400 1500" },
          { "sales/ta", 0.998, "2110", "1600" }, END_R },
        { ALTMAN_ZONES(1.23, 2.90), END_B } },
    [CLM_CREDIT_ALTMAN_Z_NONMFG] = {
        "altman-z-nonmfg",
        "Altman (1983), Corporate Financial Distress, Wiley (Z'')",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 0.0,
        ALTMAN_Z2_RATIOS,
        { ALTMAN_ZONES(1.10, 2.60), END_B } },
    [CLM_CREDIT_ALTMAN_Z_EM] = {
        "altman-z-em",
        "Altman, Hartzell, Peck (1995), Emerging Markets Corporate Bonds: A Scoring System,"
        " Salomon Brothers (Z'' + 3.25, zones on Z'')",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE_NO_CONSTANT, 3.25,
        ALTMAN_Z2_RATIOS,
        { ALTMAN_ZONES(1.10, 2.60), END_B } },
    [CLM_CREDIT_SPRINGATE] = {
        "springate",
        "Springate (1978), Predicting the Possibility of Failure in a Canadian Firm, MBA"
        " research project, Simon Fraser University",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 0.0,
        { { "wc/ta", 1.03, "1200 -1500", "1600" },
          { "ebit/ta", 3.07, "2300 2330", "1600" },
          { "pbt/cl", 0.66, "2300", "1500" },
          { "sales/ta", 0.4, "2110", "1600" }, END_R },
        { { "failing", CLM_CREDIT_BAND_DISTRESS, 0.862, 0, CLM_N_("below 0.862: the firm is classified as"
            " failing") },
          { "sound", CLM_CREDIT_BAND_SAFE, INFINITY, 0, CLM_N_("0.862 and above: the firm is classified"
            " as sound") }, END_B } },
    /* The four-ratio form the later literature gives as Taffler and Tisshaw's
     * (1977): the 0.53, 0.13, 0.18, 0.16 and the 0.2 / 0.3 cut-offs are as
     * printed there, with X4 read as sales / total assets. It is not the
     * function of Taffler (1983), which has a constant and a no-credit
     * interval (docs/rules.md, "Taffler: which model is which"). The id
     * "taffler" is kept: it is public API. */
    [CLM_CREDIT_TAFFLER] = {
        "taffler",
        "Taffler, Tisshaw (1977), \"Going, going, gone - four factors which predict\","
        " Accountancy 88 (March), 50-54, in the form the later literature gives it"
        " (X4 sales / total assets)",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 0.0,
        { { "pbt/cl", 0.53, "2300", "1500" },
          { "ca/tl", 0.13, "1200", "1400 1500" },
          { "cl/ta", 0.18, "1500", "1600" },
          { "sales/ta", 0.16, "2110", "1600" }, END_R },
        { { "high-risk", CLM_CREDIT_BAND_DISTRESS, 0.2, 0, CLM_N_("below 0.2: high risk of failure") },
          { "grey", CLM_CREDIT_BAND_GREY, 0.3, 1, CLM_N_("0.2 to 0.3: neither; analyse further") },
          { "low-risk", CLM_CREDIT_BAND_SAFE, INFINITY, 0, CLM_N_("above 0.3: low risk of failure") },
          END_B } },
    [CLM_CREDIT_ZMIJEWSKI] = {
        "zmijewski",
        "Zmijewski (1984), J. Accounting Research 22 (Supplement), 59-82"
        " (probit)",
        CLM_CREDIT_PROBIT, CLM_CREDIT_BAND_PROBABILITY, -4.336,
        { { "ni/ta", -4.513, "2400", "1600" },
          { "tl/ta", 5.679, "1400 1500", "1600" },
          { "ca/cl", 0.004, "1200", "1500" }, END_R },
        { { "healthy", CLM_CREDIT_BAND_SAFE, 0.5, 0, CLM_N_("P below 0.5: classified as healthy") },
          { "distressed", CLM_CREDIT_BAND_DISTRESS, INFINITY, 0, CLM_N_("P of 0.5 and above: classified"
            " as distressed") }, END_B } },
    [CLM_CREDIT_TWO_FACTOR] = {
        "two-factor",
        "Two-factor model of Russian practice (Altman's two-factor form with Russian"
        " coefficients): Kovalev (1996), Finansovyi analiz, Finansy i statistika",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, -0.3877,
        { { "ca/cl", -1.0736, "1200", "1500" },
          { "borrowed/tle", 0.0579, "1400 1500", "1700" }, END_R },
        { { "below-50", CLM_CREDIT_BAND_SAFE, 0.0, 0, CLM_N_("Z below 0: probability of bankruptcy below"
            " 50 %") },
          { "equal-50", CLM_CREDIT_BAND_GREY, 0.0, 1, CLM_N_("Z = 0: probability of bankruptcy 50 %") },
          { "above-50", CLM_CREDIT_BAND_DISTRESS, INFINITY, 0, CLM_N_("Z above 0: probability of"
            " bankruptcy above 50 %") }, END_B } },
    [CLM_CREDIT_IRKUTSK] = {
        "irkutsk-r",
        "Davydova, Belikov (1999), Upravlenie riskom No. 3, 13-20 (R-model)",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 0.0,
        { { "ca/ta", 8.38, "1200", "1600" },
          { "np/avg-equity", 1.0, "2400", "avg:1300" },
          { "sales/avg-ta", 0.054, "2110", "avg:1600" },
          { "np/costs", 0.63, "2400", "2120 2210 2220" }, END_R },
        /* Each band includes its lower bound; 0.42, in no published band,
         * is read as minimal risk (docs/rules.md). */
        { { "maximum", CLM_CREDIT_BAND_DISTRESS, 0.0, 0, CLM_N_("below 0: maximum risk of bankruptcy"
            " (90-100 %)") },
          { "high", CLM_CREDIT_BAND_DISTRESS, 0.18, 0, CLM_N_("0 to 0.18: high risk (60-80 %)") },
          { "medium", CLM_CREDIT_BAND_GREY, 0.32, 0, CLM_N_("0.18 to 0.32: medium risk (35-50 %)") },
          { "low", CLM_CREDIT_BAND_SAFE, 0.42, 0, CLM_N_("0.32 to 0.42: low risk (15-20 %)") },
          { "minimal", CLM_CREDIT_BAND_SAFE, INFINITY, 0, CLM_N_("0.42 and above: minimal risk"
            " (below 10 %)") }, END_B } },
    [CLM_CREDIT_SAIFULLIN_KADYKOV] = {
        "saifullin-kadykov",
        "Saifullin, Kadykov (1996), in Sheremet, Saifulin, Metodika finansovogo analiza,"
        " INFRA-M",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 0.0,
        { { "own-wc/ca", 2.0, "1300 -1100", "1200" },
          { "ca/cl", 0.1, "1200", "1500" },
          { "sales/avg-ta", 0.08, "2110", "avg:1600" },
          { "sales-profit/sales", 0.45, "2200", "2110" },
          { "np/avg-equity", 1.0, "2400", "avg:1300" }, END_R },
        { { "unsatisfactory", CLM_CREDIT_BAND_DISTRESS, 1.0, 0, CLM_N_("R below 1: unsatisfactory"
            " financial standing") },
          { "satisfactory", CLM_CREDIT_BAND_SAFE, INFINITY, 0, CLM_N_("R of 1 and above: satisfactory"
            " financial standing") }, END_B } },
    /* Taffler (1983): a constant and four ratios, the fourth the no-credit
     * interval in days, (quick assets - current liabilities) / daily
     * operating costs. Here quick assets are 1200 - 1210 (current assets
     * less inventories) and operating costs 2120 + 2210 + 2220 (the Russian
     * forms carry no depreciation line to take out, as Taffler's daily
     * costs do). A ratio is a quotient of sums of lines, so the interval is
     * the ratio in years, "nci-years", and its coefficient 0.029 per day
     * is 0.029 x 365 = 10.585 per year: the same term. A negative z is "at
     * risk"; 0 itself is not. Coefficients and the reading of the ratios:
     * docs/rules.md, "Taffler: which model is which". */
    [CLM_CREDIT_TAFFLER_1983] = {
        "taffler-1983",
        "Taffler (1983), \"The Assessment of Company Solvency and Performance Using a"
        " Statistical Model\", Accounting and Business Research 13(52), 295-308",
        CLM_CREDIT_LINEAR, CLM_CREDIT_BAND_SCORE, 3.20,
        { { "pbt/cl", 12.18, "2300", "1500" },
          { "ca/tl", 2.50, "1200", "1400 1500" },
          { "cl/ta", -10.68, "1500", "1600" },
          { "nci-years", 10.585, "1200 -1210 -1500", "2120 2210 2220" }, END_R },
        { { "at-risk", CLM_CREDIT_BAND_DISTRESS, 0.0, 0, CLM_N_("z below 0: at risk of failure (the"
            " profile of failed companies)") },
          { "not-at-risk", CLM_CREDIT_BAND_SAFE, INFINITY, 0, CLM_N_("z of 0 and above: not at risk"
            " (the profile of solvent companies)") }, END_B } },
};

static int parse(clm_credit_item *items, size_t *n, const char *s)
{
    size_t bad;
    if (clm_credit__items_parse(items, n, CLM_CREDIT_ITEMS_MAX, s, &bad) != 0)
        return clm_core__fail(CLM_EINVAL, "credit: built-in item list '%s' is bad at %zu", s,
                              bad); /* cannot happen: the table is fixed */
    return CLM_OK;
}

int clm_credit_model_builtin(clm_credit_model **out, clm_credit_builtin which,
                             const clm_credit_model_options *opts)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_builtin: out is NULL");
    clm_credit_model_options o = CLM_CREDIT_MODEL_OPTIONS_INIT;
    if (opts != NULL) {
        int rc = clm_core__check_version(opts->version, CLM_CREDIT_MODEL_OPTIONS_VERSION,
                                         "credit model options");
        if (rc != CLM_OK)
            return rc;
        o = *opts;
    }
    if ((int)which < 0 || which >= CLM_CREDIT_BUILTIN_COUNT)
        return clm_core__fail(CLM_EINVAL, "clm_credit_model_builtin: no built-in model %d",
                              (int)which);
    if (o.zmijewski_liquidity_sign != 1 && o.zmijewski_liquidity_sign != -1)
        return clm_core__fail(CLM_EINVAL, "credit model options: zmijewski_liquidity_sign is"
                              " %d (+1 or -1)", o.zmijewski_liquidity_sign);
    if (o.irkutsk_k1 != CLM_CREDIT_K1_CA_TA && o.irkutsk_k1 != CLM_CREDIT_K1_WC_TA)
        return clm_core__fail(CLM_EINVAL, "credit model options: irkutsk_k1 is %d (1: CA/TA,"
                              " 2: WC/TA)", (int)o.irkutsk_k1);
    const spec *sp = &specs[which];
    clm_credit_model *m = NULL;
    int rc = clm_credit_model_new(&m, sp->name, sp->kind);
    if (rc == CLM_OK)
        rc = clm_credit_model_set_source(m, sp->source);
    if (rc == CLM_OK)
        rc = clm_credit_model_set_constant(m, sp->constant);
    if (rc == CLM_OK && sp->kind == CLM_CREDIT_LINEAR)
        rc = clm_credit_model_set_band_on(m, sp->band_on);
    for (size_t i = 0; rc == CLM_OK && sp->ratios[i].name != NULL; i++) {
        spec_ratio r = sp->ratios[i];
        if (which == CLM_CREDIT_ZMIJEWSKI && strcmp(r.name, "ca/cl") == 0)
            r.coef = 0.004 * o.zmijewski_liquidity_sign;
        if (which == CLM_CREDIT_IRKUTSK && o.irkutsk_k1 == CLM_CREDIT_K1_WC_TA &&
            strcmp(r.name, "ca/ta") == 0) {
            r.name = "wc/ta";
            r.num = "1200 -1500";
        }
        clm_credit_item num[CLM_CREDIT_ITEMS_MAX], den[CLM_CREDIT_ITEMS_MAX];
        size_t nn = 0, nd = 0;
        rc = parse(num, &nn, r.num);
        if (rc == CLM_OK && r.den != NULL)
            rc = parse(den, &nd, r.den);
        if (rc == CLM_OK)
            rc = clm_credit_model_add_ratio(m, r.name, r.coef, num, nn, den, nd);
    }
    for (size_t i = 0; rc == CLM_OK && sp->bands[i].name != NULL; i++) {
        const spec_band *b = &sp->bands[i];
        rc = clm_credit_model_add_band(m, b->name, b->level, b->upper, b->inclusive, b->meaning);
    }
    if (rc != CLM_OK) {
        if (rc != CLM_ENOMEM)
            rc = clm_core__fail(CLM_EINVAL, "credit: built-in model '%s' does not build: %s",
                                sp->name, clm_error_last()->message);
        clm_credit_model_free(m);
        return rc;
    }
    *out = m;
    return CLM_OK;
}
