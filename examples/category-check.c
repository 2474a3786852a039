/*
 * category-check — segments sample clients and puts them in categories.
 *
 *   category-check [--expect FILE] POLICY.xml CLIENTS.txt
 *   category-check [--expect FILE] --validate POLICY.xml
 *
 * Reads a category policy (XML, schema category-policy.xsd) and a file of
 * clients with 12 monthly sales figures (format in examples/data/clients.txt),
 * computes each client's ABC class (on turnover), XYZ class (on the monthly
 * figures) and RFM score, evaluates the policy, and prints, per client, the
 * classes and each category with the rule that gave it.
 *
 * --validate prints the findings of clm_category_policy_validate()
 * (category_validate.h), one a line: severity, code, the rule (and the
 * earlier rule that shadows it) or the category, the message.
 *
 * --expect FILE compares what the run prints with FILE (a regression case
 * the user keeps for their policy): equal is status 0, different is 5 with
 * the first differing line on stderr.
 *
 * Exit status (usage() below; scripts rely on it):
 *   0  every client classified / no findings / the output equals FILE
 *   1  the policy or the clients file is invalid, including a fact or value
 *      the library does not know (the file, line and reason on stderr)
 *   2  usage error
 *   3  --validate: findings, all of them warnings
 *   4  --validate: at least one finding is an error
 *   5  --expect: the output differs from FILE
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* getline */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <clm/clm.h>

#include "tool.h"

static const char *prog = "category-check";

#define MONTHS 12
#define MAX_CLIENTS 1000
#define LINE_MAX_LEN 1024

typedef struct sample {
    char text[LINE_MAX_LEN]; /* the line, cut into fields in place */
    char *field[8];          /* id, legal_type, region, state, risk, since, last, margin */
    int64_t margin;
    int64_t month[MONTHS];
    clm_date since, last;
} sample;

static sample clients[MAX_CLIENTS];
static int64_t matrix[MAX_CLIENTS * MONTHS];

static int fail_line(const char *path, int line, const char *what, const char *detail)
{
    fprintf(stderr, "%s: %s:%d: %s%s%s\n", prog, path, line, what,
            detail != NULL ? ": " : "", detail != NULL ? detail : "");
    return -1;
}

/* "125000.00" roubles -> kopecks, through the library's money parser. */
static int parse_rub(int64_t *out, const char *s)
{
    char buf[64];
    clm_money m;
    if (snprintf(buf, sizeof buf, "%s RUB", s) >= (int)sizeof buf || clm_money_parse(&m, buf) != 0)
        return -1;
    *out = m.amount;
    return 0;
}

static int parse_date(clm_date *out, const char *s)
{
    if (s[0] == '\0') {
        *out = CLM_FACT_NO_DATE;
        return 0;
    }
    return clm_date_parse(out, s);
}

/* Length of the longest prefix of s[0..n) that is well-formed UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return i;
        }
        if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += len;
    }
    return i;
}

/* Reads the clients file; returns the number of clients or -1. Lines of
 * any length are read whole (getline), so line numbers stay true; a line
 * longer than a client line may be, bytes that are not UTF-8 or control
 * characters, and read errors (a directory, an I/O error) are refused with
 * the file, the line and the reason. */
static int read_clients(const char *path, clm_date *as_of)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, _("%s: %s: cannot open: %s\n"), prog, path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, _("%s: %s: cannot read: %s\n"), prog, path, strerror(EISDIR));
        fclose(f);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int n = 0, lineno = 0, have_as_of = 0, rc = 0;
    errno = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if ((size_t)len >= LINE_MAX_LEN) {
            char got[64];
            snprintf(got, sizeof got, "%zd bytes, at most %d", len, LINE_MAX_LEN - 1);
            rc = fail_line(path, lineno, "line too long", got);
            break;
        }
        size_t ok = utf8_valid_prefix((const unsigned char *)line, (size_t)len);
        if (ok != (size_t)len) {
            char got[64];
            snprintf(got, sizeof got, "byte %zu (0x%02X) is not UTF-8", ok + 1, (unsigned char)line[ok]);
            rc = fail_line(path, lineno, "bad text", got);
            break;
        }
        for (ssize_t k = 0; k < len; k++)
            if ((unsigned char)line[k] < 0x20 || line[k] == 0x7F) {
                char got[64];
                snprintf(got, sizeof got, "byte %zd is a control character (0x%02X)", k + 1,
                         (unsigned char)line[k]);
                rc = fail_line(path, lineno, "bad text", got);
                break;
            }
        if (rc != 0)
            break;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (!have_as_of) {
            if (strncmp(line, "as_of;", 6) != 0 || clm_date_parse(as_of, line + 6) != 0)
                rc = fail_line(path, lineno, "expected as_of;YYYY-MM-DD", NULL);
            have_as_of = 1;
            continue;
        }
        if (n == MAX_CLIENTS) {
            rc = fail_line(path, lineno, "too many clients", NULL);
            break;
        }
        sample *c = &clients[n];
        memcpy(c->text, line, (size_t)len + 1);
        char *fields[8 + MONTHS + 1];
        int nf = 0;
        for (char *p = c->text; nf < 8 + MONTHS + 1; nf++) {
            fields[nf] = p;
            p = strchr(p, ';');
            if (p == NULL) {
                nf++;
                break;
            }
            *p++ = '\0';
        }
        if (nf != 8 + MONTHS) {
            char got[32];
            snprintf(got, sizeof got, "%d fields, expected %d", nf, 8 + MONTHS);
            rc = fail_line(path, lineno, "wrong number of fields", got);
            break;
        }
        memcpy(c->field, fields, sizeof c->field);
        if (fields[0][0] == '\0')
            rc = fail_line(path, lineno, "empty client id", NULL);
        else if (parse_date(&c->since, fields[5]) != 0)
            rc = fail_line(path, lineno, "client_since", clm_error_last()->message);
        else if (parse_date(&c->last, fields[6]) != 0)
            rc = fail_line(path, lineno, "last_purchase", clm_error_last()->message);
        else if (parse_rub(&c->margin, fields[7]) != 0)
            rc = fail_line(path, lineno, "margin", clm_error_last()->message);
        for (int m = 0; rc == 0 && m < MONTHS; m++)
            if (parse_rub(&c->month[m], fields[8 + m]) != 0)
                rc = fail_line(path, lineno, "monthly amount", clm_error_last()->message);
        n++;
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, _("%s: %s: read error after line %d: %s\n"), prog, path, lineno,
                strerror(errno != 0 ? errno : EIO));
        rc = -1;
    }
    free(line);
    fclose(f);
    if (rc == 0 && !have_as_of)
        rc = fail_line(path, lineno, "no as_of line", NULL);
    return rc == 0 ? n : -1;
}

static void print_money(const char *label, int64_t kopecks)
{
    char buf[TOOL_MONEY_MAX];
    clm_money m = { kopecks, "RUB" };
    tool_money(buf, sizeof buf, &m);
    printf("%s %s", label, buf);
}

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_WARNINGS = 3, EXIT_ERRORS = 4, EXIT_DIFFERS = 5 };

static int usage(FILE *to, int status)
{
    fprintf(to, _("usage: %s [--expect FILE] [--lang LL] POLICY.xml CLIENTS.txt\n"
                  "       %s [--expect FILE] [--lang LL] --validate POLICY.xml\n"
                  "  e.g. %s category-policy.xml clients.txt (the samples in examples/data,\n"
                  "       installed under share/libclm/examples)\n"
                  "\n"
                  "Computes each client's ABC class (turnover), XYZ class (monthly sales)\n"
                  "and RFM score, evaluates the category policy POLICY.xml and prints each\n"
                  "client's classes and categories with the rule that gave each.\n"
                  "CLIENTS.txt: one client a line, the format of examples/data/clients.txt.\n"
                  "\n"
                  "--validate checks POLICY.xml for rules that can never fire, rules\n"
                  "shadowed by an earlier rule of their category, and categories no rule\n"
                  "assigns and no role may assign.\n"
                  "--expect FILE compares the output with FILE, a file of expected results.\n"
                  "--lang LL prints the texts in language LL (ru: Russian), whatever the locale.\n"
                  "\n"
                  "exit status:\n"
                  "  0  every client classified / no findings / the output equals FILE\n"
                  "  1  the policy or the clients file is invalid (file, line and reason on stderr)\n"
                  "  2  usage error\n"
                  "  3  --validate: findings, all of them warnings\n"
                  "  4  --validate: at least one finding is an error\n"
                  "  5  --expect: the output differs from FILE\n"), prog, prog, prog);
    return status;
}

static int validate(const char *path)
{
    clm_category_policy *policy = NULL;
    if (clm_category_policy_load_file(&policy, path, NULL) != 0) {
        fprintf(stderr, _("%s: invalid policy: %s\n"), prog, clm_error_last()->message);
        return EXIT_INVALID;
    }
    clm_category_findings *f = NULL;
    if (clm_category_policy_validate(&f, policy) != 0) {
        fprintf(stderr, "%s: %s\n", prog, clm_error_last()->message);
        clm_category_policy_free(policy);
        return EXIT_INVALID;
    }
    size_t n = clm_category_findings_count(f), errors = clm_category_findings_errors(f);
    printf(_("policy '%s': %zu rules, %zu categories\n"), clm_category_policy_name(policy),
           clm_category_policy_rule_count(policy), clm_category_policy_category_count(policy));
    for (size_t i = 0; i < n; i++) {
        const clm_category_finding *x = clm_category_findings_at(f, i);
        printf("%-7s %-12s %s%s%s%s: %s\n", x->is_error ? "error" : "warning", x->code,
               x->rule != NULL ? x->rule : x->category, x->other != NULL ? " (" : "",
               x->other != NULL ? x->other : "", x->other != NULL ? ")" : "", x->message);
    }
    if (n == 0)
        printf(_("no findings\n"));
    else {
        printf(P_("%zu finding", "%zu findings", n), n);
        printf(P_(": %zu error", ": %zu errors", errors), errors);
        printf(P_(", %zu warning\n", ", %zu warnings\n", n - errors), n - errors);
    }
    clm_category_findings_free(f);
    clm_category_policy_free(policy);
    return errors > 0 ? EXIT_ERRORS : n > 0 ? EXIT_WARNINGS : EXIT_OK;
}

static int run(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--validate") == 0)
        return validate(argv[2]);
    if (argc != 3 || argv[1][0] == '-')
        return usage(stderr, EXIT_USAGE);
    clm_category_policy *policy = NULL;
    if (clm_category_policy_load_file(&policy, argv[1], NULL) != 0) {
        fprintf(stderr, _("%s: invalid policy: %s\n"), prog, clm_error_last()->message);
        return 1;
    }
    clm_date as_of;
    int n = read_clients(argv[2], &as_of);
    if (n < 0) {
        clm_category_policy_free(policy);
        return 1;
    }

    /* Segmentation over the whole sample base. */
    static int64_t total[MAX_CLIENTS], freq[MAX_CLIENTS];
    static int32_t last[MAX_CLIENTS];
    static clm_abc_class abc[MAX_CLIENTS];
    static clm_xyz_class xyz[MAX_CLIENTS];
    static double cv[MAX_CLIENTS];
    static clm_rfm_score rfm[MAX_CLIENTS];
    for (int i = 0; i < n; i++) {
        memcpy(&matrix[i * MONTHS], clients[i].month, sizeof clients[i].month);
        /* RFM recency by the last purchase date; CLM_FACT_NO_DATE and
         * CLM_RFM_NEVER are both INT32_MIN. */
        last[i] = clients[i].last;
    }
    int rc = clm_periods_summarize(total, freq, NULL, matrix, (size_t)n, MONTHS);
    if (rc == 0)
        rc = clm_abc_classify(abc, total, (size_t)n, NULL);
    if (rc == 0)
        rc = clm_xyz_classify(xyz, cv, matrix, (size_t)n, MONTHS, NULL);
    if (rc == 0)
        rc = clm_rfm_score_batch(rfm, last, freq, total, (size_t)n);
    clm_rfm_segments *segments = NULL;
    if (rc == 0)
        rc = clm_rfm_segments_new_default(&segments);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", prog, clm_error_last()->message);
        clm_category_policy_free(policy);
        return 1;
    }

    char date[TOOL_DATE_MAX];
    tool_date(date, sizeof date, as_of);
    printf(_("policy '%s', %d clients, as of %s\n"), clm_category_policy_name(policy), n, date);
    for (int i = 0; i < n; i++) {
        const sample *c = &clients[i];
        clm_category_facts f = CLM_CATEGORY_FACTS_INIT;
        f.id = c->field[0];
        memcpy(f.currency, "RUB", 4);
        f.turnover = total[i];
        f.margin = c->margin;
        f.client_since = c->since;
        f.last_purchase = c->last;
        f.abc = abc[i];
        f.xyz = xyz[i];
        f.rfm = rfm[i];
        f.legal_type = c->field[1][0] ? c->field[1] : NULL;
        f.region = c->field[2][0] ? c->field[2] : NULL;
        f.state = c->field[3][0] ? c->field[3] : NULL;
        f.risk_class = c->field[4][0] ? c->field[4] : NULL;
        /* One entry per category of the policy: the rule that put the
         * client there, or CLM_CATEGORY_NO_RULE. */
        size_t ncat = clm_category_policy_category_count(policy);
        uint32_t *rule = malloc((ncat > 0 ? ncat : 1) * sizeof *rule);
        if (rule == NULL || clm_category_policy_evaluate(rule, ncat, policy, &f, as_of) != 0) {
            fprintf(stderr, "%s: %s\n", prog,
                    rule == NULL ? "out of memory" : clm_error_last()->message);
            free(rule);
            fprintf(stderr, "%s: %s\n", prog, clm_error_last()->message);
            clm_rfm_segments_free(segments);
            clm_category_policy_free(policy);
            return 1;
        }
        printf("\n%s", c->field[0]);
        print_money(_("  turnover"), total[i]);
        printf(_("  ABC %s  XYZ %s"), clm_abc_class_name(abc[i]), clm_xyz_class_name(xyz[i]));
        if (xyz[i] != CLM_XYZ_NONE)
            printf(_(" (CV %.1f %%)"), cv[i] * 100);
        if (rfm[i].r != 0)
            printf(_("  RFM %u%u%u %s\n"), rfm[i].r, rfm[i].f, rfm[i].m,
                   clm_rfm_segments_name(segments, rfm[i]));
        else
            printf(_("  RFM - (no purchases)\n"));
        int any = 0;
        for (size_t k = 0; k < ncat; k++)
            if (rule[k] != CLM_CATEGORY_NO_RULE) {
                printf(_("  %-10s by rule %s\n"), clm_category_policy_category_name(policy, k),
                       clm_category_policy_rule_name(policy, rule[k]));
                any = 1;
            }
        if (!any)
            printf(_("  no category\n"));
        free(rule);
    }
    clm_rfm_segments_free(segments);
    clm_category_policy_free(policy);
    return 0;
}

int main(int argc, char **argv)
{
    if (tool_i18n(&argc, argv) < 0)
        return EXIT_USAGE;
    prog = tool_name(argv);
    if (tool_version(argc, argv))
        return EXIT_OK;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return usage(stdout, EXIT_OK);
    const char *expect = tool_expect_take(&argc, argv);
    if (expect == NULL)
        return run(argc, argv);
    if (expect[0] == '\0')
        return usage(stderr, EXIT_USAGE);
    tool_expect e;
    if (tool_expect_begin(&e) != 0) {
        fprintf(stderr, _("%s: --expect: cannot capture the output\n"), prog);
        return EXIT_INVALID;
    }
    static const int bad[] = {EXIT_INVALID, EXIT_USAGE};
    return tool_expect_end(&e, prog, expect, run(argc, argv), bad, 2, EXIT_DIFFERS, EXIT_INVALID);
}
