"""Sensors and devices of the 050 contracts, compared with the simulator's figures."""

from __future__ import annotations

from datetime import date, datetime
from unittest.mock import patch

import pytest
from homeassistant.components.sensor import (
    ATTR_LAST_RESET,
    ATTR_STATE_CLASS,
    SensorDeviceClass,
    SensorStateClass,
)
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNKNOWN,
    EntityCategory,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from custom_components.ocn_dotphone.client import JST, Contract
from custom_components.ocn_dotphone.const import DOMAIN
from custom_components.ocn_dotphone.phone import format_phone
from ocn_simulator import SimAccount, SimContract, Simulator

from .helpers import account_of, entity_ids, set_up_entry

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


async def test_sensors_match_statement(hass: HomeAssistant, simulator: Simulator) -> None:
    """Every figure equals what the site shows; money in yen, one device per contract."""
    entry = await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0]
    number = contract.contract_number
    current, previous = simulator.months()[:2]
    expected = simulator.statement(number, current)
    ids = entity_ids(hass, entry)

    def state(key: str):
        return hass.states.get(ids[f"{number}_{key}"])

    assert state("total").state == str(expected.total)
    assert state("call_charges").state == str(expected.call_charges)
    assert state("chakuwari_discount").state == str(expected.chakuwari_discount)
    assert state("base_fee").state == str(expected.base_fee)
    assert state("call_count").state == str(expected.call_count)
    assert float(state("call_duration").state) == pytest.approx(
        expected.total_duration.total_seconds() / 60
    )
    assert state("previous_month_total").state == str(simulator.statement(number, previous).total)

    total = state("total")
    assert total.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.MONETARY
    assert total.attributes[ATTR_UNIT_OF_MEASUREMENT] == "JPY"
    assert total.attributes[ATTR_STATE_CLASS] == SensorStateClass.TOTAL
    assert datetime.fromisoformat(total.attributes[ATTR_LAST_RESET]) == datetime(
        current.year, current.month, 1, tzinfo=JST
    )
    assert state("call_duration").attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.DURATION

    # The diagnostic timestamp is there once the user enables it.
    registry = er.async_get(hass)
    last_update = registry.async_get(ids[f"{number}_last_update"])
    assert last_update.entity_category is EntityCategory.DIAGNOSTIC
    assert last_update.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert state("last_update") is None
    registry.async_update_entity(last_update.entity_id, disabled_by=None)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    updated = dt_util.parse_datetime(state("last_update").state)
    assert updated is not None
    assert abs((dt_util.utcnow() - updated).total_seconds()) < 60

    device = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, number)})
    assert device.name == "050-1111-2222"
    assert device.model == contract.service
    assert device.manufacturer == "NTT Docomo Business"
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    assert device.configuration_url == simulator.base_url
    assert total.entity_id == "sensor.050_1111_2222_current_month_total"


TWO_CONTRACTS = SimAccount(
    username="two@ocn.ne.jp",
    password="two-pass",
    contact_phone="08011112222",
    customer_number="N1111111111",
    contracts=[
        SimContract("C0000000021", "05012340001", "OCNドットフォン オフィス"),
        SimContract("C0000000022", "05012340002", "050あんしんナンバー"),
    ],
)


@pytest.mark.parametrize(
    "simulator", [{"accounts": [TWO_CONTRACTS], "calls_per_month": 10, "seed": 3}], indirect=True
)
async def test_two_contracts(hass: HomeAssistant, simulator: Simulator) -> None:
    """Each contract has its own device and figures."""
    entry = await set_up_entry(hass, simulator)
    ids = entity_ids(hass, entry)
    month = simulator.months()[0]
    for contract in account_of(simulator).contracts:
        number = contract.contract_number
        expected = simulator.statement(number, month)
        assert hass.states.get(ids[f"{number}_total"]).state == str(expected.total)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    # Plus the account's own device (see test_sign_in_needed.py).
    assert sorted(device.name for device in devices) == [
        "050-1234-0001",
        "050-1234-0002",
        "OCN My Page",
    ]


async def test_no_closed_month(hass: HomeAssistant, simulator: Simulator) -> None:
    """Without a closed month on offer, last month's total is unknown."""
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    number = account_of(simulator).contracts[0].contract_number
    original = coordinator.client.list_months

    async def current_only(contract: Contract) -> list[date]:
        return (await original(contract))[:1]

    with patch.object(coordinator.client, "list_months", current_only):
        await coordinator.async_refresh()
    state = hass.states.get(entity_ids(hass, entry)[f"{number}_previous_month_total"])
    assert state.state == STATE_UNKNOWN
    assert state.attributes.get(ATTR_LAST_RESET) is None


def test_format_phone() -> None:
    """050 numbers get the usual hyphens; anything else is left as the site gives it."""
    assert format_phone("05011112222") == "050-1111-2222"
    assert format_phone("0312345678") == "0312345678"
