/*
 * claim-desk — a claims desk over libclm's claim API.
 *
 *   claim-desk [--sqlite FILE] [--regimes FILE.xml] [--on YYYY-MM-DD]
 *       registers sample claims under each regime (a consumer's refund, a
 *       replacement with a quality check, a repair, a business claim, the
 *       company's own claim for late payment, and one under a regime of
 *       your own from XML), moves them through the workflow (with a pause
 *       and an escalation by a deputy), prints their deadlines, what is
 *       due or overdue on --on (default 2026-01-13), the penalties, the
 *       causes report and the automatic escalation of the claims at risk
 *       on --on. Memory store unless --sqlite.
 *
 *   claim-desk claim RECEIVED DEMAND "PRICE" [SATISFIED]
 *       one consumer claim: its number, deadline and, if SATISFIED is
 *       given, the penalty for the delay (consumer law art. 23).
 *       DEMAND is refund, price_reduction, replacement, repair, damages.
 *
 * Exit status: 0 done, 2 bad input or a failed call (the message says
 * what, where and why).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clm/clm.h>

#include "tool.h"

static const char *const WD[8] = { "?", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                   "Saturday", "Sunday" };

static int fail(const char *what)
{
    const clm_error *e = clm_error_last();
    fprintf(stderr, "claim-desk: %s: %s\n", what, e->message);
    return 2;
}

static const char *ds(clm_date d, char *buf)
{
    if (d == CLM_CLAIM_NO_DATE || clm_date_format(buf, CLM_DATE_FORMAT_MAX, d) < 0)
        snprintf(buf, CLM_DATE_FORMAT_MAX, "-");
    return buf;
}

static const char *ms(const clm_money *m, char *buf)
{
    if (clm_money_format(buf, CLM_MONEY_FORMAT_MAX, m) < 0)
        snprintf(buf, CLM_MONEY_FORMAT_MAX, "?");
    return buf;
}

/* ---- one claim: the README's main example ----------------------------------- */

static int one_claim(int argc, char **argv)
{
    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: claim-desk claim RECEIVED DEMAND \"PRICE\" [SATISFIED]\n");
        return 2;
    }
    clm_claim_info in = CLM_CLAIM_INFO_INIT;
    int demand;
    if (clm_date_parse(&in.received, argv[2]) < 0)
        return fail("received");
    if (clm_claim_from_name(&demand, CLM_CLAIM_VOCAB_DEMAND, argv[3]) < 0)
        return fail("demand");
    if (clm_money_parse(&in.price, argv[4]) < 0)
        return fail("price");
    clm_date satisfied = CLM_CLAIM_NO_DATE;
    if (argc == 6 && clm_date_parse(&satisfied, argv[5]) < 0)
        return fail("satisfied");
    in.client_id = "C-0001";
    in.manager = "ivanov";
    in.form = CLM_CLAIM_WRITTEN;
    in.channel = CLM_CLAIM_EMAIL;
    in.subject = CLM_CLAIM_QUALITY_DEFECT;
    in.demand = (clm_claim_demand)demand;
    in.claimed = in.price;
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    clm_claim_regimes *regimes = NULL;
    clm_calendar *ru = NULL;
    clm_store *st = NULL;
    clm_claim *c = NULL;
    clm_actor who = { "ivanov", "manager", 0 };
    int rc = 2;
    if (clm_claim_regimes_new(&regimes) < 0 || clm_calendar_new_ru(&ru) < 0 ||
        clm_store_open_memory(&st) < 0) {
        rc = fail("setup");
        goto done;
    }
    if (clm_claim_store_register(&c, st, &in, regimes, ru, NULL, &who) < 0) {
        rc = fail("register");
        goto done;
    }
    clm_claim_deadlines d;
    if (clm_claim_deadlines_get(&d, c, ru, in.received) < 0) {
        rc = fail("deadline");
        goto done;
    }
    char a[CLM_DATE_FORMAT_MAX], b[CLM_DATE_FORMAT_MAX], m[CLM_MONEY_FORMAT_MAX];
    printf("claim:     %s, %s of goods priced %s, received %s (%s)\n", clm_claim_number(c), argv[3],
           ms(&in.price, m), ds(in.received, a), WD[clm_date_weekday(in.received)]);
    printf("regime:    RU consumer protection law (art. 20-22), calendar %s\n", clm_calendar_name(ru));
    printf("deadline:  %s (%s), until 24:00 (Civil Code art. 191-194)\n", ds(d.resolution, b),
           WD[clm_date_weekday(d.resolution)]);
    if (satisfied != CLM_CLAIM_NO_DATE) {
        clm_claim_penalty_result p;
        if (clm_claim_penalty(&p, c, ru, satisfied, NULL, 0, NULL) < 0) {
            rc = fail("penalty");
            goto done;
        }
        printf("satisfied: %s: %d day(s) late", ds(satisfied, a), (int)p.days);
        if (p.days > 0)
            printf(" (%s .. %s)", ds(p.first_day, a), ds(p.last_day, b));
        printf("\npenalty:   %s (1 %% of the price a day, consumer law art. 23; half-up)\n",
               ms(&p.amount, m));
    }
    rc = 0;
done:
    clm_claim_free(c);
    clm_store_free(st);
    clm_calendar_free(ru);
    clm_claim_regimes_free(regimes);
    return rc;
}

/* ---- the desk ------------------------------------------------------------------ */

typedef struct desk {
    clm_store *st;
    clm_calendar *ru;
    clm_claim_regimes *regimes;
    clm_claim *c[8];
    int n;
} desk;

static clm_date D(const char *s)
{
    clm_date d = 0;
    clm_date_parse(&d, s);
    return d;
}

static clm_money RUB(const char *s)
{
    clm_money m;
    clm_money_parse(&m, s);
    return m;
}

static int reg(desk *k, clm_claim_info *in, const char *label)
{
    clm_actor who = { in->manager, "manager", 0 };
    clm_claim *c = NULL;
    if (clm_claim_store_register(&c, k->st, in, k->regimes, k->ru, NULL, &who) < 0)
        return fail(label);
    k->c[k->n++] = c;
    printf("registered %s  %-40s regime %s\n", clm_claim_number(c), label, in->regime);
    return 0;
}

static int save(desk *k, clm_claim *c, const clm_actor *who, const char *note)
{
    if (clm_claim_store_save(k->st, c, k->ru, who, note) < 0)
        return fail("save");
    return 0;
}

static int print_due(const clm_claim_due_item *it, void *payload)
{
    (void)payload;
    static const char *const U[] = { "", "warning", "due today", "OVERDUE" };
    char a[CLM_DATE_FORMAT_MAX];
    printf("  %s  %-10s %-20s deadline %s  %s\n", it->number, it->handler,
           clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)it->state), ds(it->deadline, a),
           U[it->urgency]);
    return 0;
}

/* The department's chain: who holds each role above the manager. */
static int department(const char **out, const clm_claim *c, const char *to_role, void *payload)
{
    (void)c;
    (void)payload;
    *out = strcmp(to_role, "director") == 0 ? "orlov" : "kuznetsova";
    return 0;
}

static int run_desk(const char *sqlite, const char *regimes_file, clm_date on)
{
    desk k;
    memset(&k, 0, sizeof k);
    int rc = 2;
    if (clm_claim_regimes_new(&k.regimes) < 0 || clm_calendar_new_ru(&k.ru) < 0) {
        rc = fail("setup");
        goto done;
    }
    if (regimes_file != NULL && clm_claim_regimes_load_file(k.regimes, regimes_file, NULL) < 0) {
        rc = fail("regimes");
        goto done;
    }
    if ((sqlite != NULL ? clm_store_open_sqlite(&k.st, sqlite, NULL) : clm_store_open_memory(&k.st)) < 0) {
        rc = fail("store");
        goto done;
    }
    printf("store: %s\n\n", sqlite != NULL ? sqlite : "memory");

    /* 0: a consumer's refund, 25 Dec 2025 (the README's main example). */
    clm_claim_info in = CLM_CLAIM_INFO_INIT;
    in.client_id = "C-0001";
    in.manager = "ivanov";
    in.client_category = "retail";
    in.concerns = CLM_CLAIM_CONCERNS_ORDER;
    in.concerns_id = "O-1001";
    in.form = CLM_CLAIM_WRITTEN;
    in.channel = CLM_CLAIM_EMAIL;
    in.received = D("2025-12-25");
    in.subject = CLM_CLAIM_QUALITY_DEFECT;
    in.demand = CLM_CLAIM_REFUND;
    in.claimed = in.price = RUB("15000.00 RUB");
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    if (reg(&k, &in, "refund, kettle leaks") != 0)
        goto done;
    /* 1: a replacement needing a quality check, 13 Apr 2026. */
    in.client_id = "C-0002";
    in.concerns_id = "O-1002";
    in.received = D("2026-04-13");
    in.demand = CLM_CLAIM_REPLACEMENT;
    in.quality_check = 1;
    in.channel = CLM_CLAIM_IN_PERSON;
    in.form = CLM_CLAIM_ORAL;
    in.claimed = in.price = RUB("42000.00 RUB");
    if (reg(&k, &in, "replacement with quality check") != 0)
        goto done;
    /* 2: a repair, 24 Mar 2025. */
    in.client_id = "C-0003";
    in.manager = "petrov";
    in.concerns_id = "O-0877";
    in.received = D("2025-03-24");
    in.demand = CLM_CLAIM_REPAIR;
    in.quality_check = 0;
    in.claimed = in.price = RUB("8900.00 RUB");
    if (reg(&k, &in, "repair of a washing machine") != 0)
        goto done;
    /* 3: a business client's claim for a shortage, 3 Oct 2025; the
     * contract sets no penalty: Civil Code art. 395. */
    in.client_id = "B-0100";
    in.client_category = "wholesale";
    in.manager = "ivanov";
    in.concerns = CLM_CLAIM_CONCERNS_CONTRACT;
    in.concerns_id = "K-2025-14";
    in.form = CLM_CLAIM_WRITTEN;
    in.channel = CLM_CLAIM_POST;
    in.received = D("2025-10-03");
    in.subject = CLM_CLAIM_SHORTAGE;
    in.demand = CLM_CLAIM_PAYMENT;
    in.claimed = RUB("250000.00 RUB");
    in.price = RUB("1250000.00 RUB");
    in.regime = CLM_CLAIM_REGIME_RU_BUSINESS;
    if (reg(&k, &in, "shortage, 50 of 250 boxes") != 0)
        goto done;
    /* 4: the company's claim against a client who paid late: 0.1 % a day. */
    in.direction = CLM_CLAIM_OUTGOING;
    in.client_id = "B-0200";
    in.concerns_id = "K-2025-31";
    in.received = D("2026-02-10");
    in.subject = CLM_CLAIM_LATE_PAYMENT;
    in.claimed = in.price = RUB("100000.00 RUB");
    in.contract_rate = 1000;
    in.obligation_due = D("2026-02-02");
    if (reg(&k, &in, "outgoing: invoice 2026-0042 unpaid") != 0)
        goto done;
    /* 5: under the user's own regime, if one was loaded. */
    if (regimes_file != NULL) {
        clm_claim_info u = CLM_CLAIM_INFO_INIT;
        u.client_id = "B-0300";
        u.manager = "petrov";
        u.form = CLM_CLAIM_ELECTRONIC;
        u.channel = CLM_CLAIM_WEB;
        u.received = D("2026-01-31");
        u.subject = CLM_CLAIM_DELIVERY_DELAY;
        u.demand = CLM_CLAIM_DAMAGES;
        u.claimed = u.price = RUB("30000.00 RUB");
        u.regime = "supply-contract";
        if (reg(&k, &u, "delivery delay (user regime)") != 0)
            goto done;
    }

    /* The workflow. */
    clm_actor iv = { "ivanov", "manager", 0 }, pe = { "petrov", "manager", 0 };
    clm_actor sid = { "sidorov", "manager", 0 }, head = { "kuznetsova", "head_of_department", 0 };
    clm_claim *c0 = k.c[0], *c1 = k.c[1], *c2 = k.c[2], *c3 = k.c[3], *c4 = k.c[4];
    if (clm_claim_move(c0, CLM_CLAIM_ACKNOWLEDGED, &iv, D("2025-12-26"), "by e-mail", NULL) < 0 ||
        save(&k, c0, &iv, NULL) != 0)
        return fail("acknowledge");
    /* The pause: photos asked from the client 15 Apr, received 20 Apr. */
    if (clm_claim_move(c1, CLM_CLAIM_ACKNOWLEDGED, &iv, D("2026-04-14"), NULL, NULL) < 0 ||
        clm_claim_move(c1, CLM_CLAIM_AWAITING_CLIENT, &iv, D("2026-04-15"), "photos of the defect asked", NULL) < 0 ||
        clm_claim_move(c1, CLM_CLAIM_UNDER_ASSESSMENT, &iv, D("2026-04-20"), "photos received", NULL) < 0 ||
        save(&k, c1, &iv, NULL) != 0)
        return fail("pause");
    printf("\npaused %s from 2026-04-15 to 2026-04-20 (awaiting the client)\n", clm_claim_number(c1));
    /* The repair: done and the client told; cause: the carrier. */
    clm_money g2 = RUB("8900.00 RUB");
    if (clm_claim_move(c2, CLM_CLAIM_ACKNOWLEDGED, &pe, D("2025-03-25"), NULL, NULL) < 0 ||
        clm_claim_move(c2, CLM_CLAIM_UNDER_ASSESSMENT, &pe, D("2025-03-26"), NULL, NULL) < 0 ||
        clm_claim_set_cause(c2, "drum damaged in transport", CLM_CLAIM_PARTY_CARRIER, &pe, D("2025-03-27")) < 0 ||
        clm_claim_decide(c2, CLM_CLAIM_ACCEPTED, &g2, "transport damage confirmed", &pe, D("2025-03-28")) < 0 ||
        clm_claim_move(c2, CLM_CLAIM_REMEDY_IN_PROGRESS, &pe, D("2025-03-28"), NULL, NULL) < 0 ||
        clm_claim_inform(c2, CLM_CLAIM_PHONE, "Repaired under warranty; collect on Monday.", &pe, D("2025-04-18")) < 0 ||
        clm_claim_move(c2, CLM_CLAIM_CLOSED, &pe, D("2025-04-21"), NULL, NULL) < 0 ||
        save(&k, c2, &pe, NULL) != 0)
        return fail("repair");
    /* The escalation: ivanov is on leave; his deputy sidorov escalates the
     * business claim to the head of department. */
    clm_delegations *dl = NULL;
    if (clm_delegations_new(&dl) < 0 ||
        clm_delegations_add(dl, "ivanov", "sidorov", D("2025-10-06"), D("2025-10-17")) < 0)
        return fail("delegations");
    int esc = clm_claim_move(c3, CLM_CLAIM_ACKNOWLEDGED, &sid, D("2025-10-06"), NULL, NULL) == 0 &&
              clm_claim_move(c3, CLM_CLAIM_UNDER_ASSESSMENT, &sid, D("2025-10-06"), NULL, NULL) == 0 &&
              clm_claim_escalate(c3, NULL, dl, "kuznetsova", "250000.00 RUB is above a manager's authority",
                                 0, &sid, D("2025-10-07")) == 0;
    clm_delegations_free(dl);
    if (!esc || save(&k, c3, &sid, NULL) != 0)
        return fail("escalate");
    clm_claim_escalation e;
    clm_claim_escalation_at(&e, c3, 0);
    printf("escalated %s: %s -> %s by %s (%s, deputy for ivanov) on 2025-10-07\n", clm_claim_number(c3),
           e.from_user, e.to_user, e.by_user, e.by_role);
    clm_money g3 = RUB("250000.00 RUB");
    if (clm_claim_set_cause(c3, "picking error at the warehouse", CLM_CLAIM_PARTY_COMPANY, &head, D("2025-10-10")) < 0 ||
        clm_claim_decide(c3, CLM_CLAIM_ACCEPTED, &g3, "shortage confirmed by the waybill", &head, D("2025-11-18")) < 0 ||
        clm_claim_inform(c3, CLM_CLAIM_POST, "Letter 2025/117: 250000.00 RUB will be paid.", &head, D("2025-11-20")) < 0 ||
        save(&k, c3, &head, NULL) != 0)
        return fail("business claim");
    if (clm_claim_move(c4, CLM_CLAIM_ACKNOWLEDGED, &iv, D("2026-02-10"), NULL, NULL) < 0 ||
        save(&k, c4, &iv, NULL) != 0)
        return fail("outgoing claim");

    /* Deadlines. */
    printf("\ndeadlines\n");
    for (int i = 0; i < k.n; i++) {
        clm_claim_deadlines d;
        char a[CLM_DATE_FORMAT_MAX], b[CLM_DATE_FORMAT_MAX], n[CLM_DATE_FORMAT_MAX];
        if (clm_claim_deadlines_get(&d, k.c[i], k.ru, on) < 0)
            return fail("deadlines");
        printf("  %s  %-20s ack %s  resolution %s (%s)  paused %d day(s)  next %s\n",
               clm_claim_number(k.c[i]),
               clm_claim_name(CLM_CLAIM_VOCAB_STATE, (int)clm_claim_state_get(k.c[i])),
               ds(d.acknowledgement, a), ds(d.resolution, b), WD[clm_date_weekday(d.resolution)],
               (int)d.paused_days, ds(d.next, n));
    }

    /* What is due on `on`, for the department and for ivanov. */
    char os[CLM_DATE_FORMAT_MAX];
    printf("\ndue or overdue on %s, department (warning 2 working days ahead)\n", ds(on, os));
    if (clm_claim_store_due(k.st, k.ru, on, NULL, NULL, print_due, NULL) < 0)
        return fail("due");
    printf("due or overdue on %s, ivanov\n", os);
    if (clm_claim_store_due(k.st, k.ru, on, "ivanov", NULL, print_due, NULL) < 0)
        return fail("due");

    /* Penalties. The key-rate table is the user's to supply (Civil Code
     * art. 395 takes the Bank of Russia key rate in force on each day).
     * These are the Board of Directors' decisions as the Bank published
     * them (key rate press releases, www.cbr.ru), each in force from the
     * Monday after the Friday it was taken (docs/rules.md "Claims"); add
     * the decisions after February 2026 before computing later delays. */
    const clm_claim_key_rate rates[] = {
        { D("2023-12-18"), 160000 },  /* decision of 15 Dec 2023: 16 % */
        { D("2024-07-29"), 180000 },  /* 26 Jul 2024: 18 % */
        { D("2024-09-16"), 190000 },  /* 13 Sep 2024: 19 % */
        { D("2024-10-28"), 210000 },  /* 25 Oct 2024: 21 % */
        { D("2025-06-09"), 200000 },  /* 6 Jun 2025: 20 % */
        { D("2025-07-28"), 180000 },  /* 25 Jul 2025: 18 % */
        { D("2025-09-15"), 170000 },  /* 12 Sep 2025: 17 % */
        { D("2025-10-27"), 165000 },  /* 24 Oct 2025: 16.5 % */
        { D("2025-12-22"), 160000 },  /* 19 Dec 2025: 16 % */
        { D("2026-02-16"), 155000 },  /* 13 Feb 2026: 15.5 % */
    };
    size_t nrates = sizeof rates / sizeof rates[0];
    struct { clm_claim *c; const char *paid; } pen[] = {
        { c0, "2026-01-22" }, { c3, "2025-11-20" }, { c4, "2026-03-03" },
    };
    printf("\npenalties\n");
    for (size_t i = 0; i < sizeof pen / sizeof pen[0]; i++) {
        clm_claim_penalty_result p;
        char a[CLM_DATE_FORMAT_MAX], b[CLM_DATE_FORMAT_MAX], m[CLM_MONEY_FORMAT_MAX];
        if (clm_claim_penalty(&p, pen[i].c, k.ru, D(pen[i].paid), rates, nrates, NULL) < 0)
            return fail("penalty");
        printf("  %s  satisfied %s  %d day(s) late (%s .. %s)  %s  [%s]\n", clm_claim_number(pen[i].c),
               pen[i].paid, (int)p.days, ds(p.first_day, a), ds(p.last_day, b), ms(&p.amount, m), p.basis);
    }

    /* The causes report over 2025-2026. */
    const clm_claim_purchase buys[] = { { "C-0003", D("2025-06-01") }, { "B-0100", D("2026-01-15") } };
    static const struct { clm_claim_dimension by; const char *name; } dims[] = {
        { CLM_CLAIM_BY_CAUSE, "cause" }, { CLM_CLAIM_BY_PARTY, "party at fault" },
        { CLM_CLAIM_BY_MANAGER, "manager" },
    };
    for (size_t di = 0; di < sizeof dims / sizeof dims[0]; di++) {
        clm_claim_report *r = NULL;
        if (clm_claim_report_new(&r, (const clm_claim *const *)k.c, (size_t)k.n, D("2025-01-01"),
                                 D("2026-12-31"), dims[di].by, buys, 2, k.ru, rates, nrates, NULL) < 0)
            return fail("report");
        printf("\nreport by %s, 2025-01-01 .. 2026-12-31\n", dims[di].name);
        size_t nr = clm_claim_report_count(r);
        for (size_t i = 0; i <= nr; i++) {
            clm_claim_report_row row;
            if (i < nr)
                clm_claim_report_row_at(&row, r, i);
            else
                clm_claim_report_total(&row, r);
            char a[CLM_MONEY_FORMAT_MAX], b[CLM_MONEY_FORMAT_MAX], p[CLM_MONEY_FORMAT_MAX];
            printf("  %-32s received %lld satisfied %lld claimed %s granted %s penalties %s "
                   "resolved %lld in term %lld median %d d retained %lld\n",
                   row.key, (long long)row.received, (long long)row.satisfied, ms(&row.claimed, a),
                   ms(&row.granted, b), ms(&row.penalties, p), (long long)row.resolved,
                   (long long)row.resolved_in_term, (int)row.median_days, (long long)row.retained);
        }
        clm_claim_report_free(r);
    }

    /* The deadline rule, as a daily job would run it on `on`: every claim
     * within a working day of its deadline, or past it, goes one level up
     * (found through the store's due-date index, audited). */
    size_t escalated = 0;
    const clm_actor job = { "deadline-watch", "", 0 };
    if (clm_claim_store_escalate_due(&escalated, k.st, k.ru, on, NULL, NULL, department, NULL,
                                     NULL, &job) < 0)
        return fail("automatic escalation");
    printf("\nautomatic escalation on %s: %zu claim(s)\n", ds(on, os), escalated);
    if (clm_claim_store_due(k.st, k.ru, on, NULL, NULL, print_due, NULL) < 0)
        return fail("due");
    rc = 0;
done:
    for (int i = 0; i < k.n; i++)
        clm_claim_free(k.c[i]);
    clm_store_free(k.st);
    clm_calendar_free(k.ru);
    clm_claim_regimes_free(k.regimes);
    return rc;
}

int main(int argc, char **argv)
{
    if (tool_version(argc, argv))
        return 0;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: claim-desk [--sqlite FILE] [--regimes FILE.xml] [--on YYYY-MM-DD]\n"
               "       claim-desk claim RECEIVED DEMAND \"PRICE\" [SATISFIED]\n"
               "\n"
               "The first form registers sample claims under each legal regime, moves\n"
               "them through the workflow and prints their deadlines, what is due or\n"
               "overdue on --on (default 2026-01-13), the penalties, the causes report\n"
               "and the claims escalated automatically on --on; the store is in\n"
               "memory unless --sqlite names a file. --regimes\n"
               "adds the regimes of an XML file (schema claim-regimes.xsd).\n"
               "The second form prints one consumer claim's number and deadline and,\n"
               "given SATISFIED, the penalty for the delay (consumer law art. 23).\n"
               "DEMAND: refund, price_reduction, replacement, repair, damages.\n"
               "\n"
               "exit status:\n"
               "  0  done\n"
               "  2  bad input or a failed call (the message says what, where and why)\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "claim") == 0)
        return one_claim(argc, argv);
    const char *sqlite = NULL, *regimes = NULL;
    clm_date on;
    clm_date_parse(&on, "2026-01-13");
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--sqlite") == 0) {
            sqlite = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--regimes") == 0) {
            regimes = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--on") == 0) {
            if (clm_date_parse(&on, argv[++i]) < 0)
                return fail("--on");
        } else {
            fprintf(stderr, "usage: claim-desk [--sqlite FILE] [--regimes FILE.xml] [--on YYYY-MM-DD]\n"
                            "       claim-desk claim RECEIVED DEMAND \"PRICE\" [SATISFIED]\n");
            return 2;
        }
    }
    return run_desk(sqlite, regimes, on);
}
