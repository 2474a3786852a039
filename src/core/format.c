/*
 * format.c — money, rates and dates for display (clm/format.h).
 *
 * Every function builds its text in a local buffer and copies it out only
 * when it fits, so a failure leaves the caller's buffer untouched.
 */
#include "core.h"
#include "currency.h"

#include <stdio.h>
#include <string.h>

#include "clm/format.h"

int clm_format_options_init(clm_format_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_format_options_init: NULL options");
    *o = (clm_format_options)CLM_FORMAT_OPTIONS_INIT;
    return CLM_OK;
}

/* The resolved options: every string set. */
typedef struct fmt_opts {
    const char *group;
    const char *decimal;
    const char *percent;
    clm_date_style date_style;
    const char *before_code; /* between the number and the currency */
    int sign;                /* the currency's sign in place of its code (RUB: U+20BD) */
} fmt_opts;

#define NBSP "\xc2\xa0"

/* A language's own forms (clm/format.h). English is CLM_FORMAT_OPTIONS_INIT. */
static void lang_opts(fmt_opts *out, clm_lang lang)
{
    if (lang == CLM_LANG_RU)
        *out = (fmt_opts){.group = NBSP, .decimal = ",", .percent = NBSP "%",
                          .date_style = CLM_DATE_STYLE_DMY, .before_code = NBSP, .sign = 1};
    else
        *out = (fmt_opts){.group = " ", .decimal = ".", .percent = "%",
                          .date_style = CLM_DATE_STYLE_ISO, .before_code = " ", .sign = 0};
}

static int check_lang(clm_lang lang, const char *fn)
{
    if (clm_lang_name(lang) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "lang", "", 0, "%s: %d is not a language", fn, (int)lang);
    return CLM_OK;
}

static int check_sep(const char *s, const char *field, const char *fn, int may_be_empty)
{
    if (s == NULL)
        return CLM_OK;
    size_t n = strlen(s);
    if (n == 0 && !may_be_empty)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "%s: options.%s is empty", fn, field);
    if (n > CLM_FORMAT_SEP_MAX)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                 "%s: options.%s is %zu bytes long; at most %d are allowed", fn, field, n,
                                 CLM_FORMAT_SEP_MAX);
    return clm_core__check_text(s, CLM_CORE__TEXT_LINE, field);
}

static int resolve(fmt_opts *out, const clm_format_options *o, const char *fn)
{
    lang_opts(out, o == NULL ? clm_lang_get() : CLM_LANG_EN);
    if (o == NULL)
        return CLM_OK;
    int rc = clm_core__check_version(o->version, CLM_FORMAT_OPTIONS_VERSION, "clm_format_options");
    if (rc < 0)
        return rc;
    if ((rc = check_sep(o->group, "group", fn, 1)) < 0 || (rc = check_sep(o->decimal, "decimal", fn, 0)) < 0 ||
        (rc = check_sep(o->percent, "percent", fn, 1)) < 0)
        return rc;
    if (o->date_style != CLM_DATE_STYLE_ISO && o->date_style != CLM_DATE_STYLE_DMY &&
        o->date_style != CLM_DATE_STYLE_MDY)
        return clm_core__fail_at(CLM_EINVAL, "date_style", "", 0, "%s: unknown date style %d", fn,
                                 (int)o->date_style);
    out->group = o->group != NULL ? o->group : "";
    if (o->decimal != NULL)
        out->decimal = o->decimal;
    if (o->percent != NULL)
        out->percent = o->percent;
    out->date_style = o->date_style;
    return CLM_OK;
}

/* A bounded writer into a local buffer; big enough for any value (the
 * longest is 20 digits with 6 group separators, a sign, a decimal mark, 4
 * decimals and a code or a percent sign: far below CLM_FORMAT_MAX). */
typedef struct sink {
    char s[CLM_FORMAT_MAX];
    size_t n;
} sink;

static void put(sink *k, const char *s, size_t len)
{
    /* cannot overflow by the bound above; guard anyway */
    if (k->n + len >= sizeof k->s)
        len = sizeof k->s - 1 - k->n;
    memcpy(k->s + k->n, s, len);
    k->n += len;
    k->s[k->n] = '\0';
}

static void put_str(sink *k, const char *s)
{
    put(k, s, strlen(s));
}

/* The integer part `mag`, grouped by threes with `group` between groups. */
static void put_grouped(sink *k, uint64_t mag, const char *group)
{
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)mag);
    for (int i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            put_str(k, group);
        put(k, digits + i, 1);
    }
}

/* `nd` decimal digits of `v` (v < 10^nd), with leading zeros. */
static void put_frac(sink *k, uint64_t v, unsigned nd)
{
    char d[20];
    for (unsigned i = nd; i > 0; i--) {
        d[i - 1] = (char)('0' + v % 10);
        v /= 10;
    }
    put(k, d, nd);
}

static int emit(char *buf, size_t size, const sink *k, const char *fn)
{
    if (k->n + 1 > size)
        return clm_core__fail(CLM_EBUFSIZE, "%s: buffer of %zu bytes is too small (needs %zu)", fn, size,
                              k->n + 1);
    memcpy(buf, k->s, k->n + 1);
    return (int)k->n;
}

static int money(char *buf, size_t size, const clm_money *m, const fmt_opts *op, const char *fn)
{
    fmt_opts o = *op;
    char code[4];
    memcpy(code, m->currency, 3);
    code[3] = '\0';
    const clm_currency *c = memchr(m->currency, '\0', sizeof m->currency) != NULL
                                ? clm_core__currency_get(m->currency)
                                : NULL;
    if (c == NULL)
        return clm_core__fail_at(CLM_ECURRENCY, "currency", "", 0, "%s: unknown currency \"%.3s\"", fn,
                                 code);
    uint64_t mag = m->amount < 0 ? (uint64_t)0 - (uint64_t)m->amount : (uint64_t)m->amount;
    uint64_t div = 1;
    for (int i = 0; i < c->exponent; i++)
        div *= 10;
    sink k = {.n = 0};
    k.s[0] = '\0';
    if (m->amount < 0)
        put_str(&k, "-");
    put_grouped(&k, mag / div, o.group);
    if (c->exponent > 0) {
        put_str(&k, o.decimal);
        put_frac(&k, mag % div, c->exponent);
    }
    put_str(&k, o.before_code);
    put_str(&k, o.sign && strcmp(c->code, "RUB") == 0 ? "\xe2\x82\xbd" : c->code);
    return emit(buf, size, &k, fn);
}

int clm_format_money(char *buf, size_t size, const clm_money *m, const clm_format_options *opts)
{
    static const char fn[] = "clm_format_money";
    if (buf == NULL || m == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL argument", fn);
    fmt_opts o;
    int rc = resolve(&o, opts, fn);
    if (rc < 0)
        return rc;
    return money(buf, size, m, &o, fn);
}

int clm_format_money_lang(char *buf, size_t size, const clm_money *m, clm_lang lang)
{
    static const char fn[] = "clm_format_money_lang";
    if (buf == NULL || m == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL argument", fn);
    int rc = check_lang(lang, fn);
    if (rc < 0)
        return rc;
    fmt_opts o;
    lang_opts(&o, lang);
    return money(buf, size, m, &o, fn);
}

static int rate_fmt(char *buf, size_t size, clm_rate rate, unsigned decimals, clm_rounding mode,
                    const clm_format_options *opts, const clm_lang *lang, const char *fn)
{
    if (buf == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL buffer", fn);
    if (decimals > 4)
        return clm_core__fail_at(CLM_EINVAL, "decimals", "", 0,
                                 "%s: %u decimals asked; a rate has at most 4 decimals of a percent", fn,
                                 decimals);
    if (clm_rounding_name(mode) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "mode", "", 0, "%s: unknown rounding mode %d", fn, (int)mode);
    fmt_opts o;
    int rc;
    if (lang != NULL) {
        if ((rc = check_lang(*lang, fn)) < 0)
            return rc;
        lang_opts(&o, *lang);
    } else if ((rc = resolve(&o, opts, fn)) < 0) {
        return rc;
    }
    /* ppm -> units of 10^-decimals percent: 1 % = 10^4 ppm, so one unit is
     * 10^(4 - decimals) ppm. */
    int64_t unit = 1;
    for (unsigned i = decimals; i < 4; i++)
        unit *= 10;
    int64_t q;
    rc = clm_div_round(&q, rate, unit, mode);
    if (rc < 0)
        return rc; /* cannot happen: unit > 0 and |rate / unit| <= |rate| */
    uint64_t mag = q < 0 ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
    uint64_t div = 1;
    for (unsigned i = 0; i < decimals; i++)
        div *= 10;
    sink k = {.n = 0};
    k.s[0] = '\0';
    if (q < 0)
        put_str(&k, "-");
    put_grouped(&k, mag / div, o.group);
    if (decimals > 0) {
        put_str(&k, o.decimal);
        put_frac(&k, mag % div, decimals);
    }
    put_str(&k, o.percent);
    return emit(buf, size, &k, fn);
}

int clm_format_rate(char *buf, size_t size, clm_rate rate, unsigned decimals, clm_rounding mode,
                    const clm_format_options *opts)
{
    return rate_fmt(buf, size, rate, decimals, mode, opts, NULL, "clm_format_rate");
}

int clm_format_rate_lang(char *buf, size_t size, clm_rate rate, unsigned decimals, clm_rounding mode,
                         clm_lang lang)
{
    return rate_fmt(buf, size, rate, decimals, mode, NULL, &lang, "clm_format_rate_lang");
}

static int date_fmt(char *buf, size_t size, clm_date d, const fmt_opts *op, const char *fn)
{
    fmt_opts o = *op;
    int y, mo, da;
    if (clm_date_to_ymd(d, &y, &mo, &da) < 0)
        return clm_core__fail_at(CLM_ERANGE, "date", "", 0, "%s: %ld is not a valid date (outside 0001-01-01..9999-12-31)",
                                 fn, (long)d);
    sink k = {.n = 0};
    switch (o.date_style) {
    case CLM_DATE_STYLE_DMY:
        k.n = (size_t)snprintf(k.s, sizeof k.s, "%02d.%02d.%04d", da, mo, y);
        break;
    case CLM_DATE_STYLE_MDY:
        k.n = (size_t)snprintf(k.s, sizeof k.s, "%02d/%02d/%04d", mo, da, y);
        break;
    default:
        k.n = (size_t)snprintf(k.s, sizeof k.s, "%04d-%02d-%02d", y, mo, da);
        break;
    }
    return emit(buf, size, &k, fn);
}

int clm_format_date(char *buf, size_t size, clm_date d, const clm_format_options *opts)
{
    static const char fn[] = "clm_format_date";
    if (buf == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL buffer", fn);
    fmt_opts o;
    int rc = resolve(&o, opts, fn);
    if (rc < 0)
        return rc;
    return date_fmt(buf, size, d, &o, fn);
}

int clm_format_date_lang(char *buf, size_t size, clm_date d, clm_lang lang)
{
    static const char fn[] = "clm_format_date_lang";
    if (buf == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL buffer", fn);
    int rc = check_lang(lang, fn);
    if (rc < 0)
        return rc;
    fmt_opts o;
    lang_opts(&o, lang);
    return date_fmt(buf, size, d, &o, fn);
}

/* ---- values inside the library's texts (core.h) ------------------------- */

const char *clm_core__money_text(char *buf, size_t size, int64_t amount, const char *currency)
{
    /* Only values that cannot fail reach the formatters (a known currency,
     * a valid day, a local buffer that holds any value), so the last error
     * is never touched; the text is cut to the caller's buffer. */
    clm_money m = {.amount = amount};
    size_t n = currency != NULL ? strlen(currency) : 0;
    char text[CLM_FORMAT_MAX];
    int rc = -1;
    if (n > 0 && n < sizeof m.currency && clm_core__currency_get(currency) != NULL) {
        memcpy(m.currency, currency, n + 1);
        if (clm_lang_get() == CLM_LANG_EN) {
            rc = clm_money_format(text, sizeof text, &m);
        } else {
            fmt_opts o;
            lang_opts(&o, clm_lang_get());
            rc = money(text, sizeof text, &m, &o, "money");
        }
    }
    if (size > 0)
        snprintf(buf, size, "%s", rc < 0 ? "?" : text);
    return buf;
}

const char *clm_core__date_text(char *buf, size_t size, int32_t date)
{
    char text[CLM_FORMAT_MAX];
    int rc = -1;
    if (date >= CLM_DATE_MIN && date <= CLM_DATE_MAX) {
        if (clm_lang_get() == CLM_LANG_EN) {
            rc = clm_date_format(text, sizeof text, date);
        } else {
            fmt_opts o;
            lang_opts(&o, clm_lang_get());
            rc = date_fmt(text, sizeof text, date, &o, "date");
        }
    }
    if (size > 0)
        snprintf(buf, size, "%s", rc < 0 ? "?" : text);
    return buf;
}
