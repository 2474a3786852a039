/*
 * tool.h — what the examples that libclm also installs as commands
 * (clm-discount-check, clm-category-check, clm-credit-check, clm-claim-desk;
 * commands/meson.build) share: their answer to --version, which names the
 * program as it was called, so the example and the installed command each
 * give their own name; and --expect FILE, which compares what a run prints
 * with a file of expected results, so a user keeps regression cases for
 * their own policies.
 */
#ifndef CLM_EXAMPLE_TOOL_H
#define CLM_EXAMPLE_TOOL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <clm/version.h>

/* If the only argument is --version: prints "NAME (libclm) VERSION" and
 * returns 1; when the shared library loaded is not the one the program was
 * compiled against, says both. Otherwise returns 0 and prints nothing. */
static int tool_version(int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "--version") != 0)
        return 0;
    const char *name = strrchr(argv[0], '/');
    name = name ? name + 1 : argv[0];
    const char *running = clm_version(NULL, NULL, NULL);
    printf("%s (libclm) %s\n", name, running);
    if (strcmp(running, CLM_VERSION_STRING) != 0)
        printf("compiled against libclm %s\n", CLM_VERSION_STRING);
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
