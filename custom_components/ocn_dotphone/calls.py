"""Which calls on the site are new since the previous refresh, once each, across restarts.

The site lists a call once it has ended, in the order the calls started. A long call can
therefore appear after a later, shorter one was listed and seen. Each contract keeps a
mark: the start of the latest call seen, and a fingerprint of every call listed that
started within ``LATE_LISTING`` of it (two calls can share a second). A call is new when
it started within that window, or after it, and is not one of the calls counted there.
The mark lives in the entry's Store, so a restart or a reload announces nothing twice. A
contract's first reading (its current month and the one before) only sets the mark:
nothing that happened before the integration watched is news. The older months the
back-fill reads afterwards (backfill.py) all come before the mark: their calls are never
looked at.

The calls come from the statements a refresh reads anyway (the current month's page lists
them, and the page of a month that just closed its last ones), so finding new calls costs
no request. When the call list is split over pages, the mark also keeps the month's call
count as printed then, and how many of them started before the window: a refresh whose
count has not grown reads no further page, and one whose count has grown reads only the
pages from the one holding the window's first call (the list runs oldest first, and a
call listed late only moves the later ones on).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
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


# How long before the latest call seen a call can still be listed for the first time: the
# list shows a call once it ends, so this is the longest call looked out for. A longer
# call that ends after a later one was seen is missed.
LATE_LISTING = timedelta(hours=6)
# Fingerprints a mark keeps: more than a busy office line makes in ``LATE_LISTING``.
# Beyond it the window starts later, so the Store stays small.
MAX_MARKED_CALLS = 500


@dataclass(frozen=True, slots=True)
class CallMark:
    """The calls of a contract seen so far: the latest, and those just before it."""

    latest: datetime
    #: Calls that started before this are never news (``LATE_LISTING`` before ``latest``).
    since: datetime
    #: Digests of the calls listed that started at or after ``since``, one per call.
    seen: tuple[str, ...]
    #: The current month's call count as the site printed it; 0 when not known.
    count: int = 0
    #: Of those, the calls that started before ``since``: a call list that runs oldest
    #: first holds the first call worth reading at number ``before + 1``.
    before: int = 0
    #: Whether ``seen`` is keyed (see ``call_digest``); marks stored before were not.
    keyed: bool = True
    #: The month ``count`` and ``before`` are of; None in marks stored before it was kept.
    month: date | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the mark JSON-safe, for the Store.

        The digests keep their first name, ``at_latest``: a release before the window
        reads them as the calls at ``latest``, which they include.
        """
        return {
            "latest": self.latest.isoformat(),
            "since": self.since.isoformat(),
            "at_latest": list(self.seen),
            "count": self.count,
            "before": self.before,
            "keyed": self.keyed,
            "month": self.month.isoformat() if self.month else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Read what ``as_dict`` wrote, also before it kept a window, a count or keys.

        A mark without a window is one at ``latest`` alone, whose digests are the calls
        of that instant, the last ones of the month's count.
        """
        latest = datetime.fromisoformat(data["latest"])
        seen = data["at_latest"]
        count, before, month = data.get("count", 0), data.get("before"), data.get("month")
        if not isinstance(seen, list) or not all(isinstance(digest, str) for digest in seen):
            raise TypeError("at_latest")
        if not isinstance(count, int) or not isinstance(before, int | None):
            raise TypeError("count")
        return cls(
            latest,
            datetime.fromisoformat(data["since"]) if "since" in data else latest,
            tuple(seen),
            count,
            max(0, count - len(seen)) if before is None else before,
            data.get("keyed", False),
            date.fromisoformat(month) if month else None,
        )


# Before any call: a contract's first reading needs its latest call, on the last page.
_EVER = datetime(1, 1, 1, tzinfo=UTC)


def calls_wanted(mark: CallMark | None, month: date) -> tuple[datetime, int, int]:
    """Return since when a refresh of ``month`` needs calls, the count seen, and the earlier.

    The earlier are the calls of that count that started before then. A count of another
    month's list (the mark was set before this month began) tells nothing of this one's.
    """
    if mark is None:
        return _EVER, 0, 0
    if mark.month not in (None, month):
        return mark.since, 0, 0
    return mark.since, mark.count, mark.before


def new_calls(
    mark: CallMark | None, calls: Iterable[Call], floor: datetime, count: int, key: bytes
) -> tuple[tuple[Call, ...], CallMark]:
    """Return the calls not seen before ``mark``, oldest first, and the mark past them.

    Without a mark nothing is new: the mark starts at the latest call, or at ``floor``
    (the start of the current month) when there is none yet. ``count`` is the current
    month's call count as printed, kept in the mark; ``key`` keys the fingerprints.
    ``calls`` holds every call listed since the mark's window opened.
    """
    listed = sorted(calls, key=lambda call: call.started_at)
    if mark is None:
        latest = listed[-1].started_at if listed else floor
        return (), _mark(latest, latest - LATE_LISTING, listed, floor=floor, count=count, key=key)
    counted = Counter(mark.seen)
    # A mark stored before the key is read as it was written; the next one is keyed.
    read_key = key if mark.keyed else None
    found: list[Call] = []
    for call in listed:
        if call.started_at < mark.since:
            continue
        digest = call_digest(call, read_key)
        if counted[digest] > 0:
            counted[digest] -= 1
            continue
        found.append(call)
    month = floor.date()
    if not found and mark.month in (None, month):
        return (), replace(mark, count=count)
    if not found:
        # The first reading of a new month: every page of it was read, so its count and
        # the calls before the window are known afresh.
        return (), _mark(mark.latest, mark.since, listed, floor=floor, count=count, key=key)
    latest = max(mark.latest, found[-1].started_at)
    since = max(mark.since, latest - LATE_LISTING)
    return tuple(found), _mark(latest, since, listed, floor=floor, count=count, key=key)


# Past the start of the call a full mark cuts at, so the calls of that second are left out.
_TICK = timedelta(microseconds=1)


def _mark(
    latest: datetime,
    since: datetime,
    calls: list[Call],
    *,
    floor: datetime,
    count: int,
    key: bytes,
) -> CallMark:
    """Return the mark at ``latest`` that counts the listed calls started from ``since``."""
    window = [call for call in calls if call.started_at >= since]
    if len(window) > MAX_MARKED_CALLS:
        since = window[-MAX_MARKED_CALLS].started_at + _TICK
        window = [call for call in window if call.started_at >= since]
    this_month = sum(1 for call in window if call.started_at >= floor)
    return CallMark(
        latest,
        since,
        tuple(call_digest(call, key) for call in window),
        count,
        max(0, count - this_month),
        month=floor.date(),
    )
