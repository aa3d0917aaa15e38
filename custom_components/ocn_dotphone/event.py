"""Event entities per contract: a month closes or is revised; a new call is on the site.

A month closing is something that happens at a point in time, which is what Home
Assistant's event entities are for: automations trigger on the entity's state, the event
shows in the logbook and on the contract's device, and its attributes carry the month's
figures. A bus event would be invisible in the UI; a changing sensor attribute is what the
conventions ask to avoid.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .calls import number_kind
from .client import Call, Contract, normalize_phone
from .const import CONF_SHOW_NUMBERS
from .coordinator import OcnConfigEntry, OcnCoordinator
from .data import ContractData, MonthChange, MonthEvent, OcnData
from .entity import OcnEntity, async_track_contracts
from .phone import mask_phone

# The coordinator does all requests; entities only read its data.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcnConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the event entities of every contract, and of contracts that appear later."""
    coordinator = entry.runtime_data

    @callback
    def _async_add(new: list[Contract]) -> None:
        entities: list[EventEntity] = []
        for contract in new:
            entities.append(OcnMonthEvent(coordinator, contract))
            entities.append(OcnCallEvent(coordinator, contract))
        async_add_entities(entities)

    async_track_contracts(entry, _async_add)


class _OcnRefreshEvent(OcnEntity, EventEntity):
    """Fires what each refresh found, once: listeners also hear failed refreshes."""

    _handled: OcnData | None = None

    @property
    def available(self) -> bool:
        """Return True while the account holds the contract, whether a refresh failed or not.

        The state is the time of the last event, which a failed refresh does not change:
        unavailable and back would read in the logbook as a new event.
        """
        return self.contract_number in self.coordinator.contracts_known

    async def async_added_to_hass(self) -> None:
        """Announce what the refresh that created this entity found."""
        await super().async_added_to_hass()
        self._async_fire()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Fire what the refresh found, then update the state."""
        self._async_fire()
        super()._handle_coordinator_update()

    @callback
    def _async_fire(self) -> None:
        """Fire the events of the latest refresh, once; a failed one leaves the data as it was."""
        data = self.coordinator.data
        if data is self._handled:
            return
        self._handled = data
        if (item := self.contract_data) is None:
            return
        for event_type, attributes in self._events(item):
            self._trigger_event(event_type, attributes)
            self.async_write_ha_state()

    def _events(self, item: ContractData) -> Iterator[tuple[str, dict[str, Any]]]:
        """Return the events one refresh's data of the contract holds, oldest first."""
        raise NotImplementedError


class OcnMonthEvent(_OcnRefreshEvent):
    """Fires ``month_closed`` or ``month_revised`` with the month's figures."""

    _attr_translation_key = "statement"

    def __init__(self, coordinator: OcnCoordinator, contract: Contract) -> None:
        """Attach to the contract's device."""
        super().__init__(coordinator, contract, "statement")
        self._attr_event_types = [event.value for event in MonthEvent]

    def _events(self, item: ContractData) -> Iterator[tuple[str, dict[str, Any]]]:
        """Return one event per month the refresh found closed or revised."""
        for change in item.changes:
            yield change.event, event_attributes(change)


def event_attributes(change: MonthChange) -> dict[str, str | int | float]:
    """Return the month (``2026-10``) and its figures in yen."""
    figures = change.figures
    return {
        "month": f"{figures.month:%Y-%m}",
        "total": float(figures.total),
        "call_charges": float(figures.call_charges),
        "chakuwari_discount": float(figures.chakuwari_discount),
        "base_fee": float(figures.base_fee),
        "call_count": figures.call_count,
    }


EVENT_CALL = "call"


class OcnCallEvent(_OcnRefreshEvent):
    """Fires ``call`` once for each call that is new on the site (see calls.py)."""

    _attr_translation_key = "call"

    def __init__(self, coordinator: OcnCoordinator, contract: Contract) -> None:
        """Attach to the contract's device."""
        super().__init__(coordinator, contract, "call")
        self._attr_event_types = [EVENT_CALL]

    def _events(self, item: ContractData) -> Iterator[tuple[str, dict[str, Any]]]:
        """Return one event per call the refresh found new, oldest first."""
        whole = bool(self.coordinator.config_entry.options.get(CONF_SHOW_NUMBERS, False))
        for call in item.new_calls:
            yield EVENT_CALL, call_attributes(call, whole_number=whole)


def call_attributes(call: Call, *, whole_number: bool) -> dict[str, str | int | float | bool]:
    """Return a call's details; the number masked unless the options show it whole."""
    number = normalize_phone(call.other_party)
    return {
        "started_at": call.started_at.isoformat(),
        "duration": int(call.duration.total_seconds()),
        "charge": float(call.charge),
        "call_type": call.call_type,
        "chakuwari": call.chakuwari,
        "number": number if whole_number else mask_phone(number),
        "number_kind": number_kind(call.other_party).value,
    }
