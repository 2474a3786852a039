/* version.c — the run-time version. */
#include "clm/version.h"

const char *clm_version(int *major, int *minor, int *patch)
{
    if (major != NULL)
        *major = CLM_VERSION_MAJOR;
    if (minor != NULL)
        *minor = CLM_VERSION_MINOR;
    if (patch != NULL)
        *patch = CLM_VERSION_PATCH;
    return CLM_VERSION_STRING;
}
