"""The unusual-call blueprint, loaded into Home Assistant and fed by calls on the simulator."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_mock_service

from ocn_simulator import SimCall, Simulator

from .helpers import account_of, entity_ids, set_up_entry, use_blueprint

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")

BLUEPRINT = Path(__file__).parents[1] / "blueprints/automation/ocn_dotphone/unusual_call.yaml"


async def notify_on_unusual_calls(
    hass: HomeAssistant, config_dir: Path, event: str
) -> list[ServiceCall]:
    """Make an automation of the shipped blueprint; return the notify action's calls."""
    calls = async_mock_service(hass, "notify", "test_phone")
    await use_blueprint(
        hass,
        config_dir,
        BLUEPRINT,
        {
            "call_event": [event],
            "notify_action": "notify.test_phone",
            "max_charge": 300,
            "max_minutes": 30,
        },
    )
    return calls


def _add_call(sim: Simulator, minutes_ago: int, **changes: Any) -> SimCall:
    """List a call that started ``minutes_ago``; ordinary unless told."""
    number = account_of(sim).contracts[0].contract_number
    return sim.add_recent_call(number, timedelta(minutes=minutes_ago), **changes)


@pytest.mark.parametrize(
    "case",
    [
        ({"charge": Decimal(880)}, "over ¥300 / 300 円超", "¥880,"),
        ({"duration": 45 * 60}, "over 30 min / 30 分超", "45:00"),
        (
            {"other_party": "0101442079460000", "charge": Decimal(60)},
            "international / 国際電話",
            "010-*********-0000 (international)",
        ),
        ({"other_party": "0570000111"}, "premium rate / 有料番号", "057-***-0111 (premium)"),
    ],
)
async def test_unusual_calls_notify(
    hass: HomeAssistant,
    simulator: Simulator,
    tmp_path: Path,
    case: tuple[dict[str, Any], str, str],
) -> None:
    """An unusual call notifies once with its details; the ordinary call next to it does not."""
    changes, reason, shown = case
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    calls = await notify_on_unusual_calls(hass, tmp_path, entity_ids(hass, entry)[f"{number}_call"])

    _add_call(simulator, 20)
    unusual = _add_call(simulator, 10, **changes)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()

    assert len(calls) == 1
    data = calls[0].data
    assert data["title"] == "OCN 050: unusual call / 普段と違う通話"
    message = data["message"]
    assert message.startswith(f"050-****-2222: {reason}.")
    # In Home Assistant's time zone, as the rest of its UI.
    assert f"{dt_util.as_local(unusual.started_at):%Y-%m-%d %H:%M}" in message
    assert shown in message
    # The other party's number and the user's own are never whole in a notification.
    assert unusual.other_party not in message
    assert "1111" not in message

    # Refreshes without a new call stay quiet, and so does a reload restoring the event.
    await entry.runtime_data.async_refresh()
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert len(calls) == 1


async def test_ordinary_calls_are_quiet(
    hass: HomeAssistant, simulator: Simulator, tmp_path: Path
) -> None:
    """Cheap, short, domestic calls, incoming ones too, notify nothing."""
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    calls = await notify_on_unusual_calls(hass, tmp_path, entity_ids(hass, entry)[f"{number}_call"])
    _add_call(simulator, 30)
    _add_call(simulator, 20, other_party="09012345678", charge=Decimal("17.6"))
    _add_call(simulator, 10, call_type="着信", charge=Decimal(0), duration=29 * 60)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get(entity_ids(hass, entry)[f"{number}_call"])
    assert state.attributes["call_type"] == "着信"
    assert calls == []
