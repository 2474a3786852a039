/* store_random_writers.c — see store_random_writers.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "store_random_writers.h"

enum { NREC = 5, MAX_ATTEMPTS = 2000 };

static const char *const ids[NREC] = { "rw-0", "rw-1", "rw-2", "rw-3", "rw-4" };
static const char *const states[] = { "new", "regular", "key" };

static unsigned next_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static int retryable(int rc)
{
    return rc == CLM_ECONFLICT || rc == CLM_EEXISTS || rc == CLM_ENOTFOUND || rc == CLM_EBUSY;
}

/* Reads `id`, then creates, updates or deletes it, audited. */
static int one_write(clm_store *st, const clm_actor *who, int proc, unsigned *rng)
{
    const char *id = ids[next_rand(rng) % NREC];
    clm_record *cur = NULL;
    int rc = clm_store_get(&cur, st, CLM_RECORD_CLIENT, id);
    if (rc != 0 && rc != CLM_ENOTFOUND)
        return rc;
    char body[64];
    if (rc == CLM_ENOTFOUND) {
        clm_record r = CLM_RECORD_INIT;
        r.kind = CLM_RECORD_CLIENT;
        r.id = id;
        r.state = "new";
        memcpy(r.amount.currency, "RUB", 4);
        snprintf(body, sizeof body, "created by %d", proc);
        r.body = body;
        r.body_len = strlen(body);
        return clm_store_put_audited(NULL, st, who, &r, "random create");
    }
    if (next_rand(rng) % 5 == 0) {
        rc = clm_store_delete_audited(st, who, CLM_RECORD_CLIENT, id, cur->version, "random delete");
        clm_record_free(cur);
        return rc;
    }
    clm_record r = *cur;
    r.amount.amount += 1;
    r.state = states[next_rand(rng) % 3];
    snprintf(body, sizeof body, "%d changed version %lld", proc, (long long)cur->version);
    r.body = body;
    r.body_len = strlen(body);
    rc = clm_store_put_audited(NULL, st, who, &r, "random update");
    clm_record_free(cur);
    return rc;
}

/* One round: a single write, or a transaction of 2-4 writes committed or
 * rolled back. Retries until it has gone through. */
static int one_round(clm_store *st, const clm_actor *who, int proc, unsigned *rng, long counts[3])
{
    int txn = next_rand(rng) % 5 >= 3;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (!txn) {
            int rc = one_write(st, who, proc, rng);
            if (rc == 0) {
                counts[0]++;
                return 0;
            }
            if (!retryable(rc))
                return rc;
            counts[1]++;
            continue;
        }
        int rc = clm_store_begin(st);
        if (rc != 0) {
            if (!retryable(rc))
                return rc;
            counts[1]++;
            continue;
        }
        int n = 2 + (int)(next_rand(rng) % 3);
        for (int i = 0; rc == 0 && i < n; i++)
            rc = one_write(st, who, proc, rng);
        if (rc != 0) {
            int rb = clm_store_rollback(st);
            if (!retryable(rc))
                return rc;
            if (rb != 0)
                return rb;
            counts[1]++;
            continue;
        }
        if (next_rand(rng) % 4 == 0) {
            rc = clm_store_rollback(st);
            if (rc == 0)
                counts[2]++;
            return rc;
        }
        rc = clm_store_commit(st); /* a failed commit has closed the transaction */
        if (rc == 0) {
            counts[0] += n;
            return 0;
        }
        if (!retryable(rc))
            return rc;
        counts[1]++;
    }
    return CLM_EBUSY;
}

static void child(random_writers_open open, void *payload, int proc, int ops, unsigned seed,
                  int ready_fd, int go_fd, int out_fd)
{
    long msg[4] = { 0, 0, 0, 0 }; /* committed, retries, rollbacks, rc */
    clm_store *st = NULL;
    int rc = open(&st, payload);
    char c = 'r';
    if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
        _exit(3);
    char user[16];
    snprintf(user, sizeof user, "writer-%d", proc);
    clm_actor who = { user, "manager", 1767225600 + proc };
    unsigned rng = seed * 7919u + (unsigned)proc * 104729u + 1u;
    for (int i = 0; rc == 0 && i < ops; i++)
        rc = one_round(st, &who, proc, &rng, msg);
    if (rc != 0)
        fprintf(stderr, "random writer %d failed: %d %s\n", proc, rc, clm_error_last()->message);
    msg[3] = rc;
    clm_store_free(st);
    if (write(out_fd, msg, sizeof msg) != (ssize_t)sizeof msg)
        _exit(2);
    _exit(0);
}

/* ---- the check ---------------------------------------------------------- */

typedef struct replay {
    clm_record *cur[NREC];
    long entries;
    int64_t last_seq;
    char why[256]; /* the first breach */
} replay;

static int index_of(const char *id)
{
    for (int i = 0; i < NREC; i++)
        if (strcmp(ids[i], id) == 0)
            return i;
    return -1;
}

static int breach(replay *r, const clm_audit_entry *e, const char *what)
{
    snprintf(r->why, sizeof r->why, "audit entry %lld (%s '%s' v%lld): %s", (long long)e->seq,
             e->op == CLM_AUDIT_CREATE ? "create" : e->op == CLM_AUDIT_UPDATE ? "update" : "delete",
             e->id, (long long)e->version, what);
    return 1;
}

static int replay_cb(const clm_audit_entry *e, void *payload)
{
    replay *r = payload;
    int i = index_of(e->id);
    if (e->kind != CLM_RECORD_CLIENT || i < 0)
        return breach(r, e, "a record no writer wrote");
    if (e->seq <= r->last_seq)
        return breach(r, e, "seqs out of order");
    r->last_seq = e->seq;
    clm_record *cur = r->cur[i];
    switch (e->op) {
    case CLM_AUDIT_CREATE:
        if (cur != NULL)
            return breach(r, e, "a create of a record that exists");
        if (e->before != NULL || e->after == NULL || e->version != 1 || e->after->version != 1)
            return breach(r, e, "a create that does not start at version 1");
        break;
    case CLM_AUDIT_UPDATE:
        if (cur == NULL)
            return breach(r, e, "an update of a record that does not exist");
        if (e->before == NULL || !clm_record_equal(e->before, cur))
            return breach(r, e, "its before is not the record as the log left it (a lost update)");
        if (e->after == NULL || e->version != cur->version + 1 || e->after->version != e->version)
            return breach(r, e, "a version gap");
        break;
    case CLM_AUDIT_DELETE:
        if (cur == NULL)
            return breach(r, e, "a delete of a record that does not exist");
        if (e->before == NULL || !clm_record_equal(e->before, cur) || e->after != NULL)
            return breach(r, e, "its before is not the record as the log left it");
        if (e->version != cur->version)
            return breach(r, e, "a delete of another version");
        break;
    default:
        return breach(r, e, "an unknown op");
    }
    clm_record_free(cur);
    r->cur[i] = NULL;
    if (e->after != NULL && clm_record_dup(&r->cur[i], e->after) != 0)
        return CLM_ENOMEM;
    r->entries++;
    return 0;
}

void random_writers_run(random_writers_result *out, random_writers_open open, void *payload,
                        clm_store *check, int procs, int ops, unsigned seed)
{
    enum { MAXP = 8 };
    assert_true(procs >= 2 && procs <= MAXP);
    int ready[2], go[2], res[MAXP][2];
    pid_t pids[MAXP];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    fflush(NULL);
    for (int p = 0; p < procs; p++) {
        assert_int_equal(pipe(res[p]), 0);
        pids[p] = fork();
        assert_true(pids[p] >= 0);
        if (pids[p] == 0)
            child(open, payload, p, ops, seed, ready[1], go[0], res[p][1]);
    }
    char c;
    for (int p = 0; p < procs; p++)
        assert_int_equal(read(ready[0], &c, 1), 1);
    char gos[MAXP];
    memset(gos, 'g', sizeof gos);
    size_t np = procs > 0 && procs <= MAXP ? (size_t)procs : 0;
    assert_int_equal(write(go[1], gos, np), procs);
    random_writers_result r = { 0, 0, 0, 0 };
    int failed = 0;
    for (int p = 0; p < procs; p++) {
        long msg[4];
        if (read(res[p][0], msg, sizeof msg) != (ssize_t)sizeof msg) {
            print_message("random writer %d failed: it sent no result\n", p);
            failed = 1;
        } else {
            r.committed += msg[0];
            r.retries += msg[1];
            r.rollbacks += msg[2];
            if (msg[3] != 0) {
                print_message("random writer %d failed with %ld (its error is on stderr)\n", p, msg[3]);
                failed = 1;
            }
        }
        int status;
        assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
        if (WIFSIGNALED(status))
            print_message("random writer %d failed: killed by signal %d\n", p, WTERMSIG(status));
        else if (WEXITSTATUS(status) != 0)
            print_message("random writer %d failed: exit status %d\n", p, WEXITSTATUS(status));
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed = 1;
        close(res[p][0]);
        close(res[p][1]);
    }
    close(ready[0]), close(ready[1]), close(go[0]), close(go[1]);
    assert_false(failed);

    replay rp;
    memset(&rp, 0, sizeof rp);
    int rc = clm_store_audit_scan(check, NULL, replay_cb, &rp);
    if (rc != 0)
        fail_msg("%s", rp.why[0] != '\0' ? rp.why : clm_error_last()->message);
    r.entries = rp.entries;
    /* The replay gives what the store holds. */
    for (int i = 0; i < NREC; i++) {
        clm_record *got = NULL;
        rc = clm_store_get(&got, check, CLM_RECORD_CLIENT, ids[i]);
        if (rp.cur[i] == NULL && rc != CLM_ENOTFOUND)
            fail_msg("%s: the log says deleted or never created, the store says %d", ids[i], rc);
        if (rp.cur[i] != NULL && (rc != 0 || !clm_record_equal(got, rp.cur[i])))
            fail_msg("%s: the store differs from the replay of its audit log (%d)", ids[i], rc);
        clm_record_free(got);
        clm_record_free(rp.cur[i]);
    }
    /* One entry per committed change: none lost, none extra. */
    if (r.committed != r.entries)
        fail_msg("the writers committed %ld changes; the audit log holds %ld entries", r.committed,
                 r.entries);
    *out = r;
}
