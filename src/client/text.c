/*
 * text.c — the checks every stored string passes: length, no control
 * bytes, valid UTF-8 (a store, an XML file or a Python str must be able to
 * hold whatever a client record holds).
 */
#include <string.h>

#include "client_internal.h"

/* Length of the valid UTF-8 sequence at s[0..n) (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0 if it is not valid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;          /* overlong */
        else if (c == 0xED)
            hi = 0x9F;          /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;          /* overlong */
        else if (c == 0xF4)
            hi = 0x8F;          /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

/* Checks bytes: control characters (unless allowed) and UTF-8. */
static int check_bytes(const char *s, size_t n, const char *field, bool multiline)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char ch = u[i];
        if (ch < 0x20 || ch == 0x7f) {
            if (!(multiline && (ch == '\n' || ch == '\t')))
                return clm__fail_at(CLM_EINVAL, field, "", 0,
                                    "%s: control character at byte %zu", field, i + 1);
            i++;
            continue;
        }
        size_t len = utf8_seq(u + i, n - i);
        if (len == 0)
            return clm__fail_at(CLM_EINVAL, field, "", 0,
                                "%s: not valid UTF-8 at byte %zu", field, i + 1);
        i += len;
    }
    return 0;
}

int clm__check_name(const char *s, const char *field)
{
    if (s == NULL || s[0] == '\0')
        return clm__fail_at(CLM_EINVAL, field, "", 0, "%s: must not be empty", field);
    size_t n = strlen(s);
    if (n > CLM__ID_MAX)
        return clm__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: %zu bytes, at most %d allowed", field, n, CLM__ID_MAX);
    return check_bytes(s, n, field, false);
}

int clm__check_text(const char *s, const char *field, bool multiline)
{
    if (s == NULL)
        return 0;
    size_t n = strlen(s);
    if (n > CLM_CLIENT_TEXT_MAX)
        return clm__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: %zu bytes, at most %d allowed", field, n,
                            CLM_CLIENT_TEXT_MAX);
    return check_bytes(s, n, field, multiline);
}
