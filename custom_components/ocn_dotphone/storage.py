"""Persistent state of one config entry: site cookies and closed months."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .calls import CallMark
from .client import Contract
from .const import DOMAIN, STORAGE_VERSION
from .data import History, MonthFigures


class StoredState(TypedDict):
    """What the Store file holds."""

    #: ``OcnMyPageClient.export_session()``: keeps the login and the remembered browser.
    session: dict[str, Any]
    #: Contract number -> ISO month -> figures of every closed month the site offers
    #: (see ``figures_as_dict``): each is fetched once, then only re-checked daily.
    history: dict[str, dict[str, dict[str, Any]]]
    #: When the closed months were last all read again (ISO time), to notice revisions.
    history_checked_at: str | None
    #: ISO time since which the account waits for the user to sign in again; absent otherwise.
    reauth_since: NotRequired[str]
    #: Contract number -> the latest call seen (``CallMark.as_dict``); absent before any.
    calls_seen: NotRequired[dict[str, dict[str, Any]]]
    #: The contracts the last good refresh listed (``Contract`` fields): their entities
    #: come up with the entry even while it waits for a sign-in. Absent before any.
    contracts: NotRequired[list[dict[str, str]]]


class OcnStore:
    """The Store of one entry, kept apart from the entry so cookies can change often."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind to the entry's file."""
        self._hass = hass
        self._store: Store[StoredState] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}", private=True
        )
        #: Where a file that failed validation was moved, and what was wrong with it.
        self.set_aside: str | None = None
        self.damage: str | None = None

    async def async_load(self) -> StoredState:
        """Return the stored state: empty when nothing was saved yet, or when it is damaged.

        A file that cannot be read or fails validation (not an object, wrong types,
        garbage inside) is moved aside (``set_aside``), so that the entry loads without
        its cookies and months rather than failing every setup.
        """
        try:
            state = _validated(await self._store.async_load() or {})
        except Exception as err:
            self.damage = type(err).__name__
            self.set_aside = await self._hass.async_add_executor_job(_move_aside, self._store.path)
            return StoredState(session={}, history={}, history_checked_at=None)
        return state

    async def async_save(self, state: StoredState) -> None:
        """Write the state."""
        await self._store.async_save(state)

    async def async_save_refresh(
        self,
        session: dict[str, Any],
        history: History,
        checked_at: datetime | None,
        call_marks: dict[str, CallMark],
        contracts: list[Contract],
    ) -> None:
        """Write what a successful refresh leaves: cookies, closed months, calls, contracts."""
        await self.async_save(
            StoredState(
                session=session,
                history={
                    number: {month.isoformat(): figures_as_dict(f) for month, f in months.items()}
                    for number, months in history.items()
                },
                history_checked_at=checked_at.isoformat() if checked_at else None,
                calls_seen={number: mark.as_dict() for number, mark in call_marks.items()},
                contracts=[
                    {
                        "contract_number": c.contract_number,
                        "phone_number": c.phone_number,
                        "label": c.label,
                    }
                    for c in contracts
                ],
            )
        )

    async def async_set_reauth_since(self, since: datetime) -> None:
        """Record that the account waits for the user, keeping the rest as it is."""
        state = await self.async_load()
        state["reauth_since"] = since.isoformat()
        await self.async_save(state)

    async def async_remove(self) -> None:
        """Delete the file, with the entry."""
        await self._store.async_remove()


def _validated(data: Any) -> StoredState:
    """Return the state a file holds, checked through; raise on anything out of shape."""
    if not isinstance(data, dict):
        raise TypeError("not an object")
    session = data.get("session", {})
    if not isinstance(session, dict):
        raise TypeError("session")
    # A file of an earlier release has no history yet: the next refresh back-fills it.
    state = StoredState(
        session=session,
        history=data.get("history", {}),
        history_checked_at=data.get("history_checked_at"),
    )
    for key in ("reauth_since", "calls_seen", "contracts"):
        if key in data:
            state[key] = data[key]
    cookies = session.get("cookies", [])
    if not isinstance(cookies, list) or not all(
        isinstance(cookie, dict)
        and all(isinstance(cookie.get(key), str) for key in ("name", "value", "domain"))
        for cookie in cookies
    ):
        raise TypeError("cookies")
    if not all(
        isinstance(fields, dict) and all(isinstance(value, str) for value in fields.values())
        for fields in state.get("contracts", [])
    ):
        raise TypeError("contracts")
    # Everything that is read later is read once now.
    history_of(state)
    call_marks_of(state)
    contracts_of(state)
    time_of(state["history_checked_at"])
    time_of(state.get("reauth_since"))
    return state


def _move_aside(path: str) -> str:
    """Rename a damaged file to ``<name>.damaged`` (replacing an older one); return the name."""
    target = f"{path}.damaged"
    if os.path.exists(path):
        os.replace(path, target)
    return target


def history_of(state: StoredState) -> History:
    """Return the closed months the state holds."""
    return {
        number: {figures.month: figures for figures in map(figures_from_dict, months.values())}
        for number, months in state["history"].items()
    }


def call_marks_of(state: StoredState) -> dict[str, CallMark]:
    """Return the latest call seen of each contract, as the state holds them."""
    return {
        number: CallMark.from_dict(mark) for number, mark in state.get("calls_seen", {}).items()
    }


def contracts_of(state: StoredState) -> dict[str, Contract]:
    """Return the contracts the last good refresh listed, by number."""
    contracts = (Contract(**fields) for fields in state.get("contracts", []))
    return {contract.contract_number: contract for contract in contracts}


def time_of(value: str | None) -> datetime | None:
    """Return a time the state holds as ISO text."""
    return datetime.fromisoformat(value) if value else None


def figures_as_dict(figures: MonthFigures) -> dict[str, Any]:
    """Return the figures JSON-safe; amounts as strings so no yen is lost to floats."""
    return {
        "month": figures.month.isoformat(),
        "total": str(figures.total),
        "call_charges": str(figures.call_charges),
        "base_fee": str(figures.base_fee),
        "chakuwari_discount": str(figures.chakuwari_discount),
        "call_count": figures.call_count,
        "call_duration": figures.call_duration.total_seconds(),
    }


def figures_from_dict(data: dict[str, Any]) -> MonthFigures:
    """Read what ``figures_as_dict`` wrote."""
    return MonthFigures(
        month=date.fromisoformat(data["month"]),
        total=Decimal(data["total"]),
        call_charges=Decimal(data["call_charges"]),
        base_fee=Decimal(data["base_fee"]),
        chakuwari_discount=Decimal(data["chakuwari_discount"]),
        call_count=int(data["call_count"]),
        call_duration=timedelta(seconds=float(data["call_duration"])),
    )
