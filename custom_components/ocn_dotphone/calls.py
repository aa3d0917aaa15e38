"""Which calls on the site are new since the previous refresh, once each, across restarts.

Each contract keeps a high-water mark: the start time of the latest call seen, and a
digest of each call that started at exactly that time (two calls can share a second).
A call is new when it started after the mark, or at the mark without being one of the
calls counted there. The mark lives in the entry's Store, so a restart or a reload
announces nothing twice. A contract's first reading (its current month and the one
before) only sets the mark: nothing that happened before the integration watched is news.
The older months the back-fill reads afterwards (backfill.py) all come before the mark:
their calls are never looked at.

The calls come from the statements a refresh reads anyway (the current month's page lists
them, and the page of a month that just closed its last ones), so finding new calls costs
no request. When the call list is split over pages, the mark also keeps the month's call
count as printed then: a refresh whose count has not grown reads no further page, and one
whose count has grown reads only the pages from the one holding the first call not counted
(the list runs oldest first).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Self

from .client import Call, normalize_phone


class NumberKind(StrEnum):
    """What kind of line the other party's number is, told by its prefix."""

    INTERNATIONAL = "international"
    PREMIUM = "premium"
    FREE_DIAL = "free_dial"
    MOBILE = "mobile"
    IP = "ip"
    FIXED = "fixed"
    UNKNOWN = "unknown"


# Longest prefixes first where they overlap (0800 is free dial, 080 mobile).
_PREFIXES: tuple[tuple[str, NumberKind], ...] = (
    ("010", NumberKind.INTERNATIONAL),
    ("0570", NumberKind.PREMIUM),  # ナビダイヤル
    ("0990", NumberKind.PREMIUM),  # ダイヤル Q2
    ("0180", NumberKind.PREMIUM),  # テレドーム
    ("0120", NumberKind.FREE_DIAL),
    ("0800", NumberKind.FREE_DIAL),
    ("050", NumberKind.IP),
    ("070", NumberKind.MOBILE),
    ("080", NumberKind.MOBILE),
    ("090", NumberKind.MOBILE),
    ("020", NumberKind.MOBILE),  # pagers and machine-to-machine lines
)


def number_kind(number: str) -> NumberKind:
    """Return the kind of a Japanese number as the call list writes it."""
    if number.strip().startswith("+"):
        return NumberKind.INTERNATIONAL
    digits = normalize_phone(number)
    for prefix, kind in _PREFIXES:
        if digits.startswith(prefix):
            return kind
    if len(digits) == 10 and digits.startswith("0"):
        return NumberKind.FIXED
    return NumberKind.UNKNOWN


def call_digest(call: Call, key: bytes | None) -> str:
    """Return a short fingerprint of a call: the Store keeps no phone number.

    Keyed with the entry's key (HMAC): without it, a fingerprint cannot be checked against
    guessed numbers. ``None`` reads the unkeyed fingerprints of marks stored before.
    """
    text = "|".join(
        (
            call.started_at.isoformat(),
            normalize_phone(call.other_party),
            str(int(call.duration.total_seconds())),
            str(call.charge),
            call.call_type,
            str(call.chakuwari),
        )
    )
    if key is None:
        return hashlib.sha256(text.encode()).hexdigest()[:16]
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class CallMark:
    """The latest call of a contract seen so far."""

    latest: datetime
    #: Digests of the calls that started at ``latest``, one per call.
    at_latest: tuple[str, ...]
    #: The current month's call count as the site printed it; 0 when not known.
    count: int = 0
    #: Whether ``at_latest`` is keyed (see ``call_digest``); marks stored before were not.
    keyed: bool = True

    def as_dict(self) -> dict[str, Any]:
        """Return the mark JSON-safe, for the Store."""
        return {
            "latest": self.latest.isoformat(),
            "at_latest": list(self.at_latest),
            "count": self.count,
            "keyed": self.keyed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Read what ``as_dict`` wrote, also before it kept the count or keyed digests."""
        return cls(
            datetime.fromisoformat(data["latest"]),
            tuple(data["at_latest"]),
            data.get("count", 0),
            data.get("keyed", False),
        )


# Before any call: a contract's first reading needs its latest call, on the last page.
_EVER = datetime(1, 1, 1, tzinfo=UTC)


def calls_wanted(mark: CallMark | None) -> tuple[datetime, int]:
    """Return since when a refresh needs the calls, and the count printed when they were seen."""
    if mark is None:
        return _EVER, 0
    return mark.latest, mark.count


def new_calls(
    mark: CallMark | None, calls: Iterable[Call], floor: datetime, count: int, key: bytes
) -> tuple[tuple[Call, ...], CallMark]:
    """Return the calls after ``mark``, oldest first, and the mark past them.

    Without a mark nothing is new: the mark starts at the latest call, or at ``floor``
    (the start of the current month) when there is none yet. ``count`` is the current
    month's call count as printed, kept in the mark; ``key`` keys the fingerprints.
    """
    listed = sorted(calls, key=lambda call: call.started_at)
    if mark is None:
        latest = listed[-1].started_at if listed else floor
        return (), _mark_at(latest, listed, count, key)
    counted = Counter(mark.at_latest)
    # A mark stored before the key is read as it was written; the next one is keyed.
    read_key = key if mark.keyed else None
    found: list[Call] = []
    for call in listed:
        if call.started_at < mark.latest:
            continue
        if call.started_at == mark.latest:
            digest = call_digest(call, read_key)
            if counted[digest] > 0:
                counted[digest] -= 1
                continue
        found.append(call)
    if not found:
        return (), replace(mark, count=count)
    latest = found[-1].started_at
    return tuple(found), _mark_at(latest, listed, count, key)


def _mark_at(latest: datetime, calls: list[Call], count: int, key: bytes) -> CallMark:
    """Return the mark at ``latest`` that counts the listed calls of that instant."""
    digests = tuple(call_digest(call, key) for call in calls if call.started_at == latest)
    return CallMark(latest, digests, count)
