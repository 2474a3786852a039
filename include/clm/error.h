/*
 * error.h — return codes and the per-thread last error.
 *
 * Every fallible libclm function returns 0 on success or one of the negative
 * codes below. The code says what kind of failure it was; the last error
 * says what, where and why, in words a user can act on:
 *
 *     if (clm_money_parse(&m, text) < 0) {
 *         const clm_error *e = clm_error_last();
 *         fprintf(stderr, "%s\n", e->message);   // e.g. "amount: too many
 *     }                                          //  decimals for JPY (0)"
 */
#ifndef CLM_ERROR_H
#define CLM_ERROR_H

#include "common.h"

CLM_BEGIN_DECLS

/** Return codes. Values are stable across releases; new codes are appended. */
typedef enum clm_error_code {
    CLM_OK         =   0, /**< success */
    CLM_EINVAL     =  -1, /**< invalid argument (NULL, out of domain, misuse) */
    CLM_ENOMEM     =  -2, /**< the allocator returned NULL */
    CLM_EOVERFLOW  =  -3, /**< arithmetic result does not fit its type */
    CLM_ECURRENCY  =  -4, /**< unknown currency, or two currencies mixed */
    CLM_EPARSE     =  -5, /**< text or XML that does not parse */
    CLM_ESCHEMA    =  -6, /**< XML that parses but breaks its schema */
    CLM_ERANGE     =  -7, /**< a value outside the range the object covers */
    CLM_ENOTFOUND  =  -8, /**< no record / entry with that key */
    CLM_EEXISTS    =  -9, /**< a record with that key exists already */
    CLM_ECONFLICT  = -10, /**< optimistic-concurrency conflict (stale version) */
    CLM_ESTATE     = -11, /**< transition not allowed from the current state */
    CLM_EPERM      = -12, /**< the acting role lacks the authority */
    CLM_EIO        = -13, /**< storage or file I/O failed */
    CLM_EVERSION   = -14, /**< struct or backend version not supported */
    CLM_ENOTSUP    = -15, /**< operation not supported by this backend/build */
    CLM_ELIMIT     = -16, /**< input larger than the configured limit */
    CLM_EBUFSIZE   = -17, /**< caller's buffer too small */
    CLM_EBUSY      = -18  /**< resource busy (locked database, open cursor) */
} clm_error_code;

/**
 * The last error of the calling thread.
 *
 * `code` is the code the failing call returned; `message` is a complete
 * sentence naming what failed, where and why. `field` names the field,
 * attribute or argument at fault ("" if none); `line` is the 1-based line of
 * the XML or text input at fault (0 if none); `source` names the input (a
 * file name, "<memory>", or "").
 */
typedef struct clm_error {
    int code;
    const char *message;
    const char *field;
    const char *source;
    int line;
} clm_error;

/**
 * Returns the calling thread's last error. Never NULL: with no error recorded
 * it returns a struct with code CLM_OK and empty strings.
 *
 * Ownership: the struct and its strings belong to the library (thread-local
 * storage); do not free them. They stay valid until the next libclm call on
 * the same thread that fails or calls clm_error_clear(). Successful calls do
 * not clear it.
 * Thread safety: each thread has its own last error.
 */
CLM_API const clm_error *clm_error_last(void);

/** Clears the calling thread's last error. Thread-safe (per thread). */
CLM_API void clm_error_clear(void);

/**
 * A short constant description of a return code ("out of memory"), in the
 * calling thread's language (clm/lang.h: "не хватает памяти" in Russian;
 * English where a text has no translation). Unknown codes give "unknown
 * error" (in that language). The string is static: never NULL, never
 * freed, and it stays valid after the thread changes its language.
 * Thread-safe.
 */
CLM_API const char *clm_strerror(int code);

CLM_END_DECLS

#endif /* CLM_ERROR_H */
