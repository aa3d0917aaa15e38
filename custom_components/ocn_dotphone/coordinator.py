"""Fetches the 050 statements of one OCN account on a schedule."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from dataclasses import replace
from datetime import date, datetime, timedelta
from operator import attrgetter

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .backfill import OcnBackfill
from .calls import CallMark, calls_wanted, new_calls
from .client import (
    JST,
    CodeRequired,
    Contract,
    InvalidCredentials,
    LimitReached,
    LoginResult,
    Maintenance,
    OcnError,
    OcnMyPageClient,
    PasswordChangeRequired,
    SessionExpired,
    TermsAcceptanceRequired,
    UnrecognizedPage,
)
from .const import (
    CONF_CALL_KEY,
    CONF_EMAIL_OTP,
    CONF_UPDATE_INTERVAL,
    DEFAULT_UPDATE_INTERVAL_HOURS,
    DOMAIN,
    LOGGER,
)
from .data import ContractData, MonthFigures, OcnData, month_changes
from .errors import user_error
from .issues import (
    UNRECOGNIZED_BEFORE_ISSUE,
    async_clear_unrecognized,
    async_report_unrecognized,
    async_set_site_action,
)
from .session import SignedIn
from .storage import OcnStore, StoredState, call_marks_of, contracts_of, history_of, time_of

type OcnConfigEntry = ConfigEntry[OcnCoordinator]

# Between two readings of the contract list a refresh opens only the statements, one page
# per contract, from the 料金・ご利用明細 page it already holds. A contract added on the site
# therefore shows up within this interval plus one update interval (or on a reload).
CONTRACT_DISCOVERY_INTERVAL = timedelta(hours=24)
# Newer Home Assistant versions (2026.2, unlike 2025.4) schedule the next refresh after a
# failure's ``retry_after`` seconds instead of the update interval.
_HAS_RETRY_AFTER = "retry_after" in inspect.signature(UpdateFailed.__init__).parameters


class OcnCoordinator(DataUpdateCoordinator[OcnData]):
    """Walks My Page for every 050 contract; never asks the site for a code."""

    config_entry: OcnConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OcnConfigEntry,
        client: OcnMyPageClient,
        store: OcnStore,
        state: StoredState,
        *,
        session: aiohttp.ClientSession,
        discovered_at: datetime | None = None,
    ) -> None:
        """Keep the client, the HTTP session it walks with and the stored closed months.

        ``discovered_at`` says when the client last read the contract list, if it holds
        that page: a config flow's client has just done so.
        """
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=update_interval(entry),
        )
        self.client = client
        self._session = session
        self._store = store
        self._history = history_of(state)
        #: When the back-fill last read every closed month again (see backfill.py).
        self.history_checked_at = time_of(state["history_checked_at"])
        #: Contract number -> the closed months the site offers, as the last refresh saw.
        self.offered_closed: dict[str, tuple[date, ...]] = {}
        #: Held by a refresh's walk and by the back-fill's reading of a contract, so
        #: neither tears the other's pages or kept months.
        self.walk_lock = asyncio.Lock()
        self.backfill = OcnBackfill(self)
        self._call_marks: dict[str, CallMark] = call_marks_of(state)
        #: The contracts of the last good refresh, kept across restarts: their entities
        #: exist while the account waits for a sign-in (entity.py).
        self.contracts_known: dict[str, Contract] = contracts_of(state)
        #: Since when the account waits for the user to sign in again; None when it does not.
        self.reauth_since = time_of(state.get("reauth_since"))
        self._discovered_at = discovered_at
        self._running: asyncio.Task[OcnData] | None = None
        self._unrecognized_in_a_row = 0
        #: The end the site announced for its maintenance window: no request before it.
        self._maintenance_until: datetime | None = None

    @property
    def reauth_signal(self) -> str:
        """Return the dispatcher signal sent when the account starts waiting for the user."""
        return f"{DOMAIN}_{self.config_entry.entry_id}_reauth"

    async def async_refresh(self) -> None:
        """Refresh now, or wait for the walk that runs: its data serves this refresh too.

        Newer Home Assistant versions (2026.2, unlike 2025.4) make refreshes wait in line
        for one another instead of running at once, so each would walk the site again:
        joining the running walk keeps it to one walk per account on both.
        """
        if self._running is not None and not self._running.done():
            # Its own refresh reports the outcome.
            with contextlib.suppress(Exception):
                await asyncio.shield(self._running)
            return
        await super().async_refresh()

    async def _async_update_data(self) -> OcnData:
        """Read the statements, unless the account waits for the user to sign in again.

        Refreshes asked for while one runs share it: one walk per account at a time.
        """
        if self.reauth_since is not None:
            # Only the user's sign-in in the reauth flow can heal this (async_signed_in, or
            # the setup of a reloaded entry): another login would just reach the code page.
            raise ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="reauth_pending")
        if self._maintenance_until is not None:
            # The site said when it is back: asking earlier would only load the notice again.
            if dt_util.utcnow() < self._maintenance_until:
                raise _maintenance_failed(self._maintenance_until)
            self._maintenance_until = None
        if self._running is None or self._running.done():
            self._running = self.hass.async_create_task(
                self._async_read_in_turn(), f"{DOMAIN} refresh", eager_start=False
            )
        return await asyncio.shield(self._running)

    async def async_shutdown(self) -> None:
        """Stop refreshing, and end a walk that runs: nobody waits for it any more."""
        if self._running is not None:
            self._running.cancel()
        await super().async_shutdown()

    @callback
    def async_detach_session(self) -> None:
        """Let go of the HTTP session, with the entry: Home Assistant's connector stays open."""
        self._session.detach()

    async def _async_read_in_turn(self) -> OcnData:
        """Read the site once the back-fill has finished the contract it reads."""
        async with self.walk_lock:
            return await self._async_read()

    async def _async_read(self) -> OcnData:
        """Read the site, keep what the next refresh needs, and report what went wrong.

        A failure also makes the next refresh read the contract list again, since it
        may mean the list changed.
        """
        try:
            data = await self._async_read_signed_in()
        except ConfigEntryAuthFailed:
            self._discovered_at = None
            await self._async_wait_for_user()
            raise
        except OcnError as err:
            self._discovered_at = None
            error = user_error(err)
            if isinstance(err, (InvalidCredentials, CodeRequired)):
                await self._async_wait_for_user()
                raise error.exception(ConfigEntryAuthFailed) from err
            if isinstance(err, (PasswordChangeRequired, TermsAcceptanceRequired)):
                # Only the account holder can act on the site: say so once, in Repairs.
                async_set_site_action(self.hass, self.config_entry, error.key)
            if isinstance(err, UnrecognizedPage):
                self._unrecognized_in_a_row += 1
                if self._unrecognized_in_a_row >= UNRECOGNIZED_BEFORE_ISSUE:
                    async_report_unrecognized(self.hass, self.config_entry, err.expected)
            if isinstance(err, Maintenance) and err.until and dt_util.utcnow() < err.until:
                # An end already past (a notice left up) leaves the next try to the interval.
                self._maintenance_until = err.until
                raise _maintenance_failed(err.until) from err
            raise error.exception(UpdateFailed) from err
        if self._unrecognized_in_a_row:
            self._unrecognized_in_a_row = 0
            async_clear_unrecognized(self.hass, self.config_entry)
        async_set_site_action(self.hass, self.config_entry, None)
        await self._async_save()
        return data

    async def _async_save(self) -> None:
        """Keep the cookies, the closed months and the calls seen for the next start."""
        await self._store.async_save_refresh(
            self.client.export_session(),
            self._history,
            self.history_checked_at,
            self._call_marks,
            list(self.contracts_known.values()),
        )

    async def _async_wait_for_user(self) -> None:
        """Record that the account waits for the user to sign in again.

        Recorded before the failure is reported, so the sign-in-needed entity turns on
        with it and still knows after a restart.
        """
        self.reauth_since = dt_util.utcnow()
        await self._store.async_set_reauth_since(self.reauth_since)
        async_dispatcher_send(self.hass, self.reauth_signal)

    async def _async_read_signed_in(self) -> OcnData:
        """Walk the statements; log in again once if the session lapsed."""
        try:
            return await self._async_walk()
        except SessionExpired:
            if self.config_entry.data.get(CONF_EMAIL_OTP):
                # A login would mail a code nobody asked for: the user's reauth does it.
                raise ConfigEntryAuthFailed(
                    translation_domain=DOMAIN, translation_key="email_code_required"
                ) from None
        await self._async_login()
        return await self._async_walk()

    async def _async_login(self) -> None:
        """Log in with the stored cookies; a request for any code means the user is needed."""
        entry = self.config_entry
        result = await self.client.login(entry.data[CONF_USERNAME], entry.data[CONF_PASSWORD])
        if result is LoginResult.EMAIL_CODE:
            # Newly turned on for the account: keep later lapses from mailing more codes.
            self.hass.config_entries.async_update_entry(
                entry, data={**entry.data, CONF_EMAIL_OTP: True}
            )
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="email_code_required"
            )
        if result is not LoginResult.AUTHENTICATED:
            raise ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="code_required")

    async def _async_walk(self) -> OcnData:
        """Read every contract, from the kept 料金・ご利用明細 page while the list is recent."""
        reuse = (
            self._discovered_at is not None
            and dt_util.utcnow() - self._discovered_at < CONTRACT_DISCOVERY_INTERVAL
        )
        try:
            return await self._async_walk_contracts(reuse)
        except UnrecognizedPage as err:
            if not reuse or isinstance(err, LimitReached):
                # A bound reached (an endless list) would only be reached again.
                raise
            # The kept page's form may have gone stale: open the page again.
            return await self._async_walk_contracts(False)

    async def _async_walk_contracts(self, reuse: bool) -> OcnData:
        """Read each contract's current month, and the last closed one if not kept yet.

        The older closed months, and the daily re-reading of them all, are left to the
        back-fill (backfill.py): a refresh costs one page a contract once they are kept.
        New calls are looked for in the call lists read here, the month that just closed
        included, so its last calls are news too; the back-fill's months are older than
        any call seen and announce none (calls.py).
        """
        account = await self.client.get_account(reuse=reuse)
        if not reuse:
            self._discovered_at = dt_util.utcnow()
        contracts: dict[str, ContractData] = {}
        offered: dict[str, tuple[date, ...]] = {}
        call_marks: dict[str, CallMark] = {}
        this_month = dt_util.now(JST).date().replace(day=1)
        for listed in account.contracts:
            before = self.contracts_known.get(listed.contract_number)
            # Offered by its number alone: the 050 number a statement showed before.
            contract = _with_phone(listed, before.phone_number if before else "")
            months = await self.client.list_months(contract)
            if months[0] < this_month:
                # The site does not list the new month yet (its first minutes or hours):
                # nothing is on it yet, and the newest month it lists has closed.
                current = MonthFigures.nothing_yet(this_month)
                calls = []
                months = [this_month, *months]
            else:
                mark = self._call_marks.get(contract.contract_number)
                since, seen, earlier = calls_wanted(mark, this_month)
                statement = await self.client.fetch_statement(
                    contract, months[0], calls_since=since, seen_count=seen, seen_before=earlier
                )
                current = MonthFigures.from_statement(statement)
                contract = _with_phone(contract, statement.phone_number)
                # Every call list read: a month that just closed may list calls not seen yet.
                calls = list(statement.calls)
            known = self._history.get(contract.contract_number, {})
            closed = [known[month] for month in sorted(months[1:]) if month in known]
            if len(months) > 1 and months[1] not in known:
                # Every page of a call list split over pages: the month is kept as read.
                statement = await self.client.fetch_statement(contract, months[1], all_calls=True)
                closed.append(MonthFigures.from_statement(statement))
                calls.extend(statement.calls)
            offered[contract.contract_number] = tuple(months[1:])
            fresh, call_marks[contract.contract_number] = new_calls(
                self._call_marks.get(contract.contract_number),
                calls,
                current.started,
                current.call_count,
                bytes.fromhex(self.config_entry.data[CONF_CALL_KEY]),
            )
            contracts[contract.contract_number] = ContractData(
                contract,
                current,
                closed[-1] if closed else None,
                tuple(closed),
                month_changes(known, closed),
                fresh,
            )
        # Kept: the closed months the site still offers, of the contracts it still shows.
        self._history = {
            number: {figures.month: figures for figures in data.closed}
            for number, data in contracts.items()
        }
        self.offered_closed = offered
        self._call_marks = call_marks
        self.contracts_known = {number: item.contract for number, item in contracts.items()}
        return OcnData(account.customer_number, contracts, dt_util.utcnow())

    # --- for the back-fill -------------------------------------------------------------

    def held_closed(self, contract_number: str) -> set[date]:
        """Return the closed months of a contract that are kept."""
        return set(self._history.get(contract_number, {}))

    async def async_keep_closed_month(self, contract_number: str, figures: MonthFigures) -> None:
        """Keep a closed month the back-fill read, and show it as a refresh would.

        Listeners hear it (the sensors, the statistics, the event of a revised month),
        but it is no refresh: the schedule and the time of the last update stay, and
        its calls are none of the news (calls.py).
        """
        known = self._history.get(contract_number)
        if known is None or self.data is None or contract_number not in self.data.contracts:
            return  # the contract left the account since
        changes = month_changes(known, [figures])
        known[figures.month] = figures
        await self._async_save()
        closed = tuple(sorted(known.values(), key=attrgetter("month")))
        # What the last refresh found (months, calls) was announced with it.
        contracts = {
            number: replace(item, changes=(), new_calls=())
            if item.changes or item.new_calls
            else item
            for number, item in self.data.contracts.items()
        }
        contracts[contract_number] = replace(
            contracts[contract_number], previous=closed[-1], closed=closed, changes=changes
        )
        self.data = replace(self.data, contracts=contracts)
        self.async_update_listeners()

    async def async_signed_in(self, signed_in: SignedIn) -> None:
        """Go on with a client that a reauth or reconfigure flow has just signed in.

        Instead of a reload, which would take the entities down and up again: the
        logbook would show every event entity's last event once more, as if it had
        just happened. The client holds the 料金・ご利用明細 page its sign-in opened.
        """
        async with self.walk_lock:
            self.client = signed_in.client
            self._session.detach()
            self._session = signed_in.session
            self._discovered_at = dt_util.utcnow()
            self.reauth_since = None
            # The new cookies, and the account no longer waiting for the user.
            await self._async_save()
        async_dispatcher_send(self.hass, self.reauth_signal)
        await self.async_refresh()

    async def async_history_checked(self, when: datetime) -> None:
        """Record when the back-fill last read every closed month again."""
        self.history_checked_at = when
        await self._async_save()


def _maintenance_failed(until: datetime) -> UpdateFailed:
    """Return the failure of a refresh in a maintenance window that ends at ``until``.

    Where Home Assistant takes ``retry_after``, the next refresh is at the end of the
    window; elsewhere refreshes on the interval make no request until then.
    """
    error = user_error(Maintenance(until))
    retry: dict[str, float] = {}
    if _HAS_RETRY_AFTER:
        retry["retry_after"] = max((until - dt_util.utcnow()).total_seconds(), 1.0)
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key=error.key,
        translation_placeholders=error.placeholders,
        **retry,
    )


def update_interval(entry: ConfigEntry) -> timedelta:
    """Return the polling interval the options ask for."""
    return timedelta(hours=entry.options.get(CONF_UPDATE_INTERVAL, DEFAULT_UPDATE_INTERVAL_HOURS))


def _with_phone(contract: Contract, shown: str) -> Contract:
    """The contract with a 050 number ``shown`` elsewhere, when the list gave it none."""
    return (
        replace(contract, phone_number=shown) if shown and not contract.phone_number else contract
    )
