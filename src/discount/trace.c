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

/* Room for n more bytes of text. */
static int text_room(clm_discount__trace *t, size_t n)
{
    clm_core__buf *b = &t->text;
    if (b->failed)
        return -1;
    if (b->cap - b->len > n)
        return 0;
    size_t cap = b->cap;
    void *data = b->data;
    if (n > SIZE_MAX / 2 - b->len ||
        clm_core__grow(&data, &cap, b->len + n + 1, 1, "discount trace") < 0) {
        b->failed = 1;
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

/* The reason of an entry: at most this many bytes (with its NUL). */
#define REASON_MAX 512

void clm_discount__trace_add(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                     clm_discount_stage stage, size_t rule, const char *name,
                     int64_t before, int64_t after, const char *fmt, ...)
{
    if (t == NULL || t->failed)
        return;
    if (t->n == t->cap &&
        clm_core__grow((void **)&t->raw, &t->cap, t->n + 1, sizeof *t->raw, "discount trace") < 0) {
        t->failed = 1;
        return;
    }
    size_t nlen = strlen(name);
    if (text_room(t, nlen + 1 + REASON_MAX) < 0) {
        t->failed = 1;
        return;
    }
    clm_core__buf *b = &t->text;
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
    e->name_off = b->len;
    memcpy(b->data + b->len, name, nlen + 1);
    b->len += nlen + 1;
    /* the reason straight into the text, cut as a REASON_MAX buffer cuts it */
    va_list ap;
    va_start(ap, fmt);
    int w = clm_discount__vfmt(b->data + b->len, REASON_MAX, fmt, ap);
    va_end(ap);
    size_t rlen = w < 0 ? 0 : (size_t)w < REASON_MAX ? (size_t)w : REASON_MAX - 1;
    b->data[b->len + rlen] = '\0';
    e->reason_off = b->len;
    b->len += rlen + 1;
    b->data[b->len] = '\0'; /* the buffer's own terminator: room was made for it */
    t->n++;
}

void clm_discount__fmt_money(char *buf, size_t size, int64_t minor, int exponent,
                     const char *currency)
{
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t div = 1;
    for (int i = 0; i < exponent; i++)
        div *= 10;
    if (exponent == 0)
        clm_discount__fmt(buf, size, "%s%" PRIu64 " %s", minor < 0 ? "-" : "", mag, currency);
    else
        clm_discount__fmt(buf, size, "%s%" PRIu64 ".%0*" PRIu64 " %s", minor < 0 ? "-" : "", mag / div,
                 exponent, mag % div, currency);
}

/* A fixed-point number v / 10^digits with trailing zeros dropped. */
static void fmt_fixed(char *buf, size_t size, int64_t v, int digits)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t div = 1;
    for (int i = 0; i < digits; i++)
        div *= 10;
    uint64_t frac = mag % div;
    if (frac == 0) {
        clm_discount__fmt(buf, size, "%s%" PRIu64, v < 0 ? "-" : "", mag / div);
        return;
    }
    while (frac % 10 == 0) {
        frac /= 10;
        digits--;
    }
    clm_discount__fmt(buf, size, "%s%" PRIu64 ".%0*" PRIu64, v < 0 ? "-" : "", mag / div, digits, frac);
}

void clm_discount__fmt_rate(char *buf, size_t size, clm_rate r)
{
    /* a percentage has 4 decimals in ppm */
    char n[48];
    fmt_fixed(n, sizeof n, r, 4);
    clm_discount__fmt(buf, size, "%s%%", n);
}

void clm_discount__fmt_qty(char *buf, size_t size, int64_t q)
{
    fmt_fixed(buf, size, q, 3);
}
