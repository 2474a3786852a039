/*
 * clm-bench — libclm's benchmarks. Not run by `meson test`.
 *
 *   clm-bench [--scale F] [GROUP ...]     (no group: all of them)
 *   clm-bench --help                      (the usage and the groups)
 *
 * Each case times operations with CLOCK_MONOTONIC and prints operations per
 * second and nanoseconds per operation. Where a case compares two things it
 * measures both in the same run and prints their ratio.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile int64_t bench_sink;
double bench_scale = 1.0;

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_report(const char *name, int64_t ops, double seconds)
{
    if (seconds <= 0)
        seconds = 1e-9;
    printf("%-48s %12lld ops in %8.4f s = %14.0f ops/s, %10.1f ns/op\n", name,
           (long long)ops, seconds, (double)ops / seconds, seconds * 1e9 / (double)ops);
    fflush(stdout);
}

void bench_figure(const char *name, double value, const char *unit)
{
    printf("%-48s %14.4f %s\n", name, value, unit);
    fflush(stdout);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n / 2];
}

void bench_check(int rc, const char *what)
{
    if (rc != 0) {
        fprintf(stderr, "clm-bench: %s failed with %d\n", what, rc);
        exit(1);
    }
}

int64_t bench_scaled(int64_t n)
{
    int64_t s = (int64_t)((double)n * bench_scale);
    return s < 1 ? 1 : s;
}

void bench_remove_db(const char *path)
{
    char buf[128];
    unlink(path);
    snprintf(buf, sizeof buf, "%s-wal", path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", path);
    unlink(buf);
}

int bench_tmpdb_make(bench_tmpdb *t, const char *group)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/clm-bench-%s-XXXXXX", group);
    if (mkdtemp(t->dir) == NULL) {
        perror("clm-bench: mkdtemp");
        return -1;
    }
    snprintf(t->path, sizeof t->path, "%s/clm.db", t->dir);
    return 0;
}

void bench_tmpdb_remove(bench_tmpdb *t)
{
    bench_remove_db(t->path);
    rmdir(t->dir);
}

static const struct {
    const char *name;
    void (*run)(void);
} groups[] = {
    { "core", bench_core },
    { "client", bench_client },
    { "store", bench_store },
    { "postgres", bench_postgres },
    { "discount", bench_discount },
    { "discount-explained", bench_discount_explained },
    { "discount-count", bench_discount_count },
    { "discount-xml", bench_discount_xml },
    { "price", bench_price },
    { "segment", bench_segment },
    { "client-store", bench_client_store },
    { "client-lookup", bench_client_lookup },
    { "credit-models", bench_credit_models },
    { "credit", bench_credit },
    { "credit-check", bench_credit_check },
    { "claim", bench_claim },
    { "claim-due", bench_claim_due },
    { "store-memory", bench_store_memory },
    { "offer", bench_offer },
};

int main(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: clm-bench [--scale F] [GROUP ...]\n"
               "Runs the named groups (all without one); --scale multiplies their sizes.\n"
               "bench/baseline.sh COMMIT measures a group against an older library.\n"
               "groups:");
        for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
            printf(" %s", groups[g].name);
        printf("\n");
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "--scale") == 0) {
        bench_scale = atof(argv[2]);
        if (bench_scale <= 0) {
            fprintf(stderr, "clm-bench: --scale needs a positive number\n");
            return 2;
        }
        first = 3;
    }
    size_t n = sizeof groups / sizeof groups[0];
    for (int i = first; i < argc; i++) {
        size_t g = 0;
        while (g < n && strcmp(groups[g].name, argv[i]) != 0)
            g++;
        if (g == n) {
            fprintf(stderr, "clm-bench: unknown group '%s'; groups:", argv[i]);
            for (g = 0; g < n; g++)
                fprintf(stderr, " %s", groups[g].name);
            fprintf(stderr, "\n");
            return 2;
        }
    }
    for (size_t g = 0; g < n; g++) {
        int wanted = first >= argc;
        for (int i = first; i < argc; i++)
            wanted |= strcmp(groups[g].name, argv[i]) == 0;
        if (wanted) {
            printf("== %s\n", groups[g].name);
            groups[g].run();
        }
    }
    return 0;
}
