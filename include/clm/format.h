/*
 * format.h — money, rates and dates for display, one call each.
 *
 * clm_money_format(), clm_rate_format() and clm_date_format() write the
 * library's one text form, the form its parsers and XML files read back.
 * The calls here write what a person reads on a screen or a printed
 * document: "1 234 567.50 RUB", "12.50%", "05.12.2026". Their output is for
 * people, not for parsing back (the separators are the caller's choice).
 *
 * Languages (clm/lang.h): the *_lang calls write a language's own forms,
 * chosen per call; the calls with options write the forms the options
 * give, and with NULL options the forms of the calling thread's language
 * (clm_lang_set()). In English, the default, NULL options mean exactly
 * CLM_FORMAT_OPTIONS_INIT ("1 234 567.50 RUB", "12.50%", "2026-12-05"); in
 * Russian "1 234 567,50 ₽", "12,50 %", "05.12.2026", every space there a
 * no-break space (U+00A0), and the rouble sign (U+20BD) in place of RUB
 * (other currencies keep their code).
 *
 * Buffer and ownership contract (every function here):
 *  - the caller owns `buf` (`size` bytes); nothing is allocated and nothing
 *    is kept after the call;
 *  - on success the text and a terminating NUL are written and the length
 *    without the NUL is returned (>= 0);
 *  - on failure a negative CLM_E* code is returned, the last error says
 *    why, and `buf` is untouched (not even a NUL is written): a buffer too
 *    small is CLM_EBUFSIZE, and its message gives the size needed;
 *  - CLM_FORMAT_MAX bytes always suffice, whatever the value and options.
 *
 * Thread safety: every function is thread-safe (no shared state; options
 * and the input are only read).
 */
#ifndef CLM_FORMAT_H
#define CLM_FORMAT_H

#include "common.h"
#include "date.h"
#include "lang.h"
#include "money.h"
#include "rate.h"

CLM_BEGIN_DECLS

/** A buffer of this many bytes holds any formatted value with its NUL. */
#define CLM_FORMAT_MAX 128

/** Longest separator or sign a clm_format_options string may hold, in bytes. */
#define CLM_FORMAT_SEP_MAX 8

/** How clm_format_date() writes a date. */
typedef enum clm_date_style {
    /** "2026-12-05" (ISO 8601 calendar date, as clm_date_format()). */
    CLM_DATE_STYLE_ISO = 0,
    /** "05.12.2026": day.month.year, the numeric date of GOST R 7.0.97-2016
     *  (the form of Russian business documents). */
    CLM_DATE_STYLE_DMY = 1,
    /** "12/05/2026": month/day/year, the US numeric form. */
    CLM_DATE_STYLE_MDY = 2
} clm_date_style;

/**
 * How values are written. Strings are borrowed for the call. Every string
 * is valid UTF-8 without control bytes, at most CLM_FORMAT_SEP_MAX bytes.
 */
typedef struct clm_format_options {
    unsigned int version;    /**< CLM_FORMAT_OPTIONS_VERSION */
    /** Between groups of three integer digits; NULL or "" = no grouping.
     *  Default " " ("1 234 567.50"); "\u00a0" (a no-break space) keeps a
     *  number on one line, "," is the English form. */
    const char *group;
    /** The decimal mark; NULL = the default "."; "," is the Russian form.
     *  Must not be "". */
    const char *decimal;
    /** After a rate's number; NULL = the default "%"; " %" puts the space
     *  Russian typography wants. */
    const char *percent;
    clm_date_style date_style;  /**< default CLM_DATE_STYLE_ISO */
} clm_format_options;

#define CLM_FORMAT_OPTIONS_VERSION 1
#define CLM_FORMAT_OPTIONS_INIT \
    { .version = CLM_FORMAT_OPTIONS_VERSION, .group = " ", .decimal = ".", \
      .percent = "%", .date_style = CLM_DATE_STYLE_ISO }

/** Sets *o as CLM_FORMAT_OPTIONS_INIT does (for bindings).
 *  Errors: CLM_EINVAL (NULL). Thread-safe. */
CLM_API int clm_format_options_init(clm_format_options *o);

/**
 * Writes `m` with its currency code: the sign, the integer part grouped by
 * threes, the decimal mark and exactly the currency's minor-unit digits
 * (none for JPY, three for KWD), a space, the ISO 4217 code. With the
 * defaults 123456750 RUB kopecks is "1 234 567.50 RUB", -5 USD cents is
 * "-0.05 USD", 1000 JPY is "1 000 JPY". Exact: no rounding ever happens.
 * `opts` may be NULL: the forms of the calling thread's language (the
 * defaults in English; see the top of this header).
 *
 * Errors: CLM_EINVAL (NULL buf or m; a bad option: the last error names
 * it), CLM_EVERSION (opts->version), CLM_ECURRENCY (unknown code),
 * CLM_EBUFSIZE. See the contract above.
 */
CLM_API int clm_format_money(char *buf, size_t size, const clm_money *m,
                             const clm_format_options *opts);

/**
 * Writes `rate` (ppm) as a percent with exactly `decimals` decimals,
 * rounded by `mode`: 125000 ppm to 2 decimals is "12.50%", 333333 ppm to 1
 * decimal HALF_EVEN is "33.3%", 5 ppm to 2 decimals HALF_UP is "0.00%" and
 * -125 ppm to 2 decimals HALF_EVEN is "-0.01%". The integer part is grouped
 * as money is. A value that rounds to zero is written without a sign.
 * `decimals` may be 0..4; 4 decimals of a percent are exactly a ppm, so
 * they never round. `opts` may be NULL (the thread's language's forms).
 *
 * Errors: CLM_EINVAL (NULL buf, decimals > 4, an unknown mode, a bad
 * option), CLM_EVERSION, CLM_EBUFSIZE. See the contract above.
 */
CLM_API int clm_format_rate(char *buf, size_t size, clm_rate rate, unsigned decimals,
                            clm_rounding mode, const clm_format_options *opts);

/**
 * Writes the date `d` in opts->date_style, with a four-digit year and
 * two-digit day and month: 2026-12-05, 05.12.2026, 12/05/2026. With NULL
 * `opts`, the thread's language's style: ISO in English, DMY in Russian.
 *
 * Errors: CLM_EINVAL (NULL buf, an unknown style, a bad option),
 * CLM_EVERSION, CLM_ERANGE (d outside CLM_DATE_MIN..CLM_DATE_MAX),
 * CLM_EBUFSIZE. See the contract above.
 */
CLM_API int clm_format_date(char *buf, size_t size, clm_date d,
                            const clm_format_options *opts);

/**
 * As clm_format_money() in the forms of `lang`, whatever the thread's
 * language: CLM_LANG_EN "1 234 567.50 RUB", CLM_LANG_RU "1 234 567,50 ₽"
 * (no-break spaces; "-0,05 USD" for a currency without a sign of its own).
 *
 * Errors: CLM_EINVAL (NULL buf or m, `lang` not a clm_lang),
 * CLM_ECURRENCY, CLM_EBUFSIZE. See the contract above.
 */
CLM_API int clm_format_money_lang(char *buf, size_t size, const clm_money *m, clm_lang lang);

/**
 * As clm_format_rate() in the forms of `lang`: 125000 ppm to 2 decimals
 * is "12.50%" in English and "12,50 %" (a no-break space) in Russian.
 *
 * Errors: CLM_EINVAL (NULL buf, decimals > 4, an unknown mode, `lang` not
 * a clm_lang), CLM_EBUFSIZE. See the contract above.
 */
CLM_API int clm_format_rate_lang(char *buf, size_t size, clm_rate rate, unsigned decimals,
                                 clm_rounding mode, clm_lang lang);

/**
 * As clm_format_date() in the style of `lang`: "2025-12-25" in English,
 * "25.12.2025" in Russian.
 *
 * Errors: CLM_EINVAL (NULL buf, `lang` not a clm_lang), CLM_ERANGE,
 * CLM_EBUFSIZE. See the contract above.
 */
CLM_API int clm_format_date_lang(char *buf, size_t size, clm_date d, clm_lang lang);

CLM_END_DECLS

#endif /* CLM_FORMAT_H */
