"""The sign-in-needed sensor and the shipped blueprint that tells the user about it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from homeassistant.components.binary_sensor import BinarySensorDeviceClass
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_CLASS, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import CoreState, Event, EventStateChangedData, HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ocn_dotphone.const import DOMAIN
from ocn_simulator import Simulator

from .helpers import (
    CUSTOMER_NUMBER,
    account_of,
    entity_ids,
    lapse_needing_code,
    reauth_flows,
    set_up_entry,
    sign_in_again,
    use_blueprint,
)

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")

SENSOR = "binary_sensor.ocn_my_page_sign_in_needed"
LINK = "/config/integrations/integration/ocn_dotphone"
BLUEPRINT = Path(__file__).parents[1] / "blueprints/automation/ocn_dotphone/code_needed.yaml"


async def notify_when_needed(hass: HomeAssistant, config_dir: Path) -> list[ServiceCall]:
    """Make an automation of the shipped blueprint; return the notify action's calls."""
    calls = async_mock_service(hass, "notify", "test_phone")
    await use_blueprint(
        hass,
        config_dir,
        BLUEPRINT,
        {"sign_in_needed": SENSOR, "notify_action": "notify.test_phone"},
    )
    return calls


def secrets_of(sim: Simulator) -> list[str]:
    """What must never reach a notification or the sensor."""
    account = account_of(sim)
    found = [account.username, account.password, account.contact_phone]
    found += [sent.code for sent in sim.outbox]
    for contract in account.contracts:
        found += [contract.phone_number, contract.phone_number[3:]]
    return found


async def test_sensor_on_its_account_device(hass: HomeAssistant, simulator: Simulator) -> None:
    """A problem sensor on a device of the account, off while the session holds."""
    entry = await set_up_entry(hass, simulator)
    state = hass.states.get(SENSOR)
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_DEVICE_CLASS] == BinarySensorDeviceClass.PROBLEM
    assert "since" not in state.attributes

    registry_entry = er.async_get(hass).async_get(SENSOR)
    assert registry_entry.unique_id == f"{CUSTOMER_NUMBER}_sign_in_needed"
    device = dr.async_get(hass).async_get(registry_entry.device_id)
    assert device.identifiers == {(DOMAIN, CUSTOMER_NUMBER)}
    assert device.name == entry.title
    assert device.entry_type is dr.DeviceEntryType.SERVICE

    # A refresh keeps the account's device: it is no stale contract.
    await entry.runtime_data.async_refresh()
    assert dr.async_get(hass).async_get(registry_entry.device_id) is not None


@pytest.mark.every_skin
async def test_lapse_notifies_once_and_sign_in_clears(
    hass: HomeAssistant, simulator: Simulator, tmp_path: Path
) -> None:
    """On with one notification per lapse, off after the reauth; nothing sends a code."""
    calls = await notify_when_needed(hass, tmp_path)
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    total = entity_ids(hass, entry)[f"{contract}_total"]
    lapse_needing_code(simulator)

    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get(SENSOR)
    assert state.state == STATE_ON
    assert dt_util.utcnow() - state.attributes["since"] < timedelta(minutes=1)
    assert hass.states.get(total).state == STATE_UNAVAILABLE
    assert len(reauth_flows(hass, entry)) == 1
    assert len(calls) == 1
    assert calls[0].data == {
        "title": "OCN ドットフォン",
        "message": (
            "OCN My Page wants you to sign in again (a new code). Tap to open the "
            "integration and sign in. / OCN マイページへの再ログイン（新しい認証番号）が必要です。"
            "タップして連携の画面を開き、ログインしてください。"
        ),
        "data": {"url": LINK, "clickAction": LINK},
    }
    shown = json.dumps([calls[0].data, dict(state.attributes)], default=str, ensure_ascii=False)
    for secret in secrets_of(simulator):
        assert secret not in shown

    # More refreshes, asked for or scheduled, neither notify again nor touch the site.
    requests = simulator.requests.total()
    await entry.runtime_data.async_refresh()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(days=2))
    await hass.async_block_till_done()
    assert hass.states.get(SENSOR).state == STATE_ON
    assert len(calls) == 1
    assert simulator.requests.total() == requests
    assert len(simulator.outbox) == 1

    await sign_in_again(hass, simulator, entry)
    assert hass.states.get(SENSOR).state == STATE_OFF
    assert "since" not in hass.states.get(SENSOR).attributes
    assert hass.states.get(total).state != STATE_UNAVAILABLE
    assert len(calls) == 1

    # The next lapse is news again.
    lapse_needing_code(simulator)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(SENSOR).state == STATE_ON
    assert len(calls) == 2


@pytest.mark.every_skin
async def test_silent_relogin_never_turns_on(
    hass: HomeAssistant, simulator: Simulator, tmp_path: Path
) -> None:
    """A lapse that a remembered browser heals is no news for the user."""
    calls = await notify_when_needed(hass, tmp_path)
    entry = await set_up_entry(hass, simulator)
    seen: list[str] = []

    def record(event: Event[EventStateChangedData]) -> None:
        if (new := event.data["new_state"]) is not None:
            seen.append(new.state)

    unsub = async_track_state_change_event(hass, SENSOR, record)
    logins = simulator.requests["login"]
    simulator.expire_sessions()
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    unsub()

    assert simulator.requests["login"] > logins
    assert entry.runtime_data.last_update_success
    assert STATE_ON not in seen
    assert hass.states.get(SENSOR).state == STATE_OFF
    assert reauth_flows(hass, entry) == []
    assert calls == []


async def test_restart_while_waiting(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """After a restart the sensor is on again at once, without asking the site."""
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    total = entity_ids(hass, entry)[f"{contract}_total"]
    lapse_needing_code(simulator)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    since = hass.states.get(SENSOR).attributes["since"]
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    # The reauth flow does not outlive Home Assistant either.
    for flow in reauth_flows(hass, entry):
        hass.config_entries.flow.async_abort(flow["flow_id"])

    requests = simulator.requests.total()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    state = hass.states.get(SENSOR)
    assert state.state == STATE_ON
    assert state.attributes["since"] == since
    assert hass.states.get(total).state == STATE_UNAVAILABLE
    assert len(reauth_flows(hass, entry)) == 1
    assert simulator.requests.total() == requests
    assert "Error while setting up" not in caplog.text  # every platform copes with no figures

    await sign_in_again(hass, simulator, entry)
    assert hass.states.get(SENSOR).state == STATE_OFF
    assert hass.states.get(total).state != STATE_UNAVAILABLE


async def test_lapse_found_at_startup_notifies_once(
    hass: HomeAssistant, simulator: Simulator, tmp_path: Path
) -> None:
    """A session that lapsed while Home Assistant was down is news at startup, once."""
    entry = await set_up_entry(hass, simulator)
    assert await hass.config_entries.async_unload(entry.entry_id)
    lapse_needing_code(simulator)

    hass.set_state(CoreState.not_running)
    calls = await notify_when_needed(hass, tmp_path)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(SENSOR).state == STATE_ON
    assert len(simulator.outbox) == 1
    assert calls == []

    await hass.async_start()
    await hass.async_block_till_done()
    assert len(calls) == 1
    assert calls[0].data["data"] == {"url": LINK, "clickAction": LINK}

    # Another restart while still waiting: the automation remembers when it last ran.
    hass.set_state(CoreState.not_running)
    await hass.services.async_call("automation", "reload", blocking=True)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await hass.async_start()
    await hass.async_block_till_done()
    assert hass.states.get(SENSOR).state == STATE_ON
    assert len(calls) == 1


async def test_waiting_since_setup(
    hass: HomeAssistant, simulator: Simulator, hass_client: ClientSessionGenerator, hass_ws_client
) -> None:
    """Set up without figures: diagnostics still work, and no device can be deleted."""
    assert await async_setup_component(hass, "config", {})
    assert await async_setup_component(hass, "diagnostics", {})
    client = await hass_ws_client(hass)
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    assert await hass.config_entries.async_unload(entry.entry_id)
    lapse_needing_code(simulator)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.data is None

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["coordinator"]["reauth_since"] is not None
    assert diagnostics["coordinator"]["contracts"] == []

    # The contract's device stays: without figures nothing is known to be gone.
    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, contract)})
    assert device is not None
    await client.send_json_auto_id(
        {
            "type": "config/device_registry/remove_config_entry",
            "config_entry_id": entry.entry_id,
            "device_id": device.id,
        }
    )
    assert not (await client.receive_json())["success"]
