/*
 * deadline — when does a term end, and what is the amount at stake?
 *
 *   deadline [--calendar FILE.xml] EVENT N UNIT [AMOUNT]
 *
 *   EVENT   the date of the event that starts the term (YYYY-MM-DD), e.g.
 *           the day a consumer's demand was received
 *   N UNIT  the term: "10 days", "20 working-days", "1 months"
 *   AMOUNT  optional, e.g. "15000.00 RUB": prints it and the consumer-law
 *           penalty of 1 % of it per day of delay
 *
 * Without --calendar the Russian production calendar built into libclm is
 * used (2024-2026). Exit status: 0 on success, 2 on bad input (the message
 * says what and why).
 *
 *   $ deadline 2025-12-25 10 days "15000.00 RUB"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clm/clm.h>

static const char *const weekday_names[8] = {
    "?", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
};

static int fail(const char *what)
{
    fprintf(stderr, "deadline: %s: %s\n", what, clm_error_last()->message);
    return 2;
}

static int usage(void)
{
    fprintf(stderr, "usage: deadline [--calendar FILE.xml] EVENT N days|working-days|months [AMOUNT]\n"
                    "example: deadline 2025-12-25 10 days \"15000.00 RUB\"\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *calendar_file = NULL;
    int i = 1;
    if (argc > 2 && strcmp(argv[1], "--calendar") == 0) {
        calendar_file = argv[2];
        i = 3;
    }
    if (argc - i < 3 || argc - i > 4)
        return usage();

    /* The amount is checked before anything is computed or printed: a
     * penalty is a share of a price, and a price is never negative. */
    clm_money amount;
    if (argc - i == 4) {
        if (clm_money_parse(&amount, argv[i + 3]) != 0)
            return fail("amount");
        if (amount.amount < 0) {
            fprintf(stderr, "deadline: amount: '%s' is negative; the penalty is a share of the price paid, "
                            "which is zero or more\n", argv[i + 3]);
            return 2;
        }
    }

    clm_calendar *cal = NULL;
    int rc = calendar_file != NULL ? clm_calendar_load_file(&cal, calendar_file, NULL) : clm_calendar_new_ru(&cal);
    if (rc != 0)
        return fail("calendar");

    clm_date event;
    if (clm_date_parse(&event, argv[i]) != 0) {
        clm_calendar_free(cal);
        return fail("event date");
    }
    char *end;
    long n = strtol(argv[i + 1], &end, 10);
    if (*argv[i + 1] == '\0' || *end != '\0' || n < 0 || n > 100000) {
        fprintf(stderr, "deadline: term: '%s' is not a whole number of units from 0 to 100000\n", argv[i + 1]);
        clm_calendar_free(cal);
        return 2;
    }
    clm_term_unit unit;
    const char *how;
    if (strcmp(argv[i + 2], "days") == 0) {
        unit = CLM_TERM_DAYS;
        how = "calendar days, counted from the day after the event (Civil Code art. 191)";
    } else if (strcmp(argv[i + 2], "working-days") == 0) {
        unit = CLM_TERM_WORKING_DAYS;
        how = "working days after the event";
    } else if (strcmp(argv[i + 2], "months") == 0) {
        unit = CLM_TERM_MONTHS;
        how = "months, ending on the same-numbered day (Civil Code art. 191, 192)";
    } else {
        fprintf(stderr, "deadline: unit: '%s' is not days, working-days or months\n", argv[i + 2]);
        clm_calendar_free(cal);
        return 2;
    }

    clm_date deadline;
    if (clm_term_end(&deadline, cal, event, (int32_t)n, unit) != 0) {
        clm_calendar_free(cal);
        return fail("deadline");
    }
    char es[CLM_DATE_FORMAT_MAX], ds[CLM_DATE_FORMAT_MAX];
    clm_date_format(es, sizeof es, event);
    clm_date_format(ds, sizeof ds, deadline);
    printf("calendar:  %s\n", clm_calendar_name(cal));
    printf("event:     %s (%s)\n", es, weekday_names[clm_date_weekday(event)]);
    printf("term:      %ld %s\n", n, how);
    if (unit != CLM_TERM_WORKING_DAYS) {
        clm_date last;
        if (unit == CLM_TERM_DAYS)
            clm_date_add_days(&last, event, (int32_t)n);
        else
            clm_date_add_months(&last, event, (int32_t)n);
        if (last != deadline) {
            char ls[CLM_DATE_FORMAT_MAX];
            clm_date_format(ls, sizeof ls, last);
            printf("last day:  %s (%s), not a working day: moved to the next working day (art. 193)\n", ls,
                   weekday_names[clm_date_weekday(last)]);
        }
    }
    printf("deadline:  %s (%s), until 24:00 (art. 194)\n", ds, weekday_names[clm_date_weekday(deadline)]);
    clm_calendar_free(cal);

    if (argc - i == 4) {
        clm_money penalty;
        char as[CLM_MONEY_FORMAT_MAX], ps[CLM_MONEY_FORMAT_MAX];
        /* Consumer protection law art. 23: 1 % of the price per day of delay. */
        if (clm_money_mul_rate(&penalty, &amount, CLM_RATE_PERCENT, CLM_ROUND_HALF_UP) != 0)
            return fail("penalty");
        clm_money_format(as, sizeof as, &amount);
        clm_money_format(ps, sizeof ps, &penalty);
        printf("amount:    %s\n", as);
        printf("penalty:   %s per day of delay after the deadline (1 %%, consumer law art. 23; half-up)\n", ps);
    }
    return 0;
}
