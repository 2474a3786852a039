/*
 * client_lookup_test.c — normalised names, phones and e-mails; the
 * duplicate check on save (refused with the existing client's id, a branch
 * with its own KPP allowed, user-defined unique kinds); lookups by INN,
 * name, name prefix, phone and e-mail through the store's lookup keys,
 * over the memory and the SQLite backends; likely duplicates; nothing
 * changed after a refusal, also under storage faults and OOM.
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

static const clm_actor MGR = { "ivanov", "manager", 1796385600 };
static int g_sqlite;
static char g_path[256];

static clm_store *open_store(void)
{
    clm_store *st = NULL;
    if (g_sqlite) {
        snprintf(g_path, sizeof g_path, "/tmp/clm-lookup-test-%ld.db", (long)getpid());
        unlink(g_path);
        char wal[300];
        snprintf(wal, sizeof wal, "%s-wal", g_path);
        unlink(wal);
        assert_int_equal(clm_store_open_sqlite(&st, g_path, NULL), 0);
    } else {
        assert_int_equal(clm_store_open_memory(&st), 0);
    }
    return st;
}

static void close_store(clm_store *st)
{
    clm_store_free(st);
    if (g_sqlite) {
        char p[300];
        unlink(g_path);
        snprintf(p, sizeof p, "%s-wal", g_path);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", g_path);
        unlink(p);
    }
}

static void expect_norm(int (*f)(char **, const char *), const char *in, const char *want)
{
    char *out = NULL;
    assert_int_equal(f(&out, in), 0);
    if (strcmp(out, want) != 0)
        fail_msg("'%s' normalised to '%s', want '%s'", in, out, want);
    clm_free(out);
}

static void test_normalize(void **state)
{
    (void)state;
    expect_norm(clm_client_name_normalize, "ООО \"Ромашка\"", "ромашка");
    expect_norm(clm_client_name_normalize, "«Ромашка», ООО", "ромашка");
    expect_norm(clm_client_name_normalize, "  РОМАШКА   плюс ", "ромашка плюс");
    expect_norm(clm_client_name_normalize, "Ромашка-Плюс", "ромашка плюс");
    expect_norm(clm_client_name_normalize, "Общество с ограниченной ответственностью «Ёлка»", "елка");
    expect_norm(clm_client_name_normalize, "Romashka LLC", "romashka");
    expect_norm(clm_client_name_normalize, "PAO 'Sberbank'", "sberbank");
    expect_norm(clm_client_name_normalize, "ИП Петров П.П.", "петров п п");
    /* a legal form inside a word stays */
    expect_norm(clm_client_name_normalize, "Аолит", "аолит");
    expect_norm(clm_client_name_normalize, "ООО", "");
    expect_norm(clm_client_phone_normalize, "+7 (495) 500-55-50", "74955005550");
    expect_norm(clm_client_phone_normalize, "8 495 5005550", "74955005550");
    expect_norm(clm_client_phone_normalize, "+44 20 7946 0958", "442079460958");
    expect_norm(clm_client_phone_normalize, "12-34", "");
    expect_norm(clm_client_email_normalize, " Info@Romashka.RU ", "info@romashka.ru");
    char *out = (char *)1;
    assert_int_equal(clm_client_name_normalize(NULL, "x"), CLM_EINVAL);
    assert_int_equal(clm_client_name_normalize(&out, NULL), CLM_EINVAL);
    assert_int_equal(clm_client_name_normalize(&out, "a\x01"), CLM_EINVAL);
    assert_int_equal(clm_client_phone_normalize(&out, "\xff"), CLM_EINVAL);
    assert_int_equal(clm_client_email_normalize(&out, NULL), CLM_EINVAL);
    assert_ptr_equal(out, (char *)1);
}

/* The legal forms are dropped in their table's order, each as often as
 * it stands as whole words; only forms whose first word is one of the
 * name's are looked for, which must change no result. */
static void test_normalize_forms(void **state)
{
    (void)state;
    /* "акционерное общество" comes before "ооо" in the table: dropping
     * "ооо" later joins the phrase, which then stays */
    expect_norm(clm_client_name_normalize, "Акционерное ООО Общество Ромашка",
                "акционерное общество ромашка");
    expect_norm(clm_client_name_normalize, "Закрытое Акционерное Общество «Ромашка»", "ромашка");
    expect_norm(clm_client_name_normalize, "LLC LLC Romashka llc", "romashka");
    expect_norm(clm_client_name_normalize, "ООО ООО", "");
    expect_norm(clm_client_name_normalize, "Limited Edition, Ltd.", "limited edition");
    expect_norm(clm_client_name_normalize, "Ink Inc.", "ink");
    expect_norm(clm_client_name_normalize, "АО\u00a0«Ёлка-Палка»", "елка палка");
    expect_norm(clm_client_name_normalize, "Ao-Aolit ao", "aolit");
    /* past the 16 words kept for the check: every form is looked for */
    expect_norm(clm_client_name_normalize,
                "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 LLC",
                "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16");
    expect_norm(clm_client_name_normalize,
                "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 LLC",
                "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15");
    expect_norm(clm_client_name_normalize,
                "ООО w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 ИП",
                "w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17");
    expect_norm(clm_client_name_normalize, "", "");
    expect_norm(clm_client_name_normalize, " .,- ", "");
    expect_norm(clm_client_name_normalize, "ЁЖИК Ѐ \xF0\x9F\x98\x80", "ежик ѐ \xF0\x9F\x98\x80");
}

static clm_client *org(const char *id, const char *name, const char *inn, const char *kpp)
{
    clm_client *c = NULL;
    clm_legal_type t = inn != NULL && strlen(inn) == 12 ? CLM_SOLE_TRADER : CLM_LEGAL_ENTITY;
    assert_int_equal(clm_client_new(&c, &MGR, id, t, name), 0);
    if (inn != NULL)
        assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "INN", inn), 0);
    if (kpp != NULL)
        assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "KPP", kpp), 0);
    return c;
}

typedef struct ids {
    char v[16][64];
    int n;
} ids;

static int ids_cb(const char *id, void *payload)
{
    ids *x = payload;
    if (x->n < 16)
        snprintf(x->v[x->n++], 64, "%s", id);
    return 0;
}

static ids by_inn(clm_store *st, const char *inn)
{
    ids x = { .n = 0 };
    assert_int_equal(clm_client_store_find_taxid(st, "RU", "INN", inn, ids_cb, &x), 0);
    return x;
}

static ids by_name(clm_store *st, const char *name, clm_key_match m)
{
    ids x = { .n = 0 };
    assert_int_equal(clm_client_store_find_name(st, name, m, ids_cb, &x), 0);
    return x;
}

static void test_duplicate_refused(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *a = org("C-1", "ООО Ромашка", "7707083893", "773601001");
    assert_int_equal(clm_client_store_save(NULL, st, a, &MGR, NULL), 0);
    /* saving it again (an update) is not a duplicate of itself */
    assert_int_equal(clm_client_set_text(a, &MGR, CLM_CLIENT_REGION, "Moscow"), 0);
    assert_int_equal(clm_client_store_save(NULL, st, a, &MGR, NULL), 0);

    clm_client *b = org("C-2", "Romashka", "7707083893", NULL);
    store_snapshot before;
    assert_int_equal(store_snapshot_take(&before, st), 0);
    int64_t v = -5;
    assert_int_equal(clm_client_store_save(&v, st, b, &MGR, NULL), CLM_EEXISTS);
    assert_string_equal(clm_error_last()->field, "id.RU.INN");
    assert_string_equal(clm_error_last()->source, "C-1");
    assert_non_null(strstr(clm_error_last()->message, "C-1"));
    assert_non_null(strstr(clm_error_last()->message, "7707083893"));
    assert_int_equal(v, -5);
    assert_int_equal(clm_client_stored_version(b), 0);
    assert_true(store_snapshot_matches(&before, st));
    char *dup = NULL;
    assert_int_equal(clm_client_store_duplicate_of(&dup, st, b, NULL), 0);
    assert_string_equal(dup, "C-1");
    clm_free(dup);
    dup = (char *)1;
    assert_int_equal(clm_client_store_duplicate_of(&dup, st, a, NULL), 0);
    assert_null(dup);

    /* a branch: without a KPP, or with the same KPP, still refused */
    clm_client_save_options o = CLM_CLIENT_SAVE_OPTIONS_INIT;
    o.branch = 1;
    assert_int_equal(clm_client_store_save_opts(NULL, st, b, &MGR, NULL, &o), CLM_EEXISTS);
    assert_non_null(strstr(clm_error_last()->message, "KPP"));
    assert_int_equal(clm_client_set_taxid(b, &MGR, NULL, "RU", "KPP", "773601001"), 0);
    assert_int_equal(clm_client_store_save_opts(NULL, st, b, &MGR, NULL, &o), CLM_EEXISTS);
    assert_true(store_snapshot_matches(&before, st));
    /* with its own KPP it is saved, and both are found by the INN */
    assert_int_equal(clm_client_set_taxid(b, &MGR, NULL, "RU", "KPP", "774301001"), 0);
    assert_int_equal(clm_client_store_save_opts(&v, st, b, &MGR, NULL, &o), 0);
    assert_int_equal(v, 1);
    ids x = by_inn(st, "7707083893");
    assert_int_equal(x.n, 2);
    assert_string_equal(x.v[0], "C-1");
    assert_string_equal(x.v[1], "C-2");

    /* the same OGRN is refused too; a KPP is not unique */
    clm_client *c = org("C-3", "Other", NULL, "773601001");
    assert_int_equal(clm_client_set_taxid(c, &MGR, NULL, "RU", "OGRN", "1027700132195"), 0);
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, NULL), 0);
    clm_client *d = org("C-4", "Other 2", NULL, NULL);
    assert_int_equal(clm_client_set_taxid(d, &MGR, NULL, "RU", "OGRN", "1027700132195"), 0);
    assert_int_equal(clm_client_store_save(NULL, st, d, &MGR, NULL), CLM_EEXISTS);
    assert_string_equal(clm_error_last()->field, "id.RU.OGRN");
    /* a user-defined unique kind */
    clm_client *e = org("C-5", "Kazakh", NULL, NULL), *f = org("C-6", "Kazakh 2", NULL, NULL);
    assert_int_equal(clm_client_set_taxid(e, &MGR, NULL, "KZ", "BIN", "123456789012"), 0);
    assert_int_equal(clm_client_set_taxid(f, &MGR, NULL, "KZ", "BIN", "123456789012"), 0);
    const char *const mine[] = { "KZ.BIN" };
    clm_client_save_options u = CLM_CLIENT_SAVE_OPTIONS_INIT;
    u.unique = mine;
    u.nunique = 1;
    assert_int_equal(clm_client_store_save_opts(NULL, st, e, &MGR, NULL, &u), 0);
    assert_int_equal(clm_client_store_save_opts(NULL, st, f, &MGR, NULL, &u), CLM_EEXISTS);
    assert_string_equal(clm_error_last()->field, "id.KZ.BIN");
    /* not unique by default */
    assert_int_equal(clm_client_store_save(NULL, st, f, &MGR, NULL), 0);
    /* bad options */
    const char *const bad[] = { "RUINN" };
    u.unique = bad;
    assert_int_equal(clm_client_store_save_opts(NULL, st, d, &MGR, NULL, &u), CLM_EINVAL);
    u.unique = NULL;
    assert_int_equal(clm_client_store_save_opts(NULL, st, d, &MGR, NULL, &u), CLM_EINVAL);
    u.nunique = 0;
    u.version = 9;
    assert_int_equal(clm_client_store_save_opts(NULL, st, d, &MGR, NULL, &u), CLM_EVERSION);
    o.branch = 2;
    assert_int_equal(clm_client_store_save_opts(NULL, st, d, &MGR, NULL, &o), CLM_EINVAL);
    assert_int_equal(clm_client_save_options_init(NULL), CLM_EINVAL);
    assert_int_equal(clm_client_store_duplicate_of(NULL, st, d, NULL), CLM_EINVAL);
    store_snapshot_free(&before);
    clm_client_free(a);
    clm_client_free(b);
    clm_client_free(c);
    clm_client_free(d);
    clm_client_free(e);
    clm_client_free(f);
    close_store(st);
}

static void test_lookups(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *a = org("C-1", "ООО «Ромашка»", "7707083893", NULL);
    assert_int_equal(clm_client_set_text(a, &MGR, CLM_CLIENT_LEGAL_NAME, "Ромашка-Плюс"), 0);
    assert_int_equal(clm_client_set_text(a, &MGR, CLM_CLIENT_PHONE, "+7 495 500-55-50"), 0);
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = "Petrov";
    p.email = "Petrov@Romashka.ru";
    assert_int_equal(clm_client_person_add(a, &MGR, &p), 0);
    clm_client *b = org("C-2", "Роза", "500301234503", NULL);
    clm_client *c = org("C-3", "Ром и Ко", NULL, NULL);
    assert_int_equal(clm_client_store_save(NULL, st, a, &MGR, NULL), 0);
    assert_int_equal(clm_client_store_save(NULL, st, b, &MGR, NULL), 0);
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, NULL), 0);

    ids x = by_inn(st, "7707083893");
    assert_int_equal(x.n, 1);
    assert_string_equal(x.v[0], "C-1");
    x = by_inn(st, "7707083894");
    assert_int_equal(x.n, 0);
    x = by_name(st, "ромашка", CLM_KEY_EXACT);
    assert_int_equal(x.n, 1);
    x = by_name(st, "Romashka", CLM_KEY_EXACT); /* no transliteration */
    assert_int_equal(x.n, 0);
    x = by_name(st, "РОМ", CLM_KEY_PREFIX); /* "ром и ко", "ромашка", "ромашка плюс" */
    assert_int_equal(x.n, 3);
    assert_string_equal(x.v[0], "C-3");
    assert_string_equal(x.v[1], "C-1");
    assert_string_equal(x.v[2], "C-1");
    x = by_name(st, "ООО Ро", CLM_KEY_PREFIX);
    assert_int_equal(x.n, 4);
    x = by_name(st, "ООО", CLM_KEY_PREFIX); /* only a legal form: nothing */
    assert_int_equal(x.n, 0);
    x.n = 0;
    assert_int_equal(clm_client_store_find_phone(st, "8 (495) 5005550", ids_cb, &x), 0);
    assert_int_equal(x.n, 1);
    x.n = 0;
    assert_int_equal(clm_client_store_find_email(st, "petrov@romashka.RU", ids_cb, &x), 0);
    assert_int_equal(x.n, 1);
    assert_string_equal(x.v[0], "C-1");

    /* a renamed client is found by its new name only; a deleted one not at all */
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_NAME, "Астра"), 0);
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, NULL), 0);
    x = by_name(st, "ром и ко", CLM_KEY_EXACT);
    assert_int_equal(x.n, 0);
    x = by_name(st, "астра", CLM_KEY_EXACT);
    assert_int_equal(x.n, 1);
    assert_int_equal(clm_client_store_delete(st, &MGR, "C-1", clm_client_stored_version(a), NULL), 0);
    x = by_inn(st, "7707083893");
    assert_int_equal(x.n, 0);
    x.n = 0;
    assert_int_equal(clm_client_store_find_phone(st, "74955005550", ids_cb, &x), 0);
    assert_int_equal(x.n, 0);

    /* bad arguments */
    assert_int_equal(clm_client_store_find_taxid(NULL, "RU", "INN", "1", ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_taxid(st, "ru", "INN", "1", ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_taxid(st, "RU", "inn", "1", ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_taxid(st, "RU", "INN", "", ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_taxid(st, "RU", "INN", "1", NULL, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_name(st, NULL, CLM_KEY_EXACT, ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_name(st, "x", (clm_key_match)7, ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_name(st, "x\x02", CLM_KEY_EXACT, ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_phone(NULL, "74955005550", ids_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_find_email(st, "a@b.ru", NULL, &x), CLM_EINVAL);
    clm_client_free(a);
    clm_client_free(b);
    clm_client_free(c);
    close_store(st);
}

typedef struct dups {
    char v[16][128];
    int n;
} dups;

static int dups_cb(const char *id, const char *reason, void *payload)
{
    dups *x = payload;
    if (x->n < 16)
        snprintf(x->v[x->n++], 128, "%s %s", reason, id);
    return 0;
}

static void test_likely_duplicates(void **state)
{
    (void)state;
    clm_store *st = open_store();
    clm_client *a = org("C-1", "ООО «Ромашка»", "7707083893", NULL);
    assert_int_equal(clm_client_set_text(a, &MGR, CLM_CLIENT_PHONE, "+7 495 500-55-50"), 0);
    clm_client *b = org("C-2", "Ромашка ООО", NULL, NULL);
    clm_client *c = org("C-3", "Астра", NULL, NULL);
    assert_int_equal(clm_client_set_text(c, &MGR, CLM_CLIENT_EMAIL, "info@astra.ru"), 0);
    assert_int_equal(clm_client_store_save(NULL, st, a, &MGR, NULL), 0);
    assert_int_equal(clm_client_store_save(NULL, st, b, &MGR, NULL), 0);
    assert_int_equal(clm_client_store_save(NULL, st, c, &MGR, NULL), 0);
    /* a new form: "Romashka" by phone, by name, and Astra by e-mail */
    clm_client *n = org("N-1", "«РОМАШКА»", NULL, NULL);
    assert_int_equal(clm_client_set_text(n, &MGR, CLM_CLIENT_PHONE, "84955005550"), 0);
    assert_int_equal(clm_client_set_text(n, &MGR, CLM_CLIENT_EMAIL, "INFO@astra.ru"), 0);
    dups x = { .n = 0 };
    assert_int_equal(clm_client_store_likely_duplicates(st, n, dups_cb, &x), 0);
    assert_int_equal(x.n, 4);
    assert_string_equal(x.v[0], "email C-3");
    assert_string_equal(x.v[1], "name C-1");
    assert_string_equal(x.v[2], "name C-2");
    assert_string_equal(x.v[3], "phone C-1");
    /* a stored client is not its own duplicate */
    x.n = 0;
    assert_int_equal(clm_client_store_likely_duplicates(st, a, dups_cb, &x), 0);
    assert_int_equal(x.n, 1);
    assert_string_equal(x.v[0], "name C-2");
    assert_int_equal(clm_client_store_likely_duplicates(NULL, a, dups_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_likely_duplicates(st, NULL, dups_cb, &x), CLM_EINVAL);
    assert_int_equal(clm_client_store_likely_duplicates(st, a, NULL, &x), CLM_EINVAL);
    clm_client_free(a);
    clm_client_free(b);
    clm_client_free(c);
    clm_client_free(n);
    close_store(st);
}

/* ---- storage faults and OOM --------------------------------------------- */

typedef struct fstate {
    clm_client *c, *copy;
} fstate;

static void *fault_setup(clm_store *st)
{
    clm_client *a = org("C-1", "Ромашка", "7707083893", "773601001");
    assert_int_equal(clm_client_store_save(NULL, st, a, &MGR, NULL), 0);
    clm_client_free(a);
    fstate *s = calloc(1, sizeof *s);
    s->c = org("C-2", "Ромашка филиал", "7707083893", "774301001");
    assert_int_equal(clm_client_set_text(s->c, &MGR, CLM_CLIENT_PHONE, "+7 495 500-55-50"), 0);
    assert_int_equal(clm_client_dup(&s->copy, s->c), 0);
    return s;
}

static int fault_op(clm_store *st, void *state)
{
    fstate *s = state;
    clm_client_save_options o = CLM_CLIENT_SAVE_OPTIONS_INIT;
    o.branch = 1;
    int rc = clm_client_store_save_opts(NULL, st, s->c, &MGR, NULL, &o);
    if (rc < 0) {
        assert_int_equal(clm_client_equal(s->c, s->copy), 1);
        assert_int_equal(clm_client_stored_version(s->c), 0);
    }
    return rc;
}

static void fault_teardown(void *state)
{
    fstate *s = state;
    clm_client_free(s->c);
    clm_client_free(s->copy);
    free(s);
}

static int new_sqlite(clm_store_backend **out, void *payload)
{
    (void)payload;
    snprintf(g_path, sizeof g_path, "/tmp/clm-lookup-fault-%ld.db", (long)getpid());
    unlink(g_path);
    char p[300];
    snprintf(p, sizeof p, "%s-wal", g_path);
    unlink(p);
    return clm_store_backend_sqlite_new(out, g_path, NULL);
}

static void test_fault_walk(void **state)
{
    (void)state;
    fault_case fc = { fault_setup, fault_op, fault_teardown };
    /* begin, the INN lookup, the other client's load (get), the audited
     * create (put, append) and the keys (keys_set) in the save's own level
     * with no level of their own, commit */
    long calls = g_sqlite ? fault_check_over(&fc, new_sqlite, NULL) : fault_check(&fc);
    assert_int_equal(calls, 7);
    if (g_sqlite)
        unlink(g_path);
}

typedef struct ostate {
    clm_store *st;
    clm_client *c;
    clm_client *twin; /* C-1's INN: a duplicate */
    store_snapshot before;
} ostate;

static void *oom_setup(void)
{
    ostate *s = calloc(1, sizeof *s);
    assert_int_equal(clm_store_open_memory(&s->st), 0);
    clm_client *a = org("C-1", "Ромашка", "7707083893", NULL);
    assert_int_equal(clm_client_store_save(NULL, s->st, a, &MGR, NULL), 0);
    clm_client_free(a);
    s->c = org("C-2", "ООО Астра", "500301234503", NULL);
    assert_int_equal(clm_client_set_text(s->c, &MGR, CLM_CLIENT_EMAIL, "a@astra.ru"), 0);
    s->twin = org("C-3", "Ромашка-2", "7707083893", NULL);
    assert_int_equal(store_snapshot_take(&s->before, s->st), 0);
    return s;
}

static bool oom_unchanged(void *state)
{
    ostate *s = state;
    return clm_store_depth(s->st) == 0 && clm_client_stored_version(s->c) == 0 &&
           store_snapshot_matches(&s->before, s->st);
}

static void oom_teardown(void *state)
{
    ostate *s = state;
    store_snapshot_free(&s->before);
    clm_client_free(s->c);
    clm_client_free(s->twin);
    clm_store_free(s->st);
    free(s);
}

static int op_save(void *state)
{
    ostate *s = state;
    return clm_client_store_save(NULL, s->st, s->c, &MGR, NULL);
}

static int count_cb(const char *id, const char *reason, void *payload)
{
    (void)id, (void)reason;
    (*(int *)payload)++;
    return 0;
}

static int op_dups(void *state)
{
    ostate *s = state;
    int n = 0;
    return clm_client_store_likely_duplicates(s->st, s->c, count_cb, &n);
}

static int op_find_name(void *state)
{
    ids x = { .n = 0 };
    return clm_client_store_find_name(((ostate *)state)->st, "ООО Ром", CLM_KEY_PREFIX, ids_cb, &x);
}

static int op_duplicate_of(void *state)
{
    ostate *s = state;
    char *dup = NULL;
    int rc = clm_client_store_duplicate_of(&dup, s->st, s->twin, NULL);
    if (rc == 0 && (dup == NULL || strcmp(dup, "C-1") != 0))
        rc = CLM_EINVAL;
    clm_free(dup);
    return rc;
}

static int op_find_phone_email(void *state)
{
    ids x = { .n = 0 };
    clm_store *st = ((ostate *)state)->st;
    int rc = clm_client_store_find_phone(st, "8 (495) 500-55-50", ids_cb, &x);
    if (rc == 0)
        rc = clm_client_store_find_email(st, " A@Astra.ru ", ids_cb, &x);
    if (rc == 0)
        rc = clm_client_store_find_taxid(st, "RU", "INN", "7707083893", ids_cb, &x);
    return rc;
}

static void test_oom(void **state)
{
    (void)state;
    int (*ops[])(void *) = { op_save, op_dups, op_find_name, op_duplicate_of, op_find_phone_email };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        oom_case c = { oom_setup, ops[i], oom_unchanged, oom_teardown };
        assert_true(oom_check(&c) >= 1);
    }
}

int main(int argc, char **argv)
{
    g_sqlite = argc > 1 && strcmp(argv[1], "--sqlite") == 0;
    oom_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_normalize_forms),
        cmocka_unit_test(test_duplicate_refused),
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_likely_duplicates),
        cmocka_unit_test(test_fault_walk),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests_name(g_sqlite ? "client_lookup sqlite" : "client_lookup memory",
                                       tests, NULL, NULL);
}
