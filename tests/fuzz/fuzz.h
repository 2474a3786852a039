/*
 * fuzz.h — what every harness under tests/fuzz/ checks, whatever the input:
 *
 *  - the call returns 0 or one of the codes its header documents;
 *  - a failure sets a message in clm_error_last() with that code and leaves
 *    the output exactly as it was (a sentinel the harness planted);
 *  - where a writer exists, load -> save -> load gives an equal object and
 *    a second save gives the same bytes;
 *  - for a policy, the reloaded copy decides sample inputs as the first.
 *
 * A broken check aborts (libFuzzer records the input; the replay driver
 * names the file). Harnesses use only the public API.
 */
#ifndef CLM_FUZZ_H
#define CLM_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_die(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((noreturn, format(printf, 1, 2)))
#endif
    ;
static inline void fuzz_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz check failed: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

#define FUZZ_CHECK(cond, ...)          \
    do {                               \
        if (!(cond))                   \
            fuzz_die(__VA_ARGS__);     \
    } while (0)

/* rc is 0 or one of the n codes in `allowed`; a failure carries that code
 * and a non-empty message in clm_error_last(). */
static inline void fuzz_check_rc(const char *call, int rc, const int *allowed, size_t n)
{
    if (rc == 0)
        return;
    size_t i = 0;
    while (i < n && allowed[i] != rc)
        i++;
    const clm_error *e = clm_error_last();
    if (i == n)
        fuzz_die("%s returned %d (%s), not a documented code; message: %s", call, rc,
                 clm_strerror(rc), e != NULL && e->message != NULL ? e->message : "(none)");
    FUZZ_CHECK(e != NULL && e->code == rc, "%s: last error code %d, returned %d", call,
               e != NULL ? e->code : 0, rc);
    FUZZ_CHECK(e->message != NULL && e->message[0] != '\0', "%s failed (%d) with no message", call, rc);
}

#define FUZZ_RC(call, rc, ...)                                              \
    do {                                                                    \
        static const int fuzz_allowed_[] = { __VA_ARGS__ };                 \
        fuzz_check_rc(call, rc, fuzz_allowed_,                              \
                      sizeof fuzz_allowed_ / sizeof fuzz_allowed_[0]);      \
    } while (0)

/* A NUL-terminated copy of the input (text parsers take C strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    if (size > 0)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* The sentinel a harness plants in a pointer output: any change after a
 * failed call is a broken contract. */
#if defined(__GNUC__)
__attribute__((unused))
#endif
static char fuzz_sentinel_;
#define FUZZ_SENTINEL ((void *)&fuzz_sentinel_)

/* Two writer outputs must be the same bytes. */
static inline void fuzz_same_bytes(const char *what, const char *a, size_t na, const char *b, size_t nb)
{
    if (na != nb || memcmp(a, b, na) != 0)
        fuzz_die("%s: the second save differs from the first (%zu vs %zu bytes)\n--- first\n%.*s\n--- second\n%.*s",
                 what, na, nb, (int)(na > 4000 ? 4000 : na), a, (int)(nb > 4000 ? 4000 : nb), b);
}

#endif /* CLM_FUZZ_H */
