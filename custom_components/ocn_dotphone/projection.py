"""The month's total projected from the statement so far.

The statement's fixed part (base fee and universal service fee: everything but the calls)
is charged whole whatever the calls; the call-dependent part (call charges less the 着割
discount) has grown with the part of the month gone by. The projection is the fixed part
plus the call-dependent part divided by the elapsed fraction of the month, counted in
Japan time as the site counts its months. The fraction is at least one day's, so that one
call in the first hour of a month does not count seven hundred times; once the month is
over the fraction is one and the projection is the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .data import MonthFigures

_SECOND = timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class Projection:
    """A projected month total and how much of the month it rests on."""

    total: Decimal
    #: Part of the month gone by at ``as_of``, from 0 (exclusive) to 1.
    elapsed: float
    as_of: datetime


def month_bounds(figures: MonthFigures) -> tuple[datetime, datetime]:
    """Return the start and end of the statement month in Japan time."""
    start = figures.started
    return start, (start + timedelta(days=32)).replace(day=1)


def project(figures: MonthFigures, as_of: datetime) -> Projection:
    """Return the month total that ``figures`` as read at ``as_of`` point to."""
    start, end = month_bounds(figures)
    length = end - start
    elapsed = min(max(as_of - start, timedelta(days=1)), length)
    # In whole seconds, so the projection is exact decimal arithmetic on the yen.
    fraction = Decimal(elapsed // _SECOND) / Decimal(length // _SECOND)
    variable = figures.call_charges - figures.chakuwari_discount
    fixed = figures.total - variable
    total = fixed + variable / fraction
    return Projection(total.quantize(Decimal(1), ROUND_HALF_UP), float(fraction), as_of)
