"""Monthly figures as long-term statistics, and the event of a closed or revised month."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import get_instance
from homeassistant.components.recorder.models import StatisticMeanType, StatisticMetaData
from homeassistant.components.recorder.statistics import (
    get_metadata,
    statistics_during_period,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.ocn_dotphone import history
from custom_components.ocn_dotphone.client import JST
from custom_components.ocn_dotphone.history import statistic_id
from ocn_simulator import Simulator
from ocn_simulator.data import SimStatement, add_months

from .helpers import (
    account_of,
    entity_ids,
    lapse_needing_code,
    set_up_entry,
    sign_in_again,
)

pytestmark = pytest.mark.usefixtures(
    "recorder_mock", "socket_enabled", "enable_custom_integrations"
)

FIGURES = ("total", "call_charges", "chakuwari_discount", "base_fee")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

type Rows = dict[str, list[tuple[datetime, float, float]]]


@pytest.fixture(autouse=True)
def _frozen(freezer: FrozenDateTimeFactory) -> None:
    """A still clock, so the current month's calls do not grow during a test."""


def month_start(month: date) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=JST)


async def rows(hass: HomeAssistant, contract: str) -> Rows:
    """(start, state, sum) of every row of the contract's four series, oldest first."""
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    ids = {statistic_id(contract, key): key for key in FIGURES}
    stats = await get_instance(hass).async_add_executor_job(
        statistics_during_period, hass, EPOCH, None, set(ids), "hour", None, {"state", "sum"}
    )
    return {
        ids[sid]: [
            (datetime.fromtimestamp(row["start"], UTC), row["state"], row["sum"]) for row in found
        ]
        for sid, found in stats.items()
    }


def expected_rows(
    simulator: Simulator,
    contract: str,
    months: list[date],
    start_sums: dict[str, float] | None = None,
) -> Rows:
    """What the site shows, as one row a month with a running sum."""
    result: Rows = {}
    for key in FIGURES:
        total = (start_sums or {}).get(key, 0.0)
        result[key] = []
        for month in sorted(months):
            statement: SimStatement = simulator.statement(contract, month)
            value = float(getattr(statement, key))
            total += value
            result[key].append((month_start(month), value, total))
    return result


async def set_up(hass: HomeAssistant, simulator: Simulator) -> tuple[ConfigEntry, str]:
    entry = await set_up_entry(hass, simulator)
    return entry, account_of(simulator).contracts[0].contract_number


def last_event(hass: HomeAssistant, entry: ConfigEntry, contract: str) -> dict[str, Any]:
    return hass.states.get(entity_ids(hass, entry)[f"{contract}_statement"]).attributes


async def test_first_setup_back_fills_the_offered_months(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Seven rows a series (six closed months and this one), at Japan's month starts."""
    entry, contract = await set_up(hass, simulator)
    assert len(simulator.months()) == 7
    assert await rows(hass, contract) == expected_rows(simulator, contract, simulator.months())

    metadata = await get_instance(hass).async_add_executor_job(
        partial(get_metadata, hass, statistic_ids={statistic_id(contract, "total")})
    )
    (_, meta) = metadata[statistic_id(contract, "total")]
    assert meta["source"] == "ocn_dotphone"
    assert meta["statistic_id"] == "ocn_dotphone:c0000000001_total"
    assert meta["unit_of_measurement"] == "JPY"
    assert meta["has_sum"] is True
    assert meta["mean_type"] is StatisticMeanType.NONE
    assert meta["name"] == "050-1111-2222 total"

    # A back-fill is no news: the event entity has fired nothing.
    assert last_event(hass, entry, contract).get("event_type") is None


@pytest.mark.parametrize("grouped", [False, True], ids=["terms", "terms in divs"])
async def test_calls_as_cards_and_months_in_a_jump_menu(
    hass: HomeAssistant, simulator: Simulator, grouped: bool
) -> None:
    """⑨ with its calls as cards (each term with its value in a div or not) and ご確認月 in a
    jump menu (the classic skin's knobs): setup, every month's statistics, and a new code
    after a lapse."""
    simulator.skin.calls_as_cards = True
    simulator.skin.card_groups = grouped
    simulator.skin.month_jump = True
    entry, contract = await set_up(hass, simulator)
    months = simulator.months()
    assert await rows(hass, contract) == expected_rows(simulator, contract, months)
    current = simulator.statement(contract, months[0])
    assert hass.states.get(entity_ids(hass, entry)[f"{contract}_total"]).state == str(current.total)

    lapse_needing_code(simulator)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    await sign_in_again(hass, simulator, entry)
    assert entry.runtime_data.last_update_success
    assert hass.states.get(entity_ids(hass, entry)[f"{contract}_total"]).state == str(current.total)


async def test_refresh_and_restart_write_nothing_twice(
    hass: HomeAssistant, simulator: Simulator, fetched: list[date]
) -> None:
    """A refresh and a restart read the current month only and leave the rows as they are."""
    entry, contract = await set_up(hass, simulator)
    current = simulator.months()[0]
    # Setup reads this month and the last; the back-fill the older ones, newest first.
    assert fetched == simulator.months()
    before = await rows(hass, contract)

    fetched.clear()
    await entry.runtime_data.async_refresh()
    assert fetched == [current]
    assert await rows(hass, contract) == before

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert fetched == [current, current]
    assert await rows(hass, contract) == before


async def test_current_month_row_follows_the_site(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """The current month's row is rewritten as calls come in; closed rows stay."""
    entry, contract = await set_up(hass, simulator)
    before = await rows(hass, contract)
    current = simulator.months()[0]
    # The last second of the month: every call of the month has been made.
    freezer.move_to(month_start(add_months(current, 1)) - timedelta(seconds=1))
    assert simulator.months()[0] == current
    await entry.runtime_data.async_refresh()
    after = await rows(hass, contract)
    assert after == expected_rows(simulator, contract, simulator.months())
    assert after["call_charges"][:6] == before["call_charges"][:6]
    assert simulator.statement(contract, current).call_count == 30


async def test_new_month_adds_a_row_and_fires_the_event(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """When a month closes: one more row, the oldest stays, sums run on without a gap."""
    entry, contract = await set_up(hass, simulator)
    first_months = simulator.months()
    closing = first_months[0]
    freezer.move_to(month_start(add_months(closing, 1)) + timedelta(days=1))
    await entry.runtime_data.async_refresh()
    assert entry.runtime_data.last_update_success
    assert simulator.months()[1] == closing

    all_months = sorted({*first_months, *simulator.months()})
    assert len(all_months) == 8
    assert await rows(hass, contract) == expected_rows(simulator, contract, all_months)

    event = last_event(hass, entry, contract)
    statement = simulator.statement(contract, closing)
    assert event["event_type"] == "month_closed"
    assert event["month"] == f"{closing:%Y-%m}"
    assert event["total"] == float(statement.total)
    assert event["call_count"] == statement.call_count

    # Neither a failed refresh nor the next good one announces the month again.
    event_id = entity_ids(hass, entry)[f"{contract}_statement"]
    assert event_id == "event.050_1111_2222_monthly_statement"
    fired = hass.states.get(event_id).state
    simulator.maintenance = True
    freezer.tick(timedelta(hours=6))
    await entry.runtime_data.async_refresh()
    assert not entry.runtime_data.last_update_success
    simulator.maintenance = False
    await entry.runtime_data.async_refresh()
    assert entry.runtime_data.last_update_success
    # The good refresh started the daily re-reading of the closed months.
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(event_id).state == fired


async def test_revised_month_is_corrected_at_the_daily_check(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A revision shows after the daily re-read: its row, and the sums after it, change."""
    entry, contract = await set_up(hass, simulator)
    months = simulator.months()
    revised = months[3]
    before = await rows(hass, contract)
    old_total = simulator.statement(contract, revised).total
    simulator.revise(contract, revised)
    assert simulator.statement(contract, revised).total != old_total

    # Within the day closed months are not read again: the revision is not seen yet.
    coordinator = entry.runtime_data
    await coordinator.async_refresh()
    assert (await rows(hass, contract))["total"][:6] == before["total"][:6]

    # A day on (the date stays: a day's move could close the month), they are read again.
    assert coordinator.history_checked_at is not None
    await coordinator.async_history_checked(coordinator.history_checked_at - timedelta(days=1))
    await coordinator.async_refresh()
    after = await rows(hass, contract)
    assert after == expected_rows(simulator, contract, months)
    index = 6 - 3  # rows run oldest first
    assert after["total"][:index] == before["total"][:index]
    assert after["total"][index][1] == float(simulator.statement(contract, revised).total)
    assert len(after["total"]) == 7

    event = last_event(hass, entry, contract)
    assert event["event_type"] == "month_revised"
    assert event["month"] == f"{revised:%Y-%m}"


async def test_history_survives_statistics_loss(
    hass: HomeAssistant, simulator: Simulator, fetched: list[date]
) -> None:
    """Rows the recorder lost are written again from the stored months, without requests."""
    entry, contract = await set_up(hass, simulator)
    expected = await rows(hass, contract)
    get_instance(hass).async_clear_statistics([statistic_id(contract, key) for key in FIGURES])
    await async_wait_recording_done(hass)
    assert await rows(hass, contract) == {}

    fetched.clear()
    await entry.runtime_data.async_refresh()
    assert await rows(hass, contract) == expected
    assert fetched == [simulator.months()[0]]


async def test_metadata_on_releases_with_unit_class(
    hass: HomeAssistant, simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Newer releases want unit_class: none, as yen convert to no other unit."""
    entry, contract = await set_up(hass, simulator)
    item = entry.runtime_data.data.contracts[contract]
    keys = StatisticMetaData.__required_keys__ | StatisticMetaData.__optional_keys__
    assert ("unit_class" in history.metadata(item, "total", "total")) == ("unit_class" in keys)
    monkeypatch.setattr(history, "_HAS_UNIT_CLASS", True)
    meta = history.metadata(item, "total", "total")
    assert meta["unit_class"] is None
    assert meta["unit_of_measurement"] == "JPY"


@pytest.mark.parametrize("simulator", [{"current_listed_after": timedelta(hours=2)}], indirect=True)
async def test_a_new_month_the_site_does_not_list_yet(
    hass: HomeAssistant, simulator: Simulator, freezer: FrozenDateTimeFactory
) -> None:
    """In a month's first hours the site lists only closed months: this month shows nothing yet.

    The month that has just closed is read then, and announced once; when the site lists the
    new month its figures follow.
    """
    entry, contract = await set_up(hass, simulator)
    upcoming = add_months(simulator.now().date().replace(day=1), 1)
    closing = add_months(upcoming, -1)
    freezer.move_to(month_start(upcoming) + timedelta(minutes=10))
    assert simulator.months()[0] == closing
    coordinator = entry.runtime_data
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    item = coordinator.data.contracts[contract]
    assert (item.current.month, item.current.total, item.current.call_count) == (upcoming, 0, 0)
    assert item.previous is not None
    assert (item.previous.month, item.previous.total) == (
        closing,
        simulator.statement(contract, closing).total,
    )
    event_id = entity_ids(hass, entry)[f"{contract}_statement"]
    closed_at = hass.states.get(event_id).state
    assert last_event(hass, entry, contract)["month"] == f"{closing:%Y-%m}"

    freezer.tick(timedelta(hours=3))
    assert simulator.months()[0] == upcoming
    await coordinator.async_refresh()
    item = coordinator.data.contracts[contract]
    assert item.current.month == upcoming
    assert item.current.total == simulator.statement(contract, upcoming).total
    assert item.previous is not None
    assert item.previous.month == closing
    # The month closed once: no second event.
    assert hass.states.get(event_id).state == closed_at
    # Its statistics row, zero while the site did not list it, follows the site now.
    latest = (await rows(hass, contract))["total"][-1]
    assert latest[0] == month_start(upcoming)
    assert latest[1] == float(item.current.total)
