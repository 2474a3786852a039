#!/usr/bin/env python3
"""offer_flow.py [--sqlite FILE] [--xml FILE] [--html FILE] DATA-DIR

The Python twin of `offer-flow`: an offer for a wholesale client priced
through the engine with the price book, approved by the head of
department, credit-checked, sent (term of acceptance on the Russian
working-day calendar, Civil Code art. 441), countered by the client
(art. 443), accepted; the contract's protocol of disagreements settled and
the contract concluded; both stored and read back. Every figure is
libclm's; the output is the C example's, line for line."""

import datetime
import os
import sys

import clm
from clm import credit, discount
from clm import offer as of


def day(text):
    return clm.parse_date(text)


def act(user, role, d):
    """The actor at 10:00 UTC on day d."""
    return clm.Actor(user, role, (d - datetime.date(1970, 1, 1)).days * 86400 + 10 * 3600)


def show_pricing(o):
    for i, (line, price) in enumerate(zip(o.lines, o.line_prices), 1):
        print(f"  line {i} {line.product:<9} base {price.result.base}  net {price.result.net}")
        for e in o.trace(i - 1):
            if e.kind == discount.TraceKind.APPLIED:
                print(f"    {e.name}: {e.reason}")
    print(f"  total net {o.totals.net}")


def parse_args(argv):
    opts, data = {"--sqlite": None, "--xml": None, "--html": None}, None
    i = 1
    while i < len(argv):
        if argv[i] in opts and i + 1 < len(argv):
            opts[argv[i]] = argv[i + 1]
            i += 1
        elif data is None and not argv[i].startswith("-"):
            data = argv[i]
        else:
            return opts, None
        i += 1
    return opts, data


def flow(opts, data):
    policy = discount.Policy.load(os.path.join(data, "wholesale-policy.xml"))
    book = discount.PriceSet.load(os.path.join(data, "price-lists.xml")).compile(policy)
    engine = policy.compile(book)
    cpolicy = credit.Policy.load(os.path.join(data, "credit-policy.xml"))
    ru = clm.Calendar.russia()

    # 1. the offer, priced
    prep, send = day("2026-02-02"), day("2026-02-03")
    manager, head = act("ivanov", "manager", prep), act("petrova", "head_of_department", prep)
    info = of.OfferInfo("O-2026-001", "C-042", "ivanov", "RUB", prep,
                        prepayment=clm.Rate(clm.Rate.ONE), delivery="FCA Moscow warehouse",
                        delivery_days=5)
    offer = of.Offer.new(info, manager)
    offer.add_line(of.OfferLine("CEM-M500", 600, group="cement"))
    offer.add_line(of.OfferLine("BRK-RED", 1200, group="bricks"))
    client = discount.Client("C-042", legal_type="legal_entity", categories=["wholesale"])
    pricing = of.Pricing(engine, client, book=book, policy_version="2026-01")
    offer.price(manager, pricing)
    print(f"offer {info.id} for {info.client_id}, priced by {policy.name} "
          f"(policy {pricing.policy_version}):")
    show_pricing(offer)

    # 2. approval and the credit check
    role, why, _ = offer.approval_required
    print(f"approval: {role or 'none'} ({why or 'within the ladder'})")
    cr = of.Credit(cpolicy, receivables=clm.Money("400000.00", "RUB"),
                   limit=clm.Money("5000000.00", "RUB"))
    offer.submit(manager, cr)
    print(f"submitted by the manager: {offer.state.value}")
    offer.approve(head, cr, "a volume client")
    print(f"approved by {head.user}; credit check: {offer.credit_records[-1].check.decision}")

    # 3. sent; the client answers on other terms
    rules = of.Rules()
    offer.send(act("ivanov", "manager", send), rules, ru, cr)
    print(f"sent; term of acceptance to {offer.accept_by} "
          f"(art. 441: {rules.reasonable_days} working days)")
    answer = day("2026-02-05")
    mgr5 = act("ivanov", "manager", answer)
    counter = offer.counter_draft("O-2026-001-C", mgr5)
    terms = counter.info
    terms.prepayment, terms.deferral_days = clm.Rate(0), 14
    counter.set_terms(terms)
    counter.price(mgr5, pricing)
    offer.counter(counter, mgr5, answer, rules, ru)
    print(f"the client answers with a 14-day deferral: {info.id} is {offer.state.value} "
          f"(art. 443), counter-offer {counter.id}")
    show_pricing(counter)
    head5 = act("petrova", "head_of_department", answer)
    counter.accept(head5, of.Acceptance(answer, answer), rules, ru, cr)
    print("counter-offer accepted by the head of department")

    # 4. the contract, its protocol of disagreements, conclusion
    contract = of.Contract.from_offer(counter, "K-2026-017", mgr5)
    received = day("2026-02-09")
    k = contract.dispute(act("ivanov", "manager", received),
                         "penalty 0.05 % of the unpaid amount per day", received, clause="5.2",
                         draft="penalty 0.1 % of the unpaid amount per day")
    head10 = act("petrova", "head_of_department", day("2026-02-10"))
    contract.answer(head10, k, "penalty 0.07 % per day, at most 10 %")
    contract.settle(head10, k, of.Settlement.ANSWER, "agreed by phone")
    contract.agree(head10)
    contract.conclude(head10, day("2026-02-10"))
    print(contract.protocol_text(), end="")
    print(f"contract {contract.id} {contract.state.value}; confirmed, not invoiced: "
          f"{contract.uninvoiced}")

    # 5. the store, and the XML
    sqlite = opts["--sqlite"]
    if sqlite is not None:
        # the same ids every run: start from an empty database
        for f in (sqlite, sqlite + "-wal", sqlite + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        st = clm.Store.sqlite(sqlite)
    else:
        st = clm.Store.memory()
    with st:
        offer.save(st, mgr5, "countered")
        counter.save(st, head5, "accepted")
        contract.save(st, head10, "concluded")
        back, kback = of.Offer.load(st, counter.id), of.Contract.load(st, contract.id)
    same = back == counter and kback == contract
    print(f"stored in {'SQLite' if sqlite else 'memory'} and read back: "
          f"offer {'equal' if back == counter else 'DIFFERENT'}, "
          f"contract {'equal' if kback == contract else 'DIFFERENT'}")
    status = 0 if same else 1
    for what, path, text in (("offer XML", opts["--xml"], lambda: counter.to_xml()),
                             ("offer document", opts["--html"],
                              lambda: offer.document(html=True).encode())):
        if path is None:
            continue
        try:
            with open(path, "wb") as f:
                f.write(text())
        except OSError as e:
            print(f"{path}: {e.strerror}", file=sys.stderr)
            status = 1
        print(f"{what} written to {path}")
    return status


def main(argv):
    opts, data = parse_args(argv)
    if data is None:
        print("usage: offer_flow.py [--sqlite FILE] [--xml FILE] [--html FILE] DATA-DIR",
              file=sys.stderr)
        return 2
    try:
        return flow(opts, data)
    except clm.Error as e:
        print(f"offer_flow.py: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
