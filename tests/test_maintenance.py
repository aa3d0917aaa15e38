"""A maintenance window with an announced end: no request to the site before that end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import UpdateFailed
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ocn_dotphone.const import DEFAULT_UPDATE_INTERVAL_HOURS
from custom_components.ocn_dotphone.errors import format_until
from ocn_simulator import Simulator

from .helpers import set_up_entry

pytestmark = [
    pytest.mark.every_skin,
    pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations"),
]

INTERVAL = timedelta(hours=DEFAULT_UPDATE_INTERVAL_HOURS)
# Two update intervals and then some: a refresh on the interval falls inside the window.
WINDOW = 2 * INTERVAL + timedelta(hours=2)


def _served(sim: Simulator) -> int:
    """Pages the site was asked for, the maintenance notices included."""
    return sum(map(len, sim.request_times.values()))


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_maintenance_end_delays_the_next_request(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """The refresh that meets the notice waits for its end; then reading resumes."""
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    until = (simulator.now() + WINDOW).replace(second=0, microsecond=0)
    simulator.maintenance_until = until

    await _tick(hass, freezer, INTERVAL)
    assert not coordinator.last_update_success
    served = _served(simulator)

    # Neither the interval's refresh nor one asked for by hand goes to the site early.
    await _tick(hass, freezer, INTERVAL)
    await coordinator.async_refresh()
    assert not coordinator.last_update_success
    assert _served(simulator) == served
    assert format_until(until) in str(coordinator.last_exception)

    # The window ends as announced.
    simulator.maintenance_until = None
    freezer.move_to(until + timedelta(seconds=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    if "retry_after" in UpdateFailed.__init__.__code__.co_varnames:
        # Home Assistant schedules the next refresh at the announced end.
        assert coordinator.last_update_success
    else:
        assert _served(simulator) == served
        await _tick(hass, freezer, INTERVAL)
        assert coordinator.last_update_success
    assert _served(simulator) > served
