"""Sensors of a 050 contract's monthly statement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import Contract
from .coordinator import OcnConfigEntry, OcnCoordinator
from .data import ContractData, MonthFigures
from .entity import OcnEntity, async_track_contracts
from .projection import Projection, project

# The coordinator does all requests; entities only read its data.
PARALLEL_UPDATES = 0

ATTR_ELAPSED = "elapsed"
ATTR_AS_OF = "as_of"


@dataclass(frozen=True, kw_only=True)
class OcnMonthSensorDescription(SensorEntityDescription):
    """A figure of the current month, or of the last closed month."""

    value_fn: Callable[[MonthFigures], Decimal | int]
    previous_month: bool = False


def _money(
    key: str, value_fn: Callable[[MonthFigures], Decimal], *, previous_month: bool = False
) -> OcnMonthSensorDescription:
    """Describe an amount in yen that restarts with each month."""
    return OcnMonthSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        native_unit_of_measurement="JPY",
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=0,
        value_fn=value_fn,
        previous_month=previous_month,
    )


MONTH_SENSORS: tuple[OcnMonthSensorDescription, ...] = (
    _money("total", lambda f: f.total),
    _money("call_charges", lambda f: f.call_charges),
    _money("chakuwari_discount", lambda f: f.chakuwari_discount),
    _money("base_fee", lambda f: f.base_fee),
    OcnMonthSensorDescription(
        key="call_count",
        translation_key="call_count",
        state_class=SensorStateClass.TOTAL,
        value_fn=lambda f: f.call_count,
    ),
    OcnMonthSensorDescription(
        key="call_duration",
        translation_key="call_duration",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        state_class=SensorStateClass.TOTAL,
        value_fn=lambda f: int(f.call_duration.total_seconds()),
    ),
    _money("previous_month_total", lambda f: f.total, previous_month=True),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcnConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add sensors for every contract, and for contracts that appear later."""
    coordinator = entry.runtime_data

    @callback
    def _async_add(new: list[Contract]) -> None:
        entities: list[SensorEntity] = []
        for contract in new:
            entities.extend(
                OcnMonthSensor(coordinator, contract, description) for description in MONTH_SENSORS
            )
            entities.append(OcnProjectionSensor(coordinator, contract))
            entities.append(OcnLastUpdateSensor(coordinator, contract))
        async_add_entities(entities)

    async_track_contracts(entry, _async_add)


class OcnMonthSensor(OcnEntity, SensorEntity):
    """A figure of a month's statement."""

    entity_description: OcnMonthSensorDescription

    def __init__(
        self,
        coordinator: OcnCoordinator,
        contract: Contract,
        description: OcnMonthSensorDescription,
    ) -> None:
        """Set the description."""
        super().__init__(coordinator, contract, description.key)
        self.entity_description = description

    @property
    def _figures(self) -> MonthFigures | None:
        """Return the month this sensor shows: the current one or the last closed one."""
        data: ContractData | None = self.contract_data
        if data is None:
            return None
        return data.previous if self.entity_description.previous_month else data.current

    @property
    def native_value(self) -> Decimal | int | None:
        """Return the figure; unknown when the site offers no closed month yet."""
        if (figures := self._figures) is None:
            return None
        return self.entity_description.value_fn(figures)

    @property
    def last_reset(self) -> datetime | None:
        """Return the start of the month: each month starts from zero."""
        if (figures := self._figures) is None:
            return None
        return figures.started


class OcnProjectionSensor(OcnEntity, SensorEntity):
    """The current month's total projected to the month's end (see projection.py)."""

    _attr_device_class = SensorDeviceClass.MONETARY
    _attr_native_unit_of_measurement = "JPY"
    # A forecast, not an amount that accumulates: no long-term statistics of its own.
    _attr_state_class = None
    _attr_suggested_display_precision = 0
    _attr_translation_key = "projected_total"

    def __init__(self, coordinator: OcnCoordinator, contract: Contract) -> None:
        """Attach to the contract's device."""
        super().__init__(coordinator, contract, "projected_total")

    @property
    def _projection(self) -> Projection | None:
        """Return the projection of the month as the latest refresh read it."""
        if (data := self.contract_data) is None:
            return None
        return project(data.current, self.coordinator.data.updated_at)

    @property
    def native_value(self) -> Decimal | None:
        """Return the projected total in yen."""
        return None if (projection := self._projection) is None else projection.total

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return how much of the month the projection rests on, and as of when."""
        if (projection := self._projection) is None:
            return None
        return {
            ATTR_ELAPSED: round(projection.elapsed, 4),
            ATTR_AS_OF: projection.as_of,
        }


class OcnLastUpdateSensor(OcnEntity, SensorEntity):
    """When the statements were last read."""

    _attr_device_class = SensorDeviceClass.TIMESTAMP
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    # The same time is in the diagnostics; a dashboard seldom shows it.
    _attr_entity_registry_enabled_default = False
    _attr_translation_key = "last_update"

    def __init__(self, coordinator: OcnCoordinator, contract: Contract) -> None:
        """Attach to the contract's device."""
        super().__init__(coordinator, contract, "last_update")

    @property
    def native_value(self) -> datetime:
        """Return the time of the last successful refresh."""
        return self.coordinator.data.updated_at
