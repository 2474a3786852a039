/*
 * bench_store_memory.c — the memory backend's secondary indexes.
 *
 * 1,000,000 records (at --scale 1) of one kind, each with one of 50,000
 * clients and a due date in one year, written in random client and date
 * order. Then: a scan for one client (index on client_id, about 20
 * records), a due listing of one day (about 2,700 records) and of one week
 * (index on due, then put in id order), the same counts, a scan no index
 * serves (a full pass: what every filtered scan cost before the indexes),
 * and updates that move records between clients and dates.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#include <clm/clm.h>

enum { CLIENTS = 50000, DAYS = 365, FIRST_DUE = 20089 /* 2025-01-01 */ };

static uint64_t rnd_state = 88172645463325252u;

static uint32_t rnd(uint32_t n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return (uint32_t)(rnd_state % n);
}

static int count_cb(const clm_record *r, void *payload)
{
    (void)r;
    (*(int64_t *)payload)++;
    return 0;
}

static void fill(clm_record *r, char *id, size_t idsize, char *client, size_t csize, int64_t i)
{
    snprintf(id, idsize, "R-%08lld", (long long)i);
    snprintf(client, csize, "C-%06u", rnd(CLIENTS));
    *r = (clm_record)CLM_RECORD_INIT;
    r->kind = CLM_RECORD_INVOICE;
    r->id = id;
    r->client_id = client;
    r->manager = "ivanov";
    r->state = "open";
    r->due = (clm_date)(FIRST_DUE + (int)rnd(DAYS));
}

/* Times `reps` scans (or counts) with filters made by `make`, per call. */
static void time_scans(const char *name, clm_store *st, int reps, int count,
                       void (*make)(clm_store_filter *f, char *buf, size_t size))
{
    int64_t seen = 0;
    char buf[32], label[128];
    double t0 = bench_now();
    for (int i = 0; i < reps; i++) {
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = CLM_RECORD_INVOICE;
        make(&f, buf, sizeof buf);
        if (count) {
            int64_t n = 0;
            bench_check(clm_store_count(&n, st, &f), "count");
            seen += n;
        } else {
            bench_check(clm_store_scan(st, &f, count_cb, &seen), "scan");
        }
    }
    double s = bench_now() - t0;
    snprintf(label, sizeof label, "store memory: %s, per call", name);
    bench_figure(label, s * 1e6 / reps, "us");
    snprintf(label, sizeof label, "store memory: %s, records per call", name);
    bench_figure(label, (double)seen / reps, "records");
    bench_sink += seen;
}

static void make_client(clm_store_filter *f, char *buf, size_t size)
{
    snprintf(buf, size, "C-%06u", rnd(CLIENTS));
    f->client_id = buf;
}

static void make_day(clm_store_filter *f, char *buf, size_t size)
{
    (void)buf, (void)size;
    f->due_from = f->due_to = (clm_date)(FIRST_DUE + (int)rnd(DAYS));
}

static void make_week(clm_store_filter *f, char *buf, size_t size)
{
    (void)buf, (void)size;
    f->due_from = (clm_date)(FIRST_DUE + (int)rnd(DAYS - 7));
    f->due_to = f->due_from + 6;
}

static void make_unindexed(clm_store_filter *f, char *buf, size_t size)
{
    (void)buf, (void)size;
    f->state = "paid"; /* no record has it: one full pass */
}

void bench_store_memory(void)
{
    int64_t n = bench_scaled(1000000);
    clm_store *st = NULL;
    bench_check(clm_store_open_memory(&st), "open memory");
    char id[32], client[32];
    clm_record r;
    double t0 = bench_now();
    for (int64_t i = 0; i < n; i++) {
        fill(&r, id, sizeof id, client, sizeof client, i);
        bench_check(clm_store_put(NULL, st, &r), "put");
    }
    bench_report("store memory: create (random client and due)", n, bench_now() - t0);
    printf("store memory: %lld records, %d clients, due dates over %d days\n", (long long)n,
           CLIENTS, DAYS);

    time_scans("scan one client", st, 2000, 0, make_client);
    time_scans("count one client", st, 2000, 1, make_client);
    time_scans("scan due one day", st, 100, 0, make_day);
    time_scans("count due one day", st, 100, 1, make_day);
    time_scans("scan due one week", st, 30, 0, make_week);
    time_scans("scan no index (full pass)", st, 5, 0, make_unindexed);

    /* updates that move a record to another client and date */
    int64_t m = n < 200000 ? n : 200000;
    t0 = bench_now();
    for (int64_t i = 0; i < m; i++) {
        int64_t k = (int64_t)rnd((uint32_t)n);
        fill(&r, id, sizeof id, client, sizeof client, k);
        clm_record *old = NULL;
        bench_check(clm_store_get(&old, st, CLM_RECORD_INVOICE, id), "get");
        r.version = old->version;
        clm_record_free(old);
        bench_check(clm_store_put(NULL, st, &r), "update");
    }
    bench_report("store memory: get + update moving client and due", m, bench_now() - t0);
    clm_store_free(st);
}
