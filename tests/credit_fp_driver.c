/*
 * credit_fp_driver.c — built by tests/credit_fp_test.py with gcc and clang
 * at -O0 and -O2 together with src/credit/model_kernel.c: scores a score
 * on every band boundary of the built-in models (the cases of
 * credit_model_test.c, band_boundaries) and the test company, and prints
 * each band decision and each score's bits. The script checks that every
 * build prints the same decisions, and that they are the documented ones
 * (docs/rules.md, "Financial-standing models", "Order of computation").
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "credit/model_kernel.h"

typedef struct model {
    const char *name;
    double constant;
    int probit, no_constant;
    size_t n;
    double c[5];
    size_t nb;
    double upper[5]; /* the last band open */
    unsigned char inclusive[5];
} model;

static const model models[] = {
    { "altman-z", 0, 0, 0, 5, { 1.2, 1.4, 3.3, 0.6, 1.0 }, 3, { 1.81, 2.99 }, { 0, 1 } },
    { "altman-z-private", 0, 0, 0, 5, { 0.717, 0.847, 3.107, 0.420, 0.998 }, 3, { 1.23, 2.90 },
      { 0, 1 } },
    { "altman-z-nonmfg", 0, 0, 0, 4, { 6.56, 3.26, 6.72, 1.05 }, 3, { 1.10, 2.60 }, { 0, 1 } },
    { "altman-z-em", 3.25, 0, 1, 4, { 6.56, 3.26, 6.72, 1.05 }, 3, { 1.10, 2.60 }, { 0, 1 } },
    { "springate", 0, 0, 0, 4, { 1.03, 3.07, 0.66, 0.4 }, 2, { 0.862 }, { 0 } },
    { "taffler", 0, 0, 0, 4, { 0.53, 0.13, 0.18, 0.16 }, 3, { 0.2, 0.3 }, { 0, 1 } },
    { "zmijewski", -4.336, 1, 0, 3, { -4.513, 5.679, 0.004 }, 2, { 0.5 }, { 0 } },
    { "two-factor", -0.3877, 0, 0, 2, { -1.0736, 0.0579 }, 3, { 0.0, 0.0 }, { 0, 1 } },
    { "irkutsk-r", 0, 0, 0, 4, { 8.38, 1.0, 0.054, 0.63 }, 5, { 0.0, 0.18, 0.32, 0.42 },
      { 0, 0, 0, 0 } },
    { "saifullin-kadykov", 0, 0, 0, 5, { 2.0, 0.1, 0.08, 0.45, 1.0 }, 2, { 1.0 }, { 0 } },
    { "taffler-1983", 3.20, 0, 0, 4, { 12.18, 2.50, -10.68, 10.585 }, 2, { 0.0 }, { 0 } },
};

typedef struct bcase {
    size_t model;
    double r[5];
    size_t expected;
} bcase;

static const bcase cases[] = {
    { 0, { 3.1175, -0.37, -0.37, -0.37, 0.03 }, 1 },
    { 0, { 4.0675, -0.37, -0.37, -0.37, 0.07 }, 1 },
    { 1, { 3.17, -0.37, -0.12, 0.03, -0.37 }, 1 },
    { 1, { 6.17, -0.12, -0.37, 0.23, -0.37 }, 1 },
    { 2, { 0.719375, -0.37, -0.37, 0.07 }, 1 },
    { 2, { 0.794375, -0.37, -0.37, 1.03 }, 1 },
    { 3, { 0.719375, -0.37, -0.37, 0.07 }, 1 },
    { 3, { 0.794375, -0.37, -0.37, 1.03 }, 1 },
    { 4, { 1.71, -0.37, 0.11, 0.41 }, 1 },
    { 5, { 0.63, -0.37, -0.37, -0.12 }, 1 },
    { 5, { 0.55, -0.37, -0.37, 0.77 }, 1 },
    { 6, { -0.37, 0.41, 84.45 }, 1 },
    { 7, { -2.423, -38.232 }, 1 },
    { 8, { 0.03, -0.29244, 0.41, 0.03 }, 1 },
    { 8, { 0.03, -0.11244, 0.41, 0.03 }, 2 },
    { 8, { 0.03, 0.02756, 0.41, 0.03 }, 3 },
    { 8, { 0.03, 0.12756, 0.41, 0.03 }, 4 },
    { 9, { 0.01, 0.01, 0.01, 1.62, 0.2492 }, 1 },
    { 10, { 0, 0.0016, 0.3, 0 }, 1 },
};

static size_t decide(const model *m, const double *r, double *score)
{
    int64_t upper[5];
    for (size_t i = 0; i + 1 < m->nb; i++)
        upper[i] = clm_credit__nano(m->upper[i]);
    *score = clm_credit__score(m->constant, m->c, r, m->n, NULL);
    double v = m->probit        ? clm_credit__probit(*score)
               : m->no_constant ? clm_credit__score(0.0, m->c, r, m->n, NULL)
                                : *score;
    return clm_credit__band_of(clm_credit__nano(v), upper, m->inclusive, m->nb);
}

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

int main(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bcase *c = &cases[i];
        double score;
        size_t band = decide(&models[c->model], c->r, &score);
        printf("case %zu %s band %zu score %016" PRIx64 "\n", i, models[c->model].name, band,
               bits(score));
        if (band != c->expected) {
            fprintf(stderr, "case %zu (%s): band %zu, expected %zu\n", i, models[c->model].name,
                    band, c->expected);
            bad = 1;
        }
    }
    /* The test company (thousand RUB, kopecks x2 as the library sums them):
     * Z' ratios from exact sums. */
    const clm_credit__i128 k = 2 * 100000;
    double r[5] = {
        clm_credit__quotient((6000 - 4000) * k, 10000 * k),
        clm_credit__quotient(3000 * k, 10000 * k),
        clm_credit__quotient((1250 + 200) * k, 10000 * k),
        clm_credit__quotient(5000 * k, (1000 + 4000) * k),
        clm_credit__quotient(15000 * k, 10000 * k),
    };
    double score;
    size_t band = decide(&models[1], r, &score);
    printf("test company altman-z-private band %zu score %016" PRIx64 " %.6f\n", band,
           bits(score), score);
    if (band != 1 || fabs(score - 2.765015) > 5e-7)
        bad = 1;
    return bad;
}
