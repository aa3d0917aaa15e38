"""Faults injected through the simulator, inside Home Assistant: each fails cleanly and heals."""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntry
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocn_dotphone.const import DOMAIN
from custom_components.ocn_dotphone.projection import project
from ocn_simulator import Simulator

from .helpers import CONTRACT, SECOND, account_of, entity_ids, set_up_entry

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")

# Two contracts, so a fault can strike between them.
TWO_CONTRACTS = pytest.mark.parametrize(
    "simulator", [{"contracts": [CONTRACT, SECOND]}], indirect=True
)
TRANSLATIONS = Path(__file__).parent.parent / "custom_components" / DOMAIN / "translations"


@pytest.fixture(autouse=True)
def short_timeout() -> Iterator[None]:
    """A slow or hung page gives up after a second instead of 30.

    Long enough for every page of a healthy walk on a loaded machine.
    """
    with patch("custom_components.ocn_dotphone.client.client.DEFAULT_REQUEST_TIMEOUT", 1.0):
        yield


def set_fault(sim: Simulator, fault: str, on: bool) -> None:
    """Turn one of the simulator's fault switches on or off."""
    match fault:
        case "timeout":
            sim.latency = 3.0 if on else 0.0
        case "http_500":
            sim.fail_status = 500 if on else None
        case "maintenance":
            sim.maintenance = on
        case _:
            setattr(sim, fault, on)


def states(hass: HomeAssistant, entry: ConfigEntry, domain: str = "sensor") -> dict[str, str]:
    """Entity id -> state of the entry's entities of ``domain``, but the time of the last update.

    The sign-in-needed sensor stays available on purpose, and off while no code is needed
    (``sign_in_needed`` reads it); the event entities keep the time of their last event.
    """
    return {
        eid: hass.states.get(eid).state
        for eid in entity_ids(hass, entry).values()
        if not eid.endswith("_last_update") and eid.startswith(f"{domain}.")
    }


def sign_in_needed(hass: HomeAssistant, entry: ConfigEntry) -> str:
    """The state of the account's sign-in-needed sensor."""
    (eid,) = (e for e in entity_ids(hass, entry).values() if e.startswith("binary_sensor."))
    return hass.states.get(eid).state


def stored_history(hass_storage: dict[str, Any], entry: ConfigEntry) -> dict[str, Any]:
    """The closed months the Store holds for the entry, per contract."""
    return copy.deepcopy(hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]["history"])


def warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Records of warning level or worse from the integration."""
    return [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith("custom_components.ocn_dotphone")
    ]


# Each fault, and the words the one log line it leaves must hold.
FAULTS = {
    "timeout": "Could not reach OCN My Page",
    "http_500": "Could not reach OCN My Page",
    "hang": "Could not reach OCN My Page",
    "redirect_loop": "Could not reach OCN My Page",
    "maintenance": "under maintenance",
    "truncate": "Could not reach OCN My Page",
    "layout_changed": "unexpected page",
}


@TWO_CONTRACTS
@pytest.mark.parametrize("fault", FAULTS)
async def test_fault_fails_cleanly_and_heals(
    hass: HomeAssistant,
    simulator: Simulator,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """Sensors go unavailable with one log line; the next good refresh restores them."""
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    good = states(hass, entry)
    events = states(hass, entry, "event")
    assert len(events) == 4
    stored = stored_history(hass_storage, entry)
    assert len(stored) == 2
    sent = len(simulator.outbox)

    set_fault(simulator, fault, True)
    caplog.clear()
    for _ in range(3):
        await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert not coordinator.last_update_success
    assert set(states(hass, entry).values()) == {STATE_UNAVAILABLE}
    # A failed refresh is no event: nothing for the logbook to show.
    assert states(hass, entry, "event") == events
    logged = warnings(caplog)
    assert len(logged) == 1, [r.getMessage() for r in logged]
    assert FAULTS[fault] in logged[0].getMessage()
    assert not list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))
    assert sign_in_needed(hass, entry) == "off"
    assert stored_history(hass_storage, entry) == stored

    set_fault(simulator, fault, False)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert coordinator.last_update_success
    healed = states(hass, entry)
    # The projection moves with the clock (a hang takes real time): it is the month's as
    # of the healing refresh; everything else is as it was.
    ids = entity_ids(hass, entry)
    for item in coordinator.data.contracts.values():
        projected = ids[f"{item.contract.contract_number}_projected_total"]
        as_of = coordinator.data.updated_at
        assert healed.pop(projected) == str(project(item.current, as_of).total)
        good.pop(projected)
    assert healed == good
    assert stored_history(hass_storage, entry) == stored
    assert len(simulator.outbox) == sent
    assert warnings(caplog) == logged


@TWO_CONTRACTS
async def test_lapse_in_the_middle_of_a_refresh(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The session lapsing between two contracts heals in the same refresh, with no code."""
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    good = states(hass, entry)
    logins = simulator.requests["login"]
    simulator.expire_after = 1  # the first contract's page, then the session is gone

    caplog.clear()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert coordinator.last_update_success
    assert simulator.requests["login"] > logins
    assert states(hass, entry) == good
    assert set(coordinator.data.contracts) == {CONTRACT.contract_number, SECOND.contract_number}
    assert warnings(caplog) == []
    assert len(simulator.outbox) == 1
    assert not list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))


@TWO_CONTRACTS
async def test_changed_layout_raises_repair_issue(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
) -> None:
    """A layout that stays unrecognised becomes a repair issue; diagnostics outline the page."""
    assert await async_setup_component(hass, "diagnostics", {})
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    registry = ir.async_get(hass)
    issue_id = f"unrecognized_page_{entry.entry_id}"

    simulator.layout_changed = True
    await coordinator.async_refresh()
    # Once may be a glitch: no issue yet.
    assert registry.async_get_issue(DOMAIN, issue_id) is None
    await coordinator.async_refresh()
    issue = registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "unrecognized_page"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders["expected"]

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    page = diagnostics["last_unrecognized_page"]
    assert page["expected"] == issue.translation_placeholders["expected"]
    # The renamed select still shows as a form with a select; its new label is left out.
    assert "select[…]" in page["outline"]
    account = account_of(simulator)
    dump = json.dumps(page, ensure_ascii=False)
    assert not re.search(r"\d", re.sub(r"\bh\d\[", "", page["outline"])), page["outline"]
    for secret in (account.customer_number, CONTRACT.contract_number, CONTRACT.phone_number):
        assert secret not in dump

    simulator.layout_changed = False
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert registry.async_get_issue(DOMAIN, issue_id) is None


@TWO_CONTRACTS
async def test_removing_the_entry_drops_its_repair_issue(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    entry = await set_up_entry(hass, simulator)
    issue_id = f"unrecognized_page_{entry.entry_id}"
    simulator.layout_changed = True
    for _ in range(2):
        await entry.runtime_data.async_refresh()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


@pytest.mark.parametrize(("language", "words"), [("en", "diagnostics"), ("ja", "診断情報")])
def test_repair_issue_says_what_to_attach(language: str, words: str) -> None:
    """Both languages say the site changed and to attach the diagnostics."""
    issue = json.loads((TRANSLATIONS / f"{language}.json").read_text())["issues"]
    text = issue["unrecognized_page"]["description"]
    assert words in text
    assert "{expected}" in text
