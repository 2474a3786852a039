#!/usr/bin/env python3
"""claim_desk.py claim RECEIVED DEMAND "PRICE" [SATISFIED]

The Python twin of `claim-desk claim`: registers one consumer's claim,
prints its deadline by the consumer protection law on the Russian
production calendar and, given the day it was satisfied, the penalty.
Every figure is libclm's; the output is the C example's, line for line."""

import sys

import clm
from clm import claim as cl


def main(argv):
    if len(argv) not in (5, 6) or argv[1] != "claim":
        print('usage: claim_desk.py claim RECEIVED DEMAND "PRICE" [SATISFIED]', file=sys.stderr)
        return 2
    try:
        received = clm.parse_date(argv[2])
        demand = cl.ClaimDemand(argv[3])
        price = clm.Money.parse(argv[4])
        satisfied = clm.parse_date(argv[5]) if len(argv) == 6 else None
        ru, regimes, who = clm.Calendar.russia(), cl.Regimes(), clm.Actor("ivanov", "manager", 0)
        with clm.Store.memory() as st:
            c = cl.Claim.register(st, cl.ClaimInfo(
                client_id="C-0001", manager="ivanov", form=cl.ClaimForm.WRITTEN,
                channel=cl.ClaimChannel.EMAIL, received=received,
                subject=cl.ClaimSubject.QUALITY_DEFECT, demand=demand, price=price,
                claimed=price, regime=cl.Regimes.CONSUMER), regimes, ru, who)
            due = c.deadlines(ru, received).resolution
            day = lambda d: clm.weekday(d).name.capitalize()  # noqa: E731
            print(f"claim:     {c.number}, {demand.value} of goods priced {price}, "
                  f"received {received} ({day(received)})")
            print(f"regime:    RU consumer protection law (art. 20-22), calendar {ru.name}")
            print(f"deadline:  {due} ({day(due)}), until 24:00 (Civil Code art. 191-194)")
            if satisfied is not None:
                p = c.penalty(ru, satisfied)
                late = f" ({p.first_day} .. {p.last_day})" if p.days > 0 else ""
                print(f"satisfied: {satisfied}: {p.days} day(s) late{late}")
                print(f"penalty:   {p.amount} (1 % of the price a day, consumer law art. 23; half-up)")
    except (clm.Error, ValueError) as e:
        print(f"claim_desk.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
