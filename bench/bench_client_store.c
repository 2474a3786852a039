/*
 * bench_client_store.c — clients through the store (client_store.h): save
 * (create, audited, all in one transaction), load by id, and a category
 * scan that decodes every candidate, on the memory store and on SQLite
 * (a file in a fresh mkdtemp directory). The clients are built before the
 * clock starts; what is timed is encoding, columns, the audited write (or
 * the read and decoding).
 *
 * Then the audited save against a plain put of the same record: side A
 * puts, with clm_store_put(), the very record a save writes (the client's
 * encoded body and its columns, built before the clock starts); side B
 * saves the clients with clm_client_store_save() (encoding, columns, the
 * duplicate check, the read of the previous version, the audit entry with
 * its before and after images, the lookup keys). Both create every client
 * and then update every one on a fresh store per side and round: each
 * pass in one transaction (what the library itself costs), and on SQLite
 * also with each write its own durable transaction (what one request of
 * an application pays). The sides alternate (plain first in even rounds)
 * over ROUNDS rounds and the medians of CPU time are compared. Target on
 * SQLite: a save at most 2x a put.
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

/* ---- the audited save against a plain put of the same record ------------ */

/* Rounds of the alternated comparison (odd, so the median is a round). */
#define ROUNDS 5

/* The record clm_client_store_save() writes for c (client_store.c's
 * columns: name, manager, state, categories joined by a space, the encoded
 * body), with its strings owned by the caller (free_plain()). */
typedef struct plain_rec {
    clm_record r;
    char *body, *cats;
} plain_rec;

static void make_plain(plain_rec *p, const clm_client *c)
{
    size_t len = 0;
    bench_check(clm_client_encode(&p->body, &len, c), "encode");
    size_t total = 0, n = clm_client_category_count(c);
    for (size_t i = 0; i < n; i++)
        total += strlen(clm_client_category_at(c, i)) + 1;
    p->cats = NULL;
    if (n > 0) {
        p->cats = malloc(total);
        if (p->cats == NULL)
            bench_check(CLM_ENOMEM, "malloc");
        p->cats[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                strcat(p->cats, " ");
            strcat(p->cats, clm_client_category_at(c, i));
        }
    }
    const char *mgr = clm_client_manager(c);
    p->r = (clm_record)CLM_RECORD_INIT;
    p->r.kind = CLM_RECORD_CLIENT;
    p->r.id = clm_client_id(c);
    p->r.name = clm_client_name(c);
    p->r.manager = mgr[0] != '\0' ? mgr : NULL;
    p->r.state = clm_client_state_name(clm_client_state_get(c));
    p->r.category = p->cats;
    p->r.body = p->body;
    p->r.body_len = len;
}

enum { ON_MEMORY, ON_SQLITE };

/* A fresh empty store on `where` (db names the SQLite file's folder). */
static clm_store *fresh_store(int where, bench_tmpdb *db)
{
    clm_store *st = NULL;
    if (where == ON_MEMORY) {
        bench_check(clm_store_open_memory(&st), "open memory");
        return st;
    }
    if (bench_tmpdb_make(db, "client-save") != 0)
        bench_check(-1, "temporary database");
    bench_check(clm_store_open_sqlite(&st, db->path, NULL), "open sqlite");
    return st;
}

static void drop_store(int where, clm_store *st, bench_tmpdb *db)
{
    clm_store_free(st);
    if (where == ON_SQLITE)
        bench_tmpdb_remove(db);
}

/* One side of one round: t[0] the creates, t[1] the updates (seconds of
 * CPU, this process's; a shared machine's waits are not the library's).
 * bulk: each pass in one transaction; otherwise each write its own
 * transaction (as one request of an application makes it), durable on
 * return (SQLite: a WAL commit with synchronous=FULL). */
static void save_side(double t[2], int where, int bulk, int audited, clm_client **cs,
                      plain_rec *ps, int64_t n)
{
    bench_tmpdb db;
    clm_store *st = fresh_store(where, &db);
    for (int pass = 0; pass < 2; pass++) {
        double c0 = bench_cpu_now();
        if (bulk)
            bench_check(clm_store_begin(st), "begin");
        for (int64_t i = 0; i < n; i++) {
            if (audited) {
                bench_check(clm_client_store_save(NULL, st, cs[i], &WHO, "bench"), "save");
            } else {
                ps[i].r.version = pass;
                bench_check(clm_store_put(NULL, st, &ps[i].r), "put");
            }
        }
        if (bulk)
            bench_check(clm_store_commit(st), "commit");
        t[pass] = bench_cpu_now() - c0;
    }
    drop_store(where, st, &db);
}

static void save_vs_put(const char *label, int where, int bulk, int64_t n)
{
    clm_client **cs = calloc((size_t)n, sizeof *cs);
    plain_rec *ps = calloc((size_t)n, sizeof *ps);
    if (cs == NULL || ps == NULL)
        bench_check(CLM_ENOMEM, "calloc");
    double put[2][ROUNDS], save[2][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
        /* New objects each round: a saved client carries its version. */
        for (int64_t i = 0; i < n; i++) {
            cs[i] = make_client(i);
            make_plain(&ps[i], cs[i]);
        }
        for (int k = 0; k < 2; k++) {
            int audited = (round + k) % 2; /* plain first in even rounds */
            double t[2];
            save_side(t, where, bulk, audited, cs, ps, n);
            for (int pass = 0; pass < 2; pass++)
                (audited ? save : put)[pass][round] = t[pass];
        }
        for (int64_t i = 0; i < n; i++) {
            clm_free(ps[i].body);
            free(ps[i].cats);
            clm_client_free(cs[i]);
        }
    }
    static const char *const what[2] = { "create", "update" };
    const char *mode = bulk ? "1 txn" : "own txn each";
    char name[128];
    for (int pass = 0; pass < 2; pass++) {
        double p = bench_median(put[pass], ROUNDS), q = bench_median(save[pass], ROUNDS);
        snprintf(name, sizeof name, "client %s %s, %s: put of the record (CPU)", label,
                 what[pass], mode);
        bench_report(name, n, p);
        snprintf(name, sizeof name, "client %s %s, %s: audited save (CPU)", label, what[pass],
                 mode);
        bench_report(name, n, q);
        snprintf(name, sizeof name, "client %s %s, %s: save/put%s", label, what[pass], mode,
                 where == ON_SQLITE ? " (target <= 2)" : "");
        bench_figure(name, q / p, "");
    }
    printf("(%d rounds alternated, medians of CPU time)\n", ROUNDS);
    free(ps);
    free(cs);
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
    int have_sqlite = 0;
    if (bench_tmpdb_make(&db, "client-store") == 0) {
        int rc = clm_store_open_sqlite(&st, db.path, NULL);
        if (rc == CLM_ENOTSUP) {
            printf("client_store sqlite: skipped (libclm built without SQLite)\n");
        } else {
            bench_check(rc, "open sqlite");
            have_sqlite = 1;
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

    save_vs_put("memory", ON_MEMORY, 1, bench_scaled(5000));
    if (have_sqlite) {
        save_vs_put("sqlite", ON_SQLITE, 1, bench_scaled(5000));
        save_vs_put("sqlite", ON_SQLITE, 0, bench_scaled(500));
    }
}
