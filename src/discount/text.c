/*
 * text.c — the formatter of the trace's sentences: snprintf() for the few
 * conversions the trace uses, without the C library's stream machinery,
 * which cost most of a traced evaluation (a FILE set up, the format
 * scanned twice, every piece copied through a buffer). Its output, its
 * truncation and its return value are snprintf()'s, byte for byte; a
 * conversion it does not know hands the whole call to vsnprintf().
 */
#include <stdarg.h>
#include <stdint.h>
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
        clm_discount__copy(w->p + w->len, s, n < room ? n : room);
    }
    w->len += n;
}

/* Appends the text at s up to the first `stop` byte ('%' or NUL) or
 * NUL, and returns its length: the C library finds the end (16 bytes at
 * a time), then one copy. */
static inline size_t put_until(writer *w, const char *s, char stop)
{
    size_t n = stop == '%' ? strcspn(s, "%") : strlen(s);
    put_mem(w, s, n);
    return n;
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
        f += put_until(&w, f, '%'); /* the text up to the next conversion */
        if (*f == '\0')
            break;
        f++;
        if (*f == '%') {
            put_mem(&w, "%", 1);
            f++;
            continue;
        }
        if (*f == 's') { /* a plain %s, the most frequent by far */
            const char *s = va_arg(ap, const char *);
            put_until(&w, s != NULL ? s : "(null)", '\0');
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

/* ---- formats that live as long as the library ------------------------------- */

/* A format whose only conversions are plain %s and %zu, split at them:
 * n conversions, the n + 1 pieces of text around them (lens[i] bytes, the
 * next piece 2 bytes after a piece's end, 3 after a %zu: bit i of `zu`).
 * Longer or other formats are not split (n = NOT_SPLIT). */
#define MAX_SPLIT 7
#define NOT_SPLIT UINT8_MAX
typedef struct split_fmt {
    const char *fmt;                 /* NULL: an empty slot */
    uint8_t n;
    uint8_t zu;                      /* which conversions are %zu */
    uint16_t lens[MAX_SPLIT + 1];
} split_fmt;

/* The formats met by this thread, by address (a direct-mapped cache):
 * each is split once, not scanned again each time it is used. */
#define SPLIT_SLOTS 64
static _Thread_local split_fmt split_cache[SPLIT_SLOTS];

static void split(split_fmt *c, const char *fmt)
{
    c->fmt = fmt;
    c->n = 0;
    c->zu = 0;
    size_t start = 0;
    for (size_t i = 0;; i++) {
        if (fmt[i] == '\0') {
            if (i - start > UINT16_MAX)
                break;
            c->lens[c->n] = (uint16_t)(i - start);
            return;
        }
        if (fmt[i] != '%')
            continue;
        size_t conv = fmt[i + 1] == 's' ? 2 : fmt[i + 1] == 'z' && fmt[i + 2] == 'u' ? 3 : 0;
        if (conv == 0 || c->n == MAX_SPLIT || i - start > UINT16_MAX)
            break;
        if (conv == 3)
            c->zu |= (uint8_t)(1u << c->n);
        c->lens[c->n++] = (uint16_t)(i - start);
        start = i + conv;
        i += conv - 1;
    }
    c->n = NOT_SPLIT;
}

/* The two below are inlined into both of their callers: as calls of
 * their own they cost more than the strlen() calls clm_discount__fmt_pieces()
 * saves (callgrind, 1-line documents). */
#if defined(__GNUC__)
#  define ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#  define ALWAYS_INLINE static inline
#endif

/* The split format of fmt, from the thread's cache (split there first
 * if it is not), as a copy: the thread's slot would be looked up again
 * after each call. */
ALWAYS_INLINE split_fmt split_of(const char *fmt)
{
    /* Fibonacci hashing of the address: formats lie a few dozen bytes apart */
    uint64_t h = (uint64_t)(uintptr_t)fmt * UINT64_C(0x9e3779b97f4a7c15);
    split_fmt *slot = &split_cache[(h >> 58) & (SPLIT_SLOTS - 1)];
    if (slot->fmt != fmt)
        split(slot, fmt);
    return *slot;
}

/* Writes the split format c (of fmt) with its c.n arguments arg[i] of
 * alen[i] bytes, as snprintf() would. */
ALWAYS_INLINE int write_split(char *buf, size_t size, const char *fmt, const split_fmt *cp,
                            const char *const *arg, const size_t *alen)
{
    const split_fmt c = *cp;
    size_t total = c.lens[c.n];
    for (unsigned i = 0; i < c.n; i++)
        total += c.lens[i] + alen[i];
    if (total > (size_t)2147483647) /* as snprintf() fails */
        return -1;
    /* a text that fits (as nearly every sentence of the trace does) is
     * copied without a check of the room left per piece */
    const char *f = fmt;
    if (size > 0 && total < size) {
        char *p = buf;
        for (unsigned i = 0; i < c.n; i++) {
            clm_discount__copy(p, f, c.lens[i]);
            p += c.lens[i];
            f += c.lens[i] + 2 + ((c.zu >> i) & 1);
            clm_discount__copy(p, arg[i], alen[i]);
            p += alen[i];
        }
        clm_discount__copy(p, f, c.lens[c.n]);
        p[c.lens[c.n]] = '\0';
        return (int)total;
    }
    writer w = { buf, size > 0 ? size - 1 : 0, 0 };
    for (unsigned i = 0; i < c.n; i++) {
        put_mem(&w, f, c.lens[i]);
        f += c.lens[i] + 2 + ((c.zu >> i) & 1);
        put_mem(&w, arg[i], alen[i]);
    }
    put_mem(&w, f, c.lens[c.n]);
    if (size > 0)
        buf[w.len < w.cap ? w.len : w.cap] = '\0';
    return (int)w.len;
}

int clm_discount__vfmt_static(char *buf, size_t size, const char *fmt, va_list ap)
{
    const split_fmt c = split_of(fmt);
    if (c.n == NOT_SPLIT || c.zu != 0) /* a %zu is read as a number */
        return clm_discount__vfmt(buf, size, fmt, ap);
    /* the arguments and every piece's length first */
    const char *arg[MAX_SPLIT];
    size_t alen[MAX_SPLIT];
    for (unsigned i = 0; i < c.n; i++) {
        const char *s = va_arg(ap, const char *);
        arg[i] = s != NULL ? s : "(null)";
        alen[i] = strlen(arg[i]);
    }
    return write_split(buf, size, fmt, &c, arg, alen);
}

int clm_discount__fmt_pieces(char *buf, size_t size, const char *fmt, unsigned n, const char *const *arg,
                             const size_t *alen)
{
    const split_fmt c = split_of(fmt);
    const char *a[4];
    size_t al[4];
    for (unsigned i = 0; i < n && i < 4; i++) {
        a[i] = arg[i] != NULL ? arg[i] : "(null)";
        al[i] = arg[i] != NULL ? alen[i] : 6;
    }
    if (c.n == n && n <= 4 && c.zu == 0)
        return write_split(buf, size, fmt, &c, a, al);
    /* a format the cache does not split ("%%" in a translation, a piece
     * beyond 64 KiB): written as clm_discount__vfmt_static() writes it,
     * on the same arguments (the format is one of the trace's, whose
     * conversions the build checks) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    switch (n) {
    case 1: return clm_discount__fmt_static(buf, size, fmt, a[0]);
    case 2: return clm_discount__fmt_static(buf, size, fmt, a[0], a[1]);
    case 3: return clm_discount__fmt_static(buf, size, fmt, a[0], a[1], a[2]);
    default: return clm_discount__fmt_static(buf, size, fmt, a[0], a[1], a[2], a[3]);
    }
#pragma GCC diagnostic pop
}

int clm_discount__fmt_static(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = clm_discount__vfmt_static(buf, size, fmt, ap);
    va_end(ap);
    return r;
}

/* Also what clm_discount__fmt_texts() writes when the cache does not
 * split the format (a "%%" in a translation): the format walked once,
 * each %s and %zu taking the next text. */
int clm_discount__fmt_texts_once(char *buf, size_t size, const char *fmt, unsigned n,
                                 const char *const *arg, const size_t *alen)
{
    writer w = { buf, size > 0 ? size - 1 : 0, 0 };
    unsigned k = 0;
    for (const char *f = fmt;;) {
        f += put_until(&w, f, '%');
        if (*f == '\0')
            break;
        if (f[1] == 's' && k < n) {
            put_mem(&w, arg[k], alen[k]);
            k++;
            f += 2;
        } else if (f[1] == 'z' && f[2] == 'u' && k < n) {
            put_mem(&w, arg[k], alen[k]);
            k++;
            f += 3;
        } else { /* "%%" (no other conversion is given to this call) */
            put_mem(&w, "%", 1);
            f += f[1] == '%' ? 2 : 1;
        }
    }
    if (w.len > (size_t)2147483647)
        return -1;
    if (size > 0)
        buf[w.len < w.cap ? w.len : w.cap] = '\0';
    return (int)w.len;
}

int clm_discount__fmt_texts(char *buf, size_t size, const char *fmt, unsigned n, const char *const *arg,
                            const size_t *alen)
{
    const split_fmt c = split_of(fmt);
    if (c.n == n)
        return write_split(buf, size, fmt, &c, arg, alen);
    return clm_discount__fmt_texts_once(buf, size, fmt, n, arg, alen);
}

size_t clm_discount__zu_text(char *buf, size_t v)
{
    if (v < 10) { /* a line's number, a document's line count: most often */
        buf[0] = (char)('0' + v);
        buf[1] = '\0';
        return 1;
    }
    char tmp[24];
    char *s = digits(tmp + sizeof tmp, v);
    size_t n = (size_t)(tmp + sizeof tmp - s);
    clm_discount__copy(buf, s, n);
    buf[n] = '\0';
    return n;
}

const char *const clm_discount__marks[4] = { "\x01", "\x02", "\x03", "\x04" };
const size_t clm_discount__marks_len[4] = { 1, 1, 1, 1 };

bool clm_discount__marks_split(const char *s, size_t n, unsigned k, size_t *off, size_t *len)
{
    unsigned seen = 0;
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 1 || c > k)
            continue;
        if (c != seen + 1)
            return false;
        off[seen] = from;
        len[seen] = i - from;
        seen++;
        from = i + 1;
    }
    if (seen != k)
        return false;
    off[k] = from;
    len[k] = n - from;
    return true;
}
