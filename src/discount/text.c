/*
 * text.c — the formatter of the trace's sentences: snprintf() for the few
 * conversions the trace uses, without the C library's stream machinery,
 * which cost most of a traced evaluation (a FILE set up, the format
 * scanned twice, every piece copied through a buffer). Its output, its
 * truncation and its return value are snprintf()'s, byte for byte; a
 * conversion it does not know hands the whole call to vsnprintf().
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "discount_internal.h"

/* The text so far: bytes past `cap` are counted, not written. */
typedef struct writer {
    char *p;
    size_t cap;   /* writable bytes (size - 1), 0 for size 0 */
    size_t len;   /* bytes the whole text takes */
} writer;

static inline void put_mem(writer *w, const char *s, size_t n)
{
    if (w->len < w->cap) {
        size_t room = w->cap - w->len;
        memcpy(w->p + w->len, s, n < room ? n : room);
    }
    w->len += n;
}

static inline void put_fill(writer *w, char c, size_t n)
{
    if (w->len < w->cap) {
        size_t room = w->cap - w->len;
        memset(w->p + w->len, c, n < room ? n : room);
    }
    w->len += n;
}

/* Digits of v, most significant first, into the end of buf[24]; returns
 * the first digit. */
static char *digits(char *end, unsigned long long v)
{
    char *s = end;
    do {
        *--s = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    return s;
}

typedef struct spec {
    bool left;      /* '-' */
    bool zero;      /* '0' */
    bool plus;      /* '+' */
    bool space;     /* ' ' */
    int width;      /* -1: none */
    int prec;       /* -1: none */
} spec;

/* A conversion's text `s` of n bytes (sign included in `sign`), padded to
 * the width as printf pads it. */
static void put_padded(writer *w, const spec *sp, const char *sign, const char *s, size_t n,
                       bool numeric)
{
    size_t ns = strlen(sign);
    size_t width = sp->width > 0 ? (size_t)sp->width : 0;
    size_t pad = width > n + ns ? width - n - ns : 0;
    if (sp->left) {
        put_mem(w, sign, ns);
        put_mem(w, s, n);
        put_fill(w, ' ', pad);
    } else if (numeric && sp->zero) {
        put_mem(w, sign, ns);
        put_fill(w, '0', pad);
        put_mem(w, s, n);
    } else {
        put_fill(w, ' ', pad);
        put_mem(w, sign, ns);
        put_mem(w, s, n);
    }
}

int clm_discount__vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    writer w = { buf, size > 0 ? size - 1 : 0, 0 };
    const char *f = fmt;
    for (;;) {
        const char *pct = strchr(f, '%');
        if (pct == NULL) {
            put_mem(&w, f, strlen(f));
            break;
        }
        put_mem(&w, f, (size_t)(pct - f));
        f = pct + 1;
        if (*f == '%') {
            put_mem(&w, "%", 1);
            f++;
            continue;
        }
        spec sp = { false, false, false, false, -1, -1 };
        for (;; f++) {
            if (*f == '-')
                sp.left = true;
            else if (*f == '0')
                sp.zero = true;
            else if (*f == '+')
                sp.plus = true;
            else if (*f == ' ')
                sp.space = true;
            else
                break;
        }
        if (*f == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) /* a negative width: left-justified, rare */
                goto fallback;
            f++;
        } else if (*f >= '1' && *f <= '9') {
            sp.width = 0;
            while (*f >= '0' && *f <= '9') {
                if (sp.width > 100000)
                    goto fallback;
                sp.width = sp.width * 10 + (*f++ - '0');
            }
        }
        if (*f == '.') {
            f++;
            if (*f == '*') {
                sp.prec = va_arg(ap, int);
                if (sp.prec < 0)
                    sp.prec = -1;
                f++;
            } else {
                sp.prec = 0;
                while (*f >= '0' && *f <= '9') {
                    if (sp.prec > 100000)
                        goto fallback;
                    sp.prec = sp.prec * 10 + (*f++ - '0');
                }
            }
        }
        int len = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
        if (*f == 'l' && f[1] == 'l') {
            len = 2;
            f += 2;
        } else if (*f == 'l') {
            len = 1;
            f++;
        } else if (*f == 'z') {
            len = 3;
            f++;
        }
        char conv = *f++;
        if (conv == 's' && len == 0 && !sp.zero) {
            const char *s = va_arg(ap, const char *);
            if (s == NULL)
                s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
            size_t n = sp.prec < 0 ? strlen(s) : strnlen(s, (size_t)sp.prec);
            if (sp.width < 0)
                put_mem(&w, s, n);
            else
                put_padded(&w, &sp, "", s, n, false);
        } else if (conv == 'c' && len == 0 && !sp.zero) {
            char c = (char)va_arg(ap, int);
            put_padded(&w, &sp, "", &c, 1, false);
        } else if ((conv == 'd' || conv == 'i' || conv == 'u') && sp.prec < 0) {
            unsigned long long mag;
            bool neg = false;
            if (conv == 'u') {
                switch (len) {
                case 0: mag = va_arg(ap, unsigned int); break;
                case 1: mag = va_arg(ap, unsigned long); break;
                case 2: mag = va_arg(ap, unsigned long long); break;
                default: mag = va_arg(ap, size_t); break;
                }
            } else {
                long long v;
                switch (len) {
                case 0: v = va_arg(ap, int); break;
                case 1: v = va_arg(ap, long); break;
                case 2: v = va_arg(ap, long long); break;
                default: v = (long long)va_arg(ap, size_t); break; /* %zd */
                }
                neg = v < 0;
                mag = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            }
            char tmp[24];
            char *s = digits(tmp + sizeof tmp, mag);
            const char *sign = neg ? "-" : conv != 'u' && sp.plus ? "+" : conv != 'u' && sp.space ? " " : "";
            size_t n = (size_t)(tmp + sizeof tmp - s);
            if (sp.width < 0) {
                put_mem(&w, sign, strlen(sign));
                put_mem(&w, s, n);
            } else {
                put_padded(&w, &sp, sign, s, n, true);
            }
        } else {
            goto fallback;
        }
        if (w.len > (size_t)2147483647)
            goto fallback;
    }
    va_end(again);
    if (size > 0)
        buf[w.len < w.cap ? w.len : w.cap] = '\0';
    return (int)w.len;

fallback: {
        int r = vsnprintf(buf, size, fmt, again);
        va_end(again);
        return r;
    }
}

int clm_discount__fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = clm_discount__vfmt(buf, size, fmt, ap);
    va_end(ap);
    return r;
}

/* ---- the bounded writer ----------------------------------------------------- */

void clm_discount__w_u64(clm_discount__w *w, uint64_t v)
{
    char tmp[24];
    char *s = digits(tmp + sizeof tmp, v);
    clm_discount__w_mem(w, s, (size_t)(tmp + sizeof tmp - s));
}

void clm_discount__w_i64(clm_discount__w *w, int64_t v)
{
    if (v < 0)
        CLM_DISCOUNT__W_LIT(w, "-");
    clm_discount__w_u64(w, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/* v's `n` lowest digits, zero-padded ("%0*" PRIu64 for v < 10^n). */
static void w_padded(clm_discount__w *w, uint64_t v, int n)
{
    char tmp[24];
    char *s = digits(tmp + sizeof tmp, v);
    size_t have = (size_t)(tmp + sizeof tmp - s);
    static const char zeros[] = "00000000000000000000";
    if (n > 0 && (size_t)n > have)
        clm_discount__w_mem(w, zeros, (size_t)n - have < sizeof zeros - 1 ? (size_t)n - have : sizeof zeros - 1);
    clm_discount__w_mem(w, s, have);
}

static const uint64_t pow10_u64[] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, 10000000000000000000ULL,
};

void clm_discount__w_amount(clm_discount__w *w, int64_t minor, int exponent)
{
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    if (minor < 0)
        CLM_DISCOUNT__W_LIT(w, "-");
    if (exponent <= 0) {
        clm_discount__w_u64(w, mag);
        return;
    }
    /* exponents are 0..4 (ISO 4217) */
    uint64_t div = 1;
    for (int i = 0; i < exponent; i++)
        div *= 10;
    clm_discount__w_u64(w, mag / div);
    CLM_DISCOUNT__W_LIT(w, ".");
    w_padded(w, mag % div, exponent);
}

void clm_discount__w_money(clm_discount__w *w, int64_t minor, int exponent, const char *currency)
{
    clm_discount__w_amount(w, minor, exponent);
    CLM_DISCOUNT__W_LIT(w, " ");
    clm_discount__w_str(w, currency);
}

void clm_discount__w_fixed(clm_discount__w *w, int64_t v, int digits_)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t div = pow10_u64[digits_];
    uint64_t frac = mag % div;
    if (v < 0)
        CLM_DISCOUNT__W_LIT(w, "-");
    clm_discount__w_u64(w, mag / div);
    if (frac == 0)
        return;
    while (frac % 10 == 0) {
        frac /= 10;
        digits_--;
    }
    CLM_DISCOUNT__W_LIT(w, ".");
    w_padded(w, frac, digits_);
}

void clm_discount__w_rate(clm_discount__w *w, clm_rate r)
{
    clm_discount__w_fixed(w, r, 4);
    CLM_DISCOUNT__W_LIT(w, "%");
}

void clm_discount__w_date(clm_discount__w *w, int64_t v)
{
    int y, m, d;
    if (v < CLM_DATE_MIN || v > CLM_DATE_MAX || clm_date_to_ymd((clm_date)v, &y, &m, &d) != 0) {
        CLM_DISCOUNT__W_LIT(w, "day ");
        clm_discount__w_i64(w, v);
        return;
    }
    char s[10] = { (char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
                   (char)('0' + y % 10), '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
                   (char)('0' + d / 10), (char)('0' + d % 10) };
    clm_discount__w_mem(w, s, sizeof s);
}
