/*
 * offer-flow — an offer from pricing to a concluded contract, on the
 * sample policy, price lists and credit policy of examples/data:
 *
 *   offer-flow [--lang LL] [--sqlite FILE] [--xml FILE] [--html FILE] DATA-DIR
 *
 *  1. a manager prepares an offer for a wholesale client (600 bags of
 *     cement and 1 200 bricks, full prepayment) and prices it through the
 *     compiled discount engine with the price book: each line's figures and
 *     the rules that made them;
 *  2. the discount exceeds the manager's authority: the ladder names the
 *     head of department, who approves; the credit check runs;
 *  3. the offer is sent (its term of acceptance fixed on the Russian
 *     working-day calendar, Civil Code art. 441), the client answers on
 *     other terms (a 14-day deferral instead of prepayment): a
 *     counter-offer (art. 443), which the head of department accepts;
 *  4. the accepted counter-offer becomes a contract; the client's protocol
 *     of disagreements (clause 5.2) is answered and settled, the contract
 *     agreed and concluded;
 *  5. offer and contract are saved to a store (memory, or the SQLite FILE,
 *     made afresh: an existing file of that name is replaced) with their
 *     audit entries and read back; --xml FILE writes the accepted offer as
 *     XML, --html FILE the first offer as the document a manager sends.
 * --lang ru prints it all in Russian: its own lines (po/ru.po) and what
 * libclm writes (the discount reasons, the approval reason, the protocol
 * of disagreements; clm/lang.h), money and dates in Russian forms.
 * Exit status: 0 done, 1 a libclm call failed (the message says why),
 * 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clm/clm.h>

#include "tool.h"

static int fail(const char *what)
{
    const clm_error *e = clm_error_last();
    fprintf(stderr, _("offer-flow: %s: %s\n"), what, e->message);
    return 1;
}

#define TRY(call, what)                                                             \
    do {                                                                            \
        if ((call) < 0)                                                             \
            return fail(what);                                                      \
    } while (0)

static clm_date day(const char *s)
{
    clm_date d = 0;
    clm_date_parse(&d, s);
    return d;
}

static clm_actor act(const char *user, const char *role, clm_date d)
{
    clm_actor a = { user, role, (clm_time)d * 86400 + 10 * 3600 };
    return a;
}

static void money(char *buf, size_t n, int64_t v)
{
    clm_money m;
    clm_money_make(&m, v, "RUB");
    tool_money(buf, n, &m);
}

static void show_pricing(const clm_offer *o)
{
    char a[TOOL_MONEY_MAX], b[TOOL_MONEY_MAX];
    for (size_t i = 0; i < clm_offer_line_count(o); i++) {
        clm_offer_line l;
        clm_offer_line_at(&l, o, i);
        const clm_offer_line_price *p = clm_offer_line_price_at(o, i);
        money(a, sizeof a, p->result.base);
        money(b, sizeof b, p->result.net);
        printf(_("  line %zu %-9s base %s  net %s\n"), i + 1, l.product, a, b);
        for (size_t k = 0; k < clm_offer_trace_count(o, i); k++) {
            const clm_discount_trace_entry *e = clm_offer_trace(o, i, k);
            if (e->kind == CLM_DISCOUNT_TRACE_APPLIED)
                printf("    %s: %s\n", e->name, e->reason);
        }
    }
    money(a, sizeof a, clm_offer_totals(o)->net);
    printf(_("  total net %s\n"), a);
}

int main(int argc, char **argv)
{
    if (tool_i18n(&argc, argv) < 0)
        return 2;
    if (tool_version(argc, argv))
        return 0;
    const char *sqlite = NULL, *xml = NULL, *html = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sqlite") == 0 && i + 1 < argc)
            sqlite = argv[++i];
        else if (strcmp(argv[i], "--xml") == 0 && i + 1 < argc)
            xml = argv[++i];
        else if (strcmp(argv[i], "--html") == 0 && i + 1 < argc)
            html = argv[++i];
        else if (dir == NULL && argv[i][0] != '-')
            dir = argv[i];
        else
            dir = NULL, i = argc;
    }
    if (dir == NULL) {
        fprintf(stderr, _("usage: offer-flow [--sqlite FILE] [--xml FILE] [--html FILE] DATA-DIR\n"));
        return 2;
    }
    char path[1024];
    clm_discount_policy *policy;
    clm_price_set *prices;
    clm_price_book *book;
    clm_discount_engine *engine;
    clm_credit_policy *credit;
    clm_calendar *ru;
    snprintf(path, sizeof path, "%s/wholesale-policy.xml", dir);
    TRY(clm_discount_policy_load_file(&policy, path, NULL), path);
    snprintf(path, sizeof path, "%s/price-lists.xml", dir);
    TRY(clm_price_set_load_file(&prices, path, NULL), path);
    TRY(clm_price_book_compile(&book, prices, policy), "price book");
    TRY(clm_discount_policy_compile_with_prices(&engine, policy, book), "engine");
    snprintf(path, sizeof path, "%s/credit-policy.xml", dir);
    TRY(clm_credit_policy_load_file(&credit, path, NULL), path);
    TRY(clm_calendar_new_ru(&ru), "calendar");

    /* 1. the offer, priced */
    clm_date prep = day("2026-02-02"), send = day("2026-02-03");
    clm_actor manager = act("ivanov", "manager", prep);
    clm_actor head = act("petrova", "head_of_department", prep);
    clm_offer_info info = CLM_OFFER_INFO_INIT;
    info.id = "O-2026-001";
    info.client_id = "C-042";
    info.manager = "ivanov";
    info.currency = "RUB";
    info.date = prep;
    info.prepayment = CLM_RATE_ONE;
    info.delivery = "FCA Moscow warehouse";
    info.delivery_days = 5;
    clm_offer *offer;
    TRY(clm_offer_new(&offer, &info, &manager), "offer");
    clm_offer_line line = CLM_OFFER_LINE_INIT;
    line.product = "CEM-M500";
    line.group = "cement";
    line.quantity = 600 * CLM_DISCOUNT_QTY_SCALE;
    TRY(clm_offer_add_line(NULL, offer, &line), "line 1");
    line.product = "BRK-RED";
    line.group = "bricks";
    line.quantity = 1200 * CLM_DISCOUNT_QTY_SCALE;
    TRY(clm_offer_add_line(NULL, offer, &line), "line 2");
    static const char *const categories[] = { "wholesale" };
    clm_discount_client client = { .id = "C-042", .legal_type = "legal_entity",
                                   .categories = categories, .category_count = 1,
                                   .since = CLM_DISCOUNT_NO_DATE };
    clm_offer_pricing pricing = CLM_OFFER_PRICING_INIT;
    pricing.engine = engine;
    pricing.client = &client;
    pricing.book = book;
    pricing.policy_version = "2026-01";
    TRY(clm_offer_price(offer, &manager, &pricing), "pricing");
    printf(_("offer %s for %s, priced by %s (policy %s):\n"), info.id, info.client_id,
           clm_discount_policy_name(policy), pricing.policy_version);
    show_pricing(offer);

    /* 2. approval and the credit check */
    const char *why;
    const char *role = clm_offer_approval_required(offer, &why, NULL);
    printf(_("approval: %s (%s)\n"), role ? role : _("none"), why ? why : _("within the ladder"));
    clm_offer_credit cr = CLM_OFFER_CREDIT_INIT;
    cr.policy = credit;
    cr.position.receivables = 40000000;   /* 400 000.00 RUB open */
    cr.position.limit = 500000000;        /* 5 000 000.00 RUB, the wholesale group's */
    TRY(clm_offer_submit(offer, &manager, &cr), "submit");
    printf(_("submitted by the manager: %s\n"), clm_offer_state_name(clm_offer_state_get(offer)));
    TRY(clm_offer_approve(offer, &head, NULL, NULL, &cr, "a volume client"), "approve");
    clm_offer_credit_record rec;
    clm_offer_credit_at(&rec, offer, clm_offer_credit_count(offer) - 1);
    printf(_("approved by %s; credit check: %s\n"), head.user,
           clm_credit_decision_name(rec.check.decision));

    /* 3. sent; the client answers on other terms */
    clm_actor sender = act("ivanov", "manager", send);
    clm_offer_rules rules = CLM_OFFER_RULES_INIT;
    TRY(clm_offer_send(offer, &sender, &rules, ru, &cr), "send");
    char d1[TOOL_DATE_MAX];
    tool_date(d1, sizeof d1, clm_offer_accept_by(offer));
    printf(_("sent; term of acceptance to %s (art. 441: %d working days)\n"), d1,
           (int)rules.reasonable_days);
    clm_date answer = day("2026-02-05");
    clm_actor mgr5 = act("ivanov", "manager", answer);
    clm_offer *counter;
    TRY(clm_offer_counter_draft(&counter, offer, "O-2026-001-C", &mgr5), "counter draft");
    clm_offer_info terms;
    clm_offer_info_get(&terms, counter);
    terms.prepayment = 0;
    terms.deferral_days = 14;
    TRY(clm_offer_set_terms(counter, &terms), "counter terms");
    TRY(clm_offer_price(counter, &mgr5, &pricing), "counter pricing");
    TRY(clm_offer_counter(offer, counter, &mgr5, answer, &rules, ru), "counter");
    printf(_("the client answers with a 14-day deferral: %s is %s (art. 443), counter-offer %s\n"),
           info.id, clm_offer_state_name(clm_offer_state_get(offer)), clm_offer_id(counter));
    show_pricing(counter);
    clm_actor head5 = act("petrova", "head_of_department", answer);
    clm_offer_acceptance acc = CLM_OFFER_ACCEPTANCE_INIT;
    acc.dispatched_on = acc.received_on = answer;
    TRY(clm_offer_accept(counter, &head5, &acc, &rules, ru, &cr), "accept the counter-offer");
    printf(_("counter-offer accepted by the head of department\n"));

    /* 4. the contract, its protocol of disagreements, conclusion */
    clm_contract_info ci = CLM_CONTRACT_INFO_INIT;
    ci.id = "K-2026-017";
    clm_contract *contract;
    TRY(clm_contract_from_offer(&contract, counter, &ci, &mgr5), "contract");
    clm_contract_disagreement dis = CLM_CONTRACT_DISAGREEMENT_INIT;
    dis.clause = "5.2";
    dis.draft = "penalty 0.1 % of the unpaid amount per day";
    dis.client = "penalty 0.05 % of the unpaid amount per day";
    dis.received_on = day("2026-02-09");
    clm_actor mgr9 = act("ivanov", "manager", dis.received_on);
    size_t k;
    TRY(clm_contract_dispute(&k, contract, &mgr9, &dis), "protocol of disagreements");
    clm_actor head10 = act("petrova", "head_of_department", day("2026-02-10"));
    TRY(clm_contract_answer(contract, &head10, k, "penalty 0.07 % per day, at most 10 %", 0, 0),
        "answer");
    TRY(clm_contract_settle(contract, &head10, k, CLM_CONTRACT_ANSWER, "agreed by phone"),
        "settle");
    TRY(clm_contract_agree(contract, &head10), "agree");
    TRY(clm_contract_conclude(contract, &head10, day("2026-02-10")), "conclude");
    char *protocol;
    TRY(clm_contract_protocol_text(&protocol, NULL, contract), "protocol");
    fputs(protocol, stdout);
    clm_free(protocol);
    int64_t open;
    TRY(clm_contract_uninvoiced(&open, contract), "uninvoiced");
    char amount[TOOL_MONEY_MAX];
    money(amount, sizeof amount, open);
    printf(_("contract %s %s; confirmed, not invoiced: %s\n"), ci.id,
           clm_contract_state_name(clm_contract_state_get(contract)), amount);

    /* 5. the store, and the XML */
    clm_store *st;
    if (sqlite != NULL) {
        /* the same ids every run: start from an empty database */
        char aux[1100];
        remove(sqlite);
        snprintf(aux, sizeof aux, "%s-wal", sqlite);
        remove(aux);
        snprintf(aux, sizeof aux, "%s-shm", sqlite);
        remove(aux);
        TRY(clm_store_open_sqlite(&st, sqlite, NULL), sqlite);
    }
    else
        TRY(clm_store_open_memory(&st), "store");
    TRY(clm_offer_store_save(st, offer, &mgr5, "countered"), "save offer");
    TRY(clm_offer_store_save(st, counter, &head5, "accepted"), "save counter-offer");
    TRY(clm_contract_store_save(st, contract, &head10, "concluded"), "save contract");
    clm_offer *back;
    clm_contract *kback;
    TRY(clm_offer_store_load(&back, st, clm_offer_id(counter)), "load offer");
    TRY(clm_contract_store_load(&kback, st, ci.id), "load contract");
    printf(sqlite ? _("stored in SQLite and read back: offer %s, contract %s\n")
                  : _("stored in memory and read back: offer %s, contract %s\n"),
           clm_offer_equal(back, counter) ? _("equal") : _("DIFFERENT"),
           clm_contract_equal(kback, contract) ? _("equal") : _("DIFFERENT"));
    int status = clm_offer_equal(back, counter) && clm_contract_equal(kback, contract) ? 0 : 1;
    for (int w = 0; w < 2; w++) {
        const char *file = w == 0 ? xml : html;
        if (file == NULL)
            continue;
        char *text;
        size_t len;
        if (w == 0)
            TRY(clm_offer_save_xml(&text, &len, counter), "offer XML");
        else
            TRY(clm_offer_document(&text, &len, offer, CLM_OFFER_DOC_HTML, NULL), "offer document");
        FILE *f = fopen(file, "w");
        if (f == NULL || fwrite(text, 1, len, f) != len) {
            perror(file);
            status = 1;
        }
        if (f != NULL)
            fclose(f);
        clm_free(text);
        printf(_("%s written to %s\n"), w == 0 ? _("offer XML") : _("offer document"), file);
    }
    clm_offer_free(back);
    clm_contract_free(kback);
    clm_store_free(st);
    clm_contract_free(contract);
    clm_offer_free(counter);
    clm_offer_free(offer);
    clm_calendar_free(ru);
    clm_credit_policy_free(credit);
    clm_discount_engine_free(engine);
    clm_price_book_free(book);
    clm_price_set_free(prices);
    clm_discount_policy_free(policy);
    return status;
}
