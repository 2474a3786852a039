/*
 * text.c — the checks every stored string passes: length, no control
 * bytes, valid UTF-8 (a store, an XML file or a Python str must be able to
 * hold whatever a client record holds).
 */
#include <string.h>

#include "client_internal.h"

/* Checks bytes: control characters (unless allowed) and UTF-8. */
static int check_bytes(const char *s, size_t n, const char *field, bool multiline)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char ch = u[i];
        if (ch < 0x20 || ch == 0x7f) {
            if (!(multiline && (ch == '\n' || ch == '\t')))
                return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                    "%s: control character at byte %zu", field, i + 1);
            i++;
            continue;
        }
        size_t len = clm_core__utf8_seq(u + i, n - i);
        if (len == 0)
            return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                "%s: not valid UTF-8 at byte %zu", field, i + 1);
        i += len;
    }
    return 0;
}

int clm_client__check_name(const char *s, const char *field)
{
    if (s == NULL || s[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "%s: must not be empty", field);
    size_t n = strlen(s);
    if (n > CLM__ID_MAX)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: %zu bytes, at most %d allowed", field, n, CLM__ID_MAX);
    return check_bytes(s, n, field, false);
}

int clm_client__check_text(const char *s, const char *field, bool multiline)
{
    if (s == NULL)
        return 0;
    size_t n = strlen(s);
    if (n > CLM_CLIENT_TEXT_MAX)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: %zu bytes, at most %d allowed", field, n,
                            CLM_CLIENT_TEXT_MAX);
    return check_bytes(s, n, field, multiline);
}
