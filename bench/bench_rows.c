/* bench_rows.c — the client rows the storage benchmarks write, the same
 * for libclm and for the raw-driver side of each comparison. */
#include "bench_rows.h"

#include <stdio.h>

static const char *const states[] = { "potential", "new", "regular", "key", "inactive" };
static const char *const cats[] = { "A", "B", "C" };

void bench_row_make(bench_row *r, const char *prefix, int64_t i)
{
    snprintf(r->id, sizeof r->id, "%s%07lld", prefix, (long long)i);
    snprintf(r->name, sizeof r->name, "Client %lld LLC", (long long)i);
    snprintf(r->manager, sizeof r->manager, "m%02d", (int)(i % 50));
    r->state = states[i % 5];
    r->category = cats[i % 3];
    r->body_len = snprintf(r->body, sizeof r->body, "{\"inn\":\"77%08lld\",\"region\":%d}",
                           (long long)i, (int)(i % 89));
}
