/*
 * client-demo — a client's life in libclm, end to end.
 *
 *   client-demo
 *
 * Builds a Russian organisation, checks its record, moves it through the
 * lifecycle, shows a manager refused where only a head of department may
 * act, logs a delivery and lists the follow-up call "on day 7 after
 * delivery" for the manager's deputy (the term falls into the New Year
 * holidays, so the Russian calendar moves it), then prints the client's
 * history and the size of its storage encoding.
 * Exit status: 0 on success, 1 if any step fails unexpectedly.
 */
#include <stdio.h>
#include <string.h>

#include <clm/clm.h>

static int fail(const char *what)
{
    fprintf(stderr, "client-demo: %s: %s\n", what, clm_error_last()->message);
    return 1;
}

static clm_date day(int y, int m, int d)
{
    clm_date x = 0;
    clm_date_from_ymd(&x, y, m, d);
    return x;
}

int main(void)
{
    const clm_actor manager = { "ivanov", "manager", 1766995200 };   /* 2025-12-29 */
    const clm_actor head = { "petrova", "head_of_department", 1766998800 };
    clm_client *c = NULL;
    clm_category_authority *auth = NULL;
    clm_contact_log *log = NULL;
    clm_delegations *deps = NULL;
    clm_calendar *ru = NULL;
    clm_task_list *tasks = NULL;
    char *blob = NULL;
    int status = 1;

    /* 1. the record */
    if (clm_client_new(&c, &manager, "C-0001", CLM_LEGAL_ENTITY, "Sber") < 0)
        return fail("new client");
    if (clm_client_set_text(c, &manager, CLM_CLIENT_LEGAL_NAME, "PAO Sberbank") < 0 ||
        clm_client_set_text(c, &manager, CLM_CLIENT_PHONE, "+7 495 500-55-50") < 0 ||
        clm_client_set_source(c, &manager, CLM_SOURCE_EXHIBITION) < 0 ||
        clm_client_reassign(c, &head, "ivanov") < 0 ||
        clm_client_set_taxid(c, &manager, NULL, "RU", "INN", "7707083893") < 0) {
        status = fail("fill in");
        goto out;
    }
    /* a mistyped OGRN is refused, and the record stays as it was */
    if (clm_client_set_taxid(c, &manager, NULL, "RU", "OGRN", "1027700132194") < 0)
        printf("refused:   %s\n", clm_error_last()->message);
    if (clm_client_validate(c, NULL) < 0)
        printf("invalid:   %s\n", clm_error_last()->message);
    if (clm_client_set_taxid(c, &manager, NULL, "RU", "OGRN", "1027700132195") < 0 ||
        clm_client_validate(c, NULL) < 0) {
        status = fail("validate");
        goto out;
    }
    printf("valid:     %s (%s)\n", clm_client_name(c), clm_client_id(c));

    /* 2. lifecycle: a lead cannot jump to key */
    if (clm_client_set_state(c, &manager, CLM_CLIENT_KEY, NULL) == CLM_ESTATE)
        printf("refused:   %s\n", clm_error_last()->message);
    if (clm_client_set_state(c, &manager, CLM_CLIENT_NEW, NULL) < 0 ||
        clm_client_set_state(c, &manager, CLM_CLIENT_ACTIVE, NULL) < 0) {
        status = fail("state");
        goto out;
    }

    /* 3. only a head of department may make a client "key" */
    if (clm_category_authority_new(&auth, 1) < 0 ||
        clm_category_authority_allow(auth, "key", "head_of_department") < 0) {
        status = fail("authority");
        goto out;
    }
    if (clm_client_category_add(c, &manager, "key", "manual", auth) == CLM_EPERM)
        printf("refused:   %s\n", clm_error_last()->message);
    if (clm_client_category_add(c, &head, "key", "manual: biggest account", auth) < 0) {
        status = fail("category");
        goto out;
    }

    /* 4. delivery on 29 Dec 2025; ivanov is away 5-16 Jan, kozlov replaces him */
    if (clm_contact_log_new(&log) < 0 || clm_delegations_new(&deps) < 0 ||
        clm_delegations_add(deps, "ivanov", "kozlov", day(2026, 1, 5), day(2026, 1, 16)) < 0 ||
        clm_calendar_new_ru(&ru) < 0) {
        status = fail("setup");
        goto out;
    }
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    e.direction = CLM_CONTACT_OUTGOING;
    e.channel = CLM_CHANNEL_EVENT;
    e.at = manager.at;
    e.client_id = "C-0001";
    e.manager = "ivanov";
    e.purpose = "delivery of the first order";
    if (clm_contact_log_add(log, &e, NULL) < 0) {
        status = fail("log");
        goto out;
    }
    const clm_followup_rule call7 = { CLM_FOLLOWUP_RULE_VERSION, "day-7 call", "delivery", 7,
                                      CLM_TERM_DAYS, "call: is everything all right?",
                                      CLM_CHANNEL_CALL, CLM_CONTACT_OUTGOING };
    const clm_contact_event delivered = { "delivery", "C-0001", "ivanov", day(2025, 12, 29) };
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = "kozlov";
    q.on = day(2026, 1, 13);
    q.rules = &call7;
    q.nrules = 1;
    q.events = &delivered;
    q.nevents = 1;
    q.calendar = ru;
    q.delegations = deps;
    if (clm_contact_due(&tasks, log, &q) < 0) {
        status = fail("due");
        goto out;
    }
    for (size_t i = 0; i < clm_task_list_count(tasks); i++) {
        const clm_task *t = clm_task_list_at(tasks, i);
        char due[CLM_DATE_FORMAT_MAX];
        clm_date_format(due, sizeof(due), t->due);
        printf("task:      %s %s for %s (client of %s), due %s%s\n",
               t->action, t->client_id, q.user, t->manager, due,
               t->overdue ? ", overdue" : "");
    }

    /* 5. the history and the storage encoding */
    for (size_t i = 0; i < clm_client_history_count(c); i++) {
        clm_client_change h;
        clm_client_history_at(&h, c, i);
        printf("history:   %s (%s) %s: \"%s\" -> \"%s\"%s%s\n", h.user, h.role, h.field,
               h.old_value, h.new_value, h.reason[0] ? " because " : "", h.reason);
    }
    size_t len = 0;
    clm_client *back = NULL;
    if (clm_client_encode(&blob, &len, c) < 0 || clm_client_decode(&back, blob, len) < 0) {
        status = fail("encode");
        goto out;
    }
    printf("stored:    %zu bytes, round trip %s\n", len,
           clm_client_equal(c, back) ? "exact" : "DIFFERENT");
    status = clm_client_equal(c, back) ? 0 : 1;
    clm_client_free(back);
out:
    clm_free(blob);
    clm_task_list_free(tasks);
    clm_calendar_free(ru);
    clm_delegations_free(deps);
    clm_contact_log_free(log);
    clm_category_authority_free(auth);
    clm_client_free(c);
    return status;
}
