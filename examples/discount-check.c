/*
 * discount-check — price an order against a discount policy, or check a
 * policy before it goes to production.
 *
 *   discount-check [--role ROLE] [--explain] [--prices LISTS.xml] POLICY.xml ORDER.xml
 *   discount-check --validate POLICY.xml [--date YYYY-MM-DD]
 *                  [--categories a,b,...] [--products p,q,...] [--groups g,h,...]
 *                  [--prices LISTS.xml [--orders ORDER.xml,...]]
 *
 * Pricing prints every line's base, discount and net price with the rules
 * applied (--explain: the whole trace, rules not matched or excluded and
 * why), the document's totals, the early-payment terms offered and the
 * role that must approve the document. The acting role is --role, else the
 * order's role attribute; with neither, the first step of the approval
 * ladder (the least authority).
 *
 * --prices reads price lists (price_xml.h): a line without unit-price takes
 * its price from them (the policy's groups give the group hierarchy), and
 * the output says which list and entry gave it; with --explain, every
 * candidate list and the precedence key that ranked it.
 *
 * --validate prints the validator's findings (discount_validate.h), one a
 * line: severity, code, the rule, the other rule involved, the message.
 * With --prices it also checks the price lists (entries that can never be
 * chosen), and with --orders it prices the sample orders' lines that carry
 * no price and reports those no list prices.
 *
 * --expect FILE (with either form) compares what the run prints with FILE,
 * a regression case the user keeps for their policy: equal is status 0
 * (whatever the approval or the findings), different is 5 with the first
 * differing line on stderr; bad input keeps its status 2 or 4.
 *
 * Exit status (see usage() below; scripts rely on it):
 *   0  priced within the acting role's authority / no findings
 *   1  priced, but a role above the acting role must approve it /
 *      findings, all of them warnings
 *   2  bad input: wrong arguments, a file that cannot be read, a policy or
 *      order that is invalid (the message names the file, line and field),
 *      an order the policy cannot price
 *   3  priced, but no role of the ladder may approve it /
 *      findings, at least one of them an error
 *   4  out of memory or another internal failure
 *   5  --expect: the output differs from FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clm/clm.h>

#include "tool.h"

enum { EXIT_OK = 0, EXIT_ATTENTION = 1, EXIT_BAD_INPUT = 2, EXIT_REFUSED = 3, EXIT_INTERNAL = 4, EXIT_DIFFERS = 5 };

static const char *prog = "discount-check";

static int usage(FILE *to, int status)
{
    fprintf(to, _("usage: %s [--lang LL] [--role ROLE] [--explain] [--prices LISTS.xml] POLICY.xml ORDER.xml\n"
                  "       %s [--lang LL] --validate POLICY.xml [--date YYYY-MM-DD]\n"
                  "                      [--categories a,b,...] [--products p,q,...] [--groups g,h,...]\n"
                  "                      [--prices LISTS.xml [--orders ORDER.xml,...]]\n"
                  "       either form with --expect FILE\n"
                  "  e.g. %s wholesale-policy.xml wholesale-order.xml (the samples in\n"
                  "       examples/data, installed under share/libclm/examples)\n"),
            prog, prog, prog);
    fputs(_("\n"
            "Prices ORDER.xml with the discount policy POLICY.xml: each line's price,\n"
            "discount and the rules applied, the document total, the early-payment\n"
            "terms and the approval needed. --explain prints the whole trace.\n"
            "--role sets the acting role (default: the order's role attribute, else\n"
            "the first step of the approval ladder). --prices takes the price of\n"
            "lines without a unit-price from the price lists in LISTS.xml.\n"
            "\n"
            "--validate checks POLICY.xml for ambiguous, empty, expired, shadowed,\n"
            "overlapping and capped-out rules, and, given the lists, for unknown\n"
            "client categories, products and product groups. --date is the date\n"
            "against which rules count as expired. --prices also checks the price\n"
            "lists for entries that can never be chosen, and --orders for lines of\n"
            "the sample orders that no list prices. --lang LL prints the texts in\n"
            "language LL (ru: Russian), whatever the locale.\n"
            "--expect FILE compares the output with FILE, a file of expected results:\n"
            "status 0 if equal, 5 if not (bad input keeps its status).\n"
            "\n"
            "exit status:\n"
            "  0  priced within the acting role's authority / no findings\n"
            "  1  a role above the acting role must approve / warnings only\n"
            "  2  bad input (arguments, unreadable or invalid files, unpriceable order)\n"
            "  3  no role of the ladder may approve / at least one error finding\n"
            "  4  out of memory or another internal failure\n"
            "  5  --expect: the output differs from FILE\n"), to);
    return status;
}

static int fail(const char *what)
{
    const clm_error *e = clm_error_last();
    fprintf(stderr, "%s: %s: %s\n", prog, what, e->message);
    return e->code == CLM_ENOMEM ? EXIT_INTERNAL : EXIT_BAD_INPUT;
}

static void money(char *buf, size_t size, int64_t amount, const char *currency)
{
    clm_money m;
    if (clm_money_make(&m, amount, currency) != 0)
        snprintf(buf, size, "%lld minor", (long long)amount);
    else
        tool_money(buf, size, &m);
}

static void rate(char *buf, size_t size, clm_rate r)
{
    if (clm_rate_format(buf, size, r) < 0)
        snprintf(buf, size, "%lld ppm", (long long)r);
}

static void quantity(char *buf, size_t size, int64_t q)
{
    if (q % CLM_DISCOUNT_QTY_SCALE == 0)
        snprintf(buf, size, "%lld", (long long)(q / CLM_DISCOUNT_QTY_SCALE));
    else
        snprintf(buf, size, "%lld.%03lld", (long long)(q / CLM_DISCOUNT_QTY_SCALE),
                 (long long)(q % CLM_DISCOUNT_QTY_SCALE));
}

static const char *trace_word(clm_discount_trace_kind k)
{
    switch (k) {
    case CLM_DISCOUNT_TRACE_NOT_MATCHED: return _("not matched");
    case CLM_DISCOUNT_TRACE_EXCLUDED: return _("excluded");
    case CLM_DISCOUNT_TRACE_APPLIED: return _("applied");
    case CLM_DISCOUNT_TRACE_NO_EFFECT: return _("no effect");
    case CLM_DISCOUNT_TRACE_ADJUSTED: return _("adjusted");
    }
    return "?";
}

/* Prints the trace of `line` (CLM_DISCOUNT_DOCUMENT for the document):
 * with `all`, every entry; otherwise what changed an amount. */
static void print_trace(const clm_discount_result *res, size_t line, const char *currency, int all)
{
    size_t n = clm_discount_result_trace_count(res, line);
    for (size_t i = 0; i < n; i++) {
        const clm_discount_trace_entry *t = clm_discount_result_trace(res, line, i);
        /* without --explain: what changed the amount (rules, caps,
         * rounding), not the base and total that the lines above print */
        int changed = t->kind == CLM_DISCOUNT_TRACE_APPLIED ||
                      (t->kind == CLM_DISCOUNT_TRACE_ADJUSTED && t->amount != 0 && t->stage != CLM_DISCOUNT_STAGE_BASE &&
                       !(t->name != NULL && strcmp(t->name, "total") == 0));
        if (!all && !changed)
            continue;
        char amount[TOOL_MONEY_MAX + 1];
        /* amount = before - after: what the step took off (a discount) */
        money(amount + 1, sizeof amount - 1, t->amount < 0 ? -t->amount : t->amount, currency);
        amount[0] = t->amount < 0 ? '+' : '-';
        printf("    %-11s %-18s %16s  %s\n", trace_word(t->kind), t->name != NULL ? t->name : "",
               t->amount != 0 ? amount : "", t->reason != NULL ? t->reason : "");
    }
}

/* The ladder index of `role`, CLM_DISCOUNT_NONE if it is not on the ladder. */
static size_t ladder_index(const clm_discount_policy *p, const char *role)
{
    for (size_t i = 0; i < clm_discount_policy_approval_count(p); i++)
        if (role != NULL && strcmp(clm_discount_policy_approval(p, i)->role, role) == 0)
            return i;
    return CLM_DISCOUNT_NONE;
}

static int price(const char *policy_file, const char *order_file, const char *prices_file, const char *role,
                 int explain)
{
    clm_price_set *prices = NULL;
    clm_price_book *book = NULL;
    clm_discount_policy *policy = NULL;
    clm_discount_order *order = NULL;
    clm_discount_engine *engine = NULL;
    clm_discount_result *res = NULL;
    int status = EXIT_OK;

    if (clm_discount_policy_load_file(&policy, policy_file, NULL) != 0)
        return fail("policy");
    if (clm_discount_order_load_file(&order, order_file, NULL) != 0) {
        status = fail("order");
        goto out;
    }
    clm_discount_document doc = *clm_discount_order_document(order);
    if (role != NULL)
        doc.role = role;
    if (prices_file != NULL) {
        if (clm_price_set_load_file(&prices, prices_file, NULL) != 0 ||
            clm_price_book_compile(&book, prices, policy) != 0) {
            status = fail("prices");
            goto out;
        }
        if (clm_discount_policy_compile_with_prices(&engine, policy, book) != 0) {
            status = fail("policy");
            goto out;
        }
    } else if (clm_discount_policy_compile(&engine, policy) != 0) {
        status = fail("policy");
        goto out;
    }
    if (clm_discount_engine_evaluate(&res, engine, &doc, NULL) != 0) {
        status = fail(order_file);
        goto out;
    }

    const char *cur = doc.currency;
    char a[TOOL_MONEY_MAX], b[TOOL_MONEY_MAX], c[TOOL_MONEY_MAX], r[CLM_RATE_FORMAT_MAX];
    char q[48];
    printf(_("policy   %s (%s, %s stacking, %s rounding)\n"), clm_discount_policy_name(policy),
           clm_discount_policy_currency(policy), clm_discount_stacking_name(clm_discount_policy_stacking(policy)),
           clm_rounding_name(clm_discount_policy_rounding(policy)));
    char date[TOOL_DATE_MAX];
    tool_date(date, sizeof date, doc.date);
    printf(_("order    %s of %s, client %s\n"), clm_discount_order_id(order), date,
           doc.client.id != NULL ? doc.client.id : _("(unknown)"));

    for (size_t i = 0; i < clm_discount_result_line_count(res); i++) {
        const clm_discount_line_result *lr = clm_discount_result_line(res, i);
        const clm_discount_line *l = &doc.lines[i];
        quantity(q, sizeof q, l->quantity);
        money(a, sizeof a, lr->unit_price, cur);
        printf(_("\nline %zu   %s x %s at %s\n"), i + 1, l->product, q, a);
        if (l->unit_price.currency[0] == '\0') {
            /* the trace's first entry says where the price came from */
            const clm_discount_trace_entry *pt = clm_discount_result_trace(res, i, 0);
            if (pt != NULL && pt->name != NULL && strcmp(pt->name, "price") == 0)
                printf(_("  price %s\n"), pt->reason);
            if (explain) {
                clm_price_query pq = CLM_PRICE_QUERY_INIT;
                pq.currency = doc.currency;
                pq.date = doc.date;
                pq.client = doc.client.id;
                pq.categories = doc.client.categories;
                pq.category_count = doc.client.category_count;
                pq.region = doc.client.region;
                pq.channel = doc.channel;
                pq.product = l->product;
                pq.group = l->group;
                pq.quantity = l->quantity;
                char *text = NULL;
                if (clm_price_book_explain(&text, book, &pq) == 0) {
                    for (char *ln = strtok(text, "\n"); ln != NULL; ln = strtok(NULL, "\n"))
                        printf(_("    price list  %s\n"), ln);
                    clm_free(text);
                }
            }
        }
        money(a, sizeof a, lr->base, cur);
        money(b, sizeof b, lr->discount, cur);
        money(c, sizeof c, lr->net, cur);
        rate(r, sizeof r, lr->rate);
        printf(_("  base %s  discount %s  net %s  (%s off)\n"), a, b, c, r);
        if (lr->surcharge != 0 || lr->capped != 0) {
            money(a, sizeof a, lr->surcharge, cur);
            money(b, sizeof b, lr->capped, cur);
            printf(_("  surcharge %s  given back by caps %s\n"), a, b);
        }
        print_trace(res, i, cur, explain);
    }

    const clm_discount_totals *t = clm_discount_result_totals(res);
    money(a, sizeof a, t->base, cur);
    money(b, sizeof b, t->discount, cur);
    money(c, sizeof c, t->net, cur);
    rate(r, sizeof r, t->rate);
    printf(_("\ntotal    base %s  discount %s  net %s  (%s off)\n"), a, b, c, r);
    if (t->surcharge != 0 || t->capped != 0) {
        money(a, sizeof a, t->surcharge, cur);
        money(b, sizeof b, t->capped, cur);
        printf(_("         surcharge %s  given back by caps %s\n"), a, b);
    }
    print_trace(res, CLM_DISCOUNT_DOCUMENT, cur, explain);
    if (t->has_early_payment) {
        char cost[CLM_RATE_FORMAT_MAX];
        rate(r, sizeof r, t->early_payment_rate);
        rate(cost, sizeof cost, t->early_payment_annual_cost);
        money(a, sizeof a, t->early_payment_amount, cur);
        printf(_("terms    %s off (%s) if paid within %ld days, net %ld days; "
                 "not taking it costs %s a year\n"),
               r, a, (long)t->early_payment_days, (long)t->early_payment_net_days, cost);
    }

    const char *why = NULL;
    const char *approver = clm_discount_result_approval(res, &why);
    size_t acting = doc.role != NULL ? ladder_index(policy, doc.role) : 0;
    const char *acting_name = doc.role != NULL                                ? doc.role
                              : clm_discount_policy_approval_count(policy) > 0 ? clm_discount_policy_approval(policy, 0)->role
                                                                              : _("(none)");
    if (clm_discount_policy_approval_count(policy) == 0) {
        printf(_("approval none needed (the policy has no approval ladder)\n"));
    } else if (!t->approvable) {
        printf(_("approval REFUSED: no role of the ladder may approve it%s%s\n"), why != NULL ? ": " : "",
               why != NULL ? why : "");
        status = EXIT_REFUSED;
    } else {
        printf(_("approval %s%s%s\n"), approver != NULL ? approver : _("(none)"), why != NULL && why[0] ? ": " : "",
               why != NULL ? why : "");
        if (acting == CLM_DISCOUNT_NONE || acting < t->approval) {
            printf(_("acting   %s: NOT sufficient, %s must approve\n"), acting_name, approver);
            status = EXIT_ATTENTION;
        } else {
            printf(_("acting   %s: sufficient\n"), acting_name);
        }
    }

out:
    clm_discount_result_free(res);
    clm_discount_engine_free(engine);
    clm_discount_order_free(order);
    clm_discount_policy_free(policy);
    clm_price_book_free(book);
    clm_price_set_free(prices);
    return status;
}

/* Splits "a,b,c" in place; *out is an array the caller frees. An empty
 * list or an empty name ("", "a,,b", ",,,") is refused: it would silently
 * turn the check of that list off. Returns 0, -1 (no memory) or -2 (bad
 * list, with a message on stderr naming the option). */
static int split_commas(const char ***out, size_t *n, char *s, const char *option)
{
    size_t count = 1;
    for (const char *p = s; *p != '\0'; p++)
        count += *p == ',';
    const char **list = calloc(count, sizeof *list);
    if (list == NULL)
        return -1;
    size_t k = 0;
    for (char *tok = s;; ) {
        char *comma = strchr(tok, ',');
        if (comma != NULL)
            *comma = '\0';
        if (tok[0] == '\0') {
            fprintf(stderr, _("%s: %s: name %zu of the list is empty (write names separated by "
                              "commas: a,b,c)\n"), prog, option, k + 1);
            free(list);
            return -2;
        }
        list[k++] = tok;
        if (comma == NULL)
            break;
        tok = comma + 1;
    }
    *out = list;
    *n = k;
    return 0;
}

static void print_findings(const clm_discount_findings *f)
{
    for (size_t i = 0; i < clm_discount_findings_count(f); i++) {
        const clm_discount_finding *x = clm_discount_findings_get(f, i);
        printf("%-7s %-17s %s%s%s%s: %s\n", clm_discount_severity_name(x->severity), x->code,
               x->rule != NULL ? x->rule : "-", x->other != NULL ? " (" : "",
               x->other != NULL ? x->other : "", x->other != NULL ? ")" : "", x->message);
    }
}

/* The price-list findings: the lists in prices_file, the sample orders in
 * order_files (may be NULL). *out is NULL when no lists were given. */
static int validate_prices(clm_discount_findings **out, const clm_discount_policy *policy,
                           const char *prices_file, const char **order_files, size_t n_orders)
{
    *out = NULL;
    if (prices_file == NULL)
        return EXIT_OK;
    clm_price_set *set = NULL;
    clm_discount_order **orders = n_orders > 0 ? calloc(n_orders, sizeof *orders) : NULL;
    clm_discount_document *docs = n_orders > 0 ? calloc(n_orders, sizeof *docs) : NULL;
    int status = EXIT_OK;
    if (n_orders > 0 && (orders == NULL || docs == NULL)) {
        fprintf(stderr, _("%s: out of memory\n"), prog);
        status = EXIT_INTERNAL;
        goto out;
    }
    if (clm_price_set_load_file(&set, prices_file, NULL) != 0) {
        status = fail("prices");
        goto out;
    }
    for (size_t i = 0; i < n_orders; i++) {
        if (clm_discount_order_load_file(&orders[i], order_files[i], NULL) != 0) {
            status = fail("order");
            goto out;
        }
        docs[i] = *clm_discount_order_document(orders[i]);
    }
    if (clm_price_set_validate(out, set, policy, docs, n_orders) != 0)
        status = fail("validate");
out:
    for (size_t i = 0; orders != NULL && i < n_orders; i++)
        clm_discount_order_free(orders[i]);
    free(orders);
    free(docs);
    clm_price_set_free(set);
    return status;
}

static int validate(int argc, char **argv)
{
    const char *policy_file = NULL, *prices_file = NULL;
    const char **order_files = NULL;
    size_t n_orders = 0;
    clm_discount_validate_options opts = CLM_DISCOUNT_VALIDATE_OPTIONS_INIT;
    const char **cats = NULL, **prods = NULL, **groups = NULL;
    int status = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        const char ***list = NULL;
        size_t *count = NULL;
        if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
            if (clm_date_parse(&opts.today, argv[++i]) != 0) {
                status = fail("--date");
                goto out;
            }
            opts.has_today = 1;
            continue;
        }
        if (strcmp(argv[i], "--prices") == 0 && i + 1 < argc && prices_file == NULL) {
            prices_file = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--categories") == 0) {
            list = &cats;
            count = &opts.n_categories;
        } else if (strcmp(argv[i], "--products") == 0) {
            list = &prods;
            count = &opts.n_products;
        } else if (strcmp(argv[i], "--groups") == 0) {
            list = &groups;
            count = &opts.n_groups;
        } else if (strcmp(argv[i], "--orders") == 0) {
            list = &order_files;
            count = &n_orders;
        }
        if (list != NULL && i + 1 < argc && *list == NULL) {
            const char *option = argv[i];
            int src = split_commas(list, count, argv[++i], option);
            if (src == -2) {
                status = EXIT_BAD_INPUT;
                goto out;
            }
            if (src != 0) {
                fprintf(stderr, _("%s: out of memory\n"), prog);
                status = EXIT_INTERNAL;
                goto out;
            }
            continue;
        }
        if (argv[i][0] == '-' || policy_file != NULL) {
            status = usage(stderr, EXIT_BAD_INPUT);
            goto out;
        }
        policy_file = argv[i];
    }
    if (policy_file == NULL || (order_files != NULL && prices_file == NULL)) {
        status = usage(stderr, EXIT_BAD_INPUT);
        goto out;
    }
    opts.categories = cats;
    opts.products = prods;
    opts.groups = groups;

    clm_discount_policy *policy = NULL;
    if (clm_discount_policy_load_file(&policy, policy_file, NULL) != 0) {
        status = fail("policy");
        goto out;
    }
    clm_discount_findings *f = NULL;
    if (clm_discount_validate(&f, policy, &opts) != 0) {
        status = fail("validate");
        clm_discount_policy_free(policy);
        goto out;
    }
    clm_discount_findings *pf = NULL;
    int ps = validate_prices(&pf, policy, prices_file, order_files, n_orders);
    if (ps != EXIT_OK) {
        status = ps;
        clm_discount_findings_free(f);
        clm_discount_policy_free(policy);
        goto out;
    }
    size_t n = clm_discount_findings_count(f) + clm_discount_findings_count(pf);
    size_t errors = clm_discount_findings_count_severity(f, CLM_DISCOUNT_SEVERITY_ERROR) +
                    clm_discount_findings_count_severity(pf, CLM_DISCOUNT_SEVERITY_ERROR);
    size_t nrules = clm_discount_policy_rule_count(policy);
    printf(P_("policy %s: %zu rule\n", "policy %s: %zu rules\n", nrules), clm_discount_policy_name(policy), nrules);
    print_findings(f);
    if (prices_file != NULL)
        printf(P_("price lists %s, %zu sample order\n", "price lists %s, %zu sample orders\n", n_orders),
               prices_file, n_orders);
    print_findings(pf);
    clm_discount_findings_free(pf);
    if (n == 0)
        printf(_("no findings\n"));
    else {
        printf(P_("%zu finding", "%zu findings", n), n);
        printf(P_(": %zu error", ": %zu errors", errors), errors);
        printf(P_(", %zu warning\n", ", %zu warnings\n", n - errors), n - errors);
    }
    status = errors > 0 ? EXIT_REFUSED : n > 0 ? EXIT_ATTENTION : EXIT_OK;
    clm_discount_findings_free(f);
    clm_discount_policy_free(policy);
out:
    free(cats);
    free(prods);
    free(groups);
    free(order_files);
    return status;
}

static int run(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--validate") == 0)
        return validate(argc - 2, argv + 2);
    const char *role = NULL, *prices = NULL, *files[2] = { NULL, NULL };
    int explain = 0, nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
            role = argv[++i];
        else if (strcmp(argv[i], "--prices") == 0 && i + 1 < argc)
            prices = argv[++i];
        else if (strcmp(argv[i], "--explain") == 0)
            explain = 1;
        else if (argv[i][0] != '-' && nfiles < 2)
            files[nfiles++] = argv[i];
        else
            return usage(stderr, EXIT_BAD_INPUT);
    }
    if (nfiles != 2)
        return usage(stderr, EXIT_BAD_INPUT);
    return price(files[0], files[1], prices, role, explain);
}

int main(int argc, char **argv)
{
    if (tool_i18n(&argc, argv) < 0)
        return EXIT_BAD_INPUT;
    prog = tool_name(argv);
    if (tool_version(argc, argv))
        return EXIT_OK;
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return usage(stdout, EXIT_OK);
    const char *expect = tool_expect_take(&argc, argv);
    if (expect == NULL)
        return run(argc, argv);
    if (expect[0] == '\0')
        return usage(stderr, EXIT_BAD_INPUT);
    tool_expect e;
    if (tool_expect_begin(&e) != 0) {
        fprintf(stderr, _("%s: --expect: cannot capture the output\n"), prog);
        return EXIT_INTERNAL;
    }
    static const int bad[] = {EXIT_BAD_INPUT, EXIT_INTERNAL};
    return tool_expect_end(&e, prog, expect, run(argc, argv), bad, 2, EXIT_DIFFERS, EXIT_INTERNAL);
}
