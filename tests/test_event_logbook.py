"""The event entities in the logbook: a lapse, a sign-in and a restart show no event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback

from ocn_simulator import Simulator

from .helpers import (
    account_of,
    entity_ids,
    lapse_needing_code,
    reauth_flows,
    set_up_entry,
    sign_in_again,
)

pytestmark = pytest.mark.usefixtures("socket_enabled", "enable_custom_integrations")


class Logbook:
    """The state changes of some entities that the logbook shows.

    The logbook leaves out an entity's first state (no old state) and changes that keep
    the state; of an event entity, every other change reads "detected an event".
    """

    def __init__(self, hass: HomeAssistant, entity_ids: set[str]) -> None:
        """Listen to the entities' states."""
        self.lines: list[tuple[str, str, str]] = []
        #: Off while Home Assistant is "stopped".
        self.on = True

        @callback
        def _changed(event: Event) -> None:
            old, new = event.data["old_state"], event.data["new_state"]
            if not self.on or event.data["entity_id"] not in entity_ids:
                return
            if old is None or new is None:
                return
            if old.state != new.state:
                self.lines.append((event.data["entity_id"], old.state, new.state))

        hass.bus.async_listen(EVENT_STATE_CHANGED, _changed)


async def test_no_event_from_a_lapse_a_sign_in_or_a_restart(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Only a call made shows in the logbook; the event entities keep their state otherwise."""
    entry = await set_up_entry(hass, simulator)
    number = account_of(simulator).contracts[0].contract_number
    ids = entity_ids(hass, entry)
    call_event, month_event = ids[f"{number}_call"], ids[f"{number}_statement"]
    logbook = Logbook(hass, {call_event, month_event})

    simulator.add_recent_call(number, timedelta(minutes=1), duration=60)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert len(logbook.lines) == 1  # the call
    fired = {eid: hass.states.get(eid).state for eid in (call_event, month_event)}

    # A lapse that needs a code: the sensors go unavailable, the events stay as they were.
    lapse_needing_code(simulator)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert len(reauth_flows(hass, entry)) == 1
    assert hass.states.get(ids[f"{number}_total"]).state == STATE_UNAVAILABLE
    # The sign-in goes on in the running entry: no reload takes the entities down.
    await sign_in_again(hass, simulator, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.last_update_success
    assert hass.states.get(ids[f"{number}_total"]).state != STATE_UNAVAILABLE

    # A restart while the account waits for a sign-in: the contract's entities come up
    # from the stored contracts, the events with their last state.
    lapse_needing_code(simulator)
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    # Home Assistant stops (an unload stands in for it, unseen: a stop unloads nothing)
    # and starts again with no states at all.
    logbook.on = False
    assert await hass.config_entries.async_unload(entry.entry_id)
    for flow in reauth_flows(hass, entry):
        hass.config_entries.flow.async_abort(flow["flow_id"])
    for eid in ids.values():
        hass.states.async_remove(eid)
    logbook.on = True
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert {eid: hass.states.get(eid).state for eid in fired} == fired
    await sign_in_again(hass, simulator, entry)
    assert {eid: hass.states.get(eid).state for eid in fired} == fired

    assert len(logbook.lines) == 1
