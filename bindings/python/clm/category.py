"""Category policies (clm/category.h, clm/category_client.h): named rules
over a client's facts put it in categories; libclm evaluates them (many
clients at once without the GIL), applies the result to a client with the
rule that gave each category, and checks manual assignment by role."""

from __future__ import annotations

import datetime
from typing import Dict, List, Optional, Sequence, Tuple

from . import _clm
from .client import Client
from .core import Money
from .store import Actor

_ABC, _XYZ = _clm.category_abc_xyz_names()


class Facts:
    """One client's facts (clm_category_facts); None means unknown, except
    turnover and margin, which are 0 in the policy's currency when not
    given (libclm always knows them: 0 without sales)."""

    __slots__ = ("id", "turnover", "margin", "client_since", "last_purchase", "abc", "xyz",
                 "rfm", "risk_class", "region", "legal_type", "state")

    def __init__(self, id: Optional[str] = None, *, turnover: Optional[Money] = None,
                 margin: Optional[Money] = None, client_since: Optional[datetime.date] = None,
                 last_purchase: Optional[datetime.date] = None, abc: Optional[str] = None,
                 xyz: Optional[str] = None, rfm: Optional[Tuple[int, int, int]] = None,
                 risk_class: Optional[str] = None, region: Optional[str] = None,
                 legal_type: Optional[str] = None, state: Optional[str] = None) -> None:
        self.id, self.turnover, self.margin = id, turnover, margin
        self.client_since, self.last_purchase = client_since, last_purchase
        self.abc, self.xyz, self.rfm = abc, xyz, rfm
        self.risk_class, self.region, self.legal_type, self.state = risk_class, region, legal_type, state

    @classmethod
    def from_client(cls, client: Client, **more: object) -> "Facts":
        """What the client record knows (id, risk class, region, legal type,
        state, dates), plus the figures given here (turnover=..., abc=...)."""
        (id, risk, region, legal, state, since, last, abc, xyz) = \
            _clm.category_facts_from_client(client._h)
        f = cls(id, client_since=since, last_purchase=last, risk_class=risk, region=region,
                legal_type=legal, state=state)
        for k, v in more.items():
            setattr(f, k, v)
        return f

    @property
    def _clm_tuple(self) -> tuple:
        currencies = {m.currency for m in (self.turnover, self.margin) if m is not None}
        if len(currencies) > 1:
            from .errors import CurrencyError
            raise CurrencyError("turnover and margin in different currencies")
        r, f, m = self.rfm or (0, 0, 0)
        return (currencies.pop() if currencies else None,
                self.turnover.minor if self.turnover is not None else 0,
                self.margin.minor if self.margin is not None else 0,
                self.client_since, self.last_purchase,
                _ABC[self.abc] if self.abc else 0, _XYZ[self.xyz] if self.xyz else 0, r, f, m)

    def __repr__(self) -> str:
        known = ", ".join(f"{s}={getattr(self, s)!r}" for s in self.__slots__[1:]
                          if getattr(self, s) is not None)
        return f"Facts({self.id!r}{', ' if known else ''}{known})"


class Result:
    """A client's categories: each category the rules put it in, with the
    rule that did (the first in policy order)."""

    __slots__ = ("categories", "_row")

    def __init__(self, row: List[Optional[int]], policy: "Policy") -> None:
        self._row = row
        self.categories: Dict[str, str] = {
            policy.categories[c]: policy.rules[j][0] for c, j in enumerate(row) if j is not None}

    def to_dict(self) -> dict:
        return dict(self.categories)

    def __repr__(self) -> str:
        return f"Result({self.categories})"


class Policy:
    """A category policy (schema category-policy)."""

    def __init__(self, handle: object) -> None:
        self._h = handle
        self.name, self.currency, self.categories, self.rules = _clm.category_policy_info(handle)

    @classmethod
    def load(cls, path: str) -> "Policy":
        return cls(_clm.category_policy_load_file(path))

    def evaluate(self, facts: Facts, as_of: datetime.date) -> Result:
        return Result(_clm.category_evaluate(self._h, [facts], as_of)[0], self)

    def evaluate_many(self, facts: Sequence[Facts], as_of: datetime.date) -> List[Result]:
        """Every client at once (clm_category_policy_evaluate_batch), without
        the GIL; all facts are checked before any result is given."""
        return [Result(row, self) for row in _clm.category_evaluate(self._h, list(facts), as_of)]

    def apply(self, client: Client, actor: Actor, result: Result) -> int:
        """Brings the client's categories in line with the result; returns
        how many were added or removed (clm_category_policy_apply)."""
        return _clm.category_apply(client._h, actor, self._h, result._row)

    def assign(self, client: Client, actor: Actor, category: str, note: str, *,
               remove: bool = False) -> None:
        """Assigns (or removes) a category by hand; PermissionDenied when
        the actor's role may not."""
        _clm.category_assign(client._h, actor, self._h, category, not remove, note)

    def __repr__(self) -> str:
        return f"<clm.category.Policy {self.name!r} categories={self.categories}>"
