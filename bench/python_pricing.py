#!/usr/bin/env python3
"""Prices order lines through the Python binding, in batches and one by
one, and prints lines per second beside the C engine's figure from the
same run (the same engine and documents, priced by a C loop).

  PYTHONPATH=build/bindings/python /usr/bin/python3 bench/python_pricing.py [--lines N]

N defaults to 1,000,000 lines (documents of 10 lines; batches of 100
documents). The policy is examples/data/loyalty-policy.xml."""

import argparse
import datetime
import decimal
import os
import sys
import time

import clm
from clm import discount as d

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=100, help="documents per batch")
    args = ap.parse_args()
    engine = d.Policy.load(os.path.join(ROOT, "examples/data/loyalty-policy.xml")).compile()
    client = d.Client("C-0042", categories=["key"], since=datetime.date(2020, 1, 1))
    price = clm.Money(decimal.Decimal("1999.99"), "RUB")
    cost = clm.Money(decimal.Decimal("1400.00"), "RUB")
    doc = d.Document("RUB", datetime.date(2026, 2, 10),
                     [d.Line(f"SKU-{i}", 1 + i, price, unit_cost=cost) for i in range(10)],
                     client=client)
    per_doc = len(doc.lines)
    ndocs = max(1, args.lines // per_doc)
    batch = [doc] * min(args.batch, ndocs)
    rounds = max(1, ndocs // len(batch))
    lines = rounds * len(batch) * per_doc

    c_seconds = clm._clm._bench_c(engine._h, batch, rounds)

    t = time.perf_counter()
    for _ in range(rounds):
        engine.price_batch(batch)
    py_batch = time.perf_counter() - t

    t = time.perf_counter()
    for _ in range(rounds * len(batch)):
        engine.price(doc, trace=False)
    py_one = time.perf_counter() - t

    load = os.getloadavg()[0]
    print(f"python_pricing: {lines} lines ({per_doc} per document, {len(batch)} documents "
          f"per batch), load {load:.1f}")
    for name, secs in (("C price_batch", c_seconds), ("Python price_batch", py_batch),
                       ("Python price, one by one", py_one)):
        print(f"  {name:26s} {lines / secs:12,.0f} lines/s  ({secs:.2f} s)")
    print(f"  Python batches at {c_seconds / py_batch:.2f} of the C rate, "
          f"one by one at {c_seconds / py_one:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
