"""A restart with a live session: Home Assistant waits for the first pages and nothing else."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import pytest
from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.ocn_dotphone.history import statistic_id
from ocn_simulator import Simulator

from .helpers import CONTRACT, SECOND, account_of, set_up_entry, until

pytestmark = pytest.mark.usefixtures(
    "recorder_mock", "socket_enabled", "enable_custom_integrations"
)

# Far beyond the three pages' three seconds: reached only if startup waits on something else.
STARTUP_BOUND = 60
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("simulator", [{"contracts": [CONTRACT, SECOND]}], indirect=True)
async def test_restart_waits_for_the_first_refresh_alone(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Startup waits for 1 + contracts pages; the back-fill and statistics wait for startup.

    The recorder holds its queue until Home Assistant has started, as it does while Home
    Assistant starts: work that startup waited on and that waited on the recorder would
    hold startup until its timeout. The daily re-reading of the closed months is due.
    """
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    assert coordinator.history_checked_at is not None
    await coordinator.async_history_checked(coordinator.history_checked_at - timedelta(days=1))
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    contracts = len(account_of(simulator).contracts)
    served = sum(simulator.requests.values())
    started = asyncio.Event()
    recorder = get_instance(hass)
    hass.set_state(CoreState.starting)
    with (
        patch.object(recorder, "async_block_till_done", started.wait),
        # The pause between page loads as users have it.
        patch("custom_components.ocn_dotphone.client.client.DEFAULT_MIN_INTERVAL", 1.0),
    ):
        async with asyncio.timeout(STARTUP_BOUND):
            assert await hass.config_entries.async_setup(entry.entry_id)
            # What bootstrap waits for once the integrations are set up.
            await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        assert sum(simulator.requests.values()) - served == 1 + contracts
        assert not entry.runtime_data.backfill.running

    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    started.set()
    # Once started, the statistics are written: six closed months and the current one.
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    ids = {statistic_id(c.contract_number, "total") for c in account_of(simulator).contracts}
    stats = await recorder.async_add_executor_job(
        statistics_during_period, hass, EPOCH, None, ids, "hour", None, {"state"}
    )
    assert {sid: len(rows) for sid, rows in stats.items()} == dict.fromkeys(ids, 7)

    # The back-fill reads the closed months again, a page a second; an unload ends it.
    backfill = entry.runtime_data.backfill
    await until(lambda: backfill.months_read > 0)
    assert backfill.running
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert not backfill.running
    served = sum(simulator.requests.values())
    await asyncio.sleep(1.5)
    assert sum(simulator.requests.values()) == served
    assert backfill.months_read < 6 * contracts
