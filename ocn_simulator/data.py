"""Accounts, contracts and their deterministic call history."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")

# (call type as printed, yen per unit tax included, unit in seconds)
OUTGOING_RATES = (
    ("国内固定電話", Decimal("8.8"), 180),
    ("携帯電話", Decimal("17.6"), 60),
    ("IP電話", Decimal("8.8"), 180),
)
INCOMING_TYPE = "着信"
# 着割: ¥0.5 off per full 60 seconds of incoming calls, capped at the call charges.
CHAKUWARI_PER_MINUTE = Decimal("0.5")
UNIVERSAL_SERVICE_FEE = Decimal(2)
BASE_FEES = {"OCNドットフォン オフィス": Decimal(1100), "050あんしんナンバー": Decimal(330)}
MOBILE_PREFIXES = ("070", "080", "090")


@dataclass(frozen=True)
class SimContract:
    """A 050 contract held by an account."""

    contract_number: str
    phone_number: str
    service: str = "OCNドットフォン オフィス"


@dataclass
class SimAccount:
    """An OCN ID with its password, contact number and contracts."""

    username: str
    password: str
    contact_phone: str
    customer_number: str
    contracts: list[SimContract] = field(default_factory=list)
    #: Every login asks for a one-time password sent to the OCN ID's mailbox.
    email_otp: bool = False
    #: The site asks for a new password before letting the account in.
    password_change_requested: bool = False
    #: A first login stops at the terms of use.
    terms_pending: bool = False

    @property
    def is_mobile(self) -> bool:
        """SMS can only reach 070, 080 and 090 numbers."""
        return self.contact_phone.startswith(MOBILE_PREFIXES)


@dataclass(frozen=True, slots=True)
class SimCall:
    """One call as the site lists it."""

    started_at: datetime
    other_party: str
    duration: int
    charge: Decimal
    call_type: str
    chakuwari: bool


@dataclass(frozen=True)
class SimStatement:
    """The figures of one contract's month, as of the simulator's clock."""

    contract_number: str
    month: date
    base_fee: Decimal
    call_charges: Decimal
    chakuwari_discount: Decimal
    universal_service_fee: Decimal
    total: Decimal
    calls: tuple[SimCall, ...]

    @property
    def call_count(self) -> int:
        """Number of calls listed."""
        return len(self.calls)

    @property
    def total_duration(self) -> timedelta:
        """Sum of the listed calls' durations."""
        return timedelta(seconds=sum(call.duration for call in self.calls))


def month_start(day: date) -> date:
    """First day of the month holding ``day``."""
    return date(day.year, day.month, 1)


def add_months(month: date, count: int) -> date:
    """The first of the month ``count`` months after ``month`` (negative goes back)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _random_number(rng: random.Random, call_type: str) -> str:
    if call_type == "携帯電話":
        return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
    if call_type == "IP電話":
        return f"050{rng.randrange(10**8):08d}"
    return f"0{rng.randrange(3, 10)}{rng.randrange(10**8):08d}"


def generate_calls(
    seed: int,
    contract_number: str,
    month: date,
    count: int,
    revision: int = 0,
    *,
    until: datetime | None = None,
) -> list[SimCall]:
    """Every call of a month, the same for the same arguments.

    The calls spread over the whole month, or over its start up to ``until`` alone.
    """
    rng = random.Random(f"{seed}:{contract_number}:{month:%Y-%m}:{revision}")
    start = datetime(month.year, month.month, 1, tzinfo=JST)
    end = until or datetime.combine(add_months(month, 1), datetime.min.time(), JST)
    span = max(int((end - start).total_seconds()), 1)
    # A month squeezed into its first minutes still has one call per second at most.
    offsets = (
        rng.sample(range(span), count) if until else [rng.randrange(span) for _ in range(count)]
    )
    calls = []
    for offset in sorted(offsets):
        duration = rng.randrange(5, 900)
        if rng.random() < 0.3:
            from_type = rng.choice(("国内固定電話", "携帯電話", "IP電話"))
            calls.append(
                SimCall(
                    started_at=start + timedelta(seconds=offset),
                    other_party=_random_number(rng, from_type),
                    duration=duration,
                    charge=Decimal(0),
                    call_type=INCOMING_TYPE,
                    # Only calls from fixed and mobile phones count for 着割.
                    chakuwari=from_type != "IP電話",
                )
            )
            continue
        call_type, rate, unit = rng.choice(OUTGOING_RATES)
        calls.append(
            SimCall(
                started_at=start + timedelta(seconds=offset),
                other_party=_random_number(rng, call_type),
                duration=duration,
                charge=rate * math.ceil(duration / unit),
                call_type=call_type,
                chakuwari=False,
            )
        )
    return calls


def build_statement(contract: SimContract, month: date, calls: list[SimCall]) -> SimStatement:
    """Totals for the listed calls, by the site's rules."""
    call_charges = sum((c.charge for c in calls), Decimal(0)).to_integral_value(ROUND_DOWN)
    incoming_minutes = sum(c.duration for c in calls if c.chakuwari) // 60
    discount = min(
        (CHAKUWARI_PER_MINUTE * incoming_minutes).to_integral_value(ROUND_DOWN),
        call_charges,
    )
    base_fee = BASE_FEES.get(contract.service, Decimal(1100))
    total = base_fee + call_charges - discount + UNIVERSAL_SERVICE_FEE
    return SimStatement(
        contract_number=contract.contract_number,
        month=month,
        base_fee=base_fee,
        call_charges=call_charges,
        chakuwari_discount=discount,
        universal_service_fee=UNIVERSAL_SERVICE_FEE,
        total=total,
        calls=tuple(calls),
    )
