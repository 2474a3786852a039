/* text.c — the one definition of valid text (clm/common.h, "Text"). */
#include <assert.h>
#include <string.h>

#include "core/core.h"

static const char *const KIND_NAME[] = {"an id", "a name", "a single line", "a note"};

int clm_core__check_textn(const char *s, size_t n, clm_core__text_kind kind, const char *field)
{
    assert(kind >= CLM_CORE__TEXT_ID && kind <= CLM_CORE__TEXT_NOTE);
    if (field == NULL)
        field = "text";
    size_t max = kind == CLM_CORE__TEXT_ID ? (size_t)CLM_ID_MAX : (size_t)CLM_TEXT_MAX;
    if (s == NULL || n == 0) {
        if (kind == CLM_CORE__TEXT_ID || kind == CLM_CORE__TEXT_NAME)
            return clm_core__fail_at(CLM_EINVAL, field, "", 0, "%s: must not be empty", field);
        return 0;
    }
    if (n > max)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                 "%s: %zu bytes, at most %zu allowed for %s", field, n, max,
                                 KIND_NAME[kind]);
    const unsigned char *u = (const unsigned char *)s;
    if (kind == CLM_CORE__TEXT_ID && (u[0] == ' ' || u[n - 1] == ' '))
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                 "%s: an id must not begin or end with a space", field);
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c < 0x20 || c == 0x7F) {
            if (kind == CLM_CORE__TEXT_NOTE && (c == '\t' || c == '\n')) {
                i++;
                continue;
            }
            return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                     "%s: control character 0x%02X at byte %zu (not allowed in %s)",
                                     field, c, i + 1, KIND_NAME[kind]);
        }
        size_t len = clm_core__utf8_seq(u + i, n - i);
        if (len == 0)
            return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                     "%s: not valid UTF-8 at byte %zu", field, i + 1);
        i += len;
    }
    return 0;
}

int clm_core__check_text(const char *s, clm_core__text_kind kind, const char *field)
{
    return clm_core__check_textn(s, s == NULL ? 0 : strlen(s), kind, field);
}

int clm_core__check_version(unsigned version, unsigned current, const char *what)
{
    assert(current >= 1); /* a versioned struct starts at version 1 */
    if (version >= 1 && version <= current)
        return 0;
    return clm_core__fail_at(CLM_EVERSION, "version", "", 0,
                             "%s: struct version %u is not supported (this libclm knows 1 to %u)",
                             what != NULL ? what : "version", version, current);
}
