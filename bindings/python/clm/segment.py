"""Segmentation of the client base (clm/segment.h): ABC by turnover
(Pareto, 80/95 %), XYZ by the coefficient of variation (10/25 %), RFM
quintile scores 1-5 with the default segment names, separately or all
three from one reading of the months (abc_xyz_rfm(), or a Segmenter
that keeps its scratch from one run to the next). libclm classifies; the
scoring runs without the GIL."""

from __future__ import annotations

import datetime
from typing import List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _clm
from .core import Money, Rate

Amount = Union[Money, int]


def _minors(amounts: Sequence[Amount]) -> List[int]:
    return _minors_in(amounts, None)[0]


def _minors_in(amounts: Sequence[Amount], cur: Optional[str]) -> Tuple[List[int], Optional[str]]:
    """The minor units of `amounts`, and the currency of their Money (all
    in `cur` if given, else in the first one's; None: no Money seen)."""
    out = []
    for a in amounts:
        if isinstance(a, Money):
            if cur is None:
                cur = a.currency
            elif a.currency != cur:
                from .errors import CurrencyError
                raise CurrencyError(f"{a} mixed with {cur}")
            out.append(a.minor)
        else:
            out.append(int(a))
    return out, cur


def abc(amounts: Sequence[Amount], *, a_cut: Rate = Rate(800000), b_cut: Rate = Rate(950000),
        reject_negative: bool = False) -> List[str]:
    """The ABC class ("A", "B" or "C") of each client's amount."""
    return _clm.segment_abc(_minors(amounts), a_cut.ppm, b_cut.ppm, reject_negative)


def xyz(series: Sequence[Sequence[Amount]], *, x_cut: Rate = Rate(100000),
        y_cut: Rate = Rate(250000), reject_negative: bool = False) -> List[Tuple[str, float]]:
    """The XYZ class and coefficient of variation of each client's amounts
    per period (every client the same number of periods)."""
    if not series:
        return []
    periods = len(series[0])
    flat: List[int] = []
    for s in series:
        if len(s) != periods:
            raise ValueError("every client needs the same number of periods")
        flat.extend(_minors(s))
    return _clm.segment_xyz(flat, periods, x_cut.ppm, y_cut.ppm, reject_negative)


def rfm(last: Sequence[Union[datetime.date, int, None]], frequency: Sequence[int],
        monetary: Sequence[Amount]) -> List[Tuple[int, int, int, Optional[str]]]:
    """RFM scores (r, f, m, each 1-5) and the default segment name of each
    client; `last` is the day of the last purchase (a date, or any number
    that grows with recency; None: never bought)."""
    return _clm.segment_rfm(list(last), list(frequency), _minors(monetary))


class Segments(NamedTuple):
    """ABC, XYZ and RFM of every client from one reading of the months:
    `abc`, `xyz` and `rfm` are what abc(total), xyz(series) and
    rfm(last, frequency, total) return on the same clients (bit for bit);
    `total` is each client's sum of periods (Money in the amounts'
    currency, or minor units when they were ints), `frequency` the periods
    with an amount > 0, and `last` the index (from 0) of the last such
    period, None if none."""
    abc: List[str]
    xyz: List[Tuple[str, float]]
    rfm: List[Tuple[int, int, int, Optional[str]]]
    total: List[Amount]
    frequency: List[int]
    last: List[Optional[int]]


def _all(handle: object, series: Sequence[Sequence[Amount]], a_cut: Rate, b_cut: Rate,
         x_cut: Rate, y_cut: Rate, reject_negative: bool) -> Segments:
    # No client: any valid number of periods (2) lets libclm still check
    # the cut-offs, as abc() and xyz() do on an empty base.
    periods = len(series[0]) if series else 2
    flat: List[int] = []
    cur: Optional[str] = None
    for i, s in enumerate(series):
        if len(s) != periods:
            raise ValueError(f"every client needs the same number of periods: client {i} "
                             f"has {len(s)}, the first {periods}")
        minors, cur = _minors_in(s, cur)
        flat.extend(minors)
    a, x, r, total, freq, last = _clm.segment_all(handle, flat, periods, a_cut.ppm, b_cut.ppm,
                                                  reject_negative, x_cut.ppm, y_cut.ppm,
                                                  reject_negative)
    totals: List[Amount] = list(total) if cur is None else [Money.from_minor(t, cur) for t in total]
    return Segments(a, x, r, totals, freq, last)


def abc_xyz_rfm(series: Sequence[Sequence[Amount]], *, a_cut: Rate = Rate(800000),
                b_cut: Rate = Rate(950000), x_cut: Rate = Rate(100000),
                y_cut: Rate = Rate(250000), reject_negative: bool = False) -> Segments:
    """ABC, XYZ and RFM of each client from its amounts per period (every
    client the same number of periods, at least 2), reading them once
    (clm_segment_all()): ABC on each client's total, XYZ on its periods,
    RFM on the last period with a purchase, the number of such periods and
    the total. The same results as the separate calls, faster.
    `reject_negative` refuses a negative total (ABC) or period (XYZ):
    InvalidArgument naming the client."""
    return _all(None, series, a_cut, b_cut, x_cut, y_cut, reject_negative)


class Segmenter:
    """abc_xyz_rfm() that keeps libclm's scratch from one run to the next
    (clm_segmenter): a caller segmenting again and again allocates it once.
    One run at a time (others wait); close() frees it now, as does the end
    of a `with` block."""

    def __init__(self) -> None:
        self._h = _clm.segmenter_new()

    def run(self, series: Sequence[Sequence[Amount]], *, a_cut: Rate = Rate(800000),
            b_cut: Rate = Rate(950000), x_cut: Rate = Rate(100000),
            y_cut: Rate = Rate(250000), reject_negative: bool = False) -> Segments:
        """As abc_xyz_rfm() (same arguments, results and errors);
        ValueError once closed."""
        return _all(self._h, series, a_cut, b_cut, x_cut, y_cut, reject_negative)

    def close(self) -> None:
        """Frees the scratch now (idempotent)."""
        self._h.close()

    @property
    def closed(self) -> bool:
        return self._h.closed

    def __enter__(self) -> "Segmenter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<clm.segment.Segmenter (closed)>" if self.closed else "<clm.segment.Segmenter>"
