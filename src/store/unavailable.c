/*
 * unavailable.c — the entry points of backends this build left out (meson
 * options 'sqlite' and 'postgresql'): they exist in every build, so a
 * program links against any libclm and learns at run time, with
 * CLM_ENOTSUP, that the backend is missing.
 */
#include "core/core.h"
#include "store_internal.h"

#ifndef CLM_HAVE_SQLITE
int clm_store_backend_sqlite_new(clm_store_backend **out, const char *path,
                                 const clm_store_sqlite_options *opts)
{
    (void)out;
    (void)path;
    (void)opts;
    return clm_core__fail(CLM_ENOTSUP,
                     "store: this libclm was built without SQLite (meson option 'sqlite')");
}
#endif

#ifndef CLM_HAVE_POSTGRES
int clm_store_backend_postgres_new(clm_store_backend **out, const char *conninfo)
{
    (void)out;
    (void)conninfo;
    return clm_core__fail(CLM_ENOTSUP,
                     "store: this libclm was built without PostgreSQL (meson option 'postgresql')");
}
#endif

/* ISO C forbids an empty translation unit. */
typedef int clm_store__unavailable_unit;
