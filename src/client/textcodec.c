/*
 * textcodec.c — escaping shared by the client and contact storage formats
 * (client.h, "encoding for storage").
 */
#include <string.h>

#include "client_internal.h"

/* 1 for a byte written as it is: not a control byte (the NUL ends the
 * text), not DEL, not '\\' or '|'. */
#define PLAIN16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    PLAIN16, PLAIN16, PLAIN16,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,   /* 0x50..0x5F: '\\' */
    PLAIN16,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0,   /* 0x70..0x7F: '|', DEL */
    PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16,
};
#undef PLAIN16

void clm_client__esc(clm_core__buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (s == NULL)
        return;
    const char *start = s;
    for (const char *p = s;; p++) {
        unsigned char ch = (unsigned char)*p;
        if (plain[ch])
            continue;
        clm_client__put(b, start, (size_t)(p - start));
        if (ch == '\0')
            return;
        char e[4] = { '\\', 0, 0, 0 };
        size_t n = 2;
        switch (ch) {
        case '\\': e[1] = '\\'; break;
        case '|':  e[1] = '|'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        default:
            e[1] = 'x';
            e[2] = hex[ch >> 4];
            e[3] = hex[ch & 15];
            n = 4;
        }
        clm_client__put(b, e, n);
        start = p + 1;
    }
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    return -1;
}

char *clm_client__unesc(const char *text, size_t n, int *bad)
{
    *bad = 0;
    char *out = clm_core__malloc(n + 1);
    if (out == NULL) {
        clm_core__oom("decoded value");
        return NULL;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch < 0x20 || ch == 0x7f || ch == '|') {
            *bad = 1;
            break;
        }
        if (ch != '\\') {
            out[w++] = (char)ch;
            continue;
        }
        if (i + 1 >= n) {
            *bad = 1;
            break;
        }
        char e = text[++i];
        if (e == '\\' || e == '|') {
            out[w++] = e;
        } else if (e == 'n') {
            out[w++] = '\n';
        } else if (e == 'r') {
            out[w++] = '\r';
        } else if (e == 'x' && i + 2 < n && hexval(text[i + 1]) >= 0 &&
                   hexval(text[i + 2]) >= 0) {
            int v = hexval(text[i + 1]) * 16 + hexval(text[i + 2]);
            if (v == 0 || (v >= 0x20 && v != 0x7f)) {   /* only what esc writes */
                *bad = 1;
                break;
            }
            out[w++] = (char)v;
            i += 2;
        } else {
            *bad = 1;
            break;
        }
    }
    if (*bad) {
        clm_core__free(out);
        return NULL;
    }
    out[w] = '\0';
    return out;
}

size_t clm_client__split(const char *text, size_t n, const char **parts, size_t *lens,
                  size_t max)
{
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i + 1 < n && text[i] == '\\') {
            i++;                       /* skip the escaped byte */
            continue;
        }
        if (i < n && text[i] != '|')
            continue;
        if (count < max) {
            parts[count] = text + start;
            lens[count] = i - start;
        }
        count++;
        start = i + 1;
        if (count > max)
            return count;
    }
    return count;
}
