/*
 * lang.h — the language of the texts libclm writes.
 *
 * Every text the library writes for a person — error messages and
 * clm_strerror(), the discount trace's reasons and the approval reason, the
 * retro-bonus explanation, the credit explanation, claim escalation
 * reasons, the validators' findings, the offer and contract documents and
 * the protocol of disagreements — is written in the language of the
 * calling thread, English unless the thread chose another:
 *
 *     clm_lang_set(CLM_LANG_RU);              // this thread only
 *     if (clm_money_parse(&m, "12,3.4 RUB") < 0)
 *         puts(clm_error_last()->message);    // in Russian
 *
 * The language is per thread, not per process: a server answering a
 * Russian and an English user at once gives each thread its own. To
 * choose it for one call, set it around the call and put the previous
 * one back (clm_lang_get() first). The process locale, LANGUAGE and the
 * installed locales play no part: the translations are built into the
 * library (one catalogue per module, compiled from gettext .po files),
 * and a text without a translation stays English.
 *
 * Money, rates and dates inside those texts follow the language too
 * (English: "1234.50 RUB", "2025-12-25"; Russian: "1 234,50 ₽" with
 * no-break spaces, "25.12.2025"); clm/format.h writes them for callers.
 *
 * A text is made in the language of the thread at the moment it is made:
 * a discount result priced in Russian keeps its Russian reasons, and a
 * stored text (a claim's escalation reason) stays in the language it was
 * written in.
 */
#ifndef CLM_LANG_H
#define CLM_LANG_H

#include "common.h"

CLM_BEGIN_DECLS

/** The languages libclm writes its texts in. Values are stable. */
typedef enum clm_lang {
    CLM_LANG_EN = 0, /**< English, the default and the fallback */
    CLM_LANG_RU = 1  /**< Russian */
} clm_lang;

/** The number of languages (one more than the last clm_lang value). */
#define CLM_LANG_COUNT 2

/**
 * Sets the language of the texts the library writes on the calling
 * thread from now on; other threads keep theirs. A new thread starts in
 * CLM_LANG_EN.
 *
 * Errors: CLM_EINVAL (not a clm_lang value; the language is unchanged).
 * Thread safety: thread-safe; affects only the calling thread.
 */
CLM_API int clm_lang_set(clm_lang lang);

/**
 * The calling thread's language (CLM_LANG_EN unless clm_lang_set() chose
 * another). Never fails. Thread-safe.
 */
CLM_API clm_lang clm_lang_get(void);

/**
 * The language's ISO 639-1 code, "en" or "ru" (a static string); NULL for
 * a value that is not a clm_lang. Never fails, never touches the last
 * error. Thread-safe.
 */
CLM_API const char *clm_lang_name(clm_lang lang);

/**
 * The language a name stands for: the ISO 639-1 code in either case, and
 * a locale name that begins with it ("ru_RU.UTF-8", "en_GB", "ru-RU").
 * Sets *out on success; *out is untouched on failure.
 *
 * Errors: CLM_EINVAL (NULL argument), CLM_ENOTFOUND (no language libclm
 * writes; the message names the ones it does).
 * Thread safety: thread-safe.
 */
CLM_API int clm_lang_from_name(clm_lang *out, const char *name);

/**
 * The translation into `lang` of one of the library's own texts, given
 * by its English original (the msgid of the catalogue, e.g. a printf
 * format as the library writes it); the English text itself for
 * CLM_LANG_EN, for a text with no translation, and for a value that is
 * not a clm_lang. Returns `msgid` itself (NULL for NULL) or a static
 * string: never NULL for a non-NULL msgid, never allocates, never fails.
 * Thread-safe (the catalogues are read-only).
 */
CLM_API const char *clm_lang_text(clm_lang lang, const char *msgid);

CLM_END_DECLS

#endif /* CLM_LANG_H */
