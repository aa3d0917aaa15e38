"""Diagnostics carry no secret."""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from ocn_simulator import Simulator

from .helpers import account_of, set_up_entry

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


async def test_diagnostics_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    hass_storage: dict[str, Any],
) -> None:
    """No password, OCN ID, number, cookie or code appears in the dump."""
    assert await async_setup_component(hass, "diagnostics", {})
    entry = await set_up_entry(hass, simulator)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["coordinator"]["last_update_success"] is True
    assert diagnostics["entry"]["options"] == {"update_interval": 6}
    contracts = diagnostics["coordinator"]["contracts"]
    assert len(contracts) == 1
    assert contracts[0]["label"] == "OCNドットフォン オフィス"
    assert contracts[0]["current_month"]["total"]
    assert len(contracts[0]["closed_months"]) == 6
    backfill = diagnostics["backfill"]
    assert backfill["running"] is False
    assert backfill["closed_months_offered"] == 6
    assert backfill["closed_months_missing"] == 0
    assert backfill["months_read_since_setup"] == 5  # the refresh read the last one
    assert backfill["stopped_by"] is None

    dump = json.dumps(diagnostics, ensure_ascii=False)
    account = account_of(simulator)
    cookies = hass_storage[f"ocn_dotphone.{entry.entry_id}"]["data"]["session"]["cookies"]
    secrets = [
        account.password,
        account.username,
        account.contact_phone,
        account.customer_number,
        *(sent.code for sent in simulator.outbox),
        *(cookie["value"] for cookie in cookies),
    ]
    for contract in account.contracts:
        secrets += [contract.contract_number, contract.phone_number, contract.phone_number[3:]]
    for secret in secrets:
        assert secret not in dump
