"""Setup, refresh, session lapses, restarts and removal against the simulator."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component

from custom_components.ocn_dotphone import entity
from custom_components.ocn_dotphone.client import (
    CodeRequired,
    OcnMyPageClient,
    SessionExpired,
    UnrecognizedPage,
)
from custom_components.ocn_dotphone.const import CONF_SESSION, DOMAIN
from custom_components.ocn_dotphone.coordinator import CONTRACT_DISCOVERY_INTERVAL
from custom_components.ocn_dotphone.phone import format_phone
from ocn_simulator import SimContract, Simulator

from .helpers import (
    CONTRACT,
    SECOND,
    account_of,
    entity_ids,
    finish_with_code,
    reauth_flows,
    set_up_entry,
)

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


def total_state(hass: HomeAssistant, entry: ConfigEntry, contract_number: str) -> str:
    """State of a contract's current month total."""
    return hass.states.get(entity_ids(hass, entry)[f"{contract_number}_total"]).state


async def test_setup_stores_cookies(
    hass: HomeAssistant, simulator: Simulator, hass_storage: dict[str, Any]
) -> None:
    """The flow's cookies move into the Store; the entry keeps settings only."""
    entry = await set_up_entry(hass, simulator)
    assert entry.state is ConfigEntryState.LOADED
    assert CONF_SESSION not in entry.data
    stored = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]
    assert stored["session"]["cookies"]
    contract = account_of(simulator).contracts[0].contract_number
    assert set(entry.runtime_data.data.contracts) == {contract}
    assert set(stored["history"]) == {contract}


@pytest.mark.parametrize("skin", ["frames"])
async def test_an_only_contract_shown_by_its_contract_number_alone(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """⑨ as the operator's guide shows it: 契約番号, ご確認月 to its right, no 050 number.

    The contract is read and named by its number; nothing asks the user anything more.
    """
    simulator.skin.contract_phone_shown = False
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    device = dr.async_get(hass).async_get_device({(DOMAIN, contract)})
    assert device is not None
    assert device.name == contract
    total = simulator.statement(contract, simulator.months()[0]).total
    assert total_state(hass, entry, contract) == str(total)


# The skins whose 050IP電話利用明細 alone offers the contracts (料金・ご利用明細 does not).
@pytest.mark.parametrize("skin", ["compact", "frames"])
async def test_a_contract_offered_by_number_takes_the_050_number_its_statement_shows(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """契約番号 alone in the choice, the 050 number only on the statement (ご利用電話番号):
    the device is named by the 050 number, and keeps it across a restart and a refresh
    whose statement no longer shows it."""
    simulator.skin.contract_phone_shown = False
    render = simulator.skin.statement

    def with_phone(account: Any, contract: SimContract | None, *args: Any, **kwargs: Any) -> str:
        page = render(account, contract, *args, **kwargs)
        if contract is None:
            return page
        shown = f"<p>ご利用電話番号：{contract.phone_number[:3]}-{contract.phone_number[3:7]}-{contract.phone_number[7:]}</p>"
        return re.sub(r"(ご利用分</h\d>)", rf"\1{shown}", page, count=1)

    simulator.skin.statement = with_phone
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0]
    device = dr.async_get(hass).async_get_device({(DOMAIN, contract.contract_number)})
    assert device is not None
    assert device.name == "050-1111-2222" == format_phone(contract.phone_number)
    total = entity_ids(hass, entry)[f"{contract.contract_number}_total"]
    assert total.startswith("sensor.050_1111_2222_")

    # Shown no more (a month the statement leaves it out): the number read before stays.
    simulator.skin.statement = render
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    device = dr.async_get(hass).async_get_device({(DOMAIN, contract.contract_number)})
    assert device is not None
    assert device.name == "050-1111-2222"
    await entry.runtime_data.async_refresh()
    assert entry.runtime_data.data.contracts[contract.contract_number].contract.phone_number == (
        contract.phone_number
    )


@pytest.mark.parametrize("skin", ["compact", "frames"])
@pytest.mark.parametrize("simulator", [{"contracts": [CONTRACT, SECOND]}], indirect=True)
async def test_contracts_offered_by_their_contract_numbers_alone(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """契約番号 beside ご確認月 naming no 050 number: each contract is read, named by its number."""
    simulator.skin.contract_phone_shown = False
    entry = await set_up_entry(hass, simulator)
    for contract in (CONTRACT, SECOND):
        number = contract.contract_number
        device = dr.async_get(hass).async_get_device({(DOMAIN, number)})
        assert device is not None
        assert device.name == number
        total = simulator.statement(number, simulator.months()[0]).total
        assert total_state(hass, entry, number) == str(total)


@pytest.mark.every_skin
async def test_silent_relogin(hass: HomeAssistant, simulator: Simulator) -> None:
    """A lapsed session with a remembered browser heals without the user."""
    entry = await set_up_entry(hass, simulator)
    logins = simulator.requests["login"]
    simulator.expire_sessions()

    await entry.runtime_data.async_refresh()
    assert entry.runtime_data.last_update_success
    assert simulator.requests["login"] > logins
    assert reauth_flows(hass, entry) == []
    assert len(simulator.outbox) == 1


@pytest.mark.every_skin
async def test_lapse_needs_user(hass: HomeAssistant, simulator: Simulator) -> None:
    """A forgotten browser starts reauth; nothing is sent until the user submits."""
    entry = await set_up_entry(hass, simulator)
    before = entity_ids(hass, entry)
    contract = account_of(simulator).contracts[0].contract_number
    simulator.expire_sessions()
    simulator.forget_devices()

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert not entry.runtime_data.last_update_success
    assert total_state(hass, entry, contract) == STATE_UNAVAILABLE
    flows = reauth_flows(hass, entry)
    assert len(flows) == 1
    assert len(simulator.outbox) == 1

    result = await hass.config_entries.flow.async_configure(flows[0]["flow_id"], {})
    assert len(simulator.outbox) == 1
    result = await finish_with_code(hass, simulator, result)
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert len(simulator.outbox) == 2

    assert entry.state is ConfigEntryState.LOADED
    assert entity_ids(hass, entry) == before
    month = simulator.months()[0]
    assert total_state(hass, entry, contract) == str(simulator.statement(contract, month).total)


@pytest.mark.every_skin
async def test_setup_needs_code(hass: HomeAssistant, simulator: Simulator) -> None:
    """At startup too, a site that wants a code sends the entry to reauth.

    The entry still loads, so that its sign-in-needed sensor can tell the user.
    """
    entry = await set_up_entry(hass, simulator)
    await hass.config_entries.async_unload(entry.entry_id)
    simulator.expire_sessions()
    simulator.forget_devices()

    assert await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED
    assert len(reauth_flows(hass, entry)) == 1
    assert len(simulator.outbox) == 1


async def test_password_changed_on_site(hass: HomeAssistant, simulator: Simulator) -> None:
    """A rejected password on re-login starts reauth."""
    entry = await set_up_entry(hass, simulator)
    account_of(simulator).password = "changed-on-the-site"
    simulator.expire_sessions()

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert len(reauth_flows(hass, entry)) == 1


async def test_code_required_while_logged_in(hass: HomeAssistant, simulator: Simulator) -> None:
    """The site asking for a code on a page other than login also starts reauth."""
    entry = await set_up_entry(hass, simulator)
    with patch.object(OcnMyPageClient, "get_account", side_effect=CodeRequired):
        await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert len(reauth_flows(hass, entry)) == 1
    assert len(simulator.outbox) == 1


async def test_unexpected_page(hass: HomeAssistant, simulator: Simulator) -> None:
    """A page the client does not know, or a session lapsing twice, fails the refresh."""
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    for error in (UnrecognizedPage("the statement", "a notice"), SessionExpired()):
        with patch.object(OcnMyPageClient, "get_account", side_effect=error):
            await coordinator.async_refresh()
        assert not coordinator.last_update_success
        assert reauth_flows(hass, entry) == []


@pytest.mark.parametrize(
    "fault",
    ["maintenance", "maintenance_until", "stopped"],
)
async def test_site_unavailable(hass: HomeAssistant, simulator: Simulator, fault: str) -> None:
    """Maintenance or an unreachable site makes the sensors unavailable, then recovers."""
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    if fault == "maintenance":
        simulator.maintenance = True
    elif fault == "maintenance_until":
        simulator.maintenance_until = datetime.now() + timedelta(hours=1)
    else:
        await simulator.stop()

    await entry.runtime_data.async_refresh()
    assert not entry.runtime_data.last_update_success
    assert total_state(hass, entry, contract) == STATE_UNAVAILABLE
    assert reauth_flows(hass, entry) == []

    if fault == "stopped":
        return
    simulator.maintenance = False
    simulator.maintenance_until = None
    await entry.runtime_data.async_refresh()
    assert entry.runtime_data.last_update_success
    assert total_state(hass, entry, contract) != STATE_UNAVAILABLE


async def test_restart_uses_stored_state(
    hass: HomeAssistant, simulator: Simulator, fetched: list[date]
) -> None:
    """After a restart: no code, and the closed month is not fetched again."""
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED

    fetched.clear()
    logins = simulator.requests["login"]
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert len(simulator.outbox) == 1
    # The stored session cookie was still good: not even a login was needed.
    assert simulator.requests["login"] == logins
    current, previous = simulator.months()[:2]
    assert fetched == [current]

    figures = entry.runtime_data.data.contracts[contract]
    expected = simulator.statement(contract, current)
    assert figures.current.total == expected.total
    assert figures.current.call_charges == expected.call_charges
    assert figures.current.call_count == expected.call_count
    assert figures.previous is not None
    assert figures.previous.total == simulator.statement(contract, previous).total


async def test_new_month_fetches_closed_month_once(
    hass: HomeAssistant, simulator: Simulator, fetched: list[date]
) -> None:
    """When the month turns, the month just closed is fetched once, then kept."""
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    old_current = simulator.months()[0]
    simulator.into_next_month()
    simulator.expire_sessions()
    current, previous = simulator.months()[:2]
    assert previous == old_current

    fetched.clear()
    await entry.runtime_data.async_refresh()
    await entry.runtime_data.async_refresh()
    assert fetched == [current, previous, current]
    data = entry.runtime_data.data.contracts[contract]
    assert data.previous.total == simulator.statement(contract, previous).total


async def test_contracts_come_and_go(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """A new contract gets a device without restart; a vanished one loses it."""
    entry = await set_up_entry(hass, simulator)
    account = account_of(simulator)
    registry = dr.async_get(hass)
    added = SimContract("C0000000002", "05033334444", "050あんしんナンバー")
    account.contracts.append(added)

    # Within the discovery interval a refresh reads the contract list it already has …
    await entry.runtime_data.async_refresh()
    assert added.contract_number not in entry.runtime_data.data.contracts
    # … and reads it again once the interval is over: the documented bound.
    freezer.tick(CONTRACT_DISCOVERY_INTERVAL)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    device = registry.async_get_device(identifiers={(DOMAIN, added.contract_number)})
    assert device is not None
    assert device.name == "050-3333-4444"
    # Each contract hangs from the account's device, as a contract added later does too.
    account_device = registry.async_get_device(identifiers={(DOMAIN, entry.unique_id)})
    assert account_device is not None
    for number in (account.contracts[0].contract_number, added.contract_number):
        contract_device = registry.async_get_device(identifiers={(DOMAIN, number)})
        assert contract_device.via_device_id == account_device.id
    assert total_state(hass, entry, added.contract_number) not in ("unknown", STATE_UNAVAILABLE)

    account.contracts.remove(added)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert registry.async_get_device(identifiers={(DOMAIN, added.contract_number)}) is None
    assert f"{added.contract_number}_total" not in entity_ids(hass, entry)
    # The site plainly lists fewer contracts: a repair names the number that went.
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"contracts_removed_{entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"numbers": "050-3333-4444"}

    # It may come back.
    account.contracts.append(added)
    freezer.tick(CONTRACT_DISCOVERY_INTERVAL)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert registry.async_get_device(identifiers={(DOMAIN, added.contract_number)}) is not None
    assert f"{added.contract_number}_total" in entity_ids(hass, entry)


async def test_contracts_hang_from_the_account_by_device_id_on_newer_releases(
    hass: HomeAssistant, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Releases since 2026.8 take the parent's device id; older ones the identifier pair."""
    entry = await set_up_entry(hass, simulator)
    assert entry.unique_id is not None
    account = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, entry.unique_id)})
    assert account is not None
    older = dict(entity._via_account(hass, entry.unique_id))
    monkeypatch.setattr(entity, "_HAS_VIA_DEVICE_ID", True)
    newer = dict(entity._via_account(hass, entry.unique_id))
    assert (older, newer) == (
        {"via_device": (DOMAIN, entry.unique_id)},
        {"via_device_id": account.id},
    )


async def test_remove_device(hass: HomeAssistant, simulator: Simulator, hass_ws_client) -> None:
    """Only devices of contracts gone from the account can be deleted by the user."""
    assert await async_setup_component(hass, "config", {})
    entry = await set_up_entry(hass, simulator)
    registry = dr.async_get(hass)
    contract = account_of(simulator).contracts[0].contract_number
    live = registry.async_get_device(identifiers={(DOMAIN, contract)})
    stale = registry.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, "C0000009999")}
    )
    client = await hass_ws_client(hass)
    for device, allowed in ((live, False), (stale, True)):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        assert response["success"] is allowed


async def test_unload_reload_remove(
    hass: HomeAssistant, simulator: Simulator, hass_storage: dict[str, Any]
) -> None:
    """Unload and reload need no code; removal deletes the Store."""
    entry = await set_up_entry(hass, simulator)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert len(simulator.outbox) == 1

    key = f"{DOMAIN}.{entry.entry_id}"
    assert key in hass_storage
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert key not in hass_storage
