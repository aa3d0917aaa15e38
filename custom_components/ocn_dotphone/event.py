"""An event entity per contract that fires when a month closes or a closed month is revised.

A month closing is something that happens at a point in time, which is what Home
Assistant's event entities are for: automations trigger on the entity's state, the event
shows in the logbook and on the contract's device, and its attributes carry the month's
figures. A bus event would be invisible in the UI; a changing sensor attribute is what the
conventions ask to avoid.
"""

from __future__ import annotations

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import Contract
from .coordinator import OcnConfigEntry, OcnCoordinator
from .data import MonthChange, MonthEvent, OcnData
from .entity import OcnEntity, async_track_contracts

# The coordinator does all requests; entities only read its data.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcnConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the event entity of every contract, and of contracts that appear later."""
    coordinator = entry.runtime_data
    async_track_contracts(
        entry,
        lambda new: async_add_entities(OcnMonthEvent(coordinator, contract) for contract in new),
    )


class OcnMonthEvent(OcnEntity, EventEntity):
    """Fires ``month_closed`` or ``month_revised`` with the month's figures."""

    _attr_translation_key = "statement"

    def __init__(self, coordinator: OcnCoordinator, contract: Contract) -> None:
        """Attach to the contract's device."""
        super().__init__(coordinator, contract, "statement")
        self._attr_event_types = [event.value for event in MonthEvent]
        self._handled: OcnData | None = None

    async def async_added_to_hass(self) -> None:
        """Announce what the refresh that created this entity noticed."""
        await super().async_added_to_hass()
        self._async_fire_changes()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Fire the months a refresh found closed or revised, then update the state."""
        self._async_fire_changes()
        super()._handle_coordinator_update()

    @callback
    def _async_fire_changes(self) -> None:
        """Fire one event per month the latest refresh found closed or revised, once."""
        data = self.coordinator.data
        # Listeners also hear failed refreshes, which leave the data (and its changes) as it was.
        if data is self._handled:
            return
        self._handled = data
        if (item := self.contract_data) is None:
            return
        for change in item.changes:
            self._trigger_event(change.event, event_attributes(change))
            self.async_write_ha_state()


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
