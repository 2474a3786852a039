/*
 * names.c — the stable names of the client enumerations (history values,
 * storage format, bindings). Never rename one: stored data depend on them.
 */
#include <string.h>

#include "client_internal.h"

static const char *const legal_names[] = {
    NULL, "legal_entity", "sole_trader", "individual",
};

static const char *const source_names[CLM_CLIENT__SOURCE_COUNT] = {
    "", "advertising", "exhibition", "fair", "presentation", "email", "fax",
    "cold_call", "inbound_call", "referral", "website", "other",
};

static const char *const state_names[] = {
    NULL, "potential", "interested", "new", "active", "regular", "key",
    "inactive", "lost",
};

static const char *const text_names[CLM_CLIENT__TEXT_COUNT] = {
    "name", "legal_name", "region", "country", "language", "email", "phone",
    "address", "needs", "notes",
};

static const char *const date_names[CLM_CLIENT__DATE_COUNT] = {
    "first_contact", "first_deal", "last_purchase",
};

static const char *const flag_names[CLM_CLIENT__FLAG_COUNT] = {
    "debtor", "foreign", "privileged",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int v)
{
    if (v < 0 || (size_t)v >= n)
        return NULL;
    return names[v];
}

static int from_name(int *out, const char *const *names, size_t n, int first,
                     const char *name, const char *what)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "%s: NULL argument", what);
    for (size_t i = (size_t)first; i < n; i++) {
        if (clm_core__streq(names[i], name)) {
            *out = (int)i;
            return 0;
        }
    }
    return clm_core__fail_at(CLM_ENOTFOUND, what, "", 0, "%s: no such value \"%s\"",
                        what, name);
}

const char *clm_legal_type_name(clm_legal_type t)
{
    return name_of(legal_names, COUNT(legal_names), (int)t);
}

int clm_legal_type_from_name(clm_legal_type *out, const char *name)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "legal_type: NULL out");
    int v = 0;
    int rc = from_name(&v, legal_names, COUNT(legal_names), 1, name, "legal_type");
    if (rc == 0)
        *out = (clm_legal_type)v;
    return rc;
}

size_t clm_source_channel_count(void)
{
    return COUNT(source_names);
}

const char *clm_source_channel_name(clm_source_channel ch)
{
    return name_of(source_names, COUNT(source_names), (int)ch);
}

int clm_source_channel_from_name(clm_source_channel *out, const char *name)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "source: NULL out");
    int v = 0;
    int rc = from_name(&v, source_names, COUNT(source_names), 0, name, "source");
    if (rc == 0)
        *out = (clm_source_channel)v;
    return rc;
}

const char *clm_client_state_name(clm_client_state s)
{
    return name_of(state_names, COUNT(state_names), (int)s);
}

int clm_client_state_from_name(clm_client_state *out, const char *name)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "state: NULL out");
    int v = 0;
    int rc = from_name(&v, state_names, COUNT(state_names), 1, name, "state");
    if (rc == 0)
        *out = (clm_client_state)v;
    return rc;
}

const char *clm_client_text_name(clm_client_text f)
{
    return name_of(text_names, COUNT(text_names), (int)f);
}

const char *clm_client_date_name(clm_client_date_field f)
{
    return name_of(date_names, COUNT(date_names), (int)f);
}

const char *clm_client_flag_name(clm_client_flag f)
{
    return name_of(flag_names, COUNT(flag_names), (int)f);
}
