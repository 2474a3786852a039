#!/usr/bin/env python3
"""credit_check.py POLICY.xml HISTORY.xml [--as-of YYYY-MM-DD] [--amount "X RUB"]
                   [--orders "X RUB"] [--revenue "X RUB"] [--statements S.xml] [--explain]

The Python twin of `credit-check`: a client's credit file in one screen
(the built-in models on its statements, the payment index, DSO, ageing,
the art. 266 reserve, the grade, the recommended and the resolved limit,
the credit check of a new order). Every figure is libclm's; the output and
the exit status are the C example's (0 allow, 1 warn, 2 block, 3 usage,
4 a file does not load)."""

import sys

import clm
from clm import credit

USAGE = """usage: credit_check.py POLICY.xml HISTORY.xml [--as-of YYYY-MM-DD]
                      [--amount "X RUB"] [--orders "X RUB"] [--revenue "X RUB"]
                      [--statements S.xml] [--explain]"""


def parse_args(argv):
    opts, files, explain = {}, [], False
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--explain":
            explain = True
        elif a in ("--amount", "--orders", "--revenue", "--statements", "--as-of") \
                and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 1
        elif not a.startswith("-") and len(files) < 2:
            files.append(a)
        else:
            return None
        i += 1
    return (files, opts, explain) if len(files) == 2 else None


def amount(opts, opt, currency):
    text = opts.get(opt)
    if text is None:
        return None
    try:
        m = clm.Money.parse(text)
    except clm.Error:
        m = None
    if m is None or m.currency != currency or m.amount < 0:
        raise SystemExit(f"credit_check.py: {opt} '{text}': need a non-negative amount in "
                         f"{currency}")
    return m


def print_models(stm, explain):
    bands = []
    for i, m in enumerate(stm.score_builtins()):
        if m.scored:
            p = f"  P {m.probability:.4f}" if m.probability is not None else ""
            print(f"models   {m.model:<28} score {m.score:9.4f}{p}  band {m.band} ({m.level})")
            bands.append(m.level)
            if explain:
                print(f"{m.explanation}inputs missing: none")
        elif m.model is None:
            print(f"models   model {i} cannot score: {m.why or '?'}")
        elif not m.missing:
            print(f"models   {m.model:<28} cannot score: {m.why or '?'}")
        else:
            lacks = ",".join(" the market value of equity" if n == m.LINE_MVE else f" line {n}"
                             for n in m.missing)
            print(f"models   {m.model:<28} cannot score: the statements lack{lacks}")
    return bands


def report(policy, hist, opts, explain):
    cur = policy.currency
    amt, orders, revenue = (amount(opts, o, cur) for o in ("--amount", "--orders", "--revenue"))
    as_of = hist.last_date
    if "--as-of" in opts:
        try:
            as_of = clm.parse_date(opts["--as-of"])
        except clm.Error as e:
            raise SystemExit(f"credit_check.py: --as-of '{opts['--as-of']}': {e.message}")
    name = f' "{hist.name}"' if hist.name else ""
    print(f"client   {hist.client_id}{name}, as of {as_of}")
    bands = []
    if "--statements" not in opts:
        print("models   no statements given (--statements): not part of this grade")
    else:
        try:
            stm = credit.Statements.load(opts["--statements"])
            bands = print_models(stm, explain)
        except clm.Error as e:
            print(f"credit_check.py: statements: {e.message}", file=sys.stderr)
            return 4

    st = hist.standing(as_of)
    if st.paydex is not None:
        print(f"payment  index {st.paydex} (PAYDEX-style, {st.paydex_experiences} experiences), "
              f"{st.days_beyond:.1f} days beyond terms (amount-weighted)")
    else:
        print(f"payment  index unavailable ({st.paydex_experiences} experiences; 3 needed)")
    positions = hist.positions(as_of)
    if explain:
        for p in positions:
            if p.experience:
                print(f"  {p.invoice_id:<12} due {p.due}  paid {p.paid}  open {p.open}  "
                      f"{p.days_beyond:.1f} days -> index {p.paydex:.1f}")
    dso = hist.dso(clm.add_days(as_of, -89), as_of)
    if dso.dso is not None:
        print(f"DSO      {dso.dso:.1f} days (receivables {dso.receivables} / sales {dso.sales} "
              f"over {dso.days} days)")
    else:
        print(f"DSO      undefined (no sales in the last {dso.days} days)")

    buckets, total = hist.ageing(as_of, policy)
    parts = []
    for k, b in enumerate(buckets):
        if k == 0:
            parts.append(f" current {b.amount} ({b.invoices})")
        elif k + 1 == len(buckets):
            parts.append(f" | over {b.from_days - 1} {b.amount} ({b.invoices})")
        else:
            parts.append(f" | {b.from_days}-{b.to_days} {b.amount} ({b.invoices})")
    print("ageing  " + "".join(parts))
    print(f"         open {total}, unapplied {st.unapplied}")
    if explain:
        for it in hist.due(as_of):
            print(f"  overdue {it.invoice_id:<12} {it.open} since {it.since}, "
                  f"{it.days_overdue} days (manager {it.manager or '-'})")
    if revenue is not None:
        try:
            rs = hist.reserve(as_of, policy, revenue)
            capped = ", capped at 10 % of revenue" if rs.capped else ""
            print(f"reserve  {rs.reserve} (art. 266: over 90 days {rs.over_90} in full, "
                  f"45-90 days {rs.from_45} at 50 %{capped})")
        except clm.Error:
            pass

    overdue = sum((p.open for p in positions if p.open.minor > 0 and as_of > p.due),
                  clm.Money.from_minor(0, cur))
    max_days = max([(as_of - p.due).days for p in positions
                    if p.open.minor > 0 and as_of > p.due] + [0])
    try:
        g = policy.grade(bands=bands, paydex=st.paydex, receivables=st.open, overdue=overdue,
                         tenure_days=st.tenure_days)
    except clm.Error as e:
        print(f"credit_check.py: grade: {e.message}", file=sys.stderr)
        return 4
    print(f"grade    {g.grade} (score {g.score:.3f} of 100)")
    if explain:
        for part in g.parts:
            if part.present:
                print(f"  {part.input:<8} score {part.score:7.3f}  weight {part.weight:3d}  "
                      f"contributes {part.contribution:7.3f}")
            else:
                print(f"  {part.input:<8} absent (its weight drops out)")

    try:
        rec = policy.recommend_limit(g.grade, net_worth=hist.net_worth,
                                     working_capital=hist.working_capital,
                                     monthly_sales=hist.monthly_sales)
        print(f"limit    recommended {rec.amount} ({rec.basis})")
        if explain:
            for basis, rate, base, amount_ in rec.terms:
                if basis == "fixed":
                    print(f"  {'fixed':<16} {amount_}")
                else:
                    print(f"  {basis:<16} {rate} of {base} = {amount_}")
    except clm.Error as e:
        print(f"limit    no recommendation: {e.message}")
    try:
        limit, source = policy.resolve_limit(hist.own_limit, hist.group)
    except clm.Error as e:
        print(f"limit    none in force: {e.message}")
        return 2 if amt is not None else 0
    print(f"limit    in force {limit} ({source})")
    if amt is None:
        return 0
    ck = policy.check(receivables=st.open, limit=limit, orders=orders, document=amt,
                      max_days_overdue=max_days)
    notes = {"over the limit": " (over the limit)", "near the limit": " (near the limit)",
             "overdue": f" (debt {max_days} days overdue)", "late": " (overdue debt)"}
    print(f"check    order {amt}: exposure {ck.exposure}, limit {ck.limit}, headroom "
          f"{ck.headroom} -> {ck.decision}" + "".join(notes[r] for r in ck.reasons))
    if explain:
        print(f"  exposure = receivables {ck.receivables} + orders {ck.orders} + this order "
              f"{ck.document}")
    return {"allow": 0, "warn": 1}.get(ck.decision, 2)


def main(argv):
    args = parse_args(argv)
    if args is None:
        print(USAGE, file=sys.stderr)
        return 3
    (policy_file, history_file), opts, explain = args
    try:
        policy = credit.Policy.load(policy_file)
    except clm.Error as e:
        print(f"credit_check.py: policy: {e.message}", file=sys.stderr)
        return 4
    try:
        hist = credit.History.load(history_file)
    except (clm.Error, ValueError) as e:
        print(f"credit_check.py: history: {getattr(e, 'message', e)}", file=sys.stderr)
        return 4
    if hist.currency != policy.currency:
        print(f"credit_check.py: the policy is in {policy.currency}, the history in "
              f"{hist.currency}", file=sys.stderr)
        return 4
    try:
        return report(policy, hist, opts, explain)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
