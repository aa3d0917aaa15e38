"""The get_call_details action against the simulator."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
import voluptuous as vol
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from custom_components.ocn_dotphone.client import Statement
from custom_components.ocn_dotphone.client import client as client_module
from custom_components.ocn_dotphone.const import DOMAIN
from ocn_simulator import Simulator
from ocn_simulator.data import SimStatement

from .helpers import CONTRACT, SECOND, set_up_entry

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


async def get_call_details(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    return await hass.services.async_call(
        DOMAIN, "get_call_details", data, blocking=True, return_response=True
    )


def assert_matches(response: dict[str, Any], expected: SimStatement, phone: str) -> None:
    """The response says what the site's page says."""
    assert response["contract_number"] == expected.contract_number
    assert response["phone_number"] == phone
    assert response["month"] == f"{expected.month:%Y-%m}"
    assert response["total"] == float(expected.total)
    assert response["call_charges"] == float(expected.call_charges)
    assert response["chakuwari_discount"] == float(expected.chakuwari_discount)
    assert response["base_fee"] == float(expected.base_fee)
    assert response["universal_service_fee"] == float(expected.universal_service_fee)
    assert response["call_count"] == expected.call_count == len(response["calls"])
    assert response["call_duration"] == expected.total_duration.total_seconds()
    assert response["calls"] == [
        {
            "start": call.started_at.replace(microsecond=0).isoformat(),
            "other_party": call.other_party,
            "duration": call.duration,
            "charge": float(call.charge),
            "type": call.call_type,
            "chakuwari": call.chakuwari,
        }
        for call in expected.calls
    ]


async def test_a_closed_month(hass: HomeAssistant, simulator: Simulator) -> None:
    """A month of one contract, chosen by its 050 number written with hyphens."""
    await set_up_entry(hass, simulator)
    month = simulator.months()[2]
    response = await get_call_details(hass, contract="050-1111-2222", month=f"{month:%Y-%m}")
    (statement,) = response["statements"]
    expected = simulator.statement(CONTRACT.contract_number, month)
    assert expected.calls
    assert any(call["chakuwari"] for call in statement["calls"])
    assert_matches(statement, expected, CONTRACT.phone_number)


@pytest.mark.parametrize(
    "simulator", [{"contracts": [CONTRACT, SECOND], "calls_per_month": 20}], indirect=True
)
async def test_defaults_every_contract_this_month(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    await set_up_entry(hass, simulator)
    response = await get_call_details(hass)
    current = simulator.months()[0]
    assert [s["contract_number"] for s in response["statements"]] == [
        CONTRACT.contract_number,
        SECOND.contract_number,
    ]
    for statement, contract in zip(response["statements"], (CONTRACT, SECOND), strict=True):
        expected = simulator.statement(contract.contract_number, current)
        assert_matches(statement, expected, contract.phone_number)

    by_number = await get_call_details(hass, contract=SECOND.contract_number.lower())
    assert [s["contract_number"] for s in by_number["statements"]] == [SECOND.contract_number]


async def test_an_empty_month(hass: HomeAssistant, simulator: Simulator) -> None:
    await set_up_entry(hass, simulator)
    month = simulator.months()[1]
    simulator.calls_per_month = 0
    simulator.revise(CONTRACT.contract_number, month)
    response = await get_call_details(hass, month=f"{month:%Y-%m}")
    (statement,) = response["statements"]
    expected = simulator.statement(CONTRACT.contract_number, month)
    assert statement["calls"] == []
    assert statement["call_charges"] == 0
    assert_matches(statement, expected, CONTRACT.phone_number)


async def test_ten_thousand_calls(
    hass: HomeAssistant, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big month is parsed in a worker thread, away from the event loop."""
    await set_up_entry(hass, simulator)
    threads: list[int] = []
    original = client_module.parse_statement

    def parse_statement(*args: Any) -> Statement:
        threads.append(threading.get_ident())
        return original(*args)

    monkeypatch.setattr(client_module, "parse_statement", parse_statement)
    month = simulator.months()[1]
    simulator.calls_per_month = 10_000
    simulator.revise(CONTRACT.contract_number, month)
    response = await get_call_details(hass, month=f"{month:%Y-%m}")
    (statement,) = response["statements"]
    assert len(statement["calls"]) == 10_000
    assert threads
    assert threading.get_ident() not in threads
    assert_matches(
        statement, simulator.statement(CONTRACT.contract_number, month), CONTRACT.phone_number
    )


async def test_month_not_offered(hass: HomeAssistant, simulator: Simulator) -> None:
    await set_up_entry(hass, simulator)
    oldest = simulator.months()[-1]
    too_old = date(oldest.year - 1, oldest.month, 1)
    with pytest.raises(ServiceValidationError) as err:
        await get_call_details(hass, month=f"{too_old:%Y-%m}")
    assert err.value.translation_key == "month_not_offered"
    assert err.value.translation_placeholders["month"] == f"{too_old:%Y-%m}"
    assert f"{oldest:%Y-%m}" in err.value.translation_placeholders["offered"]

    with pytest.raises(vol.Invalid):
        await get_call_details(hass, month="2026-13")


async def test_unknown_contract(hass: HomeAssistant, simulator: Simulator) -> None:
    await set_up_entry(hass, simulator)
    with pytest.raises(ServiceValidationError) as err:
        await get_call_details(hass, contract="05099998888")
    assert err.value.translation_key == "unknown_contract"


async def test_no_loaded_entry(hass: HomeAssistant, simulator: Simulator) -> None:
    entry = await set_up_entry(hass, simulator)
    assert await hass.config_entries.async_unload(entry.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await get_call_details(hass)
    assert err.value.translation_key == "not_loaded"


async def test_lapsed_session_sends_no_code(hass: HomeAssistant, simulator: Simulator) -> None:
    """The action reads with the session it has; it neither logs in nor asks for a code."""
    await set_up_entry(hass, simulator)
    simulator.expire_sessions()
    simulator.forget_devices()
    before = simulator.requests.copy()
    with pytest.raises(HomeAssistantError) as err:
        await get_call_details(hass, month=f"{simulator.months()[1]:%Y-%m}")
    assert err.value.translation_key == "session_expired"
    assert len(simulator.outbox) == 1  # the code of the config flow only
    # It stopped at the login page the site showed: no sign-in, no code steps.
    assert simulator.requests - before == {"charges_detail": 1, "login": 1}


async def test_waiting_for_a_sign_in(hass: HomeAssistant, simulator: Simulator) -> None:
    """Set up while the account waits for a sign-in, the action says so and reads nothing."""
    entry = await set_up_entry(hass, simulator)
    simulator.expire_sessions()
    simulator.forget_devices()
    await entry.runtime_data.async_refresh()  # the site wants a code: the account waits
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.data is None
    before = simulator.requests.total()
    with pytest.raises(HomeAssistantError) as err:
        await get_call_details(hass)
    assert err.value.translation_key == "reauth_pending"
    assert simulator.requests.total() == before


@pytest.mark.parametrize(
    ("fault", "value", "key"),
    [("maintenance", True, "maintenance"), ("fail_status", 500, "cannot_connect")],
)
async def test_site_unavailable(
    hass: HomeAssistant, simulator: Simulator, fault: str, value: object, key: str
) -> None:
    await set_up_entry(hass, simulator)
    setattr(simulator, fault, value)
    with pytest.raises(HomeAssistantError) as err:
        await get_call_details(hass)
    assert err.value.translation_key == key
