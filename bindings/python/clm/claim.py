"""Claims (clm/claim.h, claim_store.h, claim_xml.h): registration through
a store with a gapless number, the workflow, deadlines by legal regime on
a working-day calendar, and penalties. Enumerated values are libclm's
names ("refund", "written", "under_assessment"); the enumerations below
list them."""

from __future__ import annotations

import datetime
import enum
from typing import Iterator, List, Optional, Sequence, Tuple

from . import _clm
from .core import Calendar, Money, Rate
from .store import Actor, Store


def _vocab(name: str, vocab: int) -> type:
    e = enum.Enum(name, {k.upper(): k for k in _clm.claim_vocab_names(vocab)})
    e.__doc__ = f"libclm's names of a claim's {name[5:].lower()} (the value is the name)."
    return e


ClaimState = _vocab("ClaimState", _clm.CLM_CLAIM_VOCAB_STATE)
ClaimForm = _vocab("ClaimForm", _clm.CLM_CLAIM_VOCAB_FORM)
ClaimChannel = _vocab("ClaimChannel", _clm.CLM_CLAIM_VOCAB_CHANNEL)
ClaimSubject = _vocab("ClaimSubject", _clm.CLM_CLAIM_VOCAB_SUBJECT)
ClaimDemand = _vocab("ClaimDemand", _clm.CLM_CLAIM_VOCAB_DEMAND)
ClaimOutcome = _vocab("ClaimOutcome", _clm.CLM_CLAIM_VOCAB_OUTCOME)


def _name(v: object) -> Optional[str]:
    return v.value if isinstance(v, enum.Enum) else v  # type: ignore[return-value]


class ClaimInfo:
    """What registers a claim (clm_claim_info). Enumerated fields take the
    enumerations above or libclm's names."""

    def __init__(self, *, client_id: str, manager: str, form: object, channel: object,
                 received: datetime.date, subject: object, demand: object, regime: str,
                 price: Optional[Money] = None, claimed: Optional[Money] = None,
                 direction: object = None, client_category: Optional[str] = None,
                 concerns: object = None, concerns_id: Optional[str] = None,
                 quality_check: bool = False, agreed_term: int = 0,
                 contract_rate: Optional[Rate] = None, contract_cap: Optional[Money] = None,
                 obligation_due: Optional[datetime.date] = None,
                 description: Optional[str] = None) -> None:
        self.client_id, self.manager, self.regime = client_id, manager, regime
        self.form, self.channel = _name(form), _name(channel)
        self.subject, self.demand = _name(subject), _name(demand)
        self.direction, self.concerns = _name(direction), _name(concerns)
        self.received, self.price, self.claimed = received, price, claimed
        self.client_category, self.concerns_id = client_category, concerns_id
        self.quality_check, self.agreed_term = int(quality_check), agreed_term
        self.contract_rate, self.contract_cap = contract_rate, contract_cap
        self.obligation_due, self.description = obligation_due, description

    @property
    def _clm_contract_rate(self) -> int:
        return self.contract_rate.ppm if self.contract_rate is not None else 0


class Regimes:
    """A set of claim regimes: the built-in "ru-consumer" and "ru-business",
    plus any read from XML (schema claim-regimes)."""

    CONSUMER = "ru-consumer"
    BUSINESS = "ru-business"

    def __init__(self) -> None:
        self._h = _clm.claim_regimes_new()

    def load(self, path: str) -> None:
        _clm.claim_regimes_load_file(self._h, path)

    @property
    def ids(self) -> List[str]:
        return [i for i, _ in _clm.claim_regimes_ids(self._h)]

    def __repr__(self) -> str:
        return f"<clm.claim.Regimes {self.ids}>"


class Deadlines:
    __slots__ = ("acknowledgement", "response", "resolution", "term_start", "paused_days",
                 "next")

    def __init__(self, t: tuple) -> None:
        (self.acknowledgement, self.response, self.resolution, self.term_start,
         self.paused_days, self.next) = t

    def to_dict(self) -> dict:
        return {s: (v.isoformat() if isinstance(v, datetime.date) else v)
                for s in self.__slots__ for v in [getattr(self, s)]}

    def __repr__(self) -> str:
        return "Deadlines(" + ", ".join(f"{s}={getattr(self, s)}" for s in self.__slots__) + ")"


class Penalty:
    __slots__ = ("amount", "days", "first_day", "last_day", "basis")

    def __init__(self, t: tuple) -> None:
        self.amount, self.days, self.first_day, self.last_day, self.basis = t

    def to_dict(self) -> dict:
        return {"amount": self.amount.to_dict() if self.amount else None, "days": self.days,
                "first_day": self.first_day.isoformat() if self.first_day else None,
                "last_day": self.last_day.isoformat() if self.last_day else None,
                "basis": self.basis}

    def __repr__(self) -> str:
        return f"Penalty({self.amount}, days={self.days}, {self.first_day}..{self.last_day})"


class Step:
    __slots__ = ("frm", "to", "what", "actor", "on", "note")

    def __init__(self, t: tuple) -> None:
        frm, to, self.what, user, role, at, self.on, self.note = t
        self.frm, self.to = ClaimState(frm), ClaimState(to)
        self.actor = Actor(user, role, at)

    def to_dict(self) -> dict:
        return {"from": self.frm.value, "to": self.to.value, "what": self.what,
                "actor": self.actor.to_dict(), "on": self.on.isoformat() if self.on else None,
                "note": self.note}

    def __repr__(self) -> str:
        return f"Step({self.what} {self.frm.value} -> {self.to.value} on {self.on})"


class Claim:
    """A claim (clm_claim)."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def register(cls, store: Store, info: ClaimInfo, regimes: Regimes, calendar: Calendar,
                 actor: Actor) -> "Claim":
        """Allocates the next number through the store and stores the claim
        (clm_claim_store_register)."""
        return cls(_clm.claim_register(store._h, info, regimes._h, calendar._h, actor))

    @classmethod
    def new(cls, number: str, info: ClaimInfo, regimes: Regimes) -> "Claim":
        return cls(_clm.claim_new(number, info, regimes._h))

    @classmethod
    def load(cls, store: Store, number: str) -> "Claim":
        return cls(_clm.claim_load(store._h, number))

    def save(self, store: Store, calendar: Calendar, actor: Actor,
             note: Optional[str] = None) -> int:
        return _clm.claim_save(store._h, self._h, calendar._h, actor, note)

    def _get(self) -> tuple:
        return _clm.claim_get(self._h)

    number = property(lambda self: self._get()[0])
    state = property(lambda self: ClaimState(self._get()[1]))
    handler = property(lambda self: self._get()[2])
    level = property(lambda self: self._get()[3])
    demand = property(lambda self: ClaimDemand(self._get()[4]))
    client_id = property(lambda self: self._get()[5])
    manager = property(lambda self: self._get()[6])
    regime = property(lambda self: self._get()[7])
    received = property(lambda self: self._get()[8])
    price = property(lambda self: self._get()[9])
    claimed = property(lambda self: self._get()[10])
    stored_version = property(lambda self: self._get()[11])

    def move(self, to: object, actor: Actor, on: datetime.date,
             note: Optional[str] = None) -> None:
        """A workflow transition; StateError if the table forbids it."""
        _clm.claim_move(self._h, _name(to), actor, on, note)

    def decide(self, outcome: object, granted: Optional[Money], reasons: str, actor: Actor,
               on: datetime.date) -> None:
        _clm.claim_decide(self._h, _name(outcome), granted, reasons, actor, on)

    def inform(self, channel: object, text: str, actor: Actor, on: datetime.date) -> None:
        _clm.claim_inform(self._h, _name(channel), text, actor, on)

    def steps(self) -> Iterator[Step]:
        return (Step(t) for t in _clm.claim_steps(self._h))

    def deadlines(self, calendar: Calendar, on: datetime.date) -> Deadlines:
        return Deadlines(_clm.claim_deadlines(self._h, calendar._h, on))

    def penalty(self, calendar: Calendar, satisfied_on: datetime.date,
                key_rates: Optional[Sequence[Tuple[datetime.date, Rate]]] = None) -> Penalty:
        """The penalty (or key-rate interest) owed if satisfied on that day
        (clm_claim_penalty)."""
        rates = None if key_rates is None else [(d, r.ppm) for d, r in key_rates]
        return Penalty(_clm.claim_penalty(self._h, calendar._h, satisfied_on, rates))

    def to_dict(self) -> dict:
        (number, state, handler, level, demand, client, manager, regime, received, price,
         claimed, version) = self._get()
        return {"number": number, "state": state, "handler": handler, "level": level,
                "demand": demand, "client_id": client, "manager": manager, "regime": regime,
                "received": received.isoformat() if received else None,
                "price": price.to_dict() if price else None,
                "claimed": claimed.to_dict() if claimed else None, "stored_version": version}

    def __repr__(self) -> str:
        t = self._get()
        return f"<clm.claim.Claim {t[0]!r} {t[1]} {t[4]}>"

    def close(self) -> None:
        self._h.close()
