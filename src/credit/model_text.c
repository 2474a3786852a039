/*
 * model_text.c — the text forms a model is written in: item lists
 * ("1200 -1500 avg:1600 mve") and numbers with '.' whatever the locale.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

int clm_credit__items_parse(clm_credit_item *items, size_t *n, size_t max, const char *s,
                            size_t *bad_at)
{
    size_t k = 0;
    const char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (*p == '\0')
            break;
        const char *start = p;
        clm_credit_item it = { 0, 0, 0 };
        if (*p == '-') {
            it.negate = 1;
            p++;
        }
        if (strncmp(p, "avg:", 4) == 0) {
            it.average = 1;
            p += 4;
        }
        if (strncmp(p, "mve", 3) == 0) {
            it.line = CLM_CREDIT_LINE_MVE;
            p += 3;
        } else {
            int v = 0, digits = 0;
            while (*p >= '0' && *p <= '9' && digits < 5) {
                v = v * 10 + (*p - '0');
                p++;
                digits++;
            }
            it.line = digits == 4 ? v : -1;
        }
        int end = *p == '\0' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (!end || k == max || clm_credit__slot(it.line) < 0) {
            *bad_at = (size_t)(start - s);
            return -1;
        }
        items[k++] = it;
    }
    *n = k;
    return 0;
}

void clm_credit__items_put(clm_core__buf *b, const clm_credit_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            clm_core__buf_puts(b, " ");
        if (items[i].negate)
            clm_core__buf_puts(b, "-");
        if (items[i].average)
            clm_core__buf_puts(b, "avg:");
        if (items[i].line == CLM_CREDIT_LINE_MVE)
            clm_core__buf_puts(b, "mve");
        else
            clm_core__buf_printf(b, "%d", items[i].line);
    }
}

/* Replaces the locale's decimal point in buf (printf wrote it) with '.'. */
static void dot_from_locale(char *buf, size_t size)
{
    const char *dp = localeconv()->decimal_point;
    size_t dl = strlen(dp);
    if (dl == 0 || (dl == 1 && dp[0] == '.'))
        return;
    char *q = strstr(buf, dp);
    if (q == NULL)
        return;
    q[0] = '.';
    memmove(q + 1, q + dl, strlen(q + dl) + 1);
    (void)size;
}

int clm_credit__strtod(double *out, const char *s)
{
    /* Only [-+]digits[.digits][e[-+]digits]: no hex, no inf or nan, no
     * spaces; then strtod on a copy with the locale's decimal point. */
    const char *p = s;
    size_t len = strlen(s);
    if (len == 0 || len > 64)
        return -1;
    if (*p == '-' || *p == '+')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        digits++;
    }
    const char *dot = NULL;
    if (*p == '.') {
        dot = p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p != '\0')
        return -1;
    char copy[80];
    const char *dp = localeconv()->decimal_point;
    size_t dl = strlen(dp);
    if (dot == NULL || dl == 0 || (dl == 1 && dp[0] == '.')) {
        memcpy(copy, s, len + 1);
    } else {
        size_t head = (size_t)(dot - s);
        if (len + dl >= sizeof copy)
            return -1;
        memcpy(copy, s, head);
        memcpy(copy + head, dp, dl);
        memcpy(copy + head + dl, dot + 1, len - head);
    }
    double v = strtod(copy, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

void clm_credit__dtoa(char buf[32], double x)
{
    if (x == INFINITY || x == -INFINITY || isnan(x)) {
        snprintf(buf, 32, "%s", isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        dot_from_locale(buf, 32);
        double back;
        if (clm_credit__strtod(&back, buf) == 0 && back == x)
            return;
    }
}

void clm_credit__fixed(char buf[48], double x, int decimals)
{
    if (!isfinite(x)) {
        clm_credit__dtoa(buf, x);
        return;
    }
    snprintf(buf, 48, "%.*f", decimals, x);
    dot_from_locale(buf, 48);
}
