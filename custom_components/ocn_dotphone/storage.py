"""Persistent state of one config entry: site cookies and closed months."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN, STORAGE_VERSION


class StoredState(TypedDict):
    """What the Store file holds."""

    #: ``OcnMyPageClient.export_session()``: keeps the login and the remembered browser.
    session: dict[str, Any]
    #: Contract number -> ISO month -> figures of every closed month the site offers
    #: (see ``MonthFigures``): each is fetched once, then only re-checked daily.
    history: dict[str, dict[str, dict[str, Any]]]
    #: When the closed months were last all read again (ISO time), to notice revisions.
    history_checked_at: str | None
    #: ISO time since which the account waits for the user to sign in again; absent otherwise.
    reauth_since: NotRequired[str]


class OcnStore:
    """The Store of one entry, kept apart from the entry so cookies can change often."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind to the entry's file."""
        self._store: Store[StoredState] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}", private=True
        )

    async def async_load(self) -> StoredState:
        """Return the stored state, empty when nothing was saved yet."""
        data: dict[str, Any] = dict(await self._store.async_load() or {})
        # A file of an earlier release has no history yet: the next refresh back-fills it.
        state = StoredState(
            session=data.get("session", {}),
            history=data.get("history", {}),
            history_checked_at=data.get("history_checked_at"),
        )
        if "reauth_since" in data:
            state["reauth_since"] = data["reauth_since"]
        return state

    async def async_save(self, state: StoredState) -> None:
        """Write the state."""
        await self._store.async_save(state)

    async def async_set_reauth_since(self, since: datetime) -> None:
        """Record that the account waits for the user, keeping the rest as it is."""
        state = await self.async_load()
        state["reauth_since"] = since.isoformat()
        await self.async_save(state)

    async def async_remove(self) -> None:
        """Delete the file, with the entry."""
        await self._store.async_remove()
