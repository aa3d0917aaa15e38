"""A user's diagnostics become a replayed site on which the client fails as it did."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocn_dotphone.client import OcnMyPageClient, UnrecognizedPage
from custom_components.ocn_dotphone.config_flow import CAPTURE_FILE
from ocn_simulator import Simulator

from .helpers import account_of, make_account, set_up_entry, start_flow

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


async def read(client: OcnMyPageClient, *, reuse: bool) -> None:
    """Read this month of every contract, as a steady refresh does."""
    account = await client.get_account(reuse=reuse)
    for contract in account.contracts:
        months = await client.list_months(contract)
        await client.fetch_statement(contract, months[0])


async def refresh_until_failure(client: OcnMyPageClient) -> None:
    """Refresh as the coordinator does until the failing page: the held list, then a new one."""
    for _ in range(10):
        try:
            await read(client, reuse=True)
        except UnrecognizedPage:
            await read(client, reuse=False)


async def test_diagnostics_capture_replays_the_failure(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, simulator: Simulator
) -> None:
    """The capture of the unrecognised walk, replayed, stops the client at the same page."""
    assert await async_setup_component(hass, "diagnostics", {})
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    simulator.layout_changed = True
    await coordinator.async_refresh()
    expected = coordinator.last_exception.__cause__.expected  # type: ignore[union-attr]

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    capture = diagnostics["capture"]
    assert capture["succeeded"]["walks"]
    pages = [page for walk in capture["unrecognized"]["walks"] for page in walk["pages"]]
    assert pages[-1]["error"] == "UnrecognizedPage"
    dump = json.dumps(capture, ensure_ascii=False)
    account = account_of(simulator)
    for secret in (account.customer_number, account.contact_phone, account.password):
        assert secret not in dump

    replay = Simulator([make_account()], skin="replay", replay=diagnostics)
    await replay.start()
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            client = OcnMyPageClient(http, replay.base_url)
            await client.login("someone@example.jp", "anything")
            with pytest.raises(UnrecognizedPage) as failed:
                await refresh_until_failure(client)
    finally:
        await replay.stop()
    assert failed.value.expected == expected


async def test_setup_on_an_unknown_page_saves_the_capture(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A setup that fails has no diagnostics: its capture is saved for the bug report."""
    simulator.layout_changed = True
    result = await start_flow(hass, simulator)
    assert result["errors"] == {"base": "unrecognized_page_saved"}
    path = result["description_placeholders"]["path"]
    assert path == hass.config.path(CAPTURE_FILE)

    saved = await hass.async_add_executor_job(Path(path).read_text, "utf-8")
    account = account_of(simulator)
    for secret in (account.username, account.password, account.contact_phone):
        assert secret not in saved

    replay = Simulator([make_account()], skin="replay", replay=json.loads(saved))
    await replay.start()
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            client = OcnMyPageClient(http, replay.base_url)
            with pytest.raises(UnrecognizedPage):
                await client.login("someone@example.jp", "anything")
    finally:
        await replay.stop()
