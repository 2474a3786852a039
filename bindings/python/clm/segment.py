"""Segmentation of the client base (clm/segment.h): ABC by turnover
(Pareto, 80/95 %), XYZ by the coefficient of variation (10/25 %), RFM
quintile scores 1-5 with the default segment names. libclm classifies;
the scoring runs without the GIL."""

from __future__ import annotations

import datetime
from typing import List, Optional, Sequence, Tuple, Union

from . import _clm
from .core import Money, Rate

Amount = Union[Money, int]


def _minors(amounts: Sequence[Amount]) -> List[int]:
    cur = None
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
    return out


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
