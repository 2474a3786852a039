/* bench_rows.h — rows shared by the storage benchmark groups. */
#ifndef CLM_BENCH_ROWS_H
#define CLM_BENCH_ROWS_H

#include <stdint.h>

/* Row i: id "<prefix><i, 7 digits>", a name, one of 50 managers, a state,
 * a category and a small JSON body. */
typedef struct bench_row {
    char id[24], name[40], manager[8], body[64];
    const char *state, *category;
    int body_len;
} bench_row;

void bench_row_make(bench_row *r, const char *prefix, int64_t i);

#endif
