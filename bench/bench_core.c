/* bench_core.c — money arithmetic and working-day addition. */
#include "bench.h"

#include <clm/clm.h>

void bench_core(void)
{
    int64_t n = bench_scaled(20000000);
    clm_money acc, step;
    bench_check(clm_money_make(&acc, 0, "RUB"), "money make");
    bench_check(clm_money_make(&step, 12345, "RUB"), "money make");
    double t0 = bench_now();
    for (int64_t i = 0; i < n; i++) {
        if (clm_money_add(&acc, &acc, &step) != 0)
            bench_check(-1, "money add");
        if (acc.amount > INT64_C(1000000000000))
            acc.amount = 0;
    }
    bench_report("money add (checked, same currency)", n, bench_now() - t0);
    bench_sink += acc.amount;

    clm_money price, part;
    bench_check(clm_money_make(&price, 199999, "RUB"), "money make");
    t0 = bench_now();
    for (int64_t i = 0; i < n; i++) {
        if (clm_money_mul_rate(&part, &price, 125000 + (i & 1023), CLM_ROUND_HALF_EVEN) != 0)
            bench_check(-1, "money mul rate");
        bench_sink += part.amount;
    }
    bench_report("money x rate, half-even (exact)", n, bench_now() - t0);

    int64_t m = bench_scaled(2000000);
    t0 = bench_now();
    char buf[CLM_MONEY_FORMAT_MAX];
    for (int64_t i = 0; i < m; i++) {
        price.amount = i * 37;
        if (clm_money_format(buf, sizeof buf, &price) < 0 || clm_money_parse(&part, buf) != 0)
            bench_check(-1, "money format/parse");
        bench_sink += part.amount;
    }
    bench_report("money format + parse round trip", m, bench_now() - t0);

    clm_calendar *ru;
    bench_check(clm_calendar_new_ru(&ru), "calendar");
    clm_date start, d;
    bench_check(clm_date_from_ymd(&start, 2025, 1, 1), "date");
    int64_t k = bench_scaled(1000000);
    t0 = bench_now();
    for (int64_t i = 0; i < k; i++) {
        if (clm_calendar_add_working_days(&d, ru, start + (clm_date)(i % 300), 10) != 0)
            bench_check(-1, "add working days");
        bench_sink += d;
    }
    bench_report("add 10 working days (RU calendar)", k, bench_now() - t0);
    t0 = bench_now();
    for (int64_t i = 0; i < k; i++) {
        if (clm_term_end(&d, ru, start + (clm_date)(i % 300), 30, CLM_TERM_DAYS) != 0)
            bench_check(-1, "term end");
        bench_sink += d;
    }
    bench_report("30-day term end, art. 191/193 (RU calendar)", k, bench_now() - t0);
    clm_calendar_free(ru);
}
