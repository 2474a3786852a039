/*
 * credit_model.h — a client's financial standing: statements, scoring
 * models (the published ones built in, and models of your own) and the
 * explained result a credit officer reads.
 *
 * Statements. A client's financial statements for a period, by the line
 * codes of the Russian balance sheet and income statement (Order of the
 * Ministry of Finance No. 66n of 2 July 2010, forms 0710001 and 0710002):
 * 1100 non-current assets, 1200 current assets (1210 inventories, 1220
 * VAT on purchases, 1230 receivables, 1240 financial investments, 1250
 * cash), 1300 equity (1370 retained earnings), 1400 long-term liabilities,
 * 1500 short-term liabilities (1510 borrowings, 1520 payables), 1600
 * total assets, 1700 total equity and liabilities, 2110 revenue, 2120 cost
 * of sales, 2200 profit from sales, 2210 selling expenses, 2220
 * administrative expenses, 2300 profit before tax, 2330 interest payable,
 * 2400 net profit. Amounts are money of the statements' one currency in
 * minor units (money.h). Optionally the prior period's lines (models that
 * ask for averages use (prior + current) / 2 when the prior line is there,
 * the current line alone when it is not), the market value of equity, and
 * ratios given directly (by name; see "Ratios" below).
 *
 * A line a model needs and the statements lack is an error that names the
 * line and the model (CLM_ENOTFOUND); a missing line is never taken as 0.
 * 1600 and 1700 are the two sides of one balance: a model that asks for one
 * of them reads the other when only that one is given; when both are given
 * and differ, scoring fails (CLM_EINVAL).
 *
 * Models. A model is a list of named ratios, each with a coefficient, a
 * constant, and bands. The score is computed in one stated order:
 *     score = constant + c1*r1 + c2*r2 + ... + cn*rn
 * added left to right, each term c*r a single rounded product (no fused
 * multiply-add). A linear model bands the score (or, where the model says
 * so, the score without its constant); a probit model also gives
 * P = Phi(score) and a logit model P = 1 / (1 + e^-score), and bands P.
 * Before banding, the value and every band boundary are rounded to nine
 * decimal places (to a whole number of 1e-9, half away from zero), so a
 * score that equals a boundary in decimal arithmetic falls on the
 * boundary whatever the compiler, optimisation level or platform; the
 * unrounded score is what results report.
 *
 * Ratios. A ratio is a quotient (numerator / denominator) or, with no
 * denominator, a sum. Numerator and denominator are each a sum of items; an
 * item is a statement line (clm_credit_item.line), optionally negated and
 * optionally averaged over the two periods, or the market value of equity
 * (CLM_CREDIT_LINE_MVE). A zero denominator is an error naming the ratio
 * and the model (CLM_ERANGE). A ratio's name is its identity: statements
 * may carry a ratio of that name given directly, and then every model with
 * a ratio of that name uses it instead of the lines.
 *
 * Bands partition the real line: each band covers the values above the
 * previous band's upper bound (or from -infinity), up to its own upper
 * bound (inclusive or exclusive), the last band up to +infinity. Each band
 * has a name, a level (clm_credit_band: distress, grey, safe; what the
 * composite grade of credit_policy.h reads)
 * and its meaning in words.
 *
 * The built-in models and their sources are listed at clm_credit_builtin
 * and in docs/rules.md, "Credit reliability", "Financial-standing models".
 * Each is also expressible as a model of your own (clm_credit_model_new()
 * or the XML form, clm_credit_model_load_xml()); the shipped sample
 * examples/data/credit/altman-z-model.xml is Altman's Z in that form.
 *
 * Thread safety (common.h): statements and models are read-only while
 * scoring, so any number of threads may score with the same statements and
 * models at once; a setter needs exclusive access to its object.
 */
#ifndef CLM_CREDIT_MODEL_H
#define CLM_CREDIT_MODEL_H

#include "common.h"
#include "credit_policy.h"
#include "money.h"
#include "xml.h"

CLM_BEGIN_DECLS

/* ---- statements ------------------------------------------------------------ */

/** The market value of equity, as an item of a ratio (not a statement line;
 *  set with clm_credit_statements_set_market_equity()). */
#define CLM_CREDIT_LINE_MVE 9000

/** The two periods statements may hold. */
typedef enum clm_credit_period {
    CLM_CREDIT_CURRENT = 0, /**< the period being assessed (end of it) */
    CLM_CREDIT_PRIOR = 1    /**< the period before (for averages) */
} clm_credit_period;

typedef struct clm_credit_statements clm_credit_statements;

/**
 * New empty statements in `currency` (an ISO 4217 code, money.h).
 * Errors: CLM_EINVAL (NULL), CLM_ECURRENCY, CLM_ENOMEM. *out untouched on
 * error; free with clm_credit_statements_free().
 */
CLM_API int clm_credit_statements_new(clm_credit_statements **out, const char *currency);

/** Frees statements; NULL is a no-op. */
CLM_API void clm_credit_statements_free(clm_credit_statements *st);

/** The statements' currency code ("RUB"). NULL for NULL. */
CLM_API const char *clm_credit_statements_currency(const clm_credit_statements *st);

/** True (1) if `line` is one of the codes listed at the top of this file. */
CLM_API int clm_credit_line_known(int line);

/**
 * Sets (or replaces) `line` of `period` to `amount`. Negative amounts are
 * allowed (a loss on 2300 or 2400, negative retained earnings).
 * Errors: CLM_EINVAL (NULL, unknown line code, bad period: the message
 * names the line), CLM_ECURRENCY (not the statements' currency). Nothing
 * changes on error.
 */
CLM_API int clm_credit_statements_set(clm_credit_statements *st, clm_credit_period period,
                                      int line, const clm_money *amount);

/**
 * Reads `line` of `period` into *out (exactly as set; no 1600/1700
 * substitution here). Errors: CLM_EINVAL, CLM_ENOTFOUND (the line is not
 * given). *out untouched on error.
 */
CLM_API int clm_credit_statements_get(clm_money *out, const clm_credit_statements *st,
                                      clm_credit_period period, int line);

/** Removes `line` of `period` (absent already: no-op). Errors: CLM_EINVAL. */
CLM_API int clm_credit_statements_unset(clm_credit_statements *st, clm_credit_period period,
                                        int line);

/** Sets the market value of equity (Altman's Z X4). Errors: CLM_EINVAL,
 *  CLM_ECURRENCY. Nothing changes on error. */
CLM_API int clm_credit_statements_set_market_equity(clm_credit_statements *st,
                                                    const clm_money *amount);

/**
 * Gives the ratio `name` directly (an id, common.h): every model with a
 * ratio of that name uses `value` instead of computing it. Replaces an
 * earlier value of the same name. At most CLM_CREDIT_RATIOS_MAX ratios.
 * Errors: CLM_EINVAL (NULL, a bad name, a value that is not finite),
 * CLM_ELIMIT, CLM_ENOMEM. Nothing changes on error.
 */
CLM_API int clm_credit_statements_set_ratio(clm_credit_statements *st, const char *name,
                                            double value);

/** The most ratios a model or statements hold. */
#define CLM_CREDIT_RATIOS_MAX 64
/** The most bands a model holds. */
#define CLM_CREDIT_BANDS_MAX 16
/** The most items in a ratio's numerator or denominator. */
#define CLM_CREDIT_ITEMS_MAX 16

/* ---- models ---------------------------------------------------------------- */

typedef enum clm_credit_kind {
    CLM_CREDIT_LINEAR = 1, /**< the score itself */
    CLM_CREDIT_PROBIT = 2, /**< P = Phi(score), the standard normal CDF */
    CLM_CREDIT_LOGIT = 3   /**< P = 1 / (1 + exp(-score)) */
} clm_credit_kind;

/** What a model's bands are applied to. */
typedef enum clm_credit_band_on {
    CLM_CREDIT_BAND_SCORE = 1,          /**< the score (linear default) */
    CLM_CREDIT_BAND_SCORE_NO_CONSTANT = 2, /**< the score minus the constant
                                              (Altman's Z'' with +3.25) */
    CLM_CREDIT_BAND_PROBABILITY = 3     /**< P (probit and logit default) */
} clm_credit_band_on;

/* A band's level is a clm_credit_band (credit_policy.h: distress, grey,
 * safe), the one vocabulary the composite grade reads; its names are
 * clm_credit_band_name() / clm_credit_band_from_name(). */

/** One item of a ratio's numerator or denominator. */
typedef struct clm_credit_item {
    int line;      /**< a statement line code, or CLM_CREDIT_LINE_MVE */
    int negate;    /**< subtract it instead of adding */
    int average;   /**< (prior + current) / 2 when the prior line is given */
} clm_credit_item;

/** The built-in models. Sources (paper, year, page), the ratios and the
 *  published worked examples each is tested against: docs/rules.md,
 *  "Financial-standing models". Each member gives the model's bands with
 *  the side each boundary value falls on ("a < 1.81 <= b": 1.81 is in b). */
typedef enum clm_credit_builtin {
    CLM_CREDIT_ALTMAN_Z = 0,        /**< Altman (1968), public manufacturers:
                                         distress < 1.81 <= grey <= 2.99 < safe */
    CLM_CREDIT_ALTMAN_Z_PRIVATE,    /**< Altman (1983) Z', private firms:
                                         distress < 1.23 <= grey <= 2.90 < safe */
    CLM_CREDIT_ALTMAN_Z_NONMFG,     /**< Altman (1983) Z'', non-manufacturers:
                                         distress < 1.10 <= grey <= 2.60 < safe */
    CLM_CREDIT_ALTMAN_Z_EM,         /**< Z'' + 3.25, emerging markets (Altman,
                                         Hartzell, Peck 1995); banded without
                                         the 3.25, on the Z'' bands */
    CLM_CREDIT_SPRINGATE,           /**< Springate (1978):
                                         failing < 0.862 <= sound */
    CLM_CREDIT_TAFFLER,             /**< Taffler and Tisshaw (1977), the
                                         four-ratio form 0.53, 0.13, 0.18,
                                         0.16 of the later literature (not
                                         Taffler 1983; the id "taffler" is
                                         kept): high-risk < 0.2 <= grey
                                         <= 0.3 < low-risk */
    CLM_CREDIT_ZMIJEWSKI,           /**< Zmijewski (1984), probit, banded on P:
                                         healthy < 0.5 <= distressed */
    CLM_CREDIT_TWO_FACTOR,          /**< the two-factor model of Russian practice:
                                         below-50 < 0; equal-50 = 0; 0 < above-50 */
    CLM_CREDIT_IRKUTSK,             /**< Davydova and Belikov (1999), R-model:
                                         maximum < 0 <= high < 0.18 <= medium
                                         < 0.32 <= low < 0.42 <= minimal */
    CLM_CREDIT_SAIFULLIN_KADYKOV,   /**< Saifullin and Kadykov (1996):
                                         unsatisfactory < 1 <= satisfactory */
    CLM_CREDIT_TAFFLER_1983,        /**< Taffler (1983), "taffler-1983":
                                         z = 3.20 + 12.18 pbt/cl + 2.50 ca/tl
                                         - 10.68 cl/ta + 0.029 x no-credit
                                         interval in days (the ratio
                                         "nci-years" with 0.029 x 365):
                                         at-risk < 0 <= not-at-risk */
    CLM_CREDIT_BUILTIN_COUNT
} clm_credit_builtin;

/** K1 of the Irkutsk R-model: sources differ. */
typedef enum clm_credit_irkutsk_k1 {
    CLM_CREDIT_K1_CA_TA = 1,  /**< current assets / total assets (default) */
    CLM_CREDIT_K1_WC_TA = 2   /**< working capital / total assets */
} clm_credit_irkutsk_k1;

#define CLM_CREDIT_MODEL_OPTIONS_VERSION 1

/** Choices the sources leave open. Fill with CLM_CREDIT_MODEL_OPTIONS_INIT
 *  or clm_credit_model_options_init(); NULL means the defaults. */
typedef struct clm_credit_model_options {
    unsigned int version;        /**< CLM_CREDIT_MODEL_OPTIONS_VERSION */
    int zmijewski_liquidity_sign; /**< +1 (default): +0.004 CA/CL as in the
                                       paper's table; -1: -0.004 as some
                                       later sources print it */
    clm_credit_irkutsk_k1 irkutsk_k1; /**< default CLM_CREDIT_K1_CA_TA */
} clm_credit_model_options;

#define CLM_CREDIT_MODEL_OPTIONS_INIT \
    { .version = CLM_CREDIT_MODEL_OPTIONS_VERSION, .zmijewski_liquidity_sign = 1, \
      .irkutsk_k1 = CLM_CREDIT_K1_CA_TA }

/** Sets *opts to the defaults. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_credit_model_options_init(clm_credit_model_options *opts);

typedef struct clm_credit_model clm_credit_model;

/**
 * A built-in model, with the choices in `opts` (NULL: defaults).
 * Errors: CLM_EINVAL (NULL, unknown model, a bad option), CLM_EVERSION,
 * CLM_ENOMEM. *out untouched on error; free with clm_credit_model_free().
 */
CLM_API int clm_credit_model_builtin(clm_credit_model **out, clm_credit_builtin which,
                                     const clm_credit_model_options *opts);

/**
 * A new empty model of your own: `name` an id, `kind` linear, probit or
 * logit. Add ratios, then bands in ascending order; set the constant and
 * what the bands read if not the default. A model scores once it has at
 * least one ratio and its last band is open upwards.
 * Errors: CLM_EINVAL, CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_credit_model_new(clm_credit_model **out, const char *name, clm_credit_kind kind);

/** Frees a model; NULL is a no-op. */
CLM_API void clm_credit_model_free(clm_credit_model *m);

/** Sets the constant (finite). Errors: CLM_EINVAL. Nothing changes on error. */
CLM_API int clm_credit_model_set_constant(clm_credit_model *m, double constant);

/** Sets what the bands read. Probability only for probit and logit.
 *  Errors: CLM_EINVAL. Nothing changes on error. */
CLM_API int clm_credit_model_set_band_on(clm_credit_model *m, clm_credit_band_on on);

/** Sets the model's citation ("Altman (1968), J. Finance 23(4), 589-609"), a
 *  line (common.h; NULL clears). Errors: CLM_EINVAL, CLM_ENOMEM. */
CLM_API int clm_credit_model_set_source(clm_credit_model *m, const char *source);

/**
 * Adds a ratio: `name` (an id, unique in the model), its coefficient (finite),
 * the numerator's `nnum` items (1..CLM_CREDIT_ITEMS_MAX) and the
 * denominator's `nden` items (0: the ratio is the numerator's sum).
 * Errors: CLM_EINVAL (NULL, bad name, unknown line, bad counts, not finite),
 * CLM_EEXISTS (a ratio of that name), CLM_ELIMIT (CLM_CREDIT_RATIOS_MAX),
 * CLM_ENOMEM. Nothing changes on error.
 */
CLM_API int clm_credit_model_add_ratio(clm_credit_model *m, const char *name, double coefficient,
                                       const clm_credit_item *num, size_t nnum,
                                       const clm_credit_item *den, size_t nden);

/**
 * Adds the next band upwards: it covers the values above the previous
 * band's bound (all values below, for the first) up to `upper`, which the
 * band includes when `upper_inclusive` is set; `upper` = +INFINITY closes
 * the list (the last band). `name` is an id, `meaning` a line (may be NULL).
 * Errors: CLM_EINVAL (NULL, bad text, NaN or -infinity, `upper` not above
 * the previous bound, a band after the last), CLM_ELIMIT, CLM_ENOMEM.
 * Nothing changes on error.
 */
CLM_API int clm_credit_model_add_band(clm_credit_model *m, const char *name,
                                      clm_credit_band level, double upper,
                                      int upper_inclusive, const char *meaning);

/** The model's name (owned by the model). NULL for NULL. */
CLM_API const char *clm_credit_model_name(const clm_credit_model *m);
/** The model's citation, or "" if none. NULL for NULL. */
CLM_API const char *clm_credit_model_source(const clm_credit_model *m);
/** The model's kind; 0 for NULL. */
CLM_API clm_credit_kind clm_credit_model_kind(const clm_credit_model *m);

/* ---- scoring ------------------------------------------------------------------- */

/**
 * The fast path (no allocation): the score, and the level of its band.
 * `score_out` gets the score (with the constant), `level_out` the band's
 * level; either may be NULL. For a result with everything behind it, use
 * clm_credit_model_score().
 * Errors: CLM_EINVAL (NULL, an incomplete model, statements whose 1600 and
 * 1700 differ), CLM_ENOTFOUND (a line or the market value the model needs is
 * missing: the message names it and the model), CLM_ERANGE (a zero
 * denominator, a value that is not finite), CLM_ECURRENCY never (amounts
 * are read in the statements' own currency). Outputs untouched on error.
 * Thread-safe on shared const objects.
 */
CLM_API int clm_credit_model_evaluate(double *score_out, clm_credit_band *level_out,
                                      const clm_credit_model *m,
                                      const clm_credit_statements *st);

/**
 * Every input `m` needs that `st` lacks, where scoring stops at the first:
 * each line of the current period a ratio reads (a line 1600 or 1700 is
 * missing only when neither side of the balance is given; a line averaged
 * over two periods needs only its current value) and CLM_CREDIT_LINE_MVE
 * for the market value of equity. A ratio the statements give directly
 * needs no line. Each input is listed once, line codes ascending, the
 * market value last, into out[0 .. *count). *count = 0 means nothing is
 * missing (scoring may still fail on a zero denominator). To ask for the
 * size alone, pass out = NULL and cap = 0: *count gets the number and the
 * call succeeds. 24 entries (the 23 line codes listed at the top of this
 * file and the market value) are always enough.
 * Errors: CLM_EINVAL (NULL m, st or count; NULL out with cap > 0),
 * CLM_EBUFSIZE (more missing inputs than cap: the message names both
 * figures). A failed call changes nothing: out and *count are untouched.
 * Allocates nothing. Thread-safe on shared const objects.
 */
CLM_API int clm_credit_model_missing(int *out, size_t cap, size_t *count,
                                     const clm_credit_model *m, const clm_credit_statements *st);

typedef struct clm_credit_result clm_credit_result;

/**
 * Scores `st` with `m` and returns the explained result (free with
 * clm_credit_result_free()). Errors: as clm_credit_model_evaluate(), plus
 * CLM_ENOMEM. *out untouched on error.
 */
CLM_API int clm_credit_model_score(clm_credit_result **out, const clm_credit_model *m,
                                   const clm_credit_statements *st);

/** Frees a result; NULL is a no-op. */
CLM_API void clm_credit_result_free(clm_credit_result *r);

/** A result's headline figures. Strings belong to the result. */
typedef struct clm_credit_summary {
    const char *model;      /**< the model's name */
    const char *source;     /**< the model's citation ("" if none) */
    clm_credit_kind kind;
    double constant;
    double score;           /**< constant + sum of terms */
    int has_probability;    /**< probit and logit */
    double probability;     /**< P, when has_probability (else 0) */
    double banded;          /**< the value the bands were applied to */
    clm_credit_band level; /**< the band's level */
    const char *band;       /**< the band's name */
    const char *meaning;    /**< the band's meaning ("" if none) */
} clm_credit_summary;

/** Fills *out. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_credit_result_summary(clm_credit_summary *out, const clm_credit_result *r);

/** One ratio of a result, with its term. */
typedef struct clm_credit_ratio_value {
    const char *name;       /**< the ratio's name */
    int given;              /**< 1: given directly in the statements */
    double numerator;       /**< the numerator's sum in major units (0 if given) */
    double denominator;     /**< the denominator's sum (0 if given or a sum ratio) */
    double value;           /**< the ratio */
    double coefficient;
    double term;            /**< coefficient x value, as added to the score */
} clm_credit_ratio_value;

/** The number of ratios (and terms) in the result. 0 for NULL. */
CLM_API size_t clm_credit_result_ratio_count(const clm_credit_result *r);
/** Ratio `i` in the model's order. Errors: CLM_EINVAL (NULL), CLM_ERANGE. */
CLM_API int clm_credit_result_ratio(clm_credit_ratio_value *out, const clm_credit_result *r,
                                    size_t i);

/** One input the score used: a line of a period as read (after the
 *  1600/1700 substitution), or the market value (line CLM_CREDIT_LINE_MVE). */
typedef struct clm_credit_input {
    int line;
    clm_credit_period period;
    clm_money amount;
} clm_credit_input;

/** The number of inputs used, each listed once in ascending (period, line)
 *  order. 0 for NULL. */
CLM_API size_t clm_credit_result_input_count(const clm_credit_result *r);
/** Input `i`. Errors: CLM_EINVAL (NULL), CLM_ERANGE. */
CLM_API int clm_credit_result_input(clm_credit_input *out, const clm_credit_result *r, size_t i);

/**
 * The result as text for a credit officer: the model and its source, each
 * input, each ratio with its definition and value, each term, the score
 * (and P), the band and its meaning. *out is NUL-terminated, freed with
 * clm_free(); *len (may be NULL) gets its length. Numbers are printed with
 * '.' whatever the locale.
 * Errors: CLM_EINVAL, CLM_ENOMEM (outputs untouched).
 */
CLM_API int clm_credit_result_format(char **out, size_t *len, const clm_credit_result *r);

/* ---- every built-in model at once (for the grade) ------------------------------ */

typedef struct clm_credit_results clm_credit_results;

/**
 * Scores `st` with every built-in model (clm_credit_builtin order, options
 * `opts`, NULL for the defaults). A model that cannot score these
 * statements (a missing line, a zero denominator) does not fail the call:
 * its entry holds no result and the error instead.
 * Errors: CLM_EINVAL (NULL), CLM_EVERSION, CLM_ENOMEM. *out untouched on
 * error; free with clm_credit_results_free().
 */
CLM_API int clm_credit_score_builtins(clm_credit_results **out, const clm_credit_statements *st,
                                      const clm_credit_model_options *opts);

/** Frees the set and its results; NULL is a no-op. */
CLM_API void clm_credit_results_free(clm_credit_results *rs);

/**
 * The bands of the entries that scored, in entry order, into out[0 ..
 * *count): what clm_credit_grade_input's `bands` takes (credit_policy.h).
 * Entries that could not score are left out. An array of
 * clm_credit_results_count(rs) entries is always enough. To ask for the
 * size alone, pass out = NULL and cap = 0: *count gets the number of
 * scored entries and the call succeeds.
 * Errors: CLM_EINVAL (NULL rs or count; NULL out with cap > 0),
 * CLM_EBUFSIZE (more scored entries than cap: the message names both
 * figures). As every libclm call that fails, a failed call changes
 * nothing: out and *count are untouched.
 */
CLM_API int clm_credit_results_bands(clm_credit_band *out, size_t cap, size_t *count,
                                     const clm_credit_results *rs);
/** Entries in the set (CLM_CREDIT_BUILTIN_COUNT for the built-ins). */
CLM_API size_t clm_credit_results_count(const clm_credit_results *rs);
/**
 * Entry `i`: its result (owned by the set), or NULL when the model could
 * not score, and then *error (if error is not NULL) gets the CLM_E* code
 * and *message (if not NULL) the reason, owned by the set.
 */
CLM_API const clm_credit_result *clm_credit_results_get(const clm_credit_results *rs, size_t i,
                                                        int *error, const char **message);

/* ---- XML ---------------------------------------------------------------------- */

/**
 * Reads a model from XML (schema "credit-model", namespace
 * urn:libclm:credit-model:1; the sample examples/data/credit/altman-z-model.xml):
 *
 *   <credit-model xmlns="urn:libclm:credit-model:1" name="altman-z"
 *                 kind="linear" constant="0" band-on="score"
 *                 source="Altman (1968), J. Finance 23(4), 589-609">
 *     <ratio name="wc/ta" coefficient="1.2" numerator="1200 -1500" denominator="1600"/>
 *     <ratio name="mve/tl" coefficient="0.6" numerator="mve" denominator="1400 1500"/>
 *     <band name="distress" level="distress" below="1.81" meaning="..."/>
 *     <band name="grey" level="grey" to="2.99"/>
 *     <band name="safe" level="safe"/>
 *   </credit-model>
 *
 * Items: a line code, "mve", each optionally prefixed "-" (subtract) and
 * "avg:" (averaged): "-avg:1600". A band's bound is `below` (exclusive) or
 * `to` (inclusive), none for the last band. `kind` linear|probit|logit;
 * `band-on` score|score-without-constant|probability (default score for
 * linear, probability otherwise); `constant` default 0. Numbers are decimal
 * with '.' (xs:double). Errors: CLM_EINVAL, CLM_EVERSION, CLM_ELIMIT,
 * CLM_EPARSE, CLM_ESCHEMA (with the line and the attribute: an unknown line
 * code, a duplicate ratio, bands out of order or not closed), CLM_ENOMEM.
 * *out untouched on error.
 */
CLM_API int clm_credit_model_load_xml(clm_credit_model **out, const char *buf, size_t len,
                                      const char *source, const clm_xml_options *opts);
/** As clm_credit_model_load_xml() from a file; adds CLM_EIO. */
CLM_API int clm_credit_model_load_file(clm_credit_model **out, const char *path,
                                       const clm_xml_options *opts);
/**
 * Writes `m` (built-in or not) as XML that clm_credit_model_load_xml()
 * reads back into a model giving the same scores (numbers are written in
 * the shortest form that reads back to the same double). *out freed with
 * clm_free(). Errors: CLM_EINVAL, CLM_ENOMEM (outputs untouched).
 */
CLM_API int clm_credit_model_save_xml(char **out, size_t *len, const clm_credit_model *m);

/**
 * Reads statements from XML (schema "credit-statements", namespace
 * urn:libclm:credit-statements:1; samples in examples/data/credit/):
 *
 *   <credit-statements xmlns="urn:libclm:credit-statements:1" currency="RUB">
 *     <current>
 *       <line code="1100" amount="4000000.00 RUB"/> ...
 *     </current>
 *     <prior> ... </prior>                           (optional)
 *     <market-equity amount="9000000.00 RUB"/>       (optional)
 *     <ratio name="wc/ta" value="0.1"/>              (optional, any number)
 *   </credit-statements>
 *
 * Errors: as clm_credit_model_load_xml() (an unknown line code, a line
 * given twice in a period, an amount in another currency: each named with
 * its line). *out untouched on error.
 */
CLM_API int clm_credit_statements_load_xml(clm_credit_statements **out, const char *buf,
                                           size_t len, const char *source,
                                           const clm_xml_options *opts);
/** As clm_credit_statements_load_xml() from a file; adds CLM_EIO. */
CLM_API int clm_credit_statements_load_file(clm_credit_statements **out, const char *path,
                                            const clm_xml_options *opts);
/** Writes statements as XML the loader reads back into equal statements.
 *  Errors: CLM_EINVAL, CLM_ENOMEM (outputs untouched). */
CLM_API int clm_credit_statements_save_xml(char **out, size_t *len,
                                           const clm_credit_statements *st);

CLM_END_DECLS

#endif /* CLM_CREDIT_MODEL_H */
