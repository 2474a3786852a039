/*
 * text_rules_test.c — the one definition of valid text (clm/common.h,
 * "Text"), tested on every public setter that takes text. Each setter is
 * called with a control byte, a DEL, a CR, invalid UTF-8 (overlong,
 * surrogate, truncated), one byte over its limit and, for ids, a space at
 * either end, and for id, name and line kinds a TAB and an LF: every call
 * must fail with CLM_EINVAL, name the field in the last error and leave
 * every object as it was. Then the valid boundary cases (the longest value,
 * multi-byte UTF-8, interior spaces, TAB and LF in a note) must pass.
 *
 * Setters covered (the table below, in this order):
 *   clm_actor_check (user, role)                         id
 *   clm_calendar_new (name)                              line
 *   clm_calendar_add_day (note)                          note
 *   clm_condition_compare_text, clm_condition_in_text     line
 *   clm_category_policy_new (name)                       id, 63 bytes
 *   clm_category_policy_add_category (name; roles)       id, 63; id
 *   clm_category_policy_add_rule (name)                  id, 63
 *   clm_category_policy_assign (note)                    name
 *   clm_client_new (client_id; name)                     id; line, required
 *   clm_client_set_text (legal_name; notes)              line; note
 *   clm_client_set_taxid (value)                         id
 *   clm_client_set_state (lost_to)                       id
 *   clm_client_reassign (manager)                        id
 *   clm_client_person_add (name; position)               line
 *   clm_category_authority_allow (category; role)        id
 *   clm_client_category_add (category; reason)           id; name
 *   clm_client_edits_set_text (reason)                   line
 *   clm_client_store_save (note)                         note
 *   clm_contact_log_add (client_id, manager; purpose,
 *                        result, next_action)            id; note
 *   clm_contact_store_save (entry_id)                    id
 *   clm_delegations_add (manager; deputy)                id
 *   clm_discount_policy_new (name)                       line
 *   clm_discount_policy_add_role_caps (role)             id
 *   clm_discount_policy_add_group (group)                id
 *   clm_discount_policy_add_rule (id; description;
 *                                 exclusion_group)       id; note; id
 *   clm_discount_policy_add_condition (values; group)    id
 *   clm_discount_policy_add_approval (role)              id
 *   clm_rfm_segments_add (name)                          id, 63 bytes
 *   clm_store_put (record id; client_id)                 id; name (NULL: none)
 *   clm_store_put_audited (note)                         note
 *   clm_claim_regimes_add (id; name)                     id; line
 *   clm_claim_new (number, client_id, manager,
 *                  client_category, concerns_id,
 *                  regime; description)                  id; note
 *   clm_claim_move (note)                                note
 *   clm_claim_decide (reasons)                           name
 *   clm_claim_inform (text)                              note, required
 *   clm_claim_set_cause (cause)                          name
 *   clm_claim_escalate (to_user; reason)                 id; name
 *   clm_claim_store_save (note)                          note
 *   clm_claim_store_escalate_due (reason)                name
 *   clm_offer_new (id, client_id, manager; delivery)     id; line
 *   clm_offer_set_terms (delivery)                       line
 *   clm_offer_add_line (product; group)                  id
 *   clm_offer_price (policy_version)                     id
 *   clm_offer_approve (on_behalf_of; note)               id; line
 *   clm_offer_refuse (note)                              name, required
 *   clm_offer_credit_override (note)                     name, required
 *   clm_offer_withdraw (note), clm_offer_reject (note)   line
 *   clm_offer_counter_draft (id), clm_offer_new_version  id
 *   clm_offer_store_save (note)                          note
 *   clm_contract_from_offer (id), clm_contract_renew     id
 *   clm_contract_dispute (clause; draft, client)         id; note
 *   clm_contract_answer (answer)                         note, required
 *   clm_contract_settle (note)                           line
 *   clm_contract_add_special (text)                      note, required
 *   clm_contract_terminate (note)                        name, required
 *   clm_contract_store_save (note)                       note
 * Not here: clm_idcheck_register (country and kind have a stricter format
 * of their own, tested in idcheck_test.c); the claim number pattern (a
 * format of its own, claim_test.c); the edits' values, which
 * clm_client_apply checks as the setters above do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clm/clm.h"
#include "support/offer_fixture.h"

enum { K_ID, K_NAME, K_LINE, K_NOTE };

static const clm_actor MGR = { "ivanov", "manager", 1700000000 };

/* Every object a setter may change. */
typedef struct world {
    clm_calendar *cal;
    clm_category_policy *cat;
    clm_condition *cond;
    clm_client *client;
    clm_idcheck_registry *reg;
    clm_category_authority *auth;
    clm_client_edits *edits;
    clm_contact_log *log;
    clm_delegations *dl;
    clm_discount_policy *disc;
    size_t disc_rule;
    clm_rfm_segments *seg;
    clm_store *st;
    clm_claim_regimes *regimes;
    clm_calendar *ru;
    clm_claim *cl_move;     /* toggles under_assessment <-> awaiting_client */
    clm_claim *cl_decide;   /* under assessment */
    clm_claim *cl_inform;   /* decided */
    clm_claim *cl_stored;   /* registered in st */
    clm_offer *of_draft;    /* a draft: terms and lines */
    clm_offer *of_topric;   /* a draft priced again and again */
    clm_offer *of_await;    /* awaiting approval */
    clm_offer *of_approved; /* approved */
    clm_offer *of_sent;     /* sent */
    clm_offer *of_accepted; /* accepted: contracts are made from it */
    clm_contract *ct;       /* in negotiation, disagreement 0 on clause 1 */
    clm_contract *ct_exec;  /* in execution */
    unsigned counter; /* makes valid values unique */
    clm_date day;
} world;

static world W;

static void append(char **acc, size_t *len, const char *s, size_t n)
{
    char *p = realloc(*acc, *len + n + 2);
    assert_non_null(p);
    memcpy(p + *len, s, n);
    p[*len + n] = '|';
    *len += n + 1;
    p[*len] = '\0';
    *acc = p;
}

static int count_audit(const clm_audit_entry *e, void *payload)
{
    (void)e;
    (*(int64_t *)payload)++;
    return 0;
}

/* Everything the world holds, as text: equal snapshots, equal worlds. */
static char *snapshot(void)
{
    char *acc = NULL, *x = NULL, num[64];
    size_t len = 0, n = 0;
    assert_int_equal(clm_calendar_save_xml(&x, &n, W.cal), 0);
    append(&acc, &len, x, n);
    clm_free(x);
    assert_int_equal(clm_category_policy_save_xml(&x, &n, W.cat), 0);
    append(&acc, &len, x, n);
    clm_free(x);
    assert_int_equal(clm_client_encode(&x, &n, W.client), 0);
    append(&acc, &len, x, n);
    clm_free(x);
    int rc = clm_discount_policy_save_xml(&x, &n, W.disc);
    if (rc != 0)
        fail_msg("save: %s", clm_error_last()->message);
    append(&acc, &len, x, n);
    clm_free(x);
    int64_t records = 0, contacts = 0;
    clm_store_filter f = CLM_STORE_FILTER_INIT;
    f.kind = CLM_RECORD_CLIENT;
    assert_int_equal(clm_store_count(&records, W.st, &f), 0);
    f.kind = CLM_RECORD_CONTACT;
    assert_int_equal(clm_store_count(&contacts, W.st, &f), 0);
    snprintf(num, sizeof num, "%zu/%zu/%zu/%zu/%zu/%lld/%lld", clm_contact_log_count(W.log),
             clm_delegations_count(W.dl), clm_client_edits_count(W.edits),
             clm_discount_policy_approval_count(W.disc), clm_discount_policy_rule_count(W.disc),
             (long long)records, (long long)contacts);
    append(&acc, &len, num, strlen(num));
    clm_claim *claims[] = { W.cl_move, W.cl_decide, W.cl_inform, W.cl_stored };
    for (size_t i = 0; i < sizeof claims / sizeof claims[0]; i++) {
        assert_int_equal(clm_claim_encode(&x, &n, claims[i]), 0);
        append(&acc, &len, x, n);
        clm_free(x);
    }
    int64_t claim_records = 0, audits = 0;
    f.kind = CLM_RECORD_CLAIM;
    assert_int_equal(clm_store_count(&claim_records, W.st, &f), 0);
    assert_int_equal(clm_store_audit_scan(W.st, NULL, count_audit, &audits), 0);
    snprintf(num, sizeof num, "%zu/%lld/%lld/%lld", clm_claim_regimes_count(W.regimes),
             (long long)claim_records, (long long)audits,
             (long long)clm_claim_stored_version(W.cl_stored));
    append(&acc, &len, num, strlen(num));
    clm_offer *offers[] = { W.of_draft, W.of_topric, W.of_await,
                            W.of_approved, W.of_sent, W.of_accepted };
    for (size_t i = 0; i < sizeof offers / sizeof offers[0]; i++) {
        assert_int_equal(clm_offer_save_xml(&x, &n, offers[i]), 0);
        append(&acc, &len, x, n);
        clm_free(x);
        snprintf(num, sizeof num, "%lld", (long long)clm_offer_stored_version(offers[i]));
        append(&acc, &len, num, strlen(num));
    }
    clm_contract *contracts[] = { W.ct, W.ct_exec };
    for (size_t i = 0; i < sizeof contracts / sizeof contracts[0]; i++) {
        assert_int_equal(clm_contract_save_xml(&x, &n, contracts[i]), 0);
        append(&acc, &len, x, n);
        clm_free(x);
        snprintf(num, sizeof num, "%lld", (long long)clm_contract_stored_version(contracts[i]));
        append(&acc, &len, num, strlen(num));
    }
    int64_t offer_records = 0;
    f.kind = CLM_RECORD_OFFER;
    assert_int_equal(clm_store_count(&offer_records, W.st, &f), 0);
    f.kind = CLM_RECORD_CONTRACT;
    assert_int_equal(clm_store_count(&claim_records, W.st, &f), 0);
    snprintf(num, sizeof num, "%lld/%lld", (long long)offer_records, (long long)claim_records);
    append(&acc, &len, num, strlen(num));
    return acc;
}

/* ---- the setters -------------------------------------------------------- */

typedef int (*setter_fn)(const char *text);

typedef struct setter {
    const char *name;  /* the function and which argument */
    setter_fn call;
    int kind;
    const char *field; /* named in the last error */
    size_t max;        /* 0: the kind's limit */
    int empty_absent;  /* "" means "none" here, and is accepted */
    int no_valid;      /* valid values need more than text (a transition...) */
} setter;

static char *uniq(const char *text)
{
    /* valid values get a unique prefix so that adding twice does not
     * collide; the caller's text keeps its length budget (see valid()) */
    static char buf[CLM_TEXT_MAX + 64];
    snprintf(buf, sizeof buf, "%s", text);
    return buf;
}

static int actor_user(const char *t)
{
    clm_actor a = { t, "manager", 1 };
    return clm_actor_check(&a);
}

static int actor_role(const char *t)
{
    clm_actor a = { "ivanov", t, 1 };
    return clm_actor_check(&a);
}

static int calendar_new(const char *t)
{
    clm_calendar *c = NULL;
    int rc = clm_calendar_new(&c, t);
    if (rc != 0)
        assert_null(c);
    clm_calendar_free(c);
    return rc;
}

static int calendar_add_day(const char *t)
{
    return clm_calendar_add_day(W.cal, W.day++, CLM_DAY_HOLIDAY, t);
}

static int condition_compare_text(const char *t)
{
    clm_condition *c = NULL;
    int rc = clm_condition_compare_text(&c, CLM_FACT_REGION, CLM_CMP_EQ, t);
    if (rc != 0)
        assert_null(c);
    clm_condition_free(c);
    return rc;
}

static int condition_in_text(const char *t)
{
    clm_condition *c = NULL;
    const char *v[2] = { "north", t };
    int rc = clm_condition_in_text(&c, CLM_FACT_REGION, v, 2);
    if (rc != 0)
        assert_null(c);
    clm_condition_free(c);
    return rc;
}

static int category_policy_new(const char *t)
{
    clm_category_policy *p = NULL;
    int rc = clm_category_policy_new(&p, t, "RUB");
    if (rc != 0)
        assert_null(p);
    clm_category_policy_free(p);
    return rc;
}

static int category_add_name(const char *t)
{
    const char *roles[] = { "manager" };
    return clm_category_policy_add_category(W.cat, t, roles, 1);
}

static int category_add_role(const char *t)
{
    char name[32];
    snprintf(name, sizeof name, "cat-%u", W.counter++);
    const char *roles[] = { "manager", t };
    return clm_category_policy_add_category(W.cat, name, roles, 2);
}

static int category_rule(const char *t)
{
    return clm_category_policy_add_rule(W.cat, t, "key", W.cond);
}

static int category_assign(const char *t)
{
    return clm_category_policy_assign(W.client, &MGR, W.cat, "key", 1, t);
}

static int client_new_id(const char *t)
{
    clm_client *c = NULL;
    int rc = clm_client_new(&c, &MGR, t, CLM_INDIVIDUAL, "Ivan Petrov");
    if (rc != 0)
        assert_null(c);
    clm_client_free(c);
    return rc;
}

static int client_new_name(const char *t)
{
    clm_client *c = NULL;
    int rc = clm_client_new(&c, &MGR, "c-9", CLM_INDIVIDUAL, t);
    if (rc != 0)
        assert_null(c);
    clm_client_free(c);
    return rc;
}

static int client_legal_name(const char *t)
{
    return clm_client_set_text(W.client, &MGR, CLM_CLIENT_LEGAL_NAME, t);
}

static int client_notes(const char *t)
{
    return clm_client_set_text(W.client, &MGR, CLM_CLIENT_NOTES, t);
}

static int client_taxid(const char *t)
{
    return clm_client_set_taxid(W.client, &MGR, W.reg, "RU", "INN", t);
}

static int client_lost_to(const char *t)
{
    return clm_client_set_state(W.client, &MGR, CLM_CLIENT_LOST, t);
}

static int client_reassign(const char *t)
{
    return clm_client_reassign(W.client, &MGR, t);
}

static int person_name(const char *t)
{
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = t;
    return clm_client_person_add(W.client, &MGR, &p);
}

static int person_position(const char *t)
{
    clm_client_person p = CLM_CLIENT_PERSON_INIT;
    p.name = "Anna";
    p.position = t;
    return clm_client_person_add(W.client, &MGR, &p);
}

static int authority_category(const char *t)
{
    return clm_category_authority_allow(W.auth, t, "manager");
}

static int authority_role(const char *t)
{
    return clm_category_authority_allow(W.auth, "key", t);
}

static int client_category(const char *t)
{
    return clm_client_category_add(W.client, &MGR, t, "why", NULL);
}

static int client_category_reason(const char *t)
{
    char cat[32];
    snprintf(cat, sizeof cat, "c-%u", W.counter++);
    return clm_client_category_add(W.client, &MGR, cat, t, NULL);
}

static int edits_reason(const char *t)
{
    return clm_client_edits_set_text(W.edits, CLM_CLIENT_NOTES, "x", t);
}

static int client_store_note(const char *t)
{
    int64_t v = 0;
    return clm_client_store_save(&v, W.st, W.client, &MGR, t);
}

static clm_contact_entry contact(void)
{
    clm_contact_entry e = CLM_CONTACT_ENTRY_INIT;
    e.direction = CLM_CONTACT_OUTGOING;
    e.channel = CLM_CHANNEL_CALL;
    e.at = 1700000000;
    e.client_id = "c1";
    e.manager = "ivanov";
    return e;
}

static int contact_client(const char *t)
{
    clm_contact_entry e = contact();
    e.client_id = t;
    return clm_contact_log_add(W.log, &e, NULL);
}

static int contact_manager(const char *t)
{
    clm_contact_entry e = contact();
    e.manager = t;
    return clm_contact_log_add(W.log, &e, NULL);
}

static int contact_purpose(const char *t)
{
    clm_contact_entry e = contact();
    e.purpose = t;
    return clm_contact_log_add(W.log, &e, NULL);
}

static int contact_result(const char *t)
{
    clm_contact_entry e = contact();
    e.result = t;
    return clm_contact_log_add(W.log, &e, NULL);
}

static int contact_next_action(const char *t)
{
    clm_contact_entry e = contact();
    e.next_action = t;
    e.next_due = 20000;
    return clm_contact_log_add(W.log, &e, NULL);
}

static int contact_store_id(const char *t)
{
    clm_contact_entry e = contact();
    int64_t v = 0;
    return clm_contact_store_save(&v, W.st, &MGR, t, 0, &e, NULL);
}

static int delegation_manager(const char *t)
{
    return clm_delegations_add(W.dl, t, "petrov", 20000, 20010);
}

static int delegation_deputy(const char *t)
{
    char m[32];
    snprintf(m, sizeof m, "m-%u", W.counter++);
    return clm_delegations_add(W.dl, m, t, 20000, 20010);
}

static int discount_new(const char *t)
{
    clm_discount_policy *p = NULL;
    int rc = clm_discount_policy_new(&p, t, "RUB");
    if (rc != 0)
        assert_null(p);
    clm_discount_policy_free(p);
    return rc;
}

static int discount_role_caps(const char *t)
{
    clm_discount_caps caps = CLM_DISCOUNT_CAPS_INIT;
    return clm_discount_policy_add_role_caps(W.disc, t, &caps);
}

static int discount_group(const char *t)
{
    return clm_discount_policy_add_group(W.disc, t, NULL);
}

static clm_discount_rule rule(void)
{
    static char id[32];
    snprintf(id, sizeof id, "r-%u", W.counter++);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = id;
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = 10000;
    return r;
}

static int discount_rule_id(const char *t)
{
    clm_discount_rule r = rule();
    r.id = t;
    size_t i;
    return clm_discount_policy_add_rule(&i, W.disc, &r);
}

static int discount_rule_description(const char *t)
{
    clm_discount_rule r = rule();
    r.description = t;
    size_t i;
    return clm_discount_policy_add_rule(&i, W.disc, &r);
}

static int discount_rule_exclusion(const char *t)
{
    clm_discount_rule r = rule();
    r.exclusion_group = t;
    size_t i;
    return clm_discount_policy_add_rule(&i, W.disc, &r);
}

static int discount_condition_value(const char *t)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_PRODUCT;
    const char *v[1] = { t };
    c.values = v;
    c.value_count = 1;
    return clm_discount_policy_add_condition(W.disc, W.disc_rule, &c);
}

static int discount_condition_group(const char *t)
{
    clm_discount_condition c = CLM_DISCOUNT_CONDITION_INIT;
    c.kind = CLM_DISCOUNT_COND_GROUP_QUANTITY;
    c.min = 1;
    c.max = 10;
    c.group = t;
    return clm_discount_policy_add_condition(W.disc, W.disc_rule, &c);
}

static int discount_approval(const char *t)
{
    clm_discount_approval a = { t, 100000, CLM_DISCOUNT_NO_LIMIT };
    return clm_discount_policy_add_approval(W.disc, &a);
}

static int rfm_name(const char *t)
{
    return clm_rfm_segments_add(W.seg, t, 1, 1, 1, 1, 1, 1);
}

static int store_record_id(const char *t)
{
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = t;
    int64_t v = 0;
    return clm_store_put(&v, W.st, &r);
}

static int store_record_client(const char *t)
{
    char id[32];
    snprintf(id, sizeof id, "rec-%u", W.counter++);
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = id;
    r.client_id = t;
    int64_t v = 0;
    return clm_store_put(&v, W.st, &r);
}

static int store_audit_note(const char *t)
{
    char id[32];
    snprintf(id, sizeof id, "aud-%u", W.counter++);
    clm_record r = CLM_RECORD_INIT;
    r.kind = CLM_RECORD_CLIENT;
    r.id = id;
    int64_t v = 0;
    return clm_store_put_audited(&v, W.st, &MGR, &r, t);
}

/* The claims module's setters. */
static clm_claim_info claim_info(void)
{
    clm_claim_info in = CLM_CLAIM_INFO_INIT;
    in.client_id = "c1";
    in.manager = "ivanov";
    in.form = CLM_CLAIM_WRITTEN;
    in.channel = CLM_CLAIM_EMAIL;
    in.received = 20514; /* 2026-03-02 */
    in.subject = CLM_CLAIM_QUALITY_DEFECT;
    in.demand = CLM_CLAIM_REFUND;
    clm_money_make(&in.claimed, 100000, "RUB");
    clm_money_make(&in.price, 100000, "RUB");
    in.regime = CLM_CLAIM_REGIME_RU_CONSUMER;
    return in;
}

static int claim_new_with(const char *number, const clm_claim_info *in)
{
    clm_claim *c = NULL;
    int rc = clm_claim_new(&c, number, in, W.regimes);
    if (rc != 0)
        assert_null(c);
    clm_claim_free(c);
    return rc;
}

static int claim_number(const char *t)
{
    clm_claim_info in = claim_info();
    return claim_new_with(t, &in);
}

static int claim_client(const char *t)
{
    clm_claim_info in = claim_info();
    in.client_id = t;
    return claim_new_with("N-1", &in);
}

static int claim_manager(const char *t)
{
    clm_claim_info in = claim_info();
    in.manager = t;
    return claim_new_with("N-1", &in);
}

static int claim_category(const char *t)
{
    clm_claim_info in = claim_info();
    in.client_category = t;
    return claim_new_with("N-1", &in);
}

static int claim_concerns(const char *t)
{
    clm_claim_info in = claim_info();
    in.concerns = CLM_CLAIM_CONCERNS_ORDER;
    in.concerns_id = t;
    return claim_new_with("N-1", &in);
}

static int claim_regime(const char *t)
{
    clm_claim_info in = claim_info();
    in.regime = t;
    return claim_new_with("N-1", &in);
}

static int claim_description(const char *t)
{
    clm_claim_info in = claim_info();
    in.description = t;
    return claim_new_with("N-1", &in);
}

static int claim_regime_id(const char *t)
{
    clm_claim_regime r = CLM_CLAIM_REGIME_INIT;
    r.id = t;
    r.acknowledgement.n = 1;
    r.acknowledgement.unit = CLM_TERM_WORKING_DAYS;
    r.resolution_default.n = 10;
    r.resolution_default.unit = CLM_TERM_DAYS;
    return clm_claim_regimes_add(W.regimes, &r);
}

static int claim_regime_name(const char *t)
{
    char id[32];
    snprintf(id, sizeof id, "reg-%u", W.counter++);
    clm_claim_regime r = CLM_CLAIM_REGIME_INIT;
    r.id = id;
    r.name = t;
    r.acknowledgement.n = 1;
    r.acknowledgement.unit = CLM_TERM_WORKING_DAYS;
    r.resolution_default.n = 10;
    r.resolution_default.unit = CLM_TERM_DAYS;
    return clm_claim_regimes_add(W.regimes, &r);
}

static int claim_move_note(const char *t)
{
    clm_claim_state to = clm_claim_state_get(W.cl_move) == CLM_CLAIM_AWAITING_CLIENT
                             ? CLM_CLAIM_UNDER_ASSESSMENT
                             : CLM_CLAIM_AWAITING_CLIENT;
    return clm_claim_move(W.cl_move, to, &MGR, 20516, t, NULL);
}

static int claim_decide_reasons(const char *t)
{
    clm_money g;
    clm_money_make(&g, 100000, "RUB");
    return clm_claim_decide(W.cl_decide, CLM_CLAIM_ACCEPTED, &g, t, &MGR, 20516);
}

static int claim_inform_text(const char *t)
{
    return clm_claim_inform(W.cl_inform, CLM_CLAIM_PHONE, t, &MGR, 20516);
}

static int claim_cause(const char *t)
{
    return clm_claim_set_cause(W.cl_move, t, CLM_CLAIM_PARTY_SUPPLIER, &MGR, 20516);
}

static int claim_escalate_to(const char *t)
{
    return clm_claim_escalate(W.cl_decide, NULL, NULL, t, "above my limit", 0, &MGR, 20516);
}

static int claim_escalate_reason(const char *t)
{
    return clm_claim_escalate(W.cl_decide, NULL, NULL, "petrova", t, 0, &MGR, 20516);
}

static int claim_store_note(const char *t)
{
    return clm_claim_store_save(W.st, W.cl_stored, W.ru, &MGR, t);
}

static int nobody(const char **out, const clm_claim *c, const char *to_role, void *payload)
{
    (void)c;
    (void)to_role;
    (void)payload;
    *out = "petrova";
    return 0;
}

static int claim_escalate_due_reason(const char *t)
{
    size_t n = 0;
    return clm_claim_store_escalate_due(&n, W.st, W.ru, 20523, NULL, NULL, nobody, NULL, t, &MGR);
}

/* Offers and contracts (the fixture of tests/support/offer_fixture.c). */

static clm_actor at_day(const char *user, const char *role)
{
    return fx_who(user, role, fx_day(2025, 12, 26));
}

static int offer_new_with(const clm_offer_info *info)
{
    clm_offer *o = NULL;
    clm_actor m = at_day("ivanov", "manager");
    int rc = clm_offer_new(&o, info, &m);
    if (rc != 0)
        assert_null(o);
    clm_offer_free(o);
    return rc;
}

static clm_offer_info offer_info(void)
{
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = "O-9";
    info.client_id = "C-1";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = fx_day(2025, 12, 26);
    return info;
}

static int offer_id(const char *t)
{
    clm_offer_info info = offer_info();
    info.id = t;
    return offer_new_with(&info);
}

static int offer_client(const char *t)
{
    clm_offer_info info = offer_info();
    info.client_id = t;
    return offer_new_with(&info);
}

static int offer_manager(const char *t)
{
    clm_offer_info info = offer_info();
    info.manager = t;
    return offer_new_with(&info);
}

static int offer_delivery(const char *t)
{
    clm_offer_info info = offer_info();
    info.delivery = t;
    return offer_new_with(&info);
}

static int offer_terms_delivery(const char *t)
{
    clm_offer_info info = offer_info();
    info.delivery = t;
    return clm_offer_set_terms(W.of_draft, &info);
}

static int offer_line_product(const char *t)
{
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = t;
    return clm_offer_add_line(NULL, W.of_draft, &l);
}

static int offer_line_group(const char *t)
{
    clm_offer_line l = CLM_OFFER_LINE_INIT;
    l.product = "SAND";
    l.group = t;
    return clm_offer_add_line(NULL, W.of_draft, &l);
}

static int offer_policy_version(const char *t)
{
    static const char *const wholesale[] = { "wholesale" };
    clm_discount_client dc = { 0 };
    dc.id = "C-1";
    dc.categories = wholesale;
    dc.category_count = 1;
    dc.since = CLM_DISCOUNT_NO_DATE;
    clm_offer_pricing p = CLM_OFFER_PRICING_INIT;
    p.engine = fx_engine;
    p.client = &dc;
    p.policy_version = t;
    clm_actor m = at_day("ivanov", "manager");
    return clm_offer_price(W.of_topric, &m, &p);
}

static int offer_approve_on_behalf(const char *t)
{
    clm_offer_credit c = fx_credit_ok();
    clm_actor h = at_day("sidorov", "head_of_department");
    return clm_offer_approve(W.of_await, &h, t, W.dl, &c, NULL);
}

static int offer_approve_note(const char *t)
{
    clm_offer_credit c = fx_credit_ok();
    clm_actor h = at_day("petrova", "head_of_department");
    return clm_offer_approve(W.of_await, &h, NULL, NULL, &c, t);
}

static int offer_refuse_note(const char *t)
{
    clm_actor h = at_day("petrova", "head_of_department");
    return clm_offer_refuse(W.of_await, &h, NULL, NULL, t);
}

static int offer_override_note(const char *t)
{
    clm_actor cfo = at_day("orlov", "cfo");
    return clm_offer_credit_override(W.of_approved, &cfo, fx_credit, t);
}

static int offer_withdraw_note(const char *t)
{
    clm_actor m = at_day("ivanov", "manager");
    return clm_offer_withdraw(W.of_approved, &m, fx_day(2025, 12, 26), t);
}

static int offer_reject_note(const char *t)
{
    clm_actor m = at_day("ivanov", "manager");
    return clm_offer_reject(W.of_sent, &m, t);
}

static int offer_counter_id(const char *t)
{
    clm_offer *c = NULL;
    clm_actor m = at_day("ivanov", "manager");
    int rc = clm_offer_counter_draft(&c, W.of_sent, t, &m);
    if (rc != 0)
        assert_null(c);
    clm_offer_free(c);
    return rc;
}

static int offer_version_id(const char *t)
{
    clm_offer *v = NULL;
    clm_actor m = at_day("ivanov", "manager");
    int rc = clm_offer_new_version(&v, W.of_approved, t, &m);
    if (rc != 0)
        assert_null(v);
    clm_offer_free(v);
    return rc;
}

static int offer_store_note(const char *t)
{
    clm_actor m = at_day("ivanov", "manager");
    return clm_offer_store_save(W.st, W.of_sent, &m, t);
}

static int contract_id(const char *t)
{
    clm_contract *c = NULL;
    clm_contract_info info = CLM_CONTRACT_INFO_INIT;
    info.id = t;
    clm_actor m = at_day("ivanov", "manager");
    int rc = clm_contract_from_offer(&c, W.of_accepted, &info, &m);
    if (rc != 0)
        assert_null(c);
    clm_contract_free(c);
    return rc;
}

static int contract_dispute_with(const char *clause, const char *draft, const char *client)
{
    char own[32];
    if (clause == NULL) {
        snprintf(own, sizeof own, "2.%u", W.counter++);
        clause = own;
    }
    clm_contract_disagreement d = CLM_CONTRACT_DISAGREEMENT_INIT;
    d.clause = clause;
    d.draft = draft;
    d.client = client;
    d.received_on = fx_day(2025, 12, 29);
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    return clm_contract_dispute(NULL, W.ct, &m, &d);
}

static int contract_clause(const char *t)
{
    return contract_dispute_with(t, NULL, "as the client words it");
}

static int contract_draft(const char *t)
{
    return contract_dispute_with(NULL, t, "as the client words it");
}

static int contract_client(const char *t)
{
    return contract_dispute_with(NULL, NULL, t);
}

static int contract_answer(const char *t)
{
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    return clm_contract_answer(W.ct, &m, 0, t, 0, 0);
}

static int contract_settle_note(const char *t)
{
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    return clm_contract_settle(W.ct, &m, 0, CLM_CONTRACT_CLIENT, t);
}

static int contract_special(const char *t)
{
    clm_contract_special sp = CLM_CONTRACT_SPECIAL_INIT;
    sp.kind = CLM_CONTRACT_EXECUTION;
    sp.text = t;
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    return clm_contract_add_special(W.ct, &m, &sp);
}

static int contract_terminate_note(const char *t)
{
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    return clm_contract_terminate(W.ct, &m, t);
}

static int contract_renew_id(const char *t)
{
    clm_contract *r = NULL;
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 30));
    int rc = clm_contract_renew(&r, W.ct_exec, t, &m);
    if (rc != 0)
        assert_null(r);
    clm_contract_free(r);
    return rc;
}

static int contract_store_note(const char *t)
{
    clm_actor m = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    return clm_contract_store_save(W.st, W.ct, &m, t);
}

static const setter SETTERS[] = {
    { "clm_actor_check user", actor_user, K_ID, "user", 0, 0, 0 },
    { "clm_actor_check role", actor_role, K_ID, "role", 0, 0, 0 },
    { "clm_calendar_new name", calendar_new, K_LINE, "name", 0, 0, 0 },
    { "clm_calendar_add_day note", calendar_add_day, K_NOTE, "note", 0, 0, 0 },
    { "clm_condition_compare_text", condition_compare_text, K_LINE, "value", 0, 0, 0 },
    { "clm_condition_in_text", condition_in_text, K_LINE, "value", 0, 0, 0 },
    { "clm_category_policy_new name", category_policy_new, K_ID, "policy name", CLM_CATEGORY_NAME_MAX, 1, 0 },
    { "clm_category_policy_add_category name", category_add_name, K_ID, "category name", CLM_CATEGORY_NAME_MAX, 0, 0 },
    { "clm_category_policy_add_category roles", category_add_role, K_ID, "role", 0, 0, 0 },
    { "clm_category_policy_add_rule name", category_rule, K_ID, "rule name", CLM_CATEGORY_NAME_MAX, 0, 0 },
    { "clm_category_policy_assign note", category_assign, K_NAME, "note", 0, 0, 1 },
    { "clm_client_new client_id", client_new_id, K_ID, "client_id", 0, 0, 0 },
    { "clm_client_new name", client_new_name, K_NAME, "name", 0, 0, 0 },
    { "clm_client_set_text legal_name", client_legal_name, K_LINE, "legal_name", 0, 1, 0 },
    { "clm_client_set_text notes", client_notes, K_NOTE, "notes", 0, 1, 0 },
    { "clm_client_set_taxid value", client_taxid, K_ID, "id.RU.INN", 0, 1, 1 },
    { "clm_client_set_state lost_to", client_lost_to, K_ID, "lost_to", 0, 1, 1 },
    { "clm_client_reassign manager", client_reassign, K_ID, "manager", 0, 1, 0 },
    { "clm_client_person_add name", person_name, K_NAME, "person.name", 0, 0, 0 },
    { "clm_client_person_add position", person_position, K_LINE, "person.position", 0, 1, 0 },
    { "clm_category_authority_allow category", authority_category, K_ID, "category", 0, 0, 0 },
    { "clm_category_authority_allow role", authority_role, K_ID, "role", 0, 0, 0 },
    { "clm_client_category_add category", client_category, K_ID, "category", 0, 0, 0 },
    { "clm_client_category_add reason", client_category_reason, K_NAME, "reason", 0, 0, 0 },
    { "clm_client_edits_set_text reason", edits_reason, K_LINE, "reason", 0, 1, 0 },
    { "clm_client_store_save note", client_store_note, K_NOTE, "note", 0, 1, 0 },
    { "clm_contact_log_add client_id", contact_client, K_ID, "client_id", 0, 0, 0 },
    { "clm_contact_log_add manager", contact_manager, K_ID, "manager", 0, 0, 0 },
    { "clm_contact_log_add purpose", contact_purpose, K_NOTE, "purpose", 0, 1, 0 },
    { "clm_contact_log_add result", contact_result, K_NOTE, "result", 0, 1, 0 },
    { "clm_contact_log_add next_action", contact_next_action, K_NOTE, "next_action", 0, 0, 0 },
    { "clm_contact_store_save entry_id", contact_store_id, K_ID, "entry_id", 0, 0, 0 },
    { "clm_delegations_add manager", delegation_manager, K_ID, "manager", 0, 0, 0 },
    { "clm_delegations_add deputy", delegation_deputy, K_ID, "deputy", 0, 0, 0 },
    { "clm_discount_policy_new name", discount_new, K_LINE, "name", 0, 1, 0 },
    { "clm_discount_policy_add_role_caps role", discount_role_caps, K_ID, "role", 0, 0, 0 },
    { "clm_discount_policy_add_group group", discount_group, K_ID, "group", 0, 0, 0 },
    { "clm_discount_policy_add_rule id", discount_rule_id, K_ID, "id", 0, 0, 0 },
    { "clm_discount_policy_add_rule description", discount_rule_description, K_NOTE, "description", 0, 1, 0 },
    { "clm_discount_policy_add_rule exclusion_group", discount_rule_exclusion, K_ID, "exclusion-group", 0, 1, 0 },
    { "clm_discount_policy_add_condition values", discount_condition_value, K_ID, "product", 0, 0, 0 },
    { "clm_discount_policy_add_condition group", discount_condition_group, K_ID, "group", 0, 0, 1 },
    { "clm_discount_policy_add_approval role", discount_approval, K_ID, "role", 0, 0, 1 },
    { "clm_rfm_segments_add name", rfm_name, K_ID, "name", 63, 0, 0 },
    { "clm_store_put id", store_record_id, K_ID, "id", 0, 0, 0 },
    { "clm_store_put client_id", store_record_client, K_NAME, "client_id", CLM_RECORD_FIELD_MAX, 0, 0 },
    { "clm_store_put_audited note", store_audit_note, K_NOTE, "note", CLM_RECORD_NOTE_MAX, 1, 0 },
    { "clm_claim_regimes_add id", claim_regime_id, K_ID, "id", 0, 0, 0 },
    { "clm_claim_regimes_add name", claim_regime_name, K_LINE, "name", 0, 1, 0 },
    { "clm_claim_new number", claim_number, K_ID, "number", 0, 0, 0 },
    { "clm_claim_new client_id", claim_client, K_ID, "client_id", 0, 0, 0 },
    { "clm_claim_new manager", claim_manager, K_ID, "manager", 0, 0, 0 },
    { "clm_claim_new client_category", claim_category, K_ID, "client_category", 0, 0, 0 },
    { "clm_claim_new concerns_id", claim_concerns, K_ID, "concerns_id", 0, 0, 0 },
    { "clm_claim_new regime", claim_regime, K_ID, "regime", 0, 0, 1 },
    { "clm_claim_new description", claim_description, K_NOTE, "description", 0, 1, 0 },
    { "clm_claim_move note", claim_move_note, K_NOTE, "note", 0, 1, 0 },
    { "clm_claim_decide reasons", claim_decide_reasons, K_NAME, "reasons", 0, 0, 1 },
    { "clm_claim_inform text", claim_inform_text, K_NOTE, "text", 0, 0, 1 },
    { "clm_claim_set_cause cause", claim_cause, K_NAME, "cause", 0, 0, 0 },
    { "clm_claim_escalate to_user", claim_escalate_to, K_ID, "to_user", 0, 0, 1 },
    { "clm_claim_escalate reason", claim_escalate_reason, K_NAME, "reason", 0, 0, 1 },
    { "clm_claim_store_save note", claim_store_note, K_NOTE, "note", CLM_RECORD_NOTE_MAX, 1, 0 },
    { "clm_claim_store_escalate_due reason", claim_escalate_due_reason, K_NAME, "reason", 0, 0, 1 },
    { "clm_offer_new id", offer_id, K_ID, "id", 0, 0, 0 },
    { "clm_offer_new client_id", offer_client, K_ID, "client_id", 0, 0, 0 },
    { "clm_offer_new manager", offer_manager, K_ID, "manager", 0, 0, 0 },
    { "clm_offer_new delivery", offer_delivery, K_LINE, "delivery", 0, 1, 0 },
    { "clm_offer_set_terms delivery", offer_terms_delivery, K_LINE, "delivery", 0, 1, 0 },
    { "clm_offer_add_line product", offer_line_product, K_ID, "product", 0, 0, 0 },
    { "clm_offer_add_line group", offer_line_group, K_ID, "group", 0, 0, 0 },
    { "clm_offer_price policy_version", offer_policy_version, K_ID, "policy_version", 0, 0, 0 },
    { "clm_offer_approve on_behalf_of", offer_approve_on_behalf, K_ID, "on_behalf_of", 0, 0, 1 },
    { "clm_offer_approve note", offer_approve_note, K_LINE, "note", 0, 1, 1 },
    { "clm_offer_refuse note", offer_refuse_note, K_NAME, "note", 0, 0, 1 },
    { "clm_offer_credit_override note", offer_override_note, K_NAME, "note", 0, 0, 1 },
    { "clm_offer_withdraw note", offer_withdraw_note, K_LINE, "note", 0, 1, 1 },
    { "clm_offer_reject note", offer_reject_note, K_LINE, "note", 0, 1, 1 },
    { "clm_offer_counter_draft id", offer_counter_id, K_ID, "id", 0, 0, 0 },
    { "clm_offer_new_version id", offer_version_id, K_ID, "id", 0, 0, 1 },
    { "clm_offer_store_save note", offer_store_note, K_NOTE, "note", CLM_RECORD_NOTE_MAX, 1, 0 },
    { "clm_contract_from_offer id", contract_id, K_ID, "id", 0, 0, 0 },
    { "clm_contract_dispute clause", contract_clause, K_ID, "clause", 0, 0, 0 },
    { "clm_contract_dispute draft", contract_draft, K_NOTE, "draft", 0, 1, 0 },
    { "clm_contract_dispute client", contract_client, K_NOTE, "client", 0, 0, 0 },
    { "clm_contract_answer answer", contract_answer, K_NOTE, "answer", 0, 0, 0 },
    { "clm_contract_settle note", contract_settle_note, K_LINE, "note", 0, 1, 1 },
    { "clm_contract_add_special text", contract_special, K_NOTE, "text", 0, 0, 0 },
    { "clm_contract_terminate note", contract_terminate_note, K_NAME, "note", 0, 0, 1 },
    { "clm_contract_renew id", contract_renew_id, K_ID, "id", 0, 0, 1 },
    { "clm_contract_store_save note", contract_store_note, K_NOTE, "note", CLM_RECORD_NOTE_MAX, 1, 0 },
};

/* ---- the cases -------------------------------------------------------------- */

static size_t limit(const setter *s)
{
    if (s->max != 0)
        return s->max;
    return s->kind == K_ID ? CLM_ID_MAX : CLM_TEXT_MAX;
}

/* One bad call: CLM_EINVAL, the field named, the world unchanged. */
static void expect_bad(const setter *s, const char *text, const char *what)
{
    char *before = snapshot();
    int rc = s->call(text);
    if (rc != CLM_EINVAL && rc != CLM_ELIMIT)
        fail_msg("%s with %s: got %d, want CLM_EINVAL (%s)", s->name, what, rc,
                 rc == 0 ? "accepted" : clm_error_last()->message);
    if (rc == CLM_ELIMIT && strcmp(what, "one byte too many") != 0)
        fail_msg("%s with %s: CLM_ELIMIT is only for length", s->name, what);
    const char *field = clm_error_last()->field;
    if (field == NULL || strcmp(field, s->field) != 0)
        fail_msg("%s with %s: field '%s', want '%s' (%s)", s->name, what, field ? field : "(null)",
                 s->field, clm_error_last()->message);
    char *after = snapshot();
    if (strcmp(before, after) != 0)
        fail_msg("%s with %s: a failed call changed the objects", s->name, what);
    free(before);
    free(after);
}

static void expect_ok(const setter *s, const char *text, const char *what)
{
    int rc = s->call(text);
    if (rc != 0)
        fail_msg("%s with %s: got %d, want 0 (%s)", s->name, what, rc, clm_error_last()->message);
}

static void setup_world(void)
{
    memset(&W, 0, sizeof W);
    W.day = 20089; /* 2025-01-01 */
    assert_int_equal(clm_calendar_new(&W.cal, "test"), 0);
    assert_int_equal(clm_category_policy_new(&W.cat, "test", "RUB"), 0);
    const char *roles[] = { "manager" };
    assert_int_equal(clm_category_policy_add_category(W.cat, "key", roles, 1), 0);
    assert_int_equal(clm_condition_compare(&W.cond, CLM_FACT_MARGIN, CLM_CMP_LT, 0), 0);
    assert_int_equal(clm_client_new(&W.client, &MGR, "c1", CLM_INDIVIDUAL, "Ivan Petrov"), 0);
    assert_int_equal(clm_idcheck_registry_new(&W.reg, 1), 0);
    assert_int_equal(clm_category_authority_new(&W.auth, 1), 0);
    assert_int_equal(clm_client_edits_new(&W.edits), 0);
    assert_int_equal(clm_contact_log_new(&W.log), 0);
    assert_int_equal(clm_delegations_new(&W.dl), 0);
    assert_int_equal(clm_discount_policy_new(&W.disc, "test", "RUB"), 0);
    clm_discount_rule r = rule();
    assert_int_equal(clm_discount_policy_add_rule(&W.disc_rule, W.disc, &r), 0);
    assert_int_equal(clm_rfm_segments_new(&W.seg), 0);
    assert_int_equal(clm_store_open_memory(&W.st), 0);
    assert_int_equal(clm_claim_regimes_new(&W.regimes), 0);
    assert_int_equal(clm_calendar_new_ru(&W.ru), 0);
    clm_claim_info in = claim_info();
    clm_claim **cl[] = { &W.cl_move, &W.cl_decide, &W.cl_inform };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(clm_claim_new(cl[i], "CL-1", &in, W.regimes), 0);
        assert_int_equal(clm_claim_move(*cl[i], CLM_CLAIM_ACKNOWLEDGED, &MGR, 20515, NULL, NULL), 0);
        assert_int_equal(clm_claim_move(*cl[i], CLM_CLAIM_UNDER_ASSESSMENT, &MGR, 20515, NULL,
                                        NULL), 0);
    }
    clm_money g;
    clm_money_make(&g, 100000, "RUB");
    assert_int_equal(clm_claim_decide(W.cl_inform, CLM_CLAIM_ACCEPTED, &g, "ok", &MGR, 20515), 0);
    assert_int_equal(clm_claim_store_register(&W.cl_stored, W.st, &in, W.regimes, W.ru, NULL, &MGR),
                     0);
    assert_int_equal(fx_setup(), 0);
    W.of_draft = fx_draft("O-1", "C-1", "ivanov");
    W.of_topric = fx_draft("O-2", "C-1", "ivanov");
    W.of_await = fx_priced("O-3", "C-1", "ivanov");
    clm_offer_credit ok = fx_credit_ok();
    clm_actor m = at_day("ivanov", "manager");
    assert_int_equal(clm_offer_submit(W.of_await, &m, &ok), 0);
    assert_int_equal(clm_offer_state_get(W.of_await), CLM_OFFER_AWAITING_APPROVAL);
    W.of_approved = fx_approved("O-4", "C-1", "ivanov");
    W.of_sent = fx_sent("O-5", "C-1", "ivanov");
    W.of_accepted = fx_accepted("O-6", "C-1", "ivanov");
    clm_contract_info ci = CLM_CONTRACT_INFO_INIT;
    ci.id = "K-1";
    assert_int_equal(clm_contract_from_offer(&W.ct, W.of_accepted, &ci, &m), 0);
    assert_int_equal(contract_dispute_with("1", "draft wording", "client wording"), 0);
    ci.id = "K-2";
    assert_int_equal(clm_contract_from_offer(&W.ct_exec, W.of_accepted, &ci, &m), 0);
    clm_actor m29 = fx_who("ivanov", "manager", fx_day(2025, 12, 29));
    assert_int_equal(clm_contract_agree(W.ct_exec, &m29), 0);
    assert_int_equal(clm_contract_conclude(W.ct_exec, &m29, fx_day(2025, 12, 29)), 0);
    assert_int_equal(clm_contract_start(W.ct_exec, &m29), 0);
    assert_int_equal(clm_delegations_add(W.dl, "kuznetsova", "sidorov", fx_day(2025, 12, 1),
                                         fx_day(2025, 12, 31)), 0);
}

static void teardown_world(void)
{
    clm_calendar_free(W.cal);
    clm_category_policy_free(W.cat);
    clm_condition_free(W.cond);
    clm_client_free(W.client);
    clm_idcheck_registry_free(W.reg);
    clm_category_authority_free(W.auth);
    clm_client_edits_free(W.edits);
    clm_contact_log_free(W.log);
    clm_delegations_free(W.dl);
    clm_discount_policy_free(W.disc);
    clm_rfm_segments_free(W.seg);
    clm_store_free(W.st);
    clm_claim_regimes_free(W.regimes);
    clm_calendar_free(W.ru);
    clm_claim_free(W.cl_move);
    clm_claim_free(W.cl_decide);
    clm_claim_free(W.cl_inform);
    clm_claim_free(W.cl_stored);
    clm_offer *offers[] = { W.of_draft, W.of_topric, W.of_await,
                            W.of_approved, W.of_sent, W.of_accepted };
    for (size_t i = 0; i < sizeof offers / sizeof offers[0]; i++)
        clm_offer_free(offers[i]);
    clm_contract_free(W.ct);
    clm_contract_free(W.ct_exec);
    fx_teardown();
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_bad_text_is_refused_everywhere(void **state)
{
    (void)state;
    setup_world();
    static const struct {
        const char *text, *what;
        int from_kind; /* bad for this kind and the stricter ones before it */
    } bad[] = {
        { "a\x01" "b", "a control byte", K_NOTE },
        { "a\x1b" "b", "ESC", K_NOTE },
        { "a\x7f" "b", "DEL", K_NOTE },
        { "a\rb", "CR", K_NOTE },
        { "a\r\nb", "CR LF", K_NOTE },
        { "a\xc0\xaf", "an overlong sequence", K_NOTE },
        { "a\xed\xa0\x80", "a surrogate", K_NOTE },
        { "a\xe2\x82", "a truncated sequence", K_NOTE },
        { "a\xff", "a byte never in UTF-8", K_NOTE },
        { "a\xf4\x90\x80\x80", "a code point above U+10FFFF", K_NOTE },
        { "a\tb", "TAB", K_LINE },
        { "a\nb", "LF", K_LINE },
        { " lead", "a leading space", K_ID },
        { "trail ", "a trailing space", K_ID },
    };
    for (size_t i = 0; i < sizeof SETTERS / sizeof SETTERS[0]; i++) {
        const setter *s = &SETTERS[i];
        for (size_t j = 0; j < sizeof bad / sizeof bad[0]; j++)
            if (s->kind <= bad[j].from_kind)
                expect_bad(s, bad[j].text, bad[j].what);
        char *longer = repeat('x', limit(s) + 1);
        expect_bad(s, longer, "one byte too many");
        free(longer);
        if ((s->kind == K_ID || s->kind == K_NAME) && !s->empty_absent)
            expect_bad(s, "", "an empty value");
    }
    teardown_world();
}

static void test_valid_boundaries_pass(void **state)
{
    (void)state;
    setup_world();
    for (size_t i = 0; i < sizeof SETTERS / sizeof SETTERS[0]; i++) {
        const setter *s = &SETTERS[i];
        if (s->no_valid)
            continue;
        char v[CLM_TEXT_MAX + 64];
        /* plain, with interior spaces and multi-byte UTF-8 (2, 3, 4 bytes) */
        snprintf(v, sizeof v, "v%u", W.counter++);
        expect_ok(s, v, "a plain value");
        snprintf(v, sizeof v, "v%u \xd0\x81\xd0\xb6 \xe2\x82\xbd \xf0\x9d\x84\x9e", W.counter++);
        expect_ok(s, v, "UTF-8 and interior spaces");
        /* exactly the limit, in bytes */
        char *longest = repeat('y', limit(s));
        int n = snprintf(v, sizeof v, "m%u", W.counter++);
        memcpy(longest, v, (size_t)n);
        expect_ok(s, longest, "the longest value");
        /* the longest value with a multi-byte character ending exactly at it */
        memcpy(longest + limit(s) - 2, "\xd0\x81", 2);
        expect_ok(s, uniq(longest), "a 2-byte character at the limit");
        free(longest);
        if (s->kind == K_NOTE) {
            snprintf(v, sizeof v, "v%u\tcol\nline two", W.counter++);
            expect_ok(s, v, "TAB and LF in a note");
        }
        if (s->empty_absent)
            expect_ok(s, "", "an empty (absent) value");
    }
    teardown_world();
}

/* The failure that started this: an id with a control byte and invalid
 * UTF-8 was accepted by clm_discount_policy_add_rule and failed only at
 * save. It is refused when it is added, naming the field. */
static void test_discount_rule_id_refused_when_added(void **state)
{
    (void)state;
    clm_discount_policy *p = NULL;
    assert_int_equal(clm_discount_policy_new(&p, "p", "RUB"), 0);
    clm_discount_rule r = CLM_DISCOUNT_RULE_INIT;
    r.id = "bad\x01id\xff";
    r.action.kind = CLM_DISCOUNT_PERCENT;
    r.action.rate = 10000;
    size_t i = 99;
    assert_int_equal(clm_discount_policy_add_rule(&i, p, &r), CLM_EINVAL);
    assert_string_equal(clm_error_last()->field, "id");
    assert_int_equal(i, 99);
    assert_int_equal(clm_discount_policy_rule_count(p), 0);
    clm_discount_policy_free(p);
}

/* A loader refuses DEL the same way: through the setter, naming the line. */
static void test_loader_refuses_del(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<calendar xmlns=\"urn:libclm:calendar:1\" name=\"T\" from=\"2025-01-01\""
        " to=\"2025-12-31\">\n"
        "  <holiday date=\"2025-03-21\" note=\"bad\x7fnote\"/>\n"
        "</calendar>\n";
    clm_calendar *cal = NULL;
    int rc = clm_calendar_load_xml(&cal, xml, sizeof xml - 1, "del.xml", NULL);
    assert_int_not_equal(rc, 0);
    assert_null(cal);
    if (rc == 0 || strstr(clm_error_last()->message, "0x7F") == NULL ||
        clm_error_last()->line != 3)
        fail_msg("%d %s (line %d)", rc, clm_error_last()->message, clm_error_last()->line);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_text_is_refused_everywhere),
        cmocka_unit_test(test_valid_boundaries_pass),
        cmocka_unit_test(test_discount_rule_id_refused_when_added),
        cmocka_unit_test(test_loader_refuses_del),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
