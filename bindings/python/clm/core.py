"""Money, rates, rounding modes, dates, calendars and legal terms.

Money is a decimal.Decimal with its currency; it crosses into libclm as
text that the library parses (no float ever, no rounding in the binding),
and every figure comes back from the library.
"""

from __future__ import annotations

import datetime
import decimal
import enum
from typing import Iterator, List, Optional, Sequence, Tuple, Union

from . import _clm

Rounding = enum.IntEnum("Rounding", {name.upper().replace("-", "_"): value
                                     for name, value in _clm.ROUNDING_NAMES.items()})
Rounding.__doc__ = "The seven named rounding modes (clm_rounding)."


class Weekday(enum.IntEnum):
    """ISO weekdays, Monday = 1 (clm_weekday)."""
    MONDAY = _clm.CLM_MONDAY
    TUESDAY = _clm.CLM_TUESDAY
    WEDNESDAY = _clm.CLM_WEDNESDAY
    THURSDAY = _clm.CLM_THURSDAY
    FRIDAY = _clm.CLM_FRIDAY
    SATURDAY = _clm.CLM_SATURDAY
    SUNDAY = _clm.CLM_SUNDAY


class DayKind(enum.IntEnum):
    """A calendar's dated exception (clm_day_kind)."""
    HOLIDAY = _clm.CLM_DAY_HOLIDAY
    WORKING = _clm.CLM_DAY_WORKING


class TermUnit(enum.IntEnum):
    """What a legal term counts (clm_term_unit)."""
    DAYS = _clm.CLM_TERM_DAYS
    WORKING_DAYS = _clm.CLM_TERM_WORKING_DAYS
    MONTHS = _clm.CLM_TERM_MONTHS


class Currency:
    """An ISO 4217 currency from libclm's table."""

    __slots__ = ("code", "numeric", "exponent")

    def __init__(self, code: str) -> None:
        self.code, self.numeric, self.exponent = _clm.currency_find(code)

    def __repr__(self) -> str:
        return f"Currency({self.code!r}, numeric={self.numeric}, exponent={self.exponent})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Currency) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)


class Money:
    """An amount of one currency: a decimal.Decimal and an ISO 4217 code.

    Money(Decimal("1234.50"), "RUB"); Money("1234.50", "RUB") parses the
    string as a Decimal. A float is refused. The amount must fit the
    currency's minor units exactly (libclm checks; no rounding here).
    """

    __slots__ = ("amount", "currency", "_clm_minor")

    amount: decimal.Decimal
    currency: str

    def __init__(self, amount: Union[decimal.Decimal, int, str], currency: str) -> None:
        if isinstance(amount, float):
            raise TypeError("money is never a float: pass a Decimal, an int or a str")
        if isinstance(amount, bool) or not isinstance(amount, (decimal.Decimal, int, str)):
            raise TypeError(f"money amount must be Decimal, int or str, not {type(amount).__name__}")
        if not isinstance(currency, str):
            raise TypeError("currency must be a str (ISO 4217 code)")
        object.__setattr__(self, "amount", decimal.Decimal(amount))
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "_clm_minor", None)  # set by libclm's parse

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def _clm_text(self) -> str:
        return f"{self.amount:f} {self.currency}"

    @classmethod
    def parse(cls, text: str) -> "Money":
        """Parses "1234.50 RUB" (clm_money_parse)."""
        return _clm.money_parse(text)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> "Money":
        """The amount of `minor` minor units (kopecks, cents)."""
        return _clm.money_from_minor(minor, currency)

    @property
    def minor(self) -> int:
        """The amount in minor units, as libclm holds it."""
        return _clm.money_minor(self)

    def __str__(self) -> str:
        return _clm.money_format(self)

    def __repr__(self) -> str:
        return f"Money('{self.amount}', {self.currency!r})"

    def to_dict(self) -> dict:
        return {"amount": str(self.amount), "currency": self.currency}

    def __add__(self, other: "Money") -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        return _clm.money_add(self, other)

    def __sub__(self, other: "Money") -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        return _clm.money_sub(self, other)

    def __neg__(self) -> "Money":
        return _clm.money_neg(self)

    def __mul__(self, qty: int) -> "Money":
        if isinstance(qty, bool) or not isinstance(qty, int):
            return NotImplemented
        return _clm.money_mul(self, qty)

    __rmul__ = __mul__

    def mul_frac(self, qty: int, scale: int, rounding: Rounding) -> "Money":
        """self * qty / scale, rounded by `rounding` (clm_money_mul_frac)."""
        return _clm.money_mul_frac(self, qty, scale, int(rounding))

    def mul_rate(self, rate: "Rate", rounding: Rounding) -> "Money":
        """self * rate, rounded by `rounding` (clm_money_mul_rate)."""
        return _clm.money_mul_rate(self, Rate._ppm_of(rate), int(rounding))

    def allocate(self, weights: Sequence[int]) -> List["Money"]:
        """Splits self by integer weights; the parts add up exactly
        (clm_money_allocate, largest remainder)."""
        return _clm.money_allocate(self, list(weights))

    def _cmp(self, other: object) -> int:
        if not isinstance(other, Money):
            raise TypeError("Money compares with Money")
        return _clm.money_cmp(self, other)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __lt__(self, other: "Money") -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: "Money") -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: "Money") -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: "Money") -> bool:
        return self._cmp(other) >= 0


class Rate:
    """A rate in parts per million (clm_rate): Rate.parse("12.5%"),
    Rate(125000). str() is libclm's shortest exact percentage."""

    __slots__ = ("ppm",)

    ONE = _clm.CLM_RATE_ONE
    PERCENT = _clm.CLM_RATE_PERCENT
    BP = _clm.CLM_RATE_BP

    def __init__(self, ppm: int) -> None:
        if isinstance(ppm, bool) or not isinstance(ppm, int):
            raise TypeError("Rate takes an int count of parts per million; use Rate.parse('12.5%')")
        object.__setattr__(self, "ppm", ppm)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Rate is immutable")

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """Parses "12.5", "12.5%", "-3 %" (clm_rate_parse)."""
        return cls(_clm.rate_parse(text))

    @staticmethod
    def _ppm_of(rate: Union["Rate", int]) -> int:
        return rate.ppm if isinstance(rate, Rate) else int(rate)

    def apply(self, value: int, rounding: Rounding) -> int:
        """value * rate, rounded by `rounding` (clm_rate_apply)."""
        return _clm.rate_apply(value, self.ppm, int(rounding))

    def __str__(self) -> str:
        return _clm.rate_format(self.ppm)

    def __repr__(self) -> str:
        return f"Rate.parse({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rate) and other.ppm == self.ppm

    def __hash__(self) -> int:
        return hash(self.ppm)

    def to_dict(self) -> dict:
        return {"ppm": self.ppm, "text": str(self)}


def div_round(num: int, den: int, rounding: Rounding) -> int:
    """num / den rounded by `rounding` (clm_div_round)."""
    return _clm.div_round(num, den, int(rounding))


def muldiv_round(a: int, num: int, den: int, rounding: Rounding) -> int:
    """a * num / den without intermediate overflow, rounded (clm_muldiv_round)."""
    return _clm.muldiv_round(a, num, den, int(rounding))


def parse_date(text: str) -> datetime.date:
    """Parses "YYYY-MM-DD" (clm_date_parse)."""
    return _clm.date_parse(text)


def add_days(d: datetime.date, days: int) -> datetime.date:
    return _clm.date_add_days(d, days)


def add_months(d: datetime.date, months: int) -> datetime.date:
    """Same-numbered day, or the month's last day (clm_date_add_months)."""
    return _clm.date_add_months(d, months)


def weekday(d: datetime.date) -> Weekday:
    return Weekday(_clm.date_weekday(d))


class Calendar:
    """A working-day calendar (clm_calendar): a weekend, dated holidays and
    working days, an optional coverage."""

    def __init__(self, name: str = "", *, _handle: object = None) -> None:
        self._h = _handle if _handle is not None else _clm.calendar_new(name)

    @classmethod
    def russia(cls) -> "Calendar":
        """The Russian production calendar built into libclm."""
        return cls(_handle=_clm.calendar_new_ru())

    @classmethod
    def from_xml(cls, data: Union[bytes, str], source: Optional[str] = None) -> "Calendar":
        if isinstance(data, str):
            data = data.encode("utf-8")
        return cls(_handle=_clm.calendar_load_xml(data, source))

    @classmethod
    def load(cls, path: str) -> "Calendar":
        return cls(_handle=_clm.calendar_load_file(path))

    def to_xml(self) -> bytes:
        return _clm.calendar_save_xml(self._h)

    def copy(self) -> "Calendar":
        return Calendar(_handle=_clm.calendar_dup(self._h))

    def close(self) -> None:
        self._h.close()

    def __enter__(self) -> "Calendar":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        return _clm.calendar_name(self._h)

    @property
    def weekend(self) -> frozenset:
        mask = _clm.calendar_weekend(self._h)
        return frozenset(w for w in Weekday if mask & (1 << (w - 1)))

    @weekend.setter
    def weekend(self, days: Sequence[Weekday]) -> None:
        mask = 0
        for w in days:
            mask |= 1 << (int(Weekday(w)) - 1)
        _clm.calendar_set_weekend(self._h, mask)

    @property
    def coverage(self) -> Optional[Tuple[datetime.date, datetime.date]]:
        return _clm.calendar_coverage(self._h)

    def set_coverage(self, first: datetime.date, last: datetime.date) -> None:
        _clm.calendar_set_coverage(self._h, first, last)

    def add_day(self, d: datetime.date, kind: DayKind, note: Optional[str] = None) -> None:
        _clm.calendar_add_day(self._h, d, int(kind), note)

    def days(self) -> Iterator[Tuple[datetime.date, DayKind, Optional[str]]]:
        """The dated exceptions, in date order."""
        for d, kind, note in _clm.calendar_days(self._h):
            yield d, DayKind(kind), note

    def is_working(self, d: datetime.date) -> bool:
        return _clm.calendar_is_working(self._h, d)

    def roll_forward(self, d: datetime.date) -> datetime.date:
        return _clm.calendar_roll_forward(self._h, d)

    def add_working_days(self, d: datetime.date, n: int) -> datetime.date:
        return _clm.calendar_add_working_days(self._h, d, n)

    def count_working_days(self, first: datetime.date, last: datetime.date) -> int:
        return _clm.calendar_count_working_days(self._h, first, last)

    def term_end(self, event: datetime.date, n: int, unit: TermUnit) -> datetime.date:
        """The last day of a term of n units after `event` (Civil Code
        art. 191-193, by clm_term_end)."""
        return _clm.term_end(self._h, event, n, int(unit))

    def __repr__(self) -> str:
        if self._h.closed:
            return "<Calendar (closed)>"
        return f"<Calendar {self.name!r} days={sum(1 for _ in self.days())}>"
