/*
 * credit-check — a client's credit file in one screen: payment behaviour,
 * ageing, the bad-debt reserve, the grade, the recommended limit and the
 * credit check of a new order.
 *
 *   credit-check POLICY.xml HISTORY.xml [--as-of YYYY-MM-DD]
 *                [--amount "100000.00 RUB"] [--orders "0.00 RUB"]
 *                [--revenue "1000000.00 RUB"] [--statements S.xml] [--explain]
 *
 * POLICY is a credit policy (credit-policy.xsd), HISTORY a client's
 * payment history (credit-history.xsd), S.xml the client's financial
 * statements (credit-statements.xsd): every built-in model scores them and
 * their bands enter the grade. A model the statements lack inputs for is
 * named with every line it misses (the others still score); --explain
 * prints each scored model's inputs, ratios and terms. --as-of defaults to the latest date in the
 * history. Samples: examples/data/credit-*.xml.
 *
 * Exit status: 0 the order is allowed (or no --amount), 1 warn, 2 block,
 * 3 usage, 4 a file does not load (the message names the line and field).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"

#include "tool.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: credit-check POLICY.xml HISTORY.xml [--as-of YYYY-MM-DD]\n"
            "                    [--amount \"X RUB\"] [--orders \"X RUB\"] [--revenue \"X RUB\"]\n"
            "                    [--statements S.xml] [--explain]\n"
            "exit status:\n"
            "  0  the order is allowed (or no --amount given)\n"
            "  1  the order is allowed with a warning\n"
            "  2  the order is blocked\n"
            "  3  usage error\n"
            "  4  a file does not load (the message names the line and field)\n");
}

static const char *money(char *buf, int64_t amount, const char *currency)
{
    clm_money m = { amount, { 0 } };
    memcpy(m.currency, currency, 4);
    if (clm_money_format(buf, CLM_MONEY_FORMAT_MAX, &m) < 0)
        snprintf(buf, CLM_MONEY_FORMAT_MAX, "%lld", (long long)amount);
    return buf;
}

static const char *date(char *buf, clm_date d)
{
    if (clm_date_format(buf, CLM_DATE_FORMAT_MAX, d) < 0)
        snprintf(buf, CLM_DATE_FORMAT_MAX, "-");
    return buf;
}

/* A built-in model that cannot score the statements: its name, every input
 * it needs that they lack (not only the first, which `why` names), and why. */
static void print_unscored(size_t i, const clm_credit_statements *stm, const char *why)
{
    clm_credit_model *m = NULL;
    int lines[24];
    size_t n = 0;
    if (clm_credit_model_builtin(&m, (clm_credit_builtin)i, NULL) < 0 ||
        clm_credit_model_missing(lines, sizeof lines / sizeof lines[0], &n, m, stm) < 0) {
        printf("models   model %zu cannot score: %s\n", i, why != NULL ? why : "?");
        clm_credit_model_free(m);
        return;
    }
    printf("models   %-28s cannot score", clm_credit_model_name(m));
    if (n == 0) {
        printf(": %s\n", why != NULL ? why : "?");
    } else {
        printf(": the statements lack");
        for (size_t k = 0; k < n; k++)
            if (lines[k] == CLM_CREDIT_LINE_MVE)
                printf("%s the market value of equity", k > 0 ? "," : "");
            else
                printf("%s line %d", k > 0 ? "," : "", lines[k]);
        printf("\n");
    }
    clm_credit_model_free(m);
}

static int load_error(const char *what)
{
    const clm_error *e = clm_error_last();
    /* the message names the file, the line and the field itself */
    fprintf(stderr, "credit-check: %s: %s\n", what, e->message);
    return 4;
}

static int parse_amount(int64_t *out, const char *text, const char *currency, const char *opt)
{
    clm_money m;
    if (clm_money_parse(&m, text) < 0 || strcmp(m.currency, currency) != 0 || m.amount < 0) {
        fprintf(stderr, "credit-check: %s '%s': need a non-negative amount in %s\n", opt, text,
                currency);
        return -1;
    }
    *out = m.amount;
    return 0;
}

int main(int argc, char **argv)
{
    if (tool_version(argc, argv))
        return 0;
    const char *files[2] = { NULL, NULL }, *amount_s = NULL, *orders_s = NULL,
               *revenue_s = NULL, *as_of_s = NULL, *statements_s = NULL;
    int explain = 0, nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--explain") == 0) {
            explain = 1;
        } else if (i + 1 < argc && strcmp(argv[i], "--amount") == 0) {
            amount_s = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--orders") == 0) {
            orders_s = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--revenue") == 0) {
            revenue_s = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--statements") == 0) {
            statements_s = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--as-of") == 0) {
            as_of_s = argv[++i];
        } else if (argv[i][0] != '-' && nfiles < 2) {
            files[nfiles++] = argv[i];
        } else {
            usage(stderr);
            return 3;
        }
    }
    if (nfiles != 2) {
        usage(stderr);
        return 3;
    }
    clm_credit_policy *policy = NULL;
    clm_credit_history *hist = NULL;
    if (clm_credit_policy_load_file(&policy, files[0], NULL) < 0)
        return load_error("policy");
    if (clm_credit_history_load_file(&hist, files[1], NULL) < 0) {
        clm_credit_policy_free(policy);
        return load_error("history");
    }
    int status = 3;
    const char *cur = clm_credit_policy_currency(policy);
    const clm_credit_ledger *ledger = clm_credit_history_ledger(hist);
    const clm_credit_client_file *client = clm_credit_history_client(hist);
    clm_credit_positions *ps = NULL;
    clm_credit_due_list *due = NULL;
    clm_credit_statements *stm = NULL;
    clm_credit_results *scores = NULL;
    clm_credit_band bands[64];
    size_t nbands = 0;
    char a[CLM_MONEY_FORMAT_MAX], b[CLM_MONEY_FORMAT_MAX], c[CLM_MONEY_FORMAT_MAX];
    char e[CLM_MONEY_FORMAT_MAX], d1[CLM_DATE_FORMAT_MAX];
    int64_t amount = 0, orders = 0, revenue = 0;
    clm_date as_of = clm_credit_history_last_date(hist);
    if (strcmp(cur, clm_credit_ledger_currency(ledger)) != 0) {
        fprintf(stderr, "credit-check: the policy is in %s, the history in %s\n", cur,
                clm_credit_ledger_currency(ledger));
        status = 4;
        goto done;
    }
    if (client == NULL) {
        fprintf(stderr, "credit-check: history: no <client> element names the client\n");
        status = 4;
        goto done;
    }
    if ((amount_s != NULL && parse_amount(&amount, amount_s, cur, "--amount") < 0) ||
        (orders_s != NULL && parse_amount(&orders, orders_s, cur, "--orders") < 0) ||
        (revenue_s != NULL && parse_amount(&revenue, revenue_s, cur, "--revenue") < 0))
        goto done;
    if (as_of_s != NULL && clm_date_parse(&as_of, as_of_s) < 0) {
        fprintf(stderr, "credit-check: --as-of '%s': %s\n", as_of_s, clm_error_last()->message);
        goto done;
    }
    if (as_of == CLM_CREDIT_NO_DATE) {
        fprintf(stderr, "credit-check: the history is empty; give --as-of\n");
        goto done;
    }
    if (clm_credit_positions_new(&ps, ledger, client->id, as_of) < 0) {
        status = load_error("positions");
        goto done;
    }
    const clm_credit_position *pos = clm_credit_positions_array(ps);
    size_t n = clm_credit_positions_count(ps);

    printf("client   %s%s%s%s, as of %s\n", client->id, client->name ? " \"" : "",
           client->name ? client->name : "", client->name ? "\"" : "", date(d1, as_of));
    if (statements_s == NULL) {
        printf("models   no statements given (--statements): not part of this grade\n");
    } else {
        if (clm_credit_statements_load_file(&stm, statements_s, NULL) < 0) {
            status = load_error("statements");
            goto done;
        }
        if (clm_credit_score_builtins(&scores, stm, NULL) < 0) {
            status = load_error("models");
            goto done;
        }
        for (size_t i = 0; i < clm_credit_results_count(scores); i++) {
            int err = 0;
            const char *why = NULL;
            const clm_credit_result *res = clm_credit_results_get(scores, i, &err, &why);
            clm_credit_summary sm;
            if (res == NULL || clm_credit_result_summary(&sm, res) < 0) {
                print_unscored(i, stm, why);
                continue;
            }
            printf("models   %-28s score %9.4f", sm.model, sm.score);
            if (sm.has_probability)
                printf("  P %.4f", sm.probability);
            printf("  band %s (%s)\n", sm.band, clm_credit_band_name(sm.level));
            /* a model's band level is what the grade reads */
            if (nbands < sizeof bands / sizeof bands[0])
                bands[nbands++] = sm.level;
            char *text = NULL;
            if (explain && clm_credit_result_format(&text, NULL, res) == 0)
                printf("%sinputs missing: none\n", text);
            clm_free(text);
        }
    }

    clm_credit_paydex px;
    clm_credit_paydex_compute(&px, pos, n, NULL);
    if (px.available)
        printf("payment  index %d (PAYDEX-style, %zu experiences), %.1f days beyond terms "
               "(amount-weighted)\n", px.index_rounded, px.experiences, px.days_beyond);
    else
        printf("payment  index unavailable (%zu experiences; 3 needed)\n", px.experiences);
    if (explain)
        for (size_t i = 0; i < n; i++)
            if (pos[i].has_experience)
                printf("  %-12s due %s  paid %s  open %s  %.1f days -> index %.1f\n",
                       pos[i].invoice_id, date(d1, pos[i].due), money(a, pos[i].paid, cur),
                       money(b, pos[i].open, cur), pos[i].days_beyond,
                       clm_credit_paydex_of_days(pos[i].days_beyond));
    clm_date from;
    clm_date_add_days(&from, as_of, -89);
    clm_credit_dso dso;
    clm_credit_dso_compute(&dso, pos, n, from, as_of);
    if (dso.defined)
        printf("DSO      %.1f days (receivables %s / sales %s over %d days)\n", dso.dso,
               money(a, dso.receivables, cur), money(b, dso.sales, cur), (int)dso.days);
    else
        printf("DSO      undefined (no sales in the last %d days)\n", (int)dso.days);

    clm_credit_ageing ag;
    clm_credit_buckets buckets; /* the policy's <ageing limits=...> */
    clm_credit_policy_buckets(&buckets, policy);
    clm_credit_ageing_compute(&ag, pos, n, as_of, &buckets);
    printf("ageing  ");
    for (size_t k = 0; k < ag.count; k++) {
        const clm_credit_bucket *bk = &ag.bucket[k];
        if (k == 0)
            printf(" current %s (%zu)", money(a, bk->amount, cur), bk->invoices);
        else if (k + 1 == ag.count)
            printf(" | over %d %s (%zu)", (int)bk->from_days - 1, money(a, bk->amount, cur),
                   bk->invoices);
        else
            printf(" | %d-%d %s (%zu)", (int)bk->from_days, (int)bk->to_days,
                   money(a, bk->amount, cur), bk->invoices);
    }
    printf("\n         open %s, unapplied %s\n", money(a, ag.total, cur),
           money(b, clm_credit_positions_unapplied(ps), cur));
    if (clm_credit_due_list_new(&due, ps, NULL) == 0 && explain)
        for (size_t i = 0; i < clm_credit_due_list_count(due); i++) {
            const clm_credit_due_item *it = clm_credit_due_list_at(due, i);
            printf("  overdue %-12s %s since %s, %d days (manager %s)\n", it->invoice_id,
                   money(a, it->open, cur), date(d1, it->since), (int)it->days_overdue,
                   it->manager ? it->manager : "-");
        }
    if (revenue_s != NULL) {
        clm_credit_reserve_options ro = CLM_CREDIT_RESERVE_OPTIONS_INIT;
        ro.revenue_current = revenue;
        clm_credit_policy_reserve_rounding(&ro.rounding, policy); /* <reserve rounding=...> */
        clm_credit_reserve rs;
        if (clm_credit_reserve_compute(&rs, pos, n, as_of, &ro) == 0)
            printf("reserve  %s (art. 266: over 90 days %s in full, 45-90 days %s at 50 %%%s)\n",
                   money(a, rs.reserve, cur), money(b, rs.over_90, cur), money(c, rs.from_45, cur),
                   rs.capped ? ", capped at 10 % of revenue" : "");
    }

    int64_t overdue = 0;
    int32_t max_days = 0;
    for (size_t i = 0; i < n; i++)
        if (pos[i].open > 0 && as_of > pos[i].due) {
            overdue += pos[i].open;
            if (as_of - pos[i].due > max_days)
                max_days = (int32_t)(as_of - pos[i].due);
        }
    clm_credit_grade_input gi = CLM_CREDIT_GRADE_INPUT_INIT;
    gi.bands = nbands > 0 ? bands : NULL;
    gi.band_count = nbands;
    gi.has_paydex = px.available;
    gi.paydex = px.index_rounded;
    gi.receivables = clm_credit_positions_open(ps);
    gi.overdue = overdue;
    gi.tenure_days = client->since != CLM_CREDIT_NO_DATE && client->since <= as_of
                         ? (int32_t)(as_of - client->since) : -1;
    clm_credit_grade g;
    if (clm_credit_grade_compute(&g, policy, &gi) < 0) {
        status = load_error("grade");
        goto done;
    }
    printf("grade    %s (score %.3f of 100)\n", g.grade, g.score / 1000.0);
    for (int i = 0; explain && i < 4; i++) {
        if (g.part[i].present)
            printf("  %-8s score %7.3f  weight %3lld  contributes %7.3f\n", g.part[i].input,
                   g.part[i].score / 1000.0, (long long)g.part[i].weight, g.part[i].contribution);
        else
            printf("  %-8s absent (its weight drops out)\n", g.part[i].input);
    }

    clm_credit_limit rec;
    if (clm_credit_limit_recommend(&rec, policy, g.grade, &client->figures) == 0) {
        printf("limit    recommended %s (%s)\n", money(a, rec.amount, cur),
               clm_credit_basis_name(rec.term[rec.chosen].basis));
        if (explain)
            for (size_t i = 0; i < rec.count; i++) {
                char r[CLM_RATE_FORMAT_MAX];
                clm_rate_format(r, sizeof r, rec.term[i].rate);
                if (rec.term[i].basis == CLM_CREDIT_BASIS_FIXED)
                    printf("  %-16s %s\n", "fixed", money(a, rec.term[i].amount, cur));
                else
                    printf("  %-16s %s of %s = %s\n", clm_credit_basis_name(rec.term[i].basis),
                           r, money(a, rec.term[i].base, cur), money(b, rec.term[i].amount, cur));
            }
    } else {
        printf("limit    no recommendation: %s\n", clm_error_last()->message);
    }
    int64_t limit = 0;
    clm_credit_limit_source src;
    if (clm_credit_limit_resolve(&limit, &src, policy, client->has_limit ? &client->limit : NULL,
                                 client->group) < 0) {
        printf("limit    none in force: %s\n", clm_error_last()->message);
        status = amount_s != NULL ? 2 : 0;
        goto done;
    }
    printf("limit    in force %s (%s)\n", money(a, limit, cur), clm_credit_limit_source_name(src));
    status = 0;
    if (amount_s != NULL) {
        clm_credit_check_input ci = CLM_CREDIT_CHECK_INPUT_INIT;
        ci.receivables = clm_credit_positions_open(ps);
        ci.orders = orders;
        ci.document = amount;
        ci.max_days_overdue = max_days;
        ci.limit = limit;
        clm_credit_check ck;
        if (clm_credit_check_compute(&ck, policy, &ci) < 0) {
            status = load_error("check");
            goto done;
        }
        printf("check    order %s: exposure %s, limit %s, headroom %s -> %s",
               money(a, amount, cur), money(b, ck.exposure, cur), money(c, ck.limit, cur),
               money(e, ck.headroom, cur), clm_credit_decision_name(ck.decision));
        if (ck.reasons & CLM_CREDIT_REASON_OVER_LIMIT)
            printf(" (over the limit)");
        if (ck.reasons & CLM_CREDIT_REASON_NEAR_LIMIT)
            printf(" (near the limit)");
        if (ck.reasons & CLM_CREDIT_REASON_OVERDUE)
            printf(" (debt %d days overdue)", (int)ck.max_days_overdue);
        if (ck.reasons & CLM_CREDIT_REASON_LATE)
            printf(" (overdue debt)");
        printf("\n");
        if (explain)
            printf("  exposure = receivables %s + orders %s + this order %s\n",
                   money(a, ck.receivables, cur), money(b, ck.orders, cur),
                   money(c, ck.document, cur));
        status = ck.decision == CLM_CREDIT_ALLOW ? 0 : ck.decision == CLM_CREDIT_WARN ? 1 : 2;
    }
done:
    clm_credit_results_free(scores);
    clm_credit_statements_free(stm);
    clm_credit_due_list_free(due);
    clm_credit_positions_free(ps);
    clm_credit_history_free(hist);
    clm_credit_policy_free(policy);
    return status;
}
