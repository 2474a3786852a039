#!/usr/bin/env python3
"""Prices order lines through the Python binding, in batches and one by
one, and prints lines per second beside the C engine's figure from the
same run (the same engine and documents, priced by a C loop).

  PYTHONPATH=build/bindings/python /usr/bin/python3 bench/python_pricing.py [--lines N]

N defaults to 1,000,000 lines (documents of 10 lines; batches of 100
documents). The policy is examples/data/loyalty-policy.xml. Every way
prices the same lines:

- C: clm_discount_engine_price_batch() in a C loop over documents
  converted once (the engine alone);
- Python batches: Engine.price_columns(), a batch's lines as columns
  (a list of product names, array('q') of quantities in thousandths and
  of prices and costs in minor units; one header Document for the
  client), reading each batch's net column and document totals back;
- the same from lists of int instead of arrays;
- Engine.price_batch() over Document objects of Line objects;
- one by one: Engine.price(document, trace=False) for each document.

C and the two column runs take turns in five slices of the rounds, so a
change in the machine's load falls on all three. Each is timed by the
clock and by the CPU time of the thread that prices (on a loaded machine
the clock also counts the time other processes had the CPU). The target
is Python batches at no less than half the C rate (by the clock)."""

import argparse
import datetime
import decimal
import os
import sys
import time
from array import array

import clm
from clm import discount as d

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TARGET = 0.5
SLICES = 5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=100, help="documents per batch")
    args = ap.parse_args()
    engine = d.Policy.load(os.path.join(ROOT, "examples/data/loyalty-policy.xml")).compile()
    client = d.Client("C-0042", categories=["key"], since=datetime.date(2020, 1, 1))
    price = clm.Money(decimal.Decimal("1999.99"), "RUB")
    cost = clm.Money(decimal.Decimal("1400.00"), "RUB")
    date = datetime.date(2026, 2, 10)
    doc = d.Document("RUB", date, [d.Line(f"SKU-{i}", 1 + i, price, unit_cost=cost)
                                   for i in range(10)], client=client)
    per_doc = len(doc.lines)
    ndocs = max(1, args.lines // per_doc)
    batch = [doc] * min(args.batch, ndocs)
    rounds = max(1, ndocs // len(batch))
    lines = rounds * len(batch) * per_doc

    # The batch as columns: the same lines, the header without lines.
    header = d.Document("RUB", date, [], client=client)
    products = [ln.product for ln in doc.lines] * len(batch)
    lists = dict(products=products,
                 quantity_thousandths=[int(ln.quantity * 1000) for ln in doc.lines] * len(batch),
                 unit_price_minor=[ln.unit_price.minor for ln in doc.lines] * len(batch),
                 unit_cost_minor=[ln.unit_cost.minor for ln in doc.lines] * len(batch))
    arrays = {k: (v if k == "products" else array("q", v)) for k, v in lists.items()}

    # The same figures every way, before timing anything.
    want = engine.price_batch(batch)
    got = engine.price_columns(header, lines_per_document=per_doc, **arrays)
    if list(got) != want or list(got.column("net")) != [ln.net.minor for ls, _ in want
                                                          for ln in ls]:
        print("python_pricing: price_columns and price_batch disagree", file=sys.stderr)
        return 1

    def timed(fn, *a):
        """(seconds, CPU seconds of this thread) that fn(*a) takes."""
        t, c = time.perf_counter(), time.thread_time()
        fn(*a)
        return time.perf_counter() - t, time.thread_time() - c

    def columns(cols, n):
        for _ in range(n):
            r = engine.price_columns(header, lines_per_document=per_doc, **cols)
            r.column("net")
            r.totals_column("net")

    def add(acc, x):
        return (acc[0] + x[0], acc[1] + x[1])

    # C and the column batches take turns in slices of the rounds, so that
    # a change in the machine's load falls on all of them.
    c = py_columns = py_lists = (0.0, 0.0)
    done = 0
    for s in range(SLICES):
        n = rounds // SLICES + (1 if s < rounds % SLICES else 0)
        if n:
            c = add(c, clm._clm._bench_c(engine._h, batch, n))
            py_columns = add(py_columns, timed(columns, arrays, n))
            py_lists = add(py_lists, timed(columns, lists, n))
            done += n
    assert done == rounds

    def documents(n):
        for _ in range(n):
            engine.price_batch(batch)

    def one_by_one(n):
        for _ in range(n):
            engine.price(doc, trace=False)

    py_docs = timed(documents, rounds)
    py_one = timed(one_by_one, rounds * len(batch))

    print(f"python_pricing: {lines} lines ({per_doc} per document, {len(batch)} documents "
          f"per batch), load {os.getloadavg()[0]:.1f}")
    print(f"  {'':30s} {'lines/s':>12s} {'seconds':>8s} {'of C':>5s}  {'CPU s':>6s} {'of C':>5s}")
    for name, (secs, cpu) in (("C price_batch", c),
                              ("Python batches (columns)", py_columns),
                              ("  the same from lists", py_lists),
                              ("Python price_batch(Documents)", py_docs),
                              ("Python one by one", py_one)):
        print(f"  {name:30s} {lines / secs:12,.0f} {secs:8.2f} {c[0] / secs:5.2f}  "
              f"{cpu:6.3f} {c[1] / cpu:5.2f}")
    ratio, cpu_ratio = c[0] / py_columns[0], c[1] / py_columns[1]
    print(f"  Python batches at {ratio:.2f} of the C rate, {cpu_ratio:.2f} by CPU time "
          f"(target >= {TARGET:.2f}: {'met' if ratio >= TARGET else 'NOT met'}); "
          f"one by one at {c[0] / py_one[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
