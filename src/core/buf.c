/* buf.c — an append-only string builder that fails once and stays failed. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "clm/date.h"
#include "clm/money.h"
#include "clm/rate.h"
#include "core/core.h"

void clm_core__buf_init(clm_core__buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

static int reserve(clm_core__buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    size_t need;
    if (__builtin_add_overflow(b->len, extra + 1, &need)) {
        b->failed = 1;
        return -1;
    }
    if (clm_core__grow((void **)&b->data, &b->cap, need, 1, "string buffer") < 0) {
        b->failed = 1;
        return -1;
    }
    assert(b->cap >= need); /* room for the bytes and the terminator */
    return 0;
}

void clm_core__buf_reserve(clm_core__buf *b, size_t n)
{
    (void)reserve(b, n);
}

void clm_core__buf_append(clm_core__buf *b, const char *s, size_t n)
{
    if (reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void clm_core__buf_puts(clm_core__buf *b, const char *s)
{
    clm_core__buf_append(b, s, strlen(s));
}

void clm_core__buf_printf(clm_core__buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0) {
        b->failed = 1;
        va_end(ap2);
        return;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void clm_core__buf_int(clm_core__buf *b, int64_t v)
{
    char text[24];
    char *p = text + sizeof text;
    /* The magnitude as unsigned, so INT64_MIN has one too. */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        *--p = '-';
    clm_core__buf_append(b, p, (size_t)(text + sizeof text - p));
}

void clm_core__buf_xml_escape(clm_core__buf *b, const char *s)
{
    const char *run = s;
    for (; *s != '\0'; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        /* Attribute-value normalisation (XML 1.0 section 3.3.3) turns a
         * literal tab, newline or carriage return into a space: keep them
         * as character references so they read back as they were. */
        case '\t': rep = "&#9;"; break;
        case '\n': rep = "&#10;"; break;
        case '\r': rep = "&#13;"; break;
        default: break;
        }
        if (rep != NULL) {
            clm_core__buf_append(b, run, (size_t)(s - run));
            clm_core__buf_puts(b, rep);
            run = s + 1;
        }
    }
    clm_core__buf_append(b, run, (size_t)(s - run));
}

int clm_core__buf_finish(clm_core__buf *b, char **out, size_t *len)
{
    if (!b->failed && b->data == NULL && reserve(b, 0) == 0)
        b->data[0] = '\0'; /* nothing was appended: still a string */
    if (b->failed) {
        clm_core__buf_free(b);
        return clm_core__oom("string buffer");
    }
    *out = b->data;
    if (len != NULL)
        *len = b->len;
    clm_core__buf_init(b);
    return 0;
}

void clm_core__buf_free(clm_core__buf *b)
{
    clm_core__free(b->data);
    clm_core__buf_init(b);
}

void clm_core__buf_attr(clm_core__buf *b, const char *name, const char *value)
{
    clm_core__buf_printf(b, " %s=\"", name);
    clm_core__buf_xml_escape(b, value);
    clm_core__buf_puts(b, "\"");
}

void clm_core__buf_attr_money(clm_core__buf *b, const char *name, int64_t amount,
                              const char *currency)
{
    char text[CLM_MONEY_FORMAT_MAX];
    clm_money m;
    if (clm_money_make(&m, amount, currency) < 0 || clm_money_format(text, sizeof text, &m) < 0)
        text[0] = '\0';
    clm_core__buf_printf(b, " %s=\"%s\"", name, text);
}

void clm_core__buf_attr_date(clm_core__buf *b, const char *name, int32_t date)
{
    char text[CLM_DATE_FORMAT_MAX];
    if (clm_date_format(text, sizeof text, date) < 0)
        text[0] = '\0';
    clm_core__buf_printf(b, " %s=\"%s\"", name, text);
}

void clm_core__buf_attr_rate(clm_core__buf *b, const char *name, int64_t rate)
{
    char text[CLM_RATE_FORMAT_MAX];
    if (clm_rate_format(text, sizeof text, rate) < 0)
        text[0] = '\0';
    clm_core__buf_printf(b, " %s=\"%s\"", name, text);
}
