"""Credit (clm/credit.h, credit_policy.h, credit_history.h): a client's
standing from its history, the composite grade, recommended and resolved
limits, and the credit check. Every figure is libclm's."""

from __future__ import annotations

import datetime
import decimal
from typing import List, Optional, Sequence, Tuple

from . import _clm
from .core import Money, Rate


def _minor(m: Optional[Money], currency: str) -> Optional[int]:
    if m is None:
        return None
    if m.currency != currency:
        from .errors import CurrencyError
        raise CurrencyError(f"{m} is not in the policy's currency {currency}")
    return m.minor


class GradePart:
    __slots__ = ("input", "present", "weight", "score", "contribution")

    def __init__(self, t: tuple) -> None:
        self.input, present, self.weight, score, self.contribution = t
        self.present = bool(present)
        self.score = decimal.Decimal(score).scaleb(-3)   # milli-points -> points

    def to_dict(self) -> dict:
        return {"input": self.input, "present": self.present, "weight": self.weight,
                "score": str(self.score), "contribution": self.contribution}

    def __repr__(self) -> str:
        return f"GradePart({self.input}, score={self.score}, weight={self.weight})"


class Grade:
    """The composite grade (clm_credit_grade); `score` is in points (0-100),
    exact (libclm counts milli-points)."""

    __slots__ = ("grade", "index", "score", "parts")

    def __init__(self, t: tuple) -> None:
        self.grade, self.index, score, parts = t
        self.score = decimal.Decimal(score).scaleb(-3)
        self.parts = [GradePart(p) for p in parts]

    def to_dict(self) -> dict:
        return {"grade": self.grade, "index": self.index, "score": str(self.score),
                "parts": [p.to_dict() for p in self.parts]}

    def __repr__(self) -> str:
        return f"Grade({self.grade!r}, score={self.score})"


class Limit:
    """A recommended limit: the smallest of the policy's terms."""

    __slots__ = ("amount", "basis", "terms")

    def __init__(self, t: tuple, currency: str) -> None:
        amount, chosen, terms = t
        self.amount = Money.from_minor(amount, currency)
        self.terms = [(basis, Rate(rate), Money.from_minor(base, currency),
                       Money.from_minor(amt, currency)) for basis, rate, base, amt in terms]
        self.basis = self.terms[chosen][0]

    def to_dict(self) -> dict:
        return {"amount": self.amount.to_dict(), "basis": self.basis,
                "terms": [{"basis": b, "rate": str(r), "base": x.to_dict(), "amount": a.to_dict()}
                          for b, r, x, a in self.terms]}

    def __repr__(self) -> str:
        return f"Limit({self.amount}, {self.basis})"


class Check:
    """The credit check (clm_credit_check): allow, warn or block, and why."""

    REASONS = {1: "over the limit", 2: "near the limit", 4: "overdue", 8: "late"}
    __slots__ = ("decision", "reasons", "exposure", "receivables", "orders", "document",
                 "limit", "headroom")

    def __init__(self, t: tuple, currency: str) -> None:
        self.decision, bits = t[0], t[1]
        self.reasons = [text for bit, text in self.REASONS.items() if bits & bit]
        (self.exposure, self.receivables, self.orders, self.document, self.limit,
         self.headroom) = (Money.from_minor(v, currency) for v in t[2:])

    def to_dict(self) -> dict:
        return {s: (getattr(self, s).to_dict() if isinstance(getattr(self, s), Money)
                    else getattr(self, s)) for s in self.__slots__}

    def __repr__(self) -> str:
        return f"Check({self.decision}, exposure={self.exposure}, headroom={self.headroom})"


class Standing:
    """A client's position on a day, from its history (positions, due list,
    payment index)."""

    __slots__ = ("as_of", "open", "unapplied", "positions", "overdue", "max_days_overdue",
                 "tenure_days", "paydex", "paydex_experiences", "days_beyond")

    def to_dict(self) -> dict:
        out = {}
        for s in self.__slots__:
            v = getattr(self, s)
            out[s] = v.to_dict() if isinstance(v, Money) else (
                v.isoformat() if isinstance(v, datetime.date) else v)
        return out

    def __repr__(self) -> str:
        return (f"Standing(as of {self.as_of}: open {self.open}, overdue {self.overdue}, "
                f"paydex {self.paydex})")


class Position:
    """An invoice's position on a day (clm_credit_position)."""

    __slots__ = ("invoice_id", "manager", "issued", "due", "amount", "paid", "open",
                 "experience", "days_beyond", "paydex")

    def __init__(self, t: tuple, currency: str) -> None:
        (self.invoice_id, self.manager, self.issued, self.due, amount, paid, open_,
         experience, self.days_beyond, self.paydex) = t
        self.amount, self.paid, self.open = (Money.from_minor(v, currency)
                                             for v in (amount, paid, open_))
        self.experience = bool(experience)

    def to_dict(self) -> dict:
        return {s: (v.to_dict() if isinstance(v, Money) else
                    v.isoformat() if isinstance(v, datetime.date) else v)
                for s in self.__slots__ for v in [getattr(self, s)]}

    def __repr__(self) -> str:
        return f"Position({self.invoice_id}, due {self.due}, open {self.open})"


class Dso:
    """Days sales outstanding over a period (clm_credit_dso); `dso` is None
    when the period has no sales."""

    __slots__ = ("dso", "receivables", "sales", "days")

    def __init__(self, t: tuple, currency: str) -> None:
        defined, dso, receivables, sales, self.days = t
        self.dso = dso if defined else None
        self.receivables = Money.from_minor(receivables, currency)
        self.sales = Money.from_minor(sales, currency)

    def __repr__(self) -> str:
        return f"Dso({self.dso}, receivables {self.receivables}, sales {self.sales})"


class Bucket:
    """An ageing bucket: days past due from..to (None: open-ended)."""

    __slots__ = ("from_days", "to_days", "amount", "invoices")

    def __init__(self, t: tuple, currency: str) -> None:
        self.from_days, self.to_days, amount, self.invoices = t
        self.amount = Money.from_minor(amount, currency)

    def __repr__(self) -> str:
        return f"Bucket({self.from_days}..{self.to_days}: {self.amount}, {self.invoices})"


class DueItem:
    """An overdue invoice (clm_credit_due_item)."""

    __slots__ = ("invoice_id", "open", "since", "days_overdue", "manager")

    def __init__(self, t: tuple, currency: str) -> None:
        self.invoice_id, open_, self.since, self.days_overdue, self.manager = t
        self.open = Money.from_minor(open_, currency)

    def __repr__(self) -> str:
        return f"DueItem({self.invoice_id}, {self.open}, {self.days_overdue} days)"


class Reserve:
    """The reserve for doubtful debts (Tax Code art. 266 p. 4)."""

    __slots__ = ("reserve", "over_90", "from_45", "under_45", "cap", "capped")

    def __init__(self, t: tuple, currency: str) -> None:
        (self.reserve, self.over_90, self.from_45, self.under_45, self.cap) = (
            Money.from_minor(v, currency) for v in t[:5])
        self.capped = bool(t[5])

    def __repr__(self) -> str:
        return f"Reserve({self.reserve}, capped={self.capped})"


class ModelScore:
    """A built-in model on the client's statements: scored (score,
    probability, band, level, the explanation) or not (the statement lines
    it lacks, LINE_MVE for the market value of equity, and why)."""

    LINE_MVE = _clm.CLM_CREDIT_LINE_MVE
    __slots__ = ("scored", "model", "score", "probability", "band", "level", "explanation",
                 "missing", "why")

    def __init__(self, t: tuple) -> None:
        self.scored = bool(t[0])
        self.score = self.probability = self.band = self.level = self.explanation = None
        self.missing: List[int] = []
        self.why = None
        if self.scored:
            (_, self.model, self.score, self.probability, self.band, self.level,
             self.explanation) = t
        else:
            _, self.model, self.missing, self.why = t

    def __repr__(self) -> str:
        if self.scored:
            return f"ModelScore({self.model}, {self.score:.4f}, {self.band})"
        return f"ModelScore({self.model}, cannot score: {self.why})"


class Statements:
    """A client's financial statements (schema credit-statements)."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def load(cls, path: str) -> "Statements":
        return cls(_clm.credit_statements_load_file(path))

    def score_builtins(self) -> List[ModelScore]:
        """Every built-in model on these statements (clm_credit_score_builtins),
        without the GIL."""
        return [ModelScore(t) for t in _clm.credit_score_builtins(self._h)]


class History:
    """A client's credit history file (schema credit-history)."""

    def __init__(self, handle: object) -> None:
        self._h = handle
        (self.client_id, self.name, self.group, self.since, own, self.currency,
         self.last_date, nw, wc, ms) = _clm.credit_history_info(handle)
        cur = self.currency
        self.own_limit = Money.from_minor(own, cur) if own is not None else None
        self.net_worth = Money.from_minor(nw, cur) if nw is not None else None
        self.working_capital = Money.from_minor(wc, cur) if wc is not None else None
        self.monthly_sales = Money.from_minor(ms, cur) if ms is not None else None

    @classmethod
    def load(cls, path: str) -> "History":
        return cls(_clm.credit_history_load_file(path))

    def positions(self, as_of: Optional[datetime.date] = None) -> List[Position]:
        """The client's invoices settled as of a day (clm_credit_positions_new)."""
        cur = self.currency
        return [Position(t, cur) for t in
                _clm.credit_history_positions(self._h, as_of or self.last_date)]

    def dso(self, frm: datetime.date, to: datetime.date) -> Dso:
        return Dso(_clm.credit_history_dso(self._h, frm, to), self.currency)

    def ageing(self, as_of: datetime.date, policy: "Policy") -> Tuple[List[Bucket], Money]:
        """Open balances by days past due in the policy's buckets, and their total."""
        buckets, total = _clm.credit_history_ageing(self._h, as_of, policy._h)
        cur = self.currency
        return [Bucket(b, cur) for b in buckets], Money.from_minor(total, cur)

    def due(self, as_of: datetime.date) -> List[DueItem]:
        cur = self.currency
        return [DueItem(t, cur) for t in _clm.credit_history_due(self._h, as_of)]

    def reserve(self, as_of: datetime.date, policy: "Policy", revenue: Money,
                previous_revenue: Optional[Money] = None) -> Reserve:
        """The art. 266 reserve, rounded as the policy says."""
        cur = self.currency
        return Reserve(_clm.credit_history_reserve(
            self._h, as_of, policy._h, _minor(revenue, cur),
            _minor(previous_revenue, cur) or 0), cur)

    def standing(self, as_of: Optional[datetime.date] = None) -> Standing:
        on = as_of or self.last_date
        (open_, unapplied, n, overdue, max_days, tenure,
         (available, experiences, days_beyond, index)) = _clm.credit_history_standing(self._h, on)
        s = Standing()
        cur = self.currency
        s.as_of, s.positions, s.max_days_overdue, s.tenure_days = on, n, max_days, tenure
        s.open, s.unapplied = Money.from_minor(open_, cur), Money.from_minor(unapplied, cur)
        s.overdue = Money.from_minor(overdue, cur)
        s.paydex = index if available else None
        s.paydex_experiences, s.days_beyond = experiences, days_beyond
        return s


class Policy:
    """A credit policy (schema credit-policy)."""

    def __init__(self, handle: object) -> None:
        self._h = handle
        self.name, self.currency, self.grades = _clm.credit_policy_info(handle)

    @classmethod
    def load(cls, path: str) -> "Policy":
        return cls(_clm.credit_policy_load_file(path))

    def grade(self, *, bands: Sequence[str] = (), paydex: Optional[int] = None,
              receivables: Money, overdue: Money, tenure_days: Optional[int] = None) -> Grade:
        """The composite grade (clm_credit_grade_compute); `bands` are the
        models' bands by name ("safe", "grey", "distress")."""
        return Grade(_clm.credit_grade(self._h, list(bands), paydex,
                                       _minor(receivables, self.currency),
                                       _minor(overdue, self.currency), tenure_days))

    def grade_of(self, standing: Standing, bands: Sequence[str] = ()) -> Grade:
        """The grade from a client's standing."""
        return self.grade(bands=bands, paydex=standing.paydex, receivables=standing.open,
                          overdue=standing.overdue, tenure_days=standing.tenure_days)

    def recommend_limit(self, grade: str, *, net_worth: Optional[Money] = None,
                        working_capital: Optional[Money] = None,
                        monthly_sales: Optional[Money] = None) -> Limit:
        c = self.currency
        return Limit(_clm.credit_recommend_limit(self._h, grade, _minor(net_worth, c),
                                                 _minor(working_capital, c),
                                                 _minor(monthly_sales, c)), c)

    def resolve_limit(self, client_limit: Optional[Money] = None,
                      group: Optional[str] = None) -> Tuple[Money, str]:
        """The limit in force and where it comes from ("client", "group",
        "default")."""
        amount, source = _clm.credit_resolve_limit(self._h, _minor(client_limit, self.currency),
                                                   group)
        return Money.from_minor(amount, self.currency), source

    def check(self, *, receivables: Money, limit: Money, orders: Optional[Money] = None,
              document: Optional[Money] = None, max_days_overdue: int = 0) -> Check:
        c = self.currency
        return Check(_clm.credit_check(self._h, _minor(receivables, c),
                                       _minor(orders, c) or 0, _minor(document, c) or 0,
                                       max_days_overdue, _minor(limit, c)), c)

    def __repr__(self) -> str:
        return f"<clm.credit.Policy {self.name!r} {self.currency} grades={self.grades}>"
