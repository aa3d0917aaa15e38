"""Typed results of the client: what the pages show, as values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple


class AuthMethod(StrEnum):
    """How the site can deliver a one-time code."""

    SMS = "sms"
    VOICE = "voice"


class LoginResult(StrEnum):
    """Where a login ends."""

    #: The statements are reachable: the session or a remembered browser skipped the code.
    AUTHENTICATED = "authenticated"
    #: The site asks for the contact number before it sends a code.
    CONTACT_NUMBER = "contact_number"
    #: The OCN ID has the email one-time password on: the site has just mailed a code.
    EMAIL_CODE = "email_code"


@dataclass(frozen=True, slots=True)
class Contract:
    """A 050 IP phone contract of the account."""

    contract_number: str
    phone_number: str
    label: str


class Call(NamedTuple):
    """One line of a month's call list.

    A named tuple rather than a dataclass: a month can list tens of thousands of calls, and
    a tuple is built several times faster than a frozen dataclass, just as immutable.
    """

    started_at: datetime
    other_party: str
    duration: timedelta
    charge: Decimal
    call_type: str
    chakuwari: bool


@dataclass(frozen=True, slots=True)
class Statement:
    """One contract's statement for one month, as the 050IP電話利用明細 page shows it.

    Amounts are yen; ``chakuwari_discount`` is the amount taken off (zero or positive).
    """

    contract_number: str
    month: date
    call_charges: Decimal
    base_fee: Decimal
    chakuwari_discount: Decimal
    universal_service_fee: Decimal
    total: Decimal
    tax_included: bool
    call_count: int
    total_duration: timedelta
    calls: tuple[Call, ...]
    #: The contract's 050 number as the page shows it outside the call list, else "".
    phone_number: str = ""


@dataclass(frozen=True, slots=True)
class Account:
    """The account behind a login: its customer number and its 050 contracts."""

    customer_number: str
    contracts: tuple[Contract, ...]
