/*
 * tool.h — what the examples that libclm also installs as commands
 * (clm-discount-check, clm-category-check, clm-credit-check, clm-claim-desk;
 * commands/meson.build) share: their answer to --version, their name as
 * called, their texts in the user's language, and --expect FILE, which
 * compares what a run prints with a file of expected results, so a user
 * keeps regression cases for their own policies.
 *
 * Languages: the commands' own texts (help, usage, headings, labels,
 * verdicts) go through gettext, domain "libclm", with a Russian catalogue
 * (po/ru.po). The language is the user's (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG, as for any GNU program), or the one `--lang LL` names, which wins;
 * a text without a translation stays English. The texts libclm itself
 * gives (error messages, the discount trace's reasons, the credit
 * explanation) follow: tool_i18n() sets the library's language for the
 * thread (clm/lang.h) to the same one.
 */
#ifndef CLM_EXAMPLE_TOOL_H
#define CLM_EXAMPLE_TOOL_H

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <clm/date.h>
#include <clm/format.h>
#include <clm/lang.h>
#include <clm/money.h>
#include <clm/version.h>

#ifdef CLM_TOOL_NLS
#include <libintl.h>
#define _(text) gettext(text)
#define P_(one, many, n) ngettext(one, many, n)
#else
#define _(text) (text)
#define P_(one, many, n) ((n) == 1 ? (one) : (many))
#endif
/* Marks a text for the catalogue where it cannot be translated yet (a
 * static table); _() translates it where it is used. */
#define N_(text) (text)

/* The name the program was called by ("discount-check" built as an
 * example, "clm-discount-check" installed), for usage lines. */
static const char *tool_name(char **argv)
{
    const char *name = strrchr(argv[0], '/');
    return name ? name + 1 : argv[0];
}

static int tool_russian(void);

/* Sets up the user's language, and takes `--lang LL` (anywhere among the
 * arguments) out of argv: it names the language of the texts ("ru",
 * "en"), whatever the locale. Returns 0, or -1 for --lang without a
 * value (after saying so on stderr). */
static int tool_i18n(int *argc, char **argv)
{
    setlocale(LC_ALL, "");
    const char *lang = NULL;
    int n = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--lang") == 0) {
            if (i + 1 == *argc) {
                fprintf(stderr, "%s: --lang needs a language, e.g. --lang ru\n", tool_name(argv));
                return -1;
            }
            lang = argv[++i];
            continue;
        }
        argv[n++] = argv[i];
    }
    argv[n] = NULL;
    *argc = n;
#ifdef CLM_TOOL_NLS
    if (lang != NULL) {
        /* LANGUAGE chooses the catalogue; gettext ignores it in the "C"
         * locale, so that one gives way to C.UTF-8 (the same texts). */
        setenv("LANGUAGE", lang, 1);
        const char *messages = setlocale(LC_MESSAGES, NULL);
        if (messages == NULL || strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0)
            setlocale(LC_MESSAGES, "C.UTF-8");
    }
    bindtextdomain("libclm", CLM_TOOL_LOCALEDIR);
    /* The catalogue is UTF-8, and so is what the commands print. */
    bind_textdomain_codeset("libclm", "UTF-8");
    textdomain("libclm");
#endif
    /* The library's own texts in the same language: the one --lang names
     * if libclm writes it, else Russian when the commands' catalogue is
     * (the user's locale); English otherwise. */
    clm_lang lib = CLM_LANG_EN;
    if (lang != NULL) {
        if (clm_lang_from_name(&lib, lang) != 0)
            lib = CLM_LANG_EN; /* a language libclm does not write */
    } else if (tool_russian()) {
        lib = CLM_LANG_RU;
    }
    clm_lang_set(lib);
    return 0;
}

/* 1 when the texts are Russian: then dates read 25.12.2025 and money
 * 1 234,50 ₽ (digits grouped by a no-break space, a decimal comma, the
 * rouble sign after a no-break space). The catalogue decides, so a language
 * without one keeps the English forms with the English texts. */
static int tool_russian(void)
{
    /* TRANSLATORS: not a text. "tool:style=ru" makes the commands write
     * dates and money the Russian way (25.12.2025, 1 234,50 ₽). */
    return strcmp(_("tool:style=en"), "tool:style=ru") == 0;
}

/* Room for a date or an amount written by tool_date() or tool_money(). */
#define TOOL_DATE_MAX CLM_FORMAT_MAX
#define TOOL_MONEY_MAX CLM_FORMAT_MAX

/* Writes day `d` in the user's language ("2025-12-25", "25.12.2025");
 * "?" for a day outside the valid range. */
static const char *tool_date(char *buf, size_t size, clm_date d)
{
    if (clm_format_date_lang(buf, size, d, tool_russian() ? CLM_LANG_RU : CLM_LANG_EN) < 0)
        snprintf(buf, size, "?");
    return buf;
}

/* Writes `m` in the user's language: the library's own form in English
 * ("1234.50 RUB"), in Russian "1 234,50 ₽" (roubles) or "1 234,50 USD",
 * with no-break spaces; "?" if it cannot be written. */
static const char *tool_money(char *buf, size_t size, const clm_money *m)
{
    if (!tool_russian()) {
        if (clm_money_format(buf, size, m) < 0)
            snprintf(buf, size, "?");
        return buf;
    }
    /* the library's Russian form (clm/format.h) */
    if (clm_format_money_lang(buf, size, m, CLM_LANG_RU) < 0)
        snprintf(buf, size, "?");
    return buf;
}

/* If the only argument is --version: prints "NAME (libclm) VERSION" and
 * returns 1; when the shared library loaded is not the one the program was
 * compiled against, says both. Otherwise returns 0 and prints nothing. */
static int tool_version(int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "--version") != 0)
        return 0;
    const char *running = clm_version(NULL, NULL, NULL);
    printf("%s (libclm) %s\n", tool_name(argv), running);
    if (strcmp(running, CLM_VERSION_STRING) != 0)
        printf(_("compiled against libclm %s\n"), CLM_VERSION_STRING);
    return 1;
}

/* ---- --expect FILE ----------------------------------------------------------
 * tool_expect_take() removes "--expect FILE" from argv (anywhere in it) and
 * returns FILE, NULL when absent, or "" when --expect has no FILE (a usage
 * error). tool_expect_begin() sends stdout to a temporary file;
 * tool_expect_end() puts stdout back, prints what the run printed, and
 * compares it with FILE byte for byte: equal -> 0, different -> `differs`
 * with the first differing line on stderr; a run that failed on bad input
 * (status in bad[0..nbad)) keeps its status. */

static inline const char *tool_expect_take(int *argc, char **argv)
{
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--expect") != 0)
            continue;
        if (i + 1 >= *argc)
            return "";
        const char *file = argv[i + 1];
        for (int k = i; k + 2 <= *argc; k++)
            argv[k] = argv[k + 2];
        *argc -= 2;
        return file;
    }
    return NULL;
}

/* Where the run's stdout went, and the real stdout to put back. */
typedef struct tool_expect {
    FILE *tmp;
    int saved;
} tool_expect;

static inline int tool_expect_begin(tool_expect *e)
{
    fflush(stdout);
    e->tmp = tmpfile();
    e->saved = dup(STDOUT_FILENO);
    if (e->tmp == NULL || e->saved < 0 || dup2(fileno(e->tmp), STDOUT_FILENO) < 0)
        return -1;
    return 0;
}

/* The whole of stream f, NUL-terminated; *n its length. NULL on failure. */
static inline char *tool_slurp(FILE *f, size_t *n)
{
    char *buf = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        if (*n + 4096 + 1 > cap) {
            char *nb = realloc(buf, cap = (*n + 4096 + 1) * 2);
            if (nb == NULL) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + *n, 1, cap - *n - 1, f);
        *n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[*n] = '\0';
    return buf;
}

static inline int tool_expect_end(tool_expect *e, const char *prog, const char *file, int status,
                                  const int *bad, size_t nbad, int differs, int internal)
{
    fflush(stdout);
    dup2(e->saved, STDOUT_FILENO);
    close(e->saved);
    size_t ngot = 0, nwant = 0;
    rewind(e->tmp);
    char *got = tool_slurp(e->tmp, &ngot);
    fclose(e->tmp);
    if (got == NULL) {
        fprintf(stderr, "%s: --expect: cannot read the run's output back\n", prog);
        return internal;
    }
    fwrite(got, 1, ngot, stdout);
    fflush(stdout);
    for (size_t k = 0; k < nbad; k++)
        if (status == bad[k]) {
            free(got);
            return status;
        }
    FILE *f = fopen(file, "rb");
    char *want = f != NULL ? tool_slurp(f, &nwant) : NULL;
    if (f != NULL)
        fclose(f);
    if (want == NULL) {
        fprintf(stderr, "%s: --expect: cannot read %s\n", prog, file);
        free(got);
        return bad[0];
    }
    int rc = 0;
    if (ngot != nwant || memcmp(got, want, ngot) != 0) {
        /* the first line that differs, 1-based, both versions */
        size_t i = 0, line = 1, start = 0;
        while (i < ngot && i < nwant && got[i] == want[i]) {
            if (got[i] == '\n') {
                line++;
                start = i + 1;
            }
            i++;
        }
        size_t eg = strcspn(got + start, "\n"), ew = strcspn(want + start, "\n");
        fprintf(stderr, "%s: output differs from %s at line %zu\n  expected: %.*s%s\n  got:      %.*s%s\n", prog,
                file, line, (int)ew, want + start, start >= nwant ? "(end of file)" : "", (int)eg, got + start,
                start >= ngot ? "(end of output)" : "");
        rc = differs;
    }
    free(want);
    free(got);
    return rc;
}

#endif /* CLM_EXAMPLE_TOOL_H */
