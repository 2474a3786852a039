/*
 * task_test.c — stored tasks (task.h): done, cancelled and rescheduled with
 * who and when; final states refuse further acts and a refused act changes
 * nothing; the store round trip and its audit entries; bodies that do not
 * decode; due lists per manager and for a team across clients, with a
 * deputy seeing an absent manager's tasks only within the delegation
 * period; one index read per manager; a task closed by logging a contact,
 * both written or neither; OOM and storage-fault walks. Runs
 * over the memory store, and with --sqlite over SQLite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "fault_store.h"
#include "oom.h"
#include "store_snapshot.h"

static const clm_actor MGR = {"ivanov", "manager", 1796385600};     /* 2026-12-05 12:00 UTC */
static const clm_actor PETROV = {"petrov", "manager", 1796472000};  /* a day later */
static const clm_actor HEAD = {"sidorov", "head_of_sales", 1796558400};
static int g_sqlite;
static char g_path[256];

static clm_date day(int y, int m, int d)
{
    clm_date out = 0;
    assert_int_equal(clm_date_from_ymd(&out, y, m, d), 0);
    return out;
}

static void rm_db(const char *path)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static clm_store *open_store(void)
{
    clm_store *st = NULL;
    if (g_sqlite) {
        snprintf(g_path, sizeof g_path, "/tmp/clm-task-test-%ld.db", (long)getpid());
        rm_db(g_path);
        assert_int_equal(clm_store_open_sqlite(&st, g_path, NULL), 0);
    } else {
        assert_int_equal(clm_store_open_memory(&st), 0);
    }
    return st;
}

static void close_store(clm_store *st)
{
    clm_store_free(st);
    if (g_sqlite)
        rm_db(g_path);
}

static clm_todo *mk(const char *id, const char *client, const char *manager, clm_date due)
{
    clm_todo *t = NULL;
    assert_int_equal(clm_todo_new(&t, id, client, manager, "call back about the invoice", due, &MGR), 0);
    return t;
}

/* ---- the object ---------------------------------------------------------- */

static void test_acts_and_history(void **state)
{
    (void)state;
    clm_todo *t = mk("T-1", "C-1", "ivanov", day(2026, 12, 10));
    assert_int_equal(clm_todo_state_of(t), CLM_TODO_OPEN);
    assert_int_equal(clm_todo_history_count(t), 1);
    assert_int_equal(clm_todo_reschedule(t, &PETROV, day(2026, 12, 14), "client on holiday"), 0);
    assert_int_equal(clm_todo_due_day(t), day(2026, 12, 14));
    assert_int_equal(clm_todo_state_of(t), CLM_TODO_OPEN);
    assert_int_equal(clm_todo_done(t, &HEAD, "paid on the 14th"), 0);
    assert_int_equal(clm_todo_state_of(t), CLM_TODO_DONE);
    assert_int_equal(clm_todo_history_count(t), 3);

    clm_todo_act a;
    assert_int_equal(clm_todo_history_at(&a, t, 0), 0);
    assert_int_equal(a.kind, CLM_TODO_CREATED);
    assert_string_equal(a.user, "ivanov");
    assert_true(a.at == MGR.at);
    assert_int_equal(clm_todo_history_at(&a, t, 1), 0);
    assert_int_equal(a.kind, CLM_TODO_RESCHEDULED);
    assert_string_equal(a.user, "petrov");
    assert_string_equal(a.role, "manager");
    assert_true(a.at == PETROV.at);
    assert_int_equal(a.due_before, day(2026, 12, 10));
    assert_int_equal(a.due_after, day(2026, 12, 14));
    assert_string_equal(a.note, "client on holiday");
    assert_int_equal(clm_todo_history_at(&a, t, 2), 0);
    assert_int_equal(a.kind, CLM_TODO_ACT_DONE);
    assert_string_equal(a.user, "sidorov");
    assert_string_equal(a.role, "head_of_sales");
    assert_true(a.at == HEAD.at);
    assert_string_equal(a.note, "paid on the 14th");
    assert_int_equal(clm_todo_history_at(&a, t, 3), CLM_ERANGE);

    /* done is final: every act is refused and changes nothing */
    assert_int_equal(clm_todo_done(t, &MGR, NULL), CLM_ESTATE);
    assert_non_null(strstr(clm_error_last()->message, "done"));
    assert_int_equal(clm_todo_cancel(t, &MGR, "no"), CLM_ESTATE);
    assert_int_equal(clm_todo_reschedule(t, &MGR, day(2026, 12, 20), NULL), CLM_ESTATE);
    assert_int_equal(clm_todo_history_count(t), 3);
    assert_int_equal(clm_todo_due_day(t), day(2026, 12, 14));
    clm_todo_free(t);

    t = mk("T-2", "C-1", "ivanov", day(2026, 12, 10));
    assert_int_equal(clm_todo_cancel(t, &MGR, NULL), CLM_EINVAL);   /* a reason is required */
    assert_int_equal(clm_todo_cancel(t, &MGR, ""), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "reason");
    assert_int_equal(clm_todo_reschedule(t, &MGR, day(2026, 12, 10), NULL), CLM_EINVAL); /* same day */
    assert_int_equal(clm_todo_reschedule(t, &MGR, CLM_DATE_MAX + 1, NULL), CLM_ERANGE);
    clm_actor noone = {"", "manager", 0};
    assert_int_equal(clm_todo_done(t, &noone, NULL), CLM_EINVAL);
    assert_int_equal(clm_todo_done(t, &MGR, "bad\x01note"), CLM_EINVAL);
    assert_int_equal(clm_todo_history_count(t), 1);
    assert_int_equal(clm_todo_state_of(t), CLM_TODO_OPEN);
    assert_int_equal(clm_todo_cancel(t, &MGR, "client closed"), 0);
    assert_int_equal(clm_todo_state_of(t), CLM_TODO_CANCELLED);
    assert_int_equal(clm_todo_reschedule(t, &MGR, day(2026, 12, 11), NULL), CLM_ESTATE);
    clm_todo_free(t);
}

static void test_new_bad_input(void **state)
{
    (void)state;
    clm_todo *t = (clm_todo *)&t; /* must stay untouched */
    clm_todo *keep = t;
    clm_date d = day(2026, 12, 10);
    assert_int_equal(clm_todo_new(NULL, "T", "C", "m", "a", d, &MGR), CLM_EINVAL);
    assert_int_equal(clm_todo_new(&t, NULL, "C", "m", "a", d, &MGR), CLM_EINVAL);
    assert_int_equal(clm_todo_new(&t, " T", "C", "m", "a", d, &MGR), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id");
    assert_int_equal(clm_todo_new(&t, "T", "", "m", "a", d, &MGR), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "client_id");
    assert_int_equal(clm_todo_new(&t, "T", "C", "m\n", "a", d, &MGR), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "manager");
    assert_int_equal(clm_todo_new(&t, "T", "C", "m", "", d, &MGR), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "action");
    char longa[CLM_RECORD_FIELD_MAX + 2];
    memset(longa, 'a', sizeof longa - 1);
    longa[sizeof longa - 1] = '\0';
    assert_int_equal(clm_todo_new(&t, "T", "C", "m", longa, d, &MGR), CLM_EINVAL);
    assert_int_equal(clm_todo_new(&t, "T", "C", "m", "a", CLM_DATE_MIN - 1, &MGR), CLM_ERANGE);
    assert_int_equal(clm_todo_new(&t, "T", "C", "m", "a", d, NULL), CLM_EINVAL);
    assert_ptr_equal(t, keep);

    assert_string_equal(clm_todo_state_name(CLM_TODO_CANCELLED), "cancelled");
    assert_null(clm_todo_state_name((clm_todo_state)0));
    assert_string_equal(clm_todo_act_name(CLM_TODO_RESCHEDULED), "rescheduled");
    assert_null(clm_todo_act_name((clm_todo_act_kind)9));
    clm_todo_state s = CLM_TODO_OPEN;
    assert_int_equal(clm_todo_state_from_name(&s, "done"), 0);
    assert_int_equal(s, CLM_TODO_DONE);
    assert_int_equal(clm_todo_state_from_name(&s, "closed"), CLM_ENOTFOUND);
    assert_int_equal(s, CLM_TODO_DONE);
    assert_null(clm_todo_id(NULL));
    assert_int_equal(clm_todo_history_count(NULL), 0);
}

/* ---- the store -------------------------------------------------------------- */

static int count_audit(const clm_audit_entry *e, void *payload)
{
    int *n = payload;
    if (*n == 1) {
        assert_string_equal(e->actor.user, "petrov");
        assert_string_equal(e->note, "closing");
        assert_string_equal(e->before->state, "open");
        assert_string_equal(e->after->state, "done");
    }
    (*n)++;
    return 0;
}

static void test_store_round_trip(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_todo *t = mk("T-1", "C-1", "ivanov", day(2026, 12, 10));
    assert_int_equal(clm_todo_reschedule(t, &MGR, day(2026, 12, 11), "a|b\\c\nnext line"), 0);
    int64_t v = 0;
    assert_int_equal(clm_todo_store_save(&v, st, &MGR, t, 0, NULL), 0);
    assert_true(v == 1);
    assert_int_equal(clm_todo_store_save(NULL, st, &MGR, t, 0, NULL), CLM_EEXISTS);

    clm_record *r = NULL;
    assert_int_equal(clm_store_get(&r, st, CLM_RECORD_TASK, "T-1"), 0);
    assert_string_equal(r->client_id, "C-1");
    assert_string_equal(r->manager, "ivanov");
    assert_string_equal(r->state, "open");
    assert_string_equal(r->name, "call back about the invoice");
    assert_int_equal(r->due, day(2026, 12, 11));
    clm_record_free(r);

    clm_todo *back = NULL;
    int64_t bv = 0;
    assert_int_equal(clm_todo_store_load(&back, &bv, st, "T-1"), 0);
    assert_true(bv == 1);
    assert_int_equal(clm_todo_history_count(back), 2);
    clm_todo_act a;
    assert_int_equal(clm_todo_history_at(&a, back, 1), 0);
    assert_string_equal(a.note, "a|b\\c\nnext line");
    assert_int_equal(a.due_before, day(2026, 12, 10));
    assert_int_equal(clm_todo_done(back, &PETROV, NULL), 0);
    assert_int_equal(clm_todo_store_save(&v, st, &PETROV, back, bv, "closing"), 0);
    assert_true(v == 2);
    /* the stale copy is refused */
    assert_int_equal(clm_todo_store_save(NULL, st, &MGR, t, 1, NULL), CLM_ECONFLICT);
    clm_todo_free(back);
    assert_int_equal(clm_todo_store_load(&back, NULL, st, "T-1"), 0);
    assert_int_equal(clm_todo_state_of(back), CLM_TODO_DONE);
    clm_todo_free(back);

    clm_audit_filter af = CLM_AUDIT_FILTER_INIT;
    af.kind = CLM_RECORD_TASK;
    af.id = "T-1";
    int n = 0;
    assert_int_equal(clm_store_audit_scan(st, &af, count_audit, &n), 0);
    assert_int_equal(n, 2);

    back = (clm_todo *)&n;
    assert_int_equal(clm_todo_store_load(&back, NULL, st, "T-9"), CLM_ENOTFOUND);
    assert_ptr_equal(back, (clm_todo *)&n);
    assert_int_equal(clm_todo_store_save(NULL, st, &MGR, t, -1, NULL), CLM_EINVAL);
    assert_int_equal(clm_todo_store_save(NULL, NULL, &MGR, t, 0, NULL), CLM_EINVAL);
    clm_todo_free(t);
    close_store(st);
}

/* A record whose body is not a task that the API could build. */
static void expect_bad_body(clm_store *st, const char *id, const char *body, int code, const char *field)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_TASK;
    r.id = id;
    r.body = body;
    r.body_len = strlen(body);
    assert_int_equal(clm_store_put(NULL, st, &r), 0);
    clm_todo *t = NULL;
    int rc = clm_todo_store_load(&t, NULL, st, id);
    if (rc != code)
        fail_msg("%s: %d, expected %d (%s)", id, rc, code, clm_error_last()->message);
    assert_null(t);
    assert_string_equal(clm_error_last()->source, id);
    if (field != NULL)
        assert_string_equal(clm_error_last()->field, field);
}

static void test_bad_bodies(void **state)
{
    (void)state;
    clm_store *st = open_store();
#define HEAD_ "clm-task 1\nid=%s\nclient_id=C\nmanager=m\naction=a\ndue=2026-12-10\n"
    char b[512];
    expect_bad_body(st, "B1", "hello\n", CLM_EPARSE, NULL);
    expect_bad_body(st, "B2", "clm-task 2\n", CLM_EVERSION, NULL);
    snprintf(b, sizeof b, HEAD_ "state=open\n", "B3");
    expect_bad_body(st, "B3", b, CLM_EPARSE, "act");  /* no history */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=done|u|r|0|2026-12-10|2026-12-10|\n", "B4");
    expect_bad_body(st, "B4", b, CLM_EPARSE, "act");  /* not "created" first */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|0|2026-12-10|2026-12-10|\n"
                                "act=done|u|r|0|2026-12-10|2026-12-10|\n", "B5");
    expect_bad_body(st, "B5", b, CLM_EPARSE, "state"); /* says open, history says done */
    snprintf(b, sizeof b, HEAD_ "state=done\nact=created|u|r|0|2026-12-10|2026-12-10|\n"
                                "act=done|u|r|0|2026-12-10|2026-12-10|\n"
                                "act=rescheduled|u|r|0|2026-12-10|2026-12-11|\n", "B6");
    expect_bad_body(st, "B6", b, CLM_EPARSE, "act");  /* an act after the close */
    snprintf(b, sizeof b, HEAD_ "state=paused\nact=created|u|r|0|2026-12-10|2026-12-10|\n", "B7");
    expect_bad_body(st, "B7", b, CLM_EPARSE, "state"); /* not in the vocabulary */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|0|2026-12-10|2026-12-10|\n", "other");
    expect_bad_body(st, "B8", b, CLM_EPARSE, "id");   /* the body names another task */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|x|2026-12-10|2026-12-10|\n", "B9");
    expect_bad_body(st, "B9", b, CLM_EPARSE, "act");
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|0|2026-12-10|2026-12-10|\n", "B10");
    strcat(b, "due=2026-12-11\n");
    expect_bad_body(st, "B10", b, CLM_EPARSE, NULL); /* a field after the history */
#define ACT_ "act=created|u|r|0|2026-12-10|2026-12-10|\n"
    /* the act line's own shape */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|0|2026-12-10\n", "B11");
    expect_bad_body(st, "B11", b, CLM_EPARSE, "act");  /* six parts, not seven */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=hatched|u|r|0|2026-12-10|2026-12-10|\n", "B12");
    expect_bad_body(st, "B12", b, CLM_EPARSE, "act");  /* no such act */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r||2026-12-10|2026-12-10|\n", "B13");
    expect_bad_body(st, "B13", b, CLM_EPARSE, "act");  /* no moment */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|99999999999999999999|2026-12-10|2026-12-10|\n",
             "B14");
    expect_bad_body(st, "B14", b, CLM_EPARSE, "act");  /* a moment past int64 */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|0|10 Dec 2026|2026-12-10|\n", "B15");
    expect_bad_body(st, "B15", b, CLM_EPARSE, "act");  /* not a date */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u\\q|r|0|2026-12-10|2026-12-10|\n", "B16");
    expect_bad_body(st, "B16", b, CLM_EPARSE, "act");  /* a bad escape */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u\\x01|r|0|2026-12-10|2026-12-10|\n", "B17");
    expect_bad_body(st, "B17", b, CLM_EPARSE, "act");  /* a user that is no id */
    /* the history's rules */
    snprintf(b, sizeof b, HEAD_ "state=open\nact=created|u|r|0|2026-12-09|2026-12-10|\n", "B18");
    expect_bad_body(st, "B18", b, CLM_EPARSE, "act");  /* "created" moves the day */
    snprintf(b, sizeof b, HEAD_ "state=open\n" ACT_ "act=done|u|r|0|2026-12-09|2026-12-09|\n", "B19");
    expect_bad_body(st, "B19", b, CLM_EPARSE, "act");  /* not from the day left */
    snprintf(b, sizeof b, HEAD_ "state=open\n" ACT_ ACT_, "B20");
    expect_bad_body(st, "B20", b, CLM_EPARSE, "act");  /* "created" twice */
    snprintf(b, sizeof b, HEAD_ "state=open\n" ACT_ "act=rescheduled|u|r|0|2026-12-10|2026-12-10|\n",
             "B21");
    expect_bad_body(st, "B21", b, CLM_EPARSE, "act");  /* a reschedule to the same day */
    snprintf(b, sizeof b, HEAD_ "state=done\n" ACT_ "act=done|u|r|0|2026-12-10|2026-12-11|\n", "B22");
    expect_bad_body(st, "B22", b, CLM_EPARSE, "act");  /* done moves the day */
    snprintf(b, sizeof b, HEAD_ "state=open\n" ACT_ "act=rescheduled|u|r|0|2026-12-10|2026-12-12|\n",
             "B23");
    expect_bad_body(st, "B23", b, CLM_EPARSE, "due");  /* says 10 Dec, history says 12 */
    /* the fields */
    expect_bad_body(st, "B24", "clm-task 1\nid=B24\nid=B24\n", CLM_EPARSE, "id"); /* twice */
    expect_bad_body(st, "B25", "clm-task 1\nid=B25\nowner=x\n", CLM_EPARSE, NULL); /* unknown key */
    expect_bad_body(st, "B26", "clm-task 1\nid=B\\q26\n", CLM_EPARSE, "id"); /* bad escape */
    expect_bad_body(st, "B27", "clm-task 1\nid=B27\n" ACT_, CLM_EPARSE, "client_id"); /* missing */
    expect_bad_body(st, "B28", "clm-task 1\nid=B28", CLM_EPARSE, NULL); /* no line end */
    snprintf(b, sizeof b, "clm-task 1\nid=%s\nclient_id=C\nmanager=m\naction=a\ndue=someday\nstate=open\n" ACT_,
             "B29");
    expect_bad_body(st, "B29", b, CLM_EPARSE, "due");
    snprintf(b, sizeof b, "clm-task 1\nid=%s\nclient_id=C\nmanager=m\\x01\naction=a\ndue=2026-12-10\nstate=open\n" ACT_,
             "B30");
    expect_bad_body(st, "B30", b, CLM_EPARSE, NULL);   /* a manager that is no id */
    {
        clm_record r = CLM_RECORD_INIT; /* a NUL byte inside the body */
        r.kind = CLM_RECORD_TASK;
        r.id = "B31";
        r.body = "clm-task 1\n\0id=B31\n";
        r.body_len = 20;
        assert_int_equal(clm_store_put(NULL, st, &r), 0);
        clm_todo *t = NULL;
        assert_int_equal(clm_todo_store_load(&t, NULL, st, "B31"), CLM_EPARSE);
        assert_null(t);
    }
    close_store(st);
}

/* ---- due lists -------------------------------------------------------------- */

static void save(clm_store *st, clm_todo *t)
{
    assert_int_equal(clm_todo_store_save(NULL, st, &MGR, t, 0, NULL), 0);
    clm_todo_free(t);
}

/* ivanov: T-1 (C-2, 8 Dec, overdue), T-2 (C-1, 10 Dec), T-3 (C-1, 11 Dec,
 * not yet due), T-4 (C-3, 9 Dec, done), T-5 (C-1, 10 Dec, cancelled);
 * petrov: P-1 (C-1, 10 Dec), P-2 (C-4, 1 Dec); kuznetsov: K-1 (C-5, 10 Dec). */
static clm_store *seed(void)
{
    clm_store *st = open_store();
    save(st, mk("T-1", "C-2", "ivanov", day(2026, 12, 8)));
    save(st, mk("T-2", "C-1", "ivanov", day(2026, 12, 10)));
    save(st, mk("T-3", "C-1", "ivanov", day(2026, 12, 11)));
    clm_todo *t = mk("T-4", "C-3", "ivanov", day(2026, 12, 9));
    assert_int_equal(clm_todo_done(t, &MGR, NULL), 0);
    save(st, t);
    t = mk("T-5", "C-1", "ivanov", day(2026, 12, 10));
    assert_int_equal(clm_todo_cancel(t, &MGR, "duplicate"), 0);
    save(st, t);
    save(st, mk("P-1", "C-1", "petrov", day(2026, 12, 10)));
    save(st, mk("P-2", "C-4", "petrov", day(2026, 12, 1)));
    save(st, mk("K-1", "C-5", "kuznetsov", day(2026, 12, 10)));
    return st;
}

/* "id:acting:overdue" joined by spaces */
static void expect_list(clm_store *st, const clm_todo_query *q, const char *want)
{
    clm_todo_list *l = NULL;
    int rc = clm_todo_due(&l, st, q);
    if (rc != 0)
        fail_msg("clm_todo_due: %d (%s)", rc, clm_error_last()->message);
    char got[512] = "";
    for (size_t i = 0; i < clm_todo_list_count(l); i++) {
        clm_todo_due_entry e;
        assert_int_equal(clm_todo_list_at(&e, l, i), 0);
        char one[96];
        snprintf(one, sizeof one, "%s%s:%s:%d", i ? " " : "", clm_todo_id(e.task), e.acting, e.overdue);
        strcat(got, one);
    }
    clm_todo_due_entry e;
    assert_int_equal(clm_todo_list_at(&e, l, clm_todo_list_count(l)), CLM_ERANGE);
    clm_todo_list_free(l);
    if (strcmp(got, want) != 0)
        fail_msg("due list \"%s\", expected \"%s\"", got, want);
}

static void test_due_lists(void **state)
{
    (void)state;
    clm_store *st = seed();
    const char *ivanov[] = {"ivanov"};
    clm_todo_query q = CLM_TODO_QUERY_INIT;
    q.users = ivanov;
    q.nusers = 1;
    q.on = day(2026, 12, 10);
    /* across clients, by due day then client: T-3 not yet due, T-4 done and
     * T-5 cancelled are not listed */
    expect_list(st, &q, "T-1:ivanov:1 T-2:ivanov:0");
    q.client_id = "C-1";
    expect_list(st, &q, "T-2:ivanov:0");
    q.client_id = NULL;
    q.on = day(2026, 12, 7);
    expect_list(st, &q, "");

    /* the team: ivanov and petrov */
    const char *team[] = {"ivanov", "petrov"};
    q.users = team;
    q.nusers = 2;
    q.on = day(2026, 12, 10);
    expect_list(st, &q, "P-2:petrov:1 T-1:ivanov:1 P-1:petrov:0 T-2:ivanov:0");

    /* petrov replaces ivanov from 9 to 12 December */
    clm_delegations *d = NULL;
    assert_int_equal(clm_delegations_new(&d), 0);
    assert_int_equal(clm_delegations_add(d, "ivanov", "petrov", day(2026, 12, 9), day(2026, 12, 12)), 0);
    q.delegations = d;
    const char *petrov[] = {"petrov"};
    q.users = petrov;
    q.nusers = 1;
    expect_list(st, &q, "P-2:petrov:1 T-1:petrov:1 P-1:petrov:0 T-2:petrov:0");
    /* the team list names the deputy as the one who acts */
    q.users = team;
    q.nusers = 2;
    expect_list(st, &q, "P-2:petrov:1 T-1:petrov:1 P-1:petrov:0 T-2:petrov:0");
    /* outside the period the deputy sees only his own */
    q.users = petrov;
    q.nusers = 1;
    q.on = day(2026, 12, 13);
    expect_list(st, &q, "P-2:petrov:1 P-1:petrov:1");
    q.on = day(2026, 12, 8);
    expect_list(st, &q, "P-2:petrov:1");
    /* the absent manager's own list still holds his tasks, acted on by the deputy */
    q.users = ivanov;
    q.on = day(2026, 12, 10);
    expect_list(st, &q, "T-1:petrov:1 T-2:petrov:0");
    clm_delegations_free(d);

    /* bad queries change nothing */
    clm_todo_list *l = (clm_todo_list *)&q;
    clm_todo_query bad = q;
    bad.delegations = NULL;
    bad.nusers = 0;
    assert_int_equal(clm_todo_due(&l, st, &bad), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "users");
    bad = q;
    bad.delegations = NULL;
    const char *empty[] = {""};
    bad.users = empty;
    assert_int_equal(clm_todo_due(&l, st, &bad), CLM_EINVAL);
    bad = q;
    bad.delegations = NULL;
    bad.on = CLM_RECORD_NO_DUE;
    assert_int_equal(clm_todo_due(&l, st, &bad), CLM_ERANGE);
    bad.on = q.on;
    bad.version = 0;
    assert_int_equal(clm_todo_due(&l, st, &bad), CLM_EVERSION);
    assert_ptr_equal(l, (clm_todo_list *)&q);
    assert_int_equal(clm_todo_query_init(&bad), 0);
    assert_int_equal(bad.version, CLM_TODO_QUERY_VERSION);
    assert_int_equal(bad.on, CLM_RECORD_NO_DUE);
    close_store(st);
}

/* The list reads one index range per manager: with a fault backend in
 * between, a list for two managers makes exactly two storage calls. */
static void test_due_reads_by_index(void **state)
{
    (void)state;
    clm_store *st = NULL;
    fault_backend *fb = NULL;
    assert_int_equal(fault_store_open(&st, &fb), 0);
    for (int i = 0; i < 50; i++) {
        char id[16], client[16];
        snprintf(id, sizeof id, "X-%02d", i);
        snprintf(client, sizeof client, "C-%02d", i);
        save(st, mk(id, client, i % 2 ? "petrov" : "ivanov", day(2026, 12, 1 + i % 20)));
    }
    const char *team[] = {"ivanov", "petrov"};
    clm_todo_query q = CLM_TODO_QUERY_INIT;
    q.users = team;
    q.nusers = 2;
    q.on = day(2026, 12, 3);
    fault_fail_at(fb, 0, 0);
    clm_todo_list *l = NULL;
    assert_int_equal(clm_todo_due(&l, st, &q), 0);
    assert_int_equal(fault_calls(fb), 2);
    /* due on 1, 2, 3 December: i % 20 in {0, 1, 2} of 50 */
    assert_int_equal(clm_todo_list_count(l), 9);
    clm_todo_list_free(l);
    /* a read failure is passed on and leaves *out alone */
    fault_fail_at(fb, 2, CLM_EIO);
    l = NULL;
    assert_int_equal(clm_todo_due(&l, st, &q), CLM_EIO);
    assert_null(l);
    clm_todo *t = NULL;
    fault_fail_at(fb, 1, CLM_EIO);
    assert_int_equal(clm_todo_store_load(&t, NULL, st, "X-01"), CLM_EIO);
    assert_null(t);
    clm_store_free(st);
}

/* ---- closing a stored task by logging a contact ---------------------------- */

static int count_by_petrov(const clm_audit_entry *e, void *payload)
{
    *(int *)payload += strcmp(e->actor.user, "petrov") == 0 && strcmp(e->note, "paid") == 0;
    return 0;
}

static clm_contact_entry contact_with(const char *client)
{
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    e.direction = CLM_CONTACT_OUTGOING;
    e.channel = CLM_CHANNEL_CALL;
    e.at = PETROV.at;
    e.client_id = client;
    e.manager = "petrov";
    e.result = "the invoice is paid";
    return e;
}

static int stored_contacts(clm_store *st)
{
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_store_load_log(&log, st, NULL), 0);
    int n = (int)clm_contact_log_count(log);
    clm_contact_log_free(log);
    return n;
}

static clm_todo_state stored_state(clm_store *st, const char *id, int64_t *v)
{
    clm_todo *t = NULL;
    assert_int_equal(clm_todo_store_load(&t, v, st, id), 0);
    clm_todo_state s = clm_todo_state_of(t);
    clm_todo_free(t);
    return s;
}

static void test_done_by_contact(void **state)
{
    (void)state;
    clm_store *st = open_store();
    save(st, mk("T-1", "C-1", "ivanov", day(2026, 12, 10)));
    clm_contact_entry e = contact_with("C-1");
    int64_t v = 0;
    /* petrov, the deputy, calls; the task is done by him, when he logs it */
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &PETROV, "T-1", 1, "E-1", &e, "paid"), 0);
    assert_true(v == 2);
    clm_todo *t = NULL;
    assert_int_equal(clm_todo_store_load(&t, NULL, st, "T-1"), 0);
    assert_int_equal(clm_todo_state_of(t), CLM_TODO_DONE);
    assert_int_equal(clm_todo_history_count(t), 2);
    clm_todo_act a;
    assert_int_equal(clm_todo_history_at(&a, t, 1), 0);
    assert_int_equal(a.kind, CLM_TODO_ACT_DONE);
    assert_string_equal(a.user, "petrov");
    assert_true(a.at == PETROV.at);
    assert_string_equal(a.note, "contact E-1: paid");
    clm_todo_free(t);
    clm_contact_log *log = NULL;
    assert_int_equal(clm_contact_store_load_log(&log, st, NULL), 0);
    assert_int_equal(clm_contact_log_count(log), 1);
    clm_contact_entry back;
    assert_int_equal(clm_contact_log_at(&back, log, 0), 0);
    assert_string_equal(back.client_id, "C-1");
    assert_string_equal(back.result, "the invoice is paid");
    clm_contact_log_free(log);
    /* both writes are audited, by petrov */
    clm_audit_filter af = CLM_AUDIT_FILTER_INIT;
    af.kind = CLM_RECORD_CONTACT;
    int n = 0;
    assert_int_equal(clm_store_audit_scan(st, &af, count_by_petrov, &n), 0);
    assert_int_equal(n, 1);
    af.kind = CLM_RECORD_TASK;
    n = 0;
    assert_int_equal(clm_store_audit_scan(st, &af, count_by_petrov, &n), 0);
    assert_int_equal(n, 1);

    /* a closed task is refused, and the contact is not logged either */
    assert_int_equal(clm_todo_store_done_by_contact(NULL, st, &PETROV, "T-1", 0, "E-2", &e, NULL),
                     CLM_ESTATE);
    assert_int_equal(stored_contacts(st), 1);
    /* without a note the act still names the contact */
    save(st, mk("T-2", "C-1", "ivanov", day(2026, 12, 11)));
    assert_int_equal(clm_todo_store_done_by_contact(NULL, st, &MGR, "T-2", 0, "E-2", &e, NULL), 0);
    assert_int_equal(clm_todo_store_load(&t, NULL, st, "T-2"), 0);
    assert_int_equal(clm_todo_history_at(&a, t, 1), 0);
    assert_string_equal(a.note, "contact E-2");
    assert_string_equal(a.user, "ivanov");
    clm_todo_free(t);
    close_store(st);
}

static void test_done_by_contact_bad_input(void **state)
{
    (void)state;
    clm_store *st = open_store();
    save(st, mk("T-1", "C-1", "ivanov", day(2026, 12, 10)));
    save(st, mk("T-2", "C-1", "ivanov", day(2026, 12, 10)));
    clm_contact_entry e = contact_with("C-1");
    assert_int_equal(clm_todo_store_done_by_contact(NULL, st, &MGR, "T-2", 0, "E-1", &e, NULL), 0);
    int64_t v = 77;
    /* a contact with another client */
    clm_contact_entry other = contact_with("C-2");
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, "E-9", &other, NULL),
                     CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "client_id");
    assert_non_null(strstr(clm_error_last()->message, "C-2"));
    /* a stale version */
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 2, "E-9", &e, NULL),
                     CLM_ECONFLICT);
    /* no such task */
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-9", 0, "E-9", &e, NULL),
                     CLM_ENOTFOUND);
    /* the entry id is taken: the task stays open (one transaction) */
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, "E-1", &e, NULL),
                     CLM_EEXISTS);
    /* a bad entry, entry id, note, actor, version, NULLs */
    clm_contact_entry bad = contact_with("C-1");
    bad.manager = "";
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, "E-9", &bad, NULL),
                     CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "manager");
    bad = contact_with("C-1");
    bad.version = 99;
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, "E-9", &bad, NULL),
                     CLM_EVERSION);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, "", &e, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, "E-9", &e, "a\x01"),
                     CLM_EINVAL);
    const clm_actor nobody = {"", "manager", 1796385600};
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &nobody, "T-1", 0, "E-9", &e, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", -1, "E-9", &e, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_todo_store_done_by_contact(&v, NULL, &MGR, "T-1", 0, "E-9", &e, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, NULL, "T-1", 0, "E-9", &e, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, NULL, 0, "E-9", &e, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, NULL, &e, NULL),
                     CLM_EINVAL);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-1", 0, "E-9", NULL, NULL),
                     CLM_EINVAL);
    /* none of them changed anything */
    assert_true(v == 77);
    int64_t tv = 0;
    assert_int_equal(stored_state(st, "T-1", &tv), CLM_TODO_OPEN);
    assert_true(tv == 1);
    assert_int_equal(stored_contacts(st), 1);
    assert_int_equal(clm_store_depth(st), 0);

    /* inside the caller's transaction a failure undoes only its own level */
    assert_int_equal(clm_store_begin(st), 0);
    save(st, mk("T-3", "C-1", "ivanov", day(2026, 12, 12)));
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-3", 0, "E-1", &e, NULL),
                     CLM_EEXISTS);
    assert_int_equal(clm_store_depth(st), 1);
    assert_int_equal(stored_state(st, "T-3", NULL), CLM_TODO_OPEN);
    assert_int_equal(clm_todo_store_done_by_contact(&v, st, &MGR, "T-3", 0, "E-3", &e, NULL), 0);
    assert_int_equal(clm_store_depth(st), 1);
    assert_int_equal(clm_store_rollback(st), 0);
    clm_todo *gone = NULL;
    assert_int_equal(clm_todo_store_load(&gone, NULL, st, "T-3"), CLM_ENOTFOUND);
    assert_int_equal(stored_contacts(st), 1);
    close_store(st);
}

/* ---- storage faults and OOM --------------------------------------------- */

typedef struct fstate {
    clm_todo *t;
} fstate;

static void *fault_setup(clm_store *st)
{
    save(st, mk("T-0", "C-1", "ivanov", day(2026, 12, 9)));
    fstate *s = calloc(1, sizeof *s);
    s->t = mk("T-1", "C-1", "ivanov", day(2026, 12, 10));
    return s;
}

/* create, load, reschedule, save again: on any fault nothing is stored */
static int fault_op(clm_store *st, void *state)
{
    fstate *s = state;
    int rc = clm_todo_store_save(NULL, st, &MGR, s->t, 0, NULL);
    if (rc < 0)
        return rc;
    clm_todo *t = NULL;
    int64_t v = 0;
    if ((rc = clm_todo_store_load(&t, &v, st, "T-0")) < 0)
        return rc;
    rc = clm_todo_reschedule(t, &PETROV, day(2026, 12, 15), "moved");
    if (rc == 0)
        rc = clm_todo_store_save(NULL, st, &PETROV, t, v, NULL);
    clm_todo_free(t);
    return rc;
}

static int fault_op_tx(clm_store *st, void *state)
{
    int rc = clm_store_begin(st);
    if (rc < 0)
        return rc;
    rc = fault_op(st, state);
    if (rc < 0) {
        clm_store_rollback(st);
        return rc;
    }
    return clm_store_commit(st);
}

static void fault_teardown(void *state)
{
    fstate *s = state;
    clm_todo_free(s->t);
    free(s);
}

/* the contact and the done act: on any fault neither is stored */
static int fault_op_contact(clm_store *st, void *state)
{
    (void)state;
    clm_contact_entry e = contact_with("C-1");
    return clm_todo_store_done_by_contact(NULL, st, &PETROV, "T-0", 1, "E-1", &e, "paid");
}

static int new_sqlite(clm_store_backend **out, void *payload)
{
    (void)payload;
    snprintf(g_path, sizeof g_path, "/tmp/clm-task-fault-%ld.db", (long)getpid());
    rm_db(g_path);
    return clm_store_backend_sqlite_new(out, g_path, NULL);
}

static void test_fault_walk(void **state)
{
    (void)state;
    fault_case fc = {fault_setup, fault_op_tx, fault_teardown};
    /* begin; audited create (begin, put, append, commit: nothing read
     * first); get; audited update (begin, get, put, append, commit);
     * commit */
    long calls = g_sqlite ? fault_check_over(&fc, new_sqlite, NULL) : fault_check(&fc);
    assert_int_equal(calls, 12);
    if (g_sqlite)
        rm_db(g_path);
    fault_case fc2 = {fault_setup, fault_op_contact, fault_teardown};
    /* one level (begin ... commit) holding the task's read (get), the
     * audited create of the contact (put, append) and the audited update
     * of the task (get, put, append), neither with a level of its own */
    calls = g_sqlite ? fault_check_over(&fc2, new_sqlite, NULL) : fault_check(&fc2);
    assert_int_equal(calls, 8);
    if (g_sqlite)
        rm_db(g_path);
}

typedef struct ostate {
    clm_store *st;
    clm_todo *t;
    store_snapshot before;
} ostate;

static void *oom_setup(void)
{
    ostate *s = calloc(1, sizeof *s);
    assert_int_equal(clm_store_open_memory(&s->st), 0);
    save(s->st, mk("T-0", "C-1", "ivanov", day(2026, 12, 9)));
    save(s->st, mk("P-0", "C-2", "petrov", day(2026, 12, 8)));
    s->t = mk("T-1", "C-1", "ivanov", day(2026, 12, 10));
    assert_int_equal(clm_todo_reschedule(s->t, &MGR, day(2026, 12, 11), "later"), 0);
    assert_int_equal(store_snapshot_take(&s->before, s->st), 0);
    return s;
}

static bool oom_unchanged(void *state)
{
    ostate *s = state;
    return clm_store_depth(s->st) == 0 && store_snapshot_matches(&s->before, s->st) &&
           clm_todo_state_of(s->t) == CLM_TODO_OPEN && clm_todo_history_count(s->t) == 2 &&
           clm_todo_due_day(s->t) == day(2026, 12, 11);
}

static void oom_teardown(void *state)
{
    ostate *s = state;
    store_snapshot_free(&s->before);
    clm_todo_free(s->t);
    clm_store_free(s->st);
    free(s);
}

static int op_new(void *state)
{
    (void)state;
    clm_todo *t = NULL;
    int rc = clm_todo_new(&t, "T-9", "C-1", "ivanov", "visit", day(2026, 12, 10), &MGR);
    clm_todo_free(t);
    return rc;
}

static int op_done(void *state)
{
    return clm_todo_done(((ostate *)state)->t, &PETROV, "done by phone");
}

static int op_cancel(void *state)
{
    return clm_todo_cancel(((ostate *)state)->t, &PETROV, "client closed");
}

static int op_reschedule(void *state)
{
    return clm_todo_reschedule(((ostate *)state)->t, &PETROV, day(2026, 12, 12), "later still");
}

static int op_save(void *state)
{
    ostate *s = state;
    return clm_todo_store_save(NULL, s->st, &MGR, s->t, 0, NULL);
}

static int op_load(void *state)
{
    clm_todo *t = NULL;
    int rc = clm_todo_store_load(&t, NULL, ((ostate *)state)->st, "T-0");
    clm_todo_free(t);
    return rc;
}

static int op_due(void *state)
{
    ostate *s = state;
    clm_delegations *d = NULL;
    int rc = clm_delegations_new(&d);
    if (rc == 0)
        rc = clm_delegations_add(d, "petrov", "ivanov", day(2026, 12, 1), day(2026, 12, 31));
    const char *users[] = {"ivanov"};
    clm_todo_query q = CLM_TODO_QUERY_INIT;
    q.users = users;
    q.nusers = 1;
    q.on = day(2026, 12, 10);
    q.delegations = d;
    clm_todo_list *l = NULL;
    if (rc == 0)
        rc = clm_todo_due(&l, s->st, &q);
    if (rc == 0 && clm_todo_list_count(l) != 2)
        rc = CLM_EINVAL;
    clm_todo_list_free(l);
    clm_delegations_free(d);
    return rc;
}

static int op_done_by_contact(void *state)
{
    clm_contact_entry e = contact_with("C-1");
    return clm_todo_store_done_by_contact(NULL, ((ostate *)state)->st, &PETROV, "T-0", 0, "E-1",
                                          &e, "paid");
}

static void test_oom(void **state)
{
    (void)state;
    int (*ops[])(void *) = {op_new, op_done, op_cancel, op_reschedule, op_save, op_load, op_due,
                              op_done_by_contact};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        /* a failed call leaves the task and the store as they were */
        oom_case c = {oom_setup, ops[i], oom_unchanged, oom_teardown};
        assert_true(oom_check(&c) >= 1);
    }
}

int main(int argc, char **argv)
{
    g_sqlite = argc > 1 && strcmp(argv[1], "--sqlite") == 0;
    oom_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acts_and_history),
        cmocka_unit_test(test_new_bad_input),
        cmocka_unit_test(test_store_round_trip),
        cmocka_unit_test(test_bad_bodies),
        cmocka_unit_test(test_due_lists),
        cmocka_unit_test(test_due_reads_by_index),
        cmocka_unit_test(test_done_by_contact),
        cmocka_unit_test(test_done_by_contact_bad_input),
        cmocka_unit_test(test_fault_walk),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests_name(g_sqlite ? "task sqlite" : "task memory", tests, NULL, NULL);
}
