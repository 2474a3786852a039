/*
 * lang.c — the calling thread's language and the lookup of the library's
 * texts in the compiled catalogues (clm/lang.h).
 *
 * Why not gettext() at run time: the language is the caller's per thread,
 * while gettext's is the process's (LANGUAGE, the locale), and it needs
 * the catalogues installed under a locale folder and a locale the system
 * has generated. The translations are maintained as gettext .po files all
 * the same (xgettext, msgmerge, the translators' tools), and compiled into
 * the library at build time.
 */
#include <string.h>

#include "clm/lang.h"
#include "core.h"

static _Thread_local clm_lang tls_lang = CLM_LANG_EN;

static const char *const NAMES[CLM_LANG_COUNT] = { "en", "ru" };

static int valid(clm_lang lang)
{
    return (int)lang >= 0 && (int)lang < CLM_LANG_COUNT;
}

int clm_lang_set(clm_lang lang)
{
    if (!valid(lang))
        return clm_core__fail_at(CLM_EINVAL, "lang", "", 0, "clm_lang_set: %d is not a language",
                                 (int)lang);
    tls_lang = lang;
    return CLM_OK;
}

clm_lang clm_lang_get(void)
{
    return tls_lang;
}

const char *clm_lang_name(clm_lang lang)
{
    return valid(lang) ? NAMES[lang] : NULL;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int clm_lang_from_name(clm_lang *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_lang_from_name: %s is NULL", out == NULL ? "out" : "name");
    /* the two-letter code, then the end or a locale's separator */
    for (int i = 0; i < CLM_LANG_COUNT; i++) {
        const char *n = NAMES[i];
        if (lower(name[0]) == n[0] && name[0] != '\0' && lower(name[1]) == n[1] &&
            (name[2] == '\0' || name[2] == '_' || name[2] == '-' || name[2] == '.' || name[2] == '@')) {
            *out = (clm_lang)i;
            return CLM_OK;
        }
    }
    return clm_core__fail_at(CLM_ENOTFOUND, "lang", "", 0,
                             "language '%.32s' is not one libclm writes (en, ru)", name);
}

static int cmp_msg(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const clm_core__msg *)elem)->id);
}

const char *clm_lang_text(clm_lang lang, const char *msgid)
{
    if (msgid == NULL || !valid(lang))
        return msgid;
    const clm_core__catalogue *c = &clm_core__catalogues[lang];
    if (c->n == 0)
        return msgid;
    size_t i = clm_core__lower_bound(msgid, c->msgs, c->n, sizeof *c->msgs, cmp_msg);
    if (i < c->n && strcmp(c->msgs[i].id, msgid) == 0)
        return c->msgs[i].str;
    return msgid;
}

const char *clm_core__tr(const char *msgid)
{
    clm_lang lang = tls_lang;
    return lang == CLM_LANG_EN ? msgid : clm_lang_text(lang, msgid);
}
