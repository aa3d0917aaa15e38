"""The OCN ドットフォン integration: monthly 050 IP phone charges from OCN My Page."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .client import OcnMyPageClient
from .const import CONF_BASE_URL, CONF_SESSION, DOMAIN
from .coordinator import OcnConfigEntry, OcnCoordinator
from .entity import account_device_info
from .history import async_track_statistics
from .issues import async_clear_unrecognized, async_set_site_action
from .services import async_setup_services
from .session import async_create_site_session
from .storage import OcnStore

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.EVENT, Platform.SENSOR]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions, which work on whichever entries are loaded."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> bool:
    """Set up one OCN account from its stored cookies, without asking for a code."""
    store = OcnStore(hass, entry.entry_id)
    state = await store.async_load()
    if CONF_SESSION in entry.data:
        # A config flow just signed in: its cookies move to the Store (see CONF_SESSION).
        data = dict(entry.data)
        state["session"] = data.pop(CONF_SESSION)
        # The user just signed in: the account no longer waits for them.
        state.pop("reauth_since", None)
        await store.async_save(state)
        hass.config_entries.async_update_entry(entry, data=data)

    session = async_create_site_session(hass)
    # A month of thousands of calls is parsed in a worker thread, not in the event loop.
    client = OcnMyPageClient(
        session, entry.data[CONF_BASE_URL], parse_executor=hass.async_add_executor_job
    )
    client.import_session(state["session"])

    coordinator = OcnCoordinator(hass, entry, client, store, state)
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryAuthFailed:
        # Come up anyway, without figures: the sign-in-needed entity must exist to tell
        # the user, who may never look at the reauth waiting in Settings.
        entry.async_start_reauth(hass)
    entry.runtime_data = coordinator

    _async_remove_stale_devices(hass, entry)
    entry.async_on_unload(
        coordinator.async_add_listener(partial(_async_remove_stale_devices, hass, entry))
    )
    entry.async_on_unload(async_track_statistics(hass, entry))
    # The contracts' devices name the account's as theirs: it must exist before them.
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **account_device_info(entry)
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> bool:
    """Unload the sensors; the session is closed by its auto cleanup."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> None:
    """Forget the cookies and stored months with the entry, and its repair issues."""
    await OcnStore(hass, entry.entry_id).async_remove()
    async_set_site_action(hass, entry, None)
    async_clear_unrecognized(hass, entry)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: OcnConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a device only when its contract is gone from the account."""
    data = entry.runtime_data.data
    return data is not None and not _is_current(device, entry, data.contracts)


@callback
def _async_remove_stale_devices(hass: HomeAssistant, entry: OcnConfigEntry) -> None:
    """Detach the devices of contracts the account no longer has."""
    if entry.runtime_data.data is None:
        # Not read yet (the account waits for a sign-in): nothing is known to be gone.
        return
    contracts = entry.runtime_data.data.contracts
    registry = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if not _is_current(device, entry, contracts):
            registry.async_update_device(device.id, remove_config_entry_id=entry.entry_id)


def _is_current(
    device: dr.DeviceEntry, entry: OcnConfigEntry, contracts: Mapping[str, object]
) -> bool:
    """Return whether the device is a current contract's, or the account's own."""
    return any(
        domain == DOMAIN and (number in contracts or number == entry.unique_id)
        for domain, number in device.identifiers
    )
