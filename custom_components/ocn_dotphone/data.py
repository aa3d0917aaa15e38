"""What a refresh hands to the entities: the figures of each contract's months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Self

from .client import JST, Call, Contract, Statement


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """The figures of one month's statement that the sensors show."""

    month: date
    total: Decimal
    call_charges: Decimal
    base_fee: Decimal
    chakuwari_discount: Decimal
    call_count: int
    call_duration: timedelta

    @classmethod
    def from_statement(cls, statement: Statement) -> Self:
        """Return what the sensors need of a statement, not the call list."""
        return cls(
            month=statement.month,
            total=statement.total,
            call_charges=statement.call_charges,
            base_fee=statement.base_fee,
            chakuwari_discount=statement.chakuwari_discount,
            call_count=statement.call_count,
            call_duration=statement.total_duration,
        )

    @classmethod
    def nothing_yet(cls, month: date) -> Self:
        """Return the figures of a month the site does not list yet: nothing on it."""
        return cls(
            month=month,
            total=Decimal(0),
            call_charges=Decimal(0),
            base_fee=Decimal(0),
            chakuwari_discount=Decimal(0),
            call_count=0,
            call_duration=timedelta(),
        )

    @property
    def started(self) -> datetime:
        """Return the start of the statement month, in Japan time as the site counts it."""
        return datetime(self.month.year, self.month.month, 1, tzinfo=JST)


class MonthEvent(StrEnum):
    """What a refresh noticed about a closed month."""

    #: A month the site had not closed at the previous refresh.
    CLOSED = "month_closed"
    #: The site now shows other figures for a closed month than it did.
    REVISED = "month_revised"


@dataclass(frozen=True, slots=True)
class MonthChange:
    """A closed month that is new or revised since the previous refresh."""

    event: MonthEvent
    figures: MonthFigures


@dataclass(frozen=True, slots=True)
class ContractData:
    """One 050 contract with its current and last closed month."""

    contract: Contract
    current: MonthFigures
    previous: MonthFigures | None
    #: Every closed month the site offers, oldest first (``previous`` is the last).
    closed: tuple[MonthFigures, ...] = ()
    #: Closed months this refresh found new or revised, oldest first.
    changes: tuple[MonthChange, ...] = ()
    #: Calls on the site since the previous refresh, oldest first (see calls.py).
    new_calls: tuple[Call, ...] = ()


@dataclass(frozen=True, slots=True)
class OcnData:
    """Result of one refresh."""

    customer_number: str
    contracts: dict[str, ContractData]
    updated_at: datetime


#: Contract number -> month -> figures of the closed months read so far.
type History = dict[str, dict[date, MonthFigures]]


def month_changes(
    known: dict[date, MonthFigures], closed: list[MonthFigures]
) -> tuple[MonthChange, ...]:
    """Return the closed months that are new since ``known``, or whose figures changed."""
    if not known:
        # The first reading of a contract (the back-fill) announces nothing.
        return ()
    newest = max(known)
    changes = []
    for figures in closed:
        before = known.get(figures.month)
        if before is None and figures.month > newest:
            changes.append(MonthChange(MonthEvent.CLOSED, figures))
        elif before is not None and before != figures:
            changes.append(MonthChange(MonthEvent.REVISED, figures))
    return tuple(changes)
