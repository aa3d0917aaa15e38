"""Statistic names in Home Assistant's language, fixed when each series is created."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.statistics import get_metadata
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.ocn_dotphone.history import statistic_id
from ocn_simulator import Simulator

from .helpers import account_of, set_up_entry

pytestmark = pytest.mark.usefixtures(
    "recorder_mock", "socket_enabled", "enable_custom_integrations"
)

FIGURES = ("total", "call_charges", "chakuwari_discount", "base_fee")


async def names(hass: HomeAssistant, contract: str) -> dict[str, str]:
    """Statistic id -> name of the contract's series, as the recorder holds them."""
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    ids = {statistic_id(contract, key) for key in FIGURES}
    found = await get_instance(hass).async_add_executor_job(
        partial(get_metadata, hass, statistic_ids=ids)
    )
    return {sid: meta["name"] for sid, (_, meta) in found.items()}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", ["050-1111-2222 合計", "050-1111-2222 通話料", "050-1111-2222 着割", "050-1111-2222 基本料"]),
        ("en", ["050-1111-2222 total", "050-1111-2222 call charges", "050-1111-2222 chakuwari discount", "050-1111-2222 base fee"]),
        ("en-GB", ["050-1111-2222 total", "050-1111-2222 call charges", "050-1111-2222 chakuwari discount", "050-1111-2222 base fee"]),
    ],
)  # fmt: skip
async def test_names_follow_the_language_at_creation(
    hass: HomeAssistant, simulator: Simulator, language: str, expected: list[str]
) -> None:
    """Named in the language of the day the series is made; later rows keep the name."""
    hass.config.language = language
    await set_up_entry(hass, simulator)
    contract = account_of(simulator).contracts[0].contract_number
    created = await names(hass, contract)
    assert created == {
        statistic_id(contract, key): name for key, name in zip(FIGURES, expected, strict=True)
    }

    # The language changes; a new call rewrites the current month's rows, not the names.
    hass.config.language = "en" if language == "ja" else "ja"
    simulator.add_recent_call(contract, timedelta(minutes=5), duration=600, charge=Decimal(400))
    entry = hass.config_entries.async_entries("ocn_dotphone")[0]
    await entry.runtime_data.async_refresh()
    assert await names(hass, contract) == created
