"""Fetches the 050 statements of one OCN account on a schedule."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Self

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .client import (
    Account,
    CannotConnect,
    CodeRequired,
    Contract,
    InvalidCredentials,
    LoginResult,
    Maintenance,
    OcnError,
    OcnMyPageClient,
    SessionExpired,
    Statement,
    UnrecognizedPage,
)
from .const import (
    CONF_UPDATE_INTERVAL,
    DEFAULT_UPDATE_INTERVAL_HOURS,
    DOMAIN,
    LOGGER,
    SITE_TIMEZONE,
)
from .issues import (
    UNRECOGNIZED_BEFORE_ISSUE,
    async_clear_unrecognized,
    async_report_unrecognized,
)
from .storage import OcnStore, StoredState

type OcnConfigEntry = ConfigEntry[OcnCoordinator]

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


@dataclass(frozen=True, slots=True)
class ContractData:
    """One 050 contract with its current and last closed month."""

    contract: Contract
    current: MonthFigures
    previous: MonthFigures | None


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
        self._closed: dict[str, MonthFigures] = {
            number: MonthFigures.from_dict(figures)
            for number, figures in state["closed_months"].items()
        }
        self._discovered_at: datetime | None = None
        self._running: asyncio.Task[OcnData] | None = None
        self._unrecognized_in_a_row = 0

    async def _async_update_data(self) -> OcnData:
        """Refreshes asked for while one runs share it: one walk per account at a time."""
        if self._running is None or self._running.done():
            self._running = self.hass.async_create_task(
                self._async_read(), f"{DOMAIN} refresh", eager_start=False
            )
        return await asyncio.shield(self._running)

    async def _async_read(self) -> OcnData:
        """Read the site; count unrecognised pages for the repair issue."""
        try:
            data = await self._async_read_site()
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
                await self._async_login()
                data = await self._async_walk()
        except InvalidCredentials as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="invalid_auth"
            ) from err
        except CodeRequired as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="code_required"
            ) from err
        except Maintenance as err:
            if err.until is None:
                raise UpdateFailed(
                    translation_domain=DOMAIN, translation_key="maintenance"
                ) from err
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="maintenance_until",
                translation_placeholders={"until": format_until(err.until)},
            ) from err
        except CannotConnect as err:
            raise UpdateFailed(translation_domain=DOMAIN, translation_key="cannot_connect") from err
        except UnrecognizedPage as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="unrecognized_page",
                translation_placeholders={"expected": err.expected, "found": err.found},
            ) from err
        except OcnError as err:
            # e.g. the session lapsing again right after a fresh login.
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": type(err).__name__},
            ) from err
        await self._store.async_save(
            StoredState(
                session=self.client.export_session(),
                closed_months={
                    number: figures.as_dict() for number, figures in self._closed.items()
                },
            )
        )
        return data

    async def _async_login(self) -> None:
        """Log in with the stored cookies; a code request means the user is needed."""
        entry = self.config_entry
        result = await self.client.login(entry.data[CONF_USERNAME], entry.data[CONF_PASSWORD])
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
        if not reuse:
            self._discovered_at = dt_util.utcnow()
        contracts: dict[str, ContractData] = {}
        for contract in account.contracts:
            months = await self.client.list_months(contract)
            current = MonthFigures.from_statement(
                await self.client.fetch_statement(contract, months[0])
            )
            previous = None
            if len(months) > 1:
                previous = await self._async_closed_month(contract, months[1])
            contracts[contract.contract_number] = ContractData(contract, current, previous)
        # Only the latest closed month of a current contract is worth keeping.
        self._closed = {
            number: data.previous for number, data in contracts.items() if data.previous is not None
        }
        return OcnData(account.customer_number, contracts, dt_util.utcnow())

    async def _async_closed_month(self, contract: Contract, month: date) -> MonthFigures:
        """Fetch a closed month only once: it no longer changes."""
        stored = self._closed.get(contract.contract_number)
        if stored is not None and stored.month == month:
            return stored
        return MonthFigures.from_statement(await self.client.fetch_statement(contract, month))


def update_interval(entry: ConfigEntry) -> timedelta:
    """Return the polling interval the options ask for."""
    return timedelta(hours=entry.options.get(CONF_UPDATE_INTERVAL, DEFAULT_UPDATE_INTERVAL_HOURS))


def format_until(until: datetime) -> str:
    """Write the end of a maintenance window in Home Assistant's time zone."""
    return dt_util.as_local(until).strftime("%Y-%m-%d %H:%M")
