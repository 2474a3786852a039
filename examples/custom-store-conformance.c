/*
 * custom-store-conformance — runs libclm's storage conformance suite on the
 * directory backend of custom-store.c: what you would do with your own.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <clm/clm.h>

#include "store_conformance.h"

int dir_store_open(clm_store **out, const char *dir);

static char dir[64];

static int rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb, (void)type, (void)ftw;
    return remove(path);
}

static void cleanup(void *payload)
{
    (void)payload;
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int open_fresh(clm_store **out, void *payload)
{
    cleanup(payload);
    return dir_store_open(out, dir);
}

static int reopen(clm_store **out, void *payload)
{
    (void)payload;
    return dir_store_open(out, dir);
}

int main(void)
{
    char tmpl[] = "/tmp/clm-custom-store-XXXXXX";
    if (mkdtemp(tmpl) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s", tmpl);
    store_conformance c = { "store conformance: custom (one file per record)", open_fresh, reopen,
                            cleanup, NULL, true };
    int failed = store_conformance_run(&c);
    cleanup(NULL);
    return failed;
}
