"""The example blueprint, loaded into Home Assistant and fed by the simulator's charges."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant, callback
from homeassistant.setup import async_setup_component

from custom_components.ocn_dotphone.client import JST
from devtools.harness import EXAMPLES
from ocn_simulator import Simulator

from .helpers import account_of, entity_ids, set_up_entry, use_blueprint

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")

BLUEPRINT = EXAMPLES / "blueprints" / "monthly_total_threshold.yaml"


async def notifications(hass: HomeAssistant) -> list[persistent_notification.Notification]:
    """Set up persistent notifications; return the list the new ones are added to."""
    assert await async_setup_component(hass, "persistent_notification", {})
    created: list[persistent_notification.Notification] = []

    @callback
    def _notified(update_type, notifications) -> None:
        if update_type is persistent_notification.UpdateType.ADDED:
            created.extend(notifications.values())

    persistent_notification.async_register_callback(hass, _notified)
    return created


def _set_clock(sim: Simulator, day: int) -> None:
    """Put the simulator's clock at noon of ``day`` of its current month."""
    now = sim.now()
    target = datetime.combine(now.date().replace(day=day), time(12), JST)
    sim.advance(target - now)


def _total(sim: Simulator, number: str) -> Decimal:
    return sim.statement(number, sim.months()[0]).total


def _first_day_above(sim: Simulator, number: str, amount: Decimal) -> int:
    """The first day of the month whose noon total is above ``amount``; the clock is restored."""
    now = sim.now()
    try:
        for day in range(3, 29):
            _set_clock(sim, day)
            if _total(sim, number) > amount:
                return day
    finally:
        sim.advance(now - sim.now())
    pytest.fail(f"The simulator's total never goes above {amount} this month")


async def test_blueprint_notifies_once_the_total_crosses_the_threshold(
    hass: HomeAssistant, simulator: Simulator, tmp_path: Path
) -> None:
    """No notification while the total is below; one when a refresh brings it above."""
    number = account_of(simulator).contracts[0].contract_number
    # Three moments of one month: the first reading, a later one still below the
    # threshold, and one above it.
    _set_clock(simulator, 2)
    start = _total(simulator, number)
    above_day = _first_day_above(simulator, number, start + 2)
    threshold = int(start) + 1

    entry = await set_up_entry(hass, simulator)
    sensor = entity_ids(hass, entry)[f"{number}_total"]
    assert Decimal(hass.states.get(sensor).state) == start

    created = await notifications(hass)
    automation = await use_blueprint(
        hass, tmp_path, BLUEPRINT, {"total_sensor": sensor, "threshold": threshold}
    )

    async def refresh_at(day: int) -> Decimal:
        _set_clock(simulator, day)
        await entry.runtime_data.async_refresh()
        await hass.async_block_till_done()
        return Decimal(hass.states.get(sensor).state)

    # Still below: a refresh that changes nothing else does not fire.
    assert await refresh_at(2) == start
    assert created == []
    assert hass.states.get(automation).attributes["last_triggered"] is None

    total = await refresh_at(above_day)
    assert total > threshold
    assert len(created) == 1
    assert created[0]["title"] == "OCN charges / OCN 料金"
    assert created[0]["message"] == (
        f"050-1111-2222 Current month total: {total} JPY > {threshold} JPY"
        f" （{total} 円、しきい値 {threshold} 円を超えました）"
    )

    # Staying above does not notify again.
    assert await refresh_at(above_day) == total
    assert len(created) == 1


async def test_blueprint_can_watch_the_projection(
    hass: HomeAssistant, simulator: Simulator, tmp_path: Path
) -> None:
    """Given the projected total, it notifies when a costly call sets the month on course."""
    number = account_of(simulator).contracts[0].contract_number
    entry = await set_up_entry(hass, simulator)
    sensor = entity_ids(hass, entry)[f"{number}_projected_total"]
    threshold = int(Decimal(hass.states.get(sensor).state)) + 1

    created = await notifications(hass)
    await use_blueprint(hass, tmp_path, BLUEPRINT, {"total_sensor": sensor, "threshold": threshold})

    simulator.add_recent_call(number, timedelta(minutes=5), duration=3600, charge=Decimal(2000))
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    projected = Decimal(hass.states.get(sensor).state)
    total = Decimal(hass.states.get(entity_ids(hass, entry)[f"{number}_total"]).state)
    assert projected > threshold
    assert len(created) == 1
    assert created[0]["message"].startswith(
        f"050-1111-2222 Projected month total: {projected} JPY > {threshold} JPY"
    )
    # The total itself may still be below (it meets the projection at the month's end).
    assert total <= projected
