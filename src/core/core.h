/*
 * internal.h — helpers shared by libclm's sources. Not installed; nothing
 * here is exported (the library is built with hidden visibility).
 */
#ifndef CLM_INTERNAL_H
#define CLM_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "clm/common.h"
#include "clm/error.h"

#if defined(__GNUC__) || defined(__clang__)
#  define CLM__PRINTF(f, a) __attribute__((format(printf, f, a)))
#  define CLM__FORMAT_ARG(i) __attribute__((format_arg(i)))
#else
#  define CLM__PRINTF(f, a)
#  define CLM__FORMAT_ARG(i)
#endif

/* ---- errors ------------------------------------------------------------
 * Record the calling thread's last error and return `code`, so a failure
 * reads `return clm_core__fail(CLM_EINVAL, "money: currency is NULL");`. */
int clm_core__fail(int code, const char *fmt, ...) CLM__PRINTF(2, 3);
/* As clm_core__fail, naming the field and the input (source, 1-based line). */
int clm_core__fail_at(int code, const char *field, const char *source, int line,
                 const char *fmt, ...) CLM__PRINTF(5, 6);
int clm_core__vfail_at(int code, const char *field, const char *source, int line,
                  const char *fmt, va_list ap) CLM__PRINTF(5, 0);
/* Out-of-memory: records "out of memory (<what>)" and returns CLM_ENOMEM. */
int clm_core__oom(const char *what);

/* ---- the language of the library's texts (clm/lang.h) ---------------------
 * Every text a person reads is written in English in the source (the
 * msgid) and looked up in the catalogue of the calling thread's language
 * where it is turned into text; what has no translation stays English.
 * The catalogues are the modules' gettext files (src/<module>/po/LL.po),
 * compiled into a table sorted by msgid at build time
 * (tools/gen_catalogue.py); xgettext finds the texts by these keywords
 * (src/meson.build, clm_xgettext_args):
 *   clm_core__fail:2, clm_core__fail_at:5 and the modules' own error and
 *   finding helpers, whose format is translated where it is formatted;
 *   clm_core__tr:1, which translates now:
 *       snprintf(buf, size, clm_core__tr("no limit"));
 *   CLM_N_:1, which only marks a text kept in a table or passed on, for a
 *   function that translates it later (clm_core__tr on the value).
 * A format's translation has the same printf conversions as its msgid (the
 * generator fails the build otherwise), so the arguments stay as they are.
 *
 * clm_core__tr returns msgid or a static string; never NULL for non-NULL. */
const char *clm_core__tr(const char *msgid) CLM__FORMAT_ARG(1);
#define CLM_N_(text) (text)

/* One entry of a compiled catalogue; a catalogue is sorted by strcmp of
 * its msgids (generated: clm_catalogues.c). */
typedef struct clm_core__msg {
    const char *id;
    const char *str;
} clm_core__msg;
typedef struct clm_core__catalogue {
    const clm_core__msg *msgs;
    size_t n;
} clm_core__catalogue;
/* Indexed by clm_lang; English has none. */
extern const clm_core__catalogue clm_core__catalogues[];

/* Money and dates inside a text, in the thread's language's forms: in
 * English the library's one text form (clm_money_format: "1234.50 RUB";
 * clm_date_format: "2025-12-25"), in Russian "1 234,50 ₽" with no-break
 * spaces and "25.12.2025". Write into the caller's buffer
 * (CLM_CORE__TEXT_VALUE_MAX bytes always do) and return it; never fail
 * and never touch the last error ("?" for a value no valid object holds). */
#define CLM_CORE__TEXT_VALUE_MAX 64
const char *clm_core__money_text(char *buf, size_t size, int64_t amount, const char *currency);
const char *clm_core__date_text(char *buf, size_t size, int32_t date);

/* ---- memory: all through the installed allocator ------------------------ */
void *clm_core__malloc(size_t size);
void *clm_core__calloc(size_t n, size_t size);          /* overflow-checked, zeroed */
void *clm_core__realloc(void *ptr, size_t size);        /* ptr may be NULL */
void *clm_core__reallocarray(void *ptr, size_t n, size_t size);
void clm_core__free(void *ptr);
char *clm_core__strdup(const char *s);                  /* NULL -> NULL */
char *clm_core__strndup(const char *s, size_t n);

/* ---- UTF-8 ----------------------------------------------------------------
 * (valid text as a whole: clm_core__check_text below)
 * Length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629), or 0. */
size_t clm_core__utf8_seq(const unsigned char *s, size_t n);
/* The length of the longest prefix of s[0..n) that does not end inside a
 * UTF-8 character: where a text cut at a byte limit must end so that it
 * stays valid UTF-8 (s[0..n) is a prefix of valid UTF-8: at most the last,
 * incomplete character is dropped; n when nothing is incomplete). */
size_t clm_core__utf8_cut(const char *s, size_t n);

/* ---- sorting ---------------------------------------------------------------
 * qsort() that accepts an empty array with a NULL base (qsort itself
 * requires a valid pointer even for zero elements: C11 7.22.5 p1). */
static inline void clm_core__qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* ---- limits and wide integers -------------------------------------------
 * The longest id, user name, role or category any module accepts, in bytes. */
#define CLM__ID_MAX CLM_ID_MAX
/* The one 128-bit type: products of two int64 values never overflow it. */
__extension__ typedef __int128 clm_core__i128;
__extension__ typedef unsigned __int128 clm_core__u128;

/* ---- checked int64 arithmetic (true on overflow) ------------------------ */
static inline bool clm_core__add_ovf(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_add_overflow(a, b, r);
}
static inline bool clm_core__sub_ovf(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_sub_overflow(a, b, r);
}
static inline bool clm_core__mul_ovf(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_mul_overflow(a, b, r);
}

/* ---- growable arrays ------------------------------------------------------
 * Makes room for `need` elements of `elem` bytes in *arr (capacity *cap),
 * growing geometrically; every size computation is overflow-checked. On
 * failure *arr and *cap are unchanged and CLM_ENOMEM is recorded with
 * `what` ("out of memory (what)"). The one grow helper of the library. */
int clm_core__grow(void **arr, size_t *cap, size_t need, size_t elem, const char *what);

/* ---- binary search --------------------------------------------------------
 * The first index i in [0, n) such that cmp(key, base + i*size) <= 0, or n:
 * the lower bound of `key` in an array sorted by `cmp`. base may be NULL when
 * n == 0. The one binary search of the library. */
size_t clm_core__lower_bound(const void *key, const void *base, size_t n, size_t size,
                             int (*cmp)(const void *key, const void *elem));

/* ---- strings ---------------------------------------------------------------
 * The one string equality: NULL equals only NULL. */
static inline bool clm_core__streq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    /* one load of each byte pair, one index (the discount engine checks
     * a name it remembers against the caller's with this) */
    for (size_t i = 0;; i++) {
        char c = a[i];
        if (c != b[i])
            return false;
        if (c == '\0')
            return true;
    }
}

/* ---- valid text --------------------------------------------------------------
 * The one definition of valid text (stated for users in clm/common.h):
 *   ID    1..CLM__ID_MAX bytes, UTF-8, no control byte, no space at either end
 *   NAME  1..CLM_TEXT_MAX bytes, UTF-8, no control byte (C0 or DEL)
 *   LINE  0..CLM_TEXT_MAX bytes, UTF-8, no control byte
 *   NOTE  0..CLM_TEXT_MAX bytes, UTF-8, no control byte except TAB and LF
 *         (a CR is refused: a store and an XML file must give back the same
 *         bytes, and XML normalises CR LF to LF)
 * NULL is accepted for LINE and NOTE (an absent value) and refused for ID and
 * NAME. On failure records CLM_EINVAL naming `field`, the byte offset and the
 * reason, and returns it. */
typedef enum clm_core__text_kind {
    CLM_CORE__TEXT_ID,
    CLM_CORE__TEXT_NAME,
    CLM_CORE__TEXT_LINE,
    CLM_CORE__TEXT_NOTE,
} clm_core__text_kind;
int clm_core__check_text(const char *s, clm_core__text_kind kind, const char *field);
/* As clm_core__check_text on the n bytes at s (which need no terminator). */
int clm_core__check_textn(const char *s, size_t n, clm_core__text_kind kind, const char *field);

/* ---- versioned structs ---------------------------------------------------------
 * The one check of a caller-filled struct's `version` field: versions
 * 1..current are accepted (a caller built against an older header passes an
 * older version, and the fields it did not know keep their defaults); 0 or a
 * newer version records CLM_EVERSION naming `what` and returns it. */
int clm_core__check_version(unsigned version, unsigned current, const char *what);

/* ---- growable string buffer ----------------------------------------------
 * An append-only buffer. After the first failure every later call is a
 * no-op and clm_core__buf_finish() returns CLM_ENOMEM, so builders need one
 * check at the end. */
typedef struct clm_core__buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} clm_core__buf;

void clm_core__buf_init(clm_core__buf *b);
/* Makes room for n more bytes (and the terminator) in one allocation, so
 * a builder that knows about how long its text will be grows it once
 * rather than by doubling from 8 bytes. A failure marks b failed, as any
 * append's does. */
void clm_core__buf_reserve(clm_core__buf *b, size_t n);
void clm_core__buf_append(clm_core__buf *b, const char *s, size_t n);
void clm_core__buf_puts(clm_core__buf *b, const char *s);
void clm_core__buf_printf(clm_core__buf *b, const char *fmt, ...) CLM__PRINTF(2, 3);
/* Appends v in decimal, as printf's "%lld" writes it, without printf's
 * cost (a hot path: every history line of an encoded client). */
void clm_core__buf_int(clm_core__buf *b, int64_t v);
/* Appends `s` escaped for XML text and attribute values. */
void clm_core__buf_xml_escape(clm_core__buf *b, const char *s);
/* Appends ` name="value"` with the value escaped; the money, date and rate
 * forms write the value in the library's one text form (clm_money_format,
 * clm_date_format, clm_rate_format). A value that cannot be formatted (only
 * an invalid currency or date, which no validated object holds) is written
 * empty. */
void clm_core__buf_attr(clm_core__buf *b, const char *name, const char *value);
void clm_core__buf_attr_money(clm_core__buf *b, const char *name, int64_t amount,
                              const char *currency);
void clm_core__buf_attr_date(clm_core__buf *b, const char *name, int32_t date);
void clm_core__buf_attr_rate(clm_core__buf *b, const char *name, int64_t rate);
/* On success hands over the NUL-terminated data (caller frees with
 * clm_core__free) and resets b; on failure frees it and returns CLM_ENOMEM. */
int clm_core__buf_finish(clm_core__buf *b, char **out, size_t *len);
void clm_core__buf_free(clm_core__buf *b);

/* ---- rates in messages -----------------------------------------------------
 * `rate` (ppm) as a percent for an error message, in clm_rate_format()'s
 * exact shortest form ("12.5%", "-0.0001%"): users read percents, not ppm.
 * In Russian (the thread's language) with a decimal comma and a no-break
 * space before the sign ("12,5 %").
 * Writes into the caller's buffer (CLM_RATE_FORMAT_MAX bytes always do) and
 * returns it; never fails and never touches the last error. */
#define CLM_CORE__RATE_TEXT_MAX 32
const char *clm_core__rate_text(char *buf, size_t size, int64_t rate);

/* ---- files embedded at build time (tools/embed.py) ---------------------- */
typedef struct clm_core__embedded {
    const char *name;
    const char *data;
    size_t size;
} clm_core__embedded;
/* NULL if no embedded file has that name. */
const clm_core__embedded *clm_core__embedded_find(const char *name);

#endif /* CLM_INTERNAL_H */
