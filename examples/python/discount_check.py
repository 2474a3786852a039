#!/usr/bin/env python3
"""discount_check.py [--explain] POLICY.xml ORDER.xml

The Python twin of `discount-check` (without --prices and --role): prices an
order, says which rules gave each figure and who must approve it. Every
figure is libclm's; the output is the C example's, line for line.
Exit status as the C example's: 0 fine, 1 the acting role may not approve,
2 bad input, 3 no role of the ladder may approve."""

import argparse
import sys

import clm
from clm import discount as d

WORDS = {d.TraceKind.NOT_MATCHED: "not matched", d.TraceKind.EXCLUDED: "excluded",
         d.TraceKind.APPLIED: "applied", d.TraceKind.NO_EFFECT: "no effect",
         d.TraceKind.ADJUSTED: "adjusted"}


def print_trace(entries, explain):
    for t in entries:
        # without --explain: what changed the amount (rules, caps, rounding)
        changed = t.kind == d.TraceKind.APPLIED or (
            t.kind == d.TraceKind.ADJUSTED and t.amount.minor != 0
            and t.stage != d.Stage.BASE and t.name != "total")
        if not explain and not changed:
            continue
        amount = ""
        if t.amount.minor != 0:
            amount = ("+" + str(-t.amount)) if t.amount.minor < 0 else ("-" + str(t.amount))
        print(f"    {WORDS[t.kind]:<11} {t.name or '':<18} {amount:>16}  {t.reason or ''}")


def quantity(q):
    return f"{q:.0f}" if q == q.to_integral_value() else f"{q:.3f}"


def main(argv):
    ap = argparse.ArgumentParser(prog="discount_check.py")
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("policy")
    ap.add_argument("order")
    args = ap.parse_args(argv[1:])
    try:
        policy = d.Policy.load(args.policy)
        order = d.Order.load(args.order)
        doc = order.document()
        role = doc.role
        res = policy.compile().price(order)
    except clm.Error as e:
        print(f"discount_check.py: {e}", file=sys.stderr)
        return 2
    print(f"policy   {policy.name} ({policy.currency}, {policy.stacking} stacking, "
          f"{policy.rounding.name.lower().replace('_', '-')} rounding)")
    print(f"order    {order.id} of {doc.date}, client "
          f"{doc.client.id if doc.client else '(unknown)'}")
    for i, (line, lr) in enumerate(zip(doc.lines, res.lines)):
        print(f"\nline {i + 1}   {line.product} x {quantity(line.quantity)} at {lr.unit_price}")
        print(f"  base {lr.base}  discount {lr.discount}  net {lr.net}  ({lr.rate} off)")
        if lr.surcharge.minor != 0 or lr.capped.minor != 0:
            print(f"  surcharge {lr.surcharge}  given back by caps {lr.capped}")
        print_trace(res.trace(i), args.explain)
    t = res.totals
    print(f"\ntotal    base {t.base}  discount {t.discount}  net {t.net}  ({t.rate} off)")
    if t.surcharge.minor != 0 or t.capped.minor != 0:
        print(f"         surcharge {t.surcharge}  given back by caps {t.capped}")
    print_trace(res.document_trace, args.explain)
    if t.early_payment:
        e = t.early_payment
        print(f"terms    {e.rate} off ({e.amount}) if paid within {e.days} days, net "
              f"{e.net_days} days; not taking it costs {e.annual_cost} a year")
    ladder = policy.approval_ladder
    acting = (ladder.index(role) if role in ladder else None) if role else 0
    acting_name = role or (ladder[0] if ladder else "(none)")
    why = res.approval_why
    if not ladder:
        print("approval none needed (the policy has no approval ladder)")
    elif not t.approvable:
        print(f"approval REFUSED: no role of the ladder may approve it{': ' + why if why else ''}")
        return 3
    else:
        print(f"approval {res.approval or '(none)'}{': ' + why if why else ''}")
        if acting is None or acting < t.approval_step:
            print(f"acting   {acting_name}: NOT sufficient, {res.approval} must approve")
            return 1
        print(f"acting   {acting_name}: sufficient")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
