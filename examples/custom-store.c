/*
 * custom-store.c — your own storage backend for libclm: one file per record
 * in a directory.
 *
 *     custom-store DIR      writes a client, changes it, reads it back and
 *                           prints its audit trail, all kept as files in DIR
 *
 * A backend is a struct of callbacks (clm/sys/store_backend.h). This one
 * keeps
 *     DIR/<kind>/<id in hex>      a record, as clm_record_encode() bytes
 *     DIR/audit/<seq>             an audit entry
 *     DIR/lock                    taken (flock) while a commit writes
 *
 * Transactions: writes go to an in-memory list of pending changes; reads
 * look there first, so a transaction sees its own writes and other handles
 * do not. A nested level is a position in that list, so rolling back is
 * cutting the list. The outermost commit takes the lock, checks that no
 * other handle changed a record this transaction read (the version rule),
 * then writes the files (each by write-to-temp + rename).
 * What it does NOT do, to stay short: survive a crash in the middle of a
 * commit that writes several files (a database backend gets that from its
 * journal), or fsync. Use the SQLite backend for that.
 *
 * The same file, built with -DCUSTOM_STORE_NO_MAIN, runs libclm's storage
 * conformance suite (examples/custom-store-conformance.c).
 */
#define _DEFAULT_SOURCE /* flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clm/clm.h>
#include <clm/sys/store_backend.h>

int dir_store_open(clm_store **out, const char *dir);

/* ---- small file helpers --------------------------------------------------- */

typedef struct bytes {
    unsigned char *p;
    size_t n;
} bytes;

/* Reads a whole file (followed by a NUL not counted in n); CLM_ENOTFOUND
 * if it does not exist. */
static int read_file(const char *path, bytes *out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return errno == ENOENT ? CLM_ENOTFOUND
                               : clm_store_backend_fail(CLM_EIO, "%s: %s", path, strerror(errno));
    bytes b = { NULL, 0 };
    size_t cap = 0, got;
    do {
        if (b.n == cap) {
            cap = cap ? cap * 2 : 4096;
            unsigned char *p = realloc(b.p, cap);
            if (p == NULL) {
                free(b.p);
                fclose(f);
                return CLM_ENOMEM;
            }
            b.p = p;
        }
        got = fread(b.p + b.n, 1, cap - b.n, f);
        b.n += got;
    } while (got > 0);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b.p);
        return clm_store_backend_fail(CLM_EIO, "%s: read error", path);
    }
    if (b.n == cap) { /* room for a terminating NUL, so text parsers stop */
        unsigned char *p = realloc(b.p, cap + 1);
        if (p == NULL) {
            free(b.p);
            return CLM_ENOMEM;
        }
        b.p = p;
    }
    b.p[b.n] = '\0';
    *out = b;
    return 0;
}

/* Replaces a file atomically: write a temporary file, then rename it. */
static int write_file(const char *path, const bytes *b)
{
    char tmp[PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (f == NULL)
        return clm_store_backend_fail(CLM_EIO, "%s: %s", tmp, strerror(errno));
    int ok = fwrite(b->p, 1, b->n, f) == b->n;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return clm_store_backend_fail(CLM_EIO, "%s: cannot write", path);
    }
    return 0;
}

/* ---- the backend ------------------------------------------------------------ */

typedef struct change {
    char *path;
    bytes data;       /* the new contents; data.p == NULL: the file is deleted */
    int64_t expected; /* record files: the version on disk this change builds
                         on (0 = absent); audit files: -1 (must not exist) */
} change;

typedef struct dir_backend {
    clm_store_backend parent; /* first, so a clm_store_backend * is ours */
    char dir[1024];
    change *pending;
    size_t npending, cap;
    size_t mark[70]; /* pending count at begin(depth) */
    unsigned depth;
    clm_record *last; /* what get handed out: valid until our next call */
} dir_backend;

static dir_backend *me(clm_store_backend *b)
{
    dir_backend *d = (dir_backend *)b;
    clm_record_free(d->last); /* the previous get's record expires now */
    d->last = NULL;
    return d;
}

/* DIR/<kind>/<file>: the id in hex, so any id makes a safe file name. An id
 * too long for one file name (over 100 bytes) keeps its first 100 bytes in
 * hex and the FNV-1a hash of the whole id; get checks the id in the file. */
static void record_path(const dir_backend *d, clm_record_kind kind, const char *id, char *out)
{
    int n = snprintf(out, PATH_MAX, "%s/%s/", d->dir, clm_record_kind_name(kind));
    size_t len = strlen(id);
    for (size_t i = 0; i < len && i < 100; i++)
        n += snprintf(out + n, 3, "%02x", (unsigned char)id[i]);
    if (len > 100) {
        uint64_t h = 0xcbf29ce484222325u;
        for (size_t i = 0; i < len; i++)
            h = (h ^ (unsigned char)id[i]) * 0x100000001b3u;
        snprintf(out + n, 20, "-%016" PRIx64, h);
    }
}

static const change *pending_for(const dir_backend *d, const char *path)
{
    for (size_t i = d->npending; i-- > 0;) /* newest first */
        if (strcmp(d->pending[i].path, path) == 0)
            return &d->pending[i];
    return NULL;
}

/* What `path` holds in this transaction's view. The caller frees out->p. */
static int read_view(const dir_backend *d, const char *path, bytes *out)
{
    const change *c = pending_for(d, path);
    if (c == NULL)
        return read_file(path, out);
    if (c->data.p == NULL)
        return CLM_ENOTFOUND;
    out->p = malloc(c->data.n + 1);
    if (out->p == NULL)
        return CLM_ENOMEM;
    memcpy(out->p, c->data.p, c->data.n);
    out->p[c->data.n] = '\0';
    out->n = c->data.n;
    return 0;
}

/* The record at path in this view, or *out = NULL if there is none. */
static int load_record(const dir_backend *d, const char *path, clm_record **out);

/* The version of record `id` at path in this view (0 if none). */
static int view_version(const dir_backend *d, const char *path, const char *id, int64_t *v)
{
    clm_record *r;
    int rc = load_record(d, path, &r);
    if (rc < 0)
        return rc;
    *v = r != NULL ? r->version : 0;
    if (r != NULL && strcmp(r->id, id) != 0)
        rc = clm_store_backend_fail(CLM_EIO, "%s holds '%s': two long ids share a hash", path, r->id);
    clm_record_free(r);
    return rc;
}

static int load_record(const dir_backend *d, const char *path, clm_record **out)
{
    bytes b;
    int rc = read_view(d, path, &b);
    if (rc == CLM_ENOTFOUND) {
        *out = NULL;
        return 0;
    }
    if (rc < 0)
        return rc;
    rc = clm_record_decode(out, b.p, b.n);
    free(b.p);
    return rc;
}

/* *v = the version of the record file at path on disk (0 if none). */
static int disk_version(const char *path, int64_t *v)
{
    bytes b;
    clm_record *r;
    int rc = read_file(path, &b);
    if (rc == CLM_ENOTFOUND) {
        *v = 0;
        return 0;
    }
    if (rc < 0)
        return rc;
    rc = clm_record_decode(&r, b.p, b.n);
    free(b.p);
    if (rc < 0)
        return rc;
    *v = r->version;
    clm_record_free(r);
    return 0;
}

static int flush(dir_backend *d);

/* Queues a change (taking `data`, freed on failure too); outside a
 * transaction it is written at once. */
static int queue(dir_backend *d, const char *path, bytes data, int64_t expected)
{
    const change *prev = pending_for(d, path);
    if (prev != NULL && expected >= 0)
        expected = prev->expected; /* checked against what the first read saw */
    char *copy = strdup(path);
    if (copy != NULL && d->npending == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 16;
        change *p = realloc(d->pending, nc * sizeof *p);
        if (p != NULL) {
            d->pending = p;
            d->cap = nc;
        }
    }
    if (copy == NULL || d->npending == d->cap) {
        free(copy);
        free(data.p);
        return CLM_ENOMEM;
    }
    d->pending[d->npending++] = (change){ copy, data, expected };
    return d->depth == 0 ? flush(d) : 0;
}

static void drop_pending(dir_backend *d, size_t from)
{
    while (d->npending > from) {
        change *c = &d->pending[--d->npending];
        free(c->path);
        free(c->data.p);
    }
}

/* Writes the pending changes under the lock, after checking nobody else
 * changed what they build on. All or nothing, short of a crash or an I/O
 * error halfway through the writes (see the top of the file). */
static int flush(dir_backend *d)
{
    char lock[PATH_MAX + 8];
    snprintf(lock, sizeof lock, "%s/lock", d->dir);
    int fd = open(lock, O_RDWR | O_CREAT, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        if (fd >= 0)
            close(fd);
        drop_pending(d, 0);
        return clm_store_backend_fail(CLM_EIO, "%s: cannot lock", lock);
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->npending; i++) {
        const change *c = &d->pending[i];
        struct stat sb;
        int64_t v = 0;
        if (c->expected == -1 && stat(c->path, &sb) == 0)
            rc = clm_store_backend_fail(CLM_ECONFLICT, "%s: written by another handle", c->path);
        else if (c->expected >= 0 && (rc = disk_version(c->path, &v)) == 0 && v != c->expected)
            rc = clm_store_backend_fail(CLM_ECONFLICT, "%s: changed by another handle", c->path);
    }
    for (size_t i = 0; rc == 0 && i < d->npending; i++) {
        const change *c = &d->pending[i];
        if (pending_for(d, c->path) != c)
            continue; /* only the last change of a file counts */
        if (c->data.p != NULL)
            rc = write_file(c->path, &c->data);
        else if (unlink(c->path) != 0 && errno != ENOENT)
            rc = clm_store_backend_fail(CLM_EIO, "%s: %s", c->path, strerror(errno));
    }
    close(fd); /* releases the lock */
    drop_pending(d, 0);
    return rc;
}

static int d_get(clm_record *out, clm_store_backend *b, clm_record_kind kind, const char *id)
{
    dir_backend *d = me(b);
    char path[PATH_MAX];
    record_path(d, kind, id, path);
    int rc = load_record(d, path, &d->last);
    if (rc == 0 && d->last == NULL)
        rc = CLM_ENOTFOUND;
    if (rc == 0 && strcmp(d->last->id, id) != 0)
        rc = clm_store_backend_fail(CLM_EIO, "%s holds '%s': two long ids share a hash", path,
                                    d->last->id);
    if (rc == 0)
        *out = *d->last;
    return rc;
}

static int d_put(int64_t *out, clm_store_backend *b, const clm_record *rec)
{
    dir_backend *d = me(b);
    char path[PATH_MAX];
    record_path(d, rec->kind, rec->id, path);
    int64_t stored;
    int rc = view_version(d, path, rec->id, &stored);
    if (rc < 0)
        return rc;
    if (rec->version == 0 && stored != 0)
        return CLM_EEXISTS;
    if (rec->version > 0 && stored == 0)
        return CLM_ENOTFOUND;
    if (rec->version != stored)
        return CLM_ECONFLICT;
    clm_record next = *rec;
    next.version = stored + 1;
    void *enc;
    size_t len;
    if ((rc = clm_record_encode(&enc, &len, &next)) < 0)
        return rc;
    bytes data = { malloc(len), len };
    if (data.p != NULL)
        memcpy(data.p, enc, len);
    clm_free(enc);
    if (data.p == NULL)
        return CLM_ENOMEM;
    if ((rc = queue(d, path, data, stored)) < 0)
        return rc;
    *out = next.version;
    return 0;
}

static int d_del(clm_store_backend *b, clm_record_kind kind, const char *id, int64_t version)
{
    dir_backend *d = me(b);
    char path[PATH_MAX];
    record_path(d, kind, id, path);
    int64_t stored;
    int rc = view_version(d, path, id, &stored);
    if (rc < 0)
        return rc;
    if (stored == 0)
        return CLM_ENOTFOUND;
    if (stored != version)
        return CLM_ECONFLICT;
    return queue(d, path, (bytes){ NULL, 0 }, stored);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push_name(char ***v, size_t *n, size_t *cap, const char *name)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **p = realloc(*v, nc * sizeof *p);
        if (p == NULL)
            return CLM_ENOMEM;
        *v = p;
        *cap = nc;
    }
    if (((*v)[*n] = strdup(name)) == NULL)
        return CLM_ENOMEM;
    (*n)++;
    return 0;
}

static void free_names(char **v, size_t n);

/* The sorted, distinct file names of dir/sub, pending ones included. */
static int list_names(const dir_backend *d, const char *sub, char ***out, size_t *count)
{
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s/%s/", d->dir, sub);
    size_t len = strlen(base), n = 0, cap = 0;
    char **v = NULL;
    int rc = 0;
    DIR *dh = opendir(base);
    if (dh == NULL)
        return clm_store_backend_fail(CLM_EIO, "%s: %s", base, strerror(errno));
    for (struct dirent *e; rc == 0 && (e = readdir(dh)) != NULL;)
        if (e->d_name[0] != '.' && strstr(e->d_name, ".tmp") == NULL)
            rc = push_name(&v, &n, &cap, e->d_name);
    closedir(dh);
    for (size_t i = 0; rc == 0 && i < d->npending; i++)
        if (strncmp(d->pending[i].path, base, len) == 0)
            rc = push_name(&v, &n, &cap, d->pending[i].path + len);
    if (rc < 0) {
        free_names(v, n);
        return rc;
    }
    if (n > 0)
        qsort(v, n, sizeof *v, cmp_names);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && strcmp(v[w - 1], v[i]) == 0)
            free(v[i]);
        else
            v[w++] = v[i];
    }
    *out = v;
    *count = w;
    return 0;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int cmp_ids(const void *a, const void *b)
{
    return strcmp((*(clm_record *const *)a)->id, (*(clm_record *const *)b)->id);
}

/* Reads every record of the kind and hands them out in id order (file
 * names do not sort like ids once long ids are hashed). The store applies
 * the filter's other conditions itself. */
static int d_scan(clm_store_backend *b, const clm_store_filter *f, clm_record_cb cb, void *payload)
{
    dir_backend *d = me(b);
    char **names = NULL;
    size_t n = 0, have = 0;
    int rc = list_names(d, clm_record_kind_name(f->kind), &names, &n);
    clm_record **recs = rc == 0 && n > 0 ? calloc(n, sizeof *recs) : NULL;
    if (n > 0 && recs == NULL && rc == 0)
        rc = CLM_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s/%s", d->dir, clm_record_kind_name(f->kind), names[i]);
        if ((rc = load_record(d, path, &recs[have])) == 0 && recs[have] != NULL)
            have++;
    }
    if (rc == 0 && have > 0)
        qsort(recs, have, sizeof *recs, cmp_ids);
    for (size_t i = 0; rc == 0 && i < have; i++)
        rc = cb(recs[i], payload);
    for (size_t i = 0; i < have; i++)
        clm_record_free(recs[i]);
    free(recs);
    free_names(names, n);
    return rc;
}

static int d_begin(clm_store_backend *b, unsigned depth)
{
    dir_backend *d = me(b);
    d->mark[depth] = d->npending;
    d->depth = depth;
    return 0;
}

static int d_commit(clm_store_backend *b, unsigned depth)
{
    dir_backend *d = me(b);
    d->depth = depth - 1;
    return depth == 1 ? flush(d) : 0;
}

static int d_rollback(clm_store_backend *b, unsigned depth)
{
    dir_backend *d = me(b);
    drop_pending(d, d->mark[depth]);
    d->depth = depth - 1;
    return 0;
}

/* An audit entry on disk: one line "seq at op kind version", then the id,
 * user, role and note, and the before and after images, each as
 * "<length>\n<bytes>" (an image of length 0 is absent). */
static void put_item(FILE *m, const void *p, size_t n)
{
    fprintf(m, "%zu\n", n);
    if (n > 0)
        fwrite(p, 1, n, m);
}

static int d_audit_append(int64_t *out, clm_store_backend *b, const clm_audit_entry *e)
{
    dir_backend *d = me(b);
    char **names = NULL;
    size_t n = 0;
    int rc = list_names(d, "audit", &names, &n);
    if (rc < 0)
        return rc;
    int64_t seq = n > 0 ? strtoll(names[n - 1], NULL, 10) + 1 : 1;
    free_names(names, n);
    void *img[2] = { NULL, NULL };
    size_t len[2] = { 0, 0 };
    const clm_record *recs[2] = { e->before, e->after };
    for (int i = 0; rc == 0 && i < 2; i++)
        if (recs[i] != NULL)
            rc = clm_record_encode(&img[i], &len[i], recs[i]);
    char *text = NULL;
    size_t tlen = 0;
    FILE *m = rc == 0 ? open_memstream(&text, &tlen) : NULL;
    if (m != NULL) {
        fprintf(m, "%" PRId64 " %" PRId64 " %d %d %" PRId64 "\n", seq, e->actor.at, (int)e->op,
                (int)e->kind, e->version);
        const char *strs[4] = { e->id, e->actor.user, e->actor.role, e->note };
        for (int i = 0; i < 4; i++)
            put_item(m, strs[i], strlen(strs[i]));
        for (int i = 0; i < 2; i++)
            put_item(m, img[i], len[i]);
        fclose(m);
    }
    clm_free(img[0]);
    clm_free(img[1]);
    if (rc < 0 || text == NULL) {
        free(text);
        return rc < 0 ? rc : CLM_ENOMEM;
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/audit/%016" PRId64, d->dir, seq);
    rc = queue(d, path, (bytes){ (unsigned char *)text, tlen }, -1);
    if (rc == 0)
        *out = seq;
    return rc;
}

/* Takes one "<length>\n<bytes>" item at *p and NUL-terminates it in place
 * by moving it one byte left, over its newline. */
static int take_item(char **p, char *end, char **item, size_t *len)
{
    char *q;
    unsigned long long n = strtoull(*p, &q, 10);
    if (q >= end || *q != '\n' || (unsigned long long)(end - q - 1) < n)
        return CLM_EIO;
    memmove(q, q + 1, (size_t)n); /* shift left over the newline ... */
    q[n] = '\0';                  /* ... so the NUL fits in its place */
    *item = q;
    *len = (size_t)n;
    *p = q + n + 1;
    return 0;
}

/* Parses one audit file into e (strings point into `text`, which it edits). */
static int parse_entry(char *text, size_t n, clm_audit_entry *e, clm_record *img[2])
{
    char *p = text, *end = text + n, *item;
    int op, kind;
    int used = 0;
    if (sscanf(p, "%" SCNd64 " %" SCNd64 " %d %d %" SCNd64 "\n%n", &e->seq, &e->actor.at, &op,
               &kind, &e->version, &used) != 5 || used == 0)
        return CLM_EIO;
    p += used;
    e->op = (clm_audit_op)op;
    e->kind = (clm_record_kind)kind;
    const char **strs[4] = { &e->id, &e->actor.user, &e->actor.role, &e->note };
    size_t len;
    for (int i = 0; i < 4; i++) {
        if (take_item(&p, end, &item, &len) < 0)
            return CLM_EIO;
        *strs[i] = item;
    }
    for (int i = 0; i < 2; i++) {
        if (take_item(&p, end, &item, &len) < 0)
            return CLM_EIO;
        int rc = len > 0 ? clm_record_decode(&img[i], item, len) : 0;
        if (rc < 0)
            return rc == CLM_ENOMEM ? rc : CLM_EIO;
    }
    e->before = img[0];
    e->after = img[1];
    return 0;
}

static int d_audit_scan(clm_store_backend *b, const clm_audit_filter *f, clm_audit_cb cb,
                        void *payload)
{
    dir_backend *d = me(b);
    char **names = NULL;
    size_t n = 0;
    int rc = list_names(d, "audit", &names, &n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char path[PATH_MAX];
        bytes text;
        snprintf(path, sizeof path, "%s/audit/%s", d->dir, names[i]);
        if ((rc = read_view(d, path, &text)) < 0)
            break;
        clm_audit_entry e;
        clm_record *img[2] = { NULL, NULL };
        rc = parse_entry((char *)text.p, text.n, &e, img);
        if (rc == CLM_EIO)
            rc = clm_store_backend_fail(CLM_EIO, "%s: damaged audit entry", path);
        else if (rc == 0 && (f->kind == 0 || e.kind == f->kind) && (f->id == NULL || strcmp(f->id, e.id) == 0) &&
                 e.seq >= f->from_seq)
            rc = cb(&e, payload);
        clm_record_free(img[0]);
        clm_record_free(img[1]);
        free(text.p);
    }
    free_names(names, n);
    return rc;
}

static void d_free(clm_store_backend *b)
{
    dir_backend *d = me(b);
    drop_pending(d, 0);
    free(d->pending);
    free(d);
}

/* Opens (creating if needed) a store kept in directory `dir`. */
int dir_store_open(clm_store **out, const char *dir)
{
    if (strlen(dir) >= sizeof ((dir_backend *)0)->dir)
        return clm_store_backend_fail(CLM_EINVAL, "%s: path too long", dir);
    dir_backend *d = calloc(1, sizeof *d);
    if (d == NULL)
        return CLM_ENOMEM;
    snprintf(d->dir, sizeof d->dir, "%s", dir);
    char sub[PATH_MAX + 32];
    mkdir(dir, 0755);
    for (int k = CLM_RECORD_CLIENT; k <= CLM_RECORD_COUPON + 1; k++) {
        const char *name = k <= CLM_RECORD_COUPON ? clm_record_kind_name((clm_record_kind)k) : "audit";
        snprintf(sub, sizeof sub, "%s/%s", dir, name);
        if (mkdir(sub, 0755) != 0 && errno != EEXIST) {
            free(d);
            return clm_store_backend_fail(CLM_EIO, "%s: %s", sub, strerror(errno));
        }
    }
    clm_store_backend_init(&d->parent, CLM_STORE_BACKEND_VERSION);
    d->parent.get = d_get;
    d->parent.put = d_put;
    d->parent.del = d_del;
    d->parent.scan = d_scan;
    d->parent.begin = d_begin;
    d->parent.commit = d_commit;
    d->parent.rollback = d_rollback;
    d->parent.audit_append = d_audit_append;
    d->parent.audit_scan = d_audit_scan;
    d->parent.free = d_free; /* count stays NULL: the store counts by scanning */
    int rc = clm_store_new(out, &d->parent);
    if (rc < 0)
        free(d);
    return rc;
}

#ifndef CUSTOM_STORE_NO_MAIN
/* ---- the demonstration ------------------------------------------------------ */

static int show(const clm_audit_entry *e, void *payload)
{
    (void)payload;
    static const char *const ops[] = { "?", "create", "update", "delete" };
    printf("  #%" PRId64 " %s %s '%s' -> version %" PRId64 " by %s (%s): %s\n", e->seq,
           ops[e->op], clm_record_kind_name(e->kind), e->id, e->version, e->actor.user,
           e->actor.role, e->note);
    return 0;
}

static int fail(const char *what)
{
    fprintf(stderr, "custom-store: %s: %s\n", what, clm_error_last()->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: custom-store DIR\n");
        return 2;
    }
    clm_store *st;
    if (dir_store_open(&st, argv[1]) < 0)
        return fail("open");

    /* Start over if an earlier run left the client there. */
    clm_record *cur;
    clm_actor admin = { "admin", "administrator", 1767139200 };
    if (clm_store_get(&cur, st, CLM_RECORD_CLIENT, "acme/42") == 0) {
        int64_t old = cur->version;
        clm_record_free(cur);
        if (clm_store_delete_audited(st, &admin, CLM_RECORD_CLIENT, "acme/42", old, "demo reset") < 0)
            return fail("delete");
        printf("deleted the client an earlier run left\n");
    }

    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = "acme/42"; /* any id: the file name is its hex */
    r.name = "ACME Ltd";
    r.manager = "ivanov";
    r.state = "new";
    clm_actor who = { "ivanov", "manager", 1767225600 };
    int64_t v;
    if (clm_store_put_audited(&v, st, &who, &r, "first contact") < 0)
        return fail("create");
    printf("created client 'acme/42', version %" PRId64 "\n", v);

    if (clm_store_get(&cur, st, CLM_RECORD_CLIENT, "acme/42") < 0)
        return fail("get");
    clm_record next = *cur;
    next.state = "regular";
    next.category = "B";
    clm_actor head = { "petrova", "head_of_department", 1767312000 };
    if (clm_store_put_audited(&v, st, &head, &next, "category by policy") < 0)
        return fail("update");
    printf("updated to version %" PRId64 "\n", v);

    /* Someone still holding version 1 loses instead of overwriting. */
    int rc = clm_store_put_audited(NULL, st, &who, cur, NULL);
    printf("a stale write gets: %s\n", clm_strerror(rc));
    clm_record_free(cur);

    if (clm_store_get(&cur, st, CLM_RECORD_CLIENT, "acme/42") < 0)
        return fail("get");
    printf("stored: %s, state %s, category %s, version %" PRId64 "\n", cur->name, cur->state,
           cur->category, cur->version);
    clm_record_free(cur);
    printf("audit trail:\n");
    clm_audit_filter f = CLM_AUDIT_FILTER_INIT;
    if (clm_store_audit_scan(st, &f, show, NULL) < 0)
        return fail("audit");
    clm_store_free(st);
    return rc == CLM_ECONFLICT ? 0 : 1;
}
#endif
