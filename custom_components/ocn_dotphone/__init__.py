"""The OCN ドットフォン integration: monthly 050 IP phone charges from OCN My Page."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import aiohttp
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_create_clientsession

from .client import OcnMyPageClient
from .const import CONF_BASE_URL, CONF_SESSION, DOMAIN
from .coordinator import OcnConfigEntry, OcnCoordinator
from .storage import OcnStore

PLATFORMS: list[Platform] = [Platform.SENSOR]


async def async_setup_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> bool:
    """Set up one OCN account from its stored cookies, without asking for a code."""
    store = OcnStore(hass, entry.entry_id)
    state = await store.async_load()
    if CONF_SESSION in entry.data:
        # A config flow just signed in: its cookies move to the Store, out of the entry.
        data = dict(entry.data)
        state["session"] = data.pop(CONF_SESSION)
        await store.async_save(state)
        hass.config_entries.async_update_entry(entry, data=data)

    # Its own cookie jar keeps the OCN session out of the shared one; unsafe=True
    # lets it keep cookies of a site reached by IP address. Closed on unload.
    session = async_create_clientsession(hass, cookie_jar=aiohttp.CookieJar(unsafe=True))
    client = OcnMyPageClient(
        session, entry.data[CONF_BASE_URL], parse_executor=hass.async_add_executor_job
    )
    client.import_session(state["session"])

    coordinator = OcnCoordinator(hass, entry, client, store, state)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator

    _async_remove_stale_devices(hass, entry)
    entry.async_on_unload(
        coordinator.async_add_listener(partial(_async_remove_stale_devices, hass, entry))
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> bool:
    """Unload the sensors; the session is closed by its auto cleanup."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> None:
    """Forget the cookies and stored months with the entry."""
    await OcnStore(hass, entry.entry_id).async_remove()


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: OcnConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a device only when its contract is gone from the account."""
    return not _is_current(device, entry.runtime_data.data.contracts)


@callback
def _async_remove_stale_devices(hass: HomeAssistant, entry: OcnConfigEntry) -> None:
    """Detach the devices of contracts the account no longer has."""
    contracts = entry.runtime_data.data.contracts
    registry = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if not _is_current(device, contracts):
            registry.async_update_device(device.id, remove_config_entry_id=entry.entry_id)


def _is_current(device: dr.DeviceEntry, contracts: Mapping[str, object]) -> bool:
    return any(domain == DOMAIN and number in contracts for domain, number in device.identifiers)
