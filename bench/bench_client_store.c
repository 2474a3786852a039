/*
 * bench_client_store.c — clients through the store (client_store.h): save
 * (create, audited, all in one transaction), load by id, and a category
 * scan that decodes every candidate, on the memory store and on SQLite
 * (a file in a fresh mkdtemp directory). The clients are built before the
 * clock starts; what is timed is encoding, columns, the audited write (or
 * the read and decoding).
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <clm/clm.h>

static const clm_actor WHO = { "bench", "manager", 1700000000 };
static const char *const cat_names[] = { "key", "regular", "dormant", "vip account" };

static clm_client *make_client(int64_t i)
{
    char id[24], name[40], mgr[8];
    snprintf(id, sizeof id, "c%07lld", (long long)i);
    snprintf(name, sizeof name, "Client %lld LLC", (long long)i);
    snprintf(mgr, sizeof mgr, "m%02d", (int)(i % 50));
    clm_client *c = NULL;
    bench_check(clm_client_new(&c, &WHO, id, CLM_LEGAL_ENTITY, name), "client_new");
    bench_check(clm_client_set_text(c, &WHO, CLM_CLIENT_PHONE, "+7 495 123-45-67"), "phone");
    bench_check(clm_client_reassign(c, &WHO, mgr), "reassign");
    bench_check(clm_client_category_add(c, &WHO, cat_names[i % 4], "rule:bench", NULL), "cat");
    if (i % 3 == 0)
        bench_check(clm_client_category_add(c, &WHO, cat_names[(i + 1) % 4], "rule:bench", NULL),
                    "cat");
    return c;
}

static int count_cb(const clm_client *c, void *payload)
{
    (void)c;
    ++*(int64_t *)payload;
    return 0;
}

static void run(const char *label, clm_store *st, clm_client **cs, int64_t n)
{
    char name[96];
    /* The body alone, to tell the client's share of a save from the store's. */
    double t0 = bench_now();
    for (int64_t i = 0; i < n; i++) {
        char *text = NULL;
        size_t len = 0;
        bench_check(clm_client_encode(&text, &len, cs[i]), "encode");
        bench_sink += (int64_t)len;
        clm_free(text);
    }
    snprintf(name, sizeof name, "client_store %s: clm_client_encode only", label);
    bench_report(name, n, bench_now() - t0);

    t0 = bench_now();
    bench_check(clm_store_begin(st), "begin");
    for (int64_t i = 0; i < n; i++)
        bench_check(clm_client_store_save(NULL, st, cs[i], &WHO, NULL), "save");
    bench_check(clm_store_commit(st), "commit");
    snprintf(name, sizeof name, "client_store %s: save (create, audited, one transaction)",
             label);
    bench_report(name, n, bench_now() - t0);

    t0 = bench_now();
    for (int64_t i = 0; i < n; i++) {
        clm_client *c = NULL;
        bench_check(clm_client_store_load(&c, st, clm_client_id(cs[i])), "load");
        bench_sink += clm_client_stored_version(c);
        clm_client_free(c);
    }
    snprintf(name, sizeof name, "client_store %s: load by id", label);
    bench_report(name, n, bench_now() - t0);

    clm_client_filter f = CLM_CLIENT_FILTER_INIT;
    f.category = "key";
    int64_t found = 0;
    t0 = bench_now();
    bench_check(clm_client_store_scan(st, &f, count_cb, &found), "scan");
    snprintf(name, sizeof name, "client_store %s: scan category 'key' (clients in store)",
             label);
    bench_report(name, n, bench_now() - t0);
    bench_sink += found;
}

void bench_client_store(void)
{
    int64_t n = bench_scaled(20000);
    if (n < 1)
        n = 1;
    clm_client **cs = calloc((size_t)n, sizeof *cs);
    if (cs == NULL)
        bench_check(CLM_ENOMEM, "calloc");
    for (int64_t i = 0; i < n; i++)
        cs[i] = make_client(i);

    clm_store *st = NULL;
    bench_check(clm_store_open_memory(&st), "open memory");
    run("memory", st, cs, n);
    clm_store_free(st);

    bench_tmpdb db;
    if (bench_tmpdb_make(&db, "client-store") == 0) {
        int rc = clm_store_open_sqlite(&st, db.path, NULL);
        if (rc == CLM_ENOTSUP) {
            printf("client_store sqlite: skipped (libclm built without SQLite)\n");
        } else {
            bench_check(rc, "open sqlite");
            /* Fresh objects: the saved ones now carry version 1. */
            for (int64_t i = 0; i < n; i++) {
                clm_client_free(cs[i]);
                cs[i] = make_client(i);
            }
            run("sqlite", st, cs, n);
            clm_store_free(st);
        }
        bench_tmpdb_remove(&db);
    }
    for (int64_t i = 0; i < n; i++)
        clm_client_free(cs[i]);
    free(cs);
}
