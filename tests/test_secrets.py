"""No secret reaches a log record, an exception's text or the diagnostics, even at debug level."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocn_dotphone.client import OcnError
from custom_components.ocn_dotphone.phone import format_phone
from ocn_simulator import Simulator

from .helpers import account_of, finish_with_code, set_up_entry

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


@pytest.fixture
def raised() -> Iterator[list[OcnError]]:
    """Every error the client makes during the test."""
    errors: list[OcnError] = []
    original = OcnError.__init__

    def spy(self: OcnError, *args: Any) -> None:
        original(self, *args)
        errors.append(self)

    with patch.object(OcnError, "__init__", spy):
        yield errors


def texts_of(record: logging.LogRecord) -> str:
    """A record's message and any traceback it carries."""
    text = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        text += "".join(traceback.format_exception(record.exc_info[1]))
    return text


async def test_no_secret_anywhere(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
    raised: list[OcnError],
) -> None:
    """Flow, a silent re-login, a reauth with a code, failures: nothing secret is written."""
    caplog.set_level(logging.DEBUG)
    assert await async_setup_component(hass, "diagnostics", {})
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data

    simulator.expire_sessions()  # a lapse the remembered browser heals
    await coordinator.async_refresh()
    assert coordinator.last_update_success

    simulator.layout_changed = True  # a failure whose text holds a page outline
    await coordinator.async_refresh()
    simulator.layout_changed = False
    assert not coordinator.last_update_success

    simulator.expire_sessions()  # a lapse that needs the user: reauth with a code
    simulator.forget_devices()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    flow = next(iter(entry.async_get_active_flows(hass, {SOURCE_REAUTH})))
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    result = await finish_with_code(hass, simulator, result)
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    coordinator = entry.runtime_data
    assert coordinator.last_update_success

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    account = account_of(simulator)
    cookies = coordinator.client.export_session()["cookies"]
    secrets = [
        account.password,
        account.username,
        account.contact_phone,
        format_phone(account.contact_phone),
        *(sent.code for sent in simulator.outbox),
        *(cookie["value"] for cookie in cookies),
    ]
    assert len(simulator.outbox) == 2
    assert len(cookies) >= 2
    # The test harness's stand-in for the Store logs what it writes; the real Store does not.
    records = [
        texts_of(record)
        for record in caplog.records
        if not record.name.startswith("pytest_homeassistant_custom_component")
    ]
    assert any(record.levelno == logging.DEBUG for record in caplog.records)
    # The 050 numbers name the devices, so Home Assistant's own registries log entity ids
    # made from them; the integration's own lines never carry them.
    ours = [
        texts_of(record)
        for record in caplog.records
        if record.name.startswith("custom_components.ocn_dotphone")
    ]
    errors = [f"{error!s} {error!r}" for error in raised]
    assert errors  # the lapses and the changed layout raised
    dump = json.dumps(diagnostics, ensure_ascii=False)
    for secret in secrets:
        for text in (*records, *errors, dump):
            assert secret not in text
    for contract in account.contracts:
        for text in (*ours, *errors, dump):
            assert contract.phone_number not in text
            assert format_phone(contract.phone_number) not in text
