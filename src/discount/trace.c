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
    /* English: the sentences are written piece by piece; another
     * language takes whole translated formats (clm/lang.h) */
    t->plain = clm_lang_get() == CLM_LANG_EN;
}

static int text_room(clm_discount__trace *t, size_t n);
/* The reason of an entry: at most this many bytes (with its NUL). */
#define REASON_MAX 512

void clm_discount__trace_reserve(clm_discount__trace *t, size_t entries)
{
    /* a guess: growing instead costs a copy of everything each time the
     * guess is passed, no more */
    if (entries > 65536)
        entries = 65536;
    if (clm_core__grow((void **)&t->raw, &t->cap, entries, sizeof *t->raw, "discount trace") < 0 ||
        text_room(t, entries * 96 + REASON_MAX) < 0)
        t->failed = 1;
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


static clm_discount__w *begin_entry(clm_discount__trace *t, size_t line,
                                    clm_discount_trace_kind kind, clm_discount_stage stage,
                                    size_t rule, const char *name, int64_t before, int64_t after)
{
    if (t == NULL || t->failed)
        return NULL;
    if (t->n == t->cap &&
        clm_core__grow((void **)&t->raw, &t->cap, t->n + 1, sizeof *t->raw, "discount trace") < 0) {
        t->failed = 1;
        return NULL;
    }
    size_t nlen = strlen(name);
    if (text_room(t, nlen + 1 + REASON_MAX) < 0) {
        t->failed = 1;
        return NULL;
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
    e->reason_off = b->len;
    t->w.p = b->data + b->len;
    t->w.len = 0;
    t->w.cap = REASON_MAX - 1;
    return &t->w;
}

clm_discount__w *clm_discount__trace_begin(clm_discount__trace *t, size_t line,
                                           clm_discount_trace_kind kind, clm_discount_stage stage,
                                           size_t rule, const char *name, int64_t before,
                                           int64_t after)
{
    if (t == NULL || !t->plain)
        return NULL;
    return begin_entry(t, line, kind, stage, rule, name, before, after);
}

void clm_discount__trace_end(clm_discount__trace *t)
{
    clm_core__buf *b = &t->text;
    b->len += t->w.len;
    b->data[b->len++] = '\0';
    b->data[b->len] = '\0'; /* the buffer's own terminator: room was made for it */
    t->n++;
}

void clm_discount__trace_add(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                     clm_discount_stage stage, size_t rule, const char *name,
                     int64_t before, int64_t after, const char *fmt, ...)
{
    clm_discount__w *w = begin_entry(t, line, kind, stage, rule, name, before, after);
    if (w == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    /* the reason in the thread's language (clm/lang.h) */
    int n = clm_discount__vfmt(w->p, REASON_MAX, clm_core__tr(fmt), ap);
    va_end(ap);
    w->len = n < 0 ? 0 : (size_t)n < REASON_MAX ? (size_t)n : REASON_MAX - 1;
    clm_discount__trace_end(t);
}

void clm_discount__fmt_money(char *buf, size_t size, int64_t minor, int exponent,
                     const char *currency)
{
    if (clm_lang_get() != CLM_LANG_EN && currency[0] != '\0') {
        clm_core__money_text(buf, size, minor, currency);
        return;
    }
    clm_discount__w w = { buf, 0, size - 1 };
    clm_discount__w_money(&w, minor, exponent, currency);
    buf[w.len] = '\0';
}

void clm_discount__fmt_rate(char *buf, size_t size, clm_rate r)
{
    if (clm_lang_get() != CLM_LANG_EN) {
        clm_core__rate_text(buf, size, r);
        return;
    }
    clm_discount__w w = { buf, 0, size - 1 };
    clm_discount__w_rate(&w, r);
    buf[w.len] = '\0';
}

void clm_discount__fmt_qty_plain(char *buf, size_t size, int64_t q)
{
    clm_discount__w w = { buf, 0, size - 1 };
    clm_discount__w_fixed(&w, q, 3);
    buf[w.len] = '\0';
}

void clm_discount__fmt_qty(char *buf, size_t size, int64_t q)
{
    clm_discount__fmt_qty_plain(buf, size, q);
    if (clm_lang_get() == CLM_LANG_RU) { /* the decimal comma */
        char *dot = strchr(buf, '.');
        if (dot != NULL)
            *dot = ',';
    }
}
