/*
 * contact_test.c — the contact log: entries and their checks, follow-up
 * rules and the due list (with calendars and delegations), contact
 * figures, the storage format, and OOM on everything that allocates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "oom.h"

static clm_date D(int y, int m, int d)
{
    clm_date x;
    assert_int_equal(clm_date_from_ymd(&x, y, m, d), 0);
    return x;
}

/* Noon (UTC) of a day, plus `sec` seconds. */
static clm_time T(clm_date d, int sec)
{
    return (clm_time)d * 86400 + 43200 + sec;
}

static clm_contact_entry entry(clm_contact_direction dir, clm_contact_channel ch,
                               clm_time at, const char *client, const char *manager)
{
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    e.direction = dir;
    e.channel = ch;
    e.at = at;
    e.client_id = client;
    e.manager = manager;
    return e;
}

static size_t add(clm_contact_log *log, clm_contact_entry e)
{
    size_t i = 99;
    assert_int_equal(clm_contact_log_add(log, &e, &i), 0);
    return i;
}

/* ---- entries and the log ------------------------------------------------ */

static void test_names_and_days(void **state)
{
    (void)state;
    assert_string_equal(clm_contact_direction_name(CLM_CONTACT_OUTGOING), "outgoing");
    assert_string_equal(clm_contact_channel_name(CLM_CHANNEL_TELEPHONOGRAM), "telephonogram");
    assert_null(clm_contact_channel_name(0));
    assert_null(clm_contact_channel_name(CLM_CHANNEL_EVENT + 1));
    assert_null(clm_contact_direction_name(3));
    for (int ch = 1; ch <= CLM_CHANNEL_EVENT; ch++) {
        clm_contact_channel got;
        assert_int_equal(clm_contact_channel_from_name(&got, clm_contact_channel_name(ch)), 0);
        assert_int_equal(got, ch);
    }
    clm_contact_direction dir;
    assert_int_equal(clm_contact_direction_from_name(&dir, "incoming"), 0);
    assert_int_equal(dir, CLM_CONTACT_INCOMING);
    assert_int_equal(clm_contact_direction_from_name(&dir, "sideways"), CLM_ENOTFOUND);
    assert_int_equal(clm_contact_channel_from_name(NULL, "call"), CLM_EINVAL);
    /* days are floor(at / 86400): the second before the epoch is 1969-12-31 */
    assert_int_equal(clm_time_day(0), 0);
    assert_int_equal(clm_time_day(86399), 0);
    assert_int_equal(clm_time_day(86400), 1);
    assert_int_equal(clm_time_day(-1), -1);
    assert_int_equal(clm_time_day(-86400), -1);
    assert_int_equal(clm_time_day(-86401), -2);
    assert_int_equal(clm_time_day(INT64_MAX), CLM_CONTACT_NO_DATE);
    assert_int_equal(clm_time_day(INT64_MIN), CLM_CONTACT_NO_DATE);
}

static void test_entry_checks(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    clm_date day = D(2025, 3, 3);
    clm_contact_entry ok = entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_TELEPHONOGRAM,
                                 T(day, 0), "c1", "ivanov");
    assert_int_equal(clm_contact_entry_check(&ok), 0);
    struct { clm_contact_entry e; int code; const char *field; } bad[12];
    size_t nb = 0;
    for (size_t i = 0; i < 12; i++)
        bad[i].e = ok;
    bad[nb].e.version = 2; bad[nb].code = CLM_EVERSION; bad[nb++].field = NULL;
    bad[nb].e.direction = 0; bad[nb].code = CLM_EINVAL; bad[nb++].field = "direction";
    bad[nb].e.channel = 8; bad[nb].code = CLM_EINVAL; bad[nb++].field = "channel";
    bad[nb].e.client_id = ""; bad[nb].code = CLM_EINVAL; bad[nb++].field = "client_id";
    bad[nb].e.manager = NULL; bad[nb].code = CLM_EINVAL; bad[nb++].field = "manager";
    bad[nb].e.next_action = "call back"; bad[nb].code = CLM_EINVAL; bad[nb++].field = "next_due";
    bad[nb].e.next_due = day + 1; bad[nb].code = CLM_EINVAL; bad[nb++].field = "next_action";
    bad[nb].e.next_action = "call back"; bad[nb].e.next_due = day - 1;
    bad[nb].code = CLM_EINVAL; bad[nb++].field = "next_due";
    bad[nb].e.at = INT64_MAX; bad[nb].code = CLM_EINVAL; bad[nb++].field = "at";
    bad[nb].e.purpose = "a\x01"; bad[nb].code = CLM_EINVAL; bad[nb++].field = "purpose";
    bad[nb].e.result = "\xc3"; bad[nb].code = CLM_EINVAL; bad[nb++].field = "result";
    for (size_t i = 0; i < nb; i++) {
        assert_int_equal(clm_contact_log_add(log, &bad[i].e, NULL), bad[i].code);
        if (bad[i].field != NULL)
            assert_string_equal(clm_error_last()->field, bad[i].field);
    }
    assert_int_equal(clm_contact_log_add(log, NULL, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_log_add(NULL, &ok, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_log_count(log), 0);
    /* due the same day as the contact is fine */
    clm_contact_entry same = ok;
    same.next_action = "send the price list";
    same.next_due = day;
    assert_int_equal(clm_contact_entry_check(&same), 0);
    clm_contact_entry init;
    assert_int_equal(clm_contact_entry_init(&init), 0);
    assert_int_equal(init.version, CLM_CONTACT_ENTRY_VERSION);
    assert_int_equal(init.next_due, CLM_CONTACT_NO_DATE);
    assert_int_equal(clm_contact_entry_init(NULL), CLM_EINVAL);
    clm_contact_log_free(log);
}

static void test_log_copies(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    char client[8] = "c1", purpose[32] = "offer follow-up";
    clm_contact_entry e = entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(D(2025, 3, 3), 0),
                                client, "ivanov");
    e.purpose = purpose;
    e.next_action = "send contract";
    e.next_due = D(2025, 3, 5);
    assert_int_equal(add(log, e), 0);
    assert_int_equal(add(log, entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_EMAIL,
                                    T(D(2025, 3, 4), 0), "c2", "petrova")), 1);
    strcpy(client, "XX");
    strcpy(purpose, "changed");
    clm_contact_entry got;
    assert_int_equal(clm_contact_log_at(&got, log, 0), 0);
    assert_string_equal(got.client_id, "c1");
    assert_string_equal(got.purpose, "offer follow-up");
    assert_string_equal(got.result, "");
    assert_string_equal(got.next_action, "send contract");
    assert_int_equal(got.next_due, D(2025, 3, 5));
    assert_int_equal(got.direction, CLM_CONTACT_OUTGOING);
    assert_int_equal(clm_contact_log_count(log), 2);
    assert_int_equal(clm_contact_log_at(&got, log, 2), CLM_ERANGE);
    assert_int_equal(clm_contact_log_at(NULL, log, 0), CLM_EINVAL);
    clm_contact_log_free(log);
    clm_contact_log_free(NULL);
    assert_int_equal(clm_contact_log_new(NULL), CLM_EINVAL);
}

/* ---- follow-ups and due tasks ------------------------------------------- */

static const clm_followup_rule CALL7 = { CLM_FOLLOWUP_RULE_VERSION, "car-service call",
                                         "delivery", 7, CLM_TERM_DAYS,
                                         "follow-up call", CLM_CHANNEL_CALL,
                                         CLM_CONTACT_OUTGOING };

static clm_task_list *due(const clm_contact_log *log, const char *user, clm_date on,
                          const clm_followup_rule *rules, size_t nrules,
                          const clm_contact_event *events, size_t nevents,
                          const clm_calendar *cal, const clm_delegations *dl)
{
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = user;
    q.on = on;
    q.rules = rules;
    q.nrules = nrules;
    q.events = events;
    q.nevents = nevents;
    q.calendar = cal;
    q.delegations = dl;
    clm_task_list *t = NULL;
    assert_int_equal(clm_contact_due(&t, log, &q), 0);
    return t;
}

static void test_followup_call_day7(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    /* delivery on Monday 3 March 2025: the call is due Monday 10 March */
    clm_contact_event ev = { "delivery", "c1", "ivanov", D(2025, 3, 3) };
    clm_task_list *t = due(log, "ivanov", D(2025, 3, 9), &CALL7, 1, &ev, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 0);
    clm_task_list_free(t);
    t = due(log, "ivanov", D(2025, 3, 10), &CALL7, 1, &ev, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    const clm_task *k = clm_task_list_at(t, 0);
    assert_int_equal(k->origin, CLM_TASK_FOLLOWUP);
    assert_string_equal(k->client_id, "c1");
    assert_string_equal(k->manager, "ivanov");
    assert_string_equal(k->action, "follow-up call");
    assert_string_equal(k->source, "car-service call");
    assert_int_equal(k->due, D(2025, 3, 10));
    assert_int_equal(k->overdue, 0);
    assert_int_equal(k->ref, 0);
    assert_null(clm_task_list_at(t, 1));
    clm_task_list_free(t);
    t = due(log, "ivanov", D(2025, 3, 12), &CALL7, 1, &ev, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    assert_int_equal(clm_task_list_at(t, 0)->overdue, 1);
    clm_task_list_free(t);
    /* other users do not see it */
    t = due(log, "sidorov", D(2025, 3, 12), &CALL7, 1, &ev, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 0);
    clm_task_list_free(t);

    /* contacts that do not do it: on the event day, incoming, by email,
     * another client, after the query day */
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(D(2025, 3, 3), 0), "c1", "ivanov"));
    add(log, entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_CALL, T(D(2025, 3, 5), 0), "c1", "ivanov"));
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_EMAIL, T(D(2025, 3, 5), 0), "c1", "ivanov"));
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(D(2025, 3, 5), 0), "c2", "ivanov"));
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(D(2025, 3, 13), 0), "c1", "ivanov"));
    t = due(log, "ivanov", D(2025, 3, 12), &CALL7, 1, &ev, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    clm_task_list_free(t);
    /* on the 13th the call is made: done */
    t = due(log, "ivanov", D(2025, 3, 13), &CALL7, 1, &ev, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 0);
    clm_task_list_free(t);
    /* an early call (day 4) also serves */
    clm_contact_log *log2 = NULL;
    assert_int_equal(clm_contact_log_new(&log2), 0);
    add(log2, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(D(2025, 3, 7), 0), "c1", "kozlov"));
    t = due(log2, "ivanov", D(2025, 3, 12), &CALL7, 1, &ev, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 0);
    clm_task_list_free(t);
    clm_contact_log_free(log2);
    clm_contact_log_free(log);
}

static void test_followup_units(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    clm_calendar *cal = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    assert_int_equal(clm_calendar_new(&cal, "plain"), 0);
    /* delivery on Sunday 2 March: 7 calendar days = Sunday 9 March; with a
     * calendar the day off moves it to Monday 10 March (art. 193) */
    clm_contact_event sun = { "delivery", "c1", "ivanov", D(2025, 3, 2) };
    clm_task_list *t = due(log, "ivanov", D(2025, 3, 20), &CALL7, 1, &sun, 1, NULL, NULL);
    assert_int_equal(clm_task_list_at(t, 0)->due, D(2025, 3, 9));
    clm_task_list_free(t);
    t = due(log, "ivanov", D(2025, 3, 20), &CALL7, 1, &sun, 1, cal, NULL);
    assert_int_equal(clm_task_list_at(t, 0)->due, D(2025, 3, 10));
    clm_task_list_free(t);
    /* 5 working days after Friday 7 March = Friday 14 March; a holiday on
     * Wednesday 12 March pushes it to Monday 17 March */
    clm_followup_rule wd;
    assert_int_equal(clm_followup_rule_init(&wd), 0);
    wd.name = "invoice reminder";
    wd.event = "invoice";
    wd.offset = 5;
    wd.unit = CLM_TERM_WORKING_DAYS;
    wd.action = "remind about payment";
    wd.channel = CLM_CHANNEL_EMAIL;
    clm_contact_event fri = { "invoice", "c2", "ivanov", D(2025, 3, 7) };
    t = due(log, "ivanov", D(2025, 3, 20), &wd, 1, &fri, 1, cal, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    assert_int_equal(clm_task_list_at(t, 0)->due, D(2025, 3, 14));
    clm_task_list_free(t);
    assert_int_equal(clm_calendar_add_day(cal, D(2025, 3, 12), CLM_DAY_HOLIDAY, "test"), 0);
    t = due(log, "ivanov", D(2025, 3, 20), &wd, 1, &fri, 1, cal, NULL);
    assert_int_equal(clm_task_list_at(t, 0)->due, D(2025, 3, 17));
    clm_task_list_free(t);
    /* working days without a calendar */
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = "ivanov";
    q.on = D(2025, 3, 20);
    q.rules = &wd;
    q.nrules = 1;
    clm_task_list *none = NULL;
    assert_int_equal(clm_contact_due(&none, log, &q), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "calendar");
    assert_null(none);
    /* months: 31 January + 1 month = 28 February (art. 192 p. 3) */
    clm_followup_rule m = CALL7;
    m.unit = CLM_TERM_MONTHS;
    m.offset = 1;
    clm_contact_event jan = { "delivery", "c3", "ivanov", D(2025, 1, 31) };
    t = due(log, "ivanov", D(2025, 3, 20), &m, 1, &jan, 1, NULL, NULL);
    assert_int_equal(clm_task_list_at(t, 0)->due, D(2025, 2, 28));
    clm_task_list_free(t);
    /* a rule for another event does not fire; offset 0 is due on the day */
    clm_followup_rule z = CALL7;
    z.offset = 0;
    t = due(log, "ivanov", D(2025, 1, 31), &z, 1, &jan, 1, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    clm_task_list_free(t);
    t = due(log, "ivanov", D(2025, 3, 20), &wd, 1, &jan, 1, cal, NULL);
    assert_int_equal(clm_task_list_count(t), 0);
    clm_task_list_free(t);
    clm_calendar_free(cal);
    clm_contact_log_free(log);
}

/* docs/rules.md, Calendars and terms: a term of 7 days from Fri 1 Mar 2024 ends on 8 March, a
 * holiday, so on Mon 11 March (Civil Code art. 191, 193); and the Russian
 * calendar built into libclm: 29 Dec 2025 + 7 days = 5 Jan 2026, inside the
 * New Year holidays (decree No. 1466), so Mon 12 Jan 2026. */
static void test_followup_legal_calendar(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    clm_calendar *cal = NULL, *ru = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    assert_int_equal(clm_calendar_new(&cal, "2024"), 0);
    assert_int_equal(clm_calendar_add_day(cal, D(2024, 3, 8), CLM_DAY_HOLIDAY,
                                          "International Women's Day"), 0);
    clm_contact_event ev = { "delivery", "c1", "ivanov", D(2024, 3, 1) };
    clm_task_list *t = due(log, "ivanov", D(2024, 3, 11), &CALL7, 1, &ev, 1, cal, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    assert_int_equal(clm_task_list_at(t, 0)->due, D(2024, 3, 11));
    assert_int_equal(clm_task_list_at(t, 0)->overdue, 0);
    clm_task_list_free(t);
    t = due(log, "ivanov", D(2024, 3, 8), &CALL7, 1, &ev, 1, cal, NULL);
    assert_int_equal(clm_task_list_count(t), 0);
    clm_task_list_free(t);

    assert_int_equal(clm_calendar_new_ru(&ru), 0);
    clm_contact_event ny = { "delivery", "c2", "ivanov", D(2025, 12, 29) };
    t = due(log, "ivanov", D(2026, 1, 12), &CALL7, 1, &ny, 1, ru, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    assert_int_equal(clm_task_list_at(t, 0)->due, D(2026, 1, 12));
    clm_task_list_free(t);
    /* outside the calendar's coverage the due day is unknown: an error, not
     * a guess */
    clm_contact_event late = { "delivery", "c3", "ivanov", D(2026, 12, 28) };
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = "ivanov";
    q.on = D(2027, 1, 20);
    q.rules = &CALL7;
    q.nrules = 1;
    q.events = &late;
    q.nevents = 1;
    q.calendar = ru;
    t = NULL;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_ERANGE);
    assert_null(t);
    clm_calendar_free(ru);
    clm_calendar_free(cal);
    clm_contact_log_free(log);
}

static void test_next_actions(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    clm_contact_entry a = entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_MEETING,
                                T(D(2025, 3, 3), 0), "c1", "ivanov");
    a.next_action = "send the offer";
    a.next_due = D(2025, 3, 5);
    size_t ia = add(log, a);
    clm_contact_entry b = entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_CALL,
                                T(D(2025, 3, 3), 0), "c2", "ivanov");
    b.next_action = "call back";
    b.next_due = D(2025, 3, 4);
    size_t ib = add(log, b);
    /* another client's contact does not close c1's action */
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(D(2025, 3, 4), 0), "c3", "ivanov"));

    clm_task_list *t = due(log, "ivanov", D(2025, 3, 4), NULL, 0, NULL, 0, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    assert_string_equal(clm_task_list_at(t, 0)->client_id, "c2");
    assert_int_equal(clm_task_list_at(t, 0)->origin, CLM_TASK_NEXT_ACTION);
    assert_int_equal(clm_task_list_at(t, 0)->ref, ib);
    assert_string_equal(clm_task_list_at(t, 0)->source, "");
    clm_task_list_free(t);
    /* sorted by due day: c2 (4th, overdue) before c1 (5th) */
    t = due(log, "ivanov", D(2025, 3, 5), NULL, 0, NULL, 0, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 2);
    assert_string_equal(clm_task_list_at(t, 0)->client_id, "c2");
    assert_int_equal(clm_task_list_at(t, 0)->overdue, 1);
    assert_string_equal(clm_task_list_at(t, 1)->action, "send the offer");
    assert_int_equal(clm_task_list_at(t, 1)->overdue, 0);
    assert_int_equal(clm_task_list_at(t, 1)->ref, ia);
    clm_task_list_free(t);
    /* a contact at the very same moment does not close it; a later one does,
     * whoever makes it and by whatever channel, once it has happened */
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(D(2025, 3, 3), 0), "c1", "x"));
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_EMAIL, T(D(2025, 3, 6), 0), "c1", "kozlov"));
    t = due(log, "ivanov", D(2025, 3, 5), NULL, 0, NULL, 0, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 2);
    clm_task_list_free(t);
    t = due(log, "ivanov", D(2025, 3, 6), NULL, 0, NULL, 0, NULL, NULL);
    assert_int_equal(clm_task_list_count(t), 1);
    assert_string_equal(clm_task_list_at(t, 0)->client_id, "c2");
    clm_task_list_free(t);
    clm_contact_log_free(log);
}

static void test_due_with_deputy(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    clm_delegations *dl = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    assert_int_equal(clm_delegations_new(&dl), 0);
    assert_int_equal(clm_delegations_add(dl, "ivanov", "sidorov", D(2025, 3, 10),
                                         D(2025, 3, 14)), 0);
    clm_contact_entry a = entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL,
                                T(D(2025, 3, 3), 0), "c9", "ivanov");
    a.next_action = "confirm the order";
    a.next_due = D(2025, 3, 7);
    add(log, a);
    clm_contact_event evs[] = {
        { "delivery", "c1", "ivanov", D(2025, 3, 3) },
        { "delivery", "c2", "sidorov", D(2025, 3, 4) },
        { "delivery", "c3", "petrova", D(2025, 3, 3) },
    };
    /* while replacing ivanov, sidorov sees ivanov's tasks and his own */
    clm_task_list *t = due(log, "sidorov", D(2025, 3, 11), &CALL7, 1, evs, 3, NULL, dl);
    assert_int_equal(clm_task_list_count(t), 3);
    assert_string_equal(clm_task_list_at(t, 0)->client_id, "c9");   /* due 7th */
    assert_string_equal(clm_task_list_at(t, 0)->manager, "ivanov");
    assert_string_equal(clm_task_list_at(t, 1)->client_id, "c1");   /* due 10th */
    assert_string_equal(clm_task_list_at(t, 1)->manager, "ivanov");
    assert_string_equal(clm_task_list_at(t, 2)->client_id, "c2");   /* due 11th */
    assert_string_equal(clm_task_list_at(t, 2)->manager, "sidorov");
    clm_task_list_free(t);
    /* after the period only his own */
    t = due(log, "sidorov", D(2025, 3, 15), &CALL7, 1, evs, 3, NULL, dl);
    assert_int_equal(clm_task_list_count(t), 1);
    assert_string_equal(clm_task_list_at(t, 0)->client_id, "c2");
    clm_task_list_free(t);
    /* ivanov still sees his own while replaced */
    t = due(log, "ivanov", D(2025, 3, 11), &CALL7, 1, evs, 3, NULL, dl);
    assert_int_equal(clm_task_list_count(t), 2);
    clm_task_list_free(t);
    clm_delegations_free(dl);
    clm_contact_log_free(log);
}

static void test_due_bad_input(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    clm_task_list *t = NULL;
    clm_due_query q;
    assert_int_equal(clm_due_query_init(&q), 0);
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EINVAL);     /* no user */
    q.user = "ivanov";
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_ERANGE);     /* no day */
    q.on = D(2025, 3, 3);
    assert_int_equal(clm_contact_due(&t, log, &q), 0);
    assert_int_equal(clm_task_list_count(t), 0);
    clm_task_list_free(t);
    t = NULL;
    q.version = 7;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EVERSION);
    q.version = CLM_DUE_QUERY_VERSION;
    q.nrules = 1;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EINVAL);     /* NULL rules */
    clm_followup_rule r = CALL7;
    q.rules = &r;
    r.offset = -1;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "rule.offset");
    r = CALL7;
    r.action = "";
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "rule.action");
    r = CALL7;
    r.unit = 9;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EINVAL);
    r = CALL7;
    r.channel = 0;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EINVAL);
    r = CALL7;
    r.version = 0;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EVERSION);
    r = CALL7;
    clm_contact_event ev = { "delivery", "", "ivanov", D(2025, 3, 3) };
    q.events = &ev;
    q.nevents = 1;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "event.client_id");
    ev.client_id = "c1";
    ev.on = CLM_DATE_MAX + 1;
    assert_int_equal(clm_contact_due(&t, log, &q), CLM_ERANGE);
    assert_null(t);
    assert_int_equal(clm_contact_due(NULL, log, &q), CLM_EINVAL);
    assert_int_equal(clm_contact_due(&t, NULL, &q), CLM_EINVAL);
    assert_int_equal(clm_contact_due(&t, log, NULL), CLM_EINVAL);
    assert_int_equal(clm_due_query_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_followup_rule_init(NULL), CLM_EINVAL);
    clm_task_list_free(NULL);
    assert_int_equal(clm_task_list_count(NULL), 0);
    clm_contact_log_free(log);
}

/* ---- figures ------------------------------------------------------------ */

static void test_stats(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    clm_date d1 = D(2025, 3, 1), d31 = D(2025, 3, 31);
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(d1, -43200), "c1", "ivanov"));
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(d1, 3600), "c2", "ivanov"));
    add(log, entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_CALL, T(D(2025, 3, 15), 0), "c1", "ivanov"));
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_FAX, T(d31, 43199), "c3", "ivanov"));
    add(log, entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_LETTER, T(D(2025, 3, 10), 0), "c4", "petrova"));
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(d1, -43201), "c1", "ivanov"));  /* Feb 28 */
    add(log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL, T(d31, 43200), "c1", "ivanov"));  /* Apr 1 */
    clm_contact_stats *s = NULL;
    assert_int_equal(clm_contact_stats_new(&s, log, d1, d31), 0);
    assert_int_equal(clm_contact_stats_cells(s), 4);
    const clm_contact_count *c0 = clm_contact_stats_at(s, 0);
    assert_string_equal(c0->manager, "ivanov");
    assert_int_equal(c0->channel, CLM_CHANNEL_CALL);
    assert_int_equal(c0->direction, CLM_CONTACT_INCOMING);
    assert_int_equal(c0->count, 1);
    const clm_contact_count *c1 = clm_contact_stats_at(s, 1);
    assert_int_equal(c1->direction, CLM_CONTACT_OUTGOING);
    assert_int_equal(c1->count, 2);
    assert_int_equal(clm_contact_stats_at(s, 2)->channel, CLM_CHANNEL_FAX);
    assert_string_equal(clm_contact_stats_at(s, 3)->manager, "petrova");
    assert_null(clm_contact_stats_at(s, 4));
    assert_int_equal(clm_contact_stats_sum(s, NULL, 0, 0), 5);
    assert_int_equal(clm_contact_stats_sum(s, "ivanov", 0, 0), 4);
    assert_int_equal(clm_contact_stats_sum(s, "ivanov", CLM_CHANNEL_CALL, 0), 3);
    assert_int_equal(clm_contact_stats_sum(s, NULL, 0, CLM_CONTACT_INCOMING), 2);
    assert_int_equal(clm_contact_stats_sum(s, "nobody", 0, 0), 0);
    assert_int_equal(clm_contact_stats_sum(NULL, NULL, 0, 0), 0);
    clm_contact_stats_free(s);
    /* a one-day period, and an empty one */
    assert_int_equal(clm_contact_stats_new(&s, log, d1, d1), 0);
    assert_int_equal(clm_contact_stats_sum(s, NULL, 0, 0), 2);
    clm_contact_stats_free(s);
    assert_int_equal(clm_contact_stats_new(&s, log, D(2020, 1, 1), D(2020, 1, 2)), 0);
    assert_int_equal(clm_contact_stats_cells(s), 0);
    clm_contact_stats_free(s);
    s = NULL;
    assert_int_equal(clm_contact_stats_new(&s, log, d31, d1), CLM_EINVAL);
    assert_int_equal(clm_contact_stats_new(&s, log, d1, CLM_DATE_MAX + 1), CLM_ERANGE);
    assert_int_equal(clm_contact_stats_new(&s, NULL, d1, d31), CLM_EINVAL);
    assert_int_equal(clm_contact_stats_new(NULL, log, d1, d31), CLM_EINVAL);
    assert_null(s);
    clm_contact_stats_free(NULL);
    clm_contact_log_free(log);
}

/* ---- storage format ----------------------------------------------------- */

static void test_codec(void **state)
{
    (void)state;
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_log_new(&log), 0);
    clm_contact_entry e = entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_TELEPHONOGRAM, -1, "c|1",
                                "ivanov");
    e.purpose = "claim\nabout \\ delivery";
    e.next_action = "reply";
    e.next_due = 0;
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(clm_contact_entry_encode(&text, &len, &e), 0);
    assert_string_equal(text, "clm-contact 1\ndirection=incoming\nchannel=telephonogram\n"
                              "at=-1\nclient_id=c\\|1\nmanager=ivanov\n"
                              "purpose=claim\\nabout \\\\ delivery\nnext_action=reply\n"
                              "next_due=1970-01-01\n");
    assert_int_equal(len, strlen(text));
    size_t idx = 9;
    assert_int_equal(clm_contact_entry_decode(log, text, len, &idx), 0);
    assert_int_equal(idx, 0);
    clm_contact_entry got;
    assert_int_equal(clm_contact_log_at(&got, log, 0), 0);
    assert_int_equal(got.at, -1);
    assert_int_equal(got.direction, CLM_CONTACT_INCOMING);
    assert_int_equal(got.channel, CLM_CHANNEL_TELEPHONOGRAM);
    assert_string_equal(got.client_id, "c|1");
    assert_string_equal(got.purpose, "claim\nabout \\ delivery");
    assert_string_equal(got.result, "");
    assert_int_equal(got.next_due, 0);
    char *again = NULL;
    assert_int_equal(clm_contact_entry_encode(&again, NULL, &got), 0);
    assert_string_equal(again, text);
    clm_free(again);
    clm_free(text);

    const char *bad[] = {
        "",
        "clm-contact 1\n",                                           /* missing keys */
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\n",   /* no client */
        "clm-contact 1\ndirection=up\nchannel=call\nat=1\nclient_id=c\nmanager=m\n",
        "clm-contact 1\ndirection=incoming\nchannel=pigeon\nat=1\nclient_id=c\nmanager=m\n",
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1x\nclient_id=c\nmanager=m\n",
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\nat=2\nclient_id=c\nmanager=m\n",
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\nclient_id=c\nmanager=m\nx=y\n",
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\nclient_id=c\nmanager=m\n"
        "next_due=1970-01-01\n",                                      /* due, no action */
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\nclient_id=c\nmanager=m\n"
        "next_action=a\nnext_due=1970-02-30\n",
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\nclient_id=c\nmanager=m",
        "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\nclient_id=c\\\nmanager=m\n",
        "clm-client 1\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = clm_contact_entry_decode(log, bad[i], strlen(bad[i]), NULL);
        assert_true(rc == CLM_EPARSE || rc == CLM_EINVAL);
    }
    assert_int_equal(clm_contact_entry_decode(log, "clm-contact 2\n", 14, NULL), CLM_EVERSION);
    assert_int_equal(clm_contact_entry_decode(log, "x", (size_t)2 * 1024 * 1024, NULL),
                     CLM_ELIMIT);
    assert_int_equal(clm_contact_entry_decode(NULL, "x", 1, NULL), CLM_EINVAL);
    assert_int_equal(clm_contact_log_count(log), 1);
    clm_contact_entry inval = e;
    inval.manager = "";
    assert_int_equal(clm_contact_entry_encode(&text, NULL, &inval), CLM_EINVAL);
    assert_int_equal(clm_contact_entry_encode(NULL, NULL, &e), CLM_EINVAL);
    clm_contact_log_free(log);
}

/* ---- OOM ---------------------------------------------------------------- */

typedef struct cst {
    clm_contact_log *log;
    size_t n;
    clm_task_list *t;
    clm_contact_stats *s;
    char *text;
} cst;

static void *setup(void)
{
    cst *s = calloc(1, sizeof(*s));
    assert_int_equal(clm_contact_log_new(&s->log), 0);
    clm_contact_entry a = entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_CALL,
                                T(D(2025, 3, 3), 0), "c1", "ivanov");
    a.next_action = "send offer";
    a.next_due = D(2025, 3, 4);
    add(s->log, a);
    add(s->log, entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_EMAIL, T(D(2025, 3, 4), 0), "c2",
                      "petrova"));
    add(s->log, entry(CLM_CONTACT_INCOMING, CLM_CHANNEL_EMAIL, T(D(2025, 3, 4), 0), "c3",
                      "ivanov"));
    add(s->log, entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_FAX, T(D(2025, 3, 5), 0), "c3",
                      "ivanov"));
    s->n = clm_contact_log_count(s->log);
    return s;
}

static bool unchanged(void *st)
{
    cst *s = st;
    return clm_contact_log_count(s->log) == s->n && s->t == NULL && s->s == NULL &&
           s->text == NULL;
}

static void teardown(void *st)
{
    cst *s = st;
    clm_contact_log_free(s->log);
    clm_task_list_free(s->t);
    clm_contact_stats_free(s->s);
    clm_free(s->text);
    free(s);
}

static int op_add(void *st)
{
    cst *s = st;
    clm_contact_entry e = entry(CLM_CONTACT_OUTGOING, CLM_CHANNEL_LETTER, 5, "c9", "m");
    /* setup filled the array's first capacity (4), so this one grows it */
    return clm_contact_log_add(s->log, &e, NULL);
}

static int op_due(void *st)
{
    cst *s = st;
    clm_contact_event evs[] = { { "delivery", "c1", "ivanov", D(2025, 2, 1) },
                                { "delivery", "c4", "ivanov", D(2025, 2, 2) } };
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = "ivanov";
    q.on = D(2025, 3, 10);
    q.rules = &CALL7;
    q.nrules = 1;
    q.events = evs;
    q.nevents = 2;
    return clm_contact_due(&s->t, s->log, &q);
}

static int op_stats(void *st)
{
    cst *s = st;
    return clm_contact_stats_new(&s->s, s->log, D(2025, 3, 1), D(2025, 3, 31));
}

static int op_encode(void *st)
{
    cst *s = st;
    clm_contact_entry e;
    assert_int_equal(clm_contact_log_at(&e, s->log, 0), 0);
    return clm_contact_entry_encode(&s->text, NULL, &e);
}

static int op_decode(void *st)
{
    cst *s = st;
    const char *t = "clm-contact 1\ndirection=incoming\nchannel=call\nat=1\n"
                    "client_id=c\nmanager=m\npurpose=p\nresult=r\n";
    return clm_contact_entry_decode(s->log, t, strlen(t), NULL);
}

static void test_oom(void **state)
{
    (void)state;
    int (*ops[])(void *) = { op_add, op_due, op_stats, op_encode, op_decode };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        oom_case c = { setup, ops[i], unchanged, teardown };
        assert_true(oom_check(&c) >= 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_days),
        cmocka_unit_test(test_entry_checks),
        cmocka_unit_test(test_log_copies),
        cmocka_unit_test(test_followup_call_day7),
        cmocka_unit_test(test_followup_units),
        cmocka_unit_test(test_followup_legal_calendar),
        cmocka_unit_test(test_next_actions),
        cmocka_unit_test(test_due_with_deputy),
        cmocka_unit_test(test_due_bad_input),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_codec),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
