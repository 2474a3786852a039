/*
 * idcheck.c — Russian identifier checksums, e-mail and phone shapes, and
 * the registry of identifier validators.
 */
#include <stdio.h>
#include <string.h>

#include "client_internal.h"
#include "clm/idcheck.h"

/* ---- Russian identifiers ------------------------------------------------ */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* (weights . digits) mod 11 mod 10: the INN check digit (FTS order
 * ММВ-7-6/435@ of 29.06.2012). */
static int inn_digit(const char *s, const int *w, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i] * (s[i] - '0');
    return sum % 11 % 10;
}

int clm_inn_check(const char *value, int type)
{
    static const int w10[9] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };
    static const int w11[10] = { 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
    static const int w12[11] = { 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
    if (value == NULL)
        return clm_core__fail_at(CLM_EINVAL, "inn", "", 0, "inn: NULL value");
    if (type != 0 && type != CLM_LEGAL_ENTITY && type != CLM_SOLE_TRADER &&
        type != CLM_INDIVIDUAL)
        return clm_core__fail_at(CLM_EINVAL, "inn", "", 0, "inn: unknown legal type %d",
                            type);
    size_t n = strlen(value);
    if (!all_digits(value, n))
        return clm_core__fail_at(CLM_EINVAL, "inn", "", 0,
                            "inn: must be digits only");
    size_t want = type == CLM_LEGAL_ENTITY ? 10 : type == 0 ? n : 12;
    if (n != want || (n != 10 && n != 12))
        return clm_core__fail_at(CLM_EINVAL, "inn", "", 0,
                            "inn: %zu digits, an INN of %s has %zu", n,
                            type == CLM_LEGAL_ENTITY ? "an organisation"
                            : type == 0 ? "anyone" : "an individual",
                            type == 0 ? (size_t)10 : want);
    /* The message names the digit's position (1-based) and the digit the
     * checksum expects there, so a user can see a typo at once. */
    const int *w = n == 10 ? w10 : w11;
    size_t pos = n == 10 ? 10 : 11;
    for (int pass = 0; pass < (n == 10 ? 1 : 2); pass++, w = w12, pos = 12) {
        int expect = inn_digit(value, w, pos - 1);
        if (expect != value[pos - 1] - '0')
            return clm_core__fail_at(CLM_EINVAL, "inn", "", 0,
                                     "inn: check digit at position %zu is %c, the checksum "
                                     "expects %d",
                                     pos, value[pos - 1], expect);
    }
    return 0;
}

/* The register number check: (first n-1 digits) mod m mod 10 == last. */
static int regnum_check(const char *value, size_t len, char lead1, char lead2,
                        int64_t mod, const char *field)
{
    if (value == NULL)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "%s: NULL value", field);
    size_t n = strlen(value);
    if (n != len || !all_digits(value, n))
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: must be exactly %zu digits", field, len);
    if (value[0] != lead1 && value[0] != lead2)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: first digit %c does not mark an %s record",
                            field, value[0], field);
    int64_t num = 0;
    for (size_t i = 0; i + 1 < n; i++)
        num = num * 10 + (value[i] - '0');   /* at most 14 digits: fits */
    if (num % mod % 10 != value[n - 1] - '0')
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: check digit at position %zu is %c, the checksum expects %d",
                            field, n, value[n - 1], (int)(num % mod % 10));
    return 0;
}

int clm_ogrn_check(const char *value)
{
    return regnum_check(value, 13, '1', '5', 11, "ogrn");
}

int clm_ogrnip_check(const char *value)
{
    return regnum_check(value, 15, '3', '3', 13, "ogrnip");
}

int clm_kpp_check(const char *value)
{
    if (value == NULL)
        return clm_core__fail_at(CLM_EINVAL, "kpp", "", 0, "kpp: NULL value");
    size_t n = strlen(value);
    if (n != 9)
        return clm_core__fail_at(CLM_EINVAL, "kpp", "", 0,
                            "kpp: must be 9 characters");
    for (size_t i = 0; i < 9; i++) {
        char ch = value[i];
        int digit = ch >= '0' && ch <= '9';
        int upper = ch >= 'A' && ch <= 'Z';
        if (!(digit || ((i == 4 || i == 5) && upper)))
            return clm_core__fail_at(CLM_EINVAL, "kpp", "", 0,
                                "kpp: character %zu must be a digit%s", i + 1,
                                (i == 4 || i == 5) ? clm_core__tr(" or a capital letter") : "");
    }
    return 0;
}

/* ---- e-mail and phone shapes -------------------------------------------- */

static int is_alnum(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
           (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

int clm_email_check(const char *value)
{
    if (value == NULL)
        return clm_core__fail_at(CLM_EINVAL, "email", "", 0, "email: NULL value");
    const char *at = strchr(value, '@');
    if (at == NULL || strchr(at + 1, '@') != NULL)
        return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                            "email: must contain exactly one '@'");
    size_t local = (size_t)(at - value);
    if (local == 0 || local > 64)
        return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                            "email: the part before '@' must be 1-64 bytes");
    for (size_t i = 0; i < local; i++) {
        unsigned char ch = (unsigned char)value[i];
        if (ch == '.') {
            if (i == 0 || i + 1 == local || value[i + 1] == '.')
                return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                                    "email: misplaced '.' before '@'");
        } else if (!is_alnum(ch) && strchr("!#$%&'*+/=?^_`{|}~-", ch) == NULL) {
            return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                                "email: character 0x%02x not allowed before '@'",
                                ch);
        }
    }
    const char *dom = at + 1;
    size_t dlen = strlen(dom);
    if (dlen == 0 || dlen > 255)
        return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                            "email: the domain must be 1-255 bytes");
    size_t labels = 0, start = 0;
    for (size_t i = 0; i <= dlen; i++) {
        if (i < dlen && dom[i] != '.')
            continue;
        size_t len = i - start;
        if (len == 0 || len > 63)
            return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                                "email: empty or over-long domain label");
        if (dom[start] == '-' || dom[i - 1] == '-')
            return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                                "email: a domain label may not start or end with '-'");
        for (size_t k = start; k < i; k++) {
            unsigned char ch = (unsigned char)dom[k];
            if (!is_alnum(ch) && ch != '-')
                return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                                    "email: character 0x%02x not allowed in the domain",
                                    ch);
        }
        labels++;
        if (i == dlen) {
            /* the top-level label: at least two letters */
            if (len < 2)
                return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                                    "email: top-level domain too short");
            for (size_t k = start; k < i; k++) {
                unsigned char ch = (unsigned char)dom[k];
                if ((ch >= '0' && ch <= '9') || ch == '-')
                    return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                                        "email: top-level domain must be letters");
            }
        }
        start = i + 1;
    }
    if (labels < 2)
        return clm_core__fail_at(CLM_EINVAL, "email", "", 0,
                            "email: the domain needs at least two labels");
    return 0;
}

int clm_phone_check(const char *value)
{
    if (value == NULL)
        return clm_core__fail_at(CLM_EINVAL, "phone", "", 0, "phone: NULL value");
    size_t digits = 0;
    int open = 0, parens = 0, prev_sep = 1; /* start counts as a separator */
    for (size_t i = 0; value[i] != '\0'; i++) {
        char ch = value[i];
        if (ch >= '0' && ch <= '9') {
            digits++;
            prev_sep = 0;
        } else if (ch == '+') {
            if (i != 0)
                return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                                    "phone: '+' only at the start");
        } else if (ch == ' ' || ch == '-' || ch == '.') {
            if (prev_sep && !(ch == ' ' && i > 0 && value[i - 1] == ')'))
                return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                                    "phone: misplaced separator at %zu", i + 1);
            prev_sep = 1;
        } else if (ch == '(') {
            if (parens || open)
                return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                                    "phone: only one pair of parentheses");
            open = 1;
            prev_sep = 1;
        } else if (ch == ')') {
            if (!open || prev_sep)
                return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                                    "phone: unbalanced parentheses");
            open = 0;
            parens = 1;
            prev_sep = 0;
        } else {
            return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                                "phone: character '%c' not allowed", ch);
        }
    }
    if (open)
        return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                            "phone: unbalanced parentheses");
    if (prev_sep && digits > 0)
        return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                            "phone: must end with a digit");
    if (digits < 5 || digits > 15)
        return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                            "phone: %zu digits, expected 5 to 15 (E.164)",
                            digits);
    return 0;
}

/* ---- the registry ------------------------------------------------------- */

typedef struct idc_entry {
    char country[3];
    char kind[17];
    unsigned int required;
    clm_idcheck_fn fn;
    void *payload;
} idc_entry;

struct clm_idcheck_registry {
    idc_entry *items;   /* sorted by (country, kind) */
    size_t n, cap;
};

/* Built-in validators: the checks above, reason taken from the last error;
 * the reasons in the thread's language (clm/lang.h). */
static int wrap(int rc, char *reason, size_t size)
{
    if (rc == CLM_EINVAL) {
        snprintf(reason, size, "%s", clm_error_last()->message);
        return 1;
    }
    return rc;
}

static int v_inn(const char *v, clm_legal_type t, char *r, size_t n, void *p)
{
    (void)p;
    return wrap(clm_inn_check(v, (int)t), r, n);
}

static int v_kpp(const char *v, clm_legal_type t, char *r, size_t n, void *p)
{
    (void)p;
    if (t != CLM_LEGAL_ENTITY) {
        snprintf(r, n, "%s", clm_core__tr("kpp: only organisations have a KPP"));
        return 1;
    }
    return wrap(clm_kpp_check(v), r, n);
}

static int v_ogrn(const char *v, clm_legal_type t, char *r, size_t n, void *p)
{
    (void)p;
    if (t != CLM_LEGAL_ENTITY) {
        snprintf(r, n, "%s", clm_core__tr("ogrn: only organisations have an OGRN (sole traders: OGRNIP)"));
        return 1;
    }
    return wrap(clm_ogrn_check(v), r, n);
}

static int v_ogrnip(const char *v, clm_legal_type t, char *r, size_t n, void *p)
{
    (void)p;
    if (t != CLM_SOLE_TRADER) {
        snprintf(r, n, "%s", clm_core__tr("ogrnip: only sole traders have an OGRNIP"));
        return 1;
    }
    return wrap(clm_ogrnip_check(v), r, n);
}

/* Sorted by (country, kind). */
static idc_entry builtin_items[] = {
    { "RU", "INN", CLM_LEGAL_BIT(CLM_LEGAL_ENTITY) | CLM_LEGAL_BIT(CLM_SOLE_TRADER),
      v_inn, NULL },
    { "RU", "KPP", 0, v_kpp, NULL },
    { "RU", "OGRN", CLM_LEGAL_BIT(CLM_LEGAL_ENTITY), v_ogrn, NULL },
    { "RU", "OGRNIP", CLM_LEGAL_BIT(CLM_SOLE_TRADER), v_ogrnip, NULL },
};

static const clm_idcheck_registry builtin = {
    builtin_items, sizeof(builtin_items) / sizeof(builtin_items[0]), 0,
};

const clm_idcheck_registry *clm_idcheck_registry_builtin(void)
{
    return &builtin;
}

int clm_idcheck_registry_new(clm_idcheck_registry **out, int with_builtin)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "idcheck_registry_new: NULL out");
    clm_idcheck_registry *r = clm_core__calloc(1, sizeof(*r));
    if (r == NULL)
        return clm_core__oom("idcheck registry");
    if (with_builtin) {
        if (clm_core__grow((void **)&r->items, &r->cap, builtin.n, sizeof(idc_entry), "idcheck registry") < 0) {
            clm_core__free(r);
            return CLM_ENOMEM;
        }
        memcpy(r->items, builtin.items, builtin.n * sizeof(idc_entry));
        r->n = builtin.n;
    }
    *out = r;
    return 0;
}

void clm_idcheck_registry_free(clm_idcheck_registry *reg)
{
    if (reg == NULL || reg == &builtin)
        return;
    clm_core__free(reg->items);
    clm_core__free(reg);
}

int clm_client__country_check(const char *s, const char *field)
{
    if (s == NULL || strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' ||
        s[1] > 'Z')
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: a country is two capital letters (ISO 3166-1 alpha-2)",
                            field);
    return 0;
}

int clm_client__idkind_check(const char *s, const char *field)
{
    size_t n = s != NULL ? strlen(s) : 0;
    int ok = n >= 1 && n <= 16;
    for (size_t i = 0; ok && i < n; i++)
        ok = (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
             s[i] == '_';
    if (!ok)
        return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                            "%s: an identifier kind is 1-16 of A-Z, 0-9, _", field);
    return 0;
}

/* The registry is sorted by (country, kind). */
typedef struct idc_key {
    const char *country, *kind;
} idc_key;

static int cmp_key(const void *key, const void *elem)
{
    const idc_key *k = key;
    const idc_entry *e = elem;
    int c = strcmp(k->country, e->country);
    return c != 0 ? c : strcmp(k->kind, e->kind);
}

/* Index of the entry, or where it would go (*found = 0). */
static size_t find(const clm_idcheck_registry *reg, const char *country,
                   const char *kind, int *found)
{
    idc_key key = { country, kind };
    size_t i = clm_core__lower_bound(&key, reg->items, reg->n, sizeof reg->items[0], cmp_key);
    *found = i < reg->n && cmp_key(&key, &reg->items[i]) == 0;
    return i;
}

int clm_idcheck_register(clm_idcheck_registry *reg, const char *country,
                         const char *kind, unsigned int required,
                         clm_idcheck_fn fn, void *payload)
{
    if (reg == NULL || reg == &builtin || fn == NULL)
        return clm_core__fail(CLM_EINVAL, "idcheck_register: NULL registry or function");
    int rc = clm_client__country_check(country, "country");
    if (rc < 0)
        return rc;
    if ((rc = clm_client__idkind_check(kind, "kind")) < 0)
        return rc;
    if (required & ~(CLM_LEGAL_BIT(CLM_LEGAL_ENTITY) | CLM_LEGAL_BIT(CLM_SOLE_TRADER) |
                     CLM_LEGAL_BIT(CLM_INDIVIDUAL)))
        return clm_core__fail_at(CLM_EINVAL, "required", "", 0,
                            "idcheck_register: required has bits beyond the legal types");
    int found;
    size_t at = find(reg, country, kind, &found);
    if (!found) {
        if (clm_core__grow((void **)&reg->items, &reg->cap, reg->n + 1, sizeof(idc_entry), "idcheck registry") < 0)
            return CLM_ENOMEM;
        memmove(&reg->items[at + 1], &reg->items[at], (reg->n - at) * sizeof(idc_entry));
        reg->n++;
        memset(&reg->items[at], 0, sizeof(idc_entry));
        memcpy(reg->items[at].country, country, 3);
        memcpy(reg->items[at].kind, kind, strlen(kind) + 1);
    }
    reg->items[at].required = required;
    reg->items[at].fn = fn;
    reg->items[at].payload = payload;
    return 0;
}

int clm_idcheck(const clm_idcheck_registry *reg, const char *country,
                const char *kind, clm_legal_type legal_type, const char *value,
                int *known)
{
    if (reg == NULL)
        reg = &builtin;
    if (value == NULL)
        return clm_core__fail(CLM_EINVAL, "idcheck: NULL value");
    if (clm_legal_type_name(legal_type) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "legal_type", "", 0,
                            "idcheck: unknown legal type %d", (int)legal_type);
    int rc = clm_client__country_check(country, "country");
    if (rc < 0)
        return rc;
    if ((rc = clm_client__idkind_check(kind, "kind")) < 0)
        return rc;
    int found;
    size_t at = find(reg, country, kind, &found);
    if (known != NULL)
        *known = found;
    if (!found)
        return 0;
    const idc_entry *e = &reg->items[at];
    char reason[256];
    reason[0] = '\0';
    rc = e->fn(value, legal_type, reason, sizeof(reason), e->payload);
    if (rc < 0)
        return rc;
    if (rc > 0) {
        char field[32];
        snprintf(field, sizeof(field), "id.%s.%s", country, kind);
        return clm_core__fail_at(CLM_EINVAL, field, "", 0, "%s: %s", field,
                            reason[0] != '\0' ? reason : clm_core__tr("invalid value"));
    }
    return 0;
}

size_t clm_idcheck_count(const clm_idcheck_registry *reg)
{
    return reg != NULL ? reg->n : 0;
}

int clm_idcheck_at(const char **country, const char **kind, unsigned int *required,
                   const clm_idcheck_registry *reg, size_t i)
{
    if (reg == NULL)
        return clm_core__fail(CLM_EINVAL, "idcheck_at: NULL registry");
    if (i >= reg->n)
        return clm_core__fail(CLM_ERANGE, "idcheck_at: index %zu, registry has %zu", i,
                         reg->n);
    if (country != NULL)
        *country = reg->items[i].country;
    if (kind != NULL)
        *kind = reg->items[i].kind;
    if (required != NULL)
        *required = reg->items[i].required;
    return 0;
}

/* Required kinds for (country, legal type), for clm_client_validate. */
size_t clm_client__idcheck_required(const clm_idcheck_registry *reg, const char *country,
                             clm_legal_type t, size_t i, const char **kind)
{
    /* Returns the index of the next required entry at or after i for the
     * country, or reg->n when there is none. */
    if (reg == NULL)
        reg = &builtin;
    for (; i < reg->n; i++) {
        const idc_entry *e = &reg->items[i];
        if (strcmp(e->country, country) == 0 && (e->required & CLM_LEGAL_BIT(t))) {
            *kind = e->kind;
            return i;
        }
    }
    return reg->n;
}
