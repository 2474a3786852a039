/*
 * crm — the program docs/tutorial.md builds step by step: a small CRM of a
 * building-materials seller on libclm's public API.
 *
 *   crm DATA_DIR DATABASE
 *
 * DATA_DIR holds the sample policies (examples/data in the clone,
 * share/libclm/examples once installed); DATABASE is a SQLite file, made
 * afresh on every run. Exit status: 0; 1 with the error on stderr; 2 for
 * wrong arguments.
 */
#include <stdio.h>
#include <stdlib.h>

#include <clm/clm.h>

static void check(int rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "crm: %s: %s\n", what, clm_error_last()->message);
        exit(1);
    }
}

static clm_date day(const char *text)
{
    clm_date d;
    check(clm_date_parse(&d, text), text);
    return d;
}

/* An act by `user` in `role` at 10:00 UTC of day `d`. */
static clm_actor act(const char *user, const char *role, clm_date d)
{
    clm_actor a = { user, role, (clm_time)d * 86400 + 36000 };
    return a;
}

/* Roubles as text; four buffers in turn, enough for one printf. */
static const char *rub(int64_t kopecks)
{
    static char buf[4][CLM_MONEY_FORMAT_MAX];
    static int next;
    char *out = buf[next++ % 4];
    clm_money m;
    check(clm_money_make(&m, kopecks, "RUB"), "money");
    check(clm_money_format(out, CLM_MONEY_FORMAT_MAX, &m), "money");
    return out;
}

static const char *date_text(clm_date d)
{
    static char buf[4][CLM_DATE_FORMAT_MAX];
    static int next;
    char *out = buf[next++ % 4];
    check(clm_date_format(out, CLM_DATE_FORMAT_MAX, d), "date");
    return out;
}

static const char *path(const char *dir, const char *file)
{
    static char buf[4][4096];
    static int next;
    char *out = buf[next++ % 4];
    if (snprintf(out, sizeof buf[0], "%s/%s", dir, file) >= (int)sizeof buf[0]) {
        fprintf(stderr, "crm: %s: path too long\n", dir);
        exit(1);
    }
    return out;
}

static int count_entry(const clm_audit_entry *entry, void *payload)
{
    (void)entry;
    ++*(size_t *)payload;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: crm DATA_DIR DATABASE\n"
                        "  e.g. crm examples/data /tmp/crm.db\n");
        return 2;
    }
    const char *data = argv[1];
    const clm_date today = day("2026-04-14");
    const clm_actor ivanov = act("ivanov", "manager", today);
    const clm_actor system = act("crm", "system", today);

    remove(argv[2]);
    clm_store *st;
    check(clm_store_open_sqlite(&st, argv[2], NULL), argv[2]);

    struct {
        const char *id, *name;
        clm_legal_type type;
        clm_client_state state;
        const char *manager, *first_deal, *last_purchase;
        int64_t month[12];  /* sales Apr 2025 .. Mar 2026, kopecks */
    } base[] = {
        { "C-1001", "Stroymarket", CLM_LEGAL_ENTITY, CLM_CLIENT_ACTIVE, "ivanov",
          "2019-06-01", "2026-03-27",
          { 45000000, 45000000, 45000000, 45000000, 45000000, 45000000,
            45000000, 45000000, 45000000, 45000000, 45000000, 45000000 } },
        { "C-1002", "Dom i Sad", CLM_LEGAL_ENTITY, CLM_CLIENT_REGULAR, "ivanov",
          "2021-03-01", "2026-02-10",
          { 5000000, 15000000, 5000000, 15000000, 5000000, 15000000,
            5000000, 15000000, 5000000, 15000000, 0, 0 } },
        { "C-1003", "Petrov I. I.", CLM_SOLE_TRADER, CLM_CLIENT_NEW, "petrova",
          "2026-01-15", "2026-01-15",
          { 0, 0, 0, 0, 0, 0, 0, 0, 0, 6000000, 0, 0 } },
    };
    const size_t n = sizeof base / sizeof base[0];

    printf("== clients\n");
    for (size_t i = 0; i < n; i++) {
        clm_client *draft, *c;
        check(clm_client_new(&draft, &system, base[i].id, base[i].type, base[i].name), "new");
        check(clm_client_reassign(draft, &system, base[i].manager), "manager");
        check(clm_client_set_date(draft, &system, CLM_CLIENT_FIRST_DEAL,
                                  day(base[i].first_deal)), "first deal");
        check(clm_client_set_date(draft, &system, CLM_CLIENT_LAST_PURCHASE,
                                  day(base[i].last_purchase)), "last purchase");
        check(clm_client_import(&c, &system, draft, base[i].state, NULL,
                                "1C export of 2026-04-13"), base[i].id);
        check(clm_client_store_save(NULL, st, c, &system, "import"), base[i].id);
        printf("%s  %-14s %-8s manager %s\n", clm_client_id(c), clm_client_name(c),
               clm_client_state_name(clm_client_state_get(c)), clm_client_manager(c));
        clm_client_free(c);
        clm_client_free(draft);
    }

    clm_contact_entry call = CLM_CONTACT_ENTRY_INIT;
    call.direction = CLM_CONTACT_OUTGOING;
    call.channel = CLM_CHANNEL_CALL;
    call.at = act("ivanov", "manager", day("2026-04-06")).at;
    call.client_id = "C-1001";
    call.manager = "ivanov";
    call.purpose = "spring prices";
    call.result = "asks for an offer on cement and bricks";
    call.next_action = "send the offer";
    call.next_due = day("2026-04-14");
    check(clm_contact_store_save(NULL, st, &ivanov, "2026-04-06-001", 0, &call, NULL), "call");

    clm_calendar *ru;
    check(clm_calendar_new_ru(&ru), "calendar");
    const clm_followup_rule day7 = { CLM_FOLLOWUP_RULE_VERSION, "day-7 call", "delivery", 7,
                                     CLM_TERM_DAYS, "call: is everything all right?",
                                     CLM_CHANNEL_CALL, CLM_CONTACT_OUTGOING };
    const clm_contact_event delivered = { "delivery", "C-1002", "ivanov", day("2026-04-03") };
    clm_contact_log *log;
    check(clm_contact_store_load_log(&log, st, NULL), "contact log");
    clm_due_query q = CLM_DUE_QUERY_INIT;
    q.user = "ivanov";
    q.on = today;
    q.rules = &day7;
    q.nrules = 1;
    q.events = &delivered;
    q.nevents = 1;
    q.calendar = ru;
    clm_task_list *tasks;
    check(clm_contact_due(&tasks, log, &q), "due");
    printf("\n== due for ivanov on %s\n", date_text(today));
    for (size_t i = 0; i < clm_task_list_count(tasks); i++) {
        const clm_task *t = clm_task_list_at(tasks, i);
        printf("%s  %s  %s%s\n", date_text(t->due), t->client_id, t->action,
               t->overdue ? "  OVERDUE" : "");
    }
    clm_task_list_free(tasks);
    clm_contact_log_free(log);

    int64_t sales[3 * 12], total[3], freq[3];
    int32_t last[3];
    clm_abc_class abc[3];
    clm_xyz_class xyz[3];
    double cv[3];
    clm_rfm_score rfm[3];
    for (size_t i = 0; i < n; i++) {
        for (size_t m = 0; m < 12; m++)
            sales[i * 12 + m] = base[i].month[m];
        last[i] = day(base[i].last_purchase);
    }
    check(clm_periods_summarize(total, freq, NULL, sales, n, 12), "sales");
    check(clm_abc_classify(abc, total, n, NULL), "ABC");
    check(clm_xyz_classify(xyz, cv, sales, n, 12, NULL), "XYZ");
    check(clm_rfm_score_batch(rfm, last, freq, total, n), "RFM");
    printf("\n== segments\n");
    for (size_t i = 0; i < n; i++)
        printf("%s  turnover %14s  ABC %s  XYZ %s  RFM %u%u%u\n", base[i].id, rub(total[i]),
               clm_abc_class_name(abc[i]), clm_xyz_class_name(xyz[i]),
               rfm[i].r, rfm[i].f, rfm[i].m);

    static const char policy_xml[] =
        "<category-policy xmlns='urn:libclm:category-policy:1' name='tutorial' currency='RUB'>\n"
        "  <category name='wholesale'/>\n"
        "  <category name='key'><assign-role name='head_of_department'/></category>\n"
        "  <category name='promising'><assign-role name='manager'/></category>\n"
        "  <rule name='wholesale-ab' category='wholesale'>\n"
        "    <all>\n"
        "      <in fact='legal-type'><value>legal_entity</value></in>\n"
        "      <in fact='abc'><value>A</value><value>B</value></in>\n"
        "    </all>\n"
        "  </rule>\n"
        "  <rule name='key-ax' category='key'>\n"
        "    <all>\n"
        "      <in fact='abc'><value>A</value></in>\n"
        "      <in fact='xyz'><value>X</value></in>\n"
        "    </all>\n"
        "  </rule>\n"
        "  <rule name='promising-new' category='promising'>\n"
        "    <compare fact='tenure-days' op='le' value='365'/>\n"
        "  </rule>\n"
        "</category-policy>\n";
    clm_category_policy *cats;
    check(clm_category_policy_load_xml(&cats, policy_xml, sizeof policy_xml - 1,
                                       "tutorial policy", NULL), "category policy");

    printf("\n== categories\n");
    for (size_t i = 0; i < n; i++) {
        clm_client *c;
        check(clm_client_store_load(&c, st, base[i].id), base[i].id);
        clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
        check(clm_category_facts_from_client(&f, c), "facts");
        snprintf(f.currency, sizeof f.currency, "RUB");
        f.turnover = total[i];
        f.abc = abc[i];
        f.xyz = xyz[i];
        f.rfm = rfm[i];
        uint32_t rule[CLM_CATEGORY_MAX];
        size_t ncat = clm_category_policy_category_count(cats);
        check(clm_category_policy_evaluate(rule, ncat, cats, &f, today), "evaluate");
        check(clm_category_policy_apply(c, &system, cats, rule, ncat, NULL), "apply");
        check(clm_client_store_save(NULL, st, c, &system, "category policy"), "save");
        printf("%s ", clm_client_id(c));
        for (size_t k = 0; k < ncat; k++)
            if (rule[k] != CLM_CATEGORY_NO_RULE)
                printf(" %s (rule %s)", clm_category_policy_category_name(cats, k),
                       clm_category_policy_rule_name(cats, rule[k]));
        printf("\n");
        clm_client_free(c);
    }
    clm_category_policy_free(cats);

    clm_discount_policy *discounts;
    clm_price_set *lists;
    clm_price_book *book;
    clm_discount_engine *engine;
    check(clm_discount_policy_load_file(&discounts, path(data, "wholesale-policy.xml"), NULL),
          "discount policy");
    check(clm_price_set_load_file(&lists, path(data, "price-lists.xml"), NULL), "price lists");
    check(clm_price_book_compile(&book, lists, discounts), "price book");
    check(clm_discount_policy_compile_with_prices(&engine, discounts, book), "engine");

    clm_client *buyer;
    check(clm_client_store_load(&buyer, st, "C-1001"), "C-1001");
    clm_category_facts bf = CLM_CATEGORY_FACTS_INIT;
    check(clm_category_facts_from_client(&bf, buyer), "facts");
    const char *categories[16];
    size_t ncategories = clm_client_category_count(buyer);
    if (ncategories > 16)
        ncategories = 16;  /* this tutorial's clients have at most three */
    for (size_t k = 0; k < ncategories; k++)
        categories[k] = clm_client_category_at(buyer, k);
    clm_discount_client client = { 0 };
    client.id = clm_client_id(buyer);
    client.legal_type = bf.legal_type;
    client.categories = categories;
    client.category_count = ncategories;
    client.since = bf.client_since;

    const clm_discount_line lines[] = {
        { .product = "CEM-M500", .group = "cement", .quantity = 600 * CLM_DISCOUNT_QTY_SCALE },
        { .product = "BRK-RED", .group = "bricks", .quantity = 1200 * CLM_DISCOUNT_QTY_SCALE },
    };
    clm_discount_document order = CLM_DISCOUNT_DOCUMENT_INIT;
    order.currency = "RUB";
    order.date = today;
    order.client = client;
    order.deferral_days = 30;
    order.role = "manager";
    order.lines = lines;
    order.line_count = 2;
    clm_discount_result *priced;
    check(clm_discount_engine_evaluate(&priced, engine, &order, NULL), "price the order");
    printf("\n== order for C-1001\n");
    for (size_t i = 0; i < clm_discount_result_line_count(priced); i++) {
        const clm_discount_line_result *r = clm_discount_result_line(priced, i);
        printf("%s x %lld at %s: base %s, net %s\n", lines[i].product,
               (long long)(lines[i].quantity / CLM_DISCOUNT_QTY_SCALE), rub(r->unit_price),
               rub(r->base), rub(r->net));
        for (size_t k = 0; k < clm_discount_result_trace_count(priced, i); k++) {
            const clm_discount_trace_entry *t = clm_discount_result_trace(priced, i, k);
            if (t->kind == CLM_DISCOUNT_TRACE_APPLIED || t->stage == CLM_DISCOUNT_STAGE_BASE)
                printf("  %-12s %s\n", t->name, t->reason);
        }
    }
    const clm_discount_totals *sum = clm_discount_result_totals(priced);
    printf("total: base %s, discount %s, net %s\n", rub(sum->base), rub(sum->discount),
           rub(sum->net));
    const char *why = NULL;
    const char *approver = clm_discount_result_approval(priced, &why);
    printf("approval: %s\n", approver != NULL ? approver : "none needed");

    clm_credit_invoice inv = CLM_CREDIT_INVOICE_INIT;
    inv.id = "INV-2026-0101";
    inv.client_id = "C-1001";
    inv.manager = "ivanov";
    check(clm_money_parse(&inv.amount, "1200000.00 RUB"), "amount");
    inv.issued = day("2026-02-20");
    inv.due = day("2026-03-22");
    check(clm_credit_store_save_invoice(NULL, st, &system, &inv, 0, NULL), inv.id);
    clm_credit_payment pay = CLM_CREDIT_PAYMENT_INIT;
    pay.id = "PAY-2026-0077";
    pay.client_id = "C-1001";
    pay.amount = inv.amount;
    pay.date = day("2026-03-20");
    pay.invoice_id = "INV-2026-0101";
    check(clm_credit_store_save_payment(NULL, st, &system, &pay, 0, NULL), pay.id);
    inv.id = "INV-2026-0188";
    check(clm_money_parse(&inv.amount, "900000.00 RUB"), "amount");
    inv.issued = day("2026-03-27");
    inv.due = day("2026-04-26");
    check(clm_credit_store_save_invoice(NULL, st, &system, &inv, 0, NULL), inv.id);

    clm_credit_policy *credit;
    check(clm_credit_policy_load_file(&credit, path(data, "credit-policy.xml"), NULL),
          "credit policy");
    clm_credit_exposure exp;
    check(clm_credit_store_exposure(&exp, st, "RUB", "C-1001", today), "exposure");
    int64_t limit;
    clm_credit_limit_source source;
    check(clm_credit_limit_resolve(&limit, &source, credit, NULL, "wholesale"), "limit");
    clm_credit_check_input in = CLM_CREDIT_CHECK_INPUT_INIT;
    in.receivables = exp.receivables;
    in.orders = exp.orders;
    in.document = sum->net;
    in.max_days_overdue = exp.max_days_overdue;
    in.limit = limit;
    clm_credit_check verdict;
    check(clm_credit_check_compute(&verdict, credit, &in), "credit check");
    printf("\n== credit check of C-1001\n");
    printf("receivables %s, this order %s, limit %s (%s)\n", rub(exp.receivables),
           rub(sum->net), rub(limit), clm_credit_limit_source_name(source));
    printf("exposure %s, headroom %s -> %s\n", rub(verdict.exposure), rub(verdict.headroom),
           clm_credit_decision_name(verdict.decision));

    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = "OF-2026-0042";
    info.client_id = "C-1001";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = today;
    info.deferral_days = 30;
    info.delivery = "delivery to the client's warehouse";
    info.delivery_days = 3;
    clm_offer *offer;
    check(clm_offer_new(&offer, &info, &ivanov), "offer");
    for (size_t i = 0; i < 2; i++) {
        clm_offer_line l = CLM_OFFER_LINE_INIT;
        l.product = lines[i].product;
        l.group = lines[i].group;
        l.quantity = lines[i].quantity;
        check(clm_offer_add_line(NULL, offer, &l), "offer line");
    }

    clm_offer_pricing pricing = CLM_OFFER_PRICING_INIT;
    pricing.engine = engine;
    pricing.client = &client;
    pricing.book = book;
    pricing.policy_version = "2026-04";
    check(clm_offer_price(offer, &ivanov, &pricing), "price the offer");
    clm_offer_credit oc = CLM_OFFER_CREDIT_INIT;
    oc.policy = credit;
    oc.position = in;
    check(clm_offer_submit(offer, &ivanov, &oc), "submit");
    clm_offer_rules rules = CLM_OFFER_RULES_INIT;
    check(clm_offer_send(offer, &ivanov, &rules, ru, &oc), "send");
    check(clm_offer_receive(offer, &ivanov, day("2026-04-15")), "receive");

    printf("\n== offer %s\n", clm_offer_id(offer));
    printf("net %s, sent %s, to be accepted by %s\n", rub(clm_offer_totals(offer)->net),
           date_text(clm_offer_sent_on(offer)), date_text(clm_offer_accept_by(offer)));
    clm_offer_acceptance yes = CLM_OFFER_ACCEPTANCE_INIT;
    yes.dispatched_on = day("2026-04-20");
    yes.received_on = day("2026-04-20");
    clm_offer_verdict v;
    const char *article;
    check(clm_offer_judge_acceptance(&v, &article, offer, &yes, &rules, ru), "judge");
    check(clm_offer_accept(offer, &ivanov, &yes, &rules, ru, &oc), "accept");
    printf("acceptance of %s: %s (%s) -> %s\n", date_text(yes.received_on),
           clm_offer_verdict_name(v), article, clm_offer_state_name(clm_offer_state_get(offer)));

    const clm_date signed_on = day("2026-04-21");
    const clm_actor head = act("petrova", "head_of_department", signed_on);
    clm_contract_info ki = CLM_CONTRACT_INFO_INIT;
    ki.id = "K-2026-031";
    clm_contract *contract;
    check(clm_contract_from_offer(&contract, offer, &ki, &head), "contract");
    check(clm_contract_agree(contract, &head), "agree");
    check(clm_contract_conclude(contract, &head, signed_on), "conclude");
    check(clm_offer_store_save(st, offer, &head, NULL), "save the offer");
    check(clm_contract_store_save(st, contract, &head, "signed by both parties"), "save");
    int64_t uninvoiced;
    check(clm_contract_uninvoiced(&uninvoiced, contract), "uninvoiced");
    printf("contract %s %s on %s; not invoiced yet: %s\n", ki.id,
           clm_contract_state_name(clm_contract_state_get(contract)), date_text(signed_on),
           rub(uninvoiced));

    clm_claim_regimes *regimes;
    check(clm_claim_regimes_new(&regimes), "regimes");
    clm_claim_info ci = CLM_CLAIM_INFO_INIT;
    ci.client_id = "C-1001";
    ci.manager = "ivanov";
    ci.concerns = CLM_CLAIM_CONCERNS_CONTRACT;
    ci.concerns_id = ki.id;
    ci.form = CLM_CLAIM_WRITTEN;
    ci.channel = CLM_CLAIM_EMAIL;
    ci.received = day("2026-04-30");
    ci.subject = CLM_CLAIM_SHORTAGE;
    ci.demand = CLM_CLAIM_PRICE_REDUCTION;
    check(clm_money_parse(&ci.claimed, "2000.00 RUB"), "claimed");
    check(clm_money_make(&ci.price, clm_offer_totals(offer)->net, "RUB"), "price");
    ci.regime = CLM_CLAIM_REGIME_RU_BUSINESS;
    ci.description = "100 bricks short in the delivery";
    clm_claim *claim;
    const clm_actor desk = act("ivanov", "manager", ci.received);
    check(clm_claim_store_register(&claim, st, &ci, regimes, ru, NULL, &desk), "claim");
    clm_claim_deadlines dl;
    check(clm_claim_deadlines_get(&dl, claim, ru, ci.received), "deadlines");
    printf("\n== claim %s\n", clm_claim_number(claim));
    printf("received %s, acknowledge by %s, resolve by %s\n", date_text(ci.received),
           date_text(dl.acknowledgement), date_text(dl.resolution));

    printf("\n== in the store for C-1001\n");
    const struct { clm_record_kind kind; const char *what; } kinds[] = {
        { CLM_RECORD_CONTACT, "contacts" }, { CLM_RECORD_OFFER, "offers" },
        { CLM_RECORD_CONTRACT, "contracts" },
        { CLM_RECORD_INVOICE, "invoices" }, { CLM_RECORD_PAYMENT, "payments" },
        { CLM_RECORD_CLAIM, "claims" },
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        clm_store_filter f = CLM_STORE_FILTER_INIT;
        f.kind = kinds[i].kind;
        f.client_id = "C-1001";
        int64_t count;
        check(clm_store_count(&count, st, &f), "count");
        printf("%-9s %lld\n", kinds[i].what, (long long)count);
    }
    size_t audited = 0;
    check(clm_store_audit_scan(st, NULL, count_entry, &audited), "audit log");
    printf("and %zu audit entries in all, one for each change\n", audited);

    clm_claim_free(claim);
    clm_contract_free(contract);
    clm_claim_regimes_free(regimes);
    clm_offer_free(offer);
    clm_credit_policy_free(credit);
    clm_discount_result_free(priced);
    clm_client_free(buyer);
    clm_discount_engine_free(engine);
    clm_price_book_free(book);
    clm_price_set_free(lists);
    clm_discount_policy_free(discounts);
    clm_calendar_free(ru);
    clm_store_free(st);
    return 0;
}
