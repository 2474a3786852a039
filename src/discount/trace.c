/*
 * trace.c — the explanation trace: what the manager tells the client.
 * Entries are collected during pricing with their strings in one buffer
 * (as offsets, since the buffer moves), and turned into the public
 * entries, grouped by line, when the result is finished (result.c).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clm/lang.h"
#include "discount_internal.h"

void clm_discount__trace_init(clm_discount__trace *t, const char *currency, int exponent)
{
    memset(t, 0, sizeof *t);
    clm_core__buf_init(&t->text);
    t->currency = currency;
    t->exponent = exponent;
}

void clm_discount__trace_free(clm_discount__trace *t)
{
    clm_core__free(t->raw);
    clm_core__buf_free(&t->text);
    memset(t, 0, sizeof *t);
}

static size_t put_text(clm_discount__trace *t, const char *s, size_t n)
{
    size_t off = t->text.len;
    clm_core__buf_append(&t->text, s, n);
    clm_core__buf_append(&t->text, "", 1); /* the NUL that ends it */
    if (t->text.failed)
        t->failed = 1;
    return off;
}

void clm_discount__trace_add(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                     clm_discount_stage stage, size_t rule, const char *name,
                     int64_t before, int64_t after, const char *fmt, ...)
{
    if (t == NULL || t->failed)
        return;
    if (clm_core__grow((void **)&t->raw, &t->cap, t->n + 1, sizeof *t->raw, "discount trace") < 0) {
        t->failed = 1;
        return;
    }
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    /* the reason in the thread's language (clm/lang.h) */
    int w = vsnprintf(reason, sizeof reason, clm_core__tr(fmt), ap);
    va_end(ap);
    if (w < 0)
        reason[0] = '\0';
    clm_discount__trace_raw *e = &t->raw[t->n];
    e->line = line;
    e->kind = kind;
    e->stage = stage;
    e->rule = rule;
    e->before = before;
    e->after = after;
    /* before - after cannot overflow here: both are amounts of one line or
     * document that the caller computed from each other */
    e->amount = before - after;
    e->name_off = put_text(t, name, strlen(name));
    e->reason_off = put_text(t, reason, strlen(reason));
    if (!t->failed)
        t->n++;
}

void clm_discount__fmt_money(char *buf, size_t size, int64_t minor, int exponent,
                     const char *currency)
{
    if (clm_lang_get() != CLM_LANG_EN && currency[0] != '\0') {
        clm_core__money_text(buf, size, minor, currency);
        return;
    }
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t div = 1;
    for (int i = 0; i < exponent; i++)
        div *= 10;
    if (exponent == 0)
        snprintf(buf, size, "%s%" PRIu64 " %s", minor < 0 ? "-" : "", mag, currency);
    else
        snprintf(buf, size, "%s%" PRIu64 ".%0*" PRIu64 " %s", minor < 0 ? "-" : "", mag / div,
                 exponent, mag % div, currency);
}

/* A fixed-point number v / 10^digits with trailing zeros dropped, with
 * `mark` as the decimal mark. */
static void fmt_fixed(char *buf, size_t size, int64_t v, int digits, const char *mark)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t div = 1;
    for (int i = 0; i < digits; i++)
        div *= 10;
    uint64_t frac = mag % div;
    if (frac == 0) {
        snprintf(buf, size, "%s%" PRIu64, v < 0 ? "-" : "", mag / div);
        return;
    }
    while (frac % 10 == 0) {
        frac /= 10;
        digits--;
    }
    snprintf(buf, size, "%s%" PRIu64 "%s%0*" PRIu64, v < 0 ? "-" : "", mag / div, mark, digits, frac);
}

void clm_discount__fmt_rate(char *buf, size_t size, clm_rate r)
{
    /* a percentage has 4 decimals in ppm */
    clm_core__rate_text(buf, size, r);
}

void clm_discount__fmt_qty(char *buf, size_t size, int64_t q)
{
    fmt_fixed(buf, size, q, 3, clm_lang_get() == CLM_LANG_RU ? "," : ".");
}

void clm_discount__fmt_qty_plain(char *buf, size_t size, int64_t q)
{
    fmt_fixed(buf, size, q, 3, ".");
}
