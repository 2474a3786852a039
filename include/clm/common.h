/*
 * libclm — client-management business rules.
 * common.h: export macro, C++ guards and the conventions every header follows.
 *
 * Conventions (they hold for every public function unless its comment says
 * otherwise):
 *
 *  - Names: clm_<noun>_<verb>(). The single output parameter is named `out`
 *    and comes first.
 *  - Enumerations with stable names (the names files and stores use) have
 *    the pair clm_<enum>_name(value), a static string or NULL for a value
 *    out of range, and clm_<enum>_from_name(&out, name): CLM_EINVAL for a
 *    NULL argument, CLM_ENOTFOUND for a name that is none of the enum's,
 *    *out untouched on error. Public enumerations carry no count member
 *    (a later release may add values); walk the names until NULL.
 *  - Indexed accessors read item i of an object. One borrowed item is
 *    returned (NULL when i is out of range); an item copied out, or the
 *    several parts of one, are written through outputs that come first,
 *    then the object, then the index: int clm_x_<item>_at(out..., obj, i),
 *    CLM_EINVAL or CLM_ERANGE (outputs untouched; an output may be NULL
 *    where its comment says so).
 *  - Arrays a caller provides come as (out, n): n is their length, and the
 *    function's comment says what a shorter or longer array gets.
 *  - Errors: fallible functions return int: 0 (CLM_OK) on success, a negative
 *    CLM_E* code on failure (see error.h). Details are in the calling
 *    thread's last error (clm_error_last()).
 *  - Failure atomicity: a failed call leaves every object and output it was
 *    given exactly as it was. Outputs are written only on success.
 *  - Ownership: objects returned through `clm_x **out` belong to the caller
 *    and are released with clm_x_free(), which accepts NULL. Strings passed
 *    in are copied unless a comment says otherwise; `const char *` results
 *    are owned by the object they come from and live as long as it is
 *    unmodified.
 *  - Memory: every allocation goes through the allocator installed with
 *    clm_allocator_set() (alloc.h).
 *  - Threads: functions that take only const objects may run concurrently on
 *    the same objects. A function that modifies an object needs exclusive
 *    access to it. Nothing is global but the allocator (set once, before any
 *    other call) and the per-thread last error.
 *  - Text: every string a setter or a loader accepts is one of four kinds,
 *    checked the same way everywhere (a failure is CLM_EINVAL naming the
 *    field and the byte offset):
 *      id     (ids, user names, roles, categories, codes): 1 to
 *             CLM_ID_MAX bytes of UTF-8, no control byte (C0 or DEL), no
 *             space at either end;
 *      name   1 to CLM_TEXT_MAX bytes of UTF-8, no control byte;
 *      line   (single-line text) 0 to CLM_TEXT_MAX bytes, no control byte;
 *      note   (multi-line text) as line, but TAB and LF are allowed; CR is
 *             not (XML would give back LF for CR LF).
 *    UTF-8 is RFC 3629: shortest form, no surrogates, nothing above
 *    U+10FFFF.
 *  - Versioned structs: a struct with a `version` field accepts every
 *    version from 1 to the current one (fields a caller built against an
 *    older header did not know take their defaults); 0 or a newer version
 *    is CLM_EVERSION. Fill a struct with its *_INIT macro or *_init()
 *    function: they set the current version, give the few fields whose
 *    default is not zero (each named in the struct's comment) that
 *    default, and zero everything else. The macros use designated
 *    initialisers ({ .version = X, ... }), so a field added later is zero
 *    in them and cannot shift what the others mean. C++ callers use the
 *    *_init() functions (C++ designated initialisers arrived in C++20, and
 *    g++ warns under -Wextra about the members they leave out).
 */
#ifndef CLM_COMMON_H
#define CLM_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The longest id, and the longest text, in bytes (see "Text" above). */
#define CLM_ID_MAX 255
#define CLM_TEXT_MAX 4096

#if defined(_WIN32) && defined(CLM_BUILDING_DLL)
#  define CLM_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#  define CLM_API __attribute__((visibility("default")))
#else
#  define CLM_API
#endif

#ifdef __cplusplus
#  define CLM_BEGIN_DECLS extern "C" {
#  define CLM_END_DECLS }
#else
#  define CLM_BEGIN_DECLS
#  define CLM_END_DECLS
#endif

#if defined(__GNUC__) || defined(__clang__)
#  define CLM_WARN_UNUSED __attribute__((warn_unused_result))
#else
#  define CLM_WARN_UNUSED
#endif

#endif /* CLM_COMMON_H */
