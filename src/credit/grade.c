/*
 * grade.c — the composite grade (credit_policy.h, "Grade"; docs/rules.md,
 * "Payment behaviour and limits"). Scores are integers in milli-points, so
 * a composite exactly on a grade's minimum decides the same way on every
 * compiler; only the reported contributions are doubles.
 */
#include "policy_internal.h"

int clm_credit_grade_input_init(clm_credit_grade_input *in)
{
    if (in == NULL)
        return clm_core__fail(CLM_EINVAL, "credit_grade_input_init: NULL");
    clm_credit_grade_input init = CLM_CREDIT_GRADE_INPUT_INIT;
    *in = init;
    return 0;
}

static int band_points(int32_t *out, clm_credit_band b)
{
    switch (b) {
    case CLM_CREDIT_BAND_DISTRESS: *out = 0; return 0;
    case CLM_CREDIT_BAND_GREY: *out = 50000; return 0;
    case CLM_CREDIT_BAND_SAFE: *out = 100000; return 0;
    }
    return -1;
}

int clm_credit_grade_compute(clm_credit_grade *out, const clm_credit_policy *p,
                             const clm_credit_grade_input *in)
{
    if (out == NULL || p == NULL || in == NULL || (in->bands == NULL && in->band_count > 0))
        return clm_core__fail(CLM_EINVAL, "credit_grade_compute: NULL argument");
    int rc = clm_core__check_version(in->version, CLM_CREDIT_GRADE_INPUT_VERSION,
                                     "credit grade input");
    if (rc < 0)
        return rc;
    clm_credit_grade g = { 0 };
    static const char *const names[4] = { "models", "payment", "overdue", "tenure" };
    const int64_t w[4] = { p->weights.models, p->weights.payment, p->weights.overdue,
                           p->weights.tenure };
    for (int i = 0; i < 4; i++) {
        g.part[i].input = names[i];
        g.part[i].weight = w[i];
    }
    /* models: the mean of the bands' points */
    if (in->band_count > 0) {
        int64_t sum = 0;
        for (size_t i = 0; i < in->band_count; i++) {
            int32_t pts;
            if (band_points(&pts, in->bands[i]) < 0)
                return clm_core__fail_at(CLM_EINVAL, "bands", NULL, 0,
                                         "credit grade: band %zu is %d, not a band", i,
                                         (int)in->bands[i]);
            sum += pts;
        }
        int64_t mean;
        if ((rc = clm_div_round(&mean, sum, (int64_t)in->band_count, CLM_ROUND_HALF_UP)) < 0)
            return rc;
        g.part[CLM_CREDIT_GRADE_MODELS].present = 1;
        g.part[CLM_CREDIT_GRADE_MODELS].score = (int32_t)mean;
    }
    if (in->has_paydex) {
        if (in->paydex < 0 || in->paydex > 100)
            return clm_core__fail_at(CLM_EINVAL, "paydex", NULL, 0,
                                     "credit grade: payment index %d is not 0 to 100", in->paydex);
        g.part[CLM_CREDIT_GRADE_PAYMENT].present = 1;
        g.part[CLM_CREDIT_GRADE_PAYMENT].score = in->paydex * 1000;
    }
    if (in->receivables < 0 || in->overdue < 0 || in->overdue > in->receivables)
        return clm_core__fail_at(CLM_EINVAL, in->receivables < 0 ? "receivables" : "overdue", NULL,
                                 0, "credit grade: receivables must be >= 0 and overdue between "
                                 "0 and the receivables");
    int64_t share = 0;
    if (in->receivables > 0 &&
        (rc = clm_muldiv_round(&share, in->overdue, 100000, in->receivables, CLM_ROUND_HALF_UP)) < 0)
        return rc;
    g.part[CLM_CREDIT_GRADE_OVERDUE].present = 1;
    g.part[CLM_CREDIT_GRADE_OVERDUE].score = (int32_t)(100000 - share);
    if (in->tenure_days < -1)
        return clm_core__fail_at(CLM_EINVAL, "tenure_days", NULL, 0,
                                 "credit grade: tenure %ld days (-1: unknown)", (long)in->tenure_days);
    if (in->tenure_days >= 0) {
        int64_t full = p->weights.tenure_full_days;
        int64_t t = in->tenure_days < full ? in->tenure_days : full;
        g.part[CLM_CREDIT_GRADE_TENURE].present = 1;
        g.part[CLM_CREDIT_GRADE_TENURE].score = (int32_t)(t * 100000 / full);
    }
    int64_t wsum = 0, num = 0;
    for (int i = 0; i < 4; i++)
        if (g.part[i].present) {
            wsum += w[i];
            num += w[i] * g.part[i].score;
        }
    if (wsum == 0)
        return clm_core__fail_at(CLM_EINVAL, "weights", NULL, 0,
                                 "credit grade: no input with a weight above 0 is known");
    int64_t score;
    if ((rc = clm_div_round(&score, num, wsum, CLM_ROUND_HALF_UP)) < 0)
        return rc;
    g.score = (int32_t)score;
    for (int i = 0; i < 4; i++)
        if (g.part[i].present)
            g.part[i].contribution = (double)w[i] * g.part[i].score / (double)wsum / 1000.0;
    size_t k = 0;
    while (k + 1 < p->ngrades && g.score < p->min_score[k])
        k++;
    g.grade = p->grade[k];
    g.grade_index = k;
    *out = g;
    return 0;
}
