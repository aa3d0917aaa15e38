"""New calls as events: once per call, never for the back-fill, never again after a restart."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Event, HomeAssistant, callback

from custom_components.ocn_dotphone.calls import (
    LATE_LISTING,
    MAX_MARKED_CALLS,
    CallMark,
    NumberKind,
    call_digest,
    calls_wanted,
    new_calls,
    number_kind,
)
from custom_components.ocn_dotphone.client import JST, Call
from custom_components.ocn_dotphone.const import CONF_SHOW_NUMBERS, CONF_UPDATE_INTERVAL
from ocn_simulator import SimCall, Simulator

from .helpers import account_of, entity_ids, set_up_entry

START = datetime(2026, 11, 1, tzinfo=JST)


def _call(minute: int, number: str = "0312345678", charge: int = 9) -> Call:
    return Call(
        started_at=START + timedelta(minutes=minute),
        other_party=number,
        duration=timedelta(seconds=65),
        charge=Decimal(charge),
        call_type="国内固定電話",
        chakuwari=False,
    )


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("010-44-20-7946-0000", NumberKind.INTERNATIONAL),
        ("+44 20 7946 0000", NumberKind.INTERNATIONAL),
        ("0570-000-111", NumberKind.PREMIUM),
        ("0990-123-456", NumberKind.PREMIUM),
        ("0180-99-1234", NumberKind.PREMIUM),
        ("0120-123-456", NumberKind.FREE_DIAL),
        ("0800-123-4567", NumberKind.FREE_DIAL),
        ("080-1234-5678", NumberKind.MOBILE),
        ("090-1234-5678", NumberKind.MOBILE),
        ("050-1234-5678", NumberKind.IP),
        ("03-1234-5678", NumberKind.FIXED),
        ("非通知", NumberKind.UNKNOWN),
    ],
)
def test_number_kind(number: str, kind: NumberKind) -> None:
    """The kind of line is told by the prefix alone."""
    assert number_kind(number) is kind


KEY = bytes(range(32))


def test_new_calls_against_the_mark() -> None:
    """Nothing on the first reading; then what came after; calls sharing a second apart."""
    first = [_call(1), _call(5)]
    found, mark = new_calls(None, first, START, 0, KEY)
    assert found == ()
    assert mark.latest == _call(5).started_at

    # Another call in the same second as the latest seen, and a later one.
    same_second = _call(5, number="0698765432")
    found, mark = new_calls(mark, [*first, same_second, _call(9)], START, 0, KEY)
    assert found == (same_second, _call(9))
    assert new_calls(mark, [*first, same_second, _call(9)], START, 0, KEY) == ((), mark)

    # Through the Store and back, the mark says the same, the month's count included.
    found, counted = new_calls(mark, [*first, same_second, _call(9)], START, 4, KEY)
    assert (found, counted.count) == ((), 4)
    assert CallMark.from_dict(counted.as_dict()) == counted
    assert "0698765432" not in str(mark.as_dict())

    # A month with no call yet starts the mark at its first moment.
    empty = new_calls(None, [], START, 0, KEY)[1]
    assert (empty.latest, empty.seen) == (START, ())


def test_a_call_listed_after_a_later_one_is_news() -> None:
    """The list shows a call once it ends: a long call comes after a later, shorter one.

    It is news within ``LATE_LISTING`` of the latest call seen, once; an older one is not.
    """
    short = _call(60)
    found, mark = new_calls(None, [_call(1), short], START, 2, KEY)
    found, mark = new_calls(mark, [_call(1), short, _call(70)], START, 3, KEY)
    assert found == (_call(70),)

    # A call that started before the short one, listed once it ended.
    long = _call(30, number="0698765432")
    listed = [_call(1), long, short, _call(70)]
    found, mark = new_calls(mark, listed, START, 4, KEY)
    assert found == (long,)
    assert mark.latest == _call(70).started_at  # the latest call seen is still the latest
    assert new_calls(mark, listed, START, 4, KEY)[0] == ()
    assert new_calls(CallMark.from_dict(mark.as_dict()), listed, START, 4, KEY)[0] == ()
    # Every call before the window is counted as listed before it, for a paged list; the
    # counts are of this month's list and tell nothing of the next month's.
    assert mark.before == 4 - len(mark.seen)
    november = START.date()
    assert calls_wanted(mark, november) == (mark.since, 4, mark.before)
    assert calls_wanted(mark, november.replace(month=12)) == (mark.since, 0, 0)

    # Listed later than ``LATE_LISTING`` after the latest seen: not looked for.
    past = _call(70).started_at - LATE_LISTING - timedelta(minutes=1)
    too_late = long._replace(started_at=past)
    assert new_calls(mark, [too_late, *listed], START, 5, KEY)[0] == ()


def test_a_mark_keeps_a_bounded_window() -> None:
    """However many calls the window holds, the Store keeps at most ``MAX_MARKED_CALLS``
    fingerprints, and none of the calls it leaves out is news again.
    """
    many = [_call(0, number=f"03{n:08d}") for n in range(MAX_MARKED_CALLS)]
    listed = [_call(-1), *many, _call(1)]  # a second's calls beyond the bound, between two
    found, mark = new_calls(None, listed, START, len(listed), KEY)
    assert len(mark.seen) <= MAX_MARKED_CALLS
    assert new_calls(mark, listed, START, len(listed), KEY)[0] == ()
    found, mark = new_calls(mark, [*listed, _call(2)], START, len(listed) + 1, KEY)
    assert found == (_call(2),)


def test_fingerprints_are_keyed_and_older_marks_still_read() -> None:
    """A fingerprint cannot be checked without the entry's key; a mark stored before the
    key (unkeyed, without a count) still tells its calls apart, once, and the next is keyed.
    """
    call = _call(5, number="0698765432")
    assert call_digest(call, KEY) != call_digest(call, bytes(32))
    assert call_digest(call, KEY) != call_digest(call, None)

    stored = {"latest": call.started_at.isoformat(), "at_latest": [call_digest(call, None)]}
    older = CallMark.from_dict(stored)
    assert not older.keyed
    assert new_calls(older, [call], START, 0, KEY)[0] == ()
    found, mark = new_calls(older, [call, _call(9)], START, 0, KEY)
    assert found == (_call(9),)
    assert mark.keyed
    assert mark.seen == (call_digest(call, KEY), call_digest(_call(9), KEY))

    # What a release before the window stored: the window is the latest call's second,
    # and the calls before it on the month's list are its count less those of that second.
    older = CallMark.from_dict({**stored, "count": 7})
    assert (older.since, older.before) == (call.started_at, 6)
    # What this release stores, a release before the window reads as the calls at latest.
    assert mark.as_dict()["at_latest"] == list(mark.seen)
    with pytest.raises(TypeError):
        CallMark.from_dict({**stored, "at_latest": "not a list"})


class CallEvents:
    """The calls a contract's Call event announced, as the state machine shows them."""

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Listen to the entity's state."""
        self.fired: dict[str, dict[str, Any]] = {}

        @callback
        def _changed(event: Event) -> None:
            new = event.data["new_state"]
            if event.data["entity_id"] != entity_id or new is None:
                return
            if new.state not in (STATE_UNKNOWN, STATE_UNAVAILABLE):
                # A restored state after a restart or reload repeats an earlier one.
                self.fired.setdefault(new.state, dict(new.attributes))

        hass.bus.async_listen(EVENT_STATE_CHANGED, _changed)

    @property
    def calls(self) -> list[dict[str, Any]]:
        """Attributes of each event fired, in order."""
        return list(self.fired.values())


def _add_call_now(sim: Simulator, number: str, **fields: Any) -> SimCall:
    return sim.add_recent_call(number, timedelta(minutes=1), **fields)


def _pages_for_news(sim: Simulator, number: str, month: date) -> int:
    """The further pages a refresh reads when the month's count has grown by a new call.

    From the page holding the first call the mark looks back to (``LATE_LISTING`` before
    the latest listed now) to the one the new call will be on; page 1 is read anyway.
    """
    size = sim.skin.page_size
    calls = sim.statement(number, month).calls
    if not size or not calls:
        return 0
    since = calls[-1].started_at - LATE_LISTING
    first = next(index for index, call in enumerate(calls) if call.started_at >= since)
    last_page = len(calls) // size + 1  # with the new call
    return max(0, last_page - max(first // size + 1, 2) + 1)


async def _refresh(hass: HomeAssistant, entry: ConfigEntry) -> None:
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()


@pytest.mark.every_skin
@pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")
# A current month of 30 calls whatever the date: more than a page on the portal skin.
@pytest.mark.parametrize("simulator", [{"current_calls": 30}], indirect=True)
async def test_a_new_call_fires_once(hass: HomeAssistant, simulator: Simulator) -> None:
    """One event at the next refresh; none on later refreshes, a reload or a restart."""
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    entity_id = entity_ids(hass, entry)[f"{number}_call"]
    # The first refresh read this month's calls and the back-fill: none of them is news.
    assert hass.states.get(entity_id).state == STATE_UNKNOWN
    events = CallEvents(hass, entity_id)
    # The first refresh may leave a further page open; the next one is the steady kind.
    await _refresh(hass, entry)
    requests = sum(simulator.requests.values())
    await _refresh(hass, entry)
    steady = sum(simulator.requests.values()) - requests
    assert events.calls == []

    month = simulator.months()[0]
    wanted = _pages_for_news(simulator, number, month)
    call = _add_call_now(simulator, number, other_party="09087654321", duration=125)
    requests = sum(simulator.requests.values())
    pages = simulator.requests["ip050_page"]
    await _refresh(hass, entry)
    # Finding the call cost no page beyond a refresh without one, but on a call list split
    # over pages (30 calls, pages of 25 on the portal skin) the further pages that can
    # hold a call not seen.
    further = simulator.requests["ip050_page"] - pages
    assert further == wanted
    assert sum(simulator.requests.values()) - requests == steady + further
    assert events.calls == [
        {
            "event_types": ["call"],
            "event_type": "call",
            "started_at": call.started_at.isoformat(),
            "duration": 125,
            "charge": 8.8,
            "call_type": "国内固定電話",
            "chakuwari": False,
            "number": "090-****-4321",
            "number_kind": "mobile",
            "friendly_name": "050-1111-2222 Call",
        }
    ]

    await _refresh(hass, entry)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _refresh(hass, entry)
    assert len(events.calls) == 1

    # A call made while Home Assistant was stopped is news at its start.
    assert await hass.config_entries.async_unload(entry.entry_id)
    later = _add_call_now(simulator, number, other_party="0101234567890", charge=Decimal(400))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert len(events.calls) == 2
    assert events.calls[1]["started_at"] == later.started_at.isoformat()
    assert events.calls[1]["number"] == "010-******-7890"
    assert events.calls[1]["number_kind"] == "international"


@pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")
async def test_whole_number_option(hass: HomeAssistant, simulator: Simulator) -> None:
    """With the option on, the event carries the whole number."""
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    result = await hass.config_entries.options.async_init(entry.entry_id)
    await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_UPDATE_INTERVAL: 6, CONF_SHOW_NUMBERS: True}
    )
    events = CallEvents(hass, entity_ids(hass, entry)[f"{number}_call"])
    _add_call_now(simulator, number, other_party="09087654321")
    await _refresh(hass, entry)
    assert [call["number"] for call in events.calls] == ["09087654321"]


@pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")
@pytest.mark.parametrize(
    "simulator",
    [{"skin": "classic"}, {"skin": "portal", "current_calls": 60}],
    indirect=True,
    ids=["one page", "paged"],
)
async def test_a_call_listed_late_fires_once(hass: HomeAssistant, simulator: Simulator) -> None:
    """A long call the site lists once it ends, after a shorter call made later was seen,
    is announced at the refresh that finds it, once, also on a list split over pages.
    """
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    events = CallEvents(hass, entity_ids(hass, entry)[f"{number}_call"])
    # A call started 40 minutes ago and still going on, so not listed yet.
    long_start = simulator.recent(timedelta(minutes=40))
    short = _add_call_now(simulator, number, other_party="0312345678", duration=60)
    await _refresh(hass, entry)
    assert [c["started_at"] for c in events.calls] == [short.started_at.isoformat()]

    # It has ended: the list shows it before the short call.
    long = SimCall(long_start, "09011112222", 35 * 60, Decimal("563.2"), "携帯電話", False)
    simulator.add_call(number, long)
    await _refresh(hass, entry)
    assert [c["started_at"] for c in events.calls] == [
        short.started_at.isoformat(),
        long.started_at.isoformat(),
    ]
    assert events.calls[1]["duration"] == 35 * 60

    # Neither again: not at the next refresh, not after a reload.
    await _refresh(hass, entry)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await _refresh(hass, entry)
    assert len(events.calls) == 2


@pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")
@pytest.mark.parametrize("simulator", [{"skin": "portal", "current_calls": 60}], indirect=True)
async def test_a_new_call_on_a_paged_list(hass: HomeAssistant, simulator: Simulator) -> None:
    """A call past the first page fires once, and only the pages that can hold it are read.

    The portal skin splits the call list over pages (of 25).
    """
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    events = CallEvents(hass, entity_ids(hass, entry)[f"{number}_call"])
    month = simulator.months()[0]
    assert simulator.statement(number, month).call_count > 50  # three pages

    # No new call: the printed count has not grown, so no page beyond the first.
    pages = simulator.requests["ip050_page"]
    await _refresh(hass, entry)
    assert simulator.requests["ip050_page"] == pages
    assert events.calls == []

    # A new call: the pages from the one holding the first call of the mark's window on
    # (the last page alone when the calls spread over days), reached by its page number.
    wanted = _pages_for_news(simulator, number, month)
    call = _add_call_now(simulator, number, other_party="0101234567890", charge=Decimal(400))
    await _refresh(hass, entry)
    assert simulator.requests["ip050_page"] == pages + wanted
    assert [c["started_at"] for c in events.calls] == [call.started_at.isoformat()]

    await _refresh(hass, entry)
    assert simulator.requests["ip050_page"] == pages + wanted
    assert len(events.calls) == 1


@pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")
async def test_back_fill_fires_no_call_again(hass: HomeAssistant, simulator: Simulator) -> None:
    """The back-fill after a refresh shows its months without firing that refresh's calls again."""
    entry = await set_up_entry(hass, simulator)
    coordinator = entry.runtime_data
    number = account_of(simulator).contracts[0].contract_number
    events = CallEvents(hass, entity_ids(hass, entry)[f"{number}_call"])
    read = coordinator.backfill.months_read
    # The daily re-reading of the closed months is due: the back-fill follows the refresh.
    assert coordinator.history_checked_at is not None
    coordinator.history_checked_at -= timedelta(days=1)

    _add_call_now(simulator, number)
    await _refresh(hass, entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.backfill.months_read > read
    assert len(events.calls) == 1
