/*
 * client_glue.c — category policies applied to client records
 * (category_client.h): facts from a record, a rule result written into its
 * categories and history, manual assignment under the policy's authority.
 */
#include <stdio.h>
#include <string.h>

#include "clm/category_client.h"
#include "category_internal.h"

#define RULE_PREFIX "rule:"
#define MANUAL_PREFIX "manual:"

int clm_category_facts_from_client(clm_category_facts *facts, const clm_client *c)
{
    if (facts == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "category facts: %s is NULL",
                         facts == NULL ? "facts" : "client");
    const char *region = clm_client_text_get(c, CLM_CLIENT_REGION);
    clm_date since = clm_client_date_get(c, CLM_CLIENT_FIRST_DEAL);
    clm_date last = clm_client_date_get(c, CLM_CLIENT_LAST_PURCHASE);
    facts->id = clm_client_id(c);
    facts->legal_type = clm_legal_type_name(clm_client_legal_type(c));
    facts->region = region != NULL && region[0] != '\0' ? region : NULL;
    facts->state = clm_client_state_name(clm_client_state_get(c));
    facts->client_since = since == CLM_CLIENT_NO_DATE ? CLM_FACT_NO_DATE : since;
    facts->last_purchase = last == CLM_CLIENT_NO_DATE ? CLM_FACT_NO_DATE : last;
    return CLM_OK;
}

/* 1 if the latest history entry that added `category` gives a rule as its
 * reason; 0 if a person added it (or no entry says). */
static int added_by_rule(const clm_client *c, const char *category)
{
    for (size_t i = clm_client_history_count(c); i-- > 0;) {
        clm_client_change ch;
        if (clm_client_history_at(&ch, c, i) != 0)
            return 0;
        if (strcmp(ch.field, "category") == 0 && strcmp(ch.new_value, category) == 0)
            return strncmp(ch.reason, RULE_PREFIX, strlen(RULE_PREFIX)) == 0;
    }
    return 0;
}

int clm_category_policy_apply(clm_client *client, const clm_actor *actor,
                              const clm_category_policy *p, const uint32_t *rules, size_t n,
                              size_t *changed)
{
    if (client == NULL || p == NULL || rules == NULL)
        return clm_core__fail(CLM_EINVAL, "category apply: %s is NULL",
                         client == NULL ? "client" : p == NULL ? "policy" : "result");
    int rc = clm_actor_check(actor);
    if (rc < 0)
        return rc;
    if (n < p->ncats)
        return clm_core__fail_at(CLM_EBUFSIZE, "n", "", 0,
                            "category apply: the result has %zu entries, policy '%s' has %zu"
                            " categories", n, p->name, p->ncats);
    for (size_t k = 0; k < p->ncats; k++)
        if (rules[k] != CLM_CATEGORY_NO_RULE && rules[k] >= p->nrules)
            return clm_core__fail_at(CLM_EINVAL, "result", "", 0,
                                "category apply: the result names rule %lu for category '%s';"
                                " policy '%s' has %zu rules", (unsigned long)rules[k],
                                p->cats[k].name, p->name, p->nrules);
    /* Plan: which categories change, and with which reason; then make every
     * change as one act of the client module. */
    clm_client_edits *e = NULL;
    if ((rc = clm_client_edits_new(&e)) < 0)
        return rc;
    char reason[sizeof RULE_PREFIX + CLM_CATEGORY_NAME_MAX + 64];
    for (size_t k = 0; k < p->ncats && rc == CLM_OK; k++) {
        const char *name = p->cats[k].name;
        int want = rules[k] != CLM_CATEGORY_NO_RULE;
        int has = clm_client_has_category(client, name);
        if (want && !has) {
            snprintf(reason, sizeof reason, RULE_PREFIX "%s", p->rules[rules[k]].name);
            rc = clm_client_edits_category_add(e, name, reason);
        } else if (!want && has && added_by_rule(client, name)) {
            snprintf(reason, sizeof reason, RULE_PREFIX "none of policy '%s' holds", p->name);
            rc = clm_client_edits_category_remove(e, name, reason);
        }
    }
    size_t count = clm_client_edits_count(e);
    if (rc == CLM_OK)
        rc = clm_client_apply(client, actor, e, NULL);
    clm_client_edits_free(e);
    if (rc == CLM_OK && changed != NULL)
        *changed = count;
    return rc;
}

int clm_category_policy_assign(clm_client *c, const clm_actor *actor,
                               const clm_category_policy *p, const char *category, int assign,
                               const char *note)
{
    if (c == NULL || p == NULL || category == NULL)
        return clm_core__fail(CLM_EINVAL, "category assign: %s",
                         c == NULL ? "client is NULL" : p == NULL ? "policy is NULL"
                         : "category is NULL");
    int rc = clm_core__check_text(note, CLM_CORE__TEXT_NAME, "note");
    if (rc < 0 || (rc = clm_category_policy_check_assign(p, category, actor)) < 0)
        return rc;
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, MANUAL_PREFIX);
    clm_core__buf_puts(&b, note);
    char *reason = NULL;
    if ((rc = clm_core__buf_finish(&b, &reason, NULL)) < 0)
        return rc;
    rc = assign ? clm_client_category_add(c, actor, category, reason, NULL)
                : clm_client_category_remove(c, actor, category, reason, NULL);
    clm_core__free(reason);
    return rc;
}
