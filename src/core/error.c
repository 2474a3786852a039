/* error.c — return codes and the per-thread last error. */
#include <stdio.h>
#include <string.h>

#include "clm/error.h"
#include "core/core.h"

/* Fixed-size thread-local storage: recording an error never allocates, so an
 * out-of-memory failure can always be reported. Longer texts are cut, at
 * the end of a UTF-8 character. The message has room for a Russian text,
 * which takes about twice the bytes of its English original. */
typedef struct last_error {
    clm_error pub;
    char message[1024];
    char field[128];
    char source[256];
} last_error;

static _Thread_local last_error tls_error = {
    { CLM_OK, "", "", "", 0 }, "", "", ""
};

static void copy_str(char *dst, size_t size, const char *src)
{
    if (src == NULL)
        src = "";
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int clm_core__vfail_at(int code, const char *field, const char *source, int line,
                  const char *fmt, va_list ap)
{
    last_error *e = &tls_error;
    /* Format into a temporary first: callers may pass the previous message
     * (clm_error_last()->message) as an argument when they wrap an error. */
    char message[sizeof e->message];
    /* The format is the English text (the catalogue's msgid); its
     * translation has the same conversions (tools/gen_catalogue.py). */
    int w = vsnprintf(message, sizeof message, clm_core__tr(fmt), ap);
    if (w < 0)
        message[0] = '\0';
    else if ((size_t)w >= sizeof message)
        message[clm_core__utf8_cut(message, strlen(message))] = '\0'; /* a whole last character */
    char fieldbuf[sizeof e->field];
    char sourcebuf[sizeof e->source];
    copy_str(fieldbuf, sizeof fieldbuf, field);
    copy_str(sourcebuf, sizeof sourcebuf, source);
    memcpy(e->message, message, sizeof message);
    memcpy(e->field, fieldbuf, sizeof fieldbuf);
    memcpy(e->source, sourcebuf, sizeof sourcebuf);
    e->pub.code = code;
    e->pub.message = e->message;
    e->pub.field = e->field;
    e->pub.source = e->source;
    e->pub.line = line;
    return code;
}

int clm_core__fail_at(int code, const char *field, const char *source, int line,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    clm_core__vfail_at(code, field, source, line, fmt, ap);
    va_end(ap);
    return code;
}

int clm_core__fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    clm_core__vfail_at(code, NULL, NULL, 0, fmt, ap);
    va_end(ap);
    return code;
}

int clm_core__oom(const char *what)
{
    return clm_core__fail(CLM_ENOMEM, "out of memory (%s)", what != NULL ? what : "allocation");
}

const clm_error *clm_error_last(void)
{
    last_error *e = &tls_error;
    if (e->pub.message == NULL || e->pub.message[0] == '\0') {
        e->pub.message = e->message;
        e->pub.field = e->field;
        e->pub.source = e->source;
    }
    return &e->pub;
}

void clm_error_clear(void)
{
    last_error *e = &tls_error;
    e->message[0] = e->field[0] = e->source[0] = '\0';
    e->pub.code = CLM_OK;
    e->pub.line = 0;
    e->pub.message = e->message;
    e->pub.field = e->field;
    e->pub.source = e->source;
}

const char *clm_strerror(int code)
{
    /* In the thread's language (clm/lang.h): clm_core__tr returns the
     * catalogue's static string, or the English text itself. */
    switch (code) {
    case CLM_OK: return clm_core__tr("success");
    case CLM_EINVAL: return clm_core__tr("invalid argument");
    case CLM_ENOMEM: return clm_core__tr("out of memory");
    case CLM_EOVERFLOW: return clm_core__tr("arithmetic overflow");
    case CLM_ECURRENCY: return clm_core__tr("unknown or mixed currency");
    case CLM_EPARSE: return clm_core__tr("parse error");
    case CLM_ESCHEMA: return clm_core__tr("schema validation error");
    case CLM_ERANGE: return clm_core__tr("value out of range");
    case CLM_ENOTFOUND: return clm_core__tr("not found");
    case CLM_EEXISTS: return clm_core__tr("already exists");
    case CLM_ECONFLICT: return clm_core__tr("concurrent modification (stale version)");
    case CLM_ESTATE: return clm_core__tr("transition not allowed in this state");
    case CLM_EPERM: return clm_core__tr("role lacks the authority");
    case CLM_EIO: return clm_core__tr("input/output or storage error");
    case CLM_EVERSION: return clm_core__tr("unsupported version");
    case CLM_ENOTSUP: return clm_core__tr("not supported");
    case CLM_ELIMIT: return clm_core__tr("input exceeds the size limit");
    case CLM_EBUFSIZE: return clm_core__tr("buffer too small");
    case CLM_EBUSY: return clm_core__tr("resource busy");
    default: return clm_core__tr("unknown error");
    }
}
