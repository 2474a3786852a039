/*
 * trace.c — the explanation trace: what the manager tells the client.
 * Entries are collected during pricing with their strings in one buffer
 * (as offsets, since the buffer moves), and turned into the public
 * entries, grouped by line, when the result is finished (result.c).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "clm/lang.h"
#include "discount_internal.h"

void clm_discount__trace_init(clm_discount__trace *t, const char *currency, int exponent)
{
    memset(t, 0, sizeof *t);
    clm_core__buf_init(&t->text);
    t->currency = currency;
    t->currency_len = strlen(currency);
    t->exponent = exponent;
    t->got_kind = -1;
    t->lang = clm_lang_get();
}

static int text_room(clm_discount__trace *t, size_t n);
#define REASON_MAX CLM_DISCOUNT__REASON_MAX

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


/* Starts an entry: its raw record and its name, with room for its reason
 * (REASON_MAX bytes) at the returned address; NULL when t is NULL or has
 * failed. end_entry() closes it. */
static char *begin_entry(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                         clm_discount_stage stage, size_t rule, const char *name, size_t nlen,
                         int64_t before, int64_t after)
{
    if (t == NULL || t->failed)
        return NULL;
    if (t->n == t->cap &&
        clm_core__grow((void **)&t->raw, &t->cap, t->n + 1, sizeof *t->raw, "discount trace") < 0) {
        t->failed = 1;
        return NULL;
    }
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
    clm_discount__copy(b->data + b->len, name, nlen);
    b->data[b->len + nlen] = '\0';
    b->len += nlen + 1;
    e->reason_off = b->len;
    return b->data + b->len;
}

/* Closes the entry begin_entry() started, whose reason is `len` bytes.
 * A reason cut at a byte limit (here, or where a caller's buffer cut it)
 * ends on its last whole UTF-8 character: the formatter cuts as snprintf()
 * does, inside a character if it falls there. A whole text is unchanged. */
static void end_entry(clm_discount__trace *t, size_t len)
{
    clm_core__buf *b = &t->text;
    /* a text ending on an ASCII byte ends on a whole character: most do */
    if (len > 0 && (unsigned char)b->data[b->len + len - 1] >= 0x80)
        len = clm_core__utf8_cut(b->data + b->len, len);
    b->len += len;
    b->data[b->len++] = '\0';
    b->data[b->len] = '\0'; /* the buffer's own terminator: room was made for it */
    t->n++;
}

char *clm_discount__trace_open(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                               clm_discount_stage stage, size_t rule, const char *name,
                               int64_t before, int64_t after)
{
    return begin_entry(t, line, kind, stage, rule, name, strlen(name), before, after);
}

char *clm_discount__trace_open_n(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                                 clm_discount_stage stage, size_t rule, const char *name, size_t nlen,
                                 int64_t before, int64_t after)
{
    return begin_entry(t, line, kind, stage, rule, name, nlen, before, after);
}

void clm_discount__trace_close(clm_discount__trace *t, size_t len)
{
    end_entry(t, len);
}

/* clm_core__tr() in the trace's language, read once (t->lang). */
static const char *tr_in(const clm_discount__trace *t, const char *msgid) CLM__FORMAT_ARG(2);
static const char *tr_in(const clm_discount__trace *t, const char *msgid)
{
    return t->lang == CLM_LANG_EN ? msgid : clm_lang_text(t->lang, msgid);
}

void clm_discount__trace_add(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                     clm_discount_stage stage, size_t rule, const char *name,
                     int64_t before, int64_t after, const char *fmt, ...)
{
    char *reason = begin_entry(t, line, kind, stage, rule, name, strlen(name), before, after);
    if (reason == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    /* the reason in the thread's language (clm/lang.h) */
    int n = clm_discount__vfmt_static(reason, REASON_MAX, tr_in(t, fmt), ap);
    va_end(ap);
    end_entry(t, n < 0 ? 0 : (size_t)n < REASON_MAX ? (size_t)n : REASON_MAX - 1);
}

void clm_discount__trace_addn(clm_discount__trace *t, size_t line, clm_discount_trace_kind kind,
                              clm_discount_stage stage, size_t rule, const char *name, int64_t before,
                              int64_t after, const char *fmt, unsigned n, const char *const *arg,
                              const size_t *alen)
{
    char *reason = begin_entry(t, line, kind, stage, rule, name, strlen(name), before, after);
    if (reason == NULL)
        return;
    int r = clm_discount__fmt_pieces(reason, REASON_MAX, tr_in(t, fmt), n, arg, alen);
    end_entry(t, r < 0 ? 0 : (size_t)r < REASON_MAX ? (size_t)r : REASON_MAX - 1);
}

void clm_discount__trace_base(clm_discount__trace *t, size_t line, int64_t unit_price, int64_t quantity,
                              int64_t base, const char *product)
{
    /* the values written with their lengths in the trace's language */
    char a[CLM_DISCOUNT__AMOUNT_BUF], b[CLM_DISCOUNT__AMOUNT_BUF], q[CLM_DISCOUNT__AMOUNT_BUF];
    size_t alen[4];
    alen[0] = clm_discount__trace_money(t, a, unit_price);
    alen[1] = clm_discount__trace_qty(t, q, quantity);
    alen[2] = clm_discount__trace_money(t, b, base);
    alen[3] = product != NULL ? strlen(product) : 0;
    clm_discount__piece k[5];
    if (product != NULL && clm_discount__texts_base(t->texts, k)) {
        clm_discount__piece pc[9] = { k[0], { a, alen[0] }, k[1], { q, alen[1] }, k[2],
                                      { b, alen[2] }, k[3], { product, alen[3] }, k[4] };
        if (clm_discount__trace_put(t, line, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_BASE,
                                    CLM_DISCOUNT_NONE, (clm_discount__piece){ "base", 4 }, 0, base,
                                    CLM_DISCOUNT__REASON_MAX, 9, pc))
            return;
    }
    const char *arg[4] = { a, q, b, product };
    clm_discount__trace_addn(t, line, CLM_DISCOUNT_TRACE_ADJUSTED, CLM_DISCOUNT_STAGE_BASE, CLM_DISCOUNT_NONE,
                             "base", 0, base, "%s x %s = %s (product %s)", 4, arg, alen);
}

/* ---- the values inside the sentences ------------------------------------------ */

/* The English forms are written by hand (the C library's formatting cost
 * as much as the rest of a traced evaluation); another language's come
 * from the core (clm_core__money_text, clm_core__rate_text,
 * clm_core__date_text). Each writes into a buffer of `size` bytes,
 * keeping the first size - 1 bytes of the text, as snprintf() would. */

/* A buffer being filled: bytes past `cap` are dropped. */
typedef struct vbuf {
    char *p;
    size_t len;
    size_t cap;   /* size - 1 */
} vbuf;

/* The pieces are a few bytes each: written a byte at a time, never
 * through a call to memcpy() (which costs more than such a copy). */
static void v_char(vbuf *w, char c)
{
    if (w->len < w->cap)
        w->p[w->len++] = c;
}

/* Appends the NUL-terminated s. */
static void v_str(vbuf *w, const char *s)
{
    while (*s != '\0' && w->len < w->cap)
        w->p[w->len++] = *s++;
}

/* Two decimal digits of each number below 100. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Writes v's decimal digits so that they end just before `end`, two at a
 * time (a division by 100 a pair: a multiplication); returns where they
 * start. Room for 20 digits is the caller's. */
static char *digits_before(char *end, uint64_t v)
{
    char *s = end;
    while (v >= 100) {
        const char *d = digit_pairs + 2 * (v % 100);
        v /= 100;
        s -= 2;
        s[0] = d[0];
        s[1] = d[1];
    }
    if (v >= 10) {
        s -= 2;
        s[0] = digit_pairs[2 * v];
        s[1] = digit_pairs[2 * v + 1];
    } else {
        *--s = (char)('0' + v);
    }
    return s;
}

/* Writes the last 2k decimal digits of *v (zeros where it has fewer) so
 * that they end just before `end`, and drops them from *v; returns where
 * they start. */
static inline char *pairs_before(char *end, uint64_t *v, int k)
{
    char *s = end;
    for (int i = 0; i < k; i++) {
        const char *d = digit_pairs + 2 * (*v % 100);
        *v /= 100;
        s -= 2;
        s[0] = d[0];
        s[1] = d[1];
    }
    return s;
}

/* Appends [s, end) as one piece when there is room for it, else what fits. */
static void v_piece(vbuf *w, const char *s, const char *end)
{
    size_t k = (size_t)(end - s);
    if (w->cap - w->len >= k) { /* the common case: room for all of it */
        clm_discount__copy(w->p + w->len, s, k);
        w->len += k;
        return;
    }
    while (s < end && w->len < w->cap)
        w->p[w->len++] = *s++;
}

/* v's decimal digits, at least `n` (<= 20) of them (zero-padded: "%0*"
 * PRIu64), written into the end of a 24-byte scratch, then stored as one
 * piece. */
static void v_padded(vbuf *w, uint64_t v, int n)
{
    char tmp[24];
    char *end = tmp + sizeof tmp, *s = digits_before(end, v);
    while (end - s < n)
        *--s = '0';
    v_piece(w, s, end);
}

static void v_u64(vbuf *w, uint64_t v)
{
    v_padded(w, v, 0);
}

/* v / 10^digits (3: a quantity, 4: a rate, constant divisors) with
 * trailing zeros dropped ("2.5"). */
static void v_fixed(vbuf *w, int64_t v, int digits_)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t whole = digits_ == 3 ? mag / 1000 : mag / 10000;
    uint64_t frac = digits_ == 3 ? mag % 1000 : mag % 10000;
    if (v < 0)
        v_char(w, '-');
    v_u64(w, whole);
    if (frac == 0)
        return;
    while (frac % 10 == 0) {
        frac /= 10;
        digits_--;
    }
    v_char(w, '.');
    v_padded(w, frac, digits_);
}

static void v_end(vbuf *w)
{
    w->p[w->len] = '\0';
}

/* "-1234.50": an amount of minor units in the library's text form,
 * without its currency; exponents are 0..4. Written from its last digit
 * into a scratch, then stored as one piece. */
static void v_amount(vbuf *w, int64_t minor, int exponent)
{
    uint64_t v = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    char tmp[32];
    char *end = tmp + sizeof tmp, *s = end;
    if (exponent > 0) {
        for (int i = 0; i < exponent; i++) {
            *--s = (char)('0' + v % 10);
            v /= 10;
        }
        *--s = '.';
    }
    s = digits_before(s, v);
    if (minor < 0)
        *--s = '-';
    v_piece(w, s, end);
}

void clm_discount__fmt_money(char *buf, size_t size, int64_t minor, int exponent,
                             const char *currency)
{
    if (clm_lang_get() != CLM_LANG_EN && currency[0] != '\0') {
        clm_core__money_text(buf, size, minor, currency);
        return;
    }
    /* "-1234.50 RUB" (clm_money_format's text) */
    vbuf w = { buf, 0, size - 1 };
    v_amount(&w, minor, exponent);
    v_char(&w, ' ');
    v_str(&w, currency);
    v_end(&w);
}

void clm_discount__fmt_micro(char *buf, size_t size, clm_core__i128 micro, int exponent,
                             const char *currency)
{
    int64_t minor, frac;
    if (micro >= INT64_MIN && micro <= INT64_MAX) { /* nearly always: no 128-bit division */
        minor = (int64_t)micro / CLM_DISCOUNT__MICRO;
        frac = (int64_t)micro % CLM_DISCOUNT__MICRO;
    } else {
        minor = (int64_t)(micro / CLM_DISCOUNT__MICRO);
        frac = (int64_t)(micro % CLM_DISCOUNT__MICRO);
    }
    if (frac == 0) { /* in the forms of the thread's language */
        clm_discount__fmt_money(buf, size, minor, exponent, currency);
        return;
    }
    /* the minor units in the files' form, then their decimals: "899.995
     * RUB", "-1.00-5 RUB" for the (never priced) negative -1.000005 */
    vbuf w = { buf, 0, size - 1 };
    v_amount(&w, minor, exponent);
    if (exponent == 0)
        v_char(&w, '.');
    int digits = 6;
    while (frac % 10 == 0) {
        frac /= 10;
        digits--;
    }
    if (frac < 0) { /* as "%0*" PRId64: the sign, then zeros to the width */
        v_char(&w, '-');
        v_padded(&w, (uint64_t)0 - (uint64_t)frac, digits - 1);
    } else {
        v_padded(&w, (uint64_t)frac, digits);
    }
    v_char(&w, ' ');
    v_str(&w, currency);
    v_end(&w);
}

size_t clm_discount__trace_micro(const clm_discount__trace *t, char *buf, clm_core__i128 micro)
{
    /* by hand: an amount below 2^63 micro units, not negative with
     * decimals (the files' odd "-1.00-5" form), of a currency with a short
     * code and an exponent of 0..4, whose whole text (at most 43 bytes)
     * fits the buffer; a whole number of minor units only in English or
     * without a currency (another language's form is the core's) */
    int exponent = t->exponent;
    if (micro > INT64_MIN && micro <= INT64_MAX && t->currency_len <= 16 && exponent >= 0 &&
        exponent <= 4) {
        int64_t v = (int64_t)micro;
        uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        uint64_t minor = mag / CLM_DISCOUNT__MICRO, frac = mag % CLM_DISCOUNT__MICRO;
        if (frac == 0 ? t->lang == CLM_LANG_EN || t->currency[0] == '\0' : v > 0) {
            /* from the last digit: the decimals of the micro units (their
             * trailing zeros dropped), the minor units, the whole units */
            char tmp[48];
            char *end = tmp + sizeof tmp, *s = end;
            if (frac != 0) { /* six digits, then the trailing zeros dropped */
                s = pairs_before(s, &frac, 3);
                while (end[-1] == '0')
                    end--;
                if (exponent == 0)
                    *--s = '.';
            }
            if (exponent > 0) {
                int k = exponent % 2;
                s = pairs_before(s, &minor, exponent / 2);
                if (k > 0) {
                    *--s = (char)('0' + minor % 10);
                    minor /= 10;
                }
                *--s = '.';
            }
            s = digits_before(s, minor);
            if (v < 0)
                *--s = '-';
            size_t n = (size_t)(end - s);
            clm_discount__copy(buf, s, n);
            buf[n++] = ' ';
            clm_discount__copy(buf + n, t->currency, t->currency_len);
            n += t->currency_len;
            buf[n] = '\0';
            return n;
        }
    }
    clm_discount__fmt_micro(buf, CLM_DISCOUNT__AMOUNT_BUF, micro, exponent, t->currency);
    return strlen(buf);
}

size_t clm_discount__trace_money(const clm_discount__trace *t, char *buf, int64_t minor)
{
    /* a whole number of minor units: clm_discount__fmt_micro() writes it
     * as clm_discount__fmt_money() does */
    return clm_discount__trace_micro(t, buf, (clm_core__i128)minor * CLM_DISCOUNT__MICRO);
}

/* clm_discount__fmt_qty() in language `lang`; returns the text's length. */
static size_t fmt_qty_in(char *buf, size_t size, int64_t q, clm_lang lang)
{
    vbuf w = { buf, 0, size - 1 };
    v_fixed(&w, q, 3);
    v_end(&w);
    if (lang == CLM_LANG_RU) { /* the decimal comma */
        char *dot = memchr(buf, '.', w.len);
        if (dot != NULL)
            *dot = ',';
    }
    return w.len;
}

size_t clm_discount__trace_qty(const clm_discount__trace *t, char *buf, int64_t q)
{
    return fmt_qty_in(buf, CLM_DISCOUNT__AMOUNT_BUF, q, t->lang);
}

void clm_discount__fmt_rate(char *buf, size_t size, clm_rate r)
{
    if (clm_lang_get() != CLM_LANG_EN) {
        clm_core__rate_text(buf, size, r);
        return;
    }
    vbuf w = { buf, 0, size - 1 };
    v_fixed(&w, r, 4);
    v_char(&w, '%');
    v_end(&w);
}

void clm_discount__fmt_qty_plain(char *buf, size_t size, int64_t q)
{
    vbuf w = { buf, 0, size - 1 };
    v_fixed(&w, q, 3);
    v_end(&w);
}

void clm_discount__fmt_qty(char *buf, size_t size, int64_t q)
{
    fmt_qty_in(buf, size, q, clm_lang_get());
}

void clm_discount__fmt_date(char *buf, size_t size, int64_t v)
{
    int y, m, d;
    if (v < CLM_DATE_MIN || v > CLM_DATE_MAX) {
        clm_discount__fmt(buf, size, clm_core__tr("day %" PRId64), v);
    } else if (clm_lang_get() != CLM_LANG_EN || clm_date_to_ymd((clm_date)v, &y, &m, &d) != 0) {
        clm_core__date_text(buf, size, (int32_t)v);
    } else { /* clm_date_format's "2025-06-15" */
        char s[10] = { (char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
                       (char)('0' + y % 10), '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
                       (char)('0' + d / 10), (char)('0' + d % 10) };
        vbuf w = { buf, 0, size - 1 };
        for (size_t i = 0; i < sizeof s; i++)
            v_char(&w, s[i]);
        v_end(&w);
    }
}
