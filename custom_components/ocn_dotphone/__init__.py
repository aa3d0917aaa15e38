"""The OCN ドットフォン integration: monthly 050 IP phone charges from OCN My Page."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping
from functools import partial

import aiohttp
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .client import OcnMyPageClient
from .const import CONF_BASE_URL, CONF_CALL_KEY, CONF_SESSION, DOMAIN, LOGGER
from .coordinator import OcnConfigEntry, OcnCoordinator
from .entity import account_device_info
from .history import async_track_statistics
from .issues import (
    async_clear_unrecognized,
    async_report_damaged_store,
    async_report_removed_contracts,
    async_set_site_action,
)
from .services import async_setup_services
from .session import SignedIn, async_create_site_session, async_take_over
from .storage import OcnStore

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.EVENT, Platform.SENSOR]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions, which work on whichever entries are loaded."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> bool:
    """Set up one OCN account without asking for a code, and recover a setup cut short.

    A setup is cut short when whoever awaits it goes away: the config flow's request is
    dropped when its dialog is closed or an app gives up waiting. Home Assistant then
    marks the entry failed (2026.2 passes the cancellation on, 2025.4 stops it there)
    and would leave it so until the user reloads it: the entry reloads itself instead,
    from the cookies the flow stored, without a code.
    """
    signed_in = async_take_over(hass, entry.unique_id)
    session = (
        signed_in.session if signed_in else async_create_site_session(hass, auto_cleanup=False)
    )
    try:
        entry.runtime_data = coordinator = await _async_start(hass, entry, session, signed_in)
        await _async_forward_platforms(hass, entry)
    except asyncio.CancelledError:
        session.detach()
        if not hass.is_stopping:
            hass.config_entries.async_schedule_reload(entry.entry_id)
        raise
    except BaseException:
        # Home Assistant 2025.4 runs no unload callbacks after a failed setup.
        session.detach()
        raise
    # From here on nothing waits: the unload callbacks are added once setup cannot fail.
    # The coordinator's session, which a reauth may have replaced by then.
    entry.async_on_unload(coordinator.async_detach_session)
    _async_remove_stale_devices(hass, entry)
    entry.async_on_unload(
        coordinator.async_add_listener(partial(_async_remove_stale_devices, hass, entry))
    )
    entry.async_on_unload(async_track_statistics(hass, entry))
    entry.async_on_unload(coordinator.backfill.async_start())
    return True


async def _async_forward_platforms(hass: HomeAssistant, entry: OcnConfigEntry) -> None:
    """Set up the entities; if cut short, let them finish and take them down again.

    Platforms left set up would keep the reload from setting them up once more.
    """
    # The contracts' devices name the account's as theirs: it must exist before them.
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **account_device_info(entry)
    )
    forward = hass.async_create_task(
        hass.config_entries.async_forward_entry_setups(entry, PLATFORMS), f"{DOMAIN} platforms"
    )
    try:
        await asyncio.shield(forward)
    except asyncio.CancelledError:
        await forward
        await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
        await entry.runtime_data.async_shutdown()
        raise


async def _async_start(
    hass: HomeAssistant,
    entry: OcnConfigEntry,
    session: aiohttp.ClientSession,
    signed_in: SignedIn | None,
) -> OcnCoordinator:
    """Return the coordinator after its first refresh.

    A client a config flow just signed in goes on with its session and pages; otherwise
    a new one starts from the stored cookies.
    """
    store = OcnStore(hass, entry.entry_id)
    state = await store.async_load()
    if store.set_aside is not None:
        LOGGER.warning(
            "The saved state of %s could not be read (%s); it was set aside as %s",
            entry.entry_id,
            store.damage,
            store.set_aside,
        )
        async_report_damaged_store(hass, entry, store.set_aside)
    if CONF_SESSION in entry.data or CONF_CALL_KEY not in entry.data:
        data = dict(entry.data)
        data.setdefault(CONF_CALL_KEY, secrets.token_hex(32))
        if CONF_SESSION in data:
            # A config flow just signed in: its cookies move to the Store (CONF_SESSION).
            state["session"] = data.pop(CONF_SESSION)
            # The user just signed in: the account no longer waits for them.
            state.pop("reauth_since", None)
            await store.async_save(state)
        hass.config_entries.async_update_entry(entry, data=data)

    if signed_in is not None:
        # It holds the 料金・ご利用明細 page the flow read the account from.
        client, discovered_at = signed_in.client, dt_util.utcnow()
    else:
        # A month of thousands of calls is parsed in a worker thread, not in the event loop.
        client = OcnMyPageClient(
            session, entry.data[CONF_BASE_URL], parse_executor=hass.async_add_executor_job
        )
        client.import_session(state["session"])
        discovered_at = None

    coordinator = OcnCoordinator(
        hass, entry, client, store, state, session=session, discovered_at=discovered_at
    )
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryAuthFailed:
        # Come up anyway, without figures: the sign-in-needed entity must exist to tell
        # the user, who may never look at the reauth waiting in Settings.
        entry.async_start_reauth(hass)
    except BaseException:
        # The walk runs on in a task of its own: end it with the setup.
        await coordinator.async_shutdown()
        raise
    return coordinator


async def async_unload_entry(hass: HomeAssistant, entry: OcnConfigEntry) -> bool:
    """Unload the sensors; the back-fill and the session end with the entry."""
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
    removed = []
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if not _is_current(device, entry, contracts):
            # Each device belongs to this entry alone: removing it is what detaching was.
            registry.async_remove_device(device.id)
            removed.append(device.name or "?")
    if removed:
        # Only a refresh that read a list of contracts gets here (a page listing none is
        # an unrecognised page): the site plainly lists fewer. Say so.
        async_report_removed_contracts(hass, entry, removed)


def _is_current(
    device: dr.DeviceEntry, entry: OcnConfigEntry, contracts: Mapping[str, object]
) -> bool:
    """Return whether the device is a current contract's, or the account's own."""
    return any(
        domain == DOMAIN and (number in contracts or number == entry.unique_id)
        for domain, number in device.identifiers
    )
