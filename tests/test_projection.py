"""The projected month total: the formula by hand, and the sensor against the simulator."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from homeassistant.core import HomeAssistant

from custom_components.ocn_dotphone.client import JST
from custom_components.ocn_dotphone.data import MonthFigures
from custom_components.ocn_dotphone.projection import project
from ocn_simulator import Simulator

from .helpers import account_of, entity_ids, set_up_entry


def _figures(month: date) -> MonthFigures:
    """A month so far: base fee 1,100 and universal service fee 2 (fixed), calls 300 less 10."""
    return MonthFigures(
        month=month,
        total=Decimal(1392),
        call_charges=Decimal(300),
        base_fee=Decimal(1100),
        chakuwari_discount=Decimal(10),
        call_count=12,
        call_duration=timedelta(minutes=40),
    )


# (month, day at noon in Japan time, days of the month counted, projection by hand):
# 1,102 + 290 × days of the month / days counted; the first day counts as a whole day.
CASES = [
    (date(2026, 2, 1), 1, 1, 1102 + 290 * 28),
    (date(2026, 2, 1), 15, 14.5, 1102 + 560),
    (date(2026, 2, 1), 28, 27.5, 1397),  # 1,102 + 295.27
    (date(2026, 11, 1), 1, 1, 1102 + 290 * 30),
    (date(2026, 11, 1), 15, 14.5, 1102 + 600),
    (date(2026, 11, 1), 30, 29.5, 1397),  # 1,102 + 294.92
    (date(2026, 12, 1), 1, 1, 1102 + 290 * 31),
    (date(2026, 12, 1), 15, 14.5, 1102 + 620),
    (date(2026, 12, 1), 31, 30.5, 1397),  # 1,102 + 294.75
]


@pytest.mark.parametrize(("month", "day", "counted", "expected"), CASES)
def test_projection_by_hand(month: date, day: int, counted: float, expected: int) -> None:
    """The fixed part plus the call-dependent part scaled to the whole month."""
    as_of = datetime.combine(month.replace(day=day), time(12), JST)
    projection = project(_figures(month), as_of)
    days = {2: 28, 11: 30, 12: 31}[month.month]
    assert projection.total == expected
    assert projection.elapsed == pytest.approx(counted / days)
    assert projection.as_of == as_of


@pytest.mark.parametrize("month", [date(2026, 2, 1), date(2026, 11, 1), date(2026, 12, 1)])
def test_projection_is_the_total_once_the_month_is_over(month: date) -> None:
    """From the first moment of the next month in Japan time on, nothing is scaled."""
    following = (month + timedelta(days=32)).replace(day=1)
    for as_of in (
        datetime.combine(following, time(0), JST),
        datetime.combine(following, time(0), JST) + timedelta(days=3),
    ):
        projection = project(_figures(month), as_of)
        assert projection.total == Decimal(1392)
        assert projection.elapsed == 1.0
    # A second before, the month is not over yet.
    before = datetime.combine(following, time(0), JST) - timedelta(seconds=1)
    assert project(_figures(month), before).elapsed < 1


@pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")
async def test_projection_sensor(hass: HomeAssistant, simulator: Simulator) -> None:
    """The sensor projects the current month as the refresh read it, and says how."""
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    state = hass.states.get(entity_ids(hass, entry)[f"{number}_projected_total"])
    data = entry.runtime_data.data
    statement = simulator.statement(number, simulator.months()[0])
    expected = project(data.contracts[number].current, data.updated_at)
    assert Decimal(state.state) == expected.total
    assert expected.total >= statement.total
    assert state.attributes["unit_of_measurement"] == "JPY"
    assert state.attributes["device_class"] == "monetary"
    assert "state_class" not in state.attributes
    assert state.attributes["elapsed"] == round(expected.elapsed, 4)
    assert 0 < state.attributes["elapsed"] <= 1
    assert state.attributes["as_of"] == data.updated_at
    assert state.attributes["friendly_name"] == "050-1111-2222 Projected month total"
