/*
 * bench.h — the benchmark driver's helpers. Each module adds one group:
 * a function in bench/bench_<module>.c, listed in clm-bench.c's table.
 */
#ifndef CLM_BENCH_H
#define CLM_BENCH_H

#include <stdint.h>

/* Seconds from a monotonic clock (CLOCK_MONOTONIC). */
double bench_now(void);
/* Seconds of CPU this process has used (CLOCK_PROCESS_CPUTIME_ID): on a
 * shared, loaded machine what an operation costs, beside the wall clock. */
double bench_cpu_now(void);
/* Prints "name: N ops in S s = X ops/s, Y ns/op". */
void bench_report(const char *name, int64_t ops, double seconds);
/* Prints "name: value unit" for a figure that is not a rate. */
void bench_figure(const char *name, double value, const char *unit);
/* The median of t[0..n-1] (sorts t in place); n >= 1. */
double bench_median(double *t, int n);
/* Aborts the run with a message if rc != 0 (a benchmark must not time errors). */
void bench_check(int rc, const char *what);
/* Keeps the optimiser from discarding a result. */
extern volatile int64_t bench_sink;

/* Scale factor from the command line (--scale F, default 1.0): lets CI run
 * the same cases on smaller inputs. Groups multiply their sizes by it. */
extern double bench_scale;
int64_t bench_scaled(int64_t n);

/* A SQLite database in a fresh temporary folder, for the groups that time
 * the SQLite backend. bench_tmpdb_make() makes the folder and names the
 * file (0; -1 with a message if no folder can be made);
 * bench_tmpdb_remove() deletes the file, its WAL and shared-memory files
 * and the folder. bench_remove_db() deletes a database file and its WAL
 * and shared-memory files. */
typedef struct bench_tmpdb {
    char dir[64];
    char path[96];
} bench_tmpdb;
int bench_tmpdb_make(bench_tmpdb *t, const char *group);
void bench_tmpdb_remove(bench_tmpdb *t);
void bench_remove_db(const char *path);

/* Groups. */
void bench_core(void);
void bench_client(void);
void bench_store(void);
void bench_postgres(void);
void bench_discount(void);
void bench_discount_explained(void);
void bench_discount_count(void);
void bench_discount_xml(void);
void bench_price(void);
void bench_segment(void);
void bench_client_store(void);
void bench_credit_models(void);
void bench_credit(void);
void bench_credit_check(void);
void bench_claim(void);
void bench_claim_due(void);
void bench_store_memory(void);
void bench_client_lookup(void);
void bench_offer(void);

#endif
