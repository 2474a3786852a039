/*
 * xyz.c — XYZ classification by the coefficient of variation of per-period
 * purchases.
 *
 * Rule (docs/rules.md, Segmentation: the usual XYZ bands of demand-variability
 * analysis): CV = sigma / mu, X <= 10 %, Y <= 25 %, Z above;
 * a period without a purchase is 0; population standard deviation.
 *
 * The exact decision of one row (formula, precision) is in cv.h, shared
 * with clm_segment_all().
 */
#include "clm/segment.h"

#include <math.h>

#include "clm/rate.h"
#include "core/core.h"
#include "checks.h"
#include "cv.h"
#include "radix.h"

int clm_xyz_options_init(clm_xyz_options *opts)
{
    if (opts == NULL)
        return clm_core__fail(CLM_EINVAL, "xyz options: NULL");
    *opts = (clm_xyz_options)CLM_XYZ_OPTIONS_INIT;
    return CLM_OK;
}

const char *clm_xyz_class_name(clm_xyz_class c)
{
    switch (c) {
    case CLM_XYZ_NONE: return "-";
    case CLM_XYZ_X: return "X";
    case CLM_XYZ_Y: return "Y";
    case CLM_XYZ_Z: return "Z";
    }
    return "?";
}

int clm_segment__check_matrix(const char *fn, const int64_t *amounts, size_t n, size_t periods)
{
    if (n > CLM_SEGMENT_MAX_CLIENTS)
        return clm_core__fail(CLM_ELIMIT, "%s: %zu clients, at most %zu per call", fn, n,
                         CLM_SEGMENT_MAX_CLIENTS);
    if (periods > CLM_SEGMENT_MAX_PERIODS)
        return clm_core__fail(CLM_ELIMIT, "%s: %zu periods, at most %zu", fn, periods,
                         CLM_SEGMENT_MAX_PERIODS);
    if (periods != 0 && n > SIZE_MAX / periods)
        return clm_core__fail(CLM_ELIMIT, "%s: %zu x %zu amounts overflow the address space",
                         fn, n, periods);
    if (n > 0 && amounts == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: amounts is NULL", fn);
    return CLM_OK;
}

int clm_segment__check_xyz_options(const clm_xyz_options *opts)
{
    if (clm_core__check_version(opts->version, CLM_XYZ_OPTIONS_VERSION, "xyz options") < 0)
        return CLM_EVERSION;
    /* c^2 must fit 64 bits for u256_mul64: 10^18 < 2^60. */
    if (opts->x_cut < 0 || opts->x_cut > opts->y_cut || opts->y_cut > CLM_XYZ_MAX_CUT) {
        char mx[CLM_CORE__RATE_TEXT_MAX], x[CLM_CORE__RATE_TEXT_MAX], y[CLM_CORE__RATE_TEXT_MAX];
        return clm_core__fail_at(CLM_EINVAL, "x_cut", "", 0,
                            "xyz: cut-offs must satisfy 0 <= x_cut <= y_cut <= %s"
                            " (got %s and %s)", clm_core__rate_text(mx, sizeof mx, CLM_XYZ_MAX_CUT),
                            clm_core__rate_text(x, sizeof x, opts->x_cut),
                            clm_core__rate_text(y, sizeof y, opts->y_cut));
    }
    return CLM_OK;
}

int clm_xyz_classify(clm_xyz_class *out, double *cv, const int64_t *amounts, size_t n,
                     size_t periods, const clm_xyz_options *opts)
{
    clm_xyz_options def = CLM_XYZ_OPTIONS_INIT;
    if (opts == NULL)
        opts = &def;
    int rc = clm_segment__check_xyz_options(opts);
    if (rc < 0)
        return rc;
    if (periods < 2)
        return clm_core__fail_at(CLM_EINVAL, "periods", "", 0,
                            "xyz: %zu period(s); the variation needs at least 2", periods);
    rc = clm_segment__check_matrix("xyz", amounts, n, periods);
    if (rc < 0)
        return rc;
    if (n == 0)
        return CLM_OK;
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "xyz: out is NULL");
    if (opts->reject_negative) {
        for (size_t i = 0; i < n; i++)
            for (size_t p = 0; p < periods; p++)
                if (amounts[i * periods + p] < 0)
                    return clm_core__fail_at(CLM_EINVAL, "amounts", "", 0,
                                        "xyz: client %zu, period %zu: negative amount %lld"
                                        " and reject_negative is set",
                                        i, p, (long long)amounts[i * periods + p]);
    }

    const uint64_t x2 = (uint64_t)opts->x_cut * (uint64_t)opts->x_cut;
    const uint64_t y2 = (uint64_t)opts->y_cut * (uint64_t)opts->y_cut;
    for (size_t i = 0; i < n; i++) {
        const int64_t *row = amounts + i * periods;
        uint64_t s64 = 0, q64 = 0, big = 0;
        for (size_t p = 0; p < periods; p++) {
            uint64_t x = (uint64_t)row[p];
            uint64_t ax = row[p] < 0 ? 0 - x : x;
            big |= ax;
            s64 += x;
            q64 += ax * ax;
        }
        out[i] = clm_segment__xyz_row(row, periods, s64, q64, big, x2, y2,
                                      cv != NULL ? &cv[i] : NULL);
    }
    return CLM_OK;
}

int clm_periods_summarize(int64_t *total, int64_t *frequency, int32_t *last,
                          const int64_t *amounts, size_t n, size_t periods)
{
    if (periods == 0)
        return clm_core__fail_at(CLM_EINVAL, "periods", "", 0, "periods: no periods");
    int rc = clm_segment__check_matrix("periods", amounts, n, periods);
    if (rc < 0)
        return rc;
    if (periods > INT32_MAX)
        return clm_core__fail(CLM_ELIMIT, "periods: %zu periods do not fit a period index",
                         periods);
    /* Check every total first, so that nothing is written on failure. No
     * sum can overflow when the largest magnitude times the number of
     * periods stays below 2^63: one vectorisable pass tells; only then is
     * each row checked exactly. */
    uint64_t mag = 0;
    if (total != NULL)
        for (size_t i = 0; i < n * periods; i++)
            mag |= (uint64_t)(amounts[i] ^ (amounts[i] >> 63)); /* >= |x| - 1 */
    if (total != NULL && clm_segment__bit_width(mag) + 1 + clm_segment__bit_width(periods) > 63) {
        for (size_t i = 0; i < n; i++) {
            int64_t t = 0;
            for (size_t p = 0; p < periods; p++)
                if (clm_core__add_ovf(t, amounts[i * periods + p], &t))
                    return clm_core__fail_at(CLM_EOVERFLOW, "amounts", "", 0,
                                        "periods: the total of client %zu does not fit"
                                        " 64 bits", i);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const int64_t *row = amounts + i * periods;
        uint64_t t = 0; /* wraps only when total is not wanted (checked above) */
        int64_t f = 0;
        int32_t l = CLM_RFM_NEVER;
        for (size_t p = 0; p < periods; p++) {
            int64_t x = row[p];
            t += (uint64_t)x;
            /* Branch-free: whether a month had a purchase is random. */
            f += x > 0;
            l = x > 0 ? (int32_t)p : l;
        }
        if (total != NULL)
            total[i] = (int64_t)t;
        if (frequency != NULL)
            frequency[i] = f;
        if (last != NULL)
            last[i] = l;
    }
    return CLM_OK;
}
