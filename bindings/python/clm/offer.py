"""Offers and contracts (clm/offer.h, contract.h, offer_store.h, offer_xml.h,
offer_document.h): an offer priced by the discount engine, approved along
the policy's ladder, credit-checked, sent, countered or accepted under the
Civil Code's rules (art. 435-443), and the contract made from it with its
protocol of disagreements, special terms and execution. Enumerated values
are libclm's names ("awaiting-approval", "client-wording"); the
enumerations below list them. Every figure is libclm's."""

from __future__ import annotations

import datetime
import decimal
import enum
from typing import Iterator, List, Optional, Tuple, Union

from . import _clm
from .core import Calendar, Money, Rate
from .credit import Check, Policy as CreditPolicy
from .discount import Client, Engine, Line, LineResult, PriceBook, Totals, TraceEntry, _Plain
from .store import Actor, Store


def _vocab(name: str, vocab: int, doc: str) -> type:
    e = enum.Enum(name, {k.upper().replace("-", "_"): k for k in _clm.offer_vocab_names(vocab)})
    e.__doc__ = f"libclm's names of {doc} (the value is the name)."
    return e


OfferState = _vocab("OfferState", 0, "an offer's states")
Stage = _vocab("Stage", 1, "the stages a credit check runs at")
PriceSource = _vocab("PriceSource", 2, "where a line's price came from")
Verdict = _vocab("Verdict", 3, "what the law makes of an acceptance")
ContractState = _vocab("ContractState", 4, "a contract's states")
Settlement = _vocab("Settlement", 5, "where a disagreement stands")
SpecialKind = _vocab("SpecialKind", 6, "special terms' kinds")


def _name(v: object) -> Optional[str]:
    return v.value if isinstance(v, enum.Enum) else v  # type: ignore[return-value]


class _NoRuleIds:
    """An offer keeps the trace's rule names, not the policy's rule ids."""

    def __getitem__(self, i: int) -> None:
        return None


_NO_IDS = _NoRuleIds()


class Delegations:
    """Who acts for a manager on which days (clm_delegations): approvals
    and refusals on a principal's behalf go through it."""

    def __init__(self) -> None:
        self._h = _clm.delegations_new()

    def add(self, manager: str, deputy: str, first: datetime.date, last: datetime.date) -> None:
        """deputy acts for manager from first to last (Exists: an overlap)."""
        _clm.delegations_add(self._h, manager, deputy, first, last)

    def remove(self, manager: str, first: datetime.date) -> None:
        _clm.delegations_remove(self._h, manager, first)

    def periods(self) -> List[Tuple[str, str, datetime.date, datetime.date]]:
        return _clm.delegations_periods(self._h)

    def acting(self, manager: str, on: datetime.date) -> str:
        """Who acts for the manager that day: the deputy, or the manager."""
        return _clm.delegations_acting(self._h, manager, on)

    def __repr__(self) -> str:
        return f"<clm.offer.Delegations {len(self.periods())} periods>"


# ---- what an offer is made of ---------------------------------------------

class OfferInfo(_Plain):
    """What an offer is created with, and its terms (clm_offer_info).
    `accept_by` None: the reasonable term of the rules (art. 441)."""

    __slots__ = ("id", "client_id", "manager", "currency", "date", "from_client", "prepayment",
                 "deferral_days", "delivery", "delivery_days", "accept_by", "revocable")

    def __init__(self, id: str, client_id: str, manager: str, currency: str,
                 date: datetime.date, *, from_client: bool = False,
                 prepayment: Optional[Rate] = None, deferral_days: int = 0,
                 delivery: Optional[str] = None, delivery_days: int = 0,
                 accept_by: Optional[datetime.date] = None, revocable: bool = False) -> None:
        self.id, self.client_id, self.manager, self.currency = id, client_id, manager, currency
        self.date, self.from_client = date, from_client
        self.prepayment = prepayment if prepayment is not None else Rate(0)
        self.deferral_days, self.delivery, self.delivery_days = deferral_days, delivery, delivery_days
        self.accept_by, self.revocable = accept_by, revocable

    def _clm(self) -> tuple:
        return (self.id, self.client_id, self.manager, self.currency, self.date,
                bool(self.from_client), self.prepayment.ppm, self.deferral_days, self.delivery,
                self.delivery_days, self.accept_by, bool(self.revocable))

    @classmethod
    def _of(cls, t: tuple) -> "OfferInfo":
        (id, client, manager, cur, date, from_client, prepay, deferral, delivery, ddays,
         accept_by, revocable) = t
        return cls(id, client, manager, cur, date, from_client=bool(from_client),
                   prepayment=Rate(prepay), deferral_days=deferral, delivery=delivery,
                   delivery_days=ddays, accept_by=accept_by, revocable=bool(revocable))


class OfferLine(Line):
    """An offer's line (clm_offer_line): `unit_price` None takes the price
    from the engine's price book; a Money is a manual price."""

    def __init__(self, product: str, quantity: Union[int, str, object],
                 unit_price: Optional[Money] = None, *, group: Optional[str] = None,
                 unit_cost: Optional[Money] = None, manual_rate: Optional[Rate] = None) -> None:
        super().__init__(product, quantity, unit_price, group=group,  # type: ignore[arg-type]
                         unit_cost=unit_cost, manual_rate=manual_rate)


class Pricing(_Plain):
    """How to price an offer (clm_offer_pricing): the compiled engine, the
    client's facts, the price book a manual price is judged against, the
    policy's version as the caller keeps it, the channel."""

    __slots__ = ("engine", "client", "book", "policy_version", "channel")

    def __init__(self, engine: Engine, client: Client, *, book: Optional[PriceBook] = None,
                 policy_version: Optional[str] = None, channel: Optional[str] = None) -> None:
        self.engine, self.client, self.book = engine, client, book
        self.policy_version, self.channel = policy_version, channel


class Credit(_Plain):
    """The client's credit position for the offer's checks
    (clm_offer_credit): amounts in the credit policy's currency; the
    offer's net total is the document."""

    __slots__ = ("policy", "receivables", "limit", "orders", "max_days_overdue")

    def __init__(self, policy: CreditPolicy, *, receivables: Money, limit: Money,
                 orders: Optional[Money] = None, max_days_overdue: int = 0) -> None:
        self.policy, self.receivables, self.limit = policy, receivables, limit
        self.orders, self.max_days_overdue = orders, max_days_overdue

    def _clm(self) -> tuple:
        return (self.policy._h, self.receivables, self.orders, self.max_days_overdue, self.limit)


def _credit(c: Optional[Credit]) -> Optional[tuple]:
    return c._clm() if c is not None else None


class Rules(_Plain):
    """The offer policy's figures (clm_offer_rules): the reasonable term of
    acceptance in working days (art. 441 p. 1) and the working days a
    notice of lateness still counts as prompt (art. 442)."""

    __slots__ = ("reasonable_days", "prompt_notice_days")

    def __init__(self, reasonable_days: int = 10, prompt_notice_days: int = 1) -> None:
        self.reasonable_days, self.prompt_notice_days = reasonable_days, prompt_notice_days

    def _clm(self) -> tuple:
        return (self.reasonable_days, self.prompt_notice_days)


class Acceptance(_Plain):
    """An acceptance as it arrived (clm_offer_acceptance)."""

    __slots__ = ("dispatched_on", "received_on", "full", "late_notice_on", "late_confirmed_on")

    def __init__(self, dispatched_on: datetime.date, received_on: datetime.date, *,
                 full: bool = True, late_notice_on: Optional[datetime.date] = None,
                 late_confirmed_on: Optional[datetime.date] = None) -> None:
        self.dispatched_on, self.received_on, self.full = dispatched_on, received_on, full
        self.late_notice_on, self.late_confirmed_on = late_notice_on, late_confirmed_on

    def _clm(self) -> tuple:
        return (self.dispatched_on, self.received_on, bool(self.full), self.late_notice_on,
                self.late_confirmed_on)


# ---- what an offer tells ---------------------------------------------------

class LinePrice(_Plain):
    """A priced line (clm_offer_line_price): the engine's figures, where the
    price came from, and for a manual price the list price and the discount
    counted from it."""

    __slots__ = ("result", "source", "list_price", "list_rate")

    def __init__(self, t: tuple, currency: str) -> None:
        line, source, list_price, rate = t
        self.result = LineResult(line, currency)
        self.source = PriceSource(source)
        self.list_price = Money.from_minor(list_price, currency) if list_price is not None else None
        self.list_rate = Rate(rate)


class CreditRecord(_Plain):
    """A credit check as recorded on the offer."""

    __slots__ = ("stage", "check", "actor", "overridden", "override_actor", "override_note")

    def __init__(self, t: tuple, currency: str) -> None:
        stage, check, at, user, role, self.overridden, ouser, orole, self.override_note = t
        self.stage, self.check = Stage(stage), Check(check, currency)
        self.actor = Actor(user, role, at)
        self.overridden = bool(self.overridden)
        self.override_actor = Actor(ouser, orole) if ouser is not None else None


class Event(_Plain):
    """One act on an offer or a contract: who, when, what, from which state
    to which, and why."""

    __slots__ = ("actor", "on_behalf_of", "action", "frm", "to", "note")

    def __init__(self, actor: Actor, on_behalf_of: Optional[str], action: str, frm: enum.Enum,
                 to: enum.Enum, note: Optional[str]) -> None:
        self.actor, self.on_behalf_of, self.action = actor, on_behalf_of, action
        self.frm, self.to, self.note = frm, to, note


class Item(_Plain):
    """An offer in a stored list (clm_offer_item)."""

    __slots__ = ("id", "client_id", "manager", "state", "linked", "accept_by", "net")

    def __init__(self, t: tuple) -> None:
        self.id, self.client_id, self.manager, state, self.linked, self.accept_by, self.net = t
        self.state = OfferState(state)


class Conversion(_Plain):
    """One manager's offers sent in a period and what became of them."""

    __slots__ = ("manager", "sent", "accepted", "countered", "contracts", "concluded")

    def __init__(self, t: tuple) -> None:
        (self.manager, self.sent, self.accepted, self.countered, self.contracts,
         self.concluded) = t


class Offer:
    """An offer (clm_offer). Its acts change it in place and change nothing
    when they fail (the exception says why)."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def new(cls, info: OfferInfo, actor: Actor) -> "Offer":
        return cls(_clm.offer_new(info._clm(), actor))

    # -- what it holds
    def _get(self) -> tuple:
        return _clm.offer_get(self._h)

    @property
    def info(self) -> OfferInfo:
        return OfferInfo._of(self._get()[0])

    id = property(lambda self: self._get()[0][0])
    client_id = property(lambda self: self._get()[0][1])
    currency = property(lambda self: self._get()[0][3])
    state = property(lambda self: OfferState(self._get()[1]))
    revision = property(lambda self: self._get()[2])
    supersedes = property(lambda self: self._get()[3])
    superseded_by = property(lambda self: self._get()[4])
    counter_of = property(lambda self: self._get()[5])
    countered_by = property(lambda self: self._get()[6])
    sent_on = property(lambda self: self._get()[7])
    received_on = property(lambda self: self._get()[8])
    accept_by = property(lambda self: self._get()[9], doc="the last day of the term, once sent")
    accepted_on = property(lambda self: self._get()[10])
    priced = property(lambda self: bool(self._get()[11]))
    stored_version = property(lambda self: self._get()[12])

    def set_terms(self, terms: OfferInfo) -> None:
        """Replaces a draft's terms (prepayment, deferral, delivery, term,
        revocable); the pricing is dropped."""
        _clm.offer_set_terms(self._h, terms._clm())

    def add_line(self, line: OfferLine) -> int:
        return _clm.offer_add_line(self._h, line.product, line.group, line._clm_quantity,
                                   line.unit_price, line.unit_cost, line._clm_manual_rate)

    def remove_line(self, i: int) -> None:
        _clm.offer_remove_line(self._h, i)

    @property
    def lines(self) -> List[OfferLine]:
        out = []
        for product, group, qty, price, cost, rate in _clm.offer_lines(self._h):
            out.append(OfferLine(product, decimal.Decimal(qty) / _clm.CLM_DISCOUNT_QTY_SCALE,
                                 price, group=group, unit_cost=cost,
                                 manual_rate=Rate(rate) if rate else None))
        return out

    # -- pricing
    def price(self, actor: Actor, pricing: Pricing) -> None:
        """Prices a draft through the engine (clm_offer_price); the offer
        keeps a copy of the whole result."""
        _clm.offer_price(self._h, actor, pricing.engine._h, pricing.client,
                         pricing.book._h if pricing.book is not None else None,
                         pricing.policy_version, pricing.channel)

    @property
    def line_prices(self) -> Optional[List[LinePrice]]:
        cur = self.currency
        t = _clm.offer_line_prices(self._h)
        return None if t is None else [LinePrice(x, cur) for x in t]

    @property
    def totals(self) -> Optional[Totals]:
        t = _clm.offer_totals(self._h)
        return None if t is None else Totals(t, _NO_IDS, self.currency)  # type: ignore[arg-type]

    def trace(self, line: Optional[int] = None) -> List[TraceEntry]:
        """The pricing's explanation of line `line` (None: the document's)."""
        return [TraceEntry(e, _NO_IDS) for e in _clm.offer_trace(self._h, line)]  # type: ignore[arg-type]

    @property
    def policy(self) -> Tuple[str, str]:
        """The discount policy's name and the version given when priced."""
        name, version = _clm.offer_pricing_info(self._h)[:2]
        return name, version

    @property
    def approval_required(self) -> Tuple[Optional[str], Optional[str], bool]:
        """(the ladder role asked for or None, why, whether any step can
        approve it)."""
        _, _, role, why, approvable, _ = _clm.offer_pricing_info(self._h)
        return role, why, bool(approvable)

    @property
    def ladder(self) -> List[str]:
        return _clm.offer_pricing_info(self._h)[5]

    def role_suffices(self, role: str) -> bool:
        return _clm.offer_role_suffices(self._h, role)

    # -- credit
    def credit_check(self, credit: Credit) -> Check:
        """The check the priced offer would get, not recorded."""
        return Check(_clm.offer_credit_compute(self._h, credit._clm()), credit.policy.currency)

    @property
    def credit_records(self) -> List[CreditRecord]:
        cur = self.currency
        return [CreditRecord(t, cur) for t in _clm.offer_credit_records(self._h)]

    def credit_override(self, actor: Actor, policy: CreditPolicy, note: str) -> None:
        _clm.offer_credit_override(self._h, actor, policy._h, note)

    # -- the acts
    def submit(self, actor: Actor, credit: Optional[Credit] = None) -> None:
        _clm.offer_submit(self._h, actor, _credit(credit))

    def approve(self, actor: Actor, credit: Optional[Credit] = None,
                note: Optional[str] = None, *, on_behalf_of: Optional[str] = None,
                delegations: Optional["Delegations"] = None) -> None:
        """Approves an offer awaiting approval; with `on_behalf_of` the actor
        acts as that user's deputy, which `delegations` must show on the day
        (actor.role is then the principal's role)."""
        _clm.offer_approve(self._h, actor, _credit(credit), note, on_behalf_of,
                           delegations._h if delegations is not None else None)

    def refuse(self, actor: Actor, note: str, *, on_behalf_of: Optional[str] = None,
               delegations: Optional["Delegations"] = None) -> None:
        _clm.offer_refuse(self._h, actor, note, on_behalf_of,
                          delegations._h if delegations is not None else None)

    def send(self, actor: Actor, rules: Rules, calendar: Calendar,
             credit: Optional[Credit] = None) -> None:
        """Sends an approved offer on the day of actor.at, fixing its term
        of acceptance (art. 441 p. 1) and freezing its pricing."""
        _clm.offer_send(self._h, actor, rules._clm(), calendar._h, _credit(credit))

    def receive(self, actor: Actor, received_on: datetime.date) -> None:
        _clm.offer_receive(self._h, actor, received_on)

    def withdraw(self, actor: Actor, arrives_on: datetime.date, note: Optional[str] = None) -> None:
        _clm.offer_withdraw(self._h, actor, arrives_on, note)

    def withdrawn_before_binding(self, arrives_on: datetime.date) -> bool:
        return _clm.offer_withdrawn_before_binding(self._h, arrives_on)

    def expire(self, actor: Actor, today: datetime.date) -> None:
        _clm.offer_expire(self._h, actor, today)

    def judge(self, acceptance: Acceptance, rules: Rules,
              calendar: Calendar) -> Tuple[Verdict, Optional[str]]:
        """What the law makes of an acceptance, and the article applied."""
        v, article = _clm.offer_judge(self._h, acceptance._clm(), rules._clm(), calendar._h)
        return Verdict(v), article

    def accept(self, actor: Actor, acceptance: Acceptance, rules: Rules, calendar: Calendar,
               credit: Optional[Credit] = None) -> None:
        _clm.offer_accept(self._h, actor, acceptance._clm(), rules._clm(), calendar._h,
                          _credit(credit))

    def reject(self, actor: Actor, note: Optional[str] = None) -> None:
        _clm.offer_reject(self._h, actor, note)

    def counter_draft(self, id: str, actor: Actor) -> "Offer":
        """A draft counter-offer (art. 443): edit it, price it, then counter()."""
        return Offer(_clm.offer_counter_draft(self._h, id, actor))

    def counter(self, counter: "Offer", actor: Actor, received_on: datetime.date, rules: Rules,
                calendar: Calendar) -> None:
        _clm.offer_counter(self._h, counter._h, actor, received_on, rules._clm(), calendar._h)

    def new_version(self, id: str, actor: Actor) -> "Offer":
        return Offer(_clm.offer_new_version(self._h, id, actor))

    def events(self) -> Iterator[Event]:
        for at, user, role, behalf, action, frm, to, note in _clm.offer_events(self._h):
            yield Event(Actor(user, role, at), behalf, action, OfferState(frm), OfferState(to),
                        note)

    # -- copies, XML, documents
    def copy(self) -> "Offer":
        return Offer(_clm.offer_dup(self._h))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Offer) and _clm.offer_equal(self._h, other._h)

    __hash__ = None  # type: ignore[assignment]

    def to_xml(self) -> bytes:
        return _clm.offer_save_xml(self._h)

    @classmethod
    def from_xml(cls, data: Union[bytes, str], source: Optional[str] = None) -> "Offer":
        if isinstance(data, str):
            data = data.encode()
        return cls(_clm.offer_load_xml(0, data, source))

    @classmethod
    def load_file(cls, path: str) -> "Offer":
        return cls(_clm.offer_load_file(0, path))

    def document(self, *, html: bool = False) -> str:
        """The document a manager sends (plain text, or an HTML page)."""
        return _clm.offer_document(self._h, html)

    # -- the store
    def save(self, store: Store, actor: Actor, note: Optional[str] = None) -> int:
        return _clm.offer_store_save(store._h, self._h, actor, note)

    @classmethod
    def load(cls, store: Store, id: str) -> "Offer":
        return cls(_clm.offer_store_load(store._h, id))

    @staticmethod
    def list(store: Store, *, client_id: Optional[str] = None, manager: Optional[str] = None,
             state: object = None) -> Iterator[Item]:
        return (Item(t) for t in _clm.offer_store_list(store._h, client_id, manager, _name(state)))

    @staticmethod
    def expiring(store: Store, calendar: Calendar, on: datetime.date, days: int = 0, *,
                 manager: Optional[str] = None) -> Iterator[Item]:
        return (Item(t) for t in _clm.offer_store_expiring(store._h, calendar._h, on, days,
                                                           manager))

    @staticmethod
    def conversion(store: Store, frm: datetime.date, to: datetime.date, *,
                   manager: Optional[str] = None) -> List[Conversion]:
        return [Conversion(t) for t in _clm.offer_store_conversion(store._h, manager, frm, to)]

    def to_dict(self) -> dict:
        info = self.info.to_dict()
        info.update(state=self.state.value, revision=self.revision, priced=self.priced)
        return info

    def __repr__(self) -> str:
        t = self._get()
        return f"<clm.offer.Offer {t[0][0]!r} {t[1]} rev {t[2]}>"

    def close(self) -> None:
        self._h.close()


# ---- contracts ---------------------------------------------------------------

class Disagreement(_Plain):
    """A disagreement of the client's protocol as recorded."""

    __slots__ = ("clause", "line", "draft", "client", "figure", "received_on", "answer",
                 "answer_figure", "settlement", "decided_by", "decided_role", "decided_at",
                 "note", "answer_due")

    def __init__(self, t: tuple) -> None:
        for s, v in zip(self.__slots__, t):
            setattr(self, s, v)
        self.settlement = Settlement(self.settlement)


class Special(_Plain):
    """A special term for a key client."""

    __slots__ = ("kind", "text", "days", "rate")

    def __init__(self, t: tuple) -> None:
        kind, self.text, self.days, rate = t
        self.kind, self.rate = SpecialKind(kind), Rate(rate)


class ContractItem(_Plain):
    """A contract in a stored list (clm_contract_item)."""

    __slots__ = ("id", "client_id", "manager", "state", "offer_id", "special", "uninvoiced")

    def __init__(self, t: tuple) -> None:
        (self.id, self.client_id, self.manager, state, self.offer_id, self.special,
         self.uninvoiced) = t
        self.state = ContractState(state)


class Exposure(_Plain):
    """A client's credit exposure read from a store (clm_credit_exposure)."""

    __slots__ = ("receivables", "overdue", "max_days_overdue", "orders", "unapplied")

    def __init__(self, t: tuple) -> None:
        (self.receivables, self.overdue, self.max_days_overdue, self.orders,
         self.unapplied) = t


class Contract:
    """A contract made from an accepted offer (clm_contract)."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def from_offer(cls, offer: Offer, id: str, actor: Actor, *,
                   obligatory: bool = False) -> "Contract":
        return cls(_clm.contract_from_offer(offer._h, id, obligatory, actor))

    def _get(self) -> tuple:
        return _clm.contract_get(self._h)

    id = property(lambda self: self._get()[0])
    state = property(lambda self: ContractState(self._get()[1]))
    obligatory = property(lambda self: bool(self._get()[2]))
    offer_id = property(lambda self: self._get()[3])
    client_id = property(lambda self: self._get()[4])
    manager = property(lambda self: self._get()[5])
    currency = property(lambda self: self._get()[6])
    created_on = property(lambda self: self._get()[7])
    agreed_on = property(lambda self: self._get()[8])
    concluded_on = property(lambda self: self._get()[9])
    closed_on = property(lambda self: self._get()[10])
    renewal_of = property(lambda self: self._get()[11])
    renewed_by = property(lambda self: self._get()[12])
    invoiced = property(lambda self: self._get()[13])
    stored_version = property(lambda self: self._get()[14])

    @property
    def offer(self) -> Offer:
        """A copy of the accepted offer the contract keeps."""
        return Offer(_clm.contract_offer(self._h))

    @property
    def amount(self) -> Money:
        return _clm.contract_amounts(self._h)[0]

    @property
    def uninvoiced(self) -> Money:
        """Confirmed but not invoiced: what a credit check counts."""
        return _clm.contract_amounts(self._h)[1]

    def dispute(self, actor: Actor, client: str, received_on: datetime.date, *,
                clause: Optional[str] = None, line: Optional[int] = None,
                draft: Optional[str] = None, figure: Optional[Money] = None) -> int:
        """Records a disagreement of the client's protocol (art. 443) on a
        clause or a line; returns its index."""
        return _clm.contract_dispute(self._h, actor, clause, line, draft, client, figure,
                                     received_on)

    def answer(self, actor: Actor, i: int, answer: str, figure: Optional[Money] = None) -> None:
        _clm.contract_answer(self._h, actor, i, answer, figure)

    def settle(self, actor: Actor, i: int, how: object, note: Optional[str] = None) -> None:
        _clm.contract_settle(self._h, actor, i, _name(how), note)

    @property
    def disagreements(self) -> List[Disagreement]:
        return [Disagreement(t) for t in _clm.contract_disagreements(self._h)]

    def protocol_text(self) -> str:
        """The protocol of disagreements, in clause order."""
        return _clm.contract_protocol(self._h)

    def add_special(self, actor: Actor, kind: object, text: str, *, days: int = 0,
                    rate: Optional[Rate] = None) -> None:
        _clm.contract_add_special(self._h, actor, _name(kind), text, days,
                                  rate.ppm if rate is not None else 0)

    @property
    def specials(self) -> List[Special]:
        return [Special(t) for t in _clm.contract_specials(self._h)]

    def agree(self, actor: Actor) -> None:
        _clm.contract_act(self._h, actor, "agree")

    def conclude(self, actor: Actor, signed_on: datetime.date) -> None:
        _clm.contract_act(self._h, actor, "conclude", signed_on)

    def start(self, actor: Actor) -> None:
        _clm.contract_act(self._h, actor, "start")

    def invoice(self, actor: Actor, amount: Money) -> None:
        _clm.contract_act(self._h, actor, "invoice", amount)

    def complete(self, actor: Actor) -> None:
        _clm.contract_act(self._h, actor, "complete")

    def terminate(self, actor: Actor, note: str) -> None:
        _clm.contract_act(self._h, actor, "terminate", note)

    def renew(self, id: str, actor: Actor) -> "Contract":
        return Contract(_clm.contract_renew(self._h, id, actor))

    def events(self) -> Iterator[Event]:
        for at, user, role, action, frm, to, note in _clm.contract_events(self._h):
            yield Event(Actor(user, role, at), None, action, ContractState(frm),
                        ContractState(to), note)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Contract) and _clm.contract_equal(self._h, other._h)

    __hash__ = None  # type: ignore[assignment]

    def to_xml(self) -> bytes:
        return _clm.contract_save_xml(self._h)

    @classmethod
    def from_xml(cls, data: Union[bytes, str], source: Optional[str] = None) -> "Contract":
        if isinstance(data, str):
            data = data.encode()
        return cls(_clm.offer_load_xml(1, data, source))

    @classmethod
    def load_file(cls, path: str) -> "Contract":
        return cls(_clm.offer_load_file(1, path))

    def document(self, *, html: bool = False) -> str:
        return _clm.contract_document(self._h, html)

    def save(self, store: Store, actor: Actor, note: Optional[str] = None) -> int:
        return _clm.contract_store_save(store._h, self._h, actor, note)

    @classmethod
    def load(cls, store: Store, id: str) -> "Contract":
        return cls(_clm.contract_store_load(store._h, id))

    @staticmethod
    def list(store: Store, *, client_id: Optional[str] = None, manager: Optional[str] = None,
             state: object = None) -> Iterator[ContractItem]:
        return (ContractItem(t) for t in _clm.contract_store_list(store._h, client_id, manager,
                                                                  _name(state)))

    @staticmethod
    def exposure(contracts: "List[Contract]", client_id: str, currency: str) -> Money:
        """The confirmed but uninvoiced amount of the client's contracts in
        that currency: the orders part of its credit exposure."""
        return Money.from_minor(_clm.contract_exposure([c._h for c in contracts], client_id,
                                                       currency), currency)

    @staticmethod
    def store_exposure(store: Store, client_id: str, currency: str,
                       as_of: datetime.date) -> "Exposure":
        """The client's exposure as the store holds it: the ledger's open and
        overdue receivables and unapplied payments, orders with the
        contracts' uninvoiced amounts (clm_contract_store_exposure)."""
        return Exposure(_clm.contract_store_exposure(store._h, currency, client_id, as_of))

    def to_dict(self) -> dict:
        (id, state, oblig, offer_id, client, manager, cur, created, agreed, concluded, closed,
         renewal_of, renewed_by, invoiced, version) = self._get()
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"id": id, "state": state, "obligatory": bool(oblig), "offer_id": offer_id,
                "client_id": client, "manager": manager, "currency": cur,
                "created_on": iso(created), "agreed_on": iso(agreed),
                "concluded_on": iso(concluded), "closed_on": iso(closed),
                "renewal_of": renewal_of, "renewed_by": renewed_by,
                "invoiced": invoiced.to_dict(), "stored_version": version}

    def __repr__(self) -> str:
        t = self._get()
        return f"<clm.offer.Contract {t[0]!r} {t[1]} from {t[3]!r}>"

    def close(self) -> None:
        self._h.close()
