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

#include "clm/error.h"

#if defined(__GNUC__) || defined(__clang__)
#  define CLM__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define CLM__PRINTF(f, a)
#endif

/* ---- errors ------------------------------------------------------------
 * Record the calling thread's last error and return `code`, so a failure
 * reads `return clm__fail(CLM_EINVAL, "money: currency is NULL");`. */
int clm__fail(int code, const char *fmt, ...) CLM__PRINTF(2, 3);
/* As clm__fail, naming the field and the input (source, 1-based line). */
int clm__fail_at(int code, const char *field, const char *source, int line,
                 const char *fmt, ...) CLM__PRINTF(5, 6);
int clm__vfail_at(int code, const char *field, const char *source, int line,
                  const char *fmt, va_list ap) CLM__PRINTF(5, 0);
/* Out-of-memory: records "out of memory (<what>)" and returns CLM_ENOMEM. */
int clm__oom(const char *what);

/* ---- memory: all through the installed allocator ------------------------ */
void *clm__malloc(size_t size);
void *clm__calloc(size_t n, size_t size);          /* overflow-checked, zeroed */
void *clm__realloc(void *ptr, size_t size);        /* ptr may be NULL */
void *clm__reallocarray(void *ptr, size_t n, size_t size);
void clm__free(void *ptr);
char *clm__strdup(const char *s);                  /* NULL -> NULL */
char *clm__strndup(const char *s, size_t n);

/* ---- text ----------------------------------------------------------------
 * 0 if `s` is valid UTF-8 without C0 control characters other than tab, LF
 * and CR, and without DEL: text every store and XML document can hold.
 * Otherwise the 1-based byte offset of the first bad byte. */
size_t clm__text_bad_at(const char *s);
/* Length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629), or 0. */
size_t clm__utf8_seq(const unsigned char *s, size_t n);

/* ---- sorting ---------------------------------------------------------------
 * qsort() that accepts an empty array with a NULL base (qsort itself
 * requires a valid pointer even for zero elements: C11 7.22.5 p1). */
static inline void clm__qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* ---- checked int64 arithmetic (true on overflow) ------------------------ */
static inline bool clm__add_ovf(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_add_overflow(a, b, r);
}
static inline bool clm__sub_ovf(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_sub_overflow(a, b, r);
}
static inline bool clm__mul_ovf(int64_t a, int64_t b, int64_t *r)
{
    return __builtin_mul_overflow(a, b, r);
}

/* ---- growable string buffer ----------------------------------------------
 * An append-only buffer. After the first failure every later call is a
 * no-op and clm__buf_finish() returns CLM_ENOMEM, so builders need one
 * check at the end. */
typedef struct clm__buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} clm__buf;

void clm__buf_init(clm__buf *b);
void clm__buf_append(clm__buf *b, const char *s, size_t n);
void clm__buf_puts(clm__buf *b, const char *s);
void clm__buf_printf(clm__buf *b, const char *fmt, ...) CLM__PRINTF(2, 3);
/* Appends `s` escaped for XML text and attribute values. */
void clm__buf_xml_escape(clm__buf *b, const char *s);
/* On success hands over the NUL-terminated data (caller frees with
 * clm__free) and resets b; on failure frees it and returns CLM_ENOMEM. */
int clm__buf_finish(clm__buf *b, char **out, size_t *len);
void clm__buf_free(clm__buf *b);

/* ---- files embedded at build time (tools/embed.py) ---------------------- */
typedef struct clm__embedded {
    const char *name;
    const char *data;
    size_t size;
} clm__embedded;
/* NULL if no embedded file has that name. */
const clm__embedded *clm__embedded_find(const char *name);

#endif /* CLM_INTERNAL_H */
