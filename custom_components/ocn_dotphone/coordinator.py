"""Fetches the 050 statements of one OCN account on a schedule."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Self

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .client import (
    Account,
    CodeRequired,
    Contract,
    InvalidCredentials,
    LoginResult,
    OcnError,
    OcnMyPageClient,
    PasswordChangeRequired,
    SessionExpired,
    Statement,
    TermsAcceptanceRequired,
    UnrecognizedPage,
)
from .const import (
    CONF_EMAIL_OTP,
    CONF_UPDATE_INTERVAL,
    DEFAULT_UPDATE_INTERVAL_HOURS,
    DOMAIN,
    LOGGER,
    SITE_TIMEZONE,
)
from .errors import user_error
from .issues import (
    UNRECOGNIZED_BEFORE_ISSUE,
    async_clear_unrecognized,
    async_report_unrecognized,
    async_set_site_action,
)
from .storage import OcnStore, StoredState

type OcnConfigEntry = ConfigEntry[OcnCoordinator]

# Closed months are normally read once. The site may still correct one, so once a day
# every closed month it offers is read again (six more requests a contract).
HISTORY_RECHECK = timedelta(days=1)
# Between two readings of the contract list a refresh opens only the statements, one page
# per contract, from the 料金・ご利用明細 page it already holds. A contract added on the site
# therefore shows up within this interval plus one update interval (or on a reload).
CONTRACT_DISCOVERY_INTERVAL = timedelta(hours=24)


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
        """Keep what the sensors need, not the call list."""
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
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Read what ``as_dict`` wrote."""
        return cls(
            month=date.fromisoformat(data["month"]),
            total=Decimal(data["total"]),
            call_charges=Decimal(data["call_charges"]),
            base_fee=Decimal(data["base_fee"]),
            chakuwari_discount=Decimal(data["chakuwari_discount"]),
            call_count=int(data["call_count"]),
            call_duration=timedelta(seconds=float(data["call_duration"])),
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form; amounts as strings so no yen is lost to floats."""
        return {
            "month": self.month.isoformat(),
            "total": str(self.total),
            "call_charges": str(self.call_charges),
            "base_fee": str(self.base_fee),
            "chakuwari_discount": str(self.chakuwari_discount),
            "call_count": self.call_count,
            "call_duration": self.call_duration.total_seconds(),
        }

    @property
    def started(self) -> datetime:
        """Start of the statement month, in the site's time zone."""
        return datetime(self.month.year, self.month.month, 1, tzinfo=SITE_TIMEZONE)


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


@dataclass(frozen=True, slots=True)
class OcnData:
    """Result of one refresh."""

    customer_number: str
    contracts: dict[str, ContractData]
    updated_at: datetime


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
    ) -> None:
        """Keep the client and the stored closed months."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=update_interval(entry),
        )
        self.client = client
        self._store = store
        self._history: dict[str, dict[date, MonthFigures]] = {
            number: {
                figures.month: figures for figures in map(MonthFigures.from_dict, months.values())
            }
            for number, months in state["history"].items()
        }
        checked_at = state["history_checked_at"]
        self._checked_at = dt_util.parse_datetime(checked_at) if checked_at else None
        #: Since when the account waits for the user to sign in again; None when it does not.
        self.reauth_since: datetime | None = None
        if since := state.get("reauth_since"):
            self.reauth_since = datetime.fromisoformat(since)
        self._discovered_at: datetime | None = None
        self._running: asyncio.Task[OcnData] | None = None
        self._unrecognized_in_a_row = 0

    @property
    def reauth_signal(self) -> str:
        """Dispatcher signal sent when the account starts waiting for the user."""
        return f"{DOMAIN}_{self.config_entry.entry_id}_reauth"

    async def _async_update_data(self) -> OcnData:
        """Read the statements, unless the account waits for the user to sign in again.

        Refreshes asked for while one runs share it: one walk per account at a time.
        """
        if self.reauth_since is not None:
            # Only the user's sign-in in the reauth flow can heal this (it reloads the
            # entry): another login would just reach the code page again.
            raise ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="reauth_pending")
        if self._running is None or self._running.done():
            self._running = self.hass.async_create_task(
                self._async_read(), f"{DOMAIN} refresh", eager_start=False
            )
        return await asyncio.shield(self._running)

    async def _async_read(self) -> OcnData:
        """Read the site; record a wait for the user; count unrecognised pages."""
        try:
            data = await self._async_read_site()
        except ConfigEntryAuthFailed:
            # Recorded before the failure is reported, so the sign-in-needed entity turns on
            # with it and still knows after a restart.
            self.reauth_since = dt_util.utcnow()
            await self._store.async_set_reauth_since(self.reauth_since)
            async_dispatcher_send(self.hass, self.reauth_signal)
            raise
        except Exception as err:
            # Read the contract list again next time: a failure may mean it changed.
            self._discovered_at = None
            if isinstance(cause := err.__cause__, UnrecognizedPage):
                self._unrecognized_in_a_row += 1
                if self._unrecognized_in_a_row >= UNRECOGNIZED_BEFORE_ISSUE:
                    async_report_unrecognized(self.hass, self.config_entry, cause.expected)
            raise
        if self._unrecognized_in_a_row:
            self._unrecognized_in_a_row = 0
            async_clear_unrecognized(self.hass, self.config_entry)
        return data

    async def _async_read_site(self) -> OcnData:
        """Read every contract; log in again once if the session lapsed."""
        try:
            try:
                data = await self._async_walk()
            except SessionExpired:
                if self.config_entry.data.get(CONF_EMAIL_OTP):
                    # A login would mail a code nobody asked for: the user's reauth does it.
                    raise ConfigEntryAuthFailed(
                        translation_domain=DOMAIN, translation_key="email_code_required"
                    ) from None
                await self._async_login()
                data = await self._async_walk()
        except (InvalidCredentials, CodeRequired) as err:
            raise user_error(err).exception(ConfigEntryAuthFailed) from err
        except (PasswordChangeRequired, TermsAcceptanceRequired) as err:
            # Only the account holder can act on the site: say so once, in Repairs.
            error = user_error(err)
            async_set_site_action(self.hass, self.config_entry, error.key)
            raise error.exception(UpdateFailed) from err
        except OcnError as err:
            raise user_error(err).exception(UpdateFailed) from err
        async_set_site_action(self.hass, self.config_entry, None)
        await self._store.async_save(
            StoredState(
                session=self.client.export_session(),
                history={
                    number: {month.isoformat(): f.as_dict() for month, f in months.items()}
                    for number, months in self._history.items()
                },
                history_checked_at=self._checked_at.isoformat() if self._checked_at else None,
            )
        )
        return data

    async def _async_login(self) -> None:
        """Log in with the stored cookies; a code request means the user is needed."""
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
        now = dt_util.utcnow()
        reuse = (
            self._discovered_at is not None
            and now - self._discovered_at < CONTRACT_DISCOVERY_INTERVAL
        )
        try:
            return await self._async_walk_contracts(reuse)
        except UnrecognizedPage:
            if not reuse:
                raise
            # The kept 料金・ご利用明細 form may have gone stale: open the page again.
            return await self._async_walk_contracts(False)

    async def _async_walk_contracts(self, reuse: bool) -> OcnData:
        account: Account = await self.client.get_account(reuse=reuse)
        now = dt_util.utcnow()
        if not reuse:
            self._discovered_at = now
        recheck = self._checked_at is None or now - self._checked_at >= HISTORY_RECHECK
        contracts: dict[str, ContractData] = {}
        for contract in account.contracts:
            months = await self.client.list_months(contract)
            current = MonthFigures.from_statement(
                await self.client.fetch_statement(contract, months[0])
            )
            known = self._history.get(contract.contract_number, {})
            closed: list[MonthFigures] = []
            for month in sorted(months[1:]):
                stored = known.get(month)
                if stored is None or recheck:
                    statement = await self.client.fetch_statement(contract, month)
                    stored = MonthFigures.from_statement(statement)
                closed.append(stored)
            contracts[contract.contract_number] = ContractData(
                contract,
                current,
                closed[-1] if closed else None,
                tuple(closed),
                month_changes(known, closed),
            )
        # Kept: the closed months the site still offers, of the contracts it still shows.
        self._history = {
            number: {figures.month: figures for figures in data.closed}
            for number, data in contracts.items()
        }
        if recheck:
            self._checked_at = now
        return OcnData(account.customer_number, contracts, dt_util.utcnow())


def month_changes(
    known: dict[date, MonthFigures], closed: list[MonthFigures]
) -> tuple[MonthChange, ...]:
    """Closed months that are new since ``known``, or whose figures changed."""
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


def update_interval(entry: ConfigEntry) -> timedelta:
    """Return the polling interval the options ask for."""
    return timedelta(hours=entry.options.get(CONF_UPDATE_INTERVAL, DEFAULT_UPDATE_INTERVAL_HOURS))
