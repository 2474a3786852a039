"""Discount policies and pricing (clm/discount.h, discount_xml.h,
discount_validate.h): load, validate, compile, price a document, the
explanation trace, batch pricing. Every figure is the engine's."""

from __future__ import annotations

import array
import datetime
import decimal
import enum
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _clm
from .core import Money, Rate, Rounding
from .errors import InvalidArgument

_NONE_PPM = 0

FindingKind = enum.IntEnum("FindingKind", {name.upper().replace("-", "_"): value
                                           for name, value in _clm.FINDING_KIND_NAMES.items()})
FindingKind.__doc__ = "What the validator found (clm_discount_finding_kind)."


class Severity(enum.IntEnum):
    WARNING = _clm.CLM_DISCOUNT_SEVERITY_WARNING
    ERROR = _clm.CLM_DISCOUNT_SEVERITY_ERROR


class TraceKind(enum.IntEnum):
    """What a trace entry says of a rule (clm_discount_trace_kind)."""
    NOT_MATCHED = _clm.CLM_DISCOUNT_TRACE_NOT_MATCHED
    EXCLUDED = _clm.CLM_DISCOUNT_TRACE_EXCLUDED
    APPLIED = _clm.CLM_DISCOUNT_TRACE_APPLIED
    NO_EFFECT = _clm.CLM_DISCOUNT_TRACE_NO_EFFECT
    ADJUSTED = _clm.CLM_DISCOUNT_TRACE_ADJUSTED


class Stage(enum.IntEnum):
    """The pricing stage of a trace entry (clm_discount_stage)."""
    BASE = _clm.CLM_DISCOUNT_STAGE_BASE
    DISCOUNT = _clm.CLM_DISCOUNT_STAGE_DISCOUNT
    ROUNDING = _clm.CLM_DISCOUNT_STAGE_ROUNDING
    SURCHARGE = _clm.CLM_DISCOUNT_STAGE_SURCHARGE
    CAP = _clm.CLM_DISCOUNT_STAGE_CAP
    DOCUMENT = _clm.CLM_DISCOUNT_STAGE_DOCUMENT


def _plain(v: object) -> object:
    if hasattr(v, "to_dict"):
        return v.to_dict()  # type: ignore[attr-defined]
    if isinstance(v, enum.Enum):
        return v.name.lower()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, (datetime.date, decimal.Decimal)):
        return str(v)
    return v


class _Plain:
    """A plain result object: attributes in __slots__, repr and to_dict()."""

    __slots__: Tuple[str, ...] = ()
    _fields: Tuple[str, ...] = ()

    def _names(self) -> Tuple[str, ...]:
        return self._fields or self.__slots__

    def to_dict(self) -> dict:
        return {s: _plain(getattr(self, s)) for s in self._names()}

    def __repr__(self) -> str:
        inner = ", ".join(f"{s}={getattr(self, s)!r}" for s in self._names())
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, s) == getattr(other, s) for s in self._names())


# ---- documents -------------------------------------------------------------

class Client(_Plain):
    """What the engine knows of the client (clm_discount_client)."""

    __slots__ = ("id", "legal_type", "region", "risk_class", "categories", "since", "turnover")

    def __init__(self, id: Optional[str] = None, *, legal_type: Optional[str] = None,
                 region: Optional[str] = None, risk_class: Optional[str] = None,
                 categories: Sequence[str] = (), since: Optional[datetime.date] = None,
                 turnover: Optional[Dict[int, Money]] = None) -> None:
        self.id = id
        self.legal_type = legal_type
        self.region = region
        self.risk_class = risk_class
        self.categories = list(categories)
        self.since = since
        self.turnover = dict(turnover) if turnover else None


class Line(_Plain):
    """A document line (clm_discount_line). `quantity` is a Decimal or an
    int (libclm counts thousandths of a unit: at most 3 decimals)."""

    __slots__ = ("product", "_quantity", "unit_price", "group", "unit_cost", "_manual_rate",
                 "_clm_quantity", "_clm_manual_rate")
    _fields = ("product", "quantity", "unit_price", "group", "unit_cost", "manual_rate")

    def __init__(self, product: str, quantity: Union[decimal.Decimal, int, str],
                 unit_price: Money, *, group: Optional[str] = None,
                 unit_cost: Optional[Money] = None, manual_rate: Optional[Rate] = None) -> None:
        self.product = product
        self.quantity = quantity  # type: ignore[assignment]
        self.unit_price = unit_price
        self.group = group
        self.unit_cost = unit_cost
        self.manual_rate = manual_rate

    @property
    def quantity(self) -> decimal.Decimal:
        return self._quantity

    @quantity.setter
    def quantity(self, value: Union[decimal.Decimal, int, str]) -> None:
        if isinstance(value, float):
            raise TypeError("a quantity is never a float: pass a Decimal, an int or a str")
        q = decimal.Decimal(value)
        scaled = q * _clm.CLM_DISCOUNT_QTY_SCALE
        if scaled != scaled.to_integral_value():
            raise InvalidArgument(f"quantity {q}: more decimals than a thousandth", "quantity")
        self._quantity = q
        self._clm_quantity = int(scaled)   # what libclm counts: thousandths

    @property
    def manual_rate(self) -> Optional[Rate]:
        return self._manual_rate

    @manual_rate.setter
    def manual_rate(self, value: Optional[Rate]) -> None:
        self._manual_rate = value
        self._clm_manual_rate = value.ppm if value is not None else _NONE_PPM


class Document(_Plain):
    """A document to price (clm_discount_document)."""

    __slots__ = ("currency", "date", "lines", "client", "coupons", "prepayment",
                 "deferral_days", "channel", "role")

    def __init__(self, currency: str, date: datetime.date, lines: Iterable[Line], *,
                 client: Optional[Client] = None, coupons: Sequence[str] = (),
                 prepayment: Optional[Rate] = None, deferral_days: int = 0,
                 channel: Optional[str] = None, role: Optional[str] = None) -> None:
        self.currency = currency
        self.date = date
        self.lines = list(lines)
        self.client = client
        self.coupons = list(coupons)
        self.prepayment = prepayment
        self.deferral_days = deferral_days
        self.channel = channel
        self.role = role

    @property
    def _clm_prepayment(self) -> int:
        return self.prepayment.ppm if self.prepayment is not None else 0


class Order:
    """An order read from an XML file (clm_discount_order): its id and its
    document, priced as it is."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def load(cls, path: str) -> "Order":
        return cls(_clm.discount_order_load_file(path))

    @classmethod
    def from_xml(cls, data: Union[bytes, str], source: Optional[str] = None) -> "Order":
        if isinstance(data, str):
            data = data.encode("utf-8")
        return cls(_clm.discount_order_load_xml(data, source))

    @property
    def id(self) -> Optional[str]:
        return _clm.discount_order_id(self._h)

    def document(self) -> Document:
        """The order's document as read (lines priced from a price list have
        unit_price None)."""
        cur, date, client, role, lines = _clm.discount_order_document(self._h)
        return Document(cur, date, [
            Line(product, decimal.Decimal(q) / _clm.CLM_DISCOUNT_QTY_SCALE,
                 Money.from_minor(p, cur) if p is not None else None)  # type: ignore[arg-type]
            for product, q, p in lines], client=Client(client) if client else None, role=role)

    def close(self) -> None:
        self._h.close()

    def __repr__(self) -> str:
        return f"<clm.Order {self.id!r}>"


# ---- results ---------------------------------------------------------------

def _money(field: int) -> property:
    return property(lambda self: Money.from_minor(self._t[field], self._cur),
                    doc="an amount of the policy's currency")


def _opt_money(field: int) -> property:
    return property(lambda self: None if self._t[field] is None
                    else Money.from_minor(self._t[field], self._cur))


def _rate(field: int) -> property:
    return property(lambda self: Rate(self._t[field]))


def _opt_rate(field: int) -> property:
    return property(lambda self: None if self._t[field] is None else Rate(self._t[field]))


class LineResult(_Plain):
    """One line priced (clm_discount_line_result). The engine's figures are
    kept as it gave them (minor units, ppm) and become Money and Rate on
    access."""

    __slots__ = ("_t", "_cur")
    _fields = ("base", "discount", "surcharge", "capped", "net", "cost", "rate", "margin",
               "rules_applied", "unit_price")

    def __init__(self, t: tuple, currency: str) -> None:
        self._t, self._cur = t, currency

    base, discount, surcharge, capped, net = (_money(i) for i in range(5))
    cost = _opt_money(5)
    rate = _rate(6)
    margin = _opt_rate(7)
    rules_applied = property(lambda self: self._t[8])
    unit_price = _money(9)

    def __eq__(self, other: object) -> bool:
        return type(other) is LineResult and (self._t, self._cur) == (other._t, other._cur)


class EarlyPayment(_Plain):
    __slots__ = ("rule", "rate", "days", "net_days", "amount", "annual_cost")


class Totals(_Plain):
    """The document's totals (clm_discount_totals)."""

    __slots__ = ("_t", "_cur", "early_payment")
    _fields = ("base", "discount", "surcharge", "capped", "net", "rate", "max_line_rate",
               "max_line", "min_margin", "min_margin_line", "approval_step", "approvable",
               "role_suffices", "early_payment")

    def __init__(self, t: tuple, rule_ids: List[str], currency: str) -> None:
        self._t, self._cur = t, currency
        self.early_payment = None
        ep = t[13]
        if ep is not None:
            e = EarlyPayment()
            rule, rate, e.days, e.net_days, amount, cost = ep
            e.rule = rule_ids[rule]
            e.rate, e.annual_cost = Rate(rate), Rate(cost)
            e.amount = Money.from_minor(amount, currency)
            self.early_payment = e

    base, discount, surcharge, capped, net = (_money(i) for i in range(5))
    rate = _rate(5)
    max_line_rate = _rate(6)
    max_line = property(lambda self: self._t[7])
    min_margin = _opt_rate(8)
    min_margin_line = property(lambda self: self._t[9])
    approval_step = property(lambda self: self._t[10])
    approvable = property(lambda self: bool(self._t[11]))
    role_suffices = property(lambda self: bool(self._t[12]))


class TraceEntry(_Plain):
    """One step of the explanation (clm_discount_trace_entry): which rule
    (its id, or None for the engine's own steps), the amounts before and
    after, and the reason in words."""

    __slots__ = ("kind", "stage", "rule", "name", "before", "amount", "after", "reason")

    def __init__(self, t: tuple, rule_ids: List[str]) -> None:
        kind, stage, rule, self.name, self.before, self.amount, self.after, self.reason = t
        self.kind = TraceKind(kind)
        self.stage = Stage(stage)
        self.rule = rule_ids[rule] if rule is not None else None

    def __str__(self) -> str:
        who = self.rule or self.name or self.stage.name.lower()
        return f"{self.kind.name.lower()} {who}: {self.before} -> {self.after} ({self.reason})"


class PriceResult(_Plain):
    """A priced document: its lines, totals, who must approve it and why,
    and the trace of every line and of the document."""

    __slots__ = ("lines", "totals", "approval", "approval_why", "traces", "document_trace")

    def trace(self, line: int) -> List[TraceEntry]:
        return self.traces[line]


class Finding(_Plain):
    """One finding of the validator (clm_discount_finding)."""

    __slots__ = ("kind", "severity", "code", "rule", "other", "subject", "message")

    def __init__(self, t: tuple) -> None:
        kind, sev, self.code, self.rule, self.other, self.subject, self.message = t
        self.kind = FindingKind(kind)
        self.severity = Severity(sev)

    def __str__(self) -> str:
        return f"{self.severity.name.lower()}: {self.message}"


class Rule(_Plain):
    __slots__ = ("id", "description", "priority", "exclusion_group", "action")


class PricedColumns:
    """Order lines priced by `Engine.price_columns()`: the engine's figures
    as it gave them, kept in C until read. `len()` is the number of lines.

    - `column(name)` gives one figure of every line as an `array('q')`:
      amounts in minor units of `currency` ("base", "discount",
      "surcharge", "capped", "net", "cost", "unit_price"), rates in parts
      per million ("rate", "margin"; "margin" counts only where
      "has_margin" is 1), "rules_applied".
    - `totals_column(name)` gives one figure of every document the same way
      ("base", "discount", "surcharge", "capped", "net", "rate",
      "max_line_rate", "max_line", "min_margin", "min_margin_line",
      "has_margin", "approval", "approvable", "role_suffices",
      "has_early_payment", "early_payment_amount"; an absent line or
      ladder step is -1).
    - `line(i)` is line i as a `LineResult`, `totals(k)` document k's
      `Totals`, `lines_of(k)` the range of document k's lines, and
      iterating gives `(lines, totals)` per document, as `price_batch()`
      does: Money and Rate made when asked for.

    Each call makes a new array; nothing is built for a figure never read."""

    __slots__ = ("_h", "currency", "documents", "_n", "_rule_ids")

    def __init__(self, handle: object, currency: str, rule_ids: List[str]) -> None:
        self._h = handle
        self.currency = currency
        self._rule_ids = rule_ids
        self._n, self.documents = _clm.priced_size(handle)

    def __len__(self) -> int:
        return self._n

    def column(self, name: str) -> "array.array[int]":
        return _clm.priced_line_column(self._h, name)

    def totals_column(self, name: str) -> "array.array[int]":
        return _clm.priced_totals_column(self._h, name)

    def line(self, i: int) -> LineResult:
        if i < 0:
            i += self._n
        return LineResult(_clm.priced_line(self._h, i), self.currency)

    def totals(self, k: int) -> Totals:
        if k < 0:
            k += self.documents
        return Totals(_clm.priced_document(self._h, k)[0], self._rule_ids, self.currency)

    def lines_of(self, k: int) -> range:
        if k < 0:
            k += self.documents
        _, first, count = _clm.priced_document(self._h, k)
        return range(first, first + count)

    def __iter__(self) -> Iterator[Tuple[List[LineResult], Totals]]:
        cur, ids = self.currency, self._rule_ids
        for k in range(self.documents):
            t, first, count = _clm.priced_document(self._h, k)
            yield ([LineResult(_clm.priced_line(self._h, i), cur)
                    for i in range(first, first + count)], Totals(t, ids, cur))

    def __repr__(self) -> str:
        return (f"<clm.discount.PricedColumns {self._n} lines in {self.documents} documents, "
                f"{self.currency}>")


# ---- policies and engines ---------------------------------------------------

class Policy:
    """A discount policy (clm_discount_policy), read from XML."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def load(cls, path: str) -> "Policy":
        return cls(_clm.discount_policy_load_file(path))

    @classmethod
    def from_xml(cls, data: Union[bytes, str], source: Optional[str] = None) -> "Policy":
        if isinstance(data, str):
            data = data.encode("utf-8")
        return cls(_clm.discount_policy_load_xml(data, source))

    def to_xml(self) -> bytes:
        return _clm.discount_policy_save_xml(self._h)

    def _info(self) -> tuple:
        return _clm.discount_policy_info(self._h)

    @property
    def name(self) -> str:
        return self._info()[0]

    @property
    def currency(self) -> str:
        return self._info()[1]

    @property
    def stacking(self) -> str:
        return self._info()[2]

    @property
    def rounding(self) -> Rounding:
        return Rounding[self._info()[3].upper().replace("-", "_")]

    @property
    def rules(self) -> List[Rule]:
        out = []
        for t in self._info()[4]:
            r = Rule()
            r.id, r.description, r.priority, r.exclusion_group, r.action = t
            out.append(r)
        return out

    @property
    def approval_ladder(self) -> List[str]:
        return list(self._info()[5])

    def validate(self, *, today: Optional[datetime.date] = None,
                 categories: Optional[Sequence[str]] = None,
                 products: Optional[Sequence[str]] = None,
                 groups: Optional[Sequence[str]] = None) -> List[Finding]:
        """The validator's findings (errors and warnings), in its order."""
        return [Finding(t) for t in _clm.discount_policy_validate(
            self._h, today, None if categories is None else list(categories),
            None if products is None else list(products),
            None if groups is None else list(groups))]

    def compile(self, prices: Optional["PriceBook"] = None) -> "Engine":
        """The compiled engine; with `prices`, lines without a price take
        theirs from the book (clm_discount_policy_compile_with_prices)."""
        if prices is None:
            return Engine(_clm.discount_policy_compile(self._h), self)
        return Engine(_clm.discount_policy_compile_with_prices(self._h, prices._h), self)

    def close(self) -> None:
        self._h.close()

    def __repr__(self) -> str:
        if self._h.closed:
            return "<clm.discount.Policy (closed)>"
        name, cur, stacking, rounding, rules, _ = self._info()
        return f"<clm.discount.Policy {name!r} {cur} {stacking} rules={len(rules)}>"


class PriceSet:
    """Price lists as read from XML (schema price-lists, clm/price.h)."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def load(cls, path: str) -> "PriceSet":
        return cls(_clm.price_set_load_file(path))

    def compile(self, groups: Optional[Policy] = None) -> "PriceBook":
        """The immutable book (clm_price_book_compile); `groups` supplies the
        product-group hierarchy."""
        return PriceBook(_clm.price_book_compile(self._h, groups._h if groups else None))

    def close(self) -> None:
        self._h.close()


class PriceBook:
    """A compiled price book; engines compiled with it keep it alive."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    def close(self) -> None:
        self._h.close()


class Engine:
    """A compiled policy (clm_discount_engine). Any number of threads may
    price on one engine; pricing releases the GIL."""

    def __init__(self, handle: object, policy: Policy) -> None:
        self._h = handle
        self.policy = policy
        self._rule_ids = [r.id for r in policy.rules]
        self._currency = policy.currency

    def price(self, document: Union[Document, Order], *, trace: bool = True) -> PriceResult:
        """Prices one document with its explanation (clm_discount_engine_evaluate)."""
        doc = document._h if isinstance(document, Order) else document
        lines, totals, role, why, traces, doctrace = _clm.discount_evaluate(self._h, doc, trace)
        ids = self._rule_ids
        r = PriceResult()
        cur = self._currency
        r.lines = [LineResult(t, cur) for t in lines]
        r.totals = Totals(totals, ids, cur)
        r.approval = role
        r.approval_why = why
        r.traces = [[TraceEntry(e, ids) for e in tr] for tr in traces]
        r.document_trace = [TraceEntry(e, ids) for e in doctrace]
        return r

    def price_batch(self, documents: Sequence[Union[Document, Order]]
                    ) -> List[Tuple[List[LineResult], Totals]]:
        """Prices many documents in one C call without traces
        (clm_discount_engine_price_batch); all or nothing."""
        docs = [d._h if isinstance(d, Order) else d for d in documents]
        cur, ids = self._currency, self._rule_ids
        return [([LineResult(t, cur) for t in lines], Totals(totals, ids, cur))
                for lines, totals in _clm.discount_price_batch(self._h, docs)]

    def price_columns(self, header: Union[Document, Sequence[Document]], *,
                      lines_per_document: Union[int, Sequence[int]],
                      products: Sequence[str],
                      quantity_thousandths: "Sequence[int] | array.array[int]",
                      unit_price_minor: "Sequence[int] | array.array[int]",
                      unit_cost_minor: "Optional[Sequence[Optional[int]] | array.array[int]]" = None,
                      groups: Optional[Sequence[Optional[str]]] = None,
                      manual_rate_ppm: "Optional[Sequence[int] | array.array[int]]" = None
                      ) -> PricedColumns:
        """Prices order lines given as columns, one value per line, in one C
        call without traces and without the GIL
        (clm_discount_engine_price_batch); all or nothing.

        `header` is a `Document` without lines (currency, date, client,
        coupons, role...) shared by every document, or one per document
        (a header repeated in a row is converted once). The lines are split
        into documents in order: `lines_per_document` lines each, or the
        counts of a sequence. Numbers are exact integers, never floats: a
        quantity in thousandths of a unit (`Decimal("2.5")` is 2500), prices
        and costs in minor units of the header's currency, manual discounts
        in parts per million; each column is a sequence of int or a buffer
        of signed 64-bit integers (`array('q')`, a NumPy int64 array), read
        in place. In a sequence of costs, None is a line without a cost;
        `groups` holds a str or None per line. A column of the wrong length
        or type raises (`clm.InvalidArgument`, `TypeError`) before anything
        is priced, and the engine's own refusals (a quantity of 0, a
        currency not the policy's) name the document and its line, counted
        from 1."""
        if isinstance(header, Document):
            hdr: object = header
        else:
            hdr = list(header)
            for k, h in enumerate(hdr):  # type: ignore[arg-type]
                if not isinstance(h, Document):
                    raise TypeError(f"header[{k}]: expected a clm.discount.Document, "
                                    f"not {type(h).__name__}")
        return PricedColumns(_clm.discount_price_columns(
            self._h, hdr, lines_per_document, products, quantity_thousandths, unit_price_minor,
            unit_cost_minor, groups, manual_rate_ppm), self._currency, self._rule_ids)

    def close(self) -> None:
        self._h.close()

    def __repr__(self) -> str:
        return f"<clm.discount.Engine of {self.policy!r}>"


def early_payment_cost(rate: Rate, days: int, net_days: int, rounding: Rounding) -> Rate:
    """The implied annual cost of not taking an early-payment discount
    (clm_discount_early_payment_cost)."""
    return Rate(_clm.discount_early_payment_cost(rate.ppm, days, net_days, int(rounding)))
