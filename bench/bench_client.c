/* bench_client.c — identifier checks, recorded changes, the client
 * encoding, and the contact log's due list and figures at scale. */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#include <clm/clm.h>

void bench_client(void)
{
    /* identifier checksums */
    int64_t n = bench_scaled(5000000);
    double t0 = bench_now();
    for (int64_t i = 0; i < n; i++)
        bench_sink += clm_inn_check((i & 1) ? "7707083893" : "500301234503", 0) == 0;
    bench_report("INN check (10/12 digits)", n, bench_now() - t0);
    t0 = bench_now();
    for (int64_t i = 0; i < n; i++)
        bench_sink += clm_ogrn_check("1027700132195") == 0;
    bench_report("OGRN check", n, bench_now() - t0);

    /* recorded changes: each builds a history entry; the act is dated
     * 2026-01-01, after every purchase day set below (a purchase dated
     * after the act recording it is refused) */
    const clm_actor a = { "ivanov", "manager", 1767225600 };
    clm_client *c = NULL;
    bench_check(clm_client_new(&c, &a, "C-1", CLM_LEGAL_ENTITY, "Sber"), "client new");
    int64_t m = bench_scaled(1000000);
    t0 = bench_now();
    for (int64_t i = 0; i < m; i++)
        bench_check(clm_client_set_date(c, &a, CLM_CLIENT_LAST_PURCHASE, (clm_date)(20000 + (i & 1))),
                    "set date");
    bench_report("client change + history entry", m, bench_now() - t0);
    clm_client_free(c);

    /* encode + decode a client with 100 history entries */
    bench_check(clm_client_new(&c, &a, "C-1", CLM_LEGAL_ENTITY, "Sber"), "client new");
    bench_check(clm_client_set_taxid(c, &a, NULL, "RU", "INN", "7707083893"), "inn");
    for (int i = 0; i < 99; i++)
        bench_check(clm_client_set_date(c, &a, CLM_CLIENT_LAST_PURCHASE, 20000 + i), "date");
    int64_t k = bench_scaled(20000);
    size_t bytes = 0;
    t0 = bench_now();
    for (int64_t i = 0; i < k; i++) {
        char *text = NULL;
        clm_client *d = NULL;
        bench_check(clm_client_encode(&text, &bytes, c), "encode");
        bench_check(clm_client_decode(&d, text, bytes), "decode");
        clm_client_free(d);
        clm_free(text);
    }
    bench_report("client encode + decode (100 changes)", k, bench_now() - t0);
    bench_figure("  encoded size", (double)bytes, "bytes");
    clm_client_free(c);

    /* a contact log of 1M entries over 100k clients and 50 managers */
    int64_t entries = bench_scaled(1000000);
    int64_t clients = entries / 10 > 0 ? entries / 10 : 1;
    clm_contact_log *log = NULL;
    bench_check(clm_contact_log_new(&log), "log");
    char client[32], manager[32];
    clm_date base = 20000;
    t0 = bench_now();
    for (int64_t i = 0; i < entries; i++) {
        clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
        snprintf(client, sizeof client, "C-%lld", (long long)(i % clients));
        snprintf(manager, sizeof manager, "m%lld", (long long)(i % clients % 50));
        e.direction = (i & 1) ? CLM_CONTACT_INCOMING : CLM_CONTACT_OUTGOING;
        e.channel = (clm_contact_channel)(1 + i % 7);
        e.at = ((int64_t)base + i % 365) * 86400 + i % 86400;
        e.client_id = client;
        e.manager = manager;
        if (i % 5 == 0) {
            e.next_action = "call back";
            e.next_due = (clm_date)(base + i % 365 + 3);
        }
        bench_check(clm_contact_log_add(log, &e, NULL), "log add");
    }
    bench_report("contact log add", entries, bench_now() - t0);

    clm_followup_rule rule = CLM_FOLLOWUP_RULE_INIT;
    rule.name = "day-7 call";
    rule.event = "delivery";
    rule.offset = 7;
    rule.action = "call";
    clm_contact_event ev = { "delivery", "C-1", "m1", base + 100 };
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = "m1";
    q.on = base + 200;
    q.rules = &rule;
    q.nrules = 1;
    q.events = &ev;
    q.nevents = 1;
    clm_task_list *t = NULL;
    t0 = bench_now();
    bench_check(clm_contact_due(&t, log, &q), "due");
    double due_s = bench_now() - t0;
    bench_report("due list for one manager (entries scanned)", entries, due_s);
    bench_figure("  tasks due or overdue", (double)clm_task_list_count(t), "tasks");
    clm_task_list_free(t);

    clm_contact_stats *s = NULL;
    t0 = bench_now();
    bench_check(clm_contact_stats_new(&s, log, base, base + 364), "stats");
    bench_report("contact figures over a year (entries)", entries, bench_now() - t0);
    bench_figure("  cells (manager x channel x direction)",
                 (double)clm_contact_stats_cells(s), "cells");
    clm_contact_stats_free(s);
    clm_contact_log_free(log);
}
