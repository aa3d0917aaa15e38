"""Base entity: one device per 050 contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import cast

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .client import Contract
from .const import CONF_BASE_URL, DOMAIN, MANUFACTURER
from .coordinator import OcnConfigEntry, OcnCoordinator
from .data import ContractData
from .phone import contract_name

# DeviceInfo became a dataclass with via_device_id in 2026.8; before, a TypedDict without it.
_HAS_VIA_DEVICE_ID = is_dataclass(DeviceInfo) and "via_device_id" in {
    field.name for field in fields(DeviceInfo)
}


@callback
def async_track_contracts(entry: OcnConfigEntry, add: Callable[[list[Contract]], None]) -> None:
    """Call ``add`` with the contracts a refresh brings that have no entities yet."""
    coordinator = entry.runtime_data
    known: set[str] = set()

    @callback
    def _async_check() -> None:
        # Set up while the account waits for a sign-in, the contracts of the last good
        # refresh: their entities keep their place (and the event entities their state).
        contracts = coordinator.contracts_known
        # A contract that vanished (its device is removed) may come back later.
        known.intersection_update(contracts)
        new = [contract for number, contract in contracts.items() if number not in known]
        if new:
            known.update(contract.contract_number for contract in new)
            add(new)

    _async_check()
    entry.async_on_unload(coordinator.async_add_listener(_async_check))


def _via_account(hass: HomeAssistant, unique_id: str) -> DeviceInfo:
    """Return what hangs a contract's device from the account's device.

    Releases since 2026.8 take the parent's device id (``via_device_id``) and warn of
    the identifier pair (``via_device``), which they stop reading in 2027.8; older
    releases know only the pair. The account's device exists before the platforms.
    """
    if not _HAS_VIA_DEVICE_ID:
        return DeviceInfo(via_device=(DOMAIN, unique_id))
    account = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, unique_id)})
    # Typed for the releases the type check runs on, whose DeviceInfo lacks the key.
    return cast(DeviceInfo, {"via_device_id": account.id} if account else {})


def account_device_info(entry: OcnConfigEntry) -> DeviceInfo:
    """Return the account's own device, which the contracts' devices hang from."""
    assert entry.unique_id is not None
    return DeviceInfo(
        identifiers={(DOMAIN, entry.unique_id)},
        name=entry.title,
        manufacturer=MANUFACTURER,
        model="OCN ID",
        entry_type=DeviceEntryType.SERVICE,
        configuration_url=entry.data[CONF_BASE_URL],
    )


class OcnEntity(CoordinatorEntity[OcnCoordinator]):
    """An entity of one 050 contract."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: OcnCoordinator, contract: Contract, key: str) -> None:
        """Attach to the contract's device."""
        super().__init__(coordinator)
        self.contract_number = contract.contract_number
        self._attr_unique_id = f"{contract.contract_number}_{key}"
        entry = coordinator.config_entry
        assert entry.unique_id is not None
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, contract.contract_number)},
            name=contract_name(contract),
            manufacturer=MANUFACTURER,
            model=contract.label,
            entry_type=DeviceEntryType.SERVICE,
            configuration_url=entry.data[CONF_BASE_URL],
            **_via_account(coordinator.hass, entry.unique_id),
        )

    @property
    def contract_data(self) -> ContractData | None:
        """Return the contract in the latest refresh; None before one, or once it is gone."""
        if (data := self.coordinator.data) is None:
            return None
        return data.contracts.get(self.contract_number)

    @property
    def available(self) -> bool:
        """Return False when the refresh failed or the contract is gone."""
        return super().available and self.contract_data is not None
