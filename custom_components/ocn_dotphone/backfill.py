"""The closed months a refresh leaves out, read in the background after it.

A refresh reads each contract's current month, and its last closed one until that is
kept (coordinator.py). The older closed months the site offers (up to six) are read
here, once Home Assistant has started and after any refresh that leaves some unread;
once a day every closed month is read again, to notice the site's revisions. So setup,
and with it the config flow's last step, waits for two pages a contract rather than
seven, and a restart for one page a contract and nothing of this. Every month is read
whole, every page of a call list split over pages: it is kept as read.

It shares the refresh's client, and with it the pause between page loads, and reads
one contract at a time between refreshes (the coordinator's walk lock). Each month is
kept as it is read: the sensors, the statistics and the event of a revised month get
it at once, and a restart goes on where it stopped. It never logs in, so it never
makes the site send a code: when the session lapses it stops, and the next successful
refresh (which logs in again where it may) starts it again.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.core import CALLBACK_TYPE, CoreState, HomeAssistant, callback
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from .client import Contract, OcnError
from .const import DOMAIN, LOGGER
from .data import MonthFigures

if TYPE_CHECKING:
    from .coordinator import OcnCoordinator

# Closed months are normally read once. The site may still correct one, so once a day
# every closed month it offers is read again (six requests a contract, in the background).
HISTORY_RECHECK = timedelta(days=1)


class OcnBackfill:
    """Reads the closed months not kept yet, and all of them again once a day."""

    def __init__(self, coordinator: OcnCoordinator) -> None:
        """Work for the coordinator's entry, with its client."""
        self._coordinator = coordinator
        self._task: asyncio.Task[None] | None = None
        #: Closed months read since the entry was set up.
        self.months_read = 0
        #: The type of the error that stopped the last run, if one did.
        self.stopped_by: str | None = None

    @property
    def running(self) -> bool:
        """Return whether a run is reading now or waiting for its turn."""
        return self._task is not None and not self._task.done()

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Run once Home Assistant has started, and after every successful refresh; return the stop.

        Not while it starts: a restart then waits for nobody's pages but the first refresh's.
        """

        @callback
        def _async_started(hass: HomeAssistant) -> None:
            self._async_refreshed()

        stop_waiting = async_at_started(self._coordinator.hass, _async_started)
        stop_listening = self._coordinator.async_add_listener(self._async_refreshed)

        @callback
        def _async_stop() -> None:
            stop_waiting()
            stop_listening()

        return _async_stop

    @callback
    def _async_refreshed(self) -> None:
        """Start a run in the entry's background if there is work and none runs."""
        coordinator = self._coordinator
        if (
            coordinator.hass.state is not CoreState.running
            or self.running
            or not coordinator.last_update_success
            or not self._has_work()
        ):
            return
        # Not started eagerly: the setup or refresh that calls this returns first.
        self._task = coordinator.config_entry.async_create_background_task(
            coordinator.hass, self._async_run(), f"{DOMAIN} back-fill", eager_start=False
        )

    def _has_work(self) -> bool:
        """Return whether a closed month is unread, or the daily re-reading is due."""
        return self._recheck_due(dt_util.utcnow()) or any(
            self._missing(number) for number in self._coordinator.offered_closed
        )

    def _recheck_due(self, now: datetime) -> bool:
        """Return whether every closed month is to be read again (never before a first run)."""
        checked = self._coordinator.history_checked_at
        return checked is not None and now - checked >= HISTORY_RECHECK

    def _missing(self, number: str) -> list[date]:
        """Return the closed months of a contract the site offers and nobody kept."""
        held = self._coordinator.held_closed(number)
        return [m for m in self._coordinator.offered_closed.get(number, ()) if m not in held]

    async def _async_run(self) -> None:
        """Read every contract's months, newest first; stop quietly at the first error."""
        coordinator = self._coordinator
        started = dt_util.utcnow()
        recheck = self._recheck_due(started)
        self.stopped_by = None
        assert coordinator.data is not None
        # Last first: the refresh left the last contract's statements open.
        contracts = [item.contract for item in reversed(coordinator.data.contracts.values())]
        try:
            for contract in contracts:
                if not await self._async_read_contract(contract, recheck):
                    return
        except OcnError as err:
            # Mostly a lapsed session: the next successful refresh starts a new run.
            self.stopped_by = type(err).__name__
            LOGGER.debug("Back-fill of closed months stopped: %s", self.stopped_by)
            return
        if recheck or coordinator.history_checked_at is None:
            await coordinator.async_history_checked(started)

    async def _async_read_contract(self, contract: Contract, recheck: bool) -> bool:
        """Read a contract's closed months in one turn; return False if a refresh failed."""
        coordinator = self._coordinator
        number = contract.contract_number
        async with coordinator.walk_lock:
            # A failed refresh in between (a lapse, maintenance) means the site will
            # not answer either: wait for a good one.
            if not coordinator.last_update_success or coordinator.reauth_since is not None:
                return False
            offered = coordinator.offered_closed.get(number, ())
            months = offered if recheck else self._missing(number)
            for month in sorted(months, reverse=True):
                # Whole: a closed month is kept as read, its call count and duration too.
                statement = await coordinator.client.fetch_statement(
                    contract, month, all_calls=True
                )
                await coordinator.async_keep_closed_month(
                    number, MonthFigures.from_statement(statement)
                )
                self.months_read += 1
        return True

    def progress(self) -> dict[str, Any]:
        """Return how far the back-fill got, for diagnostics (counts only)."""
        coordinator = self._coordinator
        offered = coordinator.offered_closed
        return {
            "running": self.running,
            "closed_months_offered": sum(len(months) for months in offered.values()),
            "closed_months_missing": sum(len(self._missing(number)) for number in offered),
            "months_read_since_setup": self.months_read,
            # Due: every closed month is read again at the next run, kept or not.
            "recheck_due": self._recheck_due(dt_util.utcnow()),
            "stopped_by": self.stopped_by,
            "history_checked_at": coordinator.history_checked_at.isoformat()
            if coordinator.history_checked_at
            else None,
        }
