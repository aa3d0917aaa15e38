"""The account's sign-in-needed problem sensor, for automations that tell the user.

It sits on a device of its own for the account (the OCN ID, identified by the customer
number), not on the 050 contract devices: the sign-in belongs to the account, one
lapse should be one state change however many contracts it holds, and the account may
have to be shown before any contract is known (set up while waiting for a sign-in).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import OcnConfigEntry, OcnCoordinator
from .entity import account_device_info

# Nothing here makes a request.
PARALLEL_UPDATES = 0

ATTR_SINCE = "since"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OcnConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the account's problem sensor."""
    async_add_entities([OcnSignInNeededSensor(entry.runtime_data)])


class OcnSignInNeededSensor(BinarySensorEntity):
    """On while OCN My Page waits for the user to sign in again (usually a new code).

    Available even when the statements are not: that is when it matters.
    """

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_device_class = BinarySensorDeviceClass.PROBLEM
    _attr_translation_key = "sign_in_needed"

    def __init__(self, coordinator: OcnCoordinator) -> None:
        """Attach to the account's device."""
        self._coordinator = coordinator
        entry = coordinator.config_entry
        assert entry.unique_id is not None
        self._attr_unique_id = f"{entry.unique_id}_sign_in_needed"
        self._attr_device_info = account_device_info(entry)

    async def async_added_to_hass(self) -> None:
        """Follow the coordinator's record of the account waiting for the user."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, self._coordinator.reauth_signal, self.async_write_ha_state
            )
        )

    @property
    def is_on(self) -> bool:
        """Return whether the reauth flow waits for the user."""
        return self._coordinator.reauth_since is not None

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return when the wait began: lets an automation tell one lapse from the next."""
        since: datetime | None = self._coordinator.reauth_since
        return None if since is None else {ATTR_SINCE: since}
