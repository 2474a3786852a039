/*
 * segment.h — ABC, XYZ and RFM segmentation of a client base.
 *
 * Three classic segmentations (sources and tested figures: docs/rules.md,
 * Segmentation):
 *
 *  - ABC (Pareto) on revenue or margin: clients sorted by amount, largest
 *    first; A while the cumulative share is up to 80 %, B up to 95 %, C the
 *    rest. The client whose amount crosses a cut-off belongs to the upper
 *    class.
 *  - XYZ on the coefficient of variation (CV = sigma / mu) of per-period
 *    purchases: X if CV <= 10 %, Y if CV <= 25 %, Z above.
 *  - RFM: recency, frequency and monetary value, each scored 1-5 by
 *    quintiles of the client base (5 best; for recency, the most recent).
 *    Segment names are looked up from the score triple in a configurable
 *    table of 125 cells.
 *
 * All three are batch functions over columnar input: the caller passes
 * arrays indexed by client (0 .. n-1) and output arrays of n elements that
 * it owns. The functions allocate only scratch memory, which they free
 * before returning. Every result is a pure function of the input:
 * identical input gives identical output on every platform (class
 * boundaries are decided with exact integer arithmetic, never floats).
 *
 * Ties are ordered by client index: where equal amounts straddle an ABC
 * boundary, the clients with the lower index come first. Callers who want
 * another order (by client id, say) pass the clients in that order.
 *
 * Limits: at most CLM_SEGMENT_MAX_CLIENTS clients and
 * CLM_SEGMENT_MAX_PERIODS periods per call (CLM_ELIMIT above).
 *
 * Thread safety: every function here may run concurrently with any other
 * (they touch only their arguments and the per-thread last error); the
 * clm_rfm_segments object follows common.h (const functions concurrent).
 */
#ifndef CLM_SEGMENT_H
#define CLM_SEGMENT_H

#include "common.h"
#include "date.h"
#include "rate.h"

CLM_BEGIN_DECLS

/** Largest client count one call accepts (keeps every exact sum within
 *  128 bits). */
#define CLM_SEGMENT_MAX_CLIENTS ((size_t)UINT32_MAX)
/** Largest period count clm_xyz_classify() accepts. */
#define CLM_SEGMENT_MAX_PERIODS ((size_t)1 << 20)

/* ---- ABC ---------------------------------------------------------------- */

/** ABC class. CLM_ABC_NONE means "not classified" (only used by callers,
 *  e.g. in clm_client_facts, for a client outside the analysis). */
typedef enum clm_abc_class {
    CLM_ABC_NONE = 0,
    CLM_ABC_A = 1,
    CLM_ABC_B = 2,
    CLM_ABC_C = 3
} clm_abc_class;

#define CLM_ABC_OPTIONS_VERSION 1

/**
 * ABC options.
 *
 * `a_cut` and `b_cut` are cumulative shares in ppm (rate.h):
 * 0 <= a_cut <= b_cut <= 1 000 000. Defaults 800 000 (80 %) and 950 000
 * (95 %). a_cut == b_cut gives no B class; a_cut == 0 gives no A class.
 *
 * Amounts <= 0: a client with no sales (0) or with net returns (< 0) over
 * the period is class C and adds nothing to the total the shares are taken
 * of: a Pareto share of a negative amount means nothing, and counting it
 * would shrink the total and push good clients up a class. A caller who
 * considers a negative amount a data error sets `reject_negative` and gets
 * CLM_EINVAL naming the first such client instead.
 */
typedef struct clm_abc_options {
    unsigned int version; /**< CLM_ABC_OPTIONS_VERSION */
    clm_rate a_cut;       /**< cumulative share up to which a client is A (ppm) */
    clm_rate b_cut;       /**< cumulative share up to which a client is B (ppm) */
    int reject_negative;  /**< non-zero: a negative amount is CLM_EINVAL */
} clm_abc_options;

#define CLM_ABC_OPTIONS_INIT \
    { .version = CLM_ABC_OPTIONS_VERSION, .a_cut = 800000, .b_cut = 950000 }

/** Sets *opts to CLM_ABC_OPTIONS_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_abc_options_init(clm_abc_options *opts);

/**
 * Classifies n clients by ABC on `amounts` (minor units of one currency,
 * revenue or margin over one period: the caller chooses).
 *
 * The rule, exactly: sort the clients with a positive amount by amount,
 * descending, equal amounts by ascending index. Let T be the sum of their
 * amounts and `before` the sum of the amounts ranked before a client. The
 * client is A if before < a_cut * T, else B if before < b_cut * T, else
 * C (comparisons in exact integer arithmetic). So the client that reaches
 * or crosses 80 % is still A, and one that starts at exactly 80 % is B.
 * Clients with amount <= 0 are C (see clm_abc_options). If no client has
 * a positive amount, every client is C.
 *
 * `out` is an array of n classes the caller owns; on success out[i] is the
 * class of client i. `opts` may be NULL for the defaults. n == 0 succeeds
 * and writes nothing (amounts and out may then be NULL).
 *
 * Errors: CLM_EINVAL (NULL arrays with n > 0, cut-offs out of order or
 * outside 0..100 %, a negative amount with reject_negative: the message
 * names its index), CLM_EVERSION (opts->version), CLM_ELIMIT (n >
 * CLM_SEGMENT_MAX_CLIENTS), CLM_ENOMEM (96 KiB of scratch).
 * `out` is untouched on error. Cost: a few linear passes over `amounts`
 * (a radix selection of the two boundaries; no copy, no sort).
 */
CLM_API int clm_abc_classify(clm_abc_class *out, const int64_t *amounts, size_t n,
                             const clm_abc_options *opts);

/** "A", "B", "C" or "-" for CLM_ABC_NONE; "?" for anything else. Static. */
CLM_API const char *clm_abc_class_name(clm_abc_class c);

/* ---- XYZ ---------------------------------------------------------------- */

/** XYZ class. CLM_XYZ_NONE: not classified (a client whose mean per-period
 *  purchase is zero or negative: the CV has no meaning). */
typedef enum clm_xyz_class {
    CLM_XYZ_NONE = 0,
    CLM_XYZ_X = 1,
    CLM_XYZ_Y = 2,
    CLM_XYZ_Z = 3
} clm_xyz_class;

#define CLM_XYZ_OPTIONS_VERSION 1
/** Largest CV cut-off: 10^9 ppm, a CV of 1000 (the CV of P periods never
 *  exceeds sqrt(P - 1)). */
#define CLM_XYZ_MAX_CUT INT64_C(1000000000)

/**
 * XYZ options. `x_cut` and `y_cut` are CV limits in ppm,
 * 0 <= x_cut <= y_cut <= CLM_XYZ_MAX_CUT; defaults 100 000 (10 %) and
 * 250 000 (25 %). `reject_negative`: see clm_xyz_classify().
 */
typedef struct clm_xyz_options {
    unsigned int version; /**< CLM_XYZ_OPTIONS_VERSION */
    clm_rate x_cut;       /**< CV up to which a client is X (ppm, inclusive) */
    clm_rate y_cut;       /**< CV up to which a client is Y (ppm, inclusive) */
    int reject_negative;  /**< non-zero: a negative period amount is CLM_EINVAL */
} clm_xyz_options;

#define CLM_XYZ_OPTIONS_INIT \
    { .version = CLM_XYZ_OPTIONS_VERSION, .x_cut = 100000, .y_cut = 250000 }

/** Sets *opts to CLM_XYZ_OPTIONS_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_xyz_options_init(clm_xyz_options *opts);

/**
 * Classifies n clients by XYZ on their per-period purchases.
 *
 * `amounts` is a row-major n x periods matrix: amounts[i * periods + p] is
 * what client i bought in period p (minor units). A period with no
 * purchase must hold 0 and counts as a period: a client who buys in 6 of
 * 12 months is irregular, not regular.
 *
 * CV = sigma / mu with the POPULATION standard deviation (divide by the
 * number of periods, not by periods - 1): the periods are the whole
 * history analysed, not a sample of it. The class is decided exactly:
 * with S = sum, Q = sum of squares and P periods, CV^2 = (P*Q - S^2) / S^2,
 * and "CV <= c" is tested as (P*Q - S^2) * 10^12 <= S^2 * c^2 in integer
 * arithmetic of up to 256 bits, so a CV of exactly 10 % is X.
 *
 * Edge cases, by definition:
 *  - A client with no purchases (every period 0), or whose purchases net
 *    to a mean <= 0 (returns exceeding sales), is CLM_XYZ_NONE, cv NaN.
 *  - A negative period amount (net returns in that period) counts with its
 *    sign, unless opts->reject_negative is set: then it is CLM_EINVAL,
 *    naming the client and period.
 *  - periods must be at least 2: the variation of a single period is 0 by
 *    definition and would call every buying client X, a false signal of
 *    stability; so periods == 1 is CLM_EINVAL rather than a silent answer.
 *
 * `out` receives n classes; `cv` (may be NULL) receives each client's CV as
 * a fraction (0.1 = 10 %), for display only: the class never depends on
 * it. `opts` may be NULL for the defaults. n == 0 succeeds.
 *
 * Errors: CLM_EINVAL (NULL arrays with n > 0, periods < 2, cut-offs out of
 * order or range, a negative amount with reject_negative), CLM_EVERSION,
 * CLM_ELIMIT (n or periods above the limits, or n * periods overflows).
 * `out` and `cv` are untouched on error. Allocates nothing. Cost: O(n *
 * periods).
 */
CLM_API int clm_xyz_classify(clm_xyz_class *out, double *cv, const int64_t *amounts,
                             size_t n, size_t periods, const clm_xyz_options *opts);

/** "X", "Y", "Z" or "-" for CLM_XYZ_NONE; "?" otherwise. Static. */
CLM_API const char *clm_xyz_class_name(clm_xyz_class c);

/* ---- per-period summaries ------------------------------------------------ */

/**
 * Summarises a row-major n x periods matrix (as for clm_xyz_classify()) into
 * the inputs of ABC and RFM: for client i, total[i] = the sum of its
 * periods, frequency[i] = the number of periods with an amount > 0, and
 * last[i] = the index (0-based) of the last period with an amount > 0, or
 * CLM_RFM_NEVER if there is none. Any output may be NULL.
 *
 * Errors: CLM_EINVAL (NULL amounts with n > 0, periods == 0),
 * CLM_ELIMIT (as clm_xyz_classify(), or periods > INT32_MAX),
 * CLM_EOVERFLOW (a total does not fit int64: the message names the
 * client). Outputs untouched on error. Allocates nothing.
 */
CLM_API int clm_periods_summarize(int64_t *total, int64_t *frequency, int32_t *last,
                                  const int64_t *amounts, size_t n, size_t periods);

/* ---- RFM ---------------------------------------------------------------- */

/** The `last` value of a client who never bought. */
#define CLM_RFM_NEVER INT32_MIN

/** An RFM score: each of r, f, m is 1..5, or all three 0 for "not scored"
 *  (a client with no purchase). */
typedef struct clm_rfm_score {
    uint8_t r, f, m;
} clm_rfm_score;

/**
 * Scores n clients by RFM.
 *
 * Inputs per client i: `last[i]`, the last purchase as any number that grows
 * with recency (a clm_date day number, or a period index as produced by
 * clm_periods_summarize()); `frequency[i]`, the number of purchases (or of
 * periods with one), >= 0; `monetary[i]`, the amount bought (minor units;
 * may be negative after returns).
 *
 * Clients with frequency 0 bought nothing: they are not scored ({0,0,0})
 * and are left out of the client base the quintiles are taken of, so a
 * large dormant base does not inflate the buyers' scores. Their `last` is
 * ignored.
 *
 * Scoring, for each of the three measures over the m scored clients: let L
 * be the number of scored clients with a strictly worse value (smaller last,
 * frequency or monetary). The score is 1 + floor(5 * L / m). Equal values
 * get equal scores (a tie block takes the score of its lowest rank, as
 * SQL's RANK()); with m distinct values and m a multiple of 5, each score
 * goes to exactly m / 5 clients. Consequences of the definition: if all
 * scored clients share a value, all score 1 on that measure; a single
 * scored client scores {1,1,1}.
 *
 * Errors: CLM_EINVAL (NULL arrays with n > 0, a negative frequency, a
 * client with frequency > 0 and last == CLM_RFM_NEVER: the message names
 * the client), CLM_ELIMIT (n > CLM_SEGMENT_MAX_CLIENTS), CLM_ENOMEM
 * (64 KiB of scratch). `out` untouched on error. Cost: O(n)
 * plus a few linear passes per measure (radix selection).
 */
CLM_API int clm_rfm_score_batch(clm_rfm_score *out, const int32_t *last,
                                const int64_t *frequency, const int64_t *monetary,
                                size_t n);

/**
 * How clm_rfm_score_opts() scores clients that share a value. With monthly
 * data many clients tie (every client who bought this month has the same
 * recency); the policies differ exactly there. Stable names: "equal",
 * "by-key", "fixed".
 */
typedef enum clm_rfm_ties {
    /** Equal values get equal scores, the tie block taking the score of its
     *  lowest rank (SQL RANK()), as clm_rfm_score_batch(). A block of more
     *  than a fifth of the clients at the top then holds no 5: if 40 % of
     *  the clients bought this month, they all score R = 4. */
    CLM_RFM_TIES_EQUAL = 0,
    /** Every scored client gets its own rank, as SQL's
     *  NTILE(5) OVER (ORDER BY value, key, index DESC) does: clients are
     *  ordered by value, equal values by opts->key (a larger key ranks
     *  higher; opts->key NULL: every key equal), then by index (the lower
     *  index ranks higher, as ties do in ABC); the client of 0-based rank
     *  r among m scores 1 + floor(5 r / m). So exactly m / 5 clients get
     *  each score when 5 divides m, and two clients with the same value may
     *  score differently: the key is the stated reason. */
    CLM_RFM_TIES_BY_KEY = 1,
    /** The user's own thresholds instead of quintiles: a value v scores
     *  1 + the number of s in 2..5 with v >= from[s - 2] (opts->r_from,
     *  f_from, m_from, each non-decreasing). Equal values always score the
     *  same, and the scores do not depend on the rest of the base. */
    CLM_RFM_TIES_FIXED = 2
} clm_rfm_ties;

/** Options of clm_rfm_score_opts(). */
typedef struct clm_rfm_options {
    unsigned int version;     /**< CLM_RFM_OPTIONS_VERSION */
    clm_rfm_ties ties;        /**< default CLM_RFM_TIES_EQUAL */
    /** CLM_RFM_TIES_BY_KEY: one key per client (n values; the caller's
     *  array), e.g. the day of the first purchase or a revenue figure; may
     *  be NULL. Ignored by the other policies. */
    const int64_t *key;
    /** CLM_RFM_TIES_FIXED: the smallest `last` scoring R 2, 3, 4, 5 (in
     *  the units of `last`: a day or a period index). */
    int64_t r_from[4];
    /** CLM_RFM_TIES_FIXED: the smallest frequency scoring F 2, 3, 4, 5. */
    int64_t f_from[4];
    /** CLM_RFM_TIES_FIXED: the smallest amount scoring M 2, 3, 4, 5
     *  (minor units). */
    int64_t m_from[4];
} clm_rfm_options;

#define CLM_RFM_OPTIONS_VERSION 1
#define CLM_RFM_OPTIONS_INIT { .version = CLM_RFM_OPTIONS_VERSION, .ties = CLM_RFM_TIES_EQUAL }
/** Sets *o as CLM_RFM_OPTIONS_INIT does. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_rfm_options_init(clm_rfm_options *o);

/** The policy's name ("equal", "by-key", "fixed"), or NULL. Static. */
CLM_API const char *clm_rfm_ties_name(clm_rfm_ties t);
/** The policy named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND
 *  (the message lists the names). *out untouched on error. */
CLM_API int clm_rfm_ties_from_name(clm_rfm_ties *out, const char *name);

/**
 * Scores n clients by RFM as clm_rfm_score_batch() does (same inputs; a
 * client with frequency 0 is not scored and not counted), with the tie
 * policy of `opts` (NULL: CLM_RFM_TIES_EQUAL, the same result as
 * clm_rfm_score_batch()).
 *
 * Errors: as clm_rfm_score_batch(), and CLM_EVERSION (opts->version),
 * CLM_EINVAL (an unknown policy; fixed thresholds that decrease: the
 * message names the measure and the score). CLM_ENOMEM: CLM_RFM_TIES_BY_KEY
 * sorts the scored clients (24 bytes each) once per measure, O(m log m). `out` untouched on error.
 */
CLM_API int clm_rfm_score_opts(clm_rfm_score *out, const int32_t *last,
                               const int64_t *frequency, const int64_t *monetary,
                               size_t n, const clm_rfm_options *opts);

/* ---- ABC, XYZ and RFM in one reading of the months ----------------------- */

/** The version of clm_segment_options this header describes. */
#define CLM_SEGMENT_OPTIONS_VERSION 1

/** Options of clm_segment_all(): those of ABC and of XYZ. RFM has none
 *  (equal values, equal scores, as clm_rfm_score_batch()). */
typedef struct clm_segment_options {
    unsigned int version; /**< CLM_SEGMENT_OPTIONS_VERSION */
    clm_abc_options abc;  /**< as for clm_abc_classify() */
    clm_xyz_options xyz;  /**< as for clm_xyz_classify() */
} clm_segment_options;

/** The default options: those of CLM_ABC_OPTIONS_INIT and
 *  CLM_XYZ_OPTIONS_INIT. */
#define CLM_SEGMENT_OPTIONS_INIT                                                     \
    { .version = CLM_SEGMENT_OPTIONS_VERSION, .abc = CLM_ABC_OPTIONS_INIT,           \
      .xyz = CLM_XYZ_OPTIONS_INIT }

/** Sets *opts to CLM_SEGMENT_OPTIONS_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_segment_options_init(clm_segment_options *opts);

/**
 * Where clm_segment_all() writes its results: arrays of n elements that the
 * caller owns (none may overlap another or the input). `abc`, `xyz` and
 * `rfm` are required; the others may be NULL when not wanted.
 */
typedef struct clm_segment_result {
    clm_abc_class *abc;   /**< ABC class of each client, on its total */
    clm_xyz_class *xyz;   /**< XYZ class of each client */
    clm_rfm_score *rfm;   /**< RFM score of each client */
    double *cv;           /**< or NULL: the CV, as clm_xyz_classify() gives it */
    int64_t *total;       /**< or NULL: the total of the periods */
    int64_t *frequency;   /**< or NULL: the periods with an amount > 0 */
    int32_t *last;        /**< or NULL: the last such period, or CLM_RFM_NEVER */
} clm_segment_result;

/**
 * ABC, XYZ and RFM of n clients from their per-period amounts, reading the
 * months once.
 *
 * `amounts` is the row-major n x periods matrix of clm_xyz_classify(). The
 * results are exactly, bit for bit, those of the four separate calls
 *
 *     clm_periods_summarize(total, frequency, last, amounts, n, periods);
 *     clm_abc_classify(abc, total, n, &opts->abc);
 *     clm_xyz_classify(xyz, cv, amounts, n, periods, &opts->xyz);
 *     clm_rfm_score_batch(rfm, last, frequency, total, n);
 *
 * that is: ABC on each client's total, XYZ on its periods (population
 * standard deviation: with S the sum, Q the sum of squares and P the
 * periods, CV^2 = (P*Q - S^2) / S^2, the class decided in exact integer
 * arithmetic; the `cv` shown is the double sqrt((P*Q - S^2) / S^2)), and
 * RFM with recency = the last period with an amount > 0, frequency = the
 * number of such periods and monetary = the total. Money stays in int64
 * minor units; nothing is rounded.
 *
 * How: one pass over the matrix gives each client's sum, sum of squares,
 * frequency, last period and XYZ class, and the counts and extremes the
 * other two need; the ABC boundaries and the monetary quintiles are then
 * selected together over the totals (a few passes over n values, not
 * n x periods), the recency and frequency quintiles straight from the
 * per-period counts, and a last pass writes every result.
 *
 * `opts` may be NULL for the defaults. n == 0 succeeds and writes nothing
 * (`amounts` and the arrays of `out` may then be NULL; `out` may not).
 *
 * Errors (nothing in `out`'s arrays is written on any of them):
 *  - CLM_EINVAL: NULL `out`, or NULL amounts / out->abc / out->xyz /
 *    out->rfm with n > 0; periods < 2 (as clm_xyz_classify()); cut-offs
 *    out of order or range (as clm_abc_classify() and clm_xyz_classify());
 *    a negative total with opts->abc.reject_negative, or a negative period
 *    amount with opts->xyz.reject_negative (the message names the client,
 *    and the period).
 *  - CLM_EOVERFLOW: a client's total does not fit int64 (the message names
 *    the client).
 *  - CLM_EVERSION (opts or either inner version), CLM_ELIMIT (n or periods
 *    above the limits, or n * periods overflows), CLM_ENOMEM.
 * When several clients are at fault, the one with the lowest index is
 * named; for one client, an overflowing total comes first, then a negative
 * total (ABC), then a negative period (XYZ).
 *
 * Memory: scratch of 16 bytes per client (24 with `cv`), 8 per period and
 * about 100 KiB of histograms, freed before returning. The first write to
 * fresh scratch pages costs the system's page faults (about 8 ms for
 * 1,000,000 clients on a VM); a caller who segments again and again keeps
 * the scratch in a clm_segmenter instead. Cost: one pass over the
 * n x periods amounts, two over the n totals, one writing the results.
 *
 * Thread safety: as every function here; it reads `amounts` and writes
 * only `out`'s arrays.
 */
CLM_API int clm_segment_all(const clm_segment_result *out, const int64_t *amounts, size_t n,
                            size_t periods, const clm_segment_options *opts);

/** Scratch that clm_segmenter_run() keeps from one run to the next. */
typedef struct clm_segmenter clm_segmenter;

/**
 * Creates a segmenter holding no scratch yet. Free with
 * clm_segmenter_free(). Errors: CLM_EINVAL (NULL out), CLM_ENOMEM.
 */
CLM_API int clm_segmenter_new(clm_segmenter **out);

/** Frees the segmenter and its scratch; NULL is a no-op. */
CLM_API void clm_segmenter_free(clm_segmenter *s);

/**
 * clm_segment_all() with the scratch of `s`: the same arguments, results,
 * errors and guarantees (nothing in `out`'s arrays is written on an
 * error), but the scratch is kept for the next run, grown when a run needs
 * more (never shrunk: clm_segmenter_free() returns it), so a run over a
 * base no larger than an earlier one allocates only its histograms. On
 * CLM_ENOMEM the segmenter keeps the scratch it had.
 *
 * Errors: as clm_segment_all(), and CLM_EINVAL for a NULL `s`.
 * Thread safety: one run at a time per segmenter (it is not const);
 * separate segmenters run concurrently.
 */
CLM_API int clm_segmenter_run(clm_segmenter *s, const clm_segment_result *out,
                              const int64_t *amounts, size_t n, size_t periods,
                              const clm_segment_options *opts);

/* ---- RFM segment names ---------------------------------------------------- */

/** An ordered table of segment names over the 125 RFM cells. */
typedef struct clm_rfm_segments clm_rfm_segments;

/**
 * Creates an empty table (no cell named). Free with clm_rfm_segments_free().
 * Errors: CLM_EINVAL (NULL out), CLM_ENOMEM.
 */
CLM_API int clm_rfm_segments_new(clm_rfm_segments **out);

/**
 * Creates the default table, whose rules are, in order (first match wins;
 * every cell is named):
 *
 *   champions           R 4-5  F 4-5  M 4-5
 *   loyal               R 3-5  F 3-5  M 3-5
 *   new                 R 5    F 1    M 1-5
 *   potential_loyalist  R 4-5  F 1-3  M 1-5
 *   cant_lose           R 1    F 4-5  M 4-5
 *   at_risk             R 1-2  F 3-5  M 1-5
 *   hibernating         R 1-2  F 1-2  M 1-5
 *   need_attention      R 1-5  F 1-5  M 1-5
 *
 * Errors: CLM_EINVAL, CLM_ENOMEM.
 */
CLM_API int clm_rfm_segments_new_default(clm_rfm_segments **out);

/** Frees the table; NULL is a no-op. */
CLM_API void clm_rfm_segments_free(clm_rfm_segments *s);

/**
 * Appends a rule: the cells with r in r_min..r_max, f in f_min..f_max and m
 * in m_min..m_max that no earlier rule named get `name` (copied; non-empty,
 * at most 63 bytes). A rule that names no new cell is accepted (it may
 * only shadow earlier ones).
 *
 * Errors: CLM_EINVAL (NULL, empty or too long name, a bound outside 1..5 or
 * min > max), CLM_ELIMIT (more than 125 rules), CLM_ENOMEM. The table is
 * unchanged on error.
 */
CLM_API int clm_rfm_segments_add(clm_rfm_segments *s, const char *name,
                                 int r_min, int r_max, int f_min, int f_max,
                                 int m_min, int m_max);

/**
 * The segment name of `score`: the name of the first rule covering the
 * cell, or NULL if no rule covers it or the score is not 1..5 in each
 * part (e.g. an unscored client). The string belongs to the table. O(1).
 */
CLM_API const char *clm_rfm_segments_name(const clm_rfm_segments *s, clm_rfm_score score);

CLM_END_DECLS

#endif /* CLM_SEGMENT_H */
