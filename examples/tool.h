/*
 * tool.h — the one thing the examples that libclm also installs as commands
 * (clm-discount-check, clm-category-check, clm-credit-check, clm-claim-desk;
 * commands/meson.build) share: their answer to --version. It names the
 * program as it was called, so the example and the installed command each
 * give their own name.
 */
#ifndef CLM_EXAMPLE_TOOL_H
#define CLM_EXAMPLE_TOOL_H

#include <stdio.h>
#include <string.h>

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

#endif /* CLM_EXAMPLE_TOOL_H */
