/*
 * validate.c — completeness and consistency of a client record
 * (clm_client_validate; the order of the checks is the header's).
 */
#include <stdio.h>
#include <string.h>

#include "client_internal.h"

int clm_client_validate_options_init(clm_client_validate_options *o)
{
    if (o == NULL)
        return clm_core__fail(CLM_EINVAL, "client_validate_options_init: NULL");
    clm_client_validate_options init = CLM_CLIENT_VALIDATE_OPTIONS_INIT;
    *o = init;
    return 0;
}

int clm_client_validate(const clm_client *c, const clm_client_validate_options *opts)
{
    clm_client_validate_options def = CLM_CLIENT_VALIDATE_OPTIONS_INIT;
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "client_validate: NULL client");
    if (opts == NULL)
        opts = &def;
    if (clm_core__check_version(opts->version, CLM_CLIENT_VALIDATE_OPTIONS_VERSION, "client validate options") < 0)
        return CLM_EVERSION;
    if (opts->home_country != NULL &&
        clm_client__country_check(opts->home_country, "home_country") < 0)
        return CLM_EINVAL;
    const char *id = c->id;
    int rc;

    /* 1-2: names */
    if (clm_client__empty(c->text[CLM_CLIENT_NAME]))
        return clm_core__fail_at(CLM_EINVAL, "name", "", 0, "client %s: name is required", id);
    if (c->legal == CLM_LEGAL_ENTITY && clm_client__empty(c->text[CLM_CLIENT_LEGAL_NAME]))
        return clm_core__fail_at(CLM_EINVAL, "legal_name", "", 0,
                            "client %s: a legal entity needs its legal name", id);

    /* 3: required identifiers of the client's country */
    const char *country = !clm_client__empty(c->text[CLM_CLIENT_COUNTRY])
                              ? c->text[CLM_CLIENT_COUNTRY] : opts->home_country;
    if (country != NULL) {
        size_t n = clm_idcheck_count(opts->registry != NULL ? opts->registry
                                                            : clm_idcheck_registry_builtin());
        const char *kind = NULL;
        for (size_t i = clm_client__idcheck_required(opts->registry, country, c->legal, 0, &kind);
             i < n; i = clm_client__idcheck_required(opts->registry, country, c->legal, i + 1, &kind)) {
            if (clm_client_taxid(c, country, kind) == NULL) {
                char field[32];
                snprintf(field, sizeof(field), "id.%s.%s", country, kind);
                static const char *const words[] = { "", "legal entity", "sole trader",
                                                     "individual" };
                return clm_core__fail_at(CLM_EINVAL, field, "", 0,
                                    "client %s: a %s of %s needs identifier %s", id,
                                    words[c->legal], country, kind);
            }
        }
    }

    /* 4: every identifier held passes its validator */
    for (size_t i = 0; i < c->nids; i++) {
        rc = clm_idcheck(opts->registry, c->ids[i].country, c->ids[i].kind, c->legal,
                         c->ids[i].value, NULL);
        if (rc < 0)
            return rc;
    }

    /* 5: a way to reach the client */
    if (opts->require_contact) {
        int reach = !clm_client__empty(c->text[CLM_CLIENT_PHONE]) ||
                    !clm_client__empty(c->text[CLM_CLIENT_EMAIL]);
        for (size_t i = 0; !reach && i < c->npersons; i++)
            reach = !clm_client__empty(c->persons[i].phone) || !clm_client__empty(c->persons[i].email);
        if (!reach)
            return clm_core__fail_at(CLM_EINVAL, "phone", "", 0,
                                "client %s: no phone or e-mail, neither its own nor a person's",
                                id);
    }

    /* 6: dates in order */
    clm_date fc = c->dates[CLM_CLIENT_FIRST_CONTACT];
    clm_date fd = c->dates[CLM_CLIENT_FIRST_DEAL];
    clm_date lp = c->dates[CLM_CLIENT_LAST_PURCHASE];
    if (fc != CLM_CLIENT_NO_DATE && fd != CLM_CLIENT_NO_DATE && fd < fc)
        return clm_core__fail_at(CLM_EINVAL, "first_deal", "", 0,
                            "client %s: first deal before first contact", id);
    if (fd != CLM_CLIENT_NO_DATE && lp != CLM_CLIENT_NO_DATE && lp < fd)
        return clm_core__fail_at(CLM_EINVAL, "last_purchase", "", 0,
                            "client %s: last purchase before first deal", id);
    if (fc != CLM_CLIENT_NO_DATE && lp != CLM_CLIENT_NO_DATE && lp < fc)
        return clm_core__fail_at(CLM_EINVAL, "last_purchase", "", 0,
                            "client %s: last purchase before first contact", id);

    /* 7: a lead has not bought yet */
    if ((c->state == CLM_CLIENT_POTENTIAL || c->state == CLM_CLIENT_INTERESTED) &&
        (fd != CLM_CLIENT_NO_DATE || lp != CLM_CLIENT_NO_DATE))
        return clm_core__fail_at(CLM_EINVAL, "state", "", 0,
                            "client %s: state %s, yet it has a %s date", id,
                            clm_client_state_name(c->state),
                            fd != CLM_CLIENT_NO_DATE ? "first deal" : "last purchase");
    return 0;
}
