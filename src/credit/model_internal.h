/*
 * model_internal.h — statements, models and results of the financial-
 * standing part of the credit module (clm/credit_model.h). Not installed.
 */
#ifndef CLM_CREDIT_MODEL_INTERNAL_H
#define CLM_CREDIT_MODEL_INTERNAL_H

#include "clm/credit_model.h"
#include "core/core.h"
#include "model_kernel.h"

/* The line codes statements hold, ascending; a line's slot is its index. */
#define CLM_CREDIT__NLINES 23
extern const int clm_credit__codes[CLM_CREDIT__NLINES];
/* The slot of `line`, CLM_CREDIT__SLOT_MVE for the market value, or -1. */
#define CLM_CREDIT__SLOT_MVE CLM_CREDIT__NLINES
int clm_credit__slot(int line);
/* The slots of 1600 and 1700 in clm_credit__codes (statements.c checks). */
#define CLM_CREDIT__SLOT_1600 13
#define CLM_CREDIT__SLOT_1700 14

typedef struct clm_credit__given {
    char *name;
    double value;
} clm_credit__given;

struct clm_credit_statements {
    char currency[4];
    uint8_t exponent;                      /* minor-unit digits */
    int64_t amount[2][CLM_CREDIT__NLINES]; /* [period][slot] */
    unsigned char present[2][CLM_CREDIT__NLINES];
    int has_mve;
    int64_t mve;
    size_t ngiven, cap;
    clm_credit__given *given; /* out of line: most statements give none */
};

/* The given ratio `name`, or NULL. */
const clm_credit__given *clm_credit__given_find(const clm_credit_statements *st, const char *name);

typedef struct clm_credit__ratio {
    char *name;
    double coef;
    uint8_t nnum, nden;
    clm_credit_item num[CLM_CREDIT_ITEMS_MAX];
    clm_credit_item den[CLM_CREDIT_ITEMS_MAX];
    signed char num_slot[CLM_CREDIT_ITEMS_MAX];
    signed char den_slot[CLM_CREDIT_ITEMS_MAX];
} clm_credit__ratio;

typedef struct clm_credit__band {
    char *name;
    char *meaning;       /* "" when none */
    clm_credit_band level;
    double upper;        /* +INFINITY for the last band */
    int inclusive;
} clm_credit__band;

struct clm_credit_model {
    char *name;
    char *source;        /* "" when none */
    clm_credit_kind kind;
    clm_credit_band_on band_on;
    double constant;
    size_t nratios, cap;
    clm_credit__ratio *ratios;
    double coefs[CLM_CREDIT_RATIOS_MAX]; /* the coefficients in ratio order */
    size_t nbands;
    clm_credit__band bands[CLM_CREDIT_BANDS_MAX];
    int64_t upper_nano[CLM_CREDIT_BANDS_MAX];
    unsigned char inclusive[CLM_CREDIT_BANDS_MAX];
    int closed;          /* the last band is open upwards */
};

/* The outcome of one scoring, with everything behind it (no allocation). */
typedef struct clm_credit__eval {
    double values[CLM_CREDIT_RATIOS_MAX];
    double terms[CLM_CREDIT_RATIOS_MAX];
    double num[CLM_CREDIT_RATIOS_MAX]; /* in major units */
    double den[CLM_CREDIT_RATIOS_MAX];
    unsigned char given[CLM_CREDIT_RATIOS_MAX];
    unsigned char used[2][CLM_CREDIT__NLINES + 1]; /* slot NLINES: the market value */
    int64_t read[2][CLM_CREDIT__NLINES + 1];       /* the amounts as read */
    double score, probability, banded;
    size_t band;
} clm_credit__eval;

/* Scores `st` with `m` into *ev; `explain` also fills the inputs used and
 * the numerators and denominators. Errors as clm_credit_model_evaluate(). */
int clm_credit__evaluate(clm_credit__eval *ev, const clm_credit_model *m,
                         const clm_credit_statements *st, int explain);

/* Parses an item list ("1200 -1500 avg:1600 mve"): 0 and *n set, or -1
 * with *bad_at the 0-based offset of the item at fault. */
int clm_credit__items_parse(clm_credit_item *items, size_t *n, size_t max, const char *s,
                            size_t *bad_at);
/* Writes an item list as the XML form reads it ("1200 -1500 avg:1600"). */
void clm_credit__items_put(clm_core__buf *b, const clm_credit_item *items, size_t n);
/* A double in the shortest form that reads back to the same value, with
 * '.' whatever the locale. buf holds at least 32 bytes. */
void clm_credit__dtoa(char buf[32], double x);
/* x with `decimals` fixed decimals and '.' whatever the locale. */
void clm_credit__fixed(char buf[48], double x, int decimals);
/* Reads a decimal with '.' whatever the locale; 0 on success, -1 if `s`
 * is not entirely a finite number. */
int clm_credit__strtod(double *out, const char *s);

#endif
