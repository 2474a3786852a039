/*
 * bench_discount_hand.h — the discount group's hand-written baseline: the
 * 20 rules of the group's 20-rule policy (make_policy(20) in
 * bench_discount.c) applied to documents by plain C, with no engine, no
 * index and no policy object. It is what the engine's batch pricing is
 * measured against; the group checks, before it times anything, that it
 * gives exactly the engine's figures on every line and document of the
 * workload.
 */
#ifndef CLM_BENCH_DISCOUNT_HAND_H
#define CLM_BENCH_DISCOUNT_HAND_H

#include <stddef.h>

#include "clm/clm.h"

/* Prices n documents into lines (the documents' lines one after the
 * other) and totals[k], as clm_discount_engine_price_batch() does with
 * the 20-rule policy; the documents are the bench's (whole units, prices
 * and costs in RUB, one client category, no role, no manual discount).
 * Returns 0. */
int bench_discount_hand_batch(clm_discount_line_result *lines, clm_discount_totals *totals,
                              const clm_discount_document *docs, size_t n);

#endif
