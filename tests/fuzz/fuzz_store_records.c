/* fuzz_store_records.c — the domain modules' readers of store records
 * (claims, invoices and payments, coupons, offers and contracts, clients,
 * contact-log entries, tasks, orders), given records a damaged or foreign
 * database could hold. The input is a record:
 *
 *   byte 0        the kind: claim, invoice, payment, coupon, offer,
 *                 contract, client, contact, task, order (mod 10)
 *   7 lines       id, client_id, manager, state, name, due (YYYY-MM-DD or
 *                 empty), amount ("12.50 RUB" or empty)
 *   the rest      the body
 *
 * A record the store refuses (clm_record_check) is skipped. Otherwise the
 * owning module's loader (clm_claim_store_load, clm_claim_store_scan,
 * clm_credit_store_load_ledger, clm_coupon_store_get, clm_offer_store_load,
 * clm_contract_store_load, clm_client_store_load, clm_contact_store_load_log,
 * clm_todo_store_load, clm_credit_store_exposure, clm_retro_store_turnover)
 * returns a documented code, and on failure a message and its output
 * untouched. A claim that loads encodes and decodes back to an equal
 * claim; a client or task that loads is the one the record names, at the
 * record's version. */
#include "fuzz.h"

/* The next line of [*p, end) as a NUL-terminated copy in buf (NULL when
 * empty or too long); advances *p past it. */
static const char *next_line(const char **p, const char *end, char *buf, size_t size)
{
    const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
    const char *stop = nl != NULL ? nl : end;
    size_t n = (size_t)(stop - s);
    *p = nl != NULL ? nl + 1 : end;
    if (n == 0 || n >= size || memchr(s, '\0', n) != NULL)
        return NULL;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static int count_claim(const clm_claim *c, void *payload)
{
    (void)c;
    ++*(size_t *)payload;
    return 0;
}

static void claim(clm_store *st, const char *id)
{
    clm_claim *c = FUZZ_SENTINEL;
    int rc = clm_claim_store_load(&c, st, id);
    FUZZ_RC("clm_claim_store_load", rc, CLM_ENOTFOUND, CLM_EPARSE, CLM_EINVAL);
    size_t seen = 0;
    int rs = clm_claim_store_scan(st, NULL, count_claim, &seen);
    FUZZ_RC("clm_claim_store_scan", rs, CLM_EPARSE, CLM_EINVAL);
    if (rc != 0) {
        FUZZ_CHECK(c == FUZZ_SENTINEL, "clm_claim_store_load changed *out on failure");
        return;
    }
    FUZZ_CHECK(rs == 0 && seen == 1, "a claim that loads is not scanned once (%d, %zu)", rs, seen);
    FUZZ_CHECK(strcmp(clm_claim_number(c), id) == 0, "the claim loaded is not %s", id);
    FUZZ_CHECK(clm_claim_stored_version(c) == 1, "the stored version is not kept");
    char *t = NULL;
    size_t n = 0;
    FUZZ_CHECK(clm_claim_encode(&t, &n, c) == 0, "a loaded claim does not encode");
    clm_claim *d = NULL;
    FUZZ_CHECK(clm_claim_decode(&d, t, n) == 0, "a loaded claim does not decode back: %s",
               clm_error_last()->message);
    FUZZ_CHECK(clm_claim_equal(c, d), "a loaded claim decodes back to another");
    clm_claim_free(d);
    clm_free(t);
    clm_claim_free(c);
}

static void ledger(clm_store *st, const char *currency)
{
    clm_credit_ledger *l = FUZZ_SENTINEL;
    int rc = clm_credit_store_load_ledger(&l, st, currency, NULL);
    FUZZ_RC("clm_credit_store_load_ledger", rc, CLM_EPARSE, CLM_EINVAL, CLM_ECURRENCY, CLM_ERANGE,
            CLM_EEXISTS, CLM_ENOTFOUND);
    if (rc != 0) {
        FUZZ_CHECK(l == FUZZ_SENTINEL, "clm_credit_store_load_ledger changed *out on failure");
        return;
    }
    FUZZ_CHECK(clm_credit_ledger_invoice_count(l) + clm_credit_ledger_payment_count(l) <= 1,
               "one record made more than one ledger entry");
    clm_credit_ledger_free(l);
}

/* The retro-bonus turnover reads the same invoice and credit-note records
 * (discount_retro.h) over the whole calendar. */
static void turnover(clm_store *st, const char *client_id, const char *currency)
{
    if (client_id == NULL)
        return;
    int64_t sum = -77;
    int rc = clm_retro_store_turnover(&sum, st, currency, client_id, CLM_DATE_MIN, CLM_DATE_MAX,
                                      CLM_RETRO_NET_OF_CREDIT_NOTES);
    FUZZ_RC("clm_retro_store_turnover", rc, CLM_EINVAL, CLM_ERANGE, CLM_ECURRENCY, CLM_EPARSE,
            CLM_EOVERFLOW);
    if (rc != 0)
        FUZZ_CHECK(sum == -77, "clm_retro_store_turnover changed *out on failure");
}

static void coupon(clm_store *st, const char *id)
{
    if (strncmp(id, "c:", 2) != 0)
        return;
    clm_coupon_info info, before;
    memset(&info, 0xA5, sizeof info);
    before = info;
    int rc = clm_coupon_store_get(&info, st, id + 2);
    FUZZ_RC("clm_coupon_store_get", rc, CLM_EINVAL, CLM_ENOTFOUND, CLM_EPARSE);
    if (rc != 0) {
        FUZZ_CHECK(memcmp(&info, &before, sizeof info) == 0,
                   "clm_coupon_store_get changed *out on failure");
        return;
    }
    FUZZ_CHECK(info.valid_from <= info.valid_to && info.uses >= 0,
               "a coupon loads with impossible figures");
    int64_t uses = -1;
    rc = clm_coupon_store_client_uses(&uses, st, id + 2, "client-1");
    FUZZ_RC("clm_coupon_store_client_uses", rc, CLM_EINVAL, CLM_ENOTFOUND, CLM_EPARSE);
    if (rc == 0)
        FUZZ_CHECK(uses == 0, "a client with no use holds %lld", (long long)uses);
}

static void offer(clm_store *st, const char *id)
{
    clm_offer *o = FUZZ_SENTINEL;
    int rc = clm_offer_store_load(&o, st, id);
    FUZZ_RC("clm_offer_store_load", rc, CLM_EINVAL, CLM_ENOTFOUND, CLM_EPARSE, CLM_ESCHEMA,
            CLM_ECURRENCY, CLM_ELIMIT);
    if (rc != 0) {
        FUZZ_CHECK(o == FUZZ_SENTINEL, "clm_offer_store_load changed *out on failure");
        return;
    }
    FUZZ_CHECK(strcmp(clm_offer_id(o), id) == 0, "record '%s' loads as offer '%s'", id,
               clm_offer_id(o));
    FUZZ_CHECK(clm_offer_stored_version(o) == 1, "the stored version is not kept");
    clm_offer_free(o);
}

static void contract(clm_store *st, const char *id)
{
    clm_contract *c = FUZZ_SENTINEL;
    int rc = clm_contract_store_load(&c, st, id);
    FUZZ_RC("clm_contract_store_load", rc, CLM_EINVAL, CLM_ENOTFOUND, CLM_EPARSE, CLM_ESCHEMA,
            CLM_ECURRENCY, CLM_ELIMIT);
    if (rc != 0) {
        FUZZ_CHECK(c == FUZZ_SENTINEL, "clm_contract_store_load changed *out on failure");
        return;
    }
    FUZZ_CHECK(strcmp(clm_contract_id(c), id) == 0, "record '%s' loads as contract '%s'", id,
               clm_contract_id(c));
    clm_contract_free(c);
}

static void client(clm_store *st, const char *id)
{
    clm_client *c = FUZZ_SENTINEL;
    int rc = clm_client_store_load(&c, st, id);
    FUZZ_RC("clm_client_store_load", rc, CLM_EINVAL, CLM_ELIMIT, CLM_ENOTFOUND, CLM_EPARSE,
            CLM_EVERSION);
    if (rc != 0) {
        FUZZ_CHECK(c == FUZZ_SENTINEL, "clm_client_store_load changed *out on failure");
        return;
    }
    FUZZ_CHECK(strcmp(clm_client_id(c), id) == 0, "record '%s' loads as client '%s'", id,
               clm_client_id(c));
    FUZZ_CHECK(clm_client_stored_version(c) == 1, "the stored version is not kept");
    clm_client_free(c);
}

static void contact(clm_store *st)
{
    clm_contact_log *log = FUZZ_SENTINEL;
    int rc = clm_contact_store_load_log(&log, st, NULL);
    FUZZ_RC("clm_contact_store_load_log", rc, CLM_EINVAL, CLM_EVERSION, CLM_EPARSE);
    if (rc != 0) {
        FUZZ_CHECK(log == FUZZ_SENTINEL, "clm_contact_store_load_log changed *out on failure");
        return;
    }
    FUZZ_CHECK(clm_contact_log_count(log) == 1, "one record loads as %zu entries",
               clm_contact_log_count(log));
    clm_contact_log_free(log);
}

static void task(clm_store *st, const char *id)
{
    clm_todo *t = FUZZ_SENTINEL;
    int64_t version = -7;
    int rc = clm_todo_store_load(&t, &version, st, id);
    FUZZ_RC("clm_todo_store_load", rc, CLM_EINVAL, CLM_ENOTFOUND, CLM_EPARSE, CLM_EVERSION);
    if (rc != 0) {
        FUZZ_CHECK(t == FUZZ_SENTINEL && version == -7,
                   "clm_todo_store_load changed its outputs on failure");
        return;
    }
    FUZZ_CHECK(strcmp(clm_todo_id(t), id) == 0, "record '%s' loads as task '%s'", id,
               clm_todo_id(t));
    FUZZ_CHECK(version == 1, "the stored version is not kept (%lld)", (long long)version);
    clm_todo_free(t);
}

static void order(clm_store *st, const char *client_id, const char *currency)
{
    if (client_id == NULL)
        return;
    clm_credit_exposure x, before;
    memset(&x, 0xA5, sizeof x);
    before = x;
    clm_date as_of = 0;
    if (clm_date_from_ymd(&as_of, 2026, 3, 1) != 0)
        fuzz_die("cannot make a date");
    int rc = clm_credit_store_exposure(&x, st, currency, client_id, as_of);
    FUZZ_RC("clm_credit_store_exposure", rc, CLM_EPARSE, CLM_EINVAL, CLM_ECURRENCY, CLM_ERANGE,
            CLM_EEXISTS, CLM_ENOTFOUND, CLM_EOVERFLOW);
    if (rc != 0) {
        FUZZ_CHECK(memcmp(&x, &before, sizeof x) == 0,
                   "clm_credit_store_exposure changed *out on failure");
        return;
    }
    FUZZ_CHECK(x.orders >= 0 && x.receivables == 0 && x.unapplied == 0,
               "an order alone makes orders %lld, receivables %lld, unapplied %lld",
               (long long)x.orders, (long long)x.receivables, (long long)x.unapplied);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const clm_record_kind kinds[] = { CLM_RECORD_CLAIM,   CLM_RECORD_INVOICE,
                                             CLM_RECORD_PAYMENT, CLM_RECORD_COUPON,
                                             CLM_RECORD_OFFER,   CLM_RECORD_CONTRACT,
                                             CLM_RECORD_CLIENT,  CLM_RECORD_CONTACT,
                                             CLM_RECORD_TASK,    CLM_RECORD_ORDER };
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    char f[7][CLM_RECORD_FIELD_MAX + 1];
    const char *v[7];
    for (int i = 0; i < 7; i++)
        v[i] = next_line(&p, end, f[i], sizeof f[i]);
    clm_record r = CLM_RECORD_INIT;
    r.kind = kinds[data[0] % (sizeof kinds / sizeof kinds[0])];
    r.id = v[0];
    r.client_id = v[1];
    r.manager = v[2];
    r.state = v[3];
    r.name = v[4];
    if (r.id == NULL)
        return 0;
    if (v[5] != NULL && clm_date_parse(&r.due, v[5]) < 0)
        return 0;
    if (v[6] != NULL && clm_money_parse(&r.amount, v[6]) < 0)
        return 0;
    r.body = p < end ? p : NULL;
    r.body_len = (size_t)(end - p);
    if (clm_record_check(&r) != 0)
        return 0;
    clm_store *st = NULL;
    if (clm_store_open_memory(&st) != 0)
        fuzz_die("cannot open a memory store: %s", clm_error_last()->message);
    int64_t version = 0;
    if (clm_store_put(&version, st, &r) != 0)
        fuzz_die("the memory store refuses a checked record: %s", clm_error_last()->message);
    switch (r.kind) {
    case CLM_RECORD_CLAIM:
        claim(st, r.id);
        break;
    case CLM_RECORD_COUPON:
        coupon(st, r.id);
        break;
    case CLM_RECORD_OFFER:
        offer(st, r.id);
        break;
    case CLM_RECORD_CONTRACT:
        contract(st, r.id);
        break;
    case CLM_RECORD_CLIENT:
        client(st, r.id);
        break;
    case CLM_RECORD_CONTACT:
        contact(st);
        break;
    case CLM_RECORD_TASK:
        task(st, r.id);
        break;
    case CLM_RECORD_ORDER:
        order(st, r.client_id, r.amount.currency[0] != '\0' ? r.amount.currency : "RUB");
        break;
    default:
        ledger(st, r.amount.currency[0] != '\0' ? r.amount.currency : "RUB");
        turnover(st, r.client_id, r.amount.currency[0] != '\0' ? r.amount.currency : "RUB");
        break;
    }
    clm_store_free(st);
    return 0;
}
